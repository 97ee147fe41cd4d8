/*
 * tests/io/test_json_arena.c — jansson's allocator: values made in a scope
 * come from its region and the region is reused once they are all freed;
 * a value kept past its scope stays valid, its region set aside and
 * counted; paused, nested and concurrent scopes.
 */
#include "io/json_arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* An object of a few members, as the report's sections make. */
static json_t *made(int i)
{
    json_t *o = json_object();
    json_object_set_new(o, "team", json_string("platform"));
    json_object_set_new(o, "hours_per_week", json_real(1.5 * i));
    json_object_set_new(o, "instances", json_integer(i));
    json_t *a = json_array();
    for (int k = 0; k < 20; k++) { /* grown: jansson frees the smaller arrays */
        json_array_append_new(a, json_integer(k));
    }
    json_object_set_new(o, "list", a);
    return o;
}

static void test_a_region_is_reused_once_its_values_are_freed(void **state)
{
    (void)state;
    size_t escapes = lsn_json_arena_escapes();
    lsn_json_scope s;
    lsn_json_arena_begin(&s);
    assert_true(s.slot >= 0);
    json_t *first = made(1);
    json_decref(first);
    lsn_json_arena_end(&s);
    assert_int_equal(s.slot, -1);

    lsn_json_arena_begin(&s);
    json_t *again = made(2);
    assert_ptr_equal(again, first); /* the same memory, from its start */
    assert_int_equal(json_integer_value(json_object_get(again, "instances")), 2);
    json_decref(again);
    lsn_json_arena_end(&s);
    assert_int_equal(lsn_json_arena_escapes(), escapes);
}

static void test_recycling_starts_the_region_again_only_when_all_is_freed(void **state)
{
    (void)state;
    size_t escapes = lsn_json_arena_escapes();
    lsn_json_scope s;
    lsn_json_arena_begin(&s);
    json_t *a = made(1);
    json_decref(a);
    lsn_json_arena_recycle(&s);
    json_t *b = made(2);
    assert_ptr_equal(b, a);
    lsn_json_arena_recycle(&s); /* b alive: nothing */
    json_t *c = made(3);
    assert_ptr_not_equal(c, b);
    assert_int_equal(json_integer_value(json_object_get(b, "instances")), 2);
    json_decref(b);
    json_decref(c);
    lsn_json_arena_end(&s);
    assert_int_equal(lsn_json_arena_escapes(), escapes);
}

static void test_a_value_kept_past_its_scope_stays_valid_and_is_counted(void **state)
{
    (void)state;
    size_t escapes = lsn_json_arena_escapes();
    lsn_json_scope s;
    lsn_json_arena_begin(&s);
    json_t *kept = made(7);
    lsn_json_arena_end(&s);
    assert_int_equal(lsn_json_arena_escapes(), escapes + 1);

    /* Later scopes take other regions: the kept value is not written over. */
    for (int i = 0; i < 3; i++) {
        lsn_json_arena_begin(&s);
        json_t *other = made(100 + i);
        json_decref(other);
        lsn_json_arena_end(&s);
    }
    assert_int_equal(json_integer_value(json_object_get(kept, "instances")), 7);
    assert_string_equal(json_string_value(json_object_get(kept, "team")), "platform");
    assert_int_equal(json_array_size(json_object_get(kept, "list")), 20);
    json_decref(kept);
    assert_int_equal(lsn_json_arena_escapes(), escapes + 1);
}

static void test_paused_and_nested_scopes(void **state)
{
    (void)state;
    size_t escapes = lsn_json_arena_escapes();
    lsn_json_scope outer, inner;
    lsn_json_arena_begin(&outer);
    lsn_json_arena_begin(&inner); /* nested: changes nothing */
    assert_int_equal(inner.slot, -1);
    json_t *in_outer = made(1);
    lsn_json_arena_end(&inner);

    int paused = lsn_json_arena_pause();
    json_t *outside = made(2); /* malloc()ed: may outlive the scope */
    lsn_json_arena_resume(paused);
    json_t *copy = json_deep_copy(in_outer);
    json_decref(in_outer);
    json_decref(copy);
    lsn_json_arena_end(&outer);
    assert_int_equal(lsn_json_arena_escapes(), escapes);

    /* Outside any scope, values are ordinary. */
    lsn_json_arena_recycle(&outer);
    lsn_json_arena_end(&outer);
    assert_int_equal(json_integer_value(json_object_get(outside, "instances")), 2);
    json_decref(outside);
    assert_int_equal(lsn_json_arena_escapes(), escapes);
}

/* Each thread builds, checks and frees values in scopes of its own. */
static void *churn(void *arg)
{
    intptr_t id = (intptr_t)arg;
    for (int round = 0; round < 200; round++) {
        lsn_json_scope s;
        lsn_json_arena_begin(&s);
        json_t *v[16];
        for (int i = 0; i < 16; i++) {
            v[i] = made((int)id * 1000 + i);
        }
        for (int i = 0; i < 16; i++) {
            if (json_integer_value(json_object_get(v[i], "instances")) != id * 1000 + i) {
                return (void *)1;
            }
            json_decref(v[i]);
        }
        lsn_json_arena_end(&s);
    }
    return NULL;
}

static void test_threads_have_scopes_of_their_own(void **state)
{
    (void)state;
    size_t escapes = lsn_json_arena_escapes();
    pthread_t t[4];
    for (intptr_t i = 0; i < 4; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, churn, (void *)(i + 1)), 0);
    }
    for (int i = 0; i < 4; i++) {
        void *bad = NULL;
        pthread_join(t[i], &bad);
        assert_null(bad);
    }
    assert_int_equal(lsn_json_arena_escapes(), escapes);
}

int main(void)
{
    if (!lsn_json_arena_install()) {
        fprintf(stderr, "test_json_arena: cannot reserve the regions\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_region_is_reused_once_its_values_are_freed),
        cmocka_unit_test(test_recycling_starts_the_region_again_only_when_all_is_freed),
        cmocka_unit_test(test_a_value_kept_past_its_scope_stays_valid_and_is_counted),
        cmocka_unit_test(test_paused_and_nested_scopes),
        cmocka_unit_test(test_threads_have_scopes_of_their_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
