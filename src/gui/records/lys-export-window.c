/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-export-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-export-window.h"
#include "lys-file-chooser.h"
#include "lys-later.h"
#include "lys-registry-export.h"
#include "lys-time.h"

/* The registry export: a period, the kind of course and whether to
 * identify the patients; what the file will hold, counted off the main
 * thread as the choices change; then the file, written in a worker thread
 * with its progress, and cancellable. */
struct _LysExportWindow
{
  LysRecordWindow parent_instance;

  LysRegistryExport *export;    /* for the choices shown, or NULL when they are wrong */
  GCancellable *counting;
  GCancellable *writing;        /* while the file is written */
  char *target;                 /* the name of the file written */
  gboolean close_when_done;
  guint recount_id;

  AdwToastOverlay *toast_overlay;
  GtkButton *cancel_button;
  GtkButton *export_button;     /* its action says when it can be used */
  GtkStack *stack;
  AdwEntryRow *from_row;
  AdwEntryRow *to_row;
  AdwComboRow *courses_row;
  GtkSwitch *identified_switch;
  GtkWidget *problem_group;
  AdwActionRow *problem_row;
  GtkLabel *patients_label;
  GtkLabel *courses_label;
  GtkLabel *infusions_label;
  GtkLabel *observations_label;
  GtkLabel *adverse_label;
  GtkLabel *consents_label;
  GtkLabel *left_out_label;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE (LysExportWindow, lys_export_window, LYS_TYPE_RECORD_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Counting waits this long after the last key */
#define RECOUNT_DELAY_MS 250

/* A problem with the choices, in place, for sight and for screen readers */
static void
show_problem (LysExportWindow *self,
              const char      *message)
{
  gtk_widget_set_visible (self->problem_group, message != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->problem_row), message ? message : "");
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->problem_row), GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
}

static void
clear_counts (LysExportWindow *self)
{
  GtkLabel *labels[] = {
    self->patients_label, self->courses_label, self->infusions_label, self->observations_label,
    self->adverse_label, self->consents_label, self->left_out_label,
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    /* Translators: a count not known yet */
    gtk_label_set_label (labels[i], _("–"));
}

static void
set_count (GtkLabel *label,
           guint     n)
{
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_label (label, text);
}

/* A day of an entry: empty is no limit. Returns FALSE for text that is no
 * date, with the message */
static gboolean
read_day (AdwEntryRow  *row,
          char        **day,
          char        **message)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  GDate date;

  *day = NULL;
  if (trimmed[0] == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      return TRUE;
    }
  if (!lys_time_parse_date (trimmed, &date))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      /* Translators: %s is what was typed as a date */
      *message = g_strdup_printf (_("“%s” is not a date. Write it like 23.11.2026, or leave it empty for no limit."),
                                  trimmed);
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  *day = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
  return TRUE;
}

static void
count_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  LysExportSummary summary;
  GError *error = NULL;

  if (lys_registry_export_count (data, &summary, &error))
    g_task_return_pointer (task, g_memdup2 (&summary, sizeof summary), g_free);
  else
    g_task_return_error (task, error);
}

static void
on_counted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autofree LysExportSummary *summary = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(LysExportWindow) self = data;
  g_autofree char *left_out = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->export == NULL ||
      g_task_get_task_data (G_TASK (result)) != self->export)
    return;
  if (summary == NULL)
    {
      show_problem (self, error->message);
      return;
    }

  set_count (self->patients_label, summary->patients);
  set_count (self->courses_label, summary->courses);
  set_count (self->infusions_label, summary->infusions);
  set_count (self->observations_label, summary->observations);
  set_count (self->adverse_label, summary->adverse_events);
  set_count (self->consents_label, summary->consents);
  left_out = g_strdup_printf (ngettext ("%u patient who opted out", "%u patients who opted out", summary->left_out),
                              summary->left_out);
  gtk_label_set_label (self->left_out_label, left_out);

  if (summary->patients == 0)
    show_problem (self, _("No patient has a course in this period. Choose a longer period or other courses."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", summary->patients > 0);
}

/* The choices as they stand: checked, then counted in a worker thread */
static void
recount (LysExportWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *message = NULL;
  LysExportOptions options;

  g_clear_handle_id (&self->recount_id, g_source_remove);
  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  g_clear_object (&self->export);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", FALSE);
  clear_counts (self);

  if (!read_day (self->from_row, &from, &message) || !read_day (self->to_row, &to, &message))
    {
      show_problem (self, message);
      return;
    }

  options = (LysExportOptions) {
    from, to, adw_combo_row_get_selected (self->courses_row), gtk_switch_get_active (self->identified_switch),
  };
  self->export = lys_registry_export_new (store, &options, &error);
  if (self->export == NULL)
    {
      show_problem (self, error->message);
      return;
    }

  show_problem (self, NULL);
  self->counting = g_cancellable_new ();
  task = g_task_new (NULL, self->counting, on_counted_cb, g_object_ref (self));
  g_task_set_task_data (task, g_object_ref (self->export), g_object_unref);
  g_task_run_in_thread (task, count_in_thread);
}

static void
on_filter_changed_cb (LysExportWindow *self)
{
  /* Not while the template is built */
  if (lys_record_window_get_store (LYS_RECORD_WINDOW (self)) == NULL)
    return;

  lys_later (&self->recount_id, G_PRIORITY_DEFAULT, RECOUNT_DELAY_MS, (LysLaterFunc) recount, self);
}

static void
set_writing (LysExportWindow *self,
             gboolean         writing)
{
  gtk_stack_set_visible_child_name (self->stack, writing ? "progress" : "form");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", !writing && self->export != NULL);
  if (writing)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      /* Translators: the progress bar of an export, before the first patient */
      gtk_progress_bar_set_text (self->progress_bar, _("Starting"));
      gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
    }
}

static void
on_progress_cb (guint    done,
                guint    total,
                gpointer data)
{
  LysExportWindow *self = data;
  g_autofree char *text = NULL;

  /* Translators: the progress of an export */
  text = g_strdup_printf (ngettext ("%u of %u patient", "%u of %u patients", total), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(LysExportWindow) self = data;
  g_autoptr(GError) error = NULL;
  LysExportSummary summary;
  gboolean ok;

  ok = lys_registry_export_run_finish (LYS_REGISTRY_EXPORT (source), result, &summary, &error);
  g_clear_object (&self->writing);

  if (ok)
    {
      g_autofree char *unwritable = lys_export_summary_dup_unwritable (&summary);
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      g_signal_emit (self, signals[EXPORTED], 0, summary.patients, self->target);
      /* Who was left out is said where the user goes back to */
      if (unwritable != NULL && parent != NULL)
        lys_alert (GTK_WIDGET (parent), _("Some Patients Were Left Out"), unwritable);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  set_writing (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Export cancelled: no file was written")));
  else
    lys_alert (GTK_WIDGET (self), _("Nothing Was Exported"), error->message);
}

/**
 * lys_export_window_export_to:
 * @file: the file to write, replaced if it is there
 *
 * Writes the export as chosen in the window, in a worker thread; the
 * window closes when it is done and says so with ::exported.
 */
void
lys_export_window_export_to (LysExportWindow *self,
                             GFile           *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LYS_IS_EXPORT_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (self->export == NULL || self->writing != NULL)
    return;
  if (path == NULL)
    {
      lys_alert (GTK_WIDGET (self), _("Nothing Was Exported"),
                 _("The export is written to a folder on this computer. Choose one of its folders."));
      return;
    }

  g_free (self->target);
  self->target = g_file_get_basename (file);
  self->writing = g_cancellable_new ();
  set_writing (self, TRUE);
  lys_registry_export_run_async (self->export, path, on_progress_cb, self, self->writing, on_written_cb,
                                 g_object_ref (self));
}

static void
on_chosen_cb (GtkNativeDialog *chooser,
              int              response,
              LysExportWindow *self)
{
  g_autoptr(GFile) file = NULL;

  file = lys_file_chooser_finish (chooser, response);
  if (file != NULL)
    lys_export_window_export_to (self, file);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  static const char *suffixes[] = { "xml", NULL };
  LysExportWindow *self = LYS_EXPORT_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->export == NULL)
    return;

  /* Translators: a file name; %s is today's date. Keep it free of spaces */
  name = g_strdup_printf (_("registry-export-%s.xml"), day);
  chooser = lys_file_chooser_new (GTK_WINDOW (self), _("Export for Registry"), _("_Export"),
                                  /* Translators: a file type in the file chooser */
                                  _("FHIR XML files"), "application/fhir+xml", suffixes, name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Cancel stops the file being written, or closes the window */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LysExportWindow *self = LYS_EXPORT_WINDOW (widget);

  if (self->writing != NULL)
    g_cancellable_cancel (self->writing);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Closed while writing: the export stops, leaves nothing, then the window
 * goes */
static gboolean
lys_export_window_close_request (GtkWindow *window)
{
  LysExportWindow *self = LYS_EXPORT_WINDOW (window);

  if (self->writing == NULL)
    return GTK_WINDOW_CLASS (lys_export_window_parent_class)->close_request (window);

  self->close_when_done = TRUE;
  g_cancellable_cancel (self->writing);
  return TRUE;
}

static void
lys_export_window_dispose (GObject *object)
{
  LysExportWindow *self = LYS_EXPORT_WINDOW (object);

  g_clear_handle_id (&self->recount_id, g_source_remove);
  g_cancellable_cancel (self->counting);
  g_cancellable_cancel (self->writing);
  gtk_widget_dispose_template (GTK_WIDGET (self), LYS_TYPE_EXPORT_WINDOW);
  g_clear_object (&self->counting);
  g_clear_object (&self->writing);
  g_clear_object (&self->export);
  g_clear_pointer (&self->target, g_free);

  G_OBJECT_CLASS (lys_export_window_parent_class)->dispose (object);
}

static void
lys_export_window_class_init (LysExportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lys_export_window_dispose;
  window_class->close_request = lys_export_window_close_request;

  /**
   * LysExportWindow::exported:
   * @n_patients: how many patients the file holds
   * @name: the file's name
   */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-export-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, from_row);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, to_row);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, courses_row);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, identified_switch);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, problem_group);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, problem_row);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, patients_label);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, courses_label);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, infusions_label);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, observations_label);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, adverse_label);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, consents_label);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, left_out_label);
  gtk_widget_class_bind_template_child (widget_class, LysExportWindow, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
lys_export_window_init (LysExportWindow *self)
{
  g_autoptr(GtkStringList) courses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (LysExportCourses i = 0; i < LYS_N_EXPORT_COURSES; i++)
    gtk_string_list_append (courses, lys_export_courses_get_label (i));
  adw_combo_row_set_model (self->courses_row, G_LIST_MODEL (courses));
  g_signal_connect_swapped (self->identified_switch, "notify::active", G_CALLBACK (on_filter_changed_cb), self);
  clear_counts (self);
}

/**
 * lys_export_window_new:
 *
 * The export window, with the last twelve months chosen.
 */
LysExportWindow *
lys_export_window_new (GtkWindow *parent,
                       LysStore  *store)
{
  LysExportWindow *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) year_ago = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) first = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = g_date_time_format (now, "%d.%m.%Y");

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);

  first = g_date_time_add_years (year_ago, -1);
  from = g_date_time_format (first, "%d.%m.%Y");

  self = g_object_new (LYS_TYPE_EXPORT_WINDOW, "store", store, "transient-for", parent, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to);
  /* Counted now, not once more after the delay the typing above asked for */
  recount (self);
  return self;
}
