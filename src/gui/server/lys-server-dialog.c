/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-server-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-error.h"
#include "lys-server-dialog.h"
#include "lys-server-login.h"

/* Connect to Clinic Server: where the clinic's database is and who signs in.
 * The connection is made in a worker thread while the dialog shows that it
 * works; a password is asked only when the server wants one the keyring
 * does not hold. On success "connected" hands over the open clinic. */
struct _LysServerDialog
{
  AdwWindow parent_instance;

  GCancellable *cancellable;
  gboolean busy;
  GtkWidget *focus;   /* where the focus was when connecting started */
  LysServerAddress *connecting;  /* the server being connected to */

  GtkLabel *error_label;
  GtkButton *connect_button;
  GtkStack *connect_stack;
  GtkSpinner *spinner;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *sign_in_group;
  AdwEntryRow *host_row;
  AdwEntryRow *port_row;
  AdwEntryRow *database_row;
  AdwEntryRow *user_row;
  AdwComboRow *sign_in_row;
  AdwPasswordEntryRow *password_row;
  AdwComboRow *tls_row;
  GtkSwitch *remember_switch;
  GtkButton *local_button;
};

G_DEFINE_FINAL_TYPE (LysServerDialog, lys_server_dialog, ADW_TYPE_WINDOW)

enum {
  CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
wants_password (LysServerDialog *self)
{
  return adw_combo_row_get_selected (self->sign_in_row) == LYS_SERVER_SIGN_IN_PASSWORD;
}

static void
set_busy (LysServerDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  /* The fields wait, and the focus with them: not in a field that cannot
   * take it */
  if (busy)
    {
      g_set_weak_pointer (&self->focus, gtk_root_get_focus (GTK_ROOT (self)));
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }
  gtk_stack_set_visible_child_name (self->connect_stack, busy ? "busy" : "label");
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fields_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_group), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "server.connect", !busy);
  if (!busy && self->focus != NULL)
    gtk_widget_grab_focus (self->focus);
  if (!busy)
    g_clear_weak_pointer (&self->focus);
}

static void
ask_password (LysServerDialog *self,
              const char      *message)
{
  lys_alert_inline (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_opened_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LysServerDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring_problem = NULL;
  g_autoptr(LysStore) store = lys_server_login_open_finish (result, &keyring_problem, &error);
  g_autoptr(LysServerAddress) address = g_steal_pointer (&self->connecting);
  g_autofree char *remembered = NULL;

  /* Closed while it connected: the clinic it opened is not wanted */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  set_busy (self, FALSE);
  if (store == NULL)
    {
      if (g_error_matches (error, LYS_ERROR, LYS_ERROR_PASSWORD) && wants_password (self))
        ask_password (self, error->message);
      else if (g_error_matches (error, LYS_ERROR, LYS_ERROR_PASSWORD))
        lys_alert_inline (self->error_label,
                          _("The clinic’s database server wants a password from this login, not a Kerberos ticket. "
                            "Choose Password under Sign in with, or ask whoever runs the server."));
      else
        lys_alert_inline (self->error_label, error->message);
      return;
    }
  if (keyring_problem != NULL)
    g_warning ("The password could not be kept in the keyring: %s", keyring_problem);

  remembered = lys_server_address_to_string (address, NULL);
  g_signal_emit (self, signals[CONNECTED], 0, store, remembered, gtk_switch_get_active (self->remember_switch));
  gtk_window_close (GTK_WINDOW (self));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LysServerDialog *self = LYS_SERVER_DIALOG (widget);
  g_autoptr(LysServerAddress) address = lys_server_address_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *port = row_text (self->port_row);
  const char *password = NULL;

  if (self->busy)
    return;
  address->host = row_text (self->host_row);
  address->database = row_text (self->database_row);
  address->user = row_text (self->user_row);
  address->sign_in = adw_combo_row_get_selected (self->sign_in_row) == LYS_SERVER_SIGN_IN_KERBEROS
                     ? LYS_SERVER_SIGN_IN_KERBEROS : LYS_SERVER_SIGN_IN_PASSWORD;
  switch (adw_combo_row_get_selected (self->tls_row))
    {
    case LYS_SERVER_TLS_REQUIRE: address->tls = LYS_SERVER_TLS_REQUIRE; break;
    case LYS_SERVER_TLS_PREFER: address->tls = LYS_SERVER_TLS_PREFER; break;
    default: address->tls = LYS_SERVER_TLS_VERIFY; break;
    }
  if (!lys_server_address_parse_port (port, &address->port, &error) ||
      !lys_server_address_check (address, &error))
    {
      lys_alert_inline (self->error_label, error->message);
      return;
    }
  /* A password row shown and filled in is the one to use; else the keyring's */
  if (wants_password (self) && gtk_widget_get_visible (GTK_WIDGET (self->password_row)))
    {
      password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
      if (*password == '\0')
        {
          ask_password (self, _("Write your password for the clinic’s database server."));
          return;
        }
    }

  lys_alert_inline (self->error_label, NULL);
  set_busy (self, TRUE);
  g_clear_pointer (&self->connecting, lys_server_address_free);
  self->connecting = lys_server_address_copy (address);
  lys_server_login_open_async (address, password, self->cancellable, on_opened_cb, g_object_ref (self));
}

static void
on_sign_in_changed_cb (LysServerDialog *self)
{
  if (!wants_password (self))
    gtk_widget_set_visible (GTK_WIDGET (self->password_row), FALSE);
}

static gboolean
lys_server_dialog_close_request (GtkWindow *window)
{
  LysServerDialog *self = LYS_SERVER_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (lys_server_dialog_parent_class)->close_request (window);
}

static void
lys_server_dialog_dispose (GObject *object)
{
  LysServerDialog *self = LYS_SERVER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->focus);
  g_clear_pointer (&self->connecting, lys_server_address_free);

  G_OBJECT_CLASS (lys_server_dialog_parent_class)->dispose (object);
}

static void
lys_server_dialog_class_init (LysServerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lys_server_dialog_dispose;
  window_class->close_request = lys_server_dialog_close_request;

  /**
   * LysServerDialog::connected:
   * @store: the clinic on the server, open
   * @address: the server's address, without a password
   * @remember: whether to open it at start
   */
  signals[CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 3,
                                     G_TYPE_OBJECT, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-server-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, connect_stack);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, sign_in_group);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, sign_in_row);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, tls_row);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, LysServerDialog, local_button);

  gtk_widget_class_install_action (widget_class, "server.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lys_server_dialog_init (LysServerDialog *self)
{
  AdwEntryRow *rows[4];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* Enter in any field connects */
  rows[0] = self->host_row;
  rows[1] = self->port_row;
  rows[2] = self->database_row;
  rows[3] = self->user_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    adw_entry_row_set_activates_default (rows[i], TRUE);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (self->password_row), TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->connect_button));
  g_signal_connect_swapped (self->sign_in_row, "notify::selected", G_CALLBACK (on_sign_in_changed_cb), self);
  /* The application opens the clinic on this computer (the button's
   * action, run first); this dialog is done */
  g_signal_connect_object (self->local_button, "clicked", G_CALLBACK (gtk_window_close), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

/**
 * lys_server_dialog_new:
 * @address: (nullable): the server to fill in, as lys_server_address_to_string () wrote it
 * @offer_local: whether to offer the clinic on this computer instead
 */
LysServerDialog *
lys_server_dialog_new (GtkWindow  *parent,
                       const char *address,
                       gboolean    offer_local)
{
  LysServerDialog *self = g_object_new (LYS_TYPE_SERVER_DIALOG, "transient-for", parent, NULL);
  g_autoptr(LysServerAddress) server = address ? lys_server_address_parse (address) : NULL;

  if (server != NULL)
    {
      g_autofree char *port = server->port != 0 ? g_strdup_printf ("%u", server->port) : g_strdup ("");

      gtk_editable_set_text (GTK_EDITABLE (self->host_row), server->host);
      gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
      gtk_editable_set_text (GTK_EDITABLE (self->database_row), server->database);
      gtk_editable_set_text (GTK_EDITABLE (self->user_row), server->user ? server->user : "");
      adw_combo_row_set_selected (self->sign_in_row, server->sign_in);
      adw_combo_row_set_selected (self->tls_row, server->tls);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), g_get_user_name ());
  gtk_widget_set_visible (GTK_WIDGET (self->local_button), offer_local);
  gtk_widget_grab_focus (GTK_WIDGET (server != NULL ? self->user_row : self->host_row));
  return self;
}

/**
 * lys_server_dialog_connect:
 *
 * Connects with what is filled in, as Connect does: at start, to the
 * server this computer opens
 */
void
lys_server_dialog_connect (LysServerDialog *self)
{
  g_return_if_fail (LYS_IS_SERVER_DIALOG (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "server.connect", NULL);
}
