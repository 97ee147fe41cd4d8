/*
 * analysis/pairmap.c — open-addressing (linear probing) table from 64-bit
 * keys to dense ids. It stores keys only; values live in the caller's arrays
 * indexed by id. It never removes keys.
 */
#include "analysis/pairmap.h"

#include "io/error.h"

#include <stdlib.h>

struct lsn_pairmap {
    int32_t *slots; /* id + 1, 0 = empty */
    size_t nslots;  /* power of two, at least twice count */
    uint64_t *keys; /* by id */
    size_t count, cap;
};

static uint64_t mix(uint64_t k)
{
    /* splitmix64 finaliser: neighbouring pairs spread over the whole table. */
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ULL;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebULL;
    k ^= k >> 31;
    return k;
}

int lsn_pairmap_new(lsn_pairmap **out, size_t expected)
{
    *out = NULL;
    lsn_pairmap *m = calloc(1, sizeof(*m));
    if (m == NULL) {
        return lsn_oom();
    }
    size_t n = 64;
    while (n < expected * 2) {
        n *= 2;
    }
    m->nslots = n;
    m->slots = calloc(n, sizeof(*m->slots));
    if (m->slots == NULL) {
        free(m);
        return lsn_oom();
    }
    *out = m;
    return LSN_OK;
}

void lsn_pairmap_free(lsn_pairmap *map)
{
    if (map == NULL) {
        return;
    }
    free(map->slots);
    free(map->keys);
    free(map);
}

static size_t probe(const lsn_pairmap *m, uint64_t key)
{
    size_t mask = m->nslots - 1;
    size_t i = (size_t)mix(key) & mask;
    for (;;) {
        int32_t v = m->slots[i];
        if (v == 0 || m->keys[v - 1] == key) {
            return i;
        }
        i = (i + 1) & mask;
    }
}

static int grow(lsn_pairmap *m)
{
    size_t n = m->nslots * 2;
    int32_t *slots = calloc(n, sizeof(*slots));
    if (slots == NULL) {
        return LSN_ENOMEM;
    }
    for (size_t id = 0; id < m->count; id++) {
        size_t i = (size_t)mix(m->keys[id]) & (n - 1);
        while (slots[i] != 0) {
            i = (i + 1) & (n - 1);
        }
        slots[i] = (int32_t)id + 1;
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = n;
    return LSN_OK;
}

int lsn_pairmap_intern(int32_t *out, int *added, lsn_pairmap *map, uint64_t key)
{
    size_t i = probe(map, key);
    if (map->slots[i] != 0) {
        *out = map->slots[i] - 1;
        if (added != NULL) {
            *added = 0;
        }
        return LSN_OK;
    }
    if (map->count >= (size_t)INT32_MAX - 1) {
        return lsn_error_set(LSN_ENOMEM, "out of memory: more than 2^31 pairs");
    }
    if (map->count == map->cap) {
        size_t cap = map->cap ? map->cap * 2 : 64;
        uint64_t *keys = realloc(map->keys, cap * sizeof(*keys));
        if (keys == NULL) {
            return lsn_oom();
        }
        map->keys = keys;
        map->cap = cap;
    }
    int32_t id = (int32_t)map->count++;
    map->keys[id] = key;
    map->slots[i] = id + 1;
    if (map->count * 2 > map->nslots && grow(map) != LSN_OK) {
        /* Undo the insert: slot i was empty before it, so the table is as it was. */
        map->count--;
        map->slots[i] = 0;
        return lsn_oom();
    }
    *out = id;
    if (added != NULL) {
        *added = 1;
    }
    return LSN_OK;
}

int32_t lsn_pairmap_find(const lsn_pairmap *map, uint64_t key)
{
    size_t i = probe(map, key);
    return map->slots[i] - 1;
}

const uint64_t *lsn_pairmap_keys(const lsn_pairmap *map)
{
    return map->keys;
}

size_t lsn_pairmap_count(const lsn_pairmap *map)
{
    return map->count;
}
