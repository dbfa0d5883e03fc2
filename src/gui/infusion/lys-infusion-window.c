/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-infusion-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-rating-window.h"
#include "lys-error.h"
#include "lys-form.h"
#include "lys-format.h"
#include "lys-infusion-window.h"
#include "lys-rows.h"
#include "lys-text.h"
#include "lys-time.h"

/* The bedside screen of one infusion: the dose, shown large; the vitals
 * flowsheet with the next due time; alerts that stay until acknowledged;
 * what happens during and after; the discharge. There is no Save: every
 * field goes to the store as it is entered (text after a pause in typing),
 * and the window shows the record as the store has it after each change.
 * Refusals are shown in a dialog, so that none goes unnoticed. */

#define TEXT_SAVE_DELAY_MS 600

struct _LysInfusionWindow
{
  AdwWindow parent_instance;

  LysStore *store;
  gint64 infusion_id;
  LysInfusion *infusion;
  GPtrArray *staff;             /* LysStaffMember */
  GPtrArray *givers;            /* borrowed from staff, in the row's order */
  GPtrArray *psychologists;
  gboolean updating;            /* widgets are being set from the record */
  guint tick_id;
  guint lot_save_id;
  guint observations_save_id;

  GtkEntry *systolic_entry;
  GtkEntry *diastolic_entry;
  GtkEntry *pulse_entry;
  GtkEntry *spo2_entry;
  GtkEntry *time_entry;
  GtkEntry *time_reason_entry;
  GtkCheckButton *checks[LYS_N_DISCHARGE_CHECKS];

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  LysPatient *patient;          /* whose record, for the title */
  GtkRevealer *alert_revealer;
  GtkLabel *alert_label;
  GtkLabel *error_label;
  GtkLabel *dose_label;
  GtkLabel *rate_label;
  GtkLabel *basis_label;
  GtkLabel *status_label;
  GtkLabel *clock_label;
  GtkLabel *staff_label;
  GtkWidget *start_button;
  GtkWidget *end_button;
  GtkWidget *resume_button;
  GtkWidget *running_box;
  GtkWidget *pause_button;
  GtkWidget *stop_button;
  AdwPreferencesGroup *dose_group;
  GtkSpinButton *weight_spin;
  GtkSpinButton *rate_spin;
  GtkSpinButton *minutes_spin;
  AdwEntryRow *lot_row;
  AdwComboRow *giver_row;
  AdwComboRow *psychologist_row;
  AdwPreferencesGroup *vitals_group;
  AdwPreferencesGroup *during_group;
  GtkLabel *due_label;
  GtkWidget *reading_box;
  GtkWidget *systolic_box;
  GtkWidget *diastolic_box;
  GtkWidget *pulse_box;
  GtkWidget *spo2_box;
  GtkWidget *time_box;
  GtkRevealer *time_reason_revealer;
  GtkWidget *time_reason_box;
  GtkListBox *vitals_list;
  AdwActionRow *cadss_row;
  GtkWidget *cadss_button;
  GtkWidget *adverse_button;
  GtkListBox *events_list;
  GtkTextView *observations_view;
  AdwPreferencesGroup *discharge_group;
  GtkWidget *sign_button;
  AdwActionRow *signed_row;
  AdwPreferencesGroup *addenda_group;
  GtkListBox *addenda_list;
};

G_DEFINE_FINAL_TYPE (LysInfusionWindow, lys_infusion_window, ADW_TYPE_WINDOW)

static void update_view (LysInfusionWindow *self);

/* Formatting */

static char *
clock_of (GDateTime *time)
{
  return g_date_time_format (time, "%H:%M");
}

/* "in 12 min", "in 1 h 05 min", "12 min ago" */
static char *
describe_until (GDateTime *when,
                GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (when, now);
  gint64 minutes = (ABS (span) + G_TIME_SPAN_MINUTE - 1) / G_TIME_SPAN_MINUTE;
  g_autofree char *amount = NULL;

  if (minutes >= 60)
    /* Translators: a duration in hours and minutes, e.g. "1 h 05 min" */
    amount = g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
  else
    /* Translators: a duration in minutes, e.g. "12 min" */
    amount = g_strdup_printf (_("%d min"), (int) minutes);

  if (span >= 0)
    /* Translators: a time still to come, e.g. "in 12 min" */
    return g_strdup_printf (_("in %s"), amount);
  /* Translators: a time passed, e.g. "12 min ago" */
  return g_strdup_printf (_("%s ago"), amount);
}

/* Refusals */

static void
refuse (LysInfusionWindow *self,
        const char        *heading,
        GError            *error)
{
  lys_alert (GTK_WIDGET (self), heading, error->message);
}

/* Reading the record again after each change */

static void
reload (LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;
  LysInfusion *infusion = lys_store_get_infusion (self->store, self->infusion_id, &error);

  if (infusion == NULL)
    {
      lys_alert_inline (self->error_label, error->message);
      return;
    }

  g_clear_pointer (&self->infusion, lys_infusion_free);
  self->infusion = infusion;
  update_view (self);
}

static void
on_infusion_changed_cb (LysStore          *store,
                        gint64             infusion_id,
                        LysInfusionWindow *self)
{
  if (infusion_id == self->infusion_id)
    reload (self);
}

/* The parts of the view */

static void
update_summary (LysInfusionWindow *self)
{
  LysInfusion *infusion = self->infusion;
  double settings[LYS_N_SETTINGS];
  g_autofree char *total = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *line = NULL;
  g_autofree char *basis = NULL;
  LysDose dose;

  for (guint i = 0; i < LYS_N_SETTINGS; i++)
    settings[i] = lys_store_get_setting (self->store, i);

  if (infusion->altered)
    {
      /* Translators: no dose shown, in place of e.g. "40 mg" */
      gtk_label_set_label (self->dose_label, _("— mg"));
      gtk_label_set_label (self->rate_label, _("Not shown"));
      gtk_label_set_label (self->basis_label, _("The record was altered outside Lysning"));
    }
  else if (infusion->weight_kg > 0 &&
      lys_dose_compute (infusion->weight_kg, infusion->mg_per_kg, infusion->minutes, settings, &dose, NULL))
    {
      g_autofree char *mg_per_kg = lys_text_format_number (dose.mg_per_kg, 2);
      g_autofree char *weight = lys_text_format_number (dose.weight_kg, 1);

      total = lys_dose_format_total (dose.total_mg);
      rate = lys_dose_format_rate (dose.mg_per_minute);
      /* Translators: "1.0 mg/min over 40 min" */
      line = g_strdup_printf (_("%s over %u min"), rate, dose.minutes);

      if (infusion->lot_number != NULL)
        /* Translators: how the dose is worked out, and the drug's lot: "0.50 mg/kg × 80.0 kg · lot KET-20417";
         * the numbers come written */
        basis = g_strdup_printf (_("%1$s mg/kg × %2$s kg · lot %3$s"), mg_per_kg, weight, infusion->lot_number);
      else
        /* Translators: how the dose is worked out: "0.50 mg/kg × 80.0 kg"; the numbers come written */
        basis = g_strdup_printf (_("%1$s mg/kg × %2$s kg"), mg_per_kg, weight);
      gtk_label_set_label (self->dose_label, total);
      gtk_label_set_label (self->rate_label, line);
      gtk_label_set_label (self->basis_label, basis);
    }
  else
    {
      /* Translators: no dose yet, in place of e.g. "40 mg" */
      gtk_label_set_label (self->dose_label, _("— mg"));
      gtk_label_set_label (self->rate_label, _("No dose yet"));
      gtk_label_set_label (self->basis_label, _("Enter the weight today"));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dose_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_label (self->dose_label), -1);

  {
    const char *giver = NULL, *psychologist = NULL;
    g_autofree char *staff = NULL;

    for (guint i = 0; self->staff != NULL && i < self->staff->len; i++)
      {
        LysStaffMember *member = self->staff->pdata[i];

        if (member->id == infusion->given_by)
          giver = member->name;
        if (member->id == infusion->psychologist_id)
          psychologist = member->name;
      }
    if (giver != NULL && psychologist != NULL)
      /* Translators: "Nils Sykepleier gives the drug · Petra Psykolog is in the room" */
      staff = g_strdup_printf (_("%s gives the drug · %s is in the room"), giver, psychologist);
    gtk_label_set_label (self->staff_label, staff ? staff : "");
    gtk_widget_set_visible (GTK_WIDGET (self->staff_label), staff != NULL);
  }

  gtk_label_set_label (self->status_label, lys_infusion_status_get_label (infusion->status));
  gtk_widget_set_visible (self->start_button, infusion->status == LYS_INFUSION_PREPARING);
  gtk_widget_set_visible (self->end_button, infusion->status == LYS_INFUSION_RUNNING);
  gtk_widget_set_visible (self->resume_button, infusion->status == LYS_INFUSION_PAUSED);
  gtk_widget_set_visible (self->running_box, infusion->status == LYS_INFUSION_RUNNING ||
                                             infusion->status == LYS_INFUSION_PAUSED);
  gtk_widget_set_visible (self->pause_button, infusion->status == LYS_INFUSION_RUNNING);
}

/* What changes with the clock: the countdowns and the next due reading */
static void
update_clock (LysInfusionWindow *self)
{
  LysInfusion *infusion = self->infusion;
  g_autoptr(GDateTime) now = lys_store_dup_now (self->store);
  g_autofree char *clock = NULL;
  g_autofree char *due = NULL;
  g_autofree char *discharge = NULL;

  switch (infusion->status)
    {
    case LYS_INFUSION_PREPARING:
      {
        g_autofree char *booked = clock_of (infusion->booked_at);

        /* Translators: %s is a time of day */
        const LysVitalsReading *baseline = lys_infusion_get_baseline (infusion);

        clock = g_strdup_printf (_("Booked for %s. Take the baseline, then start."), booked);
        if (baseline != NULL)
          {
            g_autofree char *taken = clock_of (baseline->taken_at);

            /* Translators: "Baseline taken at 08:55" */
            due = g_strdup_printf (_("Baseline taken at %s"), taken);
          }
        else
          due = g_strdup (_("Baseline due now"));
        discharge = g_strdup_printf (_("The observation of %u min runs from the end of the infusion."),
                                     (guint) lys_store_get_setting (self->store, LYS_SETTING_OBSERVATION_MINUTES));
      }
      break;
    case LYS_INFUSION_RUNNING:
    case LYS_INFUSION_PAUSED:
      {
        g_autofree char *started = clock_of (infusion->started_at);
        g_autofree char *ends = clock_of (infusion->ends_at);
        g_autofree char *until = describe_until (infusion->ends_at, now);

        /* Translators: "Started 09:00 · ends 09:40, in 12 min" */
        clock = infusion->status == LYS_INFUSION_RUNNING
          ? g_strdup_printf (_("Started %s · ends %s, %s"), started, ends, until)
          /* Translators: "Started 09:00 · paused; the end moves while it is" */
          : g_strdup_printf (_("Started %s · paused: the end moves on while it is"), started);
        discharge = g_strdup_printf (_("The observation of %u min runs from the end of the infusion."),
                                     (guint) lys_store_get_setting (self->store, LYS_SETTING_OBSERVATION_MINUTES));
      }
      break;
    case LYS_INFUSION_ENDED:
      {
        g_autofree char *ended = clock_of (infusion->ends_at);
        g_autofree char *from = clock_of (infusion->discharge_from);

        if (g_date_time_compare (now, infusion->discharge_from) >= 0)
          /* Translators: "Ended 09:40 · discharge possible from 10:40: now" */
          clock = g_strdup_printf (_("Ended %s · the patient can be discharged now"), ended);
        else
          {
            g_autofree char *until = describe_until (infusion->discharge_from, now);

            /* Translators: "Ended 09:40 · earliest discharge 10:40, in 35 min" */
            clock = g_strdup_printf (_("Ended %s · earliest discharge %s, %s"), ended, from, until);
          }
        discharge = g_strdup_printf (_("Earliest discharge %s, when the observation ends."), from);
      }
      break;
    case LYS_INFUSION_DISCHARGED:
    case LYS_N_INFUSION_STATUSES:
    default:
      {
        g_autofree char *at = clock_of (infusion->discharged_at);

        /* Translators: "Discharged at 10:45 by Nina Nattevakt" */
        clock = g_strdup_printf (_("Discharged at %s by %s"), at, infusion->discharged_by);
      }
      break;
    }

  if (due == NULL && infusion->next_due != NULL)
    {
      g_autofree char *at = clock_of (infusion->next_due);
      g_autofree char *until = describe_until (infusion->next_due, now);

      if (g_date_time_compare (now, infusion->next_due) > 0)
        /* Translators: "Next reading overdue: 09:20, 4 min ago" */
        due = g_strdup_printf (_("Next reading overdue: %s, %s"), at, until);
      else
        /* Translators: "Next reading 09:20, in 4 min" */
        due = g_strdup_printf (_("Next reading %s, %s"), at, until);
    }
  if (g_date_time_compare (now, infusion->next_due ? infusion->next_due : now) > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->due_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_label), "error");

  gtk_label_set_label (self->clock_label, clock);
  gtk_label_set_label (self->due_label, due ? due : "");
  adw_preferences_group_set_description (self->discharge_group, discharge);
}

static gboolean
on_tick_cb (gpointer data)
{
  LysInfusionWindow *self = data;

  if (self->infusion != NULL)
    update_clock (self);
  return G_SOURCE_CONTINUE;
}

static void
select_staff (AdwComboRow *row,
              GPtrArray   *offered,
              gint64       staff_id)
{
  for (guint i = 0; offered != NULL && i < offered->len; i++)
    if (((LysStaffMember *) offered->pdata[i])->id == staff_id)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }

  adw_combo_row_set_selected (row, GTK_INVALID_LIST_POSITION);
}

/* Before @area goes insensitive or hidden: a focused entry in it would
 * keep its cursor blinking without focus */
static void
move_focus_out_of (LysInfusionWindow *self,
                   GtkWidget         *area)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  if (focus == NULL || (focus != area && !gtk_widget_is_ancestor (focus, area)))
    return;

  if (area != self->reading_box && gtk_widget_get_visible (self->reading_box))
    gtk_widget_grab_focus (GTK_WIDGET (self->systolic_entry));
  else
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
}

static void
update_dose_fields (LysInfusionWindow *self)
{
  LysInfusion *infusion = self->infusion;
  gboolean preparing = infusion->status == LYS_INFUSION_PREPARING;

  gtk_spin_button_set_value (self->weight_spin, infusion->weight_kg);
  gtk_spin_button_set_value (self->rate_spin, infusion->mg_per_kg);
  gtk_spin_button_set_value (self->minutes_spin, infusion->minutes);
  /* Text being typed is the user's until it is stored */
  if (self->lot_save_id == 0 &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->lot_row)), infusion->lot_number ? infusion->lot_number : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->lot_row), infusion->lot_number ? infusion->lot_number : "");
  select_staff (self->giver_row, self->givers, infusion->given_by);
  select_staff (self->psychologist_row, self->psychologists, infusion->psychologist_id);

  /* Fixed at the start: the summary shows it from then on */
  if (!preparing)
    move_focus_out_of (self, GTK_WIDGET (self->dose_group));
  gtk_widget_set_visible (GTK_WIDGET (self->dose_group), preparing);
}

static char *
describe_reading (const LysVitalsReading *reading,
                  const LysVitalsLimits  *limits)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *values = lys_vitals_format (&reading->values);

  g_string_append (text, values);
  if (reading->late && reading->due_at != NULL)
    {
      g_autofree char *due = clock_of (reading->due_at);

      g_string_append_c (text, '\n');
      /* Translators: %s is a time of day */
      g_string_append_printf (text, _("Late: due at %s"), due);
    }
  if (reading->alert != LYS_VITALS_ALERT_NONE)
    {
      g_autofree char *alert = lys_vitals_describe_alert (limits, &reading->values, reading->alert);

      g_string_append_c (text, '\n');
      g_string_append (text, alert);
    }
  if (reading->acknowledged)
    {
      g_autofree char *at = clock_of (reading->acknowledged_at);

      g_string_append_c (text, '\n');
      /* Translators: "Acknowledged 09:22 by Nina Nattevakt: Pause the infusion. Pause, ny måling" */
      g_string_append_printf (text, _("Acknowledged %s by %s: %s. %s"), at,
                              reading->acknowledged_by ? reading->acknowledged_by : "",
                              lys_alert_action_get_label (reading->action), reading->acknowledgement);
    }
  if (reading->time_reason != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: the reason why a time was entered by hand */
      g_string_append_printf (text, _("Time entered by hand: %s"), reading->time_reason);
    }
  if (reading->recorded_by != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: who recorded a reading */
      g_string_append_printf (text, _("Recorded by %s"), reading->recorded_by);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_flowsheet (LysInfusionWindow *self)
{
  LysInfusion *infusion = self->infusion;
  double settings[LYS_N_SETTINGS];
  LysVitalsLimits limits;
  const LysVitalsReading *pending;
  gboolean open = !lys_infusion_is_read_only (infusion);

  for (guint i = 0; i < LYS_N_SETTINGS; i++)
    settings[i] = lys_store_get_setting (self->store, i);
  lys_vitals_limits_from_settings (&limits, settings);

  lys_rows_clear (self->vitals_list);
  for (guint i = infusion->readings->len; i-- > 0;)
    {
      LysVitalsReading *reading = infusion->readings->pdata[i];
      g_autofree char *at = clock_of (reading->taken_at);
      /* Translators: "09:10 · During" */
      g_autofree char *title = g_strdup_printf (_("%s · %s"), at, lys_vitals_stage_get_label (reading->stage));
      g_autofree char *subtitle = describe_reading (reading, &limits);
      GtkWidget *row = lys_rows_new (title, subtitle);

      if (reading->alert != LYS_VITALS_ALERT_NONE)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   reading->acknowledged ? lys_rows_new_tag (_("Alert acknowledged"), "cancelled")
                                                         : lys_rows_new_tag (_("Alert"), "alert"));
      if (reading->late)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), lys_rows_new_tag (_("Late"), "missed"));
      gtk_list_box_append (self->vitals_list, row);
    }
  if (infusion->readings->len == 0)
    gtk_list_box_set_placeholder (self->vitals_list,
                                  lys_rows_new_placeholder (_("No readings yet. Take the baseline before the start.")));

  if (!open)
    move_focus_out_of (self, self->reading_box);
  gtk_widget_set_visible (self->reading_box, open);
  if (!open)
    gtk_revealer_set_reveal_child (self->time_reason_revealer, FALSE);

  /* The alert stays on top until somebody acknowledges it */
  pending = lys_infusion_get_pending_alert (infusion);
  if (pending != NULL)
    {
      g_autofree char *text = lys_vitals_describe_alert (&limits, &pending->values, pending->alert);
      g_autofree char *at = clock_of (pending->taken_at);
      /* Translators: "09:20: Alert: blood pressure 182/95 is above …" */
      g_autofree char *line = g_strdup_printf (_("%s: %s"), at, text);

      gtk_label_set_label (self->alert_label, line);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->alert_label), GTK_ACCESSIBLE_PROPERTY_LABEL, line, -1);
    }
  if ((pending != NULL) != gtk_revealer_get_reveal_child (self->alert_revealer) && pending != NULL)
    gtk_widget_error_bell (GTK_WIDGET (self));
  gtk_revealer_set_reveal_child (self->alert_revealer, pending != NULL);
}

typedef struct
{
  GDateTime *at;
  char *title;
  char *subtitle;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->title);
  g_free (entry->subtitle);
  g_free (entry);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = *(const Entry **) a;
  const Entry *eb = *(const Entry **) b;

  return g_date_time_compare (ea->at, eb->at);
}

/* Adverse events and what happened to the infusion, by time */
static void
update_events (LysInfusionWindow *self)
{
  LysInfusion *infusion = self->infusion;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autofree char *cadss = NULL;
  gboolean started = infusion->status != LYS_INFUSION_PREPARING;
  gboolean open = !lys_infusion_is_read_only (infusion);

  for (guint i = 0; i < infusion->adverse_events->len; i++)
    {
      LysAdverseEvent *event = infusion->adverse_events->pdata[i];
      Entry *entry = g_new0 (Entry, 1);
      g_autofree char *at = clock_of (event->noted_at);
      const char *kind = event->kind == LYS_ADVERSE_OTHER && event->description
                         ? event->description : lys_adverse_kind_get_label (event->kind);

      entry->at = event->noted_at;
      /* Translators: "09:15 · Nausea, moderate" */
      entry->title = g_strdup_printf (_("%s · %s, %s"), at, kind, lys_severity_get_label (event->severity));
      if (event->action != NULL && event->action[0] != '\0')
        /* Translators: "Action: Ondansetron 4 mg · Nils Sykepleier" */
        entry->subtitle = g_strdup_printf (_("Action: %s · %s"), event->action,
                                           event->recorded_by ? event->recorded_by : "");
      else
        entry->subtitle = g_strdup_printf (_("Recorded by %s"), event->recorded_by ? event->recorded_by : "");
      g_ptr_array_add (entries, entry);
    }
  for (guint i = 0; i < infusion->events->len; i++)
    {
      LysInfusionEvent *event = infusion->events->pdata[i];
      Entry *entry = g_new0 (Entry, 1);
      g_autofree char *at = clock_of (event->at);

      entry->at = event->at;
      entry->title = g_strdup_printf (_("%s · %s"), at, lys_infusion_event_kind_get_label (event->kind));
      if (event->reason != NULL)
        /* Translators: "Why · who", e.g. "Blood pressure high · Nina Nattevakt" */
        entry->subtitle = g_strdup_printf (_("%s · %s"), event->reason, event->by ? event->by : "");
      else
        entry->subtitle = g_strdup (event->by);
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_entries);

  lys_rows_clear (self->events_list);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = entries->pdata[i];

      gtk_list_box_append (self->events_list, lys_rows_new (entry->title, entry->subtitle));
    }
  if (entries->len == 0)
    gtk_list_box_set_placeholder (self->events_list, lys_rows_new_placeholder (_("No adverse events, pauses or stops.")));

  if (infusion->has_cadss)
    cadss = g_strdup_printf (_("Total %u of %u"), infusion->cadss_total, lys_scale_get_total_max (LYS_SCALE_CADSS));
  adw_action_row_set_subtitle (self->cadss_row, cadss ? cadss : started ? _("Not rated yet") : _("Rated once the infusion has started"));
  gtk_widget_set_sensitive (self->cadss_button, started && open);
  gtk_widget_set_sensitive (self->adverse_button, started && open);
  gtk_text_view_set_editable (self->observations_view, open);
  gtk_text_view_set_cursor_visible (self->observations_view, open);

  if (self->observations_save_id == 0)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->observations_view);
      g_autofree char *text = NULL;
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (g_strcmp0 (text, infusion->observations ? infusion->observations : "") != 0)
        gtk_text_buffer_set_text (buffer, infusion->observations ? infusion->observations : "", -1);
    }
}

static void
update_discharge (LysInfusionWindow *self)
{
  LysInfusion *infusion = self->infusion;
  gboolean discharged = infusion->status == LYS_INFUSION_DISCHARGED;

  for (guint i = 0; i < LYS_N_DISCHARGE_CHECKS; i++)
    {
      gtk_check_button_set_active (self->checks[i], (infusion->checklist & (1u << i)) != 0);
      gtk_widget_set_sensitive (GTK_WIDGET (self->checks[i]), !discharged);
      gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->checks[i]), ADW_TYPE_ACTION_ROW),
                              !infusion->altered);
    }
  /* An altered record shows nothing of itself but who signed it, and the
   * addenda signed on their own */
  gtk_widget_set_visible (GTK_WIDGET (self->vitals_group), !infusion->altered);
  gtk_widget_set_visible (GTK_WIDGET (self->during_group), !infusion->altered);
  gtk_widget_set_visible (self->sign_button, infusion->status == LYS_INFUSION_ENDED);
  gtk_widget_set_visible (GTK_WIDGET (self->signed_row), discharged);
  if (discharged)
    {
      g_autofree char *at = clock_of (infusion->discharged_at);
      g_autofree char *title = g_strdup_printf (_("Discharged at %s by %s"), at, infusion->discharged_by);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->signed_row), title);
      if (infusion->altered)
        {
          adw_action_row_set_subtitle (self->signed_row,
                                       _("Altered outside Lysning since: the record no longer matches its signature, so "
                                         "it is not shown. Tell the clinic lead, and restore it from a backup."));
          gtk_widget_remove_css_class (GTK_WIDGET (self->signed_row), "success");
          gtk_widget_add_css_class (GTK_WIDGET (self->signed_row), "error");
        }
      else
        adw_action_row_set_subtitle (self->signed_row, _("Signed and read-only. Corrections are added as addenda."));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->addenda_group), discharged);
  lys_rows_clear (self->addenda_list);
  for (guint i = 0; i < infusion->addenda->len; i++)
    {
      LysAddendum *addendum = infusion->addenda->pdata[i];
      g_autofree char *day = g_date_time_format (addendum->created_at, "%d.%m.%Y %H:%M");
      /* Translators: "01.12.2026 11:00 · Nina Nattevakt" */
      g_autofree char *title = g_strdup_printf (_("%s · %s"), day, addendum->author);
      GtkWidget *row = lys_rows_new (title, addendum->body);

      gtk_list_box_append (self->addenda_list, row);
    }
  if (discharged && infusion->addenda->len == 0)
    gtk_list_box_set_placeholder (self->addenda_list, lys_rows_new_placeholder (_("No addenda.")));
}

static void
update_view (LysInfusionWindow *self)
{
  LysInfusion *infusion = self->infusion;

  self->updating = TRUE;

  /* Whose record does not change: looked up once, not at every reading */
  if (self->patient == NULL)
    self->patient = lys_store_dup_patient (self->store, infusion->patient_id);
  lys_format_title_record (GTK_WINDOW (self), self->window_title, _("Infusion"), self->patient, infusion->room_name);

  update_summary (self);
  update_dose_fields (self);
  update_flowsheet (self);
  update_events (self);
  update_discharge (self);
  update_clock (self);

  self->updating = FALSE;
}

/* Fields stored as they are entered */

static void
on_value_changed_cb (GtkSpinButton     *spin,
                     LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;
  LysInfusionField field;

  if (self->updating || self->infusion == NULL)
    return;

  if (spin == self->weight_spin)
    field = LYS_INFUSION_FIELD_WEIGHT;
  else if (spin == self->rate_spin)
    field = LYS_INFUSION_FIELD_DOSE_RATE;
  else
    field = LYS_INFUSION_FIELD_MINUTES;

  if (!lys_store_set_infusion_value (self->store, self->infusion_id, field, gtk_spin_button_get_value (spin), &error))
    {
      /* The field shows what is stored, not what was refused */
      update_view (self);
      refuse (self, _("Not Stored"), error);
    }
}

static gboolean
save_lot (LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->lot_save_id, g_source_remove);
  if (self->infusion == NULL || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->lot_row)),
                                           self->infusion->lot_number ? self->infusion->lot_number : "") == 0)
    return TRUE;

  if (!lys_store_set_infusion_text (self->store, self->infusion_id, LYS_INFUSION_FIELD_LOT_NUMBER,
                                    gtk_editable_get_text (GTK_EDITABLE (self->lot_row)), &error))
    {
      update_view (self);
      refuse (self, _("Not Stored"), error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
on_lot_timeout_cb (gpointer data)
{
  LysInfusionWindow *self = data;

  self->lot_save_id = 0;
  save_lot (self);
  return G_SOURCE_REMOVE;
}

static void
on_lot_changed_cb (LysInfusionWindow *self)
{
  if (self->updating)
    return;

  g_clear_handle_id (&self->lot_save_id, g_source_remove);
  self->lot_save_id = g_timeout_add (TEXT_SAVE_DELAY_MS, on_lot_timeout_cb, self);
}

static char *
observations_text (LysInfusionWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->observations_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
save_observations (LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->observations_save_id, g_source_remove);
  if (self->infusion == NULL)
    return;

  text = observations_text (self);
  if (g_strcmp0 (text, self->infusion->observations ? self->infusion->observations : "") == 0)
    return;
  if (!lys_store_set_infusion_text (self->store, self->infusion_id, LYS_INFUSION_FIELD_OBSERVATIONS, text, &error))
    refuse (self, _("Not Stored"), error);
}

static gboolean
on_observations_timeout_cb (gpointer data)
{
  LysInfusionWindow *self = data;

  self->observations_save_id = 0;
  save_observations (self);
  return G_SOURCE_REMOVE;
}

static void
on_observations_changed_cb (LysInfusionWindow *self)
{
  if (self->updating)
    return;

  g_clear_handle_id (&self->observations_save_id, g_source_remove);
  self->observations_save_id = g_timeout_add (TEXT_SAVE_DELAY_MS, on_observations_timeout_cb, self);
}

static void
on_staff_selected_cb (AdwComboRow       *row,
                      GParamSpec        *pspec,
                      LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *offered = row == self->giver_row ? self->givers : self->psychologists;
  guint selected = adw_combo_row_get_selected (row);
  LysStaffMember *member;

  if (self->updating || self->infusion == NULL || offered == NULL || selected >= offered->len)
    return;

  member = offered->pdata[selected];
  if (!lys_store_set_infusion_staff (self->store, self->infusion_id,
                                     row == self->giver_row ? LYS_TASK_DRUG : LYS_TASK_PSYCHOLOGIST,
                                     member->id, &error))
    {
      update_view (self);
      refuse (self, _("Not Stored"), error);
    }
}

static void
on_check_toggled_cb (GtkCheckButton    *check,
                     LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;

  for (guint i = 0; i < LYS_N_DISCHARGE_CHECKS; i++)
    if (self->checks[i] == check &&
        !lys_store_set_discharge_check (self->store, self->infusion_id, i, gtk_check_button_get_active (check), &error))
      {
        update_view (self);
        refuse (self, _("Not Stored"), error);
      }
}

/* Times typed in: "hh:mm" today; the clock's when left as it is */

static GDateTime *
parse_time (LysInfusionWindow  *self,
            const char         *text,
            gboolean           *given,
            GError            **error)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (self->store);
  g_autoptr(GDateTime) midnight = NULL;
  g_autofree char *clock = clock_of (now);
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  guint minute;

  *given = FALSE;
  if (stripped[0] == '\0' || g_str_equal (stripped, clock))
    return g_steal_pointer (&now);

  if (!lys_time_parse_minute (stripped, &minute))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Write the time as hours and minutes, for instance 09:25."));
      return NULL;
    }

  *given = TRUE;
  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  return g_date_time_add_minutes (midnight, (int) minute);
}

/* Recording a reading: four numbers, Tab between them, Enter records */

static gboolean
parse_number (GtkEntry    *entry,
              const char  *what,
              guint       *value,
              GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  guint64 number;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 999, &number, NULL))
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %s names a value, e.g. "the systolic pressure" */
                   _("Enter %s as a whole number."), what);
      return FALSE;
    }

  *value = (guint) number;
  return TRUE;
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) taken = NULL;
  LysVitals vitals = { 0 };
  LysVitalsAlert alert = LYS_VITALS_ALERT_NONE;
  gboolean given = FALSE;

  if (!parse_number (self->systolic_entry, _("the systolic pressure"), &vitals.systolic, &error) ||
      !parse_number (self->diastolic_entry, _("the diastolic pressure"), &vitals.diastolic, &error) ||
      !parse_number (self->pulse_entry, _("the heart rate"), &vitals.heart_rate, &error) ||
      !parse_number (self->spo2_entry, _("the oxygen saturation"), &vitals.spo2, &error) ||
      (taken = parse_time (self, gtk_editable_get_text (GTK_EDITABLE (self->time_entry)), &given, &error)) == NULL ||
      lys_store_record_vitals (self->store, self->infusion_id, &vitals, given ? taken : NULL,
                               gtk_editable_get_text (GTK_EDITABLE (self->time_reason_entry)), &alert, &error) == 0)
    {
      refuse (self, _("Reading Not Recorded"), error);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->systolic_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->diastolic_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pulse_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->spo2_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->time_reason_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->systolic_entry));
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (alert != LYS_VITALS_ALERT_NONE ? _("Recorded: the reading raised an alert")
                                                                              : _("Reading recorded")));
}

static void
on_reading_activate_cb (LysInfusionWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "infusion.record", NULL);
}

static void
on_time_changed_cb (LysInfusionWindow *self)
{
  gtk_revealer_set_reveal_child (self->time_reason_revealer,
                                 !lys_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->time_entry))));
}

static GtkEntry *
add_number_entry (GtkWidget  *box,
                  const char *mnemonic,
                  int         width)
{
  GtkEntry *entry = GTK_ENTRY (gtk_entry_new ());

  gtk_entry_set_input_purpose (entry, GTK_INPUT_PURPOSE_DIGITS);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), width);
  lys_form_add_field (box, mnemonic, GTK_WIDGET (entry));
  return entry;
}

/* Dialogs that ask before a step, with a time and a reason */

/* The time and reason fields of a step taken now, or earlier */
static void
add_time_fields (LysInfusionWindow *self,
                 AdwMessageDialog  *dialog)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (self->store);
  g_autofree char *clock = clock_of (now);

  lys_form_dialog_add_entry (dialog, "time", _("_Time (hh:mm)"), clock);
  lys_form_dialog_add_entry (dialog, "time-reason", _("_Why another time than now (only then)"), "");
}

static gboolean
prompt_time (LysInfusionWindow  *self,
             AdwMessageDialog   *dialog,
             GDateTime         **time,
             GError            **error)
{
  gboolean given = FALSE;
  g_autoptr(GDateTime) parsed = parse_time (self, lys_form_dialog_get_text (dialog, "time"), &given, error);

  if (parsed == NULL)
    return FALSE;
  *time = given ? g_steal_pointer (&parsed) : NULL;
  return TRUE;
}

static void start_with (LysInfusionWindow *self,
                        GDateTime         *at,
                        const char        *time_reason,
                        const char        *override);

static void
on_override_response_cb (AdwMessageDialog  *dialog,
                         const char        *response,
                         LysInfusionWindow *self)
{
  GDateTime *at = g_object_get_data (G_OBJECT (dialog), "at");

  if (g_str_equal (response, "start"))
    start_with (self, at, g_object_get_data (G_OBJECT (dialog), "time-reason-text"),
                lys_form_dialog_get_text (dialog, "override"));
}

static void
start_with (LysInfusionWindow *self,
            GDateTime         *at,
            const char        *time_reason,
            const char        *override)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  if (lys_store_start_infusion (self->store, self->infusion_id, at, time_reason, override, &warning, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (warning ? warning : _("Infusion started")));
      return;
    }

  if (g_error_matches (error, LYS_ERROR, LYS_ERROR_LIMIT))
    {
      AdwMessageDialog *dialog;
      g_autofree char *body = g_strdup_printf (_("%s\n\nStarting anyway is recorded with your name and the reason."),
                                               error->message);

      dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Start Above the Limit?"), body, "start", _("_Start Anyway"),
                           ADW_RESPONSE_DESTRUCTIVE);
      lys_form_dialog_add_entry (dialog, "override", _("_Reason for starting"), "");
      if (at != NULL)
        g_object_set_data_full (G_OBJECT (dialog), "at", g_date_time_ref (at), (GDestroyNotify) g_date_time_unref);
      g_object_set_data_full (G_OBJECT (dialog), "time-reason-text", g_strdup (time_reason), g_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_override_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  refuse (self, _("The Infusion Did Not Start"), error);
}

static void
on_start_response_cb (AdwMessageDialog  *dialog,
                      const char        *response,
                      LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = NULL;

  if (!g_str_equal (response, "start"))
    return;

  if (!prompt_time (self, dialog, &at, &error))
    lys_alert_refuse_answer (dialog, error->message);
  else
    start_with (self, at, lys_form_dialog_get_text (dialog, "time-reason"), NULL);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  save_lot (self);
  /* Translators: "40 mg, 1.0 mg/min over 40 min (0.50 mg/kg × 80.0 kg)." */
  body = g_strdup_printf (_("%s, %s (%s).\nConsent, eligibility, the course rules and the baseline are checked as it starts."),
                          gtk_label_get_label (self->dose_label), gtk_label_get_label (self->rate_label),
                          gtk_label_get_label (self->basis_label));
  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Start the Infusion?"), body, "start", _("_Start"), ADW_RESPONSE_SUGGESTED);
  add_time_fields (self, dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_start_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_end_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = NULL;
  gboolean stop = g_str_equal (response, "stop");
  double given = -1;

  if (!stop && !g_str_equal (response, "end"))
    return;

  /* A refusal keeps the dialog and what was typed, saying why */
  if (stop && lys_text_is_blank (lys_form_dialog_get_text (dialog, "reason")))
    {
      lys_alert_refuse_answer (dialog, _("Say why the infusion is stopped early."));
      return;
    }
  if (stop && !lys_text_parse_decimal (lys_form_dialog_get_text (dialog, "given"), &given))
    {
      lys_alert_refuse_answer (dialog, _("Write the dose given in mg, like 12.5."));
      return;
    }
  if (!prompt_time (self, dialog, &at, &error) ||
      !lys_store_end_infusion (self->store, self->infusion_id, at, lys_form_dialog_get_text (dialog, "time-reason"),
                               stop ? lys_form_dialog_get_text (dialog, "reason") : NULL, given, &error))
    {
      lys_alert_refuse_answer (dialog, error->message);
      return;
    }

  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (stop ? _("Infusion stopped; the observation has begun")
                                                   : _("Infusion complete; the observation has begun")));
}

static void
end_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Infusion Complete?"),
                       _("The observation after the infusion starts from the time given."),
                       "end", _("_End Infusion"), ADW_RESPONSE_SUGGESTED);
  add_time_fields (self, dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_end_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  AdwMessageDialog *dialog;
  g_autoptr(GDateTime) now = lys_store_dup_now (self->store);
  g_autofree char *given = NULL;
  g_autofree char *planned = NULL;
  g_autofree char *body = NULL;

  if (self->infusion == NULL)
    return;
  /* What the rate has given so far, for the nurse to confirm */
  given = lys_text_format_number (lys_infusion_compute_given_mg (self->infusion, now), 1);
  planned = lys_dose_format_total (lys_infusion_get_total_mg (self->infusion));
  /* Translators: %s is the planned dose, e.g. "40 mg" */
  body = g_strdup_printf (_("The rest of the %s planned is not given. Confirm the dose given so far; the observation starts from the time given."),
                          planned);
  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Stop the Infusion Early?"), body,
                                "stop", _("_Stop Infusion"), ADW_RESPONSE_DESTRUCTIVE);
  /* Not "Cancel": in Norwegian it reads like the stop itself */
  adw_message_dialog_set_response_label (dialog, "cancel", _("_Keep Infusing"));
  lys_form_dialog_add_entry (dialog, "reason", _("_Reason"), "");
  lys_form_dialog_add_entry (dialog, "given", _("_Dose given (mg)"), given);
  add_time_fields (self, dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_end_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_pause_response_cb (AdwMessageDialog  *dialog,
                      const char        *response,
                      LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "pause") &&
      !lys_store_pause_infusion (self->store, self->infusion_id, lys_form_dialog_get_text (dialog, "reason"), &error))
    lys_alert_refuse_answer (dialog, error->message);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Pause the Infusion?"), _("The planned end moves on while it is paused."),
                       "pause", _("_Pause"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_entry (dialog, "reason", _("_Reason"), "");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_pause_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!lys_store_resume_infusion (self->store, self->infusion_id, &error))
    refuse (self, _("The Infusion Was Not Resumed"), error);
}

static void
on_acknowledge_response_cb (AdwMessageDialog  *dialog,
                            const char        *response,
                            LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 reading = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "reading"));
  LysAlertAction action;

  if (!lys_alert_action_from_nick (response, &action))
    return;

  if (!lys_store_acknowledge_alert (self->store, reading, action, lys_form_dialog_get_text (dialog, "note"), &error))
    lys_alert_refuse_answer (dialog, error->message);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  const LysVitalsReading *pending;
  AdwMessageDialog *dialog;
  gboolean running;

  if (self->infusion == NULL || (pending = lys_infusion_get_pending_alert (self->infusion)) == NULL)
    return;

  running = self->infusion->status == LYS_INFUSION_RUNNING;
  dialog = lys_alert_new_dialog (GTK_WIDGET (self), _("Acknowledge the Alert"),
                                 gtk_label_get_label (self->alert_label));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_add_response (dialog, lys_alert_action_to_nick (LYS_ALERT_CONTINUE), _("C_ontinue"));
  if (running)
    adw_message_dialog_add_response (dialog, lys_alert_action_to_nick (LYS_ALERT_PAUSE), _("_Pause Infusion"));
  if (running || self->infusion->status == LYS_INFUSION_PAUSED)
    {
      adw_message_dialog_add_response (dialog, lys_alert_action_to_nick (LYS_ALERT_STOP), _("_Stop Infusion"));
      adw_message_dialog_set_response_appearance (dialog, lys_alert_action_to_nick (LYS_ALERT_STOP),
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_close_response (dialog, "cancel");
  lys_form_dialog_add_entry (dialog, "note", _("_What was judged or done"), "");
  g_object_set_data (G_OBJECT (dialog), "reading", GSIZE_TO_POINTER ((gsize) pending->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_acknowledge_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_adverse_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;
  /* The first choice of each is "not chosen" */
  guint kind = lys_form_dialog_get_choice (dialog, "kind");
  guint severity = lys_form_dialog_get_choice (dialog, "severity");

  if (!g_str_equal (response, "add"))
    return;
  if (kind == 0 || severity == 0)
    {
      lys_alert_refuse_answer (dialog, _("Choose the kind of event and how severe it is."));
      return;
    }
  if (!lys_store_add_adverse_event (self->store, self->infusion_id, kind - 1,
                                    lys_form_dialog_get_text (dialog, "description"), severity - 1,
                                    lys_form_dialog_get_text (dialog, "action"), &error))
    lys_alert_refuse_answer (dialog, error->message);
}

static void
adverse_event_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  GtkStringList *kinds = gtk_string_list_new (NULL);
  GtkStringList *severities = gtk_string_list_new (NULL);
  AdwMessageDialog *dialog;

  /* Nothing chosen for the clinician: a kind and a severity are judged */
  /* Translators: an adverse event's kind or severity, before one is chosen */
  gtk_string_list_append (kinds, _("Choose…"));
  for (guint i = 0; i < LYS_N_ADVERSE_KINDS; i++)
    gtk_string_list_append (kinds, lys_adverse_kind_get_label (i));
  gtk_string_list_append (severities, _("Choose…"));
  for (guint i = 0; i < LYS_N_SEVERITIES; i++)
    gtk_string_list_append (severities, lys_severity_get_label (i));

  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Record an Adverse Event"), _("It is recorded with the time now and your name."),
                       "add", _("_Record"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_choice (dialog, "kind", _("_Kind"), G_LIST_MODEL (kinds));
  lys_form_dialog_add_entry (dialog, "description", _("_Description (needed for Other)"), "");
  lys_form_dialog_add_choice (dialog, "severity", _("_Severity"), G_LIST_MODEL (severities));
  lys_form_dialog_add_entry (dialog, "action", _("_Action taken"), "");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_adverse_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cadss_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);

  if (self->infusion != NULL)
    gtk_window_present (GTK_WINDOW (lys_rating_window_new_for_infusion (GTK_WINDOW (self), self->store, self->infusion)));
}

static void
on_sign_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "sign"))
    return;

  if (!lys_store_sign_discharge (self->store, self->infusion_id, &error))
    refuse (self, _("The Discharge Was Not Signed"), error);
  else
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Discharge signed")));
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  g_autoptr(GDateTime) now = lys_store_dup_now (self->store);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  save_observations (self);
  /* What is missing is said before the signature is asked for */
  if (self->infusion == NULL || !lys_infusion_check_discharge (self->infusion, now, &error))
    {
      if (error != NULL)
        refuse (self, _("The Discharge Was Not Signed"), error);
      return;
    }
  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Sign the Discharge?"),
                       _("The record becomes read-only with your signature. Later corrections are added as addenda."),
                       "sign", _("_Sign Discharge"), ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sign_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_addendum_response_cb (AdwMessageDialog  *dialog,
                         const char        *response,
                         LysInfusionWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  if (!g_str_equal (response, "add"))
    return;

  body = lys_form_dialog_dup_long_text (dialog, "body");
  if (!lys_store_add_infusion_addendum (self->store, self->infusion_id, body, &error))
    lys_alert_refuse_answer (dialog, error->message);
}

static void
addendum_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Add an Addendum"),
                       _("Say what is corrected or added, and why. It is signed with your name and kept under the record."),
                       "add", _("_Add Addendum"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_text (dialog, "body", _("_Addendum"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_addendum_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window */

static gboolean
lys_infusion_window_close_request (GtkWindow *window)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (window);

  /* Text typed in the last moment is kept too */
  if (self->lot_save_id != 0)
    save_lot (self);
  if (self->observations_save_id != 0)
    save_observations (self);

  return GTK_WINDOW_CLASS (lys_infusion_window_parent_class)->close_request (window);
}

static void
lys_infusion_window_dispose (GObject *object)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (object);

  g_clear_object (&self->patient);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->lot_save_id, g_source_remove);
  g_clear_handle_id (&self->observations_save_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_infusion_changed_cb, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->infusion, lys_infusion_free);
  g_clear_pointer (&self->givers, g_ptr_array_unref);
  g_clear_pointer (&self->psychologists, g_ptr_array_unref);
  g_clear_pointer (&self->staff, g_ptr_array_unref);

  G_OBJECT_CLASS (lys_infusion_window_parent_class)->dispose (object);
}

static void
lys_infusion_window_class_init (LysInfusionWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lys_infusion_window_dispose;
  window_class->close_request = lys_infusion_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-infusion-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, alert_revealer);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, alert_label);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, dose_label);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, rate_label);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, basis_label);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, staff_label);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, end_button);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, running_box);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, dose_group);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, weight_spin);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, minutes_spin);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, lot_row);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, giver_row);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, psychologist_row);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, vitals_group);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, during_group);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, due_label);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, reading_box);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, systolic_box);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, diastolic_box);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, pulse_box);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, spo2_box);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, time_box);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, time_reason_revealer);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, time_reason_box);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, vitals_list);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, cadss_row);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, cadss_button);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, adverse_button);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, events_list);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, observations_view);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, discharge_group);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, sign_button);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, signed_row);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, addenda_group);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, addenda_list);

  gtk_widget_class_install_action (widget_class, "infusion.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "infusion.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "infusion.end", NULL, end_action);
  gtk_widget_class_install_action (widget_class, "infusion.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "infusion.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "infusion.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "infusion.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_install_action (widget_class, "infusion.adverse-event", NULL, adverse_event_action);
  gtk_widget_class_install_action (widget_class, "infusion.cadss", NULL, cadss_action);
  gtk_widget_class_install_action (widget_class, "infusion.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "infusion.addendum", NULL, addendum_action);
}

static void
lys_infusion_window_init (LysInfusionWindow *self)
{
  GtkWidget *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->systolic_entry = add_number_entry (self->systolic_box, _("S_ystolic"), 4);
  self->diastolic_entry = add_number_entry (self->diastolic_box, _("Dia_stolic"), 4);
  self->pulse_entry = add_number_entry (self->pulse_box, _("P_ulse"), 4);
  self->spo2_entry = add_number_entry (self->spo2_box, _("SpO₂ (_%)"), 4);
  self->time_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->time_entry, _("Now"));
  gtk_editable_set_width_chars (GTK_EDITABLE (self->time_entry), 6);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->time_entry), 6);
  lys_form_add_field (self->time_box, _("Ti_me"), GTK_WIDGET (self->time_entry));
  self->time_reason_entry = lys_form_add_entry (self->time_reason_box,
                                                _("Why another time than now (it is kept with the reading)"), "");
  /* Enter in any field records the reading */
  {
    GtkEntry *entries[] = { self->systolic_entry, self->diastolic_entry, self->pulse_entry,
                            self->spo2_entry, self->time_entry, self->time_reason_entry };

    for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
      g_signal_connect_swapped (entries[i], "activate", G_CALLBACK (on_reading_activate_cb), self);
  }
  g_signal_connect_swapped (self->time_entry, "changed", G_CALLBACK (on_time_changed_cb), self);

  for (guint i = 0; i < LYS_N_DISCHARGE_CHECKS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lys_discharge_check_get_label (i));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      lys_discharge_check_get_label (i), -1);
      lys_form_row_add_field (ADW_ACTION_ROW (row), check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled_cb), self);
      adw_preferences_group_add (self->discharge_group, row);
      self->checks[i] = GTK_CHECK_BUTTON (check);
    }

  g_signal_connect (self->weight_spin, "value-changed", G_CALLBACK (on_value_changed_cb), self);
  g_signal_connect (self->rate_spin, "value-changed", G_CALLBACK (on_value_changed_cb), self);
  g_signal_connect (self->minutes_spin, "value-changed", G_CALLBACK (on_value_changed_cb), self);
  g_signal_connect_swapped (self->lot_row, "changed", G_CALLBACK (on_lot_changed_cb), self);
  g_signal_connect (self->giver_row, "notify::selected", G_CALLBACK (on_staff_selected_cb), self);
  g_signal_connect (self->psychologist_row, "notify::selected", G_CALLBACK (on_staff_selected_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->observations_view), "changed",
                            G_CALLBACK (on_observations_changed_cb), self);

  focus = GTK_WIDGET (self->weight_spin);
  gtk_window_set_focus (GTK_WINDOW (self), focus);
}

static LysInfusionWindow *
find_open (gint64 infusion_id)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0, n = g_list_model_get_n_items (toplevels); i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LYS_IS_INFUSION_WINDOW (window) && LYS_INFUSION_WINDOW (window)->infusion_id == infusion_id)
        return LYS_INFUSION_WINDOW (window);
    }

  return NULL;
}

/**
 * lys_infusion_window_present:
 * @infusion_id: a record opened with lys_store_open_infusion()
 *
 * Shows the infusion's window, the one already open if there is one.
 *
 * Returns: (transfer none): the window
 */
LysInfusionWindow *
lys_infusion_window_present (GtkWindow *parent,
                             LysStore  *store,
                             gint64     infusion_id)
{
  LysInfusionWindow *self;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (infusion_id > 0, NULL);

  self = find_open (infusion_id);
  if (self == NULL)
    {
      self = g_object_new (LYS_TYPE_INFUSION_WINDOW, "transient-for", parent, NULL);
      if (parent != NULL && gtk_window_get_application (parent) != NULL)
        gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
      self->store = g_object_ref (store);
      self->infusion_id = infusion_id;
      self->staff = lys_store_list_staff (store, LYS_N_ROLES, NULL);
      self->givers = lys_form_fill_staff (self->giver_row, self->staff, LYS_TASK_DRUG);
      self->psychologists = lys_form_fill_staff (self->psychologist_row, self->staff, LYS_TASK_PSYCHOLOGIST);
      g_signal_connect (store, "infusion-changed", G_CALLBACK (on_infusion_changed_cb), self);
      self->tick_id = g_timeout_add_seconds (1, on_tick_cb, self);
      reload (self);
    }

  gtk_window_present (GTK_WINDOW (self));
  return self;
}
