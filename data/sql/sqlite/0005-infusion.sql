-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 5: the infusion at the bedside.

-- The record of an infusion opens before the drug is given (weight, dose,
-- baseline vitals are stored as they are entered), is complete from its
-- start, and is read-only once the discharge is signed. Rebuilt to let the
-- dose columns wait for their values; the store applies this with foreign
-- keys off and checks them before it commits.
CREATE TABLE infusions_new (
  id               INTEGER PRIMARY KEY,
  appointment_id   INTEGER NOT NULL UNIQUE REFERENCES appointments (id),
  status           TEXT NOT NULL DEFAULT 'preparing'
                   CHECK (status IN ('preparing', 'running', 'paused', 'ended', 'discharged')),
  weight_kg        REAL CHECK (weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 400)),
  dose_mg_per_kg   REAL CHECK (dose_mg_per_kg IS NULL OR (dose_mg_per_kg >= 0.2 AND dose_mg_per_kg <= 0.75)),
  total_mg         REAL CHECK (total_mg IS NULL OR total_mg > 0),
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
  lot_number       TEXT,
  given_by         INTEGER REFERENCES staff (id),
  psychologist_id  INTEGER REFERENCES staff (id),
  started_at       TEXT,
  ended_at         TEXT,
  discharged_at    TEXT,
  discharged_by    INTEGER REFERENCES staff (id),
  stop_reason      TEXT,
  start_override   TEXT,                 -- why it started above the limit for starting
  checklist        INTEGER NOT NULL DEFAULT 0 CHECK (checklist BETWEEN 0 AND 15),
  observations     TEXT NOT NULL DEFAULT '',
  updated_at       TEXT NOT NULL,
  CHECK (status = 'preparing' OR (weight_kg IS NOT NULL AND dose_mg_per_kg IS NOT NULL AND total_mg IS NOT NULL
         AND lot_number IS NOT NULL AND given_by IS NOT NULL AND psychologist_id IS NOT NULL
         AND started_at IS NOT NULL)),
  CHECK (status NOT IN ('ended', 'discharged') OR ended_at IS NOT NULL),
  CHECK (status <> 'discharged' OR (discharged_at IS NOT NULL AND discharged_by IS NOT NULL))
) STRICT;

INSERT INTO infusions_new (id, appointment_id, status, weight_kg, dose_mg_per_kg, total_mg,
                           duration_minutes, lot_number, given_by, psychologist_id, started_at,
                           ended_at, discharged_at, discharged_by, stop_reason, checklist, updated_at)
SELECT id, appointment_id,
       CASE WHEN ended_at IS NULL THEN 'running'
            WHEN discharged_at IS NULL THEN 'ended'
            ELSE 'discharged' END,
       weight_kg, dose_mg_per_kg, total_mg, duration_minutes, lot_number, given_by, psychologist_id,
       started_at, ended_at, CASE WHEN ended_at IS NOT NULL THEN discharged_at END,
       CASE WHEN ended_at IS NOT NULL AND discharged_at IS NOT NULL THEN given_by END,
       stop_reason,
       CASE WHEN ended_at IS NOT NULL AND discharged_at IS NOT NULL THEN 15 ELSE 0 END,
       strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')
  FROM infusions;
DROP TABLE infusions;
ALTER TABLE infusions_new RENAME TO infusions;

-- A reading keeps what it raised and when it was typed in; a time not taken
-- from the clock has its reason; an alert is acknowledged with what was done
ALTER TABLE vitals ADD COLUMN alert INTEGER NOT NULL DEFAULT 0 CHECK (alert BETWEEN 0 AND 7);
ALTER TABLE vitals ADD COLUMN entered_at TEXT;
ALTER TABLE vitals ADD COLUMN time_reason TEXT;
ALTER TABLE vitals ADD COLUMN acknowledged_at TEXT;
ALTER TABLE vitals ADD COLUMN acknowledged_by INTEGER REFERENCES staff (id);
ALTER TABLE vitals ADD COLUMN action TEXT CHECK (action IS NULL OR action IN ('continue', 'pause', 'stop'));
ALTER TABLE vitals ADD COLUMN acknowledgement TEXT;

-- Pauses, resumptions, an early stop, a start above the limit and hand-entered
-- times, each with who and why
CREATE TABLE infusion_events (
  id          INTEGER PRIMARY KEY,
  infusion_id INTEGER NOT NULL REFERENCES infusions (id),
  kind        TEXT NOT NULL CHECK (kind IN ('start-override', 'pause', 'resume', 'stop', 'time-edit')),
  at          TEXT NOT NULL,
  reason      TEXT,
  staff_id    INTEGER REFERENCES staff (id),
  CHECK (kind = 'resume' OR length (trim (reason)) > 0)
) STRICT;
CREATE INDEX infusion_events_infusion ON infusion_events (infusion_id, at);

CREATE TABLE adverse_events (
  id          INTEGER PRIMARY KEY,
  infusion_id INTEGER NOT NULL REFERENCES infusions (id),
  kind        TEXT NOT NULL CHECK (kind IN ('nausea', 'vomiting', 'hypertension', 'agitation',
                                            'dissociation-distress', 'other')),
  description TEXT,
  severity    TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
  action      TEXT NOT NULL DEFAULT '',
  noted_at    TEXT NOT NULL,
  recorded_by INTEGER REFERENCES staff (id),
  CHECK (kind <> 'other' OR length (trim (description)) > 0)
) STRICT;
CREATE INDEX adverse_events_infusion ON adverse_events (infusion_id);

-- Corrections to a signed record: the original stays as it was
CREATE TABLE infusion_addenda (
  id          INTEGER PRIMARY KEY,
  infusion_id INTEGER NOT NULL REFERENCES infusions (id),
  author_id   INTEGER NOT NULL REFERENCES staff (id),
  body        TEXT NOT NULL CHECK (length (trim (body)) > 0),
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX infusion_addenda_infusion ON infusion_addenda (infusion_id);

-- A signed discharge closes the record: the database refuses any change to
-- it and to what belongs to it, whatever path tries
CREATE TRIGGER infusions_discharged_immutable BEFORE UPDATE ON infusions
  WHEN OLD.status = 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'a discharged infusion is not changed; add an addendum');
END;
CREATE TRIGGER infusions_undeletable BEFORE DELETE ON infusions
BEGIN
  SELECT RAISE (ABORT, 'an infusion record is never deleted');
END;

CREATE TRIGGER vitals_closed_insert BEFORE INSERT ON vitals
  WHEN (SELECT status FROM infusions WHERE id = NEW.infusion_id) = 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'a discharged infusion is not changed; add an addendum');
END;
CREATE TRIGGER vitals_recorded_immutable BEFORE UPDATE OF infusion_id, taken_at, stage, systolic, diastolic,
  heart_rate, spo2, recorded_by, alert, entered_at, time_reason ON vitals
BEGIN
  SELECT RAISE (ABORT, 'a recorded reading is not changed');
END;
CREATE TRIGGER vitals_closed_update BEFORE UPDATE ON vitals
  WHEN (SELECT status FROM infusions WHERE id = OLD.infusion_id) = 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'a discharged infusion is not changed; add an addendum');
END;
CREATE TRIGGER vitals_undeletable BEFORE DELETE ON vitals
BEGIN
  SELECT RAISE (ABORT, 'a recorded reading is never deleted');
END;

CREATE TRIGGER infusion_events_closed BEFORE INSERT ON infusion_events
  WHEN (SELECT status FROM infusions WHERE id = NEW.infusion_id) = 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'a discharged infusion is not changed; add an addendum');
END;
CREATE TRIGGER infusion_events_immutable BEFORE UPDATE ON infusion_events
BEGIN
  SELECT RAISE (ABORT, 'an infusion event is not changed');
END;
CREATE TRIGGER infusion_events_undeletable BEFORE DELETE ON infusion_events
BEGIN
  SELECT RAISE (ABORT, 'an infusion event is never deleted');
END;

CREATE TRIGGER adverse_events_closed BEFORE INSERT ON adverse_events
  WHEN (SELECT status FROM infusions WHERE id = NEW.infusion_id) = 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'a discharged infusion is not changed; add an addendum');
END;
CREATE TRIGGER adverse_events_immutable BEFORE UPDATE ON adverse_events
BEGIN
  SELECT RAISE (ABORT, 'an adverse event is not changed; add another entry or an addendum');
END;
CREATE TRIGGER adverse_events_undeletable BEFORE DELETE ON adverse_events
BEGIN
  SELECT RAISE (ABORT, 'an adverse event is never deleted');
END;

CREATE TRIGGER ratings_infusion_closed_insert BEFORE INSERT ON ratings
  WHEN (SELECT status FROM infusions WHERE id = NEW.infusion_id) = 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'a discharged infusion is not changed; add an addendum');
END;
CREATE TRIGGER ratings_infusion_closed_update BEFORE UPDATE ON ratings
  WHEN (SELECT status FROM infusions WHERE id = OLD.infusion_id) = 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'a discharged infusion is not changed; add an addendum');
END;
CREATE TRIGGER ratings_infusion_closed_delete BEFORE DELETE ON ratings
  WHEN (SELECT status FROM infusions WHERE id = OLD.infusion_id) = 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'a discharged infusion is not changed; add an addendum');
END;

CREATE TRIGGER infusion_addenda_signed_only BEFORE INSERT ON infusion_addenda
  WHEN (SELECT status FROM infusions WHERE id = NEW.infusion_id) IS NOT 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'an addendum is added to a discharged infusion only');
END;
CREATE TRIGGER infusion_addenda_immutable BEFORE UPDATE ON infusion_addenda
BEGIN
  SELECT RAISE (ABORT, 'an addendum is not changed');
END;
CREATE TRIGGER infusion_addenda_undeletable BEFORE DELETE ON infusion_addenda
BEGIN
  SELECT RAISE (ABORT, 'an addendum is never deleted');
END;
