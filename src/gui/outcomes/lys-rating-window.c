/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-rating-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-form.h"
#include "lys-format.h"
#include "lys-rating-window.h"
#include "lys-time.h"

/* A rating scale, item by item: a digit and Tab for each. The total and
 * its band follow every key. A form with items left out is saved as
 * incomplete after asking; it is kept and never counted. The CADSS of an
 * infusion goes with the infusion's record, complete, and may be taken
 * again until the discharge is signed. */
struct _LysRatingWindow
{
  LysRecordWindow parent_instance;

  LysScale scale;
  gint64 patient_id;
  LysPatient *patient;        /* whose record, for the header */
  gint64 infusion_id;         /* the CADSS of an infusion; 0 otherwise */
  gboolean unsaved;           /* something typed since it opened or was saved */
  GtkEditable *entries[LYS_SCALE_MAX_ITEMS];

  AdwWindowTitle *window_title;
  GtkRevealer *flag_revealer;
  AdwPreferencesGroup *when_group;
  AdwEntryRow *taken_row;
  AdwComboRow *point_row;
  AdwPreferencesGroup *items_group;
  GtkLabel *total_label;
};

G_DEFINE_FINAL_TYPE (LysRatingWindow, lys_rating_window, LYS_TYPE_RECORD_WINDOW)

/* Reads the items; returns the first that holds something other than a
 * score of the scale (from 1), or 0 */
static guint
read_answers (LysRatingWindow *self,
              guint            answers[LYS_SCALE_MAX_ITEMS])
{
  guint n = lys_scale_get_n_items (self->scale), bad = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (self->entries[i])));
      guint64 value = 0;
      gboolean valid = TRUE;

      if (*text == '\0')
        answers[i] = LYS_RATING_UNANSWERED;
      else if (g_ascii_string_to_unsigned (text, 10, 0, lys_scale_get_item_max (self->scale), &value, NULL))
        answers[i] = (guint) value;
      else
        {
          answers[i] = LYS_RATING_UNANSWERED;
          valid = FALSE;
          if (bad == 0)
            bad = i + 1;
        }

      if (valid)
        gtk_widget_remove_css_class (GTK_WIDGET (self->entries[i]), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->entries[i]), "error");
    }
  return bad;
}

static void
update_total (LysRatingWindow *self)
{
  guint answers[LYS_SCALE_MAX_ITEMS];
  guint n = lys_scale_get_n_items (self->scale), total = 0, answered = 0, bad;
  g_autofree char *text = NULL;

  bad = read_answers (self, answers);
  lys_scale_check (self->scale, answers, n, &total, &answered, NULL);
  if (answered == n && *lys_scale_get_band_label (self->scale, total) != '\0')
    /* Translators: %1$u is a rating total, %2$u its maximum, %3$s its severity band */
    text = g_strdup_printf (_("Total %1$u of %2$u: %3$s"), total, lys_scale_get_total_max (self->scale),
                            lys_scale_get_band_label (self->scale, total));
  else if (answered == n)
    /* Translators: a rating total, e.g. "Total 8 of 92" */
    text = g_strdup_printf (_("Total %u of %u"), total, lys_scale_get_total_max (self->scale));
  else
    /* Translators: a form not filled in yet: %1$u of %2$u items answered, %3$u the total so far */
    text = g_strdup_printf (_("%1$u of %2$u items answered, %3$u so far"), answered, n, total);
  gtk_label_set_label (self->total_label, text);

  gtk_revealer_set_reveal_child (self->flag_revealer,
                                 self->scale == LYS_SCALE_PHQ9 && answers[LYS_PHQ9_ITEMS - 1] != LYS_RATING_UNANSWERED &&
                                 lys_phq9_suicide_flag (answers));

  if (bad != 0)
    {
      /* Translators: %1$u is an item's number, %2$u the highest score */
      g_autofree char *message = g_strdup_printf (_("Item %1$u takes a score from 0 to %2$u. Type one digit, or leave it empty."),
                                                  bad, lys_scale_get_item_max (self->scale));

      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), message);
    }
  else
    lys_record_window_show_problem (LYS_RECORD_WINDOW (self), NULL);
}

static void
on_item_changed_cb (LysRatingWindow *self)
{
  self->unsaved = TRUE;
  update_total (self);
}

static LysFollowUpPoint
selected_point (LysRatingWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->point_row);

  /* The first choice is no point */
  if (self->scale != LYS_SCALE_MADRS || selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return LYS_N_POINTS;
  return (LysFollowUpPoint) (selected - 1);
}

static gboolean
save (LysRatingWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) taken = NULL;
  guint answers[LYS_SCALE_MAX_ITEMS];

  if (read_answers (self, answers) != 0)
    {
      update_total (self);
      return FALSE;
    }

  if (self->infusion_id != 0)
    {
      if (!lys_store_save_cadss (store, self->infusion_id, answers, &error))
        {
          lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
          return FALSE;
        }
      return TRUE;
    }

  taken = lys_time_parse_local (gtk_editable_get_text (GTK_EDITABLE (self->taken_row)));
  if (taken == NULL)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self),
                                      _("The time it was taken is not a time Lysning reads. Write it like 2026-11-23 14:30."));
      gtk_widget_add_css_class (GTK_WIDGET (self->taken_row), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->taken_row), "error");

  if (lys_store_save_rating (store, self->patient_id, self->scale, selected_point (self), 0, answers, taken,
                             NULL, &error) == 0)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
save_and_close (LysRatingWindow *self)
{
  if (!save (self))
    return FALSE;
  self->unsaved = FALSE;
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_incomplete_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           LysRatingWindow  *self)
{
  if (g_str_equal (response, "save"))
    save_and_close (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysRatingWindow *self = LYS_RATING_WINDOW (widget);
  guint answers[LYS_SCALE_MAX_ITEMS];
  guint n = lys_scale_get_n_items (self->scale), total = 0, answered = 0;
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  if (read_answers (self, answers) != 0)
    {
      update_total (self);
      return;
    }
  lys_scale_check (self->scale, answers, n, &total, &answered, NULL);

  /* Left out on purpose, or by mistake: ask before keeping it incomplete */
  if (self->infusion_id == 0 && answered > 0 && answered < n)
    {
      body = g_strdup_printf (ngettext ("%u item is not answered. An incomplete form is kept in the record but counts in no total, chart or report.",
                                        "%u items are not answered. An incomplete form is kept in the record but counts in no total, chart or report.",
                                        n - answered),
                              n - answered);
      dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Save as Incomplete?"), body,
                                    "save", _("Save _Incomplete"), ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (on_incomplete_response_cb), self);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  save_and_close (self);
}

static gboolean
lys_rating_window_close_request (GtkWindow *window)
{
  LysRatingWindow *self = LYS_RATING_WINDOW (window);

  if (lys_record_window_ask_before_close (LYS_RECORD_WINDOW (self), self->unsaved,
                                          _("The scores typed are not saved. Save them, or discard them and close.")))
    return TRUE;
  return GTK_WINDOW_CLASS (lys_rating_window_parent_class)->close_request (window);
}

static void
lys_rating_window_dispose (GObject *object)
{
  LysRatingWindow *self = LYS_RATING_WINDOW (object);

  g_clear_object (&self->patient);

  G_OBJECT_CLASS (lys_rating_window_parent_class)->dispose (object);
}

static void
lys_rating_window_class_init (LysRatingWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_rating_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = lys_rating_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-rating-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysRatingWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LysRatingWindow, flag_revealer);
  gtk_widget_class_bind_template_child (widget_class, LysRatingWindow, when_group);
  gtk_widget_class_bind_template_child (widget_class, LysRatingWindow, taken_row);
  gtk_widget_class_bind_template_child (widget_class, LysRatingWindow, point_row);
  gtk_widget_class_bind_template_child (widget_class, LysRatingWindow, items_group);
  gtk_widget_class_bind_template_child (widget_class, LysRatingWindow, total_label);
  lys_record_window_class_bind_problem (widget_class, "error_label");

  gtk_widget_class_install_action (widget_class, "rating.save", NULL, save_action);
  lys_record_window_class_bind_save (widget_class, "rating.save");
}

static void
lys_rating_window_init (LysRatingWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The items of @scale, each a one-digit field */
static void
build (LysRatingWindow *self,
       LysScale         scale)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  self->scale = scale;
  /* Translators: the rating window's title, e.g. "MADRS Rating" */
  title = g_strdup_printf (_("%s Rating"), lys_scale_get_label (scale));
  lys_format_title_record (GTK_WINDOW (self), self->window_title, title, self->patient, NULL);
  adw_preferences_group_set_title (self->items_group, lys_scale_get_label (scale));
  /* Translators: %u is the highest score of an item */
  description = g_strdup_printf (_("Type each item’s score, from 0 to %u, and Tab to the next. Leave an item empty if it was not asked."),
                                 lys_scale_get_item_max (scale));
  adw_preferences_group_set_description (self->items_group, description);

  for (guint i = 0; i < lys_scale_get_n_items (scale); i++)
    {
      g_autofree char *row_title = g_strdup_printf ("%u. %s", i + 1, lys_scale_get_item_label (scale, i));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *entry = gtk_entry_new ();

      gtk_entry_set_max_length (GTK_ENTRY (entry), 1);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 2);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 2);
      gtk_editable_set_alignment (GTK_EDITABLE (entry), 0.5);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, row_title, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_title);
      lys_form_row_add_field (ADW_ACTION_ROW (row), entry);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_item_changed_cb), self);
      adw_preferences_group_add (self->items_group, row);
      self->entries[i] = GTK_EDITABLE (entry);
    }
}

/**
 * lys_rating_window_new_for_patient:
 * @point: the follow-up point chosen to begin with, or %LYS_N_POINTS
 *
 * A new rating of @scale for the patient, taken now unless the time is
 * changed.
 */
LysRatingWindow *
lys_rating_window_new_for_patient (GtkWindow        *parent,
                                   LysStore         *store,
                                   gint64            patient_id,
                                   LysScale          scale,
                                   LysFollowUpPoint  point)
{
  g_autoptr(GtkStringList) points = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *taken = NULL;
  LysRatingWindow *self;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (scale < LYS_N_SCALES, NULL);

  self = g_object_new (LYS_TYPE_RATING_WINDOW, "store", store, "transient-for", parent, NULL);
  self->patient_id = patient_id;
  self->patient = lys_store_dup_patient (store, patient_id);
  build (self, scale);

  now = lys_store_dup_now (store);
  taken = g_date_time_format (now, "%Y-%m-%d %H:%M");
  gtk_editable_set_text (GTK_EDITABLE (self->taken_row), taken);

  gtk_string_list_append (points, _("None"));
  for (guint i = 0; i < LYS_N_POINTS; i++)
    gtk_string_list_append (points, lys_follow_up_point_get_label (i));
  adw_combo_row_set_model (self->point_row, G_LIST_MODEL (points));
  adw_combo_row_set_selected (self->point_row, point < LYS_N_POINTS ? point + 1 : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->point_row), scale == LYS_SCALE_MADRS);

  update_total (self);
  self->unsaved = FALSE;
  return self;
}

/**
 * lys_rating_window_new_for_infusion:
 *
 * The infusion's CADSS, with the answers saved before.
 */
LysRatingWindow *
lys_rating_window_new_for_infusion (GtkWindow         *parent,
                                    LysStore          *store,
                                    const LysInfusion *infusion)
{
  LysRatingWindow *self;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (infusion != NULL, NULL);

  self = g_object_new (LYS_TYPE_RATING_WINDOW, "store", store, "transient-for", parent, NULL);
  self->infusion_id = infusion->id;
  self->patient = lys_store_dup_patient (store, infusion->patient_id);
  build (self, LYS_SCALE_CADSS);
  lys_format_title_record (GTK_WINDOW (self), self->window_title, _("Dissociation (CADSS)"), self->patient, NULL);
  adw_preferences_group_set_title (self->items_group, _("Clinician-Administered Dissociative States Scale"));
  gtk_widget_set_visible (GTK_WIDGET (self->when_group), FALSE);

  for (guint i = 0; infusion->has_cadss && i < LYS_CADSS_ITEMS; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", infusion->cadss[i]);

      gtk_editable_set_text (self->entries[i], text);
    }
  update_total (self);
  self->unsaved = FALSE;
  return self;
}
