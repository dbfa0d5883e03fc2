/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_PREPARATION_PAGE (lys_preparation_page_get_type ())

G_DECLARE_FINAL_TYPE (LysPreparationPage, lys_preparation_page, LYS, PREPARATION_PAGE, AdwBin)

gboolean lys_preparation_page_assign (LysPreparationPage  *self,
                                     gint64               staff_id,
                                     GError             **error);

G_END_DECLS
