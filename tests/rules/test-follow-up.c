/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-error.h"
#include "lys-follow-up.h"
#include "test-rules.h"

/* When each follow-up rating falls due (src/core/rules/lys-follow-up.c) */

static LysDueState
state_on (LysFollowUpPoint point,
          const char      *anchor_text,
          const char      *today_text)
{
  GDate anchor, today;

  g_date_set_parse (&anchor, anchor_text);
  g_date_set_parse (&today, today_text);
  g_assert_true (g_date_valid (&anchor) && g_date_valid (&today));
  return lys_follow_up_state (point, &anchor, &today, FALSE);
}

static void
assert_due (LysFollowUpPoint point,
            const char      *anchor_text,
            const char      *due_text)
{
  GDate anchor, due;
  char text[11];

  g_date_set_parse (&anchor, anchor_text);
  g_assert_true (g_date_valid (&anchor));
  lys_follow_up_window (point, &anchor, &due, NULL, NULL);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &due);
  g_assert_cmpstr (text, ==, due_text);
}

void
test_follow_up_windows (void)
{
  /* Calendar months, to the end of a shorter month, in leap years too */
  assert_due (LYS_POINT_MONTH_1, "2028-01-31", "2028-02-29");
  assert_due (LYS_POINT_MONTH_1, "2027-01-31", "2027-02-28");
  assert_due (LYS_POINT_MONTH_3, "2027-11-30", "2028-02-29");
  assert_due (LYS_POINT_MONTH_3, "2026-11-30", "2027-02-28");
  assert_due (LYS_POINT_MONTH_6, "2027-08-31", "2028-02-29");
  assert_due (LYS_POINT_MONTH_12, "2028-02-29", "2029-02-28");
  assert_due (LYS_POINT_MONTH_1, "2026-12-15", "2027-01-15");
  assert_due (LYS_POINT_MONTH_3, "2026-03-31", "2026-06-30");
  assert_due (LYS_POINT_INFUSION_6, "2026-03-13", "2026-03-13");

  /* Three months after 30 Nov 2027: due 29 Feb 2028, open from 22 Feb
   * (seven days before) to 21 Mar (21 days after) */
  g_assert_cmpint (state_on (LYS_POINT_MONTH_3, "2027-11-30", "2028-02-21"), ==, LYS_DUE_UPCOMING);
  g_assert_cmpint (state_on (LYS_POINT_MONTH_3, "2027-11-30", "2028-02-22"), ==, LYS_DUE_OPEN);
  g_assert_cmpint (state_on (LYS_POINT_MONTH_3, "2027-11-30", "2028-02-29"), ==, LYS_DUE_OPEN);
  g_assert_cmpint (state_on (LYS_POINT_MONTH_3, "2027-11-30", "2028-03-01"), ==, LYS_DUE_OVERDUE);
  g_assert_cmpint (state_on (LYS_POINT_MONTH_3, "2027-11-30", "2028-03-21"), ==, LYS_DUE_OVERDUE);
  g_assert_cmpint (state_on (LYS_POINT_MONTH_3, "2027-11-30", "2028-03-22"), ==, LYS_DUE_MISSED);
  /* The same in a common year: due 28 Feb 2027, overdue from 1 Mar */
  g_assert_cmpint (state_on (LYS_POINT_MONTH_3, "2026-11-30", "2027-02-28"), ==, LYS_DUE_OPEN);
  g_assert_cmpint (state_on (LYS_POINT_MONTH_3, "2026-11-30", "2027-03-01"), ==, LYS_DUE_OVERDUE);
  /* The baseline closes at the first infusion */
  g_assert_cmpint (state_on (LYS_POINT_BASELINE, "2026-03-02", "2026-03-02"), ==, LYS_DUE_OPEN);
  g_assert_cmpint (state_on (LYS_POINT_BASELINE, "2026-03-02", "2026-03-03"), ==, LYS_DUE_MISSED);

  {
    GDate anchor, today;

    g_date_set_dmy (&anchor, 30, 11, 2027);
    g_date_set_dmy (&today, 1, 3, 2028);
    g_assert_cmpint (lys_follow_up_state (LYS_POINT_MONTH_3, &anchor, &today, TRUE), ==, LYS_DUE_DONE);
  }
}
