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

#endif
