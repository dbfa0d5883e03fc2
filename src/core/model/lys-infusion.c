/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-infusion"

#include "config.h"

#include <math.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-infusion.h"

void
lys_vitals_reading_free (LysVitalsReading *reading)
{
  if (reading == NULL)
    return;

  g_clear_pointer (&reading->taken_at, g_date_time_unref);
  g_clear_pointer (&reading->due_at, g_date_time_unref);
  g_clear_pointer (&reading->acknowledged_at, g_date_time_unref);
  g_free (reading->recorded_by);
  g_free (reading->time_reason);
  g_free (reading->acknowledged_by);
  g_free (reading->acknowledgement);
  g_free (reading);
}

void
lys_adverse_event_free (LysAdverseEvent *event)
{
  if (event == NULL)
    return;

  g_clear_pointer (&event->noted_at, g_date_time_unref);
  g_free (event->description);
  g_free (event->action);
  g_free (event->recorded_by);
  g_free (event);
}

void
lys_infusion_event_free (LysInfusionEvent *event)
{
  if (event == NULL)
    return;

  g_clear_pointer (&event->at, g_date_time_unref);
  g_free (event->reason);
  g_free (event->by);
  g_free (event);
}

void
lys_addendum_free (LysAddendum *addendum)
{
  if (addendum == NULL)
    return;

  g_clear_pointer (&addendum->created_at, g_date_time_unref);
  g_free (addendum->author);
  g_free (addendum->body);
  g_free (addendum);
}

LysInfusion *
lys_infusion_new (void)
{
  LysInfusion *self = g_new0 (LysInfusion, 1);

  self->given_mg = -1;
  self->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_vitals_reading_free);
  self->adverse_events = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_adverse_event_free);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_infusion_event_free);
  self->addenda = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_addendum_free);
  return self;
}

void
lys_infusion_free (LysInfusion *self)
{
  if (self == NULL)
    return;

  g_free (self->patient_name);
  g_free (self->room_name);
  g_free (self->lot_number);
  g_free (self->discharged_by);
  g_free (self->stop_reason);
  g_free (self->start_override);
  g_free (self->observations);
  g_clear_pointer (&self->booked_at, g_date_time_unref);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->ends_at, g_date_time_unref);
  g_clear_pointer (&self->discharge_from, g_date_time_unref);
  g_clear_pointer (&self->discharged_at, g_date_time_unref);
  g_clear_pointer (&self->next_due, g_date_time_unref);
  g_ptr_array_unref (self->readings);
  g_ptr_array_unref (self->adverse_events);
  g_ptr_array_unref (self->events);
  g_ptr_array_unref (self->addenda);
  g_free (self);
}

static gint64
unix_or_zero (GDateTime *time)
{
  return time != NULL ? g_date_time_to_unix (time) : 0;
}

static GDateTime *
from_unix (gint64 seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_to_local (utc);
}

/* Time spent paused: each pause until its resume, one still open until
 * @now */
static GTimeSpan
paused_span (const LysInfusion *self,
             GDateTime         *now)
{
  GTimeSpan span = 0;
  GDateTime *paused = NULL;

  for (guint i = 0; i < self->events->len; i++)
    {
      LysInfusionEvent *event = self->events->pdata[i];

      if (event->kind == LYS_INFUSION_EVENT_PAUSE && paused == NULL)
        paused = event->at;
      else if (event->kind == LYS_INFUSION_EVENT_RESUME && paused != NULL)
        {
          span += g_date_time_difference (event->at, paused);
          paused = NULL;
        }
    }
  if (paused != NULL)
    span += MAX (0, g_date_time_difference (now, paused));

  return span;
}

/**
 * lys_infusion_get_total_mg:
 *
 * Returns: the planned dose: the weight on the day times the dose rate
 */
double
lys_infusion_get_total_mg (const LysInfusion *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->weight_kg * self->mg_per_kg;
}

/**
 * lys_infusion_compute_given_mg:
 * @end: when the infusion ended or was stopped
 *
 * Returns: the dose given by @end: the rate times the minutes it ran, its
 *   pauses left out, at most the planned dose, to 0.1 mg
 */
double
lys_infusion_compute_given_mg (const LysInfusion *self,
                               GDateTime         *end)
{
  double total, ran;

  g_return_val_if_fail (self != NULL && end != NULL, 0);

  total = lys_infusion_get_total_mg (self);
  if (self->started_at == NULL || self->minutes == 0)
    return 0;
  ran = (double) (g_date_time_difference (end, self->started_at) - paused_span (self, end)) / G_TIME_SPAN_MINUTE;
  return round (CLAMP (total * ran / self->minutes, 0, total) * 10) / 10;
}

/**
 * lys_infusion_update_schedule:
 * @now: the clinic's clock
 *
 * Works out what follows from the times recorded: the end (as planned,
 * pauses added, while the infusion runs), the earliest discharge, the due
 * time each reading answers and whether it was late, and the next one due.
 */
void
lys_infusion_update_schedule (LysInfusion *self,
                              guint        observation_minutes,
                              GDateTime   *now)
{
  gint64 started, ended, previous = 0;

  g_return_if_fail (self != NULL && now != NULL);

  if (self->started_at != NULL && self->status != LYS_INFUSION_ENDED &&
      self->status != LYS_INFUSION_DISCHARGED)
    {
      g_autoptr(GDateTime) planned = g_date_time_add_minutes (self->started_at, (int) self->minutes);

      g_clear_pointer (&self->ends_at, g_date_time_unref);
      self->ends_at = g_date_time_add (planned, paused_span (self, now));
    }

  g_clear_pointer (&self->discharge_from, g_date_time_unref);
  if (self->status == LYS_INFUSION_ENDED || self->status == LYS_INFUSION_DISCHARGED)
    self->discharge_from = g_date_time_add_minutes (self->ends_at, (int) observation_minutes);

  started = unix_or_zero (self->started_at);
  ended = unix_or_zero (self->ends_at);
  for (guint i = 0; i < self->readings->len; i++)
    {
      LysVitalsReading *reading = self->readings->pdata[i];
      gint64 taken = g_date_time_to_unix (reading->taken_at);

      g_clear_pointer (&reading->due_at, g_date_time_unref);
      reading->late = FALSE;
      reading->stage = lys_vitals_stage_at (started, ended, taken);
      if (reading->stage != LYS_STAGE_BASELINE)
        {
          gint64 due = lys_vitals_due_after (started, ended, previous);

          reading->due_at = from_unix (due);
          reading->late = lys_vitals_is_late (due, taken);
        }
      previous = taken;
    }

  g_clear_pointer (&self->next_due, g_date_time_unref);
  if (self->status == LYS_INFUSION_DISCHARGED)
    return;
  if (started == 0)
    self->next_due = g_date_time_ref (now);
  else
    self->next_due = from_unix (lys_vitals_due_after (started, ended, previous));
}

gboolean
lys_infusion_is_read_only (const LysInfusion *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->status == LYS_INFUSION_DISCHARGED;
}

gboolean
lys_infusion_checklist_complete (const LysInfusion *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->checklist == (1u << LYS_N_DISCHARGE_CHECKS) - 1;
}

/* The first reading whose alert nobody has acknowledged yet */
const LysVitalsReading *
lys_infusion_get_pending_alert (const LysInfusion *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->readings->len; i++)
    {
      const LysVitalsReading *reading = self->readings->pdata[i];

      if (reading->alert != LYS_VITALS_ALERT_NONE && !reading->acknowledged)
        return reading;
    }

  return NULL;
}

/* The latest reading before the start: the one the start is judged by */
const LysVitalsReading *
lys_infusion_get_baseline (const LysInfusion *self)
{
  const LysVitalsReading *baseline = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->readings->len; i++)
    {
      const LysVitalsReading *reading = self->readings->pdata[i];

      if (reading->stage == LYS_STAGE_BASELINE)
        baseline = reading;
    }

  return baseline;
}

/**
 * lys_infusion_check_discharge:
 * @now: the clinic's clock
 *
 * Whether the patient may be discharged now: the infusion ended, the
 * observation over, no alert open, a reading after the infusion and the
 * checklist ticked. Checked before the discharge is offered for signing,
 * and again as it is signed.
 *
 * Returns: %TRUE, or %FALSE with @error saying what is missing
 */
gboolean
lys_infusion_check_discharge (const LysInfusion  *self,
                              GDateTime          *now,
                              GError            **error)
{
  gboolean after = FALSE;

  g_return_val_if_fail (self != NULL && now != NULL, FALSE);

  for (guint i = 0; i < self->readings->len; i++)
    after |= ((LysVitalsReading *) self->readings->pdata[i])->stage == LYS_STAGE_AFTER;

  if (self->status != LYS_INFUSION_ENDED)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_LOCKED, _("End the infusion first; the observation runs from its end."));
      return FALSE;
    }
  if (self->discharge_from != NULL && g_date_time_compare (now, self->discharge_from) < 0)
    {
      g_autofree char *from = g_date_time_format (self->discharge_from, "%H:%M");

      g_set_error (error, LYS_ERROR, LYS_ERROR_LOCKED,
                   /* Translators: %s is a time of day */
                   _("The observation lasts until %s. The patient can be discharged from then."), from);
      return FALSE;
    }
  if (lys_infusion_get_pending_alert (self) != NULL)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_LOCKED,
                           _("A vital signs alert is not yet acknowledged. Acknowledge it before the discharge."));
      return FALSE;
    }
  if (!after)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Record the vital signs after the infusion before the discharge."));
      return FALSE;
    }
  for (guint check = 0; check < LYS_N_DISCHARGE_CHECKS; check++)
    if (!(self->checklist & (1u << check)))
      {
        g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                     /* Translators: %s is an item of the discharge checklist */
                     _("The discharge checklist is not complete: “%s” is not ticked."),
                     lys_discharge_check_get_label (check));
        return FALSE;
      }
  return TRUE;
}
