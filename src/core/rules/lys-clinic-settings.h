/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Clinic settings: the limits and durations DOMAIN rules take as defaults.
 * They live in the database (settings table) so that every workstation of a
 * clinic shares them; these are the definitions and the rules that tie them
 * together, testable without a database. */

typedef enum
{
  LYS_SETTING_INFUSION_MINUTES,
  LYS_SETTING_OBSERVATION_MINUTES,
  LYS_SETTING_TURNOVER_MINUTES,
  LYS_SETTING_DOSE_DEFAULT,
  LYS_SETTING_DOSE_MIN,
  LYS_SETTING_DOSE_MAX,
  LYS_SETTING_BP_START_SYSTOLIC,
  LYS_SETTING_BP_START_DIASTOLIC,
  LYS_SETTING_BP_ALERT_SYSTOLIC,
  LYS_SETTING_BP_ALERT_DIASTOLIC,
  LYS_SETTING_SPO2_ALERT,
  LYS_SETTING_COURSE_INFUSIONS,
  LYS_SETTING_COURSE_MIN_HOURS,
  LYS_SETTING_COURSE_MAX_PER_WEEK,
  LYS_SETTING_COURSE_DAYS,
  LYS_SETTING_COURSE_COUNT_SHARE,
  LYS_SETTING_CONSUMABLES_NOK,
  LYS_SETTING_DRUG_COUNT_DAYS,
  LYS_N_SETTINGS
} LysSetting;

typedef struct
{
  const char *key;           /* column value in the settings table */
  double      default_value;
  double      minimum;
  double      maximum;
  double      step;
  guint       digits;        /* decimals shown and stored */
} LysSettingSpec;

const LysSettingSpec *lys_setting_get_spec    (LysSetting     setting);
gboolean              lys_setting_from_key    (const char    *key,
                                               LysSetting    *setting);
const char           *lys_setting_get_label   (LysSetting     setting);
gboolean              lys_setting_is_clinical (LysSetting     setting);
const char           *lys_setting_get_effect  (LysSetting     setting);
void                  lys_settings_init_defaults (double      values[LYS_N_SETTINGS]);
gboolean              lys_settings_validate   (const double   values[LYS_N_SETTINGS],
                                               GError       **error);

G_END_DECLS
