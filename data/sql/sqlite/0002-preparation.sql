-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 2: the preparation phase.

-- One eligibility assessment per course; a draft until a physician signs it.
CREATE TABLE eligibility (
  id                INTEGER PRIMARY KEY,
  course_id         INTEGER NOT NULL UNIQUE REFERENCES courses (id),
  contraindications TEXT NOT NULL DEFAULT '[]'
                    CHECK (json_valid (contraindications) AND json_type (contraindications) = 'array'),
  weight_kg         REAL CHECK (weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 400)),
  systolic          INTEGER CHECK (systolic IS NULL OR systolic BETWEEN 40 AND 300),
  diastolic         INTEGER CHECK (diastolic IS NULL OR diastolic BETWEEN 20 AND 200),
  heart_rate        INTEGER CHECK (heart_rate IS NULL OR heart_rate BETWEEN 20 AND 250),
  madrs_answers     TEXT CHECK (madrs_answers IS NULL OR json_valid (madrs_answers)),
  phq9_answers      TEXT CHECK (phq9_answers IS NULL OR json_valid (phq9_answers)),
  decision          TEXT CHECK (decision IS NULL OR decision IN ('eligible', 'not-eligible', 'exception')),
  justification     TEXT,
  status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
  updated_at        TEXT NOT NULL,
  signed_at         TEXT,
  signed_by         INTEGER REFERENCES staff (id),
  CHECK (status = 'draft' OR (decision IS NOT NULL AND signed_at IS NOT NULL AND signed_by IS NOT NULL)),
  CHECK (decision IS NOT 'exception' OR length (trim (justification)) > 0)
) STRICT;

CREATE TABLE antidepressant_trials (
  id               INTEGER PRIMARY KEY,
  eligibility_id   INTEGER NOT NULL REFERENCES eligibility (id),
  position         INTEGER NOT NULL,
  drug             TEXT NOT NULL CHECK (length (trim (drug)) > 0),
  dose             TEXT NOT NULL DEFAULT '',
  therapeutic_dose INTEGER NOT NULL CHECK (therapeutic_dose IN (0, 1)),
  weeks            INTEGER NOT NULL CHECK (weeks BETWEEN 0 AND 520),
  outcome          TEXT NOT NULL CHECK (outcome IN ('response', 'partial', 'none', 'not-tolerated')),
  UNIQUE (eligibility_id, position)
) STRICT;

CREATE TRIGGER eligibility_signed_immutable BEFORE UPDATE ON eligibility
  WHEN OLD.status = 'signed'
BEGIN
  SELECT RAISE (ABORT, 'a signed eligibility assessment cannot be changed');
END;
CREATE TRIGGER eligibility_signed_undeletable BEFORE DELETE ON eligibility
  WHEN OLD.status = 'signed'
BEGIN
  SELECT RAISE (ABORT, 'a signed eligibility assessment cannot be deleted');
END;
CREATE TRIGGER trials_signed_no_insert BEFORE INSERT ON antidepressant_trials
  WHEN (SELECT status FROM eligibility WHERE id = NEW.eligibility_id) = 'signed'
BEGIN
  SELECT RAISE (ABORT, 'a signed eligibility assessment cannot be changed');
END;
CREATE TRIGGER trials_signed_no_update BEFORE UPDATE ON antidepressant_trials
  WHEN (SELECT status FROM eligibility WHERE id = OLD.eligibility_id) = 'signed'
BEGIN
  SELECT RAISE (ABORT, 'a signed eligibility assessment cannot be changed');
END;
CREATE TRIGGER trials_signed_no_delete BEFORE DELETE ON antidepressant_trials
  WHEN (SELECT status FROM eligibility WHERE id = OLD.eligibility_id) = 'signed'
BEGIN
  SELECT RAISE (ABORT, 'a signed eligibility assessment cannot be changed');
END;

-- The psychologist's record of a preparation session (an appointment of kind
-- 'preparation'). The session counts as done once a readiness judgement is made.
CREATE TABLE preparation_notes (
  appointment_id INTEGER PRIMARY KEY REFERENCES appointments (id),
  author_id      INTEGER NOT NULL REFERENCES staff (id),
  intentions     TEXT NOT NULL DEFAULT '',
  expectations   TEXT NOT NULL DEFAULT '',
  fears          TEXT NOT NULL DEFAULT '',
  escort         TEXT NOT NULL DEFAULT '',
  transport      TEXT NOT NULL DEFAULT '',
  fasting        TEXT NOT NULL DEFAULT '',
  readiness      TEXT CHECK (readiness IS NULL OR readiness IN ('ready', 'needs-more', 'not-ready')),
  updated_at     TEXT NOT NULL
) STRICT;
