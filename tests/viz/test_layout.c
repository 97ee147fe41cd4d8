/*
 * tests/viz/test_layout.c — the layout processes of the diagrams
 * (viz/dot_layout.c): many diagrams laid out by one process or by several
 * give the same SVG files, a process that has served its share is replaced
 * without losing a diagram, and a layout cut off by the time limit leaves
 * the DOT file and warns once per diagram, in the order of the diagrams.
 *
 * The organization (build_report) is wide on purpose: 70 units of two
 * teams under the root, drawn with an overview threshold of one team, so
 * every unit gets a drill-down and a proposal drill-down: 2 + 140 diagrams,
 * more than two processes serve before they are replaced.
 */
/* cmocka needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "io/error.h"
#include "support.h"
#include "viz/dot.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define UNITS 70

static json_t *build_report(void)
{
    json_t *units = json_array(), *teams = json_array();
    json_array_append_new(units, json_pack("{s:s, s:s}", "unit", "org", "name", "Org"));
    for (int u = 0; u < UNITS; u++) {
        char id[32], team[40], other[40];
        snprintf(id, sizeof(id), "u%02d", u);
        json_array_append_new(
            units, json_pack("{s:s, s:s, s:s}", "unit", id, "name", id, "parent", "org"));
        for (int t = 0; t < 2; t++) {
            snprintf(team, sizeof(team), "%s-t%d", id, t);
            /* Each first team meets the next unit's first team. */
            snprintf(other, sizeof(other), "u%02d-t0", (u + 1) % UNITS);
            json_t *links = json_array();
            if (t == 0) {
                json_array_append_new(
                    links, json_pack("{s:s, s:f}", "team", other, "hours_per_week", 1.0 + u % 3));
            }
            json_array_append_new(teams,
                                  json_pack("{s:s, s:s, s:s, s:i, s:o}", "team", team, "name", team,
                                            "parent", id, "headcount", 4, "links", links));
        }
    }
    return json_pack("{s:o, s:o}", "units", units, "teams", teams);
}

static void subdir(char *out, size_t n, const char *name)
{
    viz_path(out, n, name);
    assert_true(mkdir(out, 0777) == 0);
}

/* dir/name's bytes, or NULL when there is no such file. */
static char *slurp(const char *dir, const char *name)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return stat(path, &st) == 0 ? viz_slurp(path) : NULL;
}

static int render(json_t *r, const char *dir, int jobs, double seconds)
{
    lsn_dot_options opts = LSN_DOT_OPTIONS_INIT;
    opts.svg = true;
    opts.overview_teams = 1;
    opts.layout_jobs = jobs;
    opts.layout_seconds = seconds;
    int rc = lsn_dot_render(r, dir, &opts);
    if (rc != LSN_OK) {
        fail_msg("render: %s", lsn_error_last());
    }
    return rc;
}

/* The file names of every diagram: teams, proposal, then per unit. */
static void diagram_name(char *out, size_t n, int k)
{
    if (k < 2) {
        snprintf(out, n, "%s", k == 0 ? "teams.svg" : "proposal.svg");
    } else {
        int u = (k - 2) / 2;
        snprintf(out, n, "units/u%02d%s.svg", u, (k - 2) % 2 ? ".proposal" : "");
    }
}

static void test_any_number_of_processes_draws_the_same_files(void **state)
{
    (void)state;
    char one[512], three[512], name[64];
    subdir(one, sizeof(one), "one");
    subdir(three, sizeof(three), "three");
    json_t *r = build_report();
    assert_int_equal(render(r, one, 1, 60), LSN_OK);
    assert_int_equal(render(r, three, 3, 60), LSN_OK);
    for (int k = 0; k < 2 + 2 * UNITS; k++) {
        diagram_name(name, sizeof(name), k);
        char *a = slurp(one, name), *b = slurp(three, name);
        if (a == NULL || b == NULL) {
            fail_msg("%s: missing (one process: %s, three: %s)", name, a ? "there" : "missing",
                     b ? "there" : "missing");
        }
        assert_non_null(strstr(a, "</svg>"));
        if (k >= 2 && (k - 2) % 2 == 0) { /* a teams drill-down shows its own teams */
            char team[16];
            snprintf(team, sizeof(team), "u%02d&#45;t1", (k - 2) / 2);
            if (strstr(a, team) == NULL) {
                fail_msg("%s does not show %s", name, team);
            }
        }
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    json_decref(r);
}

static char warnings[65536];

static void keep_warning(void *ud, const char *message)
{
    (void)ud;
    size_t len = strlen(warnings);
    snprintf(warnings + len, sizeof(warnings) - len, "%s\n", message);
}

static void test_time_limit_warns_per_diagram_in_their_order(void **state)
{
    (void)state;
    char dir[512], name[64], want[1024];
    subdir(dir, sizeof(dir), "slow");
    json_t *r = build_report();
    warnings[0] = '\0';
    lsn_warn_set_handler(keep_warning, NULL);
    /* A microsecond: no layout fits in it, whatever the machine. */
    int rc = render(r, dir, 2, 1e-6);
    lsn_warn_set_handler(NULL, NULL);
    assert_int_equal(rc, LSN_OK);
    const char *at = warnings;
    for (int k = 0; k < 2 + 2 * UNITS; k++) {
        diagram_name(name, sizeof(name), k);
        snprintf(want, sizeof(want),
                 "%s/%s: layout took longer than 1e-06 s; the DOT file is written, render it "
                 "with dot -Tsvg\n",
                 dir, name);
        if (strncmp(at, want, strlen(want)) != 0) {
            fail_msg("warning %d: expected '%s', got '%.200s'", k, want, at);
        }
        at += strlen(want);
        char *svg = slurp(dir, name);
        assert_null(svg); /* no half-written diagram */
        name[strlen(name) - 3] = '\0';
        strcat(name, "dot");
        char *dot = slurp(dir, name);
        assert_non_null(dot);
        free(dot);
    }
    assert_string_equal(at, "");
    json_decref(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_any_number_of_processes_draws_the_same_files),
        cmocka_unit_test(test_time_limit_warns_per_diagram_in_their_order),
    };
    return cmocka_run_group_tests(tests, viz_setup, viz_teardown);
}
