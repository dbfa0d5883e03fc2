/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Backups of the clinic database, taken while the clinic works (SQLite's
 * online backup, one consistent snapshot), and restores into a new file:
 * each copy is checked (audit chain; every page when the file's last full
 * check is a week old; for a restore every page, the schema and its
 * protection triggers) before it is put in place, readable by its owner
 * only. */

typedef struct
{
  guint64  bytes;
  guint64  audit_rows;      /* the rows checked */
  guint64  audit_unchecked; /* rows linked with a key not on this computer */
  char    *audit_head;      /* the last audit row's hash in the copy */
  gint64   audit_head_id;   /* and its id */
  gboolean checked_whole;   /* every page of the copy checked */
} LysBackupResult;

/* A backup's copy is checked page by page when the file's last full check
 * is older than this */
#define LYS_BACKUP_CHECK_DAYS 7

void     lys_backup_result_clear (LysBackupResult *result);
char    *lys_backup_result_dup_unchecked (const LysBackupResult *result);
gboolean lys_backup_copy         (const char      *source,
                                  const char      *target,
                                  LysBackupResult *result,
                                  GError         **error);
gboolean lys_backup_restore      (const char      *backup,
                                  const char      *target,
                                  LysBackupResult *result,
                                  GError         **error);
void     lys_backup_restore_async (const char          *backup,
                                   const char          *target,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean lys_backup_restore_finish (GAsyncResult     *result,
                                    LysBackupResult  *restored,
                                    GError          **error);
GPtrArray *lys_backup_prune      (const char      *folder,
                                  guint            keep,
                                  GError         **error);
char    *lys_backup_dup_daily_name (GDateTime     *day);
gboolean lys_backup_is_due       (const char      *folder,
                                  GDateTime       *now,
                                  GError         **error);

G_END_DECLS
