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

/* A document of headed tables, as lys_tables_write_pdf() draws it */
typedef struct
{
  char       *title;         /* freed by the writer */
  const char *clinic_name;
  char       *period;        /* freed by the writer */
  GDateTime  *created_at;
  GPtrArray  *sections;      /* LysReportSection; freed by the writer */
  LysReport  *report;        /* for the charts of its sections, or NULL */
} LysTablesDocument;

typedef void (*LysTablesDescribe) (gpointer           data,
                                   LysTablesDocument *document);

gboolean lys_tables_write_pdf      (const char            *path,
                                    const char            *language,
                                    LysTablesDescribe      describe,
                                    gpointer               data,
                                    GError               **error);

G_END_DECLS
