/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-ical"

#include "config.h"

#include <string.h>

#include "lys-ical.h"
#include "lys-time.h"

/* Lines are at most 75 octets, then folded (RFC 5545, 3.1) */
#define LINE_OCTETS 75

/* The clinic's time zone, with the EU rules for summer time since 1996 */
static const char *const oslo_timezone[] = {
  "BEGIN:VTIMEZONE",
  ("TZID:" LYS_CLINIC_TIME_ZONE),
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
};

void
lys_ical_event_free (LysIcalEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->uid);
  g_clear_pointer (&event->starts_at, g_date_time_unref);
  g_clear_pointer (&event->ends_at, g_date_time_unref);
  g_free (event->summary);
  g_free (event->location);
  g_free (event->description);
  g_free (event);
}

/**
 * lys_ical_escape:
 *
 * Returns: @text as a TEXT value: backslash, semicolon and comma escaped,
 *   line breaks as \n, other control characters dropped
 */
char *
lys_ical_escape (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 8);
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
        case ';':
        case ',':
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        case '\r':
          if (p[1] != '\n')
            g_string_append (out, "\\n");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        default:
          if ((guchar) *p >= 0x20 && *p != 0x7f)
            g_string_append_c (out, *p);
          else if (*p == '\t')
            g_string_append_c (out, ' ');
        }
    }

  return g_string_free (out, FALSE);
}

/**
 * lys_ical_append_line:
 *
 * Appends a content line, folded so that no line has more than 75 octets
 * (continuations start with a space), never inside a UTF-8 character,
 * ending with CRLF.
 */
void
lys_ical_append_line (GString    *out,
                      const char *line)
{
  gsize room = LINE_OCTETS;
  const char *p = line;

  g_return_if_fail (out != NULL && line != NULL);

  while (strlen (p) > room)
    {
      const char *cut = p + room;

      /* Back up to the start of a character */
      while (cut > p && ((guchar) *cut & 0xc0) == 0x80)
        cut--;
      g_string_append_len (out, p, cut - p);
      g_string_append (out, "\r\n ");
      p = cut;
      room = LINE_OCTETS - 1;
    }
  g_string_append (out, p);
  g_string_append (out, "\r\n");
}

static void
append_property (GString    *out,
                 const char *name,
                 const char *value)
{
  g_autofree char *escaped = lys_ical_escape (value);
  g_autofree char *line = g_strconcat (name, ":", escaped, NULL);

  lys_ical_append_line (out, line);
}

static void
append_local_time (GString    *out,
                   const char *name,
                   GDateTime  *time)
{
  g_autofree char *value = g_date_time_format (time, "%Y%m%dT%H%M%S");
  g_autofree char *line = g_strdup_printf ("%s;TZID=" LYS_CLINIC_TIME_ZONE ":%s", name, value);

  lys_ical_append_line (out, line);
}

/**
 * lys_ical_build:
 * @events: (element-type LysIcalEvent): the bookings
 * @stamp: when the file is made (DTSTAMP)
 *
 * Returns: (transfer full): the iCalendar text
 */
char *
lys_ical_build (GPtrArray *events,
                GDateTime *stamp)
{
  g_autoptr(GDateTime) stamp_utc = NULL;
  g_autofree char *stamp_text = NULL;
  GString *out;

  g_return_val_if_fail (events != NULL, NULL);
  g_return_val_if_fail (stamp != NULL, NULL);

  stamp_utc = g_date_time_to_utc (stamp);
  stamp_text = g_date_time_format (stamp_utc, "DTSTAMP:%Y%m%dT%H%M%SZ");

  out = g_string_new (NULL);
  lys_ical_append_line (out, "BEGIN:VCALENDAR");
  lys_ical_append_line (out, "VERSION:2.0");
  lys_ical_append_line (out, "PRODID:-//Lysning//Lysning " PACKAGE_VERSION "//NB");
  lys_ical_append_line (out, "CALSCALE:GREGORIAN");
  for (guint i = 0; i < G_N_ELEMENTS (oslo_timezone); i++)
    lys_ical_append_line (out, oslo_timezone[i]);

  for (guint i = 0; i < events->len; i++)
    {
      LysIcalEvent *event = events->pdata[i];

      lys_ical_append_line (out, "BEGIN:VEVENT");
      append_property (out, "UID", event->uid);
      lys_ical_append_line (out, stamp_text);
      append_local_time (out, "DTSTART", event->starts_at);
      append_local_time (out, "DTEND", event->ends_at);
      append_property (out, "SUMMARY", event->summary);
      if (event->location != NULL)
        append_property (out, "LOCATION", event->location);
      if (event->description != NULL)
        append_property (out, "DESCRIPTION", event->description);
      lys_ical_append_line (out, event->cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
      lys_ical_append_line (out, "TRANSP:OPAQUE");
      lys_ical_append_line (out, "CLASS:CONFIDENTIAL");
      lys_ical_append_line (out, "END:VEVENT");
    }

  lys_ical_append_line (out, "END:VCALENDAR");
  return g_string_free (out, FALSE);
}
