/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_NOTES_PAGE (lys_notes_page_get_type ())

G_DECLARE_FINAL_TYPE (LysNotesPage, lys_notes_page, LYS, NOTES_PAGE, AdwBin)

G_END_DECLS
