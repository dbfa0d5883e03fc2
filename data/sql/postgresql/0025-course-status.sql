-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 25: what everyone at the clinic may know of a
-- course's ratings and its eligibility assessment.

-- Which ratings were taken, when and by whom, and whether the assessment
-- is signed and what it decided: the follow-up list, the course's gates and
-- the infusion's checks are worked out from these for every patient. The
-- answers, the scores and the findings stay in the tables, for the
-- clinicians treating the patient (on a clinic server, the server itself
-- keeps them from everyone else; these views read with their owner's
-- rights).
CREATE VIEW ratings_taken AS
  SELECT id, patient_id, course_id, infusion_id, scale, timepoint, rated_at, rated_by, complete FROM ratings;

CREATE VIEW eligibility_status AS
  SELECT id, course_id, decision, status, signed_at, signed_by FROM eligibility;
