/*
 * tests/viz/test_dot.c — teams.dot and proposal.dot read back with cgraph:
 * the nodes, the nested clusters, the edge styles, escaping of hostile
 * names, the SVG, determinism, the golden files, the error paths, and
 * `liaison render` end to end.
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
#include "viz/dot.h"

#include <graphviz/cgraph.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef LSN_HAVE_LIBXML2
#include <libxml/parser.h>
#endif

static char tmpdir[256];

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */

static char *slurp(const char *path, size_t *len)
{
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
    if (len != NULL) {
        *len = got;
    }
    return buf;
}

static void path_in(char *out, size_t n, const char *dir, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

/* A fresh folder under the test's temporary folder. */
static void subdir(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
    assert_true(mkdir(out, 0777) == 0);
}

static json_t *load_json_text(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    if (j == NULL) {
        fail_msg("bad test JSON at line %d: %s", err.line, err.text);
    }
    return j;
}

static json_t *fixture(const char *name)
{
    char path[1024];
    json_error_t err;
    snprintf(path, sizeof(path), "%s/%s", LSN_FIXTURES, name);
    json_t *j = json_load_file(path, 0, &err);
    if (j == NULL) {
        fail_msg("%s:%d: %s", path, err.line, err.text);
    }
    return j;
}

static Agraph_t *read_dot(const char *dir, const char *name)
{
    char path[1024];
    path_in(path, sizeof(path), dir, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    agseterr(AGMAX);
    Agraph_t *g = agread(f, NULL);
    fclose(f);
    if (g == NULL) {
        char *msg = aglasterr();
        fail_msg("%s does not read back: %s", path, msg ? msg : "?");
    }
    return g;
}

static const char *attr(void *obj, const char *name)
{
    char *v = agget(obj, (char *)name);
    return v != NULL ? v : "";
}

/* Graphviz text back to plain text: \\ is a backslash, \n \l \r end lines. */
static char *gv_unescape(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    assert_non_null(out);
    char *o = out;
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '\\' && p[1] != '\0') {
            p++;
            *o++ = (*p == 'n' || *p == 'l' || *p == 'r') ? '\n' : *p;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static void assert_gv_text(const char *gv, const char *expected)
{
    char *plain = gv_unescape(gv);
    assert_string_equal(plain, expected);
    free(plain);
}

static bool gv_text_contains(const char *gv, const char *needle)
{
    char *plain = gv_unescape(gv);
    bool found = strstr(plain, needle) != NULL;
    free(plain);
    return found;
}

static Agnode_t *node(Agraph_t *g, const char *name)
{
    Agnode_t *n = agnode(g, (char *)name, 0);
    if (n == NULL) {
        fail_msg("no node '%s'", name);
    }
    return n;
}

/* The first edge tail -> head whose attribute `key` is `value` (any when
 * key is NULL), skipping invisible edges. */
static Agedge_t *
find_edge(Agraph_t *g, const char *tail, const char *head, const char *key, const char *value)
{
    Agnode_t *t = agnode(g, (char *)tail, 0), *h = agnode(g, (char *)head, 0);
    if (t == NULL || h == NULL) {
        return NULL;
    }
    for (Agedge_t *e = agfstout(g, t); e != NULL; e = agnxtout(g, e)) {
        if (aghead(e) == h && (key == NULL || strcmp(attr(e, key), value) == 0)) {
            return e;
        }
    }
    return NULL;
}

static int count_nodes(Agraph_t *g)
{
    int n = 0;
    for (Agnode_t *v = agfstnode(g); v != NULL; v = agnxtnode(g, v)) {
        n++;
    }
    return n;
}

static bool in_cluster(Agraph_t *cluster, Agnode_t *n)
{
    return cluster != NULL && agsubnode(cluster, n, 0) != NULL;
}

static int render(const json_t *report, const char *dir, double min_hours, bool svg)
{
    lsn_dot_options opts = LSN_DOT_OPTIONS_INIT;
    opts.min_edge_hours = min_hours;
    opts.svg = svg;
    return lsn_dot_render(report, dir, &opts);
}

/* Well-formed XML: libxml2 when the build has it, else balanced tags. */
static void assert_svg_well_formed(const char *dir, const char *name)
{
    char path[1024];
    size_t len;
    path_in(path, sizeof(path), dir, name);
    char *svg = slurp(path, &len);
    assert_non_null(svg);
    assert_true(strncmp(svg, "<?xml", 5) == 0 || strncmp(svg, "<svg", 4) == 0);
    assert_true(len > 7);
    const char *end = svg + len;
    while (end > svg && (end[-1] == '\n' || end[-1] == ' ')) {
        end--;
    }
    assert_true(end - svg >= 6 && strncmp(end - 6, "</svg>", 6) == 0);
#ifdef LSN_HAVE_LIBXML2
    xmlDocPtr doc = xmlReadMemory(svg, (int)len, path, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL) {
        fail_msg("%s is not well-formed XML", path);
    }
    xmlFreeDoc(doc);
#else
    int depth = 0;
    for (const char *p = svg; *p != '\0'; p++) {
        if (p[0] == '<' && p[1] == '/') {
            depth--;
        } else if (p[0] == '<' && p[1] != '?' && p[1] != '!') {
            const char *q = strchr(p, '>');
            assert_non_null(q);
            if (q[-1] != '/') {
                depth++;
            }
        }
        assert_true(depth >= 0);
    }
    assert_int_equal(depth, 0);
#endif
    free(svg);
}

static void assert_same_file(const char *dir1, const char *dir2, const char *name)
{
    char p1[1024], p2[1024];
    size_t n1, n2;
    path_in(p1, sizeof(p1), dir1, name);
    path_in(p2, sizeof(p2), dir2, name);
    char *a = slurp(p1, &n1), *b = slurp(p2, &n2);
    assert_non_null(a);
    assert_non_null(b);
    if (n1 != n2 || memcmp(a, b, n1) != 0) {
        fail_msg("%s and %s differ", p1, p2);
    }
    free(a);
    free(b);
}

/* ---------------------------------------------------------------------- */
/* teams.dot                                                              */

static void test_dot_teams_in_nested_clusters(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "clusters");
    json_t *r = fixture("small_report.json");
    assert_int_equal(render(r, dir, LSN_DOT_MIN_EDGE_HOURS, false), LSN_OK);
    Agraph_t *g = read_dot(dir, "teams.dot");

    /* The single root is the outer graph, named in its label. */
    assert_null(agsubg(g, "cluster_acme", 0));
    assert_true(gv_text_contains(attr(g, "label"), "Teams of Acme Corp"));
    /* eng > eng-pay > {eng-pay-api, eng-pay-web}; eng-lead directly in eng. */
    Agraph_t *eng = agsubg(g, "cluster_eng", 0);
    assert_non_null(eng);
    assert_gv_text(attr(eng, "label"), "Engineering");
    Agraph_t *pay = agsubg(eng, "cluster_eng-pay", 0);
    assert_non_null(pay);
    assert_gv_text(attr(pay, "label"), "Payments");
    assert_true(in_cluster(pay, node(g, "eng-pay-api")));
    assert_true(in_cluster(pay, node(g, "eng-pay-web")));
    assert_true(in_cluster(eng, node(g, "eng-lead")));
    assert_false(in_cluster(pay, node(g, "eng-lead")));
    Agraph_t *sales = agsubg(g, "cluster_sales", 0);
    assert_non_null(sales);
    assert_true(in_cluster(sales, node(g, "sales-emea")));
    /* Support is a team with nobody under it: a box, no cluster. */
    assert_null(agsubg(g, "cluster_support", 0));
    assert_false(in_cluster(eng, node(g, "support")));
    assert_gv_text(attr(node(g, "eng-pay-api"), "label"), "Payments API\n9 people");
    assert_gv_text(attr(node(g, "eng-lead"), "label"), "Engineering leadership\n1 person");
    /* Size grows with headcount. */
    assert_true(atof(attr(node(g, "eng-pay-api"), "fontsize")) >
                atof(attr(node(g, "eng-pay-web"), "fontsize")));
    assert_true(atof(attr(node(g, "eng-pay-api"), "width")) >
                atof(attr(node(g, "eng-pay-web"), "width")));
    agclose(g);
    json_decref(r);
}

static void test_dot_link_width_follows_hours_and_threshold(void **state)
{
    (void)state;
    char dir[512], all[512];
    subdir(dir, sizeof(dir), "links");
    subdir(all, sizeof(all), "links-all");
    json_t *r = fixture("small_report.json");
    assert_int_equal(render(r, dir, LSN_DOT_MIN_EDGE_HOURS, false), LSN_OK);
    assert_int_equal(render(r, all, 0, false), LSN_OK);
    Agraph_t *g = read_dot(dir, "teams.dot");
    /* Undirected links are drawn once, from the smaller id. */
    Agedge_t *strong = find_edge(g, "eng-lead", "eng-pay-api", "dir", "none");
    Agedge_t *weak = find_edge(g, "eng-lead", "eng-pay-web", "dir", "none");
    assert_non_null(strong);
    assert_non_null(weak);
    assert_null(find_edge(g, "eng-pay-api", "eng-lead", "dir", "none"));
    assert_true(atof(attr(strong, "penwidth")) > atof(attr(weak, "penwidth")));
    assert_true(atof(attr(strong, "weight")) > atof(attr(weak, "weight")));
    double weak_pen = atof(attr(weak, "penwidth"));
    /* 0.2 h is under the default threshold of 0.5 h. */
    assert_null(find_edge(g, "eng-pay-api", "eng-pay-web", "dir", "none"));
    agclose(g);

    g = read_dot(all, "teams.dot");
    Agedge_t *faint = find_edge(g, "eng-pay-api", "eng-pay-web", "dir", "none");
    assert_non_null(faint);
    assert_true(atof(attr(faint, "penwidth")) < weak_pen);
    agclose(g);
    json_decref(r);
}

static void test_dot_liaison_edges_labelled_with_the_person(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "liaisons");
    json_t *r = fixture("small_report.json");
    /* A threshold that hides every team link: liaisons stay. */
    assert_int_equal(render(r, dir, 100, false), LSN_OK);
    Agraph_t *g = read_dot(dir, "teams.dot");
    Agedge_t *e = find_edge(g, "sales-emea", "eng-pay-api", "color", "#1565c0");
    assert_non_null(e);
    assert_gv_text(attr(e, "label"), "Ana Ruiz");
    assert_string_equal(attr(e, "dir"), "");
    /* No roster name: the email's local part. */
    e = find_edge(g, "eng-pay-web", "sales-emea", "color", "#1565c0");
    assert_non_null(e);
    assert_gv_text(attr(e, "label"), "cy.ng");
    assert_true(gv_text_contains(attr(e, "tooltip"), "low_context_liaison"));
    assert_null(find_edge(g, "eng-lead", "eng-pay-api", "dir", "none"));
    agclose(g);
    json_decref(r);
}

static void test_dot_missing_links_red_dashed_also_to_a_unit(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "missing");
    json_t *r = fixture("small_report.json");
    assert_int_equal(render(r, dir, LSN_DOT_MIN_EDGE_HOURS, false), LSN_OK);
    Agraph_t *g = read_dot(dir, "teams.dot");
    Agedge_t *e = find_edge(g, "support", "eng-pay-web", "style", "dashed");
    assert_non_null(e);
    assert_string_equal(attr(e, "color"), "#d32f2f");
    assert_gv_text(attr(e, "label"), "missing (moderate)");
    /* `from` is the unit eng: a folder node inside eng's cluster. */
    e = find_edge(g, "sales-emea", "eng", "style", "dashed");
    assert_non_null(e);
    assert_string_equal(attr(e, "color"), "#d32f2f");
    Agnode_t *unit = node(g, "eng");
    assert_string_equal(attr(unit, "shape"), "folder");
    assert_true(in_cluster(agsubg(g, "cluster_eng", 0), unit));
    assert_false(in_cluster(agsubg(agsubg(g, "cluster_eng", 0), "cluster_eng-pay", 0), unit));
    agclose(g);
    json_decref(r);
}

static void test_dot_findings_mark_teams_and_units(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "findings");
    json_t *r = fixture("small_report.json");
    assert_int_equal(render(r, dir, LSN_DOT_MIN_EDGE_HOURS, false), LSN_OK);
    Agraph_t *g = read_dot(dir, "teams.dot");
    /* support: isolated_team (high) and a missing link (medium). */
    Agnode_t *support = node(g, "support");
    assert_string_equal(attr(support, "color"), "#c62828");
    assert_true(gv_text_contains(attr(support, "tooltip"), "[high] isolated_team"));
    assert_true(gv_text_contains(attr(support, "tooltip"), "[medium] missing_link"));
    /* eng-pay-web: cy.ng's low_context_liaison, a person finding. */
    Agnode_t *web = node(g, "eng-pay-web");
    assert_string_equal(attr(web, "color"), "#9e8600");
    assert_true(gv_text_contains(attr(web, "tooltip"), "low_context_liaison"));
    /* A team no finding names keeps the default look. */
    assert_string_equal(attr(node(g, "eng-pay-api"), "penwidth"), "");
    assert_string_equal(attr(node(g, "eng-pay-api"), "color"), "#78909c");
    /* Unit findings colour the unit's name. */
    Agraph_t *pay = agsubg(agsubg(g, "cluster_eng", 0), "cluster_eng-pay", 0);
    assert_string_equal(attr(pay, "fontcolor"), "#c62828");
    assert_true(gv_text_contains(attr(pay, "tooltip"), "liaisons_everywhere"));
    agclose(g);
    json_decref(r);
}

/* ---------------------------------------------------------------------- */
/* proposal.dot                                                           */

static void test_dot_proposal_styles_each_model(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "proposal");
    json_t *r = fixture("small_report.json");
    assert_int_equal(render(r, dir, LSN_DOT_MIN_EDGE_HOURS, false), LSN_OK);
    Agraph_t *g = read_dot(dir, "proposal.dot");
    /* liaison, existing: solid blue, the person, kept. */
    Agedge_t *e = find_edge(g, "sales-emea", "eng-pay-api", NULL, NULL);
    assert_non_null(e);
    assert_string_equal(attr(e, "color"), "#1565c0");
    assert_string_equal(attr(e, "style"), "");
    assert_gv_text(attr(e, "label"), "Ana Ruiz\n(kept)");
    /* rotation: dashed orange with the rota. */
    e = find_edge(g, "support", "eng-pay-web", NULL, NULL);
    assert_non_null(e);
    assert_string_equal(attr(e, "style"), "dashed");
    assert_string_equal(attr(e, "color"), "#ef6c00");
    assert_gv_text(attr(e, "label"), "rotation: cy.ng, Bo Li");
    /* notes: dotted grey, nobody. */
    e = find_edge(g, "eng-pay-web", "support", NULL, NULL);
    assert_non_null(e);
    assert_string_equal(attr(e, "style"), "dotted");
    assert_string_equal(attr(e, "color"), "#9e9e9e");
    assert_gv_text(attr(e, "label"), "notes");
    /* embedded: bold green; its target's meeting must be restructured, and
     * the finding names the series' subject. */
    e = find_edge(g, "support", "eng-lead", NULL, NULL);
    assert_non_null(e);
    assert_string_equal(attr(e, "style"), "bold");
    assert_string_equal(attr(e, "color"), "#2e7d32");
    assert_gv_text(attr(e, "label"), "embedded: Di Oz");
    Agnode_t *lead = node(g, "eng-lead");
    assert_gv_text(attr(lead, "xlabel"), "restructure: Architecture review");
    assert_string_equal(attr(lead, "color"), "#c62828");
    /* centralized: one liaison group for eng-pay-api, then one edge per
     * target; the unit target is a folder; an unknown series shows its UID
     * on the edge, since a unit has no box to mark. */
    Agnode_t *group = node(g, "liaison group: eng-pay-api");
    assert_string_equal(attr(group, "shape"), "hexagon");
    assert_non_null(find_edge(g, "eng-pay-api", "liaison group: eng-pay-api", NULL, NULL));
    e = find_edge(g, "liaison group: eng-pay-api", "sales", NULL, NULL);
    assert_non_null(e);
    assert_string_equal(attr(e, "color"), "#6a1b9a");
    assert_gv_text(attr(e, "label"), "Bo Li\nrestructure: weekly-7@acme.example");
    assert_string_equal(attr(node(g, "sales"), "shape"), "folder");
    assert_non_null(find_edge(g, "liaison group: eng-pay-api", "support", NULL, NULL));
    /* A need from a unit whose liaison sits in one team of it ends at that
     * team; the subject the report gives names the meeting to restructure. */
    e = find_edge(g, "eng-lead", "sales-emea", NULL, NULL);
    assert_non_null(e);
    assert_gv_text(attr(e, "label"), "Bo Li\nfor Sales");
    assert_null(find_edge(g, "eng-lead", "sales", NULL, NULL));
    Agnode_t *emea = node(g, "sales-emea");
    assert_gv_text(attr(emea, "xlabel"), "restructure: Pipeline review");
    assert_string_equal(attr(emea, "color"), "#c62828");
    /* An unmet need keeps its model's style, in red. */
    e = find_edge(g, "support", "sales", NULL, NULL);
    assert_non_null(e);
    assert_gv_text(attr(e, "label"), "unmet embedded");
    assert_string_equal(attr(e, "style"), "bold");
    assert_string_equal(attr(e, "color"), "#d32f2f");
    /* Only teams that a need involves are drawn. */
    assert_null(agnode(g, "sales-emea-nope", 0));
    assert_int_equal(count_nodes(g), 7); /* 5 teams, 1 group, 1 unit */
    agclose(g);
    json_decref(r);
}

static void test_dot_proposal_absent_says_so(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "noproposal");
    json_t *r = fixture("small_report.json");
    json_object_del(r, "proposal");
    assert_int_equal(render(r, dir, LSN_DOT_MIN_EDGE_HOURS, true), LSN_OK);
    Agraph_t *g = read_dot(dir, "proposal.dot");
    assert_int_equal(count_nodes(g), 0);
    assert_true(gv_text_contains(attr(g, "label"), "no proposal section"));
    agclose(g);
    assert_svg_well_formed(dir, "proposal.svg");
    /* teams.dot does not need a proposal. */
    g = read_dot(dir, "teams.dot");
    assert_int_equal(count_nodes(g), 6); /* 5 teams + the eng unit node */
    agclose(g);
    json_decref(r);
}

/* ---------------------------------------------------------------------- */
/* Escaping                                                               */

/* Ids and names with a quote, backslashes (one before a quote, one at the
 * end: cgraph 2.42 alone would write DOT it cannot read back), HTML-like
 * text, Graphviz escapes (\N, \n) and non-ASCII letters. */
static const char hostile_report[] =
    "{\"units\": ["
    "  {\"unit\": \"root\", \"name\": \"Root\", \"parent\": null},"
    "  {\"unit\": \"u\\\"nit\\\\\", \"name\": \"Unit <i>\\\"x\\\"</i> \\\\N\", \"parent\": "
    "\"root\"}"
    "],"
    "\"teams\": ["
    "  {\"team\": \"q\\\"uo\\\\\\\"te <b>html</b> Zo\u00eb \u00d8deg\u00e5rd\", \"name\": "
    "\"Zo\u00eb \\\"Zed\\\" \u00d8deg\u00e5rd \\\\ <b>x</b>\", \"parent\": \"u\\\"nit\\\\\", "
    "\"headcount\": 3, \"links\": [{\"team\": \"back\\\\slash\\\\\", \"hours_per_week\": 2}]},"
    "  {\"team\": \"back\\\\slash\\\\\", \"name\": \"\\\\n not a newline\", \"parent\": \"root\", "
    "\"headcount\": 2, \"links\": []}"
    "],"
    "\"people\": [{\"person\": \"z@x.example\", \"name\": \"Zo\u00eb \\\"Zed\\\" \u00d8deg\u00e5rd "
    "\\\\ <b>x</b>\", \"team\": \"back\\\\slash\\\\\"}],"
    "\"liaisons\": [{\"person\": \"z@x.example\", \"team\": \"back\\\\slash\\\\\", "
    "\"to\": \"q\\\"uo\\\\\\\"te <b>html</b> Zo\u00eb \u00d8deg\u00e5rd\", \"hours_per_week\": 1, "
    "\"instances\": 5}],"
    "\"findings\": [],"
    "\"proposal\": [{\"team\": \"back\\\\slash\\\\\", \"from\": \"u\\\"nit\\\\\", "
    "\"model\": \"liaison\", \"people\": [\"z@x.example\"], \"existing\": false, "
    "\"restructure\": null}]"
    "}";

static Agnode_t *node_for_id(Agraph_t *g, const char *id)
{
    for (Agnode_t *n = agfstnode(g); n != NULL; n = agnxtnode(g, n)) {
        char *plain = gv_unescape(agnameof(n));
        bool same = strcmp(plain, id) == 0;
        free(plain);
        if (same) {
            return n;
        }
    }
    fail_msg("no node for id '%s'", id);
    return NULL;
}

static void test_dot_hostile_names_round_trip(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "hostile");
    json_t *r = load_json_text(hostile_report);
    const json_t *t0 = json_array_get(json_object_get(r, "teams"), 0);
    const char *quote_id = json_string_value(json_object_get(t0, "team"));
    const char *zoe = json_string_value(json_object_get(t0, "name"));
    const char *unit_id = "u\"nit\\";
    const char *unit_name = "Unit <i>\"x\"</i> \\N";
    assert_string_equal(quote_id, "q\"uo\\\"te <b>html</b> Zo\xc3\xab \xc3\x98"
                                  "deg\xc3\xa5rd");
    assert_int_equal(render(r, dir, LSN_DOT_MIN_EDGE_HOURS, true), LSN_OK);

    Agraph_t *g = read_dot(dir, "teams.dot");
    Agnode_t *q = node_for_id(g, quote_id);
    Agnode_t *b = node_for_id(g, "back\\slash\\");
    assert_gv_text(attr(q, "label"), "Zo\xc3\xab \"Zed\" \xc3\x98"
                                     "deg\xc3\xa5rd \\ <b>x</b>\n3 people");
    assert_gv_text(attr(b, "label"), "\\n not a newline\n2 people");
    assert_true(gv_text_contains(attr(q, "tooltip"), quote_id));
    /* The cluster's name and label. */
    Agraph_t *cl = NULL;
    for (Agraph_t *s = agfstsubg(g); s != NULL; s = agnxtsubg(s)) {
        char *plain = gv_unescape(agnameof(s));
        if (strcmp(plain, "cluster_u\"nit\\") == 0) {
            cl = s;
        }
        free(plain);
    }
    assert_non_null(cl);
    assert_gv_text(attr(cl, "label"), unit_name);
    assert_true(in_cluster(cl, q));
    /* The liaison's label is the person's exact name. */
    Agedge_t *e = NULL;
    for (Agedge_t *x = agfstout(g, b); x != NULL; x = agnxtout(g, x)) {
        if (aghead(x) == q && strcmp(attr(x, "color"), "#1565c0") == 0) {
            e = x;
        }
    }
    assert_non_null(e);
    assert_gv_text(attr(e, "label"), zoe);
    agclose(g);

    g = read_dot(dir, "proposal.dot");
    Agnode_t *folder = node_for_id(g, unit_id);
    assert_gv_text(attr(folder, "label"), "Unit <i>\"x\"</i> \\N\n(unit)");
    agclose(g);

    /* In the SVG the HTML-like text is text, escaped for XML. */
    char path[1024];
    path_in(path, sizeof(path), dir, "teams.svg");
    char *svg = slurp(path, NULL);
    assert_non_null(svg);
    assert_non_null(strstr(svg, "&lt;b&gt;x&lt;/b&gt;"));
    assert_null(strstr(svg, "<b>"));
    assert_non_null(strstr(svg, "Zo\xc3\xab"));
    free(svg);
    assert_svg_well_formed(dir, "teams.svg");
    assert_svg_well_formed(dir, "proposal.svg");
    json_decref(r);
}

/* ---------------------------------------------------------------------- */
/* SVG, determinism, goldens                                              */

static void test_dot_svg_rendered_and_well_formed(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "svg");
    json_t *r = fixture("small_report.json");
    assert_int_equal(render(r, dir, LSN_DOT_MIN_EDGE_HOURS, true), LSN_OK);
    assert_svg_well_formed(dir, "teams.svg");
    assert_svg_well_formed(dir, "proposal.svg");
    char path[1024];
    path_in(path, sizeof(path), dir, "teams.svg");
    char *svg = slurp(path, NULL);
    assert_non_null(strstr(svg, "Payments API"));
    assert_non_null(strstr(svg, "Ana Ruiz"));
    free(svg);
    json_decref(r);
}

static void test_dot_same_report_same_bytes(void **state)
{
    (void)state;
    char d1[512], d2[512], d3[512];
    subdir(d1, sizeof(d1), "det1");
    subdir(d2, sizeof(d2), "det2");
    subdir(d3, sizeof(d3), "det3");
    json_t *r = fixture("small_report.json");
    assert_int_equal(render(r, d1, LSN_DOT_MIN_EDGE_HOURS, true), LSN_OK);
    /* Allocate and free in between, so the heap is not where it was. */
    for (int i = 0; i < 100; i++) {
        free(malloc((size_t)(i * 37 + 1)));
    }
    assert_int_equal(render(r, d2, LSN_DOT_MIN_EDGE_HOURS, true), LSN_OK);
    /* The order of the report's arrays does not matter either. */
    const char *sections[] = {"units", "teams", "liaisons", "findings", "people", "proposal"};
    for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
        json_t *a = json_object_get(r, sections[s]);
        size_t n = json_array_size(a);
        json_t *rev = json_array();
        for (size_t i = n; i-- > 0;) {
            json_array_append(rev, json_array_get(a, i));
        }
        json_object_set_new(r, sections[s], rev);
    }
    assert_int_equal(render(r, d3, LSN_DOT_MIN_EDGE_HOURS, true), LSN_OK);
    const char *files[] = {"teams.dot", "proposal.dot", "teams.svg", "proposal.svg"};
    for (size_t i = 0; i < 4; i++) {
        assert_same_file(d1, d2, files[i]);
    }
    assert_same_file(d1, d3, "teams.dot");
    assert_same_file(d1, d3, "proposal.dot");
    json_decref(r);
}

/* tests/viz/fixtures/small_*.dot are what small_report.json must draw;
 * LSN_UPDATE_GOLDEN=1 rewrites them (review the diff). */
static void test_dot_golden_files(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "golden");
    json_t *r = fixture("small_report.json");
    assert_int_equal(render(r, dir, LSN_DOT_MIN_EDGE_HOURS, false), LSN_OK);
    const char *pairs[][2] = {{"teams.dot", "small_teams.dot"},
                              {"proposal.dot", "small_proposal.dot"}};
    for (size_t i = 0; i < 2; i++) {
        char got_path[1024], want_path[1024];
        size_t ngot, nwant = 0;
        path_in(got_path, sizeof(got_path), dir, pairs[i][0]);
        snprintf(want_path, sizeof(want_path), "%s/%s", LSN_FIXTURES, pairs[i][1]);
        char *got = slurp(got_path, &ngot);
        assert_non_null(got);
        if (getenv("LSN_UPDATE_GOLDEN") != NULL) {
            FILE *f = fopen(want_path, "wb");
            assert_non_null(f);
            fwrite(got, 1, ngot, f);
            fclose(f);
        }
        char *want = slurp(want_path, &nwant);
        if (want == NULL || nwant != ngot || memcmp(want, got, ngot) != 0) {
            fail_msg("%s differs from %s", got_path, want_path);
        }
        free(got);
        free(want);
    }
    json_decref(r);
}

/* ---------------------------------------------------------------------- */
/* Errors                                                                 */

static void test_dot_rejects_bad_reports(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "errors");
    json_t *r = load_json_text("[1, 2]");
    assert_int_equal(render(r, dir, 0.5, false), LSN_EPARSE);
    assert_string_equal(lsn_error_last(), "report: not a JSON object");
    json_decref(r);

    r = load_json_text("{\"teams\": [{\"team\": \"a\"}, {\"name\": \"no id\"}]}");
    assert_int_equal(render(r, dir, 0.5, false), LSN_EPARSE);
    assert_string_equal(lsn_error_last(), "report: teams[1]: no 'team' string");
    json_decref(r);

    r = load_json_text("{\"liaisons\": {\"person\": \"x\"}}");
    assert_int_equal(render(r, dir, 0.5, false), LSN_EPARSE);
    assert_string_equal(lsn_error_last(), "report: 'liaisons' is not an array");
    json_decref(r);

    r = load_json_text("{\"proposal\": [{\"team\": \"a\"}]}");
    assert_int_equal(render(r, dir, 0.5, false), LSN_EPARSE);
    assert_string_equal(lsn_error_last(), "report: proposal[0]: no 'from' string");
    json_decref(r);

    r = load_json_text("{}");
    assert_int_equal(render(r, dir, -1, false), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "min_edge_hours must be a number >= 0");
    /* An empty report is fine: two empty diagrams. */
    assert_int_equal(render(r, dir, 0.5, true), LSN_OK);
    assert_svg_well_formed(dir, "teams.svg");

    char missing[1024];
    path_in(missing, sizeof(missing), dir, "no/such/dir");
    assert_int_equal(render(r, missing, 0.5, false), LSN_EIO);
    assert_non_null(strstr(lsn_error_last(), "/no/such/dir/teams.dot: cannot write"));
    json_decref(r);
}

/* A report without units[] still nests teams under their parents; a
 * hierarchy cycle (the loaders reject them, a hand-made report may not) is
 * cut instead of recursing forever. */
static void test_dot_partial_and_cyclic_hierarchies(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "partial");
    json_t *r = load_json_text("{\"teams\": ["
                               " {\"team\": \"t1\", \"parent\": \"ops\", \"headcount\": 3},"
                               " {\"team\": \"t2\", \"parent\": \"ops\", \"headcount\": 2},"
                               " {\"team\": \"t3\", \"headcount\": 5}]}");
    assert_int_equal(render(r, dir, 0.5, true), LSN_OK);
    Agraph_t *g = read_dot(dir, "teams.dot");
    Agraph_t *ops = agsubg(g, "cluster_ops", 0);
    assert_non_null(ops);
    assert_gv_text(attr(ops, "label"), "ops");
    assert_true(in_cluster(ops, node(g, "t1")));
    assert_false(in_cluster(ops, node(g, "t3")));
    assert_gv_text(attr(node(g, "t3"), "label"), "t3\n5 people");
    agclose(g);
    json_decref(r);

    subdir(dir, sizeof(dir), "cycle");
    r = load_json_text(
        "{\"units\": ["
        " {\"unit\": \"a\", \"parent\": \"b\"}, {\"unit\": \"b\", \"parent\": \"a\"},"
        " {\"unit\": \"c\", \"parent\": \"c\"}],"
        " \"teams\": [{\"team\": \"t\", \"parent\": \"a\", \"headcount\": 1},"
        "             {\"team\": \"u\", \"parent\": \"c\", \"headcount\": 1}]}");
    assert_int_equal(render(r, dir, 0.5, true), LSN_OK);
    g = read_dot(dir, "teams.dot");
    /* a's parent is cut (the smallest id of the cycle), b stays in a. */
    Agraph_t *a = agsubg(g, "cluster_a", 0);
    assert_non_null(a);
    assert_true(in_cluster(a, node(g, "t")));
    assert_true(in_cluster(agsubg(g, "cluster_c", 0), node(g, "u")));
    agclose(g);
    assert_svg_well_formed(dir, "teams.svg");
    json_decref(r);
}

static void test_dot_render_file_errors_name_the_file(void **state)
{
    (void)state;
    char dir[512], path[1024];
    subdir(dir, sizeof(dir), "file-errors");
    path_in(path, sizeof(path), dir, "absent.json");
    assert_int_equal(lsn_dot_render_file(path, dir, NULL), LSN_EIO);
    assert_true(strncmp(lsn_error_last(), path, strlen(path)) == 0);
    assert_non_null(strstr(lsn_error_last(), ": cannot read: "));

    path_in(path, sizeof(path), dir, "broken.json");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"teams\": [\n  {\"team\": \"a\",}\n]}\n", f);
    fclose(f);
    assert_int_equal(lsn_dot_render_file(path, dir, NULL), LSN_EPARSE);
    char prefix[600];
    snprintf(prefix, sizeof(prefix), "%s:2: ", path);
    assert_true(strncmp(lsn_error_last(), prefix, strlen(prefix)) == 0);

    path_in(path, sizeof(path), dir, "noid.json");
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"units\": [{\"name\": \"x\"}]}\n", f);
    fclose(f);
    assert_int_equal(lsn_dot_render_file(path, dir, NULL), LSN_EPARSE);
    snprintf(prefix, sizeof(prefix), "%s: units[0]: no 'unit' string", path);
    assert_string_equal(lsn_error_last(), prefix);
}

/* ---------------------------------------------------------------------- */
/* `liaison render` end to end                                             */

struct run {
    int status;
    char *err;
};

static struct run run_liaison(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static struct run run_liaison(const char *fmt, ...)
{
    char args[4096], cmd[8192], err[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    snprintf(err, sizeof(err), "%s/stderr", tmpdir);
    snprintf(cmd, sizeof(cmd), "'%s' %s >/dev/null 2>'%s' </dev/null", LSN_BINARY, args, err);
    int st = system(cmd);
    struct run r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.err = slurp(err, NULL);
    return r;
}

static void test_dot_cli_render_equals_library(void **state)
{
    (void)state;
    char lib[512], cli[512], report[512];
    subdir(lib, sizeof(lib), "cli-lib");
    snprintf(cli, sizeof(cli), "%s/cli-out", tmpdir); /* render creates it */
    snprintf(report, sizeof(report), "%s/small_report.json", LSN_FIXTURES);
    assert_int_equal(lsn_dot_render_file(report, lib, NULL), LSN_OK);
    lsn_dot_options opts = LSN_DOT_OPTIONS_INIT;
    opts.svg = true;
    assert_int_equal(lsn_dot_render_file(report, lib, &opts), LSN_OK);

    struct run r = run_liaison("render '%s' --out '%s' --svg", report, cli);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    free(r.err);
    const char *files[] = {"teams.dot", "proposal.dot", "teams.svg", "proposal.svg"};
    for (size_t i = 0; i < 4; i++) {
        assert_same_file(lib, cli, files[i]);
    }

    /* --min-edge-hours reaches the drawing. */
    r = run_liaison("render '%s' --out '%s' --min-edge-hours 0", report, cli);
    assert_int_equal(r.status, 0);
    free(r.err);
    Agraph_t *g = read_dot(cli, "teams.dot");
    assert_non_null(find_edge(g, "eng-pay-api", "eng-pay-web", "dir", "none"));
    agclose(g);
}

static void test_dot_cli_render_errors(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof(out), "%s/cli-errors", tmpdir);
    struct run r = run_liaison("render --out '%s'", out);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "liaison: render: no REPORT.json given"));
    assert_non_null(strstr(r.err, "try 'liaison render --help'"));
    free(r.err);

    r = run_liaison("render '%s/none.json'", tmpdir);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "liaison: render: --out is required"));
    free(r.err);

    r = run_liaison("render x.json --out '%s' --min-edge-hours -2", out);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--min-edge-hours: '-2' is not a number >= 0"));
    free(r.err);

    r = run_liaison("render '%s/none.json' --out '%s'", tmpdir, out);
    assert_int_equal(r.status, 1);
    assert_true(strncmp(r.err, "liaison: ", 9) == 0);
    assert_non_null(strstr(r.err, "none.json: cannot read: "));
    free(r.err);

    r = run_liaison("render --help");
    assert_int_equal(r.status, 0);
    free(r.err);
}

/* Every option of `render --help` is in the README's reference. */
static void test_dot_readme_documents_render_options(void **state)
{
    (void)state;
    char cmd[1024], out[600];
    snprintf(out, sizeof(out), "%s/render-help", tmpdir);
    snprintf(cmd, sizeof(cmd), "'%s' render --help >'%s' 2>&1", LSN_BINARY, out);
    assert_int_equal(system(cmd), 0);
    char *help = slurp(out, NULL);
    char *readme = slurp(LSN_SOURCE_DIR "/README.md", NULL);
    assert_non_null(help);
    assert_non_null(readme);
    assert_non_null(strstr(readme, "liaison render"));
    for (char *p = strstr(help, "\n  --"); p != NULL; p = strstr(p + 1, "\n  --")) {
        char opt[64];
        size_t n = strcspn(p + 3, " \n");
        assert_true(n < sizeof(opt));
        memcpy(opt, p + 3, n);
        opt[n] = '\0';
        if (strstr(readme, opt) == NULL) {
            fail_msg("README.md does not document %s", opt);
        }
    }
    free(help);
    free(readme);
}

/* The bundled organization, analyzed then rendered: every team is drawn
 * and the SVG is well-formed at a realistic size. */
static void test_dot_sample_dataset_renders(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof(out), "%s/sample", tmpdir);
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    struct run r = run_liaison("analyze --quiet --people %s/people.csv --teams %s/teams.csv "
                               "--needs %s/needs.csv --out '%s' %s/mailboxes",
                               d, d, d, out, d);
    assert_int_equal(r.status, 0);
    free(r.err);
    char report[600];
    snprintf(report, sizeof(report), "%s/report.json", out);
    r = run_liaison("render '%s' --out '%s' --svg", report, out);
    assert_int_equal(r.status, 0);
    free(r.err);
    json_error_t err;
    json_t *rep = json_load_file(report, 0, &err);
    assert_non_null(rep);
    Agraph_t *g = read_dot(out, "teams.dot");
    size_t i;
    const json_t *t;
    json_array_foreach(json_object_get(rep, "teams"), i, t)
    {
        assert_non_null(agnode(g, (char *)json_string_value(json_object_get(t, "team")), 0));
    }
    agclose(g);
    json_decref(rep);
    assert_svg_well_formed(out, "teams.svg");
    assert_svg_well_formed(out, "proposal.svg");
}

/* ---------------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/lsn-test-dot-XXXXXX");
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
        cmocka_unit_test(test_dot_teams_in_nested_clusters),
        cmocka_unit_test(test_dot_link_width_follows_hours_and_threshold),
        cmocka_unit_test(test_dot_liaison_edges_labelled_with_the_person),
        cmocka_unit_test(test_dot_missing_links_red_dashed_also_to_a_unit),
        cmocka_unit_test(test_dot_findings_mark_teams_and_units),
        cmocka_unit_test(test_dot_proposal_styles_each_model),
        cmocka_unit_test(test_dot_proposal_absent_says_so),
        cmocka_unit_test(test_dot_hostile_names_round_trip),
        cmocka_unit_test(test_dot_svg_rendered_and_well_formed),
        cmocka_unit_test(test_dot_same_report_same_bytes),
        cmocka_unit_test(test_dot_golden_files),
        cmocka_unit_test(test_dot_rejects_bad_reports),
        cmocka_unit_test(test_dot_partial_and_cyclic_hierarchies),
        cmocka_unit_test(test_dot_render_file_errors_name_the_file),
        cmocka_unit_test(test_dot_cli_render_equals_library),
        cmocka_unit_test(test_dot_cli_render_errors),
        cmocka_unit_test(test_dot_readme_documents_render_options),
        cmocka_unit_test(test_dot_sample_dataset_renders),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
#ifdef LSN_HAVE_LIBXML2
    xmlCleanupParser();
#endif
    return rc;
}
