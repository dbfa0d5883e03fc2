-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 6: therapy notes, their templates and their search.

-- The clinic's templates: a title, and one section a line, "*" after a
-- required one. A note keeps the sections it was written with.
CREATE TABLE note_templates (
  key        TEXT PRIMARY KEY,
  title      TEXT NOT NULL CHECK (length (trim (title)) > 0),
  definition TEXT NOT NULL CHECK (length (trim (definition)) > 0),
  position   INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
) STRICT;

-- The sections of the note's template ([[heading, required], ...]) and where
-- the cursor was in its draft
ALTER TABLE notes ADD COLUMN sections TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid (sections) AND json_type (sections) = 'array');
ALTER TABLE notes ADD COLUMN cursor INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0);
CREATE INDEX notes_group ON notes (group_note_id);
CREATE INDEX notes_appointment ON notes (appointment_id);
CREATE INDEX note_addenda_note ON note_addenda (note_id, signed_at);

-- Search, kept by the triggers below. The tokenizer "lysning" folds the
-- Norwegian letters; the app registers it on every connection.
CREATE VIRTUAL TABLE notes_fts USING fts5 (body, content = 'notes', content_rowid = 'id',
                                           tokenize = 'lysning', prefix = '1 2 3 4');
CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes
BEGIN
  INSERT INTO notes_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes
BEGIN
  INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF body ON notes
BEGIN
  INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
  INSERT INTO notes_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;
INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
