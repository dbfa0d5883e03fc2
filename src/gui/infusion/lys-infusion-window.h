/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_INFUSION_WINDOW (lys_infusion_window_get_type ())

G_DECLARE_FINAL_TYPE (LysInfusionWindow, lys_infusion_window, LYS, INFUSION_WINDOW, LysRecordWindow)

LysInfusionWindow *lys_infusion_window_present   (GtkWindow  *parent,
                                                  LysStore   *store,
                                                  gint64      infusion_id);

G_END_DECLS
