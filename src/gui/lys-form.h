/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

/* Fields of the small forms inside message dialogs: a caption with a
 * mnemonic above each field, which also names it for screen readers. */
GtkWidget *lys_form_add_field (GtkWidget  *box,
                               const char *mnemonic,
                               GtkWidget  *field);
GtkEntry  *lys_form_add_entry (GtkWidget  *box,
                               const char *mnemonic,
                               const char *text);

GtkWidget *lys_form_new_text_field (const char   *mnemonic,
                                    GtkTextView **view);
GPtrArray *lys_form_fill_staff (AdwComboRow  *row,
                                GPtrArray    *staff,
                                LysStaffTask  task);

G_END_DECLS
