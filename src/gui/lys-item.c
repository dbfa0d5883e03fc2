/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-item"

#include "config.h"

#include "lys-item.h"
#include "lys-list.h"

struct _LysItem
{
  GObject parent_instance;

  gpointer record;
  GDestroyNotify free_func;
};

G_DEFINE_FINAL_TYPE (LysItem, lys_item, G_TYPE_OBJECT)

static void
lys_item_finalize (GObject *object)
{
  LysItem *self = LYS_ITEM (object);

  if (self->free_func != NULL && self->record != NULL)
    self->free_func (self->record);

  G_OBJECT_CLASS (lys_item_parent_class)->finalize (object);
}

static void
lys_item_class_init (LysItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lys_item_finalize;
}

static void
lys_item_init (LysItem *self)
{
}

/**
 * lys_item_new:
 * @record: (transfer full): the record
 * @free_func: (nullable): frees @record with the item
 */
LysItem *
lys_item_new (gpointer       record,
              GDestroyNotify free_func)
{
  LysItem *self = g_object_new (LYS_TYPE_ITEM, NULL);

  self->record = record;
  self->free_func = free_func;
  return self;
}

gpointer
lys_item_get_record (LysItem *self)
{
  g_return_val_if_fail (LYS_IS_ITEM (self), NULL);
  return self->record;
}

/**
 * lys_item_store_new:
 * @records: (transfer full): the records, in the order shown
 * @free_func: frees one record
 *
 * Returns: (transfer full): a #GListStore of #LysItem, which owns the
 *   records now
 */
GListStore *
lys_item_store_new (GPtrArray      *records,
                    GDestroyNotify  free_func)
{
  GListStore *store = g_list_store_new (LYS_TYPE_ITEM);
  g_autoptr(GPtrArray) owned = records;
  g_autofree gpointer *taken = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gsize n = 0;

  if (owned == NULL)
    return store;
  taken = g_ptr_array_steal (owned, &n);
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (items, lys_item_new (taken[i], free_func));
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return store;
}

/**
 * lys_item_store_replace:
 * @records: (transfer full): the records, in the order shown
 *
 * Puts @records in place of what @store held, in one change of the model.
 */
void
lys_item_store_replace (GListStore     *store,
                        GPtrArray      *records,
                        GDestroyNotify  free_func)
{
  g_autoptr(GListStore) fresh = lys_item_store_new (records, free_func);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fresh));

  g_return_if_fail (G_IS_LIST_STORE (store));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (fresh), i));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
}

static gboolean
same_item (gpointer a,
           gpointer b,
           gpointer same_record)
{
  return ((GEqualFunc) same_record) (lys_item_get_record (a), lys_item_get_record (b));
}

/**
 * lys_item_store_update:
 * @records: (transfer full): the records read again, in the order shown
 * @same_record: whether two records are shown the same
 *
 * Puts @records in place of what @store held, changing the model only
 * where they differ (lys_list_store_update ()): the rows of records that
 * stayed the same are kept.
 */
void
lys_item_store_update (GListStore     *store,
                       GPtrArray      *records,
                       GDestroyNotify  free_func,
                       GEqualFunc      same_record)
{
  g_autoptr(GListStore) fresh = lys_item_store_new (records, free_func);

  g_return_if_fail (G_IS_LIST_STORE (store));
  lys_list_store_update (store, G_LIST_MODEL (fresh), same_item, (gpointer) same_record);
}

/**
 * lys_item_record_of_row:
 * @items: (nullable): the #LysItem model @row's list box is bound to
 *
 * Returns: (transfer none) (nullable): the record @row shows
 */
gpointer
lys_item_record_of_row (GListModel    *items,
                        GtkListBoxRow *row)
{
  g_autoptr(LysItem) item = NULL;
  int index = gtk_list_box_row_get_index (row);

  if (items == NULL || index < 0)
    return NULL;
  item = g_list_model_get_item (items, (guint) index);
  return item != NULL ? lys_item_get_record (item) : NULL;
}
