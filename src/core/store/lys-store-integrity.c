/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <errno.h>

#include "lys-i18n.h"
#include <sqlite3.h>

#include "lys-error.h"
#include "lys-store-private.h"

/* The full check of every page of the clinic's file (PRAGMA
 * integrity_check). It takes as long as the file is big, so opening does
 * not wait for it: the window runs it in a worker once it is on the
 * screen, and changes are refused while it runs and, when it finds
 * damage, for good. It reads on a connection of its own, a snapshot beside
 * whoever writes. When it passes, the file keeps the time (meta
 * 'integrity-checked'), which spares a backup within a week the same
 * check of its copy. */

/* Checks SQLite's progress now and then: a cancelled check stops */
static int
on_progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static gboolean
check_file (const char    *path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *display = g_filename_display_name (path);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  /* A server keeps its own pages whole (its write-ahead log, its checksums) */
  if (lys_store_is_server_address (path))
    return TRUE;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
    {
      /* Translators: %1$s is the database file, %2$s SQLite's reason */
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("%1$s cannot be read to check it: %2$s"), display,
                   db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, 5000);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 10000, on_progress_cb, cancellable);

  rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check (1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (g_cancellable_is_cancelled (cancellable))
    g_cancellable_set_error_if_cancelled (cancellable, error);
  else if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0)
    ok = TRUE;
  else if ((rc & 0xff) == SQLITE_BUSY)
    /* Translators: %s is the database file */
    g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("%s is held by another program, so it could not be checked."), display);
  else
    /* Translators: %s is the database file */
    g_set_error (error, LYS_ERROR, LYS_ERROR_CORRUPT,
                 _("The clinic database %s is damaged, so Lysning writes nothing to it. Restore it from a backup, "
                   "or have the clinic’s IT look at the file."), display);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/* Where the check leaves the store: damage found stays; a check that could
 * not run leaves the file as unchecked, open to changes as before */
static LysIntegrity
integrity_after (gboolean      ok,
                 const GError *error)
{
  if (ok)
    return LYS_INTEGRITY_OK;
  return g_error_matches (error, LYS_ERROR, LYS_ERROR_CORRUPT) ? LYS_INTEGRITY_DAMAGED : LYS_INTEGRITY_UNCHECKED;
}

/**
 * lys_store_check_integrity:
 *
 * Checks every page of the file, waiting for it; for the commands that
 * change records without a window.
 *
 * Returns: whether the file is whole; an error says why not
 */
gboolean
lys_store_check_integrity (LysStore      *self,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  _lys_store_set_integrity (self, LYS_INTEGRITY_CHECKING);
  ok = check_file (lys_store_get_path (self), cancellable, &local_error);
  _lys_store_set_integrity (self, integrity_after (ok, local_error));
  if (ok)
    _lys_store_note_checked (self);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

static gboolean
check_path (gpointer       path,
            GCancellable  *cancellable,
            GError       **error)
{
  return check_file (path, cancellable, error);
}

/* Back on the store's thread: what the check found is the store's state */
static gboolean
after_check (gpointer   source,
             gpointer   path,
             gboolean   worked,
             GError   **error)
{
  _lys_store_set_integrity (LYS_STORE (source), integrity_after (worked, error ? *error : NULL));
  if (worked)
    _lys_store_note_checked (LYS_STORE (source));
  return worked;
}

/**
 * lys_store_check_integrity_async:
 *
 * Checks every page of the file in a worker thread; changes are refused
 * until it ends (lys_store_get_integrity(), ::integrity-changed).
 */
void
lys_store_check_integrity_async (LysStore            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LYS_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lys_store_check_integrity_async);
  g_task_set_task_data (task, g_strdup (lys_store_get_path (self)), g_free);
  _lys_store_set_integrity (self, LYS_INTEGRITY_CHECKING);
  _lys_run_in_thread (task, check_path, after_check);
}

gboolean
lys_store_check_integrity_finish (LysStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
