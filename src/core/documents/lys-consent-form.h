/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "lys-domain.h"
#include "lys-national-id.h"
#include "lys-surface-file.h"

G_BEGIN_DECLS

/* The off-label consent form: a clinic-editable template in one language,
 * filled for one patient, laid out on A4 pages with cairo and Pango. The
 * same layout prints (through GTK) and writes a PDF (here, no display). */

#define LYS_CONSENT_A4_WIDTH  LYS_A4_WIDTH
#define LYS_CONSENT_A4_HEIGHT LYS_A4_HEIGHT

typedef struct
{
  const char  *patient_name;
  const char  *national_id;
  LysNationalIdKind national_id_kind;
  const char  *language;       /* the template's: "nb" or "en" */
  const char  *physician_name;
  const char  *clinic_name;
  guint        infusion_minutes;
  guint        observation_minutes;
  guint        course_infusions;
  guint        course_days;
  gboolean     maintenance;     /* a booster course, not the induction */
  LysIndication indication;     /* what is treated */
  const char  *indication_note; /* for "other": what it is */
  const char  *funding;         /* for another indication: a LysFunding nick, or NULL */
  GPtrArray   *infusions;       /* GDateTime, booked infusions; may be empty */
} LysConsentValues;

typedef struct _LysConsentForm LysConsentForm;

gboolean        lys_consent_template_check (const char              *template_text,
                                            GError                 **error);
char           *lys_consent_template_dup_default (const char        *language);
char           *lys_consent_template_dup_standard (const char       *version,
                                                  const char       *language);

LysConsentForm *lys_consent_form_new       (const char              *template_text,
                                            const char              *version,
                                            const LysConsentValues  *values,
                                            GError                 **error);
void            lys_consent_form_free      (LysConsentForm          *self);
const char     *lys_consent_form_get_text  (LysConsentForm          *self);
const char     *lys_consent_form_get_checksum (LysConsentForm       *self);
const char     *lys_consent_form_get_title (LysConsentForm          *self);
guint           lys_consent_form_count_pages (LysConsentForm        *self,
                                            cairo_t                 *cr);
void            lys_consent_form_draw_page (LysConsentForm          *self,
                                            cairo_t                 *cr,
                                            guint                    page);
gboolean        lys_consent_form_write_pdf (LysConsentForm          *self,
                                            const char              *path,
                                            const char              *author,
                                            GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysConsentForm, lys_consent_form_free)

G_END_DECLS
