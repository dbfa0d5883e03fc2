/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The store's seam to its database engine: a connection, its statements,
 * their parameters and rows, and the engine's faults in its own words.
 * The store's parts speak SQL through this alone; what only one engine has
 * (SQLite's pragmas, functions and backup) stays in that engine's file. */

typedef struct _LysDb     LysDb;
typedef struct _LysDbStmt LysDbStmt;

/* What a step gave */
typedef enum
{
  LYS_DB_ROW,
  LYS_DB_DONE,
  LYS_DB_ERROR,
} LysDbStep;

/* Why the engine refused the last statement */
typedef enum
{
  LYS_DB_FAULT_NONE,
  LYS_DB_FAULT_CORRUPT,     /* the file or the data is damaged */
  LYS_DB_FAULT_BUSY,        /* another connection held a lock too long */
  LYS_DB_FAULT_FULL,        /* no room on the disk */
  LYS_DB_FAULT_READONLY,    /* the database cannot be written */
  LYS_DB_FAULT_DENIED,      /* refused before it ran: the store's guard */
  LYS_DB_FAULT_CONSTRAINT,  /* a CHECK, key, trigger or unique rule */
  LYS_DB_FAULT_GONE,        /* the server cannot be reached */
  LYS_DB_FAULT_OTHER,
} LysDbFault;

void         lys_db_close               (LysDb        *db);
gboolean     lys_db_exec                (LysDb        *db,
                                         const char   *sql,
                                         GError      **error);
gboolean     lys_db_begin               (LysDb        *db,
                                         GError      **error);
void         lys_db_rollback            (LysDb        *db);
LysDbStmt   *lys_db_prepare             (LysDb        *db,
                                         const char   *sql,
                                         GError      **error);
LysDbStmt   *lys_db_prepare_persistent  (LysDb        *db,
                                         const char   *sql,
                                         GError      **error);
gboolean     lys_db_query_int           (LysDb        *db,
                                         const char   *sql,
                                         const char   *text,
                                         gint64       *result,
                                         GError      **error);
gboolean     lys_db_set_error           (LysDb        *db,
                                         GError      **error);
LysDbFault   lys_db_get_fault           (LysDb        *db);
const char  *lys_db_get_message         (LysDb        *db);
gboolean     lys_db_in_transaction      (LysDb        *db);
gboolean     lys_db_transaction_failed  (LysDb        *db);
void         lys_db_set_cancellable     (LysDb        *db,
                                         GCancellable *cancellable);
gint64       lys_db_changes             (LysDb        *db);
gint64       lys_db_last_insert_id      (LysDb        *db);

void         lys_db_stmt_free           (LysDbStmt    *stmt);
LysDbStep    lys_db_step                (LysDbStmt    *stmt);
void         lys_db_reset               (LysDbStmt    *stmt);
void         lys_db_clear_bindings      (LysDbStmt    *stmt);

int          lys_db_param_index         (LysDbStmt    *stmt,
                                         const char   *name);
int          lys_db_param_count         (LysDbStmt    *stmt);
void         lys_db_bind_null           (LysDbStmt    *stmt,
                                         int           index);
void         lys_db_bind_int64          (LysDbStmt    *stmt,
                                         int           index,
                                         gint64        value);
void         lys_db_bind_int            (LysDbStmt    *stmt,
                                         int           index,
                                         int           value);
void         lys_db_bind_double         (LysDbStmt    *stmt,
                                         int           index,
                                         double        value);
void         lys_db_bind_text           (LysDbStmt    *stmt,
                                         int           index,
                                         const char   *text);
void         lys_db_bind_text_take      (LysDbStmt    *stmt,
                                         int           index,
                                         char         *text);

gboolean     lys_db_column_is_null      (LysDbStmt    *stmt,
                                         int           column);
gint64       lys_db_column_int64        (LysDbStmt    *stmt,
                                         int           column);
int          lys_db_column_int          (LysDbStmt    *stmt,
                                         int           column);
double       lys_db_column_double       (LysDbStmt    *stmt,
                                         int           column);
const char  *lys_db_column_text         (LysDbStmt    *stmt,
                                         int           column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysDbStmt, lys_db_stmt_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysDb, lys_db_close)

G_END_DECLS
