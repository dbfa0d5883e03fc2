/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-consent-form-page.h"
#include "lys-dialog.h"
#include "lys-file-chooser.h"
#include "lys-note-templates-page.h"
#include "lys-form.h"
#include "lys-institution-group.h"
#include "lys-preferences-window.h"
#include "lys-rooms-page.h"
#include "lys-staff-page.h"
#include "lys-store-drugs.h"

/* The clinic settings, saved as they are changed (each change validated
 * against the others, refused with a toast that says why). */
struct _LysPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  LysStore *store;
  GSettings *settings;
  AdwActionRow *backup_folder_row;
  GtkWidget *backup_off_button;
  GtkSpinButton *backup_keep_spin;
  AdwEntryRow *name_row;
  AdwPasswordEntryRow *witness_row;
  AdwActionRow *lead_row;
  GtkWidget *lead_button;
  AdwComboRow *role_row;
  GtkSpinButton *spins[LYS_N_SETTINGS];
  GtkSpinButton *changing;      /* the setting whose change is being asked about */
  GtkWidget *rows[LYS_N_SETTINGS];

  AdwPreferencesGroup *infusion_group;
  AdwPreferencesGroup *dose_group;
  AdwPreferencesGroup *vitals_group;
  AdwPreferencesGroup *course_group;
  LysInstitutionGroup *institution_group;
  LysRoomsPage *rooms_page;
  LysConsentFormPage *consent_form_page;
  LysNoteTemplatesPage *note_templates_page;
  LysStaffPage *staff_page;
};

G_DEFINE_FINAL_TYPE (LysPreferencesWindow, lys_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *
unit_for (LysSetting setting)
{
  switch (setting)
    {
    case LYS_SETTING_INFUSION_MINUTES:
    case LYS_SETTING_OBSERVATION_MINUTES:
    case LYS_SETTING_TURNOVER_MINUTES:
      return _("minutes");
    case LYS_SETTING_DOSE_DEFAULT:
    case LYS_SETTING_DOSE_MIN:
    case LYS_SETTING_DOSE_MAX:
      return _("mg/kg");
    case LYS_SETTING_SPO2_ALERT:
      /* Translators: oxygen saturation below this value raises an alert */
      return _("% SpO₂, alert below");
    case LYS_SETTING_BP_START_SYSTOLIC:
    case LYS_SETTING_BP_START_DIASTOLIC:
      /* Translators: blood pressure unit; starting is blocked at or above */
      return _("mmHg, blocks start at or above");
    case LYS_SETTING_BP_ALERT_SYSTOLIC:
    case LYS_SETTING_BP_ALERT_DIASTOLIC:
      /* Translators: blood pressure unit; alert strictly above */
      return _("mmHg, alert above");
    case LYS_SETTING_COURSE_INFUSIONS:
      return _("infusions; more belong to a maintenance course");
    case LYS_SETTING_COURSE_MIN_HOURS:
      /* Translators: the least time between two infusions of a course */
      return _("hours at least");
    case LYS_SETTING_COURSE_MAX_PER_WEEK:
      return _("at most, Monday to Sunday");
    case LYS_SETTING_COURSE_DAYS:
      /* Translators: all infusions of an induction course within this many days of the first */
      return _("days from the first infusion to the last");
    case LYS_SETTING_COURSE_COUNT_SHARE:
      /* Translators: an infusion stopped early counts towards the course's six only when at least this share of its dose was given */
      return _("percent of the dose given; below it, another infusion is planned in its place");
    case LYS_SETTING_CONSUMABLES_NOK:
      /* Translators: the cost of drug, cannula, line and the rest for one infusion, in the clinic report */
      return _("NOK per session, for the clinic report");
    case LYS_SETTING_DRUG_COUNT_DAYS:
      /* Translators: the ketamine cabinet is counted at least this often */
      return _("days at most between two counts");
    case LYS_N_SETTINGS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static AdwPreferencesGroup *
group_for (LysPreferencesWindow *self,
           LysSetting            setting)
{
  if (setting <= LYS_SETTING_TURNOVER_MINUTES)
    return self->infusion_group;
  if (setting <= LYS_SETTING_DOSE_MAX)
    return self->dose_group;
  if (setting <= LYS_SETTING_SPO2_ALERT)
    return self->vitals_group;
  return self->course_group;
}

static void on_value_changed_cb (GtkSpinButton        *spin,
                                 LysPreferencesWindow *self);

/* The setting @spin shows */
static LysSetting
setting_of (LysPreferencesWindow *self,
            GtkSpinButton        *spin)
{
  for (guint i = 0; i < LYS_N_SETTINGS; i++)
    if (self->spins[i] == spin)
      return i;
  g_return_val_if_reached (0);
}

/* Back to what is stored: nothing was written */
static void
show_stored (LysPreferencesWindow *self,
             GtkSpinButton        *spin)
{
  LysSetting setting = setting_of (self, spin);

  g_signal_handlers_block_by_func (spin, on_value_changed_cb, self);
  gtk_spin_button_set_value (spin, lys_store_get_setting (self->store, setting));
  g_signal_handlers_unblock_by_func (spin, on_value_changed_cb, self);
}

static void
store_value (LysPreferencesWindow *self,
             GtkSpinButton        *spin)
{
  LysSetting setting = setting_of (self, spin);
  g_autoptr(GError) error = NULL;

  if (lys_store_set_setting (self->store, setting, gtk_spin_button_get_value (spin), &error))
    return;

  lys_alert_toast (GTK_WIDGET (self), error->message);
  show_stored (self, spin);
}

static void
on_change_response_cb (AdwMessageDialog     *dialog,
                       const char           *response,
                       LysPreferencesWindow *self)
{
  GtkSpinButton *spin = g_steal_pointer (&self->changing);

  if (spin == NULL)
    return;
  if (g_str_equal (response, "change"))
    store_value (self, spin);
  else
    show_stored (self, spin);
}

/* A setting of the treatment changes for every patient: asked first,
 * saying from what to what, and for whom */
static void
on_value_changed_cb (GtkSpinButton        *spin,
                     LysPreferencesWindow *self)
{
  LysSetting setting = setting_of (self, spin);
  const LysSettingSpec *spec = lys_setting_get_spec (setting);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (!lys_setting_is_clinical (setting))
    {
      store_value (self, spin);
      return;
    }

  /* Translators: %s is a setting, e.g. "Default dose rate" */
  heading = g_strdup_printf (_("Change “%s”?"), lys_setting_get_label (setting));
  /* Translators: "From 0.50 to 0.55 (mg/kg).\n\nEvery infusion not yet started …" */
  body = g_strdup_printf (_("From %.*f to %.*f (%s).\n\n%s"), (int) spec->digits,
                          lys_store_get_setting (self->store, setting), (int) spec->digits,
                          gtk_spin_button_get_value (spin), unit_for (setting), lys_setting_get_effect (setting));
  dialog = lys_form_new_dialog (GTK_WIDGET (self), heading, body, "change", _("C_hange"), ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_label (dialog, "cancel", _("_Keep As It Was"));
  adw_message_dialog_set_default_response (dialog, "cancel");
  self->changing = spin;
  lys_dialog_ask (dialog, G_CALLBACK (on_change_response_cb), self);
}

static void
add_setting_row (LysPreferencesWindow *self,
                 LysSetting            setting)
{
  const LysSettingSpec *spec = lys_setting_get_spec (setting);
  const char *label = lys_setting_get_label (setting);
  GtkAdjustment *adjustment;
  GtkWidget *row, *spin;

  adjustment = gtk_adjustment_new (lys_store_get_setting (self->store, setting),
                                   spec->minimum, spec->maximum, spec->step, spec->step * 5, 0);
  spin = gtk_spin_button_new (adjustment, spec->step, spec->digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_value_changed_cb), self);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), unit_for (setting));
  lys_form_row_add_field (ADW_ACTION_ROW (row), spin);

  adw_preferences_group_add (group_for (self, setting), row);
  self->spins[setting] = GTK_SPIN_BUTTON (spin);
  self->rows[setting] = row;
}

static void show_lead (LysPreferencesWindow *self);
static void show_witness (LysPreferencesWindow *self);

static void
on_profile_changed_cb (LysPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (lys_store_update_current_profile (self->store, gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                        adw_combo_row_get_selected (self->role_row), &error))
    {
      show_lead (self);
      show_witness (self);
      return;
    }

  lys_alert_toast (GTK_WIDGET (self), error->message);
  g_signal_handlers_block_by_func (self->role_row, on_profile_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), lys_store_get_current_staff_name (self->store));
  adw_combo_row_set_selected (self->role_row, lys_store_get_current_role (self->store));
  g_signal_handlers_unblock_by_func (self->role_row, on_profile_changed_cb, self);
}

/* The code this staff member types when they witness a waste or a count
 * of ketamine at a colleague's workstation */
static void
show_witness (LysPreferencesWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->witness_row),
                          lys_store_get_current_role (self->store) != LYS_ROLE_COORDINATOR);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->witness_row),
                                 lys_store_has_witness_code (self->store)
                                 ? _("Witness code (set; type a new one to change it)")
                                 : _("Witness code, for the ketamine record"));
}

static void
on_witness_code_cb (LysPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->witness_row));

  if (!lys_store_set_witness_code (self->store, code, &error))
    {
      lys_alert_toast (GTK_WIDGET (self), error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->witness_row), "");
  show_witness (self);
  lys_alert_toast (GTK_WIDGET (self), _("Your witness code is set"));
}

static void show_lead (LysPreferencesWindow *self);

static void
lys_preferences_window_constructed (GObject *object)
{
  LysPreferencesWindow *self = LYS_PREFERENCES_WINDOW (object);
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (lys_preferences_window_parent_class)->constructed (object);

  for (guint i = 0; i < LYS_N_SETTINGS; i++)
    add_setting_row (self, i);
  lys_institution_group_set_store (self->institution_group, self->store);
  lys_rooms_page_set_store (self->rooms_page, self->store);
  lys_consent_form_page_set_store (self->consent_form_page, self->store);
  lys_note_templates_page_set_store (self->note_templates_page, self->store);
  lys_staff_page_set_store (self->staff_page, self->store);

  for (guint i = 0; i < LYS_N_ROLES; i++)
    gtk_string_list_append (roles, lys_role_get_label (i));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  adw_combo_row_set_selected (self->role_row, lys_store_get_current_role (self->store));
  /* On a clinic server, the role is the group its administrator gave the login */
  if (lys_store_roles_set_on_server (self->store))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->role_row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row), _("Set on the clinic’s server by its administrator"));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), lys_store_get_current_staff_name (self->store));
  g_signal_connect_swapped (self->role_row, "notify::selected", G_CALLBACK (on_profile_changed_cb), self);
  g_signal_connect_swapped (self->name_row, "apply", G_CALLBACK (on_profile_changed_cb), self);
  show_lead (self);
  show_witness (self);
}

/* Who leads the clinic: until someone does, access is open to clinicians */
static void
show_lead (LysPreferencesWindow *self)
{
  gboolean has_lead = lys_store_has_lead (self->store);

  adw_action_row_set_subtitle (self->lead_row,
                               lys_store_is_lead (self->store)
                               ? _("You: you manage staff, settings, reports and the audit log")
                               : has_lead ? _("Named: access to records follows assignment and treatment")
                                          : _("None yet: every clinician reads every record until a lead is named"));
  gtk_widget_set_visible (self->lead_button, !has_lead && !lys_store_roles_set_on_server (self->store));

  /* What one may not change is shown, not offered */
  for (guint i = 0; i < LYS_N_SETTINGS; i++)
    if (self->rows[i] != NULL)
      {
        gboolean may = lys_store_may_change_setting (self->store, i);

        gtk_widget_set_sensitive (self->rows[i], may);
        gtk_widget_set_tooltip_text (self->rows[i], may ? NULL
                                     : lys_setting_is_clinical (i)
                                       ? _("Only a physician or the clinic lead may change this.")
                                       : _("Only the clinic lead may change this."));
      }
}

/**
 * lys_preferences_window_become_lead:
 *
 * Makes the user the clinic's first lead, which turns on need-to-know
 * access.
 */
gboolean
lys_preferences_window_become_lead (LysPreferencesWindow  *self,
                                    GError               **error)
{
  gboolean ok = lys_store_set_lead (self->store, lys_store_get_current_staff_id (self->store), TRUE, error);

  show_lead (self);
  return ok;
}

static void
on_lead_response_cb (AdwMessageDialog     *dialog,
                     const char           *response,
                     LysPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "lead") && !lys_preferences_window_become_lead (self, &error))
    lys_alert_toast (GTK_WIDGET (self), error->message);
}

static void
become_lead_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LysPreferencesWindow *self = LYS_PREFERENCES_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (widget, _("Become the Clinic Lead?"),
                                _("From then on, psychologists see the records of the patients assigned to them, "
                                  "physicians and nurses those of patients in treatment, and others only in an "
                                  "emergency, with a reason. Only a lead changes roles and settings."),
                                "lead", _("_Become the Lead"), ADW_RESPONSE_SUGGESTED);
  lys_dialog_ask (dialog, G_CALLBACK (on_lead_response_cb), self);
}

/* The daily backup: a folder, or none */
static void
show_backup_folder (LysPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");
  g_autofree char *display = *folder ? g_filename_display_name (folder) : NULL;

  adw_action_row_set_subtitle (self->backup_folder_row, display ? display : _("Off: no daily backup"));
  gtk_widget_set_sensitive (self->backup_off_button, display != NULL);
}

static void
on_backup_folder_chosen_cb (GtkNativeDialog      *chooser,
                            int                   response,
                            LysPreferencesWindow *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  folder = lys_file_chooser_finish (chooser, response);
  path = folder ? g_file_get_path (folder) : NULL;
  if (path != NULL)
    lys_preferences_window_set_backup_folder (self, path);
}

/**
 * lys_preferences_window_set_backup_folder:
 * @folder: (nullable): the folder, or %NULL for no daily backup
 */
void
lys_preferences_window_set_backup_folder (LysPreferencesWindow *self,
                                          const char           *folder)
{
  g_settings_set_string (self->settings, "backup-folder", folder ? folder : "");
  show_backup_folder (self);
}

static void
choose_backup_folder_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  LysPreferencesWindow *self = LYS_PREFERENCES_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Folder for the Daily Backup"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_backup_folder_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
backup_off_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  lys_preferences_window_set_backup_folder (LYS_PREFERENCES_WINDOW (widget), NULL);
}

static void
on_backup_keep_changed_cb (LysPreferencesWindow *self)
{
  g_settings_set_uint (self->settings, "backup-keep", (guint) gtk_spin_button_get_value_as_int (self->backup_keep_spin));
}

static void
lys_preferences_window_dispose (GObject *object)
{
  LysPreferencesWindow *self = LYS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LYS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lys_preferences_window_parent_class)->dispose (object);
}

static void
lys_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  LysPreferencesWindow *self = LYS_PREFERENCES_WINDOW (object);

  if (prop_id == 1)
    self->store = g_value_dup_object (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lys_preferences_window_class_init (LysPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lys_preferences_window_constructed;
  object_class->dispose = lys_preferences_window_dispose;
  object_class->set_property = lys_preferences_window_set_property;

  g_object_class_install_property (object_class, 1,
                                   g_param_spec_object ("store", NULL, NULL, LYS_TYPE_STORE,
                                                        G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                        G_PARAM_STATIC_STRINGS));

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, witness_row);
  gtk_widget_class_bind_template_callback (widget_class, on_witness_code_cb);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, backup_folder_row);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, lead_row);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, lead_button);
  gtk_widget_class_install_action (widget_class, "preferences.become-lead", NULL, become_lead_action);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, backup_off_button);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, backup_keep_spin);
  gtk_widget_class_install_action (widget_class, "preferences.choose-backup-folder", NULL, choose_backup_folder_action);
  gtk_widget_class_install_action (widget_class, "preferences.backup-off", NULL, backup_off_action);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, infusion_group);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, dose_group);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, vitals_group);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, course_group);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, institution_group);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, rooms_page);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, consent_form_page);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, note_templates_page);
  gtk_widget_class_bind_template_child (widget_class, LysPreferencesWindow, staff_page);
}

static void
lys_preferences_window_init (LysPreferencesWindow *self)
{
  g_type_ensure (LYS_TYPE_INSTITUTION_GROUP);
  g_type_ensure (LYS_TYPE_ROOMS_PAGE);
  g_type_ensure (LYS_TYPE_CONSENT_FORM_PAGE);
  g_type_ensure (LYS_TYPE_NOTE_TEMPLATES_PAGE);
  g_type_ensure (LYS_TYPE_STAFF_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("no.lysning.Lysning");
  show_backup_folder (self);
  gtk_spin_button_set_value (self->backup_keep_spin, g_settings_get_uint (self->settings, "backup-keep"));
  g_signal_connect_swapped (self->backup_keep_spin, "value-changed", G_CALLBACK (on_backup_keep_changed_cb), self);
}

LysPreferencesWindow *
lys_preferences_window_new (LysStore *store)
{
  g_return_val_if_fail (LYS_IS_STORE (store), NULL);

  return g_object_new (LYS_TYPE_PREFERENCES_WINDOW, "store", store, NULL);
}

GtkSpinButton *
lys_preferences_window_get_spin (LysPreferencesWindow *self,
                                 LysSetting            setting)
{
  g_return_val_if_fail (LYS_IS_PREFERENCES_WINDOW (self), NULL);
  g_return_val_if_fail ((guint) setting < LYS_N_SETTINGS, NULL);

  return self->spins[setting];
}
