/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-list"

#include "config.h"

#include "lys-list.h"

static gboolean
same_at (GListModel  *a,
         guint        i,
         GListModel  *b,
         guint        j,
         LysSameFunc  same,
         gpointer     user_data)
{
  g_autoptr(GObject) x = g_list_model_get_item (a, i);
  g_autoptr(GObject) y = g_list_model_get_item (b, j);

  return same (x, y, user_data);
}

/**
 * lys_list_store_update:
 * @store: the list shown
 * @fresh: the same list read again, in the same order
 * @same: whether an item of @store and one of @fresh show the same
 *
 * Makes @store hold @fresh's items with one change of the model, over the
 * stretch that differs: what stayed the same before and after it keeps its
 * items (and the rows made of them), and a list that did not change sees
 * no change at all. A booking added, moved or cancelled at another desk is
 * so one row added, replaced or removed.
 */
void
lys_list_store_update (GListStore  *store,
                       GListModel  *fresh,
                       LysSameFunc  same,
                       gpointer     user_data)
{
  GListModel *shown = G_LIST_MODEL (store);
  guint n_shown, n_fresh, start = 0, end_shown, end_fresh;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (G_IS_LIST_MODEL (fresh));
  g_return_if_fail (same != NULL);

  n_shown = g_list_model_get_n_items (shown);
  n_fresh = g_list_model_get_n_items (fresh);
  while (start < n_shown && start < n_fresh && same_at (shown, start, fresh, start, same, user_data))
    start++;
  end_shown = n_shown;
  end_fresh = n_fresh;
  while (end_shown > start && end_fresh > start &&
         same_at (shown, end_shown - 1, fresh, end_fresh - 1, same, user_data))
    {
      end_shown--;
      end_fresh--;
    }
  if (end_shown == start && end_fresh == start)
    return;

  for (guint i = start; i < end_fresh; i++)
    g_ptr_array_add (added, g_list_model_get_item (fresh, i));
  g_list_store_splice (store, start, end_shown - start, added->pdata, added->len);
}
