/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-domain"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lys-i18n.h"

#include "lys-domain.h"
#include "lys-enum-types.h"

static const char *const roles[LYS_N_ROLES] = {
  N_("Psychologist"),
  N_("Physician"),
  N_("Nurse"),
  N_("Clinic coordinator"),
};

static const char *const phases[LYS_N_PHASES] = {
  /* Translators: the phases of a ketamine treatment course */
  N_("Preparation"),
  N_("Induction"),
  N_("Maintenance"),
  N_("Completed"),
  N_("Stopped"),
};

static const char *const appointment_kinds[LYS_N_APPOINTMENT_KINDS] = {
  N_("Preparation session"),
  N_("Infusion"),
  N_("Integration session"),
  N_("Group integration session"),
  N_("Follow-up"),
};

static const char *const appointment_states[LYS_N_APPOINTMENT_STATES] = {
  /* Translators: state of a booked session */
  N_("Planned"),
  N_("Done"),
  N_("Missed"),
  N_("Cancelled"),
};

static const char *const staff_tasks[LYS_N_TASKS] = {
  /* Translators: the staff member who gives the drug in an infusion */
  N_("Gives the drug"),
  /* Translators: the psychologist in the room during an infusion */
  N_("Psychologist in the room"),
  N_("Therapist"),
};

static const char *const day_parts[LYS_N_DAY_PARTS] = {
  /* Translators: a patient's preferred time of day for infusions */
  N_("Any time"),
  N_("Mornings"),
  N_("Afternoons"),
};

static const char *const note_statuses[LYS_N_NOTE_STATUSES] = {
  /* Translators: an unsigned therapy note */
  N_("Draft"),
  /* Translators: a signed, locked therapy note */
  N_("Signed"),
};

static const char *const sexes[LYS_N_SEXES] = {
  /* Translators: sex as the patient states it */
  N_("Female"),
  N_("Male"),
  N_("Other"),
};

static const char *const indications[LYS_N_INDICATIONS] = {
  N_("Treatment-resistant depression"),
  N_("Post-traumatic stress disorder"),
  N_("Alcohol use disorder"),
  /* Translators: another indication for ketamine than those listed */
  N_("Other indication"),
};

static const char *const contraindications[LYS_N_CONTRAINDICATIONS] = {
  N_("Uncontrolled hypertension or unstable heart disease"),
  N_("Current or past psychosis"),
  N_("Active substance use disorder"),
  N_("Pregnancy or breastfeeding"),
  N_("Raised intracranial or intraocular pressure"),
  N_("Hyperthyroidism"),
  N_("Known allergy to ketamine"),
  N_("Takes MAO inhibitors"),
  N_("Benzodiazepines above 2 mg lorazepam equivalent a day"),
};

static const char *const trial_outcomes[LYS_N_TRIAL_OUTCOMES] = {
  /* Translators: outcome of an antidepressant trial */
  N_("Response"),
  N_("Partial response"),
  N_("No response"),
  N_("Not tolerated"),
};

static const char *const decisions[LYS_N_DECISIONS] = {
  /* Translators: the physician's eligibility decision */
  N_("Eligible"),
  N_("Not eligible"),
  N_("Eligible by justified exception"),
};

static const char *const readiness[LYS_N_READINESS] = {
  /* Translators: the psychologist's judgement after a preparation session */
  N_("Ready for the first infusion"),
  N_("Needs another preparation session"),
  N_("Not ready for ketamine treatment"),
};

static const char *const infusion_statuses[LYS_N_INFUSION_STATUSES] = {
  /* Translators: the state of an infusion at the bedside */
  N_("Not started"),
  N_("Running"),
  N_("Paused"),
  /* Translators: the infusion has ended and the patient is observed */
  N_("In observation"),
  N_("Discharged"),
};

static const char *const vitals_stages[LYS_N_STAGES] = {
  /* Translators: when a vital signs reading was taken */
  N_("Baseline"),
  N_("During"),
  N_("After"),
};

static const char *const adverse_kinds[LYS_N_ADVERSE_KINDS] = {
  /* Translators: adverse events during or after an infusion */
  N_("Nausea"),
  N_("Vomiting"),
  N_("Raised blood pressure"),
  N_("Agitation"),
  N_("Distressing dissociation"),
  N_("Other"),
};

static const char *const severities[LYS_N_SEVERITIES] = {
  /* Translators: the severity of an adverse event */
  N_("Mild"),
  N_("Moderate"),
  N_("Severe"),
};

static const char *const alert_actions[LYS_N_ALERT_ACTIONS] = {
  /* Translators: what was done about a vital signs alert */
  N_("Continue the infusion"),
  N_("Pause the infusion"),
  N_("Stop the infusion"),
};

static const char *const infusion_events[LYS_N_INFUSION_EVENTS] = {
  /* Translators: events of an infusion, listed with who and why */
  N_("Started above the limit for starting"),
  N_("Paused"),
  N_("Resumed"),
  N_("Stopped early"),
  N_("Time entered by hand"),
};

static const char *const ect_histories[LYS_N_ECT_HISTORIES] = {
  /* Translators: electroconvulsive therapy before the ketamine treatment */
  N_("Never had ECT"),
  N_("Had ECT, without response"),
  N_("Had ECT, with response"),
};

static const char *const institution_kinds[LYS_N_INSTITUTION_KINDS] = {
  /* Translators: the kind of institution a clinic belongs to */
  N_("Hospital"),
  N_("District psychiatric centre (DPS)"),
  N_("Other institution"),
};

static const char *const discharge_checks[LYS_N_DISCHARGE_CHECKS] = {
  /* Translators: the discharge checklist after an infusion */
  N_("Vital signs are back near baseline"),
  N_("Alert and oriented"),
  N_("An adult escort is present"),
  N_("Told not to drive today"),
};

static const char *const fundings[LYS_N_FUNDINGS] = {
  /* Translators: how the treatment of another indication is paid for */
  N_("By the hospital or DPS, after an individual assessment"),
  N_("By a research study"),
  N_("By the patient"),
};

static const char *const stop_reasons[LYS_N_STOP_REASONS] = {
  /* Translators: why a treatment course was stopped early */
  N_("Too little effect"),
  N_("Side effects or adverse events"),
  N_("The patient’s own wish"),
  /* Translators: why a course was stopped, e.g. a contraindication found or another illness */
  N_("A medical reason"),
  /* Translators: why a course was stopped, e.g. travel, work or moving */
  N_("Practical reasons"),
  N_("Another reason"),
};

static const char *const drug_forms[LYS_N_DRUG_FORMS] = {
  /* Translators: how a unit of the drug comes */
  N_("Ampoule"),
  N_("Vial"),
};

static const char *const drug_entry_kinds[LYS_N_DRUG_ENTRY_KINDS] = {
  /* Translators: an entry of the ketamine record: units received from the pharmacy */
  N_("Received"),
  /* Translators: an entry of the ketamine record: units opened and the dose drawn for an infusion */
  N_("Drawn for infusion"),
  /* Translators: an entry of the ketamine record: what was left in the opened units, discarded before a witness */
  N_("Wasted"),
  /* Translators: an entry of the ketamine record: the stock counted, before a witness */
  N_("Counted"),
  /* Translators: an entry of the ketamine record: why a count differed, and what was done */
  N_("Difference explained"),
  /* Translators: an entry of the ketamine record that cancels a wrong one */
  N_("Correction"),
};

/* The nicks are those of the enum types glib-mkenums makes from
 * lys-domain.h; the class is kept for as long as the program runs */
static GEnumClass *
enum_class (GType type)
{
  GEnumClass *klass = g_type_class_peek (type);

  return klass != NULL ? klass : g_type_class_ref (type);
}

static const char *
enum_to_nick (GType type,
              int   value)
{
  GEnumValue *found = g_enum_get_value (enum_class (type), value);

  return found != NULL ? found->value_nick : NULL;
}

static gboolean
enum_from_nick (GType       type,
                const char *nick,
                int        *value)
{
  GEnumValue *found;

  if (nick == NULL)
    return FALSE;
  found = g_enum_get_value_by_nick (enum_class (type), nick);
  if (found == NULL)
    return FALSE;
  *value = found->value;
  return TRUE;
}

#define DEFINE_TERMS(Type, prefix, type, labels, count)                 \
  const char *                                                          \
  prefix##_to_nick (Type value)                                         \
  {                                                                     \
    g_return_val_if_fail ((guint) value < count, NULL);                 \
    return enum_to_nick (type, value);                                  \
  }                                                                     \
  gboolean                                                              \
  prefix##_from_nick (const char *nick,                                 \
                      Type       *value)                                \
  {                                                                     \
    int found;                                                          \
    if (!enum_from_nick (type, nick, &found))                           \
      return FALSE;                                                     \
    *value = (Type) found;                                              \
    return TRUE;                                                        \
  }                                                                     \
  const char *                                                          \
  prefix##_get_label (Type value)                                       \
  {                                                                     \
    g_return_val_if_fail ((guint) value < count, NULL);                 \
    return _(labels[value]);                                            \
  }

DEFINE_TERMS (LysRole, lys_role, LYS_TYPE_ROLE, roles, LYS_N_ROLES)
DEFINE_TERMS (LysPhase, lys_phase, LYS_TYPE_PHASE, phases, LYS_N_PHASES)
DEFINE_TERMS (LysAppointmentKind, lys_appointment_kind, LYS_TYPE_APPOINTMENT_KIND, appointment_kinds, LYS_N_APPOINTMENT_KINDS)
DEFINE_TERMS (LysAppointmentState, lys_appointment_state, LYS_TYPE_APPOINTMENT_STATE, appointment_states, LYS_N_APPOINTMENT_STATES)
DEFINE_TERMS (LysStaffTask, lys_staff_task, LYS_TYPE_STAFF_TASK, staff_tasks, LYS_N_TASKS)
DEFINE_TERMS (LysDayPart, lys_day_part, LYS_TYPE_DAY_PART, day_parts, LYS_N_DAY_PARTS)
DEFINE_TERMS (LysNoteStatus, lys_note_status, LYS_TYPE_NOTE_STATUS, note_statuses, LYS_N_NOTE_STATUSES)
DEFINE_TERMS (LysSex, lys_sex, LYS_TYPE_SEX, sexes, LYS_N_SEXES)
DEFINE_TERMS (LysIndication, lys_indication, LYS_TYPE_INDICATION, indications, LYS_N_INDICATIONS)
DEFINE_TERMS (LysContraindication, lys_contraindication, LYS_TYPE_CONTRAINDICATION, contraindications, LYS_N_CONTRAINDICATIONS)
DEFINE_TERMS (LysTrialOutcome, lys_trial_outcome, LYS_TYPE_TRIAL_OUTCOME, trial_outcomes, LYS_N_TRIAL_OUTCOMES)
DEFINE_TERMS (LysDecision, lys_decision, LYS_TYPE_DECISION, decisions, LYS_N_DECISIONS)
DEFINE_TERMS (LysReadiness, lys_readiness, LYS_TYPE_READINESS, readiness, LYS_N_READINESS)
DEFINE_TERMS (LysInfusionStatus, lys_infusion_status, LYS_TYPE_INFUSION_STATUS, infusion_statuses, LYS_N_INFUSION_STATUSES)
DEFINE_TERMS (LysVitalsStage, lys_vitals_stage, LYS_TYPE_VITALS_STAGE, vitals_stages, LYS_N_STAGES)
DEFINE_TERMS (LysAdverseKind, lys_adverse_kind, LYS_TYPE_ADVERSE_KIND, adverse_kinds, LYS_N_ADVERSE_KINDS)
DEFINE_TERMS (LysSeverity, lys_severity, LYS_TYPE_SEVERITY, severities, LYS_N_SEVERITIES)
DEFINE_TERMS (LysAlertAction, lys_alert_action, LYS_TYPE_ALERT_ACTION, alert_actions, LYS_N_ALERT_ACTIONS)
DEFINE_TERMS (LysInfusionEventKind, lys_infusion_event_kind, LYS_TYPE_INFUSION_EVENT_KIND, infusion_events, LYS_N_INFUSION_EVENTS)
DEFINE_TERMS (LysEctHistory, lys_ect_history, LYS_TYPE_ECT_HISTORY, ect_histories, LYS_N_ECT_HISTORIES)
DEFINE_TERMS (LysInstitutionKind, lys_institution_kind, LYS_TYPE_INSTITUTION_KIND, institution_kinds, LYS_N_INSTITUTION_KINDS)
DEFINE_TERMS (LysDischargeCheck, lys_discharge_check, LYS_TYPE_DISCHARGE_CHECK, discharge_checks, LYS_N_DISCHARGE_CHECKS)
DEFINE_TERMS (LysFunding, lys_funding, LYS_TYPE_FUNDING, fundings, LYS_N_FUNDINGS)
DEFINE_TERMS (LysStopReason, lys_stop_reason, LYS_TYPE_STOP_REASON, stop_reasons, LYS_N_STOP_REASONS)
DEFINE_TERMS (LysDrugForm, lys_drug_form, LYS_TYPE_DRUG_FORM, drug_forms, LYS_N_DRUG_FORMS)
DEFINE_TERMS (LysDrugEntryKind, lys_drug_entry_kind, LYS_TYPE_DRUG_ENTRY_KIND, drug_entry_kinds, LYS_N_DRUG_ENTRY_KINDS)

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
  { "course.room-needs", N_("Room needs changed") },
  { "course.stop", N_("Course stopped") },
  { "demo.seed", N_("Demo clinic created") },
  { "drug.correction", N_("Ketamine record entry corrected") },
  { "drug.count", N_("Ketamine counted") },
  { "drug.draw", N_("Ketamine drawn for an infusion") },
  { "drug.explanation", N_("Ketamine count difference explained") },
  { "drug.product", N_("Ketamine product added") },
  { "drug.receipt", N_("Ketamine received") },
  { "drug.statement", N_("Ketamine statement made") },
  { "drug.waste", N_("Ketamine wasted") },
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
  { "review.create", N_("Review report made") },
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
  { "staff.witness-code", N_("Witness code set") },
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
