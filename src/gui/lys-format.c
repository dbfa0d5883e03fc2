/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-format"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-format.h"
#include "lys-time.h"

char *
lys_format_iso_date (const char *iso_date)
{
  g_autoptr(GDateTime) time = NULL;

  if (iso_date == NULL)
    return g_strdup ("");

  time = lys_time_parse_local (iso_date);
  if (time == NULL)
    return g_strdup (iso_date);

  /* Translators: a date in full, see strftime(3); Norwegian uses "%-d. %B %Y" */
  return g_date_time_format (time, _("%-d %B %Y"));
}

char *
lys_format_day (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  /* Translators: a weekday and date, see strftime(3); Norwegian uses "%A %-d. %B" */
  return g_date_time_format (time, _("%A %-d %B"));
}

char *
lys_format_time_span (GDateTime *from,
                      GDateTime *until)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (from != NULL && until != NULL, NULL);

  start = g_date_time_format (from, "%H:%M");
  end = g_date_time_format (until, "%H:%M");

  /* Translators: a time span, e.g. "09:00–10:55" */
  return g_strdup_printf (_("%s–%s"), start, end);
}
