/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "lys-course-rules.h"
#include "lys-error.h"
#include "lys-holidays.h"
#include "lys-ical.h"
#include "lys-induction-planner.h"
#include "lys-store.h"
#include "lys-time.h"
#include "test-clinic.h"
#include "test-raw.h"

/* Scheduling: the course rules, holidays, the induction planner, the
 * iCalendar writer, and the store's bookings (conflicts, moves, series,
 * groups, the calendar file). Dates lie in 2030 so that they stay in the
 * future; Monday 2 September 2030 starts ISO week 36. */

static GDateTime *
at (guint day,
    guint month,
    guint hour,
    guint minute)
{
  return g_date_time_new_local (2030, (int) month, (int) day, (int) hour, (int) minute, 0);
}

static LysCourseLimits
default_limits (void)
{
  double values[LYS_N_SETTINGS];
  LysCourseLimits limits;

  lys_settings_init_defaults (values);
  lys_course_limits_from_settings (&limits, values);
  return limits;
}

static GPtrArray *
starts_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
}

static void
test_rules_domain (void)
{
  LysCourseLimits limits = default_limits ();
  g_autoptr(GPtrArray) starts = starts_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) tuesday = at (3, 9, 9, 0);
  g_autoptr(GDateTime) wednesday = at (4, 9, 9, 0);
  g_autoptr(GDateTime) early_wednesday = at (4, 9, 8, 59);
  g_autoptr(GDateTime) sunday = at (8, 9, 9, 0);
  g_autoptr(GDateTime) next_monday = at (9, 9, 9, 0);
  g_autofree char *warning = NULL;

  g_assert_cmpuint (limits.infusions, ==, 6);
  g_assert_cmpuint (limits.min_hours, ==, 48);
  g_assert_cmpuint (limits.max_per_week, ==, 3);
  g_assert_cmpuint (limits.days, ==, 21);

  /* Mon 09:00 then Tue 09:00: under 48 h */
  g_ptr_array_add (starts, at (2, 9, 9, 0));
  g_assert_false (lys_course_rules_check (&limits, TRUE, starts, tuesday, &warning, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "48 hours"));
  g_assert_nonnull (strstr (error->message, "09:00"));
  /* and says what would work: Wednesday 09:00, 48 h after Monday */
  g_assert_nonnull (strstr (error->message, "The earliest the rule allows is 4 Sep 09:00."));
  g_clear_error (&error);
  /* Between two infusions too close to either: after the later one */
  {
    g_autoptr(GPtrArray) two = starts_new ();
    g_autoptr(GDateTime) between = at (3, 9, 9, 0);
    g_autoptr(GDateTime) friday = at (6, 9, 9, 0);
    g_autoptr(GDateTime) earliest = NULL;

    g_ptr_array_add (two, at (2, 9, 9, 0));
    g_ptr_array_add (two, at (4, 9, 9, 0));
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
    g_autoptr(GPtrArray) later = starts_new ();

    g_ptr_array_add (later, g_date_time_ref (wednesday));
    g_assert_false (lys_course_rules_check (&limits, TRUE, later, tuesday, NULL, NULL));
  }

  /* Three in week 36; a fourth on Sunday, 48 h after Friday, is refused */
  g_ptr_array_add (starts, g_date_time_ref (wednesday));
  g_ptr_array_add (starts, at (6, 9, 9, 0));
  g_assert_false (lys_course_rules_check (&limits, TRUE, starts, sunday, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "week 36"));
  g_clear_error (&error);
  g_assert_true (lys_course_rules_check (&limits, TRUE, starts, next_monday, NULL, &error));
  g_assert_no_error (error);

  /* Six booked: a seventh is refused, and belongs to a maintenance course */
  g_ptr_array_add (starts, g_date_time_ref (next_monday));
  g_ptr_array_add (starts, at (11, 9, 9, 0));
  g_ptr_array_add (starts, at (13, 9, 9, 0));
  {
    g_autoptr(GDateTime) seventh = at (16, 9, 9, 0);

    g_assert_false (lys_course_rules_check (&limits, TRUE, starts, seventh, NULL, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_SERIES_FULL);
    g_assert_nonnull (strstr (error->message, "maintenance"));
    g_clear_error (&error);
    g_assert_true (lys_course_rules_check (&limits, FALSE, starts, seventh, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_rules_spread (void)
{
  LysCourseLimits limits = default_limits ();
  g_autoptr(GPtrArray) starts = starts_new ();
  g_autoptr(GDateTime) day21 = at (23, 9, 9, 0);
  g_autoptr(GDateTime) day22 = at (24, 9, 9, 0);
  g_autofree char *warning = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (starts, at (2, 9, 9, 0));
  g_ptr_array_add (starts, at (4, 9, 9, 0));

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

static void
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

static LysPlanner *
clinic_planner (guint rooms)
{
  LysCourseLimits limits = default_limits ();
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
  LysCourseLimits limits = default_limits ();
  g_autoptr(GPtrArray) starts = starts_new ();

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

static void
test_planner_basic (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (3);
  g_autoptr(GDateTime) earliest = at (2, 9, 7, 0);
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

static void
test_planner_preferences (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (1);
  g_autoptr(GDateTime) earliest = at (2, 9, 7, 0);
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

static void
test_planner_busy (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (2);
  g_autoptr(GDateTime) earliest = at (2, 9, 7, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  /* Room 1 is taken every Wednesday and psychologist 20 all of week 37 */
  for (guint day = 4; day <= 25; day += 7)
    {
      g_autoptr(GDateTime) from = at (day, 9, 8, 0);
      g_autoptr(GDateTime) to = at (day, 9, 16, 0);

      lys_planner_add_busy (planner, LYS_PLAN_ROOM, 1, from, to);
    }
  {
    g_autoptr(GDateTime) from = at (9, 9, 0, 0);
    g_autoptr(GDateTime) to = at (14, 9, 0, 0);

    lys_planner_add_busy (planner, LYS_PLAN_PSYCHOLOGIST, 20, from, to);
  }
  /* The patient has an appointment on Monday morning */
  {
    g_autoptr(GDateTime) from = at (2, 9, 8, 0);
    g_autoptr(GDateTime) to = at (2, 9, 11, 0);

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

static void
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

static void
test_planner_full (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (2);
  g_autoptr(GDateTime) earliest = at (2, 9, 7, 0);
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
    LysCourseLimits limits = default_limits ();
    g_autoptr(LysPlanner) empty = lys_planner_new (&limits, 115);

    lys_planner_add_room (empty, 1, 8 * 60, 16 * 60);
    lys_planner_add_staff (empty, LYS_PLAN_DRUG, 10);
    g_assert_null (lys_planner_propose (empty, earliest, 28, 6, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "psychologist"));
  }
}

static void
test_planner_fill_in (void)
{
  g_autoptr(LysPlanner) planner = clinic_planner (1);
  g_autoptr(GDateTime) earliest = at (5, 9, 0, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  /* Five stay; the one on Wednesday 4 September was missed, and it is
   * Thursday now */
  static const guint kept[] = { 2, 6, 9, 11, 13 };

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autoptr(GDateTime) start = at (kept[i], 9, 8, 0);
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

static void
test_ical (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_ical_event_free);
  g_autoptr(GDateTime) stamp = g_date_time_new_utc (2030, 8, 1, 12, 0, 0);
  LysIcalEvent *event = g_new0 (LysIcalEvent, 1);
  g_autofree char *escaped = lys_ical_escape ("a,b;c\\d\ne");
  g_autofree char *text = NULL;
  g_autofree char *unfolded = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) unfold = g_regex_new ("\r\n ", 0, 0, NULL);
  g_autofree char *long_summary = NULL;
  GString *summary = g_string_new (NULL);

  g_assert_cmpstr (escaped, ==, "a\\,b\\;c\\\\d\\ne");

  /* Norwegian letters are two octets: the folding must not split them */
  for (guint i = 0; i < 40; i++)
    g_string_append (summary, "ø");
  long_summary = g_string_free (summary, FALSE);

  event->uid = g_strdup ("booking-1-abc@lysning");
  event->starts_at = at (2, 9, 9, 0);
  event->ends_at = at (2, 9, 10, 55);
  event->summary = g_strdup (long_summary);
  event->location = g_strdup ("Fjord, 2. etasje");
  event->description = g_strdup ("Booking L-1\nStaff: Ingrid Solberg");
  g_ptr_array_add (events, event);

  text = lys_ical_build (events, stamp);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  g_assert_true (g_str_has_suffix (text, "END:VCALENDAR\r\n"));
  g_assert_nonnull (strstr (text, "BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\n"));
  g_assert_nonnull (strstr (text, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"));
  g_assert_nonnull (strstr (text, "DTSTART;TZID=Europe/Oslo:20300902T090000\r\n"));
  g_assert_nonnull (strstr (text, "DTEND;TZID=Europe/Oslo:20300902T105500\r\n"));
  g_assert_nonnull (strstr (text, "DTSTAMP:20300801T120000Z\r\n"));
  g_assert_nonnull (strstr (text, "UID:booking-1-abc@lysning\r\n"));
  g_assert_nonnull (strstr (text, "LOCATION:Fjord\\, 2. etasje\r\n"));
  g_assert_nonnull (strstr (text, "DESCRIPTION:Booking L-1\\nStaff: Ingrid Solberg\r\n"));

  /* Every line ends in CRLF, has at most 75 octets and is valid UTF-8 */
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
  /* Unfolded, the summary is whole again */
  unfolded = g_regex_replace_literal (unfold, text, -1, 0, "", 0, NULL);
  g_assert_nonnull (strstr (unfolded, long_summary));
}

/* The store */

typedef struct
{
  char *dir;
  char *path;
  LysStore *store;
  gint64 patients[3];
  gint64 physician;
  gint64 nurse;
  gint64 psychologists[2];
  gint64 uncertified;
  gint64 rooms[2];
} Fixture;

static gint64
add_room (LysStore   *store,
          const char *name)
{
  g_autoptr(LysRoom) room = lys_room_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  room->name = g_strdup (name);
  room->headphones = room->duvet = room->dimmable_light = room->monitoring = TRUE;
  id = lys_store_save_room (store, room, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *numbers[] = { "15046600344", "01015012397", "02027512367" };
  static const char *names[] = { "Åse", "Bjørn", "Cecilie" };
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("lysning-scheduling-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "lysning.db", NULL);

  f->store = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&f->store);
  g_assert_cmpint (test_raw_exec (f->path,
                                  "INSERT INTO staff (name, role, kap_certified, created_at) VALUES "
                                  "('Ingrid Solberg', 'physician', 0, '2026-01-01T00:00:00Z'), "
                                  "('Nora Lie', 'nurse', 0, '2026-01-01T00:00:00Z'), "
                                  "('Magnus Berg', 'psychologist', 1, '2026-01-01T00:00:00Z'), "
                                  "('Sara Dahl', 'psychologist', 1, '2026-01-01T00:00:00Z'), "
                                  "('Ola Uten', 'psychologist', 0, '2026-01-01T00:00:00Z')", NULL), ==, SQLITE_OK);
  f->store = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  f->physician = test_raw_int (f->path, "SELECT id FROM staff WHERE name = 'Ingrid Solberg'");
  f->nurse = test_raw_int (f->path, "SELECT id FROM staff WHERE name = 'Nora Lie'");
  f->psychologists[0] = test_raw_int (f->path, "SELECT id FROM staff WHERE name = 'Magnus Berg'");
  f->psychologists[1] = test_raw_int (f->path, "SELECT id FROM staff WHERE name = 'Sara Dahl'");
  f->uncertified = test_raw_int (f->path, "SELECT id FROM staff WHERE name = 'Ola Uten'");
  f->rooms[0] = add_room (f->store, "Fjord");
  f->rooms[1] = add_room (f->store, "Skog");

  lys_store_get_patients (f->store);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(LysPatient) patient = g_object_new (LYS_TYPE_PATIENT, "national-id", numbers[i],
                                                    "given-name", names[i], "family-name", "Testesen", NULL);

      g_assert_true (lys_store_add_patient (f->store, patient, &error));
      g_assert_no_error (error);
      f->patients[i] = lys_patient_get_id (patient);
    }
  /* Their courses are ready for induction: the preparation is tested elsewhere */
  g_assert_cmpint (test_raw_exec (f->path, "UPDATE courses SET phase = 'induction'", NULL), ==, SQLITE_OK);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->store));
  test_clinic_close (&f->store, &f->dir, &f->path);
}

static gint64
book_infusion (Fixture    *f,
               guint       patient,
               GDateTime  *starts_at,
               guint       room,
               gint64      drug,
               gint64      psychologist,
               GError    **error)
{
  LysBookingStaff staff[] = { { drug, LYS_TASK_DRUG }, { psychologist, LYS_TASK_PSYCHOLOGIST } };
  LysBookingRequest request = { 0 };

  request.kind = LYS_APPOINTMENT_INFUSION;
  request.starts_at = starts_at;
  request.room_id = f->rooms[room];
  request.patient_ids = &f->patients[patient];
  request.n_patients = 1;
  request.staff = staff;
  request.n_staff = G_N_ELEMENTS (staff);
  return lys_store_book (f->store, &request, NULL, error);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return test_raw_int (f->path, sql);
}

static void
test_store_conflicts (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) nine = at (2, 9, 9, 0);
  g_autoptr(GDateTime) half_past_ten = at (2, 9, 10, 30);
  g_autoptr(GDateTime) twenty_to_eleven = at (2, 9, 10, 40);
  g_autoptr(GDateTime) ten = at (2, 9, 10, 0);
  g_autoptr(GDateTime) late = at (2, 9, 15, 0);
  g_autoptr(GDateTime) saturday = at (7, 9, 9, 0);
  g_autoptr(GDateTime) wednesday = at (4, 9, 9, 0);
  g_autoptr(GDateTime) past = g_date_time_new_local (2020, 9, 1, 9, 0, 0);
  gint64 first, second;
  GDate day;

  /* No turnover: the room is booked 09:00-10:40, as in DOMAIN.md; a
   * physician sets it */
  g_assert_true (lys_store_update_current_profile (f->store, "Ingrid Lege", LYS_ROLE_PHYSICIAN, &error));
  g_assert_true (lys_store_set_setting (f->store, LYS_SETTING_TURNOVER_MINUTES, 0, &error));
  first = book_infusion (f, 0, nine, 0, f->physician, f->psychologists[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE ends_at = '2030-09-02 10:40:00'"), ==, 1);

  g_assert_cmpint (book_infusion (f, 1, half_past_ten, 0, f->nurse, f->psychologists[1], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Fjord"));
  /* and says which room is free then */
  g_assert_nonnull (strstr (error->message, "Free then: Skog."));
  g_clear_error (&error);
  second = book_infusion (f, 1, twenty_to_eleven, 0, f->nurse, f->psychologists[1], &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);

  /* The patient, and each staff member, in another room */
  g_assert_cmpint (book_infusion (f, 0, ten, 1, f->nurse, f->psychologists[1], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Åse Testesen"));
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, ten, 1, f->physician, f->psychologists[1], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Ingrid Solberg"));
  /* Who else may give the drug and is free: the physician at this desk;
   * the nurse is booked from 10:40 */
  g_assert_nonnull (strstr (error->message, "Free then: Ingrid Lege."));
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, ten, 1, f->nurse, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Magnus Berg"));
  /* Sara Dahl is booked then, Ola Uten is not KAP-certified */
  g_assert_nonnull (strstr (error->message, "No one else who may take that part is free then."));
  g_clear_error (&error);

  /* Who may do what; opening hours; closed days; the past */
  g_assert_cmpint (book_infusion (f, 2, ten, 1, f->nurse, f->uncertified, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "KAP-certified"));
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, ten, 1, f->psychologists[0], f->psychologists[1], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, late, 1, f->physician, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "16:00"));
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, saturday, 1, f->physician, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (book_infusion (f, 2, past, 1, f->physician, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  /* A clinic closure and an absence refuse the day */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 4, 9, 2030);
  g_assert_true (lys_store_add_closure (f->store, &day, &day, "Fagdag", &error));
  g_assert_no_error (error);
  g_assert_cmpint (book_infusion (f, 2, wednesday, 1, f->physician, f->psychologists[0], &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Fagdag"));
  g_clear_error (&error);
  g_assert_false (lys_store_add_closure (f->store, &day, &day, "  ", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  /* Called off: the day takes bookings again, and the removal is logged */
  {
    g_autoptr(GPtrArray) closures = lys_store_list_closures (f->store, &error);
    g_autoptr(GDateTime) wednesday_late = at (4, 9, 13, 0);
    gint64 closure;

    g_assert_cmpuint (closures->len, ==, 1);
    closure = ((LysDayRange *) closures->pdata[0])->id;
    g_assert_true (lys_store_remove_day_range (f->store, closure, FALSE, &error));
    g_assert_no_error (error);
    g_assert_false (lys_store_remove_day_range (f->store, closure, FALSE, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'closure.remove'"), ==, 1);
    g_assert_cmpint (book_infusion (f, 2, wednesday_late, 1, f->physician, f->psychologists[0], &error), >, 0);
    g_assert_no_error (error);
  }
  g_date_set_dmy (&day, 5, 9, 2030);
  g_assert_true (lys_store_add_staff_absence (f->store, f->psychologists[0], &day, &day, NULL, &error));
  {
    g_autoptr(GDateTime) thursday = at (5, 9, 9, 0);

    g_assert_cmpint (book_infusion (f, 2, thursday, 1, f->physician, f->psychologists[0], &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
    g_assert_nonnull (strstr (error->message, "away"));
    g_clear_error (&error);
  }

  /* Nothing refused was written */
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments"), ==, 3);

  /* Moves are checked as new bookings: into the first one's room time, no;
   * to Friday, yes, and logged */
  g_assert_false (lys_store_move_booking (f->store, second, half_past_ten, 0, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_clear_error (&error);
  {
    g_autoptr(GDateTime) friday = at (6, 9, 9, 0);

    g_assert_true (lys_store_move_booking (f->store, second, friday, f->rooms[1], NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE starts_at = '2030-09-06 09:00:00' "
                             "AND ends_at = '2030-09-06 10:40:00'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'appointment.move'"), ==, 1);
  /* The time it left on Monday is free for another */
  g_assert_cmpint (book_infusion (f, 2, twenty_to_eleven, 0, f->nurse, f->psychologists[1], &error), >, 0);
  g_assert_no_error (error);

  /* Cancelled bookings free their time; a cancelled one cannot be moved */
  g_assert_true (lys_store_set_booking_state (f->store, first, LYS_APPOINTMENT_CANCELLED, &error));
  g_assert_false (lys_store_move_booking (f->store, first, nine, 0, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (lys_store_set_booking_state (f->store, second, LYS_APPOINTMENT_MISSED, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
}

static void
test_store_plan (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GDateTime) earliest = at (2, 9, 7, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(LysPlan) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  gint64 third;
  guint weekdays;
  LysDayPart part;

  /* Still in preparation: no plan */
  g_assert_cmpint (test_raw_exec (f->path, "UPDATE courses SET phase = 'preparation'", NULL), ==, SQLITE_OK);
  g_assert_null (lys_store_propose_induction_plan (f->store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                                   LYS_DAY_PART_ANY, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (test_raw_exec (f->path, "UPDATE courses SET phase = 'induction'", NULL), ==, SQLITE_OK);

  g_assert_cmpuint (lys_store_count_missing_infusions (f->store, f->patients[0], &error), ==, 6);
  plan = lys_store_propose_induction_plan (f->store, f->patients[0], earliest, (1 << 0) | (1 << 2) | (1 << 4),
                                           LYS_DAY_PART_MORNING, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->slots->len, ==, 6);
  /* Proposing writes nothing */
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments"), ==, 0);
  g_assert_true (lys_store_book_induction_plan (f->store, f->patients[0], plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE kind = 'infusion'"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count (DISTINCT room_id) FROM appointments"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointment_staff WHERE task = 'psychologist'"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'appointment.create'"), ==, 6);
  g_assert_true (lys_store_get_course_preferences (f->store, f->patients[0], &weekdays, &part, &error));
  g_assert_cmpuint (weekdays, ==, (1 << 0) | (1 << 2) | (1 << 4));
  g_assert_cmpint (part, ==, LYS_DAY_PART_MORNING);

  /* A seventh: refused, by the plan and by hand, and offered as maintenance */
  g_assert_null (lys_store_propose_induction_plan (f->store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                                   LYS_DAY_PART_ANY, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_SERIES_FULL);
  g_clear_error (&error);
  {
    g_autoptr(GDateTime) later = at (30, 9, 9, 0);

    g_assert_cmpint (book_infusion (f, 0, later, 1, f->physician, f->psychologists[1], &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_SERIES_FULL);
    g_clear_error (&error);
  }

  /* The third is cancelled: one is proposed in its place, the rest stay */
  third = count (f, "SELECT id FROM appointments ORDER BY starts_at LIMIT 1 OFFSET 2");
  kept = g_strdup_printf ("CREATE TABLE kept AS SELECT id, starts_at, room_id FROM appointments "
                          "WHERE id <> %" G_GINT64_FORMAT, third);
  g_assert_cmpint (test_raw_exec (f->path, kept, NULL), ==, SQLITE_OK);
  g_assert_true (lys_store_set_booking_state (f->store, third, LYS_APPOINTMENT_CANCELLED, &error));
  g_assert_cmpuint (lys_store_count_missing_infusions (f->store, f->patients[0], &error), ==, 1);
  again = lys_store_propose_induction_plan (f->store, f->patients[0], earliest, weekdays, part, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->slots->len, ==, 1);
  g_assert_true (lys_store_book_induction_plan (f->store, f->patients[0], again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE state = 'planned'"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments a JOIN kept k ON k.id = a.id "
                             "AND k.starts_at = a.starts_at AND k.room_id = a.room_id WHERE a.state = 'planned'"), ==, 5);

  /* The maintenance course takes the seventh */
  g_assert_true (lys_store_start_maintenance (f->store, f->patients[0], &error));
  g_assert_no_error (error);
  {
    g_autoptr(GDateTime) later = at (30, 9, 9, 0);

    g_assert_cmpint (book_infusion (f, 0, later, 1, f->physician, f->psychologists[1], &error), >, 0);
    g_assert_no_error (error);
  }
  g_assert_cmpint (count (f, "SELECT count (*) FROM courses WHERE kind = 'maintenance'"), ==, 1);
}

static void
test_store_plan_atomic (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GDateTime) earliest = at (2, 9, 7, 0);
  g_autoptr(LysPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  LysPlanSlot *fourth;

  plan = lys_store_propose_induction_plan (f->store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                           LYS_DAY_PART_ANY, &error);
  g_assert_no_error (error);

  /* Someone books the fourth slot's room first: nothing of the plan is booked */
  fourth = plan->slots->pdata[3];
  g_assert_cmpint (book_infusion (f, 1, fourth->starts_at, fourth->room_id == f->rooms[0] ? 0 : 1,
                                  f->nurse == fourth->drug_id ? f->physician : f->nurse,
                                  fourth->psychologist_id == f->psychologists[0] ? f->psychologists[1] : f->psychologists[0],
                                  &error), >, 0);
  g_assert_no_error (error);
  g_assert_false (lys_store_book_induction_plan (f->store, f->patients[0], plan, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Infusion 4"));
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointment_patients WHERE patient_id = "
                             "(SELECT id FROM patients WHERE national_id = '15046600344')"), ==, 0);
}

static void
test_store_full_week (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) earliest = at (2, 9, 7, 0);
  g_autoptr(GError) error = NULL;

  /* Every room taken all day for two months */
  g_assert_cmpint (test_raw_exec (f->path,
                                  "WITH RECURSIVE d (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 60) "
                                  "INSERT INTO appointments (kind, state, room_id, starts_at, ends_at) "
                                  "SELECT 'integration', 'planned', r.id, "
                                  "  strftime ('%Y-%m-%d 08:00:00', '2030-09-01', '+' || n || ' days'), "
                                  "  strftime ('%Y-%m-%d 16:00:00', '2030-09-01', '+' || n || ' days') "
                                  "FROM d, rooms r", NULL), ==, SQLITE_OK);
  g_assert_null (lys_store_propose_induction_plan (f->store, f->patients[0], earliest, LYS_WEEKDAYS_WORKING,
                                                   LYS_DAY_PART_ANY, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "later start date"));
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE kind = 'infusion'"), ==, 0);
}

static void
test_store_group (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) one = at (3, 9, 13, 0);
  g_autoptr(GError) error = NULL;
  LysBookingStaff therapist = { 0, LYS_TASK_THERAPIST };
  LysBookingRequest request = { 0 };
  gint64 group;

  therapist.staff_id = f->uncertified;
  request.kind = LYS_APPOINTMENT_GROUP_INTEGRATION;
  request.starts_at = one;
  request.minutes = 90;
  request.room_id = f->rooms[1];
  request.patient_ids = f->patients;
  request.n_patients = 3;
  request.staff = &therapist;
  request.n_staff = 1;
  group = lys_store_book (f->store, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointment_patients"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'appointment.create'"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM appointments WHERE course_id IS NULL"), ==, 1);

  /* One participant booked elsewhere then: refused, naming them */
  request.kind = LYS_APPOINTMENT_INTEGRATION;
  request.room_id = 0;
  request.patient_ids = &f->patients[1];
  request.n_patients = 1;
  therapist.staff_id = f->psychologists[0];
  {
    g_autoptr(GDateTime) during = at (3, 9, 14, 0);

    request.starts_at = during;
    g_assert_cmpint (lys_store_book (f->store, &request, NULL, &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
    g_assert_nonnull (strstr (error->message, "Bjørn Testesen"));
    g_clear_error (&error);
  }

  /* A group needs two patients */
  request.kind = LYS_APPOINTMENT_GROUP_INTEGRATION;
  {
    g_autoptr(GDateTime) later = at (10, 9, 13, 0);

    request.starts_at = later;
    g_assert_cmpint (lys_store_book (f->store, &request, NULL, &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Moving the group moves everyone's time */
  {
    g_autoptr(GDateTime) thursday = at (5, 9, 13, 0);

    g_assert_true (lys_store_move_booking (f->store, group, thursday, 0, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'appointment.move'"), ==, 3);
  }
}

static void
test_store_calendar (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) nine = at (2, 9, 9, 0);
  g_autoptr(GDateTime) from = at (2, 9, 0, 0);
  g_autoptr(GDateTime) until = at (9, 9, 0, 0);
  g_autofree char *file = g_build_filename (f->dir, "uke.ics", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) uid = g_regex_new ("UID:[^\r]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *first_uid = NULL;
  struct stat st;
  guint n = 0;

  g_assert_cmpint (book_infusion (f, 0, nine, 0, f->physician, f->psychologists[0], &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (lys_store_export_calendar (f->store, from, until, file, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (file, &first, NULL, NULL));
  g_assert_nonnull (strstr (first, "SUMMARY:Infusion · ÅT\r\n"));
  g_assert_nonnull (strstr (first, "LOCATION:Fjord\r\n"));
  g_assert_nonnull (strstr (first, "DTSTART;TZID=Europe/Oslo:20300902T090000\r\n"));
  g_assert_nonnull (strstr (first, "DTEND;TZID=Europe/Oslo:20300902T105500\r\n"));
  /* No names or identity numbers of patients */
  g_assert_null (strstr (first, "Åse"));
  g_assert_null (strstr (first, "Testesen"));
  g_assert_null (strstr (first, "15046600344"));
  g_assert_null (strstr (first, "150466"));

  /* The UID is the same in the next export */
  g_assert_true (g_regex_match (uid, first, 0, &match));
  first_uid = g_match_info_fetch (match, 0);
  g_assert_true (lys_store_export_calendar (f->store, from, until, file, NULL, &error));
  g_assert_true (g_file_get_contents (file, &second, NULL, NULL));
  g_assert_nonnull (strstr (second, first_uid));
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'calendar.export'"), ==, 2);

  /* A period that ends before it starts */
  g_assert_false (lys_store_export_calendar (f->store, until, from, file, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
}

static void
test_store_rooms (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) rooms = NULL;
  g_autoptr(LysRoom) room = lys_room_new ();
  g_autoptr(GError) error = NULL;
  guint minute;

  rooms = lys_store_list_rooms (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rooms->len, ==, 2);
  g_assert_cmpstr (((LysRoom *) rooms->pdata[0])->name, ==, "Fjord");

  /* A name taken, no name, closing before opening */
  room->name = g_strdup ("Fjord");
  g_assert_cmpint (lys_store_save_room (f->store, room, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_EXISTS);
  g_clear_error (&error);
  g_free (room->name);
  room->name = g_strdup (" ");
  g_assert_cmpint (lys_store_save_room (f->store, room, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_free (room->name);
  room->name = g_strdup ("Lyng");
  room->opens = 15 * 60;
  room->closes = 9 * 60;
  g_assert_cmpint (lys_store_save_room (f->store, room, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  /* Hours as typed */
  g_assert_true (lys_time_parse_minute ("8:30", &minute));
  g_assert_cmpuint (minute, ==, 510);
  g_assert_true (lys_time_parse_minute ("0730", &minute));
  g_assert_cmpuint (minute, ==, 450);
  g_assert_true (lys_time_parse_minute ("14", &minute));
  g_assert_cmpuint (minute, ==, 840);
  g_assert_false (lys_time_parse_minute ("25:00", &minute));
  g_assert_false (lys_time_parse_minute ("8:5", &minute));
  g_assert_false (lys_time_parse_minute ("abc", &minute));

  /* A room out of use takes no bookings and is not listed */
  room->opens = 8 * 60;
  room->closes = 16 * 60;
  room->active = FALSE;
  room->id = lys_store_save_room (f->store, room, &error);
  g_assert_no_error (error);
  g_clear_pointer (&rooms, g_ptr_array_unref);
  rooms = lys_store_list_rooms (f->store, FALSE, &error);
  g_assert_cmpuint (rooms->len, ==, 2);
  g_clear_pointer (&rooms, g_ptr_array_unref);
  rooms = lys_store_list_rooms (f->store, TRUE, &error);
  g_assert_cmpuint (rooms->len, ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action LIKE 'room.%'"), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Oslo", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/scheduling/rules/domain", test_rules_domain);
  g_test_add_func ("/core/scheduling/rules/spread", test_rules_spread);
  g_test_add_func ("/core/scheduling/holidays/years", test_holidays_years);
  g_test_add_func ("/core/scheduling/planner/basic", test_planner_basic);
  g_test_add_func ("/core/scheduling/planner/preferences", test_planner_preferences);
  g_test_add_func ("/core/scheduling/planner/busy", test_planner_busy);
  g_test_add_func ("/core/scheduling/planner/holidays", test_planner_holidays);
  g_test_add_func ("/core/scheduling/planner/full", test_planner_full);
  g_test_add_func ("/core/scheduling/planner/fill-in", test_planner_fill_in);
  g_test_add_func ("/core/scheduling/ical", test_ical);
  g_test_add ("/core/scheduling/store/conflicts", Fixture, NULL, fixture_set_up, test_store_conflicts, fixture_tear_down);
  g_test_add ("/core/scheduling/store/plan", Fixture, NULL, fixture_set_up, test_store_plan, fixture_tear_down);
  g_test_add ("/core/scheduling/store/plan-atomic", Fixture, NULL, fixture_set_up, test_store_plan_atomic, fixture_tear_down);
  g_test_add ("/core/scheduling/store/full-week", Fixture, NULL, fixture_set_up, test_store_full_week, fixture_tear_down);
  g_test_add ("/core/scheduling/store/group", Fixture, NULL, fixture_set_up, test_store_group, fixture_tear_down);
  g_test_add ("/core/scheduling/store/calendar", Fixture, NULL, fixture_set_up, test_store_calendar, fixture_tear_down);
  g_test_add ("/core/scheduling/store/rooms", Fixture, NULL, fixture_set_up, test_store_rooms, fixture_tear_down);

  return g_test_run ();
}
