/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Drawings written to a file: PDF pages, an SVG or a PNG image, each
 * replaced in one step and readable by its owner only */

typedef enum
{
  LYS_SURFACE_PDF,
  LYS_SURFACE_SVG,
  LYS_SURFACE_PNG,
} LysSurfaceKind;

#define LYS_A4_WIDTH  595.276   /* points */
#define LYS_A4_HEIGHT 841.890

/* Draws page @page (from 0) on @cr; returns whether another page follows */
typedef gboolean (*LysDrawPageFunc) (cairo_t  *cr,
                                     guint     page,
                                     gpointer  user_data);

gboolean lys_surface_kind_from_path (const char       *path,
                                     LysSurfaceKind   *kind);
gboolean lys_surface_file_write     (const char       *path,
                                     LysSurfaceKind    kind,
                                     double            width,
                                     double            height,
                                     double            scale,
                                     const char       *title,
                                     const char       *author,
                                     LysDrawPageFunc   draw,
                                     gpointer          user_data,
                                     GError          **error);

G_END_DECLS
