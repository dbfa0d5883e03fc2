/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_CADSS_WINDOW (lys_cadss_window_get_type ())

G_DECLARE_FINAL_TYPE (LysCadssWindow, lys_cadss_window, LYS, CADSS_WINDOW, AdwWindow)

LysCadssWindow *lys_cadss_window_new (GtkWindow         *parent,
                                      LysStore          *store,
                                      const LysInfusion *infusion);

G_END_DECLS
