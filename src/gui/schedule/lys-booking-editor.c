/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-booking-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-booking-editor.h"
#include "lys-form.h"
#include "lys-time.h"

/* A new booking by hand: an integration session, individual or for a group,
 * a follow-up, or a single infusion (a booster, or one outside a plan). The
 * store checks it as any other booking; a refusal is shown in place. Emits
 * "done" with a message for a toast. */
struct _LysBookingEditor
{
  LysRecordWindow parent_instance;

  GPtrArray *rooms;          /* LysRoom; the room row's item n + 1 */
  GPtrArray *staff;          /* LysStaffMember, everyone active */
  GPtrArray *therapists;     /* LysStaffMember, per row's order */
  GPtrArray *drug_givers;
  GPtrArray *psychologists;
  GListStore *patients;      /* LysPatient, the patients chosen, shown in patients_list */

  AdwComboRow *kind_row;
  AdwPreferencesGroup *patients_group;
  GtkListBox *patients_list;
  GtkDropDown *patient_dropdown;
  AdwEntryRow *date_row;
  AdwEntryRow *time_row;
  AdwActionRow *minutes_row;
  GtkSpinButton *minutes_spin;
  AdwComboRow *room_row;
  AdwComboRow *therapist_row;
  AdwComboRow *drug_row;
  AdwComboRow *psychologist_row;
};

G_DEFINE_FINAL_TYPE (LysBookingEditor, lys_booking_editor, LYS_TYPE_RECORD_WINDOW)

/* The kinds booked here, in the kind row's order */
static const LysAppointmentKind kinds[] = {
  LYS_APPOINTMENT_INTEGRATION,
  LYS_APPOINTMENT_GROUP_INTEGRATION,
  LYS_APPOINTMENT_FOLLOW_UP,
  LYS_APPOINTMENT_INFUSION,
};

static LysAppointmentKind
chosen_kind (LysBookingEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return kinds[MIN (selected, G_N_ELEMENTS (kinds) - 1)];
}

static char *
patient_name_cb (LysPatient *patient)
{
  return patient ? lys_patient_dup_display_name (patient) : g_strdup ("");
}

static void
on_remove_patient_cb (GtkButton        *button,
                      LysBookingEditor *self)
{
  /* The button is inside the patient's row, at the patient's place */
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  int position = row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;

  if (position >= 0 && (guint) position < g_list_model_get_n_items (G_LIST_MODEL (self->patients)))
    g_list_store_remove (self->patients, (guint) position);
}

static GtkWidget *
create_patient_row (gpointer item,
                    gpointer user_data)
{
  LysBookingEditor *self = user_data;
  g_autofree char *name = lys_patient_dup_display_name (item);
  g_autofree char *remove_label = NULL;
  GtkWidget *row, *remove;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  /* Translators: %s is a patient's name */
  remove_label = g_strdup_printf (_("Remove %s"), name);
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_patient_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
clear_patients (LysBookingEditor *self)
{
  g_list_store_remove_all (self->patients);
}

static void
add_patient_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LysBookingEditor *self = LYS_BOOKING_EDITOR (widget);
  LysPatient *patient = gtk_drop_down_get_selected_item (self->patient_dropdown);

  if (patient == NULL || g_list_store_find (self->patients, patient, NULL))
    return;
  /* One patient for all but a group: a new choice replaces the old */
  if (chosen_kind (self) != LYS_APPOINTMENT_GROUP_INTEGRATION)
    clear_patients (self);
  g_list_store_append (self->patients, patient);
}

static void
on_kind_changed_cb (LysBookingEditor *self)
{
  gboolean infusion = chosen_kind (self) == LYS_APPOINTMENT_INFUSION;
  gboolean group = chosen_kind (self) == LYS_APPOINTMENT_GROUP_INTEGRATION;

  gtk_widget_set_visible (GTK_WIDGET (self->minutes_row), !infusion);
  gtk_widget_set_visible (GTK_WIDGET (self->therapist_row), !infusion);
  gtk_widget_set_visible (GTK_WIDGET (self->drug_row), infusion);
  gtk_widget_set_visible (GTK_WIDGET (self->psychologist_row), infusion);
  adw_preferences_group_set_description (self->patients_group,
                                         group ? _("Add each participant. They see only the group’s shared part of the session.")
                                               : _("One patient."));
  if (!group && g_list_model_get_n_items (G_LIST_MODEL (self->patients)) > 1)
    clear_patients (self);
}

static gint64
staff_at (GPtrArray   *staff,
          AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (staff == NULL || selected >= staff->len)
    return 0;
  return ((LysStaffMember *) staff->pdata[selected])->id;
}

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysBookingEditor *self = LYS_BOOKING_EDITOR (widget);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  LysBookingStaff staff[2] = { { 0 } };
  LysBookingRequest request = { 0 };
  guint room = adw_combo_row_get_selected (self->room_row);
  guint n_patients = g_list_model_get_n_items (G_LIST_MODEL (self->patients));
  g_autoptr(GArray) patient_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_patients);

  for (guint i = 0; i < n_patients; i++)
    {
      g_autoptr(LysPatient) patient = g_list_model_get_item (G_LIST_MODEL (self->patients), i);
      gint64 id = lys_patient_get_id (patient);

      g_array_append_val (patient_ids, id);
    }
  if (n_patients == 0)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), _("Choose a patient and press Add."));
      return;
    }
  when = lys_time_parse_day_and_time (gtk_editable_get_text (GTK_EDITABLE (self->date_row)),
                                      gtk_editable_get_text (GTK_EDITABLE (self->time_row)), &error);
  if (when == NULL)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }

  request.kind = chosen_kind (self);
  request.starts_at = when;
  request.minutes = (guint) gtk_spin_button_get_value_as_int (self->minutes_spin);
  request.room_id = room > 0 && self->rooms != NULL && room <= self->rooms->len
                    ? ((LysRoom *) self->rooms->pdata[room - 1])->id : 0;
  request.patient_ids = (const gint64 *) (gpointer) patient_ids->data;
  request.n_patients = patient_ids->len;
  request.staff = staff;
  if (request.kind == LYS_APPOINTMENT_INFUSION)
    {
      staff[0] = (LysBookingStaff) { staff_at (self->drug_givers, self->drug_row), LYS_TASK_DRUG };
      staff[1] = (LysBookingStaff) { staff_at (self->psychologists, self->psychologist_row), LYS_TASK_PSYCHOLOGIST };
      request.n_staff = 2;
    }
  else
    {
      staff[0] = (LysBookingStaff) { staff_at (self->therapists, self->therapist_row), LYS_TASK_THERAPIST };
      request.n_staff = 1;
    }
  for (guint i = 0; i < request.n_staff; i++)
    if (staff[i].staff_id == 0)
      {
        lys_record_window_show_problem (LYS_RECORD_WINDOW (self), _("Choose who takes part."));
        return;
      }

  if (lys_store_book (store, &request, &warning, &error) == 0)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }

  lys_record_window_finish (LYS_RECORD_WINDOW (self), warning ? warning : _("Booked"));
}

static void
lys_booking_editor_dispose (GObject *object)
{
  LysBookingEditor *self = LYS_BOOKING_EDITOR (object);

  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  g_clear_pointer (&self->therapists, g_ptr_array_unref);
  g_clear_pointer (&self->drug_givers, g_ptr_array_unref);
  g_clear_pointer (&self->psychologists, g_ptr_array_unref);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_clear_object (&self->patients);

  G_OBJECT_CLASS (lys_booking_editor_parent_class)->dispose (object);
}

static void
lys_booking_editor_class_init (LysBookingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_booking_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-booking-editor.ui");
  lys_record_window_class_bind_problem (widget_class, "error_label");
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, patients_group);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, patients_list);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, patient_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, minutes_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, minutes_spin);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, room_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, therapist_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, drug_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingEditor, psychologist_row);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.add-patient", NULL, add_patient_action);
  gtk_widget_class_install_action (widget_class, "editor.book", NULL, book_action);
}

static void
lys_booking_editor_init (LysBookingEditor *self)
{
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->patients = g_list_store_new (LYS_TYPE_PATIENT);
  gtk_list_box_bind_model (self->patients_list, G_LIST_MODEL (self->patients), create_patient_row, self, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_names, lys_appointment_kind_get_label (kinds[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_names));
  gtk_drop_down_set_expression (self->patient_dropdown,
                                gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                             G_CALLBACK (patient_name_cb), NULL, NULL));
}

/**
 * lys_booking_editor_new:
 * @day: the day to book on, at first
 */
LysBookingEditor *
lys_booking_editor_new (GtkWindow *parent,
                        LysStore  *store,
                        GDateTime *day)
{
  LysBookingEditor *self;
  g_autoptr(GtkStringList) room_names = gtk_string_list_new (NULL);
  g_autofree char *date = NULL;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (day != NULL, NULL);

  self = g_object_new (LYS_TYPE_BOOKING_EDITOR, "store", store, "transient-for", parent, NULL);

  gtk_drop_down_set_model (self->patient_dropdown, lys_store_get_patients (store));
  self->rooms = lys_store_list_rooms (store, FALSE, NULL);
  gtk_string_list_append (room_names, _("No room"));
  for (guint i = 0; self->rooms != NULL && i < self->rooms->len; i++)
    gtk_string_list_append (room_names, ((LysRoom *) self->rooms->pdata[i])->name);
  adw_combo_row_set_model (self->room_row, G_LIST_MODEL (room_names));
  self->staff = lys_store_list_staff (store, LYS_N_ROLES, NULL);
  self->therapists = lys_form_fill_staff (self->therapist_row, self->staff, LYS_TASK_THERAPIST);
  self->drug_givers = lys_form_fill_staff (self->drug_row, self->staff, LYS_TASK_DRUG);
  self->psychologists = lys_form_fill_staff (self->psychologist_row, self->staff, LYS_TASK_PSYCHOLOGIST);

  date = g_date_time_format (day, "%d.%m.%Y");
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), "09:00");
  on_kind_changed_cb (self);
  return self;
}
