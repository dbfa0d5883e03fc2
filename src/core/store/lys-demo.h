/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-store.h"

G_BEGIN_DECLS

/* The demo clinic's size when none is asked for */
#define LYS_DEMO_PATIENTS 40
#define LYS_DEMO_HISTORY_YEARS 1
/* The history that comes with an explicit patient count (benchmarks) */
#define LYS_DEMO_LONG_HISTORY_YEARS 10

gboolean lys_demo_seed (LysStore   *store,
                        guint       n_patients,
                        guint       history_years,
                        GDateTime  *now,
                        GError    **error);

G_END_DECLS
