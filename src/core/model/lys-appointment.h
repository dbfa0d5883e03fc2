/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lys-domain.h"

G_BEGIN_DECLS

#define LYS_TYPE_APPOINTMENT (lys_appointment_get_type ())

G_DECLARE_FINAL_TYPE (LysAppointment, lys_appointment, LYS, APPOINTMENT, GObject)

gint64              lys_appointment_get_id          (LysAppointment *self);
LysAppointmentKind  lys_appointment_get_kind        (LysAppointment *self);
LysAppointmentState lys_appointment_get_state       (LysAppointment *self);
GDateTime          *lys_appointment_get_starts_at   (LysAppointment *self);
GDateTime          *lys_appointment_get_ends_at     (LysAppointment *self);
gint64              lys_appointment_get_room_id     (LysAppointment *self);
const char         *lys_appointment_get_room_name   (LysAppointment *self);
const char         *lys_appointment_get_patient_name (LysAppointment *self);
const char         *lys_appointment_get_staff_names (LysAppointment *self);
gboolean            lys_appointment_same            (gpointer        a,
                                                     gpointer        b,
                                                     gpointer        user_data);

G_END_DECLS
