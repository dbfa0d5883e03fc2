/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_EXPORT_WINDOW (lys_export_window_get_type ())

G_DECLARE_FINAL_TYPE (LysExportWindow, lys_export_window, LYS, EXPORT_WINDOW, LysRecordWindow)

LysExportWindow *lys_export_window_new       (GtkWindow       *parent,
                                              LysStore        *store);
void             lys_export_window_export_to (LysExportWindow *self,
                                              GFile           *file);

G_END_DECLS
