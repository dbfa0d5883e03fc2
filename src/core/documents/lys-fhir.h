/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* HL7 FHIR R4 XML for registry follow-up, written as a stream with libxml2:
 * a Bundle of type collection whose entries refer to each other by urn:uuid
 * full URLs. The resources are plain structs; times are clinic-local text
 * as the database keeps it, written with the Europe/Oslo offset of their
 * day. Which entries a patient gives is the export's business; how each one
 * is written, in FHIR's element order, is this file's. */

#define LYS_FHIR_NAMESPACE "http://hl7.org/fhir"
#define LYS_FHIR_SYSTEM_FNR "urn:oid:2.16.578.1.12.4.1.4.1"
#define LYS_FHIR_SYSTEM_DNR "urn:oid:2.16.578.1.12.4.1.4.2"
#define LYS_FHIR_SYSTEM_HNR "urn:oid:2.16.578.1.12.4.1.4.3"
#define LYS_FHIR_SYSTEM_HPR "urn:oid:2.16.578.1.12.4.1.4.4"
/* ICD-10 as Norway codes it (the Directorate of e-health's code system 7110) */
/* Norwegian organisations: the Central Coordinating Register's number
 * (ENH) and the register of specialist health service units (RESH) */
#define LYS_FHIR_SYSTEM_ENH "urn:oid:2.16.578.1.12.4.1.4.101"
#define LYS_FHIR_SYSTEM_RESH "urn:oid:2.16.578.1.12.4.1.4.102"
#define LYS_FHIR_SYSTEM_ICD10 "urn:oid:2.16.578.1.12.4.1.1.7110"
#define LYS_FHIR_SYSTEM_LOINC "http://loinc.org"
#define LYS_FHIR_SYSTEM_UCUM "http://unitsofmeasure.org"
#define LYS_FHIR_SYSTEM_ATC "http://www.whocc.no/atc"
/* Lysning's own codes, where no public code system has them */
#define LYS_FHIR_CODES "https://lysning.no/fhir/CodeSystem/"
#define LYS_FHIR_EXTENSIONS "https://lysning.no/fhir/StructureDefinition/"

typedef struct _LysFhirWriter LysFhirWriter;

typedef struct
{
  const char *system;        /* an identifier system: fødselsnummer, D-number, or the pseudonym's */
  const char *value;
  const char *family_name;   /* identified exports only, else NULL */
  const char *given_name;
  const char *gender;        /* "female", "male", "other", or NULL when not recorded */
  const char *birth_date;    /* "YYYY-MM-DD", or "YYYY" */
} LysFhirPatient;

typedef struct
{
  const char *hpr_number;    /* or NULL */
  const char *name;          /* identified exports only, else NULL */
  gboolean    active;
} LysFhirPractitioner;

typedef struct
{
  const char *patient;       /* the full URL of the patient's entry */
  const char *icd10;         /* "F33.2" */
} LysFhirCondition;

typedef struct
{
  const char *name;
  const char *kind;                  /* hospital, dps, other */
  const char *organisation_number;   /* or NULL */
  const char *resh_id;               /* or NULL */
} LysFhirOrganization;

typedef struct
{
  const char *patient;
  const char *condition;     /* or NULL */
  const char *status;        /* planned, active, finished */
  const char *kind;          /* induction, maintenance */
  const char *stop_reason;   /* or NULL */
  const char *started_on;    /* "YYYY-MM-DD" */
  const char *ended_on;      /* or NULL */
  const char *organization;  /* the full URL of the institution's entry */
  const char *ect_history;   /* never, no-response, response; or NULL */
  const char *stop_code;     /* why a stopped course stopped, coded; or NULL */
} LysFhirEpisode;

typedef struct
{
  const char *patient;
  const char *episode;
  const char *status;        /* completed, stopped, in-progress */
  const char *stop_reason;   /* or NULL */
  const char *started_at;    /* local "YYYY-MM-DD HH:MM:SS" */
  const char *ended_at;      /* or NULL */
  const char *giver;         /* full URLs of the practitioners, or NULL */
  const char *psychologist;
  double      weight_kg;
  double      mg_per_kg;
  double      total_mg;      /* planned */
  double      given_mg;      /* given; less than planned when stopped early */
  guint       minutes;
  const char *indication;    /* why: trd, ptsd, alcohol-use-disorder, other */
  const char *lot_number;    /* the drug's lot, or NULL */
} LysFhirInfusion;

typedef struct
{
  const char *patient;
  const char *part_of;       /* the infusion's entry, or NULL */
  const char *scale;         /* madrs, phq9, qids-sr16, cadss, prior-trials */
  const char *timepoint;     /* baseline, infusion-6, month-1, …, or NULL */
  const char *effective;     /* local time or date */
  int         total;
} LysFhirRating;

/* The extremes of an infusion's vital signs: the highest blood pressure
 * (as one reading), the highest heart rate, the lowest oxygen saturation */
typedef struct
{
  const char *patient;
  const char *part_of;
  const char *started_at;    /* the infusion's period */
  const char *ended_at;      /* or NULL */
  int         systolic;
  int         diastolic;
  int         heart_rate;    /* or -1 */
  int         spo2;          /* or -1 */
} LysFhirVitalsExtremes;

typedef struct
{
  const char *patient;
  const char *infusion;
  const char *kind;          /* nausea, vomiting, … */
  const char *description;   /* or NULL */
  const char *severity;      /* mild, moderate, severe */
  const char *action;        /* or NULL */
  const char *noted_at;
} LysFhirAdverseEvent;

typedef struct
{
  const char *patient;       /* who agrees */
  const char *signed_on;     /* "YYYY-MM-DD" */
  const char *withdrawn_on;  /* "YYYY-MM-DD", or NULL while it holds */
  const char *form_version;
  const char *language;
  const char *form;          /* the form's URI (urn:uuid) */
  const char *organization;  /* the full URL of the institution's entry */
} LysFhirConsent;

char          *lys_fhir_uuid_for_name     (const char     *clinic_uid,
                                           const char     *kind,
                                           const char     *name);
char          *lys_fhir_uuid              (const char     *clinic_uid,
                                           const char     *kind,
                                           gint64          id);
char          *lys_fhir_format_time       (const char     *local);
char          *lys_fhir_pseudonym         (const char     *key,
                                           const char     *national_id);

typedef gboolean (*LysFhirSink) (const char *data,
                                 gsize       length,
                                 gpointer    user_data);

LysFhirWriter *lys_fhir_writer_new        (LysFhirSink     sink,
                                           gpointer        user_data);
void           lys_fhir_writer_free       (LysFhirWriter  *self);
gboolean       lys_fhir_writer_begin      (LysFhirWriter  *self,
                                           const char     *bundle_uuid,
                                           GDateTime      *timestamp);
gboolean       lys_fhir_writer_end        (LysFhirWriter  *self,
                                           GError        **error);
guint64        lys_fhir_writer_get_entries (LysFhirWriter *self);

gboolean       lys_fhir_write_patient     (LysFhirWriter  *self,
                                           const char     *full_url,
                                           const LysFhirPatient *patient);
gboolean       lys_fhir_write_practitioner (LysFhirWriter *self,
                                           const char     *full_url,
                                           const LysFhirPractitioner *practitioner);
gboolean       lys_fhir_write_organization (LysFhirWriter *self,
                                           const char     *full_url,
                                           const LysFhirOrganization *organization);
gboolean       lys_fhir_write_condition   (LysFhirWriter  *self,
                                           const char     *full_url,
                                           const LysFhirCondition *condition);
gboolean       lys_fhir_write_episode     (LysFhirWriter  *self,
                                           const char     *full_url,
                                           const LysFhirEpisode *episode);
gboolean       lys_fhir_write_infusion    (LysFhirWriter  *self,
                                           const char     *full_url,
                                           const LysFhirInfusion *infusion);
gboolean       lys_fhir_write_rating      (LysFhirWriter  *self,
                                           const char     *full_url,
                                           const LysFhirRating *rating);
gboolean       lys_fhir_write_vitals_extremes (LysFhirWriter *self,
                                           const char     *full_url,
                                           const LysFhirVitalsExtremes *extremes);
gboolean       lys_fhir_write_adverse_event (LysFhirWriter *self,
                                           const char     *full_url,
                                           const LysFhirAdverseEvent *event);
gboolean       lys_fhir_write_consent     (LysFhirWriter  *self,
                                           const char     *full_url,
                                           const LysFhirConsent *consent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysFhirWriter, lys_fhir_writer_free)

G_END_DECLS
