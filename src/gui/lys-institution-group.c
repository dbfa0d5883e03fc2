/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-institution-group"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-institution-group.h"

/* The clinic's institution in Preferences: its name, its kind (with a
 * warning when it is neither a hospital nor a DPS), its organisation number
 * and RESH id. A field is stored when it is applied; a refused one shows
 * why and the stored value stays. */
struct _LysInstitutionGroup
{
  AdwPreferencesGroup parent_instance;

  LysStore *store;
  gboolean showing;

  GtkLabel *error_label;
  AdwEntryRow *name_row;
  AdwComboRow *kind_row;
  AdwActionRow *funding_row;
  AdwEntryRow *organisation_row;
  AdwEntryRow *resh_row;
};

G_DEFINE_FINAL_TYPE (LysInstitutionGroup, lys_institution_group, ADW_TYPE_PREFERENCES_GROUP)

/* What is stored, without offering to apply it again */
static void
show_text (AdwEntryRow *row,
           const char  *text)
{
  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_entry_row_set_show_apply_button (row, TRUE);
}

static void
show_institution (LysInstitutionGroup  *self,
                  const LysInstitution *institution)
{
  self->showing = TRUE;
  show_text (self->name_row, institution->name);
  adw_combo_row_set_selected (self->kind_row, institution->kind);
  show_text (self->organisation_row, institution->organisation_number);
  show_text (self->resh_row, institution->resh_id);
  gtk_widget_set_visible (GTK_WIDGET (self->funding_row), !lys_institution_is_publicly_funded (institution));
  self->showing = FALSE;
}

static void
store_institution (LysInstitutionGroup *self)
{
  g_autoptr(LysInstitution) institution = NULL;
  g_autoptr(GError) error = NULL;

  if (self->showing || self->store == NULL)
    return;

  institution = lys_institution_new ();
  institution->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  institution->kind = adw_combo_row_get_selected (self->kind_row);
  institution->organisation_number = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->organisation_row)));
  institution->resh_id = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->resh_row)));
  if (!lys_store_set_institution (self->store, institution, &error))
    {
      g_autoptr(LysInstitution) stored = lys_store_dup_institution (self->store);

      /* What was typed stays in the field refused, to be put right */
      gtk_widget_set_visible (GTK_WIDGET (self->funding_row), !lys_institution_is_publicly_funded (stored));
      lys_alert_inline (self->error_label, error->message);
      return;
    }
  lys_alert_inline (self->error_label, NULL);
  g_clear_pointer (&institution, lys_institution_free);
  institution = lys_store_dup_institution (self->store);
  show_institution (self, institution);
}

static void
lys_institution_group_dispose (GObject *object)
{
  g_clear_object (&LYS_INSTITUTION_GROUP (object)->store);

  G_OBJECT_CLASS (lys_institution_group_parent_class)->dispose (object);
}

static void
lys_institution_group_class_init (LysInstitutionGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_institution_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-institution-group.ui");
  gtk_widget_class_bind_template_child (widget_class, LysInstitutionGroup, error_label);
  gtk_widget_class_bind_template_child (widget_class, LysInstitutionGroup, name_row);
  gtk_widget_class_bind_template_child (widget_class, LysInstitutionGroup, kind_row);
  gtk_widget_class_bind_template_child (widget_class, LysInstitutionGroup, funding_row);
  gtk_widget_class_bind_template_child (widget_class, LysInstitutionGroup, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, LysInstitutionGroup, resh_row);
  gtk_widget_class_bind_template_callback (widget_class, store_institution);
}

static void
lys_institution_group_init (LysInstitutionGroup *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  self->showing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < LYS_N_INSTITUTION_KINDS; i++)
    gtk_string_list_append (kinds, lys_institution_kind_get_label (i));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  self->showing = FALSE;
}

void
lys_institution_group_set_store (LysInstitutionGroup *self,
                                 LysStore            *store)
{
  g_autoptr(LysInstitution) institution = NULL;

  g_return_if_fail (LYS_IS_INSTITUTION_GROUP (self));

  g_set_object (&self->store, store);
  if (store == NULL)
    return;
  institution = lys_store_dup_institution (store);
  show_institution (self, institution);
}
