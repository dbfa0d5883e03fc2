/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_ROOM_EDITOR (lys_room_editor_get_type ())

G_DECLARE_FINAL_TYPE (LysRoomEditor, lys_room_editor, LYS, ROOM_EDITOR, LysRecordWindow)

LysRoomEditor *lys_room_editor_new (GtkWindow     *parent,
                                    LysStore      *store,
                                    const LysRoom *room);

G_END_DECLS
