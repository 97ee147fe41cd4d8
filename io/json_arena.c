/*
 * io/json_arena.c — jansson's allocator (io/json_arena.h): one reserved
 * address range cut into regions, a region per open scope, bump allocation
 * in it, and malloc() outside scopes. free() tells a region's value from a
 * malloc()ed one by its address alone, so it needs no header and no lock.
 */
/* mmap()'s MAP_ANONYMOUS and MAP_NORESERVE (glibc gives them with _DEFAULT_SOURCE). */
#define _DEFAULT_SOURCE
#include "io/json_arena.h"

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#define LSN_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LSN_ARENA_ASAN 1
#endif
#endif
#if defined(LSN_ARENA_ASAN)
#include <sanitizer/asan_interface.h>
/* A reset region is poisoned: a value that outlived its scope without a
 * reference (a borrowed pointer) is then reported where it is read. */
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* 16 regions of 1 GiB: address space only, made writable as it is used.
 * A scope that outgrows its region, or finds none free, gets malloc(). */
#define NSLOTS 16
#define SLOT_SIZE ((size_t)1 << 30)
#define COMMIT_STEP ((size_t)2 << 20)

struct slot {
    char *base;
    size_t used;      /* bytes handed out (by the owning thread only) */
    size_t committed; /* bytes made writable */
    atomic_long live; /* values made and not yet freed */
};

static char *reserve_base;
static struct slot slots[NSLOTS];
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int pool[NSLOTS]; /* free regions, the last freed on top */
static int npool;
static atomic_size_t escapes;
static _Thread_local struct slot *current;

static bool commit(struct slot *s, size_t need)
{
    size_t want = (need + COMMIT_STEP - 1) / COMMIT_STEP * COMMIT_STEP;
    if (want > SLOT_SIZE) {
        return false;
    }
    if (mprotect(s->base + s->committed, want - s->committed, PROT_READ | PROT_WRITE) != 0) {
        return false;
    }
    s->committed = want;
    return true;
}

static void *arena_malloc(size_t n)
{
    struct slot *s = current;
    if (s != NULL) {
        size_t need = n < 8 ? 8 : (n + 7) & ~(size_t)7; /* jansson's values need 8 */
        size_t at = s->used;
        if (need >= n && need <= SLOT_SIZE - at &&
            (at + need <= s->committed || commit(s, at + need))) {
            s->used = at + need;
            atomic_fetch_add_explicit(&s->live, 1, memory_order_relaxed);
            UNPOISON(s->base + at, need);
            return s->base + at;
        }
    }
    return malloc(n);
}

static void arena_free(void *p)
{
    uintptr_t off = (uintptr_t)p - (uintptr_t)reserve_base;
    if (reserve_base != NULL && off < (uintptr_t)NSLOTS * SLOT_SIZE) {
        atomic_fetch_sub_explicit(&slots[off / SLOT_SIZE].live, 1, memory_order_release);
        return;
    }
    free(p);
}

bool lsn_json_arena_install(void)
{
    if (reserve_base != NULL) {
        return true;
    }
    void *r = mmap(NULL, NSLOTS * SLOT_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (r == MAP_FAILED) {
        return false;
    }
#if defined(MADV_HUGEPAGE)
    /* no huge pages: a region is a few MiB */
#endif
    reserve_base = r;
    for (int i = 0; i < NSLOTS; i++) {
        slots[i].base = reserve_base + (size_t)i * SLOT_SIZE;
        pool[i] = NSLOTS - 1 - i;
    }
    npool = NSLOTS;
    json_set_alloc_funcs(arena_malloc, arena_free);
    return true;
}

void lsn_json_arena_begin(lsn_json_scope *s)
{
    s->slot = -1;
    if (reserve_base == NULL || current != NULL) {
        return;
    }
    pthread_mutex_lock(&pool_lock);
    if (npool > 0) {
        s->slot = pool[--npool];
    }
    pthread_mutex_unlock(&pool_lock);
    if (s->slot >= 0) {
        current = &slots[s->slot];
    }
}

/* Start region sl again when nothing made in it is alive. */
static bool reset(struct slot *sl)
{
    if (atomic_load_explicit(&sl->live, memory_order_acquire) != 0) {
        return false;
    }
    POISON(sl->base, sl->used);
    sl->used = 0;
    return true;
}

void lsn_json_arena_end(lsn_json_scope *s)
{
    if (s->slot < 0) {
        return;
    }
    struct slot *sl = &slots[s->slot];
    current = NULL;
    if (!reset(sl)) {
        /* Alive past its scope: the region stays as it is, never reused. */
        atomic_fetch_add_explicit(&escapes, 1, memory_order_relaxed);
        s->slot = -1;
        return;
    }
    pthread_mutex_lock(&pool_lock);
    pool[npool++] = s->slot;
    pthread_mutex_unlock(&pool_lock);
    s->slot = -1;
}

void lsn_json_arena_recycle(lsn_json_scope *s)
{
    if (s->slot >= 0 && current == &slots[s->slot]) {
        reset(current);
    }
}

int lsn_json_arena_pause(void)
{
    int paused = current != NULL ? (int)(current - slots) : -1;
    current = NULL;
    return paused;
}

void lsn_json_arena_resume(int paused)
{
    current = paused >= 0 && paused < NSLOTS ? &slots[paused] : NULL;
}

size_t lsn_json_arena_escapes(void)
{
    return atomic_load_explicit(&escapes, memory_order_relaxed);
}
