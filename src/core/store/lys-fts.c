/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-fts"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-fts.h"
#include "lys-text.h"

typedef struct
{
  fts5_tokenizer parent;
  Fts5Tokenizer *instance;
} Tokenizer;

typedef struct
{
  void *context;
  int (*token) (void *context, int flags, const char *token, int length, int start, int end);
} Forward;

static int
fold_token_cb (void       *data,
               int         flags,
               const char *token,
               int         length,
               int         start,
               int         end)
{
  Forward *forward = data;
  g_autofree char *folded = NULL;
  g_autofree char *copy = NULL;

  /* unicode61 has lowered ASCII already: most words pass as they are */
  for (int i = 0; i < length; i++)
    if ((guchar) token[i] >= 0x80)
      {
        copy = g_strndup (token, length);
        folded = lys_text_fold (copy);
        return forward->token (forward->context, flags, folded, (int) strlen (folded), start, end);
      }

  return forward->token (forward->context, flags, token, length, start, end);
}

static int
tokenizer_create (void           *data,
                  const char    **args,
                  int             n_args,
                  Fts5Tokenizer **out)
{
  fts5_api *api = data;
  Tokenizer *self = g_new0 (Tokenizer, 1);
  void *parent_data = NULL;
  /* Diacritics are folded here, the Norwegian way, not by unicode61 */
  const char *parent_args[] = { "remove_diacritics", "0" };
  int rc;

  rc = api->xFindTokenizer (api, "unicode61", &parent_data, &self->parent);
  if (rc == SQLITE_OK)
    rc = self->parent.xCreate (parent_data, parent_args, G_N_ELEMENTS (parent_args), &self->instance);
  if (rc != SQLITE_OK)
    {
      g_free (self);
      return rc;
    }

  *out = (Fts5Tokenizer *) self;
  return SQLITE_OK;
}

static void
tokenizer_delete (Fts5Tokenizer *tokenizer)
{
  Tokenizer *self = (Tokenizer *) tokenizer;

  self->parent.xDelete (self->instance);
  g_free (self);
}

static int
tokenizer_tokenize (Fts5Tokenizer *tokenizer,
                    void          *context,
                    int            flags,
                    const char    *text,
                    int            length,
                    int          (*token) (void *, int, const char *, int, int, int))
{
  Tokenizer *self = (Tokenizer *) tokenizer;
  Forward forward = { context, token };

  return self->parent.xTokenize (self->instance, &forward, flags, text, length, fold_token_cb);
}

static fts5_api *
find_api (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  fts5_api *api = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  return api;
}

/**
 * lys_fts_register:
 *
 * Registers the tokenizer "lysning" on @db.
 */
gboolean
lys_fts_register (sqlite3  *db,
                  GError  **error)
{
  static fts5_tokenizer methods = { tokenizer_create, tokenizer_delete, tokenizer_tokenize };
  fts5_api *api;

  g_return_val_if_fail (db != NULL, FALSE);

  api = find_api (db);
  if (api == NULL || api->xCreateTokenizer (api, "lysning", api, &methods, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_FAILED,
                           _("This SQLite has no full-text search (FTS5); Lysning needs it to search notes."));
      return FALSE;
    }

  return TRUE;
}

/**
 * lys_fts_build_query:
 * @text: what the user typed
 *
 * Each word of @text, as a prefix, all of them to be found: "sov angs"
 * finds notes with a word starting "sov" and one starting "angs". Quotes
 * and FTS5 operators in @text are taken as text.
 *
 * Returns: (nullable): the FTS5 query, or %NULL when @text has no word
 */
static char *
build_query (const char *text,
             gboolean    server)
{
  g_autoptr(GString) query = g_string_new (NULL);
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  for (p = text; *p != '\0';)
    {
      const char *start;
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      start = p;
      while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      /* A word of letters and digits only: no quote to escape */
      if (server)
        {
          /* PostgreSQL's tsquery: the configuration "lysning" folds it */
          if (query->len > 0)
            g_string_append (query, " & ");
          g_string_append_len (query, start, p - start);
          g_string_append (query, ":*");
        }
      else
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_c (query, '"');
          g_string_append_len (query, start, p - start);
          g_string_append (query, "\"*");
        }
    }

  return query->len > 0 ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

char *
lys_fts_build_query (const char *text)
{
  return build_query (text, FALSE);
}

/**
 * lys_fts_build_tsquery:
 * @text: what the user typed
 *
 * As lys_fts_build_query(), for PostgreSQL's to_tsquery () with the
 * schema's text search configuration "lysning".
 *
 * Returns: (nullable): the query, or %NULL when @text has no word
 */
char *
lys_fts_build_tsquery (const char *text)
{
  return build_query (text, TRUE);
}

typedef struct
{
  const char *start;
  const char *end;
} Word;

/* The words of @text: its runs of letters and digits, as the search
 * splits a query and the tokenizers a note */
static GArray *
split_words (const char *text)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));

  for (const char *p = text; *p != '\0';)
    {
      Word word;

      if (!g_unichar_isalnum (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      word.start = p;
      while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      word.end = p;
      g_array_append_val (words, word);
    }
  return words;
}

static char *
fold_word (const Word *word)
{
  g_autofree char *copy = g_strndup (word->start, (gsize) (word->end - word->start));

  return lys_text_fold (copy);
}

/**
 * lys_fts_snippet:
 * @text: the text a search found
 * @query: what was typed, or the query built from it: its words, each the
 *   start of a word sought
 * @n_words: the words a snippet holds at most
 *
 * What FTS5's snippet () gives SQLite, for the server, whose own
 * (ts_headline) parses the whole text again for each hit: up to @n_words
 * words of @text around its first match, each word matching between
 * %LYS_FTS_MARK_START and %LYS_FTS_MARK_END, and "…" where the text goes on.
 * Words are matched folded, as the search matches them (søvn, sovn).
 *
 * Returns: the snippet, for lys_fts_snippet_markup ()
 */
char *
lys_fts_snippet (const char *text,
                 const char *query,
                 guint       n_words)
{
  g_autoptr(GArray) sought = split_words (query);
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) words = split_words (text);
  g_autoptr(GString) snippet = g_string_new (NULL);
  g_autofree gboolean *matches = NULL;
  guint first = G_MAXUINT, from, to;

  g_return_val_if_fail (text != NULL && query != NULL && n_words > 0, NULL);

  for (guint i = 0; i < sought->len; i++)
    g_ptr_array_add (terms, fold_word (&g_array_index (sought, Word, i)));
  matches = g_new0 (gboolean, MAX (words->len, 1));
  for (guint i = 0; i < words->len; i++)
    {
      g_autofree char *folded = fold_word (&g_array_index (words, Word, i));

      for (guint t = 0; t < terms->len && !matches[i]; t++)
        matches[i] = g_str_has_prefix (folded, terms->pdata[t]);
      if (matches[i] && first == G_MAXUINT)
        first = i;
    }
  if (words->len == 0)
    return g_strdup ("");

  /* A third of the words before the first match, the rest after it */
  if (first == G_MAXUINT)
    first = 0;
  from = first > n_words / 3 ? first - n_words / 3 : 0;
  to = MIN (words->len, from + n_words);
  from = to > n_words ? MIN (from, to - n_words) : 0;

  if (from > 0)
    g_string_append (snippet, "…");
  for (guint i = from; i < to; i++)
    {
      const Word *word = &g_array_index (words, Word, i);

      /* What lies between two words, as it is */
      if (i > from)
        {
          const Word *before = &g_array_index (words, Word, i - 1);

          g_string_append_len (snippet, before->end, word->start - before->end);
        }
      if (matches[i])
        g_string_append (snippet, LYS_FTS_MARK_START);
      g_string_append_len (snippet, word->start, word->end - word->start);
      if (matches[i])
        g_string_append (snippet, LYS_FTS_MARK_END);
    }
  if (to < words->len)
    g_string_append (snippet, "…");
  return g_string_free (g_steal_pointer (&snippet), FALSE);
}

/**
 * lys_fts_snippet_markup:
 * @snippet: text from FTS5's snippet(), the matches between
 *   %LYS_FTS_MARK_START and %LYS_FTS_MARK_END
 *
 * Returns: Pango markup with the matches in bold and the rest escaped
 */
char *
lys_fts_snippet_markup (const char *snippet)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  const char *p = snippet;

  g_return_val_if_fail (snippet != NULL, NULL);

  while (*p != '\0')
    {
      const char *mark = strpbrk (p, LYS_FTS_MARK_START LYS_FTS_MARK_END);
      g_autofree char *escaped = NULL;
      gsize length = mark != NULL ? (gsize) (mark - p) : strlen (p);

      escaped = g_markup_escape_text (p, (gssize) length);
      /* One line in a list: the note's line breaks are spaces there */
      g_strdelimit (escaped, "\n\t", ' ');
      g_string_append (markup, escaped);
      if (mark == NULL)
        break;
      g_string_append (markup, *mark == LYS_FTS_MARK_START[0] ? "<b>" : "</b>");
      p = mark + 1;
    }

  return g_string_free (g_steal_pointer (&markup), FALSE);
}
