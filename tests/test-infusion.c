/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lys-error.h"
#include "lys-holidays.h"
#include "lys-infusion.h"
#include "lys-patient-import.h"
#include "lys-store-private.h"
#include "lys-time.h"
#include "test-clinic.h"
#include "test-raw.h"

/* The infusion at the bedside: dose arithmetic and its range, the vitals
 * limits, plausibility and due times, and the store's record from the
 * baseline to the signed discharge, read-only after, with addenda; and a
 * process killed mid-flowsheet that loses no committed reading. */

typedef struct
{
  TestFixture base;
  gint64 infusion;
} Fixture;

static void
fixture_open (Fixture         *fixture,
              TestClinicFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) booked = test_clinic_today_at (9, 0);

  test_fixture_open_clinic (&fixture->base, "infusion", booked, flags);
  test_clinic_become (fixture->base.store, "Nina Nattevakt", LYS_ROLE_NURSE);
  test_clinic_set_time (fixture->base.store, 8, 45);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_open (fixture, TEST_CLINIC_READY);
}

static gint64
count (Fixture    *fixture,
       const char *sql)
{
  return test_clinic_query_int (fixture->base.store, sql);
}

static LysInfusion *
get (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  LysInfusion *infusion = lys_store_get_infusion (fixture->base.store, fixture->infusion, &error);

  g_assert_no_error (error);
  g_assert_nonnull (infusion);
  return infusion;
}

static void
open_infusion (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->infusion = lys_store_open_infusion (fixture->base.store, fixture->base.clinic.appointment, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->infusion, >, 0);
}

static gint64
record (Fixture *fixture,
        guint    systolic,
        guint    diastolic,
        LysVitalsAlert *alert)
{
  g_autoptr(GError) error = NULL;
  LysVitals vitals = { systolic, diastolic, 72, 97 };
  gint64 id = lys_store_record_vitals (fixture->base.store, fixture->infusion, &vitals, NULL, NULL, alert, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Weight, rate, lot: what the nurse enters before the start */
static void
enter_dose (Fixture *fixture,
            double   weight)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_set_infusion_value (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_WEIGHT,
                                               weight, &error));
  g_assert_no_error (error);
  g_assert_true (lys_store_set_infusion_text (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_LOT_NUMBER,
                                              " KET-20417 ", &error));
  g_assert_no_error (error);
}

static void
start (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_start_infusion (fixture->base.store, fixture->infusion, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Opened, the dose entered, a baseline taken at 08:45; the clock at 09:00 */
static void
prepare (Fixture *fixture,
         guint    systolic,
         guint    diastolic)
{
  open_infusion (fixture);
  enter_dose (fixture, 80);
  record (fixture, systolic, diastolic, NULL);
  test_clinic_set_time (fixture->base.store, 9, 0);
}

static void
start_refused (Fixture    *fixture,
               int         code,
               const char *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (lys_store_start_infusion (fixture->base.store, fixture->infusion, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, LYS_ERROR, code);
  g_assert_nonnull (strstr (error->message, reason));
}

/* Pure rules */

/* The store */

static void
test_gates (void)
{
  static const TestClinicFlags cases[] = { TEST_CLINIC_ELIGIBLE, TEST_CLINIC_CONSENT };
  static const char *reasons[] = { "no off-label consent on record", "eligibility assessment is not signed" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture fixture = { 0 };
      g_autoptr(LysInfusion) infusion = NULL;

      fixture_open (&fixture, cases[i]);
      prepare (&fixture, 128, 82);
      start_refused (&fixture, LYS_ERROR_LOCKED, reasons[i]);
      infusion = get (&fixture);
      g_assert_cmpint (infusion->status, ==, LYS_INFUSION_PREPARING);
      g_assert_cmpint (count (&fixture, "SELECT count (*) FROM appointments WHERE state = 'done'"), ==, 0);
      test_fixture_tear_down (&fixture.base, NULL);
    }

  /* A withdrawn consent closes the gate again */
  {
    Fixture fixture = { 0 };
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
    g_autofree char *withdraw = g_strdup_printf ("UPDATE consents SET withdrawn_on = '%s', "
                                                 "withdrawal_reason = 'Ønsker ikke mer'", today);

    fixture_open (&fixture, TEST_CLINIC_READY);
    prepare (&fixture, 128, 82);
    g_assert_cmpint (test_clinic_exec (fixture.base.store, withdraw), ==, LYS_DB_FAULT_NONE);
    start_refused (&fixture, LYS_ERROR_LOCKED, "no off-label consent");
    test_fixture_tear_down (&fixture.base, NULL);
  }
}

static void
test_course_rules (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDateTime) yesterday_nine = NULL;
  g_autoptr(GDateTime) nine = test_clinic_today_at (9, 0);
  g_autofree char *sql = NULL;
  g_autofree char *started = NULL;
  g_autofree char *ended = NULL;
  gint64 earlier;

  /* An infusion of the course was given yesterday: under 48 hours */
  yesterday_nine = g_date_time_add_days (nine, -1);
  started = g_date_time_format (yesterday_nine, "%Y-%m-%d %H:%M:%S");
  ended = g_date_time_format (yesterday_nine, "%Y-%m-%d 09:40:00");
  earlier = test_clinic_book (fixture->base.store, &fixture->base.clinic, yesterday_nine);
  sql = g_strdup_printf ("UPDATE appointments SET state = 'done' WHERE id = %" G_GINT64_FORMAT ";"
                         "INSERT INTO infusions (appointment_id, status, weight_kg, dose_mg_per_kg, total_mg, "
                         "duration_minutes, lot_number, given_by, psychologist_id, started_at, ended_at, updated_at) "
                         "VALUES (%" G_GINT64_FORMAT ", 'ended', 80, 0.5, 40, 40, 'KET-1', %" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ", '%s', '%s', 'x')",
                         earlier, earlier, fixture->base.clinic.nurse, fixture->base.clinic.psychologist, started, ended);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, sql), ==, LYS_DB_FAULT_NONE);

  prepare (fixture, 128, 82);
  start_refused (fixture, LYS_ERROR_INVALID, "48 hours");
}

/* The booking changed after its record was opened */
/* The booking's @column a day later */
static char *
day_later (Fixture    *fixture,
           const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM appointments WHERE id = %" G_GINT64_FORMAT, column,
                                          fixture->base.clinic.appointment);
  g_autofree char *text = test_clinic_query_text (fixture->base.store, sql);
  g_autoptr(GDateTime) time = lys_time_parse_local (text);
  g_autoptr(GDateTime) later = g_date_time_add_days (time, 1);

  return lys_time_format_local (later);
}

static void
test_booking_changed (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autofree char *tomorrow_starts = NULL;
  g_autofree char *tomorrow_ends = NULL;

  prepare (fixture, 128, 82);
  sql = g_strdup_printf ("UPDATE appointments SET state = 'cancelled' WHERE id = %" G_GINT64_FORMAT,
                         fixture->base.clinic.appointment);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, sql), ==, LYS_DB_FAULT_NONE);
  start_refused (fixture, LYS_ERROR_LOCKED, "The booking was cancelled");
  g_free (sql);

  /* Moved to tomorrow: not given today */
  tomorrow_starts = day_later (fixture, "starts_at");
  tomorrow_ends = day_later (fixture, "ends_at");
  sql = g_strdup_printf ("UPDATE appointments SET state = 'planned', starts_at = '%s', ends_at = '%s' "
                         "WHERE id = %" G_GINT64_FORMAT, tomorrow_starts, tomorrow_ends, fixture->base.clinic.appointment);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, sql), ==, LYS_DB_FAULT_NONE);
  start_refused (fixture, LYS_ERROR_INVALID, "move the booking to today");
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM infusions WHERE status = 'preparing'"), ==, 1);
}

static void
test_open (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysInfusion) infusion = NULL;
  g_autoptr(GArray) open = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) nine = test_clinic_today_at (9, 0);
  gint64 other;

  /* A coordinator does not open the clinical record */
  test_clinic_become (fixture->base.store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  g_assert_cmpint (lys_store_open_infusion (fixture->base.store, fixture->base.clinic.appointment, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  test_clinic_become (fixture->base.store, "Nina Nattevakt", LYS_ROLE_NURSE);

  /* Opened with the clinic's defaults and the booking's staff, and logged */
  open_infusion (fixture);
  infusion = get (fixture);
  g_assert_cmpint (infusion->status, ==, LYS_INFUSION_PREPARING);
  g_assert_cmpfloat_with_epsilon (infusion->mg_per_kg, 0.5, 1e-9);
  g_assert_cmpuint (infusion->minutes, ==, 40);
  g_assert_cmpint (infusion->given_by, ==, fixture->base.clinic.nurse);
  g_assert_cmpint (infusion->psychologist_id, ==, fixture->base.clinic.psychologist);
  g_assert_cmpstr (infusion->patient_name, ==, "Tora Testesen");
  g_assert_nonnull (infusion->next_due);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'infusion.create'"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'patient.read' "
                                   "AND detail = 'infusion'"), ==, 1);
  /* Opened again: the same record */
  g_assert_cmpint (lys_store_open_infusion (fixture->base.store, fixture->base.clinic.appointment, &error), ==, fixture->infusion);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM infusions"), ==, 1);

  /* A booking for another day is opened on its day */
  tomorrow = g_date_time_add_days (nine, 1);
  other = test_clinic_book (fixture->base.store, &fixture->base.clinic, tomorrow);
  g_assert_cmpint (lys_store_open_infusion (fixture->base.store, other, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "move the booking to today"));
  g_clear_error (&error);

  /* What the app returns to */
  open = lys_store_list_open_infusion_bookings (fixture->base.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpint (g_array_index (open, gint64, 0), ==, fixture->base.clinic.appointment);
}

static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysInfusion) infusion = NULL;

  open_infusion (fixture);

  /* Outside the range: refused, nothing written */
  g_assert_false (lys_store_set_infusion_value (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_DOSE_RATE,
                                                0.8, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lys_store_set_infusion_value (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_WEIGHT,
                                                500, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lys_store_set_infusion_text (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_LOT_NUMBER,
                                               "0123456789012345678901234567890123456789X", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  /* A psychologist does not give the drug */
  g_assert_false (lys_store_set_infusion_staff (fixture->base.store, fixture->infusion, LYS_TASK_DRUG,
                                                fixture->base.clinic.psychologist, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Petra Psykolog is not a physician or nurse"));
  g_clear_error (&error);
  infusion = get (fixture);
  g_assert_cmpfloat_with_epsilon (infusion->mg_per_kg, 0.5, 1e-9);
  g_assert_cmpfloat (infusion->weight_kg, ==, 0);
  g_assert_null (infusion->lot_number);
  g_clear_pointer (&infusion, lys_infusion_free);

  /* Each field as it is entered, with its audit row */
  g_assert_true (lys_store_set_infusion_value (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_WEIGHT,
                                               72.44, &error));
  g_assert_true (lys_store_set_infusion_value (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_DOSE_RATE,
                                               0.75, &error));
  g_assert_true (lys_store_set_infusion_value (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_MINUTES,
                                               100, &error));
  g_assert_true (lys_store_set_infusion_staff (fixture->base.store, fixture->infusion, LYS_TASK_DRUG,
                                               fixture->base.clinic.physician, &error));
  g_assert_no_error (error);
  infusion = get (fixture);
  g_assert_cmpfloat_with_epsilon (infusion->weight_kg, 72.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (infusion->mg_per_kg, 0.75, 1e-9);
  g_assert_cmpuint (infusion->minutes, ==, 100);
  g_assert_cmpint (infusion->given_by, ==, fixture->base.clinic.physician);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'infusion.update'"), ==, 4);
  /* Audit rows name the field, never its value */
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE detail LIKE '%72%'"), ==, 0);

  /* Nothing starts without the lot number */
  record (fixture, 128, 82, NULL);
  start_refused (fixture, LYS_ERROR_INVALID, "lot number");
}

static void
test_start_limit (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysInfusion) infusion = NULL;

  open_infusion (fixture);
  enter_dose (fixture, 80);

  /* No baseline: no start */
  g_assert_false (lys_store_start_infusion (fixture->base.store, fixture->infusion, NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "baseline"));
  g_clear_error (&error);

  /* 140/90 before the start blocks it */
  record (fixture, 140, 90, NULL);
  test_clinic_set_time (fixture->base.store, 9, 0);
  g_assert_false (lys_store_start_infusion (fixture->base.store, fixture->infusion, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "140/90"));
  g_clear_error (&error);
  /* A blank reason is no reason */
  g_assert_false (lys_store_start_infusion (fixture->base.store, fixture->infusion, NULL, NULL, "  ", NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LIMIT);
  g_clear_error (&error);

  /* Overridden with a reason: started, and the override is logged */
  g_assert_true (lys_store_start_infusion (fixture->base.store, fixture->infusion, NULL, NULL,
                                           "Hvitsnippeffekt; 132/84 hjemme i morges", NULL, &error));
  g_assert_no_error (error);
  infusion = get (fixture);
  g_assert_cmpint (infusion->status, ==, LYS_INFUSION_RUNNING);
  g_assert_cmpstr (infusion->start_override, ==, "Hvitsnippeffekt; 132/84 hjemme i morges");
  g_assert_cmpuint (infusion->events->len, ==, 1);
  g_assert_cmpint (((LysInfusionEvent *) infusion->events->pdata[0])->kind, ==, LYS_INFUSION_EVENT_START_OVERRIDE);
  g_assert_cmpstr (((LysInfusionEvent *) infusion->events->pdata[0])->by, ==, "Nina Nattevakt");
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'infusion.override'"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE detail LIKE '%Hvitsnipp%'"), ==, 0);
  /* The session took place */
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM appointments WHERE state = 'done'"), ==, 1);
  g_assert_cmpfloat_with_epsilon (infusion->weight_kg * infusion->mg_per_kg, 40, 1e-9);
  g_assert_cmpint (count (fixture, "SELECT total_mg = 40 FROM infusions"), ==, 1);
}

static void
test_alerts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysInfusion) infusion = NULL;
  LysVitalsAlert alert;
  gint64 reading;

  prepare (fixture, 128, 82);
  start (fixture);

  /* 180/100: no alert; 182/95 raises one */
  test_clinic_set_time (fixture->base.store, 9, 10);
  record (fixture, 180, 100, &alert);
  g_assert_cmpint (alert, ==, LYS_VITALS_ALERT_NONE);
  test_clinic_set_time (fixture->base.store, 9, 20);
  reading = record (fixture, 182, 95, &alert);
  g_assert_cmpint (alert, ==, LYS_VITALS_ALERT_SYSTOLIC);
  infusion = get (fixture);
  g_assert_nonnull (lys_infusion_get_pending_alert (infusion));
  g_assert_cmpint (lys_infusion_get_pending_alert (infusion)->id, ==, reading);
  g_clear_pointer (&infusion, lys_infusion_free);

  /* It stays until acknowledged, with a reason */
  g_assert_false (lys_store_acknowledge_alert (fixture->base.store, reading, LYS_ALERT_PAUSE, " ", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (lys_store_acknowledge_alert (fixture->base.store, reading, LYS_ALERT_PAUSE,
                                              "Pause, ny måling om 5 min", &error));
  g_assert_no_error (error);
  infusion = get (fixture);
  g_assert_null (lys_infusion_get_pending_alert (infusion));
  g_assert_cmpint (infusion->status, ==, LYS_INFUSION_PAUSED);
  {
    LysVitalsReading *acknowledged = infusion->readings->pdata[2];

    g_assert_true (acknowledged->acknowledged);
    g_assert_cmpstr (acknowledged->acknowledged_by, ==, "Nina Nattevakt");
    g_assert_cmpint (acknowledged->action, ==, LYS_ALERT_PAUSE);
    g_assert_cmpstr (acknowledged->acknowledgement, ==, "Pause, ny måling om 5 min");
  }
  g_clear_pointer (&infusion, lys_infusion_free);
  g_assert_false (lys_store_acknowledge_alert (fixture->base.store, reading, LYS_ALERT_CONTINUE, "igjen", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'vitals.alert'"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'vitals.acknowledge'"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'infusion.pause'"), ==, 1);

  /* Paused five minutes: the planned end moves with it */
  test_clinic_set_time (fixture->base.store, 9, 25);
  g_assert_true (lys_store_resume_infusion (fixture->base.store, fixture->infusion, &error));
  g_assert_no_error (error);
  infusion = get (fixture);
  {
    g_autoptr(GDateTime) planned = test_clinic_today_at (9, 45);

    g_assert_true (g_date_time_equal (infusion->ends_at, planned));
  }
  g_clear_pointer (&infusion, lys_infusion_free);

  /* 175/101 alerts too; stopping ends the infusion now, with the reason */
  test_clinic_set_time (fixture->base.store, 9, 30);
  reading = record (fixture, 175, 101, &alert);
  g_assert_cmpint (alert, ==, LYS_VITALS_ALERT_DIASTOLIC);
  g_assert_true (lys_store_acknowledge_alert (fixture->base.store, reading, LYS_ALERT_STOP, "Vedvarende høyt trykk", &error));
  g_assert_no_error (error);
  infusion = get (fixture);
  g_assert_cmpint (infusion->status, ==, LYS_INFUSION_ENDED);
  g_assert_cmpstr (infusion->stop_reason, ==, "Vedvarende høyt trykk");
  /* Started 09:00, paused 09:20 to 09:25, stopped 09:30: 25 minutes of 40
   * at 1 mg a minute gave 25 mg of the 40 mg planned */
  g_assert_cmpfloat_with_epsilon (infusion->given_mg, 25.0, 1e-9);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM infusions WHERE given_mg = 25 AND total_mg = 40"), ==, 1);
  {
    g_autoptr(GDateTime) ended = test_clinic_today_at (9, 30);
    g_autoptr(GDateTime) discharge = test_clinic_today_at (10, 30);

    g_assert_true (g_date_time_equal (infusion->ends_at, ended));
    g_assert_true (g_date_time_equal (infusion->discharge_from, discharge));
  }
}

static void
test_flowsheet (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysInfusion) infusion = NULL;
  g_autoptr(GDateTime) earlier = NULL;
  g_autoptr(GDateTime) future = NULL;
  LysVitals vitals = { 126, 80, 70, 98 };
  LysVitals swapped = { 80, 126, 70, 98 };

  open_infusion (fixture);
  enter_dose (fixture, 80);

  /* Implausible readings are refused and nothing is written */
  g_assert_cmpint (lys_store_record_vitals (fixture->base.store, fixture->infusion, &swapped, NULL, NULL, NULL, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM vitals"), ==, 0);

  record (fixture, 126, 80, NULL);
  test_clinic_set_time (fixture->base.store, 9, 0);
  start (fixture);

  /* On time at 09:10, late at 09:24 (due 09:20) */
  test_clinic_set_time (fixture->base.store, 9, 10);
  record (fixture, 130, 82, NULL);
  test_clinic_set_time (fixture->base.store, 9, 24);
  record (fixture, 134, 84, NULL);
  infusion = get (fixture);
  g_assert_cmpuint (infusion->readings->len, ==, 3);
  {
    LysVitalsReading *baseline = infusion->readings->pdata[0];
    LysVitalsReading *first = infusion->readings->pdata[1];
    LysVitalsReading *second = infusion->readings->pdata[2];
    g_autoptr(GDateTime) due = test_clinic_today_at (9, 20);
    g_autoptr(GDateTime) next = test_clinic_today_at (9, 34);

    g_assert_cmpint (baseline->stage, ==, LYS_STAGE_BASELINE);
    g_assert_null (baseline->due_at);
    g_assert_cmpint (first->stage, ==, LYS_STAGE_DURING);
    g_assert_false (first->late);
    g_assert_true (second->late);
    g_assert_true (g_date_time_equal (second->due_at, due));
    g_assert_true (g_date_time_equal (infusion->next_due, next));
    g_assert_cmpstr (second->recorded_by, ==, "Nina Nattevakt");
  }
  g_clear_pointer (&infusion, lys_infusion_free);

  /* A time not the clock's needs a reason; a future one is refused */
  earlier = test_clinic_today_at (9, 5);
  g_assert_cmpint (lys_store_record_vitals (fixture->base.store, fixture->infusion, &vitals, earlier, "", NULL, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Say why"));
  g_clear_error (&error);
  future = test_clinic_today_at (9, 40);
  g_assert_cmpint (lys_store_record_vitals (fixture->base.store, fixture->infusion, &vitals, future, "x", NULL, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (lys_store_record_vitals (fixture->base.store, fixture->infusion, &vitals, earlier,
                                            "Skrevet på papir under urolig fase", NULL, &error), >, 0);
  g_assert_no_error (error);
  infusion = get (fixture);
  g_assert_cmpuint (infusion->readings->len, ==, 4);
  g_assert_cmpstr (((LysVitalsReading *) infusion->readings->pdata[1])->time_reason, ==,
                   "Skrevet på papir under urolig fase");
  g_clear_pointer (&infusion, lys_infusion_free);

  /* A recorded reading is never changed nor deleted, whatever path tries */
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "UPDATE vitals SET systolic = 120"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "DELETE FROM vitals"), ==, LYS_DB_FAULT_CONSTRAINT);

  /* Ended before the plan without a reason: refused */
  test_clinic_set_time (fixture->base.store, 9, 30);
  g_assert_false (lys_store_end_infusion (fixture->base.store, fixture->infusion, NULL, NULL, NULL, -1, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "09:40"));
}

static void
test_discharge (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysInfusion) infusion = NULL;
  guint cadss[LYS_CADSS_ITEMS] = { 0 };

  prepare (fixture, 124, 80);
  start (fixture);
  test_clinic_set_time (fixture->base.store, 9, 10);
  record (fixture, 132, 84, NULL);

  /* During: adverse events, the CADSS, the psychologist's observations */
  g_assert_false (lys_store_add_adverse_event (fixture->base.store, fixture->infusion, LYS_ADVERSE_OTHER, " ",
                                               LYS_SEVERITY_MILD, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (lys_store_add_adverse_event (fixture->base.store, fixture->infusion, LYS_ADVERSE_NAUSEA, NULL,
                                              LYS_SEVERITY_MODERATE, "Ondansetron 4 mg", &error));
  g_assert_no_error (error);
  cadss[0] = 4;
  cadss[22] = 3;
  cadss[5] = 5;
  g_assert_false (lys_store_save_cadss (fixture->base.store, fixture->infusion, cadss, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  cadss[5] = 2;
  g_assert_true (lys_store_save_cadss (fixture->base.store, fixture->infusion, cadss, &error));
  cadss[5] = 1;
  g_assert_true (lys_store_save_cadss (fixture->base.store, fixture->infusion, cadss, &error));
  g_assert_no_error (error);
  test_clinic_become (fixture->base.store, "Petra Psykolog", LYS_ROLE_PSYCHOLOGIST);
  g_assert_true (lys_store_set_infusion_text (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_OBSERVATIONS,
                                              "Rolig, beskrev lys og «å flyte».", &error));
  g_assert_no_error (error);
  /* A psychologist does not record the drug's vitals */
  g_assert_cmpint (lys_store_record_vitals (fixture->base.store, fixture->infusion, &(LysVitals) { 120, 80, 70, 98 },
                                            NULL, NULL, NULL, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  test_clinic_become (fixture->base.store, "Nina Nattevakt", LYS_ROLE_NURSE);

  /* Ended at 09:40: the earliest discharge is 10:40 */
  test_clinic_set_time (fixture->base.store, 9, 40);
  g_assert_true (lys_store_end_infusion (fixture->base.store, fixture->infusion, NULL, NULL, NULL, -1, &error));
  g_assert_no_error (error);
  infusion = get (fixture);
  {
    g_autoptr(GDateTime) from = test_clinic_today_at (10, 40);

    g_assert_true (g_date_time_equal (infusion->discharge_from, from));
  }
  g_assert_true (infusion->has_cadss);
  g_assert_cmpuint (infusion->cadss_total, ==, 8);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM ratings WHERE scale = 'cadss'"), ==, 1);
  g_assert_cmpuint (infusion->adverse_events->len, ==, 1);
  g_clear_pointer (&infusion, lys_infusion_free);

  /* Not before the observation is over, nor without the checklist */
  test_clinic_set_time (fixture->base.store, 10, 30);
  record (fixture, 126, 80, NULL);
  g_assert_false (lys_store_sign_discharge (fixture->base.store, fixture->infusion, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "10:40"));
  g_clear_error (&error);
  test_clinic_set_time (fixture->base.store, 10, 41);
  for (guint check = 0; check < LYS_N_DISCHARGE_CHECKS - 1; check++)
    g_assert_true (lys_store_set_discharge_check (fixture->base.store, fixture->infusion, check, TRUE, NULL));
  g_assert_false (lys_store_sign_discharge (fixture->base.store, fixture->infusion, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Told not to drive"));
  g_clear_error (&error);
  g_assert_true (lys_store_set_discharge_check (fixture->base.store, fixture->infusion, LYS_DISCHARGE_NO_DRIVING, TRUE, NULL));

  /* No addendum to an open record */
  g_assert_false (lys_store_add_infusion_addendum (fixture->base.store, fixture->infusion, "Tillegg", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (lys_store_sign_discharge (fixture->base.store, fixture->infusion, &error));
  g_assert_no_error (error);
  infusion = get (fixture);
  g_assert_cmpint (infusion->status, ==, LYS_INFUSION_DISCHARGED);
  g_assert_cmpstr (infusion->discharged_by, ==, "Nina Nattevakt");
  g_assert_null (infusion->next_due);
  g_clear_pointer (&infusion, lys_infusion_free);

  /* Read-only: through the store and past it */
  g_assert_false (lys_store_set_infusion_text (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_OBSERVATIONS,
                                               "endret", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (lys_store_record_vitals (fixture->base.store, fixture->infusion, &(LysVitals) { 120, 80, 70, 98 },
                                            NULL, NULL, NULL, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "UPDATE infusions SET observations = 'endret'"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "INSERT INTO vitals (infusion_id, taken_at, stage, systolic, "
                                                     "diastolic, heart_rate, spo2) SELECT id, '2030-01-01 10:00:00', "
                                                     "'after', 120, 80, 70, 98 FROM infusions"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "UPDATE ratings SET total = 0"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "INSERT INTO adverse_events (infusion_id, kind, severity, noted_at) "
                                                     "SELECT id, 'nausea', 'mild', 'x' FROM infusions"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "DELETE FROM infusions"), ==, LYS_DB_FAULT_CONSTRAINT);

  /* Corrections are addenda, in order, under the original */
  test_clinic_set_time (fixture->base.store, 11, 0);
  g_assert_true (lys_store_add_infusion_addendum (fixture->base.store, fixture->infusion,
                                                  "Kvalme fra 09:15, ikke 09:10.", &error));
  test_clinic_set_time (fixture->base.store, 11, 5);
  g_assert_true (lys_store_add_infusion_addendum (fixture->base.store, fixture->infusion,
                                                  "Ledsager: søster.", &error));
  g_assert_no_error (error);
  g_assert_false (lys_store_add_infusion_addendum (fixture->base.store, fixture->infusion, "   ", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  infusion = get (fixture);
  g_assert_cmpuint (infusion->addenda->len, ==, 2);
  g_assert_cmpstr (((LysAddendum *) infusion->addenda->pdata[0])->body, ==, "Kvalme fra 09:15, ikke 09:10.");
  g_assert_cmpstr (((LysAddendum *) infusion->addenda->pdata[1])->body, ==, "Ledsager: søster.");
  g_assert_cmpstr (infusion->observations, ==, "Rolig, beskrev lys og «å flyte».");
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "UPDATE infusion_addenda SET body = 'x'"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'infusion.addendum'"), ==, 2);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'infusion.discharge'"), ==, 1);
  /* Closed: the app does not return to it */
  {
    g_autoptr(GArray) open = lys_store_list_open_infusion_bookings (fixture->base.store, &error);

    g_assert_cmpuint (open->len, ==, 0);
  }

  /* The signed record changed past its triggers, which are put back: said
   * to be altered, its content not read as the record; the addenda,
   * signed on their own, still are */
  g_assert_cmpint (lys_store_count_altered_records (fixture->base.store, NULL, NULL, &error), ==, 0);
  g_assert_cmpint (test_raw_tamper (fixture->base.path, "vitals_closed_update",
                                    "UPDATE vitals SET acknowledgement = 'endret'"), ==, SQLITE_OK);
  g_clear_pointer (&infusion, lys_infusion_free);
  infusion = get (fixture);
  g_assert_true (infusion->altered);
  g_assert_cmpuint (infusion->readings->len, ==, 0);
  g_assert_cmpstr (infusion->observations, ==, "");
  g_assert_null (infusion->lot_number);
  g_assert_cmpuint (infusion->addenda->len, ==, 2);
  g_assert_cmpstr (infusion->discharged_by, ==, "Nina Nattevakt");
  g_clear_pointer (&infusion, lys_infusion_free);
  {
    LysSignedKind kind = LYS_SIGNED_NOTE;
    gint64 first = 0;

    g_assert_cmpint (lys_store_count_altered_records (fixture->base.store, &kind, &first, &error), ==, 1);
    g_assert_cmpint (kind, ==, LYS_SIGNED_DISCHARGE);
    g_assert_cmpint (first, ==, fixture->infusion);
  }
}

/* Pulling the power mid-flowsheet: a child records readings, telling the
 * parent each id once it is committed; it is killed at a random point, and
 * every reading it reported is there after reopening. */
/* In the child: one reading a step, reporting its id */
static gboolean
record_reading (LysStore *store,
                guint     step,
                gint64   *report,
                gpointer  data)
{
  LysVitals vitals = { 120 + step % 40, 80, 70, 97 };

  *report = lys_store_record_vitals (store, *(gint64 *) data, &vitals, NULL, NULL, NULL, NULL);
  return *report != 0;
}

static void
test_crash (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) committed = NULL;
  g_autoptr(LysStore) reopened = NULL;
  g_autoptr(LysInfusion) infusion = NULL;
  guint wanted = g_test_rand_int_range (20, 60);

  prepare (fixture, 124, 80);
  start (fixture);
  g_clear_object (&fixture->base.store);

  committed = test_clinic_kill_while_writing (fixture->base.path, "Nina Nattevakt", LYS_ROLE_NURSE, wanted,
                                              record_reading, &fixture->infusion);

  reopened = lys_store_open (fixture->base.path, &error);
  g_assert_no_error (error);
  fixture->base.store = g_object_ref (reopened);
  infusion = get (fixture);
  g_assert_cmpint (infusion->status, ==, LYS_INFUSION_RUNNING);
  for (guint i = 0; i < committed->len; i++)
    {
      gboolean found = FALSE;

      for (guint r = 0; r < infusion->readings->len && !found; r++)
        found = ((LysVitalsReading *) infusion->readings->pdata[r])->id == g_array_index (committed, gint64, i);
      g_assert_true (found);
    }
  g_assert_cmpint (test_raw_int (fixture->base.path, "SELECT count (*) FROM vitals"), >=, (gint64) committed->len + 1);
  /* The app returns to it */
  {
    g_autoptr(GArray) open = lys_store_list_open_infusion_bookings (reopened, &error);

    g_assert_cmpuint (open->len, ==, 1);
  }
}


/* A clinic day through the store, in a child killed at random points */

enum { DAY_VITALS, DAY_BOOKING, DAY_IMPORT, DAY_RATING, N_DAY_STEPS };

#define DAY_KIND(report) ((guint) ((guint64) (report) >> 56))
#define DAY_ID(report) ((gint64) ((guint64) (report) & G_GUINT64_CONSTANT (0x00ffffffffffffff)))

typedef struct
{
  gint64 infusion;
  gint64 patient;
  gint64 psychologist;
  GDateTime *first_day;   /* the follow-ups are booked from its 08:00 on */
} ClinicDay;

/* A valid fødselsnummer from @serial, or FALSE when its check digits fail */
static gboolean
make_national_id (guint32 serial,
                  char    out[12])
{
  static const guint w1[] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
  static const guint w2[] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
  guint sum = 0, k1, k2;

  g_snprintf (out, 12, "%02u%02u%02u%03u", 1 + serial % 28, 1 + (serial / 28) % 12, 50 + (serial / 336) % 40,
              (serial / 13440) % 500);
  for (guint i = 0; i < 9; i++)
    sum += (out[i] - '0') * w1[i];
  k1 = (11 - sum % 11) % 11;
  if (k1 == 10)
    return FALSE;
  out[9] = '0' + k1;
  sum = 0;
  for (guint i = 0; i < 10; i++)
    sum += (out[i] - '0') * w2[i];
  k2 = (11 - sum % 11) % 11;
  if (k2 == 10)
    return FALSE;
  out[10] = '0' + k2;
  out[11] = '\0';
  return TRUE;
}

static gint64
day_import (LysStore  *store,
            GError   **error)
{
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(GHashTable) registered = lys_store_dup_national_ids (store);
      g_autoptr(LysPatientImport) import = NULL;
      g_autofree char *csv = NULL;
      char first[12], second[12];

      if (!make_national_id (g_random_int (), first) || !make_national_id (g_random_int (), second) ||
          g_str_equal (first, second))
        continue;
      csv = g_strdup_printf ("Fødselsnummer;Fornavn;Etternavn\r\n%s;Åse;Import\r\n%s;Øyvind;Import\r\n", first, second);
      import = lys_patient_import_read (csv, strlen (csv), registered, NULL, error);
      if (import == NULL || import->problems->len > 0)
        continue;
      if (!lys_store_import_patients (store, import, FALSE, error))
        return 0;
      /* Both or neither: the report names the second */
      return lys_store_find_patient (store, second, error);
    }
  return 0;
}

static gint64
day_booking (LysStore   *store,
             ClinicDay  *day,
             guint       step,
             GError    **error)
{
  GDateTime *base = day->first_day;
  LysBookingStaff staff = { day->psychologist, LYS_TASK_THERAPIST };
  LysBookingRequest request = { LYS_APPOINTMENT_FOLLOW_UP, NULL, 30, 0, &day->patient, 1, &staff, 1 };
  gint64 id = 0;

  /* Half-hour sessions from 08:00 on working days from tomorrow on, one
   * after another, after those already booked */
  for (guint slot = step; id == 0 && slot < step + 400; slot++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_days (base, (int) (slot / 16));
      g_autoptr(GDateTime) starts = g_date_time_add_minutes (at, (int) (slot % 16) * 30);
      GDate date;

      g_date_set_dmy (&date, g_date_time_get_day_of_month (starts), g_date_time_get_month (starts),
                      g_date_time_get_year (starts));
      if (lys_holidays_is_closed_day (&date))
        continue;
      request.starts_at = starts;
      g_clear_error (error);
      id = lys_store_book (store, &request, NULL, error);
    }
  return id;
}

static gboolean
clinic_day_step (LysStore *store,
                 guint     step,
                 gint64   *report,
                 gpointer  data)
{
  ClinicDay *day = data;
  guint madrs[LYS_MADRS_ITEMS] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
  LysVitals vitals = { 120 + step % 40, 80, 70, 97 };
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  guint kind;

  /* Each child its own sequence: a forked one inherits the parent's */
  if (step == 0)
    g_random_set_seed ((guint32) getpid () ^ (guint32) g_get_monotonic_time ());
  kind = g_random_int_range (0, N_DAY_STEPS);

  switch (kind)
    {
    case DAY_VITALS:
      id = lys_store_record_vitals (store, day->infusion, &vitals, NULL, NULL, NULL, &error);
      break;
    case DAY_BOOKING:
      id = day_booking (store, day, (guint) test_clinic_query_int (store, "SELECT count (*) FROM appointments "
                                                                          "WHERE kind = 'follow-up'"), &error);
      break;
    case DAY_IMPORT:
      id = day_import (store, &error);
      break;
    case DAY_RATING:
    default:
      now = lys_store_dup_now (store);
      id = lys_store_save_rating (store, day->patient, LYS_SCALE_MADRS, LYS_N_POINTS, 0, madrs, now, NULL, &error);
      break;
    }
  /* What stopped the child, for the parent's failure */
  if (id == 0)
    g_printerr ("clinic day step %u (%u): %s\n", step, kind, error ? error->message : "?");
  *report = (gint64) (((guint64) kind << 56) | (guint64) id);
  return id != 0;
}

/* After a restart: the file whole, the audit chain intact, every reported
 * write there, and no half-written booking, import or rating */
static void
check_after_kill (const char *path,
                  GArray     *committed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (path, &error);
  LysAuditCheck check;
  static const char *tables[] = { "vitals", "appointments", "patients", "ratings" };

  g_assert_no_error (error);
  /* SQLite's file, whole; a server keeps its own */
  if (!test_clinic_on_server ())
    g_assert_cmpint (test_clinic_query_int (store, "SELECT count (*) FROM pragma_integrity_check "
                                                   "WHERE integrity_check = 'ok'"), ==, 1);
  g_assert_true (lys_store_verify_audit (store, &check, &error));
  g_assert_cmpint (check.broken_id, ==, 0);
  lys_audit_check_clear (&check);

  for (guint i = 0; i < committed->len; i++)
    {
      gint64 report = g_array_index (committed, gint64, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE id = %" G_GINT64_FORMAT,
                                              tables[DAY_KIND (report)], DAY_ID (report));

      g_assert_cmpint (test_clinic_query_int (store, sql), ==, 1);
    }

  /* Nothing half-written */
  g_assert_cmpint (test_clinic_query_int (store, "SELECT count (*) FROM appointments a WHERE NOT EXISTS "
                                                 "(SELECT 1 FROM appointment_patients p WHERE p.appointment_id = a.id) "
                                                 "OR NOT EXISTS (SELECT 1 FROM appointment_staff s "
                                                 "WHERE s.appointment_id = a.id)"), ==, 0);
  g_assert_cmpint (test_clinic_query_int (store, "SELECT count (*) FROM patients p WHERE NOT EXISTS "
                                                 "(SELECT 1 FROM courses c WHERE c.patient_id = p.id)"), ==, 0);
  g_assert_cmpint (test_clinic_query_int (store, "SELECT count (*) FROM patients WHERE family_name = 'Import'") % 2, ==, 0);
  g_assert_cmpint (test_clinic_query_int (store, "SELECT count (*) FROM ratings r WHERE r.infusion_id IS NULL "
                                                 "AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.object_type = "
                                                 "'rating' AND a.object_id = r.id)"), ==, 0);
  g_assert_cmpint (test_clinic_query_int (store, "SELECT count (*) FROM appointments WHERE kind = 'follow-up' "
                                                 "AND id NOT IN (SELECT object_id FROM audit_log WHERE "
                                                 "object_type = 'appointment')"), ==, 0);
}

/* A few hundred kills, bounded in time */
static void
test_clinic_day_kills (Fixture       *fixture,
                       gconstpointer  data)
{
  ClinicDay day = { 0 };
  gint64 began = g_get_monotonic_time ();
  guint kills = 0, writes = 0, kinds[N_DAY_STEPS] = { 0 };
  g_autoptr(GDateTime) today = test_clinic_today_at (8, 0);
  /* The children's clock is the real one: a booking in the past is refused */
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);

  prepare (fixture, 124, 80);
  start (fixture);
  day.infusion = fixture->infusion;
  day.patient = fixture->base.clinic.patient;
  day.psychologist = fixture->base.clinic.psychologist;
  day.first_day = tomorrow;
  g_clear_object (&fixture->base.store);

  while (kills < 300 && g_get_monotonic_time () - began < 40 * G_USEC_PER_SEC)
    {
      g_autoptr(GArray) committed = test_clinic_kill_while_writing (fixture->base.path, "Nina Nattevakt", LYS_ROLE_NURSE,
                                                                    g_test_rand_int_range (1, 8), clinic_day_step, &day);

      check_after_kill (fixture->base.path, committed);
      writes += committed->len;
      for (guint i = 0; i < committed->len; i++)
        kinds[DAY_KIND (g_array_index (committed, gint64, i))]++;
      kills++;
    }
  g_test_message ("%u kills, %u committed writes checked (%u readings, %u bookings, %u imports, %u ratings), in %.1f s",
                  kills, writes, kinds[DAY_VITALS], kinds[DAY_BOOKING], kinds[DAY_IMPORT], kinds[DAY_RATING],
                  (g_get_monotonic_time () - began) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (kills, >=, 50);
  for (guint i = 0; i < N_DAY_STEPS; i++)
    g_assert_cmpuint (kinds[i], >, 0);

  fixture->base.store = lys_store_open (fixture->base.path, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/infusion/gates", test_gates);
  TEST_ADD ("/core/infusion/course-rules", test_course_rules);
  TEST_ADD ("/core/infusion/open", test_open);
  TEST_ADD ("/core/infusion/booking-changed", test_booking_changed);
  TEST_ADD ("/core/infusion/fields", test_fields);
  TEST_ADD ("/core/infusion/start-limit", test_start_limit);
  TEST_ADD ("/core/infusion/alerts", test_alerts);
  TEST_ADD ("/core/infusion/flowsheet", test_flowsheet);
  TEST_ADD ("/core/infusion/discharge", test_discharge);
  TEST_ADD ("/core/infusion/crash", test_crash);
  TEST_ADD ("/core/infusion/clinic-day-kills", test_clinic_day_kills);

  return g_test_run ();
}
