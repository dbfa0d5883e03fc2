/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-report"

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "lys-i18n.h"
#include <glib/gstdio.h>

#include "lys-csv.h"
#include "lys-error.h"
#include "lys-holidays.h"
#include "lys-output-file.h"
#include "lys-report.h"
#include "lys-store-private.h"
#include "lys-time.h"
#include "lys-text.h"

static const LysFollowUpPoint outcome_points[LYS_REPORT_N_OUTCOMES] = {
  LYS_POINT_INFUSION_6, LYS_POINT_MONTH_1, LYS_POINT_MONTH_3, LYS_POINT_MONTH_6, LYS_POINT_MONTH_12,
};

static void
count_clear (gpointer data)
{
  g_free (((LysReportCount *) data)->label);
}

void
lys_report_free (LysReport *report)
{
  if (report == NULL)
    return;
  g_free (report->clinic_name);
  g_clear_pointer (&report->created_at, g_date_time_unref);
  g_clear_pointer (&report->stop_reasons, g_array_unref);
  g_clear_pointer (&report->adverse_events, g_array_unref);
  g_clear_pointer (&report->weeks, g_array_unref);
  g_clear_pointer (&report->by_indication, g_ptr_array_unref);
  g_free (report);
}

double
lys_report_percent (guint count,
                    guint total)
{
  return total == 0 ? NAN : 100.0 * count / total;
}

/**
 * lys_report_format_share:
 *
 * Returns: (transfer full): "12 of 20 (60 %)", or "0 of 0" with nothing
 *   to divide by
 */
char *
lys_report_format_share (guint count,
                         guint total)
{
  g_autofree char *counted = lys_text_format_number (count, 0);
  g_autofree char *of = lys_text_format_number (total, 0);

  if (total == 0)
    /* Translators: a count of a total, e.g. "3 of 20"; the numbers come written */
    return g_strdup_printf (_("%1$s of %2$s"), counted, of);
  /* Translators: a count of a total and its percentage, e.g. "12 of 20 (60 %)";
   * a no-break space keeps the number with its per cent sign */
  return g_strdup_printf (_("%1$s of %2$s (%3$.0f\u00a0%%)"), counted, of, lys_report_percent (count, total));
}

/**
 * lys_report_format_fraction:
 *
 * Returns: (transfer full): "12/20 (60 %)", the short form for a table
 */
char *
lys_report_format_fraction (guint count,
                            guint total)
{
  if (total == 0)
    return g_strdup_printf ("%u/%u", count, total);
  /* Translators: a count of a total and its percentage in a table cell, e.g. "12/20 (60 %)" */
  return g_strdup_printf (_("%1$u/%2$u (%3$.0f\u00a0%%)"), count, total, lys_report_percent (count, total));
}

static void
format_day (char         out[11],
            const GDate *date)
{
  g_snprintf (out, 11, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* The counting reads on a connection of its own, in any thread */
typedef struct
{
  LysDb *db;
  GPtrArray *rooms;  /* LysRoom, read before */
  char first[11];
  char until[11];    /* the day after the period */
  const char *indication;  /* the nick counted, or NULL for every one */
  GError **error;
} Query;

/* Whether the course of id @course (an SQL expression) is in the scope
 * counted: every course, or those of patients treated for :indication */
#define IN_SCOPE(course) \
  "(CAST (:indication AS TEXT) IS NULL OR " course " IN (SELECT sc.id FROM courses sc JOIN patients sp ON sp.id = sc.patient_id " \
  "WHERE sp.indication = :indication))"

static gboolean
read_failed (Query *query)
{
  g_set_error (query->error, LYS_ERROR, LYS_ERROR_IO, _("The clinic database could not be read for the report: %s"),
               lys_db_get_message (query->db));
  return FALSE;
}

static LysDbStmt *
prepare (Query      *query,
         const char *sql)
{
  LysDbStmt *stmt = lys_db_prepare (query->db, sql, NULL);

  if (stmt == NULL)
    {
      read_failed (query);
      return NULL;
    }
  lys_db_bind_text (stmt, lys_db_param_index (stmt, ":first"), query->first);
  lys_db_bind_text (stmt, lys_db_param_index (stmt, ":until"), query->until);
  lys_db_bind_text (stmt, lys_db_param_index (stmt, ":indication"), query->indication);
  return stmt;
}

static gboolean
done (Query        *query,
      LysDbStmt    *stmt,
      int           rc)
{
  if (rc == LYS_DB_DONE || rc == LYS_DB_ROW)
    return TRUE;
  return read_failed (query);
}

static gboolean
count_patients (Query     *query,
                LysReport *report)
{
  g_autoptr(LysDbStmt) stmt = prepare (query,
    "SELECT count (*), coalesce (sum (CASE WHEN decision IN ('eligible', 'exception') THEN 1 ELSE 0 END), 0) FROM eligibility "
    "WHERE status = 'signed' AND signed_at >= :first AND signed_at < :until AND " IN_SCOPE ("course_id"));
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = lys_db_step (stmt);
  if (rc == LYS_DB_ROW)
    {
      report->assessed = (guint) lys_db_column_int (stmt, 0);
      report->eligible = (guint) lys_db_column_int (stmt, 1);
    }
  return done (query, stmt, rc);
}

/* One outcome point of one course of the cohort */
static void
judge_point (LysReportOutcome *outcome,
             gboolean          has_baseline,
             guint             baseline,
             gboolean          has_total,
             guint             total,
             const GDate      *anchor,
             gboolean          reachable,
             const GDate      *today)
{
  GDate closes;

  outcome->cohort++;
  if (has_baseline && has_total)
    {
      outcome->measured++;
      outcome->responders += lys_madrs_is_response (baseline, total);
      outcome->remitters += lys_madrs_is_remission (total);
      return;
    }
  if (reachable && (anchor == NULL || !g_date_valid (anchor)))
    {
      outcome->not_due++;
      return;
    }
  if (reachable)
    {
      lys_follow_up_window (outcome->point, anchor, NULL, NULL, &closes);
      if (g_date_compare (today, &closes) <= 0)
        {
          outcome->not_due++;
          return;
        }
    }
  outcome->missing++;
}

/* The cohort: induction courses whose first infusion falls in the period */
static gboolean
count_cohort (Query       *query,
              LysReport   *report,
              const GDate *today)
{
  g_autoptr(LysDbStmt) stmt = prepare (query,
    /* Each course's infusions numbered, and its first MADRS rating at each
     * point (a point rated twice counts its first): set-based, one pass
     * over each table on either engine */
    "WITH numbered AS (SELECT a.course_id, i.started_at, "
    "  row_number () OVER (PARTITION BY a.course_id ORDER BY i.started_at) AS nth "
    "  FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
    "  WHERE i.started_at IS NOT NULL AND a.course_id IS NOT NULL), "
    "given AS (SELECT course_id, count (*) AS n, min (started_at) AS first, max (started_at) AS last, "
    "  max (CASE WHEN nth = 6 THEN started_at END) AS sixth FROM numbered GROUP BY course_id), "
    "madrs AS (SELECT course_id, "
    "  max (CASE WHEN timepoint = 'baseline' THEN total END) AS baseline, "
    "  max (CASE WHEN timepoint = 'infusion-6' THEN total END) AS infusion_6, "
    "  max (CASE WHEN timepoint = 'month-1' THEN total END) AS month_1, "
    "  max (CASE WHEN timepoint = 'month-3' THEN total END) AS month_3, "
    "  max (CASE WHEN timepoint = 'month-6' THEN total END) AS month_6, "
    "  max (CASE WHEN timepoint = 'month-12' THEN total END) AS month_12 "
    "  FROM (SELECT course_id, timepoint, total, "
    "    row_number () OVER (PARTITION BY course_id, timepoint ORDER BY rated_at, id) AS nth "
    "    FROM ratings WHERE scale = 'madrs' AND complete = 1 "
    "    AND timepoint IN ('baseline', 'infusion-6', 'month-1', 'month-3', 'month-6', 'month-12')) r "
    "  WHERE nth = 1 GROUP BY course_id) "
    "SELECT g.n, g.sixth, g.last, c.phase, p.registry_opt_out, "
    "  m.baseline, m.infusion_6, m.month_1, m.month_3, m.month_6, m.month_12 "
    "FROM courses c JOIN given g ON g.course_id = c.id JOIN patients p ON p.id = c.patient_id "
    "  LEFT JOIN madrs m ON m.course_id = c.id "
    "WHERE c.kind = 'induction' AND g.first >= :first AND g.first < :until AND " IN_SCOPE ("c.id"));
  int rc;

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < LYS_REPORT_N_OUTCOMES; i++)
    report->outcomes[i].point = outcome_points[i];

  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      guint n = (guint) lys_db_column_int (stmt, 0);
      const char *phase_nick = lys_db_column_text (stmt, 3);
      LysPhase phase = LYS_PHASE_INDUCTION;
      gboolean has_baseline = !lys_db_column_is_null (stmt, 5);
      guint baseline = (guint) lys_db_column_int (stmt, 5);
      gboolean over;
      GDate sixth, last;

      lys_phase_from_nick (phase_nick, &phase);
      over = n >= report->course_infusions || phase != LYS_PHASE_INDUCTION;
      report->started++;
      report->completed += n >= report->course_infusions;
      report->cohort_infusions += n;
      report->opted_out += lys_db_column_int (stmt, 4) != 0;
      lys_time_parse_stored_day (lys_db_column_text (stmt, 1), &sixth);
      lys_time_parse_stored_day (lys_db_column_text (stmt, 2), &last);

      for (guint i = 0; i < LYS_REPORT_N_OUTCOMES; i++)
        {
          int column = 6 + (int) i;
          const GDate *anchor = outcome_points[i] == LYS_POINT_INFUSION_6 ? &sixth : over ? &last : NULL;
          /* A course that stopped before its sixth infusion never reaches
           * the first point; one still under way reaches every point */
          gboolean reachable = outcome_points[i] == LYS_POINT_INFUSION_6 ? n >= 6 || !over : TRUE;

          judge_point (&report->outcomes[i], has_baseline, baseline,
                       !lys_db_column_is_null (stmt, column),
                       (guint) lys_db_column_int (stmt, column), anchor, reachable, today);
        }
    }
  return done (query, stmt, rc);
}

static gboolean
collect_counts (Query      *query,
                const char *sql,
                GArray     *counts,
                guint      *sum)
{
  g_autoptr(LysDbStmt) stmt = prepare (query, sql);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      LysReportCount count = { _lys_column_dup (stmt, 0), (guint) lys_db_column_int (stmt, 1) };

      if (count.label == NULL)
        count.label = g_strdup ("");
      g_array_append_val (counts, count);
      if (sum != NULL)
        *sum += count.count;
    }
  return done (query, stmt, rc);
}

/* Adverse events by how severe they were */
static gboolean
count_severities (Query     *query,
                  LysReport *report)
{
  g_autoptr(LysDbStmt) stmt = prepare (query,
    "SELECT ae.severity, count (*) FROM adverse_events ae JOIN infusions i ON i.id = ae.infusion_id "
    "JOIN appointments a ON a.id = i.appointment_id "
    "WHERE i.started_at >= :first AND i.started_at < :until AND " IN_SCOPE ("a.course_id") " GROUP BY 1");
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      LysSeverity severity;

      if (lys_severity_from_nick (lys_db_column_text (stmt, 0), &severity))
        report->adverse_by_severity[severity] = (guint) lys_db_column_int (stmt, 1);
    }
  return done (query, stmt, rc);
}

static gboolean
count_infusions (Query     *query,
                 LysReport *report)
{
  g_autoptr(LysDbStmt) stmt = prepare (query,
    /* The dose given: an infusion stopped early gave less than planned */
    "SELECT count (*), avg (coalesce (given_mg, total_mg)), avg (dose_mg_per_kg * coalesce (given_mg, total_mg) / total_mg), "
    "       count (DISTINCT a.course_id) FROM infusions i "
    "JOIN appointments a ON a.id = i.appointment_id "
    "WHERE i.started_at >= :first AND i.started_at < :until AND " IN_SCOPE ("a.course_id"));
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = lys_db_step (stmt);
  if (rc == LYS_DB_ROW)
    {
      report->infusions = (guint) lys_db_column_int (stmt, 0);
      report->mean_dose_mg = lys_db_column_is_null (stmt, 1) ? NAN : lys_db_column_double (stmt, 1);
      report->mean_dose_mg_per_kg = lys_db_column_is_null (stmt, 2) ? NAN : lys_db_column_double (stmt, 2);
      report->courses_treated = (guint) lys_db_column_int (stmt, 3);
    }
  report->total_cost = report->infusions * report->nok_per_session;
  return done (query, stmt, rc);
}

static guint
week_index (const LysReport *report,
            const GDate     *day)
{
  const LysReportWeek *first = &g_array_index (report->weeks, LysReportWeek, 0);

  return (guint) (g_date_days_between (&first->monday, day) / 7);
}

/* Room use per week: the minutes booked for infusions (with observation
 * and turnover) against the minutes the active infusion rooms are open on
 * the clinic's working days within the period */
static gboolean
count_room_use (Query     *query,
                LysReport *report)
{
  GPtrArray *rooms = query->rooms;
  g_autoptr(GPtrArray) closures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LysDbStmt) stmt = NULL;
  guint open_per_day = 0;
  GDate day;
  int rc;

  stmt = prepare (query, "SELECT starts_on, ends_on FROM closures WHERE ends_on >= :first AND starts_on < :until");
  if (stmt == NULL)
    return FALSE;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      g_ptr_array_add (closures, _lys_column_dup (stmt, 0));
      g_ptr_array_add (closures, _lys_column_dup (stmt, 1));
    }
  if (!done (query, stmt, rc))
    return FALSE;
  g_clear_pointer (&stmt, lys_db_stmt_free);
  for (guint i = 0; i < rooms->len; i++)
    {
      LysRoom *room = g_ptr_array_index (rooms, i);

      /* Infusions are given where the vital signs are monitored */
      if (room->monitoring)
        open_per_day += room->closes - room->opens;
    }

  day = report->from;
  while (g_date_compare (&day, &report->to) <= 0)
    {
      gboolean closed = lys_holidays_is_closed_day (&day);
      char text[11];

      if (report->weeks->len == 0 || g_date_get_weekday (&day) == G_DATE_MONDAY)
        {
          LysReportWeek week = { day, 0, 0 };

          g_date_subtract_days (&week.monday, g_date_get_weekday (&day) - G_DATE_MONDAY);
          g_array_append_val (report->weeks, week);
        }
      format_day (text, &day);
      /* The closures come as pairs of first and last day */
      for (guint i = 0; i + 1 < closures->len && !closed; i += 2)
        closed = g_strcmp0 (text, g_ptr_array_index (closures, i)) >= 0 &&
                 g_strcmp0 (text, g_ptr_array_index (closures, i + 1)) <= 0;
      if (!closed)
        {
          g_array_index (report->weeks, LysReportWeek, report->weeks->len - 1).open_minutes += open_per_day;
          report->open_minutes += open_per_day;
        }
      g_date_add_days (&day, 1);
    }

  stmt = prepare (query,
    "SELECT substr (a.starts_at, 1, 10), "
    "  CAST (round (sum ((julianday (a.ends_at) - julianday (a.starts_at)) * 1440)) AS INTEGER) "
    "FROM appointments a JOIN rooms r ON r.id = a.room_id "
    "WHERE a.kind = 'infusion' AND a.state <> 'cancelled' AND r.active = 1 AND r.monitoring = 1 "
    "AND a.starts_at >= :first AND a.starts_at < :until GROUP BY 1");
  if (stmt == NULL)
    return FALSE;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      guint minutes = (guint) lys_db_column_int (stmt, 1);
      guint index;

      if (!lys_time_parse_stored_day (lys_db_column_text (stmt, 0), &day) || report->weeks->len == 0)
        continue;
      index = week_index (report, &day);
      if (index >= report->weeks->len)
        continue;
      g_array_index (report->weeks, LysReportWeek, index).booked_minutes += minutes;
      report->booked_minutes += minutes;
    }
  return done (query, stmt, rc);
}

/* What the report is, asked and read on the store's thread: who may make
 * it, the period, the settings and the rooms */
typedef struct
{
  LysReport *report;
  GPtrArray *rooms;
  char      *path;
} Making;

static void
making_free (Making *making)
{
  g_clear_pointer (&making->report, lys_report_free);
  g_clear_pointer (&making->rooms, g_ptr_array_unref);
  g_free (making->path);
  g_free (making);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Making, making_free)

/* An empty report of @from's period and settings, for one indication */
static LysReport *
report_like (const LysReport *from,
             int              indication)
{
  LysReport *report = g_new0 (LysReport, 1);

  report->from = from->from;
  report->to = from->to;
  report->indication = indication;
  report->clinic_name = g_strdup (from->clinic_name);
  report->created_at = g_date_time_ref (from->created_at);
  report->course_infusions = from->course_infusions;
  report->nok_per_session = from->nok_per_session;
  report->stop_reasons = g_array_new (FALSE, FALSE, sizeof (LysReportCount));
  g_array_set_clear_func (report->stop_reasons, count_clear);
  report->adverse_events = g_array_new (FALSE, FALSE, sizeof (LysReportCount));
  g_array_set_clear_func (report->adverse_events, count_clear);
  report->weeks = g_array_new (FALSE, FALSE, sizeof (LysReportWeek));
  return report;
}

static Making *
begin_report (LysStore     *store,
              const GDate  *from,
              const GDate  *to,
              gboolean      review,
              GError      **error)
{
  g_autoptr(Making) making = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *clinic_name = NULL;
  LysReport base = { 0 };

  if (!_lys_store_check_lead (store, review ? _("make the review report") : _("make the clinic report"), error))
    return NULL;
  if (!lys_store_has_lead (store) && lys_store_get_current_role (store) == LYS_ROLE_COORDINATOR)
    {
      _lys_refuse_role (store, error,
                        _("The clinic report holds clinical figures: a physician, nurse or psychologist, or the clinic lead, makes it."));
      return NULL;
    }
  if (g_date_compare (from, to) > 0)
    {
      lys_refuse (error, LYS_ERROR_INVALID,
                  _("The period ends before it begins. Choose a last day on or after the first."));
      return NULL;
    }

  making = g_new0 (Making, 1);
  making->path = g_strdup (lys_store_get_path (store));
  making->rooms = lys_store_list_rooms (store, FALSE, error);
  if (making->rooms == NULL)
    return NULL;
  now = lys_store_dup_now (store);
  clinic_name = lys_store_dup_clinic_name (store);
  base.from = *from;
  base.to = *to;
  base.clinic_name = clinic_name;
  base.created_at = now;
  base.course_infusions = (guint) lys_store_get_setting (store, LYS_SETTING_COURSE_INFUSIONS);
  base.nok_per_session = lys_store_get_setting (store, LYS_SETTING_CONSUMABLES_NOK);
  making->report = report_like (&base, -1);
  if (review)
    making->report->by_indication = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_report_free);
  return g_steal_pointer (&making);
}

/* The figures of one scope, every course or one indication's */
static gboolean
count_scope (Query       *query,
             LysReport   *report,
             const GDate *today)
{
  return count_patients (query, report) && count_cohort (query, report, today) &&
         /* Coded: the clinician's own words could name someone */
         collect_counts (query,
                         "SELECT stop_code, count (*) FROM courses WHERE phase = 'stopped' "
                         "AND coalesce (ended_on, started_on) >= :first AND coalesce (ended_on, started_on) < :until "
                         "AND " IN_SCOPE ("id") " GROUP BY stop_code ORDER BY 2 DESC, 1", report->stop_reasons, NULL) &&
         count_infusions (query, report) &&
         collect_counts (query,
                         "SELECT ae.kind, count (*) FROM adverse_events ae JOIN infusions i ON i.id = ae.infusion_id "
                         "JOIN appointments a ON a.id = i.appointment_id "
                         "WHERE i.started_at >= :first AND i.started_at < :until AND " IN_SCOPE ("a.course_id") " "
                         "GROUP BY ae.kind ORDER BY 2 DESC, 1",
                         report->adverse_events, &report->adverse_total) &&
         count_severities (query, report);
}

/* Every figure, from one snapshot of the file: for any thread */
static gboolean
count_report (gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Making *making = data;
  LysReport *report = making->report;
  Query query = { NULL, making->rooms, "", "", NULL, error };
  GDate until, today;
  gboolean ok;

  query.db = _lys_open_reader (making->path, LYS_READER_SNAPSHOT, error);
  if (query.db == NULL)
    return FALSE;
  g_date_set_dmy (&today, g_date_time_get_day_of_month (report->created_at), g_date_time_get_month (report->created_at),
                  g_date_time_get_year (report->created_at));
  until = report->to;
  g_date_add_days (&until, 1);
  format_day (query.first, &report->from);
  format_day (query.until, &until);

  ok = count_scope (&query, report, &today) && count_room_use (&query, report);
  /* The review: each indication that has a patient in the period */
  for (int i = 0; ok && report->by_indication != NULL && i < LYS_N_INDICATIONS; i++)
    {
      g_autoptr(LysReport) scope = report_like (report, i);

      query.indication = lys_indication_to_nick (i);
      ok = count_scope (&query, scope, &today);
      if (ok && (scope->assessed > 0 || scope->started > 0 || scope->infusions > 0 || scope->stop_reasons->len > 0))
        g_ptr_array_add (report->by_indication, g_steal_pointer (&scope));
    }
  _lys_close_reader (query.db);
  return ok;
}

/* Made: logged, on the store's thread; the report stays in @data for
 * the caller to take */
static gboolean
after_count (gpointer   source,
             gpointer   data,
             gboolean   worked,
             GError   **error)
{
  LysReport *report = ((Making *) data)->report;
  char first[11];

  if (!worked)
    return FALSE;
  format_day (first, &report->from);
  return _lys_store_audit (source, report->by_indication != NULL ? "review.create" : "report.create", 0, "report", 0,
                           first, error);
}

/**
 * lys_report_compute:
 * @kind: the clinic report, or the review's (by indication too)
 * @from: the first day of the period
 * @to: the last day, included
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
LysReport *
lys_report_compute (LysStore       *store,
                    LysReportKind   kind,
                    const GDate    *from,
                    const GDate    *to,
                    GError        **error)
{
  g_autoptr(Making) making = NULL;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from) && to != NULL && g_date_valid (to), NULL);

  making = begin_report (store, from, to, kind == LYS_REPORT_REVIEW, error);
  if (making == NULL || !count_report (making, NULL, error) || !after_count (store, making, TRUE, error))
    return NULL;
  return g_steal_pointer (&making->report);
}

/**
 * lys_report_compute_async:
 *
 * lys_report_compute() with the counting in a worker thread, on a
 * connection of its own: the window goes on drawing meanwhile.
 */
void
lys_report_compute_async (LysStore            *store,
                          LysReportKind        kind,
                          const GDate         *from,
                          const GDate         *to,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  GError *error = NULL;
  Making *making;

  g_return_if_fail (LYS_IS_STORE (store));
  g_return_if_fail (from != NULL && g_date_valid (from) && to != NULL && g_date_valid (to));

  outer = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (outer, lys_report_compute_async);
  making = begin_report (store, from, to, kind == LYS_REPORT_REVIEW, &error);
  if (making == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  g_task_set_task_data (outer, making, (GDestroyNotify) making_free);
  _lys_run_in_thread (outer, count_report, after_count);
}

/**
 * lys_report_compute_finish:
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
LysReport *
lys_report_compute_finish (LysStore      *store,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_steal_pointer (&((Making *) g_task_get_task_data (G_TASK (result)))->report);
}

/* As it reads */

static void
line_free (gpointer data)
{
  LysReportLine *line = data;

  if (line == NULL)
    return;
  g_free (line->label);
  for (guint i = 0; i < line->n_values; i++)
    g_free (line->values[i]);
  g_free (line);
}

static void
section_free (gpointer data)
{
  LysReportSection *section = data;

  g_free (section->title);
  g_free (section->note);
  line_free (section->header);
  g_ptr_array_unref (section->rows);
  g_free (section);
}

/**
 * lys_report_sections_new:
 *
 * Returns: (transfer full) (element-type LysReportSection): no section yet
 */
GPtrArray *
lys_report_sections_new (void)
{
  return g_ptr_array_new_with_free_func (section_free);
}

/**
 * lys_report_add_section:
 *
 * Returns: (transfer none): a new section at the end of @sections
 */
LysReportSection *
lys_report_add_section (GPtrArray  *sections,
                        const char *title)
{
  LysReportSection *section = g_new0 (LysReportSection, 1);

  section->title = g_strdup (title);
  section->rows = g_ptr_array_new_with_free_func (line_free);
  g_ptr_array_add (sections, section);
  return section;
}

/**
 * lys_report_line_new:
 * @n_values: how many values follow, each a (transfer full) string
 *
 * Returns: (transfer full): a line; more values may be added while
 *   n_values is below %LYS_REPORT_MAX_VALUES
 */
LysReportLine *
lys_report_line_new (const char *label,
                     gboolean    total,
                     guint       n_values,
                     ...)
{
  LysReportLine *line = g_new0 (LysReportLine, 1);
  va_list args;

  g_assert (n_values <= G_N_ELEMENTS (line->values));
  line->label = g_strdup (label);
  line->total = total;
  line->n_values = n_values;
  va_start (args, n_values);
  for (guint i = 0; i < n_values; i++)
    line->values[i] = va_arg (args, char *);
  va_end (args);
  return line;
}

static void
add_line (LysReportSection *section,
          const char       *label,
          char             *value)
{
  g_ptr_array_add (section->rows, lys_report_line_new (label, FALSE, 1, value));
}

/**
 * lys_report_format_number:
 *
 * Returns: (transfer full): @value with @digits decimals as the report's
 *   language writes it, in @format ("%s mg"), or a dash when it is NaN
 */
char *
lys_report_format_number (double      value,
                          guint       digits,
                          const char *format)
{
  g_autofree char *number = NULL;
  g_auto(GStrv) around = NULL;

  if (isnan (value))
    return g_strdup ("–");
  number = lys_text_format_number (value, digits);
  /* The number in the place of the format's one %s */
  around = g_strsplit (format, "%s", 2);
  return g_strjoinv (number, around);
}

static char *
format_count (guint count)
{
  return lys_text_format_number (count, 0);
}

/* A coded reason for stopping, as the report's language says it */
static const char *
stop_reason_label (const char *nick)
{
  LysStopReason reason;

  return lys_stop_reason_from_nick (nick, &reason) ? lys_stop_reason_get_label (reason) : _("No reason given");
}

/**
 * lys_report_dup_period:
 *
 * Returns: (transfer full): "Period 1.1.2026 – 30.6.2026", in the current
 *   language
 */
char *
lys_report_dup_period (LysReport *report)
{
  return lys_report_format_period (&report->from, &report->to);
}

/**
 * lys_report_format_period:
 *
 * Returns: (transfer full): "Period 1.1.2026 – 30.6.2026", in the current
 *   language
 */
char *
lys_report_format_period (const GDate *first,
                          const GDate *last)
{
  char from[64] = "", to[64] = "";

  /* Translators: a date in the report; strftime format ("%d.%m.%Y" in Norwegian) */
  g_date_strftime (from, sizeof from, _("%Y-%m-%d"), first);
  g_date_strftime (to, sizeof to, _("%Y-%m-%d"), last);
  /* Translators: the report's period, e.g. "1.1.2026 – 30.6.2026" */
  return g_strdup_printf (_("Period %1$s – %2$s"), from, to);
}

/**
 * lys_report_dup_sections:
 *
 * The report as the PDF and the window show it, in the current language.
 *
 * Returns: (transfer full) (element-type LysReportSection): its sections
 */
GPtrArray *
lys_report_dup_sections (LysReport *r)
{
  GPtrArray *sections = lys_report_sections_new ();
  LysReportSection *section;

  g_return_val_if_fail (r != NULL, NULL);

  section = lys_report_add_section (sections, _("Patients"));
  add_line (section, _("Assessed for eligibility"), format_count (r->assessed));
  add_line (section, _("Found eligible"), lys_report_format_share (r->eligible, r->assessed));
  add_line (section, _("Started the induction"), format_count (r->started));
  {
    g_autofree char *label = g_strdup_printf (_("Completed the induction (%u infusions)"), r->course_infusions);

    add_line (section, label, lys_report_format_share (r->completed, r->started));
  }

  section = lys_report_add_section (sections, _("Outcomes (MADRS)"));
  section->note = g_strdup (_("Of the courses started in the period. Response: MADRS at half the baseline or less. "
                              "Remission: MADRS 10 or less. Shares are of those measured; a measurement not yet "
                              "due is not missing."));
  section->header = lys_report_line_new (_("Measurement point"), TRUE, 4, g_strdup (_("Response")), g_strdup (_("Remission")),
                               g_strdup (_("Missing")), g_strdup (_("Not yet due")));
  for (guint i = 0; i < LYS_REPORT_N_OUTCOMES; i++)
    {
      const LysReportOutcome *o = &r->outcomes[i];

      g_ptr_array_add (section->rows,
                       lys_report_line_new (lys_follow_up_point_get_label (o->point), FALSE, 4,
                                  lys_report_format_fraction (o->responders, o->measured),
                                  lys_report_format_fraction (o->remitters, o->measured),
                                  lys_report_format_fraction (o->missing, o->cohort),
                                  lys_report_format_fraction (o->not_due, o->cohort)));
    }
  section->chart = LYS_REPORT_CHART_OUTCOMES;

  section = lys_report_add_section (sections, _("Reasons for Stopping"));
  if (r->stop_reasons->len == 0)
    section->note = g_strdup (_("No course was stopped in the period."));
  for (guint i = 0; i < r->stop_reasons->len; i++)
    {
      const LysReportCount *c = &g_array_index (r->stop_reasons, LysReportCount, i);

      add_line (section, stop_reason_label (c->label), format_count (c->count));
    }

  section = lys_report_add_section (sections, _("Safety and Dose"));
  add_line (section, _("Infusions given"), format_count (r->infusions));
  add_line (section, _("Mean dose"), lys_report_format_number (r->mean_dose_mg, 1, _("%s mg")));
  add_line (section, _("Mean dose by weight"), lys_report_format_number (r->mean_dose_mg_per_kg, 2, _("%s mg/kg")));
  section = lys_report_add_section (sections, _("Adverse Events"));
  section->header = lys_report_line_new (_("Kind"), TRUE, 2, g_strdup (_("Events")), g_strdup (_("Per 100 infusions")));
  for (guint i = 0; i <= r->adverse_events->len; i++)
    {
      gboolean all = i == r->adverse_events->len;
      const LysReportCount *c = all ? NULL : &g_array_index (r->adverse_events, LysReportCount, i);
      guint count = all ? r->adverse_total : c->count;
      LysAdverseKind kind;
      const char *label = all ? _("All adverse events")
                              : lys_adverse_kind_from_nick (c->label, &kind) ? lys_adverse_kind_get_label (kind) : c->label;

      g_ptr_array_add (section->rows,
                       lys_report_line_new (label, all, 2, format_count (count),
                                  lys_report_format_number (r->infusions ? 100.0 * count / r->infusions : NAN, 1, "%s")));
    }

  section = lys_report_add_section (sections, _("Room Use"));
  {
    g_autofree char *label = g_strdup_printf (ngettext ("Hours booked for infusions of the infusion rooms’ open hours, %u week",
                                                        "Hours booked for infusions of the infusion rooms’ open hours, %u weeks",
                                                        r->weeks->len), r->weeks->len);

    add_line (section, label, lys_report_format_share (r->booked_minutes / 60, r->open_minutes / 60));
  }
  section->chart = LYS_REPORT_CHART_ROOMS;

  section = lys_report_add_section (sections, _("Consumables"));
  /* Translators: an amount of Norwegian kroner; %s is the number, written ("40 698 kr") */
  add_line (section, _("Per infusion session"), lys_report_format_number (r->nok_per_session, 0, _("%s NOK")));
  add_line (section, _("Courses with infusions in the period"), format_count (r->courses_treated));
  add_line (section, _("Mean per course"),
            lys_report_format_number (r->courses_treated ? r->total_cost / r->courses_treated : NAN, 0, _("%s NOK")));
  add_line (section, _("In all"), lys_report_format_number (r->total_cost, 0, _("%s NOK")));

  return sections;
}

/* CSV: one figure a line, with keys that stay the same in every language
 * for scripts, and numbers and separators as the language's spreadsheets
 * read them */

static void
csv_row (LysCsvSheet *csv,
         const char  *section,
         const char  *measure,
         const char  *detail,
         double       value,
         gint64       denominator)
{
  const char *fields[] = { section, measure, detail != NULL ? detail : "" };

  lys_csv_sheet_add_fields (csv, fields, G_N_ELEMENTS (fields));
  lys_csv_sheet_end_figure (csv, value, denominator);
}

/**
 * lys_report_dup_csv:
 * @language: (nullable): "nb", "nn" or "en"; %NULL for the user interface's
 *
 * Returns: (transfer full): the report as CSV for a spreadsheet in
 *   @language (UTF-8 with a byte-order mark; in Norwegian ";" between
 *   fields and a decimal comma): section, measure, detail, value,
 *   denominator, percent
 */
char *
lys_report_dup_csv (LysReport  *report,
                    const char *language)
{
  LysLanguage saved = { 0 };
  LysCsvSheet sheet = { 0 };
  LysCsvSheet *csv = &sheet;
  const char *header[] = { "section", "measure", "detail", "value", "denominator" };
  char first[11], last[11];
  char *text;

  g_return_val_if_fail (report != NULL, NULL);

  lys_language_push (&saved, language);
  lys_csv_sheet_init (csv);
  lys_csv_sheet_add_fields (csv, header, G_N_ELEMENTS (header));
  g_string_append (csv->csv, "percent\r\n");
  format_day (first, &report->from);
  format_day (last, &report->to);
  csv_row (csv, "period", "from", first, NAN, -1);
  csv_row (csv, "period", "to", last, NAN, -1);
  csv_row (csv, "patients", "assessed", NULL, report->assessed, -1);
  csv_row (csv, "patients", "eligible", NULL, report->eligible, report->assessed);
  csv_row (csv, "patients", "started", NULL, report->started, -1);
  csv_row (csv, "patients", "completed-induction", NULL, report->completed, report->started);

  for (guint i = 0; i < LYS_REPORT_N_OUTCOMES; i++)
    {
      const LysReportOutcome *o = &report->outcomes[i];
      const char *point = lys_follow_up_point_to_nick (o->point);

      csv_row (csv, "outcome", "measured", point, o->measured, o->cohort);
      csv_row (csv, "outcome", "response", point, o->responders, o->measured);
      csv_row (csv, "outcome", "remission", point, o->remitters, o->measured);
      csv_row (csv, "outcome", "no-measurement", point, o->missing, o->cohort);
      csv_row (csv, "outcome", "not-yet-due", point, o->not_due, o->cohort);
    }

  for (guint i = 0; i < report->stop_reasons->len; i++)
    {
      const LysReportCount *c = &g_array_index (report->stop_reasons, LysReportCount, i);

      csv_row (csv, "stopped", "reason", c->label, c->count, -1);
    }

  csv_row (csv, "safety", "infusions", NULL, report->infusions, -1);
  for (guint i = 0; i < report->adverse_events->len; i++)
    {
      const LysReportCount *c = &g_array_index (report->adverse_events, LysReportCount, i);

      csv_row (csv, "safety", "adverse-events", c->label, c->count, report->infusions);
    }
  csv_row (csv, "safety", "adverse-events", "all", report->adverse_total, report->infusions);

  csv_row (csv, "dose", "mean-mg", NULL, report->mean_dose_mg, -1);
  csv_row (csv, "dose", "mean-mg-per-kg", NULL, report->mean_dose_mg_per_kg, -1);

  for (guint i = 0; i < report->weeks->len; i++)
    {
      const LysReportWeek *w = &g_array_index (report->weeks, LysReportWeek, i);
      char monday[11];

      format_day (monday, &w->monday);
      csv_row (csv, "rooms", "booked-minutes", monday, w->booked_minutes, w->open_minutes);
    }
  csv_row (csv, "rooms", "booked-minutes", "all", report->booked_minutes, report->open_minutes);

  csv_row (csv, "consumables", "nok-per-session", NULL, report->nok_per_session, -1);
  csv_row (csv, "consumables", "courses", NULL, report->courses_treated, -1);
  csv_row (csv, "consumables", "nok-total", NULL, report->total_cost, -1);
  csv_row (csv, "consumables", "nok-per-course", NULL,
           report->courses_treated ? report->total_cost / report->courses_treated : NAN, -1);

  text = lys_csv_sheet_finish (csv);
  lys_language_pop (&saved);
  return text;
}

/**
 * lys_report_write_csv:
 * @language: (nullable): "nb", "nn" or "en"; %NULL for the user interface's
 *
 * Writes the CSV in one step, readable by its owner only.
 */
gboolean
lys_report_write_csv (LysReport   *report,
                      const char  *path,
                      const char  *language,
                      GError     **error)
{
  g_autofree char *csv = lys_report_dup_csv (report, language);

  return lys_output_set_contents (path, csv, -1, error);
}
