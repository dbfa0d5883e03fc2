/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-output-file.h"
#include "lys-store-private.h"

/* Backups of the open clinic database, logged in its audit log. The copy
 * (SQLite's online backup, then its check) reads on
 * connections of its own, so it runs in a worker thread for the window;
 * the store's own connection is used on its thread only, before (who may
 * take it) and after (the audit row). */

/* A backup holds every record, therapy notes too: never a coordinator's */
static gboolean
check_clinician (LysStore  *self,
                 GError   **error)
{
  if (lys_store_get_current_role (self) != LYS_ROLE_COORDINATOR)
    return TRUE;
  return lys_refuse (error, LYS_ERROR_PERMISSION,
                     _("A backup holds every record, therapy notes too: a clinician or the clinic lead takes it."));
}

/* What a backup by hand is, asked before anything is copied: the file it
 * goes to, never the open database */
static char *
prepare_backup (LysStore    *self,
                const char  *target,
                GError     **error)
{
  g_autofree char *canonical = g_canonicalize_filename (target, NULL);

  if (!check_clinician (self, error) || !_lys_store_check_lead (self, _("take a backup by hand"), error))
    return NULL;
  if (g_str_equal (canonical, lys_store_get_path (self)))
    {
      lys_refuse (error, LYS_ERROR_EXISTS, _("That is the open database itself. Choose another file for the backup."));
      return NULL;
    }
  return g_steal_pointer (&canonical);
}

/* The copy a backup is: SQLite's file copied page by page, or a clinic
 * file made of a server's rows, one snapshot; checked as either before it
 * takes @target's name. For a worker thread: it opens its own connections. */
static gboolean
backup_copy (const char       *source,
             const char       *target,
             LysBackupResult  *result,
             GError          **error)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *made = NULL;
  gboolean ok;
  int fd;

  if (!lys_store_is_server_address (source))
    return lys_backup_copy (source, target, result, error);
  made = lys_output_temporary_path (target);
  fd = g_mkstemp_full (made, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, "%s: %s", target, g_strerror (errno));
      return FALSE;
    }
  close (fd);
  ok = _lys_store_copy_server_to_file (source, made, error) && lys_backup_copy (made, target, result, error);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (made, suffixes[i], NULL);

      g_unlink (file);
    }
  return ok;
}

/* After the copy: its head kept on this computer, and the audit row */
static gboolean
log_backup (LysStore               *self,
            const char             *target,
            const LysBackupResult  *result,
            GError                **error)
{
  g_autofree char *detail = NULL;

  _lys_store_write_backup_anchor (self, target, result);
  /* Its copy checked page by page is the file checked */
  if (result->checked_whole)
    _lys_store_note_checked (self);
  detail = g_strdup_printf ("%" G_GUINT64_FORMAT " bytes, %" G_GUINT64_FORMAT " audit rows, head %s",
                            result->bytes, result->audit_rows, result->audit_head ? result->audit_head : "-");
  return _lys_store_audit (self, "backup.create", 0, "backup", 0, detail, error);
}

/**
 * lys_store_backup:
 * @target: the backup file; replaced in one step, mode 0600
 *
 * Takes a backup while the clinic works: one consistent snapshot, checked
 * before it is put in place. A backup holds every record, so it is the
 * clinic lead's to take by hand. It is logged with the audit chain's head
 * it holds, so that rows later cut from the log can be shown.
 */
gboolean
lys_store_backup (LysStore         *self,
                  const char       *target,
                  LysBackupResult  *result,
                  GError          **error)
{
  g_autofree char *canonical = NULL;
  LysBackupResult local = { 0 };
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  canonical = prepare_backup (self, target, error);
  if (canonical == NULL || !backup_copy (lys_store_get_path (self), canonical, &local, error))
    return FALSE;
  ok = log_backup (self, canonical, &local, error);
  if (result != NULL)
    *result = local;
  else
    lys_backup_result_clear (&local);
  return ok;
}

/* A copy in a worker thread: the source and the target, by name */
typedef struct
{
  char            *source;
  char            *target;
  /* Daily backups: the folder, the day, how many to keep */
  char            *folder;
  GDateTime       *now;
  guint            keep;
  gboolean         written;
  LysBackupResult  result;
} Copy;

static void
copy_free (Copy *copy)
{
  g_free (copy->source);
  g_free (copy->target);
  g_free (copy->folder);
  g_clear_pointer (&copy->now, g_date_time_unref);
  lys_backup_result_clear (&copy->result);
  g_free (copy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Copy, copy_free)

static gboolean
copy_once (gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Copy *copy = data;

  return backup_copy (copy->source, copy->target, &copy->result, error);
}

/* Back on the store's thread: a backup written is logged */
static gboolean
after_copy (gpointer   source,
            gpointer   data,
            gboolean   worked,
            GError   **error)
{
  Copy *copy = data;

  return worked && (!copy->written || log_backup (LYS_STORE (source), copy->target, &copy->result, error));
}

/**
 * lys_store_backup_async:
 *
 * lys_store_backup() with the copy and its check in a worker thread: the
 * window goes on drawing while a large clinic is copied.
 */
void
lys_store_backup_async (LysStore            *self,
                        const char          *target,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(Copy) copy = g_new0 (Copy, 1);
  GError *error = NULL;

  g_return_if_fail (LYS_IS_STORE (self));
  g_return_if_fail (target != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, lys_store_backup_async);
  copy->target = prepare_backup (self, target, &error);
  if (copy->target == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  copy->source = g_strdup (lys_store_get_path (self));
  copy->written = TRUE;
  g_task_set_task_data (outer, g_steal_pointer (&copy), (GDestroyNotify) copy_free);
  _lys_run_in_thread (outer, copy_once, after_copy);
}

/**
 * lys_store_backup_finish:
 * @result: (out caller-allocates) (optional): what was written; clear it
 *   with lys_backup_result_clear()
 */
gboolean
lys_store_backup_finish (LysStore         *self,
                         GAsyncResult     *result,
                         LysBackupResult  *backup,
                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (backup != NULL)
    {
      Copy *copy = g_task_get_task_data (G_TASK (result));

      *backup = copy->result;
      copy->result = (LysBackupResult) { 0 };
    }
  return TRUE;
}

/* Daily backups */

static gboolean
make_folder (const char  *folder,
             GError     **error)
{
  if (g_mkdir_with_parents (folder, 0700) == 0)
    return TRUE;
  {
    int saved_errno = errno;
    g_autofree char *display = g_filename_display_name (folder);

    /* Translators: %1$s is a folder, %2$s the system's reason */
    g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The backup folder %1$s cannot be made: %2$s"),
                 display, g_strerror (saved_errno));
    return FALSE;
  }
}

/* Today's backup, if it is not there yet, then the old ones pruned: the
 * file system's work only, for any thread */
static gboolean
copy_daily (gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Copy *copy = data;
  g_autoptr(GPtrArray) removed = NULL;

  copy->written = FALSE;
  if (!make_folder (copy->folder, error))
    return FALSE;
  if (lys_backup_is_due (copy->folder, copy->now, error))
    {
      g_autofree char *name = lys_backup_dup_daily_name (copy->now);

      g_free (copy->target);
      copy->target = g_build_filename (copy->folder, name, NULL);
      if (!backup_copy (copy->source, copy->target, &copy->result, error))
        return FALSE;
      copy->written = TRUE;
    }
  removed = lys_backup_prune (copy->folder, copy->keep, error);
  return removed != NULL;
}

static Copy *
new_daily (LysStore    *self,
           const char  *folder,
           guint        keep)
{
  Copy *copy = g_new0 (Copy, 1);

  copy->source = g_strdup (lys_store_get_path (self));
  copy->folder = g_strdup (folder);
  copy->now = lys_store_dup_now (self);
  copy->keep = keep;
  return copy;
}

/**
 * lys_store_backup_daily:
 * @folder: where the daily backups go; made if missing, owner-only
 * @keep: how many to keep, the newest
 * @written: (out) (optional): whether a backup was written now
 *
 * Writes today's backup into @folder unless it is there already, then
 * removes all but the newest @keep daily backups. Other files in the
 * folder are left alone.
 */
gboolean
lys_store_backup_daily (LysStore    *self,
                        const char  *folder,
                        guint        keep,
                        gboolean    *written,
                        GError     **error)
{
  g_autoptr(Copy) copy = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (folder != NULL && keep > 0, FALSE);

  if (written != NULL)
    *written = FALSE;
  /* Set up on this computer: taken whoever works here, but a clinician */
  if (!check_clinician (self, error))
    return FALSE;
  copy = new_daily (self, folder, keep);
  if (!copy_daily (copy, NULL, error) || (copy->written && !log_backup (self, copy->target, &copy->result, error)))
    return FALSE;
  if (written != NULL)
    *written = copy->written;
  return TRUE;
}

/**
 * lys_store_backup_daily_async:
 *
 * lys_store_backup_daily() with the copy, its check and the pruning in a
 * worker thread.
 */
void
lys_store_backup_daily_async (LysStore            *self,
                              const char          *folder,
                              guint                keep,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  GError *error = NULL;

  g_return_if_fail (LYS_IS_STORE (self));
  g_return_if_fail (folder != NULL && keep > 0);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, lys_store_backup_daily_async);
  if (!check_clinician (self, &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  g_task_set_task_data (outer, new_daily (self, folder, keep), (GDestroyNotify) copy_free);
  _lys_run_in_thread (outer, copy_daily, after_copy);
}

/**
 * lys_store_backup_daily_finish:
 * @written: (out) (optional): whether a backup was written
 */
gboolean
lys_store_backup_daily_finish (LysStore      *self,
                               GAsyncResult  *result,
                               gboolean      *written,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (written != NULL)
    *written = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (written != NULL)
    *written = ((Copy *) g_task_get_task_data (G_TASK (result)))->written;
  return TRUE;
}
