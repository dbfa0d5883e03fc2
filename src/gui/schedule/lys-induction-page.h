/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_INDUCTION_PAGE (lys_induction_page_get_type ())

G_DECLARE_FINAL_TYPE (LysInductionPage, lys_induction_page, LYS, INDUCTION_PAGE, AdwBin)

void lys_induction_page_set_store   (LysInductionPage *self,
                                     LysStore         *store);
void lys_induction_page_set_patient (LysInductionPage *self,
                                     LysPatient       *patient);

G_END_DECLS
