-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 16: what a signature covers, checked.

-- A signed note keeps the SHA-256 of its text. A signed eligibility
-- assessment and a signed discharge now keep the SHA-256 of what was signed
-- too: the views below say what that is, once, for the signing, for the
-- check when the record is shown and for --verify-audit. Who signed and
-- when is in the signatures table. A record changed past the triggers no
-- longer matches, and is said to be altered instead of shown.
ALTER TABLE eligibility ADD COLUMN content_sha256 TEXT;
ALTER TABLE infusions ADD COLUMN content_sha256 TEXT;

CREATE VIEW eligibility_signed_content (id, content) AS
  SELECT e.id,
         json_array (e.course_id, e.contraindications, e.weight_kg, e.systolic, e.diastolic, e.heart_rate,
                     e.madrs_answers, e.phq9_answers, e.decision, e.justification,
                     (SELECT json_group_array (json_array (t.position, t.drug, t.dose, t.therapeutic_dose, t.weeks,
                                                           t.outcome))
                        FROM (SELECT * FROM antidepressant_trials WHERE eligibility_id = e.id ORDER BY position) t))
    FROM eligibility e;

CREATE VIEW discharge_signed_content (id, content) AS
  SELECT i.id,
         json_array (i.appointment_id, i.weight_kg, i.dose_mg_per_kg, i.total_mg, i.duration_minutes,
                     i.lot_number, i.given_by, i.psychologist_id, i.started_at, i.ended_at, i.stop_reason,
                     i.start_override, i.checklist, i.observations, i.given_mg,
                     (SELECT json_group_array (json_array (v.id, v.taken_at, v.stage, v.systolic, v.diastolic,
                                                           v.heart_rate, v.spo2, v.recorded_by, v.alert,
                                                           v.entered_at, v.time_reason, v.acknowledged_at,
                                                           v.acknowledged_by, v.action, v.acknowledgement))
                        FROM (SELECT * FROM vitals WHERE infusion_id = i.id ORDER BY id) v),
                     (SELECT json_group_array (json_array (x.id, x.kind, x.at, x.reason, x.staff_id))
                        FROM (SELECT * FROM infusion_events WHERE infusion_id = i.id ORDER BY id) x),
                     (SELECT json_group_array (json_array (a.id, a.kind, a.description, a.severity, a.action,
                                                           a.noted_at, a.recorded_by))
                        FROM (SELECT * FROM adverse_events WHERE infusion_id = i.id ORDER BY id) a))
    FROM infusions i;

-- What was signed before this migration, as it reads now; the protection
-- is lifted for this one statement each and put back as it was
DROP TRIGGER eligibility_signed_immutable;
UPDATE eligibility
   SET content_sha256 = (SELECT lys_sha256 (c.content) FROM eligibility_signed_content c WHERE c.id = eligibility.id)
 WHERE status = 'signed';
CREATE TRIGGER eligibility_signed_immutable BEFORE UPDATE ON eligibility
  WHEN OLD.status = 'signed'
BEGIN
  SELECT RAISE (ABORT, 'a signed eligibility assessment cannot be changed');
END;

DROP TRIGGER infusions_discharged_immutable;
UPDATE infusions
   SET content_sha256 = (SELECT lys_sha256 (c.content) FROM discharge_signed_content c WHERE c.id = infusions.id)
 WHERE status = 'discharged';
CREATE TRIGGER infusions_discharged_immutable BEFORE UPDATE ON infusions
  WHEN OLD.status = 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'a discharged infusion is not changed; add an addendum');
END;
