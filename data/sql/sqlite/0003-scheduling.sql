-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 3: scheduling.

-- Days the whole clinic is closed besides weekends and public holidays
CREATE TABLE closures (
  id        INTEGER PRIMARY KEY,
  starts_on TEXT NOT NULL,            -- "YYYY-MM-DD", inclusive
  ends_on   TEXT NOT NULL,            -- inclusive
  reason    TEXT NOT NULL CHECK (length (trim (reason)) > 0),
  CHECK (ends_on >= starts_on)
) STRICT;

-- Days a staff member is away (holiday, course, illness)
CREATE TABLE staff_absences (
  id        INTEGER PRIMARY KEY,
  staff_id  INTEGER NOT NULL REFERENCES staff (id),
  starts_on TEXT NOT NULL,
  ends_on   TEXT NOT NULL,
  reason    TEXT,
  CHECK (ends_on >= starts_on)
) STRICT;
CREATE INDEX staff_absences_staff ON staff_absences (staff_id, starts_on);

-- The patient's preferred days (bit 0 Monday .. bit 6 Sunday) and time of day
ALTER TABLE courses ADD COLUMN preferred_weekdays INTEGER NOT NULL DEFAULT 31
  CHECK (preferred_weekdays BETWEEN 1 AND 127);
ALTER TABLE courses ADD COLUMN preferred_time TEXT NOT NULL DEFAULT 'any'
  CHECK (preferred_time IN ('any', 'morning', 'afternoon'));

-- Stable identifiers for exported calendar entries
INSERT OR IGNORE INTO meta (key, value) VALUES ('clinic-uid', lower (hex (randomblob (16))));

-- A booking never spans midnight or more than twelve hours: the conflict
-- checks look back that far from a new booking's start
CREATE TRIGGER appointments_length_insert BEFORE INSERT ON appointments
WHEN julianday (NEW.ends_at) - julianday (NEW.starts_at) > 0.5
BEGIN
  SELECT RAISE (ABORT, 'a booking lasts at most twelve hours');
END;
CREATE TRIGGER appointments_length_update BEFORE UPDATE OF starts_at, ends_at ON appointments
WHEN julianday (NEW.ends_at) - julianday (NEW.starts_at) > 0.5
BEGIN
  SELECT RAISE (ABORT, 'a booking lasts at most twelve hours');
END;
