/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LYS_ERROR (lys_error_quark ())

typedef enum
{
  LYS_ERROR_FAILED,
  LYS_ERROR_IO,
  LYS_ERROR_CORRUPT,
  LYS_ERROR_NOT_A_DATABASE,
  LYS_ERROR_NEWER_SCHEMA,
  LYS_ERROR_INVALID,
  LYS_ERROR_EXISTS,
  LYS_ERROR_NOT_FOUND,
  LYS_ERROR_HAS_DATA,
  LYS_ERROR_PERMISSION,
  LYS_ERROR_LOCKED,
  LYS_ERROR_CONFLICT,      /* a booking collides with another */
  LYS_ERROR_SERIES_FULL,   /* an induction course has all its infusions */
  LYS_ERROR_LIMIT,         /* beyond a clinic limit: allowed only with a reason */
  LYS_ERROR_PASSWORD,      /* the server asks for a password, or refused the one given */
} LysError;

GQuark   lys_error_quark (void);
gboolean lys_refuse      (GError     **error,
                          LysError     code,
                          const char  *message);

G_END_DECLS
