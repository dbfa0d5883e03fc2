/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "lys-error.h"
#include "lys-fts.h"
#include "lys-note.h"
#include "lys-note-search.h"
#include "lys-store-private.h"
#include "test-clinic.h"
#include "test-raw.h"

/* Therapy notes: templates and the sections a signature needs, the autosave
 * timing, drafts that survive a killed process, signed text the database
 * will not change, addenda, group notes that never show one participant's
 * part to another, the search with Norwegian folding, ranking and
 * highlighted snippets, and the reads in the audit log. */

typedef struct
{
  TestFixture base;
  gint64 session;
} Fixture;

static GDateTime *
days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) nine = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                     g_date_time_get_day_of_month (now), 9, 0, 0);

  return g_date_time_add_days (nine, -days);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) booked = days_ago (3);
  g_autoptr(GDateTime) session = days_ago (2);

  test_fixture_open_clinic (&fixture->base, "notes", booked, TEST_CLINIC_READY);
  fixture->session = test_clinic_add_session (fixture->base.store, &fixture->base.clinic, "integration", session,
                                              &fixture->base.clinic.patient, 1);
  test_clinic_become (fixture->base.store, "Sara Terapeut", LYS_ROLE_PSYCHOLOGIST);
}

static gint64
count (Fixture    *fixture,
       const char *sql)
{
  return test_clinic_query_int (fixture->base.store, sql);
}

static gint64
create (Fixture    *fixture,
        gint64      patient,
        gint64      session,
        const char *template)
{
  g_autoptr(GError) error = NULL;
  gint64 id = lys_store_create_note (fixture->base.store, patient, session, template, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
save (Fixture    *fixture,
      gint64      note,
      const char *body)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lys_store_save_note_draft (fixture->base.store, note, NULL, body, (guint) g_utf8_strlen (body, -1), &error));
  g_assert_no_error (error);
}

static const char kap_body[] =
  "Experience during the infusion\n"
  "Beskrev et lys og en følelse av å flyte. Søvnen har vært urolig.\n\n"
  "Themes and insights\n"
  "Håp om å komme tilbake i arbeid.\n\n"
  "Emotions\n\n"
  "Body\n\n"
  "Meaning\n\n"
  "What to practise until next session\n"
  "Pusteøvelser morgen og kveld; lære å legge merke til kroppen.\n\n"
  "Risk assessment\n"
  "Ingen tegn til økt selvmordsrisiko.\n";

/* Pure rules */

static void
test_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysNoteTemplate) template = NULL;
  g_autoptr(GPtrArray) sections = NULL;
  g_autofree char *body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  template = lys_note_template_parse ("dap", "DAP", "Data *\n\n  Assessment *\nPlan\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (template->sections->len, ==, 3);
  g_assert_cmpstr (((LysNoteSection *) template->sections->pdata[1])->heading, ==, "Assessment");
  g_assert_true (((LysNoteSection *) template->sections->pdata[1])->required);
  g_assert_false (((LysNoteSection *) template->sections->pdata[2])->required);
  body = lys_note_template_make_body (template);
  g_assert_cmpstr (body, ==, "Data\n\n\nAssessment\n\n\nPlan\n");

  /* What a clinic can get wrong, said so */
  g_assert_null (lys_note_template_parse ("x", " ", "Data", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (lys_note_template_parse ("x", "X", "\n \n", &error));
  g_assert_nonnull (strstr (error->message, "at least one section"));
  g_clear_error (&error);
  g_assert_null (lys_note_template_parse ("x", "X", "Plan\nPlan *", &error));
  g_assert_nonnull (strstr (error->message, "“Plan” is there twice"));
  g_clear_error (&error);
  g_assert_null (lys_note_template_parse ("x", "X", "Plan\n *", &error));
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_clear_error (&error);

  /* The sections a note keeps, through JSON, with quotes */
  g_ptr_array_add (template->sections, g_memdup2 (&(LysNoteSection) { g_strdup ("Sitat \"ordrett\" \\ slutt"), TRUE },
                                                  sizeof (LysNoteSection)));
  json = lys_note_sections_to_json (template->sections);
  sections = lys_note_sections_from_json (json);
  g_assert_cmpuint (sections->len, ==, 4);
  g_assert_cmpstr (((LysNoteSection *) sections->pdata[3])->heading, ==, "Sitat \"ordrett\" \\ slutt");
  g_assert_true (((LysNoteSection *) sections->pdata[0])->required);
  g_assert_false (((LysNoteSection *) sections->pdata[2])->required);

  /* Sections are what stands under their heading */
  text = lys_note_dup_section_text ("Data\nfirst\nsecond\nAssessment\n  better  \nPlan\n", template->sections, 0);
  g_assert_cmpstr (text, ==, "first\nsecond\n");
  g_free (text);
  text = lys_note_dup_section_text ("Data\nx\nPlan\n", template->sections, 1);
  g_assert_null (text);

  /* A signature needs every required section written */
  g_assert_false (lys_note_check_signable ("Data\nx\nAssessment\n \nPlan\n", template->sections, &error));
  g_assert_nonnull (strstr (error->message, "“Assessment” is a required section and is empty"));
  g_clear_error (&error);
  g_assert_false (lys_note_check_signable ("Data\nx\nPlan\ny", template->sections, &error));
  g_assert_nonnull (strstr (error->message, "The heading “Assessment” is missing"));
  g_clear_error (&error);
  g_assert_true (lys_note_check_signable ("Data\nx\nAssessment\ny\nPlan\n\nSitat \"ordrett\" \\ slutt\nz",
                                          template->sections, &error));
  g_assert_no_error (error);
  /* A group participant's part needs text, nothing more */
  g_assert_false (lys_note_check_signable (" \n", NULL, NULL));
  g_assert_true (lys_note_check_signable ("Kort.", NULL, NULL));

  {
    g_autofree char *sum = lys_note_checksum ("abc");

    g_assert_cmpstr (sum, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}

static void
test_fts_query (void)
{
  g_autofree char *query = lys_fts_build_query ("  søvn \"AND\" hap* -x");
  g_autofree char *markup = lys_fts_snippet_markup ("Tom & <Jerry> " LYS_FTS_MARK_START "søvn" LYS_FTS_MARK_END "\nigjen");

  g_assert_cmpstr (query, ==, "\"søvn\"* \"AND\"* \"hap\"* \"x\"*");
  g_assert_null (lys_fts_build_query (" ,. ;"));
  g_assert_cmpstr (markup, ==, "Tom &amp; &lt;Jerry&gt; <b>søvn</b> igjen");
}

/* The snippet a server's hit gets, cut as FTS5 cuts SQLite's */
static void
test_fts_snippet (void)
{
  const char *note = "Pasienten sov dårlig i uka som gikk. Søvnen var urolig, med mange oppvåkninger "
                     "om natten, og hun var sliten om dagen. Vi øvde på pust før leggetid.";
  g_autofree char *folded = lys_fts_snippet (note, "sovn", 14);
  g_autofree char *both = lys_fts_snippet (note, "sov:* & uro:*", 14);
  g_autofree char *late = lys_fts_snippet (note, "LEGGETID", 14);
  g_autofree char *none = lys_fts_snippet (note, "xyzzy", 5);
  g_autofree char *short_note = lys_fts_snippet ("Kort: <&> søvn.", "sov", 14);

  /* Folded as the search folds: "sovn" finds Søvnen, not "sov"; a third
   * of the words before the match, the text cut at both ends */
  g_assert_cmpstr (folded, ==, "…i uka som gikk. " LYS_FTS_MARK_START "Søvnen" LYS_FTS_MARK_END
                   " var urolig, med mange oppvåkninger om natten, og hun…");
  /* Each word of the query a prefix, from the query built for the server */
  g_assert_nonnull (strstr (both, LYS_FTS_MARK_START "sov" LYS_FTS_MARK_END " dårlig"));
  g_assert_nonnull (strstr (both, LYS_FTS_MARK_START "Søvnen" LYS_FTS_MARK_END));
  g_assert_nonnull (strstr (both, LYS_FTS_MARK_START "urolig" LYS_FTS_MARK_END));
  /* Near the end: the window keeps its size, the end not cut */
  g_assert_true (g_str_has_prefix (late, "…"));
  g_assert_true (g_str_has_suffix (late, LYS_FTS_MARK_START "leggetid" LYS_FTS_MARK_END));
  {
    g_auto(GStrv) words = g_strsplit_set (late + strlen ("…"), " ", -1);

    g_assert_cmpuint (g_strv_length (words), ==, 14);
  }
  /* No match: the start of the text */
  g_assert_cmpstr (none, ==, "Pasienten sov dårlig i uka…");
  /* What lies between the words kept as it is */
  g_assert_cmpstr (short_note, ==, "Kort: <&> " LYS_FTS_MARK_START "søvn" LYS_FTS_MARK_END);
}

/* The store */

static void
test_sign_and_amend (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysNoteView) view = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autofree char *checksum = NULL;
  gint64 note, again;

  /* The clinic's four templates, one for group sessions */
  templates = lys_store_list_note_templates (fixture->base.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, ==, 4);
  g_assert_cmpstr (((LysNoteTemplate *) templates->pdata[0])->key, ==, "kap-integration");
  g_assert_cmpuint (((LysNoteTemplate *) templates->pdata[0])->sections->len, ==, 7);
  g_assert_cmpstr (((LysNoteTemplate *) templates->pdata[1])->key, ==, LYS_NOTE_TEMPLATE_GROUP);
  g_clear_pointer (&templates, g_ptr_array_unref);

  /* A clinic from before the group template gains it at the next start;
   * the templates it edited stay as edited */
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "DELETE FROM note_templates WHERE key = 'kap-group'; "
                                     "UPDATE note_templates SET title = 'DAP (vår)' WHERE key = 'dap'"), ==, LYS_DB_FAULT_NONE);
  g_assert_true (_lys_store_ensure_note_templates (fixture->base.store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM note_templates WHERE key = 'kap-group'"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM note_templates WHERE title = 'DAP (vår)'"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM note_templates"), ==, 4);

  /* A draft from the template; the session has one note */
  note = create (fixture, fixture->base.clinic.patient, fixture->session, "kap-integration");
  again = create (fixture, fixture->base.clinic.patient, fixture->session, "dap");
  g_assert_cmpint (again, ==, note);
  view = lys_store_open_note (fixture->base.store, note, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (view->main->status, ==, LYS_NOTE_DRAFT);
  g_assert_true (g_str_has_prefix (view->main->body, "Experience during the infusion\n"));
  g_assert_cmpuint (view->main->sections->len, ==, 7);
  g_assert_cmpuint (view->parts->len, ==, 0);
  g_clear_pointer (&view, lys_note_view_free);

  /* Read and logged in one transaction: a read whose log does not land is
   * not handed out, and leaves nothing behind; then it is, logged once */
  {
    const char *reads = "SELECT count (*) FROM audit_log WHERE action = 'patient.read' AND object_type = 'note'";
    gint64 before = count (fixture, reads);

    if (test_clinic_on_server ())
      g_assert_cmpint (test_clinic_exec (fixture->base.store,
                                         "CREATE FUNCTION refuse_log () RETURNS trigger LANGUAGE plpgsql AS "
                                         "$f$ BEGIN RAISE EXCEPTION 'no log'; END $f$; "
                                         "CREATE TRIGGER refuse_log BEFORE INSERT ON audit_log FOR EACH ROW "
                                         "EXECUTE FUNCTION refuse_log ()"), ==, LYS_DB_FAULT_NONE);
    else
      g_assert_cmpint (test_raw_exec (fixture->base.path, "CREATE TRIGGER refuse_log BEFORE INSERT ON audit_log "
                                      "BEGIN SELECT RAISE (ABORT, 'no log'); END", NULL), ==, SQLITE_OK);
    view = lys_store_open_note (fixture->base.store, note, FALSE, &error);
    g_assert_null (view);
    g_assert_nonnull (error);
    g_clear_error (&error);
    if (test_clinic_on_server ())
      g_assert_cmpint (test_clinic_exec (fixture->base.store, "DROP TRIGGER refuse_log ON audit_log; "
                                         "DROP FUNCTION refuse_log ()"), ==, LYS_DB_FAULT_NONE);
    else
      g_assert_cmpint (test_raw_exec (fixture->base.path, "DROP TRIGGER refuse_log", NULL), ==, SQLITE_OK);
    g_assert_cmpint (count (fixture, reads), ==, before);
    view = lys_store_open_note (fixture->base.store, note, FALSE, &error);
    g_assert_no_error (error);
    g_assert_nonnull (view);
    g_clear_pointer (&view, lys_note_view_free);
    g_assert_cmpint (count (fixture, reads), ==, before + 1);
  }

  /* Not signed before every required section is written */
  g_assert_false (lys_store_sign_notes (fixture->base.store, &note, 1, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Experience during the infusion"));
  g_clear_error (&error);
  save (fixture, note, kap_body);
  g_assert_true (lys_store_sign_notes (fixture->base.store, &note, 1, &error));
  g_assert_no_error (error);

  view = lys_store_open_note (fixture->base.store, note, FALSE, &error);
  checksum = lys_note_checksum (kap_body);
  g_assert_cmpint (view->main->status, ==, LYS_NOTE_SIGNED);
  g_assert_cmpstr (view->main->checksum, ==, checksum);
  g_assert_cmpstr (view->main->signed_by, ==, "Sara Terapeut");
  g_assert_nonnull (view->main->signed_at);
  g_clear_pointer (&view, lys_note_view_free);

  /* Signed text is not changed, through the store or past it */
  g_assert_false (lys_store_save_note_draft (fixture->base.store, note, NULL, "endret", 0, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (test_raw_exec (fixture->base.path, "UPDATE notes SET body = 'endret'", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_exec (fixture->base.path, "DELETE FROM notes", NULL), ==, SQLITE_CONSTRAINT);
  g_assert_false (lys_store_discard_note (fixture->base.store, note, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_LOCKED);
  g_clear_error (&error);

  /* Addenda, each signed, in order under the intact original */
  g_assert_false (lys_store_add_note_addendum (fixture->base.store, note, "  ", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (lys_store_add_note_addendum (fixture->base.store, note, "Rettelse: øvelsene gjelder kvelden.", &error));
  g_assert_true (lys_store_add_note_addendum (fixture->base.store, note, "Tillegg: ringte etter timen.", &error));
  g_assert_no_error (error);
  view = lys_store_open_note (fixture->base.store, note, FALSE, &error);
  g_assert_cmpstr (view->main->body, ==, kap_body);
  g_assert_cmpuint (view->main->addenda->len, ==, 2);
  g_assert_cmpstr (((LysNoteAddendum *) view->main->addenda->pdata[0])->body, ==, "Rettelse: øvelsene gjelder kvelden.");
  g_assert_cmpstr (((LysNoteAddendum *) view->main->addenda->pdata[1])->body, ==, "Tillegg: ringte etter timen.");
  g_assert_cmpstr (((LysNoteAddendum *) view->main->addenda->pdata[1])->author, ==, "Sara Terapeut");
  {
    g_autofree char *sum = lys_note_checksum ("Tillegg: ringte etter timen.");

    g_assert_cmpstr (((LysNoteAddendum *) view->main->addenda->pdata[1])->checksum, ==, sum);
  }
  g_assert_cmpint (test_raw_exec (fixture->base.path, "UPDATE note_addenda SET body = 'x'", NULL), ==, SQLITE_CONSTRAINT);

  /* The list: one signed note with its first written line */
  notes = lys_store_list_patient_notes (fixture->base.store, fixture->base.clinic.patient, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpint (((LysNoteSummary *) notes->pdata[0])->status, ==, LYS_NOTE_SIGNED);
  g_assert_cmpstr (((LysNoteSummary *) notes->pdata[0])->template_title, ==, "KAP integration");
  g_assert_cmpstr (((LysNoteSummary *) notes->pdata[0])->preview, ==,
                   "Beskrev et lys og en følelse av å flyte. Søvnen har vært urolig.");
  g_assert_cmpint (((LysNoteSummary *) notes->pdata[0])->session_kind, ==, LYS_APPOINTMENT_INTEGRATION);

  /* The audit: created, signed, addenda, and each opening that was handed
   * out as a read (four; the refused one is not) */
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'note.sign'"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'note.addendum'"), ==, 2);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'patient.read' AND detail = 'note'"),
                   ==, 4);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE detail LIKE '%flyte%'"), ==, 0);

  /* Changed past the triggers with sqlite3 (dropped and put back): the
   * text no longer matches its signature, and is said to be altered,
   * never shown as the record; --verify-audit's check counts it */
  g_assert_cmpint (lys_store_count_altered_records (fixture->base.store, NULL, NULL, &error), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE notes SET body = 'Forfalsket' WHERE id = %" G_GINT64_FORMAT, note);
    g_autoptr(LysNoteView) altered = NULL;
    LysSignedKind kind = LYS_SIGNED_DISCHARGE;
    gint64 first = 0;

    g_assert_cmpint (test_raw_tamper (fixture->base.path, "notes_signed_immutable", sql), ==, SQLITE_OK);
    g_assert_cmpint (test_raw_tamper (fixture->base.path, "note_addenda_immutable",
                                      "UPDATE note_addenda SET body = 'Forfalsket tillegg' WHERE id = "
                                      "(SELECT max (id) FROM note_addenda)"), ==, SQLITE_OK);
    altered = lys_store_open_note (fixture->base.store, note, FALSE, &error);
    g_assert_no_error (error);
    g_assert_true (altered->main->altered);
    g_assert_null (strstr (altered->main->body, "Forfalsket"));
    g_assert_nonnull (strstr (altered->main->body, "altered outside Lysning"));
    g_assert_false (((LysNoteAddendum *) altered->main->addenda->pdata[0])->altered);
    g_assert_true (((LysNoteAddendum *) altered->main->addenda->pdata[1])->altered);
    g_clear_pointer (&notes, g_ptr_array_unref);
    notes = lys_store_list_patient_notes (fixture->base.store, fixture->base.clinic.patient, &error);
    g_assert_null (strstr (((LysNoteSummary *) notes->pdata[0])->preview, "Forfalsket"));
    g_assert_cmpint (lys_store_count_altered_records (fixture->base.store, &kind, &first, &error), ==, 2);
    g_assert_cmpint (kind, ==, LYS_SIGNED_NOTE);
    g_assert_cmpint (first, ==, note);
  }
}

/* The clinic edits its templates; notes keep the sections they were
 * written with */
static void
test_template_edit (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(LysNoteView) view = NULL;
  g_autofree char *key = NULL;
  g_autofree char *same = NULL;
  gint64 note;

  note = create (fixture, fixture->base.clinic.patient, fixture->session, "dap");

  /* Refused as it stands, nothing written */
  g_assert_null (lys_store_save_note_template (fixture->base.store, "dap", "DAP", "Plan\nPlan", &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  same = lys_store_save_note_template (fixture->base.store, "dap", "DAP, kort", "Data *\nPlan", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (same, ==, "dap");
  key = lys_store_save_note_template (fixture->base.store, NULL, "Telefon", "Hva ble sagt *\nAvtale", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (key, "clinic-"));

  templates = lys_store_list_note_templates (fixture->base.store, &error);
  g_assert_cmpuint (templates->len, ==, 5);
  g_assert_cmpstr (((LysNoteTemplate *) templates->pdata[2])->title, ==, "DAP, kort");
  g_assert_cmpuint (((LysNoteTemplate *) templates->pdata[2])->sections->len, ==, 2);
  g_assert_cmpstr (((LysNoteTemplate *) templates->pdata[4])->title, ==, "Telefon");
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action LIKE 'template.%'"), ==, 2);

  /* The draft written before still has three sections, Assessment required */
  view = lys_store_open_note (fixture->base.store, note, FALSE, &error);
  g_assert_cmpuint (view->main->sections->len, ==, 3);
  g_assert_cmpstr (((LysNoteSection *) view->main->sections->pdata[1])->heading, ==, "Assessment");
}

static void
test_drafts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysNoteView) view = NULL;
  g_autoptr(GArray) open = NULL;
  g_autoptr(GDateTime) later = days_ago (1);
  gint64 note, other, session;

  note = create (fixture, fixture->base.clinic.patient, fixture->session, "soap");
  save (fixture, note, "Subjective\nSover bedre.\n");
  g_assert_true (lys_store_save_note_draft (fixture->base.store, note, NULL, "Subjective\nSover bedre.\n", 11, &error));
  view = lys_store_open_note (fixture->base.store, note, FALSE, &error);
  g_assert_cmpstr (view->main->body, ==, "Subjective\nSover bedre.\n");
  g_assert_cmpuint (view->main->cursor, ==, 11);
  g_clear_pointer (&view, lys_note_view_free);

  /* Typing is logged, once a minute rather than per keystroke */
  save (fixture, note, "Subjective\nSover bedre nå.\n");
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'note.update'"), ==, 1);

  /* The app returns to it */
  open = lys_store_list_open_drafts (fixture->base.store, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpint (g_array_index (open, gint64, 0), ==, note);

  /* Two windows on the same draft (two desks, the same author): the one
   * that saved first is kept; the other is told, and saves nothing over it */
  {
    const char *opened = "Subjective\nSover bedre nå.\n";
    g_autofree char *body = NULL;

    g_assert_true (lys_store_save_note_draft (fixture->base.store, note, opened, "Subjective\nSover bedre nå. A\n", 0,
                                              &error));
    g_assert_no_error (error);
    g_assert_false (lys_store_save_note_draft (fixture->base.store, note, opened, "Subjective\nSover bedre nå. B\n", 0,
                                               &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_CONFLICT);
    g_assert_nonnull (strstr (error->message, "another window"));
    g_clear_error (&error);
    body = test_clinic_query_text (fixture->base.store, "SELECT body FROM notes");
    g_assert_cmpstr (body, ==, "Subjective\nSover bedre nå. A\n");
    /* Saving again what it holds is no conflict */
    g_assert_true (lys_store_save_note_draft (fixture->base.store, note, opened, "Subjective\nSover bedre nå. A\n", 3,
                                              &error));
    g_assert_no_error (error);
  }

  /* Only its author writes it */
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "UPDATE notes SET author_id = (SELECT id FROM staff WHERE name = 'Petra Psykolog')"),
                   ==, LYS_DB_FAULT_NONE);
  g_assert_false (lys_store_save_note_draft (fixture->base.store, note, NULL, "x", 0, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Petra Psykolog"));
  g_clear_error (&error);
  g_assert_cmpint (test_clinic_exec (fixture->base.store, "UPDATE notes SET author_id = (SELECT id FROM staff WHERE name = 'Sara Terapeut')"),
                   ==, LYS_DB_FAULT_NONE);

  /* Discarded: gone, with its search entry */
  g_assert_true (lys_store_discard_note (fixture->base.store, note, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM notes"), ==, 0);
  /* SQLite's search has a table of its own; the server's is the notes' index */
  if (!test_clinic_on_server ())
    g_assert_cmpint (count (fixture, "SELECT count (*) FROM notes_fts WHERE notes_fts MATCH 'bedre'"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'note.discard'"), ==, 1);

  /* No note for a session to come, one cancelled, or someone else's */
  {
    g_autoptr(GDateTime) future = g_date_time_add_days (later, 3);

    session = test_clinic_add_session (fixture->base.store, &fixture->base.clinic, "integration", future,
                                       &fixture->base.clinic.patient, 1);
    g_assert_cmpint (lys_store_create_note (fixture->base.store, fixture->base.clinic.patient, session, "soap", &error), ==, 0);
    g_assert_nonnull (strstr (error->message, "has not begun"));
    g_clear_error (&error);
  }
  other = test_clinic_add_patient (fixture->base.store, "15046600344", "Åse", "Aabø");
  g_assert_cmpint (lys_store_create_note (fixture->base.store, other, fixture->session, "soap", &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "did not take part"));
  g_clear_error (&error);

  /* A coordinator reads no notes */
  test_clinic_become (fixture->base.store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  g_assert_null (lys_store_list_patient_notes (fixture->base.store, fixture->base.clinic.patient, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
}

/* Killed while typing: the child saves the draft a keystroke at a time,
 * reporting each save once it returns; whatever was reported is there after
 * reopening, with its cursor */
static const char typed_text[] = "Søvnen er bedre; håper å lære mer om pusten. ";

typedef struct
{
  gint64 note;
  GString *body;
} Typing;

/* In the child: one more letter a step, saved as the window saves it,
 * reporting the length saved */
static gboolean
type_a_letter (LysStore *store,
               guint     step,
               gint64   *report,
               gpointer  data)
{
  Typing *typing = data;
  const char *c = g_utf8_offset_to_pointer (typed_text, step % g_utf8_strlen (typed_text, -1));
  guint length;

  g_string_append_len (typing->body, c, g_utf8_next_char (c) - c);
  length = (guint) g_utf8_strlen (typing->body->str, -1);
  *report = length;
  return lys_store_save_note_draft (store, typing->note, NULL, typing->body->str, length, NULL);
}

static void
test_crash_while_typing (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysStore) reopened = NULL;
  g_autoptr(LysNoteView) view = NULL;
  g_autoptr(GArray) saves = NULL;
  guint wanted = g_test_rand_int_range (20, 120);
  Typing typing;
  guint last;
  gint64 note;

  note = create (fixture, fixture->base.clinic.patient, fixture->session, "soap");
  g_clear_object (&fixture->base.store);

  typing = (Typing) { note, g_string_new ("Subjective\n") };
  saves = test_clinic_kill_while_writing (fixture->base.path, "Sara Terapeut", LYS_ROLE_PSYCHOLOGIST, wanted,
                                          type_a_letter, &typing);
  g_string_free (typing.body, TRUE);
  last = (guint) g_array_index (saves, gint64, saves->len - 1);
  g_assert_cmpuint (last, >=, wanted);

  reopened = lys_store_open (fixture->base.path, &error);
  g_assert_no_error (error);
  fixture->base.store = g_object_ref (reopened);
  test_clinic_become (reopened, "Sara Terapeut", LYS_ROLE_PSYCHOLOGIST);
  view = lys_store_open_note (reopened, note, FALSE, &error);
  g_assert_no_error (error);
  /* Every save reported is there: a later one may have landed too */
  g_assert_cmpuint (g_utf8_strlen (view->main->body, -1), >=, last);
  g_assert_cmpuint (view->main->cursor, ==, g_utf8_strlen (view->main->body, -1));
  /* And it is what was typed, in order */
  {
    g_autoptr(GString) typed = g_string_new ("Subjective\n");

    while (typed->len < strlen (view->main->body))
      g_string_append (typed, typed_text);
    g_assert_true (g_str_has_prefix (typed->str, view->main->body));
  }
  /* SQLite's file, whole; a server keeps its own */
  if (!test_clinic_on_server ())
    g_assert_cmpint (test_raw_int (fixture->base.path, "SELECT count (*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
                     ==, 1);
}

/* One session, three patients: each record shows the shared note and its
 * own part, nothing of the others */
static void
test_group (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LysNoteView) view = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GDateTime) when = days_ago (1);
  gint64 patients[3], session, mine, shared, ids[4];
  gint64 reads;

  patients[0] = fixture->base.clinic.patient;
  patients[1] = test_clinic_add_patient (fixture->base.store, "15046600344", "Åse", "Aabø");
  patients[2] = test_clinic_add_patient (fixture->base.store, "01015012397", "Kari", "Nordmann");
  session = test_clinic_add_session (fixture->base.store, &fixture->base.clinic, "group-integration", when, patients, 3);

  /* Begun from Tora's record: the shared note and a part for everyone */
  mine = create (fixture, patients[0], session, "dap");
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM notes WHERE patient_id IS NULL"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM notes WHERE group_note_id IS NOT NULL"), ==, 3);
  shared = lys_store_find_session_note (fixture->base.store, session, 0, &error);
  g_assert_cmpint (create (fixture, patients[1], session, "dap"), !=, mine);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM notes"), ==, 4);

  /* The session's own view: all parts, named */
  view = lys_store_open_note (fixture->base.store, shared, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (view->parts->len, ==, 3);
  g_assert_true (view->session_view);
  save (fixture, shared, "Data\nGruppen snakket om søvn og håp.\nAssessment\nTrygg stemning.\nPlan\nNeste gang: kropp.\n");
  for (guint i = 0; i < 3; i++)
    {
      LysNote *part = view->parts->pdata[i];
      g_autofree char *text = g_strdup_printf ("Eget notat for %s: hemmelighet-%s", part->patient_name,
                                               part->patient_id == patients[1] ? "aase" : "annen");

      g_assert_nonnull (part->patient_name);
      save (fixture, part->id, text);
      ids[i + 1] = part->id;
    }
  ids[0] = shared;
  g_clear_pointer (&view, lys_note_view_free);

  /* Tora's record: the shared note and Tora's part only */
  reads = count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'patient.read'");
  view = lys_store_open_note (fixture->base.store, mine, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (view->session_view);
  g_assert_cmpint (view->main->id, ==, shared);
  g_assert_true (g_str_has_prefix (view->main->body, "Data\nGruppen snakket"));
  g_assert_null (view->main->patient_name);
  g_assert_cmpuint (view->parts->len, ==, 1);
  g_assert_cmpint (((LysNote *) view->parts->pdata[0])->patient_id, ==, patients[0]);
  g_assert_null (strstr (((LysNote *) view->parts->pdata[0])->body, "aase"));
  g_assert_null (strstr (((LysNote *) view->parts->pdata[0])->body, "Åse"));
  /* The read is Tora's alone */
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM audit_log WHERE action = 'patient.read'"), ==, reads + 1);
  g_assert_cmpint (count (fixture, "SELECT patient_id FROM audit_log WHERE action = 'patient.read' ORDER BY id DESC LIMIT 1"),
                   ==, patients[0]);
  g_clear_pointer (&view, lys_note_view_free);

  /* A shared note is not opened as if it were a patient's */
  g_assert_null (lys_store_open_note (fixture->base.store, shared, FALSE, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  g_clear_error (&error);

  /* Signed together; then each list has the one row of its own part */
  g_assert_true (lys_store_sign_notes (fixture->base.store, ids, 4, &error));
  g_assert_no_error (error);
  notes = lys_store_list_patient_notes (fixture->base.store, patients[0], &error);
  g_assert_cmpuint (notes->len, ==, 1);
  {
    LysNoteSummary *group = notes->pdata[0];

    g_assert_true (group->group);
    g_assert_cmpint (group->note_id, ==, mine);
    g_assert_cmpstr (group->preview, ==, "Gruppen snakket om søvn og håp.");
  }
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = lys_store_list_patient_notes (fixture->base.store, patients[1], &error);
  g_assert_cmpuint (notes->len, ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT id FROM notes WHERE patient_id = %" G_GINT64_FORMAT, patients[1]);

    g_assert_cmpint (((LysNoteSummary *) notes->pdata[0])->note_id, ==, count (fixture, sql));
  }

  /* The change and the signature are in every participant's record */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE action = 'note.sign' "
                                              "AND patient_id = %" G_GINT64_FORMAT, patients[i]);

      g_assert_cmpint (count (fixture, sql), ==, 2);
    }

  /* An empty part is not signed; its name says which. The next session,
   * after the first: a patient is in one session at a time */
  {
    g_autoptr(GDateTime) next = g_date_time_add_hours (when, 2);
    gint64 second = test_clinic_add_session (fixture->base.store, &fixture->base.clinic, "group-integration", next, patients, 2);
    gint64 second_shared = create (fixture, 0, second, "dap");
    g_autoptr(LysNoteView) session_view = lys_store_open_note (fixture->base.store, second_shared, TRUE, &error);
    gint64 part = ((LysNote *) session_view->parts->pdata[0])->id;

    g_assert_false (lys_store_sign_notes (fixture->base.store, &part, 1, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "The note for "));
  }
}

static void
insert_signed (Fixture    *fixture,
               gint64      session,
               const char *body)
{
  gint64 note = create (fixture, fixture->base.clinic.patient, session, "soap");
  g_autoptr(GError) error = NULL;

  save (fixture, note, body);
  g_assert_true (lys_store_sign_notes (fixture->base.store, &note, 1, &error));
  g_assert_no_error (error);
}

/* The best matches; the newest, found at once, are the same ones */
static GPtrArray *
search (LysNoteSearch *search,
        const char    *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) newest = lys_note_search_run (search, text, LYS_NOTE_SEARCH_NEWEST, 20, NULL, &error);
  GPtrArray *hits = lys_note_search_run (search, text, LYS_NOTE_SEARCH_BEST, 20, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  g_assert_cmpuint (newest->len, ==, hits->len);
  for (guint i = 1; i < newest->len; i++)
    g_assert_cmpint (((LysNoteHit *) newest->pdata[i - 1])->note_id, >, ((LysNoteHit *) newest->pdata[i])->note_id);
  return hits;
}

static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  GError **error = data;
  g_autoptr(GPtrArray) hits = lys_note_search_run_finish (LYS_NOTE_SEARCH (source), result, error);

  g_assert_true ((hits == NULL) == (*error != NULL));
  if (hits != NULL)
    *error = g_error_new_literal (LYS_ERROR, LYS_ERROR_FAILED, hits->len > 0 ? "found" : "none");
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  static const char *bodies[] = {
    "Subjective\nSøvnen har vært urolig. Søvn, søvn og atter søvn var temaet.\nObjective\nRolig.\nAssessment\nBedre.\nPlan\nFortsette.",
    "Subjective\nHåpet kom tilbake etter tredje infusjon.\nObjective\nSmilte.\nAssessment\nBedring.\nPlan\nØvelser.",
    "Subjective\nVil lære å puste med magen. Sover dårlig.\nObjective\nUro <&> i kroppen.\nAssessment\nUendret.\nPlan\nPust.",
  };
  g_autoptr(LysNoteSearch) notes = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GDateTime) when = days_ago ((int) (5 + i));
      gint64 session = test_clinic_add_session (fixture->base.store, &fixture->base.clinic, "integration", when,
                                                &fixture->base.clinic.patient, 1);

      insert_signed (fixture, session, bodies[i]);
    }
  notes = lys_note_search_new (fixture->base.store);

  /* Norwegian letters, or none: the same words */
  hits = search (notes, "sovn");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_nonnull (strstr (((LysNoteHit *) hits->pdata[0])->snippet, "<b>Søvnen</b>"));
  g_assert_cmpstr (((LysNoteHit *) hits->pdata[0])->patient_name, ==, "Tora Testesen");
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (notes, "søvn");
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (notes, "hap");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_nonnull (strstr (((LysNoteHit *) hits->pdata[0])->snippet, "<b>Håpet</b>"));
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (notes, "laere");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_nonnull (strstr (((LysNoteHit *) hits->pdata[0])->snippet, "<b>lære</b>"));
  /* Text from the note is escaped in the markup */
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (notes, "sovn urol");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_nonnull (strstr (((LysNoteHit *) hits->pdata[0])->snippet, "<b>Søvnen</b>"));
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (notes, "lære uro");
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (notes, "kroppen");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_nonnull (strstr (((LysNoteHit *) hits->pdata[0])->snippet, "&lt;&amp;&gt; i <b>kroppen</b>"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Prefixes, and ranking: the note about sleep above the one that sleeps badly */
  hits = search (notes, "so");
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_nonnull (strstr (((LysNoteHit *) hits->pdata[0])->snippet, "Søvn"));
  g_assert_nonnull (strstr (((LysNoteHit *) hits->pdata[1])->snippet, "<b>Sover</b>"));
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (notes, "sovn xyzzy");
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* An addendum is found as its note, said to be in an addendum; a note
   * found by its text and its addendum is one result */
  {
    gint64 hope = 0;

    hits = search (notes, "hap");
    hope = ((LysNoteHit *) hits->pdata[0])->note_id;
    g_clear_pointer (&hits, g_ptr_array_unref);
    g_assert_true (lys_store_add_note_addendum (fixture->base.store, hope, "Tillegg: meldte om ryggsmerter.", &error));
    g_assert_no_error (error);
    g_assert_true (lys_store_add_note_addendum (fixture->base.store, hope, "Tillegg: håpet holdt seg.", &error));
    g_assert_no_error (error);
    hits = search (notes, "ryggsmert");
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpint (((LysNoteHit *) hits->pdata[0])->note_id, ==, hope);
    g_assert_true (((LysNoteHit *) hits->pdata[0])->in_addendum);
    g_assert_nonnull (strstr (((LysNoteHit *) hits->pdata[0])->snippet, "<b>ryggsmerter</b>"));
    g_clear_pointer (&hits, g_ptr_array_unref);
    hits = search (notes, "hap");
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_false (((LysNoteHit *) hits->pdata[0])->in_addendum);
    g_clear_pointer (&hits, g_ptr_array_unref);

    /* A signed note changed with sqlite3 is found, but never quoted */
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE notes SET body = body || ' Forfalskning.' WHERE id = %"
                                              G_GINT64_FORMAT, hope);

      g_assert_cmpint (test_raw_tamper (fixture->base.path, "notes_signed_immutable", sql), ==, SQLITE_OK);
      hits = search (notes, "forfalskning");
      g_assert_cmpuint (hits->len, ==, 1);
      g_assert_null (strstr (((LysNoteHit *) hits->pdata[0])->snippet, "Forfalskning"));
      g_assert_nonnull (strstr (((LysNoteHit *) hits->pdata[0])->snippet, "altered outside Lysning"));
      g_clear_pointer (&hits, g_ptr_array_unref);
    }
  }

  /* Someone else's draft is not found; one's own is */
  {
    g_autoptr(GDateTime) when = days_ago (9);
    gint64 session = test_clinic_add_session (fixture->base.store, &fixture->base.clinic, "integration", when,
                                              &fixture->base.clinic.patient, 1);
    gint64 draft = create (fixture, fixture->base.clinic.patient, session, "soap");
    g_autofree char *sql = NULL;

    save (fixture, draft, "Subjective\nEgenutkast om sjøfart.");
    hits = search (notes, "sjofart");
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpint (((LysNoteHit *) hits->pdata[0])->status, ==, LYS_NOTE_DRAFT);
    g_clear_pointer (&hits, g_ptr_array_unref);
    sql = g_strdup_printf ("UPDATE notes SET author_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                           fixture->base.clinic.physician, draft);
    g_assert_cmpint (test_clinic_exec (fixture->base.store, sql), ==, LYS_DB_FAULT_NONE);
    hits = search (notes, "sjofart");
    g_assert_cmpuint (hits->len, ==, 0);
    g_clear_pointer (&hits, g_ptr_array_unref);
  }

  /* Off the main thread: a search answers, a cancelled one says so */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    lys_note_search_run_async (notes, "hap", LYS_NOTE_SEARCH_BEST, 20, NULL, on_search_done_cb, &error);
    while (error == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_error (error, LYS_ERROR, LYS_ERROR_FAILED);
    g_assert_cmpstr (error->message, ==, "found");
    g_clear_error (&error);

    g_cancellable_cancel (cancellable);
    lys_note_search_run_async (notes, "hap", LYS_NOTE_SEARCH_NEWEST, 20, cancellable, on_search_done_cb, &error);
    while (error == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* A coordinator finds nothing at all */
  test_clinic_become (fixture->base.store, "Kari Koordinator", LYS_ROLE_COORDINATOR);
  {
    g_autoptr(LysNoteSearch) coordinator = lys_note_search_new (fixture->base.store);

    g_assert_null (lys_note_search_run (coordinator, "hap", LYS_NOTE_SEARCH_NEWEST, 20, NULL, &error));
    g_assert_error (error, LYS_ERROR, LYS_ERROR_PERMISSION);
  }
}

static void
test_record_access (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) access = NULL;
  g_autoptr(LysNoteView) view = NULL;
  gint64 note = create (fixture, fixture->base.clinic.patient, fixture->session, "dap");

  view = lys_store_open_note (fixture->base.store, note, FALSE, &error);
  g_assert_no_error (error);
  test_clinic_become (fixture->base.store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);
  g_assert_true (lys_store_log_patient_read (fixture->base.store, fixture->base.clinic.patient, "preparation", NULL));

  access = lys_store_list_record_access (fixture->base.store, fixture->base.clinic.patient, &error);
  g_assert_no_error (error);
  /* Newest first: this very look, the physician's read, the note's opening */
  g_assert_cmpuint (access->len, ==, 3);
  g_assert_cmpstr (((LysAccessEntry *) access->pdata[0])->what, ==, "record-access");
  g_assert_cmpstr (((LysAccessEntry *) access->pdata[1])->what, ==, "preparation");
  g_assert_cmpint (((LysAccessEntry *) access->pdata[1])->role, ==, LYS_ROLE_PHYSICIAN);
  g_assert_cmpstr (((LysAccessEntry *) access->pdata[2])->what, ==, "note");
  g_assert_cmpstr (((LysAccessEntry *) access->pdata[2])->staff_name, ==, "Sara Terapeut");
  g_assert_cmpint (((LysAccessEntry *) access->pdata[2])->role, ==, LYS_ROLE_PSYCHOLOGIST);
}

/* A template's sections as the database keeps them: headings with quotes,
 * backslashes, line breaks and Norwegian letters come back as written;
 * what is no section is passed over */
static void
test_sections_json (void)
{
  static const char *headings[] = { "Opplevelse under infusjonen", "«Sitat» \"med\" \\ skråstrek", "To\nlinjer" };
  g_autoptr(GPtrArray) sections = lys_note_sections_from_json ("[]");
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) partly = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      LysNoteSection *section = g_new0 (LysNoteSection, 1);

      section->heading = g_strdup (headings[i]);
      section->required = i != 1;
      g_ptr_array_add (sections, section);
    }
  json = lys_note_sections_to_json (sections);
  back = lys_note_sections_from_json (json);
  g_assert_cmpuint (back->len, ==, G_N_ELEMENTS (headings));
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      g_assert_cmpstr (((LysNoteSection *) back->pdata[i])->heading, ==, headings[i]);
      g_assert_cmpint (((LysNoteSection *) back->pdata[i])->required, ==, i != 1);
    }

  partly = lys_note_sections_from_json ("[[\"Ja\", true], [\"Bare overskrift\"], 7, [\"Nei\", false]]");
  g_assert_cmpuint (partly->len, ==, 2);
  g_assert_cmpstr (((LysNoteSection *) partly->pdata[1])->heading, ==, "Nei");
  g_clear_pointer (&partly, g_ptr_array_unref);
  partly = lys_note_sections_from_json ("[[\"Ja\", tr");
  g_assert_cmpuint (partly->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/notes/templates", test_templates);
  g_test_add_func ("/core/notes/sections-json", test_sections_json);
  g_test_add_func ("/core/notes/fts-query", test_fts_query);
  g_test_add_func ("/core/notes/fts-snippet", test_fts_snippet);
  TEST_ADD ("/core/notes/sign-and-amend", test_sign_and_amend);
  TEST_ADD ("/core/notes/template-edit", test_template_edit);
  TEST_ADD ("/core/notes/drafts", test_drafts);
  TEST_ADD ("/core/notes/crash-while-typing", test_crash_while_typing);
  TEST_ADD ("/core/notes/group", test_group);
  TEST_ADD ("/core/notes/search", test_search);
  TEST_ADD ("/core/notes/record-access", test_record_access);

  return g_test_run ();
}
