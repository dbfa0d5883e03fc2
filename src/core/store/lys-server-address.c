/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-server-address"

#include "config.h"

#include "lys-i18n.h"
#include <libpq-fe.h>
#include <string.h>

#include "lys-error.h"
#include "lys-server-address.h"

/* The longest name PostgreSQL keeps for a database or a login, in bytes */
#define NAME_MAX_BYTES 63
#define HOST_MAX_BYTES 253
#define DEFAULT_PORT 5432

/* How long a workstation waits for a server that does not answer, in seconds */
#define CONNECT_TIMEOUT "10"

static const char *const sslmodes[] = {
  [LYS_SERVER_TLS_VERIFY] = "verify-full",
  [LYS_SERVER_TLS_REQUIRE] = "require",
  [LYS_SERVER_TLS_PREFER] = "prefer",
};

LysServerAddress *
lys_server_address_new (void)
{
  LysServerAddress *address = g_new0 (LysServerAddress, 1);

  address->tls = LYS_SERVER_TLS_VERIFY;
  address->sign_in = LYS_SERVER_SIGN_IN_PASSWORD;
  return address;
}

LysServerAddress *
lys_server_address_copy (const LysServerAddress *address)
{
  LysServerAddress *copy = g_memdup2 (address, sizeof *address);

  copy->host = g_strdup (address->host);
  copy->database = g_strdup (address->database);
  copy->user = g_strdup (address->user);
  return copy;
}

void
lys_server_address_free (LysServerAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->host);
  g_free (address->database);
  g_free (address->user);
  g_free (address);
}

/* The port the connection goes to: the usual one unless another is set */
guint
lys_server_address_get_port (const LysServerAddress *address)
{
  return address->port != 0 ? address->port : DEFAULT_PORT;
}

/**
 * lys_server_address_parse:
 * @address: a libpq URI or connection string
 *
 * Returns: (nullable): the server, database and login @address names, or
 *   %NULL when it does not name a host and a database (a service name, a
 *   file, text that is not an address)
 */
LysServerAddress *
lys_server_address_parse (const char *address)
{
  g_autoptr(LysServerAddress) parsed = lys_server_address_new ();
  PQconninfoOption *options = address ? PQconninfoParse (address, NULL) : NULL;

  if (options == NULL)
    return NULL;
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      const char *value = o->val;

      if (value == NULL || *value == '\0')
        continue;
      if (g_str_equal (o->keyword, "host"))
        { g_free (parsed->host); parsed->host = g_strdup (value); }
      else if (g_str_equal (o->keyword, "dbname"))
        { g_free (parsed->database); parsed->database = g_strdup (value); }
      else if (g_str_equal (o->keyword, "user"))
        { g_free (parsed->user); parsed->user = g_strdup (value); }
      else if (g_str_equal (o->keyword, "port"))
        lys_server_address_parse_port (value, &parsed->port, NULL);
      else if (g_str_equal (o->keyword, "sslmode"))
        parsed->tls = g_str_equal (value, "verify-full") ? LYS_SERVER_TLS_VERIFY
                      : g_str_equal (value, "require") || g_str_equal (value, "verify-ca") ? LYS_SERVER_TLS_REQUIRE
                      : LYS_SERVER_TLS_PREFER;
      else if (g_str_equal (o->keyword, "gssencmode"))
        parsed->sign_in = g_str_equal (value, "disable") ? LYS_SERVER_SIGN_IN_PASSWORD : LYS_SERVER_SIGN_IN_KERBEROS;
    }
  PQconninfoFree (options);
  if (parsed->host == NULL || parsed->database == NULL)
    return NULL;
  return g_steal_pointer (&parsed);
}

/**
 * lys_server_address_parse_port:
 * @text: what was typed; empty for the usual port
 *
 * Returns: whether @text is a port; 0 in @port for the usual one
 */
gboolean
lys_server_address_parse_port (const char  *text,
                               guint       *port,
                               GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  guint64 value = 0;

  if (*trimmed == '\0')
    {
      *port = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (trimmed, 10, 1, 65535, &value, NULL))
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %s is what was typed as the server's port */
                   _("The port “%s” is not valid: write a number from 1 to 65535, or leave it empty for the usual port, 5432."),
                   trimmed);
      return FALSE;
    }
  *port = (guint) value;
  return TRUE;
}

static gboolean
is_host_character (char c)
{
  /* A name (db.klinikk.no), an IPv4 or IPv6 address */
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_' || c == ':';
}

/* Whether @name is a name PostgreSQL keeps as it was typed */
static gboolean
is_valid_name (const char *name)
{
  return strlen (name) <= NAME_MAX_BYTES && g_utf8_validate (name, -1, NULL) &&
         strpbrk (name, "\t\n\r") == NULL && name[0] != ' ' && !g_str_has_suffix (name, " ");
}

/**
 * lys_server_address_check:
 *
 * Returns: whether @address names a server, a database and a login a
 *   workstation can connect with; else why not, as the person who typed it
 *   is told
 */
gboolean
lys_server_address_check (const LysServerAddress  *address,
                          GError                 **error)
{
  const char *host = address->host;

  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Write the name or address of the clinic’s database server, such as db.klinikk.no."));
      return FALSE;
    }
  /* A folder is the server on this computer, through its socket */
  if (host[0] != '/')
    {
      gboolean valid = strlen (host) <= HOST_MAX_BYTES;

      for (const char *c = host; valid && *c != '\0'; c++)
        valid = is_host_character (*c);
      if (!valid)
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       /* Translators: %s is what was typed as the server */
                       _("The server “%s” is not valid: write a name such as db.klinikk.no or an address such as 10.0.0.5, without spaces."),
                       host);
          return FALSE;
        }
    }
  if (address->port > 65535)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The port is not valid: write a number from 1 to 65535."));
      return FALSE;
    }
  if (address->database == NULL || *address->database == '\0')
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Write the name of the clinic’s database on the server."));
      return FALSE;
    }
  if (!is_valid_name (address->database))
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %s is the database name that was typed */
                   _("The database name “%s” is not valid: at most 63 characters, without line breaks or spaces at either end."),
                   address->database);
      return FALSE;
    }
  if (address->user == NULL || *address->user == '\0')
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID, _("Write your user name on the server."));
      return FALSE;
    }
  if (!is_valid_name (address->user))
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %s is the user name that was typed */
                   _("The user name “%s” is not valid: at most 63 characters, without line breaks or spaces at either end."),
                   address->user);
      return FALSE;
    }
  return TRUE;
}

static void
append_option (GString    *conninfo,
               const char *keyword,
               const char *value)
{
  if (conninfo->len > 0)
    g_string_append_c (conninfo, ' ');
  g_string_append_printf (conninfo, "%s='", keyword);
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (conninfo, '\\');
      g_string_append_c (conninfo, *c);
    }
  g_string_append_c (conninfo, '\'');
}

/**
 * lys_server_address_to_string:
 * @password: (nullable): the password to sign in with
 *
 * Returns: @address as a libpq connection string, for lys_store_open ();
 *   without @password, the form to remember
 */
char *
lys_server_address_to_string (const LysServerAddress *address,
                              const char             *password)
{
  GString *conninfo = g_string_new (NULL);

  append_option (conninfo, "host", address->host ? address->host : "");
  if (address->port != 0)
    {
      char port[8];

      g_snprintf (port, sizeof port, "%u", address->port);
      append_option (conninfo, "port", port);
    }
  append_option (conninfo, "dbname", address->database ? address->database : "");
  append_option (conninfo, "user", address->user ? address->user : "");
  append_option (conninfo, "sslmode", sslmodes[address->tls]);
  /* Without Kerberos, no wait for a ticket that is not there */
  append_option (conninfo, "gssencmode", address->sign_in == LYS_SERVER_SIGN_IN_KERBEROS ? "prefer" : "disable");
  append_option (conninfo, "connect_timeout", CONNECT_TIMEOUT);
  append_option (conninfo, "application_name", "Lysning");
  if (password != NULL)
    append_option (conninfo, "password", password);
  return g_string_free (conninfo, FALSE);
}
