/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>

G_BEGIN_DECLS

/* SHA-256 and HMAC-SHA-256, the one implementation Lysning uses for every
 * checksum, link and pseudonym it makes: nettle's, which uses the
 * processor's SHA instructions where it has them. On the stack, so that
 * the registry export can make one per entry without an allocation. */

#define LYS_SHA256_SIZE SHA256_DIGEST_SIZE
#define LYS_SHA256_HEX_LENGTH (2 * SHA256_DIGEST_SIZE)

typedef struct
{
  gboolean keyed;
  union
  {
    struct sha256_ctx plain;
    struct hmac_sha256_ctx hmac;
  } ctx;
} LysSha256;

void  lys_sha256_init       (LysSha256    *self);
void  lys_sha256_init_hmac  (LysSha256    *self,
                             const guint8 *key,
                             gsize         key_length);
void  lys_sha256_update     (LysSha256    *self,
                             const void   *data,
                             gssize        length);
void  lys_sha256_digest     (LysSha256    *self,
                             guint8        digest[LYS_SHA256_SIZE]);
void  lys_sha256_digest_hex (LysSha256    *self,
                             char          hex[LYS_SHA256_HEX_LENGTH + 1]);

char *lys_sha256_hex        (const void   *data,
                             gssize        length);
char *lys_hmac_sha256_hex   (const guint8 *key,
                             gsize         key_length,
                             const void   *data,
                             gssize        length);

/* A secret a person types (a witness code), kept as a salted PBKDF2-SHA-256:
 * "pbkdf2-sha256:ITERATIONS:SALT:HASH", salt and hash in hexadecimal */
char     *lys_secret_hash    (const char *secret);
gboolean  lys_secret_matches (const char *secret,
                              const char *stored);

G_END_DECLS
