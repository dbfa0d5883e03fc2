/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "lys-national-id.h"

/* Any text as an identity number: a valid one is 11 digits with a real
 * birth date, and composing it again from its parts gives it back. */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *clean = NULL;
  g_autoptr(GError) error = NULL;
  LysNationalIdInfo info;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, 12, 2026);
  if (!lys_national_id_parse (text, &today, &info, &error))
    {
      g_assert (error != NULL);
      return 0;
    }

  g_assert (strlen (text) == LYS_NATIONAL_ID_LENGTH);
  for (guint i = 0; i < LYS_NATIONAL_ID_LENGTH; i++)
    g_assert (g_ascii_isdigit (text[i]));
  g_assert (g_date_valid (&info.birth_date));
  g_assert (g_date_compare (&info.birth_date, &today) <= 0);
  if (!info.k1_2032_rule)
    {
      char again[LYS_NATIONAL_ID_LENGTH + 1];

      g_assert (lys_national_id_compose (&info.birth_date, info.individual, info.kind, again));
      g_assert (strcmp (again, text) == 0);
    }

  clean = lys_national_id_clean (text);
  g_assert (clean != NULL);
  return 0;
}
