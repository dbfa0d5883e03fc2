/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwMessageDialog *lys_alert_new_dialog (GtkWidget  *widget,
                                        const char *heading,
                                        const char *body);

void lys_alert_refuse_answer (AdwMessageDialog *dialog,
                              const char       *message);

void lys_alert (GtkWidget  *widget,
                const char *heading,
                const char *message);

void lys_alert_inline (GtkLabel   *label,
                       const char *message);

void lys_alert_toast (GtkWidget  *widget,
                      const char *message);

G_END_DECLS
