-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 18: earlier electroconvulsive therapy.

-- Whether the patient has had ECT before, and with what response: asked in
-- the eligibility assessment, sent to the registry. Not recorded: NULL.
ALTER TABLE eligibility ADD COLUMN ect_history TEXT
  CHECK (ect_history IN ('never', 'no-response', 'response'));

-- A signature covers it too. An assessment without it reads as before, so
-- what was signed before this migration keeps its checksum.
DROP VIEW eligibility_signed_content;
CREATE VIEW eligibility_signed_content (id, content) AS
  SELECT e.id,
         CASE WHEN e.ect_history IS NULL
           THEN json_array (e.course_id, e.contraindications, e.weight_kg, e.systolic, e.diastolic, e.heart_rate,
                            e.madrs_answers, e.phq9_answers, e.decision, e.justification,
                            (SELECT json_group_array (json_array (t.position, t.drug, t.dose, t.therapeutic_dose,
                                                                  t.weeks, t.outcome))
                               FROM (SELECT * FROM antidepressant_trials WHERE eligibility_id = e.id
                                     ORDER BY position) t))
           ELSE json_array (e.course_id, e.contraindications, e.weight_kg, e.systolic, e.diastolic, e.heart_rate,
                            e.madrs_answers, e.phq9_answers, e.decision, e.justification,
                            (SELECT json_group_array (json_array (t.position, t.drug, t.dose, t.therapeutic_dose,
                                                                  t.weeks, t.outcome))
                               FROM (SELECT * FROM antidepressant_trials WHERE eligibility_id = e.id
                                     ORDER BY position) t),
                            e.ect_history)
         END
    FROM eligibility e;
