/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-infusion-events"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-dialog.h"
#include "lys-form.h"
#include "lys-infusion-events.h"
#include "lys-rating-window.h"
#include "lys-rows.h"

/* During and after the infusion: the dissociation rating (CADSS), adverse
 * events, pauses and stops by time, and the psychologist's observations,
 * saved after a pause in typing. */

struct _LysInfusionEvents
{
  LysInfusionPart parent_instance;

  AdwActionRow *cadss_row;
  GtkWidget *cadss_button;
  GtkWidget *adverse_button;
  GtkListBox *events_list;
  GListStore *events;           /* owned by events_list */
  GtkTextView *observations_view;
};

G_DEFINE_FINAL_TYPE (LysInfusionEvents, lys_infusion_events, LYS_TYPE_INFUSION_PART)

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

static Entry *
entry_new (GDateTime *at,
           char      *title,
           char      *subtitle)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->at = at;
  entry->title = title;
  entry->subtitle = subtitle;
  return entry;
}

/* Adverse events and what happened to the infusion, by time */
static GPtrArray *
list_entries (const LysInfusion *infusion)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  for (guint i = 0; i < infusion->adverse_events->len; i++)
    {
      LysAdverseEvent *event = infusion->adverse_events->pdata[i];
      g_autofree char *at = lys_infusion_part_clock_of (event->noted_at);
      const char *kind = event->kind == LYS_ADVERSE_OTHER && event->description
                         ? event->description : lys_adverse_kind_get_label (event->kind);
      const char *by = event->recorded_by ? event->recorded_by : "";

      g_ptr_array_add (entries,
                       entry_new (event->noted_at,
                                  /* Translators: "09:15 · Nausea, moderate" */
                                  g_strdup_printf (_("%s · %s, %s"), at, kind, lys_severity_get_label (event->severity)),
                                  event->action != NULL && event->action[0] != '\0'
                                  /* Translators: "Action: Ondansetron 4 mg · Nils Sykepleier" */
                                  ? g_strdup_printf (_("Action: %s · %s"), event->action, by)
                                  : g_strdup_printf (_("Recorded by %s"), by)));
    }
  for (guint i = 0; i < infusion->events->len; i++)
    {
      LysInfusionEvent *event = infusion->events->pdata[i];
      g_autofree char *at = lys_infusion_part_clock_of (event->at);

      g_ptr_array_add (entries,
                       entry_new (event->at,
                                  g_strdup_printf (_("%s · %s"), at, lys_infusion_event_kind_get_label (event->kind)),
                                  event->reason != NULL
                                  /* Translators: "Why · who", e.g. "Blood pressure high · Nina Nattevakt" */
                                  ? g_strdup_printf (_("%s · %s"), event->reason, event->by ? event->by : "")
                                  : g_strdup (event->by)));
    }
  g_ptr_array_sort (entries, compare_entries);
  return entries;
}

static void
lys_infusion_events_show (LysInfusionPart   *part,
                          const LysInfusion *infusion)
{
  LysInfusionEvents *self = LYS_INFUSION_EVENTS (part);
  g_autoptr(GPtrArray) entries = list_entries (infusion);
  g_autofree char *cadss = NULL;
  gboolean started = infusion->status != LYS_INFUSION_PREPARING;
  gboolean open = !lys_infusion_is_read_only (infusion);

  g_list_store_remove_all (self->events);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = entries->pdata[i];

      lys_rows_append_text (self->events, entry->title, entry->subtitle, NULL);
    }

  if (infusion->has_cadss)
    cadss = g_strdup_printf (_("Total %u of %u"), infusion->cadss_total, lys_scale_get_total_max (LYS_SCALE_CADSS));
  adw_action_row_set_subtitle (self->cadss_row, cadss ? cadss : started ? _("Not rated yet") : _("Rated once the infusion has started"));
  gtk_widget_set_sensitive (self->cadss_button, started && open);
  gtk_widget_set_sensitive (self->adverse_button, started && open);
  /* Closed, the caret stays for reading by keyboard (see the note window) */
  gtk_text_view_set_editable (self->observations_view, open);

  lys_infusion_part_show_text (part, G_OBJECT (gtk_text_view_get_buffer (self->observations_view)),
                               infusion->observations);
  /* An altered record shows nothing of itself */
  gtk_widget_set_visible (GTK_WIDGET (self), !infusion->altered);
}

static void
on_adverse_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        LysInfusionEvents *self)
{
  LysInfusionPart *part = LYS_INFUSION_PART (self);
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
  if (!lys_store_add_adverse_event (lys_infusion_part_get_store (part), lys_infusion_part_get_infusion_id (part),
                                    kind - 1, lys_form_dialog_get_text (dialog, "description"), severity - 1,
                                    lys_form_dialog_get_text (dialog, "action"), &error))
    lys_alert_refuse_answer (dialog, error->message);
}

static void
adverse_event_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LysInfusionEvents *self = LYS_INFUSION_EVENTS (widget);
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
  lys_dialog_ask (dialog, G_CALLBACK (on_adverse_response_cb), self);
}

static void
cadss_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LysInfusionPart *part = LYS_INFUSION_PART (widget);
  const LysInfusion *infusion = lys_infusion_part_get_infusion (part);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (infusion != NULL)
    gtk_window_present (GTK_WINDOW (lys_rating_window_new_for_infusion (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                        lys_infusion_part_get_store (part), infusion)));
}

static void
lys_infusion_events_class_init (LysInfusionEventsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LysInfusionPartClass *part_class = LYS_INFUSION_PART_CLASS (klass);

  part_class->show = lys_infusion_events_show;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-infusion-events.ui");
  gtk_widget_class_bind_template_child (widget_class, LysInfusionEvents, cadss_row);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionEvents, cadss_button);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionEvents, adverse_button);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionEvents, events_list);
  gtk_widget_class_bind_template_child (widget_class, LysInfusionEvents, observations_view);

  gtk_widget_class_install_action (widget_class, "infusion.adverse-event", NULL, adverse_event_action);
  gtk_widget_class_install_action (widget_class, "infusion.cadss", NULL, cadss_action);
}

static void
lys_infusion_events_init (LysInfusionEvents *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->events = lys_rows_bind_texts (self->events_list);
  gtk_list_box_set_placeholder (self->events_list, lys_rows_new_placeholder (_("No adverse events, pauses or stops.")));
  lys_infusion_part_watch_text (LYS_INFUSION_PART (self), G_OBJECT (gtk_text_view_get_buffer (self->observations_view)),
                                LYS_INFUSION_FIELD_OBSERVATIONS);
}
