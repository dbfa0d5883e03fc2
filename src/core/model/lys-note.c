/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-note"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"
#include <json-glib/json-glib.h>

#include "lys-error.h"
#include "lys-note.h"
#include "lys-sha256.h"
#include "lys-text.h"

#define MAX_HEADING_CHARS 80

void
lys_note_section_free (LysNoteSection *section)
{
  if (section == NULL)
    return;

  g_free (section->heading);
  g_free (section);
}

static GPtrArray *
sections_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) lys_note_section_free);
}

static void
add_section (GPtrArray  *sections,
             const char *heading,
             gssize      length,
             gboolean    required)
{
  LysNoteSection *section = g_new0 (LysNoteSection, 1);

  section->heading = g_strndup (heading, length < 0 ? strlen (heading) : (gsize) length);
  section->required = required;
  g_ptr_array_add (sections, section);
}

/**
 * lys_note_template_parse:
 * @definition: one section a line; a "*" at the end marks it required
 *
 * Returns: (transfer full): the template, or %NULL with an error saying
 *   what to fix
 */
LysNoteTemplate *
lys_note_template_parse (const char  *key,
                         const char  *title,
                         const char  *definition,
                         GError     **error)
{
  g_autoptr(LysNoteTemplate) self = g_new0 (LysNoteTemplate, 1);
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (definition != NULL, NULL);

  if (lys_text_is_blank (title))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID, _("Give the template a title."));
      return NULL;
    }

  self->key = g_strdup (key);
  self->title = g_strstrip (g_strdup (title));
  self->definition = g_strdup (definition);
  self->sections = sections_new ();

  lines = g_strsplit (definition, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      gsize length = strlen (line);
      gboolean required = length > 0 && line[length - 1] == '*';

      if (required)
        {
          line[--length] = '\0';
          g_strchomp (line);
          length = strlen (line);
        }
      if (length == 0)
        {
          if (required)
            {
              g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Line %u has a “*” but no heading. Write the section’s heading before it."), i + 1);
              return NULL;
            }
          continue;
        }
      if (g_utf8_strlen (line, -1) > MAX_HEADING_CHARS)
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("The heading on line %u is longer than %u characters. Shorten it; the guidance belongs in the note."),
                       i + 1, MAX_HEADING_CHARS);
          return NULL;
        }
      if (lys_note_is_heading (self->sections, line, -1))
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("The heading “%s” is there twice. Each section needs its own heading."), line);
          return NULL;
        }
      add_section (self->sections, line, -1, required);
    }

  if (self->sections->len == 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("A template needs at least one section: write one heading a line."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
lys_note_template_free (LysNoteTemplate *self)
{
  if (self == NULL)
    return;

  g_free (self->key);
  g_free (self->title);
  g_free (self->definition);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_free (self);
}

/* Each heading on its own line, with an empty line to write in after it */
char *
lys_note_template_make_body (const LysNoteTemplate *self)
{
  g_autoptr(GString) body = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->sections->len; i++)
    {
      LysNoteSection *section = self->sections->pdata[i];

      if (i > 0)
        g_string_append (body, "\n\n");
      g_string_append (body, section->heading);
      g_string_append_c (body, '\n');
    }

  return g_string_free (g_steal_pointer (&body), FALSE);
}

/* [["Experience during the infusion", true], ...] */
char *
lys_note_sections_to_json (GPtrArray *sections)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; sections != NULL && i < sections->len; i++)
    {
      LysNoteSection *section = sections->pdata[i];

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, section->heading);
      json_builder_add_boolean_value (builder, section->required);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Reads what lys_note_sections_to_json() writes; what is not a section
 * ([heading, required]) is passed over */
GPtrArray *
lys_note_sections_from_json (const char *json)
{
  GPtrArray *sections = sections_new ();
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return sections;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonArray *pair;
      JsonNode *heading, *required;

      if (!JSON_NODE_HOLDS_ARRAY (item) || json_array_get_length (pair = json_node_get_array (item)) != 2)
        continue;
      heading = json_array_get_element (pair, 0);
      required = json_array_get_element (pair, 1);
      if (!JSON_NODE_HOLDS_VALUE (heading) || json_node_get_value_type (heading) != G_TYPE_STRING ||
          !JSON_NODE_HOLDS_VALUE (required) || json_node_get_value_type (required) != G_TYPE_BOOLEAN)
        continue;
      add_section (sections, json_node_get_string (heading), -1, json_node_get_boolean (required));
    }

  return sections;
}

/* Whether the line (without its line break) is one of the headings */
gboolean
lys_note_is_heading (GPtrArray  *sections,
                     const char *line,
                     gssize      length)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (line != NULL, FALSE);

  stripped = g_strstrip (g_strndup (line, length < 0 ? strlen (line) : (gsize) length));
  for (guint i = 0; sections != NULL && i < sections->len; i++)
    if (g_str_equal (((LysNoteSection *) sections->pdata[i])->heading, stripped))
      return TRUE;

  return FALSE;
}

/**
 * lys_note_dup_section_text:
 * @index: the section, in the template's order
 *
 * Returns: (nullable): what is written under the section's heading, up to
 *   the next heading; %NULL when its heading is not in @body
 */
char *
lys_note_dup_section_text (const char *body,
                           GPtrArray  *sections,
                           guint       index)
{
  LysNoteSection *wanted;
  const char *line, *start = NULL, *end = NULL;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (sections != NULL && index < sections->len, NULL);

  wanted = sections->pdata[index];
  for (line = body; line != NULL && *line != '\0';)
    {
      const char *next = strchr (line, '\n');
      gsize length = next != NULL ? (gsize) (next - line) : strlen (line);

      if (lys_note_is_heading (sections, line, (gssize) length))
        {
          g_autofree char *heading = g_strstrip (g_strndup (line, length));

          if (start != NULL)
            {
              end = line;
              break;
            }
          if (g_str_equal (heading, wanted->heading))
            start = next != NULL ? next + 1 : line + length;
        }
      line = next != NULL ? next + 1 : NULL;
    }

  if (start == NULL)
    return NULL;
  return end != NULL ? g_strndup (start, end - start) : g_strdup (start);
}

/**
 * lys_note_check_signable:
 * @sections: the note's sections; none for an individual part of a group
 *   note, which needs only some text
 *
 * Refuses, naming the section, a note with a required section missing or
 * empty.
 */
gboolean
lys_note_check_signable (const char  *body,
                         GPtrArray   *sections,
                         GError     **error)
{
  g_return_val_if_fail (body != NULL, FALSE);

  if (sections == NULL || sections->len == 0)
    {
      if (!lys_text_is_blank (body))
        return TRUE;
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID, _("The note is empty. Write it before signing."));
      return FALSE;
    }

  for (guint i = 0; i < sections->len; i++)
    {
      LysNoteSection *section = sections->pdata[i];
      g_autofree char *text = NULL;

      if (!section->required)
        continue;

      text = lys_note_dup_section_text (body, sections, i);
      if (text == NULL)
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       /* Translators: %s is a section heading of the note's template */
                       _("The heading “%s” is missing. It is a required section: put the heading back on a line of its own and write under it."),
                       section->heading);
          return FALSE;
        }
      if (lys_text_is_blank (text))
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("“%s” is a required section and is empty. Write it before signing."), section->heading);
          return FALSE;
        }
    }

  return TRUE;
}

char *
lys_note_checksum (const char *body)
{
  g_return_val_if_fail (body != NULL, NULL);

  return lys_sha256_hex (body, -1);
}

LysNote *
lys_note_new (void)
{
  LysNote *self = g_new0 (LysNote, 1);

  self->sections = sections_new ();
  self->addenda = g_ptr_array_new_with_free_func ((GDestroyNotify) lys_note_addendum_free);
  return self;
}

void
lys_note_free (LysNote *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->session_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->signed_at, g_date_time_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->addenda, g_ptr_array_unref);
  g_free (self->template_key);
  g_free (self->template_title);
  g_free (self->author);
  g_free (self->body);
  g_free (self->signed_by);
  g_free (self->checksum);
  g_free (self->patient_name);
  g_free (self);
}

void
lys_note_addendum_free (LysNoteAddendum *addendum)
{
  if (addendum == NULL)
    return;

  g_clear_pointer (&addendum->signed_at, g_date_time_unref);
  g_free (addendum->author);
  g_free (addendum->body);
  g_free (addendum->checksum);
  g_free (addendum);
}

void
lys_note_view_free (LysNoteView *view)
{
  if (view == NULL)
    return;

  lys_note_free (view->main);
  g_clear_pointer (&view->parts, g_ptr_array_unref);
  g_free (view);
}

void
lys_note_summary_free (LysNoteSummary *summary)
{
  if (summary == NULL)
    return;

  g_clear_pointer (&summary->session_at, g_date_time_unref);
  g_free (summary->template_title);
  g_free (summary->author);
  g_free (summary->preview);
  g_free (summary);
}

void
lys_note_hit_free (LysNoteHit *hit)
{
  if (hit == NULL)
    return;

  g_clear_pointer (&hit->session_at, g_date_time_unref);
  g_free (hit->patient_name);
  g_free (hit->snippet);
  g_free (hit);
}
