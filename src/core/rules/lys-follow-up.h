/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The measurement points of a course and when each is due. MADRS is taken
 * at baseline, after the sixth infusion and one, three, six and twelve
 * months after the last infusion; each point is open for a while around
 * its due date and missed once that has passed. */

typedef enum
{
  LYS_POINT_BASELINE,
  LYS_POINT_INFUSION_6,
  LYS_POINT_MONTH_1,
  LYS_POINT_MONTH_3,
  LYS_POINT_MONTH_6,
  LYS_POINT_MONTH_12,
  LYS_N_POINTS
} LysFollowUpPoint;

typedef enum
{
  LYS_DUE_DONE,       /* a complete rating is on record */
  LYS_DUE_UPCOMING,   /* not open yet */
  LYS_DUE_OPEN,       /* open, due date not passed */
  LYS_DUE_OVERDUE,    /* due date passed, still open */
  LYS_DUE_MISSED,     /* closed without a rating */
} LysDueState;

const char *lys_follow_up_point_to_nick   (LysFollowUpPoint  point);
gboolean    lys_follow_up_point_from_nick (const char       *nick,
                                           LysFollowUpPoint *point);
const char *lys_follow_up_point_get_label (LysFollowUpPoint  point);
gboolean    lys_follow_up_point_after_last (LysFollowUpPoint point);

void        lys_follow_up_window          (LysFollowUpPoint  point,
                                           const GDate      *anchor,
                                           GDate            *due,
                                           GDate            *opens,
                                           GDate            *closes);
LysDueState lys_follow_up_state           (LysFollowUpPoint  point,
                                           const GDate      *anchor,
                                           const GDate      *today,
                                           gboolean          rated);

G_END_DECLS
