-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 8: outcomes.

-- A form with items left out is kept as incomplete and never counted
ALTER TABLE ratings ADD COLUMN complete INTEGER NOT NULL DEFAULT 1 CHECK (complete IN (0, 1));
CREATE INDEX ratings_course ON ratings (course_id, scale, timepoint);

-- A rating is never changed or deleted: a new one is taken instead
CREATE TRIGGER ratings_follow_up_unchanged BEFORE UPDATE ON ratings
  WHEN OLD.infusion_id IS NULL
BEGIN
  SELECT RAISE (ABORT, 'a rating is never changed; take a new one');
END;
CREATE TRIGGER ratings_follow_up_undeletable BEFORE DELETE ON ratings
  WHEN OLD.infusion_id IS NULL
BEGIN
  SELECT RAISE (ABORT, 'a rating is never deleted');
END;
