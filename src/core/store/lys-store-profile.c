/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-store"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-staff.h"
#include "lys-db-postgresql.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-text.h"
#include "lys-time.h"

/* Who works at this computer (the profile of the operating-system
 * account: name, role), and the clinic's settings, loaded when the store
 * opens and changed only by those who may. */

gboolean
_lys_store_load_settings (LysStore  *self,
                          GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  double values[LYS_N_SETTINGS];
  g_autoptr(GError) invalid = NULL;
  int rc;

  lys_settings_init_defaults (values);

  stmt = _lys_store_prepare (self, "SELECT key, value FROM settings", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      LysSetting setting;

      if (lys_setting_from_key (lys_db_column_text (stmt, 0), &setting))
        values[setting] = g_ascii_strtod (lys_db_column_text (stmt, 1), NULL);
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);

  /* Only Lysning writes the table, always validated; a set that does not
   * validate was edited by hand, and the defaults are the safe limits. */
  if (!lys_settings_validate (values, &invalid))
    {
      g_warning ("Clinic settings in the database are inconsistent (%s); using the defaults",
                 invalid->message);
      lys_settings_init_defaults (values);
    }

  memcpy (self->settings, values, sizeof values);
  return TRUE;
}

/* The profile brought in line with the group the server's administrator
 * put the login in */
static gboolean
follow_server_role (LysStore  *self,
                    LysRole    role,
                    gboolean   lead,
                    GError   **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autofree char *detail = NULL;

  if (!_lys_store_begin (self, error))
    return FALSE;
  /* The server's own function: a login does not set its own role */
  update = _lys_store_prepare (self, "SELECT lysning_follow_groups ()", error);
  if (update == NULL)
    return _lys_store_finish (self, FALSE, error);
  if (lys_db_step (update) != LYS_DB_ROW)
    return _lys_store_finish (self, _lys_store_fail (self, error), error);
  g_clear_pointer (&update, lys_db_stmt_free);
  self->staff_role = role;
  detail = g_strdup_printf ("role %s%s, as the server's groups say", lys_role_to_nick (role), lead ? ", lead" : "");
  return _lys_store_finish (self, _lys_store_audit (self, "staff.update", 0, "staff", self->staff_id, detail, error),
                            error);
}

gboolean
_lys_store_load_current_staff (LysStore  *self,
                               GError   **error)
{
  g_autoptr(LysDbStmt) select = NULL;
  g_autofree char *now = NULL;
  g_autofree char *login = NULL;
  const char *username = g_get_user_name ();
  const char *real_name = g_get_real_name ();
  LysRole role = LYS_N_ROLES;
  gboolean lead = FALSE;
  gint64 id;
  int rc;

  /* On a server, the profile is the login's, whichever account runs the
   * window: each staff member signs in as themselves */
  if (lys_db_is_postgresql (self->db))
    {
      g_autoptr(LysDbStmt) who = _lys_store_prepare (self, "SELECT current_user", error);

      if (who == NULL || lys_db_step (who) != LYS_DB_ROW)
        return who == NULL ? FALSE : _lys_store_fail (self, error);
      login = _lys_column_dup (who, 0);
      if (!g_str_equal (login, username))
        real_name = login;
      username = login;
      /* On a server set up for a team, the role is the group the
       * administrator put the login in */
      if (!_lys_server_login_role (self->db, &role, &lead, error))
        return FALSE;
      self->roles_on_server = role != LYS_N_ROLES;
    }

  select = _lys_store_prepare (self, "SELECT id, name, role, lead FROM staff WHERE username = ?1", error);
  if (select == NULL)
    return FALSE;
  lys_db_bind_text (select, 1, username);

  rc = lys_db_step (select);
  if (rc == LYS_DB_ROW)
    {
      self->staff_id = lys_db_column_int64 (select, 0);
      self->staff_name = _lys_column_dup (select, 1);
      if (!lys_role_from_nick (lys_db_column_text (select, 2), &self->staff_role))
        self->staff_role = LYS_ROLE_COORDINATOR;
      if (role == LYS_N_ROLES || (role == self->staff_role && lead == (lys_db_column_int64 (select, 3) != 0)))
        return TRUE;
      g_clear_pointer (&select, lys_db_stmt_free);
      return follow_server_role (self, role, lead, error);
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (self, error);

  /* First run for this account: a profile with the least clinical role; a
   * clinic assigns the real role afterwards. */
  if (real_name == NULL || g_str_equal (real_name, "Unknown") || real_name[0] == '\0')
    real_name = username;

  if (!_lys_store_begin (self, error))
    return FALSE;

  if (role == LYS_N_ROLES)
    role = LYS_ROLE_COORDINATOR;
  now = lys_time_now_utc ();
  id = _lys_store_write_staff (self, NULL,
                               &(LysStaffRow) { .username = username, .name = real_name, .role = role,
                                                .lead = lead, .created_at = now },
                               error);
  if (id == 0)
    return _lys_store_finish (self, FALSE, error);

  self->staff_id = id;
  self->staff_name = g_strdup (real_name);
  self->staff_role = role;

  return _lys_store_finish (self,
                            _lys_store_audit (self, "staff.create", 0, "staff", self->staff_id,
                                              "profile for the operating-system account", error),
                            error);
}

/* A member of staff. Returns their id. */
gint64
_lys_store_write_staff (LysStore           *self,
                        LysDbStmt         **kept,
                        const LysStaffRow  *row,
                        GError            **error)
{
  g_autoptr(LysDbStmt) local = NULL;
  LysDbStmt *insert;

  insert = _lys_store_prepare_kept (self, kept, &local,
                                    "INSERT INTO staff (username, name, role, hpr_number, kap_certified, lead, "
                                    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (insert == NULL)
    return 0;
  lys_db_bind_text (insert, 1, row->username);
  lys_db_bind_text (insert, 2, row->name);
  lys_db_bind_text (insert, 3, lys_role_to_nick (row->role));
  lys_db_bind_text (insert, 4, row->hpr_number);
  lys_db_bind_int (insert, 5, row->kap_certified);
  lys_db_bind_int (insert, 6, row->lead);
  lys_db_bind_text (insert, 7, row->created_at);
  return _lys_store_step_insert (self, insert, error);
}

/* Staff */

void
lys_staff_member_free (LysStaffMember *member)
{
  if (member == NULL)
    return;
  g_free (member->name);
  g_free (member->kap_body);
  g_free (member->kap_certified_on);
  g_free (member->kap_expires_on);
  g_free (member);
}

static gpointer
read_staff_member (LysDbStmt *stmt)
{
  LysStaffMember *member = g_new0 (LysStaffMember, 1);

  member->id = lys_db_column_int64 (stmt, 0);
  member->name = _lys_column_dup (stmt, 1);
  member->kap_certified = lys_db_column_int (stmt, 2) != 0;
  lys_role_from_nick (lys_db_column_text (stmt, 3), &member->role);
  member->lead = lys_db_column_int (stmt, 4) != 0;
  member->kap_body = _lys_column_dup (stmt, 5);
  member->kap_certified_on = _lys_column_dup (stmt, 6);
  member->kap_expires_on = _lys_column_dup (stmt, 7);
  member->witness = lys_db_column_int (stmt, 8) != 0;
  return member;
}

/**
 * lys_store_list_staff:
 * @role: the role wanted, or %LYS_N_ROLES for everyone
 *
 * Returns: (transfer full) (element-type LysStaffMember): the active staff
 *   with @role, by name
 */
GPtrArray *
lys_store_list_staff (LysStore  *self,
                      LysRole    role,
                      GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self,
                             "SELECT id, name, " LYS_SQL_KAP_CERTIFIED_ON ("staff", "?2") ", role, lead, "
                             "       kap_body, kap_certified_on, kap_expires_on, witness_code IS NOT NULL FROM staff "
                             "WHERE (CAST (?1 AS TEXT) IS NULL OR role = ?1) AND active = 1 ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  if (role < LYS_N_ROLES)
    lys_db_bind_text (stmt, 1, lys_role_to_nick (role));
  _lys_store_bind_today (self, stmt, 2);

  return _lys_store_collect (self, stmt, read_staff_member, (GDestroyNotify) lys_staff_member_free, error);
}

/* Whether @sql, with @id as ?1, gives a row whose first column is true */
static gboolean
query_flag (LysStore   *self,
            const char *sql,
            gint64      id)
{
  g_autoptr(LysDbStmt) stmt = _lys_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  if (lys_db_param_count (stmt) > 0)
    lys_db_bind_int64 (stmt, 1, id);
  return lys_db_step (stmt) == LYS_DB_ROW && lys_db_column_int64 (stmt, 0) != 0;
}

/**
 * lys_store_has_lead:
 *
 * Returns: whether the clinic has named a clinic lead, which turns on
 *   need-to-know access
 */
gboolean
lys_store_has_lead (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  return query_flag (self, "SELECT EXISTS (SELECT 1 FROM staff WHERE lead = 1 AND active = 1)", 0);
}

/* Whether the acting staff member is a clinic lead */
gboolean
lys_store_is_lead (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  return query_flag (self, "SELECT lead FROM staff WHERE id = ?1", lys_store_get_current_staff_id (self));
}

/**
 * _lys_store_check_lead:
 * @what: what the lead does, for the message, e.g. "change the settings"
 *
 * The lead's own tasks; anyone's until the clinic names a lead.
 */
gboolean
_lys_store_check_lead (LysStore    *self,
                       const char  *what,
                       GError     **error)
{
  if (!lys_store_has_lead (self) || lys_store_is_lead (self))
    return TRUE;

  g_set_error (error, LYS_ERROR, LYS_ERROR_PERMISSION,
               /* Translators: %s is a task, e.g. "make the clinic report" */
               _("Only the clinic lead may %s. Ask the clinic lead, who can also make you one."), what);
  return FALSE;
}

/* Settings are stored with the C locale's decimal point, whatever the UI's. */
static char *
format_setting (LysSetting setting,
                double     value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%uf", lys_setting_get_spec (setting)->digits);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

const double *
_lys_store_get_settings (LysStore *self)
{
  return self->settings;
}

gint64
lys_store_get_current_staff_id (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  return self->staff_id;
}

const char *
lys_store_get_current_staff_name (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), NULL);
  return self->staff_name;
}

LysRole
lys_store_get_current_role (LysStore *self)
{
  g_return_val_if_fail (LYS_IS_STORE (self), LYS_ROLE_COORDINATOR);
  return self->staff_role;
}

/**
 * lys_store_update_current_profile:
 * @name: the name shown on signatures
 * @role: the clinical role
 *
 * Changes the acting staff member's profile; the audit row names the old and
 * the new role.
 */
gboolean
lys_store_update_current_profile (LysStore    *self,
                                  const char  *name,
                                  LysRole      role,
                                  GError     **error)
{
  g_autoptr(LysDbStmt) update = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (role < LYS_N_ROLES, FALSE);

  if (lys_text_is_blank (name))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Enter your name as it should appear on signatures."));
      return FALSE;
    }
  trimmed = g_strstrip (g_strdup (name));
  if (g_str_equal (trimmed, self->staff_name) && role == self->staff_role)
    return TRUE;
  /* One's own role is what need-to-know access follows: the lead sets it */
  if (role != self->staff_role && !_lys_store_check_lead (self, _("change a staff member’s role"), error))
    return FALSE;

  /* What changed, old and new: signatures keep the name of their time */
  {
    GString *changes = g_string_new (NULL);

    if (!g_str_equal (trimmed, self->staff_name))
      g_string_append_printf (changes, "name: %s → %s", self->staff_name, trimmed);
    if (role != self->staff_role)
      g_string_append_printf (changes, "%srole: %s → %s", changes->len > 0 ? "; " : "",
                              lys_role_to_nick (self->staff_role), lys_role_to_nick (role));
    detail = g_string_free (changes, FALSE);
  }

  if (!_lys_store_begin (self, error))
    return FALSE;
  /* The role written only when it changes: on a server a staff login may
   * change its own name, and the role is the administrator's */
  update = _lys_store_prepare (self, role != self->staff_role
                                       ? "UPDATE staff SET name = ?1, role = ?2 WHERE id = ?3"
                                       : "UPDATE staff SET name = ?1 WHERE id = ?3", error);
  ok = update != NULL;
  if (ok)
    {
      lys_db_bind_text (update, 1, trimmed);
      if (role != self->staff_role)
        lys_db_bind_text (update, 2, lys_role_to_nick (role));
      lys_db_bind_int64 (update, 3, self->staff_id);
      ok = _lys_store_step_done (self, update, error) &&
           _lys_store_audit (self, "staff.update", 0, "staff", self->staff_id, detail, error);
    }
  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  g_free (self->staff_name);
  self->staff_name = g_steal_pointer (&trimmed);
  self->staff_role = role;
  return TRUE;
}

double
lys_store_get_setting (LysStore   *self,
                       LysSetting  setting)
{
  g_return_val_if_fail (LYS_IS_STORE (self), 0);
  g_return_val_if_fail ((guint) setting < LYS_N_SETTINGS, 0);

  return self->settings[setting];
}

/**
 * lys_store_may_change_setting:
 *
 * Returns: whether the acting staff member may change @setting: the
 *   treatment's settings are a physician's or the clinic lead's, the others
 *   the lead's once the clinic has one
 */
gboolean
lys_store_may_change_setting (LysStore   *self,
                              LysSetting  setting)
{
  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);

  if (lys_setting_is_clinical (setting))
    return lys_store_get_current_role (self) == LYS_ROLE_PHYSICIAN ||
           (lys_store_has_lead (self) && lys_store_is_lead (self));
  return !lys_store_has_lead (self) || lys_store_is_lead (self);
}

/**
 * lys_store_set_setting:
 *
 * Changes one clinic setting after checking it against its range and the
 * other settings; an invalid value is refused with a message that says why,
 * and nothing is written.
 */
gboolean
lys_store_set_setting (LysStore    *self,
                       LysSetting   setting,
                       double       value,
                       GError     **error)
{
  const LysSettingSpec *spec;
  double values[LYS_N_SETTINGS];
  g_autofree char *text = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) setting < LYS_N_SETTINGS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lys_store_may_change_setting (self, setting))
    {
      if (lys_setting_is_clinical (setting))
        return lys_refuse (error, LYS_ERROR_PERMISSION,
                           _("Only a physician or the clinic lead may change the dose, the vital limits and the course rules."));
      return _lys_store_check_lead (self, _("change the clinic’s settings"), error);
    }

  spec = lys_setting_get_spec (setting);
  memcpy (values, self->settings, sizeof values);
  values[setting] = value;

  if (!lys_settings_validate (values, error))
    return FALSE;

  text = format_setting (setting, value);
  old_text = format_setting (setting, self->settings[setting]);
  if (g_str_equal (text, old_text))
    return TRUE;
  values[setting] = g_ascii_strtod (text, NULL);

  detail = g_strdup_printf ("%s: %s → %s", spec->key, old_text, text);

  if (!_lys_store_begin (self, error))
    return FALSE;

  ok = _lys_store_write_setting (self, NULL, spec->key, text, error) &&
       _lys_store_audit (self, "settings.change", 0, "setting", 0, detail, error);

  if (!_lys_store_finish (self, ok, error))
    return FALSE;

  self->settings[setting] = values[setting];
  _lys_store_setting_changed (self, setting);

  return TRUE;
}

/* The institution, kept with the settings. Its name is the clinic's name
 * printed on forms. */

#define INSTITUTION_KIND ((gsize) -1)

static const struct
{
  const char *key;
  gsize       offset;          /* of the text in LysInstitution, or INSTITUTION_KIND */
} institution_texts[] = {
  { LYS_SETTING_CLINIC_NAME_KEY, G_STRUCT_OFFSET (LysInstitution, name) },
  { "institution-kind", INSTITUTION_KIND },
  { "organisation-number", G_STRUCT_OFFSET (LysInstitution, organisation_number) },
  { "resh-id", G_STRUCT_OFFSET (LysInstitution, resh_id) },
};

#define INSTITUTION_TEXT(institution, i) \
  G_STRUCT_MEMBER (char *, institution, institution_texts[i].offset)

/**
 * lys_store_dup_institution:
 *
 * Returns: (transfer full): the institution as far as the clinic has
 *   given it; "other" until its kind is chosen
 */
LysInstitution *
lys_store_dup_institution (LysStore *self)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  LysInstitution *institution = lys_institution_new ();

  g_return_val_if_fail (LYS_IS_STORE (self), NULL);

  stmt = _lys_store_prepare (self, "SELECT key, value FROM settings", NULL);
  while (stmt != NULL && lys_db_step (stmt) == LYS_DB_ROW)
    {
      const char *key = lys_db_column_text (stmt, 0);
      const char *value = lys_db_column_text (stmt, 1);

      if (g_str_equal (key, institution_texts[1].key))
        lys_institution_kind_from_nick (value, &institution->kind);
      for (guint i = 0; i < G_N_ELEMENTS (institution_texts); i++)
        if (institution_texts[i].offset != INSTITUTION_KIND && g_str_equal (key, institution_texts[i].key))
          {
            g_free (INSTITUTION_TEXT (institution, i));
            INSTITUTION_TEXT (institution, i) = g_strdup (value);
          }
    }
  return institution;
}

/**
 * lys_store_set_institution:
 *
 * Stores what changed of the institution, each change in the audit log;
 * the clinic lead's to change once the clinic has one. Numbers that fail
 * their check are refused and nothing is written.
 */
gboolean
lys_store_set_institution (LysStore              *self,
                           const LysInstitution  *institution,
                           GError               **error)
{
  g_autoptr(LysInstitution) stored = NULL;
  g_autoptr(LysInstitution) clean = lys_institution_new ();
  g_autoptr(LysDbStmt) write = NULL;
  g_autoptr(LysDbStmt) remove = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (institution != NULL, FALSE);

  if (lys_store_has_lead (self) && !lys_store_is_lead (self))
    return _lys_store_check_lead (self, _("change the clinic’s settings"), error);

  clean->kind = institution->kind;
  for (guint i = 0; i < G_N_ELEMENTS (institution_texts); i++)
    if (institution_texts[i].offset != INSTITUTION_KIND && INSTITUTION_TEXT (institution, i) != NULL)
      {
        char *text = g_strstrip (g_strdup (INSTITUTION_TEXT (institution, i)));

        if (*text == '\0')
          g_clear_pointer (&text, g_free);
        INSTITUTION_TEXT (clean, i) = text;
      }
  if (!lys_institution_check (clean, error))
    return FALSE;

  stored = lys_store_dup_institution (self);
  if (!_lys_store_begin (self, error))
    return FALSE;
  remove = _lys_store_prepare (self, "DELETE FROM settings WHERE key = ?1", error);
  ok = remove != NULL;
  for (guint i = 0; ok && i < G_N_ELEMENTS (institution_texts); i++)
    {
      const char *key = institution_texts[i].key;
      const char *now, *before;

      if (institution_texts[i].offset == INSTITUTION_KIND)
        {
          now = lys_institution_kind_to_nick (clean->kind);
          before = lys_institution_kind_to_nick (stored->kind);
        }
      else
        {
          now = INSTITUTION_TEXT (clean, i);
          before = INSTITUTION_TEXT (stored, i);
        }
      if (g_strcmp0 (now, before) == 0)
        continue;

      if (now != NULL)
        ok = _lys_store_write_setting (self, &write, key, now, error);
      else
        {
          lys_db_bind_text (remove, 1, key);
          ok = _lys_store_step_done (self, remove, error);
        }
      ok = ok && _lys_store_audit (self, "setting.update", 0, "setting", 0, key, error);
    }
  return _lys_store_finish (self, ok, error);
}

/**
 * _lys_store_check_task_row:
 * @stmt: stepped to the row of an active staff member from
 *   %LYS_SQL_STAFF_FOR_TASK
 *
 * Whether they may take @task on the day asked; a psychologist whose KAP
 * certification has ended is told the day it ended and what renews it.
 */
gboolean
_lys_store_check_task_row (LysDbStmt     *stmt,
                           LysStaffTask   task,
                           GError       **error)
{
  const char *name = lys_db_column_text (stmt, 0);
  LysRole role = LYS_ROLE_COORDINATOR;

  lys_role_from_nick (lys_db_column_text (stmt, 1), &role);
  if (task == LYS_TASK_PSYCHOLOGIST && role == LYS_ROLE_PSYCHOLOGIST && !lys_db_column_is_null (stmt, 4))
    {
      g_autofree char *midnight = g_strconcat (lys_db_column_text (stmt, 4), " 00:00:00", NULL);
      g_autofree char *last_day = lys_time_format_date (midnight);

      /* Translators: %1$s is a psychologist, %2$s the last day their certification held */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("The KAP certification of %1$s held until %2$s. An infusion needs a certified psychologist in "
                     "the room: choose another, or have the clinic lead record the renewal in Preferences, Staff."),
                   name, last_day);
      return FALSE;
    }
  return lys_staff_check_task (name, role, lys_db_column_int (stmt, 2) != 0, task, error);
}
