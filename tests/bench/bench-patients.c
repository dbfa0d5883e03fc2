/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "lys-demo.h"
#include "lys-store.h"

/* The patient register at 4,000 patients: filtering the list per keystroke
 * (target: well under a frame, 16 ms) and importing them from a spreadsheet. */

#define N_PATIENTS 4000

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
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
  g_autofree char *cmd = NULL;

  g_assert_no_error (error);
  g_assert_true (lys_demo_seed (source, N_PATIENTS, 1, NULL, &error));
  patients = lys_store_get_patients (source);
  g_assert_cmpuint (g_list_model_get_n_items (patients), ==, N_PATIENTS);

  /* What the list filter does on each keystroke: fold the query once, match
   * every patient */
  for (guint round = 0; round < 2; round++)
    for (guint k = 0; k < G_N_ELEMENTS (typed); k++)
      {
        g_autofree char *folded = NULL;
        guint matches = 0;
        double ms;

        start = g_get_monotonic_time ();
        folded = lys_patient_fold_query (typed[k]);
        for (guint i = 0; i < N_PATIENTS; i++)
          {
            g_autoptr(LysPatient) patient = g_list_model_get_item (patients, i);

            matches += lys_patient_matches (patient, folded);
          }
        ms = elapsed_ms (start);
        if (round == 1)
          {
            worst = MAX (worst, ms);
            total += ms;
          }
        (void) matches;
      }
  g_print ("patient search, %d patients: %.2f ms a keystroke on average, %.2f ms at worst (target under 16 ms)\n",
           N_PATIENTS, total / G_N_ELEMENTS (typed), worst);

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
  g_print ("import, reading %u rows: %.1f ms\n", import->n_rows, elapsed_ms (start));
  g_assert_cmpuint (import->problems->len, ==, 0);
  start = g_get_monotonic_time ();
  g_assert_true (lys_store_import_patients (target, import, FALSE, &error));
  g_print ("import, storing %u patients in one transaction: %.1f ms\n", import->patients->len, elapsed_ms (start));

  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
  return 0;
}
