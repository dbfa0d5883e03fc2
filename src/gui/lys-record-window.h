/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_RECORD_WINDOW (lys_record_window_get_type ())

G_DECLARE_DERIVABLE_TYPE (LysRecordWindow, lys_record_window, LYS, RECORD_WINDOW, AdwWindow)

struct _LysRecordWindowClass
{
  AdwWindowClass parent_class;

  /* Escape closes the window; a window one works in for long (the bedside
   * screen, a note) sets it FALSE */
  gboolean closes_on_escape;

  gpointer padding[4];
};

void        lys_record_window_class_bind_problem (GtkWidgetClass  *widget_class,
                                                  const char      *name);
void        lys_record_window_class_bind_save    (GtkWidgetClass  *widget_class,
                                                  const char      *action_name);

LysStore   *lys_record_window_get_store          (LysRecordWindow *self);
void        lys_record_window_show_problem       (LysRecordWindow *self,
                                                  const char      *message);
const char *lys_record_window_get_problem        (LysRecordWindow *self);
void        lys_record_window_finish             (LysRecordWindow *self,
                                                  const char      *message);
gboolean    lys_record_window_ask_before_close   (LysRecordWindow *self,
                                                  gboolean         unsaved,
                                                  const char      *what);

G_END_DECLS
