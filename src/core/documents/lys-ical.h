/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* iCalendar (RFC 5545) for the clinic's bookings: one VCALENDAR with the
 * Europe/Oslo time zone and a VEVENT per booking. */

typedef struct
{
  char      *uid;           /* stable per booking */
  GDateTime *starts_at;     /* clinic time */
  GDateTime *ends_at;
  char      *summary;
  char      *location;      /* or NULL */
  char      *description;   /* or NULL */
  gboolean   cancelled;
} LysIcalEvent;

void  lys_ical_event_free (LysIcalEvent *event);
char *lys_ical_escape     (const char   *text);
void  lys_ical_append_line (GString     *out,
                            const char  *line);
char *lys_ical_build      (GPtrArray    *events,
                           GDateTime    *stamp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysIcalEvent, lys_ical_event_free)

G_END_DECLS
