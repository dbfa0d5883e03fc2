/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What every benchmark prints: a figure against a reference measured in the
 * same run (a ratio), or against a fixed target, with the target beside it
 * and whether it is met. bench_finish() says how many were not. */

double bench_median          (double     *values,
                              guint       n);
double bench_seconds_since   (gint64      start);
double bench_ms_since        (gint64      start);
void   bench_report_ratio    (const char *what,
                              double      value,
                              double      reference,
                              const char *unit,
                              const char *reference_name,
                              double      at_most);
void   bench_report_at_least (const char *what,
                              double      value,
                              const char *unit,
                              double      at_least);
void   bench_report_at_most  (const char *what,
                              double      value,
                              const char *unit,
                              double      at_most);
void   bench_remove_dir      (const char *dir);
int    bench_finish          (void);

G_END_DECLS
