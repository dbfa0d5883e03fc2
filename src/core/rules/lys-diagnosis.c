/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-diagnosis"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-diagnosis.h"
#include "lys-error.h"

static gboolean
has_category (const char *code,
              const char *category)
{
  return g_str_has_prefix (code, category) && (code[3] == '\0' || code[3] == '.');
}

/**
 * lys_diagnosis_normalize:
 *
 * Tidies what was typed or imported: " f332" and "F33,2" become "F33.2".
 * Text that is no code at all comes back trimmed, for the check to refuse.
 *
 * Returns: (transfer full): the code
 */
char *
lys_diagnosis_normalize (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *code = NULL;
  gsize length;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  code = g_ascii_strup (trimmed, -1);
  g_strdelimit (code, ",", '.');
  length = strlen (code);

  if (length >= 4 && length <= 5 && strchr (code, '.') == NULL &&
      g_ascii_isalpha (code[0]) && g_ascii_isdigit (code[1]) && g_ascii_isdigit (code[2]))
    return g_strdup_printf ("%.3s.%s", code, code + 3);

  return g_steal_pointer (&code);
}

/**
 * lys_diagnosis_check:
 * @code: a normalized code
 *
 * Accepts an ICD-10 code; for treatment-resistant depression only a
 * depressive episode (F32), recurrent depression (F33) or, flagged elsewhere,
 * bipolar disorder (F31).
 */
gboolean
lys_diagnosis_check (const char     *code,
                     LysIndication   indication,
                     GError        **error)
{
  gsize length;

  g_return_val_if_fail (code != NULL, FALSE);

  length = strlen (code);
  if (!(length == 3 || (length >= 5 && length <= 6 && code[3] == '.')) ||
      !g_ascii_isupper (code[0]) || !g_ascii_isdigit (code[1]) || !g_ascii_isdigit (code[2]) ||
      (length > 3 && (!g_ascii_isalnum (code[4]) || (length == 6 && !g_ascii_isalnum (code[5])))))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The diagnosis is not an ICD-10 code: write it like F33.2."));
      return FALSE;
    }

  if (indication == LYS_INDICATION_TRD &&
      !has_category (code, "F32") && !has_category (code, "F33") && !has_category (code, "F31"))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Treatment-resistant depression needs a depression diagnosis: F32 or F33 (F31 only for bipolar depression with a mood stabiliser)."));
      return FALSE;
    }

  return TRUE;
}

/**
 * lys_diagnosis_is_bipolar:
 *
 * Bipolar depression (F31) is treated only with a mood stabiliser: the record
 * flags it.
 */
gboolean
lys_diagnosis_is_bipolar (const char *code)
{
  return code != NULL && has_category (code, "F31");
}
