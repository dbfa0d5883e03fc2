/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-record-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-dialog.h"
#include "lys-form.h"
#include "lys-record-window.h"

/* What the windows that open from the clinic's window to show, write or
 * export its records share: the store they work through, a line in the
 * window that says why the store refused what was typed, Escape to close
 * and Ctrl+S to save, and "done" with a message for a toast in the window
 * they were opened from. */
typedef struct
{
  LysStore *store;
  GtkLabel *problem_label;
  gboolean discarding;        /* told to close without what was typed */
} LysRecordWindowPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (LysRecordWindow, lys_record_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lys_record_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LysRecordWindowPrivate *priv = lys_record_window_get_instance_private (LYS_RECORD_WINDOW (object));

  switch (prop_id)
    {
    case PROP_STORE:
      priv->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lys_record_window_dispose (GObject *object)
{
  LysRecordWindowPrivate *priv = lys_record_window_get_instance_private (LYS_RECORD_WINDOW (object));

  g_clear_object (&priv->store);

  G_OBJECT_CLASS (lys_record_window_parent_class)->dispose (object);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  if (LYS_RECORD_WINDOW_GET_CLASS (widget)->closes_on_escape)
    gtk_window_close (GTK_WINDOW (widget));
}

static void
lys_record_window_class_init (LysRecordWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = lys_record_window_set_property;
  object_class->dispose = lys_record_window_dispose;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, LYS_TYPE_STORE,
                                                G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LysRecordWindow::done:
   * @message: what was written, for a toast
   *
   * Emitted by lys_record_window_finish(), before the window closes.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* Inherited by every record window, which may keep itself open */
  klass->closes_on_escape = TRUE;
  gtk_widget_class_install_action (widget_class, "record.close-on-escape", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "record.close-on-escape", NULL);
}

static void
lys_record_window_init (LysRecordWindow *self)
{
}

/**
 * lys_record_window_class_bind_problem:
 * @name: the id of a #GtkLabel in the subclass's template
 *
 * Names the label of the subclass's template that
 * lys_record_window_show_problem() writes to. Called after the template is
 * set.
 */
void
lys_record_window_class_bind_problem (GtkWidgetClass *widget_class,
                                      const char     *name)
{
  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), LYS_TYPE_RECORD_WINDOW));

  gtk_widget_class_bind_template_child_full (widget_class, name, FALSE,
                                             LysRecordWindow_private_offset +
                                             G_STRUCT_OFFSET (LysRecordWindowPrivate, problem_label));
}

/**
 * lys_record_window_class_bind_save:
 * @action_name: the subclass's action that saves the record
 *
 * Ctrl+S activates @action_name.
 */
void
lys_record_window_class_bind_save (GtkWidgetClass *widget_class,
                                   const char     *action_name)
{
  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), LYS_TYPE_RECORD_WINDOW));

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, action_name, NULL);
}

/**
 * lys_record_window_get_store:
 *
 * Returns: (transfer none): the store the window writes through
 */
LysStore *
lys_record_window_get_store (LysRecordWindow *self)
{
  LysRecordWindowPrivate *priv;

  g_return_val_if_fail (LYS_IS_RECORD_WINDOW (self), NULL);

  priv = lys_record_window_get_instance_private (self);
  return priv->store;
}

/**
 * lys_record_window_show_problem:
 * @message: (nullable): why the record was not written, and what would
 *   work; %NULL hides the problem shown before
 *
 * Says in the window, and to screen readers, why what was typed was
 * refused. The window keeps what was typed, for another try.
 */
void
lys_record_window_show_problem (LysRecordWindow *self,
                                const char      *message)
{
  LysRecordWindowPrivate *priv;

  g_return_if_fail (LYS_IS_RECORD_WINDOW (self));

  priv = lys_record_window_get_instance_private (self);
  g_return_if_fail (priv->problem_label != NULL);

  lys_alert_inline (priv->problem_label, message);
}

/**
 * lys_record_window_get_problem:
 *
 * Returns: (nullable): the problem the window shows, or %NULL
 */
const char *
lys_record_window_get_problem (LysRecordWindow *self)
{
  LysRecordWindowPrivate *priv;

  g_return_val_if_fail (LYS_IS_RECORD_WINDOW (self), NULL);

  priv = lys_record_window_get_instance_private (self);
  if (priv->problem_label == NULL || !gtk_widget_get_visible (GTK_WIDGET (priv->problem_label)))
    return NULL;
  return gtk_label_get_label (priv->problem_label);
}

/**
 * lys_record_window_finish:
 * @message: what was written, for a toast
 *
 * Emits #LysRecordWindow::done and closes the window.
 */
void
lys_record_window_finish (LysRecordWindow *self,
                          const char      *message)
{
  g_return_if_fail (LYS_IS_RECORD_WINDOW (self));

  g_signal_emit (self, signals[DONE], 0, message);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        LysRecordWindow  *self)
{
  LysRecordWindowPrivate *priv = lys_record_window_get_instance_private (self);

  if (!g_str_equal (response, "discard"))
    return;
  priv->discarding = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * lys_record_window_ask_before_close:
 * @unsaved: whether the window holds what is not saved
 * @what: what would be lost, e.g. "The scores typed are not saved."
 *
 * For the window's close-request: a window that would lose what was typed
 * asks first, and closes only when told to discard it.
 *
 * Returns: %TRUE to keep the window open for now: it asks
 */
gboolean
lys_record_window_ask_before_close (LysRecordWindow *self,
                                    gboolean         unsaved,
                                    const char      *what)
{
  LysRecordWindowPrivate *priv;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (LYS_IS_RECORD_WINDOW (self), FALSE);

  priv = lys_record_window_get_instance_private (self);
  if (!unsaved || priv->discarding)
    return FALSE;

  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Discard What Was Typed?"), what,
                                "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_label (dialog, "cancel", _("_Keep Editing"));
  lys_dialog_ask (dialog, G_CALLBACK (on_discard_response_cb), self);
  return TRUE;
}
