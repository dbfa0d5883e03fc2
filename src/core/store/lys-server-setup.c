/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-server-setup"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-db-postgresql.h"
#include "lys-error.h"
#include "lys-server-setup.h"
#include "lys-store-private.h"
#include "lys-time.h"

/* The roles on the server: the schema's owner, which no one logs in as, and
 * a group a login is put in for each Lysning role; the lead's is one more
 * group beside the clinical role */
#define OWNER "lysning_owner"
#define LEAD "lysning_lead"
/* Owns the one function that lets the lead add a colleague's login; may
 * make roles, and nothing else */
#define ADMIT "lysning_admit"

static const char *const groups[] = {
  "lysning_psychologist",
  "lysning_physician",
  "lysning_nurse",
  "lysning_coordinator",
  LEAD,
};

G_STATIC_ASSERT (G_N_ELEMENTS (groups) == LYS_N_ROLES + 1);

/* The group of @role: the roles' order is LysRole's */
static const char *
group_of (LysRole role)
{
  return groups[role];
}

static gboolean
role_exists (LysDb       *db,
             const char  *name,
             gboolean    *exists,
             GError     **error)
{
  gint64 n = 0;

  if (!lys_db_query_int (db, "SELECT count (*) FROM pg_roles WHERE rolname = ?1", name, &n, error))
    return FALSE;
  *exists = n > 0;
  return TRUE;
}

/* A login's name quoted for the SQL it is written into: checked first, so
 * it holds no quote */
static char *
quote_login (const char *login)
{
  return g_strdup_printf ("\"%s\"", login);
}

/**
 * lys_server_check_login:
 *
 * A login a staff member is given on the server: 1 to 63 letters a–z,
 * digits, "_", ".", "-" or "@", beginning with a letter.
 */
gboolean
lys_server_check_login (const char  *login,
                        GError     **error)
{
  gsize length = login != NULL ? strlen (login) : 0;
  gboolean fits = length > 0 && length <= 63 && g_ascii_isalpha (login[0]);

  for (gsize i = 0; fits && i < length; i++)
    fits = g_ascii_isalnum (login[i]) || strchr ("_.-@", login[i]) != NULL;
  if (!fits)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("A login is 1 to 63 letters a–z, digits, “_”, “.”, “-” or “@”, and begins with a letter."));
  return TRUE;
}

/* The server's administrator, who makes roles and grants them */
static LysDb *
connect_admin (const char  *address,
               GError     **error)
{
  g_autoptr(LysDb) db = _lys_server_connect (address, error);
  gint64 admin = 0;

  if (db == NULL ||
      !lys_db_exec (db, "SET client_min_messages = error", error) ||
      !lys_db_query_int (db, "SELECT count (*) FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)",
                         NULL, &admin, error))
    return NULL;
  if (admin == 0)
    {
      lys_refuse (error, LYS_ERROR_PERMISSION,
                  _("This login cannot make roles on the server. Set up the clinic’s server as its "
                    "administrator: a superuser or a login with CREATEROLE."));
      return NULL;
    }
  return g_steal_pointer (&db);
}

/* @statement, then a group's name: for each group */
static gboolean
exec_each_group (LysDb       *db,
                 const char  *statement,
                 GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_autofree char *sql = g_strconcat (statement, groups[i], NULL);

      if (!lys_db_exec (db, sql, error))
        return FALSE;
    }
  return TRUE;
}

/* The roles, made when missing; the administrator may act as the owner */
static gboolean
ensure_roles (LysDb   *db,
              GError **error)
{
  const char *all[G_N_ELEMENTS (groups) + 1] = { OWNER };

  memcpy (all + 1, groups, sizeof groups);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *create = g_strdup_printf ("CREATE ROLE %s NOLOGIN", all[i]);
      gboolean exists = FALSE;

      if (!role_exists (db, all[i], &exists, error) ||
          (!exists && !lys_db_exec (db, create, error)))
        return FALSE;
    }
  return lys_db_exec (db, "GRANT " OWNER " TO CURRENT_USER", error);
}

/* What a clinic made before it had an owner (a first workstation made the
 * schema as its login) is given to the owner */
static const char hand_over[] =
  "DO $lys$ DECLARE r record; BEGIN "
  "FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
  "  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'p') "
  "  AND pg_get_userbyid (c.relowner) <> '" OWNER "' LOOP "
  "  EXECUTE format ('ALTER TABLE %s OWNER TO " OWNER "', r.name); "
  "END LOOP; "
  "FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
  "  WHERE n.nspname = 'public' AND pg_get_userbyid (p.proowner) NOT IN ('" OWNER "', '" ADMIT "') "
  "  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP "
  "  EXECUTE format ('ALTER ROUTINE %s OWNER TO " OWNER "', r.name); "
  "END LOOP; "
  "END $lys$";

/* What a coordinator does not read: the clinical words and values of a
 * record. The rest of those tables stays theirs to read (which session has
 * a note, whether an assessment is signed, an infusion's state), and to
 * change; the clinical rows are not theirs to add. */
static const char withhold_from_coordinators[] =
  "DO $lys$ DECLARE r record; shown text; BEGIN "
  "FOR r IN SELECT * FROM (VALUES "
  "  ('notes', ARRAY['body', 'sections', 'search']), "
  "  ('note_addenda', ARRAY['body', 'search']), "
  "  ('ratings', ARRAY['answers', 'total']), "
  "  ('eligibility', ARRAY['contraindications', 'weight_kg', 'systolic', 'diastolic', 'heart_rate', "
  "                        'madrs_answers', 'phq9_answers', 'justification', 'ect_history']), "
  "  ('antidepressant_trials', ARRAY['drug', 'dose', 'therapeutic_dose', 'weeks', 'outcome']), "
  "  ('preparation_notes', ARRAY['intentions', 'expectations', 'fears']), "
  "  ('infusions', ARRAY['weight_kg', 'observations']), "
  "  ('vitals', ARRAY['systolic', 'diastolic', 'heart_rate', 'spo2', 'time_reason', 'acknowledgement']), "
  "  ('infusion_events', ARRAY['reason']), "
  "  ('adverse_events', ARRAY['kind', 'description', 'severity', 'action']), "
  "  ('infusion_addenda', ARRAY['body'])"
  ") AS withheld (name, hidden) LOOP "
  "  SELECT string_agg (quote_ident (column_name), ', ') INTO shown FROM information_schema.columns "
  "    WHERE table_schema = 'public' AND table_name = r.name AND column_name <> ALL (r.hidden); "
  "  EXECUTE format ('REVOKE SELECT, INSERT, UPDATE ON %I FROM lysning_coordinator', r.name); "
  "  EXECUTE format ('GRANT SELECT (%s), UPDATE (%s) ON %I TO lysning_coordinator', shown, shown, r.name); "
  "END LOOP; END $lys$";

/* Need-to-know in the server, for the clinicians: the text of a therapy
 * note is read by its author, and by whom Lysning lets read the patient's
 * record (lys-store-access.c says why): a coordinator (for the bookings;
 * the words are withheld above), every clinician until the clinic has a
 * lead, and after that a clinician assigned to the patient, holding a
 * session with them (from 30 days ahead to 400 days after), with an open
 * emergency access, or, for a physician or nurse, a patient in treatment
 * (a course under way or ended within 400 days). Who signed in is the
 * server's to say (session_user), their role and lead the groups the
 * administrator put them in, the time the server's clock. What that rests
 * on is not theirs to forge: only a coordinator, physician or lead assigns;
 * an emergency access is one's own, for four hours from now by the server's
 * clock (in the clinic's time zone); a staff member's login name, role and
 * lead are set by the administrator alone. */
static const char need_to_know[] =
  "SET LOCAL ROLE " OWNER "; "
  "CREATE OR REPLACE FUNCTION lysning_me () RETURNS bigint "
  "  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$ "
  "  SELECT id FROM staff WHERE username = session_user $f$; "
  "CREATE OR REPLACE FUNCTION lysning_clock (shift interval, format text) RETURNS text "
  "  LANGUAGE sql STABLE AS $f$ SELECT to_char ((now () + shift) AT TIME ZONE '" LYS_CLINIC_TIME_ZONE "', format) $f$; "
  "CREATE OR REPLACE FUNCTION lysning_in_group (name text) RETURNS boolean "
  "  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$ "
  "  SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
  "                 JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = session_user AND r.rolname = name) $f$; "
  "CREATE OR REPLACE FUNCTION lysning_readable_patients () RETURNS SETOF bigint "
  "  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$ "
  /* (each check in brackets is asked once, not once a patient) */
  "  SELECT id FROM patients WHERE (SELECT lysning_in_group ('lysning_coordinator')) "
  "    OR (SELECT NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
  "                           WHERE r.rolname = '" LEAD "')) "
  "  UNION SELECT patient_id FROM assignments WHERE staff_id = lysning_me () "
  "  UNION SELECT ap.patient_id FROM appointment_patients ap "
  "    JOIN appointment_staff s ON s.appointment_id = ap.appointment_id "
  "    JOIN appointments a ON a.id = ap.appointment_id "
  "    WHERE s.staff_id = lysning_me () AND a.state IN ('planned', 'done') "
  "      AND a.starts_at >= lysning_clock ('-400 days', 'YYYY-MM-DD') "
  "      AND a.starts_at <= lysning_clock ('30 days', 'YYYY-MM-DD HH24:MI:SS') "
  "  UNION SELECT patient_id FROM emergency_access WHERE staff_id = lysning_me () "
  "    AND expires_at > lysning_clock ('0', 'YYYY-MM-DD HH24:MI:SS') "
  "  UNION SELECT patient_id FROM courses "
  "    WHERE (SELECT lysning_in_group ('lysning_physician') OR lysning_in_group ('lysning_nurse')) "
  "      AND (phase IN ('preparation', 'induction', 'maintenance') "
  "           OR ended_on >= lysning_clock ('-400 days', 'YYYY-MM-DD')) $f$; "
  "ALTER TABLE notes ENABLE ROW LEVEL SECURITY; "
  "DROP POLICY IF EXISTS need_to_know ON notes; "
  "CREATE POLICY need_to_know ON notes USING ("
  "  author_id = (SELECT lysning_me ()) "
  "  OR patient_id IN (SELECT lysning_readable_patients ()) "
  "  OR (patient_id IS NULL AND appointment_id IN (SELECT ap.appointment_id FROM appointment_patients ap "
  "        WHERE ap.patient_id IN (SELECT lysning_readable_patients ())))); "
  "ALTER TABLE note_addenda ENABLE ROW LEVEL SECURITY; "
  "DROP POLICY IF EXISTS need_to_know ON note_addenda; "
  "CREATE POLICY need_to_know ON note_addenda USING (EXISTS (SELECT 1 FROM notes n WHERE n.id = note_id)); "
  /* The clinical record kept beside the course (the ratings, the
   * eligibility assessment with its antidepressant trials, what the patient
   * said in preparation, an infusion's readings, events, adverse events and
   * addenda): as the notes, and for the lead too, who makes the clinic
   * report and the registry export, which hold every patient's figures.
   * What everyone works with (which ratings were taken, whether the
   * assessment is signed, a session's arrangements) is read through the
   * views that show that alone (migrations 24 and 25). The infusions
   * themselves stay readable: the week, the course's progress and the
   * ketamine record are worked out from them for every patient; Lysning
   * withholds their weight and observations from whom may not read them. */
  "CREATE OR REPLACE FUNCTION lysning_clinical_patients () RETURNS SETOF bigint "
  "  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$ "
  "  SELECT id FROM patients WHERE (SELECT lysning_in_group ('" LEAD "')) "
  "  UNION SELECT lysning_readable_patients () $f$; "
  /* Each row's patient found by its keys (the patients' set is worked
   * out once a statement) */
  "DO $lys$ DECLARE r record; BEGIN "
  "FOR r IN SELECT * FROM (VALUES "
  "  ('ratings', 'ratings.patient_id IN (SELECT lysning_clinical_patients ())'), "
  "  ('eligibility', 'EXISTS (SELECT 1 FROM courses c WHERE c.id = eligibility.course_id "
  "     AND c.patient_id IN (SELECT lysning_clinical_patients ()))'), "
  "  ('antidepressant_trials', 'EXISTS (SELECT 1 FROM eligibility e JOIN courses c ON c.id = e.course_id "
  "     WHERE e.id = antidepressant_trials.eligibility_id AND c.patient_id IN (SELECT lysning_clinical_patients ()))'), "
  "  ('preparation_notes', 'EXISTS (SELECT 1 FROM appointment_patients ap "
  "     WHERE ap.appointment_id = preparation_notes.appointment_id "
  "     AND ap.patient_id IN (SELECT lysning_clinical_patients ()))'), "
  "  ('vitals', NULL), ('infusion_events', NULL), ('adverse_events', NULL), ('infusion_addenda', NULL) "
  ") AS kept (name, readable) LOOP "
  "  EXECUTE format ('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', r.name); "
  "  EXECUTE format ('DROP POLICY IF EXISTS need_to_know ON %I', r.name); "
  "  EXECUTE format ('CREATE POLICY need_to_know ON %I USING (%s)', r.name, coalesce (r.readable, format ("
  "    'EXISTS (SELECT 1 FROM infusions i JOIN appointment_patients ap ON ap.appointment_id = i.appointment_id "
  "     WHERE i.id = %I.infusion_id AND ap.patient_id IN (SELECT lysning_clinical_patients ()))', r.name))); "
  "END LOOP; END $lys$; "
  "ALTER TABLE emergency_access ENABLE ROW LEVEL SECURITY; "
  "DROP POLICY IF EXISTS seen ON emergency_access; "
  "DROP POLICY IF EXISTS own ON emergency_access; "
  "DROP POLICY IF EXISTS reviewed ON emergency_access; "
  "CREATE POLICY seen ON emergency_access FOR SELECT USING (true); "
  "CREATE POLICY own ON emergency_access FOR INSERT WITH CHECK (staff_id = (SELECT lysning_me ())); "
  /* Opened now, for four hours, by the server's clock whatever the row says */
  "CREATE OR REPLACE FUNCTION lysning_emergency_hours () RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
  "  NEW.opened_at := lysning_clock ('0', 'YYYY-MM-DD HH24:MI:SS'); "
  "  NEW.expires_at := lysning_clock ('4 hours', 'YYYY-MM-DD HH24:MI:SS'); "
  "  RETURN NEW; END $f$; "
  "DROP TRIGGER IF EXISTS emergency_access_server_clock ON emergency_access; "
  "CREATE TRIGGER emergency_access_server_clock BEFORE INSERT ON emergency_access FOR EACH ROW "
  "  EXECUTE FUNCTION lysning_emergency_hours (); "
  "CREATE POLICY reviewed ON emergency_access FOR UPDATE USING (lysning_in_group ('" LEAD "')); "
  "RESET ROLE; "
  "REVOKE INSERT, UPDATE, DELETE ON assignments FROM lysning_psychologist, lysning_nurse; "
  "REVOKE UPDATE ON staff FROM lysning_psychologist, lysning_physician, lysning_nurse, lysning_coordinator, " LEAD "; "
  "GRANT UPDATE (name, hpr_number, kap_certified, active, kap_body, kap_certified_on, kap_expires_on, witness_code) "
  "  ON staff TO lysning_psychologist, lysning_physician, lysning_nurse, lysning_coordinator, " LEAD "; "
  "CREATE OR REPLACE FUNCTION lysning_follow_groups () RETURNS void "
  "  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $f$ "
  "  UPDATE staff SET "
  "    role = coalesce ((SELECT substr (r.rolname, 9) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
  "                      JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = session_user "
  "                      AND r.rolname IN ('lysning_psychologist', 'lysning_physician', 'lysning_nurse', "
  "                                        'lysning_coordinator') LIMIT 1), role), "
  "    lead = CASE WHEN lysning_in_group ('" LEAD "') THEN 1 ELSE 0 END "
  "  WHERE username = session_user $f$; "
  "ALTER FUNCTION lysning_follow_groups () OWNER TO " OWNER;

/* The clinic lead adds a colleague's login, or moves one of the clinic's
 * staff to another role, from Preferences: through this function alone,
 * which checks that its caller is the lead, the login's name and the role,
 * and touches no role that is not the clinic's staff already. The password
 * arrives as the verifier the workstation made of it, never as typed. */
static const char admit_staff[] =
  "CREATE OR REPLACE FUNCTION lysning_admit_staff (login text, role text, verifier text) RETURNS void "
  "  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$ "
  "DECLARE g text; clinical text[] := ARRAY['psychologist', 'physician', 'nurse', 'coordinator']; BEGIN "
  "  IF NOT lysning_in_group ('" LEAD "') THEN "
  "    RAISE EXCEPTION 'only the clinic lead adds staff' USING ERRCODE = '42501'; "
  "  END IF; "
  "  IF login IS NULL OR login !~ '^[A-Za-z][A-Za-z0-9_.@-]{0,62}$' OR role IS NULL OR role <> ALL (clinical) THEN "
  "    RAISE EXCEPTION 'not a login name or a role' USING ERRCODE = '22023'; "
  "  END IF; "
  "  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN "
  "    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login AND (rolsuper OR rolcreaterole OR NOT rolcanlogin)) "
  "       OR NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
  "                      JOIN pg_roles u ON u.oid = m.member "
  "                      WHERE u.rolname = login AND r.rolname LIKE 'lysning\\_%') THEN "
  "      RAISE EXCEPTION 'that login is not the clinic''s staff' USING ERRCODE = '42501'; "
  "    END IF; "
  "  ELSE "
  "    EXECUTE format ('CREATE ROLE %I LOGIN PASSWORD %L', login, verifier); "
  "  END IF; "
  "  FOREACH g IN ARRAY clinical LOOP "
  "    IF g = role THEN EXECUTE format ('GRANT %I TO %I', 'lysning_' || g, login); "
  "    ELSIF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
  "                  JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = login AND r.rolname = 'lysning_' || g) THEN "
  "      EXECUTE format ('REVOKE %I FROM %I', 'lysning_' || g, login); "
  "    END IF; "
  "  END LOOP; "
  "END $f$; "
  "REVOKE ALL ON FUNCTION lysning_admit_staff (text, text, text) FROM PUBLIC; "
  "GRANT EXECUTE ON FUNCTION lysning_admit_staff (text, text, text) TO " LEAD "; "
  "ALTER FUNCTION lysning_admit_staff (text, text, text) OWNER TO " ADMIT;

/* The role that owns it: makes roles, logs in never */
static gboolean
ensure_admit (LysDb   *db,
              GError **error)
{
  gboolean exists = FALSE;

  if (!role_exists (db, ADMIT, &exists, error) ||
      (!exists && !lys_db_exec (db, "CREATE ROLE " ADMIT " NOLOGIN", error)))
    return FALSE;
  return lys_db_exec (db, "ALTER ROLE " ADMIT " CREATEROLE; GRANT " ADMIT " TO CURRENT_USER; "
                          "GRANT USAGE ON SCHEMA public TO " ADMIT, error);
}

/* Commits what went through when @ok, and takes it all back otherwise */
static gboolean
finish (LysDb    *db,
        gboolean  ok,
        GError  **error)
{
  if (ok && lys_db_exec (db, "COMMIT", error))
    return TRUE;
  if (lys_db_in_transaction (db))
    lys_db_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

/**
 * lys_server_init:
 * @address: the clinic's database, with the administrator's login
 *
 * Sets up the clinic's database for a team: the schema, made or brought up
 * to date as its owner role; a group role per Lysning role, each with the
 * tables it works with, a coordinator without the clinical words and
 * values; the audit log one that no login may change or empty, only add
 * to. Safe to run again.
 */
gboolean
lys_server_init (const char  *address,
                 GError     **error)
{
  g_autoptr(LysDb) db = connect_admin (address, error);
  guint version = 0;

  if (db == NULL)
    return FALSE;

  if (!finish (db,
               lys_db_begin (db, error) &&
               ensure_roles (db, error) &&
      /* The schema's extensions, which only an administrator may add */
               lys_db_exec (db, "CREATE EXTENSION IF NOT EXISTS pgcrypto; "
                                "CREATE EXTENSION IF NOT EXISTS unaccent; "
                                "CREATE EXTENSION IF NOT EXISTS btree_gist; "
                                "REVOKE CREATE ON SCHEMA public FROM PUBLIC; "
                                "GRANT USAGE, CREATE ON SCHEMA public TO " OWNER, error) &&
               lys_db_exec (db, hand_over, error), error))
    return FALSE;

  /* The schema, made by its owner */
  if (!lys_db_exec (db, "SET ROLE " OWNER, error) ||
      !_lys_server_prepare (db, address, &version, error) ||
      !lys_db_exec (db, "RESET ROLE", error))
    return FALSE;

  return finish (db,
                 lys_db_begin (db, error) &&
                 lys_db_exec (db, "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC", error) &&
                 exec_each_group (db, "GRANT USAGE ON SCHEMA public TO ", error) &&
                 exec_each_group (db, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ", error) &&
                 exec_each_group (db, "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ", error) &&
                 /* The audit log: added to, read, never changed or emptied */
                 exec_each_group (db, "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ", error) &&
                 exec_each_group (db, "ALTER DEFAULT PRIVILEGES FOR ROLE " OWNER " IN SCHEMA public "
                                      "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ", error) &&
                 exec_each_group (db, "ALTER DEFAULT PRIVILEGES FOR ROLE " OWNER " IN SCHEMA public "
                                      "GRANT USAGE, SELECT ON SEQUENCES TO ", error) &&
                 lys_db_exec (db, withhold_from_coordinators, error) &&
                 lys_db_exec (db, need_to_know, error) &&
                 ensure_admit (db, error) &&
                 lys_db_exec (db, admit_staff, error),
                 error);
}

/* @login, checked, made when the server has none, put in the group of
 * @role (and the lead's when @lead) and out of the others */
static gboolean
place_login (LysDb       *db,
             const char  *login,
             LysRole      role,
             gboolean     lead,
             GError     **error)
{
  g_autofree char *quoted = quote_login (login);
  g_autofree char *create = g_strdup_printf ("CREATE ROLE %s LOGIN", quoted);
  gboolean exists = FALSE;

  if (!role_exists (db, login, &exists, error) || (!exists && !lys_db_exec (db, create, error)))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      gboolean wanted = i == role || (lead && g_str_equal (groups[i], LEAD));
      g_autofree char *sql = g_strdup_printf (wanted ? "GRANT %s TO %s" : "REVOKE %s FROM %s", groups[i], quoted);
      /* Our own group's name; the login's is bound */
      g_autofree char *member_sql = g_strdup_printf ("SELECT count (*) FROM pg_auth_members m "
                                                     "JOIN pg_roles r ON r.oid = m.roleid "
                                                     "JOIN pg_roles u ON u.oid = m.member "
                                                     "WHERE u.rolname = ?1 AND r.rolname = '%s'", groups[i]);
      gint64 member = 0;

      /* Out of a group it never was in: nothing to do (the server would
       * write a warning in its log) */
      if (!wanted && !lys_db_query_int (db, member_sql, login, &member, error))
        return FALSE;
      if ((wanted || member > 0) && !lys_db_exec (db, sql, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * lys_server_add_staff:
 * @address: the clinic's database, with the administrator's login
 * @login: the staff member's login, made when the server has none
 * @lead: whether they are also the clinic lead
 *
 * Puts @login in the group of @role (and the lead's when @lead), and out of
 * the others. The staff member's profile follows at their next start of
 * Lysning. Safe to run again.
 */
gboolean
lys_server_add_staff (const char  *address,
                      const char  *login,
                      LysRole      role,
                      gboolean     lead,
                      GError     **error)
{
  g_autoptr(LysDb) db = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (role < LYS_N_ROLES, FALSE);

  if (!lys_server_check_login (login, error))
    return FALSE;
  db = connect_admin (address, error);
  if (db == NULL || !role_exists (db, group_of (role), &exists, error))
    return FALSE;
  if (!exists)
    return lys_refuse (error, LYS_ERROR_NOT_FOUND,
                       _("The server is not set up for a team yet. Set it up first with --init-server."));

  return finish (db, lys_db_begin (db, error) && place_login (db, login, role, lead, error), error);
}

/**
 * _lys_server_login_role:
 * @role: (out): the role of the group the login is in, or %LYS_N_ROLES
 *   when it is in none (a server not set up for a team)
 * @lead: (out): whether it is in the lead's group
 *
 * What the server says the signed-in login is.
 */
gboolean
_lys_server_login_role (LysDb    *db,
                        LysRole  *role,
                        gboolean *lead,
                        GError  **error)
{
  g_autoptr(LysDbStmt) stmt = lys_db_prepare (db,
                                              "SELECT r.rolname FROM pg_auth_members m "
                                              "JOIN pg_roles r ON r.oid = m.roleid "
                                              "JOIN pg_roles u ON u.oid = m.member "
                                              "WHERE u.rolname = current_user AND r.rolname LIKE 'lysning\\_%'",
                                              error);
  int rc;

  *role = LYS_N_ROLES;
  *lead = FALSE;
  if (stmt == NULL)
    return FALSE;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      const char *name = lys_db_column_text (stmt, 0);

      for (guint i = 0; i < LYS_N_ROLES; i++)
        if (g_str_equal (name, groups[i]) && i < (guint) *role)
          *role = i;
      *lead = *lead || g_str_equal (name, LEAD);
    }
  return rc == LYS_DB_DONE || lys_db_set_error (db, error);
}

/**
 * lys_store_admit_staff:
 * @login: the colleague's login on the server
 * @password: (nullable): a first password, at least eight characters; none
 *   for a clinic that signs in with Kerberos
 *
 * The clinic lead, on a clinic server, makes a colleague's login in the
 * group of @role, or moves a login of the clinic's staff to it (their
 * password stays as it is). The colleague's profile follows at their first
 * start. Logged in the audit log; the server refuses anyone but the lead.
 */
gboolean
lys_store_admit_staff (LysStore    *self,
                       const char  *login,
                       LysRole      role,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (LYS_IS_STORE (self), FALSE);
  g_return_val_if_fail (role < LYS_N_ROLES, FALSE);

  if (!lys_store_roles_set_on_server (self))
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("Logins are made on a clinic server. On this computer, each staff member’s profile is "
                         "their computer account."));
  if (!lys_store_is_lead (self))
    return lys_refuse (error, LYS_ERROR_PERMISSION,
                       _("Only the clinic lead adds a colleague’s login. Ask the clinic lead, or the server’s "
                         "administrator."));
  if (!lys_server_check_login (login, error))
    return FALSE;
  if (password != NULL && *password != '\0' && g_utf8_strlen (password, -1) < 8)
    return lys_refuse (error, LYS_ERROR_INVALID,
                       _("A first password has at least eight characters. Leave it empty for a clinic that signs "
                         "in with Kerberos."));
  if (password != NULL && *password != '\0')
    {
      verifier = lys_db_postgresql_encrypt_password (self->db, login, password);
      if (verifier == NULL)
        return lys_db_set_error (self->db, error);
    }

  if (!_lys_store_begin (self, error))
    return FALSE;
  stmt = _lys_store_prepare (self, "SELECT lysning_admit_staff (?1, ?2, ?3)", error);
  ok = stmt != NULL;
  if (ok)
    {
      lys_db_bind_text (stmt, 1, login);
      lys_db_bind_text (stmt, 2, lys_role_to_nick (role));
      if (verifier != NULL)
        lys_db_bind_text (stmt, 3, verifier);
      /* One row, of nothing */
      ok = lys_db_step (stmt) == LYS_DB_ROW || lys_db_set_error (_lys_store_get_db (self), error);
    }
  detail = g_strdup_printf ("login %s, role %s", login, lys_role_to_nick (role));
  ok = ok && _lys_store_audit (self, "staff.admit", 0, "staff", 0, detail, error);
  return _lys_store_finish (self, ok, error);
}
