/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_NOTE_WINDOW (lys_note_window_get_type ())

G_DECLARE_FINAL_TYPE (LysNoteWindow, lys_note_window, LYS, NOTE_WINDOW, LysRecordWindow)

LysNoteWindow *lys_note_window_present (GtkWindow  *parent,
                                        LysStore   *store,
                                        gint64      note_id,
                                        gboolean    session_view,
                                        GError    **error);

G_END_DECLS
