/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-room"

#include "config.h"

#include "lys-i18n.h"

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
  g_return_val_if_fail (room != NULL, NULL);

  return lys_amenities_describe (lys_room_get_amenities (room));
}

LysAmenities
lys_room_get_amenities (const LysRoom *room)
{
  g_return_val_if_fail (room != NULL, 0);

  return (room->headphones ? LYS_AMENITY_HEADPHONES : 0) | (room->duvet ? LYS_AMENITY_DUVET : 0) |
         (room->dimmable_light ? LYS_AMENITY_DIMMABLE_LIGHT : 0) | (room->monitoring ? LYS_AMENITY_MONITORING : 0);
}

/**
 * lys_amenities_describe:
 *
 * Returns: (transfer full): @amenities as a short list, e.g.
 *   "Noise-cancelling headphones, Duvet", or "No amenities"
 */
char *
lys_amenities_describe (LysAmenities amenities)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (amenities & LYS_AMENITY_HEADPHONES)
    g_ptr_array_add (parts, (gpointer) _("Noise-cancelling headphones"));
  if (amenities & LYS_AMENITY_DUVET)
    g_ptr_array_add (parts, (gpointer) _("Duvet"));
  if (amenities & LYS_AMENITY_DIMMABLE_LIGHT)
    g_ptr_array_add (parts, (gpointer) _("Dimmable light"));
  if (amenities & LYS_AMENITY_MONITORING)
    g_ptr_array_add (parts, (gpointer) _("Monitoring equipment"));
  if (parts->len == 0)
    return g_strdup (_("No amenities"));

  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between a room's amenities */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}
