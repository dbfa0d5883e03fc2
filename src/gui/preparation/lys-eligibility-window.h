/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_ELIGIBILITY_WINDOW (lys_eligibility_window_get_type ())

G_DECLARE_FINAL_TYPE (LysEligibilityWindow, lys_eligibility_window, LYS, ELIGIBILITY_WINDOW, LysRecordWindow)

LysEligibilityWindow *lys_eligibility_window_new (GtkWindow   *parent,
                                                  LysStore    *store,
                                                  LysPatient  *patient,
                                                  GError     **error);

G_END_DECLS
