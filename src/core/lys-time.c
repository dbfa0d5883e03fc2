/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-time"

#include "config.h"

#include <stdio.h>

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
