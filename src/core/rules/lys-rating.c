/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-rating"

#include "config.h"

#include "lys-i18n.h"
#include <json-glib/json-glib.h>

#include "lys-error.h"
#include "lys-rating.h"

static const struct
{
  const char *nick;
  const char *label;
  guint n_items;
  guint item_max;
  guint total_max;
} scales[LYS_N_SCALES] = {
  { "madrs", N_("MADRS"), 10, 6, 60 },
  { "phq9", N_("PHQ-9"), 9, 3, 27 },
  { "qids-sr16", N_("QIDS-SR16"), 16, 3, 27 },
  { "cadss", N_("CADSS"), 23, 4, 92 },
};

static const char *madrs_items[LYS_MADRS_ITEMS] = {
  /* Translators: the ten MADRS items */
  N_("Apparent sadness"),
  N_("Reported sadness"),
  N_("Inner tension"),
  N_("Reduced sleep"),
  N_("Reduced appetite"),
  N_("Concentration difficulties"),
  N_("Lassitude"),
  N_("Inability to feel"),
  N_("Pessimistic thoughts"),
  N_("Suicidal thoughts"),
};

static const char *phq9_items[LYS_PHQ9_ITEMS] = {
  /* Translators: the nine PHQ-9 items, as short labels */
  N_("Little interest or pleasure in doing things"),
  N_("Feeling down, depressed or hopeless"),
  N_("Trouble sleeping, or sleeping too much"),
  N_("Feeling tired or having little energy"),
  N_("Poor appetite or overeating"),
  N_("Feeling bad about yourself"),
  N_("Trouble concentrating"),
  N_("Moving or speaking slowly, or being restless"),
  N_("Thoughts of being better off dead or of self-harm"),
};

static const char *qids_items[LYS_QIDS_ITEMS] = {
  /* Translators: the sixteen QIDS-SR16 items, as short labels */
  N_("Falling asleep"),
  N_("Sleep during the night"),
  N_("Waking up too early"),
  N_("Sleeping too much"),
  N_("Feeling sad"),
  N_("Decreased appetite"),
  N_("Increased appetite"),
  N_("Decreased weight"),
  N_("Increased weight"),
  N_("Concentration and decisions"),
  N_("View of oneself"),
  N_("Thoughts of death or suicide"),
  N_("General interest"),
  N_("Energy"),
  N_("Feeling slowed down"),
  N_("Feeling restless"),
};

static const char *cadss_items[LYS_CADSS_ITEMS] = {
  /* Translators: the 23 CADSS items, as short labels of what the patient
   * is asked about the present moment */
  N_("Things move in slow motion"),
  N_("Things seem unreal, as in a dream"),
  N_("Separated from what happens, as in a film"),
  N_("Looking at things from outside the body"),
  N_("Watching as an onlooker"),
  N_("Disconnected from the body"),
  N_("The body feels changed in size"),
  N_("People seem motionless or mechanical"),
  N_("Objects look different than expected"),
  N_("Colours seem faded"),
  N_("Seeing as through a tunnel or a wide lens"),
  N_("Time seems to last much longer"),
  N_("Things happen very quickly"),
  N_("Things happen that cannot be accounted for"),
  N_("Spacing out, losing track"),
  N_("Sounds fade or grow much stronger"),
  N_("Things seem very real and clear"),
  N_("The world seems seen through a fog"),
  N_("Colours seem much brighter"),
  N_("Confused about who one is"),
  N_("Parts of oneself that do not fit together"),
  N_("Gaps in memory"),
  N_("Time lost, not remembered"),
};

/* QIDS-SR16 counts only the highest item of three domains (1-based items) */
static const struct { guint first, last; } qids_domains[] = {
  { 1, 4 }, { 6, 9 }, { 15, 16 },
};

const char *
lys_scale_to_nick (LysScale scale)
{
  g_return_val_if_fail (scale < LYS_N_SCALES, NULL);
  return scales[scale].nick;
}

gboolean
lys_scale_from_nick (const char *nick,
                     LysScale   *scale)
{
  for (guint i = 0; nick != NULL && i < LYS_N_SCALES; i++)
    if (g_str_equal (nick, scales[i].nick))
      {
        *scale = i;
        return TRUE;
      }
  return FALSE;
}

const char *
lys_scale_get_label (LysScale scale)
{
  g_return_val_if_fail (scale < LYS_N_SCALES, NULL);
  return _(scales[scale].label);
}

guint
lys_scale_get_n_items (LysScale scale)
{
  g_return_val_if_fail (scale < LYS_N_SCALES, 0);
  return scales[scale].n_items;
}

guint
lys_scale_get_item_max (LysScale scale)
{
  g_return_val_if_fail (scale < LYS_N_SCALES, 0);
  return scales[scale].item_max;
}

guint
lys_scale_get_total_max (LysScale scale)
{
  g_return_val_if_fail (scale < LYS_N_SCALES, 0);
  return scales[scale].total_max;
}

/**
 * lys_scale_get_item_label:
 * @item: from 0
 *
 * Returns: the item's translated short name
 */
const char *
lys_scale_get_item_label (LysScale scale,
                          guint    item)
{
  g_return_val_if_fail (scale < LYS_N_SCALES, NULL);
  g_return_val_if_fail (item < scales[scale].n_items, NULL);

  switch (scale)
    {
    case LYS_SCALE_MADRS:
      return _(madrs_items[item]);
    case LYS_SCALE_PHQ9:
      return _(phq9_items[item]);
    case LYS_SCALE_QIDS_SR16:
      return _(qids_items[item]);
    case LYS_SCALE_CADSS:
      return _(cadss_items[item]);
    case LYS_N_SCALES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * lys_scale_check:
 * @answers: one score per item, %LYS_RATING_UNANSWERED for an item left out
 * @total: (out): the total of the items answered
 * @n_answered: (out) (optional): how many items were answered
 *
 * Checks every answer against the item's range and adds them up as the
 * scale prescribes, counting the items left out as nothing. A form with
 * items left out is incomplete: it is kept, never counted.
 */
gboolean
lys_scale_check (LysScale      scale,
                 const guint  *answers,
                 guint         n_answers,
                 guint        *total,
                 guint        *n_answered,
                 GError      **error)
{
  guint sum = 0, answered = 0;

  g_return_val_if_fail (scale < LYS_N_SCALES, FALSE);
  g_return_val_if_fail (answers != NULL || n_answers == 0, FALSE);
  g_return_val_if_fail (total != NULL, FALSE);

  if (n_answers != scales[scale].n_items)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                   _("%s has %u items; %u were given."),
                   _(scales[scale].label), scales[scale].n_items, n_answers);
      return FALSE;
    }

  for (guint i = 0; i < n_answers; i++)
    {
      if (answers[i] == LYS_RATING_UNANSWERED)
        continue;
      if (answers[i] > scales[scale].item_max)
        {
          g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("%s item %u is scored from 0 to %u."),
                       _(scales[scale].label), i + 1, scales[scale].item_max);
          return FALSE;
        }
      answered++;
    }

#define SCORE(i) (answers[i] == LYS_RATING_UNANSWERED ? 0 : answers[i])
  if (scale == LYS_SCALE_QIDS_SR16)
    {
      gboolean in_domain[16] = { FALSE };

      for (guint d = 0; d < G_N_ELEMENTS (qids_domains); d++)
        {
          guint highest = 0;

          for (guint i = qids_domains[d].first - 1; i < qids_domains[d].last; i++)
            {
              highest = MAX (highest, SCORE (i));
              in_domain[i] = TRUE;
            }
          sum += highest;
        }
      for (guint i = 0; i < n_answers; i++)
        if (!in_domain[i])
          sum += SCORE (i);
    }
  else
    {
      for (guint i = 0; i < n_answers; i++)
        sum += SCORE (i);
    }
#undef SCORE

  *total = sum;
  if (n_answered != NULL)
    *n_answered = answered;
  return TRUE;
}

/**
 * lys_scale_total:
 * @answers: one score per item
 *
 * Like lys_scale_check(), for a form that must be complete.
 */
gboolean
lys_scale_total (LysScale      scale,
                 const guint  *answers,
                 guint         n_answers,
                 guint        *total,
                 GError      **error)
{
  guint answered;

  if (!lys_scale_check (scale, answers, n_answers, total, &answered, error))
    return FALSE;

  for (guint i = 0; i < n_answers && answered < n_answers; i++)
    if (answers[i] == LYS_RATING_UNANSWERED)
      {
        g_set_error (error, LYS_ERROR, LYS_ERROR_INVALID,
                     _("%s item %u is not answered."), _(scales[scale].label), i + 1);
        return FALSE;
      }

  return TRUE;
}

/**
 * lys_scale_get_band_label:
 *
 * Returns: the severity band of @total, translated
 */
const char *
lys_scale_get_band_label (LysScale scale,
                          guint    total)
{
  switch (scale)
    {
    case LYS_SCALE_MADRS:
      /* Translators: MADRS severity bands */
      if (total <= 6)
        return _("Normal");
      if (total <= 19)
        return _("Mild depression");
      if (total <= 34)
        return _("Moderate depression");
      return _("Severe depression");

    case LYS_SCALE_PHQ9:
      /* Translators: PHQ-9 severity bands */
      if (total <= 4)
        return _("Minimal");
      if (total <= 9)
        return _("Mild");
      if (total <= 14)
        return _("Moderate");
      if (total <= 19)
        return _("Moderately severe");
      return _("Severe");

    case LYS_SCALE_QIDS_SR16:
      if (total <= 5)
        return _("Normal");
      if (total <= 10)
        return _("Mild");
      if (total <= 15)
        return _("Moderate");
      if (total <= 20)
        return _("Severe");
      return _("Very severe");

    case LYS_SCALE_CADSS:
    case LYS_N_SCALES:
    default:
      return "";
    }
}

/**
 * lys_phq9_suicide_flag:
 * @answers: the nine PHQ-9 answers
 *
 * Item 9 (thoughts of death or self-harm) at 1 or more must be seen.
 */
gboolean
lys_phq9_suicide_flag (const guint *answers)
{
  g_return_val_if_fail (answers != NULL, FALSE);
  return answers[LYS_PHQ9_ITEMS - 1] >= 1;
}

/* Response: the total falls to half the baseline or below */
gboolean
lys_madrs_is_response (guint baseline,
                       guint total)
{
  return baseline > 0 && total * 2 <= baseline;
}

gboolean
lys_madrs_is_remission (guint total)
{
  return total <= 10;
}

/**
 * lys_scale_answers_to_json:
 *
 * Returns: (transfer full): the answers as a JSON array, e.g. "[3,1,0]",
 * with null for an item left out
 */
char *
lys_scale_answers_to_json (const guint *answers,
                           guint        n_answers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < n_answers; i++)
    {
      if (answers[i] == LYS_RATING_UNANSWERED)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, answers[i]);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * lys_scale_answers_from_json:
 *
 * Reads exactly @n_answers unsigned numbers from a JSON array written by
 * lys_scale_answers_to_json().
 */
gboolean
lys_scale_answers_from_json (const char *json,
                             guint      *answers,
                             guint       n_answers)
{
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root) ||
      json_array_get_length (array = json_node_get_array (root)) != n_answers)
    return FALSE;

  for (guint i = 0; i < n_answers; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      gint64 value;

      if (JSON_NODE_HOLDS_NULL (item))
        {
          answers[i] = LYS_RATING_UNANSWERED;
          continue;
        }
      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_INT64)
        return FALSE;
      value = json_node_get_int (item);
      if (value < 0 || value >= LYS_RATING_UNANSWERED)
        return FALSE;
      answers[i] = (guint) value;
    }

  return TRUE;
}
