/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-note-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-note-templates-page.h"

/* The preferences page for the clinic's note templates: each one's title
 * and sections, and new ones. */
struct _LysNoteTemplatesPage
{
  AdwPreferencesPage parent_instance;

  LysStore *store;
  GPtrArray *templates;         /* LysNoteTemplate, in the row's order; a new one last */

  AdwComboRow *template_row;
  AdwEntryRow *title_row;
  GtkTextView *text_view;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (LysNoteTemplatesPage, lys_note_templates_page, ADW_TYPE_PREFERENCES_PAGE)

static LysNoteTemplate *
chosen (LysNoteTemplatesPage *self)
{
  guint selected = adw_combo_row_get_selected (self->template_row);

  return self->templates != NULL && selected < self->templates->len ? self->templates->pdata[selected] : NULL;
}

static void
show_template (LysNoteTemplatesPage *self)
{
  LysNoteTemplate *template = chosen (self);

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), template ? template->title : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), template ? template->definition : "", -1);
  lys_alert_inline (self->error_label, NULL);
}

static void
load (LysNoteTemplatesPage *self,
      const char           *select_key)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  guint selected = 0;

  g_clear_pointer (&self->templates, g_ptr_array_unref);
  self->templates = lys_store_list_note_templates (self->store, &error);
  if (self->templates == NULL)
    {
      lys_alert_inline (self->error_label, error->message);
      return;
    }

  for (guint i = 0; i < self->templates->len; i++)
    {
      LysNoteTemplate *template = self->templates->pdata[i];

      gtk_string_list_append (names, template->title);
      if (g_strcmp0 (template->key, select_key) == 0)
        selected = i;
    }
  /* Translators: the last choice of the list of note templates */
  gtk_string_list_append (names, _("New template"));

  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->template_row, selected);
  show_template (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysNoteTemplatesPage *self = LYS_NOTE_TEMPLATES_PAGE (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  LysNoteTemplate *template = chosen (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *definition = NULL;
  g_autofree char *key = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  definition = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  key = lys_store_save_note_template (self->store, template ? template->key : NULL,
                                      gtk_editable_get_text (GTK_EDITABLE (self->title_row)), definition, &error);
  if (key == NULL)
    {
      lys_alert_inline (self->error_label, error->message);
      return;
    }

  load (self, key);
  lys_alert_toast (widget, _("Template saved"));
}

static void
lys_note_templates_page_dispose (GObject *object)
{
  LysNoteTemplatesPage *self = LYS_NOTE_TEMPLATES_PAGE (object);

  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (lys_note_templates_page_parent_class)->dispose (object);
}

static void
lys_note_templates_page_class_init (LysNoteTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_note_templates_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-note-templates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysNoteTemplatesPage, template_row);
  gtk_widget_class_bind_template_child (widget_class, LysNoteTemplatesPage, title_row);
  gtk_widget_class_bind_template_child (widget_class, LysNoteTemplatesPage, text_view);
  gtk_widget_class_bind_template_child (widget_class, LysNoteTemplatesPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, show_template);

  gtk_widget_class_install_action (widget_class, "templates.save", NULL, save_action);
}

static void
lys_note_templates_page_init (LysNoteTemplatesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
lys_note_templates_page_set_store (LysNoteTemplatesPage *self,
                                   LysStore             *store)
{
  g_return_if_fail (LYS_IS_NOTE_TEMPLATES_PAGE (self));
  g_return_if_fail (LYS_IS_STORE (store));

  g_set_object (&self->store, store);
  load (self, NULL);
}
