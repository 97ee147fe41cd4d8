/*
 * tests/io/test_sort.c — lsn_sort_i64 against qsort: empty and single
 * arrays, sorted, reversed, equal values, a few ascending runs (the shape
 * it is made for) and random arrays of many sizes.
 */
#include "io/sort.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Sorts a copy both ways and compares. */
static void check(const int64_t *v, size_t n)
{
    int64_t *mine = malloc((n + 1) * sizeof(*mine));
    int64_t *want = malloc((n + 1) * sizeof(*want));
    int64_t *tmp = malloc((n + 1) * sizeof(*tmp));
    assert_non_null(mine);
    assert_non_null(want);
    assert_non_null(tmp);
    memcpy(mine, v, n * sizeof(*v));
    memcpy(want, v, n * sizeof(*v));
    qsort(want, n, sizeof(*want), cmp_i64);
    lsn_sort_i64(mine, n, tmp);
    assert_memory_equal(mine, want, n * sizeof(*v) + (n == 0));
    free(mine);
    free(want);
    free(tmp);
}

static void test_small_and_ordered_arrays(void **state)
{
    (void)state;
    int64_t none[1] = {0};
    check(none, 0);
    int64_t one[] = {7};
    check(one, 1);
    int64_t sorted[] = {1, 2, 2, 3, 10};
    check(sorted, 5);
    int64_t reversed[] = {9, 8, 7, 5, 3, 1, -4};
    check(reversed, 7);
    int64_t equal[] = {4, 4, 4, 4};
    check(equal, 4);
    int64_t two[] = {2, 1};
    check(two, 2);
}

/* A person's starts: three weekly series interleaved as instances of each
 * series come in turn (three runs), plus an override out of place. */
static void test_runs_of_series(void **state)
{
    (void)state;
    int64_t v[40];
    size_t n = 0;
    for (int s = 0; s < 3; s++) {
        for (int w = 0; w < 13; w++) {
            v[n++] = (int64_t)w * 604800 + s * 3600 + 1767225600;
        }
    }
    v[n++] = 1767225600 - 60; /* moved before everything */
    check(v, n);
}

static void test_random_arrays(void **state)
{
    (void)state;
    uint64_t s = 88172645463325252ULL;
    for (size_t n = 2; n < 600; n += 37) {
        int64_t *v = malloc(n * sizeof(*v));
        assert_non_null(v);
        for (size_t i = 0; i < n; i++) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            v[i] = (int64_t)(s % 50) - 25; /* many equal values */
        }
        check(v, n);
        free(v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_and_ordered_arrays),
        cmocka_unit_test(test_runs_of_series),
        cmocka_unit_test(test_random_arrays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
