/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

/* The audit log's hash chain: each row's SHA-256 covers the row and the
 * hash of the row before, so that a row changed, inserted or taken out
 * breaks every link after it. */

typedef struct
{
  gint64      id;
  const char *at;
  gint64      staff_id;      /* 0: none */
  const char *staff_name;
  const char *role;
  const char *action;
  gint64      patient_id;    /* 0: none */
  const char *object_type;
  gint64      object_id;     /* 0: none */
  const char *detail;
} LysAuditRow;

/* The audit log's chain, checked */
typedef struct
{
  guint64  rows;           /* the rows that hold */
  gint64   broken_id;      /* the first row that does not; 0 when intact */
  char    *broken_at;
  char    *broken_action;
  char    *head;           /* the hash of the last row that holds */
  gint64   head_id;        /* and its id */
  gint64   lost_anchor;    /* a row this computer saw, gone or changed; 0: none */
  gboolean emptied;        /* no rows, though the clinic has patients */
} LysAuditCheck;

void      lys_audit_check_clear    (LysAuditCheck     *check);
gboolean  lys_audit_chain_verify   (sqlite3           *db,
                                    LysAuditCheck     *check,
                                    GError           **error);
char     *lys_audit_chain_hash     (const char        *previous,
                                    const LysAuditRow *row);
gboolean  lys_audit_chain_register (sqlite3           *db,
                                    GError           **error);

G_END_DECLS
