/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lys-domain.h"
#include "lys-enum-types.h"
#include "lys-language.h"
#include "lys-later.h"
#include "lys-list.h"
#include "lys-error.h"
#include "lys-server-address.h"
#include "lys-sha256.h"
#include "lys-text.h"
#include "lys-time.h"
#include "test-clinic.h"

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Søvn", "sovn" }, { "HÅP", "hap" }, { "Lære", "laere" }, { "Ødegård", "odegard" },
    { "Lie-Mørk", "lie mork" }, { "José", "jose" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = lys_text_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }

  g_assert_true (lys_text_has_word_prefix ("kari nordmann 15046600344", "nord", 4));
  g_assert_true (lys_text_has_word_prefix ("kari nordmann 15046600344", "1504", 4));
  g_assert_false (lys_text_has_word_prefix ("kari nordmann 15046600344", "ordm", 4));
  g_assert_false (lys_text_has_word_prefix ("kari nordmann", "karin", 5));
  /* only the given length of the word counts */
  g_assert_true (lys_text_has_word_prefix ("kari nordmann", "nord xyz", 4));
}

/* Numbers as the language of the messages writes them, whatever locales
 * the machine has (the test runs in C.UTF-8) */
/* A list read again changes its model only where it differs */
static gboolean
same_file (gpointer a,
           gpointer b,
           gpointer user_data)
{
  return g_file_equal (a, b);
}

static GListStore *
files (const char *names)
{
  GListStore *store = g_list_store_new (G_TYPE_FILE);
  g_auto(GStrv) each = g_strsplit (names, " ", -1);

  for (guint i = 0; each[i] != NULL; i++)
    if (*each[i] != '\0')
      {
        g_autofree char *path = g_strconcat ("/", each[i], NULL);
        g_autoptr(GFile) file = g_file_new_for_path (path);

        g_list_store_append (store, file);
      }
  return store;
}

static void
test_list_update (void)
{
  static const struct {
    const char *shown, *fresh;
    guint calls, position, removed, added;
  } cases[] = {
    { "a b c", "a b c", 0, 0, 0, 0 },
    { "a b c", "a x b c", 1, 1, 0, 1 },
    { "a b c", "a c", 1, 1, 1, 0 },
    { "a b c", "a y c", 1, 1, 1, 1 },
    { "a b c", "a b c d", 1, 3, 0, 1 },
    { "a b c", "z a b c", 1, 0, 0, 1 },
    { "a b c", "", 1, 0, 3, 0 },
    { "", "a b", 1, 0, 0, 2 },
    { "a b c d", "d c b a", 1, 0, 4, 4 },
    { "a a a", "a a", 1, 2, 1, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListStore) shown = files (cases[i].shown);
      g_autoptr(GListStore) fresh = files (cases[i].fresh);
      g_autoptr(GObject) kept = g_list_model_get_n_items (G_LIST_MODEL (shown)) > 0
                                  ? g_list_model_get_item (G_LIST_MODEL (shown), 0) : NULL;
      TestChanges changes;

      test_watch_changes (G_LIST_MODEL (shown), &changes);
      lys_list_store_update (shown, G_LIST_MODEL (fresh), same_file, NULL);
      g_assert_cmpuint (changes.calls, ==, cases[i].calls);
      g_assert_cmpuint (changes.position, ==, cases[i].position);
      g_assert_cmpuint (changes.removed, ==, cases[i].removed);
      g_assert_cmpuint (changes.added, ==, cases[i].added);
      /* Holds the fresh list; an item that stayed is the one shown before */
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==,
                        g_list_model_get_n_items (G_LIST_MODEL (fresh)));
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (fresh)); j++)
        {
          g_autoptr(GFile) a = g_list_model_get_item (G_LIST_MODEL (shown), j);
          g_autoptr(GFile) b = g_list_model_get_item (G_LIST_MODEL (fresh), j);

          g_assert_true (g_file_equal (a, b));
        }
      if (kept != NULL && cases[i].position > 0)
        {
          g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (shown), 0);

          g_assert_true (first == kept);
        }
    }
}

static void
test_numbers (void)
{
  static const struct { double value; guint digits; const char *en, *nb; } cases[] = {
    { 45.5, 1, "45.5", "45,5" },
    { 40698, 0, "40,698", "40\u00a0698" },
    { 4590, 0, "4590", "4590" },
    { 1234567.891, 2, "1,234,567.89", "1\u00a0234\u00a0567,89" },
    { -12345.6, 1, "-12,345.6", "-12\u00a0345,6" },
    { 0, 2, "0.00", "0,00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *en = lys_text_format_number (cases[i].value, cases[i].digits);
      g_autofree char *nb = NULL;
      LysLanguage saved;

      g_assert_cmpstr (en, ==, cases[i].en);
      lys_language_push (&saved, "nb");
      nb = lys_text_format_number (cases[i].value, cases[i].digits);
      lys_language_pop (&saved);
      g_assert_cmpstr (nb, ==, cases[i].nb);
    }
}

/* Month and weekday names in the language of the messages, whatever
 * locales the machine has: the suite runs in C.UTF-8 */
static void
test_time_names (void)
{
  static const struct { int day, month; const char *format, *en, *nb; } cases[] = {
    { 2, 12, "%A %-d. %B %Y", "Wednesday 2. December 2026", "onsdag 2. desember 2026" },
    { 2, 12, "%a %-d %b", "Wed 2 Dec", "ons. 2 des." },
    { 7, 6, "%a %-d %b %Y", "Sun 7 Jun 2026", "søn. 7 juni 2026" },
    { 12, 1, "%B %% %H:%M", "January % 09:30", "januar % 09:30" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) time = g_date_time_new_local (2026, cases[i].month, cases[i].day, 9, 30, 0);
      g_autofree char *en = NULL;
      g_autofree char *nb = NULL;
      LysLanguage saved;

      lys_language_push (&saved, "en");
      en = lys_time_format (time, cases[i].format);
      lys_language_pop (&saved);
      lys_language_push (&saved, "nb");
      nb = lys_time_format (time, cases[i].format);
      lys_language_pop (&saved);
      g_assert_cmpstr (en, ==, cases[i].en);
      g_assert_cmpstr (nb, ==, cases[i].nb);
    }
}

/* A document's language is its thread's alone: two threads writing in
 * Bokmål and English at once each get theirs, while the user interface
 * (this thread) keeps its own and nothing process-wide changes */
typedef struct {
  const char *language;
  const char *decimal;
  const char *month;
  const char *weeks;
  gint failures;
} LanguageRun;

static gpointer
write_in_language (gpointer data)
{
  LanguageRun *run = data;
  LysLanguage saved;

  lys_language_push (&saved, run->language);
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *number = lys_text_format_number (45.5, 1);
      g_autoptr(GDateTime) time = g_date_time_new_local (2026, 12, 2, 9, 0, 0);
      g_autofree char *month = lys_time_format (time, "%B");
      const char *weeks = lys_language_ngettext ("Hours booked for infusions of the infusion rooms’ open hours, %u week",
                                                 "Hours booked for infusions of the infusion rooms’ open hours, %u weeks",
                                                 i % 2 + 1);

      if (g_strcmp0 (number, run->decimal) != 0 || g_strcmp0 (month, run->month) != 0 ||
          (i % 2 == 1 && !g_str_has_suffix (weeks, run->weeks)))
        g_atomic_int_inc (&run->failures);
    }
  lys_language_pop (&saved);
  return NULL;
}

static void
test_language_per_thread (void)
{
  LanguageRun nb = { "nb", "45,5", "desember", "%u uker", 0 };
  LanguageRun en = { "en", "45.5", "December", "%u weeks", 0 };
  g_autofree char *language_before = g_strdup (g_getenv ("LANGUAGE"));
  GThread *threads[2];

  threads[0] = g_thread_new ("nb", write_in_language, &nb);
  threads[1] = g_thread_new ("en", write_in_language, &en);
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *number = lys_text_format_number (45.5, 1);

      /* The suite's own language, English, all along */
      g_assert_cmpstr (number, ==, "45.5");
    }
  g_thread_join (threads[0]);
  g_thread_join (threads[1]);
  g_assert_cmpint (nb.failures, ==, 0);
  g_assert_cmpint (en.failures, ==, 0);
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, language_before);

  /* Nested: the inner language, then the outer again */
  {
    LysLanguage outer, inner;
    g_autofree char *in_nb = NULL;
    g_autofree char *in_en = NULL;
    g_autofree char *in_nb_again = NULL;

    lys_language_push (&outer, "nb");
    in_nb = lys_text_format_number (1.5, 1);
    lys_language_push (&inner, "en");
    in_en = lys_text_format_number (1.5, 1);
    lys_language_pop (&inner);
    in_nb_again = lys_text_format_number (1.5, 1);
    lys_language_pop (&outer);
    g_assert_cmpstr (in_nb, ==, "1,5");
    g_assert_cmpstr (in_en, ==, "1.5");
    g_assert_cmpstr (in_nb_again, ==, "1,5");
  }
}

/* A compiled catalogue that is not one (cut short, its tables pointing
 * past its end, garbage) is not read: the messages stay English */
static void
test_language_bad_catalog (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lysning-catalogs-XXXXXX", NULL);
  g_autofree char *bound = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
  /* magic, revision, count, originals, translations */
  const guint32 past_end[] = { 0x950412de, 0, 1000000, 28, 8000028 };
  const guint32 entry_out[] = { 0x950412de, 0, 1, 20, 28, 0xffff, 0xffffff00, 4, 0 };
  const struct { const char *language; const void *data; gsize length; } cases[] = {
    { "xa", "\xde\x12\x04", 3 },
    { "xb", past_end, sizeof past_end },
    { "xc", entry_out, sizeof entry_out },
    { "xd", "not a catalogue at all, only text of some length", 48 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folder = g_build_filename (dir, cases[i].language, "LC_MESSAGES", NULL);
      g_autofree char *path = g_build_filename (folder, GETTEXT_PACKAGE ".mo", NULL);

      g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, cases[i].data, (gssize) cases[i].length, NULL));
    }
  bindtextdomain (GETTEXT_PACKAGE, dir);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LysLanguage saved;
      g_autofree char *number = NULL;

      lys_language_push (&saved, cases[i].language);
      number = lys_text_format_number (1.5, 1);
      g_assert_cmpstr (lys_language_gettext ("Consumables"), ==, "Consumables");
      lys_language_pop (&saved);
      g_assert_cmpstr (number, ==, "1.5");
    }
  bindtextdomain (GETTEXT_PACKAGE, bound);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].language, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      g_autofree char *folder = g_path_get_dirname (path);
      g_autofree char *language = g_path_get_dirname (folder);

      g_remove (path);
      g_rmdir (folder);
      g_rmdir (language);
    }
  g_rmdir (dir);
}

/* ISO weeks and their years, across the turns of the year */
static void
test_iso_weeks (void)
{
  static const struct { guint day, month, year, week, week_year; } cases[] = {
    { 30, 12, 2024, 1, 2025 },   /* a Monday of week 1 of 2025 */
    { 1, 1, 2025, 1, 2025 },
    { 28, 12, 2020, 53, 2020 },
    { 3, 1, 2021, 53, 2020 },    /* a Sunday of 2020's last week */
    { 4, 1, 2021, 1, 2021 },
    { 1, 1, 2027, 53, 2026 },
    { 15, 6, 2026, 25, 2026 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate day;
      guint year = 0;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, cases[i].day, cases[i].month, cases[i].year);
      g_assert_cmpuint (lys_time_get_iso_week (&day, &year), ==, cases[i].week);
      g_assert_cmpuint (year, ==, cases[i].week_year);
    }
}

/* The nicks are what the database holds: they never change, and every
 * value has a label of its own */
static void
test_vocabulary_nicks (void)
{
  static const struct { GType (*get_type) (void); const char *nicks; } vocabularies[] = {
    { lys_role_get_type, "psychologist physician nurse coordinator" },
    { lys_phase_get_type, "preparation induction maintenance completed stopped" },
    { lys_appointment_kind_get_type, "preparation infusion integration group-integration follow-up" },
    { lys_appointment_state_get_type, "planned done missed cancelled" },
    { lys_staff_task_get_type, "drug psychologist therapist" },
    { lys_day_part_get_type, "any morning afternoon" },
    { lys_note_status_get_type, "draft signed" },
    { lys_sex_get_type, "female male other" },
    { lys_indication_get_type, "trd ptsd alcohol-use-disorder other" },
    { lys_contraindication_get_type, ("hypertension psychosis substance-use pregnancy intracranial-pressure "
                                      "hyperthyroidism ketamine-allergy mao-inhibitors benzodiazepines") },
    { lys_trial_outcome_get_type, "response partial none not-tolerated" },
    { lys_decision_get_type, "eligible not-eligible exception" },
    { lys_readiness_get_type, "ready needs-more not-ready" },
    { lys_infusion_status_get_type, "preparing running paused ended discharged" },
    { lys_vitals_stage_get_type, "baseline during after" },
    { lys_adverse_kind_get_type, "nausea vomiting hypertension agitation dissociation-distress other" },
    { lys_severity_get_type, "mild moderate severe" },
    { lys_alert_action_get_type, "continue pause stop" },
    { lys_infusion_event_kind_get_type, "start-override pause resume stop time-edit" },
    { lys_discharge_check_get_type, "vitals-baseline alert-oriented escort no-driving" },
    { lys_ect_history_get_type, "never no-response response" },
    { lys_institution_kind_get_type, "hospital dps other" },
    { lys_funding_get_type, "public research self-paid" },
    { lys_stop_reason_get_type, "no-effect adverse-effects patient-wish medical practical other" },
    { lys_drug_form_get_type, "ampoule vial" },
    { lys_drug_entry_kind_get_type, "receipt draw waste count explanation correction" },
  };
  LysRole role = LYS_ROLE_NURSE;

  for (guint i = 0; i < G_N_ELEMENTS (vocabularies); i++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (vocabularies[i].get_type ());
      g_auto(GStrv) nicks = g_strsplit (vocabularies[i].nicks, " ", -1);

      g_assert_cmpuint (klass->n_values, ==, g_strv_length (nicks));
      for (guint j = 0; j < klass->n_values; j++)
        {
          g_assert_cmpint (klass->values[j].value, ==, j);
          g_assert_cmpstr (klass->values[j].value_nick, ==, nicks[j]);
        }
    }

  /* Each way round, with unknown and missing nicks refused */
  g_assert_cmpstr (lys_role_to_nick (LYS_ROLE_COORDINATOR), ==, "coordinator");
  g_assert_cmpstr (lys_discharge_check_to_nick (LYS_DISCHARGE_NO_DRIVING), ==, "no-driving");
  g_assert_true (lys_role_from_nick ("physician", &role));
  g_assert_cmpint (role, ==, LYS_ROLE_PHYSICIAN);
  g_assert_false (lys_role_from_nick ("Physician", &role));
  g_assert_false (lys_role_from_nick ("lead", &role));
  g_assert_false (lys_role_from_nick (NULL, &role));
  g_assert_cmpint (role, ==, LYS_ROLE_PHYSICIAN);
  g_assert_cmpstr (lys_severity_get_label (LYS_SEVERITY_SEVERE), ==, "Severe");
  g_assert_cmpstr (lys_infusion_status_get_label (LYS_INFUSION_ENDED), ==, "In observation");
}

/* Lysning's one SHA-256 agrees with the standard's vectors (FIPS 180-2,
 * RFC 4231) and with GLib's, whole and in pieces */
static void
test_sha256 (void)
{
  static const guint8 key[20] = { 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
                                  0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b };
  g_autofree char *abc = lys_sha256_hex ("abc", -1);
  g_autofree char *empty = lys_sha256_hex ("", 0);
  g_autofree char *hmac = lys_hmac_sha256_hex (key, sizeof key, "Hi There", -1);
  g_autoptr(GString) long_text = g_string_new (NULL);
  char pieces_hex[LYS_SHA256_HEX_LENGTH + 1];
  g_autofree char *whole = NULL;
  g_autofree char *glib = NULL;
  g_autofree char *glib_hmac = NULL;
  g_autofree char *ours_hmac = NULL;
  LysSha256 pieces;

  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (hmac, ==, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");

  /* Across the 64-byte blocks, with Norwegian letters */
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (long_text, "Ærlig øving %u å ", i);
  whole = lys_sha256_hex (long_text->str, (gssize) long_text->len);
  glib = g_compute_checksum_for_string (G_CHECKSUM_SHA256, long_text->str, (gssize) long_text->len);
  g_assert_cmpstr (whole, ==, glib);
  lys_sha256_init (&pieces);
  for (gsize at = 0; at < long_text->len; at += 37)
    lys_sha256_update (&pieces, long_text->str + at, (gssize) MIN (37, long_text->len - at));
  lys_sha256_digest_hex (&pieces, pieces_hex);
  g_assert_cmpstr (pieces_hex, ==, glib);

  ours_hmac = lys_hmac_sha256_hex ((const guint8 *) "a key", 5, long_text->str, (gssize) long_text->len);
  glib_hmac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) "a key", 5,
                                         long_text->str, (gssize) long_text->len);
  g_assert_cmpstr (ours_hmac, ==, glib_hmac);
}

/* A server's address: written as a connection string that keeps any text
 * as it was (quotes, backslashes, spaces in a password), read back the same,
 * and checked as a person typed it */
static void
test_server_address (void)
{
  g_autoptr(LysServerAddress) address = lys_server_address_new ();
  g_autoptr(LysServerAddress) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remembered = NULL;
  g_autofree char *with_password = NULL;
  guint port = 1;

  address->host = g_strdup ("db.klinikk.no");
  address->port = 5544;
  address->database = g_strdup ("lysning's \\ clinic");
  address->user = g_strdup ("kari.nordmann");
  address->sign_in = LYS_SERVER_SIGN_IN_KERBEROS;
  address->tls = LYS_SERVER_TLS_REQUIRE;
  g_assert_true (lys_server_address_check (address, &error));
  g_assert_no_error (error);

  remembered = lys_server_address_to_string (address, NULL);
  g_assert_null (strstr (remembered, "password"));
  g_assert_nonnull (strstr (remembered, "sslmode='require'"));
  parsed = lys_server_address_parse (remembered);
  g_assert_nonnull (parsed);
  g_assert_cmpstr (parsed->host, ==, address->host);
  g_assert_cmpuint (parsed->port, ==, 5544);
  g_assert_cmpstr (parsed->database, ==, address->database);
  g_assert_cmpstr (parsed->user, ==, address->user);
  g_assert_cmpint (parsed->sign_in, ==, LYS_SERVER_SIGN_IN_KERBEROS);
  g_assert_cmpint (parsed->tls, ==, LYS_SERVER_TLS_REQUIRE);
  g_clear_pointer (&parsed, lys_server_address_free);

  /* A password is one value, whatever it holds; the name shown never has it */
  with_password = lys_server_address_to_string (address, "it's a \\ 'pass' word");
  g_assert_true (lys_store_is_server_address (with_password));
  {
    g_autofree char *shown = lys_store_dup_display_name (with_password);

    g_assert_null (strstr (shown, "pass"));
    g_assert_nonnull (strstr (shown, "db.klinikk.no"));
  }
  /* The usual port and verified certificates unless said otherwise */
  parsed = lys_server_address_parse ("postgresql://kari@db.klinikk.no/lysning");
  g_assert_nonnull (parsed);
  g_assert_cmpuint (lys_server_address_get_port (parsed), ==, 5432);
  g_assert_cmpint (parsed->sign_in, ==, LYS_SERVER_SIGN_IN_PASSWORD);
  g_assert_cmpint (parsed->tls, ==, LYS_SERVER_TLS_VERIFY);
  g_clear_pointer (&parsed, lys_server_address_free);
  /* What does not name a server and a database is not a server to fill in */
  g_assert_null (lys_server_address_parse ("service=lysning"));
  g_assert_null (lys_server_address_parse ("not an address"));
  g_assert_null (lys_server_address_parse (NULL));

  /* Ports as typed */
  g_assert_true (lys_server_address_parse_port (" ", &port, NULL));
  g_assert_cmpuint (port, ==, 0);
  g_assert_true (lys_server_address_parse_port ("5433", &port, NULL));
  g_assert_cmpuint (port, ==, 5433);
  for (guint i = 0; i < 5; i++)
    {
      const char *bad[] = { "0", "65536", "-1", "54 32", "fem" };

      g_assert_false (lys_server_address_parse_port (bad[i], &port, &error));
      g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }

  /* Names a server would not take, or that would mean another one */
  {
    const char *hosts[] = { "db klinikk.no", "db.klinikk.no'", "host=evil", "" };

    for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
      {
        g_free (address->host);
        address->host = g_strdup (hosts[i]);
        g_assert_false (lys_server_address_check (address, &error));
        g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
        g_clear_error (&error);
      }
    /* The server on this computer, through its socket folder */
    g_free (address->host);
    address->host = g_strdup ("/var/run/postgresql");
    g_assert_true (lys_server_address_check (address, NULL));
  }
  g_free (address->user);
  address->user = g_strdup (" kari");
  g_assert_false (lys_server_address_check (address, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_free (address->user);
  address->user = g_strnfill (64, 'k');
  g_assert_false (lys_server_address_check (address, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
}

typedef struct
{
  guint source_id;
  guint runs;
  guint again;        /* how many more times a run asks for itself */
  guint id_at_run;    /* what source_id said while it ran */
} Later;

static void
later_run (gpointer data)
{
  Later *later = data;

  later->runs++;
  later->id_at_run = later->source_id;
  if (later->again > 0)
    {
      later->again--;
      lys_later (&later->source_id, G_PRIORITY_DEFAULT, 1, later_run, later);
    }
}

static void
spin_until_idle (Later *later)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (later->source_id != 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (later->source_id, ==, 0);
}

static void
test_later (void)
{
  Later later = { 0 };

  /* once, and its id is forgotten as it runs */
  lys_later (&later.source_id, G_PRIORITY_DEFAULT_IDLE, 0, later_run, &later);
  g_assert_cmpuint (later.source_id, !=, 0);
  g_assert_cmpuint (later.runs, ==, 0);
  spin_until_idle (&later);
  g_assert_cmpuint (later.runs, ==, 1);
  g_assert_cmpuint (later.id_at_run, ==, 0);

  /* asked again while pending: one run, the last one asked for */
  later = (Later) { 0 };
  lys_later (&later.source_id, G_PRIORITY_DEFAULT, 60 * 1000, later_run, &later);
  lys_later (&later.source_id, G_PRIORITY_DEFAULT, 1, later_run, &later);
  spin_until_idle (&later);
  g_assert_cmpuint (later.runs, ==, 1);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (later.runs, ==, 1);

  /* a run may ask for itself again */
  later = (Later) { .again = 2 };
  lys_later (&later.source_id, G_PRIORITY_DEFAULT, 1, later_run, &later);
  spin_until_idle (&later);
  g_assert_cmpuint (later.runs, ==, 3);

  /* cancelled by its owner: never runs (and leaks nothing, under ASan) */
  later = (Later) { 0 };
  lys_later (&later.source_id, G_PRIORITY_DEFAULT_IDLE, 0, later_run, &later);
  g_clear_handle_id (&later.source_id, g_source_remove);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (later.runs, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  test_clinic_init (&argc, &argv);

  g_test_add_func ("/core/domain/nicks", test_vocabulary_nicks);
  g_test_add_func ("/core/sha256", test_sha256);
  g_test_add_func ("/core/list/update", test_list_update);
  g_test_add_func ("/core/text/fold", test_fold);
  g_test_add_func ("/core/text/numbers", test_numbers);
  g_test_add_func ("/core/time/iso-weeks", test_iso_weeks);
  g_test_add_func ("/core/time/names", test_time_names);
  g_test_add_func ("/core/language/per-thread", test_language_per_thread);
  g_test_add_func ("/core/language/bad-catalog", test_language_bad_catalog);
  g_test_add_func ("/core/store/server-address", test_server_address);
  g_test_add_func ("/core/later", test_later);

  return g_test_run ();
}
