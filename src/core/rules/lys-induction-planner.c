/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-induction-planner"

#include "config.h"

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-holidays.h"
#include "lys-induction-planner.h"

/* Candidate starts lie on a quarter-hour grid */
#define STEP_MINUTES 15
/* No booking lasts longer; bounds the look-back for overlaps */
#define MAX_BOOKING_SECONDS (24 * 3600)
#define NOON_MINUTE (12 * 60)

typedef struct
{
  gint64 starts;   /* Unix seconds; half-open [starts, ends) */
  gint64 ends;
} Interval;

typedef struct
{
  gint64  id;
  guint   opens;    /* rooms: minutes after midnight */
  guint   closes;
  GArray *busy;     /* Interval, sorted by start before a search */
} Resource;

struct _LysPlanner
{
  LysCourseLimits limits;
  guint booking_minutes;
  GArray *resources[LYS_N_PLAN_RESOURCES];
  GHashTable *closed;           /* Julian days */
  GArray *course;               /* LysCourseTime of the course's infusions */
  gint64 preferred_room;
  gint64 preferred_psychologist;
  guint weekdays;
  LysDayPart part;
};

/* One search: a series built slot by slot on top of the course's infusions */
typedef struct
{
  gboolean        use_preferences;
  const Resource *room;           /* the team, or NULL for any */
  const Resource *psychologist;
  GArray         *times;          /* LysCourseTime: the course's and the chosen */
  GPtrArray      *slots;          /* LysPlanSlot chosen */
} Search;

static void
resource_clear (gpointer data)
{
  Resource *resource = data;

  g_clear_pointer (&resource->busy, g_array_unref);
}

static void
slot_free (gpointer data)
{
  LysPlanSlot *slot = data;

  g_clear_pointer (&slot->starts_at, g_date_time_unref);
  g_clear_pointer (&slot->ends_at, g_date_time_unref);
  g_free (slot);
}

void
lys_plan_free (LysPlan *plan)
{
  if (plan == NULL)
    return;

  g_clear_pointer (&plan->slots, g_ptr_array_unref);
  g_free (plan);
}

static Resource *
find_resource (LysPlanner      *self,
               LysPlanResource  kind,
               gint64           id)
{
  GArray *resources = self->resources[kind];

  for (guint i = 0; i < resources->len; i++)
    {
      Resource *resource = &g_array_index (resources, Resource, i);

      if (resource->id == id)
        return resource;
    }

  return NULL;
}

static Resource *
add_resource (LysPlanner      *self,
              LysPlanResource  kind,
              gint64           id)
{
  Resource resource = { id, 0, 24 * 60, g_array_new (FALSE, FALSE, sizeof (Interval)) };

  g_array_append_val (self->resources[kind], resource);
  return &g_array_index (self->resources[kind], Resource, self->resources[kind]->len - 1);
}

LysPlanner *
lys_planner_new (const LysCourseLimits *limits,
                 guint                  booking_minutes)
{
  LysPlanner *self;

  g_return_val_if_fail (limits != NULL, NULL);
  g_return_val_if_fail (booking_minutes > 0 && booking_minutes < 24 * 60, NULL);

  self = g_new0 (LysPlanner, 1);
  self->limits = *limits;
  self->booking_minutes = booking_minutes;
  for (guint i = 0; i < LYS_N_PLAN_RESOURCES; i++)
    {
      self->resources[i] = g_array_new (FALSE, FALSE, sizeof (Resource));
      g_array_set_clear_func (self->resources[i], resource_clear);
    }
  add_resource (self, LYS_PLAN_PATIENT, 0);
  self->closed = g_hash_table_new (NULL, NULL);
  self->course = g_array_new (FALSE, FALSE, sizeof (LysCourseTime));
  self->weekdays = LYS_WEEKDAYS_WORKING;
  self->part = LYS_DAY_PART_ANY;

  return self;
}

void
lys_planner_free (LysPlanner *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < LYS_N_PLAN_RESOURCES; i++)
    g_array_unref (self->resources[i]);
  g_hash_table_unref (self->closed);
  g_array_unref (self->course);
  g_free (self);
}

void
lys_planner_add_room (LysPlanner *self,
                      gint64      room_id,
                      guint       opens_minute,
                      guint       closes_minute)
{
  Resource *room;

  g_return_if_fail (self != NULL);
  g_return_if_fail (opens_minute < closes_minute && closes_minute <= 24 * 60);

  room = add_resource (self, LYS_PLAN_ROOM, room_id);
  room->opens = opens_minute;
  room->closes = closes_minute;
}

void
lys_planner_add_staff (LysPlanner      *self,
                       LysPlanResource  resource,
                       gint64           staff_id)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (resource == LYS_PLAN_DRUG || resource == LYS_PLAN_PSYCHOLOGIST);

  add_resource (self, resource, staff_id);
}

/**
 * lys_planner_add_busy:
 * @id: the room's or staff member's id; ignored for the patient
 *
 * A time the resource is taken: a booking, or an absence. Times of resources
 * the planner was not given are ignored.
 */
void
lys_planner_add_busy (LysPlanner      *self,
                      LysPlanResource  resource,
                      gint64           id,
                      GDateTime       *starts_at,
                      GDateTime       *ends_at)
{
  Interval interval;
  Resource *target;

  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) resource < LYS_N_PLAN_RESOURCES);
  g_return_if_fail (starts_at != NULL && ends_at != NULL);

  target = find_resource (self, resource, resource == LYS_PLAN_PATIENT ? 0 : id);
  if (target == NULL)
    return;

  interval.starts = g_date_time_to_unix (starts_at);
  interval.ends = g_date_time_to_unix (ends_at);
  /* An absence over several days is split so that no interval is longer
   * than the look-back the overlap test relies on */
  while (interval.ends - interval.starts > MAX_BOOKING_SECONDS)
    {
      Interval part = { interval.starts, interval.starts + MAX_BOOKING_SECONDS };

      g_array_append_val (target->busy, part);
      interval.starts = part.ends;
    }
  if (interval.ends > interval.starts)
    g_array_append_val (target->busy, interval);
}

void
lys_planner_add_closed_day (LysPlanner  *self,
                            const GDate *day)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (day != NULL && g_date_valid (day));

  g_hash_table_add (self->closed, GUINT_TO_POINTER (g_date_get_julian (day)));
}

/**
 * lys_planner_add_course_infusion:
 * @room_id: its room, preferred for the new ones, or 0
 * @psychologist_id: its psychologist, preferred for the new ones, or 0
 *
 * An infusion of the course that stays (planned or done): the new ones keep
 * the course rules with it.
 */
void
lys_planner_add_course_infusion (LysPlanner *self,
                                 GDateTime  *starts_at,
                                 gint64      room_id,
                                 gint64      psychologist_id)
{
  LysCourseTime time;

  g_return_if_fail (self != NULL);
  g_return_if_fail (starts_at != NULL);

  lys_course_time_init (&time, starts_at);
  g_array_append_val (self->course, time);
  if (room_id != 0)
    self->preferred_room = room_id;
  if (psychologist_id != 0)
    self->preferred_psychologist = psychologist_id;
}

/**
 * lys_planner_set_preferences:
 * @weekdays: preferred days, bit 0 for Monday to bit 6 for Sunday
 * @part: preferred time of day
 */
void
lys_planner_set_preferences (LysPlanner *self,
                             guint       weekdays,
                             LysDayPart  part)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) part < LYS_N_DAY_PARTS);

  self->weekdays = weekdays & 0x7f;
  self->part = part;
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const Interval *ia = a, *ib = b;

  return (ia->starts > ib->starts) - (ia->starts < ib->starts);
}

/* Free over [starts, ends)? The busy times are sorted by start and none is
 * longer than MAX_BOOKING_SECONDS, so only those starting from a day before
 * up to @ends can overlap. */
static gboolean
is_free (const Resource *resource,
         gint64          starts,
         gint64          ends)
{
  const Interval *busy = (const Interval *) (gpointer) resource->busy->data;
  guint low = 0, high = resource->busy->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (busy[middle].starts < ends)
        low = middle + 1;
      else
        high = middle;
    }

  for (guint i = low; i-- > 0 && busy[i].starts > starts - MAX_BOOKING_SECONDS;)
    if (busy[i].ends > starts)
      return FALSE;

  return TRUE;
}

/* The first free resource of @kind over the interval: @only if given,
 * otherwise @preferred first, then the others in order. Rooms must also be
 * open for the whole booking. */
static const Resource *
pick (LysPlanner      *self,
      LysPlanResource  kind,
      const Resource  *only,
      gint64           preferred,
      guint            minute,
      gint64           starts,
      gint64           ends)
{
  GArray *resources = self->resources[kind];
  const Resource *found = NULL;

  for (guint i = 0; i < resources->len; i++)
    {
      const Resource *resource = &g_array_index (resources, Resource, i);

      if (only != NULL && resource != only)
        continue;
      if (kind == LYS_PLAN_ROOM &&
          (minute < resource->opens || minute + self->booking_minutes > resource->closes))
        continue;
      if (!is_free (resource, starts, ends))
        continue;
      if (resource->id == preferred)
        return resource;
      if (found == NULL)
        found = resource;
    }

  return found;
}

static gboolean
day_is_closed (LysPlanner  *self,
               const GDate *day)
{
  return lys_holidays_is_closed_day (day) ||
         g_hash_table_contains (self->closed, GUINT_TO_POINTER (g_date_get_julian (day)));
}

static gboolean
preferred_time (LysPlanner *self,
                guint       minute)
{
  switch (self->part)
    {
    case LYS_DAY_PART_MORNING:
      return minute < NOON_MINUTE;
    case LYS_DAY_PART_AFTERNOON:
      return minute >= NOON_MINUTE;
    case LYS_DAY_PART_ANY:
    case LYS_N_DAY_PARTS:
    default:
      return TRUE;
    }
}

/* The earliest slot at or after @after, on a day up to @last_day, that keeps
 * the course rules with what is chosen so far and has its room and staff. */
static LysPlanSlot *
find_slot (LysPlanner *self,
           Search     *search,
           gint64      after,
           guint       last_day)
{
  g_autoptr(GDateTime) after_time = g_date_time_new_from_unix_local (after);
  const LysCourseTime *times = (const LysCourseTime *) (gpointer) search->times->data;
  guint opens = 24 * 60, closes = 0;
  GDate day;

  for (guint i = 0; i < self->resources[LYS_PLAN_ROOM]->len; i++)
    {
      const Resource *room = &g_array_index (self->resources[LYS_PLAN_ROOM], Resource, i);

      if (search->room == NULL || search->room == room)
        {
          opens = MIN (opens, room->opens);
          closes = MAX (closes, room->closes);
        }
    }

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (after_time), g_date_time_get_month (after_time),
                  g_date_time_get_year (after_time));

  for (; g_date_get_julian (&day) <= last_day; g_date_add_days (&day, 1))
    {
      g_autoptr(GDateTime) noon = NULL;
      gint64 noon_unix;

      if (day_is_closed (self, &day))
        continue;
      if (search->use_preferences &&
          !(self->weekdays & (1u << (g_date_get_weekday (&day) - G_DATE_MONDAY))))
        continue;

      /* Counted from noon: a clinic day never spans a change of clock */
      noon = g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day),
                                    g_date_get_day (&day), 12, 0, 0);
      noon_unix = g_date_time_to_unix (noon);

      for (guint minute = opens; minute + self->booking_minutes <= closes; minute += STEP_MINUTES)
        {
          gint64 starts = noon_unix + ((gint64) minute - NOON_MINUTE) * 60;
          gint64 ends = starts + (gint64) self->booking_minutes * 60;
          const Resource *room, *drug, *psychologist;
          LysCourseTime time;
          LysPlanSlot *slot;

          if (starts < after)
            continue;
          if (search->use_preferences && !preferred_time (self, minute))
            continue;

          time.unix_time = starts;
          time.julian_day = g_date_get_julian (&day);
          time.week = (guint) g_date_time_get_week_numbering_year (noon) * 100 +
                      (guint) g_date_time_get_week_of_year (noon);
          if (lys_course_rules_too_close (&self->limits, times, search->times->len, &time) >= 0 ||
              !lys_course_rules_week_ok (&self->limits, times, search->times->len, &time) ||
              !lys_course_rules_days_ok (&self->limits, times, search->times->len, &time))
            continue;

          if (!is_free (&g_array_index (self->resources[LYS_PLAN_PATIENT], Resource, 0), starts, ends))
            continue;
          room = pick (self, LYS_PLAN_ROOM, search->room, self->preferred_room, minute, starts, ends);
          if (room == NULL)
            continue;
          psychologist = pick (self, LYS_PLAN_PSYCHOLOGIST, search->psychologist,
                               self->preferred_psychologist, minute, starts, ends);
          if (psychologist == NULL)
            continue;
          drug = pick (self, LYS_PLAN_DRUG, NULL, 0, minute, starts, ends);
          if (drug == NULL)
            continue;

          slot = g_new0 (LysPlanSlot, 1);
          slot->starts_at = g_date_time_new_from_unix_local (starts);
          slot->ends_at = g_date_time_new_from_unix_local (ends);
          slot->room_id = room->id;
          slot->psychologist_id = psychologist->id;
          slot->drug_id = drug->id;
          g_array_append_val (search->times, time);
          return slot;
        }
    }

  return NULL;
}

static guint
julian_of (GDateTime *time)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (time), g_date_time_get_month (time),
                  g_date_time_get_year (time));
  return g_date_get_julian (&day);
}

static guint
first_day (GArray *times)
{
  guint first = G_MAXUINT;

  for (guint i = 0; i < times->len; i++)
    first = MIN (first, g_array_index (times, LysCourseTime, i).julian_day);

  return first;
}

/* A series of @n built greedily from the earliest free first slot: after the
 * first, the earliest possible next one never hurts the rest. When the
 * series cannot be completed, the first infusion moves a day on. */
static GPtrArray *
try_series (LysPlanner *self,
            Search     *search,
            gint64      earliest,
            guint       horizon_day,
            guint       n)
{
  gint64 after = earliest;

  while (TRUE)
    {
      g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func (slot_free);
      g_autoptr(GDateTime) next_day = NULL;
      g_autoptr(GDateTime) first_start = NULL;
      guint last_day = horizon_day;
      LysPlanSlot *slot;

      g_array_set_size (search->times, self->course->len);
      if (self->course->len > 0)
        last_day = first_day (self->course) + self->limits.days;

      slot = find_slot (self, search, after, MIN (last_day, horizon_day));
      if (slot == NULL)
        return NULL;
      g_ptr_array_add (slots, slot);
      first_start = g_date_time_ref (slot->starts_at);

      while (slots->len < n)
        {
          LysPlanSlot *previous = g_ptr_array_index (slots, slots->len - 1);

          last_day = first_day (search->times) + self->limits.days;
          slot = find_slot (self, search, g_date_time_to_unix (previous->starts_at), last_day);
          if (slot == NULL)
            break;
          g_ptr_array_add (slots, slot);
        }
      if (slots->len == n)
        return g_steal_pointer (&slots);

      next_day = g_date_time_add_days (first_start, 1);
      after = g_date_time_to_unix (next_day) -
              (gint64) (g_date_time_get_hour (next_day) * 60 + g_date_time_get_minute (next_day)) * 60;
    }
}

static gboolean
series_keeps_preferences (LysPlanner *self,
                          GPtrArray  *slots)
{
  for (guint i = 0; i < slots->len; i++)
    {
      LysPlanSlot *slot = slots->pdata[i];
      guint weekday = (guint) g_date_time_get_day_of_week (slot->starts_at);
      guint minute = (guint) (g_date_time_get_hour (slot->starts_at) * 60 + g_date_time_get_minute (slot->starts_at));

      if (!(self->weekdays & (1u << (weekday - 1))) || !preferred_time (self, minute))
        return FALSE;
    }

  return TRUE;
}

static void
sort_busy_times (LysPlanner *self)
{
  for (guint kind = 0; kind < LYS_N_PLAN_RESOURCES; kind++)
    for (guint i = 0; i < self->resources[kind]->len; i++)
      g_array_sort (g_array_index (self->resources[kind], Resource, i).busy, compare_intervals);
}

/* Teams tried in order: the preferred room and psychologist first */
static GArray *
list_teams (LysPlanner *self)
{
  GArray *teams = g_array_new (FALSE, FALSE, sizeof (const Resource *) * 2);
  GArray *rooms = self->resources[LYS_PLAN_ROOM];
  GArray *psychologists = self->resources[LYS_PLAN_PSYCHOLOGIST];

  for (int preferred = 1; preferred >= 0; preferred--)
    for (guint i = 0; i < rooms->len; i++)
      for (guint j = 0; j < psychologists->len; j++)
        {
          const Resource *team[2] = { &g_array_index (rooms, Resource, i),
                                      &g_array_index (psychologists, Resource, j) };
          gboolean is_preferred = team[0]->id == self->preferred_room &&
                                  team[1]->id == self->preferred_psychologist;

          if (is_preferred == (gboolean) preferred)
            g_array_append_vals (teams, team, 1);
        }

  return teams;
}

static gboolean
check_resources (LysPlanner  *self,
                 GError     **error)
{
  if (self->resources[LYS_PLAN_ROOM]->len == 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND,
                           _("The clinic has no infusion room in use. Add a room in Preferences first."));
      return FALSE;
    }
  if (self->resources[LYS_PLAN_DRUG]->len == 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND,
                           _("No physician or nurse is registered to give the drug. Add one in Preferences first."));
      return FALSE;
    }
  if (self->resources[LYS_PLAN_PSYCHOLOGIST]->len == 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND,
                           _("No KAP-certified psychologist is registered. An infusion needs one in the room."));
      return FALSE;
    }

  return TRUE;
}

/**
 * lys_planner_propose:
 * @earliest: no infusion starts before this
 * @horizon_days: the first new infusion lies at most this many days after
 *   @earliest
 * @n: how many infusions to propose
 *
 * Tries, in order: the preferred days and times with one room and one
 * psychologist; the preferred days and times with any; any day and time with
 * one room and psychologist; any. Within each, the series that starts
 * earliest wins.
 *
 * Returns: (transfer full): the plan, or %NULL with an error saying why none
 *   fits
 */
LysPlan *
lys_planner_propose (LysPlanner  *self,
                     GDateTime   *earliest,
                     guint        horizon_days,
                     guint        n,
                     GError     **error)
{
  g_autoptr(GArray) teams = NULL;
  g_autoptr(GArray) times = NULL;
  gboolean all_preferred = (self->weekdays & LYS_WEEKDAYS_WORKING) == LYS_WEEKDAYS_WORKING &&
                           self->part == LYS_DAY_PART_ANY;
  gint64 earliest_unix;
  guint horizon_day;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (earliest != NULL, NULL);
  g_return_val_if_fail (n > 0, NULL);

  if (!check_resources (self, error))
    return NULL;

  sort_busy_times (self);
  teams = list_teams (self);
  times = g_array_new (FALSE, FALSE, sizeof (LysCourseTime));
  g_array_append_vals (times, self->course->data, self->course->len);
  earliest_unix = g_date_time_to_unix (earliest);
  horizon_day = julian_of (earliest) + horizon_days;

  for (guint pass = 0; pass < 4; pass++)
    {
      Search search = { 0 };
      g_autoptr(GPtrArray) best = NULL;
      gboolean with_team = pass % 2 == 0;

      search.use_preferences = pass < 2;
      search.times = times;
      /* Without preferences to keep, the later passes search the same slots */
      if (search.use_preferences && all_preferred)
        continue;

      for (guint t = 0; t < (with_team ? teams->len : 1); t++)
        {
          g_autoptr(GPtrArray) slots = NULL;

          if (with_team)
            {
              const Resource **team = &g_array_index (teams, const Resource *, t * 2);

              search.room = team[0];
              search.psychologist = team[1];
            }
          slots = try_series (self, &search, earliest_unix, horizon_day, n);
          if (slots != NULL &&
              (best == NULL ||
               g_date_time_compare (((LysPlanSlot *) slots->pdata[0])->starts_at,
                                    ((LysPlanSlot *) best->pdata[0])->starts_at) < 0))
            {
              g_clear_pointer (&best, g_ptr_array_unref);
              best = g_steal_pointer (&slots);
            }
        }

      if (best != NULL)
        {
          LysPlan *plan = g_new0 (LysPlan, 1);

          plan->slots = g_steal_pointer (&best);
          plan->same_team = with_team;
          plan->preferences_kept = series_keeps_preferences (self, plan->slots);
          plan->weekdays = self->weekdays;
          plan->part = self->part;
          return plan;
        }
    }

  g_set_error (error, LYS_ERROR, LYS_ERROR_CONFLICT,
               ngettext ("No time fits %u infusion: within the course rules, the rooms, the physicians and nurses or the certified psychologists are booked or away, or the clinic is closed. Try a later start date, or free a room.",
                         "No series of %u infusions fits: within the course rules, the rooms, the physicians and nurses or the certified psychologists are booked or away, or the clinic is closed. Try a later start date, or free a room.",
                         n),
               n);
  return NULL;
}
