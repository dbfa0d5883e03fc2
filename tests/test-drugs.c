/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "lys-drug-statement.h"
#include "lys-error.h"
#include "lys-sha256.h"
#include "lys-store-drugs.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

/* The ketamine record: products, lots and receipts; the units an infusion
 * opens and what is left of them, wasted before a witness who confirms
 * with their own code; counts, their differences and explanations;
 * corrections; a balance that is always the sum of the entries; and a
 * ledger that neither the store nor sqlite3 changes unseen. */

#define WITNESS_CODE "vitne-2468"

typedef struct
{
  TestFixture base;
  gint64 product;     /* 10 mg/ml, 5 ml ampoules: 50 mg each */
  gint64 psychologist_witness;
  gint64 coordinator;
  gint64 infusion;
} Fixture;

static void
set_witness_code (Fixture    *fixture,
                  gint64      staff_id,
                  const char *code)
{
  g_autofree char *stored = lys_secret_hash (code);
  g_autofree char *sql = g_strdup_printf ("UPDATE staff SET witness_code = '%s' WHERE id = %" G_GINT64_FORMAT,
                                          stored, staff_id);

  g_assert_cmpint (test_clinic_exec (fixture->base.store, sql), ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDateTime) booked = test_clinic_today_at (9, 0);
  g_autoptr(GError) error = NULL;

  test_fixture_open_clinic (&fixture->base, "drugs", booked, TEST_CLINIC_READY);
  test_clinic_become (fixture->base.store, "Nina Nattevakt", LYS_ROLE_NURSE);
  test_clinic_set_time (fixture->base.store, 8, 45);
  fixture->psychologist_witness = fixture->base.clinic.psychologist;
  set_witness_code (fixture, fixture->psychologist_witness, WITNESS_CODE);
  fixture->coordinator = test_fixture_add_staff (&fixture->base, "Kari Koordinator", LYS_ROLE_COORDINATOR, FALSE);
  set_witness_code (fixture, fixture->coordinator, WITNESS_CODE);
  fixture->product = lys_store_add_drug_product (fixture->base.store, "Ketamin", 10, 5, LYS_DRUG_FORM_AMPOULE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->product, >, 0);
}

static gint64
query (Fixture    *fixture,
       const char *sql)
{
  return test_clinic_query_int (fixture->base.store, sql);
}

static GDate
in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  return date;
}

static gint64
receive (Fixture    *fixture,
         const char *lot,
         guint       units)
{
  g_autoptr(GError) error = NULL;
  GDate expiry = in_days (200);
  gint64 id = lys_store_receive_drug (fixture->base.store, fixture->product, lot, &expiry, units, "FS-1001", &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
lot_id (Fixture    *fixture,
        const char *number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM drug_lots WHERE lot_number = '%s'", number);

  return query (fixture, sql);
}

/* The balance the record shows for the lot, checked against the sum of its
 * entries and the running balance of its last entry */
static gint64
balance (Fixture    *fixture,
         const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lots = lys_store_list_drug_lots (fixture->base.store, TRUE, &error);
  g_autoptr(GPtrArray) entries = NULL;
  LysDrugFilter filter = { .lot_id = lot_id (fixture, number), .kind = -1 };
  gint64 shown = -1, sum = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < lots->len; i++)
    {
      LysDrugLot *lot = g_ptr_array_index (lots, i);

      if (g_str_equal (lot->lot_number, number))
        shown = lot->units;
    }
  entries = lys_store_list_drug_entries (fixture->base.store, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      LysDrugEntry *entry = g_ptr_array_index (entries, i);

      sum += entry->units;
      g_assert_cmpint (entry->balance, ==, sum);
    }
  g_assert_cmpint (shown, ==, sum);
  return shown;
}

static void
assert_refused (GError     *error,
                int         code,
                const char *words)
{
  g_assert_error (error, LYS_ERROR, code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” not in “%s”", words, error->message);
}

/* Opened at 08:45 with a baseline, 80 kg at 0.5 mg/kg (40 mg) from @lot;
 * the clock at 09:00 */
static void
prepare (Fixture    *fixture,
         const char *lot)
{
  g_autoptr(GError) error = NULL;
  LysVitals vitals = { 124, 80, 72, 97 };

  fixture->infusion = lys_store_open_infusion (fixture->base.store, fixture->base.clinic.appointment, &error);
  g_assert_no_error (error);
  g_assert_true (lys_store_set_infusion_value (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_WEIGHT, 80, &error));
  g_assert_true (lys_store_set_infusion_text (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_LOT_NUMBER, lot, &error));
  g_assert_cmpint (lys_store_record_vitals (fixture->base.store, fixture->infusion, &vitals, NULL, NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  test_clinic_set_time (fixture->base.store, 9, 0);
}

static gboolean
start (Fixture  *fixture,
       GError  **error)
{
  return lys_store_start_infusion (fixture->base.store, fixture->infusion, NULL, NULL, NULL, NULL, error);
}

static void
set_lot (Fixture    *fixture,
         const char *lot)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_set_infusion_text (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_LOT_NUMBER, lot, &error));
  g_assert_no_error (error);
}

/* Ended, observed and checked: all the discharge waits for is the waste */
static void
end_and_observe (Fixture    *fixture,
                 const char *stop_reason,
                 double      given_mg)
{
  g_autoptr(GError) error = NULL;
  LysVitals vitals = { 122, 78, 70, 98 };

  test_clinic_set_time (fixture->base.store, 9, stop_reason != NULL ? 20 : 40);
  g_assert_true (lys_store_end_infusion (fixture->base.store, fixture->infusion, NULL, NULL, stop_reason, given_mg, &error));
  g_assert_no_error (error);
  test_clinic_set_time (fixture->base.store, 10, 45);
  g_assert_cmpint (lys_store_record_vitals (fixture->base.store, fixture->infusion, &vitals, NULL, NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  for (guint check = 0; check < LYS_N_DISCHARGE_CHECKS; check++)
    g_assert_true (lys_store_set_discharge_check (fixture->base.store, fixture->infusion, check, TRUE, NULL));
}

static void
test_secret (void)
{
  g_autofree char *one = lys_secret_hash ("1234-abcd");
  g_autofree char *two = lys_secret_hash ("1234-abcd");

  g_assert_true (g_str_has_prefix (one, "pbkdf2-sha256:"));
  g_assert_cmpstr (one, !=, two);            /* salted */
  g_assert_null (strstr (one, "1234-abcd"));
  g_assert_true (lys_secret_matches ("1234-abcd", one));
  g_assert_true (lys_secret_matches ("1234-abcd", two));
  g_assert_false (lys_secret_matches ("1234-abcD", one));
  g_assert_false (lys_secret_matches ("", one));
  g_assert_false (lys_secret_matches ("1234-abcd", NULL));
  g_assert_false (lys_secret_matches ("1234-abcd", "1234-abcd"));
  g_assert_false (lys_secret_matches ("1234-abcd", "pbkdf2-sha256:1:00:00"));
  g_assert_false (lys_secret_matches ("1234-abcd", "pbkdf2-sha256:60000:zz:" "0000000000000000000000000000000000000000000000000000000000000000"));
}

static void
test_receipts (Fixture       *fixture,
               gconstpointer  data)
{
  LysStore *store = fixture->base.store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = NULL;
  GDate expiry = in_days (100), past = in_days (-1), other = in_days (101);
  gint64 vial;

  /* Products: named, with a strength and a volume, once */
  g_assert_cmpint (lys_store_add_drug_product (store, "  ", 10, 5, LYS_DRUG_FORM_AMPOULE, &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "name");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_add_drug_product (store, "Ketamin", 0, 5, LYS_DRUG_FORM_AMPOULE, &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "mg/ml");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_add_drug_product (store, "Ketamin", 10, 500, LYS_DRUG_FORM_AMPOULE, &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "volume");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_add_drug_product (store, "Ketamin", 10, 5, LYS_DRUG_FORM_AMPOULE, &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "already");
  g_clear_error (&error);
  vial = lys_store_add_drug_product (store, "Ketamin", 50, 10, LYS_DRUG_FORM_VIAL, &error);
  g_assert_cmpint (vial, >, 0);
  g_assert_no_error (error);
  products = lys_store_list_drug_products (store, &error);
  g_assert_cmpuint (products->len, ==, 2);

  /* Receipts: a lot, an expiry in date, units and a delivery note */
  g_assert_cmpint (lys_store_receive_drug (store, fixture->product, " ", &expiry, 10, "FS-1", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "lot number");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_receive_drug (store, fixture->product, "K-1", &expiry, 0, "FS-1", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "1 to 1000");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_receive_drug (store, fixture->product, "K-1", &expiry, 10, "", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "delivery note");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_receive_drug (store, fixture->product, "K-1", &past, 10, "FS-1", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "expired");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_receive_drug (store, fixture->product, "K-1", &expiry, 10, "FS-1\nX", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "plain text");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_receive_drug (store, 999, "K-1", &expiry, 10, "FS-1", &error), ==, 0);
  assert_refused (error, LYS_ERROR_NOT_FOUND, "product");
  g_clear_error (&error);
  g_assert_cmpint (query (fixture, "SELECT count (*) FROM drug_entries"), ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count (*) FROM drug_lots"), ==, 0);

  receive (fixture, "K-1", 10);
  receive (fixture, "k-1", 5);      /* the same lot, however it is typed */
  g_assert_cmpint (balance (fixture, "K-1"), ==, 15);
  g_assert_cmpint (lys_store_receive_drug (store, fixture->product, "K-1", &other, 1, "FS-2", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "expiry");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_receive_drug (store, vial, "K-1", &expiry, 1, "FS-2", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "another product");
  g_clear_error (&error);
  g_assert_cmpint (balance (fixture, "K-1"), ==, 15);
  g_assert_cmpint (query (fixture, "SELECT count (*) FROM audit_log WHERE action = 'drug.receipt'"), ==, 2);
  g_assert_cmpint (lys_store_get_drug_count_age (store), ==, 0);

  /* Who: a psychologist reads, a coordinator does not even read */
  test_clinic_become (store, "Petra Psykolog", LYS_ROLE_PSYCHOLOGIST);
  g_clear_pointer (&products, g_ptr_array_unref);
  products = lys_store_list_drug_products (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lys_store_receive_drug (store, fixture->product, "K-1", &expiry, 1, "FS-3", &error), ==, 0);
  assert_refused (error, LYS_ERROR_PERMISSION, "physician or a nurse");
  g_clear_error (&error);
  test_clinic_become (store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  g_assert_null (lys_store_list_drug_lots (store, TRUE, &error));
  assert_refused (error, LYS_ERROR_PERMISSION, "Coordinators");
  g_clear_error (&error);
  g_assert_null (lys_store_list_drug_entries (store, NULL, &error));
  assert_refused (error, LYS_ERROR_PERMISSION, "Coordinators");
}

static void
test_draw_and_waste (Fixture       *fixture,
                     gconstpointer  data)
{
  LysStore *store = fixture->base.store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  LysDrugFilter filter = { .kind = LYS_DRUG_ENTRY_DRAW };
  gboolean wasted = TRUE;
  g_autofree char *sql = NULL;

  receive (fixture, "KET-1", 3);
  sql = g_strdup_printf ("INSERT INTO drug_lots (product_id, lot_number, expires_on) VALUES (%" G_GINT64_FORMAT
                         ", 'OLD-1', '2020-01-31')", fixture->product);
  g_assert_cmpint (test_clinic_exec (store, sql), ==, 0);
  prepare (fixture, "NOT-IN-RECORD");

  /* Once the clinic keeps the record, the lot must be in it, in date, with
   * the units the dose needs */
  g_assert_false (start (fixture, &error));
  assert_refused (error, LYS_ERROR_INVALID, "not in the ketamine record");
  g_clear_error (&error);
  set_lot (fixture, "OLD-1");
  g_assert_false (start (fixture, &error));
  assert_refused (error, LYS_ERROR_INVALID, "expired on 31.01.2020");
  g_clear_error (&error);
  g_assert_true (lys_store_set_infusion_value (store, fixture->infusion, LYS_INFUSION_FIELD_DOSE_RATE, 0.75, &error));
  g_assert_true (lys_store_set_infusion_value (store, fixture->infusion, LYS_INFUSION_FIELD_WEIGHT, 300, &error));
  g_assert_no_error (error);
  set_lot (fixture, "KET-1");
  g_assert_false (start (fixture, &error));   /* 225 mg needs 5 ampoules of 50 mg */
  assert_refused (error, LYS_ERROR_INVALID, "has 3 units left");
  g_clear_error (&error);
  g_assert_cmpint (query (fixture, "SELECT count (*) FROM infusions WHERE status = 'running'"), ==, 0);
  g_assert_cmpint (balance (fixture, "KET-1"), ==, 3);

  /* 80 kg at 0.5 mg/kg: 40 mg, one ampoule opened, in the start's transaction */
  g_assert_true (lys_store_set_infusion_value (store, fixture->infusion, LYS_INFUSION_FIELD_WEIGHT, 80, &error));
  g_assert_true (lys_store_set_infusion_value (store, fixture->infusion, LYS_INFUSION_FIELD_DOSE_RATE, 0.5, &error));
  g_assert_true (start (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (balance (fixture, "KET-1"), ==, 2);
  entries = lys_store_list_drug_entries (store, &filter, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  {
    LysDrugEntry *draw = g_ptr_array_index (entries, 0);
    g_autofree char *code = g_strdup_printf ("L-%" G_GINT64_FORMAT, fixture->base.clinic.appointment);

    g_assert_cmpint (draw->units, ==, -1);
    g_assert_cmpfloat_with_epsilon (draw->mg, 40, 1e-9);
    g_assert_cmpint (draw->infusion_id, ==, fixture->infusion);
    g_assert_true (g_str_has_suffix (draw->patient, code));
    g_assert_cmpstr (draw->staff_name, ==, "Nina Nattevakt");
  }
  g_assert_cmpint (query (fixture, "SELECT count (*) FROM audit_log WHERE action = 'drug.draw' AND patient_id > 0"), ==, 1);
  /* Nothing to waste while it runs */
  g_assert_cmpfloat (lys_store_get_infusion_rest_mg (store, fixture->infusion, NULL), ==, 0);

  /* Ended: 10 mg left of the ampoule; the discharge waits for its waste */
  end_and_observe (fixture, NULL, -1);
  g_assert_cmpfloat_with_epsilon (lys_store_get_infusion_rest_mg (store, fixture->infusion, &wasted), 10, 1e-9);
  g_assert_false (wasted);
  g_assert_false (lys_store_sign_discharge (store, fixture->infusion, &error));
  assert_refused (error, LYS_ERROR_LOCKED, "10 mg is left");
  g_clear_error (&error);

  /* A witness: someone else, a health worker, with their own code */
  g_assert_cmpint (lys_store_waste_infusion_rest (store, fixture->infusion, 0, WITNESS_CODE, &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "witness");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_waste_infusion_rest (store, fixture->infusion, lys_store_get_current_staff_id (store),
                                                  WITNESS_CODE, &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "someone else");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_waste_infusion_rest (store, fixture->infusion, fixture->coordinator, WITNESS_CODE, &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "cannot witness");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_waste_infusion_rest (store, fixture->infusion, fixture->base.clinic.physician, "x", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "no witness code");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_waste_infusion_rest (store, fixture->infusion, fixture->psychologist_witness, "vitne-2469", &error), ==, 0);
  assert_refused (error, LYS_ERROR_PERMISSION, "not the witness code");
  g_clear_error (&error);
  g_assert_cmpint (query (fixture, "SELECT count (*) FROM drug_entries WHERE kind = 'waste'"), ==, 0);

  g_assert_cmpint (lys_store_waste_infusion_rest (store, fixture->infusion, fixture->psychologist_witness, WITNESS_CODE, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (lys_store_waste_infusion_rest (store, fixture->infusion, fixture->psychologist_witness, WITNESS_CODE, &error), ==, 0);
  assert_refused (error, LYS_ERROR_LOCKED, "already");
  g_clear_error (&error);
  g_assert_cmpint (query (fixture, "SELECT round (mg * 100) FROM drug_entries WHERE kind = 'waste'"), ==, 1000);
  g_assert_cmpint (query (fixture, "SELECT witness_id FROM drug_entries WHERE kind = 'waste'"), ==, fixture->psychologist_witness);
  g_assert_true (lys_store_sign_discharge (store, fixture->infusion, &error));
  g_assert_no_error (error);
  /* Opened = given + wasted, by construction */
  g_assert_cmpint (query (fixture, "SELECT round ((SELECT -sum (units) * 50 FROM drug_entries WHERE kind = 'draw') * 100) "
                                   "- round (((SELECT sum (coalesce (given_mg, total_mg)) FROM infusions) "
                                   "+ (SELECT sum (mg) FROM drug_entries WHERE kind = 'waste')) * 100)"), ==, 0);
  g_assert_cmpint (balance (fixture, "KET-1"), ==, 2);
}

/* A stopped infusion gave less: the rest of the opened units is wasted */
static void
test_stopped (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  receive (fixture, "KET-2", 4);
  prepare (fixture, "KET-2");
  g_assert_true (lys_store_set_infusion_value (fixture->base.store, fixture->infusion, LYS_INFUSION_FIELD_WEIGHT, 120, &error));
  g_assert_true (start (fixture, &error));      /* 60 mg: two ampoules */
  g_assert_no_error (error);
  g_assert_cmpint (balance (fixture, "KET-2"), ==, 2);
  end_and_observe (fixture, "Kraftig uro", 22.5);
  g_assert_cmpfloat_with_epsilon (lys_store_get_infusion_rest_mg (fixture->base.store, fixture->infusion, NULL), 77.5, 1e-9);
  g_assert_cmpint (lys_store_waste_infusion_rest (fixture->base.store, fixture->infusion, fixture->psychologist_witness,
                                                  WITNESS_CODE, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query (fixture, "SELECT round (mg * 10) FROM drug_entries WHERE kind = 'waste'"), ==, 775);
  g_assert_true (lys_store_sign_discharge (fixture->base.store, fixture->infusion, &error));
  g_assert_no_error (error);
}

static void
test_counts (Fixture       *fixture,
             gconstpointer  data)
{
  LysStore *store = fixture->base.store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  LysDrugFilter open_only = { .kind = -1, .open_only = TRUE };
  gint64 lot, count, explained;

  receive (fixture, "KET-3", 10);
  lot = lot_id (fixture, "KET-3");

  /* Counted and witnessed: as recorded */
  g_assert_cmpint (lys_store_count_drug_lot (store, lot, 10, fixture->psychologist_witness, "wrong-code", &error), ==, 0);
  assert_refused (error, LYS_ERROR_PERMISSION, "not the witness code");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_count_drug_lot (store, lot, 10, fixture->psychologist_witness, WITNESS_CODE, &error), >, 0);
  g_assert_no_error (error);
  open = lys_store_list_drug_entries (store, &open_only, &error);
  g_assert_cmpuint (open->len, ==, 0);
  g_clear_pointer (&open, g_ptr_array_unref);

  /* One missing: the balance follows what was found, the difference stays
   * open until explained */
  count = lys_store_count_drug_lot (store, lot, 9, fixture->psychologist_witness, WITNESS_CODE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (balance (fixture, "KET-3"), ==, 9);
  open = lys_store_list_drug_entries (store, &open_only, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpint (((LysDrugEntry *) g_ptr_array_index (open, 0))->id, ==, count);
  g_assert_cmpint (((LysDrugEntry *) g_ptr_array_index (open, 0))->units, ==, -1);
  g_assert_cmpint (((LysDrugEntry *) g_ptr_array_index (open, 0))->found_units, ==, 9);
  g_clear_pointer (&open, g_ptr_array_unref);

  g_assert_cmpint (lys_store_explain_drug_count (store, count, " ", "Meldt", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "why");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_explain_drug_count (store, count, "Knust ampulle", "", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "what was done");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_explain_drug_count (store, count - 1, "Knust", "Meldt", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "found a difference");
  g_clear_error (&error);
  explained = lys_store_explain_drug_count (store, count, "Knust ampulle, ikke ført", "Meldt til apoteket", &error);
  g_assert_no_error (error);
  g_assert_cmpint (explained, >, 0);
  g_assert_cmpint (lys_store_explain_drug_count (store, count, "Igjen", "Igjen", &error), ==, 0);
  assert_refused (error, LYS_ERROR_LOCKED, "answered");
  g_clear_error (&error);
  open = lys_store_list_drug_entries (store, &open_only, &error);
  g_assert_cmpuint (open->len, ==, 0);
  g_assert_cmpint (balance (fixture, "KET-3"), ==, 9);
  g_assert_cmpint (query (fixture, "SELECT count (*) FROM audit_log WHERE action IN ('drug.count', 'drug.explanation')"), ==, 3);
}

static void
test_corrections (Fixture       *fixture,
                  gconstpointer  data)
{
  LysStore *store = fixture->base.store;
  g_autoptr(GError) error = NULL;
  gint64 wrong, correction;

  receive (fixture, "KET-4", 10);
  wrong = receive (fixture, "KET-4", 20);
  g_assert_cmpint (balance (fixture, "KET-4"), ==, 30);
  g_assert_cmpint (lys_store_correct_drug_entry (store, wrong, "", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "wrong");
  g_clear_error (&error);
  correction = lys_store_correct_drug_entry (store, wrong, "Feil antall: 2, ikke 20", &error);
  g_assert_no_error (error);
  g_assert_cmpint (balance (fixture, "KET-4"), ==, 10);
  g_assert_cmpint (lys_store_correct_drug_entry (store, wrong, "Igjen", &error), ==, 0);
  assert_refused (error, LYS_ERROR_LOCKED, "answered");
  g_clear_error (&error);
  g_assert_cmpint (lys_store_correct_drug_entry (store, correction, "Igjen", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "receipt or a count");
  g_clear_error (&error);
  /* Taking back more than is left is a count's work */
  wrong = receive (fixture, "KET-5", 3);
  {
    gint64 lot = lot_id (fixture, "KET-5");

    g_assert_cmpint (lys_store_count_drug_lot (store, lot, 1, fixture->psychologist_witness, WITNESS_CODE, &error), >, 0);
  }
  g_assert_cmpint (lys_store_correct_drug_entry (store, wrong, "Feil", &error), ==, 0);
  assert_refused (error, LYS_ERROR_INVALID, "Count the lot");
  g_clear_error (&error);
  /* The wrong entry stays, answered */
  g_assert_cmpint (query (fixture, "SELECT count (*) FROM drug_entries"), ==, 5);
}

/* Any sequence of receipts, counts and corrections: the balance is the sum */
static void
test_balance_is_sum (Fixture       *fixture,
                     gconstpointer  data)
{
  LysStore *store = fixture->base.store;
  const char *lots[] = { "R-1", "R-2", "R-3" };
  gint64 expected[G_N_ELEMENTS (lots)] = { 0 };
  GRand *rand = g_rand_new_with_seed (20261202);

  for (guint step = 0; step < 60; step++)
    {
      guint which = g_rand_int_range (rand, 0, G_N_ELEMENTS (lots));
      int action = g_rand_int_range (rand, 0, 3);
      g_autoptr(GError) error = NULL;

      if (action == 0 || expected[which] == 0)
        {
          guint units = g_rand_int_range (rand, 1, 9);
          gint64 id = receive (fixture, lots[which], units);

          expected[which] += units;
          /* Now and then the receipt was typed wrong */
          if (g_rand_int_range (rand, 0, 4) == 0)
            {
              g_assert_cmpint (lys_store_correct_drug_entry (store, id, "Feil", &error), >, 0);
              expected[which] -= units;
            }
        }
      else if (action == 1)
        {
          guint found = g_rand_int_range (rand, 0, (int) expected[which] + 2);

          g_assert_cmpint (lys_store_count_drug_lot (store, lot_id (fixture, lots[which]), found,
                                                     fixture->psychologist_witness, WITNESS_CODE, &error), >, 0);
          expected[which] = found;
        }
      else
        {
          g_autofree char *sql = g_strdup_printf ("SELECT coalesce (sum (units), 0) FROM drug_entries "
                                                  "WHERE lot_id = %" G_GINT64_FORMAT, lot_id (fixture, lots[which]));

          g_assert_cmpint (query (fixture, sql), ==, expected[which]);
        }
      g_assert_no_error (error);
      g_assert_cmpint (balance (fixture, lots[which]), ==, expected[which]);
    }
  g_rand_free (rand);
}

/* Entries are never changed or deleted, by the store or with sqlite3 */
static void
test_append_only (Fixture       *fixture,
                  gconstpointer  data)
{
  LysStore *store = fixture->base.store;
  g_autoptr(GError) error = NULL;
  LysSignedKind kind = LYS_SIGNED_NOTE;
  gint64 first = 0, second;

  first = receive (fixture, "KET-6", 10);
  second = receive (fixture, "KET-6", 5);
  receive (fixture, "KET-6", 1);
  g_assert_cmpint (test_clinic_exec (store, "UPDATE drug_entries SET units = 100"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (store, "DELETE FROM drug_entries"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (store, "UPDATE drug_lots SET expires_on = '2099-01-01'"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (store, "DELETE FROM drug_lots"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (store, "UPDATE drug_products SET strength_mg_per_ml = 50"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (store, "INSERT INTO drug_entries (lot_id, kind, at, units, mg, staff_id, hash) "
                                            "VALUES (1, 'receipt', '2026-01-01 10:00:00', 5, 0, 1, 'x')"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (test_clinic_exec (store, "INSERT INTO drug_entries (lot_id, kind, at, units, mg, staff_id, hash) "
                                            "VALUES (1, 'correction', '2026-01-01 10:00:00', 5, 0, 1, 'x')"), ==, LYS_DB_FAULT_CONSTRAINT);
  g_assert_cmpint (lys_store_count_altered_records (store, &kind, &first, &error), ==, 0);
  g_assert_no_error (error);

  /* With sqlite3, past the triggers: the link breaks at the entry changed */
  g_clear_object (&fixture->base.store);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE drug_entries SET units = 50 WHERE id = %" G_GINT64_FORMAT, second);

    g_assert_cmpint (test_raw_tamper (fixture->base.path, "drug_entries_no_update", sql), ==, SQLITE_OK);
  }
  fixture->base.store = lys_store_open (fixture->base.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lys_store_count_altered_records (fixture->base.store, &kind, &first, &error), ==, 1);
  g_assert_cmpint (kind, ==, LYS_SIGNED_DRUG_ENTRY);
  g_assert_cmpint (first, ==, second);
  g_clear_object (&fixture->base.store);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE drug_entries SET units = 5 WHERE id = %" G_GINT64_FORMAT, second);

    g_assert_cmpint (test_raw_tamper (fixture->base.path, "drug_entries_no_update", sql), ==, SQLITE_OK);
  }
  fixture->base.store = lys_store_open (fixture->base.path, &error);
  g_assert_cmpint (lys_store_count_altered_records (fixture->base.store, &kind, &first, &error), ==, 0);

  /* The last entry taken out leaves no broken link, but its audit row */
  g_clear_object (&fixture->base.store);
  g_assert_cmpint (test_raw_tamper (fixture->base.path, "drug_entries_no_delete",
                                    "DELETE FROM drug_entries WHERE id = (SELECT max (id) FROM drug_entries)"), ==, SQLITE_OK);
  fixture->base.store = lys_store_open (fixture->base.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lys_store_count_altered_records (fixture->base.store, &kind, &first, &error), ==, 1);
  g_assert_cmpint (kind, ==, LYS_SIGNED_DRUG_ENTRY);
  g_assert_cmpint (first, ==, second + 1);

  /* An entry written past the store has no link that holds */
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "INSERT INTO drug_entries (lot_id, kind, at, units, mg, "
                                                          "delivery_note, staff_id, hash) VALUES (1, 'receipt', "
                                                          "'2026-01-01 10:00:00', 5, 0, 'FS-9', 1, 'x')"), ==, LYS_DB_FAULT_NONE);
  g_assert_cmpint (lys_store_count_altered_records (fixture->base.store, &kind, &first, &error), ==, 1);
  g_assert_cmpint (first, ==, second + 1);
}

static void
test_witness_code (Fixture       *fixture,
                   gconstpointer  data)
{
  LysStore *store = fixture->base.store;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;

  g_assert_false (lys_store_has_witness_code (store));
  g_assert_false (lys_store_set_witness_code (store, "12345", &error));
  assert_refused (error, LYS_ERROR_INVALID, "6 to 64");
  g_clear_error (&error);
  g_assert_true (lys_store_set_witness_code (store, "min-kode-77", &error));
  g_assert_no_error (error);
  g_assert_true (lys_store_has_witness_code (store));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT witness_code FROM staff WHERE id = %" G_GINT64_FORMAT,
                                            lys_store_get_current_staff_id (store));

    stored = test_clinic_query_text (store, sql);
  }
  g_assert_null (strstr (stored, "min-kode"));
  g_assert_true (lys_secret_matches ("min-kode-77", stored));
  g_assert_cmpint (query (fixture, "SELECT count (*) FROM audit_log WHERE action = 'staff.witness-code' "
                                   "AND detail IS NULL"), ==, 1);
  test_clinic_become (store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  g_assert_false (lys_store_set_witness_code (store, "min-kode-77", &error));
  assert_refused (error, LYS_ERROR_PERMISSION, "witness");
}


/* The statement of a period: its totals reconcile with the entries and
 * with the infusions given in it */
static void
test_statement (Fixture       *fixture,
                gconstpointer  data)
{
  LysStore *store = fixture->base.store;
  g_autoptr(GError) error = NULL;
  g_autoptr(LysDrugStatement) statement = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pdf = g_build_filename (fixture->base.dir, "statement.pdf", NULL);
  g_autofree char *text = NULL;
  GDate today = in_days (0), yesterday = in_days (-1);
  LysDrugStatementProduct *p;
  gint64 count, wrong;

  receive (fixture, "KET-7", 10);
  wrong = receive (fixture, "KET-7", 4);
  g_assert_cmpint (lys_store_correct_drug_entry (store, wrong, "Levert til feil klinikk", &error), >, 0);
  prepare (fixture, "KET-7");
  g_assert_true (lys_store_set_infusion_value (store, fixture->infusion, LYS_INFUSION_FIELD_WEIGHT, 130, &error));
  g_assert_true (start (fixture, &error));            /* 65 mg: two ampoules */
  end_and_observe (fixture, NULL, -1);
  g_assert_cmpint (lys_store_waste_infusion_rest (store, fixture->infusion, fixture->psychologist_witness,
                                                  WITNESS_CODE, &error), >, 0);
  g_assert_true (lys_store_sign_discharge (store, fixture->infusion, &error));
  count = lys_store_count_drug_lot (store, lot_id (fixture, "KET-7"), 7, fixture->psychologist_witness, WITNESS_CODE, &error);
  g_assert_cmpint (lys_store_explain_drug_count (store, count, "Knust ampulle", "Meldt som avvik", &error), >, 0);
  g_assert_no_error (error);

  /* Yesterday: nothing yet */
  statement = lys_drug_statement_compute (store, &yesterday, &yesterday, &error);
  g_assert_no_error (error);
  p = g_ptr_array_index (statement->products, 0);
  g_assert_cmpint (p->opening + p->received + p->opened + p->closing, ==, 0);
  g_clear_pointer (&statement, lys_drug_statement_free);

  statement = lys_drug_statement_compute (store, &yesterday, &today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statement->products->len, ==, 1);
  p = g_ptr_array_index (statement->products, 0);
  g_assert_cmpint (p->opening, ==, 0);
  g_assert_cmpint (p->received, ==, 14);
  g_assert_cmpint (p->corrected, ==, -4);
  g_assert_cmpint (p->opened, ==, 2);
  g_assert_cmpint (p->count_difference, ==, -1);
  g_assert_cmpint (p->closing, ==, 7);
  g_assert_cmpint (p->closing, ==, balance (fixture, "KET-7"));
  g_assert_cmpint (p->closing, ==, p->opening + p->received + p->corrected - p->opened + p->count_difference);
  /* Given, as the infusion record has it; opened = given + wasted */
  g_assert_cmpint (p->administered->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (p->given_mg, query (fixture, "SELECT round (coalesce (given_mg, total_mg)) FROM infusions"), 1e-9);
  g_assert_cmpfloat_with_epsilon (p->given_mg, 65, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->wasted_mg, 35, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->opened * p->mg_per_unit, p->given_mg + p->wasted_mg, 1e-9);
  {
    LysDrugAdministered *a = g_ptr_array_index (p->administered, 0);

    g_assert_nonnull (a->patient);
    g_assert_null (strstr (a->patient, TEST_CLINIC_NATIONAL_ID));
    g_assert_true (a->wasted);
    g_assert_cmpint (a->units, ==, 2);
  }

  /* The CSV for a Norwegian spreadsheet, and the PDF, never the identity number */
  csv = lys_drug_statement_dup_csv (statement, "nb");
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbfproduct;measure;detail;label;units;mg\r\n"));
  g_assert_nonnull (strstr (csv, ";closing;;"));
  g_assert_nonnull (strstr (csv, ";7;350\r\n"));
  g_assert_nonnull (strstr (csv, "Knust ampulle"));
  g_assert_null (strstr (csv, TEST_CLINIC_NATIONAL_ID));
  g_assert_true (lys_drug_statement_write (statement, pdf, "en", &error));
  g_assert_no_error (error);
  text = test_pdf_text (pdf, FALSE);
  g_assert_nonnull (strstr (text, "Ketamine Statement"));
  g_assert_nonnull (strstr (text, "Closing balance"));
  g_assert_nonnull (strstr (text, "Knust ampulle"));
  g_assert_null (strstr (text, TEST_CLINIC_NATIONAL_ID));
  {
    g_autofree char *odt = g_build_filename (fixture->base.dir, "statement.odt", NULL);

    g_assert_false (lys_drug_statement_write (statement, odt, "en", &error));
    assert_refused (error, LYS_ERROR_INVALID, ".pdf or");
    g_clear_error (&error);
  }
  g_assert_cmpint (query (fixture, "SELECT count (*) FROM audit_log WHERE action = 'drug.statement'"), ==, 2);

  /* Never for a coordinator */
  g_clear_pointer (&statement, lys_drug_statement_free);
  test_clinic_become (store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  g_assert_null (lys_drug_statement_compute (store, &yesterday, &today, &error));
  assert_refused (error, LYS_ERROR_PERMISSION, "Coordinators");
}

int
main (int   argc,
      char *argv[])
{
  test_clinic_init (&argc, &argv);

  g_test_add_func ("/drugs/secret", test_secret);
  TEST_ADD ("/drugs/receipts", test_receipts);
  TEST_ADD ("/drugs/draw-and-waste", test_draw_and_waste);
  TEST_ADD ("/drugs/stopped", test_stopped);
  TEST_ADD ("/drugs/counts", test_counts);
  TEST_ADD ("/drugs/corrections", test_corrections);
  TEST_ADD ("/drugs/balance-is-sum", test_balance_is_sum);
  TEST_ADD ("/drugs/append-only", test_append_only);
  TEST_ADD ("/drugs/witness-code", test_witness_code);
  TEST_ADD ("/drugs/statement", test_statement);

  return g_test_run ();
}
