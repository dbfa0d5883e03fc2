/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-schedule-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-appointment-row.h"
#include "lys-booking-editor.h"
#include "lys-list.h"
#include "lys-booking-window.h"
#include "lys-format.h"
#include "lys-holidays.h"
#include "lys-file-chooser.h"
#include "lys-schedule-page.h"
#include "lys-time.h"

/* The Infusion schedule area: a week with rooms as rows and days as
 * columns, or one day as a list, for the coordinator. Only the week shown
 * is read from the store, afresh when the page comes on screen and after
 * every change to a booking, here or at another desk: what changed is
 * changed in the week's model alone, and so in the grid and the day list;
 * the grid is built again only when its rows or days change. */
struct _LysSchedulePage
{
  AdwBin parent_instance;

  LysStore *store;
  GDateTime *day;           /* the day chosen, at midnight */
  gulong changed_id;

  GListStore *bookings;     /* LysAppointment: the week shown, in time order */
  GPtrArray *blocks;        /* each booking's block in the grid, or NULL */
  GtkWidget **cells;        /* [row * 7 + day]: the rooms, then no room */
  GArray *room_ids;         /* gint64: the rows' rooms, in order */
  guint n_days;
  char *layout;             /* what the grid was built for */
  gboolean building;
  GtkCustomFilter *day_filter;
  GDateTime *filtered_day;  /* the day the day list shows */

  AdwToastOverlay *toast_overlay;
  GtkLabel *title_label;
  GtkLabel *range_label;
  GtkStack *view_stack;
  GtkGrid *week_grid;
  GtkLabel *day_label;
  GtkListBox *day_list;
};

G_DEFINE_FINAL_TYPE (LysSchedulePage, lys_schedule_page, ADW_TYPE_BIN)

static GDateTime *
midnight (GDateTime *time)
{
  return g_date_time_new_local (g_date_time_get_year (time), g_date_time_get_month (time),
                                g_date_time_get_day_of_month (time), 0, 0, 0);
}

static GDateTime *
week_start (GDateTime *day)
{
  return g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
}

static gboolean
showing_week (LysSchedulePage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "day") != 0;
}

static gboolean
is_today (GDateTime *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now) == g_date_time_get_year (day) &&
         g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (day);
}

/* A public holiday, or a day the clinic closes (@closures: LysDayRange) */
static gboolean
is_closed (GDateTime *day,
           GPtrArray *closures)
{
  g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (day), g_date_time_get_month (day),
                  g_date_time_get_year (day));
  if (lys_holidays_is_holiday (&date))
    return TRUE;

  for (guint i = 0; closures != NULL && i < closures->len; i++)
    {
      LysDayRange *range = closures->pdata[i];

      if (g_strcmp0 (range->first, text) <= 0 && g_strcmp0 (text, range->last) <= 0)
        return TRUE;
    }
  return FALSE;
}

static void
open_booking (LysSchedulePage *self,
              LysAppointment  *appointment);

/* A block is the booking at its place in the week's list */
static void
on_block_clicked_cb (GtkButton       *button,
                     LysSchedulePage *self)
{
  guint position;

  if (g_ptr_array_find (self->blocks, button, &position))
    {
      g_autoptr(LysAppointment) appointment = g_list_model_get_item (G_LIST_MODEL (self->bookings), position);

      open_booking (self, appointment);
    }
}

/* A day's header is in the day's column of the week */
static void
on_day_clicked_cb (GtkButton       *button,
                   LysSchedulePage *self)
{
  g_autoptr(GDateTime) monday = week_start (self->day);
  int column = 0;

  gtk_grid_query_child (self->week_grid, GTK_WIDGET (button), &column, NULL, NULL, NULL);
  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = g_date_time_add_days (monday, column - 1);
  gtk_stack_set_visible_child_name (self->view_stack, "day");
}

/* "Åse Aabø" -> "Åse A.": enough to tell bookings apart on a crowded week */
static char *
short_name (const char *name)
{
  const char *space;

  if (name == NULL)
    return g_strdup ("");
  space = strrchr (name, ' ');
  if (space == NULL || strchr (name, ',') != NULL)
    return g_strdup (name);

  return g_strdup_printf ("%.*s %.*s.", (int) (space - name), name,
                          (int) (g_utf8_next_char (space + 1) - (space + 1)), space + 1);
}

static GtkWidget *
make_block (LysSchedulePage *self,
            LysAppointment  *appointment)
{
  GDateTime *starts_at = lys_appointment_get_starts_at (appointment);
  LysAppointmentKind kind = lys_appointment_get_kind (appointment);
  LysAppointmentState state = lys_appointment_get_state (appointment);
  const char *patient = lys_appointment_get_patient_name (appointment);
  g_autofree char *span = lys_format_time_span (starts_at, lys_appointment_get_ends_at (appointment));
  g_autofree char *who = short_name (patient);
  g_autofree char *text = NULL;
  g_autofree char *day = lys_format_day (starts_at);
  g_autofree char *description = NULL;
  GtkWidget *button, *label;

  /* Translators: a booking in the week view: time span, kind, patient */
  text = g_strdup_printf (_("%s\n%s · %s"), span, lys_appointment_kind_get_label (kind), who);
  /* Translators: what a screen reader says of a booking: kind, patient, day, time span, state */
  description = g_strdup_printf (_("%s, %s, %s %s, %s"), lys_appointment_kind_get_label (kind),
                                 patient ? patient : "", day, span, lys_appointment_state_get_label (state));

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  /* Narrow columns wrap the text rather than widen the week */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_WORD);
  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "schedule-block");
  gtk_widget_add_css_class (button, lys_appointment_kind_to_nick (kind));
  gtk_widget_add_css_class (button, lys_appointment_state_to_nick (state));
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  g_signal_connect (button, "clicked", G_CALLBACK (on_block_clicked_cb), self);
  return button;
}

static void
clear_grid (LysSchedulePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->week_grid))) != NULL)
    gtk_grid_remove (self->week_grid, child);
}

static GtkWidget *
make_cell (gboolean closed)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_add_css_class (cell, "schedule-cell");
  gtk_widget_set_hexpand (cell, TRUE);
  if (closed)
    {
      GtkWidget *label = gtk_label_new (_("Closed"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (cell), label);
      gtk_widget_add_css_class (cell, "closed");
    }
  return cell;
}

/* The cell @booking goes in, or NULL: a room out of use, a day not shown */
static GtkWidget *
cell_of (LysSchedulePage *self,
         LysAppointment  *booking)
{
  guint weekday = (guint) g_date_time_get_day_of_week (lys_appointment_get_starts_at (booking));
  gint64 room_id = lys_appointment_get_room_id (booking);
  guint n_rows = self->room_ids->len;

  if (self->cells == NULL || weekday - 1 >= self->n_days)
    return NULL;
  for (guint r = 0; r < n_rows; r++)
    if (g_array_index (self->room_ids, gint64, r) == room_id)
      return self->cells[r * 7 + weekday - 1];
  return NULL;
}

/* The block of the booking at @position, put in its cell after the
 * bookings before it there (the model is in time order) */
static GtkWidget *
place_block (LysSchedulePage *self,
             guint            position)
{
  g_autoptr(LysAppointment) booking = g_list_model_get_item (G_LIST_MODEL (self->bookings), position);
  GtkWidget *cell = cell_of (self, booking);
  GtkWidget *block, *before = NULL;

  if (cell == NULL)
    return NULL;
  block = make_block (self, booking);
  for (guint i = position; i > 0 && before == NULL; i--)
    {
      GtkWidget *earlier = g_ptr_array_index (self->blocks, i - 1);

      if (earlier != NULL && gtk_widget_get_parent (earlier) == cell)
        before = earlier;
    }
  gtk_box_insert_child_after (GTK_BOX (cell), block, before);
  return block;
}

/* What changed in the week's model changes in the grid, and no more */
static void
on_bookings_changed_cb (GListModel      *model,
                        guint            position,
                        guint            removed,
                        guint            added,
                        LysSchedulePage *self)
{
  if (self->building || self->cells == NULL)
    return;

  for (guint i = position; i < position + removed; i++)
    {
      GtkWidget *block = g_ptr_array_index (self->blocks, i);

      if (block != NULL)
        gtk_box_remove (GTK_BOX (gtk_widget_get_parent (block)), block);
    }
  g_ptr_array_remove_range (self->blocks, position, removed);
  for (guint i = position; i < position + added; i++)
    g_ptr_array_insert (self->blocks, (int) i, NULL);
  for (guint i = position; i < position + added; i++)
    g_ptr_array_index (self->blocks, i) = place_block (self, i);
}

/* The rows and days the grid needs for @bookings: a weekend day and a row
 * for bookings without a room only when there are such bookings */
static char *
describe_layout (GDateTime  *monday,
                 GListModel *bookings,
                 GPtrArray  *rooms,
                 GPtrArray  *closures)
{
  GString *layout = g_string_new (NULL);
  guint n = g_list_model_get_n_items (bookings);
  gboolean weekend = FALSE, without_room = FALSE;
  g_autofree char *week = g_date_time_format (monday, "%F");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LysAppointment) booking = g_list_model_get_item (bookings, i);

      weekend |= g_date_time_get_day_of_week (lys_appointment_get_starts_at (booking)) > 5;
      without_room |= lys_appointment_get_room_id (booking) == 0;
    }
  g_string_append_printf (layout, "%s %d %d", week, weekend, without_room);
  for (guint i = 0; i < rooms->len; i++)
    g_string_append_printf (layout, " %" G_GINT64_FORMAT ":%s", ((LysRoom *) rooms->pdata[i])->id,
                            ((LysRoom *) rooms->pdata[i])->name);
  g_string_append_c (layout, ' ');
  for (int d = 0; d < 7; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (monday, d);

      g_string_append_c (layout, is_today (day) ? 't' : '-');
      g_string_append_c (layout, is_closed (day, closures) ? 'c' : 'o');
    }
  return g_string_free (layout, FALSE);
}

/* The grid built for the week of @monday, its blocks from the model */
static void
build_week (LysSchedulePage *self,
            GDateTime       *monday,
            GPtrArray       *rooms,
            GPtrArray       *closures)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->bookings));
  gboolean any_without_room = FALSE;
  guint n_rows;

  clear_grid (self);
  self->n_days = 5;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LysAppointment) booking = g_list_model_get_item (G_LIST_MODEL (self->bookings), i);

      if (g_date_time_get_day_of_week (lys_appointment_get_starts_at (booking)) > 5)
        self->n_days = 7;
      if (lys_appointment_get_room_id (booking) == 0)
        any_without_room = TRUE;
    }
  g_array_set_size (self->room_ids, 0);
  for (guint r = 0; r < rooms->len; r++)
    g_array_append_val (self->room_ids, ((LysRoom *) rooms->pdata[r])->id);
  if (any_without_room)
    {
      gint64 none = 0;

      g_array_append_val (self->room_ids, none);
    }
  n_rows = self->room_ids->len;
  g_free (self->cells);
  self->cells = g_new0 (GtkWidget *, n_rows * 7);

  /* The day headers: a click shows the day as a list */
  for (guint d = 0; d < self->n_days; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (monday, (int) d);
      g_autofree char *text = lys_time_format (day, _("%a %-d %b"));
      g_autofree char *label = is_today (day) ? g_strdup_printf (_("Today, %s"), text) : g_strdup (text);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "schedule-day");
      if (is_today (day))
        gtk_widget_add_css_class (button, "today");
      gtk_widget_set_tooltip_text (button, _("Show the day as a list"));
      g_signal_connect (button, "clicked", G_CALLBACK (on_day_clicked_cb), self);
      gtk_grid_attach (self->week_grid, button, (int) d + 1, 0, 1, 1);
    }

  for (guint r = 0; r < n_rows; r++)
    {
      const char *name = r < rooms->len ? ((LysRoom *) rooms->pdata[r])->name : _("No room");
      GtkWidget *label = gtk_label_new (name);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_valign (label, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "schedule-room");
      gtk_grid_attach (self->week_grid, label, 0, (int) r + 1, 1, 1);

      for (guint d = 0; d < self->n_days; d++)
        {
          g_autoptr(GDateTime) day = g_date_time_add_days (monday, (int) d);

          self->cells[r * 7 + d] = make_cell (is_closed (day, closures));
          if (is_today (day))
            gtk_widget_add_css_class (self->cells[r * 7 + d], "today");
          gtk_grid_attach (self->week_grid, self->cells[r * 7 + d], (int) d + 1, (int) r + 1, 1, 1);
        }
    }

  /* A room out of use has no row: its bookings are in the day list */
  g_ptr_array_set_size (self->blocks, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->blocks, NULL);
  for (guint i = 0; i < n; i++)
    g_ptr_array_index (self->blocks, i) = place_block (self, i);
}

static GtkWidget *
create_day_row (gpointer item,
                gpointer user_data)
{
  LysAppointment *booking = item;
  const char *patient = lys_appointment_get_patient_name (booking);
  g_autofree char *title = g_strdup_printf ("%s · %s",
                                            lys_appointment_kind_get_label (lys_appointment_get_kind (booking)),
                                            patient ? patient : "");
  LysAppointmentRow *row = lys_appointment_row_new (booking, title, FALSE);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return GTK_WIDGET (row);
}

static gboolean
is_on_day (gpointer item,
           gpointer user_data)
{
  GDateTime *day = user_data;
  GDateTime *starts_at = lys_appointment_get_starts_at (item);

  return g_date_time_get_year (starts_at) == g_date_time_get_year (day) &&
         g_date_time_get_day_of_year (starts_at) == g_date_time_get_day_of_year (day);
}

static void
reload (LysSchedulePage *self)
{
  g_autoptr(GDateTime) monday = NULL;
  g_autoptr(GDateTime) sunday = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GListModel) bookings = NULL;
  g_autoptr(GPtrArray) rooms = NULL;
  g_autoptr(GPtrArray) closures = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *title = NULL;
  g_autofree char *day = NULL;
  g_autofree char *layout = NULL;

  if (self->store == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  monday = week_start (self->day);
  sunday = g_date_time_add_days (monday, 6);
  until = g_date_time_add_days (monday, 7);
  bookings = lys_store_list_bookings (self->store, monday, until, &error);
  if (bookings == NULL)
    {
      lys_alert (GTK_WIDGET (self), _("The Schedule Cannot Be Shown"), error->message);
      return;
    }
  rooms = lys_store_list_rooms (self->store, FALSE, &error);
  if (rooms == NULL)
    {
      clear_grid (self);
      g_clear_pointer (&self->cells, g_free);
      g_clear_pointer (&self->layout, g_free);
      gtk_grid_attach (self->week_grid, gtk_label_new (error->message), 0, 0, 1, 1);
      return;
    }
  closures = lys_store_list_closures (self->store, NULL);

  /* "23–29 Nov 2026", or "30 Nov – 6 Dec 2026" across a month */
  first = lys_time_format (monday, g_date_time_get_month (monday) == g_date_time_get_month (sunday)
                                      ? "%-d" : _("%-d %b"));
  last = lys_time_format (sunday, _("%-d %b %Y"));
  /* Translators: "Week 48" */
  title = g_strdup_printf (_("Week %d"), g_date_time_get_week_of_year (monday));
  gtk_label_set_label (self->title_label, title);
  g_free (title);
  /* Translators: the days of a week, "23–29 Nov 2026" */
  title = g_strdup_printf (_("%s–%s"), first, last);
  gtk_label_set_label (self->range_label, title);

  /* The week as it was, changed where it changed; another week, other
   * rooms or days, built again */
  layout = describe_layout (monday, bookings, rooms, closures);
  if (g_strcmp0 (layout, self->layout) == 0)
    lys_list_store_update (self->bookings, bookings, lys_appointment_same, NULL);
  else
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (bookings); i++)
        g_ptr_array_add (items, g_list_model_get_item (bookings, i));
      self->building = TRUE;
      g_list_store_splice (self->bookings, 0, g_list_model_get_n_items (G_LIST_MODEL (self->bookings)),
                           items->pdata, items->len);
      self->building = FALSE;
      build_week (self, monday, rooms, closures);
      g_free (self->layout);
      self->layout = g_steal_pointer (&layout);
    }

  /* The day list: the week's bookings on the day shown */
  day = lys_format_day (self->day);
  gtk_label_set_label (self->day_label, day);
  if (!g_date_time_equal (self->filtered_day, self->day))
    {
      g_clear_pointer (&self->filtered_day, g_date_time_unref);
      self->filtered_day = g_date_time_ref (self->day);
      gtk_custom_filter_set_filter_func (self->day_filter, is_on_day, g_date_time_ref (self->day),
                                         (GDestroyNotify) g_date_time_unref);
    }
}

/**
 * lys_schedule_page_get_bookings:
 *
 * Returns: (transfer none): the bookings of the week shown, in time order
 */
GListModel *
lys_schedule_page_get_bookings (LysSchedulePage *self)
{
  g_return_val_if_fail (LYS_IS_SCHEDULE_PAGE (self), NULL);
  return G_LIST_MODEL (self->bookings);
}

static void
on_booking_done_cb (GtkWidget        *window,
                    const char       *message,
                    LysSchedulePage  *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
open_booking (LysSchedulePage *self,
              LysAppointment  *appointment)
{
  LysBookingWindow *window;

  window = lys_booking_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store, appointment);
  g_signal_connect_object (window, "done", G_CALLBACK (on_booking_done_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_day_row_activated_cb (GtkListBox      *list,
                         GtkListBoxRow   *row,
                         LysSchedulePage *self)
{
  open_booking (self, lys_appointment_row_get_appointment (LYS_APPOINTMENT_ROW (row)));
}

static void
move_by (LysSchedulePage *self,
         int              days)
{
  GDateTime *day = g_date_time_add_days (self->day, days);

  g_date_time_unref (self->day);
  self->day = day;
  reload (self);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LysSchedulePage *self = LYS_SCHEDULE_PAGE (widget);

  move_by (self, showing_week (self) ? -7 : -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysSchedulePage *self = LYS_SCHEDULE_PAGE (widget);

  move_by (self, showing_week (self) ? 7 : 1);
}

static void
previous_week_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  move_by (LYS_SCHEDULE_PAGE (widget), -7);
}

static void
next_week_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_by (LYS_SCHEDULE_PAGE (widget), 7);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LysSchedulePage *self = LYS_SCHEDULE_PAGE (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = midnight (now);
  reload (self);
}

static void
on_export_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     LysSchedulePage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) monday = week_start (self->day);
  g_autoptr(GDateTime) until = g_date_time_add_days (monday, 7);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  file = lys_file_chooser_finish (chooser, response);
  path = file ? g_file_get_path (file) : NULL;
  if (path == NULL)
    return;

  if (!lys_store_export_calendar (self->store, monday, until, path, &n, &error))
    {
      lys_alert (GTK_WIDGET (self), _("The Calendar Was Not Exported"), error->message);
      return;
    }
  message = g_strdup_printf (ngettext ("Exported %u booking", "Exported %u bookings", n), n);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  static const char *suffixes[] = { "ics", NULL };
  LysSchedulePage *self = LYS_SCHEDULE_PAGE (widget);
  g_autoptr(GDateTime) monday = week_start (self->day);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  /* Translators: a file name; %d is the week number. Keep it free of spaces */
  name = g_strdup_printf (_("infusions-week-%d.ics"), g_date_time_get_week_of_year (monday));
  chooser = lys_file_chooser_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Export the Week as a Calendar"),
                                  _("_Export"),
                                  /* Translators: a file type in the file chooser */
                                  _("Calendar files"), "text/calendar", suffixes, name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
new_booking_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LysSchedulePage *self = LYS_SCHEDULE_PAGE (widget);
  LysBookingEditor *editor;

  editor = lys_booking_editor_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->day);
  g_signal_connect_object (editor, "done", G_CALLBACK (on_booking_done_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
lys_schedule_page_dispose (GObject *object)
{
  LysSchedulePage *self = LYS_SCHEDULE_PAGE (object);

  /* AdwBin releases the template's child itself */
  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->day, g_date_time_unref);
  if (self->bookings != NULL)
    g_signal_handlers_disconnect_by_func (self->bookings, on_bookings_changed_cb, self);
  g_clear_object (&self->bookings);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->room_ids, g_array_unref);
  g_clear_pointer (&self->layout, g_free);
  g_clear_object (&self->day_filter);
  g_clear_pointer (&self->filtered_day, g_date_time_unref);

  G_OBJECT_CLASS (lys_schedule_page_parent_class)->dispose (object);
}

static void
lys_schedule_page_class_init (LysSchedulePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_schedule_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-schedule-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysSchedulePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysSchedulePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LysSchedulePage, range_label);
  gtk_widget_class_bind_template_child (widget_class, LysSchedulePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LysSchedulePage, week_grid);
  gtk_widget_class_bind_template_child (widget_class, LysSchedulePage, day_label);
  gtk_widget_class_bind_template_child (widget_class, LysSchedulePage, day_list);
  gtk_widget_class_bind_template_callback (widget_class, on_day_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, reload);

  gtk_widget_class_install_action (widget_class, "schedule.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "schedule.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "schedule.previous-week", NULL, previous_week_action);
  gtk_widget_class_install_action (widget_class, "schedule.next-week", NULL, next_week_action);
  gtk_widget_class_install_action (widget_class, "schedule.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "schedule.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "schedule.new-booking", NULL, new_booking_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "schedule.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "schedule.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "schedule.previous-week", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "schedule.next-week", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "schedule.today", NULL);
}

static void
lys_schedule_page_init (LysSchedulePage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->day = midnight (now);
  self->bookings = g_list_store_new (LYS_TYPE_APPOINTMENT);
  self->blocks = g_ptr_array_new ();
  self->room_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (self->bookings, "items-changed", G_CALLBACK (on_bookings_changed_cb), self);
  self->filtered_day = g_date_time_ref (self->day);
  self->day_filter = gtk_custom_filter_new (is_on_day, g_date_time_ref (self->day), (GDestroyNotify) g_date_time_unref);
  {
    g_autoptr(GtkFilterListModel) on_day = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->bookings)),
                                                                      g_object_ref (GTK_FILTER (self->day_filter)));

    gtk_list_box_bind_model (self->day_list, G_LIST_MODEL (on_day), create_day_row, NULL, NULL);
  }

  g_signal_connect (self, "map", G_CALLBACK (reload), NULL);
}

void
lys_schedule_page_set_store (LysSchedulePage *self,
                             LysStore        *store)
{
  g_return_if_fail (LYS_IS_SCHEDULE_PAGE (self));
  g_return_if_fail (store == NULL || LYS_IS_STORE (store));

  g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->changed_id = g_signal_connect_swapped (store, "bookings-changed", G_CALLBACK (reload), self);
  reload (self);
}

/**
 * lys_schedule_page_show_day:
 *
 * Shows the week (or, in the day list, the day) of @day.
 */
void
lys_schedule_page_show_day (LysSchedulePage *self,
                            GDateTime       *day)
{
  g_return_if_fail (LYS_IS_SCHEDULE_PAGE (self));
  g_return_if_fail (day != NULL);

  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = midnight (day);
  reload (self);
}
