/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "lys-store.h"
#include "test-clinic.h"
#include "test-raw.h"

/* The headless command line: exit codes and one-line messages. */

static char *dir;

/* lysning and the arguments from @first on, up to NULL, for
 * g_subprocess_newv () */
static GPtrArray *
command_line (const char *first,
              va_list     args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) g_getenv ("LYSNING_BINARY"));
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static int
run (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  argv = command_line (first, args);
  va_end (args);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  /* What a failed run said, in the test's log: the assertion that follows
   * names only its exit status */
  if (g_subprocess_get_exit_status (process) != 0)
    g_test_message ("%s exited with %d: %s", first, g_subprocess_get_exit_status (process), *err);

  return g_subprocess_get_exit_status (process);
}

/* run () on another computer: with its own data folder */
static int
run_elsewhere (const char  *data_home,
               char       **out,
               char       **err,
               const char  *option,
               const char  *other_option)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                         G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("LYSNING_BINARY"), option, other_option, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
assert_one_line (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "lysning: "));
  /* exactly one line */
  g_assert_true (strchr (text, '\n') == text + strlen (text) - 1);
}

static void
test_seed (void)
{
  g_autofree char *path = g_build_filename (dir, "seed.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=25", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "25 patients"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A second time is refused: the file holds a clinic already */
  g_assert_cmpint (run (&out, &err, option, "--seed-demo", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "already holds a demo clinic"));
}

static void
test_bad_arguments (void)
{
  g_autofree char *path = g_build_filename (dir, "bad.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  static const char *cases[][4] = {
    { "--seed-demo", NULL },              /* no database */
    { "--seed-demo=many", NULL },
    { "--seed-demo=0", NULL },
    { "--no-such-option", NULL },
    { "stray-argument", NULL },
    { "--init-server=clinic.db", NULL },  /* a file is no server */
    { "--add-staff=kari", "--role=nurse" },  /* no server given */
    { "--role=nurse", NULL },             /* without --add-staff */
    { "--add-staff=kari", "--database=postgresql:///clinic" },  /* no role */
    { "--add-staff=kari", "--database=postgresql:///clinic", "--role=nurse,doctor" },
    { "--init-server=postgresql:///clinic", "--seed-demo" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (run (&out, &err, cases[i][0], cases[i][1], cases[i][2], NULL), ==, 1);
      assert_one_line (err);
      g_assert_cmpstr (out, ==, "");
    }

  /* --demo with --database is refused before anything opens */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run (&out, &err, "--demo", option, NULL), ==, 1);
    assert_one_line (err);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

static void
test_refuses_newer (void)
{
  g_autofree char *path = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *out = NULL, *err = NULL;
  sqlite3 *db;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=3", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (run (&out, &err, option, "--seed-demo", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "newer version"));
}

static void
test_import (void)
{
  g_autofree char *path = g_build_filename (dir, "import.db", NULL);
  g_autofree char *csv = g_build_filename (dir, "pasienter.csv", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *import = g_strconcat ("--import-patients=", csv, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *expected = NULL;
  /* Windows-1252, semicolons, CRLF, a quoted field across two lines */
  static const char rows[] =
    "F\xf8" "dselsnummer;Fornavn;Etternavn;Merknad\r\n"
    "15046600344;\xc5se;Bj\xf8rnstad;\"ringer\r\nfor 10\"\r\n"
    "15046600343;Per;Hansen;\r\n"
    "01015012397;Kari;;\r\n";

  g_assert_true (g_file_set_contents (csv, rows, -1, NULL));

  /* Into a clinic that is not there: refused, and not made */
  g_assert_cmpint (run (&out, &err, option, import, NULL), ==, 1);
  assert_one_line (err);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* The clinic, new and empty, as its first start makes it */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LysStore) store = lys_store_open (path, &error);

    g_assert_no_error (error);
  }

  /* A bad row: nothing is imported, each problem is FILE:LINE: reason */
  g_assert_cmpint (run (&out, &err, option, import, NULL), ==, 1);
  expected = g_strdup_printf ("%s:4: The second check digit is wrong.", csv);
  g_assert_nonnull (strstr (err, expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:5: Enter both the given name", csv);
  g_assert_nonnull (strstr (err, expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:1: The column “Merknad”", csv);
  g_assert_nonnull (strstr (err, expected));
  g_assert_nonnull (strstr (err, "lysning: 2 rows have problems, so nothing was imported"));
  g_assert_cmpint (test_raw_int (path, "SELECT count(*) FROM patients"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --skip-invalid imports the good row */
  g_assert_cmpint (run (&out, &err, option, import, "--skip-invalid", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Imported 1 patient from"));
  g_assert_nonnull (strstr (out, "Skipped 2 rows"));
  g_assert_cmpint (test_raw_int (path, "SELECT count(*) FROM patients"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A missing file and --skip-invalid alone are errors */
  g_assert_cmpint (run (&out, &err, option, "--import-patients=/nonexistent/x.csv", NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, option, "--skip-invalid", NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Again: every row is registered or bad, so nothing is imported, and
   * --skip-invalid says so with exit 1; a header that would steer the
   * terminal is shown defused */
  g_assert_true (g_file_set_contents (csv, "F\xf8" "dselsnummer;Fornavn;Etternavn;\x1b[2J\x1b[31mRed\r\n"
                                           "15046600344;\xc5se;Bj\xf8rnstad;x\r\n"
                                           "15046600343;Per;Hansen;y\r\n", -1, NULL));
  g_assert_cmpint (run (&out, &err, option, import, "--skip-invalid", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "No row of the file could be imported."));
  g_assert_null (strchr (err, '\x1b'));
  g_assert_cmpint (test_raw_int (path, "SELECT count(*) FROM patients"), ==, 1);
}

static void
test_export_calendar (void)
{
  g_autofree char *path = g_build_filename (dir, "calendar.db", NULL);
  g_autofree char *ics = g_build_filename (dir, "week.ics", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *target = g_strconcat ("--export-calendar=", ics, NULL);
  g_autofree char *out = NULL, *err = NULL, *text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 14);
  g_autofree char *to = g_date_time_format (later, "--to=%d.%m.%Y");
  gint64 expected;
  struct stat st;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=30", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Today and the next two weeks, with the bookings not cancelled or not */
  g_assert_cmpint (run (&out, &err, option, target, to, NULL), ==, 0);
  g_assert_true (g_file_get_contents (ics, &text, NULL, NULL));
  g_assert_cmpint (stat (ics, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\n"));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM appointments WHERE starts_at >= date ('now', 'localtime') "
                                            "AND starts_at < date ('now', 'localtime', '+15 days')");
    g_auto(GStrv) events = g_strsplit (text, "BEGIN:VEVENT", -1);

    expected = test_raw_int (path, sql);
    g_assert_cmpint (expected, >, 0);
    g_assert_cmpint (g_strv_length (events) - 1, ==, expected);
  }
  g_assert_nonnull (strstr (out, "bookings"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad days, and options that need --export-calendar */
  g_assert_cmpint (run (&out, &err, option, target, "--from=31.02.2027", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "31.02.2027"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, option, "--from=1.1.2027", NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, option, target, "--from=2.1.2027", "--to=1.1.2027", NULL), ==, 1);
  assert_one_line (err);
}

/* The registry export: refused to a coordinator, then written
 * pseudonymised, owner-only, with the period given */
static void
test_export_registry (void)
{
  g_autofree char *path = g_build_filename (dir, "registry.db", NULL);
  g_autofree char *xml = g_build_filename (dir, "registry.xml", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *target = g_strconcat ("--export-registry=", xml, NULL);
  g_autofree char *out = NULL, *err = NULL, *text = NULL, *sql = NULL, *number = NULL;
  gint64 patients, left_out;
  struct stat st;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=30", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A coordinator's profile, as every new one */
  g_assert_cmpint (run (&out, &err, option, target, NULL), ==, 1);
  assert_one_line (err);
  g_assert_false (g_file_test (xml, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  sql = g_strdup_printf ("UPDATE staff SET role = 'physician' WHERE username = '%s'", g_get_user_name ());
  g_assert_cmpint (test_raw_exec (path, sql, NULL), ==, SQLITE_OK);
  g_assert_cmpint (run (&out, &err, option, target, "--from=01.01.2000", "--to=2099-12-31", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_get_contents (xml, &text, NULL, NULL));
  g_assert_cmpint (stat (xml, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_str_has_prefix (text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Bundle xmlns=\"http://hl7.org/fhir\">"));
  g_assert_null (strstr (text, "urn:oid:2.16.578.1.12.4.1.4.1\""));

  /* The line says how many were exported and how many left out */
  patients = test_raw_int (path, "SELECT count (*) FROM patients p WHERE registry_opt_out = 0 AND EXISTS "
                                 "(SELECT 1 FROM courses WHERE patient_id = p.id)");
  left_out = test_raw_int (path, "SELECT count (*) FROM patients p WHERE registry_opt_out = 1 AND EXISTS "
                                 "(SELECT 1 FROM courses WHERE patient_id = p.id)");
  number = g_strdup_printf ("Exported %" G_GINT64_FORMAT " patients", patients);
  g_assert_nonnull (strstr (out, number));
  g_free (number);
  number = g_strdup_printf ("leaving out %" G_GINT64_FORMAT " who", left_out);
  g_assert_nonnull (strstr (out, number));
  g_assert_cmpint (test_raw_int (path, "SELECT count (*) FROM audit_log WHERE action = 'registry.export'"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&text, g_free);

  /* Identified on request */
  g_assert_cmpint (run (&out, &err, option, target, "--identified", NULL), ==, 0);
  g_assert_true (g_file_get_contents (xml, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "urn:oid:2.16.578.1.12.4.1.4.1\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A control character put into a name and an adverse event's text past
   * Lysning: the export still goes out, valid, for everyone else; the
   * patient whose name cannot be sent is left out and named by number */
  g_assert_cmpint (test_raw_exec (path, "UPDATE patients SET given_name = 'Ka' || char (1) || 'ri' WHERE id = "
                                        "(SELECT min (ap.patient_id) FROM infusions i JOIN appointment_patients ap "
                                        "ON ap.appointment_id = i.appointment_id JOIN patients p ON p.id = ap.patient_id "
                                        "WHERE i.status = 'discharged' AND p.registry_opt_out = 0)", NULL), ==, SQLITE_OK);
  g_assert_cmpint (test_raw_tamper (path, "adverse_events_immutable",
                                    "UPDATE adverse_events SET description = 'Uro' || char (2) || char (10) || 'etterpå'"),
                   ==, SQLITE_OK);
  g_assert_cmpint (test_raw_int (path, "SELECT count (*) FROM adverse_events"), >, 0);
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (run (&out, &err, option, target, "--identified", "--from=01.01.2000", "--to=2099-12-31", NULL), ==, 0);
  g_clear_pointer (&number, g_free);
  number = g_strdup_printf ("Exported %" G_GINT64_FORMAT " patients", patients - 1);
  g_assert_nonnull (strstr (out, number));
  g_clear_pointer (&number, g_free);
  number = g_strdup_printf ("(patient number %" G_GINT64_FORMAT ")", test_raw_int (path, "SELECT min (id) FROM patients WHERE given_name LIKE 'Ka_ri'"));
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "1 patient was left out"));
  g_assert_nonnull (strstr (err, number));
  g_assert_true (g_file_get_contents (xml, &text, NULL, NULL));
  g_assert_null (strstr (text, "Ka\001ri"));
  g_assert_nonnull (strstr (text, "Uro\xef\xbf\xbd"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&text, g_free);
  /* Pseudonymised, the name is not sent: nobody is left out */
  g_assert_cmpint (run (&out, &err, option, target, "--from=01.01.2000", "--to=2099-12-31", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&number, g_free);
  number = g_strdup_printf ("Exported %" G_GINT64_FORMAT " patients", patients);
  g_assert_nonnull (strstr (out, number));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, option, target, "--identified", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad input: one line each, and the file as it was */
  g_assert_cmpint (run (&out, &err, option, target, "--to=32.01.2026", NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, option, target, "--from=2.1.2026", "--to=1.1.2026", NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, option, "--identified", NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, option, target, "--seed-demo", NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (xml, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "urn:oid:2.16.578.1.12.4.1.4.1\""));
}

/* Runs lysning without a display */
static int
run_headless (char       **err,
              const char  *first,
              ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                         G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  va_start (args, first);
  argv = command_line (first, args);
  va_end (args);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_consent_pdf (void)
{
  g_autofree char *path = g_build_filename (dir, "consent.db", NULL);
  g_autofree char *pdf = g_build_filename (dir, "form.pdf", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *output = g_strconcat ("--output=", pdf, NULL);
  g_autofree char *out = NULL, *err = NULL, *data = NULL, *patient = NULL;
  gsize length = 0;
  struct stat st;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=5", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  patient = g_strdup_printf ("--consent-pdf=%" G_GINT64_FORMAT,
                             test_raw_int (path, "SELECT min (id) FROM patients"));

  /* No display needed; a PDF, owner-only */
  g_assert_cmpint (run_headless (&err, option, patient, output, "--language=en", NULL), ==, 0);
  g_assert_true (g_file_get_contents (pdf, &data, &length, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  g_assert_cmpint (stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&err, g_free);

  /* Bad input: one line each, nothing written */
  g_assert_cmpint (run_headless (&err, option, "--consent-pdf=15046600343", output, NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_headless (&err, option, patient, output, "--language=de", NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_headless (&err, option, patient, NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "--output"));
}

/* A report @flag writes: in Norwegian as a private CSV that starts with a
 * byte-order mark and @header and holds @line; in English as a PDF that holds
 * @title and @part; alone, and only to a PDF or a CSV file */
static void
assert_report_option (const char *database_option,
                      const char *other_report_option,
                      const char *flag,
                      const char *stem,
                      const char *header,
                      const char *line,
                      const char *title,
                      const char *part)
{
  g_autofree char *csv = g_strdup_printf ("%s/%s.csv", dir, stem);
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", dir, stem);
  g_autofree char *csv_option = g_strdup_printf ("%s=%s", flag, csv);
  g_autofree char *pdf_option = g_strdup_printf ("%s=%s", flag, pdf);
  g_autofree char *odt_option = g_strdup_printf ("%s=%s.odt", flag, stem);
  g_autofree char *refusal = g_strdup_printf ("%s writes a PDF or a CSV file", flag);
  g_autofree char *sheet = NULL, *text = NULL, *err = NULL;
  struct stat st;

  g_assert_cmpint (run_headless (&err, database_option, csv_option, "--from=2020-01-01", "--language=nb", NULL), ==, 0);
  g_assert_cmpint (stat (csv, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (csv, &sheet, NULL, NULL));
  g_assert_true (g_str_has_prefix (sheet, "\xef\xbb\xbf"));
  g_assert_true (g_str_has_prefix (sheet + 3, header));
  g_assert_nonnull (strstr (sheet, line));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_headless (&err, database_option, pdf_option, "--from=2020-01-01", "--language=en", NULL), ==, 0);
  text = test_pdf_text (pdf, TRUE);
  g_assert_nonnull (strstr (text, title));
  g_assert_nonnull (strstr (text, part));
  g_clear_pointer (&err, g_free);

  /* One report at a time, named as typed */
  g_assert_cmpint (run_headless (&err, database_option, csv_option, other_report_option, NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "each go alone"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_headless (&err, database_option, odt_option, NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, refusal));
}

static void
test_report (void)
{
  g_autofree char *path = g_build_filename (dir, "report.db", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *pdf_option = g_strconcat ("--report=", pdf, NULL);
  g_autofree char *csv_option = g_strconcat ("--report=", csv, NULL);
  g_autofree char *txt_option = g_strconcat ("--report=", dir, "/report.txt", NULL);
  g_autofree char *out = NULL, *err = NULL, *data = NULL, *text = NULL, *expected = NULL;
  struct stat st;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=40", NULL), ==, 0);
  g_clear_pointer (&err, g_free);

  /* Clinical figures: not for a coordinator */
  g_assert_cmpint (run_headless (&err, option, csv_option, NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "clinical figures"));
  g_clear_pointer (&err, g_free);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE staff SET role = 'physician' WHERE username = '%s'",
                                            g_get_user_name ());

    g_assert_cmpint (test_raw_exec (path, sql, NULL), ==, SQLITE_OK);
  }

  /* Without a display: the PDF in Norwegian, then the CSV, each owner-only */
  g_assert_cmpint (run_headless (&err, option, pdf_option, "--from=2020-01-01", "--language=nb", NULL), ==, 0);
  g_assert_cmpint (stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  text = test_pdf_text (pdf, TRUE);
  g_assert_nonnull (strstr (text, "Klinikkrapport"));
  g_assert_nonnull (strstr (text, "Periode 01.01.2020"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_headless (&err, option, csv_option, "--from=1.1.2020", "--language=en", NULL), ==, 0);
  g_assert_cmpint (stat (csv, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (csv, &data, NULL, NULL));
  g_assert_true (g_str_has_prefix (data, "\xef\xbb\xbfsection,measure,detail,value,denominator,percent\r\n"
                                         "period,from,2020-01-01,"));
  /* The figures are the database's */
  expected = g_strdup_printf ("\r\nsafety,infusions,,%" G_GINT64_FORMAT ",,\r\n",
                              test_raw_int (path, "SELECT count (*) FROM infusions WHERE started_at >= '2020-01-01'"));
  g_assert_nonnull (strstr (data, expected));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&data, g_free);
  g_clear_pointer (&expected, g_free);

  /* In Nynorsk, for a Norwegian spreadsheet: the same keys and figures */
  g_assert_cmpint (run_headless (&err, option, csv_option, "--from=1.1.2020", "--language=nn", NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv, &data, NULL, NULL));
  g_assert_true (g_str_has_prefix (data, "\xef\xbb\xbfsection;measure;detail;value;denominator;percent\r\n"));
  expected = g_strdup_printf ("\r\nsafety;infusions;;%" G_GINT64_FORMAT ";;\r\n",
                              test_raw_int (path, "SELECT count (*) FROM infusions WHERE started_at >= '2020-01-01'"));
  g_assert_nonnull (strstr (data, expected));
  g_clear_pointer (&err, g_free);

  /* Bad input: one line each, nothing written */
  g_assert_cmpint (run_headless (&err, option, txt_option, NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, ".pdf or .csv"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_headless (&err, option, csv_option, "--from=2026-13-01", NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_headless (&err, option, csv_option, "--from=2026-06-01", "--to=2026-05-01", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "ends before it begins"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_headless (&err, option, csv_option, "--seed-demo", NULL), ==, 1);
  assert_one_line (err);
  g_clear_pointer (&err, g_free);

  /* The review report: the same period, by indication; Norwegian's CSV has
   * a byte-order mark, ";" and decimal commas */
  {
    g_autofree char *started = NULL;

    started = g_strdup_printf ("\r\nall;courses;infusions;;Infusjoner gitt i perioden;%" G_GINT64_FORMAT ";;\r\n",
                               test_raw_int (path, "SELECT count (*) FROM infusions WHERE started_at >= '2020-01-01'"));
    assert_report_option (option, csv_option, "--review-report", "review",
                          "indication;section;measure;detail;label;value;denominator;percent\r\n", started,
                          "Review Report", "Response and Remission (MADRS)");
  }

  /* The ketamine statement: the demo clinic's record, reconciled with the
   * database; in Norwegian with ";" and decimal commas */
  {
    g_autofree char *drug_option = g_strconcat ("--drug-record=", dir, "/ketamin.csv", NULL);
    g_autofree char *closing = NULL;

    closing = g_strdup_printf (";closing;;Utgående beholdning;%" G_GINT64_FORMAT ";",
                               test_raw_int (path, "SELECT sum (units) FROM drug_entries"));
    assert_report_option (option, csv_option, "--drug-record", "ketamin",
                          "product;measure;detail;label;units;mg\r\n", closing,
                          "Ketamine Statement", "Closing balance");
    /* Never for a coordinator */
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE staff SET role = 'coordinator' WHERE username = '%s'",
                                              g_get_user_name ());

      g_assert_cmpint (test_raw_exec (path, sql, NULL), ==, SQLITE_OK);
    }
    g_assert_cmpint (run_headless (&err, option, drug_option, NULL), ==, 1);
    assert_one_line (err);
    g_assert_nonnull (strstr (err, "Coordinators do not see the ketamine record"));
  }
}

static void
test_verify_audit (void)
{
  g_autofree char *path = g_build_filename (dir, "audit.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=5", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (&out, &err, option, "--verify-audit", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "The audit log is intact: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Changed past Lysning: the first broken link, in one line */
  g_assert_cmpint (test_raw_tamper (path, "audit_log_no_update",
                                    "UPDATE audit_log SET staff_name = 'Noen andre' WHERE id = 3"), ==, 0);
  g_assert_cmpint (run (&out, &err, option, "--verify-audit", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "broken at row 3 "));
  g_assert_nonnull (strstr (err, "The 2 rows before it hold."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (&out, &err, option, "--verify-audit", "--seed-demo", NULL), ==, 1);
  assert_one_line (err);
}

/* The same clinic on a computer without its audit key: nothing there can
 * tell a forged row from a true one, and it says so */
static void
test_verify_audit_elsewhere (void)
{
  g_autofree char *path = g_build_filename (dir, "elsewhere.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  const char *home = g_getenv ("XDG_DATA_HOME");
  g_autofree char *other = g_build_filename (dir, "other-computer", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=3", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_elsewhere (other, &out, &err, option, "--verify-audit"), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "not on this computer"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Back home, every row is checked, the ones written elsewhere too */
  {
    g_autofree char *keys = g_build_filename (other, "lysning", "keys", NULL);
    g_autoptr(GDir) folder = g_dir_open (keys, 0, NULL);
    const char *name;

    g_assert_nonnull (folder);
    while ((name = g_dir_read_name (folder)) != NULL)
      {
        g_autofree char *from = g_build_filename (keys, name, NULL);
        g_autofree char *to = g_build_filename (home, "lysning", "keys", name, NULL);
        g_autofree char *text = NULL;

        g_assert_true (g_file_get_contents (from, &text, NULL, NULL));
        g_assert_true (g_file_set_contents_full (to, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
      }
  }
  g_assert_cmpint (run (&out, &err, option, "--verify-audit", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "The audit log is intact: "));
}

/* A clinic's server set up from the command line, as the README has it:
 * each staff member's role, and the lead, said as given */
static void
test_server_staff (void)
{
  g_autofree char *address = NULL;
  g_autofree char *init = NULL;
  g_autofree char *database = NULL;
  g_autofree char *out = NULL, *err = NULL;

  if (!test_clinic_on_server ())
    {
      g_test_skip ("a server: LYSNING_TEST_ENGINE=postgresql");
      return;
    }
  address = test_clinic_new_address (dir);
  init = g_strdup_printf ("--init-server=postgresql://%s@/%s", g_getenv ("PGUSER") ? g_getenv ("PGUSER") : "postgres",
                          address + strlen ("postgresql:///"));
  database = g_strconcat ("--database=", address, NULL);

  g_assert_cmpint (run (&out, &err, init, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "is set up for a team"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, database, "--add-staff=cli.leder", "--role=physician,lead", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "cli.leder is a staff member with the role Physician, and the clinic lead.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, database, "--add-staff=cli.koordinator", "--role=coordinator", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "cli.koordinator is a staff member with the role Clinic coordinator.\n");
  test_clinic_drop_address (address);
}

static void
test_backup_restore (void)
{
  g_autofree char *path = g_build_filename (dir, "backup-source.db", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup-copy.db", NULL);
  g_autofree char *restored = g_build_filename (dir, "backup-restored.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *backup_option = g_strconcat ("--backup=", backup, NULL);
  g_autofree char *restore_option = g_strconcat ("--restore=", backup, NULL);
  g_autofree char *restored_option = g_strconcat ("--database=", restored, NULL);
  g_autofree char *sql = NULL;
  g_autofree char *out = NULL, *err = NULL;
  struct stat st;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=5", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* This account's profile is a coordinator's: a backup holds every note */
  g_assert_cmpint (run (&out, &err, option, backup_option, NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "a clinician or the clinic lead takes it"));
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  sql = g_strdup_printf ("UPDATE staff SET role = 'physician' WHERE username = '%s'", g_get_user_name ());
  g_assert_cmpint (test_raw_exec (path, sql, NULL), ==, 0);
  g_assert_cmpint (run (&out, &err, option, backup_option, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Wrote a checked backup to "));
  g_assert_cmpint (stat (backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Into a new database, never over one; the backup stays one file */
  g_assert_cmpint (run (&out, &err, restored_option, restore_option, NULL), ==, 0);
  g_assert_cmpint (test_raw_int (restored, "SELECT count (*) FROM patients"), ==, 5);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const beside[] = { "-wal", "-shm", "-journal" };
      g_autofree char *file = g_strconcat (backup, beside[i], NULL);

      g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, restored_option, restore_option, NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "restores into a new database only"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, restored_option, "--verify-audit", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The backup's own head is kept on this computer: rows cut from the
   * backup's end are found */
  {
    g_autofree char *cut_option = g_strconcat ("--database=", backup, NULL);

    g_assert_cmpint (test_raw_tamper (backup, "audit_log_no_delete",
                                      "DELETE FROM audit_log WHERE id = (SELECT max (id) FROM audit_log)"), ==, SQLITE_OK);
    g_assert_cmpint (run (&out, &err, cut_option, "--verify-audit", NULL), ==, 1);
    assert_one_line (err);
    g_assert_nonnull (strstr (err, "taken from its end"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Restored on a computer without the clinic's key: restored, and said
   * what could not be checked */
  {
    g_autofree char *other = g_build_filename (dir, "new-computer", NULL);
    g_autofree char *second = g_build_filename (dir, "backup-second.db", NULL);
    g_autofree char *second_backup = g_strconcat ("--backup=", second, NULL);
    g_autofree char *second_restore = g_strconcat ("--restore=", second, NULL);
    g_autofree char *elsewhere = g_build_filename (dir, "backup-elsewhere.db", NULL);
    g_autofree char *elsewhere_option = g_strconcat ("--database=", elsewhere, NULL);

    g_assert_cmpint (run (&out, &err, option, second_backup, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_elsewhere (other, &out, &err, elsewhere_option, second_restore), ==, 0);
    g_assert_true (g_str_has_prefix (out, "Restored the backup into "));
    assert_one_line (err);
    g_assert_nonnull (strstr (err, "not on this computer and could not be checked"));
  }
}

static void
test_version (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, "--version", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "lysning " PACKAGE_VERSION "\n");
}

static void
test_help_in_norwegian (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_setenv ("LANGUAGE", "nb", TRUE);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_assert_cmpint (run (&out, &err, "--help", NULL), ==, 0);
  g_unsetenv ("LANGUAGE");
  g_assert_nonnull (strstr (out, "demoklinikk"));
}

/* Nothing Lysning writes lands on the clinic's database, its working
 * files, a folder, a device or a pipe: refused in one line, the database
 * untouched, whoever runs it */
static void
test_refuses_targets (void)
{
  g_autofree char *path = g_build_filename (dir, "targets.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.pdf", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.ics", NULL);
  g_autofree char *linked = g_build_filename (dir, "linked.xml", NULL);
  g_autofree char *linked_csv = g_build_filename (dir, "linked.csv", NULL);
  g_autofree char *out = NULL, *err = NULL, *patient = NULL, *after = NULL;
  gsize after_length = 0;
  struct {
    const char *option;
    const char *target;
  } writes[] = {
    { "--export-calendar=", path },
    { "--export-registry=", path },
    { "--backup=", path },
    { "--backup=", wal },
    { "--backup=", shm },
    { "--report=", folder },
    { "--export-calendar=", fifo },
    { "--export-registry=", linked },
    { "--review-report=", linked_csv },
    { "--review-report=", folder },
    { "--drug-record=", linked_csv },
    { "--drug-record=", folder },
    { "--backup=", "/dev/full" },
  };

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=5", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink (path, linked), ==, 0);
  g_assert_cmpint (symlink (path, linked_csv), ==, 0);
  /* A clinician's profile: what is refused is the target, not the role */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE staff SET role = 'physician' WHERE username = '%s'",
                                            g_get_user_name ());

    g_assert_cmpint (test_raw_exec (path, sql, NULL), ==, SQLITE_OK);
  }

  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      g_autofree char *write = g_strconcat (writes[i].option, writes[i].target, NULL);

      g_test_message ("%s", write);
      g_assert_cmpint (run_headless (&err, option, write, NULL), ==, 1);
      assert_one_line (err);
      g_clear_pointer (&err, g_free);
    }
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE staff SET role = 'coordinator' WHERE username = '%s'",
                                            g_get_user_name ());

    g_assert_cmpint (test_raw_exec (path, sql, NULL), ==, SQLITE_OK);
  }
  /* The consent form too */
  patient = g_strdup_printf ("--consent-pdf=%" G_GINT64_FORMAT, test_raw_int (path, "SELECT min (id) FROM patients"));
  {
    g_autofree char *output = g_strconcat ("--output=", path, NULL);

    g_assert_cmpint (run_headless (&err, option, patient, output, "--language=en", NULL), ==, 1);
    assert_one_line (err);
    g_assert_nonnull (strstr (err, "database"));
  }

  /* All as they were: the clinic (a database still, whole, with its
   * patients), the folder, the pipe, the link, the device */
  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_true (g_str_has_prefix (after, "SQLite format 3"));
  g_assert_cmpint (test_raw_int (path, "SELECT count (*) FROM patients"), ==, 5);
  g_assert_cmpint (test_raw_int (path, "SELECT count (*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  {
    struct stat st;

    g_assert_cmpint (lstat (fifo, &st), ==, 0);
    g_assert_true (S_ISFIFO (st.st_mode));
    g_assert_cmpint (lstat (linked, &st), ==, 0);
    g_assert_true (S_ISLNK (st.st_mode));
    g_assert_cmpint (stat ("/dev/full", &st), ==, 0);
    g_assert_true (S_ISCHR (st.st_mode));
  }
}

/* A database that may not be written is refused in words, and left as it
 * was: its mode too */
static void
test_read_only_database (void)
{
  g_autofree char *path = g_build_filename (dir, "read-only.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *ics = g_build_filename (dir, "read-only.ics", NULL);
  g_autofree char *target = g_strconcat ("--export-calendar=", ics, NULL);
  g_autofree char *out = NULL, *err = NULL;
  struct stat st;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=3", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  if (getuid () != 0)
    {
      g_assert_cmpint (run (&out, &err, option, target, NULL), ==, 1);
      assert_one_line (err);
      g_assert_nonnull (strstr (err, "read-only"));
      g_assert_false (g_file_test (ics, G_FILE_TEST_EXISTS));
    }
  else
    /* root writes whatever the mode says */
    g_assert_cmpint (run (&out, &err, option, target, NULL), ==, 0);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0400);
}

/* Every date an option takes works, or is refused in words: never a
 * crash, never a silently empty file */
static void
test_date_limits (void)
{
  g_autofree char *path = g_build_filename (dir, "dates.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *ics = g_build_filename (dir, "dates.ics", NULL);
  g_autofree char *csv = g_build_filename (dir, "dates.csv", NULL);
  g_autofree char *calendar = g_strconcat ("--export-calendar=", ics, NULL);
  g_autofree char *report = g_strconcat ("--report=", csv, NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *days[] = { "--to=31.12.9999", "--to=9999-12-31", "--from=1.1.1899", "--to=1.1.2100" };

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=3", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    for (guint k = 0; k < 2; k++)
      {
        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
        g_assert_cmpint (run (&out, &err, option, k == 0 ? calendar : report, days[i], NULL), ==, 1);
        assert_one_line (err);
        g_assert_nonnull (strstr (err, "2099"));
      }
  g_assert_false (g_file_test (ics, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));

  /* A mistyped database is said to be missing, and not made */
  {
    g_autofree char *typo = g_build_filename (dir, "datse.db", NULL);
    g_autofree char *wrong = g_strconcat ("--database=", typo, NULL);

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run (&out, &err, wrong, calendar, NULL), ==, 1);
    assert_one_line (err);
    g_assert_nonnull (strstr (err, "no clinic database"));
    g_assert_false (g_file_test (typo, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (ics, G_FILE_TEST_EXISTS));
  }

  /* The last day allowed works */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, option, calendar, "--to=31.12.2099", NULL), ==, 0);
  g_assert_true (g_file_test (ics, G_FILE_TEST_IS_REGULAR));
}

/* A signed note changed with sqlite3 past its trigger, put back after:
 * --verify-audit finds it by its checksum */
static void
test_verify_signed_texts (void)
{
  g_autofree char *path = g_build_filename (dir, "texts.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=20", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_raw_int (path, "SELECT count (*) FROM notes WHERE status = 'signed'"), >, 0);
  g_assert_cmpint (run (&out, &err, option, "--verify-audit", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (test_raw_tamper (path, "notes_signed_immutable",
                                    "UPDATE notes SET body = body || ' (endret)' WHERE id = "
                                    "(SELECT min (id) FROM notes WHERE status = 'signed')"), ==, SQLITE_OK);
  g_assert_cmpint (run (&out, &err, option, "--verify-audit", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "1 signed record was altered outside Lysning"));
  g_assert_nonnull (strstr (err, "(note "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A signed assessment's weight, a discharged infusion's dose, and a
   * reading taken out of another's record */
  g_assert_cmpint (test_raw_tamper (path, "eligibility_signed_immutable",
                                    "UPDATE eligibility SET weight_kg = weight_kg + 10 WHERE id = "
                                    "(SELECT min (id) FROM eligibility WHERE status = 'signed')"), ==, SQLITE_OK);
  g_assert_cmpint (test_raw_tamper (path, "infusions_discharged_immutable",
                                    "UPDATE infusions SET dose_mg_per_kg = 0.75 WHERE id = "
                                    "(SELECT min (id) FROM infusions WHERE status = 'discharged')"), ==, SQLITE_OK);
  g_assert_cmpint (test_raw_tamper (path, "vitals_undeletable",
                                    "DELETE FROM vitals WHERE id = (SELECT max (v.id) FROM vitals v "
                                    "JOIN infusions i ON i.id = v.infusion_id WHERE i.status = 'discharged')"), ==, SQLITE_OK);
  g_assert_cmpint (run (&out, &err, option, "--verify-audit", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "4 signed records were altered outside Lysning"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The view that says what a signature covers, made to cover nothing:
   * refused as a changed protection */
  g_assert_cmpint (test_raw_exec (path, "DROP VIEW eligibility_signed_content; "
                                        "CREATE VIEW eligibility_signed_content (id, content) AS "
                                        "SELECT id, 'x' FROM eligibility", NULL), ==, SQLITE_OK);
  g_assert_cmpint (run (&out, &err, option, "--verify-audit", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "eligibility_signed_content"));
}

/* Rows cut from the end of the audit log, or all of them, past the
 * triggers: the chain that is left holds, but this computer saw more */
static void
test_verify_audit_tail (void)
{
  g_autofree char *path = g_build_filename (dir, "tail.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *copy = g_build_filename (dir, "tail-emptied.db", NULL);
  g_autofree char *copy_option = g_strconcat ("--database=", copy, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_cmpint (run (&out, &err, option, "--seed-demo=10", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, option, "--verify-audit", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_true (g_file_set_contents (copy, data, (gssize) length, NULL));

  g_assert_cmpint (test_raw_tamper (path, "audit_log_no_delete",
                                    "DELETE FROM audit_log WHERE id > (SELECT max (id) - 3 FROM audit_log)"), ==, SQLITE_OK);
  g_assert_cmpint (run (&out, &err, option, "--verify-audit", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "taken from its end"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (test_raw_tamper (copy, "audit_log_no_delete", "DELETE FROM audit_log"), ==, SQLITE_OK);
  g_assert_cmpint (run (&out, &err, copy_option, "--verify-audit", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "empty"));
}

static gboolean
is_target (const char *name)
{
  return g_str_equal (name, "out.xml") || g_str_equal (name, "out.pdf") || g_str_equal (name, "out.db") ||
         g_str_equal (name, "out.ics");
}

/* An export, a report or a backup killed at any instant leaves the target
 * as it was, or whole, and nothing beside it */
static void
test_killed_writes (void)
{
  g_autofree char *folder = g_build_filename (dir, "killed", NULL);
  g_autofree char *path = g_build_filename (folder, "clinic.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", path, NULL);
  g_autofree char *out = NULL, *err = NULL;
  const struct { const char *write; const char *name; const char *extra; } targets[] = {
    { "--export-registry=", "out.xml", "--identified" },
    { "--report=", "out.pdf", "--from=1.1.2020" },
    { "--backup=", "out.db", NULL },
    { "--export-calendar=", "out.ics", "--from=1.1.2020" },
  };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (run (&out, &err, option, "--seed-demo=300", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE staff SET role = 'physician' WHERE username = '%s'",
                                            g_get_user_name ());

    g_assert_cmpint (test_raw_exec (path, sql, NULL), ==, SQLITE_OK);
  }
  for (guint round = 0; round < 24; round++)
    {
      g_autofree char *write = g_strconcat (targets[round % G_N_ELEMENTS (targets)].write, folder, "/",
                                            targets[round % G_N_ELEMENTS (targets)].name, NULL);
      const char *argv[] = { g_getenv ("LYSNING_BINARY"), option, write, targets[round % G_N_ELEMENTS (targets)].extra,
                             NULL };
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GDir) listing = NULL;
      const char *name;

      process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
      g_assert_nonnull (process);
      /* From at once to well into the writing */
      g_usleep (g_random_int_range (0, 400) * 1000);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);

      /* At most a hidden one of Lysning's own, for the next write to
       * remove: never a copy of the data beside the target's name */
      listing = g_dir_open (folder, 0, NULL);
      while ((name = g_dir_read_name (listing)) != NULL)
        if (!g_str_has_prefix (name, "clinic.db") && !is_target (name) &&
            !(g_str_has_prefix (name, ".out.") && strstr (name, ".lysning-") != NULL))
          g_error ("a killed write left %s behind", name);
    }

  /* Each written once more in full: nothing is left beside the files */
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *write = g_strconcat (targets[i].write, folder, "/", targets[i].name, NULL);

      g_clear_pointer (&err, g_free);
      if (run (&out, &err, option, write, targets[i].extra, NULL) != 0)
        g_error ("%s: %s", write, err);
      g_clear_pointer (&out, g_free);
    }
  {
    g_autoptr(GDir) listing = g_dir_open (folder, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (listing)) != NULL)
      if (!g_str_has_prefix (name, "clinic.db") && !is_target (name))
        g_error ("%s is left after every file was written again", name);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *cmd = NULL;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LYSNING_BINARY"));
  dir = g_dir_make_tmp ("lysning-cli-XXXXXX", NULL);

  g_test_add_func ("/cli/seed", test_seed);
  g_test_add_func ("/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli/refuses-newer-schema", test_refuses_newer);
  g_test_add_func ("/cli/import", test_import);
  g_test_add_func ("/cli/export-calendar", test_export_calendar);
  g_test_add_func ("/cli/consent-pdf", test_consent_pdf);
  g_test_add_func ("/cli/export-registry", test_export_registry);
  g_test_add_func ("/cli/report", test_report);
  g_test_add_func ("/cli/verify-audit", test_verify_audit);
  g_test_add_func ("/cli/verify-audit-elsewhere", test_verify_audit_elsewhere);
  g_test_add_func ("/cli/backup-restore", test_backup_restore);
  g_test_add_func ("/cli/server-staff", test_server_staff);
  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/refuses-targets", test_refuses_targets);
  g_test_add_func ("/cli/killed-writes", test_killed_writes);
  g_test_add_func ("/cli/read-only-database", test_read_only_database);
  g_test_add_func ("/cli/date-limits", test_date_limits);
  g_test_add_func ("/cli/verify-signed-texts", test_verify_signed_texts);
  g_test_add_func ("/cli/verify-audit-tail", test_verify_audit_tail);
  g_test_add_func ("/cli/help-in-norwegian", test_help_in_norwegian);

  status = g_test_run ();
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (dir);
  return status;
}
