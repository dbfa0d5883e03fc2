/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "bench.h"
#include "lys-demo.h"
#include "lys-store-private.h"
#include "lys-store.h"
#include "lys-time.h"

/* Scheduling against a clinic of 3 rooms with ten years of bookings:
 * proposing a six-session induction plan (target under 5 ms) and loading a
 * week of bookings for the week view (target under 5 ms). */

#define N_PATIENTS 4000
#define ROUNDS 50

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lysning-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autoptr(LysStore) store = lys_store_open (path, &error);
  g_autoptr(LysPatient) patient = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) this_monday = NULL;
  double total = 0, worst = 0;
  g_autoptr(GDateTime) last_booking = NULL;
  gint64 bookings;
  guint n_items = 0;

  g_assert_no_error (error);
  g_assert_true (lys_demo_seed (store, N_PATIENTS, LYS_DEMO_LONG_HISTORY_YEARS, NULL, &error));
  {
    g_autoptr(LysDbStmt) stmt = NULL;

    stmt = lys_db_prepare (_lys_store_get_db (store), "SELECT count (*) FROM appointments", NULL);
    lys_db_step (stmt);
    bookings = lys_db_column_int64 (stmt, 0);
    g_clear_pointer (&stmt, lys_db_stmt_free);
    stmt = lys_db_prepare (_lys_store_get_db (store), "SELECT max (starts_at) FROM appointments", NULL);
    lys_db_step (stmt);
    last_booking = lys_time_parse_local (lys_db_column_text (stmt, 0));
  }

  /* A referral ready for its induction */
  patient = g_object_new (LYS_TYPE_PATIENT, "national-id", "02027512367", "given-name", "Bente",
                          "family-name", "Benk", NULL);
  g_assert_true (lys_store_add_patient (store, patient, &error));
  g_assert_true (lys_db_exec (_lys_store_get_db (store),
                              "UPDATE courses SET phase = 'induction' WHERE patient_id = "
                              "(SELECT id FROM patients WHERE national_id = '02027512367')",
                              NULL));

  /* A clinic this size has a waiting list: its bookings run months ahead.
   * The series is proposed from ten days before the last booking, so that
   * the planner searches a full stretch first. */
  for (guint round = 0; round < ROUNDS + 1; round++)
    {
      g_autoptr(LysPlan) plan = NULL;
      g_autoptr(GDateTime) earliest = g_date_time_add_days (last_booking, (int) (round % 14) - 10);
      gint64 start = g_get_monotonic_time ();
      double ms;

      plan = lys_store_propose_induction_plan (store, lys_patient_get_id (patient), earliest,
                                               LYS_WEEKDAYS_WORKING, LYS_DAY_PART_ANY, &error);
      ms = bench_ms_since (start);
      g_assert_no_error (error);
      g_assert_cmpuint (plan->slots->len, ==, 6);
      if (round == 0)
        continue;   /* the first warms the statement cache */
      total += ms;
      worst = MAX (worst, ms);
    }
  {
    g_autofree char *what = g_strdup_printf ("induction plan, 3 rooms, %" G_GINT64_FORMAT " bookings over ten years, "
                                             "the worst of %u", bookings, ROUNDS);

    g_print ("induction plan: %.2f ms on average\n", total / ROUNDS);
    bench_report_at_most (what, worst, "ms", 5);
  }

  /* Within the waiting list nothing fits: how long it takes to say so */
  {
    g_autoptr(GDateTime) earliest = g_date_time_add_days (now, 1);
    gint64 start = g_get_monotonic_time ();
    g_autoptr(LysPlan) plan = lys_store_propose_induction_plan (store, lys_patient_get_id (patient), earliest,
                                                                LYS_WEEKDAYS_WORKING, LYS_DAY_PART_ANY, NULL);

    g_print ("induction plan where all is booked: it says %s\n", plan ? "a series" : "that none fits");
    bench_report_at_most ("induction plan where all is booked", bench_ms_since (start), "ms", 50);
  }

  /* Weeks spread over the ten years, as the week view loads them */
  total = worst = 0;
  this_monday = g_date_time_add_days (now, 1 - g_date_time_get_day_of_week (now));
  for (guint round = 0; round < 520; round++)
    {
      g_autoptr(GDateTime) monday = g_date_time_add_weeks (this_monday, -(int) ((round * 37) % 520));
      g_autoptr(GDateTime) until = g_date_time_add_days (monday, 7);
      g_autoptr(GListModel) week = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      week = lys_store_list_bookings (store, monday, until, &error);
      ms = bench_ms_since (start);
      g_assert_no_error (error);
      n_items += g_list_model_get_n_items (week);
      total += ms;
      worst = MAX (worst, ms);
    }
  g_print ("week of bookings: %.2f ms on average, %.1f bookings a week\n", total / 520, n_items / 520.0);
  bench_report_at_most ("week of bookings, the worst of 520 weeks over ten years", worst, "ms", 5);

  g_clear_object (&store);
  bench_remove_dir (dir);
  return bench_finish ();
}
