/* SPDX-License-Identifier: GPL-3.0-or-later */

/* LysStore: rooms, bookings and the induction plan. Every way a booking is
 * made or moved goes through check_booking() inside the write transaction,
 * so no path can double-book a room, a patient or a staff member. */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-appointment.h"
#include "lys-course-rules.h"
#include "lys-error.h"
#include "lys-holidays.h"
#include "lys-ical.h"
#include "lys-output-file.h"
#include "lys-room.h"
#include "lys-staff.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-text.h"
#include "lys-time.h"

/* How far ahead the first infusion of a proposed series may lie */
#define PLAN_HORIZON_DAYS 28

/* A booking as the rules see it */
typedef struct
{
  gint64                 exclude_id;   /* the booking being moved, or 0 */
  LysAppointmentKind     kind;
  GDateTime             *starts_at;
  GDateTime             *ends_at;
  gint64                 room_id;
  const gint64          *patient_ids;
  guint                  n_patients;
  const LysBookingStaff *staff;
  guint                  n_staff;
  gint64                 course_id;    /* single-patient bookings; 0 for groups */
  gboolean               induction;    /* the course is an induction course */
} Booking;

static void
day_of (GDateTime *time,
        GDate     *day)
{
  g_date_clear (day, 1);
  g_date_set_dmy (day, g_date_time_get_day_of_month (time), g_date_time_get_month (time),
                  g_date_time_get_year (time));
}

static guint
minute_of (GDateTime *time)
{
  return (guint) (g_date_time_get_hour (time) * 60 + g_date_time_get_minute (time));
}

static char *
format_date (const GDate *day)
{
  char text[11];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", day);
  return g_strdup (text);
}

static char *
format_minute_column (const char *text)
{
  /* Rooms keep their hours as "HH:MM" */
  return g_strndup (text, 5);
}

static guint
parse_minute_column (const char *text,
                     guint       fallback)
{
  guint minute;

  if (text == NULL || !lys_time_parse_minute (text, &minute))
    return fallback;
  return minute;
}

/* Rooms */

static gpointer
read_room (LysDbStmt *stmt)
{
  LysRoom *room = lys_room_new ();

  room->id = lys_db_column_int64 (stmt, 0);
  room->name = _lys_column_dup (stmt, 1);
  room->headphones = lys_db_column_int (stmt, 2) != 0;
  room->duvet = lys_db_column_int (stmt, 3) != 0;
  room->dimmable_light = lys_db_column_int (stmt, 4) != 0;
  room->monitoring = lys_db_column_int (stmt, 5) != 0;
  room->opens = parse_minute_column (lys_db_column_text (stmt, 6), 8 * 60);
  room->closes = parse_minute_column (lys_db_column_text (stmt, 7), 16 * 60);
  room->active = lys_db_column_int (stmt, 8) != 0;
  return room;
}

/**
 * lys_store_list_rooms:
 *
 * Returns: (transfer full) (element-type LysRoom): the rooms by name
 */
GPtrArray *
lys_store_list_rooms (LysStore  *self,
                      gboolean   include_inactive,
                      GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self,
                             "SELECT id, name, headphones, duvet, dimmable_light, monitoring, "
                             "       opens_at, closes_at, active "
                             "FROM rooms WHERE active = 1 OR ?1 <> 0 ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int (stmt, 1, include_inactive);

  return _lys_store_collect (self, stmt, read_room, (GDestroyNotify) lys_room_free, error);
}

/* A new room (id 0), or the changes to one. Returns its id. */
gint64
_lys_store_write_room (LysStore       *self,
                       const LysRoom  *room,
                       GError        **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *name = g_strstrip (g_strdup (room->name));
  g_autofree char *opens = lys_time_format_minute (room->opens);
  g_autofree char *closes = lys_time_format_minute (room->closes);

  if (room->id == 0)
    stmt = _lys_store_prepare (self,
                               "INSERT INTO rooms (name, headphones, duvet, dimmable_light, monitoring, "
                               "opens_at, closes_at, active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  else
    stmt = _lys_store_prepare (self,
                               "UPDATE rooms SET name = ?1, headphones = ?2, duvet = ?3, dimmable_light = ?4, "
                               "monitoring = ?5, opens_at = ?6, closes_at = ?7, active = ?8 WHERE id = ?9", error);
  if (stmt == NULL)
    return 0;
  lys_db_bind_text (stmt, 1, name);
  lys_db_bind_int (stmt, 2, room->headphones);
  lys_db_bind_int (stmt, 3, room->duvet);
  lys_db_bind_int (stmt, 4, room->dimmable_light);
  lys_db_bind_int (stmt, 5, room->monitoring);
  lys_db_bind_text (stmt, 6, opens);
  lys_db_bind_text (stmt, 7, closes);
  lys_db_bind_int (stmt, 8, room->active);
  if (room->id == 0)
    return _lys_store_step_insert (self, stmt, error);
  lys_db_bind_int64 (stmt, 9, room->id);
  return _lys_store_step_done (self, stmt, error) ? room->id : 0;
}

/**
 * lys_store_save_room:
 * @room: a new room (id 0) or a changed one
 *
 * Returns: the room's id, or 0
 */
gint64
lys_store_save_room (LysStore       *self,
                     const LysRoom  *room,
                     GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 id;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  g_return_val_if_fail (room != NULL, 0);

  if (!lys_room_validate (room, error) || !_lys_store_begin (self, error))
    return 0;

  id = _lys_store_write_room (self, room, &local_error);
  if (id == 0 && lys_db_get_fault (_lys_store_get_db (self)) == LYS_DB_FAULT_CONSTRAINT)
    {
      g_autofree char *name = g_strstrip (g_strdup (room->name));

      g_set_error (error, LYS_ERROR, LYS_ERROR_EXISTS,
                   _("Another room is called “%s”. Give this one another name."), name);
    }
  else if (id == 0)
    g_propagate_error (error, g_steal_pointer (&local_error));
  ok = id != 0 && _lys_store_audit (self, room->id != 0 ? "room.update" : "room.create", 0, "room", id, NULL, error);
  if (!_lys_store_finish (self, ok, error))
    return 0;

  _lys_store_bookings_changed (self);
  return id;
}

static gboolean
insert_days (LysStore     *self,
             const char   *sql,
             const char   *action,
             gint64        staff_id,
             const GDate  *first,
             const GDate  *last,
             const char   *reason,
             GError      **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean ok;

  if (!g_date_valid (first) || !g_date_valid (last) || g_date_compare (first, last) > 0)
    return lys_refuse (error, LYS_ERROR_INVALID, _("The last day cannot come before the first."));

  from = format_date (first);
  to = format_date (last);
  if (!_lys_store_begin (self, error))
    return FALSE;

  stmt = _lys_store_prepare (self, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      lys_db_bind_text (stmt, 1, from);
      lys_db_bind_text (stmt, 2, to);
      lys_db_bind_text (stmt, 3, reason);
      if (staff_id != 0)
        lys_db_bind_int64 (stmt, 4, staff_id);
      ok = _lys_store_step_done (self, stmt, error) &&
           _lys_store_audit (self, action, 0, staff_id != 0 ? "staff" : "closure",
                             staff_id != 0 ? staff_id : lys_db_last_insert_id (_lys_store_get_db (self)),
                             NULL, error);
    }
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  _lys_store_bookings_changed (self);
  return TRUE;
}

/**
 * lys_store_add_closure:
 * @first: the first day the clinic is closed
 * @last: the last one
 * @reason: why, e.g. "Staff seminar"
 *
 * Closed days refuse bookings, as weekends and public holidays do.
 */
gboolean
lys_store_add_closure (LysStore     *self,
                       const GDate  *first,
                       const GDate  *last,
                       const char   *reason,
                       GError      **error)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (first != NULL && last != NULL, FALSE);

  if (lys_text_is_blank (reason))
    return lys_refuse (error, LYS_ERROR_INVALID, _("Say why the clinic is closed, for example “Staff seminar”."));

  return insert_days (self, "INSERT INTO closures (starts_on, ends_on, reason) VALUES (?1, ?2, ?3)",
                      "closure.create", 0, first, last, reason, error);
}

void
lys_day_range_free (LysDayRange *range)
{
  if (range == NULL)
    return;

  g_free (range->first);
  g_free (range->last);
  g_free (range->reason);
  g_free (range->staff_name);
  g_free (range);
}

static gpointer
read_day_range (LysDbStmt *stmt)
{
  LysDayRange *range = g_new0 (LysDayRange, 1);

  range->id = lys_db_column_int64 (stmt, 0);
  range->first = _lys_column_dup (stmt, 1);
  range->last = _lys_column_dup (stmt, 2);
  range->reason = _lys_column_dup (stmt, 3);
  range->staff_name = _lys_column_dup (stmt, 4);
  return range;
}

/* Ranges that end today or later, in order */
static GPtrArray *
list_day_ranges (LysStore    *self,
                 const char  *sql,
                 GError     **error)
{
  g_autoptr(LysDbStmt) stmt = _lys_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  _lys_store_bind_today (self, stmt, 1);
  return _lys_store_collect (self, stmt, read_day_range, (GDestroyNotify) lys_day_range_free, error);
}

/**
 * lys_store_remove_day_range:
 * @absence: whether @id is a staff absence, or else a clinic closure
 *
 * Removes a closure or an absence entered by mistake or called off: its
 * days take bookings again.
 */
gboolean
lys_store_remove_day_range (LysStore  *self,
                            gint64     id,
                            gboolean   absence,
                            GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (!_lys_store_begin (self, error))
    return FALSE;
  stmt = _lys_store_prepare (self, absence ? "DELETE FROM staff_absences WHERE id = ?1"
                                           : "DELETE FROM closures WHERE id = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      lys_db_bind_int64 (stmt, 1, id);
      ok = _lys_store_step_done (self, stmt, error);
    }
  if (ok && lys_db_changes (_lys_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND, _("It was removed already."));
      ok = FALSE;
    }
  ok = ok && _lys_store_audit (self, absence ? "staff.absence-remove" : "closure.remove", 0,
                               absence ? "staff-absence" : "closure", id, NULL, error);
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  _lys_store_bookings_changed (self);
  return TRUE;
}

/**
 * lys_store_list_closures:
 *
 * Returns: (transfer full) (element-type LysDayRange): the clinic's closures
 *   that have not passed
 */
GPtrArray *
lys_store_list_closures (LysStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  return list_day_ranges (self,
                          "SELECT id, starts_on, ends_on, reason, NULL FROM closures "
                          "WHERE ends_on >= ?1 ORDER BY starts_on", error);
}

/**
 * lys_store_list_staff_absences:
 *
 * Returns: (transfer full) (element-type LysDayRange): staff absences that
 *   have not passed, with the staff member's name
 */
GPtrArray *
lys_store_list_staff_absences (LysStore  *self,
                               GError   **error)
{
  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  return list_day_ranges (self,
                          "SELECT a.id, a.starts_on, a.ends_on, a.reason, s.name FROM staff_absences a "
                          "JOIN staff s ON s.id = a.staff_id WHERE a.ends_on >= ?1 ORDER BY a.starts_on", error);
}

/**
 * lys_store_add_staff_absence:
 * @reason: (nullable): why, if it may be told
 *
 * The staff member is away from @first to @last: nothing is booked for them
 * on those days.
 */
gboolean
lys_store_add_staff_absence (LysStore     *self,
                             gint64        staff_id,
                             const GDate  *first,
                             const GDate  *last,
                             const char   *reason,
                             GError      **error)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (staff_id > 0, FALSE);
  g_return_val_if_fail (first != NULL && last != NULL, FALSE);

  return insert_days (self,
                      "INSERT INTO staff_absences (starts_on, ends_on, reason, staff_id) VALUES (?1, ?2, ?3, ?4)",
                      "staff.absence", staff_id, first, last, reason, error);
}

/* The rules */

static gboolean
check_day (LysStore    *self,
           GDateTime   *starts_at,
           GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *date = NULL;
  GDate day;
  int rc;

  day_of (starts_at, &day);
  if (lys_holidays_is_closed_day (&day))
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("The clinic is closed that day (a weekend or public holiday). Choose a working day."));

  date = format_date (&day);
  stmt = _lys_store_prepare (self, "SELECT reason FROM closures WHERE ?1 BETWEEN starts_on AND ends_on LIMIT 1",
                             error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_text (stmt, 1, date);
  rc = lys_db_step (stmt);
  if (rc == LYS_DB_ROW)
    {
      /* Translators: %s is why the clinic is closed, e.g. "Staff seminar" */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("The clinic is closed that day (%s). Choose another day."), lys_db_column_text (stmt, 0));
      return FALSE;
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);

  return TRUE;
}

static gboolean
check_room (LysStore  *self,
            Booking   *booking,
            GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  guint opens, closes;

  if (booking->room_id == 0)
    {
      if (booking->kind == LYS_APPOINTMENT_INFUSION)
        return lys_refuse (error, LYS_ERROR_INVALID, _("An infusion needs a room. Choose one."));
      return TRUE;
    }

  stmt = _lys_store_prepare (self,
                             "SELECT name, opens_at, closes_at, active, "
                             "  headphones * 1 + duvet * 2 + dimmable_light * 4 + monitoring * 8, "
                             "  (SELECT room_needs FROM courses WHERE id = ?2) "
                             "FROM rooms WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, booking->room_id);
  lys_db_bind_int64 (stmt, 2, booking->course_id);
  if (lys_db_step (stmt) != LYS_DB_ROW || !lys_db_column_int (stmt, 3))
    return lys_refuse (error, LYS_ERROR_INVALID, _("That room is not in use. Choose another room."));

  /* An infusion is given where the vital signs are monitored, in a room
   * with what the patient's course needs */
  if (booking->kind == LYS_APPOINTMENT_INFUSION)
    {
      LysAmenities needs = LYS_AMENITY_MONITORING | (lys_db_column_int (stmt, 5) & LYS_PATIENT_NEEDS);
      LysAmenities missing = needs & ~(LysAmenities) lys_db_column_int (stmt, 4);

      if (missing != 0)
        {
          g_autofree char *lacking = lys_amenities_describe (missing);

          /* Translators: %1$s is a room, %2$s what it lacks, e.g. "Duvet, Dimmable light" */
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("%1$s does not have what this infusion needs: %2$s. Choose another room, or change the "
                         "patient’s room needs in the induction plan."),
                       lys_db_column_text (stmt, 0), lacking);
          return FALSE;
        }
    }

  opens = parse_minute_column (lys_db_column_text (stmt, 1), 0);
  closes = parse_minute_column (lys_db_column_text (stmt, 2), 24 * 60);
  if (minute_of (booking->starts_at) < opens ||
      minute_of (booking->ends_at) > closes ||
      g_date_time_get_day_of_year (booking->ends_at) != g_date_time_get_day_of_year (booking->starts_at))
    {
      g_autofree char *from = format_minute_column (lys_db_column_text (stmt, 1));
      g_autofree char *to = format_minute_column (lys_db_column_text (stmt, 2));

      /* Translators: %1$s is a room, %2$s and %3$s times of day */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("%1$s is open from %2$s to %3$s, and the booking must fit within that, observation and turnover included. Choose an earlier time or another room."),
                   lys_db_column_text (stmt, 0), from, to);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_staff (LysStore  *self,
             Booking   *booking,
             GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(LysDbStmt) away = NULL;
  g_autofree char *date = NULL;
  gboolean has_drug = FALSE, has_psychologist = FALSE;
  GDate day;

  day_of (booking->starts_at, &day);
  date = format_date (&day);
  stmt = _lys_store_prepare (self, LYS_SQL_STAFF_FOR_TASK, error);
  away = _lys_store_prepare (self,
                             "SELECT 1 FROM staff_absences WHERE staff_id = ?1 AND ?2 BETWEEN starts_on AND ends_on",
                             error);
  if (stmt == NULL || away == NULL)
    return FALSE;

  for (guint i = 0; i < booking->n_staff; i++)
    {
      const LysBookingStaff *member = &booking->staff[i];
      const char *name;

      lys_db_reset (stmt);
      lys_db_bind_int64 (stmt, 1, member->staff_id);
      lys_db_bind_text (stmt, 2, date);
      if (lys_db_step (stmt) != LYS_DB_ROW || !lys_db_column_int (stmt, 3))
        return lys_refuse (error, LYS_ERROR_INVALID, _("A staff member chosen is no longer active. Choose another."));
      name = lys_db_column_text (stmt, 0);
      if (!_lys_store_check_task_row (stmt, member->task, error))
        return FALSE;
      has_drug |= member->task == LYS_TASK_DRUG;
      has_psychologist |= member->task == LYS_TASK_PSYCHOLOGIST;

      lys_db_reset (away);
      lys_db_bind_int64 (away, 1, member->staff_id);
      lys_db_bind_text (away, 2, date);
      if (lys_db_step (away) == LYS_DB_ROW)
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_CONFLICT,
                       _("%s is away that day. Choose another day or another staff member."), name);
          return FALSE;
        }
    }

  if (booking->kind == LYS_APPOINTMENT_INFUSION && !has_drug)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("An infusion needs a physician or nurse to give the drug. Choose one."));
  if (booking->kind == LYS_APPOINTMENT_INFUSION && !has_psychologist)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("An infusion needs a KAP-certified psychologist in the room. Choose one."));
  if (booking->kind != LYS_APPOINTMENT_INFUSION && booking->n_staff == 0)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Choose who holds the session."));

  return TRUE;
}

static char *
ids_json (const gint64 *ids,
          guint         n)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* Another booking sharing the room, a patient or a staff member over an
 * overlapping half-open interval: [09:00, 10:55) collides with a booking
 * from 10:30, not with one from 10:55. */
/* The names @stmt reads, joined: "Eva Lege, Per Sykepleier" */
static char *
join_names (LysDbStmt    *stmt,
            guint         limit)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint n = 0;

  while (n < limit && lys_db_step (stmt) == LYS_DB_ROW)
    {
      if (n++ > 0)
        g_string_append (names, ", ");
      g_string_append (names, lys_db_column_text (stmt, 0));
    }
  return n > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

/* Binds the booking's time to ?1 (a day before its start), ?2 (start),
 * ?3 (end) and ?4 (the booking moved) */
static void
bind_span (LysDbStmt    *stmt,
           Booking      *booking,
           char        **texts)
{
  g_autoptr(GDateTime) lookback = g_date_time_add_days (booking->starts_at, -1);

  texts[0] = lys_time_format_local (lookback);
  texts[1] = lys_time_format_local (booking->starts_at);
  texts[2] = lys_time_format_local (booking->ends_at);
  for (guint i = 0; i < 3; i++)
    lys_db_bind_text (stmt, (int) i + 1, texts[i]);
  lys_db_bind_int64 (stmt, 4, booking->exclude_id);
}

/* "Free then: …": the rooms open and not booked for the whole booking */
static char *
describe_free_rooms (LysStore *self,
                     Booking  *booking)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_auto(GStrv) texts = g_new0 (char *, 4);
  g_autofree char *opens = g_date_time_format (booking->starts_at, "%H:%M");
  g_autofree char *closes = g_date_time_format (booking->ends_at, "%H:%M");
  g_autofree char *names = NULL;

  stmt = _lys_store_prepare (self,
                             "SELECT r.name FROM rooms r WHERE r.active = 1 AND r.id <> ?5 "
                             "AND r.opens_at <= ?6 AND r.closes_at >= ?7 "
                             "AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.room_id = r.id "
                             "  AND a.starts_at >= ?1 AND a.starts_at < ?3 AND a.ends_at > ?2 "
                             "  AND a.state <> 'cancelled' AND a.id <> ?4) "
                             "ORDER BY r.name", NULL);
  if (stmt == NULL)
    return NULL;
  bind_span (stmt, booking, texts);
  lys_db_bind_int64 (stmt, 5, booking->room_id);
  lys_db_bind_text (stmt, 6, opens);
  lys_db_bind_text (stmt, 7, closes);
  names = join_names (stmt, 5);
  if (names == NULL)
    return g_strdup (_("No other room is free then."));
  /* Translators: %s lists rooms, e.g. "Fjellrommet, Havrommet" */
  return g_strdup_printf (_("Free then: %s."), names);
}

/* "Free then: …": who else may take the busy member's task, neither
 * booked nor away then */
static char *
describe_free_staff (LysStore *self,
                     Booking  *booking,
                     gint64    busy_id)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_auto(GStrv) texts = g_new0 (char *, 4);
  g_autofree char *date = g_date_time_format (booking->starts_at, "%Y-%m-%d");
  LysStaffTask task = LYS_N_TASKS;
  guint n = 0;

  for (guint i = 0; i < booking->n_staff; i++)
    if (booking->staff[i].staff_id == busy_id)
      task = booking->staff[i].task;
  if (task == LYS_N_TASKS)
    return NULL;

  stmt = _lys_store_prepare (self,
                             "SELECT s.name, s.role, " LYS_SQL_KAP_CERTIFIED_ON ("s", "?5") " FROM staff s "
                             "WHERE s.active = 1 "
                             "AND NOT EXISTS (SELECT 1 FROM appointment_staff ast "
                             "  JOIN appointments a ON a.id = ast.appointment_id WHERE ast.staff_id = s.id "
                             "  AND a.starts_at >= ?1 AND a.starts_at < ?3 AND a.ends_at > ?2 "
                             "  AND a.state <> 'cancelled' AND a.id <> ?4) "
                             "AND NOT EXISTS (SELECT 1 FROM staff_absences b WHERE b.staff_id = s.id "
                             "  AND ?5 BETWEEN b.starts_on AND b.ends_on) "
                             "ORDER BY s.name", NULL);
  if (stmt == NULL)
    return NULL;
  bind_span (stmt, booking, texts);
  lys_db_bind_text (stmt, 5, date);
  while (n < 5 && lys_db_step (stmt) == LYS_DB_ROW)
    {
      LysRole role;

      if (!lys_role_from_nick (lys_db_column_text (stmt, 1), &role) ||
          !lys_staff_may (role, lys_db_column_int (stmt, 2) != 0, task))
        continue;
      if (n++ > 0)
        g_string_append (names, ", ");
      g_string_append (names, lys_db_column_text (stmt, 0));
    }
  if (n == 0)
    return g_strdup (_("No one else who may take that part is free then."));
  /* Translators: %s lists staff members, e.g. "Eva Lege, Per Sykepleier" */
  return g_strdup_printf (_("Free then: %s."), names->str);
}

static gboolean
check_conflicts (LysStore  *self,
                 Booking   *booking,
                 GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GDateTime) lookback = g_date_time_add_days (booking->starts_at, -1);
  g_autofree char *starts = lys_time_format_local (booking->starts_at);
  g_autofree char *ends = lys_time_format_local (booking->ends_at);
  g_autofree char *since = lys_time_format_local (lookback);
  g_autofree gint64 *staff_ids = g_new (gint64, MAX (booking->n_staff, 1));
  g_autofree char *patients = NULL;
  g_autofree char *staff = NULL;
  int rc;

  for (guint i = 0; i < booking->n_staff; i++)
    staff_ids[i] = booking->staff[i].staff_id;
  patients = ids_json (booking->patient_ids, booking->n_patients);
  staff = ids_json (staff_ids, booking->n_staff);

  /* The start index bounds the search: no booking is longer than a day */
  stmt = _lys_store_prepare (self,
                             "SELECT a.kind, a.starts_at, a.ends_at, "
                             "  CASE WHEN a.room_id = ?4 THEN (SELECT name FROM rooms WHERE id = a.room_id) END, "
                             "  (SELECT p.given_name || ' ' || p.family_name FROM appointment_patients ap "
                             "     JOIN patients p ON p.id = ap.patient_id "
                             "    WHERE ap.appointment_id = a.id AND ap.patient_id IN (SELECT value FROM json_each (?5)) "
                             "    LIMIT 1), "
                             "  (SELECT s.name FROM appointment_staff ast JOIN staff s ON s.id = ast.staff_id "
                             "    WHERE ast.appointment_id = a.id AND ast.staff_id IN (SELECT value FROM json_each (?6)) "
                             "    ORDER BY ast.staff_id LIMIT 1), "
                             "  (SELECT ast.staff_id FROM appointment_staff ast "
                             "    WHERE ast.appointment_id = a.id AND ast.staff_id IN (SELECT value FROM json_each (?6)) "
                             "    ORDER BY ast.staff_id LIMIT 1) "
                             "FROM appointments a "
                             "WHERE a.starts_at >= ?1 AND a.starts_at < ?3 AND a.ends_at > ?2 "
                             "  AND a.state <> 'cancelled' AND a.id <> ?7 "
                             "  AND (a.room_id = ?4 "
                             "    OR EXISTS (SELECT 1 FROM appointment_patients ap WHERE ap.appointment_id = a.id "
                             "               AND ap.patient_id IN (SELECT value FROM json_each (?5))) "
                             "    OR EXISTS (SELECT 1 FROM appointment_staff ast WHERE ast.appointment_id = a.id "
                             "               AND ast.staff_id IN (SELECT value FROM json_each (?6)))) "
                             "ORDER BY a.starts_at LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_text (stmt, 1, since);
  lys_db_bind_text (stmt, 2, starts);
  lys_db_bind_text (stmt, 3, ends);
  if (booking->room_id != 0)
    lys_db_bind_int64 (stmt, 4, booking->room_id);
  lys_db_bind_text (stmt, 5, patients);
  lys_db_bind_text (stmt, 6, staff);
  lys_db_bind_int64 (stmt, 7, booking->exclude_id);

  rc = lys_db_step (stmt);
  if (rc == LYS_DB_ROW)
    {
      g_autoptr(GDateTime) from = lys_time_parse_local (lys_db_column_text (stmt, 1));
      g_autoptr(GDateTime) to = lys_time_parse_local (lys_db_column_text (stmt, 2));
      g_autofree char *span = NULL;
      g_autofree char *message = NULL;
      g_autofree char *free_now = NULL;
      LysAppointmentKind kind = LYS_APPOINTMENT_INFUSION;
      const char *label;

      lys_appointment_kind_from_nick (lys_db_column_text (stmt, 0), &kind);
      label = lys_appointment_kind_get_label (kind);
      {
        g_autofree char *a = g_date_time_format (from, "%H:%M");
        g_autofree char *b = g_date_time_format (to, "%H:%M");

        span = g_strdup_printf ("%s–%s", a, b);
      }

      if (!lys_db_column_is_null (stmt, 3))
        {
          /* Translators: %1$s is a room, %2$s a kind of session, %3$s a time span like 09:00–10:55 */
          message = g_strdup_printf (_("%1$s is booked then (%2$s, %3$s). Choose another time or room."),
                                     lys_db_column_text (stmt, 3), label, span);
          free_now = describe_free_rooms (self, booking);
        }
      else if (!lys_db_column_is_null (stmt, 4))
        /* Translators: %1$s is a patient's name, %2$s a kind of session, %3$s a time span */
        message = g_strdup_printf (_("%1$s already has a booking then (%2$s, %3$s). Choose another time."),
                                   lys_db_column_text (stmt, 4), label, span);
      else
        {
          /* Translators: %1$s is a staff member's name, %2$s a kind of session, %3$s a time span */
          message = g_strdup_printf (_("%1$s is booked then (%2$s, %3$s). Choose another time or someone else."),
                                     lys_db_column_text (stmt, 5), label, span);
          free_now = describe_free_staff (self, booking, lys_db_column_int64 (stmt, 6));
        }
      g_set_error (error, LYS_ERROR, LYS_ERROR_CONFLICT, "%s%s%s", message, free_now ? " " : "",
                   free_now ? free_now : "");
      return FALSE;
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);

  return TRUE;
}

void
_lys_store_bind_count_share (LysStore     *self,
                             LysDbStmt    *stmt)
{
  lys_db_bind_double (stmt, lys_db_param_index (stmt, ":count_share"),
                       _lys_store_get_settings (self)[LYS_SETTING_COURSE_COUNT_SHARE] / 100);
}

/**
 * _lys_store_count_course_infusions:
 * @exclude_id: a booking to leave out (one being moved), or 0
 *
 * Returns: how many infusions of the course count towards its number:
 *   planned, or given and not stopped short of the dose the clinic counts;
 *   0 with @error set when it cannot be read
 */
guint
_lys_store_count_course_infusions (LysStore  *self,
                                   gint64     course_id,
                                   gint64     exclude_id,
                                   GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self,
                             "SELECT count (*) FROM appointments a WHERE a.course_id = ?1 AND a.kind = 'infusion' "
                             "AND a.state IN ('planned', 'done') AND a.id <> ?2 AND NOT EXISTS "
                             "  (SELECT 1 FROM infusions i WHERE i.appointment_id = a.id AND "
                             LYS_STOPPED_SHORT_SQL ("i") ")", error);
  if (stmt == NULL)
    return 0;
  lys_db_bind_int64 (stmt, 1, course_id);
  lys_db_bind_int64 (stmt, 2, exclude_id);
  _lys_store_bind_count_share (self, stmt);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    {
      _lys_store_fail (self, error);
      return 0;
    }
  return (guint) lys_db_column_int (stmt, 0);
}

static void
course_limits (LysStore        *self,
               LysCourseLimits *limits)
{
  lys_course_limits_from_settings (limits, _lys_store_get_settings (self));
}

static gboolean
check_course (LysStore  *self,
              Booking   *booking,
              char     **warning,
              GError   **error)
{
  g_autoptr(GPtrArray) starts = NULL;
  LysCourseLimits limits;

  if (booking->kind != LYS_APPOINTMENT_INFUSION)
    return TRUE;

  starts = _lys_store_list_course_starts (self, booking->course_id, booking->exclude_id, error);
  if (starts == NULL)
    return FALSE;

  course_limits (self, &limits);
  return lys_course_rules_check_counted (&limits, booking->induction, starts,
                                         _lys_store_count_course_infusions (self, booking->course_id,
                                                                            booking->exclude_id, NULL),
                                         booking->starts_at, warning, error);
}

static gboolean
check_booking (LysStore  *self,
               Booking   *booking,
               char     **warning,
               GError   **error)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (self);

  if (g_date_time_compare (booking->starts_at, now) < 0)
    return lys_refuse (error, LYS_ERROR_INVALID, _("A booking cannot start in the past. Choose a later time."));

  return check_day (self, booking->starts_at, error) &&
         check_room (self, booking, error) &&
         check_staff (self, booking, error) &&
         check_conflicts (self, booking, error) &&
         check_course (self, booking, warning, error);
}

/* The course a single-patient booking belongs to, in a phase that takes it */
static gboolean
resolve_course (LysStore  *self,
                Booking   *booking,
                GError   **error)
{
  LysPhase phase;

  if (booking->kind == LYS_APPOINTMENT_GROUP_INTEGRATION)
    {
      if (booking->n_patients < 2)
        return lys_refuse (error, LYS_ERROR_INVALID, _("A group session needs at least two patients."));
      booking->course_id = 0;
      return TRUE;
    }

  if (booking->n_patients != 1)
    return lys_refuse (error, LYS_ERROR_INVALID, _("This kind of session is for one patient."));

  if (!_lys_store_current_course (self, booking->patient_ids[0], &booking->course_id, &phase,
                                  &booking->induction, error))
    return FALSE;

  switch (booking->kind)
    {
    case LYS_APPOINTMENT_PREPARATION:
      return _lys_store_check_preparing (phase, error);
    case LYS_APPOINTMENT_INFUSION:
      if (phase == LYS_PHASE_PREPARATION)
        return lys_refuse (error, LYS_ERROR_INVALID,
                           _("The course is still in preparation. Start the induction from the Preparation area when everything before the first infusion is in place."));
      if (phase != LYS_PHASE_INDUCTION && phase != LYS_PHASE_MAINTENANCE)
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_LOCKED,
                       _("The course is %s; it takes no more infusions."), lys_phase_get_label (phase));
          return FALSE;
        }
      return _lys_store_check_consent_not_withdrawn (self, booking->patient_ids[0], error);
    case LYS_APPOINTMENT_INTEGRATION:
    case LYS_APPOINTMENT_FOLLOW_UP:
      return TRUE;
    case LYS_APPOINTMENT_GROUP_INTEGRATION:
    case LYS_N_APPOINTMENT_KINDS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* A booking with its patients and staff. Returns its id. */
gint64
_lys_store_write_appointment (LysStore                 *self,
                              LysDbStmt               **kept,
                              const LysAppointmentRow  *row,
                              GError                  **error)
{
  LysDbStmt *local[LYS_APPOINTMENT_STMTS] = { NULL };
  LysDbStmt **slots = kept != NULL ? kept : local;
  LysDbStmt *insert, *patient, *staff;
  gint64 id = 0;
  gboolean ok;

  insert = _lys_store_prepare_kept (self, &slots[0], NULL,
                                    "INSERT INTO appointments (kind, state, course_id, room_id, starts_at, ends_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  patient = insert == NULL ? NULL :
    _lys_store_prepare_kept (self, &slots[1], NULL,
                             "INSERT INTO appointment_patients (appointment_id, patient_id) VALUES (?1, ?2)", error);
  staff = patient == NULL ? NULL :
    _lys_store_prepare_kept (self, &slots[2], NULL,
                             "INSERT INTO appointment_staff (appointment_id, staff_id, task) VALUES (?1, ?2, ?3)",
                             error);
  ok = staff != NULL;
  if (ok)
    {
      lys_db_bind_text (insert, 1, lys_appointment_kind_to_nick (row->kind));
      lys_db_bind_text (insert, 2, lys_appointment_state_to_nick (row->state));
      _lys_bind_id (insert, 3, row->course_id);
      _lys_bind_id (insert, 4, row->room_id);
      lys_db_bind_text (insert, 5, row->starts_at);
      lys_db_bind_text (insert, 6, row->ends_at);
      ok = _lys_store_step_done (self, insert, error);
      id = lys_db_last_insert_id (_lys_store_get_db (self));
    }
  for (guint i = 0; ok && i < row->n_patients; i++)
    {
      lys_db_bind_int64 (patient, 1, id);
      lys_db_bind_int64 (patient, 2, row->patient_ids[i]);
      ok = _lys_store_step_done (self, patient, error);
    }
  for (guint i = 0; ok && i < row->n_staff; i++)
    {
      lys_db_bind_int64 (staff, 1, id);
      lys_db_bind_int64 (staff, 2, row->staff[i].staff_id);
      lys_db_bind_text (staff, 3, lys_staff_task_to_nick (row->staff[i].task));
      ok = _lys_store_step_done (self, staff, error);
    }

  for (guint i = 0; i < LYS_APPOINTMENT_STMTS; i++)
    if (slots[i] != NULL)
      lys_db_clear_bindings (slots[i]);
  if (kept == NULL)
    for (guint i = 0; i < LYS_APPOINTMENT_STMTS; i++)
      g_clear_pointer (&local[i], lys_db_stmt_free);
  return ok ? id : 0;
}

static gint64
insert_booking (LysStore  *self,
                Booking   *booking,
                GError   **error)
{
  g_autofree char *starts = lys_time_format_local (booking->starts_at);
  g_autofree char *ends = lys_time_format_local (booking->ends_at);
  LysAppointmentRow row = { .kind = booking->kind, .state = LYS_APPOINTMENT_PLANNED,
                            .course_id = booking->course_id, .room_id = booking->room_id,
                            .starts_at = starts, .ends_at = ends,
                            .patient_ids = booking->patient_ids, .n_patients = booking->n_patients,
                            .staff = booking->staff, .n_staff = booking->n_staff };
  gint64 id = _lys_store_write_appointment (self, NULL, &row, error);

  for (guint i = 0; id != 0 && i < booking->n_patients; i++)
    if (!_lys_store_audit (self, "appointment.create", booking->patient_ids[i], "appointment", id,
                           lys_appointment_kind_to_nick (booking->kind), error))
      return 0;
  return id;
}

static void
notify_patients (LysStore     *self,
                 const gint64 *patient_ids,
                 guint         n_patients)
{
  for (guint i = 0; i < n_patients; i++)
    _lys_store_patient_changed (self, patient_ids[i], -1);
  _lys_store_bookings_changed (self);
}

/* An infusion holds its room for the infusion, the observation after it and
 * the turnover */
static guint
booking_minutes (LysStore           *self,
                 LysAppointmentKind  kind,
                 guint               minutes)
{
  const double *settings = _lys_store_get_settings (self);

  if (kind == LYS_APPOINTMENT_INFUSION)
    return (guint) (settings[LYS_SETTING_INFUSION_MINUTES] + settings[LYS_SETTING_OBSERVATION_MINUTES] +
                    settings[LYS_SETTING_TURNOVER_MINUTES]);
  return minutes;
}

/**
 * lys_store_book:
 * @warning: (out) (optional): a message when the booking is allowed but
 *   stretches a rule (an induction series running longer than its length)
 *
 * Books a session after checking, in one transaction: closed days, the
 * room's opening hours, who may do what, absences, collisions of the room,
 * the patients and the staff, and for an infusion the course rules.
 *
 * Returns: the booking's id, or 0 with an error saying what stands in the way
 */
gint64
lys_store_book (LysStore                *self,
                const LysBookingRequest *request,
                char                   **warning,
                GError                 **error)
{
  g_autoptr(GDateTime) ends_at = NULL;
  Booking booking = { 0 };
  guint minutes;
  gint64 id = 0;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  g_return_val_if_fail (request != NULL && request->starts_at != NULL, 0);
  g_return_val_if_fail (request->n_patients > 0 && request->patient_ids != NULL, 0);

  if (warning != NULL)
    *warning = NULL;

  minutes = booking_minutes (self, request->kind, request->minutes);
  if (minutes < 15 || minutes > 240)
    {
      lys_refuse (error, LYS_ERROR_INVALID, _("A session lasts from 15 minutes to 4 hours."));
      return 0;
    }

  ends_at = g_date_time_add_minutes (request->starts_at, (int) minutes);
  booking.kind = request->kind;
  booking.starts_at = request->starts_at;
  booking.ends_at = ends_at;
  booking.room_id = request->room_id;
  booking.patient_ids = request->patient_ids;
  booking.n_patients = request->n_patients;
  booking.staff = request->staff;
  booking.n_staff = request->n_staff;

  if (!_lys_store_begin (self, error))
    return 0;
  if (resolve_course (self, &booking, error) && check_booking (self, &booking, warning, error))
    id = insert_booking (self, &booking, error);
  if (!_lys_store_finish (self, id != 0, error))
    {
      if (warning != NULL)
        g_clear_pointer (warning, g_free);
      return 0;
    }

  notify_patients (self, request->patient_ids, request->n_patients);
  return id;
}

/* A booking as stored, to move it */
typedef struct
{
  Booking  booking;
  GArray  *patients;   /* gint64 */
  GArray  *staff;      /* LysBookingStaff */
  LysAppointmentState state;
  GTimeSpan length;
} Stored;

static void
stored_clear (Stored *stored)
{
  g_clear_pointer (&stored->patients, g_array_unref);
  g_clear_pointer (&stored->staff, g_array_unref);
  g_clear_pointer (&stored->booking.starts_at, g_date_time_unref);
  g_clear_pointer (&stored->booking.ends_at, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Stored, stored_clear)

static gboolean
load_booking (LysStore  *self,
              gint64     id,
              Stored    *stored,
              GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) ends = NULL;
  int rc;

  stmt = _lys_store_prepare (self,
                             "SELECT a.kind, a.state, a.course_id, a.room_id, a.starts_at, a.ends_at, "
                             "       c.kind = 'induction' "
                             "FROM appointments a LEFT JOIN courses c ON c.id = a.course_id WHERE a.id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND, _("The booking no longer exists."));
      return FALSE;
    }

  stored->booking.exclude_id = id;
  lys_appointment_kind_from_nick (lys_db_column_text (stmt, 0), &stored->booking.kind);
  lys_appointment_state_from_nick (lys_db_column_text (stmt, 1), &stored->state);
  stored->booking.course_id = lys_db_column_int64 (stmt, 2);
  stored->booking.room_id = lys_db_column_int64 (stmt, 3);
  starts = lys_time_parse_local (lys_db_column_text (stmt, 4));
  ends = lys_time_parse_local (lys_db_column_text (stmt, 5));
  stored->booking.induction = lys_db_column_int (stmt, 6) != 0;
  if (starts == NULL || ends == NULL)
    return lys_refuse (error, LYS_ERROR_INVALID, _("The booking’s times are damaged."));
  stored->length = g_date_time_difference (ends, starts);
  stored->booking.starts_at = g_steal_pointer (&starts);
  stored->booking.ends_at = g_steal_pointer (&ends);
  g_clear_pointer (&stmt, lys_db_stmt_free);

  stored->patients = g_array_new (FALSE, FALSE, sizeof (gint64));
  stmt = _lys_store_prepare (self, "SELECT patient_id FROM appointment_patients WHERE appointment_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, id);
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      gint64 patient = lys_db_column_int64 (stmt, 0);

      g_array_append_val (stored->patients, patient);
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);
  g_clear_pointer (&stmt, lys_db_stmt_free);

  stored->staff = g_array_new (FALSE, FALSE, sizeof (LysBookingStaff));
  stmt = _lys_store_prepare (self, "SELECT staff_id, task FROM appointment_staff WHERE appointment_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, id);
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      LysBookingStaff member = { lys_db_column_int64 (stmt, 0), LYS_TASK_THERAPIST };

      lys_staff_task_from_nick (lys_db_column_text (stmt, 1), &member.task);
      g_array_append_val (stored->staff, member);
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);

  stored->booking.patient_ids = (const gint64 *) (gpointer) stored->patients->data;
  stored->booking.n_patients = stored->patients->len;
  stored->booking.staff = (const LysBookingStaff *) (gpointer) stored->staff->data;
  stored->booking.n_staff = stored->staff->len;
  return TRUE;
}

/* A booking still planned, the only kind that moves or is marked */
static gboolean
load_planned_booking (LysStore    *self,
                      gint64       id,
                      Stored      *stored,
                      GError     **error)
{
  if (!load_booking (self, id, stored, error))
    return FALSE;

  if (stored->state != LYS_APPOINTMENT_PLANNED)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_LOCKED,
                   _("Only planned sessions can be moved or marked; this one is %s."),
                   lys_appointment_state_get_label (stored->state));
      return FALSE;
    }

  return TRUE;
}

static gboolean
audit_patients (LysStore    *self,
                Stored      *stored,
                const char  *action,
                const char  *detail,
                GError     **error)
{
  for (guint i = 0; i < stored->booking.n_patients; i++)
    if (!_lys_store_audit (self, action, stored->booking.patient_ids[i], "appointment",
                           stored->booking.exclude_id, detail, error))
      return FALSE;

  return TRUE;
}

/**
 * lys_store_move_booking:
 * @starts_at: the new start; the booking keeps its length
 * @room_id: the new room, or 0 to keep the room
 * @warning: (out) (optional): see lys_store_book()
 *
 * Moves a planned booking with every rule checked again, as for a new one.
 */
gboolean
lys_store_move_booking (LysStore   *self,
                        gint64      appointment_id,
                        GDateTime  *starts_at,
                        gint64      room_id,
                        char      **warning,
                        GError    **error)
{
  g_auto(Stored) stored = { { 0 } };
  g_autoptr(LysDbStmt) update = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (starts_at != NULL, FALSE);

  if (warning != NULL)
    *warning = NULL;

  if (!_lys_store_begin (self, error))
    return FALSE;

  ok = load_planned_booking (self, appointment_id, &stored, error);
  if (ok)
    {
      g_clear_pointer (&stored.booking.starts_at, g_date_time_unref);
      g_clear_pointer (&stored.booking.ends_at, g_date_time_unref);
      stored.booking.starts_at = g_date_time_ref (starts_at);
      stored.booking.ends_at = g_date_time_add (starts_at, stored.length);
      if (room_id != 0)
        stored.booking.room_id = room_id;
      ok = check_booking (self, &stored.booking, warning, error);
    }
  if (ok)
    {
      starts = lys_time_format_local (stored.booking.starts_at);
      ends = lys_time_format_local (stored.booking.ends_at);
      update = _lys_store_prepare (self,
                                   "UPDATE appointments SET starts_at = ?1, ends_at = ?2, room_id = ?3 WHERE id = ?4",
                                   error);
      ok = update != NULL;
    }
  if (ok)
    {
      lys_db_bind_text (update, 1, starts);
      lys_db_bind_text (update, 2, ends);
      if (stored.booking.room_id != 0)
        lys_db_bind_int64 (update, 3, stored.booking.room_id);
      lys_db_bind_int64 (update, 4, appointment_id);
      ok = _lys_store_step_done (self, update, error);
    }
  ok = ok && audit_patients (self, &stored, "appointment.move", NULL, error);
  if (!_lys_store_finish (self, ok, error))
    {
      if (warning != NULL)
        g_clear_pointer (warning, g_free);
      return FALSE;
    }

  notify_patients (self, stored.booking.patient_ids, stored.booking.n_patients);
  return TRUE;
}

/**
 * lys_store_set_booking_state:
 * @state: done, missed or cancelled
 *
 * Marks a planned booking. A missed or cancelled infusion no longer counts
 * towards its course, so another can be booked in its place.
 */
gboolean
lys_store_set_booking_state (LysStore             *self,
                             gint64                appointment_id,
                             LysAppointmentState   state,
                             GError              **error)
{
  g_auto(Stored) stored = { { 0 } };
  g_autoptr(LysDbStmt) update = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (state != LYS_APPOINTMENT_PLANNED && state < LYS_N_APPOINTMENT_STATES, FALSE);

  if (!_lys_store_begin (self, error))
    return FALSE;

  ok = load_planned_booking (self, appointment_id, &stored, error);
  if (ok && state != LYS_APPOINTMENT_CANCELLED)
    {
      g_autoptr(GDateTime) now = lys_store_dup_now (self);

      /* Only what has begun can have been held or missed */
      if (g_date_time_compare (stored.booking.starts_at, now) > 0)
        ok = lys_refuse (error, LYS_ERROR_INVALID, state == LYS_APPOINTMENT_MISSED
                                ? _("A session that has not begun cannot be missed. Cancel it instead.")
                                : _("A session that has not begun cannot be marked as done."));
    }
  if (ok)
    {
      update = _lys_store_prepare (self, "UPDATE appointments SET state = ?1 WHERE id = ?2", error);
      ok = update != NULL;
    }
  if (ok)
    {
      lys_db_bind_text (update, 1, lys_appointment_state_to_nick (state));
      lys_db_bind_int64 (update, 2, appointment_id);
      ok = _lys_store_step_done (self, update, error);
    }
  ok = ok && audit_patients (self, &stored, "appointment.state", lys_appointment_state_to_nick (state), error);
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  notify_patients (self, stored.booking.patient_ids, stored.booking.n_patients);
  return TRUE;
}

/* The induction plan */

/**
 * lys_store_get_course_preferences:
 * @weekdays: (out): bit 0 Monday to bit 6 Sunday
 * @part: (out): the preferred time of day
 *
 * The days and times the patient prefers, as saved with their last plan.
 */
gboolean
lys_store_get_course_preferences (LysStore    *self,
                                  gint64       patient_id,
                                  guint       *weekdays,
                                  LysDayPart  *part,
                                  GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  gint64 course_id;
  LysPhase phase;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (!_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error))
    return FALSE;

  stmt = _lys_store_prepare (self, "SELECT preferred_weekdays, preferred_time FROM courses WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, course_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return _lys_store_fail (self, error);

  *weekdays = (guint) lys_db_column_int (stmt, 0);
  *part = LYS_DAY_PART_ANY;
  lys_day_part_from_nick (lys_db_column_text (stmt, 1), part);
  return TRUE;
}

/* What an infusion of @course_id needs of its room: monitoring, and what
 * the patient needs */
static gboolean
get_room_needs (LysStore      *self,
                gint64         course_id,
                LysAmenities  *needs,
                GError       **error)
{
  g_autoptr(LysDbStmt) stmt = _lys_store_prepare (self, "SELECT room_needs FROM courses WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, course_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return _lys_store_fail (self, error);
  *needs = LYS_AMENITY_MONITORING | (lys_db_column_int (stmt, 0) & LYS_PATIENT_NEEDS);
  return TRUE;
}

/**
 * lys_store_get_room_needs:
 * @needs: (out): of %LYS_PATIENT_NEEDS, what the patient needs of the room
 *
 * What the patient's current course needs of an infusion room.
 */
gboolean
lys_store_get_room_needs (LysStore      *self,
                          gint64         patient_id,
                          LysAmenities  *needs,
                          GError       **error)
{
  gint64 course_id;
  LysPhase phase;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (!_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error) ||
      !get_room_needs (self, course_id, needs, error))
    return FALSE;
  *needs &= LYS_PATIENT_NEEDS;
  return TRUE;
}

/**
 * lys_store_set_room_needs:
 * @needs: of %LYS_PATIENT_NEEDS
 *
 * Keeps with the patient's current course what they need of an infusion
 * room: the plan proposes, and a booking accepts, only rooms that have it.
 * Infusions already booked keep their rooms. Logged.
 */
gboolean
lys_store_set_room_needs (LysStore      *self,
                          gint64         patient_id,
                          LysAmenities   needs,
                          GError       **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *detail = NULL;
  gint64 course_id;
  LysPhase phase;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail ((needs & ~LYS_PATIENT_NEEDS) == 0, FALSE);

  if (!lys_store_check_access (self, patient_id, LYS_PART_ADMIN, error) ||
      !_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error))
    return FALSE;
  if (phase == LYS_PHASE_STOPPED || phase == LYS_PHASE_COMPLETED)
    return lys_refuse (error, LYS_ERROR_LOCKED, _("The course has ended; its room needs are kept as they were."));

  if (!_lys_store_begin (self, error))
    return FALSE;
  stmt = _lys_store_prepare (self, "UPDATE courses SET room_needs = ?2 WHERE id = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      lys_db_bind_int64 (stmt, 1, course_id);
      lys_db_bind_int (stmt, 2, (int) needs);
      ok = _lys_store_step_done (self, stmt, error);
    }
  detail = g_strdup_printf ("%u", (guint) needs);
  ok = ok && _lys_store_audit (self, "course.room-needs", patient_id, "course", course_id, detail, error);
  return _lys_store_finish (self, ok, error);
}

/* The course an induction plan is for: an induction course in its induction
 * phase, and how many of its infusions are still to book */
static gboolean
plan_course (LysStore  *self,
             gint64     patient_id,
             gint64    *course_id,
             guint     *missing,
             GError   **error)
{
  LysCourseLimits limits;
  GError *local = NULL;
  gboolean induction;
  LysPhase phase;
  guint counted;

  if (!_lys_store_current_course (self, patient_id, course_id, &phase, &induction, error))
    return FALSE;
  if (phase == LYS_PHASE_PREPARATION)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("The course is still in preparation. Start the induction from the Preparation area when everything before the first infusion is in place."));
  if (phase != LYS_PHASE_INDUCTION || !induction)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_LOCKED,
                   _("The current course is not an induction course in progress (it is in %s)."),
                   lys_phase_get_label (phase));
      return FALSE;
    }

  counted = _lys_store_count_course_infusions (self, *course_id, 0, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  course_limits (self, &limits);
  *missing = counted < limits.infusions ? limits.infusions - counted : 0;
  return TRUE;
}

/**
 * lys_store_count_missing_infusions:
 *
 * Returns: how many infusions of the patient's induction course are still
 *   to book (six minus those planned or done), or 0 with an error when the
 *   course is not an induction course in progress
 */
guint
lys_store_count_missing_infusions (LysStore  *self,
                                   gint64     patient_id,
                                   GError   **error)
{
  gint64 course_id;
  guint missing = 0;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  plan_course (self, patient_id, &course_id, &missing, error);
  return missing;
}

static gboolean
add_days_as_busy (LysPlanner      *planner,
                  LysPlanResource  resource,
                  gint64           id,
                  const char      *first,
                  const char      *last)
{
  GDate from, to;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) ends = NULL;

  if (!lys_time_parse_date (first, &from) || !lys_time_parse_date (last, &to))
    return FALSE;
  g_date_add_days (&to, 1);
  starts = g_date_time_new_local (g_date_get_year (&from), g_date_get_month (&from), g_date_get_day (&from), 0, 0, 0);
  ends = g_date_time_new_local (g_date_get_year (&to), g_date_get_month (&to), g_date_get_day (&to), 0, 0, 0);
  lys_planner_add_busy (planner, resource, id, starts, ends);
  return TRUE;
}

/* Hands the planner what it needs for [from, until): the rooms, staff,
 * their bookings and absences, the patient's bookings, the closures and the
 * course's infusions */
static gboolean
fill_planner (LysStore    *self,
              LysPlanner  *planner,
              gint64       patient_id,
              gint64       course_id,
              GDateTime   *from,
              GDateTime   *until,
              GError     **error)
{
  g_autoptr(GPtrArray) rooms = NULL;
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *from_text = lys_time_format_local (from);
  g_autofree char *until_text = lys_time_format_local (until);
  g_autofree char *from_day = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *until_day = g_date_time_format (until, "%Y-%m-%d");
  LysAmenities needs = LYS_AMENITY_MONITORING;
  guint suitable = 0;
  int rc;

  rooms = lys_store_list_rooms (self, FALSE, error);
  if (rooms == NULL || !get_room_needs (self, course_id, &needs, error))
    return FALSE;
  for (guint i = 0; i < rooms->len; i++)
    {
      LysRoom *room = rooms->pdata[i];

      if ((needs & ~lys_room_get_amenities (room)) == 0)
        {
          lys_planner_add_room (planner, room->id, room->opens, room->closes);
          suitable++;
        }
    }
  if (suitable == 0)
    {
      g_autofree char *wanted = lys_amenities_describe (needs);

      /* Translators: %s lists what the infusion needs, e.g. "Duvet, Monitoring equipment" */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("No room in use has all this infusion needs: %s. Change the patient’s room needs, or a "
                     "room’s amenities in Preferences, Rooms and Days."), wanted);
      return FALSE;
    }

  /* A psychologist certified on the first day; after the certification's
   * last day, as good as away */
  stmt = _lys_store_prepare (self,
                             "SELECT id, role = 'psychologist', kap_expires_on FROM staff WHERE active = 1 "
                             "AND (role IN ('physician', 'nurse') OR (role = 'psychologist' AND "
                             LYS_SQL_KAP_CERTIFIED_ON ("staff", "?1") ")) "
                             "ORDER BY name", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_text (stmt, 1, from_day);
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      const char *expires = lys_db_column_text (stmt, 2);
      gint64 id = lys_db_column_int64 (stmt, 0);
      gboolean psychologist = lys_db_column_int (stmt, 1) != 0;

      lys_planner_add_staff (planner, psychologist ? LYS_PLAN_PSYCHOLOGIST : LYS_PLAN_DRUG, id);
      if (psychologist && expires != NULL && strcmp (expires, until_day) < 0)
        {
          GDate after;
          char first[11];

          lys_time_parse_stored_day (expires, &after);
          g_date_add_days (&after, 1);
          g_date_strftime (first, sizeof first, "%Y-%m-%d", &after);
          add_days_as_busy (planner, LYS_PLAN_PSYCHOLOGIST, id, first, until_day);
        }
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);
  g_clear_pointer (&stmt, lys_db_stmt_free);

  /* Every booking in the window, once per room, staff member and patient */
  stmt = _lys_store_prepare (self,
                             "SELECT a.starts_at, a.ends_at, 0, a.room_id FROM appointments a "
                             " WHERE a.starts_at >= ?1 AND a.starts_at < ?2 AND a.state <> 'cancelled' "
                             "   AND a.room_id IS NOT NULL "
                             "UNION ALL "
                             "SELECT a.starts_at, a.ends_at, 1, ast.staff_id FROM appointments a "
                             "  JOIN appointment_staff ast ON ast.appointment_id = a.id "
                             " WHERE a.starts_at >= ?1 AND a.starts_at < ?2 AND a.state <> 'cancelled' "
                             "UNION ALL "
                             "SELECT a.starts_at, a.ends_at, 2, 0 FROM appointments a "
                             "  JOIN appointment_patients ap ON ap.appointment_id = a.id "
                             " WHERE a.starts_at >= ?1 AND a.starts_at < ?2 AND a.state <> 'cancelled' "
                             "   AND ap.patient_id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_text (stmt, 1, from_text);
  lys_db_bind_text (stmt, 2, until_text);
  lys_db_bind_int64 (stmt, 3, patient_id);
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      g_autoptr(GDateTime) starts = lys_time_parse_local (lys_db_column_text (stmt, 0));
      g_autoptr(GDateTime) ends = lys_time_parse_local (lys_db_column_text (stmt, 1));
      int what = lys_db_column_int (stmt, 2);
      gint64 id = lys_db_column_int64 (stmt, 3);

      if (starts == NULL || ends == NULL)
        continue;
      if (what == 0)
        lys_planner_add_busy (planner, LYS_PLAN_ROOM, id, starts, ends);
      else if (what == 1)
        {
          /* A staff member is one person whatever the task */
          lys_planner_add_busy (planner, LYS_PLAN_DRUG, id, starts, ends);
          lys_planner_add_busy (planner, LYS_PLAN_PSYCHOLOGIST, id, starts, ends);
        }
      else
        lys_planner_add_busy (planner, LYS_PLAN_PATIENT, 0, starts, ends);
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);
  g_clear_pointer (&stmt, lys_db_stmt_free);

  /* The days off in the period: a staff member's absence, or the clinic
   * closed (no staff member) */
  stmt = _lys_store_prepare (self,
                             "SELECT staff_id, CASE WHEN starts_on > ?1 THEN starts_on ELSE ?1 END, "
                             "  CASE WHEN ends_on < ?2 THEN ends_on ELSE ?2 END "
                             "FROM (SELECT staff_id, starts_on, ends_on FROM staff_absences "
                             "      UNION ALL SELECT NULL, starts_on, ends_on FROM closures) AS off "
                             "WHERE ends_on >= ?1 AND starts_on <= ?2", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_text (stmt, 1, from_day);
  lys_db_bind_text (stmt, 2, until_day);
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      const char *first = lys_db_column_text (stmt, 1);
      const char *last = lys_db_column_text (stmt, 2);
      gint64 id = lys_db_column_int64 (stmt, 0);
      GDate day, end;

      if (!lys_db_column_is_null (stmt, 0))
        {
          add_days_as_busy (planner, LYS_PLAN_DRUG, id, first, last);
          add_days_as_busy (planner, LYS_PLAN_PSYCHOLOGIST, id, first, last);
        }
      else if (lys_time_parse_date (first, &day) && lys_time_parse_date (last, &end))
        {
          for (; g_date_compare (&day, &end) <= 0; g_date_add_days (&day, 1))
            lys_planner_add_closed_day (planner, &day);
        }
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);
  g_clear_pointer (&stmt, lys_db_stmt_free);

  stmt = _lys_store_prepare (self,
                             "SELECT a.starts_at, coalesce (a.room_id, 0), "
                             "  coalesce ((SELECT staff_id FROM appointment_staff ast "
                             "             WHERE ast.appointment_id = a.id AND ast.task = 'psychologist'), 0) "
                             "FROM appointments a WHERE a.course_id = ?1 AND a.kind = 'infusion' "
                             "AND a.state IN ('planned', 'done') ORDER BY a.starts_at", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, course_id);
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      g_autoptr(GDateTime) starts = lys_time_parse_local (lys_db_column_text (stmt, 0));

      if (starts != NULL)
        lys_planner_add_course_infusion (planner, starts, lys_db_column_int64 (stmt, 1),
                                         lys_db_column_int64 (stmt, 2));
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);

  return TRUE;
}

/**
 * lys_store_propose_induction_plan:
 * @earliest: no infusion before this; clamped to now
 * @weekdays: the patient's preferred days, bit 0 Monday to bit 6 Sunday
 * @part: the preferred time of day
 *
 * Proposes the infusions still to book in the patient's induction course:
 * all six for a new course, or the one in place of a missed infusion.
 * Nothing is written.
 *
 * Returns: (transfer full): the plan, or %NULL with an error saying why none
 *   fits
 */
LysPlan *
lys_store_propose_induction_plan (LysStore    *self,
                                  gint64       patient_id,
                                  GDateTime   *earliest,
                                  guint        weekdays,
                                  LysDayPart   part,
                                  GError     **error)
{
  g_autoptr(LysPlanner) planner = NULL;
  g_autoptr(GDateTime) now = lys_store_dup_now (self);
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) start = NULL;
  LysCourseLimits limits;
  gint64 course_id;
  guint missing;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (earliest != NULL, NULL);

  if ((weekdays & 0x7f) == 0)
    {
      lys_refuse (error, LYS_ERROR_INVALID, _("Choose at least one day of the week the patient can come."));
      return NULL;
    }

  if (!plan_course (self, patient_id, &course_id, &missing, error))
    return NULL;
  course_limits (self, &limits);
  if (missing == 0)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_SERIES_FULL,
                   ngettext ("All %u infusion of the induction course is booked. Further infusions belong to a maintenance (booster) course.",
                             "All %u infusions of the induction course are booked. Further infusions belong to a maintenance (booster) course.",
                             limits.infusions),
                   limits.infusions);
      return NULL;
    }

  start = g_date_time_compare (earliest, now) < 0 ? g_date_time_ref (now) : g_date_time_ref (earliest);
  from = g_date_time_add_days (start, -(int) limits.days - 1);
  until = g_date_time_add_days (start, PLAN_HORIZON_DAYS + (int) limits.days + 2);

  planner = lys_planner_new (&limits, booking_minutes (self, LYS_APPOINTMENT_INFUSION, 0));
  lys_planner_set_preferences (planner, weekdays, part);
  if (!fill_planner (self, planner, patient_id, course_id, from, until, error))
    return NULL;

  return lys_planner_propose (planner, start, PLAN_HORIZON_DAYS, missing, error);
}

/**
 * lys_store_book_induction_plan:
 * @plan: a plan from lys_store_propose_induction_plan()
 *
 * Books every infusion of the plan in one transaction, each checked against
 * every rule as if booked by hand, or none. Saves the preferences the plan
 * was made for with the course.
 */
gboolean
lys_store_book_induction_plan (LysStore  *self,
                               gint64     patient_id,
                               LysPlan   *plan,
                               GError   **error)
{
  g_autoptr(LysDbStmt) preferences = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (plan != NULL && plan->slots->len > 0, FALSE);

  if (!_lys_store_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < plan->slots->len; i++)
    {
      LysPlanSlot *slot = plan->slots->pdata[i];
      LysBookingStaff staff[] = { { slot->drug_id, LYS_TASK_DRUG },
                                  { slot->psychologist_id, LYS_TASK_PSYCHOLOGIST } };
      g_autoptr(GError) local_error = NULL;
      Booking booking = { 0 };

      booking.kind = LYS_APPOINTMENT_INFUSION;
      booking.starts_at = slot->starts_at;
      booking.ends_at = slot->ends_at;
      booking.room_id = slot->room_id;
      booking.patient_ids = &patient_id;
      booking.n_patients = 1;
      booking.staff = staff;
      booking.n_staff = G_N_ELEMENTS (staff);

      ok = resolve_course (self, &booking, &local_error) &&
           check_booking (self, &booking, NULL, &local_error) &&
           insert_booking (self, &booking, &local_error) != 0;
      if (!ok)
        {
          g_autofree char *when = lys_time_format (slot->starts_at, "%-d %b %H:%M");

          /* Translators: %1$u is the infusion's number, %2$s its day and time, %3$s what stands in the way */
          g_set_error (error, LYS_ERROR, local_error->code,
                       _("Nothing was booked. Infusion %1$u (%2$s) no longer fits: %3$s"),
                       i + 1, when, local_error->message);
        }
      else if (i == 0)
        {
          preferences = _lys_store_prepare (self,
                                            "UPDATE courses SET preferred_weekdays = ?1, preferred_time = ?2 "
                                            "WHERE id = ?3", error);
          ok = preferences != NULL;
          if (ok)
            {
              lys_db_bind_int (preferences, 1, (int) (plan->weekdays ? plan->weekdays : LYS_WEEKDAYS_WORKING));
              lys_db_bind_text (preferences, 2, lys_day_part_to_nick (plan->part));
              lys_db_bind_int64 (preferences, 3, booking.course_id);
              ok = _lys_store_step_done (self, preferences, error);
            }
        }
    }
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  notify_patients (self, &patient_id, 1);
  return TRUE;
}

/**
 * lys_store_start_maintenance:
 *
 * Opens a maintenance (booster) course for a patient whose induction course
 * has all its infusions: further infusions are booked in it.
 */
gboolean
lys_store_start_maintenance (LysStore  *self,
                             gint64     patient_id,
                             GError   **error)
{
  g_autofree char *today = _lys_store_dup_today (self);
  gint64 course_id;
  guint missing = 0;
  gboolean induction, ok;
  LysPhase phase;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (!_lys_store_current_course (self, patient_id, &course_id, &phase, &induction, error))
    return FALSE;
  if (phase == LYS_PHASE_MAINTENANCE)
    return lys_refuse (error, LYS_ERROR_INVALID, _("The patient is already in a maintenance course."));
  if (phase == LYS_PHASE_PREPARATION ||
      (phase == LYS_PHASE_INDUCTION && plan_course (self, patient_id, &course_id, &missing, error) && missing > 0))
    {
      if (missing > 0)
        lys_refuse (error, LYS_ERROR_INVALID,
                    _("A maintenance course follows a full induction course. Book the induction’s infusions first."));
      else if (phase == LYS_PHASE_PREPARATION)
        lys_refuse (error, LYS_ERROR_INVALID,
                    _("The course is still in preparation. Start the induction from the Preparation area when everything before the first infusion is in place."));
      return FALSE;
    }

  if (!_lys_store_begin (self, error))
    return FALSE;
  course_id = _lys_store_write_course (self, NULL,
                                       &(LysCourseRow) { .patient_id = patient_id, .kind = "maintenance",
                                                         .phase = LYS_PHASE_MAINTENANCE, .started_on = today },
                                       error);
  ok = course_id != 0 && _lys_store_audit (self, "course.create", patient_id, "course", course_id, "maintenance", error);
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  _lys_store_patient_changed (self, patient_id, LYS_PHASE_MAINTENANCE);
  _lys_store_bookings_changed (self);
  return TRUE;
}

/* Calendar export */

/**
 * lys_store_export_calendar:
 * @from: the first instant included
 * @until: the first instant not included
 * @path: the file to write, replaced atomically, owner-only
 * @n_events: (out) (optional): how many bookings it holds
 *
 * Writes the bookings starting in [@from, @until) as iCalendar. Patients are
 * named by initials and a booking code only.
 */
gboolean
lys_store_export_calendar (LysStore    *self,
                           GDateTime   *from,
                           GDateTime   *until,
                           const char  *path,
                           guint       *n_events,
                           GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_ical_event_free);
  g_autoptr(GDateTime) now = lys_store_dup_now (self);
  g_autofree char *from_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *clinic_uid = NULL;
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  int rc;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (from != NULL && until != NULL && path != NULL, FALSE);

  if (g_date_time_compare (from, until) >= 0)
    return lys_refuse (error, LYS_ERROR_INVALID, _("The end of the period must come after its start."));

  stmt = _lys_store_prepare (self, "SELECT value FROM meta WHERE key = 'clinic-uid'", error);
  if (stmt == NULL)
    return FALSE;
  clinic_uid = g_strdup (lys_db_step (stmt) == LYS_DB_ROW ? lys_db_column_text (stmt, 0) : "clinic");
  g_clear_pointer (&stmt, lys_db_stmt_free);

  from_text = lys_time_format_local (from);
  until_text = lys_time_format_local (until);
  stmt = _lys_store_prepare (self,
                             "SELECT a.id, a.kind, a.state, a.starts_at, a.ends_at, r.name, "
                             "  (SELECT count (*) FROM appointment_patients ap WHERE ap.appointment_id = a.id), "
                             "  (SELECT p.given_name FROM appointment_patients ap JOIN patients p ON p.id = ap.patient_id "
                             "    WHERE ap.appointment_id = a.id LIMIT 1), "
                             "  (SELECT p.family_name FROM appointment_patients ap JOIN patients p ON p.id = ap.patient_id "
                             "    WHERE ap.appointment_id = a.id LIMIT 1), "
                             "  (SELECT group_concat (s.name, ', ') FROM appointment_staff ast "
                             "     JOIN staff s ON s.id = ast.staff_id WHERE ast.appointment_id = a.id) "
                             "FROM appointments a LEFT JOIN rooms r ON r.id = a.room_id "
                             "WHERE a.starts_at >= ?1 AND a.starts_at < ?2 ORDER BY a.starts_at, a.id", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_text (stmt, 1, from_text);
  lys_db_bind_text (stmt, 2, until_text);

  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      g_autoptr(LysIcalEvent) event = g_new0 (LysIcalEvent, 1);
      g_autofree char *who = NULL;
      gint64 id = lys_db_column_int64 (stmt, 0);
      g_autofree char *code = g_strdup_printf ("L-%" G_GINT64_FORMAT, id);
      int n_patients = lys_db_column_int (stmt, 6);
      LysAppointmentKind kind = LYS_APPOINTMENT_INFUSION;
      LysAppointmentState state = LYS_APPOINTMENT_PLANNED;
      const char *staff = lys_db_column_text (stmt, 9);

      lys_appointment_kind_from_nick (lys_db_column_text (stmt, 1), &kind);
      lys_appointment_state_from_nick (lys_db_column_text (stmt, 2), &state);
      event->starts_at = lys_time_parse_local (lys_db_column_text (stmt, 3));
      event->ends_at = lys_time_parse_local (lys_db_column_text (stmt, 4));
      if (event->starts_at == NULL || event->ends_at == NULL)
        continue;

      if (n_patients > 1)
        /* Translators: who comes to a group session */
        who = g_strdup_printf (ngettext ("%d patient", "%d patients", n_patients), n_patients);
      else
        who = lys_text_dup_initials (lys_db_column_text (stmt, 7), lys_db_column_text (stmt, 8));

      event->uid = g_strdup_printf ("booking-%" G_GINT64_FORMAT "-%s@lysning", id, clinic_uid);
      /* Translators: a calendar entry's title: a kind of session and the patient's initials */
      event->summary = g_strdup_printf (_("%s · %s"), lys_appointment_kind_get_label (kind), who);
      event->location = _lys_column_dup (stmt, 5);
      /* Translators: %1$s is a booking code like L-123, %2$s the staff taking part */
      event->description = g_strdup_printf (_("Booking %1$s\nStaff: %2$s"), code, staff != NULL ? staff : "");
      event->cancelled = state == LYS_APPOINTMENT_CANCELLED;
      g_ptr_array_add (events, g_steal_pointer (&event));
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);

  text = lys_ical_build (events, now);
  if (!lys_output_set_contents (path, text, -1, error))
    return FALSE;

  detail = g_strdup_printf ("%u", events->len);
  if (!_lys_store_audit (self, "calendar.export", 0, NULL, 0, detail, error))
    return FALSE;

  if (n_events != NULL)
    *n_events = events->len;
  return TRUE;
}

/* Bookings as the week view and the records list them */

#define SELECT_APPOINTMENTS \
  "SELECT a.id, a.kind, a.state, a.starts_at, a.ends_at, r.name, " \
  "(SELECT group_concat (p.given_name || ' ' || p.family_name, ', ') " \
  "   FROM appointment_patients ap JOIN patients p ON p.id = ap.patient_id " \
  "  WHERE ap.appointment_id = a.id), " \
  "(SELECT group_concat (s.name, ', ') " \
  "   FROM appointment_staff ast JOIN staff s ON s.id = ast.staff_id " \
  "  WHERE ast.appointment_id = a.id), " \
  "a.room_id FROM appointments a LEFT JOIN rooms r ON r.id = a.room_id "

static LysAppointment *
appointment_from_row (LysDbStmt *stmt)
{
  g_autoptr(GDateTime) starts_at = lys_time_parse_local (lys_db_column_text (stmt, 3));
  g_autoptr(GDateTime) ends_at = lys_time_parse_local (lys_db_column_text (stmt, 4));
  LysAppointmentKind kind = LYS_APPOINTMENT_INFUSION;
  LysAppointmentState state = LYS_APPOINTMENT_PLANNED;

  lys_appointment_kind_from_nick (lys_db_column_text (stmt, 1), &kind);
  lys_appointment_state_from_nick (lys_db_column_text (stmt, 2), &state);

  return g_object_new (LYS_TYPE_APPOINTMENT,
                       "id", lys_db_column_int64 (stmt, 0),
                       "kind", (guint) kind,
                       "state", (guint) state,
                       "starts-at", starts_at,
                       "ends-at", ends_at,
                       "room-name", lys_db_column_text (stmt, 5),
                       "patient-name", lys_db_column_text (stmt, 6),
                       "staff-names", lys_db_column_text (stmt, 7),
                       "room-id", lys_db_column_int64 (stmt, 8),
                       NULL);
}

static GListModel *
collect_appointments (LysStore      *self,
                      LysDbStmt     *stmt,
                      GError       **error)
{
  g_autoptr(GListStore) list = g_list_store_new (LYS_TYPE_APPOINTMENT);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    g_ptr_array_add (items, appointment_from_row (stmt));

  if (rc != LYS_DB_DONE)
    {
      _lys_store_fail (self, error);
      return NULL;
    }

  g_list_store_splice (list, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

/**
 * lys_store_list_bookings:
 * @from: the first instant included
 * @until: the first instant not included
 *
 * Only the bookings asked for are read: a week of a clinic with years of
 * history reads a week's rows through the index on the start time.
 *
 * Returns: (transfer full): the bookings starting in [@from, @until) that are
 *   not cancelled, by time and room
 */
GListModel *
lys_store_list_bookings (LysStore   *self,
                          GDateTime  *from,
                          GDateTime  *until,
                          GError    **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *until_text = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL && until != NULL, NULL);

  stmt = _lys_store_prepare (self,
                             SELECT_APPOINTMENTS
                             "WHERE a.starts_at >= ?1 AND a.starts_at < ?2 AND a.state <> 'cancelled' "
                             "ORDER BY a.starts_at, r.name", error);
  if (stmt == NULL)
    return NULL;

  from_text = lys_time_format_local (from);
  until_text = lys_time_format_local (until);
  lys_db_bind_text (stmt, 1, from_text);
  lys_db_bind_text (stmt, 2, until_text);

  return collect_appointments (self, stmt, error);
}

/**
 * lys_store_list_patient_sessions:
 *
 * Returns: (transfer full): the patient's sessions that have begun and were
 *   not cancelled or missed, newest first: those a note is written for
 */
GListModel *
lys_store_list_patient_sessions (LysStore  *self,
                                 gint64     patient_id,
                                 GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self,
                             SELECT_APPOINTMENTS
                             "JOIN appointment_patients mine ON mine.appointment_id = a.id AND mine.patient_id = ?1 "
                             "WHERE a.state IN ('planned', 'done') AND a.starts_at <= ?2 "
                             "ORDER BY a.starts_at DESC", error);
  if (stmt == NULL)
    return NULL;
  now = lys_store_dup_now (self);
  now_text = lys_time_format_local (now);
  lys_db_bind_int64 (stmt, 1, patient_id);
  lys_db_bind_text (stmt, 2, now_text);

  return collect_appointments (self, stmt, error);
}

/**
 * lys_store_list_course_infusions:
 *
 * The caller shows part of the patient's record: it logs the read with
 * lys_store_log_patient_read().
 *
 * Returns: (transfer full): the infusions of the patient's latest course, in
 *   order, or an empty model when the patient has no course
 */
GListModel *
lys_store_list_course_infusions (LysStore  *self,
                                 gint64     patient_id,
                                 GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (patient_id > 0, NULL);

  stmt = _lys_store_prepare (self,
                             SELECT_APPOINTMENTS
                             "WHERE a.kind = 'infusion' AND a.course_id = "
                             "  (SELECT c.id FROM courses c WHERE c.patient_id = ?1 "
                             "   ORDER BY c.started_on DESC, c.id DESC LIMIT 1) "
                             "ORDER BY a.starts_at", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, patient_id);

  return collect_appointments (self, stmt, error);
}
