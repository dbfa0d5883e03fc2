/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-staff"

#include "config.h"

#include "lys-i18n.h"

#include "lys-error.h"
#include "lys-staff.h"

gboolean
lys_staff_may (LysRole       role,
               gboolean      kap_certified,
               LysStaffTask  task)
{
  switch (task)
    {
    case LYS_TASK_DRUG:
      return role == LYS_ROLE_PHYSICIAN || role == LYS_ROLE_NURSE;
    case LYS_TASK_PSYCHOLOGIST:
      return role == LYS_ROLE_PSYCHOLOGIST && kap_certified;
    case LYS_TASK_THERAPIST:
      return role == LYS_ROLE_PSYCHOLOGIST;
    case LYS_N_TASKS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * lys_staff_check_task:
 * @name: the staff member's name, for the message
 *
 * Refuses, saying whom to choose instead, a staff member who may not take
 * @task.
 */
gboolean
lys_staff_check_task (const char    *name,
                      LysRole        role,
                      gboolean       kap_certified,
                      LysStaffTask   task,
                      GError       **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (task < LYS_N_TASKS, FALSE);

  if (lys_staff_may (role, kap_certified, task))
    return TRUE;

  switch (task)
    {
    case LYS_TASK_DRUG:
      /* Translators: %s is a staff member's name */
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("%s is not a physician or nurse and cannot give the drug. Choose a physician or nurse."), name);
      break;
    case LYS_TASK_PSYCHOLOGIST:
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("%s is not a KAP-certified psychologist. An infusion needs one in the room."), name);
      break;
    case LYS_TASK_THERAPIST:
    case LYS_N_TASKS:
    default:
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("%s is not a psychologist. Therapy sessions are held by psychologists."), name);
      break;
    }

  return FALSE;
}
