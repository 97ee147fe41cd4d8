/*
 * io/sort.c — sorting plain integer arrays (io/sort.h).
 */
#include "io/sort.h"

#include "io/error.h"
#include "io/idmap.h"

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

/*
 * Both in-place sorts, one per element type: one pass when v is sorted
 * already, insertion when it is short, else an introsort of our own (a
 * quicksort on the median of three, heapsort past 2 log2 n levels, so
 * never quadratic) that compares the values inline: glibc's qsort() calls
 * the comparator through a pointer for every comparison and copies into a
 * buffer it allocates, several times the cost. Integers have one sorted
 * order, so the result is qsort()'s.
 */
#define DEFINE_SORT(T, NAME)                                                                       \
    static void NAME##_insertion(T *v, size_t n)                                                   \
    {                                                                                              \
        for (size_t i = 1; i < n; i++) {                                                           \
            T x = v[i];                                                                            \
            size_t j = i;                                                                          \
            while (j > 0 && v[j - 1] > x) {                                                        \
                v[j] = v[j - 1];                                                                   \
                j--;                                                                               \
            }                                                                                      \
            v[j] = x;                                                                              \
        }                                                                                          \
    }                                                                                              \
                                                                                                   \
    static void NAME##_sift(T *v, size_t i, size_t n)                                              \
    {                                                                                              \
        T x = v[i];                                                                                \
        for (;;) {                                                                                 \
            size_t c = 2 * i + 1;                                                                  \
            if (c >= n) {                                                                          \
                break;                                                                             \
            }                                                                                      \
            if (c + 1 < n && v[c + 1] > v[c]) {                                                    \
                c++;                                                                               \
            }                                                                                      \
            if (!(v[c] > x)) {                                                                     \
                break;                                                                             \
            }                                                                                      \
            v[i] = v[c];                                                                           \
            i = c;                                                                                 \
        }                                                                                          \
        v[i] = x;                                                                                  \
    }                                                                                              \
                                                                                                   \
    static void NAME##_heapsort(T *v, size_t n)                                                    \
    {                                                                                              \
        for (size_t i = n / 2; i-- > 0;) {                                                         \
            NAME##_sift(v, i, n);                                                                  \
        }                                                                                          \
        for (size_t end = n; end-- > 1;) {                                                         \
            T top = v[0];                                                                          \
            v[0] = v[end];                                                                         \
            v[end] = top;                                                                          \
            NAME##_sift(v, 0, end);                                                                \
        }                                                                                          \
    }                                                                                              \
                                                                                                   \
    /* Hoare's partition around the median of v[0], v[n/2], v[n-1]: every                          \
     * value of v[0..k) is <= every value of v[k..n), 0 < k < n. */                                \
    static size_t NAME##_partition(T *v, size_t n)                                                 \
    {                                                                                              \
        T a = v[0], b = v[n / 2], c = v[n - 1];                                                    \
        T p = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));               \
        size_t i = 0, j = n - 1;                                                                   \
        for (;;) {                                                                                 \
            while (v[i] < p) {                                                                     \
                i++;                                                                               \
            }                                                                                      \
            while (v[j] > p) {                                                                     \
                j--;                                                                               \
            }                                                                                      \
            if (i >= j) {                                                                          \
                return j + 1;                                                                      \
            }                                                                                      \
            T t = v[i];                                                                            \
            v[i++] = v[j];                                                                         \
            v[j--] = t;                                                                            \
        }                                                                                          \
    }                                                                                              \
                                                                                                   \
    static void NAME##_intro(T *v, size_t n, int depth)                                            \
    {                                                                                              \
        while (n > SHORT_LIST) {                                                                   \
            if (depth-- == 0) {                                                                    \
                NAME##_heapsort(v, n);                                                             \
                return;                                                                            \
            }                                                                                      \
            size_t k = NAME##_partition(v, n);                                                     \
            /* The smaller side by recursion, the larger in the loop. */                           \
            if (k < n - k) {                                                                       \
                NAME##_intro(v, k, depth);                                                         \
                v += k;                                                                            \
                n -= k;                                                                            \
            } else {                                                                               \
                NAME##_intro(v + k, n - k, depth);                                                 \
                n = k;                                                                             \
            }                                                                                      \
        }                                                                                          \
        NAME##_insertion(v, n);                                                                    \
    }                                                                                              \
                                                                                                   \
    void NAME(T *v, size_t n)                                                                      \
    {                                                                                              \
        size_t i = 1;                                                                              \
        while (i < n && v[i - 1] <= v[i]) {                                                        \
            i++;                                                                                   \
        }                                                                                          \
        if (i >= n) {                                                                              \
            return;                                                                                \
        }                                                                                          \
        int depth = 0;                                                                             \
        for (size_t m = n; m > 1; m >>= 1) {                                                       \
            depth += 2;                                                                            \
        }                                                                                          \
        NAME##_intro(v, n, depth);                                                                 \
    }

DEFINE_SORT(int32_t, lsn_sort_i32)
DEFINE_SORT(int64_t, lsn_sort_i64)

/* Merge the runs a[0..na) and b[0..nb), ascending by start, into out; of
 * equal starts a's first (stable). */
static void merge(lsn_interval *out, const lsn_interval *a, size_t na, const lsn_interval *b, size_t nb)
{
    size_t i = 0, j = 0, k = 0;
    while (i < na && j < nb) {
        out[k++] = b[j].start < a[i].start ? b[j++] : a[i++];
    }
    memcpy(out + k, a + i, (na - i) * sizeof(*out));
    k += na - i;
    memcpy(out + k, b + j, (nb - j) * sizeof(*out));
}

/* End of the run ascending by start that begins at v[i]. */
static size_t run_end(const lsn_interval *v, size_t i, size_t n)
{
    while (i + 1 < n && v[i].start <= v[i + 1].start) {
        i++;
    }
    return i + 1;
}

void lsn_sort_intervals_runs(lsn_interval *v, size_t n, lsn_interval *tmp)
{
    if (n < 2 || run_end(v, 0, n) == n) {
        return;
    }
    lsn_interval *src = v, *dst = tmp;
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
        lsn_interval *t = src;
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

int lsn_order_pair_keys(uint32_t *order, const uint64_t *keys, size_t n, size_t limit)
{
    size_t *start = malloc((limit + 1) * sizeof(*start));
    uint32_t *by_b = malloc((n ? n : 1) * sizeof(*by_b));
    if (start == NULL || by_b == NULL) {
        free(start);
        free(by_b);
        return lsn_oom();
    }
    for (int pass = 0; pass < 2; pass++) {
        /* Pass 0 orders all keys by b into by_b; pass 1 those by a into order. */
        memset(start, 0, (limit + 1) * sizeof(*start));
        for (size_t i = 0; i < n; i++) {
            start[(size_t)(pass == 0 ? lsn_pair_second(keys[i]) : lsn_pair_first(keys[i])) + 1]++;
        }
        for (size_t x = 0; x < limit; x++) {
            start[x + 1] += start[x];
        }
        for (size_t k = 0; k < n; k++) {
            if (pass == 0) {
                by_b[start[lsn_pair_second(keys[k])]++] = (uint32_t)k;
            } else {
                uint32_t i = by_b[k];
                order[start[lsn_pair_first(keys[i])]++] = i;
            }
        }
    }
    free(start);
    free(by_b);
    return LSN_OK;
}
