/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LYS_TYPE_DIALOG (lys_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LysDialog, lys_dialog, LYS, DIALOG, AdwMessageDialog)

LysDialog  *lys_dialog_new            (GtkWindow  *parent,
                                       const char *heading,
                                       const char *body);

void        lys_dialog_ask            (AdwMessageDialog *dialog,
                                       GCallback         on_response,
                                       gpointer          owner);

void        lys_dialog_keep_field     (LysDialog  *self,
                                       const char *key,
                                      GtkWidget  *field,
                                      GArray     *ids);
GtkWidget  *lys_dialog_get_field      (LysDialog  *self,
                                       const char *key);
GArray     *lys_dialog_get_field_ids  (LysDialog  *self,
                                       const char *key);

void        lys_dialog_set_record     (LysDialog  *self,
                                       gint64      record);
gint64      lys_dialog_get_record     (LysDialog  *self);

void        lys_dialog_refuse         (LysDialog  *self,
                                       const char *message);
const char *lys_dialog_get_refusal    (LysDialog  *self);

G_END_DECLS
