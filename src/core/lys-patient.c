/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-patient"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lys-patient.h"
#include "lys-text.h"

struct _LysPatient
{
  GObject parent_instance;

  gint64 id;
  gboolean registry_opt_out;
  char *strings[11];
  char *search_key;   /* folded "given family national-id" */
};

G_DEFINE_FINAL_TYPE (LysPatient, lys_patient, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REGISTRY_OPT_OUT,
  /* string properties, in the order of ->strings */
  PROP_NATIONAL_ID,
  PROP_GIVEN_NAME,
  PROP_FAMILY_NAME,
  PROP_BIRTH_DATE,
  PROP_PHASE,
  PROP_DIAGNOSIS,
  PROP_REFERRED_BY,
  PROP_PHONE,
  PROP_EMAIL,
  PROP_ESCORT_NAME,
  PROP_ESCORT_PHONE,
  PROP_DISPLAY_NAME,
  N_PROPS
};

#define FIRST_STRING PROP_NATIONAL_ID
#define STR(self, prop) ((self)->strings[(prop) - FIRST_STRING])

static GParamSpec *properties[N_PROPS];

static void
lys_patient_finalize (GObject *object)
{
  LysPatient *self = (LysPatient *) object;

  for (guint i = 0; i < G_N_ELEMENTS (self->strings); i++)
    g_free (self->strings[i]);
  g_free (self->search_key);

  G_OBJECT_CLASS (lys_patient_parent_class)->finalize (object);
}

static void
lys_patient_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LysPatient *self = LYS_PATIENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_REGISTRY_OPT_OUT:
      g_value_set_boolean (value, self->registry_opt_out);
      break;

    case PROP_DISPLAY_NAME:
      g_value_take_string (value, lys_patient_dup_display_name (self));
      break;

    case PROP_NATIONAL_ID ... PROP_ESCORT_PHONE:
      g_value_set_string (value, STR (self, prop_id));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lys_patient_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LysPatient *self = LYS_PATIENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_REGISTRY_OPT_OUT:
      self->registry_opt_out = g_value_get_boolean (value);
      break;

    case PROP_NATIONAL_ID ... PROP_ESCORT_PHONE:
      g_free (STR (self, prop_id));
      STR (self, prop_id) = g_value_dup_string (value);
      g_clear_pointer (&self->search_key, g_free);
      if (prop_id == PROP_GIVEN_NAME || prop_id == PROP_FAMILY_NAME)
        g_object_notify_by_pspec (object, properties[PROP_DISPLAY_NAME]);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lys_patient_class_init (LysPatientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char *names[] = {
    "national-id", "given-name", "family-name", "birth-date", "phase",
    "diagnosis", "referred-by", "phone", "email", "escort-name", "escort-phone",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == PROP_DISPLAY_NAME - FIRST_STRING);
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (((LysPatient *) NULL)->strings));

  object_class->finalize = lys_patient_finalize;
  object_class->get_property = lys_patient_get_property;
  object_class->set_property = lys_patient_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGISTRY_OPT_OUT] =
    g_param_spec_boolean ("registry-opt-out", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    properties[FIRST_STRING + i] =
      g_param_spec_string (names[i], NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lys_patient_init (LysPatient *self)
{
}

gint64
lys_patient_get_id (LysPatient *self)
{
  g_return_val_if_fail (LYS_IS_PATIENT (self), 0);
  return self->id;
}

#define STRING_GETTER(name, PROP)                        \
  const char *                                           \
  lys_patient_get_##name (LysPatient *self)              \
  {                                                      \
    g_return_val_if_fail (LYS_IS_PATIENT (self), NULL);  \
    return STR (self, PROP);                             \
  }

STRING_GETTER (national_id, PROP_NATIONAL_ID)
STRING_GETTER (given_name, PROP_GIVEN_NAME)
STRING_GETTER (family_name, PROP_FAMILY_NAME)
STRING_GETTER (birth_date, PROP_BIRTH_DATE)
STRING_GETTER (phase, PROP_PHASE)
STRING_GETTER (diagnosis, PROP_DIAGNOSIS)
STRING_GETTER (referred_by, PROP_REFERRED_BY)
STRING_GETTER (phone, PROP_PHONE)
STRING_GETTER (escort_name, PROP_ESCORT_NAME)

gboolean
lys_patient_get_registry_opt_out (LysPatient *self)
{
  g_return_val_if_fail (LYS_IS_PATIENT (self), FALSE);
  return self->registry_opt_out;
}

char *
lys_patient_dup_display_name (LysPatient *self)
{
  g_return_val_if_fail (LYS_IS_PATIENT (self), NULL);

  /* Translators: a patient's name as listed: %1$s given name, %2$s family name */
  return g_strdup_printf (_("%1$s %2$s"),
                          STR (self, PROP_GIVEN_NAME) ? STR (self, PROP_GIVEN_NAME) : "",
                          STR (self, PROP_FAMILY_NAME) ? STR (self, PROP_FAMILY_NAME) : "");
}

char *
lys_patient_fold_query (const char *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  return lys_text_fold (query);
}

/* @folded_query comes from lys_patient_fold_query(), so that a list filter
 * folds the query once per keystroke, not once per patient. Every word of the
 * query must start a word of the name or the identity number. */
gboolean
lys_patient_matches (LysPatient *self,
                     const char *folded_query)
{
  g_return_val_if_fail (LYS_IS_PATIENT (self), FALSE);
  g_return_val_if_fail (folded_query != NULL, FALSE);

  if (self->search_key == NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s %s %s",
                                              STR (self, PROP_GIVEN_NAME) ? STR (self, PROP_GIVEN_NAME) : "",
                                              STR (self, PROP_FAMILY_NAME) ? STR (self, PROP_FAMILY_NAME) : "",
                                              STR (self, PROP_NATIONAL_ID) ? STR (self, PROP_NATIONAL_ID) : "");
      self->search_key = lys_text_fold (key);
    }

  /* Called for every patient on every keystroke: no allocation here */
  for (const char *word = folded_query; *word != '\0'; )
    {
      gsize length = strcspn (word, " \t");

      if (length > 0 && !lys_text_has_word_prefix (self->search_key, word, length))
        return FALSE;
      word += length;
      word += strspn (word, " \t");
    }

  return TRUE;
}
