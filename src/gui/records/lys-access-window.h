/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_ACCESS_WINDOW (lys_access_window_get_type ())

G_DECLARE_FINAL_TYPE (LysAccessWindow, lys_access_window, LYS, ACCESS_WINDOW, AdwWindow)

LysAccessWindow *lys_access_window_new (GtkWindow   *parent,
                                        LysStore    *store,
                                        LysPatient  *patient,
                                        GError     **error);

G_END_DECLS
