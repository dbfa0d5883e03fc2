/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-preparation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-dialog.h"
#include "lys-form.h"
#include "lys-consent-row.h"
#include "lys-diagnosis.h"
#include "lys-eligibility-window.h"
#include "lys-format.h"
#include "lys-language.h"
#include "lys-patient-view.h"
#include "lys-preparation-note-window.h"
#include "lys-preparation-page.h"
#include "lys-patient-page.h"
#include "lys-time.h"

/* A preparation session's length, minutes */
#define SESSION_MINUTES 60

typedef struct _Form Form;

/* The selected patient's details, what stands between them and the first
 * infusion, and their preparation sessions. Showing them is a read of the
 * patient's record, logged when the page is on screen. */
struct _LysPreparationPage
{
  AdwBin parent_instance;

  LysPatientView view;
  GPtrArray *sessions;          /* LysPreparationSession of the shown patient */
  GPtrArray *session_rows;      /* GtkWidget in sessions_group */
  GPtrArray *staff;             /* LysStaffMember for the open dialog */
  Form *form;                   /* the open dialog's fields */

  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  /* The patient's part (ui/lys-preparation-details.ui), NULL until a
   * patient is first shown */
  AdwPreferencesGroup *gates_group;
  AdwActionRow *eligibility_row;
  LysConsentRow *consent_row;
  AdwActionRow *readiness_row;
  GtkImage *eligibility_icon;
  GtkImage *readiness_icon;
  AdwActionRow *start_row;
  GtkButton *start_button;
  AdwPreferencesGroup *sessions_group;
  AdwPreferencesGroup *referral_group;
  GtkLabel *indication_label;
  AdwPreferencesGroup *patient_group;
  GtkLabel *national_id_label;
  GtkLabel *birth_label;
  GtkLabel *phone_label;
  GtkLabel *escort_label;
  GtkLabel *phase_label;
  GtkLabel *diagnosis_label;
  GtkLabel *referral_label;
  GtkLabel *registry_label;
  AdwActionRow *assigned_row;
  GArray *clinicians;         /* gint64: the staff ids the assign dialog lists */
};

static void lys_preparation_page_patient_page_init (LysPatientPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LysPreparationPage, lys_preparation_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LYS_TYPE_PATIENT_PAGE, lys_preparation_page_patient_page_init))

static void show_assigned (LysPreparationPage *self);
static GtkWindow *parent_window (LysPreparationPage *self);

static void
set_value (GtkLabel   *label,
           const char *value)
{
  gboolean missing = value == NULL || value[0] == '\0';

  /* Translators: shown for a detail that was not recorded */
  gtk_label_set_label (label, missing ? _("Not recorded") : value);
  if (missing)
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
}

static void
toast (LysPreparationPage *self,
       const char         *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
refuse (LysPreparationPage *self,
        const char         *message)
{
  lys_alert (GTK_WIDGET (self), _("Not Done"), message);
}

static void
show_gate (AdwActionRow               *row,
           GtkImage                   *icon,
           const LysPreparationStatus *status,
           LysGate                     gate)
{
  g_autofree char *description = lys_preparation_describe_gate (status, gate);
  gboolean met = lys_preparation_gate_is_met (status, gate);

  adw_action_row_set_subtitle (row, description);
  gtk_image_set_from_icon_name (icon, met ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (icon), met ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (icon), met ? "success" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  /* Translators: the state of a gate before the first infusion */
                                  met ? _("Done") : _("Missing"), -1);
}

/* The note of the session the row's button names */
static void
note_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysPreparationPage *self = LYS_PREPARATION_PAGE (widget);
  gint64 appointment_id = g_variant_get_int64 (parameter);
  LysPreparationSession *session = NULL;
  LysPreparationNoteWindow *window;

  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    if (((LysPreparationSession *) self->sessions->pdata[i])->appointment_id == appointment_id)
      session = self->sessions->pdata[i];
  if (self->view.shown == NULL || session == NULL)
    return;

  window = lys_preparation_note_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                            self->view.store, self->view.shown, session);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_sessions (LysPreparationPage *self,
               gboolean            editable)
{
  for (guint i = 0; i < self->session_rows->len; i++)
    adw_preferences_group_remove (self->sessions_group, self->session_rows->pdata[i]);
  g_ptr_array_set_size (self->session_rows, 0);

  adw_preferences_group_set_description (self->sessions_group,
                                         self->sessions->len == 0
                                           ? _("No preparation session is booked yet.") : NULL);

  for (guint i = 0; i < self->sessions->len; i++)
    {
      LysPreparationSession *session = self->sessions->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;
      g_autofree char *day = lys_format_day (session->starts_at);
      g_autofree char *span = lys_format_time_span (session->starts_at, session->ends_at);
      g_autofree char *title = g_strdup_printf ("%s, %s", day, span);
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf ("%s · %s%s%s", session->psychologist ? session->psychologist : "",
                                  lys_appointment_state_get_label (session->state),
                                  session->has_readiness ? " · " : "",
                                  session->has_readiness ? lys_readiness_get_label (session->readiness) : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      button = gtk_button_new_with_mnemonic (session->has_note ? _("_Note…") : _("Write _Note…"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (button, editable && session->readable && session->state != LYS_APPOINTMENT_CANCELLED);
      if (!session->readable)
        gtk_widget_set_tooltip_text (button, _("The psychologist’s note is for the clinicians treating the patient"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "preparation.note");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", session->appointment_id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->sessions_group, row);
      g_ptr_array_add (self->session_rows, row);
    }
}

/* The course's preparation: gates and sessions, read again after each change */
static void
show_preparation (LysPreparationPage *self)
{
  LysStore *store = self->view.store;
  LysPatient *patient = self->view.shown;
  g_autoptr(GError) error = NULL;
  LysPreparationStatus status;
  gboolean in_preparation;
  gboolean can_record;
  gboolean ready;

  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  if (!lys_store_get_preparation_status (store, lys_patient_get_id (patient), &status, &error) ||
      (self->sessions = lys_store_list_preparation_sessions (store, lys_patient_get_id (patient), &error)) == NULL)
    {
      self->sessions = g_ptr_array_new ();
      gtk_widget_set_visible (GTK_WIDGET (self->gates_group), FALSE);
      show_sessions (self, FALSE);
      adw_preferences_group_set_description (self->sessions_group, error->message);
      return;
    }

  in_preparation = status.phase == LYS_PHASE_PREPARATION;
  ready = lys_preparation_check_ready (&status, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->gates_group), TRUE);
  adw_preferences_group_set_description (self->gates_group,
                                         in_preparation
                                           ? (ready ? _("Everything is in place: the induction can start.")
                                                    : _("The course moves on to infusions when all three are done."))
                                           : _("The course has passed its preparation phase."));
  show_gate (self->eligibility_row, self->eligibility_icon, &status, LYS_GATE_ELIGIBILITY);
  show_gate (ADW_ACTION_ROW (self->consent_row), lys_consent_row_get_icon (self->consent_row), &status,
             LYS_GATE_CONSENT);
  can_record = status.phase == LYS_PHASE_PREPARATION || status.phase == LYS_PHASE_INDUCTION ||
               status.phase == LYS_PHASE_MAINTENANCE;
  lys_consent_row_update (self->consent_row, store, patient, status.consent_recorded, can_record);
  show_gate (self->readiness_row, self->readiness_icon, &status, LYS_GATE_PREPARATION);
  gtk_widget_set_visible (GTK_WIDGET (self->start_row), in_preparation);

  /* The assessment stays readable after preparation; the rest is closed */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preparation.eligibility", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preparation.consent",
                                 can_record && !status.consent_recorded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preparation.book", in_preparation);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preparation.start-induction", in_preparation && ready);
  /* A physician's decision, or the lead's */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preparation.stop-course",
                                 can_record && (lys_store_get_current_role (store) == LYS_ROLE_PHYSICIAN ||
                                                lys_store_is_lead (store)));

  show_sessions (self, in_preparation);
  lys_preparation_status_clear (&status);
}

static void show_patient (gpointer    user_data,
                          LysStore   *store,
                          LysPatient *patient);

/* The patient's part, built the first time a patient is shown: a window
 * opened on nobody does not wait for it */
static void
ensure_details (LysPreparationPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->patient_group != NULL)
    return;
  builder = gtk_builder_new_from_resource (RESOURCE_PATH "/ui/lys-preparation-details.ui");
#define DETAIL(name) self->name = (gpointer) gtk_builder_get_object (builder, #name)
  DETAIL (gates_group);
  DETAIL (eligibility_row);
  DETAIL (consent_row);
  DETAIL (readiness_row);
  DETAIL (eligibility_icon);
  DETAIL (readiness_icon);
  DETAIL (start_row);
  DETAIL (start_button);
  DETAIL (sessions_group);
  DETAIL (referral_group);
  DETAIL (indication_label);
  DETAIL (patient_group);
  DETAIL (national_id_label);
  DETAIL (birth_label);
  DETAIL (phone_label);
  DETAIL (escort_label);
  DETAIL (phase_label);
  DETAIL (diagnosis_label);
  DETAIL (referral_label);
  DETAIL (registry_label);
  DETAIL (assigned_row);
#undef DETAIL
  gtk_stack_add_named (self->stack, GTK_WIDGET (gtk_builder_get_object (builder, "details")), "patient");
}

static void
show_patient (gpointer    user_data,
              LysStore   *store,
              LysPatient *patient)
{
  LysPreparationPage *self = user_data;
  g_autofree char *name = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *diagnosis = NULL;
  LysPhase phase;

  if (patient == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  ensure_details (self);
  name = lys_patient_dup_display_name (patient);
  birth = lys_time_format_date (lys_patient_get_birth_date (patient));

  adw_preferences_group_set_title (self->patient_group, name);
  set_value (self->national_id_label, lys_patient_get_national_id (patient));
  set_value (self->birth_label, birth);
  set_value (self->phone_label, lys_patient_get_phone (patient));
  set_value (self->escort_label, lys_patient_get_escort_name (patient));
  set_value (self->diagnosis_label, lys_patient_get_diagnosis (patient));
  set_value (self->indication_label, lys_indication_get_label (lys_patient_get_indication (patient)));
  adw_preferences_group_set_description (self->referral_group,
                                         lys_diagnosis_is_bipolar (lys_patient_get_diagnosis (patient))
                                           ? _("F31: bipolar depression is treated only together with a mood stabiliser.")
                                           : lys_patient_get_indication (patient) != LYS_INDICATION_TRD
                                             ? lys_patient_get_indication_note (patient) : NULL);
  set_value (self->referral_label, lys_patient_get_referred_by (patient));
  set_value (self->phase_label,
             lys_phase_from_nick (lys_patient_get_phase (patient), &phase)
               ? lys_phase_get_label (phase) : _("No course yet"));
  gtk_label_set_label (self->registry_label,
                       lys_patient_get_registry_opt_out (patient)
                         ? _("Opted out") : _("Included"));
  show_assigned (self);

  show_preparation (self);
  gtk_stack_set_visible_child_name (self->stack, "patient");
}

/* Who treats the patient, besides whoever holds their sessions */
static void
show_assigned (LysPreparationPage *self)
{
  g_autofree char *names = NULL;

  if (self->view.shown == NULL || self->assigned_row == NULL)
    return;
  names = lys_store_dup_assigned_names (self->view.store, lys_patient_get_id (self->view.shown), NULL);
  adw_action_row_set_subtitle (self->assigned_row,
                               names && *names ? names : _("None besides those who hold the patient’s sessions"));
}

/**
 * lys_preparation_page_assign:
 * @staff_id: a clinician
 *
 * Assigns the clinician to the patient shown, or says why not.
 */
gboolean
lys_preparation_page_assign (LysPreparationPage  *self,
                             gint64               staff_id,
                             GError             **error)
{
  g_return_val_if_fail (LYS_IS_PREPARATION_PAGE (self), FALSE);
  g_return_val_if_fail (self->view.shown != NULL, FALSE);

  if (!lys_store_assign (self->view.store, lys_patient_get_id (self->view.shown), staff_id, error))
    return FALSE;
  show_assigned (self);
  return TRUE;
}

static void
on_assign_response_cb (AdwMessageDialog   *dialog,
                       const char         *response,
                       LysPreparationPage *self)
{
  g_autoptr(GError) error = NULL;
  guint chosen = lys_form_dialog_get_choice (dialog, "clinician");

  if (!g_str_equal (response, "assign") || self->clinicians == NULL || chosen >= self->clinicians->len)
    return;
  if (!lys_preparation_page_assign (self, g_array_index (self->clinicians, gint64, chosen), &error))
    refuse (self, error->message);
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LysPreparationPage *self = LYS_PREPARATION_PAGE (widget);
  g_autoptr(GPtrArray) staff = NULL;
  /* The dialog's drop-down takes it */
  GtkStringList *names = gtk_string_list_new (NULL);
  AdwMessageDialog *dialog;

  if (self->view.shown == NULL)
    {
      g_object_unref (names);
      return;
    }
  staff = lys_store_list_staff (self->view.store, LYS_N_ROLES, NULL);
  g_clear_pointer (&self->clinicians, g_array_unref);
  self->clinicians = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      LysStaffMember *member = g_ptr_array_index (staff, i);
      g_autofree char *label = NULL;

      if (member->role == LYS_ROLE_COORDINATOR)
        continue;
      /* Translators: a staff member and their role, e.g. "Petra Psykolog (Psychologist)" */
      label = g_strdup_printf (_("%1$s (%2$s)"), member->name, lys_role_get_label (member->role));
      gtk_string_list_append (names, label);
      g_array_append_val (self->clinicians, member->id);
    }

  dialog = lys_form_new_dialog (widget, _("Assign a Clinician?"),
                                _("An assigned clinician sees the patient’s clinical record while need-to-know access "
                                  "is on. The assignment is logged in the patient’s record."),
                                "assign", _("_Assign"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_choice (dialog, "clinician", _("_Clinician"), G_LIST_MODEL (names));
  lys_dialog_ask (dialog, G_CALLBACK (on_assign_response_cb), self);
}

static GtkWindow *
parent_window (LysPreparationPage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static void
eligibility_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LysPreparationPage *self = LYS_PREPARATION_PAGE (widget);
  g_autoptr(GError) error = NULL;
  LysEligibilityWindow *window;

  if (self->view.shown == NULL)
    return;

  window = lys_eligibility_window_new (parent_window (self), self->view.store, self->view.shown, &error);
  if (window == NULL)
    {
      refuse (self, error->message);
      return;
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* What an accepted form does with its date (and time) and staff member */
typedef gboolean (*FormAccept) (LysPreparationPage  *self,
                                Form                *form,
                                GDateTime           *when,
                                gint64               staff_id,
                                GError             **error);

/* A dialog's form: a date entry, a time entry (optional) and a staff list;
 * for a consent, the version and language of the form signed */
struct _Form
{
  GtkEntry *date;
  GtkEntry *time;
  GtkDropDown *staff;
  GtkDropDown *version;
  GtkDropDown *language;
  GStrv versions;
  FormAccept accept;
  const char *done;   /* the toast once accepted */
};

static void
form_free (Form *form)
{
  g_strfreev (form->versions);
  g_free (form);
}

static gint64
form_staff_id (LysPreparationPage *self,
               Form               *form)
{
  guint selected = gtk_drop_down_get_selected (form->staff);

  if (self->staff == NULL || selected >= self->staff->len)
    return 0;
  return ((LysStaffMember *) self->staff->pdata[selected])->id;
}

static void
on_form_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     LysPreparationPage *self)
{
  Form *form = self->form;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = NULL;

  if (!g_str_equal (response, "accept") || self->view.shown == NULL)
    return;

  when = lys_time_parse_day_and_time (gtk_editable_get_text (GTK_EDITABLE (form->date)),
                                      form->time ? gtk_editable_get_text (GTK_EDITABLE (form->time)) : "0:00",
                                      &error);
  /* A refusal keeps the form and what was typed, saying why */
  if (when == NULL)
    {
      lys_alert_refuse_answer (dialog, error->message);
      return;
    }

  if (form->accept (self, form, when, form_staff_id (self, form), &error))
    toast (self, form->done);
  else
    lys_alert_refuse_answer (dialog, error->message);
}

/* Asks for a date (and a time) and a staff member with @role; @accept gets
 * them once they parse */
static void
open_form (LysPreparationPage *self,
           const char         *heading,
           const char         *body,
           const char         *accept_label,
           LysRole             role,
           gboolean            with_time,
           gboolean            with_consent_form,
           FormAccept          accept,
           const char         *done)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d.%m.%Y");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  AdwMessageDialog *dialog;
  GtkWidget *box;
  Form *form;

  g_clear_pointer (&self->staff, g_ptr_array_unref);
  self->staff = lys_store_list_staff (self->view.store, role, &error);
  if (self->staff == NULL)
    {
      refuse (self, error->message);
      return;
    }
  if (self->staff->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_("No active staff member is registered as: %s."),
                                                  lys_role_get_label (role));
      refuse (self, message);
      return;
    }
  for (guint i = 0; i < self->staff->len; i++)
    gtk_string_list_append (names, ((LysStaffMember *) self->staff->pdata[i])->name);

  dialog = lys_alert_new_dialog (GTK_WIDGET (self), heading, body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  form = g_new0 (Form, 1);
  form->accept = accept;
  form->done = done;

  form->date = GTK_ENTRY (lys_form_add_field (box, _("_Date (dd.mm.yyyy)"), gtk_entry_new ()));
  gtk_editable_set_text (GTK_EDITABLE (form->date), today);
  gtk_entry_set_activates_default (form->date, TRUE);
  if (with_time)
    {
      form->time = GTK_ENTRY (lys_form_add_field (box, _("_Time (hh:mm)"), gtk_entry_new ()));
      gtk_editable_set_text (GTK_EDITABLE (form->time), "09:00");
      gtk_entry_set_activates_default (form->time, TRUE);
    }
  form->staff = GTK_DROP_DOWN (lys_form_add_field (box, lys_role_get_label (role),
                                         gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL)));
  for (guint i = 0; i < self->staff->len; i++)
    if (((LysStaffMember *) self->staff->pdata[i])->id == lys_store_get_current_staff_id (self->view.store))
      gtk_drop_down_set_selected (form->staff, i);

  if (with_consent_form)
    {
      g_autofree char *language = lys_store_dup_form_language (self->view.store, lys_patient_get_id (self->view.shown));
      g_auto(GStrv) languages = lys_language_dup_names ();

      form->versions = lys_store_list_consent_versions (self->view.store, NULL);
      form->version = GTK_DROP_DOWN (lys_form_add_field (box, _("Form _version signed"),
                                               gtk_drop_down_new_from_strings ((const char * const *) form->versions)));
      form->language = GTK_DROP_DOWN (lys_form_add_field (box, _("Form _language"), gtk_drop_down_new_from_strings ((const char * const *) languages)));
      gtk_drop_down_set_selected (form->language, lys_language_get_position (language));
    }
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "accept", accept_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "accept", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "accept");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_clear_pointer (&self->form, form_free);
  self->form = form;
  g_signal_connect (dialog, "response", G_CALLBACK (on_form_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
record_consent (LysPreparationPage  *self,
                Form                *form,
                GDateTime           *when,
                gint64               physician_id,
                GError             **error)
{
  guint version = gtk_drop_down_get_selected (form->version);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (when), g_date_time_get_month (when),
                  g_date_time_get_year (when));
  return lys_store_record_consent (self->view.store, lys_patient_get_id (self->view.shown), &date, physician_id,
                                   form->versions != NULL && version < g_strv_length (form->versions)
                                     ? form->versions[version] : NULL,
                                   lys_language_get_document (gtk_drop_down_get_selected (form->language)), error);
}

static void
consent_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_form (LYS_PREPARATION_PAGE (widget), _("Record the Signed Consent"),
             _("Enter the date on the signed off-label consent form and the physician who went through it with the patient."),
             _("_Record"), LYS_ROLE_PHYSICIAN, FALSE, TRUE, record_consent, _("Consent recorded"));
}

static gboolean
book_session (LysPreparationPage  *self,
              Form                *form,
              GDateTime           *when,
              gint64               psychologist_id,
              GError             **error)
{
  return lys_store_book_preparation (self->view.store, lys_patient_get_id (self->view.shown), when,
                                     SESSION_MINUTES, psychologist_id, error) != 0;
}

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_form (LYS_PREPARATION_PAGE (widget), _("Book a Preparation Session"),
             _("A session lasts an hour. The patient and the psychologist must both be free."),
             _("_Book"), LYS_ROLE_PSYCHOLOGIST, TRUE, FALSE, book_session, _("Preparation session booked"));
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  toast (LYS_PREPARATION_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
start_induction_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LysPreparationPage *self = LYS_PREPARATION_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->view.shown == NULL)
    return;

  if (!lys_store_start_induction (self->view.store, lys_patient_get_id (self->view.shown), &error))
    refuse (self, error->message);
  else
    toast (self, _("The course is now in its induction phase"));
}

static void
on_stop_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     LysPreparationPage *self)
{
  g_autoptr(GError) error = NULL;
  /* The first choice is "not chosen" */
  guint reason = lys_form_dialog_get_choice (dialog, "reason");
  guint cancelled = 0;

  if (!g_str_equal (response, "stop") || self->view.shown == NULL)
    return;
  if (reason == 0)
    {
      lys_alert_refuse_answer (dialog, _("Choose why the course is stopped."));
      return;
    }
  if (!lys_store_stop_course (self->view.store, lys_patient_get_id (self->view.shown), reason - 1,
                              lys_form_dialog_get_text (dialog, "note"), &cancelled, &error))
    {
      lys_alert_refuse_answer (dialog, error->message);
      return;
    }
  if (cancelled > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("The course is stopped, and %u planned infusion is cancelled",
                                                            "The course is stopped, and %u planned infusions are cancelled",
                                                            cancelled), cancelled);

      toast (self, message);
    }
  else
    toast (self, _("The course is stopped"));
}

static void
stop_course_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LysPreparationPage *self = LYS_PREPARATION_PAGE (widget);
  GtkStringList *reasons;
  AdwMessageDialog *dialog;

  if (self->view.shown == NULL)
    return;

  reasons = gtk_string_list_new (NULL);
  /* Translators: a reason for stopping, before one is chosen */
  gtk_string_list_append (reasons, _("Choose…"));
  for (guint i = 0; i < LYS_N_STOP_REASONS; i++)
    gtk_string_list_append (reasons, lys_stop_reason_get_label (i));

  dialog = lys_form_new_dialog (widget, _("Stop the Course?"),
                                _("The course ends today. Infusions booked ahead are cancelled; sessions with the "
                                  "psychologist stay. The reason is counted in the clinic’s reports; your note stays "
                                  "in the patient’s record only."),
                                "stop", _("_Stop Course"), ADW_RESPONSE_DESTRUCTIVE);
  lys_form_dialog_add_choice (dialog, "reason", _("_Reason"), G_LIST_MODEL (reasons));
  lys_form_dialog_add_entry (dialog, "note", _("_Note (needed for Another reason)"), "");
  lys_dialog_ask (dialog, G_CALLBACK (on_stop_response_cb), self);
}

static void
lys_preparation_page_patient_page_init (LysPatientPageInterface *iface)
{
  iface->view_offset = G_STRUCT_OFFSET (LysPreparationPage, view);
}

static void
lys_preparation_page_dispose (GObject *object)
{
  LysPreparationPage *self = LYS_PREPARATION_PAGE (object);

  lys_patient_view_clear (&self->view);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->session_rows, g_ptr_array_unref);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_clear_pointer (&self->clinicians, g_array_unref);
  g_clear_pointer (&self->form, form_free);
  /* AdwBin releases the template's child itself */

  G_OBJECT_CLASS (lys_preparation_page_parent_class)->dispose (object);
}

static void
lys_preparation_page_class_init (LysPreparationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_preparation_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-preparation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, stack);

  gtk_widget_class_install_action (widget_class, "preparation.eligibility", NULL, eligibility_action);
  gtk_widget_class_install_action (widget_class, "preparation.note", "x", note_action);
  gtk_widget_class_install_action (widget_class, "preparation.consent", NULL, consent_action);
  gtk_widget_class_install_action (widget_class, "preparation.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "preparation.book", NULL, book_action);
  gtk_widget_class_install_action (widget_class, "preparation.start-induction", NULL, start_induction_action);
  gtk_widget_class_install_action (widget_class, "preparation.stop-course", NULL, stop_course_action);
  gtk_widget_class_install_action (widget_class, "preparation.assign", NULL, assign_action);
}

static void
lys_preparation_page_init (LysPreparationPage *self)
{
  g_type_ensure (LYS_TYPE_CONSENT_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->session_rows = g_ptr_array_new ();
  lys_patient_view_init (&self->view, GTK_WIDGET (self), "preparation", show_patient, self);
}
