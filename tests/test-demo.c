/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "lys-demo.h"
#include "lys-error.h"
#include "lys-holidays.h"
#include "lys-national-id.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

typedef struct
{
  TestFixture base;
  GDateTime *now;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_fixture_open (&f->base, "demo");
  /* A Monday morning, so that the clinic has a past and a future */
  f->now = g_date_time_new_local (2026, 11, 23, 10, 30, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_date_time_unref (f->now);
  test_fixture_tear_down (&f->base, NULL);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = test_clinic_prepare (f->base.store, sql);
  g_assert_cmpint (lys_db_step (stmt), ==, LYS_DB_ROW);
  return lys_db_column_int64 (stmt, 0);
}

static void
seed (Fixture *f,
      guint    n,
      guint    years)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_demo_seed (f->base.store, n, years, f->now, &error));
  g_assert_no_error (error);
}

static void
test_clinic (Fixture       *f,
             gconstpointer  data)
{
  static const char *phases[] = { "preparation", "induction", "maintenance", "completed", "stopped" };

  seed (f, LYS_DEMO_PATIENTS, LYS_DEMO_HISTORY_YEARS);

  g_assert_true (lys_store_is_demo (f->base.store));
  g_assert_cmpuint (g_list_model_get_n_items (lys_store_get_patients (f->base.store)), ==, LYS_DEMO_PATIENTS);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM rooms WHERE headphones = 1 AND duvet = 1 AND dimmable_light = 1"), ==, 3);
  /* Six staff across the four roles (plus the account's own profile) */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM staff WHERE username IS NULL"), ==, 6);
  g_assert_cmpint (query_int (f, "SELECT count(DISTINCT role) FROM staff WHERE username IS NULL"), ==, 4);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM staff WHERE role = 'psychologist' AND kap_certified = 1"), >=, 2);

  /* Every phase is represented among the patients' latest courses */
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      GListModel *patients = lys_store_get_patients (f->base.store);
      guint found = 0;

      for (guint p = 0; p < g_list_model_get_n_items (patients); p++)
        {
          g_autoptr(LysPatient) patient = g_list_model_get_item (patients, p);
          found += g_strcmp0 (lys_patient_get_phase (patient), phases[i]) == 0;
        }
      g_assert_cmpuint (found, >, 0);
    }

  /* Bookings over the coming weeks */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointments WHERE kind = 'infusion' AND state = 'planned' "
                                 "AND starts_at BETWEEN '2026-11-23' AND '2026-12-21'"), >=, 10);
  /* Each patient creation was logged, with the seeding itself */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'patient.create'"), ==, LYS_DEMO_PATIENTS);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'demo.seed'"), ==, 1);
}

static void
test_identity_numbers (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  GDate today;
  guint n = 0;

  seed (f, 200, LYS_DEMO_HISTORY_YEARS);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  stmt = test_clinic_prepare (f->base.store, "SELECT national_id, id_kind, birth_date FROM patients");
  while (lys_db_step (stmt) == LYS_DB_ROW)
    {
      g_autoptr(GError) error = NULL;
      LysNationalIdInfo info;
      char birth[11];

      g_assert_true (lys_national_id_parse (lys_db_column_text (stmt, 0), &today, &info, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (lys_national_id_kind_to_nick (info.kind), ==, lys_db_column_text (stmt, 1));
      g_assert_false (info.k1_2032_rule);
      g_snprintf (birth, sizeof birth, "%04u-%02u-%02u", g_date_get_year (&info.birth_date),
                  g_date_get_month (&info.birth_date), g_date_get_day (&info.birth_date));
      g_assert_cmpstr (birth, ==, lys_db_column_text (stmt, 2));
      n++;
    }
  g_assert_cmpuint (n, ==, 200);
}

static void
test_schedule_rules (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  guint checked = 0;

  seed (f, 300, LYS_DEMO_LONG_HISTORY_YEARS);

  /* No double booking of a room, a patient or a staff member (half-open
   * intervals) */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointments a JOIN appointments b "
                                 "ON a.id < b.id AND a.room_id = b.room_id "
                                 "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointment_patients pa JOIN appointment_patients pb "
                                 "ON pa.patient_id = pb.patient_id AND pa.appointment_id < pb.appointment_id "
                                 "JOIN appointments a ON a.id = pa.appointment_id "
                                 "JOIN appointments b ON b.id = pb.appointment_id "
                                 "WHERE a.starts_at < b.ends_at AND b.starts_at < a.ends_at"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointment_staff sa JOIN appointment_staff sb "
                                 "ON sa.staff_id = sb.staff_id AND sa.appointment_id < sb.appointment_id "
                                 "JOIN appointments a ON a.id = sa.appointment_id "
                                 "JOIN appointments b ON b.id = sb.appointment_id "
                                 "WHERE a.starts_at < b.ends_at AND b.starts_at < a.ends_at"), ==, 0);
  /* Nor a patient, whatever the kinds of session */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointment_patients pa JOIN appointment_patients pb "
                                 "ON pa.patient_id = pb.patient_id AND pa.appointment_id < pb.appointment_id "
                                 "JOIN appointments a ON a.id = pa.appointment_id "
                                 "JOIN appointments b ON b.id = pb.appointment_id "
                                 "WHERE a.state <> 'cancelled' AND b.state <> 'cancelled' "
                                 "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"), ==, 0);

  /* At least 48 h between two infusions of a course; at most three a week */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM (SELECT starts_at, lag (starts_at) OVER "
                                 "(PARTITION BY course_id ORDER BY starts_at) AS previous "
                                 "FROM appointments WHERE kind = 'infusion') AS s "
                                 "WHERE previous IS NOT NULL AND julianday (starts_at) - julianday (previous) < 2.0"), ==, 0);
  /* Weeks from Monday: 1 January 1970 was a Thursday */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM (SELECT course_id, "
                                 "floor ((julianday (substr (starts_at, 1, 10)) - 2440587.5 + 3) / 7) AS w, count(*) AS n "
                                 "FROM appointments WHERE kind = 'infusion' GROUP BY course_id, w) AS g WHERE n > 3"), ==, 0);
  /* An induction course has at most six infusions */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM (SELECT count(*) AS n FROM appointments a "
                                 "JOIN courses c ON c.id = a.course_id WHERE a.kind = 'infusion' AND c.kind = 'induction' "
                                 "GROUP BY c.id) AS g WHERE n > 6"), ==, 0);
  /* A booking covers infusion + observation + turnover */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointments WHERE kind = 'infusion' "
                                 "AND round ((julianday (ends_at) - julianday (starts_at)) * 1440) <> 115"), ==, 0);

  /* Never on a weekend or public holiday */
  stmt = test_clinic_prepare (f->base.store, "SELECT DISTINCT substr (starts_at, 1, 10) FROM appointments");
  while (lys_db_step (stmt) == LYS_DB_ROW)
    {
      unsigned y, m, d;
      GDate date;

      g_assert_cmpint (sscanf (lys_db_column_text (stmt, 0), "%u-%u-%u", &y, &m, &d), ==, 3);
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, d, m, y);
      g_assert_false (lys_holidays_is_closed_day (&date));
      checked++;
    }
  g_assert_cmpuint (checked, >, 300);

  /* Ten years of history */
  g_assert_cmpint (query_int (f, "SELECT julianday ('2026-11-23') - julianday (min (started_on)) > 365 * 8 FROM courses"), ==, 1);
}

static void
test_clinical_records (Fixture       *f,
                       gconstpointer  data)
{
  seed (f, LYS_DEMO_PATIENTS, LYS_DEMO_HISTORY_YEARS);

  /* Rating answers add up to their totals and stay within their scales */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ratings r WHERE total <> (SELECT sum (value) FROM json_each (r.answers))"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ratings WHERE (scale = 'madrs' AND (json_array_length (answers) <> 10 OR total > 60)) "
                                 "OR (scale = 'phq9' AND (json_array_length (answers) <> 9 OR total > 27)) "
                                 "OR (scale = 'cadss' AND (json_array_length (answers) <> 23 OR total > 92))"), ==, 0);
  /* Every infusion that took place has its record: dose in range, total
   * = weight x rate, a baseline and vitals until discharge */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointments a LEFT JOIN infusions i ON i.appointment_id = a.id "
                                 "WHERE a.kind = 'infusion' AND a.state = 'done' AND i.id IS NULL"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM infusions WHERE abs (total_mg - weight_kg * dose_mg_per_kg) > 0.051"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM infusions i WHERE (SELECT count(*) FROM vitals v WHERE v.infusion_id = i.id AND v.stage = 'baseline') <> 1"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM infusions i WHERE round ((julianday (discharged_at) - julianday (ended_at)) * 1440) < 60"), ==, 0);
  /* Written through the store's row writers, each statement kept from row
   * to row: nothing of one row is carried into the next. A PHQ-9 is taken
   * before the infusion and tied to none, a CADSS to its own; an infusion
   * has its drug-giver and psychologist, a therapy session its therapist
   * alone; a course has a stop code exactly when it was stopped; a signed
   * note keeps the SHA-256 of its text; readings typed at the bedside as
   * they were taken have no reason for their time. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ratings WHERE scale = 'phq9' AND infusion_id IS NOT NULL"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ratings r WHERE scale = 'cadss' AND NOT EXISTS "
                                 "(SELECT 1 FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
                                 " WHERE i.id = r.infusion_id AND a.course_id = r.course_id)"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ratings WHERE scale = 'cadss'"), ==,
                   query_int (f, "SELECT count(*) FROM infusions"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointments a WHERE (SELECT count(*) FROM appointment_staff s "
                                 "WHERE s.appointment_id = a.id) <> CASE a.kind WHEN 'infusion' THEN 2 ELSE 1 END"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointment_staff s JOIN appointments a ON a.id = s.appointment_id "
                                 "WHERE (a.kind = 'infusion') <> (s.task IN ('drug', 'psychologist'))"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM courses WHERE (phase = 'stopped') <> (stop_code IS NOT NULL) "
                                 "OR (stop_code IS NULL) <> (stop_reason IS NULL)"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM notes WHERE status = 'signed'"), >, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM notes WHERE status <> 'signed' "
                                 "OR content_sha256 IS DISTINCT FROM lys_sha256 (body)"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM vitals WHERE time_reason IS NOT NULL OR recorded_by IS NULL"), ==, 0);

  /* Consent on record before the first infusion of a course */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointments a JOIN appointment_patients ap ON ap.appointment_id = a.id "
                                 "WHERE a.kind = 'infusion' AND NOT EXISTS (SELECT 1 FROM consents c "
                                 "WHERE c.patient_id = ap.patient_id AND c.signed_on <= substr (a.starts_at, 1, 10))"), ==, 0);
  /* Every induction course that went on passed the preparation gates:
   * eligibility signed as eligible, and a session held and judged ready */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM courses c WHERE c.kind = 'induction' AND c.phase <> 'preparation' "
                                 "AND NOT EXISTS (SELECT 1 FROM eligibility e WHERE e.course_id = c.id "
                                 "  AND e.status = 'signed' AND e.decision = 'eligible')"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM courses c WHERE c.kind = 'induction' AND c.phase <> 'preparation' "
                                 "AND NOT EXISTS (SELECT 1 FROM appointments a JOIN preparation_notes n ON n.appointment_id = a.id "
                                 "  WHERE a.course_id = c.id AND a.state = 'done' AND n.readiness = 'ready')"), ==, 0);
  /* Those still in preparation stand at different gates */
  g_assert_cmpint (query_int (f, "SELECT count(DISTINCT coalesce (e.status, 'none')) FROM courses c "
                                 "LEFT JOIN eligibility e ON e.course_id = c.id WHERE c.phase = 'preparation'"), ==, 3);
  /* No infusion took place in the future */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM appointments WHERE state = 'done' AND starts_at > '2026-11-23 10:30:00'"), ==, 0);
  /* Earlier ECT, asked or not: each answer among the signed assessments;
   * what a signature covers holds it only when it was asked */
  g_assert_cmpint (query_int (f, "SELECT count (DISTINCT coalesce (ect_history, 'not asked')) FROM eligibility "
                                 "WHERE status = 'signed'"), ==, 4);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM eligibility e JOIN eligibility_signed_content c ON c.id = e.id "
                                 "WHERE json_array_length (c.content) <> CASE WHEN e.ect_history IS NULL THEN 11 ELSE 12 END"),
                   ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM eligibility WHERE status = 'signed' AND content_sha256 IS DISTINCT FROM "
                                 "(SELECT lys_sha256 (c.content) FROM eligibility_signed_content c WHERE c.id = eligibility.id)"),
                   ==, 0);
  /* The ketamine record: every infusion drawn from a lot received before
   * it and in date, its rest wasted before someone else; monthly counts,
   * one an ampoule short and explained; never below nothing; linked */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM infusions i WHERE NOT EXISTS (SELECT 1 FROM drug_entries d "
                                 "JOIN drug_lots l ON l.id = d.lot_id WHERE d.infusion_id = i.id AND d.kind = 'draw' "
                                 "AND l.lot_number = i.lot_number AND l.expires_on >= substr (i.started_at, 1, 10))"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM drug_entries d JOIN infusions i ON i.id = d.infusion_id "
                                 "WHERE d.kind = 'draw' AND abs (-d.units * 50 - coalesce (i.given_mg, i.total_mg) "
                                 "- coalesce ((SELECT w.mg FROM drug_entries w WHERE w.infusion_id = i.id "
                                 "AND w.kind = 'waste'), 0)) > 0.01"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM drug_entries WHERE kind = 'waste' AND witness_id = staff_id"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM (SELECT sum (units) OVER (PARTITION BY lot_id ORDER BY id) AS b "
                                 "FROM drug_entries) AS running WHERE b < 0"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (DISTINCT substr (at, 1, 7)) FROM drug_entries WHERE kind = 'count'"), >=, 11);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM drug_entries c JOIN drug_entries e ON e.corrects_id = c.id "
                                 "WHERE c.kind = 'count' AND c.units = -1 AND e.kind = 'explanation'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM drug_entries WHERE at > (SELECT max (discharged_at) FROM infusions)"),
                   ==, 0);
  {
    g_autoptr(GError) error = NULL;
    LysSignedKind kind;
    gint64 first = 0;

    g_assert_cmpint (lys_store_count_altered_records (f->base.store, &kind, &first, &error), ==, 0);
    g_assert_no_error (error);
  }
}

/* Signed means signed, even to someone with sqlite3 or psql: a row the
 * schema protects cannot be replaced (SQLite's REPLACE deletes without the
 * delete triggers; PostgreSQL's upsert updates), by its id or another
 * unique key; the row stays as it was */
static void
test_replace_refused (Fixture       *f,
                      gconstpointer  data)
{
  static const struct { const char *table; const char *protected; } tables[] = {
    { "notes", "status = 'signed'" },
    { "note_addenda", "1 = 1" },
    { "eligibility", "status = 'signed'" },
    { "antidepressant_trials", "eligibility_id IN (SELECT id FROM eligibility WHERE status = 'signed')" },
    { "infusions", "status = 'discharged'" },
    { "vitals", "1 = 1" },
    { "infusion_events", "1 = 1" },
    { "adverse_events", "1 = 1" },
    { "consent_forms", "1 = 1" },
    { "signatures", "1 = 1" },
    { "audit_log", "1 = 1" },
  };

  guint tried = 0;

  seed (f, 40, 1);
  g_clear_object (&f->base.store);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    for (guint how = 0; how < 2; how++)
      {
        g_autofree char *count = g_strdup_printf ("SELECT count (*) FROM %s", tables[i].table);
        gboolean form = g_str_equal (tables[i].table, "consent_forms");
        /* On a server: the copy of a row, and the upsert that would write
         * over it past the delete triggers */
        g_autofree char *replace = !test_clinic_on_server ()
          ? g_strdup_printf ("%s INTO %s SELECT * FROM %s WHERE %s LIMIT 1", how == 0 ? "INSERT OR REPLACE" : "REPLACE",
                             tables[i].table, tables[i].table, tables[i].protected)
          : g_strdup_printf ("INSERT INTO %s SELECT * FROM %s WHERE %s LIMIT 1%s%s%s", tables[i].table, tables[i].table,
                             tables[i].protected, how == 0 ? "" : " ON CONFLICT ",
                             how == 0 ? "" : form ? "(version, language)" : "(id)",
                             how == 0 ? "" : form ? " DO UPDATE SET version = excluded.version" : " DO UPDATE SET id = excluded.id");
        g_autofree char *message = NULL;
        gint64 rows = test_raw_int (f->base.path, count);

        /* What the demo clinic has none of (addenda, events) */
        if (rows == 0)
          continue;
        tried++;
        g_test_message ("%s", replace);
        g_assert_cmpint (test_raw_exec (f->base.path, replace, &message), ==, SQLITE_CONSTRAINT);
        g_assert_nonnull (message);
        g_assert_cmpint (test_raw_int (f->base.path, count), ==, rows);
      }
  g_assert_cmpuint (tried, >=, 2 * 8);
}

static void
test_refuses_data (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysPatient) patient = g_object_new (LYS_TYPE_PATIENT,
                                                "national-id", "15046600344",
                                                "given-name", "Kari",
                                                "family-name", "Nordmann",
                                                NULL);
  gint64 audit_rows;

  g_assert_true (lys_store_add_patient (f->base.store, patient, &error));
  audit_rows = query_int (f, "SELECT count(*) FROM audit_log");

  g_assert_false (lys_demo_seed (f->base.store, 10, 1, f->now, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_HAS_DATA);
  g_assert_nonnull (strstr (error->message, "real patient data"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM patients"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM rooms"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log"), ==, audit_rows);
  g_assert_false (lys_store_is_demo (f->base.store));
}

static void
test_refuses_reseed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  seed (f, 10, 1);
  g_assert_false (lys_demo_seed (f->base.store, 10, 1, f->now, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_HAS_DATA);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM patients"), ==, 10);
}

static void
test_deterministic (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *other_path = g_build_filename (f->base.dir, "other.db", NULL);
  g_autoptr(LysStore) other = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *a, *b;

  seed (f, 20, 1);
  other = lys_store_open (other_path, &error);
  g_assert_true (lys_demo_seed (other, 20, 1, f->now, &error));

  a = lys_store_get_patients (f->base.store);
  b = lys_store_get_patients (other);
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(LysPatient) pa = g_list_model_get_item (a, i);
      g_autoptr(LysPatient) pb = g_list_model_get_item (b, i);
      g_assert_cmpstr (lys_patient_get_national_id (pa), ==, lys_patient_get_national_id (pb));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  TEST_ADD_TORN_DOWN_BY ("/core/demo/clinic", test_clinic, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/demo/identity-numbers", test_identity_numbers, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/demo/schedule-rules", test_schedule_rules, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/demo/clinical-records", test_clinical_records, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/demo/refuses-real-data", test_refuses_data, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/demo/refuses-reseed", test_refuses_reseed, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/demo/deterministic", test_deterministic, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/demo/replace-refused", test_replace_refused, fixture_tear_down);
#undef ADD

  return g_test_run ();
}
