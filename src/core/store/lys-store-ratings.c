/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <stdio.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-time.h"

/* Ratings over a course and the follow-up points they answer. A rating is
 * taken, never changed: a form with items left out is kept as incomplete
 * and counted nowhere. */

/* A rating taken: of the course and follow-up point given, or at an
 * infusion of the course its booking belongs to. Returns its id. */
gint64
_lys_store_write_rating (LysStore            *self,
                         LysDbStmt          **kept,
                         const LysRatingRow  *row,
                         GError             **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *insert;

  insert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO ratings (patient_id, course_id, infusion_id, scale, timepoint, "
                                    "rated_at, answers, total, rated_by, complete) "
                                    "VALUES (?1, coalesce (CAST (?2 AS BIGINT), (SELECT a.course_id FROM infusions i "
                                    "JOIN appointments a ON a.id = i.appointment_id WHERE i.id = ?3)), "
                                    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (insert == NULL)
    return 0;
  lys_db_bind_int64 (insert, 1, row->patient_id);
  _lys_bind_id (insert, 2, row->course_id);
  _lys_bind_id (insert, 3, row->infusion_id);
  lys_db_bind_text (insert, 4, lys_scale_to_nick (row->scale));
  lys_db_bind_text (insert, 5, row->timepoint);
  lys_db_bind_text (insert, 6, row->rated_at);
  lys_db_bind_text (insert, 7, row->answers);
  lys_db_bind_int (insert, 8, (int) row->total);
  _lys_bind_id (insert, 9, row->rated_by);
  lys_db_bind_int (insert, 10, row->complete);
  return _lys_store_step_insert (self, insert, error);
}

void
lys_rating_free (LysRating *rating)
{
  if (rating == NULL)
    return;
  g_clear_pointer (&rating->rated_at, g_date_time_unref);
  g_free (rating->rated_by);
  g_free (rating);
}

void
lys_follow_up_free (LysFollowUp *follow_up)
{
  if (follow_up == NULL)
    return;
  g_free (follow_up->patient_name);
  g_free (follow_up);
}

/* Whether two follow-up points are shown the same way */
gboolean
lys_follow_up_same (gconstpointer a,
                    gconstpointer b)
{
  const LysFollowUp *x = a;
  const LysFollowUp *y = b;

  return x->patient_id == y->patient_id && x->course_id == y->course_id && x->point == y->point &&
         x->state == y->state && g_date_compare (&x->due, &y->due) == 0 &&
         g_strcmp0 (x->patient_name, y->patient_name) == 0;
}

/* Ratings are a clinical part of the record */
static gboolean
check_clinician (LysStore  *self,
                 gint64     patient_id,
                 GError   **error)
{
  return lys_store_check_access (self, patient_id, LYS_PART_RATINGS, error);
}

/* The course a rating belongs to: a follow-up point after the last
 * infusion belongs to the latest induction course, anything else to the
 * course under way */
static gint64
course_for (LysStore          *self,
            gint64             patient_id,
            LysFollowUpPoint   point,
            GError           **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  gint64 course_id = 0;
  LysPhase phase;

  if (point == LYS_N_POINTS || !lys_follow_up_point_after_last (point))
    {
      if (!_lys_store_current_course (self, patient_id, &course_id, &phase, NULL, error))
        return 0;
      return course_id;
    }

  stmt = _lys_store_prepare (self,
                             "SELECT id FROM courses WHERE patient_id = ?1 AND kind = 'induction' "
                             "ORDER BY started_on DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return 0;
  lys_db_bind_int64 (stmt, 1, patient_id);
  course_id = _lys_store_step_id (self, stmt, error);
  if (course_id == 0 && (error == NULL || *error == NULL))
    lys_refuse (error, LYS_ERROR_NOT_FOUND,
                _("The patient has no course yet. Ratings belong to a course: start one from the Preparation area."));
  return course_id;
}

/* A follow-up point is answered once per course */
static gboolean
check_point_free (LysStore          *self,
                  gint64             course_id,
                  LysFollowUpPoint   point,
                  GError           **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *day = NULL;

  stmt = _lys_store_prepare (self,
                             "SELECT rated_at FROM ratings_taken WHERE course_id = ?1 AND scale = 'madrs' "
                             "AND timepoint = ?2 AND complete = 1 LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, course_id);
  lys_db_bind_text (stmt, 2, lys_follow_up_point_to_nick (point));
  switch (lys_db_step (stmt))
    {
    case LYS_DB_DONE:
      return TRUE;
    case LYS_DB_ROW:
      at = _lys_column_time (stmt, 0);
      day = at != NULL ? g_date_time_format (at, "%x") : g_strdup ("?");
      g_set_error (error, LYS_ERROR, LYS_ERROR_EXISTS,
                   /* Translators: %1$s is a follow-up point ("3 Months"), %2$s a date */
                   _("The MADRS at %1$s is already on record for this course (taken %2$s). A rating is never replaced; choose another point."),
                   lys_follow_up_point_get_label (point), day);
      return FALSE;
    default:
      return _lys_store_fail (self, error);
    }
}

static gboolean
check_infusion (LysStore  *self,
                gint64     patient_id,
                gint64     infusion_id,
                GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self,
                             "SELECT 1 FROM infusions i JOIN appointment_patients ap ON ap.appointment_id = i.appointment_id "
                             "WHERE i.id = ?1 AND ap.patient_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, infusion_id);
  lys_db_bind_int64 (stmt, 2, patient_id);
  if (_lys_store_step_id (self, stmt, error) != 0)
    return TRUE;
  return lys_refuse (error, LYS_ERROR_NOT_FOUND, _("That infusion is not in this patient's record."));
}

/**
 * lys_store_save_rating:
 * @point: the follow-up point the rating answers (MADRS only), or
 *   %LYS_N_POINTS
 * @infusion_id: the infusion it was taken at, or 0
 * @answers: one score per item of @scale, %LYS_RATING_UNANSWERED for one
 *   left out
 * @rated_at: when it was taken; not in the future
 * @complete: (out) (optional): whether every item was answered
 *
 * Takes a rating in the current clinician's name, in one transaction with
 * its audit row. A form with items left out is saved as incomplete: it
 * keeps what was answered and is never counted.
 *
 * Returns: the rating's id, or 0 with @error set
 */
gint64
lys_store_save_rating (LysStore          *self,
                       gint64             patient_id,
                       LysScale           scale,
                       LysFollowUpPoint   point,
                       gint64             infusion_id,
                       const guint       *answers,
                       GDateTime         *rated_at,
                       gboolean          *complete,
                       GError           **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *json = NULL;
  g_autofree char *at = NULL;
  guint n = 0, total = 0, answered = 0;
  gint64 course_id, id = 0;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  g_return_val_if_fail (scale < LYS_N_SCALES && point <= LYS_N_POINTS, 0);
  g_return_val_if_fail (answers != NULL && rated_at != NULL, 0);

  if (!check_clinician (self, patient_id, error))
    return 0;
  n = lys_scale_get_n_items (scale);
  if (!lys_scale_check (scale, answers, n, &total, &answered, error))
    return 0;
  if (answered == 0)
    {
      lys_refuse (error, LYS_ERROR_INVALID,
                  _("No item is answered. Enter a score for at least one item, or close the form."));
      return 0;
    }
  if (point != LYS_N_POINTS && scale != LYS_SCALE_MADRS)
    {
      lys_refuse (error, LYS_ERROR_INVALID,
                  _("The follow-up points are measured with MADRS. Choose MADRS, or no follow-up point."));
      return 0;
    }
  now = lys_store_dup_now (self);
  if (g_date_time_compare (rated_at, now) > 0)
    {
      lys_refuse (error, LYS_ERROR_INVALID, _("The rating's time is in the future. Enter when it was taken."));
      return 0;
    }

  if (!_lys_store_begin (self, error))
    return 0;

  course_id = course_for (self, patient_id, point, error);
  ok = course_id != 0;
  if (ok && point != LYS_N_POINTS && answered == n)
    ok = check_point_free (self, course_id, point, error);
  if (ok && infusion_id != 0)
    ok = check_infusion (self, patient_id, infusion_id, error);
  if (ok)
    {
      LysRatingRow row = { .patient_id = patient_id, .course_id = course_id, .infusion_id = infusion_id,
                           .scale = scale, .total = total, .rated_by = lys_store_get_current_staff_id (self),
                           .complete = answered == n };

      json = lys_scale_answers_to_json (answers, n);
      at = lys_time_format_local (rated_at);
      row.timepoint = point != LYS_N_POINTS ? lys_follow_up_point_to_nick (point) : NULL;
      row.rated_at = at;
      row.answers = json;
      id = _lys_store_write_rating (self, NULL, &row, error);
      ok = id != 0;
    }
  ok = ok && _lys_store_audit (self, answered == n ? "rating.save" : "rating.save-incomplete", patient_id,
                               "rating", id, lys_scale_to_nick (scale), error);
  if (!_lys_store_finish (self, ok, error))
    return 0;

  if (complete != NULL)
    *complete = answered == n;
  _lys_store_patient_changed (self, patient_id, -1);
  return id;
}

static gpointer
read_rating (LysDbStmt *stmt)
{
  LysRating *rating = g_new0 (LysRating, 1);

  rating->id = lys_db_column_int64 (stmt, 0);
  rating->course_id = lys_db_column_int64 (stmt, 1);
  rating->infusion_id = lys_db_column_int64 (stmt, 2);
  if (!lys_scale_from_nick (lys_db_column_text (stmt, 3), &rating->scale))
    rating->scale = LYS_SCALE_MADRS;
  if (!lys_follow_up_point_from_nick (lys_db_column_text (stmt, 4), &rating->point))
    rating->point = LYS_N_POINTS;
  rating->rated_at = _lys_column_time (stmt, 5);
  if (!lys_scale_answers_from_json (lys_db_column_text (stmt, 6), rating->answers,
                                    lys_scale_get_n_items (rating->scale)))
    for (guint i = 0; i < LYS_SCALE_MAX_ITEMS; i++)
      rating->answers[i] = LYS_RATING_UNANSWERED;
  rating->total = (guint) lys_db_column_int (stmt, 7);
  rating->complete = lys_db_column_int (stmt, 8);
  rating->rated_by = _lys_column_dup (stmt, 9);
  rating->infusion_number = (guint) lys_db_column_int (stmt, 10);
  return rating;
}

/**
 * lys_store_list_ratings:
 *
 * Every rating in the patient's record, oldest first, with the number of
 * the infusion a rating was taken at within its course. Reading them is
 * logged.
 *
 * Returns: (transfer full) (element-type LysRating): the ratings
 */
GPtrArray *
lys_store_list_ratings (LysStore  *self,
                        gint64     patient_id,
                        GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) ratings = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  /* Read and logged in one transaction */
  if (!check_clinician (self, patient_id, error) || !lys_store_begin_read (self, error))
    return NULL;

  stmt = _lys_store_prepare (self,
                             "WITH given AS (SELECT i.id, row_number () OVER (PARTITION BY a.course_id ORDER BY i.started_at) AS n "
                             "  FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
                             "  JOIN appointment_patients ap ON ap.appointment_id = a.id "
                             "  WHERE ap.patient_id = ?1 AND i.started_at IS NOT NULL) "
                             "SELECT r.id, r.course_id, r.infusion_id, r.scale, r.timepoint, r.rated_at, r.answers, r.total, "
                             "r.complete, s.name, g.n FROM ratings r LEFT JOIN staff s ON s.id = r.rated_by "
                             "LEFT JOIN given g ON g.id = r.infusion_id "
                             "WHERE r.patient_id = ?1 ORDER BY r.rated_at, r.id", error);
  if (stmt != NULL)
    {
      lys_db_bind_int64 (stmt, 1, patient_id);
      ratings = _lys_store_collect (self, stmt, read_rating, (GDestroyNotify) lys_rating_free, error);
    }
  if (!lys_store_end_read (self, ratings != NULL && lys_store_log_patient_read (self, patient_id, "ratings", error),
                           error))
    return NULL;
  return g_steal_pointer (&ratings);
}

void
lys_infusion_ratings_free (LysInfusionRatings *ratings)
{
  if (ratings == NULL)
    return;
  g_clear_pointer (&ratings->started_at, g_date_time_unref);
  g_free (ratings);
}

static gpointer
read_infusion_ratings (LysDbStmt *stmt)
{
  LysInfusionRatings *ratings = g_new0 (LysInfusionRatings, 1);

  ratings->infusion_id = lys_db_column_int64 (stmt, 0);
  ratings->number = (guint) lys_db_column_int (stmt, 1);
  ratings->started_at = _lys_column_time (stmt, 2);
  ratings->self_report = lys_db_column_int (stmt, 3) != 0;
  ratings->cadss = lys_db_column_int (stmt, 4) != 0;
  return ratings;
}

/**
 * lys_store_list_infusion_ratings:
 *
 * For each infusion given: whether a PHQ-9 or QIDS-SR16 was taken before
 * it (that day, or at it) and a CADSS after it, complete.
 *
 * Returns: (transfer full) (element-type LysInfusionRatings): in order
 */
GPtrArray *
lys_store_list_infusion_ratings (LysStore  *self,
                                 gint64     patient_id,
                                 GError   **error)
{

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (!check_clinician (self, patient_id, error))
    return NULL;

  return _lys_store_collect_for (self, patient_id,
                                 "WITH given AS (SELECT i.id, i.started_at, "
                                 "  row_number () OVER (PARTITION BY a.course_id ORDER BY i.started_at) AS n "
                                 "  FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
                                 "  JOIN appointment_patients ap ON ap.appointment_id = a.id "
                                 "  WHERE ap.patient_id = ?1 AND i.started_at IS NOT NULL) "
                                 "SELECT g.id, g.n, g.started_at, "
                                 "  EXISTS (SELECT 1 FROM ratings_taken r WHERE r.patient_id = ?1 AND r.complete = 1 "
                                 "    AND r.scale IN ('phq9', 'qids-sr16') AND (r.infusion_id = g.id OR (r.infusion_id IS NULL "
                                 "    AND substr (r.rated_at, 1, 10) = substr (g.started_at, 1, 10) AND r.rated_at <= g.started_at))), "
                                 "  EXISTS (SELECT 1 FROM ratings_taken r WHERE r.infusion_id = g.id AND r.scale = 'cadss' AND r.complete = 1) "
                                 "FROM given g ORDER BY g.started_at",
                                 read_infusion_ratings, (GDestroyNotify) lys_infusion_ratings_free, error);
}

static gpointer
read_time (LysDbStmt *stmt)
{
  return _lys_column_time (stmt, 0);
}

/**
 * lys_store_list_infusions_given:
 *
 * Returns: (transfer full) (element-type GDateTime): when each of the
 *   patient's infusions started, in order
 */
GPtrArray *
lys_store_list_infusions_given (LysStore  *self,
                                gint64     patient_id,
                                GError   **error)
{

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (!check_clinician (self, patient_id, error))
    return NULL;

  return _lys_store_collect_for (self, patient_id,
                                 "SELECT i.started_at FROM infusions i "
                                 "JOIN appointment_patients ap ON ap.appointment_id = i.appointment_id "
                                 "WHERE ap.patient_id = ?1 AND i.started_at IS NOT NULL ORDER BY i.started_at",
                                 read_time, (GDestroyNotify) g_date_time_unref, error);
}

/**
 * lys_store_load_outcome_chart:
 *
 * The patient's complete ratings and infusions, ready to draw. Reading
 * them is logged.
 *
 * Returns: (transfer full): the chart, or %NULL with @error set
 */
LysOutcomeChart *
lys_store_load_outcome_chart (LysStore  *self,
                              gint64     patient_id,
                              GPtrArray *ratings,
                              GError   **error)
{
  g_autoptr(LysOutcomeChart) chart = lys_outcome_chart_new ();
  g_autoptr(GPtrArray) infusions = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (ratings != NULL, NULL);

  infusions = lys_store_list_infusions_given (self, patient_id, error);
  if (infusions == NULL)
    return NULL;
  for (guint i = 0; i < ratings->len; i++)
    {
      LysRating *rating = g_ptr_array_index (ratings, i);

      if (rating->complete && rating->rated_at != NULL)
        lys_outcome_chart_add_rating (chart, rating->scale, rating->point, rating->rated_at, rating->total);
    }
  for (guint i = 0; i < infusions->len; i++)
    lys_outcome_chart_add_infusion (chart, g_ptr_array_index (infusions, i));
  return g_steal_pointer (&chart);
}

/* Follow-up points */

typedef struct
{
  gint64 course_id;
  gint64 patient_id;
  char *patient_name;
  LysPhase phase;
  GDate first;           /* the first infusion, given or booked */
  GDate sixth;           /* the sixth given */
  GDate last;            /* the last given, once the series is over */
  guint n_given;
  guint rated;           /* LysFollowUpPoint bits */
} CourseDates;

static void
course_dates_free (gpointer data)
{
  CourseDates *course = data;

  g_free (course->patient_name);
  g_free (course);
}

static const GDate *
anchor_of (const CourseDates *course,
           LysFollowUpPoint   point)
{
  const GDate *anchor;

  if (point == LYS_POINT_BASELINE)
    anchor = &course->first;
  else if (point == LYS_POINT_INFUSION_6)
    anchor = &course->sixth;
  else
    anchor = &course->last;
  return g_date_valid (anchor) ? anchor : NULL;
}

static int
compare_pointed (gconstpointer a,
                 gconstpointer b)
{
  return lys_follow_up_compare (*(LysFollowUp * const *) a, *(LysFollowUp * const *) b);
}

/* The points of one patient, or of the clinic (0), as read */
static GPtrArray *
list_follow_ups (LysStore     *self,
                 gint64        patient_id,
                 const GDate  *today,
                 guint         horizon_days,
                 GError      **error)
{
  g_autoptr(LysDbStmt) courses = NULL;
  g_autoptr(LysDbStmt) days = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, course_dates_free);
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_follow_up_free);
  guint course_infusions = (guint) _lys_store_get_settings (self)[LYS_SETTING_COURSE_INFUSIONS];
  GHashTableIter iter;
  gpointer value;
  GDate horizon;
  int rc;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  courses = _lys_store_prepare (self,
                                "SELECT c.id, c.patient_id, p.given_name || ' ' || p.family_name, c.phase, "
                                "(SELECT group_concat (r.timepoint, ',') FROM ratings_taken r WHERE r.course_id = c.id "
                                " AND r.scale = 'madrs' AND r.complete = 1 AND r.timepoint IS NOT NULL) "
                                "FROM courses c JOIN patients p ON p.id = c.patient_id "
                                "WHERE c.kind = 'induction' AND c.phase <> 'preparation' AND (?1 = 0 OR c.patient_id = ?1)",
                                error);
  days = courses == NULL ? NULL :
    _lys_store_prepare (self,
                        "SELECT a.course_id, a.starts_at, i.started_at FROM appointments a "
                        "JOIN courses c ON c.id = a.course_id "
                        "LEFT JOIN infusions i ON i.appointment_id = a.id "
                        "WHERE a.kind = 'infusion' AND a.state <> 'cancelled' AND c.kind = 'induction' "
                        "AND (?1 = 0 OR c.patient_id = ?1) "
                        "ORDER BY a.course_id, coalesce (i.started_at, a.starts_at)", error);
  if (days == NULL)
    return NULL;

  lys_db_bind_int64 (courses, 1, patient_id);
  while ((rc = lys_db_step (courses)) == LYS_DB_ROW)
    {
      CourseDates *course = g_new0 (CourseDates, 1);
      g_auto(GStrv) rated = g_strsplit (lys_db_column_text (courses, 4) ?: "", ",", -1);

      course->course_id = lys_db_column_int64 (courses, 0);
      course->patient_id = lys_db_column_int64 (courses, 1);
      course->patient_name = _lys_column_dup (courses, 2);
      if (!lys_phase_from_nick (lys_db_column_text (courses, 3), &course->phase))
        course->phase = LYS_PHASE_INDUCTION;
      g_date_clear (&course->first, 1);
      g_date_clear (&course->sixth, 1);
      g_date_clear (&course->last, 1);
      for (guint i = 0; rated[i] != NULL; i++)
        {
          LysFollowUpPoint point;

          if (lys_follow_up_point_from_nick (rated[i], &point))
            course->rated |= 1u << point;
        }
      g_hash_table_insert (by_id, &course->course_id, course);
    }
  if (rc != LYS_DB_DONE)
    {
      _lys_store_fail (self, error);
      return NULL;
    }

  lys_db_bind_int64 (days, 1, patient_id);
  while ((rc = lys_db_step (days)) == LYS_DB_ROW)
    {
      gint64 course_id = lys_db_column_int64 (days, 0);
      CourseDates *course = g_hash_table_lookup (by_id, &course_id);
      GDate day;

      if (course == NULL)
        continue;
      if (!g_date_valid (&course->first))
        lys_time_parse_stored_day (lys_db_column_text (days, 2) ?: lys_db_column_text (days, 1),
                   &course->first);
      if (lys_db_column_is_null (days, 2) || !lys_time_parse_stored_day (lys_db_column_text (days, 2), &day))
        continue;
      course->n_given++;
      course->last = day;
      if (course->n_given == 6)
        course->sixth = day;
    }
  if (rc != LYS_DB_DONE)
    {
      _lys_store_fail (self, error);
      return NULL;
    }

  horizon = *today;
  g_date_add_days (&horizon, horizon_days);
  g_hash_table_iter_init (&iter, by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CourseDates *course = value;
      /* The series is over once all its infusions are given or the course
       * has moved on; until then, nothing counts from its last infusion */
      gboolean over = course->n_given >= course_infusions ||
                      (course->phase != LYS_PHASE_INDUCTION && course->n_given > 0);

      if (!over)
        g_date_clear (&course->last, 1);

      for (LysFollowUpPoint point = 0; point < LYS_N_POINTS; point++)
        {
          const GDate *anchor = anchor_of (course, point);
          LysFollowUp *follow_up;
          LysDueState state;
          GDate due;

          if (anchor == NULL)
            continue;
          state = lys_follow_up_state (point, anchor, today, (course->rated & (1u << point)) != 0);
          lys_follow_up_window (point, anchor, &due, NULL, NULL);
          if (patient_id == 0 &&
              !(state == LYS_DUE_OPEN || state == LYS_DUE_OVERDUE ||
                (state == LYS_DUE_UPCOMING && g_date_compare (&due, &horizon) <= 0)))
            continue;

          follow_up = g_new0 (LysFollowUp, 1);
          follow_up->patient_id = course->patient_id;
          follow_up->patient_name = g_strdup (course->patient_name);
          follow_up->course_id = course->course_id;
          follow_up->point = point;
          follow_up->due = due;
          follow_up->state = state;
          g_ptr_array_add (result, follow_up);
        }
    }

  g_ptr_array_sort (result, compare_pointed);
  return g_steal_pointer (&result);
}

/**
 * lys_store_list_follow_ups:
 * @patient_id: one patient's points, or 0 for the clinic's due list
 * @today: the day to judge by
 *
 * For one patient: every measurement point of their induction courses,
 * with its state. For the clinic: the points open now, overdue or due in
 * the next @horizon_days; the overdue first, the longest overdue at the
 * top, then by due date. The list holds names and dates, no values, and
 * is for every role.
 *
 * Returns: (transfer full) (element-type LysFollowUp): the points
 */
GPtrArray *
lys_store_list_follow_ups (LysStore     *self,
                           gint64        patient_id,
                           const GDate  *today,
                           guint         horizon_days,
                           GError      **error)
{
  GPtrArray *due;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  /* The whole clinic's list names patients and points only; one patient's
   * is part of their record: read and logged in one transaction */
  if (patient_id == 0)
    return list_follow_ups (self, 0, today, horizon_days, error);
  if (!lys_store_begin_read (self, error))
    return NULL;
  due = list_follow_ups (self, patient_id, today, horizon_days, error);
  if (!lys_store_end_read (self, due != NULL && lys_store_log_patient_read (self, patient_id, "follow-up", error),
                           error))
    g_clear_pointer (&due, g_ptr_array_unref);
  return due;
}

/**
 * lys_follow_up_compare:
 *
 * Overdue first, then by due date, then by name: the order of the due list.
 */
int
lys_follow_up_compare (const LysFollowUp *a,
                       const LysFollowUp *b)
{
  gboolean a_overdue = a->state == LYS_DUE_OVERDUE, b_overdue = b->state == LYS_DUE_OVERDUE;
  int order;

  if (a_overdue != b_overdue)
    return a_overdue ? -1 : 1;
  order = g_date_compare (&a->due, &b->due);
  if (order != 0)
    return order;
  order = g_strcmp0 (a->patient_name, b->patient_name);
  return order != 0 ? order : (int) a->point - (int) b->point;
}
