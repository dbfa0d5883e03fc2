/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

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
