/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-import-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-import-window.h"

/* Reads a patient spreadsheet off the main thread, shows what it holds and
 * what is wrong with it, and imports on request: all rows, or the good ones. */
struct _LysImportWindow
{
  LysRecordWindow parent_instance;

  GCancellable *cancellable;
  LysPatientImport *import;
  gboolean importing;        /* the write is under way */

  GtkButton *import_button;
  GtkStack *stack;
  AdwStatusPage *error_page;
  AdwPreferencesGroup *summary_group;
  AdwPreferencesGroup *problems_group;
  AdwPreferencesGroup *patients_group;
};

G_DEFINE_FINAL_TYPE (LysImportWindow, lys_import_window, LYS_TYPE_RECORD_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Rows shown in the preview; the import takes them all */
#define PREVIEW_ROWS 200

/* What the worker reads: the file, and the numbers already registered */
typedef struct
{
  GFile *file;
  GHashTable *registered;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->registered, g_hash_table_unref);
  g_free (job);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReadJob *job = task_data;
  GFile *file = job->file;
  GHashTable *registered = job->registered;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  LysPatientImport *import;
  gsize length;

  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  import = lys_patient_import_read (data, length, registered, NULL, &error);
  if (import == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, import, (GDestroyNotify) lys_patient_import_free);
}

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
}

static void
show_preview (LysImportWindow *self)
{
  LysPatientImport *import = self->import;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  guint n = import->patients->len;

  title = g_strdup_printf (ngettext ("%u patient can be imported", "%u patients can be imported", n), n);
  adw_preferences_group_set_title (self->summary_group, title);
  if (import->problems->len > 0)
    {
      g_autofree char *description =
        g_strdup_printf (ngettext ("%u of %u rows has a problem.", "%u of %u rows have problems.",
                                   import->problems->len),
                         import->problems->len, import->n_rows);
      adw_preferences_group_set_description (self->summary_group, description);
    }

  for (guint i = 0; i < import->unknown_columns->len; i++)
    {
      g_autofree char *message = lys_patient_import_describe_unknown_column (import->unknown_columns->pdata[i]);

      /* Translators: the header row of a spreadsheet */
      add_row (self->summary_group, _("Header row"), message);
    }

  for (guint i = 0; i < import->problems->len; i++)
    {
      LysImportProblem *problem = import->problems->pdata[i];
      /* Translators: a line of the imported file */
      g_autofree char *line = g_strdup_printf (_("Line %u"), problem->line);

      add_row (self->problems_group, line, problem->reason);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), import->problems->len > 0);

  for (guint i = 0; i < MIN (n, PREVIEW_ROWS); i++)
    {
      LysPatient *patient = import->patients->pdata[i];
      g_autofree char *name = lys_patient_dup_display_name (patient);

      add_row (self->patients_group, name, lys_patient_get_national_id (patient));
    }
  if (n > PREVIEW_ROWS)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("and %u more", "and %u more", n - PREVIEW_ROWS),
                                               n - PREVIEW_ROWS);
      adw_preferences_group_set_description (self->patients_group, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->patients_group), n > 0);

  if (import->problems->len > 0)
    label = g_strdup_printf (ngettext ("_Import %u Good Row", "_Import %u Good Rows", n), n);
  else
    label = g_strdup_printf (ngettext ("_Import %u Patient", "_Import %u Patients", n), n);
  gtk_button_set_label (self->import_button, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", n > 0);

  gtk_stack_set_visible_child_name (self->stack, "preview");
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LysImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  LysPatientImport *import = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (import == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  self->import = import;
  show_preview (self);
}

static void
set_importing (LysImportWindow *self,
               gboolean         importing)
{
  self->importing = importing;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.close", !importing);
  gtk_stack_set_visible_child_name (self->stack, importing ? "importing" : "preview");
}

static void
on_imported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LysImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  set_importing (self, FALSE);
  if (!lys_store_import_patients_finish (LYS_STORE (source), result, &error))
    {
      lys_alert (GTK_WIDGET (self), _("Nothing Was Imported"), error->message);
      return;
    }

  g_signal_emit (self, signals[IMPORTED], 0, self->import->patients->len);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The write runs in a worker, one transaction: the window waits for it
 * and cannot be closed meanwhile, so that what it says is what was
 * stored */
static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LysImportWindow *self = LYS_IMPORT_WINDOW (widget);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));

  if (self->import == NULL || self->importing)
    return;

  set_importing (self, TRUE);
  lys_store_import_patients_async (store, self->import, TRUE, NULL, on_imported_cb, g_object_ref (self));
}

static gboolean
lys_import_window_close_request (GtkWindow *window)
{
  return LYS_IMPORT_WINDOW (window)->importing ||
         GTK_WINDOW_CLASS (lys_import_window_parent_class)->close_request (window);
}

static void
lys_import_window_dispose (GObject *object)
{
  LysImportWindow *self = LYS_IMPORT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LYS_TYPE_IMPORT_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->import, lys_patient_import_free);

  G_OBJECT_CLASS (lys_import_window_parent_class)->dispose (object);
}

static void
lys_import_window_class_init (LysImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_import_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = lys_import_window_close_request;

  /**
   * LysImportWindow::imported:
   * @n_patients: how many patients were registered
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-import-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysImportWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, LysImportWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LysImportWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LysImportWindow, summary_group);
  gtk_widget_class_bind_template_child (widget_class, LysImportWindow, problems_group);
  gtk_widget_class_bind_template_child (widget_class, LysImportWindow, patients_group);

  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
}

static void
lys_import_window_init (LysImportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);
}

LysImportWindow *
lys_import_window_new (GtkWindow *parent,
                       LysStore  *store,
                       GFile     *file)
{
  LysImportWindow *self;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  ReadJob *job;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (LYS_TYPE_IMPORT_WINDOW, "store", store, "transient-for", parent, NULL);

  name = g_file_get_basename (file);
  gtk_window_set_title (GTK_WINDOW (self), name);

  /* The numbers already registered are gathered here, where the store lives */
  job = g_new0 (ReadJob, 1);
  job->file = g_object_ref (file);
  job->registered = lys_store_dup_national_ids (store);
  task = g_task_new (NULL, self->cancellable, on_read_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_in_thread);

  return self;
}
