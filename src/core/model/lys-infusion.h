/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lys-domain.h"
#include "lys-dose.h"
#include "lys-rating.h"
#include "lys-vitals.h"

G_BEGIN_DECLS

/* The record of one infusion at the bedside, as read from the store: dose,
 * the vitals flowsheet, what happened during and after, and the discharge.
 * Times are GDateTime in the clinic's zone; NULL for "not yet". */

#define LYS_CADSS_ITEMS 23
#define LYS_LOT_NUMBER_MAX 40

/* What the bedside screen stores field by field, as it is entered */
typedef enum
{
  LYS_INFUSION_FIELD_WEIGHT,        /* kg */
  LYS_INFUSION_FIELD_DOSE_RATE,     /* mg/kg */
  LYS_INFUSION_FIELD_MINUTES,
  LYS_INFUSION_FIELD_LOT_NUMBER,
  LYS_INFUSION_FIELD_OBSERVATIONS,
  LYS_N_INFUSION_FIELDS
} LysInfusionField;

typedef struct
{
  gint64          id;
  GDateTime      *taken_at;
  LysVitalsStage  stage;
  LysVitals       values;
  LysVitalsAlert  alert;
  char           *recorded_by;
  char           *time_reason;     /* why the time is not the clock's, or NULL */
  GDateTime      *due_at;          /* the due time it answers, or NULL (baseline) */
  gboolean        late;

  gboolean        acknowledged;    /* alerts only */
  GDateTime      *acknowledged_at;
  char           *acknowledged_by;
  LysAlertAction  action;
  char           *acknowledgement;
} LysVitalsReading;

typedef struct
{
  gint64          id;
  LysAdverseKind  kind;
  char           *description;     /* what it was, for "other" */
  LysSeverity     severity;
  char           *action;          /* what was done */
  GDateTime      *noted_at;
  char           *recorded_by;
} LysAdverseEvent;

typedef struct
{
  LysInfusionEventKind  kind;
  GDateTime            *at;
  char                 *reason;
  char                 *by;
} LysInfusionEvent;

typedef struct
{
  gint64     id;
  char      *author;
  GDateTime *created_at;
  char      *body;
} LysAddendum;

typedef struct
{
  gint64             id;
  gint64             appointment_id;
  gint64             patient_id;
  char              *patient_name;
  char              *room_name;
  GDateTime         *booked_at;        /* the booking's start */
  LysInfusionStatus  status;

  /* Dose; 0 until entered */
  double             weight_kg;
  double             mg_per_kg;
  guint              minutes;
  char              *lot_number;
  gint64             given_by;         /* staff id, or 0 */
  gint64             psychologist_id;

  GDateTime         *started_at;
  GDateTime         *ends_at;          /* the end, or as planned while it runs (pauses added) */
  GDateTime         *discharge_from;   /* the earliest discharge, once ended */
  GDateTime         *discharged_at;
  char              *discharged_by;
  gboolean           altered;          /* discharged, and changed outside
                                        * Lysning since: its clinical
                                        * content is not filled in */
  char              *stop_reason;      /* stopped early, or NULL */
  double             given_mg;         /* the dose given, once ended; < 0 unknown */
  char              *start_override;   /* started above the limit: why, or NULL */
  guint              checklist;        /* bit per LysDischargeCheck */
  char              *observations;     /* the psychologist's, during and after */

  gboolean           has_cadss;
  guint              cadss[LYS_CADSS_ITEMS];
  guint              cadss_total;

  GPtrArray         *readings;         /* LysVitalsReading, by time */
  GPtrArray         *adverse_events;   /* LysAdverseEvent, by time */
  GPtrArray         *events;           /* LysInfusionEvent, by time */
  GPtrArray         *addenda;          /* LysAddendum, oldest first */
  GDateTime         *next_due;         /* the next reading; NULL when none is due */
} LysInfusion;

void                    lys_vitals_reading_free        (LysVitalsReading *reading);
void                    lys_adverse_event_free         (LysAdverseEvent  *event);
void                    lys_infusion_event_free        (LysInfusionEvent *event);
void                    lys_addendum_free              (LysAddendum      *addendum);

LysInfusion            *lys_infusion_new               (void);
void                    lys_infusion_free              (LysInfusion      *self);
double                  lys_infusion_get_total_mg      (const LysInfusion *self);
gboolean                lys_infusion_check_discharge   (const LysInfusion  *self,
                                                        GDateTime          *now,
                                                        GError            **error);
double                  lys_infusion_compute_given_mg  (const LysInfusion *self,
                                                        GDateTime         *end);
void                    lys_infusion_update_schedule   (LysInfusion      *self,
                                                        guint             observation_minutes,
                                                        GDateTime        *now);
gboolean                lys_infusion_is_read_only      (const LysInfusion *self);
gboolean                lys_infusion_checklist_complete (const LysInfusion *self);
const LysVitalsReading *lys_infusion_get_pending_alert (const LysInfusion *self);
const LysVitalsReading *lys_infusion_get_baseline      (const LysInfusion *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysInfusion, lys_infusion_free)

G_END_DECLS
