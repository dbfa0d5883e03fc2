/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An XML document checked against an XML Schema while it is being written:
 * the writer hands over what it writes, chunk by chunk, and a thread of the
 * check's own parses and validates it as a stream, so that the check costs
 * no second pass and its memory does not grow with the document. At most a
 * few chunks wait; a writer faster than the check waits for it. */

typedef struct _LysSchemaCheck LysSchemaCheck;

LysSchemaCheck *lys_schema_check_start  (GFile           *schema);
void            lys_schema_check_push   (LysSchemaCheck  *self,
                                         GBytes          *chunk);
gboolean        lys_schema_check_failed (LysSchemaCheck  *self);
gboolean        lys_schema_check_finish (LysSchemaCheck  *self,
                                         GError         **error);

G_END_DECLS
