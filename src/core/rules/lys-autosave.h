/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* When text being typed is saved: after a short pause in the typing, and
 * while the typing goes on without pause at least this often, so that a
 * crash loses less than a second of it. Times are monotonic microseconds. */

#define LYS_AUTOSAVE_PAUSE_MS 400
#define LYS_AUTOSAVE_MAX_MS 900

typedef struct
{
  gint64 first_unsaved;   /* 0: nothing to save */
  gint64 last_change;
} LysAutosave;

void     lys_autosave_changed  (LysAutosave       *self,
                                gint64             now);
gint64   lys_autosave_due_at   (const LysAutosave *self);
gboolean lys_autosave_pending  (const LysAutosave *self);
void     lys_autosave_saved    (LysAutosave       *self);

G_END_DECLS
