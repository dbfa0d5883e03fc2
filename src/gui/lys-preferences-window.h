/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_PREFERENCES_WINDOW (lys_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LysPreferencesWindow, lys_preferences_window, LYS, PREFERENCES_WINDOW, AdwPreferencesWindow)

LysPreferencesWindow *lys_preferences_window_new         (LysStore             *store);
GtkSpinButton        *lys_preferences_window_get_spin    (LysPreferencesWindow *self,
                                                          LysSetting            setting);

void                  lys_preferences_window_set_backup_folder (LysPreferencesWindow *self,
                                                                const char           *folder);

gboolean              lys_preferences_window_become_lead (LysPreferencesWindow  *self,
                                                          GError               **error);

G_END_DECLS
