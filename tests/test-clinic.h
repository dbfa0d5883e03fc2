/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-store.h"

G_BEGIN_DECLS

/* For tests: a patient booked for an infusion, with the staff and room it
 * needs, written past the booking rules so that the time can be any. */

#define TEST_CLINIC_NATIONAL_ID "12038510183"

typedef struct
{
  gint64 physician;
  gint64 nurse;
  gint64 psychologist;
  gint64 room;
  gint64 patient;
  gint64 course;
  gint64 appointment;
} TestClinic;

typedef enum
{
  TEST_CLINIC_CONSENT = 1 << 0,
  TEST_CLINIC_ELIGIBLE = 1 << 1,
  TEST_CLINIC_READY = TEST_CLINIC_CONSENT | TEST_CLINIC_ELIGIBLE,
} TestClinicFlags;

GDateTime *test_clinic_today_at (int          hour,
                                 int          minute);
/* A new clinic in a temporary folder of its own (lysning-NAME-XXXXXX),
 * for one test, and its removal after */
LysStore *test_clinic_open_new (const char  *name,
                                char       **dir,
                                char       **path);
void   test_clinic_close     (LysStore       **store,
                              char           **dir,
                              char           **path);
void   test_clinic_setup     (LysStore        *store,
                              GDateTime       *booked_at,
                              TestClinicFlags  flags,
                              TestClinic      *clinic);
gint64 test_clinic_book      (LysStore        *store,
                              TestClinic      *clinic,
                              GDateTime       *booked_at);
gint64 test_clinic_query_int (LysStore        *store,
                              const char      *sql);
char  *test_clinic_query_text (LysStore       *store,
                              const char      *sql);
int    test_clinic_exec      (LysStore        *store,
                              const char      *sql);
gint64 test_clinic_add_patient (LysStore      *store,
                              const char      *national_id,
                              const char      *given_name,
                              const char      *family_name);
gint64 test_clinic_add_prepared_patient (LysStore   *store,
                              TestClinic      *clinic,
                              const char      *national_id,
                              const char      *given_name,
                              const char      *family_name);
gint64 test_clinic_add_session (LysStore      *store,
                              TestClinic      *clinic,
                              const char      *kind,
                              GDateTime       *starts_at,
                              const gint64    *patients,
                              guint            n_patients);

/* One write of a child process: what it committed goes in @report */
typedef gboolean (*TestClinicWrite) (LysStore *store,
                                     guint     step,
                                     gint64   *report,
                                     gpointer  data);

GArray *test_clinic_kill_while_writing (const char      *path,
                                        const char      *name,
                                        LysRole          role,
                                        guint            wanted,
                                        TestClinicWrite  write_one,
                                        gpointer         data);

G_END_DECLS
