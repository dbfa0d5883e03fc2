/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-plan-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-format.h"
#include "lys-plan-window.h"
#include "lys-rows.h"
#include "lys-time.h"

#define N_WEEKDAYS 7

/* The induction plan: the coordinator states the patient's preferred days
 * and times, sees the infusions the planner proposes, and books them all at
 * once. Also fills in a series after a missed or cancelled infusion. */
struct _LysPlanWindow
{
  LysRecordWindow parent_instance;

  LysPatient *patient;
  LysPlan *plan;
  GHashTable *names;              /* room and staff ids -> names */

  AdwWindowTitle *window_title;
  AdwPreferencesGroup *wishes_group;
  AdwEntryRow *first_day_row;
  GtkBox *weekdays_box;
  GtkSwitch *headphones_switch;
  GtkSwitch *duvet_switch;
  GtkSwitch *light_switch;
  gboolean showing_needs;     /* the switches set from the store, not by the user */
  GtkToggleButton *weekday_buttons[N_WEEKDAYS];
  AdwComboRow *time_row;
  AdwPreferencesGroup *result_group;
  GtkListBox *slots_list;
  GListStore *slots;            /* owned by slots_list */
  GtkButton *book_button;
};

G_DEFINE_FINAL_TYPE (LysPlanWindow, lys_plan_window, LYS_TYPE_RECORD_WINDOW)

static const char *
name_of (LysPlanWindow *self,
         const char    *kind,
         gint64         id)
{
  g_autofree char *key = g_strdup_printf ("%s-%" G_GINT64_FORMAT, kind, id);
  const char *name = g_hash_table_lookup (self->names, key);

  return name != NULL ? name : "";
}

static void
remember_names (LysPlanWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GPtrArray) rooms = lys_store_list_rooms (store, FALSE, NULL);
  g_autoptr(GPtrArray) staff = lys_store_list_staff (store, LYS_N_ROLES, NULL);

  for (guint i = 0; rooms != NULL && i < rooms->len; i++)
    {
      LysRoom *room = rooms->pdata[i];

      g_hash_table_insert (self->names, g_strdup_printf ("room-%" G_GINT64_FORMAT, room->id),
                           g_strdup (room->name));
    }
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      LysStaffMember *member = staff->pdata[i];

      g_hash_table_insert (self->names, g_strdup_printf ("staff-%" G_GINT64_FORMAT, member->id),
                           g_strdup (member->name));
    }
}

static guint
chosen_weekdays (LysPlanWindow *self)
{
  guint weekdays = 0;

  for (guint i = 0; i < N_WEEKDAYS; i++)
    if (gtk_toggle_button_get_active (self->weekday_buttons[i]))
      weekdays |= 1u << i;
  return weekdays;
}

static void
clear_slots (LysPlanWindow *self)
{
  g_list_store_remove_all (self->slots);
  g_clear_pointer (&self->plan, lys_plan_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self->book_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), FALSE);
}

static void
show_plan (LysPlanWindow *self)
{
  g_autofree char *book = NULL;
  GPtrArray *slots = self->plan->slots;

  for (guint i = 0; i < slots->len; i++)
    {
      LysPlanSlot *slot = slots->pdata[i];
      g_autofree char *day = lys_format_day (slot->starts_at);
      g_autofree char *span = lys_format_time_span (slot->starts_at, slot->ends_at);
      /* Translators: a day and a time span, e.g. "Monday 2 March, 08:00–09:55" */
      g_autofree char *title = g_strdup_printf (_("%s, %s"), day, span);
      /* Translators: room, who gives the drug, the psychologist */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %s"), name_of (self, "room", slot->room_id),
                                                   name_of (self, "staff", slot->drug_id),
                                                   name_of (self, "staff", slot->psychologist_id));

      lys_rows_append_text (self->slots, title, subtitle, NULL);
    }

  if (self->plan->preferences_kept && self->plan->same_team)
    adw_preferences_group_set_description (self->result_group,
                                           _("On the preferred days and times, with one room and one psychologist throughout."));
  else if (self->plan->preferences_kept)
    adw_preferences_group_set_description (self->result_group,
                                           _("On the preferred days and times. No single room and psychologist were free for all of them."));
  else
    adw_preferences_group_set_description (self->result_group,
                                           _("The preferred days and times could not hold the series within the course rules, so other days are proposed."));

  book = g_strdup_printf (ngettext ("_Book %u Infusion", "_Book %u Infusions", slots->len), slots->len);
  gtk_button_set_label (self->book_button, book);
  gtk_widget_set_sensitive (GTK_WIDGET (self->book_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
}

static void
propose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LysPlanWindow *self = LYS_PLAN_WINDOW (widget);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GDateTime) earliest = NULL;
  g_autoptr(GError) error = NULL;

  clear_slots (self);
  earliest = lys_time_parse_day_and_time (gtk_editable_get_text (GTK_EDITABLE (self->first_day_row)), "00:00",
                                          &error);
  if (earliest != NULL)
    self->plan = lys_store_propose_induction_plan (store, lys_patient_get_id (self->patient), earliest,
                                                   chosen_weekdays (self),
                                                   adw_combo_row_get_selected (self->time_row), &error);
  if (self->plan == NULL)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }

  lys_record_window_show_problem (LYS_RECORD_WINDOW (self), NULL);
  show_plan (self);
}

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysPlanWindow *self = LYS_PLAN_WINDOW (widget);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n;

  if (self->plan == NULL)
    return;

  n = self->plan->slots->len;
  if (!lys_store_book_induction_plan (store, lys_patient_get_id (self->patient), self->plan, &error))
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }

  message = g_strdup_printf (ngettext ("%u infusion booked", "%u infusions booked", n), n);
  lys_record_window_finish (LYS_RECORD_WINDOW (self), message);
}

static LysAmenities
chosen_needs (LysPlanWindow *self)
{
  return (gtk_switch_get_active (self->headphones_switch) ? LYS_AMENITY_HEADPHONES : 0) |
         (gtk_switch_get_active (self->duvet_switch) ? LYS_AMENITY_DUVET : 0) |
         (gtk_switch_get_active (self->light_switch) ? LYS_AMENITY_DIMMABLE_LIGHT : 0);
}

static void
show_needs (LysPlanWindow *self,
            LysAmenities   needs)
{
  self->showing_needs = TRUE;
  gtk_switch_set_active (self->headphones_switch, (needs & LYS_AMENITY_HEADPHONES) != 0);
  gtk_switch_set_active (self->duvet_switch, (needs & LYS_AMENITY_DUVET) != 0);
  gtk_switch_set_active (self->light_switch, (needs & LYS_AMENITY_DIMMABLE_LIGHT) != 0);
  self->showing_needs = FALSE;
}

/* Saved with the course at once; the plan follows */
static void
on_need_toggled_cb (LysPlanWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;

  if (self->showing_needs)
    return;
  if (!lys_store_set_room_needs (store, lys_patient_get_id (self->patient), chosen_needs (self), &error))
    {
      LysAmenities kept = 0;

      lys_store_get_room_needs (store, lys_patient_get_id (self->patient), &kept, NULL);
      show_needs (self, kept);
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "plan.propose", NULL);
}

static void
on_first_day_activated_cb (LysPlanWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "plan.propose", NULL);
}

static void
lys_plan_window_dispose (GObject *object)
{
  LysPlanWindow *self = LYS_PLAN_WINDOW (object);

  g_clear_object (&self->patient);
  g_clear_pointer (&self->plan, lys_plan_free);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (lys_plan_window_parent_class)->dispose (object);
}

static void
lys_plan_window_class_init (LysPlanWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_plan_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-plan-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, wishes_group);
  lys_record_window_class_bind_problem (widget_class, "error_label");
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, first_day_row);
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, weekdays_box);
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, headphones_switch);
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, duvet_switch);
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, light_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_need_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, time_row);
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, result_group);
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, slots_list);
  gtk_widget_class_bind_template_child (widget_class, LysPlanWindow, book_button);

  gtk_widget_class_bind_template_callback (widget_class, on_first_day_activated_cb);

  gtk_widget_class_install_action (widget_class, "plan.propose", NULL, propose_action);
  gtk_widget_class_install_action (widget_class, "plan.book", NULL, book_action);
}

static void
lys_plan_window_init (LysPlanWindow *self)
{
  /* 2 September 2030 is a Monday: its week names the weekday buttons */
  g_autoptr(GDateTime) monday = g_date_time_new_local (2030, 9, 2, 12, 0, 0);
  g_autoptr(GtkStringList) parts = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->slots = lys_rows_bind_texts (self->slots_list);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < N_WEEKDAYS; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (monday, (int) i);
      g_autofree char *abbreviation = lys_time_format (day, "%a");
      g_autofree char *full = lys_time_format (day, "%A");
      GtkWidget *button = gtk_toggle_button_new_with_label (abbreviation);

      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, full, -1);
      gtk_widget_set_tooltip_text (button, full);
      gtk_box_append (self->weekdays_box, button);
      self->weekday_buttons[i] = GTK_TOGGLE_BUTTON (button);
    }

  for (guint i = 0; i < LYS_N_DAY_PARTS; i++)
    gtk_string_list_append (parts, lys_day_part_get_label (i));
  adw_combo_row_set_model (self->time_row, G_LIST_MODEL (parts));
}

LysPlanWindow *
lys_plan_window_new (GtkWindow  *parent,
                     LysStore   *store,
                     LysPatient *patient)
{
  LysPlanWindow *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *first_day = g_date_time_format (tomorrow, "%d.%m.%Y");
  g_autofree char *name = NULL;
  g_autofree char *rules = NULL;
  guint weekdays = LYS_WEEKDAYS_WORKING;
  LysDayPart part = LYS_DAY_PART_ANY;
  LysAmenities needs = 0;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (LYS_IS_PATIENT (patient), NULL);

  self = g_object_new (LYS_TYPE_PLAN_WINDOW, "store", store, "transient-for", parent, NULL);
  self->patient = g_object_ref (patient);
  name = lys_patient_dup_display_name (patient);
  adw_window_title_set_subtitle (self->window_title, name);
  remember_names (self);
  /* Translators: %1$u hours, %2$u infusions, %3$u days: the clinic's course rules */
  rules = g_strdup_printf (_("The plan keeps the course rules: at least %1$u hours between infusions, at most %2$u a calendar week, all within %3$u days, on open days with a free room, a physician or nurse and a certified psychologist."),
                           (guint) lys_store_get_setting (store, LYS_SETTING_COURSE_MIN_HOURS),
                           (guint) lys_store_get_setting (store, LYS_SETTING_COURSE_MAX_PER_WEEK),
                           (guint) lys_store_get_setting (store, LYS_SETTING_COURSE_DAYS));
  adw_preferences_group_set_description (self->wishes_group, rules);

  lys_store_get_course_preferences (store, lys_patient_get_id (patient), &weekdays, &part, NULL);
  for (guint i = 0; i < N_WEEKDAYS; i++)
    gtk_toggle_button_set_active (self->weekday_buttons[i], (weekdays & (1u << i)) != 0);
  adw_combo_row_set_selected (self->time_row, part);
  if (lys_store_get_room_needs (store, lys_patient_get_id (patient), &needs, NULL))
    show_needs (self, needs);
  gtk_editable_set_text (GTK_EDITABLE (self->first_day_row), first_day);

  gtk_widget_activate_action (GTK_WIDGET (self), "plan.propose", NULL);
  return self;
}
