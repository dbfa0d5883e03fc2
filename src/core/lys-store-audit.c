/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lys-audit-chain.h"
#include "lys-store-private.h"

/* The audit log as evidence: its hash chain checked row by row. */

/**
 * lys_store_verify_audit:
 * @check: (out caller-allocates): what was found; clear it with
 *   lys_audit_check_clear()
 *
 * Recomputes every row's hash from the row and the one before, in order,
 * and stops at the first that does not match: a row changed, put in or
 * taken out there or just before. Rows cut from the end leave no gap the
 * chain can show; a backup's head shows them.
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

  if (lys_audit_chain_verify (_lys_store_get_db (self), check, error))
    return TRUE;
  return FALSE;
}
