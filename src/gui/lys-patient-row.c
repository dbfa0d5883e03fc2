/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-patient-row"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-domain.h"
#include "lys-format.h"
#include "lys-time.h"
#include "lys-patient-row.h"

/* One line of the patient list: name, then birth date and phase. */
struct _LysPatientRow
{
  GtkBox parent_instance;

  GtkLabel *name_label;
  GtkLabel *details_label;

  LysPatient *patient;   /* followed: an edit or a new phase shows at once */
};

G_DEFINE_FINAL_TYPE (LysPatientRow, lys_patient_row, GTK_TYPE_BOX)

static void
lys_patient_row_dispose (GObject *object)
{
  lys_patient_row_set_patient (LYS_PATIENT_ROW (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LYS_TYPE_PATIENT_ROW);

  G_OBJECT_CLASS (lys_patient_row_parent_class)->dispose (object);
}

static void
lys_patient_row_class_init (LysPatientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_patient_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-patient-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LysPatientRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, LysPatientRow, details_label);
}

static void
lys_patient_row_init (LysPatientRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

LysPatientRow *
lys_patient_row_new (void)
{
  return g_object_new (LYS_TYPE_PATIENT_ROW, NULL);
}

static void
update (LysPatientRow *self)
{
  LysPatient *patient = self->patient;
  g_autofree char *name = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *details = NULL;
  LysPhase phase;

  if (patient == NULL)
    {
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->details_label, "");
      return;
    }

  name = lys_patient_dup_display_name (patient);
  birth = lys_time_format_date (lys_patient_get_birth_date (patient));

  if (lys_phase_from_nick (lys_patient_get_phase (patient), &phase))
    /* Translators: in the patient list: birth date · treatment phase */
    details = g_strdup_printf (_("Born %s · %s"), birth, lys_phase_get_label (phase));
  else
    /* Translators: in the patient list, for a patient with no course yet */
    details = g_strdup_printf (_("Born %s · No course"), birth);

  gtk_label_set_label (self->name_label, name);
  gtk_label_set_label (self->details_label, details);
  /* A screen reader reads the row as one: name, birth date, phase */
  {
    g_autofree char *spoken = g_strdup_printf ("%s, %s", name, details);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
    if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self))),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  }
}

void
lys_patient_row_set_patient (LysPatientRow *self,
                             LysPatient    *patient)
{
  g_return_if_fail (LYS_IS_PATIENT_ROW (self));
  g_return_if_fail (patient == NULL || LYS_IS_PATIENT (patient));

  if (self->patient != NULL)
    g_signal_handlers_disconnect_by_func (self->patient, update, self);
  g_set_object (&self->patient, patient);
  if (patient != NULL)
    g_signal_connect_swapped (patient, "notify", G_CALLBACK (update), self);

  update (self);
}
