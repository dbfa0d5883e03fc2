/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-appointment.h"

G_BEGIN_DECLS

#define LYS_TYPE_APPOINTMENT_ROW (lys_appointment_row_get_type ())

G_DECLARE_FINAL_TYPE (LysAppointmentRow, lys_appointment_row, LYS, APPOINTMENT_ROW, AdwActionRow)

LysAppointmentRow *lys_appointment_row_new (LysAppointment *appointment,
                                            const char     *title,
                                            gboolean        show_day);

LysAppointment    *lys_appointment_row_get_appointment (LysAppointmentRow *self);
void               lys_appointment_row_set_note (LysAppointmentRow *self,
                                                 const char        *note);
void               lys_appointment_row_set_stopped (LysAppointmentRow *self);

G_END_DECLS
