/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-report-pdf"

#include "config.h"

#include <math.h>

#include "lys-i18n.h"
#include <pango/pangocairo.h>

#include "lys-domain.h"
#include "lys-language.h"
#include "lys-report-pdf.h"
#include "lys-review.h"
#include "lys-time.h"

#define MARGIN 56.0
#define FONT "Sans 10"
#define FONT_SMALL "Sans 8"
#define FONT_HEADING "Sans Bold 12"
#define FONT_TITLE "Sans Bold 18"
#define ROW_GAP 3.0

static void
set_color (cairo_t        *cr,
           const LysColor *color,
           double          alpha)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, alpha);
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *font,
             const char *text,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
show (cairo_t        *cr,
      const char     *font,
      const char     *text,
      double          x,
      double          y,
      double          width,
      double          align,
      const LysColor *color)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, font, text, width);
  int w, h;

  if (width > 0 && align > 0)
    pango_layout_set_alignment (layout, align >= 1 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (color != NULL)
    set_color (cr, color, 1);
  cairo_move_to (cr, width > 0 ? x : x - align * w, y);
  pango_cairo_show_layout (cr, layout);
  return h;
}

/* Charts */

/* The left edge of a chart whose axis is labelled "0 %" to "100 %": as
 * far in as the widest label in @font needs, in any language */
static double
text_width (cairo_t    *cr,
            const char *font,
            const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, font, text, 0);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

static double
percent_axis_left (cairo_t    *cr,
                   const char *font)
{
  g_autofree char *widest = g_strdup_printf ("%u %%", 100);

  return text_width (cr, font, widest) + 8;
}

/* The lines and labels of that axis, every @step percent */
static void
draw_percent_grid (cairo_t               *cr,
                   const char            *font,
                   const LysChartPalette *palette,
                   double                 left,
                   double                 right,
                   double                 top,
                   double                 bottom,
                   guint                  step)
{
  for (guint value = 0; value <= 100; value += step)
    {
      g_autofree char *label = g_strdup_printf ("%u %%", value);
      double y = round (bottom - value / 100.0 * (bottom - top)) + 0.5;

      set_color (cr, &palette->dim, 0.3);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      show (cr, font, label, left - 4, y - 6, 0, 1, &palette->dim);
    }
}

/**
 * lys_report_draw_outcomes:
 *
 * Response and remission after the induction and at 1, 3, 6 and 12 months,
 * as bars of the share of those measured, with the counts under each.
 */
void
lys_report_draw_outcomes (LysReport             *report,
                          cairo_t               *cr,
                          double                 width,
                          double                 height,
                          const LysChartPalette *palette,
                          const char            *font)
{
  const char *small = font != NULL ? font : FONT_SMALL;
  double left, right = width - 8, top = 24, bottom = height - 60;
  double group, bar, legend;

  g_return_if_fail (report != NULL && cr != NULL && palette != NULL);

  left = percent_axis_left (cr, small);
  group = (right - left) / LYS_REPORT_N_OUTCOMES;
  bar = MIN (group * 0.3, 48);

  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  draw_percent_grid (cr, small, palette, left, right, top, bottom, 25);

  /* The legend */
  set_color (cr, &palette->response, 1);
  cairo_rectangle (cr, left, 4, 10, 10);
  cairo_fill (cr);
  legend = left + 14 + text_width (cr, small, _("Response")) + 24;
  show (cr, small, _("Response"), left + 14, 2, 0, 0, &palette->foreground);
  set_color (cr, &palette->remission, 1);
  cairo_rectangle (cr, legend, 4, 10, 10);
  cairo_fill (cr);
  show (cr, small, _("Remission"), legend + 14, 2, 0, 0, &palette->foreground);

  for (guint i = 0; i < LYS_REPORT_N_OUTCOMES; i++)
    {
      const LysReportOutcome *o = &report->outcomes[i];
      double x = left + group * i + group / 2;
      const guint counts[2] = { o->responders, o->remitters };
      const LysColor *colors[2] = { &palette->response, &palette->remission };
      /* Translators: under a bar of the report: how many were measured, e.g. "12 measured, 3 missing" */
      g_autofree char *under = g_strdup_printf (_("%1$u measured, %2$u missing"), o->measured, o->missing);
      double label_height;

      for (guint k = 0; k < 2; k++)
        {
          double share = o->measured ? (double) counts[k] / o->measured : 0;
          double bx = x - bar - 2 + k * (bar + 4);
          double by = bottom - share * (bottom - top);
          g_autofree char *label = o->measured ? g_strdup_printf ("%u", counts[k]) : g_strdup ("–");

          set_color (cr, colors[k], 1);
          cairo_rectangle (cr, bx, by, bar, bottom - by);
          cairo_fill (cr);
          show (cr, small, label, bx + bar / 2, by - 13, 0, 0.5, &palette->foreground);
        }
      /* Each under its own bars, wrapped rather than running into the next */
      label_height = show (cr, small, lys_follow_up_point_get_label (o->point), x - group / 2 + 2, bottom + 4,
                           group - 4, 0.5, &palette->foreground);
      show (cr, small, under, x - group / 2 + 2, bottom + 5 + label_height, group - 4, 0.5, &palette->dim);
    }
  cairo_restore (cr);
}

/**
 * lys_report_draw_rooms:
 *
 * The share of the rooms' open time booked for infusions, week by week.
 */
void
lys_report_draw_rooms (LysReport             *report,
                       cairo_t               *cr,
                       double                 width,
                       double                 height,
                       const LysChartPalette *palette,
                       const char            *font)
{
  const char *small = font != NULL ? font : FONT_SMALL;
  double left, right = width - 8, top = 8, bottom = height - 22;
  guint n, label_every;
  double step;

  g_return_if_fail (report != NULL && cr != NULL && palette != NULL);

  left = percent_axis_left (cr, small);
  n = report->weeks->len;
  step = n ? (right - left) / n : 0;
  label_every = MAX (1, (guint) ceil (60 / MAX (step, 0.1)));

  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  draw_percent_grid (cr, small, palette, left, right, top, bottom, 50);

  for (guint i = 0; i < n; i++)
    {
      const LysReportWeek *w = &g_array_index (report->weeks, LysReportWeek, i);
      double share = w->open_minutes ? MIN (1.0, (double) w->booked_minutes / w->open_minutes) : 0;
      double x = left + i * step;

      set_color (cr, &palette->madrs, 1);
      cairo_rectangle (cr, x + MIN (1, step * 0.15), bottom - share * (bottom - top),
                       MAX (step - 2 * MIN (1, step * 0.15), 0.5), share * (bottom - top));
      cairo_fill (cr);
      if (i % label_every == 0)
        {
          guint year;
          guint week = lys_time_get_iso_week (&w->monday, &year);
          /* Translators: the ISO week number under a bar, e.g. "W 3", and with its ISO year over a longer period */
          g_autofree char *label = n > 52 ? g_strdup_printf (_("W %1$u %2$u"), week, year)
                                          : g_strdup_printf (_("W %u"), week);

          show (cr, small, label, x + step / 2, bottom + 4, 0, 0.5, &palette->dim);
        }
    }
  cairo_restore (cr);
}

/* The pages */

typedef struct
{
  LysTablesDocument *document;
  cairo_t *cr;
  int target;        /* the page drawn, or -1 to count */
  guint page;
  double y;
  LysChartPalette palette;
} Flow;

static gboolean
drawing (Flow *flow)
{
  return flow->target == (int) flow->page;
}

static void
room_for (Flow   *flow,
          double  height)
{
  if (flow->y + height > LYS_A4_HEIGHT - MARGIN - 20)
    {
      flow->page++;
      flow->y = MARGIN;
    }
}

static void
text (Flow       *flow,
      const char *font,
      const char *content,
      double      gap_after)
{
  double width = LYS_A4_WIDTH - 2 * MARGIN;
  g_autoptr(PangoLayout) layout = make_layout (flow->cr, font, content, width);
  int h;

  pango_layout_get_pixel_size (layout, NULL, &h);
  room_for (flow, h);
  if (drawing (flow))
    {
      set_color (flow->cr, &flow->palette.foreground, 1);
      cairo_move_to (flow->cr, MARGIN, flow->y);
      pango_cairo_show_layout (flow->cr, layout);
    }
  flow->y += h + gap_after;
}

static void
heading (Flow       *flow,
         const char *title)
{
  room_for (flow, 60);
  flow->y += 10;
  text (flow, FONT_HEADING, title, 4);
}

/* A table row: a label and its values in right-aligned columns */
static void
row (Flow        *flow,
     const char  *label,
     const char **values,
     guint        n_values,
     gboolean     header)
{
  double width = LYS_A4_WIDTH - 2 * MARGIN;
  /* Two columns wide enough for a long word in a heading, "Behandlingsresistent" */
  double label_width = n_values > 3 ? width * 0.24 : n_values > 1 ? width * 0.3 : width - 150;
  double column = (width - label_width) / n_values;
  const char *font = header ? "Sans Bold 9" : n_values > 2 ? "Sans 9" : FONT;
  g_autoptr(PangoLayout) layout = make_layout (flow->cr, font, label, label_width - 8);
  PangoLayout *cells[LYS_REPORT_MAX_VALUES] = { NULL };
  int h;

  g_return_if_fail (n_values <= G_N_ELEMENTS (cells));

  pango_layout_get_pixel_size (layout, NULL, &h);
  for (guint i = 0; i < n_values; i++)
    {
      int cell_height;

      cells[i] = make_layout (flow->cr, font, values[i], column - 6);
      pango_layout_set_alignment (cells[i], PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (cells[i], NULL, &cell_height);
      h = MAX (h, cell_height);
    }

  room_for (flow, h + ROW_GAP);
  if (drawing (flow))
    {
      set_color (flow->cr, &flow->palette.foreground, 1);
      cairo_move_to (flow->cr, MARGIN, flow->y);
      pango_cairo_show_layout (flow->cr, layout);
      for (guint i = 0; i < n_values; i++)
        {
          cairo_move_to (flow->cr, MARGIN + label_width + column * i + 6, flow->y);
          pango_cairo_show_layout (flow->cr, cells[i]);
        }
      set_color (flow->cr, &flow->palette.dim, 0.35);
      cairo_set_line_width (flow->cr, 0.5);
      cairo_move_to (flow->cr, MARGIN, flow->y + h + ROW_GAP / 2);
      cairo_line_to (flow->cr, MARGIN + width, flow->y + h + ROW_GAP / 2);
      cairo_stroke (flow->cr);
    }
  for (guint i = 0; i < n_values; i++)
    g_object_unref (cells[i]);
  flow->y += h + ROW_GAP;
}

typedef void (*ChartFunc) (LysReport *, cairo_t *, double, double, const LysChartPalette *, const char *);

static void
chart (Flow      *flow,
       ChartFunc  draw,
       double     height)
{
  room_for (flow, height);
  if (drawing (flow))
    {
      cairo_save (flow->cr);
      cairo_translate (flow->cr, MARGIN, flow->y);
      draw (flow->document->report, flow->cr, LYS_A4_WIDTH - 2 * MARGIN, height, &flow->palette, NULL);
      cairo_restore (flow->cr);
    }
  flow->y += height + 6;
}

static void
flow_document (Flow *flow)
{
  LysTablesDocument *d = flow->document;
  /* Translators: when the report was made, see strftime(3); Norwegian writes "%d.%m.%Y kl. %H:%M" */
  g_autofree char *created = g_date_time_format (d->created_at, _("%Y-%m-%d %H:%M"));
  g_autofree char *made = g_strdup_printf (_("Made %s with Lysning"), created);

  flow->y = MARGIN;
  text (flow, FONT_TITLE, d->title, 4);
  text (flow, FONT, d->clinic_name ? d->clinic_name : "", 2);
  text (flow, FONT, d->period, 2);
  text (flow, FONT_SMALL, made, 8);

  for (guint i = 0; i < d->sections->len; i++)
    {
      LysReportSection *section = g_ptr_array_index (d->sections, i);

      heading (flow, section->title);
      if (section->note != NULL)
        text (flow, FONT_SMALL, section->note, 4);
      if (section->header != NULL)
        row (flow, section->header->label, (const char **) section->header->values, section->header->n_values, TRUE);
      for (guint k = 0; k < section->rows->len; k++)
        {
          LysReportLine *line = g_ptr_array_index (section->rows, k);

          row (flow, line->label, (const char **) line->values, line->n_values, line->total);
        }
      if (section->chart == LYS_REPORT_CHART_OUTCOMES && d->report != NULL)
        chart (flow, lys_report_draw_outcomes, 170);
      else if (section->chart == LYS_REPORT_CHART_ROOMS && d->report != NULL)
        chart (flow, lys_report_draw_rooms, 110);
    }
}

static void
footer (Flow  *flow,
        guint  n_pages)
{
  /* Translators: the page number at the foot of the report */
  g_autofree char *number = g_strdup_printf (_("Page %1$u of %2$u"), flow->page + 1, n_pages);

  show (flow->cr, FONT_SMALL, number, MARGIN, LYS_A4_HEIGHT - MARGIN + 8, LYS_A4_WIDTH - 2 * MARGIN, 1,
        &flow->palette.dim);
}

typedef struct
{
  LysTablesDocument document;
  guint n_pages;
} Pages;

static gboolean
draw_page (cairo_t  *cr,
           guint     page,
           gpointer  user_data)
{
  Pages *pages = user_data;
  Flow flow = { &pages->document, cr, -1, 0, 0 };

  lys_chart_palette_init (&flow.palette, FALSE);
  if (pages->n_pages == 0)
    {
      flow_document (&flow);
      pages->n_pages = flow.page + 1;
    }
  flow.target = (int) page;
  flow.page = 0;
  flow_document (&flow);
  flow.page = page;
  footer (&flow, pages->n_pages);
  return page + 1 < pages->n_pages;
}

/**
 * lys_tables_write_pdf:
 * @language: (nullable): "nb" or "en"; %NULL for the user interface's
 * @describe: fills in the document, in @language
 *
 * Writes a document of headed tables (the clinic report, the review, the
 * ketamine statement) as A4 pages with real text, in one step, readable by
 * its owner only.
 */
gboolean
lys_tables_write_pdf (const char         *path,
                      const char         *language,
                      LysTablesDescribe   describe,
                      gpointer            data,
                      GError            **error)
{
  Pages pages = { { 0 }, 0 };
  LysLanguage saved = { 0 };
  gboolean ok;

  g_return_val_if_fail (path != NULL && describe != NULL, FALSE);

  lys_language_push (&saved, language);
  describe (data, &pages.document);
  ok = lys_surface_file_write (path, LYS_SURFACE_PDF, LYS_A4_WIDTH, LYS_A4_HEIGHT, 1, pages.document.title,
                               pages.document.clinic_name, draw_page, &pages, error);
  lys_language_pop (&saved);
  g_free (pages.document.title);
  g_free (pages.document.period);
  g_clear_pointer (&pages.document.sections, g_ptr_array_unref);
  return ok;
}

static void
describe_report (gpointer           data,
                 LysTablesDocument *document,
                 gboolean           review)
{
  LysReport *report = data;

  document->title = g_strdup (review ? _("Review Report") : _("Clinic Report"));
  document->clinic_name = report->clinic_name;
  document->period = lys_report_dup_period (report);
  document->created_at = report->created_at;
  document->sections = review ? lys_review_dup_sections (report) : lys_report_dup_sections (report);
  document->report = report;
}

static void
describe_clinic_report (gpointer           data,
                        LysTablesDocument *document)
{
  describe_report (data, document, FALSE);
}

static void
describe_review (gpointer           data,
                 LysTablesDocument *document)
{
  describe_report (data, document, TRUE);
}

/**
 * lys_report_write_pdf:
 * @language: (nullable): "nb" or "en"; %NULL for the user interface's
 *
 * Writes the report as A4 pages with real text, in one step, readable by
 * its owner only.
 */
gboolean
lys_report_write_pdf (LysReport   *report,
                      const char  *path,
                      const char  *language,
                      GError     **error)
{
  g_return_val_if_fail (report != NULL, FALSE);

  return lys_tables_write_pdf (path, language, describe_clinic_report, report, error);
}

/**
 * lys_review_write_pdf:
 * @report: from lys_report_compute() with %LYS_REPORT_REVIEW
 * @language: (nullable): "nb" or "en"; %NULL for the user interface's
 *
 * Writes the review report as A4 pages, as lys_report_write_pdf() does.
 */
gboolean
lys_review_write_pdf (LysReport   *report,
                      const char  *path,
                      const char  *language,
                      GError     **error)
{
  g_return_val_if_fail (report != NULL && report->by_indication != NULL, FALSE);

  return lys_tables_write_pdf (path, language, describe_review, report, error);
}
