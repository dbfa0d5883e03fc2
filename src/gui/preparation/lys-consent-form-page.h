/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_CONSENT_FORM_PAGE (lys_consent_form_page_get_type ())

G_DECLARE_FINAL_TYPE (LysConsentFormPage, lys_consent_form_page, LYS, CONSENT_FORM_PAGE, AdwPreferencesPage)

void lys_consent_form_page_set_store (LysConsentFormPage *self,
                                      LysStore           *store);

G_END_DECLS
