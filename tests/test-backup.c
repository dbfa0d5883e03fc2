/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lys-error.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

/* Backups taken while another process writes, each whole and checked;
 * restores into a new database only, identical to the backup; daily
 * backups pruned to the newest. */

typedef TestFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) booked = g_date_time_new_local (2026, 3, 2, 9, 0, 0);

  test_fixture_open_clinic (f, "backup", booked, TEST_CLINIC_READY);
  test_clinic_become (f->store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);
}


/* Every row of every table, in order: two databases with the same digest
 * hold the same data */
static char *
digest (const char *path)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE "
                                           "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'notes_fts%' "
                                           "ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >, 10);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1", (char *) tables->pdata[i]);

      g_checksum_update (checksum, tables->pdata[i], -1);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const guchar *text = sqlite3_column_text (stmt, c);

            g_checksum_update (checksum, text ? text : (const guchar *) "\\N", -1);
            g_checksum_update (checksum, (const guchar *) "\x1f", 1);
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_strdup (g_checksum_get_string (checksum));
}

static void
assert_owner_only (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* The child: a clinic day's reads and writes, as fast as it can, until killed */
static void
write_forever (const char *path)
{
  g_autoptr(LysStore) store = lys_store_open (path, NULL);
  gint64 patient;

  if (store == NULL || !lys_store_update_current_profile (store, "Nils Sykepleier", LYS_ROLE_NURSE, NULL))
    _exit (2);
  patient = test_clinic_query_int (store, "SELECT min (id) FROM patients");
  for (guint i = 0;; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO staff (name, role, created_at) VALUES "
                                              "('Vikar %u', 'nurse', '2026-03-02T09:00:00Z')", i);

      if (!lys_store_log_patient_read (store, patient, "preparation", NULL))
        _exit (3);
      /* A plain write too, past the audit */
      if (test_clinic_exec (store, sql) != LYS_DB_FAULT_NONE)
        _exit (4);
    }
}

static void
test_backup_while_writing (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 before, after, last_rows = 0;
  pid_t child;
  int status;

  before = test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log");
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    write_forever (f->path);

  /* Let it get going, for ten seconds at most */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log") < before + 50)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (5 * 1000);
      }
  }

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("backup-%u.db", i);
      g_autofree char *target = g_build_filename (f->dir, name, NULL);
      g_autoptr(LysStore) copy = NULL;
      LysBackupResult result;
      LysAuditCheck check;
      gint64 rows;

      g_assert_true (lys_store_backup (f->store, target, &result, &error));
      g_assert_no_error (error);
      assert_owner_only (target);
      g_assert_cmpuint (result.bytes, >, 0);
      g_assert_nonnull (result.audit_head);

      /* Whole, its chain intact, and taken while the log grew */
      g_assert_cmpint (test_raw_int (target, "SELECT count (*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);
      copy = lys_store_open (target, &error);
      g_assert_no_error (error);
      g_assert_true (lys_store_verify_audit (copy, &check, &error));
      g_assert_cmpint (check.broken_id, ==, 0);
      g_assert_cmpstr (check.head, ==, result.audit_head);
      rows = (gint64) check.rows;
      g_assert_cmpint (rows, >, last_rows);
      last_rows = rows;
      /* The writer's two writes are one snapshot apart at most */
      g_assert_cmpint (labs (test_raw_int (target, "SELECT count (*) FROM audit_log WHERE action = 'patient.read' "
                                                   "AND staff_name = 'Nils Sykepleier'") -
                             test_raw_int (target, "SELECT count (*) FROM staff WHERE name LIKE 'Vikar %'")), <=, 1);
      lys_audit_check_clear (&check);
      lys_backup_result_clear (&result);
      g_usleep (20 * 1000);
    }

  kill (child, SIGKILL);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status));

  after = test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log");
  g_assert_cmpint (after, >, last_rows);
  g_assert_cmpint (test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log WHERE action = 'backup.create'"),
                   ==, 8);
}

static void
keep_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* lys_backup_restore_async (), run to its end */
static gboolean
restore_in_worker (const char       *backup,
                   const char       *target,
                   LysBackupResult  *restored,
                   GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  lys_backup_restore_async (backup, target, NULL, keep_result_cb, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);
  return lys_backup_restore_finish (result, restored, error);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *restored = g_build_filename (f->dir, "restored.db", NULL);
  g_autofree char *tampered = g_build_filename (f->dir, "tampered.db", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *before = NULL, *copy = NULL, *back = NULL, *mine = NULL;
  LysBackupResult result;

  /* Over the open database, never */
  g_assert_false (lys_store_backup (f->store, f->path, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_cmpint (test_clinic_exec (f->store, "PRAGMA wal_checkpoint (TRUNCATE)"), ==, LYS_DB_FAULT_NONE);
  before = digest (f->path);
  g_assert_true (lys_store_backup (f->store, backup, NULL, &error));
  g_assert_no_error (error);
  copy = digest (backup);
  /* The backup holds what the database held; the database now also
   * holds the backup's audit row */
  g_assert_cmpstr (copy, ==, before);

  g_assert_true (lys_backup_restore (backup, restored, &result, &error));
  g_assert_no_error (error);
  assert_owner_only (restored);
  back = digest (restored);
  g_assert_cmpstr (back, ==, copy);
  lys_backup_result_clear (&result);

  /* The same in a worker, as the window restores */
  {
    g_autofree char *in_worker = g_build_filename (f->dir, "in-worker.db", NULL);
    g_autofree char *worked = NULL;

    g_assert_true (restore_in_worker (backup, in_worker, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (result.audit_rows, >, 0);
    g_assert_nonnull (result.audit_head);
    lys_backup_result_clear (&result);
    assert_owner_only (in_worker);
    worked = digest (in_worker);
    g_assert_cmpstr (worked, ==, copy);
    g_assert_false (restore_in_worker (backup, in_worker, NULL, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_EXISTS);
    g_clear_error (&error);
  }

  /* Into a file that exists: refused, and the file is as it was */
  mine = digest (f->path);
  g_assert_false (lys_backup_restore (backup, f->path, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (lys_backup_restore (backup, restored, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_EXISTS);
  g_clear_error (&error);
  {
    g_autofree char *still = digest (f->path);

    g_assert_cmpstr (still, ==, mine);
  }

  /* Not a database, or one whose audit log was changed: nothing restored */
  g_assert_true (g_file_set_contents (text, "section,measure\n", -1, NULL));
  g_assert_false (lys_backup_restore (text, other, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));

  g_assert_true (lys_backup_restore (backup, tampered, NULL, &error));
  g_assert_cmpint (test_raw_tamper (tampered, "audit_log_no_update",
                                    "UPDATE audit_log SET staff_name = 'Noen' WHERE id = 2"), ==, SQLITE_OK);
  g_assert_false (lys_backup_restore (tampered, other, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "row 2"));
  g_clear_error (&error);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));

  /* A protection trigger dropped, one changed, or a schema this version
   * does not write: nothing restored */
  {
    const struct { const char *name; const char *sql; const char *says; } cases[] = {
      { "no-trigger.db", "DROP TRIGGER notes_signed_immutable", "notes_signed_immutable" },
      { "weak-trigger.db", "DROP TRIGGER audit_log_no_delete; CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON "
                           "audit_log WHEN 0 BEGIN SELECT RAISE (ABORT, 'no'); END", "audit_log_no_delete" },
      { "extra-trigger.db", "CREATE TRIGGER quiet AFTER INSERT ON patients BEGIN SELECT 1; END", "quiet" },
      { "future.db", "PRAGMA user_version = 99", "schema 99" },
      { "unversioned.db", "PRAGMA user_version = 0", "schema 0" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *changed = g_build_filename (f->dir, cases[i].name, NULL);

        g_assert_true (lys_backup_restore (backup, changed, NULL, &error));
        g_assert_cmpint (test_raw_exec (changed, cases[i].sql, NULL), ==, SQLITE_OK);
        g_assert_false (lys_backup_restore (changed, other, NULL, &error));
        g_assert_nonnull (error);
        g_assert_nonnull (strstr (error->message, cases[i].says));
        g_clear_error (&error);
        g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
      }
  }

  /* No temporary file is left behind */
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_null (strstr (name, ".db."));
  }
}

static void
test_daily (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 12, 1, 23, 30, 0);
  g_autoptr(GPtrArray) removed = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *name = lys_backup_dup_daily_name (day);
  g_autofree char *other = g_build_filename (folder, "keep-me.db", NULL);

  g_assert_cmpstr (name, ==, "lysning-backup-2026-12-01.db");
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (lys_backup_is_due (folder, day, &error));
  for (guint i = 1; i <= 9; i++)
    {
      g_autoptr(GDateTime) earlier = g_date_time_add_days (day, -(int) i);
      g_autofree char *daily = lys_backup_dup_daily_name (earlier);
      g_autofree char *path = g_build_filename (folder, daily, NULL);

      g_assert_true (g_file_set_contents (path, "", 0, NULL));
    }
  g_assert_true (g_file_set_contents (other, "", 0, NULL));
  {
    g_autofree char *path = g_build_filename (folder, name, NULL);

    g_assert_true (lys_store_backup (f->store, path, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_false (lys_backup_is_due (folder, day, &error));

  /* Through the store, on the store's day: written once a day */
  {
    gboolean written = FALSE;
    g_autofree char *fresh = g_build_filename (f->dir, "daily", NULL);

    _lys_store_set_clock (f->store, day);
    g_assert_true (lys_store_backup_daily (f->store, fresh, 7, &written, &error));
    g_assert_no_error (error);
    g_assert_true (written);
    g_assert_true (lys_store_backup_daily (f->store, fresh, 7, &written, &error));
    g_assert_false (written);
    _lys_store_set_clock (f->store, NULL);
  }

  /* The newest seven stay, and files of other names */
  removed = lys_backup_prune (folder, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed->len, ==, 3);
  g_assert_cmpstr (removed->pdata[0], ==, "lysning-backup-2026-11-22.db");
  g_assert_cmpstr (removed->pdata[2], ==, "lysning-backup-2026-11-24.db");
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  {
    g_autofree char *newest = g_build_filename (folder, name, NULL);

    g_assert_true (g_file_test (newest, G_FILE_TEST_EXISTS));
  }
}

/* Seconds since the file's last full check passed, as it keeps it */
static gint64
seconds_since_checked (const char *path)
{
  return test_raw_int (path, "SELECT coalesce (unixepoch ('now') - unixepoch (value), -1) FROM meta "
                             "WHERE key = 'integrity-checked' UNION ALL SELECT -1 LIMIT 1");
}

/* A backup checks every page of its copy when the file's last full check
 * is a week old or more, missing or in the future, and leaves it to the
 * window's check otherwise; a damaged file then gives no backup */
static void
test_weekly_check (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = g_build_filename (f->dir, "first.db", NULL);
  g_autofree char *second = g_build_filename (f->dir, "second.db", NULL);
  g_autofree char *third = g_build_filename (f->dir, "third.db", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *target = g_build_filename (f->dir, "from-damaged.db", NULL);
  LysBackupResult result;

  /* Never checked: the backup checks its copy, and that is the file's check */
  g_assert_cmpint (seconds_since_checked (f->path), ==, -1);
  g_assert_true (lys_store_backup (f->store, first, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.checked_whole);
  lys_backup_result_clear (&result);
  g_assert_cmpint (seconds_since_checked (f->path), >=, 0);
  g_assert_cmpint (seconds_since_checked (f->path), <, 60);

  /* Checked a moment ago: the copy's pages are not read again */
  g_assert_true (lys_store_backup (f->store, second, &result, &error));
  g_assert_no_error (error);
  g_assert_false (result.checked_whole);
  lys_backup_result_clear (&result);

  /* A week and a day ago, or tomorrow: checked again */
  {
    const char *when[] = { "-8 days", "+1 day" };

    for (guint i = 0; i < G_N_ELEMENTS (when); i++)
      {
        g_autofree char *sql = g_strdup_printf ("UPDATE meta SET value = strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', '%s') "
                                                "WHERE key = 'integrity-checked'", when[i]);

        g_assert_cmpint (test_clinic_exec (f->store, sql), ==, LYS_DB_FAULT_NONE);
        g_assert_true (lys_store_backup (f->store, third, &result, &error));
        g_assert_no_error (error);
        g_assert_true (result.checked_whole);
        lys_backup_result_clear (&result);
        g_assert_cmpint (seconds_since_checked (f->path), <, 60);
      }
  }

  /* The window's check writes the time down too */
  g_assert_cmpint (test_clinic_exec (f->store, "DELETE FROM meta WHERE key = 'integrity-checked'"), ==, LYS_DB_FAULT_NONE);
  g_assert_true (lys_store_check_integrity (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seconds_since_checked (f->path), >=, 0);

  /* A file damaged since its check a week ago: no backup of it */
  {
    g_autofree char *whole = NULL;
    gsize size;
    gint64 page, page_size;

    g_assert_cmpint (test_raw_exec (first, "INSERT OR REPLACE INTO meta (key, value) VALUES ('integrity-checked', "
                                           "strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-7 days'))", NULL), ==, SQLITE_OK);
    g_assert_true (g_file_get_contents (first, &whole, &size, NULL));
    page = test_raw_int (first, "SELECT rootpage FROM sqlite_schema WHERE name = 'patients'");
    page_size = test_raw_int (first, "PRAGMA page_size");
    g_assert_cmpint (page, >, 1);
    for (gint64 i = (page - 1) * page_size + 8; i < page * page_size; i++)
      whole[i] = (char) (i * 7919);
    g_assert_true (g_file_set_contents (damaged, whole, size, NULL));
    g_assert_false (lys_backup_copy (damaged, target, &result, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_CORRUPT);
    g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  }
}

/* The caller gone while the backup is written (the window closed): the
 * backup is in place and in the audit log all the same; the caller is told
 * it was cancelled */
static void
on_backup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  GError **error = data;

  g_assert_false (lys_store_backup_finish (LYS_STORE (source), result, NULL, error));
}

static void
test_cancelled_caller (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (f->dir, "left-behind.db", NULL);
  GError *error = NULL;
  gint64 before = test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log WHERE action = 'backup.create'");
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  lys_store_backup_async (f->store, path, cancellable, on_backup_done_cb, &error);
  g_cancellable_cancel (cancellable);
  while (error == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (test_raw_int (path, "SELECT count (*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);
  g_assert_cmpint (test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log WHERE action = 'backup.create'"),
                   ==, before + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Backups are copies of SQLite's file */
  if (test_clinic_on_server ())
    {
      g_print ("1..0 # SKIP a server clinic is backed up with the server's tools\n");
      return 0;
    }

  TEST_ADD_SHARED ("/backup/while-writing", test_backup_while_writing);
  TEST_ADD_SHARED ("/backup/restore", test_restore);
  TEST_ADD_SHARED ("/backup/weekly-check", test_weekly_check);
  TEST_ADD_SHARED ("/backup/daily", test_daily);
  TEST_ADD_SHARED ("/backup/cancelled-caller", test_cancelled_caller);

  return g_test_run ();
}
