/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-error.h"

G_DEFINE_QUARK (lys-error-quark, lys_error)

/**
 * lys_refuse:
 * @message: what is wrong and how to put it right, translated
 *
 * Sets @error from a message already written for the user.
 *
 * Returns: %FALSE, for `return lys_refuse (…);`
 */
gboolean
lys_refuse (GError     **error,
            LysError     code,
            const char  *message)
{
  g_set_error_literal (error, LYS_ERROR, code, message);
  return FALSE;
}
