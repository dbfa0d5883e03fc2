/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-appointment"

#include "config.h"

#include "lys-appointment.h"

/* A booking as a list shows it: read-only, built by the store. */
struct _LysAppointment
{
  GObject parent_instance;

  gint64 id;
  LysAppointmentKind kind;
  LysAppointmentState state;
  GDateTime *starts_at;
  GDateTime *ends_at;
  gint64 room_id;
  char *room_name;
  char *patient_name;
  char *staff_names;
};

G_DEFINE_FINAL_TYPE (LysAppointment, lys_appointment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_STATE,
  PROP_STARTS_AT,
  PROP_ENDS_AT,
  PROP_ROOM_ID,
  PROP_ROOM_NAME,
  PROP_PATIENT_NAME,
  PROP_STAFF_NAMES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lys_appointment_finalize (GObject *object)
{
  LysAppointment *self = (LysAppointment *) object;

  g_clear_pointer (&self->starts_at, g_date_time_unref);
  g_clear_pointer (&self->ends_at, g_date_time_unref);
  g_free (self->room_name);
  g_free (self->patient_name);
  g_free (self->staff_names);

  G_OBJECT_CLASS (lys_appointment_parent_class)->finalize (object);
}

static void
lys_appointment_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LysAppointment *self = LYS_APPOINTMENT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_KIND: g_value_set_uint (value, self->kind); break;
    case PROP_STATE: g_value_set_uint (value, self->state); break;
    case PROP_STARTS_AT: g_value_set_boxed (value, self->starts_at); break;
    case PROP_ENDS_AT: g_value_set_boxed (value, self->ends_at); break;
    case PROP_ROOM_ID: g_value_set_int64 (value, self->room_id); break;
    case PROP_ROOM_NAME: g_value_set_string (value, self->room_name); break;
    case PROP_PATIENT_NAME: g_value_set_string (value, self->patient_name); break;
    case PROP_STAFF_NAMES: g_value_set_string (value, self->staff_names); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lys_appointment_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LysAppointment *self = LYS_APPOINTMENT (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_get_int64 (value); break;
    case PROP_KIND: self->kind = g_value_get_uint (value); break;
    case PROP_STATE: self->state = g_value_get_uint (value); break;
    case PROP_STARTS_AT: self->starts_at = g_value_dup_boxed (value); break;
    case PROP_ENDS_AT: self->ends_at = g_value_dup_boxed (value); break;
    case PROP_ROOM_ID: self->room_id = g_value_get_int64 (value); break;
    case PROP_ROOM_NAME: self->room_name = g_value_dup_string (value); break;
    case PROP_PATIENT_NAME: self->patient_name = g_value_dup_string (value); break;
    case PROP_STAFF_NAMES: self->staff_names = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lys_appointment_class_init (LysAppointmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lys_appointment_finalize;
  object_class->get_property = lys_appointment_get_property;
  object_class->set_property = lys_appointment_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_KIND] = g_param_spec_uint ("kind", NULL, NULL, 0, LYS_N_APPOINTMENT_KINDS - 1, 0, flags);
  properties[PROP_STATE] = g_param_spec_uint ("state", NULL, NULL, 0, LYS_N_APPOINTMENT_STATES - 1, 0, flags);
  properties[PROP_STARTS_AT] = g_param_spec_boxed ("starts-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ENDS_AT] = g_param_spec_boxed ("ends-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ROOM_ID] = g_param_spec_int64 ("room-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ROOM_NAME] = g_param_spec_string ("room-name", NULL, NULL, NULL, flags);
  properties[PROP_PATIENT_NAME] = g_param_spec_string ("patient-name", NULL, NULL, NULL, flags);
  properties[PROP_STAFF_NAMES] = g_param_spec_string ("staff-names", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lys_appointment_init (LysAppointment *self)
{
}

gint64
lys_appointment_get_id (LysAppointment *self)
{
  g_return_val_if_fail (LYS_IS_APPOINTMENT (self), 0);
  return self->id;
}

LysAppointmentKind
lys_appointment_get_kind (LysAppointment *self)
{
  g_return_val_if_fail (LYS_IS_APPOINTMENT (self), 0);
  return self->kind;
}

LysAppointmentState
lys_appointment_get_state (LysAppointment *self)
{
  g_return_val_if_fail (LYS_IS_APPOINTMENT (self), 0);
  return self->state;
}

GDateTime *
lys_appointment_get_starts_at (LysAppointment *self)
{
  g_return_val_if_fail (LYS_IS_APPOINTMENT (self), NULL);
  return self->starts_at;
}

GDateTime *
lys_appointment_get_ends_at (LysAppointment *self)
{
  g_return_val_if_fail (LYS_IS_APPOINTMENT (self), NULL);
  return self->ends_at;
}

/* Returns: the room's id, or 0 for a session without a room */
gint64
lys_appointment_get_room_id (LysAppointment *self)
{
  g_return_val_if_fail (LYS_IS_APPOINTMENT (self), 0);
  return self->room_id;
}

const char *
lys_appointment_get_room_name (LysAppointment *self)
{
  g_return_val_if_fail (LYS_IS_APPOINTMENT (self), NULL);
  return self->room_name;
}

const char *
lys_appointment_get_patient_name (LysAppointment *self)
{
  g_return_val_if_fail (LYS_IS_APPOINTMENT (self), NULL);
  return self->patient_name;
}

const char *
lys_appointment_get_staff_names (LysAppointment *self)
{
  g_return_val_if_fail (LYS_IS_APPOINTMENT (self), NULL);
  return self->staff_names;
}

/**
 * lys_appointment_same: (skip)
 *
 * A #LysSameFunc: whether @a and @b are the same booking, shown the same
 * way (time, kind, state, room, patient and staff)
 */
gboolean
lys_appointment_same (gpointer a,
                      gpointer b,
                      gpointer user_data)
{
  LysAppointment *x = a;
  LysAppointment *y = b;

  g_return_val_if_fail (LYS_IS_APPOINTMENT (x) && LYS_IS_APPOINTMENT (y), FALSE);

  return x->id == y->id && x->kind == y->kind && x->state == y->state && x->room_id == y->room_id &&
         g_date_time_equal (x->starts_at, y->starts_at) && g_date_time_equal (x->ends_at, y->ends_at) &&
         g_strcmp0 (x->room_name, y->room_name) == 0 && g_strcmp0 (x->patient_name, y->patient_name) == 0 &&
         g_strcmp0 (x->staff_names, y->staff_names) == 0;
}
