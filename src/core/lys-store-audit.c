/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lys-audit-chain.h"
#include "lys-store-private.h"

/* The audit log as evidence: its hash chain checked row by row. */

void
lys_audit_check_clear (LysAuditCheck *check)
{
  g_clear_pointer (&check->broken_at, g_free);
  g_clear_pointer (&check->broken_action, g_free);
  g_clear_pointer (&check->head, g_free);
}

/**
 * lys_store_verify_audit:
 * @check: (out caller-allocates): what was found; clear it with
 *   lys_audit_check_clear()
 *
 * Recomputes every row's hash from the row and the one before, in order,
 * and stops at the first that does not match: a row changed, put in or
 * taken out there or just before. Rows cut from the end leave no gap the
 * chain can show; a backup's head shows them.
 *
 * Returns: whether the log could be read; @check says whether it is intact
 */
gboolean
lys_store_verify_audit (LysStore       *self,
                        LysAuditCheck  *check,
                        GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *previous = NULL;
  int rc;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (check != NULL, FALSE);

  memset (check, 0, sizeof *check);
  stmt = _lys_store_prepare (self,
                             "SELECT id, at, staff_id, staff_name, role, action, patient_id, object_type, "
                             "object_id, detail, hash FROM audit_log ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LysAuditRow row = {
        sqlite3_column_int64 (stmt, 0),
        (const char *) sqlite3_column_text (stmt, 1),
        sqlite3_column_int64 (stmt, 2),
        (const char *) sqlite3_column_text (stmt, 3),
        (const char *) sqlite3_column_text (stmt, 4),
        (const char *) sqlite3_column_text (stmt, 5),
        sqlite3_column_int64 (stmt, 6),
        (const char *) sqlite3_column_text (stmt, 7),
        sqlite3_column_int64 (stmt, 8),
        (const char *) sqlite3_column_text (stmt, 9),
      };
      char *expected = lys_audit_chain_hash (previous, &row);

      if (g_strcmp0 (expected, (const char *) sqlite3_column_text (stmt, 10)) != 0)
        {
          g_free (expected);
          check->broken_id = row.id;
          check->broken_at = g_strdup (row.at);
          check->broken_action = g_strdup (row.action);
          check->head = g_steal_pointer (&previous);
          return TRUE;
        }
      check->rows++;
      g_free (previous);
      previous = expected;
    }
  if (rc != SQLITE_DONE)
    return _lys_store_fail (self, error);

  check->head = g_steal_pointer (&previous);
  return TRUE;
}
