/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysRoom, lys_room_free)

G_END_DECLS
