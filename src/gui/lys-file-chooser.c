/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-file-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-file-chooser.h"

GtkFileChooserNative *
lys_file_chooser_new (GtkWindow          *parent,
                      const char         *title,
                      const char         *accept_label,
                      const char         *filter_name,
                      const char         *mime_type,
                      const char * const *suffixes,
                      const char         *current_name)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserAction action = current_name != NULL ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, parent, action, accept_label, _("_Cancel"));
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  for (guint i = 0; suffixes != NULL && suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), current_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

/**
 * lys_file_chooser_finish:
 * @response: the chooser's response
 *
 * For the "response" handler: lets go of the chooser.
 *
 * Returns: (transfer full) (nullable): the file chosen, or %NULL when the
 *   user cancelled
 */
GFile *
lys_file_chooser_finish (GtkNativeDialog *chooser,
                         int              response)
{
  GFile *file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser)) : NULL;

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  return file;
}
