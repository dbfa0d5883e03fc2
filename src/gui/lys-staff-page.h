/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_STAFF_PAGE (lys_staff_page_get_type ())

G_DECLARE_FINAL_TYPE (LysStaffPage, lys_staff_page, LYS, STAFF_PAGE, AdwPreferencesPage)

void lys_staff_page_set_store (LysStaffPage *self,
                               LysStore     *store);

G_END_DECLS
