/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-schema-check"

#include "config.h"

#include <string.h>

#include "lys-i18n.h"
#include <libxml/xmlschemas.h>

#include "lys-error.h"
#include "lys-schema-check.h"

/* Chunks waiting for the check, at most */
#define MAX_WAITING 8

struct _LysSchemaCheck
{
  GFile *schema;
  GThread *thread;

  GMutex lock;
  GCond cond;
  GQueue chunks;                /* GBytes; an empty one ends the document */
  gboolean failed;

  /* The check's thread only */
  GBytes *current;
  gsize offset;
  gboolean ended;
  char *message;                /* the first problem: "line: message" */
  gboolean unreadable;          /* the schema itself */
};

static GBytes *
next_chunk (LysSchemaCheck *self)
{
  GBytes *chunk;

  g_mutex_lock (&self->lock);
  while (g_queue_is_empty (&self->chunks))
    g_cond_wait (&self->cond, &self->lock);
  chunk = g_queue_pop_head (&self->chunks);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return chunk;
}

/* libxml2 reads the document from here, as the writer hands it over. The
 * buffer is filled as far as the document goes: libxml2 reads the XML
 * declaration in one read */
static int
read_cb (void *context,
         char *buffer,
         int   length)
{
  LysSchemaCheck *self = context;
  gsize filled = 0;

  while (filled < (gsize) length && !self->ended)
    {
      gsize size, n;

      if (self->current == NULL || self->offset == g_bytes_get_size (self->current))
        {
          g_clear_pointer (&self->current, g_bytes_unref);
          self->current = next_chunk (self);
          self->offset = 0;
          self->ended = g_bytes_get_size (self->current) == 0;
          continue;
        }

      size = g_bytes_get_size (self->current);
      n = MIN ((gsize) length - filled, size - self->offset);
      memcpy (buffer + filled, (const char *) g_bytes_get_data (self->current, NULL) + self->offset, n);
      self->offset += n;
      filled += n;
    }

  return (int) filled;
}

static int
close_cb (void *context)
{
  return 0;
}

static void
on_error_cb (void        *data,
             xmlErrorPtr  error)
{
  LysSchemaCheck *self = data;

  if (self->message == NULL && error != NULL && error->message != NULL)
    self->message = g_strdup_printf ("%d: %s", error->line, g_strstrip (error->message));
}

static xmlSchemaPtr
load_schema (LysSchemaCheck *self)
{
  g_autofree char *path = g_file_get_path (self->schema);
  g_autofree char *contents = NULL;
  xmlSchemaParserCtxtPtr parser = NULL;
  xmlSchemaPtr schema = NULL;
  gsize length = 0;

  /* A file is read from its place, for the schemas it includes beside it */
  if (path != NULL)
    parser = xmlSchemaNewParserCtxt (path);
  else if (g_file_load_contents (self->schema, NULL, &contents, &length, NULL, NULL))
    parser = xmlSchemaNewMemParserCtxt (contents, (int) length);
  if (parser != NULL)
    {
      schema = xmlSchemaParse (parser);
      xmlSchemaFreeParserCtxt (parser);
    }

  return schema;
}

static gpointer
check_thread (gpointer data)
{
  LysSchemaCheck *self = data;
  xmlSchemaPtr schema;
  xmlSchemaValidCtxtPtr context = NULL;
  xmlParserInputBufferPtr input;
  int rc = -1;

  /* Errors of this thread come here, not to the terminal */
  xmlSetStructuredErrorFunc (self, on_error_cb);

  schema = load_schema (self);
  if (schema == NULL)
    self->unreadable = TRUE;
  else
    {
      context = xmlSchemaNewValidCtxt (schema);
      xmlSchemaSetValidStructuredErrors (context, on_error_cb, self);
      input = xmlParserInputBufferCreateIO (read_cb, close_cb, self, XML_CHAR_ENCODING_NONE);
      /* The stream takes the input */
      if (context != NULL && input != NULL)
        rc = xmlSchemaValidateStream (context, input, XML_CHAR_ENCODING_NONE, NULL, NULL);
      xmlSchemaFreeValidCtxt (context);
      xmlSchemaFree (schema);
    }

  if (rc != 0)
    {
      g_mutex_lock (&self->lock);
      self->failed = TRUE;
      g_mutex_unlock (&self->lock);
    }

  /* What the writer still hands over is read and dropped, so that it never
   * waits for a check that has stopped */
  while (!self->ended)
    {
      g_clear_pointer (&self->current, g_bytes_unref);
      self->current = next_chunk (self);
      self->ended = g_bytes_get_size (self->current) == 0;
    }
  g_clear_pointer (&self->current, g_bytes_unref);
  xmlSetStructuredErrorFunc (NULL, NULL);

  return GINT_TO_POINTER (rc == 0);
}

/**
 * lys_schema_check_start:
 * @schema: the XML Schema, a file or a resource
 *
 * Starts checking a document that lys_schema_check_push() hands over.
 *
 * Returns: (transfer full): the check, to end with lys_schema_check_finish()
 */
LysSchemaCheck *
lys_schema_check_start (GFile *schema)
{
  LysSchemaCheck *self;

  g_return_val_if_fail (G_IS_FILE (schema), NULL);

  self = g_new0 (LysSchemaCheck, 1);
  self->schema = g_object_ref (schema);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->chunks);
  self->thread = g_thread_new ("lys-schema-check", check_thread, self);
  return self;
}

static void
push (LysSchemaCheck *self,
      GBytes         *chunk)
{
  g_mutex_lock (&self->lock);
  while (g_queue_get_length (&self->chunks) >= MAX_WAITING)
    g_cond_wait (&self->cond, &self->lock);
  g_queue_push_tail (&self->chunks, chunk);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/**
 * lys_schema_check_push:
 * @chunk: the next part of the document, not empty
 *
 * Hands over the next part; waits while the check is far behind.
 */
void
lys_schema_check_push (LysSchemaCheck *self,
                       GBytes         *chunk)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (chunk != NULL && g_bytes_get_size (chunk) > 0);

  push (self, g_bytes_ref (chunk));
}

/**
 * lys_schema_check_failed:
 *
 * Returns: whether the check has already found a problem, so that the
 *   writer can stop early
 */
gboolean
lys_schema_check_failed (LysSchemaCheck *self)
{
  gboolean failed;

  g_mutex_lock (&self->lock);
  failed = self->failed;
  g_mutex_unlock (&self->lock);
  return failed;
}

/**
 * lys_schema_check_finish:
 *
 * Ends the document, waits for the check and frees it.
 *
 * Returns: whether the document is valid; if not, the error
 *   (%LYS_ERROR_CORRUPT) holds the line and libxml2's message, or says that
 *   the schema cannot be read (%LYS_ERROR_IO)
 */
gboolean
lys_schema_check_finish (LysSchemaCheck  *self,
                         GError         **error)
{
  gboolean valid;

  g_return_val_if_fail (self != NULL, FALSE);

  push (self, g_bytes_new_static ("", 0));
  valid = GPOINTER_TO_INT (g_thread_join (self->thread));

  if (!valid && self->unreadable)
    {
      g_autofree char *name = g_file_get_parse_name (self->schema);

      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The XML schema “%s” cannot be read."), name);
    }
  else if (!valid)
    g_set_error_literal (error, LYS_ERROR, LYS_ERROR_CORRUPT, self->message ? self->message : "?");

  g_queue_clear_full (&self->chunks, (GDestroyNotify) g_bytes_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_object_unref (self->schema);
  g_free (self->message);
  g_free (self);
  return valid;
}
