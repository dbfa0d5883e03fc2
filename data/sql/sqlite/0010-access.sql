-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 10: need-to-know access.

-- The clinic lead manages staff, settings, reports and the audit view; once
-- a clinic has one, access follows assignment and treatment
ALTER TABLE staff ADD COLUMN lead INTEGER NOT NULL DEFAULT 0 CHECK (lead IN (0, 1));

-- Who treats whom, besides those booked for the patient's sessions
CREATE TABLE assignments (
  patient_id  INTEGER NOT NULL REFERENCES patients (id),
  staff_id    INTEGER NOT NULL REFERENCES staff (id),
  assigned_at TEXT NOT NULL,
  assigned_by INTEGER REFERENCES staff (id),
  PRIMARY KEY (patient_id, staff_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX assignments_staff ON assignments (staff_id);

-- A record opened outside one's assignment, with the reason, for review
CREATE TABLE emergency_access (
  id          INTEGER PRIMARY KEY,
  patient_id  INTEGER NOT NULL REFERENCES patients (id),
  staff_id    INTEGER NOT NULL REFERENCES staff (id),
  reason      TEXT NOT NULL CHECK (length (trim (reason)) >= 10),
  opened_at   TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  reviewed_at TEXT,
  reviewed_by INTEGER REFERENCES staff (id),
  CHECK (expires_at > opened_at)
) STRICT;
CREATE INDEX emergency_access_staff ON emergency_access (staff_id, patient_id, expires_at);
CREATE TRIGGER emergency_access_kept BEFORE DELETE ON emergency_access
BEGIN
  SELECT RAISE (ABORT, 'an emergency access is kept for review');
END;
CREATE TRIGGER emergency_access_reviewed_only BEFORE UPDATE ON emergency_access
  WHEN OLD.reviewed_at IS NOT NULL OR NEW.patient_id IS NOT OLD.patient_id OR NEW.staff_id IS NOT OLD.staff_id
    OR NEW.reason IS NOT OLD.reason OR NEW.opened_at IS NOT OLD.opened_at OR NEW.expires_at IS NOT OLD.expires_at
BEGIN
  SELECT RAISE (ABORT, 'an emergency access is only marked as reviewed, once');
END;
