/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench.h"
#include "lys-registry-export.h"
#include "lys-store.h"

/* The registry export as a clinic runs it, lysning --export-registry in a
 * process of its own, on clinics of 400, 4,000 and 20,000 patients: its
 * peak memory (the resident set the kernel counts for the child) grows
 * with the file SQLite maps and nothing else. Target: the memory beyond
 * the file at 20,000 patients within 1.25x of that at 400. Also: the
 * export window's summary of the ten-year clinic, counted again as a
 * choice changes, against the export itself (target: at most a tenth). */

#define RUNS 3

/* The peak memory of a child running @argv, in MiB */
static double
peak_mib (const char * const *argv)
{
  struct rusage usage;
  int status;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      dup2 (null, STDOUT_FILENO);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return usage.ru_maxrss / 1024.0;
}

/* A clinic of @patients, seeded by the app's own command, and a clinician
 * to export it */
static char *
seed (const char *dir,
      guint       patients)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("clinic-%u.db", patients);
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *database = g_strconcat ("--database=", path, NULL);
  g_autofree char *count = g_strdup_printf ("--seed-demo=%u", patients);
  const char *seeder[] = { g_getenv ("LYSNING_BINARY"), database, count, NULL };
  g_autoptr(LysStore) store = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) seeder, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  store = lys_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (lys_store_update_current_profile (store, "Benk Mark", LYS_ROLE_PHYSICIAN, &error));
  return path;
}

/* The export's peak memory beyond the database file, the median of RUNS */
static double
memory_beyond_file (const char *dir,
                    const char *path,
                    guint       patients)
{
  g_autofree char *database = g_strconcat ("--database=", path, NULL);
  g_autofree char *out = g_build_filename (dir, "registry.xml", NULL);
  g_autofree char *target = g_strconcat ("--export-registry=", out, NULL);
  const char *export[] = { g_getenv ("LYSNING_BINARY"), database, target, "--from=2000-01-01", NULL };
  double peaks[RUNS];
  GStatBuf st;
  double file_mib, peak;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  file_mib = st.st_size / (1024.0 * 1024.0);
  for (guint i = 0; i < RUNS; i++)
    peaks[i] = peak_mib (export);
  peak = bench_median (peaks, RUNS);
  g_print ("registry export, %u patients: peak memory %.1f MiB with a file of %.1f MiB\n", patients, peak, file_mib);
  return peak - file_mib;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("lysning-bench-XXXXXX", NULL);
  const guint sizes[] = { 400, 4000, 20000 };
  double beyond[G_N_ELEMENTS (sizes)];
  g_autofree char *ten_years = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = seed (dir, sizes[i]);

      beyond[i] = memory_beyond_file (dir, path, sizes[i]);
      if (sizes[i] == 4000)
        ten_years = g_steal_pointer (&path);
    }
  bench_report_ratio ("registry export: peak memory beyond the file at 4000 patients", beyond[1], beyond[0], "MiB",
                      "400 patients", 1.25);
  bench_report_ratio ("registry export: peak memory beyond the file at 20000 patients", beyond[2], beyond[0], "MiB",
                      "400 patients", 1.25);

  /* The export window's summary against the export it summarises */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LysStore) store = lys_store_open (ten_years, &error);
    g_autofree char *out = g_build_filename (dir, "registry.xml", NULL);
    LysExportOptions options = { NULL, NULL, LYS_EXPORT_ALL_COURSES, FALSE };
    g_autoptr(LysRegistryExport) export = NULL;
    double counts[RUNS], runs[RUNS];
    LysExportSummary summary;

    g_assert_no_error (error);
    export = lys_registry_export_new (store, &options, &error);
    g_assert_no_error (error);
    g_assert_true (lys_registry_export_count (export, &summary, &error));
    for (guint i = 0; i < RUNS; i++)
      {
        gint64 start = g_get_monotonic_time ();

        g_assert_true (lys_registry_export_count (export, &summary, &error));
        counts[i] = bench_seconds_since (start);
        start = g_get_monotonic_time ();
        g_assert_true (lys_registry_export_run (export, out, NULL, NULL, NULL, &summary, &error));
        runs[i] = bench_seconds_since (start);
        g_assert_no_error (error);
      }
    bench_report_ratio ("the export window's summary, 4000 patients over ten years", bench_median (counts, RUNS),
                        bench_median (runs, RUNS), "s", "the export itself", 0.1);
  }

  bench_remove_dir (dir);
  return bench_finish ();
}
