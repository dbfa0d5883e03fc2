/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-domain"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lys-domain.h"

typedef struct
{
  const char *nick;
  const char *label;
} Term;

static const Term roles[LYS_N_ROLES] = {
  { "psychologist", N_("Psychologist") },
  { "physician", N_("Physician") },
  { "nurse", N_("Nurse") },
  { "coordinator", N_("Clinic coordinator") },
};

static const Term phases[LYS_N_PHASES] = {
  /* Translators: the phases of a ketamine treatment course */
  { "preparation", N_("Preparation") },
  { "induction", N_("Induction") },
  { "maintenance", N_("Maintenance") },
  { "completed", N_("Completed") },
  { "stopped", N_("Stopped") },
};

static const Term appointment_kinds[LYS_N_APPOINTMENT_KINDS] = {
  { "preparation", N_("Preparation session") },
  { "infusion", N_("Infusion") },
  { "integration", N_("Integration session") },
  { "group-integration", N_("Group integration session") },
  { "follow-up", N_("Follow-up") },
};

static const Term appointment_states[LYS_N_APPOINTMENT_STATES] = {
  /* Translators: state of a booked session */
  { "planned", N_("Planned") },
  { "done", N_("Done") },
  { "missed", N_("Missed") },
  { "cancelled", N_("Cancelled") },
};

static const Term staff_tasks[LYS_N_TASKS] = {
  /* Translators: the staff member who gives the drug in an infusion */
  { "drug", N_("Gives the drug") },
  /* Translators: the psychologist in the room during an infusion */
  { "psychologist", N_("Psychologist in the room") },
  { "therapist", N_("Therapist") },
};

static const Term day_parts[LYS_N_DAY_PARTS] = {
  /* Translators: a patient's preferred time of day for infusions */
  { "any", N_("Any time") },
  { "morning", N_("Mornings") },
  { "afternoon", N_("Afternoons") },
};

static const Term note_statuses[LYS_N_NOTE_STATUSES] = {
  /* Translators: an unsigned therapy note */
  { "draft", N_("Draft") },
  /* Translators: a signed, locked therapy note */
  { "signed", N_("Signed") },
};

static const Term sexes[LYS_N_SEXES] = {
  /* Translators: sex as the patient states it */
  { "female", N_("Female") },
  { "male", N_("Male") },
  { "other", N_("Other") },
};

static const Term indications[LYS_N_INDICATIONS] = {
  { "trd", N_("Treatment-resistant depression") },
  { "ptsd", N_("Post-traumatic stress disorder") },
  { "alcohol-use-disorder", N_("Alcohol use disorder") },
  /* Translators: another indication for ketamine than those listed */
  { "other", N_("Other indication") },
};

static const Term contraindications[LYS_N_CONTRAINDICATIONS] = {
  { "hypertension", N_("Uncontrolled hypertension or unstable heart disease") },
  { "psychosis", N_("Current or past psychosis") },
  { "substance-use", N_("Active substance use disorder") },
  { "pregnancy", N_("Pregnancy or breastfeeding") },
  { "intracranial-pressure", N_("Raised intracranial or intraocular pressure") },
  { "hyperthyroidism", N_("Hyperthyroidism") },
  { "ketamine-allergy", N_("Known allergy to ketamine") },
  { "mao-inhibitors", N_("Takes MAO inhibitors") },
  { "benzodiazepines", N_("Benzodiazepines above 2 mg lorazepam equivalent a day") },
};

static const Term trial_outcomes[LYS_N_TRIAL_OUTCOMES] = {
  /* Translators: outcome of an antidepressant trial */
  { "response", N_("Response") },
  { "partial", N_("Partial response") },
  { "none", N_("No response") },
  { "not-tolerated", N_("Not tolerated") },
};

static const Term decisions[LYS_N_DECISIONS] = {
  /* Translators: the physician's eligibility decision */
  { "eligible", N_("Eligible") },
  { "not-eligible", N_("Not eligible") },
  { "exception", N_("Eligible by justified exception") },
};

static const Term readiness[LYS_N_READINESS] = {
  /* Translators: the psychologist's judgement after a preparation session */
  { "ready", N_("Ready for the first infusion") },
  { "needs-more", N_("Needs another preparation session") },
  { "not-ready", N_("Not ready for ketamine treatment") },
};

static const Term infusion_statuses[LYS_N_INFUSION_STATUSES] = {
  /* Translators: the state of an infusion at the bedside */
  { "preparing", N_("Not started") },
  { "running", N_("Running") },
  { "paused", N_("Paused") },
  /* Translators: the infusion has ended and the patient is observed */
  { "ended", N_("In observation") },
  { "discharged", N_("Discharged") },
};

static const Term vitals_stages[LYS_N_STAGES] = {
  /* Translators: when a vital signs reading was taken */
  { "baseline", N_("Baseline") },
  { "during", N_("During") },
  { "after", N_("After") },
};

static const Term adverse_kinds[LYS_N_ADVERSE_KINDS] = {
  /* Translators: adverse events during or after an infusion */
  { "nausea", N_("Nausea") },
  { "vomiting", N_("Vomiting") },
  { "hypertension", N_("Raised blood pressure") },
  { "agitation", N_("Agitation") },
  { "dissociation-distress", N_("Distressing dissociation") },
  { "other", N_("Other") },
};

static const Term severities[LYS_N_SEVERITIES] = {
  /* Translators: the severity of an adverse event */
  { "mild", N_("Mild") },
  { "moderate", N_("Moderate") },
  { "severe", N_("Severe") },
};

static const Term alert_actions[LYS_N_ALERT_ACTIONS] = {
  /* Translators: what was done about a vital signs alert */
  { "continue", N_("Continue the infusion") },
  { "pause", N_("Pause the infusion") },
  { "stop", N_("Stop the infusion") },
};

static const Term infusion_events[LYS_N_INFUSION_EVENTS] = {
  /* Translators: events of an infusion, listed with who and why */
  { "start-override", N_("Started above the limit for starting") },
  { "pause", N_("Paused") },
  { "resume", N_("Resumed") },
  { "stop", N_("Stopped early") },
  { "time-edit", N_("Time entered by hand") },
};

static const Term discharge_checks[LYS_N_DISCHARGE_CHECKS] = {
  /* Translators: the discharge checklist after an infusion */
  { "vitals-baseline", N_("Vital signs are back near baseline") },
  { "alert-oriented", N_("Alert and oriented") },
  { "escort", N_("An adult escort is present") },
  { "no-driving", N_("Told not to drive today") },
};

static gboolean
lookup (const Term *terms,
        guint       n_terms,
        const char *nick,
        guint      *index)
{
  if (nick == NULL)
    return FALSE;

  for (guint i = 0; i < n_terms; i++)
    {
      if (g_str_equal (terms[i].nick, nick))
        {
          *index = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_TERMS(Type, prefix, table, count)                        \
  const char *                                                          \
  prefix##_to_nick (Type value)                                         \
  {                                                                     \
    g_return_val_if_fail ((guint) value < count, NULL);                 \
    return table[value].nick;                                           \
  }                                                                     \
  gboolean                                                              \
  prefix##_from_nick (const char *nick,                                 \
                      Type       *value)                                \
  {                                                                     \
    guint index;                                                        \
    if (!lookup (table, count, nick, &index))                           \
      return FALSE;                                                     \
    *value = (Type) index;                                              \
    return TRUE;                                                        \
  }                                                                     \
  const char *                                                          \
  prefix##_get_label (Type value)                                       \
  {                                                                     \
    g_return_val_if_fail ((guint) value < count, NULL);                 \
    return _(table[value].label);                                       \
  }

DEFINE_TERMS (LysRole, lys_role, roles, LYS_N_ROLES)
DEFINE_TERMS (LysPhase, lys_phase, phases, LYS_N_PHASES)
DEFINE_TERMS (LysAppointmentKind, lys_appointment_kind, appointment_kinds, LYS_N_APPOINTMENT_KINDS)
DEFINE_TERMS (LysAppointmentState, lys_appointment_state, appointment_states, LYS_N_APPOINTMENT_STATES)
DEFINE_TERMS (LysStaffTask, lys_staff_task, staff_tasks, LYS_N_TASKS)
DEFINE_TERMS (LysDayPart, lys_day_part, day_parts, LYS_N_DAY_PARTS)
DEFINE_TERMS (LysNoteStatus, lys_note_status, note_statuses, LYS_N_NOTE_STATUSES)
DEFINE_TERMS (LysSex, lys_sex, sexes, LYS_N_SEXES)
DEFINE_TERMS (LysIndication, lys_indication, indications, LYS_N_INDICATIONS)
DEFINE_TERMS (LysContraindication, lys_contraindication, contraindications, LYS_N_CONTRAINDICATIONS)
DEFINE_TERMS (LysTrialOutcome, lys_trial_outcome, trial_outcomes, LYS_N_TRIAL_OUTCOMES)
DEFINE_TERMS (LysDecision, lys_decision, decisions, LYS_N_DECISIONS)
DEFINE_TERMS (LysReadiness, lys_readiness, readiness, LYS_N_READINESS)
DEFINE_TERMS (LysInfusionStatus, lys_infusion_status, infusion_statuses, LYS_N_INFUSION_STATUSES)
DEFINE_TERMS (LysVitalsStage, lys_vitals_stage, vitals_stages, LYS_N_STAGES)
DEFINE_TERMS (LysAdverseKind, lys_adverse_kind, adverse_kinds, LYS_N_ADVERSE_KINDS)
DEFINE_TERMS (LysSeverity, lys_severity, severities, LYS_N_SEVERITIES)
DEFINE_TERMS (LysAlertAction, lys_alert_action, alert_actions, LYS_N_ALERT_ACTIONS)
DEFINE_TERMS (LysInfusionEventKind, lys_infusion_event_kind, infusion_events, LYS_N_INFUSION_EVENTS)
DEFINE_TERMS (LysDischargeCheck, lys_discharge_check, discharge_checks, LYS_N_DISCHARGE_CHECKS)

/* Sorted by action, for bsearch () */
typedef struct
{
  const char *action;
  const char *label;
} AuditAction;

static const AuditAction audit_actions[] = {
  /* Translators: what an entry of the audit log records */
  { "adverse-event.create", N_("Adverse event recorded") },
  { "appointment.create", N_("Booking made") },
  { "appointment.move", N_("Booking moved") },
  { "appointment.state", N_("Booking marked held, missed or cancelled") },
  { "audit.export", N_("Audit log exported") },
  { "audit.view", N_("Audit log viewed") },
  { "backup.create", N_("Backup made") },
  { "calendar.export", N_("Calendar exported") },
  { "closure.create", N_("Clinic closure added") },
  { "closure.remove", N_("Clinic closure removed") },
  { "consent-form.create", N_("Consent form version stored") },
  { "consent.record", N_("Consent recorded") },
  { "consent.withdraw", N_("Consent withdrawn") },
  { "course.consent-physician", N_("Consent physician chosen") },
  { "course.create", N_("Course started") },
  { "course.phase", N_("Treatment phase changed") },
  { "demo.seed", N_("Demo clinic created") },
  { "eligibility.save", N_("Eligibility assessment saved") },
  { "eligibility.sign", N_("Eligibility assessment signed") },
  { "emergency-access.review", N_("Emergency access reviewed") },
  { "infusion.addendum", N_("Infusion addendum added") },
  { "infusion.create", N_("Infusion record opened") },
  { "infusion.discharge", N_("Discharge signed") },
  { "infusion.end", N_("Infusion ended") },
  { "infusion.override", N_("Infusion started above the limits") },
  { "infusion.pause", N_("Infusion paused") },
  { "infusion.resume", N_("Infusion resumed") },
  { "infusion.start", N_("Infusion started") },
  { "infusion.stop", N_("Infusion stopped early") },
  { "infusion.update", N_("Infusion record changed") },
  { "note.addendum", N_("Note addendum added") },
  { "note.create", N_("Note written") },
  { "note.discard", N_("Note draft discarded") },
  { "note.sign", N_("Note signed") },
  { "note.update", N_("Note draft changed") },
  { "patient.assign", N_("Patient assigned to staff") },
  { "patient.create", N_("Patient registered") },
  { "patient.emergency-access", N_("Emergency access to a record") },
  { "patient.export", N_("Patient sent to the registry") },
  { "patient.read", N_("Record read") },
  { "patient.update", N_("Patient details changed") },
  { "preparation.complete", N_("Preparation completed") },
  { "preparation.note", N_("Preparation session recorded") },
  { "rating.save", N_("Rating saved") },
  { "rating.save-incomplete", N_("Incomplete rating saved") },
  { "registry.export", N_("Registry file exported") },
  { "report.create", N_("Clinic report made") },
  { "room.create", N_("Room added") },
  { "room.update", N_("Room changed") },
  { "setting.update", N_("Clinic name changed") },
  { "settings.change", N_("Clinic setting changed") },
  { "staff.absence", N_("Staff absence added") },
  { "staff.absence-remove", N_("Staff absence removed") },
  { "staff.create", N_("Staff profile created") },
  { "staff.lead", N_("Clinic lead appointed") },
  { "staff.lead-removed", N_("Clinic lead role removed") },
  { "staff.update", N_("Staff profile changed") },
  { "template.create", N_("Note template added") },
  { "template.update", N_("Note template changed") },
  { "vitals.acknowledge", N_("Vital signs alert answered") },
  { "vitals.alert", N_("Vital signs outside the limits") },
  { "vitals.record", N_("Vital signs recorded") },
};

static int
compare_audit_action (const void *key,
                      const void *member)
{
  return strcmp (key, ((const AuditAction *) member)->action);
}

const char *
lys_audit_action_get_label (const char *action)
{
  const AuditAction *found;

  g_return_val_if_fail (action != NULL, NULL);
  found = bsearch (action, audit_actions, G_N_ELEMENTS (audit_actions), sizeof audit_actions[0],
                   compare_audit_action);
  return found != NULL ? _(found->label) : action;
}
