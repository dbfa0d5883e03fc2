/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_CONSENT_ROW (lys_consent_row_get_type ())

G_DECLARE_FINAL_TYPE (LysConsentRow, lys_consent_row, LYS, CONSENT_ROW, AdwActionRow)

GtkImage *lys_consent_row_get_icon (LysConsentRow *self);
void      lys_consent_row_update   (LysConsentRow *self,
                                    LysStore      *store,
                                    LysPatient    *patient,
                                    gboolean       recorded,
                                    gboolean       can_record);

G_END_DECLS
