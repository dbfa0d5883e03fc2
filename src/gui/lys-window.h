/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-application.h"
#include "lys-backups.h"
#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_WINDOW (lys_window_get_type ())

G_DECLARE_FINAL_TYPE (LysWindow, lys_window, LYS, WINDOW, AdwApplicationWindow)

LysWindow *lys_window_new (LysApplication *application,
                           LysStore       *store);
GtkWindow *lys_window_import_file (LysWindow *self,
                                   GFile     *file);
void       lys_window_reopen_work (LysWindow *self);
GtkWidget *lys_window_get_area    (LysWindow  *self,
                                   const char *name);
GtkWindow *lys_window_export_registry (LysWindow *self);
GtkWindow *lys_window_show_report     (LysWindow *self);
GtkWindow *lys_window_show_audit_log  (LysWindow *self);
GtkWindow *lys_window_show_drug_record (LysWindow *self);
LysBackups *lys_window_get_backups    (LysWindow  *self);

G_END_DECLS
