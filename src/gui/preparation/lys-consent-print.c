/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-consent-print"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-consent-print.h"

/* Prints the consent form through the GTK print dialog, with its preview.
 * The pages are drawn by the same code that writes the PDF, on A4 in
 * points, so print and PDF match. */
struct _LysConsentPrint
{
  GtkPrintOperation parent_instance;

  LysConsentForm *form;     /* owned */
};

G_DEFINE_FINAL_TYPE (LysConsentPrint, lys_consent_print, GTK_TYPE_PRINT_OPERATION)

static void
lys_consent_print_begin_print (GtkPrintOperation *operation,
                               GtkPrintContext   *context)
{
  LysConsentPrint *self = LYS_CONSENT_PRINT (operation);

  gtk_print_operation_set_n_pages (operation,
                                   (int) lys_consent_form_count_pages (self->form,
                                                                       gtk_print_context_get_cairo_context (context)));
}

static void
lys_consent_print_draw_page (GtkPrintOperation *operation,
                             GtkPrintContext   *context,
                             int                page)
{
  LysConsentPrint *self = LYS_CONSENT_PRINT (operation);

  lys_consent_form_draw_page (self->form, gtk_print_context_get_cairo_context (context), (guint) page);
}

static void
lys_consent_print_finalize (GObject *object)
{
  LysConsentPrint *self = LYS_CONSENT_PRINT (object);

  g_clear_pointer (&self->form, lys_consent_form_free);

  G_OBJECT_CLASS (lys_consent_print_parent_class)->finalize (object);
}

static void
lys_consent_print_class_init (LysConsentPrintClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *print_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = lys_consent_print_finalize;
  print_class->begin_print = lys_consent_print_begin_print;
  print_class->draw_page = lys_consent_print_draw_page;
}

static void
lys_consent_print_init (LysConsentPrint *self)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
  /* The form has its own margins; the drawing is in points from the sheet's corner */
  gtk_print_operation_set_use_full_page (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_unit (GTK_PRINT_OPERATION (self), GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), FALSE);
}

/**
 * lys_consent_print_new:
 * @form: (transfer full): the form filled for the patient
 */
LysConsentPrint *
lys_consent_print_new (LysConsentForm *form)
{
  LysConsentPrint *self;

  g_return_val_if_fail (form != NULL, NULL);

  self = g_object_new (LYS_TYPE_CONSENT_PRINT, NULL);
  self->form = form;
  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self), lys_consent_form_get_title (form));
  return self;
}
