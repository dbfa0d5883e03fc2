/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lys-db-postgresql.h"
#include "lys-later.h"
#include "lys-store-private.h"

/* On a clinic server, what other workstations change. The server
 * announces each committed change on the channel "lysning" (the schema's
 * lys_announce ()): "bookings", "patient:ID" or "infusion:ID"; a desk that
 * opens or lets go of a record for writing says "held:KIND:ID". The store
 * hands each on as the signal its own change of the same kind emits, once
 * per batch, so that a view follows another desk as it follows this one.
 * When the server drops the connection while nothing runs, the store says
 * so (::connection-changed), tries again every few seconds, and once it
 * is back says that anything may have changed meanwhile. */

#define CHANNEL "lysning"
#define RECONNECT_SECONDS 2
/* Announcements are handed on at most this often, and past this many
 * records of a kind in one batch as "any" */
#define HEARD_PAUSE_MS 100
#define HEARD_MOST 50
/* A record held open is a shared advisory lock of the connection, on these
 * two keys: the first this plus the LysHeld kind, the second the record's
 * id. The server lets go of it with the connection, a crash included. */
#define HELD_KEY 1280922446

/* Records held open, each known by one number: the LysHeld kind in the
 * top bits, the record's id below, as "held:" announcements are read */

static gboolean
held_key (LysHeld   kind,
          gint64    id,
          gint64   *key)
{
  if ((kind != LYS_HELD_INFUSION && kind != LYS_HELD_NOTE) || id <= 0 || id > G_MAXINT32)
    return FALSE;
  *key = (gint64) kind << 32 | id;
  return TRUE;
}

static void
add_once (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;
  g_array_append_val (ids, id);
}

/* Hands on what was heard: each patient, infusion and record once, the
 * bookings once. More records than a window would read one by one are
 * said as "any" (0), as after a gap. */
static void
hand_on (LysStore *self)
{
  g_autoptr(GArray) patients = g_steal_pointer (&self->heard_patients);
  g_autoptr(GArray) infusions = g_steal_pointer (&self->heard_infusions);
  g_autoptr(GArray) held = g_steal_pointer (&self->heard_held);
  gboolean bookings = self->heard_bookings;

  self->heard_bookings = FALSE;
  self->handed_on_at = g_get_monotonic_time ();

  g_object_ref (self);
  if (patients != NULL && patients->len > HEARD_MOST)
    {
      _lys_store_reload_patients (self);
      _lys_store_patient_changed (self, 0, -1);
    }
  else
    for (guint i = 0; patients != NULL && i < patients->len; i++)
      {
        gint64 id = g_array_index (patients, gint64, i);

        _lys_store_follow_patient (self, id);
        _lys_store_patient_changed (self, id, -1);
      }
  if (infusions != NULL && infusions->len > HEARD_MOST)
    _lys_store_infusion_changed (self, 0);
  else
    for (guint i = 0; infusions != NULL && i < infusions->len; i++)
      _lys_store_infusion_changed (self, g_array_index (infusions, gint64, i));
  if (bookings)
    _lys_store_bookings_changed (self);
  for (guint i = 0; held != NULL && i < held->len; i++)
    {
      gint64 key = g_array_index (held, gint64, i);

      _lys_store_holders_changed (self, (LysHeld) (key >> 32), key & G_MAXINT32);
    }
  g_object_unref (self);
}

static void
hear (GArray **ids,
      gint64   id)
{
  if (*ids == NULL)
    *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Past HEARD_MOST it is "any": no need to keep count */
  if ((*ids)->len <= HEARD_MOST)
    add_once (*ids, id);
}

/* What the server announced, kept until it is handed on: at once when the
 * last batch was a while ago, else once the pause is over. A desk that
 * floods the channel (any login may NOTIFY) makes the others read again
 * at most every HEARD_PAUSE_MS, each record once. */
static void
heard_cb (LysDb              *db,
          const char * const *payloads,
          gpointer            user_data)
{
  LysStore *self = user_data;
  gint64 since;

  for (guint i = 0; payloads[i] != NULL; i++)
    {
      const char *colon = strchr (payloads[i], ':');
      gint64 id = colon != NULL ? g_ascii_strtoll (colon + 1, NULL, 10) : 0;
      GArray **ids = NULL;

      if (g_str_equal (payloads[i], "bookings"))
        self->heard_bookings = TRUE;
      else if (g_str_has_prefix (payloads[i], "patient:"))
        ids = &self->heard_patients;
      else if (g_str_has_prefix (payloads[i], "infusion:"))
        ids = &self->heard_infusions;
      else if (g_str_has_prefix (payloads[i], "held:"))
        {
          /* "held:KIND:ID" */
          gint64 kind = g_ascii_strtoll (payloads[i] + strlen ("held:"), NULL, 10);
          gint64 key;

          colon = strchr (colon + 1, ':');
          id = colon != NULL ? g_ascii_strtoll (colon + 1, NULL, 10) : 0;
          if (kind > 0 && kind <= G_MAXINT32 && held_key ((LysHeld) kind, id, &key))
            hear (&self->heard_held, key);
          continue;
        }
      if (ids != NULL && id > 0)
        hear (ids, id);
    }

  if (self->hand_on_id != 0)
    return;
  since = (g_get_monotonic_time () - self->handed_on_at) / 1000;
  lys_later (&self->hand_on_id, G_PRIORITY_DEFAULT_IDLE, since >= HEARD_PAUSE_MS ? 0 : (guint) (HEARD_PAUSE_MS - since),
             (LysLaterFunc) hand_on, self);
}

static void
set_connected (LysStore *self,
               gboolean  connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  _lys_store_connection_changed (self);
}

/* Takes or lets go of the lock that says a record is held, and tells the
 * other desks */
static void
mark_held (LysStore *self,
           gint64    key,
           gboolean  hold)
{
  guint kind = (guint) (key >> 32);
  gint64 id = key & G_MAXINT32;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  sql = g_strdup_printf ("SELECT pg_advisory_%s_shared (%u, %" G_GINT64_FORMAT "); "
                         "SELECT pg_notify ('" CHANNEL "', 'held:%u:%" G_GINT64_FORMAT "')",
                         hold ? "lock" : "unlock", HELD_KEY + kind, id, kind, id);
  if (!lys_db_exec (self->db, sql, &error))
    g_debug ("A record held open was not marked so: %s", error->message);
}

/* Each record this desk holds: taken again on a connection made again, let
 * go of as the store closes */
static void
mark_all_held (LysStore *self,
               gboolean  hold)
{
  GHashTableIter iter;
  gpointer key;

  if (self->held == NULL)
    return;
  g_hash_table_iter_init (&iter, self->held);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    mark_held (self, *(gint64 *) key, hold);
}

/**
 * lys_store_hold_record:
 *
 * Says to the other desks on the clinic's server that the record is open
 * for writing here, until lys_store_release_record() (as many times as it
 * was held) or the store closes. Nothing to do for a file.
 */
void
lys_store_hold_record (LysStore *self,
                       LysHeld   kind,
                       gint64    id)
{
  gint64 key;
  guint count;

  g_return_if_fail (LYS_IS_STORE (self));

  if (!lys_db_is_postgresql (self->db) || !held_key (kind, id, &key))
    return;
  if (self->held == NULL)
    self->held = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->held, &key));
  if (count == 0)
    mark_held (self, key, TRUE);
  g_hash_table_insert (self->held, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (count + 1));
}

void
lys_store_release_record (LysStore *self,
                          LysHeld   kind,
                          gint64    id)
{
  gint64 key;
  guint count;

  g_return_if_fail (LYS_IS_STORE (self));

  if (self->held == NULL || !held_key (kind, id, &key))
    return;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->held, &key));
  if (count > 1)
    g_hash_table_insert (self->held, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (count - 1));
  else if (count == 1)
    {
      g_hash_table_remove (self->held, &key);
      mark_held (self, key, FALSE);
    }
}

/**
 * lys_store_dup_holders:
 *
 * Returns: (transfer full): the names of those who have the record open
 *   for writing at another desk (another connection), sorted, once each;
 *   none for a file
 */
GStrv
lys_store_dup_holders (LysStore *self,
                       LysHeld   kind,
                       gint64    id)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(LysDbStmt) stmt = NULL;
  gint64 key;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (lys_db_is_postgresql (self->db) && held_key (kind, id, &key))
    stmt = _lys_store_prepare (self,
                               "SELECT DISTINCT coalesce (s.name, a.usename) FROM pg_locks l "
                               "JOIN pg_stat_activity a ON a.pid = l.pid "
                               "LEFT JOIN staff s ON s.username = a.usename "
                               "WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted "
                               "AND l.classid::bigint = ?1 AND l.objid::bigint = ?2 AND l.pid <> pg_backend_pid () "
                               "ORDER BY 1", NULL);
  if (stmt != NULL)
    {
      lys_db_bind_int64 (stmt, 1, HELD_KEY + (gint64) kind);
      lys_db_bind_int64 (stmt, 2, id);
      while (lys_db_step (stmt) == LYS_DB_ROW)
        g_strv_builder_add (names, lys_db_column_text (stmt, 0));
    }
  return g_strv_builder_end (names);
}

/* Back after a gap: what others changed meanwhile was not heard */
static void
back (LysStore *self)
{
  g_clear_handle_id (&self->reconnect_id, g_source_remove);

  g_object_ref (self);
  mark_all_held (self, TRUE);
  _lys_store_reload_patients (self);
  set_connected (self, TRUE);
  _lys_store_patient_changed (self, 0, -1);
  _lys_store_infusion_changed (self, 0);
  _lys_store_bookings_changed (self);
  g_object_unref (self);
}

static gboolean
on_reconnect_cb (gpointer data)
{
  LysStore *self = data;

  /* Made again, revived_cb () calls _lys_store_follow_revived () */
  lys_db_postgresql_reconnect (self->db);
  return G_SOURCE_CONTINUE;
}

static void
lost_cb (LysDb    *db,
         gpointer  user_data)
{
  LysStore *self = user_data;

  g_debug ("The clinic's server is away");
  if (self->reconnect_id == 0)
    self->reconnect_id = g_timeout_add_seconds (RECONNECT_SECONDS, on_reconnect_cb, self);
  set_connected (self, FALSE);
}

/* The connection was made again, by a statement or by the retries: said
 * from the main loop, never from within the statement that made it */
void
_lys_store_follow_revived (LysStore *self)
{
  if (self->following && self->back_id == 0)
    lys_later (&self->back_id, G_PRIORITY_DEFAULT_IDLE, 0, (LysLaterFunc) back, self);
}

/**
 * lys_store_follow_others:
 *
 * From now on, on a clinic server, what other workstations change is
 * announced as this store's own changes are, from the thread-default main
 * loop, and a connection the server drops is said (::connection-changed)
 * and made again by itself. For the store a window shows; a store opened
 * for a moment's work in a worker does not follow. Nothing to do for a
 * file.
 */
gboolean
lys_store_follow_others (LysStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (self->following || !lys_db_is_postgresql (self->db))
    return TRUE;
  if (!lys_db_postgresql_listen (self->db, CHANNEL, heard_cb, lost_cb, self, error))
    return FALSE;
  self->following = TRUE;
  self->connected = TRUE;
  return TRUE;
}

void
_lys_store_unfollow_server (LysStore *self)
{
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->back_id, g_source_remove);
  g_clear_handle_id (&self->hand_on_id, g_source_remove);
  g_clear_pointer (&self->heard_patients, g_array_unref);
  g_clear_pointer (&self->heard_infusions, g_array_unref);
  g_clear_pointer (&self->heard_held, g_array_unref);
  /* Let go of, as the other desks hear; a desk that fails lets go with its
   * connection, unheard until they look again */
  if (self->held != NULL && lys_db_postgresql_is_connected (self->db))
    mark_all_held (self, FALSE);
  g_clear_pointer (&self->held, g_hash_table_unref);
  self->following = FALSE;
}

/**
 * lys_store_get_connected:
 *
 * Returns: whether the store is connected to its database: always, for a
 *   file; on a server, %FALSE from when the server dropped the connection
 *   until it is made again (::connection-changed)
 */
gboolean
lys_store_get_connected (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  return !self->following || self->connected;
}

/**
 * lys_store_reconnect:
 *
 * Tries the clinic's server again now, rather than at the next of the
 * store's own tries. Once it answers, ::connection-changed follows from the
 * main loop.
 *
 * Returns: whether the connection is up
 */
gboolean
lys_store_reconnect (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (!self->following)
    return TRUE;
  return lys_db_postgresql_reconnect (self->db);
}
