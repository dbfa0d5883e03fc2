/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Messages in another language for a while, in the calling thread only: a
 * document in the language asked for, whatever the user interface
 * speaks, while the window and other threads go on in theirs. */

typedef struct
{
  const char *previous;
  gboolean active;
} LysLanguage;

/* The languages Lysning writes documents and forms in, in the order a
 * choice shows them: "nb", "nn", "en" */
const char * const *lys_language_list_documents (void);
gboolean    lys_language_is_document (const char  *language);
guint       lys_language_get_position (const char *language);
const char *lys_language_get_document (guint      position);
const char *lys_language_get_name    (const char  *language);
char      **lys_language_dup_names   (void);

void        lys_language_push       (LysLanguage *saved,
                                     const char  *language);
void        lys_language_pop        (LysLanguage *saved);
const char *lys_language_get_current (void);

/* As gettext, pgettext and ngettext (format_arg: a translated format is
 * checked as the original) */
const char *lys_language_gettext    (const char  *msgid) G_GNUC_FORMAT (1);
const char *lys_language_pgettext   (const char  *context,
                                     const char  *msgid) G_GNUC_FORMAT (2);
const char *lys_language_ngettext   (const char  *msgid,
                                     const char  *plural,
                                     gulong       n) G_GNUC_FORMAT (1) G_GNUC_FORMAT (2);

G_END_DECLS
