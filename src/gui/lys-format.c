/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-format"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lys-format.h"
#include "lys-time.h"

/* "Monday 30 November"; with the year when it is not this year's */
char *
lys_format_day (GDateTime *time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_val_if_fail (time != NULL, NULL);

  if (g_date_time_get_year (time) != g_date_time_get_year (now))
    /* Translators: a weekday and date of another year, see strftime(3); Norwegian uses "%A %-d. %B %Y" */
    return lys_time_format (time, _("%A %-d %B %Y"));
  /* Translators: a weekday and date, see strftime(3); Norwegian uses "%A %-d. %B" */
  return lys_time_format (time, _("%A %-d %B"));
}

/* A date with its year, short: "13 Feb 2026" */
char *
lys_format_date (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  /* Translators: a date with its year, see strftime(3); Norwegian uses "%-d. %b %Y" */
  return lys_time_format (time, _("%-d %b %Y"));
}

char *
lys_format_gdate (const GDate *date)
{
  g_autoptr(GDateTime) time = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  time = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  return lys_format_date (time);
}

char *
lys_format_time_span (GDateTime *from,
                      GDateTime *until)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (from != NULL && until != NULL, NULL);

  start = g_date_time_format (from, "%H:%M");
  end = g_date_time_format (until, "%H:%M");

  /* Translators: a time span, e.g. "09:00–10:55" */
  return g_strdup_printf (_("%s–%s"), start, end);
}

/**
 * lys_format_due_state:
 * @style: (out) (optional): the style of its tag (lys_rows_new_tag())
 *
 * Returns: (transfer full): where a measurement point stands, in words
 */
char *
lys_format_due_state (LysDueState  state,
                      const GDate *due,
                      const GDate *today,
                      const char **style)
{
  int days = g_date_days_between (today, due);
  const char *tag = "cancelled";
  char *text;

  switch (state)
    {
    case LYS_DUE_DONE:
      tag = "done";
      text = g_strdup (_("Taken"));
      break;
    case LYS_DUE_MISSED:
      tag = "missed";
      text = g_strdup (_("Missed"));
      break;
    case LYS_DUE_OVERDUE:
      tag = "alert";
      text = g_strdup_printf (ngettext ("Overdue by %d day", "Overdue by %d days", -days), -days);
      break;
    case LYS_DUE_OPEN:
      tag = "planned";
      text = days == 0 ? g_strdup (_("Due today"))
                       : g_strdup_printf (ngettext ("Due in %d day", "Due in %d days", days), days);
      break;
    case LYS_DUE_UPCOMING:
    default:
      text = g_strdup_printf (ngettext ("In %d day", "In %d days", days), days);
      break;
    }

  if (style != NULL)
    *style = tag;
  return text;
}

/**
 * lys_format_title_record:
 * @header: (nullable): the window's title widget
 * @what: the record, e.g. "MADRS Rating"
 * @patient: (nullable): whose record it is
 * @more: (nullable): what else the header says, e.g. the room
 *
 * A window that writes to a patient's record says whose: its title (what
 * window lists and screen readers name) holds the record and the patient,
 * its header the patient's name and identity number, so that two windows
 * never read the same for different patients.
 */
void
lys_format_title_record (GtkWindow      *window,
                         AdwWindowTitle *header,
                         const char     *what,
                         LysPatient     *patient,
                         const char     *more)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *id;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (what != NULL);

  if (patient == NULL)
    {
      gtk_window_set_title (window, what);
      if (header != NULL)
        {
          adw_window_title_set_title (header, what);
          adw_window_title_set_subtitle (header, more);
        }
      return;
    }

  name = lys_patient_dup_display_name (patient);
  id = lys_patient_get_national_id (patient);
  /* Translators: a window's title: the record and whose it is, "MADRS Rating — Åse Aabø" */
  title = g_strdup_printf (_("%s — %s"), what, name);
  gtk_window_set_title (window, title);
  if (header == NULL)
    return;
  /* Translators: a patient's name and identity number, "Åse Aabø · 150466 00344" */
  subtitle = g_strdup_printf (_("%s · %.6s %s"), name, id, strlen (id) > 6 ? id + 6 : "");
  if (more != NULL)
    {
      char *longer = g_strdup_printf ("%s · %s", subtitle, more);

      g_free (subtitle);
      subtitle = longer;
    }
  adw_window_title_set_title (header, what);
  adw_window_title_set_subtitle (header, subtitle);
}
