/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench.h"
#include "lys-db-postgresql.h"
#include "lys-demo.h"
#include "lys-server-setup.h"
#include "lys-store-private.h"
#include "lys-store.h"

/* A clinic's team at work on one server: twenty workstations, each a
 * process of its own with its own login, for five minutes (or
 * LYSNING_BENCH_SECONDS), each following the others' changes as a window
 * does. Coordinators book preparation sessions and move them, about one a
 * second and a half each; psychologists type a note, saved as it is typed
 * (a word a second); nurses enter vital signs every ten seconds. After:
 * every note holds all that its writer saw saved (0 lost updates), no room,
 * staff member or patient is booked twice at once, the audit log is whole
 * with a row for every vital sign, and the 95th percentile of each kind of
 * operation is printed against 50 ms. Against the local server that
 * build-aux/dev bench starts (PGPORT); a server elsewhere is never used. */

#define N_COORDINATORS 6
#define N_PSYCHOLOGISTS 7
#define N_NURSES 7
#define N_WORKSTATIONS (N_COORDINATORS + N_PSYCHOLOGISTS + N_NURSES)
#define TARGET_MS 50.0

typedef enum
{
  OP_BOOK,
  OP_MOVE,
  OP_DRAFT,
  OP_VITALS,
  N_OPS
} Op;

static const char *op_names[N_OPS] = {
  "a preparation session booked",
  "a booking moved",
  "a note draft saved as typed",
  "vital signs entered",
};

typedef struct
{
  LysRole role;
  guint number;
  char login[32];
  gint64 staff_id;
  gint64 patient;       /* psychologist and nurse: theirs */
  gint64 session;       /* psychologist: the session the note is for */
  gint64 infusion;      /* nurse */
} Workstation;

static Workstation desks[N_WORKSTATIONS];
static char *database_name;
static GArray *candidates;   /* patients in preparation, for the coordinators */
static GArray *psychologists;

static gint64
query_int (LysDb      *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  if (!lys_db_query_int (db, sql, NULL, &value, &error))
    g_error ("%s: %s", sql, error->message);
  return value;
}

static char *
address_of (const char *login)
{
  return login != NULL ? g_strdup_printf ("dbname=%s user=%s", database_name, login)
                       : g_strdup_printf ("dbname=%s", database_name);
}

static LysStore *
open_as (const char *login)
{
  g_autofree char *address = address_of (login);
  g_autoptr(GError) error = NULL;
  LysStore *store = lys_store_open (address, &error);

  if (store == NULL)
    g_error ("%s: %s", login, error->message);
  return store;
}

static GArray *
ids_of (LysDb      *db,
        const char *sql)
{
  g_autoptr(LysDbStmt) stmt = lys_db_prepare (db, sql, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  while (lys_db_step (stmt) == LYS_DB_ROW)
    {
      gint64 id = lys_db_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  return ids;
}

/* A session or an infusion of @desk's own for a patient of its own, far
 * from the demo's bookings */
static gint64
book_own (LysDb       *db,
          Workstation *desk,
          const char  *kind,
          const char  *day,
          const char  *task)
{
  g_autofree char *sql = NULL;
  gint64 course, appointment;

  sql = g_strdup_printf ("SELECT id FROM courses WHERE patient_id = %" G_GINT64_FORMAT " ORDER BY id DESC LIMIT 1",
                         desk->patient);
  course = query_int (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO appointments (kind, state, course_id, starts_at, ends_at) VALUES "
                         "('%s', 'planned', %" G_GINT64_FORMAT ", '%s 10:00:00', '%s 11:00:00') RETURNING id",
                         kind, course, day, day);
  appointment = query_int (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO appointment_patients (appointment_id, patient_id) VALUES (%" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT "); INSERT INTO appointment_staff (appointment_id, staff_id, task) "
                         "VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '%s')",
                         appointment, desk->patient, appointment, desk->staff_id, task);
  if (!lys_db_exec (db, sql, NULL))
    g_error ("%s", lys_db_get_message (db));
  return appointment;
}

/* The clinic: a demo clinic of 80 patients, set up for a team of twenty
 * logins, each psychologist with a session held and each nurse with an
 * infusion being prepared */
static void
set_up (void)
{
  g_autofree char *address = address_of (NULL);
  g_autoptr(LysStore) admin = open_as (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) patients = NULL;
  LysDb *db;
  guint next_patient = 0;

  if (!lys_demo_seed (admin, 80, 1, NULL, &error) || !lys_server_init (address, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < N_WORKSTATIONS; i++)
    {
      Workstation *desk = &desks[i];
      g_autoptr(LysStore) store = NULL;
      const char *role_name;

      desk->role = i < N_COORDINATORS ? LYS_ROLE_COORDINATOR
                   : i < N_COORDINATORS + N_PSYCHOLOGISTS ? LYS_ROLE_PSYCHOLOGIST : LYS_ROLE_NURSE;
      desk->number = i;
      role_name = desk->role == LYS_ROLE_COORDINATOR ? "coordinator"
                  : desk->role == LYS_ROLE_PSYCHOLOGIST ? "psychologist" : "nurse";
      g_snprintf (desk->login, sizeof desk->login, "bench_%s_%u", role_name, i);
      if (!lys_server_add_staff (address, desk->login, desk->role, FALSE, &error))
        g_error ("%s", error->message);
      /* The profile is made at the first start */
      store = open_as (desk->login);
      desk->staff_id = lys_store_get_current_staff_id (store);
      if (desk->role == LYS_ROLE_PSYCHOLOGIST)
        g_array_append_val (psychologists, desk->staff_id);
    }

  db = _lys_store_get_db (admin);
  candidates = ids_of (db, "SELECT p.id FROM patients p WHERE (SELECT c.phase FROM courses c WHERE c.patient_id = p.id "
                           "ORDER BY c.started_on DESC, c.id DESC LIMIT 1) = 'preparation' ORDER BY p.id");
  patients = ids_of (db, "SELECT p.id FROM patients p WHERE EXISTS (SELECT 1 FROM courses c WHERE c.patient_id = p.id) "
                         "AND (SELECT c.phase FROM courses c WHERE c.patient_id = p.id ORDER BY c.started_on DESC, "
                         "c.id DESC LIMIT 1) <> 'preparation' ORDER BY p.id");
  g_assert (candidates->len > 0 && patients->len >= N_PSYCHOLOGISTS + N_NURSES);
  for (guint i = N_COORDINATORS; i < N_WORKSTATIONS; i++)
    {
      Workstation *desk = &desks[i];
      g_autofree char *day = g_strdup_printf ("2031-01-%02u", i + 1);
      g_autofree char *sql = NULL;

      desk->patient = g_array_index (patients, gint64, next_patient++);
      if (desk->role == LYS_ROLE_PSYCHOLOGIST)
        {
          g_autofree char *held = g_strdup_printf ("2020-01-%02u", i + 1);

          desk->session = book_own (db, desk, "preparation", held, "psychologist");
          continue;
        }
      sql = g_strdup_printf ("INSERT INTO infusions (appointment_id, duration_minutes, updated_at) VALUES "
                             "(%" G_GINT64_FORMAT ", 40, '2030-12-31T00:00:00Z') RETURNING id",
                             book_own (db, desk, "infusion", day, "drug"));
      desk->infusion = query_int (db, sql);
    }
  _lys_server_learn_sizes (db);
}

/* One workstation's five minutes */

typedef struct
{
  FILE *out;
  LysStore *store;
  Workstation *desk;
  GRand *rand;
  GArray *own;          /* coordinator: bookings made, to move */
  GString *text;        /* psychologist: the note as typed */
  char *saved;          /* and as last saved */
  gint64 note;
  guint words;
  guint done[N_OPS];
  guint refused[N_OPS];
} Day;

static void
timed (Day      *day,
       Op        op,
       gint64    started,
       gboolean  ok)
{
  fprintf (day->out, "op %d %" G_GINT64_FORMAT "\n", op, g_get_monotonic_time () - started);
  if (ok)
    day->done[op]++;
  else
    day->refused[op]++;
}

static GDateTime *
random_slot (Day *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, g_rand_int_range (day->rand, 1, 56));

  return g_date_time_new_local (g_date_time_get_year (then), g_date_time_get_month (then),
                                g_date_time_get_day_of_month (then), g_rand_int_range (day->rand, 8, 15),
                                g_rand_boolean (day->rand) ? 30 : 0, 0);
}

static void
coordinate (Day *day)
{
  g_autoptr(GDateTime) slot = random_slot (day);
  gint64 started = g_get_monotonic_time ();

  if (day->own->len > 0 && g_rand_int_range (day->rand, 0, 10) < 4)
    {
      gint64 booking = g_array_index (day->own, gint64, g_rand_int_range (day->rand, 0, (gint32) day->own->len));

      timed (day, OP_MOVE, started, lys_store_move_booking (day->store, booking, slot, 0, NULL, NULL));
    }
  else
    {
      gint64 patient = g_array_index (candidates, gint64, g_rand_int_range (day->rand, 0, (gint32) candidates->len));
      gint64 psychologist = g_array_index (psychologists, gint64,
                                           g_rand_int_range (day->rand, 0, (gint32) psychologists->len));
      gint64 booking = lys_store_book_preparation (day->store, patient, slot, 60, psychologist, NULL);

      timed (day, OP_BOOK, started, booking > 0);
      if (booking > 0)
        g_array_append_val (day->own, booking);
    }
}

static void
type_a_word (Day *day)
{
  gint64 started;
  gboolean ok;

  g_string_append_printf (day->text, "ord%u ", ++day->words);
  started = g_get_monotonic_time ();
  ok = lys_store_save_note_draft (day->store, day->note, day->saved, day->text->str, (guint) day->text->len, NULL);
  timed (day, OP_DRAFT, started, ok);
  if (ok)
    {
      g_free (day->saved);
      day->saved = g_strdup (day->text->str);
    }
}

static void
take_vitals (Day *day)
{
  LysVitals vitals = {
    .systolic = (guint) g_rand_int_range (day->rand, 110, 150),
    .diastolic = (guint) g_rand_int_range (day->rand, 65, 90),
    .heart_rate = (guint) g_rand_int_range (day->rand, 60, 95),
    .spo2 = (guint) g_rand_int_range (day->rand, 95, 100),
  };
  gint64 started = g_get_monotonic_time ();

  timed (day, OP_VITALS, started,
         lys_store_record_vitals (day->store, day->desk->infusion, &vitals, NULL, NULL, NULL, NULL) > 0);
}

static int
work (Workstation *desk,
      const char  *result,
      double       seconds)
{
  g_autoptr(GError) error = NULL;
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  gint64 next;
  gint64 every = desk->role == LYS_ROLE_COORDINATOR ? 1500 * 1000
                 : desk->role == LYS_ROLE_PSYCHOLOGIST ? G_USEC_PER_SEC : 10 * G_USEC_PER_SEC;
  Day day = { 0 };

  day.out = fopen (result, "w");
  day.store = open_as (desk->login);
  day.desk = desk;
  day.rand = g_rand_new_with_seed (desk->number + 1);
  day.own = g_array_new (FALSE, FALSE, sizeof (gint64));
  day.text = g_string_new (NULL);
  if (!lys_store_follow_others (day.store, &error))
    g_error ("%s", error->message);
  if (desk->role == LYS_ROLE_PSYCHOLOGIST)
    {
      day.note = lys_store_create_note (day.store, desk->patient, desk->session, "soap", &error);
      if (day.note == 0)
        g_error ("%s: %s", desk->login, error->message);
    }

  /* Not all at once: each starts within the first interval */
  next = g_get_monotonic_time () + g_rand_int_range (day.rand, 0, (gint32) every);
  while (g_get_monotonic_time () < until)
    {
      /* What the other desks did, as a window hears it */
      while (g_main_context_iteration (NULL, FALSE));
      if (g_get_monotonic_time () < next)
        {
          g_usleep (MIN (20 * 1000, next - g_get_monotonic_time ()));
          continue;
        }
      next += every;
      if (desk->role == LYS_ROLE_COORDINATOR)
        coordinate (&day);
      else if (desk->role == LYS_ROLE_PSYCHOLOGIST)
        type_a_word (&day);
      else
        take_vitals (&day);
    }

  for (guint op = 0; op < N_OPS; op++)
    fprintf (day.out, "count %u %u %u\n", op, day.done[op], day.refused[op]);
  if (day.note != 0)
    {
      g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, day.saved ? day.saved : "", -1);

      fprintf (day.out, "note %" G_GINT64_FORMAT " %s\n", day.note, hex);
    }
  fclose (day.out);
  g_object_unref (day.store);
  g_rand_free (day.rand);
  g_array_unref (day.own);
  g_string_free (day.text, TRUE);
  g_free (day.saved);
  return 0;
}

/* The figures */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  const char *seconds_text = g_getenv ("LYSNING_BENCH_SECONDS");
  double seconds = seconds_text != NULL ? g_ascii_strtod (seconds_text, NULL) : 300;
  g_autofree char *dir = NULL;
  g_autoptr(LysDb) server = NULL;
  g_autoptr(LysStore) admin = NULL;
  g_autofree char *message = NULL;
  g_autofree char *sql = NULL;
  GArray *latencies[N_OPS];
  guint done[N_OPS] = { 0 }, refused[N_OPS] = { 0 };
  guint lost = 0, vitals_entered = 0;
  GPid pids[N_WORKSTATIONS];
  LysAuditCheck check = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 double_booked, vitals_rows, vitals_audited;

  if (g_getenv ("PGPORT") == NULL)
    {
      g_print ("The workstations' load runs against a local server: build-aux/dev bench\n");
      return 77;
    }
  server = lys_db_postgresql_connect ("dbname=postgres", &message, NULL);
  if (server == NULL)
    g_error ("%s", message);
  database_name = g_strdup_printf ("lysning_workstations_%d", (int) getpid ());
  sql = g_strdup_printf ("CREATE DATABASE %s", database_name);
  if (!lys_db_exec (server, sql, &error))
    g_error ("%s", error->message);
  candidates = NULL;
  psychologists = g_array_new (FALSE, FALSE, sizeof (gint64));
  set_up ();
  dir = g_dir_make_tmp ("lysning-workstations-XXXXXX", NULL);

  g_print ("%u workstations for %.0f s: %u coordinators, %u psychologists, %u nurses\n", N_WORKSTATIONS, seconds,
           N_COORDINATORS, N_PSYCHOLOGISTS, N_NURSES);
  for (guint i = 0; i < N_WORKSTATIONS; i++)
    {
      g_autofree char *result = g_strdup_printf ("%s/%u", dir, i);
      pid_t pid = fork ();

      g_assert (pid >= 0);
      if (pid == 0)
        _exit (work (&desks[i], result, seconds));
      pids[i] = pid;
    }
  for (guint i = 0; i < N_WORKSTATIONS; i++)
    {
      int status = 0;

      waitpid (pids[i], &status, 0);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        g_error ("Workstation %u ended badly (%d)", i, status);
    }

  /* What they did */
  admin = open_as (NULL);
  for (guint op = 0; op < N_OPS; op++)
    latencies[op] = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < N_WORKSTATIONS; i++)
    {
      g_autofree char *result = g_strdup_printf ("%s/%u", dir, i);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (result, &contents, NULL, &error))
        g_error ("%s", error->message);
      lines = g_strsplit (contents, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          int op;
          guint a, b;
          gint64 value;
          char hex[65];

          if (sscanf (lines[j], "op %d %" G_GINT64_FORMAT, &op, &value) == 2)
            {
              double ms = value / 1000.0;

              g_array_append_val (latencies[op], ms);
            }
          else if (sscanf (lines[j], "count %d %u %u", &op, &a, &b) == 3)
            {
              done[op] += a;
              refused[op] += b;
            }
          else if (sscanf (lines[j], "note %" G_GINT64_FORMAT " %64s", &value, hex) == 2)
            {
              g_autofree char *query = g_strdup_printf ("SELECT body FROM notes WHERE id = %" G_GINT64_FORMAT, value);
              g_autofree char *body = NULL;
              g_autofree char *body_hex = NULL;
              g_autoptr(LysDbStmt) stmt = lys_db_prepare (_lys_store_get_db (admin), query, NULL);

              if (lys_db_step (stmt) == LYS_DB_ROW)
                body = g_strdup (lys_db_column_text (stmt, 0));
              body_hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body ? body : "", -1);
              lost += !g_str_equal (body_hex, hex);
            }
        }
    }
  for (guint i = 0; i < N_WORKSTATIONS; i++)
    {
      g_autofree char *result = g_strdup_printf ("%s/%u", dir, i);

      g_unlink (result);
    }
  g_rmdir (dir);

  for (guint op = 0; op < N_OPS; op++)
    {
      GArray *values = latencies[op];
      double p95 = 0, median = 0;

      if (values->len > 0)
        {
          qsort (values->data, values->len, sizeof (double), compare_doubles);
          p95 = g_array_index (values, double, MIN (values->len - 1, (guint) (values->len * 0.95)));
          median = g_array_index (values, double, values->len / 2);
        }
      g_print ("%s: %u done, %u refused as the rules say; median %.1f ms\n", op_names[op], done[op], refused[op],
               median);
      {
        g_autofree char *what = g_strdup_printf ("95th percentile, %s", op_names[op]);

        bench_report_at_most (what, p95, "ms", TARGET_MS);
      }
      g_array_unref (values);
    }
  vitals_entered = done[OP_VITALS];

  /* No room, staff member or patient in two places at once */
  double_booked = query_int (_lys_store_get_db (admin),
                             "SELECT (SELECT count (*) FROM appointments a JOIN appointments b ON a.id < b.id "
                             "  AND a.room_id = b.room_id AND a.state <> 'cancelled' AND b.state <> 'cancelled' "
                             "  AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at) "
                             "+ (SELECT count (*) FROM appointment_staff a JOIN appointment_staff b "
                             "  ON a.appointment_id < b.appointment_id AND a.staff_id = b.staff_id AND a.period && b.period) "
                             "+ (SELECT count (*) FROM appointment_patients a JOIN appointment_patients b "
                             "  ON a.appointment_id < b.appointment_id AND a.patient_id = b.patient_id "
                             "  AND a.period && b.period)");
  {
    g_autoptr(GString) infusions = g_string_new ("0");
    g_autofree char *rows = NULL;
    g_autofree char *audited = NULL;

    for (guint i = 0; i < N_WORKSTATIONS; i++)
      if (desks[i].infusion != 0)
        g_string_append_printf (infusions, ", %" G_GINT64_FORMAT, desks[i].infusion);
    rows = g_strdup_printf ("SELECT count (*) FROM vitals WHERE infusion_id IN (%s)", infusions->str);
    audited = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE action = 'vitals.record' "
                               "AND object_type = 'infusion' AND object_id IN (%s)", infusions->str);
    vitals_rows = query_int (_lys_store_get_db (admin), rows);
    vitals_audited = query_int (_lys_store_get_db (admin), audited);
  }
  if (!lys_store_verify_audit (admin, &check, &error))
    g_error ("%s", error->message);
  g_print ("vital signs entered %u, in the record %" G_GINT64_FORMAT ", in the audit log %" G_GINT64_FORMAT "\n",
           vitals_entered, vitals_rows, vitals_audited);

  bench_report_at_most ("lost updates (a note not as its writer last saved it)", lost, "notes", 0);
  bench_report_at_most ("double bookings", (double) double_booked, "pairs", 0);
  bench_report_at_most ("audit gaps (broken links, vital signs not logged)",
                        (double) (check.broken_id != 0) + (double) ABS (vitals_audited - (gint64) vitals_entered) +
                        (double) ABS (vitals_rows - (gint64) vitals_entered), "rows", 0);
  lys_audit_check_clear (&check);

  g_clear_object (&admin);
  g_free (sql);
  sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", database_name);
  if (!lys_db_exec (server, sql, &error))
    g_error ("%s", error->message);
  return bench_finish ();
}
