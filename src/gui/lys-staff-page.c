/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-staff-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-dialog.h"
#include "lys-form.h"
#include "lys-item.h"
#include "lys-later.h"
#include "lys-rows.h"
#include "lys-staff-page.h"
#include "lys-time.h"

/* The clinic's staff with their roles and the psychologists' KAP
 * certifications, set by the clinic lead: a refused change says why, and
 * the row goes back to what is stored. Certifications ending within 90
 * days are listed on top for the lead. */

#define RENEWAL_DAYS 90
struct _LysStaffPage
{
  AdwPreferencesPage parent_instance;

  LysStore *store;
  GListStore *staff;          /* LysItem of LysStaffMember, as the rows */
  GListStore *renewals;       /* the same, whose certification ends soon */
  gboolean loading;
  guint refresh_source;

  AdwPreferencesGroup *staff_group;
  GtkWidget *add_login_button;
  GtkListBox *staff_list;
  AdwPreferencesGroup *renewals_group;
  GtkListBox *renewals_list;
};

G_DEFINE_FINAL_TYPE (LysStaffPage, lys_staff_page, ADW_TYPE_PREFERENCES_PAGE)

static void refresh (LysStaffPage *self);

static void
on_role_changed_cb (AdwComboRow  *row,
                    GParamSpec   *pspec,
                    LysStaffPage *self)
{
  LysStaffMember *member = lys_item_record_of_row (G_LIST_MODEL (self->staff), GTK_LIST_BOX_ROW (row));
  g_autoptr(GError) error = NULL;

  if (self->loading || member == NULL)
    return;
  if (!lys_store_set_staff_role (self->store, member->id, adw_combo_row_get_selected (row), &error))
    lys_alert_toast (GTK_WIDGET (self), error->message);
  /* What is stored, either way: once this row's signal is over */
  if (self->refresh_source == 0)
    lys_later (&self->refresh_source, G_PRIORITY_DEFAULT_IDLE, 0, (LysLaterFunc) refresh, self);
}

/* "01.03.2027" from "2027-03-01", as a date is typed */
static char *
day_text (const char *stored)
{
  GDate day;
  char text[11];

  if (stored == NULL || !lys_time_parse_stored_day (stored, &day))
    return g_strdup ("");
  g_date_strftime (text, sizeof text, "%d.%m.%Y", &day);
  return g_strdup (text);
}

static char *
describe_certification (const LysStaffMember *member)
{
  g_autofree char *until = NULL;

  if (member->kap_expires_on == NULL)
    return member->kap_certified ? g_strdup (_("KAP-certified")) : NULL;
  until = lys_time_format_date (member->kap_expires_on);
  if (member->kap_certified)
    /* Translators: "KAP-certified by Norsk KAP-forening until 01.03.2027" */
    return g_strdup_printf (_("KAP-certified by %s until %s"), member->kap_body ? member->kap_body : "", until);
  /* Translators: %s is the last day a KAP certification held */
  return g_strdup_printf (_("KAP certification ended %s"), until);
}

/* The staff member of @id as last read, or NULL: rows and dialogs keep ids,
 * not members, which a refresh replaces */
static LysStaffMember *
find_member (LysStaffPage *self,
             gint64        id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->staff)); i++)
    {
      g_autoptr(LysItem) item = g_list_model_get_item (G_LIST_MODEL (self->staff), i);
      LysStaffMember *member = lys_item_get_record (item);

      if (member->id == id)
        return member;
    }
  return NULL;
}

static void
on_certification_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              LysStaffPage     *self)
{
  gint64 id = lys_form_dialog_get_record (dialog);
  g_autoptr(GError) error = NULL;
  GDate from, until;
  gboolean remove = g_str_equal (response, "remove");

  if (!remove && !g_str_equal (response, "save"))
    return;
  if (!remove && (!lys_time_parse_date (lys_form_dialog_get_text (dialog, "from"), &from) ||
                  !lys_time_parse_date (lys_form_dialog_get_text (dialog, "until"), &until)))
    {
      lys_alert_refuse_answer (dialog, _("A date is not valid: write it like 23.11.2026."));
      return;
    }
  if (!lys_store_set_kap_certification (self->store, id, remove ? NULL : lys_form_dialog_get_text (dialog, "body"),
                                        remove ? NULL : &from, remove ? NULL : &until, &error))
    {
      lys_alert_refuse_answer (dialog, error->message);
      return;
    }
  lys_alert_toast (GTK_WIDGET (self), remove ? _("KAP certification removed") : _("KAP certification recorded"));
  refresh (self);
}

static void
certification_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LysStaffPage *self = LYS_STAFF_PAGE (widget);
  LysStaffMember *member = find_member (self, g_variant_get_int64 (parameter));
  g_autofree char *heading = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  AdwMessageDialog *dialog;

  if (member == NULL)
    return;
  from = day_text (member->kap_certified_on);
  until = day_text (member->kap_expires_on);

  /* Translators: %s is a psychologist's name */
  heading = g_strdup_printf (_("KAP Certification of %s"), member->name);
  dialog = lys_form_new_dialog (GTK_WIDGET (self), heading,
                                _("A psychologist in the infusion room needs a certification that holds on the day."),
                                "save", _("_Save"), ADW_RESPONSE_SUGGESTED);
  if (member->kap_certified || member->kap_expires_on != NULL)
    {
      adw_message_dialog_add_response (dialog, "remove", _("_Remove"));
      adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
    }
  lys_form_dialog_add_entry (dialog, "body", _("_Certified by"), member->kap_body ? member->kap_body : "");
  lys_form_dialog_add_entry (dialog, "from", _("Certified _on (dd.mm.yyyy)"), from);
  lys_form_dialog_add_entry (dialog, "until", _("_Last day it holds (dd.mm.yyyy)"), until);
  lys_form_dialog_set_record (dialog, member->id);
  lys_dialog_ask (dialog, G_CALLBACK (on_certification_response_cb), self);
}

/* A colleague's login, made by the lead on a clinic server */

static void
on_add_login_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          LysStaffPage     *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  const char *login = lys_form_dialog_get_text (dialog, "login");

  if (!g_str_equal (response, "add"))
    return;
  if (!lys_store_admit_staff (self->store, login, (LysRole) lys_form_dialog_get_choice (dialog, "role"),
                              lys_form_dialog_get_text (dialog, "password"), &error))
    {
      lys_alert_refuse_answer (dialog, error->message);
      return;
    }
  /* Translators: %s is a login name */
  done = g_strdup_printf (_("%s can sign in now"), login);
  lys_alert_toast (GTK_WIDGET (self), done);
  refresh (self);
}

static void
add_login_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LysStaffPage *self = LYS_STAFF_PAGE (widget);
  GtkStringList *roles = gtk_string_list_new (NULL);
  AdwMessageDialog *dialog;
  GtkEntry *password;

  for (guint r = 0; r < LYS_N_ROLES; r++)
    gtk_string_list_append (roles, lys_role_get_label (r));
  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Add a Colleague’s Login"),
                                _("The login is made on the clinic’s server, in the group of its role; a login "
                                  "that is the clinic’s already moves to the role. Give the first password in "
                                  "person. The profile follows at the colleague’s first start."),
                                "add", _("_Add Login"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_entry (dialog, "login", _("_Login name"), "");
  lys_form_dialog_add_choice (dialog, "role", _("_Role"), G_LIST_MODEL (roles));
  password = lys_form_dialog_add_entry (dialog, "password", _("First _password (empty with Kerberos)"), "");
  gtk_entry_set_visibility (password, FALSE);
  gtk_entry_set_input_purpose (password, GTK_INPUT_PURPOSE_PASSWORD);
  lys_dialog_ask (dialog, G_CALLBACK (on_add_login_response_cb), self);
}

static GtkWidget *
create_renewal_row (gpointer item,
                    gpointer data)
{
  LysStaffMember *member = lys_item_get_record (item);
  g_autofree char *what = describe_certification (member);

  return lys_rows_new (member->name, what);
}

static GtkWidget *
create_staff_row (gpointer item,
                  gpointer data)
{
  LysStaffPage *self = data;
  LysStaffMember *member = lys_item_get_record (item);
  gboolean on_server = lys_store_roles_set_on_server (self->store);
  GtkWidget *row = on_server ? adw_action_row_new () : adw_combo_row_new ();
  GString *subtitle = g_string_new (NULL);

  /* On a clinic server, the role is shown: its administrator sets it */
  if (on_server)
    {
      GtkWidget *role = gtk_label_new (lys_role_get_label (member->role));

      gtk_widget_add_css_class (role, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), role);
    }
  else
    {
      g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

      for (guint r = 0; r < LYS_N_ROLES; r++)
        gtk_string_list_append (roles, lys_role_get_label (r));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (roles));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), member->role);
    }
  /* Names and certifying bodies as typed: not markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), member->name);
  if (member->lead)
    g_string_append (subtitle, _("Clinic lead"));
  if (member->id == lys_store_get_current_staff_id (self->store))
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", _("You"));
  {
    g_autofree char *certification = describe_certification (member);

    if (certification != NULL)
      g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", certification);
  }
  if (member->role == LYS_ROLE_PSYCHOLOGIST)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Certification…"));
      /* Translators: %s is a psychologist's name */
      g_autofree char *label = g_strdup_printf (_("KAP certification of %s"), member->name);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "staff.certification");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", member->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  g_string_free (subtitle, TRUE);
  if (!on_server)
    g_signal_connect (row, "notify::selected", G_CALLBACK (on_role_changed_cb), self);
  return row;
}

static void
refresh (LysStaffPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean leads;

  if (self->store == NULL)
    return;
  leads = !lys_store_has_lead (self->store) || lys_store_is_lead (self->store);
  gtk_widget_set_visible (self->add_login_button,
                          lys_store_roles_set_on_server (self->store) && lys_store_is_lead (self->store));
  if (lys_store_roles_set_on_server (self->store))
    adw_preferences_group_set_description (self->staff_group,
                                           _("Each profile belongs to a login on the clinic’s server. The role decides "
                                             "what a staff member sees and does; the server’s administrator sets it, "
                                             "and every change is in the audit log."));
  self->loading = TRUE;
  lys_item_store_replace (self->staff, lys_store_list_staff (self->store, LYS_N_ROLES, &error),
                          (GDestroyNotify) lys_staff_member_free);
  lys_item_store_replace (self->renewals, leads ? lys_store_list_kap_renewals (self->store, RENEWAL_DAYS, NULL) : NULL,
                          (GDestroyNotify) lys_staff_member_free);
  gtk_widget_set_visible (GTK_WIDGET (self->renewals_group),
                          g_list_model_get_n_items (G_LIST_MODEL (self->renewals)) > 0);
  self->loading = FALSE;
}

static void
lys_staff_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lys_staff_page_parent_class)->map (widget);
  refresh (LYS_STAFF_PAGE (widget));
}

static void
lys_staff_page_dispose (GObject *object)
{
  LysStaffPage *self = LYS_STAFF_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->staff);
  g_clear_object (&self->renewals);

  G_OBJECT_CLASS (lys_staff_page_parent_class)->dispose (object);
}

static void
lys_staff_page_class_init (LysStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_staff_page_dispose;
  widget_class->map = lys_staff_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-staff-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysStaffPage, staff_group);
  gtk_widget_class_bind_template_child (widget_class, LysStaffPage, staff_list);
  gtk_widget_class_bind_template_child (widget_class, LysStaffPage, add_login_button);
  gtk_widget_class_bind_template_child (widget_class, LysStaffPage, renewals_group);
  gtk_widget_class_bind_template_child (widget_class, LysStaffPage, renewals_list);

  gtk_widget_class_install_action (widget_class, "staff.certification", "x", certification_action);
  gtk_widget_class_install_action (widget_class, "staff.add-login", NULL, add_login_action);
}

static void
lys_staff_page_init (LysStaffPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->staff = g_list_store_new (LYS_TYPE_ITEM);
  self->renewals = g_list_store_new (LYS_TYPE_ITEM);
  gtk_list_box_bind_model (self->staff_list, G_LIST_MODEL (self->staff), create_staff_row, self, NULL);
  gtk_list_box_bind_model (self->renewals_list, G_LIST_MODEL (self->renewals), create_renewal_row, self, NULL);
}

void
lys_staff_page_set_store (LysStaffPage *self,
                          LysStore     *store)
{
  g_return_if_fail (LYS_IS_STAFF_PAGE (self));

  g_set_object (&self->store, store);
  refresh (self);
}
