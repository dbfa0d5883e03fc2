/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_IMPORT_WINDOW (lys_import_window_get_type ())

G_DECLARE_FINAL_TYPE (LysImportWindow, lys_import_window, LYS, IMPORT_WINDOW, LysRecordWindow)

LysImportWindow *lys_import_window_new (GtkWindow *parent,
                                        LysStore  *store,
                                        GFile     *file);

G_END_DECLS
