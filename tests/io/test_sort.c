/*
 * tests/io/test_sort.c — io/sort.h's three sorts (lsn_sort_intervals_runs,
 * lsn_sort_i64, lsn_sort_i32) against qsort (and the intervals' sort keeps
 * equal starts in their order): empty and single arrays,
 * sorted, reversed, equal values, a few ascending runs and random arrays of
 * many sizes (short ones go by insertion, long ones by the introsort), and
 * long arrays of the shapes that break a naive quicksort (organ pipes,
 * sawteeth, all equal, sorted but for one value, median-of-three killers)
 * up to 200,000 values.
 */
#include "io/sort.h"

#include "io/idmap.h"

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

/* Sorts copies of v by each sort and by qsort, and compares. */
static void check(const int64_t *v, size_t n)
{
    int64_t *want = malloc((n + 1) * sizeof(*want));
    lsn_interval *runs = malloc((n + 1) * sizeof(*runs));
    int64_t *inplace = malloc((n + 1) * sizeof(*inplace));
    lsn_interval *tmp = malloc((n + 1) * sizeof(*tmp));
    int32_t *small = malloc((n + 1) * sizeof(*small));
    int32_t *small_want = malloc((n + 1) * sizeof(*small_want));
    assert_non_null(want);
    assert_non_null(runs);
    assert_non_null(inplace);
    assert_non_null(tmp);
    assert_non_null(small);
    assert_non_null(small_want);
    memcpy(want, v, n * sizeof(*v));
    for (size_t i = 0; i < n; i++) {
        runs[i] = (lsn_interval){v[i], (int64_t)i}; /* end: the place it came from */
    }
    memcpy(inplace, v, n * sizeof(*v));
    qsort(want, n, sizeof(*want), cmp_i64);
    lsn_sort_intervals_runs(runs, n, tmp);
    lsn_sort_i64(inplace, n);
    for (size_t i = 0; i < n; i++) {
        assert_true(runs[i].start == want[i]);
        assert_true(i == 0 || runs[i - 1].start < runs[i].start || runs[i - 1].end < runs[i].end);
        assert_true(inplace[i] == want[i]);
        small[i] = (int32_t)(v[i] % 1000000); /* the values fit: test data */
        small_want[i] = small[i];
    }
    qsort(small_want, n, sizeof(*small_want), lsn_cmp_i32);
    lsn_sort_i32(small, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(small[i], small_want[i]);
    }
    /* lsn_cmp_i64 is qsort's order too. */
    for (size_t i = 1; i < n; i++) {
        assert_true(lsn_cmp_i64(&want[i - 1], &want[i]) <= 0);
    }
    free(want);
    free(runs);
    free(inplace);
    free(tmp);
    free(small);
    free(small_want);
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

/* The shape k of n values. */
static int64_t shape(int k, size_t i, size_t n, uint64_t *s)
{
    switch (k) {
    case 0: /* organ pipe */
        return (int64_t)(i < n / 2 ? i : n - i);
    case 1: /* sawtooth */
        return (int64_t)(i % 97);
    case 2: /* all equal */
        return 5;
    case 3: /* sorted but the last, the smallest */
        return i + 1 == n ? -1 : (int64_t)i;
    case 4: /* reversed */
        return (int64_t)(n - i);
    case 5: /* median-of-three killer: evens up, odds down */
        return i % 2 == 0 ? (int64_t)i : (int64_t)(n - i) * 2 + 1;
    default:
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        return (int64_t)(*s % 1000003) - 500000;
    }
}

static void test_long_arrays_of_hard_shapes(void **state)
{
    (void)state;
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    const size_t sizes[] = {17, 33, 100, 1000, 4097, 65536, 200000};
    for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
        size_t n = sizes[z];
        int64_t *v = malloc(n * sizeof(*v));
        assert_non_null(v);
        for (int k = 0; k < 7; k++) {
            for (size_t i = 0; i < n; i++) {
                v[i] = shape(k, i, n, &s);
            }
            check(v, n);
        }
        free(v);
    }
}

/* Pairs ordered by their first index, then their second; equal pairs keep
 * their order; an empty list is nothing to order. */
static void test_pair_keys_by_first_then_second(void **state)
{
    (void)state;
    const int32_t pairs[][2] = {{2, 1}, {0, 3}, {2, 0}, {1, 4}, {0, 3}, {0, 0}, {4, 4}};
    enum { N = sizeof(pairs) / sizeof(pairs[0]) };
    uint64_t keys[N];
    for (size_t i = 0; i < N; i++) {
        keys[i] = lsn_pair_key(pairs[i][0], pairs[i][1]);
    }
    uint32_t order[N];
    assert_int_equal(lsn_order_pair_keys(order, keys, N, 5), 0);
    /* (0,0) (0,3)#1 (0,3)#4 (1,4) (2,0) (2,1) (4,4) */
    const uint32_t want[N] = {5, 1, 4, 3, 2, 0, 6};
    assert_memory_equal(order, want, sizeof(want));
    assert_int_equal(lsn_order_pair_keys(order, keys, 0, 5), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_and_ordered_arrays),
        cmocka_unit_test(test_runs_of_series),
        cmocka_unit_test(test_random_arrays),
        cmocka_unit_test(test_long_arrays_of_hard_shapes),
        cmocka_unit_test(test_pair_keys_by_first_then_second),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
