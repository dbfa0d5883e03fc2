/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_SCHEDULE_PAGE (lys_schedule_page_get_type ())

G_DECLARE_FINAL_TYPE (LysSchedulePage, lys_schedule_page, LYS, SCHEDULE_PAGE, AdwBin)

void lys_schedule_page_set_store (LysSchedulePage *self,
                                  LysStore        *store);
void lys_schedule_page_show_day  (LysSchedulePage *self,
                                  GDateTime       *day);
GListModel *lys_schedule_page_get_bookings (LysSchedulePage *self);

G_END_DECLS
