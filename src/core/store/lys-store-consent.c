/* SPDX-License-Identifier: GPL-3.0-or-later */

/* LysStore: the off-label consent. The versioned form the clinic edits, the
 * form filled for a patient, its recorded signature and its withdrawal. */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-language.h"
#include "lys-national-id.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-text.h"
#include "lys-time.h"

/* The version of the form Lysning ships, and the one before it: a clinic
 * that kept that one as shipped gets the new one */
#define STANDARD_VERSION "2026.1"
#define PREVIOUS_VERSION "2025.1"

static gboolean
insert_form (LysStore    *self,
             const char  *version,
             const char  *language,
             const char  *body,
             GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *now = lys_time_now_utc ();

  stmt = _lys_store_prepare (self,
                             "INSERT INTO consent_forms (version, language, body, created_at, created_by) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_text (stmt, 1, version);
  lys_db_bind_text (stmt, 2, language);
  lys_db_bind_text (stmt, 3, body);
  lys_db_bind_text (stmt, 4, now);
  if (lys_store_get_current_staff_id (self) > 0)
    lys_db_bind_int64 (stmt, 5, lys_store_get_current_staff_id (self));
  return _lys_store_step_done (self, stmt, error);
}

/* Whether the clinic's newest form in @language is the previous standard
 * form as shipped: such a clinic gets the new standard form */
static gboolean
keeps_previous_standard (LysStore   *self,
                         const char *language)
{
  g_autofree char *newest = NULL;
  g_autofree char *version = NULL;
  g_autofree char *previous = lys_consent_template_dup_standard (PREVIOUS_VERSION, language);

  newest = lys_store_dup_consent_form (self, NULL, language, &version, NULL);
  return newest != NULL && g_strcmp0 (version, PREVIOUS_VERSION) == 0 && g_strcmp0 (newest, previous) == 0;
}

/* Whether the clinic has a form in @language at all */
static gboolean
has_form (LysStore   *self,
          const char *language)
{
  g_autofree char *newest = lys_store_dup_consent_form (self, NULL, language, NULL, NULL);

  return newest != NULL;
}

/**
 * _lys_store_ensure_consent_forms:
 *
 * A new clinic starts with the standard form, the previous version kept
 * for consents signed on paper with it. A clinic still on the previous
 * standard form as shipped gets the new one; a clinic that wrote its own
 * keeps it. A language added to Lysning (Nynorsk) comes as the standard
 * form in every clinic, beside the clinic's own forms in the others.
 * Consents signed on any version stay valid.
 */
gboolean
_lys_store_ensure_consent_forms (LysStore  *self,
                                 GError   **error)
{
  const char * const *languages = lys_language_list_documents ();
  guint n_languages = g_strv_length ((char **) languages);
  g_autoptr(LysDbStmt) stmt = NULL;
  gboolean empty, ok = TRUE;

  /* Done once every language has a form and the standard form came */
  stmt = _lys_store_prepare (self, "SELECT count (*) = 0, count (*) FILTER (WHERE version = ?1) > 0, "
                                   "count (DISTINCT language) FROM consent_forms",
                             error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_text (stmt, 1, STANDARD_VERSION);
  if (lys_db_step (stmt) != LYS_DB_ROW ||
      (lys_db_column_int (stmt, 1) != 0 && lys_db_column_int (stmt, 2) == (int) n_languages))
    return TRUE;
  empty = lys_db_column_int (stmt, 0) != 0;
  g_clear_pointer (&stmt, lys_db_stmt_free);

  if (!_lys_store_begin (self, error))
    return FALSE;
  for (guint i = 0; ok && languages[i] != NULL; i++)
    {
      g_autofree char *previous = lys_consent_template_dup_standard (PREVIOUS_VERSION, languages[i]);
      g_autofree char *current = lys_consent_template_dup_default (languages[i]);

      if (empty)
        ok = (previous == NULL || insert_form (self, PREVIOUS_VERSION, languages[i], previous, error)) &&
             insert_form (self, STANDARD_VERSION, languages[i], current, error);
      /* An update of the clinic's own data is logged */
      else if (!has_form (self, languages[i]) || keeps_previous_standard (self, languages[i]))
        ok = insert_form (self, STANDARD_VERSION, languages[i], current, error) &&
             _lys_store_audit (self, "consent-form.create", 0, "consent-form", 0, STANDARD_VERSION, error);
    }
  return _lys_store_finish (self, ok, error);
}

/**
 * lys_store_dup_consent_form:
 * @version: (nullable): the version wanted, or %NULL for the newest
 * @language: "nb", "nn" or "en"
 * @version_out: (out) (optional): the version returned
 *
 * Returns: (transfer full): the form's template text, or %NULL
 */
char *
lys_store_dup_consent_form (LysStore    *self,
                            const char  *version,
                            const char  *language,
                            char       **version_out,
                            GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (lys_language_is_document (language), NULL);

  stmt = _lys_store_prepare (self,
                             "SELECT version, body FROM consent_forms WHERE language = ?1 "
                             "AND (CAST (?2 AS TEXT) IS NULL OR version = ?2) ORDER BY created_at DESC, rowid DESC LIMIT 1",
                             error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_text (stmt, 1, language);
  lys_db_bind_text (stmt, 2, version);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    {
      /* Translators: %s is a version of the consent form */
      g_set_error (error, LYS_ERROR, LYS_ERROR_NOT_FOUND, _("There is no consent form of version %s."),
                   version ? version : "?");
      return NULL;
    }

  if (version_out != NULL)
    *version_out = _lys_column_dup (stmt, 0);
  return _lys_column_dup (stmt, 1);
}

/**
 * lys_store_list_consent_versions:
 *
 * Returns: (transfer full): the versions of the form, newest first
 */
GStrv
lys_store_list_consent_versions (LysStore  *self,
                                 GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self,
                             "SELECT version FROM consent_forms GROUP BY version "
                             "ORDER BY max (created_at) DESC, max (rowid) DESC", error);
  if (stmt == NULL)
    return NULL;
  return _lys_store_collect_texts (self, stmt, error);
}

/**
 * lys_store_save_consent_form:
 * @language: the language edited
 * @body: its new text
 *
 * Saves a new version of the form: the edited language with @body, the
 * others as they were. Consents recorded on older versions stay as they are.
 *
 * Returns: (transfer full): the new version, e.g. "2026.2", or %NULL
 */
char *
lys_store_save_consent_form (LysStore    *self,
                             const char  *language,
                             const char  *body,
                             GError     **error)
{
  g_autoptr(LysDbStmt) count = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *unchanged = NULL;
  g_autofree char *version = NULL;
  const char * const *languages = lys_language_list_documents ();
  int year = g_date_time_get_year (now);
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (lys_language_is_document (language) && body != NULL, NULL);

  if (!lys_consent_template_check (body, error))
    return NULL;

  unchanged = lys_store_dup_consent_form (self, NULL, language, NULL, NULL);
  if (g_strcmp0 (unchanged, body) == 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The form is unchanged, so no new version was saved."));
      return NULL;
    }

  if (!_lys_store_begin (self, error))
    return NULL;
  /* Versions are the year and a running number within it */
  count = _lys_store_prepare (self, "SELECT count (DISTINCT version) FROM consent_forms WHERE version LIKE ?1",
                              error);
  ok = count != NULL;
  if (ok)
    {
      g_autofree char *pattern = g_strdup_printf ("%d.%%", year);

      lys_db_bind_text (count, 1, pattern);
      ok = lys_db_step (count) == LYS_DB_ROW;
      version = g_strdup_printf ("%d.%d", year, lys_db_column_int (count, 0) + 1);
    }
  ok = ok && insert_form (self, version, language, body, error);
  for (guint i = 0; ok && languages[i] != NULL; i++)
    {
      g_autofree char *text = NULL;

      if (g_str_equal (languages[i], language))
        continue;
      text = lys_store_dup_consent_form (self, NULL, languages[i], NULL, error);
      ok = text != NULL && insert_form (self, version, languages[i], text, error);
    }
  ok = ok && _lys_store_audit (self, "consent-form.create", 0, "consent-form", 0, version, error);
  if (!_lys_store_finish (self, ok, error))
    return NULL;

  return g_steal_pointer (&version);
}

/* The clinic's name, printed on forms */

char *
lys_store_dup_clinic_name (LysStore *self)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self, "SELECT value FROM settings WHERE key = '" LYS_SETTING_CLINIC_NAME_KEY "'", NULL);
  if (stmt == NULL || lys_db_step (stmt) != LYS_DB_ROW)
    return NULL;
  return _lys_column_dup (stmt, 0);
}

gboolean
lys_store_set_clinic_name (LysStore    *self,
                           const char  *name,
                           GError     **error)
{
  g_autofree char *clean = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (lys_text_is_blank (name))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Give the clinic’s name as patients should read it on forms."));
      return FALSE;
    }
  clean = g_strstrip (g_strdup (name));

  if (!_lys_store_begin (self, error))
    return FALSE;
  ok = _lys_store_write_setting (self, NULL, LYS_SETTING_CLINIC_NAME_KEY, clean, error) &&
       _lys_store_audit (self, "setting.update", 0, "setting", 0, LYS_SETTING_CLINIC_NAME_KEY, error);
  return _lys_store_finish (self, ok, error);
}

/* Patients by what people type */

/**
 * lys_store_find_patient:
 * @text: an identity number (spaces allowed) or a patient's id
 *
 * Returns: the patient's id, or 0 with an error
 */
gint64
lys_store_find_patient (LysStore    *self,
                        const char  *text,
                        GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *number = NULL;
  guint64 id = 0;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  number = lys_national_id_clean (text);
  if (strlen (number) != 11)
    g_ascii_string_to_unsigned (number, 10, 1, G_MAXINT64, &id, NULL);

  stmt = _lys_store_prepare (self, "SELECT id FROM patients WHERE national_id = ?1 OR id = ?2", error);
  if (stmt == NULL)
    return 0;
  lys_db_bind_text (stmt, 1, number);
  lys_db_bind_int64 (stmt, 2, (gint64) id);
  if (lys_db_step (stmt) == LYS_DB_ROW)
    return lys_db_column_int64 (stmt, 0);

  g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND,
                       _("No patient has that identity number or id. Check the number."));
  return 0;
}

/**
 * lys_store_dup_form_language:
 *
 * Returns: (transfer full): "nb", "nn" or "en", the language the patient reads
 *   forms in
 */
char *
lys_store_dup_form_language (LysStore *self,
                             gint64    patient_id)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self, "SELECT form_language FROM patients WHERE id = ?1", NULL);
  if (stmt == NULL)
    return g_strdup ("nb");
  lys_db_bind_int64 (stmt, 1, patient_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return g_strdup ("nb");
  return _lys_column_dup (stmt, 0);
}

gboolean
lys_store_set_form_language (LysStore    *self,
                             gint64       patient_id,
                             const char  *language,
                             GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (lys_language_is_document (language), FALSE);

  if (!_lys_store_begin (self, error))
    return FALSE;
  stmt = _lys_store_prepare (self, "UPDATE patients SET form_language = ?1 WHERE id = ?2", error);
  ok = stmt != NULL;
  if (ok)
    {
      lys_db_bind_text (stmt, 1, language);
      lys_db_bind_int64 (stmt, 2, patient_id);
      ok = _lys_store_step_done (self, stmt, error) &&
           _lys_store_audit (self, "patient.update", patient_id, "patient", patient_id, "form-language", error);
    }
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  _lys_store_patient_changed (self, patient_id, -1);
  return TRUE;
}

/* The form filled for a patient */

/* The physician responsible: the one asked for, or the one chosen for the
 * course, or the one who signed the eligibility assessment, or the only
 * physician; never the one who happens to print */
static char *
dup_physician (LysStore  *self,
               gint64     patient_id,
               gint64     physician_id)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self,
                             "SELECT name FROM staff WHERE id = ?2 AND role = 'physician' "
                             "UNION ALL "
                             "SELECT s.name FROM staff s WHERE s.id = "
                             "  (SELECT c.consent_physician_id FROM courses c WHERE c.patient_id = ?1 "
                             "   ORDER BY c.started_on DESC, c.id DESC LIMIT 1) "
                             "UNION ALL "
                             "SELECT s.name FROM eligibility_status e JOIN courses c ON c.id = e.course_id "
                             "  JOIN staff s ON s.id = e.signed_by WHERE c.patient_id = ?1 AND e.status = 'signed' "
                             "UNION ALL "
                             "SELECT name FROM staff WHERE role = 'physician' AND active = 1 "
                             "  AND (SELECT count (*) FROM staff WHERE role = 'physician' AND active = 1) = 1 "
                             "LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, patient_id);
  lys_db_bind_int64 (stmt, 2, physician_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return NULL;
  return _lys_column_dup (stmt, 0);
}

/**
 * lys_store_get_consent_physician:
 *
 * Returns: the physician chosen for the patient's course to go through the
 *   consent form, or 0 while none is
 */
gint64
lys_store_get_consent_physician (LysStore *self,
                                 gint64    patient_id)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  stmt = _lys_store_prepare (self,
                             "SELECT coalesce (consent_physician_id, 0) FROM courses WHERE patient_id = ?1 "
                             "ORDER BY started_on DESC, id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return 0;
  lys_db_bind_int64 (stmt, 1, patient_id);
  return lys_db_step (stmt) == LYS_DB_ROW ? lys_db_column_int64 (stmt, 0) : 0;
}

/**
 * lys_store_set_consent_physician:
 * @physician_id: an active physician of the clinic
 *
 * Chooses, once for the patient's course, the physician who goes through
 * the consent form with the patient: every form printed for the course
 * names them, whoever prints it. The choice is logged.
 */
gboolean
lys_store_set_consent_physician (LysStore  *self,
                                 gint64     patient_id,
                                 gint64     physician_id,
                                 GError   **error)
{
  g_autoptr(LysDbStmt) check = NULL;
  g_autoptr(LysDbStmt) update = NULL;
  gint64 course_id;
  LysPhase phase;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  check = _lys_store_prepare (self, "SELECT 1 FROM staff WHERE id = ?1 AND role = 'physician' AND active = 1", error);
  if (check == NULL)
    return FALSE;
  lys_db_bind_int64 (check, 1, physician_id);
  if (lys_db_step (check) != LYS_DB_ROW)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("Choose a physician of the clinic: the one who goes through the form with the patient."));

  if (!_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error) ||
      !_lys_store_begin (self, error))
    return FALSE;
  update = _lys_store_prepare (self, "UPDATE courses SET consent_physician_id = ?2 WHERE id = ?1", error);
  ok = update != NULL;
  if (ok)
    {
      lys_db_bind_int64 (update, 1, course_id);
      lys_db_bind_int64 (update, 2, physician_id);
      ok = _lys_store_step_done (self, update, error) &&
           _lys_store_audit (self, "course.consent-physician", patient_id, "staff", physician_id, NULL, error);
    }
  if (!_lys_store_finish (self, ok, error))
    return FALSE;
  _lys_store_patient_changed (self, patient_id, -1);
  return TRUE;
}

/**
 * lys_store_make_consent_form:
 * @language: (nullable): "nb", "nn" or "en", or %NULL for the patient's language
 * @physician_id: the responsible physician, or 0 for the one who signed the
 *   eligibility assessment
 *
 * Fills the newest form for the patient: name, identity number, physician,
 * clinic and the infusions booked in the current course. The read is
 * logged.
 *
 * Returns: (transfer full): the form, or %NULL with an error saying what is
 *   missing
 */
LysConsentForm *
lys_store_make_consent_form (LysStore    *self,
                             gint64       patient_id,
                             const char  *language,
                             gint64       physician_id,
                             GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) infusions = NULL;
  g_autofree char *chosen = language ? g_strdup (language) : lys_store_dup_form_language (self, patient_id);
  g_autofree char *template_text = NULL;
  g_autofree char *version = NULL;
  g_autofree char *clinic = lys_store_dup_clinic_name (self);
  g_autofree char *physician = NULL;
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  g_autofree char *indication_note = NULL;
  g_autofree char *funding = NULL;
  LysConsentValues values = { 0 };
  gint64 course_id;
  LysPhase phase;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (language == NULL || lys_language_is_document (language), NULL);

  if (clinic == NULL)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The clinic’s name is not set. Set it in Preferences, Clinic, Institution, before printing forms."));
      return NULL;
    }

  stmt = _lys_store_prepare (self, "SELECT given_name || ' ' || family_name, national_id, id_kind, indication, "
                                   "indication_note, funding FROM patients WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, patient_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND, _("The patient no longer exists."));
      return NULL;
    }
  name = _lys_column_dup (stmt, 0);
  number = _lys_column_dup (stmt, 1);
  values.national_id_kind = g_strcmp0 (lys_db_column_text (stmt, 2), "dnr") == 0 ? LYS_NATIONAL_ID_DNR
                            : g_strcmp0 (lys_db_column_text (stmt, 2), "hnr") == 0 ? LYS_NATIONAL_ID_HNR
                            : LYS_NATIONAL_ID_FNR;
  if (!lys_indication_from_nick (lys_db_column_text (stmt, 3), &values.indication))
    values.indication = LYS_INDICATION_TRD;
  indication_note = _lys_column_dup (stmt, 4);
  values.indication_note = indication_note;
  funding = _lys_column_dup (stmt, 5);
  values.funding = funding;
  g_clear_pointer (&stmt, lys_db_stmt_free);

  physician = dup_physician (self, patient_id, physician_id);
  if (physician == NULL)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("No responsible physician is known yet: choose the physician who goes through the form with the patient."));
      return NULL;
    }

  if (!_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error) ||
      (infusions = _lys_store_list_course_starts (self, course_id, 0, error)) == NULL)
    return NULL;

  template_text = lys_store_dup_consent_form (self, NULL, chosen, &version, error);
  if (template_text == NULL || !lys_store_log_patient_read (self, patient_id, "consent-form", error))
    return NULL;

  values.patient_name = name;
  values.national_id = number;
  values.language = chosen;
  values.physician_name = physician;
  values.clinic_name = clinic;
  values.infusion_minutes = (guint) lys_store_get_setting (self, LYS_SETTING_INFUSION_MINUTES);
  values.observation_minutes = (guint) lys_store_get_setting (self, LYS_SETTING_OBSERVATION_MINUTES);
  values.course_infusions = (guint) lys_store_get_setting (self, LYS_SETTING_COURSE_INFUSIONS);
  values.course_days = (guint) lys_store_get_setting (self, LYS_SETTING_COURSE_DAYS);
  values.maintenance = phase == LYS_PHASE_MAINTENANCE;
  values.infusions = infusions;
  return lys_consent_form_new (template_text, version, &values, error);
}

/**
 * lys_store_withdraw_consent:
 * @withdrawn_on: the day the patient withdrew
 * @reason: why, as the patient gave it or "not given"
 *
 * Records that the patient withdrew the consent on record. No further
 * infusion can be booked until a new consent is recorded.
 */
gboolean
lys_store_withdraw_consent (LysStore     *self,
                            gint64        patient_id,
                            const GDate  *withdrawn_on,
                            const char   *reason,
                            GError      **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GDateTime) now = lys_store_dup_now (self);
  g_autofree char *recorded_at = lys_time_now_utc ();
  char date[11];
  GDate today;
  gint64 consent_id = 0;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (withdrawn_on != NULL && g_date_valid (withdrawn_on), FALSE);

  if (lys_text_is_blank (reason))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Give the reason for the withdrawal, or write that the patient gave none."));
      return FALSE;
    }
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  if (g_date_compare (withdrawn_on, &today) > 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("A withdrawal cannot lie in the future. Enter the day the patient withdrew."));
      return FALSE;
    }
  g_date_strftime (date, sizeof date, "%Y-%m-%d", withdrawn_on);

  if (!_lys_store_begin (self, error))
    return FALSE;
  stmt = _lys_store_prepare (self,
                             "SELECT id, signed_on FROM consents WHERE patient_id = ?1 AND withdrawn_on IS NULL "
                             "ORDER BY signed_on DESC, id DESC LIMIT 1", error);
  ok = stmt != NULL;
  if (ok)
    {
      lys_db_bind_int64 (stmt, 1, patient_id);
      if (lys_db_step (stmt) == LYS_DB_ROW)
        {
          consent_id = lys_db_column_int64 (stmt, 0);
          if (g_strcmp0 (lys_db_column_text (stmt, 1), date) > 0)
            {
              g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                                   _("The withdrawal cannot come before the consent was signed."));
              ok = FALSE;
            }
        }
      else
        {
          g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND,
                               _("The patient has no consent on record to withdraw."));
          ok = FALSE;
        }
      g_clear_pointer (&stmt, lys_db_stmt_free);
    }
  if (ok)
    {
      stmt = _lys_store_prepare (self,
                                 "UPDATE consents SET withdrawn_on = ?1, withdrawal_reason = ?2, withdrawn_by = ?3, "
                                 "withdrawal_recorded_at = ?4 WHERE id = ?5", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      g_autofree char *clean = g_strstrip (g_strdup (reason));

      lys_db_bind_text (stmt, 1, date);
      lys_db_bind_text (stmt, 2, clean);
      if (lys_store_get_current_staff_id (self) > 0)
        lys_db_bind_int64 (stmt, 3, lys_store_get_current_staff_id (self));
      lys_db_bind_text (stmt, 4, recorded_at);
      lys_db_bind_int64 (stmt, 5, consent_id);
      ok = _lys_store_step_done (self, stmt, error) &&
           _lys_store_audit (self, "consent.withdraw", patient_id, "consent", consent_id, NULL, error);
    }
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  _lys_store_patient_changed (self, patient_id, -1);
  _lys_store_bookings_changed (self);
  return TRUE;
}

/**
 * _lys_store_check_consent_not_withdrawn:
 *
 * Refuses when the patient's latest consent has been withdrawn: a
 * withdrawal blocks further infusions.
 */
gboolean
_lys_store_check_consent_not_withdrawn (LysStore  *self,
                                        gint64     patient_id,
                                        GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self,
                             "SELECT withdrawn_on FROM consents WHERE patient_id = ?1 "
                             "ORDER BY signed_on DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, patient_id);
  if (lys_db_step (stmt) == LYS_DB_ROW && !lys_db_column_is_null (stmt, 0))
    {
      g_autofree char *day = lys_time_format_date (lys_db_column_text (stmt, 0));

      /* Translators: %s is a date */
      g_set_error (error, LYS_ERROR, LYS_ERROR_LOCKED,
                   _("The patient withdrew the consent on %s. No infusion can be booked before a new consent is recorded."),
                   day);
      return FALSE;
    }

  return TRUE;
}
