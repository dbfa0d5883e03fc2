/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  lys_text_is_blank        (const char *text);
gboolean  lys_text_parse_decimal   (const char *text,
                                    double     *value);
char     *lys_text_fold            (const char *text);
gboolean  lys_text_has_word_prefix (const char *folded_text,
                                    const char *folded_word,
                                    gsize       length);

gboolean lys_text_is_plain (const char *text);
char    *lys_text_dup_printable (const char *text);
char    *lys_text_format_number (double      value,
                                 guint       digits);

char    *lys_text_format_amount (double      value);
char    *lys_text_dup_initials (const char *given,
                                const char *family);

G_END_DECLS
