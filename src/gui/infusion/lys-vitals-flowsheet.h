/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-infusion-part.h"

G_BEGIN_DECLS

#define LYS_TYPE_VITALS_FLOWSHEET (lys_vitals_flowsheet_get_type ())

G_DECLARE_FINAL_TYPE (LysVitalsFlowsheet, lys_vitals_flowsheet, LYS, VITALS_FLOWSHEET, LysInfusionPart)

gboolean lys_vitals_flowsheet_focus_reading (LysVitalsFlowsheet *self);

G_END_DECLS
