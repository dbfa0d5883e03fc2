/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-patient-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-diagnosis.h"
#include "lys-format.h"
#include "lys-patient-editor.h"

/* Registers a referral, or edits a registered patient. Nothing is written
 * until every field passes the store's checks. */
struct _LysPatientEditor
{
  LysRecordWindow parent_instance;

  LysPatient *patient;   /* NULL for a new one */

  AdwPreferencesGroup *identity_group;
  AdwPreferencesGroup *referral_group;
  AdwEntryRow *national_id_row;
  AdwEntryRow *given_name_row;
  AdwEntryRow *family_name_row;
  AdwComboRow *sex_row;
  AdwEntryRow *phone_row;
  AdwEntryRow *email_row;
  AdwEntryRow *escort_name_row;
  AdwEntryRow *escort_phone_row;
  AdwEntryRow *referred_by_row;
  AdwEntryRow *diagnosis_row;
  AdwComboRow *indication_row;
  AdwEntryRow *indication_note_row;
  AdwComboRow *funding_row;
  GtkSwitch *opt_out_switch;
};

G_DEFINE_FINAL_TYPE (LysPatientEditor, lys_patient_editor, LYS_TYPE_RECORD_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/* Checks the number as it is typed, once it has all its digits */
static void
on_national_id_changed_cb (LysPatientEditor *self)
{
  g_autofree char *number = lys_national_id_clean (text_of (self->national_id_row));
  g_autoptr(GError) error = NULL;
  LysNationalIdInfo info;

  if (strlen (number) < LYS_NATIONAL_ID_LENGTH || lys_national_id_parse (number, NULL, &info, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->national_id_row), "error");
      adw_preferences_group_set_description (self->identity_group, NULL);
      return;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self->national_id_row), "error");
  adw_preferences_group_set_description (self->identity_group, error->message);
}

static void
on_referral_changed_cb (LysPatientEditor *self)
{
  g_autofree char *code = lys_diagnosis_normalize (text_of (self->diagnosis_row));
  gboolean other = adw_combo_row_get_selected (self->indication_row) != LYS_INDICATION_TRD;

  gtk_widget_set_visible (GTK_WIDGET (self->indication_note_row), other);
  gtk_widget_set_visible (GTK_WIDGET (self->funding_row), other);
  adw_preferences_group_set_description (self->referral_group,
                                         lys_diagnosis_is_bipolar (code)
                                           ? _("F31: bipolar depression is treated only together with a mood stabiliser.")
                                           : other
                                             ? _("Another indication than treatment-resistant depression needs an individual assessment.")
                                             : NULL);
}

static void
on_entry_activated_cb (LysPatientEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysPatientEditor *self = LYS_PATIENT_EDITOR (widget);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(LysPatient) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *diagnosis = lys_diagnosis_normalize (text_of (self->diagnosis_row));
  g_autofree char *number = lys_national_id_clean (text_of (self->national_id_row));
  guint sex = adw_combo_row_get_selected (self->sex_row);
  guint indication = adw_combo_row_get_selected (self->indication_row);
  guint funding = adw_combo_row_get_selected (self->funding_row);
  gboolean ok;

  draft = g_object_new (LYS_TYPE_PATIENT,
                        "national-id", number,
                        "given-name", text_of (self->given_name_row),
                        "family-name", text_of (self->family_name_row),
                        "sex", sex > 0 ? lys_sex_to_nick (sex - 1) : NULL,
                        "phone", text_of (self->phone_row),
                        "email", text_of (self->email_row),
                        "escort-name", text_of (self->escort_name_row),
                        "escort-phone", text_of (self->escort_phone_row),
                        "referred-by", text_of (self->referred_by_row),
                        "diagnosis", diagnosis,
                        "indication", lys_indication_to_nick (indication),
                        "indication-note", indication != LYS_INDICATION_TRD ? text_of (self->indication_note_row) : NULL,
                        "funding", indication != LYS_INDICATION_TRD && funding > 0 ? lys_funding_to_nick (funding - 1) : NULL,
                        "registry-opt-out", gtk_switch_get_active (self->opt_out_switch),
                        NULL);

  if (self->patient != NULL)
    ok = lys_store_update_patient (store, self->patient, draft, &error);
  else
    ok = lys_store_add_patient (store, draft, &error);

  if (!ok)
    {
      lys_alert (GTK_WIDGET (self), _("Cannot Save the Patient"), error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, self->patient ? self->patient : draft);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
fill_combo (AdwComboRow *row,
            const char  *first,
            const char *(*label) (guint),
            guint        n)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  if (first != NULL)
    gtk_string_list_append (list, first);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, label (i));
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

static void
lys_patient_editor_dispose (GObject *object)
{
  LysPatientEditor *self = LYS_PATIENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LYS_TYPE_PATIENT_EDITOR);
  g_clear_object (&self->patient);

  G_OBJECT_CLASS (lys_patient_editor_parent_class)->dispose (object);
}

static void
lys_patient_editor_class_init (LysPatientEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_patient_editor_dispose;

  /**
   * LysPatientEditor::saved:
   * @patient: the patient as the store now lists it
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, LYS_TYPE_PATIENT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-patient-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, identity_group);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, referral_group);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, national_id_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, given_name_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, family_name_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, sex_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, phone_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, email_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, escort_name_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, escort_phone_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, referred_by_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, diagnosis_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, indication_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, indication_note_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, funding_row);
  gtk_widget_class_bind_template_child (widget_class, LysPatientEditor, opt_out_switch);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  lys_record_window_class_bind_save (widget_class, "editor.save");
}

static void
lys_patient_editor_init (LysPatientEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: sex not stated */
  fill_combo (self->sex_row, _("Not recorded"), (const char *(*) (guint)) lys_sex_get_label, LYS_N_SEXES);
  fill_combo (self->indication_row, NULL, (const char *(*) (guint)) lys_indication_get_label, LYS_N_INDICATIONS);
  /* Translators: how the treatment is funded, before it is chosen */
  fill_combo (self->funding_row, _("Not stated"), (const char *(*) (guint)) lys_funding_get_label, LYS_N_FUNDINGS);

  g_signal_connect_swapped (self->national_id_row, "changed", G_CALLBACK (on_national_id_changed_cb), self);
  g_signal_connect_swapped (self->diagnosis_row, "changed", G_CALLBACK (on_referral_changed_cb), self);
  g_signal_connect_swapped (self->indication_row, "notify::selected", G_CALLBACK (on_referral_changed_cb), self);
  {
    AdwEntryRow *rows[] = { self->national_id_row, self->given_name_row, self->family_name_row,
                            self->phone_row, self->email_row, self->escort_name_row,
                            self->escort_phone_row, self->referred_by_row, self->diagnosis_row,
                            self->indication_note_row };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      g_signal_connect_swapped (rows[i], "entry-activated", G_CALLBACK (on_entry_activated_cb), self);
  }
}

/**
 * lys_patient_editor_new:
 * @patient: (nullable): the patient to edit; %NULL registers a new one
 */
LysPatientEditor *
lys_patient_editor_new (GtkWindow  *parent,
                        LysStore   *store,
                        LysPatient *patient)
{
  LysPatientEditor *self;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);

  self = g_object_new (LYS_TYPE_PATIENT_EDITOR, "store", store,
                       "transient-for", parent,
                       "title", patient ? _("Edit Patient") : _("New Patient"),
                       NULL);

  if (patient != NULL)
    {
      LysSex sex;

      self->patient = g_object_ref (patient);
      set_text (self->national_id_row, lys_patient_get_national_id (patient));
      set_text (self->given_name_row, lys_patient_get_given_name (patient));
      set_text (self->family_name_row, lys_patient_get_family_name (patient));
      set_text (self->phone_row, lys_patient_get_phone (patient));
      set_text (self->email_row, lys_patient_get_email (patient));
      set_text (self->escort_name_row, lys_patient_get_escort_name (patient));
      set_text (self->escort_phone_row, lys_patient_get_escort_phone (patient));
      set_text (self->referred_by_row, lys_patient_get_referred_by (patient));
      set_text (self->diagnosis_row, lys_patient_get_diagnosis (patient));
      set_text (self->indication_note_row, lys_patient_get_indication_note (patient));
      adw_combo_row_set_selected (self->sex_row,
                                  lys_sex_from_nick (lys_patient_get_sex (patient), &sex) ? sex + 1 : 0);
      adw_combo_row_set_selected (self->indication_row, lys_patient_get_indication (patient));
      adw_combo_row_set_selected (self->funding_row, (guint) (lys_patient_get_funding (patient) + 1));
      gtk_switch_set_active (self->opt_out_switch, lys_patient_get_registry_opt_out (patient));
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->national_id_row));
  return self;
}
