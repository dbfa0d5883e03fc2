/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-registry-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "lys-i18n.h"
#include <glib/gstdio.h>

#include "lys-eligibility.h"
#include "lys-error.h"
#include "lys-fhir.h"
#include "lys-output-file.h"
#include "lys-registry-export.h"
#include "lys-schema-check.h"
#include "lys-sha256.h"
#include "lys-store-private.h"
#include "lys-text.h"
#include "lys-time.h"

/* The registry export: the follow-up data of the patients who have not
 * opted out, as one FHIR R4 Bundle. It reads on a connection of its own,
 * in one read transaction, so that it can run in a worker thread while the
 * clinic works; it streams the Bundle to a temporary file beside the target
 * (owner-only), checks it against the schema of what Lysning writes (and
 * HL7's own, when LYSNING_FHIR_SCHEMA names it), and only then renames it
 * into place. A failed or cancelled export leaves nothing behind. Each
 * export is logged with its counts and checksum. */

#define REGISTRY_KEY "registry-key"
#define SCHEMA_RESOURCE RESOURCE_PATH "/fhir/lysning-registry.xsd"

struct _LysRegistryExport
{
  GObject parent_instance;

  LysStore *store;              /* used on the main thread only */
  char *path;                   /* the database */
  char *clinic_uid;
  char *key;                    /* for pseudonyms */
  char *from;                   /* "YYYY-MM-DD" */
  char *to;
  char *until;                  /* the end of the last day */
  LysExportCourses courses;
  gboolean identified;
  LysInstitution *institution;  /* as the settings had it when made */
};

G_DEFINE_FINAL_TYPE (LysRegistryExport, lys_registry_export, G_TYPE_OBJECT)

static const char *course_labels[LYS_N_EXPORT_COURSES] = {
  /* Translators: which courses a registry export holds */
  N_("All courses"),
  N_("Induction courses"),
  N_("Maintenance courses"),
};

const char *
lys_export_courses_get_label (LysExportCourses courses)
{
  g_return_val_if_fail (courses < LYS_N_EXPORT_COURSES, NULL);
  return _(course_labels[courses]);
}

/* The courses exported: of the kind asked for (:kind, or NULL for any),
 * and running at some time in the period from the day :first to the day
 * :last. ?1 is the patient, the course or the infusion a query is for */
#define COURSE_FILTER \
  "(CAST (:kind AS TEXT) IS NULL OR c.kind = :kind) AND c.started_on <= :last AND (c.ended_on IS NULL OR c.ended_on >= :first)"

/* The infusions exported: given in the period (:until, the end of its
 * last day), in an exported course */
#define INFUSION_FILTER \
  "i.started_at IS NOT NULL AND i.started_at >= :first AND i.started_at <= :until"

static const char *
kind_nick (LysRegistryExport *self)
{
  switch (self->courses)
    {
    case LYS_EXPORT_INDUCTION_COURSES:
      return "induction";
    case LYS_EXPORT_MAINTENANCE_COURSES:
      return "maintenance";
    case LYS_EXPORT_ALL_COURSES:
    case LYS_N_EXPORT_COURSES:
    default:
      return NULL;
    }
}

static gboolean
read_failed (LysDb   *db,
             GError **error)
{
  g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED, _("The clinic database could not be read for the export: %s"),
               lys_db_get_message (db));
  return FALSE;
}

static void
bind_named (LysDbStmt    *stmt,
            const char   *name,
            const char   *value)
{
  int index = lys_db_param_index (stmt, name);

  if (index > 0)
    lys_db_bind_text (stmt, index, value);
}

/* Binds what the queries of the export share: the period and the kind */
static LysDbStmt *
prepare (LysRegistryExport  *self,
         LysDb              *db,
         const char         *sql,
         GError            **error)
{
  LysDbStmt *stmt = lys_db_prepare (db, sql, NULL);

  if (stmt == NULL)
    {
      read_failed (db, error);
      return NULL;
    }
  bind_named (stmt, ":kind", kind_nick (self));
  bind_named (stmt, ":first", self->from);
  bind_named (stmt, ":last", self->to);
  bind_named (stmt, ":until", self->until);
  return stmt;
}

static LysDb *
open_db (LysRegistryExport  *self,
         GError            **error)
{
  return _lys_open_reader (self->path, LYS_READER_SNAPSHOT, error);
}

static void
lys_registry_export_finalize (GObject *object)
{
  LysRegistryExport *self = (LysRegistryExport *) object;

  g_clear_object (&self->store);
  g_free (self->path);
  g_free (self->clinic_uid);
  g_free (self->key);
  g_free (self->from);
  g_free (self->to);
  g_free (self->until);
  g_clear_pointer (&self->institution, lys_institution_free);

  G_OBJECT_CLASS (lys_registry_export_parent_class)->finalize (object);
}

static void
lys_registry_export_class_init (LysRegistryExportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lys_registry_export_finalize;
}

static void
lys_registry_export_init (LysRegistryExport *self)
{
}

/* The clinic's identifier, and its key for pseudonyms: both made by the
 * migrations, never exported */
static char *
dup_meta (LysStore    *store,
          const char  *key,
          GError     **error)
{
  g_autoptr(LysDbStmt) stmt = _lys_store_prepare (store, "SELECT value FROM meta WHERE key = ?1", error);

  if (stmt == NULL)
    return NULL;
  lys_db_bind_text (stmt, 1, key);
  if (lys_db_step (stmt) == LYS_DB_ROW)
    return _lys_column_dup (stmt, 0);

  lys_refuse (error, LYS_ERROR_CORRUPT, _("The clinic database has no clinic identifier."));
  return NULL;
}

/**
 * lys_export_summary_dup_unwritable:
 *
 * Returns: (transfer full) (nullable): the patients an identified export
 *   left out because their name or number could not be written, in a
 *   sentence; %NULL when there were none
 */
char *
lys_export_summary_dup_unwritable (const LysExportSummary *summary)
{
  g_autofree char *first = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  if (summary->unwritable == 0)
    return NULL;
  first = g_strdup_printf ("%" G_GINT64_FORMAT, summary->first_unwritable);
  /* Translators: %1$u is how many patients, %2$s the number of the first in Lysning */
  return g_strdup_printf (ngettext ("%1$u patient was left out: the name or identity number holds characters that "
                                   "cannot be sent (patient number %2$s). Correct it in Lysning and export again.",
                                   "%1$u patients were left out: their names or identity numbers hold characters that "
                                   "cannot be sent (the first is patient number %2$s). Correct them in Lysning and "
                                   "export again.", summary->unwritable),
                          summary->unwritable, first);
}

/**
 * lys_registry_export_check_role:
 *
 * Whether the acting profile may make a registry export: a clinician's,
 * and once the clinic has a lead, the lead's: it holds every patient's
 * follow-up data.
 */
gboolean
lys_registry_export_check_role (LysStore  *store,
                                GError   **error)
{
  g_return_val_if_fail (LYS_IS_STORE (store), FALSE);

  if (lys_store_get_current_role (store) != LYS_ROLE_COORDINATOR)
    return _lys_store_check_lead (store, _("make the registry export"), error);
  return _lys_refuse_role (store, error,
                           _("The registry export holds clinical data: a physician, nurse or psychologist makes it."));
}

/**
 * lys_registry_export_new:
 *
 * An export of @store's data as @options choose. Made on the main thread;
 * it runs on any.
 *
 * Returns: (transfer full): the export, or %NULL with an error
 */
LysRegistryExport *
lys_registry_export_new (LysStore                *store,
                         const LysExportOptions  *options,
                         GError                 **error)
{
  g_autoptr(LysRegistryExport) self = NULL;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL && options->courses < LYS_N_EXPORT_COURSES, NULL);

  if (!lys_registry_export_check_role (store, error))
    return NULL;
  if (options->from != NULL && options->to != NULL && strcmp (options->from, options->to) > 0)
    {
      lys_refuse (error, LYS_ERROR_INVALID, _("The period ends before it starts. Swap the dates."));
      return NULL;
    }

  self = g_object_new (LYS_TYPE_REGISTRY_EXPORT, NULL);
  self->store = g_object_ref (store);
  self->path = g_strdup (lys_store_get_path (store));
  self->institution = lys_store_dup_institution (store);
  self->clinic_uid = dup_meta (store, "clinic-uid", error);
  if (self->clinic_uid == NULL || (self->key = dup_meta (store, REGISTRY_KEY, error)) == NULL)
    return NULL;
  self->from = g_strdup (options->from ? options->from : "0001-01-01");
  self->to = g_strdup (options->to ? options->to : "9999-12-31");
  self->until = g_strconcat (self->to, " 23:59:59", NULL);
  self->courses = options->courses;
  self->identified = options->identified;
  return g_steal_pointer (&self);
}

static gboolean
count_one (LysRegistryExport  *self,
           LysDb              *db,
           const char         *sql,
           guint              *count,
           GError            **error)
{
  g_autoptr(LysDbStmt) stmt = prepare (self, db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return read_failed (db, error);
  *count = (guint) lys_db_column_int64 (stmt, 0);
  return TRUE;
}

#define PATIENTS_IN(opt_out) \
  "FROM patients p WHERE p.registry_opt_out = " opt_out " AND EXISTS " \
  "(SELECT 1 FROM courses c WHERE c.patient_id = p.id AND " COURSE_FILTER ")"
#define COURSES_IN \
  "FROM courses c JOIN patients p ON p.id = c.patient_id WHERE p.registry_opt_out = 0 AND " COURSE_FILTER
#define INFUSIONS_IN \
  "FROM infusions i JOIN appointments a ON a.id = i.appointment_id JOIN courses c ON c.id = a.course_id " \
  "JOIN patients p ON p.id = c.patient_id WHERE p.registry_opt_out = 0 AND " COURSE_FILTER " AND " INFUSION_FILTER

/**
 * lys_registry_export_count:
 * @summary: (out caller-allocates): what the export will hold
 *
 * Counts what an export would hold, for the summary shown before it is
 * written: quick, on a connection of its own.
 */
gboolean
lys_registry_export_count (LysRegistryExport  *self,
                           LysExportSummary   *summary,
                           GError            **error)
{
  g_autoptr(LysDb) db = NULL;
  guint ratings = 0, peaks = 0, trials = 0;

  g_return_val_if_fail (LYS_IS_REGISTRY_EXPORT (self), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  memset (summary, 0, sizeof *summary);
  db = open_db (self, error);
  if (db == NULL)
    return FALSE;

  return count_one (self, db, "SELECT count (*) " PATIENTS_IN ("0") "", &summary->patients, error) &&
         count_one (self, db, "SELECT count (*) " PATIENTS_IN ("1") "", &summary->left_out, error) &&
         count_one (self, db, "SELECT count (*) " COURSES_IN "", &summary->courses, error) &&
         count_one (self, db, "SELECT count (*) " INFUSIONS_IN "", &summary->infusions, error) &&
         count_one (self, db, "SELECT count (*) FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
                              "JOIN courses c ON c.id = a.course_id JOIN patients p ON p.id = c.patient_id "
                              "WHERE p.registry_opt_out = 0 AND " COURSE_FILTER " AND " INFUSION_FILTER
                              " AND EXISTS (SELECT 1 FROM vitals WHERE infusion_id = i.id)", &peaks, error) &&
         count_one (self, db, "SELECT count (*) FROM adverse_events e JOIN infusions i ON i.id = e.infusion_id "
                              "JOIN appointments a ON a.id = i.appointment_id JOIN courses c ON c.id = a.course_id "
                              "JOIN patients p ON p.id = c.patient_id WHERE p.registry_opt_out = 0 AND " COURSE_FILTER
                              " AND " INFUSION_FILTER "", &summary->adverse_events, error) &&
         count_one (self, db, "SELECT count (*) FROM ratings r JOIN patients p ON p.id = r.patient_id "
                              "WHERE p.registry_opt_out = 0 AND r.complete = 1 AND r.rated_at >= :first AND r.rated_at <= :until AND EXISTS "
                              "(SELECT 1 FROM courses c WHERE c.patient_id = p.id AND " COURSE_FILTER ")",
                    &ratings, error) &&
         count_one (self, db, "SELECT count (*) " COURSES_IN " AND EXISTS (SELECT 1 FROM eligibility e "
                              "WHERE e.course_id = c.id AND e.status = 'signed')", &trials, error) &&
         count_one (self, db, "SELECT count (*) FROM consents k JOIN patients p ON p.id = k.patient_id "
                              "WHERE k.signed_on <= :last AND p.registry_opt_out = 0 AND EXISTS "
                              "(SELECT 1 FROM courses c WHERE c.patient_id = p.id AND " COURSE_FILTER ")",
                    &summary->consents, error) &&
         ((summary->observations = ratings + peaks + trials), TRUE);
}

/* Writing */

/* A query read alongside another, in step: its rows grouped by a key in
 * column 0, in the other's order */
typedef struct
{
  LysDbStmt *stmt;
  int rc;
} Cursor;

static gboolean
cursor_start (Cursor    *cursor,
              LysDbStmt *stmt)
{
  cursor->stmt = stmt;
  cursor->rc = stmt != NULL ? lys_db_step (stmt) : LYS_DB_ERROR;
  return stmt != NULL;
}

/* Whether the row at hand belongs to @key; rows of keys before it (a
 * patient left out) are passed over */
static gboolean
cursor_at (Cursor *cursor,
           gint64  key)
{
  while (cursor->rc == LYS_DB_ROW && lys_db_column_int64 (cursor->stmt, 0) < key)
    cursor->rc = lys_db_step (cursor->stmt);
  return cursor->rc == LYS_DB_ROW && lys_db_column_int64 (cursor->stmt, 0) == key;
}

/* Whether the row at hand belongs to @key, keys in no order of their own:
 * a course's rows, read in the order the courses are */
static gboolean
cursor_on (Cursor *cursor,
           gint64  key)
{
  return cursor->rc == LYS_DB_ROW && lys_db_column_int64 (cursor->stmt, 0) == key;
}

static void
cursor_next (Cursor *cursor)
{
  cursor->rc = lys_db_step (cursor->stmt);
}

static gboolean
cursor_failed (Cursor *cursor)
{
  return cursor->rc != LYS_DB_ROW && cursor->rc != LYS_DB_DONE;
}

static void
cursor_clear (Cursor *cursor)
{
  g_clear_pointer (&cursor->stmt, lys_db_stmt_free);
}

typedef struct
{
  LysRegistryExport *self;
  LysDb *db;
  LysFhirWriter *writer;
  LysExportSummary *summary;
  /* Each kind of record in one query for the whole export, in the order
   * it is written, its first column the patient's id or the course's:
   * read alongside the patients, not queried again for each */
  Cursor courses;
  Cursor infusions;
  Cursor adverse;
  Cursor trials;
  Cursor ratings;
  Cursor consents;
  GHashTable *infusion_urls;     /* the patient's exported infusions: id -> full URL */
  GArray *exported;              /* the patients written, for the audit log */
} Job;

/* Free text (a reason for stopping, what an adverse event was like) and
 * the staff's HPR numbers go into an identified export only: in a
 * pseudonymised one they could name the patient or the clinician */
/* The one institution every course of the file is managed by */
#define ORGANIZATION_ID 1

static const char *
identified_only (Job        *job,
                 const char *text)
{
  return job->self->identified ? text : NULL;
}

static char *
url_of (Job        *job,
        const char *kind,
        gint64      id)
{
  return lys_fhir_uuid (job->self->clinic_uid, kind, id);
}

static char *
staff_url (Job          *job,
           LysDbStmt    *stmt,
           int           column)
{
  if (lys_db_column_is_null (stmt, column))
    return NULL;
  return url_of (job, "practitioner", lys_db_column_int64 (stmt, column));
}

#define TEXT(stmt, column) (lys_db_column_text ((stmt), (column)))

static gboolean
write_organization (Job *job)
{
  const LysInstitution *institution = job->self->institution;
  g_autofree char *url = url_of (job, "organization", ORGANIZATION_ID);
  LysFhirOrganization organization = {
    institution->name, lys_institution_kind_to_nick (institution->kind),
    institution->organisation_number, institution->resh_id,
  };

  return lys_fhir_write_organization (job->writer, url, &organization);
}

static gboolean
write_practitioners (Job     *job,
                     GError **error)
{
  g_autoptr(LysDbStmt) stmt = prepare (job->self, job->db,
                                          "SELECT id, hpr_number, name, active FROM staff WHERE role IN "
                                          "('physician', 'nurse', 'psychologist') ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      g_autofree char *url = url_of (job, "practitioner", lys_db_column_int64 (stmt, 0));
      LysFhirPractitioner practitioner = {
        identified_only (job, TEXT (stmt, 1)), identified_only (job, TEXT (stmt, 2)), lys_db_column_int (stmt, 3) != 0,
      };

      if (!lys_fhir_write_practitioner (job->writer, url, &practitioner))
        return FALSE;
    }

  return rc == LYS_DB_DONE || read_failed (job->db, error);
}

static const char *
episode_status (const char *phase)
{
  if (g_strcmp0 (phase, "preparation") == 0)
    return "planned";
  if (g_strcmp0 (phase, "induction") == 0 || g_strcmp0 (phase, "maintenance") == 0)
    return "active";
  return "finished";
}

static const char *
infusion_status (const char *status,
                 const char *stop_reason)
{
  if (g_strcmp0 (status, "running") == 0 || g_strcmp0 (status, "paused") == 0)
    return "in-progress";
  return stop_reason != NULL ? "stopped" : "completed";
}

static gboolean
write_infusions (Job         *job,
                 gint64       course,
                 const char  *patient,
                 const char  *episode,
                 const char  *indication,
                 GError     **error)
{
  Cursor *infusions = &job->infusions;

  for (; cursor_on (infusions, course); cursor_next (infusions))
    {
      LysDbStmt *row = infusions->stmt;
      gint64 id = lys_db_column_int64 (row, 1);
      char *url = url_of (job, "infusion", id);
      g_autofree char *giver = staff_url (job, row, 10);
      g_autofree char *psychologist = staff_url (job, row, 11);
      LysFhirInfusion infusion = {
        .patient = patient, .episode = episode,
        .status = infusion_status (TEXT (row, 2), TEXT (row, 9)),
        .stop_reason = identified_only (job, TEXT (row, 9)), .started_at = TEXT (row, 7), .ended_at = TEXT (row, 8),
        .giver = giver, .psychologist = psychologist,
        .weight_kg = lys_db_column_double (row, 3), .mg_per_kg = lys_db_column_double (row, 4),
        .total_mg = lys_db_column_double (row, 5), .given_mg = lys_db_column_double (row, 12),
        .minutes = (guint) lys_db_column_int (row, 6),
        .indication = indication, .lot_number = TEXT (row, 13),
      };

      g_hash_table_insert (job->infusion_urls, g_memdup2 (&id, sizeof id), url);
      if (!lys_fhir_write_infusion (job->writer, url, &infusion))
        return FALSE;
      job->summary->infusions++;

      /* The extremes of its vital signs, when it has readings (each has
       * all four values) */
      if (!lys_db_column_is_null (row, 14))
        {
          g_autofree char *extremes_url = url_of (job, "peak-pressure", id);
          gint64 packed = lys_db_column_int64 (row, 14);
          int pressure = (int) (packed / 1000000);
          LysFhirVitalsExtremes extremes = {
            patient, url, TEXT (row, 7), TEXT (row, 8), pressure / 1000, pressure % 1000,
            (int) (packed / 1000 % 1000), (int) (packed % 1000),
          };

          if (!lys_fhir_write_vitals_extremes (job->writer, extremes_url, &extremes))
            return FALSE;
          job->summary->observations++;
        }

      for (Cursor *adverse = &job->adverse;
           cursor_on (adverse, course) && lys_db_column_int64 (adverse->stmt, 1) == id;
           cursor_next (adverse))
        {
          LysDbStmt *event_row = adverse->stmt;
          g_autofree char *event_url = url_of (job, "adverse-event", lys_db_column_int64 (event_row, 2));
          LysFhirAdverseEvent event = {
            patient, url, TEXT (event_row, 3), identified_only (job, TEXT (event_row, 4)), TEXT (event_row, 5),
            TEXT (event_row, 6), TEXT (event_row, 7),
          };

          if (!lys_fhir_write_adverse_event (job->writer, event_url, &event))
            return FALSE;
          job->summary->adverse_events++;
        }
      if (cursor_failed (&job->adverse))
        return read_failed (job->db, error);
    }

  return !cursor_failed (infusions) || read_failed (job->db, error);
}

/* Adequate antidepressant trials without response, as the eligibility
 * assessment signed for the course counted them */
static gboolean
write_prior_trials (Job         *job,
                    gint64       course,
                    const char  *patient,
                    GError     **error)
{
  Cursor *trials = &job->trials;
  g_autofree char *signed_at = NULL;
  gboolean found = FALSE;
  guint failed = 0;

  for (; cursor_on (trials, course); cursor_next (trials))
    {
      LysTrial trial = { 0 };

      found = TRUE;
      if (signed_at == NULL)
        signed_at = g_strdup (TEXT (trials->stmt, 1));
      if (lys_db_column_is_null (trials->stmt, 2))
        continue;
      trial.therapeutic_dose = lys_db_column_int (trials->stmt, 2) != 0;
      trial.weeks = (guint) lys_db_column_int (trials->stmt, 3);
      lys_trial_outcome_from_nick (TEXT (trials->stmt, 4), &trial.outcome);
      failed += lys_trial_is_failed (&trial);
    }
  if (cursor_failed (trials))
    return read_failed (job->db, error);

  if (found)
    {
      g_autofree char *url = url_of (job, "prior-trials", course);
      LysFhirRating rating = { patient, NULL, "prior-trials", NULL, signed_at, (int) failed };

      if (!lys_fhir_write_rating (job->writer, url, &rating))
        return FALSE;
      job->summary->observations++;
    }

  return TRUE;
}

/* A patient left out: the rows of their courses passed over, so that the
 * next patient's are at hand (ratings and consents, by patient, are passed
 * over by cursor_at ()) */
static void
pass_over_patient (Job    *job,
                   gint64  patient)
{
  for (; cursor_at (&job->courses, patient); cursor_next (&job->courses))
    {
      gint64 course = lys_db_column_int64 (job->courses.stmt, 1);

      for (; cursor_on (&job->infusions, course); cursor_next (&job->infusions))
        ;
      for (; cursor_on (&job->adverse, course); cursor_next (&job->adverse))
        ;
      for (; cursor_on (&job->trials, course); cursor_next (&job->trials))
        ;
    }
}

static gboolean
writable (const char *text)
{
  return text == NULL || lys_text_is_plain (text);
}

static gboolean
write_patient (Job          *job,
               LysDbStmt    *row,
               GError      **error)
{
  LysRegistryExport *self = job->self;
  gint64 id = lys_db_column_int64 (row, 0);
  g_autofree char *patient_url = url_of (job, "patient", id);
  g_autofree char *condition_url = NULL;
  g_autofree char *pseudonym = NULL;
  g_autofree char *pseudonym_system = NULL;
  g_autofree char *birth_year = NULL;
  const char *id_kind = TEXT (row, 2);
  LysFhirPatient patient = { 0 };

  g_hash_table_remove_all (job->infusion_urls);

  /* A name or number with a control character in it (put there past
   * Lysning's checks) cannot be sent as it is, nor changed: that patient
   * is left out and named by number, the others are exported */
  if (self->identified &&
      (!writable (TEXT (row, 1)) || !writable (TEXT (row, 3)) || !writable (TEXT (row, 4))))
    {
      if (job->summary->unwritable++ == 0)
        job->summary->first_unwritable = id;
      pass_over_patient (job, id);
      return TRUE;
    }

  if (self->identified)
    {
      patient.system = g_strcmp0 (id_kind, "dnr") == 0 ? LYS_FHIR_SYSTEM_DNR
                       : g_strcmp0 (id_kind, "hnr") == 0 ? LYS_FHIR_SYSTEM_HNR : LYS_FHIR_SYSTEM_FNR;
      patient.value = TEXT (row, 1);
      patient.family_name = TEXT (row, 4);
      patient.given_name = TEXT (row, 3);
      patient.birth_date = TEXT (row, 5);
    }
  else
    {
      /* The same pseudonym in every export of the clinic; the birth year only */
      pseudonym = lys_fhir_pseudonym (self->key, TEXT (row, 1));
      /* The clinic's own namespace for them */
      pseudonym_system = lys_fhir_uuid_for_name (self->clinic_uid, "pseudonym", "system");
      patient.system = pseudonym_system;
      patient.value = pseudonym;
      birth_year = g_strndup (TEXT (row, 5), 4);
      patient.birth_date = birth_year;
    }
  patient.gender = TEXT (row, 6);
  if (!lys_fhir_write_patient (job->writer, patient_url, &patient))
    return FALSE;
  job->summary->patients++;
  g_array_append_val (job->exported, id);

  if (!lys_db_column_is_null (row, 7))
    {
      LysFhirCondition condition = { patient_url, TEXT (row, 7) };

      condition_url = url_of (job, "condition", id);
      if (!lys_fhir_write_condition (job->writer, condition_url, &condition))
        return FALSE;
    }

  for (Cursor *courses = &job->courses; cursor_at (courses, id); cursor_next (courses))
    {
      LysDbStmt *course_row = courses->stmt;
      gint64 course = lys_db_column_int64 (course_row, 1);
      g_autofree char *episode_url = url_of (job, "course", course);
      g_autofree char *organization_url = url_of (job, "organization", ORGANIZATION_ID);
      LysFhirEpisode episode = {
        patient_url, condition_url, episode_status (TEXT (course_row, 3)), TEXT (course_row, 2),
        identified_only (job, TEXT (course_row, 4)), TEXT (course_row, 5), TEXT (course_row, 6),
        organization_url,
        /* Earlier ECT, as the signed eligibility assessment has it */
        TEXT (course_row, 8),
        TEXT (course_row, 7),
      };

      if (!lys_fhir_write_episode (job->writer, episode_url, &episode) ||
          !write_infusions (job, course, patient_url, episode_url, TEXT (row, 8), error) ||
          !write_prior_trials (job, course, patient_url, error))
        return FALSE;
      job->summary->courses++;
    }
  if (cursor_failed (&job->courses))
    return read_failed (job->db, error);

  for (Cursor *ratings = &job->ratings; cursor_at (ratings, id); cursor_next (ratings))
    {
      LysDbStmt *rating_row = ratings->stmt;
      gint64 infusion = lys_db_column_int64 (rating_row, 6);
      g_autofree char *url = url_of (job, "rating", lys_db_column_int64 (rating_row, 1));
      LysFhirRating rating = {
        patient_url, infusion != 0 ? g_hash_table_lookup (job->infusion_urls, &infusion) : NULL,
        TEXT (rating_row, 2), TEXT (rating_row, 3), TEXT (rating_row, 4), lys_db_column_int (rating_row, 5),
      };

      if (!lys_fhir_write_rating (job->writer, url, &rating))
        return FALSE;
      job->summary->observations++;
    }
  if (cursor_failed (&job->ratings))
    return read_failed (job->db, error);

  for (Cursor *consents = &job->consents; cursor_at (consents, id); cursor_next (consents))
    {
      LysDbStmt *consent_row = consents->stmt;
      g_autofree char *url = url_of (job, "consent", lys_db_column_int64 (consent_row, 1));
      g_autofree char *form_name = g_strdup_printf ("%s/%s", TEXT (consent_row, 2), TEXT (consent_row, 3));
      g_autofree char *form = lys_fhir_uuid_for_name (job->self->clinic_uid, "consent-form", form_name);
      g_autofree char *organization = url_of (job, "organization", ORGANIZATION_ID);
      LysFhirConsent consent = {
        patient_url, TEXT (consent_row, 4), TEXT (consent_row, 5),
        TEXT (consent_row, 2), TEXT (consent_row, 3), form, organization,
      };

      if (!lys_fhir_write_consent (job->writer, url, &consent))
        return FALSE;
      job->summary->consents++;
    }

  return !cursor_failed (&job->consents) || read_failed (job->db, error);
}

static void
job_clear (Job *job)
{
  cursor_clear (&job->courses);
  cursor_clear (&job->infusions);
  cursor_clear (&job->adverse);
  cursor_clear (&job->trials);
  cursor_clear (&job->ratings);
  cursor_clear (&job->consents);
  g_clear_pointer (&job->infusion_urls, g_hash_table_unref);
}

/* The courses exported, in the order they are written (by patient, then
 * as each patient's are), the outer loop of every query that reads what
 * they hold: SQLite keeps a CROSS JOIN's order, and so hands rows over as
 * it finds them, sorting a patient's at a time, while the file is written
 * and checked; PostgreSQL plans it as any join */
#define EXPORTED_COURSES \
  "FROM courses c CROSS JOIN patients p "
#define EXPORTED_COURSES_WHERE \
  "p.id = c.patient_id AND p.registry_opt_out = 0 AND " COURSE_FILTER
#define EXPORTED_COURSES_ORDER \
  "c.patient_id, c.started_on, c.id"

static gboolean
prepare_job (Job     *job,
             GError **error)
{
  LysRegistryExport *self = job->self;

  job->infusion_urls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  return cursor_start (&job->courses, prepare (self, job->db,
           "SELECT c.patient_id, c.id, c.kind, c.phase, c.stop_reason, c.started_on, c.ended_on, c.stop_code, "
           "  (SELECT g.ect_history FROM eligibility g WHERE g.course_id = c.id AND g.status = 'signed' "
           "   ORDER BY g.id LIMIT 1) "
           EXPORTED_COURSES "WHERE " EXPORTED_COURSES_WHERE " ORDER BY " EXPORTED_COURSES_ORDER, error)) &&
         cursor_start (&job->infusions, prepare (self, job->db,
           "SELECT c.id, i.id, i.status, i.weight_kg, i.dose_mg_per_kg, i.total_mg, i.duration_minutes, "
           "  i.started_at, i.ended_at, i.stop_reason, i.given_by, i.psychologist_id, "
           "  coalesce (i.given_mg, i.total_mg), i.lot_number, "
           /* The extremes of its vital signs in one pass over its readings,
            * as one number: the highest pressure (the systolic's thousands
            * before the diastolic), the highest pulse, the lowest SpO2 */
           "  (SELECT CAST (max (v.systolic * 1000 + v.diastolic) AS BIGINT) * 1000000 "
           "     + max (v.heart_rate) * 1000 + min (v.spo2) FROM vitals v WHERE v.infusion_id = i.id) "
           EXPORTED_COURSES "CROSS JOIN appointments a CROSS JOIN infusions i "
           "WHERE " EXPORTED_COURSES_WHERE " AND a.course_id = c.id AND i.appointment_id = a.id AND " INFUSION_FILTER
           " ORDER BY " EXPORTED_COURSES_ORDER ", i.started_at, i.id", error)) &&
         cursor_start (&job->adverse, prepare (self, job->db,
           "SELECT c.id, i.id, ae.id, ae.kind, ae.description, ae.severity, ae.action, ae.noted_at "
           EXPORTED_COURSES "CROSS JOIN appointments a CROSS JOIN infusions i CROSS JOIN adverse_events ae "
           "WHERE " EXPORTED_COURSES_WHERE " AND a.course_id = c.id AND i.appointment_id = a.id "
           "AND ae.infusion_id = i.id AND " INFUSION_FILTER
           " ORDER BY " EXPORTED_COURSES_ORDER ", i.started_at, i.id, ae.noted_at, ae.id", error)) &&
         cursor_start (&job->trials, prepare (self, job->db,
           "SELECT c.id, g.signed_at, t.therapeutic_dose, t.weeks, t.outcome "
           EXPORTED_COURSES "CROSS JOIN eligibility g LEFT JOIN antidepressant_trials t ON t.eligibility_id = g.id "
           "WHERE " EXPORTED_COURSES_WHERE " AND g.course_id = c.id AND g.status = 'signed' "
           "ORDER BY " EXPORTED_COURSES_ORDER ", g.id, t.position", error)) &&
         cursor_start (&job->ratings, prepare (self, job->db,
           "SELECT r.patient_id, r.id, r.scale, r.timepoint, r.rated_at, r.total, r.infusion_id FROM ratings r "
           "WHERE r.complete = 1 AND r.rated_at >= :first AND r.rated_at <= :until "
           "AND r.patient_id IN (SELECT p.id " PATIENTS_IN ("0") ") "
           "ORDER BY r.patient_id, r.rated_at, r.id", error)) &&
         cursor_start (&job->consents, prepare (self, job->db,
           "SELECT k.patient_id, k.id, k.form_version, k.language, k.signed_on, k.withdrawn_on FROM consents k "
           "WHERE k.signed_on <= :last AND k.patient_id IN (SELECT p.id " PATIENTS_IN ("0") ") "
           "ORDER BY k.patient_id, k.signed_on, k.id", error));
}

/* Where the Bundle goes as it is written: the temporary file, its
 * checksum, and the schema checks, in chunks of CHUNK_SIZE */
#define CHUNK_SIZE (64 * 1024)

typedef struct
{
  int fd;
  int write_errno;
  LysSha256 checksum;
  guint64 bytes;
  GByteArray *pending;
  GPtrArray *checks;            /* LysSchemaCheck */
  int stopped_by;               /* the check that stopped the writing, or -1 */
} Output;

/* Writes the chunk gathered to the file and hands it to the checks */
static gboolean
output_flush (Output *out)
{
  g_autoptr(GBytes) chunk = NULL;
  const char *data;
  gsize length, written = 0;

  if (out->pending->len == 0 || out->write_errno != 0)
    return out->write_errno == 0;

  chunk = g_byte_array_free_to_bytes (g_steal_pointer (&out->pending));
  out->pending = g_byte_array_sized_new (CHUNK_SIZE);
  data = g_bytes_get_data (chunk, &length);
  while (written < length)
    {
      ssize_t n = write (out->fd, data + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          out->write_errno = n < 0 ? errno : ENOSPC;
          return FALSE;
        }
      written += (gsize) n;
    }

  lys_sha256_update (&out->checksum, data, (gssize) length);
  out->bytes += length;
  for (guint i = 0; i < out->checks->len; i++)
    lys_schema_check_push (g_ptr_array_index (out->checks, i), chunk);
  return TRUE;
}

static gboolean
output_cb (const char *data,
           gsize       length,
           gpointer    user_data)
{
  Output *out = user_data;

  g_byte_array_append (out->pending, (const guint8 *) data, (guint) length);
  return out->pending->len < CHUNK_SIZE || output_flush (out);
}

/* Whether a check has found a fault: then writing stops */
static gboolean
output_check_failed (Output *out)
{
  for (guint i = 0; i < out->checks->len; i++)
    if (lys_schema_check_failed (g_ptr_array_index (out->checks, i)))
      {
        out->stopped_by = (int) i;
        return TRUE;
      }
  return FALSE;
}

/* Streams the Bundle to @out */
static gboolean
write_bundle (LysRegistryExport  *self,
              Output             *out,
              GArray             *exported,
              LysExportProgress   progress,
              gpointer            user_data,
              GCancellable       *cancellable,
              LysExportSummary   *summary,
              GError            **error)
{
  g_autoptr(LysDb) db = NULL;
  g_autoptr(LysDbStmt) patients = NULL;
  g_autoptr(LysFhirWriter) writer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *bundle = g_strconcat ("urn:uuid:", uuid, NULL);
  Job job = { 0 };
  guint total = 0, done = 0;
  gboolean ok;
  int rc = LYS_DB_DONE;

  db = open_db (self, error);
  if (db == NULL ||
      !count_one (self, db, "SELECT count (*) " PATIENTS_IN ("0") "", &total, error) ||
      !count_one (self, db, "SELECT count (*) " PATIENTS_IN ("1") "", &summary->left_out, error))
    return FALSE;

  g_strlcpy (summary->identifier, bundle, sizeof summary->identifier);
  writer = lys_fhir_writer_new (output_cb, out);
  job = (Job) { .self = self, .db = db, .writer = writer, .summary = summary, .exported = exported };
  ok = prepare_job (&job, error) && lys_fhir_writer_begin (writer, bundle, now) && write_organization (&job) &&
       write_practitioners (&job, error);
  if (ok)
    {
      patients = prepare (self, db,
                          "SELECT p.id, p.national_id, p.id_kind, p.given_name, p.family_name, p.birth_date, "
                          "       p.sex, p.diagnosis, p.indication " PATIENTS_IN ("0") " ORDER BY p.id", error);
      ok = patients != NULL;
    }
  /* Until done, cancelled, or a check has found a fault */
  while (ok && (rc = lys_db_step (patients)) == LYS_DB_ROW)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        ok = write_patient (&job, patients, error) && !output_check_failed (out);
      if (ok && progress != NULL)
        progress (++done, total, user_data);
    }
  if (ok && rc != LYS_DB_DONE)
    ok = read_failed (db, error);
  ok = ok && lys_fhir_writer_end (writer, error);
  summary->entries = lys_fhir_writer_get_entries (writer);
  g_clear_pointer (&writer, lys_fhir_writer_free);
  ok = output_flush (out) && ok;
  job_clear (&job);
  return ok;
}

static void
free_error (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

/* Ends the checks, all of them. The fault reported is that of the check
 * that stopped the writing, if one did: the others then saw a document cut
 * short */
static gboolean
finish_checks (Output   *out,
               GError  **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (free_error);
  GError *fault = NULL;

  for (guint i = 0; i < out->checks->len; i++)
    {
      GError *local = NULL;

      lys_schema_check_finish (g_ptr_array_index (out->checks, i), &local);
      g_ptr_array_add (errors, local);
    }
  g_ptr_array_set_size (out->checks, 0);

  if (out->stopped_by >= 0)
    fault = g_ptr_array_index (errors, out->stopped_by);
  for (guint i = 0; fault == NULL && i < errors->len; i++)
    fault = g_ptr_array_index (errors, i);
  if (fault == NULL)
    return TRUE;

  if (g_error_matches (fault, LYS_ERROR, LYS_ERROR_IO))
    g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED, _("%s Nothing was exported."), fault->message);
  else
    g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED,
                 /* Translators: %s is the line and the schema's message */
                 _("The export did not pass the check against the FHIR schema (line %s); nothing was written. "
                   "This is a fault in Lysning: report it with the line."),
                 fault->message);
  return FALSE;
}

/* The work, in any thread: write beside @path while checking it, then
 * rename */
static gboolean
write_and_check (LysRegistryExport  *self,
                 const char         *path,
                 GArray             *exported,
                 LysExportProgress   progress,
                 gpointer            user_data,
                 GCancellable       *cancellable,
                 LysExportSummary   *summary,
                 GError            **error)
{
  g_autoptr(GFile) own = g_file_new_for_uri ("resource://" SCHEMA_RESOURCE);
  const char *official = g_getenv ("LYSNING_FHIR_SCHEMA");
  Output out = { .stopped_by = -1 };
  LysOutputFile *target;
  gboolean ok;

  memset (summary, 0, sizeof *summary);
  target = lys_output_file_open (path, error);
  if (target == NULL)
    return FALSE;
  out.fd = lys_output_file_get_fd (target);

  lys_sha256_init (&out.checksum);
  out.pending = g_byte_array_sized_new (CHUNK_SIZE);
  out.checks = g_ptr_array_new ();
  g_ptr_array_add (out.checks, lys_schema_check_start (own));
  if (official != NULL && official[0] != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_path (official);

      g_ptr_array_add (out.checks, lys_schema_check_start (file));
    }

  ok = write_bundle (self, &out, exported, progress, user_data, cancellable, summary, error);
  if (!ok && out.write_errno != 0)
    {
      g_clear_error (error);
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The export file could not be written: %s"),
                   g_strerror (out.write_errno));
    }
  /* A check's fault explains a write that stopped early without an error */
  if (!ok && error != NULL && *error != NULL)
    finish_checks (&out, NULL);
  else
    ok = finish_checks (&out, error) && ok;
  if (!ok && error != NULL && *error == NULL)
    g_set_error_literal (error, LYS_ERROR, LYS_ERROR_IO,
                         _("The export file could not be written in full. Check that the disk has room."));
  ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error);

  if (ok)
    {
      lys_sha256_digest_hex (&out.checksum, summary->checksum);
      summary->bytes = out.bytes;
    }
  g_byte_array_unref (out.pending);
  g_ptr_array_unref (out.checks);

  /* On disk and under its name in one step, or nothing */
  if (ok)
    return lys_output_file_commit (target, error);
  lys_output_file_abort (target);
  return FALSE;
}

/* On the main thread: the export in the audit log, with what it held, and
 * in the record of each patient it read */
static gboolean
record (LysRegistryExport       *self,
        const LysExportSummary  *summary,
        GArray                  *exported,
        GError                 **error)
{
  g_autofree char *detail = NULL;
  g_autofree char *read = NULL;
  gboolean ok;

  detail = g_strdup_printf ("%s %s, %s to %s, %s: %u patients (%u left out), %u courses, %u infusions, "
                            "%u observations, %u adverse events, %u consents, %" G_GUINT64_FORMAT " bytes, sha256 %s",
                            summary->identifier, self->identified ? "identified" : "pseudonymised", self->from, self->to,
                            kind_nick (self) ? kind_nick (self) : "all courses", summary->patients, summary->left_out,
                            summary->courses, summary->infusions, summary->observations, summary->adverse_events,
                            summary->consents, summary->bytes, summary->checksum);
  read = g_strdup_printf ("%s registry export, sha256 %s", self->identified ? "identified" : "pseudonymised",
                          summary->checksum);

  if (!_lys_store_begin (self->store, error))
    return FALSE;
  ok = _lys_store_audit (self->store, "registry.export", 0, "export", 0, detail, error);
  for (guint i = 0; ok && i < exported->len; i++)
    ok = _lys_store_audit (self->store, "patient.export", g_array_index (exported, gint64, i), "patient",
                           g_array_index (exported, gint64, i), read, error);
  return _lys_store_finish (self->store, ok, error);
}

/**
 * lys_registry_export_run:
 * @path: the file to write, replaced in one step
 * @progress: (nullable): called after each patient, in this thread
 * @summary: (out caller-allocates): what was written
 *
 * Writes the export and logs it. On the main thread: from the command line.
 */
gboolean
lys_registry_export_run (LysRegistryExport  *self,
                         const char         *path,
                         LysExportProgress   progress,
                         gpointer            user_data,
                         GCancellable       *cancellable,
                         LysExportSummary   *summary,
                         GError            **error)
{
  g_autoptr(GArray) exported = NULL;

  g_return_val_if_fail (LYS_IS_REGISTRY_EXPORT (self), FALSE);
  g_return_val_if_fail (path != NULL && summary != NULL, FALSE);

  exported = g_array_new (FALSE, FALSE, sizeof (gint64));

  return write_and_check (self, path, exported, progress, user_data, cancellable, summary, error) &&
         record (self, summary, exported, error);
}

typedef struct
{
  char *path;
  LysExportProgress progress;
  gpointer user_data;
  GMainContext *context;
  LysExportSummary summary;
  GArray *exported;
  guint done;                   /* for the progress sent to the main thread */
  guint total;
  gboolean pending;
  GMutex lock;
} Task;

static void
task_free (Task *task)
{
  g_free (task->path);
  g_array_unref (task->exported);
  g_main_context_unref (task->context);
  g_mutex_clear (&task->lock);
  g_free (task);
}

static gboolean
report_progress_cb (gpointer data)
{
  GTask *gtask = data;
  Task *task = g_task_get_task_data (gtask);
  guint done, total;

  g_mutex_lock (&task->lock);
  done = task->done;
  total = task->total;
  task->pending = FALSE;
  g_mutex_unlock (&task->lock);

  task->progress (done, total, task->user_data);
  return G_SOURCE_REMOVE;
}

/* In the worker: sends the progress to the main thread, at most one
 * report waiting at a time */
static void
on_progress_cb (guint    done,
                guint    total,
                gpointer data)
{
  GTask *gtask = data;
  Task *task = g_task_get_task_data (gtask);
  gboolean send;

  g_mutex_lock (&task->lock);
  task->done = done;
  task->total = total;
  send = !task->pending;
  task->pending = TRUE;
  g_mutex_unlock (&task->lock);

  /* Always through a source on the caller's context: g_main_context_invoke()
   * would run it here, in the worker, whenever that context is free */
  if (send)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, report_progress_cb, g_object_ref (gtask), g_object_unref);
      g_source_set_static_name (source, "[lysning] export progress");
      g_source_attach (source, task->context);
      g_source_unref (source);
    }
}

static void
run_in_thread (GTask        *gtask,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Task *task = data;
  GError *error = NULL;

  if (write_and_check (source, task->path, task->exported, task->progress ? on_progress_cb : NULL, gtask, cancellable,
                       &task->summary, &error))
    g_task_return_boolean (gtask, TRUE);
  else
    g_task_return_error (gtask, error);
}

/**
 * lys_registry_export_run_async:
 * @progress: (nullable): called on the calling thread's main context
 *
 * Writes the export in a worker thread. Cancelled, it stops and leaves no
 * file behind.
 */
void
lys_registry_export_run_async (LysRegistryExport   *self,
                               const char          *path,
                               LysExportProgress    progress,
                               gpointer             user_data,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             callback_data)
{
  g_autoptr(GTask) gtask = NULL;
  Task *task;

  g_return_if_fail (LYS_IS_REGISTRY_EXPORT (self));
  g_return_if_fail (path != NULL);

  task = g_new0 (Task, 1);
  task->path = g_strdup (path);
  task->exported = g_array_new (FALSE, FALSE, sizeof (gint64));
  task->progress = progress;
  task->user_data = user_data;
  task->context = g_main_context_ref_thread_default ();
  g_mutex_init (&task->lock);
  gtask = g_task_new (self, cancellable, callback, callback_data);
  g_task_set_source_tag (gtask, lys_registry_export_run_async);
  g_task_set_task_data (gtask, task, (GDestroyNotify) task_free);
  g_task_run_in_thread (gtask, run_in_thread);
}

/**
 * lys_registry_export_run_finish:
 * @summary: (out caller-allocates): what was written
 *
 * Logs the export written.
 */
gboolean
lys_registry_export_run_finish (LysRegistryExport  *self,
                                GAsyncResult       *result,
                                LysExportSummary   *summary,
                                GError            **error)
{
  Task *task;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  task = g_task_get_task_data (G_TASK (result));
  if (summary != NULL)
    *summary = task->summary;
  return record (self, &task->summary, task->exported, error);
}
