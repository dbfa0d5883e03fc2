/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-csv"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lys-i18n.h"

#include "lys-csv.h"
#include "lys-error.h"

#define UTF8_BOM "\xEF\xBB\xBF"

void
lys_csv_record_free (LysCsvRecord *record)
{
  if (record == NULL)
    return;

  g_strfreev (record->fields);
  g_free (record);
}

/* Whether @data holds a character written in UTF-8 beyond ASCII: a lead
 * byte and its continuation bytes, as Windows-1252 text almost never has */
static gboolean
has_utf8_sequence (const char *data,
                   gsize       length)
{
  const guchar *bytes = (const guchar *) data;

  for (gsize i = 0; i < length; i++)
    {
      guint n = bytes[i] >= 0xc2 && bytes[i] <= 0xdf ? 1 : bytes[i] >= 0xe0 && bytes[i] <= 0xef ? 2
                : bytes[i] >= 0xf0 && bytes[i] <= 0xf4 ? 3 : 0;
      gboolean whole = n > 0 && i + n < length;

      for (guint k = 1; whole && k <= n; k++)
        whole = (bytes[i + k] & 0xc0) == 0x80;
      if (whole && g_utf8_validate_len (data + i, n + 1, NULL))
        return TRUE;
    }
  return FALSE;
}

/**
 * lys_csv_decode:
 *
 * Text that is valid UTF-8 is taken as UTF-8 (a byte-order mark dropped);
 * anything else as Windows-1252, what Excel writes for a Norwegian system,
 * unless part of it is UTF-8: a file of mixed encodings is refused.
 *
 * Returns: (transfer full): the text in UTF-8
 */
char *
lys_csv_decode (const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *end = NULL;
  char *text;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The file is not a text file. Save the spreadsheet as CSV and try again."));
      return NULL;
    }

  if (g_utf8_validate_len (data, length, &end))
    return g_strndup (data, length);

  /* Part UTF-8, part not: one encoding guessed for all would garble the
   * other part ("Ã…se"); refused, naming the line */
  if (has_utf8_sequence (data, length))
    {
      guint line = 1;

      for (const char *p = data; p < end; p++)
        line += *p == '\n';
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %u is a line of the file */
                   _("Line %u of the file is written in another encoding than the lines before it. Save the spreadsheet again as CSV (UTF-8) and try again."),
                   line);
      return NULL;
    }

  text = g_convert (data, length, "UTF-8", "WINDOWS-1252", NULL, NULL, &local_error);
  if (text == NULL)
    g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                         _("The file is neither UTF-8 nor Windows-1252 text. Save the spreadsheet as CSV (UTF-8) and try again."));
  return text;
}

/**
 * lys_csv_detect_separator:
 *
 * Returns: ';' when the header line has more semicolons than commas outside
 *   quotes, ',' otherwise
 */
char
lys_csv_detect_separator (const char *text)
{
  guint commas = 0, semicolons = 0;
  gboolean quoted = FALSE;

  g_return_val_if_fail (text != NULL, ',');

  for (const char *p = text; *p != '\0' && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ',')
        commas++;
      else if (!quoted && *p == ';')
        semicolons++;
    }

  return semicolons > commas ? ';' : ',';
}

/**
 * lys_csv_parse:
 * @text: UTF-8 text, e.g. from lys_csv_decode()
 *
 * Splits @text into records as RFC 4180 describes, also accepting LF alone.
 * A quoted field may hold separators, doubled quotes and line breaks.
 *
 * Returns: (transfer full) (element-type LysCsvRecord): the records
 */
GPtrArray *
lys_csv_parse (const char  *text,
               char         separator,
               GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_csv_record_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  guint line = 1, record_line = 1, quote_line = 0;
  gboolean quoted = FALSE, was_quoted = FALSE;
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  for (;;)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '\0')
            {
              g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Line %u: a quoted field is never closed. Check the quotation marks."),
                           quote_line);
              return NULL;
            }
          if (c == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p += 2;
              continue;
            }
          if (c == '"')
            {
              quoted = FALSE;
              p++;
              continue;
            }
          if (c == '\r' && p[1] == '\n')
            p++;
          if (*p == '\n' || *p == '\r')
            {
              line++;
              g_string_append_c (field, '\n');
              p++;
              continue;
            }
          g_string_append_c (field, c);
          p++;
          continue;
        }

      if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          quote_line = line;
          p++;
          continue;
        }

      if (c == separator || c == '\n' || c == '\r' || c == '\0')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;

          if (c != separator)
            {
              LysCsvRecord *record;

              /* A last line without its line break gives no empty record */
              if (c == '\0' && fields->len == 1 && ((char *) fields->pdata[0])[0] == '\0')
                break;

              g_ptr_array_add (fields, NULL);
              record = g_new0 (LysCsvRecord, 1);
              record->line = record_line;
              record->fields = (GStrv) g_ptr_array_steal (fields, NULL);
              g_ptr_array_add (records, record);

              if (c == '\0')
                break;
              if (c == '\r' && p[1] == '\n')
                p++;
              line++;
              record_line = line;
            }
          p++;
          continue;
        }

      g_string_append_c (field, c);
      p++;
    }

  return g_steal_pointer (&records);
}

/* "-12", "+3.5": a number a spreadsheet reads as one, not a formula */
static gboolean
is_number (const char *text)
{
  const char *p = text + (*text == '-' || *text == '+');
  gboolean digits = FALSE;

  while (g_ascii_isdigit (*p))
    p++, digits = TRUE;
  if (*p == '.' || *p == ',')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  return digits && *p == '\0';
}

/**
 * lys_csv_append_field:
 * @text: (nullable): the field; %NULL for an empty one
 *
 * Writes a field as RFC 4180 wants it: in double quotes, its quotes
 * doubled, when it holds a comma, a quote or a line break. Text a
 * spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
 * carriage return, and no plain number) starts with an apostrophe, which
 * spreadsheets show as text.
 */
void
lys_csv_append_field (GString    *csv,
                      const char *text)
{
  lys_csv_append_field_with (csv, text, ',');
}

/**
 * lys_csv_append_field_with:
 * @separator: the file's field separator, ',' or ';'
 *
 * lys_csv_append_field() for a file whose fields @separator separates.
 */
void
lys_csv_append_field_with (GString    *csv,
                           const char *text,
                           char        separator)
{
  g_autofree char *safe = NULL;
  const char special[] = { separator, '"', '\r', '\n', '\0' };

  if (text != NULL && strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0' && !is_number (text))
    text = safe = g_strconcat ("'", text, NULL);
  if (text != NULL && strpbrk (text, special) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, "\"", -1);
      g_autofree char *joined = g_strjoinv ("\"\"", parts);

      g_string_append_printf (csv, "\"%s\"", joined);
    }
  else if (text != NULL)
    g_string_append (csv, text);
}

/* Sheets written for a spreadsheet in the language of the messages */

/**
 * lys_csv_sheet_init:
 *
 * Starts a sheet as the language's spreadsheets read it: UTF-8 with a
 * byte-order mark, the language's decimal separator, and ";" between
 * fields where that is a comma, as in Norwegian.
 */
void
lys_csv_sheet_init (LysCsvSheet *sheet)
{
  sheet->csv = g_string_new ("\xef\xbb\xbf");
  sheet->decimal = C_("decimal separator", ".");
  /* A decimal comma never stands between comma-separated fields */
  sheet->separator = g_str_equal (sheet->decimal, ",") ? ';' : ',';
}

/* Each field quoted as it needs, and followed by the separator */
void
lys_csv_sheet_add_fields (LysCsvSheet *sheet,
                          const char **fields,
                          guint        n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      lys_csv_append_field_with (sheet->csv, fields[i], sheet->separator);
      g_string_append_c (sheet->csv, sheet->separator);
    }
}

/* @value with up to @digits decimals and the language's separator; nothing
 * for NAN */
void
lys_csv_sheet_add_number (LysCsvSheet *sheet,
                          double       value,
                          guint        digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;

  if (isnan (value))
    return;
  g_snprintf (format, sizeof format, "%%.%uf", value == floor (value) ? 0 : digits);
  parts = g_strsplit (g_ascii_formatd (buf, sizeof buf, format, value), ".", 2);
  joined = g_strjoinv (sheet->decimal, parts);
  g_string_append (sheet->csv, joined);
}

/* The end of a line of one figure: its value, the denominator it is a
 * share of (none when negative) and the percent it makes of it */
void
lys_csv_sheet_end_figure (LysCsvSheet *sheet,
                          double       value,
                          gint64       denominator)
{
  lys_csv_sheet_add_number (sheet, value, 2);
  g_string_append_c (sheet->csv, sheet->separator);
  if (denominator >= 0)
    g_string_append_printf (sheet->csv, "%" G_GINT64_FORMAT, denominator);
  g_string_append_c (sheet->csv, sheet->separator);
  if (denominator > 0)
    lys_csv_sheet_add_number (sheet, 100.0 * value / denominator, 1);
  g_string_append (sheet->csv, "\r\n");
}

/* Returns: (transfer full): the sheet's text */
char *
lys_csv_sheet_finish (LysCsvSheet *sheet)
{
  return g_string_free (g_steal_pointer (&sheet->csv), FALSE);
}
