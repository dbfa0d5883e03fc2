-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 15: a signed record cannot be replaced.

-- INSERT OR REPLACE (and REPLACE INTO, and an upsert's REPLACE) deletes the
-- row in its way without firing the delete triggers above: each protected
-- table refuses, before the insert, a new row that would take the place of
-- a row it protects, by its id or by any other unique key.
CREATE TRIGGER notes_signed_unreplaced BEFORE INSERT ON notes
  WHEN EXISTS (SELECT 1 FROM notes WHERE id = NEW.id AND status = 'signed')
BEGIN
  SELECT RAISE (ABORT, 'a signed note cannot be replaced; add an addendum');
END;
CREATE TRIGGER note_addenda_unreplaced BEFORE INSERT ON note_addenda
  WHEN EXISTS (SELECT 1 FROM note_addenda WHERE id = NEW.id)
BEGIN
  SELECT RAISE (ABORT, 'a signed addendum cannot be replaced');
END;
CREATE TRIGGER eligibility_signed_unreplaced BEFORE INSERT ON eligibility
  WHEN EXISTS (SELECT 1 FROM eligibility WHERE (id = NEW.id OR course_id = NEW.course_id) AND status = 'signed')
BEGIN
  SELECT RAISE (ABORT, 'a signed eligibility assessment cannot be replaced');
END;
CREATE TRIGGER trials_signed_unreplaced BEFORE INSERT ON antidepressant_trials
  WHEN EXISTS (SELECT 1 FROM antidepressant_trials t JOIN eligibility e ON e.id = t.eligibility_id
               WHERE (t.id = NEW.id OR (t.eligibility_id = NEW.eligibility_id AND t.position = NEW.position))
                 AND e.status = 'signed')
BEGIN
  SELECT RAISE (ABORT, 'a trial of a signed eligibility assessment cannot be replaced');
END;
CREATE TRIGGER infusions_unreplaced BEFORE INSERT ON infusions
  WHEN EXISTS (SELECT 1 FROM infusions WHERE id = NEW.id OR appointment_id = NEW.appointment_id)
BEGIN
  SELECT RAISE (ABORT, 'an infusion record is never replaced');
END;
CREATE TRIGGER vitals_unreplaced BEFORE INSERT ON vitals
  WHEN EXISTS (SELECT 1 FROM vitals WHERE id = NEW.id)
BEGIN
  SELECT RAISE (ABORT, 'a reading is never replaced');
END;
CREATE TRIGGER infusion_events_unreplaced BEFORE INSERT ON infusion_events
  WHEN EXISTS (SELECT 1 FROM infusion_events WHERE id = NEW.id)
BEGIN
  SELECT RAISE (ABORT, 'an infusion event is never replaced');
END;
CREATE TRIGGER adverse_events_unreplaced BEFORE INSERT ON adverse_events
  WHEN EXISTS (SELECT 1 FROM adverse_events WHERE id = NEW.id)
BEGIN
  SELECT RAISE (ABORT, 'an adverse event is never replaced');
END;
CREATE TRIGGER infusion_addenda_unreplaced BEFORE INSERT ON infusion_addenda
  WHEN EXISTS (SELECT 1 FROM infusion_addenda WHERE id = NEW.id)
BEGIN
  SELECT RAISE (ABORT, 'an addendum is never replaced');
END;
CREATE TRIGGER consent_forms_unreplaced BEFORE INSERT ON consent_forms
  WHEN EXISTS (SELECT 1 FROM consent_forms WHERE version = NEW.version AND language = NEW.language)
BEGIN
  SELECT RAISE (ABORT, 'a consent form version is never replaced');
END;
CREATE TRIGGER signatures_unreplaced BEFORE INSERT ON signatures
  WHEN EXISTS (SELECT 1 FROM signatures WHERE id = NEW.id)
BEGIN
  SELECT RAISE (ABORT, 'a signature is never replaced');
END;
CREATE TRIGGER emergency_access_unreplaced BEFORE INSERT ON emergency_access
  WHEN EXISTS (SELECT 1 FROM emergency_access WHERE id = NEW.id)
BEGIN
  SELECT RAISE (ABORT, 'an emergency access is never replaced');
END;
CREATE TRIGGER audit_log_unreplaced BEFORE INSERT ON audit_log
  WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
  SELECT RAISE (ABORT, 'the audit log is never rewritten');
END;
