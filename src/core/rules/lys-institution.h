/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lys-domain.h"

G_BEGIN_DECLS

/* The institution a clinic is part of, as the registry and the funding
 * decision know it: a hospital or a DPS, with its organisation number in
 * the Central Coordinating Register (Enhetsregisteret) and its RESH id in
 * the register of specialist health service units. */

#define LYS_ORGANISATION_NUMBER_LENGTH 9
#define LYS_RESH_ID_MAX_LENGTH 9

typedef struct
{
  char               *name;
  LysInstitutionKind  kind;
  char               *organisation_number;   /* nine digits, or NULL */
  char               *resh_id;               /* digits, or NULL */
} LysInstitution;

LysInstitution *lys_institution_new  (void);
void            lys_institution_free (LysInstitution *institution);
gboolean        lys_institution_check (const LysInstitution  *institution,
                                       GError               **error);
gboolean        lys_organisation_number_is_valid (const char *number);
gboolean        lys_institution_is_publicly_funded (const LysInstitution *institution);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysInstitution, lys_institution_free)

G_END_DECLS
