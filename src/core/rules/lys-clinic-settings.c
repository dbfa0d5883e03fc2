/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-clinic-settings"

#include "config.h"

#include <math.h>
#include "lys-i18n.h"

#include "lys-clinic-settings.h"
#include "lys-error.h"

static const LysSettingSpec specs[LYS_N_SETTINGS] = {
  [LYS_SETTING_INFUSION_MINUTES] = { "infusion-minutes", 40, 20, 180, 5, 0 },
  [LYS_SETTING_OBSERVATION_MINUTES] = { "observation-minutes", 60, 30, 240, 5, 0 },
  [LYS_SETTING_TURNOVER_MINUTES] = { "turnover-minutes", 15, 0, 120, 5, 0 },
  [LYS_SETTING_DOSE_DEFAULT] = { "dose-default", 0.5, 0.2, 0.75, 0.05, 2 },
  [LYS_SETTING_DOSE_MIN] = { "dose-minimum", 0.2, 0.2, 0.75, 0.05, 2 },
  [LYS_SETTING_DOSE_MAX] = { "dose-maximum", 0.75, 0.2, 0.75, 0.05, 2 },
  [LYS_SETTING_BP_START_SYSTOLIC] = { "bp-start-systolic", 140, 100, 200, 1, 0 },
  [LYS_SETTING_BP_START_DIASTOLIC] = { "bp-start-diastolic", 90, 60, 130, 1, 0 },
  [LYS_SETTING_BP_ALERT_SYSTOLIC] = { "bp-alert-systolic", 180, 120, 250, 1, 0 },
  [LYS_SETTING_BP_ALERT_DIASTOLIC] = { "bp-alert-diastolic", 100, 70, 150, 1, 0 },
  [LYS_SETTING_SPO2_ALERT] = { "spo2-alert", 92, 80, 99, 1, 0 },
  [LYS_SETTING_COURSE_INFUSIONS] = { "course-infusions", 6, 1, 12, 1, 0 },
  [LYS_SETTING_COURSE_MIN_HOURS] = { "course-minimum-hours", 48, 24, 168, 1, 0 },
  [LYS_SETTING_COURSE_MAX_PER_WEEK] = { "course-maximum-per-week", 3, 1, 5, 1, 0 },
  [LYS_SETTING_COURSE_DAYS] = { "course-days", 21, 7, 60, 1, 0 },
  [LYS_SETTING_COURSE_COUNT_SHARE] = { "course-count-share", 100, 1, 100, 5, 0 },
  [LYS_SETTING_CONSUMABLES_NOK] = { "consumables-nok-per-session", 306, 0, 10000, 1, 0 },
  [LYS_SETTING_DRUG_COUNT_DAYS] = { "drug-count-days", 31, 7, 92, 1, 0 },
};

static const char *labels[LYS_N_SETTINGS] = {
  [LYS_SETTING_INFUSION_MINUTES] = N_("Infusion duration"),
  [LYS_SETTING_OBSERVATION_MINUTES] = N_("Observation after infusion"),
  [LYS_SETTING_TURNOVER_MINUTES] = N_("Room turnover"),
  [LYS_SETTING_DOSE_DEFAULT] = N_("Default dose rate"),
  [LYS_SETTING_DOSE_MIN] = N_("Lowest allowed dose rate"),
  [LYS_SETTING_DOSE_MAX] = N_("Highest allowed dose rate"),
  [LYS_SETTING_BP_START_SYSTOLIC] = N_("Systolic limit for starting"),
  [LYS_SETTING_BP_START_DIASTOLIC] = N_("Diastolic limit for starting"),
  [LYS_SETTING_BP_ALERT_SYSTOLIC] = N_("Systolic alert limit"),
  [LYS_SETTING_BP_ALERT_DIASTOLIC] = N_("Diastolic alert limit"),
  [LYS_SETTING_SPO2_ALERT] = N_("Oxygen saturation alert limit"),
  [LYS_SETTING_COURSE_INFUSIONS] = N_("Infusions in an induction course"),
  [LYS_SETTING_COURSE_MIN_HOURS] = N_("Time between infusions"),
  [LYS_SETTING_COURSE_MAX_PER_WEEK] = N_("Infusions per calendar week"),
  [LYS_SETTING_COURSE_DAYS] = N_("Length of an induction course"),
  [LYS_SETTING_COURSE_COUNT_SHARE] = N_("Dose that makes a stopped infusion count"),
  [LYS_SETTING_CONSUMABLES_NOK] = N_("Consumables per infusion"),
  [LYS_SETTING_DRUG_COUNT_DAYS] = N_("Counts of the ketamine cabinet"),
};

/**
 * lys_setting_is_clinical:
 *
 * Returns: whether @setting bears on the treatment (dose, vital limits,
 *   course rules): those are a physician's or the clinic lead's to change
 */
gboolean
lys_setting_is_clinical (LysSetting setting)
{
  g_return_val_if_fail ((guint) setting < LYS_N_SETTINGS, FALSE);

  return setting != LYS_SETTING_CONSUMABLES_NOK;
}

/**
 * lys_setting_get_effect:
 *
 * Returns: what a change of @setting changes, and for whom
 */
const char *
lys_setting_get_effect (LysSetting setting)
{
  g_return_val_if_fail ((guint) setting < LYS_N_SETTINGS, NULL);

  if (setting <= LYS_SETTING_TURNOVER_MINUTES)
    return _("Every infusion booked or prepared from now on takes the new time. Bookings already made keep theirs.");
  if (setting <= LYS_SETTING_DOSE_MAX)
    return _("Every infusion not yet started takes the new value, for every patient. Infusions under way keep the dose they started with.");
  if (setting <= LYS_SETTING_SPO2_ALERT)
    return _("Every reading from now on is judged by the new limit, for every patient, also during infusions under way.");
  if (setting == LYS_SETTING_DRUG_COUNT_DAYS)
    return _("The ketamine record asks for a count once the last is older than this.");
  if (setting != LYS_SETTING_CONSUMABLES_NOK)
    return _("Every course is planned and checked by the new rule from now on, for every patient. Infusions already booked stay as they are.");
  return _("The clinic report counts with the new cost from now on.");
}

const LysSettingSpec *
lys_setting_get_spec (LysSetting setting)
{
  g_return_val_if_fail ((guint) setting < LYS_N_SETTINGS, NULL);

  return &specs[setting];
}

const char *
lys_setting_get_label (LysSetting setting)
{
  g_return_val_if_fail ((guint) setting < LYS_N_SETTINGS, NULL);

  return _(labels[setting]);
}

gboolean
lys_setting_from_key (const char *key,
                      LysSetting *setting)
{
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < LYS_N_SETTINGS; i++)
    {
      if (g_str_equal (specs[i].key, key))
        {
          *setting = (LysSetting) i;
          return TRUE;
        }
    }

  return FALSE;
}

void
lys_settings_init_defaults (double values[LYS_N_SETTINGS])
{
  for (guint i = 0; i < LYS_N_SETTINGS; i++)
    values[i] = specs[i].default_value;
}

gboolean
lys_settings_validate (const double   values[LYS_N_SETTINGS],
                       GError       **error)
{
  for (guint i = 0; i < LYS_N_SETTINGS; i++)
    {
      /* Compare at the precision the setting is stored with, so that 0.75
       * entered in a spin button is not refused for being 0.7500000001. */
      double scale = pow (10, specs[i].digits);
      double value = round (values[i] * scale) / scale;

      if (!isfinite (values[i]) || value < specs[i].minimum || value > specs[i].maximum)
        {
          g_autofree char *low = g_strdup_printf ("%.*f", specs[i].digits, specs[i].minimum);
          g_autofree char *high = g_strdup_printf ("%.*f", specs[i].digits, specs[i].maximum);

          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       /* Translators: "Room turnover must be between 0 and 120." */
                       _("%s must be between %s and %s."),
                       _(labels[i]), low, high);
          return FALSE;
        }
    }

  if (values[LYS_SETTING_DOSE_MIN] > values[LYS_SETTING_DOSE_MAX])
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("The lowest allowed dose rate cannot be above the highest. Lower it first, or raise the highest."));

  if (values[LYS_SETTING_DOSE_DEFAULT] < values[LYS_SETTING_DOSE_MIN] ||
      values[LYS_SETTING_DOSE_DEFAULT] > values[LYS_SETTING_DOSE_MAX])
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("The default dose rate must lie within the allowed dose range. Change the range first."));

  if (values[LYS_SETTING_BP_START_DIASTOLIC] >= values[LYS_SETTING_BP_START_SYSTOLIC])
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("The diastolic limit for starting must be below the systolic limit."));

  if (values[LYS_SETTING_BP_ALERT_DIASTOLIC] >= values[LYS_SETTING_BP_ALERT_SYSTOLIC])
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("The diastolic alert limit must be below the systolic alert limit."));

  if (values[LYS_SETTING_BP_START_SYSTOLIC] >= values[LYS_SETTING_BP_ALERT_SYSTOLIC] ||
      values[LYS_SETTING_BP_START_DIASTOLIC] >= values[LYS_SETTING_BP_ALERT_DIASTOLIC])
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("The limits for starting an infusion must be below the alert limits."));

  return TRUE;
}
