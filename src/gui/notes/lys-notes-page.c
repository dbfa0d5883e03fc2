/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-notes-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-access-window.h"
#include "lys-alert.h"
#include "lys-appointment.h"
#include "lys-dialog.h"
#include "lys-error.h"
#include "lys-form.h"
#include "lys-format.h"
#include "lys-item.h"
#include "lys-note-search.h"
#include "lys-note-window.h"
#include "lys-notes-page.h"
#include "lys-patient-page.h"
#include "lys-patient-view.h"
#include "lys-rows.h"

#define SEARCH_LIMIT 50

/* The Integration Notes area: the selected patient's notes by session, a
 * new note for a session, who has read the record; and a search of every
 * note the user may read, run off the main thread as it is typed. The
 * newest matches come first and the best ranked follow; the results of a
 * search overtaken by more typing are dropped. */
/* What the new note's dialog offers */
typedef struct
{
  GListModel *sessions;         /* LysAppointment */
  GPtrArray *templates;         /* LysNoteTemplate */
} NewNote;

struct _LysNotesPage
{
  AdwBin parent_instance;

  LysPatientView view;
  NewNote *new_note;            /* while its dialog is open */
  LysNoteSearch *search;
  gint64 search_staff;          /* whose search it is */
  LysRole search_role;
  GCancellable *cancellable;
  guint generation;
  GHashTable *search_reads;     /* patients whose snippets this search
                                 * showed, and logged: once each while
                                 * the user types on */

  AdwToastOverlay *toast_overlay;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  AdwPreferencesGroup *notes_group;
  GtkListBox *notes_list;
  AdwPreferencesGroup *results_group;
  GtkListBox *results_list;
  GListStore *notes;            /* LysItem of LysNoteSummary, as listed */
  GListStore *hits;             /* LysItem of LysNoteHit */
};

static void lys_notes_page_patient_page_init (LysPatientPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LysNotesPage, lys_notes_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LYS_TYPE_PATIENT_PAGE, lys_notes_page_patient_page_init))

typedef struct
{
  LysNotesPage *page;
  guint generation;
  LysNoteSearchOrder order;
} Pending;

/* "Monday 30 November · Integration session" */
static char *
describe_session (GDateTime          *at,
                  LysAppointmentKind  kind)
{
  g_autofree char *day = at != NULL ? lys_format_day (at) : g_strdup ("");

  /* Translators: a session's day and kind */
  return g_strdup_printf (_("%s · %s"), day, lys_appointment_kind_get_label (kind));
}

/* The patient's notes */

static GtkWidget *
create_note_row (gpointer item,
                 gpointer user_data)
{
  LysNoteSummary *summary = lys_item_get_record (LYS_ITEM (item));
  g_autofree char *title = describe_session (summary->session_at, summary->session_kind);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  /* Translators: "KAP integration · Sara Terapeut", then the note's first line */
  subtitle = g_strdup_printf (_("%s · %s\n%s"), summary->template_title ? summary->template_title : "",
                              summary->author, summary->preview ? summary->preview : _("Nothing written yet"));
  row = lys_rows_new (title, subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  if (summary->group)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), lys_rows_new_tag (_("Group"), "planned"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             summary->status == LYS_NOTE_DRAFT ? lys_rows_new_tag (_("Draft"), "missed")
                                                               : lys_rows_new_tag (_("Signed"), "done"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

/* Lists @notes (transfer full; LysNoteSummary), or nothing for %NULL */
static void
show_notes (LysNotesPage *self,
            GPtrArray    *notes)
{
  g_clear_object (&self->notes);
  gtk_list_box_set_placeholder (self->notes_list, notes != NULL && notes->len == 0
                                  ? lys_rows_new_placeholder (_("No notes yet. Write one after each session with New Note."))
                                  : NULL);
  if (notes != NULL)
    self->notes = lys_item_store_new (notes, (GDestroyNotify) lys_note_summary_free);
  gtk_list_box_bind_model (self->notes_list, G_LIST_MODEL (self->notes), self->notes ? create_note_row : NULL,
                           NULL, NULL);
}

static void
show_patient (gpointer    user_data,
              LysStore   *store,
              LysPatient *patient)
{
  LysNotesPage *self = user_data;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *count = NULL;

  show_notes (self, NULL);
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    return;
  if (patient == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-patient");
      return;
    }

  name = lys_patient_dup_display_name (patient);
  adw_preferences_group_set_title (self->notes_group, name);
  notes = lys_store_list_patient_notes (store, lys_patient_get_id (patient), &error);
  if (notes == NULL)
    {
      adw_preferences_group_set_description (self->notes_group, error->message);
      gtk_stack_set_visible_child_name (self->stack, "notes");
      return;
    }

  count = g_strdup_printf (ngettext ("%u note, newest session first", "%u notes, newest session first", notes->len),
                           notes->len);
  adw_preferences_group_set_description (self->notes_group, count);
  show_notes (self, g_steal_pointer (&notes));
  gtk_stack_set_visible_child_name (self->stack, "notes");
}

static void
open_note (LysNotesPage *self,
           gint64        note_id,
           gboolean      session_view)
{
  g_autoptr(GError) error = NULL;

  if (lys_note_window_present (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->view.store,
                               note_id, session_view, &error) == NULL)
    lys_alert (GTK_WIDGET (self), _("The Note Cannot Be Opened"), error->message);
}

static void
on_note_activated_cb (LysNotesPage  *self,
                      GtkListBoxRow *row)
{
  LysNoteSummary *summary = lys_item_record_of_row (G_LIST_MODEL (self->notes), row);

  if (summary != NULL)
    open_note (self, summary->note_id, FALSE);
}

/* The search */

static GtkWidget *
create_hit_row (gpointer item,
                gpointer user_data)
{
  LysNoteHit *hit = lys_item_get_record (LYS_ITEM (item));
  g_autofree char *session = describe_session (hit->session_at, hit->session_kind);
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* A group's shared note names no participant; the snippet is markup */
  /* Translators: "Tora Testesen · Monday 30 November · Integration session" */
  title = g_strdup_printf (_("%s · %s"), hit->patient_name ? hit->patient_name : _("Group session"), session);
  escaped = g_markup_escape_text (title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), TRUE);
  /* The snippet is markup: the note's text escaped, the matches bold */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hit->snippet);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  if (hit->in_addendum)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), lys_rows_new_tag (_("In an addendum"), "planned"));
  if (hit->status == LYS_NOTE_DRAFT)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), lys_rows_new_tag (_("Draft"), "missed"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

/* Lists @hits (transfer full; LysNoteHit), or nothing for %NULL */
static void
list_hits (LysNotesPage *self,
           GPtrArray    *hits)
{
  g_clear_object (&self->hits);
  if (hits != NULL)
    self->hits = lys_item_store_new (hits, (GDestroyNotify) lys_note_hit_free);
  gtk_list_box_bind_model (self->results_list, G_LIST_MODEL (self->hits), self->hits ? create_hit_row : NULL,
                           NULL, NULL);
}

/* @hits: (transfer full) */
static void
show_hits (LysNotesPage *self,
           GPtrArray    *hits,
           gboolean      ranked)
{
  g_autofree char *description = NULL;
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  guint n = hits->len;

  /* A snippet shown is a read of that patient's record, logged once for
   * the search however many letters are typed */
  for (guint i = 0; i < n; i++)
    {
      gint64 patient = ((LysNoteHit *) hits->pdata[i])->patient_id;

      if (!g_hash_table_contains (self->search_reads, GSIZE_TO_POINTER ((gsize) patient)))
        g_array_append_val (shown, patient);
    }
  if (!lys_store_audit_search_results (self->view.store, shown, &error))
    {
      /* Not logged, not shown */
      g_ptr_array_unref (hits);
      list_hits (self, NULL);
      adw_preferences_group_set_description (self->results_group, error->message);
      gtk_stack_set_visible_child_name (self->stack, "results");
      return;
    }
  for (guint i = 0; i < shown->len; i++)
    g_hash_table_add (self->search_reads, GSIZE_TO_POINTER ((gsize) g_array_index (shown, gint64, i)));

  list_hits (self, hits);

  if (n == SEARCH_LIMIT)
    description = g_strdup_printf (ranked ? _("The %u best matches") : _("The %u newest matches"), n);
  else if (ranked)
    description = g_strdup_printf (ngettext ("%u note, the best match first", "%u notes, the best matches first", n), n);
  else
    description = g_strdup_printf (ngettext ("%u note, the newest first", "%u notes, the newest first", n), n);
  adw_preferences_group_set_description (self->results_group, description);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "results" : "no-results");
}

static void run_search (LysNotesPage       *self,
                        LysNoteSearchOrder  order);

static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Pending *pending = data;
  LysNotesPage *self = pending->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = lys_note_search_run_finish (LYS_NOTE_SEARCH (source), result, &error);

  /* Overtaken by more typing, or the page is gone */
  if (self != NULL && pending->generation == self->generation)
    {
      if (hits != NULL)
        {
          guint n = hits->len;

          show_hits (self, g_steal_pointer (&hits), pending->order == LYS_NOTE_SEARCH_BEST);
          /* The newest are there at once; ranking them all takes longer */
          if (pending->order == LYS_NOTE_SEARCH_NEWEST && n > 1)
            run_search (self, LYS_NOTE_SEARCH_BEST);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_preferences_group_set_description (self->results_group, error->message);
          list_hits (self, NULL);
          gtk_stack_set_visible_child_name (self->stack, "results");
        }
    }

  if (pending->page != NULL)
    g_object_remove_weak_pointer (G_OBJECT (pending->page), (gpointer *) &pending->page);
  g_free (pending);
}

static LysNoteSearch *
ensure_search (LysNotesPage *self)
{
  LysStore *store = self->view.store;

  /* The search reads as the user it was made for */
  if (self->search != NULL && (self->search_staff != lys_store_get_current_staff_id (store) ||
                               self->search_role != lys_store_get_current_role (store)))
    g_clear_object (&self->search);
  if (self->search == NULL)
    {
      self->search = lys_note_search_new (store);
      self->search_staff = lys_store_get_current_staff_id (store);
      self->search_role = lys_store_get_current_role (store);
    }

  return self->search;
}

static void
run_search (LysNotesPage       *self,
            LysNoteSearchOrder  order)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->page = self;
  pending->generation = self->generation;
  pending->order = order;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &pending->page);
  lys_note_search_run_async (ensure_search (self), gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                             order, SEARCH_LIMIT, self->cancellable, on_search_done_cb, pending);
}

static void
on_search_changed_cb (LysNotesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* The search before is no longer wanted */
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->view.store == NULL)
    return;

  if (text[0] == '\0')
    {
      /* The search is over: the next one logs its reads again */
      g_hash_table_remove_all (self->search_reads);
      show_patient (self, self->view.store, self->view.shown);
      return;
    }

  self->cancellable = g_cancellable_new ();
  adw_preferences_group_set_description (self->results_group, _("Searching…"));
  run_search (self, LYS_NOTE_SEARCH_NEWEST);
}

static void
on_stop_search_cb (LysNotesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_result_activated_cb (LysNotesPage  *self,
                        GtkListBoxRow *row)
{
  LysNoteHit *hit = lys_item_record_of_row (G_LIST_MODEL (self->hits), row);

  if (hit != NULL)
    open_note (self, hit->note_id, hit->patient_id == 0);
}

/* A new note */

static void
new_note_free (NewNote *data)
{
  g_clear_object (&data->sessions);
  g_clear_pointer (&data->templates, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewNote, new_note_free)

static void
on_new_note_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         LysNotesPage     *self)
{
  g_autoptr(NewNote) data = g_steal_pointer (&self->new_note);
  g_autoptr(LysAppointment) session = NULL;
  g_autoptr(GError) error = NULL;
  guint chosen_template;
  gint64 note;

  if (!g_str_equal (response, "write") || self->view.shown == NULL || data == NULL)
    return;

  session = g_list_model_get_item (data->sessions, lys_form_dialog_get_choice (dialog, "session"));
  chosen_template = lys_form_dialog_get_choice (dialog, "template");
  if (session == NULL || chosen_template >= data->templates->len)
    return;

  note = lys_store_create_note (self->view.store, lys_patient_get_id (self->view.shown),
                                lys_appointment_get_id (session),
                                ((LysNoteTemplate *) data->templates->pdata[chosen_template])->key, &error);
  if (note == 0)
    {
      lys_alert (GTK_WIDGET (self), _("No Note Was Started"), error->message);
      return;
    }

  open_note (self, note, FALSE);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LysNotesPage *self = LYS_NOTES_PAGE (widget);
  g_autoptr(GtkStringList) session_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) template_names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  NewNote *data;

  if (self->view.shown == NULL)
    return;

  data = g_new0 (NewNote, 1);
  data->sessions = lys_store_list_patient_sessions (self->view.store, lys_patient_get_id (self->view.shown), &error);
  if (data->sessions != NULL)
    data->templates = lys_store_list_note_templates (self->view.store, &error);
  if (data->templates == NULL)
    {
      lys_alert (GTK_WIDGET (self), _("No Note Was Started"), error->message);
      new_note_free (data);
      return;
    }
  if (g_list_model_get_n_items (data->sessions) == 0)
    {
      lys_alert (GTK_WIDGET (self), _("No Session to Write About"),
                 _("A note is written for a session that has taken place. Book the session in the Infusion Schedule; its note can be written once it has begun."));
      new_note_free (data);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (data->sessions); i++)
    {
      g_autoptr(LysAppointment) session = g_list_model_get_item (data->sessions, i);
      g_autofree char *label = describe_session (lys_appointment_get_starts_at (session),
                                                 lys_appointment_get_kind (session));

      gtk_string_list_append (session_names, label);
    }
  for (guint i = 0; i < data->templates->len; i++)
    gtk_string_list_append (template_names, ((LysNoteTemplate *) data->templates->pdata[i])->title);

  dialog = lys_form_new_dialog (widget, _("New Note"), _("A session has one note; if it has one already, that one opens."),
                                "write", _("_Write Note"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_choice (dialog, "session", _("_Session"), G_LIST_MODEL (g_steal_pointer (&session_names)));
  lys_form_dialog_add_choice (dialog, "template", _("_Template"), G_LIST_MODEL (g_steal_pointer (&template_names)));
  g_clear_pointer (&self->new_note, new_note_free);
  self->new_note = data;
  lys_dialog_ask (dialog, G_CALLBACK (on_new_note_response_cb), self);
}

static void
access_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LysNotesPage *self = LYS_NOTES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  LysAccessWindow *window;

  if (self->view.shown == NULL)
    return;

  window = lys_access_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->view.store, self->view.shown, &error);
  if (window == NULL)
    lys_alert (GTK_WIDGET (self), _("The Record’s Readings Cannot Be Shown"), error->message);
  else
    gtk_window_present (GTK_WINDOW (window));
}

/* The note search reads the clinic's file of its own: another clinic, another search */
static void
lys_notes_page_set_store (LysPatientPage *page,
                          LysStore       *store)
{
  g_clear_object (&LYS_NOTES_PAGE (page)->search);
}

static void
lys_notes_page_patient_page_init (LysPatientPageInterface *iface)
{
  iface->view_offset = G_STRUCT_OFFSET (LysNotesPage, view);
  iface->set_store = lys_notes_page_set_store;
}

static void
lys_notes_page_dispose (GObject *object)
{
  LysNotesPage *self = LYS_NOTES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  lys_patient_view_clear (&self->view);
  g_clear_object (&self->search);
  g_clear_pointer (&self->search_reads, g_hash_table_unref);
  g_clear_pointer (&self->new_note, new_note_free);
  g_clear_object (&self->notes);
  g_clear_object (&self->hits);

  G_OBJECT_CLASS (lys_notes_page_parent_class)->dispose (object);
}

static void
lys_notes_page_class_init (LysNotesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_notes_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-notes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysNotesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysNotesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LysNotesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LysNotesPage, notes_group);
  gtk_widget_class_bind_template_child (widget_class, LysNotesPage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, LysNotesPage, results_group);
  gtk_widget_class_bind_template_child (widget_class, LysNotesPage, results_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_note_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated_cb);

  gtk_widget_class_install_action (widget_class, "notes.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "notes.access", NULL, access_action);
}

static void
lys_notes_page_init (LysNotesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->search_reads = g_hash_table_new (g_direct_hash, g_direct_equal);
  lys_patient_view_init (&self->view, GTK_WIDGET (self), "notes", show_patient, self);
}
