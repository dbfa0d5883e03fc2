/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lys-audit-chain.h"
#include "lys-backup.h"
#include "lys-clinic-settings.h"
#include "lys-consent-form.h"
#include "lys-domain.h"
#include "lys-eligibility.h"
#include "lys-follow-up.h"
#include "lys-induction-planner.h"
#include "lys-institution.h"
#include "lys-infusion.h"
#include "lys-note.h"
#include "lys-outcome-chart.h"
#include "lys-patient.h"
#include "lys-patient-import.h"
#include "lys-preparation.h"
#include "lys-rating.h"
#include "lys-room.h"

G_BEGIN_DECLS

#define LYS_TYPE_STORE (lys_store_get_type ())

/* The full check of the file's pages, run apart from opening it */
typedef enum
{
  LYS_INTEGRITY_UNCHECKED,
  LYS_INTEGRITY_CHECKING,    /* changes are refused until it ends */
  LYS_INTEGRITY_OK,
  LYS_INTEGRITY_DAMAGED,     /* changes are refused for good */
} LysIntegrity;

/* What a signature covers, checked by lys_store_count_altered_records() */
typedef enum
{
  LYS_SIGNED_NOTE,           /* a note's text, or one of its addenda's */
  LYS_SIGNED_ELIGIBILITY,    /* an eligibility assessment */
  LYS_SIGNED_DISCHARGE,      /* an infusion's record, closed at discharge */
  LYS_SIGNED_DRUG_ENTRY,     /* an entry of the ketamine record, linked to the one before */
} LysSignedKind;

typedef struct
{
  gint64    id;
  char     *name;
  LysRole   role;
  gboolean  kap_certified; /* holds a KAP certification today */
  gboolean  lead;          /* the clinic lead */
  char     *kap_body;      /* who certified, or NULL */
  char     *kap_certified_on; /* "YYYY-MM-DD", or NULL */
  char     *kap_expires_on;   /* the last day it holds, or NULL */
  gboolean  witness;       /* has a witness code for the ketamine record */
} LysStaffMember;

/* Days the clinic is closed, or a staff member away */
typedef struct
{
  gint64  id;
  char   *first;       /* "YYYY-MM-DD" */
  char   *last;
  char   *reason;      /* or NULL */
  char   *staff_name;  /* absences only */
} LysDayRange;

void        lys_day_range_free              (LysDayRange *range);

/* A reading of a patient's record, for "who has read my record" */
typedef struct
{
  GDateTime *at;
  char      *staff_name;
  LysRole    role;
  char      *what;         /* the part read: "preparation", "note", … */
} LysAccessEntry;

void        lys_access_entry_free           (LysAccessEntry *entry);

/* Who takes part in a booking, and as what */
typedef struct
{
  gint64       staff_id;
  LysStaffTask task;
} LysBookingStaff;

typedef struct
{
  LysAppointmentKind     kind;
  GDateTime             *starts_at;
  guint                  minutes;      /* ignored for infusions: infusion + observation + turnover */
  gint64                 room_id;      /* 0: no room; infusions need one */
  const gint64          *patient_ids;  /* one, or several for a group session */
  guint                  n_patients;
  const LysBookingStaff *staff;
  guint                  n_staff;
} LysBookingRequest;

/* A rating in a patient's record */
typedef struct
{
  gint64            id;
  gint64            course_id;
  gint64            infusion_id;       /* 0 unless taken at an infusion */
  guint             infusion_number;   /* within its course; 0 without an infusion */
  LysScale          scale;
  LysFollowUpPoint  point;             /* LYS_N_POINTS when it answers none */
  GDateTime        *rated_at;
  guint             answers[LYS_SCALE_MAX_ITEMS];  /* LYS_RATING_UNANSWERED for an item left out */
  guint             total;             /* of the items answered */
  gboolean          complete;
  char             *rated_by;          /* or NULL */
} LysRating;

void        lys_rating_free                 (LysRating   *rating);

/* A measurement point of a course, and where it stands */
typedef struct
{
  gint64            patient_id;
  char             *patient_name;
  gint64            course_id;
  LysFollowUpPoint  point;
  GDate             due;
  LysDueState       state;
} LysFollowUp;

gboolean    lys_follow_up_same              (gconstpointer a,
                                             gconstpointer b);

void        lys_follow_up_free              (LysFollowUp *follow_up);

/* What was rated around one infusion: a self-report before, the CADSS after */
typedef struct
{
  gint64     infusion_id;
  guint      number;          /* within its course */
  GDateTime *started_at;
  gboolean   self_report;     /* a PHQ-9 or QIDS-SR16 that day, before the start */
  gboolean   cadss;
} LysInfusionRatings;

void        lys_infusion_ratings_free       (LysInfusionRatings *ratings);
int         lys_follow_up_compare           (const LysFollowUp *a,
                                             const LysFollowUp *b);

/* The parts of a patient's record, for need-to-know access */
typedef enum
{
  LYS_PART_ADMIN,          /* details, bookings, course phase */
  LYS_PART_NOTES,
  LYS_PART_RATINGS,
  LYS_PART_ELIGIBILITY,
  LYS_PART_PREPARATION,
  LYS_PART_INFUSION,
  LYS_N_PARTS
} LysRecordPart;

const char *lys_record_part_get_label       (LysRecordPart part);

/* A record open for writing in a window, which the other desks on a clinic
 * server see (lys_store_hold_record ()) */
typedef enum
{
  LYS_HELD_INFUSION = 1,   /* a running infusion's bedside record */
  LYS_HELD_NOTE,           /* a note's draft */
} LysHeld;

/* A record opened outside one's assignment */
typedef struct
{
  gint64     id;
  gint64     patient_id;
  char      *patient_name;
  char      *staff_name;
  char      *reason;
  GDateTime *opened_at;
  GDateTime *reviewed_at;   /* or NULL */
} LysEmergencyAccess;

void        lys_emergency_access_free       (LysEmergencyAccess *access);

/* A row of the audit log, for the audit viewer */
typedef struct
{
  gint64     id;
  GDateTime *at;
  char      *staff_name;
  LysRole    role;
  char      *action;
  gint64     patient_id;     /* 0: none */
  char      *patient_name;   /* NULL: none, or no longer on file */
  char      *object_type;
  gint64     object_id;
  char      *detail;
} LysAuditEntry;

void        lys_audit_entry_free            (LysAuditEntry *entry);

typedef struct
{
  gint64      patient_id;    /* 0: any */
  gint64      staff_id;      /* 0: anyone */
  const char *action;        /* NULL: any */
  GDate       from;          /* cleared: from the start */
  GDate       to;            /* cleared: up to now */
} LysAuditFilter;

G_DECLARE_FINAL_TYPE (LysStore, lys_store, LYS, STORE, GObject)

LysStore   *lys_store_open                  (const char   *path,
                                             GError      **error);
char       *lys_store_dup_default_path      (gboolean      demo);
const char *lys_store_get_path              (LysStore     *self);
guint       lys_store_get_schema_version    (LysStore     *self);
guint       lys_store_get_latest_schema_version (void);
LysIntegrity lys_store_get_integrity        (LysStore     *self);
gboolean    lys_store_get_connected         (LysStore     *self);
gboolean    lys_store_reconnect             (LysStore     *self);
gboolean    lys_store_follow_others         (LysStore     *self,
                                             GError      **error);
void        lys_store_hold_record           (LysStore     *self,
                                             LysHeld       kind,
                                             gint64        id);
void        lys_store_release_record        (LysStore     *self,
                                             LysHeld       kind,
                                             gint64        id);
GStrv       lys_store_dup_holders           (LysStore     *self,
                                             LysHeld       kind,
                                             gint64        id);
gboolean    lys_store_check_integrity       (LysStore     *self,
                                             GCancellable *cancellable,
                                             GError      **error);
void        lys_store_check_integrity_async (LysStore     *self,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer      user_data);
gboolean    lys_store_check_integrity_finish (LysStore    *self,
                                             GAsyncResult *result,
                                             GError      **error);
gboolean    lys_store_is_demo               (LysStore     *self);
gboolean    lys_store_is_server_address     (const char   *database);
char       *lys_store_dup_display_name      (const char   *database);

/* What lys_store_copy_clinic () copied */
typedef struct
{
  guint64  rows;         /* of every table */
  guint64  audit_rows;   /* the audit log's rows that hold on the server */
  char    *audit_head;   /* its last link */
} LysCopyResult;

gboolean    lys_store_copy_clinic           (const char     *source,
                                             const char     *target,
                                             LysCopyResult  *result,
                                             GError        **error);
void        lys_copy_result_clear           (LysCopyResult  *result);
GDateTime  *lys_store_dup_now               (LysStore     *self);

/* The acting staff member: the profile mapped to the OS account. */
gint64      lys_store_get_current_staff_id  (LysStore     *self);
const char *lys_store_get_current_staff_name (LysStore    *self);
LysRole     lys_store_get_current_role      (LysStore     *self);

gboolean    lys_store_update_current_profile (LysStore    *self,
                                              const char  *name,
                                              LysRole      role,
                                              GError     **error);

double      lys_store_get_setting           (LysStore     *self,
                                             LysSetting    setting);
gboolean    lys_store_may_change_setting    (LysStore     *self,
                                             LysSetting    setting);
gboolean    lys_store_set_setting           (LysStore     *self,
                                             LysSetting    setting,
                                             double        value,
                                             GError      **error);
LysInstitution *lys_store_dup_institution   (LysStore              *self);
gboolean    lys_store_set_institution       (LysStore              *self,
                                             const LysInstitution  *institution,
                                             GError               **error);

GListModel *lys_store_get_patients          (LysStore     *self);
LysPatient *lys_store_dup_patient           (LysStore     *self,
                                             gint64        patient_id);
gboolean    lys_store_add_patient           (LysStore     *self,
                                             LysPatient   *patient,
                                             GError      **error);
gboolean    lys_store_update_patient        (LysStore     *self,
                                             LysPatient   *patient,
                                             LysPatient   *changes,
                                             GError      **error);
GHashTable *lys_store_dup_national_ids      (LysStore     *self);
gboolean    lys_store_import_patients       (LysStore          *self,
                                             LysPatientImport  *import,
                                             gboolean           skip_invalid,
                                             GError           **error);
void        lys_store_import_patients_async (LysStore            *self,
                                             LysPatientImport    *import,
                                             gboolean             skip_invalid,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    lys_store_import_patients_finish (LysStore      *self,
                                              GAsyncResult  *result,
                                              GError       **error);
gboolean    lys_store_begin_read            (LysStore     *self,
                                             GError      **error);
gboolean    lys_store_end_read              (LysStore     *self,
                                             gboolean      ok,
                                             GError      **error);
gboolean    lys_store_log_patient_read      (LysStore     *self,
                                             gint64        patient_id,
                                             const char   *what,
                                             GError      **error);

GListModel *lys_store_list_bookings         (LysStore     *self,
                                             GDateTime    *from,
                                             GDateTime    *until,
                                             GError      **error);
GListModel *lys_store_list_course_infusions (LysStore     *self,
                                             gint64        patient_id,
                                             GError      **error);

/* An infusion of the course stopped early: what it gave, and whether that
 * counts towards the course's number */
typedef struct
{
  gint64   appointment_id;
  double   given_mg;
  double   total_mg;
  gboolean counts;
} LysStoppedInfusion;

GArray     *lys_store_list_stopped_infusions (LysStore    *self,
                                             gint64        patient_id,
                                             GError      **error);

void        lys_staff_member_free           (LysStaffMember *member);
GPtrArray  *lys_store_list_staff            (LysStore     *self,
                                             LysRole       role,
                                             GError      **error);

/* Scheduling (lys-store-booking.c) */
GPtrArray  *lys_store_list_rooms            (LysStore        *self,
                                             gboolean         include_inactive,
                                             GError         **error);
gint64      lys_store_save_room             (LysStore        *self,
                                             const LysRoom   *room,
                                             GError         **error);
gboolean    lys_store_add_closure           (LysStore        *self,
                                             const GDate     *first,
                                             const GDate     *last,
                                             const char      *reason,
                                             GError         **error);
gboolean    lys_store_remove_day_range      (LysStore        *self,
                                             gint64           id,
                                             gboolean         absence,
                                             GError         **error);
GPtrArray  *lys_store_list_closures         (LysStore        *self,
                                             GError         **error);
GPtrArray  *lys_store_list_staff_absences   (LysStore        *self,
                                             GError         **error);
gboolean    lys_store_add_staff_absence     (LysStore        *self,
                                             gint64           staff_id,
                                             const GDate     *first,
                                             const GDate     *last,
                                             const char      *reason,
                                             GError         **error);
gint64      lys_store_book                  (LysStore        *self,
                                             const LysBookingRequest *request,
                                             char           **warning,
                                             GError         **error);
gboolean    lys_store_move_booking          (LysStore        *self,
                                             gint64           appointment_id,
                                             GDateTime       *starts_at,
                                             gint64           room_id,
                                             char           **warning,
                                             GError         **error);
gboolean    lys_store_set_booking_state     (LysStore        *self,
                                             gint64           appointment_id,
                                             LysAppointmentState state,
                                             GError         **error);
gboolean    lys_store_get_room_needs        (LysStore       *self,
                                             gint64          patient_id,
                                             LysAmenities   *needs,
                                             GError        **error);
gboolean    lys_store_set_room_needs        (LysStore       *self,
                                             gint64          patient_id,
                                             LysAmenities    needs,
                                             GError        **error);
gboolean    lys_store_get_course_preferences (LysStore       *self,
                                             gint64           patient_id,
                                             guint           *weekdays,
                                             LysDayPart      *part,
                                             GError         **error);
guint       lys_store_count_missing_infusions (LysStore      *self,
                                             gint64           patient_id,
                                             GError         **error);
LysPlan    *lys_store_propose_induction_plan (LysStore       *self,
                                             gint64           patient_id,
                                             GDateTime       *earliest,
                                             guint            weekdays,
                                             LysDayPart       part,
                                             GError         **error);
gboolean    lys_store_book_induction_plan   (LysStore        *self,
                                             gint64           patient_id,
                                             LysPlan         *plan,
                                             GError         **error);
gboolean    lys_store_start_maintenance     (LysStore        *self,
                                             gint64           patient_id,
                                             GError         **error);
gboolean    lys_store_export_calendar       (LysStore        *self,
                                             GDateTime       *from,
                                             GDateTime       *until,
                                             const char      *path,
                                             guint           *n_events,
                                             GError         **error);

/* The off-label consent (lys-store-consent.c) */
char       *lys_store_dup_consent_form      (LysStore        *self,
                                             const char      *version,
                                             const char      *language,
                                             char           **version_out,
                                             GError         **error);
GStrv       lys_store_list_consent_versions (LysStore        *self,
                                             GError         **error);
char       *lys_store_save_consent_form     (LysStore        *self,
                                             const char      *language,
                                             const char      *body,
                                             GError         **error);
char       *lys_store_dup_clinic_name       (LysStore        *self);
gboolean    lys_store_set_clinic_name       (LysStore        *self,
                                             const char      *name,
                                             GError         **error);
gint64      lys_store_find_patient          (LysStore        *self,
                                             const char      *text,
                                             GError         **error);
char       *lys_store_dup_form_language     (LysStore        *self,
                                             gint64           patient_id);
gboolean    lys_store_set_form_language     (LysStore        *self,
                                             gint64           patient_id,
                                             const char      *language,
                                             GError         **error);
gint64      lys_store_get_consent_physician (LysStore        *self,
                                             gint64           patient_id);
gboolean    lys_store_set_consent_physician (LysStore        *self,
                                             gint64           patient_id,
                                             gint64           physician_id,
                                             GError         **error);
LysConsentForm *lys_store_make_consent_form (LysStore        *self,
                                             gint64           patient_id,
                                             const char      *language,
                                             gint64           physician_id,
                                             GError         **error);
gboolean    lys_store_withdraw_consent      (LysStore        *self,
                                             gint64           patient_id,
                                             const GDate     *withdrawn_on,
                                             const char      *reason,
                                             GError         **error);

/* The infusion at the bedside (lys-store-infusion.c) */
gint64      lys_store_find_infusion         (LysStore        *self,
                                             gint64           appointment_id,
                                             GError         **error);
gint64      lys_store_open_infusion         (LysStore        *self,
                                             gint64           appointment_id,
                                             GError         **error);
LysInfusion *lys_store_get_infusion         (LysStore        *self,
                                             gint64           infusion_id,
                                             GError         **error);
GArray     *lys_store_list_open_infusion_bookings (LysStore  *self,
                                             GError         **error);
gboolean    lys_store_set_infusion_value    (LysStore        *self,
                                             gint64           infusion_id,
                                             LysInfusionField field,
                                             double           value,
                                             GError         **error);
gboolean    lys_store_set_infusion_text     (LysStore        *self,
                                             gint64           infusion_id,
                                             LysInfusionField field,
                                             const char      *text,
                                             GError         **error);
gboolean    lys_store_set_infusion_staff    (LysStore        *self,
                                             gint64           infusion_id,
                                             LysStaffTask     task,
                                             gint64           staff_id,
                                             GError         **error);
gboolean    lys_store_set_discharge_check   (LysStore        *self,
                                             gint64           infusion_id,
                                             LysDischargeCheck check,
                                             gboolean         done,
                                             GError         **error);
gint64      lys_store_record_vitals         (LysStore        *self,
                                             gint64           infusion_id,
                                             const LysVitals *vitals,
                                             GDateTime       *taken_at,
                                             const char      *time_reason,
                                             LysVitalsAlert  *alert,
                                             GError         **error);
gboolean    lys_store_acknowledge_alert     (LysStore        *self,
                                             gint64           vitals_id,
                                             LysAlertAction   action,
                                             const char      *note,
                                             GError         **error);
gboolean    lys_store_start_infusion        (LysStore        *self,
                                             gint64           infusion_id,
                                             GDateTime       *at,
                                             const char      *time_reason,
                                             const char      *override_reason,
                                             char           **warning,
                                             GError         **error);
gboolean    lys_store_pause_infusion        (LysStore        *self,
                                             gint64           infusion_id,
                                             const char      *reason,
                                             GError         **error);
gboolean    lys_store_resume_infusion       (LysStore        *self,
                                             gint64           infusion_id,
                                             GError         **error);
gboolean    lys_store_end_infusion          (LysStore        *self,
                                             gint64           infusion_id,
                                             GDateTime       *at,
                                             const char      *time_reason,
                                             const char      *stop_reason,
                                             double           given_mg,
                                             GError         **error);
gboolean    lys_store_add_adverse_event     (LysStore        *self,
                                             gint64           infusion_id,
                                             LysAdverseKind   kind,
                                             const char      *description,
                                             LysSeverity      severity,
                                             const char      *action,
                                             GError         **error);
gboolean    lys_store_save_cadss            (LysStore        *self,
                                             gint64           infusion_id,
                                             const guint     *answers,
                                             GError         **error);
gboolean    lys_store_sign_discharge        (LysStore        *self,
                                             gint64           infusion_id,
                                             GError         **error);
gboolean    lys_store_add_infusion_addendum (LysStore        *self,
                                             gint64           infusion_id,
                                             const char      *body,
                                             GError         **error);

/* Therapy notes (lys-store-notes.c) */
GPtrArray  *lys_store_list_note_templates   (LysStore        *self,
                                             GError         **error);
char       *lys_store_save_note_template    (LysStore        *self,
                                             const char      *key,
                                             const char      *title,
                                             const char      *definition,
                                             GError         **error);
GListModel *lys_store_list_patient_sessions (LysStore        *self,
                                             gint64           patient_id,
                                             GError         **error);
gint64      lys_store_find_session_note     (LysStore        *self,
                                             gint64           appointment_id,
                                             gint64           patient_id,
                                             GError         **error);
gint64      lys_store_create_note           (LysStore        *self,
                                             gint64           patient_id,
                                             gint64           appointment_id,
                                             const char      *template_key,
                                             GError         **error);
LysNoteView *lys_store_open_note            (LysStore        *self,
                                             gint64           note_id,
                                             gboolean         session_view,
                                             GError         **error);
LysNoteView *lys_store_reload_note_view     (LysStore        *self,
                                             const LysNoteView *view,
                                             GError         **error);
gboolean    lys_store_save_note_draft       (LysStore        *self,
                                             gint64           note_id,
                                             const char      *was,
                                             const char      *body,
                                             guint            cursor,
                                             GError         **error);
gboolean    lys_store_sign_notes            (LysStore        *self,
                                             const gint64    *note_ids,
                                             guint            n_notes,
                                             GError         **error);
gboolean    lys_store_discard_note          (LysStore        *self,
                                             gint64           note_id,
                                             GError         **error);
gboolean    lys_store_add_note_addendum     (LysStore        *self,
                                             gint64           note_id,
                                             const char      *body,
                                             GError         **error);
GPtrArray  *lys_store_list_patient_notes    (LysStore        *self,
                                             gint64           patient_id,
                                             GError         **error);
GArray     *lys_store_list_open_drafts      (LysStore        *self,
                                             GError         **error);
GPtrArray  *lys_store_list_record_access    (LysStore        *self,
                                             gint64           patient_id,
                                             GError         **error);

/* The preparation phase (lys-store-preparation.c) */
LysEligibility *lys_store_get_eligibility   (LysStore        *self,
                                             gint64           patient_id,
                                             GError         **error);
gboolean    lys_store_save_eligibility      (LysStore        *self,
                                             gint64           patient_id,
                                             LysEligibility  *eligibility,
                                             GError         **error);
gboolean    lys_store_sign_eligibility      (LysStore        *self,
                                             gint64           patient_id,
                                             LysEligibility  *eligibility,
                                             GError         **error);
gboolean    lys_store_record_consent        (LysStore        *self,
                                             gint64           patient_id,
                                             const GDate     *signed_on,
                                             gint64           physician_id,
                                             const char      *version,
                                             const char      *language,
                                             GError         **error);
gint64      lys_store_book_preparation      (LysStore        *self,
                                             gint64           patient_id,
                                             GDateTime       *starts_at,
                                             guint            minutes,
                                             gint64           psychologist_id,
                                             GError         **error);
GPtrArray  *lys_store_list_preparation_sessions (LysStore    *self,
                                             gint64           patient_id,
                                             GError         **error);
gboolean    lys_store_save_preparation_note (LysStore               *self,
                                             gint64                  patient_id,
                                             LysPreparationSession  *session,
                                             gboolean                complete,
                                             GError                **error);
gboolean    lys_store_get_preparation_status (LysStore             *self,
                                             gint64                 patient_id,
                                             LysPreparationStatus  *status,
                                             GError               **error);
gboolean    lys_store_start_induction       (LysStore        *self,
                                             gint64           patient_id,
                                             GError         **error);
gboolean    lys_store_stop_course           (LysStore        *self,
                                             gint64           patient_id,
                                             LysStopReason    reason,
                                             const char      *note,
                                             guint           *n_cancelled,
                                             GError         **error);

/* Ratings and follow-up */
gint64      lys_store_save_rating           (LysStore          *self,
                                             gint64             patient_id,
                                             LysScale           scale,
                                             LysFollowUpPoint   point,
                                             gint64             infusion_id,
                                             const guint       *answers,
                                             GDateTime         *rated_at,
                                             gboolean          *complete,
                                             GError           **error);
GPtrArray  *lys_store_list_ratings          (LysStore          *self,
                                             gint64             patient_id,
                                             GError           **error);
GPtrArray  *lys_store_list_infusion_ratings (LysStore          *self,
                                             gint64             patient_id,
                                             GError           **error);
GPtrArray  *lys_store_list_infusions_given  (LysStore          *self,
                                             gint64             patient_id,
                                             GError           **error);
LysOutcomeChart *lys_store_load_outcome_chart (LysStore        *self,
                                             gint64             patient_id,
                                             GPtrArray         *ratings,
                                             GError           **error);
GPtrArray  *lys_store_list_follow_ups       (LysStore          *self,
                                             gint64             patient_id,
                                             const GDate       *today,
                                             guint              horizon_days,
                                             GError           **error);

/* The audit log */
gboolean    lys_store_verify_audit          (LysStore          *self,
                                             LysAuditCheck     *check,
                                             GError           **error);

gboolean    lys_store_backup                (LysStore          *self,
                                             const char        *target,
                                             LysBackupResult   *result,
                                             GError           **error);

gboolean    lys_store_backup_daily          (LysStore          *self,
                                             const char        *folder,
                                             guint              keep,
                                             gboolean          *written,
                                             GError           **error);
void        lys_store_backup_async          (LysStore          *self,
                                             const char        *target,
                                             GCancellable      *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer           user_data);
gboolean    lys_store_backup_finish         (LysStore          *self,
                                             GAsyncResult      *result,
                                             LysBackupResult   *backup,
                                             GError           **error);
void        lys_store_backup_daily_async    (LysStore          *self,
                                             const char        *folder,
                                             guint              keep,
                                             GCancellable      *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer           user_data);
gboolean    lys_store_backup_daily_finish   (LysStore          *self,
                                             GAsyncResult      *result,
                                             gboolean          *written,
                                             GError           **error);

GPtrArray  *lys_store_list_audit            (LysStore          *self,
                                             const LysAuditFilter *filter,
                                             guint              offset,
                                             guint              limit,
                                             guint             *total,
                                             GError           **error);
gboolean    lys_store_export_audit          (LysStore          *self,
                                             const LysAuditFilter *filter,
                                             const char        *path,
                                             guint             *n_rows,
                                             GError           **error);
void        lys_store_export_audit_async    (LysStore          *self,
                                             const LysAuditFilter *filter,
                                             const char        *path,
                                             GCancellable      *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer           user_data);
gboolean    lys_store_export_audit_finish   (LysStore          *self,
                                             GAsyncResult      *result,
                                             guint             *n_rows,
                                             GError           **error);
gint64      lys_store_count_altered_records (LysStore          *self,
                                             LysSignedKind     *first_kind,
                                             gint64            *first_id,
                                             GError           **error);
gboolean    lys_store_audit_search_results  (LysStore          *self,
                                             GArray            *patients,
                                             GError           **error);
GStrv       lys_store_list_audit_actions    (LysStore          *self,
                                             GError           **error);

/* Need-to-know access */
gboolean    lys_store_has_lead              (LysStore          *self);
gboolean    lys_store_is_lead               (LysStore          *self);
gboolean    lys_store_roles_set_on_server   (LysStore          *self);
gboolean    lys_store_admit_staff           (LysStore          *self,
                                             const char        *login,
                                             LysRole            role,
                                             const char        *password,
                                             GError           **error);
gboolean    lys_store_check_access          (LysStore          *self,
                                             gint64             patient_id,
                                             LysRecordPart      part,
                                             GError           **error);
gint64      lys_store_open_emergency_access (LysStore          *self,
                                             gint64             patient_id,
                                             const char        *reason,
                                             GError           **error);
GPtrArray  *lys_store_list_emergency_access (LysStore          *self,
                                             gboolean           unreviewed,
                                             GError           **error);
gboolean    lys_store_review_emergency_access (LysStore        *self,
                                             gint64             access_id,
                                             GError           **error);
gboolean    lys_store_assign                (LysStore          *self,
                                             gint64             patient_id,
                                             gint64             staff_id,
                                             GError           **error);
char       *lys_store_dup_assigned_names    (LysStore          *self,
                                             gint64             patient_id,
                                             GError           **error);
gboolean    lys_store_set_staff_role        (LysStore          *self,
                                             gint64             staff_id,
                                             LysRole            role,
                                             GError           **error);
gboolean    lys_store_set_lead              (LysStore          *self,
                                             gint64             staff_id,
                                             gboolean           lead,
                                             GError           **error);
gboolean    lys_store_set_kap_certification (LysStore          *self,
                                             gint64             staff_id,
                                             const char        *body,
                                             const GDate       *certified_on,
                                             const GDate       *expires_on,
                                             GError           **error);
GPtrArray  *lys_store_list_kap_renewals     (LysStore          *self,
                                             guint              days,
                                             GError           **error);

G_END_DECLS
