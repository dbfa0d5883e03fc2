/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "lys-follow-up.h"
#include "lys-rating.h"
#include "lys-surface-file.h"

G_BEGIN_DECLS

/* A patient's ratings over time: MADRS on the left axis, PHQ-9 and
 * QIDS-SR16 on the right, the baseline, the response line (half the
 * baseline) and the remission line (10), the infusions on the time axis.
 * The same drawing goes to the screen, a PNG, an SVG and the report. */

typedef struct
{
  double r, g, b;
} LysColor;

typedef struct
{
  LysColor background;   /* exported files only; the screen has its own */
  LysColor foreground;
  LysColor dim;
  LysColor madrs;
  LysColor self_report;
  LysColor response;
  LysColor remission;
  LysColor infusion;
} LysChartPalette;

typedef struct
{
  gboolean   has_baseline;
  guint      baseline;
  guint      response_limit;     /* the highest total that is a response */
  gboolean   has_latest;
  guint      latest;
  GDateTime *latest_at;
  GDateTime *response_at;        /* the first response, or NULL */
  guint      response_total;
  GDateTime *remission_at;       /* the first remission, or NULL */
  guint      remission_total;
} LysOutcomeVerdict;

typedef struct _LysOutcomeChart LysOutcomeChart;

/* A label of the chart as a box: right-aligned at @right, its bottom at
 * @bottom */
typedef struct
{
  double right, bottom, width, height;
} LysChartBox;

void             lys_chart_place_labels         (LysChartBox     *boxes,
                                                 guint            n,
                                                 double           gap);

void             lys_chart_palette_init         (LysChartPalette *palette,
                                                 gboolean         dark);

LysOutcomeChart *lys_outcome_chart_new          (void);
void             lys_outcome_chart_free         (LysOutcomeChart *self);
void             lys_outcome_chart_add_rating   (LysOutcomeChart *self,
                                                 LysScale         scale,
                                                 LysFollowUpPoint point,
                                                 GDateTime       *at,
                                                 guint            total);
void             lys_outcome_chart_add_infusion (LysOutcomeChart *self,
                                                 GDateTime       *at);
guint            lys_outcome_chart_get_n_points (LysOutcomeChart *self);
const LysOutcomeVerdict *lys_outcome_chart_get_verdict (LysOutcomeChart *self);
char            *lys_outcome_chart_dup_summary  (LysOutcomeChart *self);
const char      *lys_outcome_chart_get_headline (LysOutcomeChart *self,
                                                 const char     **style);
void             lys_outcome_chart_draw         (LysOutcomeChart       *self,
                                                 cairo_t               *cr,
                                                 double                 width,
                                                 double                 height,
                                                 const LysChartPalette *palette,
                                                 const char            *font);
gboolean         lys_outcome_chart_write        (LysOutcomeChart       *self,
                                                 const char            *path,
                                                 LysSurfaceKind         kind,
                                                 double                 width,
                                                 double                 height,
                                                 GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysOutcomeChart, lys_outcome_chart_free)

G_END_DECLS
