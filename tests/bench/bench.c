/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdlib.h>

#include "bench.h"

static guint reported, not_met;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The middle of @n values (sorted in place) */
double
bench_median (double *values,
              guint   n)
{
  g_return_val_if_fail (n > 0, 0);

  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double
bench_seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

double
bench_ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
report (const char *line,
        gboolean    met)
{
  reported++;
  if (!met)
    not_met++;
  g_print ("%s: %s\n", line, met ? "met" : "NOT MET");
}

/* "WHAT: 0.41 s against 0.30 s for REFERENCE, 1.37x (target at most 1.25x): met" */
void
bench_report_ratio (const char *what,
                    double      value,
                    double      reference,
                    const char *unit,
                    const char *reference_name,
                    double      at_most)
{
  double ratio = reference > 0 ? value / reference : G_MAXDOUBLE;
  g_autofree char *line = g_strdup_printf ("%s: %.3g %s against %.3g %s for %s, %.2fx (target at most %.2fx)",
                                           what, value, unit, reference, unit, reference_name, ratio, at_most);

  report (line, ratio <= at_most);
}

void
bench_report_at_least (const char *what,
                       double      value,
                       const char *unit,
                       double      at_least)
{
  g_autofree char *line = g_strdup_printf ("%s: %.3g %s (target at least %.4g %s)", what, value, unit, at_least, unit);

  report (line, value >= at_least);
}

void
bench_report_at_most (const char *what,
                      double      value,
                      const char *unit,
                      double      at_most)
{
  g_autofree char *line = g_strdup_printf ("%s: %.3g %s (target at most %.4g %s)", what, value, unit, at_most, unit);

  report (line, value <= at_most);
}

void
bench_remove_dir (const char *dir)
{
  g_autofree char *quoted = g_shell_quote (dir);
  g_autofree char *cmd = g_strconcat ("rm -rf ", quoted, NULL);

  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", dir);
}

/* 0 when every target was met */
int
bench_finish (void)
{
  if (not_met > 0)
    g_print ("%u of %u targets not met\n", not_met, reported);
  return not_met > 0;
}
