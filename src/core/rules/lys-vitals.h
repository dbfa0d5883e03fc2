/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lys-clinic-settings.h"
#include "lys-domain.h"

G_BEGIN_DECLS

/* Vital signs at an infusion (DOMAIN: Infusion): what is plausible, what
 * blocks the start, what raises an alert, and when the next reading is due. */

#define LYS_VITALS_DURING_MINUTES 10   /* between readings while the drug runs */
#define LYS_VITALS_AFTER_MINUTES 15    /* between readings after, until discharge */
#define LYS_VITALS_LATE_MINUTES 3      /* a reading this long after its due time is late */

typedef struct
{
  guint systolic;       /* mmHg */
  guint diastolic;
  guint heart_rate;     /* beats a minute */
  guint spo2;           /* % */
} LysVitals;

typedef struct
{
  guint start_systolic;     /* at or above: no start */
  guint start_diastolic;
  guint alert_systolic;     /* above: alert */
  guint alert_diastolic;
  guint spo2_alert;         /* below: alert */
} LysVitalsLimits;

typedef enum
{
  LYS_VITALS_ALERT_NONE = 0,
  LYS_VITALS_ALERT_SYSTOLIC = 1 << 0,
  LYS_VITALS_ALERT_DIASTOLIC = 1 << 1,
  LYS_VITALS_ALERT_SPO2 = 1 << 2,
} LysVitalsAlert;

void           lys_vitals_limits_from_settings (LysVitalsLimits       *limits,
                                                const double           settings[LYS_N_SETTINGS]);
gboolean       lys_vitals_check_plausible      (const LysVitals       *vitals,
                                                GError               **error);
gboolean       lys_vitals_blocks_start         (const LysVitalsLimits *limits,
                                                const LysVitals       *vitals);
char          *lys_vitals_describe_start_block (const LysVitalsLimits *limits,
                                                const LysVitals       *vitals);
LysVitalsAlert lys_vitals_get_alert            (const LysVitalsLimits *limits,
                                                const LysVitals       *vitals);
char          *lys_vitals_describe_alert       (const LysVitalsLimits *limits,
                                                const LysVitals       *vitals,
                                                LysVitalsAlert         alert);
char          *lys_vitals_format               (const LysVitals       *vitals);

/* The schedule; times are Unix seconds, 0 for "not yet" */
LysVitalsStage lys_vitals_stage_at             (gint64                 started,
                                                gint64                 ended,
                                                gint64                 taken);
gint64         lys_vitals_due_after            (gint64                 started,
                                                gint64                 ended,
                                                gint64                 previous);
gboolean       lys_vitals_is_late              (gint64                 due,
                                                gint64                 taken);

G_END_DECLS
