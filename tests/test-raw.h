/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For tests: the database file as SQLite sees it, past the store, and the
 * clean-up of a test's folder. */

gint64 test_raw_int    (const char  *path,
                        const char  *sql);
int    test_raw_exec   (const char  *path,
                        const char  *sql,
                        char       **message);
void   test_remove_dir (const char  *dir);

G_END_DECLS
