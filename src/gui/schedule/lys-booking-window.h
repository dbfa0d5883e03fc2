/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-appointment.h"
#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_BOOKING_WINDOW (lys_booking_window_get_type ())

G_DECLARE_FINAL_TYPE (LysBookingWindow, lys_booking_window, LYS, BOOKING_WINDOW, LysRecordWindow)

LysBookingWindow *lys_booking_window_new (GtkWindow      *parent,
                                          LysStore       *store,
                                          LysAppointment *appointment);

G_END_DECLS
