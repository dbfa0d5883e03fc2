/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "lys-demo.h"
#include "lys-report-window.h"
#include "lys-window.h"
#include "test-clinic.h"
#include "test-gui.h"
#include "test-raw.h"

/* The window keeps drawing while the long work runs: on a ten-year clinic
 * of 4,000 patients, a 60 fps frame clock goes on ticking, with no gap
 * over 100 ms, while a backup and the clinic report are made. */

/* Under the sanitizers every instruction costs several: what is checked
 * there is that nothing leaks or misbehaves, the time only loosely, on a
 * smaller clinic of the same ten years */
#ifdef __SANITIZE_ADDRESS__
#define N_PATIENTS 1000
#define SLOWER 5
#else
#define N_PATIENTS 4000
#define SLOWER 1
#endif
#define LONGEST_GAP_US (SLOWER * 100 * 1000)

/* The longest gap allowed between two frames. With full allocation stacks
 * (build-aux/dev test's GUI run under ASan) every allocation walks the
 * stack, on the window's thread as on the worker's, and a frame of the
 * window takes as long as the allocations in it: there the window is
 * checked only to keep drawing, not to keep to a frame rate. */
static gint64
longest_gap_us (void)
{
  const char *asan = g_getenv ("ASAN_OPTIONS");

  if (asan != NULL && strstr (asan, "fast_unwind_on_malloc=0") != NULL)
    return 50 * LONGEST_GAP_US;
  return LONGEST_GAP_US;
}

static LysStore *store;
static char *dir;

typedef struct
{
  gint64 last;      /* the last frame seen, monotonic µs */
  gint64 longest;   /* the longest gap between two frames since reset */
  guint frames;
} Frames;

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  Frames *frames = data;
  gint64 now = g_get_monotonic_time ();

  if (frames->last != 0)
    frames->longest = MAX (frames->longest, now - frames->last);
  frames->last = now;
  frames->frames++;
  /* Asks for the next frame: the clock ticks on as in an animation */
  return G_SOURCE_CONTINUE;
}

static void
reset (Frames *frames)
{
  /* Past the frames already waiting */
  spin (100);
  frames->last = 0;
  frames->longest = 0;
  frames->frames = 0;
}

/* spin_until () with room for a large clinic's work */
static void
wait_until (gboolean (*done) (gpointer),
            gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + SLOWER * 30 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Whether the backup is logged: the file is asked every 50 ms, not at
 * every turn of the main loop, so the test's own queries on the main
 * thread do not take the frames it measures */
static gboolean
backups_logged (gpointer data)
{
  static gint64 next = 0;
  gint64 now = g_get_monotonic_time ();

  if (now < next)
    return FALSE;
  next = now + 50 * 1000;
  return test_raw_int (lys_store_get_path (store), "SELECT count (*) FROM audit_log WHERE action = 'backup.create'")
         >= *(gint64 *) data;
}

static gboolean
report_counted (gpointer window)
{
  return !lys_report_window_is_counting (window) && lys_report_window_get_report (window) != NULL;
}

static void
test_keeps_drawing (void)
{
  g_autofree char *backup_path = g_build_filename (dir, "backup.db", NULL);
  g_autoptr(GFile) backup = g_file_new_for_path (backup_path);
  Frames frames = { 0 };
  GtkWidget *window, *report;
  gint64 started, backups;

  window = GTK_WIDGET (lys_window_new (NULL, store));
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (patients_listed, window);
  gtk_widget_add_tick_callback (window, on_tick_cb, &frames, NULL);

  /* A backup by hand: the copy and its check in a worker; the check of
   * every page is due (it runs once a week), the longest a backup takes */
  g_assert_cmpint (test_raw_exec (lys_store_get_path (store), "DELETE FROM meta WHERE key = 'integrity-checked'", NULL),
                   ==, SQLITE_OK);
  reset (&frames);
  backups = test_raw_int (lys_store_get_path (store), "SELECT count (*) FROM audit_log WHERE action = 'backup.create'") + 1;
  started = g_get_monotonic_time ();
  lys_backups_backup_to (lys_window_get_backups (LYS_WINDOW (window)), backup);
  wait_until (backups_logged, &backups);
  g_test_message ("backup: %.0f ms, %u frames, the longest gap %.0f ms", (g_get_monotonic_time () - started) / 1000.0,
                  frames.frames, frames.longest / 1000.0);
  g_assert_true (g_file_test (backup_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (frames.frames, >=, 3);
  g_assert_cmpint (frames.longest, <=, longest_gap_us ());

  /* The clinic report of the ten years: counted in a worker */
  reset (&frames);
  started = g_get_monotonic_time ();
  report = GTK_WIDGET (lys_window_show_report (LYS_WINDOW (window)));
  gtk_widget_add_tick_callback (report, on_tick_cb, &frames, NULL);
  wait_until (report_counted, report);
  g_test_message ("report: %.0f ms, %u frames, the longest gap %.0f ms", (g_get_monotonic_time () - started) / 1000.0,
                  frames.frames, frames.longest / 1000.0);
  g_assert_cmpuint (lys_report_window_get_report (LYS_REPORT_WINDOW (report))->infusions, >, 0);
  g_assert_cmpint (frames.longest, <=, longest_gap_us ());

  gtk_window_destroy (GTK_WINDOW (report));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status;

  test_gui_init (&argc, &argv);

  store = test_clinic_open_demo ("responsive", N_PATIENTS, LYS_DEMO_LONG_HISTORY_YEARS, &dir, &path);
  test_clinic_become (store, "Kari Berg", LYS_ROLE_PHYSICIAN);

  g_test_add_func ("/gui/responsive/keeps-drawing", test_keeps_drawing);
  status = g_test_run ();

  test_clinic_close (&store, &dir, &path);
  return status;
}
