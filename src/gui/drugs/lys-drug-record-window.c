/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-drug-record-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-dialog.h"
#include "lys-drug-record-window.h"
#include "lys-drug-statement.h"
#include "lys-error.h"
#include "lys-file-chooser.h"
#include "lys-form.h"
#include "lys-format.h"
#include "lys-item.h"
#include "lys-rows.h"
#include "lys-store-drugs.h"
#include "lys-text.h"
#include "lys-time.h"

/* The ketamine record (narkotikaregnskap): the stock by lot, the ledger of
 * every entry (by kind, lot and days), the differences counts found that are not yet explained;
 * receipts, counts with a witness, explanations and corrections, and the
 * statement of a month or a year. For physicians and nurses; read by
 * psychologists; never shown to coordinators. */

/* The ledger shows the newest entries; a filter finds the older */
#define SHOWN 200

struct _LysDrugRecordWindow
{
  LysRecordWindow parent_instance;

  GPtrArray *products;      /* LysDrugProduct */
  GPtrArray *all_lots;      /* LysDrugLot, empty ones too: the lot filter */
  GListStore *lots;         /* LysItem of LysDrugLot in stock */
  GListStore *entries;      /* LysItem of LysDrugEntry, newest first */
  GListStore *open;         /* LysItem of LysDrugEntry: open differences */

  AdwToastOverlay *toast_overlay;
  GtkRevealer *due_revealer;
  GtkLabel *due_label;
  GtkWidget *receive_button;
  AdwViewStack *stack;
  AdwViewStackPage *differences_page;
  GtkListBox *lots_list;
  GtkListBox *entries_list;
  GtkListBox *open_list;
  AdwComboRow *kind_row;
  AdwComboRow *lot_row;
  AdwEntryRow *from_row;
  AdwEntryRow *to_row;
  char *statement_period;   /* of the statement whose file is being chosen */
};

G_DEFINE_FINAL_TYPE (LysDrugRecordWindow, lys_drug_record_window, LYS_TYPE_RECORD_WINDOW)

static void
toast (LysDrugRecordWindow *self,
       const char          *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}


static char *
format_units (gint64      units,
              LysDrugForm form)
{
  /* Translators: how many ampoules or vials, e.g. "12 ampoules" */
  return g_strdup_printf (form == LYS_DRUG_FORM_VIAL ? ngettext ("%d vial", "%d vials", (gulong) ABS (units))
                                                     : ngettext ("%d ampoule", "%d ampoules", (gulong) ABS (units)),
                          (int) units);
}

static GtkWidget *
row_button (const char *label,
            const char *action,
            gint64      id,
            const char *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return button;
}

/* The form of the product an entry or a lot is of */
static LysDrugForm
form_of (LysDrugRecordWindow *self,
         gint64               product_id)
{
  for (guint i = 0; self->products != NULL && i < self->products->len; i++)
    {
      LysDrugProduct *product = g_ptr_array_index (self->products, i);

      if (product->id == product_id)
        return product->form;
    }
  return LYS_DRUG_FORM_AMPOULE;
}

static GtkWidget *
create_lot_row (gpointer item,
                gpointer data)
{
  LysDrugRecordWindow *self = data;
  LysDrugLot *lot = lys_item_get_record (item);
  g_autoptr(GDateTime) now = lys_store_dup_now (lys_record_window_get_store (LYS_RECORD_WINDOW (self)));
  g_autofree char *expiry = lys_format_gdate (&lot->expires_on);
  g_autofree char *counted = lot->last_counted_at ? lys_format_date (lot->last_counted_at) : NULL;
  g_autofree char *units = format_units (lot->units, form_of (self, lot->product_id));
  g_autofree char *mg = lys_text_format_amount (lot->units * lot->mg_per_unit);
  /* Translators: a lot's stock, e.g. "12 ampoules · 600 mg" */
  g_autofree char *stock = g_strdup_printf (_("%1$s · %2$s mg"), units, mg);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *amount = gtk_label_new (stock);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  subtitle = counted != NULL
    /* Translators: a lot: its product, expiry date and the date of its last count */
    ? g_strdup_printf (_("%1$s · expires %2$s · counted %3$s"), lot->product_name, expiry, counted)
    /* Translators: a lot: its product and expiry date; never counted */
    : g_strdup_printf (_("%1$s · expires %2$s · not counted yet"), lot->product_name, expiry);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lot->lot_number);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (g_date_compare (&lot->expires_on, &today) < 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), lys_rows_new_tag (_("Expired"), "alert"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
  /* Translators: %s is a lot number */
  accessible = g_strdup_printf (_("Count lot %s"), lot->lot_number);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("_Count…"), "drugs.count", lot->id, accessible));
  return row;
}

/* What the entry did, in a few words */
static char *
describe_entry (LysDrugRecordWindow *self,
                const LysDrugEntry  *entry)
{
  LysDrugForm form = form_of (self, entry->product_id);
  const char *kind = lys_drug_entry_kind_get_label (entry->kind);
  g_autofree char *units = format_units (ABS (entry->units), form);
  g_autofree char *mg = lys_text_format_amount (entry->mg);

  switch (entry->kind)
    {
    case LYS_DRUG_ENTRY_RECEIPT:
    case LYS_DRUG_ENTRY_DRAW:
    case LYS_DRUG_ENTRY_CORRECTION:
      /* Translators: an entry and what it moved, e.g. "Received · 20 ampoules" */
      return g_strdup_printf (_("%1$s · %2$s%3$s"), kind, entry->units < 0 ? "−" : "", units);
    case LYS_DRUG_ENTRY_WASTE:
      /* Translators: an entry and its milligrams, e.g. "Wasted · 12,5 mg" */
      return g_strdup_printf (_("%1$s · %2$s mg"), kind, mg);
    case LYS_DRUG_ENTRY_COUNT:
      {
        g_autofree char *found = format_units (entry->found_units, form);
        g_autofree char *difference = format_units (ABS (entry->units), form);

        if (entry->units == 0)
          /* Translators: a count that matched the record, e.g. "Counted · 12 ampoules, as recorded" */
          return g_strdup_printf (_("%1$s · %2$s, as recorded"), kind, found);
        return entry->units < 0
          /* Translators: a count, e.g. "Counted · 11 ampoules, 1 ampoule short" */
          ? g_strdup_printf (_("%1$s · %2$s, %3$s short"), kind, found, difference)
          /* Translators: a count, e.g. "Counted · 13 ampoules, 1 ampoule over" */
          : g_strdup_printf (_("%1$s · %2$s, %3$s over"), kind, found, difference);
      }
    case LYS_DRUG_ENTRY_EXPLANATION:
    case LYS_N_DRUG_ENTRY_KINDS:
    default:
      return g_strdup (kind);
    }
}

static GtkWidget *
create_entry_row (gpointer item,
                  gpointer data)
{
  LysDrugRecordWindow *self = data;
  LysDrugEntry *entry = lys_item_get_record (item);
  g_autofree char *title = describe_entry (self, entry);
  g_autofree char *day = lys_format_date (entry->at);
  g_autofree char *clock = g_date_time_format (entry->at, "%H:%M");
  /* Translators: a day and a time of day, e.g. "2 Dec 2026 09:40" */
  g_autofree char *when = g_strdup_printf (_("%1$s %2$s"), day, clock);
  g_autofree char *balance = format_units (entry->balance, form_of (self, entry->product_id));
  GString *subtitle = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();

  g_string_append_printf (subtitle, "%s · %s", when, entry->lot_number);
  if (entry->patient != NULL)
    g_string_append_printf (subtitle, " · %s", entry->patient);
  g_string_append_printf (subtitle, " · %s", entry->staff_name);
  if (entry->witness_name != NULL)
    /* Translators: who witnessed an entry, after the one who made it */
    g_string_append_printf (subtitle, _(", witness %s"), entry->witness_name);
  if (entry->delivery_note != NULL)
    /* Translators: the pharmacy's delivery note of a receipt */
    g_string_append_printf (subtitle, _(" · delivery note %s"), entry->delivery_note);
  if (entry->reason != NULL)
    g_string_append_printf (subtitle, "\n%s", entry->reason);
  if (entry->action != NULL)
    g_string_append_printf (subtitle, " — %s", entry->action);
  /* Translators: the lot's balance after an entry */
  g_string_append_printf (subtitle, _(" · balance %s"), balance);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  g_string_free (subtitle, TRUE);

  if (entry->answered_by > 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               lys_rows_new_tag (entry->kind == LYS_DRUG_ENTRY_COUNT ? _("Explained") : _("Corrected"),
                                                 "done"));
  else if ((entry->kind == LYS_DRUG_ENTRY_RECEIPT || entry->kind == LYS_DRUG_ENTRY_COUNT) &&
           lys_store_may_keep_drug_record (lys_record_window_get_store (LYS_RECORD_WINDOW (self))))
    {
      /* Translators: %s describes the entry, e.g. "Received · 20 ampoules" */
      g_autofree char *accessible = g_strdup_printf (_("Correct the entry %s"), title);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("C_orrect…"), "drugs.correct", entry->id, accessible));
    }
  return row;
}

static GtkWidget *
create_open_row (gpointer item,
                 gpointer data)
{
  LysDrugRecordWindow *self = data;
  LysDrugEntry *entry = lys_item_get_record (item);
  g_autofree char *title = describe_entry (self, entry);
  g_autofree char *when = lys_format_date (entry->at);
  /* Translators: a count's lot, when, who counted and who witnessed */
  g_autofree char *subtitle = g_strdup_printf (_("Lot %1$s · %2$s · %3$s, witness %4$s"), entry->lot_number, when,
                                               entry->staff_name, entry->witness_name ? entry->witness_name : "");
  /* Translators: %s is a lot number */
  g_autofree char *accessible = g_strdup_printf (_("Explain the difference of lot %s"), entry->lot_number);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (lys_store_may_keep_drug_record (lys_record_window_get_store (LYS_RECORD_WINDOW (self))))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("_Explain…"), "drugs.explain", entry->id, accessible));
  return row;
}

/* Reading the record */

static gboolean
show_ledger (LysDrugRecordWindow  *self,
             GError              **error)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  LysDrugFilter filter = { .kind = -1 };
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint lot = adw_combo_row_get_selected (self->lot_row);
  g_autoptr(GPtrArray) entries = NULL;

  g_date_clear (&filter.from, 1);
  g_date_clear (&filter.to, 1);
  /* A day that is no day leaves the list as it was, the row marked */
  if (!lys_form_read_day (self->from_row, &filter.from) || !lys_form_read_day (self->to_row, &filter.to))
    return TRUE;

  if (kind != GTK_INVALID_LIST_POSITION && kind > 0)
    filter.kind = (int) kind - 1;
  if (lot != GTK_INVALID_LIST_POSITION && lot > 0 && self->all_lots != NULL && lot <= self->all_lots->len)
    filter.lot_id = ((LysDrugLot *) g_ptr_array_index (self->all_lots, lot - 1))->id;
  entries = lys_store_list_drug_entries (store, &filter, error);
  if (entries == NULL)
    return FALSE;
  /* The newest first, as many as a list holds */
  if (entries->len > SHOWN)
    g_ptr_array_remove_range (entries, 0, entries->len - SHOWN);
  for (guint i = 0; i < entries->len / 2; i++)
    {
      gpointer first = entries->pdata[i];

      entries->pdata[i] = entries->pdata[entries->len - 1 - i];
      entries->pdata[entries->len - 1 - i] = first;
    }
  lys_item_store_replace (self->entries, g_steal_pointer (&entries), (GDestroyNotify) lys_drug_entry_free);
  return TRUE;
}

static void
show_due (LysDrugRecordWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  int age = lys_store_get_drug_count_age (store);
  int limit = (int) lys_store_get_setting (store, LYS_SETTING_DRUG_COUNT_DAYS);

  if (age > limit)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("A count is due: a lot in the cabinet was last counted %d day ago, "
                                                         "and the clinic counts at least every %d days.",
                                                         "A count is due: a lot in the cabinet was last counted %d days ago, "
                                                         "and the clinic counts at least every %d days.", (gulong) age),
                                               age, limit);

      gtk_label_set_text (self->due_label, text);
    }
  gtk_revealer_set_reveal_child (self->due_revealer, age > limit);
}

static gboolean
refresh (LysDrugRecordWindow  *self,
         GError              **error)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GPtrArray) in_stock = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GtkStringList) lot_names = gtk_string_list_new (NULL);
  LysDrugFilter open_only = { .kind = -1, .open_only = TRUE };
  guint lot = adw_combo_row_get_selected (self->lot_row);
  g_autofree char *lot_number = NULL;
  guint reselect = 0;

  g_clear_pointer (&self->products, g_ptr_array_unref);
  self->products = lys_store_list_drug_products (store, error);
  if (self->products == NULL)
    return FALSE;
  if (self->all_lots != NULL && lot != GTK_INVALID_LIST_POSITION && lot > 0 && lot <= self->all_lots->len)
    lot_number = g_strdup (((LysDrugLot *) g_ptr_array_index (self->all_lots, lot - 1))->lot_number);
  g_clear_pointer (&self->all_lots, g_ptr_array_unref);
  self->all_lots = lys_store_list_drug_lots (store, TRUE, error);
  if (self->all_lots == NULL || (in_stock = lys_store_list_drug_lots (store, FALSE, error)) == NULL ||
      (open = lys_store_list_drug_entries (store, &open_only, error)) == NULL)
    return FALSE;

  gtk_string_list_append (lot_names, _("All lots"));
  for (guint i = 0; i < self->all_lots->len; i++)
    {
      const char *number = ((LysDrugLot *) g_ptr_array_index (self->all_lots, i))->lot_number;

      gtk_string_list_append (lot_names, number);
      if (g_strcmp0 (number, lot_number) == 0)
        reselect = i + 1;
    }
  g_signal_handlers_block_matched (self->lot_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  adw_combo_row_set_model (self->lot_row, G_LIST_MODEL (lot_names));
  adw_combo_row_set_selected (self->lot_row, reselect);
  g_signal_handlers_unblock_matched (self->lot_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  adw_view_stack_page_set_needs_attention (self->differences_page, open->len > 0);
  adw_view_stack_page_set_badge_number (self->differences_page, open->len);
  lys_item_store_replace (self->lots, g_steal_pointer (&in_stock), (GDestroyNotify) lys_drug_lot_free);
  lys_item_store_replace (self->open, g_steal_pointer (&open), (GDestroyNotify) lys_drug_entry_free);
  show_due (self);
  return show_ledger (self, error);
}

static void
refresh_or_alert (LysDrugRecordWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!refresh (self, &error))
    lys_alert (GTK_WIDGET (self), _("The Ketamine Record Could Not Be Read"), error->message);
}

static void
on_filter_changed_cb (LysDrugRecordWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->all_lots != NULL && !show_ledger (self, &error))
    lys_alert (GTK_WIDGET (self), _("The Ketamine Record Could Not Be Read"), error->message);
}

/* Steps: each a small form that stays open, with the reason, until the
 * store takes it */

static gboolean
parse_units (const char *text,
             guint64    *units)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  return g_ascii_string_to_unsigned (trimmed, 10, 0, 10000, units, NULL);
}

static void
on_product_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        LysDrugRecordWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  double strength = 0, volume = 0;
  guint form = lys_form_dialog_get_choice (dialog, "form");

  if (!g_str_equal (response, "add"))
    return;
  if (!lys_text_parse_decimal (lys_form_dialog_get_text (dialog, "strength"), &strength))
    strength = 0;
  if (!lys_text_parse_decimal (lys_form_dialog_get_text (dialog, "volume"), &volume))
    volume = 0;
  if (lys_store_add_drug_product (store, lys_form_dialog_get_text (dialog, "name"), strength, volume,
                                  form < LYS_N_DRUG_FORMS ? form : LYS_DRUG_FORM_AMPOULE, &error) == 0)
    {
      lys_alert_refuse_answer (dialog, error->message);
      return;
    }
  refresh_or_alert (self);
  toast (self, _("The product is added"));
}

static void
add_product_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LysDrugRecordWindow *self = LYS_DRUG_RECORD_WINDOW (widget);
  GtkStringList *forms = gtk_string_list_new (NULL);
  AdwMessageDialog *dialog;

  for (guint i = 0; i < LYS_N_DRUG_FORMS; i++)
    gtk_string_list_append (forms, lys_drug_form_get_label (i));
  dialog = lys_form_new_dialog (widget, _("Add a Product?"),
                                _("A product as the pharmacy delivers it: its name, strength and the volume of one "
                                  "ampoule or vial. Lots are added as they are received."),
                                "add", _("_Add"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_entry (dialog, "name", _("_Name"), "");
  lys_form_dialog_add_entry (dialog, "strength", _("_Strength, mg/ml"), "10");
  lys_form_dialog_add_entry (dialog, "volume", _("_Volume of one, ml"), "");
  lys_form_dialog_add_choice (dialog, "form", _("_Comes as"), G_LIST_MODEL (forms));
  lys_dialog_ask (dialog, G_CALLBACK (on_product_response_cb), self);
}

static void
on_receive_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        LysDrugRecordWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  guint product = lys_form_dialog_get_choice (dialog, "product");
  guint64 units = 0;
  GDate expiry;

  if (!g_str_equal (response, "receive"))
    return;
  g_date_clear (&expiry, 1);
  if (!lys_time_parse_date (lys_form_dialog_get_text (dialog, "expiry"), &expiry))
    {
      lys_alert_refuse_answer (dialog, _("Enter the expiry date as on the package, like 31.12.2027."));
      return;
    }
  if (!parse_units (lys_form_dialog_get_text (dialog, "units"), &units) || units == 0)
    {
      lys_alert_refuse_answer (dialog, _("Enter how many ampoules or vials came, from 1 to 1000."));
      return;
    }
  if (product >= self->products->len ||
      lys_store_receive_drug (store, ((LysDrugProduct *) g_ptr_array_index (self->products, product))->id,
                              lys_form_dialog_get_text (dialog, "lot"), &expiry, (guint) units,
                              lys_form_dialog_get_text (dialog, "note"), &error) == 0)
    {
      lys_alert_refuse_answer (dialog, error != NULL ? error->message : _("Choose the product received."));
      return;
    }
  refresh_or_alert (self);
  toast (self, _("The delivery is recorded"));
}

static void
receive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LysDrugRecordWindow *self = LYS_DRUG_RECORD_WINDOW (widget);
  GtkStringList *names;
  AdwMessageDialog *dialog;

  if (self->products == NULL || self->products->len == 0)
    {
      lys_alert (widget, _("Add the Product First"),
                 _("The record has no product yet. Add the ketamine the pharmacy delivers under the menu, "
                   "Add Product, then record the delivery."));
      return;
    }
  names = gtk_string_list_new (NULL);
  for (guint i = 0; i < self->products->len; i++)
    {
      LysDrugProduct *product = g_ptr_array_index (self->products, i);
      g_autofree char *title = lys_drug_product_dup_title (product->name, product->strength_mg_per_ml,
                                                           product->volume_ml, product->form);

      gtk_string_list_append (names, title);
    }
  dialog = lys_form_new_dialog (widget, _("Record a Delivery?"),
                                _("What came from the pharmacy, as the package and the delivery note say. The lot is "
                                  "added to the cabinet’s stock."),
                                "receive", _("_Receive"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_choice (dialog, "product", _("_Product"), G_LIST_MODEL (names));
  lys_form_dialog_add_entry (dialog, "lot", _("_Lot number"), "");
  lys_form_dialog_add_entry (dialog, "expiry", _("_Expires"), "");
  lys_form_dialog_add_entry (dialog, "units", _("_How many"), "");
  lys_form_dialog_add_entry (dialog, "note", _("_Delivery note number"), "");
  lys_dialog_ask (dialog, G_CALLBACK (on_receive_response_cb), self);
}

static LysDrugLot *
find_lot (LysDrugRecordWindow *self,
          gint64               lot_id)
{
  for (guint i = 0; self->all_lots != NULL && i < self->all_lots->len; i++)
    if (((LysDrugLot *) g_ptr_array_index (self->all_lots, i))->id == lot_id)
      return g_ptr_array_index (self->all_lots, i);
  return NULL;
}

static void
on_count_response_cb (AdwMessageDialog    *dialog,
                      const char          *response,
                      LysDrugRecordWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  gint64 lot_id = lys_form_dialog_get_record (dialog);
  const char *code = NULL;
  gint64 witness = lys_form_dialog_get_witness (dialog, &code);
  guint64 found = 0;
  gint64 id;

  if (!g_str_equal (response, "count"))
    return;
  if (!parse_units (lys_form_dialog_get_text (dialog, "found"), &found))
    {
      lys_alert_refuse_answer (dialog, _("Enter the unopened ampoules or vials found, as a whole number."));
      return;
    }
  id = lys_store_count_drug_lot (store, lot_id, (guint) found, witness, code, &error);
  if (id == 0)
    {
      lys_alert_refuse_answer (dialog, error->message);
      return;
    }
  refresh_or_alert (self);
  {
    gboolean differs = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->open)); i++)
      {
        g_autoptr(LysItem) item = g_list_model_get_item (G_LIST_MODEL (self->open), i);

        differs = differs || ((LysDrugEntry *) lys_item_get_record (item))->id == id;
      }
    toast (self, differs ? _("The count differs from the record: explain it under Differences")
                         : _("The count matches the record"));
  }
}

static void
count_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LysDrugRecordWindow *self = LYS_DRUG_RECORD_WINDOW (widget);
  LysDrugLot *lot = find_lot (self, g_variant_get_int64 (parameter));
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (lot == NULL)
    return;
  /* Translators: %s is a lot number */
  heading = g_strdup_printf (_("Count Lot %s?"), lot->lot_number);
  dialog = lys_form_new_dialog (widget, heading,
                                _("Count the unopened ampoules or vials of this lot in the cabinet, with a second "
                                  "health worker watching. They confirm with their own witness code."),
                                "count", _("_Record Count"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_set_record (dialog, lot->id);
  lys_form_dialog_add_entry (dialog, "found", _("_Found"), "");
  lys_form_dialog_add_witness (dialog, lys_record_window_get_store (LYS_RECORD_WINDOW (self)));
  lys_dialog_ask (dialog, G_CALLBACK (on_count_response_cb), self);
}

static void
on_explain_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        LysDrugRecordWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  gint64 count_id = lys_form_dialog_get_record (dialog);

  if (!g_str_equal (response, "explain"))
    return;
  if (lys_store_explain_drug_count (store, count_id, lys_form_dialog_get_text (dialog, "reason"),
                                    lys_form_dialog_get_text (dialog, "action"), &error) == 0)
    {
      lys_alert_refuse_answer (dialog, error->message);
      return;
    }
  refresh_or_alert (self);
  toast (self, _("The difference is explained"));
}

static void
explain_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LysDrugRecordWindow *self = LYS_DRUG_RECORD_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (widget, _("Explain the Difference?"),
                                _("Why the count did not match the record, and what was done about it: reported, "
                                  "searched for, routines changed. The count itself stays as it was."),
                                "explain", _("_Explain"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_set_record (dialog, g_variant_get_int64 (parameter));
  lys_form_dialog_add_entry (dialog, "reason", _("_Why"), "");
  lys_form_dialog_add_entry (dialog, "action", _("_What was done"), "");
  lys_dialog_ask (dialog, G_CALLBACK (on_explain_response_cb), self);
}

static void
on_correct_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        LysDrugRecordWindow *self)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(GError) error = NULL;
  gint64 entry_id = lys_form_dialog_get_record (dialog);

  if (!g_str_equal (response, "correct"))
    return;
  if (lys_store_correct_drug_entry (store, entry_id, lys_form_dialog_get_text (dialog, "reason"), &error) == 0)
    {
      lys_alert_refuse_answer (dialog, error->message);
      return;
    }
  refresh_or_alert (self);
  toast (self, _("The entry is corrected; both stay in the record"));
}

static void
correct_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LysDrugRecordWindow *self = LYS_DRUG_RECORD_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (widget, _("Correct the Entry?"),
                                _("A counter-entry takes back what this one changed, and names it. Nothing is "
                                  "deleted: both stay in the record. Record the right figure after."),
                                "correct", _("_Correct"), ADW_RESPONSE_DESTRUCTIVE);
  lys_form_dialog_set_record (dialog, g_variant_get_int64 (parameter));
  lys_form_dialog_add_entry (dialog, "reason", _("_What was wrong"), "");
  lys_dialog_ask (dialog, G_CALLBACK (on_correct_response_cb), self);
}

/* The statement */

/* The last month, or this year to today */
static void
statement_period (LysDrugRecordWindow *self,
                  const char          *period,
                  GDate               *from,
                  GDate               *to)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (lys_record_window_get_store (LYS_RECORD_WINDOW (self)));

  g_date_clear (from, 1);
  g_date_clear (to, 1);
  if (g_strcmp0 (period, "year") == 0)
    {
      g_date_set_dmy (from, 1, 1, g_date_time_get_year (now));
      g_date_set_dmy (to, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
      return;
    }
  g_date_set_dmy (to, 1, g_date_time_get_month (now), g_date_time_get_year (now));
  g_date_subtract_days (to, 1);
  g_date_set_dmy (from, 1, g_date_get_month (to), g_date_get_year (to));
}

/**
 * lys_drug_record_window_write_statement:
 * @period: "month" for the last month, "year" for this year to today
 * @file: FILE.pdf or FILE.csv
 *
 * Writes the statement in the language of the user interface.
 */
gboolean
lys_drug_record_window_write_statement (LysDrugRecordWindow  *self,
                                        const char           *period,
                                        GFile                *file,
                                        GError              **error)
{
  LysStore *store = lys_record_window_get_store (LYS_RECORD_WINDOW (self));
  g_autoptr(LysDrugStatement) statement = NULL;
  g_autofree char *path = g_file_get_path (file);
  GDate from, to;

  g_return_val_if_fail (LYS_IS_DRUG_RECORD_WINDOW (self), FALSE);

  if (path == NULL)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_IO, _("Choose a file on this computer."));
      return FALSE;
    }
  statement_period (self, period, &from, &to);
  statement = lys_drug_statement_compute (store, &from, &to, error);
  return statement != NULL && lys_drug_statement_write (statement, path, NULL, error);
}

static void
on_statement_chosen_cb (GtkNativeDialog     *chooser,
                        int                  response,
                        LysDrugRecordWindow *self)
{
  g_autoptr(GFile) file = lys_file_chooser_finish (chooser, response);
  g_autoptr(GError) error = NULL;
  g_autofree char *period = g_steal_pointer (&self->statement_period);

  g_object_unref (chooser);
  if (file == NULL)
    return;
  if (!lys_drug_record_window_write_statement (self, period, file, &error))
    {
      lys_alert (GTK_WIDGET (self), _("The Statement Was Not Written"), error->message);
      return;
    }
  toast (self, _("The statement is written"));
}

static void
statement_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LysDrugRecordWindow *self = LYS_DRUG_RECORD_WINDOW (widget);
  static const char * const suffixes[] = { "pdf", "csv", NULL };
  const char *period = g_variant_get_string (parameter, NULL);
  GDate from, to;
  char name[64];
  GtkFileChooserNative *chooser;

  statement_period (self, period, &from, &to);
  if (g_str_equal (period, "year"))
    /* Translators: the file name offered for a year's statement; %u is the year */
    g_snprintf (name, sizeof name, _("Ketamine statement %u.pdf"), g_date_get_year (&from));
  else
    /* Translators: the file name offered for a month's statement; %u is the year, %02u the month */
    g_snprintf (name, sizeof name, _("Ketamine statement %u-%02u.pdf"), g_date_get_year (&from), g_date_get_month (&from));
  chooser = lys_file_chooser_new (GTK_WINDOW (self), _("Save the Ketamine Statement"), _("_Save"),
                                  _("PDF or CSV"), NULL, suffixes, name);
  g_free (self->statement_period);
  self->statement_period = g_strdup (period);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_statement_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
lys_drug_record_window_dispose (GObject *object)
{
  LysDrugRecordWindow *self = LYS_DRUG_RECORD_WINDOW (object);

  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->all_lots, g_ptr_array_unref);
  g_clear_object (&self->lots);
  g_clear_object (&self->entries);
  g_clear_object (&self->open);
  g_clear_pointer (&self->statement_period, g_free);

  G_OBJECT_CLASS (lys_drug_record_window_parent_class)->dispose (object);
}

static void
lys_drug_record_window_class_init (LysDrugRecordWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lys_drug_record_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-drug-record-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, due_revealer);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, due_label);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, receive_button);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, differences_page);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, lots_list);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, entries_list);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, open_list);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, lot_row);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, from_row);
  gtk_widget_class_bind_template_child (widget_class, LysDrugRecordWindow, to_row);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "drugs.receive", NULL, receive_action);
  gtk_widget_class_install_action (widget_class, "drugs.add-product", NULL, add_product_action);
  gtk_widget_class_install_action (widget_class, "drugs.count", "x", count_action);
  gtk_widget_class_install_action (widget_class, "drugs.explain", "x", explain_action);
  gtk_widget_class_install_action (widget_class, "drugs.correct", "x", correct_action);
  gtk_widget_class_install_action (widget_class, "drugs.statement", "s", statement_action);
}

static void
lys_drug_record_window_init (LysDrugRecordWindow *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->lots = g_list_store_new (LYS_TYPE_ITEM);
  self->entries = g_list_store_new (LYS_TYPE_ITEM);
  self->open = g_list_store_new (LYS_TYPE_ITEM);
  gtk_list_box_bind_model (self->lots_list, G_LIST_MODEL (self->lots), create_lot_row, self, NULL);
  gtk_list_box_bind_model (self->entries_list, G_LIST_MODEL (self->entries), create_entry_row, self, NULL);
  gtk_list_box_bind_model (self->open_list, G_LIST_MODEL (self->open), create_open_row, self, NULL);
  gtk_list_box_set_placeholder (self->lots_list, lys_rows_new_placeholder (_("No ketamine in the cabinet. Record a delivery with Receive.")));
  gtk_list_box_set_placeholder (self->entries_list, lys_rows_new_placeholder (_("No entries to show.")));
  gtk_list_box_set_placeholder (self->open_list, lys_rows_new_placeholder (_("Every count matched the record, or is explained.")));

  gtk_string_list_append (kinds, _("All entries"));
  for (guint i = 0; i < LYS_N_DRUG_ENTRY_KINDS; i++)
    gtk_string_list_append (kinds, lys_drug_entry_kind_get_label (i));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
}

/**
 * lys_drug_record_window_new:
 *
 * Returns: (transfer full) (nullable): the window, or %NULL with the reason
 *   when the user may not see the record
 */
LysDrugRecordWindow *
lys_drug_record_window_new (GtkWindow  *parent,
                            LysStore   *store,
                            GError    **error)
{
  g_autoptr(LysDrugRecordWindow) self = NULL;
  gboolean keeper;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);

  self = g_object_ref_sink (g_object_new (LYS_TYPE_DRUG_RECORD_WINDOW, "store", store, "transient-for", parent, NULL));
  if (!refresh (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  keeper = lys_store_may_keep_drug_record (store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drugs.receive", keeper);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drugs.add-product", keeper);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drugs.count", keeper);
  gtk_widget_set_visible (self->receive_button, keeper);
  return g_steal_pointer (&self);
}
