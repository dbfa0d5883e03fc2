/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-course-rules.h"
#include "test-clinic.h"

G_BEGIN_DECLS

/* The tests of the clinical rules in src/core/rules, one file each named
 * after the rule's own (tests/rules/test-dose.c tests lys-dose.c);
 * test-rules.c runs them all */

LysCourseLimits test_rules_default_limits (void);
GPtrArray      *test_rules_starts_new     (void);

/* test-autosave.c */
void test_autosave (void);

/* test-clinic-settings.c */
void test_settings_defaults (void);
void test_settings_validation (void);

/* test-course-rules.c */
void test_rules_domain (void);
void test_rules_spread (void);

/* test-diagnosis.c */
void test_diagnosis (void);

/* test-dose.c */
void test_dose (void);

/* test-eligibility.c */
void test_eligibility_rules (void);

/* test-follow-up.c */
void test_follow_up_windows (void);

/* test-holidays.c */
void test_holidays_2026 (void);
void test_closed_days (void);
void test_easter (void);
void test_holidays_years (void);

/* test-induction-planner.c */
void test_planner_basic (void);
void test_planner_busy (void);
void test_planner_fill_in (void);
void test_planner_full (void);
void test_planner_holidays (void);
void test_planner_preferences (void);

/* test-institution.c */
void test_organisation_numbers (void);
void test_institution_check (void);

/* test-national-id.c */
void test_centuries (void);
void test_dates (void);
void test_domain_examples (void);
void test_format (void);
void test_generated (void);
void test_h_number (void);
void test_impossible_dates (void);
void test_single_digit_errors (void);

/* test-rating.c */
void test_incomplete_forms (void);
void test_scales (void);
void test_scales_totals (void);

/* test-vitals.c */
void test_due_times (void);
void test_vitals_limits (void);
void test_vitals_plausible (void);

G_END_DECLS
