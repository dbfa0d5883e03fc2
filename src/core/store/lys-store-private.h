/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-db.h"

#include "lys-store.h"

G_BEGIN_DECLS

/* The store's state, for its parts (lys-store-PART.c); nothing outside
 * src/core/store reads it */
struct _LysStore
{
  GObject parent_instance;

  LysDb *db;
  gboolean protected;        /* lys_output_protect () has the path */
  gboolean opened;           /* checked, migrated and loaded */
  char *path;
  guint schema_version;
  gboolean demo;

  gint64 staff_id;
  char *staff_name;
  LysRole staff_role;
  gboolean roles_on_server;  /* the server's groups say who has which role */

  double settings[LYS_N_SETTINGS];
  GDateTime *clock;       /* a fixed "now" for tests, or NULL */

  GListStore *patients;   /* loaded on first use */
  gint64 busy_since;         /* when the lock now waited for was first refused */
  char *audit_key;           /* the id of the key new audit rows are linked with */
  LysDbStmt *audit_stmt;  /* the audit row's INSERT, prepared once */
  int integrity;             /* LysIntegrity; read by the authorizer */
  gboolean audit_key_new;    /* not the one the file names yet */
  guint reading;             /* read scopes open (lys_store_begin_read ()) */
  gboolean read_failed;      /* one of them failed: the outermost rolls back */

  /* On a server: what other workstations change (lys-store-live.c) */
  gboolean following;        /* listening to the server's announcements */
  gboolean connected;
  guint reconnect_id;        /* tries again while the server is away */
  guint back_id;             /* says so once it is back */
  GHashTable *held;          /* "KIND:ID" -> how many windows hold it here */
  /* What was heard and not yet handed on (lys-store-live.c), at most a
   * batch every HEARD_PAUSE_MS */
  GArray *heard_patients;
  GArray *heard_infusions;
  GArray *heard_held;
  gboolean heard_bookings;
  gint64 handed_on_at;       /* monotonic, the last batch */
  guint hand_on_id;
};

/* For the store's parts and the core's own bulk writers (demo seeding):
 * the store's connection, transactions and audit helpers. */

LysDb        *_lys_store_get_db     (LysStore    *self);
char         *_lys_column_dup       (LysDbStmt    *stmt,
                                     int           column);
GDateTime    *_lys_column_time      (LysDbStmt    *stmt,
                                     int           column);
char         *_lys_store_dup_role_refusal (LysStore   *self,
                                         const char *why);
gboolean      _lys_refuse_role      (LysStore    *self,
                                     GError     **error,
                                     const char  *why);
LysDb        *_lys_server_connect   (const char  *address,
                                     GError     **error);
gboolean      _lys_server_login_role (LysDb      *db,
                                      LysRole    *role,
                                      gboolean   *lead,
                                      GError    **error);
gboolean      _lys_server_prepare   (LysDb       *db,
                                     const char  *address,
                                     guint       *version,
                                     GError     **error);
void          _lys_server_learn_sizes (LysDb     *db);
gboolean      _lys_store_copy_server_to_file (const char  *address,
                                              const char  *file,
                                              GError     **error);
gboolean      lys_store_check_copy  (LysDb       *db,
                                     const char  *path,
                                     GError     **error);
gboolean      _lys_store_begin      (LysStore    *self,
                                     GError     **error);
gboolean      _lys_store_finish     (LysStore    *self,
                                     gboolean     ok,
                                     GError     **error);
LysDbStmt    *_lys_store_prepare    (LysStore    *self,
                                     const char  *sql,
                                     GError     **error);
gboolean      _lys_store_step_done  (LysStore    *self,
                                     LysDbStmt   *stmt,
                                     GError     **error);
gboolean      _lys_store_audit      (LysStore    *self,
                                     const char  *action,
                                     gint64       patient_id,
                                     const char  *object_type,
                                     gint64       object_id,
                                     const char  *detail,
                                     GError     **error);
/* The settings key of the clinic's name: the institution's, printed on
 * every consent form */
#define LYS_SETTING_CLINIC_NAME_KEY "clinic-name"

/* Whether the staff member of alias @staff holds a KAP certification on
 * @day (an SQL expression for a "YYYY-MM-DD"): certified, and not past
 * the last day it holds */
#define LYS_SQL_KAP_CERTIFIED_ON(staff, day) \
  "(" staff ".kap_certified = 1 AND (" staff ".kap_expires_on IS NULL OR " staff ".kap_expires_on >= " day "))"

/* The SHA-256 of what a signature covers, from migration 16's views:
 * KIND is "eligibility" or "discharge", ROW the signed row's table or
 * alias, e.g. LYS_SQL_SIGNED_SHA256 ("discharge", "infusions") */
#define LYS_SQL_SIGNED_SHA256(kind, row) \
  "(SELECT lys_sha256 (c.content) FROM " kind "_signed_content c WHERE c.id = " row ".id)"

/* A staff member as a task needs them, ?1 their id and ?2 the day
 * ("YYYY-MM-DD"): name, role, KAP-certified that day, active, and the last
 * day of a certification that had ended by then (or NULL). Checked with
 * _lys_store_check_task_row (). */
#define LYS_SQL_STAFF_FOR_TASK \
  "SELECT name, role, " LYS_SQL_KAP_CERTIFIED_ON ("staff", "?2") ", active, " \
  "CASE WHEN kap_certified = 1 AND kap_expires_on < ?2 THEN kap_expires_on END FROM staff WHERE id = ?1"
gboolean      _lys_store_check_task_row (LysDbStmt     *stmt,
                                         LysStaffTask   task,
                                         GError       **error);

typedef gpointer (*LysRowReader) (LysDbStmt *stmt);

GPtrArray    *_lys_store_collect    (LysStore       *self,
                                     LysDbStmt      *stmt,
                                     LysRowReader    read,
                                     GDestroyNotify  free_func,
                                     GError        **error);
GPtrArray    *_lys_store_collect_for (LysStore       *self,
                                       gint64          id,
                                       const char     *sql,
                                       LysRowReader    read,
                                       GDestroyNotify  free_func,
                                       GError        **error);
GArray       *_lys_store_collect_ids (LysStore      *self,
                                     LysDbStmt     *stmt,
                                     GError       **error);
GStrv         _lys_store_collect_texts (LysStore      *self,
                                        LysDbStmt     *stmt,
                                        GError       **error);
/* An infusion stopped short of the share of its dose that the clinic counts
 * towards the course, :count_share (bound by _lys_store_bind_count_share) */
#define LYS_STOPPED_SHORT_SQL(i) \
  "(" i ".stop_reason IS NOT NULL AND coalesce (" i ".given_mg, " i ".total_mg) < " i ".total_mg * :count_share - 1e-9)"
void          _lys_store_bind_count_share (LysStore     *self,
                                           LysDbStmt       *stmt);
guint         _lys_store_count_course_infusions (LysStore  *self,
                                             gint64     course_id,
                                             gint64     exclude_id,
                                             GError   **error);
GPtrArray    *_lys_store_list_course_starts (LysStore  *self,
                                             gint64     course_id,
                                             gint64     exclude_id,
                                             GError   **error);
gboolean      _lys_store_fail       (LysStore    *self,
                                     GError     **error);
char         *_lys_store_dup_now_text (LysStore  *self);
char         *_lys_store_dup_today    (LysStore  *self);
void          _lys_store_bind_today (LysStore     *self,
                                     LysDbStmt    *stmt,
                                     int           index);
gint64        _lys_store_step_id    (LysStore     *self,
                                     LysDbStmt    *stmt,
                                     GError      **error);
const double *_lys_store_get_settings (LysStore  *self);
/* The patients whose clinical record :staff may see at :now under
 * need-to-know: assigned, holding their sessions, in an emergency, or, for
 * :treatment = 1 (physicians and nurses), in treatment since :since */
#define LYS_ACCESSIBLE_PATIENTS_SQL \
  "SELECT patient_id FROM assignments WHERE staff_id = :staff " \
  "UNION SELECT ap.patient_id FROM appointment_patients ap JOIN appointment_staff s " \
  "  ON s.appointment_id = ap.appointment_id JOIN appointments a ON a.id = ap.appointment_id " \
  "  WHERE s.staff_id = :staff AND a.state IN ('planned', 'done') " \
  "    AND a.starts_at >= :since AND a.starts_at <= :ahead " \
  "UNION SELECT patient_id FROM emergency_access WHERE staff_id = :staff AND expires_at > :now " \
  "UNION SELECT patient_id FROM courses WHERE :treatment = 1 " \
  "  AND (phase IN ('preparation', 'induction', 'maintenance') OR ended_on >= :since)"

void          _lys_store_bind_access (LysStore     *self,
                                      LysDbStmt    *stmt);
void          _lys_access_bind       (LysDbStmt    *stmt,
                                      gint64        staff_id,
                                      gboolean      treatment,
                                      GDateTime    *now);
gboolean      _lys_store_check_lead  (LysStore    *self,
                                      const char  *what,
                                      GError     **error);
gboolean      _lys_store_current_course (LysStore   *self,
                                         gint64      patient_id,
                                         gint64     *course_id,
                                         LysPhase   *phase,
                                         gboolean   *induction,
                                         GError    **error);
gboolean      _lys_store_check_preparing (LysPhase   phase,
                                          GError   **error);
void          _lys_store_bookings_changed (LysStore *self);
void          _lys_store_setting_changed (LysStore   *self,
                                          LysSetting  setting);
gboolean      _lys_store_load_settings (LysStore  *self,
                                        GError   **error);
gboolean      _lys_store_load_current_staff (LysStore  *self,
                                             GError   **error);
typedef gboolean (*LysWork)  (gpointer       data,
                              GCancellable  *cancellable,
                              GError       **error);
typedef gboolean (*LysAfter) (gpointer   source,
                              gpointer   data,
                              gboolean   worked,
                              GError   **error);
void          _lys_run_in_thread     (GTask       *task,
                                      LysWork      work,
                                      LysAfter     after);
typedef enum
{
  LYS_READER_SNAPSHOT,   /* one snapshot until closed */
  LYS_READER_SEARCH,     /* each statement its own, the notes' search registered */
} LysReaderKind;
LysDb        *_lys_open_reader       (const char     *path,
                                     LysReaderKind   kind,
                                     GError        **error);
void          _lys_close_reader      (LysDb     *db);
void          _lys_store_write_anchor (LysStore *self);
void          _lys_store_set_integrity (LysStore     *self,
                                        LysIntegrity  integrity);
void          _lys_store_note_checked  (LysStore     *self);
gboolean      _lys_store_refuse_change (LysStore     *self,
                                        GError      **error);
void          _lys_store_write_backup_anchor (LysStore              *self,
                                              const char            *backup,
                                              const LysBackupResult *result);
void          _lys_store_infusion_changed (LysStore *self,
                                           gint64    infusion_id);
void          _lys_store_connection_changed (LysStore *self);
void          _lys_store_holders_changed (LysStore *self,
                                          LysHeld   kind,
                                          gint64    id);
/* lys-store-live.c */
void          _lys_store_unfollow_server (LysStore  *self);
void          _lys_store_follow_revived  (LysStore  *self);
void          _lys_store_follow_patient  (LysStore  *self,
                                          gint64     patient_id);
void          _lys_store_set_roles_on_server (LysStore *self,
                                              gboolean  on_server);
void          _lys_store_set_clock  (LysStore    *self,
                                     GDateTime   *now);
gboolean      _lys_store_ensure_consent_forms (LysStore  *self,
                                               GError   **error);
gboolean      _lys_store_ensure_note_templates (LysStore  *self,
                                                GError   **error);
gboolean      _lys_store_check_consent_not_withdrawn (LysStore  *self,
                                                      gint64     patient_id,
                                                      GError   **error);
gboolean      _lys_store_has_patients (LysStore *self);
void          _lys_store_set_demo    (LysStore *self);
void          _lys_store_reload_patients (LysStore *self);
void          _lys_store_patient_changed (LysStore *self,
                                          gint64    patient_id,
                                          int       phase);
gboolean      _lys_store_insert_patient (LysStore                *self,
                                         LysPatient              *patient,
                                         const LysNationalIdInfo *info,
                                         const char              *detail,
                                         GError                 **error);


G_END_DECLS
