/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <sqlite3.h>

#include "lys-db-postgresql.h"
#include "lys-db-sqlite.h"
#include "lys-fts.h"
#include "lys-store.h"
#include "test-raw.h"

/* A clinic on the test server, as one with psql and the tests' login
 * reaches it */
static LysDb *
server_open (const char *address)
{
  g_autofree char *message = NULL;
  LysDb *db = lys_db_postgresql_connect (address, &message, NULL);

  if (db == NULL)
    g_error ("%s: %s", address, message);
  return db;
}

/* The server's refusal as SQLite's result code, so that a test asks the
 * same of both */
static int
server_result (LysDb *db)
{
  switch (lys_db_get_fault (db))
    {
    case LYS_DB_FAULT_NONE:
      return SQLITE_OK;
    case LYS_DB_FAULT_CONSTRAINT:
      return SQLITE_CONSTRAINT;
    case LYS_DB_FAULT_DENIED:
      return SQLITE_AUTH;
    default:
      return SQLITE_ERROR;
    }
}

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  /* Writing notes keeps their search: SQLite needs its tokenizer */
  g_assert_true (lys_fts_register (db, NULL));
  return db;
}

/* Another connection to the clinic of @path, as another program would
 * open: a file with SQLite, a database on the server */
LysDb *
test_raw_connect (const char *path)
{
  sqlite3 *db = NULL;

  if (lys_store_is_server_address (path))
    return server_open (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return lys_db_sqlite_wrap (db);
}

/* The first column of the first row of @sql */
gint64
test_raw_int (const char *path,
              const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (lys_store_is_server_address (path))
    {
      g_autoptr(LysDb) server = server_open (path);
      g_autoptr(LysDbStmt) row = lys_db_prepare (server, sql, NULL);

      g_assert_nonnull (row);
      g_assert_cmpint (lys_db_step (row), ==, LYS_DB_ROW);
      return lys_db_column_int64 (row, 0);
    }
  db = raw_open (path);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Runs @sql; returns SQLite's result code and, in @message, its error */
int
test_raw_exec (const char  *path,
               const char  *sql,
               char       **message)
{
  sqlite3 *db;
  char *errmsg = NULL;
  int rc;

  if (lys_store_is_server_address (path))
    {
      g_autoptr(LysDb) server = server_open (path);

      rc = lys_db_exec (server, sql, NULL) ? SQLITE_OK : server_result (server);
      if (message != NULL)
        *message = rc == SQLITE_OK ? NULL : g_strdup (lys_db_get_message (server));
      return rc;
    }
  db = raw_open (path);
  rc = sqlite3_exec (db, sql, NULL, NULL, &errmsg);

  if (message != NULL)
    *message = g_strdup (errmsg);
  sqlite3_free (errmsg);
  sqlite3_close (db);
  return rc;
}

/* What one with sqlite3 and the file does: drops @trigger, runs @sql past
 * it, and puts the trigger back as it was, so that the schema looks
 * untouched */
int
test_raw_tamper (const char *path,
                 const char *trigger,
                 const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *definition = NULL;
  g_autofree char *drop = g_strdup_printf ("DROP TRIGGER %s", trigger);
  int rc;

  /* On the server, as its owner would: the trigger of that name set aside
   * while @sql runs, or, where the server guards with one of another name,
   * every trigger (the tests' login is a superuser) */
  if (lys_store_is_server_address (path))
    {
      g_autoptr(LysDb) server = server_open (path);
      g_autoptr(LysDbStmt) find = lys_db_prepare (server, "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = ?1",
                                                  NULL);
      g_autofree char *around = NULL;

      lys_db_bind_text (find, 1, trigger);
      if (lys_db_step (find) == LYS_DB_ROW)
        around = g_strdup_printf ("BEGIN; ALTER TABLE %1$s DISABLE TRIGGER %2$s; %3$s; "
                                  "ALTER TABLE %1$s ENABLE TRIGGER %2$s; COMMIT",
                                  lys_db_column_text (find, 0), trigger, sql);
      else
        around = g_strdup_printf ("SET session_replication_role = replica; %s", sql);
      return lys_db_exec (server, around, NULL) ? SQLITE_OK : server_result (server);
    }
  db = raw_open (path);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, trigger, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  definition = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_exec (db, drop, NULL, NULL, NULL), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  g_assert_cmpint (sqlite3_exec (db, definition, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return rc;
}

void
test_remove_dir (const char *dir)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_cmpint (system (cmd), ==, 0);
}

/* The standard output of a program that must succeed */
char *
test_run_output (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

/* The PDF's text, as a reader copies it: words joined by single spaces.
 * With @layout, line by line as laid out, so that a table's row reads
 * across its columns. */
char *
test_pdf_text (const char *pdf,
               gboolean    layout)
{
  const char *plain[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  const char *laid_out[] = { "pdftotext", "-enc", "UTF-8", "-layout", pdf, "-", NULL };
  const char * const *argv = layout ? laid_out : plain;
  g_autofree char *text = test_run_output (argv);
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (space, text, -1, 0, " ", 0, NULL);
}

guint
test_pdf_pages (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *info = test_run_output (argv);
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}
