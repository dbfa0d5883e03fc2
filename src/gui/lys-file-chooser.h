/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The desktop's file chooser, modal over @parent, showing files of one
 * type: @mime_type or any of the @suffixes. With @current_name it saves.
 * Owned by the caller, who drops it in the "response" handler. */
GtkFileChooserNative *lys_file_chooser_new (GtkWindow          *parent,
                                            const char         *title,
                                            const char         *accept_label,
                                            const char         *filter_name,
                                            const char         *mime_type,
                                            const char * const *suffixes,
                                            const char         *current_name);
GFile                *lys_file_chooser_finish (GtkNativeDialog    *chooser,
                                               int                 response);

G_END_DECLS
