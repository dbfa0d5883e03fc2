/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

/* Full-text search that a Norwegian user finds without Norwegian letters on
 * the keyboard: the FTS5 tokenizer "lysning" splits as unicode61 does and
 * folds each word as lys_text_fold() does (søvn, sovn → sovn; lære, laere →
 * laere; håp → hap), for the text indexed and for the query alike. Every
 * connection that reads or writes the notes registers it first. */

gboolean  lys_fts_register     (sqlite3      *db,
                                GError      **error);
char     *lys_fts_build_query  (const char   *text);
char     *lys_fts_build_tsquery (const char  *text);
char     *lys_fts_snippet      (const char   *text,
                                const char   *query,
                                guint         n_words);
char     *lys_fts_snippet_markup (const char *snippet);

#define LYS_FTS_MARK_START "\x01"
#define LYS_FTS_MARK_END "\x02"

G_END_DECLS
