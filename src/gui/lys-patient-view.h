/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lys-store.h"

G_BEGIN_DECLS

/* What the per-patient areas share: they show the selected patient only while
 * on screen, and each showing is a logged read of the record. A record whose
 * read cannot be logged is not shown. A change to the patient shown (the
 * store's ::patient-changed) shows it again. */

typedef void (*LysPatientViewShowFunc) (gpointer    user_data,
                                        LysStore   *store,
                                        LysPatient *patient);

typedef struct
{
  GtkWidget *widget;
  LysStore *store;
  LysPatient *patient;
  LysPatient *shown;
  const char *what;
  LysPatientViewShowFunc show;
  gpointer user_data;
} LysPatientView;

void lys_patient_view_init        (LysPatientView         *view,
                                   GtkWidget              *widget,
                                   const char             *what,
                                   LysPatientViewShowFunc  show,
                                   gpointer                user_data);
void lys_patient_view_clear       (LysPatientView         *view);
void lys_patient_view_set_store   (LysPatientView         *view,
                                   LysStore               *store);
void lys_patient_view_set_patient (LysPatientView         *view,
                                   LysPatient             *patient);

G_END_DECLS
