/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-room-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-room-editor.h"
#include "lys-time.h"

/* A room: its name, amenities and opening hours, and whether it is in use.
 * Saved through the store, which checks it; a refusal is shown in place. */
struct _LysRoomEditor
{
  LysRecordWindow parent_instance;

  LysRoom *room;

  AdwEntryRow *name_row;
  GtkSwitch *headphones_switch;
  GtkSwitch *duvet_switch;
  GtkSwitch *light_switch;
  GtkSwitch *monitoring_switch;
  AdwEntryRow *opens_row;
  AdwEntryRow *closes_row;
  GtkSwitch *active_switch;
};

G_DEFINE_FINAL_TYPE (LysRoomEditor, lys_room_editor, LYS_TYPE_RECORD_WINDOW)

static gboolean
read_hours (AdwEntryRow *row,
            guint       *minute)
{
  return lys_time_parse_minute (gtk_editable_get_text (GTK_EDITABLE (row)), minute);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysRoomEditor *self = LYS_ROOM_EDITOR (widget);
  g_autoptr(LysRoom) room = lys_room_copy (self->room);
  g_autoptr(GError) error = NULL;

  g_free (room->name);
  room->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  room->headphones = gtk_switch_get_active (self->headphones_switch);
  room->duvet = gtk_switch_get_active (self->duvet_switch);
  room->dimmable_light = gtk_switch_get_active (self->light_switch);
  room->monitoring = gtk_switch_get_active (self->monitoring_switch);
  room->active = gtk_switch_get_active (self->active_switch);
  if (!read_hours (self->opens_row, &room->opens) || !read_hours (self->closes_row, &room->closes))
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), _("The opening hours are not valid: write them like 08:00 and 16:00."));
      return;
    }

  if (lys_store_save_room (lys_record_window_get_store (LYS_RECORD_WINDOW (self)), room, &error) == 0)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
lys_room_editor_dispose (GObject *object)
{
  LysRoomEditor *self = LYS_ROOM_EDITOR (object);

  g_clear_pointer (&self->room, lys_room_free);

  G_OBJECT_CLASS (lys_room_editor_parent_class)->dispose (object);
}

static void
lys_room_editor_class_init (LysRoomEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_room_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-room-editor.ui");
  lys_record_window_class_bind_problem (widget_class, "error_label");
  gtk_widget_class_bind_template_child (widget_class, LysRoomEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, LysRoomEditor, headphones_switch);
  gtk_widget_class_bind_template_child (widget_class, LysRoomEditor, duvet_switch);
  gtk_widget_class_bind_template_child (widget_class, LysRoomEditor, light_switch);
  gtk_widget_class_bind_template_child (widget_class, LysRoomEditor, monitoring_switch);
  gtk_widget_class_bind_template_child (widget_class, LysRoomEditor, opens_row);
  gtk_widget_class_bind_template_child (widget_class, LysRoomEditor, closes_row);
  gtk_widget_class_bind_template_child (widget_class, LysRoomEditor, active_switch);

  gtk_widget_class_install_action (widget_class, "room.save", NULL, save_action);
  lys_record_window_class_bind_save (widget_class, "room.save");
}

static void
lys_room_editor_init (LysRoomEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lys_room_editor_new:
 * @room: (nullable): the room to change, or %NULL for a new one
 */
LysRoomEditor *
lys_room_editor_new (GtkWindow     *parent,
                     LysStore      *store,
                     const LysRoom *room)
{
  LysRoomEditor *self;
  g_autofree char *opens = NULL;
  g_autofree char *closes = NULL;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);

  self = g_object_new (LYS_TYPE_ROOM_EDITOR, "store", store, "transient-for", parent,
                       "title", room ? _("Edit Room") : _("New Room"), NULL);
  self->room = room ? lys_room_copy (room) : lys_room_new ();

  opens = lys_time_format_minute (self->room->opens);
  closes = lys_time_format_minute (self->room->closes);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->room->name ? self->room->name : "");
  gtk_switch_set_active (self->headphones_switch, self->room->headphones);
  gtk_switch_set_active (self->duvet_switch, self->room->duvet);
  gtk_switch_set_active (self->light_switch, self->room->dimmable_light);
  gtk_switch_set_active (self->monitoring_switch, self->room->monitoring);
  gtk_editable_set_text (GTK_EDITABLE (self->opens_row), opens);
  gtk_editable_set_text (GTK_EDITABLE (self->closes_row), closes);
  gtk_switch_set_active (self->active_switch, self->room->active);

  return self;
}
