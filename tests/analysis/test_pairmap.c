/*
 * tests/analysis/test_pairmap.c — the 64-bit key to dense id table.
 */
#include "analysis/pairmap.h"
#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Ids are dense in insertion order, survive growth, and re-interning finds them. */
static void test_pairmap_ids_are_dense_and_stable_across_growth(void **state)
{
    (void)state;
    lsn_pairmap *m = NULL;
    assert_int_equal(lsn_pairmap_new(&m, 0), LSN_OK);
    const int32_t n = 100000;
    for (int32_t i = 0; i < n; i++) {
        int32_t id = -1;
        int added = 0;
        assert_int_equal(lsn_pairmap_intern(&id, &added, m, lsn_pair_key(i % 317, i)), LSN_OK);
        assert_int_equal(id, i);
        assert_int_equal(added, 1);
    }
    assert_int_equal(lsn_pairmap_count(m), (size_t)n);
    for (int32_t i = 0; i < n; i += 7) {
        int32_t id = -1;
        int added = 1;
        assert_int_equal(lsn_pairmap_intern(&id, &added, m, lsn_pair_key(i % 317, i)), LSN_OK);
        assert_int_equal(id, i);
        assert_int_equal(added, 0);
        assert_int_equal(lsn_pairmap_find(m, lsn_pair_key(i % 317, i)), i);
    }
    assert_int_equal(lsn_pairmap_find(m, lsn_pair_key(5, 5000000)), -1);
    const uint64_t *keys = lsn_pairmap_keys(m);
    assert_int_equal(lsn_pair_first(keys[1000]), 1000 % 317);
    assert_int_equal(lsn_pair_second(keys[1000]), 1000);
    lsn_pairmap_free(m);
    lsn_pairmap_free(NULL);
}

/* Keys sort by (first, second) as unsigned 64-bit numbers. */
static void test_pair_key_orders_by_first_then_second(void **state)
{
    (void)state;
    assert_true(lsn_pair_key(1, 2) < lsn_pair_key(1, 3));
    assert_true(lsn_pair_key(1, INT32_MAX) < lsn_pair_key(2, 0));
    assert_int_equal(lsn_pair_first(lsn_pair_key(INT32_MAX, 7)), INT32_MAX);
    assert_int_equal(lsn_pair_second(lsn_pair_key(3, INT32_MAX)), INT32_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairmap_ids_are_dense_and_stable_across_growth),
        cmocka_unit_test(test_pair_key_orders_by_first_then_second),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
