/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     lys_holidays_easter_sunday (guint        year,
                                     GDate       *easter);
gboolean lys_holidays_is_holiday    (const GDate *date);
gboolean lys_holidays_is_closed_day (const GDate *date);

G_END_DECLS
