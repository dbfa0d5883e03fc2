/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reading the patient spreadsheet a clinic keeps today. Nothing here writes:
 * lys_store_import_patients() stores what was read, all or nothing. */

typedef struct
{
  guint  line;     /* physical line in the file, from 1 */
  char  *reason;   /* translated; never holds the row's data */
} LysImportProblem;

typedef struct
{
  GPtrArray *patients;        /* LysPatient, the rows that can be imported */
  GArray    *patient_lines;   /* guint, the line of each of ->patients */
  GPtrArray *problems;        /* LysImportProblem, by line */
  GPtrArray *unknown_columns; /* char *, header names that were ignored */
  guint      n_rows;          /* data rows read, empty rows not counted */
} LysPatientImport;

LysPatientImport *lys_patient_import_read (const char   *data,
                                           gsize         length,
                                           GHashTable   *registered_numbers,
                                           const GDate  *today,
                                           GError      **error);
char             *lys_patient_import_describe_unknown_column (const char *column);
void              lys_patient_import_free (LysPatientImport *import);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysPatientImport, lys_patient_import_free)

G_END_DECLS
