/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Safe at the screen: every value typed lands in the right field of the
 * right patient's record, signed by the right person, and no window
 * crashes or loses what was typed on the way. */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lys-appointment-row.h"
#include "lys-booking-window.h"
#include "lys-consent-form.h"
#include "lys-demo.h"
#include "lys-dialog.h"
#include "lys-dose.h"
#include "lys-eligibility-window.h"
#include "lys-format.h"
#include "lys-induction-page.h"
#include "lys-infusion-window.h"
#include "lys-note-window.h"
#include "lys-outcomes-page.h"
#include "lys-patient-row.h"
#include "lys-preparation-page.h"
#include "lys-time.h"
#include "lys-window.h"
#include "lys-rating-window.h"
#include "lys-store-private.h"
#include "lys-text.h"
#include "test-clinic.h"
#include "test-gui.h"
#include "test-raw.h"

static char *dir;
static LysStore *store;
static TestClinic clinic;

static gint64
query_int (const char *sql)
{
  return test_clinic_query_int (store, sql);
}

/* A window that writes to the clinic patient's record says whose it is:
 * the name in its title, name and identity number in its header */
static void
assert_whose (GtkWidget *window)
{
  GtkWidget *header = find_descendant (window, ADW_TYPE_WINDOW_TITLE, NULL);

  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Tora Testesen"));
  g_assert_nonnull (header);
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (header)), "Tora Testesen"));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (header)), "120385 10183"));
}

static void
set_clock (int hour,
           int minute)
{
  test_clinic_set_time (store, hour, minute);
}

/* The clinic's infusion of today, 80 kg at 0.5 mg/kg over 40 minutes
 * (40 mg, 1 mg a minute), started at 09:00 */
static gint64
start_infusion (void)
{
  g_autoptr(GError) error = NULL;
  LysVitals baseline = { 122, 78, 72, 97 };
  gint64 id;

  set_clock (8, 45);
  id = lys_store_open_infusion (store, clinic.appointment, &error);
  g_assert_no_error (error);
  g_assert_true (lys_store_set_infusion_value (store, id, LYS_INFUSION_FIELD_WEIGHT, 80, &error));
  g_assert_true (lys_store_set_infusion_text (store, id, LYS_INFUSION_FIELD_LOT_NUMBER, "KET-20417", &error));
  g_assert_cmpint (lys_store_record_vitals (store, id, &baseline, NULL, NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  set_clock (9, 0);
  g_assert_true (lys_store_start_infusion (store, id, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return id;
}

/* A MADRS typed as the form invites, a digit and Tab for each item,
 * lands item by item */
static void
test_rating_tab (void)
{
  static const char *typed = "1234560123";
  GtkWidget *window;
  GtkWidget *group;
  gint64 before = query_int ("SELECT count (*) FROM ratings");

  window = GTK_WIDGET (lys_rating_window_new_for_patient (NULL, store, clinic.patient, LYS_SCALE_MADRS, LYS_N_POINTS));
  gtk_window_present (GTK_WINDOW (window));
  spin_until (is_mapped, window);

  assert_whose (window);
  group = child (window, LYS_TYPE_RATING_WINDOW, "items_group");
  gtk_widget_grab_focus (nth_descendant (group, GTK_TYPE_ENTRY, 0));
  for (guint i = 0; typed[i] != '\0'; i++)
    {
      char digit[2] = { typed[i], '\0' };

      type_to_focus (window, digit);
      press_tab (window);
    }

  for (guint i = 0; typed[i] != '\0'; i++)
    {
      char digit[2] = { typed[i], '\0' };

      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nth_descendant (group, GTK_TYPE_ENTRY, i))), ==, digit);
    }

  save_screenshot (window, "safety-rating.png");
  activate_until_closed (window, "rating.save");
  g_assert_cmpint (query_int ("SELECT count (*) FROM ratings"), ==, before + 1);
  g_assert_cmpint (query_int ("SELECT count (*) FROM ratings WHERE id = (SELECT max (id) FROM ratings) "
                              "AND answers = '[1,2,3,4,5,6,0,1,2,3]' AND complete = 1"), ==, 1);
}

/* Closing a form with what was typed unsaved asks first; kept, nothing is
 * lost; discarded, nothing is written */
static void
test_close_asks (void)
{
  gint64 before = query_int ("SELECT count (*) FROM ratings");
  GtkWidget *window;
  gpointer pointer;

  window = GTK_WIDGET (lys_rating_window_new_for_patient (NULL, store, clinic.patient, LYS_SCALE_PHQ9, LYS_N_POINTS));
  gtk_window_present (GTK_WINDOW (window));
  spin_until (is_mapped, window);
  pointer = window;
  g_object_add_weak_pointer (G_OBJECT (window), &pointer);

  /* Nothing typed: it closes at once */
  gtk_widget_activate_action (window, "window.close", NULL);
  spin_until (is_gone, &pointer);

  window = GTK_WIDGET (lys_rating_window_new_for_patient (NULL, store, clinic.patient, LYS_SCALE_PHQ9, LYS_N_POINTS));
  gtk_window_present (GTK_WINDOW (window));
  spin_until (is_mapped, window);
  pointer = window;
  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  gtk_widget_grab_focus (nth_descendant (child (window, LYS_TYPE_RATING_WINDOW, "items_group"), GTK_TYPE_ENTRY, 0));
  type_to_focus (window, "2");

  gtk_widget_activate_action (window, "window.close", NULL);
  g_assert_nonnull (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  click_dialog_button (_("_Keep Editing"));
  g_assert_nonnull (pointer);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nth_descendant (child (window, LYS_TYPE_RATING_WINDOW, "items_group"),
                                                                         GTK_TYPE_ENTRY, 0))), ==, "2");

  gtk_widget_activate_action (window, "window.close", NULL);
  click_dialog_button (_("_Discard"));
  spin_until (is_gone, &pointer);
  g_assert_cmpint (query_int ("SELECT count (*) FROM ratings"), ==, before);
}

static LysAppointment *
find_booking (gint64 id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) from = g_date_time_add_days (now, -30);
  g_autoptr(GDateTime) until = g_date_time_add_days (now, 30);
  g_autoptr(GListModel) bookings = lys_store_list_bookings (store, from, until, NULL);

  for (guint i = 0; bookings != NULL && i < g_list_model_get_n_items (bookings); i++)
    {
      g_autoptr(LysAppointment) booking = g_list_model_get_item (bookings, i);

      if (lys_appointment_get_id (booking) == id)
        return g_steal_pointer (&booking);
    }
  g_assert_not_reached ();
}

/* Answering a dialog that closes its window leaves nothing behind: the
 * suite runs with criticals fatal */
static void
test_dialog_closes_window (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) at = g_date_time_add_days (now, 2);
  g_autoptr(LysAppointment) booking = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GtkWidget *window;
  gpointer pointer;
  gint64 id, session, note;

  /* Cancel Booking… then Cancel Booking */
  id = test_clinic_book (store, &clinic, at);
  booking = find_booking (id);
  window = GTK_WIDGET (lys_booking_window_new (NULL, store, booking));
  gtk_window_present (GTK_WINDOW (window));
  spin_until (is_mapped, window);
  pointer = window;
  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  gtk_widget_activate_action (window, "booking.cancel", NULL);
  click_dialog_button (_("C_ancel Booking"));
  spin_until (is_gone, &pointer);
  sql = g_strdup_printf ("SELECT count (*) FROM appointments WHERE state = 'cancelled' AND id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (query_int (sql), ==, 1);

  /* Discard… on a note's draft, then Discard */
  test_clinic_become (store, "Petra Psykolog", LYS_ROLE_PSYCHOLOGIST);
  session = test_clinic_add_session (store, &clinic, "integration", now, &clinic.patient, 1);
  note = lys_store_create_note (store, clinic.patient, session, "kap-integration", &error);
  g_assert_no_error (error);
  window = GTK_WIDGET (lys_note_window_present (NULL, store, note, FALSE, &error));
  g_assert_no_error (error);
  spin_until (is_mapped, window);
  pointer = window;
  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  gtk_widget_activate_action (window, "note.discard", NULL);
  click_dialog_button (_("_Discard"));
  spin_until (is_gone, &pointer);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM notes WHERE id = %" G_GINT64_FORMAT, note);
  g_assert_cmpint (query_int (sql), ==, 0);
  test_clinic_become (store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);
}

/* Stopping an infusion is never one keystroke from the choice not to:
 * the two read differently and answer to different keys, in English and
 * in Bokmål */
static void
test_stop_dialog (void)
{
  gint64 infusion = start_infusion ();
  GtkWidget *window = GTK_WIDGET (lys_infusion_window_present (NULL, store, infusion));
  GtkWidget *dialog;
  gpointer pointer = window;

  spin_until (is_mapped, window);
  assert_whose (window);
  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  gtk_widget_activate_action (window, "infusion.stop", NULL);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  spin_until (is_mapped, dialog);
  assert_distinct_responses (dialog);
  g_assert_nonnull (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Stop Infusion")));
  click_dialog_button (_("_Keep Infusing"));
  g_assert_cmpint (query_int ("SELECT count (*) FROM infusions WHERE status = 'running'"), ==, 1);

  /* Stopped two minutes in: 2 mg of the 40 mg planned, offered to confirm.
   * Each refusal keeps the dialog and what was typed, saying why. */
  set_clock (9, 2);
  gtk_widget_activate_action (window, "infusion.stop", NULL);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  spin_until (is_mapped, dialog);
  /* Written as the language writes it: "2.0", "2,0" in Norwegian */
  {
    g_autofree char *two = lys_text_format_number (2.0, 1);

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lys_dialog_get_field (LYS_DIALOG (dialog), "given"))), ==, two);
    g_assert_true (g_str_equal (two, "2.0") || g_str_equal (two, "2,0"));
  }
  g_signal_emit_by_name (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Stop Infusion")), "clicked");
  settle ();
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpstr (lys_dialog_get_refusal (LYS_DIALOG (dialog)), ==,
                   _("Say why the infusion is stopped early."));
  gtk_editable_set_text (GTK_EDITABLE (lys_dialog_get_field (LYS_DIALOG (dialog), "reason")), "Kvalme og uro");
  gtk_editable_set_text (GTK_EDITABLE (lys_dialog_get_field (LYS_DIALOG (dialog), "given")), "41");
  g_signal_emit_by_name (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Stop Infusion")), "clicked");
  settle ();
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_nonnull (strstr (lys_dialog_get_refusal (LYS_DIALOG (dialog)), "40 mg"));
  save_screenshot (dialog, "safety-stop-refused.png");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lys_dialog_get_field (LYS_DIALOG (dialog), "reason"))), ==,
                   "Kvalme og uro");
  g_assert_cmpint (query_int ("SELECT count (*) FROM infusions WHERE status = 'running'"), ==, 1);
  /* The nurse's own reading, written the Norwegian way */
  gtk_editable_set_text (GTK_EDITABLE (lys_dialog_get_field (LYS_DIALOG (dialog), "given")), "1,5");
  click_dialog_button (_("_Stop Infusion"));
  g_assert_cmpint (query_int ("SELECT count (*) FROM infusions WHERE status = 'ended' AND given_mg = 1.5 "
                              "AND total_mg = 40 AND stop_reason = 'Kvalme og uro'"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  spin_until (is_gone, &pointer);
  set_clock (12, 0);
}

static gboolean
one_result (gpointer data)
{
  return g_list_model_get_n_items (data) == 1;
}

/* The main window with the one patient a search for @name finds chosen */
static GtkWidget *
open_patient (const char *name)
{
  GtkWidget *window = GTK_WIDGET (lys_window_new (NULL, store));
  GtkListView *list = GTK_LIST_VIEW (child (window, LYS_TYPE_WINDOW, "patient_list"));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));

  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (patients_listed, window);
  gtk_editable_set_text (GTK_EDITABLE (child (window, LYS_TYPE_WINDOW, "search_entry")), name);
  spin_until (one_result, gtk_single_selection_get_model (selection));
  gtk_single_selection_set_selected (selection, 0);
  return window;
}

static LysPatient *
chosen_patient (GtkWidget *window)
{
  GtkListView *list = GTK_LIST_VIEW (child (window, LYS_TYPE_WINDOW, "patient_list"));

  return gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (gtk_list_view_get_model (list)));
}

/* The row of the patient list that shows @patient */
static GtkWidget *
patient_row_label (GtkWidget  *window,
                   LysPatient *patient)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *name = lys_patient_dup_display_name (patient);

  collect_descendants (window, LYS_TYPE_PATIENT_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (child (rows->pdata[i], LYS_TYPE_PATIENT_ROW, "name_label"))), name) == 0)
      return child (rows->pdata[i], LYS_TYPE_PATIENT_ROW, "details_label");
  g_assert_not_reached ();
}

/* Every list reflects every change at once: the patient found by a search
 * shows the new phase as soon as the induction starts */
static void
test_list_follows_phase (void)
{
  GtkWidget *window;
  g_autoptr(LysPatient) patient = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *expected = NULL;

  test_clinic_add_prepared_patient (store, &clinic, "15046600344", "Åse", "Aabø");
  _lys_store_reload_patients (store);
  window = open_patient ("Aabø");
  patient = g_object_ref (chosen_patient (window));
  birth = lys_time_format_date (lys_patient_get_birth_date (patient));
  expected = g_strdup_printf (_("Born %s · %s"), birth, lys_phase_get_label (LYS_PHASE_PREPARATION));
  await (g_strcmp0 (gtk_label_get_label (GTK_LABEL (patient_row_label (window, patient))), expected) == 0);
  /* Read as one by a screen reader: name, birth date and phase */
  {
    GtkWidget *row = gtk_widget_get_parent (patient_row_label (window, patient));
    g_autofree char *spoken = g_strdup_printf ("Åse Aabø, %s", expected);
    g_autofree char *wrong = NULL;

    g_assert_true (LYS_IS_PATIENT_ROW (row));
    wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken);
    g_assert_null (wrong);
    /* and so is the list's own item around it, which takes the focus */
    wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, spoken);
    g_assert_null (wrong);
  }

  gtk_widget_activate_action (child (window, LYS_TYPE_WINDOW, "preparation_page"), "preparation.start-induction", NULL);
  settle ();
  g_assert_cmpint (query_int ("SELECT count (*) FROM courses c JOIN patients p ON p.id = c.patient_id "
                              "WHERE p.national_id = '15046600344' AND c.phase = 'induction'"), ==, 1);
  g_free (expected);
  expected = g_strdup_printf (_("Born %s · %s"), birth, lys_phase_get_label (LYS_PHASE_INDUCTION));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (patient_row_label (window, patient))), ==, expected);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The keyboard never reaches what is not on screen: the focus left on the
 * Outcomes page's menu does not stay there when another area shows, and
 * Tab through the window meets only widgets that are shown */
static void
test_focus_on_screen (void)
{
  GtkWidget *window = open_patient ("Testesen");
  g_autoptr(GPtrArray) menus = g_ptr_array_new ();
  GtkWidget *rate = NULL;
  GtkWidget *focus;

  collect_descendants (lys_window_get_area (LYS_WINDOW (window), "outcomes"), GTK_TYPE_MENU_BUTTON, menus);
  for (guint i = 0; i < menus->len; i++)
    if (g_strcmp0 (gtk_menu_button_get_label (menus->pdata[i]), _("_Enter Rating")) == 0)
      rate = menus->pdata[i];
  g_assert_nonnull (rate);

  show_area (window, "outcomes");
  spin_until (is_mapped, rate);
  g_assert_true (gtk_widget_grab_focus (rate));
  show_area (window, "preparation");
  g_assert_false (gtk_widget_get_mapped (rate));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == NULL || gtk_widget_get_mapped (focus));

  /* The patient list is one Tab stop: in with one Tab, out with the next */
  {
    GtkWidget *list = child (window, LYS_TYPE_WINDOW, "patient_list");

    gtk_widget_grab_focus (child (window, LYS_TYPE_WINDOW, "search_entry"));
    press_tab (window);
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), list));
    press_tab (window);
    g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), list));
    g_assert_true (gtk_widget_get_can_focus (list));
  }

  for (guint i = 0; i < 60; i++)
    {
      press_tab (window);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_get_mapped (focus));
      g_assert_false (gtk_widget_is_ancestor (focus, rate) || focus == rate);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* A day shown without its year is this year's: another year's says so */
static void
test_dates_with_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last_year = g_date_time_add_years (now, -1);
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autofree char *this_one = lys_format_day (now);
  g_autofree char *last = lys_format_day (last_year);
  g_autofree char *next = lys_format_day (next_year);
  g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (now));
  g_autofree char *year_before = g_strdup_printf ("%d", g_date_time_get_year (last_year));
  g_autofree char *year_after = g_strdup_printf ("%d", g_date_time_get_year (next_year));

  g_assert_null (strstr (this_one, year));
  g_assert_nonnull (strstr (last, year_before));
  g_assert_nonnull (strstr (next, year_after));
}

static LysPatient *
patient_by_id (gint64 id)
{
  GListModel *patients = lys_store_get_patients (store);

  for (guint i = 0; i < g_list_model_get_n_items (patients); i++)
    {
      g_autoptr(LysPatient) patient = g_list_model_get_item (patients, i);

      if (lys_patient_get_id (patient) == id)
        return g_steal_pointer (&patient);
    }
  g_assert_not_reached ();
}

/* A signature shows who signed as they were then: renaming the profile
 * afterwards, or the staff row past the app, changes no signature; the
 * rename is logged with the old and the new name */
static void
test_signature_kept (void)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (store);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(LysPatient) patient = NULL;
  GtkWidget *window;
  const char *title;
  gint64 session, note;

  test_clinic_become (store, "Per Psykolog", LYS_ROLE_PSYCHOLOGIST);
  session = test_clinic_add_session (store, &clinic, "integration", now, &clinic.patient, 1);
  note = lys_store_create_note (store, clinic.patient, session, "soap", &error);
  g_assert_no_error (error);
  /* Every section written, under its heading in the language of the day */
  {
    g_autoptr(LysNoteView) view = lys_store_open_note (store, note, FALSE, &error);
    g_autoptr(GString) body = g_string_new (NULL);

    g_assert_no_error (error);
    for (guint i = 0; i < view->main->sections->len; i++)
      g_string_append_printf (body, "%s\nSkrevet.\n", ((LysNoteSection *) view->main->sections->pdata[i])->heading);
    g_assert_true (lys_store_save_note_draft (store, note, NULL, body->str, 0, &error));
  }
  g_assert_true (lys_store_sign_notes (store, &note, 1, &error));
  g_assert_no_error (error);

  test_clinic_become (store, "Eva Psykolog", LYS_ROLE_PSYCHOLOGIST);
  g_assert_cmpint (query_int ("SELECT count (*) FROM audit_log WHERE action = 'staff.update' "
                              "AND detail = 'name: Per Psykolog → Eva Psykolog'"), ==, 1);

  window = GTK_WIDGET (lys_note_window_present (NULL, store, note, FALSE, &error));
  g_assert_no_error (error);
  spin_until (is_mapped, window);
  assert_whose (window);
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (window, LYS_TYPE_NOTE_WINDOW, "signed_row")));
  g_assert_nonnull (strstr (title, "Per Psykolog"));
  g_assert_null (strstr (title, "Eva"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Renamed past the app, with sqlite3: the eligibility's signer stays */
  g_assert_cmpint (test_clinic_exec (store, "UPDATE staff SET name = 'Eva Lege' WHERE name = 'Ingrid Lege'"), ==, LYS_DB_FAULT_NONE);
  test_clinic_become (store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);
  patient = patient_by_id (clinic.patient);
  window = GTK_WIDGET (lys_eligibility_window_new (NULL, store, patient, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (is_mapped, window);
  assert_whose (window);
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (window, LYS_TYPE_ELIGIBILITY_WINDOW, "signed_row")));
  g_assert_nonnull (strstr (title, "Ingrid Lege"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (test_clinic_exec (store, "UPDATE staff SET name = 'Ingrid Lege' WHERE name = 'Eva Lege'"), ==, LYS_DB_FAULT_NONE);

  /* The assessment changed with sqlite3 past its trigger, put back after:
   * said to be altered, and nothing of it shown as the physician's */
  g_assert_cmpint (test_raw_tamper (lys_store_get_path (store), "eligibility_signed_immutable",
                                    "UPDATE eligibility SET decision = 'not-eligible'"), ==, SQLITE_OK);
  window = GTK_WIDGET (lys_eligibility_window_new (NULL, store, patient, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (is_mapped, window);
  {
    GtkWidget *row = child (window, LYS_TYPE_ELIGIBILITY_WINDOW, "signed_row");

    g_autofree char *expected = g_strdup_printf (_("Signed by %s, and altered outside Lysning since"), "Ingrid Lege");

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, expected);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     _("The assessment no longer matches the physician’s signature, so it is not shown. "
                       "Tell the clinic lead, and restore it from a backup."));
    g_assert_true (gtk_widget_has_css_class (row, "error"));
    g_assert_false (gtk_widget_get_visible (child (window, LYS_TYPE_ELIGIBILITY_WINDOW, "decision_group")));
    g_assert_false (gtk_widget_get_visible (child (window, LYS_TYPE_ELIGIBILITY_WINDOW, "baseline_group")));
    save_screenshot (window, "eligibility-altered");
  }
  gtk_window_destroy (GTK_WINDOW (window));

  /* And the signature itself is not to be changed or swapped */
  sql = g_strdup_printf ("UPDATE signatures SET name = 'Eva' WHERE kind = 'note' AND record_id = %" G_GINT64_FORMAT, note);
  g_assert_cmpint (test_clinic_exec (store, sql), ==, LYS_DB_FAULT_CONSTRAINT);
  g_free (sql);
  sql = g_strdup_printf ("INSERT OR REPLACE INTO signatures (kind, record_id, staff_id, name, role, signed_at) "
                         "VALUES ('note', %" G_GINT64_FORMAT ", 1, 'Eva', 'physician', '2026-01-01')", note);
  g_assert_cmpint (test_clinic_exec (store, sql), ==, LYS_DB_FAULT_CONSTRAINT);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM signatures WHERE kind = 'note' AND record_id = %" G_GINT64_FORMAT
                         " AND name = 'Per Psykolog' AND role = 'psychologist'", note);
  g_assert_cmpint (query_int (sql), ==, 1);
}

/* A refused booking keeps its form and what was typed, and says why in
 * the form */
static void
test_refusal_keeps_form (void)
{
  GtkWidget *window;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) saturday = g_date_time_add_days (now, 6 - g_date_time_get_day_of_week (now) + 7);
  g_autofree char *day = g_date_time_format (saturday, "%d.%m.%Y");
  gint64 booked;
  GtkWidget *dialog, *box;

  test_clinic_add_prepared_patient (store, &clinic, "01015012397", "Per", "Pedersen");
  booked = query_int ("SELECT count (*) FROM appointments WHERE kind = 'preparation'");
  test_clinic_exec (store, "UPDATE preparation_notes SET readiness = 'needs-more'");
  _lys_store_reload_patients (store);
  window = open_patient ("Pedersen");
  show_area (window, "preparation");

  gtk_widget_activate_action (child (window, LYS_TYPE_WINDOW, "preparation_page"), "preparation.book", NULL);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  spin_until (is_mapped, dialog);
  box = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  /* The staff drop-down is read by its caption, not as "GtkToggleButton" */
  {
    GtkWidget *toggle = find_descendant (nth_descendant (box, GTK_TYPE_DROP_DOWN, 0), GTK_TYPE_TOGGLE_BUTTON, NULL);

    g_assert_nonnull (toggle);
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL));
  }
  gtk_editable_set_text (GTK_EDITABLE (nth_descendant (box, GTK_TYPE_ENTRY, 0)), day);
  gtk_editable_set_text (GTK_EDITABLE (nth_descendant (box, GTK_TYPE_ENTRY, 1)), "10:00");
  g_object_ref (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  settle ();
  /* Saturday is closed: said in the form, which stays with its date */
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_true (lys_dialog_get_refusal (LYS_DIALOG (dialog)) != NULL);
  g_assert_cmpstr (lys_dialog_get_refusal (LYS_DIALOG (dialog)), !=, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nth_descendant (box, GTK_TYPE_ENTRY, 0))), ==, day);
  g_assert_cmpint (query_int ("SELECT count (*) FROM appointments WHERE kind = 'preparation'"), ==, booked);
  g_object_unref (dialog);
  click_dialog_button (_("_Cancel"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
assert_form_names (LysConsentForm *form,
                   const char     *physician)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (dir, "consent.pdf", NULL);
  g_autofree char *text = NULL;

  g_assert_true (lys_consent_form_write_pdf (form, pdf, "Lysning DPS", &error));
  g_assert_no_error (error);
  text = test_pdf_text (pdf, FALSE);
  g_assert_nonnull (strstr (text, physician));
}

/* The consent form names the physician chosen once for the course, not
 * whoever prints it; the first print asks who it is */
static void
test_consent_physician (void)
{
  GtkWidget *window;
  GtkWidget *consent_row, *dialog, *chooser;
  g_autoptr(GError) error = NULL;
  g_autoptr(LysConsentForm) form = NULL;
  gint64 ola;

  ola = test_clinic_exec (store, "INSERT INTO staff (name, role, created_at) "
                                 "VALUES ('Ola Lege', 'physician', '2026-01-01T00:00:00Z')") == LYS_DB_FAULT_NONE
        ? query_int ("SELECT id FROM staff WHERE name = 'Ola Lege'") : 0;
  g_assert_cmpint (ola, >, 0);
  g_assert_true (lys_store_set_clinic_name (store, "Lysning DPS", NULL));
  g_assert_cmpint (lys_store_get_consent_physician (store, clinic.patient), ==, 0);

  window = open_patient ("Testesen");
  show_area (window, "preparation");
  consent_row = child (child (window, LYS_TYPE_WINDOW, "preparation_page"), LYS_TYPE_PREPARATION_PAGE, "consent_row");

  /* Not chosen yet: asked, before any form is made */
  gtk_widget_activate_action (consent_row, "consent.save-pdf", NULL);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  spin_until (is_mapped, dialog);
  assert_accessible_names (dialog);
  {
    GtkDropDown *choice = GTK_DROP_DOWN (lys_dialog_get_field (LYS_DIALOG (dialog), "physician"));
    GListModel *names = gtk_drop_down_get_model (choice);

    for (guint i = 0; i < g_list_model_get_n_items (names); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Ola Lege"))
        gtk_drop_down_set_selected (choice, i);
  }
  click_dialog_button (_("C_hoose"));
  g_assert_cmpint (lys_store_get_consent_physician (store, clinic.patient), ==, ola);
  g_assert_cmpint (query_int ("SELECT count (*) FROM audit_log WHERE action = 'course.consent-physician'"), ==, 1);
  /* ... and then on to saving the PDF, which is not wanted here */
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  if (chooser != NULL)
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  settle ();

  /* Whoever makes the form, a physician or a coordinator, it names Ola */
  form = lys_store_make_consent_form (store, clinic.patient, "nb", 0, &error);
  g_assert_no_error (error);
  assert_form_names (form, "Ola Lege");
  g_clear_pointer (&form, lys_consent_form_free);
  test_clinic_become (store, "Ingrid Lege", LYS_ROLE_COORDINATOR);
  form = lys_store_make_consent_form (store, clinic.patient, "nb", 0, &error);
  g_assert_no_error (error);
  assert_form_names (form, "Ola Lege");
  test_clinic_become (store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The row of the induction plan titled @title, or NULL */
static GtkWidget *
plan_row (GtkWidget  *window,
          const char *title)
{
  GtkWidget *plan = child (lys_window_get_area (LYS_WINDOW (window), "induction"), LYS_TYPE_INDUCTION_PAGE, "plan_list");

  for (GtkWidget *c = gtk_widget_get_first_child (plan); c; c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_PREFERENCES_ROW (c) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), title) == 0)
      return c;
  return NULL;
}

/* A stopped infusion shows as stopped, with the dose it gave, and counts
 * towards the six only from the share of its dose the clinic sets */
static void
test_stopped_counts (void)
{
  GtkWidget *window;
  g_autofree char *expected = NULL;
  g_autofree char *note = NULL;
  g_autofree char *given = lys_dose_format_total (1.5);
  g_autofree char *planned = lys_dose_format_total (40);
  GtkWidget *row;

  /* 1.5 mg of 40: under the whole dose the clinic counts by default */
  g_assert_cmpint (query_int ("SELECT count (*) FROM infusions WHERE given_mg = 1.5"), ==, 1);
  g_assert_cmpuint (lys_store_count_missing_infusions (store, clinic.patient, NULL), ==, 6);

  window = open_patient ("Testesen");
  show_area (window, "induction");
  row = plan_row (window, _("Stopped infusion"));
  g_assert_nonnull (row);
  note = g_strdup_printf (ngettext ("Stopped early: %s of %s given. It does not count towards the course’s %u infusion; another is planned in its place.",
                                    "Stopped early: %s of %s given. It does not count towards the course’s %u infusions; another is planned in its place.",
                                    6), given, planned, 6);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), note));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (row, LYS_TYPE_APPOINTMENT_ROW, "state_label"))), ==,
                   _("Stopped early"));
  save_screenshot (window, "safety-stopped-plan.png");
  /* Six still to book, the stopped one beside them */
  g_free (expected);
  expected = g_strdup_printf (_("Infusion %u of %u"), 6, 6);
  g_assert_nonnull (plan_row (window, expected));

  /* A clinic that counts from 1 % of the dose counts it */
  g_assert_true (lys_store_set_setting (store, LYS_SETTING_COURSE_COUNT_SHARE, 1, NULL));
  g_assert_cmpuint (lys_store_count_missing_infusions (store, clinic.patient, NULL), ==, 5);
  g_assert_true (lys_store_set_setting (store, LYS_SETTING_COURSE_COUNT_SHARE, 100, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) booked = NULL;
  g_autofree char *path = NULL;
  int status;

  test_gui_init (&argc, &argv);
  /* Run in Bokmål or Nynorsk, the checks see it */
  if (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "nb"))
    g_assert_cmpstr (_("_Preferences"), ==, "_Innstillinger");
  if (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "nn"))
    g_assert_cmpstr (_("_Preferences"), ==, "_Innstillingar");

  store = test_clinic_open_demo ("safety", 0, 0, &dir, &path);
  booked = test_clinic_today_at (9, 0);
  test_clinic_setup (store, booked, TEST_CLINIC_READY, &clinic);
  test_clinic_become (store, "Ingrid Lege", LYS_ROLE_PHYSICIAN);

  g_test_add_func ("/gui/safety/rating-tab", test_rating_tab);
  g_test_add_func ("/gui/safety/close-asks", test_close_asks);
  g_test_add_func ("/gui/safety/dialog-closes-window", test_dialog_closes_window);
  g_test_add_func ("/gui/safety/stop-dialog", test_stop_dialog);
  g_test_add_func ("/gui/safety/list-follows-phase", test_list_follows_phase);
  g_test_add_func ("/gui/safety/stopped-counts", test_stopped_counts);
  g_test_add_func ("/gui/safety/refusal-keeps-form", test_refusal_keeps_form);
  g_test_add_func ("/gui/safety/consent-physician", test_consent_physician);
  g_test_add_func ("/gui/safety/signature-kept", test_signature_kept);
  g_test_add_func ("/gui/safety/focus-on-screen", test_focus_on_screen);
  g_test_add_func ("/gui/safety/dates-with-year", test_dates_with_year);
  status = g_test_run ();

  test_clinic_close (&store, &dir, &path);
  return status;
}
