/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-db.h"

G_BEGIN_DECLS

/* What an engine gives the seam (lys-db.c dispatches to it); each engine
 * is one file beside this one */
typedef struct
{
  /* Begins a transaction that writes: it waits for, then holds off, any
   * other writer */
  const char  *begin;
  void         (*close)          (LysDb       *db);
  gboolean     (*exec)           (LysDb       *db,
                                  const char  *sql);
  LysDbStmt   *(*prepare)        (LysDb       *db,
                                  const char  *sql,
                                  gboolean     persistent);
  LysDbFault   (*fault)          (LysDb       *db);
  const char  *(*message)        (LysDb       *db);
  gboolean     (*in_transaction) (LysDb       *db);
  /* whether a statement of the transaction failed, so that it can only
   * be undone (a server's); NULL: never */
  gboolean     (*transaction_failed) (LysDb   *db);
  void         (*set_cancellable) (LysDb        *db,
                                   GCancellable *cancellable);
  gint64       (*changes)        (LysDb       *db);
  gint64       (*last_insert_id) (LysDb       *db);

  void         (*stmt_free)      (LysDbStmt   *stmt);
  LysDbStep    (*step)           (LysDbStmt   *stmt);
  void         (*reset)          (LysDbStmt   *stmt);
  void         (*clear_bindings) (LysDbStmt   *stmt);
  int          (*param_index)    (LysDbStmt   *stmt,
                                  const char  *name);
  int          (*param_count)    (LysDbStmt   *stmt);
  void         (*bind_null)      (LysDbStmt   *stmt,
                                  int          index);
  void         (*bind_int64)     (LysDbStmt   *stmt,
                                  int          index,
                                  gint64       value);
  void         (*bind_double)    (LysDbStmt   *stmt,
                                  int          index,
                                  double       value);
  /* @text is the engine's to free with g_free() */
  void         (*bind_text)      (LysDbStmt   *stmt,
                                  int          index,
                                  char        *text);
  gboolean     (*column_is_null) (LysDbStmt   *stmt,
                                  int          column);
  gint64       (*column_int64)   (LysDbStmt   *stmt,
                                  int          column);
  double       (*column_double)  (LysDbStmt   *stmt,
                                  int          column);
  const char  *(*column_text)    (LysDbStmt   *stmt,
                                  int          column);
} LysDbEngine;

struct _LysDb
{
  const LysDbEngine *engine;
};

struct _LysDbStmt
{
  LysDb *db;
};

G_END_DECLS
