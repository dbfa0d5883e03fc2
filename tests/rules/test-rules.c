/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-clinic-settings.h"
#include "test-rules.h"

/* The course limits of a clinic that kept the default settings */
LysCourseLimits
test_rules_default_limits (void)
{
  double values[LYS_N_SETTINGS];
  LysCourseLimits limits;

  lys_settings_init_defaults (values);
  lys_course_limits_from_settings (&limits, values);
  return limits;
}

/* A list of infusion start times */
GPtrArray *
test_rules_starts_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
}

static const struct
{
  const char *path;
  GTestFunc   func;
} tests[] = {
  { "/rules/autosave/timing", test_autosave },
  { "/rules/clinic-settings/defaults", test_settings_defaults },
  { "/rules/clinic-settings/validation", test_settings_validation },
  { "/rules/course-rules/domain", test_rules_domain },
  { "/rules/course-rules/spread", test_rules_spread },
  { "/rules/diagnosis/codes", test_diagnosis },
  { "/rules/dose/limits", test_dose },
  { "/rules/eligibility/criteria", test_eligibility_rules },
  { "/rules/follow-up/windows", test_follow_up_windows },
  { "/rules/holidays/2026", test_holidays_2026 },
  { "/rules/holidays/closed-days", test_closed_days },
  { "/rules/holidays/easter", test_easter },
  { "/rules/holidays/years", test_holidays_years },
  { "/rules/induction-planner/basic", test_planner_basic },
  { "/rules/induction-planner/busy", test_planner_busy },
  { "/rules/induction-planner/fill-in", test_planner_fill_in },
  { "/rules/induction-planner/full", test_planner_full },
  { "/rules/induction-planner/holidays", test_planner_holidays },
  { "/rules/induction-planner/preferences", test_planner_preferences },
  { "/rules/institution/check", test_institution_check },
  { "/rules/institution/organisation-numbers", test_organisation_numbers },
  { "/rules/national-id/centuries", test_centuries },
  { "/rules/national-id/dates", test_dates },
  { "/rules/national-id/domain-examples", test_domain_examples },
  { "/rules/national-id/format", test_format },
  { "/rules/national-id/generated", test_generated },
  { "/rules/national-id/h-number", test_h_number },
  { "/rules/national-id/impossible-dates", test_impossible_dates },
  { "/rules/national-id/single-digit-errors", test_single_digit_errors },
  { "/rules/rating/incomplete-forms", test_incomplete_forms },
  { "/rules/rating/items", test_scales },
  { "/rules/rating/totals", test_scales_totals },
  { "/rules/vitals/due-times", test_due_times },
  { "/rules/vitals/limits", test_vitals_limits },
  { "/rules/vitals/plausible", test_vitals_plausible },
};

int
main (int   argc,
      char *argv[])
{
  test_clinic_init (&argc, &argv);
  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add_func (tests[i].path, tests[i].func);
  return g_test_run ();
}
