/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "lys-db-sqlite.h"
#include "lys-demo.h"
#include "lys-error.h"
#include "lys-server-setup.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

/* Each test opens the clinic itself, in a folder that does not exist yet */
typedef TestFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("lysning-store-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "clinic", "lysning.db", NULL);
}

/* A clinic on the engine the suite runs against (LYSNING_TEST_ENGINE) */
static void
fixture_set_up_engine (Fixture       *f,
                       gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("lysning-store-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = test_clinic_new_address (f->dir);
}

static char *
checksum_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static LysPatient *
make_patient (const char *number,
              const char *given,
              const char *family)
{
  return g_object_new (LYS_TYPE_PATIENT,
                       "national-id", number,
                       "given-name", given,
                       "family-name", family,
                       NULL);
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* The folder is created, the file is the owner's only */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpuint (lys_store_get_schema_version (store), ==, lys_store_get_latest_schema_version ());
  g_assert_cmpint (test_raw_int (f->path, "PRAGMA user_version"), ==, lys_store_get_latest_schema_version ());
  g_assert_cmpstr (lys_store_get_path (store), ==, f->path);
  g_assert_false (lys_store_is_demo (store));

  /* WAL, and its files inherit the owner-only mode */
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_assert_cmpint (g_stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  /* The first run created a profile for the operating-system account, and
   * logged it */
  g_assert_cmpint (lys_store_get_current_staff_id (store), >, 0);
  g_assert_nonnull (lys_store_get_current_staff_name (store));
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM staff"), ==, 1);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log WHERE action = 'staff.create'"), ==, 1);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  g_autoptr(LysPatient) patient = make_patient ("15046600344", "Kari", "Nordmann");
  gint64 staff_id;

  g_assert_no_error (error);
  g_assert_true (lys_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  test_clinic_become (store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);
  g_assert_true (lys_store_set_setting (store, LYS_SETTING_OBSERVATION_MINUTES, 75, &error));
  g_assert_no_error (error);
  staff_id = lys_store_get_current_staff_id (store);
  g_clear_object (&store);

  store = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  /* Same profile, no second one; data and settings survive */
  g_assert_cmpint (lys_store_get_current_staff_id (store), ==, staff_id);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM staff"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (lys_store_get_patients (store)), ==, 1);
  g_assert_cmpfloat (lys_store_get_setting (store, LYS_SETTING_OBSERVATION_MINUTES), ==, 75);
}

static void
test_pragmas (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  sqlite3 *db;
  char *message = NULL;
  int rc;

  g_assert_no_error (error);
  db = lys_db_sqlite_get_handle (_lys_store_get_db (store));
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);

  /* The store's own connection: foreign keys on, synchronous FULL (2). Its
   * wait for a lock is its own handler's: refused after five seconds in
   * test-audit, never starved by a busy writer in test-backup */
  {
    static const struct { const char *sql; int expected; } pragmas[] = {
      { "PRAGMA foreign_keys", 1 },
      { "PRAGMA synchronous", 2 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (pragmas); i++)
      {
        g_autoptr(sqlite3_stmt) stmt = NULL;

        g_assert_cmpint (sqlite3_prepare_v2 (db, pragmas[i].sql, -1, &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, pragmas[i].expected);
      }
  }

  /* so a course of an unknown patient is refused */
  rc = sqlite3_exec (db, "INSERT INTO courses (patient_id, kind, phase, started_on) VALUES (999, 'induction', 'preparation', '2026-01-01')", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);

  /* A stopped course needs its reason */
  rc = test_raw_exec (f->path, "INSERT INTO patients (national_id, id_kind, given_name, family_name, birth_date, created_at, updated_at) VALUES ('01015012397', 'fnr', 'A', 'B', '1950-01-01', 'x', 'x');"
                          "INSERT INTO courses (patient_id, kind, phase, started_on) VALUES (1, 'induction', 'stopped', '2026-01-01')", &message);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  g_free (message);
}

static void
test_newer_schema (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);

  sql = g_strdup_printf ("PRAGMA user_version = %u", lys_store_get_latest_schema_version () + 1);
  g_assert_cmpint (test_raw_exec (f->path, sql, NULL), ==, SQLITE_OK);
  before = checksum_file (f->path);

  store = lys_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version of Lysning"));

  after = checksum_file (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (test_raw_int (f->path, "PRAGMA user_version"), ==, lys_store_get_latest_schema_version () + 1);
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_check_integrity_finish (LYS_STORE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
count_change (guint *changes)
{
  (*changes)++;
}

/* The full check runs in a worker: changes wait for it, refused in words
 * meanwhile, and go through once it has passed */
static void
test_integrity_in_worker (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  g_autoptr(LysPatient) patient = make_patient ("01015012397", "Ola", "Nordmann");
  gboolean done = FALSE;
  guint changes = 0;

  g_assert_no_error (error);
  g_signal_connect_swapped (store, "integrity-changed", G_CALLBACK (count_change), &changes);
  lys_store_check_integrity_async (store, NULL, on_checked_cb, &done);
  g_assert_cmpint (lys_store_get_integrity (store), ==, LYS_INTEGRITY_CHECKING);
  g_assert_false (lys_store_add_patient (store, patient, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "still checking"));
  g_clear_error (&error);

  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (lys_store_get_integrity (store), ==, LYS_INTEGRITY_OK);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (lys_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *original_sum = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  {
    g_autoptr(LysPatient) patient = make_patient ("01015012397", "Ola", "Nordmann");
    g_assert_true (lys_store_add_patient (store, patient, &error));
  }
  g_clear_object (&store);   /* the last connection checkpoints the WAL into the file */

  original_sum = checksum_file (f->path);
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 8192);

  /* Garbage over the second page onwards, the header intact */
  for (gsize i = 4096; i < length; i++)
    contents[i] = (char) (i * 7919);
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));

  store = lys_store_open (copy, &error);
  g_assert_null (store);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  /* Garbage over the patients' page only: the file opens (its schema is
   * whole), the full check finds the damage, and from then on nothing is
   * written to it, whatever path tries */
  {
    g_autofree char *whole = NULL;
    gsize size;
    gint64 page, page_size, audit;

    g_assert_true (g_file_get_contents (f->path, &whole, &size, NULL));
    page = test_raw_int (f->path, "SELECT rootpage FROM sqlite_schema WHERE name = 'patients'");
    page_size = test_raw_int (f->path, "PRAGMA page_size");
    g_assert_cmpint (page, >, 1);
    for (gint64 i = (page - 1) * page_size + 8; i < page * page_size; i++)
      whole[i] = (char) (i * 7919);
    g_assert_true (g_file_set_contents (copy, whole, size, NULL));
    audit = test_raw_int (copy, "SELECT count (*) FROM audit_log");

    store = lys_store_open (copy, &error);
    g_assert_no_error (error);
    g_assert_cmpint (lys_store_get_integrity (store), ==, LYS_INTEGRITY_UNCHECKED);
    g_assert_false (lys_store_check_integrity (store, NULL, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "damaged"));
    g_clear_error (&error);
    g_assert_cmpint (lys_store_get_integrity (store), ==, LYS_INTEGRITY_DAMAGED);
    {
      g_autoptr(LysPatient) patient = make_patient ("15076500565", "Kari", "Nordmann");

      g_assert_false (lys_store_add_patient (store, patient, &error));
    }
    g_assert_error (error, LYS_ERROR, LYS_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "writes nothing"));
    g_clear_error (&error);
    g_assert_cmpint (test_clinic_exec (store, "INSERT INTO meta (key, value) VALUES ('x', 'y')"), ==, LYS_DB_FAULT_DENIED);
    g_clear_object (&store);
    g_assert_cmpint (test_raw_int (copy, "SELECT count (*) FROM audit_log"), ==, audit);
  }

  /* Garbage everywhere: not a database at all */
  memset (contents, 'x', length);
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  store = lys_store_open (copy, &error);
  g_assert_null (store);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_NOT_A_DATABASE);
  g_clear_error (&error);

  /* The original is untouched and still opens */
  {
    g_autofree char *sum = checksum_file (f->path);
    g_assert_cmpstr (sum, ==, original_sum);
  }
  store = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (lys_store_get_patients (store)), ==, 1);
}

static void
test_foreign_database (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = lys_store_open (other, &error);
  g_assert_null (store);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_NOT_A_DATABASE);
  g_assert_cmpint (test_raw_int (other, "SELECT count(*) FROM sqlite_schema"), ==, 1);
}

static void
test_unwritable_folder (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  g_autofree char *blocker = g_build_filename (f->dir, "file", NULL);
  g_autofree char *path = g_build_filename (blocker, "lysning.db", NULL);

  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  store = lys_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_IO);
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  g_autoptr(LysPatient) patient = make_patient ("15046600344", "Kari", "Nordmann");
  g_autofree char *message = NULL;
  gint64 n, id;

  g_assert_no_error (error);
  g_assert_true (lys_store_add_patient (store, patient, &error));
  id = lys_patient_get_id (patient);
  g_assert_cmpint (id, >, 0);
  g_assert_true (lys_store_log_patient_read (store, id, "preparation", &error));
  test_clinic_become (store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);
  g_assert_true (lys_store_set_setting (store, LYS_SETTING_TURNOVER_MINUTES, 20, &error));
  g_assert_no_error (error);

  /* Every write and the read are in the log, with who, role and what */
  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT count(*) FROM audit_log WHERE patient_id = %" G_GINT64_FORMAT
      " AND staff_id = %" G_GINT64_FORMAT " AND role = 'coordinator' AND at LIKE '____-__-__T__:__:__Z'"
      " AND action IN ('patient.create', 'patient.read')",
      id, lys_store_get_current_staff_id (store));
    g_assert_cmpint (test_raw_int (f->path, sql), ==, 2);
  }
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log WHERE action = 'settings.change' AND detail = 'turnover-minutes: 15 → 20'"), ==, 1);
  /* No patient data in the log's free text */
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log WHERE detail LIKE '%Kari%' OR detail LIKE '%15046600344%'"), ==, 0);

  /* The profile: the operating-system account's on one desk, the server
   * login's on a server */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT username FROM staff WHERE id = %" G_GINT64_FORMAT,
                                            lys_store_get_current_staff_id (store));
    g_autofree char *username = test_clinic_query_text (store, sql);
    g_autofree char *login = test_clinic_on_server () ? test_clinic_query_text (store, "SELECT current_user") : NULL;

    g_assert_cmpstr (username, ==, login != NULL ? login : g_get_user_name ());
  }

  /* The log cannot be changed or emptied, whatever path tries */
  n = test_raw_int (f->path, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (test_raw_exec (f->path, "UPDATE audit_log SET action = 'nothing'", &message), ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (message, "append-only"));
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (test_raw_exec (f->path, "DELETE FROM audit_log", &message), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log"), ==, n);
}

static void
test_signed_note_immutable (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  g_autoptr(LysPatient) patient = make_patient ("15046600344", "Kari", "Nordmann");
  g_autofree char *message = NULL;

  g_assert_true (lys_store_add_patient (store, patient, &error));
  g_assert_cmpint (test_raw_exec (f->path,
                             "INSERT INTO notes (patient_id, author_id, template, session_kind, body, status, created_at, updated_at, signed_at, signed_by, content_sha256) "
                             "VALUES (1, 1, 'kap', 'integration', 'Signed text', 'signed', 'x', 'x', 'x', 1, 'abc')", NULL), ==, SQLITE_OK);
  g_assert_cmpint (test_raw_exec (f->path, "UPDATE notes SET body = 'changed'", &message), ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (message, "addendum"));
  g_assert_cmpint (test_raw_int (f->path, "SELECT body = 'Signed text' FROM notes"), ==, 1);
}

/* A trigger that protects signed records, dropped, changed or joined by
 * another with sqlite3: the clinic is refused at the next opening, in
 * words naming it, and nothing is written */
static void
test_triggers_checked (Fixture       *f,
                       gconstpointer  data)
{
  static const char *tampering[] = {
    "DROP TRIGGER notes_signed_immutable",
    "DROP TRIGGER notes_signed_immutable; CREATE TRIGGER notes_signed_immutable BEFORE UPDATE ON notes "
    "WHEN 0 BEGIN SELECT 1; END",
    "CREATE TRIGGER sneak AFTER INSERT ON audit_log BEGIN SELECT 1; END",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tampering); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LysStore) store = NULL;
      g_autofree char *copy = g_strdup_printf ("%s.%u", f->path, i);
      gint64 audit;

      store = lys_store_open (copy, &error);
      g_assert_no_error (error);
      g_clear_object (&store);
      g_assert_cmpint (test_raw_exec (copy, tampering[i], NULL), ==, SQLITE_OK);
      audit = test_raw_int (copy, "SELECT count (*) FROM audit_log");

      store = lys_store_open (copy, &error);
      g_assert_null (store);
      g_assert_error (error, LYS_ERROR, LYS_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, i == 2 ? "sneak" : "notes_signed_immutable"));
      g_assert_cmpint (test_raw_int (copy, "SELECT count (*) FROM audit_log"), ==, audit);
    }
}

static void
test_patient_validation (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  g_autoptr(LysPatient) first = make_patient ("15046600344", "Kari", "Nordmann");
  g_autoptr(LysPatient) duplicate = make_patient ("15046600344", "Ola", "Hansen");
  g_autoptr(LysPatient) bad_digit = make_patient ("15046600343", "Ola", "Hansen");
  g_autoptr(LysPatient) no_name = make_patient ("01015012397", "  ", "Hansen");
  gint64 audit_rows;

  g_assert_true (lys_store_add_patient (store, first, &error));
  audit_rows = test_raw_int (f->path, "SELECT count(*) FROM audit_log");

  g_assert_false (lys_store_add_patient (store, duplicate, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_EXISTS);
  /* The message names the patient who has the number */
  g_assert_nonnull (strstr (error->message, "Kari Nordmann"));
  g_clear_error (&error);

  g_assert_false (lys_store_add_patient (store, bad_digit, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (lys_store_add_patient (store, no_name, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  /* Nothing was written for the refused ones */
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM patients"), ==, 1);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  g_assert_cmpint (lys_patient_get_id (duplicate), ==, 0);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 1);
  (*calls)++;
}

static void
test_patient_model (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  g_autoptr(LysPatient) b = make_patient ("15046600344", "Kari", "Berg");
  g_autoptr(LysPatient) a = make_patient ("01015012397", "Ola", "Aas");
  GListModel *model = lys_store_get_patients (store);
  g_autoptr(LysPatient) first = NULL;
  guint calls = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &calls);
  g_assert_true (lys_store_add_patient (store, b, &error));
  g_assert_true (lys_store_add_patient (store, a, &error));
  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_func (model, on_items_changed, &calls);

  /* One minimal change per addition, sorted by family name */
  g_assert_cmpuint (calls, ==, 2);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (lys_patient_get_family_name (first), ==, "Aas");
  g_assert_cmpstr (lys_patient_get_birth_date (first), ==, "1950-01-01");

  /* Search by name prefix or number, folding Norwegian letters */
  {
    g_autofree char *q1 = lys_patient_fold_query ("kar ber");
    g_autofree char *q2 = lys_patient_fold_query ("1504");
    g_autofree char *q3 = lys_patient_fold_query ("ola berg");
    g_assert_true (lys_patient_matches (b, q1));
    g_assert_true (lys_patient_matches (b, q2));
    g_assert_false (lys_patient_matches (b, q3));
    g_assert_false (lys_patient_matches (a, q2));
  }
}

static void
test_settings_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  gint64 audit_rows;

  /* The dose, the limits and the course rules are a physician's or the
   * lead's: a coordinator's change is refused, and nothing is written */
  test_clinic_become (store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  audit_rows = test_raw_int (f->path, "SELECT count(*) FROM audit_log");
  g_assert_false (lys_store_may_change_setting (store, LYS_SETTING_DOSE_DEFAULT));
  g_assert_true (lys_store_may_change_setting (store, LYS_SETTING_CONSUMABLES_NOK));
  g_assert_false (lys_store_set_setting (store, LYS_SETTING_DOSE_DEFAULT, 0.55, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (lys_store_set_setting (store, LYS_SETTING_COURSE_MIN_HOURS, 72, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM settings"), ==, 0);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log"), ==, audit_rows);

  test_clinic_become (store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);
  audit_rows = test_raw_int (f->path, "SELECT count(*) FROM audit_log");
  g_assert_false (lys_store_set_setting (store, LYS_SETTING_DOSE_DEFAULT, 0.9, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lys_store_set_setting (store, LYS_SETTING_BP_START_SYSTOLIC, 190, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);

  g_assert_cmpfloat (lys_store_get_setting (store, LYS_SETTING_DOSE_DEFAULT), ==, 0.5);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM settings"), ==, 0);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log"), ==, audit_rows);

  /* Setting the same value again writes nothing */
  g_assert_true (lys_store_set_setting (store, LYS_SETTING_DOSE_DEFAULT, 0.5, NULL));
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log"), ==, audit_rows);
}

/* The institution: kept as given, each change in the audit log; numbers
 * that fail their check, or a change by someone other than the lead once
 * the clinic has one, write nothing */
static void
test_institution (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (f->path, &error);
  g_autoptr(LysInstitution) institution = lys_store_dup_institution (store);
  g_autoptr(LysInstitution) stored = NULL;
  gint64 audit_rows;

  g_assert_null (institution->name);
  g_assert_cmpint (institution->kind, ==, LYS_INSTITUTION_OTHER);
  test_clinic_become (store, "Kari Koordinator", LYS_ROLE_COORDINATOR);

  institution->name = g_strdup ("  Helse Fjord HF, Fjordklinikken DPS ");
  institution->kind = LYS_INSTITUTION_DPS;
  institution->organisation_number = g_strdup ("974760673");
  institution->resh_id = g_strdup ("4001031");
  audit_rows = test_raw_int (f->path, "SELECT count(*) FROM audit_log");
  g_assert_true (lys_store_set_institution (store, institution, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log WHERE action = 'setting.update'"), ==, 4);

  stored = lys_store_dup_institution (store);
  g_assert_cmpstr (stored->name, ==, "Helse Fjord HF, Fjordklinikken DPS");
  g_assert_cmpint (stored->kind, ==, LYS_INSTITUTION_DPS);
  g_assert_cmpstr (stored->organisation_number, ==, "974760673");
  g_assert_cmpstr (stored->resh_id, ==, "4001031");
  /* The name is the one printed on the forms */
  {
    g_autofree char *clinic = lys_store_dup_clinic_name (store);

    g_assert_cmpstr (clinic, ==, "Helse Fjord HF, Fjordklinikken DPS");
  }

  /* A wrong check digit: refused, nothing written */
  audit_rows = test_raw_int (f->path, "SELECT count(*) FROM audit_log");
  g_free (institution->organisation_number);
  institution->organisation_number = g_strdup ("974760674");
  g_assert_false (lys_store_set_institution (store, institution, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  g_clear_pointer (&stored, lys_institution_free);
  stored = lys_store_dup_institution (store);
  g_assert_cmpstr (stored->organisation_number, ==, "974760673");

  /* A number taken away is gone; only what changed is logged */
  g_clear_pointer (&institution->organisation_number, g_free);
  g_free (institution->resh_id);
  institution->resh_id = g_strdup ("   ");
  g_assert_true (lys_store_set_institution (store, institution, &error));
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log"), ==, audit_rows + 2);
  g_clear_pointer (&stored, lys_institution_free);
  stored = lys_store_dup_institution (store);
  g_assert_null (stored->organisation_number);
  g_assert_null (stored->resh_id);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM settings WHERE key IN ('organisation-number', 'resh-id')"), ==, 0);

  /* With a lead, it is the lead's */
  g_assert_cmpint (test_clinic_exec (store, "INSERT INTO staff (name, role, kap_certified, created_at, lead) "
                                            "VALUES ('Lise Leder', 'physician', 0, '2026-01-01T00:00:00Z', 1)"),
                   ==, LYS_DB_FAULT_NONE);
  g_assert_true (lys_store_has_lead (store));
  audit_rows = test_raw_int (f->path, "SELECT count(*) FROM audit_log");
  institution->kind = LYS_INSTITUTION_HOSPITAL;
  g_assert_false (lys_store_set_institution (store, institution, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log"), ==, audit_rows);
}

/* A table's rows as text, in id order, reals as reals: the same on both
 * engines when the rows are */
static char *
dump_table (LysDb      *db,
            const char *table,
            GPtrArray  *columns,
            GPtrArray  *kinds)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GString) dump = g_string_new (NULL);
  g_autoptr(LysDbStmt) stmt = NULL;

  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", (char *) columns->pdata[i]);
  g_string_append_printf (sql, " FROM %s ORDER BY 1, 2", table);
  stmt = lys_db_prepare (db, sql->str, NULL);
  g_assert_nonnull (stmt);
  while (lys_db_step (stmt) == LYS_DB_ROW)
    {
      for (guint i = 0; i < columns->len; i++)
        {
          if (lys_db_column_is_null (stmt, (int) i))
            g_string_append (dump, "\\N");
          else if (g_str_equal (kinds->pdata[i], "REAL"))
            g_string_append_printf (dump, "%.17g", lys_db_column_double (stmt, (int) i));
          else
            g_string_append (dump, lys_db_column_text (stmt, (int) i));
          g_string_append_c (dump, '\x1f');
        }
      g_string_append_c (dump, '\n');
    }
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

/* Every table of @a's but the audit log, the meta rows and the staff (which
 * the opening of a clinic adds to), row for row in @b; returns how many */
static guint
compare_clinics (const char *a,
                 const char *b)
{
  g_autoptr(LysDb) from = test_raw_connect (a);
  g_autoptr(LysDb) to = test_raw_connect (b);
  /* The tables as SQLite names them: one side is a file */
  g_autoptr(LysDb) file = test_raw_connect (lys_store_is_server_address (a) ? b : a);
  g_autoptr(LysDbStmt) tables = NULL;
  guint compared = 0;

  tables = lys_db_prepare (file, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                                 "AND name NOT LIKE '%fts%' AND name NOT IN ('audit_log', 'meta', 'staff')", NULL);
  while (lys_db_step (tables) == LYS_DB_ROW)
    {
      const char *table = lys_db_column_text (tables, 0);
      g_autofree char *info = g_strdup_printf ("SELECT name, upper (type) FROM pragma_table_info ('%s')", table);
      g_autoptr(LysDbStmt) columns = lys_db_prepare (file, info, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) kinds = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *there = NULL;
      g_autofree char *here = NULL;

      while (lys_db_step (columns) == LYS_DB_ROW)
        {
          g_ptr_array_add (names, g_strdup (lys_db_column_text (columns, 0)));
          g_ptr_array_add (kinds, g_strdup (lys_db_column_text (columns, 1)));
        }
      there = dump_table (from, table, names, kinds);
      here = dump_table (to, table, names, kinds);
      g_test_message ("%s: %zu bytes", table, strlen (there));
      g_assert_cmpstr (here, ==, there);
      compared++;
    }
  return compared;
}

/* A clinic moved from its file onto a server holds the same rows, and its
 * audit log and signed records hold there; a second copy into it, or one
 * from a file whose log was changed, is refused */
static void
test_copy_to_server (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->dir, "clinic.db", NULL);
  g_autofree char *server = NULL;
  LysCopyResult result;
  gboolean copied;

  if (!test_clinic_on_server ())
    {
      g_test_skip ("a copy onto a PostgreSQL server: LYSNING_TEST_ENGINE=postgresql");
      return;
    }
  server = test_clinic_new_address (f->dir);
  {
    g_autoptr(LysStore) clinic = lys_store_open (file, &error);

    g_assert_no_error (error);
    g_assert_true (lys_demo_seed (clinic, 60, 2, NULL, &error));
    g_assert_no_error (error);
  }

  copied = lys_store_copy_clinic (file, server, &result, &error);
  g_assert_no_error (error);
  g_assert_true (copied);
  g_assert_cmpuint (result.rows, >, 1000);
  g_assert_cmpuint (result.audit_rows, >, 0);
  lys_copy_result_clear (&result);

  /* Row for row, but the audit rows written after, and the meta row of
   * the server's schema */
  g_assert_cmpuint (compare_clinics (file, server), >=, 25);
  /* The file's log is the server's first rows, link for link */
  g_assert_cmpint (test_raw_int (server, "SELECT count (*) FROM audit_log"), >,
                   test_raw_int (file, "SELECT count (*) FROM audit_log"));

  /* Into a clinic that has records: refused, nothing written */
  {
    gint64 rows = test_raw_int (server, "SELECT count (*) FROM patients");

    g_assert_false (lys_store_copy_clinic (file, server, NULL, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_HAS_DATA);
    g_clear_error (&error);
    g_assert_cmpint (test_raw_int (server, "SELECT count (*) FROM patients"), ==, rows);
  }

  /* And back: a backup of the server is a clinic file with the same rows,
   * which restores and opens with its chain whole */
  {
    g_autoptr(LysStore) store = lys_store_open (server, &error);
    g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
    g_autofree char *restored = g_build_filename (f->dir, "restored.db", NULL);
    LysBackupResult backed = { 0 };
    LysAuditCheck check;

    g_assert_no_error (error);
    test_clinic_become (store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);
    g_assert_true (lys_store_backup (store, backup, &backed, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (backed.audit_rows, >, 0);
    lys_backup_result_clear (&backed);
    g_assert_cmpuint (compare_clinics (file, backup), >=, 25);

    g_assert_true (lys_backup_restore (backup, restored, NULL, &error));
    g_assert_no_error (error);
    g_clear_object (&store);
    store = lys_store_open (restored, &error);
    g_assert_no_error (error);
    g_assert_true (lys_store_verify_audit (store, &check, &error));
    g_assert_cmpint (check.broken_id, ==, 0);
    g_assert_cmpuint (check.unchecked, ==, 0);
    lys_audit_check_clear (&check);
    g_assert_cmpint (lys_store_count_altered_records (store, NULL, NULL, &error), ==, 0);
    g_assert_no_error (error);
  }
  test_clinic_drop_address (server);
}

/* A database named in a message: never with the password written into its
 * address */
static void
test_display_name (void)
{
  static const struct { const char *address; const char *shown; } cases[] = {
    { "postgresql://kari:hemmelig@db.klinikk.local:5432/lysning?sslmode=verify-full",
      "postgresql://kari@db.klinikk.local:5432/lysning" },
    { "host=db.klinikk.local dbname=lysning user=kari password=hemmelig", "postgresql://kari@db.klinikk.local/lysning" },
    { "postgresql:///lysning", "postgresql:///lysning" },
    { "service=lysning", "service=lysning" },
    { "/home/kari/lysning.db", "/home/kari/lysning.db" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = lys_store_dup_display_name (cases[i].address);

      g_assert_cmpstr (shown, ==, cases[i].shown);
      g_assert_null (strstr (shown, "hemmelig"));
    }
}

/* The server drops the store's connection (a restart, the network) */
static void
drop_connection (LysStore *store)
{
  gint64 pid = test_clinic_query_int (store, "SELECT pg_backend_pid ()");
  g_autoptr(LysDb) admin = test_raw_connect ("postgresql:///postgres");
  g_autofree char *sql = g_strdup_printf ("SELECT pg_terminate_backend (%" G_GINT64_FORMAT ", 5000)", pid);

  g_assert_true (lys_db_exec (admin, sql, NULL));
}

/* Between two changes, the next one is made on a new connection, linked
 * into the audit log with the same key; within a transaction, the
 * transaction is lost: its statements fail until its rollback, and none
 * runs on the new connection on its own */
static void
test_server_reconnect (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  g_autoptr(LysPatient) kari = make_patient ("15046600344", "Kari", "Nordmann");
  g_autoptr(LysPatient) ola = make_patient ("01015012397", "Ola", "Nordmann");
  LysAuditCheck check = { 0 };
  LysDb *db;
  gint64 first;

  if (!test_clinic_on_server ())
    {
      g_test_skip ("a connection a server drops: LYSNING_TEST_ENGINE=postgresql");
      return;
    }
  store = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  db = _lys_store_get_db (store);
  first = test_clinic_query_int (store, "SELECT pg_backend_pid ()");

  drop_connection (store);
  g_assert_true (lys_store_add_patient (store, kari, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_clinic_query_int (store, "SELECT pg_backend_pid ()"), !=, first);
  g_assert_cmpint (test_clinic_query_int (store, "SELECT count (*) FROM patients"), ==, 1);

  /* Within a transaction */
  g_assert_true (lys_db_begin (db, &error));
  g_assert_cmpint (test_clinic_exec (store, "UPDATE patients SET phone = '12345678'"), ==, LYS_DB_FAULT_NONE);
  drop_connection (store);
  g_assert_cmpint (test_clinic_exec (store, "UPDATE patients SET email = 'kari@example.no'"), !=, LYS_DB_FAULT_NONE);
  g_assert_cmpint (test_clinic_exec (store, "UPDATE patients SET email = 'kari@example.no'"), !=, LYS_DB_FAULT_NONE);
  lys_db_rollback (db);
  g_assert_cmpint (test_clinic_query_int (store, "SELECT count (*) FROM patients WHERE phone IS NOT NULL "
                                                 "OR email IS NOT NULL"), ==, 0);

  /* And on again, the log whole */
  g_assert_true (lys_store_add_patient (store, ola, &error));
  g_assert_no_error (error);
  g_assert_true (lys_store_verify_audit (store, &check, &error));
  g_assert_no_error (error);
  g_assert_cmpint (check.broken_id, ==, 0);
  lys_audit_check_clear (&check);
}

/* Runs the main loop until @cond holds; fails after @seconds */
#define AWAIT(cond, seconds) \
  G_STMT_START { \
    gint64 until_ = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(cond)) \
      { \
        g_assert_cmpint (g_get_monotonic_time (), <, until_); \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (1000); \
      } \
  } G_STMT_END

/* What a store announced, as a view hears it */
typedef struct
{
  guint bookings;
  guint patients;
  gint64 last_patient;
  guint connection;
} Heard;

static void
on_heard_bookings_cb (LysStore *store,
                      Heard    *heard)
{
  heard->bookings++;
}

static void
on_heard_patient_cb (LysStore *store,
                     gint64    patient_id,
                     Heard    *heard)
{
  heard->patients++;
  heard->last_patient = patient_id;
}

static void
on_heard_connection_cb (LysStore *store,
                        Heard    *heard)
{
  heard->connection++;
}

static void
count_holders_changed (guint *changed)
{
  (*changed)++;
}

static void
listen_to (LysStore *store,
           Heard    *heard)
{
  g_signal_connect (store, "bookings-changed", G_CALLBACK (on_heard_bookings_cb), heard);
  g_signal_connect (store, "patient-changed", G_CALLBACK (on_heard_patient_cb), heard);
  g_signal_connect (store, "connection-changed", G_CALLBACK (on_heard_connection_cb), heard);
}

static void
stop_listening_to (LysStore *store,
                   Heard    *heard)
{
  g_signal_handlers_disconnect_by_data (store, heard);
}

/* Borrowed: the model holds it */
static LysPatient *
patient_at (GListModel *model,
            guint       position)
{
  g_autoptr(LysPatient) patient = g_list_model_get_item (model, position);

  return patient;
}

/* Two workstations on one server: what one changes, the other's lists and
 * views follow within a second, each change announced once */
static void
test_server_live (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) here = NULL;
  g_autoptr(LysStore) there = NULL;
  g_autoptr(LysPatient) kari = make_patient ("15046600344", "Kari", "Nordmann");
  g_autoptr(LysPatient) ola = make_patient ("01015012397", "Ola", "Nordmann");
  g_autoptr(LysPatient) renamed = NULL;
  g_autoptr(GDateTime) booked_at = test_clinic_at (3, 9, 9, 0);
  g_autoptr(GDateTime) moved_to = NULL;
  Heard heard_here = { 0 }, heard_there = { 0 };
  GListModel *list;
  LysPatient *kari_there;
  TestClinic clinic;

  if (!test_clinic_on_server ())
    {
      g_test_skip ("two workstations on a server: LYSNING_TEST_ENGINE=postgresql");
      return;
    }
  here = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  there = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (lys_store_follow_others (here, &error));
  g_assert_true (lys_store_follow_others (there, &error));
  g_assert_no_error (error);
  g_assert_true (lys_store_get_connected (there));
  list = lys_store_get_patients (there);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  listen_to (here, &heard_here);
  listen_to (there, &heard_there);

  /* A patient registered here is in the other desk's list */
  g_assert_true (lys_store_add_patient (here, kari, &error));
  g_assert_no_error (error);
  AWAIT (g_list_model_get_n_items (list) == 1, 1);
  kari_there = patient_at (list, 0);
  g_assert_cmpstr (lys_patient_get_given_name (kari_there), ==, "Kari");
  g_assert_cmpint (heard_there.last_patient, ==, lys_patient_get_id (kari));
  g_assert_true (lys_store_add_patient (here, ola, &error));
  g_assert_no_error (error);
  AWAIT (g_list_model_get_n_items (list) == 2, 1);
  g_assert_cmpstr (lys_patient_get_given_name (patient_at (list, 0)), ==, "Kari");

  /* A new name: the same object takes it, and moves in the sorted list */
  renamed = make_patient ("15046600344", "Kari", "Aas");
  g_object_set (renamed, "phone", "41234567", NULL);
  g_assert_true (lys_store_update_patient (here, kari, renamed, &error));
  g_assert_no_error (error);
  AWAIT (g_strcmp0 (lys_patient_get_family_name (kari_there), "Aas") == 0, 1);
  g_assert_true (patient_at (list, 0) == kari_there);
  g_assert_cmpstr (lys_patient_get_given_name (patient_at (list, 1)), ==, "Ola");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  /* A booking made and moved here: the other desk hears it, once for
   * each change; this desk does not hear its own change again */
  test_clinic_setup (here, booked_at, TEST_CLINIC_READY, &clinic);
  AWAIT (heard_there.bookings > 0 && g_list_model_get_n_items (list) == 3, 1);
  heard_here = (Heard) { 0 };
  heard_there = (Heard) { 0 };
  moved_to = g_date_time_add_hours (booked_at, 2);
  g_assert_true (lys_store_move_booking (here, clinic.appointment, moved_to, 0, NULL, &error));
  g_assert_no_error (error);
  AWAIT (heard_there.bookings == 1 && heard_there.last_patient == clinic.patient, 1);
  g_assert_cmpuint (heard_here.bookings, ==, 1);
  /* Nothing more comes: the change was told once */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (100000);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (heard_there.bookings, ==, 1);
  g_assert_cmpuint (heard_here.bookings, ==, 1);
  g_assert_cmpint (heard_here.connection + heard_there.connection, ==, 0);

  /* A record held open for writing here: the other desk hears it and sees
   * who; let go, no one */
  {
    g_auto(GStrv) none = lys_store_dup_holders (there, LYS_HELD_INFUSION, 41);
    g_auto(GStrv) holders = NULL;
    g_auto(GStrv) after = NULL;
    g_auto(GStrv) own = NULL;
    guint changed = 0;
    gulong handler = g_signal_connect_swapped (there, "holders-changed", G_CALLBACK (count_holders_changed), &changed);

    g_assert_cmpuint (g_strv_length (none), ==, 0);
    lys_store_hold_record (here, LYS_HELD_INFUSION, 41);
    lys_store_hold_record (here, LYS_HELD_INFUSION, 41);
    AWAIT (changed == 1, 1);
    holders = lys_store_dup_holders (there, LYS_HELD_INFUSION, 41);
    g_assert_cmpuint (g_strv_length (holders), ==, 1);
    g_assert_cmpstr (holders[0], ==, lys_store_get_current_staff_name (here));
    /* Not another kind of record, nor another one; nor this desk itself */
    g_strfreev (none);
    none = lys_store_dup_holders (there, LYS_HELD_NOTE, 41);
    g_assert_cmpuint (g_strv_length (none), ==, 0);
    own = lys_store_dup_holders (here, LYS_HELD_INFUSION, 41);
    g_assert_cmpuint (g_strv_length (own), ==, 0);
    /* Held twice, let go of twice */
    lys_store_release_record (here, LYS_HELD_INFUSION, 41);
    g_strfreev (holders);
    holders = lys_store_dup_holders (there, LYS_HELD_INFUSION, 41);
    g_assert_cmpuint (g_strv_length (holders), ==, 1);
    lys_store_release_record (here, LYS_HELD_INFUSION, 41);
    AWAIT (changed == 2, 1);
    after = lys_store_dup_holders (there, LYS_HELD_INFUSION, 41);
    g_assert_cmpuint (g_strv_length (after), ==, 0);
    g_signal_handler_disconnect (there, handler);
  }

  /* A login that floods the channel (any login may NOTIFY): the other desk
   * reads again at most every tenth of a second; and many records at once
   * are "any", read once */
  {
    gint64 started = g_get_monotonic_time ();
    g_autoptr(GString) many = g_string_new ("BEGIN; ");
    gint64 elapsed_ms;

    heard_there = (Heard) { 0 };
    for (guint i = 0; i < 400; i++)
      {
        g_assert_cmpint (test_clinic_exec (here, "NOTIFY lysning, 'bookings'"), ==, LYS_DB_FAULT_NONE);
        while (g_main_context_iteration (NULL, FALSE));
      }
    AWAIT (heard_there.bookings > 0, 1);
    elapsed_ms = (g_get_monotonic_time () - started) / 1000;
    g_test_message ("400 announcements in %" G_GINT64_FORMAT " ms, read again %u times", elapsed_ms,
                    heard_there.bookings);
    g_assert_cmpuint (heard_there.bookings, <=, elapsed_ms / 100 + 2);

    heard_there = (Heard) { 0 };
    for (guint i = 0; i < 200; i++)
      g_string_append_printf (many, "NOTIFY lysning, 'patient:%u'; ", 100000 + i);
    g_string_append (many, "COMMIT");
    g_assert_cmpint (test_clinic_exec (here, many->str), ==, LYS_DB_FAULT_NONE);
    AWAIT (heard_there.patients > 0, 1);
    g_usleep (200000);
    while (g_main_context_iteration (NULL, FALSE));
    g_assert_cmpuint (heard_there.patients, ==, 1);
    g_assert_cmpint (heard_there.last_patient, ==, 0);
  }

  stop_listening_to (here, &heard_here);
  stop_listening_to (there, &heard_there);
}

/* The server restarts under a workstation: it says so, comes back by
 * itself, tells the views to read again, and hears the other desks again */
static void
test_server_restart (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) here = NULL;
  g_autoptr(LysStore) there = NULL;
  g_autoptr(LysPatient) kari = make_patient ("15046600344", "Kari", "Nordmann");
  Heard heard = { 0 };
  GListModel *list;

  if (!test_clinic_on_server ())
    {
      g_test_skip ("a server restart: LYSNING_TEST_ENGINE=postgresql");
      return;
    }
  here = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  there = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (lys_store_follow_others (here, &error));
  g_assert_no_error (error);
  list = lys_store_get_patients (here);
  listen_to (here, &heard);

  test_clinic_control_server ("restart");
  AWAIT (heard.connection == 1, 5);
  g_assert_false (lys_store_get_connected (here));
  AWAIT (heard.connection == 2, 15);
  g_assert_true (lys_store_get_connected (here));
  g_assert_cmpint (heard.last_patient, ==, 0);
  g_assert_cmpuint (heard.bookings, ==, 1);

  /* Listening again: a patient the other desk registers shows */
  g_assert_true (lys_store_add_patient (there, kari, &error));
  g_assert_no_error (error);
  AWAIT (g_list_model_get_n_items (list) == 1, 1);
  stop_listening_to (here, &heard);
}

/* The server set up for a team of two, each with the password "team-test":
 * Kari, a coordinator, and Per, a psychologist, the lead when @per_leads */
static void
set_up_team (Fixture  *f,
             LysStore *admin,
             gboolean  per_leads)
{
  g_autoptr(GError) error = NULL;

  lys_server_init (f->path, &error);
  g_assert_no_error (error);
  lys_server_add_staff (f->path, "kari.koordinator", LYS_ROLE_COORDINATOR, FALSE, &error);
  g_assert_no_error (error);
  lys_server_add_staff (f->path, "per.psykolog", LYS_ROLE_PSYCHOLOGIST, per_leads, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_clinic_exec (admin, "ALTER ROLE \"kari.koordinator\" PASSWORD 'team-test'; "
                                            "ALTER ROLE \"per.psykolog\" PASSWORD 'team-test'"), ==, LYS_DB_FAULT_NONE);
}

/* A demo clinic of 30 patients with two years of history, on a server set
 * up for Kari and Per (set_up_team ()), as its administrator sees it */
static LysStore *
open_demo_team (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) admin = lys_store_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_true (lys_demo_seed (admin, 30, 2, NULL, &error));
  g_assert_no_error (error);
  set_up_team (f, admin, FALSE);
  return g_steal_pointer (&admin);
}

/* A staff member's own login: what the server lets it do */
static LysStore *
open_as (const char *address,
         const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *as = g_strdup_printf ("%s?user=%s&password=team-test", address, login);
  LysStore *store = lys_store_open (as, &error);

  g_assert_no_error (error);
  return store;
}

/* A server database made by an earlier version: a staff member's login may
 * not change the schema and is told who does, leaving it as it was; the
 * administrator's --init-server brings it up to date, as the owner */
static void
test_server_upgrade (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) admin = NULL;
  g_autoptr(LysStore) kari = NULL;
  g_autofree char *as_kari = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  gint64 patient;

  if (!test_clinic_on_server ())
    {
      g_test_skip ("migrations on a server: LYSNING_TEST_ENGINE=postgresql");
      return;
    }

  admin = open_demo_team (f);
  g_assert_cmpuint (lys_store_get_schema_version (admin), ==, lys_store_get_latest_schema_version ());
  patient = test_clinic_query_int (admin, "SELECT min (c.patient_id) FROM courses c JOIN appointments a "
                                          "ON a.course_id = c.id WHERE a.kind = 'preparation'");
  /* As the last version left it */
  g_assert_cmpint (test_clinic_exec (admin, "DROP VIEW preparation_arrangements, ratings_taken, eligibility_status; "
                                            "UPDATE meta SET value = '23' WHERE key = 'schema-version'"),
                   ==, LYS_DB_FAULT_NONE);
  g_clear_object (&admin);

  as_kari = g_strdup_printf ("%s?user=kari.koordinator&password=team-test", f->path);
  kari = lys_store_open (as_kari, &error);
  g_assert_null (kari);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "has schema 23"));
  g_assert_nonnull (strstr (error->message, "lysning --init-server"));
  g_clear_error (&error);

  g_assert_true (lys_server_init (f->path, &error));
  g_assert_no_error (error);
  kari = lys_store_open (as_kari, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lys_store_get_schema_version (kari), ==, lys_store_get_latest_schema_version ());
  g_assert_cmpint (test_clinic_query_int (kari, "SELECT count (*) FROM pg_views WHERE viewname = "
                                                "'preparation_arrangements' AND viewowner = 'lysning_owner'"), ==, 1);
  /* And what it holds is the coordinator's to read */
  sessions = lys_store_list_preparation_sessions (kari, patient, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, >, 0);
  g_assert_cmpint (test_clinic_query_int (kari, "SELECT count (*) FROM preparation_arrangements"), >, 0);
}

/* The lead adds a colleague's login from the window: made on the server in
 * the group of its role, with its first password, logged; moved to another
 * role later; anyone else refused by the server too, psql included; no
 * role outside the clinic's staff touched */
static void
test_server_admit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) admin = NULL;
  g_autoptr(LysStore) kari = NULL;
  g_autoptr(LysStore) per = NULL;
  g_autoptr(LysStore) nina = NULL;
  g_autofree char *as_nina = NULL;

  if (!test_clinic_on_server ())
    {
      g_test_skip ("logins on a server: LYSNING_TEST_ENGINE=postgresql");
      return;
    }
  admin = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  set_up_team (f, admin, TRUE);
  test_clinic_exec (admin, "DROP ROLE IF EXISTS \"nina.admitted\"");
  kari = open_as (f->path, "kari.koordinator");
  per = open_as (f->path, "per.psykolog");
  g_assert_true (lys_store_is_lead (per));

  /* Checked before the server hears it */
  g_assert_false (lys_store_admit_staff (per, "nina\"; DROP ROLE lysning_owner; --", LYS_ROLE_NURSE, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lys_store_admit_staff (per, "nina.admitted", LYS_ROLE_NURSE, "kort", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lys_store_admit_staff (kari, "nina.admitted", LYS_ROLE_NURSE, "første-passord", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);

  /* Made, and the colleague signs in with it as a nurse */
  g_assert_true (lys_store_admit_staff (per, "nina.admitted", LYS_ROLE_NURSE, "første-passord", &error));
  g_assert_no_error (error);
  as_nina = g_strdup_printf ("%s?user=nina.admitted&password=f%%C3%%B8rste-passord", f->path);
  nina = lys_store_open (as_nina, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lys_store_get_current_role (nina), ==, LYS_ROLE_NURSE);
  g_assert_false (lys_store_is_lead (nina));
  g_clear_object (&nina);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM audit_log WHERE action = 'staff.admit' "
                                                 "AND detail = 'login nina.admitted, role nurse'"), ==, 1);
  /* What the server keeps is a verifier, never the password */
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM pg_authid WHERE rolname = 'nina.admitted' "
                                                 "AND rolpassword LIKE 'SCRAM-SHA-256$%'"), ==, 1);

  /* Moved: one clinical group, the new one */
  g_assert_true (lys_store_admit_staff (per, "nina.admitted", LYS_ROLE_COORDINATOR, NULL, &error));
  g_assert_no_error (error);
  nina = lys_store_open (as_nina, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lys_store_get_current_role (nina), ==, LYS_ROLE_COORDINATOR);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM pg_auth_members m "
                                                 "JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                                                 "WHERE u.rolname = 'nina.admitted'"), ==, 1);

  /* No role outside the clinic's staff, the server's own least of all */
  g_assert_false (lys_store_admit_staff (per, "postgres", LYS_ROLE_NURSE, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (lys_store_admit_staff (per, "lysning_owner", LYS_ROLE_NURSE, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);

  /* The server refuses the others itself, psql as much as the window */
  g_assert_cmpint (test_clinic_exec (kari, "SELECT lysning_admit_staff ('mallory', 'physician', NULL)"), ==,
                   LYS_DB_FAULT_DENIED);
  g_assert_cmpint (test_clinic_exec (nina, "SELECT lysning_admit_staff ('mallory', 'physician', NULL)"), ==,
                   LYS_DB_FAULT_DENIED);
  g_assert_cmpint (test_clinic_exec (per, "SELECT lysning_admit_staff ('x''; DROP TABLE notes; --', 'nurse', NULL)"),
                   !=, LYS_DB_FAULT_NONE);
  g_assert_cmpint (test_clinic_exec (per, "SELECT lysning_admit_staff ('mallory', 'lead', NULL)"), !=,
                   LYS_DB_FAULT_NONE);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM pg_roles WHERE rolname = 'mallory'"), ==, 0);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM notes"), >=, 0);
  /* Set up again, it is all in place, the function its own role's */
  set_up_team (f, admin, TRUE);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM pg_proc WHERE proname = 'lysning_admit_staff' "
                                                 "AND pg_get_userbyid (proowner) = 'lysning_admit'"), ==, 1);
  g_clear_object (&nina);
  test_clinic_exec (admin, "DROP ROLE IF EXISTS \"nina.admitted\"");
}

/* The server set up for a team: an owner role owns the schema; each staff
 * member's login is in the group of their role, which the profile follows;
 * the audit log can be added to and read, never changed or emptied, by any
 * login */
static void
test_server_team (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) admin = NULL;
  g_autoptr(LysStore) kari = NULL;
  g_autoptr(LysStore) per = NULL;
  g_autoptr(LysPatient) patient = make_patient ("15046600344", "Åse", "Aabø");
  static const char *const changes[] = {
    "UPDATE audit_log SET detail = 'endret'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER USER",
    "DROP TABLE notes",
    "CREATE TABLE mine (id int)",
  };
  LysAuditCheck check = { 0 };
  gint64 rows;

  if (!test_clinic_on_server ())
    {
      g_test_skip ("roles on a server: LYSNING_TEST_ENGINE=postgresql");
      return;
    }

  /* A clinic that began on the server as the administrator's login: set up
   * twice, the second run finding it all in place */
  admin = lys_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM pg_tables WHERE schemaname = 'public' "
                                                 "AND tableowner = current_user"), >, 0);
  set_up_team (f, admin, TRUE);
  set_up_team (f, admin, TRUE);

  /* A login that could carry SQL is refused before the server hears it */
  g_assert_false (lys_server_add_staff (f->path, "kari\"; DROP ROLE lysning_owner; --", LYS_ROLE_NURSE, FALSE, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lys_server_add_staff (f->path, "", LYS_ROLE_NURSE, FALSE, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM pg_tables WHERE schemaname = 'public' "
                                                 "AND tableowner <> 'lysning_owner'"), ==, 0);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM pg_roles WHERE rolname = 'lysning_owner' "
                                                 "AND NOT rolcanlogin"), ==, 1);

  /* The profile follows the group, the lead's included */
  kari = open_as (f->path, "kari.koordinator");
  g_assert_cmpint (lys_store_get_current_role (kari), ==, LYS_ROLE_COORDINATOR);
  g_assert_false (lys_store_is_lead (kari));
  /* The roles are the server's to set, for a login in a group */
  g_assert_true (lys_store_roles_set_on_server (kari));
  g_assert_false (lys_store_roles_set_on_server (admin));
  per = open_as (f->path, "per.psykolog");
  g_assert_cmpint (lys_store_get_current_role (per), ==, LYS_ROLE_PSYCHOLOGIST);
  g_assert_true (lys_store_is_lead (per));

  /* Moved to another group by the administrator: the profile follows at
   * the next start, and the change is in the audit log */
  g_clear_object (&per);
  g_assert_true (lys_server_add_staff (f->path, "per.psykolog", LYS_ROLE_PHYSICIAN, FALSE, &error));
  g_assert_no_error (error);
  per = open_as (f->path, "per.psykolog");
  g_assert_cmpint (lys_store_get_current_role (per), ==, LYS_ROLE_PHYSICIAN);
  g_assert_false (lys_store_is_lead (per));
  /* Its own name is the staff member's to give, on a server too */
  g_assert_true (lys_store_update_current_profile (per, "Per Lege", LYS_ROLE_PHYSICIAN, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM staff WHERE username = 'per.psykolog' "
                                                 "AND name = 'Per Lege' AND role = 'physician'"), ==, 1);
  /* Out of the group it was in, in the one it is in now, and no other */
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT string_agg (r.rolname, ',') = 'lysning_physician' "
                                                 "FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                                                 "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = 'per.psykolog'"),
                   ==, 1);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM audit_log WHERE action = 'staff.update' "
                                                 "AND detail LIKE 'role physician%'"), ==, 1);

  /* Work goes on as before, its audit rows added by the login */
  rows = test_clinic_query_int (admin, "SELECT count (*) FROM audit_log");
  g_assert_true (lys_store_add_patient (kari, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM audit_log"), >, rows);

  /* What the log holds, or the schema, no login changes: the server says no */
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_assert_cmpint (test_clinic_exec (kari, changes[i]), ==, LYS_DB_FAULT_DENIED);
      g_assert_cmpint (test_clinic_exec (per, changes[i]), ==, LYS_DB_FAULT_DENIED);
    }
  g_assert_true (lys_store_verify_audit (admin, &check, &error));
  g_assert_no_error (error);
  g_assert_cmpint (check.broken_id, ==, 0);
  lys_audit_check_clear (&check);
}

/* A coordinator on a server set up for a team, at their day's work on a
 * clinic with a history: the patient list, the week, the follow-up list
 * and each patient's course and sessions all come; a note's text, a
 * rating's score and a reading's values do not, whoever asks the server */
static void
test_server_coordinator (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) admin = NULL;
  g_autoptr(LysStore) kari = NULL;
  g_autoptr(LysStore) per = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) from = g_date_time_add_days (now, -90);
  g_autoptr(GDateTime) until = g_date_time_add_days (now, 90);
  g_autoptr(GListModel) bookings = NULL;
  g_autoptr(GPtrArray) due = NULL;
  GListModel *patients;
  GDate today;
  static const char *const withheld[] = {
    "SELECT body FROM notes",
    "SELECT sections FROM notes",
    "SELECT body FROM note_addenda",
    "SELECT answers FROM ratings",
    "SELECT total FROM ratings",
    "SELECT madrs_answers FROM eligibility",
    "SELECT drug FROM antidepressant_trials",
    "SELECT fears FROM preparation_notes",
    "SELECT observations FROM infusions",
    "SELECT systolic FROM vitals",
    "SELECT description FROM adverse_events",
    "SELECT * FROM notes",
    "INSERT INTO ratings (patient_id, scale, rated_at, answers, total) SELECT id, 'madrs', '2026-01-01', '[]', 0 "
    "FROM patients LIMIT 1",
  };

  if (!test_clinic_on_server ())
    {
      g_test_skip ("roles on a server: LYSNING_TEST_ENGINE=postgresql");
      return;
    }

  admin = open_demo_team (f);

  kari = open_as (f->path, "kari.koordinator");
  g_assert_cmpint (lys_store_get_current_role (kari), ==, LYS_ROLE_COORDINATOR);
  patients = lys_store_get_patients (kari);
  g_assert_cmpuint (g_list_model_get_n_items (patients), ==, 30);
  bookings = lys_store_list_bookings (kari, from, until, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (bookings), >, 0);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  due = lys_store_list_follow_ups (kari, 0, &today, 30, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (patients); i++)
    {
      g_autoptr(LysPatient) patient = g_list_model_get_item (patients, i);
      gint64 id = lys_patient_get_id (patient);
      g_autoptr(GListModel) infusions = lys_store_list_course_infusions (kari, id, &error);
      g_autoptr(GListModel) sessions = NULL;
      g_autoptr(GArray) stopped = NULL;
      g_autoptr(GPtrArray) notes = NULL;
      LysPreparationStatus status = { 0 };

      g_assert_no_error (error);
      g_assert_nonnull (infusions);
      sessions = lys_store_list_patient_sessions (kari, id, &error);
      g_assert_no_error (error);
      stopped = lys_store_list_stopped_infusions (kari, id, &error);
      g_assert_no_error (error);
      g_assert_true (lys_store_get_preparation_status (kari, id, &status, &error));
      g_assert_no_error (error);
      lys_preparation_status_clear (&status);
      /* The notes are refused by Lysning first, in words */
      notes = lys_store_list_patient_notes (kari, id, &error);
      g_assert_null (notes);
      g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
      g_clear_error (&error);
    }

  /* Refused in words that say where a role on a server comes from */
  g_assert_cmpint (lys_store_create_note (kari, 1, 1, "soap", &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "your role is the one its administrator gave your login"));
  g_clear_error (&error);

  /* Past Lysning, with the coordinator's own login: the server says no */
  g_assert_cmpint (test_clinic_query_int (kari, "SELECT count (*) FROM notes WHERE status = 'signed'"), >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (withheld); i++)
    g_assert_cmpint (test_clinic_exec (kari, withheld[i]), ==, LYS_DB_FAULT_DENIED);

  /* A psychologist reads the text */
  per = open_as (f->path, "per.psykolog");
  g_assert_cmpint (test_clinic_exec (per, "SELECT body FROM notes"), ==, LYS_DB_FAULT_NONE);
  g_assert_cmpint (test_clinic_exec (per, "SELECT answers FROM ratings"), ==, LYS_DB_FAULT_NONE);
}

/* A psychologist's own login, past Lysning: the text of the notes of a
 * patient they are assigned to, and of no other; what the server's answer
 * rests on (an assignment, an emergency access, their login name and role)
 * is not theirs to forge */
static void
test_server_need_to_know (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) admin = NULL;
  g_autoptr(LysStore) kari = NULL;
  g_autoptr(LysStore) per = NULL;
  g_autoptr(LysStore) lise = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *only_hers = NULL;
  gint64 mine, other;
  static const char *const forged[] = {
    "INSERT INTO assignments (patient_id, staff_id, assigned_at) SELECT id, lysning_me (), '2026-01-01' FROM patients",
    "DELETE FROM assignments",
    "UPDATE staff SET username = 'kari.koordinator' WHERE username = session_user",
    "UPDATE staff SET lead = 1, role = 'physician' WHERE username = session_user",
    "INSERT INTO emergency_access (patient_id, staff_id, reason, opened_at, expires_at) "
    "SELECT p.id, s.id, 'Noen andres nødtilgang', '2026-01-01 00:00:00', '2099-01-01 00:00:00' "
    "FROM patients p, staff s WHERE s.username = 'kari.koordinator' LIMIT 1",
    "ALTER TABLE notes DISABLE ROW LEVEL SECURITY",
    "DROP POLICY need_to_know ON notes",
    "ALTER TABLE vitals DISABLE ROW LEVEL SECURITY",
  };
  /* The clinical record beside the notes, and how a row names its patient
   * (chosen.patient) */
  static const struct { const char *table; const char *whose; } kept[] = {
    { "ratings", "k.patient_id = chosen.patient" },
    { "eligibility", "k.course_id IN (SELECT id FROM courses WHERE patient_id = chosen.patient)" },
    { "preparation_notes", "k.appointment_id IN (SELECT appointment_id FROM appointment_patients "
                           "WHERE patient_id = chosen.patient)" },
    { "antidepressant_trials", "k.eligibility_id IN (SELECT e.id FROM eligibility e JOIN courses c "
                               "ON c.id = e.course_id WHERE c.patient_id = chosen.patient)" },
    { "vitals", "k.infusion_id IN (SELECT i.id FROM infusions i JOIN appointment_patients ap "
                "ON ap.appointment_id = i.appointment_id WHERE ap.patient_id = chosen.patient)" },
    { "adverse_events", "k.infusion_id IN (SELECT i.id FROM infusions i JOIN appointment_patients ap "
                         "ON ap.appointment_id = i.appointment_id WHERE ap.patient_id = chosen.patient)" },
  };

  if (!test_clinic_on_server ())
    {
      g_test_skip ("roles on a server: LYSNING_TEST_ENGINE=postgresql");
      return;
    }

  /* A clinic with a lead, who is not Per */
  admin = open_demo_team (f);
  lys_server_add_staff (f->path, "lise.leder", LYS_ROLE_PHYSICIAN, TRUE, &error);
  g_assert_no_error (error);
  mine = test_clinic_query_int (admin, "SELECT min (patient_id) FROM notes WHERE patient_id IS NOT NULL");
  other = test_clinic_query_int (admin, "SELECT max (patient_id) FROM notes WHERE patient_id IS NOT NULL");
  g_assert_cmpint (mine, !=, other);

  /* Nothing of anyone's before an assignment */
  per = open_as (f->path, "per.psykolog");
  g_assert_cmpint (test_clinic_query_int (per, "SELECT count (*) FROM notes WHERE patient_id IS NOT NULL "
                                               "AND author_id <> lysning_me ()"), ==, 0);
  g_assert_cmpint (test_clinic_query_int (per, "SELECT count (*) FROM note_addenda"), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *all = g_strdup_printf ("SELECT count (*) FROM %s", kept[i].table);

      g_assert_cmpint (test_clinic_query_int (admin, all), >, 0);
      g_assert_cmpint (test_clinic_query_int (per, all), ==, 0);
    }
  /* Yet what everyone works with is whole: the follow-up list, and each
   * course's gates */
  {
    g_autoptr(GPtrArray) seen = NULL;
    g_autoptr(GPtrArray) all = NULL;
    GDate today;

    g_date_clear (&today, 1);
    g_date_set_time_t (&today, time (NULL));
    seen = lys_store_list_follow_ups (per, 0, &today, 30, &error);
    g_assert_no_error (error);
    all = lys_store_list_follow_ups (admin, 0, &today, 30, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (seen->len, ==, all->len);
    for (gint64 patient = mine; patient <= other; patient++)
      {
        LysPreparationStatus as_per = { 0 }, as_admin = { 0 };

        g_assert_true (lys_store_get_preparation_status (per, patient, &as_per, &error));
        g_assert_true (lys_store_get_preparation_status (admin, patient, &as_admin, &error));
        g_assert_no_error (error);
        g_assert_cmpint (as_per.has_eligibility, ==, as_admin.has_eligibility);
        g_assert_cmpint (as_per.eligibility_signed, ==, as_admin.eligibility_signed);
        g_assert_cmpint (as_per.decision, ==, as_admin.decision);
        g_assert_cmpint (as_per.has_readiness, ==, as_admin.has_readiness);
        g_assert_cmpint (as_per.readiness, ==, as_admin.readiness);
        lys_preparation_status_clear (&as_per);
        lys_preparation_status_clear (&as_admin);
      }
  }

  /* The coordinator assigns Per to one patient: that patient's, and no
   * one else's */
  kari = open_as (f->path, "kari.koordinator");
  g_assert_true (lys_store_assign (kari, mine, lys_store_get_current_staff_id (per), &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_clinic_query_int (per, "SELECT count (DISTINCT patient_id) FROM notes "
                                               "WHERE patient_id IS NOT NULL AND author_id <> lysning_me ()"), ==, 1);
  only_hers = g_strdup_printf ("SELECT count (*) FROM notes WHERE patient_id = %" G_GINT64_FORMAT, mine);
  g_assert_cmpint (test_clinic_query_int (per, only_hers), ==, test_clinic_query_int (admin, only_hers));
  notes = lys_store_list_patient_notes (per, mine, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, >, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);
  /* And that patient's record beside the notes, whole, of no one else */
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *all = g_strdup_printf ("SELECT count (*) FROM %s", kept[i].table);
      g_autofree char *sql = g_strdup_printf ("WITH chosen AS (SELECT %" G_GINT64_FORMAT " AS patient) "
                                              "SELECT count (*) FROM %s k, chosen WHERE %s",
                                              mine, kept[i].table, kept[i].whose);

      g_assert_cmpint (test_clinic_query_int (per, all), ==, test_clinic_query_int (admin, sql));
    }

  /* What would widen that is refused by the server */
  for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
    g_assert_cmpint (test_clinic_exec (per, forged[i]), ==, LYS_DB_FAULT_DENIED);
  /* Nor does a change reach another patient's readings: none is seen */
  {
    g_autofree char *others = g_strdup_printf (
      "SELECT count (*) FROM vitals WHERE infusion_id IN (SELECT i.id FROM infusions i "
      "JOIN appointment_patients ap ON ap.appointment_id = i.appointment_id WHERE ap.patient_id = %" G_GINT64_FORMAT ")",
      other);
    g_autofree char *change = g_strdup_printf (
      "WITH changed AS (UPDATE vitals SET spo2 = 50 WHERE infusion_id IN (SELECT i.id FROM infusions i "
      "JOIN appointment_patients ap ON ap.appointment_id = i.appointment_id WHERE ap.patient_id = %" G_GINT64_FORMAT ") "
      "RETURNING 1) SELECT count (*) FROM changed", other);

    g_assert_cmpint (test_clinic_query_int (admin, others), >, 0);
    g_assert_cmpint (test_clinic_query_int (per, change), ==, 0);
  }

  /* An emergency access opened in Lysning: four hours, by the server's
   * clock, whatever the row said; then the other patient's notes too */
  g_assert_cmpint (lys_store_open_emergency_access (per, other, "Akutt forverring, trenger forløpet", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM emergency_access WHERE "
                                                 "expires_at::timestamp - opened_at::timestamp = interval '4 hours'"),
                   ==, 1);
  g_assert_cmpint (test_clinic_query_int (per, "SELECT count (DISTINCT patient_id) FROM notes "
                                               "WHERE patient_id IS NOT NULL AND author_id <> lysning_me ()"), ==, 2);
  /* The lead changes a role in Lysning: on a server, that is the
   * administrator's, and the server's refusal is said in words */
  g_assert_cmpint (test_clinic_exec (admin, "ALTER ROLE \"lise.leder\" PASSWORD 'team-test'"), ==, LYS_DB_FAULT_NONE);
  lise = open_as (f->path, "lise.leder");
  g_assert_true (lys_store_is_lead (lise));
  /* The lead makes the report and the registry export: every patient's */
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *all = g_strdup_printf ("SELECT count (*) FROM %s", kept[i].table);

      g_assert_cmpint (test_clinic_query_int (lise, all), ==, test_clinic_query_int (admin, all));
    }
  /* A nurse: the record of the patients in treatment, a course under way
   * or ended within 400 days, and of no one else */
  {
    g_autoptr(LysStore) nina = NULL;

    g_assert_true (lys_server_add_staff (f->path, "nina.sykepleier", LYS_ROLE_NURSE, FALSE, &error));
    g_assert_no_error (error);
    g_assert_cmpint (test_clinic_exec (admin, "ALTER ROLE \"nina.sykepleier\" PASSWORD 'team-test'"), ==,
                     LYS_DB_FAULT_NONE);
    nina = open_as (f->path, "nina.sykepleier");
    for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
      {
        g_autofree char *all = g_strdup_printf ("SELECT count (*) FROM %s", kept[i].table);
        g_autofree char *treated = g_strdup_printf (
          "WITH chosen AS (SELECT DISTINCT patient_id AS patient FROM courses "
          "  WHERE phase IN ('preparation', 'induction', 'maintenance') "
          "     OR ended_on >= lysning_clock ('-400 days', 'YYYY-MM-DD')) "
          "SELECT count (*) FROM %s k, chosen WHERE %s", kept[i].table, kept[i].whose);

        g_assert_cmpint (test_clinic_query_int (nina, all), ==, test_clinic_query_int (admin, treated));
      }
  }
  g_assert_false (lys_store_set_staff_role (lise, lys_store_get_current_staff_id (kari), LYS_ROLE_NURSE, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "whoever runs the server"));
  g_clear_error (&error);
  g_assert_cmpint (lys_store_get_current_role (kari), ==, LYS_ROLE_COORDINATOR);

  /* The coordinator still sees which notes there are, not their words */
  g_assert_cmpint (test_clinic_query_int (kari, "SELECT count (*) FROM notes"), ==,
                   test_clinic_query_int (admin, "SELECT count (*) FROM notes"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/store/display-name", test_display_name);
  /* SQLite's file: these run on it whichever engine the suite is given */
  TEST_ADD_SHARED ("/core/store/create", test_create);
  TEST_ADD_SHARED ("/core/store/reopen", test_reopen);
  TEST_ADD_SHARED ("/core/store/pragmas", test_pragmas);
  TEST_ADD_SHARED ("/core/store/newer-schema", test_newer_schema);
  TEST_ADD_SHARED ("/core/store/corrupt", test_corrupt);
  TEST_ADD_SHARED ("/core/store/integrity-in-worker", test_integrity_in_worker);
  TEST_ADD_SHARED ("/core/store/foreign-database", test_foreign_database);
  TEST_ADD_SHARED ("/core/store/unwritable-folder", test_unwritable_folder);
  TEST_ADD_SHARED ("/core/store/triggers-checked", test_triggers_checked);
  /* The clinic's records: on either engine */
#define TEST_ADD_ON_ENGINE(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up_engine, func, test_fixture_tear_down)
  TEST_ADD_ON_ENGINE ("/core/store/audit", test_audit);
  TEST_ADD_ON_ENGINE ("/core/store/signed-note-immutable", test_signed_note_immutable);
  TEST_ADD_ON_ENGINE ("/core/store/patient-validation", test_patient_validation);
  TEST_ADD_ON_ENGINE ("/core/store/patient-model", test_patient_model);
  TEST_ADD_ON_ENGINE ("/core/store/settings-refused", test_settings_refused);
  TEST_ADD_ON_ENGINE ("/core/store/institution", test_institution);
  TEST_ADD_ON_ENGINE ("/core/store/server-reconnect", test_server_reconnect);
  TEST_ADD_ON_ENGINE ("/core/store/server-live", test_server_live);
  TEST_ADD_ON_ENGINE ("/core/store/server-restart", test_server_restart);
  TEST_ADD_ON_ENGINE ("/core/store/server-upgrade", test_server_upgrade);
  TEST_ADD_ON_ENGINE ("/core/store/server-admit", test_server_admit);
  TEST_ADD_ON_ENGINE ("/core/store/server-team", test_server_team);
  TEST_ADD_ON_ENGINE ("/core/store/server-coordinator", test_server_coordinator);
  TEST_ADD_ON_ENGINE ("/core/store/server-need-to-know", test_server_need_to_know);
  /* A clinic moved from SQLite onto the server: with a server only */
  TEST_ADD_SHARED ("/core/store/copy-to-server", test_copy_to_server);

  return g_test_run ();
}
