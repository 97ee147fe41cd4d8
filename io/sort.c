/*
 * io/sort.c — sorting plain integer arrays (io/sort.h).
 */
#include "io/sort.h"

#include <stdlib.h>
#include <string.h>

/* Lists up to this long are sorted by insertion. */
enum { SHORT_LIST = 16 };

int lsn_cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

int lsn_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Both in-place sorts, one per element type. */
#define SORT_IN_PLACE(T, v, n, cmp)                                                                \
    do {                                                                                           \
        size_t i_ = 1;                                                                             \
        while (i_ < (n) && (v)[i_ - 1] <= (v)[i_]) {                                               \
            i_++;                                                                                  \
        }                                                                                          \
        if (i_ >= (n)) {                                                                           \
            return;                                                                                \
        }                                                                                          \
        if ((n) > SHORT_LIST) {                                                                    \
            qsort((v), (n), sizeof(T), (cmp));                                                     \
            return;                                                                                \
        }                                                                                          \
        for (; i_ < (n); i_++) {                                                                   \
            T x_ = (v)[i_];                                                                        \
            size_t j_ = i_;                                                                        \
            while (j_ > 0 && (v)[j_ - 1] > x_) {                                                   \
                (v)[j_] = (v)[j_ - 1];                                                             \
                j_--;                                                                              \
            }                                                                                      \
            (v)[j_] = x_;                                                                          \
        }                                                                                          \
    } while (0)

void lsn_sort_i32(int32_t *v, size_t n)
{
    SORT_IN_PLACE(int32_t, v, n, lsn_cmp_i32);
}

void lsn_sort_i64(int64_t *v, size_t n)
{
    SORT_IN_PLACE(int64_t, v, n, lsn_cmp_i64);
}

enum { RADIX_BITS = 11, RADIX_SIZE = 1 << RADIX_BITS };

void lsn_sort_u64_radix(uint64_t *v, size_t n, uint64_t *tmp)
{
    uint64_t most = 0;
    for (size_t i = 0; i < n; i++) {
        most |= v[i];
    }
    uint64_t *src = v, *dst = tmp;
    for (unsigned shift = 0; shift < 64 && (most >> shift) != 0; shift += RADIX_BITS) {
        size_t at[RADIX_SIZE] = {0};
        for (size_t i = 0; i < n; i++) {
            at[(src[i] >> shift) & (RADIX_SIZE - 1)]++;
        }
        size_t sum = 0;
        for (size_t d = 0; d < RADIX_SIZE; d++) {
            size_t c = at[d];
            at[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) { /* stable: keeps the lower digits' order */
            dst[at[(src[i] >> shift) & (RADIX_SIZE - 1)]++] = src[i];
        }
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != v) {
        memcpy(v, src, n * sizeof(*v));
    }
}
