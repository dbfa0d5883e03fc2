/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the connection to the server is protected */
typedef enum {
  LYS_SERVER_TLS_VERIFY,   /* encrypted, the server's certificate checked (sslmode=verify-full) */
  LYS_SERVER_TLS_REQUIRE,  /* encrypted, the certificate not checked */
  LYS_SERVER_TLS_PREFER,   /* encrypted when the server offers it: a server on this computer */
} LysServerTls;

/* How the staff member proves who they are */
typedef enum {
  LYS_SERVER_SIGN_IN_PASSWORD,
  LYS_SERVER_SIGN_IN_KERBEROS,  /* the Kerberos ticket of the desktop session (GSSAPI) */
} LysServerSignIn;

/* A clinic's database on a PostgreSQL server, as a workstation names it */
typedef struct {
  char *host;
  guint port;           /* 0 for the usual, 5432 */
  char *database;
  char *user;
  LysServerTls tls;
  LysServerSignIn sign_in;
} LysServerAddress;

LysServerAddress *lys_server_address_new        (void);
LysServerAddress *lys_server_address_copy       (const LysServerAddress *address);
void              lys_server_address_free       (LysServerAddress       *address);
LysServerAddress *lys_server_address_parse      (const char             *address);
gboolean          lys_server_address_parse_port (const char             *text,
                                                 guint                  *port,
                                                 GError                **error);
gboolean          lys_server_address_check      (const LysServerAddress *address,
                                                 GError                **error);
char             *lys_server_address_to_string  (const LysServerAddress *address,
                                                 const char             *password);
guint             lys_server_address_get_port   (const LysServerAddress *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysServerAddress, lys_server_address_free)

G_END_DECLS
