/*
 * tests/analysis/test_graphml.c — lsn_graphml_save serves its columns to
 * igraph's writer through an attribute handler of its own: the file is the
 * one igraph writes with its C attribute handler holding copies of the same
 * columns (strings with XML's special characters, UTF-8, a missing one;
 * numbers whole, fractional and NaN), and igraph's reader reads it back.
 */
#include "analysis/graphml.h"
#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    p[n] = '\0';
    fclose(f);
    return p;
}

static const char *const names[] = {"ann@x.example", "b<&>\"'@x.example", "zoë@x.example", NULL};
static const char *const kinds[] = {"roster", "external", "", "roster"};
static const double community[] = {1, NAN, 2.5, 3};
static const int32_t from[] = {0, 0, 2};
static const int32_t to[] = {1, 3, 3};
static const double weight[] = {0.75, 1.0 / 3.0, 12};
static const double instances[] = {85, 4, NAN};

/* The same graph through igraph's C attribute handler. */
static void write_reference(const char *path)
{
    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_t g;
    igraph_vector_int_t ends;
    assert_int_equal(igraph_vector_int_init(&ends, 6), IGRAPH_SUCCESS);
    for (int i = 0; i < 3; i++) {
        VECTOR(ends)[2 * i] = from[i];
        VECTOR(ends)[2 * i + 1] = to[i];
    }
    assert_int_equal(igraph_empty(&g, 4, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    assert_int_equal(igraph_add_edges(&g, &ends, NULL), IGRAPH_SUCCESS);
    for (int v = 0; v < 4; v++) {
        SETVAS(&g, "name", v, names[v] != NULL ? names[v] : "");
        SETVAS(&g, "kind", v, kinds[v]);
        SETVAN(&g, "community", v, community[v]);
    }
    for (int e = 0; e < 3; e++) {
        SETEAN(&g, "weight", e, weight[e]);
        SETEAN(&g, "instances", e, instances[e]);
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(igraph_write_graph_graphml(&g, f, false), IGRAPH_SUCCESS);
    fclose(f);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&ends);
    igraph_set_attribute_table(old);
}

static void test_save_writes_what_igraph_writes_and_reads(void **state)
{
    (void)state;
    char dir[] = "/tmp/lsn-graphml-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char mine[256], theirs[256];
    snprintf(mine, sizeof(mine), "%s/mine.graphml", dir);
    snprintf(theirs, sizeof(theirs), "%s/theirs.graphml", dir);
    const lsn_graphml_attr v[] = {
        {"name", names, NULL}, {"kind", kinds, NULL}, {"community", NULL, community}};
    const lsn_graphml_attr e[] = {{"weight", NULL, weight}, {"instances", NULL, instances}};
    const lsn_graphml g = {4, v, 3, 3, from, to, e, 2};
    assert_int_equal(lsn_graphml_save(mine, &g), LSN_OK);
    write_reference(theirs);
    char *a = slurp(mine), *b = slurp(theirs);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "b&lt;&amp;&gt;&quot;")); /* escaped by igraph */
    free(a);
    free(b);

    lsn_graphml_loaded back;
    assert_int_equal(lsn_graphml_load(&back, mine, "weight", "name"), LSN_OK);
    assert_int_equal(back.nv, 4);
    assert_int_equal(back.ne, 3);
    assert_string_equal(back.vvalues[2], "zoë@x.example");
    assert_string_equal(back.vvalues[3], "");
    assert_true(back.evalues[0] == 0.75);
    assert_int_equal(back.from[1] + back.to[1], 3); /* 0 - 3, either way round */
    lsn_graphml_loaded_free(&back);

    /* An edge to a vertex that is not there: igraph's refusal, as an error. */
    const int32_t bad_to[] = {1, 9, 3};
    const lsn_graphml bad = {4, v, 3, 3, from, bad_to, e, 2};
    assert_int_not_equal(lsn_graphml_save(mine, &bad), LSN_OK);
    unlink(mine);
    unlink(theirs);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_save_writes_what_igraph_writes_and_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
