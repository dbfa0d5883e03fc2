/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lys-domain.h"

G_BEGIN_DECLS

/* The preparation phase: sessions with their notes, and the gates a course
 * passes before its first infusion. */

typedef struct
{
  gint64               appointment_id;
  GDateTime           *starts_at;
  GDateTime           *ends_at;
  char                *psychologist;
  LysAppointmentState  state;

  gboolean             has_note;
  /* Whether the note's words were read: not for a coordinator */
  gboolean             readable;
  char                *intentions;
  char                *expectations;
  char                *fears;
  char                *escort;
  char                *transport;
  char                *fasting;
  gboolean             has_readiness;
  LysReadiness         readiness;
} LysPreparationSession;

typedef enum
{
  LYS_GATE_ELIGIBILITY,
  LYS_GATE_CONSENT,
  LYS_GATE_PREPARATION,
  LYS_N_GATES
} LysGate;

typedef struct
{
  LysPhase      phase;

  gboolean      has_eligibility;     /* a draft or a signed assessment */
  gboolean      eligibility_signed;
  LysDecision   decision;            /* when signed */
  char         *signed_by;
  char         *signed_at;

  gboolean      consent_recorded;
  char         *consent_signed_on;   /* "YYYY-MM-DD" */
  char         *consent_physician;
  char         *consent_version;     /* the form signed */
  char         *consent_language;
  char         *consent_withdrawn_on; /* "YYYY-MM-DD", or NULL */
  char         *consent_withdrawal_reason;

  guint         sessions_booked;     /* planned or done */
  guint         sessions_done;
  gboolean      has_readiness;
  LysReadiness  readiness;           /* of the latest done session */
} LysPreparationStatus;

LysPreparationSession *lys_preparation_session_copy (const LysPreparationSession *session);
void      lys_preparation_session_free   (LysPreparationSession       *session);
void      lys_preparation_status_clear   (LysPreparationStatus        *status);

gboolean  lys_preparation_gate_is_met    (const LysPreparationStatus  *status,
                                          LysGate                      gate);
char     *lys_preparation_describe_gate  (const LysPreparationStatus  *status,
                                          LysGate                      gate);
const char *lys_gate_get_label           (LysGate                      gate);
gboolean  lys_preparation_check_ready    (const LysPreparationStatus  *status,
                                          GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysPreparationSession, lys_preparation_session_free)

G_END_DECLS
