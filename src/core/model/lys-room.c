/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-room"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-error.h"
#include "lys-room.h"
#include "lys-text.h"

/* Opening hours the clinic day must fit in */
#define EARLIEST_OPENING (6 * 60)
#define LATEST_CLOSING (22 * 60)

LysRoom *
lys_room_new (void)
{
  LysRoom *room = g_new0 (LysRoom, 1);

  room->opens = 8 * 60;
  room->closes = 16 * 60;
  room->active = TRUE;
  return room;
}

LysRoom *
lys_room_copy (const LysRoom *room)
{
  LysRoom *copy;

  g_return_val_if_fail (room != NULL, NULL);

  copy = g_memdup2 (room, sizeof *room);
  copy->name = g_strdup (room->name);
  return copy;
}

void
lys_room_free (LysRoom *room)
{
  if (room == NULL)
    return;

  g_free (room->name);
  g_free (room);
}

gboolean
lys_room_validate (const LysRoom  *room,
                   GError        **error)
{
  g_return_val_if_fail (room != NULL, FALSE);

  if (lys_text_is_blank (room->name))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID, _("Give the room a name."));
      return FALSE;
    }
  if (room->opens >= room->closes)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The room must close after it opens. Check the opening hours."));
      return FALSE;
    }
  if (room->opens < EARLIEST_OPENING || room->closes > LATEST_CLOSING)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Opening hours lie between 06:00 and 22:00."));
      return FALSE;
    }

  return TRUE;
}

/* Returns: the amenities as a short list, e.g. "Headphones, duvet" */
char *
lys_room_describe_amenities (const LysRoom *room)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  g_return_val_if_fail (room != NULL, NULL);

  if (room->headphones)
    g_ptr_array_add (parts, (gpointer) _("Noise-cancelling headphones"));
  if (room->duvet)
    g_ptr_array_add (parts, (gpointer) _("Duvet"));
  if (room->dimmable_light)
    g_ptr_array_add (parts, (gpointer) _("Dimmable light"));
  if (room->monitoring)
    g_ptr_array_add (parts, (gpointer) _("Monitoring equipment"));
  if (parts->len == 0)
    return g_strdup (_("No amenities"));

  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between a room's amenities */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}
