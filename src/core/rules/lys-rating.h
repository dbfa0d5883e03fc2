/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Rating scales: item counts, ranges, totals and bands. */

typedef enum
{
  LYS_SCALE_MADRS,
  LYS_SCALE_PHQ9,
  LYS_SCALE_QIDS_SR16,
  LYS_SCALE_CADSS,
  LYS_N_SCALES
} LysScale;

#define LYS_MADRS_ITEMS 10
#define LYS_PHQ9_ITEMS 9
#define LYS_QIDS_ITEMS 16
#define LYS_CADSS_ITEMS 23
#define LYS_SCALE_MAX_ITEMS 23

/* An item left out of a form */
#define LYS_RATING_UNANSWERED G_MAXUINT

const char *lys_scale_to_nick        (LysScale     scale);
gboolean    lys_scale_from_nick      (const char  *nick,
                                      LysScale    *scale);
const char *lys_scale_get_label      (LysScale     scale);
guint       lys_scale_get_n_items    (LysScale     scale);
guint       lys_scale_get_item_max   (LysScale     scale);
guint       lys_scale_get_total_max  (LysScale     scale);
const char *lys_scale_get_item_label (LysScale     scale,
                                      guint        item);
gboolean    lys_scale_check          (LysScale     scale,
                                      const guint *answers,
                                      guint        n_answers,
                                      guint       *total,
                                      guint       *n_answered,
                                      GError     **error);
gboolean    lys_scale_total          (LysScale     scale,
                                      const guint *answers,
                                      guint        n_answers,
                                      guint       *total,
                                      GError     **error);
const char *lys_scale_get_band_label (LysScale     scale,
                                      guint        total);

gboolean    lys_phq9_suicide_flag    (const guint *answers);
gboolean    lys_madrs_is_response    (guint        baseline,
                                      guint        total);
gboolean    lys_madrs_is_remission   (guint        total);

char       *lys_scale_answers_to_json   (const guint *answers,
                                         guint        n_answers);
gboolean    lys_scale_answers_from_json (const char  *json,
                                         guint       *answers,
                                         guint        n_answers);

G_END_DECLS
