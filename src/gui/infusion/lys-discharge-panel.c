/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-discharge-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-dialog.h"
#include "lys-discharge-panel.h"
#include "lys-form.h"
#include "lys-rows.h"
#include "lys-store-drugs.h"
#include "lys-text.h"

/* The discharge: the checklist, ticked as it is done; what is left of the
 * ketamine opened, wasted before a witness; the signature, which makes the
 * record read-only; after it, addenda signed on their own. */

struct _LysDischargePanel
{
  LysInfusionPart parent_instance;

  GtkCheckButton *checks[LYS_N_DISCHARGE_CHECKS];

  AdwPreferencesGroup *discharge_group;
  GtkWidget *sign_button;
  AdwActionRow *waste_row;
  GtkWidget *waste_button;
  AdwActionRow *signed_row;
  AdwPreferencesGroup *addenda_group;
  GtkListBox *addenda_list;
  GListStore *addenda;          /* owned by addenda_list */
};

G_DEFINE_FINAL_TYPE (LysDischargePanel, lys_discharge_panel, LYS_TYPE_INFUSION_PART)

static void
show_addenda (LysDischargePanel *self,
              const LysInfusion *infusion)
{
  gboolean discharged = infusion->status == LYS_INFUSION_DISCHARGED;

  gtk_widget_set_visible (GTK_WIDGET (self->addenda_group), discharged);
  g_list_store_remove_all (self->addenda);
  for (guint i = 0; i < infusion->addenda->len; i++)
    {
      LysAddendum *addendum = infusion->addenda->pdata[i];
      g_autofree char *day = g_date_time_format (addendum->created_at, "%d.%m.%Y %H:%M");
      /* Translators: "01.12.2026 11:00 · Nina Nattevakt" */
      g_autofree char *title = g_strdup_printf (_("%s · %s"), day, addendum->author);

      lys_rows_append_text (self->addenda, title, addendum->body, NULL);
    }
}

/* What is left of the units opened from the ketamine record */
static void
show_waste (LysDischargePanel *self,
            const LysInfusion *infusion)
{
  gboolean wasted = FALSE;
  double rest = lys_store_get_infusion_rest_mg (lys_infusion_part_get_store (LYS_INFUSION_PART (self)),
                                                infusion->id, &wasted);
  g_autofree char *mg = lys_text_format_amount (rest);
  g_autofree char *title = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->waste_row), rest > 0 && !infusion->altered);
  gtk_widget_set_visible (self->waste_button, !wasted && infusion->status == LYS_INFUSION_ENDED);
  if (rest <= 0)
    return;
  title = wasted
    /* Translators: %s is a number of milligrams */
    ? g_strdup_printf (_("%s mg of ketamine wasted before a witness"), mg)
    /* Translators: %s is a number of milligrams */
    : g_strdup_printf (_("Ketamine left: %s mg"), mg);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->waste_row), title);
  adw_action_row_set_subtitle (self->waste_row,
                               wasted ? _("In the ketamine record with both names.")
                                      : _("What is left of the opened ampoules or vials is wasted before a second "
                                          "health worker, who confirms with their own code. Then sign."));
}

static void
lys_discharge_panel_show (LysInfusionPart   *part,
                          const LysInfusion *infusion)
{
  LysDischargePanel *self = LYS_DISCHARGE_PANEL (part);
  gboolean discharged = infusion->status == LYS_INFUSION_DISCHARGED;

  for (guint i = 0; i < LYS_N_DISCHARGE_CHECKS; i++)
    {
      gtk_check_button_set_active (self->checks[i], (infusion->checklist & (1u << i)) != 0);
      gtk_widget_set_sensitive (GTK_WIDGET (self->checks[i]), !discharged);
      gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->checks[i]), ADW_TYPE_ACTION_ROW),
                              !infusion->altered);
    }
  gtk_widget_set_visible (self->sign_button, infusion->status == LYS_INFUSION_ENDED);
  show_waste (self, infusion);
  gtk_widget_set_visible (GTK_WIDGET (self->signed_row), discharged);
  if (discharged)
    {
      g_autofree char *at = lys_infusion_part_clock_of (infusion->discharged_at);
      g_autofree char *title = g_strdup_printf (_("Discharged at %s by %s"), at, infusion->discharged_by);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->signed_row), title);
      /* An altered record shows nothing of itself but who signed it, and
       * the addenda signed on their own */
      if (infusion->altered)
        {
          adw_action_row_set_subtitle (self->signed_row,
                                       _("Altered outside Lysning since: the record no longer matches its signature, so "
                                         "it is not shown. Tell the clinic lead, and restore it from a backup."));
          gtk_widget_remove_css_class (GTK_WIDGET (self->signed_row), "success");
          gtk_widget_add_css_class (GTK_WIDGET (self->signed_row), "error");
        }
      else
        adw_action_row_set_subtitle (self->signed_row, _("Signed and read-only. Corrections are added as addenda."));
    }
  show_addenda (self, infusion);
}

/* How long the observation runs */
static void
lys_discharge_panel_tick (LysInfusionPart   *part,
                          const LysInfusion *infusion,
                          GDateTime         *now)
{
  LysDischargePanel *self = LYS_DISCHARGE_PANEL (part);
  g_autofree char *wait = NULL;

  if (infusion->status == LYS_INFUSION_ENDED)
    {
      g_autofree char *from = lys_infusion_part_clock_of (infusion->discharge_from);

      wait = g_strdup_printf (_("Earliest discharge %s, when the observation ends."), from);
    }
  else if (infusion->status != LYS_INFUSION_DISCHARGED)
    wait = g_strdup_printf (_("The observation of %u min runs from the end of the infusion."),
                            (guint) lys_store_get_setting (lys_infusion_part_get_store (part),
                                                           LYS_SETTING_OBSERVATION_MINUTES));
  adw_preferences_group_set_description (self->discharge_group, wait);
}

static void
on_check_toggled_cb (GtkCheckButton    *check,
                     LysDischargePanel *self)
{
  LysInfusionPart *part = LYS_INFUSION_PART (self);
  g_autoptr(GError) error = NULL;

  if (lys_infusion_part_is_showing (part))
    return;

  for (guint i = 0; i < LYS_N_DISCHARGE_CHECKS; i++)
    if (self->checks[i] == check &&
        !lys_store_set_discharge_check (lys_infusion_part_get_store (part), lys_infusion_part_get_infusion_id (part),
                                        i, gtk_check_button_get_active (check), &error))
      lys_infusion_part_refuse (part, _("Not Stored"), error);
}

static void
on_sign_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     LysDischargePanel *self)
{
  LysInfusionPart *part = LYS_INFUSION_PART (self);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "sign"))
    return;

  if (!lys_store_sign_discharge (lys_infusion_part_get_store (part), lys_infusion_part_get_infusion_id (part), &error))
    lys_alert (GTK_WIDGET (self), _("The Discharge Was Not Signed"), error->message);
  else
    lys_alert_toast (GTK_WIDGET (part), _("Discharge signed"));
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LysInfusionPart *part = LYS_INFUSION_PART (widget);
  const LysInfusion *infusion;
  g_autoptr(GDateTime) now = lys_store_dup_now (lys_infusion_part_get_store (part));
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  /* What the other parts have typed is in the record signed */
  gtk_widget_activate_action (widget, "infusion.save-typed", NULL);
  /* What is missing is said before the signature is asked for */
  infusion = lys_infusion_part_get_infusion (part);
  if (infusion == NULL || !lys_infusion_check_discharge (infusion, now, &error))
    {
      if (error != NULL)
        lys_alert (widget, _("The Discharge Was Not Signed"), error->message);
      return;
    }
  dialog = lys_form_new_dialog (widget, _("Sign the Discharge?"),
                       _("The record becomes read-only with your signature. Later corrections are added as addenda."),
                       "sign", _("_Sign Discharge"), ADW_RESPONSE_SUGGESTED);
  lys_dialog_ask (dialog, G_CALLBACK (on_sign_response_cb), widget);
}

static void
on_waste_response_cb (AdwMessageDialog  *dialog,
                      const char        *response,
                      LysDischargePanel *self)
{
  LysInfusionPart *part = LYS_INFUSION_PART (self);
  g_autoptr(GError) error = NULL;
  const char *code = NULL;
  gint64 witness = lys_form_dialog_get_witness (dialog, &code);

  if (!g_str_equal (response, "waste"))
    return;
  if (lys_store_waste_infusion_rest (lys_infusion_part_get_store (part), lys_infusion_part_get_infusion_id (part),
                                     witness, code, &error) == 0)
    lys_alert_refuse_answer (dialog, error->message);
  else
    lys_alert_toast (GTK_WIDGET (part), _("The rest is wasted and recorded"));
}

static void
waste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LysInfusionPart *part = LYS_INFUSION_PART (widget);
  double rest = lys_store_get_infusion_rest_mg (lys_infusion_part_get_store (part),
                                                lys_infusion_part_get_infusion_id (part), NULL);
  g_autofree char *mg = lys_text_format_amount (rest);
  /* Translators: %s is a number of milligrams */
  g_autofree char *body = g_strdup_printf (_("Discard the %s mg left of the opened ketamine while the witness "
                                             "watches. They choose their name and type their own code here."), mg);
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (widget, _("Waste the Rest?"), body, "waste", _("_Record Waste"),
                                ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_witness (dialog, lys_infusion_part_get_store (part));
  lys_dialog_ask (dialog, G_CALLBACK (on_waste_response_cb), widget);
}

static void
on_addendum_response_cb (AdwMessageDialog  *dialog,
                         const char        *response,
                         LysDischargePanel *self)
{
  LysInfusionPart *part = LYS_INFUSION_PART (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  if (!g_str_equal (response, "add"))
    return;

  body = lys_form_dialog_dup_long_text (dialog, "body");
  if (!lys_store_add_infusion_addendum (lys_infusion_part_get_store (part), lys_infusion_part_get_infusion_id (part),
                                        body, &error))
    lys_alert_refuse_answer (dialog, error->message);
}

static void
addendum_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AdwMessageDialog *dialog;

  dialog = lys_form_new_dialog (widget, _("Add an Addendum"),
                       _("Say what is corrected or added, and why. It is signed with your name and kept under the record."),
                       "add", _("_Add Addendum"), ADW_RESPONSE_SUGGESTED);
  lys_form_dialog_add_text (dialog, "body", _("_Addendum"));
  lys_dialog_ask (dialog, G_CALLBACK (on_addendum_response_cb), widget);
}

static void
lys_discharge_panel_class_init (LysDischargePanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LysInfusionPartClass *part_class = LYS_INFUSION_PART_CLASS (klass);

  part_class->show = lys_discharge_panel_show;
  part_class->tick = lys_discharge_panel_tick;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/lys-discharge-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LysDischargePanel, discharge_group);
  gtk_widget_class_bind_template_child (widget_class, LysDischargePanel, sign_button);
  gtk_widget_class_bind_template_child (widget_class, LysDischargePanel, waste_row);
  gtk_widget_class_bind_template_child (widget_class, LysDischargePanel, waste_button);
  gtk_widget_class_bind_template_child (widget_class, LysDischargePanel, signed_row);
  gtk_widget_class_bind_template_child (widget_class, LysDischargePanel, addenda_group);
  gtk_widget_class_bind_template_child (widget_class, LysDischargePanel, addenda_list);

  gtk_widget_class_install_action (widget_class, "infusion.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "infusion.addendum", NULL, addendum_action);
  gtk_widget_class_install_action (widget_class, "infusion.waste", NULL, waste_action);
}

static void
lys_discharge_panel_init (LysDischargePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->addenda = lys_rows_bind_texts (self->addenda_list);
  gtk_list_box_set_placeholder (self->addenda_list, lys_rows_new_placeholder (_("No addenda.")));
  for (guint i = 0; i < LYS_N_DISCHARGE_CHECKS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lys_discharge_check_get_label (i));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      lys_discharge_check_get_label (i), -1);
      lys_form_row_add_field (ADW_ACTION_ROW (row), check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled_cb), self);
      adw_preferences_group_add (self->discharge_group, row);
      self->checks[i] = GTK_CHECK_BUTTON (check);
    }
}
