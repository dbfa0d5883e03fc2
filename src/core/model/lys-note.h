/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lys-domain.h"

G_BEGIN_DECLS

/* The standard template a group session's shared note begins with */
#define LYS_NOTE_TEMPLATE_GROUP "kap-group"

/* Therapy notes: plain text with a heading line for each section of the
 * template they were written with. A note is signed once every required
 * section has text, and never changed after; addenda follow it. */

typedef struct
{
  char     *heading;
  gboolean  required;
} LysNoteSection;

/* A template as the clinic edits it: a title, and one section a line with
 * "*" after a required one */
typedef struct
{
  char      *key;
  char      *title;
  char      *definition;
  GPtrArray *sections;      /* LysNoteSection */
} LysNoteTemplate;

typedef struct
{
  gint64     id;
  char      *author;
  GDateTime *signed_at;
  char      *body;
  char      *checksum;      /* SHA-256 of the body, hex */
  gboolean   altered;       /* the body no longer matches it: not shown */
} LysNoteAddendum;

typedef struct
{
  gint64              id;
  gint64              patient_id;       /* 0 for the shared part of a group note */
  gint64              group_note_id;    /* an individual part: its shared part */
  gint64              appointment_id;
  LysAppointmentKind  session_kind;
  GDateTime          *session_at;
  char               *template_key;
  char               *template_title;
  GPtrArray          *sections;         /* LysNoteSection; none for an individual part */
  gint64              author_id;
  char               *author;
  LysNoteStatus       status;
  char               *body;
  guint               cursor;           /* in characters, where the draft was left */
  GDateTime          *updated_at;
  GDateTime          *signed_at;
  char               *signed_by;
  char               *checksum;         /* when signed */
  gboolean            altered;          /* signed, and the body no longer
                                         * matches the checksum: not shown */
  GPtrArray          *addenda;          /* LysNoteAddendum, oldest first */
  char               *patient_name;     /* parts in the session's own view only */
} LysNote;

/* What one window shows: a note; or a group note's shared part with the
 * patient's own part, or with every part in the session's own view */
typedef struct
{
  LysNote   *main;
  GPtrArray *parts;                     /* LysNote */
  gboolean   session_view;
} LysNoteView;

/* A line of a patient's list of notes */
typedef struct
{
  gint64              note_id;          /* what to open: the note, or the patient's part */
  gboolean            group;
  LysAppointmentKind  session_kind;
  GDateTime          *session_at;
  char               *template_title;
  char               *author;
  LysNoteStatus       status;
  char               *preview;
} LysNoteSummary;

/* A search result */
typedef struct
{
  gint64              note_id;
  gint64              patient_id;       /* 0 for a group's shared part */
  char               *patient_name;     /* NULL for a group's shared part */
  gint64              appointment_id;
  LysAppointmentKind  session_kind;
  GDateTime          *session_at;
  LysNoteStatus       status;
  char               *snippet;          /* Pango markup, matches in bold */
  gboolean            in_addendum;      /* the match is in an addendum */
  double              rank;             /* BM25: the lower, the better */
} LysNoteHit;

LysNoteTemplate *lys_note_template_parse    (const char             *key,
                                             const char             *title,
                                             const char             *definition,
                                             GError                **error);
void             lys_note_template_free     (LysNoteTemplate        *self);
char            *lys_note_template_make_body (const LysNoteTemplate *self);

void             lys_note_section_free      (LysNoteSection         *section);
char            *lys_note_sections_to_json  (GPtrArray              *sections);
GPtrArray       *lys_note_sections_from_json (const char            *json);
gboolean         lys_note_is_heading        (GPtrArray              *sections,
                                             const char             *line,
                                             gssize                  length);
char            *lys_note_dup_section_text  (const char             *body,
                                             GPtrArray              *sections,
                                             guint                   index);
gboolean         lys_note_check_signable    (const char             *body,
                                             GPtrArray              *sections,
                                             GError                **error);
char            *lys_note_checksum          (const char             *body);

LysNote         *lys_note_new               (void);
void             lys_note_free              (LysNote                *self);
void             lys_note_addendum_free     (LysNoteAddendum        *addendum);
void             lys_note_view_free         (LysNoteView            *view);
void             lys_note_summary_free      (LysNoteSummary         *summary);
void             lys_note_hit_free          (LysNoteHit             *hit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysNoteTemplate, lys_note_template_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysNote, lys_note_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysNoteView, lys_note_view_free)

G_END_DECLS
