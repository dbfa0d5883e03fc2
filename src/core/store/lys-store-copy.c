/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "lys-i18n.h"

#include "lys-db-postgresql.h"
#include "lys-db-sqlite.h"
#include "lys-fts.h"
#include "lys-error.h"
#include "lys-store-private.h"

/* Moving a clinic from its SQLite file onto a PostgreSQL server: every
 * table, row for row, ids, signatures and the audit log's chain as they
 * are, in one transaction, checked before (the file's chain and signed
 * records) and after (the same on the server, and every table's count). */

/* The tables, each after those it refers to */
static const char *tables[] = {
  "meta", "settings", "staff", "patients", "courses", "rooms", "appointments", "appointment_patients",
  "appointment_staff", "closures", "staff_absences", "eligibility", "antidepressant_trials", "preparation_notes",
  "consent_forms", "consents", "infusions", "vitals", "infusion_events", "adverse_events", "infusion_addenda",
  "ratings", "notes", "note_addenda", "note_templates", "assignments", "emergency_access", "signatures",
  "drug_products", "drug_lots", "drug_entries", "audit_log",
};

void
lys_copy_result_clear (LysCopyResult *result)
{
  g_clear_pointer (&result->audit_head, g_free);
}

/* A clinic that holds anything wrong is not moved: its chain and its
 * signed records hold, or the copy is refused in words */
static gboolean
check_clinic (LysStore       *store,
              LysAuditCheck  *check,
              gboolean        on_server,
              GError        **error)
{
  LysSignedKind kind = LYS_SIGNED_NOTE;
  gint64 first = 0, altered;

  if (!lys_store_verify_audit (store, check, error))
    return FALSE;
  if (check->broken_id != 0 || check->emptied || check->lost_anchor != 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_CORRUPT,
                           on_server ? _("The audit log does not hold on the server after the copy. Run --verify-audit "
                                         "against the server to see where.")
                                     : _("The clinic file’s audit log does not hold, so nothing was copied. Run "
                                         "--verify-audit on the file to see where."));
      return FALSE;
    }
  altered = lys_store_count_altered_records (store, &kind, &first, error);
  if (altered < 0)
    return FALSE;
  if (altered > 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_CORRUPT,
                           on_server ? _("Signed records on the server do not match their signatures after the copy. "
                                         "Run --verify-audit against the server to see which.")
                                     : _("Signed records in the clinic file were altered outside Lysning, so nothing was "
                                         "copied. Run --verify-audit on the file to see which."));
      return FALSE;
    }
  return TRUE;
}

/* The columns of @table in the file, with their declared kinds */
static gboolean
list_columns (LysDb       *source,
              const char  *table,
              GPtrArray   *names,
              GPtrArray   *kinds,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name, upper (type) FROM pragma_table_info ('%s') ORDER BY cid", table);
  g_autoptr(LysDbStmt) stmt = lys_db_prepare (source, sql, error);
  LysDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      g_ptr_array_add (names, _lys_column_dup (stmt, 0));
      g_ptr_array_add (kinds, _lys_column_dup (stmt, 1));
    }
  return rc == LYS_DB_DONE || lys_db_set_error (source, error);
}

/* Every row of @table, as it is; returns how many. The columns are those
 * of the table in SQLite's file, @file (the source or the target). */
static gint64
copy_table (LysDb       *source,
            LysDb       *target,
            LysDb       *file,
            const char  *table,
            GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GString) insert = NULL;
  g_autoptr(LysDbStmt) read = NULL;
  g_autoptr(LysDbStmt) write = NULL;
  gint64 rows = 0;
  LysDbStep rc;

  if (!list_columns (file, table, names, kinds, error))
    return -1;
  /* The order the consent form's versions were saved in is SQLite's rowid,
   * a column of its own on the server */
  if (g_str_equal (table, "consent_forms"))
    {
      g_ptr_array_add (names, g_strdup ("rowid"));
      g_ptr_array_add (kinds, g_strdup ("INTEGER"));
    }
  insert = g_string_new ("INSERT INTO ");
  g_string_append_printf (insert, "%s (", table);
  for (guint i = 0; i < names->len; i++)
    {
      g_string_append_printf (select, "%s%s", i > 0 ? ", " : "", (char *) names->pdata[i]);
      g_string_append_printf (insert, "%s%s", i > 0 ? ", " : "", (char *) names->pdata[i]);
    }
  /* Ids in order: a row that refers to another of its table (a group
   * note's part, a correction) comes after it */
  g_string_append_printf (select, " FROM %s ORDER BY 1", table);
  g_string_append (insert, ") VALUES (");
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (insert, "%s?%u", i > 0 ? ", " : "", i + 1);
  g_string_append_c (insert, ')');

  read = lys_db_prepare (source, select->str, error);
  write = read != NULL ? lys_db_prepare (target, insert->str, error) : NULL;
  if (write == NULL)
    return -1;
  while ((rc = lys_db_step (read)) == LYS_DB_ROW)
    {
      for (guint i = 0; i < names->len; i++)
        {
          const char *kind = kinds->pdata[i];
          int column = (int) i;

          if (lys_db_column_is_null (read, column))
            lys_db_bind_null (write, column + 1);
          else if (g_str_equal (kind, "INTEGER"))
            lys_db_bind_int64 (write, column + 1, lys_db_column_int64 (read, column));
          else if (g_str_equal (kind, "REAL"))
            lys_db_bind_double (write, column + 1, lys_db_column_double (read, column));
          else
            lys_db_bind_text (write, column + 1, lys_db_column_text (read, column));
        }
      if (lys_db_step (write) != LYS_DB_DONE)
        return lys_db_set_error (target, error), -1;
      lys_db_reset (write);
      lys_db_clear_bindings (write);
      rows++;
    }
  if (rc != LYS_DB_DONE)
    return lys_db_set_error (source, error), -1;
  return rows;
}

static gboolean
count_rows (LysDb       *db,
            const char  *table,
            gint64      *n,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s", table);

  return lys_db_query_int (db, sql, NULL, n, error);
}

/* Every table's user triggers set aside (@how "DISABLE") or back ("ENABLE") */
static gboolean
set_triggers (LysDb       *db,
              const char  *how,
              GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("ALTER TABLE %s %s TRIGGER USER", tables[i], how);

      if (!lys_db_exec (db, sql, error))
        return FALSE;
    }
  return TRUE;
}

/* Each table's rows, the same number on both sides */
static gboolean
counts_match (LysDb       *source,
              LysDb       *target,
              GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gint64 there = 0, here = 0;

      if (!count_rows (source, tables[i], &there, error) || !count_rows (target, tables[i], &here, error))
        return FALSE;
      /* meta: the server keeps its schema's version as a row */
      if (there + (g_str_equal (tables[i], "meta") ? 1 : 0) != here)
        {
          /* Translators: %s is a table of the database */
          g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED,
                       _("The copy of “%s” does not hold the rows of the file; the server database was left empty."),
                       tables[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Whether the file's tables are the ones this version moves */
static gboolean
check_tables (LysDb   *source,
              GError **error)
{
  g_autoptr(LysDbStmt) stmt = lys_db_prepare (source, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                                      "AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%fts%'", error);
  LysDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    if (!g_strv_contains (tables, lys_db_column_text (stmt, 0)))
      {
        /* Translators: %s is a table of the database */
        g_set_error (error, LYS_ERROR, LYS_ERROR_NEWER_SCHEMA,
                     _("The file holds a table this version of Lysning does not know (“%s”); nothing was copied."),
                     lys_db_column_text (stmt, 0));
        return FALSE;
      }
  return rc == LYS_DB_DONE || lys_db_set_error (source, error);
}

static gboolean
copy_rows (LysDb       *source,
           LysDb       *target,
           guint64     *rows,
           GError     **error)
{
  gint64 empty = 0;
  g_autoptr(LysDbStmt) stmt = NULL;

  /* Into an empty clinic only */
  stmt = lys_db_prepare (target, "SELECT (SELECT count (*) FROM patients) + (SELECT count (*) FROM staff) + "
                                 "(SELECT count (*) FROM audit_log)", error);
  if (stmt == NULL || lys_db_step (stmt) != LYS_DB_ROW)
    return stmt == NULL ? FALSE : lys_db_set_error (target, error);
  empty = lys_db_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, lys_db_stmt_free);
  if (empty != 0)
    return lys_refuse (error, LYS_ERROR_HAS_DATA,
                       _("The server database holds a clinic already. Copy into a new, empty database."));

  /* The rows as they are: what the triggers would add (signatures) or
   * refuse (a trial of a signed assessment) is in the file already. The
   * tables are this login's, and the change one transaction: another
   * session sees the triggers set aside never. */
  if (!lys_db_exec (target, "DELETE FROM meta WHERE key <> 'schema-version'", error) ||
      !set_triggers (target, "DISABLE", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gint64 n = copy_table (source, target, source, tables[i], error);

      if (n < 0)
        return FALSE;
      *rows += n;
    }
  /* The notes' words for the search, which their trigger would have kept */
  if (!lys_db_exec (target, "UPDATE notes SET search = to_tsvector ('lysning', body); "
                            "UPDATE note_addenda SET search = to_tsvector ('lysning', body)", error) ||
      !set_triggers (target, "ENABLE", error))
    return FALSE;
  /* The bookings' times on who they are for and with: the server's guard
   * against a double booking checks them now */
  /* (their trigger puts each booking's time in, whatever is set) */
  return lys_db_exec (target, "UPDATE appointment_patients SET period = NULL; UPDATE appointment_staff SET period = NULL",
                      error) &&
         /* Each new row's id after the last copied */
         lys_db_exec (target, "DO $$ DECLARE r record; BEGIN "
                              "FOR r IN SELECT table_name, column_name FROM information_schema.columns "
                              "  WHERE table_schema = 'public' AND is_identity = 'YES' LOOP "
                              "  EXECUTE format ('SELECT setval (pg_get_serial_sequence (%L, %L), "
                              "    coalesce ((SELECT max (%I) FROM %I), 0) + 1, false)', "
                              "    r.table_name, r.column_name, r.column_name, r.table_name); "
                              "END LOOP; END $$", error);
}

/**
 * lys_store_copy_clinic:
 * @source: a clinic's SQLite file, of this version's schema
 * @target: a PostgreSQL database (libpq URI or connection string), empty
 * @result: (out caller-allocates) (optional): what was copied; clear it with
 *   lys_copy_result_clear()
 *
 * Copies every record of @source onto the server, audit log and chain
 * included, after checking the file's chain and signed records, and checks
 * the same on the server after. Nothing is written to the server unless it
 * all is.
 */
gboolean
lys_store_copy_clinic (const char     *source,
                       const char     *target,
                       LysCopyResult  *result,
                       GError        **error)
{
  g_autoptr(LysStore) from = NULL;
  g_autoptr(LysStore) to = NULL;
  g_autoptr(LysDb) reader = NULL;
  g_autoptr(LysDb) writer = NULL;
  g_autofree char *message = NULL;
  LysAuditCheck before = { 0 }, after = { 0 };
  guint64 rows = 0;
  gboolean ok;

  g_return_val_if_fail (source != NULL && target != NULL, FALSE);

  if (result != NULL)
    memset (result, 0, sizeof *result);
  if (lys_store_is_server_address (source) || !lys_store_is_server_address (target))
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("A clinic is copied from its SQLite file onto a PostgreSQL database: give the file with "
                         "--copy-from and the server's database with --database=postgresql://…"));

  /* The file, opened as Lysning opens it (brought to this version), and
   * checked whole */
  from = lys_store_open (source, error);
  if (from == NULL || !lys_store_check_integrity (from, NULL, error))
    return FALSE;
  ok = check_clinic (from, &before, FALSE, error);
  lys_audit_check_clear (&before);
  if (!ok)
    return FALSE;
  g_clear_object (&from);

  reader = _lys_open_reader (source, LYS_READER_SNAPSHOT, error);
  if (reader == NULL || !check_tables (reader, error))
    return FALSE;
  writer = lys_db_postgresql_connect (target, &message, NULL);
  if (writer == NULL)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The clinic’s database server cannot be reached: %s"), message);
      return FALSE;
    }
  if (!_lys_server_prepare (writer, target, NULL, error))
    return FALSE;

  ok = lys_db_begin (writer, error) &&
       copy_rows (reader, writer, &rows, error) &&
       counts_match (reader, writer, error);
  if (ok)
    ok = lys_db_exec (writer, "COMMIT", error);
  else
    lys_db_rollback (writer);
  if (!ok)
    return FALSE;
  _lys_server_learn_sizes (writer);

  /* The server's copy, opened as a workstation opens it, checked as the
   * file was */
  to = lys_store_open (target, error);
  if (to == NULL || !check_clinic (to, &after, TRUE, error))
    {
      lys_audit_check_clear (&after);
      return FALSE;
    }
  if (result != NULL)
    {
      result->rows = rows;
      result->audit_rows = after.rows;
      result->audit_head = g_steal_pointer (&after.head);
    }
  lys_audit_check_clear (&after);
  {
    g_autofree char *detail = g_strdup_printf ("%" G_GUINT64_FORMAT " rows", rows);

    return _lys_store_audit (to, "clinic.copy", 0, NULL, 0, detail, error);
  }
}

/* Back from the server: a clinic file of SQLite's, made as Lysning makes
 * one (the migrations' schema and triggers), holding every row of the
 * server's, ids and chain as they are */
static gboolean
fill_file (LysDb       *server,
           LysDb       *file,
           GError     **error)
{
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LysDbStmt) stmt = NULL;
  LysDbStep rc;

  /* The triggers set aside while the rows go in as they are, and put back
   * as they were: the file opens as one Lysning made */
  stmt = lys_db_prepare (file, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      g_ptr_array_add (triggers, g_strdup_printf ("DROP TRIGGER %s", lys_db_column_text (stmt, 0)));
      g_ptr_array_add (triggers, _lys_column_dup (stmt, 1));
    }
  if (rc != LYS_DB_DONE)
    return lys_db_set_error (file, error);
  g_clear_pointer (&stmt, lys_db_stmt_free);
  for (guint i = 0; i < triggers->len; i += 2)
    if (!lys_db_exec (file, triggers->pdata[i], error))
      return FALSE;
  /* What opening the new file wrote (a profile, the standard forms) gives
   * way to the server's */
  for (guint i = G_N_ELEMENTS (tables); i > 0; i--)
    {
      g_autofree char *empty = g_strdup_printf ("DELETE FROM %s", tables[i - 1]);

      if (!lys_db_exec (file, empty, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (copy_table (server, file, file, tables[i], error) < 0)
      return FALSE;
  /* SQLite keeps the schema's version itself */
  if (!lys_db_exec (file, "DELETE FROM meta WHERE key = 'schema-version'", error))
    return FALSE;
  for (guint i = 1; i < triggers->len; i += 2)
    if (!lys_db_exec (file, triggers->pdata[i], error))
      return FALSE;
  /* The notes' search, for the rows as they are now */
  return lys_db_exec (file, "INSERT INTO notes_fts (notes_fts) VALUES ('rebuild'); "
                            "INSERT INTO note_addenda_fts (note_addenda_fts) VALUES ('rebuild')", error);
}

/**
 * _lys_store_copy_server_to_file:
 * @address: the server's database
 * @file: a new SQLite file (its name free)
 *
 * Writes the clinic on the server into @file as one snapshot: a clinic
 * file of this version, as a backup holds one. The caller checks it.
 */
gboolean
_lys_store_copy_server_to_file (const char  *address,
                                const char  *file,
                                GError     **error)
{
  g_autoptr(LysDb) server = NULL;
  g_autoptr(LysDb) target = NULL;
  sqlite3 *handle = NULL;
  gboolean ok;

  /* The schema as the migrations make it */
  {
    g_autoptr(LysStore) made = lys_store_open (file, error);

    if (made == NULL)
      return FALSE;
  }
  server = _lys_open_reader (address, LYS_READER_SNAPSHOT, error);
  if (server == NULL)
    return FALSE;
  if (sqlite3_open_v2 (file, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The clinic database could not be read: %s"),
                   handle != NULL ? sqlite3_errmsg (handle) : g_strerror (ENOMEM));
      sqlite3_close_v2 (handle);
      return FALSE;
    }
  target = lys_db_sqlite_wrap (handle);
  if (!lys_fts_register (handle, error) ||
      !lys_db_exec (target, "PRAGMA foreign_keys = OFF", error) ||
      !lys_db_begin (target, error))
    return FALSE;
  ok = fill_file (server, target, error);
  if (ok)
    {
      g_autoptr(LysDbStmt) orphans = lys_db_prepare (target, "PRAGMA foreign_key_check", error);

      ok = orphans != NULL && lys_db_step (orphans) == LYS_DB_DONE;
      if (orphans != NULL && !ok)
        g_set_error_literal (error, LYS_ERROR, LYS_ERROR_CORRUPT,
                             _("A row on the server refers to one that is not there; the backup was not written."));
    }
  if (ok)
    ok = lys_db_exec (target, "COMMIT", error);
  else
    lys_db_rollback (target);
  return ok;
}
