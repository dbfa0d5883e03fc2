/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lys-outcome-chart.h"

G_BEGIN_DECLS

#define LYS_TYPE_OUTCOME_CHART_VIEW (lys_outcome_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (LysOutcomeChartView, lys_outcome_chart_view, LYS, OUTCOME_CHART_VIEW, GtkWidget)

void             lys_outcome_chart_view_set_chart (LysOutcomeChartView *self,
                                                   LysOutcomeChart     *chart);
LysOutcomeChart *lys_outcome_chart_view_get_chart (LysOutcomeChartView *self);

G_END_DECLS
