/*
 * tests/io/test_vec.c — growing an array (io/vec.c): the capacity doubles
 * from 16 until it holds what is needed, the elements already there are
 * kept, a request whose size cannot be counted fails with "out of memory"
 * and leaves the array as it was.
 */
#include "io/vec.h"

#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

static void test_grow_cap_doubles_from_sixteen(void **state)
{
    (void)state;
    assert_int_equal(lsn_grow_cap(0, 1, 8), 16);
    assert_int_equal(lsn_grow_cap(0, 17, 8), 32);
    assert_int_equal(lsn_grow_cap(16, 17, 8), 32);
    assert_int_equal(lsn_grow_cap(5, 6, 1), 10);   /* doubles what is there, not 16 */
    assert_int_equal(lsn_grow_cap(32, 20, 8), 32); /* holds it already */
    assert_int_equal(lsn_grow_cap(16, 1000, 4), 1024);
}

static void test_grow_cap_refuses_a_size_past_size_max(void **state)
{
    (void)state;
    assert_int_equal(lsn_grow_cap(0, SIZE_MAX / 8 + 1, 8), 0);
    /* Near the limit it stops doubling at what is needed. */
    assert_int_equal(lsn_grow_cap(SIZE_MAX / 16 + 1, SIZE_MAX / 16 + 2, 8), SIZE_MAX / 16 + 2);
}

static void test_grow_keeps_the_elements(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(LSN_GROW(v, cap, (size_t)i + 1), LSN_OK);
        assert_true(cap >= (size_t)i + 1);
        v[i] = i * 3;
    }
    assert_int_equal(cap, 1024);
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(v[i], i * 3);
    }
    free(v);
}

static void test_grow_past_size_max_is_out_of_memory(void **state)
{
    (void)state;
    double *v = NULL;
    size_t cap = 0;
    assert_int_equal(LSN_GROW(v, cap, 4), LSN_OK);
    v[0] = 1.5;
    lsn_error_clear();
    assert_int_equal(LSN_GROW(v, cap, SIZE_MAX / 4), LSN_ENOMEM);
    assert_string_equal(lsn_error_last(), "out of memory");
    assert_int_equal(cap, 16); /* unchanged, and v still usable */
    assert_true(v[0] == 1.5);
    free(v);
}

static void test_resize_to_zero_keeps_a_pointer(void **state)
{
    (void)state;
    char *s = NULL;
    assert_int_equal(LSN_RESIZE(s, 0), LSN_OK);
    assert_non_null(s);
    assert_int_equal(LSN_RESIZE(s, 3), LSN_OK);
    s[2] = 'x';
    lsn_error_clear();
    assert_int_equal(lsn_resize((void **)&s, SIZE_MAX / 2, 4), LSN_ENOMEM);
    assert_string_equal(lsn_error_last(), "out of memory");
    assert_int_equal(s[2], 'x');
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_cap_doubles_from_sixteen),
        cmocka_unit_test(test_grow_cap_refuses_a_size_past_size_max),
        cmocka_unit_test(test_grow_keeps_the_elements),
        cmocka_unit_test(test_grow_past_size_max_is_out_of_memory),
        cmocka_unit_test(test_resize_to_zero_keeps_a_pointer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
