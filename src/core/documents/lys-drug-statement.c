/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-drug-statement"

#include "config.h"

#include <math.h>

#include "lys-i18n.h"

#include "lys-csv.h"
#include "lys-drug-statement.h"
#include "lys-error.h"
#include "lys-language.h"
#include "lys-output-file.h"
#include "lys-report-pdf.h"
#include "lys-store-private.h"
#include "lys-text.h"
#include "lys-time.h"

static void
administered_free (gpointer data)
{
  LysDrugAdministered *line = data;

  g_clear_pointer (&line->at, g_date_time_unref);
  g_free (line->patient);
  g_free (line->lot_number);
  g_free (line->staff_name);
  g_free (line->witness_name);
  g_free (line);
}

static void
product_free (gpointer data)
{
  LysDrugStatementProduct *product = data;

  g_free (product->product);
  g_ptr_array_unref (product->administered);
  g_ptr_array_unref (product->counts);
  g_free (product);
}

void
lys_drug_statement_free (LysDrugStatement *statement)
{
  if (statement == NULL)
    return;
  g_free (statement->clinic_name);
  g_clear_pointer (&statement->created_at, g_date_time_unref);
  g_clear_pointer (&statement->products, g_ptr_array_unref);
  g_clear_pointer (&statement->entries, g_ptr_array_unref);
  g_free (statement);
}

static LysDrugStatementProduct *
product_of (LysDrugStatement   *statement,
            GPtrArray          *products,
            const LysDrugEntry *entry)
{
  LysDrugStatementProduct *product;

  for (guint i = 0; i < statement->products->len; i++)
    {
      product = g_ptr_array_index (statement->products, i);
      if (product->product_id == entry->product_id)
        return product;
    }
  product = g_new0 (LysDrugStatementProduct, 1);
  product->product_id = entry->product_id;
  product->mg_per_unit = entry->mg_per_unit;
  for (guint i = 0; i < products->len; i++)
    {
      LysDrugProduct *known = g_ptr_array_index (products, i);

      if (known->id == entry->product_id)
        {
          product->product = g_strdup (known->name);
          product->strength_mg_per_ml = known->strength_mg_per_ml;
          product->volume_ml = known->volume_ml;
          product->form = known->form;
        }
    }
  product->administered = g_ptr_array_new_with_free_func (administered_free);
  product->counts = g_ptr_array_new ();
  g_ptr_array_add (statement->products, product);
  return product;
}

/* 0 before the period, 1 in it, 2 after */
static int
place_of (const LysDrugStatement *statement,
          GDateTime              *at)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (at), g_date_time_get_month (at), g_date_time_get_year (at));
  if (g_date_compare (&day, &statement->from) < 0)
    return 0;
  return g_date_compare (&day, &statement->to) <= 0 ? 1 : 2;
}

static const LysDrugEntry *
waste_of (LysDrugStatement *statement,
          gint64            infusion_id)
{
  for (guint i = 0; i < statement->entries->len; i++)
    {
      const LysDrugEntry *entry = g_ptr_array_index (statement->entries, i);

      if (entry->kind == LYS_DRUG_ENTRY_WASTE && entry->infusion_id == infusion_id)
        return entry;
    }
  return NULL;
}

static void
add_administered (LysDrugStatement        *statement,
                  LysDrugStatementProduct *product,
                  const LysDrugEntry      *draw)
{
  LysDrugAdministered *line = g_new0 (LysDrugAdministered, 1);
  const LysDrugEntry *waste = waste_of (statement, draw->infusion_id);

  line->at = g_date_time_ref (draw->at);
  line->patient = g_strdup (draw->patient);
  line->lot_number = g_strdup (draw->lot_number);
  line->units = -draw->units;
  line->staff_name = g_strdup (draw->staff_name);
  if (waste != NULL)
    {
      line->wasted = TRUE;
      line->wasted_mg = waste->mg;
      line->given_mg = line->units * draw->mg_per_unit - waste->mg;
      line->witness_name = g_strdup (waste->witness_name);
    }
  else
    line->given_mg = draw->mg;
  product->given_mg += line->given_mg;
  g_ptr_array_add (product->administered, line);
}

/**
 * lys_drug_statement_compute:
 * @from: the period's first day
 * @to: its last
 *
 * Returns: (transfer full): the statement, or %NULL with an error (a
 *   coordinator is refused, as for the record)
 */
LysDrugStatement *
lys_drug_statement_compute (LysStore     *store,
                            const GDate  *from,
                            const GDate  *to,
                            GError      **error)
{
  g_autoptr(LysDrugStatement) statement = g_new0 (LysDrugStatement, 1);
  g_autoptr(GPtrArray) products = NULL;

  g_return_val_if_fail (LYS_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && to != NULL && g_date_valid (from) && g_date_valid (to), NULL);

  if (g_date_compare (from, to) > 0)
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID, _("The period ends before it begins. Check the dates."));
      return NULL;
    }
  statement->from = *from;
  statement->to = *to;
  statement->entries = lys_store_list_drug_entries (store, NULL, error);
  if (statement->entries == NULL || (products = lys_store_list_drug_products (store, error)) == NULL)
    return NULL;
  statement->products = g_ptr_array_new_with_free_func (product_free);
  statement->clinic_name = lys_store_dup_clinic_name (store);
  statement->created_at = lys_store_dup_now (store);

  for (guint i = 0; i < statement->entries->len; i++)
    {
      LysDrugEntry *entry = g_ptr_array_index (statement->entries, i);
      LysDrugStatementProduct *product = product_of (statement, products, entry);
      int place = place_of (statement, entry->at);

      if (place == 0)
        product->opening += entry->units;
      if (place != 1)
        continue;
      switch (entry->kind)
        {
        case LYS_DRUG_ENTRY_RECEIPT:
          product->received += entry->units;
          break;
        case LYS_DRUG_ENTRY_DRAW:
          product->opened -= entry->units;
          add_administered (statement, product, entry);
          break;
        case LYS_DRUG_ENTRY_WASTE:
          product->wasted_mg += entry->mg;
          break;
        case LYS_DRUG_ENTRY_COUNT:
          product->count_difference += entry->units;
          g_ptr_array_add (product->counts, entry);
          break;
        case LYS_DRUG_ENTRY_CORRECTION:
          product->corrected += entry->units;
          break;
        case LYS_DRUG_ENTRY_EXPLANATION:
        case LYS_N_DRUG_ENTRY_KINDS:
        default:
          break;
        }
    }
  for (guint i = 0; i < statement->products->len; i++)
    {
      LysDrugStatementProduct *p = g_ptr_array_index (statement->products, i);

      p->closing = p->opening + p->received - p->opened + p->count_difference + p->corrected;
    }

  if (!_lys_store_begin (store, error))
    return NULL;
  if (!_lys_store_finish (store, _lys_store_audit (store, "drug.statement", 0, "drug-statement", 0, NULL, error), error))
    return NULL;
  return g_steal_pointer (&statement);
}

static const LysDrugEntry *
explanation_of (LysDrugStatement   *statement,
                const LysDrugEntry *count)
{
  for (guint i = 0; i < statement->entries->len; i++)
    {
      const LysDrugEntry *entry = g_ptr_array_index (statement->entries, i);

      if (entry->id == count->answered_by)
        return entry;
    }
  return NULL;
}

static char *
format_units (gint64 units)
{
  return lys_text_format_number ((double) units, 0);
}


static char *
format_signed (gint64 units)
{
  g_autofree char *number = format_units (ABS (units));

  return g_strdup_printf ("%s%s", units > 0 ? "+" : units < 0 ? "−" : "", number);
}

static char *
format_when (GDateTime *at)
{
  /* Translators: a date and time in the ketamine statement; strftime format ("%d.%m.%Y %H.%M" in Norwegian) */
  return g_date_time_format (at, _("%Y-%m-%d %H:%M"));
}

/* A balance, or with @movement a change to it, signed */
static void
add_balance_line (LysReportSection *section,
                  const char       *label,
                  gint64            units,
                  double            mg_per_unit,
                  gboolean          movement,
                  gboolean          total)
{
  g_autofree char *mg = lys_text_format_amount (ABS (units) * mg_per_unit);

  g_ptr_array_add (section->rows,
                   lys_report_line_new (label, total, 2, movement ? format_signed (units) : format_units (units),
                                        movement && units != 0 ? g_strdup_printf ("%s%s", units > 0 ? "+" : "−", mg)
                                                               : g_steal_pointer (&mg)));
}

/**
 * lys_drug_statement_dup_sections:
 *
 * The statement as its PDF shows it, in the current language.
 *
 * Returns: (transfer full) (element-type LysReportSection): its sections
 */
GPtrArray *
lys_drug_statement_dup_sections (LysDrugStatement *statement)
{
  GPtrArray *sections = lys_report_sections_new ();

  if (statement->products->len == 0)
    {
      LysReportSection *none = lys_report_add_section (sections, _("No entries"));

      none->note = g_strdup (_("The ketamine record has no entries up to the end of the period."));
    }
  for (guint i = 0; i < statement->products->len; i++)
    {
      LysDrugStatementProduct *p = g_ptr_array_index (statement->products, i);
      g_autofree char *title = lys_drug_product_dup_title (p->product, p->strength_mg_per_ml, p->volume_ml, p->form);
      LysReportSection *section = lys_report_add_section (sections, title);

      section->header = lys_report_line_new ("", TRUE, 2, g_strdup (_("Units")), g_strdup (_("mg")));
      add_balance_line (section, _("Opening balance"), p->opening, p->mg_per_unit, FALSE, FALSE);
      add_balance_line (section, _("Received"), p->received, p->mg_per_unit, TRUE, FALSE);
      add_balance_line (section, _("Opened for infusions"), -p->opened, p->mg_per_unit, TRUE, FALSE);
      add_balance_line (section, _("Differences found at counts"), p->count_difference, p->mg_per_unit, TRUE, FALSE);
      add_balance_line (section, _("Corrections"), p->corrected, p->mg_per_unit, TRUE, FALSE);
      add_balance_line (section, _("Closing balance"), p->closing, p->mg_per_unit, FALSE, TRUE);
      g_ptr_array_add (section->rows, lys_report_line_new (_("Given to patients"), FALSE, 2, g_strdup (""),
                                                           lys_text_format_amount (p->given_mg)));
      g_ptr_array_add (section->rows, lys_report_line_new (_("Wasted before a witness"), FALSE, 2, g_strdup (""),
                                                           lys_text_format_amount (p->wasted_mg)));

      if (p->administered->len > 0)
        {
          LysReportSection *given = lys_report_add_section (sections, _("Given, by infusion"));

          given->note = g_strdup (_("Patients by initials and booking code. Given is what was opened less what was wasted."));
          given->header = lys_report_line_new (_("When"), TRUE, 5, g_strdup (_("Patient")), g_strdup (_("Lot")),
                                               g_strdup (_("Opened")), g_strdup (_("Given, mg")),
                                               g_strdup (_("Wasted, mg")));
          for (guint k = 0; k < p->administered->len; k++)
            {
              LysDrugAdministered *a = g_ptr_array_index (p->administered, k);
              g_autofree char *when = format_when (a->at);

              g_ptr_array_add (given->rows, lys_report_line_new (when, FALSE, 5, g_strdup (a->patient ? a->patient : ""),
                                                                 g_strdup (a->lot_number), format_units (a->units),
                                                                 lys_text_format_amount (a->given_mg),
                                                                 a->wasted ? lys_text_format_amount (a->wasted_mg)
                                                                           : g_strdup (_("not yet"))));
            }
        }
      if (p->counts->len > 0)
        {
          LysReportSection *counts = lys_report_add_section (sections, _("Counts"));

          counts->header = lys_report_line_new (_("When"), TRUE, 5, g_strdup (_("Lot")), g_strdup (_("Found")),
                                                g_strdup (_("Difference")), g_strdup (_("Counted by")),
                                                g_strdup (_("Witness")));
          for (guint k = 0; k < p->counts->len; k++)
            {
              LysDrugEntry *c = g_ptr_array_index (p->counts, k);
              g_autofree char *when = format_when (c->at);

              g_ptr_array_add (counts->rows, lys_report_line_new (when, FALSE, 5, g_strdup (c->lot_number),
                                                                  format_units (c->found_units), format_signed (c->units),
                                                                  g_strdup (c->staff_name), g_strdup (c->witness_name)));
            }
          for (guint k = 0; k < p->counts->len; k++)
            {
              LysDrugEntry *c = g_ptr_array_index (p->counts, k);
              const LysDrugEntry *why = c->units != 0 ? explanation_of (statement, c) : NULL;
              g_autofree char *when = NULL;
              g_autofree char *difference = NULL;

              if (c->units == 0)
                continue;
              when = format_when (c->at);
              difference = format_signed (c->units);
              if (counts->note == NULL)
                counts->note = g_strdup ("");
              {
                g_autofree char *previous = counts->note;
                g_autofree char *line = why != NULL
                  /* Translators: a count's difference explained: when, lot, difference, why, what was done, by whom */
                  ? g_strdup_printf (_("%1$s, lot %2$s: %3$s. Why: %4$s. Done: %5$s (%6$s)."), when, c->lot_number,
                                     difference, why->reason, why->action, why->staff_name)
                  /* Translators: a count's difference not explained yet: when, lot, difference */
                  : g_strdup_printf (_("%1$s, lot %2$s: %3$s. Not yet explained."), when, c->lot_number, difference);

                counts->note = *previous != '\0' ? g_strconcat (previous, "\n", line, NULL) : g_strdup (line);
              }
            }
        }
    }
  return sections;
}

static void
describe (gpointer           data,
          LysTablesDocument *document)
{
  LysDrugStatement *statement = data;

  document->title = g_strdup (_("Ketamine Statement"));
  document->clinic_name = statement->clinic_name;
  document->period = lys_report_format_period (&statement->from, &statement->to);
  document->created_at = statement->created_at;
  document->sections = lys_drug_statement_dup_sections (statement);
}

/**
 * lys_drug_statement_dup_csv:
 * @language: (nullable): "nb" or "en"; %NULL for the user interface's
 *
 * Returns: (transfer full): one line a figure, with keys that stay the same
 *   in every language: product, measure, detail, label, units, mg
 */
char *
lys_drug_statement_dup_csv (LysDrugStatement *statement,
                            const char       *language)
{
  LysLanguage saved = { 0 };
  LysCsvSheet sheet;
  const char *header[] = { "product", "measure", "detail", "label", "units" };
  char *csv;

  lys_language_push (&saved, language);
  lys_csv_sheet_init (&sheet);
  lys_csv_sheet_add_fields (&sheet, header, G_N_ELEMENTS (header));
  g_string_append (sheet.csv, "mg\r\n");
  for (guint i = 0; i < statement->products->len; i++)
    {
      LysDrugStatementProduct *p = g_ptr_array_index (statement->products, i);
      char strength[G_ASCII_DTOSTR_BUF_SIZE], volume[G_ASCII_DTOSTR_BUF_SIZE];
      /* The product as a key that reads the same in every language */
      g_autofree char *title = g_strdup_printf ("%s %s mg/ml %s ml %s", p->product,
                                                g_ascii_dtostr (strength, sizeof strength, p->strength_mg_per_ml),
                                                g_ascii_dtostr (volume, sizeof volume, p->volume_ml),
                                                lys_drug_form_to_nick (p->form));
      const struct { const char *measure; const char *label; gint64 units; } balances[] = {
        { "opening", _("Opening balance"), p->opening },
        { "received", _("Received"), p->received },
        { "opened", _("Opened for infusions"), -p->opened },
        { "count-difference", _("Differences found at counts"), p->count_difference },
        { "corrected", _("Corrections"), p->corrected },
        { "closing", _("Closing balance"), p->closing },
      };

      for (guint k = 0; k < G_N_ELEMENTS (balances); k++)
        {
          const char *fields[] = { title, balances[k].measure, "", balances[k].label };

          lys_csv_sheet_add_fields (&sheet, fields, G_N_ELEMENTS (fields));
          lys_csv_sheet_add_number (&sheet, balances[k].units, 0);
          g_string_append_c (sheet.csv, sheet.separator);
          lys_csv_sheet_add_number (&sheet, balances[k].units * p->mg_per_unit, 2);
          g_string_append (sheet.csv, "\r\n");
        }
      for (guint k = 0; k < p->administered->len; k++)
        {
          LysDrugAdministered *a = g_ptr_array_index (p->administered, k);
          g_autofree char *when = lys_time_format_local (a->at);
          g_autofree char *detail = g_strdup_printf ("%s %s %s", when, a->patient ? a->patient : "", a->lot_number);
          const char *given[] = { title, "given", detail, _("Given") };
          const char *wasted[] = { title, "wasted", detail, _("Wasted before a witness") };

          lys_csv_sheet_add_fields (&sheet, given, G_N_ELEMENTS (given));
          lys_csv_sheet_add_number (&sheet, a->units, 0);
          g_string_append_c (sheet.csv, sheet.separator);
          lys_csv_sheet_add_number (&sheet, a->given_mg, 2);
          g_string_append (sheet.csv, "\r\n");
          lys_csv_sheet_add_fields (&sheet, wasted, G_N_ELEMENTS (wasted));
          g_string_append_c (sheet.csv, sheet.separator);
          lys_csv_sheet_add_number (&sheet, a->wasted ? a->wasted_mg : NAN, 2);
          g_string_append (sheet.csv, "\r\n");
        }
      for (guint k = 0; k < p->counts->len; k++)
        {
          LysDrugEntry *c = g_ptr_array_index (p->counts, k);
          g_autofree char *when = lys_time_format_local (c->at);
          g_autofree char *detail = g_strdup_printf ("%s %s", when, c->lot_number);
          const LysDrugEntry *why = c->units != 0 ? explanation_of (statement, c) : NULL;
          g_autofree char *label = why != NULL ? g_strdup_printf ("%s — %s", why->reason, why->action)
                                               : g_strdup (c->units != 0 ? _("Not yet explained") : _("As recorded"));
          const char *fields[] = { title, "count-difference", detail, label };

          lys_csv_sheet_add_fields (&sheet, fields, G_N_ELEMENTS (fields));
          lys_csv_sheet_add_number (&sheet, c->units, 0);
          g_string_append_c (sheet.csv, sheet.separator);
          lys_csv_sheet_add_number (&sheet, c->units * p->mg_per_unit, 2);
          g_string_append (sheet.csv, "\r\n");
        }
    }
  csv = lys_csv_sheet_finish (&sheet);
  lys_language_pop (&saved);
  return csv;
}

/**
 * lys_drug_statement_write:
 * @path: FILE.pdf or FILE.csv
 * @language: (nullable): "nb" or "en"; %NULL for the user interface's
 *
 * Writes the statement in one step, readable by its owner only.
 */
gboolean
lys_drug_statement_write (LysDrugStatement  *statement,
                          const char        *path,
                          const char        *language,
                          GError           **error)
{
  g_return_val_if_fail (statement != NULL && path != NULL, FALSE);

  if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV"))
    {
      g_autofree char *csv = lys_drug_statement_dup_csv (statement, language);

      return lys_output_set_contents (path, csv, -1, error);
    }
  if (g_str_has_suffix (path, ".pdf") || g_str_has_suffix (path, ".PDF"))
    return lys_tables_write_pdf (path, language, describe, statement, error);

  g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                       _("Name the statement FILE.pdf or FILE.csv: the ending says which is written."));
  return FALSE;
}
