/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_PREPARATION_NOTE_WINDOW (lys_preparation_note_window_get_type ())

G_DECLARE_FINAL_TYPE (LysPreparationNoteWindow, lys_preparation_note_window, LYS, PREPARATION_NOTE_WINDOW,
                      LysRecordWindow)

LysPreparationNoteWindow *lys_preparation_note_window_new (GtkWindow             *parent,
                                                           LysStore              *store,
                                                           LysPatient            *patient,
                                                           const LysPreparationSession *session);

G_END_DECLS
