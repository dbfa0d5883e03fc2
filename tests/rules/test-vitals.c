/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-error.h"
#include "lys-vitals.h"
#include "test-rules.h"

/* Vital signs: limits, plausible values, when the next reading is due (src/core/rules/lys-vitals.c) */

void
test_vitals_limits (void)
{
  double settings[LYS_N_SETTINGS];
  LysVitalsLimits limits;
  char *text;

  lys_settings_init_defaults (settings);
  lys_vitals_limits_from_settings (&limits, settings);

  /* Alerts strictly above 180/100 */
  g_assert_cmpint (lys_vitals_get_alert (&limits, &(LysVitals) { 180, 100, 80, 97 }), ==, LYS_VITALS_ALERT_NONE);
  g_assert_cmpint (lys_vitals_get_alert (&limits, &(LysVitals) { 182, 95, 80, 97 }), ==, LYS_VITALS_ALERT_SYSTOLIC);
  g_assert_cmpint (lys_vitals_get_alert (&limits, &(LysVitals) { 175, 101, 80, 97 }), ==, LYS_VITALS_ALERT_DIASTOLIC);
  g_assert_cmpint (lys_vitals_get_alert (&limits, &(LysVitals) { 190, 110, 80, 97 }), ==,
                   LYS_VITALS_ALERT_SYSTOLIC | LYS_VITALS_ALERT_DIASTOLIC);
  /* SpO2 below 92 */
  g_assert_cmpint (lys_vitals_get_alert (&limits, &(LysVitals) { 120, 80, 80, 92 }), ==, LYS_VITALS_ALERT_NONE);
  g_assert_cmpint (lys_vitals_get_alert (&limits, &(LysVitals) { 120, 80, 80, 91 }), ==, LYS_VITALS_ALERT_SPO2);
  text = lys_vitals_describe_alert (&limits, &(LysVitals) { 182, 95, 80, 91 },
                                    LYS_VITALS_ALERT_SYSTOLIC | LYS_VITALS_ALERT_SPO2);
  g_assert_nonnull (strstr (text, "182/95"));
  g_assert_nonnull (strstr (text, "180/100"));
  g_assert_nonnull (strstr (text, "91 %"));
  g_free (text);

  /* No start at or above 140/90 */
  g_assert_true (lys_vitals_blocks_start (&limits, &(LysVitals) { 140, 90, 80, 97 }));
  g_assert_true (lys_vitals_blocks_start (&limits, &(LysVitals) { 140, 80, 80, 97 }));
  g_assert_true (lys_vitals_blocks_start (&limits, &(LysVitals) { 130, 90, 80, 97 }));
  g_assert_false (lys_vitals_blocks_start (&limits, &(LysVitals) { 139, 89, 80, 97 }));

  /* The limits are the clinic's */
  settings[LYS_SETTING_BP_ALERT_SYSTOLIC] = 170;
  lys_vitals_limits_from_settings (&limits, settings);
  g_assert_cmpint (lys_vitals_get_alert (&limits, &(LysVitals) { 175, 95, 80, 97 }), ==, LYS_VITALS_ALERT_SYSTOLIC);
}

void
test_vitals_plausible (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_vitals_check_plausible (&(LysVitals) { 128, 82, 70, 98 }, &error));
  g_assert_no_error (error);
  g_assert_true (lys_vitals_check_plausible (&(LysVitals) { 300, 200, 250, 100 }, &error));
  g_assert_true (lys_vitals_check_plausible (&(LysVitals) { 40, 20, 20, 50 }, &error));

  /* Systolic below the diastolic: probably swapped */
  g_assert_false (lys_vitals_check_plausible (&(LysVitals) { 82, 128, 70, 98 }, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "higher than the diastolic"));
  g_assert_nonnull (strstr (error->message, "swapped"));
  g_clear_error (&error);
  g_assert_false (lys_vitals_check_plausible (&(LysVitals) { 90, 90, 70, 98 }, &error));
  g_clear_error (&error);

  /* SpO2 over 100 */
  g_assert_false (lys_vitals_check_plausible (&(LysVitals) { 128, 82, 70, 101 }, &error));
  g_assert_nonnull (strstr (error->message, "above 100 %"));
  g_clear_error (&error);

  /* Out of what a patient can have */
  g_assert_false (lys_vitals_check_plausible (&(LysVitals) { 400, 82, 70, 98 }, &error));
  g_assert_nonnull (strstr (error->message, "from 40 to 300"));
  g_clear_error (&error);
  g_assert_false (lys_vitals_check_plausible (&(LysVitals) { 128, 82, 0, 98 }, &error));
  g_assert_nonnull (strstr (error->message, "heart rate"));
  g_clear_error (&error);
  g_assert_false (lys_vitals_check_plausible (&(LysVitals) { 128, 82, 70, 30 }, &error));
  g_assert_nonnull (strstr (error->message, "oxygen saturation"));
}

void
test_due_times (void)
{
  g_autoptr(GDateTime) nine = test_clinic_today_at (9, 0);
  gint64 start = g_date_time_to_unix (nine);
  gint64 end = start + 40 * 60;
  gint64 due, previous = 0;
  /* On time: every 10 minutes during, one at the end, then every 15 */
  static const int expected[] = { 10, 20, 30, 40, 55, 70, 85, 100 };

  /* Before the start the baseline is due now */
  g_assert_cmpint (lys_vitals_due_after (0, 0, 0), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      due = lys_vitals_due_after (start, end, previous);
      g_assert_cmpint ((due - start) / 60, ==, expected[i]);
      previous = due;
    }

  /* A baseline before the start: the first reading is due 10 minutes in */
  g_assert_cmpint (lys_vitals_due_after (start, end, start - 5 * 60), ==, start + 10 * 60);
  /* A reading at 35 minutes: the next at the end, not 10 minutes on */
  g_assert_cmpint (lys_vitals_due_after (start, end, start + 35 * 60), ==, end);
  /* A late reading moves the next one */
  g_assert_cmpint (lys_vitals_due_after (start, end, start + 17 * 60), ==, start + 27 * 60);

  /* Late: more than three minutes after the due time */
  g_assert_false (lys_vitals_is_late (start + 600, start + 600));
  g_assert_false (lys_vitals_is_late (start + 600, start + 780));
  g_assert_true (lys_vitals_is_late (start + 600, start + 781));
  g_assert_false (lys_vitals_is_late (0, start));

  /* Stages */
  g_assert_cmpint (lys_vitals_stage_at (0, 0, start), ==, LYS_STAGE_BASELINE);
  g_assert_cmpint (lys_vitals_stage_at (start, end, start - 60), ==, LYS_STAGE_BASELINE);
  g_assert_cmpint (lys_vitals_stage_at (start, end, start), ==, LYS_STAGE_DURING);
  g_assert_cmpint (lys_vitals_stage_at (start, end, end - 1), ==, LYS_STAGE_DURING);
  g_assert_cmpint (lys_vitals_stage_at (start, end, end), ==, LYS_STAGE_AFTER);
}
