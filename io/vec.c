/*
 * io/vec.c — the array growth of io/vec.h. It knows nothing of what the
 * elements are.
 */
#include "io/vec.h"

#include "io/error.h"

#include <stdint.h>
#include <stdlib.h>

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
