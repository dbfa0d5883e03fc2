/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-alert"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"

static void
release_parent (gpointer  parent,
                GObject  *dialog)
{
  g_object_unref (parent);
}

/* Every answer closes the dialog, unless the answer was refused: then the
 * dialog shows again with what was typed, and why it was refused */
static void
on_response_after_cb (AdwMessageDialog *dialog,
                      const char       *response)
{
  if (g_object_steal_data (G_OBJECT (dialog), "lys-refused") == NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
}

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
  GtkWidget *dialog;

  g_return_val_if_fail (widget == NULL || GTK_IS_WIDGET (widget), NULL);

  if (widget != NULL)
    window = GTK_IS_WINDOW (widget) ? GTK_WINDOW (widget) : GTK_WINDOW (gtk_widget_get_root (widget));
  dialog = adw_message_dialog_new (window, heading, body);
  /* A response that closes the dialog's own window would dispose of the
   * window, and the dialog with it, while libadwaita still has the dialog
   * to close after the response: the dialog holds its window for as long
   * as it lives */
  if (window != NULL)
    g_object_weak_ref (G_OBJECT (dialog), release_parent, g_object_ref (window));
  /* libadwaita closes the dialog before it answers: hidden, not gone, it
   * can show again when the answer is refused */
  gtk_window_set_hide_on_close (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_after (dialog, "response", G_CALLBACK (on_response_after_cb), NULL);
  return ADW_MESSAGE_DIALOG (dialog);
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
  GtkWidget *box, *label;

  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));
  g_return_if_fail (message != NULL);

  box = adw_message_dialog_get_extra_child (dialog);
  if (box == NULL || !GTK_IS_BOX (box))
    {
      GtkWidget *old = box;

      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      if (old != NULL)
        {
          g_object_ref (old);
          adw_message_dialog_set_extra_child (dialog, NULL);
          gtk_box_append (GTK_BOX (box), old);
          g_object_unref (old);
        }
      adw_message_dialog_set_extra_child (dialog, box);
    }
  label = g_object_get_data (G_OBJECT (dialog), "lys-refusal");
  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "error");
      gtk_box_prepend (GTK_BOX (box), label);
      g_object_set_data (G_OBJECT (dialog), "lys-refusal", label);
    }
  lys_alert_inline (GTK_LABEL (label), message);
  g_object_set_data (G_OBJECT (dialog), "lys-refused", GINT_TO_POINTER (TRUE));
  gtk_window_present (GTK_WINDOW (dialog));
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
