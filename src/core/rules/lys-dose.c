/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-dose"

#include "config.h"

#include <math.h>
#include "lys-i18n.h"

#include "lys-dose.h"
#include "lys-text.h"
#include "lys-error.h"

/* Dose rates are set to two decimals: compare at that precision, so that
 * 0.75 from a spin button is not refused for being 0.7500000001 */
static double
round_to (double value,
          guint  digits)
{
  double scale = pow (10, digits);

  return round (value * scale) / scale;
}

gboolean
lys_dose_check_weight (double   weight_kg,
                       GError **error)
{
  if (!isfinite (weight_kg) || weight_kg < LYS_WEIGHT_MIN_KG || weight_kg > LYS_WEIGHT_MAX_KG)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: the weight limits are numbers of kilograms */
                   _("Enter the patient’s weight today in kilograms, between %.0f and %.0f."),
                   LYS_WEIGHT_MIN_KG, LYS_WEIGHT_MAX_KG);
      return FALSE;
    }

  return TRUE;
}

gboolean
lys_dose_check_rate (double        mg_per_kg,
                     const double  settings[LYS_N_SETTINGS],
                     GError      **error)
{
  double rate = round_to (mg_per_kg, 2);
  double low = settings[LYS_SETTING_DOSE_MIN];
  double high = settings[LYS_SETTING_DOSE_MAX];

  if (!isfinite (mg_per_kg) || rate < round_to (low, 2) || rate > round_to (high, 2))
    {
      g_autofree char *given = lys_text_format_number (isfinite (mg_per_kg) ? mg_per_kg : 0.0, 2);
      g_autofree char *lowest = lys_text_format_number (low, 2);
      g_autofree char *highest = lys_text_format_number (high, 2);

      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: "A dose rate of 0.80 mg/kg is outside the allowed range, 0.20 to 0.75 mg/kg."; the numbers come written */
                   _("A dose rate of %1$s mg/kg is outside the allowed range, %2$s to %3$s mg/kg. "
                     "Check the rate; the range is a clinic setting."),
                   given, lowest, highest);
      return FALSE;
    }

  return TRUE;
}

gboolean
lys_dose_check_minutes (guint    minutes,
                        GError **error)
{
  const LysSettingSpec *spec = lys_setting_get_spec (LYS_SETTING_INFUSION_MINUTES);

  if (minutes < spec->minimum || minutes > spec->maximum)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("An infusion lasts from %.0f to %.0f minutes."), spec->minimum, spec->maximum);
      return FALSE;
    }

  return TRUE;
}

/**
 * lys_dose_compute:
 * @dose: (out caller-allocates): the dose, when every number is allowed
 *
 * 80 kg at 0.5 mg/kg over 40 minutes is 40 mg at 1.0 mg/min.
 */
gboolean
lys_dose_compute (double        weight_kg,
                  double        mg_per_kg,
                  guint         minutes,
                  const double  settings[LYS_N_SETTINGS],
                  LysDose      *dose,
                  GError      **error)
{
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (dose != NULL, FALSE);

  if (!lys_dose_check_weight (weight_kg, error) ||
      !lys_dose_check_rate (mg_per_kg, settings, error) ||
      !lys_dose_check_minutes (minutes, error))
    return FALSE;

  dose->weight_kg = round_to (weight_kg, 1);
  dose->mg_per_kg = round_to (mg_per_kg, 2);
  dose->minutes = minutes;
  dose->total_mg = round_to (dose->weight_kg * dose->mg_per_kg, 1);
  dose->mg_per_minute = round_to (dose->total_mg / minutes, 3);
  return TRUE;
}

/* "40 mg", "37.5 mg" ("37,5 mg" in Norwegian): no decimal where there is none */
char *
lys_dose_format_total (double total_mg)
{
  double rounded = round_to (total_mg, 1);
  g_autofree char *number = lys_text_format_number (rounded, rounded == round (rounded) ? 0 : 1);

  /* Translators: a dose in milligrams; %s is the number, written */
  return g_strdup_printf (_("%s mg"), number);
}

/* "1.0 mg/min", "0.875 mg/min": at least one decimal, at most three */
char *
lys_dose_format_rate (double mg_per_minute)
{
  double rounded = round_to (mg_per_minute, 3);
  int digits = 3;
  g_autofree char *number = NULL;

  while (digits > 1 && round_to (rounded, digits - 1) == rounded)
    digits--;
  number = lys_text_format_number (rounded, digits);
  /* Translators: an infusion rate in milligrams a minute; %s is the number, written */
  return g_strdup_printf (_("%s mg/min"), number);
}
