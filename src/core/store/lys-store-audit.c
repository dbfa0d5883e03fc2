/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-audit-chain.h"
#include "lys-csv.h"
#include "lys-error.h"
#include "lys-output-file.h"
#include "lys-sha256.h"
#include "lys-store-drugs.h"
#include "lys-store-private.h"

/* The audit log as evidence: its hash chain checked row by row, and the
 * log shown, filtered and exported for the clinic lead. */

/* The last row of the clinic's audit log this computer wrote or verified,
 * kept outside the database: $XDG_DATA_HOME/lysning/anchors/CLINIC-FILE,
 * for @file, the clinic's database or a backup of it */
static char *
anchor_path (LysStore   *self,
             const char *file)
{
  g_autoptr(LysDbStmt) stmt = _lys_store_prepare (self, "SELECT value FROM meta WHERE key = 'clinic-uid'", NULL);
  const char *uid;

  if (stmt == NULL || lys_db_step (stmt) != LYS_DB_ROW)
    return NULL;
  uid = lys_db_column_text (stmt, 0);
  /* Ours, random hex; anything else is not used as a file name */
  if (uid == NULL || *uid == '\0' || strspn (uid, "0123456789abcdef") != strlen (uid))
    return NULL;
  /* One for each file of the clinic: a backup restored elsewhere starts
   * its own */
  {
    g_autofree char *where = lys_sha256_hex (file, -1);
    g_autofree char *name = g_strdup_printf ("%s-%.16s", uid, where);

    return g_build_filename (g_get_user_data_dir (), "lysning", "anchors", name, NULL);
  }
}

static gboolean
read_anchor (LysStore  *self,
             gint64    *id,
             char     **hash)
{
  g_autofree char *path = anchor_path (self, lys_store_get_path (self));
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (path == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  fields = g_strsplit (g_strstrip (text), " ", 2);
  if (g_strv_length (fields) != 2 || *fields[1] == '\0')
    return FALSE;
  *id = g_ascii_strtoll (fields[0], NULL, 10);
  *hash = g_strdup (fields[1]);
  return *id > 0;
}

static void
write_anchor (LysStore   *self,
              const char *file,
              gint64      id,
              const char *hash)
{
  g_autofree char *path = anchor_path (self, file);
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;

  if (path == NULL || id <= 0 || hash == NULL)
    return;
  text = g_strdup_printf ("%" G_GINT64_FORMAT " %s\n", id, hash);
  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0 || !lys_output_set_contents (path, text, -1, NULL))
    g_debug ("The audit log's anchor could not be kept");
}

/**
 * _lys_store_write_anchor:
 *
 * Keeps the audit log's last row, id and hash, outside the database, for
 * lys_store_verify_audit() to find again; quietly, for a store closing.
 */
void
_lys_store_write_anchor (LysStore *self)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", NULL);
  if (stmt == NULL || lys_db_step (stmt) != LYS_DB_ROW)
    return;
  write_anchor (self, lys_store_get_path (self), lys_db_column_int64 (stmt, 0),
                lys_db_column_text (stmt, 1));
}

/**
 * _lys_store_write_backup_anchor:
 * @backup: a backup just written, its canonical path
 *
 * Keeps the head of the audit log the backup holds, as for the clinic's
 * own file: a backup whose log later loses its tail is found out when it
 * is verified on this computer.
 */
void
_lys_store_write_backup_anchor (LysStore              *self,
                                const char            *backup,
                                const LysBackupResult *result)
{
  write_anchor (self, backup, result->audit_head_id, result->audit_head);
}

/**
 * lys_store_verify_audit:
 * @check: (out caller-allocates): what was found; clear it with
 *   lys_audit_check_clear()
 *
 * Recomputes every row's hash from the row and the one before, in order,
 * and stops at the first that does not match: a row changed, put in or
 * taken out there or just before. Rows cut from the end leave no gap the
 * chain can show: the last row this computer wrote or verified must still
 * be there, as it was (@check's lost_anchor), and a clinic with patients
 * has a log (emptied). An intact log moves the anchor to its last row.
 *
 * Returns: whether the log could be read; @check says whether it is intact
 */
gboolean
lys_store_verify_audit (LysStore       *self,
                        LysAuditCheck  *check,
                        GError        **error)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (check != NULL, FALSE);

  if (!lys_audit_chain_verify (_lys_store_get_db (self), check, error))
    return FALSE;

  /* Rows cut from the end leave no gap the chain can show: the last row
   * this computer saw must still be there, as it was */
  {
    gint64 anchor_id = 0;
    g_autofree char *anchor_hash = NULL;

    if (read_anchor (self, &anchor_id, &anchor_hash))
      {
        g_autoptr(LysDbStmt) stmt = _lys_store_prepare (self, "SELECT hash FROM audit_log WHERE id = ?1", error);

        if (stmt == NULL)
          return FALSE;
        lys_db_bind_int64 (stmt, 1, anchor_id);
        if (lys_db_step (stmt) != LYS_DB_ROW ||
            g_strcmp0 (lys_db_column_text (stmt, 0), anchor_hash) != 0)
          check->lost_anchor = anchor_id;
      }
  }
  if (check->rows == 0 && check->unchecked == 0 && check->broken_id == 0)
    {
      g_autoptr(LysDbStmt) stmt = _lys_store_prepare (self, "SELECT EXISTS (SELECT 1 FROM patients)", error);

      if (stmt == NULL)
        return FALSE;
      check->emptied = lys_db_step (stmt) == LYS_DB_ROW && lys_db_column_int (stmt, 0) != 0;
    }
  if (check->broken_id == 0 && check->unchecked == 0 && check->lost_anchor == 0 && !check->emptied)
    _lys_store_write_anchor (self);
  return TRUE;
}

void
lys_audit_entry_free (LysAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->at, g_date_time_unref);
  g_free (entry->staff_name);
  g_free (entry->patient_name);
  g_free (entry->action);
  g_free (entry->object_type);
  g_free (entry->detail);
  g_free (entry);
}

static gpointer
read_entry (LysDbStmt *stmt)
{
  LysAuditEntry *entry = g_new0 (LysAuditEntry, 1);
  g_autofree char *at = _lys_column_dup (stmt, 1);

  entry->id = lys_db_column_int64 (stmt, 0);
  /* The log's times are UTC, written with a Z */
  entry->at = at ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  entry->staff_name = _lys_column_dup (stmt, 2);
  if (!lys_role_from_nick (lys_db_column_text (stmt, 3), &entry->role))
    entry->role = LYS_ROLE_COORDINATOR;
  entry->action = _lys_column_dup (stmt, 4);
  entry->patient_id = lys_db_column_int64 (stmt, 5);
  entry->object_type = _lys_column_dup (stmt, 6);
  entry->object_id = lys_db_column_int64 (stmt, 7);
  entry->detail = _lys_column_dup (stmt, 8);
  entry->patient_name = _lys_column_dup (stmt, 9);
  return entry;
}

/* @columns and @tail are this file's constants, never input */
static LysDbStmt *
prepare_filtered_on (LysDb                 *db,
                     const char            *columns,
                     const LysAuditFilter  *filter,
                     const char            *tail)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM audit_log WHERE (?1 = 0 OR patient_id = ?1) "
                                          "AND (?2 = 0 OR staff_id = ?2) AND (CAST (?3 AS TEXT) IS NULL OR action = ?3) "
                                          "AND (CAST (?4 AS TEXT) IS NULL OR at >= ?4) AND (CAST (?5 AS TEXT) IS NULL OR at < ?5) %s",
                                          columns, tail);
  LysDbStmt *stmt = lys_db_prepare (db, sql, NULL);
  char from[32], until[32];

  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, filter ? filter->patient_id : 0);
  lys_db_bind_int64 (stmt, 2, filter ? filter->staff_id : 0);
  if (filter != NULL && filter->action != NULL && *filter->action != '\0')
    lys_db_bind_text (stmt, 3, filter->action);
  /* Days in local time, the log in UTC: from the first day's midnight to
   * the midnight after the last */
  if (filter != NULL && g_date_valid (&filter->from))
    {
      g_autoptr(GDateTime) local = g_date_time_new_local (g_date_get_year (&filter->from), g_date_get_month (&filter->from),
                                                          g_date_get_day (&filter->from), 0, 0, 0);
      g_autoptr(GDateTime) utc = g_date_time_to_utc (local);
      g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

      g_strlcpy (from, text, sizeof from);
      lys_db_bind_text (stmt, 4, from);
    }
  if (filter != NULL && g_date_valid (&filter->to))
    {
      g_autoptr(GDateTime) local = g_date_time_new_local (g_date_get_year (&filter->to), g_date_get_month (&filter->to),
                                                          g_date_get_day (&filter->to), 0, 0, 0);
      g_autoptr(GDateTime) next = g_date_time_add_days (local, 1);
      g_autoptr(GDateTime) utc = g_date_time_to_utc (next);
      g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

      g_strlcpy (until, text, sizeof until);
      lys_db_bind_text (stmt, 5, until);
    }
  return stmt;
}

static LysDbStmt *
prepare_filtered (LysStore              *self,
                  const char            *columns,
                  const LysAuditFilter  *filter,
                  const char            *tail,
                  GError               **error)
{
  LysDbStmt *stmt = prepare_filtered_on (_lys_store_get_db (self), columns, filter, tail);

  if (stmt == NULL)
    _lys_store_fail (self, error);
  return stmt;
}

/**
 * lys_store_list_audit:
 * @filter: (nullable): which rows; all without
 * @offset: how many of the newest to pass over, to page back
 * @limit: at most this many, the newest first
 * @total: (out) (optional): how many rows match in all
 *
 * For the clinic lead: the audit log, filtered by patient, staff member,
 * action and period, with the patients' names. Reading it is itself
 * logged.
 *
 * Returns: (transfer full) (element-type LysAuditEntry): the rows
 */
GPtrArray *
lys_store_list_audit (LysStore              *self,
                      const LysAuditFilter  *filter,
                      guint                  offset,
                      guint                  limit,
                      guint                 *total,
                      GError               **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *tail = g_strdup_printf ("ORDER BY id DESC LIMIT %u OFFSET %u", limit ? limit : G_MAXINT, offset);

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (!_lys_store_check_lead (self, _("see the audit log"), error) ||
      !_lys_store_audit (self, "audit.view", filter ? filter->patient_id : 0, NULL, 0, NULL, error))
    return NULL;

  if (total != NULL)
    {
      g_autoptr(LysDbStmt) count = prepare_filtered (self, "count (*)", filter, "", error);

      if (count == NULL || lys_db_step (count) != LYS_DB_ROW)
        return count == NULL ? NULL : (_lys_store_fail (self, error), NULL);
      *total = (guint) lys_db_column_int64 (count, 0);
    }

  stmt = prepare_filtered (self, "id, at, staff_name, role, action, patient_id, object_type, object_id, detail, "
                           "(SELECT given_name || ' ' || family_name FROM patients WHERE id = audit_log.patient_id)",
                           filter, tail, error);
  if (stmt == NULL)
    return NULL;
  return _lys_store_collect (self, stmt, read_entry, (GDestroyNotify) lys_audit_entry_free, error);
}

/* An export of the log under way: the filter, the file, the rows written */
typedef struct
{
  LysAuditFilter  filter;
  char           *action;     /* the filter's, owned */
  char           *database;
  char           *path;
  guint           rows;
} Export;

static void
export_free (Export *export)
{
  g_free (export->action);
  g_free (export->database);
  g_free (export->path);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static Export *
begin_export (LysStore              *self,
              const LysAuditFilter  *filter,
              const char            *path,
              GError               **error)
{
  Export *export;

  if (!_lys_store_check_lead (self, _("export the audit log"), error))
    return NULL;
  export = g_new0 (Export, 1);
  if (filter != NULL)
    export->filter = *filter;
  else
    {
      g_date_clear (&export->filter.from, 1);
      g_date_clear (&export->filter.to, 1);
    }
  export->action = g_strdup (export->filter.action);
  export->filter.action = export->action;
  export->database = g_strdup (lys_store_get_path (self));
  export->path = g_strdup (path);
  return export;
}

/* Every matching row, oldest first, with its hash, as CSV: on a connection
 * of its own, for any thread */
static gboolean
write_export (gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Export *export = data;
  g_autoptr(GString) csv = g_string_new ("id,at,staff_id,staff_name,role,action,patient_id,object_type,object_id,detail,hash\r\n");
  LysDb *db = _lys_open_reader (export->database, LYS_READER_SNAPSHOT, error);
  LysDbStmt *stmt;
  gboolean ok;
  LysDbStep rc = LYS_DB_ERROR;

  if (db == NULL)
    return FALSE;
  stmt = prepare_filtered_on (db, "id, at, staff_id, staff_name, role, action, patient_id, object_type, object_id, "
                              "detail, hash", &export->filter, "ORDER BY id");
  while (stmt != NULL && (rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      for (int c = 0; c < 11; c++)
        {
          if (c > 0)
            g_string_append_c (csv, ',');
          lys_csv_append_field (csv, lys_db_column_text (stmt, c));
        }
      g_string_append (csv, "\r\n");
      export->rows++;
    }
  if (rc != LYS_DB_DONE)
    g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The audit log cannot be read: %s"), lys_db_get_message (db));
  lys_db_stmt_free (stmt);
  _lys_close_reader (db);
  ok = rc == LYS_DB_DONE && lys_output_set_contents (export->path, csv->str, (gssize) csv->len, error);
  return ok;
}

/* Written: logged, on the store's thread */
static gboolean
after_export (gpointer   source,
              gpointer   data,
              gboolean   worked,
              GError   **error)
{
  Export *export = data;
  g_autofree char *detail = NULL;

  if (!worked)
    return FALSE;
  detail = g_strdup_printf ("%u rows", export->rows);
  return _lys_store_audit (source, "audit.export", export->filter.patient_id, NULL, 0, detail, error);
}

/**
 * lys_store_export_audit:
 * @path: the CSV file, replaced in one step, owner-only
 * @n_rows: (out) (optional): how many rows were written
 *
 * Writes every matching row of the audit log, oldest first, with its
 * hash, as CSV; logged.
 */
gboolean
lys_store_export_audit (LysStore              *self,
                        const LysAuditFilter  *filter,
                        const char            *path,
                        guint                 *n_rows,
                        GError               **error)
{
  g_autoptr(Export) export = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  export = begin_export (self, filter, path, error);
  if (export == NULL || !write_export (export, NULL, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = export->rows;
  return after_export (self, export, TRUE, error);
}

/**
 * lys_store_export_audit_async:
 *
 * lys_store_export_audit() with the reading and the writing in a worker
 * thread.
 */
void
lys_store_export_audit_async (LysStore              *self,
                              const LysAuditFilter  *filter,
                              const char            *path,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  g_autoptr(GTask) outer = NULL;
  GError *error = NULL;
  Export *export;

  g_return_if_fail (LYS_IS_STORE (self));
  g_return_if_fail (path != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, lys_store_export_audit_async);
  export = begin_export (self, filter, path, &error);
  if (export == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  g_task_set_task_data (outer, export, (GDestroyNotify) export_free);
  _lys_run_in_thread (outer, write_export, after_export);
}

/**
 * lys_store_export_audit_finish:
 * @n_rows: (out) (optional): how many rows were written
 */
gboolean
lys_store_export_audit_finish (LysStore      *self,
                               GAsyncResult  *result,
                               guint         *n_rows,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = ((Export *) g_task_get_task_data (G_TASK (result)))->rows;
  return TRUE;
}

/**
 * lys_store_list_audit_actions:
 *
 * Returns: (transfer full): the actions the log holds, sorted, for a filter
 */
GStrv
lys_store_list_audit_actions (LysStore  *self,
                              GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self, "SELECT DISTINCT action FROM audit_log ORDER BY action", error);
  if (stmt == NULL)
    return NULL;
  return _lys_store_collect_texts (self, stmt, error);
}

/**
 * lys_store_audit_search_results:
 * @patients: (element-type gint64): the patients whose notes a search
 *   showed, a snippet each; a patient more than once is logged once
 *
 * Writes the reads a search result is: one audit row per patient shown,
 * in one step. The caller leaves out the patients it logged already for
 * the same search, as the user typed on.
 */
gboolean
lys_store_audit_search_results (LysStore  *self,
                                GArray    *patients,
                                GError   **error)
{
  g_autoptr(GHashTable) logged = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (patients != NULL, FALSE);

  if (patients->len == 0)
    return TRUE;
  if (!_lys_store_begin (self, error))
    return FALSE;
  ok = TRUE;
  for (guint i = 0; ok && i < patients->len; i++)
    {
      gint64 *patient = &g_array_index (patients, gint64, i);

      if (*patient == 0 || !g_hash_table_add (logged, patient))
        continue;
      ok = _lys_store_audit (self, "patient.read", *patient, "note-search", 0, "search", error);
    }
  return _lys_store_finish (self, ok, error);
}

/**
 * lys_store_count_altered_records:
 * @first_kind: (out) (optional): what the first record altered is
 * @first_id: (out) (optional): its id (a note's own, or the note an
 *   addendum belongs to); 0 with none
 *
 * Checks every signed note and addendum, eligibility assessment and
 * discharged infusion against the SHA-256 kept when it was signed, and the
 * links of the ketamine record (one, the first broken, counted).
 *
 * Returns: how many no longer match: changed outside Lysning; -1 with an
 *   error
 */
gint64
lys_store_count_altered_records (LysStore       *self,
                                 LysSignedKind  *first_kind,
                                 gint64         *first_id,
                                 GError        **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  gint64 altered = 0;
  int rc;

  g_return_val_if_fail (LYS_IS_STORE (self), -1);

  if (first_id != NULL)
    *first_id = 0;
  stmt = _lys_store_prepare (self,
                             "SELECT 0, id FROM notes WHERE status = 'signed' AND content_sha256 IS DISTINCT FROM lys_sha256 (body) "
                             "UNION ALL SELECT 0, note_id FROM note_addenda WHERE content_sha256 IS DISTINCT FROM lys_sha256 (body) "
                             "UNION ALL SELECT 1, e.id FROM eligibility e WHERE e.status = 'signed' "
                             "  AND e.content_sha256 IS DISTINCT FROM " LYS_SQL_SIGNED_SHA256 ("eligibility", "e") " "
                             "UNION ALL SELECT 2, i.id FROM infusions i WHERE i.status = 'discharged' "
                             "  AND i.content_sha256 IS DISTINCT FROM " LYS_SQL_SIGNED_SHA256 ("discharge", "i") " "
                             "ORDER BY 1, 2", error);
  if (stmt == NULL)
    return -1;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      if (altered == 0 && first_kind != NULL)
        *first_kind = (LysSignedKind) lys_db_column_int (stmt, 0);
      if (altered == 0 && first_id != NULL)
        *first_id = lys_db_column_int64 (stmt, 1);
      altered++;
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error), -1;

  /* The ketamine record: linked like the audit log, each entry audited */
  {
    gint64 broken = _lys_store_find_broken_drug_entry (self, error);

    if (broken < 0)
      return -1;
    if (broken > 0)
      {
        if (altered == 0 && first_kind != NULL)
          *first_kind = LYS_SIGNED_DRUG_ENTRY;
        if (altered == 0 && first_id != NULL)
          *first_id = broken;
        altered++;
      }
  }
  return altered;
}
