/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_INDUCTION_PAGE (lys_induction_page_get_type ())

G_DECLARE_FINAL_TYPE (LysInductionPage, lys_induction_page, LYS, INDUCTION_PAGE, AdwBin)

G_END_DECLS
