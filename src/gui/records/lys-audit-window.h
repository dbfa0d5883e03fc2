/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_AUDIT_WINDOW (lys_audit_window_get_type ())

G_DECLARE_FINAL_TYPE (LysAuditWindow, lys_audit_window, LYS, AUDIT_WINDOW, LysRecordWindow)

LysAuditWindow *lys_audit_window_new       (GtkWindow       *parent,
                                            LysStore        *store,
                                            GError         **error);
guint           lys_audit_window_get_total (LysAuditWindow  *self);
void            lys_audit_window_export_to (LysAuditWindow  *self,
                                            GFile           *file);
gboolean        lys_audit_window_is_exporting (LysAuditWindow *self);

G_END_DECLS
