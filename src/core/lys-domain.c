/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-domain"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-domain.h"

typedef struct
{
  const char *nick;
  const char *label;
} Term;

static const Term roles[LYS_N_ROLES] = {
  { "psychologist", N_("Psychologist") },
  { "physician", N_("Physician") },
  { "nurse", N_("Nurse") },
  { "coordinator", N_("Clinic coordinator") },
};

static const Term phases[LYS_N_PHASES] = {
  /* Translators: the phases of a ketamine treatment course */
  { "preparation", N_("Preparation") },
  { "induction", N_("Induction") },
  { "maintenance", N_("Maintenance") },
  { "completed", N_("Completed") },
  { "stopped", N_("Stopped") },
};

static const Term appointment_kinds[LYS_N_APPOINTMENT_KINDS] = {
  { "preparation", N_("Preparation session") },
  { "infusion", N_("Infusion") },
  { "integration", N_("Integration session") },
  { "group-integration", N_("Group integration session") },
  { "follow-up", N_("Follow-up") },
};

static const Term appointment_states[LYS_N_APPOINTMENT_STATES] = {
  /* Translators: state of a booked session */
  { "planned", N_("Planned") },
  { "done", N_("Done") },
  { "missed", N_("Missed") },
  { "cancelled", N_("Cancelled") },
};

static const Term note_statuses[LYS_N_NOTE_STATUSES] = {
  /* Translators: an unsigned therapy note */
  { "draft", N_("Draft") },
  /* Translators: a signed, locked therapy note */
  { "signed", N_("Signed") },
};

static gboolean
lookup (const Term *terms,
        guint       n_terms,
        const char *nick,
        guint      *index)
{
  if (nick == NULL)
    return FALSE;

  for (guint i = 0; i < n_terms; i++)
    {
      if (g_str_equal (terms[i].nick, nick))
        {
          *index = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_TERMS(Type, prefix, table, count)                        \
  const char *                                                          \
  prefix##_to_nick (Type value)                                         \
  {                                                                     \
    g_return_val_if_fail ((guint) value < count, NULL);                 \
    return table[value].nick;                                           \
  }                                                                     \
  gboolean                                                              \
  prefix##_from_nick (const char *nick,                                 \
                      Type       *value)                                \
  {                                                                     \
    guint index;                                                        \
    if (!lookup (table, count, nick, &index))                           \
      return FALSE;                                                     \
    *value = (Type) index;                                              \
    return TRUE;                                                        \
  }                                                                     \
  const char *                                                          \
  prefix##_get_label (Type value)                                       \
  {                                                                     \
    g_return_val_if_fail ((guint) value < count, NULL);                 \
    return _(table[value].label);                                       \
  }

DEFINE_TERMS (LysRole, lys_role, roles, LYS_N_ROLES)
DEFINE_TERMS (LysPhase, lys_phase, phases, LYS_N_PHASES)
DEFINE_TERMS (LysAppointmentKind, lys_appointment_kind, appointment_kinds, LYS_N_APPOINTMENT_KINDS)
DEFINE_TERMS (LysAppointmentState, lys_appointment_state, appointment_states, LYS_N_APPOINTMENT_STATES)
DEFINE_TERMS (LysNoteStatus, lys_note_status, note_statuses, LYS_N_NOTE_STATUSES)
