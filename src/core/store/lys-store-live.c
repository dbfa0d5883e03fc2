/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lys-db-postgresql.h"
#include "lys-store-private.h"

/* On a clinic server, what other workstations change. The server
 * announces each committed change on the channel "lysning" (the schema's
 * lys_announce ()): "bookings", "patient:ID" or "infusion:ID". The store
 * hands each on as the signal its own change of the same kind emits, once
 * per batch, so that a view follows another desk as it follows this one.
 * When the server drops the connection while nothing runs, the store says
 * so (::connection-changed), tries again every few seconds, and once it
 * is back says that anything may have changed meanwhile. */

#define CHANNEL "lysning"
#define RECONNECT_SECONDS 2

static void
add_once (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;
  g_array_append_val (ids, id);
}

static void
heard_cb (LysDb              *db,
          const char * const *payloads,
          gpointer            user_data)
{
  LysStore *self = user_data;
  g_autoptr(GArray) patients = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) infusions = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean bookings = FALSE;

  for (guint i = 0; payloads[i] != NULL; i++)
    {
      const char *colon = strchr (payloads[i], ':');
      gint64 id = colon != NULL ? g_ascii_strtoll (colon + 1, NULL, 10) : 0;
      GArray *ids = NULL;

      if (g_str_equal (payloads[i], "bookings"))
        bookings = TRUE;
      else if (g_str_has_prefix (payloads[i], "patient:"))
        ids = patients;
      else if (g_str_has_prefix (payloads[i], "infusion:"))
        ids = infusions;
      if (ids != NULL && id > 0)
        add_once (ids, id);
    }

  g_object_ref (self);
  for (guint i = 0; i < patients->len; i++)
    {
      gint64 id = g_array_index (patients, gint64, i);

      _lys_store_follow_patient (self, id);
      _lys_store_patient_changed (self, id, -1);
    }
  for (guint i = 0; i < infusions->len; i++)
    _lys_store_infusion_changed (self, g_array_index (infusions, gint64, i));
  if (bookings)
    _lys_store_bookings_changed (self);
  g_object_unref (self);
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

/* Back after a gap: what others changed meanwhile was not heard */
static gboolean
on_back_cb (gpointer data)
{
  LysStore *self = data;

  self->back_id = 0;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);

  g_object_ref (self);
  _lys_store_reload_patients (self);
  set_connected (self, TRUE);
  _lys_store_patient_changed (self, 0, -1);
  _lys_store_infusion_changed (self, 0);
  _lys_store_bookings_changed (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
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
    self->back_id = g_idle_add (on_back_cb, self);
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
