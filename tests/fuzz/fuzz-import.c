/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "lys-csv.h"
#include "lys-patient-import.h"

/* Any bytes as the clinic's spreadsheet: read without a crash, a leak or
 * undefined behaviour, and every row either a patient or a problem with
 * its line and reason. */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GHashTable) registered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);
  LysPatientImport *import;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, 12, 2026);
  /* One number taken already: the import says so */
  g_hash_table_add (registered, g_strdup ("15046600344"));

  import = lys_patient_import_read ((const char *) data, size, registered, &today, &error);
  if (import == NULL)
    g_assert (error != NULL && error->message != NULL);
  else
    {
      for (guint i = 0; i < import->problems->len; i++)
        {
          LysImportProblem *problem = g_ptr_array_index (import->problems, i);

          g_assert (problem->line > 0);
          g_assert (problem->reason != NULL && g_utf8_validate (problem->reason, -1, NULL));
        }
      lys_patient_import_free (import);
    }

  /* The CSV reader alone, on text */
  if (g_utf8_validate (text, -1, NULL))
    {
      g_autoptr(GError) csv_error = NULL;
      GPtrArray *records = lys_csv_parse (text, lys_csv_detect_separator (text), &csv_error);

      if (records != NULL)
        g_ptr_array_unref (records);
    }
  return 0;
}
