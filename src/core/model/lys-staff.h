/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lys-domain.h"

G_BEGIN_DECLS

/* Who may take which part in a session: a physician or nurse gives the
 * drug, a KAP-certified psychologist is in the room during an infusion, a
 * psychologist holds therapy sessions. */

gboolean lys_staff_may        (LysRole        role,
                               gboolean       kap_certified,
                               LysStaffTask   task);
gboolean lys_staff_check_task (const char    *name,
                               LysRole        role,
                               gboolean       kap_certified,
                               LysStaffTask   task,
                               GError       **error);

G_END_DECLS
