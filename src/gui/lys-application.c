/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-application"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-application.h"
#include "lys-form.h"
#include "lys-demo.h"
#include "lys-preferences-window.h"
#include "lys-server-dialog.h"
#include "lys-server-login.h"
#include "lys-window.h"

struct _LysApplication
{
  AdwApplication parent_instance;

  char *database_path;
  gboolean demo;
  LysStore *store;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (LysApplication, lys_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_error_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      LysApplication   *self)
{
  g_application_release (G_APPLICATION (self));
}

static void
show_open_error (LysApplication *self,
                 const char     *message)
{
  AdwMessageDialog *dialog;

  g_printerr ("lysning: %s\n", message);

  dialog = lys_alert_new_dialog (NULL, _("The Clinic Database Cannot Be Opened"), message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (on_error_response_cb), self);
  g_application_hold (G_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The clinic's windows, each closed so that it saves what it holds, then
 * one window on @store: the clinic on a server the staff member connected
 * to, or the one on this computer */
static void
use_store (LysApplication *self,
           LysStore       *store)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  LysWindow *window;

  g_application_hold (G_APPLICATION (self));
  for (GList *l = windows; l != NULL; l = l->next)
    if (!LYS_IS_SERVER_DIALOG (l->data))
      gtk_window_close (l->data);
  g_list_free (windows);

  g_set_object (&self->store, store);
  window = lys_window_new (self, self->store);
  gtk_window_present (GTK_WINDOW (window));
  lys_window_reopen_work (window);
  g_application_release (G_APPLICATION (self));
}

static void
on_server_connected_cb (LysServerDialog *dialog,
                        LysStore        *store,
                        const char      *address,
                        gboolean         remember,
                        LysApplication  *self)
{
  g_settings_set_string (self->settings, "server", remember ? address : "");
  use_store (self, store);
}

/* Connect to Clinic Server, filled in with the server this computer opens
 * at start (or the one open now) */
static LysServerDialog *
show_server_dialog (LysApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *remembered = g_settings_get_string (self->settings, "server");
  const char *address = remembered;
  gboolean on_server = self->store != NULL && lys_store_is_server_address (lys_store_get_path (self->store));
  LysServerDialog *dialog;

  if (*remembered == '\0' && on_server)
    address = lys_store_get_path (self->store);
  dialog = lys_server_dialog_new (parent, address, on_server || *remembered != '\0');
  /* At start it is the only window, and keeps Lysning open */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "connected", G_CALLBACK (on_server_connected_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* Opens the database on first activation: the one named on the command
 * line, else the server this computer opens at start, else the clinic file
 * on this computer. The demo clinic is seeded the first time it is opened.
 * A remembered server is connected to from Connect to Clinic Server, shown
 * at once and connecting: the window comes when the server answers, and a
 * server that cannot be reached (or wants a password the keyring does not
 * hold) is said there, without a frozen screen meanwhile. */
static gboolean
ensure_store (LysApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *server = NULL;

  if (self->store != NULL)
    return TRUE;

  if (self->database_path == NULL && !self->demo)
    server = g_settings_get_string (self->settings, "server");
  if (server != NULL && *server != '\0')
    {
      lys_server_dialog_connect (show_server_dialog (self));
      return FALSE;
    }

  path = self->database_path ? g_strdup (self->database_path)
                             : lys_store_dup_default_path (self->demo);

  self->store = lys_store_open (path, &error);
  if (self->store != NULL && self->demo && !lys_store_is_demo (self->store) &&
      !lys_demo_seed (self->store, LYS_DEMO_PATIENTS, LYS_DEMO_HISTORY_YEARS, NULL, &error))
    g_clear_object (&self->store);

  if (self->store == NULL)
    {
      show_open_error (self, error->message);
      return FALSE;
    }

  return TRUE;
}

static void
lys_application_activate (GApplication *app)
{
  LysApplication *self = LYS_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      if (!ensure_store (self))
        return;
      window = GTK_WINDOW (lys_window_new (self, self->store));
      gtk_window_present (window);
      lys_window_reopen_work (LYS_WINDOW (window));
      return;
    }

  gtk_window_present (window);
}

/* The user guide: the installed one, or the pages LYSNING_HELP_DIR names
 * (build-aux/dev run, from the sources) */
static char *
dup_help_uri (void)
{
  const char *dir = g_getenv ("LYSNING_HELP_DIR");

  if (dir != NULL && dir[0] != '\0')
    return g_strconcat ("ghelp:", dir, NULL);
  return g_strdup ("help:" GETTEXT_PACKAGE);
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  LysApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *uri = dup_help_uri ();
  g_autofree char *scheme = g_uri_parse_scheme (uri);
  g_autoptr(GAppInfo) viewer = g_app_info_get_default_for_uri_scheme (scheme);

  if (viewer == NULL)
    {
      if (window != NULL)
        lys_alert (GTK_WIDGET (window), _("The Help Cannot Be Opened"),
                   _("This computer has no program that shows help. Ask whoever looks after it to install Help "
                     "(the package “yelp”)."));
      return;
    }
  gtk_show_uri (window, uri, GDK_CURRENT_TIME);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  LysApplication *self = user_data;
  const char *developers[] = { _("The Lysning Project"), NULL };
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Lysning"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Lysning Project"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Plan, run and follow up ketamine-assisted psychotherapy: "
                                      "preparation, infusions, integration therapy and registry follow-up."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© 2025 The Lysning Project"),
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  LysApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  LysPreferencesWindow *preferences;

  if (self->store == NULL)
    return;

  preferences = lys_preferences_window_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
connect_server_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  /* One at a time: the one open comes to the front */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (user_data)); l != NULL; l = l->next)
    if (LYS_IS_SERVER_DIALOG (l->data))
      {
        gtk_window_present (l->data);
        return;
      }
  show_server_dialog (user_data);
}

/* Back to the clinic file on this computer, at start too */
static void
use_local_clinic_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  LysApplication *self = user_data;
  g_autofree char *path = lys_store_dup_default_path (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = NULL;

  g_settings_set_string (self->settings, "server", "");
  store = lys_store_open (path, &error);
  if (store == NULL)
    {
      show_open_error (self, error->message);
      return;
    }
  use_store (self, store);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  LysApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Close rather than quit, so that each window saves its state */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "help", help_action },
  { "preferences", preferences_action },
  { "connect-server", connect_server_action },
  { "use-local-clinic", use_local_clinic_action },
  { "quit", quit_action },
};

static void
lys_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *new_patient_accels[] = { "<Control>n", NULL };
  static const char *edit_patient_accels[] = { "<Control>e", NULL };
  static const char *import_accels[] = { "<Control>i", NULL };
  static const char *export_accels[] = { "<Control><Shift>e", NULL };
  static const char *report_accels[] = { "<Control><Shift>r", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const struct { const char *action; const char *accel; } areas[] = {
    { "win.area::preparation", "<Alt>1" },
    { "win.area::schedule", "<Alt>2" },
    { "win.area::induction", "<Alt>3" },
    { "win.area::notes", "<Alt>4" },
    { "win.area::outcomes", "<Alt>5" },
    { "win.area::follow-up", "<Alt>6" },
  };

  /* No resources found by the application's id: GTK would add an icon
   * folder Lysning does not have, which makes the icon theme load a second
   * time, on the main thread, while the first frame waits */
  g_application_set_resource_base_path (app, NULL);
  G_APPLICATION_CLASS (lys_application_parent_class)->startup (app);
  /* The icon theme loads in a thread of GTK's while the clinic database
   * opens and the window is built */
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  {
    g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (style, "/no/lysning/Lysning/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  lys_form_name_choices_in_windows ();
  LYS_APPLICATION (app)->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-patient", new_patient_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.edit-patient", edit_patient_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.import-patients", import_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.export-registry", export_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.report", report_accels);
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      const char *accels[] = { areas[i].accel, NULL };
      gtk_application_set_accels_for_action (GTK_APPLICATION (app), areas[i].action, accels);
    }
}

static void
lys_application_finalize (GObject *object)
{
  LysApplication *self = (LysApplication *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_free (self->database_path);

  G_OBJECT_CLASS (lys_application_parent_class)->finalize (object);
}

static void
lys_application_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LysApplication *self = LYS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;

    case PROP_DEMO:
      self->demo = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lys_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LysApplication *self = LYS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lys_application_class_init (LysApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = lys_application_finalize;
  object_class->get_property = lys_application_get_property;
  object_class->set_property = lys_application_set_property;

  app_class->activate = lys_application_activate;
  app_class->startup = lys_application_startup;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lys_application_init (LysApplication *self)
{
}

LysApplication *
lys_application_new (const char *database_path,
                     gboolean    demo)
{
  /* A second launch on the default database joins the running one; a launch
   * on another file (or the demo) is a separate clinic and runs on its own. */
  GApplicationFlags flags = (database_path != NULL || demo)
    ? G_APPLICATION_NON_UNIQUE : G_APPLICATION_DEFAULT_FLAGS;

  return g_object_new (LYS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       /* The Devel flavour has another ID but the same resources */
                       "resource-base-path", RESOURCE_PATH,
                       "database-path", database_path,
                       "demo", demo,
                       NULL);
}
