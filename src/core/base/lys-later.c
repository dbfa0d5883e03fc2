/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-later.h"

typedef struct
{
  guint        *source_id;
  LysLaterFunc  func;
  gpointer      data;
} Later;

static gboolean
run_later_cb (gpointer user_data)
{
  Later *later = user_data;

  /* cleared first, so that what runs may ask for itself again */
  *later->source_id = 0;
  later->func (later->data);
  return G_SOURCE_REMOVE;
}

/**
 * lys_later:
 * @source_id: where the pending run's source id is kept; 0 when none is
 * @priority: the main loop priority, e.g. %G_PRIORITY_DEFAULT_IDLE
 * @delay_ms: how long to wait; 0 runs it when the main loop is idle
 * @func: what to run, once
 * @data: passed to @func; must outlive the pending run
 *
 * Runs @func once, later, in place of what was pending on @source_id, and
 * sets @source_id back to 0 as it runs. Whoever owns @data cancels the run
 * when it goes: `g_clear_handle_id (source_id, g_source_remove)`.
 */
void
lys_later (guint        *source_id,
           int           priority,
           guint         delay_ms,
           LysLaterFunc  func,
           gpointer      data)
{
  Later *later;

  g_return_if_fail (source_id != NULL);
  g_return_if_fail (func != NULL);

  g_clear_handle_id (source_id, g_source_remove);
  later = g_new (Later, 1);
  *later = (Later) { source_id, func, data };
  if (delay_ms == 0)
    *source_id = g_idle_add_full (priority, run_later_cb, later, g_free);
  else
    *source_id = g_timeout_add_full (priority, delay_ms, run_later_cb, later, g_free);
}
