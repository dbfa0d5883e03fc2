/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_NOTE_TEMPLATES_PAGE (lys_note_templates_page_get_type ())

G_DECLARE_FINAL_TYPE (LysNoteTemplatesPage, lys_note_templates_page, LYS, NOTE_TEMPLATES_PAGE, AdwPreferencesPage)

void lys_note_templates_page_set_store (LysNoteTemplatesPage *self,
                                        LysStore             *store);

G_END_DECLS
