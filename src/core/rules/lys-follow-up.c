/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-follow-up"

#include "config.h"

#include "lys-i18n.h"

#include "lys-follow-up.h"

/* anchor: the first infusion (baseline), the sixth, or the last one.
 * months after the anchor, then the days the point is open before and
 * after its due date. */
static const struct
{
  const char *nick;
  const char *label;
  gboolean after_last;
  guint months;
  guint days_before;
  guint days_after;
} points[LYS_N_POINTS] = {
  /* The baseline is taken before the first infusion, not after */
  { "baseline", N_("Baseline"), FALSE, 0, 28, 0 },
  { "infusion-6", N_("After Infusion 6"), FALSE, 0, 0, 14 },
  { "month-1", N_("1 Month"), TRUE, 1, 7, 14 },
  { "month-3", N_("3 Months"), TRUE, 3, 7, 21 },
  { "month-6", N_("6 Months"), TRUE, 6, 14, 30 },
  { "month-12", N_("12 Months"), TRUE, 12, 14, 45 },
};

const char *
lys_follow_up_point_to_nick (LysFollowUpPoint point)
{
  g_return_val_if_fail (point < LYS_N_POINTS, NULL);
  return points[point].nick;
}

gboolean
lys_follow_up_point_from_nick (const char       *nick,
                               LysFollowUpPoint *point)
{
  for (guint i = 0; nick != NULL && i < LYS_N_POINTS; i++)
    if (g_str_equal (nick, points[i].nick))
      {
        *point = i;
        return TRUE;
      }
  return FALSE;
}

const char *
lys_follow_up_point_get_label (LysFollowUpPoint point)
{
  g_return_val_if_fail (point < LYS_N_POINTS, NULL);
  return _(points[point].label);
}

/* Whether the point counts from the last infusion of the course */
gboolean
lys_follow_up_point_after_last (LysFollowUpPoint point)
{
  g_return_val_if_fail (point < LYS_N_POINTS, FALSE);
  return points[point].after_last;
}

/**
 * lys_follow_up_window:
 * @anchor: the first infusion for the baseline, the sixth for
 *   %LYS_POINT_INFUSION_6, the last infusion of the course otherwise
 *
 * Months are calendar months: one month after 31 January is the last day
 * of February, 28 or 29 as the year has it.
 */
void
lys_follow_up_window (LysFollowUpPoint  point,
                      const GDate      *anchor,
                      GDate            *due,
                      GDate            *opens,
                      GDate            *closes)
{
  GDate d;

  g_return_if_fail (point < LYS_N_POINTS);
  g_return_if_fail (anchor != NULL && g_date_valid (anchor));

  d = *anchor;
  if (points[point].months > 0)
    g_date_add_months (&d, points[point].months);
  if (due != NULL)
    *due = d;
  if (opens != NULL)
    {
      *opens = d;
      g_date_subtract_days (opens, points[point].days_before);
    }
  if (closes != NULL)
    {
      *closes = d;
      g_date_add_days (closes, points[point].days_after);
    }
}

LysDueState
lys_follow_up_state (LysFollowUpPoint  point,
                     const GDate      *anchor,
                     const GDate      *today,
                     gboolean          rated)
{
  GDate due, opens, closes;

  g_return_val_if_fail (today != NULL && g_date_valid (today), LYS_DUE_UPCOMING);

  if (rated)
    return LYS_DUE_DONE;

  lys_follow_up_window (point, anchor, &due, &opens, &closes);
  if (g_date_compare (today, &opens) < 0)
    return LYS_DUE_UPCOMING;
  if (g_date_compare (today, &closes) > 0)
    return LYS_DUE_MISSED;
  if (g_date_compare (today, &due) > 0)
    return LYS_DUE_OVERDUE;
  return LYS_DUE_OPEN;
}
