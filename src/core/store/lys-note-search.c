/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-note-search"

#include "config.h"


#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-db-postgresql.h"
#include "lys-fts.h"
#include "lys-note-search.h"
#include "lys-store-private.h"
#include "lys-time.h"

/* Full-text search over the notes a user may read: the signed ones and
 * their own drafts. It runs off the main thread on a read-only connection of
 * its own, one query at a time; a query cancelled because the user typed on
 * stops inside SQLite. */
struct _LysNoteSearch
{
  GObject parent_instance;

  char *path;
  gint64 staff_id;
  gboolean may_read;
  char *refusal;                /* why not, when not */
  gboolean need_to_know;    /* the clinic has a lead */
  gboolean treatment;       /* a physician or nurse: patients in treatment */
  GTimeSpan clock_offset;   /* the store's clock against the real one */

  GMutex lock;          /* the connection, one query at a time */
  LysDb *db;
};

G_DEFINE_FINAL_TYPE (LysNoteSearch, lys_note_search, G_TYPE_OBJECT)

typedef struct
{
  char *text;
  LysNoteSearchOrder order;
  guint limit;
} Query;

static void
query_free (Query *query)
{
  g_free (query->text);
  g_free (query);
}

static gboolean
ensure_connection (LysNoteSearch  *self,
                   GError        **error)
{
  if (self->db == NULL)
    self->db = _lys_open_reader (self->path, LYS_READER_SEARCH, error);
  return self->db != NULL;
}

/* The number of words in a hit's snippet */
#define SNIPPET_WORDS 14

static LysNoteHit *
read_hit (LysDbStmt  *stmt,
          const char *query)
{
  LysNoteHit *hit = g_new0 (LysNoteHit, 1);
  const char *starts = lys_db_column_text (stmt, 5);

  hit->note_id = lys_db_column_int64 (stmt, 0);
  hit->patient_id = lys_db_column_int64 (stmt, 1);
  hit->patient_name = _lys_column_dup (stmt, 2);
  hit->appointment_id = lys_db_column_int64 (stmt, 3);
  lys_appointment_kind_from_nick (lys_db_column_text (stmt, 4), &hit->session_kind);
  hit->session_at = starts != NULL ? lys_time_parse_local (starts) : NULL;
  lys_note_status_from_nick (lys_db_column_text (stmt, 6), &hit->status);
  /* FTS5's snippet on SQLite; on a server, cut from the text here */
  if (lys_db_column_is_null (stmt, 7))
    {
      g_autofree char *snippet = lys_fts_snippet (lys_db_column_text (stmt, 9), query, SNIPPET_WORDS);

      hit->snippet = lys_fts_snippet_markup (snippet);
    }
  else
    hit->snippet = lys_fts_snippet_markup (lys_db_column_text (stmt, 7));
  hit->rank = lys_db_column_double (stmt, 8);
  /* A signed text changed outside Lysning is never shown as the record */
  if (!lys_db_column_is_null (stmt, 10))
    {
      g_autofree char *actual = lys_note_checksum (lys_db_column_text (stmt, 9));

      if (!g_str_equal (actual, lys_db_column_text (stmt, 10)))
        {
          g_free (hit->snippet);
          hit->snippet = g_markup_escape_text (_("This text was altered outside Lysning after it was signed, and is not shown."), -1);
        }
    }
  return hit;
}

static void
lys_note_search_finalize (GObject *object)
{
  LysNoteSearch *self = (LysNoteSearch *) object;

  g_clear_pointer (&self->db, _lys_close_reader);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self->refusal);

  G_OBJECT_CLASS (lys_note_search_parent_class)->finalize (object);
}

static void
lys_note_search_class_init (LysNoteSearchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lys_note_search_finalize;
}

static void
lys_note_search_init (LysNoteSearch *self)
{
  g_mutex_init (&self->lock);
}

/**
 * lys_note_search_new:
 *
 * A search of @store's notes for its current user.
 */
LysNoteSearch *
lys_note_search_new (LysStore *store)
{
  LysNoteSearch *self;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);

  self = g_object_new (LYS_TYPE_NOTE_SEARCH, NULL);
  self->path = g_strdup (lys_store_get_path (store));
  self->staff_id = lys_store_get_current_staff_id (store);
  self->may_read = lys_store_get_current_role (store) != LYS_ROLE_COORDINATOR;
  if (!self->may_read)
    self->refusal = _lys_store_dup_role_refusal (store, _("Therapy notes are read and written by clinicians only."));
  self->need_to_know = lys_store_has_lead (store);
  self->treatment = lys_store_get_current_role (store) != LYS_ROLE_PSYCHOLOGIST;
  {
    g_autoptr(GDateTime) store_now = lys_store_dup_now (store);
    g_autoptr(GDateTime) real_now = g_date_time_new_now_local ();

    self->clock_offset = g_date_time_difference (store_now, real_now);
  }
  return self;
}

/**
 * lys_note_search_run:
 * @text: what was typed; each word is matched as the start of a word, the
 *   Norwegian letters or without them
 * @order: the newest matches, found at once; or the best, ranked by BM25
 * @limit: the most results wanted
 *
 * Runs in the calling thread; may be called from any thread.
 *
 * Returns: (transfer full) (element-type LysNoteHit): the best matches
 *   first, each with a snippet of its text, matches in bold
 */
static int
compare_rank (gconstpointer a,
              gconstpointer b)
{
  const LysNoteHit *x = *(LysNoteHit **) a, *y = *(LysNoteHit **) b;

  return (x->rank > y->rank) - (x->rank < y->rank);
}

static int
compare_newest (gconstpointer a,
                gconstpointer b)
{
  const LysNoteHit *x = *(LysNoteHit **) a, *y = *(LysNoteHit **) b;

  return (y->note_id > x->note_id) - (y->note_id < x->note_id);
}

/* The matches in the notes' text, or in their addenda; under the lock */
static GPtrArray *
search_source (LysNoteSearch       *self,
               const char          *query,
               gboolean             addenda,
               LysNoteSearchOrder   order,
               guint                limit,
               GCancellable        *cancellable,
               GError             **error)
{
  const char *fts = addenda ? "note_addenda_fts" : "notes_fts";
  /* The text found: the note's, or the addendum's */
  const char *text = addenda ? "d" : "n";
  g_autofree char *sql = NULL;
  g_autofree char *from = NULL;
  g_autofree char *match = NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *rank = NULL;
  const char *order_by;
  LysDbStmt *stmt = NULL;
  GPtrArray *hits = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_note_hit_free);
  int rc;

  if (lys_db_is_postgresql (self->db))
    {
      /* The text search configuration "lysning" folds the text and the
       * query alike (unaccent: søvn, sovn); rank is the higher the better,
       * made the lower the better as FTS5's */
      const char *vector = addenda ? "d.search" : "n.search";

      from = g_strdup (addenda ? "note_addenda d JOIN notes n ON n.id = d.note_id" : "notes n");
      match = g_strdup_printf ("%s @@ to_tsquery ('lysning', ?1)", vector);
      /* The snippets, of the rows returned only, are cut here
       * (read_hit ()) */
      snippet = g_strdup ("NULL");
      rank = g_strdup_printf ("-ts_rank (%s, to_tsquery ('lysning', ?1))", vector);
      order_by = order == LYS_NOTE_SEARCH_BEST ? "9" : addenda ? "d.id DESC" : "n.id DESC";
    }
  else
    {
      /* FTS5 orders by rowid or rank itself, so the snippets are made for
       * the rows returned only; in rowid order it stops at the limit */
      from = g_strdup_printf ("%1$s %2$s", fts,
                              addenda ? "JOIN note_addenda d ON d.id = note_addenda_fts.rowid JOIN notes n ON n.id = d.note_id"
                                      : "JOIN notes n ON n.id = notes_fts.rowid");
      match = g_strdup_printf ("%s MATCH ?1", fts);
      snippet = g_strdup_printf ("snippet (%s, 0, char (1), char (2), '…', %d)", fts, SNIPPET_WORDS);
      rank = g_strdup_printf ("%s.rank", fts);
      order_by = order == LYS_NOTE_SEARCH_BEST ? "rank" : addenda ? "note_addenda_fts.rowid DESC" : "notes_fts.rowid DESC";
    }
  sql = g_strdup_printf ("SELECT n.id AS c0, n.patient_id AS c1, p.given_name || ' ' || p.family_name AS c2, "
                         "       coalesce (n.appointment_id, g.appointment_id) AS c3, a.kind AS c4, a.starts_at AS c5, "
                         "       n.status AS c6, %3$s AS c7, %4$s AS c8, %6$s.body AS c9, %6$s.content_sha256 AS c10, "
                         "       %6$s.id AS c11 "
                         "FROM %1$s "
                         "LEFT JOIN notes g ON g.id = n.group_note_id "
                         "LEFT JOIN appointments a ON a.id = coalesce (n.appointment_id, g.appointment_id) "
                         "LEFT JOIN patients p ON p.id = n.patient_id "
                         "WHERE %2$s AND (n.status = 'signed' OR n.author_id = ?2) "
                         /* Under need-to-know, the patients one may see; a
                          * shared group note, for whoever held the session */
                         "AND (?4 = 0 OR n.author_id = ?2 OR n.patient_id IN (" LYS_ACCESSIBLE_PATIENTS_SQL ") "
                         "  OR (n.patient_id IS NULL AND EXISTS (SELECT 1 FROM appointment_staff s "
                         "      WHERE s.appointment_id = n.appointment_id AND s.staff_id = ?2))) "
                         "ORDER BY %5$s LIMIT ?3",
                         from, match, snippet, rank, order_by, text);
  stmt = lys_db_prepare (self->db, sql, NULL);
  rc = LYS_DB_ERROR;
  if (stmt != NULL)
    {
      lys_db_bind_text (stmt, 1, query);
      lys_db_bind_int64 (stmt, 2, self->staff_id);
      lys_db_bind_int (stmt, 3, (int) MIN (limit, 1000u));
      lys_db_bind_int (stmt, 4, self->need_to_know);
      if (self->need_to_know)
        {
          g_autoptr(GDateTime) real_now = g_date_time_new_now_local ();
          g_autoptr(GDateTime) now = g_date_time_add (real_now, self->clock_offset);

          _lys_access_bind (stmt, self->staff_id, self->treatment, now);
        }
      lys_db_set_cancellable (self->db, cancellable);
      while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
        {
          LysNoteHit *hit = read_hit (stmt, query);

          hit->in_addendum = addenda;
          g_ptr_array_add (hits, hit);
        }
      lys_db_set_cancellable (self->db, NULL);
    }
  lys_db_stmt_free (stmt);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_ptr_array_unref (hits);
      return NULL;
    }
  if (rc != LYS_DB_DONE)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED, _("The notes cannot be searched: %s"), lys_db_get_message (self->db));
      g_ptr_array_unref (hits);
      return NULL;
    }
  return hits;
}

GPtrArray *
lys_note_search_run (LysNoteSearch      *self,
                     const char         *text,
                     LysNoteSearchOrder  order,
                     guint               limit,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *query = NULL;
  GPtrArray *hits;

  g_return_val_if_fail (LYS_IS_NOTE_SEARCH (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!self->may_read)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_PERMISSION, self->refusal);
      return NULL;
    }

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_note_hit_free);
  locker = g_mutex_locker_new (&self->lock);
  if (!ensure_connection (self, error))
    {
      g_ptr_array_unref (hits);
      return NULL;
    }
  query = lys_db_is_postgresql (self->db) ? lys_fts_build_tsquery (text) : lys_fts_build_query (text);
  if (query == NULL)
    return hits;

  /* The notes' text, then their addenda's: each search stops at the limit,
   * and the two lists are merged */
  for (guint source = 0; source < 2; source++)
    {
      g_autoptr(GPtrArray) found = search_source (self, query, source == 1, order, limit, cancellable, error);

      if (found == NULL)
        {
          g_ptr_array_unref (hits);
          return NULL;
        }
      for (guint i = 0; i < found->len; i++)
        {
          LysNoteHit *hit = found->pdata[i];
          guint j;

          /* A note found by its text and an addendum is one result */
          for (j = 0; j < hits->len; j++)
            if (((LysNoteHit *) hits->pdata[j])->note_id == hit->note_id)
              break;
          if (j == hits->len)
            g_ptr_array_add (hits, g_ptr_array_steal_index (found, i--));
        }
    }
  g_ptr_array_sort (hits, order == LYS_NOTE_SEARCH_BEST ? compare_rank : compare_newest);
  if (hits->len > limit)
    g_ptr_array_set_size (hits, limit);
  return hits;
}

static void
run_in_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Query *query = data;
  GError *error = NULL;
  GPtrArray *hits = lys_note_search_run (source, query->text, query->order, query->limit, cancellable, &error);

  if (hits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * lys_note_search_run_async:
 *
 * Runs the search in a worker thread. Cancel a search that is no longer
 * wanted: it stops, and its results are not delivered.
 */
void
lys_note_search_run_async (LysNoteSearch       *self,
                           const char          *text,
                           LysNoteSearchOrder   order,
                           guint                limit,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  g_return_if_fail (LYS_IS_NOTE_SEARCH (self));
  g_return_if_fail (text != NULL);

  query = g_new0 (Query, 1);
  query->text = g_strdup (text);
  query->order = order;
  query->limit = limit;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lys_note_search_run_async);
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, run_in_thread);
}

GPtrArray *
lys_note_search_run_finish (LysNoteSearch  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
