/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "lys-demo.h"
#include "lys-induction-page.h"
#include "lys-preferences-window.h"
#include "lys-preparation-page.h"
#include "lys-schedule-page.h"
#include "lys-store-private.h"
#include "lys-window.h"

static char *dir;
static LysStore *store;

static gint64
query_int (const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_lys_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
spin_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
stack_page (GtkWidget  *widget,
            GType       type)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (widget, type, "stack")));
}

/* Every button, entry and list a user can reach says what it is */
static void
assert_accessible_names (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget) || GTK_IS_WINDOW_CONTROLS (widget))
    return;

  /* A spin button's inner + and - come from GTK; the spin button is named */
  for (GtkWidget *c = GTK_IS_SPIN_BUTTON (widget) ? NULL : gtk_widget_get_first_child (widget);
       c != NULL; c = gtk_widget_get_next_sibling (c))
    assert_accessible_names (c);

  if (GTK_IS_BUTTON (widget) && !GTK_IS_TOGGLE_BUTTON (widget) &&
      gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
      gtk_button_get_child (GTK_BUTTON (widget)) != NULL &&
      GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget))))
    {
      /* An icon-only button names itself for screen readers */
      GtkWidget *parent = gtk_widget_get_parent (widget);
      gboolean named = FALSE;

      /* the menu button's inner button takes its name from the menu button */
      if (GTK_IS_MENU_BUTTON (parent))
        widget = parent;
      named = gtk_widget_get_tooltip_text (widget) != NULL &&
              gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
      if (!named)
        g_error ("an icon-only %s in %s has no tooltip or no accessible name",
                 G_OBJECT_TYPE_NAME (widget), G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
    }
  if (GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_LIST_VIEW (widget) || GTK_IS_SPIN_BUTTON (widget))
    if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
      g_error ("%s has no accessible name", G_OBJECT_TYPE_NAME (widget));
}

static void
show_area (GtkWidget  *window,
           const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (child (window, LYS_TYPE_WINDOW, "view_stack"));

  gtk_widget_activate_action (window, "win.area", "s", name);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, name);
  spin_until (is_mapped, adw_view_stack_get_visible_child (stack));
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    n += ADW_IS_ACTION_ROW (c);
  return n;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *target = g_getenv ("LYSNING_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (target == NULL)
    return;

  spin (300);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node, NULL);
  path = g_build_filename (target, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static LysPatient *
find_patient (GListModel *model,
              const char *phase,
              guint      *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LysPatient) patient = g_list_model_get_item (model, i);

      if (g_strcmp0 (lys_patient_get_phase (patient), phase) == 0)
        {
          *position = i;
          return g_steal_pointer (&patient);
        }
    }
  g_assert_not_reached ();
}

typedef struct
{
  GListModel *model;
  guint n;
} CountWait;

/* GtkSearchEntry reports an emptied text at once and other text after a
 * delay, and setting text empties it first: wait for the count expected. */
static gboolean
count_reached (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

static void
test_main_window (void)
{
  GtkWidget *window = GTK_WIDGET (lys_window_new (NULL, store));
  GtkWidget *search = child (window, LYS_TYPE_WINDOW, "search_entry");
  GtkListView *list = GTK_LIST_VIEW (child (window, LYS_TYPE_WINDOW, "patient_list"));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));
  GListModel *visible = gtk_single_selection_get_model (selection);
  GtkWidget *preparation = child (window, LYS_TYPE_WINDOW, "preparation_page");
  GtkWidget *induction = child (window, LYS_TYPE_WINDOW, "induction_page");
  GtkWidget *schedule = child (window, LYS_TYPE_WINDOW, "schedule_page");
  GtkWidget *patient_stack = child (window, LYS_TYPE_WINDOW, "patient_stack");
  g_autoptr(LysPatient) patient = NULL;
  CountWait wait;
  gint64 reads;
  guint position;

  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (is_mapped, window);

  assert_accessible_names (window);
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, LYS_DEMO_PATIENTS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (patient_stack)), ==, "list");

  /* Preparation, nobody chosen: an honest empty state, and no read logged */
  show_area (window, "preparation");
  g_assert_cmpstr (stack_page (preparation, LYS_TYPE_PREPARATION_PAGE), ==, "empty");
  reads = query_int ("SELECT count(*) FROM audit_log WHERE action = 'patient.read'");
  g_assert_cmpint (reads, ==, 0);

  /* Search as you type narrows the list to the patients whose name has a
   * word starting with what was typed */
  {
    g_autoptr(LysPatient) last = g_list_model_get_item (visible, LYS_DEMO_PATIENTS - 1);
    g_autofree char *prefix = g_utf8_substring (lys_patient_get_family_name (last), 0, 3);
    g_autofree char *folded_prefix = lys_patient_fold_query (prefix);
    guint expected = 0;

    for (guint i = 0; i < LYS_DEMO_PATIENTS; i++)
      {
        g_autoptr(LysPatient) p = g_list_model_get_item (visible, i);
        expected += lys_patient_matches (p, folded_prefix);
      }
    g_assert_cmpuint (expected, <, LYS_DEMO_PATIENTS);

    wait = (CountWait) { visible, expected };
    gtk_editable_set_text (GTK_EDITABLE (search), prefix);
    spin_until (count_reached, &wait);
    for (guint i = 0; i < expected; i++)
      {
        g_autoptr(LysPatient) p = g_list_model_get_item (visible, i);
        g_autofree char *name = g_strdup_printf ("%s %s", lys_patient_get_given_name (p), lys_patient_get_family_name (p));
        g_autofree char *folded = lys_patient_fold_query (name);
        g_assert_nonnull (strstr (folded, folded_prefix));
      }
  }

  wait.n = 0;
  gtk_editable_set_text (GTK_EDITABLE (search), "zzzz");
  spin_until (count_reached, &wait);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (patient_stack)), ==, "no-results");

  wait.n = LYS_DEMO_PATIENTS;
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  spin_until (count_reached, &wait);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (patient_stack)), ==, "list");

  /* Choosing a patient shows the record and logs the read */
  patient = find_patient (visible, "induction", &position);
  gtk_single_selection_set_selected (selection, position);
  g_assert_cmpstr (stack_page (preparation, LYS_TYPE_PREPARATION_PAGE), ==, "patient");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (preparation, LYS_TYPE_PREPARATION_PAGE, "national_id_label"))),
                   ==, lys_patient_get_national_id (patient));
  g_assert_cmpint (query_int ("SELECT count(*) FROM audit_log WHERE action = 'patient.read' AND detail = 'preparation'"), ==, 1);
  save_screenshot (window, "main-window.png");

  /* Induction plan: the course's infusions in order, one row each */
  show_area (window, "induction");
  g_assert_cmpstr (stack_page (induction, LYS_TYPE_INDUCTION_PAGE), ==, "plan");
  {
    g_autoptr(GListModel) infusions = lys_store_list_course_infusions (store, lys_patient_get_id (patient), NULL);
    GtkWidget *plan = child (induction, LYS_TYPE_INDUCTION_PAGE, "plan_list");

    g_assert_cmpuint (g_list_model_get_n_items (infusions), >, 0);
    g_assert_cmpuint (count_rows (plan), ==, g_list_model_get_n_items (infusions));
  }
  g_assert_cmpint (query_int ("SELECT count(*) FROM audit_log WHERE action = 'patient.read' AND detail = 'induction-plan'"), ==, 1);
  save_screenshot (window, "induction-plan.png");

  /* Schedule: the coming two weeks, a group per day */
  show_area (window, "schedule");
  g_assert_cmpstr (stack_page (schedule, LYS_TYPE_SCHEDULE_PAGE), ==, "days");
  g_assert_nonnull (gtk_widget_get_first_child (child (schedule, LYS_TYPE_SCHEDULE_PAGE, "days_box")));
  save_screenshot (window, "infusion-schedule.png");

  /* Notes: an honest empty state */
  show_area (window, "notes");
  g_assert_true (ADW_IS_STATUS_PAGE (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (child (window, LYS_TYPE_WINDOW, "view_stack")), "notes")));

  /* A patient without infusions: the plan says so */
  {
    g_autoptr(LysPatient) waiting = find_patient (visible, "preparation", &position);

    gtk_single_selection_set_selected (selection, position);
    show_area (window, "induction");
    g_assert_cmpstr (stack_page (induction, LYS_TYPE_INDUCTION_PAGE), ==, "no-infusions");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("no.lysning.Lysning");
  GtkWidget *window;
  int width, height;

  g_settings_set (settings, "window-size", "(ii)", 900, 640);
  window = GTK_WIDGET (lys_window_new (NULL, store));
  g_object_ref_sink (window);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  /* Closing saves the size it was given */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (is_mapped, window);
  gtk_window_close (GTK_WINDOW (window));
  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  g_assert_finalize_object (window);
}

static void
test_preferences (void)
{
  LysPreferencesWindow *prefs = lys_preferences_window_new (store);
  GtkSpinButton *observation, *start_systolic;
  gint64 changes;

  g_object_ref_sink (prefs);
  gtk_window_present (GTK_WINDOW (prefs));
  spin_until (is_mapped, prefs);
  assert_accessible_names (GTK_WIDGET (prefs));

  save_screenshot (GTK_WIDGET (prefs), "preferences.png");
  observation = lys_preferences_window_get_spin (prefs, LYS_SETTING_OBSERVATION_MINUTES);
  start_systolic = lys_preferences_window_get_spin (prefs, LYS_SETTING_BP_START_SYSTOLIC);
  g_assert_cmpfloat (gtk_spin_button_get_value (observation), ==, 60);
  changes = query_int ("SELECT count(*) FROM audit_log WHERE action = 'settings.change'");

  /* A valid change is saved at once, and logged */
  gtk_spin_button_set_value (observation, 75);
  g_assert_cmpfloat (lys_store_get_setting (store, LYS_SETTING_OBSERVATION_MINUTES), ==, 75);
  g_assert_cmpint (query_int ("SELECT count(*) FROM settings WHERE key = 'observation-minutes' AND value = '75'"), ==, 1);
  g_assert_cmpint (query_int ("SELECT count(*) FROM audit_log WHERE action = 'settings.change'"), ==, changes + 1);

  /* A start limit above the alert limit is refused: the field goes back,
   * nothing is written */
  gtk_spin_button_set_value (start_systolic, 185);
  g_assert_cmpfloat (gtk_spin_button_get_value (start_systolic), ==, 140);
  g_assert_cmpfloat (lys_store_get_setting (store, LYS_SETTING_BP_START_SYSTOLIC), ==, 140);
  g_assert_cmpint (query_int ("SELECT count(*) FROM audit_log WHERE action = 'settings.change'"), ==, changes + 1);

  gtk_spin_button_set_value (observation, 60);
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cmd = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  dir = g_dir_make_tmp ("lysning-window-XXXXXX", NULL);
  path = g_build_filename (dir, "demo.db", NULL);
  store = lys_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (lys_demo_seed (store, LYS_DEMO_PATIENTS, LYS_DEMO_HISTORY_YEARS, NULL, &error));

  g_test_add_func ("/gui/window/areas", test_main_window);
  g_test_add_func ("/gui/preferences", test_preferences);
  g_test_add_func ("/gui/window/size", test_window_size);
  status = g_test_run ();

  g_clear_object (&store);
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (dir);
  return status;
}
