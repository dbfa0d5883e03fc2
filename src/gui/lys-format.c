/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-format"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-format.h"
#include "lys-time.h"

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
