/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-audit-chain"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lys-audit-chain.h"
#include "lys-error.h"

/* Each field as its length and bytes, a missing one as "-": no two rows
 * read the same */
static void
add_text (GChecksum  *checksum,
          const char *text)
{
  g_autofree char *length = NULL;

  if (text == NULL)
    {
      g_checksum_update (checksum, (const guchar *) "-;", 2);
      return;
    }
  length = g_strdup_printf ("%zu:", strlen (text));
  g_checksum_update (checksum, (const guchar *) length, -1);
  g_checksum_update (checksum, (const guchar *) text, -1);
  g_checksum_update (checksum, (const guchar *) ";", 1);
}

static void
add_id (GChecksum *checksum,
        gint64     id)
{
  g_autofree char *text = id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL;

  add_text (checksum, text);
}

/**
 * lys_audit_chain_hash:
 * @previous: (nullable): the hash of the row before; %NULL for the first
 *
 * Returns: (transfer full): the row's hash, 64 hexadecimal digits
 */
char *
lys_audit_chain_hash (const char        *previous,
                      const LysAuditRow *row)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (row != NULL, NULL);

  g_checksum_update (checksum, (const guchar *) "lysning-audit-1;", -1);
  add_text (checksum, previous);
  add_id (checksum, row->id);
  add_text (checksum, row->at);
  add_id (checksum, row->staff_id);
  add_text (checksum, row->staff_name);
  add_text (checksum, row->role);
  add_text (checksum, row->action);
  add_id (checksum, row->patient_id);
  add_text (checksum, row->object_type);
  add_id (checksum, row->object_id);
  add_text (checksum, row->detail);
  return g_strdup (g_checksum_get_string (checksum));
}

/* lys_audit_hash (previous, id, at, staff_id, staff_name, role, action,
 *                 patient_id, object_type, object_id, detail) */
static void
audit_hash_function (sqlite3_context  *context,
                     int               n_values,
                     sqlite3_value   **values)
{
  LysAuditRow row = {
    sqlite3_value_int64 (values[1]),
    (const char *) sqlite3_value_text (values[2]),
    sqlite3_value_int64 (values[3]),
    (const char *) sqlite3_value_text (values[4]),
    (const char *) sqlite3_value_text (values[5]),
    (const char *) sqlite3_value_text (values[6]),
    sqlite3_value_int64 (values[7]),
    (const char *) sqlite3_value_text (values[8]),
    sqlite3_value_int64 (values[9]),
    (const char *) sqlite3_value_text (values[10]),
  };
  char *hash = lys_audit_chain_hash ((const char *) sqlite3_value_text (values[0]), &row);

  sqlite3_result_text (context, hash, -1, g_free);
}

/**
 * lys_audit_chain_register:
 *
 * Gives @db the SQL function that links a new audit row to the last.
 */
gboolean
lys_audit_chain_register (sqlite3  *db,
                          GError  **error)
{
  if (sqlite3_create_function (db, "lys_audit_hash", 11, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                               NULL, audit_hash_function, NULL, NULL) == SQLITE_OK)
    return TRUE;

  g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED, _("The database cannot be opened: %s"), sqlite3_errmsg (db));
  return FALSE;
}

void
lys_audit_check_clear (LysAuditCheck *check)
{
  g_clear_pointer (&check->broken_at, g_free);
  g_clear_pointer (&check->broken_action, g_free);
  g_clear_pointer (&check->head, g_free);
}

/**
 * lys_audit_chain_verify:
 * @db: a Lysning database, any connection
 * @check: (out caller-allocates): what was found; clear it with
 *   lys_audit_check_clear()
 *
 * Recomputes every row's hash from the row and the one before, in order,
 * and stops at the first that does not match.
 *
 * Returns: whether the log could be read; @check says whether it holds
 */
gboolean
lys_audit_chain_verify (sqlite3        *db,
                        LysAuditCheck  *check,
                        GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *previous = NULL;
  int rc;

  g_return_val_if_fail (db != NULL && check != NULL, FALSE);

  memset (check, 0, sizeof *check);
  if (sqlite3_prepare_v2 (db, "SELECT id, at, staff_id, staff_name, role, action, patient_id, object_type, "
                              "object_id, detail, hash FROM audit_log ORDER BY id", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_CORRUPT, _("The audit log cannot be read: %s"), sqlite3_errmsg (db));
      return FALSE;
    }

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
          break;
        }
      check->rows++;
      check->head_id = row.id;
      g_free (previous);
      previous = expected;
    }
  check->head = g_steal_pointer (&previous);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_CORRUPT, _("The audit log cannot be read: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      lys_audit_check_clear (check);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}
