/* SPDX-License-Identifier: GPL-3.0-or-later */

/* LysStore: the infusion at the bedside. Every field is stored as it is
 * entered, each in its own transaction with its audit row; the rules of
 * the start, the vitals limits and the discharge are checked inside that
 * transaction, and the database refuses any change once the discharge is
 * signed. */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lys-i18n.h"

#include "lys-course-rules.h"
#include "lys-dose.h"
#include "lys-error.h"
#include "lys-staff.h"
#include "lys-store-drugs.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-text.h"
#include "lys-time.h"

/* A time typed in that lies this close to the clock is the clock's */
#define CLOCK_SLACK_SECONDS 120

typedef enum
{
  ANY_CLINICIAN,     /* physician, nurse or psychologist */
  DRUG_GIVER,        /* physician or nurse */
} Who;

static const char *field_columns[LYS_N_INFUSION_FIELDS] = {
  [LYS_INFUSION_FIELD_WEIGHT] = "weight_kg",
  [LYS_INFUSION_FIELD_DOSE_RATE] = "dose_mg_per_kg",
  [LYS_INFUSION_FIELD_MINUTES] = "duration_minutes",
  [LYS_INFUSION_FIELD_LOT_NUMBER] = "lot_number",
  [LYS_INFUSION_FIELD_OBSERVATIONS] = "observations",
};

static char *
format_clock (GDateTime *time)
{
  return g_date_time_format (time, "%H:%M");
}

static gboolean
check_role (LysStore  *self,
            Who        who,
            GError   **error)
{
  LysRole role = lys_store_get_current_role (self);

  if (role == LYS_ROLE_PHYSICIAN || role == LYS_ROLE_NURSE)
    return TRUE;
  if (who == ANY_CLINICIAN && role == LYS_ROLE_PSYCHOLOGIST)
    return TRUE;

  return _lys_refuse_role (self, error,
                           who == DRUG_GIVER
                           ? _("Only a physician or a nurse gives the drug and records the infusion.")
                           : _("Only physicians, nurses and psychologists work with the infusion record."));
}

/* Reading the record */

static gpointer
read_reading (LysDbStmt *stmt)
{
  LysVitalsReading *reading = g_new0 (LysVitalsReading, 1);

  reading->id = lys_db_column_int64 (stmt, 0);
  reading->taken_at = _lys_column_time (stmt, 1);
  lys_vitals_stage_from_nick (lys_db_column_text (stmt, 2), &reading->stage);
  reading->values.systolic = lys_db_column_int (stmt, 3);
  reading->values.diastolic = lys_db_column_int (stmt, 4);
  reading->values.heart_rate = lys_db_column_int (stmt, 5);
  reading->values.spo2 = lys_db_column_int (stmt, 6);
  reading->alert = lys_db_column_int (stmt, 7);
  reading->recorded_by = _lys_column_dup (stmt, 8);
  reading->time_reason = _lys_column_dup (stmt, 9);
  reading->acknowledged = !lys_db_column_is_null (stmt, 10);
  reading->acknowledged_at = _lys_column_time (stmt, 10);
  reading->acknowledged_by = _lys_column_dup (stmt, 11);
  lys_alert_action_from_nick (lys_db_column_text (stmt, 12), &reading->action);
  reading->acknowledgement = _lys_column_dup (stmt, 13);

  if (reading->taken_at == NULL)
    {
      lys_vitals_reading_free (reading);
      return NULL;
    }
  return reading;
}

static gpointer
read_event (LysDbStmt *stmt)
{
  LysInfusionEvent *event = g_new0 (LysInfusionEvent, 1);

  lys_infusion_event_kind_from_nick (lys_db_column_text (stmt, 0), &event->kind);
  event->at = _lys_column_time (stmt, 1);
  event->reason = _lys_column_dup (stmt, 2);
  event->by = _lys_column_dup (stmt, 3);
  if (event->at == NULL)
    {
      lys_infusion_event_free (event);
      return NULL;
    }
  return event;
}

static gpointer
read_adverse_event (LysDbStmt *stmt)
{
  LysAdverseEvent *event = g_new0 (LysAdverseEvent, 1);

  event->id = lys_db_column_int64 (stmt, 0);
  lys_adverse_kind_from_nick (lys_db_column_text (stmt, 1), &event->kind);
  event->description = _lys_column_dup (stmt, 2);
  lys_severity_from_nick (lys_db_column_text (stmt, 3), &event->severity);
  event->action = _lys_column_dup (stmt, 4);
  event->noted_at = _lys_column_time (stmt, 5);
  event->recorded_by = _lys_column_dup (stmt, 6);
  return event;
}

static gpointer
read_addendum (LysDbStmt *stmt)
{
  LysAddendum *addendum = g_new0 (LysAddendum, 1);

  addendum->id = lys_db_column_int64 (stmt, 0);
  addendum->author = _lys_column_dup (stmt, 1);
  addendum->created_at = _lys_column_time (stmt, 2);
  addendum->body = _lys_column_dup (stmt, 3);
  return addendum;
}

static gboolean
load_cadss (LysStore     *self,
            LysInfusion  *infusion,
            GError      **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  int rc;

  stmt = _lys_store_prepare (self,
                             "SELECT answers, total FROM ratings WHERE infusion_id = ?1 AND scale = 'cadss' "
                             "ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, infusion->id);

  rc = lys_db_step (stmt);
  if (rc == LYS_DB_ROW)
    {
      infusion->has_cadss = lys_scale_answers_from_json (lys_db_column_text (stmt, 0),
                                                         infusion->cadss, LYS_CADSS_ITEMS);
      infusion->cadss_total = lys_db_column_int (stmt, 1);
      return TRUE;
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);
  return TRUE;
}

/* The readings, events and adverse events of the record */
static gboolean
load_clinical_lists (LysStore     *self,
                     LysInfusion  *infusion,
                     GError      **error)
{
  gint64 infusion_id = infusion->id;
  GPtrArray *list;

  list = _lys_store_collect_for (self, infusion_id,
                                 "SELECT v.id, v.taken_at, v.stage, v.systolic, v.diastolic, v.heart_rate, v.spo2, "
                                 "       v.alert, s.name, v.time_reason, v.acknowledged_at, k.name, v.action, "
                                 "       v.acknowledgement "
                                 "FROM vitals v LEFT JOIN staff s ON s.id = v.recorded_by "
                                 "LEFT JOIN staff k ON k.id = v.acknowledged_by "
                                 "WHERE v.infusion_id = ?1 ORDER BY v.taken_at, v.id",
                                 read_reading, (GDestroyNotify) lys_vitals_reading_free, error);
  if (list == NULL)
    return FALSE;
  g_ptr_array_unref (infusion->readings);
  infusion->readings = list;

  list = _lys_store_collect_for (self, infusion_id,
                                 "SELECT e.kind, e.at, e.reason, s.name FROM infusion_events e "
                                 "LEFT JOIN staff s ON s.id = e.staff_id WHERE e.infusion_id = ?1 ORDER BY e.at, e.id",
                                 read_event, (GDestroyNotify) lys_infusion_event_free, error);
  if (list == NULL)
    return FALSE;
  g_ptr_array_unref (infusion->events);
  infusion->events = list;

  list = _lys_store_collect_for (self, infusion_id,
                                 "SELECT a.id, a.kind, a.description, a.severity, a.action, a.noted_at, s.name "
                                 "FROM adverse_events a LEFT JOIN staff s ON s.id = a.recorded_by "
                                 "WHERE a.infusion_id = ?1 ORDER BY a.noted_at, a.id",
                                 read_adverse_event, (GDestroyNotify) lys_adverse_event_free, error);
  if (list == NULL)
    return FALSE;
  g_ptr_array_unref (infusion->adverse_events);
  infusion->adverse_events = list;
  return TRUE;
}

static LysInfusion *
load_infusion (LysStore  *self,
               gint64     infusion_id,
               GError   **error)
{
  g_autoptr(LysInfusion) infusion = lys_infusion_new ();
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GDateTime) now = NULL;
  GPtrArray *list;
  int rc;

  stmt = _lys_store_prepare (self,
                             "SELECT i.id, i.appointment_id, i.status, i.weight_kg, i.dose_mg_per_kg, "
                             "       i.duration_minutes, i.lot_number, i.given_by, i.psychologist_id, "
                             "       i.started_at, i.ended_at, i.discharged_at, "
                             "       (SELECT name FROM signatures WHERE kind = 'discharge' AND record_id = i.id), "
                             "       i.stop_reason, i.start_override, i.checklist, i.observations, "
                             "       a.starts_at, r.name, ap.patient_id, p.given_name || ' ' || p.family_name, i.given_mg, "
                             "       i.status = 'discharged' AND i.content_sha256 IS DISTINCT FROM "
                             LYS_SQL_SIGNED_SHA256 ("discharge", "i") " "
                             "FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
                             "LEFT JOIN rooms r ON r.id = a.room_id "
                             "LEFT JOIN appointment_patients ap ON ap.appointment_id = a.id "
                             "LEFT JOIN patients p ON p.id = ap.patient_id "
                             "WHERE i.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, infusion_id);

  rc = lys_db_step (stmt);
  if (rc == LYS_DB_DONE)
    {
      lys_refuse (error, LYS_ERROR_NOT_FOUND, _("The infusion record no longer exists."));
      return NULL;
    }
  if (rc != LYS_DB_ROW)
    {
      _lys_store_fail (self, error);
      return NULL;
    }

  infusion->id = lys_db_column_int64 (stmt, 0);
  infusion->appointment_id = lys_db_column_int64 (stmt, 1);
  lys_infusion_status_from_nick (lys_db_column_text (stmt, 2), &infusion->status);
  infusion->weight_kg = lys_db_column_double (stmt, 3);
  infusion->mg_per_kg = lys_db_column_double (stmt, 4);
  infusion->minutes = lys_db_column_int (stmt, 5);
  infusion->lot_number = _lys_column_dup (stmt, 6);
  infusion->given_by = lys_db_column_int64 (stmt, 7);
  infusion->psychologist_id = lys_db_column_int64 (stmt, 8);
  infusion->started_at = _lys_column_time (stmt, 9);
  infusion->ends_at = _lys_column_time (stmt, 10);
  infusion->discharged_at = _lys_column_time (stmt, 11);
  infusion->discharged_by = _lys_column_dup (stmt, 12);
  infusion->stop_reason = _lys_column_dup (stmt, 13);
  infusion->start_override = _lys_column_dup (stmt, 14);
  infusion->checklist = lys_db_column_int (stmt, 15);
  infusion->observations = _lys_column_dup (stmt, 16);
  if (!lys_db_column_is_null (stmt, 21))
    infusion->given_mg = lys_db_column_double (stmt, 21);
  infusion->booked_at = _lys_column_time (stmt, 17);
  infusion->room_name = _lys_column_dup (stmt, 18);
  infusion->patient_id = lys_db_column_int64 (stmt, 19);
  infusion->patient_name = _lys_column_dup (stmt, 20);
  /* Changed past the triggers since its discharge was signed: said so,
   * never shown as the record; what was added under it since still is */
  infusion->altered = lys_db_column_int (stmt, 22) != 0;
  g_clear_pointer (&stmt, lys_db_stmt_free);
  if (infusion->altered)
    {
      infusion->weight_kg = infusion->mg_per_kg = 0;
      infusion->checklist = 0;
      g_clear_pointer (&infusion->lot_number, g_free);
      g_clear_pointer (&infusion->stop_reason, g_free);
      g_clear_pointer (&infusion->start_override, g_free);
      g_free (infusion->observations);
      infusion->observations = g_strdup ("");
      infusion->given_mg = -1;
    }

  if (!infusion->altered && !load_clinical_lists (self, infusion, error))
    return NULL;

  list = _lys_store_collect_for (self, infusion_id,
                                 "SELECT d.id, s.name, d.created_at, d.body FROM infusion_addenda d "
                                 "LEFT JOIN signatures s ON s.kind = 'infusion-addendum' AND s.record_id = d.id "
                                 "WHERE d.infusion_id = ?1 ORDER BY d.created_at, d.id",
                                 read_addendum, (GDestroyNotify) lys_addendum_free, error);
  if (list == NULL)
    return NULL;
  g_ptr_array_unref (infusion->addenda);
  infusion->addenda = list;

  if (!load_cadss (self, infusion, error))
    return NULL;

  now = lys_store_dup_now (self);
  lys_infusion_update_schedule (infusion,
                                (guint) _lys_store_get_settings (self)[LYS_SETTING_OBSERVATION_MINUTES],
                                now);
  return g_steal_pointer (&infusion);
}

/* A change: one transaction, the record as it stands, its audit row */

static LysInfusion *
begin_change (LysStore  *self,
              gint64     infusion_id,
              Who        who,
              GError   **error)
{
  LysInfusion *infusion;

  if (!check_role (self, who, error) || !_lys_store_begin (self, error))
    return NULL;

  infusion = load_infusion (self, infusion_id, error);
  if (infusion != NULL && !lys_store_check_access (self, infusion->patient_id, LYS_PART_INFUSION, error))
    g_clear_pointer (&infusion, lys_infusion_free);
  if (infusion != NULL && lys_infusion_is_read_only (infusion))
    {
      lys_refuse (error, LYS_ERROR_LOCKED,
                  _("The discharge is signed and the record is read-only. Add an addendum to correct or add to it."));
      g_clear_pointer (&infusion, lys_infusion_free);
    }
  if (infusion == NULL)
    _lys_store_finish (self, FALSE, NULL);
  return infusion;
}

static gboolean
end_change (LysStore     *self,
            LysInfusion  *infusion,
            gboolean      ok,
            const char   *action,
            const char   *detail,
            GError      **error)
{
  gint64 id = infusion->id;

  ok = ok && _lys_store_audit (self, action, infusion->patient_id, "infusion", id, detail, error);
  lys_infusion_free (infusion);
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  _lys_store_infusion_changed (self, id);
  return TRUE;
}

static LysDbStmt *
prepare_update (LysStore    *self,
                gint64       infusion_id,
                const char  *assignments,
                GError     **error)
{
  /* @assignments is one of this file's constants, never input */
  g_autofree char *sql = g_strdup_printf ("UPDATE infusions SET %s, updated_at = ?1 WHERE id = ?2", assignments);
  g_autofree char *now = lys_time_now_utc ();
  LysDbStmt *stmt = _lys_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  lys_db_bind_text (stmt, 1, now);
  lys_db_bind_int64 (stmt, 2, infusion_id);
  return stmt;
}

static gboolean
insert_event (LysStore              *self,
              gint64                 infusion_id,
              LysInfusionEventKind   kind,
              GDateTime             *at,
              const char            *reason,
              GError               **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *when = lys_time_format_local (at);

  stmt = _lys_store_prepare (self,
                             "INSERT INTO infusion_events (infusion_id, kind, at, reason, staff_id) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, infusion_id);
  lys_db_bind_text (stmt, 2, lys_infusion_event_kind_to_nick (kind));
  lys_db_bind_text (stmt, 3, when);
  if (reason != NULL)
    lys_db_bind_text (stmt, 4, reason);
  if (lys_store_get_current_staff_id (self) > 0)
    lys_db_bind_int64 (stmt, 5, lys_store_get_current_staff_id (self));
  return _lys_store_step_done (self, stmt, error);
}

static char *
dup_reason (const char *reason)
{
  return lys_text_is_blank (reason) ? NULL : g_strstrip (g_strdup (reason));
}

/**
 * resolve_time:
 * @given: the time typed in, or %NULL for the clock's
 * @edited: (out): whether @given differs from the clock, and needs @reason
 *
 * Returns: (transfer full): the time to record, or %NULL with an error
 */
static GDateTime *
resolve_time (LysStore    *self,
              GDateTime   *given,
              const char  *reason,
              gboolean    *edited,
              GError     **error)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (self);
  GTimeSpan off;

  *edited = FALSE;
  if (given == NULL)
    return g_steal_pointer (&now);

  off = g_date_time_difference (given, now);
  if (off > CLOCK_SLACK_SECONDS * G_TIME_SPAN_SECOND)
    {
      lys_refuse (error, LYS_ERROR_INVALID, _("A time in the future cannot be recorded. Enter the time it happened."));
      return NULL;
    }
  if (off < -12 * G_TIME_SPAN_HOUR)
    {
      lys_refuse (error, LYS_ERROR_INVALID,
                  _("The time lies more than twelve hours back. Enter a time of today’s infusion."));
      return NULL;
    }
  if (off >= -CLOCK_SLACK_SECONDS * G_TIME_SPAN_SECOND)
    return g_date_time_ref (given);

  if (lys_text_is_blank (reason))
    {
      g_autofree char *clock = format_clock (now);

      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %s is the time now, e.g. "09:25" */
                   _("The time entered is not the clock’s (%s). Say why, for instance that it was noted on paper first."),
                   clock);
      return NULL;
    }

  *edited = TRUE;
  return g_date_time_ref (given);
}

/* Public API */

/**
 * lys_store_find_infusion:
 *
 * Returns: the id of the booking's infusion record, or 0 when it has none
 *   (or with an error)
 */
gint64
lys_store_find_infusion (LysStore  *self,
                         gint64     appointment_id,
                         GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  stmt = _lys_store_prepare (self, "SELECT id FROM infusions WHERE appointment_id = ?1", error);
  if (stmt == NULL)
    return 0;
  lys_db_bind_int64 (stmt, 1, appointment_id);
  return _lys_store_step_id (self, stmt, error);
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* An infusion is given from a booking still planned */
static gboolean
check_booking_planned (LysAppointmentState   state,
                       GError              **error)
{
  switch (state)
    {
    case LYS_APPOINTMENT_PLANNED:
      return TRUE;
    case LYS_APPOINTMENT_CANCELLED:
      return lys_refuse (error, LYS_ERROR_LOCKED, _("The booking was cancelled. Book the infusion again to give it."));
    case LYS_APPOINTMENT_MISSED:
      return lys_refuse (error, LYS_ERROR_LOCKED,
                         _("The booking is marked as missed. Book the infusion again to give it."));
    case LYS_APPOINTMENT_DONE:
    case LYS_N_APPOINTMENT_STATES:
    default:
      return lys_refuse (error, LYS_ERROR_LOCKED,
                         _("The booking is marked as done without an infusion record. Book the infusion again to give it."));
    }
}

/* An infusion's record: opened at the bedside, or whole. Returns its id. */
gint64
_lys_store_write_infusion (LysStore              *self,
                           LysDbStmt            **kept,
                           const LysInfusionRow  *row,
                           GError               **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *insert;

  insert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO infusions (appointment_id, status, weight_kg, dose_mg_per_kg, "
                                    "total_mg, given_mg, duration_minutes, lot_number, given_by, psychologist_id, "
                                    "started_at, ended_at, checklist, updated_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", error);
  if (insert == NULL)
    return 0;
  lys_db_bind_int64 (insert, 1, row->appointment_id);
  lys_db_bind_text (insert, 2, lys_infusion_status_to_nick (row->status));
  _lys_bind_measure (insert, 3, row->weight_kg);
  _lys_bind_measure (insert, 4, row->dose_mg_per_kg);
  _lys_bind_measure (insert, 5, row->total_mg);
  _lys_bind_measure (insert, 6, row->given_mg);
  lys_db_bind_int (insert, 7, (int) row->duration_minutes);
  lys_db_bind_text (insert, 8, row->lot_number);
  _lys_bind_id (insert, 9, row->given_by);
  _lys_bind_id (insert, 10, row->psychologist_id);
  lys_db_bind_text (insert, 11, row->started_at);
  lys_db_bind_text (insert, 12, row->ended_at);
  lys_db_bind_int (insert, 13, (int) row->checklist);
  lys_db_bind_text (insert, 14, row->updated_at);
  return _lys_store_step_insert (self, insert, error);
}

/* Signs the discharge: from then on the record takes no more changes */
gboolean
_lys_store_write_discharge (LysStore    *self,
                            LysDbStmt  **kept,
                            gint64       infusion_id,
                            const char  *discharged_at,
                            gint64       discharged_by,
                            const char  *updated_at,
                            GError     **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *update;

  update = _lys_store_prepare_kept (self, kept, &local,
                                    "UPDATE infusions SET status = 'discharged', discharged_at = ?3, "
                                    "discharged_by = ?4, updated_at = ?1, "
                                    "content_sha256 = " LYS_SQL_SIGNED_SHA256 ("discharge", "infusions") " "
                                    "WHERE id = ?2", error);
  if (update == NULL)
    return FALSE;
  lys_db_bind_text (update, 1, updated_at);
  lys_db_bind_int64 (update, 2, infusion_id);
  lys_db_bind_text (update, 3, discharged_at);
  _lys_bind_id (update, 4, discharged_by);
  return _lys_store_step_done (self, update, error);
}

static gint64
create_infusion (LysStore  *self,
                 gint64     appointment_id,
                 gint64    *patient_id,
                 GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) now = lys_store_dup_now (self);
  g_autofree char *updated = lys_time_now_utc ();
  const double *settings = _lys_store_get_settings (self);
  LysAppointmentKind kind = LYS_APPOINTMENT_PREPARATION;
  LysAppointmentState state = LYS_APPOINTMENT_CANCELLED;

  stmt = _lys_store_prepare (self,
                             "SELECT a.kind, a.state, a.starts_at, "
                             "  (SELECT patient_id FROM appointment_patients WHERE appointment_id = a.id), "
                             "  (SELECT staff_id FROM appointment_staff WHERE appointment_id = a.id AND task = 'drug'), "
                             "  (SELECT staff_id FROM appointment_staff WHERE appointment_id = a.id AND task = 'psychologist') "
                             "FROM appointments a WHERE a.id = ?1", error);
  if (stmt == NULL)
    return 0;
  lys_db_bind_int64 (stmt, 1, appointment_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    {
      lys_refuse (error, LYS_ERROR_NOT_FOUND, _("The booking no longer exists."));
      return 0;
    }

  lys_appointment_kind_from_nick (lys_db_column_text (stmt, 0), &kind);
  lys_appointment_state_from_nick (lys_db_column_text (stmt, 1), &state);
  starts = _lys_column_time (stmt, 2);
  *patient_id = lys_db_column_int64 (stmt, 3);

  if (kind != LYS_APPOINTMENT_INFUSION)
    {
      lys_refuse (error, LYS_ERROR_INVALID, _("Only an infusion booking has an infusion record."));
      return 0;
    }
  if (!check_booking_planned (state, error))
    return 0;
  if (starts == NULL || !same_day (starts, now))
    {
      g_autofree char *day = starts ? g_date_time_format (starts, "%d.%m.%Y") : g_strdup ("?");

      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %s is a date */
                   _("The infusion is booked for %s. Its record is opened on the day; to give it today, move the booking to today first."),
                   day);
      return 0;
    }

  {
    LysInfusionRow row = { .appointment_id = appointment_id, .status = LYS_INFUSION_PREPARING,
                           .dose_mg_per_kg = settings[LYS_SETTING_DOSE_DEFAULT],
                           .duration_minutes = (guint) settings[LYS_SETTING_INFUSION_MINUTES],
                           .given_by = lys_db_column_is_null (stmt, 4) ? 0 : lys_db_column_int64 (stmt, 4),
                           .psychologist_id = lys_db_column_is_null (stmt, 5) ? 0 : lys_db_column_int64 (stmt, 5),
                           .updated_at = updated };

    return _lys_store_write_infusion (self, NULL, &row, error);
  }
}

/**
 * lys_store_open_infusion:
 *
 * Opens the record of a booked infusion at the bedside, creating it on the
 * day of the infusion with the clinic's dose rate and duration and the
 * booking's staff. The opening is logged as a read of the patient's record.
 *
 * Returns: the infusion's id, or 0 with an error
 */
gint64
lys_store_open_infusion (LysStore  *self,
                         gint64     appointment_id,
                         GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 id, patient_id = 0;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  if (!check_role (self, ANY_CLINICIAN, error) || !_lys_store_begin (self, error))
    return 0;

  id = lys_store_find_infusion (self, appointment_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }
  else if (id == 0)
    {
      id = create_infusion (self, appointment_id, &patient_id, error);
      ok = id != 0 && _lys_store_audit (self, "infusion.create", patient_id, "infusion", id, NULL, error);
    }
  else
    {
      g_autoptr(LysDbStmt) stmt =
        _lys_store_prepare (self, "SELECT patient_id FROM appointment_patients WHERE appointment_id = ?1", error);

      ok = id != 0 && stmt != NULL;
      if (ok)
        {
          lys_db_bind_int64 (stmt, 1, appointment_id);
          if (lys_db_step (stmt) == LYS_DB_ROW)
            patient_id = lys_db_column_int64 (stmt, 0);
        }
    }
  ok = ok && _lys_store_audit (self, "patient.read", patient_id, "infusion", id, "infusion", error);
  if (!_lys_store_finish (self, ok, error))
    return 0;

  return id;
}

/**
 * lys_store_get_infusion:
 *
 * The caller has opened the record with lys_store_open_infusion(), which
 * logged the read; this reads it again after each change.
 *
 * Returns: (transfer full): the record, with its schedule worked out
 */
LysInfusion *
lys_store_get_infusion (LysStore  *self,
                        gint64     infusion_id,
                        GError   **error)
{
  LysInfusion *infusion;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  infusion = load_infusion (self, infusion_id, error);
  if (infusion != NULL && !lys_store_check_access (self, infusion->patient_id, LYS_PART_INFUSION, error))
    g_clear_pointer (&infusion, lys_infusion_free);
  return infusion;
}

/**
 * lys_store_list_open_infusion_bookings:
 *
 * What the app returns to when it starts again: the infusions under way or
 * in observation, and those opened today and not yet started. Each is
 * opened again with lys_store_open_infusion(), which logs the read.
 *
 * Returns: (transfer full) (element-type gint64): their bookings
 */
GArray *
lys_store_list_open_infusion_bookings (LysStore  *self,
                                       GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self,
                             "SELECT i.appointment_id FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
                             "WHERE i.status <> 'discharged' "   /* the index infusions_open */
                             "  AND (i.status IN ('running', 'paused', 'ended') "
                             "       OR (i.status = 'preparing' AND a.state = 'planned' AND substr (a.starts_at, 1, 10) = ?1)) "
                             "ORDER BY a.starts_at, i.id", error);
  if (stmt == NULL)
    return NULL;
  _lys_store_bind_today (self, stmt, 1);
  return _lys_store_collect_ids (self, stmt, error);
}

static gboolean
check_preparing (LysInfusion  *infusion,
                 GError      **error)
{
  if (infusion->status == LYS_INFUSION_PREPARING)
    return TRUE;

  return lys_refuse (error, LYS_ERROR_LOCKED,
                     _("The dose and the staff are fixed once the infusion has started."));
}

/**
 * lys_store_set_infusion_value:
 * @field: the weight, the dose rate or the duration
 *
 * Stores one number of the dose as it is entered, before the start.
 */
gboolean
lys_store_set_infusion_value (LysStore          *self,
                              gint64             infusion_id,
                              LysInfusionField   field,
                              double             value,
                              GError           **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autofree char *assignment = NULL;
  LysInfusion *infusion;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (field == LYS_INFUSION_FIELD_WEIGHT || field == LYS_INFUSION_FIELD_DOSE_RATE ||
                        field == LYS_INFUSION_FIELD_MINUTES, FALSE);

  infusion = begin_change (self, infusion_id, DRUG_GIVER, error);
  if (infusion == NULL)
    return FALSE;

  ok = check_preparing (infusion, error);
  if (ok && field == LYS_INFUSION_FIELD_WEIGHT)
    {
      ok = lys_dose_check_weight (value, error);
      value = round (value * 10) / 10;
    }
  else if (ok && field == LYS_INFUSION_FIELD_DOSE_RATE)
    {
      ok = lys_dose_check_rate (value, _lys_store_get_settings (self), error);
      value = round (value * 100) / 100;
    }
  else if (ok)
    {
      value = round (value);
      ok = lys_dose_check_minutes (value < 0 || !isfinite (value) ? 0 : (guint) value, error);
    }

  if (ok)
    {
      assignment = g_strdup_printf ("%s = ?3", field_columns[field]);
      update = prepare_update (self, infusion_id, assignment, error);
      ok = update != NULL;
    }
  if (ok)
    {
      lys_db_bind_double (update, 3, value);
      ok = _lys_store_step_done (self, update, error);
    }

  return end_change (self, infusion, ok, "infusion.update", field_columns[field], error);
}

/**
 * lys_store_set_infusion_text:
 * @field: the drug's lot number, or the psychologist's observations
 */
gboolean
lys_store_set_infusion_text (LysStore          *self,
                             gint64             infusion_id,
                             LysInfusionField   field,
                             const char        *text,
                             GError           **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autofree char *assignment = NULL;
  g_autofree char *value = NULL;
  LysInfusion *infusion;
  gboolean ok = TRUE;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (field == LYS_INFUSION_FIELD_LOT_NUMBER || field == LYS_INFUSION_FIELD_OBSERVATIONS, FALSE);

  infusion = begin_change (self, infusion_id,
                           field == LYS_INFUSION_FIELD_LOT_NUMBER ? DRUG_GIVER : ANY_CLINICIAN, error);
  if (infusion == NULL)
    return FALSE;

  if (field == LYS_INFUSION_FIELD_LOT_NUMBER)
    {
      value = dup_reason (text);
      ok = check_preparing (infusion, error);
      if (ok && value != NULL && g_utf8_strlen (value, -1) > LYS_LOT_NUMBER_MAX)
        ok = lys_refuse (error, LYS_ERROR_INVALID,
                         _("A lot number is at most 40 characters. Copy it from the vial’s label."));
    }
  else
    value = g_strdup (text != NULL ? text : "");

  if (ok)
    {
      assignment = g_strdup_printf ("%s = ?3", field_columns[field]);
      update = prepare_update (self, infusion_id, assignment, error);
      ok = update != NULL;
    }
  if (ok)
    {
      if (value != NULL)
        lys_db_bind_text (update, 3, value);
      ok = _lys_store_step_done (self, update, error);
    }

  return end_change (self, infusion, ok, "infusion.update", field_columns[field], error);
}

/* Whether the staff member, active at the clinic, may take @task */
static gboolean
check_staff_task (LysStore      *self,
                  gint64         staff_id,
                  LysStaffTask   task,
                  GError       **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  stmt = _lys_store_prepare (self, LYS_SQL_STAFF_FOR_TASK, error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, staff_id);
  _lys_store_bind_today (self, stmt, 2);
  if (lys_db_step (stmt) != LYS_DB_ROW || lys_db_column_int (stmt, 3) == 0)
    return lys_refuse (error, LYS_ERROR_NOT_FOUND, _("A staff member chosen is no longer active. Choose another."));

  return _lys_store_check_task_row (stmt, task, error);
}

/**
 * lys_store_set_infusion_staff:
 * @task: %LYS_TASK_DRUG for who gives it, %LYS_TASK_PSYCHOLOGIST for the
 *   psychologist in the room
 */
gboolean
lys_store_set_infusion_staff (LysStore      *self,
                              gint64         infusion_id,
                              LysStaffTask   task,
                              gint64         staff_id,
                              GError       **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  LysInfusion *infusion;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (task == LYS_TASK_DRUG || task == LYS_TASK_PSYCHOLOGIST, FALSE);

  infusion = begin_change (self, infusion_id, DRUG_GIVER, error);
  if (infusion == NULL)
    return FALSE;

  ok = check_preparing (infusion, error) && check_staff_task (self, staff_id, task, error);
  if (ok)
    {
      update = prepare_update (self, infusion_id,
                               task == LYS_TASK_DRUG ? "given_by = ?3" : "psychologist_id = ?3", error);
      ok = update != NULL;
    }
  if (ok)
    {
      lys_db_bind_int64 (update, 3, staff_id);
      ok = _lys_store_step_done (self, update, error);
    }

  return end_change (self, infusion, ok, "infusion.update", task == LYS_TASK_DRUG ? "given_by" : "psychologist_id",
                     error);
}

gboolean
lys_store_set_discharge_check (LysStore           *self,
                               gint64              infusion_id,
                               LysDischargeCheck   check,
                               gboolean            done,
                               GError            **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  LysInfusion *infusion;
  guint checklist;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (check < LYS_N_DISCHARGE_CHECKS, FALSE);

  infusion = begin_change (self, infusion_id, DRUG_GIVER, error);
  if (infusion == NULL)
    return FALSE;

  checklist = done ? infusion->checklist | (1u << check) : infusion->checklist & ~(1u << check);
  update = prepare_update (self, infusion_id, "checklist = ?3", error);
  ok = update != NULL;
  if (ok)
    {
      lys_db_bind_int (update, 3, (int) checklist);
      ok = _lys_store_step_done (self, update, error);
    }

  return end_change (self, infusion, ok, "infusion.update", lys_discharge_check_to_nick (check), error);
}

/* A reading at the bedside. Returns its id. */
gint64
_lys_store_write_vitals (LysStore            *self,
                         LysDbStmt          **kept,
                         const LysVitalsRow  *row,
                         GError             **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *insert;

  insert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO vitals (infusion_id, taken_at, stage, systolic, diastolic, heart_rate, "
                                    "spo2, recorded_by, alert, entered_at, time_reason) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (insert == NULL)
    return 0;
  lys_db_bind_int64 (insert, 1, row->infusion_id);
  lys_db_bind_text (insert, 2, row->taken_at);
  lys_db_bind_text (insert, 3, lys_vitals_stage_to_nick (row->stage));
  lys_db_bind_int (insert, 4, (int) row->reading.systolic);
  lys_db_bind_int (insert, 5, (int) row->reading.diastolic);
  lys_db_bind_int (insert, 6, (int) row->reading.heart_rate);
  lys_db_bind_int (insert, 7, (int) row->reading.spo2);
  _lys_bind_id (insert, 8, row->recorded_by);
  lys_db_bind_int (insert, 9, (int) row->alert);
  lys_db_bind_text (insert, 10, row->entered_at);
  lys_db_bind_text (insert, 11, row->time_reason);
  return _lys_store_step_insert (self, insert, error);
}

/**
 * lys_store_record_vitals:
 * @taken_at: when the reading was taken, or %NULL for now
 * @time_reason: why @taken_at is not the clock's; needed when it is not
 * @alert: (out) (optional): what the reading raised against the limits
 *
 * Refuses an impossible reading, saying what to check. A reading beyond the
 * alert limits is stored with its alert, which stays until acknowledged.
 *
 * Returns: the reading's id, or 0 with an error
 */
gint64
lys_store_record_vitals (LysStore         *self,
                         gint64            infusion_id,
                         const LysVitals  *vitals,
                         GDateTime        *taken_at,
                         const char       *time_reason,
                         LysVitalsAlert   *alert,
                         GError          **error)
{
  g_autoptr(GDateTime) taken = NULL;
  g_autoptr(GDateTime) entered = NULL;
  g_autofree char *taken_text = NULL;
  g_autofree char *entered_text = NULL;
  g_autofree char *reason = NULL;
  LysVitalsLimits limits;
  LysVitalsAlert raised = LYS_VITALS_ALERT_NONE;
  LysVitalsStage stage = LYS_STAGE_BASELINE;
  LysInfusion *infusion;
  gboolean edited = FALSE, ok;
  gint64 id = 0;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  g_return_val_if_fail (vitals != NULL, 0);

  if (alert != NULL)
    *alert = LYS_VITALS_ALERT_NONE;

  if (!lys_vitals_check_plausible (vitals, error))
    return 0;

  infusion = begin_change (self, infusion_id, DRUG_GIVER, error);
  if (infusion == NULL)
    return 0;

  taken = resolve_time (self, taken_at, time_reason, &edited, error);
  ok = taken != NULL;
  if (ok)
    {
      lys_vitals_limits_from_settings (&limits, _lys_store_get_settings (self));
      raised = lys_vitals_get_alert (&limits, vitals);
      stage = lys_vitals_stage_at (infusion->started_at ? g_date_time_to_unix (infusion->started_at) : 0,
                                   infusion->ends_at ? g_date_time_to_unix (infusion->ends_at) : 0,
                                   g_date_time_to_unix (taken));
    }
  if (ok)
    {
      LysVitalsRow row = { .infusion_id = infusion_id, .stage = stage, .reading = *vitals,
                           .recorded_by = lys_store_get_current_staff_id (self), .alert = raised };

      entered = lys_store_dup_now (self);
      taken_text = lys_time_format_local (taken);
      entered_text = lys_time_format_local (entered);
      reason = edited ? dup_reason (time_reason) : NULL;
      row.taken_at = taken_text;
      row.entered_at = entered_text;
      row.time_reason = reason;
      id = _lys_store_write_vitals (self, NULL, &row, error);
      ok = id != 0;
    }
  if (ok && raised != LYS_VITALS_ALERT_NONE)
    ok = _lys_store_audit (self, "vitals.alert", infusion->patient_id, "vitals", id,
                           lys_vitals_stage_to_nick (stage), error);

  if (!end_change (self, infusion, ok, "vitals.record", lys_vitals_stage_to_nick (stage), error))
    return 0;

  if (alert != NULL)
    *alert = raised;
  return id;
}

/* Inside a change: pauses a running infusion, or stops it early */
static gboolean
pause_or_stop (LysStore        *self,
               LysInfusion     *infusion,
               LysAlertAction   action,
               const char      *reason,
               GError         **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autoptr(GDateTime) now = lys_store_dup_now (self);
  g_autofree char *now_text = lys_time_format_local (now);

  if (infusion->status != LYS_INFUSION_RUNNING &&
      !(action == LYS_ALERT_STOP && infusion->status == LYS_INFUSION_PAUSED))
    return lys_refuse (error, LYS_ERROR_LOCKED,
                       action == LYS_ALERT_PAUSE ? _("Only a running infusion can be paused.")
                                                 : _("Only a running or paused infusion can be stopped."));

  if (action == LYS_ALERT_PAUSE)
    {
      update = prepare_update (self, infusion->id, "status = 'paused'", error);
      return update != NULL && _lys_store_step_done (self, update, error) &&
             insert_event (self, infusion->id, LYS_INFUSION_EVENT_PAUSE, now, reason, error) &&
             _lys_store_audit (self, "infusion.pause", infusion->patient_id, "infusion", infusion->id, NULL, error);
    }

  /* Stopped from the alert: what the rate gave until now */
  update = prepare_update (self, infusion->id, "status = 'ended', ended_at = ?3, stop_reason = ?4, given_mg = ?5",
                           error);
  if (update == NULL)
    return FALSE;
  lys_db_bind_text (update, 3, now_text);
  lys_db_bind_text (update, 4, reason);
  lys_db_bind_double (update, 5, lys_infusion_compute_given_mg (infusion, now));
  return _lys_store_step_done (self, update, error) &&
         insert_event (self, infusion->id, LYS_INFUSION_EVENT_STOP, now, reason, error) &&
         _lys_store_audit (self, "infusion.stop", infusion->patient_id, "infusion", infusion->id, NULL, error);
}

/**
 * lys_store_acknowledge_alert:
 * @action: continue, pause or stop the infusion
 * @note: why, in the clinician's words
 *
 * The alert stops showing once acknowledged; who acknowledged it, when,
 * what was done and why stay with the reading.
 */
gboolean
lys_store_acknowledge_alert (LysStore        *self,
                             gint64           vitals_id,
                             LysAlertAction   action,
                             const char      *note,
                             GError         **error)
{
  g_autoptr(LysDbStmt) find = NULL;
  g_autoptr(LysDbStmt) update = NULL;
  g_autofree char *at = NULL;
  g_autofree char *reason = dup_reason (note);
  gint64 infusion_id;
  LysInfusion *infusion;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (action < LYS_N_ALERT_ACTIONS, FALSE);

  if (reason == NULL)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("Say what was judged or done about the alert; the acknowledgement is kept with the reading."));

  find = _lys_store_prepare (self, "SELECT infusion_id, alert, acknowledged_at FROM vitals WHERE id = ?1", error);
  if (find == NULL)
    return FALSE;
  lys_db_bind_int64 (find, 1, vitals_id);
  if (lys_db_step (find) != LYS_DB_ROW)
    return lys_refuse (error, LYS_ERROR_NOT_FOUND, _("The reading no longer exists."));
  if (lys_db_column_int (find, 1) == 0)
    return lys_refuse (error, LYS_ERROR_INVALID, _("This reading raised no alert."));
  if (!lys_db_column_is_null (find, 2))
    return lys_refuse (error, LYS_ERROR_LOCKED, _("The alert has already been acknowledged."));
  infusion_id = lys_db_column_int64 (find, 0);
  g_clear_pointer (&find, lys_db_stmt_free);

  infusion = begin_change (self, infusion_id, DRUG_GIVER, error);
  if (infusion == NULL)
    return FALSE;

  ok = TRUE;
  if (action != LYS_ALERT_CONTINUE)
    ok = pause_or_stop (self, infusion, action, reason, error);
  if (ok)
    {
      update = _lys_store_prepare (self,
                                   "UPDATE vitals SET acknowledged_at = ?1, acknowledged_by = ?2, action = ?3, "
                                   "acknowledgement = ?4 WHERE id = ?5", error);
      ok = update != NULL;
    }
  if (ok)
    {
      at = _lys_store_dup_now_text (self);
      lys_db_bind_text (update, 1, at);
      if (lys_store_get_current_staff_id (self) > 0)
        lys_db_bind_int64 (update, 2, lys_store_get_current_staff_id (self));
      lys_db_bind_text (update, 3, lys_alert_action_to_nick (action));
      lys_db_bind_text (update, 4, reason);
      lys_db_bind_int64 (update, 5, vitals_id);
      ok = _lys_store_step_done (self, update, error);
    }

  return end_change (self, infusion, ok, "vitals.acknowledge", lys_alert_action_to_nick (action), error);
}

/* The gates of the start: the patient's consent, a signed eligibility that
 * found them eligible, and a course in induction or maintenance */
static gboolean
check_gates (LysStore     *self,
             LysInfusion  *infusion,
             gint64       *course_id,
             gboolean     *induction,
             GError      **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  LysPreparationStatus status;
  LysPhase phase = LYS_PHASE_STOPPED;
  LysAppointmentState state = LYS_APPOINTMENT_CANCELLED;
  gboolean consent, eligible;

  if (!lys_store_get_preparation_status (self, infusion->patient_id, &status, error))
    return FALSE;
  consent = status.consent_recorded;
  lys_preparation_status_clear (&status);
  if (!consent)
    return lys_refuse (error, LYS_ERROR_LOCKED,
                       _("The patient has no off-label consent on record. No infusion starts before the consent is recorded in the Preparation area."));

  stmt = _lys_store_prepare (self,
                             "SELECT a.course_id, c.phase, c.kind = 'induction', "
                             "  EXISTS (SELECT 1 FROM eligibility_status e JOIN courses k ON k.id = e.course_id "
                             "          WHERE k.patient_id = ?2 AND e.status = 'signed' "
                             "            AND e.decision IN ('eligible', 'exception')), "
                             "  a.state "
                             "FROM appointments a JOIN courses c ON c.id = a.course_id WHERE a.id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, infusion->appointment_id);
  lys_db_bind_int64 (stmt, 2, infusion->patient_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    return lys_refuse (error, LYS_ERROR_NOT_FOUND, _("The infusion belongs to no treatment course."));

  *course_id = lys_db_column_int64 (stmt, 0);
  lys_phase_from_nick (lys_db_column_text (stmt, 1), &phase);
  *induction = lys_db_column_int (stmt, 2) != 0;
  eligible = lys_db_column_int (stmt, 3) != 0;
  lys_appointment_state_from_nick (lys_db_column_text (stmt, 4), &state);

  /* A booking cancelled, or marked missed, after its record was opened */
  if (!check_booking_planned (state, error))
    return FALSE;

  if (!eligible)
    return lys_refuse (error, LYS_ERROR_LOCKED,
                       _("The eligibility assessment is not signed by a physician with the patient found eligible. No infusion starts before it is."));
  if (phase != LYS_PHASE_INDUCTION && phase != LYS_PHASE_MAINTENANCE)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_LOCKED,
                   _("The course is %s; it takes no more infusions."), lys_phase_get_label (phase));
      return FALSE;
    }

  return TRUE;
}

static gpointer
read_started (LysDbStmt *stmt)
{
  return lys_time_parse_local (lys_db_column_text (stmt, 0));
}

/* The course rules, applied to the infusions actually given */
static gboolean
check_course_rules (LysStore     *self,
                    LysInfusion  *infusion,
                    gint64        course_id,
                    gboolean      induction,
                    GDateTime    *start,
                    char        **warning,
                    GError      **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(LysDbStmt) count = NULL;
  g_autoptr(GPtrArray) starts = NULL;
  LysCourseLimits limits;

  stmt = _lys_store_prepare (self,
                             "SELECT i.started_at FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
                             "WHERE a.course_id = ?1 AND i.id <> ?2 AND i.started_at IS NOT NULL "
                             "ORDER BY i.started_at", error);
  if (stmt == NULL)
    return FALSE;
  lys_db_bind_int64 (stmt, 1, course_id);
  lys_db_bind_int64 (stmt, 2, infusion->id);
  starts = _lys_store_collect (self, stmt, read_started, (GDestroyNotify) g_date_time_unref, error);
  if (starts == NULL)
    return FALSE;

  /* Those stopped short of the dose that counts hold the time between
   * infusions, not a place among the six */
  count = _lys_store_prepare (self,
                              "SELECT count (*) FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
                              "WHERE a.course_id = ?1 AND i.id <> ?2 AND i.started_at IS NOT NULL "
                              "AND NOT " LYS_STOPPED_SHORT_SQL ("i"), error);
  if (count == NULL)
    return FALSE;
  lys_db_bind_int64 (count, 1, course_id);
  lys_db_bind_int64 (count, 2, infusion->id);
  _lys_store_bind_count_share (self, count);
  if (lys_db_step (count) != LYS_DB_ROW)
    return _lys_store_fail (self, error);

  lys_course_limits_from_settings (&limits, _lys_store_get_settings (self));
  return lys_course_rules_check_counted (&limits, induction, starts, (guint) lys_db_column_int (count, 0),
                                         start, warning, error);
}

/* What must be in place at the start, in the order it is entered */
static gboolean
check_ready_to_start (LysStore     *self,
                      LysInfusion  *infusion,
                      LysDose      *dose,
                      GError      **error)
{
  if (infusion->status != LYS_INFUSION_PREPARING)
    return lys_refuse (error, LYS_ERROR_LOCKED, _("The infusion has already started."));
  if (infusion->weight_kg <= 0)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Enter the patient’s weight today before the start."));
  if (!lys_dose_compute (infusion->weight_kg, infusion->mg_per_kg, infusion->minutes,
                         _lys_store_get_settings (self), dose, error))
    return FALSE;
  if (lys_text_is_blank (infusion->lot_number))
    return lys_refuse (error, LYS_ERROR_INVALID, _("Enter the lot number of the drug before the start."));
  if (infusion->given_by == 0)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Choose who gives the drug before the start."));
  if (infusion->psychologist_id == 0)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Choose the psychologist in the room before the start."));

  return check_staff_task (self, infusion->given_by, LYS_TASK_DRUG, error) &&
         check_staff_task (self, infusion->psychologist_id, LYS_TASK_PSYCHOLOGIST, error);
}

/**
 * lys_store_start_infusion:
 * @at: the start, or %NULL for now
 * @time_reason: why @at is not the clock's
 * @override_reason: why the infusion starts although the baseline blood
 *   pressure is at or above the limit for starting, or %NULL
 * @warning: (out) (optional): a course rule stretched, not broken
 *
 * Starts the infusion when the consent is on record, the eligibility signed,
 * the course rules hold, the dose is complete and within the allowed range,
 * and a baseline reading allows it. A baseline at or above the limit for
 * starting is refused with %LYS_ERROR_LIMIT unless @override_reason says why.
 */
gboolean
lys_store_start_infusion (LysStore    *self,
                          gint64       infusion_id,
                          GDateTime   *at,
                          const char  *time_reason,
                          const char  *override_reason,
                          char       **warning,
                          GError     **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autoptr(LysDbStmt) booking = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *override = dup_reason (override_reason);
  const LysVitalsReading *baseline;
  LysVitalsLimits limits;
  LysInfusion *infusion;
  LysDose dose;
  gint64 course_id = 0;
  gboolean induction = TRUE, edited = FALSE, blocked = FALSE, ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (warning != NULL)
    *warning = NULL;

  infusion = begin_change (self, infusion_id, DRUG_GIVER, error);
  if (infusion == NULL)
    return FALSE;

  ok = check_ready_to_start (self, infusion, &dose, error) &&
       check_gates (self, infusion, &course_id, &induction, error);
  if (ok)
    {
      start = resolve_time (self, at, time_reason, &edited, error);
      ok = start != NULL;
    }
  if (ok && !same_day (infusion->booked_at, start))
    {
      g_autofree char *day = g_date_time_format (infusion->booked_at, "%d.%m.%Y");

      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("The infusion is booked for %s. To give it today, move the booking to today first."), day);
      ok = FALSE;
    }
  if (ok)
    ok = check_course_rules (self, infusion, course_id, induction, start, warning, error);

  if (ok && lys_infusion_get_pending_alert (infusion) != NULL)
    ok = lys_refuse (error, LYS_ERROR_LOCKED,
                     _("A vital signs alert is not yet acknowledged. Acknowledge it before the start."));
  if (ok)
    {
      baseline = lys_infusion_get_baseline (infusion);
      lys_vitals_limits_from_settings (&limits, _lys_store_get_settings (self));
      if (baseline == NULL)
        ok = lys_refuse (error, LYS_ERROR_INVALID,
                         _("Take the baseline blood pressure, heart rate and oxygen saturation before the start."));
      else if (g_date_time_compare (baseline->taken_at, start) > 0)
        ok = lys_refuse (error, LYS_ERROR_INVALID,
                         _("The start lies before the baseline reading. Check the start time."));
      else if ((blocked = lys_vitals_blocks_start (&limits, &baseline->values)) && override == NULL)
        {
          g_autofree char *message = lys_vitals_describe_start_block (&limits, &baseline->values);

          ok = lys_refuse (error, LYS_ERROR_LIMIT, message);
        }
    }

  if (ok)
    {
      update = prepare_update (self, infusion_id,
                               "status = 'running', started_at = ?3, weight_kg = ?4, dose_mg_per_kg = ?5, "
                               "total_mg = ?6, start_override = ?7", error);
      ok = update != NULL;
    }
  if (ok)
    {
      start_text = lys_time_format_local (start);
      lys_db_bind_text (update, 3, start_text);
      lys_db_bind_double (update, 4, dose.weight_kg);
      lys_db_bind_double (update, 5, dose.mg_per_kg);
      lys_db_bind_double (update, 6, dose.total_mg);
      if (blocked)
        lys_db_bind_text (update, 7, override);
      ok = _lys_store_step_done (self, update, error);
    }
  /* The units the dose needs are opened from the lot, in this transaction */
  if (ok)
    ok = _lys_store_draw_for_infusion (self, infusion_id, infusion->patient_id, infusion->lot_number,
                                       dose.total_mg, start, error);
  if (ok && blocked)
    ok = insert_event (self, infusion_id, LYS_INFUSION_EVENT_START_OVERRIDE, start, override, error) &&
         _lys_store_audit (self, "infusion.override", infusion->patient_id, "infusion", infusion_id,
                           "start above the limit for starting", error);
  if (ok && edited)
    ok = insert_event (self, infusion_id, LYS_INFUSION_EVENT_TIME_EDIT, start, time_reason, error);

  /* The session has taken place: it counts towards the course */
  if (ok)
    {
      booking = _lys_store_prepare (self, "UPDATE appointments SET state = 'done' WHERE id = ?1", error);
      ok = booking != NULL;
    }
  if (ok)
    {
      lys_db_bind_int64 (booking, 1, infusion->appointment_id);
      ok = _lys_store_step_done (self, booking, error) &&
           _lys_store_audit (self, "appointment.state", infusion->patient_id, "appointment",
                             infusion->appointment_id, "done", error);
    }

  {
    gint64 patient_id = infusion->patient_id;

    if (!end_change (self, infusion, ok, "infusion.start", NULL, error))
      {
        if (warning != NULL)
          g_clear_pointer (warning, g_free);
        return FALSE;
      }
    _lys_store_patient_changed (self, patient_id, -1);
    _lys_store_bookings_changed (self);
  }
  return TRUE;
}

/**
 * lys_store_pause_infusion:
 * @reason: why, for the record
 */
gboolean
lys_store_pause_infusion (LysStore    *self,
                          gint64       infusion_id,
                          const char  *reason,
                          GError     **error)
{
  g_autofree char *why = dup_reason (reason);
  LysInfusion *infusion;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (why == NULL)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Say why the infusion is paused."));

  infusion = begin_change (self, infusion_id, DRUG_GIVER, error);
  if (infusion == NULL)
    return FALSE;

  ok = pause_or_stop (self, infusion, LYS_ALERT_PAUSE, why, error);
  return end_change (self, infusion, ok, "infusion.update", "status", error);
}

gboolean
lys_store_resume_infusion (LysStore  *self,
                           gint64     infusion_id,
                           GError   **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autoptr(GDateTime) now = NULL;
  LysInfusion *infusion;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  infusion = begin_change (self, infusion_id, DRUG_GIVER, error);
  if (infusion == NULL)
    return FALSE;

  ok = infusion->status == LYS_INFUSION_PAUSED ||
       lys_refuse (error, LYS_ERROR_LOCKED, _("Only a paused infusion can be resumed."));
  if (ok && lys_infusion_get_pending_alert (infusion) != NULL)
    ok = lys_refuse (error, LYS_ERROR_LOCKED,
                     _("A vital signs alert is not yet acknowledged. Acknowledge it before resuming."));
  if (ok)
    {
      now = lys_store_dup_now (self);
      update = prepare_update (self, infusion_id, "status = 'running'", error);
      ok = update != NULL && _lys_store_step_done (self, update, error) &&
           insert_event (self, infusion_id, LYS_INFUSION_EVENT_RESUME, now, NULL, error);
    }

  return end_change (self, infusion, ok, "infusion.resume", NULL, error);
}

/**
 * lys_store_end_infusion:
 * @at: when the drug was in, or %NULL for now
 * @time_reason: why @at is not the clock's
 * @stop_reason: why it was stopped early, or %NULL when it ran its course
 * @given_mg: the dose given, confirmed when stopped early; negative to work
 *   it out from the rate and the minutes it ran
 *
 * Ends the infusion; the observation runs from its end. An infusion that ends
 * well before its planned end is stopped early, with a reason.
 */
gboolean
lys_store_end_infusion (LysStore    *self,
                        gint64       infusion_id,
                        GDateTime   *at,
                        const char  *time_reason,
                        const char  *stop_reason,
                        double       given_mg,
                        GError     **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *stop = dup_reason (stop_reason);
  LysInfusion *infusion;
  gboolean edited = FALSE, ok;
  double total = 0;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  infusion = begin_change (self, infusion_id, DRUG_GIVER, error);
  if (infusion == NULL)
    return FALSE;

  ok = infusion->status == LYS_INFUSION_RUNNING || infusion->status == LYS_INFUSION_PAUSED ||
       lys_refuse (error, LYS_ERROR_LOCKED,
                   infusion->status == LYS_INFUSION_PREPARING ? _("The infusion has not started.")
                                                              : _("The infusion has already ended."));
  if (ok)
    {
      end = resolve_time (self, at, time_reason, &edited, error);
      ok = end != NULL;
    }
  if (ok && g_date_time_compare (end, infusion->started_at) <= 0)
    ok = lys_refuse (error, LYS_ERROR_INVALID, _("The end must lie after the start. Check the time."));
  if (ok && stop == NULL &&
      g_date_time_difference (infusion->ends_at, end) > CLOCK_SLACK_SECONDS * G_TIME_SPAN_SECOND)
    {
      g_autofree char *planned = format_clock (infusion->ends_at);

      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   /* Translators: %s is a time of day */
                   _("The infusion is planned to run until %s. If it ended early, stop it with a reason."),
                   planned);
      ok = FALSE;
    }
  /* What was given: all of it when it ran its course; when stopped, what
   * the nurse confirms, worked out from the rate and the minutes it ran
   * unless given */
  if (ok)
    {
      total = lys_infusion_get_total_mg (infusion);
      if (stop == NULL)
        given_mg = total;
      else if (given_mg < 0)
        given_mg = lys_infusion_compute_given_mg (infusion, end);
      else if (!isfinite (given_mg) || given_mg > total + 0.05)
        {
          g_autofree char *planned = lys_dose_format_total (total);

          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       /* Translators: %s is the planned dose, e.g. "40 mg" */
                       _("The dose given cannot be more than the %s planned. Check the dose given."), planned);
          ok = FALSE;
        }
    }
  if (ok)
    {
      update = prepare_update (self, infusion_id, "status = 'ended', ended_at = ?3, stop_reason = ?4, given_mg = ?5",
                               error);
      ok = update != NULL;
    }
  if (ok)
    {
      end_text = lys_time_format_local (end);
      lys_db_bind_text (update, 3, end_text);
      if (stop != NULL)
        lys_db_bind_text (update, 4, stop);
      lys_db_bind_double (update, 5, MIN (round (given_mg * 10) / 10, total));
      ok = _lys_store_step_done (self, update, error);
    }
  if (ok && stop != NULL)
    ok = insert_event (self, infusion_id, LYS_INFUSION_EVENT_STOP, end, stop, error);
  if (ok && edited)
    ok = insert_event (self, infusion_id, LYS_INFUSION_EVENT_TIME_EDIT, end, time_reason, error);

  return end_change (self, infusion, ok, stop != NULL ? "infusion.stop" : "infusion.end", NULL, error);
}

static gboolean
check_started (LysInfusion  *infusion,
               GError      **error)
{
  if (infusion->status != LYS_INFUSION_PREPARING)
    return TRUE;

  return lys_refuse (error, LYS_ERROR_LOCKED, _("This is recorded once the infusion has started."));
}

gboolean
_lys_store_write_adverse_event (LysStore             *self,
                                LysDbStmt           **kept,
                                const LysAdverseRow  *row,
                                GError              **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *insert;

  insert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO adverse_events (infusion_id, kind, description, severity, action, "
                                    "noted_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (insert == NULL)
    return FALSE;
  lys_db_bind_int64 (insert, 1, row->infusion_id);
  lys_db_bind_text (insert, 2, lys_adverse_kind_to_nick (row->kind));
  lys_db_bind_text (insert, 3, row->description);
  lys_db_bind_text (insert, 4, lys_severity_to_nick (row->severity));
  lys_db_bind_text (insert, 5, row->action ? row->action : "");
  lys_db_bind_text (insert, 6, row->noted_at);
  _lys_bind_id (insert, 7, row->recorded_by);
  return _lys_store_step_insert (self, insert, error) != 0;
}

/**
 * lys_store_add_adverse_event:
 * @description: what it was; needed for %LYS_ADVERSE_OTHER
 * @action: what was done about it
 */
gboolean
lys_store_add_adverse_event (LysStore        *self,
                             gint64           infusion_id,
                             LysAdverseKind   kind,
                             const char      *description,
                             LysSeverity      severity,
                             const char      *action,
                             GError         **error)
{
  g_autofree char *noted = NULL;
  g_autofree char *what = dup_reason (description);
  g_autofree char *done = dup_reason (action);
  LysInfusion *infusion;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind < LYS_N_ADVERSE_KINDS && severity < LYS_N_SEVERITIES, FALSE);

  if (kind == LYS_ADVERSE_OTHER && what == NULL)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Describe the adverse event."));

  infusion = begin_change (self, infusion_id, ANY_CLINICIAN, error);
  if (infusion == NULL)
    return FALSE;

  ok = check_started (infusion, error);
  if (ok)
    {
      LysAdverseRow row = { .infusion_id = infusion_id, .kind = kind, .description = what, .severity = severity,
                            .action = done, .recorded_by = lys_store_get_current_staff_id (self) };

      noted = _lys_store_dup_now_text (self);
      row.noted_at = noted;
      ok = _lys_store_write_adverse_event (self, NULL, &row, error);
    }

  return end_change (self, infusion, ok, "adverse-event.create", lys_adverse_kind_to_nick (kind), error);
}

/**
 * lys_store_save_cadss:
 * @answers: the 23 CADSS items, each 0 to 4
 *
 * Saves the dissociation rating of the infusion, or replaces it until the
 * discharge is signed.
 */
gboolean
lys_store_save_cadss (LysStore     *self,
                      gint64        infusion_id,
                      const guint  *answers,
                      GError      **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autofree char *json = NULL;
  g_autofree char *rated = NULL;
  LysInfusion *infusion;
  LysRatingRow row = { .infusion_id = infusion_id, .scale = LYS_SCALE_CADSS, .complete = TRUE };
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  if (!lys_scale_total (LYS_SCALE_CADSS, answers, LYS_CADSS_ITEMS, &row.total, error))
    return FALSE;

  infusion = begin_change (self, infusion_id, ANY_CLINICIAN, error);
  if (infusion == NULL)
    return FALSE;

  ok = check_started (infusion, error);
  if (ok)
    {
      json = lys_scale_answers_to_json (answers, LYS_CADSS_ITEMS);
      rated = _lys_store_dup_now_text (self);
      row.patient_id = infusion->patient_id;
      row.rated_at = rated;
      row.answers = json;
      row.rated_by = lys_store_get_current_staff_id (self);
    }
  if (ok && !infusion->has_cadss)
    ok = _lys_store_write_rating (self, NULL, &row, error) != 0;
  else if (ok)
    {
      update = _lys_store_prepare (self,
                                   "UPDATE ratings SET answers = ?2, total = ?3, rated_at = ?4, rated_by = ?5 "
                                   "WHERE infusion_id = ?1 AND scale = 'cadss'", error);
      ok = update != NULL;
      if (ok)
        {
          lys_db_bind_int64 (update, 1, infusion_id);
          lys_db_bind_text (update, 2, json);
          lys_db_bind_int (update, 3, (int) row.total);
          lys_db_bind_text (update, 4, rated);
          _lys_bind_id (update, 5, row.rated_by);
          ok = _lys_store_step_done (self, update, error);
        }
    }

  return end_change (self, infusion, ok, "rating.save", "cadss", error);
}

/**
 * lys_store_sign_discharge:
 *
 * The physician's or nurse's signature: from the earliest discharge on (the
 * end of the infusion and the observation after it), with every item of
 * the checklist done, a reading after the infusion and no alert left
 * unacknowledged. The record is read-only after.
 */
gboolean
lys_store_sign_discharge (LysStore  *self,
                          gint64     infusion_id,
                          GError   **error)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (self);
  LysInfusion *infusion;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  infusion = begin_change (self, infusion_id, DRUG_GIVER, error);
  if (infusion == NULL)
    return FALSE;

  ok = lys_infusion_check_discharge (infusion, now, error) &&
       _lys_store_check_rest_wasted (self, infusion_id, error);

  if (ok)
    {
      g_autofree char *discharged = lys_time_format_local (now);
      g_autofree char *updated = lys_time_now_utc ();

      ok = _lys_store_write_discharge (self, NULL, infusion_id, discharged, lys_store_get_current_staff_id (self),
                                       updated, error);
    }

  return end_change (self, infusion, ok, "infusion.discharge", NULL, error);
}

/**
 * lys_store_add_infusion_addendum:
 *
 * A correction or addition to a signed record, kept under it; the record
 * itself stays as it was signed.
 */
gboolean
lys_store_add_infusion_addendum (LysStore    *self,
                                 gint64       infusion_id,
                                 const char  *body,
                                 GError     **error)
{
  g_autoptr(LysDbStmt) insert = NULL;
  g_autofree char *text = dup_reason (body);
  g_autofree char *created = NULL;
  g_autoptr(LysInfusion) infusion = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (text == NULL)
    return lys_refuse (error, LYS_ERROR_INVALID, _("Write the addendum: what is corrected or added, and why."));
  if (!check_role (self, ANY_CLINICIAN, error) || !_lys_store_begin (self, error))
    return FALSE;

  infusion = load_infusion (self, infusion_id, error);
  ok = infusion != NULL;
  if (ok && !lys_infusion_is_read_only (infusion))
    ok = lys_refuse (error, LYS_ERROR_INVALID,
                     _("The record is still open: change it directly. Addenda are for a signed discharge."));
  if (ok)
    {
      insert = _lys_store_prepare (self,
                                   "INSERT INTO infusion_addenda (infusion_id, author_id, body, created_at) "
                                   "VALUES (?1, ?2, ?3, ?4)", error);
      ok = insert != NULL;
    }
  if (ok)
    {
      created = _lys_store_dup_now_text (self);
      lys_db_bind_int64 (insert, 1, infusion_id);
      lys_db_bind_int64 (insert, 2, lys_store_get_current_staff_id (self));
      lys_db_bind_text (insert, 3, text);
      lys_db_bind_text (insert, 4, created);
      ok = _lys_store_step_done (self, insert, error) &&
           _lys_store_audit (self, "infusion.addendum", infusion->patient_id, "infusion", infusion_id, NULL, error);
    }
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  _lys_store_infusion_changed (self, infusion_id);
  return TRUE;
}

/**
 * lys_store_list_stopped_infusions:
 *
 * Returns: (transfer full) (element-type LysStoppedInfusion): the infusions
 *   of the patient's latest course that were stopped early
 */
GArray *
lys_store_list_stopped_infusions (LysStore  *self,
                                  gint64     patient_id,
                                  GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GArray) stopped = g_array_new (FALSE, TRUE, sizeof (LysStoppedInfusion));
  int rc;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self,
                             "SELECT i.appointment_id, coalesce (i.given_mg, i.total_mg), i.total_mg, "
                             "       NOT " LYS_STOPPED_SHORT_SQL ("i") " "
                             "FROM infusions i JOIN appointments a ON a.id = i.appointment_id "
                             "WHERE i.stop_reason IS NOT NULL AND a.course_id = "
                             "  (SELECT c.id FROM courses c WHERE c.patient_id = ?1 "
                             "   ORDER BY c.started_on DESC, c.id DESC LIMIT 1)", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, patient_id);
  _lys_store_bind_count_share (self, stmt);
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      LysStoppedInfusion one = {
        .appointment_id = lys_db_column_int64 (stmt, 0),
        .given_mg = lys_db_column_double (stmt, 1),
        .total_mg = lys_db_column_double (stmt, 2),
        .counts = lys_db_column_int (stmt, 3) != 0,
      };

      g_array_append_val (stopped, one);
    }
  if (rc != LYS_DB_DONE)
    {
      _lys_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&stopped);
}
