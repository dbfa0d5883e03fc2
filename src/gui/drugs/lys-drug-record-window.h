/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-record-window.h"

G_BEGIN_DECLS

#define LYS_TYPE_DRUG_RECORD_WINDOW (lys_drug_record_window_get_type ())

G_DECLARE_FINAL_TYPE (LysDrugRecordWindow, lys_drug_record_window, LYS, DRUG_RECORD_WINDOW, LysRecordWindow)

LysDrugRecordWindow *lys_drug_record_window_new (GtkWindow  *parent,
                                                 LysStore   *store,
                                                 GError    **error);
gboolean             lys_drug_record_window_write_statement (LysDrugRecordWindow  *self,
                                                             const char           *period,
                                                             GFile                *file,
                                                             GError              **error);

G_END_DECLS
