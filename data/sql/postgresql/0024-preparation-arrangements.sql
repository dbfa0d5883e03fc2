-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning's server schema, migration 24 (as SQLite's): what everyone at the
-- clinic may know of a preparation session's note.

-- Read with its owner's rights, past the row policy that keeps the note's
-- words for the clinicians treating the patient: whether a session has its
-- note, how the patient gets home and whether they fasted, and the
-- psychologist's judgement of their readiness, from which the course's
-- gates are worked out for every patient.
CREATE VIEW preparation_arrangements AS
  SELECT appointment_id, escort, transport, fasting, readiness FROM preparation_notes;
