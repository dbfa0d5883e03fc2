-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 9: the audit log is tamper-evident.

-- Each row carries the SHA-256 of itself and of the row before
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- The rows written so far are chained once, in order
DROP TRIGGER audit_log_no_update;
CREATE TEMP TABLE audit_chain AS
  WITH RECURSIVE chain (id, hash) AS (
    SELECT id, lys_audit_hash (NULL, id, at, staff_id, staff_name, role, action, patient_id, object_type,
                               object_id, detail)
      FROM audit_log WHERE id = (SELECT min (id) FROM audit_log)
    UNION ALL
    SELECT a.id, lys_audit_hash (c.hash, a.id, a.at, a.staff_id, a.staff_name, a.role, a.action, a.patient_id,
                                 a.object_type, a.object_id, a.detail)
      FROM chain c JOIN audit_log a ON a.id = (SELECT min (id) FROM audit_log WHERE id > c.id)
  )
  SELECT id, hash FROM chain;
UPDATE audit_log SET hash = (SELECT hash FROM temp.audit_chain c WHERE c.id = audit_log.id);
DROP TABLE temp.audit_chain;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;

-- A row comes with its link
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
  WHEN NEW.hash IS NULL
BEGIN
  SELECT RAISE (ABORT, 'an audit row carries the hash that links it to the row before');
END;
