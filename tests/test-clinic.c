/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "lys-db-postgresql.h"
#include "lys-demo.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

static gint64
insert (LysStore   *store,
        const char *sql)
{
  g_assert_cmpint (test_clinic_exec (store, sql), ==, LYS_DB_FAULT_NONE);
  return lys_db_last_insert_id (_lys_store_get_db (store));
}

/* A signed eligibility assessment as the store signs one: a draft, then
 * signed with the SHA-256 of what it says */
static void
insert_signed_eligibility (LysStore   *store,
                           gint64      course,
                           const char *day,
                           gint64      physician)
{
  g_autofree char *draft = g_strdup_printf ("INSERT INTO eligibility (course_id, decision, updated_at) "
                                            "VALUES (%" G_GINT64_FORMAT ", 'eligible', '%s')", course, day);
  gint64 id = insert (store, draft);
  g_autofree char *sign = g_strdup_printf ("UPDATE eligibility SET status = 'signed', signed_at = '%s', "
                                           "signed_by = %" G_GINT64_FORMAT ", content_sha256 = "
                                           LYS_SQL_SIGNED_SHA256 ("eligibility", "eligibility")
                                           " WHERE id = %" G_GINT64_FORMAT, day, physician, id);

  g_assert_cmpint (test_clinic_exec (store, sign), ==, LYS_DB_FAULT_NONE);
}

gint64
test_clinic_query_int (LysStore   *store,
                       const char *sql)
{
  g_autoptr(LysDbStmt) stmt = test_clinic_prepare (store, sql);

  g_assert_cmpint (lys_db_step (stmt), ==, LYS_DB_ROW);
  return lys_db_column_int64 (stmt, 0);
}

/* @sql prepared on the store's own connection */
LysDbStmt *
test_clinic_prepare (LysStore   *store,
                     const char *sql)
{
  LysDbStmt *stmt = lys_db_prepare (_lys_store_get_db (store), sql, NULL);

  g_assert_nonnull (stmt);
  return stmt;
}

/* The one text @sql reads, newly allocated */
char *
test_clinic_query_text (LysStore   *store,
                        const char *sql)
{
  g_autoptr(LysDbStmt) stmt = test_clinic_prepare (store, sql);

  g_assert_cmpint (lys_db_step (stmt), ==, LYS_DB_ROW);
  return g_strdup (lys_db_column_text (stmt, 0));
}

/* Runs @sql past the store, as another program could; returns why the
 * database refused it, or LYS_DB_FAULT_NONE */
LysDbFault
test_clinic_exec (LysStore   *store,
                  const char *sql)
{
  LysDb *db = _lys_store_get_db (store);

  if (lys_db_exec (db, sql, NULL))
    return LYS_DB_FAULT_NONE;
  g_test_message ("refused: %s", lys_db_get_message (db));
  return lys_db_get_fault (db);
}

void
test_clinic_set_time (LysStore *store,
                      int       hour,
                      int       minute)
{
  g_autoptr(GDateTime) now = test_clinic_today_at (hour, minute);

  _lys_store_set_clock (store, now);
}

/* Today at @hour:@minute, local time */
GDateTime *
test_clinic_today_at (int hour,
                      int minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), hour, minute, 0);
}

/* GLib's test set-up, in English by default; a test turns Norwegian on
 * with the catalogue built with the tests */
void
test_clinic_init (int    *argc,
                  char ***argv)
{
  const char *localedir = g_getenv ("LYSNING_LOCALEDIR");

  g_test_init (argc, argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");
  g_unsetenv ("LANGUAGE");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* A time in 2030, a fixed calendar: Monday 2 September 2030 starts ISO
 * week 36. A test that books at it sets the store's clock before it with
 * test_clinic_before_bookings (), so that it passes in any year. */
GDateTime *
test_clinic_at (guint day,
                guint month,
                guint hour,
                guint minute)
{
  return g_date_time_new_local (2030, (int) month, (int) day, (int) hour, (int) minute, 0);
}

/* The store's clock at noon on 1 August 2030: the bookings at the times of
 * test_clinic_at () lie ahead whatever the date the suite runs on */
void
test_clinic_before_bookings (LysStore *store)
{
  g_autoptr(GDateTime) before = test_clinic_at (1, 8, 12, 0);

  _lys_store_set_clock (store, before);
}

/* An assessment that meets every criterion, decided eligible */
LysEligibility *
test_clinic_complete_eligibility (void)
{
  LysEligibility *e = lys_eligibility_new ();

  lys_eligibility_add_trial (e, "Sertraline", "150 mg", TRUE, 8, LYS_TRIAL_NONE);
  lys_eligibility_add_trial (e, "Venlafaxine", "225 mg", TRUE, 6, LYS_TRIAL_PARTIAL);
  e->weight_kg = 80;
  e->systolic = 128;
  e->diastolic = 82;
  e->heart_rate = 70;
  e->has_madrs = TRUE;
  for (guint i = 0; i < LYS_MADRS_ITEMS; i++)
    e->madrs[i] = 3;
  e->has_phq9 = TRUE;
  for (guint i = 0; i < LYS_PHQ9_ITEMS; i++)
    e->phq9[i] = 2;
  e->has_decision = TRUE;
  e->decision = LYS_DECISION_ELIGIBLE;
  return e;
}

/* Books another infusion of the course at @booked_at */
gint64
test_clinic_book (LysStore   *store,
                  TestClinic *clinic,
                  GDateTime  *booked_at)
{
  g_autoptr(GDateTime) ends_at = g_date_time_add_minutes (booked_at, 115);
  g_autofree char *starts = g_date_time_format (booked_at, "%Y-%m-%d %H:%M:%S");
  g_autofree char *ends = g_date_time_format (ends_at, "%Y-%m-%d %H:%M:%S");
  g_autofree char *sql = NULL;
  gint64 id;

  sql = g_strdup_printf ("INSERT INTO appointments (kind, state, course_id, room_id, starts_at, ends_at) "
                         "VALUES ('infusion', 'planned', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '%s', '%s')",
                         clinic->course, clinic->room, starts, ends);
  id = insert (store, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO appointment_patients VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ");"
                         "INSERT INTO appointment_staff VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'drug');"
                         "INSERT INTO appointment_staff VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'psychologist');",
                         id, clinic->patient, id, clinic->nurse, id, clinic->psychologist);
  g_assert_cmpint (test_clinic_exec (store, sql), ==, LYS_DB_FAULT_NONE);
  return id;
}

/**
 * test_clinic_setup:
 * @flags: which of the gates before an infusion are open
 *
 * A patient in induction, booked for an infusion at @booked_at in a room
 * of its own, with a nurse and a certified psychologist; a physician signs.
 */
void
test_clinic_setup (LysStore        *store,
                   GDateTime       *booked_at,
                   TestClinicFlags  flags,
                   TestClinic      *clinic)
{
  g_autofree char *sql = NULL;
  g_autofree char *day = g_date_time_format (booked_at, "%Y-%m-%d");

  clinic->physician = insert (store, "INSERT INTO staff (name, role, created_at) "
                                     "VALUES ('Ingrid Lege', 'physician', '2026-01-01T00:00:00Z')");
  clinic->nurse = insert (store, "INSERT INTO staff (name, role, created_at) "
                                 "VALUES ('Nils Sykepleier', 'nurse', '2026-01-01T00:00:00Z')");
  clinic->psychologist = insert (store, "INSERT INTO staff (name, role, kap_certified, created_at) "
                                        "VALUES ('Petra Psykolog', 'psychologist', 1, '2026-01-01T00:00:00Z')");
  clinic->room = insert (store, "INSERT INTO rooms (name, headphones, duvet, dimmable_light, monitoring) "
                                "VALUES ('Testrom', 1, 1, 1, 1)");
  clinic->patient = insert (store, "INSERT INTO patients (national_id, id_kind, given_name, family_name, birth_date, "
                                   "created_at, updated_at) VALUES ('" TEST_CLINIC_NATIONAL_ID "', 'fnr', 'Tora', "
                                   "'Testesen', '1985-03-12', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
  sql = g_strdup_printf ("INSERT INTO courses (patient_id, kind, phase, started_on) "
                         "VALUES (%" G_GINT64_FORMAT ", 'induction', 'induction', '%s')", clinic->patient, day);
  clinic->course = insert (store, sql);

  if (flags & TEST_CLINIC_CONSENT)
    {
      g_free (sql);
      sql = g_strdup_printf ("INSERT INTO consents (patient_id, form_version, language, signed_on, physician_id, "
                             "recorded_at) VALUES (%" G_GINT64_FORMAT ", '2025.1', 'nb', '%s', %" G_GINT64_FORMAT
                             ", '2026-01-01T00:00:00Z')", clinic->patient, day, clinic->physician);
      insert (store, sql);
    }
  if (flags & TEST_CLINIC_ELIGIBLE)
    insert_signed_eligibility (store, clinic->course, day, clinic->physician);

  clinic->appointment = test_clinic_book (store, clinic, booked_at);
}

/* A patient born 1980-01-01 with an induction course in @phase */
static gint64
insert_patient (LysStore   *store,
                const char *national_id,
                const char *given_name,
                const char *family_name,
                const char *phase,
                gint64     *course)
{
  g_autofree char *sql = NULL;
  gint64 id, course_id;

  sql = g_strdup_printf ("INSERT INTO patients (national_id, id_kind, given_name, family_name, birth_date, "
                         "created_at, updated_at) VALUES ('%s', 'fnr', '%s', '%s', '1980-01-01', "
                         "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", national_id, given_name, family_name);
  id = insert (store, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO courses (patient_id, kind, phase, started_on) "
                         "VALUES (%" G_GINT64_FORMAT ", 'induction', '%s', '2026-01-01')", id, phase);
  course_id = insert (store, sql);
  if (course != NULL)
    *course = course_id;
  return id;
}

/* Another patient, in induction like the first */
gint64
test_clinic_add_patient (LysStore   *store,
                         const char *national_id,
                         const char *given_name,
                         const char *family_name)
{
  return insert_patient (store, national_id, given_name, family_name, "induction", NULL);
}

/* A patient in preparation with every gate to the induction open:
 * eligibility signed, consent on record, a session held, judged ready */
gint64
test_clinic_add_prepared_patient (LysStore   *store,
                                  TestClinic *clinic,
                                  const char *national_id,
                                  const char *given_name,
                                  const char *family_name)
{
  g_autofree char *sql = NULL;
  gint64 id, course, session;

  id = insert_patient (store, national_id, given_name, family_name, "preparation", &course);
  sql = g_strdup_printf ("INSERT INTO consents (patient_id, form_version, language, signed_on, physician_id, "
                         "recorded_at) VALUES (%" G_GINT64_FORMAT ", '2025.1', 'nb', '2026-01-02', %" G_GINT64_FORMAT
                         ", '2026-01-02T00:00:00Z')", id, clinic->physician);
  insert (store, sql);
  g_free (sql);
  insert_signed_eligibility (store, course, "2026-01-02", clinic->physician);
  sql = g_strdup_printf ("INSERT INTO appointments (kind, state, course_id, starts_at, ends_at) "
                         "VALUES ('preparation', 'done', %" G_GINT64_FORMAT ", '2026-01-05 10:00:00', "
                         "'2026-01-05 11:00:00')", course);
  session = insert (store, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO appointment_patients VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ");"
                         "INSERT INTO appointment_staff VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'therapist');"
                         "INSERT INTO preparation_notes (appointment_id, author_id, readiness, updated_at) "
                         "VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'ready', '2026-01-05T11:00:00Z')",
                         session, id, session, clinic->psychologist, session, clinic->psychologist);
  g_assert_cmpint (test_clinic_exec (store, sql), ==, LYS_DB_FAULT_NONE);
  return id;
}

/* A therapy session of @kind ("integration", "group-integration", …) held
 * by the clinic's psychologist */
gint64
test_clinic_add_session (LysStore     *store,
                         TestClinic   *clinic,
                         const char   *kind,
                         GDateTime    *starts_at,
                         const gint64 *patients,
                         guint         n_patients)
{
  g_autoptr(GDateTime) ends_at = g_date_time_add_minutes (starts_at, 60);
  g_autofree char *starts = g_date_time_format (starts_at, "%Y-%m-%d %H:%M:%S");
  g_autofree char *ends = g_date_time_format (ends_at, "%Y-%m-%d %H:%M:%S");
  g_autofree char *sql = NULL;
  gint64 id;

  sql = g_strdup_printf ("INSERT INTO appointments (kind, state, starts_at, ends_at) "
                         "VALUES ('%s', 'done', '%s', '%s')", kind, starts, ends);
  id = insert (store, sql);
  for (guint i = 0; i < n_patients; i++)
    {
      g_free (sql);
      sql = g_strdup_printf ("INSERT INTO appointment_patients VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                             id, patients[i]);
      insert (store, sql);
    }
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO appointment_staff VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'therapist')",
                         id, clinic->psychologist);
  insert (store, sql);
  return id;
}

static int
write_report (int    fd,
              gint64 report)
{
  return write (fd, &report, sizeof report) == sizeof report ? 0 : -1;
}

/**
 * test_clinic_kill_while_writing:
 * @path: the database
 * @name: (nullable): the child's profile name, in @role
 * @wanted: how many writes to let through at least
 *
 * Runs @write_one again and again in a child process of its own on @path, then
 * kills it with SIGKILL in the middle of writing, as a power cut would.
 *
 * Returns: (element-type gint64): the reports of every write the child
 *   committed before it died, in order: at least @wanted
 */
GArray *
test_clinic_kill_while_writing (const char      *path,
                                const char      *name,
                                LysRole          role,
                                guint            wanted,
                                TestClinicWrite  write_one,
                                gpointer         data)
{
  GArray *reports = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 report;
  int fds[2];
  pid_t child;

  g_assert_cmpint (pipe (fds), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      LysStore *store;

      close (fds[0]);
      store = lys_store_open (path, NULL);
      if (store == NULL)
        _exit (2);
      if (name != NULL)
        lys_store_update_current_profile (store, name, role, NULL);
      for (guint step = 0; ; step++)
        if (!write_one (store, step, &report, data) || write_report (fds[1], report) != 0)
          _exit (3);
    }

  close (fds[1]);
  while (reports->len < wanted && read (fds[0], &report, sizeof report) == sizeof report)
    g_array_append_val (reports, report);
  g_assert_cmpint (kill (child, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (child, NULL, 0), ==, child);
  /* Written before the kill, not yet read */
  while (read (fds[0], &report, sizeof report) == sizeof report)
    g_array_append_val (reports, report);
  close (fds[0]);
  g_assert_cmpuint (reports->len, >=, wanted);
  return reports;
}

/* The server the tests run against with LYSNING_TEST_ENGINE=postgresql
 * (libpq's PGHOST, PGPORT and PGUSER say where: build-aux/dev starts a
 * throwaway one); the maintenance database makes and drops theirs */
static LysDb *
connect_server (void)
{
  g_autofree char *message = NULL;
  LysDb *db = lys_db_postgresql_connect ("dbname=postgres", &message, NULL);

  if (db == NULL)
    g_error ("The test server cannot be reached: %s", message);
  return db;
}

static void
server_exec (const char *sql)
{
  g_autoptr(LysDb) db = connect_server ();
  g_autoptr(GError) error = NULL;

  lys_db_exec (db, sql, &error);
  g_assert_no_error (error);
}

gboolean
test_clinic_on_server (void)
{
  return g_strcmp0 (g_getenv ("LYSNING_TEST_ENGINE"), "postgresql") == 0;
}

/* Skips the test on the server: it is about SQLite's file */
gboolean
test_clinic_skip_on_server (void)
{
  if (!test_clinic_on_server ())
    return FALSE;
  g_test_skip ("SQLite's file only");
  return TRUE;
}

/* Where a new clinic of the test is kept: a file in @dir, or a database of
 * its own on the test server */
char *
test_clinic_new_address (const char *dir)
{
  static gint counter;
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;

  if (!test_clinic_on_server ())
    return g_build_filename (dir, "clinic.db", NULL);
  name = g_strdup_printf ("lysning_test_%d_%d", (int) getpid (), g_atomic_int_add (&counter, 1));
  sql = g_strdup_printf ("CREATE DATABASE %s", name);
  server_exec (sql);
  return g_strdup_printf ("postgresql:///%s", name);
}

/* A clinic's database on the test server dropped, a file's path let be */
void
test_clinic_drop_address (const char *path)
{
  g_autofree char *sql = NULL;

  if (path == NULL || !lys_store_is_server_address (path))
    return;
  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", path + strlen ("postgresql:///"));
  server_exec (sql);
}

LysStore *
test_clinic_open_new (const char  *name,
                      char       **dir,
                      char       **path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("lysning-%s-XXXXXX", name);
  LysStore *store;

  *dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  *path = test_clinic_new_address (*dir);
  store = lys_store_open (*path, &error);
  g_assert_no_error (error);
  return store;
}

/* A demo clinic of @patients with @years of history, checked whole, in a
 * temporary folder of its own */
LysStore *
test_clinic_open_demo (const char  *name,
                       guint        patients,
                       guint        years,
                       char       **dir,
                       char       **path)
{
  g_autoptr(GError) error = NULL;
  LysStore *store = test_clinic_open_new (name, dir, path);

  if (patients > 0)
    g_assert_true (lys_demo_seed (store, patients, years, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lys_store_check_integrity (store, NULL, &error));
  g_assert_no_error (error);
  return store;
}

void
test_clinic_close (LysStore **store,
                   char     **dir,
                   char     **path)
{
  g_clear_object (store);
  test_clinic_drop_address (*path);
  test_remove_dir (*dir);
  g_clear_pointer (dir, g_free);
  g_clear_pointer (path, g_free);
}

/* The profile of the person at the computer from now on */
void
test_clinic_become (LysStore   *store,
                    const char *name,
                    LysRole     role)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_update_current_profile (store, name, role, &error));
  g_assert_no_error (error);
}

void
test_fixture_open (TestFixture *fixture,
                   const char  *suite)
{
  fixture->store = test_clinic_open_new (suite, &fixture->dir, &fixture->path);
}

void
test_fixture_open_clinic (TestFixture     *fixture,
                          const char      *suite,
                          GDateTime       *booked_at,
                          TestClinicFlags  flags)
{
  test_fixture_open (fixture, suite);
  test_clinic_setup (fixture->store, booked_at, flags, &fixture->clinic);
}

/* A staff member written past the store, as the clinic's lead would have
 * added them; the store reads its staff again when it is next asked */
gint64
test_fixture_add_staff (TestFixture *fixture,
                        const char  *name,
                        LysRole      role,
                        gboolean     kap_certified)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO staff (name, role, kap_certified, created_at) "
                                          "VALUES ('%s', '%s', %d, '2026-01-01T00:00:00Z') RETURNING id",
                                          name, lys_role_to_nick (role), kap_certified);

  return test_clinic_query_int (fixture->store, sql);
}

void
test_fixture_tear_down (TestFixture   *fixture,
                        gconstpointer  data)
{
  if (fixture->store != NULL)
    {
      gpointer store = g_steal_pointer (&fixture->store);
      gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

      /* A worker that has finished may let go of its reference a moment
       * after the test: the fixture waits for it, not for ever */
      g_object_add_weak_pointer (store, &store);
      g_object_unref (store);
      while (g_atomic_pointer_get (&store) != NULL && g_get_monotonic_time () < deadline)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
      g_assert_null (g_atomic_pointer_get (&store));
    }
  test_clinic_close (&fixture->store, &fixture->dir, &fixture->path);
}

/* The test server (PGPORT) as pg_ctlcluster @action ("stop", "start",
 * "restart") leaves it: a stop drops every connection to it */
void
test_clinic_control_server (const char *action)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *port = g_getenv ("PGPORT");
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_nonnull (port);
  g_assert_true (g_spawn_command_line_sync ("pg_lsclusters -h", &out, NULL, &status, &error));
  g_assert_no_error (error);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " \t", -1);
      g_autofree char *command = NULL;
      g_autofree char *cluster_out = NULL;
      g_autofree char *cluster_err = NULL;
      guint n = 0;
      const char *words[3] = { NULL };

      for (guint j = 0; fields[j] != NULL && n < 3; j++)
        if (*fields[j] != '\0')
          words[n++] = fields[j];
      if (n < 3 || !g_str_equal (words[2], port))
        continue;
      command = g_strdup_printf ("pg_ctlcluster %s %s %s%s", words[0], words[1], action,
                                 g_str_equal (action, "start") ? "" : " -m fast");
      g_assert_true (g_spawn_command_line_sync (command, &cluster_out, &cluster_err, &status, &error));
      g_assert_no_error (error);
      g_test_message ("%s: %s%s", command, cluster_out, cluster_err);
      if (status != 0)
        g_error ("%s: %s", command, cluster_err);
      return;
    }
  g_error ("No cluster on port %s", port);
}

static void
on_items_changed (GListModel  *model,
                  guint        position,
                  guint        removed,
                  guint        added,
                  TestChanges *changes)
{
  changes->calls++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

/* Counts in @changes what @model announces from now on, for as long as
 * @model lives; @changes must live as long */
void
test_watch_changes (GListModel  *model,
                    TestChanges *changes)
{
  *changes = (TestChanges) { 0 };
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), changes);
}
