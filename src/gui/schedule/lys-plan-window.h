/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_PLAN_WINDOW (lys_plan_window_get_type ())

G_DECLARE_FINAL_TYPE (LysPlanWindow, lys_plan_window, LYS, PLAN_WINDOW, LysRecordWindow)

LysPlanWindow *lys_plan_window_new (GtkWindow  *parent,
                                    LysStore   *store,
                                    LysPatient *patient);

G_END_DECLS
