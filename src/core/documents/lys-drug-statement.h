/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-store-drugs.h"

G_BEGIN_DECLS

/* The ketamine record's statement for a period (a month, a year), per
 * product: the balance it opened and closed with, what was received,
 * opened for each infusion (the patient by initials and booking code,
 * never the identity number), given, wasted and counted, and the
 * differences found with their explanations. As PDF or CSV, in Norwegian
 * or English. The closing balance is the opening balance and the sum of
 * the period's entries, so it reconciles by construction. */

typedef struct
{
  GDateTime *at;
  char      *patient;        /* "KN · L-12" */
  char      *lot_number;
  gint64     units;          /* opened */
  double     given_mg;       /* the opened less the wasted; the dose drawn while not yet wasted */
  double     wasted_mg;
  gboolean   wasted;
  char      *staff_name;
  char      *witness_name;   /* of the waste, or NULL */
} LysDrugAdministered;

typedef struct
{
  gint64     product_id;
  char      *product;        /* its name, as the pharmacy has it */
  double     strength_mg_per_ml;
  double     volume_ml;
  LysDrugForm form;
  double     mg_per_unit;
  gint64     opening;        /* units */
  gint64     received;
  gint64     opened;
  gint64     count_difference;
  gint64     corrected;
  gint64     closing;
  double     given_mg;
  double     wasted_mg;
  GPtrArray *administered;   /* LysDrugAdministered */
  GPtrArray *counts;         /* LysDrugEntry: the period's counts */
} LysDrugStatementProduct;

typedef struct
{
  GDate       from;
  GDate       to;
  char       *clinic_name;
  GDateTime  *created_at;
  GPtrArray  *products;      /* LysDrugStatementProduct */
  GPtrArray  *entries;       /* LysDrugEntry: the whole record to @to and after */
} LysDrugStatement;

LysDrugStatement *lys_drug_statement_compute   (LysStore          *store,
                                               const GDate       *from,
                                               const GDate       *to,
                                               GError           **error);
void              lys_drug_statement_free      (LysDrugStatement  *statement);
GPtrArray        *lys_drug_statement_dup_sections (LysDrugStatement *statement);
char             *lys_drug_statement_dup_csv   (LysDrugStatement  *statement,
                                               const char        *language);
gboolean          lys_drug_statement_write     (LysDrugStatement  *statement,
                                               const char        *path,
                                               const char        *language,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysDrugStatement, lys_drug_statement_free)

G_END_DECLS
