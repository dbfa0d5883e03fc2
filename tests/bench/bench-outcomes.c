/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "bench.h"
#include "lys-demo.h"
#include "lys-report.h"
#include "lys-store-private.h"

/* Outcomes on the ten-year demo clinic of 4000 patients. Targets: the
 * clinic report over the ten years under 300 ms; a patient's chart drawn
 * within one frame, under 16 ms. Also measured: the follow-up due list,
 * and reading a patient's ratings for the chart. */

#define N_PATIENTS 4000
#define ROUNDS 5
#define N_CHARTS 200

static void
report_rounds (LysStore    *store,
               const GDate *from,
               const GDate *to,
               const char  *name)
{
  double total = 0, worst = 0;
  guint infusions = 0;

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LysReport) report = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      report = lys_report_compute (store, LYS_REPORT_CLINIC, from, to, &error);
      ms = bench_ms_since (start);
      g_assert_no_error (error);
      infusions = report->infusions;
      total += ms;
      worst = MAX (worst, ms);
    }
  {
    g_autofree char *what = g_strdup_printf ("the clinic report, %s, %u infusions, the worst of %u", name, infusions,
                                             ROUNDS);

    g_print ("the clinic report, %s: %.1f ms on average\n", name, total / ROUNDS);
    bench_report_at_most (what, worst, "ms", 300);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lysning-bench-outcomes-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(LysStore) store = lys_store_open (path, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GArray) patients = NULL;
  g_autoptr(LysDbStmt) stmt = NULL;
  cairo_surface_t *surface;
  LysChartPalette palette;
  double load_total = 0, load_worst = 0, draw_total = 0, draw_worst = 0, draw2_total = 0, draw2_worst = 0;
  guint points = 0;
  GDate from, to, today;
  gint64 start;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_assert_true (lys_demo_seed (store, N_PATIENTS, LYS_DEMO_LONG_HISTORY_YEARS, NULL, &error));
  g_assert_no_error (error);
  g_print ("seeded the demo clinic, %d patients over %d years, in %.1f s\n", N_PATIENTS,
           LYS_DEMO_LONG_HISTORY_YEARS, bench_seconds_since (start));
  g_assert_true (lys_store_update_current_profile (store, "Petra Psykolog", LYS_ROLE_PSYCHOLOGIST, &error));

  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  to = today;
  from = today;
  g_date_subtract_years (&from, LYS_DEMO_LONG_HISTORY_YEARS);
  report_rounds (store, &from, &to, "ten years");
  from = today;
  g_date_subtract_years (&from, 1);
  report_rounds (store, &from, &to, "the last year");

  {
    g_autoptr(GPtrArray) due = NULL;

    start = g_get_monotonic_time ();
    due = lys_store_list_follow_ups (store, 0, &today, 30, &error);
    g_assert_no_error (error);
    g_print ("the follow-up list: %u rows\n", due->len);
    /* Filled after the window's first frame, in one go */
    bench_report_at_most ("the follow-up list, 4000 patients over ten years", bench_ms_since (start), "ms", 100);
  }

  /* The patients with the most ratings: the fullest charts */
  stmt = _lys_store_prepare (store, "SELECT patient_id FROM ratings WHERE scale <> 'cadss' GROUP BY patient_id "
                                    "ORDER BY count (*) DESC LIMIT ?1", &error);
  g_assert_no_error (error);
  lys_db_bind_int (stmt, 1, N_CHARTS);
  patients = _lys_store_collect_ids (store, stmt, &error);
  g_assert_no_error (error);
  /* A statement goes before the store it was made on */
  g_clear_pointer (&stmt, lys_db_stmt_free);

  lys_chart_palette_init (&palette, FALSE);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 720);
  /* The first drawing loads the fonts: once a process, not once a frame */
  {
    g_autoptr(LysOutcomeChart) empty = lys_outcome_chart_new ();
    g_autoptr(GDateTime) at = g_date_time_new_now_local ();
    cairo_t *cr = cairo_create (surface);

    lys_outcome_chart_add_rating (empty, LYS_SCALE_MADRS, LYS_POINT_BASELINE, at, 30);
    start = g_get_monotonic_time ();
    lys_outcome_chart_draw (empty, cr, 800, 360, &palette, NULL);
    g_print ("chart-first-draw: %.2f ms, fonts loaded\n", bench_ms_since (start));
    cairo_destroy (cr);
  }
  for (guint i = 0; i < patients->len; i++)
    {
      gint64 patient = g_array_index (patients, gint64, i);
      g_autoptr(GPtrArray) ratings = NULL;
      g_autoptr(LysOutcomeChart) chart = NULL;
      cairo_t *cr;
      double ms;

      start = g_get_monotonic_time ();
      ratings = lys_store_list_ratings (store, patient, &error);
      chart = lys_store_load_outcome_chart (store, patient, ratings, &error);
      ms = bench_ms_since (start);
      g_assert_no_error (error);
      load_total += ms;
      load_worst = MAX (load_worst, ms);
      points = MAX (points, lys_outcome_chart_get_n_points (chart));

      /* As the widget draws it: 800 × 360, at scale 1 and at scale 2 */
      for (guint scale = 1; scale <= 2; scale++)
        {
          cr = cairo_create (surface);
          cairo_scale (cr, scale, scale);
          start = g_get_monotonic_time ();
          lys_outcome_chart_draw (chart, cr, 800, 360, &palette, NULL);
          cairo_surface_flush (surface);
          ms = bench_ms_since (start);
          cairo_destroy (cr);
          if (scale == 1)
            {
              draw_total += ms;
              draw_worst = MAX (draw_worst, ms);
            }
          else
            {
              draw2_total += ms;
              draw2_worst = MAX (draw2_worst, ms);
            }
        }
    }
  cairo_surface_destroy (surface);

  g_print ("a chart: read in %.2f ms, drawn in %.2f ms, at scale 2 in %.2f ms on average for %u patients "
           "(up to %u ratings)\n", load_total / patients->len, draw_total / patients->len,
           draw2_total / patients->len, patients->len, points);
  bench_report_at_most ("a patient's chart, read, the worst of 200", load_worst, "ms", 16);
  bench_report_at_most ("a patient's chart, drawn at 800x360, the worst of 200", draw_worst, "ms", 16);
  bench_report_at_most ("a patient's chart, drawn at 800x360 at scale 2, the worst of 200", draw2_worst, "ms", 16);

  g_clear_object (&store);
  bench_remove_dir (dir);
  return bench_finish ();
}
