/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-cadss-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-cadss-window.h"

/* The dissociation rating of one infusion, item by item: digits and Tab.
 * Saved to the infusion's record, or replacing the rating saved before. */
struct _LysCadssWindow
{
  AdwWindow parent_instance;

  LysStore *store;
  gint64 infusion_id;
  GtkSpinButton *spins[LYS_CADSS_ITEMS];

  AdwPreferencesGroup *items_group;
  GtkLabel *total_label;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (LysCadssWindow, lys_cadss_window, ADW_TYPE_WINDOW)

static void
read_answers (LysCadssWindow *self,
              guint           answers[LYS_CADSS_ITEMS])
{
  for (guint i = 0; i < LYS_CADSS_ITEMS; i++)
    answers[i] = (guint) gtk_spin_button_get_value_as_int (self->spins[i]);
}

static void
update_total (LysCadssWindow *self)
{
  guint answers[LYS_CADSS_ITEMS];
  g_autofree char *text = NULL;
  guint total = 0;

  read_answers (self, answers);
  lys_scale_total (LYS_SCALE_CADSS, answers, LYS_CADSS_ITEMS, &total, NULL);
  /* Translators: the CADSS total, e.g. "Total 8 of 92" */
  text = g_strdup_printf (_("Total %u of %u"), total, lys_scale_get_total_max (LYS_SCALE_CADSS));
  gtk_label_set_label (self->total_label, text);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysCadssWindow *self = LYS_CADSS_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  guint answers[LYS_CADSS_ITEMS];

  /* A value typed but not yet taken by its spin button counts */
  for (guint i = 0; i < LYS_CADSS_ITEMS; i++)
    gtk_spin_button_update (self->spins[i]);
  read_answers (self, answers);
  if (!lys_store_save_cadss (self->store, self->infusion_id, answers, &error))
    {
      lys_alert_inline (self->error_label, error->message);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
lys_cadss_window_dispose (GObject *object)
{
  LysCadssWindow *self = LYS_CADSS_WINDOW (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (lys_cadss_window_parent_class)->dispose (object);
}

static void
lys_cadss_window_class_init (LysCadssWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_cadss_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-cadss-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysCadssWindow, items_group);
  gtk_widget_class_bind_template_child (widget_class, LysCadssWindow, total_label);
  gtk_widget_class_bind_template_child (widget_class, LysCadssWindow, error_label);

  gtk_widget_class_install_action (widget_class, "cadss.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "cadss.save", NULL);
}

static void
lys_cadss_window_init (LysCadssWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < LYS_CADSS_ITEMS; i++)
    {
      /* Translators: an item of a rating scale, by its number on the form */
      g_autofree char *title = g_strdup_printf (_("Item %u"), i + 1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, lys_scale_get_item_max (LYS_SCALE_CADSS), 1);

      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (update_total), self);
      adw_preferences_group_add (self->items_group, row);
      self->spins[i] = GTK_SPIN_BUTTON (spin);
    }
}

LysCadssWindow *
lys_cadss_window_new (GtkWindow         *parent,
                      LysStore          *store,
                      const LysInfusion *infusion)
{
  LysCadssWindow *self;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (infusion != NULL, NULL);

  self = g_object_new (LYS_TYPE_CADSS_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->infusion_id = infusion->id;
  for (guint i = 0; infusion->has_cadss && i < LYS_CADSS_ITEMS; i++)
    gtk_spin_button_set_value (self->spins[i], infusion->cadss[i]);
  update_total (self);
  return self;
}
