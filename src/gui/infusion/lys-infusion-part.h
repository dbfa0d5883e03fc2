/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lys-infusion.h"
#include "lys-store.h"

G_BEGIN_DECLS

#define LYS_TYPE_INFUSION_PART (lys_infusion_part_get_type ())

G_DECLARE_DERIVABLE_TYPE (LysInfusionPart, lys_infusion_part, LYS, INFUSION_PART, AdwBin)

/* A part of the bedside screen (the dose, the vital signs, what happens
 * during and after, the discharge). LysInfusionWindow reads the record and
 * shows it in every part after each change; a part writes what is entered
 * in it to the store at once, and a refusal shows the record again. */
struct _LysInfusionPartClass
{
  AdwBinClass parent_class;

  /* The record to show: owned by the window, valid until the next show () */
  void (*show)       (LysInfusionPart   *self,
                      const LysInfusion *infusion);
  /* Optional: what changes with the clock */
  void (*tick)       (LysInfusionPart   *self,
                      const LysInfusion *infusion,
                      GDateTime         *now);
  /* Optional: the part was given its record */
  void (*record_set) (LysInfusionPart   *self);
};

void               lys_infusion_part_set_record     (LysInfusionPart   *self,
                                                     LysStore          *store,
                                                     gint64             infusion_id);
void               lys_infusion_part_show           (LysInfusionPart   *self,
                                                     const LysInfusion *infusion);
void               lys_infusion_part_tick           (LysInfusionPart   *self,
                                                     GDateTime         *now);
void               lys_infusion_part_flush          (LysInfusionPart   *self);

/* For the parts */
LysStore          *lys_infusion_part_get_store      (LysInfusionPart   *self);
gint64             lys_infusion_part_get_infusion_id (LysInfusionPart  *self);
const LysInfusion *lys_infusion_part_get_infusion   (LysInfusionPart   *self);
gboolean           lys_infusion_part_is_showing     (LysInfusionPart   *self);
void               lys_infusion_part_refuse         (LysInfusionPart   *self,
                                                     const char        *heading,
                                                     const GError      *error);
void               lys_infusion_part_release_focus  (LysInfusionPart   *self,
                                                     GtkWidget         *area);
void               lys_infusion_part_watch_text     (LysInfusionPart   *self,
                                                     GObject           *source,
                                                     LysInfusionField   field);
void               lys_infusion_part_show_text      (LysInfusionPart   *self,
                                                     GObject           *source,
                                                     const char        *stored);
char              *lys_infusion_part_clock_of       (GDateTime         *time);
char              *lys_infusion_part_describe_until (GDateTime         *when,
                                                     GDateTime         *now);
GDateTime         *lys_infusion_part_parse_time     (LysStore          *store,
                                                     const char        *text,
                                                     gboolean          *given,
                                                     GError           **error);

G_END_DECLS
