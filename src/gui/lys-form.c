/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-form"

#include "config.h"

#include "lys-form.h"
#include "lys-staff.h"

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

/**
 * lys_form_fill_staff:
 * @staff: (element-type LysStaffMember): the clinic's staff
 *
 * Offers in @row the staff who may take @task.
 *
 * Returns: (transfer container) (element-type LysStaffMember): those
 *   offered, in the row's order, borrowed from @staff
 */
GPtrArray *
lys_form_fill_staff (AdwComboRow  *row,
                     GPtrArray    *staff,
                     LysStaffTask  task)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *offered = g_ptr_array_new ();

  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      LysStaffMember *member = staff->pdata[i];

      if (!lys_staff_may (member->role, member->kap_certified, task))
        continue;
      g_ptr_array_add (offered, member);
      gtk_string_list_append (names, member->name);
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  return offered;
}

/**
 * lys_form_new_text_field:
 * @view: (out): the text view
 *
 * A captioned text of several lines, for a dialog's extra child.
 *
 * Returns: (transfer floating): a box with the caption and the text
 */
GtkWidget *
lys_form_new_text_field (const char   *mnemonic,
                         GtkTextView **view)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *text = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (text), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (text), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (text), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (text), 6);
  gtk_widget_set_size_request (text, 320, 120);
  gtk_frame_set_child (GTK_FRAME (frame), text);
  lys_form_add_field (box, mnemonic, frame);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box))), -1);
  *view = GTK_TEXT_VIEW (text);
  return box;
}
