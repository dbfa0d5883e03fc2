/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lys-report.h"

G_BEGIN_DECLS

/* The review of the funding decision (due by the end of 2028): for a
 * period, the courses, outcomes, safety, stops and consumables of the
 * clinic, side by side with those of each indication treated. Made from a
 * report of lys_report_compute() with %LYS_REPORT_REVIEW; its PDF is
 * lys_review_write_pdf(). */

GPtrArray *lys_review_dup_sections (LysReport   *report);
char      *lys_review_dup_csv      (LysReport   *report,
                                    const char  *language);
gboolean   lys_review_write_csv    (LysReport   *report,
                                    const char  *path,
                                    const char  *language,
                                    GError     **error);

G_END_DECLS
