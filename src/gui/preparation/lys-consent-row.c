/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-consent-row"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-dialog.h"
#include "lys-file-chooser.h"
#include "lys-form.h"
#include "lys-consent-print.h"
#include "lys-consent-row.h"
#include "lys-time.h"

/* The off-label consent in the Preparation area: where it stands, and the
 * form: printed (with preview) or saved as PDF in the patient's language,
 * and a withdrawal recorded. Recording the signature is the page's. */
struct _LysConsentRow
{
  AdwActionRow parent_instance;

  LysStore *store;
  LysPatient *patient;
  char *form_language;      /* "nb", "nn" or "en": the patient's, as the menu shows it */
  char *after_physician;    /* the action to go on with once the physician is chosen */
  gboolean updating;

  GtkImage *icon;
  GtkButton *record_button;
};

G_DEFINE_FINAL_TYPE (LysConsentRow, lys_consent_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_FORM_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWindow *
parent_window (LysConsentRow *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static LysConsentForm *
make_form (LysConsentRow *self)
{
  g_autoptr(GError) error = NULL;
  LysConsentForm *form;

  /* The physician chosen for the course, whoever prints */
  form = lys_store_make_consent_form (self->store, lys_patient_get_id (self->patient), NULL, 0, &error);
  if (form == NULL)
    lys_alert (GTK_WIDGET (self), _("The Form Cannot Be Made"), error->message);
  return form;
}

static void
on_physician_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          LysConsentRow    *self)
{
  gint64 physician = lys_form_dialog_get_choice_id (dialog, "physician");
  g_autofree char *then = g_steal_pointer (&self->after_physician);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "choose") || self->patient == NULL || physician == 0)
    return;
  if (!lys_store_set_consent_physician (self->store, lys_patient_get_id (self->patient), physician, &error))
    {
      self->after_physician = g_steal_pointer (&then);
      lys_alert_refuse_answer (dialog, error->message);
      return;
    }
  /* On with what was asked for: the form now names its physician */
  gtk_widget_activate_action (GTK_WIDGET (self), then, NULL);
}

/* The physician who goes through the form is chosen once for the course,
 * before the first form is printed; %TRUE when chosen already */
static gboolean
ensure_physician (LysConsentRow *self,
                  const char    *then)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) physicians = NULL;
  GArray *ids;
  AdwMessageDialog *dialog;
  guint preferred = 0;

  if (lys_store_get_consent_physician (self->store, lys_patient_get_id (self->patient)) != 0)
    return TRUE;

  physicians = lys_store_list_staff (self->store, LYS_ROLE_PHYSICIAN, &error);
  if (physicians == NULL || physicians->len == 0)
    {
      lys_alert (GTK_WIDGET (self), _("The Form Cannot Be Made"),
                 error ? error->message : _("The clinic has no physician yet. Add one in Preferences, Staff."));
      return FALSE;
    }
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), physicians->len);
  for (guint i = 0; i < physicians->len; i++)
    {
      LysStaffMember *member = physicians->pdata[i];

      gtk_string_list_append (names, member->name);
      g_array_append_val (ids, member->id);
      if (member->id == lys_store_get_current_staff_id (self->store))
        preferred = i;
    }

  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Who Goes Through the Form?"),
                                _("The physician responsible for the consent is chosen once for the course: every form printed for it names them, whoever prints it."),
                                "choose", _("C_hoose"), ADW_RESPONSE_SUGGESTED);
  gtk_drop_down_set_selected (lys_form_dialog_add_choice (dialog, "physician", _("Responsible _physician"),
                                                          G_LIST_MODEL (g_steal_pointer (&names))),
                              preferred);
  lys_form_dialog_set_choice_ids (dialog, "physician", ids);
  g_free (self->after_physician);
  self->after_physician = g_strdup (then);
  lys_dialog_ask (dialog, G_CALLBACK (on_physician_response_cb), self);
  return FALSE;
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  LysConsentRow           *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      lys_alert (GTK_WIDGET (self), _("The Form Was Not Printed"), error->message);
    }
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LysConsentRow *self = LYS_CONSENT_ROW (widget);
  g_autoptr(LysConsentPrint) operation = NULL;
  g_autoptr(GError) error = NULL;
  LysConsentForm *form;

  if (self->patient == NULL || !ensure_physician (self, "consent.print") || (form = make_form (self)) == NULL)
    return;

  operation = lys_consent_print_new (form);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done_cb), self, 0);
  if (gtk_print_operation_run (GTK_PRINT_OPERATION (operation), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               parent_window (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    lys_alert (GTK_WIDGET (self), _("The Form Was Not Printed"), error->message);
}

static void
on_pdf_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  LysConsentRow   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *clinic = NULL;
  g_autoptr(LysConsentForm) form = NULL;

  file = lys_file_chooser_finish (chooser, response);
  path = file ? g_file_get_path (file) : NULL;
  if (path == NULL || self->patient == NULL || (form = make_form (self)) == NULL)
    return;

  clinic = lys_store_dup_clinic_name (self->store);
  if (!lys_consent_form_write_pdf (form, path, clinic, &error))
    {
      lys_alert (GTK_WIDGET (self), _("The Form Was Not Saved"), error->message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "preparation.toast", "s", _("Consent form saved as PDF"));
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  static const char *pdf[] = { "pdf", NULL };
  LysConsentRow *self = LYS_CONSENT_ROW (widget);
  GtkFileChooserNative *chooser;

  if (self->patient == NULL || !ensure_physician (self, "consent.save-pdf"))
    return;
  chooser = lys_file_chooser_new (parent_window (self), _("Save the Consent Form as PDF"), _("_Save"),
                                  _("PDF documents"), "application/pdf", pdf,
                                  /* Translators: a file name, without the patient's name or number; no spaces */
                                  _("consent-form.pdf"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_pdf_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The menu's language choice: saved with the patient */
static void
set_form_language (LysConsentRow *self,
                   const char    *language)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (self->form_language, language) == 0)
    return;
  g_free (self->form_language);
  self->form_language = g_strdup (language);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM_LANGUAGE]);

  if (self->updating || self->patient == NULL)
    return;
  if (!lys_store_set_form_language (self->store, lys_patient_get_id (self->patient), language, &error))
    lys_alert (GTK_WIDGET (self), _("Not Done"), error->message);
}

static void
on_withdraw_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         LysConsentRow    *self)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  if (!g_str_equal (response, "withdraw") || self->patient == NULL)
    return;

  if (!lys_time_parse_date (lys_form_dialog_get_text (dialog, "date"), &date))
    {
      lys_alert (GTK_WIDGET (self), _("Not Done"), _("The date is not valid: write it like 23.11.2026."));
      return;
    }
  if (!lys_store_withdraw_consent (self->store, lys_patient_get_id (self->patient), &date,
                                   lys_form_dialog_get_text (dialog, "reason"), &error))
    {
      lys_alert (GTK_WIDGET (self), _("Not Done"), error->message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "preparation.toast", "s", _("Withdrawal recorded"));
}

static void
withdraw_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LysConsentRow *self = LYS_CONSENT_ROW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d.%m.%Y");
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Record a Withdrawal?"),
                                _("The patient withdraws the consent to treatment with ketamine. No further infusions can be booked or given until a new consent is signed and recorded."),
                                "withdraw", _("_Record Withdrawal"), ADW_RESPONSE_DESTRUCTIVE);
  lys_form_dialog_add_entry (dialog, "date", _("_Date of withdrawal (dd.mm.yyyy)"), today);
  lys_form_dialog_add_entry (dialog, "reason", _("_Reason"), "");
  g_signal_connect (dialog, "response", G_CALLBACK (on_withdraw_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lys_consent_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LysConsentRow *self = LYS_CONSENT_ROW (object);

  if (prop_id == PROP_FORM_LANGUAGE)
    g_value_set_string (value, self->form_language);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lys_consent_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LysConsentRow *self = LYS_CONSENT_ROW (object);

  if (prop_id == PROP_FORM_LANGUAGE)
    set_form_language (self, g_value_get_string (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lys_consent_row_dispose (GObject *object)
{
  LysConsentRow *self = LYS_CONSENT_ROW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->patient);
  g_clear_pointer (&self->form_language, g_free);
  g_clear_pointer (&self->after_physician, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LYS_TYPE_CONSENT_ROW);

  G_OBJECT_CLASS (lys_consent_row_parent_class)->dispose (object);
}

static void
lys_consent_row_class_init (LysConsentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_consent_row_dispose;
  object_class->get_property = lys_consent_row_get_property;
  object_class->set_property = lys_consent_row_set_property;

  /**
   * LysConsentRow:form-language:
   *
   * The language the patient reads the form in, "nb" or "en".
   */
  properties[PROP_FORM_LANGUAGE] = g_param_spec_string ("form-language", NULL, NULL, "nb",
                                                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                        G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-consent-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LysConsentRow, icon);
  gtk_widget_class_bind_template_child (widget_class, LysConsentRow, record_button);

  gtk_widget_class_install_action (widget_class, "consent.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "consent.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "consent.withdraw", NULL, withdraw_action);
  gtk_widget_class_install_property_action (widget_class, "consent.language", "form-language");
}

static void
lys_consent_row_init (LysConsentRow *self)
{
  self->form_language = g_strdup ("nb");
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkImage *
lys_consent_row_get_icon (LysConsentRow *self)
{
  g_return_val_if_fail (LYS_IS_CONSENT_ROW (self), NULL);
  return self->icon;
}

/**
 * lys_consent_row_update:
 * @recorded: whether a consent is on record (and not withdrawn)
 * @can_record: whether a signature can be recorded now
 *
 * Follows the shown patient. The page shows where the consent stands.
 */
void
lys_consent_row_update (LysConsentRow *self,
                        LysStore      *store,
                        LysPatient    *patient,
                        gboolean       recorded,
                        gboolean       can_record)
{
  g_autofree char *language = NULL;

  g_return_if_fail (LYS_IS_CONSENT_ROW (self));

  g_set_object (&self->store, store);
  g_set_object (&self->patient, patient);
  if (store != NULL && patient != NULL)
    {
      language = lys_store_dup_form_language (store, lys_patient_get_id (patient));
      self->updating = TRUE;
      set_form_language (self, language);
      self->updating = FALSE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->record_button), can_record && !recorded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.withdraw", recorded);
}
