/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-preparation-note-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-format.h"
#include "lys-preparation-note-window.h"

/* The psychologist's note of one preparation session: intentions,
 * expectations, fears, the practical plan and a readiness judgement. */
struct _LysPreparationNoteWindow
{
  LysRecordWindow parent_instance;

  LysPatient *patient;
  LysPreparationSession *session;   /* a copy: the page may reload its list */

  AdwWindowTitle *window_title;
  GtkTextView *intentions_view;
  GtkTextView *expectations_view;
  GtkTextView *fears_view;
  AdwEntryRow *escort_row;
  AdwEntryRow *transport_row;
  AdwEntryRow *fasting_row;
  AdwComboRow *readiness_row;
};

G_DEFINE_FINAL_TYPE (LysPreparationNoteWindow, lys_preparation_note_window, LYS_TYPE_RECORD_WINDOW)

static char *
dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_text (GtkTextView *view,
          const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text ? text : "", -1);
}

static void
replace (char       **field,
         char        *value)
{
  g_free (*field);
  *field = value;
}

static void
save (LysPreparationNoteWindow *self,
      gboolean                  complete)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  LysPreparationSession *s = self->session;
  guint readiness = adw_combo_row_get_selected (self->readiness_row);
  g_autoptr(GError) error = NULL;

  replace (&s->intentions, dup_text (self->intentions_view));
  replace (&s->expectations, dup_text (self->expectations_view));
  replace (&s->fears, dup_text (self->fears_view));
  replace (&s->escort, g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->escort_row))));
  replace (&s->transport, g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->transport_row))));
  replace (&s->fasting, g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->fasting_row))));
  /* Item 0 is "not judged yet" */
  s->has_readiness = readiness > 0;
  s->readiness = readiness > 0 ? readiness - 1 : 0;

  if (!lys_store_save_preparation_note (store, lys_patient_get_id (self->patient), s, complete, &error))
    {
      lys_alert (GTK_WIDGET (self), _("Cannot Save the Note"), error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (LYS_PREPARATION_NOTE_WINDOW (widget), g_str_equal (action_name, "note.complete"));
}

static void
lys_preparation_note_window_dispose (GObject *object)
{
  LysPreparationNoteWindow *self = LYS_PREPARATION_NOTE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LYS_TYPE_PREPARATION_NOTE_WINDOW);
  g_clear_object (&self->patient);
  g_clear_pointer (&self->session, lys_preparation_session_free);

  G_OBJECT_CLASS (lys_preparation_note_window_parent_class)->dispose (object);
}

static void
lys_preparation_note_window_class_init (LysPreparationNoteWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_preparation_note_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-preparation-note-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysPreparationNoteWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationNoteWindow, intentions_view);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationNoteWindow, expectations_view);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationNoteWindow, fears_view);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationNoteWindow, escort_row);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationNoteWindow, transport_row);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationNoteWindow, fasting_row);
  gtk_widget_class_bind_template_child (widget_class, LysPreparationNoteWindow, readiness_row);

  gtk_widget_class_install_action (widget_class, "note.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "note.complete", NULL, save_action);
  lys_record_window_class_bind_save (widget_class, "note.save");
}

static void
lys_preparation_note_window_init (LysPreparationNoteWindow *self)
{
  g_autoptr(GtkStringList) judgements = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: no readiness judgement made yet */
  gtk_string_list_append (judgements, _("Not judged yet"));
  for (guint i = 0; i < LYS_N_READINESS; i++)
    gtk_string_list_append (judgements, lys_readiness_get_label (i));
  adw_combo_row_set_model (self->readiness_row, G_LIST_MODEL (judgements));
}

/**
 * lys_preparation_note_window_new:
 * @session: the session and its note so far
 */
LysPreparationNoteWindow *
lys_preparation_note_window_new (GtkWindow             *parent,
                                 LysStore              *store,
                                 LysPatient            *patient,
                                 const LysPreparationSession *session)
{
  LysPreparationNoteWindow *self;
  g_autofree char *day = lys_format_day (session->starts_at);
  g_autofree char *span = lys_format_time_span (session->starts_at, session->ends_at);
  g_autofree char *when = g_strdup_printf ("%s, %s", day, span);

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (session != NULL, NULL);

  self = g_object_new (LYS_TYPE_PREPARATION_NOTE_WINDOW, "store", store, "transient-for", parent, NULL);
  self->patient = g_object_ref (patient);
  self->session = lys_preparation_session_copy (session);
  lys_format_title_record (GTK_WINDOW (self), self->window_title, _("Preparation Session"), patient, when);

  set_text (self->intentions_view, session->intentions);
  set_text (self->expectations_view, session->expectations);
  set_text (self->fears_view, session->fears);
  gtk_editable_set_text (GTK_EDITABLE (self->escort_row), session->escort ? session->escort : "");
  gtk_editable_set_text (GTK_EDITABLE (self->transport_row), session->transport ? session->transport : "");
  gtk_editable_set_text (GTK_EDITABLE (self->fasting_row), session->fasting ? session->fasting : "");
  adw_combo_row_set_selected (self->readiness_row, session->has_readiness ? session->readiness + 1 : 0);

  return self;
}
