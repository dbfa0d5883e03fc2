/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates and times as the UI shows them, in the user's language. */

char *lys_format_day       (GDateTime  *time);
char *lys_format_time_span (GDateTime  *from,
                            GDateTime  *until);

G_END_DECLS
