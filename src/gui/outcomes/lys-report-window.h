/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

#include "lys-report.h"

G_BEGIN_DECLS

#define LYS_TYPE_REPORT_WINDOW (lys_report_window_get_type ())

G_DECLARE_FINAL_TYPE (LysReportWindow, lys_report_window, LYS, REPORT_WINDOW, LysRecordWindow)

LysReportWindow *lys_report_window_new        (GtkWindow       *parent,
                                               LysStore        *store);
LysReport       *lys_report_window_get_report (LysReportWindow *self);
gboolean         lys_report_window_is_counting (LysReportWindow *self);
gboolean         lys_report_window_export_to  (LysReportWindow *self,
                                               GFile           *file,
                                               GError         **error);
void             lys_report_window_export_review_to (LysReportWindow *self,
                                                     GFile           *file);
gboolean         lys_report_window_is_reviewing (LysReportWindow *self);

G_END_DECLS
