/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-diagnosis.h"
#include "lys-error.h"
#include "test-rules.h"

/* ICD-10 diagnosis codes (src/core/rules/lys-diagnosis.c) */

void
test_diagnosis (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = lys_diagnosis_normalize (" f332 ");
  g_autofree char *b = lys_diagnosis_normalize ("F33,1");

  g_assert_cmpstr (a, ==, "F33.2");
  g_assert_cmpstr (b, ==, "F33.1");
  g_assert_true (lys_diagnosis_check ("F32", LYS_INDICATION_TRD, &error));
  g_assert_true (lys_diagnosis_check ("F31.4", LYS_INDICATION_TRD, &error));
  g_assert_true (lys_diagnosis_is_bipolar ("F31.4"));
  g_assert_false (lys_diagnosis_is_bipolar ("F32.1"));
  g_assert_false (lys_diagnosis_is_bipolar ("F310"));
  g_assert_true (lys_diagnosis_check ("F43.1", LYS_INDICATION_PTSD, &error));
  g_assert_false (lys_diagnosis_check ("F43.1", LYS_INDICATION_TRD, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lys_diagnosis_check ("depression", LYS_INDICATION_OTHER, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
}
