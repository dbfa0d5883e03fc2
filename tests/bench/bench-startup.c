/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bench.h"
#include "lys-application.h"

/* Lysning's first painted frame on a ten-year clinic against an empty
 * libadwaita window of the same size, each in a process of its own,
 * started in turn: the time from the start of the process to the end of
 * its first frame, as the process says it, and the memory it holds then
 * (peak resident set).
 * Targets: within 1.25x of the empty window whatever the clinic's size,
 * memory within 1.5x. */

#define RUNS 7

/* In the child: the first frame painted, then how long it took is the
 * parent's to see; the peak memory so far is the child's to say */
static void
on_after_paint_cb (GdkFrameClock  *clock,
                   GApplication   *app)
{
  g_autofree char *status = NULL;
  const char *line;
  guint64 kib = 0;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmHWM:")) != NULL)
    kib = g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
  g_print ("painted %" G_GUINT64_FORMAT "\n", kib);
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, app);
  g_application_quit (app);
}

static void
on_realize_cb (GtkWidget    *window,
               GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint_cb), app);
}

static void
on_window_added_cb (GtkApplication *app,
                    GtkWindow      *window)
{
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_realize_cb (GTK_WIDGET (window), G_APPLICATION (app));
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), app);
}

static void
on_activate_empty_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_child (const char *database)
{
  g_autoptr(GApplication) app = NULL;
  char *argv[] = { (char *) "lysning", NULL };

  if (database != NULL)
    app = G_APPLICATION (lys_application_new (database, FALSE));
  else
    {
      app = G_APPLICATION (adw_application_new ("no.lysning.BenchEmpty", G_APPLICATION_NON_UNIQUE));
      g_signal_connect (app, "activate", G_CALLBACK (on_activate_empty_cb), NULL);
    }
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added_cb), NULL);
  return g_application_run (app, 1, argv);
}

/* Seconds from the start of the process to its first frame (when it says
 * so, not when it has gone: closing is not starting), and its peak memory
 * in KiB then */
static void
time_child (const char *self,
            const char *database,
            double     *seconds,
            double     *kib)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *option = database ? g_strconcat ("--child-lysning=", database, NULL) : g_strdup ("--child-empty");
  g_autofree char *line = NULL;
  gint64 start = g_get_monotonic_time ();

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self, option, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  *seconds = bench_seconds_since (start);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "painted "));
  *kib = g_ascii_strtod (line + strlen ("painted "), NULL);
  g_assert_true (g_subprocess_wait_check (child, NULL, &error));
  g_assert_no_error (error);
}

static void
measure (const char *self,
         const char *database,
         guint       patients)
{
  double lysning[RUNS], empty[RUNS], lysning_kib[RUNS], empty_kib[RUNS];
  g_autofree char *what = NULL;

  /* Interleaved, the first two of each thrown away: the page cache and
   * the shader cache warm for both */
  for (int i = -2; i < RUNS; i++)
    {
      double s, k;

      time_child (self, NULL, &s, &k);
      if (i >= 0)
        empty[i] = s, empty_kib[i] = k;
      time_child (self, database, &s, &k);
      if (i >= 0)
        lysning[i] = s, lysning_kib[i] = k;
    }

  what = g_strdup_printf ("start-up, %u patients: first frame", patients);
  bench_report_ratio (what, bench_median (lysning, RUNS), bench_median (empty, RUNS), "s",
                      "an empty libadwaita window", 1.25);
  g_free (what);
  what = g_strdup_printf ("start-up, %u patients: peak memory at the first frame", patients);
  bench_report_ratio (what, bench_median (lysning_kib, RUNS) / 1024, bench_median (empty_kib, RUNS) / 1024, "MiB",
                      "an empty libadwaita window", 1.5);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  const guint sizes[] = { 400, 4000, 20000 };

  if (argc == 2 && g_str_equal (argv[1], "--child-empty"))
    return run_child (NULL);
  if (argc == 2 && g_str_has_prefix (argv[1], "--child-lysning="))
    return run_child (argv[1] + strlen ("--child-lysning="));

  dir = g_dir_make_tmp ("lysning-bench-XXXXXX", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("clinic-%u.db", sizes[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *database = g_strconcat ("--database=", path, NULL);
      g_autofree char *seed = g_strdup_printf ("--seed-demo=%u", sizes[i]);
      const char *seeder[] = { g_getenv ("LYSNING_BINARY"), database, seed, NULL };
      int status;

      /* Seeded as a clinic seeds it: the app's own command */
      g_assert_true (g_spawn_sync (NULL, (char **) seeder, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                                   &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      measure (argv[0], path, sizes[i]);
    }
  bench_remove_dir (dir);
  return bench_finish ();
}
