/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-time"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "lys-time.h"

char *
lys_time_format_local (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

GDateTime *
lys_time_parse_local (const char *text)
{
  int year, month, day, hour = 0, minute = 0, second = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (sscanf (text, "%4d-%2d-%2d %2d:%2d:%2d", &year, &month, &day, &hour, &minute, &second) < 3)
    return NULL;

  return g_date_time_new_local (year, month, day, hour, minute, second);
}

char *
lys_time_now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * lys_time_parse_date:
 * @text: a date as typed: "2026-11-23" or the Norwegian "23.11.2026"
 * @date: (out caller-allocates): the date
 *
 * Returns: whether @text is a real date in one of those forms
 */
gboolean
lys_time_parse_date (const char *text,
                     GDate      *date)
{
  guint a = 0, b = 0, c = 0;
  char sep1 = 0, sep2 = 0, rest = 0;
  guint day, month, year;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (sscanf (text, " %u%c%u%c%u %c", &a, &sep1, &b, &sep2, &c, &rest) != 5 || sep1 != sep2)
    return FALSE;

  if (sep1 == '-')
    year = a, month = b, day = c;
  else if (sep1 == '.')
    day = a, month = b, year = c;
  else
    return FALSE;

  if (year < 1900 || year > 9999 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/**
 * lys_time_format_date:
 * @text: (nullable): a stored date, "YYYY-MM-DD", or a stored local time
 *
 * Returns: (transfer full): the date written out in the user's language,
 *   e.g. "23 November 2026"; text that is no date comes back as it is
 */
char *
lys_time_format_date (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return g_strdup ("");

  time = lys_time_parse_local (text);
  if (time == NULL)
    return g_strdup (text);

  /* Translators: a date in full, see strftime(3); Norwegian uses "%-d. %B %Y" */
  return g_date_time_format (time, _("%-d %B %Y"));
}
