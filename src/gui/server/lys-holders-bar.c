/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-holders-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-holders-bar.h"
#include "lys-later.h"

/* On a clinic server, a window's record held open for writing here, and
 * who else has it open at another desk, said in a line under the window's
 * header; shown only while someone has. The record is let go of when the
 * bar goes with its window. */

struct _LysHoldersBar
{
  GtkWidget parent_instance;

  LysStore *store;
  LysHeld kind;
  gint64 id;

  GtkWidget *box;
  GtkLabel *label;
  guint look_id;        /* looks again while someone is shown */
};

/* A desk that failed let go of the record unheard: looked at again this
 * often while someone is shown */
#define LOOK_AGAIN_SECONDS 15

G_DEFINE_FINAL_TYPE (LysHoldersBar, lys_holders_bar, GTK_TYPE_WIDGET)

static void
update (LysHoldersBar *self)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  if (self->store == NULL)
    return;
  names = lys_store_dup_holders (self->store, self->kind, self->id);
  gtk_widget_set_visible (self->box, names[0] != NULL);
  if (names[0] == NULL)
    {
      g_clear_handle_id (&self->look_id, g_source_remove);
      return;
    }
  if (self->look_id == 0)
    lys_later (&self->look_id, G_PRIORITY_DEFAULT, LOOK_AGAIN_SECONDS * 1000, (LysLaterFunc) update, self);
  joined = g_strjoinv (", ", names);
  /* Translators: %s is one or more staff members' names */
  text = g_strdup_printf (_("Also open for writing at another workstation, by %s."), joined);
  gtk_label_set_label (self->label, text);
}

static void
on_holders_changed_cb (LysStore      *store,
                       guint          kind,
                       gint64         id,
                       LysHoldersBar *self)
{
  if (kind == self->kind && id == self->id)
    update (self);
}

static void
let_go (LysHoldersBar *self)
{
  g_clear_handle_id (&self->look_id, g_source_remove);
  if (self->store == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->store, self);
  lys_store_release_record (self->store, self->kind, self->id);
  g_clear_object (&self->store);
}

/**
 * lys_holders_bar_watch:
 *
 * @store: (nullable): %NULL to let go of the record watched
 *
 * Holds the record open for writing (lys_store_hold_record()) until the bar
 * goes or watches another, and shows who else has it open.
 */
void
lys_holders_bar_watch (LysHoldersBar *self,
                       LysStore      *store,
                       LysHeld        kind,
                       gint64         id)
{
  g_return_if_fail (LYS_IS_HOLDERS_BAR (self));
  g_return_if_fail (store == NULL || LYS_IS_STORE (store));

  if (self->store == store && self->kind == kind && self->id == id)
    return;
  let_go (self);
  gtk_widget_set_visible (self->box, FALSE);
  if (store == NULL)
    return;
  self->store = g_object_ref (store);
  self->kind = kind;
  self->id = id;
  lys_store_hold_record (store, kind, id);
  g_signal_connect (store, "holders-changed", G_CALLBACK (on_holders_changed_cb), self);
  g_signal_connect_swapped (store, "connection-changed", G_CALLBACK (update), self);
  update (self);
}

static void
lys_holders_bar_dispose (GObject *object)
{
  LysHoldersBar *self = LYS_HOLDERS_BAR (object);

  let_go (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LYS_TYPE_HOLDERS_BAR);

  G_OBJECT_CLASS (lys_holders_bar_parent_class)->dispose (object);
}

static void
lys_holders_bar_class_init (LysHoldersBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_holders_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-holders-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, LysHoldersBar, box);
  gtk_widget_class_bind_template_child (widget_class, LysHoldersBar, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lys_holders_bar_init (LysHoldersBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
