/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-national-id"

#include "config.h"

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-national-id.h"

static const guint k1_weights[10] = { 3, 7, 6, 1, 8, 9, 4, 5, 2, 1 };
static const guint k2_weights[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };

static guint
weighted_sum (const guint *digits,
              const guint *weights,
              guint        n)
{
  guint sum = 0;

  for (guint i = 0; i < n; i++)
    sum += digits[i] * weights[i];

  return sum;
}

/* 11 - (sum mod 11), where 11 becomes 0; returns 10 for "no valid digit". */
static guint
control_digit (guint sum)
{
  guint k = 11 - (sum % 11);

  return k == 11 ? 0 : k;
}

/* The century from the individual number, or 0 when the combination is not
 * allocated. */
static int
century_for (guint individual,
             guint yy)
{
  if (individual <= 499)
    return 1900;
  if (individual <= 749 && yy >= 54)
    return 1800;
  if (individual >= 500 && yy <= 39)
    return 2000;
  if (individual >= 900 && yy >= 40)
    return 1900;
  return 0;
}

gboolean
lys_national_id_parse (const char         *number,
                       const GDate        *today,
                       LysNationalIdInfo  *info,
                       GError            **error)
{
  guint d[LYS_NATIONAL_ID_LENGTH];
  guint day, month, yy, individual;
  int century;
  LysNationalIdKind kind = LYS_NATIONAL_ID_FNR;
  GDate now;

  g_return_val_if_fail (number != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (strlen (number) != LYS_NATIONAL_ID_LENGTH)
    return lys_refuse (error, LYS_ERROR_INVALID, _("An identity number has exactly 11 digits."));

  for (guint i = 0; i < LYS_NATIONAL_ID_LENGTH; i++)
    {
      if (!g_ascii_isdigit (number[i]))
        return lys_refuse (error, LYS_ERROR_INVALID,
                           _("An identity number has digits only; remove spaces and other characters."));
      d[i] = number[i] - '0';
    }

  /* K1 under the rule used until 2032 implies the relaxed rule (remainder 0),
   * so the relaxed rule alone decides; the flag tells which one applied. */
  {
    guint k1_old = control_digit (weighted_sum (d, k1_weights, 9));
    guint remainder = weighted_sum (d, k1_weights, 10) % 11;
    guint k2 = control_digit (weighted_sum (d, k2_weights, 10));

    if (remainder > 3)
      return lys_refuse (error, LYS_ERROR_INVALID,
                         _("The first check digit is wrong. Check the number for typing errors."));
    if (k2 == 10 || k2 != d[10])
      return lys_refuse (error, LYS_ERROR_INVALID,
                         _("The second check digit is wrong. Check the number for typing errors."));

    info->k1_2032_rule = (k1_old == 10 || k1_old != d[9]);
  }

  day = d[0] * 10 + d[1];
  month = d[2] * 10 + d[3];
  yy = d[4] * 10 + d[5];
  individual = d[6] * 100 + d[7] * 10 + d[8];

  if (day > 40)
    {
      kind = LYS_NATIONAL_ID_DNR;
      day -= 40;
    }
  else if (month > 40)
    {
      kind = LYS_NATIONAL_ID_HNR;
      month -= 40;
    }

  century = century_for (individual, yy);
  if (century == 0)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("The individual number (digits 7 to 9) does not match the year of birth."));

  if (month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy (day, month, century + yy))
    return lys_refuse (error, LYS_ERROR_INVALID, _("The birth date in the number is not a real date."));

  g_date_clear (&info->birth_date, 1);
  g_date_set_dmy (&info->birth_date, day, month, century + yy);

  if (today == NULL)
    {
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      today = &now;
    }
  if (g_date_compare (&info->birth_date, today) > 0)
    return lys_refuse (error, LYS_ERROR_INVALID, _("The birth date in the number is in the future."));

  info->kind = kind;
  info->individual = individual;

  return TRUE;
}

gboolean
lys_national_id_compose (const GDate       *birth_date,
                         guint              individual,
                         LysNationalIdKind  kind,
                         char               out[LYS_NATIONAL_ID_LENGTH + 1])
{
  guint d[LYS_NATIONAL_ID_LENGTH];
  guint day, month, year, k1, k2;

  g_return_val_if_fail (g_date_valid (birth_date), FALSE);
  g_return_val_if_fail (individual <= 999, FALSE);

  day = g_date_get_day (birth_date);
  month = g_date_get_month (birth_date);
  year = g_date_get_year (birth_date);

  if (century_for (individual, year % 100) != (int) (year - year % 100))
    return FALSE;

  if (kind == LYS_NATIONAL_ID_DNR)
    day += 40;
  else if (kind == LYS_NATIONAL_ID_HNR)
    month += 40;

  d[0] = day / 10; d[1] = day % 10;
  d[2] = month / 10; d[3] = month % 10;
  d[4] = (year % 100) / 10; d[5] = year % 10;
  d[6] = individual / 100; d[7] = (individual / 10) % 10; d[8] = individual % 10;

  k1 = control_digit (weighted_sum (d, k1_weights, 9));
  if (k1 == 10)
    return FALSE;
  d[9] = k1;

  k2 = control_digit (weighted_sum (d, k2_weights, 10));
  if (k2 == 10)
    return FALSE;
  d[10] = k2;

  for (guint i = 0; i < LYS_NATIONAL_ID_LENGTH; i++)
    out[i] = '0' + d[i];
  out[LYS_NATIONAL_ID_LENGTH] = '\0';

  return TRUE;
}

const char *
lys_national_id_kind_to_nick (LysNationalIdKind kind)
{
  switch (kind)
    {
    case LYS_NATIONAL_ID_FNR: return "fnr";
    case LYS_NATIONAL_ID_DNR: return "dnr";
    case LYS_NATIONAL_ID_HNR: return "hnr";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
lys_national_id_kind_get_oid (LysNationalIdKind kind)
{
  switch (kind)
    {
    case LYS_NATIONAL_ID_FNR: return "urn:oid:2.16.578.1.12.4.1.4.1";
    case LYS_NATIONAL_ID_DNR: return "urn:oid:2.16.578.1.12.4.1.4.2";
    /* H-numbers are assigned locally and have no national system */
    case LYS_NATIONAL_ID_HNR: return NULL;
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * lys_national_id_clean:
 * @text: a number as typed or exported, e.g. "150466 00344"
 *
 * Spreadsheets and people write the number in groups; the check wants the
 * digits alone.
 *
 * Returns: (transfer full): @text without spaces and dots
 */
char *
lys_national_id_clean (const char *text)
{
  GString *number;

  g_return_val_if_fail (text != NULL, NULL);

  /* Spaces of any kind (Norwegian Excel groups digits with a no-break
   * space) and dots between the digits */
  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  number = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != '.' && c != 0x202f)
        g_string_append_unichar (number, c);
    }

  return g_string_free (number, FALSE);
}
