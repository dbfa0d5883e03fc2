/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-induction-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-appointment-row.h"
#include "lys-booking-window.h"
#include "lys-dose.h"
#include "lys-induction-page.h"
#include "lys-patient-page.h"
#include "lys-patient-view.h"
#include "lys-plan-window.h"

/* The Induction plan area: the infusions of the selected patient's current
 * course as a timeline, each with its state and what it still needs, the
 * places of infusions not yet booked, and the plan that books them. */
struct _LysInductionPage
{
  AdwBin parent_instance;

  LysPatientView view;

  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwStatusPage *not_ready_page;
  AdwPreferencesGroup *plan_group;
  GtkListBox *plan_list;
  GtkButton *plan_button;
  GtkButton *maintenance_button;
};

static void lys_induction_page_patient_page_init (LysPatientPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LysInductionPage, lys_induction_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LYS_TYPE_PATIENT_PAGE, lys_induction_page_patient_page_init))

static void
toast (LysInductionPage *self,
       const char       *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* What stands before a planned infusion can start */
static char *
describe_needs (LysPreparationStatus *status)
{
  g_autoptr(GPtrArray) needs = g_ptr_array_new ();

  if (!status->consent_recorded)
    g_ptr_array_add (needs, (gpointer) _("the off-label consent on record"));
  if (!status->eligibility_signed)
    g_ptr_array_add (needs, (gpointer) _("a signed eligibility assessment"));
  if (needs->len == 0)
    return g_strdup (_("Ready: consent and eligibility are on record"));

  g_ptr_array_add (needs, NULL);
  {
    /* Translators: the separator between things a session needs */
    g_autofree char *list = g_strjoinv (_(", "), (char **) needs->pdata);

    /* Translators: %s lists what is missing, e.g. "the off-label consent on record" */
    return g_strdup_printf (_("Needs before it starts: %s"), list);
  }
}

static const LysStoppedInfusion *
find_stopped (GArray *stopped,
              gint64  appointment_id)
{
  for (guint i = 0; stopped != NULL && i < stopped->len; i++)
    if (g_array_index (stopped, LysStoppedInfusion, i).appointment_id == appointment_id)
      return &g_array_index (stopped, LysStoppedInfusion, i);
  return NULL;
}

/* What an infusion stopped early gave, and what it means for the course */
static char *
describe_stop (const LysStoppedInfusion *stop,
               guint                     course_total)
{
  g_autofree char *given = lys_dose_format_total (stop->given_mg);
  g_autofree char *planned = lys_dose_format_total (stop->total_mg);

  if (stop->counts)
    /* Translators: "Stopped early: 30 mg of 40 mg given. It counts towards the course." */
    return g_strdup_printf (_("Stopped early: %s of %s given. It counts towards the course."), given, planned);
  return g_strdup_printf (ngettext ("Stopped early: %s of %s given. It does not count towards the course’s %u infusion; another is planned in its place.",
                                    "Stopped early: %s of %s given. It does not count towards the course’s %u infusions; another is planned in its place.",
                                    course_total),
                          given, planned, course_total);
}

static GtkWidget *
make_unbooked_row (guint number,
                   guint total)
{
  /* Translators: "Infusion 5 of 6" */
  g_autofree char *title = g_strdup_printf (_("Infusion %u of %u"), number, total);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (_("Not booked"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Needs a time, a room, a physician or nurse and a certified psychologist"));
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "appointment-state");
  gtk_widget_add_css_class (label, "cancelled");
  gtk_widget_add_css_class (label, "caption-heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static void
show_patient (gpointer    user_data,
              LysStore   *store,
              LysPatient *patient)
{
  LysInductionPage *self = user_data;
  g_autoptr(GListModel) infusions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *needs = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GArray) stopped = NULL;
  LysPreparationStatus status = { 0 };
  guint n, counted = 0, missing, total;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->plan_list))) != NULL)
    gtk_list_box_remove (self->plan_list, child);

  if (patient == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-patient");
      return;
    }

  name = lys_patient_dup_display_name (patient);
  if (!lys_store_get_preparation_status (store, lys_patient_get_id (patient), &status, &error))
    {
      adw_status_page_set_title (self->not_ready_page, _("The Course Cannot Be Shown"));
      adw_status_page_set_description (self->not_ready_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "not-ready");
      return;
    }

  if (status.phase == LYS_PHASE_PREPARATION)
    {
      /* Translators: %s is the patient's name */
      description = g_strdup_printf (_("%s is still in preparation. The infusions are planned once the induction is started from the Preparation area."),
                                     name);
      adw_status_page_set_title (self->not_ready_page, _("Not Ready for Induction"));
      adw_status_page_set_description (self->not_ready_page, description);
      gtk_stack_set_visible_child_name (self->stack, "not-ready");
      lys_preparation_status_clear (&status);
      return;
    }

  infusions = lys_store_list_course_infusions (store, lys_patient_get_id (patient), &error);
  if (infusions == NULL)
    {
      adw_status_page_set_title (self->not_ready_page, _("The Course Cannot Be Shown"));
      adw_status_page_set_description (self->not_ready_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "not-ready");
      lys_preparation_status_clear (&status);
      return;
    }

  needs = describe_needs (&status);
  stopped = lys_store_list_stopped_infusions (store, lys_patient_get_id (patient), NULL);
  missing = status.phase == LYS_PHASE_INDUCTION ? lys_store_count_missing_infusions (store, lys_patient_get_id (patient), NULL) : 0;
  n = g_list_model_get_n_items (infusions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LysAppointment) infusion = g_list_model_get_item (infusions, i);
      LysAppointmentState state = lys_appointment_get_state (infusion);
      const LysStoppedInfusion *stop = find_stopped (stopped, lys_appointment_get_id (infusion));

      if ((state == LYS_APPOINTMENT_PLANNED || state == LYS_APPOINTMENT_DONE) && (stop == NULL || stop->counts))
        counted++;
    }
  total = status.phase == LYS_PHASE_INDUCTION ? counted + missing : counted;

  counted = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LysAppointment) infusion = g_list_model_get_item (infusions, i);
      LysAppointmentState state = lys_appointment_get_state (infusion);
      const LysStoppedInfusion *stop = find_stopped (stopped, lys_appointment_get_id (infusion));
      g_autofree char *title = NULL;
      g_autofree char *stop_note = NULL;
      LysAppointmentRow *row;

      if (stop != NULL)
        stop_note = describe_stop (stop, (guint) lys_store_get_setting (store, LYS_SETTING_COURSE_INFUSIONS));
      if (stop != NULL && !stop->counts)
        title = g_strdup (_("Stopped infusion"));
      else if (state == LYS_APPOINTMENT_PLANNED || state == LYS_APPOINTMENT_DONE)
        /* Translators: "Infusion 3 of 6" */
        title = g_strdup_printf (_("Infusion %u of %u"), ++counted, total);
      else if (state == LYS_APPOINTMENT_MISSED)
        title = g_strdup (_("Missed infusion"));
      else
        title = g_strdup (_("Cancelled infusion"));

      row = lys_appointment_row_new (infusion, title, TRUE);
      if (state == LYS_APPOINTMENT_PLANNED)
        lys_appointment_row_set_note (row, needs);
      else if (stop_note != NULL)
        {
          lys_appointment_row_set_note (row, stop_note);
          lys_appointment_row_set_stopped (row);
        }
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->plan_list, GTK_WIDGET (row));
    }
  for (guint i = 0; i < missing; i++)
    gtk_list_box_append (self->plan_list, make_unbooked_row (counted + i + 1, total));

  adw_preferences_group_set_title (self->plan_group, name);
  if (status.phase == LYS_PHASE_INDUCTION)
    description = g_strdup_printf (ngettext ("Induction course: %u of %u infusion booked or given",
                                             "Induction course: %u of %u infusions booked or given", total),
                                   counted, total);
  else
    /* Translators: %s is a course phase, e.g. "Maintenance" */
    description = g_strdup_printf (_("Current course: %s"), lys_phase_get_label (status.phase));
  adw_preferences_group_set_description (self->plan_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_button), missing > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->maintenance_button),
                          status.phase == LYS_PHASE_INDUCTION && missing == 0);
  gtk_stack_set_visible_child_name (self->stack, "plan");
  lys_preparation_status_clear (&status);
}

static void
on_done_cb (GtkWidget        *window,
            const char       *message,
            LysInductionPage *self)
{
  toast (self, message);
}

static void
on_row_activated_cb (GtkListBox       *list,
                     GtkListBoxRow    *row,
                     LysInductionPage *self)
{
  LysAppointment *appointment;
  LysBookingWindow *window;

  /* The rows of infusions not booked yet open nothing */
  if (!LYS_IS_APPOINTMENT_ROW (row))
    return;
  appointment = lys_appointment_row_get_appointment (LYS_APPOINTMENT_ROW (row));

  window = lys_booking_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->view.store,
                                   appointment);
  g_signal_connect_object (window, "done", G_CALLBACK (on_done_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
plan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysInductionPage *self = LYS_INDUCTION_PAGE (widget);
  LysPlanWindow *window;

  if (self->view.shown == NULL)
    return;

  window = lys_plan_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->view.store, self->view.shown);
  g_signal_connect_object (window, "done", G_CALLBACK (on_done_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_maintenance_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            LysInductionPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "start") || self->view.shown == NULL)
    return;

  if (!lys_store_start_maintenance (self->view.store, lys_patient_get_id (self->view.shown), &error))
    lys_alert (GTK_WIDGET (self), _("No Maintenance Course Was Started"), error->message);
  else
    toast (self, _("Maintenance course started"));
}

static void
maintenance_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LysInductionPage *self = LYS_INDUCTION_PAGE (widget);
  AdwMessageDialog *dialog;

  dialog = lys_alert_new_dialog (widget,
                                 _("Start a Maintenance Course?"),
                                 _("The induction course has all its infusions. Further (booster) infusions are booked in a maintenance course, which this starts."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "start", _("_Start Maintenance Course"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "start");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_maintenance_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}


static void
lys_induction_page_patient_page_init (LysPatientPageInterface *iface)
{
  iface->view_offset = G_STRUCT_OFFSET (LysInductionPage, view);
}

static void
lys_induction_page_dispose (GObject *object)
{
  LysInductionPage *self = LYS_INDUCTION_PAGE (object);

  lys_patient_view_clear (&self->view);
  /* AdwBin releases the template's child itself */

  G_OBJECT_CLASS (lys_induction_page_parent_class)->dispose (object);
}

static void
lys_induction_page_class_init (LysInductionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_induction_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-induction-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, not_ready_page);
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, plan_group);
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, plan_list);
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, plan_button);
  gtk_widget_class_bind_template_child (widget_class, LysInductionPage, maintenance_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "induction.plan", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "induction.maintenance", NULL, maintenance_action);
}

static void
lys_induction_page_init (LysInductionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lys_patient_view_init (&self->view, GTK_WIDGET (self), "induction-plan", show_patient, self);
}
