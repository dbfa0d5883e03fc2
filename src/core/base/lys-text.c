/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-text"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lys-i18n.h"

#include "lys-text.h"

/* Folds text for searching so that what a Norwegian user types on any keyboard
 * finds the name: case-insensitive, accents dropped, and the Norwegian letters
 * spelled as they are without them (æ → ae, ø → o, å → a). Apply the same fold
 * to the text and to the query. */
char *
lys_text_fold (const char *text)
{
  g_autofree char *lower = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  lower = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;

      switch (c)
        {
        case 0x00E6: /* æ */
          g_string_append (out, "ae");
          break;
        case 0x00F8: /* ø */
          g_string_append_c (out, 'o');
          break;
        case 0x00DF: /* ß */
          g_string_append (out, "ss");
          break;
        case '-':
          g_string_append_c (out, ' ');
          break;
        default:
          g_string_append_unichar (out, c);
        }
    }

  return g_string_free (out, FALSE);
}

/* Whether a word of @folded_text starts with the @length bytes at
 * @folded_word (which need not end there: a query is matched word by word
 * without copying its words out). */
gboolean
lys_text_has_word_prefix (const char *folded_text,
                          const char *folded_word,
                          gsize       length)
{
  g_return_val_if_fail (folded_text != NULL, FALSE);
  g_return_val_if_fail (folded_word != NULL, FALSE);

  for (const char *p = folded_text; *p != '\0'; p++)
    {
      if ((p == folded_text || p[-1] == ' ') && strncmp (p, folded_word, length) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * lys_text_is_blank:
 *
 * Whether @text is missing or only white space.
 */
gboolean
lys_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

/**
 * lys_text_parse_decimal:
 * @value: (out): the number
 *
 * Reads a decimal number as a clinician types it: "2", "2.5" or the
 * Norwegian "2,5", with spaces around it.
 *
 * Returns: whether @text is such a number, and nothing else
 */
gboolean
lys_text_parse_decimal (const char *text,
                        double     *value)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double parsed;

  g_return_val_if_fail (value != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  g_strdelimit (copy, ",", '.');
  if (*copy == '\0' || strspn (copy, "0123456789.") != strlen (copy))
    return FALSE;
  parsed = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (parsed))
    return FALSE;
  *value = parsed;
  return TRUE;
}

/**
 * lys_text_is_plain:
 *
 * Returns: whether @text holds no control character (a tab or line break
 *   either) and no invisible mark that turns the direction of what follows
 *   (U+202A–U+202E, U+2066–U+2069): text that shows what it says
 */
gboolean
lys_text_is_plain (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        return FALSE;
    }
  return TRUE;
}

/**
 * lys_text_dup_printable:
 *
 * Returns: (transfer full): @text to show in a message or on a terminal:
 *   a control character or a direction mark as U+FFFD, invalid UTF-8
 *   made valid, and at most 60 characters
 */
char *
lys_text_dup_printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *shown = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0' && n < 60; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        c = 0xfffd;
      g_string_append_unichar (shown, c);
    }
  if (g_utf8_strlen (valid, -1) > 60)
    g_string_append (shown, "…");
  return g_string_free (shown, FALSE);
}

/**
 * lys_text_format_number:
 * @value: a number
 * @digits: how many decimals
 *
 * Writes @value as the language of the messages writes numbers, whatever
 * locales the machine has: "45,5" and "40 698" in Norwegian, "45.5" and
 * "40,698" in English. Digits are grouped by three from 10,000 on.
 *
 * Returns: (transfer full): the number
 */
char *
lys_text_format_number (double value,
                        guint  digits)
{
  /* Translators: the decimal separator of your language ("," in Norwegian) */
  const char *decimal = C_("decimal separator", ".");
  /* Translators: the separator between groups of three digits (a no-break
   * space, U+00A0, in Norwegian) */
  const char *group = C_("digit group separator", ",");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  g_autoptr(GString) out = g_string_new (NULL);
  const char *number, *point;
  gsize integer_digits;

  g_snprintf (format, sizeof format, "%%.%uf", MIN (digits, 9u));
  number = g_ascii_formatd (buf, sizeof buf, format, value);
  if (*number == '-')
    {
      g_string_append_c (out, '-');
      number++;
    }
  point = strchr (number, '.');
  integer_digits = point != NULL ? (gsize) (point - number) : strlen (number);
  for (gsize i = 0; i < integer_digits; i++)
    {
      if (integer_digits >= 5 && i > 0 && (integer_digits - i) % 3 == 0)
        g_string_append (out, group);
      g_string_append_c (out, number[i]);
    }
  if (point != NULL)
    {
      g_string_append (out, decimal);
      g_string_append (out, point + 1);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * lys_text_format_amount:
 *
 * A quantity as lys_text_format_number() writes it, with the decimals it
 * has, up to two: "10", "0,5", "12,25" in Norwegian.
 *
 * Returns: (transfer full): the number
 */
char *
lys_text_format_amount (double value)
{
  double rounded = round (value * 100) / 100;

  if (fabs (rounded - round (rounded)) < 1e-9)
    return lys_text_format_number (rounded, 0);
  if (fabs (rounded * 10 - round (rounded * 10)) < 1e-9)
    return lys_text_format_number (rounded, 1);
  return lys_text_format_number (rounded, 2);
}

/**
 * lys_text_dup_initials:
 *
 * "Åse Marie" "Aabø" -> "ÅA": enough for staff to know whom, nothing more.
 *
 * Returns: (transfer full): the first letter of each name, upper case
 */
char *
lys_text_dup_initials (const char *given,
                       const char *family)
{
  GString *out = g_string_new (NULL);
  const char *names[] = { given, family };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i] != NULL && *names[i] != '\0')
      g_string_append_unichar (out, g_unichar_toupper (g_utf8_get_char (names[i])));

  return g_string_free (out, FALSE);
}
