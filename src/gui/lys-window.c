/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-error.h"
#include "lys-alert.h"
#include "lys-export-window.h"
#include "lys-file-chooser.h"
#include "lys-later.h"
#include "lys-import-window.h"
#include "lys-registry-export.h"
#include "lys-induction-page.h"
#include "lys-infusion-window.h"
#include "lys-note-window.h"
#include "lys-notes-page.h"
#include "lys-patient-editor.h"
#include "lys-patient-page.h"
#include "lys-audit-window.h"
#include "lys-backups.h"
#include "lys-drug-record-window.h"
#include "lys-store-drugs.h"
#include "lys-follow-up-page.h"
#include "lys-outcomes-page.h"
#include "lys-patient-row.h"
#include "lys-report-window.h"
#include "lys-preparation-page.h"
#include "lys-schedule-page.h"
#include "lys-window.h"

struct _LysWindow
{
  AdwApplicationWindow parent_instance;

  LysStore *store;
  GSettings *settings;
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  char *folded_query;

  /* template children */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkWidget *content;
  GtkWidget *sidebar;
  AdwWindowTitle *sidebar_title;
  GtkInfoBar *connection_bar;
  GtkSearchEntry *search_entry;
  GtkStack *patient_stack;
  GtkListView *patient_list;
  AdwViewStack *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar *switcher_bar;
  GtkMenuButton *menu_button;
  GMenuModel *primary_menu;
  LysPreparationPage *preparation_page;
  AdwBin *schedule_bin;
  AdwBin *induction_bin;
  AdwBin *notes_bin;
  AdwBin *outcomes_bin;
  LysFollowUpPage *follow_up_page;
  /* The areas built when first shown, into their bins; NULL until then */
  GtkWidget *schedule_page;
  GtkWidget *induction_page;
  GtkWidget *notes_page;
  GtkWidget *outcomes_page;
  AdwViewStackPage *follow_up_stack_page;
  LysBackups *backups;
  guint fill_source;             /* the patient list, once the window is drawn */
  gboolean damage_told;
  GCancellable *cancellable;     /* what runs in workers for the window */
};

G_DEFINE_FINAL_TYPE (LysWindow, lys_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
filter_patient (gpointer item,
                gpointer user_data)
{
  LysWindow *self = user_data;

  return self->folded_query == NULL || lys_patient_matches (item, self->folded_query);
}

static void
update_patient_stack (LysWindow *self)
{
  const char *page = "list";

  /* Until the list is filled, it is shown as it will be */
  if (gtk_filter_list_model_get_model (self->filtered) == NULL)
    page = "list";
  else if (g_list_model_get_n_items (lys_store_get_patients (self->store)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    page = "no-results";

  gtk_stack_set_visible_child_name (self->patient_stack, page);
}

/* The patients, read and sorted after the window's first frame: the
 * window does not wait for a clinic's thousands */
static void
fill_patient_list (LysWindow *self)
{
  g_clear_handle_id (&self->fill_source, g_source_remove);
  if (gtk_filter_list_model_get_model (self->filtered) != NULL)
    return;
  gtk_filter_list_model_set_model (self->filtered, lys_store_get_patients (self->store));
  update_patient_stack (self);
}

static void
on_search_changed_cb (LysWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *folded = stripped[0] ? lys_patient_fold_query (stripped) : NULL;
  const char *old = self->folded_query ? self->folded_query : "";
  const char *new = folded ? folded : "";
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  /* Every word must start a word of the patient's: typing on only narrows
   * the list, deleting only widens it, so GTK re-checks only what can change */
  if (g_str_has_prefix (new, old))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (g_str_has_prefix (old, new))
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->folded_query);
  self->folded_query = g_steal_pointer (&folded);

  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_patient_stack (self);
}

static void
show_content (LysWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
on_search_activate_cb (LysWindow *self)
{
  /* Enter opens the first match */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      show_content (self);
    }
}

static void
on_stop_search_cb (LysWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_patient_activate_cb (LysWindow *self,
                        guint      position)
{
  show_content (self);
}

/* The patient list is one Tab stop, as a list is in GNOME: Tab and
 * Shift+Tab leave it, the arrow keys move within it. GTK 4.8 makes each
 * row a Tab stop of its own, so a Tab that starts in the list moves with
 * the list out of the way. */
static void
on_move_focus_cb (LysWindow        *self,
                  GtkDirectionType  direction)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *list = GTK_WIDGET (self->patient_list);

  if ((direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD) &&
      focus != NULL && gtk_widget_is_ancestor (focus, list))
    gtk_widget_set_can_focus (list, FALSE);
}

static void
after_move_focus_cb (LysWindow *self)
{
  gtk_widget_set_can_focus (GTK_WIDGET (self->patient_list), TRUE);
}

static void
on_back_clicked_cb (LysWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

/* The areas other than the first are built the first time they are shown:
 * with the clinic, and the patient chosen then when the area follows the
 * patient (LysPatientPage). The window's first frame does not wait for
 * areas nobody has opened yet. */
typedef struct
{
  const char *name;
  GType     (*get_type)    (void);
  gsize       page;        /* where LysWindow keeps the page, NULL until built */
  gsize       bin;         /* and the bin it goes into */
  void      (*set_store)   (gpointer page, LysStore *store);   /* the whole clinic's area */
} LazyArea;

static const LazyArea lazy_areas[] = {
  { "schedule", lys_schedule_page_get_type, G_STRUCT_OFFSET (LysWindow, schedule_page),
    G_STRUCT_OFFSET (LysWindow, schedule_bin), (gpointer) lys_schedule_page_set_store },
  { "induction", lys_induction_page_get_type, G_STRUCT_OFFSET (LysWindow, induction_page),
    G_STRUCT_OFFSET (LysWindow, induction_bin), NULL },
  { "notes", lys_notes_page_get_type, G_STRUCT_OFFSET (LysWindow, notes_page),
    G_STRUCT_OFFSET (LysWindow, notes_bin), NULL },
  { "outcomes", lys_outcomes_page_get_type, G_STRUCT_OFFSET (LysWindow, outcomes_page),
    G_STRUCT_OFFSET (LysWindow, outcomes_bin), NULL },
};

#define LAZY_PAGE(self, area) G_STRUCT_MEMBER (GtkWidget *, self, (area)->page)

static GtkWidget *
build_area (LysWindow  *self,
            const char *name)
{
  if (g_strcmp0 (name, "preparation") == 0)
    return GTK_WIDGET (self->preparation_page);
  if (g_strcmp0 (name, "follow-up") == 0)
    return GTK_WIDGET (self->follow_up_page);

  for (guint i = 0; i < G_N_ELEMENTS (lazy_areas); i++)
    {
      const LazyArea *area = &lazy_areas[i];

      if (g_strcmp0 (name, area->name) != 0)
        continue;
      if (LAZY_PAGE (self, area) == NULL)
        {
          GtkWidget *page = g_object_new (area->get_type (), NULL);

          if (LYS_IS_PATIENT_PAGE (page))
            {
              lys_patient_page_set_store (LYS_PATIENT_PAGE (page), self->store);
              lys_patient_page_set_patient (LYS_PATIENT_PAGE (page),
                                            gtk_single_selection_get_selected_item (self->selection));
            }
          else
            area->set_store (page, self->store);
          adw_bin_set_child (G_STRUCT_MEMBER (AdwBin *, self, area->bin), page);
          LAZY_PAGE (self, area) = page;
        }
      return LAZY_PAGE (self, area);
    }
  return NULL;
}

static void
on_visible_area_changed_cb (LysWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  build_area (self, name);
  /* The patient list belongs to the per-patient areas; the schedule is for
   * the whole clinic. */
  if (adw_leaflet_get_folded (self->leaflet) && g_strcmp0 (name, "schedule") == 0)
    show_content (self);
}

static void
on_selected_patient_changed_cb (LysWindow *self)
{
  LysPatient *patient = gtk_single_selection_get_selected_item (self->selection);

  lys_patient_page_set_patient (LYS_PATIENT_PAGE (self->preparation_page), patient);
  for (guint i = 0; i < G_N_ELEMENTS (lazy_areas); i++)
    if (LYS_IS_PATIENT_PAGE (LAZY_PAGE (self, &lazy_areas[i])))
      lys_patient_page_set_patient (LYS_PATIENT_PAGE (LAZY_PAGE (self, &lazy_areas[i])), patient);
}

/**
 * lys_window_get_area:
 * @name: an area's name: "preparation", "schedule", "induction", "notes",
 *   "outcomes" or "follow-up"
 *
 * Returns: (transfer none) (nullable): the area's page, built now if it has
 *   not been shown yet; %NULL for a name that is no area
 */
GtkWidget *
lys_window_get_area (LysWindow  *self,
                     const char *name)
{
  g_return_val_if_fail (LYS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return build_area (self, name);
}

static void
setup_patient_row_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (lys_patient_row_new ()));
}

static void
bind_patient_row_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  lys_patient_row_set_patient (LYS_PATIENT_ROW (gtk_list_item_get_child (item)),
                               gtk_list_item_get_item (item));
}

static void
unbind_patient_row_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  lys_patient_row_set_patient (LYS_PATIENT_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LysWindow *self = LYS_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
area_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysWindow *self = LYS_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
select_patient (LysWindow  *self,
                LysPatient *patient)
{
  guint position;

  fill_patient_list (self);
  /* A search that hides the patient would hide the result of the save */
  if (!lys_patient_matches (patient, self->folded_query ? self->folded_query : ""))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  for (position = 0; position < g_list_model_get_n_items (G_LIST_MODEL (self->selection)); position++)
    {
      g_autoptr(LysPatient) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (item == patient)
        {
          gtk_single_selection_set_selected (self->selection, position);
          adw_view_stack_set_visible_child_name (self->view_stack, "preparation");
          return;
        }
    }
}

/* From the due list: the patient's Outcomes, with the MADRS ready */
static void
on_follow_up_open_cb (LysWindow *self,
                      gint64     patient_id,
                      guint      point)
{
  for (guint position = 0; position < g_list_model_get_n_items (lys_store_get_patients (self->store)); position++)
    {
      g_autoptr(LysPatient) patient = g_list_model_get_item (lys_store_get_patients (self->store), position);

      if (lys_patient_get_id (patient) == patient_id)
        {
          select_patient (self, patient);
          adw_view_stack_set_visible_child_name (self->view_stack, "outcomes");
          show_content (self);
          lys_outcomes_page_rate (LYS_OUTCOMES_PAGE (build_area (self, "outcomes")), LYS_SCALE_MADRS, point);
          return;
        }
    }
}

static void
update_follow_up_badge (LysWindow *self)
{
  /* The overdue call for attention; what is due soon is in the list */
  guint n = lys_follow_up_page_get_n_overdue (self->follow_up_page);

  adw_view_stack_page_set_badge_number (self->follow_up_stack_page, n);
  adw_view_stack_page_set_needs_attention (self->follow_up_stack_page, n > 0);
}

/**
 * lys_window_show_report:
 *
 * Returns: (transfer none): the clinic report window, for this year so far
 */
GtkWindow *
lys_window_show_report (LysWindow *self)
{
  GtkWindow *window;

  g_return_val_if_fail (LYS_IS_WINDOW (self), NULL);

  window = GTK_WINDOW (lys_report_window_new (GTK_WINDOW (self), self->store));
  gtk_window_present (window);
  return window;
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  lys_window_show_report (LYS_WINDOW (widget));
}

/* A window of the clinic's records that the user may be refused: shown,
 * or @error's reason in an alert */
static GtkWindow *
present_record_window (LysWindow  *self,
                       gpointer    window,
                       GError     *error,
                       const char *refused)
{
  if (window == NULL)
    {
      lys_alert (GTK_WIDGET (self), refused, error->message);
      return NULL;
    }
  gtk_window_present (GTK_WINDOW (window));
  /* The window holds itself while it is open */
  g_object_unref (window);
  return GTK_WINDOW (window);
}

/**
 * lys_window_show_audit_log:
 *
 * Returns: (transfer none) (nullable): the audit log, or %NULL when the
 *   user may not see it (said in an alert)
 */
GtkWindow *
lys_window_show_audit_log (LysWindow *self)
{
  g_autoptr(GError) error = NULL;
  gpointer window;

  g_return_val_if_fail (LYS_IS_WINDOW (self), NULL);

  window = lys_audit_window_new (GTK_WINDOW (self), self->store, &error);
  return present_record_window (self, window, error, _("The Audit Log Is Not Shown"));
}

static void
audit_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  lys_window_show_audit_log (LYS_WINDOW (widget));
}

/**
 * lys_window_show_drug_record:
 *
 * Returns: (transfer none) (nullable): the ketamine record, or %NULL when
 *   the user may not see it (said in an alert)
 */
GtkWindow *
lys_window_show_drug_record (LysWindow *self)
{
  g_autoptr(GError) error = NULL;
  gpointer window;

  g_return_val_if_fail (LYS_IS_WINDOW (self), NULL);

  window = lys_drug_record_window_new (GTK_WINDOW (self), self->store, &error);
  return present_record_window (self, window, error, _("The Ketamine Record Is Not Shown"));
}

static void
drug_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  lys_window_show_drug_record (LYS_WINDOW (widget));
}

/* GTK 4.8's shortcuts window has a search button with an icon only and no
 * name: a screen reader would say "GtkImage" */
static void
name_search_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Search shortcuts"), -1);
      name_search_button (child);
    }
}

/* The keyboard shortcuts, built the first time they are asked for: the
 * window's first frame does not wait for them */
static void
shortcuts_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *shortcuts = gtk_application_window_get_help_overlay (window);

  if (shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/no/lysning/Lysning/ui/lys-shortcuts-window.ui");

      shortcuts = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      /* Over this window, with the application's keys for each action;
       * GtkApplicationWindow keeps it and destroys it with itself */
      gtk_application_window_set_help_overlay (window, shortcuts);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (shortcuts), TRUE);
      name_search_button (GTK_WIDGET (shortcuts));
    }
  gtk_window_present (GTK_WINDOW (shortcuts));
}

static void
backup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  lys_backups_choose_backup (LYS_WINDOW (widget)->backups);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  lys_backups_choose_restore (LYS_WINDOW (widget)->backups);
}

/**
 * lys_window_get_backups:
 *
 * Returns: (transfer none): the window's backups, by hand and daily
 */
LysBackups *
lys_window_get_backups (LysWindow *self)
{
  g_return_val_if_fail (LYS_IS_WINDOW (self), NULL);

  return self->backups;
}

/* The full check of the file: said under the list's title while it runs
 * (changes wait for it), and once, in words, if it finds damage */
static void
update_integrity (LysWindow *self)
{
  LysIntegrity integrity = lys_store_get_integrity (self->store);
  const char *path = lys_store_get_path (self->store);
  g_autofree char *server = lys_store_is_server_address (path) ? lys_store_dup_display_name (path) : NULL;
  const char *subtitle = lys_store_is_demo (self->store) ? _("Demo clinic, fictitious data") : server;

  if (integrity == LYS_INTEGRITY_CHECKING)
    subtitle = _("Checking the clinic database…");
  else if (integrity == LYS_INTEGRITY_DAMAGED)
    subtitle = _("Damaged: nothing can be saved");
  adw_window_title_set_subtitle (self->sidebar_title, subtitle);

  if (integrity == LYS_INTEGRITY_DAMAGED && !self->damage_told)
    {
      self->damage_told = TRUE;
      lys_alert (GTK_WIDGET (self), _("The Clinic Database Is Damaged"),
                 _("The check Lysning makes each time it opens found damage in the clinic database. You can read "
                   "what it holds, but nothing can be saved. Restore the last backup (main menu, Restore from a "
                   "Backup), or have the clinic’s IT look at the file."));
    }
}

/* The clinic's server away and back */
static void
update_connection (LysWindow *self)
{
  gtk_info_bar_set_revealed (self->connection_bar, !lys_store_get_connected (self->store));
}

static void
on_connection_bar_response_cb (LysWindow *self,
                               int        response)
{
  lys_store_reconnect (self->store);
}

static void
on_integrity_checked_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data)
{
  g_autoptr(GError) error = NULL;

  /* What it found is the store's state, shown by update_integrity () */
  if (!lys_store_check_integrity_finish (LYS_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The clinic database was not checked: %s", error->message);
}

/* Those who keep the ketamine record are told when a count is due */
static void
remind_drug_count (LysWindow *self)
{
  AdwToast *toast;

  if (!lys_store_may_keep_drug_record (self->store) ||
      lys_store_get_drug_count_age (self->store) <= (int) lys_store_get_setting (self->store, LYS_SETTING_DRUG_COUNT_DAYS))
    return;
  toast = adw_toast_new (_("A count of the ketamine cabinet is due"));
  adw_toast_set_button_label (toast, _("_Open Record"));
  adw_toast_set_action_name (toast, "win.drug-record");
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The window is on the screen: now the check of every page, in a worker */
static void
on_first_frame_cb (GdkFrameClock *clock,
                   LysWindow     *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_cb, self);
  if (lys_store_get_integrity (self->store) == LYS_INTEGRITY_UNCHECKED)
    lys_store_check_integrity_async (self->store, self->cancellable, on_integrity_checked_cb, NULL);
  remind_drug_count (self);
}

static void
lys_window_realize (GtkWidget *widget)
{
  LysWindow *self = LYS_WINDOW (widget);

  GTK_WIDGET_CLASS (lys_window_parent_class)->realize (widget);
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (on_first_frame_cb), self, 0);
}

static void
on_patient_saved_cb (LysPatientEditor *editor,
                     LysPatient       *patient,
                     LysWindow        *self)
{
  g_autofree char *name = lys_patient_dup_display_name (patient);
  /* Translators: %s is a patient's name */
  g_autofree char *message = g_strdup_printf (_("%s is saved"), name);

  select_patient (self, patient);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
open_editor (LysWindow  *self,
             LysPatient *patient)
{
  LysPatientEditor *editor = lys_patient_editor_new (GTK_WINDOW (self), self->store, patient);

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_patient_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_patient_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_editor (LYS_WINDOW (widget), NULL);
}

static void
edit_patient_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LysWindow *self = LYS_WINDOW (widget);
  LysPatient *patient = gtk_single_selection_get_selected_item (self->selection);

  if (patient != NULL)
    open_editor (self, patient);
}

static void
on_imported_cb (LysImportWindow *window,
                guint            n_patients,
                LysWindow       *self)
{
  g_autofree char *message = g_strdup_printf (ngettext ("Imported %u patient", "Imported %u patients", n_patients),
                                              n_patients);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/**
 * lys_window_import_file:
 *
 * Reads @file as a patient spreadsheet and shows its preview.
 *
 * Returns: (transfer none): the preview window
 */
GtkWindow *
lys_window_import_file (LysWindow *self,
                        GFile     *file)
{
  LysImportWindow *window;

  g_return_val_if_fail (LYS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  window = lys_import_window_new (GTK_WINDOW (self), self->store, file);
  g_signal_connect_object (window, "imported", G_CALLBACK (on_imported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/**
 * lys_window_reopen_work:
 *
 * Returns to the work that was open when the app last stopped, however it
 * stopped: the infusions under way, and the user's drafts of today, each
 * as it was stored.
 */
void
lys_window_reopen_work (LysWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) bookings = NULL;
  g_autoptr(GArray) drafts = NULL;

  g_return_if_fail (LYS_IS_WINDOW (self));

  /* A coordinator's profile opens no clinical record: nothing to say */
  if (lys_store_get_current_role (self->store) == LYS_ROLE_COORDINATOR)
    return;

  bookings = lys_store_list_open_infusion_bookings (self->store, &error);
  for (guint i = 0; bookings != NULL && i < bookings->len && error == NULL; i++)
    {
      gint64 id = lys_store_open_infusion (self->store, g_array_index (bookings, gint64, i), &error);

      if (id != 0)
        lys_infusion_window_present (GTK_WINDOW (self), self->store, id);
    }

  if (error == NULL)
    drafts = lys_store_list_open_drafts (self->store, &error);
  for (guint i = 0; drafts != NULL && i < drafts->len && error == NULL; i++)
    {
      gint64 note = g_array_index (drafts, gint64, i);

      /* A group's shared draft was written in the session's own view */
      if (lys_note_window_present (GTK_WINDOW (self), self->store, note, TRUE, &error) == NULL &&
          g_error_matches (error, LYS_ERROR, LYS_ERROR_NOT_FOUND))
        g_clear_error (&error);
    }

  if (error != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
on_import_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     LysWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      lys_window_import_file (self, file);
    }

  g_object_unref (chooser);
}

static void
import_patients_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  static const char *suffixes[] = { "csv", "txt", NULL };
  LysWindow *self = LYS_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = lys_file_chooser_new (GTK_WINDOW (self), _("Import Patients"), _("_Open"),
                                  /* Translators: a file type in the file chooser */
                                  _("Spreadsheets saved as CSV"), "text/csv", suffixes, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_exported_cb (LysExportWindow *window,
                guint            n_patients,
                const char      *name,
                LysWindow       *self)
{
  g_autofree char *message = NULL;

  /* Translators: %u patients; %s is the file's name */
  message = g_strdup_printf (ngettext ("Exported %u patient for the registry to %s",
                                       "Exported %u patients for the registry to %s", n_patients),
                             n_patients, name);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/**
 * lys_window_export_registry:
 *
 * Opens the registry export, or says why the user's role cannot make one.
 *
 * Returns: (transfer none) (nullable): the export window
 */
GtkWindow *
lys_window_export_registry (LysWindow *self)
{
  g_autoptr(GError) error = NULL;
  LysExportWindow *window;

  g_return_val_if_fail (LYS_IS_WINDOW (self), NULL);

  if (!lys_registry_export_check_role (self->store, &error))
    {
      lys_alert (GTK_WIDGET (self), _("No Registry Export"), error->message);
      return NULL;
    }

  window = lys_export_window_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (window, "exported", G_CALLBACK (on_exported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
export_registry_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  lys_window_export_registry (LYS_WINDOW (widget));
}

static void
save_window_state (LysWindow *self)
{
  int width, height;

  if (gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_boolean (self->settings, "window-maximized", TRUE);
      return;
    }

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", FALSE);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
}

static gboolean
lys_window_close_request (GtkWindow *window)
{
  save_window_state (LYS_WINDOW (window));

  return GTK_WINDOW_CLASS (lys_window_parent_class)->close_request (window);
}

static void
lys_window_constructed (GObject *object)
{
  LysWindow *self = LYS_WINDOW (object);
  g_autoptr(GtkListItemFactory) factory = NULL;

  G_OBJECT_CLASS (lys_window_parent_class)->constructed (object);

  g_assert (LYS_IS_STORE (self->store));

  /* The list is filled once the window is drawn (fill_patient_list ()) */
  self->filter = gtk_custom_filter_new (filter_patient, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  /* A new selection has picked its first item: nobody is chosen until the
   * user chooses, and no record is read before */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_patient_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (update_patient_stack), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_patient_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_patient_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_patient_row_cb), NULL);
  gtk_list_view_set_factory (self->patient_list, factory);
  gtk_list_view_set_model (self->patient_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self, "move-focus", G_CALLBACK (on_move_focus_cb), NULL);
  g_signal_connect_after (self, "move-focus", G_CALLBACK (after_move_focus_cb), NULL);

  lys_patient_page_set_store (LYS_PATIENT_PAGE (self->preparation_page), self->store);
  g_signal_connect_object (self->follow_up_page, "notify::n-overdue", G_CALLBACK (update_follow_up_badge), self,
                           G_CONNECT_SWAPPED);
  lys_follow_up_page_set_store (self->follow_up_page, self->store);
  self->backups = lys_backups_new (GTK_WIDGET (self), self->toast_overlay, self->store, self->settings);
  g_signal_connect_object (self->store, "integrity-changed", G_CALLBACK (update_integrity), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "connection-changed", G_CALLBACK (update_connection), self,
                           G_CONNECT_SWAPPED);
  /* On a clinic server, the other desks' changes show here as they happen */
  {
    g_autoptr(GError) error = NULL;

    if (!lys_store_follow_others (self->store, &error))
      g_warning ("Changes made at other workstations will not show: %s", error->message);
  }
  g_signal_connect_object (self->store, "patient-changed", G_CALLBACK (update_follow_up_badge), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  if (lys_store_is_demo (self->store))
    gtk_widget_add_css_class (GTK_WIDGET (self), "demo");
  update_integrity (self);

  update_patient_stack (self);
  lys_later (&self->fill_source, G_PRIORITY_LOW, 0, (LysLaterFunc) fill_patient_list, self);
}

static void
lys_window_dispose (GObject *object)
{
  LysWindow *self = LYS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->fill_source, g_source_remove);
  if (self->backups != NULL)
    lys_backups_stop (self->backups);
  g_clear_object (&self->backups);

  /* libadwaita 1.2's switchers must let go of the stack before it goes */
  if (self->switcher_bar != NULL)
    {
      adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
      adw_view_switcher_title_set_stack (self->switcher_title, NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), LYS_TYPE_WINDOW);
  /* Gone with their bins */
  for (guint i = 0; i < G_N_ELEMENTS (lazy_areas); i++)
    LAZY_PAGE (self, &lazy_areas[i]) = NULL;

  G_OBJECT_CLASS (lys_window_parent_class)->dispose (object);
}

static void
lys_window_finalize (GObject *object)
{
  LysWindow *self = LYS_WINDOW (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_free (self->folded_query);

  G_OBJECT_CLASS (lys_window_parent_class)->finalize (object);
}

static void
lys_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LysWindow *self = LYS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lys_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LysWindow *self = LYS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lys_window_class_init (LysWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lys_window_constructed;
  object_class->dispose = lys_window_dispose;
  object_class->finalize = lys_window_finalize;
  object_class->get_property = lys_window_get_property;
  object_class->set_property = lys_window_set_property;

  window_class->close_request = lys_window_close_request;
  widget_class->realize = lys_window_realize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LYS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LYS_TYPE_PREPARATION_PAGE);
  g_type_ensure (LYS_TYPE_SCHEDULE_PAGE);
  g_type_ensure (LYS_TYPE_INDUCTION_PAGE);
  g_type_ensure (LYS_TYPE_NOTES_PAGE);
  g_type_ensure (LYS_TYPE_OUTCOMES_PAGE);
  g_type_ensure (LYS_TYPE_FOLLOW_UP_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, content);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, connection_bar);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, patient_stack);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, patient_list);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, preparation_page);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, schedule_bin);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, induction_bin);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, notes_bin);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, outcomes_bin);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, follow_up_page);
  gtk_widget_class_bind_template_child (widget_class, LysWindow, follow_up_stack_page);
  gtk_widget_class_bind_template_callback (widget_class, on_follow_up_open_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_patient_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_connection_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_area_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.area", "s", area_action);
  gtk_widget_class_install_action (widget_class, "win.new-patient", NULL, new_patient_action);
  gtk_widget_class_install_action (widget_class, "win.edit-patient", NULL, edit_patient_action);
  gtk_widget_class_install_action (widget_class, "win.import-patients", NULL, import_patients_action);
  gtk_widget_class_install_action (widget_class, "win.export-registry", NULL, export_registry_action);
  gtk_widget_class_install_action (widget_class, "win.report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "win.backup", NULL, backup_action);
  gtk_widget_class_install_action (widget_class, "win.audit-log", NULL, audit_log_action);
  gtk_widget_class_install_action (widget_class, "win.drug-record", NULL, drug_record_action);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, shortcuts_action);
}

/* The main menu is made the first time it opens, not with the window */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       data)
{
  LysWindow *self = data;

  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

/* The switcher at the bottom of a narrow window: made the first time the
 * window is narrow */
static void
on_title_visible_cb (LysWindow *self)
{
  if (adw_view_switcher_title_get_title_visible (self->switcher_title) &&
      adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
}

static void
lys_window_init (LysWindow *self)
{
  int width, height;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_cb, self, NULL);
  g_signal_connect_object (self->switcher_title, "notify::title-visible", G_CALLBACK (on_title_visible_cb), self,
                           G_CONNECT_SWAPPED);
  on_title_visible_cb (self);

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new ("no.lysning.Lysning");
  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

LysWindow *
lys_window_new (LysApplication *application,
                LysStore       *store)
{
  g_return_val_if_fail (application == NULL || LYS_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LYS_IS_STORE (store), NULL);

  return g_object_new (LYS_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}
