/*
 * tests/analysis/test_brandes.c — the threaded betweenness against igraph's
 * own igraph_betweenness() and igraph_betweenness_cutoff(): the same values
 * on hand-built graphs whose answer is worked out below, and on random
 * graphs with many equal path lengths (small integer lengths make ties,
 * where the order of the sums matters), with and without a cut-off, for
 * subsets of the vertices, and the same bytes for any number of threads.
 */
#include "analysis/brandes.h"
#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A graph of n vertices from an edge list, with lengths. */
static void make_graph(igraph_t *g, igraph_vector_t *len, int n, const int *edges, const double *lengths, int m)
{
    igraph_vector_int_t e;
    assert_int_equal(igraph_vector_int_init(&e, 2 * m), IGRAPH_SUCCESS);
    for (int i = 0; i < 2 * m; i++) {
        VECTOR(e)[i] = edges[i];
    }
    assert_int_equal(igraph_create(g, &e, n, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    igraph_vector_int_destroy(&e);
    assert_int_equal(igraph_vector_init(len, m), IGRAPH_SUCCESS);
    for (int i = 0; i < m; i++) {
        VECTOR(*len)[i] = lengths[i];
    }
}

/* cmocka 1.1 has no assert_double_equal. */
#define assert_close(a, b) assert_true(fabs((a) - (b)) <= 1e-12)

static void ours(double *out, const igraph_t *g, const igraph_vector_t *len, size_t targets, double cutoff, int threads)
{
    lsn_brandes_args a = {.graph = g, .lengths = len, .targets = targets, .cutoff = cutoff, .threads = threads};
    assert_int_equal(lsn_brandes(out, &a), LSN_OK);
}

/*
 * A square 0-1-2-3-0 with lengths 1 and a tail 3-4 of length 1: between 0
 * and 2 there are two shortest paths (through 1 and through 3), so 1 and 3
 * get 1/2 each from that pair; 4 reaches 0 and 2 only through 3 (1 each),
 * and 1 only through 3 and then 0 or 2 (3: 1, 0: 1/2, 2: 1/2).
 *   0: (1,3) through 0 or 2: 1/2; (4,1): 1/2            -> 1
 *   1: (0,2): 1/2                                        -> 1/2
 *   2: (1,3): 1/2; (4,1): 1/2                            -> 1
 *   3: (0,2): 1/2; (4,0) (4,1) (4,2): 3                  -> 3.5
 *   4: a leaf                                            -> 0
 * With cut-off 1 only paths of one edge count: all 0. With cut-off 2 the
 * pair (4,1) (length 3) drops out: 0 -> 1/2, 2 -> 1/2, 3 -> 2.5.
 */
static void test_square_with_tail_by_hand(void **state)
{
    (void)state;
    static const int edges[] = {0, 1, 1, 2, 2, 3, 3, 0, 3, 4};
    static const double lengths[] = {1, 1, 1, 1, 1};
    igraph_t g;
    igraph_vector_t len;
    make_graph(&g, &len, 5, edges, lengths, 5);
    double b[5];
    ours(b, &g, &len, 5, -1, 1);
    static const double full[] = {1, 0.5, 1, 3.5, 0};
    for (int v = 0; v < 5; v++) {
        assert_close(b[v], full[v]);
    }
    ours(b, &g, &len, 5, 1, 2);
    for (int v = 0; v < 5; v++) {
        assert_close(b[v], 0);
    }
    ours(b, &g, &len, 5, 2, 2);
    static const double two[] = {0.5, 0.5, 0.5, 2.5, 0};
    for (int v = 0; v < 5; v++) {
        assert_close(b[v], two[v]);
    }
    igraph_vector_destroy(&len);
    igraph_destroy(&g);
}

/* xorshift: the same random graphs on every machine. */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* n vertices, about n * degree / 2 edges (some repeated, some loops: both
 * must be read as igraph reads them), lengths from 1 to `spread` in whole
 * units when `ties`, else continuous; vertices past n - isolated have no edge. */
static void random_graph(igraph_t *g, igraph_vector_t *len, int n, int degree, int spread, int ties, int isolated, uint64_t seed)
{
    int m = n * degree / 2;
    int *edges = malloc(2 * (size_t)m * sizeof(*edges));
    double *lengths = malloc((size_t)m * sizeof(*lengths));
    assert_non_null(edges);
    assert_non_null(lengths);
    uint64_t s = seed;
    int connected = n - isolated;
    for (int i = 0; i < m; i++) {
        edges[2 * i] = (int)(next_random(&s) % (uint64_t)connected);
        edges[2 * i + 1] = (int)(next_random(&s) % (uint64_t)connected);
        lengths[i] = ties ? (double)(1 + next_random(&s) % (uint64_t)spread)
                          : 1.0 / (0.25 + (double)(next_random(&s) % 1000) / 100.0);
    }
    make_graph(g, len, n, edges, lengths, m);
    free(edges);
    free(lengths);
}

static void compare_with_igraph(const igraph_t *g, const igraph_vector_t *len, double cutoff, size_t targets)
{
    igraph_vector_t res;
    assert_int_equal(igraph_vector_init(&res, 0), IGRAPH_SUCCESS);
    assert_int_equal(igraph_betweenness_cutoff(g, &res, igraph_vss_range(0, (igraph_integer_t)targets),
                                               IGRAPH_UNDIRECTED, len, cutoff),
                     IGRAPH_SUCCESS);
    double *b1 = malloc(targets * sizeof(*b1));
    double *b3 = malloc(targets * sizeof(*b3));
    assert_non_null(b1);
    assert_non_null(b3);
    ours(b1, g, len, targets, cutoff, 1);
    ours(b3, g, len, targets, cutoff, 3);
    double most = 0;
    for (size_t v = 0; v < targets; v++) {
        double want = VECTOR(res)[v];
        most = fmax(most, want);
        /* Same value up to the rounding of sums taken in another order. */
        assert_true(fabs(b1[v] - want) <= 1e-9 * fmax(1.0, fabs(want)));
    }
    /* Not a graph where everything is 0. */
    assert_true(most > 0);
    /* Any number of threads: the same bytes. */
    assert_memory_equal(b1, b3, targets * sizeof(*b1));
    free(b1);
    free(b3);
    igraph_vector_destroy(&res);
}

static void test_random_graphs_match_igraph(void **state)
{
    (void)state;
    static const struct {
        int n, degree, spread, ties, isolated;
        double cutoff;
    } cases[] = {
        {60, 4, 3, 1, 0, -1},   {60, 4, 3, 1, 0, 2},   {200, 6, 2, 1, 10, -1},
        {200, 6, 2, 1, 10, 3},  {300, 3, 0, 0, 5, -1}, {300, 3, 0, 0, 5, 0.8},
        {500, 8, 4, 1, 0, 4.5}, {150, 2, 1, 1, 0, -1}, {150, 2, 1, 1, 0, 6},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        igraph_t g;
        igraph_vector_t len;
        random_graph(&g, &len, cases[k].n, cases[k].degree, cases[k].spread, cases[k].ties,
                     cases[k].isolated, 0x9e3779b97f4a7c15ULL + k);
        compare_with_igraph(&g, &len, cases[k].cutoff, (size_t)cases[k].n);
        compare_with_igraph(&g, &len, cases[k].cutoff, (size_t)cases[k].n / 3);
        igraph_vector_destroy(&len);
        igraph_destroy(&g);
    }
}

static void test_bad_lengths_and_targets_are_refused(void **state)
{
    (void)state;
    static const int edges[] = {0, 1, 1, 2};
    static const double lengths[] = {1, 0};
    igraph_t g;
    igraph_vector_t len;
    make_graph(&g, &len, 3, edges, lengths, 2);
    double b[4];
    lsn_brandes_args a = {.graph = &g, .lengths = &len, .targets = 3, .cutoff = -1};
    assert_int_equal(lsn_brandes(b, &a), LSN_EINVAL);
    assert_non_null(strstr(lsn_error_last(), "edge 1 has length 0"));
    VECTOR(len)[1] = 2;
    a.targets = 4;
    assert_int_equal(lsn_brandes(b, &a), LSN_EINVAL);
    assert_non_null(strstr(lsn_error_last(), "4 targets in a graph of 3 vertices"));
    a.targets = 3;
    a.cutoff = NAN;
    assert_int_equal(lsn_brandes(b, &a), LSN_EINVAL);
    igraph_vector_destroy(&len);
    igraph_destroy(&g);
}

/*
 * Started, then finished after the graph and the lengths are gone (the start
 * copies what it needs, and the caller's thread may do other igraph work in
 * between): the same bytes as lsn_brandes(), with one thread and with four.
 * A job cancelled before it is finished stops its threads and frees all it
 * holds (the sanitizer build would report a leak or a race).
 */
static void test_started_job_gives_the_same_bytes_and_can_be_cancelled(void **state)
{
    (void)state;
    enum { N = 300 };
    for (int threads = 1; threads <= 4; threads += 3) {
        igraph_t g;
        igraph_vector_t len;
        random_graph(&g, &len, N, 6, 3, 1, 10, 11u + (uint64_t)threads);
        double want[N], got[N];
        ours(want, &g, &len, N, 4.0, 1);
        lsn_brandes_args a = {.graph = &g, .lengths = &len, .targets = N, .cutoff = 4.0,
                              .threads = threads};
        lsn_brandes_job *job = NULL, *dropped = NULL;
        assert_int_equal(lsn_brandes_start(&job, &a), LSN_OK);
        assert_int_equal(lsn_brandes_start(&dropped, &a), LSN_OK);
        igraph_vector_destroy(&len);
        igraph_destroy(&g);
        lsn_brandes_cancel(dropped);
        assert_int_equal(lsn_brandes_finish(job, got), LSN_OK);
        assert_memory_equal(got, want, sizeof(want));
    }
    lsn_brandes_cancel(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_square_with_tail_by_hand),
        cmocka_unit_test(test_random_graphs_match_igraph),
        cmocka_unit_test(test_bad_lengths_and_targets_are_refused),
        cmocka_unit_test(test_started_job_gives_the_same_bytes_and_can_be_cancelled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
