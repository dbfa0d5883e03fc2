-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 24: what everyone at the clinic may know of a
-- preparation session's note.

-- Whether a session has its note, how the patient gets home and whether
-- they fasted, and the psychologist's judgement of their readiness: what
-- the coordinator plans with and the course's gates are worked out from,
-- for every patient. What the patient intends, expects and fears stays in
-- the note, for the clinicians treating them (on a clinic server, the
-- server itself keeps it from everyone else).
CREATE VIEW preparation_arrangements AS
  SELECT appointment_id, escort, transport, fasting, readiness FROM preparation_notes;
