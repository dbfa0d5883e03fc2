/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-preparation"

#include "config.h"

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-language.h"
#include "lys-preparation.h"
#include "lys-time.h"

void
lys_preparation_session_free (LysPreparationSession *session)
{
  if (session == NULL)
    return;

  g_clear_pointer (&session->starts_at, g_date_time_unref);
  g_clear_pointer (&session->ends_at, g_date_time_unref);
  g_free (session->psychologist);
  g_free (session->intentions);
  g_free (session->expectations);
  g_free (session->fears);
  g_free (session->escort);
  g_free (session->transport);
  g_free (session->fasting);
  g_free (session);
}

LysPreparationSession *
lys_preparation_session_copy (const LysPreparationSession *session)
{
  LysPreparationSession *copy;

  g_return_val_if_fail (session != NULL, NULL);

  copy = g_memdup2 (session, sizeof *session);
  copy->starts_at = session->starts_at ? g_date_time_ref (session->starts_at) : NULL;
  copy->ends_at = session->ends_at ? g_date_time_ref (session->ends_at) : NULL;
  copy->psychologist = g_strdup (session->psychologist);
  copy->intentions = g_strdup (session->intentions);
  copy->expectations = g_strdup (session->expectations);
  copy->fears = g_strdup (session->fears);
  copy->escort = g_strdup (session->escort);
  copy->transport = g_strdup (session->transport);
  copy->fasting = g_strdup (session->fasting);
  return copy;
}

void
lys_preparation_status_clear (LysPreparationStatus *status)
{
  g_clear_pointer (&status->signed_by, g_free);
  g_clear_pointer (&status->signed_at, g_free);
  g_clear_pointer (&status->consent_signed_on, g_free);
  g_clear_pointer (&status->consent_physician, g_free);
  g_clear_pointer (&status->consent_version, g_free);
  g_clear_pointer (&status->consent_language, g_free);
  g_clear_pointer (&status->consent_withdrawn_on, g_free);
  g_clear_pointer (&status->consent_withdrawal_reason, g_free);
}

const char *
lys_gate_get_label (LysGate gate)
{
  switch (gate)
    {
    case LYS_GATE_ELIGIBILITY:
      return _("Eligibility assessment");
    case LYS_GATE_CONSENT:
      return _("Off-label consent");
    case LYS_GATE_PREPARATION:
      return _("Preparation session");
    case LYS_N_GATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * lys_preparation_gate_is_met:
 *
 * The three gates: an eligibility assessment signed as eligible (or by
 * justified exception), a consent on record, and a preparation session done
 * whose readiness judgement is "ready".
 */
gboolean
lys_preparation_gate_is_met (const LysPreparationStatus *status,
                             LysGate                     gate)
{
  g_return_val_if_fail (status != NULL, FALSE);

  switch (gate)
    {
    case LYS_GATE_ELIGIBILITY:
      return status->eligibility_signed && status->decision != LYS_DECISION_NOT_ELIGIBLE;
    case LYS_GATE_CONSENT:
      return status->consent_recorded;
    case LYS_GATE_PREPARATION:
      return status->sessions_done > 0 && status->has_readiness &&
             status->readiness == LYS_READINESS_READY;
    case LYS_N_GATES:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * lys_preparation_describe_gate:
 *
 * Returns: (transfer full): what the gate stands at, or what is missing
 */
char *
lys_preparation_describe_gate (const LysPreparationStatus *status,
                               LysGate                     gate)
{
  g_return_val_if_fail (status != NULL, NULL);

  switch (gate)
    {
    case LYS_GATE_ELIGIBILITY:
      if (status->eligibility_signed && status->decision == LYS_DECISION_NOT_ELIGIBLE)
        /* Translators: %s is a physician's name */
        return g_strdup_printf (_("Signed as not eligible by %s: the course cannot go on to infusions"),
                                status->signed_by);
      if (status->eligibility_signed)
        {
          g_autofree char *date = lys_time_format_date (status->signed_at);

          /* Translators: %1$s is the decision, %2$s a physician's name, %3$s a date */
          return g_strdup_printf (_("%1$s, signed by %2$s on %3$s"),
                                  lys_decision_get_label (status->decision), status->signed_by, date);
        }
      if (status->has_eligibility)
        return g_strdup (_("Missing: a physician’s signature on the draft assessment"));
      return g_strdup (_("Missing: a physician’s eligibility assessment"));

    case LYS_GATE_CONSENT:
      if (status->consent_withdrawn_on != NULL)
        {
          g_autofree char *date = lys_time_format_date (status->consent_withdrawn_on);

          /* Translators: %1$s is a date, %2$s the reason the patient gave */
          return g_strdup_printf (_("Withdrawn on %1$s (%2$s). No further infusions until a new consent is recorded."),
                                  date, status->consent_withdrawal_reason);
        }
      if (status->consent_recorded && g_strcmp0 (status->consent_version, "unversioned") == 0)
        {
          g_autofree char *date = lys_time_format_date (status->consent_signed_on);

          /* Consents recorded before Lysning kept versions of the form */
          /* Translators: %1$s is a date, %2$s a physician's name */
          return g_strdup_printf (_("Signed on %1$s with %2$s, on a form without a version"),
                                  date, status->consent_physician);
        }
      if (status->consent_recorded)
        {
          g_autofree char *date = lys_time_format_date (status->consent_signed_on);
          const char *language = lys_language_get_name (status->consent_language);

          /* Translators: %1$s is a date, %2$s a physician's name, %3$s a form version, %4$s a language */
          return g_strdup_printf (_("Signed on %1$s with %2$s, form version %3$s in %4$s"),
                                  date, status->consent_physician, status->consent_version, language);
        }
      return g_strdup (_("Missing: the signed off-label consent"));

    case LYS_GATE_PREPARATION:
      if (lys_preparation_gate_is_met (status, gate))
        return g_strdup_printf (ngettext ("%u session done; judged ready",
                                          "%u sessions done; judged ready",
                                          status->sessions_done),
                                status->sessions_done);
      if (status->sessions_done > 0 && status->has_readiness)
        /* Translators: %s is a readiness judgement, e.g. “Needs another preparation session” */
        return g_strdup_printf (_("Latest session judged: %s"), lys_readiness_get_label (status->readiness));
      if (status->sessions_booked > 0)
        return g_strdup_printf (ngettext ("Missing: a session held and judged (%u booked)",
                                          "Missing: a session held and judged (%u booked)",
                                          status->sessions_booked),
                                status->sessions_booked);
      return g_strdup (_("Missing: a preparation session with a psychologist"));

    case LYS_N_GATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * lys_preparation_check_ready:
 *
 * Whether the course may move from preparation to induction; if not, the
 * error lists every gate still closed.
 */
gboolean
lys_preparation_check_ready (const LysPreparationStatus  *status,
                             GError                     **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  g_return_val_if_fail (status != NULL, FALSE);

  if (status->phase != LYS_PHASE_PREPARATION)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("The course is in its %s phase, not in preparation."),
                   lys_phase_get_label (status->phase));
      return FALSE;
    }

  for (guint gate = 0; gate < LYS_N_GATES; gate++)
    {
      if (!lys_preparation_gate_is_met (status, gate))
        {
          g_autofree char *description = lys_preparation_describe_gate (status, gate);

          g_string_append_printf (missing, "\n• %s: %s", lys_gate_get_label (gate), description);
        }
    }

  if (missing->len > 0)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("The course cannot start its induction yet:%s"), missing->str);
      return FALSE;
    }

  return TRUE;
}
