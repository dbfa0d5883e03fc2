-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 21: what a patient needs of the infusion room.

-- Kept with the course, as the preferred days are: 1 noise-cancelling
-- headphones, 2 a duvet, 4 dimmable light. Rooms without them are not
-- proposed or booked for the course's infusions. Vital signs monitoring,
-- which every infusion needs, is not a patient's need.
ALTER TABLE courses ADD COLUMN room_needs INTEGER NOT NULL DEFAULT 0 CHECK (room_needs BETWEEN 0 AND 7);
