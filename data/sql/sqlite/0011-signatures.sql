-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 11: who signed, as they were when they signed.

-- A signature keeps the signer's name, role and HPR number of the moment it
-- was given: a later change of the profile changes no signature. The
-- triggers below write it in the same statement as the signing, whatever
-- path signs; nothing updates or deletes it, and an INSERT OR REPLACE
-- cannot swap it either.
CREATE TABLE signatures (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('note', 'note-addendum', 'eligibility', 'discharge',
                                           'infusion-addendum')),
  record_id  INTEGER NOT NULL,
  staff_id   INTEGER NOT NULL REFERENCES staff (id),
  name       TEXT NOT NULL,
  role       TEXT NOT NULL,
  hpr_number TEXT,
  signed_at  TEXT NOT NULL,
  UNIQUE (kind, record_id)
) STRICT;

CREATE TRIGGER signatures_once BEFORE INSERT ON signatures
  WHEN EXISTS (SELECT 1 FROM signatures WHERE kind = NEW.kind AND record_id = NEW.record_id)
BEGIN
  SELECT RAISE (ABORT, 'a signature is given once');
END;
CREATE TRIGGER signatures_immutable BEFORE UPDATE ON signatures
BEGIN
  SELECT RAISE (ABORT, 'a signature is never changed');
END;
CREATE TRIGGER signatures_undeletable BEFORE DELETE ON signatures
BEGIN
  SELECT RAISE (ABORT, 'a signature is never deleted');
END;

-- What was signed before this migration: the signer as the profile reads now
INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
  SELECT 'note', n.id, s.id, s.name, s.role, s.hpr_number, n.signed_at
    FROM notes n JOIN staff s ON s.id = n.signed_by WHERE n.status = 'signed';
INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
  SELECT 'note-addendum', d.id, s.id, s.name, s.role, s.hpr_number, d.signed_at
    FROM note_addenda d JOIN staff s ON s.id = d.author_id;
INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
  SELECT 'eligibility', e.id, s.id, s.name, s.role, s.hpr_number, e.signed_at
    FROM eligibility e JOIN staff s ON s.id = e.signed_by WHERE e.status = 'signed';
INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
  SELECT 'discharge', i.id, s.id, s.name, s.role, s.hpr_number, i.discharged_at
    FROM infusions i JOIN staff s ON s.id = i.discharged_by WHERE i.status = 'discharged';
INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
  SELECT 'infusion-addendum', d.id, s.id, s.name, s.role, s.hpr_number, d.created_at
    FROM infusion_addenda d JOIN staff s ON s.id = d.author_id;

-- From now on, with each signing
CREATE TRIGGER notes_signature_insert AFTER INSERT ON notes
  WHEN NEW.status = 'signed'
BEGIN
  INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
    SELECT 'note', NEW.id, s.id, s.name, s.role, s.hpr_number, NEW.signed_at FROM staff s WHERE s.id = NEW.signed_by;
END;
CREATE TRIGGER notes_signature AFTER UPDATE OF status ON notes
  WHEN NEW.status = 'signed' AND OLD.status <> 'signed'
BEGIN
  INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
    SELECT 'note', NEW.id, s.id, s.name, s.role, s.hpr_number, NEW.signed_at FROM staff s WHERE s.id = NEW.signed_by;
END;
CREATE TRIGGER note_addenda_signature AFTER INSERT ON note_addenda
BEGIN
  INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
    SELECT 'note-addendum', NEW.id, s.id, s.name, s.role, s.hpr_number, NEW.signed_at FROM staff s WHERE s.id = NEW.author_id;
END;
CREATE TRIGGER eligibility_signature_insert AFTER INSERT ON eligibility
  WHEN NEW.status = 'signed'
BEGIN
  INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
    SELECT 'eligibility', NEW.id, s.id, s.name, s.role, s.hpr_number, NEW.signed_at FROM staff s WHERE s.id = NEW.signed_by;
END;
CREATE TRIGGER eligibility_signature AFTER UPDATE OF status ON eligibility
  WHEN NEW.status = 'signed' AND OLD.status <> 'signed'
BEGIN
  INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
    SELECT 'eligibility', NEW.id, s.id, s.name, s.role, s.hpr_number, NEW.signed_at FROM staff s WHERE s.id = NEW.signed_by;
END;
CREATE TRIGGER infusions_signature AFTER UPDATE OF status ON infusions
  WHEN NEW.status = 'discharged' AND OLD.status <> 'discharged'
BEGIN
  INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
    SELECT 'discharge', NEW.id, s.id, s.name, s.role, s.hpr_number, NEW.discharged_at FROM staff s WHERE s.id = NEW.discharged_by;
END;
CREATE TRIGGER infusion_addenda_signature AFTER INSERT ON infusion_addenda
BEGIN
  INSERT INTO signatures (kind, record_id, staff_id, name, role, hpr_number, signed_at)
    SELECT 'infusion-addendum', NEW.id, s.id, s.name, s.role, s.hpr_number, NEW.created_at FROM staff s WHERE s.id = NEW.author_id;
END;
