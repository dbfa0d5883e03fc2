/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-alert"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"

/**
 * lys_alert:
 * @widget: a widget in the window the refusal concerns
 * @heading: what could not be done, e.g. "Cannot Save"
 * @message: why, and how to fix it
 *
 * Shows a refusal in full: messages that say how to fix something are too
 * long for a toast.
 */
void
lys_alert (GtkWidget  *widget,
           const char *heading,
           const char *message)
{
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * lys_alert_inline:
 * @label: a label kept for problems, hidden while there are none
 * @message: (nullable): why, and how to fix it; %NULL hides the label
 *
 * Shows a refusal in place, in a window that stays open to try again, and
 * tells screen readers.
 */
void
lys_alert_inline (GtkLabel   *label,
                  const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message == NULL)
    return;

  gtk_label_set_label (label, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
  gtk_widget_error_bell (GTK_WIDGET (label));
}
