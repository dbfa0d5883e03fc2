/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-surface-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include "lys-i18n.h"
#include <glib/gstdio.h>

#include "lys-error.h"
#include "lys-output-file.h"
#include "lys-surface-file.h"

typedef struct
{
  int fd;
  int saved_errno;
} Sink;

static cairo_status_t
write_to_fd (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      ssize_t written = write (sink->fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          sink->saved_errno = written < 0 ? errno : ENOSPC;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += written;
      length -= (unsigned int) written;
    }

  return CAIRO_STATUS_SUCCESS;
}

/**
 * lys_surface_kind_from_path:
 *
 * Returns: whether @path ends in .pdf, .svg or .png (in any case)
 */
gboolean
lys_surface_kind_from_path (const char     *path,
                            LysSurfaceKind *kind)
{
  static const struct { const char *suffix; LysSurfaceKind kind; } suffixes[] = {
    { ".pdf", LYS_SURFACE_PDF }, { ".svg", LYS_SURFACE_SVG }, { ".png", LYS_SURFACE_PNG },
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i].suffix))
      {
        *kind = suffixes[i].kind;
        return TRUE;
      }
  return FALSE;
}

static cairo_status_t
draw_pages (cairo_surface_t *surface,
            LysSurfaceKind   kind,
            double           scale,
            LysDrawPageFunc  draw,
            gpointer         user_data)
{
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;
  gboolean more = TRUE;

  if (kind == LYS_SURFACE_PNG)
    cairo_scale (cr, scale, scale);
  for (guint page = 0; more; page++)
    {
      cairo_save (cr);
      more = draw (cr, page, user_data);
      cairo_restore (cr);
      /* An image or an SVG has one page */
      if (kind != LYS_SURFACE_PDF)
        break;
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  return status;
}

/**
 * lys_surface_file_write:
 * @width: (in points for PDF and SVG, in pixels before @scale for PNG)
 * @scale: pixels per unit of a PNG; ignored otherwise
 * @title: (nullable): the document's title, for a PDF
 * @author: (nullable): its author, for a PDF
 * @draw: called for each page
 *
 * Writes the drawing as a whole (lys_output_file_open()): @path is never
 * left half written, and never the clinic's database.
 */
gboolean
lys_surface_file_write (const char       *path,
                        LysSurfaceKind    kind,
                        double            width,
                        double            height,
                        double            scale,
                        const char       *title,
                        const char       *author,
                        LysDrawPageFunc   draw,
                        gpointer          user_data,
                        GError          **error)
{
  LysOutputFile *file;
  cairo_surface_t *surface;
  cairo_status_t status;
  Sink sink = { -1, 0 };

  g_return_val_if_fail (path != NULL && draw != NULL, FALSE);

  file = lys_output_file_open (path, error);
  if (file == NULL)
    return FALSE;
  sink.fd = lys_output_file_get_fd (file);

  switch (kind)
    {
    case LYS_SURFACE_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_to_fd, &sink, width, height);
      if (title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      if (author != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Lysning " PACKAGE_VERSION);
      break;
    case LYS_SURFACE_SVG:
      surface = cairo_svg_surface_create_for_stream (write_to_fd, &sink, width, height);
      break;
    case LYS_SURFACE_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (width * scale + 0.5),
                                            (int) (height * scale + 0.5));
      break;
    }

  status = draw_pages (surface, kind, scale, draw, user_data);
  if (status == CAIRO_STATUS_SUCCESS && kind == LYS_SURFACE_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_to_fd, &sink);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *display = g_filename_display_name (path);

      lys_output_file_abort (file);
      /* Translators: %1$s is a file name, %2$s the system's reason */
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("Cannot write %1$s: %2$s"), display,
                   sink.saved_errno != 0 ? g_strerror (sink.saved_errno) : cairo_status_to_string (status));
      return FALSE;
    }
  return lys_output_file_commit (file, error);
}
