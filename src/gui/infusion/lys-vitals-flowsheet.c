/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-vitals-flowsheet"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-error.h"
#include "lys-form.h"
#include "lys-rows.h"
#include "lys-text.h"
#include "lys-vitals-flowsheet.h"

/* The vital signs of an infusion: a reading entered as four numbers (Tab
 * between them, Enter records), at the time on the clock or one typed in
 * with a reason; the readings, newest first, with their alerts and who
 * took them; and when the next one is due. */

struct _LysVitalsFlowsheet
{
  LysInfusionPart parent_instance;

  GtkEntry *systolic_entry;
  GtkEntry *diastolic_entry;
  GtkEntry *pulse_entry;
  GtkEntry *spo2_entry;
  GtkEntry *time_entry;
  GtkEntry *time_reason_entry;

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
  GListStore *readings;         /* owned by vitals_list */
};

G_DEFINE_FINAL_TYPE (LysVitalsFlowsheet, lys_vitals_flowsheet, LYS_TYPE_INFUSION_PART)

static char *
describe_reading (const LysVitalsReading *reading,
                  const LysVitalsLimits  *limits)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *values = lys_vitals_format (&reading->values);

  g_string_append (text, values);
  if (reading->late && reading->due_at != NULL)
    {
      g_autofree char *due = lys_infusion_part_clock_of (reading->due_at);

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
      g_autofree char *at = lys_infusion_part_clock_of (reading->acknowledged_at);

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
lys_vitals_flowsheet_show (LysInfusionPart   *part,
                           const LysInfusion *infusion)
{
  LysVitalsFlowsheet *self = LYS_VITALS_FLOWSHEET (part);
  LysStore *store = lys_infusion_part_get_store (part);
  double settings[LYS_N_SETTINGS];
  LysVitalsLimits limits;
  gboolean open = !lys_infusion_is_read_only (infusion);

  for (guint i = 0; i < LYS_N_SETTINGS; i++)
    settings[i] = lys_store_get_setting (store, i);
  lys_vitals_limits_from_settings (&limits, settings);

  g_list_store_remove_all (self->readings);
  for (guint i = infusion->readings->len; i-- > 0;)
    {
      LysVitalsReading *reading = infusion->readings->pdata[i];
      g_autofree char *at = lys_infusion_part_clock_of (reading->taken_at);
      /* Translators: "09:10 · During" */
      g_autofree char *title = g_strdup_printf (_("%s · %s"), at, lys_vitals_stage_get_label (reading->stage));
      g_autofree char *subtitle = describe_reading (reading, &limits);
      const char *tags[5] = { NULL };
      guint n = 0;

      if (reading->alert != LYS_VITALS_ALERT_NONE)
        {
          tags[n++] = reading->acknowledged ? _("Alert acknowledged") : _("Alert");
          tags[n++] = reading->acknowledged ? "cancelled" : "alert";
        }
      if (reading->late)
        {
          tags[n++] = _("Late");
          tags[n++] = "missed";
        }
      lys_rows_append_text (self->readings, title, subtitle, tags);
    }

  if (!open)
    {
      lys_infusion_part_release_focus (part, self->reading_box);
      gtk_revealer_set_reveal_child (self->time_reason_revealer, FALSE);
    }
  gtk_widget_set_visible (self->reading_box, open);
  /* An altered record shows nothing of itself */
  gtk_widget_set_visible (GTK_WIDGET (self), !infusion->altered);
}

/* When the next reading is due */
static void
lys_vitals_flowsheet_tick (LysInfusionPart   *part,
                           const LysInfusion *infusion,
                           GDateTime         *now)
{
  LysVitalsFlowsheet *self = LYS_VITALS_FLOWSHEET (part);
  g_autofree char *due = NULL;

  if (infusion->status == LYS_INFUSION_PREPARING)
    {
      const LysVitalsReading *baseline = lys_infusion_get_baseline (infusion);

      if (baseline != NULL)
        {
          g_autofree char *taken = lys_infusion_part_clock_of (baseline->taken_at);

          /* Translators: "Baseline taken at 08:55" */
          due = g_strdup_printf (_("Baseline taken at %s"), taken);
        }
      else
        due = g_strdup (_("Baseline due now"));
    }
  else if (infusion->next_due != NULL)
    {
      g_autofree char *at = lys_infusion_part_clock_of (infusion->next_due);
      g_autofree char *until = lys_infusion_part_describe_until (infusion->next_due, now);

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
  gtk_label_set_label (self->due_label, due ? due : "");
}

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
  LysVitalsFlowsheet *self = LYS_VITALS_FLOWSHEET (widget);
  LysInfusionPart *part = LYS_INFUSION_PART (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) taken = NULL;
  LysVitals vitals = { 0 };
  LysVitalsAlert alert = LYS_VITALS_ALERT_NONE;
  gboolean given = FALSE;
  GtkEntry *cleared[] = { self->systolic_entry, self->diastolic_entry, self->pulse_entry,
                          self->spo2_entry, self->time_entry, self->time_reason_entry };

  if (!parse_number (self->systolic_entry, _("the systolic pressure"), &vitals.systolic, &error) ||
      !parse_number (self->diastolic_entry, _("the diastolic pressure"), &vitals.diastolic, &error) ||
      !parse_number (self->pulse_entry, _("the heart rate"), &vitals.heart_rate, &error) ||
      !parse_number (self->spo2_entry, _("the oxygen saturation"), &vitals.spo2, &error) ||
      (taken = lys_infusion_part_parse_time (lys_infusion_part_get_store (part), gtk_editable_get_text (GTK_EDITABLE (self->time_entry)), &given, &error)) == NULL ||
      lys_store_record_vitals (lys_infusion_part_get_store (part), lys_infusion_part_get_infusion_id (part),
                               &vitals, given ? taken : NULL,
                               gtk_editable_get_text (GTK_EDITABLE (self->time_reason_entry)), &alert, &error) == 0)
    {
      /* What was typed stays, to be put right */
      lys_alert (GTK_WIDGET (self), _("Reading Not Recorded"), error->message);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cleared); i++)
    gtk_editable_set_text (GTK_EDITABLE (cleared[i]), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->systolic_entry));
  lys_alert_toast (GTK_WIDGET (part), alert != LYS_VITALS_ALERT_NONE ? _("Recorded: the reading raised an alert")
                                                                : _("Reading recorded"));
}

static void
on_reading_activate_cb (LysVitalsFlowsheet *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "infusion.record", NULL);
}

static void
on_time_changed_cb (LysVitalsFlowsheet *self)
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

/**
 * lys_vitals_flowsheet_focus_reading:
 *
 * Puts the focus in the first field of a new reading, when readings can
 * still be taken.
 *
 * Returns: whether the focus went there
 */
gboolean
lys_vitals_flowsheet_focus_reading (LysVitalsFlowsheet *self)
{
  g_return_val_if_fail (LYS_IS_VITALS_FLOWSHEET (self), FALSE);

  return gtk_widget_get_visible (self->reading_box) && gtk_widget_grab_focus (GTK_WIDGET (self->systolic_entry));
}

static void
lys_vitals_flowsheet_class_init (LysVitalsFlowsheetClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LysInfusionPartClass *part_class = LYS_INFUSION_PART_CLASS (klass);

  part_class->show = lys_vitals_flowsheet_show;
  part_class->tick = lys_vitals_flowsheet_tick;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-vitals-flowsheet.ui");
  gtk_widget_class_bind_template_child (widget_class, LysVitalsFlowsheet, due_label);
  gtk_widget_class_bind_template_child (widget_class, LysVitalsFlowsheet, reading_box);
  gtk_widget_class_bind_template_child (widget_class, LysVitalsFlowsheet, systolic_box);
  gtk_widget_class_bind_template_child (widget_class, LysVitalsFlowsheet, diastolic_box);
  gtk_widget_class_bind_template_child (widget_class, LysVitalsFlowsheet, pulse_box);
  gtk_widget_class_bind_template_child (widget_class, LysVitalsFlowsheet, spo2_box);
  gtk_widget_class_bind_template_child (widget_class, LysVitalsFlowsheet, time_box);
  gtk_widget_class_bind_template_child (widget_class, LysVitalsFlowsheet, time_reason_revealer);
  gtk_widget_class_bind_template_child (widget_class, LysVitalsFlowsheet, time_reason_box);
  gtk_widget_class_bind_template_child (widget_class, LysVitalsFlowsheet, vitals_list);

  gtk_widget_class_install_action (widget_class, "infusion.record", NULL, record_action);
}

static void
lys_vitals_flowsheet_init (LysVitalsFlowsheet *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->readings = lys_rows_bind_texts (self->vitals_list);
  gtk_list_box_set_placeholder (self->vitals_list,
                                lys_rows_new_placeholder (_("No readings yet. Take the baseline before the start.")));

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
}
