/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-store-drugs.h"
#include "lys-store-private.h"

G_BEGIN_DECLS

/* The rows of the clinical record, each written by one function of the
 * store part that owns its table. The part's public functions check the
 * rules, call the writer inside their transaction and log the change; the
 * demo's seeding calls the same writers for the history it makes up, in its
 * one transaction. A writer checks nothing and logs nothing.
 *
 * Times are clinic time as text ("YYYY-MM-DD HH:MM:SS"), ids of 0 and NULL
 * texts are stored as NULL. @kept: (nullable): where the writer keeps its
 * prepared statement for the next row (freed by the caller), or NULL to
 * prepare it for this row alone. */

LysDbStmt    *_lys_store_prepare_kept (LysStore    *self,
                                       LysDbStmt  **kept,
                                       LysDbStmt  **local,
                                       const char  *sql,
                                       GError     **error);
gint64        _lys_store_step_insert (LysStore    *self,
                                      LysDbStmt   *insert,
                                      GError     **error);
void          _lys_bind_id           (LysDbStmt   *stmt,
                                      int          index,
                                      gint64       id);
void          _lys_bind_measure      (LysDbStmt   *stmt,
                                      int          index,
                                      double       value);

typedef struct
{
  gint64      patient_id;
  gint64      course_id;      /* 0: the course of the infusion's booking */
  gint64      infusion_id;
  LysScale    scale;
  const char *timepoint;      /* "baseline", a follow-up point's nick, or NULL */
  const char *rated_at;
  const char *answers;        /* the items, as JSON */
  guint       total;
  gint64      rated_by;
  gboolean    complete;
} LysRatingRow;

gint64        _lys_store_write_rating (LysStore            *self,
                                       LysDbStmt          **kept,
                                       const LysRatingRow  *row,
                                       GError             **error);

typedef struct
{
  gint64             appointment_id;
  LysInfusionStatus  status;
  double             weight_kg;        /* 0: not yet weighed */
  double             dose_mg_per_kg;
  double             total_mg;
  double             given_mg;
  guint              duration_minutes;
  const char        *lot_number;
  gint64             given_by;
  gint64             psychologist_id;
  const char        *started_at;
  const char        *ended_at;
  guint              checklist;        /* the items checked before the start, a bit each */
  const char        *updated_at;
} LysInfusionRow;

gint64        _lys_store_write_infusion (LysStore              *self,
                                         LysDbStmt            **kept,
                                         const LysInfusionRow  *row,
                                         GError               **error);
gboolean      _lys_store_write_discharge (LysStore    *self,
                                          LysDbStmt  **kept,
                                          gint64       infusion_id,
                                          const char  *discharged_at,
                                          gint64       discharged_by,
                                          const char  *updated_at,
                                          GError     **error);

typedef struct
{
  gint64          infusion_id;
  const char     *taken_at;
  LysVitalsStage  stage;
  LysVitals       reading;
  gint64          recorded_by;
  LysVitalsAlert  alert;
  const char     *entered_at;   /* when it was typed in */
  const char     *time_reason;  /* why the time is not the entry's own */
} LysVitalsRow;

gint64        _lys_store_write_vitals (LysStore            *self,
                                       LysDbStmt          **kept,
                                       const LysVitalsRow  *row,
                                       GError             **error);

typedef struct
{
  gint64          infusion_id;
  LysAdverseKind  kind;
  const char     *description;
  LysSeverity     severity;
  const char     *action;       /* what was done; NULL is stored as "" */
  const char     *noted_at;
  gint64          recorded_by;
} LysAdverseRow;

gboolean      _lys_store_write_adverse_event (LysStore             *self,
                                              LysDbStmt           **kept,
                                              const LysAdverseRow  *row,
                                              GError              **error);

typedef struct
{
  LysAppointmentKind     kind;
  LysAppointmentState    state;
  gint64                 course_id;
  gint64                 room_id;
  const char            *starts_at;
  const char            *ends_at;
  const gint64          *patient_ids;
  guint                  n_patients;
  const LysBookingStaff *staff;
  guint                  n_staff;
} LysAppointmentRow;

/* @kept: the booking, its patients' and its staff's statements */
#define LYS_APPOINTMENT_STMTS 3

gint64        _lys_store_write_appointment (LysStore                 *self,
                                            LysDbStmt               **kept,
                                            const LysAppointmentRow  *row,
                                            GError                  **error);

typedef struct
{
  gint64      patient_id;
  const char *form_version;
  const char *language;
  const char *signed_on;      /* "YYYY-MM-DD" */
  gint64      physician_id;
  const char *recorded_at;
} LysConsentRow;

gint64        _lys_store_write_consent (LysStore             *self,
                                        LysDbStmt           **kept,
                                        const LysConsentRow  *row,
                                        GError              **error);

typedef struct
{
  gint64         patient_id;
  const char    *kind;           /* "induction" or "maintenance" */
  LysPhase       phase;
  const char    *started_on;     /* "YYYY-MM-DD" */
  const char    *ended_on;
  LysStopReason  stop_code;      /* with stop_reason: why it was stopped */
  const char    *stop_reason;
} LysCourseRow;

gint64        _lys_store_write_course (LysStore            *self,
                                       LysDbStmt          **kept,
                                       const LysCourseRow  *row,
                                       GError             **error);

gboolean      _lys_store_write_course_end (LysStore    *self,
                                           gint64       course_id,
                                           const char  *ended_on,
                                           GError     **error);
gboolean      _lys_store_write_witness_code (LysStore    *self,
                                             gint64       staff_id,
                                             const char  *stored,
                                             GError     **error);
gint64        _lys_store_write_patient (LysStore                 *self,
                                        LysDbStmt               **kept,
                                        LysPatient               *patient,
                                        const LysNationalIdInfo  *info,
                                        const char               *created_at,
                                        GError                  **error);

typedef struct
{
  gint64              patient_id;      /* 0: a group session's shared note */
  gint64              group_note_id;   /* a participant's part: its group's note */
  gint64              appointment_id;  /* the session, when not a part */
  gint64              author_id;
  const char         *template_key;
  LysAppointmentKind  session_kind;
  const char         *body;
  const char         *sections;        /* the template's sections, as JSON */
  const char         *created_at;
} LysNoteRow;

gint64        _lys_store_write_note (LysStore          *self,
                                     LysDbStmt        **kept,
                                     const LysNoteRow  *row,
                                     GError           **error);
gboolean      _lys_store_write_note_signature (LysStore     *self,
                                               LysDbStmt   **kept,
                                               gint64        note_id,
                                               const char   *body,
                                               const char   *signed_at,
                                               gint64        signed_by,
                                               const char   *updated_at,
                                               GError      **error);

gint64        _lys_store_write_drug_product (LysStore     *self,
                                             const char   *name,
                                             double        strength_mg_per_ml,
                                             double        volume_ml,
                                             LysDrugForm   form,
                                             const char   *created_at,
                                             GError      **error);
gint64        _lys_store_write_drug_lot (LysStore    *self,
                                         LysDbStmt  **kept,
                                         gint64       product_id,
                                         const char  *lot_number,
                                         const char  *expires_on,
                                         GError     **error);

typedef struct
{
  const char *username;       /* the account's login, or NULL for one not yet tied to a login */
  const char *name;
  LysRole     role;
  const char *hpr_number;
  gboolean    kap_certified;
  gboolean    lead;
  const char *created_at;
} LysStaffRow;

gint64        _lys_store_write_staff (LysStore           *self,
                                      LysDbStmt         **kept,
                                      const LysStaffRow  *row,
                                      GError            **error);

gint64        _lys_store_write_room (LysStore       *self,
                                     const LysRoom  *room,
                                     GError        **error);

/* @kept: the assessment's, its trials' clearing and its trials' statements */
#define LYS_ELIGIBILITY_STMTS 3

gboolean      _lys_store_write_eligibility (LysStore         *self,
                                            LysDbStmt       **kept,
                                            gint64            course_id,
                                            LysEligibility   *eligibility,
                                            const char       *updated_at,
                                            GError          **error);
gboolean      _lys_store_write_eligibility_signature (LysStore    *self,
                                                      LysDbStmt  **kept,
                                                      gint64       eligibility_id,
                                                      const char  *signed_at,
                                                      gint64       signed_by,
                                                      GError     **error);
gboolean      _lys_store_write_preparation_note (LysStore                     *self,
                                                 LysDbStmt                   **kept,
                                                 const LysPreparationSession  *session,
                                                 gint64                        author_id,
                                                 const char                   *updated_at,
                                                 GError                      **error);

/* The clinic's settings and the file's own facts, by key: written over */
gboolean      _lys_store_write_setting (LysStore    *self,
                                        LysDbStmt  **kept,
                                        const char  *key,
                                        const char  *value,
                                        GError     **error);
gboolean      _lys_store_write_meta    (LysStore    *self,
                                        const char  *key,
                                        const char  *value,
                                        GError     **error);

G_END_DECLS
