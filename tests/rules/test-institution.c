/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "lys-error.h"
#include "lys-institution.h"
#include "test-rules.h"

/* The institution a clinic belongs to: its organisation number (modulus
 * 11) and RESH id (src/core/rules/lys-institution.c) */

void
test_organisation_numbers (void)
{
  /* Real numbers from the Central Coordinating Register */
  static const char *valid[] = { "974760673", "923609016", "983974724", "999999999" };
  static const char *invalid[] = { "974760674", "923609015", "97476067", "9747606733", "97476067a", "", " 974760673" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (lys_organisation_number_is_valid (valid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (lys_organisation_number_is_valid (invalid[i]));
  g_assert_false (lys_organisation_number_is_valid (NULL));

  /* 4·3 leaves 1 over 11: the check digit would be 10, so no number
   * starting 40000000 exists */
  for (char last = '0'; last <= '9'; last++)
    {
      char number[] = "40000000x";

      number[8] = last;
      g_assert_false (lys_organisation_number_is_valid (number));
    }
  /* A remainder of 0 makes the check digit 0 */
  g_assert_true (lys_organisation_number_is_valid ("000000000"));
  g_assert_false (lys_organisation_number_is_valid ("000000001"));
}

void
test_institution_check (void)
{
  g_autoptr(LysInstitution) institution = lys_institution_new ();
  g_autoptr(GError) error = NULL;

  /* Nothing but "other" until the clinic says */
  g_assert_cmpint (institution->kind, ==, LYS_INSTITUTION_OTHER);
  g_assert_false (lys_institution_is_publicly_funded (institution));
  g_assert_false (lys_institution_check (institution, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  institution->name = g_strdup ("Fjordklinikken DPS");
  g_assert_true (lys_institution_check (institution, &error));
  g_assert_no_error (error);

  institution->kind = LYS_INSTITUTION_DPS;
  g_assert_true (lys_institution_is_publicly_funded (institution));
  institution->kind = LYS_INSTITUTION_HOSPITAL;
  g_assert_true (lys_institution_is_publicly_funded (institution));

  institution->organisation_number = g_strdup ("974760674");
  g_assert_false (lys_institution_check (institution, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "organisation number"));
  g_clear_error (&error);
  g_free (institution->organisation_number);
  institution->organisation_number = g_strdup ("974760673");

  institution->resh_id = g_strdup ("40010311234");
  g_assert_false (lys_institution_check (institution, &error));
  g_assert_nonnull (strstr (error->message, "RESH"));
  g_clear_error (&error);
  g_free (institution->resh_id);
  institution->resh_id = g_strdup ("4001031");
  g_assert_true (lys_institution_check (institution, &error));

  institution->kind = LYS_N_INSTITUTION_KINDS;
  g_assert_false (lys_institution_check (institution, &error));
}
