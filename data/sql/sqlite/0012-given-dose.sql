-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 12: the dose actually given.

-- An infusion stopped early gave less than its planned dose: what was given
-- is kept with the record, worked out from the rate and the minutes it ran
-- and confirmed by the nurse when it is stopped. A signed record is not
-- changed, so its protection is lifted for this one statement and put back
-- as it was.
DROP TRIGGER infusions_discharged_immutable;
ALTER TABLE infusions ADD COLUMN given_mg REAL
  CHECK (given_mg IS NULL OR (given_mg >= 0 AND given_mg <= total_mg));
-- Before this migration the minutes a stopped infusion ran were not kept
-- apart from its pauses: its dose is estimated from the start to the stop
UPDATE infusions
   SET given_mg = CASE WHEN stop_reason IS NULL THEN total_mg
                       ELSE round (max (0, min (total_mg, total_mg * (julianday (ended_at) - julianday (started_at))
                                                           * 1440 / duration_minutes)), 1) END
 WHERE status IN ('ended', 'discharged');
CREATE TRIGGER infusions_discharged_immutable BEFORE UPDATE ON infusions
  WHEN OLD.status = 'discharged'
BEGIN
  SELECT RAISE (ABORT, 'a discharged infusion is not changed; add an addendum');
END;
