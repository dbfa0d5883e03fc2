/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "lys-course-rules.h"
#include "lys-domain.h"

G_BEGIN_DECLS

/* Proposes the infusions of an induction course: free slots for a room, a
 * physician or nurse and a certified psychologist that keep the course rules,
 * preferring one room and one psychologist for the whole series and the
 * patient's preferred days and times. Knows nothing of the database: the
 * store hands it the rooms, staff, bookings and closed days of the weeks in
 * question. */

typedef enum
{
  LYS_PLAN_ROOM,
  LYS_PLAN_DRUG,            /* a physician or nurse who gives the drug */
  LYS_PLAN_PSYCHOLOGIST,    /* KAP-certified */
  LYS_PLAN_PATIENT,
  LYS_N_PLAN_RESOURCES
} LysPlanResource;

#define LYS_WEEKDAYS_WORKING 0x1f   /* Monday to Friday: bit 0 is Monday */

typedef struct
{
  GDateTime *starts_at;
  GDateTime *ends_at;
  gint64     room_id;
  gint64     drug_id;
  gint64     psychologist_id;
} LysPlanSlot;

typedef struct
{
  GPtrArray *slots;             /* LysPlanSlot, in time order */
  gboolean   preferences_kept;  /* every slot on a preferred day and time */
  gboolean   same_team;         /* one room and one psychologist throughout */
  guint      weekdays;          /* the preferences it was made for */
  LysDayPart part;
} LysPlan;

typedef struct _LysPlanner LysPlanner;

LysPlanner *lys_planner_new               (const LysCourseLimits *limits,
                                           guint            booking_minutes);
void        lys_planner_free              (LysPlanner      *self);
void        lys_planner_add_room          (LysPlanner      *self,
                                           gint64           room_id,
                                           guint            opens_minute,
                                           guint            closes_minute);
void        lys_planner_add_staff         (LysPlanner      *self,
                                           LysPlanResource  resource,
                                           gint64           staff_id);
void        lys_planner_add_busy          (LysPlanner      *self,
                                           LysPlanResource  resource,
                                           gint64           id,
                                           GDateTime       *starts_at,
                                           GDateTime       *ends_at);
void        lys_planner_add_closed_day    (LysPlanner      *self,
                                           const GDate     *day);
void        lys_planner_add_course_infusion (LysPlanner    *self,
                                           GDateTime       *starts_at,
                                           gint64           room_id,
                                           gint64           psychologist_id);
void        lys_planner_set_preferences   (LysPlanner      *self,
                                           guint            weekdays,
                                           LysDayPart       part);
LysPlan    *lys_planner_propose           (LysPlanner      *self,
                                           GDateTime       *earliest,
                                           guint            horizon_days,
                                           guint            n,
                                           GError         **error);

void        lys_plan_free                 (LysPlan         *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysPlanner, lys_planner_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysPlan, lys_plan_free)

G_END_DECLS
