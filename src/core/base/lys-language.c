/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-language"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lys-language.h"

/* The language of the document the thread writes ("nb", "nn", "en"), or NULL
 * for the user interface's */
static GPrivate document_language;

/* A language's messages, read from its compiled catalogue (.mo) once and
 * kept: original (with "context\004" before it) -> the translation, the
 * plural forms one after another, each ended by a NUL */
static GMutex catalogs_lock;
static GHashTable *catalogs;

#define MO_MAGIC 0x950412deu

static guint32
mo_word (const guchar *data,
         gsize         offset,
         gboolean      swapped)
{
  guint32 word;

  memcpy (&word, data + offset, sizeof word);
  return swapped ? GUINT32_SWAP_LE_BE (word) : word;
}

/* The strings of a compiled catalogue, each checked to lie within it and
 * to end in a NUL; an unreadable one gives an empty table, and the
 * messages stay English */
static GHashTable *
read_catalog (const char *language)
{
  GHashTable *messages = g_hash_table_new (g_str_hash, g_str_equal);
  const char *dir = bindtextdomain (GETTEXT_PACKAGE, NULL);
  g_autofree char *path = g_build_filename (dir != NULL ? dir : LOCALEDIR, language, "LC_MESSAGES",
                                            GETTEXT_PACKAGE ".mo", NULL);
  char *contents = NULL;
  gsize length = 0;
  const guchar *data;
  guint32 n, originals, translations;
  gboolean swapped;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length < 20)
    {
      g_debug ("No catalogue for %s at %s", language, path);
      g_free (contents);
      return messages;
    }
  data = (const guchar *) contents;
  swapped = mo_word (data, 0, FALSE) != MO_MAGIC;
  n = mo_word (data, 8, swapped);
  originals = mo_word (data, 12, swapped);
  translations = mo_word (data, 16, swapped);
  if (mo_word (data, 0, swapped) != MO_MAGIC || originals > length || translations > length ||
      n > (length - MAX (originals, translations)) / 8)
    {
      g_debug ("The catalogue for %s at %s is not one", language, path);
      g_free (contents);
      return messages;
    }

  for (guint32 i = 0; i < n; i++)
    {
      guint32 key_length = mo_word (data, originals + 8 * i, swapped);
      guint32 key_offset = mo_word (data, originals + 8 * i + 4, swapped);
      guint32 value_length = mo_word (data, translations + 8 * i, swapped);
      guint32 value_offset = mo_word (data, translations + 8 * i + 4, swapped);

      if (key_offset >= length || key_length >= length - key_offset || contents[key_offset + key_length] != '\0' ||
          value_offset >= length || value_length >= length - value_offset ||
          contents[value_offset + value_length] != '\0')
        continue;
      /* The header (an empty original) and untranslated ones are left out */
      if (key_length > 0 && value_length > 0)
        g_hash_table_insert (messages, contents + key_offset, contents + value_offset);
    }
  /* The strings stay where they were read, for as long as the process */
  if (g_hash_table_size (messages) == 0)
    g_free (contents);
  return messages;
}

/* The translation of @key (with its context) in @language, or NULL */
static const char *
lookup (const char *language,
        const char *key)
{
  GHashTable *messages;
  const char *found;

  g_mutex_lock (&catalogs_lock);
  if (catalogs == NULL)
    catalogs = g_hash_table_new (g_str_hash, g_str_equal);
  messages = g_hash_table_lookup (catalogs, language);
  if (messages == NULL)
    {
      messages = read_catalog (language);
      g_hash_table_insert (catalogs, (gpointer) g_intern_string (language), messages);
    }
  found = g_hash_table_lookup (messages, key);
  g_mutex_unlock (&catalogs_lock);
  return found;
}

static const char * const documents[] = { "nb", "nn", "en", NULL };

/**
 * lys_language_list_documents:
 *
 * Returns: (transfer none): the codes of the languages documents and forms
 *   are written in, Norwegian Bokmål first
 */
const char * const *
lys_language_list_documents (void)
{
  return documents;
}

gboolean
lys_language_is_document (const char *language)
{
  return language != NULL && g_strv_contains (documents, language);
}

/**
 * lys_language_get_position:
 *
 * Returns: where @language stands in lys_language_list_documents(); 0, Norwegian
 *   Bokmål, for one Lysning does not write
 */
guint
lys_language_get_position (const char *language)
{
  for (guint i = 0; documents[i] != NULL; i++)
    if (g_strcmp0 (language, documents[i]) == 0)
      return i;
  return 0;
}

/**
 * lys_language_get_document:
 * @position: a place in lys_language_list_documents(), as a choice of them
 *   gives it
 *
 * Returns: the code of the language there; Norwegian Bokmål for no place
 *   (%GTK_INVALID_LIST_POSITION)
 */
const char *
lys_language_get_document (guint position)
{
  return position < G_N_ELEMENTS (documents) - 1 ? documents[position] : documents[0];
}

/**
 * lys_language_get_name:
 *
 * Returns: the name of a document language, in the language of the
 *   messages (the document's, within lys_language_push())
 */
const char *
lys_language_get_name (const char *language)
{
  if (g_strcmp0 (language, "en") == 0)
    return lys_language_gettext (N_("English"));
  if (g_strcmp0 (language, "nn") == 0)
    return lys_language_gettext (N_("Norwegian Nynorsk"));
  return lys_language_gettext (N_("Norwegian Bokmål"));
}

/**
 * lys_language_dup_names:
 *
 * Returns: (transfer full): the names of the document languages, in the
 *   order of lys_language_list_documents()
 */
char **
lys_language_dup_names (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; documents[i] != NULL; i++)
    g_strv_builder_add (builder, lys_language_get_name (documents[i]));
  return g_strv_builder_end (builder);
}

/**
 * lys_language_push:
 * @language: "nb", "nn" or "en"; %NULL keeps the user interface's
 *
 * Until lys_language_pop(), the core's messages (lys-i18n.h) in the
 * calling thread are in @language, read from its catalogue whatever
 * locales the machine has. Nothing process-wide changes: other threads,
 * the window among them, go on in their language.
 */
void
lys_language_push (LysLanguage *saved,
                   const char  *language)
{
  g_return_if_fail (saved != NULL);

  saved->active = language != NULL;
  if (!saved->active)
    return;
  saved->previous = g_private_get (&document_language);
  g_private_set (&document_language, (gpointer) g_intern_string (language));
}

void
lys_language_pop (LysLanguage *saved)
{
  g_return_if_fail (saved != NULL);

  if (!saved->active)
    return;
  g_private_set (&document_language, (gpointer) saved->previous);
  saved->active = FALSE;
}

/* English is the messages as written */
static gboolean
is_english (const char *language)
{
  return g_str_has_prefix (language, "en");
}

const char *
lys_language_gettext (const char *msgid)
{
  const char *language = g_private_get (&document_language);
  const char *found;

  if (language == NULL)
    return g_dgettext (GETTEXT_PACKAGE, msgid);
  if (is_english (language))
    return msgid;
  found = lookup (language, msgid);
  return found != NULL ? found : msgid;
}

const char *
lys_language_pgettext (const char *context,
                       const char *msgid)
{
  const char *language = g_private_get (&document_language);
  g_autofree char *key = NULL;
  const char *found;

  if (language == NULL)
    return g_dpgettext2 (GETTEXT_PACKAGE, context, msgid);
  if (is_english (language))
    return msgid;
  key = g_strconcat (context, "\004", msgid, NULL);
  found = lookup (language, key);
  return found != NULL ? found : msgid;
}

/* The plural forms of Bokmål, Nynorsk and English alike: one, and others */
const char *
lys_language_ngettext (const char *msgid,
                       const char *plural,
                       gulong      n)
{
  const char *language = g_private_get (&document_language);
  const char *found;

  if (language == NULL)
    return g_dngettext (GETTEXT_PACKAGE, msgid, plural, n);
  found = is_english (language) ? NULL : lookup (language, msgid);
  if (found == NULL)
    return n == 1 ? msgid : plural;
  /* The forms follow one another, each ended by a NUL */
  return n == 1 ? found : found + strlen (found) + 1;
}

/**
 * lys_language_get_current:
 *
 * Returns: "nn" when the user interface speaks Nynorsk, "nb" when it
 *   speaks Bokmål, "en" otherwise
 */
const char *
lys_language_get_current (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "nn"))
        return "nn";
      if (g_str_has_prefix (names[i], "nb") || g_str_has_prefix (names[i], "no"))
        return "nb";
      if (g_str_has_prefix (names[i], "en"))
        return "en";
    }
  return "en";
}
