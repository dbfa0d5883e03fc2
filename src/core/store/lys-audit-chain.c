/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "lys-audit-chain"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "lys-i18n.h"
#include <glib/gstdio.h>

#include "lys-audit-chain.h"
#include "lys-db-postgresql.h"
#include "lys-db-sqlite.h"
#include "lys-error.h"
#include "lys-output-file.h"
#include "lys-sha256.h"

#define KEY_BYTES 32
#define HMAC_PREFIX "hmac:"
/* "hmac:" KEY-ID ":" and 64 hexadecimal digits */
#define HMAC_LENGTH (strlen (HMAC_PREFIX) + LYS_AUDIT_KEY_ID_LENGTH + 1 + 64)

/* The fields as lengths and bytes, a missing one as "-": no two rows read
 * the same */
static void
add_text (LysSha256  *sink,
          const char *text)
{
  char length[32];

  if (text == NULL)
    {
      lys_sha256_update (sink, "-;", 2);
      return;
    }
  g_snprintf (length, sizeof length, "%zu:", strlen (text));
  lys_sha256_update (sink, length, -1);
  lys_sha256_update (sink, text, -1);
  lys_sha256_update (sink, ";", 1);
}

/* The first chain wrote only ids above 0 and took anything else for none;
 * the keyed chain writes every id as it is */
static const char *
first_chain_id (const char *id)
{
  return id != NULL && g_ascii_strtoll (id, NULL, 10) > 0 ? id : NULL;
}

static void
add_row (LysSha256         *sink,
         gboolean           keyed,
         const char        *previous,
         const LysAuditRow *row)
{
  lys_sha256_update (sink, keyed ? "lysning-audit-2;" : "lysning-audit-1;", -1);
  add_text (sink, previous);
  add_text (sink, keyed ? row->id : first_chain_id (row->id));
  add_text (sink, row->at);
  add_text (sink, keyed ? row->staff_id : first_chain_id (row->staff_id));
  add_text (sink, row->staff_name);
  add_text (sink, row->role);
  add_text (sink, row->action);
  add_text (sink, keyed ? row->patient_id : first_chain_id (row->patient_id));
  add_text (sink, row->object_type);
  add_text (sink, keyed ? row->object_id : first_chain_id (row->object_id));
  add_text (sink, row->detail);
}

/**
 * lys_audit_chain_hash:
 * @previous: (nullable): the hash of the row before; %NULL for the first
 *
 * The unkeyed link of the rows written before the chain had keys.
 *
 * Returns: (transfer full): the row's hash, 64 hexadecimal digits
 */
char *
lys_audit_chain_hash (const char        *previous,
                      const LysAuditRow *row)
{
  LysSha256 checksum;
  char hex[LYS_SHA256_HEX_LENGTH + 1];

  g_return_val_if_fail (row != NULL, NULL);

  lys_sha256_init (&checksum);
  add_row (&checksum, FALSE, previous, row);
  lys_sha256_digest_hex (&checksum, hex);
  return g_strdup (hex);
}

/**
 * lys_audit_chain_hmac:
 * @key_id: the key's id, written into the link
 * @key: the key
 * @previous: (nullable): the hash of the row before; %NULL for the first
 *
 * Returns: (transfer full): the row's link, "hmac:KEY-ID:HEX"
 */
char *
lys_audit_chain_hmac (const char        *key_id,
                      GBytes            *key,
                      const char        *previous,
                      const LysAuditRow *row)
{
  LysSha256 hmac;
  char hex[LYS_SHA256_HEX_LENGTH + 1];
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (key_id != NULL && key != NULL && row != NULL, NULL);

  data = g_bytes_get_data (key, &size);
  lys_sha256_init_hmac (&hmac, data, size);
  add_row (&hmac, TRUE, previous, row);
  lys_sha256_digest_hex (&hmac, hex);
  return g_strconcat (HMAC_PREFIX, key_id, ":", hex, NULL);
}

/* Keys */

static char *
key_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "lysning", "keys", NULL);
}

static gboolean
is_key_id (const char *id)
{
  return id != NULL && strlen (id) == LYS_AUDIT_KEY_ID_LENGTH &&
         strspn (id, "0123456789abcdef") == LYS_AUDIT_KEY_ID_LENGTH;
}

/* A key's id follows from the key: a file swapped for another is not taken */
static char *
key_id_of (const guchar *key,
           gsize         size)
{
  LysSha256 checksum;
  char hex[LYS_SHA256_HEX_LENGTH + 1];

  lys_sha256_init (&checksum);
  lys_sha256_update (&checksum, "lysning-audit-key;", -1);
  lys_sha256_update (&checksum, key, (gssize) size);
  lys_sha256_digest_hex (&checksum, hex);
  return g_strndup (hex, LYS_AUDIT_KEY_ID_LENGTH);
}

/**
 * lys_audit_key_load:
 * @key_id: a key's id
 *
 * Returns: (transfer full) (nullable): the key, when this computer has it
 */
GBytes *
lys_audit_key_load (const char *key_id)
{
  g_autofree char *folder = key_folder ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree guchar *key = g_malloc (KEY_BYTES);
  g_autofree char *id = NULL;

  if (!is_key_id (key_id))
    return NULL;
  path = g_build_filename (folder, key_id, NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  g_strstrip (text);
  if (strlen (text) != 2 * KEY_BYTES)
    return NULL;
  for (guint i = 0; i < KEY_BYTES; i++)
    {
      int high = g_ascii_xdigit_value (text[2 * i]), low = g_ascii_xdigit_value (text[2 * i + 1]);

      if (high < 0 || low < 0)
        return NULL;
      key[i] = (guchar) (high << 4 | low);
    }
  id = key_id_of (key, KEY_BYTES);
  if (!g_str_equal (id, key_id))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&key), KEY_BYTES);
}

/**
 * lys_audit_key_ensure:
 * @wanted: (nullable): the key the clinic's log was last linked with
 *
 * The key this computer links the clinic's new audit rows with: @wanted
 * when it is here, a new one otherwise, kept owner-only in
 * `$XDG_DATA_HOME/lysning/keys/KEY-ID`, never in the database.
 *
 * Returns: (transfer full): the key's id
 */
char *
lys_audit_key_ensure (const char  *wanted,
                      GError     **error)
{
  g_autoptr(GBytes) present = lys_audit_key_load (wanted);
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GString) text = NULL;
  guchar key[KEY_BYTES];
  char *id;

  if (present != NULL)
    return g_strdup (wanted);

  if (getrandom (key, sizeof key, 0) != sizeof key)
    {
      int saved = errno;

      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The audit log’s key cannot be made: %s"), g_strerror (saved));
      return NULL;
    }
  text = g_string_new (NULL);
  for (guint i = 0; i < KEY_BYTES; i++)
    g_string_append_printf (text, "%02x", key[i]);
  g_string_append_c (text, '\n');
  id = key_id_of (key, sizeof key);
  memset (key, 0, sizeof key);

  folder = key_folder ();
  path = g_build_filename (folder, id, NULL);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (folder);

      /* Translators: %1$s is a folder, %2$s the system's reason */
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The audit log’s key cannot be kept in %1$s: %2$s"),
                   display, g_strerror (saved));
      g_free (id);
      return NULL;
    }
  if (!lys_output_set_contents (path, text->str, (gssize) text->len, error))
    {
      g_free (id);
      return NULL;
    }
  return id;
}

/* The SQL function's key */
typedef struct
{
  char   *id;
  GBytes *key;
} ChainKey;

static void
chain_key_free (gpointer data)
{
  ChainKey *key = data;

  g_free (key->id);
  g_bytes_unref (key->key);
  g_free (key);
}

/* lys_audit_hash (previous, id, at, staff_id, staff_name, role, action,
 *                 patient_id, object_type, object_id, detail) */
static void
audit_hash_function (sqlite3_context  *context,
                     int               n_values,
                     sqlite3_value   **values)
{
  ChainKey *key = sqlite3_user_data (context);
  const char *texts[11];
  char *hash;

  /* Each value as text, kept as long as the call */
  for (int i = 0; i < 11; i++)
    texts[i] = (const char *) sqlite3_value_text (values[i]);
  {
    LysAuditRow row = { texts[1], texts[2], texts[3], texts[4], texts[5], texts[6], texts[7], texts[8], texts[9], texts[10] };

    hash = lys_audit_chain_hmac (key->id, key->key, texts[0], &row);
  }
  sqlite3_result_text (context, hash, -1, g_free);
}

static gboolean
give_server_key (LysDb     *db,
                 ChainKey  *key,
                 GError   **error)
{
  g_autoptr(LysDbStmt) stmt = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (key->key, &size);
  g_autofree char *hex = g_malloc (size * 2 + 1);
  gboolean ok;

  for (gsize i = 0; i < size; i++)
    g_snprintf (hex + i * 2, 3, "%02x", data[i]);
  stmt = lys_db_prepare (db, "SELECT set_config ('lysning.audit_key_id', ?1, false), "
                             "set_config ('lysning.audit_key', ?2, false)", error);
  ok = stmt != NULL;
  if (ok)
    {
      lys_db_bind_text (stmt, 1, key->id);
      lys_db_bind_text (stmt, 2, hex);
      ok = lys_db_step (stmt) == LYS_DB_ROW || lys_db_set_error (db, error);
    }
  memset (hex, 0, size * 2);
  chain_key_free (key);
  return ok;
}

/**
 * lys_audit_chain_register:
 * @key_id: the key new rows are linked with, from lys_audit_key_ensure()
 *
 * Gives @db the SQL function that links a new audit row to the last.
 */
gboolean
lys_audit_chain_register (LysDb       *db,
                          const char  *key_id,
                          GError     **error)
{
  ChainKey *key;

  g_return_val_if_fail (db != NULL && key_id != NULL, FALSE);

  key = g_new0 (ChainKey, 1);
  key->id = g_strdup (key_id);
  key->key = lys_audit_key_load (key_id);
  if (key->key == NULL)
    {
      chain_key_free (key);
      g_set_error (error, LYS_ERROR, LYS_ERROR_IO, _("The audit log’s key %s is not on this computer."), key_id);
      return FALSE;
    }
  /* On a server, the schema's own lys_audit_hash () links with the key
   * the session is given */
  if (lys_db_is_postgresql (db))
    return give_server_key (db, key, error);
  /* Only Lysning's own statements may call it, never a trigger or a view
   * someone put in the file */
  if (sqlite3_create_function_v2 (lys_db_sqlite_get_handle (db), "lys_audit_hash", 11, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                  key, audit_hash_function, NULL, NULL, chain_key_free) == SQLITE_OK)
    return TRUE;

  g_set_error (error, LYS_ERROR, LYS_ERROR_FAILED, _("The database cannot be opened: %s"), lys_db_get_message (db));
  return FALSE;
}

void
lys_audit_check_clear (LysAuditCheck *check)
{
  g_clear_pointer (&check->broken_at, g_free);
  g_clear_pointer (&check->broken_action, g_free);
  g_clear_pointer (&check->head, g_free);
  g_clear_pointer (&check->missing_key, g_free);
}

/* The key a link names, or NULL; @keys keeps what was looked up, a key
 * not here as an empty GBytes */
static GBytes *
key_of_link (GHashTable *keys,
             const char *link,
             char       *id)
{
  GBytes *key;

  memcpy (id, link + strlen (HMAC_PREFIX), LYS_AUDIT_KEY_ID_LENGTH);
  id[LYS_AUDIT_KEY_ID_LENGTH] = '\0';
  key = g_hash_table_lookup (keys, id);
  if (key == NULL)
    {
      key = lys_audit_key_load (id);
      if (key == NULL)
        key = g_bytes_new (NULL, 0);
      g_hash_table_insert (keys, g_strdup (id), key);
    }
  return g_bytes_get_size (key) > 0 ? key : NULL;
}

static gboolean
is_keyed_link (const char *link)
{
  return link != NULL && strlen (link) == HMAC_LENGTH && g_str_has_prefix (link, HMAC_PREFIX) &&
         link[strlen (HMAC_PREFIX) + LYS_AUDIT_KEY_ID_LENGTH] == ':';
}

/**
 * lys_audit_chain_verify:
 * @db: a Lysning database, any connection
 * @check: (out caller-allocates): what was found; clear it with
 *   lys_audit_check_clear()
 *
 * Recomputes every row's link from the row and the one before, in order,
 * and stops at the first that does not match. A row linked with a key this
 * computer does not have cannot be checked: it is counted, not taken as
 * holding. An unkeyed row after a keyed one does not hold.
 *
 * Returns: whether the log could be read; @check says whether it holds
 */
gboolean
lys_audit_chain_verify (LysDb          *db,
                        LysAuditCheck  *check,
                        GError        **error)
{
  return lys_audit_chain_verify_rows (db, "SELECT id, at, staff_id, staff_name, role, action, patient_id, object_type, "
                                          "object_id, detail, hash FROM audit_log ORDER BY id", check, error);
}

/**
 * lys_audit_chain_verify_rows:
 * @select: a statement of Lysning's own whose rows are the fields of
 *   #LysAuditRow and then the link, in the order they were linked
 *
 * Verifies a chain made with lys_audit_hash (), as
 * lys_audit_chain_verify() does the audit log's: the ketamine record's
 * entries are linked the same way.
 */
gboolean
lys_audit_chain_verify_rows (LysDb          *db,
                             const char     *select,
                             LysAuditCheck  *check,
                             GError        **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  LysDbStmt                                                                                            *stmt;
  g_autofree char *previous = NULL;
  gboolean keyed = FALSE;
  int rc;

  g_return_val_if_fail (db != NULL && check != NULL, FALSE);

  memset (check, 0, sizeof *check);
  stmt = lys_db_prepare (db, select, NULL);
  if (stmt == NULL)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_CORRUPT, _("The audit log cannot be read: %s"), lys_db_get_message (db));
      return FALSE;
    }

  while ((rc = lys_db_step (stmt)) == LYS_DB_ROW)
    {
      LysAuditRow row;
      const char *link;
      g_autofree char *expected = NULL;
      gboolean unchecked = FALSE;

      row = (LysAuditRow) {
        lys_db_column_text (stmt, 0), lys_db_column_text (stmt, 1),
        lys_db_column_text (stmt, 2), lys_db_column_text (stmt, 3),
        lys_db_column_text (stmt, 4), lys_db_column_text (stmt, 5),
        lys_db_column_text (stmt, 6), lys_db_column_text (stmt, 7),
        lys_db_column_text (stmt, 8), lys_db_column_text (stmt, 9),
      };
      link = lys_db_column_text (stmt, 10);

      if (is_keyed_link (link))
        {
          char id[LYS_AUDIT_KEY_ID_LENGTH + 1];
          GBytes *key = key_of_link (keys, link, id);

          keyed = TRUE;
          if (key != NULL)
            expected = lys_audit_chain_hmac (id, key, previous, &row);
          else
            {
              unchecked = TRUE;
              if (check->missing_key == NULL)
                check->missing_key = g_strdup (id);
            }
        }
      else if (!keyed)
        expected = lys_audit_chain_hash (previous, &row);

      if (!unchecked && g_strcmp0 (expected, link) != 0)
        {
          check->broken_id = lys_db_column_int64 (stmt, 0);
          check->broken_at = g_strdup (row.at);
          check->broken_action = g_strdup (row.action);
          break;
        }
      if (unchecked)
        check->unchecked++;
      else
        check->rows++;
      check->head_id = lys_db_column_int64 (stmt, 0);
      g_free (previous);
      previous = g_strdup (link);
    }
  check->head = g_steal_pointer (&previous);

  if (rc != LYS_DB_DONE && rc != LYS_DB_ROW)
    {
      g_set_error (error, LYS_ERROR, LYS_ERROR_CORRUPT, _("The audit log cannot be read: %s"), lys_db_get_message (db));
      lys_db_stmt_free (stmt);
      lys_audit_check_clear (check);
      return FALSE;
    }
  lys_db_stmt_free (stmt);
  return TRUE;
}
