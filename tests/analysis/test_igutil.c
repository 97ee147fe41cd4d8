/*
 * tests/analysis/test_igutil.c — the boundary to igraph: one thread at a
 * time inside a scope (igraph keeps its error state and attribute table in
 * globals; compare writes one column's graphs while it analyses the next),
 * scopes that nest on one thread, and igraph's reason in the message of a
 * failed call.
 */
#include "analysis/igutil.h"
#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

static atomic_bool entered;

static void *enter_scope(void *arg)
{
    (void)arg;
    lsn_igutil_scope scope;
    lsn_igutil_begin(&scope);
    atomic_store(&entered, true);
    lsn_igutil_end(&scope);
    return NULL;
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* A second thread's scope waits until this thread's ends, nested or not. */
static void test_scope_keeps_other_threads_out(void **state)
{
    (void)state;
    lsn_igutil_scope outer, inner;
    atomic_store(&entered, false);
    lsn_igutil_begin(&outer);
    lsn_igutil_begin(&inner); /* nested on this thread: no deadlock */
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, enter_scope, NULL), 0);
    sleep_ms(150);
    assert_false(atomic_load(&entered));
    lsn_igutil_end(&inner);
    sleep_ms(150);
    assert_false(atomic_load(&entered)); /* the outer scope still holds it */
    lsn_igutil_end(&outer);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_true(atomic_load(&entered));
}

/* A failed call inside a scope: LSN_EINTERNAL and igraph's own reason. */
static void test_failed_call_keeps_igraph_reason(void **state)
{
    (void)state;
    lsn_igutil_scope scope;
    lsn_igutil_begin(&scope);
    igraph_t g;
    igraph_vector_int_t edges;
    assert_int_equal(igraph_vector_int_init(&edges, 2), IGRAPH_SUCCESS);
    VECTOR(edges)[0] = 0;
    VECTOR(edges)[1] = -1; /* no such vertex */
    igraph_error_t ig = igraph_create(&g, &edges, 2, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&edges);
    assert_int_not_equal(ig, IGRAPH_SUCCESS);
    assert_int_equal(lsn_igutil_error(ig, "igraph_create"), LSN_EINTERNAL);
    lsn_igutil_end(&scope);
    const char *m = lsn_error_last();
    assert_non_null(strstr(m, "igraph: igraph_create: "));
    assert_true(strlen(m) > strlen("igraph: igraph_create: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scope_keeps_other_threads_out),
        cmocka_unit_test(test_failed_call_keeps_igraph_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
