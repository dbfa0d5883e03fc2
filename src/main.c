/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lys-application.h"
#include "lys-demo.h"
#include "lys-language.h"
#include "lys-registry-export.h"
#include "lys-report-pdf.h"
#include "lys-drug-statement.h"
#include "lys-review.h"
#include "lys-server-setup.h"
#include "lys-store.h"
#include "lys-time.h"

static char *database_path;
static gboolean demo;
static gboolean show_version;
static gboolean seed_demo;
static guint seed_patients;
static char *import_path;
static gboolean skip_invalid;
static char *calendar_path;
static char *from_text;
static char *to_text;
static char *registry_path;
static gboolean identified;
static char *consent_patient;
static char *output_path;
static char *language;
static char *report_path;
static char *review_path;
static char *drug_path;
/* Which report report_path is */
static enum { REPORT_CLINIC, REPORT_REVIEW, REPORT_DRUGS } report_kind;
static const char *const report_options[] = { "--report", "--review-report", "--drug-record" };
static gboolean verify_audit;
static char *backup_path;
static char *restore_path;
static char *copy_path;
static char *init_server;
static char *staff_login;
static char *staff_role;

static gboolean
parse_seed_demo (const char  *option_name,
                 const char  *value,
                 gpointer     data,
                 GError     **error)
{
  guint64 n = 0;

  seed_demo = TRUE;
  if (value == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (value, 10, 1, 100000, &n, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--seed-demo takes a number of patients from 1 to 100000, not “%s”"), value);
      return FALSE;
    }

  seed_patients = n;
  return TRUE;
}

static const GOptionEntry entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database_path,
    N_("Open the clinic database FILE, or the one on a PostgreSQL server (postgresql://HOST/DATABASE), instead of the default one"), N_("FILE") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
    N_("Open the demo clinic (fictitious patients; never the real database)"), NULL },
  { "seed-demo", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, parse_seed_demo,
    N_("Fill the new database given with --database with a demo clinic of N patients, then exit"), N_("N") },
  { "import-patients", 0, 0, G_OPTION_ARG_FILENAME, &import_path,
    N_("Register the patients of a spreadsheet saved as CSV, then exit (see README for the columns)"), N_("FILE") },
  { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid,
    N_("With --import-patients: import the good rows even when some rows have problems"), NULL },
  { "export-calendar", 0, 0, G_OPTION_ARG_FILENAME, &calendar_path,
    N_("Write the bookings as an iCalendar file (patients by initials only), then exit"), N_("FILE.ics") },
  { "export-registry", 0, 0, G_OPTION_ARG_FILENAME, &registry_path,
    N_("Write the registry follow-up data as a FHIR R4 XML Bundle (pseudonymised), then exit"), N_("FILE.xml") },
  { "identified", 0, 0, G_OPTION_ARG_NONE, &identified,
    N_("With --export-registry: identity numbers and names instead of pseudonyms"), NULL },
  { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_path,
    N_("Write the clinic report for the period from --from to --to as a PDF or a CSV file, then exit"), N_("FILE.pdf|FILE.csv") },
  { "review-report", 0, 0, G_OPTION_ARG_FILENAME, &review_path,
    N_("Write the review report (courses, outcomes, safety, stops and cost by indication) for the period from --from to --to as a PDF or a CSV file, then exit"), N_("FILE.pdf|FILE.csv") },
  { "drug-record", 0, 0, G_OPTION_ARG_FILENAME, &drug_path,
    N_("Write the ketamine statement (balances, receipts, each infusion's dose, waste, counts) for the period from --from to --to as a PDF or a CSV file, then exit"), N_("FILE.pdf|FILE.csv") },
  { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
    N_("With an export or a report: the first day (calendar: default today; registry: from the start; report: 1 January)"), N_("DATE") },
  { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
    N_("With an export or a report: the last day (calendar: default four weeks on; registry and report: today)"), N_("DATE") },
  { "consent-pdf", 0, 0, G_OPTION_ARG_STRING, &consent_patient,
    N_("Write the off-label consent form for PATIENT (identity number or id) as a PDF, then exit"), N_("PATIENT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
    N_("With --consent-pdf: the PDF file to write"), N_("FILE.pdf") },
  { "language", 0, 0, G_OPTION_ARG_STRING, &language,
    N_("With --consent-pdf, --report, --review-report or --drug-record: the language, nb, nn or en (default the patient's, or the user interface's)"), N_("LANGUAGE") },
  { "backup", 0, 0, G_OPTION_ARG_FILENAME, &backup_path,
    N_("Write a checked backup of the database to FILE while it may be in use, then exit"), N_("FILE") },
  { "restore", 0, 0, G_OPTION_ARG_FILENAME, &restore_path,
    N_("Check the backup FILE and restore it into the new database given with --database, then exit"), N_("FILE") },
  { "copy-from", 0, 0, G_OPTION_ARG_FILENAME, &copy_path,
    N_("Copy the clinic of the SQLite FILE, audit log included, into the empty PostgreSQL database given with --database, then exit"), N_("FILE") },
  { "init-server", 0, 0, G_OPTION_ARG_STRING, &init_server,
    N_("Set up the clinic's database on a PostgreSQL server for a team (its owner role and a group role for each Lysning role), signed in as the server's administrator, then exit"), N_("postgresql://ADMIN@HOST/DATABASE") },
  { "add-staff", 0, 0, G_OPTION_ARG_STRING, &staff_login,
    N_("Make LOGIN a staff member on the server given with --database (as its administrator), in the group of --role, then exit"), N_("LOGIN") },
  { "role", 0, 0, G_OPTION_ARG_STRING, &staff_role,
    N_("With --add-staff: psychologist, physician, nurse or coordinator, and “,lead” for the clinic lead"), N_("ROLE") },
  { "verify-audit", 0, 0, G_OPTION_ARG_NONE, &verify_audit,
    N_("Check the audit log's hash chain row by row and report the first broken link, then exit"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, &show_version,
    N_("Show the version and exit"), NULL },
  { NULL }
};

/* Headless: seeds the database and exits without a window. */
static int
run_seed_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  guint n = seed_patients ? seed_patients : LYS_DEMO_PATIENTS;
  guint years = seed_patients ? LYS_DEMO_LONG_HISTORY_YEARS : LYS_DEMO_HISTORY_YEARS;
  g_autofree char *display = NULL;

  if (database_path == NULL)
    {
      g_printerr ("lysning: %s\n", _("--seed-demo needs the database to fill: add --database=FILE"));
      return EXIT_FAILURE;
    }

  store = lys_store_open (database_path, &error);
  if (store == NULL || !lys_store_check_integrity (store, NULL, &error) ||
      !lys_demo_seed (store, n, years, NULL, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  display = lys_store_dup_display_name (lys_store_get_path (store));
  g_print (ngettext ("Seeded a demo clinic with %u patient into %s\n",
                     "Seeded a demo clinic with %u patients into %s\n", n),
           n, display);
  return EXIT_SUCCESS;
}

static LysStore *
open_store (GError **error)
{
  g_autofree char *path = database_path ? g_strdup (database_path) : lys_store_dup_default_path (demo);

  /* A command works on a clinic that exists: a mistyped name is said, not
   * made into an empty clinic (the first start and --seed-demo make one) */
  if (!lys_store_is_server_address (path) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (path);

      /* Translators: %s is a file name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no clinic database at %s. Check the name given with --database."), display);
      return NULL;
    }
  return lys_store_open (path, error);
}

/* Headless: reads the spreadsheet, reports each bad row as FILE:LINE: reason
 * and stores all good rows or none. */
static int
run_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  g_autoptr(LysPatientImport) import = NULL;
  g_autoptr(GHashTable) registered = NULL;
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (import_path);
  gsize length = 0;

  if (!g_file_get_contents (import_path, &data, &length, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Records are added: the file is checked whole first */
  store = open_store (&error);
  if (store == NULL || !lys_store_check_integrity (store, NULL, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  registered = lys_store_dup_national_ids (store);
  import = lys_patient_import_read (data, length, registered, NULL, &error);
  if (import == NULL)
    {
      g_printerr ("%s: %s\n", display, error->message);
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < import->unknown_columns->len; i++)
    {
      g_autofree char *message = lys_patient_import_describe_unknown_column (import->unknown_columns->pdata[i]);

      g_printerr ("%s:1: %s\n", display, message);
    }
  for (guint i = 0; i < import->problems->len; i++)
    {
      LysImportProblem *problem = import->problems->pdata[i];

      g_printerr ("%s:%u: %s\n", display, problem->line, problem->reason);
    }

  if (!lys_store_import_patients (store, import, skip_invalid, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }
  /* Nothing imported is no success, whatever was skipped */
  if (import->patients->len == 0)
    {
      g_printerr ("lysning: %s\n", _("No row of the file could be imported."));
      return EXIT_FAILURE;
    }

  g_print (ngettext ("Imported %u patient from %s\n", "Imported %u patients from %s\n",
                     import->patients->len),
           import->patients->len, display);
  if (import->problems->len > 0)
    g_print (ngettext ("Skipped %u row with problems\n", "Skipped %u rows with problems\n",
                       import->problems->len),
             import->problems->len);
  return EXIT_SUCCESS;
}

static gboolean
parse_day_option (const char  *option,
                  const char  *text,
                  GDateTime   *fallback,
                  GDateTime  **day)
{
  GDate date;

  if (text == NULL)
    {
      *day = g_date_time_ref (fallback);
      return TRUE;
    }
  if (!lys_time_parse_date (text, &date))
    {
      g_autofree char *message = NULL;

      /* Translators: %1$s is an option like --from, %2$s what was given, %3$d the last year */
      message = g_strdup_printf (_("%1$s=%2$s is not a date from 1900 to %3$d: write it like 23.11.2026 or 2026-11-23"),
                                 option, text, LYS_TIME_LAST_YEAR);
      g_printerr ("lysning: %s\n", message);
      return FALSE;
    }
  *day = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0);
  return TRUE;
}

/* Headless: the bookings from --from to --to (both days included) */
static int
run_export_calendar (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) default_to = g_date_time_add_days (today, 27);
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *display = g_filename_display_name (calendar_path);
  guint n = 0;

  if (!parse_day_option ("--from", from_text, today, &from) ||
      !parse_day_option ("--to", to_text, default_to, &to))
    return EXIT_FAILURE;
  until = g_date_time_add_days (to, 1);

  store = open_store (&error);
  if (store == NULL ||
      !lys_store_export_calendar (store, from, until, calendar_path, &n, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print (ngettext ("Exported %u booking to %s\n", "Exported %u bookings to %s\n", n), n, display);
  return EXIT_SUCCESS;
}

/* Headless: the registry export, from --from (or the start) to --to (or today) */
static int
run_export_registry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  g_autoptr(LysRegistryExport) export = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *from_day = NULL;
  g_autofree char *to_day = NULL;
  g_autofree char *display = g_filename_display_name (registry_path);
  g_autofree char *patients = NULL;
  LysExportSummary summary;
  LysExportOptions options = { 0 };

  if ((from_text != NULL && !parse_day_option ("--from", from_text, now, &from)) ||
      !parse_day_option ("--to", to_text, now, &to))
    return EXIT_FAILURE;
  if (from != NULL)
    from_day = g_date_time_format (from, "%Y-%m-%d");
  to_day = g_date_time_format (to, "%Y-%m-%d");
  options = (LysExportOptions) { from_day, to_day, LYS_EXPORT_ALL_COURSES, identified };

  store = open_store (&error);
  if (store == NULL ||
      (export = lys_registry_export_new (store, &options, &error)) == NULL ||
      !lys_registry_export_run (export, registry_path, NULL, NULL, NULL, &summary, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  patients = g_strdup_printf (ngettext ("%u patient", "%u patients", summary.patients), summary.patients);
  /* Translators: %1$s is "N patients", %2$u how many opted out, %3$s a file name, %4$s a checksum */
  g_print (_("Exported %1$s to %2$s, leaving out %3$u who opted out (checksum %4$s)\n"),
           patients, display, summary.left_out, summary.checksum);
  {
    g_autofree char *unwritable = lys_export_summary_dup_unwritable (&summary);

    if (unwritable != NULL)
      g_printerr ("lysning: %s\n", unwritable);
  }
  return EXIT_SUCCESS;
}

/* Headless: the consent form as a PDF, with no display needed */
static int
run_consent_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  g_autoptr(LysConsentForm) form = NULL;
  g_autofree char *clinic = NULL;
  g_autofree char *display = g_filename_display_name (output_path);
  gint64 patient;

  store = open_store (&error);
  if (store == NULL ||
      (patient = lys_store_find_patient (store, consent_patient, &error)) == 0 ||
      (form = lys_store_make_consent_form (store, patient, language, 0, &error)) == NULL)
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  clinic = lys_store_dup_clinic_name (store);
  if (!lys_consent_form_write_pdf (form, output_path, clinic, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Translators: %1$s is a file name, %2$s the form's checksum */
  g_print (_("Wrote the consent form to %1$s (checksum %2$s)\n"), display, lys_consent_form_get_checksum (form));
  return EXIT_SUCCESS;
}

/* The database named (or the default one) must be there already */
static gboolean
check_database_exists (void)
{
  g_autofree char *path = database_path ? g_strdup (database_path) : lys_store_dup_default_path (demo);

  /* A server says itself what it lacks */
  if (lys_store_is_server_address (path) || g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  {
    g_autofree char *display = g_filename_display_name (path);

    /* Translators: %s is a file name */
    g_printerr (_("lysning: there is no database %s; give the clinic's with --database=FILE\n"), display);
  }
  return FALSE;
}

/* Headless: a backup of the database, which others may be using */
static int
run_backup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  g_autofree char *display = g_filename_display_name (backup_path);
  LysBackupResult result;

  if (!check_database_exists ())
    return EXIT_FAILURE;
  store = open_store (&error);
  if (store == NULL || !lys_store_backup (store, backup_path, &result, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  {
    g_autofree char *size = g_format_size (result.bytes);

    /* Translators: %1$s is a file name, %2$s its size, %3$s the audit log's last hash */
    g_print (_("Wrote a checked backup to %1$s (%2$s; the audit log's last link %3$s)\n"),
             display, size, result.audit_head ? result.audit_head : "-");
  }
  lys_backup_result_clear (&result);
  return EXIT_SUCCESS;
}

/* Headless: a backup checked, then restored into a new database */
static int
run_restore (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *display = NULL;
  LysBackupResult result;

  if (database_path == NULL)
    {
      g_printerr ("lysning: %s\n", _("--restore needs the new database to create: add --database=FILE"));
      return EXIT_FAILURE;
    }
  target = g_canonicalize_filename (database_path, NULL);
  display = g_filename_display_name (target);
  if (!lys_backup_restore (restore_path, target, &result, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Translators: %s is a file name */
  g_print (_("Restored the backup into %s; open it with lysning --database\n"), display);
  {
    g_autofree char *unchecked = lys_backup_result_dup_unchecked (&result);

    if (unchecked != NULL)
      g_printerr ("lysning: %s\n", unchecked);
  }
  lys_backup_result_clear (&result);
  return EXIT_SUCCESS;
}

/* Headless: a clinic moved from its file onto a server */
static int
run_copy (void)
{
  g_autoptr(GError) error = NULL;
  LysCopyResult result;

  if (database_path == NULL || !lys_store_is_server_address (database_path))
    {
      g_printerr ("lysning: %s\n", _("--copy-from needs the server's empty database: add --database=postgresql://HOST/DATABASE"));
      return EXIT_FAILURE;
    }
  if (!g_file_test (copy_path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *display = g_filename_display_name (copy_path);

      /* Translators: %s is a file name */
      g_printerr (_("lysning: there is no database %s; give the clinic's file with --copy-from=FILE\n"), display);
      return EXIT_FAILURE;
    }
  if (!lys_store_copy_clinic (copy_path, database_path, &result, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  {
    g_autofree char *rows = g_strdup_printf ("%" G_GUINT64_FORMAT, result.rows);
    g_autofree char *audit = g_strdup_printf ("%" G_GUINT64_FORMAT, result.audit_rows);
    g_autofree char *display = lys_store_dup_display_name (database_path);

    /* Translators: %1$s is how many rows, %2$s the server's database, %3$s how many audit rows, %4$s the last link */
    g_print (_("Copied %1$s rows into %2$s; its audit log holds, %3$s rows, the last link %4$s\n"),
             rows, display, audit, result.audit_head ? result.audit_head : "-");
  }
  lys_copy_result_clear (&result);
  return EXIT_SUCCESS;
}

/* Headless: the clinic's server set up for a team, or a staff member's
 * login put in the group of their role */
static int
run_server_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  LysRole role = LYS_N_ROLES;
  gboolean lead = FALSE;

  if (init_server != NULL)
    {
      if (!lys_store_is_server_address (init_server))
        {
          g_printerr ("lysning: %s\n", _("--init-server takes the server's database: --init-server=postgresql://ADMIN@HOST/DATABASE"));
          return EXIT_FAILURE;
        }
      if (!lys_server_init (init_server, &error))
        {
          g_printerr ("lysning: %s\n", error->message);
          return EXIT_FAILURE;
        }
      {
        g_autofree char *display = lys_store_dup_display_name (init_server);

        /* Translators: %s is the server's database */
        g_print (_("%s is set up for a team. Give each staff member a login with --add-staff.\n"), display);
      }
      return EXIT_SUCCESS;
    }

  if (database_path == NULL || !lys_store_is_server_address (database_path))
    {
      g_printerr ("lysning: %s\n", _("--add-staff needs the server's database: add --database=postgresql://ADMIN@HOST/DATABASE"));
      return EXIT_FAILURE;
    }
  parts = g_strsplit (staff_role != NULL ? staff_role : "", ",", 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      LysRole found;

      if (g_str_equal (parts[i], "lead") && !lead)
        lead = TRUE;
      else if (lys_role_from_nick (parts[i], &found) && role == LYS_N_ROLES)
        role = found;
      else
        role = LYS_N_ROLES + 1;
    }
  if (role >= LYS_N_ROLES)
    {
      g_printerr ("lysning: %s\n", _("--add-staff needs one role: --role=psychologist, physician, nurse or coordinator, "
                                     "with “,lead” for the clinic lead"));
      return EXIT_FAILURE;
    }
  if (!lys_server_add_staff (database_path, staff_login, role, lead, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (lead)
    /* Translators: %1$s is a login, %2$s a role */
    g_print (_("%1$s is a staff member with the role %2$s, and the clinic lead.\n"), staff_login,
             lys_role_get_label (role));
  else
    /* Translators: %1$s is a login, %2$s a role */
    g_print (_("%1$s is a staff member with the role %2$s.\n"), staff_login, lys_role_get_label (role));
  return EXIT_SUCCESS;
}

/* Headless: the audit log's chain, row by row */
static int
run_verify_audit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  LysAuditCheck check;

  if (!check_database_exists ())
    return EXIT_FAILURE;
  store = open_store (&error);
  if (store == NULL || !lys_store_verify_audit (store, &check, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* The signed records against their checksums */
  {
    LysSignedKind kind = LYS_SIGNED_NOTE;
    gint64 first = 0;
    gint64 altered = lys_store_count_altered_records (store, &kind, &first, &error);

    if (altered < 0)
      {
        g_printerr ("lysning: %s\n", error->message);
        lys_audit_check_clear (&check);
        return EXIT_FAILURE;
      }
    if (altered > 0)
      {
        g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, first);
        g_autofree char *record = NULL;

        switch (kind)
          {
          case LYS_SIGNED_ELIGIBILITY:
            /* Translators: the first record altered; %s is its number */
            record = g_strdup_printf (_("eligibility assessment %s"), number);
            break;
          case LYS_SIGNED_DISCHARGE:
            /* Translators: the first record altered; %s is its number */
            record = g_strdup_printf (_("infusion record %s"), number);
            break;
          case LYS_SIGNED_DRUG_ENTRY:
            /* Translators: the first record altered; %s is its number */
            record = g_strdup_printf (_("ketamine record entry %s"), number);
            break;
          case LYS_SIGNED_NOTE:
          default:
            /* Translators: the first record altered; %s is its number */
            record = g_strdup_printf (_("note %s"), number);
            break;
          }
        /* Translators: %1$d is how many, %2$s the first, e.g. "note 12" */
        g_printerr (ngettext ("lysning: %1$d signed record was altered outside Lysning: it no longer matches its signature (%2$s).\n",
                              "lysning: %1$d signed records were altered outside Lysning: they no longer match their signatures (the first: %2$s).\n",
                              altered),
                    (int) altered, record);
        lys_audit_check_clear (&check);
        return EXIT_FAILURE;
      }
  }

  if (check.lost_anchor != 0 || check.emptied)
    {
      g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, check.lost_anchor);

      if (check.emptied)
        g_printerr ("lysning: %s\n", _("the clinic has patients but its audit log is empty: it was emptied outside Lysning."));
      else
        /* Translators: %s is a row number */
        g_printerr (_("lysning: the audit log no longer holds row %s as this computer last saw it: rows were taken from its end or changed outside Lysning.\n"),
                    row);
      lys_audit_check_clear (&check);
      return EXIT_FAILURE;
    }

  if (check.broken_id != 0)
    {
      g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, check.broken_id);
      g_autofree char *held = g_strdup_printf ("%" G_GUINT64_FORMAT, check.rows);

      /* Translators: %1$s is a row number, %2$s its time, %3$s its action, %4$s how many rows hold before it */
      g_printerr (_("lysning: the audit log is broken at row %1$s (%2$s, %3$s): its hash does not follow from the "
                    "row before, so a row was changed, put in or taken out there. The %4$s rows before it hold.\n"),
                  row, check.broken_at ? check.broken_at : "?", check.broken_action ? check.broken_action : "?", held);
      lys_audit_check_clear (&check);
      return EXIT_FAILURE;
    }

  if (check.unchecked > 0)
    {
      g_autofree char *rows = g_strdup_printf ("%" G_GUINT64_FORMAT, check.unchecked);
      g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "lysning", "keys", NULL);

      /* Translators: %1$s is how many rows, %2$s a key's id, %3$s a folder */
      g_printerr (_("lysning: %1$s rows of the audit log are linked with the key %2$s, which is not on this computer, "
                    "so they could not be checked. Copy the key file %2$s from the computer that wrote them into %3$s "
                    "and check again.\n"),
                  rows, check.missing_key, folder);
      lys_audit_check_clear (&check);
      return EXIT_FAILURE;
    }

  {
    g_autofree char *rows = g_strdup_printf ("%" G_GUINT64_FORMAT, check.rows);

    /* Translators: %1$s is how many rows, %2$s the last row's hash */
    g_print (_("The audit log is intact: %1$s rows, the last link %2$s\n"), rows, check.head ? check.head : "-");
  }
  lys_audit_check_clear (&check);
  return EXIT_SUCCESS;
}

/* Headless: the clinic report, the review report or the ketamine
 * statement, from --from (or 1 January) to --to (or today) */
static int
run_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;
  g_autoptr(LysReport) report = NULL;
  g_autoptr(LysDrugStatement) statement = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) new_year = g_date_time_new_local (g_date_time_get_year (now), 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *display = g_filename_display_name (report_path);
  g_autofree char *lower = g_ascii_strdown (report_path, -1);
  gboolean pdf = g_str_has_suffix (lower, ".pdf");
  gboolean ok;
  GDate first, last;

  if (!pdf && !g_str_has_suffix (lower, ".csv"))
    {
      g_printerr ("lysning: ");
      /* Translators: %s is the option, --report, --review-report or --drug-record */
      g_printerr (_("%s writes a PDF or a CSV file: end the file name in .pdf or .csv"), report_options[report_kind]);
      g_printerr ("\n");
      return EXIT_FAILURE;
    }
  if (!parse_day_option ("--from", from_text, new_year, &from) ||
      !parse_day_option ("--to", to_text, now, &to))
    return EXIT_FAILURE;
  g_date_set_dmy (&first, g_date_time_get_day_of_month (from), g_date_time_get_month (from), g_date_time_get_year (from));
  g_date_set_dmy (&last, g_date_time_get_day_of_month (to), g_date_time_get_month (to), g_date_time_get_year (to));

  store = open_store (&error);
  ok = store != NULL;
  if (ok && report_kind == REPORT_DRUGS)
    ok = (statement = lys_drug_statement_compute (store, &first, &last, &error)) != NULL &&
         lys_drug_statement_write (statement, report_path, language, &error);
  else if (ok)
    ok = (report = lys_report_compute (store, report_kind == REPORT_REVIEW ? LYS_REPORT_REVIEW : LYS_REPORT_CLINIC,
                                       &first, &last, &error)) != NULL &&
         (report_kind == REPORT_REVIEW ? (pdf ? lys_review_write_pdf (report, report_path, language, &error)
                                              : lys_review_write_csv (report, report_path, language, &error))
                                       : (pdf ? lys_report_write_pdf (report, report_path, language, &error)
                                              : lys_report_write_csv (report, report_path, language, &error)));
  if (!ok)
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (report_kind == REPORT_DRUGS)
    /* Translators: %1$s is a file name; %2$u counts products */
    g_print (ngettext ("Wrote the ketamine statement to %1$s: %2$u product\n",
                       "Wrote the ketamine statement to %1$s: %2$u products\n", statement->products->len),
             display, statement->products->len);
  else if (report_kind == REPORT_REVIEW)
    /* Translators: %1$s is a file name; %2$u counts courses, %3$u indications */
    g_print (_("Wrote the review report to %1$s: %2$u courses started, %3$u indications\n"),
             display, report->started, report->by_indication->len);
  else
    /* Translators: %1$s is a file name; %2$u and %3$u count courses and infusions */
    g_print (_("Wrote the clinic report to %1$s: %2$u courses started, %3$u infusions\n"),
             display, report->started, report->infusions);
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LysApplication) app = NULL;
  const char *localedir = g_getenv ("LYSNING_LOCALEDIR");
  char *app_argv[] = { argv[0], NULL };

#ifdef __GLIBC__
  /* SQLite's statement journals and temporary tables take and give back the
   * same memory at every statement: kept for the next rather than handed
   * back to the system and asked for again each time */
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_TOP_PAD, 16 * 1024 * 1024);
#endif

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Lysning: ketamine-assisted psychotherapy for clinics"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("lysning: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (argc > 1)
    {
      g_printerr ("lysning: %s\n", _("Unexpected argument; see lysning --help"));
      return EXIT_FAILURE;
    }

  if (show_version)
    {
      g_print ("lysning %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (demo && database_path != NULL)
    {
      g_printerr ("lysning: %s\n", _("--demo and --database cannot be used together"));
      return EXIT_FAILURE;
    }

  if (seed_demo && import_path != NULL)
    {
      g_printerr ("lysning: %s\n", _("--seed-demo and --import-patients cannot be used together"));
      return EXIT_FAILURE;
    }

  if (skip_invalid && import_path == NULL)
    {
      g_printerr ("lysning: %s\n", _("--skip-invalid only goes with --import-patients=FILE"));
      return EXIT_FAILURE;
    }

  if ((report_path != NULL) + (review_path != NULL) + (drug_path != NULL) > 1)
    {
      g_printerr ("lysning: %s\n", _("--report, --review-report and --drug-record each go alone: write one, then the next"));
      return EXIT_FAILURE;
    }
  /* From here on, each a report like the clinic's */
  if (review_path != NULL)
    {
      report_path = review_path;
      report_kind = REPORT_REVIEW;
    }
  else if (drug_path != NULL)
    {
      report_path = drug_path;
      report_kind = REPORT_DRUGS;
    }

  if ((from_text != NULL || to_text != NULL) && calendar_path == NULL && registry_path == NULL && report_path == NULL)
    {
      g_printerr ("lysning: %s\n", _("--from and --to only go with --export-calendar=FILE.ics, --export-registry=FILE.xml, --report=FILE, --review-report=FILE or --drug-record=FILE"));
      return EXIT_FAILURE;
    }

  if (identified && registry_path == NULL)
    {
      g_printerr ("lysning: %s\n", _("--identified only goes with --export-registry=FILE.xml"));
      return EXIT_FAILURE;
    }

  if (registry_path != NULL && (seed_demo || import_path != NULL || calendar_path != NULL || consent_patient != NULL))
    {
      g_printerr ("lysning: %s\n", _("--export-registry goes alone, without another step like --seed-demo or --export-calendar"));
      return EXIT_FAILURE;
    }

  if (calendar_path != NULL && (seed_demo || import_path != NULL))
    {
      g_printerr ("lysning: %s\n", _("--export-calendar goes alone, without --seed-demo or --import-patients"));
      return EXIT_FAILURE;
    }

  if ((backup_path != NULL || restore_path != NULL) &&
      (seed_demo || import_path != NULL || calendar_path != NULL || consent_patient != NULL ||
       registry_path != NULL || report_path != NULL || verify_audit || (backup_path != NULL && restore_path != NULL)))
    {
      g_printerr ("lysning: %s\n", _("--backup and --restore each go alone, without another step"));
      return EXIT_FAILURE;
    }

  if (copy_path != NULL &&
      (seed_demo || import_path != NULL || calendar_path != NULL || consent_patient != NULL || registry_path != NULL ||
       report_path != NULL || verify_audit || backup_path != NULL || restore_path != NULL || demo))
    {
      g_printerr ("lysning: %s\n", _("--copy-from goes alone, with the server's database given with --database"));
      return EXIT_FAILURE;
    }

  if ((init_server != NULL || staff_login != NULL) &&
      (seed_demo || import_path != NULL || calendar_path != NULL || consent_patient != NULL || registry_path != NULL ||
       report_path != NULL || verify_audit || backup_path != NULL || restore_path != NULL || copy_path != NULL || demo ||
       (init_server != NULL && (staff_login != NULL || database_path != NULL))))
    {
      g_printerr ("lysning: %s\n", _("--init-server and --add-staff each go alone; --add-staff with the server given with --database"));
      return EXIT_FAILURE;
    }

  if (staff_role != NULL && staff_login == NULL)
    {
      g_printerr ("lysning: %s\n", _("--role only goes with --add-staff=LOGIN"));
      return EXIT_FAILURE;
    }

  if (verify_audit && (seed_demo || import_path != NULL || calendar_path != NULL || consent_patient != NULL ||
                       registry_path != NULL || report_path != NULL))
    {
      g_printerr ("lysning: %s\n", _("--verify-audit goes alone, without another step"));
      return EXIT_FAILURE;
    }

  if (report_path != NULL && (seed_demo || import_path != NULL || calendar_path != NULL ||
                              consent_patient != NULL || registry_path != NULL))
    {
      g_printerr ("lysning: %s\n", _("--report, --review-report and --drug-record go alone, without another step like --seed-demo or an export"));
      return EXIT_FAILURE;
    }

  if (output_path != NULL && consent_patient == NULL)
    {
      g_printerr ("lysning: %s\n", _("--output only goes with --consent-pdf=PATIENT"));
      return EXIT_FAILURE;
    }

  if (language != NULL && consent_patient == NULL && report_path == NULL)
    {
      g_printerr ("lysning: %s\n", _("--language only goes with --consent-pdf=PATIENT, --report=FILE, --review-report=FILE or --drug-record=FILE"));
      return EXIT_FAILURE;
    }

  if (consent_patient != NULL && output_path == NULL)
    {
      g_printerr ("lysning: %s\n", _("--consent-pdf needs the file to write: add --output=FILE.pdf"));
      return EXIT_FAILURE;
    }

  if (language != NULL && !lys_language_is_document (language))
    {
      g_printerr ("lysning: %s\n", _("--language is nb (Norwegian Bokmål), nn (Norwegian Nynorsk) or en (English)"));
      return EXIT_FAILURE;
    }

  if (consent_patient != NULL && (seed_demo || import_path != NULL || calendar_path != NULL))
    {
      g_printerr ("lysning: %s\n", _("--consent-pdf goes alone, without --seed-demo, --import-patients or --export-calendar"));
      return EXIT_FAILURE;
    }

  if (seed_demo)
    return run_seed_demo ();

  if (consent_patient != NULL)
    return run_consent_pdf ();

  if (calendar_path != NULL)
    return run_export_calendar ();

  if (registry_path != NULL)
    return run_export_registry ();

  if (report_path != NULL)
    return run_report ();

  if (verify_audit)
    return run_verify_audit ();

  if (backup_path != NULL)
    return run_backup ();

  if (copy_path != NULL)
    return run_copy ();

  if (init_server != NULL || staff_login != NULL)
    return run_server_setup ();

  if (restore_path != NULL)
    return run_restore ();

  if (import_path != NULL)
    return run_import ();

  app = lys_application_new (database_path, demo);
  return g_application_run (G_APPLICATION (app), 1, app_argv);
}
