/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lys-domain.h"
#include "lys-rating.h"

G_BEGIN_DECLS

/* The physician's eligibility assessment and the rules that decide it. */

#define LYS_ADEQUATE_TRIAL_WEEKS 4
#define LYS_TRD_FAILED_TRIALS 2

typedef struct
{
  char            *drug;
  char            *dose;
  gboolean         therapeutic_dose;
  guint            weeks;
  LysTrialOutcome  outcome;
} LysTrial;

typedef struct
{
  gint64       id;                /* 0 until saved */
  GArray      *trials;            /* LysTrial */
  gboolean     contraindications[LYS_N_CONTRAINDICATIONS];

  /* Baseline; 0 for not recorded */
  double       weight_kg;
  guint        systolic;
  guint        diastolic;
  guint        heart_rate;

  gboolean     has_madrs;
  guint        madrs[LYS_MADRS_ITEMS];
  gboolean     has_phq9;
  guint        phq9[LYS_PHQ9_ITEMS];

  gboolean      has_ect_history;   /* asked, for the registry */
  LysEctHistory ect_history;

  gboolean     has_decision;
  LysDecision  decision;
  char        *justification;

  gboolean     is_signed;
  gboolean     altered;           /* signed, and changed outside Lysning
                                   * since: nothing of it is filled in */
  char        *signed_by;         /* the physician's name */
  char        *signed_at;         /* local "YYYY-MM-DD HH:MM:SS" */
} LysEligibility;

LysEligibility *lys_eligibility_new                (void);
void            lys_eligibility_free               (LysEligibility  *self);
void            lys_eligibility_add_trial          (LysEligibility  *self,
                                                    const char      *drug,
                                                    const char      *dose,
                                                    gboolean         therapeutic_dose,
                                                    guint            weeks,
                                                    LysTrialOutcome  outcome);

gboolean        lys_trial_is_adequate              (const LysTrial  *trial);
gboolean        lys_trial_is_failed                (const LysTrial  *trial);
guint           lys_eligibility_count_failed_trials (const LysEligibility *self);
gboolean        lys_eligibility_meets_trd          (const LysEligibility *self);
gboolean        lys_eligibility_has_contraindication (const LysEligibility *self);

gboolean        lys_eligibility_validate           (const LysEligibility  *self,
                                                    GError               **error);
gboolean        lys_eligibility_check_signable     (const LysEligibility  *self,
                                                    LysIndication          indication,
                                                    GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysEligibility, lys_eligibility_free)

G_END_DECLS
