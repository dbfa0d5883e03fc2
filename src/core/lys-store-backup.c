/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include <glib/gi18n.h>

#include "lys-error.h"
#include "lys-store-private.h"

/* Backups of the open clinic database, logged in its audit log. */

/* A backup holds every record, therapy notes too: never a coordinator's */
static gboolean
check_clinician (LysStore  *self,
                 GError   **error)
{
  if (lys_store_get_current_role (self) != LYS_ROLE_COORDINATOR)
    return TRUE;
  return _lys_refuse (error, LYS_ERROR_PERMISSION,
                      _("A backup holds every record, therapy notes too: a clinician or the clinic lead takes it."));
}

/* A backup written and logged; who may take it is the caller's question */
static gboolean
backup_logged (LysStore         *self,
               const char       *target,
               LysBackupResult  *result,
               GError          **error)
{
  g_autofree char *canonical = g_canonicalize_filename (target, NULL);
  g_autofree char *detail = NULL;
  LysBackupResult local = { 0 };
  gboolean ok;

  if (g_str_equal (canonical, lys_store_get_path (self)))
    return _lys_refuse (error, LYS_ERROR_EXISTS,
                        _("That is the open database itself. Choose another file for the backup."));

  if (!lys_backup_copy (lys_store_get_path (self), canonical, &local, error))
    return FALSE;
  _lys_store_write_backup_anchor (self, canonical, &local);

  detail = g_strdup_printf ("%" G_GUINT64_FORMAT " bytes, %" G_GUINT64_FORMAT " audit rows, head %s",
                            local.bytes, local.audit_rows, local.audit_head ? local.audit_head : "-");
  ok = _lys_store_audit (self, "backup.create", 0, "backup", 0, detail, error);
  if (result != NULL)
    *result = local;
  else
    lys_backup_result_clear (&local);
  return ok;
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
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  return check_clinician (self, error) && _lys_store_check_lead (self, _("take a backup by hand"), error) &&
         backup_logged (self, target, result, error);
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
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (folder != NULL && keep > 0, FALSE);

  if (written != NULL)
    *written = FALSE;
  if (!check_clinician (self, error))
    return FALSE;
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);

      /* Translators: %1$s is a folder, %2$s the system's reason */
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The backup folder %1$s cannot be made: %2$s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  now = lys_store_dup_now (self);
  if (lys_backup_is_due (folder, now, error))
    {
      name = lys_backup_dup_daily_name (now);
      path = g_build_filename (folder, name, NULL);
      /* Set up on this computer: taken whoever works here */
      if (!backup_logged (self, path, NULL, error))
        return FALSE;
      if (written != NULL)
        *written = TRUE;
    }

  removed = lys_backup_prune (folder, keep, error);
  return removed != NULL;
}
