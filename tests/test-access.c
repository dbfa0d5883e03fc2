/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "lys-error.h"
#include "lys-note-search.h"
#include "lys-registry-export.h"
#include "lys-report.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

/* Need-to-know access through the core API: each role's allowed and
 * refused parts, assignment, the emergency path and its review, and the
 * clinic lead's own tasks. */

typedef struct
{
  TestFixture base;
  gint64 treated;       /* in induction, no session with anyone yet */
  gint64 former;        /* course ended two years ago */
  gint64 other_lead;
} Fixture;

static void
be (Fixture *f,
    LysRole  role)
{
  g_autoptr(GError) error = NULL;

  test_clinic_become (f->base.store, "Kari Berg", role);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) booked = g_date_time_new_local (2026, 3, 2, 9, 0, 0);
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 3, 2, 12, 0, 0);
  g_autofree char *sql = NULL;

  test_fixture_open_clinic (&f->base, "access", booked, TEST_CLINIC_READY);
  _lys_store_set_clock (f->base.store, now);
  f->treated = test_clinic_add_patient (f->base.store, "15046600344", "Tone", "Behandlet");
  f->former = test_clinic_add_patient (f->base.store, "01015012397", "Frida", "Tidligere");
  sql = g_strdup_printf ("UPDATE courses SET phase = 'completed', ended_on = '2024-02-01' WHERE patient_id = %"
                         G_GINT64_FORMAT, f->former);
  g_assert_cmpint (test_clinic_exec (f->base.store, sql), ==, LYS_DB_FAULT_NONE);
  f->other_lead = f->base.clinic.physician;
}

static void
refused (Fixture       *f,
         gint64         patient,
         LysRecordPart  part,
         const char    *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (lys_store_check_access (f->base.store, patient, part, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, reason));
}

static void
allowed (Fixture       *f,
         gint64         patient,
         LysRecordPart  part)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_check_access (f->base.store, patient, part, &error));
  g_assert_no_error (error);
}

/* Before a lead is named, clinicians read every record; coordinators never
 * the clinical parts */
static void
test_open_mode (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (lys_store_has_lead (f->base.store));
  be (f, LYS_ROLE_PSYCHOLOGIST);
  allowed (f, f->former, LYS_PART_NOTES);
  be (f, LYS_ROLE_COORDINATOR);
  allowed (f, f->former, LYS_PART_ADMIN);
  for (LysRecordPart part = LYS_PART_NOTES; part < LYS_N_PARTS; part++)
    refused (f, f->base.clinic.patient, part, "Coordinators see a patient’s administrative details");
  g_assert_null (lys_store_list_patient_notes (f->base.store, f->base.clinic.patient, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (lys_store_list_ratings (f->base.store, f->base.clinic.patient, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (lys_store_get_eligibility (f->base.store, f->base.clinic.patient, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (lys_store_open_emergency_access (f->base.store, f->base.clinic.patient, "Needs the notes urgently", &error),
                   ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  /* Nor a backup, which holds every note */
  {
    g_autofree char *backup = g_build_filename (f->base.dir, "backup.db", NULL);
    g_autofree char *folder = g_build_filename (f->base.dir, "daily", NULL);

    g_assert_false (lys_store_backup (f->base.store, backup, NULL, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (lys_store_backup_daily (f->base.store, folder, 7, NULL, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
    g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  }
}

static void
name_lead (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  be (f, LYS_ROLE_PHYSICIAN);
  g_assert_true (lys_store_set_lead (f->base.store, lys_store_get_current_staff_id (f->base.store), TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (lys_store_has_lead (f->base.store));
  g_assert_true (lys_store_is_lead (f->base.store));
}

/* With a lead: psychologists by assignment, physicians and nurses by
 * treatment; emergency access with a reason, for four hours, reviewed */
static void
test_need_to_know (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GDateTime) later = g_date_time_new_local (2026, 3, 2, 16, 30, 0);
  gint64 emergency, reads;

  name_lead (f);
  g_assert_cmpint (test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = 'staff.lead'"), ==, 1);

  /* Physicians and nurses: patients in treatment */
  allowed (f, f->treated, LYS_PART_NOTES);
  allowed (f, f->base.clinic.patient, LYS_PART_INFUSION);
  refused (f, f->former, LYS_PART_RATINGS, "not in treatment");
  be (f, LYS_ROLE_NURSE);
  allowed (f, f->treated, LYS_PART_ELIGIBILITY);
  refused (f, f->former, LYS_PART_NOTES, "not in treatment");

  /* Psychologists: the patients assigned to them */
  be (f, LYS_ROLE_PSYCHOLOGIST);
  refused (f, f->treated, LYS_PART_NOTES, "not assigned to this patient");
  g_assert_null (lys_store_list_patient_notes (f->base.store, f->treated, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  /* A coordinator assigns clinicians, never a coordinator */
  be (f, LYS_ROLE_COORDINATOR);
  g_assert_false (lys_store_assign (f->base.store, f->treated, lys_store_get_current_staff_id (f->base.store), &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (lys_store_assign (f->base.store, f->treated, f->base.clinic.psychologist, &error));
  g_assert_no_error (error);
  /* Assigned by a physician: then the psychologist's notes */
  be (f, LYS_ROLE_PHYSICIAN);
  g_assert_true (lys_store_assign (f->base.store, f->treated, lys_store_get_current_staff_id (f->base.store), &error));
  g_assert_no_error (error);
  {
    g_autofree char *names = lys_store_dup_assigned_names (f->base.store, f->treated, &error);

    /* Both, by name, in order */
    g_assert_no_error (error);
    g_assert_nonnull (strstr (names, lys_store_get_current_staff_name (f->base.store)));
    g_assert_nonnull (strstr (names, ", "));
    g_assert_cmpint (strcmp (names, strstr (names, ", ") + 2), <, 0);
  }
  be (f, LYS_ROLE_PSYCHOLOGIST);
  allowed (f, f->treated, LYS_PART_NOTES);
  allowed (f, f->treated, LYS_PART_PREPARATION);
  g_assert_cmpint (test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = 'patient.assign'"),
                   ==, 2);

  /* Emergency: a reason, then the record for four hours */
  refused (f, f->former, LYS_PART_NOTES, "open the record in an emergency");
  g_assert_cmpint (lys_store_open_emergency_access (f->base.store, f->former, "urgent", &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  reads = test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = 'patient.emergency-access'");
  emergency = lys_store_open_emergency_access (f->base.store, f->former, "  Akutt innleggelse, trenger siste notat  ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (emergency, >, 0);
  g_assert_cmpint (test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = "
                                                    "'patient.emergency-access'"), ==, reads + 1);
  /* The log names the access, not the words */
  g_assert_cmpint (test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE detail LIKE '%innleggelse%'"),
                   ==, 0);
  allowed (f, f->former, LYS_PART_NOTES);
  {
    g_autoptr(GPtrArray) notes = lys_store_list_patient_notes (f->base.store, f->former, &error);

    g_assert_no_error (error);
    g_assert_nonnull (notes);
  }
  _lys_store_set_clock (f->base.store, later);
  refused (f, f->former, LYS_PART_NOTES, "not assigned to this patient");

  /* Listed for the lead's review, the reason with it; reviewed once */
  be (f, LYS_ROLE_PHYSICIAN);
  listed = lys_store_list_emergency_access (f->base.store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((LysEmergencyAccess *) listed->pdata[0])->reason, ==, "Akutt innleggelse, trenger siste notat");
  g_assert_cmpint (((LysEmergencyAccess *) listed->pdata[0])->patient_id, ==, f->former);
  g_assert_true (lys_store_review_emergency_access (f->base.store, emergency, &error));
  g_assert_no_error (error);
  g_assert_false (lys_store_review_emergency_access (f->base.store, emergency, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = lys_store_list_emergency_access (f->base.store, TRUE, &error);
  g_assert_cmpuint (listed->len, ==, 0);
  /* Kept: never deleted, never changed past the store */
  g_assert_cmpint (test_raw_exec (f->base.path, "DELETE FROM emergency_access", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE emergency_access SET reason = 'x'", NULL), ==, SQLITE_CONSTRAINT);

  /* A session gives access while it is upcoming or once held, for a while:
   * booked and cancelled, missed, or months ahead, it gives none */
  be (f, LYS_ROLE_PSYCHOLOGIST);
  {
    static const struct { const char *state; const char *starts; gboolean gives; } sessions[] = {
      { "planned", "2026-03-05 10:00:00", TRUE },
      { "cancelled", "2026-03-05 10:00:00", FALSE },
      { "missed", "2026-02-20 10:00:00", FALSE },
      { "done", "2026-02-20 10:00:00", TRUE },
      { "planned", "2026-09-01 10:00:00", FALSE },
      { "done", "2023-01-10 10:00:00", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
      {
        g_autofree char *sql = g_strdup_printf (
          "DELETE FROM appointment_staff; DELETE FROM appointment_patients; "
          "INSERT INTO appointments (kind, state, starts_at, ends_at) VALUES ('integration', '%s', '%s', "
          "replace ('%s', '10:00:00', '11:00:00')); "
          "INSERT INTO appointment_patients VALUES ((SELECT max (id) FROM appointments), %" G_GINT64_FORMAT "); "
          "INSERT INTO appointment_staff (appointment_id, staff_id, task) "
          "  SELECT max (id), %" G_GINT64_FORMAT ", 'therapist' FROM appointments",
          sessions[i].state, sessions[i].starts, sessions[i].starts, f->former,
          lys_store_get_current_staff_id (f->base.store));

        g_assert_cmpint (test_clinic_exec (f->base.store, sql), ==, LYS_DB_FAULT_NONE);
        g_test_message ("%s session at %s", sessions[i].state, sessions[i].starts);
        if (sessions[i].gives)
          allowed (f, f->former, LYS_PART_NOTES);
        else
          refused (f, f->former, LYS_PART_NOTES, "not assigned to this patient");
      }
  }
}

/* Not the lead: the lead's tasks are refused with the reason */
static void
test_lead_tasks (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate from, to;

  name_lead (f);
  /* Another lead, then this one steps down */
  g_assert_true (lys_store_set_lead (f->base.store, f->other_lead, TRUE, &error));
  g_assert_true (lys_store_set_lead (f->base.store, lys_store_get_current_staff_id (f->base.store), FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (lys_store_has_lead (f->base.store));
  g_assert_false (lys_store_is_lead (f->base.store));

  g_assert_false (lys_store_update_current_profile (f->base.store, "Kari Berg", LYS_ROLE_PSYCHOLOGIST, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Only the clinic lead may change a staff member’s role"));
  g_clear_error (&error);
  /* The name is one's own to change */
  test_clinic_become (f->base.store, "Kari Berg Hansen", LYS_ROLE_PHYSICIAN);

  g_assert_false (lys_store_set_setting (f->base.store, LYS_SETTING_CONSUMABLES_NOK, 400, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_date_set_dmy (&from, 1, 1, 2026);
  g_date_set_dmy (&to, 1, 3, 2026);
  g_assert_null (lys_report_compute (f->base.store, LYS_REPORT_CLINIC, &from, &to, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (lys_store_list_emergency_access (f->base.store, FALSE, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (lys_store_list_audit (f->base.store, NULL, 0, 10, NULL, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  {
    g_autofree char *backup = g_build_filename (f->base.dir, "backup.db", NULL);

    g_assert_false (lys_store_backup (f->base.store, backup, NULL, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  }
  g_assert_false (lys_registry_export_check_role (f->base.store, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (lys_store_set_staff_role (f->base.store, f->base.clinic.nurse, LYS_ROLE_PHYSICIAN, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (lys_store_set_lead (f->base.store, lys_store_get_current_staff_id (f->base.store), TRUE, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (test_clinic_query_int (f->base.store, "SELECT count (*) FROM audit_log WHERE action = 'staff.lead-removed'"),
                   ==, 1);
}


static guint
hits_for (Fixture    *f,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysNoteSearch) search = lys_note_search_new (f->base.store);
  g_autoptr(GPtrArray) hits = lys_note_search_run (search, text, LYS_NOTE_SEARCH_NEWEST, 20, NULL, &error);

  g_assert_no_error (error);
  return hits->len;
}

/* The search of all notes finds only what one may read */
static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO notes (patient_id, author_id, template, session_kind, body, status, "
                                          "created_at, updated_at, signed_at, signed_by, content_sha256) VALUES "
                                          "(%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'kap', 'integration', "
                                          "'Stjerneskudd over fjorden', 'signed', '2026-03-01T10:00:00Z', "
                                          "'2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', %" G_GINT64_FORMAT ", '%064d')",
                                          f->former, f->base.clinic.psychologist, f->base.clinic.psychologist, 0);

  g_assert_cmpint (test_clinic_exec (f->base.store, sql), ==, LYS_DB_FAULT_NONE);
  be (f, LYS_ROLE_PSYCHOLOGIST);
  g_assert_cmpuint (hits_for (f, "stjerne"), ==, 1);

  name_lead (f);
  be (f, LYS_ROLE_PSYCHOLOGIST);
  g_assert_cmpuint (hits_for (f, "stjerne"), ==, 0);
  be (f, LYS_ROLE_NURSE);
  /* Not in treatment for a year and more */
  g_assert_cmpuint (hits_for (f, "stjerne"), ==, 0);
  g_assert_cmpint (lys_store_open_emergency_access (f->base.store, f->former, "Ringer fra legevakten nå", NULL), >, 0);
  g_assert_cmpuint (hits_for (f, "stjerne"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  TEST_ADD ("/access/open-mode", test_open_mode);
  TEST_ADD ("/access/need-to-know", test_need_to_know);
  TEST_ADD ("/access/search", test_search);
  TEST_ADD ("/access/lead-tasks", test_lead_tasks);

  return g_test_run ();
}
