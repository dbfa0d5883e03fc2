/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The closed vocabularies of the clinic. The database stores the nick
 * (e.g. "psychologist"); the GUI shows the translated label. */

typedef enum
{
  LYS_ROLE_PSYCHOLOGIST,
  LYS_ROLE_PHYSICIAN,
  LYS_ROLE_NURSE,
  LYS_ROLE_COORDINATOR,
  LYS_N_ROLES /*< skip >*/
} LysRole;

typedef enum
{
  LYS_PHASE_PREPARATION,
  LYS_PHASE_INDUCTION,
  LYS_PHASE_MAINTENANCE,
  LYS_PHASE_COMPLETED,
  LYS_PHASE_STOPPED,
  LYS_N_PHASES /*< skip >*/
} LysPhase;

typedef enum
{
  LYS_APPOINTMENT_PREPARATION,
  LYS_APPOINTMENT_INFUSION,
  LYS_APPOINTMENT_INTEGRATION,
  LYS_APPOINTMENT_GROUP_INTEGRATION,
  LYS_APPOINTMENT_FOLLOW_UP,
  LYS_N_APPOINTMENT_KINDS /*< skip >*/
} LysAppointmentKind;

typedef enum
{
  LYS_APPOINTMENT_PLANNED,
  LYS_APPOINTMENT_DONE,
  LYS_APPOINTMENT_MISSED,
  LYS_APPOINTMENT_CANCELLED,
  LYS_N_APPOINTMENT_STATES /*< skip >*/
} LysAppointmentState;

/* What a staff member does in a booking */
typedef enum
{
  LYS_TASK_DRUG,            /* gives the drug: a physician or nurse */
  LYS_TASK_PSYCHOLOGIST,    /* in the room during an infusion: KAP-certified */
  LYS_TASK_THERAPIST,       /* holds a therapy session */
  LYS_N_TASKS /*< skip >*/
} LysStaffTask;

typedef enum
{
  LYS_DAY_PART_ANY,
  LYS_DAY_PART_MORNING,     /* starts before noon */
  LYS_DAY_PART_AFTERNOON,   /* starts at noon or later */
  LYS_N_DAY_PARTS /*< skip >*/
} LysDayPart;

typedef enum
{
  LYS_NOTE_DRAFT,
  LYS_NOTE_SIGNED,
  LYS_N_NOTE_STATUSES /*< skip >*/
} LysNoteStatus;

typedef enum
{
  LYS_SEX_FEMALE,
  LYS_SEX_MALE,
  LYS_SEX_OTHER,
  LYS_N_SEXES /*< skip >*/
} LysSex;

typedef enum
{
  LYS_INDICATION_TRD,
  LYS_INDICATION_PTSD,
  LYS_INDICATION_ALCOHOL_USE_DISORDER,
  LYS_INDICATION_OTHER,
  LYS_N_INDICATIONS /*< skip >*/
} LysIndication;

typedef enum
{
  LYS_CONTRAINDICATION_HYPERTENSION,
  LYS_CONTRAINDICATION_PSYCHOSIS,
  LYS_CONTRAINDICATION_SUBSTANCE_USE,
  LYS_CONTRAINDICATION_PREGNANCY,
  LYS_CONTRAINDICATION_INTRACRANIAL_PRESSURE,
  LYS_CONTRAINDICATION_HYPERTHYROIDISM,
  LYS_CONTRAINDICATION_KETAMINE_ALLERGY,
  LYS_CONTRAINDICATION_MAO_INHIBITORS,
  LYS_CONTRAINDICATION_BENZODIAZEPINES,
  LYS_N_CONTRAINDICATIONS /*< skip >*/
} LysContraindication;

typedef enum
{
  LYS_TRIAL_RESPONSE,
  LYS_TRIAL_PARTIAL,
  LYS_TRIAL_NONE,
  LYS_TRIAL_NOT_TOLERATED,
  LYS_N_TRIAL_OUTCOMES /*< skip >*/
} LysTrialOutcome;

typedef enum
{
  LYS_DECISION_ELIGIBLE,
  LYS_DECISION_NOT_ELIGIBLE,
  LYS_DECISION_EXCEPTION,
  LYS_N_DECISIONS /*< skip >*/
} LysDecision;

typedef enum
{
  LYS_READINESS_READY,
  LYS_READINESS_NEEDS_MORE,
  LYS_READINESS_NOT_READY,
  LYS_N_READINESS /*< skip >*/
} LysReadiness;

/* The state of an infusion's record at the bedside */
typedef enum
{
  LYS_INFUSION_PREPARING,   /* opened: weight, dose and baseline vitals */
  LYS_INFUSION_RUNNING,
  LYS_INFUSION_PAUSED,
  LYS_INFUSION_ENDED,       /* the drug is in; observation until discharge */
  LYS_INFUSION_DISCHARGED,  /* signed, read-only */
  LYS_N_INFUSION_STATUSES /*< skip >*/
} LysInfusionStatus;

typedef enum
{
  LYS_STAGE_BASELINE,       /* before the start */
  LYS_STAGE_DURING,
  LYS_STAGE_AFTER,
  LYS_N_STAGES /*< skip >*/
} LysVitalsStage;

typedef enum
{
  LYS_ADVERSE_NAUSEA,
  LYS_ADVERSE_VOMITING,
  LYS_ADVERSE_HYPERTENSION,
  LYS_ADVERSE_AGITATION,
  LYS_ADVERSE_DISSOCIATION_DISTRESS,
  LYS_ADVERSE_OTHER,
  LYS_N_ADVERSE_KINDS /*< skip >*/
} LysAdverseKind;

typedef enum
{
  LYS_SEVERITY_MILD,
  LYS_SEVERITY_MODERATE,
  LYS_SEVERITY_SEVERE,
  LYS_N_SEVERITIES /*< skip >*/
} LysSeverity;

/* What was done about a vitals alert */
typedef enum
{
  LYS_ALERT_CONTINUE,
  LYS_ALERT_PAUSE,
  LYS_ALERT_STOP,
  LYS_N_ALERT_ACTIONS /*< skip >*/
} LysAlertAction;

/* What happened to a running infusion, with who and why */
typedef enum
{
  LYS_INFUSION_EVENT_START_OVERRIDE,   /* started above the limit for starting */
  LYS_INFUSION_EVENT_PAUSE,
  LYS_INFUSION_EVENT_RESUME,
  LYS_INFUSION_EVENT_STOP,
  LYS_INFUSION_EVENT_TIME_EDIT,        /* a start or end time not taken from the clock */
  LYS_N_INFUSION_EVENTS /*< skip >*/
} LysInfusionEventKind;

/* How the treatment of another indication than treatment-resistant
 * depression is paid for: the funding decision covers that one only */
typedef enum
{
  LYS_FUNDING_PUBLIC,      /* by the hospital or DPS, after an individual assessment */
  LYS_FUNDING_RESEARCH,    /* by a research study */
  LYS_FUNDING_SELF_PAID,
  LYS_N_FUNDINGS /*< skip >*/
} LysFunding;

/* Why a course was stopped before it was completed, coded for the registry
 * and the review; a note may tell more */
typedef enum
{
  LYS_STOP_NO_EFFECT,
  LYS_STOP_ADVERSE_EFFECTS,
  LYS_STOP_PATIENT_WISH,
  LYS_STOP_MEDICAL,
  LYS_STOP_PRACTICAL,
  LYS_STOP_OTHER,
  LYS_N_STOP_REASONS /*< skip >*/
} LysStopReason;

/* Electroconvulsive therapy before, asked in the eligibility assessment */
typedef enum
{
  LYS_ECT_NEVER,
  LYS_ECT_NO_RESPONSE,
  LYS_ECT_RESPONSE,
  LYS_N_ECT_HISTORIES /*< skip >*/
} LysEctHistory;

/* What kind of institution the clinic is part of: public funding of
 * ketamine treatment requires a hospital or a DPS */
typedef enum
{
  LYS_INSTITUTION_HOSPITAL,
  LYS_INSTITUTION_DPS,
  LYS_INSTITUTION_OTHER,
  LYS_N_INSTITUTION_KINDS /*< skip >*/
} LysInstitutionKind;

/* The discharge checklist */
typedef enum
{
  LYS_DISCHARGE_VITALS_BASELINE,
  LYS_DISCHARGE_ALERT_ORIENTED,
  LYS_DISCHARGE_ESCORT,
  LYS_DISCHARGE_NO_DRIVING,
  LYS_N_DISCHARGE_CHECKS /*< skip >*/
} LysDischargeCheck;

/* How a unit of the drug comes */
typedef enum
{
  LYS_DRUG_FORM_AMPOULE,
  LYS_DRUG_FORM_VIAL,
  LYS_N_DRUG_FORMS /*< skip >*/
} LysDrugForm;

/* An entry of the ketamine record; each changes the stock by its units */
typedef enum
{
  LYS_DRUG_ENTRY_RECEIPT,      /* units received from the pharmacy */
  LYS_DRUG_ENTRY_DRAW,         /* units opened for an infusion, the dose drawn */
  LYS_DRUG_ENTRY_WASTE,        /* what was left of the opened units, witnessed */
  LYS_DRUG_ENTRY_COUNT,        /* a count, witnessed: its units are the difference found */
  LYS_DRUG_ENTRY_EXPLANATION,  /* why a count found a difference, and what was done */
  LYS_DRUG_ENTRY_CORRECTION,   /* a counter-entry to a wrong one, with why */
  LYS_N_DRUG_ENTRY_KINDS /*< skip >*/
} LysDrugEntryKind;

const char *lys_role_to_nick              (LysRole             role);
gboolean    lys_role_from_nick            (const char         *nick,
                                           LysRole            *role);
const char *lys_role_get_label            (LysRole             role);

const char *lys_phase_to_nick             (LysPhase            phase);
gboolean    lys_phase_from_nick           (const char         *nick,
                                           LysPhase           *phase);
const char *lys_phase_get_label           (LysPhase            phase);

const char *lys_appointment_kind_to_nick   (LysAppointmentKind  kind);
gboolean    lys_appointment_kind_from_nick (const char         *nick,
                                            LysAppointmentKind *kind);
const char *lys_appointment_kind_get_label (LysAppointmentKind  kind);

const char *lys_appointment_state_to_nick   (LysAppointmentState  state);
gboolean    lys_appointment_state_from_nick (const char          *nick,
                                             LysAppointmentState *state);
const char *lys_appointment_state_get_label (LysAppointmentState  state);

const char *lys_staff_task_to_nick        (LysStaffTask        task);
gboolean    lys_staff_task_from_nick      (const char         *nick,
                                           LysStaffTask       *task);
const char *lys_staff_task_get_label      (LysStaffTask        task);

const char *lys_day_part_to_nick          (LysDayPart          part);
gboolean    lys_day_part_from_nick        (const char         *nick,
                                           LysDayPart         *part);
const char *lys_day_part_get_label        (LysDayPart          part);

const char *lys_note_status_to_nick       (LysNoteStatus       status);
gboolean    lys_note_status_from_nick     (const char         *nick,
                                           LysNoteStatus      *status);
const char *lys_note_status_get_label     (LysNoteStatus       status);

const char *lys_sex_to_nick (LysSex value);
gboolean    lys_sex_from_nick (const char *nick,
                             LysSex       *value);
const char *lys_sex_get_label (LysSex value);

const char *lys_indication_to_nick (LysIndication value);
gboolean    lys_indication_from_nick (const char *nick,
                             LysIndication       *value);
const char *lys_indication_get_label (LysIndication value);

const char *lys_contraindication_to_nick (LysContraindication value);
gboolean    lys_contraindication_from_nick (const char *nick,
                             LysContraindication       *value);
const char *lys_contraindication_get_label (LysContraindication value);

const char *lys_trial_outcome_to_nick (LysTrialOutcome value);
gboolean    lys_trial_outcome_from_nick (const char *nick,
                             LysTrialOutcome       *value);
const char *lys_trial_outcome_get_label (LysTrialOutcome value);

const char *lys_decision_to_nick (LysDecision value);
gboolean    lys_decision_from_nick (const char *nick,
                             LysDecision       *value);
const char *lys_decision_get_label (LysDecision value);

const char *lys_readiness_to_nick (LysReadiness value);
gboolean    lys_readiness_from_nick (const char *nick,
                             LysReadiness       *value);
const char *lys_readiness_get_label (LysReadiness value);

const char *lys_infusion_status_to_nick (LysInfusionStatus value);
gboolean    lys_infusion_status_from_nick (const char *nick,
                             LysInfusionStatus *value);
const char *lys_infusion_status_get_label (LysInfusionStatus value);

const char *lys_vitals_stage_to_nick (LysVitalsStage value);
gboolean    lys_vitals_stage_from_nick (const char *nick,
                             LysVitalsStage *value);
const char *lys_vitals_stage_get_label (LysVitalsStage value);

const char *lys_adverse_kind_to_nick (LysAdverseKind value);
gboolean    lys_adverse_kind_from_nick (const char *nick,
                             LysAdverseKind *value);
const char *lys_adverse_kind_get_label (LysAdverseKind value);

const char *lys_severity_to_nick (LysSeverity value);
gboolean    lys_severity_from_nick (const char *nick,
                             LysSeverity *value);
const char *lys_severity_get_label (LysSeverity value);

const char *lys_alert_action_to_nick (LysAlertAction value);
gboolean    lys_alert_action_from_nick (const char *nick,
                             LysAlertAction *value);
const char *lys_alert_action_get_label (LysAlertAction value);

const char *lys_infusion_event_kind_to_nick (LysInfusionEventKind value);
gboolean    lys_infusion_event_kind_from_nick (const char *nick,
                             LysInfusionEventKind *value);
const char *lys_infusion_event_kind_get_label (LysInfusionEventKind value);

const char *lys_ect_history_to_nick (LysEctHistory value);
gboolean    lys_ect_history_from_nick (const char *nick,
                                       LysEctHistory *value);
const char *lys_ect_history_get_label (LysEctHistory value);

const char *lys_institution_kind_to_nick (LysInstitutionKind value);
gboolean    lys_institution_kind_from_nick (const char *nick,
                                            LysInstitutionKind *value);
const char *lys_institution_kind_get_label (LysInstitutionKind value);

const char *lys_discharge_check_to_nick (LysDischargeCheck value);
gboolean    lys_discharge_check_from_nick (const char *nick,
                             LysDischargeCheck *value);
const char *lys_discharge_check_get_label (LysDischargeCheck value);
const char *lys_funding_to_nick (LysFunding value);
gboolean    lys_funding_from_nick (const char *nick,
                                   LysFunding *value);
const char *lys_funding_get_label (LysFunding value);
const char *lys_stop_reason_to_nick (LysStopReason value);
gboolean    lys_stop_reason_from_nick (const char    *nick,
                                       LysStopReason *value);
const char *lys_stop_reason_get_label (LysStopReason value);

/* What an audit log entry records, in words; the action itself (e.g.
 * "note.sign") when it has none */
const char *lys_audit_action_get_label (const char *action);

const char *lys_drug_form_to_nick         (LysDrugForm         form);
gboolean    lys_drug_form_from_nick       (const char         *nick,
                                           LysDrugForm        *form);
const char *lys_drug_form_get_label       (LysDrugForm         form);

const char *lys_drug_entry_kind_to_nick   (LysDrugEntryKind    kind);
gboolean    lys_drug_entry_kind_from_nick (const char         *nick,
                                           LysDrugEntryKind   *kind);
const char *lys_drug_entry_kind_get_label (LysDrugEntryKind    kind);

G_END_DECLS
