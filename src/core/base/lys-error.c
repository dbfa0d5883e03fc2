/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "lys-error.h"

G_DEFINE_QUARK (lys-error-quark, lys_error)
