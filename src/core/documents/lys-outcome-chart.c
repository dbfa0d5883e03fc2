/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-outcome-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lys-i18n.h"
#include <pango/pangocairo.h>

#include "lys-outcome-chart.h"
#include "lys-time.h"

#define SECONDS_PER_DAY 86400.0
#define MADRS_MAX 60.0
#define SELF_REPORT_MAX 27.0

typedef struct
{
  LysScale scale;
  LysFollowUpPoint point;
  GDateTime *at;
  double day;
  guint total;
} Point;

struct _LysOutcomeChart
{
  GArray *points;       /* Point, in time order once sorted */
  GArray *infusions;    /* double: days */
  gboolean sorted;
  LysOutcomeVerdict verdict;
  gboolean judged;
};

static void
point_clear (gpointer data)
{
  Point *point = data;

  g_clear_pointer (&point->at, g_date_time_unref);
}

static double
day_of (GDateTime *at)
{
  return (double) g_date_time_to_unix (at) / SECONDS_PER_DAY;
}

static void
set_color (cairo_t        *cr,
           const LysColor *color,
           double          alpha)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, alpha);
}

static LysColor
rgb (guint32 hex)
{
  return (LysColor) { ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0 };
}

/**
 * lys_chart_palette_init:
 * @dark: for a dark background
 *
 * The GNOME palette's colours, lighter on a dark background so that each
 * line keeps its contrast.
 */
void
lys_chart_palette_init (LysChartPalette *palette,
                        gboolean         dark)
{
  g_return_if_fail (palette != NULL);

  palette->background = rgb (dark ? 0x242424 : 0xffffff);
  palette->foreground = rgb (dark ? 0xffffff : 0x241f31);
  palette->dim = rgb (dark ? 0x9a9996 : 0x77767b);
  palette->madrs = rgb (dark ? 0x78aeed : 0x1c71d8);
  palette->self_report = rgb (dark ? 0xdc8add : 0x813d9c);
  palette->response = rgb (dark ? 0xffa348 : 0xc64600);
  palette->remission = rgb (dark ? 0x57e389 : 0x26a269);
  palette->infusion = rgb (dark ? 0xdeddda : 0x5e5c64);
}

LysOutcomeChart *
lys_outcome_chart_new (void)
{
  LysOutcomeChart *self = g_new0 (LysOutcomeChart, 1);

  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
  g_array_set_clear_func (self->points, point_clear);
  self->infusions = g_array_new (FALSE, FALSE, sizeof (double));
  return self;
}

void
lys_outcome_chart_free (LysOutcomeChart *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->points);
  g_array_unref (self->infusions);
  g_clear_pointer (&self->verdict.latest_at, g_date_time_unref);
  g_clear_pointer (&self->verdict.response_at, g_date_time_unref);
  g_clear_pointer (&self->verdict.remission_at, g_date_time_unref);
  g_free (self);
}

/**
 * lys_outcome_chart_add_rating:
 * @point: the follow-up point it answers, or %LYS_N_POINTS
 *
 * Adds a complete rating. CADSS, a measure of dissociation during the
 * infusion, is not drawn.
 */
void
lys_outcome_chart_add_rating (LysOutcomeChart  *self,
                              LysScale          scale,
                              LysFollowUpPoint  point,
                              GDateTime        *at,
                              guint             total)
{
  Point p = { scale, point, NULL, 0, total };

  g_return_if_fail (self != NULL && at != NULL);

  if (scale == LYS_SCALE_CADSS)
    return;
  p.at = g_date_time_ref (at);
  p.day = day_of (at);
  g_array_append_val (self->points, p);
  self->sorted = FALSE;
  self->judged = FALSE;
}

void
lys_outcome_chart_add_infusion (LysOutcomeChart *self,
                                GDateTime       *at)
{
  double day;

  g_return_if_fail (self != NULL && at != NULL);

  day = day_of (at);
  g_array_append_val (self->infusions, day);
  self->sorted = FALSE;
}

guint
lys_outcome_chart_get_n_points (LysOutcomeChart *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->points->len;
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *pa = a, *pb = b;

  return pa->day < pb->day ? -1 : pa->day > pb->day;
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static void
sort (LysOutcomeChart *self)
{
  if (self->sorted)
    return;
  g_array_sort (self->points, compare_points);
  g_array_sort (self->infusions, compare_days);
  self->sorted = TRUE;
}

/* The baseline is the last MADRS taken as one; without it, the first
 * MADRS. Response and remission count from the first rating after it. */
static void
judge (LysOutcomeChart *self)
{
  LysOutcomeVerdict *v = &self->verdict;
  guint baseline_index = G_MAXUINT;

  if (self->judged)
    return;
  sort (self);
  g_clear_pointer (&v->latest_at, g_date_time_unref);
  g_clear_pointer (&v->response_at, g_date_time_unref);
  g_clear_pointer (&v->remission_at, g_date_time_unref);
  memset (v, 0, sizeof *v);

  for (guint i = 0; i < self->points->len; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);

      if (p->scale != LYS_SCALE_MADRS)
        continue;
      if (p->point == LYS_POINT_BASELINE || baseline_index == G_MAXUINT)
        baseline_index = i;
    }

  if (baseline_index != G_MAXUINT)
    {
      v->has_baseline = TRUE;
      v->baseline = g_array_index (self->points, Point, baseline_index).total;
      v->response_limit = v->baseline / 2;
    }

  for (guint i = baseline_index == G_MAXUINT ? 0 : baseline_index + 1; i < self->points->len; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);

      if (p->scale != LYS_SCALE_MADRS)
        continue;
      v->has_latest = TRUE;
      v->latest = p->total;
      g_clear_pointer (&v->latest_at, g_date_time_unref);
      v->latest_at = g_date_time_ref (p->at);
      if (v->has_baseline && v->response_at == NULL && lys_madrs_is_response (v->baseline, p->total))
        {
          v->response_at = g_date_time_ref (p->at);
          v->response_total = p->total;
        }
      if (v->has_baseline && v->remission_at == NULL && lys_madrs_is_remission (p->total))
        {
          v->remission_at = g_date_time_ref (p->at);
          v->remission_total = p->total;
        }
    }

  self->judged = TRUE;
}

const LysOutcomeVerdict *
lys_outcome_chart_get_verdict (LysOutcomeChart *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  judge (self);
  return &self->verdict;
}

/**
 * lys_outcome_chart_get_headline:
 * @style: (out) (optional): "success" in remission or responding,
 *   "warning" otherwise, "" without a judgement
 *
 * Returns: where the patient stands now, in two or three words
 */
const char *
lys_outcome_chart_get_headline (LysOutcomeChart  *self,
                                const char      **style)
{
  const LysOutcomeVerdict *v = lys_outcome_chart_get_verdict (self);
  const char *tag = "warning";
  const char *text;

  if (!v->has_baseline || !v->has_latest)
    {
      tag = "";
      text = v->has_baseline ? _("Baseline Taken") : _("No Baseline Yet");
    }
  else if (lys_madrs_is_remission (v->latest))
    {
      tag = "success";
      text = _("In Remission");
    }
  else if (lys_madrs_is_response (v->baseline, v->latest))
    {
      tag = "success";
      text = _("Responding");
    }
  else if (v->response_at != NULL)
    text = _("Responded, Above the Line Again");
  else
    text = _("Not Responding Yet");

  if (style != NULL)
    *style = tag;
  return text;
}

/**
 * lys_outcome_chart_dup_summary:
 *
 * Returns: (transfer full): in words, whether the patient has responded and
 *   is in remission, and since when
 */
char *
lys_outcome_chart_dup_summary (LysOutcomeChart *self)
{
  const LysOutcomeVerdict *v = lys_outcome_chart_get_verdict (self);
  GString *text = g_string_new (NULL);

  if (!v->has_baseline)
    return g_strdup (_("No MADRS on record yet: response and remission are judged against a baseline MADRS."));

  /* Translators: %u is the baseline MADRS total */
  g_string_append_printf (text, _("Baseline MADRS %u."), v->baseline);
  g_string_append_c (text, ' ');
  if (!v->has_latest)
    {
      g_string_append (text, _("No MADRS since the baseline yet."));
      return g_string_free (text, FALSE);
    }

  if (v->response_at != NULL)
    {
      g_autofree char *day = lys_time_format (v->response_at, _("%-d %b %Y"));

      /* Translators: %1$s is a date, %2$u a MADRS total, %3$u the highest total that is a response */
      g_string_append_printf (text, _("Response reached on %1$s (MADRS %2$u; %3$u or less is a response)."),
                              day, v->response_total, v->response_limit);
    }
  else
    g_string_append_printf (text, _("No response yet: the latest MADRS is %1$u; %2$u or less is a response."),
                            v->latest, v->response_limit);
  g_string_append_c (text, ' ');
  if (v->remission_at != NULL)
    {
      g_autofree char *day = lys_time_format (v->remission_at, _("%-d %b %Y"));

      /* Translators: %1$s is a date, %2$u a MADRS total */
      g_string_append_printf (text, _("Remission reached on %1$s (MADRS %2$u)."), day, v->remission_total);
    }
  else
    g_string_append (text, _("Not in remission: that is a MADRS of 10 or less."));

  if (v->response_at != NULL && !lys_madrs_is_response (v->baseline, v->latest))
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("The latest MADRS, %u, is above the response line again."), v->latest);
    }

  return g_string_free (text, FALSE);
}

/* Drawing */

typedef struct
{
  cairo_t *cr;
  const LysChartPalette *palette;
  const char *font;
  double left, right, top, bottom;   /* the plot area */
  double first_day, last_day;
} Plot;

static double
x_of (const Plot *plot,
      double      day)
{
  double span = MAX (plot->last_day - plot->first_day, 1);

  return plot->left + (day - plot->first_day) / span * (plot->right - plot->left);
}

static double
y_of (const Plot *plot,
      double      value,
      double      maximum)
{
  return plot->bottom - value / maximum * (plot->bottom - plot->top);
}

static PangoLayout *
text_layout (const Plot *plot,
             const char *text,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (plot->cr);
  PangoFontDescription *font = pango_font_description_from_string (plot->font ? plot->font : "Sans 9");

  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* @align: 0 left, 0.5 centred, 1 right of @x; @valign likewise of @y */
static double
show_text (const Plot     *plot,
           const char     *text,
           double          x,
           double          y,
           double          align,
           double          valign,
           const LysColor *color,
           gboolean        bold)
{
  g_autoptr(PangoLayout) layout = text_layout (plot, text, bold);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  set_color (plot->cr, color, 1);
  cairo_move_to (plot->cr, x - align * width, y - valign * height);
  pango_cairo_show_layout (plot->cr, layout);
  return width;
}

static gboolean
boxes_overlap (const LysChartBox *a,
               const LysChartBox *b,
               double             gap)
{
  return a->bottom - a->height < b->bottom && b->bottom - b->height < a->bottom &&
         a->right - a->width - gap < b->right && b->right - b->width - gap < a->right;
}

/**
 * lys_chart_place_labels:
 * @gap: the room to keep between two labels side by side
 *
 * Moves each label left of those before it that it would cover, so that
 * the labels of lines close together (the response line at 14 and the
 * remission line at 10, or both at 10) stay readable.
 */
void
lys_chart_place_labels (LysChartBox *boxes,
                        guint        n,
                        double       gap)
{
  for (guint i = 1; i < n; i++)
    {
      gboolean moved = TRUE;

      while (moved)
        {
          moved = FALSE;
          for (guint j = 0; j < i; j++)
            if (boxes_overlap (&boxes[i], &boxes[j], gap))
              {
                boxes[i].right = boxes[j].right - boxes[j].width - gap;
                moved = TRUE;
              }
        }
    }
}

/* Labels over their lines at the right end, none covering another */
static void
show_line_labels (const Plot      *plot,
                  const char     **texts,
                  const double    *values,
                  const LysColor **colors,
                  guint            n)
{
  LysChartBox boxes[4];

  g_return_if_fail (n <= G_N_ELEMENTS (boxes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) layout = text_layout (plot, texts[i], TRUE);
      int width, height;

      pango_layout_get_pixel_size (layout, &width, &height);
      boxes[i] = (LysChartBox) { plot->right - 4, y_of (plot, values[i], MADRS_MAX) - 2, width, height };
    }
  lys_chart_place_labels (boxes, n, 12);
  for (guint i = 0; i < n; i++)
    show_text (plot, texts[i], boxes[i].right, boxes[i].bottom, 1, 1, colors[i], TRUE);
}

static void
horizontal_line (const Plot     *plot,
                 double          y,
                 const LysColor *color,
                 double          dash,
                 double          width)
{
  cairo_t *cr = plot->cr;

  cairo_save (cr);
  set_color (cr, color, 1);
  cairo_set_line_width (cr, width);
  if (dash > 0)
    cairo_set_dash (cr, (double[]) { dash, dash }, 2, 0);
  cairo_move_to (cr, plot->left, round (y) + 0.5);
  cairo_line_to (cr, plot->right, round (y) + 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_grid (const Plot *plot)
{
  cairo_t *cr = plot->cr;

  cairo_save (cr);
  set_color (cr, &plot->palette->dim, 0.25);
  cairo_set_line_width (cr, 1);
  for (guint value = 0; value <= MADRS_MAX; value += 10)
    {
      g_autofree char *label = g_strdup_printf ("%u", value);
      double y = round (y_of (plot, value, MADRS_MAX)) + 0.5;

      cairo_move_to (cr, plot->left, y);
      cairo_line_to (cr, plot->right, y);
      cairo_stroke (cr);
      show_text (plot, label, plot->left - 6, y, 1, 0.5, &plot->palette->dim, FALSE);
      set_color (cr, &plot->palette->dim, 0.25);
    }
  for (guint value = 0; value <= SELF_REPORT_MAX; value += 9)
    {
      g_autofree char *label = g_strdup_printf ("%u", value);

      show_text (plot, label, plot->right + 6, y_of (plot, value, SELF_REPORT_MAX), 0, 0.5,
                 &plot->palette->self_report, FALSE);
    }
  cairo_restore (cr);
}

/* Month ticks along the time axis, as many as fit */
static void
draw_time_axis (const Plot *plot)
{
  static const guint steps[] = { 1, 2, 3, 6, 12, 24, 60 };
  g_autoptr(GDateTime) first = g_date_time_new_from_unix_local ((gint64) (plot->first_day * SECONDS_PER_DAY));
  g_autoptr(GDateTime) month = NULL;
  double per_month = (plot->right - plot->left) / MAX ((plot->last_day - plot->first_day) / 30.44, 0.1);
  guint step = steps[G_N_ELEMENTS (steps) - 1];

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (per_month * steps[i] >= 70)
      {
        step = steps[i];
        break;
      }

  month = g_date_time_new_local (g_date_time_get_year (first), g_date_time_get_month (first), 1, 0, 0, 0);
  for (guint guard = 0; guard < 2000; guard++)
    {
      g_autoptr(GDateTime) next = g_date_time_add_months (month, (int) step);
      double x = x_of (plot, day_of (month));

      if (x > plot->right)
        break;
      if (x >= plot->left && (g_date_time_get_month (month) - 1) % step == 0)
        {
          g_autofree char *label = lys_time_format (month, step >= 12 ? "%Y" : "%b %Y");

          cairo_save (plot->cr);
          set_color (plot->cr, &plot->palette->dim, 0.6);
          cairo_set_line_width (plot->cr, 1);
          cairo_move_to (plot->cr, round (x) + 0.5, plot->bottom);
          cairo_line_to (plot->cr, round (x) + 0.5, plot->bottom + 4);
          cairo_stroke (plot->cr);
          cairo_restore (plot->cr);
          show_text (plot, label, x, plot->bottom + 16, 0.5, 0, &plot->palette->dim, FALSE);
        }
      g_date_time_unref (month);
      month = g_steal_pointer (&next);
    }
}

static void
draw_infusions (const Plot      *plot,
                LysOutcomeChart *self)
{
  cairo_t *cr = plot->cr;

  cairo_save (cr);
  for (guint i = 0; i < self->infusions->len; i++)
    {
      double x = x_of (plot, g_array_index (self->infusions, double, i));

      set_color (cr, &plot->palette->infusion, 0.18);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, round (x) + 0.5, plot->top);
      cairo_line_to (cr, round (x) + 0.5, plot->bottom);
      cairo_stroke (cr);
      /* A small triangle on the axis */
      set_color (cr, &plot->palette->infusion, 1);
      cairo_move_to (cr, x, plot->bottom - 1);
      cairo_line_to (cr, x - 4.5, plot->bottom + 7);
      cairo_line_to (cr, x + 4.5, plot->bottom + 7);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static void
draw_series (const Plot      *plot,
             LysOutcomeChart *self,
             LysScale         scale,
             const LysColor  *color,
             double           maximum,
             double           line_width)
{
  cairo_t *cr = plot->cr;
  gboolean started = FALSE;

  cairo_save (cr);
  set_color (cr, color, 1);
  cairo_set_line_width (cr, line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->points->len; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);
      double x, y;

      if (p->scale != scale)
        continue;
      x = x_of (plot, p->day);
      y = y_of (plot, p->total, maximum);
      if (started)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      started = TRUE;
    }
  cairo_stroke (cr);

  for (guint i = 0; i < self->points->len; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);

      if (p->scale != scale)
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, x_of (plot, p->day), y_of (plot, p->total, maximum), line_width + 2, 0, 2 * G_PI);
    }
  cairo_fill (cr);
  cairo_restore (cr);
}

static gboolean
has_scale (LysOutcomeChart *self,
           LysScale         scale)
{
  for (guint i = 0; i < self->points->len; i++)
    if (g_array_index (self->points, Point, i).scale == scale)
      return TRUE;
  return FALSE;
}

static void
draw_legend (const Plot      *plot,
             LysOutcomeChart *self,
             double           x,
             double           y)
{
  struct { LysScale scale; const LysColor *color; } entries[] = {
    { LYS_SCALE_MADRS, &plot->palette->madrs },
    { LYS_SCALE_PHQ9, &plot->palette->self_report },
    { LYS_SCALE_QIDS_SR16, &plot->palette->self_report },
  };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      if (!has_scale (self, entries[i].scale) && entries[i].scale != LYS_SCALE_MADRS)
        continue;
      set_color (plot->cr, entries[i].color, 1);
      cairo_rectangle (plot->cr, x, y + 4, 14, 4);
      cairo_fill (plot->cr);
      x += 20 + show_text (plot, lys_scale_get_label (entries[i].scale), x + 20, y, 0, 0,
                           &plot->palette->foreground, FALSE) + 16;
    }
  if (self->infusions->len > 0)
    {
      set_color (plot->cr, &plot->palette->infusion, 1);
      cairo_move_to (plot->cr, x + 7, y + 2);
      cairo_line_to (plot->cr, x + 2.5, y + 10);
      cairo_line_to (plot->cr, x + 11.5, y + 10);
      cairo_close_path (plot->cr);
      cairo_fill (plot->cr);
      show_text (plot, _("Infusion"), x + 20, y, 0, 0, &plot->palette->foreground, FALSE);
    }
}

/**
 * lys_outcome_chart_draw:
 * @cr: a context whose user space is @width × @height
 * @font: (nullable): a Pango font description, e.g. the widget's
 *
 * Draws the chart. The background is left as it is.
 */
void
lys_outcome_chart_draw (LysOutcomeChart       *self,
                        cairo_t               *cr,
                        double                 width,
                        double                 height,
                        const LysChartPalette *palette,
                        const char            *font)
{
  const LysOutcomeVerdict *verdict;
  Plot plot = { cr, palette, font, 44, width - 36, 34, height - 40, 0, 0 };
  double first = G_MAXDOUBLE, last = -G_MAXDOUBLE, margin;

  g_return_if_fail (self != NULL && cr != NULL && palette != NULL);

  verdict = lys_outcome_chart_get_verdict (self);
  if (self->points->len == 0 || plot.right - plot.left < 40 || plot.bottom - plot.top < 40)
    {
      show_text (&plot, _("No ratings yet"), width / 2, height / 2, 0.5, 0.5, &palette->dim, FALSE);
      return;
    }

  for (guint i = 0; i < self->points->len; i++)
    {
      first = MIN (first, g_array_index (self->points, Point, i).day);
      last = MAX (last, g_array_index (self->points, Point, i).day);
    }
  for (guint i = 0; i < self->infusions->len; i++)
    {
      first = MIN (first, g_array_index (self->infusions, double, i));
      last = MAX (last, g_array_index (self->infusions, double, i));
    }
  margin = MAX ((last - first) * 0.04, 3);
  plot.first_day = first - margin;
  plot.last_day = last + margin;

  cairo_save (cr);
  draw_grid (&plot);
  draw_time_axis (&plot);
  draw_infusions (&plot, self);

  {
    g_autofree char *baseline = g_strdup_printf (_("Baseline %u"), verdict->baseline);
    /* Translators: the response line of the chart: half the baseline or less */
    g_autofree char *response = g_strdup_printf (_("Response ≤ %u"), verdict->response_limit);
    /* Translators: the remission line of the chart: a MADRS of 10 or less */
    const char *texts[] = { _("Remission ≤ 10"), response, baseline };
    const double values[] = { 10, verdict->response_limit, verdict->baseline };
    const LysColor *colors[] = { &palette->remission, &palette->response, &palette->dim };

    horizontal_line (&plot, y_of (&plot, 10, MADRS_MAX), &palette->remission, 6, 1.5);
    if (verdict->has_baseline)
      {
        horizontal_line (&plot, y_of (&plot, verdict->baseline, MADRS_MAX), &palette->dim, 2, 1);
        horizontal_line (&plot, y_of (&plot, verdict->response_limit, MADRS_MAX), &palette->response, 6, 1.5);
      }
    show_line_labels (&plot, texts, values, colors, verdict->has_baseline ? 3 : 1);
  }

  draw_series (&plot, self, LYS_SCALE_PHQ9, &palette->self_report, SELF_REPORT_MAX, 1.5);
  draw_series (&plot, self, LYS_SCALE_QIDS_SR16, &palette->self_report, SELF_REPORT_MAX, 1.5);
  draw_series (&plot, self, LYS_SCALE_MADRS, &palette->madrs, MADRS_MAX, 2.5);
  draw_legend (&plot, self, plot.left, 6);
  cairo_restore (cr);
}

typedef struct
{
  LysOutcomeChart *chart;
  double width, height;
  LysChartPalette palette;
} Export;

static gboolean
draw_export (cairo_t  *cr,
             guint     page,
             gpointer  user_data)
{
  Export *export = user_data;

  set_color (cr, &export->palette.background, 1);
  cairo_paint (cr);
  lys_outcome_chart_draw (export->chart, cr, export->width, export->height, &export->palette, NULL);
  return FALSE;
}

/**
 * lys_outcome_chart_write:
 * @kind: %LYS_SURFACE_PNG (at twice the size, for sharp print) or
 *   %LYS_SURFACE_SVG
 *
 * Writes the chart on a white background, readable by its owner only.
 */
gboolean
lys_outcome_chart_write (LysOutcomeChart  *self,
                         const char       *path,
                         LysSurfaceKind    kind,
                         double            width,
                         double            height,
                         GError          **error)
{
  Export export = { self, width, height };

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);

  lys_chart_palette_init (&export.palette, FALSE);
  return lys_surface_file_write (path, kind, width, height, 2, NULL, NULL, draw_export, &export, error);
}
