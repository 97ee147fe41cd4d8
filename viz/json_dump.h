/*
 * viz/json_dump.h — write a jansson tree as report.json lays it out
 * (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)), the
 * same bytes as json_dump_file() with those flags, without its per-token
 * writes, per-container loop check and printf per number.
 */
#ifndef LSN_VIZ_JSON_DUMP_H
#define LSN_VIZ_JSON_DUMP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/**
 * Write root (an object or an array) to path. With reread true every real
 * of the tree is then set to the value reading the file back gives (a real
 * of more than 12 significant digits is written rounded), so the tree is
 * the one json_load_file() would return.
 * @return 0, or -1 when path cannot be written or the tree holds a value
 * jansson would not write (errno tells a failed write).
 */
int lsn_json_dump_report(json_t *root, const char *path, bool reread);

/**
 * The same layout written a part at a time, so that a large document need
 * not be held as one tree: containers are opened and closed around values
 * (trees, or text another lsn_json_out kept). The bytes are those of the
 * whole tree through lsn_json_dump_report().
 */
typedef struct lsn_json_out lsn_json_out;

/** Write to path (created or emptied); NULL when it cannot be opened
 * (errno says why) or out of memory. reread: as lsn_json_dump_report's. */
lsn_json_out *lsn_json_out_file(const char *path, bool reread);

/**
 * Keep the text in memory (lsn_json_out_close hands it out), laid out as a
 * value at depth (0: the whole document; 1: a member of its outermost
 * object), to be put into a document with lsn_json_out_text.
 */
lsn_json_out *lsn_json_out_memory(int depth, bool reread);

/** Whether the values written from now on are reread (lsn_json_dump_report). */
void lsn_json_out_reread(lsn_json_out *o, bool reread);

/** Open an object (or, object false, an array): the outermost value, an
 * element of the array open, or the member key of the object open. */
void lsn_json_out_begin(lsn_json_out *o, const char *key, bool object);

/** Write v where lsn_json_out_begin would open a container (key as there).
 * A NULL v, or as the outermost value one that is not a container, makes
 * the writing fail. */
void lsn_json_out_value(lsn_json_out *o, const char *key, json_t *v);

/** Put text kept by an lsn_json_out_memory of this depth where a value goes. */
void lsn_json_out_text(lsn_json_out *o, const char *key, const char *text, size_t n);

/** Close the container opened last. */
void lsn_json_out_end(lsn_json_out *o);

/**
 * Flush and free o (NULL: nothing written). With text non-NULL the text
 * kept in memory is handed over in *text (malloc'd, *n bytes, not
 * NUL-terminated; NULL when none or on failure).
 * @return 0, or -1 when anything failed (a write, memory, a value jansson
 * would not write, a container left open); errno tells a failed write.
 */
int lsn_json_out_close(lsn_json_out *o, char **text, size_t *n);

#endif
