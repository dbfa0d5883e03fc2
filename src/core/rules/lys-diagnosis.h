/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lys-domain.h"

G_BEGIN_DECLS

/* ICD-10 diagnosis codes as the clinic writes them, e.g. F33.2. */

char     *lys_diagnosis_normalize  (const char     *text);
gboolean  lys_diagnosis_check      (const char     *code,
                                    LysIndication   indication,
                                    GError        **error);
gboolean  lys_diagnosis_is_bipolar (const char     *code);

G_END_DECLS
