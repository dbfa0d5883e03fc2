/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lys-clinic-settings.h"
#include "lys-domain.h"
#include "lys-patient.h"

G_BEGIN_DECLS

#define LYS_TYPE_STORE (lys_store_get_type ())

G_DECLARE_FINAL_TYPE (LysStore, lys_store, LYS, STORE, GObject)

LysStore   *lys_store_open                  (const char   *path,
                                             GError      **error);
char       *lys_store_dup_default_path      (gboolean      demo);
const char *lys_store_get_path              (LysStore     *self);
guint       lys_store_get_schema_version    (LysStore     *self);
guint       lys_store_get_latest_schema_version (void);
gboolean    lys_store_is_demo               (LysStore     *self);

/* The acting staff member: the profile mapped to the OS account. */
gint64      lys_store_get_current_staff_id  (LysStore     *self);
const char *lys_store_get_current_staff_name (LysStore    *self);
LysRole     lys_store_get_current_role      (LysStore     *self);

double      lys_store_get_setting           (LysStore     *self,
                                             LysSetting    setting);
gboolean    lys_store_set_setting           (LysStore     *self,
                                             LysSetting    setting,
                                             double        value,
                                             GError      **error);

GListModel *lys_store_get_patients          (LysStore     *self);
gboolean    lys_store_add_patient           (LysStore     *self,
                                             LysPatient   *patient,
                                             GError      **error);
gboolean    lys_store_log_patient_read      (LysStore     *self,
                                             gint64        patient_id,
                                             const char   *what,
                                             GError      **error);

GListModel *lys_store_list_infusions        (LysStore     *self,
                                             GDateTime    *from,
                                             GDateTime    *until,
                                             GError      **error);
GListModel *lys_store_list_course_infusions (LysStore     *self,
                                             gint64        patient_id,
                                             GError      **error);

G_END_DECLS
