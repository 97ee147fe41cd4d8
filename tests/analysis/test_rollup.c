/*
 * tests/analysis/test_rollup.c — analysis/rollup: the grouping of a view of
 * the hierarchy (overview levels, the outside of a drill-down) and the sums
 * per pair of groups, on a hierarchy small enough to read the answers off.
 */
/* cmocka needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "analysis/rollup.h"
#include "io/error.h"

#include <stdlib.h>

/*
 * 0 root
 *   1 a          2 b
 *     3 a1         5 b1
 *       6 t1 7 t2    8 t3
 *     4 t4 (a team directly under a)
 */
static const int32_t parent[] = {-1, 0, 0, 1, 1, 2, 3, 3, 5};
#define N 9

static void test_rollup_overview_groups_two_levels_down(void **state)
{
    (void)state;
    int32_t g[N];
    lsn_rollup_groups(g, parent, N, 0, 2);
    /* root itself: -1; a, b, a1, t4, b1 stay; t1, t2 -> a1; t3 -> b1. */
    const int32_t want[N] = {-1, 1, 2, 3, 4, 5, 3, 3, 5};
    assert_memory_equal(g, want, sizeof(want));
    /* scope -1: the roots are the first level, so two levels is root, a, b. */
    lsn_rollup_groups(g, parent, N, -1, 2);
    const int32_t all[N] = {0, 1, 2, 1, 1, 2, 1, 1, 2};
    assert_memory_equal(g, all, sizeof(all));
}

static void test_rollup_drill_down_outside_is_largest_unit_not_containing_scope(void **state)
{
    (void)state;
    int32_t g[N];
    lsn_rollup_groups(g, parent, N, 3, 0); /* into a1 */
    /* inside: t1, t2 as themselves; a1, a, root: -1; t4 (under a, beside
     * a1) stays t4; b's whole subtree is b. */
    const int32_t want[N] = {-1, -1, 2, -1, 4, 2, 6, 7, 2};
    assert_memory_equal(g, want, sizeof(want));
}

static void test_rollup_pairs_sum_hours_and_count_kinds(void **state)
{
    (void)state;
    int32_t g[N];
    lsn_rollup_groups(g, parent, N, 0, 2);
    const lsn_rollup_item items[] = {
        {6, 8, 0, 1.5}, /* a1 - b1 */
        {8, 7, 0, 1.0}, /* b1 - a1, reversed: the same pair */
        {6, 7, 0, 3.0}, /* inside a1: dropped */
        {7, 8, 1, 0},   /* a liaison on a1 - b1 */
        {4, 8, 2, 0},   /* t4 - b1 */
        {0, 8, 0, 9.0}, /* the root has no group: dropped */
    };
    lsn_rollup_pair *p = NULL;
    size_t n = 0;
    assert_int_equal(lsn_rollup_pairs(&p, &n, items, 6, g, 0), LSN_OK);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].a, 3);
    assert_int_equal(p[0].b, 5);
    assert_true(p[0].hours == 2.5);
    assert_int_equal(p[0].count[0], 2);
    assert_int_equal(p[0].count[1], 1);
    assert_int_equal(p[1].a, 4);
    assert_int_equal(p[1].b, 5);
    assert_int_equal(p[1].count[2], 1);
    free(p);

    /* Directed: b1 -> a1 is its own pair. */
    assert_int_equal(lsn_rollup_pairs(&p, &n, items, 2, g, 1), LSN_OK);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].a, 3);
    assert_int_equal(p[1].a, 5);
    free(p);

    const lsn_rollup_item bad = {6, 8, LSN_ROLLUP_KINDS, 0};
    assert_int_equal(lsn_rollup_pairs(&p, &n, &bad, 1, g, 0), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "rollup: item 0: kind 8 out of range");
    assert_null(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rollup_overview_groups_two_levels_down),
        cmocka_unit_test(test_rollup_drill_down_outside_is_largest_unit_not_containing_scope),
        cmocka_unit_test(test_rollup_pairs_sum_hours_and_count_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
