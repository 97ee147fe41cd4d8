/*
 * io/idmap.c — the tables of io/idmap.h: one open-addressing core (linear
 * probing over slots that hold id + 1 and part of the key's hash) under two
 * thin key types. Strings live in large chunks, so that a million interned
 * addresses cost a few allocations; 64-bit keys live in one array by id.
 * Nothing is removed.
 */
#include "io/idmap.h"

#include "io/error.h"
#include "io/vec.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* The core                                                             */
/* ------------------------------------------------------------------ */

/*
 * A slot holds id + 1 in its low 32 bits (0: empty) and the low 32 bits of
 * the key's hash above them, so that a probe rejects other keys and the
 * table grows without looking at any key. n is a power of two, at least
 * twice the count, at most 2^32: a key's home slot is its hash's low bits.
 */
struct slots {
    uint64_t *slot;
    size_t n;
};

/* Whether the key with this id is the one looked for (its hash already agrees). */
typedef bool (*same_fn)(const void *map, int32_t id, const void *key);

static int slots_init(struct slots *t, size_t expected)
{
    size_t n = 64;
    while (n < expected * 2) {
        n *= 2;
    }
    t->slot = calloc(n, sizeof(*t->slot));
    t->n = n;
    return t->slot != NULL ? LSN_OK : lsn_oom();
}

static inline uint32_t slot_tag(uint64_t hash)
{
    return (uint32_t)hash;
}

/* The id in a slot that is not empty. */
static inline int32_t slot_id(uint64_t v)
{
    return (int32_t)(uint32_t)v - 1;
}

/* The slot of the key same() accepts, or the empty slot where it would go.
 * Inlined into each caller, with same() known there. */
static inline size_t
slots_probe(const struct slots *t, uint64_t hash, same_fn same, const void *map, const void *key)
{
    size_t mask = t->n - 1;
    uint32_t tag = slot_tag(hash);
    for (size_t i = (size_t)tag & mask;; i = (i + 1) & mask) {
        uint64_t v = t->slot[i];
        if (v == 0 || ((uint32_t)(v >> 32) == tag && same(map, slot_id(v), key))) {
            return i;
        }
    }
}

/* The id in slot i, -1 when it is empty. */
static inline int32_t slots_get(const struct slots *t, size_t i)
{
    uint64_t v = t->slot[i];
    return v != 0 ? slot_id(v) : -1;
}

/* Ids stay below 2^31 - 1, so that id + 1 fits a slot. */
static int slots_room(size_t count)
{
    return count < (size_t)INT32_MAX - 1
               ? LSN_OK
               : lsn_error_set(LSN_ENOMEM, "out of memory: more than 2^31 ids");
}

static int slots_rehash(struct slots *t, size_t n);

/* Put id, the newest, with its hash in the empty slot i, then keep the load
 * at most one half. On failure slot i is empty again, so the slots are as
 * they were before. */
static int slots_add(struct slots *t, size_t i, int32_t id, uint64_t hash)
{
    t->slot[i] = ((uint64_t)slot_tag(hash) << 32) | (uint32_t)(id + 1);
    if ((size_t)id + 1 <= t->n / 2) {
        return LSN_OK;
    }
    int rc = slots_rehash(t, t->n * 2);
    if (rc != LSN_OK) {
        t->slot[i] = 0;
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* Strings                                                              */
/* ------------------------------------------------------------------ */

#define CHUNK_SIZE (64 * 1024)

struct chunk {
    struct chunk *next;
    size_t used, size;
    char data[];
};

struct lsn_strmap {
    struct slots index;
    /* By id: the copy and its length together (a lookup reads both), and
     * the hash (read only to copy it, lsn_strmap_hash()). */
    struct str_entry {
        const char *s;
        uint32_t len;
    } * strings;
    uint64_t *hashes;
    size_t count, cap;
    struct chunk *chunks;
};

/* What a lookup of a string compares. */
struct str_key {
    const char *s;
    size_t len;
    uint64_t hash;
};

uint64_t lsn_hash_bytes(const void *p, size_t len, uint64_t seed)
{
    const unsigned char *b = p;
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < len; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    /* Final mix so that low bits depend on every byte. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/*
 * The hash of a string in a table: eight bytes a step (lsn_hash_bytes()
 * takes one, and its values are part of liaison's output, so it stays as
 * it is). Never written out; only the tables compare it.
 */
static uint64_t str_hash(const char *s, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
        s += 8;
        len -= 8;
    }
    if (len > 0) {
        uint64_t w = 0;
        memcpy(&w, s, len);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 32;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static bool same_str(const void *map, int32_t id, const void *key)
{
    const lsn_strmap *m = map;
    const struct str_key *k = key;
    return m->strings[id].len == k->len && memcmp(m->strings[id].s, k->s, k->len) == 0;
}

int lsn_strmap_new(lsn_strmap **out)
{
    *out = NULL;
    lsn_strmap *m = calloc(1, sizeof(*m));
    if (m == NULL) {
        return lsn_oom();
    }
    int rc = slots_init(&m->index, 0);
    if (rc != LSN_OK) {
        free(m);
        return rc;
    }
    *out = m;
    return LSN_OK;
}

void lsn_strmap_free(lsn_strmap *map)
{
    if (map == NULL) {
        return;
    }
    struct chunk *c = map->chunks;
    while (c != NULL) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    free(map->index.slot);
    free(map->strings);
    free(map->hashes);
    free(map);
}

static char *pool_copy(lsn_strmap *m, const char *s, size_t len)
{
    struct chunk *c = m->chunks;
    if (c == NULL || c->size - c->used < len + 1) {
        size_t size = len + 1 > CHUNK_SIZE ? len + 1 : CHUNK_SIZE;
        c = malloc(sizeof(*c) + size);
        if (c == NULL) {
            return NULL;
        }
        c->size = size;
        c->used = 0;
        c->next = m->chunks;
        m->chunks = c;
    }
    char *dst = c->data + c->used;
    memcpy(dst, s, len);
    dst[len] = '\0';
    c->used += len + 1;
    return dst;
}

/* Room for one more string in the two arrays by id (one capacity). */
static int strings_room(lsn_strmap *m)
{
    if (m->count < m->cap) {
        return LSN_OK;
    }
    size_t cap = lsn_grow_cap(m->cap, m->count + 1, sizeof(*m->strings));
    int rc;
    if (cap == 0) {
        return lsn_oom();
    }
    if ((rc = LSN_RESIZE(m->strings, cap)) != LSN_OK ||
        (rc = LSN_RESIZE(m->hashes, cap)) != LSN_OK) {
        return rc;
    }
    m->cap = cap;
    return LSN_OK;
}

int lsn_strmap_intern(int32_t *out, lsn_strmap *map, const char *s, size_t len)
{
    return lsn_strmap_intern_hashed(out, map, s, len, str_hash(s, len));
}

int lsn_strmap_intern_hashed(int32_t *out, lsn_strmap *map, const char *s, size_t len, uint64_t h)
{
    struct str_key key = {s, len, h};
    size_t i = slots_probe(&map->index, h, same_str, map, &key);
    if (map->index.slot[i] != 0) {
        *out = slot_id(map->index.slot[i]);
        return LSN_OK;
    }
    int rc;
    if ((rc = slots_room(map->count)) != LSN_OK || (rc = strings_room(map)) != LSN_OK) {
        return rc;
    }
    char *copy = pool_copy(map, s, len);
    if (copy == NULL) {
        return lsn_oom();
    }
    int32_t id = (int32_t)map->count;
    map->strings[id].s = copy;
    map->strings[id].len = (uint32_t)len;
    map->hashes[id] = h;
    if ((rc = slots_add(&map->index, i, id, h)) != LSN_OK) {
        return rc; /* the copy stays in its chunk, unused */
    }
    map->count++;
    *out = id;
    return LSN_OK;
}

/* How far ahead lsn_strmap_intern_all() fetches a slot, its entry, its bytes. */
#define AHEAD_SLOT 16
#define AHEAD_ENTRY 8
#define AHEAD_BYTES 4

/* The id in the home slot of hash h when its tag agrees, else -1 (a hint). */
static inline int32_t home_guess(const lsn_strmap *map, uint64_t h)
{
    uint64_t v = map->index.slot[slot_tag(h) & (map->index.n - 1)];
    return v != 0 && (uint32_t)(v >> 32) == slot_tag(h) ? slot_id(v) : -1;
}

int lsn_strmap_intern_all(int32_t *ids, lsn_strmap *map, const lsn_strmap *src)
{
    size_t n = src->count;
    for (size_t i = 0; i < n; i++) {
        /* Three misses in a row per lookup (slot, entry, bytes): each is
         * asked for some strings ahead, once the one before is there. Only
         * hints: a rehash in between or another string in the home slot
         * costs a miss, never a wrong id. */
        if (i + AHEAD_SLOT < n) {
            uint64_t h = src->hashes[i + AHEAD_SLOT];
            __builtin_prefetch(&map->index.slot[slot_tag(h) & (map->index.n - 1)]);
        }
        int32_t g;
        if (i + AHEAD_ENTRY < n && (g = home_guess(map, src->hashes[i + AHEAD_ENTRY])) >= 0) {
            __builtin_prefetch(&map->strings[g]);
        }
        if (i + AHEAD_BYTES < n && (g = home_guess(map, src->hashes[i + AHEAD_BYTES])) >= 0) {
            __builtin_prefetch(map->strings[g].s);
        }
        int rc = lsn_strmap_intern_hashed(&ids[i], map, src->strings[i].s, src->strings[i].len,
                                          src->hashes[i]);
        if (rc != LSN_OK) {
            return rc;
        }
    }
    return LSN_OK;
}

int32_t lsn_strmap_findn(const lsn_strmap *map, const char *s, size_t len)
{
    struct str_key key = {s, len, str_hash(s, len)};
    size_t i = slots_probe(&map->index, key.hash, same_str, map, &key);
    return slots_get(&map->index, i);
}

int32_t lsn_strmap_find(const lsn_strmap *map, const char *s)
{
    return lsn_strmap_findn(map, s, strlen(s));
}

const char *lsn_strmap_get(const lsn_strmap *map, int32_t id)
{
    return map->strings[id].s;
}

size_t lsn_strmap_len(const lsn_strmap *map, int32_t id)
{
    return map->strings[id].len;
}

uint64_t lsn_strmap_hash(const lsn_strmap *map, int32_t id)
{
    return map->hashes[id];
}

size_t lsn_strmap_count(const lsn_strmap *map)
{
    return map->count;
}

/* Re-home every slot of t in a table of n slots (a power of two, n > the count). */
static int slots_rehash(struct slots *t, size_t n)
{
    /* Not calloc(): zeroed only once advised as huge pages (io/vec.h). */
    uint64_t *slot = n <= ((size_t)1 << 32) ? malloc(n * sizeof(*slot)) : NULL;
    if (slot == NULL) {
        return lsn_oom();
    }
    lsn_advise_huge(slot, n * sizeof(*slot));
    memset(slot, 0, n * sizeof(*slot));
    for (size_t k = 0; k < t->n; k++) {
        uint64_t v = t->slot[k];
        if (v == 0) {
            continue;
        }
        size_t j = (size_t)(v >> 32) & (n - 1);
        while (slot[j] != 0) {
            j = (j + 1) & (n - 1);
        }
        slot[j] = v;
    }
    free(t->slot);
    t->slot = slot;
    t->n = n;
    return LSN_OK;
}

/* A cleared table keeps at most this many slots and one chunk of copies. */
#define CLEAR_KEEP_SLOTS 4096

/* Empty the slots of ids 0..count-1 (hashes[id] their hashes): each found
 * from its home slot when they are few next to the table (a reading
 * thread's map, cleared for every file, keeps the size the largest file
 * needed), else the whole table zeroed. Only a rehash moves a slot, so each
 * id is in the table once, at or after its home. */
static void slots_clear_ids(struct slots *t, const uint64_t *hashes, size_t count)
{
    if (count * 8 >= t->n) {
        memset(t->slot, 0, t->n * sizeof(*t->slot));
        return;
    }
    size_t mask = t->n - 1;
    for (size_t id = 0; id < count; id++) {
        uint32_t tag = slot_tag(hashes[id]);
        uint64_t v = ((uint64_t)tag << 32) | (uint32_t)(id + 1);
        for (size_t i = (size_t)tag & mask;; i = (i + 1) & mask) {
            if (t->slot[i] == v) {
                t->slot[i] = 0;
                break;
            }
        }
    }
}

void lsn_strmap_clear(lsn_strmap *map)
{
    if (map->count == 0) {
        return;
    }
    /* One CHUNK_SIZE chunk stays; the others (and any a long string made) go. */
    struct chunk *keep = NULL, *c = map->chunks;
    while (c != NULL) {
        struct chunk *next = c->next;
        if (keep == NULL && c->size == CHUNK_SIZE) {
            keep = c;
            keep->next = NULL;
            keep->used = 0;
        } else {
            free(c);
        }
        c = next;
    }
    map->chunks = keep;
    if (map->index.n > CLEAR_KEEP_SLOTS) {
        uint64_t *slot = calloc(CLEAR_KEEP_SLOTS, sizeof(*slot));
        if (slot != NULL) {
            free(map->index.slot);
            map->index.slot = slot;
            map->index.n = CLEAR_KEEP_SLOTS;
        } else {
            memset(map->index.slot, 0, map->index.n * sizeof(*map->index.slot));
        }
    } else {
        slots_clear_ids(&map->index, map->hashes, map->count);
    }
    if (map->cap > CLEAR_KEEP_SLOTS / 2) {
        free(map->strings);
        free(map->hashes);
        map->strings = NULL;
        map->hashes = NULL;
        map->cap = 0;
    }
    map->count = 0;
}

/* ------------------------------------------------------------------ */
/* 64-bit keys                                                          */
/* ------------------------------------------------------------------ */

struct lsn_pairmap {
    struct slots index;
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

static bool same_key(const void *map, int32_t id, const void *key)
{
    return ((const lsn_pairmap *)map)->keys[id] == *(const uint64_t *)key;
}

int lsn_pairmap_new(lsn_pairmap **out, size_t expected)
{
    *out = NULL;
    lsn_pairmap *m = calloc(1, sizeof(*m));
    if (m == NULL) {
        return lsn_oom();
    }
    int rc = slots_init(&m->index, expected);
    if (rc != LSN_OK) {
        free(m);
        return rc;
    }
    *out = m;
    return LSN_OK;
}

void lsn_pairmap_free(lsn_pairmap *map)
{
    if (map == NULL) {
        return;
    }
    free(map->index.slot);
    free(map->keys);
    free(map);
}

int lsn_pairmap_intern(int32_t *out, int *added, lsn_pairmap *map, uint64_t key)
{
    uint64_t h = mix(key);
    size_t i = slots_probe(&map->index, h, same_key, map, &key);
    int rc;
    if (added != NULL) {
        *added = 0;
    }
    if (map->index.slot[i] != 0) {
        *out = slot_id(map->index.slot[i]);
        return LSN_OK;
    }
    if ((rc = slots_room(map->count)) != LSN_OK ||
        (rc = LSN_GROW(map->keys, map->cap, map->count + 1)) != LSN_OK) {
        return rc;
    }
    int32_t id = (int32_t)map->count;
    map->keys[id] = key;
    if ((rc = slots_add(&map->index, i, id, h)) != LSN_OK) {
        return rc;
    }
    map->count++;
    *out = id;
    if (added != NULL) {
        *added = 1;
    }
    return LSN_OK;
}

int32_t lsn_pairmap_find(const lsn_pairmap *map, uint64_t key)
{
    size_t i = slots_probe(&map->index, mix(key), same_key, map, &key);
    return slots_get(&map->index, i);
}

const uint64_t *lsn_pairmap_keys(const lsn_pairmap *map)
{
    return map->keys;
}

size_t lsn_pairmap_count(const lsn_pairmap *map)
{
    return map->count;
}
