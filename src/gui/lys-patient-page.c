/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-patient-page"

#include "config.h"

#include "lys-patient-page.h"

G_DEFINE_INTERFACE (LysPatientPage, lys_patient_page, GTK_TYPE_WIDGET)

static void
lys_patient_page_default_init (LysPatientPageInterface *iface)
{
}

static LysPatientView *
get_view (LysPatientPage          *self,
          LysPatientPageInterface *iface)
{
  return iface->view_offset != 0 ? &G_STRUCT_MEMBER (LysPatientView, self, iface->view_offset) : NULL;
}

void
lys_patient_page_set_store (LysPatientPage *self,
                            LysStore       *store)
{
  LysPatientPageInterface *iface;

  g_return_if_fail (LYS_IS_PATIENT_PAGE (self));
  g_return_if_fail (store == NULL || LYS_IS_STORE (store));

  iface = LYS_PATIENT_PAGE_GET_IFACE (self);
  if (iface->set_store != NULL)
    iface->set_store (self, store);
  if (get_view (self, iface) != NULL)
    lys_patient_view_set_store (get_view (self, iface), store);
}

/**
 * lys_patient_page_set_patient:
 * @patient: (nullable): the patient selected, or %NULL for none
 *
 * The page shows @patient's record when it is on screen, and the read is
 * logged then, not before.
 */
void
lys_patient_page_set_patient (LysPatientPage *self,
                              LysPatient     *patient)
{
  LysPatientPageInterface *iface;

  g_return_if_fail (LYS_IS_PATIENT_PAGE (self));
  g_return_if_fail (patient == NULL || LYS_IS_PATIENT (patient));

  iface = LYS_PATIENT_PAGE_GET_IFACE (self);
  if (iface->set_patient != NULL)
    iface->set_patient (self, patient);
  if (get_view (self, iface) != NULL)
    lys_patient_view_set_patient (get_view (self, iface), patient);
}
