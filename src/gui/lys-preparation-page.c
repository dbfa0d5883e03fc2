/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-preparation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-format.h"
#include "lys-patient-view.h"
#include "lys-preparation-page.h"

/* The selected patient's details and phase. Showing them is a read of the
 * patient's record, logged when the page is on screen. */
struct _LysPreparationPage
{
  AdwBin parent_instance;

  LysPatientView view;

  GtkStack *stack;
  AdwPreferencesGroup *patient_group;
  GtkLabel *national_id_label;
  GtkLabel *birth_label;
  GtkLabel *phone_label;
  GtkLabel *escort_label;
  GtkLabel *phase_label;
  GtkLabel *diagnosis_label;
  GtkLabel *referral_label;
  GtkLabel *registry_label;
};

G_DEFINE_FINAL_TYPE (LysPreparationPage, lys_preparation_page, ADW_TYPE_BIN)

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
show_patient (gpointer    user_data,
              LysStore   *store,
              LysPatient *patient)
{
  LysPreparationPage *self = user_data;
  g_autofree char *name = NULL;
  g_autofree char *birth = NULL;
  LysPhase phase;

  if (patient == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  name = lys_patient_dup_display_name (patient);
  birth = lys_format_iso_date (lys_patient_get_birth_date (patient));

  adw_preferences_group_set_title (self->patient_group, name);
  set_value (self->national_id_label, lys_patient_get_national_id (patient));
  set_value (self->birth_label, birth);
  set_value (self->phone_label, lys_patient_get_phone (patient));
  set_value (self->escort_label, lys_patient_get_escort_name (patient));
  set_value (self->diagnosis_label, lys_patient_get_diagnosis (patient));
  set_value (self->referral_label, lys_patient_get_referred_by (patient));
  set_value (self->phase_label,
             lys_phase_from_nick (lys_patient_get_phase (patient), &phase)
               ? lys_phase_get_label (phase) : _("No course yet"));
  gtk_label_set_label (self->registry_label,
                       lys_patient_get_registry_opt_out (patient)
                         ? _("Opted out") : _("Included"));

  gtk_stack_set_visible_child_name (self->stack, "patient");
}

static void
lys_preparation_page_dispose (GObject *object)
{
  LysPreparationPage *self = LYS_PREPARATION_PAGE (object);

  lys_patient_view_clear (&self->view);
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
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, patient_group);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, national_id_label);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, birth_label);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, phone_label);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, escort_label);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, phase_label);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, diagnosis_label);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, referral_label);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationPage, registry_label);
}

static void
lys_preparation_page_init (LysPreparationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lys_patient_view_init (&self->view, GTK_WIDGET (self), "preparation", show_patient, self);
}

void
lys_preparation_page_set_store (LysPreparationPage *self,
                                LysStore           *store)
{
  g_return_if_fail (LYS_IS_PREPARATION_PAGE (self));

  lys_patient_view_set_store (&self->view, store);
}

void
lys_preparation_page_set_patient (LysPreparationPage *self,
                                  LysPatient         *patient)
{
  g_return_if_fail (LYS_IS_PREPARATION_PAGE (self));

  lys_patient_view_set_patient (&self->view, patient);
}
