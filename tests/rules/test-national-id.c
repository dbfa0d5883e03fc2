/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-error.h"
#include "lys-national-id.h"
#include "test-rules.h"

/* The day the numbers are checked on */
static const GDate *
today (void)
{
  static GDate day;

  if (!g_date_valid (&day))
    g_date_set_dmy (&day, 22, 11, 2026);
  return &day;
}

static void
assert_valid (const char        *number,
              LysNationalIdKind  kind,
              guint              day,
              guint              month,
              guint              year,
              gboolean           rule_2032)
{
  g_autoptr(GError) error = NULL;
  LysNationalIdInfo info;

  g_assert_true (lys_national_id_parse (number, today (), &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.kind, ==, kind);
  g_assert_cmpuint (g_date_get_day (&info.birth_date), ==, day);
  g_assert_cmpuint (g_date_get_month (&info.birth_date), ==, month);
  g_assert_cmpuint (g_date_get_year (&info.birth_date), ==, year);
  g_assert_cmpint (info.k1_2032_rule, ==, rule_2032);
}

static void
assert_invalid (const char *number,
                const char *reason)
{
  g_autoptr(GError) error = NULL;
  LysNationalIdInfo info;

  g_assert_false (lys_national_id_parse (number, today (), &info, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  if (reason != NULL)
    g_assert_nonnull (strstr (error->message, reason));
}

void
test_domain_examples (void)
{
  assert_valid ("15046600344", LYS_NATIONAL_ID_FNR, 15, 4, 1966, FALSE);
  assert_invalid ("15046600343", "second check digit");
  assert_valid ("01015012397", LYS_NATIONAL_ID_FNR, 1, 1, 1950, FALSE);
  /* valid only under the relaxed K1 rule of 2032, accepted as well */
  assert_valid ("01015012303", LYS_NATIONAL_ID_FNR, 1, 1, 1950, TRUE);
  assert_valid ("57019149104", LYS_NATIONAL_ID_DNR, 17, 1, 1991, FALSE);
}

void
test_format (void)
{
  g_autofree char *grouped = lys_national_id_clean ("150466 00344");
  g_autofree char *dotted = lys_national_id_clean ("15.04.66 003.44");

  g_autofree char *no_break = lys_national_id_clean ("150466\xc2\xa0" "00344");
  g_autofree char *narrow = lys_national_id_clean ("150466\xe2\x80\xaf" "00344");

  g_assert_cmpstr (grouped, ==, "15046600344");
  g_assert_cmpstr (dotted, ==, "15046600344");
  /* Norwegian Excel groups digits with no-break spaces */
  g_assert_cmpstr (no_break, ==, "15046600344");
  g_assert_cmpstr (narrow, ==, "15046600344");

  assert_invalid ("1504660034", "11 digits");
  assert_invalid ("150466003445", "11 digits");
  assert_invalid ("1504660034a", "digits only");
  assert_invalid ("15046 00344", "digits only");
  assert_invalid ("", "11 digits");
}

void
test_dates (void)
{
  char number[LYS_NATIONAL_ID_LENGTH + 1];
  GDate date;
  guint individual;

  /* 29 February exists in 2000, not in 1999 (whose number we compose by hand
   * with check digits so that only the date is wrong) */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 29, 2, 2000);
  for (individual = 500; !lys_national_id_compose (&date, individual, LYS_NATIONAL_ID_FNR, number); individual++)
    ;
  assert_valid (number, LYS_NATIONAL_ID_FNR, 29, 2, 2000, FALSE);

  /* A birth date after "today" is refused */
  g_date_set_dmy (&date, 1, 1, 2030);
  for (individual = 500; !lys_national_id_compose (&date, individual, LYS_NATIONAL_ID_FNR, number); individual++)
    ;
  assert_invalid (number, "future");
}

/* Every fødselsnummer of a day, with check digits computed: 29.02.1999 and
 * 31.04 are not real dates, whatever the check digits say. */
void
test_impossible_dates (void)
{
  static const char *dates[] = { "290299", "310490", "000190", "011390", "320190" };
  static const guint k1w[9] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
  static const guint k2w[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      guint found = 0;

      for (guint individual = 0; individual < 500 && found < 3; individual++)
        {
          char number[12];
          guint sum1 = 0, sum2 = 0, k1, k2;

          g_snprintf (number, sizeof number, "%s%03u00", dates[i], individual);
          for (guint d = 0; d < 9; d++)
            sum1 += (number[d] - '0') * k1w[d];
          k1 = (11 - sum1 % 11) % 11;
          if (k1 == 10)
            continue;
          number[9] = '0' + k1;
          for (guint d = 0; d < 10; d++)
            sum2 += (number[d] - '0') * k2w[d];
          k2 = (11 - sum2 % 11) % 11;
          if (k2 == 10)
            continue;
          number[10] = '0' + k2;

          assert_invalid (number, "not a real date");
          found++;
        }
      g_assert_cmpuint (found, ==, 3);
    }
}

void
test_centuries (void)
{
  static const struct { guint year; guint individual; gboolean ok; } cases[] = {
    { 1966, 3, TRUE }, { 1899, 600, TRUE }, { 2010, 500, TRUE }, { 2010, 999, TRUE },
    { 1975, 950, TRUE }, { 1945, 950, TRUE },
    /* 500-749 with 40-53 and 750-899 with 40-99 are not allocated */
    { 1945, 600, FALSE }, { 1980, 800, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char number[LYS_NATIONAL_ID_LENGTH + 1];
      GDate date;
      gboolean composed = FALSE;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 3, 6, cases[i].year);
      /* Try the individual number and the next ones in the same range until
       * the check digits work out */
      for (guint n = cases[i].individual; n < cases[i].individual + 40 && !composed; n++)
        composed = lys_national_id_compose (&date, n, LYS_NATIONAL_ID_FNR, number);

      g_assert_cmpint (composed, ==, cases[i].ok);
      if (composed)
        assert_valid (number, LYS_NATIONAL_ID_FNR, 3, 6, cases[i].year, FALSE);
    }
}

void
test_h_number (void)
{
  char number[LYS_NATIONAL_ID_LENGTH + 1];
  GDate date;
  guint n = 100;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 12, 3, 1982);
  while (!lys_national_id_compose (&date, n, LYS_NATIONAL_ID_HNR, number))
    n++;
  g_assert_cmpint (number[2], ==, '4');
  assert_valid (number, LYS_NATIONAL_ID_HNR, 12, 3, 1982, FALSE);
  g_assert_null (lys_national_id_kind_get_oid (LYS_NATIONAL_ID_HNR));
  g_assert_cmpstr (lys_national_id_kind_get_oid (LYS_NATIONAL_ID_FNR), ==, "urn:oid:2.16.578.1.12.4.1.4.1");
  g_assert_cmpstr (lys_national_id_kind_get_oid (LYS_NATIONAL_ID_DNR), ==, "urn:oid:2.16.578.1.12.4.1.4.2");
}

void
test_single_digit_errors (void)
{
  /* Changing any one digit of a valid number is caught */
  const char *valid = "15046600344";

  for (guint i = 0; i < 11; i++)
    for (char c = '0'; c <= '9'; c++)
      {
        char number[12];
        LysNationalIdInfo info;
        g_autoptr(GError) error = NULL;

        if (valid[i] == c)
          continue;
        memcpy (number, valid, 12);
        number[i] = c;
        /* Even where the relaxed K1 rule lets a change through, K2's weights
         * are all non-zero modulo 11, so it catches every single change. */
        g_assert_false (lys_national_id_parse (number, today (), &info, &error));
        g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
      }
}

/* Numbers made by the algorithm, for fødselsnumre, D- and H-numbers over
 * three centuries and leap days: each parses back to its date and kind, and
 * every one-digit change of it is refused unless the 2032 rule accepts it. */
void
test_generated (void)
{
  static const struct { guint day, month, year, individual; } births[] = {
    { 1, 1, 1855, 500 }, { 31, 12, 1899, 749 }, { 29, 2, 1904, 0 }, { 15, 4, 1966, 3 },
    { 28, 2, 1999, 499 }, { 29, 2, 2000, 500 }, { 17, 1, 1991, 910 }, { 29, 2, 2024, 999 },
    { 31, 10, 2012, 600 }, { 1, 11, 2026, 512 },
  };
  static const LysNationalIdKind kinds[] = { LYS_NATIONAL_ID_FNR, LYS_NATIONAL_ID_DNR, LYS_NATIONAL_ID_HNR };
  guint generated = 0, accepted_by_2032 = 0;

  for (guint b = 0; b < G_N_ELEMENTS (births); b++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      for (guint step = 0; step < 40; step++)
        {
          GDate birth;
          char number[LYS_NATIONAL_ID_LENGTH + 1];
          LysNationalIdInfo info;
          g_autoptr(GError) error = NULL;
          guint individual = births[b].individual;

          /* Individual numbers near the given one, within its century's range */
          individual = (individual / 100) * 100 + (individual % 100 + step) % 100;
          g_date_clear (&birth, 1);
          g_date_set_dmy (&birth, births[b].day, births[b].month, births[b].year);
          if (!lys_national_id_compose (&birth, individual, kinds[k], number))
            continue;   /* no valid control digits for this individual number */
          generated++;

          g_assert_true (lys_national_id_parse (number, today (), &info, &error));
          g_assert_no_error (error);
          g_assert_cmpint (info.kind, ==, kinds[k]);
          g_assert_cmpint (g_date_compare (&info.birth_date, &birth), ==, 0);
          g_assert_cmpuint (info.individual, ==, individual);

          for (guint i = 0; i < LYS_NATIONAL_ID_LENGTH; i++)
            for (char c = '0'; c <= '9'; c++)
              {
                char mutated[LYS_NATIONAL_ID_LENGTH + 1];
                LysNationalIdInfo mutated_info;

                if (number[i] == c)
                  continue;
                memcpy (mutated, number, sizeof mutated);
                mutated[i] = c;
                if (lys_national_id_parse (mutated, today (), &mutated_info, NULL))
                  {
                    g_assert_true (mutated_info.k1_2032_rule);
                    accepted_by_2032++;
                  }
              }
        }

  g_assert_cmpuint (generated, >, 500);
  g_test_message ("%u numbers generated; %u one-digit changes accepted under the 2032 rule",
                  generated, accepted_by_2032);
}
