-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 4: versioned off-label consent forms.

-- A version of the form holds its text in Bokmål and in English. A version
-- is never changed once saved: consents point to the version signed.
CREATE TABLE consent_forms (
  version    TEXT NOT NULL,
  language   TEXT NOT NULL CHECK (language IN ('nb', 'en')),
  body       TEXT NOT NULL CHECK (length (trim (body)) > 0),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES staff (id),
  PRIMARY KEY (version, language)
) STRICT;

CREATE TRIGGER consent_forms_no_update BEFORE UPDATE ON consent_forms
BEGIN
  SELECT RAISE (ABORT, 'a version of the consent form is never changed; save a new version');
END;
CREATE TRIGGER consent_forms_no_delete BEFORE DELETE ON consent_forms
BEGIN
  SELECT RAISE (ABORT, 'a version of the consent form is never deleted');
END;

-- The language the patient reads the form in, whatever the staff's language
ALTER TABLE patients ADD COLUMN form_language TEXT NOT NULL DEFAULT 'nb'
  CHECK (form_language IN ('nb', 'en'));

-- Who recorded a withdrawal, and when
ALTER TABLE consents ADD COLUMN withdrawn_by INTEGER REFERENCES staff (id);
ALTER TABLE consents ADD COLUMN withdrawal_recorded_at TEXT;

-- A recorded consent names a version of the form; withdrawal is its only change
CREATE TRIGGER consents_only_withdrawn BEFORE UPDATE OF patient_id, form_version, language, signed_on,
  physician_id, recorded_at ON consents
BEGIN
  SELECT RAISE (ABORT, 'a recorded consent is not changed; record a withdrawal or a new consent');
END;
