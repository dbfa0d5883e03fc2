/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-error.h"
#include "lys-holidays.h"
#include "lys-induction-planner.h"
#include "test-rules.h"

/* The induction planner: six infusions that keep the course rules (src/core/rules/lys-induction-planner.c) */

static LysPlanner *
clinic_planner (guint rooms)
{
  LysCourseLimits limits = test_rules_default_limits ();
  LysPlanner *planner = lys_planner_new (&limits, 115);

  for (guint i = 1; i <= rooms; i++)
    lys_planner_add_room (planner, (gint64) i, 8 * 60, 16 * 60);
  lys_planner_add_staff (planner, LYS_PLAN_DRUG, 10);
  lys_planner_add_staff (planner, LYS_PLAN_DRUG, 11);
  lys_planner_add_staff (planner, LYS_PLAN_PSYCHOLOGIST, 20);
  lys_planner_add_staff (planner, LYS_PLAN_PSYCHOLOGIST, 21);
  return planner;
}

/* Every pair 48 h apart or more, at most 3 a week, within 21 days */
static void
assert_plan_keeps_rules (LysPlan *plan,
                         guint    n)
{
  LysCourseLimits limits = test_rules_default_limits ();
  g_autoptr(GPtrArray) starts = test_rules_starts_new ();

  g_assert_nonnull (plan);
  g_assert_cmpuint (plan->slots->len, ==, n);
  for (guint i = 0; i < plan->slots->len; i++)
    {
      LysPlanSlot *slot = plan->slots->pdata[i];
      g_autofree char *warning = NULL;
      g_autoptr(GError) error = NULL;
      GDate day;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (slot->starts_at),
                      (GDateMonth) g_date_time_get_month (slot->starts_at),
                      (GDateYear) g_date_time_get_year (slot->starts_at));
      g_assert_false (lys_holidays_is_closed_day (&day));
      g_assert_true (lys_course_rules_check (&limits, TRUE, starts, slot->starts_at, &warning, &error));
      g_assert_no_error (error);
      g_assert_null (warning);
      g_assert_cmpint (g_date_time_difference (slot->ends_at, slot->starts_at), ==, 115 * G_TIME_SPAN_MINUTE);
      g_assert_cmpint (g_date_time_get_hour (slot->starts_at), >=, 8);
      g_assert_cmpint (g_date_time_get_hour (slot->ends_at) * 60 + g_date_time_get_minute (slot->ends_at), <=, 16 * 60);
      g_ptr_array_add (starts, g_date_time_ref (slot->starts_at));
      if (i > 0)
        g_assert_cmpint (g_date_time_compare (slot->starts_at,
                                              ((LysPlanSlot *) plan->slots->pdata[i - 1])->starts_at), >, 0);
    }
}

void
test_planner_basic (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (3);
  g_autoptr(GDateTime) earliest = test_clinic_at (2, 9, 7, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  static const guint days[] = { 2, 4, 6, 9, 11, 13 };

  plan = lys_planner_propose (planner, earliest, 28, 6, &error);
  g_assert_no_error (error);
  assert_plan_keeps_rules (plan, 6);
  g_assert_true (plan->same_team);
  g_assert_true (plan->preferences_kept);
  for (guint i = 0; i < 6; i++)
    {
      LysPlanSlot *slot = plan->slots->pdata[i];

      /* Monday, Wednesday, Friday at 08:00, one room and one psychologist */
      g_assert_cmpint (g_date_time_get_day_of_month (slot->starts_at), ==, days[i]);
      g_assert_cmpint (g_date_time_get_hour (slot->starts_at), ==, 8);
      g_assert_cmpint (slot->room_id, ==, 1);
      g_assert_cmpint (slot->psychologist_id, ==, 20);
      g_assert_cmpint (slot->drug_id, ==, 10);
    }
}

void
test_planner_preferences (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (1);
  g_autoptr(GDateTime) earliest = test_clinic_at (2, 9, 7, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  /* Tuesdays and Thursdays, afternoons */
  lys_planner_set_preferences (planner, (1 << 1) | (1 << 3), LYS_DAY_PART_AFTERNOON);
  plan = lys_planner_propose (planner, earliest, 28, 6, &error);
  g_assert_no_error (error);
  assert_plan_keeps_rules (plan, 6);
  g_assert_true (plan->preferences_kept);
  for (guint i = 0; i < 6; i++)
    {
      LysPlanSlot *slot = plan->slots->pdata[i];

      g_assert_cmpint (g_date_time_get_day_of_week (slot->starts_at), ==, i % 2 == 0 ? 2 : 4);
      g_assert_cmpint (g_date_time_get_hour (slot->starts_at), >=, 12);
    }

  /* Only Tuesdays cannot give six within 21 days: the plan leaves the
   * preferences and says so */
  lys_planner_set_preferences (planner, 1 << 1, LYS_DAY_PART_ANY);
  g_clear_pointer (&plan, lys_plan_free);
  plan = lys_planner_propose (planner, earliest, 28, 6, &error);
  g_assert_no_error (error);
  assert_plan_keeps_rules (plan, 6);
  g_assert_false (plan->preferences_kept);
}

void
test_planner_busy (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (2);
  g_autoptr(GDateTime) earliest = test_clinic_at (2, 9, 7, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  /* Room 1 is taken every Wednesday and psychologist 20 all of week 37 */
  for (guint day = 4; day <= 25; day += 7)
    {
      g_autoptr(GDateTime) from = test_clinic_at (day, 9, 8, 0);
      g_autoptr(GDateTime) to = test_clinic_at (day, 9, 16, 0);

      lys_planner_add_busy (planner, LYS_PLAN_ROOM, 1, from, to);
    }
  {
    g_autoptr(GDateTime) from = test_clinic_at (9, 9, 0, 0);
    g_autoptr(GDateTime) to = test_clinic_at (14, 9, 0, 0);

    lys_planner_add_busy (planner, LYS_PLAN_PSYCHOLOGIST, 20, from, to);
  }
  /* The patient has an appointment on Monday morning */
  {
    g_autoptr(GDateTime) from = test_clinic_at (2, 9, 8, 0);
    g_autoptr(GDateTime) to = test_clinic_at (2, 9, 11, 0);

    lys_planner_add_busy (planner, LYS_PLAN_PATIENT, 0, from, to);
  }

  plan = lys_planner_propose (planner, earliest, 28, 6, &error);
  g_assert_no_error (error);
  assert_plan_keeps_rules (plan, 6);
  for (guint i = 0; i < 6; i++)
    {
      LysPlanSlot *slot = plan->slots->pdata[i];
      LysPlanSlot *first = plan->slots->pdata[0];

      g_assert_false (slot->room_id == 1 && g_date_time_get_day_of_week (slot->starts_at) == 3);
      g_assert_false (slot->psychologist_id == 20 && g_date_time_get_day_of_month (slot->starts_at) >= 9 &&
                      g_date_time_get_day_of_month (slot->starts_at) < 14);
      /* One room and psychologist throughout, when they can be had */
      g_assert_cmpint (slot->room_id, ==, first->room_id);
      g_assert_cmpint (slot->psychologist_id, ==, first->psychologist_id);
    }
  /* Not before the patient's Monday appointment ends */
  g_assert_cmpint (g_date_time_get_hour (((LysPlanSlot *) plan->slots->pdata[0])->starts_at), >=, 11);
}

void
test_planner_holidays (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (1);
  g_autoptr(GDateTime) earliest = g_date_time_new_local (2030, 4, 15, 7, 0, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  GDate closure;

  /* Easter 2030: 18, 19 and 22 April are closed; the clinic also closes 17 April */
  g_date_clear (&closure, 1);
  g_date_set_dmy (&closure, 17, 4, 2030);
  lys_planner_add_closed_day (planner, &closure);
  plan = lys_planner_propose (planner, earliest, 28, 6, &error);
  g_assert_no_error (error);
  assert_plan_keeps_rules (plan, 6);
  for (guint i = 0; i < 6; i++)
    {
      LysPlanSlot *slot = plan->slots->pdata[i];
      int day = g_date_time_get_day_of_month (slot->starts_at);

      if (g_date_time_get_month (slot->starts_at) == 4)
        g_assert_true (day != 17 && day != 18 && day != 19 && day != 22);
    }
}

void
test_planner_full (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (2);
  g_autoptr(GDateTime) earliest = test_clinic_at (2, 9, 7, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  /* Both rooms booked all day for two months */
  for (int day = 0; day < 60; day++)
    {
      g_autoptr(GDateTime) from = g_date_time_add_days (earliest, day);
      g_autoptr(GDateTime) to = g_date_time_add_hours (from, 12);

      lys_planner_add_busy (planner, LYS_PLAN_ROOM, 1, from, to);
      lys_planner_add_busy (planner, LYS_PLAN_ROOM, 2, from, to);
    }
  plan = lys_planner_propose (planner, earliest, 28, 6, &error);
  g_assert_null (plan);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "No series of 6 infusions fits"));
  g_clear_error (&error);

  /* Without certified psychologists, the plan says that first */
  {
    LysCourseLimits limits = test_rules_default_limits ();
    g_autoptr(LysPlanner) empty = lys_planner_new (&limits, 115);

    lys_planner_add_room (empty, 1, 8 * 60, 16 * 60);
    lys_planner_add_staff (empty, LYS_PLAN_DRUG, 10);
    g_assert_null (lys_planner_propose (empty, earliest, 28, 6, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "psychologist"));
  }
}

void
test_planner_fill_in (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (1);
  g_autoptr(GDateTime) earliest = test_clinic_at (5, 9, 0, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  /* Five stay; the one on Wednesday 4 September was missed, and it is
   * Thursday now */
  static const guint kept[] = { 2, 6, 9, 11, 13 };

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autoptr(GDateTime) start = test_clinic_at (kept[i], 9, 8, 0);
      g_autoptr(GDateTime) end = g_date_time_add_minutes (start, 115);

      lys_planner_add_course_infusion (planner, start, 1, 21);
      lys_planner_add_busy (planner, LYS_PLAN_ROOM, 1, start, end);
      lys_planner_add_busy (planner, LYS_PLAN_PATIENT, 0, start, end);
    }

  plan = lys_planner_propose (planner, earliest, 28, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->slots->len, ==, 1);
  {
    LysPlanSlot *slot = plan->slots->pdata[0];

    /* 48 h from Friday 13th: Sunday is closed, Monday 16th in week 38 */
    g_assert_cmpint (g_date_time_get_day_of_month (slot->starts_at), ==, 16);
    g_assert_cmpint (slot->psychologist_id, ==, 21);
  }
}
