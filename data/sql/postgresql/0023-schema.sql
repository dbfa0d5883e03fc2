-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The clinic database on PostgreSQL, as SQLite's migrations 0001 to 0023
-- leave it (data/sql/sqlite). Columns keep SQLite's kinds: times and days as
-- text ("YYYY-MM-DD HH:MM:SS" local, "YYYY-MM-DD"), truths as 0 or 1, so
-- that the store's statements are written once for both engines. What
-- SQLite's triggers refuse, these refuse with the same words.

CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- The notes' search, folded the Norwegian way for the text and the query
-- alike, as SQLite's tokenizer "lysning" does (søvn, sovn; lære, laere)
CREATE TEXT SEARCH CONFIGURATION lysning (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION lysning ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- Helpers the checks and the statements use, as SQLite has them

-- Whether @t is a day that exists, "YYYY-MM-DD"
CREATE FUNCTION lys_is_day (t text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN t ~ '^\d{4}-\d{2}-\d{2}$' AND to_char (t::date, 'YYYY-MM-DD') = t;
EXCEPTION WHEN others THEN
  RETURN false;
END $$;

-- Whether @t is a JSON array
CREATE FUNCTION lys_is_json_array (t text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN json_typeof (t::json) = 'array';
EXCEPTION WHEN others THEN
  RETURN false;
END $$;

CREATE FUNCTION lys_is_json (t text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  PERFORM t::json;
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END $$;

-- The SHA-256 of what a signature covers, 64 hexadecimal digits
CREATE FUNCTION lys_sha256 (t text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT encode (sha256 (convert_to (t, 'UTF8')), 'hex') $$;

-- Values in JSON as SQLite's json_array () writes them, so that what a
-- signature covers reads the same on either engine
CREATE FUNCTION lys_json_real (x double precision) RETURNS text
  LANGUAGE plpgsql IMMUTABLE SET extra_float_digits = 0 AS $$
DECLARE
  t text := x::text;
BEGIN
  IF x IS NULL THEN
    RETURN 'null';
  END IF;
  IF t ~ '^-?\d+$' THEN
    RETURN t || '.0';
  END IF;
  IF t ~ '^-?\d+e' THEN
    RETURN regexp_replace (t, 'e', '.0e');
  END IF;
  RETURN t;
END $$;

CREATE FUNCTION lys_json_int (x bigint) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce (x::text, 'null') $$;

CREATE FUNCTION lys_json_text (x text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce (to_json (x)::text, 'null') $$;

-- What SQLite has built in and the store's statements use, under the same
-- names, so that each statement is written once

-- json_each (?) over a JSON array of ids, the one use the store makes of
-- it: a list of ids bound as one parameter
CREATE FUNCTION json_each (ids text) RETURNS TABLE (key bigint, value bigint)
  LANGUAGE sql IMMUTABLE AS $$
  SELECT (ordinality - 1)::bigint, value::bigint FROM json_array_elements_text (ids::json) WITH ORDINALITY $$;

-- json_array_length (TEXT), as SQLite's
CREATE FUNCTION json_array_length (t text) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS $$ SELECT json_array_length (t::json)::bigint $$;

-- julianday (TIME): days since noon, 24 November 4714 BC, of a clinic time
-- "YYYY-MM-DD HH:MM:SS"
CREATE FUNCTION julianday (t text) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS $$
  SELECT extract (epoch FROM t::timestamp)::double precision / 86400 + 2440587.5 $$;

-- SQLite's quote (): a value as an SQL literal
CREATE FUNCTION quote (x text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN x IS NULL THEN 'NULL' ELSE '''' || replace (x, '''', '''''') || '''' END $$;
CREATE FUNCTION quote (x bigint) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce (x::text, 'NULL') $$;
CREATE FUNCTION quote (x double precision) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN x IS NULL THEN 'NULL' ELSE lys_json_real (x) END $$;

-- The link of an audit row, as lys_audit_chain_hmac () makes it, with
-- the key this session was given (lysning.audit_key, hexadecimal, and its
-- id lysning.audit_key_id)
CREATE FUNCTION lys_audit_field (t text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN t IS NULL THEN '-;' ELSE octet_length (t)::text || ':' || t || ';' END $$;

CREATE FUNCTION lys_audit_hash (previous text, id text, at text, staff_id text, staff_name text, role text,
                                action text, patient_id text, object_type text, object_id text, detail text)
  RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
  key_id text := current_setting ('lysning.audit_key_id', true);
  key text := current_setting ('lysning.audit_key', true);
BEGIN
  IF key IS NULL OR key = '' THEN
    RAISE EXCEPTION USING MESSAGE = 'the audit log''s key is not on this connection', ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN 'hmac:' || key_id || ':' ||
         encode (hmac (convert_to ('lysning-audit-2;' || lys_audit_field (previous) || lys_audit_field (id) ||
                                   lys_audit_field (at) || lys_audit_field (staff_id) ||
                                   lys_audit_field (staff_name) || lys_audit_field (role) ||
                                   lys_audit_field (action) || lys_audit_field (patient_id) ||
                                   lys_audit_field (object_type) || lys_audit_field (object_id) ||
                                   lys_audit_field (detail), 'UTF8'),
                       decode (key, 'hex'), 'sha256'), 'hex');
END $$;

-- A trigger's refusal: TG_ARGV[0] says what is refused
CREATE FUNCTION lys_refuse () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation';
END $$;

-- Refused while the row's infusion is discharged (TG_ARGV[1] = 'closed'),
-- or until it is (TG_ARGV[1] = 'open')
CREATE FUNCTION lys_refuse_by_infusion () RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  infusion bigint := CASE WHEN TG_OP = 'INSERT' THEN NEW.infusion_id ELSE OLD.infusion_id END;
  discharged boolean := (SELECT status FROM infusions WHERE id = infusion) IS NOT DISTINCT FROM 'discharged';
BEGIN
  IF discharged = (TG_ARGV[1] = 'closed') THEN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- Refused while the trial's eligibility assessment is signed
CREATE FUNCTION lys_refuse_by_eligibility () RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  assessment bigint := CASE WHEN TG_OP = 'INSERT' THEN NEW.eligibility_id ELSE OLD.eligibility_id END;
BEGIN
  IF (SELECT status FROM eligibility WHERE id = assessment) = 'signed' THEN
    RAISE EXCEPTION USING MESSAGE = 'a signed eligibility assessment cannot be changed',
                          ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- Refused once the ketamine record holds the row: TG_ARGV[1] names the
-- table that refers to it and TG_ARGV[2] its column
CREATE FUNCTION lys_refuse_if_used () RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  used boolean;
BEGIN
  EXECUTE format ('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1)', TG_ARGV[1], TG_ARGV[2]) INTO used USING OLD.id;
  IF used THEN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- Who signed, as they were when they signed: TG_ARGV[0] the kind, [1] the
-- column of the signer, [2] of the time
CREATE FUNCTION lys_record_signature () RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  signer bigint := (to_jsonb (NEW) ->> TG_ARGV[1])::bigint;
  signed_at text := to_jsonb (NEW) ->> TG_ARGV[2];
BEGIN
  INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
    SELECT TG_ARGV[0], NEW.id, s.id, s.name, s.role, s.hpr_number, signed_at FROM staff s WHERE s.id = signer;
  RETURN NEW;
END $$;

-- The time a booking holds, as a range; none once it is cancelled. Clinic
-- times are "YYYY-MM-DD HH:MM:SS", which reads the same whatever the
-- session's DateStyle: the function is as immutable as an index needs.
CREATE FUNCTION lys_period (starts_at text, ends_at text, state text) RETURNS tsrange
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN state = 'cancelled' THEN NULL ELSE tsrange (starts_at::timestamp, ends_at::timestamp, '[)') END $$;

-- The tables

CREATE TABLE meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE staff (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  username         text UNIQUE,
  name             text NOT NULL CHECK (length (trim (name)) > 0),
  role             text NOT NULL CHECK (role IN ('psychologist', 'physician', 'nurse', 'coordinator')),
  hpr_number       text CHECK (hpr_number IS NULL OR hpr_number ~ '^[0-9]'),
  kap_certified    bigint NOT NULL DEFAULT 0 CHECK (kap_certified IN (0, 1)),
  active           bigint NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at       text NOT NULL,
  lead             bigint NOT NULL DEFAULT 0 CHECK (lead IN (0, 1)),
  kap_body         text CHECK (kap_body IS NULL OR length (trim (kap_body)) > 0),
  kap_certified_on text CHECK (kap_certified_on IS NULL OR lys_is_day (kap_certified_on)),
  kap_expires_on   text CHECK (kap_expires_on IS NULL OR lys_is_day (kap_expires_on)),
  witness_code     text
);

CREATE TABLE patients (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  national_id      text NOT NULL UNIQUE CHECK (length (national_id) = 11),
  id_kind          text NOT NULL CHECK (id_kind IN ('fnr', 'dnr', 'hnr')),
  given_name       text NOT NULL CHECK (length (trim (given_name)) > 0),
  family_name      text NOT NULL CHECK (length (trim (family_name)) > 0),
  birth_date       text NOT NULL,
  sex              text CHECK (sex IS NULL OR sex IN ('female', 'male', 'other')),
  phone            text,
  email            text,
  escort_name      text,
  escort_phone     text,
  referred_by      text,
  diagnosis        text,
  indication       text NOT NULL DEFAULT 'trd',
  indication_note  text,
  registry_opt_out bigint NOT NULL DEFAULT 0 CHECK (registry_opt_out IN (0, 1)),
  created_at       text NOT NULL,
  updated_at       text NOT NULL,
  form_language    text NOT NULL DEFAULT 'nb' CHECK (form_language IN ('nb', 'en')),
  funding          text CHECK (funding IS NULL OR (funding IN ('public', 'research', 'self-paid') AND indication <> 'trd')),
  CHECK (indication = 'trd' OR indication_note IS NOT NULL)
);
CREATE INDEX patients_name ON patients (family_name, given_name);

CREATE TABLE courses (
  id                   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  patient_id           bigint NOT NULL REFERENCES patients (id),
  kind                 text NOT NULL CHECK (kind IN ('induction', 'maintenance')),
  phase                text NOT NULL CHECK (phase IN ('preparation', 'induction', 'maintenance', 'completed', 'stopped')),
  stop_reason          text,
  started_on           text NOT NULL,
  ended_on             text,
  preferred_weekdays   bigint NOT NULL DEFAULT 31 CHECK (preferred_weekdays BETWEEN 1 AND 127),
  preferred_time       text NOT NULL DEFAULT 'any' CHECK (preferred_time IN ('any', 'morning', 'afternoon')),
  consent_physician_id bigint REFERENCES staff (id),
  stop_code            text CHECK (stop_code IS NULL OR stop_code IN ('no-effect', 'adverse-effects', 'patient-wish',
                                                                      'medical', 'practical', 'other')),
  room_needs           bigint NOT NULL DEFAULT 0 CHECK (room_needs BETWEEN 0 AND 7),
  CHECK (phase <> 'stopped' OR stop_reason IS NOT NULL)
);
CREATE INDEX courses_patient ON courses (patient_id);
CREATE TRIGGER courses_stop_code_insert BEFORE INSERT ON courses FOR EACH ROW
  WHEN ((NEW.phase = 'stopped') <> (NEW.stop_code IS NOT NULL))
  EXECUTE FUNCTION lys_refuse ('a stopped course has a coded reason, and only a stopped course');
CREATE TRIGGER courses_stop_code_update BEFORE UPDATE OF phase, stop_code ON courses FOR EACH ROW
  WHEN ((NEW.phase = 'stopped') <> (NEW.stop_code IS NOT NULL))
  EXECUTE FUNCTION lys_refuse ('a stopped course has a coded reason, and only a stopped course');

CREATE TABLE rooms (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name           text NOT NULL UNIQUE,
  headphones     bigint NOT NULL DEFAULT 0 CHECK (headphones IN (0, 1)),
  duvet          bigint NOT NULL DEFAULT 0 CHECK (duvet IN (0, 1)),
  dimmable_light bigint NOT NULL DEFAULT 0 CHECK (dimmable_light IN (0, 1)),
  monitoring     bigint NOT NULL DEFAULT 0 CHECK (monitoring IN (0, 1)),
  opens_at       text NOT NULL DEFAULT '08:00',
  closes_at      text NOT NULL DEFAULT '16:00',
  active         bigint NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  CHECK (closes_at > opens_at)
);

CREATE TABLE appointments (
  id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind      text NOT NULL CHECK (kind IN ('preparation', 'infusion', 'integration', 'group-integration', 'follow-up')),
  state     text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'done', 'missed', 'cancelled')),
  course_id bigint REFERENCES courses (id),
  room_id   bigint REFERENCES rooms (id),
  starts_at text NOT NULL,
  ends_at   text NOT NULL,
  CHECK (ends_at > starts_at),
  -- Never two bookings of a room at once, whoever books them, whatever
  -- path writes them
  CONSTRAINT appointments_room_free
    EXCLUDE USING gist (room_id WITH =, lys_period (starts_at, ends_at, state) WITH &&)
);
CREATE INDEX appointments_time ON appointments (starts_at);
CREATE INDEX appointments_course ON appointments (course_id);
CREATE INDEX appointments_room ON appointments (room_id, starts_at);
CREATE TRIGGER appointments_length_insert BEFORE INSERT ON appointments FOR EACH ROW
  WHEN (NEW.ends_at::timestamp - NEW.starts_at::timestamp > interval '12 hours')
  EXECUTE FUNCTION lys_refuse ('a booking lasts at most twelve hours');
CREATE TRIGGER appointments_length_update BEFORE UPDATE OF starts_at, ends_at ON appointments FOR EACH ROW
  WHEN (NEW.ends_at::timestamp - NEW.starts_at::timestamp > interval '12 hours')
  EXECUTE FUNCTION lys_refuse ('a booking lasts at most twelve hours');

-- Who a booking is for and with: each row keeps its booking's time (period,
-- kept by the triggers below), so that the server refuses a patient or a
-- staff member in two places at once
CREATE TABLE appointment_patients (
  appointment_id bigint NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
  patient_id     bigint NOT NULL REFERENCES patients (id),
  period         tsrange,
  PRIMARY KEY (appointment_id, patient_id),
  CONSTRAINT appointment_patients_free EXCLUDE USING gist (patient_id WITH =, period WITH &&)
);
CREATE INDEX appointment_patients_patient ON appointment_patients (patient_id);

CREATE TABLE appointment_staff (
  appointment_id bigint NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
  staff_id       bigint NOT NULL REFERENCES staff (id),
  task           text NOT NULL CHECK (task IN ('drug', 'psychologist', 'therapist')),
  period         tsrange,
  PRIMARY KEY (appointment_id, staff_id),
  CONSTRAINT appointment_staff_free EXCLUDE USING gist (staff_id WITH =, period WITH &&)
);
CREATE INDEX appointment_staff_staff ON appointment_staff (staff_id);

CREATE FUNCTION lys_take_period () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.period := (SELECT lys_period (a.starts_at, a.ends_at, a.state) FROM appointments a WHERE a.id = NEW.appointment_id);
  RETURN NEW;
END $$;
CREATE TRIGGER appointment_patients_period BEFORE INSERT OR UPDATE ON appointment_patients FOR EACH ROW
  EXECUTE FUNCTION lys_take_period ();
CREATE TRIGGER appointment_staff_period BEFORE INSERT OR UPDATE ON appointment_staff FOR EACH ROW
  EXECUTE FUNCTION lys_take_period ();

CREATE FUNCTION lys_move_period () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE appointment_patients SET period = lys_period (NEW.starts_at, NEW.ends_at, NEW.state)
    WHERE appointment_id = NEW.id;
  UPDATE appointment_staff SET period = lys_period (NEW.starts_at, NEW.ends_at, NEW.state)
    WHERE appointment_id = NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER appointments_period AFTER UPDATE OF starts_at, ends_at, state ON appointments FOR EACH ROW
  EXECUTE FUNCTION lys_move_period ();

CREATE TABLE closures (
  id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  starts_on text NOT NULL,
  ends_on   text NOT NULL,
  reason    text NOT NULL CHECK (length (trim (reason)) > 0),
  CHECK (ends_on >= starts_on)
);

CREATE TABLE staff_absences (
  id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  staff_id  bigint NOT NULL REFERENCES staff (id),
  starts_on text NOT NULL,
  ends_on   text NOT NULL,
  reason    text,
  CHECK (ends_on >= starts_on)
);
CREATE INDEX staff_absences_staff ON staff_absences (staff_id, starts_on);

CREATE TABLE settings (
  key   text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE audit_log (
  id          bigint PRIMARY KEY,
  at          text NOT NULL,
  staff_id    bigint,
  staff_name  text NOT NULL,
  role        text NOT NULL,
  action      text NOT NULL,
  patient_id  bigint,
  object_type text,
  object_id   bigint,
  detail      text,
  hash        text
);
CREATE INDEX audit_log_patient ON audit_log (patient_id, at);
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('the audit log is append-only');
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('the audit log is append-only');
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT
  EXECUTE FUNCTION lys_refuse ('the audit log is append-only');
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log FOR EACH ROW
  WHEN (NEW.hash IS NULL)
  EXECUTE FUNCTION lys_refuse ('an audit row carries the hash that links it to the row before');

-- Preparation

CREATE TABLE eligibility (
  id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  course_id         bigint NOT NULL UNIQUE REFERENCES courses (id),
  contraindications text NOT NULL DEFAULT '[]' CHECK (lys_is_json_array (contraindications)),
  weight_kg         double precision CHECK (weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 400)),
  systolic          bigint CHECK (systolic IS NULL OR systolic BETWEEN 40 AND 300),
  diastolic         bigint CHECK (diastolic IS NULL OR diastolic BETWEEN 20 AND 200),
  heart_rate        bigint CHECK (heart_rate IS NULL OR heart_rate BETWEEN 20 AND 250),
  madrs_answers     text CHECK (madrs_answers IS NULL OR lys_is_json (madrs_answers)),
  phq9_answers      text CHECK (phq9_answers IS NULL OR lys_is_json (phq9_answers)),
  decision          text CHECK (decision IS NULL OR decision IN ('eligible', 'not-eligible', 'exception')),
  justification     text,
  status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
  updated_at        text NOT NULL,
  signed_at         text,
  signed_by         bigint REFERENCES staff (id),
  content_sha256    text,
  ect_history       text CHECK (ect_history IN ('never', 'no-response', 'response')),
  CHECK (status = 'draft' OR (decision IS NOT NULL AND signed_at IS NOT NULL AND signed_by IS NOT NULL)),
  CHECK (decision IS DISTINCT FROM 'exception' OR length (trim (justification)) > 0)
);
CREATE TRIGGER eligibility_signed_undeletable BEFORE DELETE ON eligibility FOR EACH ROW
  WHEN (OLD.status = 'signed')
  EXECUTE FUNCTION lys_refuse ('a signed eligibility assessment cannot be deleted');
CREATE TRIGGER eligibility_signed_immutable BEFORE UPDATE ON eligibility FOR EACH ROW
  WHEN (OLD.status = 'signed')
  EXECUTE FUNCTION lys_refuse ('a signed eligibility assessment cannot be changed');

CREATE TABLE antidepressant_trials (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  eligibility_id   bigint NOT NULL REFERENCES eligibility (id),
  position         bigint NOT NULL,
  drug             text NOT NULL CHECK (length (trim (drug)) > 0),
  dose             text NOT NULL DEFAULT '',
  therapeutic_dose bigint NOT NULL CHECK (therapeutic_dose IN (0, 1)),
  weeks            bigint NOT NULL CHECK (weeks BETWEEN 0 AND 520),
  outcome          text NOT NULL CHECK (outcome IN ('response', 'partial', 'none', 'not-tolerated')),
  UNIQUE (eligibility_id, position)
);
CREATE TRIGGER trials_signed_unchanged BEFORE INSERT OR UPDATE OR DELETE ON antidepressant_trials FOR EACH ROW
  EXECUTE FUNCTION lys_refuse_by_eligibility ();

CREATE TABLE preparation_notes (
  appointment_id bigint PRIMARY KEY REFERENCES appointments (id),
  author_id      bigint NOT NULL REFERENCES staff (id),
  intentions     text NOT NULL DEFAULT '',
  expectations   text NOT NULL DEFAULT '',
  fears          text NOT NULL DEFAULT '',
  escort         text NOT NULL DEFAULT '',
  transport      text NOT NULL DEFAULT '',
  fasting        text NOT NULL DEFAULT '',
  readiness      text CHECK (readiness IS NULL OR readiness IN ('ready', 'needs-more', 'not-ready')),
  updated_at     text NOT NULL
);

CREATE TABLE consent_forms (
  version    text NOT NULL,
  language   text NOT NULL CHECK (language IN ('nb', 'en')),
  body       text NOT NULL CHECK (length (trim (body)) > 0),
  created_at text NOT NULL,
  created_by bigint REFERENCES staff (id),
  -- SQLite's rowid: the order the versions were saved in
  rowid      bigint GENERATED BY DEFAULT AS IDENTITY UNIQUE,
  PRIMARY KEY (version, language)
);
CREATE TRIGGER consent_forms_no_update BEFORE UPDATE ON consent_forms FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('a version of the consent form is never changed; save a new version');
CREATE TRIGGER consent_forms_no_delete BEFORE DELETE ON consent_forms FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('a version of the consent form is never deleted');

CREATE TABLE consents (
  id                     bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  patient_id             bigint NOT NULL REFERENCES patients (id),
  form_version           text NOT NULL,
  language               text NOT NULL CHECK (language IN ('nb', 'en')),
  signed_on              text NOT NULL,
  physician_id           bigint NOT NULL REFERENCES staff (id),
  recorded_at            text NOT NULL,
  withdrawn_on           text,
  withdrawal_reason      text,
  withdrawn_by           bigint REFERENCES staff (id),
  withdrawal_recorded_at text,
  CHECK (withdrawn_on IS NULL OR withdrawal_reason IS NOT NULL)
);
CREATE INDEX consents_patient ON consents (patient_id);
CREATE TRIGGER consents_only_withdrawn BEFORE UPDATE OF patient_id, form_version, language, signed_on,
  physician_id, recorded_at ON consents FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('a recorded consent is not changed; record a withdrawal or a new consent');

-- The infusion

CREATE TABLE infusions (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  appointment_id   bigint NOT NULL UNIQUE REFERENCES appointments (id),
  status           text NOT NULL DEFAULT 'preparing'
                   CHECK (status IN ('preparing', 'running', 'paused', 'ended', 'discharged')),
  weight_kg        double precision CHECK (weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 400)),
  dose_mg_per_kg   double precision CHECK (dose_mg_per_kg IS NULL OR (dose_mg_per_kg >= 0.2 AND dose_mg_per_kg <= 0.75)),
  total_mg         double precision CHECK (total_mg IS NULL OR total_mg > 0),
  duration_minutes bigint NOT NULL CHECK (duration_minutes > 0),
  lot_number       text,
  given_by         bigint REFERENCES staff (id),
  psychologist_id  bigint REFERENCES staff (id),
  started_at       text,
  ended_at         text,
  discharged_at    text,
  discharged_by    bigint REFERENCES staff (id),
  stop_reason      text,
  start_override   text,
  checklist        bigint NOT NULL DEFAULT 0 CHECK (checklist BETWEEN 0 AND 15),
  observations     text NOT NULL DEFAULT '',
  updated_at       text NOT NULL,
  given_mg         double precision CHECK (given_mg IS NULL OR (given_mg >= 0 AND given_mg <= total_mg)),
  content_sha256   text,
  CHECK (status = 'preparing' OR (weight_kg IS NOT NULL AND dose_mg_per_kg IS NOT NULL AND total_mg IS NOT NULL
         AND lot_number IS NOT NULL AND given_by IS NOT NULL AND psychologist_id IS NOT NULL
         AND started_at IS NOT NULL)),
  CHECK (status NOT IN ('ended', 'discharged') OR ended_at IS NOT NULL),
  CHECK (status <> 'discharged' OR (discharged_at IS NOT NULL AND discharged_by IS NOT NULL))
);
CREATE INDEX infusions_open ON infusions (status) WHERE status <> 'discharged';
CREATE TRIGGER infusions_undeletable BEFORE DELETE ON infusions FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('an infusion record is never deleted');
CREATE TRIGGER infusions_discharged_immutable BEFORE UPDATE ON infusions FOR EACH ROW
  WHEN (OLD.status = 'discharged')
  EXECUTE FUNCTION lys_refuse ('a discharged infusion is not changed; add an addendum');

CREATE TABLE vitals (
  id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  infusion_id     bigint NOT NULL REFERENCES infusions (id),
  taken_at        text NOT NULL,
  stage           text NOT NULL CHECK (stage IN ('baseline', 'during', 'after')),
  systolic        bigint NOT NULL CHECK (systolic BETWEEN 40 AND 300),
  diastolic       bigint NOT NULL CHECK (diastolic BETWEEN 20 AND 200),
  heart_rate      bigint NOT NULL CHECK (heart_rate BETWEEN 20 AND 250),
  spo2            bigint NOT NULL CHECK (spo2 BETWEEN 50 AND 100),
  recorded_by     bigint REFERENCES staff (id),
  alert           bigint NOT NULL DEFAULT 0 CHECK (alert BETWEEN 0 AND 7),
  entered_at      text,
  time_reason     text,
  acknowledged_at text,
  acknowledged_by bigint REFERENCES staff (id),
  action          text CHECK (action IS NULL OR action IN ('continue', 'pause', 'stop')),
  acknowledgement text,
  CHECK (systolic > diastolic)
);
CREATE INDEX vitals_infusion ON vitals (infusion_id, taken_at);
CREATE TRIGGER vitals_closed BEFORE INSERT OR UPDATE ON vitals FOR EACH ROW
  EXECUTE FUNCTION lys_refuse_by_infusion ('a discharged infusion is not changed; add an addendum', 'closed');
CREATE TRIGGER vitals_recorded_immutable BEFORE UPDATE OF infusion_id, taken_at, stage, systolic, diastolic,
  heart_rate, spo2, recorded_by, alert, entered_at, time_reason ON vitals FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('a recorded reading is not changed');
CREATE TRIGGER vitals_undeletable BEFORE DELETE ON vitals FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('a recorded reading is never deleted');

CREATE TABLE infusion_events (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  infusion_id bigint NOT NULL REFERENCES infusions (id),
  kind        text NOT NULL CHECK (kind IN ('start-override', 'pause', 'resume', 'stop', 'time-edit')),
  at          text NOT NULL,
  reason      text,
  staff_id    bigint REFERENCES staff (id),
  CHECK (kind = 'resume' OR length (trim (reason)) > 0)
);
CREATE INDEX infusion_events_infusion ON infusion_events (infusion_id, at);
CREATE TRIGGER infusion_events_closed BEFORE INSERT ON infusion_events FOR EACH ROW
  EXECUTE FUNCTION lys_refuse_by_infusion ('a discharged infusion is not changed; add an addendum', 'closed');
CREATE TRIGGER infusion_events_immutable BEFORE UPDATE ON infusion_events FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('an infusion event is not changed');
CREATE TRIGGER infusion_events_undeletable BEFORE DELETE ON infusion_events FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('an infusion event is never deleted');

CREATE TABLE adverse_events (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  infusion_id bigint NOT NULL REFERENCES infusions (id),
  kind        text NOT NULL CHECK (kind IN ('nausea', 'vomiting', 'hypertension', 'agitation',
                                            'dissociation-distress', 'other')),
  description text,
  severity    text NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
  action      text NOT NULL DEFAULT '',
  noted_at    text NOT NULL,
  recorded_by bigint REFERENCES staff (id),
  CHECK (kind <> 'other' OR length (trim (description)) > 0)
);
CREATE INDEX adverse_events_infusion ON adverse_events (infusion_id);
CREATE TRIGGER adverse_events_closed BEFORE INSERT ON adverse_events FOR EACH ROW
  EXECUTE FUNCTION lys_refuse_by_infusion ('a discharged infusion is not changed; add an addendum', 'closed');
CREATE TRIGGER adverse_events_immutable BEFORE UPDATE ON adverse_events FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('an adverse event is not changed; add another entry or an addendum');
CREATE TRIGGER adverse_events_undeletable BEFORE DELETE ON adverse_events FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('an adverse event is never deleted');

CREATE TABLE infusion_addenda (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  infusion_id bigint NOT NULL REFERENCES infusions (id),
  author_id   bigint NOT NULL REFERENCES staff (id),
  body        text NOT NULL CHECK (length (trim (body)) > 0),
  created_at  text NOT NULL
);
CREATE INDEX infusion_addenda_infusion ON infusion_addenda (infusion_id);
CREATE TRIGGER infusion_addenda_signed_only BEFORE INSERT ON infusion_addenda FOR EACH ROW
  EXECUTE FUNCTION lys_refuse_by_infusion ('an addendum is added to a discharged infusion only', 'open');
CREATE TRIGGER infusion_addenda_immutable BEFORE UPDATE ON infusion_addenda FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('an addendum is not changed');
CREATE TRIGGER infusion_addenda_undeletable BEFORE DELETE ON infusion_addenda FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('an addendum is never deleted');

-- Ratings

CREATE TABLE ratings (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  patient_id  bigint NOT NULL REFERENCES patients (id),
  course_id   bigint REFERENCES courses (id),
  infusion_id bigint REFERENCES infusions (id),
  scale       text NOT NULL CHECK (scale IN ('madrs', 'phq9', 'qids-sr16', 'cadss')),
  timepoint   text,
  rated_at    text NOT NULL,
  answers     text NOT NULL CHECK (lys_is_json_array (answers)),
  total       bigint NOT NULL CHECK (total >= 0),
  rated_by    bigint REFERENCES staff (id),
  complete    bigint NOT NULL DEFAULT 1 CHECK (complete IN (0, 1))
);
CREATE INDEX ratings_patient ON ratings (patient_id, rated_at);
CREATE INDEX ratings_course ON ratings (course_id, scale, timepoint);
CREATE TRIGGER ratings_infusion_closed BEFORE INSERT OR UPDATE OR DELETE ON ratings FOR EACH ROW
  EXECUTE FUNCTION lys_refuse_by_infusion ('a discharged infusion is not changed; add an addendum', 'closed');
CREATE TRIGGER ratings_follow_up_unchanged BEFORE UPDATE ON ratings FOR EACH ROW
  WHEN (OLD.infusion_id IS NULL)
  EXECUTE FUNCTION lys_refuse ('a rating is never changed; take a new one');
CREATE TRIGGER ratings_follow_up_undeletable BEFORE DELETE ON ratings FOR EACH ROW
  WHEN (OLD.infusion_id IS NULL)
  EXECUTE FUNCTION lys_refuse ('a rating is never deleted');

-- Notes

CREATE TABLE notes (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  patient_id     bigint REFERENCES patients (id),
  group_note_id  bigint REFERENCES notes (id),
  appointment_id bigint REFERENCES appointments (id),
  author_id      bigint NOT NULL REFERENCES staff (id),
  template       text NOT NULL,
  session_kind   text NOT NULL CHECK (session_kind IN ('preparation', 'infusion', 'integration', 'group-integration',
                                                       'follow-up')),
  body           text NOT NULL DEFAULT '',
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
  created_at     text NOT NULL,
  updated_at     text NOT NULL,
  signed_at      text,
  signed_by      bigint REFERENCES staff (id),
  content_sha256 text,
  sections       text NOT NULL DEFAULT '[]' CHECK (lys_is_json_array (sections)),
  cursor         bigint NOT NULL DEFAULT 0 CHECK (cursor >= 0),
  search         tsvector,
  CHECK (status = 'draft' OR (signed_at IS NOT NULL AND signed_by IS NOT NULL AND content_sha256 IS NOT NULL))
);
CREATE INDEX notes_patient ON notes (patient_id, created_at);
CREATE INDEX notes_group ON notes (group_note_id);
CREATE INDEX notes_appointment ON notes (appointment_id);
CREATE INDEX notes_drafts ON notes (author_id, updated_at) WHERE status = 'draft';
CREATE INDEX notes_search ON notes USING gin (search);
-- The words of the text, kept with it: the search reads them, not the text
CREATE FUNCTION lys_index_body () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := to_tsvector ('lysning', NEW.body);
  RETURN NEW;
END $$;
CREATE TRIGGER notes_search_words BEFORE INSERT OR UPDATE OF body ON notes FOR EACH ROW
  EXECUTE FUNCTION lys_index_body ();
CREATE TRIGGER notes_signed_immutable BEFORE UPDATE ON notes FOR EACH ROW
  WHEN (OLD.status = 'signed')
  EXECUTE FUNCTION lys_refuse ('a signed note cannot be changed; add an addendum');
CREATE TRIGGER notes_signed_undeletable BEFORE DELETE ON notes FOR EACH ROW
  WHEN (OLD.status = 'signed')
  EXECUTE FUNCTION lys_refuse ('a signed note cannot be deleted');

CREATE TABLE note_addenda (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  note_id        bigint NOT NULL REFERENCES notes (id),
  author_id      bigint NOT NULL REFERENCES staff (id),
  body           text NOT NULL,
  created_at     text NOT NULL,
  signed_at      text NOT NULL,
  content_sha256 text NOT NULL,
  search         tsvector
);
CREATE INDEX note_addenda_note ON note_addenda (note_id, signed_at);
CREATE INDEX note_addenda_search ON note_addenda USING gin (search);
CREATE TRIGGER note_addenda_search_words BEFORE INSERT ON note_addenda FOR EACH ROW
  EXECUTE FUNCTION lys_index_body ();
CREATE TRIGGER note_addenda_immutable BEFORE UPDATE ON note_addenda FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('a signed addendum cannot be changed');
CREATE TRIGGER note_addenda_undeletable BEFORE DELETE ON note_addenda FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('a signed addendum cannot be deleted');

CREATE TABLE note_templates (
  key        text PRIMARY KEY,
  title      text NOT NULL CHECK (length (trim (title)) > 0),
  definition text NOT NULL CHECK (length (trim (definition)) > 0),
  position   bigint NOT NULL DEFAULT 0,
  updated_at text NOT NULL
);

-- Need-to-know

CREATE TABLE assignments (
  patient_id  bigint NOT NULL REFERENCES patients (id),
  staff_id    bigint NOT NULL REFERENCES staff (id),
  assigned_at text NOT NULL,
  assigned_by bigint REFERENCES staff (id),
  PRIMARY KEY (patient_id, staff_id)
);
CREATE INDEX assignments_staff ON assignments (staff_id);

CREATE TABLE emergency_access (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  patient_id  bigint NOT NULL REFERENCES patients (id),
  staff_id    bigint NOT NULL REFERENCES staff (id),
  reason      text NOT NULL CHECK (length (trim (reason)) >= 10),
  opened_at   text NOT NULL,
  expires_at  text NOT NULL,
  reviewed_at text,
  reviewed_by bigint REFERENCES staff (id),
  CHECK (expires_at > opened_at)
);
CREATE INDEX emergency_access_staff ON emergency_access (staff_id, patient_id, expires_at);
CREATE TRIGGER emergency_access_kept BEFORE DELETE ON emergency_access FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('an emergency access is kept for review');
CREATE TRIGGER emergency_access_reviewed_only BEFORE UPDATE ON emergency_access FOR EACH ROW
  WHEN (OLD.reviewed_at IS NOT NULL OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
        OR NEW.staff_id IS DISTINCT FROM OLD.staff_id OR NEW.reason IS DISTINCT FROM OLD.reason
        OR NEW.opened_at IS DISTINCT FROM OLD.opened_at OR NEW.expires_at IS DISTINCT FROM OLD.expires_at)
  EXECUTE FUNCTION lys_refuse ('an emergency access is only marked as reviewed, once');

-- Signatures

CREATE TABLE signatures (
  id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('note', 'note-addendum', 'eligibility', 'discharge', 'infusion-addendum')),
  record_id  bigint NOT NULL,
  staff_id   bigint NOT NULL REFERENCES staff (id),
  name       text NOT NULL,
  role       text NOT NULL,
  hpr_number text,
  signed_at  text NOT NULL,
  UNIQUE (kind, record_id)
);
CREATE TRIGGER signatures_immutable BEFORE UPDATE ON signatures FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('a signature is never changed');
CREATE TRIGGER signatures_undeletable BEFORE DELETE ON signatures FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('a signature is never deleted');

CREATE TRIGGER notes_signature_insert AFTER INSERT ON notes FOR EACH ROW
  WHEN (NEW.status = 'signed')
  EXECUTE FUNCTION lys_record_signature ('note', 'signed_by', 'signed_at');
CREATE TRIGGER notes_signature AFTER UPDATE OF status ON notes FOR EACH ROW
  WHEN (NEW.status = 'signed' AND OLD.status <> 'signed')
  EXECUTE FUNCTION lys_record_signature ('note', 'signed_by', 'signed_at');
CREATE TRIGGER note_addenda_signature AFTER INSERT ON note_addenda FOR EACH ROW
  EXECUTE FUNCTION lys_record_signature ('note-addendum', 'author_id', 'signed_at');
CREATE TRIGGER eligibility_signature_insert AFTER INSERT ON eligibility FOR EACH ROW
  WHEN (NEW.status = 'signed')
  EXECUTE FUNCTION lys_record_signature ('eligibility', 'signed_by', 'signed_at');
CREATE TRIGGER eligibility_signature AFTER UPDATE OF status ON eligibility FOR EACH ROW
  WHEN (NEW.status = 'signed' AND OLD.status <> 'signed')
  EXECUTE FUNCTION lys_record_signature ('eligibility', 'signed_by', 'signed_at');
CREATE TRIGGER infusions_signature AFTER UPDATE OF status ON infusions FOR EACH ROW
  WHEN (NEW.status = 'discharged' AND OLD.status <> 'discharged')
  EXECUTE FUNCTION lys_record_signature ('discharge', 'discharged_by', 'discharged_at');
CREATE TRIGGER infusion_addenda_signature AFTER INSERT ON infusion_addenda FOR EACH ROW
  EXECUTE FUNCTION lys_record_signature ('infusion-addendum', 'author_id', 'created_at');

-- What a signature covers: the same text as SQLite's views give
CREATE VIEW discharge_signed_content (id, content) AS
  SELECT i.id,
         '[' || concat_ws (',', lys_json_int (i.appointment_id), lys_json_real (i.weight_kg),
                           lys_json_real (i.dose_mg_per_kg), lys_json_real (i.total_mg),
                           lys_json_int (i.duration_minutes), lys_json_text (i.lot_number),
                           lys_json_int (i.given_by), lys_json_int (i.psychologist_id),
                           lys_json_text (i.started_at), lys_json_text (i.ended_at), lys_json_text (i.stop_reason),
                           lys_json_text (i.start_override), lys_json_int (i.checklist),
                           lys_json_text (i.observations), lys_json_real (i.given_mg),
                           (SELECT '[' || coalesce (string_agg (
                                     '[' || concat_ws (',', lys_json_int (v.id), lys_json_text (v.taken_at),
                                                       lys_json_text (v.stage), lys_json_int (v.systolic),
                                                       lys_json_int (v.diastolic), lys_json_int (v.heart_rate),
                                                       lys_json_int (v.spo2), lys_json_int (v.recorded_by),
                                                       lys_json_int (v.alert), lys_json_text (v.entered_at),
                                                       lys_json_text (v.time_reason),
                                                       lys_json_text (v.acknowledged_at),
                                                       lys_json_int (v.acknowledged_by), lys_json_text (v.action),
                                                       lys_json_text (v.acknowledgement)) || ']',
                                     ',' ORDER BY v.id), '') || ']'
                              FROM vitals v WHERE v.infusion_id = i.id),
                           (SELECT '[' || coalesce (string_agg (
                                     '[' || concat_ws (',', lys_json_int (x.id), lys_json_text (x.kind),
                                                       lys_json_text (x.at), lys_json_text (x.reason),
                                                       lys_json_int (x.staff_id)) || ']',
                                     ',' ORDER BY x.id), '') || ']'
                              FROM infusion_events x WHERE x.infusion_id = i.id),
                           (SELECT '[' || coalesce (string_agg (
                                     '[' || concat_ws (',', lys_json_int (a.id), lys_json_text (a.kind),
                                                       lys_json_text (a.description), lys_json_text (a.severity),
                                                       lys_json_text (a.action), lys_json_text (a.noted_at),
                                                       lys_json_int (a.recorded_by)) || ']',
                                     ',' ORDER BY a.id), '') || ']'
                              FROM adverse_events a WHERE a.infusion_id = i.id)) || ']'
    FROM infusions i;

CREATE VIEW eligibility_signed_content (id, content) AS
  SELECT e.id,
         '[' || concat_ws (',', lys_json_int (e.course_id), lys_json_text (e.contraindications),
                           lys_json_real (e.weight_kg), lys_json_int (e.systolic), lys_json_int (e.diastolic),
                           lys_json_int (e.heart_rate), lys_json_text (e.madrs_answers),
                           lys_json_text (e.phq9_answers), lys_json_text (e.decision),
                           lys_json_text (e.justification),
                           (SELECT '[' || coalesce (string_agg (
                                     '[' || concat_ws (',', lys_json_int (t.position), lys_json_text (t.drug),
                                                       lys_json_text (t.dose), lys_json_int (t.therapeutic_dose),
                                                       lys_json_int (t.weeks), lys_json_text (t.outcome)) || ']',
                                     ',' ORDER BY t.position), '') || ']'
                              FROM antidepressant_trials t WHERE t.eligibility_id = e.id),
                           CASE WHEN e.ect_history IS NOT NULL THEN lys_json_text (e.ect_history) END) || ']'
    FROM eligibility e;

-- The ketamine record

CREATE TABLE drug_products (
  id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name               text NOT NULL CHECK (length (trim (name)) BETWEEN 1 AND 120),
  strength_mg_per_ml double precision NOT NULL CHECK (strength_mg_per_ml > 0 AND strength_mg_per_ml <= 200),
  volume_ml          double precision NOT NULL CHECK (volume_ml > 0 AND volume_ml <= 100),
  form               text NOT NULL CHECK (form IN ('ampoule', 'vial')),
  created_at         text NOT NULL,
  UNIQUE (name, strength_mg_per_ml, volume_ml, form)
);

CREATE TABLE drug_lots (
  id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  product_id bigint NOT NULL REFERENCES drug_products (id),
  lot_number text NOT NULL CHECK (length (trim (lot_number)) BETWEEN 1 AND 40),
  expires_on text NOT NULL CHECK (expires_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$')
);
-- Whatever the case it is typed in, as SQLite's COLLATE NOCASE
CREATE UNIQUE INDEX drug_lots_number ON drug_lots (lower (lot_number));

CREATE TABLE drug_entries (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  lot_id        bigint NOT NULL REFERENCES drug_lots (id),
  kind          text NOT NULL CHECK (kind IN ('receipt', 'draw', 'waste', 'count', 'explanation', 'correction')),
  at            text NOT NULL,
  units         bigint NOT NULL,
  mg            double precision NOT NULL CHECK (mg >= 0),
  infusion_id   bigint REFERENCES infusions (id),
  delivery_note text,
  staff_id      bigint NOT NULL REFERENCES staff (id),
  witness_id    bigint REFERENCES staff (id),
  corrects_id   bigint REFERENCES drug_entries (id),
  found_units   bigint CHECK (found_units IS NULL OR found_units >= 0),
  reason        text,
  action        text,
  hash          text NOT NULL,
  CHECK (kind <> 'receipt' OR (units > 0 AND coalesce (length (trim (delivery_note)), 0) > 0)),
  CHECK (kind <> 'draw' OR (units < 0 AND mg > 0 AND infusion_id IS NOT NULL)),
  CHECK (kind <> 'waste' OR (units = 0 AND mg > 0 AND infusion_id IS NOT NULL)),
  CHECK (kind NOT IN ('waste', 'count') OR (witness_id IS NOT NULL AND witness_id <> staff_id)),
  CHECK (kind <> 'count' OR found_units IS NOT NULL),
  CHECK (kind <> 'explanation' OR (units = 0 AND corrects_id IS NOT NULL
                                   AND coalesce (length (trim (reason)), 0) > 0
                                   AND coalesce (length (trim (action)), 0) > 0)),
  CHECK (kind <> 'correction' OR (corrects_id IS NOT NULL AND coalesce (length (trim (reason)), 0) > 0))
);
CREATE INDEX drug_entries_lot ON drug_entries (lot_id, id);
CREATE INDEX drug_entries_at ON drug_entries (at);
CREATE UNIQUE INDEX drug_entries_infusion ON drug_entries (infusion_id, kind) WHERE infusion_id IS NOT NULL;
CREATE UNIQUE INDEX drug_entries_answered ON drug_entries (corrects_id) WHERE corrects_id IS NOT NULL;
CREATE TRIGGER drug_entries_no_update BEFORE UPDATE ON drug_entries FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('the ketamine record is append-only; add a correction');
CREATE TRIGGER drug_entries_no_delete BEFORE DELETE ON drug_entries FOR EACH ROW
  EXECUTE FUNCTION lys_refuse ('the ketamine record is append-only; add a correction');
CREATE TRIGGER drug_entries_no_truncate BEFORE TRUNCATE ON drug_entries FOR EACH STATEMENT
  EXECUTE FUNCTION lys_refuse ('the ketamine record is append-only; add a correction');
CREATE TRIGGER drug_lots_fixed BEFORE UPDATE ON drug_lots FOR EACH ROW
  EXECUTE FUNCTION lys_refuse_if_used ('a lot in the ketamine record is not changed', 'drug_entries', 'lot_id');
CREATE TRIGGER drug_lots_kept BEFORE DELETE ON drug_lots FOR EACH ROW
  EXECUTE FUNCTION lys_refuse_if_used ('a lot in the ketamine record is not deleted', 'drug_entries', 'lot_id');
CREATE TRIGGER drug_products_fixed BEFORE UPDATE OF strength_mg_per_ml, volume_ml, form ON drug_products FOR EACH ROW
  EXECUTE FUNCTION lys_refuse_if_used ('a product in the ketamine record is not changed', 'drug_lots', 'product_id');

-- Changes announced to the other workstations on the channel "lysning":
-- "bookings", "patient:ID" and "infusion:ID", numbers only, never a word
-- of a record. A transaction announces each once, when it commits.
-- lys_announce (kind, column [, via]): the kind, the column of the changed
-- row holding the patient's or infusion's number, and the table that
-- number is looked up in when the row holds another (a course, a booking,
-- an eligibility assessment, a note). It reads past row-level security:
-- announcing is not reading.
CREATE FUNCTION lys_announce () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r jsonb;
  key bigint;
  found bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    r := to_jsonb (OLD);
  ELSE
    r := to_jsonb (NEW);
  END IF;
  IF TG_ARGV[0] = 'bookings' THEN
    PERFORM pg_notify ('lysning', 'bookings');
    IF TG_NARGS < 2 THEN
      RETURN NULL;
    END IF;
  END IF;
  key := (r ->> TG_ARGV[1])::bigint;
  IF key IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_NARGS < 3 THEN
    PERFORM pg_notify ('lysning', (CASE TG_ARGV[0] WHEN 'infusion' THEN 'infusion' ELSE 'patient' END) || ':' || key);
    RETURN NULL;
  END IF;
  FOR found IN
    SELECT c.patient_id FROM courses c WHERE TG_ARGV[2] = 'course' AND c.id = key
    UNION ALL
    SELECT p.patient_id FROM appointment_patients p WHERE TG_ARGV[2] = 'appointment' AND p.appointment_id = key
    UNION ALL
    SELECT c.patient_id FROM eligibility e JOIN courses c ON c.id = e.course_id
      WHERE TG_ARGV[2] = 'eligibility' AND e.id = key
    UNION ALL
    SELECT n.patient_id FROM notes n WHERE TG_ARGV[2] = 'note' AND n.id = key AND n.patient_id IS NOT NULL
  LOOP
    PERFORM pg_notify ('lysning', 'patient:' || found);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER patients_announce AFTER INSERT OR UPDATE OR DELETE ON patients FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'id');
CREATE TRIGGER courses_announce AFTER INSERT OR UPDATE OR DELETE ON courses FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'patient_id');
CREATE TRIGGER appointments_announce AFTER INSERT OR UPDATE OR DELETE ON appointments FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('bookings', 'id', 'appointment');
CREATE TRIGGER appointment_patients_announce AFTER INSERT OR UPDATE OR DELETE ON appointment_patients FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('bookings', 'patient_id');
CREATE TRIGGER appointment_staff_announce AFTER INSERT OR UPDATE OR DELETE ON appointment_staff FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('bookings');
CREATE TRIGGER rooms_announce AFTER INSERT OR UPDATE OR DELETE ON rooms FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('bookings');
CREATE TRIGGER closures_announce AFTER INSERT OR UPDATE OR DELETE ON closures FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('bookings');
CREATE TRIGGER staff_absences_announce AFTER INSERT OR UPDATE OR DELETE ON staff_absences FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('bookings');
CREATE TRIGGER eligibility_announce AFTER INSERT OR UPDATE OR DELETE ON eligibility FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'course_id', 'course');
CREATE TRIGGER antidepressant_trials_announce AFTER INSERT OR UPDATE OR DELETE ON antidepressant_trials FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'eligibility_id', 'eligibility');
CREATE TRIGGER preparation_notes_announce AFTER INSERT OR UPDATE OR DELETE ON preparation_notes FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'appointment_id', 'appointment');
CREATE TRIGGER consents_announce AFTER INSERT OR UPDATE OR DELETE ON consents FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'patient_id');
CREATE TRIGGER infusions_announce AFTER INSERT OR UPDATE OR DELETE ON infusions FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('infusion', 'id');
CREATE TRIGGER infusions_announce_patient AFTER INSERT OR UPDATE OR DELETE ON infusions FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'appointment_id', 'appointment');
CREATE TRIGGER vitals_announce AFTER INSERT OR UPDATE OR DELETE ON vitals FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('infusion', 'infusion_id');
CREATE TRIGGER infusion_events_announce AFTER INSERT OR UPDATE OR DELETE ON infusion_events FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('infusion', 'infusion_id');
CREATE TRIGGER adverse_events_announce AFTER INSERT OR UPDATE OR DELETE ON adverse_events FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('infusion', 'infusion_id');
CREATE TRIGGER infusion_addenda_announce AFTER INSERT OR UPDATE OR DELETE ON infusion_addenda FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('infusion', 'infusion_id');
CREATE TRIGGER ratings_announce AFTER INSERT OR UPDATE OR DELETE ON ratings FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'patient_id');
CREATE TRIGGER notes_announce AFTER INSERT OR UPDATE OR DELETE ON notes FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'patient_id');
CREATE TRIGGER note_addenda_announce AFTER INSERT OR UPDATE OR DELETE ON note_addenda FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'note_id', 'note');
CREATE TRIGGER assignments_announce AFTER INSERT OR UPDATE OR DELETE ON assignments FOR EACH ROW
  EXECUTE FUNCTION lys_announce ('patient', 'patient_id');

-- What SQLite's migrations put in meta
INSERT INTO meta (key, value) VALUES ('clinic-uid', encode (gen_random_bytes (16), 'hex'));
INSERT INTO meta (key, value) VALUES ('registry-key', encode (gen_random_bytes (32), 'hex'));
