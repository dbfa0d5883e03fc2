/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-staff-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-rows.h"
#include "lys-staff-page.h"

/* The clinic's staff with their roles, set by the clinic lead: a refused
 * change says why in a toast, and the row goes back to what is stored. */
struct _LysStaffPage
{
  AdwPreferencesPage parent_instance;

  LysStore *store;
  GPtrArray *staff;           /* LysStaffMember, as the rows */
  gboolean loading;
  guint refresh_source;

  GtkListBox *staff_list;
};

G_DEFINE_FINAL_TYPE (LysStaffPage, lys_staff_page, ADW_TYPE_PREFERENCES_PAGE)

static void refresh (LysStaffPage *self);

static gboolean
refresh_cb (gpointer data)
{
  LysStaffPage *self = data;

  self->refresh_source = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
toast (LysStaffPage *self,
       const char   *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static void
on_role_changed_cb (AdwComboRow  *row,
                    GParamSpec   *pspec,
                    LysStaffPage *self)
{
  LysStaffMember *member = g_object_get_data (G_OBJECT (row), "lys-member");
  g_autoptr(GError) error = NULL;

  if (self->loading || member == NULL)
    return;
  if (!lys_store_set_staff_role (self->store, member->id, adw_combo_row_get_selected (row), &error))
    toast (self, error->message);
  /* What is stored, either way: once this row's signal is over */
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add (refresh_cb, self);
}

static void
refresh (LysStaffPage *self)
{
  g_autoptr(GError) error = NULL;

  self->loading = TRUE;
  lys_rows_clear (self->staff_list);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  self->staff = self->store ? lys_store_list_staff (self->store, LYS_N_ROLES, &error) : NULL;
  for (guint i = 0; self->staff != NULL && i < self->staff->len; i++)
    {
      LysStaffMember *member = g_ptr_array_index (self->staff, i);
      g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
      GtkWidget *row = adw_combo_row_new ();
      GString *subtitle = g_string_new (NULL);

      for (guint r = 0; r < LYS_N_ROLES; r++)
        gtk_string_list_append (roles, lys_role_get_label (r));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (roles));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), member->role);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), member->name);
      if (member->lead)
        g_string_append (subtitle, _("Clinic lead"));
      if (member->id == lys_store_get_current_staff_id (self->store))
        g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", _("You"));
      if (member->kap_certified)
        g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", _("KAP-certified"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      g_string_free (subtitle, TRUE);
      g_object_set_data (G_OBJECT (row), "lys-member", member);
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_role_changed_cb), self);
      gtk_list_box_append (self->staff_list, row);
    }
  self->loading = FALSE;
}

static void
lys_staff_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lys_staff_page_parent_class)->map (widget);
  refresh (LYS_STAFF_PAGE (widget));
}

static void
lys_staff_page_dispose (GObject *object)
{
  LysStaffPage *self = LYS_STAFF_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_object (&self->store);
  g_clear_pointer (&self->staff, g_ptr_array_unref);

  G_OBJECT_CLASS (lys_staff_page_parent_class)->dispose (object);
}

static void
lys_staff_page_class_init (LysStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_staff_page_dispose;
  widget_class->map = lys_staff_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-staff-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysStaffPage, staff_list);
}

static void
lys_staff_page_init (LysStaffPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
lys_staff_page_set_store (LysStaffPage *self,
                          LysStore     *store)
{
  g_return_if_fail (LYS_IS_STAFF_PAGE (self));

  g_set_object (&self->store, store);
  refresh (self);
}
