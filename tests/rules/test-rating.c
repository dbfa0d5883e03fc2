/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-error.h"
#include "lys-rating.h"
#include "test-rules.h"

/* The rating scales: items, totals, incomplete forms (src/core/rules/lys-rating.c) */

void
test_scales (void)
{
  guint madrs[LYS_MADRS_ITEMS] = { 6, 6, 6, 6, 6, 4, 0, 0, 0, 0 };
  guint phq9[LYS_PHQ9_ITEMS] = { 2, 2, 2, 2, 2, 0, 0, 0, 0 };
  guint qids[16] = { 3, 1, 0, 0, 2, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0 };
  g_autoptr(GError) error = NULL;
  guint total;

  g_assert_true (lys_scale_total (LYS_SCALE_MADRS, madrs, LYS_MADRS_ITEMS, &total, &error));
  g_assert_cmpuint (total, ==, 34);
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 34), ==, "Moderate depression");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 35), ==, "Severe depression");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 6), ==, "Normal");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 7), ==, "Mild depression");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 20), ==, "Moderate depression");
  g_assert_true (lys_madrs_is_response (34, 17));
  g_assert_false (lys_madrs_is_response (34, 18));
  g_assert_true (lys_madrs_is_remission (10));
  g_assert_false (lys_madrs_is_remission (11));

  g_assert_true (lys_scale_total (LYS_SCALE_PHQ9, phq9, LYS_PHQ9_ITEMS, &total, &error));
  g_assert_cmpuint (total, ==, 10);
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_PHQ9, 10), ==, "Moderate");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_PHQ9, 9), ==, "Mild");
  g_assert_false (lys_phq9_suicide_flag (phq9));
  phq9[8] = 1;
  g_assert_true (lys_phq9_suicide_flag (phq9));

  /* QIDS: the sleep items (3,1,0,0) contribute their highest, 3 */
  g_assert_true (lys_scale_total (LYS_SCALE_QIDS_SR16, qids, 16, &total, &error));
  g_assert_cmpuint (total, ==, 3 + 2 + 0 + 5);

  /* Out of range, and the wrong number of items */
  madrs[0] = 7;
  g_assert_false (lys_scale_total (LYS_SCALE_MADRS, madrs, LYS_MADRS_ITEMS, &total, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lys_scale_total (LYS_SCALE_PHQ9, phq9, 8, &total, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_clear_error (&error);

  /* JSON round trip */
  {
    g_autofree char *json = lys_scale_answers_to_json (phq9, LYS_PHQ9_ITEMS);
    guint back[LYS_PHQ9_ITEMS];

    g_assert_cmpstr (json, ==, "[2,2,2,2,2,0,0,0,1]");
    g_assert_true (lys_scale_answers_from_json (json, back, LYS_PHQ9_ITEMS));
    g_assert_cmpmem (back, sizeof back, phq9, sizeof phq9);
    g_assert_false (lys_scale_answers_from_json ("[1,2]", back, LYS_PHQ9_ITEMS));
    g_assert_false (lys_scale_answers_from_json ("[1,2,3,4,5,6,7,8,9,10]", back, LYS_PHQ9_ITEMS));
  }
}

void
test_scales_totals (void)
{
  guint madrs[LYS_MADRS_ITEMS], phq9[LYS_PHQ9_ITEMS] = { 0 }, qids[LYS_QIDS_ITEMS] = { 0 }, cadss[LYS_CADSS_ITEMS];
  guint total = 0;
  g_autoptr(GError) error = NULL;

  /* Every item of every scale is named by what it asks, each differently,
   * never "Item 14"; and the item counts agree */
  g_assert_cmpuint (lys_scale_get_n_items (LYS_SCALE_QIDS_SR16), ==, LYS_QIDS_ITEMS);
  g_assert_cmpuint (lys_scale_get_n_items (LYS_SCALE_CADSS), ==, LYS_CADSS_ITEMS);
  for (LysScale scale = 0; scale < LYS_N_SCALES; scale++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < lys_scale_get_n_items (scale); i++)
        {
          const char *label = lys_scale_get_item_label (scale, i);

          g_assert_nonnull (label);
          g_assert_cmpuint (strlen (label), >, 4);
          g_assert_false (g_str_has_prefix (label, "Item"));
          g_assert_true (g_hash_table_add (seen, (gpointer) label));
        }
    }
  g_assert_cmpstr (lys_scale_get_item_label (LYS_SCALE_CADSS, 0), ==, "Things move in slow motion");
  g_assert_cmpstr (lys_scale_get_item_label (LYS_SCALE_QIDS_SR16, 11), ==, "Thoughts of death or suicide");

  /* MADRS: every item at 6 is 60; bands at 6/7, 19/20, 34/35 */
  for (guint i = 0; i < LYS_MADRS_ITEMS; i++)
    madrs[i] = 6;
  g_assert_true (lys_scale_total (LYS_SCALE_MADRS, madrs, LYS_MADRS_ITEMS, &total, &error));
  g_assert_cmpuint (total, ==, 60);
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 6), ==, "Normal");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 7), ==, "Mild depression");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 19), ==, "Mild depression");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 20), ==, "Moderate depression");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 34), ==, "Moderate depression");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_MADRS, 35), ==, "Severe depression");
  madrs[3] = 7;
  g_assert_false (lys_scale_total (LYS_SCALE_MADRS, madrs, LYS_MADRS_ITEMS, &total, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "item 4"));
  g_clear_error (&error);

  /* PHQ-9: bands at 5/10/15/20, 10 is moderate; item 9 raises the flag */
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_PHQ9, 4), ==, "Minimal");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_PHQ9, 5), ==, "Mild");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_PHQ9, 9), ==, "Mild");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_PHQ9, 10), ==, "Moderate");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_PHQ9, 15), ==, "Moderately severe");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_PHQ9, 20), ==, "Severe");
  g_assert_false (lys_phq9_suicide_flag (phq9));
  phq9[8] = 1;
  g_assert_true (lys_phq9_suicide_flag (phq9));
  for (guint i = 0; i < LYS_PHQ9_ITEMS; i++)
    phq9[i] = 3;
  g_assert_true (lys_scale_total (LYS_SCALE_PHQ9, phq9, LYS_PHQ9_ITEMS, &total, NULL));
  g_assert_cmpuint (total, ==, 27);

  /* QIDS-SR16: sleep (3,1,0,0) gives 3; every item at 3 gives 27, the
   * domains counting their highest item once; remission at 5 or less */
  qids[0] = 3;
  qids[1] = 1;
  g_assert_true (lys_scale_total (LYS_SCALE_QIDS_SR16, qids, 16, &total, NULL));
  g_assert_cmpuint (total, ==, 3);
  qids[5] = 2;
  qids[8] = 3;     /* appetite and weight: the highest, 3 */
  qids[14] = 1;    /* psychomotor: 1 */
  qids[4] = 2;     /* mood, a domain of its own */
  g_assert_true (lys_scale_total (LYS_SCALE_QIDS_SR16, qids, 16, &total, NULL));
  g_assert_cmpuint (total, ==, 3 + 3 + 1 + 2);
  for (guint i = 0; i < 16; i++)
    qids[i] = 3;
  g_assert_true (lys_scale_total (LYS_SCALE_QIDS_SR16, qids, 16, &total, NULL));
  g_assert_cmpuint (total, ==, 27);
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_QIDS_SR16, 5), ==, "Normal");
  g_assert_cmpstr (lys_scale_get_band_label (LYS_SCALE_QIDS_SR16, 6), ==, "Mild");

  for (guint i = 0; i < 23; i++)
    cadss[i] = 4;
  g_assert_true (lys_scale_total (LYS_SCALE_CADSS, cadss, 23, &total, NULL));
  g_assert_cmpuint (total, ==, 92);

  /* Response: half the baseline or less; remission: 10 or less */
  g_assert_true (lys_madrs_is_response (34, 17));
  g_assert_false (lys_madrs_is_response (34, 18));
  g_assert_true (lys_madrs_is_response (35, 17));
  g_assert_false (lys_madrs_is_response (35, 18));
  g_assert_true (lys_madrs_is_remission (10));
  g_assert_false (lys_madrs_is_remission (11));
}

void
test_incomplete_forms (void)
{
  guint madrs[LYS_MADRS_ITEMS] = { 3, 3, 3, LYS_RATING_UNANSWERED, 3, 3, 3, 3, 3, LYS_RATING_UNANSWERED };
  guint back[LYS_MADRS_ITEMS];
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  guint total = 0, answered = 0;

  g_assert_true (lys_scale_check (LYS_SCALE_MADRS, madrs, LYS_MADRS_ITEMS, &total, &answered, &error));
  g_assert_cmpuint (total, ==, 24);
  g_assert_cmpuint (answered, ==, 8);
  g_assert_false (lys_scale_total (LYS_SCALE_MADRS, madrs, LYS_MADRS_ITEMS, &total, &error));
  g_assert_error (error, LYS_ERROR, LYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "item 4 is not answered"));

  json = lys_scale_answers_to_json (madrs, LYS_MADRS_ITEMS);
  g_assert_cmpstr (json, ==, "[3,3,3,null,3,3,3,3,3,null]");
  g_assert_true (lys_scale_answers_from_json (json, back, LYS_MADRS_ITEMS));
  g_assert_cmpmem (back, sizeof back, madrs, sizeof madrs);
  g_assert_false (lys_scale_answers_from_json ("[3,nul,3,3,3,3,3,3,3,3]", back, LYS_MADRS_ITEMS));
}
