-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 26: forms and consents in Norwegian Nynorsk as
-- well. The language checks of the consent forms, the consents and the
-- patients' form language take 'nn'. SQLite changes a check by making the
-- table anew (foreign keys are off while a migration runs); the rows, indexes
-- and triggers stay as they were.

CREATE TABLE consent_forms_new (
  version    TEXT NOT NULL,
  language   TEXT NOT NULL CHECK (language IN ('nb', 'nn', 'en')),
  body       TEXT NOT NULL CHECK (length (trim (body)) > 0),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES staff (id),
  PRIMARY KEY (version, language)
) STRICT;
INSERT INTO consent_forms_new (rowid, version, language, body, created_at, created_by)
  SELECT rowid, version, language, body, created_at, created_by FROM consent_forms;
DROP TABLE consent_forms;
ALTER TABLE consent_forms_new RENAME TO consent_forms;

CREATE TRIGGER consent_forms_no_update BEFORE UPDATE ON consent_forms
BEGIN
  SELECT RAISE (ABORT, 'a version of the consent form is never changed; save a new version');
END;
CREATE TRIGGER consent_forms_no_delete BEFORE DELETE ON consent_forms
BEGIN
  SELECT RAISE (ABORT, 'a version of the consent form is never deleted');
END;
CREATE TRIGGER consent_forms_unreplaced BEFORE INSERT ON consent_forms
  WHEN EXISTS (SELECT 1 FROM consent_forms WHERE version = NEW.version AND language = NEW.language)
BEGIN
  SELECT RAISE (ABORT, 'a consent form version is never replaced');
END;

CREATE TABLE consents_new (
  id                     INTEGER PRIMARY KEY,
  patient_id             INTEGER NOT NULL REFERENCES patients (id),
  form_version           TEXT NOT NULL,
  language               TEXT NOT NULL CHECK (language IN ('nb', 'nn', 'en')),
  signed_on              TEXT NOT NULL,
  physician_id           INTEGER NOT NULL REFERENCES staff (id),
  recorded_at            TEXT NOT NULL,
  withdrawn_on           TEXT,
  withdrawal_reason      TEXT,
  withdrawn_by           INTEGER REFERENCES staff (id),
  withdrawal_recorded_at TEXT,
  CHECK (withdrawn_on IS NULL OR withdrawal_reason IS NOT NULL)
) STRICT;
INSERT INTO consents_new SELECT id, patient_id, form_version, language, signed_on, physician_id, recorded_at,
                                withdrawn_on, withdrawal_reason, withdrawn_by, withdrawal_recorded_at FROM consents;
DROP TABLE consents;
ALTER TABLE consents_new RENAME TO consents;
CREATE INDEX consents_patient ON consents (patient_id);

CREATE TRIGGER consents_only_withdrawn BEFORE UPDATE OF patient_id, form_version, language, signed_on,
  physician_id, recorded_at ON consents
BEGIN
  SELECT RAISE (ABORT, 'a recorded consent is not changed; record a withdrawal or a new consent');
END;

CREATE TABLE patients_new (
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
  form_language    TEXT NOT NULL DEFAULT 'nb' CHECK (form_language IN ('nb', 'nn', 'en')),
  funding          TEXT
    CHECK (funding IS NULL OR (funding IN ('public', 'research', 'self-paid') AND indication <> 'trd')),
  CHECK (indication = 'trd' OR indication_note IS NOT NULL)
) STRICT;
INSERT INTO patients_new SELECT id, national_id, id_kind, given_name, family_name, birth_date, sex, phone, email,
                                escort_name, escort_phone, referred_by, diagnosis, indication, indication_note,
                                registry_opt_out, created_at, updated_at, form_language, funding FROM patients;
DROP TABLE patients;
ALTER TABLE patients_new RENAME TO patients;
CREATE INDEX patients_name ON patients (family_name, given_name);
