-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 14: addenda found by the note search.

-- An addendum is signed once and never changed or deleted, so its index
-- only ever gains rows.
CREATE VIRTUAL TABLE note_addenda_fts USING fts5 (body, content = 'note_addenda', content_rowid = 'id',
                                                  tokenize = 'lysning', prefix = '1 2 3 4');
CREATE TRIGGER note_addenda_fts_insert AFTER INSERT ON note_addenda
BEGIN
  INSERT INTO note_addenda_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;
INSERT INTO note_addenda_fts (note_addenda_fts) VALUES ('rebuild');
