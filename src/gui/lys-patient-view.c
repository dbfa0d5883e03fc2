/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-patient-view"

#include "config.h"

#include "lys-patient-view.h"

static void
update (LysPatientView *view)
{
  g_autoptr(GError) error = NULL;

  if (view->store == NULL || !gtk_widget_get_mapped (view->widget) || view->shown == view->patient)
    return;

  g_set_object (&view->shown, view->patient);
  if (view->patient == NULL)
    {
      view->show (view->user_data, view->store, NULL);
      return;
    }

  /* What the page reads and the audit row that logs it are one
   * transaction; if it does not land, nothing of it is shown (nothing is
   * drawn before this returns) */
  if (lys_store_begin_read (view->store, &error))
    {
      view->show (view->user_data, view->store, view->shown);
      if (lys_store_end_read (view->store,
                              lys_store_log_patient_read (view->store, lys_patient_get_id (view->patient), view->what,
                                                          &error),
                              &error))
        return;
    }
  g_warning ("A patient's record was not shown: its read could not be logged: %s", error->message);
  g_clear_object (&view->shown);
  view->show (view->user_data, view->store, NULL);
}

static void
on_map_cb (GtkWidget      *widget,
           LysPatientView *view)
{
  update (view);
}

void
lys_patient_view_init (LysPatientView         *view,
                       GtkWidget              *widget,
                       const char             *what,
                       LysPatientViewShowFunc  show,
                       gpointer                user_data)
{
  *view = (LysPatientView) {
    .widget = widget,
    .what = what,
    .show = show,
    .user_data = user_data,
  };

  g_signal_connect (widget, "map", G_CALLBACK (on_map_cb), view);
}

/* The shown patient changed elsewhere (another window, a signature): shown
 * again, without a new read logged */
static void
on_patient_changed_cb (LysStore       *store,
                       gint64          patient_id,
                       LysPatientView *view)
{
  /* 0: any patient, after the clinic's server was away */
  if (view->shown != NULL && (lys_patient_get_id (view->shown) == patient_id || patient_id == 0))
    view->show (view->user_data, store, view->shown);
}

void
lys_patient_view_clear (LysPatientView *view)
{
  if (view->widget != NULL)
    g_signal_handlers_disconnect_by_data (view->widget, view);
  if (view->store != NULL)
    g_signal_handlers_disconnect_by_func (view->store, on_patient_changed_cb, view);
  g_clear_object (&view->store);
  g_clear_object (&view->patient);
  g_clear_object (&view->shown);
  view->widget = NULL;
}

void
lys_patient_view_set_store (LysPatientView *view,
                            LysStore       *store)
{
  if (view->store == store)
    return;
  if (view->store != NULL)
    g_signal_handlers_disconnect_by_func (view->store, on_patient_changed_cb, view);
  g_set_object (&view->store, store);
  if (store != NULL)
    g_signal_connect (store, "patient-changed", G_CALLBACK (on_patient_changed_cb), view);
  update (view);
}

void
lys_patient_view_set_patient (LysPatientView *view,
                              LysPatient     *patient)
{
  g_set_object (&view->patient, patient);
  update (view);
}
