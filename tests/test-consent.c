/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "lys-consent-form.h"
#include "lys-error.h"
#include "lys-store.h"
#include "test-clinic.h"
#include "test-raw.h"

/* The off-label consent: the form's text in both languages as printed to
 * PDF (read back with pdftotext), its page numbers and checksum, a long
 * name, the versions of the form, recording and withdrawing the consent,
 * and the gate a withdrawal closes. */

typedef struct
{
  TestFixture base;
  gint64 patient;
  gint64 physician;
  gint64 psychologist;
} Fixture;

/* What DOMAIN.md requires the form to say, in each language */
static const char *const required_nb[] = {
  "utenfor godkjent bruksområde", "off-label", "behandlingsresistent depresjon",
  "infusjon i en blodåre i armen", "40 minutter", "Blodtrykk, puls og oksygenmetning", "minst 60 minutter",
  "6 infusjoner over 3 uker", "forberedende samtaler", "integrasjonssamtaler",
  "varer ofte bare i noen dager eller uker", "lite kunnskap",
  "dissosiasjon", "Angst, uro eller ubehag", "Kvalme", "økt blodtrykk", "Tåkesyn", "urinblæren", "misbrukes",
  "Graviditet og prevensjon", "sikker prevensjon",
  "Ikke spis", "alkohol", "benzodiazepiner", "kjøre bil", "følge deg hjem",
  "ECT", "esketamin", "rTMS", "vanlig behandling",
  "trekke det tilbake", "annen behandling", "kvalitetsregister", "pseudonymisert", "reservere deg",
  "eget samtykke", "☐ Jeg reserverer meg",
  "Behandlingsansvarlig er Fjordklinikken DPS", "pasientjournalloven", "artikkel 9 nr. 2 bokstav h",
  "rett til innsyn", "rettet", "kontakt Ingrid Solberg ved Fjordklinikken DPS", "personvernombudet",
  "informasjonen ovenfor", "Legen min har gått gjennom",
  "2028", "Skjemaversjon 2026.1", "Pasientens underskrift", "Ansvarlig leges underskrift",
  "Sted og dato", "Underskrift", "Fødselsnummer", "Ingrid Solberg",
  "Fjordklinikken DPS",
};
static const char *const required_nn[] = {
  "utanfor godkjent bruksområde", "off-label", "behandlingsresistent depresjon",
  "infusjon i ei blodåre i armen", "40 minutt", "Blodtrykk, puls og oksygenmetting", "minst 60 minutt",
  "6 infusjonar over 3 veker", "førebuande samtalar", "integrasjonssamtalar",
  "varer ofte berre i nokre dagar eller veker", "lite kunnskap",
  "dissosiasjon", "Angst, uro eller ubehag", "Kvalme", "auka blodtrykk", "Tåkesyn", "urinblæra", "misbrukast",
  "Graviditet og prevensjon", "sikker prevensjon",
  "Ikkje et", "alkohol", "benzodiazepinar", "køyre bil", "følgje deg heim",
  "ECT", "esketamin", "rTMS", "vanleg behandling",
  "trekkje det tilbake", "anna behandling", "kvalitetsregister", "pseudonymisert", "reservere deg",
  "eige samtykke", "☐ Eg reserverer meg",
  "Behandlingsansvarleg er Fjordklinikken DPS", "pasientjournallova", "artikkel 9 nr. 2 bokstav h",
  "rett til innsyn", "retta", "kontakt Ingrid Solberg ved Fjordklinikken DPS", "personvernombodet",
  "informasjonen ovanfor", "Legen min har gått gjennom",
  "2028", "Skjemaversjon 2026.1", "Underskrifta til pasienten", "Underskrifta til ansvarleg lege",
  "Stad og dato", "Underskrift", "Fødselsnummer", "Ingrid Solberg",
  "Fjordklinikken DPS",
};
static const char *const required_en[] = {
  "outside its approved", "off-label", "treatment-resistant depression",
  "infusion into a vein in your arm", "40 minutes", "Blood pressure, pulse and oxygen saturation",
  "at least 60 minutes", "6 infusions over 3 weeks", "preparation sessions", "integration sessions",
  "lasts only days or weeks", "Little is known",
  "dissociation", "Anxiety, restlessness or distress", "Nausea", "rise in blood pressure", "Blurred vision", "bladder",
  "misused", "Pregnancy and contraception", "reliable contraception",
  "Do not eat", "alcohol", "benzodiazepines", "drive", "An adult must take you home",
  "ECT", "esketamine", "rTMS", "standard treatment",
  "withdraw it at any time", "other treatment", "quality registry", "pseudonymised", "opt out",
  "separate consent", "☐ I opt out",
  "The controller is Fjordklinikken DPS", "Patient Records Act", "Article 9(2)(h)",
  "right to see your record", "corrected", "contact Ingrid Solberg at Fjordklinikken DPS", "data protection officer",
  "information above", "My physician has gone through",
  "2028", "Form version 2026.1", "Patient’s signature", "Responsible physician’s signature",
  "Place and date", "Signature", "National identity number", "Ingrid Solberg",
  "Fjordklinikken DPS",
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysPatient) patient = NULL;

  test_fixture_open (&f->base, "consent");
  f->physician = test_fixture_add_staff (&f->base, "Ingrid Solberg", LYS_ROLE_PHYSICIAN, FALSE);
  f->psychologist = test_fixture_add_staff (&f->base, "Magnus Berg", LYS_ROLE_PSYCHOLOGIST, TRUE);
  g_assert_true (lys_store_set_clinic_name (f->base.store, "Fjordklinikken DPS, ketaminpoliklinikken", &error));

  patient = g_object_new (LYS_TYPE_PATIENT, "national-id", "15046600344", "given-name", "Åse",
                          "family-name", "Bjørnstad", NULL);
  g_assert_true (lys_store_add_patient (f->base.store, patient, &error));
  g_assert_no_error (error);
  f->patient = lys_patient_get_id (patient);
}

static char *
write_form (Fixture    *f,
            const char *language,
            char      **checksum)
{
  g_autoptr(LysConsentForm) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("form-%s.pdf", language);
  char *pdf = g_build_filename (f->base.dir, name, NULL);
  struct stat st;

  form = lys_store_make_consent_form (f->base.store, f->patient, language, 0, &error);
  g_assert_no_error (error);
  g_assert_true (lys_consent_form_write_pdf (form, pdf, "Fjordklinikken DPS", &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  if (checksum != NULL)
    {
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, lys_consent_form_get_text (form), -1);

      *checksum = g_strndup (sha, 8);
      g_assert_cmpstr (*checksum, ==, lys_consent_form_get_checksum (form));
    }
  return pdf;
}

/* The form's PDF, written and read back as text */
static char *
form_text (Fixture    *f,
           const char *language,
           char      **checksum)
{
  g_autofree char *pdf = write_form (f, language, checksum);

  return test_pdf_text (pdf, FALSE);
}

static void
assert_form (Fixture            *f,
             const char         *language,
             const char * const *required,
             guint               n_required,
             const char         *page_word,
             const char         *of_word)
{
  g_autofree char *checksum = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  guint pages;

  /* The physician who signs the eligibility is the responsible one; with
   * one physician, that one */
  pdf = write_form (f, language, &checksum);
  text = test_pdf_text (pdf, FALSE);
  for (guint i = 0; i < n_required; i++)
    if (strstr (text, required[i]) == NULL)
      g_error ("the %s form lacks “%s”", language, required[i]);

  /* The patient, on the form and at the top of every page */
  g_assert_nonnull (strstr (text, "Åse Bjørnstad"));
  g_assert_nonnull (strstr (text, "15046600344"));

  /* "Side 1 av 3" on every page, the version and checksum too */
  pages = test_pdf_pages (pdf);
  g_assert_cmpuint (pages, >=, 2);
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *number = g_strdup_printf ("%s %u %s %u", page_word, page, of_word, pages);
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-f", NULL, "-l", NULL, pdf, "-", NULL };
      g_autofree char *first = g_strdup_printf ("%u", page);
      g_autofree char *page_text = NULL;

      argv[4] = first;
      argv[6] = first;
      page_text = test_run_output (argv);
      g_assert_nonnull (strstr (page_text, number));
      g_assert_nonnull (strstr (page_text, checksum));
      g_assert_nonnull (strstr (page_text, "2026.1"));
      g_assert_nonnull (strstr (page_text, "15046600344"));
    }
  {
    g_autofree char *beyond = g_strdup_printf ("%s %u %s %u", page_word, pages + 1, of_word, pages);

    g_assert_null (strstr (text, beyond));
  }
}

static void
test_form_nb (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_set_clinic_name (f->base.store, "Fjordklinikken DPS", &error));
  assert_form (f, "nb", required_nb, G_N_ELEMENTS (required_nb), "Side", "av");
}

/* The Nynorsk form says all the Bokmål one does, in Nynorsk: not a word
 * of Bokmål's own spelling on it */
static void
test_form_nn (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GRegex) bokmaal = g_regex_new ("\\b(ikke|utenfor|hjem|jeg|uker|bivirkninger|hvordan|hva|behandlingen)\\b",
                                           G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (lys_store_set_clinic_name (f->base.store, "Fjordklinikken DPS", &error));
  assert_form (f, "nn", required_nn, G_N_ELEMENTS (required_nn), "Side", "av");
  text = form_text (f, "nn", NULL);
  if (g_regex_match (bokmaal, text, 0, &match))
    g_error ("the Nynorsk form has the Bokmål “%s”", g_match_info_fetch (match, 0));
}

static void
test_form_en (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_set_clinic_name (f->base.store, "Fjordklinikken DPS", &error));
  assert_form (f, "en", required_en, G_N_ELEMENTS (required_en), "Page", "of");
}

static void
test_form_language_and_schedule (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;

  /* The patient's own language, whatever the staff's */
  g_assert_true (lys_store_set_form_language (f->base.store, f->patient, "en", &error));
  {
    g_autoptr(LysConsentForm) form = lys_store_make_consent_form (f->base.store, f->patient, NULL, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (lys_consent_form_get_title (form), ==, "Consent to treatment with ketamine outside its approved use");
    g_assert_nonnull (strstr (lys_consent_form_get_text (form), "agreed with you"));
  }
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count (*) FROM audit_log WHERE action = 'patient.read' "
                                          "AND detail = 'consent-form'"), ==, 1);

  /* Booked infusions are listed by date */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET phase = 'induction'", NULL), ==, SQLITE_OK);
  g_assert_cmpint (test_raw_exec (f->base.path,
                                  "INSERT INTO appointments (kind, state, course_id, starts_at, ends_at) "
                                  "SELECT 'infusion', 'planned', id, '2030-09-02 09:00:00', '2030-09-02 10:55:00' FROM courses; "
                                  "INSERT INTO appointments (kind, state, course_id, starts_at, ends_at) "
                                  "SELECT 'infusion', 'planned', id, '2030-09-04 13:15:00', '2030-09-04 15:10:00' FROM courses",
                                  NULL), ==, SQLITE_OK);
  pdf = write_form (f, "nb", NULL);
  text = test_pdf_text (pdf, FALSE);
  g_assert_nonnull (strstr (text, "Infusjonene er planlagt: 2.9.2030 kl. 09:00, 4.9.2030 kl. 13:15."));
}

/* The identity number is called what it is: a D-number is not a
 * fødselsnummer, on any template, in either language */
static void
test_identity_number_kind (Fixture       *f,
                           gconstpointer  data)
{
  static const struct { const char *language, *wanted, *unwanted; } cases[] = {
    { "nb", "D-nummer", "Fødselsnummer" },
    { "nn", "D-nummer", "Fødselsnummer" },
    { "en", "D number", "National identity number" },
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_set_clinic_name (f->base.store, "Fjordklinikken DPS", &error));
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE patients SET national_id = '57019149104', id_kind = 'dnr'", NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = form_text (f, cases[i].language, NULL);

      g_assert_nonnull (strstr (text, cases[i].wanted));
      g_assert_nonnull (strstr (text, "57019149104"));
      g_assert_null (strstr (text, cases[i].unwanted));
    }

  /* An H-number on a form whose template names it itself */
  {
    /* The 2025.1 form has no line for it; the clinic's own does */
    g_autofree char *template_text = lys_consent_template_dup_standard ("2025.1", "nb");
    g_autofree char *newest = lys_consent_template_dup_default ("nb");
    g_autoptr(GString) own = g_string_new (newest);
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    LysConsentValues values = {
      .patient_name = "Åse Bjørnstad", .national_id = "81234567890", .national_id_kind = LYS_NATIONAL_ID_HNR,
      .language = "nb", .physician_name = "Ingrid Solberg", .clinic_name = "Fjordklinikken DPS",
      .infusion_minutes = 40, .infusions = none,
    };
    g_autoptr(LysConsentForm) standard = lys_consent_form_new (template_text, "2025.1", &values, &error);
    g_autoptr(LysConsentForm) named = NULL;
    g_autofree char *standard_pdf = g_build_filename (f->base.dir, "h-standard.pdf", NULL);
    g_autofree char *named_pdf = g_build_filename (f->base.dir, "h-named.pdf", NULL);
    g_autofree char *standard_text = NULL;
    g_autofree char *named_text = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_string_replace (own, "@h_number = H-nummer", "@h_number = Hjelpenummer", 1), ==, 1);
    named = lys_consent_form_new (own->str, "2026.1", &values, &error);
    g_assert_no_error (error);
    g_assert_true (lys_consent_form_write_pdf (standard, standard_pdf, NULL, &error));
    g_assert_true (lys_consent_form_write_pdf (named, named_pdf, NULL, &error));
    standard_text = test_pdf_text (standard_pdf, FALSE);
    named_text = test_pdf_text (named_pdf, FALSE);
    g_assert_nonnull (strstr (standard_text, "H-nummer"));
    g_assert_null (strstr (standard_text, "Fødselsnummer"));
    g_assert_nonnull (strstr (named_text, "Hjelpenummer"));
  }
}

/* The course the form describes is the clinic's, from its settings; a
 * booster course is described as what it is */
static void
test_course_from_settings (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_set_clinic_name (f->base.store, "Fjordklinikken DPS", &error));
  test_clinic_become (f->base.store, "Ingrid Solberg", LYS_ROLE_PHYSICIAN);
  g_assert_true (lys_store_set_setting (f->base.store, LYS_SETTING_COURSE_DAYS, 28, &error));
  g_assert_no_error (error);
  g_assert_true (lys_store_set_setting (f->base.store, LYS_SETTING_COURSE_INFUSIONS, 8, &error));
  g_assert_no_error (error);
  g_assert_true (lys_store_set_setting (f->base.store, LYS_SETTING_OBSERVATION_MINUTES, 90, &error));
  g_assert_no_error (error);
  /* Back at the coordinator's desk: the clinic has one physician again */
  test_clinic_become (f->base.store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  {
    g_autofree char *text = form_text (f, "nb", NULL);

    g_assert_nonnull (strstr (text, "8 infusjoner over 4 uker"));
    g_assert_nonnull (strstr (text, "minst 90 minutter"));
    g_assert_null (strstr (text, "seks infusjoner"));
    g_assert_null (strstr (text, "boosterbehandling"));
  }

  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET phase = 'maintenance'", NULL), ==, SQLITE_OK);
  {
    g_autofree char *text = form_text (f, "en", NULL);

    g_assert_nonnull (strstr (text, "maintenance (booster) treatment"));
    g_assert_nonnull (strstr (text, "at least 90 minutes"));
    g_assert_null (strstr (text, "8 infusions over"));
  }
}

/* A patient treated for another indication gets the form's other wording:
 * what is treated named, the individual assessment, no claim of the public
 * funding decision, other alternatives; and so another checksum */
static void
test_other_indication (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trd_checksum = NULL;
  g_autofree char *ptsd_checksum = NULL;

  g_assert_true (lys_store_set_clinic_name (f->base.store, "Fjordklinikken DPS", &error));
  g_free (write_form (f, "nb", &trd_checksum));

  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE patients SET indication = 'ptsd', indication_note = 'Etter ulykke'",
                                  NULL), ==, SQLITE_OK);
  {
    g_autofree char *text = form_text (f, "nb", &ptsd_checksum);

    g_assert_nonnull (strstr (text, "for posttraumatisk stresslidelse (PTSD), etter en individuell vurdering"));
    g_assert_nonnull (strstr (text, "ikke en del av Beslutningsforums vedtak"));
    g_assert_nonnull (strstr (text, "hvordan den finansieres"));
    g_assert_null (strstr (text, "Beslutningsforum for nye metoder har besluttet"));
    g_assert_null (strstr (text, "vilkår for at behandlingen er offentlig finansiert"));
    g_assert_null (strstr (text, "mot depresjon."));
    g_assert_null (strstr (text, "ECT"));
    /* What holds for every indication stays */
    g_assert_nonnull (strstr (text, "utenfor godkjent bruksområde"));
    g_assert_nonnull (strstr (text, "kvalitetsregister"));
  }
  g_assert_cmpstr (ptsd_checksum, !=, trd_checksum);

  /* The funding stated is the funding printed, and signed for */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE patients SET funding = 'public'", NULL), ==, SQLITE_OK);
  {
    g_autofree char *funded_checksum = NULL;
    g_autofree char *text = form_text (f, "nb", &funded_checksum);

    g_assert_nonnull (strstr (text, "Du får den etter en individuell vurdering. Sykehuset eller DPS-et betaler "
                                    "behandlingen etter denne vurderingen"));
    g_assert_null (strstr (text, "hvordan den finansieres"));
    g_assert_cmpstr (funded_checksum, !=, ptsd_checksum);
  }
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE patients SET funding = 'self-paid'", NULL), ==, SQLITE_OK);
  {
    g_autofree char *text = form_text (f, "en", NULL);

    g_assert_nonnull (strstr (text, "you pay for it yourself"));
  }
  /* Depression is the funding decision's: no other funding is stored */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE patients SET indication = 'trd'", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE patients SET funding = 'free'", NULL), ==, SQLITE_CONSTRAINT);

  /* Another indication is named as the physician wrote it */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE patients SET indication = 'other', "
                                                "indication_note = 'OCD'", NULL),
                   ==, SQLITE_OK);
  {
    g_autofree char *text = form_text (f, "en", NULL);

    g_assert_nonnull (strstr (text, "for OCD, after an individual assessment"));
    g_assert_nonnull (strstr (text, "usually given for OCD"));
    g_assert_null (strstr (text, "decided that the treatment can be offered"));
  }
}

static void
test_long_name_wraps (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(LysPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  const char *given = "Anne-Margrethe Kristine Ingeborg Sofie Emilie";
  const char *family = "Aabø-Bjørnstad-Christophersen-Haraldsen-Kvernmo-Østgaard";
  g_auto(GStrv) words = NULL;

  g_assert_true (lys_store_set_clinic_name (f->base.store,
                                            "Fjordklinikken distriktspsykiatriske senter, poliklinikk for "
                                            "ketaminassistert psykoterapi ved avdeling for voksenpsykiatri, "
                                            "Helse Vest-Midt-Nord universitetssykehus", &error));
  patient = g_object_new (LYS_TYPE_PATIENT, "national-id", "01015012397", "given-name", given,
                          "family-name", family, NULL);
  g_assert_true (lys_store_add_patient (f->base.store, patient, &error));
  f->patient = lys_patient_get_id (patient);
  pdf = write_form (f, "nb", NULL);
  text = test_pdf_text (pdf, FALSE);

  /* Every part of the name and the clinic is there: wrapped, not clipped */
  words = g_strsplit_set ("Anne-Margrethe Kristine Ingeborg Sofie Emilie Aabø-Bjørnstad-Christophersen-Haraldsen-Kvernmo-Østgaard "
                          "universitetssykehus voksenpsykiatri", " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (words[i], "-", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        if (strstr (text, parts[j]) == NULL)
          g_error ("“%s” is cut from the form", parts[j]);
    }
}

static void
test_template_versions (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nb = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *version = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *en_newest = NULL;
  g_autofree char *en_old = NULL;
  g_auto(GStrv) versions = NULL;
  LysPreparationStatus status = { 0 };
  GDate signed_on;

  /* A consent on the standard version */
  g_date_clear (&signed_on, 1);
  g_date_set_dmy (&signed_on, 1, 3, 2026);
  g_assert_true (lys_store_record_consent (f->base.store, f->patient, &signed_on, f->physician, "2025.1", "nb", &error));
  g_assert_no_error (error);

  /* Bad templates are refused with what to fix */
  nb = lys_store_dup_consent_form (f->base.store, NULL, "nb", &version, &error);
  g_assert_cmpstr (version, ==, "2026.1");
  g_clear_pointer (&version, g_free);
  {
    g_autofree char *unknown = g_strconcat (nb, "\nHilsen {{sjef}}\n", NULL);
    g_autofree char *no_page = NULL;
    g_autoptr(GRegex) page = g_regex_new ("^@page = .*$", G_REGEX_MULTILINE, 0, NULL);

    g_assert_null (lys_store_save_consent_form (f->base.store, "nb", unknown, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "{{sjef}}"));
    g_clear_error (&error);
    no_page = g_regex_replace_literal (page, nb, -1, 0, "", 0, NULL);
    g_assert_null (lys_store_save_consent_form (f->base.store, "nb", no_page, &error));
    g_assert_nonnull (strstr (error->message, "@page"));
    g_clear_error (&error);
    g_assert_null (lys_store_save_consent_form (f->base.store, "nb", nb, &error));
    g_assert_nonnull (strstr (error->message, "unchanged"));
    g_clear_error (&error);
  }

  /* An edit is a new version with both languages; the old stays */
  edited = g_strconcat (nb, "\nSpørsmål kan rettes til klinikken på telefon.\n", NULL);
  version = lys_store_save_consent_form (f->base.store, "nb", edited, &error);
  g_assert_no_error (error);
  /* The year and a running number: after the standard 2026.1 */
  g_assert_true (g_regex_match_simple ("^[0-9]{4}\\.[0-9]+$", version, 0, 0));
  g_assert_cmpstr (version, !=, "2026.1");
  versions = lys_store_list_consent_versions (f->base.store, &error);
  g_assert_cmpuint (g_strv_length (versions), ==, 3);
  g_assert_cmpstr (versions[0], ==, version);
  newest = lys_store_dup_consent_form (f->base.store, NULL, "nb", NULL, &error);
  g_assert_cmpstr (newest, ==, edited);
  en_newest = lys_store_dup_consent_form (f->base.store, version, "en", NULL, &error);
  en_old = lys_store_dup_consent_form (f->base.store, "2026.1", "en", NULL, &error);
  g_assert_cmpstr (en_newest, ==, en_old);
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE consent_forms SET body = 'x'", NULL), ==, SQLITE_CONSTRAINT);

  /* The consent recorded on the old version still counts, and says so */
  g_assert_true (lys_store_get_preparation_status (f->base.store, f->patient, &status, &error));
  g_assert_true (status.consent_recorded);
  g_assert_cmpstr (status.consent_version, ==, "2025.1");
  {
    g_autofree char *description = lys_preparation_describe_gate (&status, LYS_GATE_CONSENT);

    g_assert_nonnull (strstr (description, "form version 2025.1"));
  }
  lys_preparation_status_clear (&status);

  /* Consents from before versions were kept say so */
  g_assert_cmpint (test_raw_exec (f->base.path,
                                  "INSERT INTO consents (patient_id, form_version, language, signed_on, physician_id, "
                                  "recorded_at) SELECT id, 'unversioned', 'nb', '2026-03-02', "
                                  "(SELECT id FROM staff WHERE role = 'physician'), '2026-03-02T10:00:00Z' FROM patients",
                                  NULL), ==, SQLITE_OK);
  g_assert_true (lys_store_get_preparation_status (f->base.store, f->patient, &status, &error));
  {
    g_autofree char *description = lys_preparation_describe_gate (&status, LYS_GATE_CONSENT);

    g_assert_nonnull (strstr (description, "without a version"));
  }
  lys_preparation_status_clear (&status);

  /* A version that does not exist cannot be recorded */
  g_assert_false (lys_store_record_consent (f->base.store, f->patient, &signed_on, f->physician, "1999.9", "nb", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_NOT_FOUND);
}

/* Takes the 2026.1 forms out of the file, as a clinic from before them
 * had it, with the guard against deleting put back as it was */
static void
remove_newest_standard (Fixture    *f,
                        const char *then)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM consent_forms WHERE version = '2026.1'; %s", then);

  g_assert_finalize_object (g_steal_pointer (&f->base.store));
  g_assert_cmpint (test_raw_tamper (f->base.path, "consent_forms_no_delete", sql), ==, SQLITE_OK);
}

/* When a clinic wrote a form of its own: after the forms shipped, which
 * the store adds as it opens, whatever the date the suite runs on */
static char *
later_than_shipped (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);

  return g_date_time_format (later, "'%Y-%m-%dT%H:%M:%SZ'");
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->base.store = lys_store_open (f->base.path, &error);
  g_assert_no_error (error);
}

/* A clinic still on the 2025.1 standard form as shipped gets the 2026.1
 * form when it opens; a clinic that wrote its own keeps it */
static void
test_standard_update (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *nb = NULL;
  g_autofree char *written = later_than_shipped ();
  g_autofree char *own = NULL;

  remove_newest_standard (f, "SELECT 1");
  reopen (f);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count (*) FROM consent_forms WHERE version = '2026.1'"), ==, 3);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count (*) FROM audit_log WHERE action = 'consent-form.create' "
                                               "AND detail = '2026.1'"), ==, 3);
  nb = lys_store_dup_consent_form (f->base.store, NULL, "nb", &version, &error);
  g_assert_cmpstr (version, ==, "2026.1");
  g_clear_pointer (&version, g_free);
  g_clear_pointer (&nb, g_free);

  /* Its own Bokmål form: kept; the English, still as shipped, updated */
  own = g_strdup_printf ("INSERT INTO consent_forms (version, language, body, created_at) "
                         "SELECT '2025.1.1', 'nb', body || '\nRing oss gjerne.', %s "
                         "FROM consent_forms WHERE version = '2025.1' AND language = 'nb'", written);
  remove_newest_standard (f, own);
  reopen (f);
  nb = lys_store_dup_consent_form (f->base.store, NULL, "nb", &version, &error);
  g_assert_cmpstr (version, ==, "2025.1.1");
  g_assert_nonnull (strstr (nb, "Ring oss gjerne."));
  g_clear_pointer (&version, g_free);
  g_free (lys_store_dup_consent_form (f->base.store, NULL, "en", &version, &error));
  g_assert_cmpstr (version, ==, "2026.1");
}

/* A clinic from before Nynorsk, with forms of its own in Bokmål and
 * English, gets the standard Nynorsk form beside them when it opens, once
 * and logged; its own forms stay its newest */
static void
test_nynorsk_added (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nn = NULL;
  g_autofree char *nb = NULL;
  g_autofree char *version = NULL;
  g_autofree char *standard = lys_consent_template_dup_default ("nn");
  g_autofree char *written = later_than_shipped ();
  g_autofree char *own = NULL;

  g_assert_finalize_object (g_steal_pointer (&f->base.store));
  own = g_strdup_printf ("DELETE FROM consent_forms WHERE language = 'nn'; "
                         "INSERT INTO consent_forms (version, language, body, created_at) "
                         "SELECT '2026.2', language, body || '\nRing oss gjerne.', %s "
                         "FROM consent_forms WHERE version = '2026.1'", written);
  g_assert_cmpint (test_raw_tamper (f->base.path, "consent_forms_no_delete", own), ==, SQLITE_OK);
  reopen (f);
  nn = lys_store_dup_consent_form (f->base.store, NULL, "nn", &version, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "2026.1");
  g_assert_cmpstr (nn, ==, standard);
  g_assert_true (g_str_has_prefix (nn, "@title = Samtykke til behandling med ketamin utanfor godkjent bruksområde"));
  g_clear_pointer (&version, g_free);
  nb = lys_store_dup_consent_form (f->base.store, NULL, "nb", &version, &error);
  g_assert_cmpstr (version, ==, "2026.2");
  g_assert_nonnull (strstr (nb, "Ring oss gjerne."));
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count (*) FROM consent_forms WHERE language = 'nn'"), ==, 1);

  /* Opened again, nothing more comes */
  g_assert_finalize_object (g_steal_pointer (&f->base.store));
  reopen (f);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count (*) FROM consent_forms WHERE language = 'nn'"), ==, 1);

  /* A Nynorsk edit is a new version of all three, the others as they were */
  {
    g_autofree char *edited = g_strconcat (nn, "\nRing oss gjerne.\n", NULL);
    g_autofree char *saved = lys_store_save_consent_form (f->base.store, "nn", edited, &error);
    g_autofree char *en_saved = NULL;
    g_autofree char *en_before = lys_store_dup_consent_form (f->base.store, "2026.2", "en", NULL, &error);

    g_assert_no_error (error);
    en_saved = lys_store_dup_consent_form (f->base.store, saved, "en", NULL, &error);
    g_assert_cmpstr (en_saved, ==, en_before);
    g_assert_cmpint (test_raw_int (f->base.path, "SELECT count (*) FROM consent_forms WHERE version = "
                                                 "(SELECT max (version) FROM consent_forms)"), ==, 3);
  }

  /* A patient reads Nynorsk: the form comes in it; a language Lysning
   * does not write is refused by the database itself */
  g_assert_true (lys_store_set_form_language (f->base.store, f->patient, "nn", &error));
  {
    g_autofree char *language = lys_store_dup_form_language (f->base.store, f->patient);

    g_assert_cmpstr (language, ==, "nn");
  }
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE patients SET form_language = 'de'", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (f->base.path,
                                  "INSERT INTO consent_forms (version, language, body, created_at) "
                                  "VALUES ('2099.1', 'sv', '# x', '2030-01-01')", NULL), ==, SQLITE_CONSTRAINT);
}

static void
test_withdrawal (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = test_clinic_at (2, 9, 9, 0);
  LysBookingStaff staff[2] = { { 0, LYS_TASK_DRUG }, { 0, LYS_TASK_PSYCHOLOGIST } };
  LysBookingRequest request = { 0 };
  LysPreparationStatus status = { 0 };
  g_autoptr(LysRoom) room = lys_room_new ();
  GDate day;

  room->name = g_strdup ("Fjord");
  room->monitoring = TRUE;   /* where an infusion is given */
  staff[0].staff_id = f->physician;
  staff[1].staff_id = f->psychologist;
  request.kind = LYS_APPOINTMENT_INFUSION;
  request.starts_at = when;
  request.room_id = lys_store_save_room (f->base.store, room, &error);
  request.patient_ids = &f->patient;
  request.n_patients = 1;
  request.staff = staff;
  request.n_staff = 2;
  test_clinic_before_bookings (f->base.store);

  /* Nothing to withdraw yet */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, 3, 2026);
  g_assert_false (lys_store_withdraw_consent (f->base.store, f->patient, &day, "Ombestemt seg", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (lys_store_record_consent (f->base.store, f->patient, &day, f->physician, "2025.1", "nb", &error));
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE courses SET phase = 'induction'", NULL), ==, SQLITE_OK);
  g_assert_cmpint (lys_store_book (f->base.store, &request, NULL, &error), >, 0);
  g_assert_no_error (error);

  /* A reason is needed, and a day not before the signature */
  g_assert_false (lys_store_withdraw_consent (f->base.store, f->patient, &day, " ", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_date_set_dmy (&day, 28, 2, 2026);
  g_assert_false (lys_store_withdraw_consent (f->base.store, f->patient, &day, "Ombestemt seg", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  g_date_set_dmy (&day, 2, 3, 2026);
  g_assert_true (lys_store_withdraw_consent (f->base.store, f->patient, &day, "Ombestemt seg", &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_raw_int (f->base.path, "SELECT count (*) FROM audit_log WHERE action = 'consent.withdraw'"), ==, 1);
  /* A recorded consent is otherwise never changed */
  g_assert_cmpint (test_raw_exec (f->base.path, "UPDATE consents SET form_version = 'x'", NULL), ==, SQLITE_CONSTRAINT);

  /* The gate is closed and no further infusion is booked */
  g_assert_true (lys_store_get_preparation_status (f->base.store, f->patient, &status, &error));
  g_assert_false (status.consent_recorded);
  g_assert_false (lys_preparation_gate_is_met (&status, LYS_GATE_CONSENT));
  {
    g_autofree char *description = lys_preparation_describe_gate (&status, LYS_GATE_CONSENT);

    g_assert_nonnull (strstr (description, "Withdrawn"));
    g_assert_nonnull (strstr (description, "Ombestemt seg"));
  }
  lys_preparation_status_clear (&status);
  {
    g_autoptr(GDateTime) later = test_clinic_at (4, 9, 9, 0);

    request.starts_at = later;
    g_assert_cmpint (lys_store_book (f->base.store, &request, NULL, &error), ==, 0);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
    g_assert_nonnull (strstr (error->message, "withdrew"));
    g_clear_error (&error);

    /* A new consent opens it again */
    g_date_set_dmy (&day, 5, 3, 2026);
    g_assert_true (lys_store_record_consent (f->base.store, f->patient, &day, f->physician, "2025.1", "en", &error));
    g_assert_cmpint (lys_store_book (f->base.store, &request, NULL, &error), >, 0);
    g_assert_no_error (error);
  }
}

static void
test_find_patient (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->patient);

  g_assert_cmpint (lys_store_find_patient (f->base.store, "150466 00344", &error), ==, f->patient);
  g_assert_cmpint (lys_store_find_patient (f->base.store, id, &error), ==, f->patient);
  g_assert_cmpint (lys_store_find_patient (f->base.store, "01015012397", &error), ==, 0);
  g_assert_error (error, LYS_ERROR, LYS_ERROR_NOT_FOUND);
}

static void
test_no_clinic_name (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lysning-consent-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lysning.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) store = lys_store_open (path, &error);
  g_autoptr(LysPatient) patient = g_object_new (LYS_TYPE_PATIENT, "national-id", "15046600344",
                                                "given-name", "Åse", "family-name", "Bjørnstad", NULL);

  g_assert_true (lys_store_add_patient (store, patient, &error));
  g_assert_null (lys_store_make_consent_form (store, lys_patient_get_id (patient), "nb", 0, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_clear_object (&store);
  test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  TEST_ADD ("/core/consent/form-nb", test_form_nb);
  TEST_ADD ("/core/consent/form-nn", test_form_nn);
  TEST_ADD ("/core/consent/form-en", test_form_en);
  TEST_ADD ("/core/consent/language-and-schedule", test_form_language_and_schedule);
  TEST_ADD ("/core/consent/identity-number-kind", test_identity_number_kind);
  TEST_ADD ("/core/consent/course-from-settings", test_course_from_settings);
  TEST_ADD ("/core/consent/other-indication", test_other_indication);
  TEST_ADD ("/core/consent/long-name", test_long_name_wraps);
  TEST_ADD ("/core/consent/versions", test_template_versions);
  TEST_ADD ("/core/consent/standard-update", test_standard_update);
  TEST_ADD ("/core/consent/nynorsk-added", test_nynorsk_added);
  TEST_ADD ("/core/consent/withdrawal", test_withdrawal);
  TEST_ADD ("/core/consent/find-patient", test_find_patient);
  g_test_add_func ("/core/consent/no-clinic-name", test_no_clinic_name);

  return g_test_run ();
}
