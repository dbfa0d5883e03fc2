/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The PostgreSQL engine: one clinic database on a server, for a clinic
 * with several workstations. Statements are written as for SQLite (?1,
 * :name); they are sent with $1 in their place, parameters as text, and
 * rows read as text. */

#define G_LOG_DOMAIN "lys-db"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <libpq-fe.h>

#include "lys-db-engine.h"
#include "lys-db-postgresql.h"

/* From PostgreSQL's catalog (pg_type.dat): the types a parameter is sent
 * as, and the one a row's column is read back from */
#define BOOL_OID 16
#define INT8_OID 20
#define TEXT_OID 25
#define FLOAT8_OID 701

typedef struct
{
  LysDb parent;
  PGconn *conn;
  LysDbFault fault;
  char *message;
  gint64 changes;
  guint prepared;        /* statements prepared on the server so far */
  GHashTable *plans;     /* the statements run: their types and text -> PgPlan */
  LysDbRevived revived;  /* sets a connection made again up as the first was */
  gpointer revived_data;
  gboolean reviving;
  gint64 revive_failed_at;    /* monotonic time of the last attempt that failed */
  gboolean lost_transaction;  /* dropped within a transaction not yet ended */
  GCancellable *cancellable;
  gulong cancelled_id;
  /* What other connections announce (lys_db_postgresql_listen ()) */
  char *channel;
  LysDbHeard heard;
  LysDbLost lost;
  gpointer listen_data;
  GMainContext *context;
  GSource *watch;        /* the socket, while the connection is up */
  GSource *delivery;     /* what was heard, handed on from the main loop */
  GSource *lost_later;   /* a loss found by a statement, said from the main loop */
  GPtrArray *payloads;   /* heard, not yet handed on */
} PgDb;

typedef struct
{
  LysDbStmt parent;
  char *sql;             /* with $N for each parameter */
  GPtrArray *names;      /* ":name" of parameter N at N - 1, or NULL */
  int n_params;
  GArray *used;          /* whether parameter N is in the statement, at N - 1 */
  char **values;
  Oid *types;
  PGresult *result;
  int row;               /* the row a step is at; -1 before the first */
} PgStmt;

/* A statement's text with its parameters' types, as the connection has run
 * it: whichever LysDbStmt runs it, the second time it is prepared on the
 * server, parsed and planned once for the connection */
typedef struct
{
  guint runs;
  char *name;            /* once run again: prepared on the server as this */
} PgPlan;

/* How many statements a connection keeps track of: what the store runs,
 * with room; text made up anew each time is sent whole */
#define MAX_PLANS 1024

static void
pg_plan_free (gpointer data)
{
  PgPlan *plan = data;

  g_free (plan->name);
  g_free (plan);
}

static const LysDbEngine postgresql_engine;

#define PG(db) ((PgDb *) (db))
#define PG_STMT(s) ((PgStmt *) (s))

static void
set_fault (PgDb           *db,
           LysDbFault      fault,
           const char     *message)
{
  db->fault = fault;
  g_free (db->message);
  db->message = g_strdup (message != NULL ? message : "");
  g_strchomp (db->message);
}

/* SQLSTATE to the seam's faults: see PostgreSQL's "Error Codes" appendix */
static LysDbFault
fault_of (const char *state)
{
  if (state == NULL)
    return LYS_DB_FAULT_OTHER;
  /* 23: integrity constraint violation; P0001: a trigger's RAISE */
  if (g_str_has_prefix (state, "23") || strcmp (state, "P0001") == 0)
    return LYS_DB_FAULT_CONSTRAINT;
  if (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0 || strcmp (state, "55P03") == 0)
    return LYS_DB_FAULT_BUSY;
  if (strcmp (state, "53100") == 0)
    return LYS_DB_FAULT_FULL;
  if (strcmp (state, "25006") == 0)
    return LYS_DB_FAULT_READONLY;
  if (strcmp (state, "42501") == 0)
    return LYS_DB_FAULT_DENIED;
  if (strcmp (state, "XX001") == 0 || strcmp (state, "XX002") == 0)
    return LYS_DB_FAULT_CORRUPT;
  return LYS_DB_FAULT_OTHER;
}

/* Keeps what @result says; returns whether it is a success */
static gboolean
take_result (PgDb     *db,
             PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    {
      const char *changed = PQcmdTuples (result);

      db->fault = LYS_DB_FAULT_NONE;
      db->changes = changed != NULL && *changed != '\0' ? g_ascii_strtoll (changed, NULL, 10) : 0;
      return TRUE;
    }
  if (PQstatus (db->conn) == CONNECTION_BAD)
    set_fault (db, LYS_DB_FAULT_GONE, PQerrorMessage (db->conn));
  else if (result == NULL)
    set_fault (db, LYS_DB_FAULT_OTHER, PQerrorMessage (db->conn));
  else
    set_fault (db, fault_of (PQresultErrorField (result, PG_DIAG_SQLSTATE)),
               PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) ?: PQresultErrorMessage (result));
  return FALSE;
}

static void stop_listening (PgDb *db);
static void watch_socket (PgDb *db);
static void unwatch_socket (PgDb *db);
static void say_lost_later (PgDb *db);
static void take_notifications (PgDb *db);

static void
pg_close (LysDb *db)
{
  stop_listening (PG (db));
  lys_db_set_cancellable (db, NULL);
  PQfinish (PG (db)->conn);
  g_free (PG (db)->message);
  g_hash_table_unref (PG (db)->plans);
  g_free (db);
}

/* How long a connection that could not be made again waits before the
 * next try */
#define REVIVE_INTERVAL (10 * G_USEC_PER_SEC)

/* A connection the server dropped (a restart, the network) is made again,
 * and set up as before by the LysDbRevived it was given; the statements
 * it had prepared are gone with it */
static gboolean
revive (PgDb *db)
{
  gboolean ok;

  /* A server still away is tried again after a while, not by every
   * statement: each try may wait for the connection's timeout */
  if (db->reviving ||
      (db->revive_failed_at != 0 && g_get_monotonic_time () - db->revive_failed_at < REVIVE_INTERVAL))
    return FALSE;
  db->reviving = TRUE;
  /* The socket watched goes with the old connection */
  unwatch_socket (db);
  PQreset (db->conn);
  ok = PQstatus (db->conn) == CONNECTION_OK;
  if (ok)
    {
      g_hash_table_remove_all (db->plans);
      ok = db->revived == NULL || db->revived (&db->parent, db->revived_data);
    }
  if (ok && db->channel != NULL)
    {
      g_autofree char *listen = g_strdup_printf ("LISTEN %s", db->channel);
      PGresult *result = PQexec (db->conn, listen);

      ok = PQresultStatus (result) == PGRES_COMMAND_OK;
      PQclear (result);
      if (ok)
        watch_socket (db);
    }
  db->revive_failed_at = ok ? 0 : g_get_monotonic_time ();
  db->reviving = FALSE;
  if (!ok)
    say_lost_later (db);
  g_debug ("The server's connection was made again: %s", ok ? "done" : PQerrorMessage (db->conn));
  return ok;
}

static gboolean
is_rollback (const char *sql)
{
  return sql != NULL && g_ascii_strcasecmp (sql, "ROLLBACK") == 0;
}

/* Before a statement, on a connection that was dropped: made again, unless
 * a transaction was under way when it went; then only its ROLLBACK is
 * taken, which ends it, and every other statement is refused, so that none
 * of that transaction's runs on its own on the new connection */
static gboolean
revive_before (PgDb       *db,
               const char *sql)
{
  if (PQstatus (db->conn) != CONNECTION_BAD)
    return TRUE;
  if (db->lost_transaction && !is_rollback (sql))
    {
      set_fault (db, LYS_DB_FAULT_GONE, "the connection to the server was lost during the transaction");
      return FALSE;
    }
  db->lost_transaction = FALSE;
  if (!revive (db))
    {
      set_fault (db, LYS_DB_FAULT_GONE, PQerrorMessage (db->conn));
      return FALSE;
    }
  return TRUE;
}

/* Runs a statement by @run; a connection dropped while nothing was under
 * way is made again and the statement run once more, and one dropped
 * within a transaction is marked so (revive_before ()) */
static PGresult *
run_reviving (PgDb       *db,
              PGresult *(*run) (PgDb *db, gpointer data),
              gpointer    data)
{
  gboolean idle = PQtransactionStatus (db->conn) == PQTRANS_IDLE;
  PGresult *result = run (db, data);
  ExecStatusType status = PQresultStatus (result);

  take_notifications (db);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || PQstatus (db->conn) != CONNECTION_BAD)
    return result;
  if (!idle)
    {
      db->lost_transaction = TRUE;
      return result;
    }
  if (!revive (db))
    return result;
  PQclear (result);
  return run (db, data);
}

static PGresult *
run_sql (PgDb     *db,
         gpointer  sql)
{
  return PQexec (db->conn, sql);
}

static gboolean
pg_exec (LysDb      *db,
         const char *sql)
{
  PGresult *result;
  gboolean ok;

  /* A transaction lost with its connection: ended already, nothing to
   * send */
  if (PG (db)->lost_transaction && is_rollback (sql) && PQstatus (PG (db)->conn) == CONNECTION_BAD)
    {
      PG (db)->lost_transaction = FALSE;
      return revive_before (PG (db), sql);
    }
  if (!revive_before (PG (db), sql))
    return FALSE;
  result = run_reviving (PG (db), run_sql, (gpointer) sql);
  ok = take_result (PG (db), result);
  PQclear (result);
  return ok;
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* SQLite's placeholders as PostgreSQL's: ?N is $N, ? the next number, and
 * :name the next number at its first use, as SQLite numbers them.
 * Quoted text and "::" casts are left alone. */
static void
mark_used (GArray *used,
           int     index)
{
  gboolean yes = TRUE;

  if ((int) used->len < index)
    g_array_set_size (used, index);
  g_array_index (used, gboolean, index - 1) = yes;
}

static char *
translate (const char  *sql,
           GPtrArray   *names,
           GArray      *used,
           int         *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  int highest = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '"')
        {
          const char quote = *p;

          g_string_append_c (out, *p++);
          while (*p != '\0' && !(*p == quote && p[1] != quote))
            {
              if (*p == quote)
                g_string_append_c (out, *p++);
              g_string_append_c (out, *p++);
            }
          if (*p == '\0')
            break;
          g_string_append_c (out, *p);
        }
      else if (*p == '?')
        {
          int index;

          if (g_ascii_isdigit (p[1]))
            {
              char *end;

              index = (int) strtol (p + 1, &end, 10);
              p = end - 1;
            }
          else
            index = highest + 1;
          highest = MAX (highest, index);
          mark_used (used, index);
          g_string_append_printf (out, "$%d", index);
        }
      else if (*p == ':' && p[1] == ':')
        g_string_append (out, "::"), p++;
      /* SQLite's group_concat (X, SEPARATOR) is PostgreSQL's string_agg,
       * built in: an aggregate of the schema's own runs its step as SQL */
      else if (g_str_has_prefix (p, "group_concat") && !is_name_char (p[strlen ("group_concat")]) &&
               (p == sql || !is_name_char (p[-1])))
        {
          g_string_append (out, "string_agg");
          p += strlen ("group_concat") - 1;
        }
      else if (*p == ':' && (g_ascii_isalpha (p[1]) || p[1] == '_'))
        {
          const char *start = p;
          g_autofree char *name = NULL;
          int index = 0;

          while (is_name_char (p[1]))
            p++;
          name = g_strndup (start, (gsize) (p - start + 1));
          for (guint i = 0; i < names->len; i++)
            if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
              index = (int) i + 1;
          if (index == 0)
            {
              index = ++highest;
              while ((int) names->len < index)
                g_ptr_array_add (names, NULL);
              g_free (g_ptr_array_index (names, index - 1));
              g_ptr_array_index (names, index - 1) = g_steal_pointer (&name);
            }
          mark_used (used, index);
          g_string_append_printf (out, "$%d", index);
        }
      else
        g_string_append_c (out, *p);
    }

  *n_params = highest;
  return g_string_free (out, FALSE);
}

static LysDbStmt *
pg_prepare (LysDb      *db,
            const char *sql,
            gboolean    persistent)
{
  PgStmt *stmt = g_new0 (PgStmt, 1);

  stmt->parent.db = db;
  stmt->names = g_ptr_array_new_with_free_func (g_free);
  stmt->used = g_array_new (FALSE, TRUE, sizeof (gboolean));
  stmt->sql = translate (sql, stmt->names, stmt->used, &stmt->n_params);
  stmt->values = g_new0 (char *, MAX (stmt->n_params, 1));
  stmt->types = g_new0 (Oid, MAX (stmt->n_params, 1));
  stmt->row = -1;
  PG (db)->fault = LYS_DB_FAULT_NONE;
  return &stmt->parent;
}

static LysDbFault
pg_fault (LysDb *db)
{
  return PG (db)->fault;
}

static const char *
pg_message (LysDb *db)
{
  return PG (db)->message != NULL ? PG (db)->message : "";
}

static gboolean
pg_in_transaction (LysDb *db)
{
  PGTransactionStatusType status = PQtransactionStatus (PG (db)->conn);

  /* A connection that is gone: in a transaction only if one went with it,
   * until its ROLLBACK */
  if (status == PQTRANS_UNKNOWN)
    return PG (db)->lost_transaction;
  return status != PQTRANS_IDLE;
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      data)
{
  PGcancel *cancel = PQgetCancel (data);
  char message[256];

  if (cancel != NULL)
    {
      PQcancel (cancel, message, sizeof message);
      PQfreeCancel (cancel);
    }
}

static void
pg_set_cancellable (LysDb        *db,
                    GCancellable *cancellable)
{
  PgDb *self = PG (db);

  if (self->cancellable != NULL)
    g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  g_clear_object (&self->cancellable);
  self->cancelled_id = 0;
  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), self->conn, NULL);
    }
}

/* A transaction that failed takes no new statement until it ends */
static gboolean
pg_in_transaction_error (PgDb *db)
{
  return PQtransactionStatus (db->conn) == PQTRANS_INERROR;
}

static gboolean
pg_transaction_failed (LysDb *db)
{
  return pg_in_transaction_error (PG (db));
}

static gint64
pg_changes (LysDb *db)
{
  return PG (db)->changes;
}

static gint64
pg_last_insert_id (LysDb *db)
{
  PGresult *result = PQexec (PG (db)->conn, "SELECT lastval ()");
  gint64 id = 0;

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return id;
}

static void
pg_reset (LysDbStmt *stmt)
{
  g_clear_pointer (&PG_STMT (stmt)->result, PQclear);
  PG_STMT (stmt)->row = -1;
}

static void
pg_clear_bindings (LysDbStmt *stmt)
{
  PgStmt *self = PG_STMT (stmt);

  for (int i = 0; i < self->n_params; i++)
    {
      g_clear_pointer (&self->values[i], g_free);
      self->types[i] = 0;
    }
}

static void
pg_stmt_free (LysDbStmt *stmt)
{
  PgStmt *self = PG_STMT (stmt);

  pg_reset (stmt);
  pg_clear_bindings (stmt);
  g_free (self->values);
  g_free (self->types);
  g_ptr_array_unref (self->names);
  g_array_unref (self->used);
  g_free (self->sql);
  g_free (self);
}

static PGresult *
execute_once (PgDb     *db,
              gpointer  data)
{
  PgStmt *self = data;
  GString *key = g_string_new (NULL);
  PgPlan *plan;

  for (int i = 0; i < self->n_params; i++)
    g_string_append_printf (key, "%u,", self->types[i]);
  g_string_append_c (key, '\n');
  g_string_append (key, self->sql);
  plan = g_hash_table_lookup (db->plans, key->str);
  if (plan == NULL && g_hash_table_size (db->plans) < MAX_PLANS)
    {
      plan = g_new0 (PgPlan, 1);
      g_hash_table_insert (db->plans, g_string_free (g_steal_pointer (&key), FALSE), plan);
    }
  if (key != NULL)
    g_string_free (key, TRUE);

  if (plan != NULL && ++plan->runs == 2 && !pg_in_transaction_error (db))
    {
      g_autofree char *name = g_strdup_printf ("lys_%u", ++db->prepared);
      PGresult *made = PQprepare (db->conn, name, self->sql, self->n_params, self->types);

      if (PQresultStatus (made) == PGRES_COMMAND_OK)
        plan->name = g_steal_pointer (&name);
      PQclear (made);
    }
  if (plan != NULL && plan->name != NULL)
    return PQexecPrepared (db->conn, plan->name, self->n_params, (const char * const *) self->values, NULL, NULL, 0);
  return PQexecParams (db->conn, self->sql, self->n_params, self->types, (const char * const *) self->values, NULL, NULL,
                       0);
}

static LysDbStep
pg_step (LysDbStmt *stmt)
{
  PgStmt *self = PG_STMT (stmt);
  PgDb *db = PG (stmt->db);

  if (self->result == NULL)
    {
      /* One the statement skips gets a type all the same: PostgreSQL
       * wants every parameter's */
      for (int i = 0; i < self->n_params; i++)
        if (i >= (int) self->used->len || !g_array_index (self->used, gboolean, i))
          self->types[i] = TEXT_OID;
      if (!revive_before (db, NULL))
        return LYS_DB_ERROR;
      self->result = run_reviving (db, execute_once, self);
      self->row = -1;
      if (!take_result (db, self->result))
        {
          /* The statement, never its parameters: no patient data */
          g_debug ("%s: %s", db->message, self->sql);
          g_clear_pointer (&self->result, PQclear);
          return LYS_DB_ERROR;
        }
    }
  if (++self->row < PQntuples (self->result))
    return LYS_DB_ROW;
  self->row = PQntuples (self->result);
  return LYS_DB_DONE;
}

static int
pg_param_index (LysDbStmt  *stmt,
                const char *name)
{
  GPtrArray *names = PG_STMT (stmt)->names;

  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
      return (int) i + 1;
  return 0;
}

static int
pg_param_count (LysDbStmt *stmt)
{
  return PG_STMT (stmt)->n_params;
}

/* Takes @value; a parameter the statement does not have is let go */
static void
bind (LysDbStmt *stmt,
      int        index,
      char      *value,
      Oid        type)
{
  PgStmt *self = PG_STMT (stmt);

  if (index < 1 || index > self->n_params)
    {
      g_free (value);
      return;
    }
  g_free (self->values[index - 1]);
  self->values[index - 1] = value;
  self->types[index - 1] = type;
}

static void
pg_bind_null (LysDbStmt *stmt,
              int        index)
{
  bind (stmt, index, NULL, 0);
}

static void
pg_bind_int64 (LysDbStmt *stmt,
               int        index,
               gint64     value)
{
  bind (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), INT8_OID);
}

static void
pg_bind_double (LysDbStmt *stmt,
                int        index,
                double     value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  bind (stmt, index, g_strdup (g_ascii_dtostr (text, sizeof text, value)), FLOAT8_OID);
}

static void
pg_bind_text (LysDbStmt *stmt,
              int        index,
              char      *text)
{
  /* Of no stated type: the statement gives it one, as it does a literal */
  bind (stmt, index, text, 0);
}

static const char *
value_at (LysDbStmt *stmt,
          int        column)
{
  PgStmt *self = PG_STMT (stmt);

  if (self->result == NULL || self->row < 0 || self->row >= PQntuples (self->result) ||
      column < 0 || column >= PQnfields (self->result) || PQgetisnull (self->result, self->row, column))
    return NULL;
  /* As SQLite gives a truth: 1 or 0 */
  if (PQftype (self->result, column) == BOOL_OID)
    return PQgetvalue (self->result, self->row, column)[0] == 't' ? "1" : "0";
  return PQgetvalue (self->result, self->row, column);
}

static gboolean
pg_column_is_null (LysDbStmt *stmt,
                   int        column)
{
  return value_at (stmt, column) == NULL;
}

static double
pg_column_double (LysDbStmt *stmt,
                  int        column)
{
  const char *value = value_at (stmt, column);

  return value != NULL ? g_ascii_strtod (value, NULL) : 0;
}

static gint64
pg_column_int64 (LysDbStmt *stmt,
                 int        column)
{
  const char *value = value_at (stmt, column);

  if (value == NULL)
    return 0;
  /* A real is cut to its whole part, as SQLite does */
  if (strpbrk (value, ".eE") != NULL)
    return (gint64) g_ascii_strtod (value, NULL);
  return g_ascii_strtoll (value, NULL, 10);
}

static const char *
pg_column_text (LysDbStmt *stmt,
                int        column)
{
  return value_at (stmt, column);
}

static const LysDbEngine postgresql_engine = {
  /* One writer at a time, as SQLite has it: the checks the store makes
   * before it writes hold until it commits */
  .begin = "BEGIN; SELECT pg_advisory_xact_lock (1280922446)",
  .close = pg_close,
  .exec = pg_exec,
  .prepare = pg_prepare,
  .fault = pg_fault,
  .message = pg_message,
  .in_transaction = pg_in_transaction,
  .transaction_failed = pg_transaction_failed,
  .set_cancellable = pg_set_cancellable,
  .changes = pg_changes,
  .last_insert_id = pg_last_insert_id,
  .stmt_free = pg_stmt_free,
  .step = pg_step,
  .reset = pg_reset,
  .clear_bindings = pg_clear_bindings,
  .param_index = pg_param_index,
  .param_count = pg_param_count,
  .bind_null = pg_bind_null,
  .bind_int64 = pg_bind_int64,
  .bind_double = pg_bind_double,
  .bind_text = pg_bind_text,
  .column_is_null = pg_column_is_null,
  .column_int64 = pg_column_int64,
  .column_double = pg_column_double,
  .column_text = pg_column_text,
};

/**
 * lys_db_postgresql_is_address:
 *
 * Whether @database names a PostgreSQL database (a libpq URI or
 * connection string) rather than a file.
 */
gboolean
lys_db_postgresql_is_address (const char *database)
{
  return database != NULL &&
         (g_str_has_prefix (database, "postgresql://") || g_str_has_prefix (database, "postgres://") ||
          g_str_has_prefix (database, "service=") || g_str_has_prefix (database, "host=") ||
          g_str_has_prefix (database, "dbname="));
}

/**
 * lys_db_postgresql_dup_display_name:
 *
 * Returns: @address as a message names it: user, host, port and database,
 *   never a password written into it
 */
char *
lys_db_postgresql_dup_display_name (const char *address)
{
  PQconninfoOption *options = PQconninfoParse (address, NULL);
  const char *user = NULL, *host = NULL, *port = NULL, *dbname = NULL, *service = NULL;
  GString *name;

  if (options == NULL)
    return g_strdup ("postgresql://…");
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0')
        continue;
      if (g_str_equal (o->keyword, "user"))
        user = o->val;
      else if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = o->val;
      else if (g_str_equal (o->keyword, "service"))
        service = o->val;
    }
  name = g_string_new (NULL);
  if (service != NULL && host == NULL && dbname == NULL)
    g_string_append_printf (name, "service=%s", service);
  else
    g_string_append_printf (name, "postgresql://%s%s%s%s%s/%s", user ? user : "", user ? "@" : "", host ? host : "",
                            port ? ":" : "", port ? port : "", dbname ? dbname : "");
  PQconninfoFree (options);
  return g_string_free (name, FALSE);
}

/* The server's notices and libpq's own word on a lost connection go to
 * the debug log, not to the terminal */
static void
on_notice_cb (void       *data,
              const char *message)
{
  g_debug ("The server: %s", message);
}

/**
 * lys_db_postgresql_connect:
 * @conninfo: a libpq URI or connection string
 *
 * @login: (out) (optional): whether a refusal was about the password
 *
 * Returns: (transfer full): the connection, or %NULL with the server's
 *   reason in @message
 */
LysDb *
lys_db_postgresql_connect (const char  *conninfo,
                           char       **message,
                           LysDbLogin  *login)
{
  PGconn *conn = PQconnectdb (conninfo);
  PgDb *db;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      *message = g_strchomp (g_strdup (conn != NULL ? PQerrorMessage (conn) : "out of memory"));
      if (login != NULL)
        *login = conn == NULL ? LYS_DB_LOGIN_OTHER
                 : PQconnectionNeedsPassword (conn) ? LYS_DB_LOGIN_NEEDS_PASSWORD
                 : PQconnectionUsedPassword (conn) ? LYS_DB_LOGIN_PASSWORD_REFUSED
                 : LYS_DB_LOGIN_OTHER;
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, on_notice_cb, NULL);
  db = g_new0 (PgDb, 1);
  db->parent.engine = &postgresql_engine;
  db->conn = conn;
  db->plans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pg_plan_free);
  return &db->parent;
}

/**
 * lys_db_postgresql_set_revived:
 * @revived: (nullable): sets a connection the server dropped and that was
 *   made again up as the first was (its session's settings); returns
 *   whether it could
 *
 * A connection dropped between two transactions is made again at the next
 * statement, which then runs as if nothing had happened. One dropped
 * within a transaction loses it: the statement fails, and so does every
 * one after it until the transaction's ROLLBACK.
 */
void
lys_db_postgresql_set_revived (LysDb        *db,
                               LysDbRevived  revived,
                               gpointer      user_data)
{
  g_return_if_fail (lys_db_is_postgresql (db));

  PG (db)->revived = revived;
  PG (db)->revived_data = user_data;
}

/* Whether @db is a connection to a PostgreSQL server */
gboolean
lys_db_is_postgresql (LysDb *db)
{
  return db != NULL && db->engine == &postgresql_engine;
}

/* Listening: what other connections announce on the channel, and a
 * connection the server dropped, found while nothing is being run */

static gboolean
on_delivery_cb (gpointer data)
{
  PgDb *db = data;
  g_autoptr(GPtrArray) payloads = g_steal_pointer (&db->payloads);

  g_clear_pointer (&db->delivery, g_source_unref);
  db->payloads = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (payloads, NULL);
  db->heard (&db->parent, (const char * const *) payloads->pdata, db->listen_data);
  return G_SOURCE_REMOVE;
}

/* What the server sent is handed on from the main loop, never from within
 * a statement: a change the store is making is not interrupted */
static void
take_notifications (PgDb *db)
{
  PGnotify *notify;
  int me;

  if (db->channel == NULL)
    return;
  me = PQbackendPID (db->conn);
  while ((notify = PQnotifies (db->conn)) != NULL)
    {
      /* This connection's own changes are known already */
      if (notify->be_pid != me)
        g_ptr_array_add (db->payloads, g_strdup (notify->extra));
      PQfreemem (notify);
    }
  if (db->payloads->len > 0 && db->delivery == NULL)
    {
      db->delivery = g_idle_source_new ();
      g_source_set_priority (db->delivery, G_PRIORITY_DEFAULT);
      g_source_set_callback (db->delivery, on_delivery_cb, db, NULL);
      g_source_attach (db->delivery, db->context);
    }
}

static gboolean
on_socket_cb (int          fd,
              GIOCondition condition,
              gpointer     data)
{
  PgDb *db = data;
  PGTransactionStatusType status = PQtransactionStatus (db->conn);
  /* A connection already known to be gone says UNKNOWN: whether a
   * transaction went with it was settled then */
  gboolean in_transaction = status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;

  if (PQconsumeInput (db->conn) && PQstatus (db->conn) == CONNECTION_OK)
    {
      take_notifications (db);
      return G_SOURCE_CONTINUE;
    }

  /* Gone: a transaction under way went with it (revive_before ()) */
  if (PQstatus (db->conn) == CONNECTION_BAD && in_transaction)
    db->lost_transaction = TRUE;
  g_debug ("The server's connection was lost: %s", PQerrorMessage (db->conn));
  g_clear_pointer (&db->watch, g_source_unref);
  if (db->lost != NULL)
    db->lost (&db->parent, db->listen_data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_lost_later_cb (gpointer data)
{
  PgDb *db = data;

  g_clear_pointer (&db->lost_later, g_source_unref);
  if (db->lost != NULL)
    db->lost (&db->parent, db->listen_data);
  return G_SOURCE_REMOVE;
}

/* A connection a statement found gone, and could not make again: said
 * from the main loop, as the socket's watch says it */
static void
say_lost_later (PgDb *db)
{
  if (db->channel == NULL || db->lost_later != NULL)
    return;
  db->lost_later = g_idle_source_new ();
  /* Not behind the window's redraws */
  g_source_set_priority (db->lost_later, G_PRIORITY_DEFAULT);
  g_source_set_callback (db->lost_later, on_lost_later_cb, db, NULL);
  g_source_attach (db->lost_later, db->context);
}

static void
unwatch_socket (PgDb *db)
{
  if (db->watch == NULL)
    return;
  g_source_destroy (db->watch);
  g_clear_pointer (&db->watch, g_source_unref);
}

static void
watch_socket (PgDb *db)
{
  unwatch_socket (db);
  if (PQstatus (db->conn) != CONNECTION_OK)
    return;
  db->watch = g_unix_fd_source_new (PQsocket (db->conn), G_IO_IN | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (db->watch, G_SOURCE_FUNC (on_socket_cb), db, NULL);
  g_source_attach (db->watch, db->context);
}

static void
stop_listening (PgDb *db)
{
  unwatch_socket (db);
  if (db->delivery != NULL)
    {
      g_source_destroy (db->delivery);
      g_clear_pointer (&db->delivery, g_source_unref);
    }
  if (db->lost_later != NULL)
    {
      g_source_destroy (db->lost_later);
      g_clear_pointer (&db->lost_later, g_source_unref);
    }
  g_clear_pointer (&db->payloads, g_ptr_array_unref);
  g_clear_pointer (&db->context, g_main_context_unref);
  g_clear_pointer (&db->channel, g_free);
}

/**
 * lys_db_postgresql_listen:
 * @channel: the channel's name, letters and underscores
 * @heard: called from the thread-default main loop with what other
 *   connections announced on @channel since the last call, in order
 * @lost: (nullable): called from that main loop when the server drops the
 *   connection while no statement runs
 *
 * Listens on @channel from now on, on every connection made again too
 * (lys_db_postgresql_set_revived ()).
 */
gboolean
lys_db_postgresql_listen (LysDb       *db,
                          const char  *channel,
                          LysDbHeard   heard,
                          LysDbLost    lost,
                          gpointer     user_data,
                          GError     **error)
{
  PgDb *self = PG (db);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (lys_db_is_postgresql (db), FALSE);
  g_return_val_if_fail (channel != NULL && *channel != '\0' && strspn (channel, "abcdefghijklmnopqrstuvwxyz_") ==
                        strlen (channel), FALSE);
  g_return_val_if_fail (heard != NULL, FALSE);
  g_return_val_if_fail (self->channel == NULL, FALSE);

  sql = g_strdup_printf ("LISTEN %s", channel);
  if (!lys_db_exec (db, sql, error))
    return FALSE;
  self->channel = g_strdup (channel);
  self->heard = heard;
  self->lost = lost;
  self->listen_data = user_data;
  self->context = g_main_context_ref_thread_default ();
  self->payloads = g_ptr_array_new_with_free_func (g_free);
  watch_socket (self);
  return TRUE;
}

/* Whether the connection is up, as far as is known without asking the
 * server */
gboolean
lys_db_postgresql_is_connected (LysDb *db)
{
  g_return_val_if_fail (lys_db_is_postgresql (db), FALSE);

  return PQstatus (PG (db)->conn) == CONNECTION_OK;
}

/**
 * lys_db_postgresql_reconnect:
 *
 * Makes a dropped connection again now, set up as the first was; not while
 * a transaction lost with it has not been rolled back.
 *
 * Returns: whether the connection is up
 */
gboolean
lys_db_postgresql_reconnect (LysDb *db)
{
  PgDb *self = PG (db);

  g_return_val_if_fail (lys_db_is_postgresql (db), FALSE);

  if (PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  if (self->lost_transaction)
    return FALSE;
  self->revive_failed_at = 0;
  return revive (self);
}

/**
 * lys_db_postgresql_encrypt_password:
 *
 * Returns: (transfer full) (nullable): what the server keeps of @password
 *   for @login, made here (SCRAM-SHA-256), so that the
 *   password itself never travels; %NULL with the fault set when it cannot
 */
char *
lys_db_postgresql_encrypt_password (LysDb      *db,
                                    const char *login,
                                    const char *password)
{
  PgDb *self = PG (db);
  char *made;
  char *copy;

  g_return_val_if_fail (lys_db_is_postgresql (db), NULL);

  made = PQencryptPasswordConn (self->conn, password, login, "scram-sha-256");
  if (made == NULL)
    {
      set_fault (self, PQstatus (self->conn) == CONNECTION_BAD ? LYS_DB_FAULT_GONE : LYS_DB_FAULT_OTHER,
                 PQerrorMessage (self->conn));
      return NULL;
    }
  copy = g_strdup (made);
  PQfreemem (made);
  return copy;
}
