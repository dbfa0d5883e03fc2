/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lys-patient.h"

G_BEGIN_DECLS

#define LYS_TYPE_PATIENT_ROW (lys_patient_row_get_type ())

G_DECLARE_FINAL_TYPE (LysPatientRow, lys_patient_row, LYS, PATIENT_ROW, GtkBox)

LysPatientRow *lys_patient_row_new         (void);
void           lys_patient_row_set_patient (LysPatientRow *self,
                                            LysPatient    *patient);

G_END_DECLS
