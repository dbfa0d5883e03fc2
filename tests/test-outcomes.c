/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>

#include "lys-error.h"
#include "lys-csv.h"
#include "lys-report-pdf.h"
#include "lys-review.h"
#include "lys-store-private.h"
#include "lys-time.h"
#include "test-clinic.h"
#include "test-raw.h"

/* Outcomes: the scales, incomplete forms, the follow-up points and the due
 * list, the chart, and the clinic report on a small clinic built by hand
 * where every figure is known:
 *
 *   A  assessed 2 Feb, eligible; six infusions 2-13 Feb (40 mg, 0.50 mg/kg);
 *      MADRS baseline 30, after infusion 6 14, at 3 months 10, at 6 months 8.
 *   B  assessed 2 Mar, eligible; six infusions 2-13 Mar (50 mg, 0.60 mg/kg);
 *      baseline 20, after infusion 6 10 (response and remission on the
 *      boundary), an incomplete MADRS at 3 months, none at 6.
 *   C  assessed 1 Apr, not eligible.
 *   D  assessed 20 Apr, eligible; three infusions 4-8 May (30 mg, 0.40 mg/kg),
 *      stopped for dissociation; baseline 34.
 *   E  assessed and treated on 1 Jul: after the period.
 *   F  six infusions in November, no MADRS: on the due list.
 *
 * Nausea at A's first and B's second infusion, high blood pressure at D's
 * third, nausea at E's. The period is the first half of 2026; today is
 * 1 December 2026. */

typedef struct
{
  TestFixture base;
  gint64 patients[6];     /* A..F */
  gint64 courses[6];
} Fixture;

enum { A, B, C, D, E, F };

static gint64
insert (Fixture    *f,
        const char *sql)
{
  g_assert_cmpint (test_clinic_exec (f->base.store, sql), ==, LYS_DB_FAULT_NONE);
  return lys_db_last_insert_id (_lys_store_get_db (f->base.store));
}

static GDateTime *
at (const char *text)
{
  GDateTime *time = lys_time_parse_local (text);

  g_assert_nonnull (time);
  return time;
}

/* An infusion given, its booking done */
static gint64
give (Fixture    *f,
      guint       who,
      const char *when,
      double      mg,
      double      per_kg)
{
  TestClinic clinic = f->base.clinic;
  g_autoptr(GDateTime) time = at (when);
  g_autoptr(GDateTime) ended = g_date_time_add_minutes (time, 40);
  g_autofree char *started = lys_time_format_local (time);
  g_autofree char *end = lys_time_format_local (ended);
  g_autofree char *sql = NULL;
  gint64 appointment;

  clinic.patient = f->patients[who];
  clinic.course = f->courses[who];
  appointment = test_clinic_book (f->base.store, &clinic, time);
  sql = g_strdup_printf ("UPDATE appointments SET state = 'done' WHERE id = %" G_GINT64_FORMAT ";"
                         "INSERT INTO infusions (appointment_id, status, weight_kg, dose_mg_per_kg, total_mg, "
                         "duration_minutes, lot_number, given_by, psychologist_id, started_at, ended_at, updated_at) "
                         "VALUES (%" G_GINT64_FORMAT ", 'ended', %.1f, %.2f, %.1f, 40, 'L1', %" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ", '%s', '%s', '%s')",
                         appointment, appointment, mg / per_kg, per_kg, mg, f->base.clinic.nurse, f->base.clinic.psychologist,
                         started, end, started);
  return insert (f, sql);
}

static void
adverse (Fixture    *f,
         gint64      infusion,
         const char *kind)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO adverse_events (infusion_id, kind, severity, noted_at) "
                                          "VALUES (%" G_GINT64_FORMAT ", '%s', 'mild', '2026-01-01 10:00:00')",
                                          infusion, kind);
  insert (f, sql);
}

static void
assess (Fixture    *f,
        guint       who,
        const char *day,
        const char *decision)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO eligibility (course_id, decision, status, updated_at, signed_at, "
                                          "signed_by) VALUES (%" G_GINT64_FORMAT ", '%s', 'signed', '%s 10:00:00', "
                                          "'%s 10:00:00', %" G_GINT64_FORMAT ")",
                                          f->courses[who], decision, day, day, f->base.clinic.physician);
  insert (f, sql);
}

/* MADRS answers that add up to @total */
static void
madrs_answers (guint total,
               guint answers[LYS_MADRS_ITEMS])
{
  for (guint i = 0; i < LYS_MADRS_ITEMS; i++)
    {
      answers[i] = MIN (total, 6);
      total -= answers[i];
    }
  g_assert_cmpuint (total, ==, 0);
}

static gint64
rate (Fixture          *f,
      guint             who,
      LysFollowUpPoint  point,
      guint             total,
      const char       *when)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = at (when);
  guint answers[LYS_MADRS_ITEMS];
  gboolean complete = FALSE;
  gint64 id;

  madrs_answers (total, answers);
  id = lys_store_save_rating (f->base.store, f->patients[who], LYS_SCALE_MADRS, point, 0, answers, time, &complete, &error);
  g_assert_no_error (error);
  g_assert_true (complete);
  return id;
}

static void
set_phase (Fixture    *f,
           guint       who,
           const char *phase,
           const char *reason,
           const char *ended_on)
{
  /* A stop's words in the clinician's own, its code a side effect */
  g_autofree char *sql = g_strdup_printf ("UPDATE courses SET phase = '%s', stop_reason = %s%s%s, stop_code = %s, "
                                          "ended_on = '%s' WHERE id = %" G_GINT64_FORMAT, phase, reason ? "'" : "",
                                          reason ? reason : "NULL", reason ? "'" : "",
                                          reason ? "'adverse-effects'" : "NULL", ended_on, f->courses[who]);
  g_assert_cmpint (test_clinic_exec (f->base.store, sql), ==, LYS_DB_FAULT_NONE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *ids[] = { TEST_CLINIC_NATIONAL_ID, "15046600344", "01015012397", "57019149104", "01010150075",
                               "31129956715" };
  static const char *names[] = { "Anna", "Bjørn", "Cecilie", "Dag", "Eva", "Frode" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) first = at ("2026-02-02 09:00:00");
  g_autoptr(GDateTime) now = at ("2026-12-01 12:00:00");
  gint64 infusion;

  test_fixture_open (&f->base, "outcomes");
  _lys_store_set_clock (f->base.store, now);

  /* A comes with the clinic; the setup's booking is A's first infusion */
  test_clinic_setup (f->base.store, first, 0, &f->base.clinic);
  g_assert_cmpint (test_clinic_exec (f->base.store, "DELETE FROM appointment_staff; DELETE FROM appointment_patients; "
                                               "DELETE FROM appointments"), ==, LYS_DB_FAULT_NONE);
  f->patients[A] = f->base.clinic.patient;
  f->courses[A] = f->base.clinic.course;
  for (guint i = B; i <= F; i++)
    {
      g_autofree char *sql = NULL;

      f->patients[i] = test_clinic_add_patient (f->base.store, ids[i], names[i], "Testesen");
      sql = g_strdup_printf ("SELECT id FROM courses WHERE patient_id = %" G_GINT64_FORMAT, f->patients[i]);
      f->courses[i] = test_clinic_query_int (f->base.store, sql);
    }
  /* The clinic closed two days of January */
  insert (f, "INSERT INTO closures (starts_on, ends_on, reason) VALUES ('2026-01-12', '2026-01-13', 'Kurs')");

  test_clinic_become (f->base.store, "Petra Psykolog", LYS_ROLE_PSYCHOLOGIST);

  assess (f, A, "2026-02-02", "eligible");
  rate (f, A, LYS_POINT_BASELINE, 30, "2026-01-30 10:00:00");
  infusion = give (f, A, "2026-02-02 09:00:00", 40, 0.5);
  adverse (f, infusion, "nausea");
  give (f, A, "2026-02-04 09:00:00", 40, 0.5);
  give (f, A, "2026-02-06 09:00:00", 40, 0.5);
  give (f, A, "2026-02-09 09:00:00", 40, 0.5);
  give (f, A, "2026-02-11 09:00:00", 40, 0.5);
  give (f, A, "2026-02-13 09:00:00", 40, 0.5);
  rate (f, A, LYS_POINT_INFUSION_6, 14, "2026-02-13 12:00:00");
  set_phase (f, A, "completed", NULL, "2026-02-14");
  rate (f, A, LYS_POINT_MONTH_3, 10, "2026-05-14 10:00:00");
  rate (f, A, LYS_POINT_MONTH_6, 8, "2026-08-12 10:00:00");

  assess (f, B, "2026-03-02", "eligible");
  rate (f, B, LYS_POINT_BASELINE, 20, "2026-02-27 10:00:00");
  give (f, B, "2026-03-02 10:00:00", 50, 0.6);
  infusion = give (f, B, "2026-03-04 10:00:00", 50, 0.6);
  adverse (f, infusion, "nausea");
  give (f, B, "2026-03-06 10:00:00", 50, 0.6);
  give (f, B, "2026-03-09 10:00:00", 50, 0.6);
  give (f, B, "2026-03-11 10:00:00", 50, 0.6);
  give (f, B, "2026-03-13 10:00:00", 50, 0.6);
  rate (f, B, LYS_POINT_INFUSION_6, 10, "2026-03-13 12:00:00");
  set_phase (f, B, "completed", NULL, "2026-03-14");

  assess (f, C, "2026-04-01", "not-eligible");
  set_phase (f, C, "preparation", NULL, "2026-04-01");

  assess (f, D, "2026-04-20", "eligible");
  rate (f, D, LYS_POINT_BASELINE, 34, "2026-04-30 10:00:00");
  give (f, D, "2026-05-04 09:00:00", 30, 0.4);
  give (f, D, "2026-05-06 09:00:00", 30, 0.4);
  infusion = give (f, D, "2026-05-08 09:00:00", 30, 0.4);
  adverse (f, infusion, "hypertension");
  set_phase (f, D, "stopped", "Ubehagelig dissosiasjon", "2026-05-10");

  assess (f, E, "2026-07-01", "eligible");
  infusion = give (f, E, "2026-07-01 09:00:00", 45, 0.5);
  adverse (f, infusion, "nausea");

  give (f, F, "2026-11-09 09:00:00", 40, 0.5);
  give (f, F, "2026-11-11 09:00:00", 40, 0.5);
  give (f, F, "2026-11-13 09:00:00", 40, 0.5);
  give (f, F, "2026-11-16 09:00:00", 40, 0.5);
  give (f, F, "2026-11-18 09:00:00", 40, 0.5);
  give (f, F, "2026-11-20 09:00:00", 40, 0.5);
}

/* Scales */

/* Follow-up points */

static void
test_ratings_store (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = at ("2026-06-14 10:00:00");
  g_autoptr(GDateTime) future = at ("2026-12-02 10:00:00");
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(LysOutcomeChart) chart = NULL;
  guint madrs[LYS_MADRS_ITEMS];
  guint qids[16] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  gboolean complete = TRUE;
  gint64 id, audits;

  /* B's 3-month MADRS, with two items left out: kept, marked incomplete */
  audits = test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = 'rating.save-incomplete'");
  madrs_answers (8, madrs);
  madrs[8] = madrs[9] = LYS_RATING_UNANSWERED;
  id = lys_store_save_rating (f->base.store, f->patients[B], LYS_SCALE_MADRS, LYS_POINT_MONTH_3, 0, madrs, when,
                              &complete, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_false (complete);
  g_assert_cmpint (test_clinic_query_int (f->base.store, "SELECT complete FROM ratings ORDER BY id DESC LIMIT 1"), ==, 0);
  g_assert_cmpint (test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = 'rating.save-incomplete'"),
                   ==, audits + 1);
  /* An incomplete form does not take the point: a complete one may follow */
  madrs_answers (8, madrs);
  id = lys_store_save_rating (f->base.store, f->patients[A], LYS_SCALE_MADRS, LYS_POINT_MONTH_3, 0, madrs, when,
                              &complete, &error);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_EXISTS);
  g_assert_cmpint (id, ==, 0);
  g_assert_nonnull (strstr (error->message, "3 Months"));
  g_clear_error (&error);

  /* Refused: nothing answered, a follow-up point on another scale, a time to come, a value out of range */
  for (guint i = 0; i < LYS_MADRS_ITEMS; i++)
    madrs[i] = LYS_RATING_UNANSWERED;
  g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[A], LYS_SCALE_MADRS, LYS_N_POINTS, 0, madrs, when,
                                          NULL, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[A], LYS_SCALE_QIDS_SR16, LYS_POINT_MONTH_1, 0, qids,
                                          when, NULL, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[A], LYS_SCALE_QIDS_SR16, LYS_N_POINTS, 0, qids,
                                          future, NULL, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  qids[3] = 4;
  g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[A], LYS_SCALE_QIDS_SR16, LYS_N_POINTS, 0, qids,
                                          when, NULL, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  qids[3] = 1;
  /* A QIDS without a point is fine */
  g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[A], LYS_SCALE_QIDS_SR16, LYS_N_POINTS, 0, qids,
                                          when, &complete, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (complete);

  /* A PHQ-9 on the morning of A's second infusion counts as taken before it */
  {
    g_autoptr(GDateTime) morning = at ("2026-02-04 08:30:00");
    g_autoptr(GDateTime) after = at ("2026-02-06 12:00:00");
    g_autoptr(GPtrArray) infusions = NULL;
    guint phq9[LYS_PHQ9_ITEMS] = { 1, 1, 1, 1, 1, 1, 1, 1, 0 };

    g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[A], LYS_SCALE_PHQ9, LYS_N_POINTS, 0, phq9,
                                            morning, NULL, &error), >, 0);
    /* after the third one started: not before it */
    g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[A], LYS_SCALE_PHQ9, LYS_N_POINTS, 0, phq9,
                                            after, NULL, &error), >, 0);
    g_assert_no_error (error);
    infusions = lys_store_list_infusion_ratings (f->base.store, f->patients[A], &error);
    g_assert_no_error (error);
    g_assert_cmpuint (infusions->len, ==, 6);
    g_assert_cmpuint (((LysInfusionRatings *) g_ptr_array_index (infusions, 1))->number, ==, 2);
    g_assert_false (((LysInfusionRatings *) g_ptr_array_index (infusions, 0))->self_report);
    g_assert_true (((LysInfusionRatings *) g_ptr_array_index (infusions, 1))->self_report);
    g_assert_false (((LysInfusionRatings *) g_ptr_array_index (infusions, 2))->self_report);
    g_assert_false (((LysInfusionRatings *) g_ptr_array_index (infusions, 1))->cadss);
  }

  /* A rating is never changed or deleted past the store */
  g_assert_cmpint (test_clinic_exec (f->base.store, "UPDATE ratings SET total = 0 WHERE scale = 'madrs'"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (f->base.store, "DELETE FROM ratings"), ==, LYS_DB_FAULT_CONSTRAINT);

  /* A coordinator neither reads nor takes ratings */
  test_clinic_become (f->base.store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  g_assert_null (lys_store_list_ratings (f->base.store, f->patients[A], &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[A], LYS_SCALE_QIDS_SR16, LYS_N_POINTS, 0, qids,
                                          when, NULL, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  test_clinic_become (f->base.store, "Petra Psykolog", LYS_ROLE_PSYCHOLOGIST);

  /* B's list has the incomplete form; the chart leaves it out */
  audits = test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = 'patient.read'");
  ratings = lys_store_list_ratings (f->base.store, f->patients[B], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 3);
  g_assert_false (((LysRating *) g_ptr_array_index (ratings, 2))->complete);
  g_assert_cmpint (((LysRating *) g_ptr_array_index (ratings, 2))->point, ==, LYS_POINT_MONTH_3);
  g_assert_cmpuint (((LysRating *) g_ptr_array_index (ratings, 2))->answers[9], ==, LYS_RATING_UNANSWERED);
  chart = lys_store_load_outcome_chart (f->base.store, f->patients[B], ratings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lys_outcome_chart_get_n_points (chart), ==, 2);
  /* Baseline 20, then 10: a response and a remission, both on the boundary */
  g_assert_true (lys_outcome_chart_get_verdict (chart)->has_baseline);
  g_assert_cmpuint (lys_outcome_chart_get_verdict (chart)->baseline, ==, 20);
  g_assert_nonnull (lys_outcome_chart_get_verdict (chart)->response_at);
  g_assert_nonnull (lys_outcome_chart_get_verdict (chart)->remission_at);
  g_assert_cmpint (test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = 'patient.read'"),
                   ==, audits + 1);
}

static void
test_due_list (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) points = NULL;
  LysFollowUp *item;
  GDate today;
  guint states[LYS_N_POINTS];

  g_date_set_dmy (&today, 1, 12, 2026);
  due = lys_store_list_follow_ups (f->base.store, 0, &today, 30, &error);
  g_assert_no_error (error);

  /* Overdue first, the longest overdue at the top: D's 6 months (8 Nov),
   * F's after infusion 6 (20 Nov); then F's month 1, due 20 Dec */
  g_assert_cmpuint (due->len, ==, 3);
  item = g_ptr_array_index (due, 0);
  g_assert_cmpint (item->patient_id, ==, f->patients[D]);
  g_assert_cmpint (item->point, ==, LYS_POINT_MONTH_6);
  g_assert_cmpint (item->state, ==, LYS_DUE_OVERDUE);
  g_assert_cmpuint (g_date_get_day (&item->due), ==, 8);
  item = g_ptr_array_index (due, 1);
  g_assert_cmpint (item->patient_id, ==, f->patients[F]);
  g_assert_cmpint (item->point, ==, LYS_POINT_INFUSION_6);
  g_assert_cmpint (item->state, ==, LYS_DUE_OVERDUE);
  item = g_ptr_array_index (due, 2);
  g_assert_cmpint (item->patient_id, ==, f->patients[F]);
  g_assert_cmpint (item->point, ==, LYS_POINT_MONTH_1);
  g_assert_cmpint (item->state, ==, LYS_DUE_UPCOMING);
  g_assert_cmpuint (g_date_get_month (&item->due), ==, 12);
  g_assert_cmpuint (g_date_get_day (&item->due), ==, 20);
  g_assert_cmpstr (item->patient_name, ==, "Frode Testesen");

  /* A shorter horizon leaves the upcoming out */
  g_clear_pointer (&due, g_ptr_array_unref);
  due = lys_store_list_follow_ups (f->base.store, 0, &today, 7, &error);
  g_assert_cmpuint (due->len, ==, 2);

  /* Taking F's MADRS takes it off the list */
  {
    g_autoptr(GDateTime) now = at ("2026-12-01 11:00:00");
    guint madrs[LYS_MADRS_ITEMS];

    madrs_answers (12, madrs);
    g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[F], LYS_SCALE_MADRS, LYS_POINT_INFUSION_6, 0,
                                            madrs, now, NULL, &error), >, 0);
    g_assert_no_error (error);
    g_clear_pointer (&due, g_ptr_array_unref);
    due = lys_store_list_follow_ups (f->base.store, 0, &today, 30, &error);
    g_assert_cmpuint (due->len, ==, 2);
    g_assert_cmpint (((LysFollowUp *) g_ptr_array_index (due, 0))->patient_id, ==, f->patients[D]);
  }

  /* One patient's points, all of them; B's incomplete 3-month form is not done */
  {
    guint madrs[LYS_MADRS_ITEMS] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, LYS_RATING_UNANSWERED };
    g_autoptr(GDateTime) when = at ("2026-06-14 10:00:00");

    g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[B], LYS_SCALE_MADRS, LYS_POINT_MONTH_3, 0,
                                            madrs, when, NULL, &error), >, 0);
  }
  points = lys_store_list_follow_ups (f->base.store, f->patients[B], &today, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, LYS_N_POINTS);
  for (guint i = 0; i < points->len; i++)
    states[((LysFollowUp *) g_ptr_array_index (points, i))->point] = ((LysFollowUp *) g_ptr_array_index (points, i))->state;
  g_assert_cmpint (states[LYS_POINT_BASELINE], ==, LYS_DUE_DONE);
  g_assert_cmpint (states[LYS_POINT_INFUSION_6], ==, LYS_DUE_DONE);
  g_assert_cmpint (states[LYS_POINT_MONTH_1], ==, LYS_DUE_MISSED);
  g_assert_cmpint (states[LYS_POINT_MONTH_3], ==, LYS_DUE_MISSED);
  g_assert_cmpint (states[LYS_POINT_MONTH_6], ==, LYS_DUE_MISSED);
  g_assert_cmpint (states[LYS_POINT_MONTH_12], ==, LYS_DUE_UPCOMING);
}

/* The report */

static LysReport *
report_first_half (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  LysReport *report;
  GDate from, to;

  g_date_set_dmy (&from, 1, 1, 2026);
  g_date_set_dmy (&to, 30, 6, 2026);
  report = lys_report_compute (f->base.store, LYS_REPORT_CLINIC, &from, &to, &error);
  g_assert_no_error (error);
  return report;
}

static void
add_incomplete_month_3 (Fixture *f)
{
  guint madrs[LYS_MADRS_ITEMS] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, LYS_RATING_UNANSWERED };
  g_autoptr(GDateTime) when = at ("2026-06-14 10:00:00");
  g_autoptr(GError) error = NULL;

  /* Would be a remission if it counted */
  g_assert_cmpint (lys_store_save_rating (f->base.store, f->patients[B], LYS_SCALE_MADRS, LYS_POINT_MONTH_3, 0, madrs,
                                          when, NULL, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_report_figures (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(LysReport) report = NULL;
  const LysReportOutcome *o;
  const LysReportWeek *week;

  add_incomplete_month_3 (f);
  report = report_first_half (f);

  g_assert_cmpuint (report->assessed, ==, 4);
  g_assert_cmpuint (report->eligible, ==, 3);
  g_assert_cmpuint (report->started, ==, 3);
  g_assert_cmpuint (report->completed, ==, 2);

  /* After the induction: A 14 of 30 and B 10 of 20 respond, B remits; D
   * stopped before its sixth infusion */
  o = &report->outcomes[0];
  g_assert_cmpint (o->point, ==, LYS_POINT_INFUSION_6);
  g_assert_cmpuint (o->cohort, ==, 3);
  g_assert_cmpuint (o->measured, ==, 2);
  g_assert_cmpuint (o->responders, ==, 2);
  g_assert_cmpuint (o->remitters, ==, 1);
  g_assert_cmpuint (o->missing, ==, 1);
  g_assert_cmpuint (o->not_due, ==, 0);
  /* At 1 month: none taken, and every window has closed */
  o = &report->outcomes[1];
  g_assert_cmpint (o->point, ==, LYS_POINT_MONTH_1);
  g_assert_cmpuint (o->measured, ==, 0);
  g_assert_cmpuint (o->missing, ==, 3);
  /* At 3 months: A only; B's form is incomplete, D's was never taken */
  o = &report->outcomes[2];
  g_assert_cmpint (o->point, ==, LYS_POINT_MONTH_3);
  g_assert_cmpuint (o->measured, ==, 1);
  g_assert_cmpuint (o->responders, ==, 1);
  g_assert_cmpuint (o->remitters, ==, 1);
  g_assert_cmpuint (o->missing, ==, 2);
  g_assert_cmpuint (o->not_due, ==, 0);
  /* At 6 months: A; B missing; D's is open until 8 December */
  o = &report->outcomes[3];
  g_assert_cmpuint (o->measured, ==, 1);
  g_assert_cmpuint (o->missing, ==, 1);
  g_assert_cmpuint (o->not_due, ==, 1);
  /* At 12 months: due from next year */
  o = &report->outcomes[4];
  g_assert_cmpint (o->point, ==, LYS_POINT_MONTH_12);
  g_assert_cmpuint (o->measured, ==, 0);
  g_assert_cmpuint (o->not_due, ==, 3);

  /* One stop: counted by its code, the clinician's words never quoted */
  g_assert_cmpuint (report->stop_reasons->len, ==, 1);
  g_assert_cmpstr (g_array_index (report->stop_reasons, LysReportCount, 0).label, ==, "adverse-effects");
  g_assert_cmpuint (g_array_index (report->stop_reasons, LysReportCount, 0).count, ==, 1);
  {
    g_autofree char *csv = lys_report_dup_csv (report, "nb");

    g_assert_null (strstr (csv, "Ubehagelig"));
  }

  /* 15 infusions in the period; E's falls after it */
  g_assert_cmpuint (report->infusions, ==, 15);
  g_assert_cmpfloat_with_epsilon (report->mean_dose_mg, 630.0 / 15, 1e-9);
  g_assert_cmpfloat_with_epsilon (report->mean_dose_mg_per_kg, 7.8 / 15, 1e-9);
  g_assert_cmpuint (report->adverse_total, ==, 3);
  g_assert_cmpuint (report->adverse_events->len, ==, 2);
  g_assert_cmpstr (g_array_index (report->adverse_events, LysReportCount, 0).label, ==, "nausea");
  g_assert_cmpuint (g_array_index (report->adverse_events, LysReportCount, 0).count, ==, 2);
  g_assert_cmpstr (g_array_index (report->adverse_events, LysReportCount, 1).label, ==, "hypertension");

  /* One room open 08-16 on 120 working days: 122 weekdays less the two
   * closed in January; 1 Jan, Easter (2, 3 and 6 Apr), 1 May, Ascension
   * (14 May) and Whit Monday (25 May) are already left out */
  g_assert_cmpuint (report->open_minutes, ==, 120 * 480);
  g_assert_cmpuint (report->booked_minutes, ==, 15 * 115);
  week = &g_array_index (report->weeks, LysReportWeek, 0);   /* Thu 1 Jan, a holiday, and Fri 2 Jan */
  g_assert_cmpuint (g_date_get_day (&week->monday), ==, 29);
  g_assert_cmpuint (week->open_minutes, ==, 480);
  week = &g_array_index (report->weeks, LysReportWeek, 2);   /* 12 Jan: two days closed */
  g_assert_cmpuint (week->open_minutes, ==, 3 * 480);
  week = &g_array_index (report->weeks, LysReportWeek, 5);   /* 2 Feb: A's first three infusions */
  g_assert_cmpuint (g_date_get_day (&week->monday), ==, 2);
  g_assert_cmpuint (week->booked_minutes, ==, 3 * 115);
  g_assert_cmpuint (week->open_minutes, ==, 5 * 480);

  g_assert_cmpfloat (report->nok_per_session, ==, 306);
  g_assert_cmpuint (report->courses_treated, ==, 3);
  g_assert_cmpfloat (report->total_cost, ==, 15 * 306);

  /* The cost per session is a clinic setting */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LysReport) dearer = NULL;

    g_assert_true (lys_store_set_setting (f->base.store, LYS_SETTING_CONSUMABLES_NOK, 400, &error));
    dearer = report_first_half (f);
    g_assert_cmpfloat (dearer->total_cost, ==, 15 * 400);
  }

  /* The report is logged, without a patient */
  g_assert_cmpint (test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = 'report.create' "
                                                    "AND patient_id IS NULL"), ==, 2);
}

static void
test_report_period (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysReport) report = NULL;
  GDate from, to;

  /* The last day counts whole: 13 Feb holds A's sixth infusion */
  g_date_set_dmy (&from, 13, 2, 2026);
  g_date_set_dmy (&to, 13, 2, 2026);
  report = lys_report_compute (f->base.store, LYS_REPORT_CLINIC, &from, &to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->infusions, ==, 1);
  g_assert_cmpuint (report->started, ==, 0);
  g_assert_cmpuint (report->weeks->len, ==, 1);

  g_date_set_dmy (&from, 14, 2, 2026);
  g_assert_null (lys_report_compute (f->base.store, LYS_REPORT_CLINIC, &from, &to, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
}

static void
test_report_files (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysReport) report = NULL;
  g_autofree char *csv_path = g_build_filename (f->base.dir, "report.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->base.dir, "report.pdf", NULL);
  g_autofree char *nb_path = g_build_filename (f->base.dir, "rapport.pdf", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *nb_text = NULL;
  struct stat st;

  add_incomplete_month_3 (f);
  report = report_first_half (f);

  g_assert_true (lys_report_write_csv (report, csv_path, "en", &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (csv_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbfsection,measure,detail,value,denominator,percent\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nperiod,from,2026-01-01,,,\r\nperiod,to,2026-06-30,,,\r\n"));
  g_assert_nonnull (strstr (csv, "patients,completed-induction,,2,3,66.7\r\n"));
  g_assert_nonnull (strstr (csv, "outcome,response,infusion-6,2,2,100\r\n"));
  g_assert_nonnull (strstr (csv, "outcome,remission,infusion-6,1,2,50\r\n"));
  g_assert_nonnull (strstr (csv, "outcome,no-measurement,month-3,2,3,66.7\r\n"));
  g_assert_nonnull (strstr (csv, "outcome,not-yet-due,month-6,1,3,33.3\r\n"));
  g_assert_nonnull (strstr (csv, "stopped,reason,adverse-effects,1,,\r\n"));
  g_assert_nonnull (strstr (csv, "safety,adverse-events,nausea,2,15,13.3\r\n"));
  g_assert_nonnull (strstr (csv, "safety,adverse-events,all,3,15,20\r\n"));
  g_assert_nonnull (strstr (csv, "dose,mean-mg,,42,,\r\n"));
  g_assert_nonnull (strstr (csv, "dose,mean-mg-per-kg,,0.52,,\r\n"));
  g_assert_nonnull (strstr (csv, "rooms,booked-minutes,2026-02-02,345,2400,14.4\r\n"));
  g_assert_nonnull (strstr (csv, "consumables,nok-total,,4590,,\r\n"));
  g_assert_nonnull (strstr (csv, "consumables,nok-per-course,,1530,,\r\n"));

  /* For a Norwegian spreadsheet, in either written Norwegian: the same keys,
   * ";" between fields and a decimal comma, though the test runs in C.UTF-8 */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *norwegian = lys_report_dup_csv (report, i == 0 ? "nb" : "nn");

      g_assert_true (g_str_has_prefix (norwegian, "\xef\xbb\xbfsection;measure;detail;value;denominator;percent\r\n"));
      g_assert_nonnull (strstr (norwegian, "patients;completed-induction;;2;3;66,7\r\n"));
      g_assert_nonnull (strstr (norwegian, "dose;mean-mg-per-kg;;0,52;;\r\n"));
      g_assert_null (strstr (norwegian, "0.52"));
    }

  /* The PDF in English: A4, the figures as text */
  g_assert_true (lys_report_write_pdf (report, pdf_path, "en", &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (pdf_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  text = test_pdf_text (pdf_path, TRUE);
  g_assert_nonnull (strstr (text, "Clinic Report"));
  g_assert_nonnull (strstr (text, "Period 2026-01-01 – 2026-06-30"));
  g_assert_nonnull (strstr (text, "Assessed for eligibility 4"));
  g_assert_nonnull (strstr (text, "Found eligible 3 of 4 (75 %)"));
  g_assert_nonnull (strstr (text, "Completed the induction (6 infusions) 2 of 3 (67 %)"));
  g_assert_nonnull (strstr (text, "After Infusion 6 2/2 (100 %) 1/2 (50 %) 1/3 (33 %) 0/3 (0 %)"));
  g_assert_nonnull (strstr (text, "3 Months 1/1 (100 %) 1/1 (100 %) 2/3 (67 %) 0/3 (0 %)"));
  g_assert_nonnull (strstr (text, "Side effects or adverse events 1"));
  g_assert_null (strstr (text, "Ubehagelig"));
  g_assert_nonnull (strstr (text, "Infusions given 15"));
  g_assert_nonnull (strstr (text, "Mean dose 42.0 mg"));
  g_assert_nonnull (strstr (text, "0.52 mg/kg"));
  g_assert_nonnull (strstr (text, "Nausea 2 13.3"));
  g_assert_nonnull (strstr (text, "All adverse events 3 20.0"));
  g_assert_nonnull (strstr (text, "4590 NOK"));
  g_assert_nonnull (strstr (text, "1530 NOK"));
  g_assert_nonnull (strstr (text, "Page 1 of"));

  /* In Norwegian, whatever the user interface speaks */
  g_assert_true (lys_report_write_pdf (report, nb_path, "nb", &error));
  g_assert_no_error (error);
  nb_text = test_pdf_text (nb_path, TRUE);
  g_assert_nonnull (strstr (nb_text, "Klinikkrapport"));
  /* Numbers as Norwegian writes them, though the test runs in C.UTF-8 */
  g_assert_nonnull (strstr (nb_text, "Kvalme 2 13,3"));
  g_assert_nonnull (strstr (nb_text, "42,0 mg"));
  g_assert_nonnull (strstr (nb_text, "4590 kr"));
  g_assert_null (strstr (nb_text, "13.3"));
  g_assert_null (strstr (nb_text, "Clinic Report"));

  /* In Nynorsk, its own words */
  {
    g_autofree char *nn_path = g_build_filename (f->base.dir, "rapport-nynorsk.pdf", NULL);
    g_autofree char *nn_text = NULL;

    g_assert_true (lys_report_write_pdf (report, nn_path, "nn", &error));
    g_assert_no_error (error);
    nn_text = test_pdf_text (nn_path, TRUE);
    g_assert_nonnull (strstr (nn_text, "Klinikkrapport"));
    g_assert_nonnull (strstr (nn_text, "Infusjonar gitt 15"));
    g_assert_nonnull (strstr (nn_text, "Kvalme 2 13,3"));
    g_assert_null (strstr (nn_text, "Infusjoner"));
  }
  /* And back: the interface's own language is untouched */
  g_assert_cmpstr (_("Clinic Report"), ==, "Clinic Report");
}

/* The review: the small clinic by hand, with D treated for PTSD, B out of
 * the registry and a moderate agitation added to D's mild hypertension. Of the courses whose first
 * infusion falls in 2026: A, B, E and F (depression), D (PTSD). */

/* The CSV line of @indication's figure, split; NULL when there is none */
static LysCsvRecord *
review_line (GPtrArray  *records,
             const char *indication,
             const char *section,
             const char *measure,
             const char *detail)
{
  for (guint i = 0; i < records->len; i++)
    {
      LysCsvRecord *record = g_ptr_array_index (records, i);

      if (g_strv_length (record->fields) == 8 && g_str_equal (record->fields[0], indication) &&
          g_str_equal (record->fields[1], section) && g_str_equal (record->fields[2], measure) &&
          g_str_equal (record->fields[3], detail ? detail : ""))
        return record;
    }
  return NULL;
}

/* Its value, denominator and percent, as "value|denominator|percent" */
static char *
review_figure (GPtrArray  *records,
               const char *indication,
               const char *section,
               const char *measure,
               const char *detail)
{
  LysCsvRecord *record = review_line (records, indication, section, measure, detail);

  if (record == NULL)
    g_error ("no CSV line for %s %s %s %s", indication, section, measure, detail ? detail : "");
  return g_strjoin ("|", record->fields[5], record->fields[6], record->fields[7], NULL);
}

#define assert_figure(records, indication, section, measure, detail, expected) \
  G_STMT_START { \
    g_autofree char *figure_ = review_figure (records, indication, section, measure, detail); \
    g_assert_cmpstr (figure_, ==, expected); \
  } G_STMT_END

static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysReport) review = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *en_csv = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *pdf_path = g_build_filename (f->base.dir, "review.pdf", NULL);
  g_autofree char *nb_path = g_build_filename (f->base.dir, "gjennomgang.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (f->base.dir, "gjennomgang.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *nb_text = NULL;
  g_autofree char *sql = NULL;
  struct stat st;
  GDate from, to;

  sql = g_strdup_printf ("UPDATE patients SET indication = 'ptsd', indication_note = 'Etter en ulykke' "
                         "WHERE id = %" G_GINT64_FORMAT "; UPDATE patients SET registry_opt_out = 1 "
                         "WHERE id = %" G_GINT64_FORMAT "; INSERT INTO adverse_events (infusion_id, kind, severity, noted_at) "
                         "SELECT infusion_id, 'agitation', 'moderate', noted_at FROM adverse_events "
                         "WHERE kind = 'hypertension'", f->patients[D], f->patients[B]);
  g_assert_cmpint (test_clinic_exec (f->base.store, sql), ==, LYS_DB_FAULT_NONE);

  g_date_set_dmy (&from, 1, 1, 2026);
  g_date_set_dmy (&to, 1, 12, 2026);
  review = lys_report_compute (f->base.store, LYS_REPORT_REVIEW, &from, &to, &error);
  g_assert_no_error (error);
  /* The indications treated, and only those */
  g_assert_cmpuint (review->by_indication->len, ==, 2);
  g_assert_cmpint (((LysReport *) g_ptr_array_index (review->by_indication, 0))->indication, ==, LYS_INDICATION_TRD);
  g_assert_cmpint (((LysReport *) g_ptr_array_index (review->by_indication, 1))->indication, ==, LYS_INDICATION_PTSD);
  g_assert_cmpint (test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = 'review.create' "
                                                         "AND patient_id IS NULL"), ==, 1);

  /* In Norwegian: a byte-order mark, ";" and decimal commas */
  g_assert_true (lys_review_write_csv (review, csv_path, "nb", &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (csv_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbfindication;section;measure;detail;label;value;denominator;percent\r\n"));
  g_assert_nonnull (strstr (csv, "all;period;from;2026-01-01;"));
  decoded = lys_csv_decode (csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_cmpint (lys_csv_detect_separator (decoded), ==, ';');
  records = lys_csv_parse (decoded, ';', &error);
  g_assert_no_error (error);

  assert_figure (records, "all", "courses", "started", NULL, "5||");
  assert_figure (records, "trd", "courses", "started", NULL, "4||");
  assert_figure (records, "ptsd", "courses", "started", NULL, "1||");
  assert_figure (records, "all", "courses", "completed", NULL, "3|5|60");
  assert_figure (records, "trd", "courses", "completed", NULL, "3|4|75");
  assert_figure (records, "ptsd", "courses", "completed", NULL, "0|1|0");
  assert_figure (records, "all", "courses", "stopped", NULL, "1||");
  assert_figure (records, "trd", "courses", "stopped", NULL, "0||");
  assert_figure (records, "all", "courses", "registry-opt-out", NULL, "1|5|20");
  assert_figure (records, "trd", "courses", "registry-opt-out", NULL, "1|4|25");
  assert_figure (records, "ptsd", "courses", "registry-opt-out", NULL, "0|1|0");
  assert_figure (records, "all", "courses", "infusions", NULL, "22||");
  assert_figure (records, "trd", "courses", "infusions", NULL, "19||");
  assert_figure (records, "ptsd", "courses", "infusions", NULL, "3||");

  /* After the sixth infusion: A responds (14 of 30), B remits (10 of 20) */
  assert_figure (records, "all", "outcome", "measured", "infusion-6", "2|5|40");
  assert_figure (records, "all", "outcome", "response", "infusion-6", "2|2|100");
  assert_figure (records, "all", "outcome", "remission", "infusion-6", "1|2|50");
  assert_figure (records, "trd", "outcome", "measured", "infusion-6", "2|4|50");
  assert_figure (records, "ptsd", "outcome", "measured", "infusion-6", "0|1|0");
  assert_figure (records, "ptsd", "outcome", "response", "infusion-6", "0|0|");
  /* A alone at three and six months, in remission */
  assert_figure (records, "all", "outcome", "remission", "month-3", "1|1|100");
  assert_figure (records, "trd", "outcome", "measured", "month-6", "1|4|25");

  /* Four mild (A, B, D and E) and D's moderate, of 22 infusions */
  assert_figure (records, "all", "adverse-events", "severity", "mild", "4|22|18,2");
  assert_figure (records, "all", "adverse-events", "severity", "moderate", "1|22|4,5");
  assert_figure (records, "all", "adverse-events", "severity", "severe", "0|22|0");
  assert_figure (records, "all", "adverse-events", "severity", "all", "5|22|22,7");
  assert_figure (records, "trd", "adverse-events", "severity", "mild", "3|19|15,8");
  assert_figure (records, "ptsd", "adverse-events", "severity", "moderate", "1|3|33,3");
  assert_figure (records, "ptsd", "adverse-events", "severity", "all", "2|3|66,7");

  /* D's stop, by its code */
  assert_figure (records, "all", "stopped", "reason", "adverse-effects", "1||");
  assert_figure (records, "ptsd", "stopped", "reason", "adverse-effects", "1||");
  assert_figure (records, "trd", "stopped", "reason", "adverse-effects", "0||");
  assert_figure (records, "all", "stopped", "reason", "no-effect", "0||");

  /* 306 kr an infusion: 22 for the courses, 3 of them completed */
  assert_figure (records, "all", "consumables", "nok-per-infusion", NULL, "306||");
  assert_figure (records, "all", "consumables", "cohort-infusions", NULL, "22||");
  assert_figure (records, "all", "consumables", "nok-cohort", NULL, "6732||");
  assert_figure (records, "all", "consumables", "nok-per-completed", NULL, "2244||");
  assert_figure (records, "trd", "consumables", "nok-cohort", NULL, "5814||");
  assert_figure (records, "trd", "consumables", "nok-per-completed", NULL, "1938||");
  assert_figure (records, "ptsd", "consumables", "nok-cohort", NULL, "918||");
  assert_figure (records, "ptsd", "consumables", "nok-per-completed", NULL, "||");
  /* No clinician's words in a report */
  g_assert_null (strstr (csv, "Ubehagelig"));
  g_assert_null (strstr (csv, "ulykke"));

  /* In English: commas and decimal points, the same keys */
  en_csv = lys_review_dup_csv (review, "en");
  g_assert_true (g_str_has_prefix (en_csv, "\xef\xbb\xbfindication,section,measure,detail,label,value,denominator,percent\r\n"));
  g_assert_nonnull (strstr (en_csv, "all,adverse-events,severity,mild,Mild,4,22,18.2\r\n"));
  g_assert_nonnull (strstr (en_csv, "ptsd,courses,completed,,Completed the induction,0,1,0\r\n"));

  /* The PDF, in both languages */
  g_assert_true (lys_review_write_pdf (review, pdf_path, "en", &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (pdf_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  text = test_pdf_text (pdf_path, TRUE);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Review Report"));
  g_assert_nonnull (strstr (text, "Period 2026-01-01 – 2026-12-01"));
  g_assert_nonnull (strstr (text, "Post-traumatic"));
  g_assert_nonnull (strstr (text, "Mild 4/22 (18 %) 3/19 (16 %) 1/3 (33 %)"));
  g_assert_nonnull (strstr (text, "Moderate 1/22 (5 %) 0/19 (0 %) 1/3 (33 %)"));
  g_assert_nonnull (strstr (text, "6732 NOK 5814 NOK 918 NOK"));
  g_assert_nonnull (strstr (text, "2244 NOK 1938 NOK –"));
  g_assert_null (strstr (text, "Ubehagelig"));

  g_assert_true (lys_review_write_pdf (review, nb_path, "nb", &error));
  g_assert_no_error (error);
  nb_text = test_pdf_text (nb_path, TRUE);
  g_test_message ("%s", nb_text);
  g_assert_nonnull (strstr (nb_text, "Periode 01.01.2026–01.12.2026"));
  g_assert_nonnull (strstr (nb_text, "Lett 4/22 (18 %) 3/19 (16 %) 1/3 (33 %)"));
  g_assert_nonnull (strstr (nb_text, "6732 kr 5814 kr 918 kr"));
  g_assert_null (strstr (nb_text, "Review Report"));
}

/* The chart */

static gboolean
near (const guchar   *pixel,
      const LysColor *color)
{
  /* ARGB32 little-endian: B G R A */
  return ABS (pixel[2] - color->r * 255) < 40 && ABS (pixel[1] - color->g * 255) < 40 &&
         ABS (pixel[0] - color->b * 255) < 40;
}

/* The share of a row's pixels in @color */
static double
row_share (cairo_surface_t *image,
           int              y,
           const LysColor  *color)
{
  const guchar *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image), width = cairo_image_surface_get_width (image);
  int hits = 0;

  for (int x = 0; x < width; x++)
    hits += near (data + y * stride + x * 4, color);
  return (double) hits / width;
}

/* The best share of @color in the rows around @y */
static double
line_near (cairo_surface_t *image,
           double           y,
           const LysColor  *color)
{
  double best = 0;

  for (int row = (int) y - 4; row <= (int) y + 4; row++)
    best = MAX (best, row_share (image, row, color));
  return best;
}

static void
test_chart_png (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(LysOutcomeChart) chart = NULL;
  g_autofree char *png = g_build_filename (f->base.dir, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (f->base.dir, "chart.svg", NULL);
  g_autofree char *svg_text = NULL;
  g_autofree char *summary = NULL;
  cairo_surface_t *image;
  LysChartPalette palette;
  const guchar *pixels;
  int width, height, stride, painted = 0, madrs = 0;
  double plot_top = 34, plot_bottom;
  struct stat st;

  ratings = lys_store_list_ratings (f->base.store, f->patients[A], &error);
  g_assert_no_error (error);
  chart = lys_store_load_outcome_chart (f->base.store, f->patients[A], ratings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lys_outcome_chart_get_n_points (chart), ==, 4);

  /* In words: baseline 30, a response at 14 (15 or less) after infusion 6,
   * a remission at 10 */
  summary = lys_outcome_chart_dup_summary (chart);
  g_assert_nonnull (strstr (summary, "Baseline MADRS 30."));
  g_assert_nonnull (strstr (summary, "Response reached on"));
  g_assert_nonnull (strstr (summary, "(MADRS 14; 15 or less is a response)"));
  g_assert_nonnull (strstr (summary, "Remission reached on"));
  g_assert_nonnull (strstr (summary, "(MADRS 10)"));

  g_assert_true (lys_outcome_chart_write (chart, png, LYS_SURFACE_PNG, 600, 300, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (png, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  /* Twice the size: sharp when printed */
  width = cairo_image_surface_get_width (image);
  height = cairo_image_surface_get_height (image);
  g_assert_cmpint (width, ==, 1200);
  g_assert_cmpint (height, ==, 600);

  lys_chart_palette_init (&palette, FALSE);
  pixels = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + y * stride + x * 4;

        painted += !near (p, &palette.background);
        madrs += near (p, &palette.madrs);
      }
  /* Not empty, and the MADRS line drawn */
  g_assert_cmpint (painted, >, width * height / 50);
  g_assert_cmpint (madrs, >, 500);

  /* The remission line at 10, the response line at 15 and the baseline at
   * 30 run across the plot, where the axis puts them (twice the scale) */
  plot_bottom = 300 - 40;
  g_assert_cmpfloat (line_near (image, 2 * (plot_bottom - 10.0 / 60 * (plot_bottom - plot_top)), &palette.remission), >, 0.3);
  g_assert_cmpfloat (line_near (image, 2 * (plot_bottom - 15.0 / 60 * (plot_bottom - plot_top)), &palette.response), >, 0.3);
  g_assert_cmpfloat (line_near (image, 2 * (plot_bottom - 30.0 / 60 * (plot_bottom - plot_top)), &palette.dim), >, 0.3);
  /* And no line where nothing is: at 45 */
  g_assert_cmpfloat (line_near (image, 2 * (plot_bottom - 45.0 / 60 * (plot_bottom - plot_top)), &palette.response), <, 0.05);
  cairo_surface_destroy (image);

  /* The SVG: vector lines, and the words of the lines as text */
  g_assert_true (lys_outcome_chart_write (chart, svg, LYS_SURFACE_SVG, 600, 300, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (svg_text, "<?xml"));
  g_assert_nonnull (strstr (svg_text, "<svg"));
  g_assert_nonnull (strstr (svg_text, "<path"));

  /* A dark palette keeps its contrast: lighter lines on a dark ground */
  {
    LysChartPalette dark;

    lys_chart_palette_init (&dark, TRUE);
    g_assert_cmpfloat (dark.madrs.r + dark.madrs.g + dark.madrs.b, >, palette.madrs.r + palette.madrs.g + palette.madrs.b);
    g_assert_cmpfloat (dark.background.r, <, 0.2);
  }
}

static void
test_chart_verdict (void)
{
  g_autoptr(LysOutcomeChart) chart = lys_outcome_chart_new ();
  g_autoptr(GDateTime) day1 = at ("2026-01-05 10:00:00");
  g_autoptr(GDateTime) day2 = at ("2026-01-20 10:00:00");
  g_autoptr(GDateTime) day3 = at ("2026-02-20 10:00:00");
  g_autoptr(GDateTime) day4 = at ("2026-03-20 10:00:00");
  g_autofree char *empty = NULL;
  g_autofree char *summary = NULL;
  const LysOutcomeVerdict *v;

  empty = lys_outcome_chart_dup_summary (chart);
  g_assert_nonnull (strstr (empty, "No MADRS on record yet"));

  /* Baseline 34: 18 is no response, 17 is; 11 is no remission */
  lys_outcome_chart_add_rating (chart, LYS_SCALE_MADRS, LYS_POINT_BASELINE, day1, 34);
  lys_outcome_chart_add_rating (chart, LYS_SCALE_MADRS, LYS_POINT_INFUSION_6, day2, 18);
  lys_outcome_chart_add_rating (chart, LYS_SCALE_PHQ9, LYS_N_POINTS, day2, 3);
  v = lys_outcome_chart_get_verdict (chart);
  g_assert_cmpuint (v->response_limit, ==, 17);
  g_assert_null (v->response_at);
  summary = lys_outcome_chart_dup_summary (chart);
  g_assert_nonnull (strstr (summary, "No response yet: the latest MADRS is 18; 17 or less is a response."));
  g_assert_nonnull (strstr (summary, "Not in remission"));
  g_clear_pointer (&summary, g_free);

  lys_outcome_chart_add_rating (chart, LYS_SCALE_MADRS, LYS_POINT_MONTH_1, day3, 17);
  lys_outcome_chart_add_rating (chart, LYS_SCALE_MADRS, LYS_POINT_MONTH_3, day4, 11);
  v = lys_outcome_chart_get_verdict (chart);
  g_assert_nonnull (v->response_at);
  g_assert_true (g_date_time_equal (v->response_at, day3));
  g_assert_cmpuint (v->response_total, ==, 17);
  g_assert_null (v->remission_at);
  g_assert_cmpuint (v->latest, ==, 11);

  /* CADSS is not a depression scale: not drawn */
  lys_outcome_chart_add_rating (chart, LYS_SCALE_CADSS, LYS_N_POINTS, day4, 30);
  g_assert_cmpuint (lys_outcome_chart_get_n_points (chart), ==, 5);
}

/* The report's charts keep every label inside them, "100 %" too, in a
 * large font as on a screen with large text */
static void
test_report_charts_fit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(LysReport) report = report_first_half (f);
  LysChartPalette palette;

  lys_chart_palette_init (&palette, FALSE);
  for (guint chart = 0; chart < 2; chart++)
    for (guint size = 8; size <= 16; size += 4)
      {
        g_autofree char *font = g_strdup_printf ("Sans %u", size);
        cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
        cairo_t *cr = cairo_create (surface);
        double x, y, width, height;

        if (chart == 0)
          lys_report_draw_outcomes (report, cr, 600, 260, &palette, font);
        else
          lys_report_draw_rooms (report, cr, 600, 160, &palette, font);
        cairo_destroy (cr);
        cairo_recording_surface_ink_extents (surface, &x, &y, &width, &height);
        g_test_message ("chart %u size %u: %g..%g", chart, size, x, x + width);
        g_assert_cmpfloat (x, >=, 0);
        g_assert_cmpfloat (x + width, <=, 600);
        cairo_surface_destroy (surface);
      }
}

/* The labels of lines close together never cover each other: one moves
 * beside the other; labels far apart stay where they are */
static void
test_chart_labels (void)
{
  /* Remission ≤ 10 at y 200, Response ≤ 14 at y 190, Baseline 28 at y 120 */
  LysChartBox boxes[] = {
    { 500, 198, 90, 14 },
    { 500, 188, 80, 14 },
    { 500, 118, 70, 14 },
  };
  /* Three lines on one (a baseline of 20: response at 10) */
  LysChartBox same[] = {
    { 500, 198, 90, 14 },
    { 500, 198, 80, 14 },
    { 500, 198, 70, 14 },
  };

  lys_chart_place_labels (boxes, G_N_ELEMENTS (boxes), 12);
  g_assert_cmpfloat (boxes[0].right, ==, 500);
  g_assert_cmpfloat (boxes[1].right, ==, 500 - 90 - 12);
  g_assert_cmpfloat (boxes[2].right, ==, 500);

  lys_chart_place_labels (same, G_N_ELEMENTS (same), 12);
  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    for (guint j = 0; j < i; j++)
      g_assert_true (same[i].right <= same[j].right - same[j].width - 12 ||
                     same[j].right <= same[i].right - same[i].width - 12);
}

int
main (int   argc,
      char *argv[])
{
  test_clinic_init (&argc, &argv);
  g_setenv ("TZ", "Europe/Oslo", TRUE);

  g_test_add_func ("/outcomes/chart-verdict", test_chart_verdict);
  g_test_add_func ("/outcomes/chart-labels", test_chart_labels);
  TEST_ADD ("/outcomes/ratings", test_ratings_store);
  TEST_ADD ("/outcomes/due-list", test_due_list);
  TEST_ADD ("/outcomes/report-figures", test_report_figures);
  TEST_ADD ("/outcomes/report-period", test_report_period);
  TEST_ADD ("/outcomes/report-files", test_report_files);
  TEST_ADD ("/outcomes/review", test_review);
  TEST_ADD ("/outcomes/chart-png", test_chart_png);
  TEST_ADD ("/outcomes/report-charts-fit", test_report_charts_fit);

  return g_test_run ();
}
