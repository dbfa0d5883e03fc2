/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_NOTE_SEARCH (lys_note_search_get_type ())

/* The newest matches come at once, however many notes match; the best
 * ones take a ranking of every match */
typedef enum
{
  LYS_NOTE_SEARCH_NEWEST,
  LYS_NOTE_SEARCH_BEST,
} LysNoteSearchOrder;

G_DECLARE_FINAL_TYPE (LysNoteSearch, lys_note_search, LYS, NOTE_SEARCH, GObject)

LysNoteSearch *lys_note_search_new        (LysStore             *store);
GPtrArray     *lys_note_search_run        (LysNoteSearch        *self,
                                           const char           *text,
                                           LysNoteSearchOrder    order,
                                           guint                 limit,
                                           GCancellable         *cancellable,
                                           GError              **error);
void           lys_note_search_run_async  (LysNoteSearch        *self,
                                           const char           *text,
                                           LysNoteSearchOrder    order,
                                           guint                 limit,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray     *lys_note_search_run_finish (LysNoteSearch        *self,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
