/*
 * tests/viz/test_overview.c — the diagrams of an organization above the
 * overview threshold: the overview's summed links, liaison and missing-link
 * counts, the drill-downs with the outside collapsed, the file names, the
 * wrapping of long names, the layout time limit, and `liaison render` end
 * to end. The organization is built in code (build_report) so that every
 * expected figure can be read off it.
 */
/* cmocka needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "analysis/rollup.h"
#include "io/error.h"
#include "viz/dot.h"
#include "viz/dot_internal.h"

#include <graphviz/cgraph.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[256];

/* ---------------------------------------------------------------------- */
/* The organization                                                        */

/*
 * org (Org)
 *   alpha (Alpha)
 *     alpha-a "Alpha Applied Research And Development Group": alpha-a-1..6
 *     alpha-b (Alpha B): alpha-b-1..6
 *   beta (Beta)
 *     beta-a (Beta A): beta-a-1..6
 *     beta-b (Beta B): beta-b-1..6
 *   GAMMA_unit_x, "gamma unit/x", gamma_unit_x: one sub-unit <id>-s of
 *     six teams each (their file names collide)
 * 42 teams of 3 people: one over the default threshold of 40.
 *
 * Team links: alpha-a-1 - beta-a-1 1.5 h, alpha-a-2 - beta-a-3 1.0 h (the
 * overview pair alpha-a - beta-a: 2.5 h over 2 links), alpha-a-1 -
 * alpha-a-2 3 h (inside alpha-a: not on the overview), alpha-b-1 - beta-b-1
 * 0.5 h (under the overview's 2 h: drawn only for its liaison).
 * Liaisons: p1 alpha-a-3 -> beta-a-2 and p2 beta-a-4 -> alpha-a-5 (2 on
 * alpha-a - beta-a), p3 alpha-b-2 -> beta-b-2 (1 on alpha-b - beta-b).
 * Missing link: alpha-a-6 from beta-b-3 (1 on alpha-a - beta-b).
 * Needs: alpha-a-1 from beta-a-2 by liaison, alpha-a-2 from beta-a-1 by
 * notes (the proposal pair alpha-a -> beta-a: "1 notes, 1 liaison").
 */
static void add_unit(json_t *units, const char *id, const char *name, const char *parent)
{
    json_t *u = json_pack("{s:s, s:s}", "unit", id, "name", name);
    if (parent != NULL) {
        json_object_set_new(u, "parent", json_string(parent));
    }
    json_array_append_new(units, u);
}

static json_t *team_entry(json_t *teams, const char *id)
{
    size_t i;
    json_t *t;
    json_array_foreach(teams, i, t)
    {
        if (strcmp(json_string_value(json_object_get(t, "team")), id) == 0) {
            return t;
        }
    }
    fail_msg("no team %s", id);
    return NULL;
}

static void add_link(json_t *teams, const char *a, const char *b, double hours)
{
    json_array_append_new(json_object_get(team_entry(teams, a), "links"),
                          json_pack("{s:s, s:f}", "team", b, "hours_per_week", hours));
    json_array_append_new(json_object_get(team_entry(teams, b), "links"),
                          json_pack("{s:s, s:f}", "team", a, "hours_per_week", hours));
}

static json_t *build_report(void)
{
    json_t *units = json_array(), *teams = json_array();
    add_unit(units, "org", "Org", NULL);
    const char *tops[] = {"alpha", "beta", "GAMMA_unit_x", "gamma unit/x", "gamma_unit_x"};
    const char *top_names[] = {"Alpha", "Beta", "Gamma 1", "Gamma 2", "Gamma 3"};
    for (size_t i = 0; i < 5; i++) {
        add_unit(units, tops[i], top_names[i], "org");
        int subs = i < 2 ? 2 : 1;
        for (int s = 0; s < subs; s++) {
            char sub[64], team[80];
            snprintf(sub, sizeof(sub), i < 2 ? "%s-%c" : "%s-s", tops[i], 'a' + s);
            const char *sub_name =
                strcmp(sub, "alpha-a") == 0 ? "Alpha Applied Research And Development Group" : sub;
            add_unit(units, sub, sub_name, tops[i]);
            for (int t = 1; t <= 6; t++) {
                snprintf(team, sizeof(team), "%s-%d", sub, t);
                json_array_append_new(teams,
                                      json_pack("{s:s, s:s, s:s, s:i, s:[]}", "team", team, "name",
                                                team, "parent", sub, "headcount", 3, "links"));
            }
        }
    }
    add_link(teams, "alpha-a-1", "beta-a-1", 1.5);
    add_link(teams, "alpha-a-2", "beta-a-3", 1.0);
    add_link(teams, "alpha-a-1", "alpha-a-2", 3.0);
    add_link(teams, "alpha-b-1", "beta-b-1", 0.5);
    json_t *liaisons = json_pack(
        "[{s:s, s:s, s:s, s:f}, {s:s, s:s, s:s, s:f}, {s:s, s:s, s:s, s:f}]", "person", "p1@x.org",
        "team", "alpha-a-3", "to", "beta-a-2", "hours_per_week", 1.0, "person", "p2@x.org", "team",
        "beta-a-4", "to", "alpha-a-5", "hours_per_week", 1.0, "person", "p3@x.org", "team",
        "alpha-b-2", "to", "beta-b-2", "hours_per_week", 1.0);
    json_t *findings =
        json_pack("[{s:s, s:s, s:s, s:s, s:s}]", "type", "missing_link", "severity", "high", "team",
                  "alpha-a-6", "from", "beta-b-3", "explanation", "too little contact");
    json_t *proposal =
        json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "team", "alpha-a-1", "from", "beta-a-2",
                  "model", "liaison", "team", "alpha-a-2", "from", "beta-a-1", "model", "notes");
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "units", units, "teams", teams, "liaisons",
                     liaisons, "findings", findings, "proposal", proposal);
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static void subdir(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
    assert_true(mkdir(out, 0777) == 0);
}

static bool exists(const char *dir, const char *name)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

static Agraph_t *read_dot(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fail_msg("cannot open %s", path);
    }
    agseterr(AGMAX);
    Agraph_t *g = agread(f, NULL);
    fclose(f);
    assert_non_null(g);
    return g;
}

static const char *attr(void *obj, const char *name)
{
    char *v = agget(obj, (char *)name);
    return v != NULL ? v : "";
}

/* Graphviz text back to plain text: \\ is a backslash, \n \l end lines. */
static char *plain(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    assert_non_null(out);
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '\\' && p[1] != '\0') {
            p++;
            *o++ = (*p == 'n' || *p == 'l') ? '\n' : *p;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static void assert_text(const char *gv, const char *expected)
{
    char *p = plain(gv);
    assert_string_equal(p, expected);
    free(p);
}

static void assert_contains(const char *gv, const char *needle)
{
    char *p = plain(gv);
    if (strstr(p, needle) == NULL) {
        fail_msg("'%s' does not contain '%s'", p, needle);
    }
    free(p);
}

/* A subgraph by name at any depth. */
static Agraph_t *find_subg(Agraph_t *g, const char *name)
{
    Agraph_t *s = agsubg(g, (char *)name, 0);
    for (Agraph_t *c = agfstsubg(g); s == NULL && c != NULL; c = agnxtsubg(c)) {
        s = find_subg(c, name);
    }
    return s;
}

/* The edge between a and b, either way round; NULL when there is none. */
static Agedge_t *edge_between(Agraph_t *g, const char *a, const char *b)
{
    Agnode_t *na = agnode(g, (char *)a, 0), *nb = agnode(g, (char *)b, 0);
    if (na == NULL || nb == NULL) {
        return NULL;
    }
    Agedge_t *e = agedge(g, na, nb, NULL, 0);
    return e != NULL ? e : agedge(g, nb, na, NULL, 0);
}

static int render(json_t *report, const char *dir, bool svg, double seconds)
{
    lsn_dot_options opts = LSN_DOT_OPTIONS_INIT;
    opts.svg = svg;
    opts.layout_seconds = seconds;
    return lsn_dot_render(report, dir, &opts);
}

static char *slurp(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                   */

/* The groups of a view, which the diagrams take from the preorder of the
 * hierarchy in one pass, are lsn_rollup_groups' for every scope (the
 * organization, each unit, each team, and -1: everything below) and every
 * depth of folding: the same unit for each, or -1 for the scope and above. */
static void test_view_groups_are_the_rollup_groups(void **state)
{
    (void)state;
    json_t *r = build_report();
    org o;
    assert_int_equal(dot_org_load(&o, r, "report"), LSN_OK);
    assert_true(o.nunits > 40);
    int32_t *parent = malloc(o.nunits * sizeof(*parent));
    int32_t *want = malloc(o.nunits * sizeof(*want));
    int32_t *got = malloc(o.nunits * sizeof(*got));
    assert_non_null(parent);
    assert_non_null(want);
    assert_non_null(got);
    for (size_t k = 0; k < o.nunits; k++) {
        parent[k] = o.units[k].parent;
    }
    size_t inside = 0;
    for (int32_t scope = -1; scope < (int32_t)o.nunits; scope++) {
        for (int levels = 0; levels <= 3; levels++) {
            lsn_rollup_groups(want, parent, o.nunits, scope, levels);
            dot_view_groups(&o, scope, levels, got);
            assert_memory_equal(got, want, o.nunits * sizeof(*got));
            for (size_t k = 0; k < o.nunits; k++) {
                inside += want[k] >= 0 && want[k] != (int32_t)k;
            }
        }
    }
    assert_true(inside > 0); /* some unit was grouped under another */
    free(parent);
    free(want);
    free(got);
    dot_org_free(&o);
    json_decref(r);
}

static void test_overview_sums_links_per_sub_unit_pair(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "overview");
    json_t *r = build_report();
    assert_int_equal(render(r, dir, false, 0), LSN_OK);
    Agraph_t *g = read_dot(dir, "teams.dot");
    /* Sub-units are the nodes, in their top-level unit's cluster; no team. */
    assert_null(agnode(g, "alpha-a-1", 0));
    Agnode_t *aa = agnode(g, "alpha-a", 0);
    assert_non_null(aa);
    assert_non_null(agsubnode(agsubg(g, "cluster_alpha", 0), aa, 0));
    assert_null(find_subg(g, "cluster_alpha-a"));
    /* 1.5 h + 1.0 h over two team links, two liaisons (one each way). */
    Agedge_t *e = edge_between(g, "alpha-a", "beta-a");
    assert_non_null(e);
    assert_text(attr(e, "label"), "2 liaisons");
    assert_contains(attr(e, "tooltip"), "2.50 meeting hours per week over 2 team links; 2 "
                                        "liaison links");
    assert_string_equal(attr(e, "color"), "#1565c0");
    /* 0.5 h is under the overview's 2 h, but a liaison runs along it: blue,
     * and a single liaison is not counted on the line, only in its tooltip. */
    e = edge_between(g, "alpha-b", "beta-b");
    assert_non_null(e);
    assert_text(attr(e, "label"), "");
    assert_string_equal(attr(e, "color"), "#1565c0");
    assert_contains(attr(e, "tooltip"), "0.50 meeting hours per week over 1 team link; 1 liaison "
                                        "link");
    /* No meeting link at all, one missing link: red dashed, the one in the
     * tooltip. */
    e = edge_between(g, "alpha-a", "beta-b");
    assert_non_null(e);
    assert_text(attr(e, "label"), "");
    assert_string_equal(attr(e, "style"), "dashed");
    assert_contains(attr(e, "tooltip"), "0.00 meeting hours per week over 0 team links; 1 missing "
                                        "link");
    /* Nothing between units that share no link. */
    assert_null(edge_between(g, "alpha-a", "alpha-b"));
    agclose(g);

    g = read_dot(dir, "proposal.dot");
    e = edge_between(g, "alpha-a", "beta-a");
    assert_non_null(e);
    assert_text(attr(e, "label"), "1 notes, 1 liaison");
    agclose(g);
    json_decref(r);
}

static void test_overview_threshold_keeps_the_teams_diagram_up_to_it(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "at-threshold");
    json_t *r = build_report();
    lsn_dot_options opts = LSN_DOT_OPTIONS_INIT;
    opts.overview_teams = 42; /* exactly the team count: still the full diagram */
    assert_int_equal(lsn_dot_render(r, dir, &opts), LSN_OK);
    Agraph_t *g = read_dot(dir, "teams.dot");
    assert_non_null(agnode(g, "alpha-a-1", 0));
    agclose(g);
    assert_false(exists(dir, "units"));

    subdir(dir, sizeof(dir), "never");
    opts.overview_teams = 0; /* 0: never an overview */
    assert_int_equal(lsn_dot_render(r, dir, &opts), LSN_OK);
    assert_false(exists(dir, "units"));
    json_decref(r);
}

static void test_drill_down_collapses_the_outside_to_top_level_units(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "drill");
    json_t *r = build_report();
    assert_int_equal(render(r, dir, false, 0), LSN_OK);
    Agraph_t *g = read_dot(dir, "units/alpha.dot");
    /* Alpha's teams in their clusters; beta is one folder. */
    assert_non_null(agsubnode(find_subg(g, "cluster_alpha-a"), agnode(g, "alpha-a-1", 0), 0));
    assert_null(agnode(g, "beta-a-1", 0));
    assert_null(agnode(g, "beta-a", 0));
    Agnode_t *beta = agnode(g, "beta", 0);
    assert_non_null(beta);
    assert_string_equal(attr(beta, "shape"), "folder");
    /* Inside: the team link as in teams.dot. */
    Agedge_t *e = edge_between(g, "alpha-a-1", "alpha-a-2");
    assert_non_null(e);
    assert_contains(attr(e, "tooltip"), "3.00 meeting hours per week");
    /* To the outside: summed per team and folder. */
    e = edge_between(g, "alpha-a-1", "beta");
    assert_non_null(e);
    assert_contains(attr(e, "tooltip"), "1.50 meeting hours per week over 1 team link");
    e = edge_between(g, "alpha-a-3", "beta");
    assert_non_null(e);
    assert_text(attr(e, "label"), ""); /* one liaison: said by the colour */
    assert_string_equal(attr(e, "color"), "#1565c0");
    assert_contains(attr(e, "tooltip"), "; 1 liaison link");
    e = edge_between(g, "alpha-a-6", "beta");
    assert_non_null(e);
    assert_text(attr(e, "label"), "");
    assert_contains(attr(e, "tooltip"), "; 1 missing link");
    /* Nothing of beta's own links to others. */
    assert_null(agnode(g, "gamma_unit_x", 0));
    agclose(g);

    g = read_dot(dir, "units/alpha.proposal.dot");
    /* The need of alpha-a-1 from beta-a-2 ends on the beta folder. */
    e = edge_between(g, "alpha-a-1", "beta");
    assert_non_null(e);
    assert_string_equal(attr(e, "color"), "#1565c0");
    agclose(g);
    json_decref(r);
}

static void test_drill_down_file_names_are_safe_and_distinct(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "names");
    json_t *r = build_report();
    assert_int_equal(render(r, dir, false, 0), LSN_OK);
    /* Byte order: "GAMMA_unit_x" < "gamma unit/x" < "gamma_unit_x"; the
     * names compare without case, so the later ones get -2 and -3. */
    const char *want[][2] = {{"units/GAMMA_unit_x.dot", "Gamma 1"},
                             {"units/gamma_unit_x-2.dot", "Gamma 2"},
                             {"units/gamma_unit_x-3.dot", "Gamma 3"},
                             {"units/gamma_unit_x-3.proposal.dot", "Gamma 3"},
                             {"units/beta.dot", "Beta"}};
    for (size_t i = 0; i < 5; i++) {
        Agraph_t *g = read_dot(dir, want[i][0]);
        assert_contains(attr(g, "label"), want[i][1]);
        agclose(g);
    }
    /* Units with nothing under them (the teams) get no file. */
    assert_false(exists(dir, "units/alpha-a-1.dot"));
    json_decref(r);
}

static void test_long_names_wrap_at_word_boundaries(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "wrap");
    json_t *r = build_report();
    assert_int_equal(render(r, dir, false, 0), LSN_OK);
    Agraph_t *g = read_dot(dir, "teams.dot");
    Agnode_t *n = agnode(g, "alpha-a", 0);
    /* 18 characters a line at most, words whole; the id in the tooltip. */
    assert_text(attr(n, "label"),
                "Alpha Applied\nResearch And\nDevelopment Group\n6 teams, 18 people");
    assert_contains(attr(n, "tooltip"), "Alpha Applied Research And Development Group (alpha-a)");
    agclose(g);
    g = read_dot(dir, "units/alpha.dot");
    assert_text(attr(find_subg(g, "cluster_alpha-a"), "label"),
                "Alpha Applied\nResearch And\nDevelopment Group");
    agclose(g);
    json_decref(r);
}

static void test_overview_svg_rendered_and_deterministic(void **state)
{
    (void)state;
    char a[512], b[512];
    subdir(a, sizeof(a), "svg-a");
    subdir(b, sizeof(b), "svg-b");
    json_t *r = build_report();
    assert_int_equal(render(r, a, true, 60), LSN_OK);
    assert_int_equal(render(r, b, true, 60), LSN_OK);
    const char *files[] = {"teams.svg", "proposal.svg", "units/alpha.svg",
                           "units/beta.proposal.svg"};
    for (size_t i = 0; i < 4; i++) {
        char *x = slurp(a, files[i]), *y = slurp(b, files[i]);
        assert_non_null(x);
        assert_non_null(y);
        assert_non_null(strstr(x, "</svg>"));
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
    json_decref(r);
}

/* compare.html's diagrams: the teams diagram alone (the overview above the
 * threshold, the whole one up to it), laid out in one batch for several
 * reports: the same teams.dot and teams.svg as a full render of each, and
 * nothing else. */
static void test_batch_of_teams_diagrams_matches_full_renders(void **state)
{
    (void)state;
    char full[512], big[512], small[512];
    subdir(full, sizeof(full), "batch-full");
    subdir(big, sizeof(big), "batch-big");
    subdir(small, sizeof(small), "batch-small");
    json_t *r = build_report();
    assert_int_equal(render(r, full, true, 60), LSN_OK);
    lsn_dot_options opts = LSN_DOT_OPTIONS_INIT;
    opts.svg = true;
    opts.layout_seconds = 60;
    opts.teams_only = true;
    lsn_dot_batch *b = NULL;
    assert_int_equal(lsn_dot_batch_open(&b, &opts), LSN_OK);
    assert_int_equal(lsn_dot_batch_render(b, r, "report", big), LSN_OK);
    assert_int_equal(lsn_dot_batch_close(b), LSN_OK);
    const char *files[] = {"teams.dot", "teams.svg"};
    for (size_t i = 0; i < 2; i++) {
        char *x = slurp(full, files[i]), *y = slurp(big, files[i]);
        assert_non_null(x);
        assert_non_null(y);
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
    assert_false(exists(big, "proposal.dot"));
    assert_false(exists(big, "proposal.svg"));
    assert_false(exists(big, "units"));

    /* Up to the threshold the whole diagram; two reports in one batch. */
    char again[512], whole[512];
    subdir(again, sizeof(again), "batch-again");
    subdir(whole, sizeof(whole), "batch-whole");
    lsn_dot_options all = opts;
    all.teams_only = false;
    all.overview_teams = 0;
    assert_int_equal(lsn_dot_render(r, whole, &all), LSN_OK);
    opts.overview_teams = 0;
    assert_int_equal(lsn_dot_batch_open(&b, &opts), LSN_OK);
    assert_int_equal(lsn_dot_batch_render(b, r, "report", small), LSN_OK);
    assert_int_equal(lsn_dot_batch_render(b, r, "report", again), LSN_OK);
    assert_int_equal(lsn_dot_batch_close(b), LSN_OK);
    for (size_t i = 0; i < 2; i++) {
        char *x = slurp(whole, files[i]), *y = slurp(small, files[i]), *z = slurp(again, files[i]);
        assert_non_null(x);
        assert_non_null(y);
        assert_non_null(z);
        assert_true(i > 0 || strstr(x, "alpha-a-1") != NULL); /* a team node: not the overview */
        assert_string_equal(x, y);
        assert_string_equal(x, z);
        free(x);
        free(y);
        free(z);
    }
    assert_false(exists(small, "proposal.dot"));
    json_decref(r);
}

static char warned[1024];

static void keep_warning(void *ud, const char *message)
{
    (void)ud;
    snprintf(warned, sizeof(warned), "%s", message);
}

static void test_layout_time_limit_stops_with_a_warning(void **state)
{
    (void)state;
    char dir[512], want[1024];
    subdir(dir, sizeof(dir), "slow");
    json_t *r = build_report();
    warned[0] = '\0';
    lsn_warn_set_handler(keep_warning, NULL);
    /* A millisecond: not even Graphviz's start-up fits in it. */
    int rc = render(r, dir, true, 0.001);
    lsn_warn_set_handler(NULL, NULL);
    assert_int_equal(rc, LSN_OK);
    snprintf(want, sizeof(want),
             "%s/units/gamma_unit_x-3.proposal.svg: layout took longer than 0.001 s; the DOT file "
             "is written, render it with dot -Tsvg",
             dir);
    assert_string_equal(warned, want); /* the last diagram's */
    assert_true(exists(dir, "teams.dot"));
    assert_false(exists(dir, "teams.svg"));
    assert_false(exists(dir, "units/alpha.svg"));

    /* The environment variable wins, and a bad one is refused. */
    setenv("LIAISON_LAYOUT_TIMEOUT", "soon", 1);
    assert_int_equal(render(r, dir, true, 60), LSN_EINVAL);
    assert_string_equal(lsn_error_last(),
                        "LIAISON_LAYOUT_TIMEOUT: 'soon' is not a number of seconds >= 0");
    unsetenv("LIAISON_LAYOUT_TIMEOUT");
    json_decref(r);
}

static void test_cli_render_overview_and_time_limit(void **state)
{
    (void)state;
    char report[512], out[512], cmd[2048], err[512];
    snprintf(report, sizeof(report), "%s/big.json", tmpdir);
    json_t *r = build_report();
    assert_int_equal(json_dump_file(r, report, 0), 0);
    json_decref(r);
    snprintf(out, sizeof(out), "%s/cli-out", tmpdir);
    snprintf(err, sizeof(err), "%s/cli-stderr", tmpdir);
    snprintf(cmd, sizeof(cmd),
             "LIAISON_LAYOUT_TIMEOUT=0.001 '%s' render '%s' --out '%s' --svg >/dev/null 2>'%s'",
             LSN_BINARY, report, out, err);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    char *text = slurp(tmpdir, "cli-stderr");
    assert_non_null(text);
    char want[1024];
    snprintf(want, sizeof(want),
             "liaison: warning: %s/teams.svg: layout took longer than 0.001 s; the DOT file is "
             "written, render it with dot -Tsvg",
             out);
    if (strstr(text, want) == NULL) {
        fail_msg("stderr lacks '%s': %s", want, text);
    }
    free(text);
    assert_true(exists(out, "teams.dot"));
    assert_true(exists(out, "units/alpha.dot"));
    assert_true(exists(out, "units/alpha.proposal.dot"));
    assert_false(exists(out, "teams.svg"));
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/lsn-test-overview-XXXXXX");
    return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overview_sums_links_per_sub_unit_pair),
        cmocka_unit_test(test_view_groups_are_the_rollup_groups),
        cmocka_unit_test(test_overview_threshold_keeps_the_teams_diagram_up_to_it),
        cmocka_unit_test(test_drill_down_collapses_the_outside_to_top_level_units),
        cmocka_unit_test(test_drill_down_file_names_are_safe_and_distinct),
        cmocka_unit_test(test_long_names_wrap_at_word_boundaries),
        cmocka_unit_test(test_overview_svg_rendered_and_deterministic),
        cmocka_unit_test(test_batch_of_teams_diagrams_matches_full_renders),
        cmocka_unit_test(test_layout_time_limit_stops_with_a_warning),
        cmocka_unit_test(test_cli_render_overview_and_time_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
