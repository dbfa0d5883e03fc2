/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-infusion-dose"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-form.h"
#include "lys-infusion-dose.h"

/* The dose before the start: the weight today, the rate, the time, the
 * drug's lot and who gives it. Numbers and choices are stored as they are
 * entered, the lot after a pause in typing; from the start the summary
 * above shows the dose, and this part is gone. */

struct _LysInfusionDose
{
  LysInfusionPart parent_instance;

  GPtrArray *staff;             /* LysStaffMember */
  GPtrArray *givers;            /* borrowed from staff, as offered in giver_row */
  GPtrArray *psychologists;

  AdwPreferencesGroup *dose_group;
  GtkSpinButton *weight_spin;
  GtkSpinButton *rate_spin;
  GtkSpinButton *minutes_spin;
  AdwEntryRow *lot_row;
  AdwComboRow *giver_row;
  AdwComboRow *psychologist_row;
};

G_DEFINE_FINAL_TYPE (LysInfusionDose, lys_infusion_dose, LYS_TYPE_INFUSION_PART)

static void
select_staff (AdwComboRow *row,
              GPtrArray   *offered,
              gint64       staff_id)
{
  for (guint i = 0; offered != NULL && i < offered->len; i++)
    if (((LysStaffMember *) offered->pdata[i])->id == staff_id)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }

  adw_combo_row_set_selected (row, GTK_INVALID_LIST_POSITION);
}

static void
lys_infusion_dose_show (LysInfusionPart   *part,
                        const LysInfusion *infusion)
{
  LysInfusionDose *self = LYS_INFUSION_DOSE (part);
  gboolean preparing = infusion->status == LYS_INFUSION_PREPARING;

  gtk_spin_button_set_value (self->weight_spin, infusion->weight_kg);
  gtk_spin_button_set_value (self->rate_spin, infusion->mg_per_kg);
  gtk_spin_button_set_value (self->minutes_spin, infusion->minutes);
  lys_infusion_part_show_text (part, G_OBJECT (self->lot_row), infusion->lot_number);
  select_staff (self->giver_row, self->givers, infusion->given_by);
  select_staff (self->psychologist_row, self->psychologists, infusion->psychologist_id);

  /* Fixed at the start: the summary shows it from then on */
  if (!preparing)
    lys_infusion_part_release_focus (part, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), preparing);
}

static void
on_value_changed_cb (GtkSpinButton   *spin,
                     LysInfusionDose *self)
{
  LysInfusionPart *part = LYS_INFUSION_PART (self);
  g_autoptr(GError) error = NULL;
  LysInfusionField field;

  if (lys_infusion_part_is_showing (part) || lys_infusion_part_get_infusion (part) == NULL)
    return;

  if (spin == self->weight_spin)
    field = LYS_INFUSION_FIELD_WEIGHT;
  else if (spin == self->rate_spin)
    field = LYS_INFUSION_FIELD_DOSE_RATE;
  else
    field = LYS_INFUSION_FIELD_MINUTES;

  if (!lys_store_set_infusion_value (lys_infusion_part_get_store (part), lys_infusion_part_get_infusion_id (part),
                                     field, gtk_spin_button_get_value (spin), &error))
    lys_infusion_part_refuse (part, _("Not Stored"), error);
}

static void
on_staff_selected_cb (AdwComboRow     *row,
                      GParamSpec      *pspec,
                      LysInfusionDose *self)
{
  LysInfusionPart *part = LYS_INFUSION_PART (self);
  g_autoptr(GError) error = NULL;
  GPtrArray *offered = row == self->giver_row ? self->givers : self->psychologists;
  guint selected = adw_combo_row_get_selected (row);
  LysStaffMember *member;

  if (lys_infusion_part_is_showing (part) || lys_infusion_part_get_infusion (part) == NULL ||
      offered == NULL || selected >= offered->len)
    return;

  member = offered->pdata[selected];
  if (!lys_store_set_infusion_staff (lys_infusion_part_get_store (part), lys_infusion_part_get_infusion_id (part),
                                     row == self->giver_row ? LYS_TASK_DRUG : LYS_TASK_PSYCHOLOGIST,
                                     member->id, &error))
    lys_infusion_part_refuse (part, _("Not Stored"), error);
}

/* Who may give the drug, and which psychologists may sit in */
static void
lys_infusion_dose_record_set (LysInfusionPart *part)
{
  LysInfusionDose *self = LYS_INFUSION_DOSE (part);

  g_clear_pointer (&self->givers, g_ptr_array_unref);
  g_clear_pointer (&self->psychologists, g_ptr_array_unref);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  self->staff = lys_store_list_staff (lys_infusion_part_get_store (part), LYS_N_ROLES, NULL);
  self->givers = lys_form_fill_staff (self->giver_row, self->staff, LYS_TASK_DRUG);
  self->psychologists = lys_form_fill_staff (self->psychologist_row, self->staff, LYS_TASK_PSYCHOLOGIST);
}

static void
lys_infusion_dose_dispose (GObject *object)
{
  LysInfusionDose *self = LYS_INFUSION_DOSE (object);

  g_clear_pointer (&self->givers, g_ptr_array_unref);
  g_clear_pointer (&self->psychologists, g_ptr_array_unref);
  g_clear_pointer (&self->staff, g_ptr_array_unref);

  G_OBJECT_CLASS (lys_infusion_dose_parent_class)->dispose (object);
}

static void
lys_infusion_dose_class_init (LysInfusionDoseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LysInfusionPartClass *part_class = LYS_INFUSION_PART_CLASS (klass);

  object_class->dispose = lys_infusion_dose_dispose;
  part_class->show = lys_infusion_dose_show;
  part_class->record_set = lys_infusion_dose_record_set;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-infusion-dose.ui");
  gtk_widget_class_bind_template_child (widget_class, LysInfusionDose, dose_group);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionDose, weight_spin);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionDose, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionDose, minutes_spin);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionDose, lot_row);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionDose, giver_row);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionDose, psychologist_row);
}

static void
lys_infusion_dose_init (LysInfusionDose *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->weight_spin, "value-changed", G_CALLBACK (on_value_changed_cb), self);
  g_signal_connect (self->rate_spin, "value-changed", G_CALLBACK (on_value_changed_cb), self);
  g_signal_connect (self->minutes_spin, "value-changed", G_CALLBACK (on_value_changed_cb), self);
  lys_infusion_part_watch_text (LYS_INFUSION_PART (self), G_OBJECT (self->lot_row), LYS_INFUSION_FIELD_LOT_NUMBER);
  g_signal_connect (self->giver_row, "notify::selected", G_CALLBACK (on_staff_selected_cb), self);
  g_signal_connect (self->psychologist_row, "notify::selected", G_CALLBACK (on_staff_selected_cb), self);
}

/* The weight today: the first thing asked before an infusion */
GtkWidget *
lys_infusion_dose_get_first_field (LysInfusionDose *self)
{
  g_return_val_if_fail (LYS_IS_INFUSION_DOSE (self), NULL);

  return GTK_WIDGET (self->weight_spin);
}
