/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-patient-import"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-csv.h"
#include "lys-diagnosis.h"
#include "lys-error.h"
#include "lys-text.h"
#include "lys-patient.h"
#include "lys-patient-import.h"

typedef enum
{
  COLUMN_NATIONAL_ID,
  COLUMN_GIVEN_NAME,
  COLUMN_FAMILY_NAME,
  COLUMN_PHONE,
  COLUMN_EMAIL,
  COLUMN_DIAGNOSIS,
  COLUMN_REFERRED_BY,
  N_COLUMNS
} Column;

#define N_REQUIRED_COLUMNS (COLUMN_FAMILY_NAME + 1)

static const struct
{
  const char *norwegian;
  const char *english;
  const char *property;
} columns[N_COLUMNS] = {
  { "fødselsnummer", "identity_number", "national-id" },
  { "fornavn", "given_name", "given-name" },
  { "etternavn", "family_name", "family-name" },
  { "telefon", "phone", "phone" },
  { "e-post", "email", "email" },
  { "diagnose", "diagnosis", "diagnosis" },
  { "henvist_fra", "referred_by", "referred-by" },
};

static void
problem_free (LysImportProblem *problem)
{
  g_free (problem->reason);
  g_free (problem);
}

void
lys_patient_import_free (LysPatientImport *import)
{
  if (import == NULL)
    return;

  g_ptr_array_unref (import->patients);
  g_array_unref (import->patient_lines);
  g_ptr_array_unref (import->problems);
  g_ptr_array_unref (import->unknown_columns);
  g_free (import);
}

/* "Henvist fra", "HENVIST-FRA" and "henvist_fra" name the same column */
static char *
normalize_header (const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  char *folded = g_utf8_casefold (trimmed, -1);

  g_strdelimit (folded, " -", '_');
  return folded;
}

static void
add_problem (LysPatientImport *import,
             guint             line,
             char             *reason)
{
  LysImportProblem *problem = g_new0 (LysImportProblem, 1);

  problem->line = line;
  problem->reason = reason;
  g_ptr_array_add (import->problems, problem);
}

static gboolean
is_empty_record (const LysCsvRecord *record)
{
  for (guint i = 0; record->fields[i] != NULL; i++)
    if (!lys_text_is_blank (record->fields[i]))
      return FALSE;

  return TRUE;
}

static gboolean
map_header (LysPatientImport   *import,
            const LysCsvRecord *header,
            int                 positions[N_COLUMNS],
            GError            **error)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    positions[c] = -1;

  for (guint i = 0; header->fields[i] != NULL; i++)
    {
      g_autofree char *name = normalize_header (header->fields[i]);
      gboolean known = FALSE;

      for (guint c = 0; c < N_COLUMNS && !known; c++)
        {
          g_autofree char *norwegian = normalize_header (columns[c].norwegian);

          if (g_str_equal (name, norwegian) || g_str_equal (name, columns[c].english))
            {
              if (positions[c] >= 0)
                {
                  g_autofree char *shown = lys_text_dup_printable (header->fields[i]);

                  g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                               _("The column “%s” appears twice in the header. Remove one of them."), shown);
                  return FALSE;
                }
              positions[c] = i;
              known = TRUE;
            }
        }

      if (!known && *name != '\0')
        g_ptr_array_add (import->unknown_columns, g_strdup (header->fields[i]));
    }

  for (guint c = 0; c < N_REQUIRED_COLUMNS; c++)
    {
      if (positions[c] < 0)
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       /* Translators: %s names a column, e.g. “fødselsnummer” (or “identity_number”) */
                       _("The header row has no column “%s” (or “%s”). Name the columns in the first row."),
                       columns[c].norwegian, columns[c].english);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * lys_patient_import_read:
 * @data: the file's bytes
 * @registered_numbers: (element-type utf8 utf8): identity numbers already in
 *   the database, as keys
 * @today: (nullable): the date birth dates may not pass
 *
 * Reads every row and keeps the good ones and a reason for each bad one. An
 * error means the file as a whole cannot be read.
 *
 * Returns: (transfer full): what was read
 */
LysPatientImport *
lys_patient_import_read (const char   *data,
                         gsize         length,
                         GHashTable   *registered_numbers,
                         const GDate  *today,
                         GError      **error)
{
  g_autoptr(LysPatientImport) import = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *text = NULL;
  int positions[N_COLUMNS];
  const LysCsvRecord *header;
  guint n_header_fields;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (registered_numbers != NULL, NULL);

  text = lys_csv_decode (data, length, error);
  if (text == NULL)
    return NULL;

  records = lys_csv_parse (text, lys_csv_detect_separator (text), error);
  if (records == NULL)
    return NULL;

  if (records->len == 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The file is empty. Export the spreadsheet with a header row and the patients below it."));
      return NULL;
    }

  import = g_new0 (LysPatientImport, 1);
  import->patients = g_ptr_array_new_with_free_func (g_object_unref);
  import->patient_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  import->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  import->unknown_columns = g_ptr_array_new_with_free_func (g_free);

  header = records->pdata[0];
  if (!map_header (import, header, positions, error))
    return NULL;
  n_header_fields = g_strv_length (header->fields);

  /* identity number → the line it was first seen on */
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint r = 1; r < records->len; r++)
    {
      const LysCsvRecord *record = records->pdata[r];
      guint n_fields = g_strv_length (record->fields);
      g_autoptr(LysPatient) patient = NULL;
      g_autoptr(GError) row_error = NULL;
      g_autofree char *number = NULL;
      g_autofree char *diagnosis = NULL;
      gpointer first_line;

      if (is_empty_record (record))
        continue;
      import->n_rows++;

      if (n_fields > n_header_fields)
        {
          add_problem (import, record->line,
                       g_strdup_printf (_("The row has %u fields but the header names %u. Check the separators and quotation marks."),
                                        n_fields, n_header_fields));
          continue;
        }

      patient = g_object_new (LYS_TYPE_PATIENT, NULL);
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          const char *value;

          if (positions[c] < 0 || (guint) positions[c] >= n_fields)
            continue;
          value = record->fields[positions[c]];
          if (lys_text_is_blank (value))
            continue;

          if (c == COLUMN_NATIONAL_ID)
            g_object_set (patient, "national-id", (number = lys_national_id_clean (value)), NULL);
          else if (c == COLUMN_DIAGNOSIS)
            g_object_set (patient, "diagnosis", (diagnosis = lys_diagnosis_normalize (value)), NULL);
          else
            {
              g_autofree char *trimmed = g_strstrip (g_strdup (value));

              g_object_set (patient, columns[c].property, trimmed, NULL);
            }
        }

      if (number != NULL && strlen (number) == LYS_NATIONAL_ID_LENGTH - 1)
        {
          add_problem (import, record->line,
                       g_strdup (_("The identity number has 10 digits: the spreadsheet may have dropped a leading zero. Format the column as text and export again.")));
          continue;
        }

      if (!lys_patient_validate (patient, today, NULL, &row_error))
        {
          add_problem (import, record->line, g_strdup (row_error->message));
          continue;
        }

      if (g_hash_table_lookup_extended (seen, number, NULL, &first_line))
        {
          add_problem (import, record->line,
                       g_strdup_printf (_("The identity number is also on line %u of the file."),
                                        GPOINTER_TO_UINT (first_line)));
          continue;
        }
      g_hash_table_insert (seen, g_strdup (number), GUINT_TO_POINTER (record->line));

      if (g_hash_table_contains (registered_numbers, number))
        {
          add_problem (import, record->line,
                       g_strdup (_("The identity number is already registered in Lysning.")));
          continue;
        }

      g_ptr_array_add (import->patients, g_steal_pointer (&patient));
      g_array_append_val (import->patient_lines, record->line);
    }

  return g_steal_pointer (&import);
}

/**
 * lys_patient_import_describe_unknown_column:
 *
 * Returns: (transfer full): a message saying that @column is ignored
 */
char *
lys_patient_import_describe_unknown_column (const char *column)
{
  g_autofree char *shown = NULL;

  g_return_val_if_fail (column != NULL, NULL);

  /* A header is the file's, not ours: shown, never run by a terminal */
  shown = lys_text_dup_printable (column);
  return g_strdup_printf (_("The column “%s” is not one Lysning knows; it is ignored."), shown);
}
