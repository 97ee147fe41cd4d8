/*
 * tests/viz/test_graphml.c — lsn_graphml_save streams GraphML in igraph's
 * layout: the file is byte for byte the one igraph_write_graph_graphml
 * writes with its C attribute handler holding copies of the same columns
 * (but for the comment naming the writer), on a hand-made graph (strings
 * with XML's special characters, UTF-8, a missing one; numbers whole,
 * fractional, NaN and infinite) and on random ones (numbers of every size
 * and rounding, strings of every byte igraph accepts); igraph's reader
 * reads it back. A control character igraph refuses is written U+FFFD.
 * lsn_graphml_number_text is checked against "%.15g" on its own.
 */
#include "analysis/graphml.h"
#include "io/error.h"
#include "viz/graphml_file.h"
#include "viz/json_number.h"

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

/* igraph's file with its comment line put as ours writes it. */
static char *slurp_igraph(const char *path)
{
    char *s = slurp(path);
    const char *theirs = "<!-- Created by igraph -->", *ours = "<!-- Created by liaison -->";
    char *at = strstr(s, theirs);
    assert_non_null(at);
    size_t before = (size_t)(at - s), tail = strlen(at + strlen(theirs));
    char *out = malloc(before + strlen(ours) + tail + 1);
    assert_non_null(out);
    memcpy(out, s, before);
    memcpy(out + before, ours, strlen(ours));
    memcpy(out + before + strlen(ours), at + strlen(theirs), tail + 1);
    free(s);
    return out;
}

/* g written by igraph through its C attribute handler. */
static void write_igraph(const char *path, const lsn_graphml *g)
{
    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_t ig;
    igraph_vector_int_t ends;
    assert_int_equal(igraph_vector_int_init(&ends, (igraph_integer_t)(2 * g->ne)), IGRAPH_SUCCESS);
    for (size_t i = 0; i < g->ne; i++) {
        VECTOR(ends)[2 * i] = g->from[i];
        VECTOR(ends)[2 * i + 1] = g->to[i];
    }
    assert_int_equal(igraph_empty(&ig, (igraph_integer_t)g->nv, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    assert_int_equal(igraph_add_edges(&ig, &ends, NULL), IGRAPH_SUCCESS);
    for (size_t k = 0; k < g->nvattrs; k++) {
        const lsn_graphml_attr *a = &g->vattrs[k];
        for (size_t v = 0; v < g->nv; v++) {
            if (a->text != NULL) {
                SETVAS(&ig, a->name, (igraph_integer_t)v, a->text[v] != NULL ? a->text[v] : "");
            } else {
                SETVAN(&ig, a->name, (igraph_integer_t)v, a->number[v]);
            }
        }
    }
    for (size_t k = 0; k < g->neattrs; k++) {
        const lsn_graphml_attr *a = &g->eattrs[k];
        for (size_t e = 0; e < g->ne; e++) {
            if (a->text != NULL) {
                SETEAS(&ig, a->name, (igraph_integer_t)e, a->text[e] != NULL ? a->text[e] : "");
            } else {
                SETEAN(&ig, a->name, (igraph_integer_t)e, a->number[e]);
            }
        }
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(igraph_write_graph_graphml(&ig, f, false), IGRAPH_SUCCESS);
    fclose(f);
    igraph_destroy(&ig);
    igraph_vector_int_destroy(&ends);
    igraph_set_attribute_table(old);
}

static char dir[] = "/tmp/lsn-graphml-XXXXXX";
static char mine[256], theirs[256];

static int setup(void **state)
{
    (void)state;
    if (mkdtemp(dir) == NULL) {
        return -1;
    }
    snprintf(mine, sizeof(mine), "%s/mine.graphml", dir);
    snprintf(theirs, sizeof(theirs), "%s/theirs.graphml", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(mine);
    unlink(theirs);
    rmdir(dir);
    return 0;
}

/* g written by both writers: the same bytes. */
static void assert_same_as_igraph(const lsn_graphml *g)
{
    assert_int_equal(lsn_graphml_save(mine, g), LSN_OK);
    write_igraph(theirs, g);
    char *a = slurp(mine), *b = slurp_igraph(theirs);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static const char *const names[] = {"ann@x.example", "b<&>\"'@x.example", "zoë@x.example", NULL};
static const char *const kinds[] = {"roster", "external", "tab\there\r\nand line", "roster"};
static const double community[] = {1, NAN, 2.5, -0.0};
static const int32_t from[] = {0, 3, 2};
static const int32_t to[] = {1, 0, 2};
static const double weight[] = {0.75, 1.0 / 3.0, 12};
static const double instances[] = {85, INFINITY, NAN};

static void test_hand_made_graph_as_igraph_writes_and_reads_it(void **state)
{
    (void)state;
    const lsn_graphml_attr v[] = {
        {"name", names, NULL}, {"kind", kinds, NULL}, {"community", NULL, community}};
    const lsn_graphml_attr e[] = {{"weight", NULL, weight}, {"instances", NULL, instances}};
    const lsn_graphml g = {4, v, 3, 3, from, to, e, 2};
    assert_same_as_igraph(&g);
    char *a = slurp(mine);
    assert_non_null(strstr(a, "b&lt;&amp;&gt;&quot;&apos;@x.example"));
    assert_non_null(strstr(a, "<edge source=\"n0\" target=\"n3\">")); /* smaller end first */
    assert_non_null(strstr(a, "<data key=\"instances\">Inf</data>"));
    assert_null(strstr(a, "NaN"));
    free(a);

    lsn_graphml_loaded back;
    assert_int_equal(lsn_graphml_load(&back, mine, "weight", "name"), LSN_OK);
    assert_int_equal(back.nv, 4);
    assert_int_equal(back.ne, 3);
    assert_string_equal(back.vvalues[2], "zoë@x.example");
    assert_string_equal(back.vvalues[3], "");
    assert_true(back.evalues[0] == 0.75);
    assert_true(fabs(back.evalues[1] - 1.0 / 3.0) < 1e-15); /* 15 digits */
    assert_int_equal(back.from[1] + back.to[1], 3);
    lsn_graphml_loaded_free(&back);

    /* An edge to a vertex that is not there: refused, nothing written. */
    const int32_t bad_to[] = {1, 9, 3};
    const lsn_graphml bad = {4, v, 3, 3, from, bad_to, e, 2};
    unlink(mine);
    assert_int_equal(lsn_graphml_save(mine, &bad), LSN_EINVAL);
    assert_int_equal(access(mine, F_OK), -1);
}

/* Where igraph refuses a control character, the file holds U+FFFD. */
static void test_control_characters_become_replacement_characters(void **state)
{
    (void)state;
    const char *const odd[] = {"a\x01" "b\x1f", "ok"};
    const lsn_graphml_attr v[] = {{"name", odd, NULL}};
    const lsn_graphml g = {2, v, 1, 0, NULL, NULL, NULL, 0};
    assert_int_equal(lsn_graphml_save(mine, &g), LSN_OK);
    char *a = slurp(mine);
    assert_non_null(strstr(a, "<data key=\"name\">a\xEF\xBF\xBD" "b\xEF\xBF\xBD</data>"));
    free(a);
    lsn_graphml_loaded back;
    assert_int_equal(lsn_graphml_load(&back, mine, NULL, "name"), LSN_OK);
    assert_string_equal(back.vvalues[0], "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    lsn_graphml_loaded_free(&back);
}

/* A double of a random kind: whole, rounded to 10^-d, any bits, tiny, huge. */
static double random_number(unsigned *seed)
{
    int kind = rand_r(seed) % 8;
    double sign = rand_r(seed) % 4 == 0 ? -1 : 1;
    double u = (double)rand_r(seed) / RAND_MAX;
    switch (kind) {
    case 0:
        return sign * (double)(rand_r(seed) % 100000);
    case 1: {
        int d = rand_r(seed) % 16;
        double scale = pow(10, d);
        return sign * round(u * pow(10, rand_r(seed) % 9) * scale) / scale;
    }
    case 2:
        return sign * round(u * 1e12) / 1e6; /* the outputs' 1e-6 rounding */
    case 3: {
        uint64_t bits = ((uint64_t)rand_r(seed) << 33) ^ ((uint64_t)rand_r(seed) << 11) ^
                        (uint64_t)rand_r(seed);
        double x;
        bits &= ~(UINT64_C(0x7ff) << 52);
        bits |= (uint64_t)(1023 - 30 + rand_r(seed) % 80) << 52; /* 2^-30 .. 2^50 */
        memcpy(&x, &bits, sizeof(x));
        return x;
    }
    case 4:
        return sign * u * pow(10, -(rand_r(seed) % 12)); /* around 1e-4 */
    case 5:
        return sign * u * pow(10, 10 + rand_r(seed) % 12); /* around 1e15 */
    case 6:
        return sign * (1e15 - (double)(rand_r(seed) % 3)) / pow(10, rand_r(seed) % 20);
    default:
        return sign * 0.1 * (double)(rand_r(seed) % 30); /* 0.30000000000000004 and kin */
    }
}

static void test_random_numbers_spelled_as_printf_does(void **state)
{
    (void)state;
    unsigned seed = 7;
    char buf[LSN_JSON_NUMBER_SIZE], ref[64];
    for (int i = 0; i < 400000; i++) {
        double x = random_number(&seed);
        size_t n = lsn_graphml_number_text(buf, x);
        snprintf(ref, sizeof(ref), "%.15g", x);
        if (strcmp(buf, ref) != 0) {
            fprintf(stderr, "%.17g: '%s', printf '%s'\n", x, buf, ref);
        }
        assert_string_equal(buf, ref);
        assert_int_equal(n, strlen(ref));
    }
    assert_int_equal(lsn_graphml_number_text(buf, NAN), 0);
    lsn_graphml_number_text(buf, -INFINITY);
    assert_string_equal(buf, "-Inf");
}

static void test_random_graphs_as_igraph_writes_them(void **state)
{
    (void)state;
    unsigned seed = 11;
    for (int round = 0; round < 20; round++) {
        size_t nv = 1 + (size_t)(rand_r(&seed) % 60), ne = (size_t)(rand_r(&seed) % 120);
        char **text = calloc(nv, sizeof(*text));
        double *num = malloc(nv * sizeof(*num));
        int32_t *f = malloc((ne ? ne : 1) * sizeof(*f)), *t = malloc((ne ? ne : 1) * sizeof(*t));
        double *w = malloc((ne ? ne : 1) * sizeof(*w));
        assert_true(text != NULL && num != NULL && f != NULL && t != NULL && w != NULL);
        for (size_t v = 0; v < nv; v++) {
            size_t len = (size_t)(rand_r(&seed) % 12);
            text[v] = malloc(len + 1);
            assert_non_null(text[v]);
            for (size_t c = 0; c < len; c++) {
                unsigned char ch;
                do { /* any byte igraph accepts: printable, tab, line ends, UTF-8 bytes */
                    ch = (unsigned char)(1 + rand_r(&seed) % 255);
                } while (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r');
                text[v][c] = (char)ch;
            }
            text[v][len] = '\0';
            num[v] = rand_r(&seed) % 10 == 0 ? NAN : random_number(&seed);
        }
        for (size_t e = 0; e < ne; e++) {
            f[e] = (int32_t)(rand_r(&seed) % nv);
            t[e] = (int32_t)(rand_r(&seed) % nv);
            w[e] = random_number(&seed);
        }
        const lsn_graphml_attr va[] = {{"label & <name>", (const char *const *)text, NULL},
                                       {"x", NULL, num}};
        const lsn_graphml_attr ea[] = {{"weight", NULL, w}};
        const lsn_graphml g = {nv, va, 2, ne, f, t, ea, 1};
        assert_same_as_igraph(&g);
        for (size_t v = 0; v < nv; v++) {
            free(text[v]);
        }
        free(text);
        free(num);
        free(f);
        free(t);
        free(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_made_graph_as_igraph_writes_and_reads_it),
        cmocka_unit_test(test_control_characters_become_replacement_characters),
        cmocka_unit_test(test_random_numbers_spelled_as_printf_does),
        cmocka_unit_test(test_random_graphs_as_igraph_writes_them),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
