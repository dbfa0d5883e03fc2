/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_BACKUPS (lys_backups_get_type ())

G_DECLARE_FINAL_TYPE (LysBackups, lys_backups, LYS, BACKUPS, GObject)

LysBackups *lys_backups_new            (GtkWidget       *window,
                                        AdwToastOverlay *toasts,
                                        LysStore        *store,
                                        GSettings       *settings);
void        lys_backups_stop           (LysBackups      *self);
void        lys_backups_choose_backup  (LysBackups      *self);
void        lys_backups_choose_restore (LysBackups      *self);
void        lys_backups_backup_to      (LysBackups      *self,
                                        GFile           *file);
void        lys_backups_restore        (LysBackups      *self,
                                        GFile           *backup,
                                        GFile           *target);

G_END_DECLS
