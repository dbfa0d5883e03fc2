-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 19: a psychologist's KAP certification.

-- Who certified the psychologist for ketamine-assisted psychotherapy, when,
-- and the last day it holds. A certification recorded before these
-- columns (kap_certified = 1 alone) holds until one is recorded.
ALTER TABLE staff ADD COLUMN kap_body TEXT CHECK (kap_body IS NULL OR length (trim (kap_body)) > 0);
ALTER TABLE staff ADD COLUMN kap_certified_on TEXT CHECK (kap_certified_on IS NULL OR date (kap_certified_on) = kap_certified_on);
ALTER TABLE staff ADD COLUMN kap_expires_on TEXT CHECK (kap_expires_on IS NULL OR date (kap_expires_on) = kap_expires_on);
