/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-domain.h"

G_BEGIN_DECLS

/* A clinic's server set up for a team: the schema owned by a role of its
 * own, a group role per Lysning role, and a login per staff member in the
 * group of their role. Run by the server's administrator. */

gboolean lys_server_init       (const char  *address,
                                GError     **error);
gboolean lys_server_add_staff  (const char  *address,
                                const char  *login,
                                LysRole      role,
                                gboolean     lead,
                                GError     **error);
gboolean lys_server_check_login (const char  *login,
                                 GError     **error);

G_END_DECLS
