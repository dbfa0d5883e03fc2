/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-patient"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"

#include "lys-diagnosis.h"
#include "lys-error.h"
#include "lys-patient.h"
#include "lys-text.h"

struct _LysPatient
{
  GObject parent_instance;

  gint64 id;
  gboolean registry_opt_out;
  char *strings[15];
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
  PROP_SEX,
  PROP_INDICATION,
  PROP_INDICATION_NOTE,
  PROP_FUNDING,
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

    case PROP_NATIONAL_ID ... PROP_FUNDING:
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

    case PROP_NATIONAL_ID ... PROP_FUNDING:
      /* Whatever shows the patient follows: a new phase reaches every list */
      if (g_strcmp0 (STR (self, prop_id), g_value_get_string (value)) == 0)
        break;
      g_free (STR (self, prop_id));
      STR (self, prop_id) = g_value_dup_string (value);
      g_clear_pointer (&self->search_key, g_free);
      g_object_notify_by_pspec (object, pspec);
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
    "sex", "indication", "indication-note", "funding",
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
STRING_GETTER (email, PROP_EMAIL)
STRING_GETTER (escort_name, PROP_ESCORT_NAME)
STRING_GETTER (escort_phone, PROP_ESCORT_PHONE)
STRING_GETTER (sex, PROP_SEX)
STRING_GETTER (indication_note, PROP_INDICATION_NOTE)

LysIndication
lys_patient_get_indication (LysPatient *self)
{
  LysIndication indication = LYS_INDICATION_TRD;

  g_return_val_if_fail (LYS_IS_PATIENT (self), LYS_INDICATION_TRD);

  lys_indication_from_nick (STR (self, PROP_INDICATION), &indication);
  return indication;
}

/**
 * lys_patient_get_funding:
 *
 * Returns: how the treatment of another indication than
 *   treatment-resistant depression is funded, or -1 when not stated
 */
int
lys_patient_get_funding (LysPatient *self)
{
  LysFunding funding;

  g_return_val_if_fail (LYS_IS_PATIENT (self), -1);

  return lys_funding_from_nick (STR (self, PROP_FUNDING), &funding) ? (int) funding : -1;
}

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

static gboolean
is_phone_number (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!(*p == ' ' || *p == '-' || (*p == '+' && p == text)))
        return FALSE;
    }

  return digits >= 8 && digits <= 15;
}

static gboolean
is_email_address (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' &&
         text[strlen (text) - 1] != '.' && strpbrk (text, " \t,;<>") == NULL;
}

/* The longest each text may be, in characters, and what it is called in a
 * message; in the order of the properties */
static const struct
{
  guint       longest;
  const char *label;
} texts[] = {
  { 20, N_("identity number") },
  { 100, N_("given name") },
  { 100, N_("family name") },
  { 20, N_("birth date") },
  { 20, N_("phase") },
  { 20, N_("diagnosis") },
  { 200, N_("referrer") },
  { 30, N_("phone number") },
  { 254, N_("e-mail address") },
  { 200, N_("escort’s name") },
  { 30, N_("escort’s phone number") },
  { 20, N_("sex") },
  { 40, N_("indication") },
  { 1000, N_("note on the indication") },
  { 20, N_("funding") },
};

/* Every text shows what it says, and is of a length a record holds */
static gboolean
check_texts (LysPatient  *self,
             GError     **error)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (texts) == PROP_DISPLAY_NAME - FIRST_STRING);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *text = STR (self, FIRST_STRING + i);

      if (text == NULL)
        continue;
      if (!lys_text_is_plain (text))
        {
          /* Translators: %s is a field, e.g. "given name" */
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("The %s holds a control character or an invisible direction mark. Type it again without them."),
                       _(texts[i].label));
          return FALSE;
        }
      if (g_utf8_strlen (text, -1) > (glong) texts[i].longest)
        {
          /* Translators: %1$s is a field, e.g. "given name", %2$u a number of characters */
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("The %1$s is longer than %2$u characters. Shorten it."), _(texts[i].label), texts[i].longest);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * lys_patient_validate:
 * @today: (nullable): the date a birth date may not pass; %NULL for today
 * @info: (out) (optional): what the identity number says
 *
 * Checks what a clinician typed or imported before it is stored. The messages
 * name the field and how to fix it, never the value: they may reach a log.
 */
gboolean
lys_patient_validate (LysPatient         *self,
                      const GDate        *today,
                      LysNationalIdInfo  *info,
                      GError            **error)
{
  LysNationalIdInfo local_info;
  const char *text;

  g_return_val_if_fail (LYS_IS_PATIENT (self), FALSE);

  if (lys_text_is_blank (STR (self, PROP_NATIONAL_ID)))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID, _("Enter the identity number."));
      return FALSE;
    }
  if (!lys_national_id_parse (STR (self, PROP_NATIONAL_ID), today, info ? info : &local_info, error))
    return FALSE;

  if (!check_texts (self, error))
    return FALSE;

  if (lys_text_is_blank (STR (self, PROP_GIVEN_NAME)) || lys_text_is_blank (STR (self, PROP_FAMILY_NAME)))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Enter both the given name and the family name."));
      return FALSE;
    }

  text = STR (self, PROP_PHONE);
  if (!lys_text_is_blank (text) && !is_phone_number (text))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The phone number is not valid: use 8 to 15 digits, spaces and an optional leading +."));
      return FALSE;
    }

  text = STR (self, PROP_ESCORT_PHONE);
  if (!lys_text_is_blank (text) && !is_phone_number (text))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The escort’s phone number is not valid: use 8 to 15 digits, spaces and an optional leading +."));
      return FALSE;
    }

  text = STR (self, PROP_EMAIL);
  if (!lys_text_is_blank (text) && !is_email_address (text))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The e-mail address is not valid: write it like name@example.no."));
      return FALSE;
    }

  if (STR (self, PROP_SEX) != NULL)
    {
      LysSex sex;

      if (!lys_sex_from_nick (STR (self, PROP_SEX), &sex))
        {
          g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                               _("Sex must be female, male or other, or left empty."));
          return FALSE;
        }
    }

  if (STR (self, PROP_INDICATION) != NULL)
    {
      LysIndication indication;

      if (!lys_indication_from_nick (STR (self, PROP_INDICATION), &indication))
        {
          g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID, _("Choose an indication from the list."));
          return FALSE;
        }
    }

  if (lys_patient_get_indication (self) != LYS_INDICATION_TRD && lys_text_is_blank (STR (self, PROP_INDICATION_NOTE)))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("An indication other than treatment-resistant depression needs an individual assessment: describe it in the note."));
      return FALSE;
    }

  if (STR (self, PROP_FUNDING) != NULL && lys_patient_get_funding (self) < 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID, _("Choose how the treatment is funded from the list."));
      return FALSE;
    }
  if (lys_patient_get_indication (self) != LYS_INDICATION_TRD && lys_patient_get_funding (self) < 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Say how the treatment is funded: the funding decision covers treatment-resistant depression only."));
      return FALSE;
    }

  text = STR (self, PROP_DIAGNOSIS);
  if (!lys_text_is_blank (text) && !lys_diagnosis_check (text, lys_patient_get_indication (self), error))
    return FALSE;

  return TRUE;
}
