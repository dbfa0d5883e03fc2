/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "lys-clinic-settings.h"

G_BEGIN_DECLS

/* The rules an induction course's infusions are booked by (DOMAIN: course
 * rules), with the limits taken from the clinic settings. */
typedef struct
{
  guint infusions;      /* in an induction course */
  guint min_hours;      /* between two infusions of a course */
  guint max_per_week;   /* Monday to Sunday */
  guint days;           /* from the first infusion to the last */
} LysCourseLimits;

/* A start as the rules see it: the instant, its local day and its week */
typedef struct
{
  gint64 unix_time;
  guint  julian_day;
  guint  week;          /* ISO week-numbering year * 100 + week */
} LysCourseTime;

void     lys_course_limits_from_settings (LysCourseLimits *limits,
                                          const double     values[LYS_N_SETTINGS]);
void     lys_course_time_init         (LysCourseTime         *time,
                                       GDateTime             *date_time);

int      lys_course_rules_too_close   (const LysCourseLimits *limits,
                                       const LysCourseTime   *starts,
                                       guint                  n_starts,
                                       const LysCourseTime   *candidate);
GDateTime *lys_course_rules_earliest (const LysCourseLimits *limits,
                                       GPtrArray             *starts,
                                       GDateTime             *candidate);
gboolean lys_course_rules_week_ok     (const LysCourseLimits *limits,
                                       const LysCourseTime   *starts,
                                       guint                  n_starts,
                                       const LysCourseTime   *candidate);
gboolean lys_course_rules_days_ok     (const LysCourseLimits *limits,
                                       const LysCourseTime   *starts,
                                       guint                  n_starts,
                                       const LysCourseTime   *candidate);

gboolean lys_course_rules_check       (const LysCourseLimits  *limits,
                                       gboolean                induction,
                                       GPtrArray              *starts,
                                       GDateTime              *candidate,
                                       char                  **warning,
                                       GError                **error);
gboolean lys_course_rules_check_counted (const LysCourseLimits *limits,
                                       gboolean                induction,
                                       GPtrArray              *starts,
                                       guint                   n_counted,
                                       GDateTime              *candidate,
                                       char                  **warning,
                                       GError                **error);

G_END_DECLS
