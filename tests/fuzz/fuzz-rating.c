/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "lys-rating.h"

/* Any text as a rating's stored answers, for each scale: read or refused;
 * read, the total is in range or refused with a reason, and the answers
 * written out and read again are the same. */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  for (LysScale scale = 0; scale < LYS_N_SCALES; scale++)
    {
      guint n = lys_scale_get_n_items (scale);
      guint answers[LYS_SCALE_MAX_ITEMS], again[LYS_SCALE_MAX_ITEMS];
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      guint total = 0, answered = 0;

      if (!lys_scale_answers_from_json (text, answers, n))
        continue;

      if (lys_scale_check (scale, answers, n, &total, &answered, &error))
        {
          g_assert (total <= lys_scale_get_total_max (scale));
          g_assert (answered <= n);
          if (answered == n)
            g_assert (*lys_scale_get_band_label (scale, total) != '\0' || scale == LYS_SCALE_CADSS);
        }
      else
        g_assert (error != NULL);

      json = lys_scale_answers_to_json (answers, n);
      g_assert (lys_scale_answers_from_json (json, again, n));
      g_assert (memcmp (answers, again, n * sizeof (guint)) == 0);
    }
  return 0;
}
