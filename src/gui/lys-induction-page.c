/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-induction-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-appointment-row.h"
#include "lys-induction-page.h"
#include "lys-patient-view.h"

/* The infusions of the selected patient's current course, in order, with
 * their state. */
struct _LysInductionPage
{
  AdwBin parent_instance;

  LysPatientView view;

  GtkStack *stack;
  AdwStatusPage *no_infusions_page;
  AdwPreferencesGroup *plan_group;
  GtkListBox *plan_list;
};

G_DEFINE_FINAL_TYPE (LysInductionPage, lys_induction_page, ADW_TYPE_BIN)

static void
show_patient (gpointer    user_data,
              LysStore   *store,
              LysPatient *patient)
{
  LysInductionPage *self = user_data;
  g_autoptr(GListModel) infusions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->plan_list))) != NULL)
    gtk_list_box_remove (self->plan_list, child);

  if (patient == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-patient");
      return;
    }

  name = lys_patient_dup_display_name (patient);
  infusions = lys_store_list_course_infusions (store, lys_patient_get_id (patient), &error);
  if (infusions == NULL)
    {
      adw_status_page_set_title (self->no_infusions_page, _("The Course Cannot Be Shown"));
      adw_status_page_set_description (self->no_infusions_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "no-infusions");
      return;
    }

  n = g_list_model_get_n_items (infusions);
  if (n == 0)
    {
      /* Translators: %s is the patient's name */
      description = g_strdup_printf (_("%s has no infusions booked in the current course."), name);
      adw_status_page_set_title (self->no_infusions_page, _("No Infusions Booked"));
      adw_status_page_set_description (self->no_infusions_page, description);
      gtk_stack_set_visible_child_name (self->stack, "no-infusions");
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LysAppointment) infusion = g_list_model_get_item (infusions, i);
      /* Translators: "Infusion 3 of 6" */
      g_autofree char *title = g_strdup_printf (_("Infusion %u of %u"), i + 1, n);

      gtk_list_box_append (self->plan_list, GTK_WIDGET (lys_appointment_row_new (infusion, title, TRUE)));
    }

  adw_preferences_group_set_title (self->plan_group, name);
  adw_preferences_group_set_description (self->plan_group,
                                         _("Infusions of the current course, in order"));
  gtk_stack_set_visible_child_name (self->stack, "plan");
}

static void
lys_induction_page_dispose (GObject *object)
{
  LysInductionPage *self = LYS_INDUCTION_PAGE (object);

  lys_patient_view_clear (&self->view);
  /* AdwBin releases the template's child itself */

  G_OBJECT_CLASS (lys_induction_page_parent_class)->dispose (object);
}

static void
lys_induction_page_class_init (LysInductionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_induction_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-induction-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, no_infusions_page);
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, plan_group);
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, plan_list);
}

static void
lys_induction_page_init (LysInductionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lys_patient_view_init (&self->view, GTK_WIDGET (self), "induction-plan", show_patient, self);
}

void
lys_induction_page_set_store (LysInductionPage *self,
                              LysStore         *store)
{
  g_return_if_fail (LYS_IS_INDUCTION_PAGE (self));

  lys_patient_view_set_store (&self->view, store);
}

void
lys_induction_page_set_patient (LysInductionPage *self,
                                LysPatient       *patient)
{
  g_return_if_fail (LYS_IS_INDUCTION_PAGE (self));

  lys_patient_view_set_patient (&self->view, patient);
}
