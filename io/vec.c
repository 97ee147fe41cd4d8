/*
 * io/vec.c — the array growth of io/vec.h. It knows nothing of what the
 * elements are.
 */
/* madvise()'s MADV_HUGEPAGE (glibc gives it with _DEFAULT_SOURCE). */
#define _DEFAULT_SOURCE

#include "io/vec.h"

#include "io/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/* Arrays at least this large are backed by huge pages where the system
 * allows it (transparent huge pages in "madvise" mode): a fresh 4 KiB page
 * costs a fault each, a huge page one fault for 512 of them. */
#define HUGE_BYTES ((size_t)4 << 20)
#define PAGE_BYTES ((uintptr_t)4096)

void lsn_advise_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    if (p == NULL || bytes < HUGE_BYTES) {
        return;
    }
    uintptr_t a = ((uintptr_t)p + PAGE_BYTES - 1) & ~(PAGE_BYTES - 1);
    uintptr_t e = ((uintptr_t)p + bytes) & ~(PAGE_BYTES - 1);
    if (e > a) {
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE); /* only advice: a refusal changes nothing */
    }
#else
    (void)p;
    (void)bytes;
#endif
}

size_t lsn_grow_cap(size_t cap, size_t need, size_t elem)
{
    if (elem == 0 || need > SIZE_MAX / elem) {
        return 0;
    }
    if (need <= cap) {
        return cap;
    }
    size_t n = cap ? cap : 16;
    while (n < need) {
        n = n > SIZE_MAX / elem / 2 ? need : n * 2;
    }
    return n;
}

int lsn_resize(void **p, size_t n, size_t elem)
{
    if (elem != 0 && n > SIZE_MAX / elem) {
        return lsn_oom();
    }
    void *q = realloc(*p, (n ? n : 1) * elem);
    if (q == NULL) {
        return lsn_oom();
    }
    *p = q;
    lsn_advise_huge(q, (n ? n : 1) * elem);
    return LSN_OK;
}

int lsn_grow_more(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) {
        return LSN_OK;
    }
    size_t n = lsn_grow_cap(*cap, need, elem);
    if (n == 0) {
        return lsn_oom();
    }
    int rc = lsn_resize(p, n, elem);
    if (rc == LSN_OK) {
        *cap = n;
    }
    return rc;
}
