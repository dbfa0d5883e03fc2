/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "lys-error.h"
#include "lys-ical.h"
#include "lys-induction-planner.h"
#include "lys-store-private.h"
#include "lys-time.h"
#include "test-clinic.h"
#include "test-raw.h"

/* Scheduling: the course rules, holidays, the induction planner, the
 * iCalendar writer, and the store's bookings (conflicts, moves, series,
 * groups, the calendar file). Dates lie in 2030, with the clinic's clock
 * a month before them whatever the year the suite runs in; Monday 2
 * September 2030 starts ISO week 36. */

static void
test_ical (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_ical_event_free);
  g_autoptr(GDateTime) stamp = g_date_time_new_utc (2030, 8, 1, 12, 0, 0);
  LysIcalEvent *event = g_new0 (LysIcalEvent, 1);
  g_autofree char *escaped = lys_ical_escape ("a,b;c\\d\ne");
  g_autofree char *text = NULL;
  g_autofree char *unfolded = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) unfold = g_regex_new ("\r\n ", 0, 0, NULL);
  g_autofree char *long_summary = NULL;
  GString *summary = g_string_new (NULL);

  g_assert_cmpstr (escaped, ==, "a\\,b\\;c\\\\d\\ne");

  /* Norwegian letters are two octets: the folding must not split them */
  for (guint i = 0; i < 40; i++)
    g_string_append (summary, "ø");
  long_summary = g_string_free (summary, FALSE);

  event->uid = g_strdup ("booking-1-abc@lysning");
  event->starts_at = test_clinic_at (2, 9, 9, 0);
  event->ends_at = test_clinic_at (2, 9, 10, 55);
  event->summary = g_strdup (long_summary);
  event->location = g_strdup ("Fjord, 2. etasje");
  event->description = g_strdup ("Booking L-1\nStaff: Ingrid Solberg");
  g_ptr_array_add (events, event);

  text = lys_ical_build (events, stamp);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  g_assert_true (g_str_has_suffix (text, "END:VCALENDAR\r\n"));
  g_assert_nonnull (strstr (text, "BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\n"));
  g_assert_nonnull (strstr (text, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"));
  g_assert_nonnull (strstr (text, "DTSTART;TZID=Europe/Oslo:20300902T090000\r\n"));
  g_assert_nonnull (strstr (text, "DTEND;TZID=Europe/Oslo:20300902T105500\r\n"));
  g_assert_nonnull (strstr (text, "DTSTAMP:20300801T120000Z\r\n"));
  g_assert_nonnull (strstr (text, "UID:booking-1-abc@lysning\r\n"));
  g_assert_nonnull (strstr (text, "LOCATION:Fjord\\, 2. etasje\r\n"));
  g_assert_nonnull (strstr (text, "DESCRIPTION:Booking L-1\\nStaff: Ingrid Solberg\r\n"));

  /* Every line ends in CRLF, has at most 75 octets and is valid UTF-8 */
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
  /* Unfolded, the summary is whole again */
  unfolded = g_regex_replace_literal (unfold, text, -1, 0, "", 0, NULL);
  g_assert_nonnull (strstr (unfolded, long_summary));
}

/* The store */

typedef struct
{
  TestFixture base;
  gint64 patients[3];
  gint64 physician;
  gint64 nurse;
  gint64 psychologists[2];
  gint64 uncertified;
  gint64 rooms[2];
} Fixture;

static gint64
add_room (LysStore   *store,
          const char *name)
{
  g_autoptr(LysRoom) room = lys_room_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  room->name = g_strdup (name);
  room->headphones = room->duvet = room->dimmable_light = room->monitoring = TRUE;
  id = lys_store_save_room (store, room, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *numbers[] = { "15046600344", "01015012397", "02027512367" };
  static const char *names[] = { "Åse", "Bjørn", "Cecilie" };
  g_autoptr(GError) error = NULL;

  test_fixture_open (&f->base, "scheduling");
  test_clinic_before_bookings (f->base.store);
  f->physician = test_fixture_add_staff (&f->base, "Ingrid Solberg", LYS_ROLE_PHYSICIAN, FALSE);
  f->nurse = test_fixture_add_staff (&f->base, "Nora Lie", LYS_ROLE_NURSE, FALSE);
  f->psychologists[0] = test_fixture_add_staff (&f->base, "Magnus Berg", LYS_ROLE_PSYCHOLOGIST, TRUE);
  f->psychologists[1] = test_fixture_add_staff (&f->base, "Sara Dahl", LYS_ROLE_PSYCHOLOGIST, TRUE);
  f->uncertified = test_fixture_add_staff (&f->base, "Ola Uten", LYS_ROLE_PSYCHOLOGIST, FALSE);
  f->rooms[0] = add_room (f->base.store, "Fjord");
  f->rooms[1] = add_room (f->base.store, "Skog");

  lys_store_get_patients (f->base.store);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(LysPatient) patient = g_object_new (LYS_TYPE_PATIENT, "national-id", numbers[i],
                                                    "given-name", names[i], "family-name", "Testesen", NULL);

      g_assert_true (lys_store_add_patient (f->base.store, patient, &error));
      g_assert_no_error (error);
      f->patients[i] = lys_patient_get_id (patient);
    }
  /* Their courses are ready for induction: the preparation is tested elsewhere */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET phase = 'induction'", NULL), ==, SQLITE_OK);
}

static gint64
book_infusion (Fixture    *f,
               guint       patient,
               GDateTime  *starts_at,
               guint       room,
               gint64      drug,
               gint64      psychologist,
               GError    **error)
{
  LysBookingStaff staff[] = { { drug, LYS_TASK_DRUG }, { psychologist, LYS_TASK_PSYCHOLOGIST } };
  LysBookingRequest request = { 0 };

  request.kind = LYS_APPOINTMENT_INFUSION;
  request.starts_at = starts_at;
  request.room_id = f->rooms[room];
  request.patient_ids = &f->patients[patient];
  request.n_patients = 1;
  request.staff = staff;
  request.n_staff = G_N_ELEMENTS (staff);
  return lys_store_book (f->base.store, &request, NULL, error);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return test_raw_int (f->base.path, sql);
}

static void
test_store_conflicts (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) nine = test_clinic_at (2, 9, 9, 0);
  g_autoptr(GDateTime) half_past_ten = test_clinic_at (2, 9, 10, 30);
  g_autoptr(GDateTime) twenty_to_eleven = test_clinic_at (2, 9, 10, 40);
  g_autoptr(GDateTime) ten = test_clinic_at (2, 9, 10, 0);
  g_autoptr(GDateTime) late = test_clinic_at (2, 9, 15, 0);
  g_autoptr(GDateTime) saturday = test_clinic_at (7, 9, 9, 0);
  g_autoptr(GDateTime) wednesday = test_clinic_at (4, 9, 9, 0);
  /* The past is the clinic's clock's: the day before it, a working day */
  g_autoptr(GDateTime) past = test_clinic_at (31, 7, 9, 0);
  gint64 first, second;
  GDate day;

  /* The patients' courses began on the clinic's day, not the wall clock's */
  g_assert_cmpint (count (f, "SELECT count (*) FROM courses WHERE started_on = '2030-08-01'"), ==, 3);

  /* No turnover: the room is booked 09:00-10:40, as in DOMAIN.md; a
   * physician sets it */
  test_clinic_become (f->base.store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);
  g_assert_true (lys_store_set_setting (f->base.store, LYS_SETTING_TURNOVER_MINUTES, 0, &error));
  first = book_infusion (f, 0, nine, 0, f->physician, f->psychologists[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE ends_at = '2030-09-02 10:40:00'"), ==, 1);

  g_assert_cmpint (book_infusion (f, 1, half_past_ten, 0, f->nurse, f->psychologists[1], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Fjord"));
  /* and says which room is free then */
  g_assert_nonnull (strstr (error->message, "Free then: Skog."));
  g_clear_error (&error);
  second = book_infusion (f, 1, twenty_to_eleven, 0, f->nurse, f->psychologists[1], &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);

  /* The patient, and each staff member, in another room */
  g_assert_cmpint (book_infusion (f, 0, ten, 1, f->nurse, f->psychologists[1], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Åse Testesen"));
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, ten, 1, f->physician, f->psychologists[1], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Ingrid Solberg"));
  /* Who else may give the drug and is free: the physician at this desk;
   * the nurse is booked from 10:40 */
  g_assert_nonnull (strstr (error->message, "Free then: Ingrid Lege."));
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, ten, 1, f->nurse, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Magnus Berg"));
  /* Sara Dahl is booked then, Ola Uten is not KAP-certified */
  g_assert_nonnull (strstr (error->message, "No one else who may take that part is free then."));
  g_clear_error (&error);

  /* Who may do what; opening hours; closed days; the past */
  g_assert_cmpint (book_infusion (f, 2, ten, 1, f->nurse, f->uncertified, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "KAP-certified"));
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, ten, 1, f->psychologists[0], f->psychologists[1], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, late, 1, f->physician, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "16:00"));
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, saturday, 1, f->physician, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, past, 1, f->physician, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "in the past"));
  g_clear_error (&error);

  /* A clinic closure and an absence refuse the day */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 4, 9, 2030);
  g_assert_true (lys_store_add_closure (f->base.store, &day, &day, "Fagdag", &error));
  g_assert_no_error (error);
  g_assert_cmpint (book_infusion (f, 2, wednesday, 1, f->physician, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Fagdag"));
  g_clear_error (&error);
  g_assert_false (lys_store_add_closure (f->base.store, &day, &day, "  ", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  /* Called off: the day takes bookings again, and the removal is logged */
  {
    g_autoptr(GPtrArray) closures = lys_store_list_closures (f->base.store, &error);
    g_autoptr(GDateTime) wednesday_late = test_clinic_at (4, 9, 13, 0);
    gint64 closure;

    g_assert_cmpuint (closures->len, ==, 1);
    closure = ((LysDayRange *) closures->pdata[0])->id;
    g_assert_true (lys_store_remove_day_range (f->base.store, closure, FALSE, &error));
    g_assert_no_error (error);
    g_assert_false (lys_store_remove_day_range (f->base.store, closure, FALSE, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'closure.remove'"), ==, 1);
    g_assert_cmpint (book_infusion (f, 2, wednesday_late, 1, f->physician, f->psychologists[0], &error), >, 0);
    g_assert_no_error (error);
  }
  g_date_set_dmy (&day, 5, 9, 2030);
  g_assert_true (lys_store_add_staff_absence (f->base.store, f->psychologists[0], &day, &day, NULL, &error));
  {
    g_autoptr(GDateTime) thursday = test_clinic_at (5, 9, 9, 0);

    g_assert_cmpint (book_infusion (f, 2, thursday, 1, f->physician, f->psychologists[0], &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
    g_assert_nonnull (strstr (error->message, "away"));
    g_clear_error (&error);
  }

  /* Nothing refused was written */
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments"), ==, 3);

  /* Moves are checked as new bookings: into the first one's room time, no;
   * to Friday, yes, and logged */
  g_assert_false (lys_store_move_booking (f->base.store, second, half_past_ten, 0, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_clear_error (&error);
  {
    g_autoptr(GDateTime) friday = test_clinic_at (6, 9, 9, 0);

    g_assert_true (lys_store_move_booking (f->base.store, second, friday, f->rooms[1], NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE starts_at = '2030-09-06 09:00:00' "
                             "AND ends_at = '2030-09-06 10:40:00'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'appointment.move'"), ==, 1);
  /* The time it left on Monday is free for another */
  g_assert_cmpint (book_infusion (f, 2, twenty_to_eleven, 0, f->nurse, f->psychologists[1], &error), >, 0);
  g_assert_no_error (error);

  /* Cancelled bookings free their time; a cancelled one cannot be moved */
  g_assert_true (lys_store_set_booking_state (f->base.store, first, LYS_APPOINTMENT_CANCELLED, &error));
  g_assert_false (lys_store_move_booking (f->base.store, first, nine, 0, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (lys_store_set_booking_state (f->base.store, second, LYS_APPOINTMENT_MISSED, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
}

static void
test_store_plan (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GDateTime) earliest = test_clinic_at (2, 9, 7, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(LysPlan) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  gint64 third;
  guint weekdays;
  LysDayPart part;

  /* Still in preparation: no plan */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET phase = 'preparation'", NULL), ==, SQLITE_OK);
  g_assert_null (lys_store_propose_induction_plan (f->base.store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                                   LYS_DAY_PART_ANY, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET phase = 'induction'", NULL), ==, SQLITE_OK);

  g_assert_cmpuint (lys_store_count_missing_infusions (f->base.store, f->patients[0], &error), ==, 6);
  plan = lys_store_propose_induction_plan (f->base.store, f->patients[0], earliest, (1 << 0) | (1 << 2) | (1 << 4),
                                           LYS_DAY_PART_MORNING, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->slots->len, ==, 6);
  /* Proposing writes nothing */
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments"), ==, 0);
  g_assert_true (lys_store_book_induction_plan (f->base.store, f->patients[0], plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE kind = 'infusion'"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count (DISTINCT room_id) FROM appointments"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointment_staff WHERE task = 'psychologist'"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'appointment.create'"), ==, 6);
  g_assert_true (lys_store_get_course_preferences (f->base.store, f->patients[0], &weekdays, &part, &error));
  g_assert_cmpuint (weekdays, ==, (1 << 0) | (1 << 2) | (1 << 4));
  g_assert_cmpint (part, ==, LYS_DAY_PART_MORNING);

  /* A seventh: refused, by the plan and by hand, and offered as maintenance */
  g_assert_null (lys_store_propose_induction_plan (f->base.store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                                   LYS_DAY_PART_ANY, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_SERIES_FULL);
  g_clear_error (&error);
  {
    g_autoptr(GDateTime) later = test_clinic_at (30, 9, 9, 0);

    g_assert_cmpint (book_infusion (f, 0, later, 1, f->physician, f->psychologists[1], &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_SERIES_FULL);
    g_clear_error (&error);
  }

  /* The third is cancelled: one is proposed in its place, the rest stay */
  third = count (f, "SELECT id FROM appointments ORDER BY starts_at LIMIT 1 OFFSET 2");
  kept = g_strdup_printf ("CREATE TABLE kept AS SELECT id, starts_at, room_id FROM appointments "
                          "WHERE id <> %" G_GINT64_FORMAT, third);
  g_assert_cmpint (test_raw_exec (f->base.path, kept, NULL), ==, SQLITE_OK);
  g_assert_true (lys_store_set_booking_state (f->base.store, third, LYS_APPOINTMENT_CANCELLED, &error));
  g_assert_cmpuint (lys_store_count_missing_infusions (f->base.store, f->patients[0], &error), ==, 1);
  again = lys_store_propose_induction_plan (f->base.store, f->patients[0], earliest, weekdays, part, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->slots->len, ==, 1);
  g_assert_true (lys_store_book_induction_plan (f->base.store, f->patients[0], again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE state = 'planned'"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments a JOIN kept k ON k.id = a.id "
                             "AND k.starts_at = a.starts_at AND k.room_id = a.room_id WHERE a.state = 'planned'"), ==, 5);

  /* The maintenance course takes the seventh */
  g_assert_true (lys_store_start_maintenance (f->base.store, f->patients[0], &error));
  g_assert_no_error (error);
  {
    g_autoptr(GDateTime) later = test_clinic_at (30, 9, 9, 0);

    gint64 id = book_infusion (f, 0, later, 1, f->physician, f->psychologists[1], &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
  }
  g_assert_cmpint (count (f, "SELECT count (*) FROM courses WHERE kind = 'maintenance'"), ==, 1);
}

/* The plan the store proposes from 2 September 2030 on, any working day
 * and time of day */
static LysPlan *
propose_any (Fixture *f)
{
  g_autoptr(GDateTime) earliest = test_clinic_at (2, 9, 7, 0);
  g_autoptr(GError) error = NULL;
  LysPlan *plan = lys_store_propose_induction_plan (f->base.store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                                    LYS_DAY_PART_ANY, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

/* Whether a slot of @plan falls on @day, with @psychologist when not 0 */
static gboolean
plan_has_day (LysPlan     *plan,
              const GDate *day,
              gint64       psychologist)
{
  for (guint i = 0; i < plan->slots->len; i++)
    {
      LysPlanSlot *slot = plan->slots->pdata[i];
      int y, m, d;

      g_date_time_get_ymd (slot->starts_at, &y, &m, &d);
      if (y == g_date_get_year (day) && m == (int) g_date_get_month (day) && d == g_date_get_day (day) &&
          (psychologist == 0 || slot->psychologist_id == psychologist))
        return TRUE;
    }
  return FALSE;
}

static void
test_store_plan_atomic (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(LysPlan) plan = propose_any (f);
  g_autoptr(GError) error = NULL;
  LysPlanSlot *fourth;

  /* Someone books the fourth slot's room first: nothing of the plan is booked */
  fourth = plan->slots->pdata[3];
  g_assert_cmpint (book_infusion (f, 1, fourth->starts_at, fourth->room_id == f->rooms[0] ? 0 : 1,
                                  f->nurse == fourth->drug_id ? f->physician : f->nurse,
                                  fourth->psychologist_id == f->psychologists[0] ? f->psychologists[1] : f->psychologists[0],
                                  &error), >, 0);
  g_assert_no_error (error);
  g_assert_false (lys_store_book_induction_plan (f->base.store, f->patients[0], plan, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Infusion 4"));
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointment_patients WHERE patient_id = "
                             "(SELECT id FROM patients WHERE national_id = '15046600344')"), ==, 0);
}

/* The planner leaves out the days the clinic is closed, and a
 * psychologist on the days they are away */
static void
test_store_plan_days_off (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(LysPlan) open = propose_any (f);
  g_autoptr(LysPlan) closed = NULL;
  g_autoptr(LysPlan) away = NULL;
  g_autoptr(GError) error = NULL;
  gint64 psychologist;
  GDate monday, tuesday;

  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, 2, 9, 2030);
  tuesday = monday;
  g_date_add_days (&tuesday, 1);
  g_assert_true (plan_has_day (open, &monday, 0));

  g_assert_true (lys_store_add_closure (f->base.store, &monday, &monday, "Fagdag", &error));
  g_assert_no_error (error);
  closed = propose_any (f);
  g_assert_cmpuint (closed->slots->len, ==, 6);
  g_assert_false (plan_has_day (closed, &monday, 0));
  psychologist = ((LysPlanSlot *) closed->slots->pdata[0])->psychologist_id;
  g_assert_true (plan_has_day (closed, &tuesday, psychologist));

  /* That psychologist away that day: the plan takes the other one, or
   * another day */
  g_assert_true (lys_store_add_staff_absence (f->base.store, psychologist, &tuesday, &tuesday, NULL, &error));
  g_assert_no_error (error);
  away = propose_any (f);
  g_assert_cmpuint (away->slots->len, ==, 6);
  g_assert_false (plan_has_day (away, &monday, 0));
  g_assert_false (plan_has_day (away, &tuesday, psychologist));
}

static void
test_store_full_week (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) earliest = test_clinic_at (2, 9, 7, 0);
  g_autoptr(GError) error = NULL;

  /* Every room taken all day for two months */
  for (int n = 0; n <= 60; n++)
    {
      g_autoptr(GDateTime) first = g_date_time_new_local (2030, 9, 1, 0, 0, 0);
      g_autoptr(GDateTime) day = g_date_time_add_days (first, n);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      g_autofree char *sql = g_strdup_printf ("INSERT INTO appointments (kind, state, room_id, starts_at, ends_at) "
                                              "SELECT 'integration', 'planned', r.id, '%1$s 08:00:00', '%1$s 16:00:00' "
                                              "FROM rooms r", date);

      g_assert_cmpint (test_raw_exec (f->base.path, sql, NULL), ==, SQLITE_OK);
    }
  g_assert_null (lys_store_propose_induction_plan (f->base.store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                                   LYS_DAY_PART_ANY, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "later start date"));
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE kind = 'infusion'"), ==, 0);
}

static void
test_store_group (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) one = test_clinic_at (3, 9, 13, 0);
  g_autoptr(GError) error = NULL;
  LysBookingStaff therapist = { 0, LYS_TASK_THERAPIST };
  LysBookingRequest request = { 0 };
  gint64 group;

  therapist.staff_id = f->uncertified;
  request.kind = LYS_APPOINTMENT_GROUP_INTEGRATION;
  request.starts_at = one;
  request.minutes = 90;
  request.room_id = f->rooms[1];
  request.patient_ids = f->patients;
  request.n_patients = 3;
  request.staff = &therapist;
  request.n_staff = 1;
  group = lys_store_book (f->base.store, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointment_patients"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'appointment.create'"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE course_id IS NULL"), ==, 1);

  /* One participant booked elsewhere then: refused, naming them */
  request.kind = LYS_APPOINTMENT_INTEGRATION;
  request.room_id = 0;
  request.patient_ids = &f->patients[1];
  request.n_patients = 1;
  therapist.staff_id = f->psychologists[0];
  {
    g_autoptr(GDateTime) during = test_clinic_at (3, 9, 14, 0);

    request.starts_at = during;
    g_assert_cmpint (lys_store_book (f->base.store, &request, NULL, &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
    g_assert_nonnull (strstr (error->message, "Bjørn Testesen"));
    g_clear_error (&error);
  }

  /* A group needs two patients */
  request.kind = LYS_APPOINTMENT_GROUP_INTEGRATION;
  {
    g_autoptr(GDateTime) later = test_clinic_at (10, 9, 13, 0);

    request.starts_at = later;
    g_assert_cmpint (lys_store_book (f->base.store, &request, NULL, &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Moving the group moves everyone's time */
  {
    g_autoptr(GDateTime) thursday = test_clinic_at (5, 9, 13, 0);

    g_assert_true (lys_store_move_booking (f->base.store, group, thursday, 0, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'appointment.move'"), ==, 3);
  }
}

static void
test_store_calendar (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) nine = test_clinic_at (2, 9, 9, 0);
  g_autoptr(GDateTime) from = test_clinic_at (2, 9, 0, 0);
  g_autoptr(GDateTime) until = test_clinic_at (9, 9, 0, 0);
  g_autofree char *file = g_build_filename (f->base.dir, "uke.ics", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) uid = g_regex_new ("UID:[^\r]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *first_uid = NULL;
  struct stat st;
  guint n = 0;

  g_assert_cmpint (book_infusion (f, 0, nine, 0, f->physician, f->psychologists[0], &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (lys_store_export_calendar (f->base.store, from, until, file, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (file, &first, NULL, NULL));
  g_assert_nonnull (strstr (first, "SUMMARY:Infusion · ÅT\r\n"));
  g_assert_nonnull (strstr (first, "LOCATION:Fjord\r\n"));
  g_assert_nonnull (strstr (first, "DTSTART;TZID=Europe/Oslo:20300902T090000\r\n"));
  g_assert_nonnull (strstr (first, "DTEND;TZID=Europe/Oslo:20300902T105500\r\n"));
  /* No names or identity numbers of patients */
  g_assert_null (strstr (first, "Åse"));
  g_assert_null (strstr (first, "Testesen"));
  g_assert_null (strstr (first, "15046600344"));
  g_assert_null (strstr (first, "150466"));

  /* The UID is the same in the next export */
  g_assert_true (g_regex_match (uid, first, 0, &match));
  first_uid = g_match_info_fetch (match, 0);
  g_assert_true (lys_store_export_calendar (f->base.store, from, until, file, NULL, &error));
  g_assert_true (g_file_get_contents (file, &second, NULL, NULL));
  g_assert_nonnull (strstr (second, first_uid));
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'calendar.export'"), ==, 2);

  /* A period that ends before it starts */
  g_assert_false (lys_store_export_calendar (f->base.store, until, from, file, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
}

static void
test_store_rooms (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) rooms = NULL;
  g_autoptr(LysRoom) room = lys_room_new ();
  g_autoptr(GError) error = NULL;
  guint minute;

  rooms = lys_store_list_rooms (f->base.store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rooms->len, ==, 2);
  g_assert_cmpstr (((LysRoom *) rooms->pdata[0])->name, ==, "Fjord");

  /* A name taken, no name, closing before opening */
  room->name = g_strdup ("Fjord");
  g_assert_cmpint (lys_store_save_room (f->base.store, room, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_EXISTS);
  g_clear_error (&error);
  g_free (room->name);
  room->name = g_strdup (" ");
  g_assert_cmpint (lys_store_save_room (f->base.store, room, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_free (room->name);
  room->name = g_strdup ("Lyng");
  room->opens = 15 * 60;
  room->closes = 9 * 60;
  g_assert_cmpint (lys_store_save_room (f->base.store, room, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  /* Hours as typed */
  g_assert_true (lys_time_parse_minute ("8:30", &minute));
  g_assert_cmpuint (minute, ==, 510);
  g_assert_true (lys_time_parse_minute ("0730", &minute));
  g_assert_cmpuint (minute, ==, 450);
  g_assert_true (lys_time_parse_minute ("14", &minute));
  g_assert_cmpuint (minute, ==, 840);
  g_assert_false (lys_time_parse_minute ("25:00", &minute));
  g_assert_false (lys_time_parse_minute ("8:5", &minute));
  g_assert_false (lys_time_parse_minute ("abc", &minute));

  /* A room out of use takes no bookings and is not listed */
  room->opens = 8 * 60;
  room->closes = 16 * 60;
  room->active = FALSE;
  room->id = lys_store_save_room (f->base.store, room, &error);
  g_assert_no_error (error);
  g_clear_pointer (&rooms, g_ptr_array_unref);
  rooms = lys_store_list_rooms (f->base.store, FALSE, &error);
  g_assert_cmpuint (rooms->len, ==, 2);
  g_clear_pointer (&rooms, g_ptr_array_unref);
  rooms = lys_store_list_rooms (f->base.store, TRUE, &error);
  g_assert_cmpuint (rooms->len, ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action LIKE 'room.%'"), ==, 3);
}

/* A KAP certification holds from its day to its last: an infusion
 * psychologist whose certification has ended is refused on that day, and
 * the lead sees who must renew */
static void
test_store_kap_certification (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = test_clinic_at (2, 9, 8, 0);
  g_autoptr(GDateTime) before = test_clinic_at (3, 9, 9, 0);
  g_autoptr(GDateTime) after = test_clinic_at (13, 9, 9, 0);
  g_autoptr(GPtrArray) renewals = NULL;
  g_autoptr(GPtrArray) psychologists = NULL;
  GDate certified, expires;
  gint64 id;

  _lys_store_set_clock (f->base.store, now);
  g_date_clear (&certified, 1);
  g_date_set_dmy (&certified, 1, 9, 2028);
  g_date_clear (&expires, 1);
  g_date_set_dmy (&expires, 10, 9, 2030);

  /* What is wrong is refused, nothing written */
  g_assert_false (lys_store_set_kap_certification (f->base.store, f->psychologists[0], "Norsk KAP-forening", &certified,
                                                   NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lys_store_set_kap_certification (f->base.store, f->psychologists[0], "Norsk KAP-forening", &expires,
                                                   &certified, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lys_store_set_kap_certification (f->base.store, f->physician, "Norsk KAP-forening", &certified,
                                                   &expires, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM staff WHERE kap_body IS NOT NULL"), ==, 0);

  g_assert_true (lys_store_set_kap_certification (f->base.store, f->psychologists[0], " Norsk KAP-forening ", &certified,
                                                  &expires, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM staff WHERE kap_body = 'Norsk KAP-forening' AND "
                             "kap_certified_on = '2028-09-01' AND kap_expires_on = '2030-09-10'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'staff.update' "
                             "AND detail = 'kap-certification'"), ==, 1);

  /* Within its days, the psychologist is booked; past them, refused */
  id = book_infusion (f, 0, before, 0, f->physician, f->psychologists[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (book_infusion (f, 1, after, 0, f->physician, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  /* Saying when it ended and what renews it */
  g_assert_nonnull (strstr (error->message, "The KAP certification of Magnus Berg held until 10 September 2030"));
  g_assert_nonnull (strstr (error->message, "Preferences, Staff"));
  g_clear_error (&error);

  /* An induction plan around the last day: with no other certified
   * psychologist, no infusion after it is planned with this one */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE staff SET kap_certified = 0 WHERE name = 'Sara Dahl'", NULL),
                   ==, SQLITE_OK);
  {
    g_autoptr(LysPlan) plan = lys_store_propose_induction_plan (f->base.store, f->patients[2], before,
                                                                LYS_WEEKDAYS_WORKING, LYS_DAY_PART_ANY, &error);

    for (guint i = 0; plan != NULL && i < plan->slots->len; i++)
      {
        LysPlanSlot *slot = plan->slots->pdata[i];

        if (g_date_time_get_day_of_month (slot->starts_at) > 10 || g_date_time_get_month (slot->starts_at) > 9)
          g_assert_cmpint (slot->psychologist_id, !=, f->psychologists[0]);
      }
    /* Six infusions in 21 days need the room after the 10th */
    g_assert_null (plan);
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  /* The lead's list: ending within 90 days of today */
  renewals = lys_store_list_kap_renewals (f->base.store, 90, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (renewals->len, ==, 1);
  g_assert_cmpint (((LysStaffMember *) renewals->pdata[0])->id, ==, f->psychologists[0]);
  g_clear_pointer (&renewals, g_ptr_array_unref);
  renewals = lys_store_list_kap_renewals (f->base.store, 7, &error);
  g_assert_cmpuint (renewals->len, ==, 0);

  /* Taken away, the psychologist is no longer offered for the room */
  g_assert_true (lys_store_set_kap_certification (f->base.store, f->psychologists[0], NULL, NULL, NULL, &error));
  psychologists = lys_store_list_staff (f->base.store, LYS_ROLE_PSYCHOLOGIST, &error);
  for (guint i = 0; i < psychologists->len; i++)
    if (((LysStaffMember *) psychologists->pdata[i])->id == f->psychologists[0])
      g_assert_false (((LysStaffMember *) psychologists->pdata[i])->kap_certified);
}

/* What a patient needs of the room is kept with the course: the plan
 * proposes only rooms that have it, a booking by hand is refused in one
 * that lacks it, saying what; every infusion needs monitoring */
static void
test_store_room_needs (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) earliest = test_clinic_at (2, 9, 7, 0);
  g_autoptr(GDateTime) at = test_clinic_at (2, 9, 9, 0);
  g_autoptr(GDateTime) later = test_clinic_at (4, 9, 9, 0);
  g_autoptr(GPtrArray) rooms = NULL;
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  LysRoom *skog = NULL;
  LysAmenities needs = LYS_PATIENT_NEEDS;

  /* Skog has no duvet */
  rooms = lys_store_list_rooms (f->base.store, FALSE, &error);
  for (guint i = 0; i < rooms->len; i++)
    if (((LysRoom *) rooms->pdata[i])->id == f->rooms[1])
      skog = rooms->pdata[i];
  g_assert_nonnull (skog);
  skog->duvet = FALSE;
  g_assert_cmpint (lys_store_save_room (f->base.store, skog, &error), ==, f->rooms[1]);
  g_assert_no_error (error);

  /* Nothing needed yet: Skog takes an infusion */
  g_assert_true (lys_store_get_room_needs (f->base.store, f->patients[0], &needs, &error));
  g_assert_cmpuint (needs, ==, 0);
  g_assert_cmpint (book_infusion (f, 0, at, 1, f->physician, f->psychologists[0], &error), >, 0);
  g_assert_no_error (error);

  /* The coordinator notes a duvet and dimmed light */
  test_clinic_become (f->base.store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  g_assert_true (lys_store_set_room_needs (f->base.store, f->patients[0], LYS_AMENITY_DUVET | LYS_AMENITY_DIMMABLE_LIGHT,
                                           &error));
  g_assert_no_error (error);
  g_assert_true (lys_store_get_room_needs (f->base.store, f->patients[0], &needs, &error));
  g_assert_cmpuint (needs, ==, LYS_AMENITY_DUVET | LYS_AMENITY_DIMMABLE_LIGHT);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'course.room-needs' AND detail = '6'"), ==, 1);

  /* By hand in Skog: refused, saying what it lacks; nothing written */
  g_assert_cmpint (book_infusion (f, 0, later, 1, f->physician, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Skog"));
  g_assert_nonnull (strstr (error->message, "Duvet"));
  g_assert_null (strstr (error->message, "Dimmable"));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments"), ==, 1);
  /* Another patient, with no needs, still may */
  g_assert_cmpint (book_infusion (f, 1, later, 1, f->physician, f->psychologists[1], &error), >, 0);
  g_assert_no_error (error);

  /* The plan keeps to Fjord */
  plan = lys_store_propose_induction_plan (f->base.store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                           LYS_DAY_PART_ANY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->slots->len, ==, 5);
  for (guint i = 0; i < plan->slots->len; i++)
    g_assert_cmpint (((LysPlanSlot *) plan->slots->pdata[i])->room_id, ==, f->rooms[0]);
  g_clear_pointer (&plan, lys_plan_free);

  /* With no room left that has it all, the plan says what is needed */
  g_assert_true (lys_store_set_room_needs (f->base.store, f->patients[0], LYS_PATIENT_NEEDS, &error));
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE rooms SET headphones = 0 WHERE name = 'Fjord'", NULL), ==, SQLITE_OK);
  g_assert_null (lys_store_propose_induction_plan (f->base.store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                                   LYS_DAY_PART_ANY, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Noise-cancelling headphones"));
  g_clear_error (&error);

  /* Every infusion needs its vital signs monitored */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE rooms SET monitoring = 0 WHERE name = 'Skog'", NULL), ==, SQLITE_OK);
  {
    g_autoptr(GDateTime) then = test_clinic_at (9, 9, 9, 0);

    g_assert_cmpint (book_infusion (f, 2, then, 1, f->physician, f->psychologists[1], &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Monitoring equipment"));
    g_clear_error (&error);
  }

  /* The file holds only the three needs */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET room_needs = 8", NULL), ==, SQLITE_CONSTRAINT);
}

/* Stopping a course is a physician's call, coded for the registry; the
 * infusions booked ahead are cancelled in the same step, and a refusal
 * changes nothing */
static void
test_store_stop_course (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GDateTime) earliest = test_clinic_at (2, 9, 7, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_note = g_strnfill (501, 'x');
  g_autofree char *running = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) now = lys_store_dup_now (f->base.store);
  guint cancelled = 99;

  plan = lys_store_propose_induction_plan (f->base.store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                           LYS_DAY_PART_ANY, &error);
  g_assert_no_error (error);
  g_assert_true (lys_store_book_induction_plan (f->base.store, f->patients[0], plan, &error));
  g_assert_no_error (error);

  /* Not the coordinator's */
  test_clinic_become (f->base.store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  g_assert_false (lys_store_stop_course (f->base.store, f->patients[0], LYS_STOP_NO_EFFECT, NULL, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);

  /* "Another reason" needs words, and a note has a length */
  test_clinic_become (f->base.store, "Ingrid Solberg", LYS_ROLE_PHYSICIAN);
  g_assert_false (lys_store_stop_course (f->base.store, f->patients[0], LYS_STOP_OTHER, "  ", NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Another reason"));
  g_clear_error (&error);
  g_assert_false (lys_store_stop_course (f->base.store, f->patients[0], LYS_STOP_PATIENT_WISH, long_note, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "500"));
  g_clear_error (&error);

  /* An infusion under way is discharged first */
  running = g_strdup_printf ("INSERT INTO infusions (appointment_id, status, weight_kg, dose_mg_per_kg, total_mg, "
                             "duration_minutes, lot_number, given_by, psychologist_id, started_at, updated_at) "
                             "SELECT id, 'running', 70, 0.5, 35, 40, 'L1', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", "
                             "starts_at, starts_at FROM appointments ORDER BY starts_at LIMIT 1",
                             f->nurse, f->psychologists[0]);
  g_assert_cmpint (test_raw_exec (f->base.path, running, NULL), ==, SQLITE_OK);
  g_assert_false (lys_store_stop_course (f->base.store, f->patients[0], LYS_STOP_NO_EFFECT, NULL, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "Discharge"));
  g_clear_error (&error);
  {
    g_autofree char *discharged = g_strdup_printf ("UPDATE infusions SET status = 'discharged', ended_at = started_at, "
                                                   "discharged_at = started_at, discharged_by = %" G_GINT64_FORMAT,
                                                   f->nurse);

    g_assert_cmpint (test_raw_exec (f->base.path, discharged, NULL), ==, SQLITE_OK);
  }

  /* Nothing refused left a trace */
  g_assert_cmpint (count (f, "SELECT count (*) FROM courses WHERE phase = 'stopped'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE state = 'cancelled'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'course.stop'"), ==, 0);

  /* Stopped: the five still ahead cancelled, the one given kept */
  g_assert_true (lys_store_stop_course (f->base.store, f->patients[0], LYS_STOP_ADVERSE_EFFECTS,
                                        "  Ubehagelig dissosiasjon ", &cancelled, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cancelled, ==, 5);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE state = 'cancelled'"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE state = 'planned'"), ==, 1);
  today = g_date_time_format (now, "'%Y-%m-%d'");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM courses WHERE phase = 'stopped' "
                                            "AND stop_code = 'adverse-effects' AND stop_reason = 'Ubehagelig dissosiasjon' "
                                            "AND ended_on = %s AND patient_id = %" G_GINT64_FORMAT, today, f->patients[0]);

    g_assert_cmpint (count (f, sql), ==, 1);
  }
  /* The log has the code, never the words */
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'course.stop' "
                             "AND detail LIKE '%adverse-effects, 5 infusions cancelled' AND detail NOT LIKE '%Ubehag%'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM courses WHERE phase = 'stopped'"), ==, 1);

  /* Once is enough */
  g_assert_false (lys_store_stop_course (f->base.store, f->patients[0], LYS_STOP_NO_EFFECT, NULL, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);

  /* With the file open in sqlite3: no stop without a code, no code without
   * a stop, no code of its own making */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET stop_code = NULL WHERE phase = 'stopped'", NULL),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET stop_code = 'medical' WHERE phase = 'induction'", NULL),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET phase = 'stopped', stop_reason = 'x' "
                                                "WHERE phase = 'induction'", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET stop_code = 'bored' WHERE phase = 'stopped'", NULL),
                   ==, SQLITE_CONSTRAINT);
}

/* Two workstations, each with its own connection, booking the same room
 * at the same moment, round after round */
#define RACE_ROUNDS 200

typedef struct
{
  Fixture *f;
  guint desk;            /* 0 or 1: its patient and its therapist */
  GMutex *lock;
  GCond *go;
  guint *round;          /* the last round opened, under @lock */
  GAsyncQueue *done;     /* a round done, from this desk */
  gint64 booked[RACE_ROUNDS];
  char *refusal[RACE_ROUNDS];
} Desk;

/* Round @i's time: seven sessions a weekday, from Monday 2 September 2030 */
static GDateTime *
race_time (guint i)
{
  g_autoptr(GDateTime) week = g_date_time_new_local (2030, 9, 2, 8 + i % 7, 0, 0);
  guint day = i / 7;

  return g_date_time_add_days (week, (int) (day / 5 * 7 + day % 5));
}

static gpointer
race_desk (gpointer data)
{
  Desk *desk = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (desk->f->base.path, &error);
  g_autoptr(GDateTime) now = lys_store_dup_now (desk->f->base.store);
  LysBookingStaff therapist = { 0, LYS_TASK_THERAPIST };
  LysBookingRequest request = { 0 };

  g_assert_no_error (error);
  /* Each desk's clock is the clinic's */
  _lys_store_set_clock (store, now);
  therapist.staff_id = desk->f->psychologists[desk->desk];
  request.kind = LYS_APPOINTMENT_INTEGRATION;
  request.minutes = 45;
  request.room_id = desk->f->rooms[0];
  request.patient_ids = &desk->f->patients[desk->desk];
  request.n_patients = 1;
  request.staff = &therapist;
  request.n_staff = 1;
  for (guint i = 0; i < RACE_ROUNDS; i++)
    {
      g_autoptr(GDateTime) at = race_time (i);

      g_mutex_lock (desk->lock);
      while (*desk->round < i)
        g_cond_wait (desk->go, desk->lock);
      g_mutex_unlock (desk->lock);

      request.starts_at = at;
      desk->booked[i] = lys_store_book (store, &request, NULL, &error);
      if (error != NULL)
        {
          g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
          desk->refusal[i] = g_strdup (error->message);
          g_clear_error (&error);
        }
      g_async_queue_push (desk->done, GUINT_TO_POINTER (i + 1));
    }
  return NULL;
}

static void
test_store_race (Fixture       *f,
                 gconstpointer  data)
{
  Desk desks[2] = { { 0 } };
  GThread *threads[2];
  GMutex lock;
  GCond go;
  guint round = 0;

  g_mutex_init (&lock);
  g_cond_init (&go);
  for (guint d = 0; d < 2; d++)
    {
      desks[d] = (Desk) { .f = f, .desk = d, .lock = &lock, .go = &go, .round = &round,
                          .done = g_async_queue_new () };
      threads[d] = g_thread_new ("desk", race_desk, &desks[d]);
    }
  /* Each round opens to both at once, when both are done with the last */
  for (guint i = 1; i <= RACE_ROUNDS; i++)
    {
      for (guint d = 0; d < 2; d++)
        g_assert_cmpuint (GPOINTER_TO_UINT (g_async_queue_timeout_pop (desks[d].done, 20 * G_USEC_PER_SEC)), ==, i);
      g_mutex_lock (&lock);
      round = i;
      g_cond_broadcast (&go);
      g_mutex_unlock (&lock);
    }
  for (guint d = 0; d < 2; d++)
    {
      g_thread_join (threads[d]);
      g_async_queue_unref (desks[d].done);
    }

  /* One booking a round, the other refused as a coordinator is told */
  for (guint i = 0; i < RACE_ROUNDS; i++)
    {
      guint won = (desks[0].booked[i] > 0) + (desks[1].booked[i] > 0);
      const char *refusal = desks[0].refusal[i] != NULL ? desks[0].refusal[i] : desks[1].refusal[i];

      g_assert_cmpuint (won, ==, 1);
      g_assert_nonnull (refusal);
      g_assert_nonnull (strstr (refusal, "Fjord"));
      g_free (desks[0].refusal[i]);
      g_free (desks[1].refusal[i]);
    }
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments"), ==, RACE_ROUNDS);

  /* The server refuses it itself, to psql as to Lysning: the room, the
   * therapist and the patient taken then */
  if (test_clinic_on_server ())
    {
      g_autofree char *room = g_strdup_printf ("INSERT INTO appointments (kind, room_id, starts_at, ends_at) "
                                               "VALUES ('integration', %" G_GINT64_FORMAT ", '2030-09-02 08:15:00', "
                                               "'2030-09-02 08:30:00')", f->rooms[0]);
      /* Both desks' therapists and patients: the one who won at 08:00 collides */
      g_autofree char *staff = g_strdup_printf ("INSERT INTO appointments (kind, starts_at, ends_at) "
                                                "VALUES ('integration', '2030-09-02 08:15:00', '2030-09-02 08:30:00'); "
                                                "INSERT INTO appointment_staff (appointment_id, staff_id, task) "
                                                "SELECT (SELECT max (id) FROM appointments), s.id, 'therapist' FROM staff s "
                                                "WHERE s.id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                                                f->psychologists[0], f->psychologists[1]);
      g_autofree char *patient = g_strdup_printf ("INSERT INTO appointments (kind, starts_at, ends_at) "
                                                  "VALUES ('integration', '2030-09-02 08:15:00', '2030-09-02 08:30:00'); "
                                                  "INSERT INTO appointment_patients (appointment_id, patient_id) "
                                                  "SELECT (SELECT max (id) FROM appointments), p.id FROM patients p "
                                                  "WHERE p.id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                                                  f->patients[0], f->patients[1]);
      const struct { const char *sql; const char *guard; } tries[] = {
        { room, "appointments_room_free" },
        { staff, "appointment_staff_free" },
        { patient, "appointment_patients_free" },
      };

      for (guint t = 0; t < G_N_ELEMENTS (tries); t++)
        {
          g_autofree char *message = NULL;

          g_assert_cmpint (test_raw_exec (f->base.path, tries[t].sql, &message), ==, SQLITE_CONSTRAINT);
          g_assert_nonnull (strstr (message, tries[t].guard));
        }
      g_assert_cmpint (count (f, "SELECT count (*) FROM appointments"), ==, RACE_ROUNDS);
    }
  g_mutex_clear (&lock);
  g_cond_clear (&go);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Oslo", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/scheduling/ical", test_ical);
  TEST_ADD ("/core/scheduling/store/conflicts", test_store_conflicts);
  TEST_ADD ("/core/scheduling/store/plan", test_store_plan);
  TEST_ADD ("/core/scheduling/store/plan-atomic", test_store_plan_atomic);
  TEST_ADD ("/core/scheduling/store/plan-days-off", test_store_plan_days_off);
  TEST_ADD ("/core/scheduling/store/full-week", test_store_full_week);
  TEST_ADD ("/core/scheduling/store/race", test_store_race);
  TEST_ADD ("/core/scheduling/store/group", test_store_group);
  TEST_ADD ("/core/scheduling/store/calendar", test_store_calendar);
  TEST_ADD ("/core/scheduling/store/rooms", test_store_rooms);
  TEST_ADD ("/core/scheduling/store/kap-certification", test_store_kap_certification);
  TEST_ADD ("/core/scheduling/store/stop-course", test_store_stop_course);
  TEST_ADD ("/core/scheduling/store/room-needs", test_store_room_needs);

  return g_test_run ();
}
