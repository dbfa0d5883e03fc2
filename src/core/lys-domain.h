/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The closed vocabularies of the clinic. The database stores the nick
 * (e.g. "psychologist"); the GUI shows the translated label. */

typedef enum
{
  LYS_ROLE_PSYCHOLOGIST,
  LYS_ROLE_PHYSICIAN,
  LYS_ROLE_NURSE,
  LYS_ROLE_COORDINATOR,
  LYS_N_ROLES
} LysRole;

typedef enum
{
  LYS_PHASE_PREPARATION,
  LYS_PHASE_INDUCTION,
  LYS_PHASE_MAINTENANCE,
  LYS_PHASE_COMPLETED,
  LYS_PHASE_STOPPED,
  LYS_N_PHASES
} LysPhase;

typedef enum
{
  LYS_APPOINTMENT_PREPARATION,
  LYS_APPOINTMENT_INFUSION,
  LYS_APPOINTMENT_INTEGRATION,
  LYS_APPOINTMENT_GROUP_INTEGRATION,
  LYS_APPOINTMENT_FOLLOW_UP,
  LYS_N_APPOINTMENT_KINDS
} LysAppointmentKind;

typedef enum
{
  LYS_APPOINTMENT_PLANNED,
  LYS_APPOINTMENT_DONE,
  LYS_APPOINTMENT_MISSED,
  LYS_APPOINTMENT_CANCELLED,
  LYS_N_APPOINTMENT_STATES
} LysAppointmentState;

typedef enum
{
  LYS_NOTE_DRAFT,
  LYS_NOTE_SIGNED,
  LYS_N_NOTE_STATUSES
} LysNoteStatus;

const char *lys_role_to_nick              (LysRole             role);
gboolean    lys_role_from_nick            (const char         *nick,
                                           LysRole            *role);
const char *lys_role_get_label            (LysRole             role);

const char *lys_phase_to_nick             (LysPhase            phase);
gboolean    lys_phase_from_nick           (const char         *nick,
                                           LysPhase           *phase);
const char *lys_phase_get_label           (LysPhase            phase);

const char *lys_appointment_kind_to_nick   (LysAppointmentKind  kind);
gboolean    lys_appointment_kind_from_nick (const char         *nick,
                                            LysAppointmentKind *kind);
const char *lys_appointment_kind_get_label (LysAppointmentKind  kind);

const char *lys_appointment_state_to_nick   (LysAppointmentState  state);
gboolean    lys_appointment_state_from_nick (const char          *nick,
                                             LysAppointmentState *state);
const char *lys_appointment_state_get_label (LysAppointmentState  state);

const char *lys_note_status_to_nick       (LysNoteStatus       status);
gboolean    lys_note_status_from_nick     (const char         *nick,
                                           LysNoteStatus      *status);
const char *lys_note_status_get_label     (LysNoteStatus       status);

G_END_DECLS
