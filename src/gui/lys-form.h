/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-store.h"

G_BEGIN_DECLS

/* Fields of the small forms inside message dialogs: a caption with a
 * mnemonic above each field, which also names it for screen readers. */
GtkWidget *lys_form_add_field (GtkWidget  *box,
                               const char *mnemonic,
                               GtkWidget  *field);
GtkEntry  *lys_form_add_entry (GtkWidget  *box,
                               const char *mnemonic,
                               const char *text);

/* A field a row holds at its end: one Tab stop, the field's, so what is
 * typed after Tab lands in it and never on the row */
void       lys_form_row_add_field (AdwActionRow *row,
                                   GtkWidget    *field);

/* The choices of every drop-down and combo row in the app's windows read
 * by their text: GTK 4.8 leaves the items of their lists nameless */
void       lys_form_name_choices_in_windows (void);

GtkWidget *lys_form_new_text_field (const char   *mnemonic,
                                    GtkTextView **view);

/* A dialog that asks before a step, its fields in its extra child, each
 * kept under a key */
AdwMessageDialog *lys_form_new_dialog       (GtkWidget             *parent,
                                             const char            *heading,
                                             const char            *body,
                                             const char            *response,
                                             const char            *label,
                                             AdwResponseAppearance  appearance);
GtkEntry         *lys_form_dialog_add_entry (AdwMessageDialog      *dialog,
                                             const char            *key,
                                             const char            *mnemonic,
                                             const char            *text);
GtkDropDown      *lys_form_dialog_add_choice (AdwMessageDialog     *dialog,
                                             const char            *key,
                                             const char            *mnemonic,
                                             GListModel            *names);
GtkTextView      *lys_form_dialog_add_text  (AdwMessageDialog      *dialog,
                                             const char            *key,
                                             const char            *mnemonic);
const char       *lys_form_dialog_get_text  (AdwMessageDialog      *dialog,
                                             const char            *key);
char             *lys_form_dialog_dup_long_text (AdwMessageDialog  *dialog,
                                             const char            *key);
guint             lys_form_dialog_get_choice (AdwMessageDialog     *dialog,
                                             const char            *key);
void              lys_form_dialog_set_choice_ids (AdwMessageDialog *dialog,
                                                 const char       *key,
                                                 GArray           *ids);
gint64            lys_form_dialog_get_choice_id  (AdwMessageDialog *dialog,
                                                 const char       *key);
void              lys_form_dialog_set_record (AdwMessageDialog     *dialog,
                                             gint64                 record);
gint64            lys_form_dialog_get_record (AdwMessageDialog     *dialog);

GPtrArray *lys_form_fill_staff (AdwComboRow  *row,
                                GPtrArray    *staff,
                                LysStaffTask  task);

void              lys_form_dialog_add_witness (AdwMessageDialog    *dialog,
                                               LysStore            *store);
gint64            lys_form_dialog_get_witness (AdwMessageDialog    *dialog,
                                               const char         **code);

gboolean          lys_form_read_day          (AdwEntryRow         *row,
                                              GDate               *day);

G_END_DECLS
