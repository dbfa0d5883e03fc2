/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "lys-db.h"

G_BEGIN_DECLS

/* For tests: the database file as SQLite sees it, past the store, and the
 * clean-up of a test's folder, and a PDF's text. */

gint64 test_raw_int    (const char  *path,
                        const char  *sql);
int    test_raw_exec   (const char  *path,
                        const char  *sql,
                        char       **message);
int    test_raw_tamper (const char  *path,
                        const char  *trigger,
                        const char  *sql);
void   test_remove_dir (const char  *dir);
LysDb *test_raw_connect (const char *path);

char  *test_run_output (const char * const *argv);
char  *test_pdf_text   (const char  *pdf,
                        gboolean     layout);
guint  test_pdf_pages  (const char  *pdf);

/* A statement on a connection of a test's own, past the store */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
