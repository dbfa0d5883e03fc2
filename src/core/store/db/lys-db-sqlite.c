/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The SQLite engine: the embedded default, one file on one desk */

#include "config.h"

#include "lys-db-engine.h"
#include "lys-db-sqlite.h"

typedef struct
{
  LysDb parent;
  sqlite3 *handle;
} SqliteDb;

typedef struct
{
  LysDbStmt parent;
  sqlite3_stmt *stmt;
} SqliteStmt;

static const LysDbEngine sqlite_engine;

#define HANDLE(db) (((SqliteDb *) (db))->handle)
#define STMT(s) (((SqliteStmt *) (s))->stmt)

static void
sqlite_close (LysDb *db)
{
  sqlite3_close_v2 (HANDLE (db));
  g_free (db);
}

static gboolean
sqlite_exec (LysDb      *db,
             const char *sql)
{
  return sqlite3_exec (HANDLE (db), sql, NULL, NULL, NULL) == SQLITE_OK;
}

static LysDbStmt *
sqlite_prepare (LysDb      *db,
                const char *sql,
                gboolean    persistent)
{
  sqlite3_stmt *handle = NULL;
  SqliteStmt *stmt;

  if (sqlite3_prepare_v3 (HANDLE (db), sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &handle, NULL) != SQLITE_OK)
    return NULL;
  stmt = g_new0 (SqliteStmt, 1);
  stmt->parent.db = db;
  stmt->stmt = handle;
  return &stmt->parent;
}

static LysDbFault
sqlite_fault (LysDb *db)
{
  switch (sqlite3_extended_errcode (HANDLE (db)) & 0xff)
    {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return LYS_DB_FAULT_NONE;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return LYS_DB_FAULT_CORRUPT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return LYS_DB_FAULT_BUSY;
    case SQLITE_FULL:
      return LYS_DB_FAULT_FULL;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return LYS_DB_FAULT_READONLY;
    case SQLITE_AUTH:
      return LYS_DB_FAULT_DENIED;
    case SQLITE_CONSTRAINT:
      return LYS_DB_FAULT_CONSTRAINT;
    default:
      return LYS_DB_FAULT_OTHER;
    }
}

static const char *
sqlite_message (LysDb *db)
{
  return sqlite3_errmsg (HANDLE (db));
}

static gboolean
sqlite_in_transaction (LysDb *db)
{
  return !sqlite3_get_autocommit (HANDLE (db));
}

static int
on_progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

static void
sqlite_set_cancellable (LysDb        *db,
                        GCancellable *cancellable)
{
  if (cancellable != NULL)
    sqlite3_progress_handler (HANDLE (db), 1000, on_progress_cb, cancellable);
  else
    sqlite3_progress_handler (HANDLE (db), 0, NULL, NULL);
}

static gint64
sqlite_changes (LysDb *db)
{
  return sqlite3_changes64 (HANDLE (db));
}

static gint64
sqlite_last_insert_id (LysDb *db)
{
  return sqlite3_last_insert_rowid (HANDLE (db));
}

static void
sqlite_stmt_free (LysDbStmt *stmt)
{
  sqlite3_finalize (STMT (stmt));
  g_free (stmt);
}

static LysDbStep
sqlite_step (LysDbStmt *stmt)
{
  switch (sqlite3_step (STMT (stmt)))
    {
    case SQLITE_ROW:
      return LYS_DB_ROW;
    case SQLITE_DONE:
      return LYS_DB_DONE;
    default:
      return LYS_DB_ERROR;
    }
}

static void
sqlite_reset (LysDbStmt *stmt)
{
  sqlite3_reset (STMT (stmt));
}

static void
sqlite_clear_bindings (LysDbStmt *stmt)
{
  sqlite3_clear_bindings (STMT (stmt));
}

static int
sqlite_param_index (LysDbStmt  *stmt,
                    const char *name)
{
  return sqlite3_bind_parameter_index (STMT (stmt), name);
}

static int
sqlite_param_count (LysDbStmt *stmt)
{
  return sqlite3_bind_parameter_count (STMT (stmt));
}

static void
sqlite_bind_null (LysDbStmt *stmt,
                  int        index)
{
  sqlite3_bind_null (STMT (stmt), index);
}

static void
sqlite_bind_int64 (LysDbStmt *stmt,
                   int        index,
                   gint64     value)
{
  sqlite3_bind_int64 (STMT (stmt), index, value);
}

static void
sqlite_bind_double (LysDbStmt *stmt,
                    int        index,
                    double     value)
{
  sqlite3_bind_double (STMT (stmt), index, value);
}

static void
sqlite_bind_text (LysDbStmt *stmt,
                  int        index,
                  char      *text)
{
  sqlite3_bind_text (STMT (stmt), index, text, -1, g_free);
}

static gboolean
sqlite_column_is_null (LysDbStmt *stmt,
                       int        column)
{
  return sqlite3_column_type (STMT (stmt), column) == SQLITE_NULL;
}

static gint64
sqlite_column_int64 (LysDbStmt *stmt,
                     int        column)
{
  return sqlite3_column_int64 (STMT (stmt), column);
}

static double
sqlite_column_double (LysDbStmt *stmt,
                      int        column)
{
  return sqlite3_column_double (STMT (stmt), column);
}

static const char *
sqlite_column_text (LysDbStmt *stmt,
                    int        column)
{
  return (const char *) sqlite3_column_text (STMT (stmt), column);
}

static const LysDbEngine sqlite_engine = {
  .begin = "BEGIN IMMEDIATE",
  .close = sqlite_close,
  .exec = sqlite_exec,
  .prepare = sqlite_prepare,
  .fault = sqlite_fault,
  .message = sqlite_message,
  .in_transaction = sqlite_in_transaction,
  .set_cancellable = sqlite_set_cancellable,
  .changes = sqlite_changes,
  .last_insert_id = sqlite_last_insert_id,
  .stmt_free = sqlite_stmt_free,
  .step = sqlite_step,
  .reset = sqlite_reset,
  .clear_bindings = sqlite_clear_bindings,
  .param_index = sqlite_param_index,
  .param_count = sqlite_param_count,
  .bind_null = sqlite_bind_null,
  .bind_int64 = sqlite_bind_int64,
  .bind_double = sqlite_bind_double,
  .bind_text = sqlite_bind_text,
  .column_is_null = sqlite_column_is_null,
  .column_int64 = sqlite_column_int64,
  .column_double = sqlite_column_double,
  .column_text = sqlite_column_text,
};

/**
 * lys_db_sqlite_wrap:
 * @handle: (transfer full): an open SQLite connection
 *
 * Returns: (transfer full): the connection as the store speaks to it; it
 *   closes @handle when it is closed
 */
LysDb *
lys_db_sqlite_wrap (sqlite3 *handle)
{
  SqliteDb *db = g_new0 (SqliteDb, 1);

  db->parent.engine = &sqlite_engine;
  db->handle = handle;
  return &db->parent;
}

/* The SQLite connection under @db, for what only SQLite has (its pragmas,
 * functions and backup), or %NULL on another engine */
sqlite3 *
lys_db_sqlite_get_handle (LysDb *db)
{
  if (db == NULL || db->engine != &sqlite_engine)
    return NULL;
  return HANDLE (db);
}
