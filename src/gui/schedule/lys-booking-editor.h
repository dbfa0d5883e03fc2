/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_BOOKING_EDITOR (lys_booking_editor_get_type ())

G_DECLARE_FINAL_TYPE (LysBookingEditor, lys_booking_editor, LYS, BOOKING_EDITOR, LysRecordWindow)

LysBookingEditor *lys_booking_editor_new (GtkWindow *parent,
                                          LysStore  *store,
                                          GDateTime *day);

G_END_DECLS
