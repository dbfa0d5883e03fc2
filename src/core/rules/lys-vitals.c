/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-vitals"

#include "config.h"

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-vitals.h"

/* What a monitor can show of a living patient; the database checks the same */
static const struct
{
  guint low;
  guint high;
} plausible[] = {
  { 40, 300 },   /* systolic */
  { 20, 200 },   /* diastolic */
  { 20, 250 },   /* heart rate */
  { 50, 100 },   /* SpO2 */
};

void
lys_vitals_limits_from_settings (LysVitalsLimits *limits,
                                 const double     settings[LYS_N_SETTINGS])
{
  g_return_if_fail (limits != NULL && settings != NULL);

  limits->start_systolic = (guint) settings[LYS_SETTING_BP_START_SYSTOLIC];
  limits->start_diastolic = (guint) settings[LYS_SETTING_BP_START_DIASTOLIC];
  limits->alert_systolic = (guint) settings[LYS_SETTING_BP_ALERT_SYSTOLIC];
  limits->alert_diastolic = (guint) settings[LYS_SETTING_BP_ALERT_DIASTOLIC];
  limits->spo2_alert = (guint) settings[LYS_SETTING_SPO2_ALERT];
}

static gboolean
implausible (GError     **error,
             const char  *what,
             guint        value,
             guint        index,
             const char  *unit)
{
  g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
               /* Translators: "A systolic pressure of 400 mmHg is not possible: enter a value from 40 to 300.";
                  the second %s is the unit */
               _("%s of %u %s is not possible: enter a value from %u to %u. Check the reading and type it again."),
               what, value, unit, plausible[index].low, plausible[index].high);
  return FALSE;
}

/**
 * lys_vitals_check_plausible:
 *
 * Refuses values no patient can have, such as a systolic pressure below the
 * diastolic or an oxygen saturation above 100 %, saying what to check.
 */
gboolean
lys_vitals_check_plausible (const LysVitals  *vitals,
                            GError          **error)
{
  g_return_val_if_fail (vitals != NULL, FALSE);

  if (vitals->spo2 > 100)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("Oxygen saturation cannot be above 100 %% (%u %% was entered). Check the reading."),
                   vitals->spo2);
      return FALSE;
    }
  if (vitals->systolic < plausible[0].low || vitals->systolic > plausible[0].high)
    return implausible (error, _("A systolic pressure"), vitals->systolic, 0, "mmHg");
  if (vitals->diastolic < plausible[1].low || vitals->diastolic > plausible[1].high)
    return implausible (error, _("A diastolic pressure"), vitals->diastolic, 1, "mmHg");
  if (vitals->systolic <= vitals->diastolic)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("The systolic pressure (%u) must be higher than the diastolic (%u). "
                     "Check whether the two were swapped."),
                   vitals->systolic, vitals->diastolic);
      return FALSE;
    }
  if (vitals->heart_rate < plausible[2].low || vitals->heart_rate > plausible[2].high)
    /* Translators: the unit of a heart rate, beats a minute */
    return implausible (error, _("A heart rate"), vitals->heart_rate, 2, _("/min"));
  if (vitals->spo2 < plausible[3].low)
    return implausible (error, _("An oxygen saturation"), vitals->spo2, 3, "%");

  return TRUE;
}

/* At or above either limit (140/90 by default) the infusion does not start */
gboolean
lys_vitals_blocks_start (const LysVitalsLimits *limits,
                         const LysVitals       *vitals)
{
  g_return_val_if_fail (limits != NULL && vitals != NULL, TRUE);

  return vitals->systolic >= limits->start_systolic || vitals->diastolic >= limits->start_diastolic;
}

char *
lys_vitals_describe_start_block (const LysVitalsLimits *limits,
                                 const LysVitals       *vitals)
{
  g_return_val_if_fail (limits != NULL && vitals != NULL, NULL);

  return g_strdup_printf (_("The blood pressure before the start is %u/%u, at or above the limit for "
                            "starting (%u/%u). Wait and measure again, or start anyway with a reason."),
                          vitals->systolic, vitals->diastolic,
                          limits->start_systolic, limits->start_diastolic);
}

/* Strictly above the blood pressure limits, strictly below the SpO2 limit:
 * 180/100 raises no alert, 182/95 and 175/101 do */
LysVitalsAlert
lys_vitals_get_alert (const LysVitalsLimits *limits,
                      const LysVitals       *vitals)
{
  LysVitalsAlert alert = LYS_VITALS_ALERT_NONE;

  g_return_val_if_fail (limits != NULL && vitals != NULL, LYS_VITALS_ALERT_NONE);

  if (vitals->systolic > limits->alert_systolic)
    alert |= LYS_VITALS_ALERT_SYSTOLIC;
  if (vitals->diastolic > limits->alert_diastolic)
    alert |= LYS_VITALS_ALERT_DIASTOLIC;
  if (vitals->spo2 < limits->spo2_alert)
    alert |= LYS_VITALS_ALERT_SPO2;
  return alert;
}

char *
lys_vitals_describe_alert (const LysVitalsLimits *limits,
                           const LysVitals       *vitals,
                           LysVitalsAlert         alert)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (limits != NULL && vitals != NULL, NULL);

  if (alert & (LYS_VITALS_ALERT_SYSTOLIC | LYS_VITALS_ALERT_DIASTOLIC))
    g_ptr_array_add (parts, g_strdup_printf (_("blood pressure %u/%u is above the alert limit of %u/%u"),
                                             vitals->systolic, vitals->diastolic,
                                             limits->alert_systolic, limits->alert_diastolic));
  if (alert & LYS_VITALS_ALERT_SPO2)
    g_ptr_array_add (parts, g_strdup_printf (_("oxygen saturation %u %% is below the alert limit of %u %%"),
                                             vitals->spo2, limits->spo2_alert));
  if (parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);
  {
    /* Translators: joins two alert reasons */
    g_autofree char *joined = g_strjoinv (_(" and "), (char **) parts->pdata);

    /* Translators: %s says which values are out of range */
    return g_strdup_printf (_("Alert: %s. Consider pausing or stopping the infusion."), joined);
  }
}

/* "128/82, pulse 70, SpO₂ 98 %" */
char *
lys_vitals_format (const LysVitals *vitals)
{
  g_return_val_if_fail (vitals != NULL, NULL);

  /* Translators: blood pressure, heart rate and oxygen saturation of one reading */
  return g_strdup_printf (_("%u/%u mmHg · pulse %u · SpO₂ %u %%"),
                          vitals->systolic, vitals->diastolic, vitals->heart_rate, vitals->spo2);
}

/**
 * lys_vitals_stage_at:
 * @started: the infusion's start, or 0 before it
 * @ended: its end (as planned while it runs)
 */
LysVitalsStage
lys_vitals_stage_at (gint64 started,
                     gint64 ended,
                     gint64 taken)
{
  if (started == 0 || taken < started)
    return LYS_STAGE_BASELINE;
  if (ended == 0 || taken < ended)
    return LYS_STAGE_DURING;
  return LYS_STAGE_AFTER;
}

/**
 * lys_vitals_due_after:
 * @started: the infusion's start, or 0 before it
 * @ended: its end, or as planned while it runs
 * @previous: the time of the reading before, or 0
 *
 * Readings are due every 10 minutes from the start, with one at the end of
 * the infusion, then every 15 minutes: a 40-minute infusion from 09:00 has
 * them due at 09:10, 09:20, 09:30, 09:40, 09:55, 10:10 and so on. A late
 * reading moves the ones after it: the interval counts from the reading.
 *
 * Returns: when the next reading is due; 0 before the start, when the
 *   baseline is due now
 */
gint64
lys_vitals_due_after (gint64 started,
                      gint64 ended,
                      gint64 previous)
{
  gint64 from;

  g_return_val_if_fail (started == 0 || ended > started, 0);

  if (started == 0)
    return 0;

  from = MAX (previous, started);
  if (from < ended)
    return MIN (from + LYS_VITALS_DURING_MINUTES * 60, ended);
  return from + LYS_VITALS_AFTER_MINUTES * 60;
}

gboolean
lys_vitals_is_late (gint64 due,
                    gint64 taken)
{
  return due > 0 && taken > due + LYS_VITALS_LATE_MINUTES * 60;
}
