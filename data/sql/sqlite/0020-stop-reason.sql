-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 20: why a course was stopped, coded.

-- The code the registry and the 2028 review count by; stop_reason keeps
-- the clinician's words beside it. Courses stopped before the code
-- existed count as "another reason", their words kept.
ALTER TABLE courses ADD COLUMN stop_code TEXT
  CHECK (stop_code IS NULL OR stop_code IN ('no-effect', 'adverse-effects', 'patient-wish', 'medical',
                                            'practical', 'other'));
UPDATE courses SET stop_code = 'other' WHERE phase = 'stopped';

-- A course is stopped with its code, and only a stopped course has one
CREATE TRIGGER courses_stop_code_insert BEFORE INSERT ON courses
WHEN (NEW.phase = 'stopped') <> (NEW.stop_code IS NOT NULL)
BEGIN
  SELECT RAISE (ABORT, 'a stopped course has a coded reason, and only a stopped course');
END;

CREATE TRIGGER courses_stop_code_update BEFORE UPDATE OF phase, stop_code ON courses
WHEN (NEW.phase = 'stopped') <> (NEW.stop_code IS NOT NULL)
BEGIN
  SELECT RAISE (ABORT, 'a stopped course has a coded reason, and only a stopped course');
END;
