/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-alert"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-dialog.h"

/**
 * lys_alert_new_dialog:
 * @widget: (nullable): a widget in the window the dialog belongs to
 *
 * A message dialog whose response may close the window it belongs to,
 * and whose response may be refused with lys_alert_refuse_answer(), which
 * keeps it open. Every message dialog of Lysning comes from here.
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
AdwMessageDialog *
lys_alert_new_dialog (GtkWidget  *widget,
                      const char *heading,
                      const char *body)
{
  GtkWindow *window = NULL;

  g_return_val_if_fail (widget == NULL || GTK_IS_WIDGET (widget), NULL);

  if (widget != NULL)
    window = GTK_IS_WINDOW (widget) ? GTK_WINDOW (widget) : GTK_WINDOW (gtk_widget_get_root (widget));
  return ADW_MESSAGE_DIALOG (lys_dialog_new (window, heading, body));
}

/**
 * lys_alert_refuse_answer:
 * @dialog: a dialog from lys_alert_new_dialog(), in its response handler
 * @message: why the answer was refused, and what would work
 *
 * Keeps the dialog, and all that was typed into it, for another try: it
 * shows again with @message in red above its fields, read out to screen
 * readers.
 */
void
lys_alert_refuse_answer (AdwMessageDialog *dialog,
                         const char       *message)
{
  lys_dialog_refuse (LYS_DIALOG (dialog), message);
}

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
  AdwMessageDialog *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  dialog = lys_alert_new_dialog (widget, heading, message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
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

/**
 * lys_alert_toast:
 * @widget: the widget that did it, or the preferences window it is in
 * @message: what was done, or briefly why it was not
 *
 * Says it in a toast: over the view @widget is in (its nearest toast
 * overlay, or itself), else over the preferences window it is in.
 */
void
lys_alert_toast (GtkWidget  *widget,
                 const char *message)
{
  GtkWidget *overlay;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  root = gtk_widget_get_root (widget);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    g_debug ("No place to show a toast in %s", G_OBJECT_TYPE_NAME (widget));
}
