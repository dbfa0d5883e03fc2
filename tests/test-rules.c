/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "lys-clinic-settings.h"
#include "lys-error.h"
#include "lys-holidays.h"
#include "lys-language.h"
#include "lys-text.h"
#include "lys-time.h"

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

static void
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

static void
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

static void
test_closed_days (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 21, 11, 2026); /* Saturday */
  g_assert_true (lys_holidays_is_closed_day (&date));
  g_date_set_dmy (&date, 23, 11, 2026); /* Monday */
  g_assert_false (lys_holidays_is_closed_day (&date));
}

static void
test_settings_defaults (void)
{
  double values[LYS_N_SETTINGS];
  g_autoptr(GError) error = NULL;

  lys_settings_init_defaults (values);
  g_assert_cmpfloat (values[LYS_SETTING_OBSERVATION_MINUTES], ==, 60);
  g_assert_cmpfloat (values[LYS_SETTING_INFUSION_MINUTES], ==, 40);
  g_assert_cmpfloat (values[LYS_SETTING_TURNOVER_MINUTES], ==, 15);
  g_assert_cmpfloat (values[LYS_SETTING_DOSE_DEFAULT], ==, 0.5);
  g_assert_cmpfloat (values[LYS_SETTING_BP_START_SYSTOLIC], ==, 140);
  g_assert_cmpfloat (values[LYS_SETTING_BP_START_DIASTOLIC], ==, 90);
  g_assert_cmpfloat (values[LYS_SETTING_BP_ALERT_SYSTOLIC], ==, 180);
  g_assert_cmpfloat (values[LYS_SETTING_BP_ALERT_DIASTOLIC], ==, 100);
  g_assert_cmpfloat (values[LYS_SETTING_SPO2_ALERT], ==, 92);
  g_assert_true (lys_settings_validate (values, &error));
  g_assert_no_error (error);
}

static void
assert_refused (LysSetting  setting,
                double      value,
                const char *fragment)
{
  double values[LYS_N_SETTINGS];
  g_autoptr(GError) error = NULL;

  lys_settings_init_defaults (values);
  values[setting] = value;
  g_assert_false (lys_settings_validate (values, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_settings_validation (void)
{
  double values[LYS_N_SETTINGS];

  /* DOMAIN's dose range: 0.2 to 0.75 mg/kg, outside refused */
  assert_refused (LYS_SETTING_DOSE_MAX, 0.8, "between 0.20 and 0.75");
  assert_refused (LYS_SETTING_DOSE_MIN, 0.1, "between");
  assert_refused (LYS_SETTING_DOSE_DEFAULT, 0.8, "between");
  assert_refused (LYS_SETTING_TURNOVER_MINUTES, -5, "between 0 and 120");
  assert_refused (LYS_SETTING_BP_START_SYSTOLIC, 185, "below the alert limits");
  assert_refused (LYS_SETTING_BP_ALERT_DIASTOLIC, 160, "between 70 and 150");

  lys_settings_init_defaults (values);
  values[LYS_SETTING_DOSE_MIN] = 0.6;
  g_assert_false (lys_settings_validate (values, NULL));
  values[LYS_SETTING_DOSE_DEFAULT] = 0.6;
  g_assert_true (lys_settings_validate (values, NULL));
  lys_settings_init_defaults (values);
  values[LYS_SETTING_BP_ALERT_SYSTOLIC] = 130;
  values[LYS_SETTING_BP_ALERT_DIASTOLIC] = 140;
  g_assert_false (lys_settings_validate (values, NULL));
  values[LYS_SETTING_BP_ALERT_DIASTOLIC] = 120;
  /* the start limits (140/90) are now above the alert limit */
  g_assert_false (lys_settings_validate (values, NULL));
  values[LYS_SETTING_BP_START_SYSTOLIC] = 125;
  g_assert_true (lys_settings_validate (values, NULL));

  lys_settings_init_defaults (values);
  /* 0.75 typed into a spin button arrives as 0.7500000000000001 */
  values[LYS_SETTING_DOSE_MAX] = 0.7500000000000001;
  g_assert_true (lys_settings_validate (values, NULL));
}

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Søvn", "sovn" }, { "HÅP", "hap" }, { "Lære", "laere" }, { "Ødegård", "odegard" },
    { "Lie-Mørk", "lie mork" }, { "José", "jose" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = lys_text_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }

  g_assert_true (lys_text_has_word_prefix ("kari nordmann 15046600344", "nord", 4));
  g_assert_true (lys_text_has_word_prefix ("kari nordmann 15046600344", "1504", 4));
  g_assert_false (lys_text_has_word_prefix ("kari nordmann 15046600344", "ordm", 4));
  g_assert_false (lys_text_has_word_prefix ("kari nordmann", "karin", 5));
  /* only the given length of the word counts */
  g_assert_true (lys_text_has_word_prefix ("kari nordmann", "nord xyz", 4));
}

/* Numbers as the language of the messages writes them, whatever locales
 * the machine has (the test runs in C.UTF-8) */
static void
test_numbers (void)
{
  static const struct { double value; guint digits; const char *en, *nb; } cases[] = {
    { 45.5, 1, "45.5", "45,5" },
    { 40698, 0, "40,698", "40\u00a0698" },
    { 4590, 0, "4590", "4590" },
    { 1234567.891, 2, "1,234,567.89", "1\u00a0234\u00a0567,89" },
    { -12345.6, 1, "-12,345.6", "-12\u00a0345,6" },
    { 0, 2, "0.00", "0,00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *en = lys_text_format_number (cases[i].value, cases[i].digits);
      g_autofree char *nb = NULL;
      LysLanguage saved;

      g_assert_cmpstr (en, ==, cases[i].en);
      lys_language_push (&saved, "nb");
      nb = lys_text_format_number (cases[i].value, cases[i].digits);
      lys_language_pop (&saved);
      g_assert_cmpstr (nb, ==, cases[i].nb);
    }
}

/* ISO weeks and their years, across the turns of the year */
static void
test_iso_weeks (void)
{
  static const struct { guint day, month, year, week, week_year; } cases[] = {
    { 30, 12, 2024, 1, 2025 },   /* a Monday of week 1 of 2025 */
    { 1, 1, 2025, 1, 2025 },
    { 28, 12, 2020, 53, 2020 },
    { 3, 1, 2021, 53, 2020 },    /* a Sunday of 2020's last week */
    { 4, 1, 2021, 1, 2021 },
    { 1, 1, 2027, 53, 2026 },
    { 15, 6, 2026, 25, 2026 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate day;
      guint year = 0;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, cases[i].day, cases[i].month, cases[i].year);
      g_assert_cmpuint (lys_time_get_iso_week (&day, &year), ==, cases[i].week);
      g_assert_cmpuint (year, ==, cases[i].week_year);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("LYSNING_LOCALEDIR");

  g_test_init (&argc, &argv, NULL);
  /* English by default, Norwegian from the catalogue built with the tests */
  setlocale (LC_ALL, "C.UTF-8");
  g_unsetenv ("LANGUAGE");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/core/holidays/easter", test_easter);
  g_test_add_func ("/core/holidays/2026", test_holidays_2026);
  g_test_add_func ("/core/holidays/closed-days", test_closed_days);
  g_test_add_func ("/core/settings/defaults", test_settings_defaults);
  g_test_add_func ("/core/settings/validation", test_settings_validation);
  g_test_add_func ("/core/text/fold", test_fold);
  g_test_add_func ("/core/text/numbers", test_numbers);
  g_test_add_func ("/core/time/iso-weeks", test_iso_weeks);

  return g_test_run ();
}
