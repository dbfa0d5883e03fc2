/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-schedule-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-appointment-row.h"
#include "lys-format.h"
#include "lys-schedule-page.h"

#define DAYS_AHEAD 14

/* The clinic's infusion bookings from today on, a group per day. Read afresh
 * each time the page comes on screen. */
struct _LysSchedulePage
{
  AdwBin parent_instance;

  LysStore *store;

  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkBox *days_box;
};

G_DEFINE_FINAL_TYPE (LysSchedulePage, lys_schedule_page, ADW_TYPE_BIN)

static void
reload (LysSchedulePage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GListModel) infusions = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesGroup *group = NULL;
  int current_day = -1;
  GtkWidget *child;
  guint n;

  if (self->store == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->days_box))) != NULL)
    gtk_box_remove (self->days_box, child);

  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  until = g_date_time_add_days (today, DAYS_AHEAD);
  infusions = lys_store_list_bookings (self->store, today, until, &error);

  if (infusions == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The Schedule Cannot Be Shown"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  n = g_list_model_get_n_items (infusions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LysAppointment) infusion = g_list_model_get_item (infusions, i);
      GDateTime *starts_at = lys_appointment_get_starts_at (infusion);
      const char *patient = lys_appointment_get_patient_name (infusion);

      if (g_date_time_get_day_of_year (starts_at) != current_day)
        {
          g_autofree char *day = lys_format_day (starts_at);

          current_day = g_date_time_get_day_of_year (starts_at);
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, day);
          gtk_box_append (self->days_box, GTK_WIDGET (group));
        }

      adw_preferences_group_add (group,
                                 GTK_WIDGET (lys_appointment_row_new (infusion, patient ? patient : "", FALSE)));
    }

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "days" : "empty");
}

static void
lys_schedule_page_dispose (GObject *object)
{
  LysSchedulePage *self = LYS_SCHEDULE_PAGE (object);

  /* AdwBin releases the template's child itself */
  g_clear_object (&self->store);

  G_OBJECT_CLASS (lys_schedule_page_parent_class)->dispose (object);
}

static void
lys_schedule_page_class_init (LysSchedulePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_schedule_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-schedule-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysSchedulePage, stack);
  gtk_widget_class_bind_template_child (widget_class, LysSchedulePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LysSchedulePage, days_box);
}

static void
lys_schedule_page_init (LysSchedulePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "map", G_CALLBACK (reload), NULL);
}

void
lys_schedule_page_set_store (LysSchedulePage *self,
                             LysStore        *store)
{
  g_return_if_fail (LYS_IS_SCHEDULE_PAGE (self));
  g_return_if_fail (store == NULL || LYS_IS_STORE (store));

  g_set_object (&self->store, store);
  reload (self);
}
