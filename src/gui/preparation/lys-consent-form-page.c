/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-consent-form-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-consent-form-page.h"
#include "lys-language.h"

/* The preferences page for the off-label consent form: the form's text in
 * each language (the clinic's name on it is the institution's, on the
 * Clinic page). Saving the text makes a new version; consents signed on
 * older versions stay valid. */
struct _LysConsentFormPage
{
  AdwPreferencesPage parent_instance;

  LysStore *store;

  AdwComboRow *language_row;
  AdwPreferencesGroup *text_group;
  GtkTextView *text_view;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (LysConsentFormPage, lys_consent_form_page, ADW_TYPE_PREFERENCES_PAGE)

static const char *
chosen_language (LysConsentFormPage *self)
{
  return lys_language_get_document (adw_combo_row_get_selected (self->language_row));
}

static void
show_form (LysConsentFormPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;

  if (self->store == NULL)
    return;

  text = lys_store_dup_consent_form (self->store, NULL, chosen_language (self), &version, &error);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
  /* Translators: %s is the form's version, e.g. "2026.1" */
  description = g_strdup_printf (_("Version %s. Lines starting with @ name what Lysning prints around the text; "
                                   "“# ” starts the title, “## ” a heading, “- ” a point. "
                                   "Fields: {{patient}}, {{clinic}}, {{physician}}, {{infusion_minutes}}, {{observation_minutes}}, "
                                   "{{course}}, {{schedule}}."),
                                 version ? version : "–");
  adw_preferences_group_set_description (self->text_group, description);
  lys_alert_inline (self->error_label, error ? error->message : NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysConsentFormPage *self = LYS_CONSENT_FORM_PAGE (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *version = NULL;
  g_autofree char *message = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  version = lys_store_save_consent_form (self->store, chosen_language (self), text, &error);
  if (version == NULL)
    {
      lys_alert_inline (self->error_label, error->message);
      return;
    }

  show_form (self);
  /* Translators: %s is the new version of the consent form */
  message = g_strdup_printf (_("Saved as version %s"), version);
  lys_alert_toast (widget, message);
}

static void
lys_consent_form_page_dispose (GObject *object)
{
  LysConsentFormPage *self = LYS_CONSENT_FORM_PAGE (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (lys_consent_form_page_parent_class)->dispose (object);
}

static void
lys_consent_form_page_class_init (LysConsentFormPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_consent_form_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-consent-form-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysConsentFormPage, language_row);
  gtk_widget_class_bind_template_child (widget_class, LysConsentFormPage, text_group);
  gtk_widget_class_bind_template_child (widget_class, LysConsentFormPage, text_view);
  gtk_widget_class_bind_template_child (widget_class, LysConsentFormPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, show_form);

  gtk_widget_class_install_action (widget_class, "consent-form.save", NULL, save_action);
}

static void
lys_consent_form_page_init (LysConsentFormPage *self)
{
  g_auto(GStrv) languages = lys_language_dup_names ();
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char * const *) languages);

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (model));
}

void
lys_consent_form_page_set_store (LysConsentFormPage *self,
                                 LysStore           *store)
{
  g_return_if_fail (LYS_IS_CONSENT_FORM_PAGE (self));

  g_set_object (&self->store, store);
  if (store != NULL)
    show_form (self);
}
