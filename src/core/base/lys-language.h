/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Messages in another language for a while: a document in the language
 * asked for, whatever the user interface speaks. Main thread only. */

typedef struct
{
  char *language;
  char *messages;
  gboolean active;
} LysLanguage;

void        lys_language_push       (LysLanguage *saved,
                                     const char  *language);
void        lys_language_pop        (LysLanguage *saved);
const char *lys_language_get_current (void);

G_END_DECLS
