/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_PATIENT_EDITOR (lys_patient_editor_get_type ())

G_DECLARE_FINAL_TYPE (LysPatientEditor, lys_patient_editor, LYS, PATIENT_EDITOR, LysRecordWindow)

LysPatientEditor *lys_patient_editor_new (GtkWindow  *parent,
                                          LysStore   *store,
                                          LysPatient *patient);

G_END_DECLS
