/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_REGISTRY_EXPORT (lys_registry_export_get_type ())

G_DECLARE_FINAL_TYPE (LysRegistryExport, lys_registry_export, LYS, REGISTRY_EXPORT, GObject)

typedef enum
{
  LYS_EXPORT_ALL_COURSES,
  LYS_EXPORT_INDUCTION_COURSES,
  LYS_EXPORT_MAINTENANCE_COURSES,
  LYS_N_EXPORT_COURSES
} LysExportCourses;

typedef struct
{
  char             *from;         /* first day "YYYY-MM-DD", or NULL for no limit */
  char             *to;           /* last day, included, or NULL */
  LysExportCourses  courses;
  gboolean          identified;   /* identity numbers and names, not pseudonyms */
} LysExportOptions;

typedef struct
{
  guint   patients;
  guint   left_out;               /* patients who opted out of registry follow-up */
  guint   unwritable;             /* identified: left out, their name or number
                                   * holds what cannot be written */
  gint64  first_unwritable;       /* the first of them, by the patient's number */
  guint   courses;
  guint   infusions;
  guint   observations;
  guint   adverse_events;
  guint   consents;
  guint64 entries;
  guint64 bytes;
  char    identifier[46];         /* the Bundle's, "urn:uuid:…": new for each export */
  char    checksum[65];           /* SHA-256 of the file written */
} LysExportSummary;

/* How far an export has come: patients written of all */
typedef void (*LysExportProgress) (guint    done,
                                   guint    total,
                                   gpointer user_data);

char    *lys_export_summary_dup_unwritable   (const LysExportSummary  *summary);
gboolean lys_registry_export_check_role      (LysStore                *store,
                                              GError                 **error);
LysRegistryExport *lys_registry_export_new   (LysStore                *store,
                                              const LysExportOptions  *options,
                                              GError                 **error);
gboolean lys_registry_export_count           (LysRegistryExport       *self,
                                              LysExportSummary        *summary,
                                              GError                 **error);
gboolean lys_registry_export_run             (LysRegistryExport       *self,
                                              const char              *path,
                                              LysExportProgress        progress,
                                              gpointer                 user_data,
                                              GCancellable            *cancellable,
                                              LysExportSummary        *summary,
                                              GError                 **error);
void     lys_registry_export_run_async       (LysRegistryExport       *self,
                                              const char              *path,
                                              LysExportProgress        progress,
                                              gpointer                 user_data,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 callback_data);
gboolean lys_registry_export_run_finish      (LysRegistryExport       *self,
                                              GAsyncResult            *result,
                                              LysExportSummary        *summary,
                                              GError                 **error);

const char *lys_export_courses_get_label     (LysExportCourses         courses);

G_END_DECLS
