-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lysning schema, migration 26: forms and consents in Norwegian Nynorsk as
-- well. The language checks of the consent forms, the consents and the
-- patients' form language take 'nn'.
ALTER TABLE consent_forms DROP CONSTRAINT consent_forms_language_check,
  ADD CONSTRAINT consent_forms_language_check CHECK (language IN ('nb', 'nn', 'en'));
ALTER TABLE consents DROP CONSTRAINT consents_language_check,
  ADD CONSTRAINT consents_language_check CHECK (language IN ('nb', 'nn', 'en'));
ALTER TABLE patients DROP CONSTRAINT patients_form_language_check,
  ADD CONSTRAINT patients_form_language_check CHECK (form_language IN ('nb', 'nn', 'en'));
