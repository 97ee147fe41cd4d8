/*
 * tests/viz/test_labels.c — the labels of the diagrams as a reader sees
 * them: `liaison analyze --svg` on the bundled dataset and on a generated
 * 2,000-person organization (an overview, with a drill-down per unit), and
 * every SVG it wrote read back with libxml2. No two labels may overlap and
 * no label may cross a cluster's border.
 *
 * What Graphviz's SVG gives: each node, edge and cluster is a
 * <g class="node|edge|cluster"> (the graph's own label sits in
 * <g class="graph">), each line of a label a <text> with its anchor point
 * (x, the baseline y), text-anchor and font-size; a cluster's border is the
 * first <path> or <polygon> of its group. The text's width is not written,
 * so it is computed from Helvetica's character widths (Adobe's AFM file;
 * Arial and Liberation Sans have the same ones), the font the diagrams ask
 * for, plus WIDTH_MARGIN for a substitute font; any other character counts
 * as wide as an 'M' less a little (0.667 em). The height runs from 0.75 em
 * above the baseline to 0.25 em below it. A label is the union of its
 * lines. Two boxes that meet by less than TOLERANCE points count as apart,
 * so labels that touch do not fail on rounding.
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

#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WIDTH_MARGIN 1.05
#define EM_ABOVE 0.75
#define EM_BELOW 0.25
#define TOLERANCE 0.5

static char tmpdir[256];

typedef struct box {
    double x0, y0, x1, y1;
} box;

/* A line of a label: its box, the object it belongs to (lines of one
 * object are not compared: a node's label and its xlabel are placed apart
 * by Graphviz itself), and what it is, for messages. */
typedef struct label {
    box b;
    size_t object;
    char what[160];
} label;

typedef struct sheet {
    label *labels;
    size_t nlabels;
    box *clusters;
    char (*cluster_name)[96];
    size_t nclusters;
    size_t nobjects;
} sheet;

static void sheet_free(sheet *s)
{
    free(s->labels);
    free(s->clusters);
    free(s->cluster_name);
    memset(s, 0, sizeof(*s));
}

static bool has_name(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static double attr_num(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    double d = v != NULL ? strtod((const char *)v, NULL) : NAN;
    xmlFree(v);
    return d;
}

/* A <g> of Graphviz's: node, edge, cluster or graph; NULL for the others. */
static xmlChar *klass(xmlNode *n)
{
    return has_name(n, "g") ? xmlGetProp(n, (const xmlChar *)"class") : NULL;
}

/* Helvetica's advance widths in thousandths of an em, ' ' to '~'. */
/* clang-format off */
static const short helvetica[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, /* ' ' to / */
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, /* 0 to ? */
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, /* @ to O */
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, /* P to _ */
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, /* ` to o */
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};     /* p to ~ */
/* clang-format on */ /* p-z {|}~ */

/* The width of s in ems. */
static double text_ems(const char *s)
{
    double w = 0;
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c < 0x7f) {
            w += helvetica[c - 0x20] / 1000.0;
        } else if ((c & 0xc0) != 0x80) {
            w += 0.667; /* the first byte of any other character */
        }
    }
    return w;
}

static void grow(box *b, bool *any, box t)
{
    if (!*any) {
        *b = t;
        *any = true;
        return;
    }
    b->x0 = fmin(b->x0, t.x0);
    b->y0 = fmin(b->y0, t.y0);
    b->x1 = fmax(b->x1, t.x1);
    b->y1 = fmax(b->y1, t.y1);
}

static void add_line(sheet *s, box b, const char *cls, const char *text)
{
    s->labels = realloc(s->labels, (s->nlabels + 1) * sizeof(*s->labels));
    assert_non_null(s->labels);
    label *l = &s->labels[s->nlabels++];
    l->b = b;
    l->object = s->nobjects;
    snprintf(l->what, sizeof(l->what), "%s \"%s\"", cls, text);
}

/* The text lines (added to s) and the first shape below n, not looking
 * into the groups of other objects; the first line's text in first. */
static void walk_own(
    sheet *s, const char *cls, xmlNode *n, box *shape, bool *any_shape, char *first, size_t cap)
{
    for (xmlNode *k = n->children; k != NULL; k = k->next) {
        if (k->type != XML_ELEMENT_NODE) {
            continue;
        }
        xmlChar *other = klass(k);
        if (other != NULL) {
            xmlFree(other);
            continue;
        }
        if (has_name(k, "text")) {
            xmlChar *content = xmlNodeGetContent(k);
            const char *t = content != NULL ? (const char *)content : "";
            double x = attr_num(k, "x"), y = attr_num(k, "y"), fs = attr_num(k, "font-size");
            double w = WIDTH_MARGIN * fs * text_ems(t);
            xmlChar *anchor = xmlGetProp(k, (const xmlChar *)"text-anchor");
            const char *a = anchor != NULL ? (const char *)anchor : "start";
            double x0 = strcmp(a, "middle") == 0 ? x - w / 2 : strcmp(a, "end") == 0 ? x - w : x;
            add_line(s, (box){x0, y - EM_ABOVE * fs, x0 + w, y + EM_BELOW * fs}, cls, t);
            if (first[0] == '\0') {
                snprintf(first, cap, "%s", t);
            }
            xmlFree(anchor);
            xmlFree(content);
        } else if (!*any_shape && (has_name(k, "path") || has_name(k, "polygon"))) {
            /* Graphviz writes only coordinate pairs in both (M/C commands). */
            xmlChar *d = xmlGetProp(k, (const xmlChar *)(has_name(k, "path") ? "d" : "points"));
            const char *p = d != NULL ? (const char *)d : "";
            double v[2];
            int nv = 0;
            while (*p != '\0') {
                if (strchr("0123456789-.", *p) == NULL) {
                    p++;
                    continue;
                }
                char *end;
                v[nv++] = strtod(p, &end);
                p = end;
                if (nv == 2) {
                    grow(shape, any_shape, (box){v[0], v[1], v[0], v[1]});
                    nv = 0;
                }
            }
            xmlFree(d);
        } else {
            walk_own(s, cls, k, shape, any_shape, first, cap);
        }
    }
}

static void collect(sheet *s, xmlNode *n)
{
    for (xmlNode *k = n; k != NULL; k = k->next) {
        xmlChar *cls = klass(k);
        if (cls != NULL) {
            box shape = {0};
            bool any_shape = false;
            char first[96] = "";
            walk_own(s, (const char *)cls, k, &shape, &any_shape, first, sizeof(first));
            s->nobjects++;
            if (strcmp((const char *)cls, "cluster") == 0 && any_shape) {
                s->clusters = realloc(s->clusters, (s->nclusters + 1) * sizeof(*s->clusters));
                s->cluster_name =
                    realloc(s->cluster_name, (s->nclusters + 1) * sizeof(*s->cluster_name));
                assert_non_null(s->clusters);
                assert_non_null(s->cluster_name);
                s->clusters[s->nclusters] = shape;
                snprintf(s->cluster_name[s->nclusters], sizeof(s->cluster_name[0]), "%s", first);
                s->nclusters++;
            }
            xmlFree(cls);
        }
        if (k->children != NULL) {
            collect(s, k->children);
        }
    }
}

static void read_svg(sheet *s, const char *path)
{
    memset(s, 0, sizeof(*s));
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    if (doc == NULL) {
        fail_msg("%s: not XML", path);
    }
    collect(s, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
}

/* How far a and b overlap in both directions (negative: apart). */
static bool overlap(box a, box b)
{
    double w = fmin(a.x1, b.x1) - fmax(a.x0, b.x0);
    double h = fmin(a.y1, b.y1) - fmax(a.y0, b.y0);
    return w > TOLERANCE && h > TOLERANCE;
}

static bool inside(box in, box out)
{
    return in.x0 >= out.x0 - TOLERANCE && in.x1 <= out.x1 + TOLERANCE &&
           in.y0 >= out.y0 - TOLERANCE && in.y1 <= out.y1 + TOLERANCE;
}

/* The problems of one diagram, each printed; their number. */
static size_t problems(const char *path)
{
    sheet s;
    read_svg(&s, path);
    size_t bad = 0;
    for (size_t i = 0; i < s.nlabels; i++) {
        for (size_t j = i + 1; j < s.nlabels; j++) {
            if (s.labels[i].object != s.labels[j].object && overlap(s.labels[i].b, s.labels[j].b)) {
                printf("%s: %s overlaps %s\n", path, s.labels[i].what, s.labels[j].what);
                bad++;
            }
        }
        for (size_t c = 0; c < s.nclusters; c++) {
            const box *b = &s.labels[i].b;
            if (overlap(*b, s.clusters[c]) && !inside(*b, s.clusters[c])) {
                printf("%s: %s crosses the border of cluster \"%s\"\n", path, s.labels[i].what,
                       s.cluster_name[c]);
                bad++;
            }
        }
    }
    sheet_free(&s);
    return bad;
}

/* The problems of every SVG in dir (not below it); the files' count in n. */
static size_t problems_in(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char **names = NULL;
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".svg") == 0) {
            names = realloc(names, (count + 1) * sizeof(*names));
            assert_non_null(names);
            names[count++] = strdup(e->d_name);
        }
    }
    closedir(d);
    size_t bad = 0;
    for (size_t i = 0; i < count; i++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        bad += problems(path);
        free(names[i]);
    }
    free(names);
    *n = count;
    return bad;
}

static void run(const char *fmt, ...) LSN_PRINTF(1, 2);

static void run(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    int st = system(cmd);
    if (st != 0) {
        fail_msg("failed (%d): %s", st, cmd);
    }
}

/* ---------------------------------------------------------------------- */
/* The check itself, on hand-written SVG: it can fail.                    */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

#define SVG_HEAD "<svg xmlns=\"http://www.w3.org/2000/svg\"><g class=\"graph\">"
#define CLUSTER                                                                                    \
    "<g class=\"cluster\"><title>cluster_a</title>"                                                \
    "<path d=\"M10,-10C10,-10 200,-10 200,-10 200,-10 200,-100 200,-100 10,-100 10,-100 "          \
    "10,-10\"/>"                                                                                   \
    "<text text-anchor=\"start\" x=\"18\" y=\"-85\" font-size=\"14.00\">Unit A</text></g>"

/* Labels apart and inside: no problem. Then an edge label 10 pt to the
 * right of another (each 5 characters of 9 pt is 27 pt wide): two labels
 * overlap; and one drawn across the cluster's right border at x = 200. */
static void test_check_finds_overlapping_and_clipped_labels(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof(path), "%s/check.svg", tmpdir);
    write_file(path, SVG_HEAD CLUSTER
               "<g class=\"node\"><text text-anchor=\"middle\" x=\"100\" y=\"-40\" "
               "font-size=\"11.00\">Team</text></g>"
               "<g class=\"edge\"><text text-anchor=\"middle\" x=\"300\" y=\"-40\" "
               "font-size=\"9.00\">2 lia</text></g>"
               "<g class=\"edge\"><text text-anchor=\"middle\" x=\"300\" y=\"-60\" "
               "font-size=\"9.00\">2 lia</text></g></g></svg>");
    assert_int_equal(problems(path), 0);
    write_file(path, SVG_HEAD CLUSTER
               "<g class=\"edge\"><text text-anchor=\"middle\" x=\"300\" y=\"-40\" "
               "font-size=\"9.00\">2 lia</text></g>"
               "<g class=\"edge\"><text text-anchor=\"middle\" x=\"310\" y=\"-40\" "
               "font-size=\"9.00\">1 mis</text></g></g></svg>");
    assert_int_equal(problems(path), 1);
    write_file(path,
               SVG_HEAD CLUSTER "<g class=\"edge\"><text text-anchor=\"start\" x=\"190\" y=\"-40\" "
                                "font-size=\"9.00\">2 liaisons</text></g></g></svg>");
    assert_int_equal(problems(path), 1);
}

/* ---------------------------------------------------------------------- */
/* The diagrams liaison draws.                                             */

static void test_sample_diagrams_have_no_overlapping_or_clipped_labels(void **state)
{
    (void)state;
    run("cd '%s/datasets/sample' && '%s' analyze --quiet --no-html --svg --people people.csv "
        "--teams teams.csv --needs needs.csv --out '%s/sample' mailboxes",
        LSN_SOURCE_DIR, LSN_BINARY, tmpdir);
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/sample", tmpdir);
    size_t n = 0;
    assert_int_equal(problems_in(dir, &n), 0);
    assert_int_equal(n, 2); /* teams.svg and proposal.svg */
    /* How: the labels of the edges are on boxes of their own, none on an
     * edge (teams.dot has 5 edges labelled "missing (moderate)"). */
    char path[600];
    snprintf(path, sizeof(path), "%s/teams.svg", dir);
    sheet sh;
    read_svg(&sh, path);
    size_t on_edges = 0, missing = 0;
    for (size_t i = 0; i < sh.nlabels; i++) {
        on_edges += strncmp(sh.labels[i].what, "edge ", 5) == 0;
        missing += strcmp(sh.labels[i].what, "node \"missing (moderate)\"") == 0;
    }
    sheet_free(&sh);
    assert_int_equal(on_edges, 0);
    assert_int_equal(missing, 5);
}

/* The overviews and every unit's drill-down (the layout limit is lifted:
 * a diagram cut off would be no diagram to check). */
static void test_generated_2000_people_diagrams_have_no_overlapping_or_clipped_labels(void **state)
{
    (void)state;
    run("'%s' gen --quiet --people 2000 --out '%s/gen'", LSN_BINARY, tmpdir);
    run("cd '%s/gen' && LIAISON_LAYOUT_TIMEOUT=0 '%s' analyze --quiet --no-html --svg "
        "--people people.csv --teams teams.csv --needs needs.csv --out '%s/gen-out' mailboxes",
        tmpdir, LSN_BINARY, tmpdir);
    char dir[512];
    size_t n = 0, m = 0;
    snprintf(dir, sizeof(dir), "%s/gen-out", tmpdir);
    size_t bad = problems_in(dir, &n);
    snprintf(dir, sizeof(dir), "%s/gen-out/units", tmpdir);
    bad += problems_in(dir, &m);
    assert_int_equal(n, 2);
    assert_true(m >= 2);
    assert_int_equal(bad, 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/lsn-test-labels-XXXXXX");
    return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    xmlCleanupParser();
    return system(cmd) == 0 ? 0 : -1;
}

/* test_viz_labels DIR: the problems of the SVG files of DIR and DIR/units, to
 * check the diagrams of any organization by hand (exit 1 when any). */
static int check_dir(const char *dir)
{
    char units[1024];
    size_t n = 0, m = 0;
    snprintf(units, sizeof(units), "%s/units", dir);
    size_t bad = problems_in(dir, &n);
    if (access(units, F_OK) == 0) {
        bad += problems_in(units, &m);
    }
    printf("%zu problems in %zu diagrams\n", bad, n + m);
    xmlCleanupParser();
    return bad > 0;
}

int main(int argc, char **argv)
{
    if (argc == 2) {
        return check_dir(argv[1]);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_finds_overlapping_and_clipped_labels),
        cmocka_unit_test(test_sample_diagrams_have_no_overlapping_or_clipped_labels),
        cmocka_unit_test(test_generated_2000_people_diagrams_have_no_overlapping_or_clipped_labels),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
