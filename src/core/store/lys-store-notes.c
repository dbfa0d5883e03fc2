/* SPDX-License-Identifier: GPL-3.0-or-later */

/* LysStore: therapy notes. Drafts are saved as they are typed; a signed note
 * is never changed (the database refuses it), only followed by addenda. A
 * group session has one shared note and a short part for each participant:
 * a patient's record shows the shared note and their own part, never the
 * others' parts or names. Every opening is logged as a read of the record
 * of each patient it shows. */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-text.h"
#include "lys-time.h"

/* Saving a draft as it is typed is logged once a minute, not per keystroke */
#define DRAFT_AUDIT_SECONDS 60
#define PREVIEW_CHARS 140

typedef struct
{
  const char *key;
  const char *title;
  const char *definition;
} StandardTemplate;

/* Translators: the clinic's standard note templates. A section is a line;
 * "*" marks a section that must be written before the note is signed. */
static const StandardTemplate standard_templates[] = {
  { "kap-integration", N_("KAP integration"),
    N_("Experience during the infusion *\n"
       "Themes and insights *\n"
       "Emotions\n"
       "Body\n"
       "Meaning\n"
       "What to practise until next session *\n"
       "Risk assessment *") },
  { LYS_NOTE_TEMPLATE_GROUP, N_("KAP group integration"),
    N_("Themes shared in the group *\n"
       "How the group worked together\n"
       "Exercises and practices\n"
       "What to practise until next session *\n"
       "Risk assessment *") },
  { "dap", N_("DAP"),
    N_("Data *\n"
       "Assessment *\n"
       "Plan *") },
  { "soap", N_("SOAP"),
    N_("Subjective *\n"
       "Objective *\n"
       "Assessment *\n"
       "Plan *") },
};

static gboolean
check_reader (LysStore  *self,
              GError   **error)
{
  if (lys_store_get_current_role (self) != LYS_ROLE_COORDINATOR)
    return TRUE;

  return _lys_refuse_role (self, error, _("Therapy notes are read and written by clinicians only."));
}

/* Templates */

gboolean
_lys_store_ensure_note_templates (LysStore  *self,
                                  GError   **error)
{
  g_autoptr(LysDbStmt) present = NULL;
  g_autoptr(LysDbStmt) insert = NULL;
  g_autofree char *now = lys_time_now_utc ();
  gboolean missing[G_N_ELEMENTS (standard_templates)] = { FALSE };
  gboolean any = FALSE;
  gboolean ok = TRUE;

  /* A standard template the clinic lacks, at the first start or added in
   * a later version; those it has are the clinic's own to edit */
  present = _lys_store_prepare (self, "SELECT 1 FROM note_templates WHERE key = ?1", error);
  if (present == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (standard_templates); i++)
    {
      lys_db_reset (present);
      lys_db_bind_text (present, 1, standard_templates[i].key);
      missing[i] = lys_db_step (present) != LYS_DB_ROW;
      any |= missing[i];
    }
  if (!any)
    return TRUE;

  /* In the language of the start that adds them */
  if (!_lys_store_begin (self, error))
    return FALSE;
  insert = _lys_store_prepare (self,
                               "INSERT INTO note_templates (key, title, definition, position, updated_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key) DO NOTHING", error);
  ok = insert != NULL;
  for (guint i = 0; ok && i < G_N_ELEMENTS (standard_templates); i++)
    {
      if (!missing[i])
        continue;
      lys_db_reset (insert);
      lys_db_bind_text (insert, 1, standard_templates[i].key);
      lys_db_bind_text (insert, 2, _(standard_templates[i].title));
      lys_db_bind_text (insert, 3, _(standard_templates[i].definition));
      lys_db_bind_int (insert, 4, (int) i);
      lys_db_bind_text (insert, 5, now);
      ok = _lys_store_step_done (self, insert, error);
    }

  return _lys_store_finish (self, ok, error);
}

static gpointer
read_template (LysDbStmt *stmt)
{
  return lys_note_template_parse (lys_db_column_text (stmt, 0),
                                  lys_db_column_text (stmt, 1),
                                  lys_db_column_text (stmt, 2), NULL);
}

/**
 * lys_store_list_note_templates:
 *
 * Returns: (transfer full) (element-type LysNoteTemplate): the clinic's
 *   templates, in their order
 */
GPtrArray *
lys_store_list_note_templates (LysStore  *self,
                               GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self, "SELECT key, title, definition FROM note_templates ORDER BY position, key", error);
  if (stmt == NULL)
    return NULL;
  return _lys_store_collect (self, stmt, read_template, (GDestroyNotify) lys_note_template_free, error);
}

/**
 * lys_store_save_note_template:
 * @key: (nullable): the template changed, or %NULL for a new one
 *
 * Notes already written keep the sections they were written with.
 *
 * Returns: (transfer full): the template's key, or %NULL with an error
 */
char *
lys_store_save_note_template (LysStore    *self,
                              const char  *key,
                              const char  *title,
                              const char  *definition,
                              GError     **error)
{
  g_autoptr(LysNoteTemplate) template = NULL;
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *now = lys_time_now_utc ();
  g_autofree char *new_key = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (definition != NULL, NULL);

  template = lys_note_template_parse (key, title, definition, error);
  if (template == NULL)
    return NULL;

  if (key != NULL)
    new_key = g_strdup (key);
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();

      new_key = g_strdup_printf ("clinic-%s", uuid);
    }
  if (!_lys_store_begin (self, error))
    return NULL;
  stmt = _lys_store_prepare (self,
                             key != NULL
                             ? "UPDATE note_templates SET title = ?2, definition = ?3, updated_at = ?4 WHERE key = ?1"
                             : "INSERT INTO note_templates (key, title, definition, position, updated_at) "
                               "VALUES (?1, ?2, ?3, (SELECT coalesce (max (position), 0) + 1 FROM note_templates), ?4)",
                             error);
  ok = stmt != NULL;
  if (ok)
    {
      lys_db_bind_text (stmt, 1, new_key);
      lys_db_bind_text (stmt, 2, template->title);
      lys_db_bind_text (stmt, 3, definition);
      lys_db_bind_text (stmt, 4, now);
      ok = _lys_store_step_done (self, stmt, error);
    }
  if (ok && key != NULL && lys_db_changes (_lys_store_get_db (self)) == 0)
    ok = lys_refuse (error, LYS_ERROR_NOT_FOUND, _("The template no longer exists."));
  ok = ok && _lys_store_audit (self, key != NULL ? "template.update" : "template.create", 0, "note-template", 0,
                               new_key, error);
  if (!_lys_store_finish (self, ok, error))
    return NULL;

  return g_steal_pointer (&new_key);
}

/* Reading notes */

static const char note_columns[] =
  "n.id, n.patient_id, n.group_note_id, coalesce (n.appointment_id, g.appointment_id), "
  "a.kind, a.starts_at, n.template, t.title, n.sections, n.author_id, s.name, n.status, n.body, "
  "n.cursor, n.updated_at, n.signed_at, k.name, n.content_sha256, "
  "p.given_name || ' ' || p.family_name";

static const char note_joins[] =
  "FROM notes n LEFT JOIN notes g ON g.id = n.group_note_id "
  "LEFT JOIN appointments a ON a.id = coalesce (n.appointment_id, g.appointment_id) "
  "LEFT JOIN note_templates t ON t.key = n.template "
  "JOIN staff s ON s.id = n.author_id "
  /* the signer as they were when they signed */
  "LEFT JOIN signatures k ON k.kind = 'note' AND k.record_id = n.id "
  "LEFT JOIN patients p ON p.id = n.patient_id ";

/* A signed text whose checksum no longer matches was changed outside
 * Lysning: it is never shown as the record, only said to be altered */
static gboolean
check_signed_text (char       **body,
                   const char  *checksum)
{
  g_autofree char *actual = NULL;

  if (checksum == NULL)
    return TRUE;
  actual = lys_note_checksum (*body != NULL ? *body : "");
  if (g_str_equal (actual, checksum))
    return TRUE;
  g_free (*body);
  *body = g_strdup (_("This text was altered outside Lysning after it was signed: it no longer matches its signature, so it is not shown. Tell the clinic lead, and restore the note from a backup."));
  return FALSE;
}

static gpointer
read_note (LysDbStmt *stmt)
{
  LysNote *note = lys_note_new ();

  note->id = lys_db_column_int64 (stmt, 0);
  note->patient_id = lys_db_column_int64 (stmt, 1);
  note->group_note_id = lys_db_column_int64 (stmt, 2);
  note->appointment_id = lys_db_column_int64 (stmt, 3);
  lys_appointment_kind_from_nick (lys_db_column_text (stmt, 4), &note->session_kind);
  note->session_at = _lys_column_time (stmt, 5);
  note->template_key = _lys_column_dup (stmt, 6);
  note->template_title = _lys_column_dup (stmt, 7);
  g_ptr_array_unref (note->sections);
  note->sections = lys_note_sections_from_json (lys_db_column_text (stmt, 8));
  note->author_id = lys_db_column_int64 (stmt, 9);
  note->author = _lys_column_dup (stmt, 10);
  lys_note_status_from_nick (lys_db_column_text (stmt, 11), &note->status);
  note->body = _lys_column_dup (stmt, 12);
  note->cursor = (guint) lys_db_column_int (stmt, 13);
  note->updated_at = _lys_column_time (stmt, 14);
  note->signed_at = _lys_column_time (stmt, 15);
  note->signed_by = _lys_column_dup (stmt, 16);
  note->checksum = _lys_column_dup (stmt, 17);
  note->patient_name = _lys_column_dup (stmt, 18);
  if (note->status == LYS_NOTE_SIGNED)
    note->altered = !check_signed_text (&note->body, note->checksum);
  return note;
}

static gpointer
read_addendum (LysDbStmt *stmt)
{
  LysNoteAddendum *addendum = g_new0 (LysNoteAddendum, 1);

  addendum->id = lys_db_column_int64 (stmt, 0);
  addendum->author = _lys_column_dup (stmt, 1);
  addendum->signed_at = _lys_column_time (stmt, 2);
  addendum->body = _lys_column_dup (stmt, 3);
  addendum->checksum = _lys_column_dup (stmt, 4);
  addendum->altered = !check_signed_text (&addendum->body, addendum->checksum);
  return addendum;
}

static gboolean
load_addenda (LysStore  *self,
              LysNote   *note,
              GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  GPtrArray *addenda;

  stmt = _lys_store_prepare (self,
                             "SELECT d.id, s.name, d.signed_at, d.body, d.content_sha256 FROM note_addenda d "
                             "LEFT JOIN signatures s ON s.kind = 'note-addendum' AND s.record_id = d.id "
                             "WHERE d.note_id = ?1 ORDER BY d.signed_at, d.id",
                             error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, note->id);
  addenda = _lys_store_collect (self, stmt, read_addendum, (GDestroyNotify) lys_note_addendum_free, error);
  if (addenda == NULL)
    return FALSE;
  g_ptr_array_unref (note->addenda);
  note->addenda = addenda;
  return TRUE;
}

/* The notes selected by @where ("n.id = ?1", "n.group_note_id = ?1"), with
 * their addenda */
static GPtrArray *
load_notes (LysStore    *self,
            const char  *where,
            gint64       id,
            GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT %s %s WHERE %s ORDER BY p.family_name, p.given_name, n.id",
                                          note_columns, note_joins, where);

  stmt = _lys_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, id);
  notes = _lys_store_collect (self, stmt, read_note, (GDestroyNotify) lys_note_free, error);
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    if (!load_addenda (self, notes->pdata[i], error))
      return NULL;

  return g_steal_pointer (&notes);
}

static LysNote *
load_note (LysStore  *self,
           gint64     id,
           GError   **error)
{
  g_autoptr(GPtrArray) notes = load_notes (self, "n.id = ?1", id, error);

  if (notes == NULL)
    return NULL;
  if (notes->len == 0)
    {
      lys_refuse (error, LYS_ERROR_NOT_FOUND, _("The note no longer exists."));
      return NULL;
    }

  return g_ptr_array_steal_index (notes, 0);
}

static GArray *
session_patients (LysStore  *self,
                  gint64     appointment_id,
                  GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self, "SELECT patient_id FROM appointment_patients WHERE appointment_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, appointment_id);
  return _lys_store_collect_ids (self, stmt, error);
}

/* The patients whose record a note is part of: its patient, or for a
 * group's shared part every participant of the session */
static GArray *
note_patients (LysStore  *self,
               LysNote   *note,
               GError   **error)
{
  if (note->patient_id != 0)
    {
      GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      g_array_append_val (ids, note->patient_id);
      return ids;
    }

  return session_patients (self, note->appointment_id, error);
}

static gboolean
audit_note (LysStore    *self,
            LysNote     *note,
            const char  *action,
            const char  *detail,
            GError     **error)
{
  g_autoptr(GArray) patients = note_patients (self, note, error);

  if (patients == NULL)
    return FALSE;
  for (guint i = 0; i < patients->len; i++)
    if (!_lys_store_audit (self, action, g_array_index (patients, gint64, i), "note", note->id, detail, error))
      return FALSE;

  return TRUE;
}

static LysNoteView *
load_view (LysStore  *self,
           gint64     note_id,
           gboolean   session_view,
           GError   **error)
{
  g_autoptr(LysNoteView) view = g_new0 (LysNoteView, 1);
  g_autoptr(LysNote) note = NULL;

  if (!check_reader (self, error))
    return NULL;

  note = load_note (self, note_id, error);
  if (note == NULL)
    return NULL;

  if (note->group_note_id != 0)
    {
      /* A patient's part: with the shared note, and no one else's part */
      view->main = load_note (self, note->group_note_id, error);
      if (view->main == NULL)
        return NULL;
      view->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_note_free);
      g_ptr_array_add (view->parts, g_steal_pointer (&note));
    }
  else if (note->patient_id == 0)
    {
      if (!session_view)
        {
          lys_refuse (error, LYS_ERROR_PERMISSION,
                      _("A group session’s note opens from the session, or with a participant’s own part."));
          return NULL;
        }
      view->session_view = TRUE;
      view->parts = load_notes (self, "n.group_note_id = ?1", note->id, error);
      if (view->parts == NULL)
        return NULL;
      view->main = g_steal_pointer (&note);
    }
  else
    {
      view->main = g_steal_pointer (&note);
      view->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_note_free);
    }

  return g_steal_pointer (&view);
}

/**
 * lys_store_reload_note_view:
 * @view: a view from lys_store_open_note()
 *
 * Reads the view again after a change made in the window that opened it:
 * that opening was logged, this is no new one.
 *
 * Returns: (transfer full): the view as it is stored now
 */
LysNoteView *
lys_store_reload_note_view (LysStore           *self,
                            const LysNoteView  *view,
                            GError            **error)
{
  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (view != NULL, NULL);

  /* A patient's view opens again from the patient's own part */
  if (!view->session_view && view->parts->len == 1 && view->main->patient_id == 0)
    return load_view (self, ((LysNote *) view->parts->pdata[0])->id, FALSE, error);
  return load_view (self, view->main->id, view->session_view, error);
}

/* After a committed change: the lists of the session's patients show it */
static void
notify_session (LysStore *self,
                gint64    appointment_id)
{
  g_autoptr(GArray) patients = session_patients (self, appointment_id, NULL);

  for (guint i = 0; patients != NULL && i < patients->len; i++)
    _lys_store_patient_changed (self, g_array_index (patients, gint64, i), -1);
}

/**
 * lys_store_open_note:
 * @session_view: for a group's shared part: the session's own view, with
 *   every participant's part and name
 *
 * Opens a note as one window shows it, and logs the read in the record of
 * every patient it shows. An individual part of a group note opens with
 * the shared part and nothing of the other participants.
 *
 * Returns: (transfer full): the view, or %NULL with an error
 */
LysNoteView *
lys_store_open_note (LysStore  *self,
                     gint64     note_id,
                     gboolean   session_view,
                     GError   **error)
{
  g_autoptr(LysNoteView) view = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  /* Read, checked and logged in one transaction; handed out once it
   * landed */
  if (!lys_store_begin_read (self, error))
    return NULL;
  view = load_view (self, note_id, session_view, error);
  ok = view != NULL;

  /* Each patient the view shows, under need-to-know */
  if (ok && view->main->patient_id != 0)
    ok = lys_store_check_access (self, view->main->patient_id, LYS_PART_NOTES, error);
  for (guint i = 0; ok && view->parts != NULL && i < view->parts->len; i++)
    {
      LysNote *part = g_ptr_array_index (view->parts, i);

      ok = part->patient_id == 0 || lys_store_check_access (self, part->patient_id, LYS_PART_NOTES, error);
    }

  if (ok && view->main->patient_id != 0)
    ok = _lys_store_audit (self, "patient.read", view->main->patient_id, "note", view->main->id, "note", error);
  else if (ok)
    for (guint i = 0; ok && i < view->parts->len; i++)
      {
        LysNote *part = view->parts->pdata[i];

        ok = _lys_store_audit (self, "patient.read", part->patient_id, "note", part->id,
                               view->session_view ? "group-note" : "note", error);
      }
  if (!lys_store_end_read (self, ok, error))
    return NULL;

  return g_steal_pointer (&view);
}

/**
 * lys_store_find_session_note:
 * @patient_id: the patient, or 0 for a group session's shared note
 *
 * Returns: the note of @patient_id at the session, or 0
 */
gint64
lys_store_find_session_note (LysStore  *self,
                             gint64     appointment_id,
                             gint64     patient_id,
                             GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  stmt = _lys_store_prepare (self,
                             "SELECT n.id FROM notes n LEFT JOIN notes g ON g.id = n.group_note_id "
                             "WHERE coalesce (n.appointment_id, g.appointment_id) = ?1 AND n.patient_id IS NOT DISTINCT FROM ?2 "
                             "ORDER BY n.id LIMIT 1", error);
  if (stmt == NULL)
    return 0;
  lys_db_bind_int64 (stmt, 1, appointment_id);
  if (patient_id != 0)
    lys_db_bind_int64 (stmt, 2, patient_id);
  return _lys_store_step_id (self, stmt, error);
}

/* A draft. Returns its id. */
gint64
_lys_store_write_note (LysStore          *self,
                       LysDbStmt        **kept,
                       const LysNoteRow  *row,
                       GError           **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *insert;

  insert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO notes (patient_id, group_note_id, appointment_id, author_id, template, "
                                    "session_kind, body, sections, created_at, updated_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)", error);
  if (insert == NULL)
    return 0;
  _lys_bind_id (insert, 1, row->patient_id);
  _lys_bind_id (insert, 2, row->group_note_id);
  _lys_bind_id (insert, 3, row->group_note_id != 0 ? 0 : row->appointment_id);
  _lys_bind_id (insert, 4, row->author_id);
  lys_db_bind_text (insert, 5, row->template_key);
  lys_db_bind_text (insert, 6, lys_appointment_kind_to_nick (row->session_kind));
  lys_db_bind_text (insert, 7, row->body);
  lys_db_bind_text (insert, 8, row->sections);
  lys_db_bind_text (insert, 9, row->created_at);
  return _lys_store_step_insert (self, insert, error);
}

/* Signs a draft whose text is @body, keeping the SHA-256 of it */
gboolean
_lys_store_write_note_signature (LysStore     *self,
                                 LysDbStmt   **kept,
                                 gint64        note_id,
                                 const char   *body,
                                 const char   *signed_at,
                                 gint64        signed_by,
                                 const char   *updated_at,
                                 GError      **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  g_autofree char *checksum = lys_note_checksum (body);
  LysDbStmt *update;
  gboolean ok;

  update = _lys_store_prepare_kept (self, kept, &local,
                                    "UPDATE notes SET status = 'signed', signed_at = ?2, signed_by = ?3, "
                                    "content_sha256 = ?4, updated_at = ?5 WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;
  lys_db_bind_int64 (update, 1, note_id);
  lys_db_bind_text (update, 2, signed_at);
  _lys_bind_id (update, 3, signed_by);
  lys_db_bind_text (update, 4, checksum);
  lys_db_bind_text (update, 5, updated_at);
  ok = _lys_store_step_done (self, update, error);
  lys_db_clear_bindings (update);
  return ok;
}

static gint64
insert_note (LysStore                *self,
             gint64                   patient_id,
             gint64                   group_note_id,
             gint64                   appointment_id,
             LysAppointmentKind       kind,
             const LysNoteTemplate   *template,
             GError                 **error)
{
  g_autofree char *now = lys_time_now_utc ();
  g_autofree char *body = template != NULL ? lys_note_template_make_body (template) : g_strdup ("");
  g_autofree char *sections = lys_note_sections_to_json (template != NULL ? template->sections : NULL);
  /* A participant's part has no template: it is a short note of its own */
  LysNoteRow row = { .patient_id = patient_id, .group_note_id = group_note_id, .appointment_id = appointment_id,
                     .author_id = lys_store_get_current_staff_id (self),
                     .template_key = template != NULL ? template->key : "group-part",
                     .session_kind = kind, .body = body, .sections = sections, .created_at = now };

  return _lys_store_write_note (self, NULL, &row, error);
}

static LysNoteTemplate *
find_template (LysStore    *self,
               const char  *key,
               GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self, "SELECT key, title, definition FROM note_templates WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_text (stmt, 1, key);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    {
      lys_refuse (error, LYS_ERROR_NOT_FOUND, _("The template no longer exists. Choose another."));
      return NULL;
    }

  return read_template (stmt);
}

/**
 * lys_store_create_note:
 * @patient_id: whose note it is; 0 for a group session opened from the
 *   session itself
 * @template_key: the template the note is written with
 *
 * Starts the draft of a session's note, or returns the one the session has.
 * For a group session, the shared note and a part for every participant.
 *
 * Returns: the note to open: the patient's note or part, or (@patient_id 0)
 *   the group's shared note; 0 with an error
 */
gint64
lys_store_create_note (LysStore    *self,
                       gint64       patient_id,
                       gint64       appointment_id,
                       const char  *template_key,
                       GError     **error)
{
  g_autoptr(LysNoteTemplate) template = NULL;
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(LysDbStmt) participants = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) now = NULL;
  LysAppointmentKind kind = LYS_APPOINTMENT_INTEGRATION;
  LysAppointmentState state = LYS_APPOINTMENT_CANCELLED;
  g_autoptr(GError) local_error = NULL;
  gint64 existing, shared = 0, result = 0;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  g_return_val_if_fail (template_key != NULL, 0);

  if (!check_reader (self, error) ||
      (patient_id != 0 && !lys_store_check_access (self, patient_id, LYS_PART_NOTES, error)))
    return 0;

  existing = lys_store_find_session_note (self, appointment_id, patient_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  if (existing != 0)
    return existing;

  template = find_template (self, template_key, error);
  if (template == NULL)
    return 0;

  stmt = _lys_store_prepare (self,
                             "SELECT kind, state, starts_at, EXISTS (SELECT 1 FROM appointment_patients "
                             "  WHERE appointment_id = ?1 AND patient_id = ?2) FROM appointments WHERE id = ?1", error);
  if (stmt == NULL)
    return 0;
  lys_db_bind_int64 (stmt, 1, appointment_id);
  lys_db_bind_int64 (stmt, 2, patient_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    {
      lys_refuse (error, LYS_ERROR_NOT_FOUND, _("The session no longer exists."));
      return 0;
    }
  lys_appointment_kind_from_nick (lys_db_column_text (stmt, 0), &kind);
  lys_appointment_state_from_nick (lys_db_column_text (stmt, 1), &state);
  starts = _lys_column_time (stmt, 2);
  now = lys_store_dup_now (self);

  if (patient_id != 0 && lys_db_column_int (stmt, 3) == 0)
    {
      lys_refuse (error, LYS_ERROR_INVALID, _("The patient did not take part in that session."));
      return 0;
    }
  if (patient_id == 0 && kind != LYS_APPOINTMENT_GROUP_INTEGRATION)
    {
      lys_refuse (error, LYS_ERROR_INVALID, _("Only a group session has a shared note."));
      return 0;
    }
  if (state == LYS_APPOINTMENT_CANCELLED || state == LYS_APPOINTMENT_MISSED)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %s is a booking's state, e.g. "Cancelled" */
                   _("The session is marked “%s”; it has no note."), lys_appointment_state_get_label (state));
      return 0;
    }
  if (starts == NULL || g_date_time_compare (starts, now) > 0)
    {
      lys_refuse (error, LYS_ERROR_INVALID, _("The session has not begun. Its note is written once it has."));
      return 0;
    }
  g_clear_pointer (&stmt, lys_db_stmt_free);

  if (!_lys_store_begin (self, error))
    return 0;

  if (kind != LYS_APPOINTMENT_GROUP_INTEGRATION)
    {
      result = insert_note (self, patient_id, 0, appointment_id, kind, template, error);
      ok = result != 0;
    }
  else
    {
      /* Another participant's record may have started it already */
      shared = lys_store_find_session_note (self, appointment_id, 0, &local_error);
      ok = local_error == NULL;
      if (!ok)
        g_propagate_error (error, g_steal_pointer (&local_error));
      if (ok && shared == 0)
        {
          shared = insert_note (self, 0, 0, appointment_id, kind, template, error);
          ok = shared != 0;
        }
      if (ok)
        {
          participants = _lys_store_prepare (self,
                                             "SELECT ap.patient_id FROM appointment_patients ap WHERE ap.appointment_id = ?1 "
                                             "AND NOT EXISTS (SELECT 1 FROM notes WHERE group_note_id = ?2 "
                                             "  AND patient_id = ap.patient_id)", error);
          ok = participants != NULL;
        }
      if (ok)
        {
          lys_db_bind_int64 (participants, 1, appointment_id);
          lys_db_bind_int64 (participants, 2, shared);
          while (ok && lys_db_step (participants) == LYS_DB_ROW)
            {
              gint64 participant = lys_db_column_int64 (participants, 0);
              gint64 part = insert_note (self, participant, shared, appointment_id, kind, NULL, error);

              ok = part != 0;
              if (participant == patient_id)
                result = part;
            }
        }
      if (patient_id == 0)
        result = shared;
    }

  if (ok)
    {
      g_autoptr(LysNote) note = load_note (self, result, error);

      ok = note != NULL && audit_note (self, note, "note.create", lys_appointment_kind_to_nick (kind), error);
    }
  if (!_lys_store_finish (self, ok && result != 0, error))
    return 0;

  notify_session (self, appointment_id);
  return result;
}

/* A draft to change: only its author writes it, until it is signed */
static LysNote *
load_draft (LysStore  *self,
            gint64     note_id,
            GError   **error)
{
  g_autoptr(LysNote) note = load_note (self, note_id, error);

  if (note == NULL)
    return NULL;
  if (note->status == LYS_NOTE_SIGNED)
    {
      lys_refuse (error, LYS_ERROR_LOCKED, _("The note is signed and is not changed. Add an addendum instead."));
      return NULL;
    }
  if (note->author_id != lys_store_get_current_staff_id (self))
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_PERMISSION,
                   /* Translators: %s is a staff member's name */
                   _("This draft is %s’s. Only its author writes and signs it."), note->author);
      return NULL;
    }

  return g_steal_pointer (&note);
}

static gboolean
recently_audited (LysStore  *self,
                  LysNote   *note,
                  GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = g_date_time_add_seconds (now, -DRAFT_AUDIT_SECONDS);
  g_autofree char *since_text = g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");

  stmt = _lys_store_prepare (self,
                             "SELECT EXISTS (SELECT 1 FROM audit_log WHERE object_type = 'note' AND object_id = ?1 "
                             "AND action = 'note.update' AND staff_id = ?2 AND at >= ?3 AND patient_id IS NOT DISTINCT FROM ?4)", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, note->id);
  lys_db_bind_int64 (stmt, 2, lys_store_get_current_staff_id (self));
  lys_db_bind_text (stmt, 3, since_text);
  if (note->patient_id != 0)
    lys_db_bind_int64 (stmt, 4, note->patient_id);
  return lys_db_step (stmt) == LYS_DB_ROW && lys_db_column_int (stmt, 0) != 0;
}

/**
 * lys_store_save_note_draft:
 * @was: (nullable): the text the caller last read or saved of the draft;
 *   %NULL saves whatever the draft holds now
 * @cursor: where the cursor is, in characters from the start
 *
 * Saves a draft as it is typed, in one transaction: a draft killed with the
 * app is there again as it was last saved, with its cursor. A draft that
 * holds neither @was nor @body was written in another window meanwhile (at
 * another desk, as the same author): nothing is saved over it, and
 * %LYS_ERROR_CONFLICT says so.
 */
gboolean
lys_store_save_note_draft (LysStore    *self,
                           gint64       note_id,
                           const char  *was,
                           const char  *body,
                           guint        cursor,
                           GError     **error)
{
  g_autoptr(LysNote) note = NULL;
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *now = NULL;
  gboolean ok, changed;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (!check_reader (self, error) || !_lys_store_begin (self, error))
    return FALSE;

  note = load_draft (self, note_id, error);
  ok = note != NULL;
  changed = ok && !g_str_equal (note->body, body);
  if (ok && changed && was != NULL && !g_str_equal (note->body, was))
    ok = lys_refuse (error, LYS_ERROR_CONFLICT,
                     _("This draft was changed in another window since it was opened here, at another workstation "
                       "or on this one, and is not saved over. Copy what you typed here, close this window and "
                     "open the note again to see both."));
  if (ok)
    {
      stmt = _lys_store_prepare (self,
                                 changed ? "UPDATE notes SET body = ?2, cursor = ?3, updated_at = ?4 WHERE id = ?1"
                                         : "UPDATE notes SET cursor = ?3 WHERE id = ?1", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      now = lys_time_now_utc ();
      lys_db_bind_int64 (stmt, 1, note_id);
      lys_db_bind_text (stmt, 2, body);
      lys_db_bind_int (stmt, 3, (int) MIN (cursor, (guint) G_MAXINT));
      lys_db_bind_text (stmt, 4, now);
      ok = _lys_store_step_done (self, stmt, error);
    }
  if (ok && changed && !recently_audited (self, note, NULL))
    ok = audit_note (self, note, "note.update", NULL, error);

  return _lys_store_finish (self, ok, error);
}

/**
 * lys_store_sign_notes:
 * @note_ids: the notes signed together: a note, or a group's shared note
 *   with the parts shown with it
 *
 * Signs each note, in one transaction: its author, its required sections
 * written, and the SHA-256 of its text kept. After this, the database
 * refuses any change to it.
 */
gboolean
lys_store_sign_notes (LysStore      *self,
                      const gint64  *note_ids,
                      guint          n_notes,
                      GError       **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *now = NULL;
  gint64 appointment_id = 0;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (note_ids != NULL || n_notes == 0, FALSE);

  if (!check_reader (self, error) || !_lys_store_begin (self, error))
    return FALSE;

  now = _lys_store_dup_now_text (self);
  ok = TRUE;
  for (guint i = 0; ok && i < n_notes; i++)
    {
      g_autoptr(LysNote) note = load_draft (self, note_ids[i], error);
      g_autofree char *updated = lys_time_now_utc ();

      ok = note != NULL && lys_note_check_signable (note->body, note->sections, error);
      if (!ok && note != NULL && note->patient_name != NULL && note->group_note_id != 0)
        {
          /* Say whose part it is: the session's own view shows the names */
          if (error != NULL)
            g_clear_error (error);
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       /* Translators: %s is a participant's name */
                       _("The note for %s is empty. Write it before signing."), note->patient_name);
        }
      if (!ok)
        break;

      ok = _lys_store_write_note_signature (self, &stmt, note->id, note->body, now,
                                            lys_store_get_current_staff_id (self), updated, error) &&
           audit_note (self, note, "note.sign", NULL, error);
      appointment_id = note->appointment_id;
    }

  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  if (appointment_id != 0)
    notify_session (self, appointment_id);
  return TRUE;
}

/**
 * lys_store_discard_note:
 *
 * Deletes a draft; a group's shared draft goes with its parts, if none of
 * them is signed.
 */
gboolean
lys_store_discard_note (LysStore  *self,
                        gint64     note_id,
                        GError   **error)
{
  g_autoptr(LysNote) note = NULL;
  g_autoptr(LysDbStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (!check_reader (self, error) || !_lys_store_begin (self, error))
    return FALSE;

  note = load_draft (self, note_id, error);
  ok = note != NULL && audit_note (self, note, "note.discard", NULL, error);
  if (ok && note->patient_id == 0)
    {
      stmt = _lys_store_prepare (self, "DELETE FROM notes WHERE group_note_id = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          lys_db_bind_int64 (stmt, 1, note_id);
          /* The trigger refuses a signed part: then nothing goes */
          ok = _lys_store_step_done (self, stmt, error);
        }
      g_clear_pointer (&stmt, lys_db_stmt_free);
    }
  if (ok)
    {
      stmt = _lys_store_prepare (self, "DELETE FROM notes WHERE id = ?1", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      lys_db_bind_int64 (stmt, 1, note_id);
      ok = _lys_store_step_done (self, stmt, error);
    }

  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  notify_session (self, note->appointment_id);
  return TRUE;
}

/**
 * lys_store_add_note_addendum:
 *
 * A correction or addition to a signed note, signed at once and shown under
 * it; the note stays as it was signed.
 */
gboolean
lys_store_add_note_addendum (LysStore    *self,
                             gint64       note_id,
                             const char  *body,
                             GError     **error)
{
  g_autoptr(LysNote) note = NULL;
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *now = NULL;
  g_autofree char *created = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (lys_text_is_blank (body))
    return lys_refuse (error, LYS_ERROR_INVALID, _("Write the addendum: what is corrected or added, and why."));
  if (!check_reader (self, error) || !_lys_store_begin (self, error))
    return FALSE;

  note = load_note (self, note_id, error);
  ok = note != NULL;
  if (ok && note->status != LYS_NOTE_SIGNED)
    ok = lys_refuse (error, LYS_ERROR_INVALID,
                     _("The note is a draft: change it directly. Addenda are for signed notes."));
  if (ok)
    {
      stmt = _lys_store_prepare (self,
                                 "INSERT INTO note_addenda (note_id, author_id, body, created_at, signed_at, content_sha256) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      text = g_strstrip (g_strdup (body));
      checksum = lys_note_checksum (text);
      now = _lys_store_dup_now_text (self);
      created = lys_time_now_utc ();
      lys_db_bind_int64 (stmt, 1, note_id);
      lys_db_bind_int64 (stmt, 2, lys_store_get_current_staff_id (self));
      lys_db_bind_text (stmt, 3, text);
      lys_db_bind_text (stmt, 4, created);
      lys_db_bind_text (stmt, 5, now);
      lys_db_bind_text (stmt, 6, checksum);
      ok = _lys_store_step_done (self, stmt, error) && audit_note (self, note, "note.addendum", NULL, error);
    }

  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  notify_session (self, note->appointment_id);
  return TRUE;
}

/* A patient's list of notes */

/* The first line of text that is not a heading, shortened */
static char *
make_preview (const char *body,
              GPtrArray  *sections)
{
  g_auto(GStrv) lines = g_strsplit (body != NULL ? body : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (line[0] == '\0' || lys_note_is_heading (sections, line, -1))
        continue;
      if (g_utf8_strlen (line, -1) > PREVIEW_CHARS)
        {
          g_autofree char *start = g_utf8_substring (line, 0, PREVIEW_CHARS);

          return g_strconcat (start, "…", NULL);
        }
      return g_strdup (line);
    }

  return NULL;
}

static gpointer
read_summary (LysDbStmt *stmt)
{
  LysNoteSummary *summary = g_new0 (LysNoteSummary, 1);
  g_autoptr(GPtrArray) sections = lys_note_sections_from_json (lys_db_column_text (stmt, 8));

  summary->note_id = lys_db_column_int64 (stmt, 0);
  summary->group = lys_db_column_int (stmt, 1) != 0;
  lys_appointment_kind_from_nick (lys_db_column_text (stmt, 2), &summary->session_kind);
  summary->session_at = _lys_column_time (stmt, 3);
  summary->template_title = _lys_column_dup (stmt, 4);
  summary->author = _lys_column_dup (stmt, 5);
  lys_note_status_from_nick (lys_db_column_text (stmt, 6), &summary->status);
  {
    g_autofree char *body = _lys_column_dup (stmt, 7);

    check_signed_text (&body, lys_db_column_text (stmt, 9));
    summary->preview = make_preview (body, sections);
  }
  return summary;
}

/**
 * lys_store_list_patient_notes:
 *
 * The caller shows part of the patient's record: it logs the read.
 *
 * Returns: (transfer full) (element-type LysNoteSummary): the patient's
 *   notes and parts of group notes, newest session first
 */
GPtrArray *
lys_store_list_patient_notes (LysStore  *self,
                              gint64     patient_id,
                              GError   **error)
{

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (!check_reader (self, error) || !lys_store_check_access (self, patient_id, LYS_PART_NOTES, error))
    return NULL;

  /* A part's preview comes from the shared note it belongs to */
  return _lys_store_collect_for (self, patient_id,
                                 "SELECT n.id, n.group_note_id IS NOT NULL, a.kind, a.starts_at, "
                                 "       coalesce (t.title, g.template, n.template), s.name, n.status, "
                                 "       CASE WHEN g.id IS NULL THEN n.body ELSE g.body END, "
                                 "       coalesce (g.sections, n.sections), "
                                 "       CASE WHEN g.id IS NULL THEN n.content_sha256 ELSE g.content_sha256 END "
                                 "FROM notes n LEFT JOIN notes g ON g.id = n.group_note_id "
                                 "JOIN appointments a ON a.id = coalesce (n.appointment_id, g.appointment_id) "
                                 "LEFT JOIN note_templates t ON t.key = coalesce (g.template, n.template) "
                                 "JOIN staff s ON s.id = n.author_id "
                                 "WHERE n.patient_id = ?1 ORDER BY a.starts_at DESC, n.id DESC",
                                 read_summary, (GDestroyNotify) lys_note_summary_free, error);
}

/**
 * lys_store_list_open_drafts:
 *
 * Returns: (transfer full) (element-type gint64): the current user's drafts
 *   written in the last day, newest first: what the app returns to when it
 *   starts again
 */
GArray *
lys_store_list_open_drafts (LysStore  *self,
                            GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = g_date_time_add_days (now, -1);
  g_autofree char *since_text = g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  /* A group's parts open with their shared note: list that once */
  stmt = _lys_store_prepare (self,
                             "SELECT id FROM notes WHERE status = 'draft' AND author_id = ?1 AND updated_at >= ?2 "
                             "AND group_note_id IS NULL ORDER BY updated_at DESC", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, lys_store_get_current_staff_id (self));
  lys_db_bind_text (stmt, 2, since_text);
  return _lys_store_collect_ids (self, stmt, error);
}

/* Who has read the record */

void
lys_access_entry_free (LysAccessEntry *entry)
{
  if (entry == NULL)
    return;

  g_clear_pointer (&entry->at, g_date_time_unref);
  g_free (entry->staff_name);
  g_free (entry->what);
  g_free (entry);
}

static gpointer
read_access (LysDbStmt *stmt)
{
  LysAccessEntry *entry = g_new0 (LysAccessEntry, 1);
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (lys_db_column_text (stmt, 0), NULL);

  entry->at = utc != NULL ? g_date_time_to_local (utc) : g_date_time_new_now_local ();
  entry->staff_name = _lys_column_dup (stmt, 1);
  if (!lys_role_from_nick (lys_db_column_text (stmt, 2), &entry->role))
    entry->role = LYS_ROLE_COORDINATOR;
  entry->what = _lys_column_dup (stmt, 3);
  return entry;
}

/**
 * lys_store_list_record_access:
 *
 * "Who has read my record": every opening of the patient's record, newest
 * first. Showing the list is itself logged.
 *
 * Returns: (transfer full) (element-type LysAccessEntry): the reads
 */
GPtrArray *
lys_store_list_record_access (LysStore  *self,
                              gint64     patient_id,
                              GError   **error)
{

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (!lys_store_log_patient_read (self, patient_id, "record-access", error))
    return NULL;

  return _lys_store_collect_for (self, patient_id,
                                 "SELECT at, staff_name, role, detail FROM audit_log "
                                 "WHERE patient_id = ?1 AND action = 'patient.read' ORDER BY at DESC, id DESC",
                                 read_access, (GDestroyNotify) lys_access_entry_free, error);
}
