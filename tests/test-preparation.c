/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <sqlite3.h>

#include "lys-eligibility.h"
#include "lys-error.h"
#include "lys-store.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

/* The preparation phase: rating scales, eligibility rules, the patient
 * record's checks, and the gate between preparation and induction. */

static LysPatient *
make_patient (const char *number,
              const char *given,
              const char *family)
{
  return g_object_new (LYS_TYPE_PATIENT,
                       "national-id", number, "given-name", given, "family-name", family, NULL);
}

static void
test_patient_validation (void)
{
  struct { const char *property, *value, *expect; } cases[] = {
    { "phone", "12ab", "phone number" },
    { "escort-phone", "123", "escort" },
    { "email", "kari@", "e-mail" },
    { "sex", "unknown", "Sex" },
    { "indication", "ptsd", "individual assessment" },
    { "diagnosis", "F20.0", "F32 or F33" },
    { "funding", "free", "funded from the list" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LysPatient) patient = make_patient ("15046600344", "Åse", "Bjørnstad");
      g_autoptr(GError) error = NULL;

      g_assert_true (lys_patient_validate (patient, NULL, NULL, &error));
      g_object_set (patient, cases[i].property, cases[i].value, NULL);
      g_assert_false (lys_patient_validate (patient, NULL, NULL, &error));
      g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].expect));
    }

  /* Another indication with its individual assessment is accepted once
   * its funding is stated */
  {
    g_autoptr(LysPatient) patient = make_patient ("15046600344", "Åse", "Bjørnstad");
    g_autoptr(GError) error = NULL;

    g_object_set (patient, "indication", "ptsd", "indication-note", "Assessed by the lead physician",
                  "diagnosis", "F43.1", "phone", "+47 912 34 567", "email", "ase@example.no", NULL);
    g_assert_false (lys_patient_validate (patient, NULL, NULL, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "funded"));
    g_object_set (patient, "funding", "research", NULL);
    g_assert_true (lys_patient_validate (patient, NULL, NULL, NULL));
  }
}

typedef struct
{
  TestFixture base;
  LysPatient *patient;
  gint64 physician;
  gint64 psychologist;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_fixture_open (&f->base, "preparation");
  f->physician = test_fixture_add_staff (&f->base, "Ingrid Solberg", LYS_ROLE_PHYSICIAN, FALSE);
  f->psychologist = test_fixture_add_staff (&f->base, "Magnus Berg", LYS_ROLE_PSYCHOLOGIST, TRUE);

  lys_store_get_patients (f->base.store);   /* the list follows what is added */
  f->patient = make_patient ("15046600344", "Åse", "Bjørnstad");
  g_assert_true (lys_store_add_patient (f->base.store, f->patient, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->patient);
  test_fixture_tear_down (&f->base, NULL);
}

static void
test_update_patient (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysPatient) other = make_patient ("01015012397", "Kari", "Nordmann");
  g_autoptr(LysPatient) changes = make_patient ("15046600344", "Åse", "Bjørnstad");
  GListModel *patients = lys_store_get_patients (f->base.store);

  g_assert_true (lys_store_add_patient (f->base.store, other, &error));
  {
    g_autoptr(LysPatient) first = g_list_model_get_item (patients, 0);
    g_assert_true (first == f->patient);   /* Bjørnstad before Nordmann */
  }
  g_object_set (changes, "family-name", "Østby", NULL);

  /* A new family name moves the patient in the sorted list */
  g_object_set (changes, "phone", "+47 912 34 567", "diagnosis", "F33.2", NULL);
  g_assert_true (lys_store_update_patient (f->base.store, f->patient, changes, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lys_patient_get_family_name (f->patient), ==, "Østby");
  g_assert_cmpstr (lys_patient_get_phone (f->patient), ==, "+47 912 34 567");
  {
    g_autoptr(LysPatient) last = g_list_model_get_item (patients, 1);
    g_assert_true (last == f->patient);
  }
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count(*) FROM audit_log WHERE action = 'patient.update' "
                               "AND detail = 'family-name, phone, diagnosis'"), ==, 1);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count(*) FROM patients WHERE family_name = 'Østby'"), ==, 1);

  /* Taking another patient's number is refused, naming that patient */
  g_object_set (changes, "national-id", "01015012397", NULL);
  g_assert_false (lys_store_update_patient (f->base.store, f->patient, changes, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "Kari Nordmann"));
  g_assert_cmpstr (lys_patient_get_national_id (f->patient), ==, "15046600344");
}

static void
become (Fixture *f,
        LysRole  role)
{
  g_autoptr(GError) error = NULL;

  test_clinic_become (f->base.store, "Dr. Test", role);
}

static void
test_sign_eligibility (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysEligibility) e = test_clinic_complete_eligibility ();
  g_autoptr(LysEligibility) loaded = NULL;
  gint64 id = lys_patient_get_id (f->patient);

  /* The assessment is clinical: a coordinator neither reads nor writes it */
  g_assert_false (lys_store_save_eligibility (f->base.store, id, e, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (lys_store_get_eligibility (f->base.store, id, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  become (f, LYS_ROLE_NURSE);

  e->contraindications[LYS_CONTRAINDICATION_MAO_INHIBITORS] = TRUE;
  g_assert_true (lys_store_save_eligibility (f->base.store, id, e, &error));
  g_assert_no_error (error);
  g_assert_cmpint (e->id, >, 0);

  /* A coordinator cannot sign */
  g_assert_false (lys_store_sign_eligibility (f->base.store, id, e, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);

  /* A physician cannot sign "eligible" over a ticked contraindication */
  become (f, LYS_ROLE_PHYSICIAN);
  g_assert_false (lys_store_sign_eligibility (f->base.store, id, e, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count(*) FROM eligibility WHERE status = 'signed'"), ==, 0);

  e->contraindications[LYS_CONTRAINDICATION_MAO_INHIBITORS] = FALSE;
  e->has_ect_history = TRUE;
  e->ect_history = LYS_ECT_NO_RESPONSE;
  g_assert_true (lys_store_sign_eligibility (f->base.store, id, e, &error));
  g_assert_no_error (error);
  g_assert_true (e->is_signed);
  g_assert_cmpstr (e->signed_by, ==, "Dr. Test");

  /* Read back as signed, with its trials */
  loaded = lys_store_get_eligibility (f->base.store, id, &error);
  g_assert_no_error (error);
  g_assert_true (loaded->is_signed);
  g_assert_cmpuint (loaded->trials->len, ==, 2);
  g_assert_cmpstr (g_array_index (loaded->trials, LysTrial, 1).drug, ==, "Venlafaxine");
  g_assert_cmpuint (loaded->madrs[0], ==, 3);
  g_assert_cmpuint (loaded->decision, ==, LYS_DECISION_ELIGIBLE);
  g_assert_false (loaded->contraindications[LYS_CONTRAINDICATION_MAO_INHIBITORS]);
  g_assert_cmpstr (loaded->signed_by, ==, "Dr. Test");
  /* Earlier ECT, and the signature covers it */
  g_assert_true (loaded->has_ect_history);
  g_assert_cmpint (loaded->ect_history, ==, LYS_ECT_NO_RESPONSE);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT json_array_length (content) FROM eligibility_signed_content"), ==, 12);
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE eligibility SET ect_history = 'response'", NULL), ==, SQLITE_CONSTRAINT);

  /* The baseline ratings were recorded */
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT total FROM ratings WHERE scale = 'madrs' AND timepoint = 'baseline'"), ==, 30);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT total FROM ratings WHERE scale = 'phq9' AND timepoint = 'baseline'"), ==, 18);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count(*) FROM audit_log WHERE action = 'eligibility.sign' AND detail = 'eligible'"), ==, 1);

  /* Signed is read-only: through the store and underneath it */
  loaded->weight_kg = 90;
  g_assert_false (lys_store_save_eligibility (f->base.store, id, loaded, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (lys_store_sign_eligibility (f->base.store, id, loaded, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE eligibility SET weight_kg = 90", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (f->base.path, "DELETE FROM antidepressant_trials", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (f->base.path, "INSERT INTO antidepressant_trials (eligibility_id, position, drug, "
                                "therapeutic_dose, weeks, outcome) VALUES (1, 9, 'x', 1, 8, 'none')", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT weight_kg FROM eligibility"), ==, 80);

  /* Changed past the trigger, the trigger put back: the assessment is said
   * to be altered, and nothing of it is read as the physician's */
  g_clear_pointer (&loaded, lys_eligibility_free);
  loaded = lys_store_get_eligibility (f->base.store, id, &error);
  g_assert_false (loaded->altered);
  g_clear_pointer (&loaded, lys_eligibility_free);
  g_assert_cmpint (test_raw_tamper (f->base.path, "eligibility_signed_immutable", "UPDATE eligibility SET weight_kg = 90"),
                   ==, SQLITE_OK);
  loaded = lys_store_get_eligibility (f->base.store, id, &error);
  g_assert_no_error (error);
  g_assert_true (loaded->is_signed);
  g_assert_true (loaded->altered);
  g_assert_cmpfloat (loaded->weight_kg, ==, 0);
  g_assert_cmpuint (loaded->trials->len, ==, 0);
  g_assert_false (loaded->has_decision);
  g_assert_cmpstr (loaded->signed_by, ==, "Dr. Test");
  {
    LysSignedKind kind = LYS_SIGNED_NOTE;
    gint64 first = 0;

    g_assert_cmpint (lys_store_count_altered_records (f->base.store, &kind, &first, &error), ==, 1);
    g_assert_cmpint (kind, ==, LYS_SIGNED_ELIGIBILITY);
    g_assert_cmpint (first, ==, e->id);
  }
  /* So is the answer about ECT, changed or taken out */
  g_assert_cmpint (test_raw_tamper (f->base.path, "eligibility_signed_immutable", "UPDATE eligibility SET weight_kg = 80"),
                   ==, SQLITE_OK);
  g_assert_cmpint (lys_store_count_altered_records (f->base.store, NULL, NULL, &error), ==, 0);
  g_assert_cmpint (test_raw_tamper (f->base.path, "eligibility_signed_immutable",
                                    "UPDATE eligibility SET ect_history = NULL"), ==, SQLITE_OK);
  g_assert_cmpint (lys_store_count_altered_records (f->base.store, NULL, NULL, &error), ==, 1);
  g_assert_cmpint (test_raw_tamper (f->base.path, "eligibility_signed_immutable",
                                    "UPDATE eligibility SET ect_history = 'no-response'"), ==, SQLITE_OK);
  g_assert_cmpint (lys_store_count_altered_records (f->base.store, NULL, NULL, &error), ==, 0);
  /* A trial taken out is as much a change */
  g_assert_cmpint (test_raw_tamper (f->base.path, "eligibility_signed_immutable", "UPDATE eligibility SET weight_kg = 80"),
                   ==, SQLITE_OK);
  g_assert_cmpint (lys_store_count_altered_records (f->base.store, NULL, NULL, &error), ==, 0);
  g_assert_cmpint (test_raw_tamper (f->base.path, "trials_signed_no_delete", "DELETE FROM antidepressant_trials WHERE position = 2"),
                   ==, SQLITE_OK);
  g_assert_cmpint (lys_store_count_altered_records (f->base.store, NULL, NULL, &error), ==, 1);
}

static GDateTime *
next_weekday (int hour,
              int minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now), hour, minute, 0);

  /* Two weeks on, the first Tuesday to Thursday off any holiday list */
  for (int i = 14; ; i++)
    {
      g_autoptr(GDateTime) candidate = g_date_time_add_days (day, i);
      int weekday = g_date_time_get_day_of_week (candidate);
      int month = g_date_time_get_month (candidate);

      if (weekday >= 2 && weekday <= 4 && month != 12 && month != 1 && month != 5 && month != 4)
        return g_steal_pointer (&candidate);
    }
}

static void
test_gate (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysEligibility) e = test_clinic_complete_eligibility ();
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GDateTime) at = next_weekday (9, 0);
  g_autoptr(GDateTime) overlapping = g_date_time_add_minutes (at, 30);
  g_autoptr(GDateTime) after = g_date_time_add_minutes (at, 60);
  gint64 id = lys_patient_get_id (f->patient);
  LysPreparationStatus status;
  LysPreparationSession *session;
  gint64 booking;
  GDate signed_on;

  /* Nothing yet: every gate is named in the refusal */
  g_assert_false (lys_store_start_induction (f->base.store, id, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "eligibility assessment"));
  g_assert_nonnull (strstr (error->message, "consent"));
  g_assert_nonnull (strstr (error->message, "preparation session"));
  g_clear_error (&error);

  /* Sign the assessment */
  become (f, LYS_ROLE_PHYSICIAN);
  g_assert_true (lys_store_sign_eligibility (f->base.store, id, e, &error));

  /* Record the consent; a date in the future or a non-physician is refused */
  g_date_clear (&signed_on, 1);
  g_date_set_time_t (&signed_on, time (NULL));
  g_date_add_days (&signed_on, 2);
  g_assert_false (lys_store_record_consent (f->base.store, id, &signed_on, f->physician, "2025.1", "nb", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_date_subtract_days (&signed_on, 2);
  g_assert_false (lys_store_record_consent (f->base.store, id, &signed_on, f->psychologist, "2025.1", "nb", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (lys_store_record_consent (f->base.store, id, &signed_on, f->physician, "2025.1", "nb", &error));
  g_assert_no_error (error);

  g_assert_true (lys_store_get_preparation_status (f->base.store, id, &status, &error));
  g_assert_true (lys_preparation_gate_is_met (&status, LYS_GATE_ELIGIBILITY));
  g_assert_true (lys_preparation_gate_is_met (&status, LYS_GATE_CONSENT));
  g_assert_false (lys_preparation_gate_is_met (&status, LYS_GATE_PREPARATION));
  g_assert_cmpstr (status.consent_physician, ==, "Ingrid Solberg");
  lys_preparation_status_clear (&status);

  /* Book a session; the same psychologist half an hour later collides, an
   * hour later does not (half-open intervals) */
  booking = lys_store_book_preparation (f->base.store, id, at, 60, f->psychologist, &error);
  g_assert_no_error (error);
  g_assert_cmpint (booking, >, 0);
  g_assert_cmpint (lys_store_book_preparation (f->base.store, id, overlapping, 60, f->psychologist, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (lys_store_book_preparation (f->base.store, id, after, 60, f->physician, &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);   /* not a psychologist */
  g_clear_error (&error);

  /* A Saturday is closed */
  {
    int to_saturday = 6 - g_date_time_get_day_of_week (at);
    g_autoptr(GDateTime) saturday = g_date_time_add_days (at, to_saturday);

    g_assert_cmpint (lys_store_book_preparation (f->base.store, id, saturday, 60, f->psychologist, &error), ==, 0);
    g_assert_nonnull (strstr (error->message, "closed"));
    g_clear_error (&error);
  }

  /* The note: held needs a readiness judgement; "needs more" keeps the gate shut */
  sessions = lys_store_list_preparation_sessions (f->base.store, id, &error);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = sessions->pdata[0];
  g_assert_cmpint (session->appointment_id, ==, booking);
  g_assert_cmpstr (session->psychologist, ==, "Magnus Berg");
  session->intentions = g_strdup ("To feel less stuck");
  session->transport = g_strdup ("Sister drives");
  g_assert_false (lys_store_save_preparation_note (f->base.store, id, session, TRUE, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  session->has_readiness = TRUE;
  session->readiness = LYS_READINESS_NEEDS_MORE;
  /* Nothing is held before it begins, and nothing is written */
  g_assert_false (lys_store_save_preparation_note (f->base.store, id, session, TRUE, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cannot be marked as held before then"));
  g_clear_error (&error);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count(*) FROM preparation_notes"), ==, 0);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count(*) FROM appointments WHERE state = 'done'"), ==, 0);
  {
    g_autoptr(GDateTime) begun = g_date_time_add_minutes (at, 1);

    _lys_store_set_clock (f->base.store, begun);
  }
  g_assert_true (lys_store_save_preparation_note (f->base.store, id, session, TRUE, &error));
  g_assert_false (lys_store_start_induction (f->base.store, id, &error));
  g_assert_nonnull (strstr (error->message, "Needs another preparation session"));
  g_assert_null (strstr (error->message, "consent"));
  g_clear_error (&error);

  session->readiness = LYS_READINESS_READY;
  g_assert_true (lys_store_save_preparation_note (f->base.store, id, session, TRUE, &error));
  g_assert_true (lys_store_start_induction (f->base.store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lys_patient_get_phase (f->patient), ==, "induction");
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count(*) FROM courses WHERE phase = 'induction'"), ==, 1);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count(*) FROM audit_log WHERE action = 'course.phase'"), ==, 1);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count(*) FROM preparation_notes WHERE transport = 'Sister drives' "
                               "AND readiness = 'ready'"), ==, 1);

  /* A coordinator sees that the session has its note, and how the patient
   * gets home, never what the patient intends or fears */
  {
    g_autofree char *name = g_strdup (lys_store_get_current_staff_name (f->base.store));
    LysRole role = lys_store_get_current_role (f->base.store);
    g_autoptr(GPtrArray) seen = NULL;
    LysPreparationSession *shown;

    test_clinic_become (f->base.store, name, LYS_ROLE_COORDINATOR);
    seen = lys_store_list_preparation_sessions (f->base.store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (seen->len, ==, 1);
    shown = seen->pdata[0];
    g_assert_true (shown->has_note);
    g_assert_false (shown->readable);
    g_assert_null (shown->intentions);
    g_assert_cmpstr (shown->transport, ==, "Sister drives");
    test_clinic_become (f->base.store, name, role);
    g_clear_pointer (&seen, g_ptr_array_unref);
    seen = lys_store_list_preparation_sessions (f->base.store, id, &error);
    g_assert_true (((LysPreparationSession *) seen->pdata[0])->readable);
    g_assert_cmpstr (((LysPreparationSession *) seen->pdata[0])->intentions, ==, "To feel less stuck");
  }

  /* Preparation is over: its records are closed, and no preparation
   * session is booked for the course; each refusal says where it is */
  g_assert_false (lys_store_save_preparation_note (f->base.store, id, session, FALSE, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, lys_phase_get_label (LYS_PHASE_INDUCTION)));
  g_clear_error (&error);
  {
    g_autoptr(GDateTime) later = g_date_time_add_days (at, 1);

    g_assert_cmpint (lys_store_book_preparation (f->base.store, id, later, 60, f->psychologist, &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
    g_assert_nonnull (strstr (error->message, lys_phase_get_label (LYS_PHASE_INDUCTION)));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/patient/validation", test_patient_validation);
  TEST_ADD_TORN_DOWN_BY ("/core/store/update-patient", test_update_patient, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/store/sign-eligibility", test_sign_eligibility, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/store/preparation-gate", test_gate, fixture_tear_down);

  return g_test_run ();
}
