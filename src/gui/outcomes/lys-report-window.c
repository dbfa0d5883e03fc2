/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-report-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-file-chooser.h"
#include "lys-language.h"
#include "lys-report-pdf.h"
#include "lys-report-window.h"
#include "lys-review.h"
#include "lys-rows.h"
#include "lys-time.h"

/* The clinic report for a period, as the PDF has it, with its charts;
 * exported as PDF (in Norwegian or English) or CSV in one step. */
struct _LysReportWindow
{
  LysRecordWindow parent_instance;

  LysReport *report;
  GCancellable *computing;    /* the report being counted, in a worker */
  GCancellable *reviewing;    /* the review being counted for a file */
  GFile *review_file;         /* where it goes */
  GPtrArray *groups;          /* the report's AdwPreferencesGroups */
  gboolean choosing_review;   /* the file chosen is for the review, not the report */

  AdwToastOverlay *toast_overlay;
  AdwPreferencesPage *page;
  AdwEntryRow *from_row;
  AdwEntryRow *to_row;
  AdwComboRow *language_row;
};

G_DEFINE_FINAL_TYPE (LysReportWindow, lys_report_window, LYS_TYPE_RECORD_WINDOW)

static void
draw_chart (LysReportWindow *self,
            LysReportChart   chart,
            GtkDrawingArea  *area,
            cairo_t         *cr,
            int              width,
            int              height)
{
  PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (area)));
  g_autofree char *font_name = font ? pango_font_description_to_string (font) : NULL;
  LysChartPalette palette;

  if (self->report == NULL)
    return;
  lys_chart_palette_init (&palette, adw_style_manager_get_dark (adw_style_manager_get_default ()));
  if (chart == LYS_REPORT_CHART_OUTCOMES)
    lys_report_draw_outcomes (self->report, cr, width, height, &palette, font_name);
  else
    lys_report_draw_rooms (self->report, cr, width, height, &palette, font_name);
}

static void
draw_outcomes_cb (GtkDrawingArea *area,
                  cairo_t        *cr,
                  int             width,
                  int             height,
                  gpointer        self)
{
  draw_chart (self, LYS_REPORT_CHART_OUTCOMES, area, cr, width, height);
}

static void
draw_rooms_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        self)
{
  draw_chart (self, LYS_REPORT_CHART_ROOMS, area, cr, width, height);
}

static GtkWidget *
line_row (const LysReportLine *line,
          const LysReportLine *header)
{
  GtkWidget *row;

  if (line->n_values == 1)
    {
      GtkWidget *value = gtk_label_new (line->values[0]);

      row = lys_rows_new (line->label, NULL);
      gtk_widget_add_css_class (value, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
    }
  else
    {
      GString *subtitle = g_string_new (NULL);

      /* A table's row: each value after its column's name */
      for (guint i = 0; i < line->n_values; i++)
        g_string_append_printf (subtitle, "%s%s %s", i ? " · " : "",
                                header && i < header->n_values ? header->values[i] : "", line->values[i]);
      row = lys_rows_new (line->label, subtitle->str);
      g_string_free (subtitle, TRUE);
    }
  if (line->total)
    gtk_widget_add_css_class (row, "heading");
  return row;
}

static void
show_report (LysReportWindow *self)
{
  g_autoptr(GPtrArray) sections = lys_report_dup_sections (self->report);

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);

  for (guint i = 0; i < sections->len; i++)
    {
      LysReportSection *section = g_ptr_array_index (sections, i);
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      GtkWidget *list = gtk_list_box_new ();

      adw_preferences_group_set_title (group, section->title);
      if (section->note != NULL)
        adw_preferences_group_set_description (group, section->note);
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, section->title, -1);
      for (guint k = 0; k < section->rows->len; k++)
        gtk_list_box_append (GTK_LIST_BOX (list), line_row (g_ptr_array_index (section->rows, k), section->header));
      if (section->rows->len > 0)
        adw_preferences_group_add (group, list);
      else
        g_object_ref_sink (list), g_object_unref (list);

      if (section->chart != LYS_REPORT_CHART_NONE)
        {
          GtkWidget *area = gtk_drawing_area_new ();
          GtkWidget *frame = gtk_frame_new (NULL);

          gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area),
                                               section->chart == LYS_REPORT_CHART_OUTCOMES ? 220 : 160);
          gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area),
                                          section->chart == LYS_REPORT_CHART_OUTCOMES ? draw_outcomes_cb
                                                                                      : draw_rooms_cb,
                                          self, NULL);
          gtk_widget_set_margin_top (area, 12);
          gtk_widget_set_margin_bottom (area, 6);
          gtk_widget_set_margin_start (area, 12);
          gtk_widget_set_margin_end (area, 12);
          gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          section->chart == LYS_REPORT_CHART_OUTCOMES
                                          ? _("Response and remission, as bars")
                                          : _("Room use week by week, as bars"), -1);
          gtk_frame_set_child (GTK_FRAME (frame), area);
          gtk_widget_add_css_class (frame, "view");
          gtk_widget_set_margin_top (frame, 12);
          adw_preferences_group_add (group, frame);
        }

      adw_preferences_page_add (self->page, group);
      g_ptr_array_add (self->groups, group);
    }
}

static gboolean
read_day (AdwEntryRow *row,
          GDate       *date)
{
  gboolean ok = lys_time_parse_date (gtk_editable_get_text (GTK_EDITABLE (row)), date);

  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  return ok;
}

static void
on_computed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(LysReportWindow) self = data;
  g_autoptr(GError) error = NULL;
  LysReport *report = lys_report_compute_finish (LYS_STORE (source), result, &error);

  /* A newer period asked for meanwhile, or the window closed */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->computing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export", report != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-review", report != NULL);
  if (report == NULL)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }
  lys_record_window_show_problem (LYS_RECORD_WINDOW (self), NULL);
  g_clear_pointer (&self->report, lys_report_free);
  self->report = report;
  show_report (self);
}

/* Counted in a worker: the window goes on drawing while a large clinic's
 * period is read; the export waits for it */
static void
compute (LysReportWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  GDate from, to;

  if (!read_day (self->from_row, &from) || !read_day (self->to_row, &to))
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), _("A day of the period is not a date. Write it like 1.7.2026 or 2026-07-01."));
      return;
    }

  if (self->computing != NULL)
    g_cancellable_cancel (self->computing);
  g_clear_object (&self->computing);
  self->computing = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-review", FALSE);
  lys_report_compute_async (store, LYS_REPORT_CLINIC, &from, &to, self->computing, on_computed_cb, g_object_ref (self));
}

/**
 * lys_report_window_is_counting:
 *
 * Returns: whether a report is being counted
 */
gboolean
lys_report_window_is_counting (LysReportWindow *self)
{
  g_return_val_if_fail (LYS_IS_REPORT_WINDOW (self), FALSE);
  return self->computing != NULL;
}

static void
on_period_applied_cb (LysReportWindow *self)
{
  compute (self);
}

/* The language chosen for the documents */
static const char *
document_language (LysReportWindow *self)
{
  return lys_language_get_document (adw_combo_row_get_selected (self->language_row));
}

/**
 * lys_report_window_export_to:
 * @file: a .pdf or a .csv file
 *
 * Writes the report shown, in the language chosen.
 */
gboolean
lys_report_window_export_to (LysReportWindow  *self,
                             GFile            *file,
                             GError          **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *lower = path ? g_ascii_strdown (path, -1) : NULL;

  g_return_val_if_fail (self->report != NULL, FALSE);

  if (lower != NULL && g_str_has_suffix (lower, ".csv"))
    return lys_report_write_csv (self->report, path, document_language (self), error);
  if (lower != NULL && g_str_has_suffix (lower, ".pdf"))
    return lys_report_write_pdf (self->report, path, document_language (self), error);

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                       _("The report is saved as a PDF or a CSV file: end the file name in .pdf or .csv."));
  return FALSE;
}

static void
on_export_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     LysReportWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = lys_file_chooser_finish (chooser, response);
  if (file == NULL || self->report == NULL)
    return;

  if (self->choosing_review)
    {
      if (self->reviewing == NULL)
        lys_report_window_export_review_to (self, file);
    }
  else if (lys_report_window_export_to (self, file, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Report saved")));
  else
    lys_alert (GTK_WIDGET (self), _("The Report Was Not Saved"), error->message);
}

/* report.export and report.export-review, each with "pdf" or "csv" */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  static const char *pdf[] = { "pdf", NULL };
  static const char *csv[] = { "csv", NULL };
  LysReportWindow *self = LYS_REPORT_WINDOW (widget);
  gboolean is_csv = g_str_equal (g_variant_get_string (parameter, NULL), "csv");
  gboolean review = g_str_equal (action_name, "report.export-review");
  char from[11], to[11];
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->report == NULL || (review && self->reviewing != NULL))
    return;

  g_date_strftime (from, sizeof from, "%Y-%m-%d", &self->report->from);
  g_date_strftime (to, sizeof to, "%Y-%m-%d", &self->report->to);
  /* Translators: file names; %1$s and %2$s are the period's days. Keep them free of spaces */
  if (review)
    name = g_strdup_printf (is_csv ? _("review-report-%1$s-%2$s.csv") : _("review-report-%1$s-%2$s.pdf"), from, to);
  else
    name = g_strdup_printf (is_csv ? _("clinic-report-%1$s-%2$s.csv") : _("clinic-report-%1$s-%2$s.pdf"), from, to);
  chooser = lys_file_chooser_new (GTK_WINDOW (self), review ? _("Export the Review Report") : _("Export the Report"),
                                  _("_Export"), is_csv ? _("CSV files") : _("PDF documents"),
                                  is_csv ? "text/csv" : "application/pdf", is_csv ? csv : pdf, name);
  self->choosing_review = review;
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_review_computed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  g_autoptr(LysReportWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LysReport) review = lys_report_compute_finish (LYS_STORE (source), result, &error);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *lower = NULL;
  gboolean ok;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->reviewing);
  file = g_steal_pointer (&self->review_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-review", TRUE);
  path = g_file_get_path (file);
  lower = g_ascii_strdown (path, -1);
  ok = review != NULL;
  if (ok && g_str_has_suffix (lower, ".csv"))
    ok = lys_review_write_csv (review, path, document_language (self), &error);
  else if (ok)
    ok = lys_review_write_pdf (review, path, document_language (self), &error);
  if (ok)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Review report saved")));
  else
    lys_alert (GTK_WIDGET (self), _("The Review Report Was Not Saved"), error->message);
}

/**
 * lys_report_window_export_review_to:
 * @file: a .pdf or a .csv file
 *
 * Counts the review for the period shown in a worker, then writes it to
 * @file, the PDF and the CSV in the language chosen. Returns at once.
 */
void
lys_report_window_export_review_to (LysReportWindow *self,
                                    GFile           *file)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *lower = path ? g_ascii_strdown (path, -1) : NULL;

  g_return_if_fail (LYS_IS_REPORT_WINDOW (self));
  g_return_if_fail (self->report != NULL && self->reviewing == NULL);

  if (lower == NULL || !(g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".pdf")))
    {
      lys_alert (GTK_WIDGET (self), _("The Review Report Was Not Saved"),
                 _("The report is saved as a PDF or a CSV file: end the file name in .pdf or .csv."));
      return;
    }
  g_set_object (&self->review_file, file);
  self->reviewing = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-review", FALSE);
  lys_report_compute_async (store, LYS_REPORT_REVIEW, &self->report->from, &self->report->to, self->reviewing,
                                   on_review_computed_cb, g_object_ref (self));
}

/**
 * lys_report_window_is_reviewing:
 *
 * Returns: whether a review is being counted for a file
 */
gboolean
lys_report_window_is_reviewing (LysReportWindow *self)
{
  g_return_val_if_fail (LYS_IS_REPORT_WINDOW (self), FALSE);
  return self->reviewing != NULL;
}

static void
lys_report_window_dispose (GObject *object)
{
  LysReportWindow *self = LYS_REPORT_WINDOW (object);

  if (self->computing != NULL)
    g_cancellable_cancel (self->computing);
  g_clear_object (&self->computing);
  if (self->reviewing != NULL)
    g_cancellable_cancel (self->reviewing);
  g_clear_object (&self->reviewing);
  g_clear_object (&self->review_file);
  g_clear_pointer (&self->report, lys_report_free);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (lys_report_window_parent_class)->dispose (object);
}

static void
lys_report_window_class_init (LysReportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_report_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-report-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysReportWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysReportWindow, page);
  gtk_widget_class_bind_template_child (widget_class, LysReportWindow, from_row);
  gtk_widget_class_bind_template_child (widget_class, LysReportWindow, to_row);
  gtk_widget_class_bind_template_child (widget_class, LysReportWindow, language_row);
  lys_record_window_class_bind_problem (widget_class, "error_label");
  gtk_widget_class_bind_template_callback (widget_class, on_period_applied_cb);

  gtk_widget_class_install_action (widget_class, "report.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "report.export-review", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "report.export", "s", "pdf");
}

static void
lys_report_window_init (LysReportWindow *self)
{
  g_auto(GStrv) languages = lys_language_dup_names ();
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char * const *) languages);

  self->groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (model));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

/**
 * lys_report_window_new:
 *
 * The report from 1 January to today, computed as the window opens.
 */
LysReportWindow *
lys_report_window_new (GtkWindow *parent,
                       LysStore  *store)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  LysReportWindow *self;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);

  self = g_object_new (LYS_TYPE_REPORT_WINDOW, "store", store, "transient-for", parent, NULL);
  now = lys_store_dup_now (store);
  from = g_date_time_format (now, "%Y-01-01");
  to = g_date_time_format (now, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to);
  adw_combo_row_set_selected (self->language_row, lys_language_get_position (lys_language_get_current ()));
  compute (self);
  return self;
}

LysReport *
lys_report_window_get_report (LysReportWindow *self)
{
  g_return_val_if_fail (LYS_IS_REPORT_WINDOW (self), NULL);
  return self->report;
}
