/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_APPLICATION (lys_application_get_type ())

G_DECLARE_FINAL_TYPE (LysApplication, lys_application, LYS, APPLICATION, AdwApplication)

LysApplication *lys_application_new (const char *database_path,
                                     gboolean    demo);

G_END_DECLS
