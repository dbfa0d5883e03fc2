/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-eligibility.h"
#include "lys-error.h"
#include "test-rules.h"

/* Who is eligible for ketamine treatment (src/core/rules/lys-eligibility.c) */

void
test_eligibility_rules (void)
{
  g_autoptr(LysEligibility) e = test_clinic_complete_eligibility ();
  g_autoptr(GError) error = NULL;
  LysTrial *first;

  g_assert_cmpuint (lys_eligibility_count_failed_trials (e), ==, 2);
  g_assert_true (lys_eligibility_meets_trd (e));
  g_assert_true (lys_eligibility_check_signable (e, LYS_INDICATION_TRD, &error));
  g_assert_no_error (error);

  /* Three weeks is not adequate: one failed trial is not TRD */
  first = &g_array_index (e->trials, LysTrial, 0);
  first->weeks = 3;
  g_assert_false (lys_trial_is_adequate (first));
  g_assert_cmpuint (lys_eligibility_count_failed_trials (e), ==, 1);
  g_assert_false (lys_eligibility_check_signable (e, LYS_INDICATION_TRD, &error));
  g_assert_nonnull (strstr (error->message, "two adequate"));
  g_clear_error (&error);

  /* Four weeks at a dose not marked therapeutic is not adequate either */
  first->weeks = 4;
  first->therapeutic_dose = FALSE;
  g_assert_false (lys_trial_is_adequate (first));
  first->therapeutic_dose = TRUE;
  g_assert_true (lys_trial_is_adequate (first));

  /* A response is no failed trial */
  first->outcome = LYS_TRIAL_RESPONSE;
  g_assert_false (lys_trial_is_failed (first));
  first->outcome = LYS_TRIAL_NONE;

  /* A ticked contraindication blocks "eligible" ... */
  e->contraindications[LYS_CONTRAINDICATION_PSYCHOSIS] = TRUE;
  g_assert_false (lys_eligibility_check_signable (e, LYS_INDICATION_TRD, &error));
  g_assert_nonnull (strstr (error->message, "contraindication"));
  g_clear_error (&error);

  /* ... but not a justified exception, nor "not eligible" */
  e->decision = LYS_DECISION_EXCEPTION;
  g_assert_false (lys_eligibility_check_signable (e, LYS_INDICATION_TRD, &error));
  g_assert_nonnull (strstr (error->message, "justification"));
  g_clear_error (&error);
  e->justification = g_strdup ("Single drug-induced episode in 1998; psychiatrist consulted.");
  g_assert_true (lys_eligibility_check_signable (e, LYS_INDICATION_TRD, &error));
  e->decision = LYS_DECISION_NOT_ELIGIBLE;
  g_assert_true (lys_eligibility_check_signable (e, LYS_INDICATION_TRD, &error));

  /* Baseline is needed to sign as eligible */
  e->decision = LYS_DECISION_EXCEPTION;
  e->heart_rate = 0;
  g_assert_false (lys_eligibility_check_signable (e, LYS_INDICATION_TRD, &error));
  g_assert_nonnull (strstr (error->message, "baseline"));
  g_clear_error (&error);

  /* Values in range */
  e->heart_rate = 70;
  e->diastolic = 140;
  g_assert_false (lys_eligibility_validate (e, &error));
  g_assert_nonnull (strstr (error->message, "higher than the diastolic"));
  g_clear_error (&error);
  e->diastolic = 82;
  e->has_decision = FALSE;
  g_assert_false (lys_eligibility_check_signable (e, LYS_INDICATION_TRD, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
}
