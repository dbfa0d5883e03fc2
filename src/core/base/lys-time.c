/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-time"

#include "config.h"

#include <stdio.h>

#include "lys-i18n.h"

#include "lys-error.h"
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

/**
 * lys_time_clinic_zone:
 *
 * Returns: (transfer none): the clinic's time zone; the machine's own
 *   where the time zone database lacks it
 */
GTimeZone *
lys_time_clinic_zone (void)
{
  static GTimeZone *zone;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      zone = g_time_zone_new_identifier (LYS_CLINIC_TIME_ZONE);
      if (zone == NULL)
        zone = g_time_zone_new_local ();
      g_once_init_leave (&once, 1);
    }

  return zone;
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
 * Returns: whether @text is a real date in one of those forms, from the
 *   year 1900 to %LYS_TIME_LAST_YEAR
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

  if (year < 1900 || year > LYS_TIME_LAST_YEAR || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/**
 * lys_time_parse_stored_day:
 * @text: (nullable): a stored date, "YYYY-MM-DD", or the start of a stored time
 * @date: (out caller-allocates): the day, cleared when there is none
 *
 * Returns: whether @text starts with a real day
 */
gboolean
lys_time_parse_stored_day (const char *text,
                           GDate      *date)
{
  guint year, month, day;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
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
  return lys_time_format (time, _("%-d %B %Y"));
}

/* The names of months and days as the language of the messages has them,
 * whatever locales the machine has */
static const char *
name_of (char    conversion,
         guint   index)
{
  static const char *const months[] = {
    NC_("month", "January"), NC_("month", "February"), NC_("month", "March"), NC_("month", "April"),
    NC_("month", "May"), NC_("month", "June"), NC_("month", "July"), NC_("month", "August"),
    NC_("month", "September"), NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
  };
  /* Translators: short month names, as a date writes them ("2 Dec 2026"; Norwegian "2. des. 2026") */
  static const char *const short_months[] = {
    NC_("short month", "Jan"), NC_("short month", "Feb"), NC_("short month", "Mar"), NC_("short month", "Apr"),
    NC_("short month", "May"), NC_("short month", "Jun"), NC_("short month", "Jul"), NC_("short month", "Aug"),
    NC_("short month", "Sep"), NC_("short month", "Oct"), NC_("short month", "Nov"), NC_("short month", "Dec"),
  };
  static const char *const weekdays[] = {
    NC_("weekday", "Monday"), NC_("weekday", "Tuesday"), NC_("weekday", "Wednesday"), NC_("weekday", "Thursday"),
    NC_("weekday", "Friday"), NC_("weekday", "Saturday"), NC_("weekday", "Sunday"),
  };
  /* Translators: short weekday names, as a calendar's columns show them */
  static const char *const short_weekdays[] = {
    NC_("short weekday", "Mon"), NC_("short weekday", "Tue"), NC_("short weekday", "Wed"), NC_("short weekday", "Thu"),
    NC_("short weekday", "Fri"), NC_("short weekday", "Sat"), NC_("short weekday", "Sun"),
  };

  switch (conversion)
    {
    case 'B':
      return lys_language_pgettext ("month", months[index]);
    case 'b':
      return lys_language_pgettext ("short month", short_months[index]);
    case 'A':
      return lys_language_pgettext ("weekday", weekdays[index]);
    case 'a':
    default:
      return lys_language_pgettext ("short weekday", short_weekdays[index]);
    }
}

/**
 * lys_time_format:
 * @format: as g_date_time_format() takes it
 *
 * Formats @time as g_date_time_format() does, but with the names of months
 * and weekdays (%B, %b, %A, %a) in the language of the messages, not the
 * machine's locale: a Norwegian date reads «2. desember 2026» also where
 * no Norwegian locale is installed.
 *
 * Returns: (transfer full): the text
 */
char *
lys_time_format (GDateTime  *time,
                 const char *format)
{
  g_autoptr(GString) plain = g_string_new (NULL);

  g_return_val_if_fail (time != NULL && format != NULL, NULL);

  for (const char *p = format; *p != '\0'; p++)
    {
      const char *name = NULL;

      if (p[0] == '%' && p[1] == '%')
        {
          g_string_append (plain, "%%");
          p++;
          continue;
        }
      if (p[0] == '%' && (p[1] == 'B' || p[1] == 'b'))
        name = name_of (p[1], g_date_time_get_month (time) - 1);
      else if (p[0] == '%' && (p[1] == 'A' || p[1] == 'a'))
        name = name_of (p[1], g_date_time_get_day_of_week (time) - 1);
      if (name == NULL)
        {
          g_string_append_c (plain, *p);
          continue;
        }
      /* The name as text, its percent signs kept as they are */
      for (const char *c = name; *c != '\0'; c++)
        {
          if (*c == '%')
            g_string_append_c (plain, '%');
          g_string_append_c (plain, *c);
        }
      p++;
    }
  return g_date_time_format (time, plain->str);
}

/**
 * lys_time_parse_minute:
 * @text: a time of day, "8:00", "08:00" or "0800"
 * @minute: (out): minutes after midnight
 */
gboolean
lys_time_parse_minute (const char *text,
                  guint      *minute)
{
  guint hours = 0, minutes = 0, digits = 0;
  gboolean colon = FALSE;

  g_return_val_if_fail (text != NULL && minute != NULL, FALSE);

  while (g_ascii_isspace (*text))
    text++;
  for (; *text != '\0' && !g_ascii_isspace (*text); text++)
    {
      if ((*text == ':' || *text == '.') && !colon && digits > 0 && digits <= 2)
        {
          colon = TRUE;
          hours = minutes;
          minutes = 0;
          digits = 0;
          continue;
        }
      if (!g_ascii_isdigit (*text) || digits >= 4)
        return FALSE;
      minutes = minutes * 10 + (guint) (*text - '0');
      digits++;
    }
  while (g_ascii_isspace (*text))
    text++;
  if (*text != '\0')
    return FALSE;

  if (!colon)
    {
      if (digits != 4 && digits > 2)
        return FALSE;
      if (digits == 4)
        {
          hours = minutes / 100;
          minutes %= 100;
        }
      else
        {
          hours = minutes;
          minutes = 0;
        }
    }
  else if (digits != 2)
    return FALSE;

  if (hours > 23 || minutes > 59)
    return FALSE;

  *minute = hours * 60 + minutes;
  return TRUE;
}

char *
lys_time_format_minute (guint minute)
{
  return g_strdup_printf ("%02u:%02u", (minute / 60) % 24, minute % 60);
}

/**
 * lys_time_parse_day_and_time:
 * @date: a date as typed, "23.11.2026" or "2026-11-23"
 * @time: a time of day as typed, "9:30" or "0930"
 *
 * Returns: (transfer full): the clinic-local time, or %NULL with an error
 *   that says how to write it
 */
GDateTime *
lys_time_parse_day_and_time (const char  *date,
                             const char  *time,
                             GError     **error)
{
  GDate day;
  guint minute;

  g_return_val_if_fail (date != NULL && time != NULL, NULL);

  if (!lys_time_parse_date (date, &day))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The date is not valid: write it like 23.11.2026."));
      return NULL;
    }
  if (!lys_time_parse_minute (time, &minute))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The time is not valid: write it like 09:30."));
      return NULL;
    }

  return g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day), g_date_get_day (&day),
                                (int) (minute / 60), (int) (minute % 60), 0);
}

/**
 * lys_time_get_iso_week:
 * @day: a valid day
 * @year: (out): the week's ISO year: the year of its Thursday, which is
 *   not @day's own in the last days of December and the first of January
 *
 * Returns: the ISO 8601 week (1 to 53)
 */
guint
lys_time_get_iso_week (const GDate *day,
                       guint       *year)
{
  GDate thursday = *day;

  g_return_val_if_fail (g_date_valid (day), 0);

  /* Monday 1 … Sunday 7: the Thursday of the same week */
  if (g_date_get_weekday (day) < G_DATE_THURSDAY)
    g_date_add_days (&thursday, G_DATE_THURSDAY - g_date_get_weekday (day));
  else
    g_date_subtract_days (&thursday, g_date_get_weekday (day) - G_DATE_THURSDAY);
  *year = g_date_get_year (&thursday);
  return g_date_get_iso8601_week_of_year (day);
}
