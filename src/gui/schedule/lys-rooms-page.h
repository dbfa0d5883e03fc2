/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_ROOMS_PAGE (lys_rooms_page_get_type ())

G_DECLARE_FINAL_TYPE (LysRoomsPage, lys_rooms_page, LYS, ROOMS_PAGE, AdwPreferencesPage)

void lys_rooms_page_set_store (LysRoomsPage *self,
                               LysStore     *store);

G_END_DECLS
