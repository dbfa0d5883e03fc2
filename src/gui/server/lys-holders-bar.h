/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_HOLDERS_BAR (lys_holders_bar_get_type ())

G_DECLARE_FINAL_TYPE (LysHoldersBar, lys_holders_bar, LYS, HOLDERS_BAR, GtkWidget)

void lys_holders_bar_watch (LysHoldersBar *self,
                            LysStore      *store,
                            LysHeld        kind,
                            gint64         id);

G_END_DECLS
