/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether two items of a list show the same thing the same way */
typedef gboolean (*LysSameFunc) (gpointer a,
                                 gpointer b,
                                 gpointer user_data);

void lys_list_store_update (GListStore  *store,
                            GListModel  *fresh,
                            LysSameFunc  same,
                            gpointer     user_data);

G_END_DECLS
