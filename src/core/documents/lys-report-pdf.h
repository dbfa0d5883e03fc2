/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "lys-outcome-chart.h"
#include "lys-report.h"

G_BEGIN_DECLS

/* The clinic report drawn: its charts for the screen and the A4 pages of
 * its PDF, in Norwegian or English */

void     lys_report_draw_outcomes  (LysReport             *report,
                                    cairo_t               *cr,
                                    double                 width,
                                    double                 height,
                                    const LysChartPalette *palette,
                                    const char            *font);
void     lys_report_draw_rooms     (LysReport             *report,
                                    cairo_t               *cr,
                                    double                 width,
                                    double                 height,
                                    const LysChartPalette *palette,
                                    const char            *font);
gboolean lys_report_write_pdf      (LysReport             *report,
                                    const char            *path,
                                    const char            *language,
                                    GError               **error);
gboolean lys_review_write_pdf      (LysReport             *report,
                                    const char            *path,
                                    const char            *language,
                                    GError               **error);

G_END_DECLS
