-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 17: what is open, found without reading ten
-- years. The window asks at each start for the infusions not yet
-- discharged and the user's drafts; each index holds only those rows, so
-- the answer takes as long whatever the clinic's age.

CREATE INDEX infusions_open ON infusions (status) WHERE status <> 'discharged';
CREATE INDEX notes_drafts ON notes (author_id, updated_at) WHERE status = 'draft';
