/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-course-rules.h"
#include "lys-error.h"
#include "test-rules.h"

/* The course rules: 48 hours between infusions, at most three a week, six within 21 days (src/core/rules/lys-course-rules.c) */

void
test_rules_domain (void)
{
  LysCourseLimits limits = test_rules_default_limits ();
  g_autoptr(GPtrArray) starts = test_rules_starts_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) tuesday = test_clinic_at (3, 9, 9, 0);
  g_autoptr(GDateTime) wednesday = test_clinic_at (4, 9, 9, 0);
  g_autoptr(GDateTime) early_wednesday = test_clinic_at (4, 9, 8, 59);
  g_autoptr(GDateTime) sunday = test_clinic_at (8, 9, 9, 0);
  g_autoptr(GDateTime) next_monday = test_clinic_at (9, 9, 9, 0);
  g_autofree char *warning = NULL;

  g_assert_cmpuint (limits.infusions, ==, 6);
  g_assert_cmpuint (limits.min_hours, ==, 48);
  g_assert_cmpuint (limits.max_per_week, ==, 3);
  g_assert_cmpuint (limits.days, ==, 21);

  /* Mon 09:00 then Tue 09:00: under 48 h */
  g_ptr_array_add (starts, test_clinic_at (2, 9, 9, 0));
  g_assert_false (lys_course_rules_check (&limits, TRUE, starts, tuesday, &warning, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "48 hours"));
  g_assert_nonnull (strstr (error->message, "09:00"));
  /* and says what would work: Wednesday 09:00, 48 h after Monday */
  g_assert_nonnull (strstr (error->message, "The earliest the rule allows is 4 Sep 09:00."));
  g_clear_error (&error);
  /* Between two infusions too close to either: after the later one */
  {
    g_autoptr(GPtrArray) two = test_rules_starts_new ();
    g_autoptr(GDateTime) between = test_clinic_at (3, 9, 9, 0);
    g_autoptr(GDateTime) friday = test_clinic_at (6, 9, 9, 0);
    g_autoptr(GDateTime) earliest = NULL;

    g_ptr_array_add (two, test_clinic_at (2, 9, 9, 0));
    g_ptr_array_add (two, test_clinic_at (4, 9, 9, 0));
    earliest = lys_course_rules_earliest (&limits, two, between);
    g_assert_true (g_date_time_equal (earliest, friday));
  }
  /* One minute short of 48 h, and exactly 48 h */
  g_assert_false (lys_course_rules_check (&limits, TRUE, starts, early_wednesday, NULL, NULL));
  g_assert_true (lys_course_rules_check (&limits, TRUE, starts, wednesday, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
  /* Also when the new one comes before: the gap holds both ways */
  {
    g_autoptr(GPtrArray) later = test_rules_starts_new ();

    g_ptr_array_add (later, g_date_time_ref (wednesday));
    g_assert_false (lys_course_rules_check (&limits, TRUE, later, tuesday, NULL, NULL));
  }

  /* Three in week 36; a fourth on Sunday, 48 h after Friday, is refused */
  g_ptr_array_add (starts, g_date_time_ref (wednesday));
  g_ptr_array_add (starts, test_clinic_at (6, 9, 9, 0));
  g_assert_false (lys_course_rules_check (&limits, TRUE, starts, sunday, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "week 36"));
  g_clear_error (&error);
  g_assert_true (lys_course_rules_check (&limits, TRUE, starts, next_monday, NULL, &error));
  g_assert_no_error (error);

  /* Six booked: a seventh is refused, and belongs to a maintenance course */
  g_ptr_array_add (starts, g_date_time_ref (next_monday));
  g_ptr_array_add (starts, test_clinic_at (11, 9, 9, 0));
  g_ptr_array_add (starts, test_clinic_at (13, 9, 9, 0));
  {
    g_autoptr(GDateTime) seventh = test_clinic_at (16, 9, 9, 0);

    g_assert_false (lys_course_rules_check (&limits, TRUE, starts, seventh, NULL, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_SERIES_FULL);
    g_assert_nonnull (strstr (error->message, "maintenance"));
    g_clear_error (&error);
    g_assert_true (lys_course_rules_check (&limits, FALSE, starts, seventh, NULL, &error));
    g_assert_no_error (error);
  }
}

void
test_rules_spread (void)
{
  LysCourseLimits limits = test_rules_default_limits ();
  g_autoptr(GPtrArray) starts = test_rules_starts_new ();
  g_autoptr(GDateTime) day21 = test_clinic_at (23, 9, 9, 0);
  g_autoptr(GDateTime) day22 = test_clinic_at (24, 9, 9, 0);
  g_autofree char *warning = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (starts, test_clinic_at (2, 9, 9, 0));
  g_ptr_array_add (starts, test_clinic_at (4, 9, 9, 0));

  /* The last 21 days after the first: within the course */
  g_assert_true (lys_course_rules_check (&limits, TRUE, starts, day21, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
  /* 22 days: allowed, with a warning */
  g_assert_true (lys_course_rules_check (&limits, TRUE, starts, day22, &warning, &error));
  g_assert_no_error (error);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "21 days"));
  g_clear_pointer (&warning, g_free);
  /* Maintenance courses have no length */
  g_assert_true (lys_course_rules_check (&limits, FALSE, starts, day22, &warning, &error));
  g_assert_null (warning);
}
