-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 1. Applied in one transaction by LysStore.
-- Times are ISO 8601 text: clinic-local "YYYY-MM-DD HH:MM:SS" for bookings and
-- clinical events, UTC "YYYY-MM-DDTHH:MM:SSZ" for record keeping (audit, created_at).

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
  id            INTEGER PRIMARY KEY,
  username      TEXT UNIQUE,              -- OS account mapped to this profile
  name          TEXT NOT NULL CHECK (length (trim (name)) > 0),
  role          TEXT NOT NULL CHECK (role IN ('psychologist', 'physician', 'nurse', 'coordinator')),
  hpr_number    TEXT CHECK (hpr_number IS NULL OR hpr_number GLOB '[0-9]*'),
  kap_certified INTEGER NOT NULL DEFAULT 0 CHECK (kap_certified IN (0, 1)),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE patients (
  id               INTEGER PRIMARY KEY,
  national_id      TEXT NOT NULL UNIQUE CHECK (length (national_id) = 11),
  id_kind          TEXT NOT NULL CHECK (id_kind IN ('fnr', 'dnr', 'hnr')),
  given_name       TEXT NOT NULL CHECK (length (trim (given_name)) > 0),
  family_name      TEXT NOT NULL CHECK (length (trim (family_name)) > 0),
  birth_date       TEXT NOT NULL,
  sex              TEXT CHECK (sex IS NULL OR sex IN ('female', 'male', 'other')), -- as recorded, never derived
  phone            TEXT,
  email            TEXT,
  escort_name      TEXT,
  escort_phone     TEXT,
  referred_by      TEXT,
  diagnosis        TEXT,                  -- ICD-10, e.g. F33.2
  indication       TEXT NOT NULL DEFAULT 'trd',
  indication_note  TEXT,
  registry_opt_out INTEGER NOT NULL DEFAULT 0 CHECK (registry_opt_out IN (0, 1)),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  CHECK (indication = 'trd' OR indication_note IS NOT NULL)
) STRICT;
CREATE INDEX patients_name ON patients (family_name, given_name);

CREATE TABLE courses (
  id          INTEGER PRIMARY KEY,
  patient_id  INTEGER NOT NULL REFERENCES patients (id),
  kind        TEXT NOT NULL CHECK (kind IN ('induction', 'maintenance')),
  phase       TEXT NOT NULL CHECK (phase IN ('preparation', 'induction', 'maintenance', 'completed', 'stopped')),
  stop_reason TEXT,
  started_on  TEXT NOT NULL,
  ended_on    TEXT,
  CHECK (phase <> 'stopped' OR stop_reason IS NOT NULL)
) STRICT;
CREATE INDEX courses_patient ON courses (patient_id);

CREATE TABLE rooms (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  headphones     INTEGER NOT NULL DEFAULT 0 CHECK (headphones IN (0, 1)),
  duvet          INTEGER NOT NULL DEFAULT 0 CHECK (duvet IN (0, 1)),
  dimmable_light INTEGER NOT NULL DEFAULT 0 CHECK (dimmable_light IN (0, 1)),
  monitoring     INTEGER NOT NULL DEFAULT 0 CHECK (monitoring IN (0, 1)),
  opens_at       TEXT NOT NULL DEFAULT '08:00',
  closes_at      TEXT NOT NULL DEFAULT '16:00',
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  CHECK (closes_at > opens_at)
) STRICT;

CREATE TABLE appointments (
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('preparation', 'infusion', 'integration', 'group-integration', 'follow-up')),
  state     TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'done', 'missed', 'cancelled')),
  course_id INTEGER REFERENCES courses (id),
  room_id   INTEGER REFERENCES rooms (id),
  starts_at TEXT NOT NULL,
  ends_at   TEXT NOT NULL,             -- for infusions: infusion + observation + turnover
  CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX appointments_time ON appointments (starts_at);
CREATE INDEX appointments_course ON appointments (course_id);
CREATE INDEX appointments_room ON appointments (room_id, starts_at);

CREATE TABLE appointment_patients (
  appointment_id INTEGER NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
  patient_id     INTEGER NOT NULL REFERENCES patients (id),
  PRIMARY KEY (appointment_id, patient_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX appointment_patients_patient ON appointment_patients (patient_id);

CREATE TABLE appointment_staff (
  appointment_id INTEGER NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
  staff_id       INTEGER NOT NULL REFERENCES staff (id),
  task           TEXT NOT NULL CHECK (task IN ('drug', 'psychologist', 'therapist')),
  PRIMARY KEY (appointment_id, staff_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX appointment_staff_staff ON appointment_staff (staff_id);

CREATE TABLE infusions (
  id               INTEGER PRIMARY KEY,
  appointment_id   INTEGER NOT NULL UNIQUE REFERENCES appointments (id),
  weight_kg        REAL NOT NULL CHECK (weight_kg > 0 AND weight_kg < 400),
  dose_mg_per_kg   REAL NOT NULL CHECK (dose_mg_per_kg >= 0.2 AND dose_mg_per_kg <= 0.75),
  total_mg         REAL NOT NULL CHECK (total_mg > 0),
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
  lot_number       TEXT NOT NULL,
  given_by         INTEGER NOT NULL REFERENCES staff (id),
  psychologist_id  INTEGER NOT NULL REFERENCES staff (id),
  started_at       TEXT NOT NULL,
  ended_at         TEXT,
  discharged_at    TEXT,
  stop_reason      TEXT
) STRICT;

CREATE TABLE vitals (
  id          INTEGER PRIMARY KEY,
  infusion_id INTEGER NOT NULL REFERENCES infusions (id),
  taken_at    TEXT NOT NULL,
  stage       TEXT NOT NULL CHECK (stage IN ('baseline', 'during', 'after')),
  systolic    INTEGER NOT NULL CHECK (systolic BETWEEN 40 AND 300),
  diastolic   INTEGER NOT NULL CHECK (diastolic BETWEEN 20 AND 200),
  heart_rate  INTEGER NOT NULL CHECK (heart_rate BETWEEN 20 AND 250),
  spo2        INTEGER NOT NULL CHECK (spo2 BETWEEN 50 AND 100),
  recorded_by INTEGER REFERENCES staff (id),
  CHECK (systolic > diastolic)
) STRICT;
CREATE INDEX vitals_infusion ON vitals (infusion_id, taken_at);

CREATE TABLE ratings (
  id          INTEGER PRIMARY KEY,
  patient_id  INTEGER NOT NULL REFERENCES patients (id),
  course_id   INTEGER REFERENCES courses (id),
  infusion_id INTEGER REFERENCES infusions (id),
  scale       TEXT NOT NULL CHECK (scale IN ('madrs', 'phq9', 'qids-sr16', 'cadss')),
  timepoint   TEXT,                    -- baseline, infusion-6, month-1, ...
  rated_at    TEXT NOT NULL,
  answers     TEXT NOT NULL CHECK (json_valid (answers) AND json_type (answers) = 'array'),
  total       INTEGER NOT NULL CHECK (total >= 0),
  rated_by    INTEGER REFERENCES staff (id)
) STRICT;
CREATE INDEX ratings_patient ON ratings (patient_id, rated_at);

CREATE TABLE notes (
  id             INTEGER PRIMARY KEY,
  patient_id     INTEGER REFERENCES patients (id),   -- NULL for the shared part of a group note
  group_note_id  INTEGER REFERENCES notes (id),      -- an individual part points to its shared part
  appointment_id INTEGER REFERENCES appointments (id),
  author_id      INTEGER NOT NULL REFERENCES staff (id),
  template       TEXT NOT NULL,
  session_kind   TEXT NOT NULL CHECK (session_kind IN ('preparation', 'infusion', 'integration', 'group-integration', 'follow-up')),
  body           TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  signed_at      TEXT,
  signed_by      INTEGER REFERENCES staff (id),
  content_sha256 TEXT,
  CHECK (status = 'draft' OR (signed_at IS NOT NULL AND signed_by IS NOT NULL AND content_sha256 IS NOT NULL))
) STRICT;
CREATE INDEX notes_patient ON notes (patient_id, created_at);

CREATE TABLE note_addenda (
  id             INTEGER PRIMARY KEY,
  note_id        INTEGER NOT NULL REFERENCES notes (id),
  author_id      INTEGER NOT NULL REFERENCES staff (id),
  body           TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  signed_at      TEXT NOT NULL,
  content_sha256 TEXT NOT NULL
) STRICT;

-- A signed record is never changed, only amended.
CREATE TRIGGER notes_signed_immutable BEFORE UPDATE ON notes
  WHEN OLD.status = 'signed'
BEGIN
  SELECT RAISE (ABORT, 'a signed note cannot be changed; add an addendum');
END;
CREATE TRIGGER notes_signed_undeletable BEFORE DELETE ON notes
  WHEN OLD.status = 'signed'
BEGIN
  SELECT RAISE (ABORT, 'a signed note cannot be deleted');
END;
CREATE TRIGGER note_addenda_immutable BEFORE UPDATE ON note_addenda
BEGIN
  SELECT RAISE (ABORT, 'a signed addendum cannot be changed');
END;
CREATE TRIGGER note_addenda_undeletable BEFORE DELETE ON note_addenda
BEGIN
  SELECT RAISE (ABORT, 'a signed addendum cannot be deleted');
END;

CREATE TABLE consents (
  id                INTEGER PRIMARY KEY,
  patient_id        INTEGER NOT NULL REFERENCES patients (id),
  form_version      TEXT NOT NULL,
  language          TEXT NOT NULL CHECK (language IN ('nb', 'en')),
  signed_on         TEXT NOT NULL,
  physician_id      INTEGER NOT NULL REFERENCES staff (id),
  recorded_at       TEXT NOT NULL,
  withdrawn_on      TEXT,
  withdrawal_reason TEXT,
  CHECK (withdrawn_on IS NULL OR withdrawal_reason IS NOT NULL)
) STRICT;
CREATE INDEX consents_patient ON consents (patient_id);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  staff_id    INTEGER,                 -- no foreign key: the log outlives any profile
  staff_name  TEXT NOT NULL,
  role        TEXT NOT NULL,
  action      TEXT NOT NULL,
  patient_id  INTEGER,
  object_type TEXT,
  object_id   INTEGER,
  detail      TEXT                     -- never patient data
) STRICT;
CREATE INDEX audit_log_patient ON audit_log (patient_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;
