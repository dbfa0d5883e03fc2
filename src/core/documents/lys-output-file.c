/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-output-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lys-i18n.h"
#include <glib/gstdio.h>

#include "lys-error.h"
#include "lys-output-file.h"

struct _LysOutputFile
{
  char *path;
  char *temporary;      /* the hidden name while written; NULL while unnamed */
  int fd;
};

static GMutex protected_lock;
static GPtrArray *protected;   /* the open databases, as real paths */

static char *
real_path (const char *path)
{
  char *real = realpath (path, NULL);
  char *copy;

  if (real == NULL)
    return NULL;
  copy = g_strdup (real);
  free (real);
  return copy;
}

/**
 * lys_output_protect:
 * @database: an open clinic database
 *
 * From now until lys_output_unprotect(), no file is written over
 * @database or its -wal, -shm and -journal files.
 */
void
lys_output_protect (const char *database)
{
  char *real = real_path (database);

  if (real == NULL)
    real = g_canonicalize_filename (database, NULL);
  g_mutex_lock (&protected_lock);
  if (protected == NULL)
    protected = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (protected, real);
  g_mutex_unlock (&protected_lock);
}

void
lys_output_unprotect (const char *database)
{
  g_autofree char *real = real_path (database);

  if (real == NULL)
    real = g_canonicalize_filename (database, NULL);
  g_mutex_lock (&protected_lock);
  for (guint i = 0; protected != NULL && i < protected->len; i++)
    if (g_str_equal (protected->pdata[i], real))
      {
        g_ptr_array_remove_index (protected, i);
        break;
      }
  g_mutex_unlock (&protected_lock);
}

static gboolean
is_protected (const char        *target,
              const GStatBuf    *existing)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  gboolean found = FALSE;

  g_mutex_lock (&protected_lock);
  for (guint i = 0; !found && protected != NULL && i < protected->len; i++)
    {
      const char *database = protected->pdata[i];
      GStatBuf st;

      for (guint k = 0; !found && k < G_N_ELEMENTS (suffixes); k++)
        {
          g_autofree char *companion = g_strconcat (database, suffixes[k], NULL);

          found = g_str_equal (target, companion);
        }
      /* The same file under another name */
      if (!found && existing != NULL && g_stat (database, &st) == 0)
        found = st.st_dev == existing->st_dev && st.st_ino == existing->st_ino;
    }
  g_mutex_unlock (&protected_lock);
  return found;
}

static gboolean refuse (GError     **error,
                        LysError     code,
                        const char  *format,
                        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError     **error,
        LysError     code,
        const char  *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LYS_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

/**
 * lys_output_check_target:
 *
 * Refuses, saying why, a file Lysning must not write: an open clinic
 * database or one of its working files, a folder, or anything but an
 * ordinary file or a name not yet taken (a device, a pipe, a socket, a
 * link), whoever the user is.
 */
gboolean
lys_output_check_target (const char  *path,
                         GError     **error)
{
  g_autofree char *directory = NULL;
  g_autofree char *real_directory = NULL;
  g_autofree char *base = NULL;
  g_autofree char *target = NULL;
  g_autofree char *display = NULL;
  GStatBuf st;
  gboolean exists;

  g_return_val_if_fail (path != NULL, FALSE);

  if (*path == '\0')
    {
      g_set_error_literal (error, LYS_ERROR, LYS_ERROR_INVALID, _("Give the file a name."));
      return FALSE;
    }
  display = g_filename_display_name (path);
  exists = g_lstat (path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    /* Translators: %s is a file name */
    return refuse (error, LYS_ERROR_INVALID, _("%s is a folder. Choose a file name in it."), display);
  if (exists && !S_ISREG (st.st_mode))
    return refuse (error, LYS_ERROR_INVALID, _("%s is not an ordinary file (it is a link, a device or a pipe). Choose another file name."),
                   display);

  directory = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  real_directory = real_path (directory);
  if (real_directory == NULL)
    return refuse (error, LYS_ERROR_IO, _("The folder of %s does not exist. Choose a folder that does."), display);
  target = g_build_filename (real_directory, base, NULL);
  if (is_protected (target, exists ? &st : NULL))
    return refuse (error, LYS_ERROR_INVALID, _("%s is the clinic’s database or one of its working files, and Lysning never writes over it. Choose another file name."),
                   display);
  return TRUE;
}

/**
 * lys_output_temporary_path:
 *
 * Returns: the template of a hidden temporary beside @path, for
 *   g_mkstemp(): ".NAME.lysning-PID-XXXXXX". The next write of @path
 *   removes one whose process is gone.
 */
char *
lys_output_temporary_path (const char *path)
{
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.lysning-%d-XXXXXX", base, (int) getpid ());

  return g_build_filename (directory, name, NULL);
}

/**
 * lys_output_remove_stale:
 *
 * Removes the hidden temporaries of @path (and SQLite's working files of
 * them) that a killed write left behind.
 */
void
lys_output_remove_stale (const char *path)
{
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strdup_printf (".%s.lysning-", base);
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stale = NULL;
      const char *rest = name + strlen (prefix);
      char *end = NULL;
      gint64 pid;
      GStatBuf st;

      if (!g_str_has_prefix (name, prefix))
        continue;
      /* The process that wrote it, gone; then six letters, and perhaps
       * SQLite's working file of it */
      pid = g_ascii_strtoll (rest, &end, 10);
      if (end == rest || *end != '-' || pid <= 0 || strlen (end + 1) < 6 ||
          !(end[7] == '\0' || g_str_equal (end + 7, "-journal") || g_str_equal (end + 7, "-wal") ||
            g_str_equal (end + 7, "-shm")))
        continue;
      if (kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;
      stale = g_build_filename (directory, name, NULL);
      if (g_lstat (stale, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == getuid ())
        g_unlink (stale);
    }
}

gboolean
lys_output_file_fail (LysOutputFile  *self,
                      int             saved_errno,
                      GError        **error)
{
  g_autofree char *display = g_filename_display_name (self->path);

  /* Translators: %1$s is a file name, %2$s the system's reason */
  g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("Cannot write %1$s: %2$s"), display, g_strerror (saved_errno));
  lys_output_file_abort (self);
  return FALSE;
}

/**
 * lys_output_file_open:
 *
 * Starts writing @path, once lys_output_check_target() allows it: an
 * unnamed file beside it, owner-only, that takes its name at
 * lys_output_file_commit(); lys_output_file_abort() leaves nothing.
 */
LysOutputFile *
lys_output_file_open (const char  *path,
                      GError     **error)
{
  g_autofree char *directory = NULL;
  LysOutputFile *self;
  int saved_errno;

  g_return_val_if_fail (path != NULL, NULL);

  if (!lys_output_check_target (path, error))
    return NULL;
  lys_output_remove_stale (path);

  self = g_new0 (LysOutputFile, 1);
  self->path = g_strdup (path);
  directory = g_path_get_dirname (path);
#ifdef O_TMPFILE
  self->fd = g_open (directory, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
#else
  self->fd = -1;
  errno = EOPNOTSUPP;
#endif
  if (self->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
    {
      self->temporary = lys_output_temporary_path (path);
      self->fd = g_mkstemp_full (self->temporary, O_WRONLY | O_CLOEXEC, 0600);
      saved_errno = errno;
      if (self->fd < 0)
        g_clear_pointer (&self->temporary, g_free);
      errno = saved_errno;
    }
  if (self->fd < 0)
    {
      lys_output_file_fail (self, errno, error);
      return NULL;
    }
  if (fchmod (self->fd, 0600) != 0)
    {
      lys_output_file_fail (self, errno, error);
      return NULL;
    }
  return self;
}

int
lys_output_file_get_fd (LysOutputFile *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->fd;
}

gboolean
lys_output_file_write (LysOutputFile  *self,
                       const void     *data,
                       gsize           length,
                       GError        **error)
{
  const char *bytes = data;

  g_return_val_if_fail (self != NULL, FALSE);

  while (length > 0)
    {
      ssize_t written = write (self->fd, bytes, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          int saved_errno = written < 0 ? errno : ENOSPC;
          g_autofree char *display = g_filename_display_name (self->path);

          g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("Cannot write %1$s: %2$s"), display,
                       g_strerror (saved_errno));
          return FALSE;
        }
      bytes += written;
      length -= (gsize) written;
    }
  return TRUE;
}

/**
 * lys_output_file_commit:
 *
 * Puts the file on disk and gives it its name in one step, over what the
 * name held before; frees @self either way.
 */
gboolean
lys_output_file_commit (LysOutputFile  *self,
                        GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (fsync (self->fd) != 0)
    return lys_output_file_fail (self, errno, error);
  /* What may have taken the name meanwhile is refused again */
  if (!lys_output_check_target (self->path, error))
    {
      lys_output_file_abort (self);
      return FALSE;
    }
  if (self->temporary == NULL)
    {
      g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", self->fd);

      /* Its name beside the target: linkat () takes only a name not
       * taken, tried until one is free */
      for (guint attempt = 0; self->temporary == NULL && attempt < 100; attempt++)
        {
          g_autofree char *template = lys_output_temporary_path (self->path);
          char *letters = template + strlen (template) - 6;

          for (guint i = 0; i < 6; i++)
            letters[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[g_random_int_range (0, 62)];
          if (linkat (AT_FDCWD, proc, AT_FDCWD, template, AT_SYMLINK_FOLLOW) == 0)
            self->temporary = g_steal_pointer (&template);
          else if (errno != EEXIST)
            return lys_output_file_fail (self, errno, error);
        }
      if (self->temporary == NULL)
        return lys_output_file_fail (self, EEXIST, error);
    }
  /* The moment between the two names is as short as it can be: a write
   * killed in it leaves the hidden name, which the next write removes */
  if (g_rename (self->temporary, self->path) != 0)
    return lys_output_file_fail (self, errno, error);
  g_clear_pointer (&self->temporary, g_free);
  lys_output_file_abort (self);
  return TRUE;
}

/**
 * lys_output_file_abort:
 *
 * Lets go of what was written: the target is as it was.
 */
void
lys_output_file_abort (LysOutputFile *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  if (self->temporary != NULL)
    g_unlink (self->temporary);
  g_free (self->temporary);
  g_free (self->path);
  g_free (self);
}

/**
 * lys_output_set_contents:
 *
 * Writes @contents as the whole of @path, as lys_output_file_open() does.
 */
gboolean
lys_output_set_contents (const char  *path,
                         const char  *contents,
                         gssize       length,
                         GError     **error)
{
  LysOutputFile *file = lys_output_file_open (path, error);

  if (file == NULL)
    return FALSE;
  if (!lys_output_file_write (file, contents, length < 0 ? strlen (contents) : (gsize) length, error))
    {
      lys_output_file_abort (file);
      return FALSE;
    }
  return lys_output_file_commit (file, error);
}
