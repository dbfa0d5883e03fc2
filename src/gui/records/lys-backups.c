/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-backups"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-backup.h"
#include "lys-backups.h"
#include "lys-file-chooser.h"
#include "lys-later.h"

/* The main window's backups: by hand (win.backup), once a day into the
 * folder of Preferences, and restores into a new database (win.restore).
 * The window owns it and stops it as it goes; what still runs in a worker
 * then ends cancelled, and touches no window. */
struct _LysBackups
{
  GObject parent_instance;

  GtkWidget *window;             /* the owner: not a reference */
  AdwToastOverlay *toasts;       /* in the window */
  LysStore *store;
  GSettings *settings;
  GCancellable *cancellable;
  guint hourly_source;
  guint first_source;
  gboolean daily_when_checked;   /* the first daily backup waits for the check */
  gboolean daily_running;
  char *backup_target;           /* the backup by hand under way, its name */
  AdwToast *backup_toast;        /* and the toast that says so */
  char *restore_from;            /* the backup chosen, while the new file is */
  char *restore_to;              /* the restore under way, its new file */
};

G_DEFINE_FINAL_TYPE (LysBackups, lys_backups, G_TYPE_OBJECT)

static const char *database_suffixes[] = { "db", NULL };

/* The desktop's chooser of a Lysning database, its answer to @on_chosen */
static void
choose_file (LysBackups *self,
             const char *title,
             const char *accept_label,
             const char *current_name,
             GCallback   on_chosen)
{
  GtkFileChooserNative *chooser;

  chooser = lys_file_chooser_new (GTK_WINDOW (self->window), title, accept_label, _("Lysning databases"),
                                  "application/vnd.sqlite3", database_suffixes, current_name);
  g_signal_connect_object (chooser, "response", on_chosen, self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* By hand */

static void
on_backed_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(LysBackups) self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = lys_store_backup_finish (LYS_STORE (source), result, NULL, &error);
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;

  /* The window closed meanwhile: the backup is written and logged all
   * the same */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  display = g_steal_pointer (&self->backup_target);
  gtk_widget_action_set_enabled (self->window, "win.backup", TRUE);
  if (self->backup_toast != NULL)
    adw_toast_dismiss (self->backup_toast);
  g_clear_object (&self->backup_toast);
  if (!ok)
    {
      lys_alert (self->window, _("No Backup Was Written"), error->message);
      return;
    }
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Backup written and checked: %s"), display);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

/**
 * lys_backups_backup_to:
 *
 * Writes a checked backup of the open database in a worker thread, says
 * it is at work meanwhile, and says so when it is done (or why not).
 */
void
lys_backups_backup_to (LysBackups *self,
                       GFile      *file)
{
  g_autofree char *path = g_file_get_path (file);

  g_return_if_fail (LYS_IS_BACKUPS (self));

  if (path == NULL)
    {
      lys_alert (self->window, _("No Backup Was Written"), _("Choose a file on this computer."));
      return;
    }
  /* One at a time */
  gtk_widget_action_set_enabled (self->window, "win.backup", FALSE);
  g_free (self->backup_target);
  self->backup_target = g_file_get_basename (file);
  g_clear_object (&self->backup_toast);
  self->backup_toast = adw_toast_new (_("Backing up the clinic database…"));
  adw_toast_set_timeout (self->backup_toast, 0);
  adw_toast_overlay_add_toast (self->toasts, g_object_ref (self->backup_toast));
  lys_store_backup_async (self->store, path, self->cancellable, on_backed_up_cb, g_object_ref (self));
}

static void
on_backup_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     LysBackups      *self)
{
  g_autoptr(GFile) file = lys_file_chooser_finish (chooser, response);

  if (file != NULL && self->window != NULL)
    lys_backups_backup_to (self, file);
}

/* Asks where the backup goes, named after today, then writes it */
void
lys_backups_choose_backup (LysBackups *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (LYS_IS_BACKUPS (self));

  now = lys_store_dup_now (self->store);
  name = lys_backup_dup_daily_name (now);
  choose_file (self, _("Back Up the Clinic Database"), _("_Back Up"), name, G_CALLBACK (on_backup_chosen_cb));
}

/* Restores */

static void
on_restored_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(LysBackups) self = data;
  g_autoptr(GError) error = NULL;
  LysBackupResult restored = { 0 };
  g_autofree char *display = NULL;
  g_autofree char *unchecked = NULL;
  g_autofree char *body = NULL;

  if (!lys_backup_restore_finish (result, &restored, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_widget_action_set_enabled (self->window, "win.restore", TRUE);
          lys_alert (self->window, _("Nothing Was Restored"), error->message);
        }
      return;
    }
  gtk_widget_action_set_enabled (self->window, "win.restore", TRUE);
  unchecked = lys_backup_result_dup_unchecked (&restored);
  lys_backup_result_clear (&restored);
  display = g_filename_display_name (self->restore_to);
  /* Translators: %1$s is the new database's file name, twice */
  body = g_strdup_printf (_("The backup was checked and restored into %1$s. The database open now is unchanged. "
                            "To work in the restored one, start Lysning with it: lysning --database=%1$s"), display);
  if (unchecked != NULL)
    {
      char *both = g_strconcat (body, "\n\n", unchecked, NULL);

      g_free (body);
      body = both;
    }
  lys_alert (self->window, _("Backup Restored"), body);
}

/**
 * lys_backups_restore:
 * @backup: the backup
 * @target: the new database; nothing may be there
 *
 * Checks the backup and restores it into a new database in a worker
 * thread, never over the open one, and then says how to open it, or why
 * nothing was restored.
 */
void
lys_backups_restore (LysBackups *self,
                     GFile      *backup,
                     GFile      *target)
{
  g_autofree char *from = g_file_get_path (backup);
  g_autofree char *to = g_file_get_path (target);

  g_return_if_fail (LYS_IS_BACKUPS (self));

  if (from == NULL || to == NULL)
    {
      lys_alert (self->window, _("Nothing Was Restored"), _("Choose files on this computer."));
      return;
    }
  /* One at a time */
  gtk_widget_action_set_enabled (self->window, "win.restore", FALSE);
  g_free (self->restore_to);
  self->restore_to = g_steal_pointer (&to);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Checking the backup…")));
  lys_backup_restore_async (from, self->restore_to, self->cancellable, on_restored_cb, g_object_ref (self));
}

static void
on_restore_target_cb (GtkNativeDialog *chooser,
                      int              response,
                      LysBackups      *self)
{
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) backup = NULL;

  target = lys_file_chooser_finish (chooser, response);
  if (target == NULL || self->restore_from == NULL || self->window == NULL)
    return;

  backup = g_file_new_for_path (self->restore_from);
  g_clear_pointer (&self->restore_from, g_free);
  lys_backups_restore (self, backup, target);
}

static void
on_restore_backup_cb (GtkNativeDialog *chooser,
                      int              response,
                      LysBackups      *self)
{
  g_autoptr(GFile) backup = NULL;

  backup = lys_file_chooser_finish (chooser, response);
  if (backup == NULL || self->window == NULL)
    return;

  g_free (self->restore_from);
  self->restore_from = g_file_get_path (backup);
  /* Then where the restored database goes: a new file */
  choose_file (self, _("Restore into a New Database"), _("_Restore"),
               /* Translators: a file name; keep it free of spaces */
               _("restored-clinic.db"), G_CALLBACK (on_restore_target_cb));
}

/* Asks for the backup, then for the new database it goes into */
void
lys_backups_choose_restore (LysBackups *self)
{
  g_return_if_fail (LYS_IS_BACKUPS (self));

  choose_file (self, _("Choose a Backup to Restore"), _("_Choose"), NULL, G_CALLBACK (on_restore_backup_cb));
}

/* Once a day while the app runs, into the folder of Preferences */

static void
on_daily_backup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(LysBackups) self = data;
  g_autoptr(GError) error = NULL;

  self->daily_running = FALSE;
  if (!lys_store_backup_daily_finish (LYS_STORE (source), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Today’s backup failed: %s"), error->message);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toasts, toast);
    }
}

/* Today's backup, if it is due, in a worker thread */
static void
back_up_today (LysBackups *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");

  if (*folder != '\0' && !self->daily_running)
    {
      self->daily_running = TRUE;
      lys_store_backup_daily_async (self->store, folder, g_settings_get_uint (self->settings, "backup-keep"),
                                    self->cancellable, on_daily_backup_cb, g_object_ref (self));
    }
}

static gboolean
hourly_cb (gpointer data)
{
  back_up_today (data);
  return G_SOURCE_CONTINUE;
}

/* The first after the file is checked: a backup of a damaged file is no
 * backup */
static void
on_integrity_changed_cb (LysBackups *self)
{
  if (lys_store_get_integrity (self->store) == LYS_INTEGRITY_OK && self->daily_when_checked)
    {
      self->daily_when_checked = FALSE;
      lys_later (&self->first_source, G_PRIORITY_LOW, 0, (LysLaterFunc) back_up_today, self);
    }
}

/**
 * lys_backups_new:
 * @window: the main window, whose actions win.backup and win.restore it
 *   turns off while one runs; it owns what is returned
 * @toasts: where it says what it does
 *
 * Starts the daily backups: today's soon after the start, once the file
 * is checked, then looked at every hour and when the folder changes.
 */
LysBackups *
lys_backups_new (GtkWidget       *window,
                 AdwToastOverlay *toasts,
                 LysStore        *store,
                 GSettings       *settings)
{
  LysBackups *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (toasts), NULL);
  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (LYS_TYPE_BACKUPS, NULL);
  self->window = window;
  self->toasts = toasts;
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->cancellable = g_cancellable_new ();

  self->hourly_source = g_timeout_add_seconds (3600, hourly_cb, self);
  self->daily_when_checked = TRUE;
  g_signal_connect_object (store, "integrity-changed", G_CALLBACK (on_integrity_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::backup-folder", G_CALLBACK (back_up_today), self,
                           G_CONNECT_SWAPPED);
  on_integrity_changed_cb (self);
  return self;
}

/**
 * lys_backups_stop:
 *
 * Said by the window as it goes: what runs is cancelled, nothing more is
 * started, and the window is not touched again: a file chooser still open
 * is answered with nothing.
 */
void
lys_backups_stop (LysBackups *self)
{
  g_return_if_fail (LYS_IS_BACKUPS (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->hourly_source, g_source_remove);
  g_clear_handle_id (&self->first_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  self->window = NULL;
  self->toasts = NULL;
}

static void
lys_backups_dispose (GObject *object)
{
  LysBackups *self = LYS_BACKUPS (object);

  lys_backups_stop (self);
  g_clear_object (&self->backup_toast);

  G_OBJECT_CLASS (lys_backups_parent_class)->dispose (object);
}

static void
lys_backups_finalize (GObject *object)
{
  LysBackups *self = LYS_BACKUPS (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_free (self->backup_target);
  g_free (self->restore_from);
  g_free (self->restore_to);

  G_OBJECT_CLASS (lys_backups_parent_class)->finalize (object);
}

static void
lys_backups_class_init (LysBackupsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lys_backups_dispose;
  object_class->finalize = lys_backups_finalize;
}

static void
lys_backups_init (LysBackups *self)
{
}
