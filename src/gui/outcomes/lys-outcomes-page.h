/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_OUTCOMES_PAGE (lys_outcomes_page_get_type ())

G_DECLARE_FINAL_TYPE (LysOutcomesPage, lys_outcomes_page, LYS, OUTCOMES_PAGE, AdwBin)

GtkWindow *lys_outcomes_page_rate        (LysOutcomesPage  *self,
                                          LysScale          scale,
                                          LysFollowUpPoint  point);
gboolean   lys_outcomes_page_open_in_emergency (LysOutcomesPage *self,
                                          const char       *reason,
                                          GError          **error);
gboolean   lys_outcomes_page_export_chart (LysOutcomesPage *self,
                                          GFile            *file,
                                          GError          **error);

G_END_DECLS
