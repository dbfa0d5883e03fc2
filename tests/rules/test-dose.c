/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-dose.h"
#include "lys-error.h"
#include "test-rules.h"

/* The ketamine dose: mg/kg, the limits, the volume (src/core/rules/lys-dose.c) */

void
test_dose (void)
{
  double settings[LYS_N_SETTINGS];
  g_autoptr(GError) error = NULL;
  LysDose dose;
  char *text;

  lys_settings_init_defaults (settings);

  /* DOMAIN: 80 kg at 0.5 mg/kg over 40 min is 40 mg at 1.0 mg/min */
  g_assert_true (lys_dose_compute (80, 0.5, 40, settings, &dose, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (dose.total_mg, 40.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dose.mg_per_minute, 1.0, 1e-9);
  text = lys_dose_format_total (dose.total_mg);
  g_assert_cmpstr (text, ==, "40 mg");
  g_free (text);
  text = lys_dose_format_rate (dose.mg_per_minute);
  g_assert_cmpstr (text, ==, "1.0 mg/min");
  g_free (text);

  /* 70 kg: 35 mg, 0.875 mg/min */
  g_assert_true (lys_dose_compute (70, 0.5, 40, settings, &dose, &error));
  g_assert_cmpfloat_with_epsilon (dose.total_mg, 35.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dose.mg_per_minute, 0.875, 1e-9);
  text = lys_dose_format_rate (dose.mg_per_minute);
  g_assert_cmpstr (text, ==, "0.875 mg/min");
  g_free (text);

  /* 75 kg at 0.5 over 100 min: 37.5 mg, 0.375 mg/min */
  g_assert_true (lys_dose_compute (75, 0.5, 100, settings, &dose, &error));
  text = lys_dose_format_total (dose.total_mg);
  g_assert_cmpstr (text, ==, "37.5 mg");
  g_free (text);
  text = lys_dose_format_rate (dose.mg_per_minute);
  g_assert_cmpstr (text, ==, "0.375 mg/min");
  g_free (text);

  /* The range's ends are allowed, a hair beyond them is not */
  g_assert_true (lys_dose_compute (80, 0.2, 40, settings, &dose, NULL));
  g_assert_true (lys_dose_compute (80, 0.75, 40, settings, &dose, NULL));
  g_assert_true (lys_dose_compute (80, 0.7500000001, 40, settings, &dose, NULL));
  g_assert_false (lys_dose_compute (80, 0.76, 40, settings, &dose, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "0.76 mg/kg is outside the allowed range, 0.20 to 0.75"));
  g_clear_error (&error);
  g_assert_false (lys_dose_compute (80, 0.15, 40, settings, &dose, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  /* The clinic's narrower range */
  settings[LYS_SETTING_DOSE_MAX] = 0.6;
  g_assert_false (lys_dose_compute (80, 0.7, 40, settings, &dose, &error));
  g_assert_nonnull (strstr (error->message, "0.20 to 0.60"));
  g_clear_error (&error);

  /* Weight and duration */
  g_assert_false (lys_dose_compute (8, 0.5, 40, settings, &dose, &error));
  g_assert_nonnull (strstr (error->message, "weight"));
  g_clear_error (&error);
  g_assert_false (lys_dose_compute (80, 0.5, 10, settings, &dose, &error));
  g_assert_nonnull (strstr (error->message, "minutes"));
}
