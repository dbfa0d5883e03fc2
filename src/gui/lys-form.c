/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-form"

#include "config.h"

#include "lys-form.h"

/**
 * lys_form_add_field:
 * @box: a vertical box
 * @mnemonic: the caption, with its mnemonic, e.g. "_Date (dd.mm.yyyy)"
 * @field: the field it names
 *
 * Returns: (transfer none): @field
 */
GtkWidget *
lys_form_add_field (GtkWidget  *box,
                    const char *mnemonic,
                    GtkWidget  *field)
{
  GtkWidget *caption = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (caption), field);
  gtk_widget_add_css_class (caption, "caption-heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (caption)), -1);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), field);
  return field;
}

/**
 * lys_form_add_entry:
 * @text: what the entry holds at first
 *
 * An entry whose Enter answers the dialog with its default response.
 */
GtkEntry *
lys_form_add_entry (GtkWidget  *box,
                    const char *mnemonic,
                    const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  return GTK_ENTRY (lys_form_add_field (box, mnemonic, entry));
}
