/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-consent-form"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include "lys-i18n.h"
#include <pango/pangocairo.h>

#include "lys-consent-form.h"
#include "lys-error.h"
#include "lys-language.h"
#include "lys-sha256.h"
#include "lys-surface-file.h"

/* Margins and type, in points. 22 mm at the sides, room for the header
 * and footer at the top and bottom. */
#define MARGIN_SIDE    62.0
#define MARGIN_TOP     78.0
#define MARGIN_BOTTOM  84.0
#define HEADER_Y       38.0
#define FOOTER_GAP     46.0
#define BULLET_INDENT  16.0
#define DETAILS_LABEL  150.0
#define SIGNATURE_HEIGHT 96.0

#define FONT_BODY      "DejaVu Sans 10"
#define FONT_SMALL     "DejaVu Sans 8"
#define FONT_LABEL     "DejaVu Sans Bold 9"
#define FONT_HEADING   "DejaVu Sans Bold 11.5"
#define FONT_TITLE     "DejaVu Sans Bold 16"

/* The labels a template defines for what Lysning prints around its text, in
 * the form's own language */
static const char *const required_labels[] = {
  "title", "page", "version", "checksum", "patient", "national_id", "physician", "clinic",
  "patient_signature", "physician_signature", "place_date", "signature",
  "schedule_booked", "schedule_unbooked", "time",
};

/* Fields a template may use in its text */
static const char *const fields[] = {
  "infusion_minutes", "schedule", "patient", "clinic", "physician", "version",
  "observation_minutes", "course", "offer", "reason", "registry_basis", "alternatives",
  /* in the labels those are chosen from */
  "infusions", "course_weeks", "indication", "funding",
  /* in the labels only */
  "page", "pages", "checksum", "time",
};

typedef enum
{
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_BULLET,
  BLOCK_DETAILS,
  BLOCK_SIGNATURES,
} BlockKind;

typedef struct
{
  BlockKind  kind;
  char      *text;
} Block;

struct _LysConsentForm
{
  GHashTable *labels;
  GPtrArray  *blocks;
  char       *text;
  char       *checksum;
  char       *version;
  char       *patient_name;
  char       *national_id;
  char       *national_id_label;   /* by its kind */
  char       *physician_name;
  char       *clinic_name;
};

/* Where the text flows to: one pass counts the pages, one draws a page */
typedef struct
{
  LysConsentForm *form;
  cairo_t        *cr;
  int             target;     /* the page to draw, or -1 to only count */
  guint           page;
  double          y;
} Flow;

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->text);
  g_free (block);
}

static void
add_block (GPtrArray  *blocks,
           BlockKind   kind,
           const char *text)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->text = g_strdup (text);
  g_ptr_array_add (blocks, block);
}

void
lys_consent_form_free (LysConsentForm *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->labels, g_hash_table_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_free (self->text);
  g_free (self->checksum);
  g_free (self->version);
  g_free (self->patient_name);
  g_free (self->national_id);
  g_free (self->national_id_label);
  g_free (self->physician_name);
  g_free (self->clinic_name);
  g_free (self);
}

/* Template text */

/* Splits a template into its labels ("@key = value" lines at the top) and
 * its body */
static GHashTable *
split_template (const char  *template_text,
                const char **body)
{
  GHashTable *labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = template_text;

  while (*p != '\0')
    {
      const char *end = strchr (p, '\n');
      g_autofree char *line = end ? g_strndup (p, end - p) : g_strdup (p);
      char *equals;

      g_strstrip (line);
      if (line[0] == '@' && (equals = strchr (line, '=')) != NULL)
        {
          *equals = '\0';
          g_hash_table_replace (labels, g_strstrip (g_strdup (line + 1)), g_strstrip (g_strdup (equals + 1)));
        }
      else if (line[0] != '\0')
        break;
      p = end ? end + 1 : p + strlen (p);
    }

  *body = p;
  return labels;
}

/* Every {{field}} in @text is one the form knows */
static gboolean
check_fields (const char  *text,
              GError     **error)
{
  const char *p = text;

  while ((p = strstr (p, "{{")) != NULL)
    {
      const char *end = strstr (p, "}}");
      g_autofree char *name = NULL;
      gboolean known = FALSE;

      if (end == NULL)
        {
          g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                               _("A field in the form is not closed: write it like {{patient}}."));
          return FALSE;
        }
      name = g_strndup (p + 2, end - p - 2);
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        known |= g_str_equal (name, fields[i]);
      if (!known)
        {
          /* Translators: %s is a field name in the consent form's text */
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("The form uses an unknown field, {{%s}}. Known fields: {{patient}}, {{clinic}}, {{physician}}, {{indication}}, {{infusion_minutes}}, {{observation_minutes}}, {{course}}, {{offer}}, {{reason}}, {{registry_basis}}, {{alternatives}}, {{schedule}} and {{version}}."),
                       name);
          return FALSE;
        }
      p = end + 2;
    }

  return TRUE;
}

/**
 * lys_consent_template_check:
 *
 * Whether a template, as a clinic edits it, can be filled and printed: it
 * defines every label, starts its text with a title ("# ...") and uses only
 * known fields.
 */
gboolean
lys_consent_template_check (const char  *template_text,
                            GError     **error)
{
  g_autoptr(GHashTable) labels = NULL;
  const char *body;

  g_return_val_if_fail (template_text != NULL, FALSE);

  labels = split_template (template_text, &body);
  for (guint i = 0; i < G_N_ELEMENTS (required_labels); i++)
    if (!g_hash_table_contains (labels, required_labels[i]))
      {
        /* Translators: %s is a label's name, e.g. "@page" */
        g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                     _("The form lacks the line @%s = … at the top. Keep the labels of the standard form."),
                     required_labels[i]);
        return FALSE;
      }
  if (!g_str_has_prefix (body, "# "))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("The form’s text must start with its title, a line beginning with “# ”."));
      return FALSE;
    }

  return check_fields (template_text, error);
}

/**
 * lys_consent_template_dup_default:
 * @language: "nb", "nn" or "en"
 *
 * Returns: (transfer full): the standard form Lysning ships
 */
char *
lys_consent_template_dup_default (const char *language)
{
  return lys_consent_template_dup_standard (NULL, language);
}

/**
 * lys_consent_template_dup_standard:
 * @version: (nullable): "2025.1" for the one before the newest, %NULL for
 *   the newest
 * @language: "nb", "nn" or "en"
 *
 * Returns: (transfer full) (nullable): a standard form Lysning ships, or
 *   %NULL for a version it does not
 */
char *
lys_consent_template_dup_standard (const char *version,
                                   const char *language)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (lys_language_is_document (language), NULL);

  if (version != NULL && !g_str_equal (version, "2025.1"))
    return NULL;
  path = version != NULL ? g_strdup_printf (RESOURCE_PATH "/consent/%s/consent-%s.txt", version, language)
                         : g_strdup_printf (RESOURCE_PATH "/consent/consent-%s.txt", language);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  /* An older version comes in the languages Lysning wrote then (2025.1:
   * Bokmål and English); the newest in every one */
  if (bytes == NULL && version != NULL)
    return NULL;
  g_assert (bytes != NULL);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
replace_field (const char *text,
               const char *field,
               const char *value)
{
  g_autofree char *token = g_strdup_printf ("{{%s}}", field);
  g_auto(GStrv) parts = g_strsplit (text, token, -1);

  return g_strjoinv (value, parts);
}

static char *
fill (const char   *text,
      const char  **names,
      const char  **values,
      guint         n)
{
  char *result = g_strdup (text);

  for (guint i = 0; i < n; i++)
    {
      char *next = replace_field (result, names[i], values[i] ? values[i] : "");

      g_free (result);
      result = next;
    }

  return result;
}

static const char *
label (LysConsentForm *self,
       const char     *key)
{
  return g_hash_table_lookup (self->labels, key);
}

/* A D-number or an H-number is called what it is, not a fødselsnummer:
 * by the template's own line (@d_number, @h_number), else in its language */
static const char *
national_id_label (GHashTable             *labels,
                   const LysConsentValues *values)
{
  static const struct { const char *language, *d_number, *h_number; } names[] = {
    { "nb", "D-nummer", "H-nummer" },
    { "nn", "D-nummer", "H-nummer" },
    { "en", "D number", "H number" },
  };
  const char *key = values->national_id_kind == LYS_NATIONAL_ID_DNR ? "d_number"
                    : values->national_id_kind == LYS_NATIONAL_ID_HNR ? "h_number" : "national_id";
  const char *own = g_hash_table_lookup (labels, key);

  if (own != NULL || values->national_id_kind == LYS_NATIONAL_ID_FNR)
    return own != NULL ? own : g_hash_table_lookup (labels, "national_id");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (values->language, names[i].language) == 0)
      return values->national_id_kind == LYS_NATIONAL_ID_DNR ? names[i].d_number : names[i].h_number;
  return g_hash_table_lookup (labels, "national_id");
}

/* The course: the induction's infusions and weeks from the clinic's
 * settings, or the booster course's own words */
static char *
describe_course (GHashTable             *labels,
                 const LysConsentValues *values)
{
  const char *text = g_hash_table_lookup (labels, values->maintenance ? "course_maintenance" : "course_induction");
  g_autofree char *infusions = g_strdup_printf ("%u", values->course_infusions);
  g_autofree char *weeks = g_strdup_printf ("%u", (values->course_days + 6) / 7);
  const char *names[] = { "infusions", "course_weeks" };
  const char *texts[] = { infusions, weeks };

  return text != NULL ? fill (text, names, texts, G_N_ELEMENTS (names)) : g_strdup ("");
}

/* A passage that differs by indication: the template's @KEY_trd or
 * @KEY_other line, with what is treated filled in */
/* What is treated, in the form's language: the indication's name, or
 * what the physician wrote for another */
static const char *
indication_name (const LysConsentValues *values)
{
  static const struct { const char *language, *names[LYS_N_INDICATIONS]; } names[] = {
    { "nb", { "behandlingsresistent depresjon", "posttraumatisk stresslidelse (PTSD)", "alkoholavhengighet", NULL } },
    { "nn", { "behandlingsresistent depresjon", "posttraumatisk stressliding (PTSD)", "alkoholavhengnad", NULL } },
    { "en", { "treatment-resistant depression", "post-traumatic stress disorder (PTSD)", "alcohol use disorder", NULL } },
  };

  if (values->indication == LYS_INDICATION_OTHER || (guint) values->indication >= LYS_N_INDICATIONS)
    return values->indication_note != NULL ? values->indication_note : "";
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (values->language, names[i].language) == 0)
      return names[i].names[values->indication];
  return names[0].names[values->indication];
}

/* How another indication's treatment is paid for: the template's
 * @funding_public, _research, _self_paid or _unstated line */
static const char *
funding_text (GHashTable             *labels,
              const LysConsentValues *values)
{
  LysFunding funding;
  g_autofree char *key = NULL;
  const char *text;

  if (lys_funding_from_nick (values->funding, &funding))
    {
      key = g_strconcat ("funding_", lys_funding_to_nick (funding), NULL);
      g_strdelimit (key, "-", '_');
    }
  text = key != NULL ? g_hash_table_lookup (labels, key) : NULL;
  if (text == NULL)
    text = g_hash_table_lookup (labels, "funding_unstated");
  return text != NULL ? text : "";
}

static char *
by_indication (GHashTable             *labels,
               const LysConsentValues *values,
               const char             *key)
{
  g_autofree char *name = g_strconcat (key, values->indication == LYS_INDICATION_TRD ? "_trd" : "_other", NULL);
  const char *text = g_hash_table_lookup (labels, name);
  const char *names[] = { "indication", "funding" };
  const char *texts[] = { indication_name (values), funding_text (labels, values) };

  return text != NULL ? fill (text, names, texts, G_N_ELEMENTS (names)) : g_strdup ("");
}

static char *
describe_schedule (GHashTable             *labels,
                   const LysConsentValues *values)
{
  GString *out;

  if (values->infusions == NULL || values->infusions->len == 0)
    return g_strdup (g_hash_table_lookup (labels, "schedule_unbooked"));

  out = g_string_new (g_hash_table_lookup (labels, "schedule_booked"));
  for (guint i = 0; i < values->infusions->len; i++)
    {
      GDateTime *when = values->infusions->pdata[i];
      g_autofree char *day = g_date_time_format (when, "%-d.%-m.%Y");
      g_autofree char *clock = g_date_time_format (when, "%H:%M");
      const char *names[] = { "time" };
      const char *texts[] = { clock };
      g_autofree char *at = fill (g_hash_table_lookup (labels, "time"), names, texts, 1);

      g_string_append_printf (out, "%s %s %s", i == 0 ? "" : ",", day, at);
    }
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

/* The body, filled, as blocks: "# " a title, "## " a heading, "- " a
 * bullet, other lines paragraphs until a blank line */
static void
parse_body (LysConsentForm *self,
            const char     *body)
{
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);
  g_autoptr(GString) paragraph = g_string_new (NULL);
  gboolean details = FALSE;

  for (guint i = 0; ; i++)
    {
      const char *line = lines[i] ? g_strstrip (lines[i]) : NULL;

      if (paragraph->len > 0 &&
          (line == NULL || *line == '\0' || g_str_has_prefix (line, "#") || g_str_has_prefix (line, "- ")))
        {
          add_block (self->blocks, BLOCK_PARAGRAPH, paragraph->str);
          g_string_truncate (paragraph, 0);
        }
      if (line == NULL)
        break;

      if (g_str_has_prefix (line, "## "))
        add_block (self->blocks, BLOCK_HEADING, line + 3);
      else if (g_str_has_prefix (line, "# "))
        {
          add_block (self->blocks, BLOCK_TITLE, line + 2);
          /* Whom the form is for comes under its title */
          if (!details)
            add_block (self->blocks, BLOCK_DETAILS, NULL);
          details = TRUE;
        }
      else if (g_str_has_prefix (line, "- "))
        add_block (self->blocks, BLOCK_BULLET, line + 2);
      else if (*line != '\0')
        {
          if (paragraph->len > 0)
            g_string_append_c (paragraph, ' ');
          g_string_append (paragraph, line);
        }
    }

  add_block (self->blocks, BLOCK_SIGNATURES, NULL);
}

/**
 * lys_consent_form_new:
 * @template_text: the form in one language, checked with
 *   lys_consent_template_check()
 * @version: the form's version, printed on every page
 *
 * Returns: (transfer full): the form filled for the patient
 */
LysConsentForm *
lys_consent_form_new (const char              *template_text,
                      const char              *version,
                      const LysConsentValues  *values,
                      GError                 **error)
{
  g_autoptr(LysConsentForm) self = NULL;
  g_autofree char *minutes = NULL;
  g_autofree char *observation = NULL;
  g_autofree char *course = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *registry_basis = NULL;
  g_autofree char *alternatives = NULL;
  g_autofree char *schedule = NULL;
  g_autofree char *filled = NULL;
  GHashTableIter iter;
  gpointer key, value;
  const char *body;

  g_return_val_if_fail (template_text != NULL && version != NULL && values != NULL, NULL);

  if (!lys_consent_template_check (template_text, error))
    return NULL;

  self = g_new0 (LysConsentForm, 1);
  self->labels = split_template (template_text, &body);
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->version = g_strdup (version);
  self->patient_name = g_strdup (values->patient_name);
  self->national_id = g_strdup (values->national_id);
  self->physician_name = g_strdup (values->physician_name);
  self->clinic_name = g_strdup (values->clinic_name);

  minutes = g_strdup_printf ("%u", values->infusion_minutes);
  observation = g_strdup_printf ("%u", values->observation_minutes);
  schedule = describe_schedule (self->labels, values);
  course = describe_course (self->labels, values);
  offer = by_indication (self->labels, values, "offer");
  reason = by_indication (self->labels, values, "reason");
  registry_basis = by_indication (self->labels, values, "registry");
  alternatives = by_indication (self->labels, values, "alternatives");
  {
    const char *names[] = { "infusion_minutes", "schedule", "patient", "clinic", "physician", "version",
                            "observation_minutes", "course", "offer", "reason", "registry_basis", "alternatives",
                            "indication" };
    const char *texts[] = { minutes, schedule, values->patient_name, values->clinic_name,
                            values->physician_name, version, observation, course, offer, reason, registry_basis,
                            alternatives, indication_name (values) };

    filled = fill (body, names, texts, G_N_ELEMENTS (names));
    g_hash_table_iter_init (&iter, self->labels);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (!g_str_equal (key, "time"))
        g_hash_table_iter_replace (&iter, fill (value, names + 2, texts + 2, 4));
  }
  self->national_id_label = g_strdup (national_id_label (self->labels, values));

  /* The checksum covers the text the patient reads, as printed */
  self->text = g_strstrip (g_strdup (filled));
  {
    g_autofree char *sha = lys_sha256_hex (self->text, -1);

    self->checksum = g_strndup (sha, 8);
  }
  parse_body (self, filled);

  return g_steal_pointer (&self);
}

const char *
lys_consent_form_get_text (LysConsentForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

const char *
lys_consent_form_get_checksum (LysConsentForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->checksum;
}

const char *
lys_consent_form_get_title (LysConsentForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return label (self, "title");
}

/* Layout */

static PangoLayout *
make_layout (Flow       *flow,
             const char *font,
             const char *text,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (flow->cr);
  PangoFontDescription *description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
page_bottom (void)
{
  return LYS_CONSENT_A4_HEIGHT - MARGIN_BOTTOM;
}

static double
content_width (void)
{
  return LYS_CONSENT_A4_WIDTH - 2 * MARGIN_SIDE;
}

static gboolean
drawing (Flow *flow)
{
  return flow->target >= 0 && (guint) flow->target == flow->page;
}

static void
new_page (Flow *flow)
{
  flow->page++;
  flow->y = MARGIN_TOP;
}

/* Keeps @height together on one page, moving to the next when it does not
 * fit what is left */
static void
keep_together (Flow   *flow,
               double  height)
{
  if (flow->y + height > page_bottom () && flow->y > MARGIN_TOP)
    new_page (flow);
}

/* Places a layout line by line, so that long paragraphs run over pages */
static void
place_lines (Flow        *flow,
             PangoLayout *layout,
             double       x)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      double height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      baseline = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
      if (flow->y + height > page_bottom ())
        new_page (flow);
      if (drawing (flow))
        {
          cairo_move_to (flow->cr, x, flow->y + baseline);
          pango_cairo_show_layout_line (flow->cr, pango_layout_iter_get_line_readonly (iter));
        }
      flow->y += height;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

static void
draw_at (Flow        *flow,
         PangoLayout *layout,
         double       x,
         double       y)
{
  if (!drawing (flow))
    return;

  cairo_move_to (flow->cr, x, y);
  pango_cairo_show_layout (flow->cr, layout);
}

static void
rule (Flow   *flow,
      double  x,
      double  y,
      double  width,
      double  grey)
{
  if (!drawing (flow))
    return;

  cairo_save (flow->cr);
  cairo_set_source_rgb (flow->cr, grey, grey, grey);
  cairo_set_line_width (flow->cr, 0.6);
  cairo_move_to (flow->cr, x, y);
  cairo_line_to (flow->cr, x + width, y);
  cairo_stroke (flow->cr);
  cairo_restore (flow->cr);
}

/* Whom the form is for: a table of labels and values that wrap */
static void
place_details (Flow *flow)
{
  LysConsentForm *self = flow->form;
  const char *rows[][2] = {
    { label (self, "patient"), self->patient_name },
    { self->national_id_label, self->national_id },
    { label (self, "physician"), self->physician_name },
    { label (self, "clinic"), self->clinic_name },
  };

  flow->y += 4;
  rule (flow, MARGIN_SIDE, flow->y, content_width (), 0.6);
  flow->y += 6;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(PangoLayout) name = make_layout (flow, FONT_LABEL, rows[i][0], DETAILS_LABEL - 8);
      g_autoptr(PangoLayout) value = make_layout (flow, FONT_BODY, rows[i][1] ? rows[i][1] : "",
                                                  content_width () - DETAILS_LABEL);
      double height = MAX (layout_height (name), layout_height (value));

      keep_together (flow, height + 4);
      draw_at (flow, name, MARGIN_SIDE, flow->y + 1);
      draw_at (flow, value, MARGIN_SIDE + DETAILS_LABEL, flow->y);
      flow->y += height + 4;
    }
  flow->y += 2;
  rule (flow, MARGIN_SIDE, flow->y, content_width (), 0.6);
  flow->y += 10;
}

/* One signature: the heading, lines for place and date and for the
 * signature, the name printed under the signature */
static void
place_signature (Flow       *flow,
                 const char *heading,
                 const char *name)
{
  LysConsentForm *self = flow->form;
  double half = (content_width () - 24) / 2;
  g_autoptr(PangoLayout) title = make_layout (flow, FONT_LABEL, heading, content_width ());
  g_autoptr(PangoLayout) place = make_layout (flow, FONT_SMALL, label (self, "place_date"), half);
  g_autoptr(PangoLayout) sign = make_layout (flow, FONT_SMALL, label (self, "signature"), half);
  g_autoptr(PangoLayout) printed = make_layout (flow, FONT_SMALL, name ? name : "", half);
  double line_y;

  keep_together (flow, SIGNATURE_HEIGHT + layout_height (printed));
  draw_at (flow, title, MARGIN_SIDE, flow->y);
  line_y = flow->y + layout_height (title) + 34;
  rule (flow, MARGIN_SIDE, line_y, half, 0.0);
  rule (flow, MARGIN_SIDE + half + 24, line_y, half, 0.0);
  draw_at (flow, place, MARGIN_SIDE, line_y + 3);
  draw_at (flow, sign, MARGIN_SIDE + half + 24, line_y + 3);
  draw_at (flow, printed, MARGIN_SIDE + half + 24, line_y + 3 + layout_height (sign));
  flow->y = line_y + 3 + layout_height (sign) + layout_height (printed) + 20;
}

/* The statement the patient signs (the last heading and its text) stays
 * on the page of the signatures: the height from block @first to them */
static double
statement_height (Flow  *flow,
                  guint  first)
{
  LysConsentForm *self = flow->form;
  double height = 2 * (SIGNATURE_HEIGHT + 20) + 12;

  for (guint i = first; i < self->blocks->len; i++)
    {
      Block *block = self->blocks->pdata[i];
      g_autoptr(PangoLayout) layout = NULL;

      if (block->kind == BLOCK_HEADING)
        {
          if (i != first)
            return 0;   /* not the last heading */
          layout = make_layout (flow, FONT_HEADING, block->text, content_width ());
          height += layout_height (layout) + 11;
        }
      else if (block->kind == BLOCK_PARAGRAPH)
        {
          layout = make_layout (flow, FONT_BODY, block->text, content_width ());
          height += layout_height (layout) + 6;
        }
      else if (block->kind != BLOCK_SIGNATURES)
        return 0;
    }
  return height;
}

static void
flow_blocks (Flow *flow)
{
  LysConsentForm *self = flow->form;

  flow->page = 0;
  flow->y = MARGIN_TOP;
  if (drawing (flow))
    cairo_set_source_rgb (flow->cr, 0, 0, 0);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = self->blocks->pdata[i];
      g_autoptr(PangoLayout) layout = NULL;

      switch (block->kind)
        {
        case BLOCK_TITLE:
          layout = make_layout (flow, FONT_TITLE, block->text, content_width ());
          keep_together (flow, layout_height (layout) + 60);
          place_lines (flow, layout, MARGIN_SIDE);
          flow->y += 8;
          break;
        case BLOCK_HEADING:
          layout = make_layout (flow, FONT_HEADING, block->text, content_width ());
          /* A heading keeps a few lines of its text with it; the
           * statement signed, all of it with the signatures */
          keep_together (flow, MAX (layout_height (layout) + 48, statement_height (flow, i)));
          flow->y += 8;
          place_lines (flow, layout, MARGIN_SIDE);
          flow->y += 3;
          break;
        case BLOCK_PARAGRAPH:
          layout = make_layout (flow, FONT_BODY, block->text, content_width ());
          place_lines (flow, layout, MARGIN_SIDE);
          flow->y += 6;
          break;
        case BLOCK_BULLET:
          {
            g_autoptr(PangoLayout) bullet = make_layout (flow, FONT_BODY, "•", BULLET_INDENT);

            layout = make_layout (flow, FONT_BODY, block->text, content_width () - BULLET_INDENT);
            keep_together (flow, layout_height (bullet));
            draw_at (flow, bullet, MARGIN_SIDE + 3, flow->y);
            place_lines (flow, layout, MARGIN_SIDE + BULLET_INDENT);
            flow->y += 3;
          }
          break;
        case BLOCK_DETAILS:
          place_details (flow);
          break;
        case BLOCK_SIGNATURES:
          flow->y += 12;
          place_signature (flow, label (self, "patient_signature"), self->patient_name);
          place_signature (flow, label (self, "physician_signature"), self->physician_name);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * lys_consent_form_count_pages:
 * @cr: a context on the surface the form goes to (for its fonts)
 */
guint
lys_consent_form_count_pages (LysConsentForm *self,
                              cairo_t        *cr)
{
  Flow flow = { self, cr, -1, 0, 0 };

  g_return_val_if_fail (self != NULL && cr != NULL, 0);

  flow_blocks (&flow);
  return flow.page + 1;
}

/* On every page: the clinic and the patient at the top, the form's
 * version, checksum and page number at the bottom */
static void
draw_margins (Flow  *flow,
              guint  n_pages)
{
  LysConsentForm *self = flow->form;
  g_autofree char *page_text = NULL;
  g_autofree char *pages_text = g_strdup_printf ("%u", n_pages);
  g_autofree char *number = g_strdup_printf ("%u", flow->page + 1);
  /* The number first: a long name is shortened in the margin, never it */
  g_autofree char *who = g_strdup_printf ("%s · %s", self->national_id ? self->national_id : "",
                                          self->patient_name ? self->patient_name : "");
  g_autofree char *identity = NULL;
  double half = content_width () / 2;
  const char *names[] = { "page", "pages", "version", "checksum" };
  const char *texts[] = { number, pages_text, self->version, self->checksum };
  g_autoptr(PangoLayout) clinic = make_layout (flow, FONT_SMALL, self->clinic_name ? self->clinic_name : "", half - 8);
  g_autoptr(PangoLayout) patient = make_layout (flow, FONT_SMALL, who, half - 8);
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  double footer_y = LYS_CONSENT_A4_HEIGHT - FOOTER_GAP;

  page_text = fill (label (self, "page"), names, texts, 2);
  {
    g_autofree char *version = fill (label (self, "version"), names + 2, texts + 2, 1);
    g_autofree char *checksum = fill (label (self, "checksum"), names + 3, texts + 3, 1);

    identity = g_strdup_printf ("%s · %s", version, checksum);
  }
  left = make_layout (flow, FONT_SMALL, identity, content_width () * 0.7);
  right = make_layout (flow, FONT_SMALL, page_text, content_width () * 0.3);
  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  pango_layout_set_alignment (patient, PANGO_ALIGN_RIGHT);
  /* The margins hold one line each; the details table has everything whole */
  pango_layout_set_height (clinic, -1);
  pango_layout_set_ellipsize (clinic, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (patient, -1);
  pango_layout_set_ellipsize (patient, PANGO_ELLIPSIZE_END);

  cairo_save (flow->cr);
  cairo_set_source_rgb (flow->cr, 0.3, 0.3, 0.3);
  draw_at (flow, clinic, MARGIN_SIDE, HEADER_Y);
  draw_at (flow, patient, MARGIN_SIDE + half + 8, HEADER_Y);
  rule (flow, MARGIN_SIDE, HEADER_Y + MAX (layout_height (clinic), layout_height (patient)) + 4,
        content_width (), 0.7);
  rule (flow, MARGIN_SIDE, footer_y - 6, content_width (), 0.7);
  draw_at (flow, left, MARGIN_SIDE, footer_y);
  draw_at (flow, right, MARGIN_SIDE + content_width () * 0.7, footer_y);
  cairo_restore (flow->cr);
}

/**
 * lys_consent_form_draw_page:
 * @cr: a context whose user space is the A4 page in points
 * @page: counted from 0
 */
void
lys_consent_form_draw_page (LysConsentForm *self,
                            cairo_t        *cr,
                            guint           page)
{
  Flow flow = { self, cr, (int) page, 0, 0 };
  guint n_pages;

  g_return_if_fail (self != NULL && cr != NULL);

  n_pages = lys_consent_form_count_pages (self, cr);
  g_return_if_fail (page < n_pages);

  flow_blocks (&flow);
  flow.page = page;
  draw_margins (&flow, n_pages);
}

typedef struct
{
  LysConsentForm *form;
  guint n_pages;
} Pages;

static gboolean
draw_pdf_page (cairo_t  *cr,
               guint     page,
               gpointer  user_data)
{
  Pages *pages = user_data;

  if (pages->n_pages == 0)
    pages->n_pages = lys_consent_form_count_pages (pages->form, cr);
  lys_consent_form_draw_page (pages->form, cr, page);
  return page + 1 < pages->n_pages;
}

/**
 * lys_consent_form_write_pdf:
 * @path: the file, replaced in one step, readable by its owner only
 * @author: (nullable): the PDF's author, e.g. the clinic
 *
 * Writes the form as an A4 PDF with real text, title and author.
 */
gboolean
lys_consent_form_write_pdf (LysConsentForm  *self,
                            const char      *path,
                            const char      *author,
                            GError         **error)
{
  Pages pages = { self, 0 };

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);

  return lys_surface_file_write (path, LYS_SURFACE_PDF, LYS_CONSENT_A4_WIDTH, LYS_CONSENT_A4_HEIGHT, 1,
                                 label (self, "title"), author, draw_pdf_page, &pages, error);
}
