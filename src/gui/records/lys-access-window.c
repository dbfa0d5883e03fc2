/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-access-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-access-window.h"
#include "lys-rows.h"

/* "Who has read my record": every opening of a patient's record, with who,
 * in which role, when and which part, as the audit log has it. */
struct _LysAccessWindow
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  AdwPreferencesGroup *access_group;
  GtkListBox *access_list;
};

G_DEFINE_FINAL_TYPE (LysAccessWindow, lys_access_window, ADW_TYPE_WINDOW)

/* The part of the record read, as the audit log names it */
static const char *
describe_what (const char *what)
{
  static const struct { const char *code; const char *label; } parts[] = {
    /* Translators: parts of a patient's record that were read */
    { "preparation", N_("Preparation") },
    { "induction-plan", N_("Induction plan") },
    { "eligibility", N_("Eligibility assessment") },
    { "consent-form", N_("Consent form") },
    { "infusion", N_("Infusion record") },
    { "notes", N_("List of notes") },
    { "note", N_("A note") },
    { "group-note", N_("A group session’s note") },
    { "record-access", N_("This list") },
  };

  for (guint i = 0; what != NULL && i < G_N_ELEMENTS (parts); i++)
    if (g_str_equal (parts[i].code, what))
      return _(parts[i].label);

  return what != NULL ? what : _("The record");
}

static void
lys_access_window_class_init (LysAccessWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-access-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysAccessWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LysAccessWindow, access_group);
  gtk_widget_class_bind_template_child (widget_class, LysAccessWindow, access_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lys_access_window_init (LysAccessWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lys_access_window_new:
 *
 * Returns: (transfer floating) (nullable): the list, or %NULL with an error
 */
LysAccessWindow *
lys_access_window_new (GtkWindow   *parent,
                       LysStore    *store,
                       LysPatient  *patient,
                       GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  LysAccessWindow *self;
  GListStore *readings;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (LYS_IS_PATIENT (patient), NULL);

  entries = lys_store_list_record_access (store, lys_patient_get_id (patient), error);
  if (entries == NULL)
    return NULL;

  self = g_object_new (LYS_TYPE_ACCESS_WINDOW, "transient-for", parent, NULL);
  name = lys_patient_dup_display_name (patient);
  adw_window_title_set_subtitle (self->window_title, name);
  title = g_strdup_printf (ngettext ("%u reading", "%u readings", entries->len), entries->len);
  adw_preferences_group_set_title (self->access_group, title);

  readings = lys_rows_bind_texts (self->access_list);
  for (guint i = 0; i < entries->len; i++)
    {
      LysAccessEntry *entry = entries->pdata[i];
      g_autofree char *when = g_date_time_format (entry->at, "%d.%m.%Y %H:%M");
      /* Translators: "Sara Terapeut · Psychologist" */
      g_autofree char *who = g_strdup_printf (_("%s · %s"), entry->staff_name, lys_role_get_label (entry->role));
      /* Translators: "01.12.2026 10:42 · A note" */
      g_autofree char *what = g_strdup_printf (_("%s · %s"), when, describe_what (entry->what));

      lys_rows_append_text (readings, who, what, NULL);
    }

  return self;
}
