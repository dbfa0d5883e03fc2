/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-infusion-part.h"

G_BEGIN_DECLS

#define LYS_TYPE_INFUSION_EVENTS (lys_infusion_events_get_type ())

G_DECLARE_FINAL_TYPE (LysInfusionEvents, lys_infusion_events, LYS, INFUSION_EVENTS, LysInfusionPart)

G_END_DECLS
