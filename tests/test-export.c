/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "lys-demo.h"
#include "lys-error.h"
#include "lys-fhir.h"
#include "lys-registry-export.h"
#include "lys-schema-check.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

/* The registry export: the demo clinic's Bundle against HL7's FHIR R4
 * schema; what a pseudonymised file must not hold; who is left out; that
 * references resolve; free text, times and their Oslo offsets; filters;
 * cancelling, failing and replacing files; and the audit log. */

#define SPECIAL_GIVEN "Åse «Tøffen» & <Ø>"
#define SPECIAL_FAMILY "Ærlig-\"Ødegård\" 'Bø'"
#define SPECIAL_EVENT "Kvalme & <uro> \"sterk\" – spydde i bøtta]]>"

typedef struct
{
  TestFixture base;
  char *out;
} Fixture;

/* HL7's schema, in the repository (tests/fhir-r4) */
static char *
official_schema (void)
{
  const char *dir = g_getenv ("LYSNING_FHIR_R4_DIR");
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "fhir-single.xsd", NULL) : NULL;

  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return g_steal_pointer (&path);
}

/* The schema is HL7's, byte for byte: git has not changed its line ends */
static void
test_schema_unchanged (void)
{
  static const struct { const char *file; const char *sha256; } files[] = {
    { "fhir-single.xsd", "aa40cefca6e6c8b2740da41dbe12c0d627d3ffaa2de7887b36865b2998c09506" },
    { "fhir-xhtml.xsd", "707ad8be23f9bf8f5d6aaf32e547056834975df646b706926e01f0bf4b409495" },
    { "xml.xsd", "a6d430599c1f9ea508efa6f899bf0979d1501eb948fd51fcb9ae3df1971941a0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("LYSNING_FHIR_R4_DIR"), files[i].file, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *sum = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      g_assert_cmpstr (sum, ==, files[i].sha256);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 6, 15, 12, 0, 0);

  test_fixture_open (&fixture->base, "export");
  fixture->out = g_build_filename (fixture->base.dir, "registry.xml", NULL);
  g_assert_true (lys_demo_seed (fixture->base.store, LYS_DEMO_PATIENTS, LYS_DEMO_HISTORY_YEARS, now, &error));
  g_assert_no_error (error);
  test_clinic_become (fixture->base.store, "Ingrid Registerlege", LYS_ROLE_PHYSICIAN);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_fixture_tear_down (&fixture->base, NULL);
  g_free (fixture->out);
}

static gboolean
export (Fixture           *fixture,
        const char        *from,
        const char        *to,
        LysExportCourses   courses,
        gboolean           identified,
        LysExportSummary  *summary,
        GError           **error)
{
  LysExportOptions options = { (char *) from, (char *) to, courses, identified };
  g_autoptr(LysRegistryExport) export = lys_registry_export_new (fixture->base.store, &options, error);

  return export != NULL && lys_registry_export_run (export, fixture->out, NULL, NULL, NULL, summary, error);
}

static void
export_all (Fixture          *fixture,
            gboolean          identified,
            LysExportSummary *summary)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (export (fixture, NULL, NULL, LYS_EXPORT_ALL_COURSES, identified, summary, &error));
  g_assert_no_error (error);
}

static xmlDocPtr
read_doc (const char *path)
{
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET);

  g_assert_nonnull (doc);
  return doc;
}

static xmlXPathObjectPtr
query (xmlDocPtr   doc,
       const char *expression)
{
  xmlXPathContextPtr context = xmlXPathNewContext (doc);
  xmlXPathObjectPtr result;

  xmlXPathRegisterNs (context, BAD_CAST "f", BAD_CAST LYS_FHIR_NAMESPACE);
  result = xmlXPathEvalExpression (BAD_CAST expression, context);
  xmlXPathFreeContext (context);
  g_assert_nonnull (result);
  return result;
}

static guint
count (xmlDocPtr   doc,
       const char *expression)
{
  xmlXPathObjectPtr result = query (doc, expression);
  guint n = result->nodesetval != NULL ? (guint) result->nodesetval->nodeNr : 0;

  xmlXPathFreeObject (result);
  return n;
}

/* The value attributes the expression selects */
static GPtrArray *
values (xmlDocPtr   doc,
        const char *expression)
{
  xmlXPathObjectPtr result = query (doc, expression);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; result->nodesetval != NULL && i < result->nodesetval->nodeNr; i++)
    {
      xmlChar *text = xmlGetProp (result->nodesetval->nodeTab[i], BAD_CAST "value");

      g_assert_nonnull (text);
      g_ptr_array_add (found, g_strdup ((const char *) text));
      xmlFree (text);
    }
  xmlXPathFreeObject (result);
  return found;
}

static gboolean
has_value (GPtrArray  *found,
           const char *value)
{
  for (guint i = 0; i < found->len; i++)
    if (g_str_equal (g_ptr_array_index (found, i), value))
      return TRUE;
  return FALSE;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static void
assert_owner_only (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
validate_official (const char *path)
{
  g_autofree char *schema_path = official_schema ();
  xmlSchemaParserCtxtPtr parser;
  xmlSchemaPtr schema;
  xmlSchemaValidCtxtPtr context;

  parser = xmlSchemaNewParserCtxt (schema_path);
  schema = xmlSchemaParse (parser);
  g_assert_nonnull (schema);
  context = xmlSchemaNewValidCtxt (schema);
  g_assert_cmpint (xmlSchemaValidateFile (context, path, 0), ==, 0);
  xmlSchemaFreeValidCtxt (context);
  xmlSchemaFree (schema);
  xmlSchemaFreeParserCtxt (parser);
}

/* The demo clinic's whole export is valid FHIR R4, holds every resource
 * type the export uses (so the schema has checked the element order of
 * each), and its counts are what the summary said */
static void
test_demo_valid (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char *types[] = { "Patient", "Organization", "Practitioner", "Condition", "EpisodeOfCare",
                                 "MedicationAdministration", "Observation", "AdverseEvent", "Consent" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LysRegistryExport) export = NULL;
  LysExportOptions options = { NULL, NULL, LYS_EXPORT_ALL_COURSES, FALSE };
  LysExportSummary counted, written;
  g_autofree char *checksum = NULL;
  g_autofree char *text = NULL;
  xmlDocPtr doc;

  export = lys_registry_export_new (fixture->base.store, &options, &error);
  g_assert_no_error (error);
  g_assert_true (lys_registry_export_count (export, &counted, &error));
  g_assert_no_error (error);
  g_assert_true (lys_registry_export_run (export, fixture->out, NULL, NULL, NULL, &written, &error));
  g_assert_no_error (error);

  validate_official (fixture->out);
  assert_owner_only (fixture->out);

  doc = read_doc (fixture->out);
  g_assert_cmpuint (count (doc, "/f:Bundle/f:type[@value='collection']"), ==, 1);
  {
    g_autofree char *expression = g_strdup_printf ("/f:Bundle/f:identifier/f:value[@value='%s']", written.identifier);

    g_assert_true (g_str_has_prefix (written.identifier, "urn:uuid:"));
    g_assert_cmpuint (count (doc, expression), ==, 1);
  }
  g_assert_cmpuint (count (doc, "/f:Bundle/f:timestamp"), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *expression = g_strdup_printf ("/f:Bundle/f:entry/f:resource/f:%s", types[i]);

      g_test_message ("%s: %u", types[i], count (doc, expression));
      g_assert_cmpuint (count (doc, expression), >, 0);
    }

  /* What the summary counted before is what was written */
  g_assert_cmpuint (counted.patients, ==, written.patients);
  g_assert_cmpuint (counted.courses, ==, written.courses);
  g_assert_cmpuint (counted.infusions, ==, written.infusions);
  g_assert_cmpuint (counted.observations, ==, written.observations);
  g_assert_cmpuint (counted.adverse_events, ==, written.adverse_events);
  g_assert_cmpuint (counted.consents, ==, written.consents);
  g_assert_cmpuint (counted.left_out, ==, written.left_out);
  g_assert_cmpuint (written.patients, ==, count (doc, "//f:Patient"));
  g_assert_cmpuint (written.courses, ==, count (doc, "//f:EpisodeOfCare"));
  g_assert_cmpuint (written.infusions, ==, count (doc, "//f:MedicationAdministration"));
  g_assert_cmpuint (written.observations, ==, count (doc, "//f:Observation"));
  g_assert_cmpuint (written.adverse_events, ==, count (doc, "//f:AdverseEvent"));
  g_assert_cmpuint (written.consents, ==, count (doc, "//f:Consent"));
  g_assert_cmpuint (written.entries, ==, count (doc, "/f:Bundle/f:entry"));

  /* The institution, a DPS with its numbers, manages every course */
  g_assert_cmpuint (count (doc, "//f:Organization"), ==, 1);
  g_assert_cmpuint (count (doc, "//f:Organization[f:identifier[f:system/@value='" LYS_FHIR_SYSTEM_ENH "' and "
                                "f:value/@value='999999999'] and f:identifier[f:system/@value='" LYS_FHIR_SYSTEM_RESH "' "
                                "and f:value/@value='999999'] and f:type/f:coding/f:code/@value='prov' and "
                                "f:type/f:coding/f:code/@value='dps' and starts-with(f:name/@value, 'Fjordklinikken DPS')]"),
                    ==, 1);
  {
    g_autoptr(GPtrArray) organization = values (doc, "//f:entry[f:resource/f:Organization]/f:fullUrl");
    g_autofree char *managed = NULL;

    g_assert_cmpuint (organization->len, ==, 1);
    managed = g_strdup_printf ("//f:EpisodeOfCare[f:managingOrganization/f:reference/@value='%s']",
                               (const char *) organization->pdata[0]);
    g_assert_cmpuint (count (doc, managed), ==, written.courses);
  }

  /* Earlier ECT, from the signed assessment, with a code for each answer */
  g_assert_cmpuint (count (doc, "//f:EpisodeOfCare/f:extension[@url='" LYS_FHIR_EXTENSIONS "ect-history']"), >, 0);
  g_assert_cmpuint (count (doc, "//f:EpisodeOfCare/f:extension[@url='" LYS_FHIR_EXTENSIONS "ect-history']"
                                "/f:valueCode[@value!='never' and @value!='no-response' and @value!='response']"), ==, 0);
  g_assert_cmpuint (count (doc, "//f:EpisodeOfCare/f:extension[@url='" LYS_FHIR_EXTENSIONS "ect-history']"
                                "/f:valueCode[@value='no-response']"), >, 0);

  /* Why each infusion was given, and the drug's lot */
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration/f:reasonCode/f:coding[f:system/@value='"
                                LYS_FHIR_CODES "indication' and f:code/@value='trd']"), >, 0);
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration/f:reasonCode/f:coding[f:system/@value='"
                                LYS_FHIR_CODES "indication' and f:code/@value='ptsd']"), >, 0);
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration/f:reasonCode/f:coding[f:system/@value='"
                                LYS_FHIR_CODES "indication' and (f:code/@value='trd' or f:code/@value='ptsd')]"),
                    ==, written.infusions);
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration/f:extension[@url='" LYS_FHIR_EXTENSIONS "lot-number']"
                                "/f:valueString[string-length(@value) > 0]"), ==, written.infusions);

  /* Ketamine with its dose in UCUM milligrams and mg/kg in the text */
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration[f:medicationCodeableConcept/f:coding/f:code/@value='N01AX03']"),
                    ==, written.infusions);
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration/f:dosage[contains(f:text/@value, 'mg/kg')]"
                                "/f:dose[f:system/@value='http://unitsofmeasure.org' and f:code/@value='mg']"),
                    ==, written.infusions);
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration[f:effectivePeriod/f:start and f:performer/f:actor]"),
                    ==, written.infusions);
  /* PHQ-9 by LOINC; MADRS and CADSS by the clinic's codes; peak pressure */
  g_assert_cmpuint (count (doc, "//f:Observation/f:code/f:coding[f:system/@value='http://loinc.org' and "
                                "f:code/@value='44261-6']"), >, 0);
  g_assert_cmpuint (count (doc, "//f:Observation/f:code/f:coding[f:code/@value='madrs-total']"), >, 0);
  g_assert_cmpuint (count (doc, "//f:Observation/f:code/f:coding[f:code/@value='cadss-total']"), >, 0);
  /* The extremes of each infusion's vital signs: the highest pressure, the
   * highest pulse, the lowest saturation, over the infusion's period */
  g_assert_cmpuint (count (doc, "//f:Observation[f:code/f:coding/f:code/@value='85353-1' and f:effectivePeriod/f:start]"
                                "[f:component/f:code/f:coding/f:code/@value='8480-6']"
                                "[f:component/f:code/f:coding/f:code/@value='8462-4']"
                                "[f:component[f:code/f:coding/f:code/@value='8867-4' and f:code/f:text/@value='The highest']"
                                "/f:valueQuantity/f:code/@value='/min']"
                                "[f:component[f:code/f:coding/f:code/@value='2708-6' and f:code/f:text/@value='The lowest']"
                                "/f:valueQuantity/f:code/@value='%']"), >, 0);
  /* …and they are the infusion's own, to the number */
  {
    g_autoptr(GPtrArray) parts = values (doc, "//f:Observation[f:code/f:coding/f:code/@value='85353-1']/f:partOf/f:reference");
    g_autofree char *uid = test_clinic_query_text (fixture->base.store, "SELECT value FROM meta WHERE key = 'clinic-uid'");
    g_autoptr(LysDbStmt) stmt = NULL;
    gboolean found = FALSE;

    g_assert_cmpuint (parts->len, >, 0);
    stmt = test_clinic_prepare (fixture->base.store, "SELECT infusion_id, max (heart_rate), min (spo2) FROM vitals "
                                         "GROUP BY infusion_id");
    while (!found && lys_db_step (stmt) == LYS_DB_ROW)
      {
        g_autofree char *url = lys_fhir_uuid (uid, "infusion", lys_db_column_int64 (stmt, 0));
        g_autofree char *heart = NULL;
        g_autofree char *spo2 = NULL;
        g_autoptr(GPtrArray) heart_values = NULL;
        g_autoptr(GPtrArray) spo2_values = NULL;

        if (!g_str_equal (url, parts->pdata[0]))
          continue;
        found = TRUE;
        heart = g_strdup_printf ("//f:Observation[f:partOf/f:reference/@value='%s']/f:component"
                                 "[f:code/f:coding/f:code/@value='8867-4']/f:valueQuantity/f:value", url);
        spo2 = g_strdup_printf ("//f:Observation[f:partOf/f:reference/@value='%s']/f:component"
                                "[f:code/f:coding/f:code/@value='2708-6']/f:valueQuantity/f:value", url);
        heart_values = values (doc, heart);
        spo2_values = values (doc, spo2);
        g_assert_cmpuint (heart_values->len, ==, 1);
        g_assert_cmpint (atoi (heart_values->pdata[0]), ==, lys_db_column_int (stmt, 1));
        g_assert_cmpint (atoi (spo2_values->pdata[0]), ==, lys_db_column_int (stmt, 2));
      }
    g_assert_true (found);
  }
  g_assert_cmpuint (count (doc, "//f:Condition/f:code/f:coding/f:system[@value='urn:oid:2.16.578.1.12.4.1.1.7110']"),
                    ==, count (doc, "//f:Condition"));
  g_assert_cmpuint (count (doc, "//f:Consent/f:policy"), ==, written.consents);
  /* From the signature, to the withdrawal where there was one */
  g_assert_cmpuint (count (doc, "//f:Consent/f:provision[f:type/@value='permit']/f:period/f:start"), ==,
                    written.consents);
  g_assert_cmpuint (count (doc, "//f:Consent[f:status/@value='inactive']/f:provision/f:period/f:end"), ==,
                    count (doc, "//f:Consent[f:status/@value='inactive']"));
  /* The patient is the one who agrees */
  g_assert_cmpuint (count (doc, "//f:Consent[f:performer/f:reference/@value = f:patient/f:reference/@value]"), ==,
                    written.consents);
  xmlFreeDoc (doc);

  /* The checksum in the summary is the file's */
  text = read_text (fixture->out);
  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_assert_cmpstr (checksum, ==, written.checksum);
  g_assert_cmpuint (written.bytes, ==, strlen (text));
}

/* No identity number, name or birth date in a pseudonymised export; the
 * same pseudonyms in the next one */
static void
test_pseudonymised (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) births = NULL;
  g_autofree char *text = NULL;
  LysExportSummary summary;
  xmlDocPtr doc;
  guint checked = 0;

  export_all (fixture, FALSE, &summary);
  text = read_text (fixture->out);

  stmt = test_clinic_prepare (fixture->base.store,
                              "SELECT national_id, given_name, family_name, birth_date FROM patients");
  while (lys_db_step (stmt) == LYS_DB_ROW)
    {
      const char *national_id = lys_db_column_text (stmt, 0);
      g_autofree char *given = g_strdup_printf ("\"%s\"", lys_db_column_text (stmt, 1));
      g_autofree char *family = g_strdup_printf ("\"%s\"", lys_db_column_text (stmt, 2));
      g_autofree char *born = g_strdup_printf ("\"%s\"", lys_db_column_text (stmt, 3));

      g_assert_null (strstr (text, national_id));
      g_assert_null (strstr (text, given));
      g_assert_null (strstr (text, family));
      g_assert_null (strstr (text, born));
      checked++;
    }
  g_assert_cmpuint (checked, ==, LYS_DEMO_PATIENTS);
  /* Nor the names of the staff, their HPR numbers, or free text: why a
   * course or an infusion stopped, what an adverse event was like */
  g_assert_null (strstr (text, "Ingrid Registerlege"));
  g_assert_null (strstr (text, "<name>"));

  doc = read_doc (fixture->out);
  g_assert_cmpuint (count (doc, "//f:Practitioner/f:identifier"), ==, 0);
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration/f:statusReason"), ==, 0);
  g_assert_cmpuint (count (doc, "//f:EpisodeOfCare/f:extension[contains(@url, 'stop-reason')]"), ==, 0);
  /* Why a course stopped goes coded instead, for every stopped course */
  g_assert_cmpuint (count (doc, "//f:EpisodeOfCare/f:extension[@url='" LYS_FHIR_EXTENSIONS "stop-code']"), >, 0);
  g_assert_cmpuint (count (doc, "//f:EpisodeOfCare[f:extension/@url='" LYS_FHIR_EXTENSIONS "stop-code']"
                                "/f:status[@value!='finished']"), ==, 0);
  g_assert_cmpuint (count (doc, "//f:EpisodeOfCare/f:extension[@url='" LYS_FHIR_EXTENSIONS "stop-code']/f:valueCode"
                                "[@value!='no-effect' and @value!='adverse-effects' and @value!='patient-wish' "
                                "and @value!='medical' and @value!='practical' and @value!='other']"), ==, 0);
  g_assert_cmpuint (count (doc, "//f:AdverseEvent/f:event/f:text"), ==, 0);
  g_assert_cmpuint (count (doc, "//f:AdverseEvent"), >, 0);
  /* Every URI is a real scheme: the pseudonyms in the clinic's own urn:uuid
   * namespace, each consent under the clinic's form and institution */
  g_assert_null (strstr (text, "urn:lysning"));
  {
    g_autoptr(GPtrArray) systems = values (doc, "//f:Patient/f:identifier/f:system");

    g_assert_cmpuint (systems->len, ==, summary.patients);
    for (guint i = 0; i < systems->len; i++)
      {
        g_assert_true (g_str_has_prefix (systems->pdata[i], "urn:uuid:"));
        g_assert_cmpstr (systems->pdata[i], ==, systems->pdata[0]);
      }
  }
  g_assert_cmpuint (count (doc, "//f:Consent[starts-with(f:policy/f:uri/@value, 'urn:uuid:') and "
                                "starts-with(f:policyRule/f:text/@value, 'Off-label consent form 2025.1') and "
                                "f:organization/f:reference/@value = //f:entry[f:resource/f:Organization]/f:fullUrl/@value]"),
                    ==, summary.consents);
  /* An id's UUID is its name's: the same in every export as before */
  {
    g_autofree char *by_id = lys_fhir_uuid ("0123abcd", "course", 42);
    g_autofree char *by_name = lys_fhir_uuid_for_name ("0123abcd", "course", "42");

    g_assert_cmpstr (by_id, ==, by_name);
  }
  first = values (doc, "//f:Patient/f:identifier/f:value");
  births = values (doc, "//f:Patient/f:birthDate");
  xmlFreeDoc (doc);
  g_assert_cmpuint (first->len, ==, summary.patients);
  for (guint i = 0; i < births->len; i++)
    g_assert_cmpuint (strlen (g_ptr_array_index (births, i)), ==, 4);

  export_all (fixture, FALSE, &summary);
  doc = read_doc (fixture->out);
  second = values (doc, "//f:Patient/f:identifier/f:value");
  xmlFreeDoc (doc);
  g_assert_cmpuint (second->len, ==, first->len);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpstr (g_ptr_array_index (first, i), ==, g_ptr_array_index (second, i));
}

/* Identified on request: the identity number under its OID, and the name */
static void
test_identified (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GPtrArray) dnumbers = NULL;
  LysExportSummary summary;
  xmlDocPtr doc;

  export_all (fixture, TRUE, &summary);
  doc = read_doc (fixture->out);
  numbers = values (doc, "//f:Patient/f:identifier[f:system/@value='" LYS_FHIR_SYSTEM_FNR "']/f:value");
  dnumbers = values (doc, "//f:Patient/f:identifier[f:system/@value='" LYS_FHIR_SYSTEM_DNR "']/f:value");
  g_assert_cmpuint (numbers->len + dnumbers->len, ==, summary.patients);
  g_assert_cmpuint (dnumbers->len, >, 0);
  g_assert_cmpuint (count (doc, "//f:Patient/f:name/f:family"), ==, summary.patients);
  g_assert_cmpuint (count (doc, "//f:Patient/f:birthDate[string-length(@value) = 10]"), ==, summary.patients);
  /* What the pseudonymised file leaves out, this one has */
  g_assert_cmpuint (count (doc, "//f:Practitioner/f:identifier[f:system/@value='" LYS_FHIR_SYSTEM_HPR "']"), >, 0);
  g_assert_cmpuint (count (doc, "//f:EpisodeOfCare/f:extension[contains(@url, 'stop-reason')]"), >, 0);
  g_assert_cmpuint (count (doc, "//f:AdverseEvent/f:event/f:text"), >, 0);
  xmlFreeDoc (doc);
  validate_official (fixture->out);
}

/* Who opted out is in neither kind of export, and the summary says how
 * many were left out */
static void
test_opted_out (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) identified = NULL;
  g_autoptr(GPtrArray) pseudonyms = NULL;
  g_autofree char *key = NULL;
  LysExportSummary summary;
  gint64 opted_out = test_clinic_query_int (fixture->base.store, "SELECT count (*) FROM patients WHERE registry_opt_out = 1");
  xmlDocPtr doc;
  guint checked = 0;

  g_assert_cmpint (opted_out, >, 0);

  export_all (fixture, TRUE, &summary);
  g_assert_cmpuint (summary.left_out, ==, opted_out);
  doc = read_doc (fixture->out);
  identified = values (doc, "//f:Patient/f:identifier/f:value");
  xmlFreeDoc (doc);

  export_all (fixture, FALSE, &summary);
  g_assert_cmpuint (summary.left_out, ==, opted_out);
  doc = read_doc (fixture->out);
  pseudonyms = values (doc, "//f:Patient/f:identifier/f:value");
  xmlFreeDoc (doc);

  stmt = test_clinic_prepare (fixture->base.store, "SELECT value FROM meta WHERE key = 'registry-key'");
  g_assert_cmpint (lys_db_step (stmt), ==, LYS_DB_ROW);
  key = g_strdup (lys_db_column_text (stmt, 0));
  g_clear_pointer (&stmt, lys_db_stmt_free);

  stmt = test_clinic_prepare (fixture->base.store, "SELECT national_id, registry_opt_out FROM patients p WHERE EXISTS "
                                       "(SELECT 1 FROM courses WHERE patient_id = p.id)");
  while (lys_db_step (stmt) == LYS_DB_ROW)
    {
      const char *national_id = lys_db_column_text (stmt, 0);
      gboolean out = lys_db_column_int (stmt, 1) != 0;
      g_autofree char *pseudonym = lys_fhir_pseudonym (key, national_id);

      g_assert_cmpint (has_value (identified, national_id), ==, !out);
      g_assert_cmpint (has_value (pseudonyms, pseudonym), ==, !out);
      checked++;
    }
  g_assert_cmpuint (checked, ==, summary.patients + summary.left_out);
}

/* Every reference is to an entry of the Bundle, and every full URL is
 * there once */
static void
test_references (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) urls = NULL;
  g_autoptr(GPtrArray) references = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  LysExportSummary summary;
  xmlDocPtr doc;

  export_all (fixture, FALSE, &summary);
  doc = read_doc (fixture->out);
  urls = values (doc, "/f:Bundle/f:entry/f:fullUrl");
  references = values (doc, "//f:reference");
  xmlFreeDoc (doc);

  g_assert_cmpuint (urls->len, ==, summary.entries);
  for (guint i = 0; i < urls->len; i++)
    {
      g_assert_true (g_str_has_prefix (g_ptr_array_index (urls, i), "urn:uuid:"));
      g_assert_true (g_hash_table_add (seen, g_ptr_array_index (urls, i)));
    }
  g_assert_cmpuint (references->len, >, summary.entries);
  for (guint i = 0; i < references->len; i++)
    g_assert_true (g_hash_table_contains (seen, g_ptr_array_index (references, i)));
}

/* A patient of the test clinic with one infusion in winter and one in
 * summer, stopped after six minutes, an adverse event in free text, and two
 * ratings on the night the clocks go forward */
static void
add_special_patient (Fixture *fixture)
{
  g_autoptr(GDateTime) winter = g_date_time_new_local (2026, 1, 15, 9, 0, 0);
  g_autoptr(GDateTime) summer = g_date_time_new_local (2026, 7, 15, 9, 0, 0);
  g_autofree char *sql = NULL;
  char *given, *family, *event;         /* SQLite quotes them */
  TestClinic clinic;
  gint64 second, first_infusion;

  test_clinic_setup (fixture->base.store, winter, TEST_CLINIC_READY, &clinic);
  second = test_clinic_book (fixture->base.store, &clinic, summer);

  given = sqlite3_mprintf ("%Q", SPECIAL_GIVEN);
  family = sqlite3_mprintf ("%Q", SPECIAL_FAMILY);
  event = sqlite3_mprintf ("%Q", SPECIAL_EVENT);
  sql = g_strdup_printf ("UPDATE patients SET given_name = %s, family_name = %s, sex = 'female' "
                         "WHERE id = %" G_GINT64_FORMAT, given, family, clinic.patient);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, sql), ==, LYS_DB_FAULT_NONE);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE courses SET started_on = '2026-01-10' WHERE id = %" G_GINT64_FORMAT, clinic.course);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, sql), ==, LYS_DB_FAULT_NONE);

  for (guint i = 0; i < 2; i++)
    {
      const char *day = i == 0 ? "2026-01-15" : "2026-07-15";

      g_free (sql);
      sql = g_strdup_printf ("INSERT INTO infusions (appointment_id, status, weight_kg, dose_mg_per_kg, total_mg, "
                             "given_mg, stop_reason, duration_minutes, lot_number, given_by, psychologist_id, "
                             "started_at, ended_at, updated_at) "
                             "VALUES (%" G_GINT64_FORMAT ", 'ended', 70, 0.5, 35, %s, %s, 40, 'KET-1', %" G_GINT64_FORMAT
                             ", %" G_GINT64_FORMAT ", '%s 09:00:00', '%s 09:%s:00', 'x')",
                             i == 0 ? clinic.appointment : second, i == 0 ? "35" : "5.2",
                             i == 0 ? "NULL" : "'Kvalme'", clinic.physician, clinic.psychologist, day, day,
                             i == 0 ? "40" : "06");
      g_assert_cmpint (test_clinic_exec (fixture->base.store, sql), ==, LYS_DB_FAULT_NONE);
    }
  first_infusion = lys_db_last_insert_id (_lys_store_get_db (fixture->base.store)) - 1;

  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO vitals (infusion_id, taken_at, stage, systolic, diastolic, heart_rate, spo2) "
                         "VALUES (%1$" G_GINT64_FORMAT ", '2026-01-15 09:00:00', 'baseline', 120, 80, 70, 98), "
                         "(%1$" G_GINT64_FORMAT ", '2026-01-15 09:30:00', 'during', 151, 92, 80, 97), "
                         "(%1$" G_GINT64_FORMAT ", '2026-01-15 09:40:00', 'during', 143, 95, 78, 97);"
                         "INSERT INTO adverse_events (infusion_id, kind, description, severity, action, noted_at) "
                         "VALUES (%1$" G_GINT64_FORMAT ", 'other', %2$s, 'moderate', 'Pause 10 min', "
                         "'2026-01-15 09:20:00');"
                         "INSERT INTO ratings (patient_id, course_id, scale, timepoint, rated_at, answers, total) "
                         "VALUES (%3$" G_GINT64_FORMAT ", %4$" G_GINT64_FORMAT ", 'madrs', 'baseline', "
                         "'2026-03-29 01:30:00', '[]', 31), (%3$" G_GINT64_FORMAT ", %4$" G_GINT64_FORMAT
                         ", 'phq9', NULL, '2026-03-29 03:30:00', '[]', 17)",
                         first_infusion, event, clinic.patient, clinic.course);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, sql), ==, LYS_DB_FAULT_NONE);

  sqlite3_free (given);
  sqlite3_free (family);
  sqlite3_free (event);
}

/* Norwegian letters and XML's special characters come back from a parser
 * as they went in */
static void
test_special_text (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) given = NULL;
  g_autoptr(GPtrArray) family = NULL;
  g_autoptr(GPtrArray) events = NULL;
  LysExportSummary summary;
  xmlDocPtr doc;

  add_special_patient (fixture);
  export_all (fixture, TRUE, &summary);
  validate_official (fixture->out);

  doc = read_doc (fixture->out);
  given = values (doc, "//f:Patient/f:name/f:given");
  family = values (doc, "//f:Patient/f:name/f:family");
  events = values (doc, "//f:AdverseEvent/f:event/f:text");
  xmlFreeDoc (doc);
  g_assert_true (has_value (given, SPECIAL_GIVEN));
  g_assert_true (has_value (family, SPECIAL_FAMILY));
  g_assert_true (has_value (events, SPECIAL_EVENT));

  /* The stopped infusion: the dose given, not the dose planned */
  doc = read_doc (fixture->out);
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration[f:status/@value='stopped']/f:dosage/f:dose/f:value"
                                "[@value='5.2']"), ==, 1);
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration[f:status/@value='stopped']/f:dosage/f:text"
                                "[contains(@value, 'stopped early, 5.2 mg of 35.0 mg given')]"), ==, 1);
  g_assert_cmpuint (count (doc, "//f:MedicationAdministration[f:status/@value='completed']/f:dosage/f:dose/f:value"
                                "[@value='35.0' or @value='35']"), >=, 1);
  xmlFreeDoc (doc);
}

/* A patient whose name cannot be written as it is (a control character
 * put there past Lysning's checks) is left out of an identified export and
 * named by number; every other patient's records are all there */
static void
test_left_out (Fixture       *fixture,
               gconstpointer  data)
{
  LysExportSummary all, identified;
  g_autofree char *sql = NULL;
  g_autofree char *courses_sql = NULL;
  gint64 patient, courses, infusions, events, consents;

  export_all (fixture, FALSE, &all);

  /* The exported patient with the lowest id that has infusions: those
   * after it are read past its rows */
  patient = test_clinic_query_int (fixture->base.store,
                                   "SELECT min (c.patient_id) FROM courses c JOIN patients p ON p.id = c.patient_id "
                                   "JOIN appointments a ON a.course_id = c.id JOIN infusions i ON i.appointment_id = a.id "
                                   "JOIN adverse_events ae ON ae.infusion_id = i.id "
                                   "WHERE p.registry_opt_out = 0 AND i.started_at IS NOT NULL");
  g_assert_cmpint (patient, >, 0);
  courses_sql = g_strdup_printf ("FROM courses c JOIN appointments a ON a.course_id = c.id "
                                 "JOIN infusions i ON i.appointment_id = a.id "
                                 "WHERE c.patient_id = %" G_GINT64_FORMAT " AND i.started_at IS NOT NULL", patient);
  sql = g_strdup_printf ("SELECT count (*) FROM courses WHERE patient_id = %" G_GINT64_FORMAT, patient);
  courses = test_clinic_query_int (fixture->base.store, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) %s", courses_sql);
  infusions = test_clinic_query_int (fixture->base.store, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM adverse_events ae JOIN infusions i ON i.id = ae.infusion_id "
                         "JOIN appointments a ON a.id = i.appointment_id JOIN courses c ON c.id = a.course_id "
                         "WHERE c.patient_id = %" G_GINT64_FORMAT " AND i.started_at IS NOT NULL", patient);
  events = test_clinic_query_int (fixture->base.store, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM consents WHERE patient_id = %" G_GINT64_FORMAT, patient);
  consents = test_clinic_query_int (fixture->base.store, sql);
  g_assert_cmpint (infusions, >, 0);
  g_assert_cmpint (events, >, 0);

  g_free (sql);
  sql = g_strdup_printf ("UPDATE patients SET given_name = 'Ka\ari' WHERE id = %" G_GINT64_FORMAT, patient);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, sql), ==, LYS_DB_FAULT_NONE);
  export_all (fixture, TRUE, &identified);
  validate_official (fixture->out);

  g_assert_cmpuint (identified.unwritable, ==, 1);
  g_assert_cmpint (identified.first_unwritable, ==, patient);
  g_assert_cmpuint (identified.patients, ==, all.patients - 1);
  g_assert_cmpuint (identified.courses, ==, all.courses - (guint) courses);
  g_assert_cmpuint (identified.infusions, ==, all.infusions - (guint) infusions);
  g_assert_cmpuint (identified.adverse_events, ==, all.adverse_events - (guint) events);
  g_assert_cmpuint (identified.consents, ==, all.consents - (guint) consents);
}

/* Times carry the Europe/Oslo offset of their day, also on the night the
 * clocks change; dates stay dates */
static void
test_oslo_offsets (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct { const char *local; const char *fhir; } times[] = {
    { "2026-01-15 09:00:00", "2026-01-15T09:00:00+01:00" },
    { "2026-07-15 09:00:00", "2026-07-15T09:00:00+02:00" },
    { "2026-03-29 01:30:00", "2026-03-29T01:30:00+01:00" },
    { "2026-03-29 03:30:00", "2026-03-29T03:30:00+02:00" },
    { "2026-10-25 03:30:00", "2026-10-25T03:30:00+01:00" },
    { "2026-06-01", "2026-06-01" },
  };
  g_autoptr(GPtrArray) starts = NULL;
  g_autoptr(GPtrArray) effective = NULL;
  g_autoptr(GPtrArray) all = NULL;
  LysExportSummary summary;
  xmlDocPtr doc;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *fhir = lys_fhir_format_time (times[i].local);

      g_assert_cmpstr (fhir, ==, times[i].fhir);
    }
  g_assert_null (lys_fhir_format_time ("15.01.2026"));

  add_special_patient (fixture);
  export_all (fixture, TRUE, &summary);
  doc = read_doc (fixture->out);
  starts = values (doc, "//f:MedicationAdministration/f:effectivePeriod/f:start");
  effective = values (doc, "//f:Observation/f:effectiveDateTime");
  all = values (doc, "//*[contains(@value, 'T') and string-length(@value) >= 19 and "
                     "substring(@value, 5, 1) = '-' and substring(@value, 14, 1) = ':']");
  xmlFreeDoc (doc);

  g_assert_true (has_value (starts, times[0].fhir));
  g_assert_true (has_value (starts, times[1].fhir));
  g_assert_true (has_value (effective, times[2].fhir));
  g_assert_true (has_value (effective, times[3].fhir));
  /* Every time in the file has an offset, +01:00 or +02:00 */
  g_assert_cmpuint (all->len, >, summary.infusions);
  for (guint i = 0; i < all->len; i++)
    {
      const char *value = g_ptr_array_index (all, i);

      g_assert_true (g_str_has_suffix (value, "+01:00") || g_str_has_suffix (value, "+02:00"));
    }
}

/* The period and the kind of course choose what is exported */
static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) starts = NULL;
  g_autoptr(GPtrArray) kinds = NULL;
  LysExportSummary all, month, maintenance;
  xmlDocPtr doc;

  g_autoptr(LysDbStmt) stmt = NULL;
  char from[11], to[11];

  export_all (fixture, FALSE, &all);

  /* The month of the clinic's middle infusion */
  stmt = test_clinic_prepare (fixture->base.store,
                              "SELECT substr (started_at, 1, 7) FROM infusions WHERE started_at IS NOT NULL "
                              "ORDER BY started_at LIMIT 1 OFFSET (SELECT count (*) / 2 FROM infusions)");
  g_assert_cmpint (lys_db_step (stmt), ==, LYS_DB_ROW);
  g_snprintf (from, sizeof from, "%s-01", lys_db_column_text (stmt, 0));
  g_snprintf (to, sizeof to, "%s-28", lys_db_column_text (stmt, 0));

  g_assert_true (export (fixture, from, to, LYS_EXPORT_ALL_COURSES, FALSE, &month, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (month.infusions, >, 0);
  g_assert_cmpuint (month.infusions, <, all.infusions);
  g_assert_cmpuint (month.patients, <=, all.patients);
  doc = read_doc (fixture->out);
  starts = values (doc, "//f:MedicationAdministration/f:effectivePeriod/f:start");
  xmlFreeDoc (doc);
  g_assert_cmpuint (starts->len, ==, month.infusions);
  for (guint i = 0; i < starts->len; i++)
    {
      g_autofree char *day = g_strndup (g_ptr_array_index (starts, i), 10);

      g_assert_cmpstr (day, >=, from);
      g_assert_cmpstr (day, <=, to);
    }

  g_assert_true (export (fixture, NULL, NULL, LYS_EXPORT_MAINTENANCE_COURSES, FALSE, &maintenance, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (maintenance.courses, >, 0);
  g_assert_cmpuint (maintenance.courses, <, all.courses);
  doc = read_doc (fixture->out);
  kinds = values (doc, "//f:EpisodeOfCare/f:type/f:coding/f:code");
  xmlFreeDoc (doc);
  g_assert_cmpuint (kinds->len, ==, maintenance.courses);
  for (guint i = 0; i < kinds->len; i++)
    g_assert_cmpstr (g_ptr_array_index (kinds, i), ==, "maintenance");
}

/* A coordinator does not export clinical data; a period that ends before
 * it starts is refused; neither writes anything */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  LysExportSummary summary;

  g_assert_false (export (fixture, "2026-05-01", "2026-04-01", LYS_EXPORT_ALL_COURSES, FALSE, &summary, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  test_clinic_become (fixture->base.store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  g_assert_false (export (fixture, NULL, NULL, LYS_EXPORT_ALL_COURSES, FALSE, &summary, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_assert_false (g_file_test (fixture->out, G_FILE_TEST_EXISTS));
  g_assert_cmpint (test_clinic_query_int (fixture->base.store, "SELECT count (*) FROM audit_log WHERE action = 'registry.export'"),
                   ==, 0);
}

static void
on_progress_cancel_cb (guint    done,
                       guint    total,
                       gpointer data)
{
  g_cancellable_cancel (data);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

/* Cancelled before it starts, or after the first patient in a worker
 * thread, an export leaves nothing: not the file, not a temporary one, not
 * an audit row */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(LysRegistryExport) export = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  LysExportOptions options = { NULL, NULL, LYS_EXPORT_ALL_COURSES, FALSE };
  LysExportSummary summary;
  guint files = count_files (fixture->base.dir);

  export = lys_registry_export_new (fixture->base.store, &options, &error);
  g_assert_no_error (error);

  g_cancellable_cancel (cancellable);
  g_assert_false (lys_registry_export_run (export, fixture->out, NULL, NULL, cancellable, &summary, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (fixture->base.dir), ==, files);

  g_cancellable_reset (cancellable);
  lys_registry_export_run_async (export, fixture->out, on_progress_cancel_cb, cancellable, cancellable,
                                 on_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (lys_registry_export_run_finish (export, result, &summary, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (fixture->base.dir), ==, files);
  g_assert_cmpint (test_clinic_query_int (fixture->base.store, "SELECT count (*) FROM audit_log WHERE action = 'registry.export'"),
                   ==, 0);
}

typedef struct
{
  guint reports;
  guint done;
  guint total;
  GThread *thread;
} Progress;

static void
on_progress_cb (guint    done,
                guint    total,
                gpointer data)
{
  Progress *progress = data;

  g_assert_true (progress->thread == g_thread_self ());
  g_assert_cmpuint (done, >=, progress->done);
  progress->reports++;
  progress->done = done;
  progress->total = total;
}

/* In a worker thread, with progress on the caller's thread up to all the
 * patients; then logged, with the checksum, and in each patient's record */
static void
test_async_audit (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysRegistryExport) export = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *sql = NULL;
  LysExportOptions options = { NULL, NULL, LYS_EXPORT_ALL_COURSES, FALSE };
  LysExportSummary summary;
  Progress progress = { 0, 0, 0, g_thread_self () };

  export = lys_registry_export_new (fixture->base.store, &options, &error);
  g_assert_no_error (error);
  lys_registry_export_run_async (export, fixture->out, on_progress_cb, &progress, NULL, on_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (lys_registry_export_run_finish (export, result, &summary, &error));
  g_assert_no_error (error);
  /* Reports that come while one waits are merged; the last one is sent */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (progress.reports, >, 0);
  g_assert_cmpuint (progress.total, ==, summary.patients);
  g_assert_cmpuint (progress.done, ==, summary.patients);
  assert_owner_only (fixture->out);

  sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE action = 'registry.export' AND detail LIKE "
                         "'%s pseudonymised, %%%u patients (%u left out)%%sha256 %s'", summary.identifier,
                         summary.patients, summary.left_out, summary.checksum);
  g_assert_cmpint (test_clinic_query_int (fixture->base.store, sql), ==, 1);
  g_assert_cmpint (test_clinic_query_int (fixture->base.store, "SELECT count (DISTINCT patient_id) FROM audit_log "
                                                          "WHERE action = 'patient.export'"), ==, summary.patients);
  g_assert_cmpint (test_clinic_query_int (fixture->base.store, "SELECT count (*) FROM audit_log a JOIN patients p "
                                                          "ON p.id = a.patient_id WHERE a.action = 'patient.export' "
                                                          "AND p.registry_opt_out = 1"), ==, 0);
}

/* An export replaces an older file in one step, owner-only whatever the
 * old one was; one that cannot be written says where and leaves nothing */
static void
test_files (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (fixture->base.dir, "no-such-folder", "registry.xml", NULL);
  g_autofree char *text = NULL;
  LysExportSummary summary;
  LysExportOptions options = { NULL, NULL, LYS_EXPORT_ALL_COURSES, FALSE };
  g_autoptr(LysRegistryExport) export = NULL;
  guint files;

  g_assert_true (g_file_set_contents_full (fixture->out, "old", -1, G_FILE_SET_CONTENTS_NONE, 0644, &error));
  files = count_files (fixture->base.dir);
  export_all (fixture, FALSE, &summary);
  assert_owner_only (fixture->out);
  text = read_text (fixture->out);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_cmpuint (count_files (fixture->base.dir), ==, files);

  export = lys_registry_export_new (fixture->base.store, &options, &error);
  g_assert_no_error (error);
  g_assert_false (lys_registry_export_run (export, missing, NULL, NULL, NULL, &summary, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_assert_cmpuint (count_files (fixture->base.dir), ==, files);
}

/* A schema that cannot be read stops the export before anything is in
 * place */
static void
test_bad_schema (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *schema = g_build_filename (fixture->base.dir, "broken.xsd", NULL);
  g_autofree char *old = g_strdup (g_getenv ("LYSNING_FHIR_SCHEMA"));
  LysExportSummary summary;
  guint files;

  g_assert_true (g_file_set_contents (schema, "<xs:schema", -1, &error));
  files = count_files (fixture->base.dir);
  g_setenv ("LYSNING_FHIR_SCHEMA", schema, TRUE);
  g_assert_false (export (fixture, NULL, NULL, LYS_EXPORT_ALL_COURSES, FALSE, &summary, &error));
  if (old != NULL)
    g_setenv ("LYSNING_FHIR_SCHEMA", old, TRUE);
  else
    g_unsetenv ("LYSNING_FHIR_SCHEMA");
  g_assert_error (error, LYS_ERROR, LYS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "broken.xsd"));
  g_assert_cmpuint (count_files (fixture->base.dir), ==, files);
}

/* With HL7's schema named, the export checks itself against it too */
static void
test_official_check (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *schema = official_schema ();
  LysExportSummary summary;

  g_setenv ("LYSNING_FHIR_SCHEMA", schema, TRUE);
  g_assert_true (export (fixture, NULL, NULL, LYS_EXPORT_ALL_COURSES, FALSE, &summary, &error));
  g_unsetenv ("LYSNING_FHIR_SCHEMA");
  g_assert_no_error (error);
  g_assert_cmpuint (summary.patients, >, 0);
}

static gboolean
check_text (const char  *text,
            gsize        piece,
            GError     **error)
{
  g_autoptr(GFile) schema = g_file_new_for_uri ("resource:///no/lysning/Lysning/fhir/lysning-registry.xsd");
  LysSchemaCheck *check = lys_schema_check_start (schema);
  gsize length = strlen (text);

  /* In pieces, as an export hands them over */
  for (gsize at = 0; at < length; at += piece)
    {
      g_autoptr(GBytes) chunk = g_bytes_new (text + at, MIN (piece, length - at));

      lys_schema_check_push (check, chunk);
    }
  return lys_schema_check_finish (check, error);
}

/* The check the export runs as it writes: what Lysning may write passes,
 * a time without its offset or an element out of order does not */
static void
test_schema_check (void)
{
  static const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Bundle xmlns=\"http://hl7.org/fhir\">"
                            "<identifier><system value=\"urn:ietf:rfc:3986\"/><value value=\"urn:uuid:1\"/></identifier>"
                            "<type value=\"collection\"/>";
  g_autofree char *good = g_strconcat (head, "<timestamp value=\"2026-07-01T10:00:00+02:00\"/></Bundle>", NULL);
  g_autofree char *no_offset = g_strconcat (head, "<timestamp value=\"2026-07-01T10:00:00\"/></Bundle>", NULL);
  g_autofree char *out_of_order = g_strconcat ("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"collection\"/>"
                                               "<identifier><system value=\"urn:ietf:rfc:3986\"/>"
                                               "<value value=\"urn:uuid:1\"/></identifier></Bundle>", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (check_text (good, 7, &error));
  g_assert_no_error (error);

  g_assert_false (check_text (no_offset, 7, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message, "2: "));
  g_clear_error (&error);

  g_assert_false (check_text (out_of_order, 1000, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_false (check_text ("<Bundle xmlns=\"http://hl7.org/fhir\"><type", 3, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_CORRUPT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/export/schema-unchanged", test_schema_unchanged);
  g_test_add_func ("/core/export/schema-check", test_schema_check);
  TEST_ADD_TORN_DOWN_BY ("/core/export/demo-valid", test_demo_valid, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/pseudonymised", test_pseudonymised, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/identified", test_identified, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/opted-out", test_opted_out, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/references", test_references, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/special-text", test_special_text, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/left-out", test_left_out, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/oslo-offsets", test_oslo_offsets, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/filters", test_filters, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/refused", test_refused, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/cancel", test_cancel, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/async-audit", test_async_audit, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/files", test_files, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/bad-schema", test_bad_schema, fixture_tear_down);
  TEST_ADD_TORN_DOWN_BY ("/core/export/official-check", test_official_check, fixture_tear_down);

  return g_test_run ();
}
