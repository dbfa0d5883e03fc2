/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-infusion-part.h"

G_BEGIN_DECLS

#define LYS_TYPE_INFUSION_DOSE (lys_infusion_dose_get_type ())

G_DECLARE_FINAL_TYPE (LysInfusionDose, lys_infusion_dose, LYS, INFUSION_DOSE, LysInfusionPart)

GtkWidget *lys_infusion_dose_get_first_field (LysInfusionDose *self);

G_END_DECLS
