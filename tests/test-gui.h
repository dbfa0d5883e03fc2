/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* For GUI tests: waiting on the main loop, finding widgets and windows,
 * answering dialogs, and the keyboard as a user types on it. */

/* Runs the main loop until @cond holds; the test fails when it does not
 * within five seconds */
#define await(cond) \
  G_STMT_START { \
    gint64 await_deadline_ = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; \
    while (!(cond)) \
      { \
        g_assert_cmpint (g_get_monotonic_time (), <, await_deadline_); \
        g_main_context_iteration (NULL, FALSE); \
        g_usleep (1000); \
      } \
  } G_STMT_END

void
spin_until (gboolean (*done) (gpointer), gpointer data);

void
settle (void);

void
spin (guint ms);

gboolean
is_mapped (gpointer widget);

gboolean
patients_listed (gpointer window);

GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *name);

void
assert_accessible_names (GtkWidget *widget);

void
save_screenshot (GtkWidget  *widget,
                 const char *name);

GtkWidget *
find_toplevel (GType type);

gboolean
is_gone (gpointer data);

void
activate_until_closed (GtkWidget  *window,
                       const char *action);

GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type,
                 const char *label);

guint
count_rows (GtkWidget *list);
void
type_reading (GtkWidget  *window,
              const char *systolic,
              const char *diastolic,
              const char *pulse,
              const char *spo2);
void
collect_css_class (GtkWidget  *widget,
                   const char *css_class,
                   GPtrArray  *found);
void
collect_descendants (GtkWidget *widget,
                     GType      type,
                     GPtrArray *found);

GtkWidget *
nth_descendant (GtkWidget *widget,
                GType      type,
                guint      n);

void
respond_to_dialog (const char *response);

void
dismiss_alert (const char *expected);

/* The responses of a message dialog read differently and answer to
 * different Alt keys */
void assert_distinct_responses (GtkWidget *dialog);

/* Clicks the button of the open message dialog labelled @label, as a user
 * does, and waits until the dialog is gone */
void click_dialog_button (const char *label);

/* Sets up a GUI test: the translations from the build, GTK in the user's
 * locale, libadwaita and the app's stylesheet, as the app has them */
void test_gui_init (int    *argc,
                    char ***argv);

/* Shows an area of the main window, e.g. "induction", and waits until it
 * is on screen */
void show_area (GtkWidget  *window,
                const char *name);

/* The keyboard: Tab as GtkWindow moves focus, and text typed into whatever
 * has the focus (nothing when that is no text field) */
void press_tab     (GtkWidget  *window);
void type_to_focus (GtkWidget  *window,
                    const char *text);

G_END_DECLS
