/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-holidays"

#include "config.h"

#include "lys-holidays.h"

/* Gregorian Easter Sunday (the anonymous Gregorian algorithm, valid for any
 * year of the Gregorian calendar). */
void
lys_holidays_easter_sunday (guint  year,
                            GDate *easter)
{
  guint a = year % 19;
  guint b = year / 100;
  guint c = year % 100;
  guint d = b / 4;
  guint e = b % 4;
  guint f = (b + 8) / 25;
  guint g = (b - f + 1) / 3;
  guint h = (19 * a + b - d - g + 15) % 30;
  guint i = c / 4;
  guint k = c % 4;
  guint l = (32 + 2 * e + 2 * i - h - k) % 7;
  guint m = (a + 11 * h + 22 * l) / 451;
  guint month = (h + l - 7 * m + 114) / 31;
  guint day = ((h + l - 7 * m + 114) % 31) + 1;

  g_return_if_fail (easter != NULL);

  g_date_clear (easter, 1);
  g_date_set_dmy (easter, day, month, year);
}

gboolean
lys_holidays_is_holiday (const GDate *date)
{
  /* Offsets from Easter Sunday: Maundy Thursday, Good Friday, Easter Sunday,
   * Easter Monday, Ascension Day, Whit Sunday, Whit Monday. */
  static const int easter_offsets[] = { -3, -2, 0, 1, 39, 49, 50 };
  guint day, month;
  GDate easter;
  int offset;

  g_return_val_if_fail (g_date_valid (date), FALSE);

  day = g_date_get_day (date);
  month = g_date_get_month (date);

  if ((month == 1 && day == 1) ||
      (month == 5 && (day == 1 || day == 17)) ||
      (month == 12 && (day == 25 || day == 26)))
    return TRUE;

  lys_holidays_easter_sunday (g_date_get_year (date), &easter);
  offset = g_date_days_between (&easter, date);

  for (guint i = 0; i < G_N_ELEMENTS (easter_offsets); i++)
    if (offset == easter_offsets[i])
      return TRUE;

  return FALSE;
}

gboolean
lys_holidays_is_closed_day (const GDate *date)
{
  GDateWeekday weekday;

  g_return_val_if_fail (g_date_valid (date), FALSE);

  weekday = g_date_get_weekday (date);
  if (weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY)
    return TRUE;

  return lys_holidays_is_holiday (date);
}
