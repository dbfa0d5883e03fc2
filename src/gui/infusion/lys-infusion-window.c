/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-infusion-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-dialog.h"
#include "lys-discharge-panel.h"
#include "lys-error.h"
#include "lys-form.h"
#include "lys-format.h"
#include "lys-infusion-dose.h"
#include "lys-holders-bar.h"
#include "lys-infusion-events.h"
#include "lys-infusion-window.h"
#include "lys-text.h"
#include "lys-vitals-flowsheet.h"

/* The bedside screen of one infusion: the dose, shown large, with the
 * steps of the infusion; alerts that stay until acknowledged; and its parts
 * (LysInfusionPart): the dose before the start, the vital signs, what
 * happens during and after, the discharge. There is no Save: every field
 * goes to the store as it is entered (text after a pause in typing), and
 * the window reads the record again after each change and shows it in
 * every part. Refusals are shown in a dialog, so that none goes unnoticed. */

struct _LysInfusionWindow
{
  LysRecordWindow parent_instance;

  gint64 infusion_id;
  LysInfusion *infusion;
  GPtrArray *staff;             /* LysStaffMember, for the names */
  guint tick_id;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  LysPatient *patient;          /* whose record, for the title */
  GtkRevealer *alert_revealer;
  GtkLabel *alert_label;
  LysHoldersBar *holders_bar;
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
  LysInfusionPart *dose;
  LysInfusionPart *flowsheet;
  LysInfusionPart *events;
  LysInfusionPart *discharge;
  /* A start above the dose limit, waiting for the reason to go ahead */
  GDateTime *override_at;           /* NULL for now */
  char *override_time_reason;
};

G_DEFINE_FINAL_TYPE (LysInfusionWindow, lys_infusion_window, LYS_TYPE_RECORD_WINDOW)

static void update_view (LysInfusionWindow *self);

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
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  LysInfusion *infusion = lys_store_get_infusion (store, self->infusion_id, &error);

  if (infusion == NULL)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
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
  /* 0: any infusion, after the clinic's server was away */
  if (infusion_id == self->infusion_id || infusion_id == 0)
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
    settings[i] = lys_store_get_setting (lys_record_window_get_store (LYS_RECORD_WINDOW (self)), i);

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

static void
for_each_part (LysInfusionWindow *self,
               void             (*func) (LysInfusionPart *part, gpointer data),
               gpointer           data)
{
  LysInfusionPart *parts[] = { self->dose, self->flowsheet, self->events, self->discharge };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    func (parts[i], data);
}

/* What changes with the clock: the countdowns, here and in the parts */
static void
update_clock (LysInfusionWindow *self)
{
  LysInfusion *infusion = self->infusion;
  g_autoptr(GDateTime) now = lys_store_dup_now (lys_record_window_get_store (LYS_RECORD_WINDOW (self)));
  g_autofree char *clock = NULL;

  switch (infusion->status)
    {
    case LYS_INFUSION_PREPARING:
      {
        g_autofree char *booked = lys_infusion_part_clock_of (infusion->booked_at);

        /* Translators: %s is a time of day */
        clock = g_strdup_printf (_("Booked for %s. Take the baseline, then start."), booked);
      }
      break;
    case LYS_INFUSION_RUNNING:
    case LYS_INFUSION_PAUSED:
      {
        g_autofree char *started = lys_infusion_part_clock_of (infusion->started_at);
        g_autofree char *ends = lys_infusion_part_clock_of (infusion->ends_at);
        g_autofree char *until = lys_infusion_part_describe_until (infusion->ends_at, now);

        /* Translators: "Started 09:00 · ends 09:40, in 12 min" */
        clock = infusion->status == LYS_INFUSION_RUNNING
          ? g_strdup_printf (_("Started %s · ends %s, %s"), started, ends, until)
          /* Translators: "Started 09:00 · paused; the end moves while it is" */
          : g_strdup_printf (_("Started %s · paused: the end moves on while it is"), started);
      }
      break;
    case LYS_INFUSION_ENDED:
      {
        g_autofree char *ended = lys_infusion_part_clock_of (infusion->ends_at);
        g_autofree char *from = lys_infusion_part_clock_of (infusion->discharge_from);

        if (g_date_time_compare (now, infusion->discharge_from) >= 0)
          /* Translators: "Ended 09:40 · discharge possible from 10:40: now" */
          clock = g_strdup_printf (_("Ended %s · the patient can be discharged now"), ended);
        else
          {
            g_autofree char *until = lys_infusion_part_describe_until (infusion->discharge_from, now);

            /* Translators: "Ended 09:40 · earliest discharge 10:40, in 35 min" */
            clock = g_strdup_printf (_("Ended %s · earliest discharge %s, %s"), ended, from, until);
          }
      }
      break;
    case LYS_INFUSION_DISCHARGED:
    case LYS_N_INFUSION_STATUSES:
    default:
      {
        g_autofree char *at = lys_infusion_part_clock_of (infusion->discharged_at);

        /* Translators: "Discharged at 10:45 by Nina Nattevakt" */
        clock = g_strdup_printf (_("Discharged at %s by %s"), at, infusion->discharged_by);
      }
      break;
    }

  gtk_label_set_label (self->clock_label, clock);
  for_each_part (self, (gpointer) lys_infusion_part_tick, now);
}

static gboolean
on_tick_cb (gpointer data)
{
  LysInfusionWindow *self = data;

  if (self->infusion != NULL)
    update_clock (self);
  return G_SOURCE_CONTINUE;
}

/* The alert stays on top until somebody acknowledges it */
static void
update_alert (LysInfusionWindow *self)
{
  const LysVitalsReading *pending = lys_infusion_get_pending_alert (self->infusion);

  if (pending != NULL)
    {
      double settings[LYS_N_SETTINGS];
      LysVitalsLimits limits;
      g_autofree char *text = NULL;
      g_autofree char *at = lys_infusion_part_clock_of (pending->taken_at);
      g_autofree char *line = NULL;

      for (guint i = 0; i < LYS_N_SETTINGS; i++)
        settings[i] = lys_store_get_setting (lys_record_window_get_store (LYS_RECORD_WINDOW (self)), i);
      lys_vitals_limits_from_settings (&limits, settings);
      text = lys_vitals_describe_alert (&limits, &pending->values, pending->alert);
      /* Translators: "09:20: Alert: blood pressure 182/95 is above …" */
      line = g_strdup_printf (_("%s: %s"), at, text);
      gtk_label_set_label (self->alert_label, line);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->alert_label), GTK_ACCESSIBLE_PROPERTY_LABEL, line, -1);
    }
  if ((pending != NULL) != gtk_revealer_get_reveal_child (self->alert_revealer) && pending != NULL)
    gtk_widget_error_bell (GTK_WIDGET (self));
  gtk_revealer_set_reveal_child (self->alert_revealer, pending != NULL);
}

static void
update_view (LysInfusionWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  LysInfusion *infusion = self->infusion;
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  /* Whose record does not change: looked up once, not at every reading */
  if (self->patient == NULL)
    self->patient = lys_store_dup_patient (store, infusion->patient_id);
  lys_format_title_record (GTK_WINDOW (self), self->window_title, _("Infusion"), self->patient, infusion->room_name);

  update_summary (self);
  update_alert (self);
  for_each_part (self, (gpointer) lys_infusion_part_show, infusion);
  /* A part that hid the field with the focus let go of it: the next
   * reading takes it, while readings are still taken */
  if (focus != NULL && gtk_window_get_focus (GTK_WINDOW (self)) == NULL)
    lys_vitals_flowsheet_focus_reading (LYS_VITALS_FLOWSHEET (self->flowsheet));
  update_clock (self);
}

static void
set_record (LysInfusionPart   *part,
            LysInfusionWindow *self)
{
  lys_infusion_part_set_record (part, lys_record_window_get_store (LYS_RECORD_WINDOW (self)), self->infusion_id);
}

/* What is being typed in the parts goes to the store now */
static void
save_typed_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  for_each_part (LYS_INFUSION_WINDOW (widget), (gpointer) lys_infusion_part_flush, NULL);
}

/* Dialogs that ask before a step, with a time and a reason */

/* The time and reason fields of a step taken now, or earlier */
static void
add_time_fields (LysInfusionWindow *self,
                 AdwMessageDialog  *dialog)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (lys_record_window_get_store (LYS_RECORD_WINDOW (self)));
  g_autofree char *clock = lys_infusion_part_clock_of (now);

  lys_form_dialog_add_entry (dialog, "time", _("_Time (hh:mm)"), clock);
  lys_form_dialog_add_entry (dialog, "time-reason", _("_Why another time than now (only then)"), "");
}

static gboolean
prompt_time (LysInfusionWindow  *self,
             AdwMessageDialog   *dialog,
             GDateTime         **time,
             GError            **error)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  gboolean given = FALSE;
  g_autoptr(GDateTime) parsed = lys_infusion_part_parse_time (store, lys_form_dialog_get_text (dialog, "time"),
                                                               &given, error);

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
  g_autoptr(GDateTime) at = g_steal_pointer (&self->override_at);
  g_autofree char *time_reason = g_steal_pointer (&self->override_time_reason);

  if (g_str_equal (response, "start"))
    start_with (self, at, time_reason, lys_form_dialog_get_text (dialog, "override"));
}

static void
start_with (LysInfusionWindow *self,
            GDateTime         *at,
            const char        *time_reason,
            const char        *override)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  if (lys_store_start_infusion (store, self->infusion_id, at, time_reason, override, &warning, &error))
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
      g_clear_pointer (&self->override_at, g_date_time_unref);
      self->override_at = at != NULL ? g_date_time_ref (at) : NULL;
      g_free (self->override_time_reason);
      self->override_time_reason = g_strdup (time_reason);
      lys_dialog_ask (dialog, G_CALLBACK (on_override_response_cb), self);
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

  save_typed_action (widget, NULL, NULL);
  /* Translators: "40 mg, 1.0 mg/min over 40 min (0.50 mg/kg × 80.0 kg)." */
  body = g_strdup_printf (_("%s, %s (%s).\nConsent, eligibility, the course rules and the baseline are checked as it starts."),
                          gtk_label_get_label (self->dose_label), gtk_label_get_label (self->rate_label),
                          gtk_label_get_label (self->basis_label));
  dialog = lys_form_new_dialog (GTK_WIDGET (self), _("Start the Infusion?"), body, "start", _("_Start"), ADW_RESPONSE_SUGGESTED);
  add_time_fields (self, dialog);
  lys_dialog_ask (dialog, G_CALLBACK (on_start_response_cb), self);
}

static void
on_end_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    LysInfusionWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
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
      !lys_store_end_infusion (store, self->infusion_id, at, lys_form_dialog_get_text (dialog, "time-reason"),
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
  lys_dialog_ask (dialog, G_CALLBACK (on_end_response_cb), self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  AdwMessageDialog *dialog;
  g_autoptr(GDateTime) now = lys_store_dup_now (lys_record_window_get_store (LYS_RECORD_WINDOW (self)));
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
  lys_dialog_ask (dialog, G_CALLBACK (on_end_response_cb), self);
}

static void
on_pause_response_cb (AdwMessageDialog  *dialog,
                      const char        *response,
                      LysInfusionWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "pause") &&
      !lys_store_pause_infusion (store, self->infusion_id, lys_form_dialog_get_text (dialog, "reason"), &error))
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
  lys_dialog_ask (dialog, G_CALLBACK (on_pause_response_cb), self);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (widget);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;

  if (!lys_store_resume_infusion (store, self->infusion_id, &error))
    refuse (self, _("The Infusion Was Not Resumed"), error);
}

static void
on_acknowledge_response_cb (AdwMessageDialog  *dialog,
                            const char        *response,
                            LysInfusionWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  gint64 reading = lys_form_dialog_get_record (dialog);
  LysAlertAction action;

  if (!lys_alert_action_from_nick (response, &action))
    return;

  if (!lys_store_acknowledge_alert (store, reading, action, lys_form_dialog_get_text (dialog, "note"), &error))
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
  lys_form_dialog_set_record (dialog, pending->id);
  lys_dialog_ask (dialog, G_CALLBACK (on_acknowledge_response_cb), self);
}

/* The window */

static gboolean
lys_infusion_window_close_request (GtkWindow *window)
{
  /* Text typed in the last moment is kept too */
  save_typed_action (GTK_WIDGET (window), NULL, NULL);

  return GTK_WINDOW_CLASS (lys_infusion_window_parent_class)->close_request (window);
}

static void
lys_infusion_window_dispose (GObject *object)
{
  LysInfusionWindow *self = LYS_INFUSION_WINDOW (object);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));

  g_clear_object (&self->patient);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (store != NULL)
    g_signal_handlers_disconnect_by_func (store, on_infusion_changed_cb, self);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_clear_pointer (&self->infusion, lys_infusion_free);
  g_clear_pointer (&self->override_at, g_date_time_unref);
  g_clear_pointer (&self->override_time_reason, g_free);

  G_OBJECT_CLASS (lys_infusion_window_parent_class)->dispose (object);
}

static void
lys_infusion_window_class_init (LysInfusionWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* Worked in for long: Escape does not close it */
  LYS_RECORD_WINDOW_CLASS (klass)->closes_on_escape = FALSE;

  object_class->dispose = lys_infusion_window_dispose;
  window_class->close_request = lys_infusion_window_close_request;

  g_type_ensure (LYS_TYPE_HOLDERS_BAR);
  g_type_ensure (LYS_TYPE_INFUSION_DOSE);
  g_type_ensure (LYS_TYPE_VITALS_FLOWSHEET);
  g_type_ensure (LYS_TYPE_INFUSION_EVENTS);
  g_type_ensure (LYS_TYPE_DISCHARGE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-infusion-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, alert_revealer);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, alert_label);
  lys_record_window_class_bind_problem (widget_class, "error_label");
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, holders_bar);
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
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, dose);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, flowsheet);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, events);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionWindow, discharge);

  gtk_widget_class_install_action (widget_class, "infusion.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "infusion.end", NULL, end_action);
  gtk_widget_class_install_action (widget_class, "infusion.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "infusion.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "infusion.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "infusion.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_install_action (widget_class, "infusion.save-typed", NULL, save_typed_action);
}

static void
lys_infusion_window_init (LysInfusionWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_window_set_focus (GTK_WINDOW (self), lys_infusion_dose_get_first_field (LYS_INFUSION_DOSE (self->dose)));
}

static LysInfusionWindow *
find_open (LysStore *store,
           gint64    infusion_id)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Of the same clinic, as the same staff member */
  for (guint i = 0, n = g_list_model_get_n_items (toplevels); i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LYS_IS_INFUSION_WINDOW (window) && LYS_INFUSION_WINDOW (window)->infusion_id == infusion_id &&
          lys_record_window_get_store (LYS_RECORD_WINDOW (window)) == store)
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

  self = find_open (store, infusion_id);
  if (self == NULL)
    {
      self = g_object_new (LYS_TYPE_INFUSION_WINDOW, "store", store, "transient-for", parent, NULL);
      if (parent != NULL && gtk_window_get_application (parent) != NULL)
        gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
          self->infusion_id = infusion_id;
      self->staff = lys_store_list_staff (store, LYS_N_ROLES, NULL);
      for_each_part (self, (gpointer) set_record, self);
      g_signal_connect (store, "infusion-changed", G_CALLBACK (on_infusion_changed_cb), self);
      /* The bedside record is open for writing here, as the other desks see */
      lys_holders_bar_watch (self->holders_bar, store, LYS_HELD_INFUSION, infusion_id);
      self->tick_id = g_timeout_add_seconds (1, on_tick_cb, self);
      reload (self);
    }

  gtk_window_present (GTK_WINDOW (self));
  return self;
}
