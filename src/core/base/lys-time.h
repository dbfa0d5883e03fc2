/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Clinical times are stored as clinic-local "YYYY-MM-DD HH:MM:SS" text, which
 * sorts and compares as text; record-keeping times are UTC ISO 8601. */

/* The clinic's time zone: Norway's, the one place it is named */
#define LYS_CLINIC_TIME_ZONE "Europe/Oslo"

GTimeZone *lys_time_clinic_zone  (void);

char      *lys_time_format_local (GDateTime  *time);
GDateTime *lys_time_parse_local  (const char *text);
char      *lys_time_now_utc      (void);
char      *lys_time_format_date  (const char *text);
char      *lys_time_format       (GDateTime  *time,
                                  const char *format);
/* The last year a date typed may lie in: a day past it is a typing error,
 * and a period to it still ends within what GLib can count */
#define LYS_TIME_LAST_YEAR 2099

gboolean   lys_time_parse_date   (const char *text,
                                  GDate      *date);
gboolean   lys_time_parse_stored_day (const char *text,
                                      GDate      *date);

gboolean   lys_time_parse_minute (const char *text,
                                  guint      *minute);
char      *lys_time_format_minute (guint      minute);
guint      lys_time_get_iso_week (const GDate *day,
                                  guint       *year);
GDateTime *lys_time_parse_day_and_time (const char  *date,
                                        const char  *time,
                                        GError     **error);

G_END_DECLS
