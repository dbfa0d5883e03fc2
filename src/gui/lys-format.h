/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-patient.h"

#include "lys-follow-up.h"

G_BEGIN_DECLS

/* Dates and times as the UI shows them, in the user's language. */

char *lys_format_day       (GDateTime  *time);
char *lys_format_date      (GDateTime  *time);
char *lys_format_gdate     (const GDate *date);
char *lys_format_time_span (GDateTime  *from,
                            GDateTime  *until);
char *lys_format_due_state (LysDueState  state,
                            const GDate *due,
                            const GDate *today,
                            const char **style);

void  lys_format_title_record (GtkWindow      *window,
                               AdwWindowTitle *header,
                               const char     *what,
                               LysPatient     *patient,
                               const char     *more);

G_END_DECLS
