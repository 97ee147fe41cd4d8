/*
 * tests/io/test_idmap.c — the tables from keys to dense ids (io/idmap.c),
 * strings and 64-bit keys over one core: dense ids in insertion order,
 * lookups of present and absent keys, growth past thousands of entries,
 * keys whose hashes collide, and string input that is not NUL-terminated.
 */
#include "io/idmap.h"

#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

static void test_strmap_interns_each_string_once_with_dense_ids(void **state)
{
    (void)state;
    lsn_strmap *map = NULL;
    assert_int_equal(lsn_strmap_new(&map), LSN_OK);
    int32_t a, b, again;
    assert_int_equal(lsn_strmap_intern(&a, map, "alpha", 5), LSN_OK);
    assert_int_equal(lsn_strmap_intern(&b, map, "beta", 4), LSN_OK);
    assert_int_equal(lsn_strmap_intern(&again, map, "alpha", 5), LSN_OK);
    assert_int_equal(a, 0);
    assert_int_equal(b, 1);
    assert_int_equal(again, 0);
    assert_int_equal(lsn_strmap_count(map), 2);
    assert_string_equal(lsn_strmap_get(map, a), "alpha");
    assert_string_equal(lsn_strmap_get(map, b), "beta");
    lsn_strmap_free(map);
}

static void test_strmap_find_tells_absent_strings_and_prefixes_apart(void **state)
{
    (void)state;
    lsn_strmap *map = NULL;
    assert_int_equal(lsn_strmap_new(&map), LSN_OK);
    int32_t id;
    assert_int_equal(lsn_strmap_find(map, "x"), -1);
    assert_int_equal(lsn_strmap_intern(&id, map, "team", 4), LSN_OK);
    assert_int_equal(lsn_strmap_intern(&id, map, "", 0), LSN_OK);
    assert_int_equal(id, 1);
    assert_int_equal(lsn_strmap_find(map, "team"), 0);
    assert_int_equal(lsn_strmap_find(map, ""), 1);
    assert_int_equal(lsn_strmap_find(map, "tea"), -1);
    assert_int_equal(lsn_strmap_find(map, "teams"), -1);
    assert_int_equal(lsn_strmap_find(map, "TEAM"), -1);
    lsn_strmap_free(map);
}

static void test_strmap_takes_input_that_is_not_nul_terminated(void **state)
{
    (void)state;
    lsn_strmap *map = NULL;
    assert_int_equal(lsn_strmap_new(&map), LSN_OK);
    const char line[] = "ann@example.com;bob@example.com";
    int32_t ann, bob;
    assert_int_equal(lsn_strmap_intern(&ann, map, line, 15), LSN_OK);
    assert_int_equal(lsn_strmap_intern(&bob, map, line + 16, 15), LSN_OK);
    assert_string_equal(lsn_strmap_get(map, ann), "ann@example.com");
    assert_string_equal(lsn_strmap_get(map, bob), "bob@example.com");
    assert_int_equal(lsn_strmap_findn(map, line, 15), ann);
    assert_int_equal(lsn_strmap_findn(map, line + 16, 15), bob);
    assert_int_equal(lsn_strmap_findn(map, line, 3), -1);
    assert_int_equal(lsn_strmap_find(map, "bob@example.com"), bob);
    lsn_strmap_free(map);
}

static void test_strmap_grows_past_thousands_of_strings(void **state)
{
    (void)state;
    enum { N = 50000 };
    lsn_strmap *map = NULL;
    assert_int_equal(lsn_strmap_new(&map), LSN_OK);
    char buf[64];
    const char *first = NULL;
    for (int i = 0; i < N; i++) {
        int len = snprintf(buf, sizeof(buf), "person%d@example.com", i);
        int32_t id;
        assert_int_equal(lsn_strmap_intern(&id, map, buf, (size_t)len), LSN_OK);
        assert_int_equal(id, i);
        if (i == 0) {
            first = lsn_strmap_get(map, 0);
        }
    }
    assert_int_equal(lsn_strmap_count(map), N);
    /* Strings never move: a pointer taken early is still valid. */
    assert_ptr_equal(lsn_strmap_get(map, 0), first);
    for (int i = 0; i < N; i++) {
        snprintf(buf, sizeof(buf), "person%d@example.com", i);
        assert_int_equal(lsn_strmap_find(map, buf), i);
        assert_string_equal(lsn_strmap_get(map, i), buf);
        int32_t id;
        assert_int_equal(lsn_strmap_intern(&id, map, buf, strlen(buf)), LSN_OK);
        assert_int_equal(id, i);
    }
    assert_int_equal(lsn_strmap_count(map), N);
    assert_int_equal(lsn_strmap_find(map, "person50000@example.com"), -1);
    lsn_strmap_free(map);
}

static void test_strmap_keeps_a_string_longer_than_a_chunk(void **state)
{
    (void)state;
    enum { LEN = 200000 };
    static char big[LEN];
    memset(big, 'x', sizeof(big));
    lsn_strmap *map = NULL;
    assert_int_equal(lsn_strmap_new(&map), LSN_OK);
    int32_t small, large;
    assert_int_equal(lsn_strmap_intern(&small, map, "s", 1), LSN_OK);
    assert_int_equal(lsn_strmap_intern(&large, map, big, LEN), LSN_OK);
    assert_int_equal(strlen(lsn_strmap_get(map, large)), LEN);
    assert_int_equal(lsn_strmap_findn(map, big, LEN), large);
    assert_string_equal(lsn_strmap_get(map, small), "s");
    lsn_strmap_free(map);
}

static void test_strmap_free_accepts_null(void **state)
{
    (void)state;
    lsn_strmap_free(NULL);
}

/* A cleared table is empty (its old strings are absent, ids restart at 0)
 * whether it had grown past the room it keeps (20,000 strings, a long one
 * in a chunk of its own) or not. */
static void test_strmap_clear_starts_over(void **state)
{
    (void)state;
    lsn_strmap *map = NULL;
    assert_int_equal(lsn_strmap_new(&map), LSN_OK);
    char buf[32], longer[100000];
    memset(longer, 'x', sizeof(longer));
    for (int round = 0; round < 2; round++) {
        int32_t id;
        for (int i = 0; i < 20000; i++) {
            snprintf(buf, sizeof(buf), "s%d-%d", round, i);
            assert_int_equal(lsn_strmap_intern(&id, map, buf, strlen(buf)), LSN_OK);
            assert_int_equal(id, i);
        }
        assert_int_equal(lsn_strmap_intern(&id, map, longer, sizeof(longer)), LSN_OK);
        assert_int_equal(id, 20000);
        lsn_strmap_clear(map);
        assert_int_equal(lsn_strmap_count(map), 0);
        assert_int_equal(lsn_strmap_find(map, "s0-0"), -1);
        assert_int_equal(lsn_strmap_intern(&id, map, "after", 5), LSN_OK);
        assert_int_equal(id, 0);
        assert_string_equal(lsn_strmap_get(map, 0), "after");
        lsn_strmap_clear(map);
        assert_int_equal(lsn_strmap_findn(map, "after", 5), -1);
    }
    lsn_strmap_free(map);
}

/* A table that grew for one large file and is cleared for each of many
 * small ones (as a reading thread's is) is emptied slot by slot: after each
 * clear, none of the strings before is found, each of the new ones is found
 * with its id, whatever the mix of sizes (some clears zero the whole table,
 * most only the slots in use; a key left behind would be found again, or
 * make a probe end early and give a string two ids). */
static void test_strmap_clear_of_a_few_in_a_large_table(void **state)
{
    (void)state;
    lsn_strmap *map = NULL;
    assert_int_equal(lsn_strmap_new(&map), LSN_OK);
    char buf[32];
    int32_t id;
    for (int i = 0; i < 1900; i++) { /* the table grows to 4,096 slots */
        snprintf(buf, sizeof(buf), "big-%d", i);
        assert_int_equal(lsn_strmap_intern(&id, map, buf, strlen(buf)), LSN_OK);
    }
    unsigned seed = 7;
    int before = 0;
    for (int round = 0; round < 300; round++) {
        lsn_strmap_clear(map);
        int n = round % 10 == 0 ? 600 : 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 200;
        for (int i = 0; i < before; i++) { /* the last round's strings are gone */
            snprintf(buf, sizeof(buf), "r%d-%d", round - 1, i);
            assert_int_equal(lsn_strmap_findn(map, buf, strlen(buf)), -1);
        }
        for (int i = 0; i < n; i++) {
            snprintf(buf, sizeof(buf), "r%d-%d", round, i);
            assert_int_equal(lsn_strmap_intern(&id, map, buf, strlen(buf)), LSN_OK);
            assert_int_equal(id, i);
        }
        for (int i = 0; i < n; i++) {
            snprintf(buf, sizeof(buf), "r%d-%d", round, i);
            assert_int_equal(lsn_strmap_findn(map, buf, strlen(buf)), i);
            assert_int_equal(lsn_strmap_intern(&id, map, buf, strlen(buf)), LSN_OK);
            assert_int_equal(id, i); /* found, not added again */
        }
        assert_int_equal(lsn_strmap_count(map), n);
        before = n;
    }
    lsn_strmap_free(map);
}

/* Interning a whole table into another gives each string the id one-by-one
 * interning gives: strings already there keep theirs, new ones follow in
 * the source's order (enough of them for the table to grow on the way). */
static void test_strmap_intern_all_gives_the_ids_of_one_by_one(void **state)
{
    (void)state;
    lsn_strmap *src = NULL, *dst = NULL, *ref = NULL;
    assert_int_equal(lsn_strmap_new(&src), LSN_OK);
    assert_int_equal(lsn_strmap_new(&dst), LSN_OK);
    assert_int_equal(lsn_strmap_new(&ref), LSN_OK);
    char buf[32];
    int32_t id, got[3000];
    for (int i = 0; i < 1000; i += 2) { /* dst and ref hold the even ones first */
        snprintf(buf, sizeof(buf), "k%d", i);
        assert_int_equal(lsn_strmap_intern(&id, dst, buf, strlen(buf)), LSN_OK);
        assert_int_equal(lsn_strmap_intern(&id, ref, buf, strlen(buf)), LSN_OK);
    }
    for (int i = 2999; i >= 0; i--) {
        snprintf(buf, sizeof(buf), "k%d", i);
        assert_int_equal(lsn_strmap_intern(&id, src, buf, strlen(buf)), LSN_OK);
    }
    assert_int_equal(lsn_strmap_intern_all(got, dst, src), LSN_OK);
    for (int32_t i = 0; i < 3000; i++) {
        assert_int_equal(lsn_strmap_intern(&id, ref, lsn_strmap_get(src, i), lsn_strmap_len(src, i)),
                         LSN_OK);
        assert_int_equal(got[i], id);
    }
    assert_int_equal(lsn_strmap_count(dst), 3000);
    assert_int_equal(lsn_strmap_find(dst, "k0"), 0);
    assert_int_equal(lsn_strmap_find(dst, "k2999"), 500);
    lsn_strmap_free(src);
    lsn_strmap_free(dst);
    lsn_strmap_free(ref);
}

static void test_hash_depends_on_every_byte_and_the_seed(void **state)
{
    (void)state;
    uint64_t h = lsn_hash_bytes("abc", 3, 0);
    assert_int_equal(h, lsn_hash_bytes("abc", 3, 0));
    assert_int_not_equal(h, lsn_hash_bytes("abd", 3, 0));
    assert_int_not_equal(h, lsn_hash_bytes("abc", 3, 1));
    assert_int_not_equal(h, lsn_hash_bytes("ab", 2, 0));
}

/* Two strings with one hash (given by the caller) still get two ids: the
 * probe compares the bytes, not only the hash. */
static void test_strmap_tells_apart_strings_whose_hashes_collide(void **state)
{
    (void)state;
    lsn_strmap *map = NULL;
    assert_int_equal(lsn_strmap_new(&map), LSN_OK);
    int32_t ids[200];
    char buf[16];
    for (int i = 0; i < 200; i++) {
        int len = snprintf(buf, sizeof(buf), "k%d", i);
        assert_int_equal(lsn_strmap_intern_hashed(&ids[i], map, buf, (size_t)len, 42), LSN_OK);
        assert_int_equal(ids[i], i);
    }
    for (int i = 0; i < 200; i++) {
        int len = snprintf(buf, sizeof(buf), "k%d", i);
        int32_t id;
        assert_int_equal(lsn_strmap_intern_hashed(&id, map, buf, (size_t)len, 42), LSN_OK);
        assert_int_equal(id, i);
        assert_true(lsn_strmap_hash(map, id) == 42);
        assert_int_equal(lsn_strmap_len(map, id), (size_t)len);
    }
    assert_int_equal(lsn_strmap_count(map), 200);
    lsn_strmap_free(map);
}

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

/* A table sized for its keys up front gives the same ids; added may be NULL. */
static void test_pairmap_sized_up_front_gives_the_same_ids(void **state)
{
    (void)state;
    lsn_pairmap *m = NULL;
    assert_int_equal(lsn_pairmap_new(&m, 5000), LSN_OK);
    for (int32_t i = 0; i < 5000; i++) {
        int32_t id = -1;
        assert_int_equal(lsn_pairmap_intern(&id, NULL, m, lsn_pair_key(i, i + 1)), LSN_OK);
        assert_int_equal(id, i);
    }
    assert_int_equal(lsn_pairmap_find(m, lsn_pair_key(4999, 5000)), 4999);
    assert_int_equal(lsn_pairmap_find(m, lsn_pair_key(5000, 4999)), -1); /* order matters */
    lsn_pairmap_free(m);
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
        cmocka_unit_test(test_strmap_interns_each_string_once_with_dense_ids),
        cmocka_unit_test(test_strmap_find_tells_absent_strings_and_prefixes_apart),
        cmocka_unit_test(test_strmap_takes_input_that_is_not_nul_terminated),
        cmocka_unit_test(test_strmap_grows_past_thousands_of_strings),
        cmocka_unit_test(test_strmap_keeps_a_string_longer_than_a_chunk),
        cmocka_unit_test(test_strmap_free_accepts_null),
        cmocka_unit_test(test_strmap_clear_starts_over),
        cmocka_unit_test(test_strmap_clear_of_a_few_in_a_large_table),
        cmocka_unit_test(test_strmap_intern_all_gives_the_ids_of_one_by_one),
        cmocka_unit_test(test_hash_depends_on_every_byte_and_the_seed),
        cmocka_unit_test(test_strmap_tells_apart_strings_whose_hashes_collide),
        cmocka_unit_test(test_pairmap_ids_are_dense_and_stable_across_growth),
        cmocka_unit_test(test_pairmap_sized_up_front_gives_the_same_ids),
        cmocka_unit_test(test_pair_key_orders_by_first_then_second),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
