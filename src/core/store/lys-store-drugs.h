/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-store.h"

G_BEGIN_DECLS

/* The ketamine record (narkotikaregnskap, lys-store-drugs.c): the products
 * the clinic keeps, their lots, and an append-only ledger of what was
 * received, opened for each infusion, wasted and counted. A lot's stock is
 * the sum of its entries. Kept by physicians, nurses and the clinic lead,
 * read by them and by psychologists; never by coordinators. Once the
 * clinic has a product, an infusion starts only from a lot in the record
 * (lys_store_start_infusion()), and its discharge waits for the rest of the
 * opened units to be wasted before a witness. */

typedef struct
{
  gint64       id;
  char        *name;
  double       strength_mg_per_ml;
  double       volume_ml;
  LysDrugForm  form;
} LysDrugProduct;

typedef struct
{
  gint64      id;
  gint64      product_id;
  char       *product_name;   /* e.g. "Ketamine 10 mg/ml, 20 ml ampoule" */
  char       *lot_number;
  GDate       expires_on;
  double      mg_per_unit;
  gint64      units;          /* in stock: the sum of the lot's entries */
  GDateTime  *last_counted_at; /* or NULL: never counted */
} LysDrugLot;

typedef struct
{
  gint64            id;
  LysDrugEntryKind  kind;
  GDateTime        *at;
  gint64            lot_id;
  char             *lot_number;
  char             *product_name;
  gint64            product_id;
  double            mg_per_unit;
  gint64            units;        /* the change in stock */
  double            mg;           /* drawn or wasted */
  gint64            balance;      /* the lot's units after this entry */
  gint64            infusion_id;  /* draws and waste, or 0 */
  char             *patient;      /* their initials and booking code, e.g. "KN · L-12", or NULL */
  char             *delivery_note;
  char             *staff_name;   /* who entered it */
  char             *witness_name; /* or NULL */
  gint64            corrects_id;  /* the entry it answers, or 0 */
  gint64            found_units;  /* a count's units found, or -1 */
  char             *reason;
  char             *action;
  gint64            answered_by;  /* the explanation or correction of this entry, or 0 */
} LysDrugEntry;

typedef struct
{
  gint64  lot_id;        /* or 0 for every lot */
  int     kind;          /* a LysDrugEntryKind, or -1 for every kind */
  GDate   from;          /* invalid for no limit */
  GDate   to;            /* the last day included; invalid for no limit */
  gboolean open_only;    /* counts with a difference not yet explained */
} LysDrugFilter;

void        lys_drug_product_free           (LysDrugProduct  *product);
void        lys_drug_lot_free               (LysDrugLot      *lot);
void        lys_drug_entry_free             (LysDrugEntry    *entry);
char       *lys_drug_product_dup_title      (const char      *name,
                                             double           strength_mg_per_ml,
                                             double           volume_ml,
                                             LysDrugForm      form);

gboolean    lys_store_may_read_drug_record  (LysStore        *self);
gboolean    lys_store_may_keep_drug_record  (LysStore        *self);
gboolean    lys_store_keeps_drug_record     (LysStore        *self);
gint64      lys_store_add_drug_product      (LysStore        *self,
                                             const char      *name,
                                             double           strength_mg_per_ml,
                                             double           volume_ml,
                                             LysDrugForm      form,
                                             GError         **error);
GPtrArray  *lys_store_list_drug_products    (LysStore        *self,
                                             GError         **error);
gint64      lys_store_receive_drug          (LysStore        *self,
                                             gint64           product_id,
                                             const char      *lot_number,
                                             const GDate     *expires_on,
                                             guint            units,
                                             const char      *delivery_note,
                                             GError         **error);
GPtrArray  *lys_store_list_drug_lots        (LysStore        *self,
                                             gboolean         include_empty,
                                             GError         **error);
GPtrArray  *lys_store_list_drug_entries     (LysStore        *self,
                                             const LysDrugFilter *filter,
                                             GError         **error);
gint64      lys_store_count_drug_lot        (LysStore        *self,
                                             gint64           lot_id,
                                             guint            units_found,
                                             gint64           witness_id,
                                             const char      *witness_code,
                                             GError         **error);
gint64      lys_store_explain_drug_count    (LysStore        *self,
                                             gint64           count_id,
                                             const char      *reason,
                                             const char      *action,
                                             GError         **error);
gint64      lys_store_correct_drug_entry    (LysStore        *self,
                                             gint64           entry_id,
                                             const char      *reason,
                                             GError         **error);
int         lys_store_get_drug_count_age    (LysStore        *self);
double      lys_store_get_infusion_rest_mg  (LysStore        *self,
                                             gint64           infusion_id,
                                             gboolean        *wasted);
gint64      lys_store_waste_infusion_rest   (LysStore        *self,
                                             gint64           infusion_id,
                                             gint64           witness_id,
                                             const char      *witness_code,
                                             GError         **error);
gboolean    lys_store_set_witness_code      (LysStore        *self,
                                             const char      *code,
                                             GError         **error);
gboolean    lys_store_has_witness_code      (LysStore        *self);

/* For the store's own parts: what starting and discharging an infusion
 * asks of the record, in their transaction; and the demo's writer */
typedef struct
{
  gint64            lot_id;
  LysDrugEntryKind  kind;
  gint64            units;
  double            mg;
  gint64            infusion_id;
  const char       *delivery_note;
  gint64            witness_id;
  gint64            corrects_id;
  gint64            found_units;    /* or -1 */
  const char       *reason;
  const char       *action;
} LysDrugNewEntry;

gint64      _lys_store_append_drug_entry    (LysStore        *self,
                                             const LysDrugNewEntry *entry,
                                             const char      *at,
                                             gint64           staff_id,
                                             GError         **error);
gboolean    _lys_store_draw_for_infusion    (LysStore        *self,
                                             gint64           infusion_id,
                                             gint64           patient_id,
                                             const char      *lot_number,
                                             double           total_mg,
                                             GDateTime       *at,
                                             GError         **error);
gboolean    _lys_store_check_rest_wasted    (LysStore        *self,
                                             gint64           infusion_id,
                                             GError         **error);
gint64      _lys_store_find_broken_drug_entry (LysStore      *self,
                                               GError       **error);

G_END_DECLS
