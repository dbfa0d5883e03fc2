/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lys-clinic-settings.h"

G_BEGIN_DECLS

/* The ketamine dose of one infusion (DOMAIN: Infusion): the weight on the
 * day times the dose rate, infused evenly over the infusion's minutes. */

#define LYS_WEIGHT_MIN_KG 25.0
#define LYS_WEIGHT_MAX_KG 300.0

typedef struct
{
  double weight_kg;
  double mg_per_kg;
  guint  minutes;
  double total_mg;        /* to 0.1 mg, as a pump is set */
  double mg_per_minute;
} LysDose;

gboolean  lys_dose_check_weight  (double          weight_kg,
                                  GError        **error);
gboolean  lys_dose_check_rate    (double          mg_per_kg,
                                  const double    settings[LYS_N_SETTINGS],
                                  GError        **error);
gboolean  lys_dose_check_minutes (guint           minutes,
                                  GError        **error);
gboolean  lys_dose_compute       (double          weight_kg,
                                  double          mg_per_kg,
                                  guint           minutes,
                                  const double    settings[LYS_N_SETTINGS],
                                  LysDose        *dose,
                                  GError        **error);
char     *lys_dose_format_total  (double          total_mg);
char     *lys_dose_format_rate   (double          mg_per_minute);

G_END_DECLS
