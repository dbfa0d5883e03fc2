/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lys-consent-form.h"

G_BEGIN_DECLS

#define LYS_TYPE_CONSENT_PRINT (lys_consent_print_get_type ())

G_DECLARE_FINAL_TYPE (LysConsentPrint, lys_consent_print, LYS, CONSENT_PRINT, GtkPrintOperation)

LysConsentPrint *lys_consent_print_new (LysConsentForm *form);

G_END_DECLS
