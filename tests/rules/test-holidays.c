/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-error.h"
#include "lys-holidays.h"
#include "test-rules.h"

/* Norwegian public holidays and the days the clinic is closed (src/core/rules/lys-holidays.c) */

static gboolean
holiday (guint day,
         guint month,
         guint year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return lys_holidays_is_holiday (&date);
}

void
test_easter (void)
{
  static const struct { guint year, day, month; } easter[] = {
    { 2026, 5, 4 }, { 2027, 28, 3 }, { 2024, 31, 3 }, { 2025, 20, 4 }, { 2038, 25, 4 }, { 2008, 23, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (easter); i++)
    {
      GDate date;

      lys_holidays_easter_sunday (easter[i].year, &date);
      g_assert_cmpuint (g_date_get_day (&date), ==, easter[i].day);
      g_assert_cmpuint (g_date_get_month (&date), ==, easter[i].month);
    }
}

void
test_holidays_2026 (void)
{
  /* Maundy Thursday, Good Friday, Easter Monday, Ascension, Whit Monday */
  g_assert_true (holiday (2, 4, 2026));
  g_assert_true (holiday (3, 4, 2026));
  g_assert_true (holiday (6, 4, 2026));
  g_assert_true (holiday (14, 5, 2026));
  g_assert_true (holiday (25, 5, 2026));
  g_assert_true (holiday (1, 1, 2026));
  g_assert_true (holiday (1, 5, 2026));
  g_assert_true (holiday (17, 5, 2026));
  g_assert_true (holiday (25, 12, 2026));
  g_assert_true (holiday (26, 12, 2026));
  g_assert_false (holiday (7, 4, 2026));
  g_assert_false (holiday (24, 12, 2026));
  g_assert_false (holiday (1, 4, 2026));
  /* 2027 moves with Easter (28 March) */
  g_assert_true (holiday (25, 3, 2027));
  g_assert_true (holiday (29, 3, 2027));
  g_assert_false (holiday (6, 4, 2027));
}

void
test_closed_days (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 21, 11, 2026); /* Saturday */
  g_assert_true (lys_holidays_is_closed_day (&date));
  g_date_set_dmy (&date, 23, 11, 2026); /* Monday */
  g_assert_false (lys_holidays_is_closed_day (&date));
}

static gboolean
closed (guint day,
        guint month,
        guint year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return lys_holidays_is_closed_day (&date);
}

void
test_holidays_years (void)
{
  /* Easter-based days move: Maundy Thursday, Good Friday, Easter Monday,
   * Ascension Day, Whit Monday */
  static const struct { guint year; guint days[5][2]; } years[] = {
    { 2025, { { 17, 4 }, { 18, 4 }, { 21, 4 }, { 29, 5 }, { 9, 6 } } },
    { 2028, { { 13, 4 }, { 14, 4 }, { 17, 4 }, { 25, 5 }, { 5, 6 } } },
    { 2029, { { 29, 3 }, { 30, 3 }, { 2, 4 }, { 10, 5 }, { 21, 5 } } },
    { 2030, { { 18, 4 }, { 19, 4 }, { 22, 4 }, { 30, 5 }, { 10, 6 } } },
    { 2031, { { 10, 4 }, { 11, 4 }, { 14, 4 }, { 22, 5 }, { 2, 6 } } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      for (guint j = 0; j < 5; j++)
        g_assert_true (closed (years[i].days[j][0], years[i].days[j][1], years[i].year));
      /* The Wednesday before Maundy Thursday is open, fixed days are closed */
      if (years[i].days[0][0] > 1)
        g_assert_false (closed (years[i].days[0][0] - 1, years[i].days[0][1], years[i].year));
      g_assert_true (closed (1, 1, years[i].year));
      g_assert_true (closed (1, 5, years[i].year));
      g_assert_true (closed (17, 5, years[i].year));
      g_assert_true (closed (25, 12, years[i].year));
      g_assert_true (closed (26, 12, years[i].year));
    }
  /* Ordinary working days */
  g_assert_false (closed (2, 9, 2030));
  g_assert_false (closed (23, 4, 2030));
  g_assert_false (closed (27, 12, 2030));
}
