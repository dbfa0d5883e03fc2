/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-audit-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-audit-window.h"
#include "lys-file-chooser.h"
#include "lys-form.h"
#include "lys-format.h"
#include "lys-item.h"
#include "lys-rows.h"
#include "lys-time.h"

/* The clinic lead's view of the audit log: the emergency accesses to
 * review, then the log filtered by patient, staff member, action and
 * period, the newest first, a page at a time, exported as CSV in one
 * step. */
#define SHOWN 200

struct _LysAuditWindow
{
  LysRecordWindow parent_instance;

  GPtrArray *staff;           /* LysStaffMember, after "Anyone" */
  GStrv actions;              /* after "Any" */
  LysAuditFilter filter;
  guint offset;               /* the newest entries passed over */
  gboolean exporting;         /* an export being written in a worker */
  guint total;
  gboolean loading;

  AdwToastOverlay *toast_overlay;
  AdwPreferencesGroup *emergency_group;
  GtkListBox *emergency_list;
  AdwEntryRow *patient_row;
  AdwComboRow *staff_row;
  AdwComboRow *action_row;
  AdwEntryRow *from_row;
  AdwEntryRow *to_row;
  AdwPreferencesGroup *rows_group;
  GtkListBox *rows_list;
  GListStore *emergencies;    /* LysItem of LysEmergencyAccess */
  GListStore *entries;        /* LysItem of LysAuditEntry, the page shown */
  GtkWidget *pager_box;
  GtkLabel *page_label;
  GtkWidget *newer_button;
  GtkWidget *older_button;
};

G_DEFINE_FINAL_TYPE (LysAuditWindow, lys_audit_window, LYS_TYPE_RECORD_WINDOW)

static void show_emergencies (LysAuditWindow *self);

static void
reviewed_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LysAuditWindow *self = LYS_AUDIT_WINDOW (widget);
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;

  if (!lys_store_review_emergency_access (store, g_variant_get_int64 (parameter), &error))
    lys_alert (GTK_WIDGET (self), _("Not Marked as Reviewed"), error->message);
  show_emergencies (self);
}

static GtkWidget *
create_emergency_row (gpointer item,
                      gpointer data)
{
  LysEmergencyAccess *access = lys_item_get_record (item);
  g_autofree char *when = access->opened_at ? lys_format_date (access->opened_at) : g_strdup ("");
  g_autofree char *clock = access->opened_at ? g_date_time_format (access->opened_at, "%H:%M") : g_strdup ("");
  /* Translators: who opened whose record, e.g. "Petra Psykolog: Tone Behandlet" */
  g_autofree char *title = g_strdup_printf (_("%1$s: %2$s"), access->staff_name, access->patient_name);
  g_autofree char *subtitle = g_strdup_printf ("%s %s · %s", when, clock, access->reason);
  GtkWidget *row = lys_rows_new (title, subtitle);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Reviewed"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "audit.reviewed");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", access->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_emergencies (LysAuditWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  GPtrArray *accesses = lys_store_list_emergency_access (store, TRUE, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->emergency_group), accesses != NULL);
  lys_item_store_replace (self->emergencies, accesses, (GDestroyNotify) lys_emergency_access_free);
}

static GtkWidget *
create_entry_row (gpointer item,
                  gpointer data)
{
  LysAuditEntry *entry = lys_item_get_record (item);
  g_autoptr(GDateTime) local = entry->at ? g_date_time_to_local (entry->at) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
  /* Translators: an audit log entry, e.g. "Note signed · Per Psykolog" */
  g_autofree char *title = g_strdup_printf (_("%1$s · %2$s"), lys_audit_action_get_label (entry->action),
                                            entry->staff_name);
  GString *subtitle = g_string_new (when);
  GtkWidget *row;

  g_string_append_printf (subtitle, " · %s", lys_role_get_label (entry->role));
  if (entry->patient_name != NULL)
    g_string_append_printf (subtitle, " · %s", entry->patient_name);
  else if (entry->patient_id != 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, entry->patient_id);

      g_string_append (subtitle, " · ");
      /* Translators: a patient no longer on file, by their number in Lysning */
      g_string_append_printf (subtitle, _("patient %s"), number);
    }
  if (entry->detail != NULL && *entry->detail != '\0')
    g_string_append_printf (subtitle, " · %s", entry->detail);
  row = lys_rows_new (title, subtitle->str);
  g_string_free (subtitle, TRUE);
  return row;
}

/* The filter as the rows have it; FALSE with the reason shown */
static gboolean
read_filter (LysAuditWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  const char *patient = gtk_editable_get_text (GTK_EDITABLE (self->patient_row));
  guint staff = adw_combo_row_get_selected (self->staff_row);
  guint action = adw_combo_row_get_selected (self->action_row);

  self->filter.patient_id = 0;
  gtk_widget_remove_css_class (GTK_WIDGET (self->patient_row), "error");
  if (*patient != '\0' && (self->filter.patient_id = lys_store_find_patient (store, patient, &error)) == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->patient_row), "error");
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return FALSE;
    }
  self->filter.staff_id = staff > 0 && staff <= self->staff->len
                          ? ((LysStaffMember *) g_ptr_array_index (self->staff, staff - 1))->id : 0;
  self->filter.action = action > 0 && self->actions != NULL && action <= g_strv_length (self->actions)
                        ? self->actions[action - 1] : NULL;
  if (!lys_form_read_day (self->from_row, &self->filter.from) || !lys_form_read_day (self->to_row, &self->filter.to))
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), _("A day of the period is not a date. Write it like 1.7.2026 or 2026-07-01."));
      return FALSE;
    }
  lys_record_window_show_problem (LYS_RECORD_WINDOW (self), NULL);
  return TRUE;
}

static gboolean
refresh (LysAuditWindow  *self,
         GError         **error)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GPtrArray) rows = NULL;
  guint shown;
  g_autofree char *description = NULL;

  if (!read_filter (self))
    return TRUE;

  rows = lys_store_list_audit (store, &self->filter, self->offset, SHOWN, &self->total, error);
  if (rows == NULL)
    return FALSE;
  if (rows->len == 0 && self->offset > 0 && self->total > 0)
    {
      /* Fewer entries than before: the last page that has any */
      self->offset = (self->total - 1) / SHOWN * SHOWN;
      return refresh (self, error);
    }

  shown = rows->len;
  lys_item_store_replace (self->entries, g_steal_pointer (&rows), (GDestroyNotify) lys_audit_entry_free);

  if (self->total <= SHOWN)
    description = g_strdup_printf (ngettext ("%u entry matches. Export it as CSV.",
                                             "%u entries match. Export them as CSV.", self->total),
                                   self->total);
  else
    {
      /* Translators: %1$u–%2$u are the entries shown, e.g. "201–400", of %3$u */
      description = g_strdup_printf (_("Entries %1$u–%2$u of %3$u, the newest first. Export them all as CSV."),
                                     self->offset + 1, self->offset + shown, self->total);
    }
  gtk_widget_set_visible (self->pager_box, self->total > SHOWN);
  {
    guint pages = (self->total + SHOWN - 1) / SHOWN;
    /* Translators: the page of audit log entries shown, e.g. "Page 2 of 7" */
    g_autofree char *page = g_strdup_printf (_("Page %1$u of %2$u"), self->offset / SHOWN + 1, MAX (pages, 1));

    gtk_label_set_label (self->page_label, page);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.newer", self->offset > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.older", self->offset + SHOWN < self->total);
  adw_preferences_group_set_description (self->rows_group, description);
  return TRUE;
}

static void
show_page (LysAuditWindow *self,
           guint           offset)
{
  g_autoptr(GError) error = NULL;

  self->offset = offset;
  if (!refresh (self, &error))
    lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
}

static void
on_filter_changed_cb (LysAuditWindow *self)
{
  /* Another filter starts again from the newest */
  if (!self->loading)
    show_page (self, 0);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysAuditWindow *self = LYS_AUDIT_WINDOW (widget);

  if (g_str_equal (action_name, "audit.older"))
    show_page (self, self->offset + SHOWN);
  else
    show_page (self, self->offset >= SHOWN ? self->offset - SHOWN : 0);
}


guint
lys_audit_window_get_total (LysAuditWindow *self)
{
  g_return_val_if_fail (LYS_IS_AUDIT_WINDOW (self), 0);
  return self->total;
}

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(LysAuditWindow) self = data;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!lys_store_export_audit_finish (LYS_STORE (source), result, &n, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lys_alert (GTK_WIDGET (self), _("The Audit Log Was Not Exported"), error->message);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u entry exported", "%u entries exported", n), n);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
  self->exporting = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", TRUE);
}

/**
 * lys_audit_window_export_to:
 * @file: the CSV file
 *
 * Exports the rows the filter shows, in a worker thread, and says how many
 * when it is done, or why not.
 */
void
lys_audit_window_export_to (LysAuditWindow *self,
                            GFile          *file)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autofree char *path = g_file_get_path (file);

  g_return_if_fail (LYS_IS_AUDIT_WINDOW (self));

  if (path == NULL)
    {
      lys_alert (GTK_WIDGET (self), _("The Audit Log Was Not Exported"), _("Choose a file on this computer."));
      return;
    }
  if (!read_filter (self))
    {
      lys_alert (GTK_WIDGET (self), _("The Audit Log Was Not Exported"),
                 lys_record_window_get_problem (LYS_RECORD_WINDOW (self)));
      return;
    }
  self->exporting = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", FALSE);
  lys_store_export_audit_async (store, &self->filter, path, NULL, on_exported_cb, g_object_ref (self));
}

/**
 * lys_audit_window_is_exporting:
 *
 * Returns: whether an export is being written
 */
gboolean
lys_audit_window_is_exporting (LysAuditWindow *self)
{
  g_return_val_if_fail (LYS_IS_AUDIT_WINDOW (self), FALSE);
  return self->exporting;
}

static void
on_export_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     LysAuditWindow  *self)
{
  g_autoptr(GFile) file = lys_file_chooser_finish (chooser, response);

  if (file != NULL)
    lys_audit_window_export_to (self, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  static const char *suffixes[] = { "csv", NULL };
  LysAuditWindow *self = LYS_AUDIT_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = lys_file_chooser_new (GTK_WINDOW (self), _("Export the Audit Log"), _("_Export"), _("CSV files"),
                                  "text/csv", suffixes,
                                  /* Translators: a file name; keep it free of spaces */
                                  _("audit-log.csv"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
lys_audit_window_dispose (GObject *object)
{
  LysAuditWindow *self = LYS_AUDIT_WINDOW (object);

  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_clear_pointer (&self->actions, g_strfreev);
  g_clear_object (&self->emergencies);
  g_clear_object (&self->entries);

  G_OBJECT_CLASS (lys_audit_window_parent_class)->dispose (object);
}

static void
lys_audit_window_class_init (LysAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_audit_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, emergency_group);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, emergency_list);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, patient_row);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, staff_row);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, action_row);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, from_row);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, to_row);
  lys_record_window_class_bind_problem (widget_class, "error_label");
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, rows_group);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, rows_list);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, pager_box);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, page_label);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, newer_button);
  gtk_widget_class_bind_template_child (widget_class, LysAuditWindow, older_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "audit.reviewed", "x", reviewed_action);
  gtk_widget_class_install_action (widget_class, "audit.newer", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "audit.older", NULL, page_action);
}

static void
lys_audit_window_init (LysAuditWindow *self)
{
  g_date_clear (&self->filter.from, 1);
  g_date_clear (&self->filter.to, 1);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->emergencies = g_list_store_new (LYS_TYPE_ITEM);
  self->entries = g_list_store_new (LYS_TYPE_ITEM);
  gtk_list_box_bind_model (self->emergency_list, G_LIST_MODEL (self->emergencies), create_emergency_row, self, NULL);
  gtk_list_box_bind_model (self->rows_list, G_LIST_MODEL (self->entries), create_entry_row, self, NULL);
  gtk_list_box_set_placeholder (self->emergency_list, lys_rows_new_placeholder (_("Nothing to review.")));
  gtk_list_box_set_placeholder (self->rows_list, lys_rows_new_placeholder (_("No entry matches the filter.")));
}

/**
 * lys_audit_window_new:
 *
 * Returns: (transfer full) (nullable): the window, or %NULL with the reason
 *   when the user may not see the log
 */
LysAuditWindow *
lys_audit_window_new (GtkWindow  *parent,
                      LysStore   *store,
                      GError    **error)
{
  g_autoptr(LysAuditWindow) self = NULL;
  g_autoptr(GtkStringList) staff_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) action_names = gtk_string_list_new (NULL);

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);

  self = g_object_ref_sink (g_object_new (LYS_TYPE_AUDIT_WINDOW, "store", store, "transient-for", parent, NULL));
  self->staff = lys_store_list_staff (store, LYS_N_ROLES, NULL);
  self->actions = lys_store_list_audit_actions (store, NULL);

  gtk_string_list_append (staff_names, _("Anyone"));
  for (guint i = 0; self->staff != NULL && i < self->staff->len; i++)
    gtk_string_list_append (staff_names, ((LysStaffMember *) g_ptr_array_index (self->staff, i))->name);
  if (self->staff == NULL)
    self->staff = g_ptr_array_new ();
  adw_combo_row_set_model (self->staff_row, G_LIST_MODEL (staff_names));
  gtk_string_list_append (action_names, _("Any"));
  for (guint i = 0; self->actions != NULL && self->actions[i] != NULL; i++)
    gtk_string_list_append (action_names, lys_audit_action_get_label (self->actions[i]));
  adw_combo_row_set_model (self->action_row, G_LIST_MODEL (action_names));

  self->loading = FALSE;
  if (!refresh (self, error))
    {
      /* Never shown: GTK lets go of it, the reference here goes with it */
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  show_emergencies (self);
  return g_steal_pointer (&self);
}
