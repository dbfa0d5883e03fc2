/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "bench.h"
#include "lys-demo.h"
#include "lys-store.h"

/* The patient register at 4,000 patients: filtering the list per keystroke,
 * the first after opening too (target: within a frame, 16 ms), and
 * importing them from a spreadsheet (reading: 100 ms; storing, in a worker
 * while the window says so: a second). */

#define N_PATIENTS 4000

/* What the list filter does on each keystroke: fold the query once, match
 * every patient; milliseconds */
static double
search (GListModel *patients,
        const char *typed)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *folded = lys_patient_fold_query (typed);
  guint matches = 0;

  for (guint i = 0; i < g_list_model_get_n_items (patients); i++)
    {
      g_autoptr(LysPatient) patient = g_list_model_get_item (patients, i);

      matches += lys_patient_matches (patient, folded);
    }
  g_assert_cmpuint (matches, <=, g_list_model_get_n_items (patients));
  return bench_ms_since (start);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lysning-bench-XXXXXX", NULL);
  g_autofree char *source_path = g_build_filename (dir, "source.db", NULL);
  g_autofree char *target_path = g_build_filename (dir, "target.db", NULL);
  g_autoptr(LysStore) source = lys_store_open (source_path, &error);
  g_autoptr(LysStore) target = NULL;
  g_autoptr(GString) csv = g_string_new ("fødselsnummer;fornavn;etternavn;telefon\r\n");
  g_autoptr(LysPatientImport) import = NULL;
  g_autoptr(GHashTable) registered = NULL;
  static const char *typed[] = { "a", "an", "ann", "anne", "anne b", "anne be", "1", "15", "150", "1504" };
  GListModel *patients;
  double worst = 0, total = 0;
  gint64 start;

  g_assert_no_error (error);
  g_assert_true (lys_demo_seed (source, N_PATIENTS, 1, NULL, &error));
  patients = lys_store_get_patients (source);
  g_assert_cmpuint (g_list_model_get_n_items (patients), ==, N_PATIENTS);

  /* The first keystroke after opening, cold: a clinic opened again, its
   * list read, then the first search */
  g_clear_object (&source);
  source = lys_store_open (source_path, &error);
  g_assert_no_error (error);
  patients = lys_store_get_patients (source);
  g_assert_cmpuint (g_list_model_get_n_items (patients), ==, N_PATIENTS);
  bench_report_at_most ("patient search, 4000 patients: the first keystroke after opening",
                        search (patients, typed[0]), "ms", 16);

  /* Then as a user types on */
  for (guint round = 0; round < 2; round++)
    for (guint k = 0; k < G_N_ELEMENTS (typed); k++)
      {
        double ms = search (patients, typed[k]);

        if (round == 1)
          {
            worst = MAX (worst, ms);
            total += ms;
          }
      }
  g_print ("patient search: %.2f ms a keystroke on average\n", total / G_N_ELEMENTS (typed));
  bench_report_at_most ("patient search, 4000 patients: the worst keystroke", worst, "ms", 16);

  /* The same patients as a spreadsheet, into an empty clinic */
  for (guint i = 0; i < N_PATIENTS; i++)
    {
      g_autoptr(LysPatient) patient = g_list_model_get_item (patients, i);

      g_string_append_printf (csv, "%s;%s;%s;%s\r\n",
                              lys_patient_get_national_id (patient),
                              lys_patient_get_given_name (patient),
                              lys_patient_get_family_name (patient),
                              lys_patient_get_phone (patient) ? lys_patient_get_phone (patient) : "");
    }

  target = lys_store_open (target_path, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  registered = lys_store_dup_national_ids (target);
  import = lys_patient_import_read (csv->str, csv->len, registered, NULL, &error);
  g_assert_no_error (error);
  bench_report_at_most ("import, reading 4000 rows", bench_ms_since (start), "ms", 100);
  g_assert_cmpuint (import->problems->len, ==, 0);
  start = g_get_monotonic_time ();
  g_assert_true (lys_store_import_patients (target, import, FALSE, &error));
  /* In a worker: the window waits for it, saying so */
  bench_report_at_most ("import, storing 4000 patients in one transaction", bench_ms_since (start), "ms", 1000);

  g_clear_object (&source);
  g_clear_object (&target);
  bench_remove_dir (dir);
  return bench_finish ();
}
