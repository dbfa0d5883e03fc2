/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_RATING_WINDOW (lys_rating_window_get_type ())

G_DECLARE_FINAL_TYPE (LysRatingWindow, lys_rating_window, LYS, RATING_WINDOW, LysRecordWindow)

LysRatingWindow *lys_rating_window_new_for_patient  (GtkWindow         *parent,
                                                     LysStore          *store,
                                                     gint64             patient_id,
                                                     LysScale           scale,
                                                     LysFollowUpPoint   point);
LysRatingWindow *lys_rating_window_new_for_infusion (GtkWindow         *parent,
                                                     LysStore          *store,
                                                     const LysInfusion *infusion);

G_END_DECLS
