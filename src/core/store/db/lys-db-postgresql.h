/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-db.h"

G_BEGIN_DECLS

gboolean  lys_db_postgresql_is_address (const char  *database);
char     *lys_db_postgresql_dup_display_name (const char *address);
LysDb    *lys_db_postgresql_connect    (const char  *conninfo,
                                        char       **message);
gboolean  lys_db_is_postgresql         (LysDb       *db);

G_END_DECLS
