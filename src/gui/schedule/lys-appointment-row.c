/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-appointment-row"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-appointment-row.h"
#include "lys-format.h"

/* A booking in a boxed list: a title chosen by the list, then when, where and
 * who, and its state as a coloured tag. */
struct _LysAppointmentRow
{
  AdwActionRow parent_instance;

  LysAppointment *appointment;
  GtkLabel *state_label;
};

G_DEFINE_FINAL_TYPE (LysAppointmentRow, lys_appointment_row, ADW_TYPE_ACTION_ROW)

static void
lys_appointment_row_dispose (GObject *object)
{
  g_clear_object (&LYS_APPOINTMENT_ROW (object)->appointment);
  gtk_widget_dispose_template (GTK_WIDGET (object), LYS_TYPE_APPOINTMENT_ROW);

  G_OBJECT_CLASS (lys_appointment_row_parent_class)->dispose (object);
}

static void
lys_appointment_row_class_init (LysAppointmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_appointment_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-appointment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LysAppointmentRow, state_label);
}

static void
lys_appointment_row_init (LysAppointmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lys_appointment_row_new:
 * @title: the row's title, e.g. the patient's name or "Infusion 3 of 6"
 * @show_day: whether the subtitle names the day (not under a day heading)
 */
LysAppointmentRow *
lys_appointment_row_new (LysAppointment *appointment,
                         const char     *title,
                         gboolean        show_day)
{
  LysAppointmentRow *self;
  LysAppointmentState state;
  g_autofree char *day = NULL;
  g_autofree char *span = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  const char *room, *staff;

  g_return_val_if_fail (LYS_IS_APPOINTMENT (appointment), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (LYS_TYPE_APPOINTMENT_ROW, NULL);
  self->appointment = g_object_ref (appointment);
  state = lys_appointment_get_state (appointment);
  day = lys_format_day (lys_appointment_get_starts_at (appointment));
  span = lys_format_time_span (lys_appointment_get_starts_at (appointment),
                               lys_appointment_get_ends_at (appointment));
  room = lys_appointment_get_room_name (appointment);
  staff = lys_appointment_get_staff_names (appointment);

  /* Translators: a day and a time span, e.g. "Monday 2 March, 08:00–09:55" */
  when = show_day ? g_strdup_printf (_("%s, %s"), day, span) : g_strdup (span);
  if (room != NULL)
    /* Translators: when, room, staff; e.g. "08:00–09:55 · Fjord · Ingrid Solberg, Magnus Berg" */
    subtitle = g_strdup_printf (_("%s · %s · %s"), when, room, staff ? staff : "");
  else
    /* Translators: when, staff */
    subtitle = g_strdup_printf (_("%s · %s"), when, staff ? staff : "");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_label_set_label (self->state_label, lys_appointment_state_get_label (state));
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), lys_appointment_state_to_nick (state));

  return self;
}

/**
 * lys_appointment_row_set_note:
 * @note: a line under the times, e.g. what the session still needs
 */
void
lys_appointment_row_set_note (LysAppointmentRow *self,
                              const char        *note)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (LYS_IS_APPOINTMENT_ROW (self));
  g_return_if_fail (note != NULL);

  subtitle = g_strdup_printf ("%s\n%s", adw_action_row_get_subtitle (ADW_ACTION_ROW (self)), note);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
}

/**
 * lys_appointment_row_set_stopped:
 *
 * Shows a done infusion as stopped early: given, but not in full.
 */
void
lys_appointment_row_set_stopped (LysAppointmentRow *self)
{
  g_return_if_fail (LYS_IS_APPOINTMENT_ROW (self));

  gtk_label_set_label (self->state_label, _("Stopped early"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), lys_appointment_state_to_nick (LYS_APPOINTMENT_DONE));
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "missed");
}

/**
 * lys_appointment_row_get_appointment:
 *
 * Returns: (transfer none): the booking the row shows
 */
LysAppointment *
lys_appointment_row_get_appointment (LysAppointmentRow *self)
{
  g_return_val_if_fail (LYS_IS_APPOINTMENT_ROW (self), NULL);

  return self->appointment;
}
