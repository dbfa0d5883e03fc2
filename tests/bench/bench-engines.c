/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <unistd.h>

#include "bench.h"
#include "lys-db-postgresql.h"
#include "lys-demo.h"
#include "lys-note-search.h"
#include "lys-registry-export.h"
#include "lys-report.h"
#include "lys-store-private.h"
#include "lys-store.h"

/* The store's work on PostgreSQL against the same on SQLite, the server on
 * this machine over its Unix socket (build-aux/dev bench runs the
 * benchmarks inside a throwaway cluster that lets local logins in; PGPORT
 * says which), a
 * clinic of 1,000 patients with ten years of history on each: seeding, the
 * patient list, an induction plan, a week of bookings, the note search,
 * the registry export and the clinic report. Each a median; the server's
 * within twice SQLite's. */

#define N_PATIENTS 1000
#define RUNS 7

typedef enum
{
  SEEDING,
  PATIENT_LIST,
  PLAN,
  WEEK,
  SEARCH,
  EXPORT,
  REPORT,
  N_FIGURES
} Figure;

static const char *figure_names[N_FIGURES] = {
  "seeding 1000 patients, ten years",
  "the patient list, opened",
  "an induction plan proposed",
  "a week of bookings",
  "the note search, a word as typed",
  "the registry export",
  "the clinic report, a year",
};

static double
median_of (double (*measure) (LysStore *, gpointer),
           LysStore *store,
           gpointer  data)
{
  double runs[RUNS];

  /* The first warms the caches */
  measure (store, data);
  for (guint i = 0; i < RUNS; i++)
    runs[i] = measure (store, data);
  return bench_median (runs, RUNS);
}

static double
open_patient_list (LysStore *unused,
                   gpointer  path)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LysStore) store = lys_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (lys_store_get_patients (store)), >=, N_PATIENTS);
  return bench_seconds_since (start);
}

static double
propose_plan (LysStore *store,
              gpointer  patient)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* Past the waiting list the demo books ahead */
  g_autoptr(GDateTime) earliest = g_date_time_add_days (now, 365);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LysPlan) plan = lys_store_propose_induction_plan (store, GPOINTER_TO_SIZE (patient), earliest,
                                                              LYS_WEEKDAYS_WORKING, LYS_DAY_PART_ANY, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return bench_seconds_since (start);
}

static double
load_week (LysStore *store,
           gpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) monday = g_date_time_add_days (now, 1 - g_date_time_get_day_of_week (now));
  g_autoptr(GDateTime) until = g_date_time_add_days (monday, 7);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GListModel) week = lys_store_list_bookings (store, monday, until, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (week), >, 0);
  return bench_seconds_since (start);
}

static double
search_notes (LysStore *store,
              gpointer  search)
{
  static const char *typed[] = { "so", "sov", "søvn", "ang", "angst", "kropp" };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(GPtrArray) hits = lys_note_search_run (search, typed[i], LYS_NOTE_SEARCH_NEWEST, 20, NULL, &error);

      g_assert_no_error (error);
    }
  return bench_seconds_since (start) / G_N_ELEMENTS (typed);
}

static double
export_registry (LysStore *store,
                 gpointer  out)
{
  g_autoptr(GError) error = NULL;
  LysExportOptions options = { NULL, NULL, LYS_EXPORT_ALL_COURSES, FALSE };
  g_autoptr(LysRegistryExport) export = lys_registry_export_new (store, &options, &error);
  LysExportSummary summary;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  g_assert_true (lys_registry_export_run (export, out, NULL, NULL, NULL, &summary, &error));
  g_assert_no_error (error);
  return bench_seconds_since (start);
}

static double
make_report (LysStore *store,
             gpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate from, to;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LysReport) report = NULL;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&to, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  from = to;
  g_date_subtract_years (&from, 1);
  report = lys_report_compute (store, LYS_REPORT_CLINIC, &from, &to, &error);
  g_assert_no_error (error);
  return bench_seconds_since (start);
}

/* Every figure on the clinic at @path */
static void
measure (const char *path,
         const char *dir,
         double     *figures)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (path, &error);
  g_autoptr(LysNoteSearch) search = NULL;
  g_autoptr(LysPatient) patient = NULL;
  g_autofree char *out = g_build_filename (dir, "registry.xml", NULL);
  g_autofree char *ready = NULL;
  gint64 start;

  g_assert_no_error (error);
  g_assert_true (lys_store_update_current_profile (store, "Benk Mark", LYS_ROLE_PHYSICIAN, &error));
  start = g_get_monotonic_time ();
  g_assert_true (lys_demo_seed (store, N_PATIENTS, LYS_DEMO_LONG_HISTORY_YEARS, NULL, &error));
  g_assert_no_error (error);
  figures[SEEDING] = bench_seconds_since (start);

  /* A referral ready for its induction */
  patient = g_object_new (LYS_TYPE_PATIENT, "national-id", "02027512367", "given-name", "Bente",
                          "family-name", "Benk", NULL);
  g_assert_true (lys_store_add_patient (store, patient, &error));
  ready = g_strdup_printf ("UPDATE courses SET phase = 'induction' WHERE patient_id = %" G_GINT64_FORMAT,
                           lys_patient_get_id (patient));
  g_assert_true (lys_db_exec (_lys_store_get_db (store), ready, NULL));

  figures[PATIENT_LIST] = median_of (open_patient_list, NULL, (gpointer) path);
  figures[PLAN] = median_of (propose_plan, store, GSIZE_TO_POINTER (lys_patient_get_id (patient)));
  figures[WEEK] = median_of (load_week, store, NULL);
  search = lys_note_search_new (store);
  figures[SEARCH] = median_of (search_notes, store, search);
  figures[EXPORT] = median_of (export_registry, store, out);
  figures[REPORT] = median_of (make_report, store, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("lysning-bench-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *server = g_strdup_printf ("postgresql:///lysning_bench_%d", (int) getpid ());
  g_autofree char *create = NULL;
  g_autofree char *drop = NULL;
  g_autofree char *message = NULL;
  g_autoptr(LysDb) maintenance = lys_db_postgresql_connect ("dbname=postgres", &message, NULL);
  double sqlite[N_FIGURES], postgresql[N_FIGURES];

  if (maintenance == NULL)
    {
      g_print ("no PostgreSQL server to measure against (%s): run the benchmarks with build-aux/dev bench\n", message);
      return 77;
    }
  create = g_strdup_printf ("CREATE DATABASE %s", server + strlen ("postgresql:///"));
  drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", server + strlen ("postgresql:///"));
  g_assert_true (lys_db_exec (maintenance, create, NULL));

  measure (file, dir, sqlite);
  measure (server, dir, postgresql);
  for (guint i = 0; i < N_FIGURES; i++)
    {
      g_autofree char *what = g_strdup_printf ("on PostgreSQL: %s", figure_names[i]);

      g_print ("%s: SQLite %.1f ms, PostgreSQL %.1f ms\n", figure_names[i], sqlite[i] * 1000, postgresql[i] * 1000);
      bench_report_ratio (what, postgresql[i] * 1000, sqlite[i] * 1000, "ms", "SQLite", 2);
    }

  lys_db_exec (maintenance, drop, NULL);
  bench_remove_dir (dir);
  return bench_finish ();
}
