/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-rows"

#include "config.h"

#include "lys-item.h"
#include "lys-rows.h"

/* A line of a list of text rows, and its tags: text and style, by turns */
typedef struct
{
  char *title;
  char *subtitle;
  GStrv tags;
} Text;

static void
text_free (gpointer data)
{
  Text *text = data;

  g_free (text->title);
  g_free (text->subtitle);
  g_strfreev (text->tags);
  g_free (text);
}

void
lys_rows_clear (GtkListBox *list)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/**
 * lys_rows_new:
 * @subtitle: (nullable): lines under the title
 *
 * A row of text as a clinician wrote it: no markup.
 */
GtkWidget *
lys_rows_new (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/**
 * lys_rows_new_tag:
 * @style: "planned", "done", "missed", "cancelled" or "alert"
 *
 * A pill with a state, for a row's suffix.
 */
GtkWidget *
lys_rows_new_tag (const char *text,
                  const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "appointment-state");
  gtk_widget_add_css_class (label, style);
  gtk_widget_add_css_class (label, "caption-heading");
  return label;
}

/* What an empty list says in its place */
GtkWidget *
lys_rows_new_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

static GtkWidget *
create_text_row (gpointer item,
                 gpointer data)
{
  Text *text = lys_item_get_record (item);
  GtkWidget *row = lys_rows_new (text->title, text->subtitle);

  for (guint i = 0; text->tags[i] != NULL && text->tags[i + 1] != NULL; i += 2)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), lys_rows_new_tag (text->tags[i], text->tags[i + 1]));
  return row;
}

/**
 * lys_rows_bind_texts:
 *
 * Binds @list to a model of text rows, filled with lys_rows_append_text ()
 * and emptied with g_list_store_remove_all ().
 *
 * Returns: (transfer none): the model, which lives as long as @list
 */
GListStore *
lys_rows_bind_texts (GtkListBox *list)
{
  g_autoptr(GListStore) texts = g_list_store_new (LYS_TYPE_ITEM);

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);

  gtk_list_box_bind_model (list, G_LIST_MODEL (texts), create_text_row, NULL, NULL);
  return texts;
}

/**
 * lys_rows_append_text:
 * @subtitle: (nullable): lines under the title
 * @tags: (nullable) (array zero-terminated=1): the row's tags, each a text
 *   and a style (as lys_rows_new_tag () takes them) by turns
 *
 * Adds a row of text as a clinician wrote it to a list lys_rows_bind_texts ()
 * made.
 */
void
lys_rows_append_text (GListStore         *texts,
                      const char         *title,
                      const char         *subtitle,
                      const char * const *tags)
{
  Text *text = g_new0 (Text, 1);
  g_autoptr(LysItem) item = NULL;

  g_return_if_fail (G_IS_LIST_STORE (texts));

  text->title = g_strdup (title);
  text->subtitle = g_strdup (subtitle);
  text->tags = tags != NULL ? g_strdupv ((GStrv) tags) : g_new0 (char *, 1);
  item = lys_item_new (text, text_free);
  g_list_store_append (texts, item);
}
