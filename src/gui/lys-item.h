/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A record of the store (a plain struct) as an item of a GListModel, so a
 * list box binds the records instead of hanging them on its rows. */

#define LYS_TYPE_ITEM (lys_item_get_type ())

G_DECLARE_FINAL_TYPE (LysItem, lys_item, LYS, ITEM, GObject)

LysItem    *lys_item_new        (gpointer        record,
                                 GDestroyNotify  free_func);
gpointer    lys_item_get_record (LysItem        *self);

GListStore *lys_item_store_new  (GPtrArray      *records,
                                 GDestroyNotify  free_func);
void        lys_item_store_replace (GListStore    *store,
                                    GPtrArray     *records,
                                    GDestroyNotify free_func);
void        lys_item_store_update  (GListStore    *store,
                                    GPtrArray     *records,
                                    GDestroyNotify free_func,
                                    GEqualFunc     same_record);
gpointer    lys_item_record_of_row (GListModel    *items,
                                    GtkListBoxRow *row);

G_END_DECLS
