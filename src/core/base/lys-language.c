/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-language"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "lys-language.h"

/* GNU gettext: counting up makes it look the catalogues up again */
extern int _nl_msg_cat_cntr;

static void
changed (void)
{
  ++_nl_msg_cat_cntr;
}

/**
 * lys_language_push:
 * @language: "nb" or "en"; %NULL keeps the user interface's
 *
 * Until lys_language_pop(), gettext answers in @language. The "C" locale
 * answers in English whatever LANGUAGE says, so messages move to C.UTF-8
 * for the while.
 */
void
lys_language_push (LysLanguage *saved,
                   const char  *language)
{
  const char *messages;

  g_return_if_fail (saved != NULL);

  saved->active = language != NULL;
  if (!saved->active)
    return;

  saved->language = g_strdup (g_getenv ("LANGUAGE"));
  messages = setlocale (LC_MESSAGES, NULL);
  saved->messages = g_strdup (messages);
  g_setenv ("LANGUAGE", language, TRUE);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
  changed ();
}

void
lys_language_pop (LysLanguage *saved)
{
  g_return_if_fail (saved != NULL);

  if (!saved->active)
    return;

  if (saved->language != NULL)
    g_setenv ("LANGUAGE", saved->language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  if (saved->messages != NULL)
    setlocale (LC_MESSAGES, saved->messages);
  g_clear_pointer (&saved->language, g_free);
  g_clear_pointer (&saved->messages, g_free);
  saved->active = FALSE;
  changed ();
}

/**
 * lys_language_get_current:
 *
 * Returns: "nb" when the user interface speaks Norwegian, "en" otherwise
 */
const char *
lys_language_get_current (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "nb") || g_str_has_prefix (names[i], "no") || g_str_has_prefix (names[i], "nn"))
        return "nb";
      if (g_str_has_prefix (names[i], "en"))
        return "en";
    }
  return "en";
}
