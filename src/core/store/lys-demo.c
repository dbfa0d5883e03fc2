/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-demo"

#include "config.h"

#include <math.h>
#include <string.h>
#include "lys-i18n.h"

#include "lys-demo.h"
#include "lys-error.h"
#include "lys-holidays.h"
#include "lys-national-id.h"
#include "lys-sha256.h"
#include "lys-store-drugs.h"
#include "lys-store-private.h"
#include "lys-store-rows.h"
#include "lys-time.h"

/* A fictitious clinic, the same on every run (fixed seed): three infusion
 * rooms, six staff, patients in every phase with their bookings, infusions,
 * vitals, ratings and consents. The schedule is built without double
 * bookings: infusions go into fixed slots, each slot with two lanes (room,
 * drug-giver and certified psychologist), therapy sessions into the other
 * psychologist's slots.
 *
 * Every row is written by the store part that owns its table, through its
 * row writer (lys-store-rows.h), in one transaction; what the demo asks of
 * the database itself is only what it has written so far. */

#define SEED 20250825
#define N_ROOMS 3
#define FORM_VERSION "2025.1"

static const char *given_names[] = {
  "Anne", "Bjørn", "Camilla", "Dag", "Eli", "Frode", "Guro", "Håkon", "Ingvild",
  "Jørgen", "Kristin", "Lars", "Marit", "Nils", "Oda", "Per", "Ragnhild", "Sindre",
  "Tone", "Ulrik", "Vigdis", "Øystein", "Åse", "Espen", "Hilde", "Torbjørn",
  "Siri", "Amir", "Fatima", "Mats", "Linnea", "Arild",
};

static const char *family_names[] = {
  "Aasen", "Bakke", "Christensen", "Dahle", "Eide", "Fjeld", "Gundersen",
  "Hagen", "Iversen", "Johansen", "Karlsen", "Lunde", "Moe", "Nilsen", "Olsen",
  "Pedersen", "Rønning", "Strand", "Tangen", "Ulstein", "Vik", "Ødegård",
  "Åsheim", "Berntsen", "Halvorsen", "Sæther", "Lie-Mørk", "Ahmadi", "Nguyen",
  "Brekke", "Haugland", "Kvam",
};

static const char *referrers[] = {
  "DPS Aker", "DPS Vinderen", "Lovisenberg DPS", "DPS Nedre Romerike",
  "Fastlege Grünerløkka legesenter", "Søndre Oslo DPS",
};

static const char *diagnoses[] = { "F33.2", "F33.1", "F32.2", "F33.2", "F32.1", "F33.1", "F31.3" };

static const struct { LysStopReason code; const char *words; } stop_reasons[] = {
  { LYS_STOP_PATIENT_WISH, "Ønsket selv å avslutte" },
  { LYS_STOP_ADVERSE_EFFECTS, "Ubehagelig dissosiasjon" },
  { LYS_STOP_NO_EFFECT, "Ingen effekt etter fire infusjoner" },
  { LYS_STOP_MEDICAL, "Blodtrykk over grensen ved gjentatte målinger" },
};

/* Infusion slots (minutes after midnight); a booking covers infusion,
 * observation and turnover, 115 min by default, so two hours apart. */
static const guint infusion_slots[] = { 8 * 60, 10 * 60, 12 * 60, 14 * 60 };
#define INFUSION_LANES 2
/* Preparation and integration sessions, 60 min. */
static const guint therapy_slots[] = { 8 * 60, 9 * 60 + 15, 10 * 60 + 30, 12 * 60, 13 * 60 + 15, 14 * 60 + 30 };
#define THERAPY_MINUTES 60

typedef enum
{
  STAFF_PHYSICIAN,
  STAFF_NURSE,
  STAFF_PSYCHOLOGIST_A,
  STAFF_PSYCHOLOGIST_B,
  STAFF_PSYCHOLOGIST_C,
  STAFF_COORDINATOR,
  N_STAFF
} Staff;

/* The rows the store's parts write (lys-store-rows.h), each statement kept
 * for the next row */
typedef enum
{
  KEPT_PATIENT,
  KEPT_COURSE,
  KEPT_APPOINTMENT,
  KEPT_VITALS = KEPT_APPOINTMENT + LYS_APPOINTMENT_STMTS,
  KEPT_ADVERSE,
  KEPT_RATING,
  KEPT_CONSENT,
  KEPT_NOTE,
  KEPT_SIGNATURE,
  KEPT_INFUSION,
  KEPT_DISCHARGE,
  N_KEPT
} Kept;

typedef struct
{
  LysStore *store;
  GRand *rand;
  GError **error;
  LysDbStmt *kept[N_KEPT];

  guint today;             /* Julian day */
  GDate today_date;
  guint now_minute;
  guint booking_minutes;   /* infusion + observation + turnover */
  guint infusion_minutes;
  guint observation_minutes;

  GHashTable *infusion_lanes;  /* Julian day -> bitmask of slot*lanes+lane */
  GHashTable *therapy_lanes;   /* Julian day -> bitmask of slots */
  GHashTable *national_ids;

  gint64 rooms[N_ROOMS];
  gint64 staff[N_STAFF];
  LysNoteTemplate *note_template;   /* the integration notes' */
  char *note_sections;
  char *written_at;        /* when the records were written, UTC */
} Seeder;

typedef struct
{
  gint64 id;
  gint64 course_id;
  double weight;
  guint madrs_level;      /* baseline MADRS, falls with treatment */
} SeedPatient;

static gboolean
past (Seeder *s,
      guint   day,
      guint   minute)
{
  return day < s->today || (day == s->today && minute < s->now_minute);
}

static void
format_time (char   buf[20],
             guint  julian,
             guint  minute)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian + minute / (24 * 60));
  minute %= 24 * 60;
  g_snprintf (buf, 20, "%04u-%02u-%02u %02u:%02u:00",
              g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
              minute / 60, minute % 60);
}

static void
format_day (char  buf[11],
            guint julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (buf, 11, "%04u-%02u-%02u",
              g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

static gboolean
is_open (guint julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return !lys_holidays_is_closed_day (&date);
}

/* Monday-based week number, for the "at most 3 per calendar week" rule. */
static guint
week_of (guint julian)
{
  /* Julian day 1 (1 Jan 1) is a Monday */
  return (julian - 1) / 7;
}

static guint
rand_range (Seeder *s,
            guint   low,
            guint   high)
{
  return (guint) g_rand_int_range (s->rand, low, high + 1);
}

/* Finds the first free (slot, lane) at or after @day/@minute on an open day.
 * Returns the day; *slot and *lane say where. */
static guint
find_slot (GHashTable  *table,
           const guint *slots,
           guint        n_slots,
           guint        n_lanes,
           guint        day,
           guint        minute,
           guint       *slot,
           guint       *lane)
{
  for (;; day++, minute = 0)
    {
      guint used;

      if (!is_open (day))
        continue;

      used = GPOINTER_TO_UINT (g_hash_table_lookup (table, GUINT_TO_POINTER (day)));
      for (guint i = 0; i < n_slots; i++)
        {
          if (slots[i] < minute)
            continue;
          for (guint l = 0; l < n_lanes; l++)
            {
              if (!(used & (1u << (i * n_lanes + l))))
                {
                  *slot = i;
                  *lane = l;
                  return day;
                }
            }
        }
    }
}

static void
take_slot (GHashTable *table,
           guint       n_lanes,
           guint       day,
           guint       slot,
           guint       lane)
{
  guint used = GPOINTER_TO_UINT (g_hash_table_lookup (table, GUINT_TO_POINTER (day)));

  used |= 1u << (slot * n_lanes + lane);
  g_hash_table_insert (table, GUINT_TO_POINTER (day), GUINT_TO_POINTER (used));
}

static gint64
add_appointment (Seeder             *s,
                 LysAppointmentKind  kind,
                 LysAppointmentState state,
                 gint64              course_id,
                 gint64              room_id,
                 guint               day,
                 guint               minute,
                 guint               duration,
                 gint64              patient_id,
                 Staff               first,
                 Staff               second)   /* or N_STAFF */
{
  char starts[20], ends[20];
  LysBookingStaff staff[2] = {
    { s->staff[first], first == STAFF_PHYSICIAN || first == STAFF_NURSE ? LYS_TASK_DRUG : LYS_TASK_THERAPIST },
    { second < N_STAFF ? s->staff[second] : 0, LYS_TASK_PSYCHOLOGIST },
  };
  LysAppointmentRow row = { .kind = kind, .state = state, .course_id = course_id, .room_id = room_id,
                            .starts_at = starts, .ends_at = ends, .patient_ids = &patient_id, .n_patients = 1,
                            .staff = staff, .n_staff = second < N_STAFF ? 2 : 1 };

  format_time (starts, day, minute);
  format_time (ends, day, minute + duration);
  return _lys_store_write_appointment (s->store, &s->kept[KEPT_APPOINTMENT], &row, s->error);
}

static gboolean
add_rating (Seeder      *s,
            SeedPatient *p,
            gint64       infusion_id,
            LysScale     scale,
            const char  *timepoint,
            const char  *rated_at,
            guint        n_items,
            guint        max_item,
            guint        target_total,
            Staff        rater)
{
  g_autoptr(GString) answers = g_string_new ("[");
  guint items[32] = { 0 };
  guint total = MIN (target_total, n_items * max_item);

  g_assert (n_items <= G_N_ELEMENTS (items));

  /* Spread the total over the items at random, each within its range, so
   * that the answers always add up to the stored total. */
  for (guint left = total; left > 0; )
    {
      guint i = rand_range (s, 0, n_items - 1);

      if (items[i] < max_item)
        {
          items[i]++;
          left--;
        }
    }
  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (answers, "%s%u", i ? "," : "", items[i]);
  g_string_append_c (answers, ']');

  {
    LysRatingRow row = { .patient_id = p->id, .course_id = p->course_id, .infusion_id = infusion_id,
                         .scale = scale, .timepoint = timepoint, .rated_at = rated_at, .answers = answers->str,
                         .total = total, .rated_by = rater == N_STAFF ? 0 : s->staff[rater], .complete = TRUE };

    return _lys_store_write_rating (s->store, &s->kept[KEPT_RATING], &row, s->error) != 0;
  }
}

/* What was recorded at an infusion that took place: dose, vitals every 10 min
 * during and every 15 after, a PHQ-9 before and a CADSS after. */
static gboolean
record_infusion (Seeder      *s,
                 SeedPatient *p,
                 gint64       appointment_id,
                 guint        day,
                 guint        minute,
                 guint        lane,
                 guint        number)
{
  static const double doses[] = { 0.5, 0.5, 0.5, 0.4, 0.6, 0.75 };
  double dose = doses[rand_range (s, 0, G_N_ELEMENTS (doses) - 1)];
  double weight = round ((p->weight + g_rand_double_range (s->rand, -1.0, 1.0)) * 10) / 10;
  Staff giver = lane == 0 ? STAFF_PHYSICIAN : STAFF_NURSE;
  Staff psychologist = lane == 0 ? STAFF_PSYCHOLOGIST_A : STAFF_PSYCHOLOGIST_B;
  guint end = minute + s->infusion_minutes;
  guint discharge = end + s->observation_minutes + rand_range (s, 0, 15);
  guint base_sys = rand_range (s, 112, 134);
  guint base_dia = rand_range (s, 68, 86);
  guint base_hr = rand_range (s, 58, 84);
  char started[20], ended[20], discharged[20], lot[16];
  gint64 infusion_id;

  format_time (started, day, minute);
  format_time (ended, day, end);
  format_time (discharged, day, discharge);
  /* A lot from the pharmacy lasts about two months */
  g_snprintf (lot, sizeof lot, "KET-%05u", day / 61 % 100000);

  {
    /* Written whole, as it ended, checklist done: the bedside writes its
     * record step by step as it goes */
    LysInfusionRow row = { .appointment_id = appointment_id, .status = LYS_INFUSION_ENDED, .weight_kg = weight,
                           .dose_mg_per_kg = dose, .total_mg = round (weight * dose * 10) / 10,
                           .duration_minutes = s->infusion_minutes, .lot_number = lot,
                           .given_by = s->staff[giver], .psychologist_id = s->staff[psychologist],
                           .started_at = started, .ended_at = ended, .checklist = 15,
                           .updated_at = s->written_at };

    row.given_mg = row.total_mg;
    infusion_id = _lys_store_write_infusion (s->store, &s->kept[KEPT_INFUSION], &row, s->error);
    if (infusion_id == 0)
      return FALSE;
  }

  for (guint t = 0, next; t <= s->infusion_minutes + s->observation_minutes; t = next)
    {
      /* Blood pressure rises during the infusion and settles after */
      double rise = t <= s->infusion_minutes
        ? 22.0 * t / s->infusion_minutes
        : 22.0 * (1.0 - (double) (t - s->infusion_minutes) / s->observation_minutes);
      guint sys = base_sys + (guint) rise + rand_range (s, 0, 6);
      guint dia = base_dia + (guint) (rise / 2) + rand_range (s, 0, 4);
      char taken[20];
      LysVitalsRow row = { .infusion_id = infusion_id, .taken_at = taken,
                           .stage = t == 0 ? LYS_STAGE_BASELINE : t <= s->infusion_minutes ? LYS_STAGE_DURING
                                                                                          : LYS_STAGE_AFTER,
                           .reading = { .systolic = sys, .diastolic = dia },
                           .recorded_by = s->staff[giver] };

      format_time (taken, day, minute + t);
      row.reading.heart_rate = base_hr + rand_range (s, 0, 12);
      row.reading.spo2 = rand_range (s, 95, 99);
      if (_lys_store_write_vitals (s->store, &s->kept[KEPT_VITALS], &row, s->error) == 0)
        return FALSE;

      next = t < s->infusion_minutes ? MIN (t + 10, s->infusion_minutes) : t + 15;
    }

  /* Now and then nausea, or a pressure that needed treating: chosen by the
   * record's number, so that the rest of the clinic stays as it was */
  if (infusion_id % 9 == 4 || infusion_id % 41 == 7)
    {
      gboolean nausea = infusion_id % 9 == 4;
      char noted[20];
      LysAdverseRow row = {
        .infusion_id = infusion_id,
        .kind = nausea ? LYS_ADVERSE_NAUSEA : LYS_ADVERSE_HYPERTENSION,
        .description = nausea ? "Kvalm mot slutten av infusjonen" : "BT 172/104 etter 30 min",
        .severity = nausea ? LYS_SEVERITY_MILD : LYS_SEVERITY_MODERATE,
        .action = nausea ? "Ondansetron 4 mg i.v." : "Infusjonshastigheten halvert; BT fulgt hvert 5. min",
        .noted_at = noted,
        .recorded_by = s->staff[giver],
      };

      format_time (noted, day, minute + s->infusion_minutes * 3 / 4);
      if (!_lys_store_write_adverse_event (s->store, &s->kept[KEPT_ADVERSE], &row, s->error))
        return FALSE;
    }

  {
    guint phq = MAX (3, 20 - MIN (17, number * 2) + rand_range (s, 0, 3));
    guint cadss = rand_range (s, 4, 30);
    char after[20];

    format_time (after, day, end + 5);
    if (!add_rating (s, p, 0, LYS_SCALE_PHQ9, NULL, started, 9, 3, phq, N_STAFF) ||
        !add_rating (s, p, infusion_id, LYS_SCALE_CADSS, NULL, after, 23, 4, cadss, psychologist))
      return FALSE;

    if (number == 6)
      {
        guint madrs = p->madrs_level * rand_range (s, 30, 70) / 100;

        if (!add_rating (s, p, 0, LYS_SCALE_MADRS, "infusion-6", after, 10, 6, madrs, psychologist))
          return FALSE;
      }
  }

  /* Signed last: a discharged record takes no more readings */
  return _lys_store_write_discharge (s->store, &s->kept[KEPT_DISCHARGE], infusion_id, discharged, s->staff[giver],
                                     s->written_at, s->error);
}

/* Books the infusions of a course from @first_day on: at least 48 h apart, at
 * most three a calendar week, only on open days with a free lane. Those in
 * the past took place. Returns the day of the last one, or 0 on error. */
static guint
book_infusions (Seeder      *s,
                SeedPatient *p,
                guint        first_day,
                guint        n_infusions,
                guint        n_done_at_most,
                guint        numbering_from)
{
  guint day = first_day, minute = 0;
  guint week = 0, in_week = 0;

  for (guint k = 0; k < n_infusions; k++)
    {
      guint slot, lane;
      LysAppointmentState state;
      gint64 appointment;

      for (;;)
        {
          day = find_slot (s->infusion_lanes, infusion_slots, G_N_ELEMENTS (infusion_slots),
                           INFUSION_LANES, day, minute, &slot, &lane);
          if (week_of (day) != week || in_week < 3)
            break;
          /* Three this week already: the next Monday */
          day = (week_of (day) + 1) * 7 + 1;
          minute = 0;
        }

      if (week_of (day) != week)
        {
          week = week_of (day);
          in_week = 0;
        }
      in_week++;
      take_slot (s->infusion_lanes, INFUSION_LANES, day, slot, lane);

      if (!past (s, day, infusion_slots[slot]))
        state = LYS_APPOINTMENT_PLANNED;
      else if (k < n_done_at_most)
        state = LYS_APPOINTMENT_DONE;
      else
        state = LYS_APPOINTMENT_CANCELLED;

      appointment = add_appointment (s, LYS_APPOINTMENT_INFUSION, state, p->course_id,
                                     s->rooms[(lane + day) % N_ROOMS], day, infusion_slots[slot],
                                     s->booking_minutes, p->id, lane == 0 ? STAFF_PHYSICIAN : STAFF_NURSE,
                                     lane == 0 ? STAFF_PSYCHOLOGIST_A : STAFF_PSYCHOLOGIST_B);
      if (appointment == 0)
        return 0;

      if (state == LYS_APPOINTMENT_DONE &&
          !record_infusion (s, p, appointment, day, infusion_slots[slot], lane, numbering_from + k))
        return 0;

      /* The next one at least 48 h later */
      day += 2;
      minute = infusion_slots[slot];
    }

  return day - 2;
}

/* What a psychologist writes after an integration session, section by
 * section of the clinic's KAP integration template: fictitious */
static const char *note_phrases[][3] = {
  { "Beskrev et varmt lys og en følelse av å flyte.", "Opplevde musikken som bølger; litt uro de første minuttene.",
    "Kjente kroppen tung, så lett. Ingenting skremmende." },
  { "Sorgen etter farens død kom tydelig fram.", "Temaet var å være god nok på jobben.",
    "Savnet av nærhet til barna gikk igjen." },
  { "Tristhet, deretter lettelse.", "Mye gråt, som hun beskrev som godt.", "Rolig og nysgjerrig." },
  { "Spenningen i skuldrene slapp.", "Kvalme de første minuttene, så bedre.", "Varme i brystet." },
  { "Ser en sammenheng mellom søvn og humør.", "Kjente håp for første gang på lenge.", "Vil ta mer vare på seg selv." },
  { "Pusteøvelser morgen og kveld.", "Korte turer ute hver dag, og skrive dagbok.",
    "Legge merke til kroppen før sengetid." },
  { "Ingen tegn til økt selvmordsrisiko.", "Avkrefter selvmordstanker; avtalt kontakt ved forverring.",
    "Stabil; ingen nye risikofaktorer." },
};

static gboolean
add_note (Seeder      *s,
          SeedPatient *p,
          gint64       appointment_id,
          guint        day,
          guint        minute)
{
  g_autoptr(GString) body = g_string_new (NULL);
  /* Its own numbers: the clinic's schedule stays as it was seeded before */
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) appointment_id);
  char created[20], signed_at[20];

  if (s->note_template == NULL)
    return TRUE;

  for (guint i = 0; i < s->note_template->sections->len; i++)
    {
      LysNoteSection *section = s->note_template->sections->pdata[i];

      if (i > 0)
        g_string_append (body, "\n\n");
      g_string_append_printf (body, "%s\n", section->heading);
      if (i < G_N_ELEMENTS (note_phrases) && (section->required || g_rand_int_range (rand, 0, 3) > 0))
        g_string_append (body, note_phrases[i][g_rand_int_range (rand, 0, G_N_ELEMENTS (note_phrases[i]))]);
    }
  format_time (created, day, minute + THERAPY_MINUTES);
  format_time (signed_at, day, minute + THERAPY_MINUTES + 20);

  {
    LysNoteRow row = { .patient_id = p->id, .appointment_id = appointment_id,
                       .author_id = s->staff[STAFF_PSYCHOLOGIST_C], .template_key = s->note_template->key,
                       .session_kind = LYS_APPOINTMENT_INTEGRATION, .body = body->str,
                       .sections = s->note_sections, .created_at = created };
    gint64 note_id = _lys_store_write_note (s->store, &s->kept[KEPT_NOTE], &row, s->error);

    return note_id != 0 &&
           _lys_store_write_note_signature (s->store, &s->kept[KEPT_SIGNATURE], note_id, body->str, signed_at,
                                            row.author_id, created, s->error);
  }
}

/* A session from @day on, the first free; the day it took in @booked */
static gboolean
book_therapy (Seeder             *s,
              SeedPatient        *p,
              LysAppointmentKind  kind,
              guint               day,
              guint              *booked)
{
  guint slot, lane;
  gint64 appointment;

  day = find_slot (s->therapy_lanes, therapy_slots, G_N_ELEMENTS (therapy_slots), 1, day, 0, &slot, &lane);
  take_slot (s->therapy_lanes, 1, day, slot, 0);
  if (booked != NULL)
    *booked = day;

  appointment = add_appointment (s, kind,
                                 past (s, day, therapy_slots[slot]) ? LYS_APPOINTMENT_DONE : LYS_APPOINTMENT_PLANNED,
                                 p->course_id, 0, day, therapy_slots[slot], THERAPY_MINUTES, p->id,
                                 STAFF_PSYCHOLOGIST_C, N_STAFF);
  if (appointment == 0)
    return FALSE;

  /* A session held has its note, signed the same day */
  if (kind == LYS_APPOINTMENT_INTEGRATION && past (s, day, therapy_slots[slot] + THERAPY_MINUTES + 20))
    return add_note (s, p, appointment, day, therapy_slots[slot]);
  return TRUE;
}

static gboolean
add_consent (Seeder      *s,
             SeedPatient *p,
             guint        day)
{
  char signed_on[11], recorded[20];

  format_day (signed_on, day);
  format_time (recorded, day, 15 * 60);

  return _lys_store_write_consent (s->store, &s->kept[KEPT_CONSENT],
                                   &(LysConsentRow) { .patient_id = p->id, .form_version = FORM_VERSION,
                                                      .language = rand_range (s, 0, 19) == 0 ? "en" : "nb",
                                                      .signed_on = signed_on,
                                                      .physician_id = s->staff[STAFF_PHYSICIAN],
                                                      .recorded_at = recorded },
                                   s->error) != 0;
}

static gboolean
add_course (Seeder      *s,
            SeedPatient *p,
            const char  *kind,
            LysPhase     phase,
            int          stop,        /* an index into stop_reasons, or -1 */
            guint        started,
            guint        ended)
{
  char started_on[11], ended_on[11] = "";

  format_day (started_on, started);
  if (ended != 0)
    format_day (ended_on, ended);

  p->course_id = _lys_store_write_course (s->store, &s->kept[KEPT_COURSE],
                                          &(LysCourseRow) { .patient_id = p->id, .kind = kind, .phase = phase,
                                                            .started_on = started_on,
                                                            .ended_on = ended ? ended_on : NULL,
                                                            .stop_code = stop >= 0 ? stop_reasons[stop].code : 0,
                                                            .stop_reason = stop >= 0 ? stop_reasons[stop].words : NULL },
                                          s->error);
  return p->course_id != 0;
}

/* One patient's course in @phase: preparation from @start, infusions from
 * @first_infusion on. */
static gboolean
seed_course (Seeder      *s,
             SeedPatient *p,
             LysPhase     phase,
             guint        start,
             guint        first_infusion)
{
  char baseline_at[20];
  guint n_done = 6;
  int stop_reason = -1;   /* an index into stop_reasons */
  guint last, prepared = 0;

  if (phase == LYS_PHASE_PREPARATION)
    {
      return add_course (s, p, "induction", phase, -1, start, 0) &&
             book_therapy (s, p, LYS_APPOINTMENT_PREPARATION, start, NULL) &&
             book_therapy (s, p, LYS_APPOINTMENT_PREPARATION, MAX (start + 7, s->today), NULL);
    }

  if (phase == LYS_PHASE_STOPPED)
    {
      n_done = rand_range (s, 1, 4);
      stop_reason = (int) rand_range (s, 0, G_N_ELEMENTS (stop_reasons) - 1);
    }

  if (!add_course (s, p, "induction",
                   phase == LYS_PHASE_MAINTENANCE ? LYS_PHASE_COMPLETED : phase,
                   stop_reason, start, 0) ||
      !book_therapy (s, p, LYS_APPOINTMENT_PREPARATION, start, NULL) ||
      !book_therapy (s, p, LYS_APPOINTMENT_PREPARATION, start + 7, &prepared) ||
      !add_consent (s, p, start + 7))
    return FALSE;
  /* A patient is in one place at a time: a session that found room only
   * late keeps the infusions after it */
  first_infusion = MAX (first_infusion, prepared + 1);

  format_time (baseline_at, start + 7, 13 * 60);
  if (!add_rating (s, p, 0, LYS_SCALE_MADRS, "baseline", baseline_at, 10, 6, p->madrs_level, STAFF_PSYCHOLOGIST_C))
    return FALSE;

  /* A series due to start in a few days is ready for its plan: the
   * coordinator books it (the Induction Plan area) */
  if (phase == LYS_PHASE_INDUCTION && first_infusion > s->today + 3)
    return TRUE;

  last = book_infusions (s, p, first_infusion, phase == LYS_PHASE_STOPPED ? n_done + 1 : 6, n_done, 1);
  if (last == 0 || !book_therapy (s, p, LYS_APPOINTMENT_INTEGRATION, last + 1, NULL))
    return FALSE;

  if (phase != LYS_PHASE_INDUCTION)
    {
      char ended_on[11];

      /* Close the induction course where it ended */
      format_day (ended_on, last + 1);
      if (!_lys_store_write_course_end (s->store, p->course_id, ended_on, s->error))
        return FALSE;
    }

  /* Follow-up ratings one, three, six and twelve months after the series */
  if (phase == LYS_PHASE_COMPLETED || phase == LYS_PHASE_MAINTENANCE)
    {
      static const struct { guint days; const char *timepoint; } follow_ups[] = {
        { 30, "month-1" }, { 91, "month-3" }, { 182, "month-6" }, { 365, "month-12" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (follow_ups); i++)
        {
          char at[20];
          guint day = last + follow_ups[i].days;

          if (day >= s->today)
            break;
          /* Some of the latest are not taken yet: the due list shows them */
          if (day + 14 >= s->today && p->course_id % 2 == 0)
            break;
          format_time (at, day, 11 * 60);
          if (!add_rating (s, p, 0, LYS_SCALE_MADRS, follow_ups[i].timepoint, at, 10, 6,
                           p->madrs_level * rand_range (s, 25, 75) / 100, STAFF_PSYCHOLOGIST_C))
            return FALSE;
        }
    }

  if (phase == LYS_PHASE_MAINTENANCE)
    {
      guint booster = MAX (last + rand_range (s, 42, 90), s->today + rand_range (s, 1, 20));

      if (!add_course (s, p, "maintenance", LYS_PHASE_MAINTENANCE, -1, last + 28, 0) ||
          book_infusions (s, p, booster, 1, 0, 7) == 0)
        return FALSE;
    }

  return TRUE;
}

static void
make_national_id (Seeder *s,
                  char    out[LYS_NATIONAL_ID_LENGTH + 1],
                  char    birth[11])
{
  LysNationalIdKind kind = rand_range (s, 0, 9) == 0 ? LYS_NATIONAL_ID_DNR : LYS_NATIONAL_ID_FNR;

  for (;;)
    {
      GDate date;
      guint year = rand_range (s, 1950, 2004);
      guint individual;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, rand_range (s, 1, 28), rand_range (s, 1, 12), year);
      individual = year < 2000 ? rand_range (s, 0, 499) : rand_range (s, 500, 999);

      if (!lys_national_id_compose (&date, individual, kind, out) ||
          g_hash_table_contains (s->national_ids, out))
        continue;

      g_hash_table_add (s->national_ids, g_strdup (out));
      g_snprintf (birth, 11, "%04u-%02u-%02u", year, g_date_get_month (&date), g_date_get_day (&date));
      return;
    }
}

static gboolean
seed_patient (Seeder   *s,
              LysPhase  phase,
              guint     history_days)
{
  static const char *sexes[] = { "female", "male", "female", "male", NULL };
  const char *given = given_names[rand_range (s, 0, G_N_ELEMENTS (given_names) - 1)];
  const char *family = family_names[rand_range (s, 0, G_N_ELEMENTS (family_names) - 1)];
  const char *escort = given_names[rand_range (s, 0, G_N_ELEMENTS (given_names) - 1)];
  char number[LYS_NATIONAL_ID_LENGTH + 1], birth[11], phone[16], escort_phone[16];
  g_autofree char *escort_name = g_strdup_printf ("%s %s", escort, family);
  g_autofree char *created = lys_time_now_utc ();
  g_autoptr(LysPatient) patient = NULL;
  const char *sex, *referrer, *diagnosis;
  gboolean opt_out;
  LysNationalIdInfo info;
  SeedPatient p = { 0 };
  guint first_infusion;
  gboolean ptsd;

  make_national_id (s, number, birth);
  g_snprintf (phone, sizeof phone, "4%02u %02u %03u", rand_range (s, 0, 99), rand_range (s, 0, 99), rand_range (s, 0, 999));
  g_snprintf (escort_phone, sizeof escort_phone, "9%02u %02u %03u", rand_range (s, 0, 99), rand_range (s, 0, 99), rand_range (s, 0, 999));

  /* One patient in twelve is treated for PTSD, after an individual
   * assessment; the rest for treatment-resistant depression */
  ptsd = g_hash_table_size (s->national_ids) % 12 == 5;
  /* Drawn in this order: the clinic stays the same from run to run */
  sex = sexes[rand_range (s, 0, G_N_ELEMENTS (sexes) - 1)];
  referrer = referrers[rand_range (s, 0, G_N_ELEMENTS (referrers) - 1)];
  diagnosis = diagnoses[rand_range (s, 0, G_N_ELEMENTS (diagnoses) - 1)];
  opt_out = rand_range (s, 0, 12) == 0;
  patient = g_object_new (LYS_TYPE_PATIENT,
                          "national-id", number,
                          "given-name", given,
                          "family-name", family,
                          "sex", sex,
                          "phone", phone,
                          "escort-name", escort_name,
                          "escort-phone", escort_phone,
                          "referred-by", referrer,
                          "diagnosis", diagnosis,
                          "registry-opt-out", opt_out,
                          "indication", ptsd ? "ptsd" : "trd",
                          "indication-note", ptsd ? "PTSD etter trafikkulykke, lite effekt av traumefokusert terapi" : NULL,
                          "funding", ptsd ? lys_funding_to_nick (LYS_FUNDING_PUBLIC) : NULL,
                          NULL);
  if (!lys_national_id_parse (number, &s->today_date, &info, s->error))
    return FALSE;
  p.id = _lys_store_write_patient (s->store, &s->kept[KEPT_PATIENT], patient, &info, created, s->error);
  if (p.id == 0)
    return FALSE;
  p.weight = g_rand_double_range (s->rand, 52, 112);
  p.madrs_level = rand_range (s, 24, 42);

  if (!_lys_store_audit (s->store, "patient.create", p.id, "patient", p.id, "demo clinic", s->error))
    return FALSE;

  switch (phase)
    {
    case LYS_PHASE_PREPARATION:
      /* Infusions not yet planned; the argument only fixes the start */
      first_infusion = s->today + rand_range (s, 0, 20);
      break;
    case LYS_PHASE_INDUCTION:
      /* Series under way: first infusion from ten days ago to a week ahead */
      first_infusion = s->today - 10 + rand_range (s, 0, 17);
      break;
    case LYS_PHASE_MAINTENANCE:
      first_infusion = s->today - rand_range (s, 60, MAX (61, MIN (history_days, 240)));
      break;
    case LYS_PHASE_COMPLETED:
    case LYS_PHASE_STOPPED:
    default:
      first_infusion = s->today - rand_range (s, 45, MAX (46, history_days));
      break;
    }

  return seed_course (s, &p, phase, first_infusion - rand_range (s, 14, 28), first_infusion);
}

static LysPhase
pick_phase (Seeder *s)
{
  /* The clinic's mix: a fifth each in preparation and induction, a tenth in
   * maintenance, the rest finished, one in five of those stopped early. */
  guint r = rand_range (s, 0, 99);

  if (r < 20) return LYS_PHASE_PREPARATION;
  if (r < 40) return LYS_PHASE_INDUCTION;
  if (r < 50) return LYS_PHASE_MAINTENANCE;
  if (r < 90) return LYS_PHASE_COMPLETED;
  return LYS_PHASE_STOPPED;
}

static gboolean
seed_clinic (Seeder *s)
{
  static const struct { const char *name; gboolean monitoring; } rooms[N_ROOMS] = {
    { "Nordlys", TRUE }, { "Fjord", TRUE }, { "Skog", TRUE },
  };
  static const struct { const char *name; const char *role; const char *hpr; gboolean certified; } staff[N_STAFF] = {
    [STAFF_PHYSICIAN] = { "Ingrid Solberg", "physician", "9144889", FALSE },
    [STAFF_NURSE] = { "Kari Nygård", "nurse", "8123471", FALSE },
    [STAFF_PSYCHOLOGIST_A] = { "Magnus Berg", "psychologist", "7710235", TRUE },
    [STAFF_PSYCHOLOGIST_B] = { "Sofie Haugen", "psychologist", "6654012", TRUE },
    [STAFF_PSYCHOLOGIST_C] = { "Jonas Lie", "psychologist", "5590813", FALSE },
    [STAFF_COORDINATOR] = { "Hanne Dahl", "coordinator", NULL, FALSE },
  };
  g_autofree char *now = lys_time_now_utc ();
  g_autoptr(LysDbStmt) person = NULL;

  /* The demo clinic is a DPS, with numbers that pass their checks and
   * belong to no one */
  static const char *const settings[][2] = {
    { LYS_SETTING_CLINIC_NAME_KEY, "Fjordklinikken DPS, poliklinikk for ketaminbehandling (demo)" },
    { "institution-kind", "dps" },
    { "organisation-number", "999999999" },
    { "resh-id", "999999" },
  };
  g_autoptr(LysDbStmt) setting = NULL;

  if (!_lys_store_write_meta (s->store, "demo", "1", s->error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (!_lys_store_write_setting (s->store, &setting, settings[i][0], settings[i][1], s->error))
      return FALSE;

  for (guint i = 0; i < N_ROOMS; i++)
    {
      g_autoptr(LysRoom) room = lys_room_new ();

      room->name = g_strdup (rooms[i].name);
      room->headphones = room->duvet = room->dimmable_light = TRUE;
      room->monitoring = rooms[i].monitoring;
      s->rooms[i] = _lys_store_write_room (s->store, room, s->error);
      if (s->rooms[i] == 0)
        return FALSE;
    }

  for (guint i = 0; i < N_STAFF; i++)
    {
      LysStaffRow row = { .name = staff[i].name, .hpr_number = staff[i].hpr,
                          .kap_certified = staff[i].certified, .created_at = now };

      lys_role_from_nick (staff[i].role, &row.role);
      s->staff[i] = _lys_store_write_staff (s->store, &person, &row, s->error);
      if (s->staff[i] == 0)
        return FALSE;
    }

  return TRUE;
}

/* Consent for half of those still in preparation */
static gboolean
seed_preparation_consents (Seeder *s)
{
  g_autoptr(LysDbStmt) courses = NULL;
  int rc;

  courses = _lys_store_prepare (s->store, "SELECT patient_id, started_on FROM courses "
                                          "WHERE phase = 'preparation' AND id % 2 = 0 ORDER BY id", s->error);
  if (courses == NULL)
    return FALSE;
  while ((rc = lys_db_step (courses)) == LYS_DB_ROW)
    {
      g_autofree char *recorded = g_strconcat (lys_db_column_text (courses, 1), "T12:00:00Z", NULL);
      LysConsentRow row = { .patient_id = lys_db_column_int64 (courses, 0), .form_version = FORM_VERSION,
                            .language = "nb", .signed_on = lys_db_column_text (courses, 1),
                            .physician_id = s->staff[STAFF_PHYSICIAN], .recorded_at = recorded };

      if (_lys_store_write_consent (s->store, &s->kept[KEPT_CONSENT], &row, s->error) == 0)
        return FALSE;
    }
  return rc == LYS_DB_DONE || _lys_store_fail (s->store, s->error);
}

/* The eligibility assessments: signed, eligible, for every course that went
 * on; of those still in preparation, a third have theirs signed and a
 * third a draft. Most never had ECT; some had it, with or without
 * response; one in seven was not asked. */
static gboolean
seed_eligibility (Seeder *s)
{
  static const guint madrs[LYS_MADRS_ITEMS] = { 4, 4, 3, 3, 3, 3, 3, 3, 3, 1 };
  static const guint phq9[LYS_PHQ9_ITEMS] = { 2, 2, 2, 2, 1, 2, 2, 1, 0 };
  g_autoptr(LysDbStmt) courses = NULL;
  g_autoptr(LysDbStmt) sign = NULL;
  LysDbStmt *kept[LYS_ELIGIBILITY_STMTS] = { NULL };
  gboolean ok = TRUE;
  int rc = LYS_DB_DONE;

  courses = _lys_store_prepare (s->store, "SELECT id, phase, started_on FROM courses WHERE kind = 'induction' "
                                          "AND (phase <> 'preparation' OR id % 3 <> 2) ORDER BY id", s->error);
  if (courses == NULL)
    return FALSE;
  while (ok && (rc = lys_db_step (courses)) == LYS_DB_ROW)
    {
      gint64 course = lys_db_column_int64 (courses, 0);
      const char *started_on = lys_db_column_text (courses, 2);
      g_autoptr(LysEligibility) e = lys_eligibility_new ();
      g_autofree char *updated = g_strconcat (started_on, "T10:00:00Z", NULL);
      g_autofree char *signed_at = g_strconcat (started_on, " 10:00:00", NULL);

      e->weight_kg = 60 + course % 35;
      e->systolic = 118 + course % 17;
      e->diastolic = 74 + course % 11;
      e->heart_rate = 62 + course % 19;
      e->has_madrs = e->has_phq9 = e->has_decision = TRUE;
      memcpy (e->madrs, madrs, sizeof madrs);
      memcpy (e->phq9, phq9, sizeof phq9);
      e->decision = LYS_DECISION_ELIGIBLE;
      e->has_ect_history = course % 7 != 5;
      e->ect_history = course % 7 == 0 ? LYS_ECT_NO_RESPONSE : course % 7 == 3 ? LYS_ECT_RESPONSE : LYS_ECT_NEVER;
      lys_eligibility_add_trial (e, "Sertraline", "150 mg", TRUE, 6 + course % 6, LYS_TRIAL_NONE);
      lys_eligibility_add_trial (e, "Venlafaxine", "225 mg", TRUE, 5 + course % 8, LYS_TRIAL_PARTIAL);

      ok = _lys_store_write_eligibility (s->store, kept, course, e, updated, s->error);
      if (ok && (g_strcmp0 (lys_db_column_text (courses, 1), "preparation") != 0 || course % 3 == 0))
        ok = _lys_store_write_eligibility_signature (s->store, &sign, e->id, signed_at,
                                                     s->staff[STAFF_PHYSICIAN], s->error);
    }
  for (guint i = 0; i < LYS_ELIGIBILITY_STMTS; i++)
    g_clear_pointer (&kept[i], lys_db_stmt_free);
  return ok && (rc == LYS_DB_DONE || _lys_store_fail (s->store, s->error));
}

/* A note for each preparation session held */
static gboolean
seed_preparation_notes (Seeder *s)
{
  g_autoptr(LysDbStmt) sessions = NULL;
  g_autoptr(LysDbStmt) kept = NULL;
  LysPreparationSession note = {
    .intentions = (char *) "To feel more like myself again",
    .expectations = (char *) "Some relief; not a cure",
    .fears = (char *) "Losing control during the infusion",
    .escort = (char *) "Partner",
    .transport = (char *) "Partner drives",
    .fasting = (char *) "Light breakfast before 06:00",
    .has_readiness = TRUE,
    .readiness = LYS_READINESS_READY,
  };
  int rc;

  sessions = _lys_store_prepare (s->store, "SELECT id, ends_at FROM appointments "
                                           "WHERE kind = 'preparation' AND state = 'done' ORDER BY id", s->error);
  if (sessions == NULL)
    return FALSE;
  while ((rc = lys_db_step (sessions)) == LYS_DB_ROW)
    {
      note.appointment_id = lys_db_column_int64 (sessions, 0);
      if (!_lys_store_write_preparation_note (s->store, &kept, &note, s->staff[STAFF_PSYCHOLOGIST_C],
                                              lys_db_column_text (sessions, 1), s->error))
        return FALSE;
    }
  return rc == LYS_DB_DONE || _lys_store_fail (s->store, s->error);
}

/* The preparation records behind the courses: every course past preparation
 * had a signed eligibility assessment and a session judged ready; courses
 * still in preparation stand at different gates. */
static gboolean
seed_preparation_records (Seeder *s)
{
  return seed_eligibility (s) && seed_preparation_notes (s) && seed_preparation_consents (s);
}

/* The ketamine record */

/* A lot received at @at ("YYYY-MM-DD ...") expires 18 months on */
static char *
expiry_of (const char *at)
{
  GDate day;
  char text[16];

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) g_ascii_strtoull (at + 8, NULL, 10), (GDateMonth) g_ascii_strtoull (at + 5, NULL, 10),
                  (GDateYear) g_ascii_strtoull (at, NULL, 10));
  g_date_add_months (&day, 18);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
  return g_strdup (text);
}

#define DEMO_WITNESS_CODE "demo-1234"
#define DEMO_UNIT_MG 50.0

typedef struct
{
  char            at[20];
  LysDrugNewEntry entry;
  char           *lot_number;   /* a receipt's, before its lot exists */
  gint64          staff_id;
  guint           order;        /* within the same minute */
} DrugEvent;

static void
drug_event_free (gpointer data)
{
  DrugEvent *event = data;

  g_free (event->lot_number);
  g_free (event);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const DrugEvent *x = *(const DrugEvent **) a;
  const DrugEvent *y = *(const DrugEvent **) b;
  int by_time = strcmp (x->at, y->at);

  return by_time != 0 ? by_time : (int) x->order - (int) y->order;
}

static DrugEvent *
add_event (GPtrArray        *events,
           const char       *at,
           LysDrugEntryKind  kind,
           gint64            staff_id)
{
  DrugEvent *event = g_new0 (DrugEvent, 1);

  g_strlcpy (event->at, at, sizeof event->at);
  event->entry.kind = kind;
  event->entry.found_units = -1;
  event->staff_id = staff_id;
  event->order = events->len;
  g_ptr_array_add (events, event);
  return event;
}

/* Every demo infusion drawn from its lot and its rest wasted before the
 * psychologist; each lot received from the pharmacy on the morning of its
 * first use; a count of the cabinet on the first of each month, one of
 * them an ampoule short and explained. The staff's witness code is
 * DEMO_WITNESS_CODE. */
static gboolean
seed_drug_record (Seeder *s)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (drug_event_free);
  g_autoptr(GHashTable) lots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);     /* number -> id */
  g_autoptr(GHashTable) need = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);     /* number -> units */
  g_autoptr(GHashTable) balance = g_hash_table_new (NULL, NULL);                                 /* lot id -> units */
  g_autoptr(LysDbStmt) stmt = NULL;
  g_autoptr(LysDbStmt) lot = NULL;
  g_autoptr(GArray) witnesses = NULL;
  g_autofree char *code = lys_secret_hash (DEMO_WITNESS_CODE);
  gint64 product;
  guint first_month = 0, last_month = 0, short_month;
  int rc;

  /* Everyone who may witness, with the same code */
  stmt = _lys_store_prepare (s->store, "SELECT id FROM staff WHERE role <> 'coordinator' ORDER BY id", s->error);
  witnesses = stmt == NULL ? NULL : _lys_store_collect_ids (s->store, stmt, s->error);
  if (witnesses == NULL || code == NULL)
    return FALSE;
  for (guint i = 0; i < witnesses->len; i++)
    if (!_lys_store_write_witness_code (s->store, g_array_index (witnesses, gint64, i), code, s->error))
      return FALSE;
  g_clear_pointer (&stmt, lys_db_stmt_free);
  product = _lys_store_write_drug_product (s->store, "Ketamin Panpharma", 10, 5, LYS_DRUG_FORM_AMPOULE,
                                           s->written_at, s->error);
  if (product == 0)
    return FALSE;

  /* Each infusion: drawn at its start by whoever gave it, the rest wasted
   * at discharge before the psychologist */
  stmt = _lys_store_prepare (s->store, "SELECT id, lot_number, started_at, discharged_at, coalesce (given_mg, total_mg), "
                                       "total_mg, given_by, psychologist_id FROM infusions WHERE status = 'discharged' "
                                       "ORDER BY started_at", s->error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      const char *number = lys_db_column_text (stmt, 1);
      double given = lys_db_column_double (stmt, 4);
      gint64 units = (gint64) ceil (lys_db_column_double (stmt, 5) / DEMO_UNIT_MG - 1e-9);
      DrugEvent *draw;

      if (!g_hash_table_contains (need, number))
        {
          DrugEvent *receipt;
          char morning[20];

          g_strlcpy (morning, lys_db_column_text (stmt, 2), sizeof morning);
          memcpy (morning + 11, "07:30:00", 8);  /* "YYYY-MM-DD HH:MM:SS" */
          receipt = add_event (events, morning, LYS_DRUG_ENTRY_RECEIPT, s->staff[STAFF_NURSE]);
          receipt->lot_number = g_strdup (number);
          receipt->entry.delivery_note = "Apotek 1 Sykehusapoteket";
        }
      g_hash_table_insert (need, g_strdup (number),
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (need, number)) + (int) units));
      draw = add_event (events, lys_db_column_text (stmt, 2), LYS_DRUG_ENTRY_DRAW,
                        lys_db_column_int64 (stmt, 6));
      draw->lot_number = g_strdup (number);
      draw->entry.units = -units;
      draw->entry.mg = lys_db_column_double (stmt, 5);
      draw->entry.infusion_id = lys_db_column_int64 (stmt, 0);
      if (units * DEMO_UNIT_MG - given > 0.05)
        {
          DrugEvent *waste = add_event (events, lys_db_column_text (stmt, 3), LYS_DRUG_ENTRY_WASTE,
                                        lys_db_column_int64 (stmt, 6));

          waste->lot_number = g_strdup (number);
          waste->entry.mg = round ((units * DEMO_UNIT_MG - given) * 100) / 100;
          waste->entry.infusion_id = draw->entry.infusion_id;
          waste->entry.witness_id = lys_db_column_int64 (stmt, 7);
        }
      {
        const char *started = lys_db_column_text (stmt, 2);
        guint month = (guint) (g_ascii_strtoull (started, NULL, 10) * 12 + g_ascii_strtoull (started + 5, NULL, 10) - 1);

        first_month = first_month == 0 ? month : MIN (first_month, month);
        last_month = MAX (last_month, month);
      }
    }
  if (rc != LYS_DB_DONE)
    return _lys_store_fail (s->store, s->error);
  g_clear_pointer (&stmt, lys_db_stmt_free);

  /* Counts on the first of each month after the first infusion, to this
   * month; the one four months ago comes up an ampoule short */
  {
    GDate today;

    g_date_clear (&today, 1);
    g_date_set_julian (&today, s->today);
    last_month = MIN (last_month + 1, g_date_get_year (&today) * 12u + g_date_get_month (&today) - 1);
  }
  short_month = last_month >= 4 ? last_month - 4 : 0;
  for (guint month = first_month + 1; first_month > 0 && month <= last_month; month++)
    {
      char at[20];

      g_snprintf (at, sizeof at, "%04u-%02u-01 07:00:00", month / 12, month % 12 + 1);
      add_event (events, at, LYS_DRUG_ENTRY_COUNT, s->staff[STAFF_NURSE])->entry.found_units = month == short_month ? 1 : 0;
    }
  g_ptr_array_sort (events, compare_events);

  for (guint i = 0; i < events->len; i++)
    {
      DrugEvent *event = g_ptr_array_index (events, i);

      if (event->entry.kind == LYS_DRUG_ENTRY_COUNT)
        {
          /* Each lot in stock, as recorded; or, once, one short */
          gboolean one_short = event->entry.found_units == 1;
          GHashTableIter iter;
          gpointer key, value;
          g_autoptr(GArray) counted = g_array_new (FALSE, FALSE, sizeof (gint64));

          g_hash_table_iter_init (&iter, balance);
          while (g_hash_table_iter_next (&iter, &key, &value))
            if (GPOINTER_TO_INT (value) > 0)
              {
                gint64 id = GPOINTER_TO_INT (key);

                g_array_append_val (counted, id);
              }
          for (guint k = 0; k < counted->len; k++)
            {
              gint64 id = g_array_index (counted, gint64, k);
              int units = GPOINTER_TO_INT (g_hash_table_lookup (balance, GINT_TO_POINTER ((int) id)));
              gboolean short_here = one_short && k == 0;
              LysDrugNewEntry count = { .lot_id = id, .kind = LYS_DRUG_ENTRY_COUNT, .units = short_here ? -1 : 0,
                                        .witness_id = s->staff[STAFF_PHYSICIAN],
                                        .found_units = units - (short_here ? 1 : 0) };
              gint64 count_id = _lys_store_append_drug_entry (s->store, &count, event->at, event->staff_id, s->error);

              if (count_id == 0)
                return FALSE;
              if (short_here)
                {
                  char later[20];
                  LysDrugNewEntry why = { .lot_id = id, .kind = LYS_DRUG_ENTRY_EXPLANATION, .corrects_id = count_id,
                                          .found_units = -1,
                                          .reason = "En ampulle knuste da den ble åpnet, og ble ikke ført",
                                          .action = "Ført som avvik i kvalitetssystemet; rutinen for knuste ampuller gjennomgått med personalet" };

                  g_strlcpy (later, event->at, sizeof later);
                  memcpy (later + 11, "07:45:00", 8);
                  if (_lys_store_append_drug_entry (s->store, &why, later, s->staff[STAFF_PHYSICIAN], s->error) == 0)
                    return FALSE;
                }
              g_hash_table_insert (balance, GINT_TO_POINTER ((int) id), GINT_TO_POINTER (units + (int) count.units));
            }
          continue;
        }

      event->entry.lot_id = GPOINTER_TO_INT (g_hash_table_lookup (lots, event->lot_number));
      if (event->entry.kind == LYS_DRUG_ENTRY_RECEIPT)
        {
          int needed = GPOINTER_TO_INT (g_hash_table_lookup (need, event->lot_number));
          g_autofree char *expiry = expiry_of (event->at);

          event->entry.lot_id = _lys_store_write_drug_lot (s->store, &lot, product, event->lot_number, expiry,
                                                           s->error);
          if (event->entry.lot_id == 0)
            return FALSE;
          g_hash_table_insert (lots, g_strdup (event->lot_number), GINT_TO_POINTER ((int) event->entry.lot_id));
          /* Boxes of ten, with some to spare */
          event->entry.units = (needed + 2 + 9) / 10 * 10;
        }
      if (_lys_store_append_drug_entry (s->store, &event->entry, event->at, event->staff_id, s->error) == 0)
        return FALSE;
      {
        gpointer key = GINT_TO_POINTER ((int) event->entry.lot_id);

        g_hash_table_insert (balance, key,
                             GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (balance, key)) + (int) event->entry.units));
      }
    }
  return TRUE;
}

/**
 * lys_demo_seed:
 * @store: an empty database's store
 * @n_patients: how many patients
 * @history_years: how far back finished courses reach
 * @now: (nullable): the moment the clinic's "today" is built around
 *
 * Fills an empty database with the fictitious demo clinic, in one transaction.
 * A database that holds patients is refused and left as it was.
 */
gboolean
lys_demo_seed (LysStore   *store,
               guint       n_patients,
               guint       history_years,
               GDateTime  *now,
               GError    **error)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *detail = NULL;
  Seeder s = { 0 };
  GDate today;
  gboolean ok = TRUE;

  g_return_val_if_fail (LYS_IS_STORE (store), FALSE);
  g_return_val_if_fail (n_patients > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (_lys_store_has_patients (store))
    {
      if (lys_store_is_demo (store))
        g_set_error (error, LYS_ERROR, LYS_ERROR_HAS_DATA,
                     _("“%s” already holds a demo clinic. Choose a new file to seed another."),
                     lys_store_get_path (store));
      else
        g_set_error (error, LYS_ERROR, LYS_ERROR_HAS_DATA,
                     _("“%s” holds real patient data; demo data is only written to a new, empty database."),
                     lys_store_get_path (store));
      return FALSE;
    }

  local_now = now ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (local_now),
                  g_date_time_get_month (local_now), g_date_time_get_year (local_now));

  s.store = store;
  s.error = error;
  s.rand = g_rand_new_with_seed (SEED);
  s.written_at = lys_time_now_utc ();
  s.today = g_date_get_julian (&today);
  s.today_date = today;
  s.now_minute = g_date_time_get_hour (local_now) * 60 + g_date_time_get_minute (local_now);
  s.infusion_minutes = lys_store_get_setting (store, LYS_SETTING_INFUSION_MINUTES);
  s.observation_minutes = lys_store_get_setting (store, LYS_SETTING_OBSERVATION_MINUTES);
  s.booking_minutes = s.infusion_minutes + s.observation_minutes +
                      lys_store_get_setting (store, LYS_SETTING_TURNOVER_MINUTES);
  s.infusion_lanes = g_hash_table_new (NULL, NULL);
  s.therapy_lanes = g_hash_table_new (NULL, NULL);
  s.national_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  {
    g_autoptr(GPtrArray) templates = lys_store_list_note_templates (store, NULL);

    for (guint i = 0; templates != NULL && i < templates->len; i++)
      if (g_str_equal (((LysNoteTemplate *) templates->pdata[i])->key, "kap-integration"))
        s.note_template = g_ptr_array_steal_index (templates, i);
    if (s.note_template != NULL)
      s.note_sections = lys_note_sections_to_json (s.note_template->sections);
  }

  if (!_lys_store_begin (store, error))
    ok = FALSE;

  ok = ok && seed_clinic (&s);

  for (guint i = 0; ok && i < n_patients; i++)
    ok = seed_patient (&s, pick_phase (&s), MAX (1, history_years) * 365);

  ok = ok && seed_preparation_records (&s);
  ok = ok && seed_drug_record (&s);

  detail = g_strdup_printf ("%u patients, %u years of history", n_patients, history_years);
  ok = ok && _lys_store_audit (store, "demo.seed", 0, NULL, 0, detail, error);

  for (guint i = 0; i < N_KEPT; i++)
    g_clear_pointer (&s.kept[i], lys_db_stmt_free);

  if (ok || lys_db_in_transaction (_lys_store_get_db (store)))
    ok = _lys_store_finish (store, ok, error);

  g_hash_table_unref (s.infusion_lanes);
  g_hash_table_unref (s.therapy_lanes);
  g_hash_table_unref (s.national_ids);
  g_rand_free (s.rand);
  g_clear_pointer (&s.note_template, lys_note_template_free);
  g_free (s.note_sections);
  g_free (s.written_at);

  if (ok)
    {
      _lys_server_learn_sizes (_lys_store_get_db (store));
      _lys_store_set_demo (store);
      _lys_store_reload_patients (store);
    }

  return ok;
}
