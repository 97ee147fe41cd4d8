/*
 * io/idmap.h — hash tables from keys to dense ids (0, 1, 2, ... in order of
 * first insertion), for two kinds of key: strings (lsn_strmap: emails, UIDs,
 * team ids, addresses; each distinct string gets one owned copy) and 64-bit
 * integers, usually a pair of 32-bit indices packed with lsn_pair_key()
 * (lsn_pairmap: edge weights, liaison counters, membership sets). Callers
 * keep their values in arrays indexed by the id. Lookups are O(1) expected,
 * so no pass ever scans people or events to find a name. Keys are never
 * removed.
 */
#ifndef LSN_IO_IDMAP_H
#define LSN_IO_IDMAP_H

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* Strings                                                              */
/* ------------------------------------------------------------------ */

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
 * lsn_strmap_intern() for a caller that already knows the hash of s: its
 * lsn_strmap_hash() in another table (the tables' own hash, not
 * lsn_hash_bytes()).
 */
int lsn_strmap_intern_hashed(
    int32_t *out, lsn_strmap *map, const char *s, size_t len, uint64_t hash);

/**
 * Intern every string of src into map, in src's id order (so that map
 * gives the ids it would give had they been interned there one by one):
 * ids[i] is the id in map of src's string i. One lookup per string, with
 * src's hashes; the lookups of the next strings are fetched from memory
 * while one is compared. Returns LSN_OK or LSN_ENOMEM (then the strings
 * before the failing one are interned).
 */
int lsn_strmap_intern_all(int32_t *ids, lsn_strmap *map, const lsn_strmap *src);

/**
 * Empty the table, keeping its memory for the next strings (the first
 * ids are 0, 1, ... again; strings and ids of before are gone). A table
 * that grew large gives back most of its room.
 */
void lsn_strmap_clear(lsn_strmap *map);

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

/* ------------------------------------------------------------------ */
/* 64-bit keys and pairs of indices                                     */
/* ------------------------------------------------------------------ */

typedef struct lsn_pairmap lsn_pairmap;

/** Pack two non-negative 32-bit indices into one key that sorts by (a, b). */
static inline uint64_t lsn_pair_key(int32_t a, int32_t b)
{
    return ((uint64_t)(uint32_t)a << 32) | (uint32_t)b;
}

/** The first index of a key made by lsn_pair_key(). */
static inline int32_t lsn_pair_first(uint64_t key)
{
    return (int32_t)(key >> 32);
}

/** The second index of a key made by lsn_pair_key(). */
static inline int32_t lsn_pair_second(uint64_t key)
{
    return (int32_t)(key & 0xffffffffu);
}

/**
 * Create an empty table sized for about `expected` keys (0 is fine: it grows).
 * Returns LSN_OK or LSN_ENOMEM; *out is NULL on failure.
 */
int lsn_pairmap_new(lsn_pairmap **out, size_t expected);

/** Free the table; NULL is fine. */
void lsn_pairmap_free(lsn_pairmap *map);

/**
 * The id of key, adding it when it is new (ids are dense, in insertion order).
 *
 * @param[out] out   the id
 * @param[out] added set to 1 when the key was new, 0 otherwise; may be NULL
 * @return LSN_OK or LSN_ENOMEM (then the table is as it was). O(1)
 *         expected, amortised.
 */
int lsn_pairmap_intern(int32_t *out, int *added, lsn_pairmap *map, uint64_t key);

/** The id of key, or -1 when it is absent. O(1) expected. */
int32_t lsn_pairmap_find(const lsn_pairmap *map, uint64_t key);

/** The keys by id (count = lsn_pairmap_count()); borrowed, valid until the next insert. */
const uint64_t *lsn_pairmap_keys(const lsn_pairmap *map);

/** Number of keys in the table. */
size_t lsn_pairmap_count(const lsn_pairmap *map);

#endif
