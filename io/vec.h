/*
 * io/vec.h — growing an array: the one place that doubles a capacity and
 * checks the multiplication. Every layer may use it (it needs only libc).
 * It keeps no state: the caller holds the pointer, the count and the
 * capacity, as before.
 */
#ifndef LSN_IO_VEC_H
#define LSN_IO_VEC_H

#include "io/error.h"

#include <stddef.h>

/**
 * The capacity an array of cap elements of elem bytes grows to so that it
 * holds need: cap (16 when it is 0) doubled until it is at least need.
 *
 * @return the new capacity (cap itself when it holds need already), or 0
 *         when need * elem bytes cannot be counted in a size_t.
 */
size_t lsn_grow_cap(size_t cap, size_t need, size_t elem);

/**
 * Reallocate *p to n elements of elem bytes (n may be 0: one element's
 * room is kept, so that *p stays a pointer to free).
 *
 * @return LSN_OK, or LSN_ENOMEM with "out of memory" (lsn_oom()); *p is
 *         then unchanged and still owned by the caller.
 */
int lsn_resize(void **p, size_t n, size_t elem);

/**
 * Ask that the pages of p[0..bytes) be huge pages when bytes is large (4 MiB
 * or more) and the system allows it: fewer page faults when they are first
 * written. Advice only; nothing changes for the caller. lsn_resize() does it
 * for every array it grows.
 */
void lsn_advise_huge(void *p, size_t bytes);

/** lsn_grow() once it is known that need > *cap: the call that reallocates. */
int lsn_grow_more(void **p, size_t *cap, size_t need, size_t elem);

/**
 * Make *p, an array of *cap elements of elem bytes, hold at least need
 * elements: lsn_grow_cap() then lsn_resize(). Amortised O(1) per element
 * when need grows by one at a time; inline, so that the common case (room
 * left) costs one comparison in the loaders' loops.
 *
 * @return LSN_OK (*p and *cap updated when it grew), or LSN_ENOMEM with
 *         "out of memory"; then *p and *cap are unchanged.
 */
static inline int lsn_grow(void **arr, size_t *cap, size_t want, size_t elem_size)
{
    return want <= *cap ? LSN_OK : lsn_grow_more(arr, cap, want, elem_size);
}

/** lsn_grow() for an array variable: LSN_GROW(items, cap, n + 1). */
#define LSN_GROW(arr, cap, need) lsn_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/** lsn_resize() for an array variable: LSN_RESIZE(names, cap). */
#define LSN_RESIZE(arr, n) lsn_resize((void **)&(arr), (n), sizeof(*(arr)))

/*
 * Define `const T *fn(const H *h, size_t *count)`, the accessor of an array
 * that an opaque handle owns: it writes the length h->nfield to *count and
 * lends out h->field. The function's comment stays in the header that
 * declares it.
 */
#define LSN_ARRAY_ACCESSOR(T, fn, H, field, nfield)                                                \
    const T *fn(const H *h, size_t *count)                                                         \
    {                                                                                              \
        *count = h->nfield;                                                                        \
        return h->field;                                                                           \
    }

#endif
