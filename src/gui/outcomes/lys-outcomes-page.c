/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-outcomes-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-dialog.h"
#include "lys-file-chooser.h"
#include "lys-form.h"
#include "lys-format.h"
#include "lys-item.h"
#include "lys-outcome-chart-view.h"
#include "lys-outcomes-page.h"
#include "lys-patient-page.h"
#include "lys-rating-window.h"
#include "lys-rows.h"

/* The Outcomes area of a patient: whether they respond, in words and as a
 * chart, the course's measurement points and where each stands, and every
 * rating as a list (the chart's values, for screen readers too). */
struct _LysOutcomesPage
{
  AdwBin parent_instance;

  LysStore *store;
  LysPatient *patient;
  gulong changed_id;
  gboolean stale;            /* to refresh when shown */

  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwStatusPage *refused_page;
  GtkWidget *emergency_button;
  GtkLabel *headline_label;
  GtkLabel *summary_label;
  GtkWidget *export_button;
  LysOutcomeChartView *chart_view;
  GtkListBox *points_list;
  GtkListBox *infusions_list;
  GtkListBox *ratings_list;
  GListStore *points;           /* each model owned by its list */
  GListStore *infusions;
  GListStore *ratings;
  GDate today;                  /* the day the points are due against */
};

static void lys_outcomes_page_patient_page_init (LysPatientPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LysOutcomesPage, lys_outcomes_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LYS_TYPE_PATIENT_PAGE, lys_outcomes_page_patient_page_init))

static void
today (LysOutcomesPage *self,
       GDate           *date)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (self->store);

  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
}

static GtkWidget *
rating_row (gpointer item,
            gpointer data)
{
  const LysRating *rating = lys_item_get_record (item);
  guint n = lys_scale_get_n_items (rating->scale), answered = 0, total = 0;
  g_autofree char *title = NULL;
  g_autofree char *when = rating->rated_at ? lys_format_date (rating->rated_at) : g_strdup ("");
  g_autofree char *clock = rating->rated_at ? g_date_time_format (rating->rated_at, "%H:%M") : g_strdup ("");
  GString *subtitle = g_string_new (NULL);
  GtkWidget *row;

  lys_scale_check (rating->scale, rating->answers, n, &total, &answered, NULL);
  if (rating->complete && *lys_scale_get_band_label (rating->scale, rating->total) != '\0')
    /* Translators: a rating in the list, e.g. "MADRS 14: Mild depression" */
    title = g_strdup_printf (_("%1$s %2$u: %3$s"), lys_scale_get_label (rating->scale), rating->total,
                             lys_scale_get_band_label (rating->scale, rating->total));
  else if (rating->complete)
    title = g_strdup_printf ("%s %u", lys_scale_get_label (rating->scale), rating->total);
  else
    /* Translators: an incomplete form, e.g. "MADRS, 8 of 10 items" */
    title = g_strdup_printf (_("%1$s, %2$u of %3$u items"), lys_scale_get_label (rating->scale), answered, n);

  g_string_append_printf (subtitle, "%s %s", when, clock);
  if (rating->point != LYS_N_POINTS)
    g_string_append_printf (subtitle, " · %s", lys_follow_up_point_get_label (rating->point));
  if (rating->infusion_number > 0)
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("Infusion %u"), rating->infusion_number);
    }
  if (rating->rated_by != NULL)
    g_string_append_printf (subtitle, " · %s", rating->rated_by);

  row = lys_rows_new (title, subtitle->str);
  g_string_free (subtitle, TRUE);
  if (!rating->complete)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), lys_rows_new_tag (_("Incomplete, not counted"), "missed"));
  else if (rating->scale == LYS_SCALE_PHQ9 && lys_phq9_suicide_flag (rating->answers))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), lys_rows_new_tag (_("Thoughts of self-harm"), "alert"));
  return row;
}

static GtkWidget *
point_row (gpointer item,
           gpointer data)
{
  LysOutcomesPage *self = data;
  const LysFollowUp *follow_up = lys_item_get_record (item);
  const GDate *day = &self->today;
  g_autofree char *due = lys_format_gdate (&follow_up->due);
  /* Translators: when a measurement point is due, e.g. "Due 13 May 2026" */
  g_autofree char *subtitle = g_strdup_printf (_("Due %s"), due);
  const char *style = NULL;
  g_autofree char *state = lys_format_due_state (follow_up->state, &follow_up->due, day, &style);
  GtkWidget *row = lys_rows_new (lys_follow_up_point_get_label (follow_up->point), subtitle);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), lys_rows_new_tag (state, style));
  if (follow_up->state == LYS_DUE_OPEN || follow_up->state == LYS_DUE_OVERDUE)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Rate"));
      g_autofree char *label = g_strdup_printf (_("Rate MADRS at %s"), lys_follow_up_point_get_label (follow_up->point));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "outcomes.rate-point");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", lys_follow_up_point_to_nick (follow_up->point));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static GtkWidget *
infusion_row (gpointer item,
              gpointer data)
{
  const LysInfusionRatings *infusion = lys_item_get_record (item);
  g_autofree char *title = g_strdup_printf (_("Infusion %u"), infusion->number);
  g_autofree char *day = infusion->started_at ? lys_format_date (infusion->started_at) : g_strdup ("");
  GtkWidget *row = lys_rows_new (title, day);

  /* Translators: tags of an infusion: the self-report before it, the CADSS after */
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             lys_rows_new_tag (infusion->self_report ? _("Self-report taken") : _("No self-report"),
                                               infusion->self_report ? "done" : "missed"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             lys_rows_new_tag (infusion->cadss ? _("CADSS taken") : _("No CADSS"),
                                               infusion->cadss ? "done" : "missed"));
  return row;
}

static void
refresh (LysOutcomesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GPtrArray) points = NULL;
  g_autoptr(GPtrArray) infusions = NULL;
  LysOutcomeChart *chart = NULL;
  g_autofree char *summary = NULL;
  gint64 patient_id;
  GDate day;

  /* The record is read, and logged, only when the area is shown */
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->stale && self->patient != NULL)
    return;

  g_list_store_remove_all (self->points);
  g_list_store_remove_all (self->infusions);
  g_list_store_remove_all (self->ratings);
  if (self->store == NULL || self->patient == NULL)
    {
      lys_outcome_chart_view_set_chart (self->chart_view, NULL);
      gtk_stack_set_visible_child_name (self->stack, "no-patient");
      return;
    }

  patient_id = lys_patient_get_id (self->patient);
  today (self, &day);
  self->today = day;
  ratings = lys_store_list_ratings (self->store, patient_id, &error);
  chart = ratings == NULL ? NULL : lys_store_load_outcome_chart (self->store, patient_id, ratings, &error);
  points = chart == NULL ? NULL : lys_store_list_follow_ups (self->store, patient_id, &day, 0, &error);
  infusions = points == NULL ? NULL : lys_store_list_infusion_ratings (self->store, patient_id, &error);
  if (infusions == NULL)
    {
      g_clear_pointer (&chart, lys_outcome_chart_free);
      lys_outcome_chart_view_set_chart (self->chart_view, NULL);
      adw_status_page_set_description (self->refused_page, error->message);
      /* Outside one's assignment, a clinician may open it with a reason */
      gtk_widget_set_visible (self->emergency_button, lys_store_get_current_role (self->store) != LYS_ROLE_COORDINATOR);
      gtk_stack_set_visible_child_name (self->stack, "refused");
      return;
    }

  summary = lys_outcome_chart_dup_summary (chart);
  gtk_label_set_label (self->summary_label, summary);
  {
    const char *style = NULL;

    gtk_label_set_label (self->headline_label, lys_outcome_chart_get_headline (chart, &style));
    gtk_widget_remove_css_class (GTK_WIDGET (self->headline_label), "success");
    gtk_widget_remove_css_class (GTK_WIDGET (self->headline_label), "warning");
    if (*style != '\0')
      gtk_widget_add_css_class (GTK_WIDGET (self->headline_label), style);
  }
  gtk_widget_set_sensitive (self->export_button, lys_outcome_chart_get_n_points (chart) > 0);
  lys_outcome_chart_view_set_chart (self->chart_view, chart);

  lys_item_store_replace (self->points, g_steal_pointer (&points), (GDestroyNotify) lys_follow_up_free);
  lys_item_store_replace (self->infusions, g_steal_pointer (&infusions), (GDestroyNotify) lys_infusion_ratings_free);
  /* The newest rating first */
  for (guint i = 0, j = ratings->len; i + 1 < j; i++, j--)
    {
      gpointer first = ratings->pdata[i];

      ratings->pdata[i] = ratings->pdata[j - 1];
      ratings->pdata[j - 1] = first;
    }
  lys_item_store_replace (self->ratings, g_steal_pointer (&ratings), (GDestroyNotify) lys_rating_free);

  gtk_stack_set_visible_child_name (self->stack, "outcomes");
}

static void
on_patient_changed_cb (LysStore        *store,
                       gint64           patient_id,
                       LysOutcomesPage *self)
{
  if (self->patient != NULL && (lys_patient_get_id (self->patient) == patient_id || patient_id == 0))
    refresh (self);
}

/**
 * lys_outcomes_page_rate:
 * @point: the follow-up point, or %LYS_N_POINTS
 *
 * Opens a new rating of @scale for the patient shown.
 *
 * Returns: (transfer none) (nullable): the rating window
 */
GtkWindow *
lys_outcomes_page_rate (LysOutcomesPage  *self,
                        LysScale          scale,
                        LysFollowUpPoint  point)
{
  GtkWindow *window;

  g_return_val_if_fail (LYS_IS_OUTCOMES_PAGE (self), NULL);

  if (self->patient == NULL)
    return NULL;
  window = GTK_WINDOW (lys_rating_window_new_for_patient (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                          self->store, lys_patient_get_id (self->patient),
                                                          scale, point));
  gtk_window_present (window);
  return window;
}

/**
 * lys_outcomes_page_open_in_emergency:
 * @reason: why the record is needed now
 *
 * Opens the patient's record outside the user's assignment, logged and
 * listed for the clinic lead's review.
 */
gboolean
lys_outcomes_page_open_in_emergency (LysOutcomesPage  *self,
                                     const char       *reason,
                                     GError          **error)
{
  g_return_val_if_fail (LYS_IS_OUTCOMES_PAGE (self), FALSE);
  g_return_val_if_fail (self->patient != NULL, FALSE);

  if (lys_store_open_emergency_access (self->store, lys_patient_get_id (self->patient), reason, error) == 0)
    return FALSE;
  refresh (self);
  return TRUE;
}

static void
on_emergency_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          LysOutcomesPage  *self)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "open") &&
      !lys_outcomes_page_open_in_emergency (self, lys_form_dialog_get_text (dialog, "reason"), &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
emergency_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LysOutcomesPage *self = LYS_OUTCOMES_PAGE (widget);
  AdwMessageDialog *dialog;

  if (self->patient == NULL)
    return;
  dialog = lys_form_new_dialog (widget, _("Open the Record in an Emergency?"),
                                _("The record opens to you for four hours. The access and your reason are logged "
                                  "and listed for the clinic lead’s review."),
                                "open", _("_Open the Record"), ADW_RESPONSE_DESTRUCTIVE);
  lys_form_dialog_add_entry (dialog, "reason", _("_Why it is needed now"), "");
  lys_dialog_ask (dialog, G_CALLBACK (on_emergency_response_cb), self);
}

static void
rate_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysScale scale;

  if (lys_scale_from_nick (g_variant_get_string (parameter, NULL), &scale))
    lys_outcomes_page_rate (LYS_OUTCOMES_PAGE (widget), scale, LYS_N_POINTS);
}

static void
rate_point_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LysFollowUpPoint point;

  if (lys_follow_up_point_from_nick (g_variant_get_string (parameter, NULL), &point))
    lys_outcomes_page_rate (LYS_OUTCOMES_PAGE (widget), LYS_SCALE_MADRS, point);
}

/**
 * lys_outcomes_page_export_chart:
 * @file: a .png or .svg file
 *
 * Writes the chart shown, on a white ground, readable by its owner only.
 */
gboolean
lys_outcomes_page_export_chart (LysOutcomesPage  *self,
                                GFile            *file,
                                GError          **error)
{
  LysOutcomeChart *chart = lys_outcome_chart_view_get_chart (self->chart_view);
  g_autofree char *path = g_file_get_path (file);
  LysSurfaceKind kind;

  g_return_val_if_fail (chart != NULL, FALSE);

  if (path == NULL || !lys_surface_kind_from_path (path, &kind) || kind == LYS_SURFACE_PDF)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("The chart is saved as a PNG image or an SVG drawing: end the file name in .png or .svg."));
      return FALSE;
    }
  return lys_outcome_chart_write (chart, path, kind, 800, 360, error);
}

static void
on_export_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     LysOutcomesPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = lys_file_chooser_finish (chooser, response);
  if (file == NULL)
    return;

  if (lys_outcomes_page_export_chart (self, file, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Chart saved")));
  else
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  static const char *png[] = { "png", NULL };
  static const char *svg[] = { "svg", NULL };
  LysOutcomesPage *self = LYS_OUTCOMES_PAGE (widget);
  gboolean is_svg = g_str_equal (g_variant_get_string (parameter, NULL), "svg");
  GtkFileChooserNative *chooser;

  if (lys_outcome_chart_view_get_chart (self->chart_view) == NULL)
    return;

  /* The file's name says nothing of the patient */
  chooser = lys_file_chooser_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Export the Chart"), _("_Export"),
                                  is_svg ? _("SVG drawings") : _("PNG images"),
                                  is_svg ? "image/svg+xml" : "image/png", is_svg ? svg : png,
                                  /* Translators: a file name; keep it free of spaces */
                                  is_svg ? _("outcome-chart.svg") : _("outcome-chart.png"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
lys_outcomes_page_map (GtkWidget *widget)
{
  LysOutcomesPage *self = LYS_OUTCOMES_PAGE (widget);

  GTK_WIDGET_CLASS (lys_outcomes_page_parent_class)->map (widget);
  if (self->stale)
    refresh (self);
}

static void
lys_outcomes_page_set_store (LysPatientPage *page,
                             LysStore       *store)
{
  LysOutcomesPage *self = LYS_OUTCOMES_PAGE (page);

  g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->changed_id = g_signal_connect (store, "patient-changed", G_CALLBACK (on_patient_changed_cb), self);
  refresh (self);
}

static void
lys_outcomes_page_set_patient (LysPatientPage *page,
                               LysPatient     *patient)
{
  LysOutcomesPage *self = LYS_OUTCOMES_PAGE (page);

  if (!g_set_object (&self->patient, patient))
    return;
  refresh (self);
}

static void
lys_outcomes_page_patient_page_init (LysPatientPageInterface *iface)
{
  iface->set_store = lys_outcomes_page_set_store;
  iface->set_patient = lys_outcomes_page_set_patient;
}

static void
lys_outcomes_page_dispose (GObject *object)
{
  LysOutcomesPage *self = LYS_OUTCOMES_PAGE (object);

  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->patient);

  G_OBJECT_CLASS (lys_outcomes_page_parent_class)->dispose (object);
}

static void
lys_outcomes_page_class_init (LysOutcomesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_outcomes_page_dispose;
  widget_class->map = lys_outcomes_page_map;

  g_type_ensure (LYS_TYPE_OUTCOME_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-outcomes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, refused_page);
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, emergency_button);
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, headline_label);
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, chart_view);
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, points_list);
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, infusions_list);
  gtk_widget_class_bind_template_child (widget_class, LysOutcomesPage, ratings_list);

  gtk_widget_class_install_action (widget_class, "outcomes.rate", "s", rate_action);
  gtk_widget_class_install_action (widget_class, "outcomes.rate-point", "s", rate_point_action);
  gtk_widget_class_install_action (widget_class, "outcomes.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "outcomes.emergency", NULL, emergency_action);
}

static void
lys_outcomes_page_init (LysOutcomesPage *self)
{
  g_autoptr(GListStore) points = g_list_store_new (LYS_TYPE_ITEM);
  g_autoptr(GListStore) infusions = g_list_store_new (LYS_TYPE_ITEM);
  g_autoptr(GListStore) ratings = g_list_store_new (LYS_TYPE_ITEM);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_date_clear (&self->today, 1);
  self->points = points;
  self->infusions = infusions;
  self->ratings = ratings;
  gtk_list_box_bind_model (self->points_list, G_LIST_MODEL (points), point_row, self, NULL);
  gtk_list_box_bind_model (self->infusions_list, G_LIST_MODEL (infusions), infusion_row, NULL, NULL);
  gtk_list_box_bind_model (self->ratings_list, G_LIST_MODEL (ratings), rating_row, NULL, NULL);
  gtk_list_box_set_placeholder (self->points_list,
                                lys_rows_new_placeholder (_("The points follow from the infusions: none is given yet.")));
  gtk_list_box_set_placeholder (self->infusions_list, lys_rows_new_placeholder (_("No infusion is given yet.")));
  gtk_list_box_set_placeholder (self->ratings_list, lys_rows_new_placeholder (_("No ratings yet.")));
}
