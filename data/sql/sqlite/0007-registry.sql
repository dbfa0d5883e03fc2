-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 7: the registry export.

-- The clinic's secret for pseudonyms: a patient has the same pseudonym in
-- every export, which cannot be turned back into the identity number
-- without it. It never leaves the database.
INSERT OR IGNORE INTO meta (key, value) VALUES ('registry-key', lower (hex (randomblob (32))));
