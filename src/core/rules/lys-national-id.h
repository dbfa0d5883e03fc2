/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Norwegian identity numbers: fødselsnummer, D-number and H-number. */

typedef enum
{
  LYS_NATIONAL_ID_FNR,
  LYS_NATIONAL_ID_DNR,
  LYS_NATIONAL_ID_HNR,
} LysNationalIdKind;

#define LYS_NATIONAL_ID_LENGTH 11

typedef struct
{
  LysNationalIdKind kind;
  GDate             birth_date;
  guint             individual;   /* digits 7-9 */
  gboolean          k1_2032_rule; /* valid only under the relaxed K1 rule */
} LysNationalIdInfo;

gboolean    lys_national_id_parse   (const char        *number,
                                     const GDate       *today,
                                     LysNationalIdInfo *info,
                                     GError           **error);
gboolean    lys_national_id_compose (const GDate       *birth_date,
                                     guint              individual,
                                     LysNationalIdKind  kind,
                                     char               out[LYS_NATIONAL_ID_LENGTH + 1]);
char       *lys_national_id_clean   (const char        *text);
const char *lys_national_id_kind_to_nick (LysNationalIdKind kind);
const char *lys_national_id_kind_get_oid (LysNationalIdKind kind);

G_END_DECLS
