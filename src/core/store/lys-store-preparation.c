/* SPDX-License-Identifier: GPL-3.0-or-later */

/* LysStore: the preparation phase. Eligibility, consent, preparation
 * sessions and the step from preparation to induction. */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-text.h"
#include "lys-holidays.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-time.h"

/* Which rules the eligibility follows: TRD's, or an individual assessment */
static gboolean
patient_indication (LysStore       *self,
                    gint64          patient_id,
                    LysIndication  *indication,
                    GError        **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self, "SELECT indication FROM patients WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, patient_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND, _("No such patient is registered."));
      return FALSE;
    }

  if (!lys_indication_from_nick (lys_db_column_text (stmt, 0), indication))
    *indication = LYS_INDICATION_TRD;
  return TRUE;
}

static gboolean
require_preparation (LysStore  *self,
                     gint64     patient_id,
                     gint64    *course_id,
                     GError   **error)
{
  LysPhase phase;

  return _lys_store_current_course (self, patient_id, course_id, &phase, NULL, error) &&
         _lys_store_check_preparing (phase, error);
}

static gboolean
staff_has_role (LysStore  *self,
                gint64     staff_id,
                LysRole    role,
                GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self, "SELECT 1 FROM staff WHERE id = ?1 AND role = ?2 AND active = 1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, staff_id);
  lys_db_bind_text (stmt, 2, lys_role_to_nick (role));
  if (lys_db_step (stmt) == LYS_DB_ROW)
    return TRUE;

  g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
               /* Translators: %s is a role, e.g. “Physician” */
               _("Choose a staff member registered as: %s."), lys_role_get_label (role));
  return FALSE;
}

/* Eligibility */

/**
 * lys_store_get_eligibility:
 *
 * The caller shows part of the patient's record: it logs the read with
 * lys_store_log_patient_read().
 *
 * Returns: (transfer full): the assessment of the patient's current course;
 *   a new, empty one (id 0) when none is saved
 */
LysEligibility *
lys_store_get_eligibility (LysStore  *self,
                           gint64     patient_id,
                           GError   **error)
{
  g_autoptr(LysEligibility) eligibility = lys_eligibility_new ();
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(LysDbStmt) trials = NULL;
  gint64 course_id;
  LysPhase phase;
  int rc;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (patient_id > 0, NULL);

  if (!lys_store_check_access (self, patient_id, LYS_PART_ELIGIBILITY, error) ||
      !_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error))
    return NULL;

  stmt = _lys_store_prepare (self,
                             "SELECT e.id, e.contraindications, e.weight_kg, e.systolic, e.diastolic, "
                             "e.heart_rate, e.madrs_answers, e.phq9_answers, e.decision, e.justification, "
                             "e.status, s.name, e.signed_at, "
                             "e.status = 'signed' AND e.content_sha256 IS DISTINCT FROM "
                             LYS_SQL_SIGNED_SHA256 ("eligibility", "e") ", e.ect_history "
                             "FROM eligibility e LEFT JOIN signatures s ON s.kind = 'eligibility' AND s.record_id = e.id "
                             "WHERE e.course_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, course_id);

  rc = lys_db_step (stmt);
  if (rc == LYS_DB_DONE)
    return g_steal_pointer (&eligibility);
  if (rc != LYS_DB_ROW)
    {
      _lys_store_fail (self, error);
      return NULL;
    }

  eligibility->id = lys_db_column_int64 (stmt, 0);
  /* Changed past the triggers since it was signed: said so, never shown
   * as the physician's assessment */
  if (lys_db_column_int (stmt, 13) != 0)
    {
      eligibility->is_signed = TRUE;
      eligibility->altered = TRUE;
      eligibility->signed_by = _lys_column_dup (stmt, 11);
      eligibility->signed_at = _lys_column_dup (stmt, 12);
      return g_steal_pointer (&eligibility);
    }
  {
    g_auto(GStrv) nicks = NULL;
    g_autofree char *list = _lys_column_dup (stmt, 1);

    /* A JSON array of nicks, e.g. ["psychosis","pregnancy"] */
    g_strdelimit (list, "[]\"", ' ');
    nicks = g_strsplit (list, ",", -1);
    for (guint i = 0; nicks[i] != NULL; i++)
      {
        LysContraindication c;

        if (lys_contraindication_from_nick (g_strstrip (nicks[i]), &c))
          eligibility->contraindications[c] = TRUE;
      }
  }
  eligibility->weight_kg = lys_db_column_double (stmt, 2);
  eligibility->systolic = lys_db_column_int (stmt, 3);
  eligibility->diastolic = lys_db_column_int (stmt, 4);
  eligibility->heart_rate = lys_db_column_int (stmt, 5);
  eligibility->has_madrs = lys_scale_answers_from_json (lys_db_column_text (stmt, 6),
                                                       eligibility->madrs, LYS_MADRS_ITEMS);
  eligibility->has_phq9 = lys_scale_answers_from_json (lys_db_column_text (stmt, 7),
                                                      eligibility->phq9, LYS_PHQ9_ITEMS);
  eligibility->has_decision = lys_decision_from_nick (lys_db_column_text (stmt, 8),
                                                      &eligibility->decision);
  eligibility->justification = _lys_column_dup (stmt, 9);
  eligibility->has_ect_history = lys_ect_history_from_nick (lys_db_column_text (stmt, 14),
                                                            &eligibility->ect_history);
  eligibility->is_signed = g_strcmp0 (lys_db_column_text (stmt, 10), "signed") == 0;
  eligibility->signed_by = _lys_column_dup (stmt, 11);
  eligibility->signed_at = _lys_column_dup (stmt, 12);

  trials = _lys_store_prepare (self,
                               "SELECT drug, dose, therapeutic_dose, weeks, outcome FROM antidepressant_trials "
                               "WHERE eligibility_id = ?1 ORDER BY position", error);
  if (trials == NULL)
    return NULL;
  lys_db_bind_int64 (trials, 1, eligibility->id);
  while ((rc = lys_db_step (trials)) == LYS_DB_ROW)
    {
      LysTrialOutcome outcome = LYS_TRIAL_NONE;

      lys_trial_outcome_from_nick (lys_db_column_text (trials, 4), &outcome);
      lys_eligibility_add_trial (eligibility,
                                 lys_db_column_text (trials, 0),
                                 lys_db_column_text (trials, 1),
                                 lys_db_column_int (trials, 2) != 0,
                                 lys_db_column_int (trials, 3),
                                 outcome);
    }
  if (rc != LYS_DB_DONE)
    {
      _lys_store_fail (self, error);
      return NULL;
    }

  return g_steal_pointer (&eligibility);
}

static void
bind_nullable_uint (LysDbStmt    *stmt,
                    int           column,
                    guint         value)
{
  if (value == 0)
    lys_db_bind_null (stmt, column);
  else
    lys_db_bind_int (stmt, column, value);
}

/* The assessment's fields and trials, as a draft of @course_id's; sets its
 * id. @kept: its own, its trials' clearing and its trials' statements. */
gboolean
_lys_store_write_eligibility (LysStore         *self,
                              LysDbStmt       **kept,
                              gint64            course_id,
                              LysEligibility   *eligibility,
                              const char       *updated_at,
                              GError          **error)
{
  LysDbStmt *local[LYS_ELIGIBILITY_STMTS] = { NULL };
  LysDbStmt **slots = kept != NULL ? kept : local;
  LysDbStmt *upsert, *clear, *insert;
  g_autoptr(GString) contraindications = g_string_new ("[");
  g_autofree char *madrs = NULL;
  g_autofree char *phq9 = NULL;
  gboolean ok;

  for (guint i = 0; i < LYS_N_CONTRAINDICATIONS; i++)
    if (eligibility->contraindications[i])
      g_string_append_printf (contraindications, "%s\"%s\"",
                              contraindications->len > 1 ? "," : "", lys_contraindication_to_nick (i));
  g_string_append_c (contraindications, ']');

  if (eligibility->has_madrs)
    madrs = lys_scale_answers_to_json (eligibility->madrs, LYS_MADRS_ITEMS);
  if (eligibility->has_phq9)
    phq9 = lys_scale_answers_to_json (eligibility->phq9, LYS_PHQ9_ITEMS);

  upsert = _lys_store_prepare_kept (self, &slots[0], NULL,
                                    "INSERT INTO eligibility (course_id, contraindications, weight_kg, systolic, "
                                    "diastolic, heart_rate, madrs_answers, phq9_answers, decision, justification, "
                                    "updated_at, ect_history) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                                    "ON CONFLICT (course_id) DO UPDATE SET contraindications = ?2, weight_kg = ?3, "
                                    "systolic = ?4, diastolic = ?5, heart_rate = ?6, madrs_answers = ?7, "
                                    "phq9_answers = ?8, decision = ?9, justification = ?10, updated_at = ?11, "
                                    "ect_history = ?12 RETURNING id", error);
  clear = upsert == NULL ? NULL :
    _lys_store_prepare_kept (self, &slots[1], NULL, "DELETE FROM antidepressant_trials WHERE eligibility_id = ?1", error);
  insert = clear == NULL ? NULL :
    _lys_store_prepare_kept (self, &slots[2], NULL,
                             "INSERT INTO antidepressant_trials (eligibility_id, position, drug, dose, "
                             "therapeutic_dose, weeks, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  ok = insert != NULL;
  if (ok)
    {
      lys_db_bind_int64 (upsert, 1, course_id);
      lys_db_bind_text (upsert, 2, contraindications->str);
      _lys_bind_measure (upsert, 3, eligibility->weight_kg);
      bind_nullable_uint (upsert, 4, eligibility->systolic);
      bind_nullable_uint (upsert, 5, eligibility->diastolic);
      bind_nullable_uint (upsert, 6, eligibility->heart_rate);
      lys_db_bind_text (upsert, 7, madrs);
      lys_db_bind_text (upsert, 8, phq9);
      lys_db_bind_text (upsert, 9, eligibility->has_decision ? lys_decision_to_nick (eligibility->decision) : NULL);
      lys_db_bind_text (upsert, 10, lys_text_is_blank (eligibility->justification) ? NULL : eligibility->justification);
      lys_db_bind_text (upsert, 11, updated_at);
      lys_db_bind_text (upsert, 12,
                        eligibility->has_ect_history ? lys_ect_history_to_nick (eligibility->ect_history) : NULL);
      ok = lys_db_step (upsert) == LYS_DB_ROW;
      if (ok)
        eligibility->id = lys_db_column_int64 (upsert, 0);
      ok = ok && lys_db_step (upsert) == LYS_DB_DONE;
      lys_db_reset (upsert);
      lys_db_clear_bindings (upsert);
      if (!ok)
        _lys_store_fail (self, error);
    }
  if (ok)
    {
      lys_db_bind_int64 (clear, 1, eligibility->id);
      ok = _lys_store_step_done (self, clear, error);
    }
  for (guint i = 0; ok && i < eligibility->trials->len; i++)
    {
      const LysTrial *trial = &g_array_index (eligibility->trials, LysTrial, i);
      g_autofree char *drug = g_strstrip (g_strdup (trial->drug));
      g_autofree char *dose = g_strstrip (g_strdup (trial->dose));

      lys_db_bind_int64 (insert, 1, eligibility->id);
      lys_db_bind_int (insert, 2, i + 1);
      lys_db_bind_text (insert, 3, drug);
      lys_db_bind_text (insert, 4, dose);
      lys_db_bind_int (insert, 5, trial->therapeutic_dose);
      lys_db_bind_int (insert, 6, trial->weeks);
      lys_db_bind_text (insert, 7, lys_trial_outcome_to_nick (trial->outcome));
      ok = _lys_store_step_done (self, insert, error);
    }

  if (kept == NULL)
    for (guint i = 0; i < LYS_ELIGIBILITY_STMTS; i++)
      g_clear_pointer (&local[i], lys_db_stmt_free);
  return ok;
}

/* Signs the assessment: from then on the database refuses any change to it */
gboolean
_lys_store_write_eligibility_signature (LysStore    *self,
                                        LysDbStmt  **kept,
                                        gint64       eligibility_id,
                                        const char  *signed_at,
                                        gint64       signed_by,
                                        GError     **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *sign;

  sign = _lys_store_prepare_kept (self, kept, &local,
                                  "UPDATE eligibility SET status = 'signed', signed_at = ?1, signed_by = ?2, "
                                  "content_sha256 = " LYS_SQL_SIGNED_SHA256 ("eligibility", "eligibility") " "
                                  "WHERE id = ?3", error);
  if (sign == NULL)
    return FALSE;
  lys_db_bind_text (sign, 1, signed_at);
  _lys_bind_id (sign, 2, signed_by);
  lys_db_bind_int64 (sign, 3, eligibility_id);
  return _lys_store_step_done (self, sign, error);
}

/**
 * lys_store_save_eligibility:
 * @eligibility: the draft; on success its id is set
 *
 * Saves a draft assessment of the patient's course. A signed one is refused.
 */
gboolean
lys_store_save_eligibility (LysStore        *self,
                            gint64           patient_id,
                            LysEligibility  *eligibility,
                            GError         **error)
{
  g_autofree char *now = lys_time_now_utc ();
  gint64 course_id;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (eligibility != NULL, FALSE);

  if (!lys_store_check_access (self, patient_id, LYS_PART_ELIGIBILITY, error))
    return FALSE;

  if (eligibility->is_signed)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_LOCKED,
                           _("The eligibility assessment is signed and can no longer be changed."));
      return FALSE;
    }

  if (!lys_eligibility_validate (eligibility, error) ||
      !require_preparation (self, patient_id, &course_id, error) ||
      !_lys_store_begin (self, error))
    return FALSE;

  if (!_lys_store_finish (self,
                          _lys_store_write_eligibility (self, NULL, course_id, eligibility, now, error) &&
                          _lys_store_audit (self, "eligibility.save", patient_id, "eligibility",
                                            eligibility->id, NULL, error),
                          error))
    return FALSE;

  _lys_store_patient_changed (self, patient_id, -1);
  return TRUE;
}

static gboolean
insert_baseline_rating (LysStore     *self,
                        gint64        patient_id,
                        gint64        course_id,
                        LysScale      scale,
                        const guint  *answers,
                        const char   *rated_at,
                        GError      **error)
{
  g_autofree char *json = NULL;
  guint n = lys_scale_get_n_items (scale);
  LysRatingRow row = { .patient_id = patient_id, .course_id = course_id, .scale = scale,
                       .timepoint = "baseline", .rated_at = rated_at,
                       .rated_by = lys_store_get_current_staff_id (self), .complete = TRUE };

  if (!lys_scale_total (scale, answers, n, &row.total, error))
    return FALSE;
  json = lys_scale_answers_to_json (answers, n);
  row.answers = json;
  return _lys_store_write_rating (self, NULL, &row, error) != 0;
}

/**
 * lys_store_sign_eligibility:
 * @eligibility: the complete assessment; on success it is marked signed
 *
 * Saves and signs the assessment in the current physician's name. From then
 * on it is read-only; its baseline MADRS and PHQ-9 become the course's
 * baseline ratings.
 */
gboolean
lys_store_sign_eligibility (LysStore        *self,
                            gint64           patient_id,
                            LysEligibility  *eligibility,
                            GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *signed_at = lys_time_format_local (now);
  LysIndication indication;
  gint64 course_id;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (eligibility != NULL, FALSE);

  if (!lys_store_check_access (self, patient_id, LYS_PART_ELIGIBILITY, error))
    return FALSE;

  if (lys_store_get_current_role (self) != LYS_ROLE_PHYSICIAN)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_PERMISSION,
                   _("Only a physician can sign an eligibility assessment. Your profile is registered as: %s."),
                   lys_role_get_label (lys_store_get_current_role (self)));
      return FALSE;
    }

  if (eligibility->is_signed)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_LOCKED,
                           _("The eligibility assessment is already signed."));
      return FALSE;
    }

  if (!patient_indication (self, patient_id, &indication, error) ||
      !lys_eligibility_check_signable (eligibility, indication, error) ||
      !require_preparation (self, patient_id, &course_id, error) ||
      !_lys_store_begin (self, error))
    return FALSE;

  {
    g_autofree char *updated = lys_time_now_utc ();

    ok = _lys_store_write_eligibility (self, NULL, course_id, eligibility, updated, error) &&
         _lys_store_write_eligibility_signature (self, NULL, eligibility->id, signed_at,
                                                 lys_store_get_current_staff_id (self), error);
  }
  if (ok && eligibility->has_madrs)
    ok = insert_baseline_rating (self, patient_id, course_id, LYS_SCALE_MADRS, eligibility->madrs, signed_at, error);
  if (ok && eligibility->has_phq9)
    ok = insert_baseline_rating (self, patient_id, course_id, LYS_SCALE_PHQ9, eligibility->phq9, signed_at, error);
  if (ok)
    ok = _lys_store_audit (self, "eligibility.sign", patient_id, "eligibility", eligibility->id,
                           lys_decision_to_nick (eligibility->decision), error);

  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  eligibility->is_signed = TRUE;
  g_free (eligibility->signed_by);
  eligibility->signed_by = g_strdup (lys_store_get_current_staff_name (self));
  g_free (eligibility->signed_at);
  eligibility->signed_at = g_steal_pointer (&signed_at);

  _lys_store_patient_changed (self, patient_id, -1);
  return TRUE;
}

/* Consent */

/* A signed consent form, as the physician recorded it. Returns its id. */
gint64
_lys_store_write_consent (LysStore             *self,
                          LysDbStmt           **kept,
                          const LysConsentRow  *row,
                          GError              **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *insert;

  insert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO consents (patient_id, form_version, language, signed_on, "
                                    "physician_id, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (insert == NULL)
    return 0;
  lys_db_bind_int64 (insert, 1, row->patient_id);
  lys_db_bind_text (insert, 2, row->form_version);
  lys_db_bind_text (insert, 3, row->language);
  lys_db_bind_text (insert, 4, row->signed_on);
  _lys_bind_id (insert, 5, row->physician_id);
  lys_db_bind_text (insert, 6, row->recorded_at);
  return _lys_store_step_insert (self, insert, error);
}

/**
 * lys_store_record_consent:
 * @signed_on: the date on the patient's signature
 * @physician_id: the physician who went through the form with the patient
 * @version: the version of the form signed
 * @language: the language of the form signed, "nb", "nn" or "en"
 *
 * Records that the patient signed the off-label consent on paper: before
 * the induction, or again after a withdrawal.
 */
gboolean
lys_store_record_consent (LysStore     *self,
                          gint64        patient_id,
                          const GDate  *signed_on,
                          gint64        physician_id,
                          const char   *version,
                          const char   *language,
                          GError      **error)
{
  g_autofree char *form = NULL;
  LysPhase phase;
  g_autoptr(GDateTime) now = lys_store_dup_now (self);
  g_autofree char *recorded_at = lys_time_now_utc ();
  char date[11];
  GDate today;
  gint64 course_id, id;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (signed_on != NULL && g_date_valid (signed_on), FALSE);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (g_date_compare (signed_on, &today) > 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The consent cannot be signed in the future. Enter the date on the signed form."));
      return FALSE;
    }

  form = lys_store_dup_consent_form (self, version, language, NULL, error);
  if (form == NULL ||
      !staff_has_role (self, physician_id, LYS_ROLE_PHYSICIAN, error) ||
      !_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error))
    return FALSE;
  if (phase != LYS_PHASE_PREPARATION && phase != LYS_PHASE_INDUCTION && phase != LYS_PHASE_MAINTENANCE)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_LOCKED,
                   _("The course is %s; it takes no new consent."), lys_phase_get_label (phase));
      return FALSE;
    }
  if (!_lys_store_begin (self, error))
    return FALSE;

  g_date_strftime (date, sizeof date, "%Y-%m-%d", signed_on);
  id = _lys_store_write_consent (self, NULL,
                                 &(LysConsentRow) { .patient_id = patient_id, .form_version = version,
                                                    .language = language, .signed_on = date,
                                                    .physician_id = physician_id, .recorded_at = recorded_at },
                                 error);
  ok = id != 0 && _lys_store_audit (self, "consent.record", patient_id, "consent", id, NULL, error);
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  _lys_store_patient_changed (self, patient_id, -1);
  return TRUE;
}

/* Preparation sessions */

/**
 * lys_store_book_preparation:
 * @starts_at: the session's start, clinic time
 * @minutes: its length
 * @psychologist_id: who holds it
 *
 * Books a preparation session for a patient whose course is in preparation,
 * refusing closed days and double bookings of the patient or psychologist.
 *
 * Returns: the booking's id, or 0
 */
gint64
lys_store_book_preparation (LysStore   *self,
                            gint64      patient_id,
                            GDateTime  *starts_at,
                            guint       minutes,
                            gint64      psychologist_id,
                            GError    **error)
{
  LysBookingStaff staff = { psychologist_id, LYS_TASK_THERAPIST };
  LysBookingRequest request = { 0 };

  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  g_return_val_if_fail (starts_at != NULL, 0);

  if (minutes < 15 || minutes > 240)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("A preparation session lasts from 15 minutes to 4 hours."));
      return 0;
    }

  request.kind = LYS_APPOINTMENT_PREPARATION;
  request.starts_at = starts_at;
  request.minutes = minutes;
  request.patient_ids = &patient_id;
  request.n_patients = 1;
  request.staff = &staff;
  request.n_staff = 1;
  return lys_store_book (self, &request, NULL, error);
}

static gpointer
read_preparation_session (LysDbStmt *stmt)
{
  LysPreparationSession *session = g_new0 (LysPreparationSession, 1);

  session->appointment_id = lys_db_column_int64 (stmt, 0);
  session->starts_at = lys_time_parse_local (lys_db_column_text (stmt, 1));
  session->ends_at = lys_time_parse_local (lys_db_column_text (stmt, 2));
  lys_appointment_state_from_nick (lys_db_column_text (stmt, 3), &session->state);
  session->psychologist = _lys_column_dup (stmt, 4);
  session->has_note = lys_db_column_int (stmt, 5) != 0;
  session->intentions = _lys_column_dup (stmt, 6);
  session->expectations = _lys_column_dup (stmt, 7);
  session->fears = _lys_column_dup (stmt, 8);
  session->escort = _lys_column_dup (stmt, 9);
  session->transport = _lys_column_dup (stmt, 10);
  session->fasting = _lys_column_dup (stmt, 11);
  session->has_readiness = lys_readiness_from_nick (lys_db_column_text (stmt, 12),
                                                    &session->readiness);
  return session;
}

/**
 * lys_store_list_preparation_sessions:
 *
 * The caller shows part of the patient's record: it logs the read.
 *
 * Returns: (transfer full) (element-type LysPreparationSession): the
 *   preparation sessions of the current course, in time order, with notes;
 *   their words only where the acting staff member may read them
 */
GPtrArray *
lys_store_list_preparation_sessions (LysStore  *self,
                                     gint64     patient_id,
                                     GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  GPtrArray *sessions;
  gboolean readable;
  gint64 course_id;
  LysPhase phase;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (!_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error))
    return NULL;

  /* The psychologist's words are read only by whom may read them: a
   * coordinator sees that a session has its note, and its practical
   * arrangements, never the intentions, expectations or fears (nor may
   * their login on a clinic server read those columns) */
  readable = lys_store_check_access (self, patient_id, LYS_PART_PREPARATION, NULL);
  sql = g_strdup_printf ("SELECT a.id, a.starts_at, a.ends_at, a.state, "
                         "  (SELECT group_concat (s.name, ', ') FROM appointment_staff ast "
                         "   JOIN staff s ON s.id = ast.staff_id WHERE ast.appointment_id = a.id), "
                         "  r.appointment_id IS NOT NULL, %s, "
                         "  r.escort, r.transport, r.fasting, r.readiness "
                         "FROM appointments a LEFT JOIN preparation_arrangements r ON r.appointment_id = a.id %s"
                         "WHERE a.course_id = ?1 AND a.kind = 'preparation' ORDER BY a.starts_at",
                         readable ? "n.intentions, n.expectations, n.fears" : "NULL, NULL, NULL",
                         readable ? "LEFT JOIN preparation_notes n ON n.appointment_id = a.id " : "");
  stmt = _lys_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, course_id);

  sessions = _lys_store_collect (self, stmt, read_preparation_session,
                                 (GDestroyNotify) lys_preparation_session_free, error);
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    ((LysPreparationSession *) sessions->pdata[i])->readable = readable;
  return sessions;
}

/* The psychologist's note of a preparation session, written over */
gboolean
_lys_store_write_preparation_note (LysStore                     *self,
                                   LysDbStmt                   **kept,
                                   const LysPreparationSession  *session,
                                   gint64                        author_id,
                                   const char                   *updated_at,
                                   GError                      **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  const char *fields[] = { session->intentions, session->expectations, session->fears,
                           session->escort, session->transport, session->fasting };
  LysDbStmt *upsert;

  upsert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO preparation_notes (appointment_id, author_id, intentions, expectations, "
                                    "fears, escort, transport, fasting, readiness, updated_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                                    "ON CONFLICT (appointment_id) DO UPDATE SET author_id = ?2, intentions = ?3, "
                                    "expectations = ?4, fears = ?5, escort = ?6, transport = ?7, fasting = ?8, "
                                    "readiness = ?9, updated_at = ?10", error);
  if (upsert == NULL)
    return FALSE;
  lys_db_bind_int64 (upsert, 1, session->appointment_id);
  _lys_bind_id (upsert, 2, author_id);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    lys_db_bind_text (upsert, 3 + i, fields[i] ? fields[i] : "");
  lys_db_bind_text (upsert, 9, session->has_readiness ? lys_readiness_to_nick (session->readiness) : NULL);
  lys_db_bind_text (upsert, 10, updated_at);
  return _lys_store_step_done (self, upsert, error);
}

/**
 * lys_store_save_preparation_note:
 * @session: the session, holding the note's fields
 * @complete: mark the session as held; needs the readiness judgement
 *
 * Saves the psychologist's note of a preparation session.
 */
gboolean
lys_store_save_preparation_note (LysStore               *self,
                                 gint64                  patient_id,
                                 LysPreparationSession  *session,
                                 gboolean                complete,
                                 GError                **error)
{
  g_autoptr(LysDbStmt) check = NULL;
  g_autoptr(LysDbStmt) done = NULL;
  g_autofree char *now = lys_time_now_utc ();
  gint64 course_id;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);

  if (!lys_store_check_access (self, patient_id, LYS_PART_PREPARATION, error))
    return FALSE;

  if (complete && !session->has_readiness)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Judge the patient’s readiness before marking the session as held."));
      return FALSE;
    }

  if (!require_preparation (self, patient_id, &course_id, error))
    return FALSE;

  check = _lys_store_prepare (self,
                              "SELECT a.starts_at FROM appointments a JOIN appointment_patients ap ON ap.appointment_id = a.id "
                              "WHERE a.id = ?1 AND a.kind = 'preparation' AND a.course_id = ?2 AND ap.patient_id = ?3 "
                              "  AND a.state IN ('planned', 'done')", error);
  if (check == NULL)
    return FALSE;
  lys_db_bind_int64 (check, 1, session->appointment_id);
  lys_db_bind_int64 (check, 2, course_id);
  lys_db_bind_int64 (check, 3, patient_id);
  if (lys_db_step (check) != LYS_DB_ROW)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND,
                           _("This preparation session is not booked for the patient’s course, or it was cancelled."));
      return FALSE;
    }
  if (complete)
    {
      g_autoptr(GDateTime) starts = _lys_column_time (check, 0);
      g_autoptr(GDateTime) now_local = lys_store_dup_now (self);

      /* Nothing is held before it starts: the gate to the induction opens
       * on a session held, not on one booked */
      if (starts == NULL || g_date_time_compare (starts, now_local) > 0)
        {
          g_autofree char *at = starts ? g_date_time_format (starts, "%d.%m.%Y %H:%M") : g_strdup ("?");

          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       /* Translators: %s is when the session begins, e.g. 02.12.2026 10:30 */
                       _("The session begins at %s and cannot be marked as held before then. Save the note as a draft for now."),
                       at);
          return FALSE;
        }
    }

  if (!_lys_store_begin (self, error))
    return FALSE;

  ok = _lys_store_write_preparation_note (self, NULL, session, lys_store_get_current_staff_id (self), now, error);
  if (ok && complete)
    {
      done = _lys_store_prepare (self, "UPDATE appointments SET state = 'done' WHERE id = ?1", error);
      ok = done != NULL;
      if (ok)
        {
          lys_db_bind_int64 (done, 1, session->appointment_id);
          ok = _lys_store_step_done (self, done, error);
        }
    }
  if (ok)
    ok = _lys_store_audit (self, complete ? "preparation.complete" : "preparation.note", patient_id,
                           "appointment", session->appointment_id,
                           session->has_readiness ? lys_readiness_to_nick (session->readiness) : NULL, error);
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  session->has_note = TRUE;
  if (complete)
    session->state = LYS_APPOINTMENT_DONE;
  _lys_store_patient_changed (self, patient_id, -1);
  return TRUE;
}

/* The gate */

/**
 * lys_store_get_preparation_status:
 * @status: (out caller-allocates): cleared with lys_preparation_status_clear()
 *
 * Gathers what stands between the patient and the first infusion.
 */
gboolean
lys_store_get_preparation_status (LysStore              *self,
                                  gint64                 patient_id,
                                  LysPreparationStatus  *status,
                                  GError               **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  gint64 course_id;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  memset (status, 0, sizeof *status);
  if (!_lys_store_current_course (self, patient_id, &course_id, &status->phase, NULL, error))
    return FALSE;

  stmt = _lys_store_prepare (self,
                             "SELECT "
                             "  (SELECT status FROM eligibility_status WHERE course_id = ?1), "
                             "  (SELECT decision FROM eligibility_status WHERE course_id = ?1), "
                             "  (SELECT s.name FROM eligibility_status e JOIN signatures s ON s.kind = 'eligibility' "
                             "     AND s.record_id = e.id WHERE e.course_id = ?1), "
                             "  (SELECT signed_at FROM eligibility_status WHERE course_id = ?1), "
                             "  c.signed_on, (SELECT name FROM staff WHERE id = c.physician_id), "
                             "  (SELECT count (*) FROM appointments WHERE course_id = ?1 AND kind = 'preparation' "
                             "     AND state IN ('planned', 'done')), "
                             "  (SELECT count (*) FROM appointments WHERE course_id = ?1 AND kind = 'preparation' "
                             "     AND state = 'done'), "
                             "  (SELECT n.readiness FROM appointments a JOIN preparation_arrangements n ON n.appointment_id = a.id "
                             "    WHERE a.course_id = ?1 AND a.kind = 'preparation' AND a.state = 'done' "
                             "    ORDER BY a.starts_at DESC LIMIT 1), "
                             "  c.form_version, c.language, c.withdrawn_on, c.withdrawal_reason "
                             "FROM (SELECT 1) one LEFT JOIN consents c ON c.id = "
                             "  (SELECT id FROM consents WHERE patient_id = ?2 "
                             "   ORDER BY signed_on DESC, id DESC LIMIT 1)", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, course_id);
  lys_db_bind_int64 (stmt, 2, patient_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return _lys_store_fail (self, error);

  status->has_eligibility = !lys_db_column_is_null (stmt, 0);
  status->eligibility_signed = g_strcmp0 (lys_db_column_text (stmt, 0), "signed") == 0;
  lys_decision_from_nick (lys_db_column_text (stmt, 1), &status->decision);
  status->signed_by = _lys_column_dup (stmt, 2);
  status->signed_at = _lys_column_dup (stmt, 3);
  /* The latest consent counts; once withdrawn, it holds no longer */
  status->consent_signed_on = _lys_column_dup (stmt, 4);
  status->consent_physician = _lys_column_dup (stmt, 5);
  status->consent_version = _lys_column_dup (stmt, 9);
  status->consent_language = _lys_column_dup (stmt, 10);
  status->consent_withdrawn_on = _lys_column_dup (stmt, 11);
  status->consent_withdrawal_reason = _lys_column_dup (stmt, 12);
  status->consent_recorded = status->consent_signed_on != NULL && status->consent_withdrawn_on == NULL;
  status->sessions_booked = lys_db_column_int (stmt, 6);
  status->sessions_done = lys_db_column_int (stmt, 7);
  status->has_readiness = lys_readiness_from_nick (lys_db_column_text (stmt, 8),
                                                   &status->readiness);
  return TRUE;
}

/**
 * lys_store_start_induction:
 *
 * Moves the patient's course from preparation to induction, only when every
 * gate is open: eligibility signed, consent on record, a preparation session
 * held with the patient judged ready.
 */
gboolean
lys_store_start_induction (LysStore  *self,
                           gint64     patient_id,
                           GError   **error)
{
  LysPreparationStatus status;
  g_autoptr(LysDbStmt) update = NULL;
  gint64 course_id;
  LysPhase phase;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (!lys_store_get_preparation_status (self, patient_id, &status, error))
    return FALSE;
  ok = lys_preparation_check_ready (&status, error);
  lys_preparation_status_clear (&status);
  if (!ok || !_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error) ||
      !_lys_store_begin (self, error))
    return FALSE;

  update = _lys_store_prepare (self, "UPDATE courses SET phase = 'induction' WHERE id = ?1 AND phase = 'preparation'", error);
  ok = update != NULL;
  if (ok)
    {
      lys_db_bind_int64 (update, 1, course_id);
      ok = _lys_store_step_done (self, update, error) &&
           _lys_store_audit (self, "course.phase", patient_id, "course", course_id,
                             "preparation → induction", error);
    }
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  _lys_store_patient_changed (self, patient_id, LYS_PHASE_INDUCTION);
  return TRUE;
}

/* The longest note kept with a stopped course */
#define STOP_NOTE_MAX_CHARS 500

/**
 * lys_store_stop_course:
 * @reason: why, coded for the registry and the review
 * @note: (nullable): the physician's own words; needed with
 *   %LYS_STOP_OTHER
 * @n_cancelled: (out) (optional): the planned infusions cancelled
 *
 * Stops the patient's current course before it is completed, a
 * physician's (or the clinic lead's) decision. The infusions still booked
 * ahead are cancelled, so their rooms and staff are free again; sessions
 * with the psychologist stay, as integration goes on. Nothing is changed
 * while an infusion of the course is under way.
 */
gboolean
lys_store_stop_course (LysStore       *self,
                       gint64          patient_id,
                       LysStopReason   reason,
                       const char     *note,
                       guint          *n_cancelled,
                       GError        **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *words = NULL;
  g_autofree char *now = NULL;
  g_autofree char *detail = NULL;
  gint64 course_id;
  LysPhase phase;
  guint cancelled = 0;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) reason < LYS_N_STOP_REASONS, FALSE);

  if (lys_store_get_current_role (self) != LYS_ROLE_PHYSICIAN && !lys_store_is_lead (self))
    return _lys_refuse_role (self, error, _("Only a physician or the clinic lead can stop a course."));
  if (!lys_store_check_access (self, patient_id, LYS_PART_ADMIN, error))
    return FALSE;

  words = g_strstrip (g_strdup (note != NULL ? note : ""));
  if (*words == '\0' && reason == LYS_STOP_OTHER)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("Say in a few words why the course is stopped: the reason chosen is “Another reason”."));
  if (!g_utf8_validate (words, -1, NULL) || g_utf8_strlen (words, -1) > STOP_NOTE_MAX_CHARS)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("The note on why the course is stopped is too long. Keep it under %d characters."),
                   STOP_NOTE_MAX_CHARS);
      return FALSE;
    }

  if (!_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error))
    return FALSE;
  if (phase == LYS_PHASE_STOPPED || phase == LYS_PHASE_COMPLETED)
    return lys_refuse (error, LYS_ERROR_LOCKED,
                       phase == LYS_PHASE_STOPPED ? _("The course is stopped already.")
                                                  : _("The course is completed; there is nothing to stop."));

  if (!_lys_store_begin (self, error))
    return FALSE;

  /* An infusion under way is finished and discharged first */
  stmt = _lys_store_prepare (self,
                             "SELECT count (*) FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
                             "WHERE a.course_id = ?1 AND i.status IN ('running', 'paused', 'ended')", error);
  ok = stmt != NULL;
  if (ok)
    {
      GError *failed = NULL;

      lys_db_bind_int64 (stmt, 1, course_id);
      if (_lys_store_step_id (self, stmt, &failed) > 0)
        ok = lys_refuse (error, LYS_ERROR_LOCKED,
                         _("An infusion of this course is under way. Discharge the patient first, then stop the course."));
      else if (failed != NULL)
        ok = (g_propagate_error (error, failed), FALSE);
    }
  g_clear_pointer (&stmt, lys_db_stmt_free);

  now = _lys_store_dup_now_text (self);
  if (ok)
    {
      stmt = _lys_store_prepare (self,
                                 "UPDATE appointments SET state = 'cancelled' "
                                 "WHERE course_id = ?1 AND kind = 'infusion' AND state = 'planned' AND starts_at > ?2 "
                                 "AND id NOT IN (SELECT appointment_id FROM infusions)", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      lys_db_bind_int64 (stmt, 1, course_id);
      lys_db_bind_text (stmt, 2, now);
      ok = _lys_store_step_done (self, stmt, error);
      cancelled = ok ? (guint) lys_db_changes (_lys_store_get_db (self)) : 0;
    }
  g_clear_pointer (&stmt, lys_db_stmt_free);
  if (ok)
    {
      stmt = _lys_store_prepare (self,
                                 "UPDATE courses SET phase = 'stopped', stop_code = ?2, stop_reason = ?3, ended_on = ?4 "
                                 "WHERE id = ?1", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      lys_db_bind_int64 (stmt, 1, course_id);
      lys_db_bind_text (stmt, 2, lys_stop_reason_to_nick (reason));
      /* The words, or the reason's own label as the course had it */
      lys_db_bind_text (stmt, 3, *words != '\0' ? words : lys_stop_reason_to_nick (reason));
      _lys_store_bind_today (self, stmt, 4);
      ok = _lys_store_step_done (self, stmt, error);
    }
  /* The log names the code and what was cancelled, never the words */
  detail = g_strdup_printf ("%s → stopped: %s, %u infusions cancelled", lys_phase_to_nick (phase),
                            lys_stop_reason_to_nick (reason), cancelled);
  ok = ok && _lys_store_audit (self, "course.stop", patient_id, "course", course_id, detail, error);
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  if (n_cancelled != NULL)
    *n_cancelled = cancelled;
  _lys_store_patient_changed (self, patient_id, LYS_PHASE_STOPPED);
  if (cancelled > 0)
    _lys_store_bookings_changed (self);
  return TRUE;
}
