/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-fhir"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lys-i18n.h"
#include <libxml/xmlwriter.h>

#include "lys-error.h"
#include "lys-fhir.h"
#include "lys-sha256.h"
#include "lys-time.h"

struct _LysFhirWriter
{
  LysFhirSink sink;
  gpointer sink_data;
  xmlTextWriterPtr writer;
  GString *element;             /* the element value () writes, reused */
  gboolean failed;
  char day[11];                 /* the last day a time was written for */
  char offset[7];
  gboolean day_has_offset;
  guint64 entries;
};

/* Identifiers and values */

/**
 * lys_fhir_uuid_for_name:
 * @name: what names the object within the clinic and its kind
 *
 * The same object of the same clinic has the same UUID in every export, so
 * that a registry can tell a new record from one it has: a name-based UUID
 * (version 8) from SHA-256 of the clinic, the kind and the name.
 *
 * Returns: "urn:uuid:…"
 */
char *
lys_fhir_uuid_for_name (const char *clinic_uid,
                        const char *kind,
                        const char *name)
{
  static const char hex[] = "0123456789abcdef";
  LysSha256 checksum;
  char text_name[256];
  guint8 digest[LYS_SHA256_SIZE];
  char *text, *p;
  int length;

  /* An export makes one for every entry and reference: on the stack */
  length = g_snprintf (text_name, sizeof text_name, "lysning/%s/%s/%s", clinic_uid, kind, name);
  g_return_val_if_fail (length > 0 && (gsize) length < sizeof text_name, NULL);
  lys_sha256_init (&checksum);
  lys_sha256_update (&checksum, text_name, length);
  lys_sha256_digest (&checksum, digest);
  digest[6] = (digest[6] & 0x0f) | 0x80;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  text = g_malloc (sizeof "urn:uuid:" + 36);
  p = g_stpcpy (text, "urn:uuid:");
  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[digest[i] >> 4];
      *p++ = hex[digest[i] & 0xf];
    }
  *p = '\0';
  return text;
}

/**
 * lys_fhir_uuid:
 *
 * lys_fhir_uuid_for_name() of a record by its id.
 *
 * Returns: "urn:uuid:…"
 */
char *
lys_fhir_uuid (const char *clinic_uid,
               const char *kind,
               gint64      id)
{
  char name[32];

  g_snprintf (name, sizeof name, "%" G_GINT64_FORMAT, id);
  return lys_fhir_uuid_for_name (clinic_uid, kind, name);
}

/**
 * lys_fhir_format_time:
 * @local: a clinic-local time "YYYY-MM-DD HH:MM:SS", or a date
 *
 * Returns: the FHIR dateTime, with the Europe/Oslo offset of that day
 *   ("2026-07-01T09:00:00+02:00"); a date stays a date; %NULL for text
 *   that is neither
 */
char *
lys_fhir_format_time (const char *local)
{
  int year, month, day, hour, minute, second;
  g_autoptr(GDateTime) time = NULL;

  if (local == NULL)
    return NULL;

  if (sscanf (local, "%4d-%2d-%2d %2d:%2d:%2d", &year, &month, &day, &hour, &minute, &second) == 6)
    {
      time = g_date_time_new (lys_time_clinic_zone (), year, month, day, hour, minute, second);
      return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
    }
  if (sscanf (local, "%4d-%2d-%2d", &year, &month, &day) == 3 && g_date_valid_dmy (day, month, year))
    return g_strdup_printf ("%04d-%02d-%02d", year, month, day);

  return NULL;
}

/**
 * lys_fhir_pseudonym:
 * @key: the clinic's secret key for pseudonyms
 *
 * The same patient has the same pseudonym in every export of the clinic,
 * and it cannot be turned back into the identity number without the key.
 *
 * Returns: 32 hex digits of HMAC-SHA256
 */
char *
lys_fhir_pseudonym (const char *key,
                    const char *national_id)
{
  g_autofree char *hmac = NULL;

  g_return_val_if_fail (key != NULL && national_id != NULL, NULL);

  hmac = lys_hmac_sha256_hex ((const guint8 *) key, strlen (key), national_id, -1);
  hmac[32] = '\0';
  return g_steal_pointer (&hmac);
}

/* Writing */

static int
write_cb (void       *context,
          const char *buffer,
          int         length)
{
  LysFhirWriter *self = context;

  return self->sink (buffer, (gsize) length, self->sink_data) ? length : -1;
}

static int
close_cb (void *context)
{
  return 0;
}

/**
 * lys_fhir_writer_new:
 * @sink: takes what is written, in order; returns %FALSE when it failed,
 *   and writing stops
 */
LysFhirWriter *
lys_fhir_writer_new (LysFhirSink sink,
                     gpointer    user_data)
{
  LysFhirWriter *self = g_new0 (LysFhirWriter, 1);
  xmlOutputBufferPtr output;

  self->sink = sink;
  self->sink_data = user_data;
  output = xmlOutputBufferCreateIO (write_cb, close_cb, self, NULL);
  self->writer = output != NULL ? xmlNewTextWriter (output) : NULL;
  self->failed = self->writer == NULL;
  self->element = g_string_sized_new (256);
  return self;
}

void
lys_fhir_writer_free (LysFhirWriter *self)
{
  if (self == NULL)
    return;

  if (self->writer != NULL)
    xmlFreeTextWriter (self->writer);
  if (self->element != NULL)
    g_string_free (self->element, TRUE);
  g_free (self);
}

guint64
lys_fhir_writer_get_entries (LysFhirWriter *self)
{
  return self->entries;
}

static void
check (LysFhirWriter *self,
       int            rc)
{
  if (rc < 0)
    self->failed = TRUE;
}

static void
start (LysFhirWriter *self,
       const char    *name)
{
  check (self, xmlTextWriterStartElement (self->writer, BAD_CAST name));
}

static void
end (LysFhirWriter *self)
{
  check (self, xmlTextWriterEndElement (self->writer));
}

/* XML 1.0 carries no control character but tab and the line ends */
static gboolean
is_xml_char (gunichar c)
{
  return c >= 0x20 ? c != 0xfffe && c != 0xffff : c == '\t' || c == '\n' || c == '\r';
}

/* Byte by byte, for every value the export writes: a control byte, or
 * U+FFFE or U+FFFF (EF BF BE, EF BF BF), or UTF-8 that is not */
static gboolean
is_xml_text (const char *text)
{
  gboolean ascii = TRUE;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        return FALSE;
      if (*p == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
        return FALSE;
      ascii = ascii && *p < 0x80;
    }
  return ascii || g_utf8_validate (text, -1, NULL);
}

/* A free text with what XML cannot carry (put there past Lysning's checks)
 * is sent with U+FFFD in its place, not left to stop the export */
static char *
dup_xml_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *written = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    g_string_append_unichar (written, is_xml_char (g_utf8_get_char (p)) ? g_utf8_get_char (p) : 0xfffd);
  return g_string_free (written, FALSE);
}

/* <name value="…"/>, left out when there is no value: FHIR has no empty ones */
static void
value (LysFhirWriter *self,
       const char    *name,
       const char    *text)
{
  g_autofree char *plain = NULL;

  if (text == NULL || text[0] == '\0')
    return;
  if (!is_xml_text (text))
    text = plain = dup_xml_text (text);

  /* The export writes hundreds of thousands: one write each, escaped here,
   * not an element opened, an attribute and the element closed */
  g_string_truncate (self->element, 0);
  g_string_append_c (self->element, '<');
  g_string_append (self->element, name);
  g_string_append (self->element, " value=\"");
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '&': g_string_append (self->element, "&amp;"); break;
      case '<': g_string_append (self->element, "&lt;"); break;
      case '>': g_string_append (self->element, "&gt;"); break;
      case '"': g_string_append (self->element, "&quot;"); break;
      /* kept as they are, not turned into spaces by the reader */
      case '\t': g_string_append (self->element, "&#9;"); break;
      case '\n': g_string_append (self->element, "&#10;"); break;
      case '\r': g_string_append (self->element, "&#13;"); break;
      default: g_string_append_c (self->element, *p); break;
      }
  g_string_append (self->element, "\"/>");
  check (self, xmlTextWriterWriteRawLen (self->writer, BAD_CAST self->element->str, (int) self->element->len));
}

/* The offset of a day that has one all day, as "+01:00", or FALSE */
static gboolean
day_offset (const char *day,
            char        offset[7])
{
  int year, month, date;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *text = NULL;

  if (sscanf (day, "%4d-%2d-%2d", &year, &month, &date) != 3 ||
      (first = g_date_time_new (lys_time_clinic_zone (), year, month, date, 0, 0, 0)) == NULL ||
      (last = g_date_time_new (lys_time_clinic_zone (), year, month, date, 23, 59, 59)) == NULL ||
      g_date_time_get_utc_offset (first) != g_date_time_get_utc_offset (last))
    return FALSE;

  text = g_date_time_format (first, "%:z");
  g_strlcpy (offset, text, 7);
  return TRUE;
}

/* Times of the same day, as an export has many, take the offset found for
 * the first; the days clocks change on are worked out each time */
static void
time_value (LysFhirWriter *self,
            const char    *name,
            const char    *local)
{
  g_autofree char *formatted = NULL;
  char buf[32];

  if (local != NULL && strlen (local) == 19 && local[10] == ' ')
    {
      if (strncmp (local, self->day, 10) != 0)
        {
          g_strlcpy (self->day, local, 11);
          self->day_has_offset = day_offset (self->day, self->offset);
        }
      if (self->day_has_offset)
        {
          memcpy (buf, local, 19);
          buf[10] = 'T';
          memcpy (buf + 19, self->offset, 7);
          value (self, name, buf);
          return;
        }
    }

  formatted = lys_fhir_format_time (local);
  value (self, name, formatted);
}

static void
decimal_value (LysFhirWriter *self,
               const char    *name,
               double         number,
               guint          digits)
{
  char format[8];
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  /* "55.60" with two digits is written "55.6"; FHIR's decimal has no exponent */
  g_snprintf (format, sizeof format, "%%.%uf", MIN (digits, 6));
  g_ascii_formatd (buf, sizeof buf, format, number);
  if (strchr (buf, '.') != NULL)
    {
      end = buf + strlen (buf) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  value (self, name, buf);
}

static void
integer_value (LysFhirWriter *self,
               const char    *name,
               int            number)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%d", number);
  value (self, name, buf);
}

static void
coding (LysFhirWriter *self,
        const char    *system,
        const char    *code,
        const char    *display)
{
  start (self, "coding");
  value (self, "system", system);
  value (self, "code", code);
  value (self, "display", display);
  end (self);
}

/* A CodeableConcept of one coding, and its text */
static void
concept (LysFhirWriter *self,
         const char    *name,
         const char    *system,
         const char    *code,
         const char    *display,
         const char    *text)
{
  start (self, name);
  if (code != NULL)
    coding (self, system, code, display);
  value (self, "text", text);
  end (self);
}

static void
reference (LysFhirWriter *self,
           const char    *name,
           const char    *full_url)
{
  if (full_url == NULL)
    return;

  start (self, name);
  value (self, "reference", full_url);
  end (self);
}

static void
period (LysFhirWriter *self,
        const char    *name,
        const char    *from,
        const char    *until)
{
  start (self, name);
  time_value (self, "start", from);
  time_value (self, "end", until);
  end (self);
}

static void
quantity (LysFhirWriter *self,
          const char    *name,
          double         number,
          guint          digits,
          const char    *ucum)
{
  start (self, name);
  decimal_value (self, "value", number, digits);
  value (self, "unit", ucum);
  value (self, "system", LYS_FHIR_SYSTEM_UCUM);
  value (self, "code", ucum);
  end (self);
}

/* <extension url="…/name"><valueX value="…"/></extension> */
static void
extension (LysFhirWriter *self,
           const char    *name,
           const char    *type,
           const char    *text)
{
  g_autofree char *url = NULL;

  if (text == NULL || text[0] == '\0')
    return;

  url = g_strconcat (LYS_FHIR_EXTENSIONS, name, NULL);
  start (self, "extension");
  check (self, xmlTextWriterWriteAttribute (self->writer, BAD_CAST "url", BAD_CAST url));
  value (self, type, text);
  end (self);
}

static void
begin_entry (LysFhirWriter *self,
             const char    *full_url,
             const char    *resource)
{
  start (self, "entry");
  value (self, "fullUrl", full_url);
  start (self, "resource");
  start (self, resource);
}

static gboolean
end_entry (LysFhirWriter *self)
{
  end (self);
  end (self);
  end (self);
  self->entries++;
  return !self->failed;
}

gboolean
lys_fhir_writer_begin (LysFhirWriter *self,
                       const char    *bundle_uuid,
                       GDateTime     *timestamp)
{
  g_autoptr(GDateTime) oslo = g_date_time_to_timezone (timestamp, lys_time_clinic_zone ());
  g_autofree char *instant = g_date_time_format (oslo, "%Y-%m-%dT%H:%M:%S%:z");

  if (self->writer == NULL)
    return FALSE;
  check (self, xmlTextWriterStartDocument (self->writer, "1.0", "UTF-8", NULL));
  start (self, "Bundle");
  check (self, xmlTextWriterWriteAttribute (self->writer, BAD_CAST "xmlns", BAD_CAST LYS_FHIR_NAMESPACE));
  start (self, "identifier");
  value (self, "system", "urn:ietf:rfc:3986");
  value (self, "value", bundle_uuid);
  end (self);
  value (self, "type", "collection");
  value (self, "timestamp", instant);
  return !self->failed;
}

gboolean
lys_fhir_writer_end (LysFhirWriter  *self,
                     GError        **error)
{
  end (self);
  check (self, xmlTextWriterEndDocument (self->writer));
  check (self, xmlTextWriterFlush (self->writer));
  if (self->failed)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_IO,
                           _("The export file could not be written in full. Check that the disk has room."));
      return FALSE;
    }

  return TRUE;
}

/* Resources, each in FHIR R4's element order */

gboolean
lys_fhir_write_patient (LysFhirWriter        *self,
                        const char           *full_url,
                        const LysFhirPatient *patient)
{
  begin_entry (self, full_url, "Patient");
  start (self, "identifier");
  value (self, "system", patient->system);
  value (self, "value", patient->value);
  end (self);
  if (patient->family_name != NULL)
    {
      start (self, "name");
      value (self, "family", patient->family_name);
      value (self, "given", patient->given_name);
      end (self);
    }
  value (self, "gender", patient->gender);
  value (self, "birthDate", patient->birth_date);
  return end_entry (self);
}

static void
identifier (LysFhirWriter *self,
            const char    *system,
            const char    *number)
{
  if (number == NULL || number[0] == '\0')
    return;

  start (self, "identifier");
  value (self, "system", system);
  value (self, "value", number);
  end (self);
}

gboolean
lys_fhir_write_practitioner (LysFhirWriter             *self,
                             const char                *full_url,
                             const LysFhirPractitioner *practitioner)
{
  begin_entry (self, full_url, "Practitioner");
  identifier (self, LYS_FHIR_SYSTEM_HPR, practitioner->hpr_number);
  value (self, "active", practitioner->active ? "true" : "false");
  if (practitioner->name != NULL)
    {
      start (self, "name");
      value (self, "text", practitioner->name);
      end (self);
    }
  return end_entry (self);
}

/* The institution: a healthcare provider, of the kind the funding
 * decision names */
gboolean
lys_fhir_write_organization (LysFhirWriter             *self,
                             const char                *full_url,
                             const LysFhirOrganization *organization)
{
  begin_entry (self, full_url, "Organization");
  identifier (self, LYS_FHIR_SYSTEM_ENH, organization->organisation_number);
  identifier (self, LYS_FHIR_SYSTEM_RESH, organization->resh_id);
  value (self, "active", "true");
  concept (self, "type", "http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider", NULL);
  concept (self, "type", LYS_FHIR_CODES "institution-kind", organization->kind, NULL, NULL);
  value (self, "name", organization->name);
  return end_entry (self);
}

gboolean
lys_fhir_write_condition (LysFhirWriter          *self,
                          const char             *full_url,
                          const LysFhirCondition *condition)
{
  begin_entry (self, full_url, "Condition");
  concept (self, "clinicalStatus", "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", NULL, NULL);
  concept (self, "code", LYS_FHIR_SYSTEM_ICD10, condition->icd10, NULL, NULL);
  reference (self, "subject", condition->patient);
  return end_entry (self);
}

gboolean
lys_fhir_write_episode (LysFhirWriter        *self,
                        const char           *full_url,
                        const LysFhirEpisode *episode)
{
  begin_entry (self, full_url, "EpisodeOfCare");
  extension (self, "stop-reason", "valueString", episode->stop_reason);
  extension (self, "stop-code", "valueCode", episode->stop_code);
  extension (self, "ect-history", "valueCode", episode->ect_history);
  value (self, "status", episode->status);
  concept (self, "type", LYS_FHIR_CODES "course", episode->kind, NULL, NULL);
  if (episode->condition != NULL)
    {
      start (self, "diagnosis");
      reference (self, "condition", episode->condition);
      end (self);
    }
  reference (self, "patient", episode->patient);
  reference (self, "managingOrganization", episode->organization);
  period (self, "period", episode->started_on, episode->ended_on);
  return end_entry (self);
}

gboolean
lys_fhir_write_infusion (LysFhirWriter         *self,
                         const char            *full_url,
                         const LysFhirInfusion *infusion)
{
  g_autofree char *text = NULL;
  char rate[G_ASCII_DTOSTR_BUF_SIZE], weight[G_ASCII_DTOSTR_BUF_SIZE];

  begin_entry (self, full_url, "MedicationAdministration");
  extension (self, "lot-number", "valueString", infusion->lot_number);
  value (self, "status", infusion->status);
  if (infusion->stop_reason != NULL)
    concept (self, "statusReason", NULL, NULL, NULL, infusion->stop_reason);
  concept (self, "medicationCodeableConcept", LYS_FHIR_SYSTEM_ATC, "N01AX03", "ketamine", NULL);
  reference (self, "subject", infusion->patient);
  reference (self, "context", infusion->episode);
  period (self, "effectivePeriod", infusion->started_at, infusion->ended_at);
  if (infusion->giver != NULL)
    {
      start (self, "performer");
      concept (self, "function", LYS_FHIR_CODES "infusion-role", "drug", NULL, NULL);
      reference (self, "actor", infusion->giver);
      end (self);
    }
  if (infusion->psychologist != NULL)
    {
      start (self, "performer");
      concept (self, "function", LYS_FHIR_CODES "infusion-role", "psychologist", NULL, NULL);
      reference (self, "actor", infusion->psychologist);
      end (self);
    }

  concept (self, "reasonCode", LYS_FHIR_CODES "indication", infusion->indication, NULL, NULL);

  /* The dose as mg/kg of the weight on the day, in its text */
  g_ascii_formatd (rate, sizeof rate, "%.2f", infusion->mg_per_kg);
  g_ascii_formatd (weight, sizeof weight, "%.1f", infusion->weight_kg);
  text = g_strdup_printf ("%s mg/kg x %s kg over %u min", rate, weight, infusion->minutes);
  if (infusion->given_mg < infusion->total_mg - 0.05)
    {
      char given[G_ASCII_DTOSTR_BUF_SIZE], planned[G_ASCII_DTOSTR_BUF_SIZE];
      char *full = text;

      g_ascii_formatd (given, sizeof given, "%.1f", infusion->given_mg);
      g_ascii_formatd (planned, sizeof planned, "%.1f", infusion->total_mg);
      text = g_strdup_printf ("%s; stopped early, %s mg of %s mg given", full, given, planned);
      g_free (full);
    }
  start (self, "dosage");
  value (self, "text", text);
  concept (self, "route", "http://snomed.info/sct", "47625008", "Intravenous route", NULL);
  /* What the patient received, not what was planned */
  quantity (self, "dose", infusion->given_mg, 1, "mg");
  quantity (self, "rateQuantity", infusion->minutes > 0 ? infusion->total_mg / infusion->minutes : 0, 3, "mg/min");
  end (self);
  return end_entry (self);
}

/* The rating scales: PHQ-9 has a LOINC code; the others have the clinic's */
gboolean
lys_fhir_write_rating (LysFhirWriter       *self,
                       const char          *full_url,
                       const LysFhirRating *rating)
{
  static const struct { const char *scale; const char *system; const char *code; const char *display; } codes[] = {
    { "phq9", LYS_FHIR_SYSTEM_LOINC, "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]" },
    { "madrs", LYS_FHIR_CODES "rating", "madrs-total", "MADRS total score" },
    { "qids-sr16", LYS_FHIR_CODES "rating", "qids-sr16-total", "QIDS-SR16 total score" },
    { "cadss", LYS_FHIR_CODES "rating", "cadss-total", "CADSS total score" },
    { "prior-trials", LYS_FHIR_CODES "rating", "prior-adequate-trials",
      "Adequate antidepressant trials without response in the current episode" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (codes) - 1 && !g_str_equal (codes[i].scale, rating->scale); i++)
    ;

  begin_entry (self, full_url, "Observation");
  extension (self, "timepoint", "valueCode", rating->timepoint);
  reference (self, "partOf", rating->part_of);
  value (self, "status", "final");
  concept (self, "category", "http://terminology.hl7.org/CodeSystem/observation-category", "survey", NULL, NULL);
  concept (self, "code", codes[i].system, codes[i].code, codes[i].display, NULL);
  reference (self, "subject", rating->patient);
  time_value (self, "effectiveDateTime", rating->effective);
  integer_value (self, "valueInteger", rating->total);
  return end_entry (self);
}

/* The highest blood pressure of an infusion */
/* A component by its LOINC code, and which of the readings it is */
static void
component (LysFhirWriter *self,
           const char    *loinc,
           const char    *which,
           int            number,
           const char    *ucum)
{
  if (number < 0)
    return;
  start (self, "component");
  concept (self, "code", LYS_FHIR_SYSTEM_LOINC, loinc, NULL, which);
  quantity (self, "valueQuantity", number, 0, ucum);
  end (self);
}

gboolean
lys_fhir_write_vitals_extremes (LysFhirWriter               *self,
                                const char                  *full_url,
                                const LysFhirVitalsExtremes *extremes)
{
  begin_entry (self, full_url, "Observation");
  extension (self, "timepoint", "valueCode", "infusion-extremes");
  reference (self, "partOf", extremes->part_of);
  value (self, "status", "final");
  concept (self, "category", "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", NULL, NULL);
  concept (self, "code", LYS_FHIR_SYSTEM_LOINC, "85353-1", "Vital signs panel",
           "The extremes of the vital signs during the infusion");
  reference (self, "subject", extremes->patient);
  period (self, "effectivePeriod", extremes->started_at, extremes->ended_at);
  component (self, "8480-6", "Systolic, at the highest pressure", extremes->systolic, "mm[Hg]");
  component (self, "8462-4", "Diastolic, at the highest pressure", extremes->diastolic, "mm[Hg]");
  component (self, "8867-4", "The highest", extremes->heart_rate, "/min");
  component (self, "2708-6", "The lowest", extremes->spo2, "%");
  return end_entry (self);
}

gboolean
lys_fhir_write_adverse_event (LysFhirWriter             *self,
                              const char                *full_url,
                              const LysFhirAdverseEvent *event)
{
  begin_entry (self, full_url, "AdverseEvent");
  extension (self, "action-taken", "valueString", event->action);
  value (self, "actuality", "actual");
  concept (self, "event", LYS_FHIR_CODES "adverse-event", event->kind, NULL, event->description);
  reference (self, "subject", event->patient);
  time_value (self, "date", event->noted_at);
  concept (self, "severity", "http://terminology.hl7.org/CodeSystem/adverse-event-severity", event->severity, NULL, NULL);
  start (self, "suspectEntity");
  reference (self, "instance", event->infusion);
  end (self);
  return end_entry (self);
}

gboolean
lys_fhir_write_consent (LysFhirWriter        *self,
                        const char           *full_url,
                        const LysFhirConsent *consent)
{
  g_autofree char *rule = g_strdup_printf ("Off-label consent form %s (%s)", consent->form_version, consent->language);

  begin_entry (self, full_url, "Consent");
  value (self, "status", consent->withdrawn_on != NULL ? "inactive" : "active");
  concept (self, "scope", "http://terminology.hl7.org/CodeSystem/consentscope", "treatment", NULL, NULL);
  concept (self, "category", LYS_FHIR_SYSTEM_LOINC, "59284-0", NULL, "Off-label use of ketamine");
  reference (self, "patient", consent->patient);
  time_value (self, "dateTime", consent->signed_on);
  /* Who agrees: the patient (FHIR R4 has no grantor; its performer is the
   * party agreeing). The physician who informed them is a Practitioner of
   * the Bundle, not a party to the consent */
  reference (self, "performer", consent->patient);
  reference (self, "organization", consent->organization);
  /* The clinic's own form, in the version and language signed */
  start (self, "policy");
  value (self, "uri", consent->form);
  end (self);
  concept (self, "policyRule", NULL, NULL, NULL, rule);
  /* From the signature to the withdrawal */
  start (self, "provision");
  value (self, "type", "permit");
  period (self, "period", consent->signed_on, consent->withdrawn_on);
  end (self);
  return end_entry (self);
}
