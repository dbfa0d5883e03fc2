/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-eligibility-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-eligibility-window.h"
#include "lys-form.h"
#include "lys-format.h"
#include "lys-text.h"

/* The physician's eligibility assessment: trials, contraindications,
 * baseline and ratings, and the decision. Totals, bands and the TRD
 * criterion follow every change; once signed, everything is read-only. */
struct _LysEligibilityWindow
{
  LysRecordWindow parent_instance;

  LysPatient *patient;
  LysEligibility *eligibility;
  GPtrArray *trial_rows;      /* TrialRow */
  gboolean loading;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  gboolean unsaved;             /* changed since it opened or was saved */
  AdwActionRow *signed_row;
  AdwActionRow *suicide_row;
  AdwPreferencesGroup *trials_group;
  AdwPreferencesGroup *contra_group;
  AdwPreferencesGroup *baseline_group;
  AdwPreferencesGroup *madrs_group;
  AdwPreferencesGroup *phq9_group;
  AdwPreferencesGroup *decision_group;
  AdwComboRow *decision_row;
  AdwComboRow *ect_row;
  AdwEntryRow *justification_row;

  GtkCheckButton *contra_checks[LYS_N_CONTRAINDICATIONS];
  GtkSpinButton *weight_spin;
  GtkSpinButton *systolic_spin;
  GtkSpinButton *diastolic_spin;
  GtkSpinButton *heart_rate_spin;
  GtkSwitch *madrs_switch;
  GtkSpinButton *madrs_spins[LYS_MADRS_ITEMS];
  GtkSwitch *phq9_switch;
  GtkSpinButton *phq9_spins[LYS_PHQ9_ITEMS];
};

typedef struct
{
  AdwExpanderRow *row;
  AdwEntryRow *drug;
  AdwEntryRow *dose;
  GtkSwitch *therapeutic;
  GtkSpinButton *weeks;
  AdwComboRow *outcome;
} TrialRow;

G_DEFINE_FINAL_TYPE (LysEligibilityWindow, lys_eligibility_window, LYS_TYPE_RECORD_WINDOW)

static void on_changed_cb (LysEligibilityWindow *self);

static void
show_error (LysEligibilityWindow *self,
            const char           *message)
{
  lys_alert (GTK_WIDGET (self), _("The Assessment Cannot Be Signed"), message);
}

static GtkSpinButton *
add_spin_row (LysEligibilityWindow *self,
              AdwPreferencesGroup  *group,
              const char           *title,
              const char           *subtitle,
              double                upper,
              guint                 digits,
              double                value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, upper, digits ? 0.1 : 1);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  lys_form_row_add_field (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (on_changed_cb), self);

  return GTK_SPIN_BUTTON (spin);
}

static GtkSwitch *
add_rated_switch (LysEligibilityWindow *self,
                  AdwPreferencesGroup  *group,
                  const char           *label,
                  gboolean              active)
{
  GtkWidget *toggle = gtk_switch_new ();

  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (toggle, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_preferences_group_set_header_suffix (group, toggle);
  g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (on_changed_cb), self);

  return GTK_SWITCH (toggle);
}

static void
remove_trial (GtkButton            *button,
              LysEligibilityWindow *self)
{
  /* The button is inside the trial's row */
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_EXPANDER_ROW);

  for (guint i = 0; i < self->trial_rows->len; i++)
    {
      TrialRow *trial = self->trial_rows->pdata[i];

      if (GTK_WIDGET (trial->row) == row)
        {
          adw_preferences_group_remove (self->trials_group, row);
          g_ptr_array_remove_index (self->trial_rows, i);
          break;
        }
    }

  on_changed_cb (self);
}

static void
add_trial_row (LysEligibilityWindow *self,
               const LysTrial       *trial)
{
  TrialRow *t = g_new0 (TrialRow, 1);
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);
  GtkWidget *row, *remove;

  t->row = ADW_EXPANDER_ROW (adw_expander_row_new ());

  t->drug = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (t->drug), _("Drug"));
  gtk_editable_set_text (GTK_EDITABLE (t->drug), trial->drug);
  adw_expander_row_add_row (t->row, GTK_WIDGET (t->drug));

  t->dose = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (t->dose), _("Daily dose"));
  gtk_editable_set_text (GTK_EDITABLE (t->dose), trial->dose);
  adw_expander_row_add_row (t->row, GTK_WIDGET (t->dose));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Therapeutic dose reached"));
  t->therapeutic = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (t->therapeutic, trial->therapeutic_dose);
  gtk_accessible_update_property (GTK_ACCESSIBLE (t->therapeutic), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Therapeutic dose reached"), -1);
  lys_form_row_add_field (ADW_ACTION_ROW (row), GTK_WIDGET (t->therapeutic));
  adw_expander_row_add_row (t->row, row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Weeks at that dose"));
  t->weeks = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 520, 1));
  gtk_spin_button_set_value (t->weeks, trial->weeks);
  gtk_accessible_update_property (GTK_ACCESSIBLE (t->weeks), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Weeks at that dose"), -1);
  lys_form_row_add_field (ADW_ACTION_ROW (row), GTK_WIDGET (t->weeks));
  adw_expander_row_add_row (t->row, row);

  t->outcome = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (t->outcome), _("Outcome"));
  for (guint i = 0; i < LYS_N_TRIAL_OUTCOMES; i++)
    gtk_string_list_append (outcomes, lys_trial_outcome_get_label (i));
  adw_combo_row_set_model (t->outcome, G_LIST_MODEL (outcomes));
  adw_combo_row_set_selected (t->outcome, trial->outcome);
  adw_expander_row_add_row (t->row, GTK_WIDGET (t->outcome));

  /* The button is the row's one Tab stop: the row alone has nothing to read */
  row = adw_action_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  remove = gtk_button_new_with_mnemonic (_("_Remove Trial"));
  gtk_widget_add_css_class (remove, "destructive-action");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_trial), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_expander_row_add_row (t->row, row);

  g_signal_connect_swapped (t->drug, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (t->dose, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (t->therapeutic, "notify::active", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (t->weeks, "value-changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (t->outcome, "notify::selected", G_CALLBACK (on_changed_cb), self);

  adw_preferences_group_add (self->trials_group, GTK_WIDGET (t->row));
  g_ptr_array_add (self->trial_rows, t);
}

/* The widgets' values into the model */
static void
collect (LysEligibilityWindow *self)
{
  LysEligibility *e = self->eligibility;
  guint decision = adw_combo_row_get_selected (self->decision_row);
  guint ect = adw_combo_row_get_selected (self->ect_row);

  /* The first choice is "not recorded" */
  e->has_ect_history = ect > 0 && ect <= LYS_N_ECT_HISTORIES;
  e->ect_history = e->has_ect_history ? ect - 1 : 0;
  g_array_set_size (e->trials, 0);
  for (guint i = 0; i < self->trial_rows->len; i++)
    {
      TrialRow *t = self->trial_rows->pdata[i];

      lys_eligibility_add_trial (e,
                                 gtk_editable_get_text (GTK_EDITABLE (t->drug)),
                                 gtk_editable_get_text (GTK_EDITABLE (t->dose)),
                                 gtk_switch_get_active (t->therapeutic),
                                 gtk_spin_button_get_value_as_int (t->weeks),
                                 adw_combo_row_get_selected (t->outcome));
    }

  for (guint i = 0; i < LYS_N_CONTRAINDICATIONS; i++)
    e->contraindications[i] = gtk_check_button_get_active (self->contra_checks[i]);

  e->weight_kg = gtk_spin_button_get_value (self->weight_spin);
  e->systolic = gtk_spin_button_get_value_as_int (self->systolic_spin);
  e->diastolic = gtk_spin_button_get_value_as_int (self->diastolic_spin);
  e->heart_rate = gtk_spin_button_get_value_as_int (self->heart_rate_spin);

  e->has_madrs = gtk_switch_get_active (self->madrs_switch);
  for (guint i = 0; i < LYS_MADRS_ITEMS; i++)
    e->madrs[i] = gtk_spin_button_get_value_as_int (self->madrs_spins[i]);
  e->has_phq9 = gtk_switch_get_active (self->phq9_switch);
  for (guint i = 0; i < LYS_PHQ9_ITEMS; i++)
    e->phq9[i] = gtk_spin_button_get_value_as_int (self->phq9_spins[i]);

  /* Item 0 of the combo is "not decided" */
  e->has_decision = decision > 0;
  e->decision = decision > 0 ? decision - 1 : 0;
  g_free (e->justification);
  e->justification = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->justification_row)));
}

static void
describe_scale (AdwPreferencesGroup *group,
                LysScale             scale,
                gboolean             rated,
                const guint         *answers)
{
  g_autofree char *text = NULL;
  guint total = 0;

  if (rated && lys_scale_total (scale, answers, lys_scale_get_n_items (scale), &total, NULL))
    /* Translators: %1$u is a rating total, %2$u its maximum, %3$s its severity band */
    text = g_strdup_printf (_("Total %1$u of %2$u: %3$s"), total, lys_scale_get_total_max (scale),
                            lys_scale_get_band_label (scale, total));
  else
    text = g_strdup (_("Not rated. Turn on the switch to record the items."));
  adw_preferences_group_set_description (group, text);
}

/* Totals, bands and the criteria follow every change */
static void
on_changed_cb (LysEligibilityWindow *self)
{
  LysEligibility *e = self->eligibility;
  g_autofree char *trd = NULL;
  guint failed;

  self->unsaved = TRUE;
  if (self->loading)
    return;
  collect (self);

  failed = lys_eligibility_count_failed_trials (e);
  trd = g_strdup_printf (ngettext ("%u adequate trial without response: %s",
                                   "%u adequate trials without response: %s", failed),
                         failed,
                         lys_eligibility_meets_trd (e)
                           ? _("the criterion for treatment-resistant depression is met.")
                           : _("the criterion for treatment-resistant depression needs at least two (a therapeutic dose for at least four weeks)."));
  adw_preferences_group_set_description (self->trials_group, trd);

  for (guint i = 0; i < self->trial_rows->len; i++)
    {
      TrialRow *t = self->trial_rows->pdata[i];
      const LysTrial *trial = &g_array_index (e->trials, LysTrial, i);
      g_autofree char *subtitle =
        /* Translators: %1$u weeks, %2$s an outcome, %3$s whether the trial was adequate */
        g_strdup_printf (_("%1$u weeks · %2$s · %3$s"), trial->weeks,
                         lys_trial_outcome_get_label (trial->outcome),
                         lys_trial_is_adequate (trial) ? _("adequate") : _("not adequate"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (t->row),
                                     lys_text_is_blank (trial->drug) ? _("New trial") : trial->drug);
      adw_expander_row_set_subtitle (t->row, subtitle);
    }

  for (guint i = 0; i < LYS_MADRS_ITEMS; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->madrs_spins[i]), e->has_madrs);
  for (guint i = 0; i < LYS_PHQ9_ITEMS; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->phq9_spins[i]), e->has_phq9);
  describe_scale (self->madrs_group, LYS_SCALE_MADRS, e->has_madrs, e->madrs);
  describe_scale (self->phq9_group, LYS_SCALE_PHQ9, e->has_phq9, e->phq9);
  gtk_widget_set_visible (GTK_WIDGET (self->suicide_row), e->has_phq9 && lys_phq9_suicide_flag (e->phq9));

  gtk_widget_set_visible (GTK_WIDGET (self->justification_row),
                          e->has_decision && e->decision != LYS_DECISION_ELIGIBLE);
  adw_preferences_group_set_description (self->contra_group,
                                         lys_eligibility_has_contraindication (e)
                                           ? _("A contraindication is ticked: the patient can be eligible only by a justified exception.")
                                           : _("Tick what applies. A ticked item rules out “eligible” unless you record a justified exception."));
}

static void
show_signed (LysEligibilityWindow *self)
{
  LysEligibility *e = self->eligibility;
  g_autofree char *title = NULL;
  GtkWidget *groups[] = {
    GTK_WIDGET (self->trials_group), GTK_WIDGET (self->contra_group), GTK_WIDGET (self->baseline_group),
    GTK_WIDGET (self->madrs_group), GTK_WIDGET (self->phq9_group), GTK_WIDGET (self->decision_group),
    gtk_widget_get_ancestor (GTK_WIDGET (self->ect_row), ADW_TYPE_PREFERENCES_GROUP),
  };

  if (e->altered)
    {
      /* Translators: %s is a physician's name */
      title = g_strdup_printf (_("Signed by %s, and altered outside Lysning since"), e->signed_by);
      adw_action_row_set_subtitle (self->signed_row,
                                   _("The assessment no longer matches the physician’s signature, so it is not shown. "
                                     "Tell the clinic lead, and restore it from a backup."));
      gtk_widget_add_css_class (GTK_WIDGET (self->signed_row), "error");
    }
  else
    {
      /* Translators: %1$s is the decision, %2$s a physician's name */
      title = g_strdup_printf (_("%1$s — signed by %2$s"), lys_decision_get_label (e->decision), e->signed_by);
      adw_action_row_set_subtitle (self->signed_row, e->signed_at);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->signed_row), title);
  gtk_widget_set_visible (GTK_WIDGET (self->signed_row), TRUE);

  /* An altered assessment shows nothing of itself */
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      gtk_widget_set_sensitive (groups[i], FALSE);
      gtk_widget_set_visible (groups[i], !e->altered);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "eligibility.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "eligibility.sign", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "eligibility.add-trial", FALSE);
}

static void
add_trial_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LysEligibilityWindow *self = LYS_ELIGIBILITY_WINDOW (widget);
  LysTrial empty = { .drug = (char *) "", .dose = (char *) "", .outcome = LYS_TRIAL_NONE };
  TrialRow *t;

  add_trial_row (self, &empty);
  t = g_ptr_array_index (self->trial_rows, self->trial_rows->len - 1);
  adw_expander_row_set_expanded (t->row, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (t->drug));
  on_changed_cb (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysEligibilityWindow *self = LYS_ELIGIBILITY_WINDOW (widget);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;

  collect (self);
  if (!lys_store_save_eligibility (store, lys_patient_get_id (self->patient), self->eligibility, &error))
    {
      lys_alert (GTK_WIDGET (self), _("Cannot Save the Draft"), error->message);
      return;
    }

  self->unsaved = FALSE;
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Draft saved")));
}

static void
on_sign_response_cb (AdwMessageDialog     *dialog,
                     const char           *response,
                     LysEligibilityWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "sign"))
    return;

  if (!lys_store_sign_eligibility (store, lys_patient_get_id (self->patient), self->eligibility, &error))
    {
      show_error (self, error->message);
      return;
    }

  show_signed (self);
  self->unsaved = FALSE;
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Assessment signed")));
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysEligibilityWindow *self = LYS_ELIGIBILITY_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  collect (self);
  if (!lys_eligibility_check_signable (self->eligibility, lys_patient_get_indication (self->patient), &error))
    {
      show_error (self, error->message);
      return;
    }

  body = g_strdup_printf (_("You sign the decision “%s” in your name. A signed assessment cannot be changed afterwards."),
                          lys_decision_get_label (self->eligibility->decision));
  dialog = lys_alert_new_dialog (GTK_WIDGET (self), _("Sign the Assessment?"), body);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "sign", _("_Sign"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "sign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "sign");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_sign_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
build (LysEligibilityWindow *self)
{
  LysEligibility *e = self->eligibility;
  g_autoptr(GtkStringList) decisions = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) ect_choices = gtk_string_list_new (NULL);

  self->loading = TRUE;

  for (guint i = 0; i < e->trials->len; i++)
    add_trial_row (self, &g_array_index (e->trials, LysTrial, i));

  for (guint i = 0; i < LYS_N_CONTRAINDICATIONS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lys_contraindication_get_label (i));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), e->contraindications[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      lys_contraindication_get_label (i), -1);
      lys_form_row_add_field (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->contra_group, row);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_changed_cb), self);
      self->contra_checks[i] = GTK_CHECK_BUTTON (check);
    }

  self->weight_spin = add_spin_row (self, self->baseline_group, _("Weight (kg)"), NULL, 300, 1, e->weight_kg);
  self->systolic_spin = add_spin_row (self, self->baseline_group, _("Systolic blood pressure (mmHg)"), NULL, 300, 0, e->systolic);
  self->diastolic_spin = add_spin_row (self, self->baseline_group, _("Diastolic blood pressure (mmHg)"), NULL, 200, 0, e->diastolic);
  self->heart_rate_spin = add_spin_row (self, self->baseline_group, _("Heart rate (beats a minute)"), NULL, 250, 0, e->heart_rate);

  self->madrs_switch = add_rated_switch (self, self->madrs_group, _("MADRS rated"), e->has_madrs);
  for (guint i = 0; i < LYS_MADRS_ITEMS; i++)
    {
      g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, lys_scale_get_item_label (LYS_SCALE_MADRS, i));

      self->madrs_spins[i] = add_spin_row (self, self->madrs_group, title, NULL,
                                           lys_scale_get_item_max (LYS_SCALE_MADRS), 0, e->madrs[i]);
    }

  self->phq9_switch = add_rated_switch (self, self->phq9_group, _("PHQ-9 rated"), e->has_phq9);
  for (guint i = 0; i < LYS_PHQ9_ITEMS; i++)
    {
      g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, lys_scale_get_item_label (LYS_SCALE_PHQ9, i));

      self->phq9_spins[i] = add_spin_row (self, self->phq9_group, title, NULL,
                                          lys_scale_get_item_max (LYS_SCALE_PHQ9), 0, e->phq9[i]);
    }

  /* Translators: whether the patient had ECT before is not asked yet */
  gtk_string_list_append (ect_choices, _("Not recorded"));
  for (guint i = 0; i < LYS_N_ECT_HISTORIES; i++)
    gtk_string_list_append (ect_choices, lys_ect_history_get_label (i));
  adw_combo_row_set_model (self->ect_row, G_LIST_MODEL (ect_choices));
  adw_combo_row_set_selected (self->ect_row, e->has_ect_history ? e->ect_history + 1 : 0);
  g_signal_connect_swapped (self->ect_row, "notify::selected", G_CALLBACK (on_changed_cb), self);

  /* Translators: no eligibility decision made yet */
  gtk_string_list_append (decisions, _("Not decided"));
  for (guint i = 0; i < LYS_N_DECISIONS; i++)
    gtk_string_list_append (decisions, lys_decision_get_label (i));
  adw_combo_row_set_model (self->decision_row, G_LIST_MODEL (decisions));
  adw_combo_row_set_selected (self->decision_row, e->has_decision ? e->decision + 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->justification_row), e->justification ? e->justification : "");
  g_signal_connect_swapped (self->decision_row, "notify::selected", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->justification_row, "changed", G_CALLBACK (on_changed_cb), self);

  self->loading = FALSE;
  on_changed_cb (self);

  if (e->is_signed)
    show_signed (self);
}

static gboolean
lys_eligibility_window_close_request (GtkWindow *window)
{
  LysEligibilityWindow *self = LYS_ELIGIBILITY_WINDOW (window);

  if (lys_record_window_ask_before_close (LYS_RECORD_WINDOW (self), self->unsaved,
                                          _("The changes to the assessment are not saved. Save the draft (Ctrl+S), or discard the changes and close.")))
    return TRUE;
  return GTK_WINDOW_CLASS (lys_eligibility_window_parent_class)->close_request (window);
}

static void
lys_eligibility_window_dispose (GObject *object)
{
  LysEligibilityWindow *self = LYS_ELIGIBILITY_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LYS_TYPE_ELIGIBILITY_WINDOW);
  g_clear_pointer (&self->trial_rows, g_ptr_array_unref);
  g_clear_pointer (&self->eligibility, lys_eligibility_free);
  g_clear_object (&self->patient);

  G_OBJECT_CLASS (lys_eligibility_window_parent_class)->dispose (object);
}

static void
lys_eligibility_window_class_init (LysEligibilityWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_eligibility_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = lys_eligibility_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-eligibility-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, signed_row);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, suicide_row);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, trials_group);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, contra_group);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, baseline_group);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, madrs_group);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, phq9_group);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, decision_group);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, decision_row);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, ect_row);
  gtk_widget_class_bind_template_child (widget_class, LysEligibilityWindow, justification_row);

  gtk_widget_class_install_action (widget_class, "eligibility.add-trial", NULL, add_trial_action);
  gtk_widget_class_install_action (widget_class, "eligibility.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "eligibility.sign", NULL, sign_action);
  lys_record_window_class_bind_save (widget_class, "eligibility.save");
}

static void
lys_eligibility_window_init (LysEligibilityWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->trial_rows = g_ptr_array_new_with_free_func (g_free);
}

/**
 * lys_eligibility_window_new:
 *
 * Opens the patient's assessment; opening it is a logged read.
 *
 * Returns: (transfer floating) (nullable): the window, or %NULL when the
 *   assessment cannot be read or its reading cannot be logged
 */
LysEligibilityWindow *
lys_eligibility_window_new (GtkWindow   *parent,
                            LysStore    *store,
                            LysPatient  *patient,
                            GError     **error)
{
  g_autoptr(LysEligibility) eligibility = NULL;
  LysEligibilityWindow *self;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (LYS_IS_PATIENT (patient), NULL);

  /* Read and logged in one transaction */
  if (!lys_store_begin_read (store, error))
    return NULL;
  eligibility = lys_store_get_eligibility (store, lys_patient_get_id (patient), error);
  if (!lys_store_end_read (store, eligibility != NULL &&
                                  lys_store_log_patient_read (store, lys_patient_get_id (patient), "eligibility", error),
                           error))
    return NULL;

  self = g_object_new (LYS_TYPE_ELIGIBILITY_WINDOW, "store", store, "transient-for", parent, NULL);
  lys_format_title_record (GTK_WINDOW (self), self->window_title, _("Eligibility Assessment"), patient, NULL);
  self->patient = g_object_ref (patient);
  self->eligibility = g_steal_pointer (&eligibility);
  build (self);
  self->unsaved = FALSE;

  return self;
}
