/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-clinic-settings.h"
#include "lys-error.h"
#include "test-rules.h"

/* The clinic's settings: defaults and the ranges each may take (src/core/rules/lys-clinic-settings.c) */

void
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

void
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
