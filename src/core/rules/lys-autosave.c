/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-autosave"

#include "config.h"

#include "lys-autosave.h"

void
lys_autosave_changed (LysAutosave *self,
                      gint64       now)
{
  g_return_if_fail (self != NULL);

  if (self->first_unsaved == 0)
    self->first_unsaved = now;
  self->last_change = now;
}

/**
 * lys_autosave_due_at:
 *
 * Returns: when to save: a pause after the last change, but no later than
 *   the longest wait after the first change not yet saved; 0 when nothing
 *   waits
 */
gint64
lys_autosave_due_at (const LysAutosave *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->first_unsaved == 0)
    return 0;

  return MIN (self->last_change + LYS_AUTOSAVE_PAUSE_MS * 1000,
              self->first_unsaved + LYS_AUTOSAVE_MAX_MS * 1000);
}

gboolean
lys_autosave_pending (const LysAutosave *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->first_unsaved != 0;
}

void
lys_autosave_saved (LysAutosave *self)
{
  g_return_if_fail (self != NULL);

  self->first_unsaved = 0;
}
