/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Connect to Clinic Server against a real PostgreSQL server that asks for a
 * password (build-aux/dev test runs it inside pg_virtualenv's throwaway
 * cluster) and a real keyring (gnome-keyring-daemon on the test's own
 * session bus, in a home folder of its own). */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "lys-application.h"
#include "lys-error.h"
#include "lys-server-address.h"
#include "lys-server-dialog.h"
#include "lys-server-login.h"
#include "lys-server-setup.h"
#include "lys-store-private.h"
#include "lys-holders-bar.h"
#include "lys-infusion-window.h"
#include "lys-note-window.h"
#include "lys-preferences-window.h"
#include "lys-staff-page.h"
#include "lys-schedule-page.h"
#include "lys-window.h"
#include "test-clinic.h"
#include "test-gui.h"
#include "test-raw.h"

/* A login of the server's that the keyring holds no password for */
#define STRANGER "lysning_test_stranger"

static char *home;
static char *password;
static char *database;
static GPid keyring_pid;

typedef struct {
  LysServerDialog *dialog;
  LysStore *store;
  char *address;
  gboolean remember;
} Connection;

static void
on_connected_cb (LysServerDialog *dialog,
                 LysStore        *store,
                 const char      *address,
                 gboolean         remember,
                 Connection      *connection)
{
  g_set_object (&connection->store, store);
  g_free (connection->address);
  connection->address = g_strdup (address);
  connection->remember = remember;
}

static void
connection_clear (Connection *connection)
{
  if (connection->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (connection->dialog));
  spin_until (is_gone, &connection->dialog);
  g_clear_object (&connection->store);
  g_clear_pointer (&connection->address, g_free);
}

static GtkWidget *
row (Connection *connection,
     const char *name)
{
  return child (GTK_WIDGET (connection->dialog), LYS_TYPE_SERVER_DIALOG, name);
}

static const char *
problem (Connection *connection)
{
  GtkWidget *label = row (connection, "error_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
open_dialog (Connection *connection,
             const char *address)
{
  connection->dialog = lys_server_dialog_new (NULL, address, FALSE);
  g_object_add_weak_pointer (G_OBJECT (connection->dialog), (gpointer *) &connection->dialog);
  g_signal_connect (connection->dialog, "connected", G_CALLBACK (on_connected_cb), connection);
  gtk_window_present (GTK_WINDOW (connection->dialog));
  spin_until (is_mapped, connection->dialog);
}

static void
fill_in (Connection *connection,
         const char *host,
         const char *port,
         const char *db,
         const char *user)
{
  gtk_editable_set_text (GTK_EDITABLE (row (connection, "host_row")), host);
  gtk_editable_set_text (GTK_EDITABLE (row (connection, "port_row")), port);
  gtk_editable_set_text (GTK_EDITABLE (row (connection, "database_row")), db);
  gtk_editable_set_text (GTK_EDITABLE (row (connection, "user_row")), user);
  /* The throwaway server has no certificate a workstation could verify */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (connection, "tls_row")), LYS_SERVER_TLS_PREFER);
}

static void
fill_in_test_server (Connection *connection)
{
  fill_in (connection, g_getenv ("PGHOST"), g_getenv ("PGPORT"), database, g_getenv ("PGUSER"));
}

static gboolean
answered (gpointer data)
{
  Connection *connection = data;

  return connection->store != NULL || problem (connection) != NULL;
}

/* Connect, as the button does, and wait for the server's answer */
static void
press_connect (Connection *connection)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_signal_emit_by_name (row (connection, "connect_button"), "clicked");
  /* A server's answer, the first time with the clinic's schema made */
  while (!answered (connection))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_test_message ("answered in %.1f s", (g_get_monotonic_time () - deadline) / 1e6 + 30);
}

static char *
keyring_password (void)
{
  g_autoptr(LysServerAddress) address = lys_server_address_new ();
  guint64 port = 0;

  g_assert_true (g_ascii_string_to_unsigned (g_getenv ("PGPORT"), 10, 1, 65535, &port, NULL));
  address->host = g_strdup (g_getenv ("PGHOST"));
  address->port = (guint) port;
  address->database = g_strdup (database);
  address->user = g_strdup (g_getenv ("PGUSER"));
  return lys_server_login_lookup (address);
}

/* What a user can get wrong is said, in place, and nothing connects */
static void
test_bad_input (void)
{
  static const struct {
    const char *host, *port, *db, *user, *expected;
  } cases[] = {
    { "", "", "klinikk", "kari", N_("Write the name or address of the clinic’s database server, such as db.klinikk.no.") },
    { "db klinikk.no", "", "klinikk", "kari", N_("The server “db klinikk.no” is not valid: write a name such as db.klinikk.no or an address such as 10.0.0.5, without spaces.") },
    { "db.klinikk.no", "70000", "klinikk", "kari", N_("The port “70000” is not valid: write a number from 1 to 65535, or leave it empty for the usual port, 5432.") },
    { "db.klinikk.no", "fem", "klinikk", "kari", N_("The port “fem” is not valid: write a number from 1 to 65535, or leave it empty for the usual port, 5432.") },
    { "db.klinikk.no", "", "", "kari", N_("Write the name of the clinic’s database on the server.") },
    { "db.klinikk.no", "", "klinikk", "", N_("Write your user name on the server.") },
    { "db.klinikk.no", "", "klinik\nk", "kari", N_("The database name “klinik\nk” is not valid: at most 63 characters, without line breaks or spaces at either end.") },
  };
  Connection connection = { 0 };

  open_dialog (&connection, NULL);
  /* A new connection starts from the desktop's user name */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&connection, "user_row"))), ==, g_get_user_name ());
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      fill_in (&connection, cases[i].host, cases[i].port, cases[i].db, cases[i].user);
      g_signal_emit_by_name (row (&connection, "connect_button"), "clicked");
      g_assert_cmpstr (problem (&connection), ==, _(cases[i].expected));
      g_assert_null (connection.store);
      g_assert_true (gtk_widget_get_sensitive (row (&connection, "host_row")));
    }
  assert_accessible_names (GTK_WIDGET (connection.dialog));
  save_screenshot (GTK_WIDGET (connection.dialog), "server-dialog-problem.png");
  connection_clear (&connection);
}

/* The server asks for a password once: a wrong one is refused and not
 * kept, the right one opens the clinic and is kept in the keyring; the
 * next connection finds it there and asks nothing */
static void
test_password_once (void)
{
  Connection connection = { 0 };
  GtkWidget *password_row;
  g_autofree char *kept = NULL;
  g_autofree char *address = NULL;

  open_dialog (&connection, NULL);
  fill_in_test_server (&connection);
  password_row = row (&connection, "password_row");
  g_assert_false (gtk_widget_get_visible (password_row));

  press_connect (&connection);
  g_assert_null (connection.store);
  g_assert_cmpstr (problem (&connection), ==, _("The clinic’s database server asks for your password."));
  g_assert_true (gtk_widget_get_visible (password_row));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (connection.dialog)), password_row));

  /* An empty password is not sent */
  g_signal_emit_by_name (row (&connection, "connect_button"), "clicked");
  g_assert_cmpstr (problem (&connection), ==, _("Write your password for the clinic’s database server."));

  gtk_editable_set_text (GTK_EDITABLE (password_row), "not the password");
  press_connect (&connection);
  g_assert_null (connection.store);
  g_assert_cmpstr (problem (&connection), ==,
                   _("The clinic’s database server did not accept the password. "
                     "Check the user name and the password, and try again."));
  kept = keyring_password ();
  g_assert_null (kept);

  gtk_editable_set_text (GTK_EDITABLE (password_row), password);
  press_connect (&connection);
  g_assert_nonnull (connection.store);
  g_assert_true (connection.remember);
  /* The staff profile is the server login */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT username FROM staff WHERE id = %" G_GINT64_FORMAT,
                                            lys_store_get_current_staff_id (connection.store));
    g_autofree char *username = test_clinic_query_text (connection.store, sql);

    g_assert_cmpstr (username, ==, g_getenv ("PGUSER"));
  }
  /* What is remembered holds no password; the keyring holds it */
  g_assert_null (strstr (connection.address, password));
  g_assert_null (strstr (connection.address, "password"));
  kept = keyring_password ();
  g_assert_cmpstr (kept, ==, password);
  spin_until (is_gone, &connection.dialog);
  address = g_strdup (connection.address);
  connection_clear (&connection);

  /* Next time: filled in from what was remembered, and no password asked */
  open_dialog (&connection, address);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&connection, "database_row"))), ==, database);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row (&connection, "tls_row"))), ==, LYS_SERVER_TLS_PREFER);
  g_assert_false (gtk_widget_get_visible (row (&connection, "password_row")));
  press_connect (&connection);
  /* Opened with no password typed: the keyring's */
  g_assert_nonnull (connection.store);
  g_assert_null (connection.dialog);
  connection_clear (&connection);
}

/* The clinic window of @app, when it has one on a server (@on_server) or
 * on this computer */
typedef struct {
  GtkApplication *app;
  gboolean on_server;
} WindowWanted;

static gboolean
has_clinic_window (gpointer data)
{
  WindowWanted *wanted = data;

  for (GList *l = gtk_application_get_windows (wanted->app); l != NULL; l = l->next)
    {
      g_autoptr(LysStore) store = NULL;

      if (!LYS_IS_WINDOW (l->data) || !gtk_widget_get_mapped (l->data))
        continue;
      g_object_get (l->data, "store", &store, NULL);
      if (lys_store_is_server_address (lys_store_get_path (store)) == wanted->on_server)
        return TRUE;
    }
  return FALSE;
}

static guint
count_clinic_windows (GtkApplication *app)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    n += LYS_IS_WINDOW (l->data);
  return n;
}

/* Opens Connect to Clinic Server from the main menu */
static void
open_from_menu (GApplication *app,
                Connection   *connection)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "connect-server", NULL);
  connection->dialog = LYS_SERVER_DIALOG (find_toplevel (LYS_TYPE_SERVER_DIALOG));
  g_assert_nonnull (connection->dialog);
  g_object_add_weak_pointer (G_OBJECT (connection->dialog), (gpointer *) &connection->dialog);
  spin_until (is_mapped, connection->dialog);
}

/* The application. At start, with a server remembered and no window yet,
 * Connect to Clinic Server shows at once, connecting, and the window comes
 * when the server answers; a login whose password the keyring does not
 * hold is asked for it there. Use the Clinic on This Computer goes back to
 * the file and forgets the server; connecting from the main menu replaces
 * the clinic window with one on the server, remembered for the next
 * start. */
static void
test_application (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(LysServerAddress) address = lys_server_address_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remembered = NULL;
  g_autoptr(LysApplication) app = lys_application_new (NULL, FALSE);
  WindowWanted wanted = { GTK_APPLICATION (app), TRUE };
  guint64 port = 0;
  Connection connection = { 0 };

  g_assert_true (g_ascii_string_to_unsigned (g_getenv ("PGPORT"), 10, 1, 65535, &port, NULL));
  address->host = g_strdup (g_getenv ("PGHOST"));
  address->port = (guint) port;
  address->database = g_strdup (database);
  address->user = g_strdup (STRANGER);
  address->tls = LYS_SERVER_TLS_PREFER;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  for (guint round = 0; round < 2; round++)
    {
      g_clear_pointer (&remembered, g_free);
      remembered = lys_server_address_to_string (address, NULL);
      g_settings_set_string (settings, "server", remembered);
      g_application_activate (G_APPLICATION (app));

      /* The dialog at once, and no clinic window before the server answers */
      connection.dialog = LYS_SERVER_DIALOG (find_toplevel (LYS_TYPE_SERVER_DIALOG));
      g_assert_nonnull (connection.dialog);
      g_object_add_weak_pointer (G_OBJECT (connection.dialog), (gpointer *) &connection.dialog);
      g_assert_cmpuint (count_clinic_windows (GTK_APPLICATION (app)), ==, 0);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&connection, "user_row"))), ==, address->user);

      if (round == 0)
        {
          GtkWidget *password_row = row (&connection, "password_row");

          /* A login the keyring has no password for */
          spin_until (answered, &connection);
          g_assert_cmpstr (problem (&connection), ==, _("The clinic’s database server asks for your password."));
          g_assert_true (gtk_widget_get_visible (password_row));
          g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (connection.dialog)), password_row));
          save_screenshot (GTK_WIDGET (connection.dialog), "server-dialog-password.png");
          gtk_window_destroy (GTK_WINDOW (connection.dialog));
          spin_until (is_gone, &connection.dialog);
          g_clear_pointer (&address->user, g_free);
          address->user = g_strdup (g_getenv ("PGUSER"));
        }
      else
        {
          /* The keyring's password: straight to the clinic */
          spin_until (has_clinic_window, &wanted);
          spin_until (is_gone, &connection.dialog);
          g_assert_cmpuint (count_clinic_windows (GTK_APPLICATION (app)), ==, 1);
        }
    }

  /* Back to the clinic on this computer, offered now that a server is open */
  open_from_menu (G_APPLICATION (app), &connection);
  g_assert_true (gtk_widget_get_visible (row (&connection, "local_button")));
  g_signal_emit_by_name (row (&connection, "local_button"), "clicked");
  wanted.on_server = FALSE;
  spin_until (has_clinic_window, &wanted);
  spin_until (is_gone, &connection.dialog);
  g_assert_cmpuint (count_clinic_windows (GTK_APPLICATION (app)), ==, 1);
  g_clear_pointer (&remembered, g_free);
  remembered = g_settings_get_string (settings, "server");
  g_assert_cmpstr (remembered, ==, "");

  /* And to the server again from the main menu: nothing to go back to;
   * the menu again brings the same dialog to the front */
  open_from_menu (G_APPLICATION (app), &connection);
  g_assert_false (gtk_widget_get_visible (row (&connection, "local_button")));
  g_action_group_activate_action (G_ACTION_GROUP (app), "connect-server", NULL);
  {
    guint dialogs = 0;

    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
      dialogs += LYS_IS_SERVER_DIALOG (l->data);
    g_assert_cmpuint (dialogs, ==, 1);
  }
  /* Kerberos where the server wants a password: said, no password row */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (&connection, "sign_in_row")), LYS_SERVER_SIGN_IN_KERBEROS);
  gtk_editable_set_text (GTK_EDITABLE (row (&connection, "host_row")), g_getenv ("PGHOST"));
  gtk_editable_set_text (GTK_EDITABLE (row (&connection, "port_row")), g_getenv ("PGPORT"));
  gtk_editable_set_text (GTK_EDITABLE (row (&connection, "database_row")), database);
  gtk_editable_set_text (GTK_EDITABLE (row (&connection, "user_row")), STRANGER);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (&connection, "tls_row")), LYS_SERVER_TLS_PREFER);
  press_connect (&connection);
  g_assert_null (connection.store);
  g_assert_true (g_str_has_prefix (problem (&connection), _("The clinic’s database server wants a password from this login, "
                                                            "not a Kerberos ticket. Choose Password under Sign in with, "
                                                            "or ask whoever runs the server.")));
  g_assert_false (gtk_widget_get_visible (row (&connection, "password_row")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (&connection, "sign_in_row")), LYS_SERVER_SIGN_IN_PASSWORD);
  fill_in_test_server (&connection);
  g_signal_emit_by_name (row (&connection, "connect_button"), "clicked");
  wanted.on_server = TRUE;
  spin_until (has_clinic_window, &wanted);
  spin_until (is_gone, &connection.dialog);
  g_assert_cmpuint (count_clinic_windows (GTK_APPLICATION (app)), ==, 1);
  g_clear_pointer (&remembered, g_free);
  remembered = g_settings_get_string (settings, "server");
  g_assert_nonnull (strstr (remembered, database));
  g_assert_null (strstr (remembered, "password"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  settle ();
  g_settings_reset (settings, "server");
}

/* A server that is not there is said so, and the dialog can try again */
static void
test_unreachable (void)
{
  Connection connection = { 0 };

  open_dialog (&connection, NULL);
  /* A port nothing listens on */
  fill_in (&connection, "127.0.0.1", "9", database, "kari");
  press_connect (&connection);
  g_assert_null (connection.store);
  {
    /* The wording, then the server's own reason */
    g_auto(GStrv) parts = g_strsplit (_("The clinic’s database server cannot be reached: %s"), "%s", 2);

    g_assert_true (g_str_has_prefix (problem (&connection), parts[0]));
    g_assert_cmpuint (strlen (problem (&connection)), >, strlen (parts[0]));
  }
  g_assert_true (gtk_widget_get_sensitive (row (&connection, "host_row")));
  g_assert_true (gtk_widget_get_sensitive (row (&connection, "connect_button")));
  connection_clear (&connection);
}

/* The stranger's login made, or dropped: a password only the server knows */
static void
stranger (gboolean make)
{
  g_autoptr(LysDb) db = test_raw_connect ("postgresql:///postgres");
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_db_exec (db, make ? "CREATE ROLE " STRANGER " LOGIN PASSWORD 'not in any keyring'"
                                       : "DROP ROLE IF EXISTS " STRANGER, &error));
  g_assert_no_error (error);
}

static void
start_keyring (void)
{
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  int in = -1;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                           G_SPAWN_STDOUT_TO_DEV_NULL,
                                           NULL, NULL, &keyring_pid, &in, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The login keyring's password, then end of input */
  g_assert_cmpint (write (in, "lysning-test", 12), ==, 12);
  close (in);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(GVariant) owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "NameHasOwner",
                                                               g_variant_new ("(s)", "org.freedesktop.secrets"),
                                                               G_VARIANT_TYPE ("(b)"), 0, -1, NULL, NULL);
      gboolean has_owner = FALSE;

      if (owner != NULL)
        g_variant_get (owner, "(b)", &has_owner);
      if (has_owner)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
}

/* A clinic database of its own on the test server, set up for a team of
 * two logins whose password is "desk-test" (@first the lead when
 * @first_leads); its administrator's store, and PGPASSWORD set for it until
 * the test ends */
static LysStore *
set_up_two (char       **address,
            const char  *first,
            LysRole      first_role,
            gboolean     first_leads,
            const char  *second,
            LysRole      second_role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *passwords = NULL;
  LysStore *admin;

  g_setenv ("PGPASSWORD", password, TRUE);
  *address = test_clinic_new_address (home);
  admin = lys_store_open (*address, &error);
  g_assert_no_error (error);
  g_assert_true (lys_server_init (*address, &error));
  g_assert_true (lys_server_add_staff (*address, first, first_role, first_leads, &error));
  g_assert_true (lys_server_add_staff (*address, second, second_role, FALSE, &error));
  g_assert_no_error (error);
  passwords = g_strdup_printf ("ALTER ROLE \"%s\" PASSWORD 'desk-test'; ALTER ROLE \"%s\" PASSWORD 'desk-test'",
                               first, second);
  g_assert_cmpint (test_clinic_exec (admin, passwords), ==, LYS_DB_FAULT_NONE);
  return admin;
}

/* Two desks, each its own login */

typedef struct
{
  char *address;
  LysStore *store;
  GtkWidget *window;
} Desk;

static void
desk_open (Desk       *desk,
           const char *database_name,
           const char *login)
{
  g_autoptr(GError) error = NULL;

  desk->address = g_strdup_printf ("dbname=%s user=%s password=desk-test", database_name, login);
  desk->store = lys_store_open (desk->address, &error);
  g_assert_no_error (error);
  desk->window = GTK_WIDGET (lys_window_new (NULL, desk->store));
  gtk_window_present (GTK_WINDOW (desk->window));
  spin_until (is_mapped, desk->window);
}

static void
desk_close (Desk *desk)
{
  gtk_window_destroy (GTK_WINDOW (desk->window));
  await (!g_main_context_iteration (NULL, FALSE));
  g_clear_object (&desk->store);
  g_free (desk->address);
}

static guint
count_blocks (GtkWidget *schedule)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new ();

  collect_css_class (child (schedule, LYS_TYPE_SCHEDULE_PAGE, "week_grid"), "schedule-block", blocks);
  return blocks->len;
}

static char *
draft_of (const char *address,
          gint64      note_id)
{
  g_autoptr(LysDb) db = test_raw_connect (address);
  g_autoptr(LysDbStmt) stmt = lys_db_prepare (db, "SELECT body FROM notes WHERE id = ?1", NULL);

  lys_db_bind_int64 (stmt, 1, note_id);
  return lys_db_step (stmt) == LYS_DB_ROW ? g_strdup (lys_db_column_text (stmt, 0)) : NULL;
}

/* Typed as a hand types: a character at a time, the window drawing
 * between them */
static void
type_slowly (GtkTextBuffer *buffer,
             const char    *text)
{
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      gtk_text_buffer_insert_at_cursor (buffer, c, (int) (g_utf8_next_char (c) - c));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (15 * 1000);
    }
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef struct
{
  const char *address;
  gint64 note_id;
  const char *text;
} DraftWait;

static gboolean
draft_is (gpointer data)
{
  DraftWait *wait = data;
  g_autofree char *body = draft_of (wait->address, wait->note_id);

  return g_strcmp0 (body, wait->text) == 0;
}

/* A coordinator's and a psychologist's desk on one clinic server: what the
 * coordinator books shows in the psychologist's week within a second; the
 * psychologist's note, typed while the server stops and starts again,
 * keeps every character and is the coordinator's to read neither in the
 * window nor through psql with their own login */
static void
test_two_desks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *admin_address = NULL;
  g_autoptr(LysStore) admin = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = NULL;
  const char *name;
  Desk coordinator = { 0 }, psychologist = { 0 };
  GtkWidget *schedule, *note;
  GtkTextBuffer *buffer;
  GtkInfoBar *bar;
  gint64 patient, session = 0, note_id, booked, started;
  guint before;
  TestChanges changes;
  DraftWait wait;
  g_autofree char *typed = NULL;

  /* The clinic: a server set up for a team, a patient */
  admin = set_up_two (&admin_address, "kari.desk", LYS_ROLE_COORDINATOR, FALSE, "per.desk", LYS_ROLE_PSYCHOLOGIST);
  name = admin_address + strlen ("postgresql:///");
  {
    g_autoptr(LysPatient) kari = g_object_new (LYS_TYPE_PATIENT, "national-id", "15046600344", "given-name", "Kari",
                                               "family-name", "Nordmann", NULL);

    g_assert_true (lys_store_add_patient (admin, kari, &error));
    g_assert_no_error (error);
    patient = lys_patient_get_id (kari);
  }

  desk_open (&coordinator, name, "kari.desk");
  desk_open (&psychologist, name, "per.desk");
  g_assert_cmpint (lys_store_get_current_role (psychologist.store), ==, LYS_ROLE_PSYCHOLOGIST);

  /* The coordinator books a preparation session with the psychologist on
   * the next day the clinic is open; the psychologist's week shows it */
  schedule = lys_window_get_area (LYS_WINDOW (psychologist.window), "schedule");
  show_area (psychologist.window, "schedule");
  test_watch_changes (lys_schedule_page_get_bookings (LYS_SCHEDULE_PAGE (schedule)), &changes);
  for (guint i = 1; i < 14 && session == 0; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_days (now, i);

      g_clear_pointer (&day, g_date_time_unref);
      day = g_date_time_new_local (g_date_time_get_year (at), g_date_time_get_month (at),
                                   g_date_time_get_day_of_month (at), 10, 0, 0);
      lys_schedule_page_show_day (LYS_SCHEDULE_PAGE (schedule), day);
      settle ();
      before = count_blocks (schedule);
      changes.calls = 0;
      session = lys_store_book_preparation (coordinator.store, patient, day, 60,
                                            lys_store_get_current_staff_id (psychologist.store), &error);
      if (session == 0)
        {
          g_test_message ("%s", error->message);
          g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
          g_clear_error (&error);
        }
    }
  g_assert_cmpint (session, >, 0);
  booked = g_get_monotonic_time ();
  await (count_blocks (schedule) == before + 1);
  g_test_message ("the other desk showed the booking after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - booked) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - booked, <, G_USEC_PER_SEC);
  /* As one booking added to the week's model, nothing read again */
  settle ();
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  save_screenshot (psychologist.window, "two-desks-schedule.png");

  /* The psychologist writes the session's note once it has begun */
  {
    g_autoptr(GDateTime) held = g_date_time_add_minutes (day, 30);

    _lys_store_set_clock (psychologist.store, held);
  }
  note_id = lys_store_create_note (psychologist.store, patient, session, "soap", &error);
  g_assert_no_error (error);
  note = GTK_WIDGET (lys_note_window_present (GTK_WINDOW (psychologist.window), psychologist.store, note_id, FALSE,
                                              &error));
  g_assert_no_error (error);
  spin_until (is_mapped, note);

  /* The same draft open at another desk of the same psychologist: the
   * window says so at once, and no more once it is let go of */
  {
    g_autofree char *again = g_strdup_printf ("dbname=%s user=per.desk password=desk-test", name);
    g_autoptr(LysStore) second = lys_store_open (again, &error);
    GtkWidget *holders = child (note, LYS_TYPE_NOTE_WINDOW, "holders_bar");
    GtkWidget *label;

    g_assert_no_error (error);
    g_assert_false (gtk_widget_get_visible (gtk_widget_get_first_child (holders)));
    lys_store_hold_record (second, LYS_HELD_NOTE, note_id);
    booked = g_get_monotonic_time ();
    await (gtk_widget_get_visible (gtk_widget_get_first_child (holders)));
    g_assert_cmpint (g_get_monotonic_time () - booked, <, G_USEC_PER_SEC);
    label = find_descendant (holders, GTK_TYPE_LABEL, NULL);
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), lys_store_get_current_staff_name (second)));
    save_screenshot (note, "note-open-elsewhere.png");
    /* Gone with its connection, as when the other desk closes or fails */
    g_clear_object (&second);
    await (!gtk_widget_get_visible (gtk_widget_get_first_child (holders)));
  }
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (note, LYS_TYPE_NOTE_WINDOW, "main_view")));
  {
    GtkTextIter at;

    /* Under the first heading */
    gtk_text_buffer_get_iter_at_line (buffer, &at, 1);
    gtk_text_buffer_place_cursor (buffer, &at);
  }
  type_slowly (buffer, "Første del før stoppen. ");
  wait = (DraftWait) { admin_address, note_id, NULL };
  wait.text = typed = buffer_text (buffer);
  spin_until (draft_is, &wait);

  /* The server stops while the typing goes on: the window says so and keeps
   * the text; started again, the window comes back and saves it all */
  bar = GTK_INFO_BAR (child (psychologist.window, LYS_TYPE_WINDOW, "connection_bar"));
  g_assert_false (gtk_info_bar_get_revealed (bar));
  test_clinic_control_server ("stop");
  type_slowly (buffer, "Andre del, mens tjeneren er borte. ");
  await (gtk_info_bar_get_revealed (bar));
  type_slowly (buffer, "Tredje del.");
  /* The draft's save fails, and the window says so */
  await (gtk_widget_get_visible (child (note, LYS_TYPE_NOTE_WINDOW, "error_label")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (note, LYS_TYPE_NOTE_WINDOW, "error_label"))),
                            "cannot be reached"));
  /* Closed now, it would lose the text: it asks, and stays open */
  gtk_window_close (GTK_WINDOW (note));
  {
    GtkWidget *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    GtkWidget *keep;

    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "The Draft Is Not Saved");
    spin_until (is_mapped, dialog);
    assert_distinct_responses (dialog);
    keep = find_descendant (dialog, GTK_TYPE_BUTTON, "_Keep Open");
    g_assert_nonnull (keep);
    /* Held here: what is asserted is that it leaves the screen */
    g_object_ref (dialog);
    g_signal_emit_by_name (keep, "clicked");
    await (!gtk_widget_get_visible (dialog));
    g_object_unref (dialog);
  }
  g_assert_true (gtk_widget_get_visible (note));
  {
    GtkWidget *revealer = find_descendant (GTK_WIDGET (bar), GTK_TYPE_REVEALER, NULL);

    await (gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)));
  }
  save_screenshot (psychologist.window, "server-away.png");
  save_screenshot (note, "server-away-note.png");
  started = g_get_monotonic_time ();
  test_clinic_control_server ("start");
  g_free (typed);
  wait.text = typed = buffer_text (buffer);
  g_assert_nonnull (strstr (typed, "Første del før stoppen. Andre del, mens tjeneren er borte. Tredje del."));
  /* Within the store's retry after the server is up; more time under the
   * sanitizers */
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (!draft_is (&wait))
      {
        if (g_get_monotonic_time () > deadline)
          g_error ("The draft was not saved after the server came back: %s",
                   gtk_label_get_label (GTK_LABEL (child (note, LYS_TYPE_NOTE_WINDOW, "error_label"))));
        for (guint i = 0; i < 20; i++)
          g_main_context_iteration (NULL, FALSE);
        g_usleep (20 * 1000);
      }
  }
  await (!gtk_info_bar_get_revealed (bar));
  g_assert_false (gtk_widget_get_visible (child (note, LYS_TYPE_NOTE_WINDOW, "error_label")));
  g_test_message ("saved %" G_GINT64_FORMAT " ms after the server was started",
                  (g_get_monotonic_time () - started) / 1000);

  /* Every section written, then signed */
  gtk_text_buffer_set_text (buffer, "Subjective\nBedre søvn.\nObjective\nRolig.\nAssessment\nBedring.\n"
                                    "Plan\nNeste infusjon.", -1);
  g_free (typed);
  wait.text = typed = buffer_text (buffer);
  spin_until (draft_is, &wait);

  /* Signed: the coordinator reads no word of it, in the window or with psql */
  g_assert_true (lys_store_sign_notes (psychologist.store, &note_id, 1, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (note));
  {
    g_autoptr(GPtrArray) notes = lys_store_list_patient_notes (coordinator.store, patient, &error);

    g_assert_null (notes);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
    g_clear_error (&error);
  }
  {
    g_autoptr(LysDb) db = test_raw_connect (coordinator.address);
    g_autoptr(LysDbStmt) stmt = lys_db_prepare (db, "SELECT body FROM notes", NULL);

    g_assert_cmpint (lys_db_step (stmt), ==, LYS_DB_ERROR);
    g_assert_cmpint (lys_db_get_fault (db), ==, LYS_DB_FAULT_DENIED);
  }

  desk_close (&coordinator);
  desk_close (&psychologist);
  g_clear_object (&admin);
  test_clinic_drop_address (admin_address);
  g_unsetenv ("PGPASSWORD");
}

/* The bedside record on two desks, a nurse's and a physician's: a reading
 * the nurse enters shows on the physician's screen at once, which names the
 * nurse as having the record open. Entered while the server is away, the
 * reading is said not recorded and stays in its fields, and goes in with
 * Enter once the server is back. */
static void
test_bedside_away (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *admin_address = NULL;
  g_autofree char *as_nurse = NULL;
  g_autofree char *as_physician = NULL;
  g_autoptr(LysStore) admin = NULL;
  g_autoptr(LysStore) nurse = NULL;
  g_autoptr(LysStore) physician = NULL;
  g_autoptr(GDateTime) nine = test_clinic_today_at (9, 0);
  g_autoptr(GDateTime) quarter_to = test_clinic_today_at (8, 45);
  g_autoptr(GDateTime) ten_to = test_clinic_today_at (8, 50);
  GtkWidget *bedside, *watching, *box, *holders;
  const char *name;
  TestClinic clinic;
  gint64 infusion, entered;

  admin = set_up_two (&admin_address, "nina.bedside", LYS_ROLE_NURSE, FALSE, "lars.bedside", LYS_ROLE_PHYSICIAN);
  name = admin_address + strlen ("postgresql:///");
  test_clinic_setup (admin, nine, TEST_CLINIC_READY, &clinic);

  as_nurse = g_strdup_printf ("dbname=%s user=nina.bedside password=desk-test", name);
  as_physician = g_strdup_printf ("dbname=%s user=lars.bedside password=desk-test", name);
  nurse = lys_store_open (as_nurse, &error);
  g_assert_no_error (error);
  physician = lys_store_open (as_physician, &error);
  g_assert_no_error (error);
  g_assert_true (lys_store_follow_others (nurse, &error) && lys_store_follow_others (physician, &error));
  g_assert_no_error (error);
  _lys_store_set_clock (nurse, quarter_to);
  _lys_store_set_clock (physician, quarter_to);
  infusion = lys_store_open_infusion (nurse, clinic.appointment, &error);
  g_assert_no_error (error);

  bedside = GTK_WIDGET (lys_infusion_window_present (NULL, nurse, infusion));
  watching = GTK_WIDGET (lys_infusion_window_present (NULL, physician, infusion));
  spin_until (is_mapped, bedside);
  spin_until (is_mapped, watching);

  /* Each names the other as having it open */
  holders = child (watching, LYS_TYPE_INFUSION_WINDOW, "holders_bar");
  await (gtk_widget_get_visible (gtk_widget_get_first_child (holders)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (find_descendant (holders, GTK_TYPE_LABEL, NULL))),
                            lys_store_get_current_staff_name (nurse)));

  /* A reading entered at the bedside is on the other screen at once */
  type_reading (bedside, "128", "82", "70", "98");
  entered = g_get_monotonic_time ();
  await (count_rows (child (watching, LYS_TYPE_INFUSION_WINDOW, "vitals_list")) == 1);
  g_test_message ("the other screen showed the reading after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - entered) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - entered, <, G_USEC_PER_SEC);

  /* Entered while the server is away: kept in its fields, said not saved */
  test_clinic_control_server ("stop");
  _lys_store_set_clock (nurse, ten_to);
  type_reading (bedside, "131", "84", "72", "97");
  {
    GtkWidget *alert = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    g_assert_nonnull (alert);
    spin_until (is_mapped, alert);
    save_screenshot (alert, "bedside-server-away.png");
  }
  dismiss_alert ("cannot be reached");
  /* The store knows the server is away, as the main window's bar says */
  await (!lys_store_get_connected (nurse));
  box = child (bedside, LYS_TYPE_INFUSION_WINDOW, "reading_box");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nth_descendant (box, GTK_TYPE_ENTRY, 0))), ==, "131");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nth_descendant (box, GTK_TYPE_ENTRY, 3))), ==, "97");

  /* Back: the fields still hold it, and Enter records it */
  test_clinic_control_server ("start");
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (!lys_store_get_connected (nurse))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10 * 1000);
      }
  }
  settle ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nth_descendant (box, GTK_TYPE_ENTRY, 0))), ==, "131");
  g_signal_emit_by_name (nth_descendant (box, GTK_TYPE_ENTRY, 3), "activate");
  await (count_rows (child (bedside, LYS_TYPE_INFUSION_WINDOW, "vitals_list")) == 2);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT count (*) FROM vitals"), ==, 2);
  g_assert_cmpint (test_clinic_query_int (admin, "SELECT systolic FROM vitals ORDER BY id DESC LIMIT 1"), ==, 131);
  await (count_rows (child (watching, LYS_TYPE_INFUSION_WINDOW, "vitals_list")) == 2);

  gtk_window_destroy (GTK_WINDOW (watching));
  gtk_window_destroy (GTK_WINDOW (bedside));
  g_clear_object (&nurse);
  g_clear_object (&physician);
  g_clear_object (&admin);
  test_clinic_drop_address (admin_address);
  g_unsetenv ("PGPASSWORD");
}

/* Preferences, Staff, as @login sees it on the clinic's database @name */
static LysStore *
open_staff_page (const char            *name,
                 const char            *login,
                 LysPreferencesWindow **prefs,
                 GtkWidget            **staff_page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_strdup_printf ("dbname=%s user=%s password=desk-test", name, login);
  LysStore *store = lys_store_open (address, &error);

  g_assert_no_error (error);
  *prefs = lys_preferences_window_new (store);
  gtk_window_present (GTK_WINDOW (*prefs));
  spin_until (is_mapped, *prefs);
  *staff_page = child (GTK_WIDGET (*prefs), LYS_TYPE_PREFERENCES_WINDOW, "staff_page");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (*prefs), ADW_PREFERENCES_PAGE (*staff_page));
  return store;
}

/* The clinic lead adds a colleague's login in Preferences, Staff; the
 * colleague signs in with it in the role chosen. Others see no such
 * button. */
static void
test_add_login (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *admin_address = NULL;
  g_autofree char *nils_address = NULL;
  g_autoptr(LysStore) admin = NULL;
  g_autoptr(LysStore) lena = NULL;
  g_autoptr(LysStore) kari = NULL;
  g_autoptr(LysStore) nils = NULL;
  LysPreferencesWindow *prefs;
  GtkWidget *staff_page, *dialog, *extra;
  const char *name;

  admin = set_up_two (&admin_address, "lena.lead", LYS_ROLE_PHYSICIAN, TRUE, "kari.desk", LYS_ROLE_COORDINATOR);
  name = admin_address + strlen ("postgresql:///");
  test_clinic_exec (admin, "DROP ROLE IF EXISTS \"nils.nurse\"");
  lena = open_staff_page (name, "lena.lead", &prefs, &staff_page);
  await (gtk_widget_get_visible (child (staff_page, LYS_TYPE_STAFF_PAGE, "add_login_button")));

  /* A password too short is refused in the dialog, which stays */
  gtk_widget_activate_action (staff_page, "staff.add-login", NULL);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  spin_until (is_mapped, dialog);
  assert_accessible_names (dialog);
  extra = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  gtk_editable_set_text (GTK_EDITABLE (nth_descendant (extra, GTK_TYPE_ENTRY, 0)), "nils.nurse");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (nth_descendant (extra, GTK_TYPE_DROP_DOWN, 0)), LYS_ROLE_NURSE);
  gtk_editable_set_text (GTK_EDITABLE (nth_descendant (extra, GTK_TYPE_ENTRY, 1)), "kort");
  g_assert_false (gtk_entry_get_visibility (GTK_ENTRY (nth_descendant (extra, GTK_TYPE_ENTRY, 1))));
  save_screenshot (dialog, "add-login.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  g_assert_true (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (nth_descendant (extra, GTK_TYPE_ENTRY, 1)), "sykepleier-2026");
  click_dialog_button ("_Add Login");

  /* Nils signs in as a nurse */
  nils_address = g_strdup_printf ("dbname=%s user=nils.nurse password=sykepleier-2026", name);
  nils = lys_store_open (nils_address, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lys_store_get_current_role (nils), ==, LYS_ROLE_NURSE);
  g_clear_object (&nils);
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* A coordinator is offered no such thing */
  kari = open_staff_page (name, "kari.desk", &prefs, &staff_page);
  settle ();
  g_assert_false (gtk_widget_get_visible (child (staff_page, LYS_TYPE_STAFF_PAGE, "add_login_button")));
  gtk_window_destroy (GTK_WINDOW (prefs));

  g_clear_object (&kari);
  g_clear_object (&lena);
  test_clinic_exec (admin, "DROP ROLE IF EXISTS \"nils.nurse\"");
  g_clear_object (&admin);
  test_clinic_drop_address (admin_address);
  g_unsetenv ("PGPASSWORD");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (g_strcmp0 (g_getenv ("LYSNING_TEST_ENGINE"), "postgresql") != 0)
    {
      g_print ("1..0 # SKIP needs a PostgreSQL server: meson test --setup postgresql\n");
      return 0;
    }
  /* A home of its own: the keyring's files, the clinic's anchors */
  home = g_dir_make_tmp ("lysning-server-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  g_chmod (home, 0700);

  test_gui_init (&argc, &argv);
  start_keyring ();

  /* The clinic's database is made with the server's password; then the
   * password is only what the tests type */
  {
    g_autofree char *path = test_clinic_new_address (home);

    database = g_strdup (path + strlen ("postgresql:///"));
  }
  stranger (TRUE);
  password = g_strdup (g_getenv ("PGPASSWORD"));
  g_assert_nonnull (password);
  g_unsetenv ("PGPASSWORD");

  g_test_add_func ("/gui/server/bad-input", test_bad_input);
  g_test_add_func ("/gui/server/password-once", test_password_once);
  g_test_add_func ("/gui/server/unreachable", test_unreachable);
  g_test_add_func ("/gui/server/application", test_application);
  g_test_add_func ("/gui/server/two-desks", test_two_desks);
  g_test_add_func ("/gui/server/add-login", test_add_login);
  g_test_add_func ("/gui/server/bedside-away", test_bedside_away);
  status = g_test_run ();

  g_setenv ("PGPASSWORD", password, TRUE);
  stranger (FALSE);
  {
    g_autofree char *path = g_strdup_printf ("postgresql:///%s", database);

    test_clinic_drop_address (path);
  }
  kill (keyring_pid, SIGTERM);
  g_spawn_close_pid (keyring_pid);
  test_remove_dir (home);
  return status;
}
