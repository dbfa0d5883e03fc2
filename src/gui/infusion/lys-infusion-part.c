/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-infusion-part"

#include "config.h"

#include <glib/gi18n.h>

#include "lys-alert.h"
#include "lys-error.h"
#include "lys-infusion-part.h"
#include "lys-later.h"
#include "lys-time.h"

#define TEXT_SAVE_DELAY_MS 600

/* A text field stored after a pause in typing */
typedef struct
{
  LysInfusionPart *part;
  GObject *source;               /* a GtkEditable or a GtkTextBuffer */
  LysInfusionField field;
  guint save_id;
} Watched;

typedef struct
{
  LysStore *store;
  gint64 infusion_id;
  const LysInfusion *infusion;   /* the window's */
  gboolean showing;              /* widgets are being set from the record */
  GPtrArray *watched;            /* Watched */
} LysInfusionPartPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (LysInfusionPart, lys_infusion_part, ADW_TYPE_BIN)

static void
lys_infusion_part_dispose (GObject *object)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (LYS_INFUSION_PART (object));

  g_clear_pointer (&priv->watched, g_ptr_array_unref);
  g_clear_object (&priv->store);
  priv->infusion = NULL;

  G_OBJECT_CLASS (lys_infusion_part_parent_class)->dispose (object);
}

static void
lys_infusion_part_class_init (LysInfusionPartClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lys_infusion_part_dispose;
}

static void
watched_free (Watched *watched)
{
  g_clear_handle_id (&watched->save_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (watched->source, watched);
  g_free (watched);
}

static void
lys_infusion_part_init (LysInfusionPart *self)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);

  priv->watched = g_ptr_array_new_with_free_func ((GDestroyNotify) watched_free);
}

void
lys_infusion_part_set_record (LysInfusionPart *self,
                              LysStore        *store,
                              gint64           infusion_id)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);

  g_return_if_fail (LYS_IS_INFUSION_PART (self));
  g_return_if_fail (LYS_IS_STORE (store));

  g_set_object (&priv->store, store);
  priv->infusion_id = infusion_id;
  priv->infusion = NULL;
  if (LYS_INFUSION_PART_GET_CLASS (self)->record_set != NULL)
    LYS_INFUSION_PART_GET_CLASS (self)->record_set (self);
}

/* What the part's widgets do while the record is put in them is not an
 * entry to store: lys_infusion_part_is_showing () says so */
void
lys_infusion_part_show (LysInfusionPart   *self,
                        const LysInfusion *infusion)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);

  g_return_if_fail (LYS_IS_INFUSION_PART (self));
  g_return_if_fail (infusion != NULL);

  priv->infusion = infusion;
  priv->showing = TRUE;
  LYS_INFUSION_PART_GET_CLASS (self)->show (self, infusion);
  priv->showing = FALSE;
}

void
lys_infusion_part_tick (LysInfusionPart *self,
                        GDateTime       *now)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);

  g_return_if_fail (LYS_IS_INFUSION_PART (self));

  if (priv->infusion != NULL && LYS_INFUSION_PART_GET_CLASS (self)->tick != NULL)
    LYS_INFUSION_PART_GET_CLASS (self)->tick (self, priv->infusion, now);
}

/* Typed text */

static char *
text_of (GObject *source)
{
  GtkTextIter start, end;

  if (GTK_IS_EDITABLE (source))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (source)));
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (source), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (source), &start, &end, FALSE);
}

static const char *
stored_text (const LysInfusion *infusion,
             LysInfusionField   field)
{
  const char *text = field == LYS_INFUSION_FIELD_LOT_NUMBER ? infusion->lot_number : infusion->observations;

  return text != NULL ? text : "";
}

static void
save_typed (Watched *watched)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (watched->part);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = text_of (watched->source);

  g_clear_handle_id (&watched->save_id, g_source_remove);
  if (priv->infusion == NULL || g_strcmp0 (text, stored_text (priv->infusion, watched->field)) == 0)
    return;
  if (!lys_store_set_infusion_text (priv->store, priv->infusion_id, watched->field, text, &error))
    lys_infusion_part_refuse (watched->part, _("Not Stored"), error);
}

static void
on_typed_cb (Watched *watched)
{
  if (lys_infusion_part_is_showing (watched->part))
    return;

  lys_later (&watched->save_id, G_PRIORITY_DEFAULT, TEXT_SAVE_DELAY_MS, (LysLaterFunc) save_typed, watched);
}

/**
 * lys_infusion_part_watch_text:
 * @source: a #GtkEditable or a #GtkTextBuffer of the part
 * @field: the record's text it holds
 *
 * What is typed in @source goes to the store after a pause in typing, and
 * at once when the window closes or a step needs it.
 */
void
lys_infusion_part_watch_text (LysInfusionPart  *self,
                              GObject          *source,
                              LysInfusionField  field)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);
  Watched *watched = g_new0 (Watched, 1);

  g_return_if_fail (GTK_IS_EDITABLE (source) || GTK_IS_TEXT_BUFFER (source));

  watched->part = self;
  watched->source = source;
  watched->field = field;
  g_ptr_array_add (priv->watched, watched);
  g_signal_connect_swapped (source, "changed", G_CALLBACK (on_typed_cb), watched);
}

/* Text being typed is the user's until it is stored: the record's text is
 * shown only in a field nobody is typing in */
void
lys_infusion_part_show_text (LysInfusionPart *self,
                             GObject         *source,
                             const char      *stored)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);
  g_autofree char *text = NULL;

  for (guint i = 0; i < priv->watched->len; i++)
    {
      Watched *watched = priv->watched->pdata[i];

      if (watched->source == source && watched->save_id != 0)
        return;
    }
  stored = stored != NULL ? stored : "";
  text = text_of (source);
  if (g_strcmp0 (text, stored) == 0)
    return;
  if (GTK_IS_EDITABLE (source))
    gtk_editable_set_text (GTK_EDITABLE (source), stored);
  else
    gtk_text_buffer_set_text (GTK_TEXT_BUFFER (source), stored, -1);
}

/* What is being typed goes to the store now, not after the pause */
void
lys_infusion_part_flush (LysInfusionPart *self)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);

  g_return_if_fail (LYS_IS_INFUSION_PART (self));

  for (guint i = 0; i < priv->watched->len; i++)
    {
      Watched *watched = priv->watched->pdata[i];

      if (watched->save_id != 0)
        save_typed (watched);
    }
}

LysStore *
lys_infusion_part_get_store (LysInfusionPart *self)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);

  return priv->store;
}

gint64
lys_infusion_part_get_infusion_id (LysInfusionPart *self)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);

  return priv->infusion_id;
}

/**
 * lys_infusion_part_get_infusion:
 *
 * Returns: (transfer none) (nullable): the record shown, %NULL before the first
 */
const LysInfusion *
lys_infusion_part_get_infusion (LysInfusionPart *self)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);

  return priv->infusion;
}

gboolean
lys_infusion_part_is_showing (LysInfusionPart *self)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);

  return priv->showing;
}

/* A refused entry: the part shows what is stored, not what was refused,
 * and a dialog says why, so that none goes unnoticed */
void
lys_infusion_part_refuse (LysInfusionPart *self,
                          const char      *heading,
                          const GError    *error)
{
  LysInfusionPartPrivate *priv = lys_infusion_part_get_instance_private (self);

  if (priv->infusion != NULL)
    lys_infusion_part_show (self, priv->infusion);
  lys_alert (GTK_WIDGET (self), heading, error->message);
}

/* Before @area goes insensitive or hidden: a focused entry in it would
 * keep its cursor blinking without focus. The window gives the focus on. */
void
lys_infusion_part_release_focus (LysInfusionPart *self,
                                 GtkWidget       *area)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = GTK_IS_WINDOW (root) ? gtk_window_get_focus (GTK_WINDOW (root)) : NULL;

  if (focus != NULL && (focus == area || gtk_widget_is_ancestor (focus, area)))
    gtk_window_set_focus (GTK_WINDOW (root), NULL);
}

char *
lys_infusion_part_clock_of (GDateTime *time)
{
  return g_date_time_format (time, "%H:%M");
}

/* "in 12 min", "in 1 h 05 min", "12 min ago" */
char *
lys_infusion_part_describe_until (GDateTime *when,
                                  GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (when, now);
  gint64 minutes = (ABS (span) + G_TIME_SPAN_MINUTE - 1) / G_TIME_SPAN_MINUTE;
  g_autofree char *amount = NULL;

  if (minutes >= 60)
    /* Translators: a duration in hours and minutes, e.g. "1 h 05 min" */
    amount = g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
  else
    /* Translators: a duration in minutes, e.g. "12 min" */
    amount = g_strdup_printf (_("%d min"), (int) minutes);

  if (span >= 0)
    /* Translators: a time still to come, e.g. "in 12 min" */
    return g_strdup_printf (_("in %s"), amount);
  /* Translators: a time passed, e.g. "12 min ago" */
  return g_strdup_printf (_("%s ago"), amount);
}

/* Times typed in: "hh:mm" today; the clock's when left as it is */
GDateTime *
lys_infusion_part_parse_time (LysStore    *store,
                              const char  *text,
                              gboolean    *given,
                              GError     **error)
{
  g_autoptr(GDateTime) now = lys_store_dup_now (store);
  g_autoptr(GDateTime) midnight = NULL;
  g_autofree char *clock = lys_infusion_part_clock_of (now);
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  guint minute;

  *given = FALSE;
  if (stripped[0] == '\0' || g_str_equal (stripped, clock))
    return g_steal_pointer (&now);

  if (!lys_time_parse_minute (stripped, &minute))
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID,
                           _("Write the time as hours and minutes, for instance 09:25."));
      return NULL;
    }

  *given = TRUE;
  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  return g_date_time_add_minutes (midnight, (int) minute);
}
