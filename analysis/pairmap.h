/*
 * analysis/pairmap.h — hash table from 64-bit keys (usually a pair of
 * 32-bit indices packed with lsn_pair_key) to dense ids 0, 1, 2, ... in order
 * of first insertion. Callers keep their values in arrays indexed by the id,
 * so one table serves edge weights, liaison counters and membership sets.
 */
#ifndef LSN_ANALYSIS_PAIRMAP_H
#define LSN_ANALYSIS_PAIRMAP_H

#include <stddef.h>
#include <stdint.h>

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
 * @return LSN_OK or LSN_ENOMEM. O(1) expected, amortised.
 */
int lsn_pairmap_intern(int32_t *out, int *added, lsn_pairmap *map, uint64_t key);

/** The id of key, or -1 when it is absent. O(1) expected. */
int32_t lsn_pairmap_find(const lsn_pairmap *map, uint64_t key);

/** The keys by id (count = lsn_pairmap_count()); borrowed, valid until the next insert. */
const uint64_t *lsn_pairmap_keys(const lsn_pairmap *map);

/** Number of keys in the table. */
size_t lsn_pairmap_count(const lsn_pairmap *map);

#endif
