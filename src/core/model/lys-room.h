/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a room has, and what a patient's course may need of one */
typedef enum
{
  LYS_AMENITY_HEADPHONES     = 1 << 0,   /* noise-cancelling */
  LYS_AMENITY_DUVET          = 1 << 1,
  LYS_AMENITY_DIMMABLE_LIGHT = 1 << 2,
  LYS_AMENITY_MONITORING     = 1 << 3,   /* vital signs: every infusion needs it */
} LysAmenities;

/* What a patient may need besides what every infusion does */
#define LYS_PATIENT_NEEDS (LYS_AMENITY_HEADPHONES | LYS_AMENITY_DUVET | LYS_AMENITY_DIMMABLE_LIGHT)

/* An infusion or therapy room: its amenities and opening hours */
typedef struct
{
  gint64    id;              /* 0 until saved */
  char     *name;
  gboolean  headphones;      /* noise-cancelling */
  gboolean  duvet;
  gboolean  dimmable_light;
  gboolean  monitoring;      /* vital signs monitoring equipment */
  guint     opens;           /* minutes after midnight */
  guint     closes;
  gboolean  active;
} LysRoom;

LysRoom  *lys_room_new          (void);
LysRoom  *lys_room_copy         (const LysRoom  *room);
void      lys_room_free         (LysRoom        *room);
gboolean  lys_room_validate     (const LysRoom  *room,
                                 GError        **error);
char     *lys_room_describe_amenities (const LysRoom *room);
LysAmenities lys_room_get_amenities (const LysRoom *room);
char     *lys_amenities_describe (LysAmenities    amenities);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysRoom, lys_room_free)

G_END_DECLS
