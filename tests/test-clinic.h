/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-eligibility.h"
#include "lys-db.h"
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

/* The fixture the store suites share: a clinic of its own in a temporary
 * folder named after the suite. A suite that keeps more puts it first in
 * its own fixture (TestFixture base) */
typedef struct
{
  char       *dir;
  char       *path;
  LysStore   *store;
  TestClinic  clinic;      /* set by test_fixture_open_clinic () */
} TestFixture;

void test_fixture_open        (TestFixture      *fixture,
                               const char       *suite);
void test_fixture_open_clinic (TestFixture      *fixture,
                               const char       *suite,
                               GDateTime        *booked_at,
                               TestClinicFlags   flags);
gint64 test_fixture_add_staff (TestFixture      *fixture,
                               const char       *name,
                               LysRole           role,
                               gboolean          kap_certified);
/* For g_test_add (): asserts that the fixture held the store's last
 * reference */
void test_fixture_tear_down   (TestFixture      *fixture,
                               gconstpointer     data);

gboolean   test_clinic_on_server      (void);
gboolean   test_clinic_skip_on_server (void);
void       test_clinic_control_server (const char *action);
char      *test_clinic_new_address    (const char  *dir);
void       test_clinic_drop_address   (const char  *path);
void       test_clinic_init     (int         *argc,
                                 char      ***argv);
GDateTime *test_clinic_today_at (int          hour,
                                 int          minute);
/* The store's clock set to today at @hour:@minute */
void       test_clinic_set_time (LysStore    *store,
                                 int          hour,
                                 int          minute);
GDateTime *test_clinic_at       (guint        day,
                                 guint        month,
                                 guint        hour,
                                 guint        minute);
/* The store's clock set a month before the times of test_clinic_at () */
void       test_clinic_before_bookings (LysStore *store);
LysEligibility *test_clinic_complete_eligibility (void);
/* A new clinic in a temporary folder of its own (lysning-NAME-XXXXXX),
 * for one test, and its removal after */
LysStore *test_clinic_open_new (const char  *name,
                                char       **dir,
                                char       **path);
LysStore *test_clinic_open_demo (const char *name,
                                 guint       patients,
                                 guint       years,
                                 char      **dir,
                                 char      **path);
void   test_clinic_close     (LysStore       **store,
                              char           **dir,
                              char           **path);
void   test_clinic_become    (LysStore        *store,
                              const char      *name,
                              LysRole          role);
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
LysDbStmt *test_clinic_prepare (LysStore     *store,
                                const char   *sql);
LysDbFault test_clinic_exec  (LysStore        *store,
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

/* Adds a test with the suite's fixture: a store suite has a Fixture whose
 * first member is the shared TestFixture base, and its fixture_set_up ().
 * @tear_down takes down what the suite added to the base, then the base
 * (test_fixture_tear_down ()); TEST_ADD () is for a suite that adds
 * nothing to take down. */
#define TEST_ADD_TORN_DOWN_BY(path, func, tear_down) \
  G_STMT_START { \
    void (*test_set_up_) (Fixture *, gconstpointer) = fixture_set_up; \
    void (*test_func_) (Fixture *, gconstpointer) = func; \
    G_STATIC_ASSERT (G_STRUCT_OFFSET (Fixture, base) == 0); \
    g_test_add_vtable (path, sizeof (Fixture), NULL, (GTestFixtureFunc) test_set_up_, \
                       (GTestFixtureFunc) test_func_, (GTestFixtureFunc) (tear_down)); \
  } G_STMT_END
#define TEST_ADD(path, func) TEST_ADD_TORN_DOWN_BY (path, func, test_fixture_tear_down)
/* The same for a suite whose fixture is the shared one, as it is */
#define TEST_ADD_SHARED(path, func) \
  g_test_add (path, TestFixture, NULL, fixture_set_up, func, test_fixture_tear_down)

/* One write of a child process: what it committed goes in @report */
typedef gboolean (*TestClinicWrite) (LysStore *store,
                                     guint     step,
                                     gint64   *report,
                                     gpointer  data);

/* The changes a list model announced: how many, and the last one */
typedef struct
{
  guint calls, position, removed, added;
} TestChanges;

void    test_watch_changes             (GListModel      *model,
                                        TestChanges     *changes);

GArray *test_clinic_kill_while_writing (const char      *path,
                                        const char      *name,
                                        LysRole          role,
                                        guint            wanted,
                                        TestClinicWrite  write_one,
                                        gpointer         data);

G_END_DECLS
