-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 22: how the treatment of another indication is funded.

-- The funding decision covers treatment-resistant depression; another
-- indication is treated after an individual assessment, paid for by the
-- hospital or DPS, a research study or the patient, and the consent form
-- says which. Patients registered before say nothing until edited.
ALTER TABLE patients ADD COLUMN funding TEXT
  CHECK (funding IS NULL OR (funding IN ('public', 'research', 'self-paid') AND indication <> 'trd'));
