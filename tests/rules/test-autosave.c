/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-autosave.h"
#include "lys-error.h"
#include "test-rules.h"

/* When a draft is saved while it is typed (src/core/rules/lys-autosave.c) */

void
test_autosave (void)
{
  LysAutosave autosave = { 0 };
  gint64 t = 1000000000;

  g_assert_false (lys_autosave_pending (&autosave));
  g_assert_cmpint (lys_autosave_due_at (&autosave), ==, 0);

  /* A pause in the typing: saved 400 ms after the last key */
  lys_autosave_changed (&autosave, t);
  lys_autosave_changed (&autosave, t + 100000);
  g_assert_cmpint (lys_autosave_due_at (&autosave), ==, t + 500000);
  lys_autosave_saved (&autosave);
  g_assert_false (lys_autosave_pending (&autosave));

  /* Typing on without a pause: saved within 900 ms of the first key */
  t += 2000000;
  for (int key = 0; key < 30; key++)
    {
      lys_autosave_changed (&autosave, t + key * 100000);
      g_assert_cmpint (lys_autosave_due_at (&autosave), <=, t + 900000);
    }
  g_assert_cmpint (lys_autosave_due_at (&autosave), ==, t + 900000);
}
