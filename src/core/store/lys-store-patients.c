/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-national-id.h"
#include "lys-patient-import.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-text.h"
#include "lys-time.h"

/* The clinic's patients: the list the window shows (loaded on first use,
 * sorted by name), registration, changes, the spreadsheet import, and the
 * reads of a record logged. */

/* Read with patient_from_row () */
#define SELECT_PATIENTS \
  "SELECT p.id, p.national_id, p.given_name, p.family_name, p.birth_date, p.diagnosis, " \
  "p.referred_by, p.phone, p.email, p.escort_name, p.escort_phone, p.registry_opt_out, " \
  "p.sex, p.indication, p.indication_note, " \
  "(SELECT c.phase FROM courses c WHERE c.patient_id = p.id " \
  " ORDER BY c.started_on DESC, c.id DESC LIMIT 1), p.funding FROM patients p "

static LysPatient *
patient_from_row (LysDbStmt *stmt)
{
  return g_object_new (LYS_TYPE_PATIENT,
                       "id", lys_db_column_int64 (stmt, 0),
                       "national-id", lys_db_column_text (stmt, 1),
                       "given-name", lys_db_column_text (stmt, 2),
                       "family-name", lys_db_column_text (stmt, 3),
                       "birth-date", lys_db_column_text (stmt, 4),
                       "diagnosis", lys_db_column_text (stmt, 5),
                       "referred-by", lys_db_column_text (stmt, 6),
                       "phone", lys_db_column_text (stmt, 7),
                       "email", lys_db_column_text (stmt, 8),
                       "escort-name", lys_db_column_text (stmt, 9),
                       "escort-phone", lys_db_column_text (stmt, 10),
                       "registry-opt-out", lys_db_column_int (stmt, 11) != 0,
                       "sex", lys_db_column_text (stmt, 12),
                       "indication", lys_db_column_text (stmt, 13),
                       "indication-note", lys_db_column_text (stmt, 14),
                       "phase", lys_db_column_text (stmt, 15),
                       "funding", lys_db_column_text (stmt, 16),
                       NULL);
}

static int
compare_patients (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  LysPatient *pa = (LysPatient *) a;
  LysPatient *pb = (LysPatient *) b;
  int cmp = g_utf8_collate (lys_patient_get_family_name (pa), lys_patient_get_family_name (pb));

  if (cmp == 0)
    cmp = g_utf8_collate (lys_patient_get_given_name (pa), lys_patient_get_given_name (pb));
  return cmp;
}

/* A patient with the collation keys of the names, made once for a sort
 * that compares each name many times: the order of compare_patients () */
typedef struct
{
  LysPatient *patient;
  char       *family;
  char       *given;
} SortedPatient;

static int
compare_sorted_patients (gconstpointer a,
                         gconstpointer b)
{
  const SortedPatient *pa = a, *pb = b;
  int cmp = strcmp (pa->family, pb->family);
  gint64 ida, idb;

  if (cmp == 0)
    cmp = strcmp (pa->given, pb->given);
  if (cmp != 0)
    return cmp;
  /* Namesakes as they were registered */
  ida = lys_patient_get_id (pa->patient);
  idb = lys_patient_get_id (pb->patient);
  return (ida > idb) - (ida < idb);
}

static void
sort_patients (GPtrArray *patients)
{
  g_autofree SortedPatient *sorted = NULL;

  if (patients->len < 2)
    return;
  sorted = g_new (SortedPatient, patients->len);

  for (guint i = 0; i < patients->len; i++)
    {
      LysPatient *patient = patients->pdata[i];

      sorted[i] = (SortedPatient) { patient, g_utf8_collate_key (lys_patient_get_family_name (patient), -1),
                                    g_utf8_collate_key (lys_patient_get_given_name (patient), -1) };
    }
  qsort (sorted, patients->len, sizeof *sorted, compare_sorted_patients);
  for (guint i = 0; i < patients->len; i++)
    {
      patients->pdata[i] = sorted[i].patient;
      g_free (sorted[i].family);
      g_free (sorted[i].given);
    }
}

/* A new name can move the patient in the sorted list */
static void
keep_sorted (LysStore   *self,
             LysPatient *patient)
{
  guint position, n;
  g_autoptr(LysPatient) before = NULL;
  g_autoptr(LysPatient) after = NULL;

  if (self->patients == NULL || !g_list_store_find (self->patients, patient, &position))
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->patients));
  before = position > 0 ? g_list_model_get_item (G_LIST_MODEL (self->patients), position - 1) : NULL;
  after = position + 1 < n ? g_list_model_get_item (G_LIST_MODEL (self->patients), position + 1) : NULL;
  if ((before && compare_patients (before, patient, NULL) > 0) ||
      (after && compare_patients (patient, after, NULL) > 0))
    {
      g_object_ref (patient);
      g_list_store_remove (self->patients, position);
      g_list_store_insert_sorted (self->patients, patient, compare_patients, NULL);
      g_object_unref (patient);
    }
}

/* Gives @patient the values @fresh has, each that differs, so that what
 * shows @patient follows */
static void
take_values (LysPatient *patient,
             LysPatient *fresh)
{
  guint n_specs;
  g_autofree GParamSpec **specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (patient), &n_specs);

  g_object_freeze_notify (G_OBJECT (patient));
  for (guint i = 0; i < n_specs; i++)
    {
      g_auto(GValue) now = G_VALUE_INIT;
      g_auto(GValue) then = G_VALUE_INIT;

      if ((specs[i]->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (specs[i]->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
        continue;
      g_value_init (&now, specs[i]->value_type);
      g_value_init (&then, specs[i]->value_type);
      g_object_get_property (G_OBJECT (fresh), specs[i]->name, &now);
      g_object_get_property (G_OBJECT (patient), specs[i]->name, &then);
      if (g_param_values_cmp (specs[i], &now, &then) != 0)
        g_object_set_property (G_OBJECT (patient), specs[i]->name, &now);
    }
  g_object_thaw_notify (G_OBJECT (patient));
}

/* Another workstation added or changed the patient: the list follows, and
 * the object every view holds takes the new values */
void
_lys_store_follow_patient (LysStore *self,
                           gint64    patient_id)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(LysPatient) fresh = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model = G_LIST_MODEL (self->patients);

  if (self->patients == NULL)
    return;
  stmt = _lys_store_prepare (self, SELECT_PATIENTS "WHERE p.id = ?1", &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read a patient another workstation changed: %s", error->message);
      return;
    }
  lys_db_bind_int64 (stmt, 1, patient_id);
  if (lys_db_step (stmt) == LYS_DB_ROW)
    fresh = patient_from_row (stmt);

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(LysPatient) patient = g_list_model_get_item (model, i);

      if (lys_patient_get_id (patient) != patient_id)
        continue;
      if (fresh == NULL)
        g_list_store_remove (self->patients, i);
      else
        {
          take_values (patient, fresh);
          keep_sorted (self, patient);
        }
      return;
    }
  if (fresh != NULL)
    g_list_store_insert_sorted (self->patients, fresh, compare_patients, NULL);
}

void
_lys_store_reload_patients (LysStore *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  guint old_n;

  if (self->patients == NULL)
    return;

  stmt = _lys_store_prepare (self, SELECT_PATIENTS, &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read the patient list: %s", error->message);
      return;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  while (lys_db_step (stmt) == LYS_DB_ROW)
    g_ptr_array_add (items, patient_from_row (stmt));
  sort_patients (items);

  old_n = g_list_model_get_n_items (G_LIST_MODEL (self->patients));
  g_list_store_splice (self->patients, 0, old_n, items->pdata, items->len);
}

/**
 * lys_store_get_patients:
 *
 * Returns: (transfer none): every patient, sorted by family name, as a model
 *   that follows the store's changes
 */
GListModel *
lys_store_get_patients (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (self->patients == NULL)
    {
      self->patients = g_list_store_new (LYS_TYPE_PATIENT);
      _lys_store_reload_patients (self);
    }

  return G_LIST_MODEL (self->patients);
}

/* The patient holding @number, other than @except_id; its name goes into the
 * message, which only the user sees. */
static gboolean
check_number_free (LysStore    *self,
                   const char  *number,
                   gint64       except_id,
                   GError     **error)
{
  g_autoptr(LysDbStmt) find = NULL;
  int rc;

  find = _lys_store_prepare (self,
                             "SELECT given_name || ' ' || family_name FROM patients "
                             "WHERE national_id = ?1 AND id <> ?2", error);
  if (find == NULL)
    return FALSE;
  lys_db_bind_text (find, 1, number);
  lys_db_bind_int64 (find, 2, except_id);
  rc = lys_db_step (find);
  if (rc == LYS_DB_ROW)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_EXISTS,
                   _("This identity number is already registered for %s."),
                   lys_db_column_text (find, 0));
      return FALSE;
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);

  return TRUE;
}

/* Binds the columns a clinician edits, ?1 to ?16, in the order of
 * PATIENT_EDIT_COLUMNS. */
#define PATIENT_EDIT_COLUMNS \
  "national_id, id_kind, given_name, family_name, birth_date, phone, email, escort_name, " \
  "escort_phone, referred_by, diagnosis, registry_opt_out, sex, indication, indication_note, funding"

static const char *edit_properties[] = {
  "national-id", "given-name", "family-name", "phone", "email", "escort-name", "escort-phone",
  "referred-by", "diagnosis", "sex", "indication", "indication-note", "funding",
};

static void
bind_optional_text (LysDbStmt    *stmt,
                    int           column,
                    const char   *text)
{
  if (lys_text_is_blank (text))
    lys_db_bind_null (stmt, column);
  else
    lys_db_bind_text (stmt, column, text);
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static void
bind_patient (LysDbStmt               *stmt,
              LysPatient              *patient,
              const LysNationalIdInfo *info,
              const char              *birth)
{
  LysIndication indication = lys_patient_get_indication (patient);
  g_autofree char *given = g_strstrip (g_strdup (lys_patient_get_given_name (patient)));
  g_autofree char *family = g_strstrip (g_strdup (lys_patient_get_family_name (patient)));

  lys_db_bind_text (stmt, 1, lys_patient_get_national_id (patient));
  lys_db_bind_text (stmt, 2, lys_national_id_kind_to_nick (info->kind));
  lys_db_bind_text (stmt, 3, given);
  lys_db_bind_text (stmt, 4, family);
  lys_db_bind_text (stmt, 5, birth);
  bind_optional_text (stmt, 6, lys_patient_get_phone (patient));
  bind_optional_text (stmt, 7, lys_patient_get_email (patient));
  bind_optional_text (stmt, 8, lys_patient_get_escort_name (patient));
  bind_optional_text (stmt, 9, lys_patient_get_escort_phone (patient));
  bind_optional_text (stmt, 10, lys_patient_get_referred_by (patient));
  bind_optional_text (stmt, 11, lys_patient_get_diagnosis (patient));
  lys_db_bind_int (stmt, 12, lys_patient_get_registry_opt_out (patient));
  bind_optional_text (stmt, 13, lys_patient_get_sex (patient));
  lys_db_bind_text (stmt, 14, lys_indication_to_nick (indication));
  /* The note and the funding belong to another indication */
  if (indication == LYS_INDICATION_TRD)
    {
      lys_db_bind_null (stmt, 15);
      lys_db_bind_null (stmt, 16);
    }
  else
    {
      bind_optional_text (stmt, 15, lys_patient_get_indication_note (patient));
      if (lys_patient_get_funding (patient) >= 0)
        lys_db_bind_text (stmt, 16, lys_funding_to_nick (lys_patient_get_funding (patient)));
    }
}

/* A course of treatment. Returns its id. */
gint64
_lys_store_write_course (LysStore            *self,
                         LysDbStmt          **kept,
                         const LysCourseRow  *row,
                         GError             **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *insert;

  insert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO courses (patient_id, kind, phase, started_on, ended_on, "
                                    "stop_reason, stop_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (insert == NULL)
    return 0;
  lys_db_bind_int64 (insert, 1, row->patient_id);
  lys_db_bind_text (insert, 2, row->kind);
  lys_db_bind_text (insert, 3, lys_phase_to_nick (row->phase));
  lys_db_bind_text (insert, 4, row->started_on);
  lys_db_bind_text (insert, 5, row->ended_on);
  lys_db_bind_text (insert, 6, row->stop_reason);
  lys_db_bind_text (insert, 7, row->stop_reason ? lys_stop_reason_to_nick (row->stop_code) : NULL);
  return _lys_store_step_insert (self, insert, error);
}

static gpointer
read_local_time (LysDbStmt *stmt)
{
  return lys_time_parse_local (lys_db_column_text (stmt, 0));
}

/**
 * _lys_store_list_course_starts:
 * @exclude_id: a booking to leave out (the one moved), or 0
 *
 * Returns: (transfer full) (element-type GDateTime): the starts of the
 *   course's infusions that count, planned or done, in order
 */
GPtrArray *
_lys_store_list_course_starts (LysStore  *self,
                               gint64     course_id,
                               gint64     exclude_id,
                               GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self,
                             "SELECT starts_at FROM appointments WHERE course_id = ?1 AND kind = 'infusion' "
                             "AND state IN ('planned', 'done') AND id <> ?2 ORDER BY starts_at", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, course_id);
  lys_db_bind_int64 (stmt, 2, exclude_id);
  return _lys_store_collect (self, stmt, read_local_time, (GDestroyNotify) g_date_time_unref, error);
}

/* Where a course ended */
gboolean
_lys_store_write_course_end (LysStore    *self,
                             gint64       course_id,
                             const char  *ended_on,
                             GError     **error)
{
  g_autoptr(LysDbStmt) update = NULL;

  update = _lys_store_prepare (self, "UPDATE courses SET ended_on = ?1 WHERE id = ?2", error);
  if (update == NULL)
    return FALSE;
  lys_db_bind_text (update, 1, ended_on);
  lys_db_bind_int64 (update, 2, course_id);
  return _lys_store_step_done (self, update, error);
}

/* A patient's record, registered at @created_at (UTC). Returns its id. */
gint64
_lys_store_write_patient (LysStore                 *self,
                          LysDbStmt               **kept,
                          LysPatient               *patient,
                          const LysNationalIdInfo  *info,
                          const char               *created_at,
                          GError                  **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  g_autofree char *birth = format_date (&info->birth_date);
  LysDbStmt *insert;

  insert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO patients (" PATIENT_EDIT_COLUMNS ", created_at, updated_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                                    "?17, ?17)", error);
  if (insert == NULL)
    return 0;
  bind_patient (insert, patient, info, birth);
  lys_db_bind_text (insert, 17, created_at);
  return _lys_store_step_insert (self, insert, error);
}

/* Inside a transaction: the patient, and the preparation course that a
 * referral starts. Sets the patient's id, birth date and phase. */
gboolean
_lys_store_insert_patient (LysStore                *self,
                           LysPatient              *patient,
                           const LysNationalIdInfo *info,
                           const char              *detail,
                           GError                 **error)
{
  g_autofree char *now = lys_time_now_utc ();
  g_autofree char *birth = format_date (&info->birth_date);
  g_autofree char *today = _lys_store_dup_today (self);
  gint64 id;

  g_assert (lys_db_in_transaction (self->db));

  id = _lys_store_write_patient (self, NULL, patient, info, now, error);
  if (id == 0)
    return FALSE;

  if (_lys_store_write_course (self, NULL,
                               &(LysCourseRow) { .patient_id = id, .kind = "induction",
                                                 .phase = LYS_PHASE_PREPARATION, .started_on = today },
                               error) == 0 ||
      !_lys_store_audit (self, "patient.create", id, "patient", id, detail, error))
    return FALSE;

  g_object_set (patient,
                "id", id,
                "birth-date", birth,
                "phase", lys_phase_to_nick (LYS_PHASE_PREPARATION),
                NULL);
  return TRUE;
}

/**
 * lys_store_add_patient:
 * @patient: a new patient; on success its id is set
 *
 * Registers a referral: the patient, after checking every field, and a course
 * in its preparation phase. A number already registered is refused with the
 * name of its patient.
 */
gboolean
lys_store_add_patient (LysStore    *self,
                       LysPatient  *patient,
                       GError     **error)
{
  LysNationalIdInfo info;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (LYS_IS_PATIENT (patient), FALSE);
  g_return_val_if_fail (lys_patient_get_id (patient) == 0, FALSE);

  if (!lys_patient_validate (patient, NULL, &info, error) ||
      !check_number_free (self, lys_patient_get_national_id (patient), 0, error) ||
      !_lys_store_begin (self, error))
    return FALSE;

  if (!_lys_store_finish (self, _lys_store_insert_patient (self, patient, &info, NULL, error), error))
    {
      g_object_set (patient, "id", (gint64) 0, NULL);
      return FALSE;
    }

  if (self->patients != NULL)
    g_list_store_insert_sorted (self->patients, patient, compare_patients, NULL);

  return TRUE;
}

/**
 * lys_store_update_patient:
 * @patient: a registered patient, as the store listed it
 * @changes: a patient holding the edited fields
 *
 * Checks and saves the edited fields, then gives them to @patient, so every
 * view of it follows. The audit row names the fields that changed.
 */
gboolean
lys_store_update_patient (LysStore    *self,
                          LysPatient  *patient,
                          LysPatient  *changes,
                          GError     **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autofree char *now = NULL;
  g_autofree char *birth = NULL;
  LysNationalIdInfo info;
  gint64 id;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (LYS_IS_PATIENT (patient), FALSE);
  g_return_val_if_fail (LYS_IS_PATIENT (changes), FALSE);

  id = lys_patient_get_id (patient);
  g_return_val_if_fail (id > 0, FALSE);

  if (!lys_patient_validate (changes, NULL, &info, error) ||
      !check_number_free (self, lys_patient_get_national_id (changes), id, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (edit_properties); i++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      g_object_get (patient, edit_properties[i], &before, NULL);
      g_object_get (changes, edit_properties[i], &after, NULL);
      if (g_strcmp0 (lys_text_is_blank (before) ? NULL : before, lys_text_is_blank (after) ? NULL : after) != 0)
        g_string_append_printf (changed, "%s%s", changed->len ? ", " : "", edit_properties[i]);
    }
  if (lys_patient_get_registry_opt_out (patient) != lys_patient_get_registry_opt_out (changes))
    g_string_append_printf (changed, "%s%s", changed->len ? ", " : "", "registry-opt-out");

  if (changed->len == 0)
    return TRUE;

  now = lys_time_now_utc ();
  birth = format_date (&info.birth_date);

  if (!_lys_store_begin (self, error))
    return FALSE;
  update = _lys_store_prepare (self,
                               "UPDATE patients SET (" PATIENT_EDIT_COLUMNS ", updated_at) = "
                               "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
                               "WHERE id = ?18", error);
  ok = update != NULL;
  if (ok)
    {
      bind_patient (update, changes, &info, birth);
      lys_db_bind_text (update, 17, now);
      lys_db_bind_int64 (update, 18, id);
      ok = _lys_store_step_done (self, update, error) &&
           _lys_store_audit (self, "patient.update", id, "patient", id, changed->str, error);
    }
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (patient));
  for (guint i = 0; i < G_N_ELEMENTS (edit_properties); i++)
    {
      g_autofree char *value = NULL;

      g_object_get (changes, edit_properties[i], &value, NULL);
      if (lys_text_is_blank (value))
        g_clear_pointer (&value, g_free);
      else
        g_strstrip (value);
      g_object_set (patient, edit_properties[i], value, NULL);
    }
  if (lys_patient_get_indication (changes) == LYS_INDICATION_TRD)
    g_object_set (patient, "indication-note", NULL, "funding", NULL, NULL);
  g_object_set (patient,
                "birth-date", birth,
                "registry-opt-out", lys_patient_get_registry_opt_out (changes),
                NULL);
  g_object_thaw_notify (G_OBJECT (patient));

  _lys_store_patient_changed (self, id, -1);

  keep_sorted (self, patient);
  return TRUE;
}

/**
 * lys_store_dup_national_ids:
 *
 * Returns: (transfer full) (element-type utf8 utf8): every registered
 *   identity number, as keys, for checking an import before it is stored
 */
GHashTable *
lys_store_dup_national_ids (LysStore *self)
{
  GListModel *patients;
  GHashTable *numbers;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  patients = lys_store_get_patients (self);
  for (guint i = 0, n = g_list_model_get_n_items (patients); i < n; i++)
    {
      g_autoptr(LysPatient) patient = g_list_model_get_item (patients, i);

      g_hash_table_add (numbers, g_strdup (lys_patient_get_national_id (patient)));
    }

  return numbers;
}

/**
 * lys_store_import_patients:
 * @import: a spreadsheet read by lys_patient_import_read()
 * @skip_invalid: import the good rows even when some rows have problems
 *
 * Registers every patient of @import in one transaction: all of them or,
 * on any failure, none. Rows with problems refuse the whole import unless
 * @skip_invalid.
 */
gboolean
lys_store_import_patients (LysStore          *self,
                           LysPatientImport  *import,
                           gboolean           skip_invalid,
                           GError           **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (import != NULL, FALSE);

  if (import->problems->len > 0 && !skip_invalid)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   ngettext ("%u row has a problem, so nothing was imported. Correct it, or import only the good rows.",
                             "%u rows have problems, so nothing was imported. Correct them, or import only the good rows.",
                             import->problems->len),
                   import->problems->len);
      return FALSE;
    }

  if (!_lys_store_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < import->patients->len; i++)
    {
      LysPatient *patient = import->patients->pdata[i];
      LysNationalIdInfo info;

      /* Read before the transaction: check again what may have changed since */
      ok = lys_patient_get_id (patient) == 0 &&
           lys_patient_validate (patient, NULL, &info, error) &&
           check_number_free (self, lys_patient_get_national_id (patient), 0, error) &&
           _lys_store_insert_patient (self, patient, &info, "import", error);
      if (!ok)
        g_prefix_error (error, _("Line %u: "), g_array_index (import->patient_lines, guint, i));
    }

  if (!_lys_store_finish (self, ok, error))
    {
      for (guint i = 0; i < import->patients->len; i++)
        g_object_set (import->patients->pdata[i], "id", (gint64) 0, NULL);
      return FALSE;
    }

  _lys_store_reload_patients (self);
  return TRUE;
}

/* The import's write in a worker: on a connection of its own, through a
 * store of its own on the same file, as the same user */
typedef struct
{
  char             *path;
  LysPatientImport *import;   /* the caller's, kept until the end */
  gboolean          skip_invalid;
} ImportWork;

static void
import_work_free (ImportWork *work)
{
  g_free (work->path);
  g_free (work);
}

static gboolean
import_in_worker (gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ImportWork *work = data;
  g_autoptr(LysStore) writer = lys_store_open (work->path, error);

  return writer != NULL && lys_store_import_patients (writer, work->import, work->skip_invalid, error);
}

/* Back on the store's thread: the list shows who was registered */
static gboolean
after_import (gpointer   source,
              gpointer   data,
              gboolean   worked,
              GError   **error)
{
  if (worked)
    _lys_store_reload_patients (LYS_STORE (source));
  return worked;
}

/**
 * lys_store_import_patients_async:
 * @import: kept by the caller until the import ends
 *
 * lys_store_import_patients() with the write in a worker thread: the
 * window goes on drawing while a long spreadsheet is stored. The import
 * is one transaction whatever happens to the window meanwhile.
 */
void
lys_store_import_patients_async (LysStore            *self,
                                 LysPatientImport    *import,
                                 gboolean             skip_invalid,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportWork *work;
  GError *error = NULL;

  g_return_if_fail (LYS_IS_STORE (self));
  g_return_if_fail (import != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lys_store_import_patients_async);
  /* The worker's store knows nothing of this one's check */
  if (lys_store_get_integrity (self) == LYS_INTEGRITY_CHECKING ||
      lys_store_get_integrity (self) == LYS_INTEGRITY_DAMAGED)
    {
      _lys_store_refuse_change (self, &error);
      g_task_return_error (task, error);
      return;
    }
  work = g_new0 (ImportWork, 1);
  work->path = g_strdup (self->path);
  work->import = import;
  work->skip_invalid = skip_invalid;
  g_task_set_task_data (task, work, (GDestroyNotify) import_work_free);
  _lys_run_in_thread (task, import_in_worker, after_import);
}

gboolean
lys_store_import_patients_finish (LysStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lys_store_log_patient_read:
 * @what: which part of the record was shown, e.g. "preparation"
 *
 * Records in the audit log that the current user opened a patient's record.
 */
gboolean
lys_store_log_patient_read (LysStore    *self,
                            gint64       patient_id,
                            const char  *what,
                            GError     **error)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient_id > 0, FALSE);

  return _lys_store_audit (self, "patient.read", patient_id, "patient", patient_id, what, error);
}

/**
 * lys_store_dup_patient:
 *
 * Returns: (transfer full) (nullable): the patient of the clinic's list
 *   with @patient_id
 */
LysPatient *
lys_store_dup_patient (LysStore *self,
                       gint64    patient_id)
{
  GListModel *patients;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  patients = lys_store_get_patients (self);
  for (guint i = 0, n = g_list_model_get_n_items (patients); i < n; i++)
    {
      g_autoptr(LysPatient) patient = g_list_model_get_item (patients, i);

      if (lys_patient_get_id (patient) == patient_id)
        return g_steal_pointer (&patient);
    }
  return NULL;
}
