/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-form"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-dialog.h"
#include "lys-form.h"
#include "lys-staff.h"
#include "lys-time.h"

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
  /* A drop-down is read by its inner button, "GtkToggleButton" unless named */
  if (GTK_IS_DROP_DOWN (field))
    for (GtkWidget *c = gtk_widget_get_first_child (field); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_TOGGLE_BUTTON (c))
        gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL,
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
 * lys_form_row_add_field:
 * @field: an entry, a spin button, a switch or a check button
 *
 * Puts @field in @row, where a click on the row reaches it: a check button
 * before the title, as in a checklist, anything else at the end. The row itself takes no focus: with the row and the field both Tab
 * stops, every other Tab lands on the row and a digit typed there is lost.
 */
void
lys_form_row_add_field (AdwActionRow *row,
                        GtkWidget    *field)
{
  g_return_if_fail (ADW_IS_ACTION_ROW (row));
  g_return_if_fail (GTK_IS_WIDGET (field));

  gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
  if (GTK_IS_CHECK_BUTTON (field))
    adw_action_row_add_prefix (row, field);
  else
    adw_action_row_add_suffix (row, field);
  adw_action_row_set_activatable_widget (row, field);
  gtk_widget_set_focusable (GTK_WIDGET (row), FALSE);
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

/**
 * lys_form_new_dialog:
 * @parent: a widget of the window the dialog belongs to
 * @response: the response that takes the step, beside Cancel
 * @appearance: how @response looks; a destructive one is not the default
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
AdwMessageDialog *
lys_form_new_dialog (GtkWidget             *parent,
                     const char            *heading,
                     const char            *body,
                     const char            *response,
                     const char            *label,
                     AdwResponseAppearance  appearance)
{
  AdwMessageDialog *dialog = lys_alert_new_dialog (parent, heading, body);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  adw_message_dialog_set_default_response (dialog, appearance == ADW_RESPONSE_DESTRUCTIVE ? "cancel" : response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_extra_child (dialog, gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  return dialog;
}

static GtkWidget *
dialog_box (AdwMessageDialog *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);

  if (box == NULL)
    {
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      adw_message_dialog_set_extra_child (dialog, box);
    }
  return box;
}

GtkEntry *
lys_form_dialog_add_entry (AdwMessageDialog *dialog,
                           const char       *key,
                           const char       *mnemonic,
                           const char       *text)
{
  GtkEntry *entry = lys_form_add_entry (dialog_box (dialog), mnemonic, text);

  lys_dialog_keep_field (LYS_DIALOG (dialog), key, GTK_WIDGET (entry), NULL);
  return entry;
}

/**
 * lys_form_dialog_add_choice:
 * @names: (transfer full): a #GtkStringList of the choices
 */
GtkDropDown *
lys_form_dialog_add_choice (AdwMessageDialog *dialog,
                            const char       *key,
                            const char       *mnemonic,
                            GListModel       *names)
{
  GtkWidget *dropdown = gtk_drop_down_new (names, NULL);

  lys_form_add_field (dialog_box (dialog), mnemonic, dropdown);
  lys_dialog_keep_field (LYS_DIALOG (dialog), key, dropdown, NULL);
  return GTK_DROP_DOWN (dropdown);
}

GtkTextView *
lys_form_dialog_add_text (AdwMessageDialog *dialog,
                          const char       *key,
                          const char       *mnemonic)
{
  GtkTextView *view = NULL;

  gtk_box_append (GTK_BOX (dialog_box (dialog)), lys_form_new_text_field (mnemonic, &view));
  lys_dialog_keep_field (LYS_DIALOG (dialog), key, GTK_WIDGET (view), NULL);
  return view;
}

/* What the entry under @key holds */
const char *
lys_form_dialog_get_text (AdwMessageDialog *dialog,
                          const char       *key)
{
  GtkWidget *entry = lys_dialog_get_field (LYS_DIALOG (dialog), key);

  return entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (entry)) : NULL;
}

/* What the text view under @key holds */
char *
lys_form_dialog_dup_long_text (AdwMessageDialog *dialog,
                               const char       *key)
{
  GtkTextView *view = GTK_TEXT_VIEW (lys_dialog_get_field (LYS_DIALOG (dialog), key));
  GtkTextIter start, end;

  if (view == NULL)
    return NULL;
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
}

guint
lys_form_dialog_get_choice (AdwMessageDialog *dialog,
                            const char       *key)
{
  GtkWidget *dropdown = lys_dialog_get_field (LYS_DIALOG (dialog), key);

  return dropdown != NULL ? gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)) : GTK_INVALID_LIST_POSITION;
}

/**
 * lys_form_dialog_set_choice_ids:
 * @ids: (transfer full): the id of the record each item of the choice under
 *   @key stands for
 */
void
lys_form_dialog_set_choice_ids (AdwMessageDialog *dialog,
                                const char       *key,
                                GArray           *ids)
{
  GtkWidget *choice = lys_dialog_get_field (LYS_DIALOG (dialog), key);

  g_return_if_fail (GTK_IS_DROP_DOWN (choice));

  lys_dialog_keep_field (LYS_DIALOG (dialog), key, choice, ids);
}

/* The id of the record the item chosen under @key stands for, or 0 */
gint64
lys_form_dialog_get_choice_id (AdwMessageDialog *dialog,
                               const char       *key)
{
  GArray *ids = lys_dialog_get_field_ids (LYS_DIALOG (dialog), key);
  guint chosen = lys_form_dialog_get_choice (dialog, key);

  return ids != NULL && chosen < ids->len ? g_array_index (ids, gint64, chosen) : 0;
}

/**
 * lys_form_dialog_set_record:
 * @record: the id of the record the dialog's answer is about
 */
void
lys_form_dialog_set_record (AdwMessageDialog *dialog,
                            gint64            record)
{
  lys_dialog_set_record (LYS_DIALOG (dialog), record);
}

/* The record the dialog's answer is about, or 0 */
gint64
lys_form_dialog_get_record (AdwMessageDialog *dialog)
{
  return lys_dialog_get_record (LYS_DIALOG (dialog));
}

static void
bind_choice_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GObject *choice = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkWidget *row = child != NULL ? gtk_widget_get_parent (child) : NULL;

  /* The list's own item around the child is what takes the focus */
  if (GTK_IS_STRING_OBJECT (choice) && row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_string_object_get_string (GTK_STRING_OBJECT (choice)), -1);
}

static GtkWidget *
first_label (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = GTK_IS_LABEL (c) ? c : first_label (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The items made before the drop-down was first used (GTK's own list item
 * widget, private to it, holds the label the factory made) */
static void
name_items (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *label = g_str_equal (G_OBJECT_TYPE_NAME (c), "GtkListItemWidget") ? first_label (c) : NULL;

      if (label != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        gtk_label_get_label (GTK_LABEL (label)), -1);
      else
        name_items (c);
    }
}

/* The drop-down or combo row @widget is part of, its list's items named
 * from now on; once for each */
static void
name_choices (GtkWidget *widget)
{
  GtkWidget *choices = gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN);
  GtkListItemFactory *factory = NULL;

  if (choices == NULL)
    choices = gtk_widget_get_ancestor (widget, ADW_TYPE_COMBO_ROW);
  if (choices == NULL || g_object_get_data (G_OBJECT (choices), "lys-choices-named") != NULL)
    return;

  if (GTK_IS_DROP_DOWN (choices))
    factory = gtk_drop_down_get_list_factory (GTK_DROP_DOWN (choices)) ?: gtk_drop_down_get_factory (GTK_DROP_DOWN (choices));
  else
    factory = adw_combo_row_get_list_factory (ADW_COMBO_ROW (choices)) ?: adw_combo_row_get_factory (ADW_COMBO_ROW (choices));
  if (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory))
    g_signal_connect_after (factory, "bind", G_CALLBACK (bind_choice_cb), NULL);
  name_items (choices);
  g_object_set_data (G_OBJECT (choices), "lys-choices-named", GINT_TO_POINTER (TRUE));
}

static void
on_focus_widget_cb (GtkWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  /* A list opens from the drop-down that has the focus, by key or click */
  if (focus != NULL)
    name_choices (focus);
}

static void
on_toplevels_changed_cb (GListModel *toplevels,
                         guint       position,
                         guint       removed,
                         guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (window), "lys-choices-named") != NULL)
        continue;
      g_object_set_data (G_OBJECT (window), "lys-choices-named", GINT_TO_POINTER (TRUE));
      g_signal_connect (window, "notify::focus-widget", G_CALLBACK (on_focus_widget_cb), NULL);
    }
}

void
lys_form_name_choices_in_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_signal_connect (toplevels, "items-changed", G_CALLBACK (on_toplevels_changed_cb), NULL);
  on_toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels));
}

/**
 * lys_form_dialog_add_witness:
 *
 * Adds the witness to a step of the ketamine record: a second health
 * worker, chosen by name, who types their own witness code into this
 * workstation. Read with lys_form_dialog_get_witness().
 */
void
lys_form_dialog_add_witness (AdwMessageDialog *dialog,
                             LysStore         *store)
{
  g_autoptr(GPtrArray) staff = lys_store_list_staff (store, LYS_N_ROLES, NULL);
  GtkStringList *names = gtk_string_list_new (NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 none = 0;
  GtkEntry *code;

  /* Translators: the witness, before one is chosen */
  gtk_string_list_append (names, _("Choose…"));
  g_array_append_val (ids, none);
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      LysStaffMember *member = g_ptr_array_index (staff, i);

      if (member->role == LYS_ROLE_COORDINATOR || member->id == lys_store_get_current_staff_id (store))
        continue;
      if (member->witness)
        gtk_string_list_append (names, member->name);
      else
        {
          /* Translators: a staff member who cannot witness until they set a code */
          g_autofree char *name = g_strdup_printf (_("%s (no witness code yet)"), member->name);

          gtk_string_list_append (names, name);
        }
      g_array_append_val (ids, member->id);
    }
  lys_form_dialog_add_choice (dialog, "witness", _("_Witness"), G_LIST_MODEL (names));
  lys_form_dialog_set_choice_ids (dialog, "witness", ids);
  code = lys_form_dialog_add_entry (dialog, "witness-code", _("The witness’s _code, typed by them"), "");
  gtk_entry_set_visibility (code, FALSE);
  gtk_entry_set_input_purpose (code, GTK_INPUT_PURPOSE_PASSWORD);
}

/**
 * lys_form_dialog_get_witness:
 * @code: (out): what the witness typed
 *
 * Returns: the witness chosen, or 0
 */
gint64
lys_form_dialog_get_witness (AdwMessageDialog  *dialog,
                             const char       **code)
{
  *code = lys_form_dialog_get_text (dialog, "witness-code");
  return lys_form_dialog_get_choice_id (dialog, "witness");
}

/**
 * lys_form_read_day:
 * @day: (out): the day typed, or cleared when the row is empty
 *
 * A day typed in a filter row (1.7.2026 or 2026-07-01), where empty means
 * no limit. Text that is no day marks the row.
 *
 * Returns: whether the row holds a day or nothing
 */
gboolean
lys_form_read_day (AdwEntryRow *row,
                   GDate       *day)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  gboolean ok = *text == '\0' || lys_time_parse_date (text, day);

  if (*text == '\0')
    g_date_clear (day, 1);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  return ok;
}
