/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "lys-db.h"

G_BEGIN_DECLS

LysDb    *lys_db_sqlite_wrap        (sqlite3 *handle);
sqlite3  *lys_db_sqlite_get_handle  (LysDb   *db);

G_END_DECLS
