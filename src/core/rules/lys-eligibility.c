/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-eligibility"

#include "config.h"

#include "lys-i18n.h"

#include "lys-eligibility.h"
#include "lys-error.h"
#include "lys-text.h"
#include "lys-patient.h"

static void
trial_clear (LysTrial *trial)
{
  g_free (trial->drug);
  g_free (trial->dose);
}

LysEligibility *
lys_eligibility_new (void)
{
  LysEligibility *self = g_new0 (LysEligibility, 1);

  self->trials = g_array_new (FALSE, TRUE, sizeof (LysTrial));
  g_array_set_clear_func (self->trials, (GDestroyNotify) trial_clear);
  return self;
}

void
lys_eligibility_free (LysEligibility *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->trials);
  g_free (self->justification);
  g_free (self->signed_by);
  g_free (self->signed_at);
  g_free (self);
}

void
lys_eligibility_add_trial (LysEligibility  *self,
                           const char      *drug,
                           const char      *dose,
                           gboolean         therapeutic_dose,
                           guint            weeks,
                           LysTrialOutcome  outcome)
{
  LysTrial trial = {
    .drug = g_strdup (drug ? drug : ""),
    .dose = g_strdup (dose ? dose : ""),
    .therapeutic_dose = therapeutic_dose,
    .weeks = weeks,
    .outcome = outcome,
  };

  g_return_if_fail (self != NULL);
  g_array_append_val (self->trials, trial);
}

/* Adequate: a dose marked therapeutic, taken for at least four weeks */
gboolean
lys_trial_is_adequate (const LysTrial *trial)
{
  g_return_val_if_fail (trial != NULL, FALSE);
  return trial->therapeutic_dose && trial->weeks >= LYS_ADEQUATE_TRIAL_WEEKS;
}

/* Failed: adequate, yet without an adequate response */
gboolean
lys_trial_is_failed (const LysTrial *trial)
{
  return lys_trial_is_adequate (trial) &&
         (trial->outcome == LYS_TRIAL_NONE || trial->outcome == LYS_TRIAL_PARTIAL);
}

guint
lys_eligibility_count_failed_trials (const LysEligibility *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->trials->len; i++)
    if (lys_trial_is_failed (&g_array_index (self->trials, LysTrial, i)))
      n++;

  return n;
}

/* Treatment-resistant: at least two adequate trials failed */
gboolean
lys_eligibility_meets_trd (const LysEligibility *self)
{
  return lys_eligibility_count_failed_trials (self) >= LYS_TRD_FAILED_TRIALS;
}

gboolean
lys_eligibility_has_contraindication (const LysEligibility *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < LYS_N_CONTRAINDICATIONS; i++)
    if (self->contraindications[i])
      return TRUE;

  return FALSE;
}

/**
 * lys_eligibility_validate:
 *
 * Checks what a draft holds: each value in its range. What may stay empty in
 * a draft is checked by lys_eligibility_check_signable().
 */
gboolean
lys_eligibility_validate (const LysEligibility  *self,
                          GError               **error)
{
  guint total;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->trials->len; i++)
    {
      const LysTrial *trial = &g_array_index (self->trials, LysTrial, i);

      if (lys_text_is_blank (trial->drug))
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("Antidepressant trial %u has no drug. Enter the drug or remove the trial."), i + 1);
          return FALSE;
        }
      if (trial->weeks > 520)
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("Antidepressant trial %u lasted more than ten years. Enter the duration in weeks."), i + 1);
          return FALSE;
        }
      if ((guint) trial->outcome >= LYS_N_TRIAL_OUTCOMES)
        return lys_refuse (error, LYS_ERROR_INVALID, _("Choose the outcome of every antidepressant trial."));
    }

  if (self->weight_kg != 0 && (self->weight_kg < 20 || self->weight_kg > 300))
    return lys_refuse (error, LYS_ERROR_INVALID, _("The baseline weight must be between 20 and 300 kg."));
  if (self->systolic != 0 && (self->systolic < 40 || self->systolic > 300))
    return lys_refuse (error, LYS_ERROR_INVALID, _("The systolic blood pressure must be between 40 and 300 mmHg."));
  if (self->diastolic != 0 && (self->diastolic < 20 || self->diastolic > 200))
    return lys_refuse (error, LYS_ERROR_INVALID, _("The diastolic blood pressure must be between 20 and 200 mmHg."));
  if ((self->systolic != 0) != (self->diastolic != 0))
    return lys_refuse (error, LYS_ERROR_INVALID, _("Enter both the systolic and the diastolic blood pressure."));
  if (self->systolic != 0 && self->systolic <= self->diastolic)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("The systolic blood pressure must be higher than the diastolic. Check the order of the numbers."));
  if (self->heart_rate != 0 && (self->heart_rate < 20 || self->heart_rate > 250))
    return lys_refuse (error, LYS_ERROR_INVALID, _("The heart rate must be between 20 and 250 beats a minute."));

  if (self->has_madrs && !lys_scale_total (LYS_SCALE_MADRS, self->madrs, LYS_MADRS_ITEMS, &total, error))
    return FALSE;
  if (self->has_phq9 && !lys_scale_total (LYS_SCALE_PHQ9, self->phq9, LYS_PHQ9_ITEMS, &total, error))
    return FALSE;

  if (self->has_decision && (guint) self->decision >= LYS_N_DECISIONS)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Choose a decision from the list."));

  return TRUE;
}

/**
 * lys_eligibility_check_signable:
 * @indication: the patient's indication
 *
 * Whether the assessment is complete and its decision follows from it: a
 * ticked contraindication or an unmet TRD criterion rules out "eligible"; an
 * exception needs its justification.
 */
gboolean
lys_eligibility_check_signable (const LysEligibility  *self,
                                LysIndication          indication,
                                GError               **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!lys_eligibility_validate (self, error))
    return FALSE;

  if (!self->has_decision)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Choose a decision before signing."));

  if (self->decision == LYS_DECISION_EXCEPTION && lys_text_is_blank (self->justification))
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("An exception needs a justification. Write why the patient should be treated despite the findings."));

  if (self->decision == LYS_DECISION_NOT_ELIGIBLE)
    return TRUE;

  if (self->weight_kg == 0 || self->systolic == 0 || self->heart_rate == 0)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("Record the baseline weight, blood pressure and heart rate before signing."));
  if (!self->has_madrs || !self->has_phq9)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Record the baseline MADRS and PHQ-9 before signing."));

  if (self->decision == LYS_DECISION_ELIGIBLE)
    {
      if (lys_eligibility_has_contraindication (self))
        return lys_refuse (error, LYS_ERROR_INVALID,
                           _("A contraindication is ticked, so the patient cannot be signed as eligible. Untick it if it does not apply, or record a justified exception."));
      if (indication == LYS_INDICATION_TRD && !lys_eligibility_meets_trd (self))
        return lys_refuse (error, LYS_ERROR_INVALID,
                           _("The criterion for treatment-resistant depression is not met: it takes at least two adequate antidepressant trials without response. Add the trials, or record a justified exception."));
    }

  return TRUE;
}
