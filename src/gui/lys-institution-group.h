/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_INSTITUTION_GROUP (lys_institution_group_get_type ())

G_DECLARE_FINAL_TYPE (LysInstitutionGroup, lys_institution_group, LYS, INSTITUTION_GROUP, AdwPreferencesGroup)

void lys_institution_group_set_store (LysInstitutionGroup *self,
                                      LysStore            *store);

G_END_DECLS
