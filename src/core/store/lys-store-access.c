/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-store-private.h"
#include "lys-text.h"
#include "lys-time.h"

/* Need-to-know access. A coordinator sees administrative data, bookings
 * and course phases, never clinical parts. Once the clinic has a clinic
 * lead, a psychologist sees the clinical record of the patients assigned
 * to them or whose sessions they hold, and a physician or nurse that of
 * patients in treatment (a course under way, or ended within a year).
 * Outside that, a clinician opens a record in an emergency, with a reason,
 * for four hours; it is logged and listed for the lead's review. Until a
 * lead is named, every clinician reads every clinical record. */

#define EMERGENCY_HOURS 4
#define TREATMENT_FOLLOW_UP_DAYS 400
/* A session booked gives its clinicians the patient's record from this
 * many days before it; held, for TREATMENT_FOLLOW_UP_DAYS after. Booked
 * and cancelled, or missed, it gives nothing. */
#define SESSION_AHEAD_DAYS 30

void
lys_emergency_access_free (LysEmergencyAccess *access)
{
  if (access == NULL)
    return;
  g_free (access->patient_name);
  g_free (access->staff_name);
  g_free (access->reason);
  g_clear_pointer (&access->opened_at, g_date_time_unref);
  g_clear_pointer (&access->reviewed_at, g_date_time_unref);
  g_free (access);
}

const char *
lys_record_part_get_label (LysRecordPart part)
{
  switch (part)
    {
    case LYS_PART_ADMIN:
      return _("administrative details");
    case LYS_PART_NOTES:
      return _("therapy notes");
    case LYS_PART_RATINGS:
      return _("ratings");
    case LYS_PART_ELIGIBILITY:
      return _("the eligibility assessment");
    case LYS_PART_PREPARATION:
      return _("preparation sessions");
    case LYS_PART_INFUSION:
      return _("infusion records");
    case LYS_N_PARTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static gint64
query_id (LysStore   *self,
          const char *sql,
          gint64      a,
          gint64      b,
          const char *text)
{
  g_autoptr(LysDbStmt) stmt = _lys_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return 0;
  lys_db_bind_int64 (stmt, 1, a);
  lys_db_bind_int64 (stmt, 2, b);
  if (text != NULL)
    lys_db_bind_text (stmt, 3, text);
  return lys_db_step (stmt) == LYS_DB_ROW ? lys_db_column_int64 (stmt, 0) : 0;
}

/**
 * _lys_store_bind_access:
 *
 * Binds the parameters of %LYS_ACCESSIBLE_PATIENTS_SQL in @stmt for the
 * acting staff member, now.
 */
void
_lys_store_bind_access (LysStore     *self,
                        LysDbStmt    *stmt)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (self);

  _lys_access_bind (stmt, lys_store_get_current_staff_id (self),
                    lys_store_get_current_role (self) != LYS_ROLE_PSYCHOLOGIST, now);
}

/* The same for a connection of its own, such as the notes' search */
void
_lys_access_bind (LysDbStmt    *stmt,
                  gint64        staff_id,
                  gboolean      treatment,
                  GDateTime    *now)
{
  g_autoptr(GDateTime) since = g_date_time_add_days (now, -TREATMENT_FOLLOW_UP_DAYS);
  g_autoptr(GDateTime) ahead = g_date_time_add_days (now, SESSION_AHEAD_DAYS);
  g_autofree char *now_text = lys_time_format_local (now);
  g_autofree char *since_day = g_date_time_format (since, "%Y-%m-%d");
  g_autofree char *ahead_text = lys_time_format_local (ahead);

  lys_db_bind_int64 (stmt, lys_db_param_index (stmt, ":staff"), staff_id);
  lys_db_bind_text (stmt, lys_db_param_index (stmt, ":now"), now_text);
  lys_db_bind_int (stmt, lys_db_param_index (stmt, ":treatment"), treatment);
  lys_db_bind_text (stmt, lys_db_param_index (stmt, ":since"), since_day);
  lys_db_bind_text (stmt, lys_db_param_index (stmt, ":ahead"), ahead_text);
}

static gboolean
may_see (LysStore *self,
         gint64    patient_id)
{
  g_autoptr(LysDbStmt) stmt = _lys_store_prepare (self, "SELECT :patient IN (" LYS_ACCESSIBLE_PATIENTS_SQL ")", NULL);

  if (stmt == NULL)
    return FALSE;
  _lys_store_bind_access (self, stmt);
  lys_db_bind_int64 (stmt, lys_db_param_index (stmt, ":patient"), patient_id);
  return lys_db_step (stmt) == LYS_DB_ROW && lys_db_column_int (stmt, 0) != 0;
}

/**
 * lys_store_check_access:
 * @part: the part of the record
 *
 * Whether the acting staff member may see and change @part of the
 * patient's record; refused with the reason and what to do.
 */
gboolean
lys_store_check_access (LysStore       *self,
                        gint64          patient_id,
                        LysRecordPart   part,
                        GError        **error)
{
  LysRole role;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (part < LYS_N_PARTS, FALSE);

  if (part == LYS_PART_ADMIN)
    return TRUE;

  role = lys_store_get_current_role (self);
  if (role == LYS_ROLE_COORDINATOR)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_PERMISSION,
                   /* Translators: %s is a part of the record, e.g. "therapy notes" */
                   _("Coordinators see a patient’s administrative details, bookings and course phase, not %s: "
                     "those are for the clinicians treating the patient."), lys_record_part_get_label (part));
      return FALSE;
    }

  if (!lys_store_has_lead (self) || may_see (self, patient_id))
    return TRUE;

  if (role == LYS_ROLE_PSYCHOLOGIST)
    g_set_error (error, LYS_ERROR, LYS_ERROR_PERMISSION,
                 _("You are not assigned to this patient, so %s are not shown. Ask the coordinator to assign you, "
                   "or open the record in an emergency, with the reason."), lys_record_part_get_label (part));
  else
    g_set_error (error, LYS_ERROR, LYS_ERROR_PERMISSION,
                 _("The patient is not in treatment and not assigned to you, so %s are not shown. "
                   "Ask to be assigned, or open the record in an emergency, with the reason."),
                 lys_record_part_get_label (part));
  return FALSE;
}

/**
 * lys_store_open_emergency_access:
 * @reason: why, in at least ten characters
 *
 * Opens the patient's clinical record to the acting clinician for four
 * hours, outside their assignment. Logged as such and listed for review.
 *
 * Returns: the access's id, or 0 with @error set
 */
gint64
lys_store_open_emergency_access (LysStore    *self,
                                 gint64       patient_id,
                                 const char  *reason,
                                 GError     **error)
{
  g_autoptr(LysDbStmt) insert = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *opened_at = NULL;
  g_autofree char *expires_at = NULL;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), 0);

  if (lys_store_get_current_role (self) == LYS_ROLE_COORDINATOR)
    {
      lys_refuse (error, LYS_ERROR_PERMISSION,
                  _("Emergency access is for clinicians: a coordinator’s work needs no clinical record."));
      return 0;
    }
  trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  if (g_utf8_strlen (trimmed, -1) < 10)
    {
      lys_refuse (error, LYS_ERROR_INVALID,
                  _("Say why the record is needed now, in a sentence: the clinic lead reviews every emergency access."));
      return 0;
    }

  now = lys_store_dup_now (self);
  expires = g_date_time_add_hours (now, EMERGENCY_HOURS);
  opened_at = lys_time_format_local (now);
  expires_at = lys_time_format_local (expires);

  if (!_lys_store_begin (self, error))
    return 0;
  insert = _lys_store_prepare (self,
                               "INSERT INTO emergency_access (patient_id, staff_id, reason, opened_at, expires_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  ok = insert != NULL;
  if (ok)
    {
      lys_db_bind_int64 (insert, 1, patient_id);
      lys_db_bind_int64 (insert, 2, lys_store_get_current_staff_id (self));
      lys_db_bind_text (insert, 3, trimmed);
      lys_db_bind_text (insert, 4, opened_at);
      lys_db_bind_text (insert, 5, expires_at);
      ok = _lys_store_step_done (self, insert, error);
      id = lys_db_last_insert_id (_lys_store_get_db (self));
    }
  /* The reason stays in its table: the log names the access, not the words */
  ok = ok && _lys_store_audit (self, "patient.emergency-access", patient_id, "emergency-access", id,
                               "for four hours", error);
  if (!_lys_store_finish (self, ok, error))
    return 0;

  _lys_store_patient_changed (self, patient_id, -1);
  return id;
}

static gpointer
read_emergency (LysDbStmt *stmt)
{
  LysEmergencyAccess *access = g_new0 (LysEmergencyAccess, 1);

  access->id = lys_db_column_int64 (stmt, 0);
  access->patient_id = lys_db_column_int64 (stmt, 1);
  access->patient_name = _lys_column_dup (stmt, 2);
  access->staff_name = _lys_column_dup (stmt, 3);
  access->reason = _lys_column_dup (stmt, 4);
  access->opened_at = _lys_column_time (stmt, 5);
  access->reviewed_at = _lys_column_time (stmt, 6);
  return access;
}

/**
 * lys_store_list_emergency_access:
 * @unreviewed: only those not reviewed yet
 *
 * For the clinic lead: every emergency access, newest first.
 *
 * Returns: (transfer full) (element-type LysEmergencyAccess): the accesses
 */
GPtrArray *
lys_store_list_emergency_access (LysStore  *self,
                                 gboolean   unreviewed,
                                 GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  if (!_lys_store_check_lead (self, _("review emergency access"), error))
    return NULL;
  stmt = _lys_store_prepare (self,
                             "SELECT e.id, e.patient_id, p.given_name || ' ' || p.family_name, s.name, e.reason, "
                             "e.opened_at, e.reviewed_at FROM emergency_access e JOIN patients p ON p.id = e.patient_id "
                             "JOIN staff s ON s.id = e.staff_id WHERE ?1 = 0 OR e.reviewed_at IS NULL "
                             "ORDER BY e.opened_at DESC, e.id DESC", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int (stmt, 1, unreviewed);
  return _lys_store_collect (self, stmt, read_emergency, (GDestroyNotify) lys_emergency_access_free, error);
}

/**
 * lys_store_review_emergency_access:
 *
 * The lead marks an emergency access as reviewed, once; logged.
 */
gboolean
lys_store_review_emergency_access (LysStore  *self,
                                   gint64     access_id,
                                   GError   **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autofree char *now = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (!lys_store_is_lead (self))
    return lys_refuse (error, LYS_ERROR_PERMISSION, _("Only the clinic lead reviews emergency access."));

  now = _lys_store_dup_now_text (self);
  if (!_lys_store_begin (self, error))
    return FALSE;
  update = _lys_store_prepare (self, "UPDATE emergency_access SET reviewed_at = ?1, reviewed_by = ?2 "
                                     "WHERE id = ?3 AND reviewed_at IS NULL", error);
  ok = update != NULL;
  if (ok)
    {
      lys_db_bind_text (update, 1, now);
      lys_db_bind_int64 (update, 2, lys_store_get_current_staff_id (self));
      lys_db_bind_int64 (update, 3, access_id);
      ok = _lys_store_step_done (self, update, error);
    }
  if (ok && lys_db_changes (_lys_store_get_db (self)) == 0)
    ok = lys_refuse (error, LYS_ERROR_NOT_FOUND, _("That emergency access is reviewed already."));
  ok = ok && _lys_store_audit (self, "emergency-access.review", 0, "emergency-access", access_id, NULL, error);
  return _lys_store_finish (self, ok, error);
}

/**
 * lys_store_assign:
 * @staff_id: a clinician
 *
 * Assigns a clinician to the patient, by a coordinator, physician or the
 * lead; logged in the patient's record.
 */
gboolean
lys_store_assign (LysStore  *self,
                  gint64     patient_id,
                  gint64     staff_id,
                  GError   **error)
{
  g_autoptr(LysDbStmt) insert = NULL;
  g_autofree char *now = NULL;
  LysRole role = lys_store_get_current_role (self);
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (role != LYS_ROLE_COORDINATOR && role != LYS_ROLE_PHYSICIAN && !lys_store_is_lead (self))
    return lys_refuse (error, LYS_ERROR_PERMISSION,
                       _("Coordinators, physicians and the clinic lead assign clinicians to patients."));

  now = _lys_store_dup_now_text (self);
  if (!_lys_store_begin (self, error))
    return FALSE;
  insert = _lys_store_prepare (self, "INSERT INTO assignments (patient_id, staff_id, assigned_at, assigned_by) "
                                     "SELECT ?1, id, ?3, ?4 FROM staff WHERE id = ?2 AND role <> 'coordinator' "
                                     "ON CONFLICT DO NOTHING", error);
  ok = insert != NULL;
  if (ok)
    {
      lys_db_bind_int64 (insert, 1, patient_id);
      lys_db_bind_int64 (insert, 2, staff_id);
      lys_db_bind_text (insert, 3, now);
      lys_db_bind_int64 (insert, 4, lys_store_get_current_staff_id (self));
      ok = _lys_store_step_done (self, insert, error);
    }
  if (ok && lys_db_changes (_lys_store_get_db (self)) == 0 &&
      query_id (self, "SELECT EXISTS (SELECT 1 FROM assignments WHERE patient_id = ?1 AND staff_id = ?2)",
                patient_id, staff_id, NULL) == 0)
    ok = lys_refuse (error, LYS_ERROR_INVALID, _("Only clinicians are assigned to patients."));
  ok = ok && _lys_store_audit (self, "patient.assign", patient_id, "staff", staff_id, NULL, error);
  return _lys_store_finish (self, ok, error);
}

/**
 * lys_store_set_lead:
 *
 * Names a clinic lead, or takes it back. The first lead is named by anyone;
 * after that only a lead names another. Logged.
 */
gboolean
lys_store_set_lead (LysStore  *self,
                    gint64     staff_id,
                    gboolean   lead,
                    GError   **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (!_lys_store_check_lead (self, _("name a clinic lead"), error))
    return FALSE;
  if (!_lys_store_begin (self, error))
    return FALSE;
  update = _lys_store_prepare (self, "UPDATE staff SET lead = ?1 WHERE id = ?2", error);
  ok = update != NULL;
  if (ok)
    {
      lys_db_bind_int (update, 1, lead != 0);
      lys_db_bind_int64 (update, 2, staff_id);
      ok = _lys_store_step_done (self, update, error);
    }
  if (ok && lys_db_changes (_lys_store_get_db (self)) == 0)
    ok = lys_refuse (error, LYS_ERROR_NOT_FOUND, _("There is no such staff member."));
  ok = ok && _lys_store_audit (self, lead ? "staff.lead" : "staff.lead-removed", 0, "staff", staff_id, NULL, error);
  return _lys_store_finish (self, ok, error);
}

/**
 * lys_store_set_staff_role:
 *
 * The lead sets a staff member's role (anyone's until a lead is named).
 * Logged with the old and the new role.
 */
gboolean
lys_store_set_staff_role (LysStore  *self,
                          gint64     staff_id,
                          LysRole    role,
                          GError   **error)
{
  g_autoptr(LysDbStmt) select = NULL;
  g_autoptr(LysDbStmt) update = NULL;
  g_autofree char *old = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (role < LYS_N_ROLES, FALSE);

  if (staff_id == lys_store_get_current_staff_id (self))
    return lys_store_update_current_profile (self, lys_store_get_current_staff_name (self), role, error);
  if (!_lys_store_check_lead (self, _("change a staff member’s role"), error) || !_lys_store_begin (self, error))
    return FALSE;

  select = _lys_store_prepare (self, "SELECT role FROM staff WHERE id = ?1", error);
  ok = select != NULL;
  if (ok)
    {
      lys_db_bind_int64 (select, 1, staff_id);
      ok = lys_db_step (select) == LYS_DB_ROW ||
           lys_refuse (error, LYS_ERROR_NOT_FOUND, _("There is no such staff member."));
      old = ok ? _lys_column_dup (select, 0) : NULL;
    }
  if (ok && g_strcmp0 (old, lys_role_to_nick (role)) == 0)
    return _lys_store_finish (self, TRUE, error);
  update = ok ? _lys_store_prepare (self, "UPDATE staff SET role = ?1 WHERE id = ?2", error) : NULL;
  ok = update != NULL;
  if (ok)
    {
      lys_db_bind_text (update, 1, lys_role_to_nick (role));
      lys_db_bind_int64 (update, 2, staff_id);
      ok = _lys_store_step_done (self, update, error);
    }
  detail = g_strdup_printf ("role: %s → %s", old ? old : "?", lys_role_to_nick (role));
  ok = ok && _lys_store_audit (self, "staff.update", 0, "staff", staff_id, detail, error);
  return _lys_store_finish (self, ok, error);
}

static int
compare_expiry (gconstpointer a,
                gconstpointer b)
{
  return strcmp ((*(LysStaffMember * const *) a)->kap_expires_on, (*(LysStaffMember * const *) b)->kap_expires_on);
}

/**
 * lys_store_set_kap_certification:
 * @body: (nullable): who certified the psychologist, or %NULL to record
 *   that they hold no certification
 * @certified_on: (nullable): the day of the certification
 * @expires_on: (nullable): the last day it holds
 *
 * The clinic lead's task once the clinic has one. A certification needs
 * who gave it, when, and until when; a day after its last, the
 * psychologist is no longer offered or accepted in an infusion room.
 */
gboolean
lys_store_set_kap_certification (LysStore     *self,
                                 gint64        staff_id,
                                 const char   *body,
                                 const GDate  *certified_on,
                                 const GDate  *expires_on,
                                 GError      **error)
{
  g_autoptr(LysDbStmt) select = NULL;
  g_autoptr(LysDbStmt) update = NULL;
  g_autoptr(GDateTime) now = lys_store_dup_now (self);
  g_autofree char *clean = NULL;
  char from[11] = "", until[11] = "";
  GDate today;
  gboolean certified = !lys_text_is_blank (body);
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (certified)
    {
      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      if (certified_on == NULL || expires_on == NULL)
        return lys_refuse (error, LYS_ERROR_INVALID,
                           _("Give the day of the certification and the last day it holds."));
      if (g_date_compare (certified_on, &today) > 0)
        return lys_refuse (error, LYS_ERROR_INVALID,
                           _("The certification is dated after today. Check the date."));
      if (g_date_compare (expires_on, certified_on) <= 0)
        return lys_refuse (error, LYS_ERROR_INVALID,
                           _("The certification ends before it starts. Check the dates."));
      clean = g_strstrip (g_strdup (body));
      g_date_strftime (from, sizeof from, "%Y-%m-%d", certified_on);
      g_date_strftime (until, sizeof until, "%Y-%m-%d", expires_on);
    }
  if (!_lys_store_check_lead (self, _("record a KAP certification"), error) || !_lys_store_begin (self, error))
    return FALSE;

  select = _lys_store_prepare (self, "SELECT role FROM staff WHERE id = ?1 AND active = 1", error);
  ok = select != NULL;
  if (ok)
    {
      lys_db_bind_int64 (select, 1, staff_id);
      ok = lys_db_step (select) == LYS_DB_ROW ||
           lys_refuse (error, LYS_ERROR_NOT_FOUND, _("There is no such staff member."));
    }
  if (ok && certified && g_strcmp0 (lys_db_column_text (select, 0), "psychologist") != 0)
    ok = lys_refuse (error, LYS_ERROR_INVALID, _("Only a psychologist holds a KAP certification."));
  update = ok ? _lys_store_prepare (self, "UPDATE staff SET kap_certified = ?2, kap_body = ?3, kap_certified_on = ?4, "
                                          "kap_expires_on = ?5 WHERE id = ?1", error) : NULL;
  ok = update != NULL;
  if (ok)
    {
      lys_db_bind_int64 (update, 1, staff_id);
      lys_db_bind_int (update, 2, certified);
      if (certified)
        {
          lys_db_bind_text (update, 3, clean);
          lys_db_bind_text (update, 4, from);
          lys_db_bind_text (update, 5, until);
        }
      ok = _lys_store_step_done (self, update, error);
    }
  ok = ok && _lys_store_audit (self, "staff.update", 0, "staff", staff_id,
                               certified ? "kap-certification" : "kap-certification removed", error);
  return _lys_store_finish (self, ok, error);
}

/**
 * lys_store_list_kap_renewals:
 * @days: how far ahead to look
 *
 * Returns: (transfer full) (element-type LysStaffMember): the active
 *   psychologists whose certification ends within @days or has ended,
 *   soonest first
 */
GPtrArray *
lys_store_list_kap_renewals (LysStore  *self,
                             guint      days,
                             GError   **error)
{
  GPtrArray *staff;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) horizon = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  staff = lys_store_list_staff (self, LYS_ROLE_PSYCHOLOGIST, error);
  if (staff == NULL)
    return NULL;
  now = lys_store_dup_now (self);
  horizon = g_date_time_add_days (now, (int) days);
  last = g_date_time_format (horizon, "%Y-%m-%d");
  for (guint i = staff->len; i-- > 0;)
    {
      LysStaffMember *member = staff->pdata[i];

      if (member->kap_expires_on == NULL || strcmp (member->kap_expires_on, last) > 0)
        g_ptr_array_remove_index (staff, i);
    }
  g_ptr_array_sort (staff, compare_expiry);
  return staff;
}

/**
 * lys_store_dup_assigned_names:
 *
 * Returns: (transfer full): the clinicians assigned to the patient, by
 *   name, joined with commas; "" for none
 */
char *
lys_store_dup_assigned_names (LysStore  *self,
                              gint64     patient_id,
                              GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self, "SELECT coalesce (group_concat (name, ', '), '') FROM "
                                   "(SELECT s.name FROM assignments a JOIN staff s ON s.id = a.staff_id "
                                   "WHERE a.patient_id = ?1 ORDER BY s.name) AS assigned", error);
  if (stmt == NULL)
    return NULL;
  lys_db_bind_int64 (stmt, 1, patient_id);
  if (lys_db_step (stmt) != LYS_DB_ROW)
    {
      _lys_store_fail (self, error);
      return NULL;
    }
  return _lys_column_dup (stmt, 0);
}
