/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include <string.h>

#include "lys-infusion-window.h"
#include "lys-window.h"
#include "test-gui.h"

void
spin_until (gboolean (*done) (gpointer), gpointer data)
{
  await (done (data));
}

/* What a change queued has run: the main loop turns until three turns in a
 * row find nothing to do, as an idle may queue another. A window that
 * animates is never idle: then it stops after a second, and what the test
 * asserts next says whether the change went through. */
void
settle (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;
  guint quiet = 0;

  while (quiet < 3 && g_get_monotonic_time () < until)
    {
      quiet = g_main_context_iteration (NULL, FALSE) ? 0 : quiet + 1;
      g_usleep (1000);
    }
}

void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* The main window is drawn and its patient list filled, which it does
 * after its first frame */
gboolean
patients_listed (gpointer window)
{
  GtkListView *list = GTK_LIST_VIEW (child (window, LYS_TYPE_WINDOW, "patient_list"));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));
  GtkFilterListModel *filtered = GTK_FILTER_LIST_MODEL (gtk_single_selection_get_model (selection));

  return gtk_widget_get_mapped (window) && gtk_filter_list_model_get_model (filtered) != NULL;
}

/* A widget of a built part by its id in the .ui, among the descendants */
static GtkWidget *
find_built (GtkWidget  *widget,
            const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (c)), name) == 0)
        return c;
      if ((found = find_built (c, name)) != NULL)
        return found;
    }
  return NULL;
}

/* A template child, or a widget of a part the widget builds when first
 * needed (its own .ui file), once built */
GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  if (object == NULL)
    object = G_OBJECT (find_built (widget, name));
  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static gboolean
holds_field (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (!gtk_widget_get_visible (c))
      continue;
    else if ((GTK_IS_EDITABLE (c) || GTK_IS_CHECK_BUTTON (c) || GTK_IS_SWITCH (c)) && gtk_widget_get_focusable (c))
      return TRUE;
    else if (holds_field (c))
      return TRUE;
  return FALSE;
}

/* Every button, entry and list a user can reach says what it is, and a
 * field in a row is one Tab stop: a row that takes the focus as well as its
 * field makes every other Tab land on the row, where typing is lost */
void
assert_accessible_names (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget) || GTK_IS_WINDOW_CONTROLS (widget))
    return;

  /* libadwaita's own toast; its close button is libadwaita's to name */
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget"))
    return;

  /* An expander row's own stop opens it; the rows inside are its fields */
  if (GTK_IS_LIST_BOX_ROW (widget) && !ADW_IS_ENTRY_ROW (widget) && !ADW_IS_EXPANDER_ROW (widget) &&
      gtk_widget_get_focusable (widget) && holds_field (widget))
    g_error ("the row “%s” in %s is a Tab stop of its own beside its field",
             ADW_IS_PREFERENCES_ROW (widget) ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)) : "",
             G_OBJECT_TYPE_NAME (gtk_widget_get_root (widget)));

  /* A row the keyboard reaches has something to read: a title or a name
   * (a text in its place, such as "No notes yet", is no row) */
  if (GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_focusable (widget) &&
      !(ADW_IS_PREFERENCES_ROW (widget) && adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)) != NULL &&
        adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))[0] != '\0') &&
      !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    g_error ("a row in %s is a Tab stop with no name", G_OBJECT_TYPE_NAME (gtk_widget_get_root (widget)));

  /* A combo row is named by its title; inside, a list shows its choice */
  if (ADW_IS_COMBO_ROW (widget))
    {
      g_assert_nonnull (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
      return;
    }

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
      g_error ("%s in %s has no accessible name", G_OBJECT_TYPE_NAME (widget),
               G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (widget))));
}

void
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

  settle ();
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* A window GTK has not drawn since it changed has nothing to show yet */
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node, NULL);
  path = g_build_filename (target, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The newest toplevel of @type, e.g. a dialog the last action opened */
GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (g_type_is_a (G_OBJECT_TYPE (window), type))
        return GTK_WIDGET (window);
    }

  return NULL;
}

gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Activates an action of @window that closes it, and waits until it has */
void
activate_until_closed (GtkWidget  *window,
                       const char *action)
{
  gpointer pointer = window;

  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  gtk_widget_activate_action (window, action, NULL);
  spin_until (is_gone, &pointer);
}

GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type,
                 const char *label)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type) &&
      (label == NULL || (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)))
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = gtk_widget_get_visible (c) ? find_descendant (c, type, label) : NULL;

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
collect_descendants (GtkWidget *widget,
                     GType      type,
                     GPtrArray *found)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      if (!gtk_widget_get_visible (c))
        continue;
      if (g_type_is_a (G_OBJECT_TYPE (c), type))
        g_ptr_array_add (found, c);
      else
        collect_descendants (c, type, found);
    }
}

/* The @n-th visible widget of @type under @widget, in depth-first order */
GtkWidget *
nth_descendant (GtkWidget *widget,
                GType      type,
                guint      n)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_descendants (widget, type, found);
  g_assert_cmpuint (n, <, found->len);
  return found->pdata[n];
}

/* Answers the open message dialog and waits until it is gone */
void
respond_to_dialog (const char *response)
{
  GtkWidget *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gpointer pointer = dialog;

  g_assert_nonnull (dialog);
  spin_until (is_mapped, dialog);
  assert_accessible_names (dialog);
  assert_distinct_responses (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), &pointer);
  /* What the response's button does; Lysning's dialogs close themselves
   * once answered */
  g_object_ref (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  g_object_unref (dialog);
  spin_until (is_gone, &pointer);
}

/* A refusal is shown in full, saying why */
void
dismiss_alert (const char *expected)
{
  GtkWidget *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), expected));
  respond_to_dialog ("close");
}

/* What is ready to run now, and no more: what a key queued, not the next
 * frames of an animation it started */
static void
run_ready (void)
{
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* What the Tab key does: GtkWindow binds it to move-focus */
void
press_tab (GtkWidget *window)
{
  g_assert_true (GTK_IS_WINDOW (window));
  g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
  run_ready ();
}

/* Keys typed go where the focus is; a row or a button takes no text, and
 * so a digit typed while it has the focus is lost, as it would be */
void
type_to_focus (GtkWidget  *window,
               const char *text)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  if (focus != NULL && GTK_IS_EDITABLE (focus) && gtk_editable_get_editable (GTK_EDITABLE (focus)))
    {
      int position = gtk_editable_get_position (GTK_EDITABLE (focus));

      gtk_editable_insert_text (GTK_EDITABLE (focus), text, -1, &position);
      gtk_editable_set_position (GTK_EDITABLE (focus), position);
    }
  run_ready ();
}

void
click_dialog_button (const char *label)
{
  GtkWidget *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  GtkWidget *button;
  gpointer pointer = dialog;

  g_assert_nonnull (dialog);
  spin_until (is_mapped, dialog);
  assert_distinct_responses (dialog);
  button = find_descendant (dialog, GTK_TYPE_BUTTON, label);
  g_assert_nonnull (button);
  g_object_add_weak_pointer (G_OBJECT (dialog), &pointer);
  g_signal_emit_by_name (button, "clicked");
  spin_until (is_gone, &pointer);
}

static gunichar
mnemonic_key (const char *label)
{
  const char *underscore = strchr (label, '_');

  return underscore != NULL ? g_unichar_tolower (g_utf8_get_char (underscore + 1)) : 0;
}

void
assert_distinct_responses (GtkWidget *dialog)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gpointer *labels = NULL;
  guint n_labels, least = G_MAXUINT;

  /* libadwaita lays the answers out twice, in a row and in a column: each
   * answer's label stands the same number of times */
  collect_descendants (dialog, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      const char *label = gtk_button_get_label (buttons->pdata[i]);

      if (label != NULL && gtk_button_get_use_underline (buttons->pdata[i]))
        g_hash_table_insert (counts, (gpointer) label,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, label)) + 1));
    }
  labels = g_hash_table_get_keys_as_array (counts, &n_labels);
  for (guint i = 0; i < n_labels; i++)
    least = MIN (least, GPOINTER_TO_UINT (g_hash_table_lookup (counts, labels[i])));

  for (guint i = 0; i < n_labels; i++)
    {
      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, labels[i])) > least)
        g_error ("two answers of “%s” read “%s”", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                 (char *) labels[i]);
      for (guint j = i + 1; j < n_labels; j++)
        if (mnemonic_key (labels[i]) != 0 && mnemonic_key (labels[i]) == mnemonic_key (labels[j]))
          g_error ("“%s” and “%s” in “%s” answer to the same key", (char *) labels[i], (char *) labels[j],
                   adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)));
    }
}

void
show_area (GtkWidget  *window,
           const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (child (window, LYS_TYPE_WINDOW, "view_stack"));

  gtk_widget_activate_action (window, "win.area", "s", name);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, name);
  spin_until (is_mapped, adw_view_stack_get_visible_child (stack));
}

void
test_gui_init (int    *argc,
               char ***argv)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LYSNING_LOCALEDIR") ? g_getenv ("LYSNING_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (argc, argv, NULL);
  setlocale (LC_ALL, "");   /* gtk_test_init() chose the C locale */
  adw_init ();

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* The visible widgets under @widget with @css_class, not looking inside
 * one found */
void
collect_css_class (GtkWidget  *widget,
                   const char *css_class,
                   GPtrArray  *found)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      if (!gtk_widget_get_visible (c))
        continue;
      if (gtk_widget_has_css_class (c, css_class))
        g_ptr_array_add (found, c);
      else
        collect_css_class (c, css_class, found);
    }
}

/* The action rows of a list */
guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    n += ADW_IS_ACTION_ROW (c);
  return n;
}

/* A reading typed into the bedside record's fields, then Enter */
void
type_reading (GtkWidget  *window,
              const char *systolic,
              const char *diastolic,
              const char *pulse,
              const char *spo2)
{
  GtkWidget *box = child (window, LYS_TYPE_INFUSION_WINDOW, "reading_box");
  const char *values[] = { systolic, diastolic, pulse, spo2 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    gtk_editable_set_text (GTK_EDITABLE (nth_descendant (box, GTK_TYPE_ENTRY, i)), values[i]);
  /* Enter in the last field records the reading */
  g_signal_emit_by_name (nth_descendant (box, GTK_TYPE_ENTRY, 3), "activate");
}
