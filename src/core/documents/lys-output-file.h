/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every file Lysning writes (exports, reports, backups, charts): never
 * over the clinic's database or its working files, never over a folder,
 * a device or a pipe, and whole or not at all. The new contents go to an
 * unnamed file beside the target (O_TMPFILE) and take the target's name
 * in one step once on disk; where the file system has no unnamed files, a
 * hidden ".NAME.lysning-XXXXXX" takes its place, and one a killed write
 * left behind is removed by the next. */

typedef struct _LysOutputFile LysOutputFile;

void           lys_output_protect        (const char     *database);
void           lys_output_unprotect      (const char     *database);
gboolean       lys_output_check_target   (const char     *path,
                                          GError        **error);
char          *lys_output_temporary_path (const char     *path);
void           lys_output_remove_stale   (const char     *path);

LysOutputFile *lys_output_file_open      (const char     *path,
                                          GError        **error);
int            lys_output_file_get_fd    (LysOutputFile  *self);
gboolean       lys_output_file_write     (LysOutputFile  *self,
                                          const void     *data,
                                          gsize           length,
                                          GError        **error);
gboolean       lys_output_file_commit    (LysOutputFile  *self,
                                          GError        **error);
void           lys_output_file_abort     (LysOutputFile  *self);
gboolean       lys_output_file_fail      (LysOutputFile  *self,
                                          int             saved_errno,
                                          GError        **error);

gboolean       lys_output_set_contents   (const char     *path,
                                          const char     *contents,
                                          gssize          length,
                                          GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LysOutputFile, lys_output_file_abort)

G_END_DECLS
