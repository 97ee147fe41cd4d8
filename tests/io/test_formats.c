/*
 * tests/io/test_formats.c — the three calendar formats describe the same
 * organization the same way (SPEC §1.4). One generated organization
 * (io/gen.h) is written as iCalendar mailboxes, Outlook CSV and Microsoft
 * Graph JSON; each is loaded and analysed, and the results must agree up to
 * what a format cannot carry:
 *
 *  - Graph carries replies, cancellations, moved instances and rooms: its
 *    instances, person graph and whole report equal the iCalendar ones. It
 *    has no group addresses: a mailing list is an unknown participant there
 *    (input.unknown = iCalendar unknown + groups), still one present person.
 *  - Outlook CSV has no replies: a declined attendee is present. It is
 *    compared with the iCalendar export of the same organization after
 *    lsn_gen_drop_declines(). It has no cancellations (a cancelled instance
 *    has no row, so input.read lacks them) and no UIDs: a series is the rows
 *    with one subject, organizer, time of day and duration, whatever the
 *    weekday, so series ids and what counts series (the `series` lists of
 *    liaison links, summary.series) differ; instances, people, teams, the
 *    person graph and every finding agree (oversized_meeting up to its
 *    series id). The bundled organization's Outlook export has one
 *    oversized_meeting per meeting, not one per weekday.
 *
 * And format detection by content: the table of formats (io/formats.h)
 * knows each by its first bytes and refuses a broken Outlook header by
 * name; a folder mixing the formats (and files that are not calendars),
 * with misleading names, loads each file with its own front end.
 */
#include "io/gen.h"

#include "analysis/analysis.h"
#include "io/error.h"
#include "io/formats.h"
#include "io/load.h"
#include "io/model.h"
#include "io/roster.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PEOPLE 60
#define WEEKS 8

static struct {
    char *dir;     /* mkdtemp root */
    char *all;     /* dir/all: the organization in every format */
    char *nodecl;  /* dir/nodecl: the same, declines dropped, iCalendar */
    char from[11]; /* the generator's window */
    char to[11];
    lsn_org *org;
    int warnings;
} fx;

static void count_warning(void *ud, const char *message)
{
    (void)ud;
    (void)message;
    fx.warnings++;
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p != NULL) {
        snprintf(p, n, "%s/%s", a, b);
    }
    return p;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        char *p = join(dir, e->d_name);
        struct stat st;
        if (p != NULL && lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            remove_tree(p);
        } else if (p != NULL) {
            unlink(p);
        }
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

static void day_string(char out[11], int32_t day)
{
    int y, m, d;
    char buf[32];
    lsn_gen_civil(day, &y, &m, &d);
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

static int group_setup(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/lsn_test_formats_XXXXXX";
    if (mkdtemp(tmpl) == NULL) {
        return -1;
    }
    fx.dir = strdup(tmpl);
    fx.all = join(tmpl, "all");
    fx.nodecl = join(tmpl, "nodecl");
    lsn_gen_options o = LSN_GEN_OPTIONS_INIT;
    o.people = PEOPLE;
    o.weeks = WEEKS;
    o.seed = 7;
    lsn_gen *g = NULL;
    int rc = lsn_gen_build(&g, &o);
    if (rc == LSN_OK) {
        int32_t days;
        int32_t first = lsn_gen_window(g, &days);
        day_string(fx.from, first);
        day_string(fx.to, first + days);
        rc = lsn_gen_save_as(g, fx.all, LSN_GEN_FORMAT_ALL, NULL);
    }
    if (rc == LSN_OK) {
        lsn_gen_drop_declines(g);
        rc = lsn_gen_save_as(g, fx.nodecl, LSN_GEN_FORMAT_ICS | LSN_GEN_FORMAT_OUTLOOK, NULL);
    }
    lsn_gen_free(g);
    if (rc == LSN_OK) {
        char *people = join(fx.all, "people.csv"), *teams = join(fx.all, "teams.csv"),
             *needs = join(fx.all, "needs.csv");
        rc = lsn_roster_load(&fx.org, people, teams, needs);
        free(people);
        free(teams);
        free(needs);
    }
    if (rc != LSN_OK) {
        fprintf(stderr, "test_io_formats: %s\n", lsn_error_last());
        return -1;
    }
    lsn_warn_set_handler(count_warning, NULL);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    lsn_warn_set_handler(NULL, NULL);
    lsn_org_free(fx.org);
    if (fx.dir != NULL) {
        remove_tree(fx.dir);
    }
    free(fx.dir);
    free(fx.all);
    free(fx.nodecl);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Loading and describing calendars                                     */

static lsn_calendar *load(const char *root, const char *sub)
{
    char *path = join(root, sub);
    assert_non_null(path);
    const char *paths[] = {path};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = fx.from;
    o.to = fx.to;
    lsn_calendar *cal = NULL;
    fx.warnings = 0;
    int rc = lsn_calendar_load(&cal, fx.org, paths, 1, &o);
    if (rc != LSN_OK) {
        print_error("%s: %s\n", path, lsn_error_last());
    }
    free(path);
    assert_int_equal(rc, LSN_OK);
    assert_int_equal(fx.warnings, 0);
    return cal;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * One line per used instance: start, duration, organizer and the sorted
 * addresses of the present people; with_identity adds the UID and the
 * original start. Sorted; free with free_lines().
 */
static char **instance_lines(const lsn_calendar *cal, bool with_identity, size_t *count)
{
    size_t n, np, ns;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    const lsn_participant *pt = lsn_calendar_participants(cal, &np);
    const lsn_series *se = lsn_calendar_series(cal, &ns);
    const int32_t *present = lsn_calendar_present(cal);
    char **lines = calloc(n ? n : 1, sizeof(char *));
    assert_non_null(lines);
    for (size_t i = 0; i < n; i++) {
        size_t cap = 256, len = 0;
        for (uint32_t k = 0; k < in[i].count; k++) {
            cap += strlen(pt[present[in[i].first + k]].address) + 1;
        }
        cap += strlen(se[in[i].series].uid);
        char *s = malloc(cap);
        assert_non_null(s);
        len += (size_t)snprintf(s + len, cap - len, "%lld %d %s", (long long)in[i].start,
                                (int)in[i].duration,
                                in[i].organizer >= 0 ? pt[in[i].organizer].address : "-");
        if (with_identity) {
            len += (size_t)snprintf(s + len, cap - len, " %s@%lld", se[in[i].series].uid,
                                    (long long)in[i].original_start);
        }
        /* Participant indices are sorted by kind, then address: re-sort by address. */
        const char **addr = malloc((in[i].count ? in[i].count : 1) * sizeof(*addr));
        assert_non_null(addr);
        for (uint32_t k = 0; k < in[i].count; k++) {
            addr[k] = pt[present[in[i].first + k]].address;
        }
        qsort(addr, in[i].count, sizeof(*addr), cmp_str);
        for (uint32_t k = 0; k < in[i].count; k++) {
            len += (size_t)snprintf(s + len, cap - len, " %s", addr[k]);
        }
        free(addr);
        lines[i] = s;
    }
    qsort(lines, n, sizeof(char *), cmp_str);
    *count = n;
    return lines;
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(lines[i]);
    }
    free(lines);
}

static void assert_same_lines(char **a, size_t na, char **b, size_t nb)
{
    size_t i = 0, j = 0, shown = 0;
    while ((i < na || j < nb) && shown < 10) {
        int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a[i], b[j]);
        if (c == 0) {
            i++;
            j++;
            continue;
        }
        print_message("%s %s\n",
                      c < 0 ? "only in the first: " : "only in the second:", c < 0 ? a[i] : b[j]);
        shown++;
        if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    assert_int_equal(na, nb);
    for (size_t k = 0; k < na; k++) {
        assert_string_equal(a[k], b[k]);
    }
}

/* ------------------------------------------------------------------ */
/* Instances and accounting                                             */

/*
 * Graph: every instance is the iCalendar one, identity included (iCalUId is
 * the UID, originalStart the RECURRENCE-ID); the accounting is the same,
 * except that group addresses are unknown participants.
 */
static void test_formats_graph_gives_the_ics_instances(void **state)
{
    (void)state;
    lsn_calendar *ics = load(fx.all, "mailboxes");
    lsn_calendar *graph = load(fx.all, "graph");
    size_t na, nb;
    char **a = instance_lines(ics, true, &na);
    char **b = instance_lines(graph, true, &nb);
    assert_true(na > 100);
    assert_same_lines(a, na, b, nb);
    free_lines(a, na);
    free_lines(b, nb);

    const lsn_input_stats *x = lsn_calendar_stats(ics), *y = lsn_calendar_stats(graph);
    print_message("ics: read %lld used %lld cancelled %lld dup %lld groups %lld unknown %lld\n",
                  (long long)x->read, (long long)x->used, (long long)x->skipped[LSN_SKIP_CANCELLED],
                  (long long)x->duplicates_merged, (long long)x->groups, (long long)x->unknown);
    assert_int_equal(y->files, x->files);
    assert_int_equal(y->read, x->read);
    assert_int_equal(y->used, x->used);
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        assert_int_equal(y->skipped[k], x->skipped[k]);
    }
    assert_true(x->skipped[LSN_SKIP_CANCELLED] > 0);
    assert_int_equal(y->duplicates_merged, x->duplicates_merged);
    assert_int_equal(y->people_present, x->people_present);
    assert_int_equal(y->external, x->external);
    assert_int_equal(y->groups, 0);
    assert_int_equal(y->unknown, x->unknown + x->groups);
    size_t ns_a, ns_b;
    lsn_calendar_series(ics, &ns_a);
    lsn_calendar_series(graph, &ns_b);
    assert_int_equal(ns_a, ns_b);
    lsn_calendar_free(ics);
    lsn_calendar_free(graph);
}

/*
 * Outlook CSV against the iCalendar export without declines: the same
 * instances (times, durations, organizers, people present); no cancelled
 * instance is read; every other skip agrees. The Outlook export does not
 * change when declines are dropped: it never carried them.
 */
static void test_formats_outlook_gives_the_ics_instances_without_declines(void **state)
{
    (void)state;
    lsn_calendar *ics = load(fx.nodecl, "mailboxes");
    lsn_calendar *csv = load(fx.all, "outlook");
    size_t na, nb;
    char **a = instance_lines(ics, false, &na);
    char **b = instance_lines(csv, false, &nb);
    assert_true(na > 100);
    assert_same_lines(a, na, b, nb);
    free_lines(a, na);
    free_lines(b, nb);

    const lsn_input_stats *x = lsn_calendar_stats(ics), *y = lsn_calendar_stats(csv);
    assert_int_equal(y->files, x->files);
    assert_int_equal(y->used, x->used);
    assert_int_equal(y->skipped[LSN_SKIP_CANCELLED], 0);
    assert_int_equal(y->read, x->read - x->skipped[LSN_SKIP_CANCELLED]);
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        if (k != LSN_SKIP_CANCELLED) {
            assert_int_equal(y->skipped[k], x->skipped[k]);
        }
    }
    assert_int_equal(y->people_present, x->people_present);
    assert_int_equal(y->external, x->external);
    assert_int_equal(y->unknown, x->unknown + x->groups);

    /* The comparison sees declines: with them, the iCalendar export differs. */
    lsn_calendar *with = load(fx.all, "mailboxes");
    size_t nc;
    char **c = instance_lines(with, false, &nc);
    b = instance_lines(csv, false, &nb);
    size_t differ = 0;
    for (size_t i = 0; i < nc && i < nb; i++) {
        differ += strcmp(c[i], b[i]) != 0;
    }
    print_message("%zu instances differ when the iCalendar export keeps its declines\n", differ);
    assert_true(differ > 0 || nc != nb);
    free_lines(c, nc);
    free_lines(b, nb);
    lsn_calendar_free(with);
    lsn_calendar_free(ics);
    lsn_calendar_free(csv);

    /* Same bytes with and without declines. */
    char *p = join(fx.all, "outlook"), *q = join(fx.nodecl, "outlook");
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "diff -r '%s' '%s' >/dev/null", p, q);
    assert_int_equal(system(cmd), 0);
    free(p);
    free(q);
}

/* The person graph (every participant, by address) of two calendars. */
static char **edge_lines(const lsn_calendar *cal, size_t *count)
{
    lsn_analysis *a = NULL;
    assert_int_equal(lsn_analysis_build(&a, cal, NULL), LSN_OK);
    size_t n, np;
    const lsn_edge *e = lsn_analysis_person_edges(a, &n);
    const lsn_participant *pt = lsn_calendar_participants(cal, &np);
    char **lines = calloc(n ? n : 1, sizeof(char *));
    assert_non_null(lines);
    for (size_t i = 0; i < n; i++) {
        const char *u = pt[e[i].u].address, *v = pt[e[i].v].address;
        if (strcmp(u, v) > 0) {
            const char *t = u;
            u = v;
            v = t;
        }
        size_t cap = strlen(u) + strlen(v) + 64;
        lines[i] = malloc(cap);
        assert_non_null(lines[i]);
        /* Rounded: sums in another order may differ in the last bits. */
        snprintf(lines[i], cap, "%s %s %.9f", u, v, e[i].weight);
    }
    qsort(lines, n, sizeof(char *), cmp_str);
    lsn_analysis_free(a);
    *count = n;
    return lines;
}

static void test_formats_person_graph_is_the_same(void **state)
{
    (void)state;
    const char *const pairs[2][4] = {{"all", "mailboxes", "all", "graph"},
                                     {"nodecl", "mailboxes", "all", "outlook"}};
    for (int k = 0; k < 2; k++) {
        const char *ra = strcmp(pairs[k][0], "all") == 0 ? fx.all : fx.nodecl;
        const char *rb = strcmp(pairs[k][2], "all") == 0 ? fx.all : fx.nodecl;
        lsn_calendar *x = load(ra, pairs[k][1]);
        lsn_calendar *y = load(rb, pairs[k][3]);
        size_t na, nb;
        char **a = edge_lines(x, &na);
        char **b = edge_lines(y, &nb);
        print_message("%s/%s vs %s/%s: %zu and %zu edges\n", pairs[k][0], pairs[k][1], pairs[k][2],
                      pairs[k][3], na, nb);
        assert_true(na > 100);
        assert_same_lines(a, na, b, nb);
        free_lines(a, na);
        free_lines(b, nb);
        lsn_calendar_free(x);
        lsn_calendar_free(y);
    }
}

/* ------------------------------------------------------------------ */
/* `liaison analyze` end to end                                         */

/* `liaison analyze` of root/sub against the roster in roster/, in [from, to). */
static json_t *analyze_org(const char *roster,
                           const char *from,
                           const char *to,
                           const char *root,
                           const char *sub,
                           const char *name)
{
    char out[2048], cmd[8192];
    snprintf(out, sizeof(out), "%s/report-%s", fx.dir, name);
    snprintf(cmd, sizeof(cmd),
             "'%s' analyze --quiet --people '%s/people.csv' --teams '%s/teams.csv' "
             "--needs '%s/needs.csv' --from %s --to %s --out '%s' '%s/%s' 2>'%s.err'",
             LSN_BINARY, roster, roster, roster, from, to, out, root, sub, out);
    int st = system(cmd);
    if (st != 0) {
        print_error("failed: %s\n", cmd);
    }
    assert_int_equal(st, 0);
    char path[2100];
    snprintf(path, sizeof(path), "%s/report.json", out);
    json_error_t err;
    json_t *r = json_load_file(path, 0, &err);
    if (r == NULL) {
        print_error("%s: %s\n", path, err.text);
    }
    assert_non_null(r);
    return r;
}

static json_t *analyze(const char *root, const char *sub, const char *name)
{
    return analyze_org(fx.all, fx.from, fx.to, root, sub, name);
}

static bool ignored_key(const char *key, const char *const *ignore)
{
    for (size_t i = 0; ignore != NULL && ignore[i] != NULL; i++) {
        if (strcmp(key, ignore[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* Deep equality, numbers within 1e-6, object keys in `ignore` skipped. */
static bool same_json(const json_t *a, const json_t *b, const char *const *ignore, const char *at)
{
    if (json_is_number(a) && json_is_number(b)) {
        double x = json_number_value(a), y = json_number_value(b);
        if (fabs(x - y) <= 1e-6 * (1 + fabs(x))) {
            return true;
        }
        print_message("differs at %s: %.9g vs %.9g\n", at, x, y);
        return false;
    }
    if (json_typeof(a) != json_typeof(b)) {
        print_message("differs at %s: types\n", at);
        return false;
    }
    char where[512];
    if (json_is_object(a)) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)a, key, v)
        {
            if (ignored_key(key, ignore)) {
                continue;
            }
            snprintf(where, sizeof(where), "%s.%s", at, key);
            json_t *w = json_object_get(b, key);
            if (w == NULL) {
                print_message("differs at %s: missing\n", where);
                return false;
            }
            if (!same_json(v, w, ignore, where)) {
                return false;
            }
        }
        json_object_foreach((json_t *)b, key, v)
        {
            if (!ignored_key(key, ignore) && json_object_get(a, key) == NULL) {
                print_message("differs at %s.%s: extra\n", at, key);
                return false;
            }
        }
        return true;
    }
    if (json_is_array(a)) {
        if (json_array_size(a) != json_array_size(b)) {
            print_message("differs at %s: %zu vs %zu entries\n", at, json_array_size(a),
                          json_array_size(b));
            return false;
        }
        for (size_t i = 0; i < json_array_size(a); i++) {
            snprintf(where, sizeof(where), "%s[%zu]", at, i);
            if (!same_json(json_array_get(a, i), json_array_get(b, i), ignore, where)) {
                return false;
            }
        }
        return true;
    }
    if (!json_equal((json_t *)a, (json_t *)b)) {
        print_message("differs at %s\n", at);
        return false;
    }
    return true;
}

static int cmp_by_summary(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    const char *p = json_string_value(json_object_get(json_object_get(x, "metrics"), "summary"));
    const char *q = json_string_value(json_object_get(json_object_get(y, "metrics"), "summary"));
    int c = strcmp(p ? p : "", q ? q : "");
    if (c != 0) {
        return c;
    }
    /* Same subject: by the rest of the finding, which no series id is part of. */
    char *u = json_dumps(x, JSON_SORT_KEYS), *v = json_dumps(y, JSON_SORT_KEYS);
    c = strcmp(u, v);
    free(u);
    free(v);
    return c;
}

/*
 * The oversized_meeting findings of a report as two formats with different
 * series can share them, sorted by subject: severity, owner team, subject
 * and median size. (Instances and hours differ where a row of the Outlook
 * export joins another series than its VEVENT: a moved instance, or an
 * edited series whose versions have one subject.) A new reference.
 */
static json_t *oversized_by_summary(const json_t *report)
{
    json_t *list = json_object_get(report, "findings");
    size_t n = 0;
    json_t **v = calloc(json_array_size(list) + 1, sizeof(*v));
    assert_non_null(v);
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *f = json_array_get(list, i);
        const char *t = json_string_value(json_object_get(f, "type"));
        if (t != NULL && strcmp(t, "oversized_meeting") == 0) {
            json_t *m = json_object_get(f, "metrics");
            v[n] = json_pack("{sOsOs{sOsO}}", "severity", json_object_get(f, "severity"), "team",
                             json_object_get(f, "team"), "metrics", "summary",
                             json_object_get(m, "summary"), "size", json_object_get(m, "size"));
            assert_non_null(v[n]);
            n++;
        }
    }
    qsort(v, n, sizeof(*v), cmp_by_summary);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(out, v[i]);
    }
    free(v);
    return out;
}

/* The findings of a report without those of one type; a new reference. */
static json_t *findings_without(const json_t *report, const char *type)
{
    json_t *out = json_array();
    json_t *list = json_object_get(report, "findings");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *f = json_array_get(list, i);
        const char *t = json_string_value(json_object_get(f, "type"));
        if (type == NULL || t == NULL || strcmp(t, type) != 0) {
            json_array_append(out, f);
        }
    }
    return out;
}

static void test_formats_analyze_reports_agree(void **state)
{
    (void)state;
    json_t *ics = analyze(fx.all, "mailboxes", "ics");
    json_t *graph = analyze(fx.all, "graph", "graph");
    json_t *ics_nodecl = analyze(fx.nodecl, "mailboxes", "ics-nodecl");
    json_t *csv = analyze(fx.all, "outlook", "outlook");
    assert_true(json_array_size(json_object_get(ics, "findings")) > 0);

    /* Graph: everything but the input section (files, counts, lists). */
    static const char *const sections[] = {"summary", "findings", "liaisons",
                                           "people",  "teams",    "proposal"};
    for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
        json_t *a = json_object_get(ics, sections[i]), *b = json_object_get(graph, sections[i]);
        if (a == NULL && b == NULL) {
            continue;
        }
        print_message("graph: %s\n", sections[i]);
        assert_true(same_json(a, b, NULL, sections[i]));
    }

    /* Outlook: what is keyed by series differs by SPEC §1.4's series rule. */
    static const char *const by_series[] = {"series", "broadcast_series", "restructure", NULL};
    static const char *const same[] = {"liaisons", "people", "teams"};
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        print_message("outlook: %s\n", same[i]);
        assert_true(same_json(json_object_get(ics_nodecl, same[i]), json_object_get(csv, same[i]),
                              by_series, same[i]));
    }
    json_t *sa = json_object_get(ics_nodecl, "summary"), *sb = json_object_get(csv, "summary");
    print_message("outlook: summary\n");
    assert_true(same_json(sa, sb, by_series, "summary"));
    assert_true(json_integer_value(json_object_get(sb, "series")) >=
                json_integer_value(json_object_get(sa, "series")));
    json_t *fa = findings_without(ics_nodecl, "oversized_meeting");
    json_t *fb = findings_without(csv, "oversized_meeting");
    print_message("outlook: findings (%zu) but oversized_meeting\n", json_array_size(fa));
    assert_true(json_array_size(fa) > 0);
    assert_true(same_json(fa, fb, NULL, "findings"));
    json_decref(fa);
    json_decref(fb);
    /* oversized_meeting agrees but for the series id: a series is the same
     * meeting in both formats. */
    fa = oversized_by_summary(ics_nodecl);
    fb = oversized_by_summary(csv);
    print_message("outlook: oversized_meeting (%zu)\n", json_array_size(fa));
    assert_true(json_array_size(fa) > 0);
    assert_true(same_json(fa, fb, NULL, "oversized_meeting"));
    json_decref(fa);
    json_decref(fb);

    json_decref(ics);
    json_decref(graph);
    json_decref(ics_nodecl);
    json_decref(csv);
}

/*
 * The bundled organization (liaison gen's defaults: 150 people, 13 weeks,
 * seed 1, as datasets/sample/) exported as Outlook CSV. Its stand-ups run
 * every weekday; before rows of any weekday made one series, each stand-up
 * was five series and five oversized_meeting findings (15 in all). Now each
 * meeting is one finding: no subject twice, and the same findings as the
 * iCalendar export without declines (Outlook has no replies, so a stand-up
 * where someone declined is one person larger there), up to the series id.
 * The iCalendar export with its declines has 5, all among them.
 */
static void test_formats_sample_outlook_has_one_oversized_meeting_per_meeting(void **state)
{
    (void)state;
    char *root = join(fx.dir, "sample"), *all = join(root, "all"), *nodecl = join(root, "nodecl");
    lsn_gen_options o = LSN_GEN_OPTIONS_INIT;
    lsn_gen *g = NULL;
    char from[11], to[11];
    assert_int_equal(lsn_gen_build(&g, &o), LSN_OK);
    int32_t days;
    int32_t first = lsn_gen_window(g, &days);
    day_string(from, first);
    day_string(to, first + days);
    assert_int_equal(lsn_gen_save_as(g, all, LSN_GEN_FORMAT_ICS | LSN_GEN_FORMAT_OUTLOOK, NULL),
                     LSN_OK);
    lsn_gen_drop_declines(g);
    assert_int_equal(lsn_gen_save_as(g, nodecl, LSN_GEN_FORMAT_ICS, NULL), LSN_OK);
    lsn_gen_free(g);

    json_t *ics = analyze_org(all, from, to, all, "mailboxes", "sample-ics");
    json_t *ics_nodecl = analyze_org(all, from, to, nodecl, "mailboxes", "sample-ics-nodecl");
    json_t *csv = analyze_org(all, from, to, all, "outlook", "sample-outlook");
    json_t *a = oversized_by_summary(ics), *b = oversized_by_summary(ics_nodecl),
           *c = oversized_by_summary(csv);
    size_t na = json_array_size(a), nc = json_array_size(c);
    print_message("oversized_meeting: iCalendar %zu, without declines %zu, Outlook CSV %zu\n", na,
                  json_array_size(b), nc);
    assert_int_equal(na, 5);
    assert_true(same_json(b, c, NULL, "oversized_meeting"));
    for (size_t i = 0; i < nc; i++) {
        const char *si = json_string_value(
            json_object_get(json_object_get(json_array_get(c, i), "metrics"), "summary"));
        print_message("  %s\n", si);
        for (size_t j = i + 1; j < nc; j++) {
            const char *sj = json_string_value(
                json_object_get(json_object_get(json_array_get(c, j), "metrics"), "summary"));
            assert_string_not_equal(si, sj);
        }
        bool in_ics = false;
        for (size_t j = 0; j < na; j++) {
            in_ics =
                in_ics ||
                strcmp(si, json_string_value(json_object_get(
                               json_object_get(json_array_get(a, j), "metrics"), "summary"))) == 0;
        }
        if (!in_ics) {
            print_message("    (not in the iCalendar export: someone declined it there)\n");
        }
    }
    for (size_t j = 0; j < na; j++) {
        const char *sj = json_string_value(
            json_object_get(json_object_get(json_array_get(a, j), "metrics"), "summary"));
        bool in_csv = false;
        for (size_t i = 0; i < nc; i++) {
            in_csv =
                in_csv ||
                strcmp(sj, json_string_value(json_object_get(
                               json_object_get(json_array_get(c, i), "metrics"), "summary"))) == 0;
        }
        assert_true(in_csv);
    }
    json_decref(a);
    json_decref(b);
    json_decref(c);
    json_decref(ics);
    json_decref(ics_nodecl);
    json_decref(csv);
    free(root);
    free(all);
    free(nodecl);
}

/* ------------------------------------------------------------------ */
/* Detection by content                                                 */

static void copy_file(const char *from, const char *to)
{
    char cmd[8192];
    snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
    assert_int_equal(system(cmd), 0);
}

/*
 * A folder with one mailbox in each format under names that say nothing
 * (a.dat: iCalendar, b.txt: Graph JSON, c.json: Outlook CSV), plus two
 * files that are not calendars (people.csv: a CSV without Subject/Start
 * Date; notes.ics: text). The three calendars load with their own front
 * end: files 3, vevents the sum of loading each alone, two warnings.
 */
static void test_formats_mixed_folder_is_detected_by_content(void **state)
{
    (void)state;
    char *mixed = join(fx.dir, "mixed");
    assert_non_null(mixed);
    assert_int_equal(mkdir(mixed, 0777), 0);
    DIR *d = NULL;
    char *mbox = join(fx.all, "mailboxes");
    d = opendir(mbox);
    assert_non_null(d);
    struct dirent *e;
    char local[256] = "";
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".ics") == 0 &&
            (local[0] == '\0' || strcmp(e->d_name, local) < 0)) {
            snprintf(local, sizeof(local), "%.*s", (int)(n - 4), e->d_name);
        }
    }
    closedir(d);
    free(mbox);
    assert_true(local[0] != '\0');
    char src[2048], dst[2048];
    const char *const parts[3][3] = {
        {"mailboxes", ".ics", "a.dat"}, {"graph", ".json", "b.txt"}, {"outlook", ".csv", "c.json"}};
    int64_t vevents = 0;
    for (int k = 0; k < 3; k++) {
        snprintf(src, sizeof(src), "%s/%s/%s%s", fx.all, parts[k][0], local, parts[k][1]);
        snprintf(dst, sizeof(dst), "%s/%s", mixed, parts[k][2]);
        copy_file(src, dst);
        const char *one[] = {dst};
        lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
        o.from = fx.from;
        o.to = fx.to;
        lsn_calendar *cal = NULL;
        assert_int_equal(lsn_calendar_load(&cal, fx.org, one, 1, &o), LSN_OK);
        print_message("%s alone: %lld records, %lld used\n", parts[k][2],
                      (long long)lsn_calendar_stats(cal)->vevents,
                      (long long)lsn_calendar_stats(cal)->used);
        assert_true(lsn_calendar_stats(cal)->vevents > 0);
        vevents += lsn_calendar_stats(cal)->vevents;
        lsn_calendar_free(cal);
    }
    snprintf(src, sizeof(src), "%s/people.csv", fx.all);
    snprintf(dst, sizeof(dst), "%s/people.csv", mixed);
    copy_file(src, dst);
    snprintf(dst, sizeof(dst), "%s/notes.ics", mixed);
    FILE *f = fopen(dst, "w");
    assert_non_null(f);
    fputs("Agenda: not a calendar, whatever the name says.\n", f);
    fclose(f);

    const char *paths[] = {mixed};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = fx.from;
    o.to = fx.to;
    lsn_calendar *cal = NULL;
    fx.warnings = 0;
    assert_int_equal(lsn_calendar_load(&cal, fx.org, paths, 1, &o), LSN_OK);
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    assert_int_equal(st->files, 3);
    assert_int_equal(st->vevents, vevents);
    assert_int_equal(fx.warnings, 2);
    size_t nf;
    const char *const *files = lsn_calendar_files(cal, &nf);
    assert_int_equal(nf, 3);
    assert_non_null(strstr(files[0], "/a.dat"));
    assert_non_null(strstr(files[1], "/b.txt"));
    assert_non_null(strstr(files[2], "/c.json"));
    lsn_calendar_free(cal);

    /* Named directly, a file that is not a calendar is an error. */
    const char *bad[] = {dst};
    cal = NULL;
    assert_int_equal(lsn_calendar_load(&cal, fx.org, bad, 1, &o), LSN_EPARSE);
    assert_null(cal);
    assert_non_null(strstr(lsn_error_last(), "notes.ics:1: not a calendar file"));
    free(mixed);
}

/*
 * The iCalendar and Graph exports of the same mailboxes loaded together:
 * every Graph record is one more copy of an iCalendar instance (same UID,
 * same original start), so the meetings are those of either alone.
 */
static void test_formats_ics_and_graph_copies_merge(void **state)
{
    (void)state;
    char *a = join(fx.all, "mailboxes"), *b = join(fx.all, "graph");
    const char *paths[] = {a, b};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = fx.from;
    o.to = fx.to;
    lsn_calendar *both = NULL;
    assert_int_equal(lsn_calendar_load(&both, fx.org, paths, 2, &o), LSN_OK);
    lsn_calendar *ics = load(fx.all, "mailboxes");
    size_t na, nb;
    char **x = instance_lines(ics, true, &na);
    char **y = instance_lines(both, true, &nb);
    assert_same_lines(x, na, y, nb);
    assert_int_equal(lsn_calendar_stats(both)->read, lsn_calendar_stats(ics)->read);
    assert_int_equal(lsn_calendar_stats(both)->files, 2 * lsn_calendar_stats(ics)->files);
    free_lines(x, na);
    free_lines(y, nb);
    lsn_calendar_free(ics);
    lsn_calendar_free(both);
    free(a);
    free(b);
}

/*
 * `liaison gen --format all` writes what the library wrote for the same
 * options (the fixture's folder, byte for byte); --format outlook alone
 * writes outlook/ and no iCalendar; a bad --format or --tz is a usage error
 * (exit 2) that writes nothing.
 */
static void test_formats_gen_command(void **state)
{
    (void)state;
    char out[1024], cmd[8192];
    snprintf(out, sizeof(out), "%s/cli", fx.dir);
    snprintf(cmd, sizeof(cmd),
             "'%s' gen --quiet --people %d --weeks %d --seed 7 --format all --out '%s' && "
             "diff -r '%s' '%s' >/dev/null",
             LSN_BINARY, PEOPLE, WEEKS, out, out, fx.all);
    assert_int_equal(system(cmd), 0);
    snprintf(out, sizeof(out), "%s/cli-outlook", fx.dir);
    snprintf(cmd, sizeof(cmd),
             "'%s' gen --quiet --people 20 --weeks 2 --format outlook --tz Europe/Berlin "
             "--out '%s' && test -d '%s/outlook' && test ! -e '%s/combined.ics' && "
             "test ! -e '%s/graph'",
             LSN_BINARY, out, out, out, out);
    assert_int_equal(system(cmd), 0);
    snprintf(out, sizeof(out), "%s/cli-bad", fx.dir);
    snprintf(cmd, sizeof(cmd), "'%s' gen --format vcard --out '%s' 2>/dev/null", LSN_BINARY, out);
    int st = system(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    snprintf(cmd, sizeof(cmd), "'%s' gen --format outlook --tz Mars/Base --out '%s' 2>/dev/null",
             LSN_BINARY, out);
    st = system(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    assert_int_not_equal(access(out, F_OK), 0);
}

/*
 * The table of formats (io/formats.h): a file is known by its first bytes,
 * whatever its name, the rows tried in order (iCalendar, Graph JSON,
 * Outlook CSV); bytes no row knows give NULL. Each row has a name of its
 * own, a sniff and a load.
 */
static void test_formats_table_knows_each_format_by_its_first_bytes(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *format; /* NULL: no row */
    } cases[] = {
        {"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "iCalendar"},
        {"\xEF\xBB\xBF\r\n  begin:vcalendar\n", "iCalendar"}, /* BOM, blanks, any case */
        {"[{\"subject\": \"x\"}]", "Microsoft Graph JSON"},
        {" \n{\"value\": []}", "Microsoft Graph JSON"},
        {"Subject,Start Date,Start Time\r\n", "Outlook CSV"},
        {"\"Start Date\",\"Subject\"\n", "Outlook CSV"},
        {"Subject,Start Time,End Time\r\n", NULL}, /* no Start Date: refused below */
        {"email,name,team\n", NULL},
        {"Agenda: BEGIN:VCALENDAR later in the line\n", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const lsn_format *f = lsn_formats_find(cases[i].text, strlen(cases[i].text));
        print_message("case %zu\n", i);
        if (cases[i].format == NULL) {
            assert_null(f);
        } else {
            assert_non_null(f);
            assert_string_equal(f->name, cases[i].format);
        }
    }
    size_t n;
    const lsn_format *rows = lsn_formats_list(&n);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(rows[i].sniff);
        assert_non_null(rows[i].load);
        for (size_t k = 0; k < i; k++) {
            assert_string_not_equal(rows[i].name, rows[k].name);
        }
    }
}

/*
 * Bytes no row knows but that look like a broken file of one format are
 * refused by that row with what is missing (an Outlook header without
 * Start Date, on its line 3 after two blank lines); anything else is left
 * to the caller (LSN_OK), which says "not a calendar file".
 */
static void test_formats_table_refuses_a_broken_header_by_name(void **state)
{
    (void)state;
    const char *text = "\r\n\nSubject,Start Time,End Time\n";
    assert_null(lsn_formats_find(text, strlen(text)));
    assert_int_equal(lsn_formats_refuse("x.csv", text, strlen(text)), LSN_EPARSE);
    assert_string_equal(lsn_error_last(),
                        "x.csv:3: an Outlook CSV export without the required column 'Start Date'");
    lsn_error_clear();
    text = "Agenda: not a calendar\n";
    assert_int_equal(lsn_formats_refuse("notes.ics", text, strlen(text)), LSN_OK);
    assert_string_equal(lsn_error_last(), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats_table_knows_each_format_by_its_first_bytes),
        cmocka_unit_test(test_formats_table_refuses_a_broken_header_by_name),
        cmocka_unit_test(test_formats_graph_gives_the_ics_instances),
        cmocka_unit_test(test_formats_outlook_gives_the_ics_instances_without_declines),
        cmocka_unit_test(test_formats_sample_outlook_has_one_oversized_meeting_per_meeting),
        cmocka_unit_test(test_formats_person_graph_is_the_same),
        cmocka_unit_test(test_formats_analyze_reports_agree),
        cmocka_unit_test(test_formats_mixed_folder_is_detected_by_content),
        cmocka_unit_test(test_formats_ics_and_graph_copies_merge),
        cmocka_unit_test(test_formats_gen_command),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
