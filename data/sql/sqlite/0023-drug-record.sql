-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 23: the ketamine record (narkotikaregnskap).

-- Ketamine is a reseptgruppe A preparation: every unit received, opened for
-- an infusion, wasted or counted is an entry, and the stock of a lot is the
-- sum of its entries' units, never typed. Entries are never changed or
-- deleted: a wrong one is answered by a correction that names it. Each
-- entry is linked to the one before like the audit log's rows (hash), and
-- has its audit row.

-- What the pharmacy delivers: e.g. ketamine 10 mg/ml, ampoules of 20 ml
CREATE TABLE drug_products (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL CHECK (length (trim (name)) BETWEEN 1 AND 120),
  strength_mg_per_ml REAL NOT NULL CHECK (strength_mg_per_ml > 0 AND strength_mg_per_ml <= 200),
  volume_ml          REAL NOT NULL CHECK (volume_ml > 0 AND volume_ml <= 100),
  form               TEXT NOT NULL CHECK (form IN ('ampoule', 'vial')),
  created_at         TEXT NOT NULL,
  UNIQUE (name, strength_mg_per_ml, volume_ml, form)
) STRICT;

-- The manufacturer's lot number is what the bedside screen asks for
CREATE TABLE drug_lots (
  id          INTEGER PRIMARY KEY,
  product_id  INTEGER NOT NULL REFERENCES drug_products (id),
  lot_number  TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length (trim (lot_number)) BETWEEN 1 AND 40),
  expires_on  TEXT NOT NULL CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
) STRICT;

-- units: the change in whole unopened units (received +, opened -, a
-- count's difference, a correction's reversal); mg: the dose drawn for
-- the patient, or what was wasted
CREATE TABLE drug_entries (
  id            INTEGER PRIMARY KEY,
  lot_id        INTEGER NOT NULL REFERENCES drug_lots (id),
  kind          TEXT NOT NULL CHECK (kind IN ('receipt', 'draw', 'waste', 'count', 'explanation', 'correction')),
  at            TEXT NOT NULL,
  units         INTEGER NOT NULL,
  mg            REAL NOT NULL CHECK (mg >= 0),
  infusion_id   INTEGER REFERENCES infusions (id),
  delivery_note TEXT,
  staff_id      INTEGER NOT NULL REFERENCES staff (id),
  witness_id    INTEGER REFERENCES staff (id),
  corrects_id   INTEGER REFERENCES drug_entries (id),
  found_units   INTEGER CHECK (found_units IS NULL OR found_units >= 0),
  reason        TEXT,
  action        TEXT,
  hash          TEXT NOT NULL,
  CHECK (kind <> 'receipt' OR (units > 0 AND coalesce (length (trim (delivery_note)), 0) > 0)),
  CHECK (kind <> 'draw' OR (units < 0 AND mg > 0 AND infusion_id IS NOT NULL)),
  CHECK (kind <> 'waste' OR (units = 0 AND mg > 0 AND infusion_id IS NOT NULL)),
  CHECK (kind NOT IN ('waste', 'count') OR (witness_id IS NOT NULL AND witness_id <> staff_id)),
  CHECK (kind <> 'count' OR found_units IS NOT NULL),
  CHECK (kind <> 'explanation' OR (units = 0 AND corrects_id IS NOT NULL
                                   AND coalesce (length (trim (reason)), 0) > 0
                                   AND coalesce (length (trim (action)), 0) > 0)),
  CHECK (kind <> 'correction' OR (corrects_id IS NOT NULL AND coalesce (length (trim (reason)), 0) > 0))
) STRICT;
CREATE INDEX drug_entries_lot ON drug_entries (lot_id, id);
CREATE INDEX drug_entries_at ON drug_entries (at);
-- One draw and one waste an infusion; an entry is answered once
CREATE UNIQUE INDEX drug_entries_infusion ON drug_entries (infusion_id, kind) WHERE infusion_id IS NOT NULL;
CREATE UNIQUE INDEX drug_entries_answered ON drug_entries (corrects_id) WHERE corrects_id IS NOT NULL;

CREATE TRIGGER drug_entries_no_update BEFORE UPDATE ON drug_entries
BEGIN
  SELECT RAISE (ABORT, 'the ketamine record is append-only; add a correction');
END;
CREATE TRIGGER drug_entries_no_delete BEFORE DELETE ON drug_entries
BEGIN
  SELECT RAISE (ABORT, 'the ketamine record is append-only; add a correction');
END;
-- A lot and a product with entries stay as they were entered
CREATE TRIGGER drug_lots_fixed BEFORE UPDATE ON drug_lots
  WHEN EXISTS (SELECT 1 FROM drug_entries WHERE lot_id = OLD.id)
BEGIN
  SELECT RAISE (ABORT, 'a lot in the ketamine record is not changed');
END;
CREATE TRIGGER drug_lots_kept BEFORE DELETE ON drug_lots
  WHEN EXISTS (SELECT 1 FROM drug_entries WHERE lot_id = OLD.id)
BEGIN
  SELECT RAISE (ABORT, 'a lot in the ketamine record is not deleted');
END;
CREATE TRIGGER drug_products_fixed BEFORE UPDATE OF strength_mg_per_ml, volume_ml, form ON drug_products
  WHEN EXISTS (SELECT 1 FROM drug_lots WHERE product_id = OLD.id)
BEGIN
  SELECT RAISE (ABORT, 'a product in the ketamine record is not changed');
END;

-- A staff member's own code, asked when they witness a waste or a count on
-- someone else's workstation: a salted PBKDF2-SHA-256, never the code
ALTER TABLE staff ADD COLUMN witness_code TEXT;
