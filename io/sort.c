/*
 * io/sort.c — a natural merge sort of int64 arrays (io/sort.h).
 */
#include "io/sort.h"

#include <string.h>

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

void lsn_sort_i64(int64_t *v, size_t n, int64_t *tmp)
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
