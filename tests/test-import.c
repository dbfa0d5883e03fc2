/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <sqlite3.h>
#include <glib/gstdio.h>

#include "lys-csv.h"
#include "lys-error.h"
#include "lys-patient-import.h"
#include "lys-store.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

/* Reading clinics' spreadsheets: encodings, separators, quoting, and each
 * kind of bad row; the import stores all rows or none. */

static const char header_nb[] = "Fødselsnummer;Fornavn;Etternavn;Telefon;E-post;Diagnose;Henvist fra\r\n";

static GPtrArray *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = lys_csv_parse (text, lys_csv_detect_separator (text), &error);

  g_assert_no_error (error);
  return records;
}

static const char *
field (GPtrArray *records,
       guint      record,
       guint      index)
{
  return ((LysCsvRecord *) records->pdata[record])->fields[index];
}

static void
test_csv_quoting (void)
{
  g_autoptr(GPtrArray) records = parse ("a,b,c\r\n"
                                        "\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
                                        "1,,3\n"
                                        "last,row,here");

  g_assert_cmpuint (records->len, ==, 4);
  g_assert_cmpstr (field (records, 1, 0), ==, "x, y");
  g_assert_cmpstr (field (records, 1, 1), ==, "say \"hi\"");
  g_assert_cmpstr (field (records, 1, 2), ==, "two\nlines");
  g_assert_cmpstr (field (records, 2, 1), ==, "");
  g_assert_cmpstr (field (records, 3, 2), ==, "here");

  /* Physical lines: the record after a two-line field starts on line 4 */
  g_assert_cmpuint (((LysCsvRecord *) records->pdata[1])->line, ==, 2);
  g_assert_cmpuint (((LysCsvRecord *) records->pdata[2])->line, ==, 4);
  g_assert_cmpuint (((LysCsvRecord *) records->pdata[3])->line, ==, 5);
}

/* What Lysning writes is never run by a spreadsheet as a formula; numbers
 * stay numbers */
static void
test_csv_formulas (void)
{
  static const struct { const char *text; const char *written; } fields[] = {
    { "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"" },
    { "+47 22 00 00 00", "'+47 22 00 00 00" },
    { "-cmd", "'-cmd" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "\tTab", "'\tTab" },
    { "\rCR", "\"'\rCR\"" },
    { "-12", "-12" },
    { "+3.5", "+3.5" },
    { "Ås", "Ås" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GString) csv = g_string_new (NULL);

      lys_csv_append_field (csv, fields[i].text);
      g_assert_cmpstr (csv->str, ==, fields[i].written);
    }
}

static void
test_csv_separator (void)
{
  g_assert_cmpint (lys_csv_detect_separator ("a;b;c\n1,5;2;3"), ==, ';');
  g_assert_cmpint (lys_csv_detect_separator ("a,b,c\n"), ==, ',');
  /* Separators inside quotes do not count */
  g_assert_cmpint (lys_csv_detect_separator ("\"a;b;c;d\",e,f\n"), ==, ',');
}

static void
test_csv_unclosed_quote (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = lys_csv_parse ("a,b\n1,2\n3,\"open\n4,5\n", ',', &error);

  g_assert_null (records);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "3"));
}

static void
test_csv_encodings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *utf8 = lys_csv_decode ("Bj\xc3\xb8rn", sizeof "Bj\xc3\xb8rn" - 1, &error);
  g_autofree char *bom = lys_csv_decode ("\xef\xbb\xbf\xc3\x85se", sizeof "\xef\xbb\xbf\xc3\x85se" - 1, &error);
  g_autofree char *cp1252 = lys_csv_decode ("Bj\xf8rn \xc5se \xe6\x80", sizeof "Bj\xf8rn \xc5se \xe6\x80" - 1, &error);
  g_autofree char *binary = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (utf8, ==, "Bjørn");
  g_assert_cmpstr (bom, ==, "Åse");
  g_assert_cmpstr (cp1252, ==, "Bjørn Åse æ€");

  binary = lys_csv_decode ("a\0b", 3, &error);
  g_assert_null (binary);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  /* UTF-8 with one stray Windows-1252 byte on line 3: refused, naming the
   * line, never read whole as Windows-1252 ("Ã…se") */
  {
    static const char mixed[] = "Fornavn;Etternavn\n\xc3\x85se;Bj\xc3\xb8rnstad\nPer;M\xf8ller\n";
    g_autofree char *text = lys_csv_decode (mixed, sizeof mixed - 1, &error);

    g_assert_null (text);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Line 3 "));
  }
}

static LysPatientImport *
read_text (const char *text,
           GHashTable *registered)
{
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  LysPatientImport *import = lys_patient_import_read (text, strlen (text), registered ? registered : none,
                                                      NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static const char *
problem_on (LysPatientImport *import,
            guint             line)
{
  for (guint i = 0; i < import->problems->len; i++)
    {
      LysImportProblem *problem = import->problems->pdata[i];

      if (problem->line == line)
        return problem->reason;
    }

  return NULL;
}

static void
test_read_windows_1252 (void)
{
  /* What Excel on a Norwegian system saves: semicolons, Windows-1252, CRLF */
  g_autofree char *cp1252 = NULL;
  g_autofree char *utf8 = g_strconcat (header_nb,
                                       "15046600344;Åse;Bjørnstad;+47 912 34 567;ase@example.no;f332;DPS Øst\r\n",
                                       "01015012397;\"Kari; Marie\";Ødegård;;;F33.1;\r\n",
                                       ";;;;;;\r\n",
                                       NULL);
  g_autoptr(LysPatientImport) import = NULL;
  LysPatient *first, *second;

  cp1252 = g_convert (utf8, -1, "WINDOWS-1252", "UTF-8", NULL, NULL, NULL);
  g_assert_nonnull (cp1252);
  import = read_text (cp1252, NULL);

  g_assert_cmpuint (import->problems->len, ==, 0);
  g_assert_cmpuint (import->unknown_columns->len, ==, 0);
  g_assert_cmpuint (import->n_rows, ==, 2);
  g_assert_cmpuint (import->patients->len, ==, 2);
  first = import->patients->pdata[0];
  second = import->patients->pdata[1];
  g_assert_cmpstr (lys_patient_get_given_name (first), ==, "Åse");
  g_assert_cmpstr (lys_patient_get_family_name (first), ==, "Bjørnstad");
  g_assert_cmpstr (lys_patient_get_phone (first), ==, "+47 912 34 567");
  g_assert_cmpstr (lys_patient_get_email (first), ==, "ase@example.no");
  g_assert_cmpstr (lys_patient_get_diagnosis (first), ==, "F33.2");
  g_assert_cmpstr (lys_patient_get_referred_by (first), ==, "DPS Øst");
  g_assert_cmpstr (lys_patient_get_given_name (second), ==, "Kari; Marie");
  g_assert_cmpstr (lys_patient_get_family_name (second), ==, "Ødegård");
  g_assert_cmpuint (g_array_index (import->patient_lines, guint, 1), ==, 3);
}

static void
test_read_english_comma_bom (void)
{
  g_autoptr(LysPatientImport) import =
    read_text ("\xef\xbb\xbf" "IDENTITY_NUMBER,Given_Name,family_name,Notes\n"
               "57019149104,Ola,Nordmann,likes tea\n", NULL);

  g_assert_cmpuint (import->patients->len, ==, 1);
  g_assert_cmpuint (import->unknown_columns->len, ==, 1);
  g_assert_cmpstr (import->unknown_columns->pdata[0], ==, "Notes");
}

static void
test_read_bad_rows (void)
{
  g_autoptr(GHashTable) registered = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LysPatientImport) import = NULL;
  g_autofree char *text = NULL;
  g_autofree char *long_name = g_strnfill (150, 'A');

  g_hash_table_add (registered, (char *) "57019149104");
  text = g_strconcat (header_nb,
                      "15046600344;Åse;Bjørnstad;;;;\r\n",      /* 2: good */
                      "15046600343;Per;Hansen;;;;\r\n",         /* 3: check digit */
                      "29029910039;Ola;Feil;;;;\r\n",           /* 4: 29 Feb 1999 */
                      "15046600344;Åse;Igjen;;;;\r\n",          /* 5: duplicate in file */
                      "57019149104;Dina;Dahl;;;;\r\n",          /* 6: in the database */
                      "01015012397;;Navnløs;;;;\r\n",           /* 7: missing name */
                      "1015012397;Tom;Null;;;;\r\n",            /* 8: leading zero lost */
                      "01015012397;Eva;Epost;;eva-at-example;;\r\n", /* 9: e-mail */
                      "01015012397;Eva;Diag;;;F20.0;\r\n",      /* 10: not depression */
                      "01015012397;Eva\xe2\x80\xae" "avE;Bidi;;;;\r\n", /* 11: a direction override */
                      "01015012397;Eva\x07;Klokke;;;;\r\n",     /* 12: a control character */
                      "01015012397;", long_name, ";Lang;;;;\r\n", /* 13: 150 letters */
                      "010150\xc2\xa0" "12397;Kari;Mellomrom;;;;\r\n", /* 14: Excel's digit grouping: good */
                      NULL);
  import = read_text (text, registered);

  g_assert_cmpuint (import->n_rows, ==, 13);
  g_assert_cmpuint (import->patients->len, ==, 2);
  g_assert_cmpuint (import->problems->len, ==, 11);
  g_assert_nonnull (strstr (problem_on (import, 11), "invisible direction mark"));
  g_assert_nonnull (strstr (problem_on (import, 12), "control character"));
  g_assert_nonnull (strstr (problem_on (import, 13), "longer than 100 characters"));
  g_assert_null (problem_on (import, 14));
  g_assert_null (problem_on (import, 2));
  g_assert_nonnull (strstr (problem_on (import, 3), "check digit"));
  g_assert_nonnull (strstr (problem_on (import, 4), "not a real date"));
  g_assert_nonnull (strstr (problem_on (import, 5), "also on line 2"));
  g_assert_nonnull (strstr (problem_on (import, 6), "already registered"));
  g_assert_nonnull (strstr (problem_on (import, 7), "given name"));
  g_assert_nonnull (strstr (problem_on (import, 8), "leading zero"));
  g_assert_nonnull (strstr (problem_on (import, 9), "e-mail"));
  g_assert_nonnull (strstr (problem_on (import, 10), "F32 or F33"));

  /* Reasons never repeat the row's data */
  for (guint i = 0; i < import->problems->len; i++)
    {
      const char *reason = ((LysImportProblem *) import->problems->pdata[i])->reason;

      g_assert_null (strstr (reason, "Hansen"));
      g_assert_null (strstr (reason, "1504660034"));
    }
}

static void
test_read_bad_header (void)
{
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  static const char *cases[] = {
    "fornavn;etternavn\n15046600344;Åse\n",
    "fødselsnummer;fornavn;etternavn;Fornavn\n",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LysPatientImport) import = lys_patient_import_read (cases[i], strlen (cases[i]), none, NULL, &error);

      g_assert_null (import);
      g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
    }
}

typedef TestFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  test_fixture_open (f, "import");
}



static LysPatientImport *
read_for_store (Fixture    *f,
                const char *rows)
{
  g_autoptr(GHashTable) registered = lys_store_dup_national_ids (f->store);
  g_autofree char *text = g_strconcat (header_nb, rows, NULL);

  return read_text (text, registered);
}

static void
test_import_all_or_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysPatientImport) import = read_for_store (f,
                                                       "15046600344;Åse;Bjørnstad;;;;\r\n"
                                                       "15046600343;Per;Hansen;;;;\r\n");

  /* A bad row refuses the whole file */
  g_assert_false (lys_store_import_patients (f->store, import, FALSE, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM patients"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (lys_store_get_patients (f->store)), ==, 0);
  g_clear_error (&error);

  /* --skip-invalid imports the good one, with its preparation course */
  g_assert_true (lys_store_import_patients (f->store, import, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM patients"), ==, 1);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM courses WHERE phase = 'preparation'"), ==, 1);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log WHERE action = 'patient.create' AND detail = 'import'"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (lys_store_get_patients (f->store)), ==, 1);

  /* Read again, the same row is now a duplicate in the database */
  {
    g_autoptr(LysPatientImport) again = read_for_store (f, "15046600344;Åse;Bjørnstad;;;;\r\n");

    g_assert_cmpuint (again->patients->len, ==, 0);
    g_assert_nonnull (strstr (problem_on (again, 2), "already registered"));
  }
}

static void
test_import_interrupted (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysPatientImport) import = read_for_store (f,
                                                       "15046600344;Åse;Bjørnstad;;;;\r\n"
                                                       "01015012397;Kari;Nordmann;;;;\r\n"
                                                       "57019149104;Dina;Dahl;;;;\r\n");

  g_assert_cmpuint (import->patients->len, ==, 3);

  /* The database fails at the third row, as a full disk would */
  g_assert_cmpint (test_raw_exec (f->path, test_clinic_on_server ()
                                  ? "CREATE TRIGGER fail_third BEFORE INSERT ON patients FOR EACH ROW "
                                    "WHEN (NEW.national_id = '57019149104') EXECUTE FUNCTION lys_refuse ('disk full')"
                                  : "CREATE TRIGGER fail_third BEFORE INSERT ON patients "
                                    "WHEN NEW.national_id = '57019149104' "
                                    "BEGIN SELECT RAISE (ABORT, 'disk full'); END", NULL), ==, SQLITE_OK);

  g_assert_false (lys_store_import_patients (f->store, import, FALSE, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "4"));
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM patients"), ==, 0);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM courses"), ==, 0);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM audit_log WHERE action = 'patient.create'"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (lys_store_get_patients (f->store)), ==, 0);
  for (guint i = 0; i < import->patients->len; i++)
    g_assert_cmpint (lys_patient_get_id (import->patients->pdata[i]), ==, 0);
}

static void
on_async_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  GError **error = data;

  if (!lys_store_import_patients_finish (LYS_STORE (source), result, error))
    g_assert_nonnull (*error);
  g_object_set_data (source, "done", GINT_TO_POINTER (TRUE));
}

static void
wait_async (LysStore *store)
{
  while (!g_object_get_data (G_OBJECT (store), "done"))
    g_main_context_iteration (NULL, TRUE);
  g_object_set_data (G_OBJECT (store), "done", NULL);
}

/* The window's import writes in a worker, on a connection of its own: all
 * or nothing as before, logged as the same user, the list updated after;
 * and refused, nothing written, while the file's check runs */
static void
test_import_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysPatientImport) import = read_for_store (f,
                                                       "15046600344;Åse;Bjørnstad;;;;\r\n"
                                                       "15046600343;Per;Hansen;;;;\r\n"
                                                       "01015012397;Kari;Nordmann;;;;\r\n");

  lys_store_import_patients_async (f->store, import, FALSE, NULL, on_async_done_cb, &error);
  wait_async (f->store);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM patients"), ==, 0);

  _lys_store_set_integrity (f->store, LYS_INTEGRITY_CHECKING);
  lys_store_import_patients_async (f->store, import, TRUE, NULL, on_async_done_cb, &error);
  wait_async (f->store);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM patients"), ==, 0);
  _lys_store_set_integrity (f->store, LYS_INTEGRITY_OK);

  lys_store_import_patients_async (f->store, import, TRUE, NULL, on_async_done_cb, &error);
  g_assert_cmpuint (g_list_model_get_n_items (lys_store_get_patients (f->store)), ==, 0);
  wait_async (f->store);
  g_assert_no_error (error);
  g_assert_cmpint (test_raw_int (f->path, "SELECT count(*) FROM patients"), ==, 2);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'patient.create' AND "
                                            "detail = 'import' AND staff_id = %" G_GINT64_FORMAT,
                                            lys_store_get_current_staff_id (f->store));

    g_assert_cmpint (lys_store_get_current_staff_id (f->store), >, 0);
    g_assert_cmpint (test_raw_int (f->path, sql), ==, 2);
  }
  g_assert_cmpuint (g_list_model_get_n_items (lys_store_get_patients (f->store)), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/csv/quoting", test_csv_quoting);
  g_test_add_func ("/core/csv/separator", test_csv_separator);
  g_test_add_func ("/core/csv/formulas", test_csv_formulas);
  g_test_add_func ("/core/csv/unclosed-quote", test_csv_unclosed_quote);
  g_test_add_func ("/core/csv/encodings", test_csv_encodings);
  g_test_add_func ("/core/import/windows-1252", test_read_windows_1252);
  g_test_add_func ("/core/import/english-comma-bom", test_read_english_comma_bom);
  g_test_add_func ("/core/import/bad-rows", test_read_bad_rows);
  g_test_add_func ("/core/import/bad-header", test_read_bad_header);
  TEST_ADD_SHARED ("/core/import/all-or-nothing", test_import_all_or_nothing);
  TEST_ADD_SHARED ("/core/import/async", test_import_async);
  TEST_ADD_SHARED ("/core/import/interrupted", test_import_interrupted);

  return g_test_run ();
}
