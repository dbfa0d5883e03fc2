/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-course-rules"

#include "config.h"

#include "lys-i18n.h"

#include "lys-course-rules.h"
#include "lys-error.h"
#include "lys-time.h"

void
lys_course_limits_from_settings (LysCourseLimits *limits,
                                 const double     values[LYS_N_SETTINGS])
{
  g_return_if_fail (limits != NULL);

  limits->infusions = (guint) values[LYS_SETTING_COURSE_INFUSIONS];
  limits->min_hours = (guint) values[LYS_SETTING_COURSE_MIN_HOURS];
  limits->max_per_week = (guint) values[LYS_SETTING_COURSE_MAX_PER_WEEK];
  limits->days = (guint) values[LYS_SETTING_COURSE_DAYS];
}

void
lys_course_time_init (LysCourseTime *time,
                      GDateTime     *date_time)
{
  GDate day;

  g_return_if_fail (time != NULL && date_time != NULL);

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (date_time), g_date_time_get_month (date_time),
                  g_date_time_get_year (date_time));
  time->unix_time = g_date_time_to_unix (date_time);
  time->julian_day = g_date_get_julian (&day);
  time->week = (guint) g_date_time_get_week_numbering_year (date_time) * 100 +
               (guint) g_date_time_get_week_of_year (date_time);
}

/**
 * lys_course_rules_too_close:
 *
 * Returns: the index of a start closer to @candidate than the least time
 *   between infusions, or -1 when there is none
 */
int
lys_course_rules_too_close (const LysCourseLimits *limits,
                            const LysCourseTime   *starts,
                            guint                  n_starts,
                            const LysCourseTime   *candidate)
{
  gint64 gap = (gint64) limits->min_hours * 3600;

  for (guint i = 0; i < n_starts; i++)
    {
      gint64 diff = candidate->unix_time - starts[i].unix_time;

      if (diff < gap && diff > -gap)
        return (int) i;
    }

  return -1;
}

/**
 * lys_course_rules_earliest:
 * @starts: (element-type GDateTime): the course's infusions
 *
 * Returns: (transfer full): the first time from @candidate on that keeps
 *   the least time between infusions to every one of @starts
 */
GDateTime *
lys_course_rules_earliest (const LysCourseLimits *limits,
                           GPtrArray             *starts,
                           GDateTime             *candidate)
{
  g_autofree LysCourseTime *times = g_new (LysCourseTime, MAX (starts->len, 1));
  GDateTime *earliest = g_date_time_ref (candidate);
  LysCourseTime time;
  int close;

  for (guint i = 0; i < starts->len; i++)
    lys_course_time_init (&times[i], starts->pdata[i]);
  lys_course_time_init (&time, earliest);
  /* Each step moves past one infusion, so this ends */
  for (guint step = 0; step <= starts->len &&
       (close = lys_course_rules_too_close (limits, times, starts->len, &time)) >= 0; step++)
    {
      g_date_time_unref (earliest);
      earliest = g_date_time_add_hours (starts->pdata[close], limits->min_hours);
      lys_course_time_init (&time, earliest);
    }
  return earliest;
}

/* Whether the candidate's calendar week has room for another infusion */
gboolean
lys_course_rules_week_ok (const LysCourseLimits *limits,
                          const LysCourseTime   *starts,
                          guint                  n_starts,
                          const LysCourseTime   *candidate)
{
  guint n = 0;

  for (guint i = 0; i < n_starts; i++)
    if (starts[i].week == candidate->week)
      n++;

  return n < limits->max_per_week;
}

/* Whether the series with the candidate still has its last infusion at most
 * the course length after its first */
gboolean
lys_course_rules_days_ok (const LysCourseLimits *limits,
                          const LysCourseTime   *starts,
                          guint                  n_starts,
                          const LysCourseTime   *candidate)
{
  guint first = candidate->julian_day, last = candidate->julian_day;

  for (guint i = 0; i < n_starts; i++)
    {
      first = MIN (first, starts[i].julian_day);
      last = MAX (last, starts[i].julian_day);
    }

  return last - first <= limits->days;
}

/**
 * lys_course_rules_check:
 * @induction: whether the course is an induction course (a maintenance
 *   course has no set number of infusions and no set length)
 * @starts: (element-type GDateTime): the course's other infusions that count
 *   (planned or done), in any order
 * @candidate: the start of the infusion to book or move
 * @warning: (out) (optional): set to a message when the series runs longer
 *   than the course length, which is allowed
 *
 * Returns: whether @candidate may join @starts; an error says which rule it
 *   breaks and with which infusion
 */
gboolean
lys_course_rules_check (const LysCourseLimits  *limits,
                        gboolean                induction,
                        GPtrArray              *starts,
                        GDateTime              *candidate,
                        char                  **warning,
                        GError                **error)
{
  g_return_val_if_fail (starts != NULL, FALSE);

  return lys_course_rules_check_counted (limits, induction, starts, starts->len, candidate, warning, error);
}

/**
 * lys_course_rules_check_counted:
 * @starts: (element-type GDateTime): every other infusion of the course,
 *   planned or given, those stopped early among them: each is a dose of
 *   ketamine, and the time between infusions holds from it
 * @n_counted: how many of @starts count towards the course's number: an
 *   infusion stopped short of the dose the clinic counts does not
 *
 * As lys_course_rules_check(), where not every infusion counts.
 */
gboolean
lys_course_rules_check_counted (const LysCourseLimits  *limits,
                                gboolean                induction,
                                GPtrArray              *starts,
                                guint                   n_counted,
                                GDateTime              *candidate,
                                char                  **warning,
                                GError                **error)
{
  g_autofree LysCourseTime *times = NULL;
  LysCourseTime time;
  int close;

  g_return_val_if_fail (limits != NULL, FALSE);
  g_return_val_if_fail (starts != NULL, FALSE);
  g_return_val_if_fail (candidate != NULL, FALSE);

  if (warning != NULL)
    *warning = NULL;

  if (induction && n_counted >= limits->infusions)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_SERIES_FULL,
                   ngettext ("An induction course has %u infusion, and it is booked. Further infusions belong to a maintenance (booster) course.",
                             "An induction course has %u infusions, and all are booked. Further infusions belong to a maintenance (booster) course.",
                             limits->infusions),
                   limits->infusions);
      return FALSE;
    }

  times = g_new (LysCourseTime, MAX (starts->len, 1));
  for (guint i = 0; i < starts->len; i++)
    lys_course_time_init (&times[i], starts->pdata[i]);
  lys_course_time_init (&time, candidate);

  close = lys_course_rules_too_close (limits, times, starts->len, &time);
  if (close >= 0)
    {
      g_autofree char *when = lys_time_format (starts->pdata[close], "%-d %b %H:%M");
      g_autoptr(GDateTime) earliest = lys_course_rules_earliest (limits, starts, candidate);
      g_autofree char *then = lys_time_format (earliest, "%-d %b %H:%M");

      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %1$u is a number of hours, %2$s and %3$s a day and time like "9 Mar 09:00" */
                   ngettext ("Infusions of a course must be at least %1$u hour apart, and this one is closer to the infusion on %2$s. The earliest the rule allows is %3$s.",
                             "Infusions of a course must be at least %1$u hours apart, and this one is closer to the infusion on %2$s. The earliest the rule allows is %3$s.",
                             limits->min_hours),
                   limits->min_hours, when, then);
      return FALSE;
    }

  if (!lys_course_rules_week_ok (limits, times, starts->len, &time))
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %1$u is a number of infusions, %2$u a week number */
                   ngettext ("A course has at most %1$u infusion per calendar week, and week %2$u has it already. Choose a day in another week.",
                             "A course has at most %1$u infusions per calendar week, and week %2$u has them already. Choose a day in another week.",
                             limits->max_per_week),
                   limits->max_per_week, time.week % 100);
      return FALSE;
    }

  if (induction && warning != NULL && !lys_course_rules_days_ok (limits, times, starts->len, &time))
    *warning = g_strdup_printf (ngettext ("The infusions of this course now spread over more than %u day from the first to the last. The course rules ask for all of them within that time.",
                                          "The infusions of this course now spread over more than %u days from the first to the last. The course rules ask for all of them within that time.",
                                          limits->days),
                                limits->days);

  return TRUE;
}
