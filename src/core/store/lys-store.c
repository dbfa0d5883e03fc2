/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lys-i18n.h"
#include <glib/gstdio.h>

#include "lys-error.h"
#include "lys-audit-chain.h"
#include "lys-db-postgresql.h"
#include "lys-db-sqlite.h"
#include "lys-fts.h"
#include "lys-output-file.h"
#include "lys-sha256.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-time.h"

/* "LYSN": marks a database as Lysning's (PRAGMA application_id). */
#define LYS_APPLICATION_ID 0x4C59534E
#define BUSY_TIMEOUT_MS 5000

static const char *migrations[] = {
  "0001-initial.sql",
  "0002-preparation.sql",
  "0003-scheduling.sql",
  "0004-consent.sql",
  "0005-infusion.sql",
  "0006-notes.sql",
  "0007-registry.sql",
  "0008-outcomes.sql",
  "0009-audit-chain.sql",
  "0010-access.sql",
  "0011-signatures.sql",
  "0012-given-dose.sql",
  "0013-consent-physician.sql",
  "0014-addenda-search.sql",
  "0015-replace-guards.sql",
  "0016-signed-content.sql",
  "0017-open-work.sql",
  "0018-ect-history.sql",
  "0019-kap-certification.sql",
  "0020-stop-reason.sql",
  "0021-room-needs.sql",
  "0022-funding.sql",
  "0023-drug-record.sql",
  "0024-preparation-arrangements.sql",
  "0025-course-status.sql",
  "0026-nynorsk.sql",
};


G_DEFINE_FINAL_TYPE (LysStore, lys_store, G_TYPE_OBJECT)

/* Waits for a lock another connection holds, for BUSY_TIMEOUT_MS at most.
 * SQLite's own wait backs off to 100 ms between tries, and a writer that
 * commits again within that gap keeps the lock for good: a short, even
 * poll takes the first gap. */
static int
on_busy_cb (void *data,
            int   count)
{
  gint64 *since = data;
  gint64 now = g_get_monotonic_time ();

  if (count == 0)
    *since = now;
  if (now - *since >= (gint64) BUSY_TIMEOUT_MS * 1000)
    return 0;
  g_usleep (count < 20 ? 200 : 1000);
  return 1;
}

enum {
  SETTING_CHANGED,
  PATIENT_CHANGED,
  BOOKINGS_CHANGED,
  INFUSION_CHANGED,
  INTEGRITY_CHANGED,
  CONNECTION_CHANGED,
  HOLDERS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Creates the file owner-only before SQLite touches it: SQLite would create it
 * with the umask's mode, and its -wal and -shm files copy the main file's. */
static gboolean
prepare_file (const char  *path,
              gboolean    *created,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;
  int fd;

  *created = FALSE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      close (fd);
      *created = TRUE;
      return TRUE;
    }
  if (errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO,
                   _("Cannot create the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Lysning database file."), path);
      return FALSE;
    }

  if (st.st_size > 0)
    {
      static const char header[16] = "SQLite format 3";
      char buf[16] = { 0 };
      ssize_t n;

      fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, LYS_ERROR, LYS_ERROR_IO,
                       _("Cannot read the database “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      n = read (fd, buf, sizeof buf);
      close (fd);

      if (n != sizeof buf || memcmp (buf, header, sizeof buf) != 0)
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_NOT_A_DATABASE,
                       _("“%s” is not a Lysning database, or it is damaged beyond reading. Restore it from a backup."),
                       path);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_version (LysStore  *self,
               GError   **error)
{
  gint64 version, app_id, n_objects;

  if (!lys_db_query_int (self->db, "PRAGMA user_version", NULL, &version, error) ||
      !lys_db_query_int (self->db, "PRAGMA application_id", NULL, &app_id, error) ||
      !lys_db_query_int (self->db, "SELECT count(*) FROM sqlite_schema", NULL, &n_objects, error))
    return FALSE;

  if (n_objects > 0 && app_id != LYS_APPLICATION_ID)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_NOT_A_DATABASE,
                   _("“%s” is a database of another program, not of Lysning."), self->path);
      return FALSE;
    }

  if (version > (gint64) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_NEWER_SCHEMA,
                   _("The database “%s” was written by a newer version of Lysning "
                     "(schema %u; this version knows up to %u). Update Lysning to open it."),
                   self->path, (guint) version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  self->schema_version = version;
  return TRUE;
}

static gboolean
check_foreign_keys (LysStore  *self,
                    GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  int rc;

  stmt = lys_db_prepare (self->db, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    return lys_db_set_error (self->db, error);

  rc = lys_db_step (stmt);
  if (rc == LYS_DB_DONE)
    return TRUE;
  if (rc != LYS_DB_ROW)
    return lys_db_set_error (self->db, error);

  g_set_error (error, LYS_ERROR, LYS_ERROR_CORRUPT,
               _("A row of “%s” refers to one of “%s” that does not exist."),
               lys_db_column_text (stmt, 0), lys_db_column_text (stmt, 2));
  return FALSE;
}

static gboolean
apply_migrations (LysStore  *self,
                  GError   **error)
{
  for (guint i = self->schema_version; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *resource = g_strconcat (RESOURCE_PATH "/sql/sqlite/", migrations[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *pragmas = NULL;
      g_autoptr(GError) local_error = NULL;

      bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
      g_assert_no_error (local_error);
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      /* Both numbers are ours, not input: PRAGMA takes no bound parameters. */
      pragmas = g_strdup_printf ("PRAGMA user_version = %u; PRAGMA application_id = %d;",
                                 i + 1, LYS_APPLICATION_ID);

      /* A migration may rebuild a table others refer to (SQLite's way to
       * change a column): foreign keys are off while it runs, which only
       * works outside a transaction, and checked before it commits. */
      if (!lys_db_exec (self->db, "PRAGMA foreign_keys = OFF", error) ||
          !lys_db_exec (self->db, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!lys_db_exec (self->db, sql, &local_error) ||
          !check_foreign_keys (self, &local_error) ||
          !lys_db_exec (self->db, pragmas, &local_error) ||
          !lys_db_exec (self->db, "COMMIT", &local_error))
        {
          lys_db_exec (self->db, "ROLLBACK", NULL);
          lys_db_exec (self->db, "PRAGMA foreign_keys = ON", NULL);
          g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED,
                       _("Could not upgrade the database to schema %u; it was left as it was. %s"),
                       i + 1, local_error->message);
          return FALSE;
        }
      if (!lys_db_exec (self->db, "PRAGMA foreign_keys = ON", error))
        return FALSE;

      self->schema_version = i + 1;
    }

  return TRUE;
}

/* The triggers and views the first @n_migrations make, by name, as SQLite
 * keeps them: each "CREATE TRIGGER" statement's text up to its "END", each
 * "CREATE VIEW" up to its semicolon, less those a later migration drops.
 * Read from the migrations' text: no database is made for it. */
static GHashTable *
build_expected_triggers (guint n_migrations)
{
  GHashTable *triggers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < n_migrations; i++)
    {
      g_autofree char *resource = g_strconcat (RESOURCE_PATH "/sql/sqlite/", migrations[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autofree char *sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      for (const char *line = sql; line != NULL && *line != '\0'; line = strchr (line, '\n'), line = line ? line + 1 : NULL)
        {
          gboolean trigger = g_str_has_prefix (line, "CREATE TRIGGER ") || g_str_has_prefix (line, "DROP TRIGGER ");
          gboolean create = g_str_has_prefix (line, "CREATE ");
          const char *name;
          const char *end;

          if (!trigger && !g_str_has_prefix (line, "CREATE VIEW ") && !g_str_has_prefix (line, "DROP VIEW "))
            continue;
          name = strchr (strchr (line, ' ') + 1, ' ') + 1;
          end = name + strcspn (name, " \n;(");
          if (!create)
            {
              g_autofree char *dropped = g_strndup (name, end - name);

              g_hash_table_remove (triggers, dropped);
              continue;
            }
          /* A trigger's body ends at the first line that is "END;", a
           * view's at the first semicolon */
          {
            const char *last = trigger ? strstr (line, "\nEND;") : strchr (line, ';');

            g_assert (last != NULL);
            if (trigger)
              last += strlen ("\nEND");
            g_hash_table_insert (triggers, g_strndup (name, end - name), g_strndup (line, last - line));
          }
        }
    }
  return triggers;
}

/* The triggers of the current schema, read once */
static GHashTable *
expected_triggers (void)
{
  static gsize once = 0;
  static GHashTable *expected;

  if (g_once_init_enter (&once))
    {
      expected = build_expected_triggers (G_N_ELEMENTS (migrations));
      g_once_init_leave (&once, 1);
    }
  return expected;
}

/* The name of a trigger of @db that is not as @expected has it, or of one
 * missing; NULL when all are there as Lysning made them, and no other */
static const char *
find_altered_trigger (LysDb       *db,
                      GHashTable  *expected,
                      GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LysDbStmt) stmt = NULL;
  const char *altered = NULL;
  GHashTableIter iter;
  gpointer name;
  int rc;

  stmt = lys_db_prepare (db, "SELECT name, sql FROM sqlite_schema WHERE type IN ('trigger', 'view')", error);
  if (stmt == NULL)
    return NULL;
  while (altered == NULL && (rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      const char *found = lys_db_column_text (stmt, 0);
      const char *sql = g_hash_table_lookup (expected, found);

      if (sql == NULL || g_strcmp0 (sql, lys_db_column_text (stmt, 1)) != 0)
        altered = g_intern_string (found);
      else
        g_hash_table_add (seen, (gpointer) g_intern_string (found));
    }
  g_hash_table_iter_init (&iter, expected);
  while (altered == NULL && g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (seen, g_intern_string (name)))
      altered = g_intern_string (name);
  return altered;
}

static gboolean
triggers_altered (const char  *path,
                  const char  *trigger,
                  GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  /* Translators: %1$s is the database file, %2$s the name of a trigger */
  g_set_error (error, LYS_ERROR, LYS_ERROR_CORRUPT,
               _("The protection of signed records in %1$s was changed outside Lysning (%2$s). Lysning does not write to it: restore the last backup, or have the clinic’s IT look at the file."),
               display, trigger);
  return FALSE;
}

/* Every trigger that guards a signed record, the audit log or the
 * schedule's rules, and every view that says what a signature covers, is
 * there as Lysning made it, and no other: one dropped, changed or added
 * with sqlite3 is refused before anything is written */
static gboolean
check_triggers (LysStore  *self,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *altered = find_altered_trigger (self->db, expected_triggers (), &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return altered == NULL || triggers_altered (self->path, altered, error);
}

/**
 * lys_store_check_copy:
 * @db: a copy of a clinic database, open read-only
 * @path: its file, for messages
 *
 * Whether a backup is as Lysning writes it: of a schema this version
 * knows, with every protection trigger as the migrations up to that schema
 * made it. For a restore, before anything is put in place.
 */
gboolean
lys_store_check_copy (LysDb       *db,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *altered;
  gint64 version;

  g_return_val_if_fail (db != NULL && path != NULL, FALSE);

  if (!lys_db_query_int (db, "PRAGMA user_version", NULL, &version, error))
    return FALSE;
  if (version < 1 || version > (gint64) G_N_ELEMENTS (migrations))
    {
      g_autofree char *display = g_filename_display_name (path);

      /* Translators: %1$s is a file, %2$u its schema version, %3$u the newest this version knows */
      g_set_error (error, LYS_ERROR, version < 1 ? LYS_ERROR_NOT_A_DATABASE : LYS_ERROR_NEWER_SCHEMA,
                   _("%1$s has schema %2$u, which this version of Lysning does not write (it knows 1 to %3$u)."),
                   display, (guint) MAX (version, 0), (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }
  expected = build_expected_triggers ((guint) version);
  altered = find_altered_trigger (db, expected, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return altered == NULL || triggers_altered (path, altered, error);
}

typedef struct
{
  GTask   *task;     /* the caller's, with the data as its task data */
  LysWork  work;
  LysAfter after;
} Work;

static void
work_free (Work *work)
{
  g_object_unref (work->task);
  g_free (work);
}

static void
work_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Work *work = task_data;
  GError *error = NULL;

  if (work->work (g_task_get_task_data (work->task), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Back on the caller's thread: the after step, then the caller's task */
static void
on_worked_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Work *work = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (work->after != NULL)
    ok = work->after (source, g_task_get_task_data (work->task), ok, &error);
  if (ok)
    g_task_return_boolean (work->task, TRUE);
  else
    g_task_return_error (work->task, error);
}

/**
 * _lys_run_in_thread:
 * @task: the caller's task; its task data is what @work and @after get
 * @work: what runs in the worker; it touches the data only, never the
 *   store's connection
 * @after: (nullable): back on the caller's thread, told whether @work did
 *   it (and why not, in its error): what the store writes after, such as
 *   the audit row; what it returns completes @task
 *
 * The long part of an asynchronous call of the store's; what comes before
 * (who may) and after stays on the store's thread.
 */
void
_lys_run_in_thread (GTask    *task,
                    LysWork   work,
                    LysAfter  after)
{
  g_autoptr(GTask) inner = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                                       on_worked_cb, NULL);
  Work *w = g_new (Work, 1);

  *w = (Work) { g_object_ref (task), work, after };
  g_task_set_task_data (inner, w, (GDestroyNotify) work_free);
  /* What @work did is what @after is told: a file it wrote before the
   * caller cancelled is in place, and gets its audit row all the same
   * (the caller's task still ends cancelled) */
  g_task_set_check_cancellable (inner, FALSE);
  g_task_run_in_thread (inner, work_in_thread);
}

/* A reader on the server: a read-only transaction, one snapshot for all
 * its statements when @kind asks for one */
static LysDb *
open_server_reader (const char     *address,
                    LysReaderKind   kind,
                    GError        **error)
{
  g_autofree char *message = NULL;
  LysDb *db = lys_db_postgresql_connect (address, &message, NULL);

  if (db == NULL)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The clinic database could not be read: %s"), message);
      return NULL;
    }
  /* Planned for the values given: a reader's queries range over the
   * period asked for, where one plan does not serve every period */
  if (!lys_db_exec (db, kind == LYS_READER_SNAPSHOT
                          ? "SET client_min_messages = warning; SET default_transaction_read_only = on; "
                            "BEGIN ISOLATION LEVEL REPEATABLE READ"
                          : "SET client_min_messages = warning; SET default_transaction_read_only = on", error))
    {
      lys_db_close (db);
      return NULL;
    }
  return db;
}

/**
 * _lys_open_reader:
 * @path: the clinic database
 * @kind: what the connection is for
 *
 * A read-only connection of its own, for work in a worker thread, while the
 * clinic works on: one snapshot from the first read to _lys_close_reader ()
 * (the report, the exports), or a fresh one for each statement, with the
 * notes' search registered (the note search).
 */
LysDb *
_lys_open_reader (const char     *path,
                  LysReaderKind   kind,
                  GError        **error)
{
  sqlite3 *db = NULL;
  int rc;

  if (lys_db_postgresql_is_address (path))
    return open_server_reader (path, kind, error);
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      /* Much of the file is read: mapped, with room to cache it */
      rc = sqlite3_exec (db, kind == LYS_READER_SNAPSHOT
                               ? "PRAGMA mmap_size = 268435456; PRAGMA cache_size = -32768; BEGIN"
                               : "PRAGMA mmap_size = 268435456; PRAGMA cache_size = -32768",
                         NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The clinic database could not be read: %s"),
                   db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close_v2 (db);
      return NULL;
    }
  if (kind == LYS_READER_SEARCH && !lys_fts_register (db, error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }
  return lys_db_sqlite_wrap (db);
}

void
_lys_close_reader (LysDb *db)
{
  if (db == NULL)
    return;
  if (lys_db_in_transaction (db))
    lys_db_exec (db, "COMMIT", NULL);
  lys_db_close (db);
}

/* lys_sha256 (text): the SHA-256 of what a signature covers, or NULL */
static void
sha256_function (sqlite3_context  *context,
                 int               n_values,
                 sqlite3_value   **values)
{
  const char *text = (const char *) sqlite3_value_text (values[0]);

  if (text == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, lys_sha256_hex (text, sqlite3_value_bytes (values[0])), -1, g_free);
}

/* The key this computer links the clinic's audit rows with: the one the
 * log was last linked with when it is here, else a new one */
static gboolean
link_audit_chain (LysStore  *self,
                  GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  const char *wanted = NULL;

  /* A new file has no meta table yet */
  stmt = lys_db_prepare (self->db, "SELECT value FROM meta WHERE key = 'audit-key'", NULL);
  if (stmt != NULL && lys_db_step (stmt) == LYS_DB_ROW)
    wanted = lys_db_column_text (stmt, 0);
  self->audit_key = lys_audit_key_ensure (wanted, error);
  self->audit_key_new = g_strcmp0 (wanted, self->audit_key) != 0;
  return self->audit_key != NULL && lys_audit_chain_register (self->db, self->audit_key, error);
}

static gboolean
remember_audit_key (LysStore  *self,
                    GError   **error)
{

  if (!self->audit_key_new)
    return TRUE;
  return _lys_store_write_meta (self, "audit-key", self->audit_key, error);
}

static gboolean
load_meta (LysStore  *self,
           GError   **error)
{
  gint64 demo;

  if (!lys_db_query_int (self->db, "SELECT value = '1' FROM meta WHERE key = 'demo'", NULL, &demo, error))
    return FALSE;

  self->demo = demo != 0;
  return TRUE;
}

static void
lys_store_finalize (GObject *object)
{
  LysStore *self = (LysStore *) object;

  _lys_store_unfollow_server (self);
  g_clear_object (&self->patients);
  g_clear_pointer (&self->clock, g_date_time_unref);
  /* The last row this computer wrote, for --verify-audit to find again */
  g_clear_pointer (&self->audit_stmt, lys_db_stmt_free);
  if (self->db != NULL && self->opened)
    _lys_store_write_anchor (self);
  if (self->db != NULL)
    lys_db_close (self->db);
  if (self->protected)
    lys_output_unprotect (self->path);
  g_free (self->path);
  g_free (self->staff_name);
  g_free (self->audit_key);

  G_OBJECT_CLASS (lys_store_parent_class)->finalize (object);
}

static void
lys_store_class_init (LysStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lys_store_finalize;

  /**
   * LysStore::setting-changed:
   * @setting: the #LysSetting that changed
   */
  signals[SETTING_CHANGED] =
    g_signal_new ("setting-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * LysStore::patient-changed:
   * @patient_id: the patient whose record changed
   *
   * Emitted after a change to a patient's course: eligibility, consent,
   * sessions, phase.
   */
  signals[PATIENT_CHANGED] =
    g_signal_new ("patient-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * LysStore::bookings-changed:
   *
   * Emitted after a booking is made, moved, cancelled or marked.
   */
  signals[BOOKINGS_CHANGED] =
    g_signal_new ("bookings-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LysStore::infusion-changed:
   * @infusion_id: the infusion whose record changed
   *
   * Emitted after every committed change to an infusion's record.
   */
  signals[INFUSION_CHANGED] =
    g_signal_new ("infusion-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * LysStore::holders-changed:
   * @kind: the #LysHeld kind of record
   * @id: the record
   *
   * Emitted when a desk on the clinic's server opens the record for writing
   * or lets go of it; see lys_store_dup_holders().
   */
  signals[HOLDERS_CHANGED] =
    g_signal_new ("holders-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT64);

  /**
   * LysStore::connection-changed:
   *
   * Emitted when the connection to the clinic's server is lost and when it
   * is made again; see lys_store_get_connected(). Once it is back, the
   * store has announced what other workstations changed meanwhile as
   * ::bookings-changed and a ::patient-changed for patient 0, any patient.
   */
  signals[CONNECTION_CHANGED] =
    g_signal_new ("connection-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LysStore::integrity-changed:
   *
   * Emitted when the full check of the file starts and when it ends; see
   * lys_store_get_integrity().
   */
  signals[INTEGRITY_CHANGED] =
    g_signal_new ("integrity-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
lys_store_init (LysStore *self)
{
  lys_settings_init_defaults (self->settings);
}

/* Private API for the core's bulk writers */

char *
_lys_column_dup (LysDbStmt    *stmt,
                 int           column)
{
  return g_strdup (lys_db_column_text (stmt, column));
}

/* A clinic-local time column, or %NULL */
GDateTime *
_lys_column_time (LysDbStmt    *stmt,
                  int           column)
{
  const char *text = lys_db_column_text (stmt, column);

  return text != NULL ? lys_time_parse_local (text) : NULL;
}

/* Why a role may not do something, and where the role comes from: the
 * profile, or on a server the administrator's groups */
char *
_lys_store_dup_role_refusal (LysStore   *self,
                             const char *why)
{
  return g_strdup_printf ("%s %s", why,
                          lys_db_is_postgresql (self->db)
                            ? _("On the clinic’s server, your role is the one its administrator gave your login.")
                            : _("Your role is set in Preferences."));
}

gboolean
_lys_refuse_role (LysStore    *self,
                  GError     **error,
                  const char  *why)
{
  g_autofree char *message = _lys_store_dup_role_refusal (self, why);

  return lys_refuse (error, LYS_ERROR_PERMISSION, message);
}

LysDb *
_lys_store_get_db (LysStore *self)
{
  return self->db;
}

gboolean
_lys_store_begin (LysStore  *self,
                  GError   **error)
{
  /* A change made while a record is read (a draft created as it opens):
   * within the read's transaction, undone alone if it fails */
  if (self->reading > 0)
    return lys_db_exec (self->db, "SAVEPOINT lys_change", error);
  g_assert (!lys_db_in_transaction (self->db));

  return lys_db_begin (self->db, error);
}

/* Commits when @ok, rolls back otherwise; returns whether the change landed.
 * The error of a failed step is kept: it is the one that says what is wrong. */
gboolean
_lys_store_finish (LysStore  *self,
                   gboolean   ok,
                   GError   **error)
{
  if (self->reading > 0)
    {
      if (ok && lys_db_exec (self->db, "RELEASE SAVEPOINT lys_change", error))
        return TRUE;
      if (!lys_db_exec (self->db, "ROLLBACK TO SAVEPOINT lys_change; RELEASE SAVEPOINT lys_change", NULL))
        self->read_failed = TRUE;
      return FALSE;
    }
  if (ok && lys_db_exec (self->db, "COMMIT", error))
    return TRUE;

  lys_db_rollback (self->db);
  return FALSE;
}

/**
 * lys_store_begin_read:
 *
 * Opens a read of a patient's record: what is read until
 * lys_store_end_read (), and the audit rows that log it
 * (lys_store_log_patient_read ()), are one transaction. Scopes nest; the
 * outermost commits.
 */
gboolean
lys_store_begin_read (LysStore  *self,
                      GError   **error)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (self->reading == 0)
    {
      g_assert (!lys_db_in_transaction (self->db));
      if (!lys_db_begin (self->db, error))
        return FALSE;
      self->read_failed = FALSE;
    }
  self->reading++;
  return TRUE;
}

/**
 * lys_store_end_read:
 * @ok: whether the read went through, and was logged
 *
 * Ends a read opened by lys_store_begin_read (): the outermost commits it
 * with its audit rows, or undoes them all when any part failed. What was
 * read is shown only when this returns %TRUE: a read whose log did not
 * land was not made.
 */
gboolean
lys_store_end_read (LysStore  *self,
                    gboolean   ok,
                    GError   **error)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->reading > 0, FALSE);

  if (!ok)
    self->read_failed = TRUE;
  if (--self->reading > 0)
    return ok;
  /* A statement that failed within it failed the read, and its log */
  if (lys_db_transaction_failed (self->db))
    self->read_failed = TRUE;
  if (!self->read_failed && lys_db_exec (self->db, "COMMIT", error))
    return TRUE;
  if (error != NULL && *error == NULL)
    g_set_error_literal (error, LYS_ERROR, LYS_ERROR_FAILED,
                         _("The record was not shown: reading it could not be logged. Try again."));
  lys_db_rollback (self->db);
  return FALSE;
}

/* Why a change is refused while the file is checked, or once it is found
 * damaged */
gboolean
_lys_store_refuse_change (LysStore  *self,
                          GError   **error)
{
  if (lys_store_get_integrity (self) == LYS_INTEGRITY_DAMAGED)
    g_set_error_literal (error, LYS_ERROR, LYS_ERROR_CORRUPT,
                         _("The clinic database is damaged, so Lysning writes nothing to it. Restore it from a "
                           "backup, or have the clinic’s IT look at the file."));
  else
    g_set_error_literal (error, LYS_ERROR, LYS_ERROR_LOCKED,
                         _("Lysning is still checking the clinic database, as it does each time it opens; "
                           "nothing was saved. Try again in a moment."));
  return FALSE;
}

LysDbStmt *
_lys_store_prepare (LysStore    *self,
                    const char  *sql,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  LysDbStmt *stmt = lys_db_prepare (self->db, sql, &local_error);

  if (stmt == NULL && lys_db_get_fault (self->db) == LYS_DB_FAULT_DENIED)
    _lys_store_refuse_change (self, error);
  else if (stmt == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return stmt;
}

/* A row writer's statement (lys-store-rows.h): the one @kept from an
 * earlier row, or a new one kept there; with nowhere to keep it, in @local
 * for this row alone */
LysDbStmt *
_lys_store_prepare_kept (LysStore    *self,
                         LysDbStmt  **kept,
                         LysDbStmt  **local,
                         const char  *sql,
                         GError     **error)
{
  LysDbStmt **slot = kept != NULL ? kept : local;

  if (*slot == NULL)
    *slot = _lys_store_prepare (self, sql, error);
  return *slot;
}

/* A key's value in one of the two tables of them */
static gboolean
write_key (LysStore    *self,
           LysDbStmt  **kept,
           const char  *sql,
           const char  *key,
           const char  *value,
           GError     **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *write = _lys_store_prepare_kept (self, kept, &local, sql, error);

  if (write == NULL)
    return FALSE;
  lys_db_bind_text (write, 1, key);
  lys_db_bind_text (write, 2, value);
  return _lys_store_step_done (self, write, error);
}

gboolean
_lys_store_write_setting (LysStore    *self,
                          LysDbStmt  **kept,
                          const char  *key,
                          const char  *value,
                          GError     **error)
{
  return write_key (self, kept, "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value, error);
}

gboolean
_lys_store_write_meta (LysStore    *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  return write_key (self, NULL, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value, error);
}

/* Runs a row writer's INSERT and clears it for the next row. Returns the
 * new row's id, or 0 with @error set. */
gint64
_lys_store_step_insert (LysStore   *self,
                        LysDbStmt  *insert,
                        GError    **error)
{
  gboolean ok = _lys_store_step_done (self, insert, error);

  lys_db_clear_bindings (insert);
  return ok ? lys_db_last_insert_id (self->db) : 0;
}

void
_lys_bind_id (LysDbStmt *stmt,
              int        index,
              gint64     id)
{
  if (id > 0)
    lys_db_bind_int64 (stmt, index, id);
  else
    lys_db_bind_null (stmt, index);
}

/* A measure, or NULL for one not taken (0) */
void
_lys_bind_measure (LysDbStmt *stmt,
                   int        index,
                   double     value)
{
  if (value > 0)
    lys_db_bind_double (stmt, index, value);
  else
    lys_db_bind_null (stmt, index);
}

/* While the file is being checked, or once found damaged, every statement
 * that would change it is refused when it is prepared, whichever path
 * makes it */
static int
authorize_cb (void       *data,
              int         action,
              const char *arg1,
              const char *arg2,
              const char *database,
              const char *trigger)
{
  LysStore *self = data;
  int integrity = g_atomic_int_get (&self->integrity);

  if (integrity != LYS_INTEGRITY_CHECKING && integrity != LYS_INTEGRITY_DAMAGED)
    return SQLITE_OK;
  return action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE ? SQLITE_DENY : SQLITE_OK;
}

/**
 * lys_store_get_integrity:
 *
 * Returns: where the full check of the file stands: not run, running
 *   (changes are refused until it ends), passed, or found damage (changes
 *   are refused for good)
 */
LysIntegrity
lys_store_get_integrity (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), LYS_INTEGRITY_UNCHECKED);

  return (LysIntegrity) g_atomic_int_get (&self->integrity);
}

void
_lys_store_set_integrity (LysStore     *self,
                          LysIntegrity  integrity)
{
  if (g_atomic_int_get (&self->integrity) == (int) integrity)
    return;
  g_atomic_int_set (&self->integrity, integrity);
  g_signal_emit (self, signals[INTEGRITY_CHANGED], 0);
}

/* Writes down when the full check of the file last passed, in the file:
 * a backup taken within a week of it leaves its copy's pages unchecked
 * (lys_backup_copy()). A file that cannot be written keeps the old date. */
void
_lys_store_note_checked (LysStore *self)
{
  g_autofree char *now = lys_time_now_utc ();
  g_autoptr(GError) error = NULL;

  if (!_lys_store_write_meta (self, "integrity-checked", now, &error))
    g_debug ("The time of the check is not written: %s", error->message);
}

gboolean
_lys_store_step_done (LysStore      *self,
                      LysDbStmt     *stmt,
                      GError       **error)
{
  int rc = lys_db_step (stmt);

  lys_db_reset (stmt);
  if (rc == LYS_DB_DONE)
    return TRUE;

  return lys_db_set_error (self->db, error);
}

gboolean
_lys_store_audit (LysStore    *self,
                  const char  *action,
                  gint64       patient_id,
                  const char  *object_type,
                  gint64       object_id,
                  const char  *detail,
                  GError     **error)
{
  g_autofree char *now = lys_time_now_utc ();
  LysDbStmt *stmt;
  gboolean own, ok;

  g_assert (action != NULL);

  /* Prepared once for the connection, so the authorizer, which sees a
   * statement when it is prepared, is asked here in its place */
  if (lys_store_get_integrity (self) == LYS_INTEGRITY_CHECKING ||
      lys_store_get_integrity (self) == LYS_INTEGRITY_DAMAGED)
    return _lys_store_refuse_change (self, error);
  /* One statement reads the last link and writes the next, in a writer's
   * transaction (its own when it is alone): no other writer comes between */
  if (self->audit_stmt == NULL)
    self->audit_stmt = lys_db_prepare_persistent (self->db,
                                                  "INSERT INTO audit_log (id, at, staff_id, staff_name, role, action, "
                                                  "patient_id, object_type, object_id, detail, hash) "
                                                  "SELECT n.id, ?1, CAST (?2 AS BIGINT), ?3, ?4, ?5, CAST (?6 AS BIGINT), ?7, "
                                                  "CAST (?8 AS BIGINT), ?9, "
                                                  "lys_audit_hash (n.previous, CAST (n.id AS TEXT), ?1, CAST (?2 AS TEXT), ?3, ?4, ?5, "
                                                  "CAST (?6 AS TEXT), ?7, CAST (?8 AS TEXT), ?9) "
                                                  "FROM (SELECT coalesce ((SELECT max (id) FROM audit_log), 0) + 1 AS id, "
                                                  "(SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS previous) n",
                                                  error);
  if (self->audit_stmt == NULL)
    return FALSE;
  stmt = self->audit_stmt;
  own = !lys_db_in_transaction (self->db);
  if (own && !_lys_store_begin (self, error))
    return FALSE;

  lys_db_bind_text (stmt, 1, now);
  if (self->staff_id > 0)
    lys_db_bind_int64 (stmt, 2, self->staff_id);
  lys_db_bind_text (stmt, 3, self->staff_name ? self->staff_name : g_get_user_name ());
  lys_db_bind_text (stmt, 4, lys_role_to_nick (self->staff_role));
  lys_db_bind_text (stmt, 5, action);
  if (patient_id > 0)
    lys_db_bind_int64 (stmt, 6, patient_id);
  lys_db_bind_text (stmt, 7, object_type);
  if (object_id > 0)
    lys_db_bind_int64 (stmt, 8, object_id);
  lys_db_bind_text (stmt, 9, detail);

  ok = _lys_store_step_done (self, stmt, error);
  lys_db_clear_bindings (stmt);
  if (own)
    ok = _lys_store_finish (self, ok, error);
  return ok;
}

gboolean
_lys_store_has_patients (LysStore *self)
{
  gint64 found = 0;

  lys_db_query_int (self->db, "SELECT EXISTS (SELECT 1 FROM patients)", NULL, &found, NULL);
  return found != 0;
}

void
_lys_store_set_demo (LysStore *self)
{
  self->demo = TRUE;
}

/* After a committed change to the patient's course; @phase is the course's
 * phase when it changed, or -1. */
void
_lys_store_setting_changed (LysStore   *self,
                            LysSetting  setting)
{
  g_signal_emit (self, signals[SETTING_CHANGED], 0, (guint) setting);
}

void
_lys_store_bookings_changed (LysStore *self)
{
  g_signal_emit (self, signals[BOOKINGS_CHANGED], 0);
}

void
_lys_store_infusion_changed (LysStore *self,
                             gint64    infusion_id)
{
  g_signal_emit (self, signals[INFUSION_CHANGED], 0, infusion_id);
}

void
_lys_store_connection_changed (LysStore *self)
{
  g_signal_emit (self, signals[CONNECTION_CHANGED], 0);
}

void
_lys_store_holders_changed (LysStore *self,
                            LysHeld   kind,
                            gint64    id)
{
  g_signal_emit (self, signals[HOLDERS_CHANGED], 0, (guint) kind, id);
}

/**
 * lys_store_roles_set_on_server:
 *
 * Returns: whether the roles and the clinic lead are the server's to set
 *   (its administrator's groups, lysning --add-staff), not Lysning's
 */
gboolean
lys_store_roles_set_on_server (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  return self->roles_on_server;
}

/* Tests show a server's roles on a clinic file */
void
_lys_store_set_roles_on_server (LysStore *self,
                                gboolean  on_server)
{
  self->roles_on_server = on_server;
}

/* Tests run an infusion of 40 minutes in no time */
void
_lys_store_set_clock (LysStore  *self,
                      GDateTime *now)
{
  g_clear_pointer (&self->clock, g_date_time_unref);
  if (now != NULL)
    self->clock = g_date_time_ref (now);
}

/**
 * lys_store_dup_now:
 *
 * The clinic's clock: what the bedside records are timed by.
 *
 * Returns: (transfer full): the local time now
 */
GDateTime *
lys_store_dup_now (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (self->clock != NULL)
    return g_date_time_ref (self->clock);
  return g_date_time_new_now_local ();
}

/* The clinic's clock as the database keeps a local time */
char *
_lys_store_dup_now_text (LysStore *self)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (self);

  return lys_time_format_local (now);
}

/* The clinic's day today on its clock, "YYYY-MM-DD" */
char *
_lys_store_dup_today (LysStore *self)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (self);

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Binds the clinic's day today, "YYYY-MM-DD", as parameter @index */
void
_lys_store_bind_today (LysStore     *self,
                       LysDbStmt    *stmt,
                       int           index)
{
  lys_db_bind_text_take (stmt, index, _lys_store_dup_today (self));
}

/* The first column of @stmt's first row: an id, or 0 when there is no row
 * (or with an error) */
gint64
_lys_store_step_id (LysStore      *self,
                    LysDbStmt     *stmt,
                    GError       **error)
{
  int rc = lys_db_step (stmt);

  if (rc == LYS_DB_ROW)
    return lys_db_column_int64 (stmt, 0);
  if (rc != LYS_DB_DONE)
    lys_db_set_error (self->db, error);
  return 0;
}

gboolean
_lys_store_fail (LysStore  *self,
                 GError   **error)
{
  return lys_db_set_error (self->db, error);
}

/**
 * _lys_store_collect:
 * @read: makes one item of the statement's current row, or %NULL to skip it
 * @free_func: frees an item
 *
 * Steps @stmt to its end.
 *
 * Returns: (transfer full): the items of its rows, or %NULL with an error
 */
GPtrArray *
_lys_store_collect (LysStore        *self,
                    LysDbStmt       *stmt,
                    LysRowReader     read,
                    GDestroyNotify   free_func,
                    GError         **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      gpointer item = read (stmt);

      if (item != NULL)
        g_ptr_array_add (items, item);
    }
  if (rc != LYS_DB_DONE)
    {
      lys_db_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

/**
 * _lys_store_collect_for:
 * @id: the record the rows belong to, bound as ?1 of @sql
 *
 * _lys_store_collect() of @sql's rows for one record.
 */
GPtrArray *
_lys_store_collect_for (LysStore        *self,
                        gint64           id,
                        const char      *sql,
                        LysRowReader     read,
                        GDestroyNotify   free_func,
                        GError         **error)
{
  g_autoptr(LysDbStmt) stmt = _lys_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, id);
  return _lys_store_collect (self, stmt, read, free_func, error);
}

/**
 * _lys_store_collect_ids:
 *
 * Steps @stmt to its end.
 *
 * Returns: (transfer full) (element-type gint64): its first column, or
 *   %NULL with an error
 */
GArray *
_lys_store_collect_ids (LysStore      *self,
                        LysDbStmt     *stmt,
                        GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      gint64 id = lys_db_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != LYS_DB_DONE)
    {
      lys_db_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * _lys_store_collect_texts:
 *
 * Steps @stmt to its end.
 *
 * Returns: (transfer full): its first column, or %NULL with @error set
 */
GStrv
_lys_store_collect_texts (LysStore      *self,
                          LysDbStmt     *stmt,
                          GError       **error)
{
  g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();
  int rc;

  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    g_strv_builder_add (texts, lys_db_column_text (stmt, 0));
  if (rc != LYS_DB_DONE)
    {
      lys_db_set_error (self->db, error);
      return NULL;
    }

  return g_strv_builder_end (texts);
}

/* The patient's current course: the latest one started */
gboolean
_lys_store_current_course (LysStore      *self,
                           gint64         patient_id,
                           gint64        *course_id,
                           LysPhase      *phase,
                           gboolean      *induction,
                           GError       **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  int rc;

  stmt = _lys_store_prepare (self,
                             "SELECT id, phase, kind = 'induction' FROM courses WHERE patient_id = ?1 "
                             "ORDER BY started_on DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, patient_id);

  rc = lys_db_step (stmt);
  if (rc == LYS_DB_ROW)
    {
      *course_id = lys_db_column_int64 (stmt, 0);
      if (!lys_phase_from_nick (lys_db_column_text (stmt, 1), phase))
        *phase = LYS_PHASE_STOPPED;
      if (induction != NULL)
        *induction = lys_db_column_int (stmt, 2) != 0;
      return TRUE;
    }
  if (rc != LYS_DB_DONE)
    return lys_db_set_error (self->db, error);

  g_set_error_literal (error, LYS_ERROR, LYS_ERROR_NOT_FOUND,
                       _("The patient has no treatment course."));
  return FALSE;
}

/* Whether a course in @phase may still have its preparation changed:
 * refused, saying where it is, once it has left it */
gboolean
_lys_store_check_preparing (LysPhase   phase,
                            GError   **error)
{
  if (phase == LYS_PHASE_PREPARATION)
    return TRUE;

  g_set_error (error, LYS_ERROR, LYS_ERROR_LOCKED,
               _("The course has left its preparation phase (it is in %s); its preparation can no longer be changed."),
               lys_phase_get_label (phase));
  return FALSE;
}

void
_lys_store_patient_changed (LysStore *self,
                            gint64    patient_id,
                            int       phase)
{
  if (phase >= 0 && self->patients != NULL)
    {
      for (guint i = 0, n = g_list_model_get_n_items (G_LIST_MODEL (self->patients)); i < n; i++)
        {
          g_autoptr(LysPatient) patient = g_list_model_get_item (G_LIST_MODEL (self->patients), i);

          if (lys_patient_get_id (patient) == patient_id)
            {
              g_object_set (patient, "phase", lys_phase_to_nick (phase), NULL);
              break;
            }
        }
    }

  g_signal_emit (self, signals[PATIENT_CHANGED], 0, patient_id);
}

/* Public API */

/* What every opening reads once the schema is there */
static gboolean
load_clinic (LysStore  *self,
             GError   **error)
{
  return load_meta (self, error) &&
         _lys_store_load_settings (self, error) &&
         _lys_store_load_current_staff (self, error) &&
         _lys_store_ensure_consent_forms (self, error) &&
         _lys_store_ensure_note_templates (self, error);
}

/* The schema a new server database is given, at its version; later
 * versions' migrations follow it, as for SQLite, each in the server's SQL
 * under the same name (data/sql/postgresql/) */
#define SERVER_SCHEMA "0023-schema.sql"
#define SERVER_SCHEMA_VERSION 23

/* Brings the server's schema from @found up to this version's, one
 * migration a transaction, each checking again the version it starts from
 * (another workstation may have been first). They are the owner's to run:
 * lysning --init-server does, as the owner; a staff member's login may not
 * change the schema, and is told who does. */
static gboolean
migrate_server (LysDb       *db,
                const char  *address,
                gint64       found,
                GError     **error)
{
  for (guint i = MAX ((guint) found, SERVER_SCHEMA_VERSION); i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *resource = g_strconcat (RESOURCE_PATH "/sql/postgresql/", migrations[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autofree char *sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autofree char *done = g_strdup_printf ("UPDATE meta SET value = '%u' WHERE key = 'schema-version'", i + 1);
      g_autoptr(GError) local_error = NULL;
      gint64 now = 0;

      if (!lys_db_begin (db, error) ||
          !lys_db_query_int (db, "SELECT value::bigint FROM meta WHERE key = 'schema-version' FOR UPDATE", NULL, &now,
                             error))
        goto failed;
      if (now > (gint64) i)
        {
          if (!lys_db_exec (db, "COMMIT", error))
            goto failed;
          continue;
        }
      if (!lys_db_exec (db, sql, &local_error) || !lys_db_exec (db, done, &local_error) ||
          !lys_db_exec (db, "COMMIT", &local_error))
        {
          gboolean denied = lys_db_get_fault (db) == LYS_DB_FAULT_DENIED;
          g_autofree char *display = lys_store_dup_display_name (address);

          lys_db_rollback (db);
          if (denied)
            g_set_error (error, LYS_ERROR, LYS_ERROR_PERMISSION,
                         _("The clinic’s database “%s” has schema %u, and this version of Lysning needs schema %u. "
                           "Whoever runs the clinic’s server brings it up to date with lysning --init-server; "
                           "until then, use the version of Lysning the other workstations have."),
                         display, i, (guint) G_N_ELEMENTS (migrations));
          else
            g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED,
                         _("Could not upgrade the database to schema %u; it was left as it was. %s"),
                         i + 1, local_error->message);
          return FALSE;
        }
    }
  return TRUE;

failed:
  lys_db_rollback (db);
  return FALSE;
}

/* The schema on a server database: made when it has none (one
 * workstation makes it; another waits for it), and known to this version;
 * its version in @version */
gboolean
_lys_server_prepare (LysDb       *db,
                     const char  *address,
                     guint       *version,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *insert = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 exists = 0, found = 0;

  /* One workstation makes the schema; another waits for it */
  if (!lys_db_begin (db, error) ||
      !lys_db_query_int (db, "SELECT to_regclass ('meta') IS NOT NULL", NULL, &exists, error))
    goto failed;
  if (!exists)
    {
      bytes = g_resources_lookup_data (RESOURCE_PATH "/sql/postgresql/" SERVER_SCHEMA, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                       NULL);
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      insert = g_strdup_printf ("INSERT INTO meta (key, value) VALUES ('schema-version', '%d')", SERVER_SCHEMA_VERSION);
      if (!lys_db_exec (db, sql, &local_error) || !lys_db_exec (db, insert, &local_error))
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED,
                       _("Could not upgrade the database to schema %u; it was left as it was. %s"),
                       (guint) SERVER_SCHEMA_VERSION, local_error->message);
          goto failed;
        }
    }
  if (!lys_db_query_int (db, "SELECT value::bigint FROM meta WHERE key = 'schema-version'", NULL, &found, error) ||
      !lys_db_exec (db, "COMMIT", error))
    goto failed;
  if (found > (gint64) G_N_ELEMENTS (migrations))
    {
      g_autofree char *display = lys_store_dup_display_name (address);

      g_set_error (error, LYS_ERROR, LYS_ERROR_NEWER_SCHEMA,
                   _("The database “%s” was written by a newer version of Lysning "
                     "(schema %u; this version knows up to %u). Update Lysning to open it."),
                   display, (guint) found, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }
  if (!migrate_server (db, address, found, error))
    return FALSE;
  if (version != NULL)
    *version = G_N_ELEMENTS (migrations);
  return TRUE;

failed:
  lys_db_rollback (db);
  return FALSE;
}

/**
 * _lys_server_learn_sizes:
 *
 * After a bulk write (a demo clinic seeded, a clinic copied in), the
 * server's planner learns the tables' new sizes now, not when autovacuum
 * next looks: planned as empty tables, a report's joins loop over what a
 * hash would find at once. SQLite plans without statistics.
 */
void
_lys_server_learn_sizes (LysDb *db)
{
  g_autoptr(GError) error = NULL;

  if (lys_db_is_postgresql (db) && !lys_db_exec (db, "ANALYZE", &error))
    g_debug ("The server's statistics were not refreshed: %s", error->message);
}

/* A server connection's own settings. A writer waits for another as long
 * as SQLite's does, then is refused. Each statement the window runs again
 * is planned once for the connection, for any values: they look rows up by
 * key and by a week or a day, where one plan serves every value, and
 * planning anew cost more than running. */
static gboolean
set_up_session (LysDb   *db,
                GError **error)
{
  return lys_db_exec (db, "SET client_min_messages = warning; SET lock_timeout = '5s'; "
                          "SET plan_cache_mode = force_generic_plan", error);
}

/* The server dropped the connection (a restart, the network) and it was
 * made again: the session as it was, the audit log's key included */
static gboolean
revived_cb (LysDb    *db,
            gpointer  user_data)
{
  LysStore *self = user_data;
  g_autoptr(GError) error = NULL;

  if (set_up_session (db, &error) && lys_audit_chain_register (db, self->audit_key, &error))
    {
      _lys_store_follow_revived (self);
      return TRUE;
    }
  g_warning ("The connection to the clinic’s server was made again but not set up: %s", error->message);
  return FALSE;
}

/* A connection to the server @address names, a libpq URI or connection
 * string; a refusal said as the staff member can act on it */
LysDb *
_lys_server_connect (const char  *address,
                     GError     **error)
{
  g_autofree char *message = NULL;
  LysDbLogin login = LYS_DB_LOGIN_OTHER;
  LysDb *db = lys_db_postgresql_connect (address, &message, &login);

  if (db != NULL)
    return db;
  if (login == LYS_DB_LOGIN_NEEDS_PASSWORD)
    g_set_error_literal (error, LYS_ERROR, LYS_ERROR_PASSWORD,
                         _("The clinic’s database server asks for your password."));
  else if (login == LYS_DB_LOGIN_PASSWORD_REFUSED)
    g_set_error_literal (error, LYS_ERROR, LYS_ERROR_PASSWORD,
                         _("The clinic’s database server did not accept the password. "
                           "Check the user name and the password, and try again."));
  else
    /* Translators: %s is the server's reason */
    g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The clinic’s database server cannot be reached: %s"), message);
  return NULL;
}

/* The clinic's database on a PostgreSQL server, @address a libpq URI or
 * connection string */
static LysStore *
open_server (const char  *address,
             GError     **error)
{
  g_autoptr(LysStore) self = g_object_new (LYS_TYPE_STORE, NULL);

  self->path = g_strdup (address);
  self->db = _lys_server_connect (address, error);
  if (self->db == NULL)
    return NULL;
  if (!set_up_session (self->db, error) ||
      !_lys_server_prepare (self->db, self->path, &self->schema_version, error) ||
      !link_audit_chain (self, error) ||
      !remember_audit_key (self, error) ||
      !load_clinic (self, error))
    return NULL;
  lys_db_postgresql_set_revived (self->db, revived_cb, self);

  self->opened = TRUE;
  return g_steal_pointer (&self);
}

/**
 * lys_store_open:
 * @path: the database file; created (mode 0600) when missing
 *
 * Opens the clinic database, checks its integrity and version, and brings its
 * schema up to date. A damaged database or one from a newer Lysning is refused
 * and left as it was.
 */
LysStore *
lys_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(LysStore) self = NULL;
  gboolean created;
  g_autofree char *journal = NULL;
  g_autoptr(LysDbStmt) stmt = NULL;
  sqlite3 *handle = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (lys_db_postgresql_is_address (path))
    return open_server (path, error);

  self = g_object_new (LYS_TYPE_STORE, NULL);
  self->path = g_canonicalize_filename (path, NULL);

  if (!prepare_file (self->path, &created, error))
    return NULL;
  /* No export, report or backup lands on the clinic while it is open */
  lys_output_protect (self->path);
  self->protected = TRUE;

  rc = sqlite3_open_v2 (self->path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE, NULL);
  if (handle == NULL)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("Out of memory"));
      return NULL;
    }
  self->db = lys_db_sqlite_wrap (handle);
  if (rc != SQLITE_OK)
    {
      lys_db_set_error (self->db, error);
      return NULL;
    }

  sqlite3_busy_handler (handle, on_busy_cb, &self->busy_since);
  /* Before anything reads the schema: the notes' search needs it */
  if (!lys_fts_register (handle, error))
    return NULL;
  /* What a signature covers is hashed by Lysning's own statements only */
  if (sqlite3_create_function (handle, "lys_sha256", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                               NULL, sha256_function, NULL, NULL) != SQLITE_OK)
    {
      lys_db_set_error (self->db, error);
      return NULL;
    }

  /* Read-only checks first: a refused database is never written to. The
   * full check of every page takes as long as the file is big: it is run
   * apart (lys_store_check_integrity ()), and changes wait for it */
  if (!check_version (self, error))
    return NULL;

  if (sqlite3_db_readonly (handle, "main") == 1)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      /* Translators: %s is the database file */
      g_set_error (error, LYS_ERROR, LYS_ERROR_PERMISSION,
                   _("%s cannot be written to (the file or its folder is read-only). Open a copy you may change, or ask for write access."),
                   display);
      return NULL;
    }
  /* Owner-only, never wider: what is narrower stays as it is */
  {
    GStatBuf st;

    if (g_stat (self->path, &st) == 0 && (st.st_mode & 077) != 0 && g_chmod (self->path, st.st_mode & 0600) != 0)
      g_debug ("Could not restrict the database's mode: %s", g_strerror (errno));
  }

  stmt = _lys_store_prepare (self, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return NULL;
  if (lys_db_step (stmt) != LYS_DB_ROW)
    {
      lys_db_set_error (self->db, error);
      return NULL;
    }
  journal = _lys_column_dup (stmt, 0);
  if (g_strcmp0 (journal, "wal") != 0)
    g_debug ("The database stays in %s journal mode", journal);
  g_clear_pointer (&stmt, lys_db_stmt_free);

  if (!lys_db_exec (self->db,
             "PRAGMA foreign_keys = ON;"
             "PRAGMA synchronous = FULL;",
             error))
    return NULL;

  if (!link_audit_chain (self, error) ||
      !apply_migrations (self, error) ||
      !remember_audit_key (self, error) ||
      !check_triggers (self, error) ||
      !load_clinic (self, error))
    return NULL;

  sqlite3_set_authorizer (handle, authorize_cb, self);
  self->opened = TRUE;
  return g_steal_pointer (&self);
}

/**
 * lys_store_is_server_address:
 *
 * Whether @database names a clinic database on a PostgreSQL server (a
 * libpq URI such as `postgresql://HOST/DB`, or `service=NAME`) rather than
 * a file.
 */
gboolean
lys_store_is_server_address (const char *database)
{
  return lys_db_postgresql_is_address (database);
}

/**
 * lys_store_dup_display_name:
 *
 * Returns: @database as a message names it: a file's name for display, or
 *   a server's address without a password written into it
 */
char *
lys_store_dup_display_name (const char *database)
{
  if (lys_db_postgresql_is_address (database))
    return lys_db_postgresql_dup_display_name (database);
  return g_filename_display_name (database);
}

/**
 * lys_store_dup_default_path:
 * @demo: the demo clinic's database rather than the real one
 *
 * Returns: `$XDG_DATA_HOME/lysning/lysning.db`, or `demo.db` beside it
 */
char *
lys_store_dup_default_path (gboolean demo)
{
  return g_build_filename (g_get_user_data_dir (), "lysning",
                           demo ? "demo.db" : "lysning.db", NULL);
}

const char *
lys_store_get_path (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  return self->path;
}

guint
lys_store_get_schema_version (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  return self->schema_version;
}

guint
lys_store_get_latest_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

gboolean
lys_store_is_demo (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  return self->demo;
}
