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

/* Merge the ascending runs a[0..na) and b[0..nb) into out. */
static void merge(int64_t *out, const int64_t *a, size_t na, const int64_t *b, size_t nb)
{
    size_t i = 0, j = 0, k = 0;
    while (i < na && j < nb) {
        out[k++] = b[j] < a[i] ? b[j++] : a[i++];
    }
    memcpy(out + k, a + i, (na - i) * sizeof(*out));
    k += na - i;
    memcpy(out + k, b + j, (nb - j) * sizeof(*out));
}

/* End of the ascending run that starts at v[i]. */
static size_t run_end(const int64_t *v, size_t i, size_t n)
{
    while (i + 1 < n && v[i] <= v[i + 1]) {
        i++;
    }
    return i + 1;
}

void lsn_sort_i64_runs(int64_t *v, size_t n, int64_t *tmp)
{
    if (n < 2 || run_end(v, 0, n) == n) {
        return;
    }
    int64_t *src = v, *dst = tmp;
    for (;;) {
        /* One pass: merge each two neighbouring runs of src into dst. */
        size_t runs = 0;
        for (size_t i = 0; i < n;) {
            size_t mid = run_end(src, i, n);
            size_t end = mid < n ? run_end(src, mid, n) : n;
            merge(dst + i, src + i, mid - i, src + mid, end - mid);
            runs++;
            i = end;
        }
        int64_t *t = src;
        src = dst;
        dst = t;
        if (runs == 1) {
            break;
        }
    }
    if (src != v) {
        memcpy(v, src, n * sizeof(*v));
    }
}
