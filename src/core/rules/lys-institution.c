/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-institution"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-institution.h"
#include "lys-text.h"

LysInstitution *
lys_institution_new (void)
{
  LysInstitution *institution = g_new0 (LysInstitution, 1);

  institution->kind = LYS_INSTITUTION_OTHER;
  return institution;
}

void
lys_institution_free (LysInstitution *institution)
{
  if (institution == NULL)
    return;
  g_free (institution->name);
  g_free (institution->organisation_number);
  g_free (institution->resh_id);
  g_free (institution);
}

static gboolean
all_digits (const char *text,
            gsize       min,
            gsize       max)
{
  gsize length = strlen (text);

  return length >= min && length <= max && strspn (text, "0123456789") == length;
}

/**
 * lys_organisation_number_is_valid:
 * @number: nine digits
 *
 * An organisation number's last digit is a check digit, modulus 11 with
 * the weights 3, 2, 7, 6, 5, 4, 3, 2; a remainder that would give 10 makes
 * no number.
 */
gboolean
lys_organisation_number_is_valid (const char *number)
{
  static const guint weights[LYS_ORGANISATION_NUMBER_LENGTH - 1] = { 3, 2, 7, 6, 5, 4, 3, 2 };
  guint sum = 0, check;

  if (number == NULL || !all_digits (number, LYS_ORGANISATION_NUMBER_LENGTH, LYS_ORGANISATION_NUMBER_LENGTH))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    sum += weights[i] * (guint) (number[i] - '0');
  check = 11 - sum % 11;
  if (check == 11)
    check = 0;
  return check != 10 && check == (guint) (number[LYS_ORGANISATION_NUMBER_LENGTH - 1] - '0');
}

/**
 * lys_institution_check:
 *
 * The name is needed; the numbers may wait, but a number given is checked.
 *
 * Returns: whether @institution can be stored, else @error says what to fix
 */
gboolean
lys_institution_check (const LysInstitution  *institution,
                       GError               **error)
{
  g_return_val_if_fail (institution != NULL, FALSE);

  if (lys_text_is_blank (institution->name))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Give the institution’s name, as the registry knows it."));
      return FALSE;
    }
  if ((guint) institution->kind >= LYS_N_INSTITUTION_KINDS)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID, _("Choose the kind of institution."));
      return FALSE;
    }
  if (institution->organisation_number != NULL && institution->organisation_number[0] != '\0' &&
      !lys_organisation_number_is_valid (institution->organisation_number))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The organisation number is not valid: it has nine digits, the last a check digit. "
                             "Copy it from the Central Coordinating Register (Brønnøysundregistrene)."));
      return FALSE;
    }
  if (institution->resh_id != NULL && institution->resh_id[0] != '\0' &&
      !all_digits (institution->resh_id, 1, LYS_RESH_ID_MAX_LENGTH))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The RESH id is a number of up to nine digits, as the RESH register gives it."));
      return FALSE;
    }
  return TRUE;
}

/* Public funding of ketamine treatment is for hospitals and DPS */
gboolean
lys_institution_is_publicly_funded (const LysInstitution *institution)
{
  return institution->kind == LYS_INSTITUTION_HOSPITAL || institution->kind == LYS_INSTITUTION_DPS;
}
