/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <math.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-sha256.h"
#include "lys-store-drugs.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-text.h"
#include "lys-time.h"

/* What is left of an opened unit below this is nothing to waste */
#define REST_EPSILON_MG 0.05
#define WITNESS_CODE_MIN 6
#define WITNESS_CODE_MAX 64
#define TEXT_MAX 500

/* What an entry's link covers besides its id, time, staff, kind and lot:
 * every other field, quoted, so that no two entries read the same. One
 * expression for the entry being written (alias e) and for the check of
 * the entries written (alias d). */
#define DRUG_DETAIL_SQL(e) \
  "quote (" e ".units) || ',' || quote (CAST (" e ".mg AS DOUBLE PRECISION)) || ',' || quote (" e ".infusion_id) || ',' || " \
  "quote (" e ".delivery_note) || ',' || quote (" e ".witness_id) || ',' || quote (" e ".corrects_id) || ',' || " \
  "quote (" e ".found_units) || ',' || quote (" e ".reason) || ',' || quote (" e ".action)"

#define DRUG_CHAIN_SQL \
  "SELECT id, at, staff_id, NULL, NULL, kind, NULL, 'drug-entry', lot_id, " DRUG_DETAIL_SQL ("d") ", hash " \
  "FROM drug_entries d ORDER BY id"

/* A unit's milligrams, of the product of lot alias l joined as p */
#define UNIT_MG_SQL "(p.strength_mg_per_ml * p.volume_ml)"
#define LOT_UNITS_SQL(l) "(SELECT coalesce (sum (units), 0) FROM drug_entries WHERE lot_id = " l ".id)"

void
lys_drug_product_free (LysDrugProduct *product)
{
  if (product == NULL)
    return;
  g_free (product->name);
  g_free (product);
}

void
lys_drug_lot_free (LysDrugLot *lot)
{
  if (lot == NULL)
    return;
  g_free (lot->product_name);
  g_free (lot->lot_number);
  g_clear_pointer (&lot->last_counted_at, g_date_time_unref);
  g_free (lot);
}

void
lys_drug_entry_free (LysDrugEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->at, g_date_time_unref);
  g_free (entry->lot_number);
  g_free (entry->product_name);
  g_free (entry->patient);
  g_free (entry->delivery_note);
  g_free (entry->staff_name);
  g_free (entry->witness_name);
  g_free (entry->reason);
  g_free (entry->action);
  g_free (entry);
}

/**
 * lys_drug_product_dup_title:
 *
 * Returns: (transfer full): how the record names a product, e.g.
 *   "Ketamine 10 mg/ml · 20 ml ampoule (200 mg)"
 */
char *
lys_drug_product_dup_title (const char  *name,
                            double       strength_mg_per_ml,
                            double       volume_ml,
                            LysDrugForm  form)
{
  g_autofree char *strength = lys_text_format_amount (strength_mg_per_ml);
  g_autofree char *volume = lys_text_format_amount (volume_ml);
  g_autofree char *unit_mg = lys_text_format_amount (strength_mg_per_ml * volume_ml);
  g_autofree char *form_label = g_utf8_strdown (lys_drug_form_get_label (form), -1);

  /* Translators: a product in the ketamine record: name, strength, volume,
   * ampoule or vial, and the milligrams of one, e.g. "Ketamine 10 mg/ml · 20 ml ampoule (200 mg)" */
  return g_strdup_printf (_("%1$s %2$s mg/ml · %3$s ml %4$s (%5$s mg)"), name, strength, volume, form_label, unit_mg);
}

/* Who does what */

/**
 * lys_store_may_read_drug_record:
 *
 * Returns: whether the acting staff member reads the ketamine record:
 *   every clinical role; coordinators never
 */
gboolean
lys_store_may_read_drug_record (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  return lys_store_get_current_role (self) != LYS_ROLE_COORDINATOR;
}

/**
 * lys_store_may_keep_drug_record:
 *
 * Returns: whether the acting staff member writes in it: physicians and
 *   nurses
 */
gboolean
lys_store_may_keep_drug_record (LysStore *self)
{
  LysRole role;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  role = lys_store_get_current_role (self);
  return role == LYS_ROLE_PHYSICIAN || role == LYS_ROLE_NURSE;
}

static gboolean
check_reader (LysStore  *self,
              GError   **error)
{
  if (lys_store_may_read_drug_record (self))
    return TRUE;
  return lys_refuse (error, LYS_ERROR_PERMISSION,
                     _("Coordinators do not see the ketamine record. Ask a physician or a nurse."));
}

static gboolean
check_keeper (LysStore  *self,
              GError   **error)
{
  if (lys_store_may_keep_drug_record (self))
    return TRUE;
  return _lys_refuse_role (self, error, _("Only a physician or a nurse writes in the ketamine record."));
}

/**
 * lys_store_keeps_drug_record:
 *
 * Returns: whether the clinic keeps its ketamine record here: it has a
 *   product. From then on an infusion is drawn from a lot of the record.
 */
gboolean
lys_store_keeps_drug_record (LysStore *self)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  stmt = _lys_store_prepare (self, "SELECT EXISTS (SELECT 1 FROM drug_products)", NULL);
  return stmt != NULL && lys_db_step (stmt) == LYS_DB_ROW && lys_db_column_int (stmt, 0) != 0;
}

/* Writing an entry */

/**
 * _lys_store_append_drug_entry:
 * @at: when, as the database keeps a local time
 * @staff_id: who entered it
 *
 * Appends @entry, linked to the entry before, in the caller's transaction;
 * for the store's own writers and the demo's, which writes history.
 *
 * Returns: its id, or 0 with an error
 */
gint64
_lys_store_append_drug_entry (LysStore               *self,
                              const LysDrugNewEntry  *entry,
                              const char             *at,
                              gint64                  staff_id,
                              GError                **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self,
                             "WITH e (lot_id, kind, at, units, mg, infusion_id, delivery_note, staff_id, witness_id, "
                             "        corrects_id, found_units, reason, action) "
                             "  AS (VALUES (CAST (?1 AS BIGINT), ?2, ?3, CAST (?4 AS BIGINT), CAST (?5 AS DOUBLE PRECISION), "
                             "              CAST (?6 AS BIGINT), ?7, CAST (?8 AS BIGINT), CAST (?9 AS BIGINT), "
                             "              CAST (?10 AS BIGINT), CAST (?11 AS BIGINT), ?12, ?13)), "
                             "n (id, previous) AS (SELECT coalesce ((SELECT max (id) FROM drug_entries), 0) + 1, "
                             "  (SELECT hash FROM drug_entries ORDER BY id DESC LIMIT 1)) "
                             "INSERT INTO drug_entries (id, lot_id, kind, at, units, mg, infusion_id, delivery_note, "
                             "  staff_id, witness_id, corrects_id, found_units, reason, action, hash) "
                             "SELECT n.id, e.lot_id, e.kind, e.at, e.units, e.mg, e.infusion_id, e.delivery_note, "
                             "  e.staff_id, e.witness_id, e.corrects_id, e.found_units, e.reason, e.action, "
                             "  lys_audit_hash (n.previous, CAST (n.id AS TEXT), e.at, CAST (e.staff_id AS TEXT), NULL, NULL, e.kind, "
                             "                  NULL, 'drug-entry', CAST (e.lot_id AS TEXT), " DRUG_DETAIL_SQL ("e") ") "
                             "FROM e, n RETURNING id", error);
  if (stmt == NULL)
    return 0;
  lys_db_bind_int64 (stmt, 1, entry->lot_id);
  lys_db_bind_text (stmt, 2, lys_drug_entry_kind_to_nick (entry->kind));
  lys_db_bind_text (stmt, 3, at);
  lys_db_bind_int64 (stmt, 4, entry->units);
  lys_db_bind_double (stmt, 5, entry->mg);
  _lys_bind_id (stmt, 6, entry->infusion_id);
  lys_db_bind_text (stmt, 7, entry->delivery_note);
  lys_db_bind_int64 (stmt, 8, staff_id);
  _lys_bind_id (stmt, 9, entry->witness_id);
  _lys_bind_id (stmt, 10, entry->corrects_id);
  if (entry->found_units >= 0)
    lys_db_bind_int64 (stmt, 11, entry->found_units);
  lys_db_bind_text (stmt, 12, entry->reason);
  lys_db_bind_text (stmt, 13, entry->action);
  return _lys_store_step_id (self, stmt, error);
}

/* Appends @entry now, by the acting staff member, with its audit row */
static gint64
append_entry (LysStore               *self,
              const LysDrugNewEntry  *entry,
              gint64                  patient_id,
              const char             *detail,
              GError                **error)
{
  g_autofree char *at = _lys_store_dup_now_text (self);
  g_autofree char *action = g_strconcat ("drug.", lys_drug_entry_kind_to_nick (entry->kind), NULL);
  gint64 id = _lys_store_append_drug_entry (self, entry, at, lys_store_get_current_staff_id (self), error);

  if (id == 0)
    return 0;
  if (!_lys_store_audit (self, action, patient_id, "drug-entry", id, detail, error))
    return 0;
  return id;
}

static char *
dup_trimmed (const char *text)
{
  return text != NULL ? g_strstrip (g_strdup (text)) : NULL;
}

/* A text the record keeps: @what names it in the message */
static gboolean
check_text (const char  *text,
            gboolean     required,
            const char  *message,
            GError     **error)
{
  if (required && lys_text_is_blank (text))
    return lys_refuse (error, LYS_ERROR_INVALID, message);
  if (text != NULL && (g_utf8_strlen (text, -1) > TEXT_MAX || !lys_text_is_plain (text)))
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("Keep it to 500 characters of plain text, without control characters."));
  return TRUE;
}

/* Products and receipts */

/* A product, unless one of its name, strength, volume and form is in the
 * record: then 0 and no error. Returns its id. */
gint64
_lys_store_write_drug_product (LysStore     *self,
                               const char   *name,
                               double        strength_mg_per_ml,
                               double        volume_ml,
                               LysDrugForm   form,
                               const char   *created_at,
                               GError      **error)
{
  g_autoptr(LysDbStmt) insert = NULL;

  insert = _lys_store_prepare (self, "INSERT INTO drug_products (name, strength_mg_per_ml, volume_ml, form, created_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING RETURNING id", error);
  if (insert == NULL)
    return 0;
  lys_db_bind_text (insert, 1, name);
  lys_db_bind_double (insert, 2, strength_mg_per_ml);
  lys_db_bind_double (insert, 3, volume_ml);
  lys_db_bind_text (insert, 4, lys_drug_form_to_nick (form));
  lys_db_bind_text (insert, 5, created_at);
  /* Freed here: a statement still stepping would hold the commit back */
  return _lys_store_step_id (self, insert, error);
}

/* A lot of a product received. Returns its id. */
gint64
_lys_store_write_drug_lot (LysStore    *self,
                           LysDbStmt  **kept,
                           gint64       product_id,
                           const char  *lot_number,
                           const char  *expires_on,
                           GError     **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *insert;
  gint64 id;

  insert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO drug_lots (product_id, lot_number, expires_on) VALUES (?1, ?2, ?3) "
                                    "RETURNING id", error);
  if (insert == NULL)
    return 0;
  lys_db_bind_int64 (insert, 1, product_id);
  lys_db_bind_text (insert, 2, lot_number);
  lys_db_bind_text (insert, 3, expires_on);
  id = _lys_store_step_id (self, insert, error);
  lys_db_reset (insert);
  lys_db_clear_bindings (insert);
  return id;
}

/**
 * lys_store_add_drug_product:
 *
 * Returns: the new product's id, or 0 with an error
 */
gint64
lys_store_add_drug_product (LysStore     *self,
                            const char   *name,
                            double        strength_mg_per_ml,
                            double        volume_ml,
                            LysDrugForm   form,
                            GError      **error)
{
  g_autofree char *trimmed = dup_trimmed (name);
  g_autofree char *now = lys_time_now_utc ();
  g_autofree char *title = NULL;
  gint64 id = 0;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  g_return_val_if_fail (form < LYS_N_DRUG_FORMS, 0);

  if (!check_keeper (self, error) ||
      !check_text (trimmed, TRUE, _("Enter the product’s name, e.g. “Ketamine Panpharma”."), error))
    return 0;
  if (g_utf8_strlen (trimmed, -1) > 120)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Keep the product’s name to 120 characters.")), 0;
  if (!(strength_mg_per_ml > 0 && strength_mg_per_ml <= 200))
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("Enter the strength in mg/ml as the package says, e.g. 10 or 50.")), 0;
  if (!(volume_ml > 0 && volume_ml <= 100))
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("Enter the volume of one ampoule or vial in ml, e.g. 20 or 10.")), 0;

  if (!_lys_store_begin (self, error))
    return 0;
  id = _lys_store_write_drug_product (self, trimmed, strength_mg_per_ml, volume_ml, form, now, error);
  if (id == 0 && (error == NULL || *error == NULL))
    {
      title = lys_drug_product_dup_title (trimmed, strength_mg_per_ml, volume_ml, form);
      /* Translators: %s is a product, e.g. "Ketamine 10 mg/ml · 20 ml ampoule (200 mg)" */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID, _("%s is in the record already."), title);
    }
  if (id > 0 && !_lys_store_audit (self, "drug.product", 0, "drug-product", id, NULL, error))
    id = 0;
  if (!_lys_store_finish (self, id > 0, error))
    return 0;
  return id;
}

static gpointer
read_product (LysDbStmt *stmt)
{
  LysDrugProduct *product = g_new0 (LysDrugProduct, 1);

  product->id = lys_db_column_int64 (stmt, 0);
  product->name = _lys_column_dup (stmt, 1);
  product->strength_mg_per_ml = lys_db_column_double (stmt, 2);
  product->volume_ml = lys_db_column_double (stmt, 3);
  lys_drug_form_from_nick (lys_db_column_text (stmt, 4), &product->form);
  return product;
}

/**
 * lys_store_list_drug_products:
 *
 * Returns: (transfer full) (element-type LysDrugProduct): by name and strength
 */
GPtrArray *
lys_store_list_drug_products (LysStore  *self,
                              GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (!check_reader (self, error))
    return NULL;
  stmt = _lys_store_prepare (self, "SELECT id, name, strength_mg_per_ml, volume_ml, form FROM drug_products "
                                   "ORDER BY name, strength_mg_per_ml, volume_ml", error);
  if (stmt == NULL)
    return NULL;
  return _lys_store_collect (self, stmt, read_product, (GDestroyNotify) lys_drug_product_free, error);
}

static char *
format_day (const GDate *day)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%d.%m.%Y", day);
  return g_strdup (text);
}

static char *
iso_day (const GDate *day)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
}

/* The clinic's day today */
static void
get_today (LysStore *self,
           GDate    *today)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (self);

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
}

/* The lot @lot_number of @product_id: found, or made with @expires_on; a
 * lot known with another product or expiry is refused */
static gint64
ensure_lot (LysStore     *self,
            gint64        product_id,
            const char   *lot_number,
            const GDate  *expires_on,
            GError      **error)
{
  g_autoptr(LysDbStmt) find = NULL;
  g_autofree char *expiry = iso_day (expires_on);
  int rc;

  find = _lys_store_prepare (self, "SELECT id, product_id, expires_on FROM drug_lots WHERE lower (lot_number) = lower (?1)", error);
  if (find == NULL)
    return 0;
  lys_db_bind_text (find, 1, lot_number);
  rc = lys_db_step (find);
  if (rc == LYS_DB_ROW)
    {
      if (lys_db_column_int64 (find, 1) != product_id)
        {
          /* Translators: %s is a lot number */
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("Lot %s is in the record for another product. Check the product and the lot number."),
                       lot_number);
          return 0;
        }
      if (g_strcmp0 (lys_db_column_text (find, 2), expiry) != 0)
        {
          GDate known;
          g_autofree char *known_text = NULL;

          g_date_clear (&known, 1);
          g_date_set_parse (&known, lys_db_column_text (find, 2));
          known_text = g_date_valid (&known) ? format_day (&known) : g_strdup ("?");
          /* Translators: %1$s is a lot number, %2$s its expiry date */
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("Lot %1$s is in the record with expiry %2$s. Check the date on the package."),
                       lot_number, known_text);
          return 0;
        }
      return lys_db_column_int64 (find, 0);
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error), 0;

  return _lys_store_write_drug_lot (self, NULL, product_id, lot_number, expiry, error);
}

static gboolean
product_exists (LysStore  *self,
                gint64     product_id,
                GError   **error)
{
  g_autoptr(LysDbStmt) stmt = _lys_store_prepare (self, "SELECT 1 FROM drug_products WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, product_id);
  if (lys_db_step (stmt) == LYS_DB_ROW)
    return TRUE;
  return lys_refuse (error, LYS_ERROR_NOT_FOUND, _("Choose the product received."));
}

/**
 * lys_store_receive_drug:
 * @lot_number: the manufacturer's, as on the package
 * @expires_on: the lot's expiry
 * @units: ampoules or vials received
 * @delivery_note: the pharmacy's delivery note number
 *
 * Records a delivery from the pharmacy: the lot is added to the record the
 * first time.
 *
 * Returns: the entry's id, or 0 with an error
 */
gint64
lys_store_receive_drug (LysStore     *self,
                        gint64        product_id,
                        const char   *lot_number,
                        const GDate  *expires_on,
                        guint         units,
                        const char   *delivery_note,
                        GError      **error)
{
  g_autofree char *lot = dup_trimmed (lot_number);
  g_autofree char *note = dup_trimmed (delivery_note);
  g_autofree char *detail = NULL;
  GDate today;
  gint64 lot_id, id = 0;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  if (!check_keeper (self, error) ||
      !check_text (lot, TRUE, _("Enter the lot number as printed on the package."), error) ||
      !check_text (note, TRUE, _("Enter the number of the pharmacy’s delivery note."), error))
    return 0;
  if (g_utf8_strlen (lot, -1) > 40)
    return lys_refuse (error, LYS_ERROR_INVALID, _("A lot number has at most 40 characters. Check the number.")), 0;
  if (units == 0 || units > 1000)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("Enter how many ampoules or vials came, from 1 to 1000.")), 0;
  get_today (self, &today);
  if (expires_on == NULL || !g_date_valid (expires_on))
    return lys_refuse (error, LYS_ERROR_INVALID, _("Enter the lot’s expiry date as on the package.")), 0;
  if (g_date_compare (expires_on, &today) < 0)
    {
      g_autofree char *day = format_day (expires_on);

      /* Translators: %s is a date */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("This lot expired on %s. An expired lot is returned to the pharmacy, not received."), day);
      return 0;
    }

  if (!_lys_store_begin (self, error))
    return 0;
  lot_id = product_exists (self, product_id, error) ? ensure_lot (self, product_id, lot, expires_on, error) : 0;
  if (lot_id > 0)
    {
      LysDrugNewEntry entry = { .lot_id = lot_id, .kind = LYS_DRUG_ENTRY_RECEIPT, .units = units,
                         .delivery_note = note, .found_units = -1 };

      detail = g_strdup_printf ("lot %s, %u units", lot, units);
      id = append_entry (self, &entry, 0, detail, error);
    }
  if (!_lys_store_finish (self, id > 0, error))
    return 0;
  return id;
}

/* Reading the record */

static gpointer
read_lot (LysDbStmt *stmt)
{
  LysDrugLot *lot = g_new0 (LysDrugLot, 1);
  LysDrugForm form = LYS_DRUG_FORM_AMPOULE;
  g_autofree char *name = _lys_column_dup (stmt, 2);

  lot->id = lys_db_column_int64 (stmt, 0);
  lot->product_id = lys_db_column_int64 (stmt, 1);
  lys_drug_form_from_nick (lys_db_column_text (stmt, 5), &form);
  lot->product_name = lys_drug_product_dup_title (name, lys_db_column_double (stmt, 3),
                                                  lys_db_column_double (stmt, 4), form);
  lot->lot_number = _lys_column_dup (stmt, 6);
  g_date_clear (&lot->expires_on, 1);
  g_date_set_parse (&lot->expires_on, lys_db_column_text (stmt, 7));
  lot->mg_per_unit = lys_db_column_double (stmt, 3) * lys_db_column_double (stmt, 4);
  lot->units = lys_db_column_int64 (stmt, 8);
  lot->last_counted_at = _lys_column_time (stmt, 9);
  return lot;
}

/**
 * lys_store_list_drug_lots:
 * @include_empty: also the lots with nothing left
 *
 * Returns: (transfer full) (element-type LysDrugLot): the lots, the first
 *   to expire first
 */
GPtrArray *
lys_store_list_drug_lots (LysStore  *self,
                          gboolean   include_empty,
                          GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (!check_reader (self, error))
    return NULL;
  stmt = _lys_store_prepare (self,
                             "SELECT * FROM (SELECT l.id, p.id AS product_id, p.name, p.strength_mg_per_ml, p.volume_ml, p.form, "
                             "  l.lot_number, l.expires_on, " LOT_UNITS_SQL ("l") " AS units, "
                             "  (SELECT max (at) FROM drug_entries WHERE lot_id = l.id AND kind = 'count') "
                             "  FROM drug_lots l JOIN drug_products p ON p.id = l.product_id) AS lots "
                             "WHERE ?1 <> 0 OR units > 0 ORDER BY 8, 7", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int (stmt, 1, include_empty);
  return _lys_store_collect (self, stmt, read_lot, (GDestroyNotify) lys_drug_lot_free, error);
}

static gpointer
read_entry (LysDbStmt *stmt)
{
  LysDrugEntry *entry = g_new0 (LysDrugEntry, 1);
  LysDrugForm form = LYS_DRUG_FORM_AMPOULE;
  g_autofree char *name = _lys_column_dup (stmt, 6);
  const char *given = lys_db_column_text (stmt, 12);
  const char *family = lys_db_column_text (stmt, 13);

  entry->id = lys_db_column_int64 (stmt, 0);
  lys_drug_entry_kind_from_nick (lys_db_column_text (stmt, 1), &entry->kind);
  entry->at = _lys_column_time (stmt, 2);
  entry->lot_id = lys_db_column_int64 (stmt, 3);
  entry->lot_number = _lys_column_dup (stmt, 4);
  lys_drug_form_from_nick (lys_db_column_text (stmt, 9), &form);
  entry->product_name = lys_drug_product_dup_title (name, lys_db_column_double (stmt, 7),
                                                    lys_db_column_double (stmt, 8), form);
  entry->units = lys_db_column_int64 (stmt, 5);
  entry->mg_per_unit = lys_db_column_double (stmt, 7) * lys_db_column_double (stmt, 8);
  entry->product_id = lys_db_column_int64 (stmt, 24);
  entry->mg = lys_db_column_double (stmt, 10);
  entry->infusion_id = lys_db_column_int64 (stmt, 11);
  if (entry->infusion_id > 0)
    {
      g_autofree char *initials = lys_text_dup_initials (given, family);
      g_autofree char *code = g_strdup_printf ("L-%" G_GINT64_FORMAT, (gint64) lys_db_column_int64 (stmt, 14));

      /* Translators: a patient in the ketamine record: initials and booking code, e.g. "KN · L-12" */
      entry->patient = g_strdup_printf (C_("drug record patient", "%1$s · %2$s"), initials, code);
    }
  entry->delivery_note = _lys_column_dup (stmt, 15);
  entry->staff_name = _lys_column_dup (stmt, 16);
  entry->witness_name = _lys_column_dup (stmt, 17);
  entry->corrects_id = lys_db_column_int64 (stmt, 18);
  entry->found_units = lys_db_column_is_null (stmt, 19) ? -1 : lys_db_column_int64 (stmt, 19);
  entry->reason = _lys_column_dup (stmt, 20);
  entry->action = _lys_column_dup (stmt, 21);
  entry->balance = lys_db_column_int64 (stmt, 22);
  entry->answered_by = lys_db_column_int64 (stmt, 23);
  if (entry->at == NULL)
    {
      lys_drug_entry_free (entry);
      return NULL;
    }
  return entry;
}

/**
 * lys_store_list_drug_entries:
 * @filter: (nullable): which entries; %NULL for all
 *
 * Returns: (transfer full) (element-type LysDrugEntry): the ledger, in the
 *   order written, each with the lot's balance after it
 */
GPtrArray *
lys_store_list_drug_entries (LysStore             *self,
                             const LysDrugFilter  *filter,
                             GError              **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (!check_reader (self, error))
    return NULL;
  stmt = _lys_store_prepare (self,
                             "SELECT * FROM (SELECT d.id, d.kind, d.at, d.lot_id, l.lot_number, d.units, p.name, "
                             "  p.strength_mg_per_ml, p.volume_ml, p.form, d.mg, d.infusion_id, pt.given_name, "
                             "  pt.family_name, i.appointment_id, d.delivery_note, s.name, w.name, d.corrects_id, "
                             "  d.found_units, d.reason, d.action, "
                             "  sum (d.units) OVER (PARTITION BY d.lot_id ORDER BY d.id), "
                             "  (SELECT a.id FROM drug_entries a WHERE a.corrects_id = d.id) AS answered, p.id AS product_id "
                             "  FROM drug_entries d JOIN drug_lots l ON l.id = d.lot_id "
                             "  JOIN drug_products p ON p.id = l.product_id JOIN staff s ON s.id = d.staff_id "
                             "  LEFT JOIN staff w ON w.id = d.witness_id LEFT JOIN infusions i ON i.id = d.infusion_id "
                             "  LEFT JOIN appointment_patients ap ON ap.appointment_id = i.appointment_id "
                             "  LEFT JOIN patients pt ON pt.id = ap.patient_id) AS entries "
                             "WHERE (?1 = 0 OR lot_id = ?1) AND (CAST (?2 AS TEXT) IS NULL OR kind = ?2) "
                             "  AND (CAST (?3 AS TEXT) IS NULL OR at >= ?3) AND (CAST (?4 AS TEXT) IS NULL OR at < ?4) "
                             "  AND (?5 = 0 OR (kind = 'count' AND units <> 0 AND answered IS NULL)) ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  if (filter != NULL)
    {
      lys_db_bind_int64 (stmt, 1, filter->lot_id);
      if (filter->kind >= 0 && filter->kind < LYS_N_DRUG_ENTRY_KINDS)
        lys_db_bind_text (stmt, 2, lys_drug_entry_kind_to_nick (filter->kind));
      if (g_date_valid (&filter->from))
        {
          from = iso_day (&filter->from);
          lys_db_bind_text (stmt, 3, from);
        }
      if (g_date_valid (&filter->to))
        {
          GDate after = filter->to;

          g_date_add_days (&after, 1);
          until = iso_day (&after);
          lys_db_bind_text (stmt, 4, until);
        }
      lys_db_bind_int (stmt, 5, filter->open_only);
    }
  else
    lys_db_bind_int64 (stmt, 1, 0), lys_db_bind_int (stmt, 5, 0);
  return _lys_store_collect (self, stmt, read_entry, (GDestroyNotify) lys_drug_entry_free, error);
}

/* Witnesses */

/* A staff member's witness code, as lys_secret_hash() keeps it */
gboolean
_lys_store_write_witness_code (LysStore    *self,
                               gint64       staff_id,
                               const char  *stored,
                               GError     **error)
{
  g_autoptr(LysDbStmt) update = NULL;

  update = _lys_store_prepare (self, "UPDATE staff SET witness_code = ?1 WHERE id = ?2", error);
  if (update == NULL)
    return FALSE;
  lys_db_bind_text (update, 1, stored);
  lys_db_bind_int64 (update, 2, staff_id);
  return _lys_store_step_done (self, update, error);
}

/**
 * lys_store_set_witness_code:
 * @code: what the acting staff member types when they witness a waste or
 *   a count at someone else's workstation
 */
gboolean
lys_store_set_witness_code (LysStore    *self,
                            const char  *code,
                            GError     **error)
{
  g_autofree char *stored = NULL;
  glong length;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  length = code != NULL ? g_utf8_strlen (code, -1) : 0;
  if (lys_store_get_current_role (self) == LYS_ROLE_COORDINATOR)
    return lys_refuse (error, LYS_ERROR_PERMISSION,
                       _("A witness to the ketamine record is a physician, a nurse or a psychologist."));
  if (length < WITNESS_CODE_MIN || length > WITNESS_CODE_MAX || !g_utf8_validate (code, -1, NULL))
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("A witness code has 6 to 64 characters. Choose one that others cannot guess."));
  stored = lys_secret_hash (code);
  if (stored == NULL)
    return lys_refuse (error, LYS_ERROR_FAILED,
                       _("The witness code cannot be kept: the system gave no random numbers."));

  if (!_lys_store_begin (self, error))
    return FALSE;
  ok = _lys_store_write_witness_code (self, lys_store_get_current_staff_id (self), stored, error) &&
       _lys_store_audit (self, "staff.witness-code", 0, "staff", lys_store_get_current_staff_id (self), NULL, error);
  return _lys_store_finish (self, ok, error);
}

/**
 * lys_store_has_witness_code:
 *
 * Returns: whether the acting staff member has set one
 */
gboolean
lys_store_has_witness_code (LysStore *self)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  stmt = _lys_store_prepare (self, "SELECT witness_code IS NOT NULL FROM staff WHERE id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, lys_store_get_current_staff_id (self));
  return lys_db_step (stmt) == LYS_DB_ROW && lys_db_column_int (stmt, 0) != 0;
}

/* The witness confirms with their own code, at this workstation */
static gboolean
check_witness (LysStore    *self,
               gint64       witness_id,
               const char  *code,
               GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  LysRole role = LYS_ROLE_COORDINATOR;
  const char *name;

  if (witness_id <= 0)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Choose the witness: a second health worker who sees it done."));
  if (witness_id == lys_store_get_current_staff_id (self))
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("The witness is someone else than the one who records it. Choose another staff member."));
  stmt = _lys_store_prepare (self, "SELECT name, role, active, witness_code FROM staff WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, witness_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return lys_refuse (error, LYS_ERROR_NOT_FOUND, _("Choose the witness: a second health worker who sees it done."));
  name = lys_db_column_text (stmt, 0);
  lys_role_from_nick (lys_db_column_text (stmt, 1), &role);
  if (role == LYS_ROLE_COORDINATOR || lys_db_column_int (stmt, 2) == 0)
    {
      /* Translators: %s is a staff member */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("%s cannot witness: a witness is an active physician, nurse or psychologist."), name);
      return FALSE;
    }
  if (lys_db_column_is_null (stmt, 3))
    {
      /* Translators: %s is a staff member */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("%s has no witness code yet. They set one under Preferences, Your Profile."), name);
      return FALSE;
    }
  if (!lys_secret_matches (code, lys_db_column_text (stmt, 3)))
    {
      /* Translators: %s is a staff member */
      g_set_error (error, LYS_ERROR, LYS_ERROR_PERMISSION,
                   _("That is not the witness code of %s. Nothing was recorded; let them type it again."), name);
      return FALSE;
    }
  return TRUE;
}

/* Counts */

static gboolean
lot_balance (LysStore  *self,
             gint64     lot_id,
             gint64    *units,
             char     **lot_number,
             GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self, "SELECT l.lot_number, " LOT_UNITS_SQL ("l") " FROM drug_lots l WHERE l.id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, lot_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return lys_refuse (error, LYS_ERROR_NOT_FOUND, _("Choose a lot of the record."));
  *lot_number = _lys_column_dup (stmt, 0);
  *units = lys_db_column_int64 (stmt, 1);
  return TRUE;
}

/**
 * lys_store_count_drug_lot:
 * @units_found: the unopened ampoules or vials in the cabinet
 * @witness_id: the second health worker, who confirms with @witness_code
 *
 * Records a count of the lot. A difference from the record's balance
 * stays open until it is explained (lys_store_explain_drug_count()), and
 * the balance follows what was found.
 *
 * Returns: the entry's id, or 0 with an error
 */
gint64
lys_store_count_drug_lot (LysStore    *self,
                          gint64       lot_id,
                          guint        units_found,
                          gint64       witness_id,
                          const char  *witness_code,
                          GError     **error)
{
  g_autofree char *lot_number = NULL;
  g_autofree char *detail = NULL;
  gint64 expected = 0, id = 0;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  if (!check_keeper (self, error))
    return 0;
  if (units_found > 10000)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Enter the ampoules or vials found, from 0 to 10000.")), 0;
  if (!_lys_store_begin (self, error))
    return 0;
  if (lot_balance (self, lot_id, &expected, &lot_number, error) && check_witness (self, witness_id, witness_code, error))
    {
      LysDrugNewEntry entry = { .lot_id = lot_id, .kind = LYS_DRUG_ENTRY_COUNT, .units = (gint64) units_found - expected,
                         .witness_id = witness_id, .found_units = units_found };

      detail = g_strdup_printf ("lot %s, found %u, difference %" G_GINT64_FORMAT, lot_number, units_found, entry.units);
      id = append_entry (self, &entry, 0, detail, error);
    }
  if (!_lys_store_finish (self, id > 0, error))
    return 0;
  return id;
}

/* The entry @id as an answer needs it: its kind, units and lot, not
 * answered before */
static gboolean
load_unanswered (LysStore          *self,
                 gint64             id,
                 LysDrugEntryKind  *kind,
                 gint64            *units,
                 gint64            *lot_id,
                 GError           **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self, "SELECT kind, units, lot_id, EXISTS (SELECT 1 FROM drug_entries a WHERE a.corrects_id = d.id) "
                                   "FROM drug_entries d WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return lys_refuse (error, LYS_ERROR_NOT_FOUND, _("That entry is not in the ketamine record."));
  lys_drug_entry_kind_from_nick (lys_db_column_text (stmt, 0), kind);
  *units = lys_db_column_int64 (stmt, 1);
  *lot_id = lys_db_column_int64 (stmt, 2);
  if (lys_db_column_int (stmt, 3) != 0)
    return lys_refuse (error, LYS_ERROR_LOCKED, _("That entry has been answered already; the record keeps both."));
  return TRUE;
}

/**
 * lys_store_explain_drug_count:
 * @count_id: a count that found a difference
 * @reason: why the count differed
 * @action: what was done about it
 *
 * Closes the discrepancy; the count itself stays as it was.
 *
 * Returns: the entry's id, or 0 with an error
 */
gint64
lys_store_explain_drug_count (LysStore    *self,
                              gint64       count_id,
                              const char  *reason,
                              const char  *action,
                              GError     **error)
{
  g_autofree char *why = dup_trimmed (reason);
  g_autofree char *done = dup_trimmed (action);
  LysDrugEntryKind kind = LYS_DRUG_ENTRY_RECEIPT;
  gint64 units = 0, lot_id = 0, id = 0;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  if (!check_keeper (self, error) ||
      !check_text (why, TRUE, _("Say why the count differed, e.g. an ampoule broken and not recorded."), error) ||
      !check_text (done, TRUE, _("Say what was done about it, e.g. reported to the pharmacy."), error))
    return 0;
  if (!_lys_store_begin (self, error))
    return 0;
  if (load_unanswered (self, count_id, &kind, &units, &lot_id, error))
    {
      if (kind != LYS_DRUG_ENTRY_COUNT || units == 0)
        lys_refuse (error, LYS_ERROR_INVALID, _("Only a count that found a difference is explained."));
      else
        {
          LysDrugNewEntry entry = { .lot_id = lot_id, .kind = LYS_DRUG_ENTRY_EXPLANATION, .corrects_id = count_id,
                             .found_units = -1, .reason = why, .action = done };

          id = append_entry (self, &entry, 0, NULL, error);
        }
    }
  if (!_lys_store_finish (self, id > 0, error))
    return 0;
  return id;
}

/**
 * lys_store_correct_drug_entry:
 * @entry_id: a receipt or a count entered wrongly
 * @reason: why it is wrong
 *
 * Writes the counter-entry that takes back what @entry_id changed; the
 * wrong entry stays, answered. A draw or a waste belongs to its infusion
 * and is not corrected here.
 *
 * Returns: the counter-entry's id, or 0 with an error
 */
gint64
lys_store_correct_drug_entry (LysStore    *self,
                              gint64       entry_id,
                              const char  *reason,
                              GError     **error)
{
  g_autofree char *why = dup_trimmed (reason);
  g_autofree char *lot_number = NULL;
  LysDrugEntryKind kind = LYS_DRUG_ENTRY_DRAW;
  gint64 units = 0, lot_id = 0, balance = 0, id = 0;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  if (!check_keeper (self, error) ||
      !check_text (why, TRUE, _("Say what was wrong with the entry."), error))
    return 0;
  if (!_lys_store_begin (self, error))
    return 0;
  if (load_unanswered (self, entry_id, &kind, &units, &lot_id, error) &&
      lot_balance (self, lot_id, &balance, &lot_number, error))
    {
      if (kind != LYS_DRUG_ENTRY_RECEIPT && kind != LYS_DRUG_ENTRY_COUNT)
        lys_refuse (error, LYS_ERROR_INVALID,
                    _("Only a receipt or a count is corrected. A draw or a waste belongs to its infusion record."));
      else if (balance - units < 0)
        g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                     /* Translators: %1$s is a lot number, %2$d how many are left */
                     ngettext ("Lot %1$s has %2$d left, fewer than the entry would take back. Count the lot instead.",
                               "Lot %1$s has %2$d left, fewer than the entry would take back. Count the lot instead.",
                               (gulong) balance), lot_number, (int) balance);
      else
        {
          LysDrugNewEntry entry = { .lot_id = lot_id, .kind = LYS_DRUG_ENTRY_CORRECTION, .units = -units,
                             .corrects_id = entry_id, .found_units = -1, .reason = why };
          g_autofree char *detail = g_strdup_printf ("entry %" G_GINT64_FORMAT, entry_id);

          id = append_entry (self, &entry, 0, detail, error);
        }
    }
  if (!_lys_store_finish (self, id > 0, error))
    return 0;
  return id;
}

/**
 * lys_store_get_drug_count_age:
 *
 * Returns: the days since the lot in stock counted longest ago was last
 *   counted (or received, if never), or -1 with nothing in stock
 */
int
lys_store_get_drug_count_age (LysStore *self)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) oldest = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), -1);

  stmt = _lys_store_prepare (self,
                             "SELECT min (last) FROM (SELECT coalesce ((SELECT max (at) FROM drug_entries "
                             "  WHERE lot_id = l.id AND kind = 'count'), (SELECT min (at) FROM drug_entries "
                             "  WHERE lot_id = l.id)) AS last FROM drug_lots l WHERE " LOT_UNITS_SQL ("l") " > 0) AS lots", NULL);
  if (stmt == NULL || lys_db_step (stmt) != LYS_DB_ROW || lys_db_column_is_null (stmt, 0))
    return -1;
  oldest = _lys_column_time (stmt, 0);
  if (oldest == NULL)
    return -1;
  now = lys_store_dup_now (self);
  return (int) MAX (0, g_date_time_difference (now, oldest) / G_TIME_SPAN_DAY);
}

/* The infusion's part */

/* The lot @lot_number as a draw needs it */
typedef struct
{
  gint64  id;
  GDate   expires_on;
  double  mg_per_unit;
  gint64  units;
} DrawLot;

static gboolean
find_lot (LysStore    *self,
          const char  *lot_number,
          DrawLot     *lot,
          GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  int rc;

  stmt = _lys_store_prepare (self, "SELECT l.id, l.expires_on, " UNIT_MG_SQL ", " LOT_UNITS_SQL ("l") " "
                                   "FROM drug_lots l JOIN drug_products p ON p.id = l.product_id "
                                   "WHERE lower (l.lot_number) = lower (trim (?1))", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_text (stmt, 1, lot_number);
  rc = lys_db_step (stmt);
  if (rc != LYS_DB_ROW)
    {
      if (rc != LYS_DB_DONE)
        return _lys_store_fail (self, error);
      /* Translators: %s is a lot number */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("Lot %s is not in the ketamine record. Check the number on the ampoule, or record the "
                     "delivery under Ketamine Record first."), lot_number != NULL ? lot_number : "");
      return FALSE;
    }
  lot->id = lys_db_column_int64 (stmt, 0);
  g_date_clear (&lot->expires_on, 1);
  g_date_set_parse (&lot->expires_on, lys_db_column_text (stmt, 1));
  lot->mg_per_unit = lys_db_column_double (stmt, 2);
  lot->units = lys_db_column_int64 (stmt, 3);
  return g_date_valid (&lot->expires_on) && lot->mg_per_unit > 0 ? TRUE : _lys_store_fail (self, error);
}

/**
 * _lys_store_draw_for_infusion:
 * @at: when the infusion starts
 *
 * Opens the whole units the dose needs from the lot the bedside screen
 * names, once the clinic keeps its record here; in the start's
 * transaction, so that the infusion and the record agree.
 */
gboolean
_lys_store_draw_for_infusion (LysStore    *self,
                              gint64       infusion_id,
                              gint64       patient_id,
                              const char  *lot_number,
                              double       total_mg,
                              GDateTime   *at,
                              GError     **error)
{
  g_autofree char *detail = NULL;
  DrawLot lot = { 0 };
  GDate day;
  gint64 needed;

  if (!lys_store_keeps_drug_record (self))
    return TRUE;
  if (!find_lot (self, lot_number, &lot, error))
    return FALSE;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (at), g_date_time_get_month (at), g_date_time_get_year (at));
  if (g_date_compare (&lot.expires_on, &day) < 0)
    {
      g_autofree char *expiry = format_day (&lot.expires_on);

      /* Translators: %1$s is a lot number, %2$s its expiry date */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("Lot %1$s expired on %2$s. Take the drug from a lot in date and enter its number."),
                   lot_number, expiry);
      return FALSE;
    }
  needed = (gint64) ceil (total_mg / lot.mg_per_unit - 1e-9);
  if (needed > lot.units)
    {
      g_autofree char *dose = lys_text_format_amount (total_mg);

      /* Translators: %1$s is a lot number, %2$d the units left, %3$s a dose in mg, %4$d the units it needs */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   ngettext ("Lot %1$s has %2$d unit left in the record, and %3$s mg needs %4$d. Take another lot, "
                             "or count the cabinet if the record is wrong.",
                             "Lot %1$s has %2$d units left in the record, and %3$s mg needs %4$d. Take another lot, "
                             "or count the cabinet if the record is wrong.", (gulong) MAX (lot.units, 0)),
                   lot_number, (int) lot.units, dose, (int) needed);
      return FALSE;
    }

  {
    LysDrugNewEntry entry = { .lot_id = lot.id, .kind = LYS_DRUG_ENTRY_DRAW, .units = -needed, .mg = total_mg,
                       .infusion_id = infusion_id, .found_units = -1 };

    detail = g_strdup_printf ("lot %s, %" G_GINT64_FORMAT " units opened", lot_number, needed);
    return append_entry (self, &entry, patient_id, detail, error) > 0;
  }
}

/* What the infusion drew: the lot, the mg opened, the mg given and whether
 * the rest is wasted; FALSE with nothing drawn */
static gboolean
load_draw (LysStore  *self,
           gint64     infusion_id,
           gint64    *lot_id,
           double    *opened_mg,
           double    *given_mg,
           int       *status_ended,
           gboolean  *wasted)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self,
                             "SELECT d.lot_id, -d.units * " UNIT_MG_SQL ", coalesce (i.given_mg, i.total_mg), "
                             "  i.status IN ('ended', 'discharged'), "
                             "  EXISTS (SELECT 1 FROM drug_entries w WHERE w.infusion_id = d.infusion_id AND w.kind = 'waste') "
                             "FROM drug_entries d JOIN drug_lots l ON l.id = d.lot_id JOIN drug_products p ON p.id = l.product_id "
                             "JOIN infusions i ON i.id = d.infusion_id WHERE d.infusion_id = ?1 AND d.kind = 'draw'", NULL);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, infusion_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return FALSE;
  *lot_id = lys_db_column_int64 (stmt, 0);
  *opened_mg = lys_db_column_double (stmt, 1);
  *given_mg = lys_db_column_double (stmt, 2);
  *status_ended = lys_db_column_int (stmt, 3);
  *wasted = lys_db_column_int (stmt, 4) != 0;
  return TRUE;
}

/**
 * lys_store_get_infusion_rest_mg:
 * @wasted: (out) (optional): whether it has been wasted
 *
 * Returns: the milligrams left of the units the infusion opened, once it
 *   has ended: what is wasted at discharge; 0 with nothing drawn
 */
double
lys_store_get_infusion_rest_mg (LysStore *self,
                                gint64    infusion_id,
                                gboolean *wasted)
{
  double opened = 0, given = 0;
  gint64 lot_id = 0;
  int ended = 0;
  gboolean done = FALSE;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  if (wasted != NULL)
    *wasted = FALSE;
  if (!load_draw (self, infusion_id, &lot_id, &opened, &given, &ended, &done) || !ended)
    return 0;
  if (wasted != NULL)
    *wasted = done;
  return opened - given > REST_EPSILON_MG ? opened - given : 0;
}

/**
 * lys_store_waste_infusion_rest:
 * @witness_id: the second health worker, who confirms with @witness_code
 *
 * Records that what was left of the opened units was discarded before the
 * witness: the units opened less the dose given (all of it, or what a
 * stopped infusion gave).
 *
 * Returns: the entry's id, or 0 with an error
 */
gint64
lys_store_waste_infusion_rest (LysStore    *self,
                               gint64       infusion_id,
                               gint64       witness_id,
                               const char  *witness_code,
                               GError     **error)
{
  g_autofree char *detail = NULL;
  double opened = 0, given = 0;
  gint64 lot_id = 0, patient_id = 0, id = 0;
  int ended = 0;
  gboolean wasted = FALSE;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  if (!check_keeper (self, error))
    return 0;
  if (!_lys_store_begin (self, error))
    return 0;
  if (!load_draw (self, infusion_id, &lot_id, &opened, &given, &ended, &wasted))
    lys_refuse (error, LYS_ERROR_NOT_FOUND, _("This infusion drew nothing from the ketamine record."));
  else if (!ended)
    lys_refuse (error, LYS_ERROR_LOCKED, _("The rest is wasted when the infusion has ended."));
  else if (wasted)
    lys_refuse (error, LYS_ERROR_LOCKED, _("The rest of this infusion has been wasted already."));
  else if (opened - given <= REST_EPSILON_MG)
    lys_refuse (error, LYS_ERROR_INVALID, _("The whole of the opened units was given: nothing is left to waste."));
  else if (check_witness (self, witness_id, witness_code, error))
    {
      g_autoptr(LysDbStmt) patient = _lys_store_prepare (self, "SELECT ap.patient_id FROM infusions i JOIN appointment_patients ap "
                                                                  "ON ap.appointment_id = i.appointment_id WHERE i.id = ?1", error);
      LysDrugNewEntry entry = { .lot_id = lot_id, .kind = LYS_DRUG_ENTRY_WASTE, .mg = round ((opened - given) * 100) / 100,
                         .infusion_id = infusion_id, .witness_id = witness_id, .found_units = -1 };

      if (patient != NULL)
        {
          lys_db_bind_int64 (patient, 1, infusion_id);
          patient_id = _lys_store_step_id (self, patient, error);
          detail = g_strdup_printf ("%.2f mg", entry.mg);
          id = append_entry (self, &entry, patient_id, detail, error);
        }
    }
  if (!_lys_store_finish (self, id > 0, error))
    return 0;
  _lys_store_infusion_changed (self, infusion_id);
  return id;
}

/**
 * _lys_store_check_rest_wasted:
 *
 * A discharge waits for the rest of the opened units to be wasted.
 */
gboolean
_lys_store_check_rest_wasted (LysStore  *self,
                              gint64     infusion_id,
                              GError   **error)
{
  gboolean wasted = FALSE;
  double rest = lys_store_get_infusion_rest_mg (self, infusion_id, &wasted);
  g_autofree char *mg = NULL;

  if (rest == 0 || wasted)
    return TRUE;
  mg = lys_text_format_amount (rest);
  /* Translators: %s is a number of milligrams */
  g_set_error (error, LYS_ERROR, LYS_ERROR_LOCKED,
               _("%s mg is left of the opened ketamine. Waste it before a witness first (Ketamine Left, above)."), mg);
  return FALSE;
}

/**
 * _lys_store_find_broken_drug_entry:
 *
 * Returns: the first entry of the ketamine record whose link does not hold,
 *   or whose audit row names an entry gone; 0 when it is intact, -1 with an
 *   error
 */
gint64
_lys_store_find_broken_drug_entry (LysStore  *self,
                                   GError   **error)
{
  g_autoptr(LysDbStmt) gone = NULL;
  LysAuditCheck check;
  gint64 broken;

  if (!lys_audit_chain_verify_rows (_lys_store_get_db (self), DRUG_CHAIN_SQL, &check, error))
    return -1;
  broken = check.broken_id;
  lys_audit_check_clear (&check);
  if (broken > 0)
    return broken;

  /* Entries cut from the end leave no broken link: each has its audit row */
  gone = _lys_store_prepare (self, "SELECT min (a.object_id) FROM audit_log a WHERE a.object_type = 'drug-entry' "
                                   "AND NOT EXISTS (SELECT 1 FROM drug_entries d WHERE d.id = a.object_id)", error);
  if (gone == NULL)
    return -1;
  return _lys_store_step_id (self, gone, error);
}
