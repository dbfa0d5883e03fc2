/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-note-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-autosave.h"
#include "lys-dialog.h"
#include "lys-form.h"
#include "lys-error.h"
#include "lys-format.h"
#include "lys-holders-bar.h"
#include "lys-later.h"
#include "lys-note-window.h"
#include "lys-rows.h"

/* A therapy note: written in a draft saved as it is typed (a pause in the
 * typing, or at least every second), signed once its required sections
 * are written, read-only after with its signer, time and SHA-256, and
 * followed by addenda. A group note shows the shared part with the
 * patient's own part, or in the session's own view every participant's. */

typedef struct
{
  LysNoteWindow *window;
  LysNote *note;              /* borrowed from the view */
  GtkTextView *text_view;
  LysAutosave autosave;
  guint save_id;
  gboolean editable;
  char *saved;                /* the text as loaded or last saved */
  char *unsure;               /* sent, and the answer lost: saved or not */
} Editor;

struct _LysNoteWindow
{
  LysRecordWindow parent_instance;

  LysNoteView *view;
  GPtrArray *editors;         /* Editor */
  gboolean loading;
  gboolean closing_unsaved;   /* closed with what was not saved, as asked */

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *discard_button;
  GtkWidget *sign_button;
  GtkWidget *addendum_button;
  GtkWidget *draft_label;
  AdwPreferencesGroup *signed_group;
  AdwActionRow *signed_row;
  LysHoldersBar *holders_bar;
  GtkLabel *main_caption;
  GtkTextView *main_view;
  GtkWidget *parts_box;
  AdwPreferencesGroup *addenda_group;
  GtkListBox *addenda_list;
  GListStore *addenda;          /* owned by addenda_list */
};

G_DEFINE_FINAL_TYPE (LysNoteWindow, lys_note_window, LYS_TYPE_RECORD_WINDOW)

static void show_view (LysNoteWindow *self);

/* Saving as it is typed */

static gboolean
save_editor (Editor *editor)
{
  LysNoteWindow *self = editor->window;
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (editor->text_view);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  int cursor;
  gboolean ok;

  g_clear_handle_id (&editor->save_id, g_source_remove);
  if (!lys_autosave_pending (&editor->autosave))
    return TRUE;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_object_get (buffer, "cursor-position", &cursor, NULL);
  lys_autosave_saved (&editor->autosave);
  ok = lys_store_save_note_draft (store, editor->note->id, editor->saved, text, (guint) MAX (cursor, 0),
                                  &error);
  /* A save whose answer was lost with the connection may have been made:
   * the draft holding it is this window's own text, not another's */
  if (!ok && editor->unsure != NULL && g_error_matches (error, LYS_ERROR, LYS_ERROR_CONFLICT))
    {
      g_clear_error (&error);
      ok = lys_store_save_note_draft (store, editor->note->id, editor->unsure, text, (guint) MAX (cursor, 0),
                                      &error);
    }
  if (!ok)
    {
      /* Still to save: with the next keystroke, or when the server is
       * back (on_connection_changed_cb ()) */
      lys_autosave_changed (&editor->autosave, g_get_monotonic_time ());
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      if (!g_error_matches (error, LYS_ERROR, LYS_ERROR_CONFLICT))
        {
          g_free (editor->unsure);
          editor->unsure = g_steal_pointer (&text);
        }
      return FALSE;
    }

  g_clear_pointer (&editor->unsure, g_free);
  g_free (editor->saved);
  editor->saved = g_steal_pointer (&text);
  lys_record_window_show_problem (LYS_RECORD_WINDOW (self), NULL);
  return TRUE;
}

static gboolean
flush (LysNoteWindow *self)
{
  gboolean ok = TRUE;

  for (guint i = 0; self->editors != NULL && i < self->editors->len; i++)
    ok &= save_editor (self->editors->pdata[i]);

  return ok;
}

static void
save_later_cb (gpointer editor)
{
  save_editor (editor);
}

static void
schedule_save (Editor *editor)
{
  gint64 now = g_get_monotonic_time ();
  gint64 due;

  lys_autosave_changed (&editor->autosave, now);
  due = lys_autosave_due_at (&editor->autosave);
  lys_later (&editor->save_id, G_PRIORITY_DEFAULT, (guint) MAX (1, (due - now) / 1000), save_later_cb, editor);
}

/* Headings stand out: a line that is one of the template's headings */
static void
tag_headings (Editor *editor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (editor->text_view);
  GtkTextIter line, end;

  gtk_text_buffer_get_bounds (buffer, &line, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "heading", &line, &end);
  if (editor->note->sections->len == 0)
    return;

  while (TRUE)
    {
      GtkTextIter line_end = line;
      g_autofree char *text = NULL;

      if (!gtk_text_iter_ends_line (&line_end))
        gtk_text_iter_forward_to_line_end (&line_end);
      text = gtk_text_buffer_get_text (buffer, &line, &line_end, FALSE);
      if (lys_note_is_heading (editor->note->sections, text, -1))
        gtk_text_buffer_apply_tag_by_name (buffer, "heading", &line, &line_end);
      if (!gtk_text_iter_forward_line (&line))
        break;
    }
}

static void
on_buffer_changed_cb (Editor *editor)
{
  tag_headings (editor);
  if (!editor->window->loading && editor->editable)
    schedule_save (editor);
}

static void
on_cursor_moved_cb (GtkTextBuffer *buffer,
                    GParamSpec    *pspec,
                    Editor        *editor)
{
  /* Where the cursor was is kept with the draft, to return to it */
  if (!editor->window->loading && editor->editable)
    schedule_save (editor);
}

static void
editor_free (Editor *editor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (editor->text_view);

  g_clear_handle_id (&editor->save_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (buffer, editor);
  g_free (editor->saved);
  g_free (editor->unsure);
  g_free (editor);
}

static Editor *
add_editor (LysNoteWindow *self,
            GtkTextView   *text_view,
            LysNote       *note)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  Editor *editor = g_new0 (Editor, 1);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);

  editor->window = self;
  editor->note = note;
  editor->text_view = text_view;
  editor->saved = g_strdup (note->body);
  editor->editable = note->status == LYS_NOTE_DRAFT &&
                     note->author_id == lys_store_get_current_staff_id (store);

  if (gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "heading") == NULL)
    gtk_text_buffer_create_tag (buffer, "heading", "weight", PANGO_WEIGHT_BOLD, "scale", 1.15,
                                "pixels-above-lines", 12, NULL);
  gtk_text_buffer_set_text (buffer, note->body, -1);
  /* A signed note keeps its caret, to be read and selected by keyboard.
   * (Hiding it is also what GTK 4.8 aborts on, when the caret was blinking
   * and the window has lost the focus to the signing dialog.) */
  gtk_text_view_set_editable (text_view, editor->editable);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (on_buffer_changed_cb), editor);
  g_signal_connect (buffer, "notify::cursor-position", G_CALLBACK (on_cursor_moved_cb), editor);
  tag_headings (editor);

  g_ptr_array_add (self->editors, editor);
  return editor;
}

/* Building the view */

static GtkTextView *
add_part_view (LysNoteWindow *self,
               const char    *caption_text)
{
  GtkWidget *caption = gtk_label_new_with_mnemonic (caption_text);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_set_margin_top (caption, 12);
  gtk_widget_add_css_class (caption, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (caption), view);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  /* As tall as its text: the window scrolls, not the part */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 110);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_widget_add_css_class (view, "note-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (caption)), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  gtk_box_append (GTK_BOX (self->parts_box), caption);
  gtk_box_append (GTK_BOX (self->parts_box), frame);
  return GTK_TEXT_VIEW (view);
}

static gboolean
any_altered_addendum (LysNote *note)
{
  for (guint i = 0; note->addenda != NULL && i < note->addenda->len; i++)
    if (((LysNoteAddendum *) note->addenda->pdata[i])->altered)
      return TRUE;
  return FALSE;
}

static char *
describe_signature (LysNote *note)
{
  g_autofree char *day = g_date_time_format (note->signed_at, "%d.%m.%Y");
  g_autofree char *time = g_date_time_format (note->signed_at, "%H:%M");

  /* Translators: "Signed by Sara Terapeut on 01.12.2026 at 10:42" */
  return g_strdup_printf (_("Signed by %s on %s at %s"), note->signed_by, day, time);
}

static void
add_addenda_rows (LysNoteWindow *self,
                  LysNote       *note,
                  const char    *whose)
{
  for (guint i = 0; i < note->addenda->len; i++)
    {
      LysNoteAddendum *addendum = note->addenda->pdata[i];
      g_autofree char *when = g_date_time_format (addendum->signed_at, "%d.%m.%Y %H:%M");
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (whose != NULL)
        /* Translators: "Åse Aabø · 01.12.2026 11:00 · Sara Terapeut" */
        title = g_strdup_printf (_("%s · %s · %s"), whose, when, addendum->author);
      else
        /* Translators: "01.12.2026 11:00 · Sara Terapeut" */
        title = g_strdup_printf (_("%s · %s"), when, addendum->author);
      /* Translators: an addendum's text, and the checksum of it */
      subtitle = g_strdup_printf (_("%s\nSHA-256 %s"), addendum->body, addendum->checksum);
      lys_rows_append_text (self->addenda, title, subtitle, NULL);
    }
}

/* The note addenda go to: the patient's own part in a patient's view of a
 * group note, the note itself otherwise */
static LysNote *
addendum_target (LysNoteWindow *self)
{
  if (!self->view->session_view && self->view->parts->len == 1 && self->view->main->patient_id == 0)
    return self->view->parts->pdata[0];
  return self->view->main;
}

static gboolean
any_draft (LysNoteWindow *self)
{
  if (self->view->main->status == LYS_NOTE_DRAFT)
    return TRUE;
  for (guint i = 0; i < self->view->parts->len; i++)
    if (((LysNote *) self->view->parts->pdata[i])->status == LYS_NOTE_DRAFT)
      return TRUE;
  return FALSE;
}

static void
place_cursor (Editor *editor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (editor->text_view);
  GtkTextIter at;

  gtk_text_buffer_get_iter_at_offset (buffer, &at, (int) editor->note->cursor);
  gtk_text_buffer_place_cursor (buffer, &at);
  gtk_text_view_scroll_to_mark (editor->text_view, gtk_text_buffer_get_insert (buffer), 0.1, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (editor->text_view));
}

static void
show_view (LysNoteWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  LysNoteView *view = self->view;
  LysNote *main = view->main;
  gboolean group = main->patient_id == 0;
  g_autofree char *subtitle = NULL;
  GtkWidget *child;
  LysNote *target;
  Editor *first_editable = NULL;

  self->loading = TRUE;
  g_clear_pointer (&self->editors, g_ptr_array_unref);
  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) editor_free);
  while ((child = gtk_widget_get_first_child (self->parts_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->parts_box), child);
  g_list_store_remove_all (self->addenda);

  if (main->session_at != NULL)
    {
      g_autofree char *day = lys_format_day (main->session_at);

      /* Translators: "Integration session · Monday 30 November" */
      subtitle = g_strdup_printf (_("%s · %s"), lys_appointment_kind_get_label (main->session_kind), day);
    }
  {
    g_autoptr(LysPatient) patient = group ? NULL : lys_store_dup_patient (store, main->patient_id);

    lys_format_title_record (GTK_WINDOW (self), self->window_title,
                             main->template_title ? main->template_title : _("Note"), patient, subtitle);
  }

  gtk_label_set_text_with_mnemonic (self->main_caption, group ? _("_Shared group note") : _("_Note"));
  gtk_label_set_mnemonic_widget (self->main_caption, GTK_WIDGET (self->main_view));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->main_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->main_caption), -1);
  if (add_editor (self, self->main_view, main)->editable)
    first_editable = self->editors->pdata[0];

  for (guint i = 0; i < view->parts->len; i++)
    {
      LysNote *part = view->parts->pdata[i];
      g_autofree char *caption = NULL;
      Editor *editor;

      if (view->session_view && part->status == LYS_NOTE_SIGNED)
        /* Translators: the caption of a participant's signed part of a group note */
        caption = g_strdup_printf (_("%s, signed"), part->patient_name);
      else if (view->session_view)
        caption = g_strdup (part->patient_name);
      else
        caption = g_strdup (part->status == LYS_NOTE_SIGNED ? _("This patient’s own _part, signed")
                                                            : _("This patient’s own _part"));
      editor = add_editor (self, add_part_view (self, caption), part);
      if (editor->editable && first_editable == NULL)
        first_editable = editor;
    }

  add_addenda_rows (self, main, NULL);
  for (guint i = 0; i < view->parts->len; i++)
    {
      LysNote *part = view->parts->pdata[i];

      add_addenda_rows (self, part, view->session_view ? part->patient_name : NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->addenda_group),
                          g_list_model_get_n_items (G_LIST_MODEL (self->addenda)) > 0);

  gtk_widget_set_visible (self->draft_label, any_draft (self));
  gtk_widget_set_visible (GTK_WIDGET (self->signed_group), main->status == LYS_NOTE_SIGNED);
  if (main->status == LYS_NOTE_SIGNED)
    {
      g_autofree char *signature = describe_signature (main);
      /* Translators: the checksum of a signed note's text */
      g_autofree char *checksum = g_strdup_printf (_("SHA-256 %s"), main->checksum);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->signed_row), signature);
      adw_action_row_set_subtitle (self->signed_row, checksum);
    }
  /* A signed text changed outside Lysning is said to be so, in view */
  if (main->altered || any_altered_addendum (main))
    lys_record_window_show_problem (LYS_RECORD_WINDOW (self),
                                    _("Part of this note was altered outside Lysning after it was signed, and is not shown. Tell the clinic lead."));

  target = addendum_target (self);
  gtk_widget_set_visible (self->sign_button, any_draft (self));
  gtk_widget_set_visible (self->addendum_button, target->status == LYS_NOTE_SIGNED);
  gtk_widget_set_visible (self->discard_button, main->status == LYS_NOTE_DRAFT && (!group || view->session_view));

  /* A draft being written here is open for writing, as the other desks see */
  if (first_editable != NULL)
    lys_holders_bar_watch (self->holders_bar, store, LYS_HELD_NOTE, first_editable->note->id);
  else
    lys_holders_bar_watch (self->holders_bar, NULL, 0, 0);

  self->loading = FALSE;
  if (first_editable != NULL)
    place_cursor (first_editable);
}

static void
reload (LysNoteWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  LysNoteView *view = lys_store_reload_note_view (store, self->view, &error);

  if (view == NULL)
    {
      lys_record_window_show_problem (LYS_RECORD_WINDOW (self), error->message);
      return;
    }

  g_clear_pointer (&self->view, lys_note_view_free);
  self->view = view;
  show_view (self);
}

/* Actions */

static void
on_sign_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     LysNoteWindow    *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!g_str_equal (response, "sign") || !flush (self))
    return;

  if (self->view->main->status == LYS_NOTE_DRAFT)
    g_array_append_val (ids, self->view->main->id);
  for (guint i = 0; i < self->view->parts->len; i++)
    {
      LysNote *part = self->view->parts->pdata[i];

      if (part->status == LYS_NOTE_DRAFT)
        g_array_append_val (ids, part->id);
    }

  if (!lys_store_sign_notes (store, (const gint64 *) (gpointer) ids->data, ids->len, &error))
    {
      lys_alert (GTK_WIDGET (self), _("The Note Was Not Signed"), error->message);
      return;
    }

  reload (self);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Note signed")));
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysNoteWindow *self = LYS_NOTE_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (widget, _("Sign the Note?"),
                                _("A signed note is never changed: corrections and additions are added as addenda, each signed."),
                                "sign", _("_Sign"), ADW_RESPONSE_SUGGESTED);
  lys_dialog_ask (dialog, G_CALLBACK (on_sign_response_cb), self);
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        LysNoteWindow    *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "discard"))
    return;

  /* What was typed goes: nothing to save first */
  for (guint i = 0; i < self->editors->len; i++)
    lys_autosave_saved (&((Editor *) self->editors->pdata[i])->autosave);
  if (!lys_store_discard_note (store, self->view->main->id, &error))
    {
      lys_alert (GTK_WIDGET (self), _("The Draft Was Not Discarded"), error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LysNoteWindow *self = LYS_NOTE_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (widget, _("Discard the Draft?"),
                                self->view->parts->len > 0
                                ? _("The shared note and every participant’s part are deleted. This cannot be undone.")
                                : _("The draft is deleted. This cannot be undone."),
                                "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_label (dialog, "cancel", _("_Keep Draft"));
  lys_dialog_ask (dialog, G_CALLBACK (on_discard_response_cb), self);
}

static void
on_addendum_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         LysNoteWindow    *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  if (!g_str_equal (response, "add"))
    return;

  body = lys_form_dialog_dup_long_text (dialog, "body");
  if (!lys_store_add_note_addendum (store, addendum_target (self)->id, body, &error))
    {
      lys_alert (GTK_WIDGET (self), _("The Addendum Was Not Added"), error->message);
      return;
    }

  reload (self);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Addendum signed and added")));
}

static void
addendum_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LysNoteWindow *self = LYS_NOTE_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (widget, _("Add an Addendum"),
                                _("Say what is corrected or added, and why. It is signed with your name when added and shown under the note."),
                                "add", _("Sign and _Add"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_text (dialog, "body", _("_Addendum"));
  lys_dialog_ask (dialog, G_CALLBACK (on_addendum_response_cb), self);
}

/* The window */

/* Back on the clinic's server: what could not be saved meanwhile is */
static void
on_connection_changed_cb (LysNoteWindow *self)
{
  if (lys_store_get_connected (lys_record_window_get_store (LYS_RECORD_WINDOW (self))))
    flush (self);
}

static void
on_close_unsaved_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              LysNoteWindow    *self)
{
  if (!g_str_equal (response, "close"))
    return;
  self->closing_unsaved = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
lys_note_window_close_request (GtkWindow *window)
{
  LysNoteWindow *self = LYS_NOTE_WINDOW (window);
  AdwMessageDialog *dialog;

  /* What was typed in the last moment is kept too; what cannot be saved
   * now (the server is away) keeps the window open unless asked */
  if (flush (self) || self->closing_unsaved)
    return GTK_WINDOW_CLASS (lys_note_window_parent_class)->close_request (window);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("The Draft Is Not Saved"),
                                                       _("What was typed last could not be saved. Keep the window "
                                                         "open: it is saved as soon as the clinic’s database can be "
                                                         "reached again. If you close it, what was typed since the "
                                                         "last save is lost.")));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep Open"), "close", _("_Close and Lose It"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  lys_dialog_ask (dialog, G_CALLBACK (on_close_unsaved_response_cb), self);
  return TRUE;
}

static void
lys_note_window_dispose (GObject *object)
{
  LysNoteWindow *self = LYS_NOTE_WINDOW (object);

  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_pointer (&self->view, lys_note_view_free);

  G_OBJECT_CLASS (lys_note_window_parent_class)->dispose (object);
}

static void
lys_note_window_class_init (LysNoteWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* Worked in for long: Escape does not close it */
  LYS_RECORD_WINDOW_CLASS (klass)->closes_on_escape = FALSE;

  object_class->dispose = lys_note_window_dispose;
  window_class->close_request = lys_note_window_close_request;

  g_type_ensure (LYS_TYPE_HOLDERS_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-note-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, discard_button);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, sign_button);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, addendum_button);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, draft_label);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, signed_group);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, signed_row);
  lys_record_window_class_bind_problem (widget_class, "error_label");
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, holders_bar);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, main_caption);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, main_view);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, parts_box);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, addenda_group);
  gtk_widget_class_bind_template_child (widget_class, LysNoteWindow, addenda_list);

  gtk_widget_class_install_action (widget_class, "note.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "note.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "note.addendum", NULL, addendum_action);
}

static void
lys_note_window_init (LysNoteWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->addenda = lys_rows_bind_texts (self->addenda_list);
}

static LysNoteWindow *
find_open (LysStore *store,
           gint64    main_id,
           gint64    first_part,
           gboolean  session_view)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0, n = g_list_model_get_n_items (toplevels); i < n; i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (toplevels, i);
      LysNoteWindow *window;

      if (!LYS_IS_NOTE_WINDOW (object))
        continue;
      window = LYS_NOTE_WINDOW (object);
      if (lys_record_window_get_store (LYS_RECORD_WINDOW (window)) == store &&
          window->view->main->id == main_id && window->view->session_view == session_view &&
          (session_view || window->view->parts->len == 0 ||
           ((LysNote *) window->view->parts->pdata[0])->id == first_part))
        return window;
    }

  return NULL;
}

/**
 * lys_note_window_present:
 * @note_id: a note, a patient's part of a group note, or (with
 *   @session_view) a group's shared note
 *
 * Opens the note (a logged read) and shows it, in the window already open
 * for it if there is one.
 *
 * Returns: (transfer none) (nullable): the window, or %NULL with an error
 */
LysNoteWindow *
lys_note_window_present (GtkWindow  *parent,
                         LysStore   *store,
                         gint64      note_id,
                         gboolean    session_view,
                         GError    **error)
{
  g_autoptr(LysNoteView) view = NULL;
  LysNoteWindow *self;
  gint64 first_part;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);

  view = lys_store_open_note (store, note_id, session_view, error);
  if (view == NULL)
    return NULL;

  first_part = view->parts->len > 0 ? ((LysNote *) view->parts->pdata[0])->id : 0;
  self = find_open (store, view->main->id, first_part, view->session_view);
  if (self == NULL)
    {
      self = g_object_new (LYS_TYPE_NOTE_WINDOW, "store", store, "transient-for", parent, NULL);
      if (parent != NULL && gtk_window_get_application (parent) != NULL)
        gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
          self->view = g_steal_pointer (&view);
      g_signal_connect_object (store, "connection-changed", G_CALLBACK (on_connection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      show_view (self);
    }

  gtk_window_present (GTK_WINDOW (self));
  return self;
}
