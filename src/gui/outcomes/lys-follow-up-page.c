/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-follow-up-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-follow-up-page.h"
#include "lys-format.h"
#include "lys-item.h"
#include "lys-later.h"
#include "lys-rows.h"

/* The clinic's follow-up due list: every MADRS due now or in the next 30
 * days, the overdue at the top. A row opens the patient's Outcomes area
 * with the rating ready ("open" signal). Names and dates only. */
struct _LysFollowUpPage
{
  AdwBin parent_instance;

  LysStore *store;
  GListStore *due;          /* LysItem of LysFollowUp, as the rows */
  GDate today;              /* the day the list was read for */
  gulong patient_id;
  gulong bookings_id;
  guint n_overdue;
  guint refresh_id;         /* the first list, once the window is drawn */

  GtkStack *stack;
  AdwPreferencesGroup *group;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (LysFollowUpPage, lys_follow_up_page, ADW_TYPE_BIN)

enum { OPEN, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_N_OVERDUE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  LysFollowUpPage *self = data;
  LysFollowUp *follow_up = lys_item_get_record (item);
  g_autofree char *due = lys_format_gdate (&follow_up->due);
  /* Translators: a row of the due list, e.g. "3 Months · due 13 May 2026" */
  g_autofree char *subtitle = g_strdup_printf (_("%1$s · due %2$s"), lys_follow_up_point_get_label (follow_up->point), due);
  const char *style = NULL;
  g_autofree char *state = lys_format_due_state (follow_up->state, &follow_up->due, &self->today, &style);
  GtkWidget *row = lys_rows_new (follow_up->patient_name, subtitle);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), lys_rows_new_tag (state, style));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static void
refresh (LysFollowUpPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *description = NULL;
  GPtrArray *due;
  guint overdue_before = self->n_overdue;
  GDate shown = self->today;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->n_overdue = 0;
  if (self->store == NULL)
    {
      g_list_store_remove_all (self->due);
      if (overdue_before != 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OVERDUE]);
      return;
    }

  now = lys_store_dup_now (self->store);
  g_date_clear (&self->today, 1);
  g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  due = lys_store_list_follow_ups (self->store, 0, &self->today, LYS_FOLLOW_UP_HORIZON_DAYS, &error);
  if (due == NULL)
    {
      g_warning ("The follow-up list cannot be read: %s", error->message);
      g_list_store_remove_all (self->due);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  for (guint i = 0; i < due->len; i++)
    self->n_overdue += ((LysFollowUp *) g_ptr_array_index (due, i))->state == LYS_DUE_OVERDUE;
  /* A row says how far off its date is: all of them anew on another day;
   * on the same day, only what changed (another desk took a rating) */
  if (g_date_valid (&shown) && g_date_compare (&shown, &self->today) == 0)
    lys_item_store_update (self->due, due, (GDestroyNotify) lys_follow_up_free, lys_follow_up_same);
  else
    lys_item_store_replace (self->due, due, (GDestroyNotify) lys_follow_up_free);

  description = g_strdup_printf (ngettext ("%u overdue. Open a row to take the rating.",
                                           "%u overdue. Open a row to take the rating.", self->n_overdue),
                                 self->n_overdue);
  adw_preferences_group_set_description (self->group, description);
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (G_LIST_MODEL (self->due)) > 0 ? "list" : "empty");
  if (self->n_overdue != overdue_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OVERDUE]);
}

static void
on_row_activated_cb (LysFollowUpPage *self,
                     GtkListBoxRow   *row)
{
  LysFollowUp *follow_up = lys_item_record_of_row (G_LIST_MODEL (self->due), row);

  if (follow_up == NULL)
    return;
  g_signal_emit (self, signals[OPEN], 0, follow_up->patient_id, (guint) follow_up->point);
}

static void
lys_follow_up_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lys_follow_up_page_parent_class)->map (widget);
  /* Today's list whenever it is shown */
  refresh (LYS_FOLLOW_UP_PAGE (widget));
}

static void
lys_follow_up_page_dispose (GObject *object)
{
  LysFollowUpPage *self = LYS_FOLLOW_UP_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_signal_handler (&self->patient_id, self->store);
  g_clear_signal_handler (&self->bookings_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->due);

  G_OBJECT_CLASS (lys_follow_up_page_parent_class)->dispose (object);
}

static void
lys_follow_up_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LysFollowUpPage *self = LYS_FOLLOW_UP_PAGE (object);

  switch (prop_id)
    {
    case PROP_N_OVERDUE:
      g_value_set_uint (value, self->n_overdue);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lys_follow_up_page_class_init (LysFollowUpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_follow_up_page_dispose;
  object_class->get_property = lys_follow_up_page_get_property;
  widget_class->map = lys_follow_up_page_map;

  /**
   * LysFollowUpPage:n-overdue:
   *
   * How many ratings of the list are overdue
   */
  properties[PROP_N_OVERDUE] = g_param_spec_uint ("n-overdue", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LysFollowUpPage::open:
   * @patient_id: the patient
   * @point: the LysFollowUpPoint due
   */
  signals[OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-follow-up-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysFollowUpPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LysFollowUpPage, group);
  gtk_widget_class_bind_template_child (widget_class, LysFollowUpPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
lys_follow_up_page_init (LysFollowUpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->today, 1);
  self->due = g_list_store_new (LYS_TYPE_ITEM);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->due), create_row, self, NULL);
}

static void
on_store_changed_cb (LysFollowUpPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

void
lys_follow_up_page_set_store (LysFollowUpPage *self,
                              LysStore        *store)
{
  g_return_if_fail (LYS_IS_FOLLOW_UP_PAGE (self));

  g_clear_signal_handler (&self->patient_id, self->store);
  g_clear_signal_handler (&self->bookings_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      self->patient_id = g_signal_connect_swapped (store, "patient-changed", G_CALLBACK (on_store_changed_cb), self);
      self->bookings_id = g_signal_connect_swapped (store, "bookings-changed", G_CALLBACK (on_store_changed_cb), self);
    }
  /* Read once the window is on the screen, not before its first frame */
  lys_later (&self->refresh_id, G_PRIORITY_LOW, 0, (LysLaterFunc) refresh, self);
}

/* How many of them are overdue */
guint
lys_follow_up_page_get_n_overdue (LysFollowUpPage *self)
{
  g_return_val_if_fail (LYS_IS_FOLLOW_UP_PAGE (self), 0);
  return self->n_overdue;
}
