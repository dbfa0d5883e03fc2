/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-server-login"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "lys-error.h"
#include "lys-server-login.h"

/* Signing in to the clinic's database server. A password is asked once:
 * when the server accepts it, it is kept in the desktop's keyring (the
 * Secret Service, through libsecret) under the server, port, database and
 * user, and found there the next time. A Kerberos sign-in needs none. */

static const SecretSchema *
server_schema (void)
{
  static const SecretSchema schema = {
    "no.lysning.Lysning.Server", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static GHashTable *
attributes_for (const LysServerAddress *address)
{
  return secret_attributes_build (server_schema (),
                                  "host", address->host,
                                  "port", (int) lys_server_address_get_port (address),
                                  "database", address->database,
                                  "user", address->user,
                                  NULL);
}

/**
 * lys_server_login_lookup:
 *
 * Returns: (nullable): the password the keyring holds for @address; %NULL
 *   when it holds none or there is no keyring
 */
char *
lys_server_login_lookup (const LysServerAddress *address)
{
  g_autoptr(GHashTable) attributes = attributes_for (address);
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookupv_sync (server_schema (), attributes, NULL, &error);

  if (error != NULL)
    g_debug ("No password from the keyring: %s", error->message);
  return secret;
}

static gboolean
keep_password (const LysServerAddress  *address,
               const char              *password,
               GError                 **error)
{
  g_autoptr(GHashTable) attributes = attributes_for (address);
  g_autofree char *label = NULL;

  /* Translators: the keyring's name for the password; %s@%s is user@server */
  label = g_strdup_printf (_("Lysning clinic server %s@%s"), address->user, address->host);
  return secret_password_storev_sync (server_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                                      label, password, NULL, error);
}

/**
 * lys_server_login_open:
 * @password: (nullable): the password that was typed, or %NULL for the one
 *   the keyring holds (or none: Kerberos, a trusted local server)
 * @keyring_problem: (out) (optional): why a password the server accepted
 *   could not be kept in the keyring
 *
 * Opens the clinic on @address. Blocks: for the worker thread of
 * lys_server_login_open_async ().
 *
 * Returns: (transfer full): the clinic, or %NULL with the reason; a missing
 *   or refused password is %LYS_ERROR_PASSWORD
 */
static LysStore *
lys_server_login_open (const LysServerAddress  *address,
                       const char              *password,
                       char                   **keyring_problem,
                       GError                 **error)
{
  g_autofree char *kept = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(GError) keyring_error = NULL;
  LysStore *store;

  if (!lys_server_address_check (address, error))
    return NULL;
  if (password == NULL && address->sign_in == LYS_SERVER_SIGN_IN_PASSWORD)
    kept = lys_server_login_lookup (address);
  conninfo = lys_server_address_to_string (address, password != NULL ? password : kept);
  store = lys_store_open (conninfo, error);
  /* Not a second copy of the password in memory longer than needed */
  if (kept != NULL)
    memset (kept, 0, strlen (kept));
  memset (conninfo, 0, strlen (conninfo));
  if (store == NULL || password == NULL || *password == '\0')
    return store;

  if (!keep_password (address, password, &keyring_error) && keyring_problem != NULL)
    *keyring_problem = g_strdup (keyring_error->message);
  return store;
}

typedef struct {
  LysServerAddress *address;
  char *password;
  char *keyring_problem;
} OpenData;

static void
open_data_free (OpenData *data)
{
  lys_server_address_free (data->address);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data->keyring_problem);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  LysStore *store = lys_server_login_open (data->address, data->password, &data->keyring_problem, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/* lys_server_login_open () in a worker thread */
void
lys_server_login_open_async (const LysServerAddress *address,
                             const char             *password,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenData *data = g_new0 (OpenData, 1);

  data->address = lys_server_address_copy (address);
  data->password = g_strdup (password);
  g_task_set_source_tag (task, lys_server_login_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

LysStore *
lys_server_login_open_finish (GAsyncResult  *result,
                              char         **keyring_problem,
                              GError       **error)
{
  OpenData *data = g_task_get_task_data (G_TASK (result));
  LysStore *store = g_task_propagate_pointer (G_TASK (result), error);

  if (store != NULL && keyring_problem != NULL)
    *keyring_problem = g_steal_pointer (&data->keyring_problem);
  return store;
}
