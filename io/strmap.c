/*
 * io/strmap.c — open-addressing hash table from strings to dense ids.
 * Strings live in large chunks so that a million interned addresses cost a
 * few allocations; ids index an array of pointers into those chunks.
 */
#include "io/strmap.h"

#include "io/error.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64 * 1024)

struct chunk {
    struct chunk *next;
    size_t used, size;
    char data[];
};

struct lsn_strmap {
    int32_t *slots; /* id + 1, 0 = empty */
    size_t nslots;  /* power of two */
    char **strings; /* by id */
    uint32_t *lengths;
    uint64_t *hashes;
    size_t count, cap;
    struct chunk *chunks;
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

int lsn_strmap_new(lsn_strmap **out)
{
    lsn_strmap *m = calloc(1, sizeof(*m));
    if (m == NULL) {
        *out = NULL;
        return lsn_oom();
    }
    m->nslots = 64;
    m->slots = calloc(m->nslots, sizeof(*m->slots));
    if (m->slots == NULL) {
        free(m);
        *out = NULL;
        return lsn_oom();
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
    free(map->slots);
    free(map->strings);
    free(map->lengths);
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

static size_t probe(const lsn_strmap *m, const char *s, size_t len, uint64_t h)
{
    size_t mask = m->nslots - 1;
    size_t i = (size_t)h & mask;
    for (;;) {
        int32_t v = m->slots[i];
        if (v == 0) {
            return i;
        }
        size_t id = (size_t)v - 1;
        if (m->hashes[id] == h && m->lengths[id] == len && memcmp(m->strings[id], s, len) == 0) {
            return i;
        }
        i = (i + 1) & mask;
    }
}

static int grow(lsn_strmap *m)
{
    size_t n = m->nslots * 2;
    int32_t *slots = calloc(n, sizeof(*slots));
    if (slots == NULL) {
        return LSN_ENOMEM;
    }
    for (size_t id = 0; id < m->count; id++) {
        size_t i = (size_t)m->hashes[id] & (n - 1);
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

int lsn_strmap_intern(int32_t *out, lsn_strmap *map, const char *s, size_t len)
{
    return lsn_strmap_intern_hashed(out, map, s, len, lsn_hash_bytes(s, len, 0));
}

int lsn_strmap_intern_hashed(int32_t *out, lsn_strmap *map, const char *s, size_t len, uint64_t h)
{
    size_t i = probe(map, s, len, h);
    if (map->slots[i] != 0) {
        *out = map->slots[i] - 1;
        return LSN_OK;
    }
    if (map->count == map->cap) {
        size_t cap = map->cap ? map->cap * 2 : 64;
        char **strings = realloc(map->strings, cap * sizeof(*strings));
        if (strings == NULL) {
            return lsn_oom();
        }
        map->strings = strings;
        uint32_t *lengths = realloc(map->lengths, cap * sizeof(*lengths));
        if (lengths == NULL) {
            return lsn_oom();
        }
        map->lengths = lengths;
        uint64_t *hashes = realloc(map->hashes, cap * sizeof(*hashes));
        if (hashes == NULL) {
            return lsn_oom();
        }
        map->hashes = hashes;
        map->cap = cap;
    }
    char *copy = pool_copy(map, s, len);
    if (copy == NULL) {
        return lsn_oom();
    }
    int32_t id = (int32_t)map->count++;
    map->strings[id] = copy;
    map->lengths[id] = (uint32_t)len;
    map->hashes[id] = h;
    map->slots[i] = id + 1;
    if (map->count * 2 > map->nslots && grow(map) != LSN_OK) {
        return lsn_oom();
    }
    *out = id;
    return LSN_OK;
}

int32_t lsn_strmap_findn(const lsn_strmap *map, const char *s, size_t len)
{
    uint64_t h = lsn_hash_bytes(s, len, 0);
    size_t i = probe(map, s, len, h);
    return map->slots[i] - 1;
}

int32_t lsn_strmap_find(const lsn_strmap *map, const char *s)
{
    return lsn_strmap_findn(map, s, strlen(s));
}

const char *lsn_strmap_get(const lsn_strmap *map, int32_t id)
{
    return map->strings[id];
}

size_t lsn_strmap_len(const lsn_strmap *map, int32_t id)
{
    return map->lengths[id];
}

uint64_t lsn_strmap_hash(const lsn_strmap *map, int32_t id)
{
    return map->hashes[id];
}

size_t lsn_strmap_count(const lsn_strmap *map)
{
    return map->count;
}
