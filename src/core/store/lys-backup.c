/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include "lys-i18n.h"
#include <glib/gstdio.h>

#include "lys-audit-chain.h"
#include "lys-backup.h"
#include "lys-db-sqlite.h"
#include "lys-output-file.h"
#include "lys-error.h"
#include "lys-store-private.h"

#define LYS_APPLICATION_ID 0x4C59534E
#define DAILY_PREFIX "lysning-backup-"
#define DAILY_SUFFIX ".db"

void
lys_backup_result_clear (LysBackupResult *result)
{
  g_clear_pointer (&result->audit_head, g_free);
}

/**
 * lys_backup_result_dup_unchecked:
 *
 * Returns: (transfer full) (nullable): what a restore could not check, in
 *   a sentence, or %NULL when it checked all of it
 */
char *
lys_backup_result_dup_unchecked (const LysBackupResult *result)
{
  g_autofree char *rows = NULL;
  g_autofree char *folder = NULL;

  if (result->audit_unchecked == 0)
    return NULL;
  rows = g_strdup_printf ("%" G_GUINT64_FORMAT, result->audit_unchecked);
  folder = g_build_filename (g_get_user_data_dir (), "lysning", "keys", NULL);
  /* Translators: %1$s is how many rows, %2$s a folder */
  return g_strdup_printf (_("%1$s rows of its audit log are linked with a key that is not on this computer and could "
                            "not be checked. Copy the clinic’s key files into %2$s and run lysning --verify-audit on "
                            "the restored database."),
                          rows, folder);
}

static gboolean
fail (GError     **error,
      int          code,
      const char  *path,
      const char  *reason)
{
  g_autofree char *display = g_filename_display_name (path);

  /* Translators: %1$s is a file name, %2$s what is wrong */
  g_set_error (error, LYS_ERROR, code, _("%1$s: %2$s"), display, reason);
  return FALSE;
}

static gboolean
query_text (LysDb       *db,
            const char  *sql,
            char       **text)
{
  LysDbStmt *stmt = NULL;
  gboolean ok = FALSE;

  stmt = lys_db_prepare (db, sql, NULL);
  if (stmt != NULL && lys_db_step (stmt) == LYS_DB_ROW)
    {
      *text = _lys_column_dup (stmt, 0);
      ok = TRUE;
    }
  lys_db_stmt_free (stmt);
  return ok;
}

/* Whether the copy's pages are to be checked one by one. The check takes
 * as long as the file is big (six times the copy itself), so a backup
 * leaves it to the window, which runs it at each start and writes down
 * when it passed: a backup checks every page when that is missing, a week
 * old or more, or in the future. A restore always checks: the file comes
 * from elsewhere. */
static gboolean
needs_full_check (LysDb *db)
{
  g_autofree char *checked = NULL;
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan age;

  if (!query_text (db, "SELECT value FROM meta WHERE key = 'integrity-checked'", &checked) || checked == NULL ||
      (then = g_date_time_new_from_iso8601 (checked, NULL)) == NULL)
    return TRUE;
  now = g_date_time_new_now_utc ();
  age = g_date_time_difference (now, then);
  return age < 0 || age >= LYS_BACKUP_CHECK_DAYS * G_TIME_SPAN_DAY;
}

/* A Lysning database, whole, with an audit log that holds */
static gboolean
check_copy (LysDb            *db,
            const char       *path,
            gboolean          restoring,
            LysBackupResult  *result,
            GError          **error)
{
  g_autofree char *integrity = NULL;
  g_autofree char *app_id = NULL;
  LysAuditCheck check;
  gboolean whole;

  if (!query_text (db, "PRAGMA application_id", &app_id) ||
      g_ascii_strtoll (app_id, NULL, 10) != LYS_APPLICATION_ID)
    return fail (error, LYS_ERROR_NOT_A_DATABASE, path, _("this is not a Lysning database."));
  whole = restoring || needs_full_check (db);
  if (whole && (!query_text (db, "PRAGMA integrity_check (1)", &integrity) || g_strcmp0 (integrity, "ok") != 0))
    return fail (error, LYS_ERROR_CORRUPT, path, _("the copy is damaged (the integrity check failed)."));
  /* What is restored is opened and written to: it must be as Lysning
   * writes it */
  if (restoring && !lys_store_check_copy (db, path, error))
    return FALSE;
  if (!lys_audit_chain_verify (db, &check, error))
    return FALSE;
  if (check.broken_id != 0)
    {
      g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, check.broken_id);
      /* Translators: %s is a row number */
      g_autofree char *reason = g_strdup_printf (_("its audit log is broken at row %s; it was changed outside Lysning."), row);

      lys_audit_check_clear (&check);
      return fail (error, LYS_ERROR_CORRUPT, path, reason);
    }
  if (result != NULL)
    {
      result->audit_rows = check.rows;
      result->audit_unchecked = check.unchecked;
      result->audit_head = g_steal_pointer (&check.head);
      result->audit_head_id = check.head_id;
      result->checked_whole = whole;
    }
  lys_audit_check_clear (&check);
  return TRUE;
}

static gboolean
sync_file (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* Copies @from into a new owner-only file beside @target, checks it, and
 * moves it over @target (or, @restoring, only where nothing is, once it
 * is as Lysning writes a database) */
static gboolean
copy_checked (const char       *from,
              const char       *target,
              gboolean          restoring,
              LysBackupResult  *result,
              GError          **error)
{
  g_autofree char *temporary = NULL;
  sqlite3 *source = NULL, *copy = NULL;
  LysDb *checked = NULL;
  sqlite3_backup *backup;
  GStatBuf st;
  gboolean ok;
  int fd, rc;

  if (result != NULL)
    memset (result, 0, sizeof *result);

  /* Never over the database copied, its working files, or anything but a
   * file; a copy a killed backup left beside the target goes */
  lys_output_protect (from);
  ok = lys_output_check_target (target, error);
  lys_output_unprotect (from);
  if (!ok)
    return FALSE;
  ok = FALSE;
  lys_output_remove_stale (target);

  /* SQLite writes the copy by name: a hidden one beside the target */
  temporary = lys_output_temporary_path (target);
  fd = g_mkstemp_full (temporary, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    return fail (error, LYS_ERROR_IO, target, g_strerror (errno));
  close (fd);

  if (sqlite3_open_v2 (from, &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
    {
      fail (error, LYS_ERROR_IO, from, source ? sqlite3_errmsg (source) : g_strerror (ENOMEM));
      goto out;
    }
  sqlite3_busy_timeout (source, 5000);
  if (sqlite3_open_v2 (temporary, &copy, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      fail (error, LYS_ERROR_IO, target, copy ? sqlite3_errmsg (copy) : g_strerror (ENOMEM));
      goto out;
    }

  /* One step: one read transaction, one consistent snapshot, while
   * writers go on in WAL mode */
  backup = sqlite3_backup_init (copy, "main", source, "main");
  if (backup == NULL)
    {
      fail (error, LYS_ERROR_IO, target, sqlite3_errmsg (copy));
      goto out;
    }
  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        g_usleep (20 * 1000);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      /* A full disk, or one that fails, is the copy's; the rest the source's */
      gboolean written = (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN;

      fail (error, (rc & 0xff) == SQLITE_NOTADB ? LYS_ERROR_NOT_A_DATABASE : LYS_ERROR_IO, written ? target : from,
            sqlite3_errstr (rc));
      goto out;
    }

  /* One file, whole in itself: read later (restored, verified) it needs
   * no journal beside it; a clinic opened from it takes WAL again */
  if (sqlite3_exec (copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    {
      fail (error, LYS_ERROR_IO, target, sqlite3_errmsg (copy));
      goto out;
    }
  checked = lys_db_sqlite_wrap (g_steal_pointer (&copy));
  if (!check_copy (checked, from, restoring, result, error))
    goto out;
  g_clear_pointer (&checked, lys_db_close);

  if (!sync_file (temporary) || g_stat (temporary, &st) != 0)
    {
      fail (error, LYS_ERROR_IO, target, g_strerror (errno));
      goto out;
    }
  if (result != NULL)
    result->bytes = st.st_size;

  /* Into place in one step; a restore never replaces a file */
  if (restoring ? link (temporary, target) != 0 : g_rename (temporary, target) != 0)
    {
      fail (error, errno == EEXIST ? LYS_ERROR_EXISTS : LYS_ERROR_IO, target,
            errno == EEXIST ? _("a file of that name exists; Lysning restores into a new database only.")
                            : g_strerror (errno));
      goto out;
    }
  g_chmod (target, 0600);
  ok = TRUE;

out:
  lys_db_close (checked);
  if (copy != NULL)
    sqlite3_close (copy);
  if (source != NULL)
    sqlite3_close (source);
  /* After a link, the temporary name goes; after a rename, it is gone */
  g_unlink (temporary);
  if (!ok && result != NULL)
    lys_backup_result_clear (result);
  return ok;
}

/**
 * lys_backup_copy:
 * @source: the clinic database, which may be open and in use
 * @target: the backup; replaced in one step
 *
 * Takes a consistent copy while others write, checks it (the audit chain,
 * and every page when the last full check is #LYS_BACKUP_CHECK_DAYS old)
 * and puts it in place, mode 0600.
 */
gboolean
lys_backup_copy (const char       *source,
                 const char       *target,
                 LysBackupResult  *result,
                 GError          **error)
{
  g_return_val_if_fail (source != NULL && target != NULL, FALSE);

  return copy_checked (source, target, FALSE, result, error);
}

/**
 * lys_backup_restore:
 * @backup: a backup file
 * @target: a new database; nothing may be there yet
 *
 * Checks the backup before anything is written, then copies it into a new
 * database. The open database is never written over.
 */
gboolean
lys_backup_restore (const char       *backup,
                    const char       *target,
                    LysBackupResult  *result,
                    GError          **error)
{
  g_return_val_if_fail (backup != NULL && target != NULL, FALSE);

  if (g_file_test (target, G_FILE_TEST_EXISTS))
    return fail (error, LYS_ERROR_EXISTS, target,
                 _("a file of that name exists; Lysning restores into a new database only."));
  if (!g_file_test (backup, G_FILE_TEST_IS_REGULAR))
    return fail (error, LYS_ERROR_NOT_FOUND, backup, _("there is no such file."));

  return copy_checked (backup, target, TRUE, result, error);
}

/* A restore in a worker: the files, and what the check found */
typedef struct
{
  char            *backup;
  char            *target;
  LysBackupResult  result;
} Restore;

static void
restore_free (Restore *restore)
{
  g_free (restore->backup);
  g_free (restore->target);
  lys_backup_result_clear (&restore->result);
  g_free (restore);
}

static void
restore_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  Restore *restore = data;
  GError *error = NULL;

  if (lys_backup_restore (restore->backup, restore->target, &restore->result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * lys_backup_restore_async:
 *
 * lys_backup_restore() in a worker thread: the window goes on drawing while
 * a large backup is checked and copied.
 */
void
lys_backup_restore_async (const char          *backup,
                          const char          *target,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Restore *restore;

  g_return_if_fail (backup != NULL && target != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lys_backup_restore_async);
  restore = g_new0 (Restore, 1);
  restore->backup = g_strdup (backup);
  restore->target = g_strdup (target);
  g_task_set_task_data (task, restore, (GDestroyNotify) restore_free);
  g_task_run_in_thread (task, restore_in_thread);
}

/**
 * lys_backup_restore_finish:
 * @restored: (out caller-allocates) (optional): what the check found;
 *   clear it with lys_backup_result_clear()
 */
gboolean
lys_backup_restore_finish (GAsyncResult     *result,
                           LysBackupResult  *restored,
                           GError          **error)
{
  Restore *restore;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lys_backup_restore_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  restore = g_task_get_task_data (G_TASK (result));
  if (restored != NULL)
    {
      *restored = restore->result;
      memset (&restore->result, 0, sizeof restore->result);
    }
  return TRUE;
}

/* Daily backups */

/**
 * lys_backup_dup_daily_name:
 *
 * Returns: (transfer full): "lysning-backup-2026-12-01.db": the day, nothing
 *   of any patient
 */
char *
lys_backup_dup_daily_name (GDateTime *day)
{
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  return g_strconcat (DAILY_PREFIX, date, DAILY_SUFFIX, NULL);
}

static GPtrArray *
list_daily (const char  *folder,
            GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, error);
  GPtrArray *names;
  const char *name;

  if (dir == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, DAILY_PREFIX) && g_str_has_suffix (name, DAILY_SUFFIX) &&
        strlen (name) == strlen (DAILY_PREFIX "YYYY-MM-DD" DAILY_SUFFIX))
      g_ptr_array_add (names, g_strdup (name));
  return names;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * lys_backup_is_due:
 *
 * Returns: whether @folder holds no daily backup of @now's day
 */
gboolean
lys_backup_is_due (const char  *folder,
                   GDateTime   *now,
                   GError     **error)
{
  g_autofree char *name = lys_backup_dup_daily_name (now);
  g_autofree char *path = g_build_filename (folder, name, NULL);

  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

/**
 * lys_backup_prune:
 * @keep: how many daily backups to keep, the newest
 *
 * Removes the older daily backups of @folder; other files are left alone.
 *
 * Returns: (transfer full) (element-type filename): the names removed, or
 *   %NULL with @error set
 */
GPtrArray *
lys_backup_prune (const char  *folder,
                  guint        keep,
                  GError     **error)
{
  g_autoptr(GPtrArray) names = list_daily (folder, error);
  GPtrArray *removed;

  if (names == NULL)
    return NULL;
  g_ptr_array_sort (names, compare_names);
  removed = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);

      if (g_unlink (path) == 0)
        g_ptr_array_add (removed, g_strdup (g_ptr_array_index (names, i)));
    }
  return removed;
}
