/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*LysLaterFunc) (gpointer data);

void lys_later (guint        *source_id,
                int           priority,
                guint         delay_ms,
                LysLaterFunc  func,
                gpointer      data);

G_END_DECLS
