/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LYS_TYPE_SERVER_DIALOG (lys_server_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LysServerDialog, lys_server_dialog, LYS, SERVER_DIALOG, AdwWindow)

LysServerDialog *lys_server_dialog_new     (GtkWindow       *parent,
                                            const char      *address,
                                            gboolean         offer_local);
void             lys_server_dialog_connect (LysServerDialog *self);

G_END_DECLS
