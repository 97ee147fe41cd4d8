/*
 * tests/cli/test_tables.c — the tables and the graphs end to end, on the
 * bundled sample and on a generated 2,000-person organization: every row of
 * tables/team_links.csv is one pair of report.json's teams[].links (which
 * lists each pair from both ends) with the same hours a week, and every pair
 * has its row; teams.graphml read back with igraph's GraphML reader has the
 * same edges and weights; person.graphml has one edge per row of
 * tables/person_links.csv, in the same order and with the same weight.
 * The row counts are printed for the record. compare_long.csv holds
 * compare.csv's cells in long form.
 */
#include "support.h"

#include "analysis/graphml.h"
#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The data rows of a CSV whose fields hold no comma or quote: row r, field k. */
typedef struct rows {
    char *text;
    char **field; /* nrows x ncols */
    size_t nrows, ncols;
} rows;

static rows read_rows(const char *path, size_t ncols)
{
    rows t = {.text = tcli_slurp("%s", path), .ncols = ncols};
    assert_non_null(t.text);
    size_t cap = 0;
    char *line = strstr(t.text, "\r\n"); /* skip the header */
    assert_non_null(line);
    line += 2;
    while (*line) {
        char *end = strstr(line, "\r\n");
        assert_non_null(end);
        *end = '\0';
        if (t.nrows * ncols + ncols > cap) {
            cap = cap ? cap * 2 : 64 * ncols;
            t.field = realloc(t.field, cap * sizeof(*t.field));
            assert_non_null(t.field);
        }
        char *f = line;
        for (size_t k = 0; k < ncols; k++) {
            assert_null(strchr(f, '"'));
            t.field[t.nrows * ncols + k] = f;
            char *comma = strchr(f, ',');
            if (k + 1 < ncols) {
                assert_non_null(comma);
                *comma = '\0';
                f = comma + 1;
            } else {
                assert_null(comma);
            }
        }
        t.nrows++;
        line = end + 2;
    }
    return t;
}

static const char *cell(const rows *t, size_t r, size_t k)
{
    return t->field[r * t->ncols + k];
}

static void free_rows(rows *t)
{
    free(t->text);
    free(t->field);
}

/* The weight report.json gives the link a-b, from a's side; NAN when none. */
static double report_link(const json_t *teams, const char *a, const char *b)
{
    size_t i, k;
    json_t *t, *l;
    json_array_foreach(teams, i, t)
    {
        if (strcmp(json_string_value(json_object_get(t, "team")), a) != 0) {
            continue;
        }
        json_array_foreach(json_object_get(t, "links"), k, l)
        {
            if (strcmp(json_string_value(json_object_get(l, "team")), b) == 0) {
                return json_number_value(json_object_get(l, "hours_per_week"));
            }
        }
    }
    return NAN;
}

/* igraph keeps an undirected edge's ends in its own order: smaller vertex first here. */
static void ends_in_order(size_t ne, int32_t *from, int32_t *to)
{
    for (size_t k = 0; k < ne; k++) {
        if (from[k] > to[k]) {
            int32_t x = from[k];
            from[k] = to[k];
            to[k] = x;
        }
    }
}

static void load_graph(const char *path, lsn_graphml_loaded *g)
{
    int rc = lsn_graphml_load(g, path, "weight", "name");
    if (rc != LSN_OK) {
        fail_msg("%s: %s", path, lsn_error_last());
    }
    assert_non_null(g->evalues);
    assert_non_null(g->vvalues);
    ends_in_order(g->ne, g->from, g->to);
}

/* Run analyze in the organization folder org and check what it wrote. */
static void check_org(const char *org, const char *label)
{
    char out[600], path[700];
    snprintf(out, sizeof(out), "%s/out-%s", tcli_tmp, label);
    tcli_run r = tcli_liaison("analyze --quiet --people '%s/people.csv' --teams '%s/teams.csv' "
                              "--needs '%s/needs.csv' --out '%s' '%s/mailboxes'",
                              org, org, org, out, org);
    if (r.status != 0) {
        fprintf(stderr, "%s", r.err);
    }
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);

    snprintf(path, sizeof(path), "%s/report.json", out);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    assert_non_null(root);
    const json_t *teams = json_object_get(root, "teams");
    size_t directed = 0, i;
    json_t *t;
    json_array_foreach(teams, i, t)
    {
        directed += json_array_size(json_object_get(t, "links"));
    }

    /* team_links.csv: one row per pair, the weight of both ends of report.json. */
    snprintf(path, sizeof(path), "%s/tables/team_links.csv", out);
    rows tl = read_rows(path, 8);
    assert_int_equal(tl.nrows * 2, directed);
    for (size_t k = 0; k < tl.nrows; k++) {
        const char *a = cell(&tl, k, 0), *b = cell(&tl, k, 1);
        double w = strtod(cell(&tl, k, 2), NULL);
        assert_true(strcmp(a, b) < 0);
        assert_true(fabs(report_link(teams, a, b) - w) < 1e-9);
        assert_true(fabs(report_link(teams, b, a) - w) < 1e-9);
        assert_true(strtoll(cell(&tl, k, 3), NULL, 10) > 0); /* instances */
    }

    /* teams.graphml: the same pairs and weights. */
    lsn_graphml_loaded g;
    snprintf(path, sizeof(path), "%s/teams.graphml", out);
    load_graph(path, &g);
    assert_int_equal(g.nv, json_array_size(teams));
    assert_int_equal(g.ne, tl.nrows);
    for (size_t k = 0; k < g.ne; k++) {
        assert_string_equal(g.vvalues[g.from[k]], cell(&tl, k, 0));
        assert_string_equal(g.vvalues[g.to[k]], cell(&tl, k, 1));
        assert_true(fabs(report_link(teams, g.vvalues[g.from[k]], g.vvalues[g.to[k]]) -
                         g.evalues[k]) < 1e-9);
    }
    lsn_graphml_loaded_free(&g);

    /* person.graphml: one edge per row of person_links.csv. */
    snprintf(path, sizeof(path), "%s/tables/person_links.csv", out);
    rows pl = read_rows(path, 6);
    snprintf(path, sizeof(path), "%s/person.graphml", out);
    load_graph(path, &g);
    assert_int_equal(g.ne, pl.nrows);
    for (size_t k = 0; k < g.ne; k++) {
        assert_string_equal(g.vvalues[g.from[k]], cell(&pl, k, 0));
        assert_string_equal(g.vvalues[g.to[k]], cell(&pl, k, 1));
        assert_true(fabs(strtod(cell(&pl, k, 4), NULL) - g.evalues[k]) < 1e-9);
    }
    lsn_graphml_loaded_free(&g);

    /* Every roster person has a row of people.csv (header not counted). */
    snprintf(path, sizeof(path), "%s/tables/people.csv", out);
    char *people = tcli_slurp("%s", path);
    size_t npeople = 0;
    for (char *p = people; (p = strstr(p, "\r\n")) != NULL; p += 2) {
        npeople++;
    }
    free(people);
    assert_int_equal(npeople - 1, json_array_size(json_object_get(root, "people")));
    fprintf(stderr, "# %s: %zu team_links, %zu person_links, %zu people\n", label, tl.nrows,
            pl.nrows, npeople - 1);
    free_rows(&pl);
    free_rows(&tl);
    json_decref(root);
}

static void test_tables_agree_with_the_report_on_the_sample(void **state)
{
    (void)state;
    check_org(LSN_SOURCE_DIR "/datasets/sample", "sample");
}

static void test_tables_agree_with_the_report_on_2000_people(void **state)
{
    (void)state;
    char org[512];
    snprintf(org, sizeof(org), "%s/gen2000", tcli_tmp);
    tcli_run g = tcli_liaison("gen --quiet --people 2000 --out '%s'", org);
    assert_int_equal(g.status, 0);
    tcli_run_free(&g);
    check_org(org, "gen2000");
}

/* compare_long.csv holds compare.csv's every cell, one per row, and each
 * scenario's folder has its tables and graphs. */
static void test_compare_long_holds_every_cell_of_the_wide_table(void **state)
{
    (void)state;
    const char *s = LSN_SOURCE_DIR "/datasets/sample";
    char out[600], path[700];
    snprintf(out, sizeof(out), "%s/compare", tcli_tmp);
    tcli_run r = tcli_liaison("compare --quiet --people '%s/people.csv' --teams '%s/teams.csv' "
                              "--scenario moved='%s/scenarios/moved-liaisons/people.csv' "
                              "--out '%s' '%s/mailboxes'",
                              s, s, s, out, s);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    snprintf(path, sizeof(path), "%s/compare.csv", out);
    rows wide = read_rows(path, 3);
    snprintf(path, sizeof(path), "%s/compare_long.csv", out);
    rows lg = read_rows(path, 3);
    assert_true(wide.nrows > 20);
    assert_int_equal(lg.nrows, 2 * wide.nrows);
    for (size_t k = 0; k < wide.nrows; k++) {
        assert_string_equal(cell(&lg, k, 0), "baseline");
        assert_string_equal(cell(&lg, k, 1), cell(&wide, k, 0));
        assert_string_equal(cell(&lg, k, 2), cell(&wide, k, 1));
        assert_string_equal(cell(&lg, wide.nrows + k, 0), "moved");
        assert_string_equal(cell(&lg, wide.nrows + k, 1), cell(&wide, k, 0));
        assert_string_equal(cell(&lg, wide.nrows + k, 2), cell(&wide, k, 2));
    }
    free_rows(&wide);
    free_rows(&lg);
    static const char *const per_run[] = {"tables/team_links.csv", "tables/meetings.csv",
                                          "teams.graphml", "person.graphml"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/moved/%s", out, per_run[i]);
        assert_int_equal(access(path, F_OK), 0);
        snprintf(path, sizeof(path), "%s/baseline/%s", out, per_run[i]);
        assert_int_equal(access(path, F_OK), 0);
    }
}

static int setup(void **state)
{
    (void)state;
    return tcli_setup("tables");
}

static int teardown(void **state)
{
    (void)state;
    return tcli_teardown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_agree_with_the_report_on_the_sample),
        cmocka_unit_test(test_tables_agree_with_the_report_on_2000_people),
        cmocka_unit_test(test_compare_long_holds_every_cell_of_the_wide_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
