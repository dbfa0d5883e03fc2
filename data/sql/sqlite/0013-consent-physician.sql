-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 13: the physician responsible for the consent.

-- The physician who goes through the off-label consent form with the
-- patient is chosen once for the course: the form names them whoever
-- prints it.
ALTER TABLE courses ADD COLUMN consent_physician_id INTEGER REFERENCES staff (id);
