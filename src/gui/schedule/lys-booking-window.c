/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-booking-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-booking-window.h"
#include "lys-dialog.h"
#include "lys-form.h"
#include "lys-format.h"
#include "lys-infusion-window.h"
#include "lys-note-window.h"
#include "lys-time.h"

/* One booking: what it is, and moving, marking or cancelling it. Every
 * change goes through the store's rules; a refusal is shown in the window,
 * which stays open to try again. Emits "done" with a message for a toast. */
struct _LysBookingWindow
{
  LysRecordWindow parent_instance;

  LysAppointment *appointment;
  GPtrArray *rooms;               /* LysRoom, in the room row's order */
  GPtrArray *templates;           /* LysNoteTemplate, as the group note's dialog offers them */

  AdwWindowTitle *window_title;
  AdwActionRow *when_row;
  AdwActionRow *room_row;
  AdwActionRow *patient_row;
  AdwActionRow *staff_row;
  AdwActionRow *state_row;
  AdwPreferencesGroup *infusion_group;
  AdwPreferencesGroup *group_note_group;
  AdwPreferencesGroup *move_group;
  AdwEntryRow *date_row;
  AdwEntryRow *time_row;
  AdwComboRow *move_room_row;
  AdwPreferencesGroup *mark_group;
  GtkWidget *missed_button;
  GtkWidget *done_button;
};

G_DEFINE_FINAL_TYPE (LysBookingWindow, lys_booking_window, LYS_TYPE_RECORD_WINDOW)

static gint64
chosen_room (LysBookingWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->move_room_row);

  if (self->rooms == NULL || selected >= self->rooms->len)
    return 0;
  return ((LysRoom *) self->rooms->pdata[selected])->id;
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysBookingWindow *self = LYS_BOOKING_WINDOW (widget);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  when = lys_time_parse_day_and_time (gtk_editable_get_text (GTK_EDITABLE (self->date_row)),
                                      gtk_editable_get_text (GTK_EDITABLE (self->time_row)), &error);
  if (when == NULL ||
      !lys_store_move_booking (store, lys_appointment_get_id (self->appointment), when,
                               chosen_room (self), &warning, &error))
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }

  lys_record_window_finish (LYS_RECORD_WINDOW (self), warning ? warning : _("Booking moved"));
}

static void
set_state (LysBookingWindow    *self,
           LysAppointmentState  state,
           const char          *done)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;

  if (!lys_store_set_booking_state (store, lys_appointment_get_id (self->appointment), state, &error))
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }
  lys_record_window_finish (LYS_RECORD_WINDOW (self), done);
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  set_state (LYS_BOOKING_WINDOW (widget), LYS_APPOINTMENT_DONE, _("Marked as done"));
}

static void
missed_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  set_state (LYS_BOOKING_WINDOW (widget), LYS_APPOINTMENT_MISSED,
             _("Marked as missed. Plan a new session in its place from the Induction Plan area."));
}

static void
on_cancel_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       LysBookingWindow *self)
{
  if (g_str_equal (response, "cancel-booking"))
    set_state (self, LYS_APPOINTMENT_CANCELLED, _("Booking cancelled"));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LysBookingWindow *self = LYS_BOOKING_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = lys_alert_new_dialog (GTK_WIDGET (self), _("Cancel the Booking?"),
                                 _("The time is freed for others. A cancelled infusion no longer counts towards the course, and another can be booked in its place."));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep Booking"), "cancel-booking", _("C_ancel Booking"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-booking", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect (dialog, "response", G_CALLBACK (on_cancel_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
infusion_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LysBookingWindow *self = LYS_BOOKING_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  gint64 id = lys_store_open_infusion (store, lys_appointment_get_id (self->appointment), &error);

  if (id == 0)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }

  /* Closing the booking lets go of its store */
  lys_infusion_window_present (parent, store, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
open_group_note (LysBookingWindow *self,
                 gint64            note)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (lys_note_window_present (parent, store, note, TRUE, &error) == NULL)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_group_template_response_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               LysBookingWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GPtrArray) templates = g_steal_pointer (&self->templates);
  guint chosen = lys_form_dialog_get_choice (dialog, "template");
  g_autoptr(GError) error = NULL;
  gint64 note;

  if (!g_str_equal (response, "write") || templates == NULL || chosen >= templates->len)
    return;
  note = lys_store_create_note (store, 0, lys_appointment_get_id (self->appointment),
                                ((LysNoteTemplate *) templates->pdata[chosen])->key, &error);
  if (note == 0)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }
  open_group_note (self, note);
}

/* The group session's own note: its parts are written here, with the
 * participants' names, not in any one patient's record. A new one asks
 * for its template, the group template first. */
static void
group_note_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LysBookingWindow *self = LYS_BOOKING_WINDOW (widget);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  GtkDropDown *choice;
  gint64 note;

  note = lys_store_find_session_note (store, lys_appointment_get_id (self->appointment), 0, &error);
  if (note != 0)
    {
      open_group_note (self, note);
      return;
    }
  if (error == NULL)
    templates = lys_store_list_note_templates (store, &error);
  if (templates == NULL || templates->len == 0)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error ? error->message : _("The clinic has no note templates."));
      return;
    }

  dialog = lys_form_new_dialog (widget, _("New Group Note"),
                                _("The shared note of the session, with a part for each participant."),
                                "write", _("_Write Note"), ADW_RESPONSE_SUGGESTED);
  for (guint i = 0; i < templates->len; i++)
    gtk_string_list_append (names, ((LysNoteTemplate *) templates->pdata[i])->title);
  choice = lys_form_dialog_add_choice (dialog, "template", _("_Template"), G_LIST_MODEL (g_steal_pointer (&names)));
  for (guint i = 0; i < templates->len; i++)
    if (g_str_equal (((LysNoteTemplate *) templates->pdata[i])->key, LYS_NOTE_TEMPLATE_GROUP))
      gtk_drop_down_set_selected (choice, i);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  self->templates = g_steal_pointer (&templates);
  lys_dialog_ask (dialog, G_CALLBACK (on_group_template_response_cb), self);
}

static void
lys_booking_window_dispose (GObject *object)
{
  LysBookingWindow *self = LYS_BOOKING_WINDOW (object);

  g_clear_object (&self->appointment);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);

  G_OBJECT_CLASS (lys_booking_window_parent_class)->dispose (object);
}

static void
lys_booking_window_class_init (LysBookingWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_booking_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-booking-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, window_title);
  lys_record_window_class_bind_problem (widget_class, "error_label");
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, when_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, room_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, patient_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, staff_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, state_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, infusion_group);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, group_note_group);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, move_group);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, date_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, time_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, move_room_row);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, mark_group);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, missed_button);
  gtk_widget_class_bind_template_child (widget_class, LysBookingWindow, done_button);

  gtk_widget_class_install_action (widget_class, "booking.move", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "booking.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "booking.missed", NULL, missed_action);
  gtk_widget_class_install_action (widget_class, "booking.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "booking.infusion", NULL, infusion_action);
  gtk_widget_class_install_action (widget_class, "booking.group-note", NULL, group_note_action);
}

static void
lys_booking_window_init (LysBookingWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
fill_rooms (LysBookingWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 current = lys_appointment_get_room_id (self->appointment);

  self->rooms = lys_store_list_rooms (lys_record_window_get_store (LYS_RECORD_WINDOW (self)), FALSE, NULL);
  if (current == 0 || self->rooms == NULL || self->rooms->len == 0)
    {
      /* Sessions without a room stay without one */
      gtk_widget_set_visible (GTK_WIDGET (self->move_room_row), FALSE);
      g_clear_pointer (&self->rooms, g_ptr_array_unref);
      return;
    }

  for (guint i = 0; i < self->rooms->len; i++)
    gtk_string_list_append (names, ((LysRoom *) self->rooms->pdata[i])->name);
  adw_combo_row_set_model (self->move_room_row, G_LIST_MODEL (names));
  for (guint i = 0; i < self->rooms->len; i++)
    if (((LysRoom *) self->rooms->pdata[i])->id == current)
      adw_combo_row_set_selected (self->move_room_row, i);
}

LysBookingWindow *
lys_booking_window_new (GtkWindow      *parent,
                        LysStore       *store,
                        LysAppointment *appointment)
{
  LysBookingWindow *self;
  GDateTime *starts_at, *ends_at;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = NULL;
  g_autofree char *span = NULL;
  g_autofree char *when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  LysAppointmentState state;
  const char *kind;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (LYS_IS_APPOINTMENT (appointment), NULL);

  kind = lys_appointment_kind_get_label (lys_appointment_get_kind (appointment));
  self = g_object_new (LYS_TYPE_BOOKING_WINDOW, "store", store, "transient-for", parent, "title", kind, NULL);
  self->appointment = g_object_ref (appointment);

  starts_at = lys_appointment_get_starts_at (appointment);
  ends_at = lys_appointment_get_ends_at (appointment);
  state = lys_appointment_get_state (appointment);
  day = lys_format_day (starts_at);
  span = lys_format_time_span (starts_at, ends_at);
  /* Translators: a day and a time span, e.g. "Monday 2 March, 08:00–09:55" */
  when = g_strdup_printf (_("%s, %s"), day, span);
  date = g_date_time_format (starts_at, "%d.%m.%Y");
  time = g_date_time_format (starts_at, "%H:%M");

  adw_window_title_set_title (self->window_title, kind);
  adw_window_title_set_subtitle (self->window_title, when);
  adw_action_row_set_subtitle (self->when_row, when);
  adw_action_row_set_subtitle (self->room_row, lys_appointment_get_room_name (appointment)
                                               ? lys_appointment_get_room_name (appointment) : _("No room"));
  adw_action_row_set_subtitle (self->patient_row, lys_appointment_get_patient_name (appointment)
                                                  ? lys_appointment_get_patient_name (appointment) : "");
  adw_action_row_set_subtitle (self->staff_row, lys_appointment_get_staff_names (appointment)
                                                ? lys_appointment_get_staff_names (appointment) : "");
  adw_action_row_set_subtitle (self->state_row, lys_appointment_state_get_label (state));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
  fill_rooms (self);

  /* An infusion's record is opened on its day, and stays to be read after */
  if (lys_appointment_get_kind (appointment) == LYS_APPOINTMENT_INFUSION)
    {
      g_autoptr(GDateTime) clock = lys_store_dup_now (store);
      gboolean today = g_date_time_get_year (starts_at) == g_date_time_get_year (clock) &&
                       g_date_time_get_day_of_year (starts_at) == g_date_time_get_day_of_year (clock);
      gboolean recorded = lys_store_find_infusion (store, lys_appointment_get_id (appointment), NULL) != 0;

      gtk_widget_set_visible (GTK_WIDGET (self->infusion_group),
                              recorded || (today && state == LYS_APPOINTMENT_PLANNED));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->group_note_group),
                          lys_appointment_get_kind (appointment) == LYS_APPOINTMENT_GROUP_INTEGRATION &&
                          state != LYS_APPOINTMENT_CANCELLED && state != LYS_APPOINTMENT_MISSED &&
                          g_date_time_compare (starts_at, now) <= 0);

  /* Only planned sessions change; one not yet begun is neither done nor missed */
  gtk_widget_set_visible (GTK_WIDGET (self->move_group), state == LYS_APPOINTMENT_PLANNED);
  gtk_widget_set_visible (GTK_WIDGET (self->mark_group), state == LYS_APPOINTMENT_PLANNED);
  gtk_widget_set_visible (self->missed_button, g_date_time_compare (starts_at, now) <= 0);
  gtk_widget_set_visible (self->done_button, g_date_time_compare (starts_at, now) <= 0);

  return self;
}
