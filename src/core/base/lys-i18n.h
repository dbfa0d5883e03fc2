/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Translations for the core: glib/gi18n.h's macros, answered in the
 * language of the document the calling thread writes (lys_language_push ())
 * and otherwise in the user interface's. Include it in place of
 * glib/gi18n.h; xgettext finds the same keywords. */

#include <glib/gi18n.h>

#include "lys-language.h"

#undef _
#undef C_
#undef ngettext

#define _(String) lys_language_gettext (String)
#define C_(Context, String) lys_language_pgettext (Context, String)
#define ngettext(Singular, Plural, N) lys_language_ngettext (Singular, Plural, N)
