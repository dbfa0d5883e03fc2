/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include <nettle/pbkdf2.h>

#include "lys-sha256.h"

void
lys_sha256_init (LysSha256 *self)
{
  self->keyed = FALSE;
  sha256_init (&self->ctx.plain);
}

void
lys_sha256_init_hmac (LysSha256    *self,
                      const guint8 *key,
                      gsize         key_length)
{
  self->keyed = TRUE;
  hmac_sha256_set_key (&self->ctx.hmac, key_length, key);
}

/**
 * lys_sha256_update:
 * @length: the bytes of @data, or -1 for text up to its NUL
 */
void
lys_sha256_update (LysSha256  *self,
                   const void *data,
                   gssize      length)
{
  gsize size = length < 0 ? strlen (data) : (gsize) length;

  if (self->keyed)
    hmac_sha256_update (&self->ctx.hmac, size, data);
  else
    sha256_update (&self->ctx.plain, size, data);
}

void
lys_sha256_digest (LysSha256 *self,
                   guint8     digest[LYS_SHA256_SIZE])
{
  if (self->keyed)
    hmac_sha256_digest (&self->ctx.hmac, LYS_SHA256_SIZE, digest);
  else
    sha256_digest (&self->ctx.plain, LYS_SHA256_SIZE, digest);
}

/* Lower-case hexadecimal, as GLib and sha256sum write it */
void
lys_sha256_digest_hex (LysSha256 *self,
                       char       hex[LYS_SHA256_HEX_LENGTH + 1])
{
  static const char digits[] = "0123456789abcdef";
  guint8 digest[LYS_SHA256_SIZE];

  lys_sha256_digest (self, digest);
  for (guint i = 0; i < LYS_SHA256_SIZE; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[LYS_SHA256_HEX_LENGTH] = '\0';
}

static char *
finish (LysSha256  *self,
        const void *data,
        gssize      length)
{
  char *hex = g_malloc (LYS_SHA256_HEX_LENGTH + 1);

  lys_sha256_update (self, data, length);
  lys_sha256_digest_hex (self, hex);
  return hex;
}

/**
 * lys_sha256_hex:
 * @length: the bytes of @data, or -1 for text up to its NUL
 *
 * Returns: (transfer full): the checksum, 64 hexadecimal digits
 */
char *
lys_sha256_hex (const void *data,
                gssize      length)
{
  LysSha256 checksum;

  lys_sha256_init (&checksum);
  return finish (&checksum, data, length);
}

/**
 * lys_hmac_sha256_hex:
 * @length: the bytes of @data, or -1 for text up to its NUL
 *
 * Returns: (transfer full): the keyed checksum, 64 hexadecimal digits
 */
char *
lys_hmac_sha256_hex (const guint8 *key,
                     gsize         key_length,
                     const void   *data,
                     gssize        length)
{
  LysSha256 hmac;

  lys_sha256_init_hmac (&hmac, key, key_length);
  return finish (&hmac, data, length);
}

#define SECRET_PREFIX "pbkdf2-sha256"
#define SECRET_ITERATIONS 60000
#define SECRET_SALT_BYTES 16

static char *
hex_of (const guint8 *bytes,
        gsize         n_bytes)
{
  GString *hex = g_string_sized_new (2 * n_bytes);

  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

static char *
derive (const char   *secret,
        guint         iterations,
        const guint8 *salt,
        gsize         salt_length)
{
  guint8 derived[LYS_SHA256_SIZE];

  pbkdf2_hmac_sha256 (strlen (secret), (const guint8 *) secret, iterations, salt_length, salt,
                      sizeof derived, derived);
  return hex_of (derived, sizeof derived);
}

/**
 * lys_secret_hash:
 *
 * Returns: (transfer full) (nullable): @secret salted and stretched, to
 *   keep in place of it; %NULL when the system has no randomness to give
 */
char *
lys_secret_hash (const char *secret)
{
  guint8 salt[SECRET_SALT_BYTES];
  g_autofree char *salt_hex = NULL;
  g_autofree char *derived = NULL;

  g_return_val_if_fail (secret != NULL, NULL);

  if (getrandom (salt, sizeof salt, 0) != sizeof salt)
    return NULL;
  salt_hex = hex_of (salt, sizeof salt);
  derived = derive (secret, SECRET_ITERATIONS, salt, sizeof salt);
  return g_strdup_printf (SECRET_PREFIX ":%u:%s:%s", SECRET_ITERATIONS, salt_hex, derived);
}

/**
 * lys_secret_matches:
 * @stored: (nullable): from lys_secret_hash()
 *
 * Returns: whether @secret is the one @stored was made from; %FALSE for
 *   anything @stored that is not such a hash
 */
gboolean
lys_secret_matches (const char *secret,
                    const char *stored)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *derived = NULL;
  guint8 salt[64];
  gsize salt_length, hash_length;
  guint64 iterations;
  guint8 difference = 0;

  if (secret == NULL || stored == NULL)
    return FALSE;
  parts = g_strsplit (stored, ":", -1);
  if (g_strv_length (parts) != 4 || !g_str_equal (parts[0], SECRET_PREFIX) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1000, 10000000, &iterations, NULL))
    return FALSE;
  salt_length = strlen (parts[2]) / 2;
  hash_length = strlen (parts[3]);
  if (salt_length == 0 || salt_length > sizeof salt || strlen (parts[2]) % 2 != 0 || hash_length != LYS_SHA256_HEX_LENGTH)
    return FALSE;
  for (gsize i = 0; i < salt_length; i++)
    {
      int high = g_ascii_xdigit_value (parts[2][2 * i]);
      int low = g_ascii_xdigit_value (parts[2][2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      salt[i] = (guint8) (high << 4 | low);
    }

  derived = derive (secret, (guint) iterations, salt, salt_length);
  /* In time that does not tell how much of it matched */
  for (gsize i = 0; i < hash_length; i++)
    difference |= (guint8) (derived[i] ^ g_ascii_tolower (parts[3][i]));
  return difference == 0;
}
