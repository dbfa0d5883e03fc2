/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lys-server-address.h"
#include "lys-store.h"

G_BEGIN_DECLS

void      lys_server_login_open_async  (const LysServerAddress  *address,
                                        const char              *password,
                                        GCancellable            *cancellable,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data);
LysStore *lys_server_login_open_finish (GAsyncResult            *result,
                                        char                   **keyring_problem,
                                        GError                 **error);
char     *lys_server_login_lookup      (const LysServerAddress  *address);

G_END_DECLS
