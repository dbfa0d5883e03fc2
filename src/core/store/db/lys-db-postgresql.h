/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-db.h"

G_BEGIN_DECLS

/* Why a server refused a connection, where it was the login */
typedef enum {
  LYS_DB_LOGIN_OTHER,             /* not the password: an unknown host, a refused login, … */
  LYS_DB_LOGIN_NEEDS_PASSWORD,    /* the server asks for a password and none was given */
  LYS_DB_LOGIN_PASSWORD_REFUSED,  /* a password was given and refused */
} LysDbLogin;

gboolean  lys_db_postgresql_is_address (const char  *database);
char     *lys_db_postgresql_dup_display_name (const char *address);
LysDb    *lys_db_postgresql_connect    (const char  *conninfo,
                                        char       **message,
                                        LysDbLogin  *login);
gboolean  lys_db_is_postgresql         (LysDb       *db);

typedef gboolean (*LysDbRevived) (LysDb    *db,
                                  gpointer  user_data);

void      lys_db_postgresql_set_revived (LysDb        *db,
                                         LysDbRevived  revived,
                                         gpointer      user_data);

/* What other connections announced: a NULL-terminated list */
typedef void (*LysDbHeard) (LysDb             *db,
                            const char * const *payloads,
                            gpointer           user_data);
typedef void (*LysDbLost)  (LysDb             *db,
                            gpointer           user_data);

gboolean  lys_db_postgresql_listen       (LysDb        *db,
                                          const char   *channel,
                                          LysDbHeard    heard,
                                          LysDbLost     lost,
                                          gpointer      user_data,
                                          GError      **error);
gboolean  lys_db_postgresql_is_connected (LysDb        *db);
gboolean  lys_db_postgresql_reconnect    (LysDb        *db);
char     *lys_db_postgresql_encrypt_password (LysDb      *db,
                                              const char *login,
                                              const char *password);

G_END_DECLS
