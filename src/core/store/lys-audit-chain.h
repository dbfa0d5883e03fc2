/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-db.h"
#include <glib.h>

G_BEGIN_DECLS

/* The audit log's hash chain: each row's hash covers the row and the hash
 * of the row before, so that a row changed, inserted or taken out breaks
 * every link after it. The links are HMAC-SHA-256 with a key of the
 * clinic's kept outside the database (lys_audit_key_ensure()), so that
 * someone with the file alone cannot forge a row that verifies; a row
 * names the key it was linked with ("hmac:KEY-ID:HEX"). Rows written
 * before keys came are plain SHA-256 (64 hexadecimal digits), and only
 * before the first keyed row. */

/* Every field as SQLite reads it as text; NULL for NULL */
typedef struct
{
  const char *id;
  const char *at;
  const char *staff_id;
  const char *staff_name;
  const char *role;
  const char *action;
  const char *patient_id;
  const char *object_type;
  const char *object_id;
  const char *detail;
} LysAuditRow;

/* The audit log's chain, checked */
typedef struct
{
  guint64  rows;           /* the rows that hold */
  gint64   broken_id;      /* the first row that does not; 0 when intact */
  char    *broken_at;
  char    *broken_action;
  char    *head;           /* the hash of the last row read */
  gint64   head_id;        /* and its id */
  guint64  unchecked;      /* rows linked with a key not on this computer */
  char    *missing_key;    /* the first such key's id */
  gint64   lost_anchor;    /* a row this computer saw, gone or changed; 0: none */
  gboolean emptied;        /* no rows, though the clinic has patients */
} LysAuditCheck;

#define LYS_AUDIT_KEY_ID_LENGTH 16

void      lys_audit_check_clear    (LysAuditCheck     *check);
gboolean  lys_audit_chain_verify   (LysDb             *db,
                                    LysAuditCheck     *check,
                                    GError           **error);
gboolean  lys_audit_chain_verify_rows (LysDb          *db,
                                       const char     *select,
                                       LysAuditCheck  *check,
                                       GError        **error);
char     *lys_audit_chain_hash     (const char        *previous,
                                    const LysAuditRow *row);
char     *lys_audit_chain_hmac     (const char        *key_id,
                                    GBytes            *key,
                                    const char        *previous,
                                    const LysAuditRow *row);
gboolean  lys_audit_chain_register (LysDb             *db,
                                    const char        *key_id,
                                    GError           **error);

char     *lys_audit_key_ensure     (const char        *wanted,
                                    GError           **error);
GBytes   *lys_audit_key_load       (const char        *key_id);

G_END_DECLS
