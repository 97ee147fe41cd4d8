/*
 * io/strmap.h — interning string table: each distinct string gets a dense
 * id (0, 1, 2, ... in order of first insertion) and one owned copy.
 *
 * Used for emails, UIDs, team ids and addresses: lookups are O(1) expected,
 * so no pass ever scans people or events to find a name.
 */
#ifndef LSN_IO_STRMAP_H
#define LSN_IO_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct lsn_strmap lsn_strmap;

/** Create an empty table. Returns LSN_OK or LSN_ENOMEM. */
int lsn_strmap_new(lsn_strmap **out);

/** Free the table and every string it owns; NULL is fine. */
void lsn_strmap_free(lsn_strmap *map);

/**
 * The id of s, adding a copy of s when it is new.
 *
 * @param[out] out the id
 * @param len      length of s in bytes (s need not be NUL-terminated)
 * @return LSN_OK, or LSN_ENOMEM.
 */
int lsn_strmap_intern(int32_t *out, lsn_strmap *map, const char *s, size_t len);

/**
 * lsn_strmap_intern() for a caller that already knows the hash of s
 * (lsn_strmap_hash() of another table, or lsn_hash_bytes(s, len, 0)).
 */
int lsn_strmap_intern_hashed(
    int32_t *out, lsn_strmap *map, const char *s, size_t len, uint64_t hash);

/** The id of the NUL-terminated s, or -1 when it is not in the table. */
int32_t lsn_strmap_find(const lsn_strmap *map, const char *s);

/** The id of the len bytes at s, or -1. */
int32_t lsn_strmap_findn(const lsn_strmap *map, const char *s, size_t len);

/** The string with this id; borrowed, lives as long as the table. */
const char *lsn_strmap_get(const lsn_strmap *map, int32_t id);

/** Length in bytes of the string with this id (it may hold NUL bytes). */
size_t lsn_strmap_len(const lsn_strmap *map, int32_t id);

/** The hash lsn_strmap_intern() computed for the string with this id. */
uint64_t lsn_strmap_hash(const lsn_strmap *map, int32_t id);

/** Number of strings in the table. */
size_t lsn_strmap_count(const lsn_strmap *map);

/** 64-bit FNV-1a hash of len bytes, for tables built elsewhere. */
uint64_t lsn_hash_bytes(const void *p, size_t len, uint64_t seed);

#endif
