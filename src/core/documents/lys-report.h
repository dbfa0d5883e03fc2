/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-store.h"

G_BEGIN_DECLS

/* The clinic report for a period: who was assessed, started and completed
 * the induction, the outcomes after it and at 1, 3, 6 and 12 months,
 * reasons for stopping, safety, dose, room use and consumables. Every
 * figure is a count with its denominator; the percentages follow. */

typedef struct
{
  char  *label;       /* a stop reason's or an adverse event kind's nick */
  guint  count;
} LysReportCount;

typedef struct
{
  LysFollowUpPoint point;
  guint cohort;       /* courses started in the period */
  guint measured;     /* with a baseline and a MADRS at the point */
  guint responders;
  guint remitters;
  guint not_due;      /* the point not reached yet, or still open */
  guint missing;      /* due and past, without a measurement */
} LysReportOutcome;

#define LYS_REPORT_N_OUTCOMES 5   /* after infusion 6, at 1, 3, 6 and 12 months */

typedef struct
{
  GDate monday;
  guint booked_minutes;
  guint open_minutes;
} LysReportWeek;

typedef struct
{
  GDate             from;
  GDate             to;
  char             *clinic_name;
  GDateTime        *created_at;
  guint             assessed;
  guint             eligible;
  guint             started;
  guint             completed;
  guint             course_infusions;      /* what completes an induction */
  LysReportOutcome  outcomes[LYS_REPORT_N_OUTCOMES];
  GArray           *stop_reasons;          /* LysReportCount, most frequent first */
  guint             infusions;
  GArray           *adverse_events;        /* LysReportCount by kind */
  guint             adverse_total;
  double            mean_dose_mg;          /* NAN without infusions */
  double            mean_dose_mg_per_kg;
  GArray           *weeks;                 /* LysReportWeek */
  guint             booked_minutes;
  guint             open_minutes;
  double            nok_per_session;
  guint             courses_treated;       /* courses with an infusion in the period */
  double            total_cost;
  int               indication;            /* LysIndication counted, or -1 for all */
  guint             opted_out;             /* of the cohort, out of the quality registry */
  guint             cohort_infusions;      /* given in the cohort's courses, whenever */
  guint             adverse_by_severity[LYS_N_SEVERITIES];
  GPtrArray        *by_indication;         /* the review's: LysReport per indication, or NULL */
} LysReport;

typedef enum
{
  LYS_REPORT_CLINIC,    /* the clinic's figures */
  LYS_REPORT_REVIEW,    /* and those of each indication, in by_indication */
} LysReportKind;

/* The report as it reads: sections of rows, each a label and its values */
typedef enum
{
  LYS_REPORT_CHART_NONE,
  LYS_REPORT_CHART_OUTCOMES,
  LYS_REPORT_CHART_ROOMS,
} LysReportChart;

#define LYS_REPORT_MAX_VALUES (1 + LYS_N_INDICATIONS)

typedef struct
{
  char  *label;
  char  *values[LYS_REPORT_MAX_VALUES];
  guint  n_values;
  gboolean total;            /* a sum, or a table's header */
} LysReportLine;

typedef struct
{
  char           *title;
  char           *note;      /* or NULL */
  LysReportLine  *header;    /* the columns of a table, or NULL */
  GPtrArray      *rows;      /* LysReportLine */
  LysReportChart  chart;
} LysReportSection;

LysReport *lys_report_compute        (LysStore            *store,
                                      LysReportKind        kind,
                                      const GDate         *from,
                                      const GDate         *to,
                                      GError             **error);
void       lys_report_compute_async  (LysStore            *store,
                                      LysReportKind        kind,
                                      const GDate         *from,
                                      const GDate         *to,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
LysReport *lys_report_compute_finish (LysStore            *store,
                                      GAsyncResult        *result,
                                      GError             **error);
void       lys_report_free           (LysReport    *report);
double     lys_report_percent        (guint         count,
                                      guint         total);
char      *lys_report_format_share   (guint         count,
                                      guint         total);
char      *lys_report_format_fraction (guint        count,
                                      guint         total);
GPtrArray *lys_report_dup_sections   (LysReport    *report);
GPtrArray *lys_report_sections_new   (void);
LysReportSection *lys_report_add_section (GPtrArray  *sections,
                                          const char *title);
LysReportLine *lys_report_line_new   (const char   *label,
                                      gboolean      total,
                                      guint         n_values,
                                      ...);
char      *lys_report_format_number  (double        value,
                                      guint         digits,
                                      const char   *format);
char      *lys_report_dup_period     (LysReport    *report);
char      *lys_report_format_period  (const GDate  *first,
                                      const GDate  *last);
char      *lys_report_dup_csv        (LysReport    *report,
                                      const char   *language);
gboolean   lys_report_write_csv      (LysReport    *report,
                                      const char   *path,
                                      const char   *language,
                                      GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysReport, lys_report_free)

G_END_DECLS
