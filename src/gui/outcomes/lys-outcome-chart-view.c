/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-outcome-chart-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lys-outcome-chart-view.h"

/* The outcome chart on screen: drawn as vectors at the widget's size and
 * scale, in the colours of the light or dark style. For screen readers it
 * is an image described in words; the values are listed beside it. */
struct _LysOutcomeChartView
{
  GtkWidget parent_instance;

  LysOutcomeChart *chart;
};

G_DEFINE_FINAL_TYPE (LysOutcomeChartView, lys_outcome_chart_view, GTK_TYPE_WIDGET)

static void
lys_outcome_chart_view_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  LysOutcomeChartView *self = LYS_OUTCOME_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  g_autofree char *font_name = font ? pango_font_description_to_string (font) : NULL;
  LysChartPalette palette;
  cairo_t *cr;

  if (self->chart == NULL || width <= 0 || height <= 0)
    return;

  lys_chart_palette_init (&palette, adw_style_manager_get_dark (adw_style_manager_get_default ()));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  lys_outcome_chart_draw (self->chart, cr, width, height, &palette, font_name);
  cairo_destroy (cr);
}

static void
lys_outcome_chart_view_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 280 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 300;
}

static void
lys_outcome_chart_view_dispose (GObject *object)
{
  LysOutcomeChartView *self = LYS_OUTCOME_CHART_VIEW (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_pointer (&self->chart, lys_outcome_chart_free);

  G_OBJECT_CLASS (lys_outcome_chart_view_parent_class)->dispose (object);
}

static void
lys_outcome_chart_view_class_init (LysOutcomeChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_outcome_chart_view_dispose;
  widget_class->snapshot = lys_outcome_chart_view_snapshot;
  widget_class->measure = lys_outcome_chart_view_measure;

  gtk_widget_class_set_css_name (widget_class, "outcome-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lys_outcome_chart_view_init (LysOutcomeChartView *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("MADRS, PHQ-9 and QIDS-SR16 over time"), -1);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (gtk_widget_queue_draw), self);
}

/**
 * lys_outcome_chart_view_set_chart:
 * @chart: (transfer full) (nullable): the chart to show
 */
void
lys_outcome_chart_view_set_chart (LysOutcomeChartView *self,
                                  LysOutcomeChart     *chart)
{
  g_autofree char *summary = NULL;

  g_return_if_fail (LYS_IS_OUTCOME_CHART_VIEW (self));

  g_clear_pointer (&self->chart, lys_outcome_chart_free);
  self->chart = chart;
  summary = chart ? lys_outcome_chart_dup_summary (chart) : NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary ? summary : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

LysOutcomeChart *
lys_outcome_chart_view_get_chart (LysOutcomeChartView *self)
{
  g_return_val_if_fail (LYS_IS_OUTCOME_CHART_VIEW (self), NULL);
  return self->chart;
}
