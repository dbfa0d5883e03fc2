/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lys-patient-view.h"
#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_PATIENT_PAGE (lys_patient_page_get_type ())

G_DECLARE_INTERFACE (LysPatientPage, lys_patient_page, LYS, PATIENT_PAGE, GtkWidget)

/* An area of the main window that follows the patient selected in the
 * list: LysWindow gives each the clinic and the patient through this.
 *
 * A page that shows the record through a LysPatientView sets view_offset
 * to where its instance keeps it; set_store () and set_patient (), when a
 * page has them, are called first, for what else the page keeps or for a
 * page that reads the record its own way. */
struct _LysPatientPageInterface
{
  GTypeInterface parent_iface;

  gsize           view_offset;
  void            (*set_store)   (LysPatientPage *self,
                                  LysStore       *store);
  void            (*set_patient) (LysPatientPage *self,
                                  LysPatient     *patient);
};

void lys_patient_page_set_store   (LysPatientPage *self,
                                   LysStore       *store);
void lys_patient_page_set_patient (LysPatientPage *self,
                                   LysPatient     *patient);

G_END_DECLS
