/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-infusion-part.h"

G_BEGIN_DECLS

#define LYS_TYPE_DISCHARGE_PANEL (lys_discharge_panel_get_type ())

G_DECLARE_FINAL_TYPE (LysDischargePanel, lys_discharge_panel, LYS, DISCHARGE_PANEL, LysInfusionPart)

G_END_DECLS
