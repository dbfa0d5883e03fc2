/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The rows of the boxed lists that show records: plain text rows, state
 * tags, a placeholder for an empty list; and a list of text rows bound to
 * a model of its lines. */

void       lys_rows_clear           (GtkListBox *list);
GtkWidget *lys_rows_new             (const char *title,
                                     const char *subtitle);
GtkWidget *lys_rows_new_tag         (const char *text,
                                     const char *style);
GtkWidget *lys_rows_new_placeholder (const char *text);

GListStore *lys_rows_bind_texts     (GtkListBox *list);
void       lys_rows_append_text     (GListStore         *texts,
                                     const char         *title,
                                     const char         *subtitle,
                                     const char * const *tags);

G_END_DECLS
