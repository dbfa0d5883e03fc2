/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lys-domain.h"
#include "lys-national-id.h"

G_BEGIN_DECLS

#define LYS_TYPE_PATIENT (lys_patient_get_type ())

G_DECLARE_FINAL_TYPE (LysPatient, lys_patient, LYS, PATIENT, GObject)

gint64      lys_patient_get_id           (LysPatient *self);
const char *lys_patient_get_national_id  (LysPatient *self);
const char *lys_patient_get_given_name   (LysPatient *self);
const char *lys_patient_get_family_name  (LysPatient *self);
const char *lys_patient_get_birth_date   (LysPatient *self);
const char *lys_patient_get_phase        (LysPatient *self);
const char *lys_patient_get_diagnosis    (LysPatient *self);
const char *lys_patient_get_referred_by  (LysPatient *self);
const char *lys_patient_get_phone        (LysPatient *self);
const char *lys_patient_get_email        (LysPatient *self);
const char *lys_patient_get_escort_name  (LysPatient *self);
const char *lys_patient_get_escort_phone (LysPatient *self);
const char *lys_patient_get_sex          (LysPatient *self);
LysIndication lys_patient_get_indication (LysPatient *self);
const char *lys_patient_get_indication_note (LysPatient *self);
int         lys_patient_get_funding     (LysPatient *self);
gboolean    lys_patient_get_registry_opt_out (LysPatient *self);
char       *lys_patient_dup_display_name (LysPatient *self);
gboolean    lys_patient_matches          (LysPatient *self,
                                          const char *folded_query);
gboolean    lys_patient_validate         (LysPatient         *self,
                                          const GDate        *today,
                                          LysNationalIdInfo  *info,
                                          GError            **error);
char       *lys_patient_fold_query       (const char *query);

G_END_DECLS
