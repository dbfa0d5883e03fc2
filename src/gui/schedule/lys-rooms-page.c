/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-rooms-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-form.h"
#include "lys-item.h"
#include "lys-room-editor.h"
#include "lys-rooms-page.h"
#include "lys-rows.h"
#include "lys-time.h"

/* The preferences page for what bookings depend on: the rooms, the days the
 * clinic is closed besides weekends and public holidays, and the days staff
 * are away. Follows the store's changes. */
struct _LysRoomsPage
{
  AdwPreferencesPage parent_instance;

  LysStore *store;
  gulong changed_id;
  GListStore *rooms;             /* LysItem of LysRoom, as the rows show them */
  GListStore *closures;          /* LysItem of LysDayRange */
  GListStore *absences;          /* the same, each a staff member's */
  GPtrArray *staff;              /* LysStaffMember for the absence form */

  AdwPreferencesGroup *rooms_group;
  AdwPreferencesGroup *closures_group;
  AdwPreferencesGroup *absences_group;
  GtkListBox *rooms_list;
  GtkListBox *closures_list;
  GtkListBox *absences_list;
};

G_DEFINE_FINAL_TYPE (LysRoomsPage, lys_rooms_page, ADW_TYPE_PREFERENCES_PAGE)

/* A form in a message dialog: first day, last day, reason, and for an
 * absence the staff member */
typedef struct
{
  LysRoomsPage *page;
  GtkEntry *first;
  GtkEntry *last;
  GtkEntry *reason;
  GtkDropDown *staff;   /* absences only */
} DaysForm;

/* The form goes with the dialog's answer */
static void
days_form_free (gpointer  form,
                GClosure *closure)
{
  g_free (form);
}

static GtkWindow *
parent_window (LysRoomsPage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static char *
format_days (const LysDayRange *range)
{
  g_autofree char *first = lys_time_format_date (range->first);
  g_autofree char *last = lys_time_format_date (range->last);

  if (g_strcmp0 (range->first, range->last) == 0)
    return g_steal_pointer (&first);
  /* Translators: a span of days, e.g. "1 July 2027 – 31 July 2027" */
  return g_strdup_printf (_("%s – %s"), first, last);
}

static void
on_room_activated_cb (GtkListBox    *list,
                      GtkListBoxRow *row,
                      LysRoomsPage  *self)
{
  LysRoom *room = lys_item_record_of_row (G_LIST_MODEL (self->rooms), row);

  if (room != NULL)
    gtk_window_present (GTK_WINDOW (lys_room_editor_new (parent_window (self), self->store, room)));
}

static void
remove_range (LysRoomsPage *self,
              gint64        id,
              gboolean      absence)
{
  g_autoptr(GError) error = NULL;

  if (!lys_store_remove_day_range (self->store, id, absence, &error))
    lys_alert (GTK_WIDGET (self), _("Nothing Was Removed"), error->message);
}

static void
remove_closure_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  remove_range (LYS_ROOMS_PAGE (widget), g_variant_get_int64 (parameter), FALSE);
}

static void
remove_absence_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  remove_range (LYS_ROOMS_PAGE (widget), g_variant_get_int64 (parameter), TRUE);
}

/* A row for a closure or an absence, with a button that removes it */
static GtkWidget *
create_range_row (const LysDayRange *range,
                  gboolean           absence)
{
  g_autofree char *days = format_days (range);
  g_autofree char *remove_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), absence ? range->staff_name : days);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), absence ? days : range->reason);
  /* Translators: %s is a day or span of days */
  remove_label = g_strdup_printf (_("Remove %s"), days);
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), absence ? "rooms.remove-absence" : "rooms.remove-closure");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", range->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static GtkWidget *
create_closure_row (gpointer item,
                    gpointer data)
{
  return create_range_row (lys_item_get_record (item), FALSE);
}

static GtkWidget *
create_absence_row (gpointer item,
                    gpointer data)
{
  return create_range_row (lys_item_get_record (item), TRUE);
}

static GtkWidget *
create_room_row (gpointer item,
                 gpointer data)
{
  LysRoom *room = lys_item_get_record (item);
  g_autofree char *amenities = lys_room_describe_amenities (room);
  g_autofree char *opens = lys_time_format_minute (room->opens);
  g_autofree char *closes = lys_time_format_minute (room->closes);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (room->active)
    /* Translators: amenities, then opening hours, e.g. "Duvet · 08:00–16:00" */
    subtitle = g_strdup_printf (_("%s · %s–%s"), amenities, opens, closes);
  else
    subtitle = g_strdup_printf (_("%s · Not in use"), amenities);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), room->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static void
reload (LysRoomsPage *self)
{
  g_autoptr(GPtrArray) rooms = NULL;
  g_autoptr(GPtrArray) closures = NULL;
  g_autoptr(GPtrArray) absences = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  rooms = lys_store_list_rooms (self->store, TRUE, &error);
  closures = rooms ? lys_store_list_closures (self->store, &error) : NULL;
  absences = closures ? lys_store_list_staff_absences (self->store, &error) : NULL;
  if (absences == NULL)
    gtk_list_box_set_placeholder (self->rooms_list, lys_rows_new_placeholder (error->message));
  lys_item_store_replace (self->rooms, g_steal_pointer (&rooms), (GDestroyNotify) lys_room_free);
  lys_item_store_replace (self->closures, g_steal_pointer (&closures), (GDestroyNotify) lys_day_range_free);
  lys_item_store_replace (self->absences, g_steal_pointer (&absences), (GDestroyNotify) lys_day_range_free);
}

static void
add_room_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LysRoomsPage *self = LYS_ROOMS_PAGE (widget);

  gtk_window_present (GTK_WINDOW (lys_room_editor_new (parent_window (self), self->store, NULL)));
}

static void
on_days_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DaysForm         *form)
{
  LysRoomsPage *self = form->page;
  g_autoptr(GError) error = NULL;
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (form->reason));
  GDate first, last;
  gboolean ok;

  if (!g_str_equal (response, "add"))
    return;

  if (!lys_time_parse_date (gtk_editable_get_text (GTK_EDITABLE (form->first)), &first) ||
      !lys_time_parse_date (gtk_editable_get_text (GTK_EDITABLE (form->last)), &last))
    {
      lys_alert (GTK_WIDGET (self), _("Nothing Was Added"), _("The date is not valid: write it like 23.11.2026."));
      return;
    }

  if (form->staff != NULL)
    {
      guint selected = gtk_drop_down_get_selected (form->staff);
      LysStaffMember *member = selected < self->staff->len ? self->staff->pdata[selected] : NULL;

      ok = member != NULL &&
           lys_store_add_staff_absence (self->store, member->id, &first, &last, *reason ? reason : NULL, &error);
    }
  else
    ok = lys_store_add_closure (self->store, &first, &last, reason, &error);

  if (!ok)
    lys_alert (GTK_WIDGET (self), _("Nothing Was Added"), error ? error->message : _("Choose a staff member."));
}

static void
open_days_form (LysRoomsPage *self,
                gboolean      absence)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d.%m.%Y");
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  DaysForm *form = g_new0 (DaysForm, 1);

  form->page = self;
  if (absence)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      /* Everyone who can be booked: not the coordinators */
      g_clear_pointer (&self->staff, g_ptr_array_unref);
      self->staff = lys_store_list_staff (self->store, LYS_N_ROLES, NULL);
      if (self->staff == NULL)
        self->staff = g_ptr_array_new ();
      for (guint i = self->staff->len; i > 0; i--)
        if (((LysStaffMember *) self->staff->pdata[i - 1])->role == LYS_ROLE_COORDINATOR)
          g_ptr_array_remove_index (self->staff, i - 1);
      for (guint i = 0; i < self->staff->len; i++)
        gtk_string_list_append (names, ((LysStaffMember *) self->staff->pdata[i])->name);
      form->staff = GTK_DROP_DOWN (lys_form_add_field (box, _("_Staff member"),
                                                       gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL)));
    }
  form->first = lys_form_add_entry (box, _("_First day (dd.mm.yyyy)"), today);
  form->last = lys_form_add_entry (box, _("_Last day (dd.mm.yyyy)"), today);
  form->reason = lys_form_add_entry (box, absence ? _("_Reason (optional)") : _("_Reason"), "");

  dialog = lys_alert_new_dialog (GTK_WIDGET (self),
                                 absence ? _("Add an Absence") : _("Add a Closure"),
                                 absence ? _("Nothing is booked for the staff member on these days.")
                                         : _("The clinic takes no bookings on these days."));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_days_response_cb), form, days_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_closure_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_days_form (LYS_ROOMS_PAGE (widget), FALSE);
}

static void
add_absence_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_days_form (LYS_ROOMS_PAGE (widget), TRUE);
}

static void
lys_rooms_page_dispose (GObject *object)
{
  LysRoomsPage *self = LYS_ROOMS_PAGE (object);

  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->rooms);
  g_clear_object (&self->closures);
  g_clear_object (&self->absences);
  g_clear_pointer (&self->staff, g_ptr_array_unref);

  G_OBJECT_CLASS (lys_rooms_page_parent_class)->dispose (object);
}

static void
lys_rooms_page_class_init (LysRoomsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_rooms_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-rooms-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysRoomsPage, rooms_group);
  gtk_widget_class_bind_template_child (widget_class, LysRoomsPage, closures_group);
  gtk_widget_class_bind_template_child (widget_class, LysRoomsPage, absences_group);
  gtk_widget_class_bind_template_child (widget_class, LysRoomsPage, rooms_list);
  gtk_widget_class_bind_template_child (widget_class, LysRoomsPage, closures_list);
  gtk_widget_class_bind_template_child (widget_class, LysRoomsPage, absences_list);
  gtk_widget_class_bind_template_callback (widget_class, on_room_activated_cb);

  gtk_widget_class_install_action (widget_class, "rooms.add-room", NULL, add_room_action);
  gtk_widget_class_install_action (widget_class, "rooms.add-closure", NULL, add_closure_action);
  gtk_widget_class_install_action (widget_class, "rooms.add-absence", NULL, add_absence_action);
  gtk_widget_class_install_action (widget_class, "rooms.remove-closure", "x", remove_closure_action);
  gtk_widget_class_install_action (widget_class, "rooms.remove-absence", "x", remove_absence_action);
}

static void
lys_rooms_page_init (LysRoomsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rooms = g_list_store_new (LYS_TYPE_ITEM);
  self->closures = g_list_store_new (LYS_TYPE_ITEM);
  self->absences = g_list_store_new (LYS_TYPE_ITEM);
  gtk_list_box_bind_model (self->rooms_list, G_LIST_MODEL (self->rooms), create_room_row, self, NULL);
  gtk_list_box_bind_model (self->closures_list, G_LIST_MODEL (self->closures), create_closure_row, self, NULL);
  gtk_list_box_bind_model (self->absences_list, G_LIST_MODEL (self->absences), create_absence_row, self, NULL);
  gtk_list_box_set_placeholder (self->closures_list, lys_rows_new_placeholder (_("No closures ahead")));
  gtk_list_box_set_placeholder (self->absences_list, lys_rows_new_placeholder (_("No absences ahead")));
}

void
lys_rooms_page_set_store (LysRoomsPage *self,
                          LysStore     *store)
{
  g_return_if_fail (LYS_IS_ROOMS_PAGE (self));

  g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->changed_id = g_signal_connect_swapped (store, "bookings-changed", G_CALLBACK (reload), self);
  reload (self);
}
