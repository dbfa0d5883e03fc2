/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Spreadsheet exports as clinics have them: UTF-8 with or without a byte-order
 * mark, or Windows-1252; comma or semicolon; quoted fields; CRLF. */

typedef struct
{
  guint   line;    /* the physical line the record starts on, from 1 */
  GStrv   fields;
} LysCsvRecord;

char      *lys_csv_decode           (const char  *data,
                                     gsize        length,
                                     GError     **error);
char       lys_csv_detect_separator (const char  *text);
GPtrArray *lys_csv_parse            (const char  *text,
                                     char         separator,
                                     GError     **error);
void       lys_csv_record_free      (LysCsvRecord *record);
void       lys_csv_append_field     (GString      *csv,
                                     const char   *text);
void       lys_csv_append_field_with (GString     *csv,
                                      const char  *text,
                                      char         separator);

typedef struct
{
  GString    *csv;
  char        separator;
  const char *decimal;
} LysCsvSheet;

void       lys_csv_sheet_init       (LysCsvSheet  *sheet);
void       lys_csv_sheet_add_fields (LysCsvSheet  *sheet,
                                     const char  **fields,
                                     guint         n_fields);
void       lys_csv_sheet_add_number (LysCsvSheet  *sheet,
                                     double        value,
                                     guint         digits);
void       lys_csv_sheet_end_figure (LysCsvSheet  *sheet,
                                     double        value,
                                     gint64        denominator);
char      *lys_csv_sheet_finish     (LysCsvSheet  *sheet);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysCsvRecord, lys_csv_record_free)

G_END_DECLS
