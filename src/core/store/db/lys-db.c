/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-db"

#include "config.h"

#include "lys-i18n.h"

#include "lys-db-engine.h"
#include "lys-error.h"

void
lys_db_close (LysDb *db)
{
  if (db != NULL)
    db->engine->close (db);
}

/* The engine's last fault as the error a user reads: what happened and
 * what to do. Returns %FALSE, for `return lys_db_set_error (db, error);`. */
gboolean
lys_db_set_error (LysDb   *db,
                  GError **error)
{
  const char *message = lys_db_get_message (db);

  switch (lys_db_get_fault (db))
    {
    case LYS_DB_FAULT_CORRUPT:
      g_set_error (error, LYS_ERROR, LYS_ERROR_CORRUPT,
                   _("The database is damaged (%s). Restore it from a backup."), message);
      break;
    case LYS_DB_FAULT_BUSY:
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_IO,
                           _("Another window or program has held the database for more than five seconds, so nothing was saved. "
                             "Try again in a moment; if it goes on, close the other Lysning window."));
      break;
    case LYS_DB_FAULT_FULL:
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_IO,
                           _("The disk is full. Free some space and try again; nothing was saved."));
      break;
    case LYS_DB_FAULT_READONLY:
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO,
                   _("The database cannot be written (%s). Check that the file and its folder are writable."), message);
      break;
    case LYS_DB_FAULT_DENIED:
      g_set_error (error, LYS_ERROR, LYS_ERROR_PERMISSION,
                   _("The database does not let your login do this (%s). On a clinic server, a role or the "
                     "clinic lead is changed by whoever runs the server."), message);
      break;
    case LYS_DB_FAULT_GONE:
      /* The server's own words stay in the debug log */
      g_debug ("The server cannot be reached: %s", message);
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_IO,
                           _("The clinic’s database server cannot be reached just now, so this was not saved. What "
                             "you typed stays in its window. Lysning connects again by itself as soon as the server "
                             "answers; then save it again (a note’s draft saves itself)."));
      break;
    case LYS_DB_FAULT_NONE:
    case LYS_DB_FAULT_CONSTRAINT:
    case LYS_DB_FAULT_OTHER:
    default:
      g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED, _("The database refused the change: %s"), message);
      break;
    }
  return FALSE;
}

gboolean
lys_db_exec (LysDb       *db,
             const char  *sql,
             GError     **error)
{
  if (db->engine->exec (db, sql))
    return TRUE;
  return lys_db_set_error (db, error);
}

/**
 * lys_db_query_int:
 * @text: (nullable): the text bound to ?1, if @sql has one
 * @result: (out): the first column of the first row; 0 when there is none
 *
 * One number the database answers, such as a count or a setting.
 */
gboolean
lys_db_query_int (LysDb       *db,
                  const char  *sql,
                  const char  *text,
                  gint64      *result,
                  GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  int rc;

  *result = 0;
  stmt = lys_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    lys_db_bind_text (stmt, 1, text);
  rc = lys_db_step (stmt);
  if (rc == LYS_DB_ROW)
    *result = lys_db_column_int64 (stmt, 0);
  else if (rc != LYS_DB_DONE)
    return lys_db_set_error (db, error);
  return TRUE;
}

/* Begins a transaction that will write */
gboolean
lys_db_begin (LysDb   *db,
              GError **error)
{
  if (lys_db_exec (db, db->engine->begin, error))
    return TRUE;
  /* A server keeps a transaction whose lock was refused until it is
   * ended */
  lys_db_rollback (db);
  return FALSE;
}

/* Ends the transaction there is, if any, undoing it */
void
lys_db_rollback (LysDb *db)
{
  if (lys_db_in_transaction (db))
    db->engine->exec (db, "ROLLBACK");
}

static LysDbStmt *
prepare (LysDb       *db,
         const char  *sql,
         gboolean     persistent,
         GError     **error)
{
  LysDbStmt *stmt = db->engine->prepare (db, sql, persistent);

  if (stmt == NULL)
    lys_db_set_error (db, error);
  return stmt;
}

LysDbStmt *
lys_db_prepare (LysDb       *db,
                const char  *sql,
                GError     **error)
{
  return prepare (db, sql, FALSE, error);
}

/* For a statement kept for the connection's life and run often */
LysDbStmt *
lys_db_prepare_persistent (LysDb       *db,
                           const char  *sql,
                           GError     **error)
{
  return prepare (db, sql, TRUE, error);
}

LysDbFault
lys_db_get_fault (LysDb *db)
{
  return db->engine->fault (db);
}

const char *
lys_db_get_message (LysDb *db)
{
  return db->engine->message (db);
}

gboolean
lys_db_in_transaction (LysDb *db)
{
  return db->engine->in_transaction (db);
}

/* Whether a statement of the transaction there is failed: on a server, it
 * then takes nothing more and its COMMIT undoes it */
gboolean
lys_db_transaction_failed (LysDb *db)
{
  return db->engine->transaction_failed != NULL && db->engine->transaction_failed (db);
}

/* Stops the statements that run from now on as soon as @cancellable is
 * cancelled (they fail); %NULL lets them run to their end */
void
lys_db_set_cancellable (LysDb        *db,
                        GCancellable *cancellable)
{
  db->engine->set_cancellable (db, cancellable);
}

/* Rows the last INSERT, UPDATE or DELETE changed */
gint64
lys_db_changes (LysDb *db)
{
  return db->engine->changes (db);
}

gint64
lys_db_last_insert_id (LysDb *db)
{
  return db->engine->last_insert_id (db);
}

void
lys_db_stmt_free (LysDbStmt *stmt)
{
  if (stmt != NULL)
    stmt->db->engine->stmt_free (stmt);
}

LysDbStep
lys_db_step (LysDbStmt *stmt)
{
  return stmt->db->engine->step (stmt);
}

/* Ready to run again, with the same parameters */
void
lys_db_reset (LysDbStmt *stmt)
{
  stmt->db->engine->reset (stmt);
}

void
lys_db_clear_bindings (LysDbStmt *stmt)
{
  stmt->db->engine->clear_bindings (stmt);
}

/* The index of the named parameter @name (":name"), or 0 */
int
lys_db_param_index (LysDbStmt  *stmt,
                    const char *name)
{
  return stmt->db->engine->param_index (stmt, name);
}

int
lys_db_param_count (LysDbStmt *stmt)
{
  return stmt->db->engine->param_count (stmt);
}

void
lys_db_bind_null (LysDbStmt *stmt,
                  int        index)
{
  stmt->db->engine->bind_null (stmt, index);
}

void
lys_db_bind_int64 (LysDbStmt *stmt,
                   int        index,
                   gint64     value)
{
  stmt->db->engine->bind_int64 (stmt, index, value);
}

void
lys_db_bind_int (LysDbStmt *stmt,
                 int        index,
                 int        value)
{
  stmt->db->engine->bind_int64 (stmt, index, value);
}

void
lys_db_bind_double (LysDbStmt *stmt,
                    int        index,
                    double     value)
{
  stmt->db->engine->bind_double (stmt, index, value);
}

/* Binds a copy of @text, or NULL */
void
lys_db_bind_text (LysDbStmt  *stmt,
                  int         index,
                  const char *text)
{
  lys_db_bind_text_take (stmt, index, g_strdup (text));
}

/* Binds @text, or NULL, and frees it when the statement is done with it */
void
lys_db_bind_text_take (LysDbStmt *stmt,
                       int        index,
                       char      *text)
{
  if (text == NULL)
    stmt->db->engine->bind_null (stmt, index);
  else
    stmt->db->engine->bind_text (stmt, index, text);
}

gboolean
lys_db_column_is_null (LysDbStmt *stmt,
                       int        column)
{
  return stmt->db->engine->column_is_null (stmt, column);
}

gint64
lys_db_column_int64 (LysDbStmt *stmt,
                     int        column)
{
  return stmt->db->engine->column_int64 (stmt, column);
}

int
lys_db_column_int (LysDbStmt *stmt,
                   int        column)
{
  return (int) stmt->db->engine->column_int64 (stmt, column);
}

double
lys_db_column_double (LysDbStmt *stmt,
                      int        column)
{
  return stmt->db->engine->column_double (stmt, column);
}

/* The column's text, valid until the next step or reset, or NULL */
const char *
lys_db_column_text (LysDbStmt *stmt,
                    int        column)
{
  return stmt->db->engine->column_text (stmt, column);
}
