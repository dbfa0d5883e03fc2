/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-dialog"

#include "config.h"

#include "lys-alert.h"
#include "lys-dialog.h"

/* Every message dialog of Lysning: it holds the window it belongs to, so
 * that an answer may close that window; it keeps the fields of its small
 * form by key; and an answer may be refused, which keeps it open with what
 * was typed and why it was refused. */
struct _LysDialog
{
  AdwMessageDialog parent_instance;

  GtkWindow *parent;          /* held for as long as the dialog lives */
  GHashTable *fields;         /* key -> GtkWidget, inside the dialog */
  GHashTable *ids;            /* key -> GArray of gint64: what a choice's items stand for */
  gint64 record;              /* the record the answer is about, or 0 */
  GtkLabel *refusal;
  gboolean refused;           /* the answer being given was refused */
};

G_DEFINE_FINAL_TYPE (LysDialog, lys_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Every answer closes the dialog, unless the answer was refused: then the
 * dialog shows again with what was typed, and why it was refused */
static void
lys_dialog_response (AdwMessageDialog *dialog,
                     const char       *response)
{
  LysDialog *self = LYS_DIALOG (dialog);

  if (ADW_MESSAGE_DIALOG_CLASS (lys_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (lys_dialog_parent_class)->response (dialog, response);
  if (self->refused)
    self->refused = FALSE;
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
lys_dialog_dispose (GObject *object)
{
  LysDialog *self = LYS_DIALOG (object);

  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  self->refusal = NULL;

  G_OBJECT_CLASS (lys_dialog_parent_class)->dispose (object);
}

static void
lys_dialog_finalize (GObject *object)
{
  LysDialog *self = LYS_DIALOG (object);

  /* A response that closes the dialog's own window would dispose of the
   * window, and the dialog with it, while libadwaita still has the dialog
   * to close after the response: the window goes only after the dialog */
  g_clear_object (&self->parent);

  G_OBJECT_CLASS (lys_dialog_parent_class)->finalize (object);
}

static void
lys_dialog_class_init (LysDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = lys_dialog_dispose;
  object_class->finalize = lys_dialog_finalize;
  dialog_class->response = lys_dialog_response;
}

static void
lys_dialog_init (LysDialog *self)
{
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  /* libadwaita closes the dialog before it answers: hidden, not gone, it
   * can show again when the answer is refused */
  gtk_window_set_hide_on_close (GTK_WINDOW (self), TRUE);
}

/**
 * lys_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
LysDialog *
lys_dialog_new (GtkWindow  *parent,
                const char *heading,
                const char *body)
{
  LysDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (LYS_TYPE_DIALOG, "transient-for", parent, "heading", heading, "body", body, NULL);
  if (parent != NULL)
    self->parent = g_object_ref (parent);
  return self;
}

/**
 * lys_dialog_keep_field:
 * @field: a field of the dialog's form
 * @ids: (nullable) (transfer full): for a choice, the record each of its
 *   items stands for
 *
 * Keeps @field under @key, for the answer to read.
 */
void
lys_dialog_keep_field (LysDialog  *self,
                       const char *key,
                       GtkWidget  *field,
                       GArray     *ids)
{
  g_return_if_fail (LYS_IS_DIALOG (self));
  g_return_if_fail (key != NULL && GTK_IS_WIDGET (field));

  g_hash_table_replace (self->fields, g_strdup (key), field);
  if (ids != NULL)
    g_hash_table_replace (self->ids, g_strdup (key), ids);
}

/**
 * lys_dialog_ask:
 * @dialog: a dialog of lys_form_new_dialog () or lys_alert_new_dialog ()
 * @on_response: called with the dialog, the response and @owner
 * @owner: what the answer goes to; a dialog answered after it is gone
 *   goes nowhere
 *
 * Shows @dialog, its answer going to @owner.
 */
void
lys_dialog_ask (AdwMessageDialog *dialog,
                GCallback         on_response,
                gpointer          owner)
{
  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));

  g_signal_connect_object (dialog, "response", on_response, owner, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * lys_dialog_get_field:
 *
 * Returns: (transfer none) (nullable): the field kept under @key
 */
GtkWidget *
lys_dialog_get_field (LysDialog  *self,
                      const char *key)
{
  g_return_val_if_fail (LYS_IS_DIALOG (self), NULL);

  return self->fields != NULL ? g_hash_table_lookup (self->fields, key) : NULL;
}

/**
 * lys_dialog_get_field_ids:
 *
 * Returns: (transfer none) (nullable): what the items of the choice kept
 *   under @key stand for
 */
GArray *
lys_dialog_get_field_ids (LysDialog  *self,
                          const char *key)
{
  g_return_val_if_fail (LYS_IS_DIALOG (self), NULL);

  return self->ids != NULL ? g_hash_table_lookup (self->ids, key) : NULL;
}

/**
 * lys_dialog_set_record:
 * @record: the id of the record the answer is about: the lot counted, the
 *   entry corrected
 */
void
lys_dialog_set_record (LysDialog *self,
                       gint64     record)
{
  g_return_if_fail (LYS_IS_DIALOG (self));

  self->record = record;
}

gint64
lys_dialog_get_record (LysDialog *self)
{
  g_return_val_if_fail (LYS_IS_DIALOG (self), 0);

  return self->record;
}

/**
 * lys_dialog_refuse:
 * @message: why the answer was refused, and what would work
 *
 * In the dialog's response handler: keeps the dialog, and all that was
 * typed into it, for another try. It shows again with @message in red
 * above its fields, read out to screen readers.
 */
void
lys_dialog_refuse (LysDialog  *self,
                   const char *message)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  GtkWidget *box;

  g_return_if_fail (LYS_IS_DIALOG (self));
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
  if (self->refusal == NULL)
    {
      self->refusal = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_wrap (self->refusal, TRUE);
      gtk_label_set_xalign (self->refusal, 0);
      gtk_widget_add_css_class (GTK_WIDGET (self->refusal), "error");
      gtk_box_prepend (GTK_BOX (box), GTK_WIDGET (self->refusal));
    }
  lys_alert_inline (self->refusal, message);
  self->refused = TRUE;
  gtk_window_present (GTK_WINDOW (self));
}

/**
 * lys_dialog_get_refusal:
 *
 * Returns: (nullable): why the last answer was refused, or %NULL
 */
const char *
lys_dialog_get_refusal (LysDialog *self)
{
  g_return_val_if_fail (LYS_IS_DIALOG (self), NULL);

  if (self->refusal == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->refusal)))
    return NULL;
  return gtk_label_get_label (self->refusal);
}
