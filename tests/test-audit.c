/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lys-audit-chain.h"
#include "lys-error.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

/* The audit log's hash chain: every row linked to the one before, checked
 * row by row; a copy tampered with past Lysning is caught at the row. */

typedef TestFixture Fixture;

#define N_READS 120

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) booked = g_date_time_new_local (2026, 3, 2, 9, 0, 0);

  test_fixture_open_clinic (f, "audit", booked, TEST_CLINIC_READY);
  test_clinic_become (f->store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);
  for (guint i = 0; i < N_READS; i++)
    g_assert_true (lys_store_log_patient_read (f->store, f->clinic.patient, i % 2 ? "preparation" : "notes", &error));
}


/* A copy of the clinic's file, as someone could take it */
static char *
copy_of (Fixture    *f,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (f->path);
  g_autoptr(GFile) to = g_file_new_for_path (path);

  /* Everything in the main file first */
  g_assert_cmpint (test_clinic_exec (f->store, "PRAGMA wal_checkpoint (TRUNCATE)"), ==, LYS_DB_FAULT_NONE);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Appends a row to the log past Lysning, linked to the last: unkeyed
 * without @key, as the first chain did and as anyone could */
static void
append_row (const char *path,
            const char *key_id,
            GBytes     *key)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *id = NULL;
  g_autofree char *link = NULL;
  LysAuditRow row = { NULL, "2026-03-03T10:00:00Z", NULL, "X", "nurse", "patient.read", NULL, NULL, NULL, NULL };

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT coalesce (max (id), 0) + 1, "
                                           "(SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) FROM audit_log",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  previous = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  row.id = id;
  link = key ? lys_audit_chain_hmac (key_id, key, previous, &row) : lys_audit_chain_hash (previous, &row);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO audit_log (id, at, staff_name, role, action, hash) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, row.id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, row.at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, row.staff_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, row.role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, row.action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, link, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
verify_copy (const char    *path,
             LysAuditCheck *check)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (lys_store_verify_audit (store, check, &error));
  g_assert_no_error (error);
}

static void
test_chain_intact (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysDbStmt) stmt = NULL;
  LysAuditCheck check;
  gint64 rows = test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log");

  g_assert_cmpint (rows, >=, N_READS);
  g_assert_true (lys_store_verify_audit (f->store, &check, &error));
  g_assert_no_error (error);
  g_assert_cmpint (check.broken_id, ==, 0);
  g_assert_cmpuint (check.rows, ==, rows);

  /* The head is the last row's hash, and that row's hash is what the
   * chain function gives for it */
  stmt = test_clinic_prepare (f->store, "SELECT hash, id, at, staff_id, staff_name, role, action, patient_id, "
                                       "object_type, object_id, detail, "
                                       "(SELECT hash FROM audit_log b WHERE b.id < a.id ORDER BY b.id DESC LIMIT 1) "
                                       "FROM audit_log a ORDER BY id DESC LIMIT 1");
  g_assert_cmpint (lys_db_step (stmt), ==, LYS_DB_ROW);
  g_assert_cmpstr (check.head, ==, lys_db_column_text (stmt, 0));
  {
    LysAuditRow row = {
      lys_db_column_text (stmt, 1), lys_db_column_text (stmt, 2),
      lys_db_column_text (stmt, 3), lys_db_column_text (stmt, 4),
      lys_db_column_text (stmt, 5), lys_db_column_text (stmt, 6),
      lys_db_column_text (stmt, 7), lys_db_column_text (stmt, 8),
      lys_db_column_text (stmt, 9), lys_db_column_text (stmt, 10),
    };
    const char *link = lys_db_column_text (stmt, 0);
    g_autofree char *key_id = NULL;
    g_autofree char *meta_key = NULL;
    g_autoptr(GBytes) key = NULL;
    g_autofree char *hash = NULL;
    g_autofree char *unkeyed = NULL;

    /* "hmac:KEY-ID:HEX", the key this computer keeps for the clinic */
    g_assert_true (g_str_has_prefix (link, "hmac:"));
    g_assert_cmpuint (strlen (link), ==, 5 + LYS_AUDIT_KEY_ID_LENGTH + 1 + 64);
    key_id = g_strndup (link + 5, LYS_AUDIT_KEY_ID_LENGTH);
    meta_key = test_clinic_query_text (f->store, "SELECT value FROM meta WHERE key = 'audit-key'");
    g_assert_cmpstr (key_id, ==, meta_key);
    key = lys_audit_key_load (key_id);
    g_assert_nonnull (key);
    hash = lys_audit_chain_hmac (key_id, key, lys_db_column_text (stmt, 11), &row);
    g_assert_cmpstr (hash, ==, check.head);
    /* Not what anyone can compute without the key */
    unkeyed = lys_audit_chain_hash (lys_db_column_text (stmt, 11), &row);
    g_assert_cmpstr (strrchr (link, ':') + 1, !=, unkeyed);
  }
  g_clear_pointer (&stmt, lys_db_stmt_free);
  /* The key is the owner's only, and not in the file */
  {
    g_autofree char *key_id = g_strndup (check.head + 5, LYS_AUDIT_KEY_ID_LENGTH);
    g_autofree char *key_path = g_build_filename (g_get_user_data_dir (), "lysning", "keys", key_id, NULL);
    g_autofree char *text = NULL;
    GStatBuf st;

    g_assert_cmpint (g_stat (key_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_true (g_file_get_contents (key_path, &text, NULL, NULL));
    g_strstrip (text);
    g_assert_cmpuint (strlen (text), ==, 64);
    if (!test_clinic_on_server ())
    {
      g_autofree char *file = NULL;
      gsize length;

      g_assert_cmpint (test_clinic_exec (f->store, "PRAGMA wal_checkpoint (TRUNCATE)"), ==, LYS_DB_FAULT_NONE);
      g_assert_true (g_file_get_contents (f->path, &file, &length, NULL));
      for (gsize at = 0; at + strlen (text) <= length; at++)
        g_assert_false (memcmp (file + at, text, strlen (text)) == 0);
    }
  }
  lys_audit_check_clear (&check);

  /* The log stays append-only, and a row without its link is refused */
  g_assert_cmpint (test_raw_exec (f->path, "UPDATE audit_log SET detail = 'x' WHERE id = 3", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (f->path, "DELETE FROM audit_log WHERE id = 3", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (f->path, "INSERT INTO audit_log (at, staff_name, role, action) "
                                           "VALUES ('2026-01-01T00:00:00Z', 'X', 'nurse', 'patient.read')", NULL),
                   ==, SQLITE_CONSTRAINT);
}

static void
test_hash_fields (void)
{
  LysAuditRow row = { "7", "2026-03-02T09:00:00Z", "2", "Ingrid Lege", "physician", "patient.read", "5", "patient", "5", "notes" };
  LysAuditRow other = row;
  g_autoptr(GBytes) key = g_bytes_new_static ("0123456789abcdef0123456789abcdef", 32);
  g_autoptr(GBytes) other_key = g_bytes_new_static ("0123456789abcdef0123456789abcdeF", 32);
  g_autofree char *a = lys_audit_chain_hmac ("00000000000000aa", key, NULL, &row);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;
  g_autofree char *k = NULL;
  g_autofree char *none = NULL;
  g_autofree char *zero = NULL;
  g_autofree char *negative = NULL;
  g_autofree char *old_none = NULL;
  g_autofree char *old_zero = NULL;

  g_assert_true (g_str_has_prefix (a, "hmac:00000000000000aa:"));
  /* Any field, the link before, or the key changes the link */
  other.detail = "notes ";
  b = lys_audit_chain_hmac ("00000000000000aa", key, NULL, &other);
  g_assert_cmpstr (a, !=, b);
  other = row;
  other.patient_id = "6";
  c = lys_audit_chain_hmac ("00000000000000aa", key, NULL, &other);
  g_assert_cmpstr (a, !=, c);
  d = lys_audit_chain_hmac ("00000000000000aa", key, a, &row);
  g_assert_cmpstr (a, !=, d);
  k = lys_audit_chain_hmac ("00000000000000aa", other_key, NULL, &row);
  g_assert_cmpstr (a, !=, k);
  /* Fields do not run into each other: "ab" + "c" is not "a" + "bc" */
  other = row;
  other.object_type = "patientn";
  other.detail = "otes";
  e = lys_audit_chain_hmac ("00000000000000aa", key, NULL, &other);
  g_assert_cmpstr (a, !=, e);

  /* No id, id 0 and a negative id are three different rows; the first,
   * unkeyed chain took them for one */
  other = row;
  other.object_id = NULL;
  none = lys_audit_chain_hmac ("00000000000000aa", key, NULL, &other);
  old_none = lys_audit_chain_hash (NULL, &other);
  other.object_id = "0";
  zero = lys_audit_chain_hmac ("00000000000000aa", key, NULL, &other);
  old_zero = lys_audit_chain_hash (NULL, &other);
  other.object_id = "-1";
  negative = lys_audit_chain_hmac ("00000000000000aa", key, NULL, &other);
  g_assert_cmpstr (none, !=, zero);
  g_assert_cmpstr (zero, !=, negative);
  g_assert_cmpstr (none, !=, negative);
  g_assert_cmpstr (old_none, ==, old_zero);
}

/* Tampered copies, each caught at the row */
static void
test_tampered (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *changed = NULL, *removed = NULL, *forged = NULL, *recomputed = NULL, *foreign = NULL;
  LysAuditCheck check;
  gint64 last = test_clinic_query_int (f->store, "SELECT max (id) FROM audit_log");

  /* Copies of SQLite's file */
  if (test_clinic_skip_on_server ())
    return;
  changed = copy_of (f, "changed.db");
  removed = copy_of (f, "removed.db");
  forged = copy_of (f, "forged.db");
  recomputed = copy_of (f, "recomputed.db");
  foreign = copy_of (f, "foreign.db");

  /* A row's detail changed past the triggers */
  g_assert_cmpint (test_raw_tamper (changed, "audit_log_no_update",
                                    "UPDATE audit_log SET detail = 'preparation' WHERE id = 37"), ==, SQLITE_OK);
  verify_copy (changed, &check);
  g_assert_cmpint (check.broken_id, ==, 37);
  g_assert_cmpuint (check.rows, ==, 36);
  g_assert_nonnull (check.broken_action);
  lys_audit_check_clear (&check);

  /* A row taken out: the next one no longer follows */
  g_assert_cmpint (test_raw_tamper (removed, "audit_log_no_delete", "DELETE FROM audit_log WHERE id = 50"), ==, SQLITE_OK);
  verify_copy (removed, &check);
  g_assert_cmpint (check.broken_id, ==, 51);
  lys_audit_check_clear (&check);

  /* A row put in at the end with a made-up hash */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO audit_log (id, at, staff_name, role, action, hash) VALUES "
                                            "(%" G_GINT64_FORMAT ", '2026-03-03T10:00:00Z', 'X', 'nurse', 'patient.read', "
                                            "'%064d')", last + 1, 0);

    g_assert_cmpint (test_raw_exec (forged, sql, NULL), ==, SQLITE_OK);
  }
  verify_copy (forged, &check);
  g_assert_cmpint (check.broken_id, ==, last + 1);
  lys_audit_check_clear (&check);

  /* A row linked as anyone with the file can link it: unkeyed, after
   * keyed rows */
  append_row (recomputed, NULL, NULL);
  verify_copy (recomputed, &check);
  g_assert_cmpint (check.broken_id, ==, last + 1);
  lys_audit_check_clear (&check);

  /* A row linked with a key of the forger's own, named as if it were the
   * clinic's: it cannot be checked here, so the log is not intact */
  {
    g_autoptr(GBytes) key = g_bytes_new_static ("forged key, 32 bytes, for tests", 32);

    append_row (foreign, "0123456789abcdef", key);
  }
  verify_copy (foreign, &check);
  g_assert_cmpint (check.broken_id, ==, 0);
  g_assert_cmpuint (check.unchecked, ==, 1);
  g_assert_cmpstr (check.missing_key, ==, "0123456789abcdef");
  lys_audit_check_clear (&check);

  /* The clinic's own file is untouched and intact */
  g_assert_true (lys_store_verify_audit (f->store, &check, NULL));
  g_assert_cmpint (check.broken_id, ==, 0);
  g_assert_cmpuint (check.unchecked, ==, 0);
  lys_audit_check_clear (&check);
}

/* The clinic's file on a computer without its key: the log opens and goes
 * on with a key of this computer's, and the rows of the missing key are
 * counted as not checked until it is back */
static void
test_key_missing (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *key_id = test_clinic_query_text (f->store, "SELECT value FROM meta WHERE key = 'audit-key'");
  g_autofree char *key_path = g_build_filename (g_get_user_data_dir (), "lysning", "keys", key_id, NULL);
  g_autofree char *away = g_strconcat (key_path, ".away", NULL);
  LysAuditCheck check;
  gint64 rows;

  g_clear_object (&f->store);
  rows = test_raw_int (f->path, "SELECT count (*) FROM audit_log");
  g_assert_cmpint (g_rename (key_path, away), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LysStore) store = lys_store_open (f->path, &error);
    g_autofree char *new_key = NULL;

    g_assert_no_error (error);
    new_key = test_clinic_query_text (store, "SELECT value FROM meta WHERE key = 'audit-key'");
    g_assert_cmpstr (new_key, !=, key_id);
    g_assert_true (lys_store_log_patient_read (store, f->clinic.patient, "notes", &error));
    g_assert_true (lys_store_verify_audit (store, &check, &error));
    g_assert_no_error (error);
    g_assert_cmpint (check.broken_id, ==, 0);
    g_assert_cmpuint (check.unchecked, ==, rows);
    g_assert_cmpstr (check.missing_key, ==, key_id);
    /* The rows written here are checked */
    g_assert_cmpuint (check.rows, ==, 1);
    lys_audit_check_clear (&check);

    /* With the key back, all of it */
    g_assert_cmpint (g_rename (away, key_path), ==, 0);
    g_assert_true (lys_store_verify_audit (store, &check, &error));
    g_assert_cmpint (check.broken_id, ==, 0);
    g_assert_cmpuint (check.unchecked, ==, 0);
    g_assert_cmpuint (check.rows, ==, rows + 1);
    lys_audit_check_clear (&check);
  }
}

/* A clinic whose log began before the chain had keys: its unkeyed rows
 * still verify, and the rows after them are keyed */
static void
test_unkeyed_then_keyed (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *old = NULL;
  LysAuditCheck check;
  gint64 rows;

  /* Copies of SQLite's file */
  if (test_clinic_skip_on_server ())
    return;
  old = copy_of (f, "old.db");

  /* The log as the first chain wrote it */
  g_assert_cmpint (test_raw_tamper (old, "audit_log_no_delete", "DELETE FROM audit_log"), ==, SQLITE_OK);
  for (guint i = 0; i < 5; i++)
    append_row (old, NULL, NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LysStore) store = lys_store_open (old, &error);

    g_assert_no_error (error);
    g_assert_true (lys_store_log_patient_read (store, f->clinic.patient, "notes", &error));
    g_assert_true (lys_store_verify_audit (store, &check, &error));
    g_assert_no_error (error);
  }
  rows = test_raw_int (old, "SELECT count (*) FROM audit_log");
  g_assert_cmpint (rows, >=, 6);
  g_assert_cmpint (check.broken_id, ==, 0);
  g_assert_cmpuint (check.rows, ==, rows);
  g_assert_cmpint (test_raw_int (old, "SELECT count (*) FROM audit_log WHERE hash LIKE 'hmac:%'"), ==, rows - 5);
  lys_audit_check_clear (&check);
}


/* Two processes write at once: each waits its turn, no update is lost, and
 * the chain has every row */
static void
test_two_writers (Fixture       *f,
                  gconstpointer  data)
{
  const guint per_child = 150;
  gint64 before = test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log");
  gint64 ratings = test_clinic_query_int (f->store, "SELECT count (*) FROM ratings");
  pid_t children[2];
  LysAuditCheck check;

  for (guint c = 0; c < G_N_ELEMENTS (children); c++)
    {
      children[c] = fork ();
      g_assert_cmpint (children[c], >=, 0);
      if (children[c] == 0)
        {
          g_autoptr(LysStore) store = lys_store_open (f->path, NULL);
          guint madrs[LYS_MADRS_ITEMS] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };

          if (store == NULL || !lys_store_update_current_profile (store, c ? "Petra Psykolog" : "Nils Sykepleier",
                                                                   c ? LYS_ROLE_PSYCHOLOGIST : LYS_ROLE_NURSE, NULL))
            _exit (2);
          for (guint i = 0; i < per_child; i++)
            {
              g_autoptr(GDateTime) now = g_date_time_new_now_local ();

              if (lys_store_save_rating (store, f->clinic.patient, LYS_SCALE_MADRS, LYS_N_POINTS, 0, madrs, now,
                                         NULL, NULL) == 0)
                _exit (3);
            }
          _exit (0);
        }
    }
  for (guint c = 0; c < G_N_ELEMENTS (children); c++)
    {
      int status;

      g_assert_cmpint (waitpid (children[c], &status, 0), ==, children[c]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  g_assert_cmpint (test_clinic_query_int (f->store, "SELECT count (*) FROM ratings"), ==, ratings + 2 * per_child);
  /* Each rating with its audit row, and the profile changes */
  g_assert_cmpint (test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log"), >=, before + 2 * per_child);
  g_assert_true (lys_store_verify_audit (f->store, &check, NULL));
  g_assert_cmpint (check.broken_id, ==, 0);
  g_assert_cmpuint (check.rows, ==, test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log"));
  lys_audit_check_clear (&check);
}

/* Another program holds the database too long: the change is refused,
 * said in words, and nothing is written */
static void
test_held_too_long (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysDb) other = test_raw_connect (f->path);
  gint64 rows = test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log");
  gint64 started = g_get_monotonic_time ();

  /* A writer that does not let go */
  g_assert_true (lys_db_begin (other, NULL));
  g_assert_false (lys_store_log_patient_read (f->store, f->clinic.patient, "notes", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "more than five seconds"));
  /* It waited its turn first */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 4 * G_USEC_PER_SEC);
  lys_db_rollback (other);

  g_assert_cmpint (test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log"), ==, rows);
  g_assert_true (lys_store_log_patient_read (f->store, f->clinic.patient, "notes", NULL));
}


/* The lead's view: filtered by patient, staff, action and period, newest
 * first, and exported as CSV with each row's hash */
static void
test_viewer (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "audit.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) actions = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  LysAuditFilter filter = { 0 };
  guint total = 0, written = 0;
  gint64 all;

  g_date_clear (&filter.from, 1);
  g_date_clear (&filter.to, 1);
  rows = lys_store_list_audit (f->store, &filter, 0, 10, &total, &error);
  g_assert_no_error (error);
  all = test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log");
  /* The viewing is logged before it reads */
  g_assert_cmpuint (total, ==, all);
  g_assert_cmpuint (rows->len, ==, 10);
  g_assert_cmpstr (((LysAuditEntry *) rows->pdata[0])->action, ==, "audit.view");
  g_assert_nonnull (((LysAuditEntry *) rows->pdata[0])->at);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpint (((LysAuditEntry *) rows->pdata[i - 1])->id, >, ((LysAuditEntry *) rows->pdata[i])->id);
  /* The next page goes on where the first ended (one more view logged) */
  {
    gint64 last = ((LysAuditEntry *) rows->pdata[rows->len - 1])->id;
    g_autoptr(GPtrArray) older = lys_store_list_audit (f->store, &filter, 11, 5, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (older->len, ==, 5);
    g_assert_cmpint (((LysAuditEntry *) older->pdata[0])->id, <, last);
    g_assert_cmpint (((LysAuditEntry *) older->pdata[0])->id, ==,
                     test_clinic_query_int (f->store, "SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET 11"));
  }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* One patient, one action, one staff member */
  filter.patient_id = f->clinic.patient;
  filter.action = "patient.read";
  rows = lys_store_list_audit (f->store, &filter, 0, 0, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, N_READS);
  for (guint i = 0; i < rows->len; i++)
    {
      LysAuditEntry *entry = rows->pdata[i];

      g_assert_cmpint (entry->patient_id, ==, f->clinic.patient);
      g_assert_cmpstr (entry->action, ==, "patient.read");
      g_assert_cmpstr (lys_audit_action_get_label (entry->action), ==, "Record read");
      g_assert_cmpstr (entry->patient_name, ==, "Tora Testesen");
      g_assert_cmpstr (entry->staff_name, ==, "Ingrid Lege");
      g_assert_cmpint (entry->role, ==, LYS_ROLE_PHYSICIAN);
    }
  g_clear_pointer (&rows, g_ptr_array_unref);
  filter.staff_id = f->clinic.nurse;
  rows = lys_store_list_audit (f->store, &filter, 0, 0, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  filter.staff_id = 0;

  /* The period: today has them, tomorrow has none */
  g_date_set_dmy (&filter.from, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  filter.to = filter.from;
  rows = lys_store_list_audit (f->store, &filter, 0, 0, NULL, &error);
  g_assert_cmpuint (rows->len, ==, N_READS);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_date_add_days (&filter.from, 1);
  g_date_add_days (&filter.to, 1);
  rows = lys_store_list_audit (f->store, &filter, 0, 0, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Exported: the patient's reads, oldest first, with their hashes */
  g_date_clear (&filter.from, 1);
  g_date_clear (&filter.to, 1);
  g_assert_true (lys_store_export_audit (f->store, &filter, csv_path, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, N_READS);
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (csv_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "id,at,staff_id,staff_name,role,action,patient_id,object_type,object_id,detail,hash");
  g_assert_cmpuint (g_strv_length (lines), ==, N_READS + 2);
  /* Each line ends in its row's hash */
  for (guint i = 1; i <= N_READS; i++)
    {
      const char *hash = strrchr (lines[i], ',');

      g_assert_nonnull (hash);
      g_assert_true (g_str_has_prefix (hash + 1, "hmac:"));
      g_assert_cmpuint (strlen (hash + 1), ==, 5 + LYS_AUDIT_KEY_ID_LENGTH + 1 + 64);
    }
  g_assert_cmpint (test_clinic_query_int (f->store, "SELECT count (*) FROM audit_log WHERE action = 'audit.export'"), ==, 1);

  actions = lys_store_list_audit_actions (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) actions, "patient.read"));
  g_assert_true (g_strv_contains ((const char * const *) actions, "audit.view"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/audit/hash-fields", test_hash_fields);
  TEST_ADD_SHARED ("/audit/chain-intact", test_chain_intact);
  TEST_ADD_SHARED ("/audit/tampered", test_tampered);
  TEST_ADD_SHARED ("/audit/key-missing", test_key_missing);
  TEST_ADD_SHARED ("/audit/unkeyed-then-keyed", test_unkeyed_then_keyed);
  TEST_ADD_SHARED ("/audit/viewer", test_viewer);
  TEST_ADD_SHARED ("/audit/two-writers", test_two_writers);
  TEST_ADD_SHARED ("/audit/held-too-long", test_held_too_long);

  return g_test_run ();
}
