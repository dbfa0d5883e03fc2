/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-review"

#include "config.h"

#include <math.h>

#include "lys-i18n.h"

#include "lys-csv.h"
#include "lys-language.h"
#include "lys-output-file.h"
#include "lys-review.h"
#include "lys-text.h"

/* Every figure of the review is one of these, for each scope (the clinic,
 * then each indication): the tables and the CSV read the same list */
typedef enum
{
  FIGURE_STARTED,
  FIGURE_COMPLETED,
  FIGURE_STOPPED,
  FIGURE_OPTED_OUT,
  FIGURE_INFUSIONS,
  FIGURE_MEASURED,           /* arg: the outcome point's index */
  FIGURE_RESPONSE,
  FIGURE_REMISSION,
  FIGURE_SEVERITY,           /* arg: LysSeverity */
  FIGURE_ADVERSE_ALL,
  FIGURE_STOP_REASON,        /* arg: LysStopReason */
  FIGURE_NOK_PER_INFUSION,
  FIGURE_COHORT_INFUSIONS,
  FIGURE_COHORT_COST,
  FIGURE_COST_PER_COMPLETED,
} Figure;

typedef enum
{
  SHOWN_COUNT,               /* a count, or a count of its denominator */
  SHOWN_MONEY,
} Shown;

typedef struct
{
  double value;              /* NAN when there is nothing to divide by */
  gint64 denominator;        /* or -1 */
  Shown  shown;
} Value;

static guint
stops (const LysReport *scope,
       const char      *nick)
{
  guint sum = 0;

  for (guint i = 0; i < scope->stop_reasons->len; i++)
    {
      const LysReportCount *c = &g_array_index (scope->stop_reasons, LysReportCount, i);

      if (nick == NULL || g_strcmp0 (c->label, nick) == 0)
        sum += c->count;
    }
  return sum;
}

static double
cohort_cost (const LysReport *scope)
{
  return scope->cohort_infusions * scope->nok_per_session;
}

static Value
value_of (const LysReport *s,
          Figure           figure,
          guint            arg)
{
  const LysReportOutcome *o = &s->outcomes[MIN (arg, LYS_REPORT_N_OUTCOMES - 1)];

  switch (figure)
    {
    case FIGURE_STARTED:
      return (Value) { s->started, -1, SHOWN_COUNT };
    case FIGURE_COMPLETED:
      return (Value) { s->completed, s->started, SHOWN_COUNT };
    case FIGURE_STOPPED:
      return (Value) { stops (s, NULL), -1, SHOWN_COUNT };
    case FIGURE_OPTED_OUT:
      return (Value) { s->opted_out, s->started, SHOWN_COUNT };
    case FIGURE_INFUSIONS:
      return (Value) { s->infusions, -1, SHOWN_COUNT };
    case FIGURE_MEASURED:
      return (Value) { o->measured, o->cohort, SHOWN_COUNT };
    case FIGURE_RESPONSE:
      return (Value) { o->responders, o->measured, SHOWN_COUNT };
    case FIGURE_REMISSION:
      return (Value) { o->remitters, o->measured, SHOWN_COUNT };
    case FIGURE_SEVERITY:
      return (Value) { s->adverse_by_severity[MIN (arg, LYS_N_SEVERITIES - 1)], s->infusions, SHOWN_COUNT };
    case FIGURE_ADVERSE_ALL:
      return (Value) { s->adverse_total, s->infusions, SHOWN_COUNT };
    case FIGURE_STOP_REASON:
      return (Value) { stops (s, lys_stop_reason_to_nick (MIN (arg, LYS_N_STOP_REASONS - 1))), -1, SHOWN_COUNT };
    case FIGURE_NOK_PER_INFUSION:
      return (Value) { s->nok_per_session, -1, SHOWN_MONEY };
    case FIGURE_COHORT_INFUSIONS:
      return (Value) { s->cohort_infusions, -1, SHOWN_COUNT };
    case FIGURE_COHORT_COST:
      return (Value) { cohort_cost (s), -1, SHOWN_MONEY };
    case FIGURE_COST_PER_COMPLETED:
      return (Value) { s->completed > 0 ? cohort_cost (s) / s->completed : NAN, -1, SHOWN_MONEY };
    default:
      g_assert_not_reached ();
    }
}

/* One line of the review: where it goes, what it says and what it counts */
typedef struct
{
  const char *section;       /* the CSV's key */
  const char *measure;       /* the CSV's key */
  const char *detail;        /* the CSV's key, or NULL */
  const char *title;         /* the section's title, translated */
  const char *label;         /* the line's, translated */
  Figure      figure;
  guint       arg;
} Line;

typedef void (*LineFunc) (const Line *line,
                          gpointer    data);

/* A line whose measure has no detail */
typedef struct
{
  const char *measure;
  const char *label;        /* untranslated */
  Figure      figure;
} Plain;

static const Plain course_lines[] = {
  { "started", N_("Induction courses started"), FIGURE_STARTED },
  { "completed", N_("Completed the induction"), FIGURE_COMPLETED },
  { "stopped", N_("Courses stopped"), FIGURE_STOPPED },
  { "registry-opt-out", N_("Opted out of the quality registry"), FIGURE_OPTED_OUT },
  { "infusions", N_("Infusions given in the period"), FIGURE_INFUSIONS },
};

static const Plain cost_lines[] = {
  { "nok-per-infusion", N_("Per infusion session"), FIGURE_NOK_PER_INFUSION },
  { "cohort-infusions", N_("Infusions in the courses started"), FIGURE_COHORT_INFUSIONS },
  { "nok-cohort", N_("Cost of the courses started"), FIGURE_COHORT_COST },
  { "nok-per-completed", N_("Per completed series"), FIGURE_COST_PER_COMPLETED },
};

static void
plain_lines (Line        *line,
             const Plain *plain,
             guint        n_plain,
             LineFunc     func,
             gpointer     data)
{
  line->detail = NULL;
  line->arg = 0;
  for (guint i = 0; i < n_plain; i++)
    {
      line->measure = plain[i].measure;
      line->label = _(plain[i].label);
      line->figure = plain[i].figure;
      func (line, data);
    }
}

/* A line for each value of a vocabulary: the severities, or the reasons
 * for stopping */
static void
coded_lines (Line     *line,
             Figure    figure,
             guint     n_values,
             LineFunc  func,
             gpointer  data)
{
  line->figure = figure;
  for (guint i = 0; i < n_values; i++)
    {
      gboolean severity = figure == FIGURE_SEVERITY;

      line->detail = severity ? lys_severity_to_nick (i) : lys_stop_reason_to_nick (i);
      line->label = severity ? lys_severity_get_label (i) : lys_stop_reason_get_label (i);
      line->arg = i;
      func (line, data);
    }
}

/* Every line, in order, in the current language */
static void
for_each_line (LysReport *report,
               LineFunc   func,
               gpointer   data)
{
  static const Figure per_point[] = { FIGURE_MEASURED, FIGURE_RESPONSE, FIGURE_REMISSION };
  static const char *per_point_keys[] = { "measured", "response", "remission" };
  Line line = { "courses", NULL, NULL, _("Courses"), NULL, 0, 0 };

  plain_lines (&line, course_lines, G_N_ELEMENTS (course_lines), func, data);

  line.section = "outcome";
  line.title = _("Response and Remission (MADRS)");
  for (guint i = 0; i < LYS_REPORT_N_OUTCOMES; i++)
    {
      LysFollowUpPoint at = report->outcomes[i].point;
      const char *point = lys_follow_up_point_get_label (at);
      /* Translators: lines of the review, e.g. "3 Months: response" */
      g_autofree char *measured = g_strdup_printf (_("%s: measured"), point);
      g_autofree char *response = g_strdup_printf (_("%s: response"), point);
      g_autofree char *remission = g_strdup_printf (_("%s: remission"), point);
      const char *labels[] = { measured, response, remission };

      line.detail = lys_follow_up_point_to_nick (at);
      line.arg = i;
      for (guint k = 0; k < G_N_ELEMENTS (per_point); k++)
        {
          line.measure = per_point_keys[k];
          line.label = labels[k];
          line.figure = per_point[k];
          func (&line, data);
        }
    }

  line.section = "adverse-events";
  line.title = _("Adverse Events by Severity");
  line.measure = "severity";
  coded_lines (&line, FIGURE_SEVERITY, LYS_N_SEVERITIES, func, data);
  line.detail = "all";
  line.label = _("All adverse events");
  line.figure = FIGURE_ADVERSE_ALL;
  line.arg = 0;
  func (&line, data);

  line.section = "stopped";
  line.title = _("Reasons for Stopping");
  line.measure = "reason";
  coded_lines (&line, FIGURE_STOP_REASON, LYS_N_STOP_REASONS, func, data);

  line.section = "consumables";
  line.title = _("Consumables");
  plain_lines (&line, cost_lines, G_N_ELEMENTS (cost_lines), func, data);
}

/* The clinic first, then each indication */
static guint
n_scopes (LysReport *report)
{
  return 1 + report->by_indication->len;
}

static const LysReport *
scope_at (LysReport *report,
          guint      i)
{
  return i == 0 ? report : g_ptr_array_index (report->by_indication, i - 1);
}

static const char *
scope_key (const LysReport *scope)
{
  return scope->indication < 0 ? "all" : lys_indication_to_nick (scope->indication);
}

/* The tables */

typedef struct
{
  LysReport *report;
  GPtrArray *sections;
  LysReportSection *section;
} Tables;

static char *
cell (Value value)
{
  if (value.shown == SHOWN_MONEY)
    /* Translators: an amount of Norwegian kroner; %s is the number, written ("40 698 kr") */
    return lys_report_format_number (value.value, 0, _("%s NOK"));
  if (value.denominator >= 0)
    return lys_report_format_fraction ((guint) value.value, (guint) value.denominator);
  return lys_report_format_number (value.value, 0, "%s");
}

static void
add_table_line (const Line *line,
                gpointer    data)
{
  Tables *tables = data;
  LysReportLine *row;

  if (tables->section == NULL || g_strcmp0 (tables->section->title, line->title) != 0)
    {
      LysReportLine *header = lys_report_line_new (_("Indication"), TRUE, 0);

      tables->section = lys_report_add_section (tables->sections, line->title);
      for (guint i = 0; i < n_scopes (tables->report); i++)
        {
          const LysReport *scope = scope_at (tables->report, i);

          header->values[header->n_values++] = g_strdup (scope->indication < 0 ? _("All")
                                                         : lys_indication_get_label (scope->indication));
        }
      tables->section->header = header;
    }

  row = lys_report_line_new (line->label, line->figure == FIGURE_ADVERSE_ALL, 0);
  for (guint i = 0; i < n_scopes (tables->report); i++)
    row->values[row->n_values++] = cell (value_of (scope_at (tables->report, i), line->figure, line->arg));
  g_ptr_array_add (tables->section->rows, row);
}

/**
 * lys_review_dup_sections:
 *
 * The review's tables, a column for the clinic and one for each
 * indication, in the current language.
 *
 * Returns: (transfer full) (element-type LysReportSection): its sections
 */
GPtrArray *
lys_review_dup_sections (LysReport *report)
{
  Tables tables = { report, lys_report_sections_new (), NULL };

  g_return_val_if_fail (report != NULL && report->by_indication != NULL, NULL);

  for_each_line (report, add_table_line, &tables);
  if (tables.sections->len > 1)
    {
      LysReportSection *outcomes = g_ptr_array_index (tables.sections, 1);

      outcomes->note = g_strdup (_("Of the courses started in the period. Response: MADRS at half the baseline or less. "
                                   "Remission: MADRS 10 or less. Shares are of those measured."));
    }
  return tables.sections;
}

/* The CSV: one figure a line, keys that stay the same in every language,
 * numbers and separators as the language's spreadsheets read them */

typedef struct
{
  LysReport *report;
  LysCsvSheet sheet;
} Sheet;

static void
add_sheet_line (const Line *line,
                gpointer    data)
{
  Sheet *sheet = data;
  LysCsvSheet *out = &sheet->sheet;

  for (guint i = 0; i < n_scopes (sheet->report); i++)
    {
      const LysReport *scope = scope_at (sheet->report, i);
      const char *fields[] = { scope_key (scope), line->section, line->measure, line->detail, line->label };
      Value value = value_of (scope, line->figure, line->arg);

      lys_csv_sheet_add_fields (out, fields, G_N_ELEMENTS (fields));
      lys_csv_sheet_end_figure (out, value.value, value.denominator);
    }
}

/**
 * lys_review_dup_csv:
 * @language: (nullable): "nb", "nn" or "en"; %NULL for the user interface's
 *
 * Returns: (transfer full): the review as CSV for a spreadsheet in
 *   @language: UTF-8 with a byte-order mark; in Norwegian ";" between
 *   fields and a decimal comma. Columns: indication, section, measure,
 *   detail, label, value, denominator, percent.
 */
char *
lys_review_dup_csv (LysReport  *report,
                    const char *language)
{
  LysLanguage saved = { 0 };
  Sheet sheet = { report, { 0 } };
  LysCsvSheet *out = &sheet.sheet;
  char from[11], to[11];
  const char *header[] = { "indication", "section", "measure", "detail", "label", "value", "denominator" };
  char *csv;

  g_return_val_if_fail (report != NULL && report->by_indication != NULL, NULL);

  lys_language_push (&saved, language);
  lys_csv_sheet_init (out);
  lys_csv_sheet_add_fields (out, header, G_N_ELEMENTS (header));
  g_string_append (out->csv, "percent\r\n");

  g_snprintf (from, sizeof from, "%04u-%02u-%02u", g_date_get_year (&report->from), g_date_get_month (&report->from),
              g_date_get_day (&report->from));
  g_snprintf (to, sizeof to, "%04u-%02u-%02u", g_date_get_year (&report->to), g_date_get_month (&report->to),
              g_date_get_day (&report->to));
  {
    const char *first[] = { "all", "period", "from", from, _("First day") };
    const char *last[] = { "all", "period", "to", to, _("Last day") };

    lys_csv_sheet_add_fields (out, first, G_N_ELEMENTS (first));
    g_string_append_printf (out->csv, "%c%c\r\n", out->separator, out->separator);
    lys_csv_sheet_add_fields (out, last, G_N_ELEMENTS (last));
    g_string_append_printf (out->csv, "%c%c\r\n", out->separator, out->separator);
  }
  for_each_line (report, add_sheet_line, &sheet);
  csv = lys_csv_sheet_finish (out);
  lys_language_pop (&saved);
  return csv;
}

/**
 * lys_review_write_csv:
 *
 * Writes the review's CSV in one step, readable by its owner only.
 */
gboolean
lys_review_write_csv (LysReport   *report,
                      const char  *path,
                      const char  *language,
                      GError     **error)
{
  g_autofree char *csv = lys_review_dup_csv (report, language);

  return lys_output_set_contents (path, csv, -1, error);
}
