/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_FOLLOW_UP_PAGE (lys_follow_up_page_get_type ())

G_DECLARE_FINAL_TYPE (LysFollowUpPage, lys_follow_up_page, LYS, FOLLOW_UP_PAGE, AdwBin)

#define LYS_FOLLOW_UP_HORIZON_DAYS 30

void  lys_follow_up_page_set_store (LysFollowUpPage *self,
                                    LysStore        *store);
guint lys_follow_up_page_get_n_overdue (LysFollowUpPage *self);

G_END_DECLS
