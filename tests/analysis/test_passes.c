/*
 * tests/analysis/test_passes.c — the §3 passes of analysis/passes.c: for
 * every finding type an organization where it fires (subjects, severity and
 * metrics checked) and a near miss exactly at its threshold. People are
 * written by local part: "a" is a@example.com. Unless a test says otherwise
 * the window is one week (T0 .. T0 + 7 days), so hours per week are hours.
 */
#include "analysis/passes.h"
#include "io/error.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE INT64_C(60)

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static lsn_findings *run(const support_world *w, const lsn_pass_options *opts)
{
    lsn_findings *f = NULL;
    assert_int_equal(lsn_findings_new(&f), LSN_OK);
    int rc = lsn_passes_run(f, w->a, opts);
    if (rc != LSN_OK) {
        fail_msg("lsn_passes_run: %s", lsn_error_last());
    }
    return f;
}

static size_t count_type(const lsn_findings *f, const char *type)
{
    size_t n = 0, k = 0;
    const lsn_finding *items = lsn_findings_items(f, &n);
    for (size_t i = 0; i < n; i++) {
        k += strcmp(items[i].type, type) == 0;
    }
    return k;
}

/* The finding of this type whose subject reads `subject` (lsn_value_to_text),
 * or NULL. */
static const lsn_finding *find(const lsn_findings *f, const char *type, const char *subject)
{
    size_t n = 0;
    const lsn_finding *items = lsn_findings_items(f, &n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(items[i].type, type) != 0) {
            continue;
        }
        char *text = lsn_value_to_text(items[i].subject);
        assert_non_null(text);
        int same = strcmp(text, subject) == 0;
        free(text);
        if (same) {
            return &items[i];
        }
    }
    return NULL;
}

/* The only finding of this type, which must have this subject. */
static const lsn_finding *only(const lsn_findings *f, const char *type, const char *subject)
{
    assert_int_equal(count_type(f, type), 1);
    const lsn_finding *x = find(f, type, subject);
    if (x == NULL) {
        fail_msg("no %s with subject %s", type, subject);
    }
    assert_non_null(x->explanation);
    assert_true(strlen(x->explanation) > 20);
    return x;
}

static const lsn_value *metric(const lsn_finding *x, const char *key, lsn_vkind kind)
{
    const lsn_value *v = lsn_value_get(x->metrics, key);
    if (v == NULL) {
        fail_msg("%s has no metric %s", x->type, key);
    }
    assert_int_equal(v->kind, kind);
    return v;
}

static double num(const lsn_finding *x, const char *key)
{
    return metric(x, key, LSN_VAL_NUM)->d;
}

static int64_t integer(const lsn_finding *x, const char *key)
{
    return metric(x, key, LSN_VAL_INT)->i;
}

static bool boolean(const lsn_finding *x, const char *key)
{
    return metric(x, key, LSN_VAL_BOOL)->b;
}

static const char *string(const lsn_finding *x, const char *key)
{
    return metric(x, key, LSN_VAL_STR)->s;
}

/* Compare a list (or any) metric with its compact text, e.g. "[a,b]". */
static void assert_text(const lsn_finding *x, const char *key, const char *expected)
{
    const lsn_value *v = lsn_value_get(x->metrics, key);
    if (v == NULL) {
        fail_msg("%s has no metric %s", x->type, key);
    }
    char *text = lsn_value_to_text(v);
    assert_non_null(text);
    assert_string_equal(text, expected);
    free(text);
}

/* "e1 e2 ... en" into buf (appended). */
static void append_people(char *buf, size_t size, const char *prefix, int n)
{
    for (int i = 1; i <= n; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s%d", len > 0 ? " " : "", prefix, i);
    }
}

/* ------------------------------------------------------------------ */
/* oversized_meeting                                                    */
/* ------------------------------------------------------------------ */

/*
 * eng e1..e10, product p1..p10. Series "big": two one-hour instances (days
 * 1, 2) with the same present people, so size = n, and
 * person_hours_per_week = 2 instances x n x 1 h / 1 week = 2n.
 *   size  present                 owner  outside  owner_members  severity
 *    8    e1-5, p1-3 (the ninth    eng     3        5            none: 8 is not > 8
 *         invitee declined)
 *    9    e1-6, p1-3              eng     3        6            low, pushed (6 <= 8)
 *   12    e1-8, p1-4              eng     4        8            low (12 not > 12), pushed
 *   13    e1-9, p1-4              eng     4        9            medium, not pushed
 *   16    e1-10, p1-6             eng     6       10            medium (16 not > 16)
 *   17    e1-10, p1-6, x@other    eng     7       10            high
 * teams_present is 2 (eng, product; the external belongs to no team).
 */
static void test_oversized_meeting_by_size(void **state)
{
    (void)state;
    static const struct {
        int eng, product, external;
        double size;
        int severity; /* -1: no finding */
        double outsiders, owner_members;
        bool pushed;
    } cases[] = {
        {5, 3, 0, 8, -1, 0, 0, false},
        {6, 3, 0, 9, LSN_SEV_LOW, 3, 6, true},
        {8, 4, 0, 12, LSN_SEV_LOW, 4, 8, true},
        {9, 4, 0, 13, LSN_SEV_MEDIUM, 4, 9, false},
        {10, 6, 0, 16, LSN_SEV_MEDIUM, 6, 10, false},
        {10, 6, 1, 17, LSN_SEV_HIGH, 7, 10, false},
    };
    support_person rows[20];
    char emails[20][8];
    for (int i = 0; i < 10; i++) {
        snprintf(emails[i], sizeof(emails[i]), "e%d", i + 1);
        snprintf(emails[10 + i], sizeof(emails[10 + i]), "p%d", i + 1);
        rows[i] = (support_person){emails[i], "eng", NULL};
        rows[10 + i] = (support_person){emails[10 + i], "product", NULL};
    }
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        char present[512] = "";
        append_people(present, sizeof(present), "e", cases[c].eng);
        append_people(present, sizeof(present), "p", cases[c].product);
        if (cases[c].external) {
            strcat(present, " x@other.org");
        }
        support_world w;
        support_begin(&w, rows, 20, 7);
        support_add(&w, "big", 1 * DAY, 60, "e1", present);
        support_add(&w, "big", 2 * DAY, 60, "e1", present);
        support_analyze(&w, NULL);
        lsn_findings *f = run(&w, NULL);
        if (cases[c].severity < 0) {
            assert_int_equal(count_type(f, "oversized_meeting"), 0);
        } else {
            const lsn_finding *x = only(f, "oversized_meeting", "{series=big,team=eng}");
            assert_int_equal(x->severity, cases[c].severity);
            assert_near(num(x, "size"), cases[c].size);
            assert_int_equal(integer(x, "instances"), 2);
            assert_near(num(x, "person_hours_per_week"), 2 * cases[c].size);
            assert_int_equal(integer(x, "teams_present"), 2);
            assert_near(num(x, "outsiders"), cases[c].outsiders);
            assert_near(num(x, "owner_members"), cases[c].owner_members);
            assert_true(boolean(x, "liaison_pushed") == cases[c].pushed);
            assert_string_equal(string(x, "summary"), "big");
            if (cases[c].size == 13) {
                assert_string_equal(x->explanation,
                                    "'big' (2 meetings, owned by eng) has a median of 13 people, "
                                    "4 of them from outside eng, above the rule of 8; decisions "
                                    "get slow.");
            }
        }
        lsn_findings_free(f);
        support_end(&w);
    }
}

/*
 * broadcast_size = 12 for this test.
 *  - "one-off": a single instance of 12 people (not a broadcast): a series
 *    needs >= 2 instances to be oversized -> none.
 *  - "allhands": 2 instances of 13 people, 13 > 12 -> broadcast -> none.
 *  - "vendor": 2 instances of 9 external people: size 9 > 8 -> low; no
 *    roster person, so no owner: team is null, outsiders 9 (everyone),
 *    teams_present 0, liaison_pushed false.
 *  - with rule_of_eight = 9, "vendor" (9 is not > 9) does not fire.
 */
static void test_oversized_meeting_skips_broadcast_and_single(void **state)
{
    (void)state;
    support_person rows[20];
    char emails[20][8];
    for (int i = 0; i < 10; i++) {
        snprintf(emails[i], sizeof(emails[i]), "e%d", i + 1);
        snprintf(emails[10 + i], sizeof(emails[10 + i]), "p%d", i + 1);
        rows[i] = (support_person){emails[i], "eng", NULL};
        rows[10 + i] = (support_person){emails[10 + i], "product", NULL};
    }
    char twelve[512] = "", thirteen[512] = "", vendors[512] = "";
    append_people(twelve, sizeof(twelve), "e", 10);
    append_people(twelve, sizeof(twelve), "p", 2);
    append_people(thirteen, sizeof(thirteen), "e", 10);
    append_people(thirteen, sizeof(thirteen), "p", 3);
    for (int i = 1; i <= 9; i++) {
        size_t len = strlen(vendors);
        snprintf(vendors + len, sizeof(vendors) - len, "%sx%d@other.org", i > 1 ? " " : "", i);
    }
    support_world w;
    support_begin(&w, rows, 20, 7);
    support_add(&w, "one-off", 1 * DAY, 60, "e1", twelve);
    support_add(&w, "allhands", 2 * DAY, 60, "e1", thirteen);
    support_add(&w, "allhands", 3 * DAY, 60, "e1", thirteen);
    support_add(&w, "vendor", 4 * DAY, 30, NULL, vendors);
    support_add(&w, "vendor", 5 * DAY, 30, NULL, vendors);
    lsn_analysis_options aopts = LSN_ANALYSIS_OPTIONS_INIT;
    aopts.broadcast_size = 12;
    support_analyze(&w, &aopts);

    lsn_findings *f = run(&w, NULL);
    const lsn_finding *x = only(f, "oversized_meeting", "{series=vendor,team=null}");
    assert_int_equal(x->severity, LSN_SEV_LOW);
    assert_near(num(x, "size"), 9);
    assert_near(num(x, "outsiders"), 9);
    assert_near(num(x, "person_hours_per_week"), 9.0);
    assert_int_equal(integer(x, "teams_present"), 0);
    assert_false(boolean(x, "liaison_pushed"));
    lsn_findings_free(f);

    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    opts.rule_of_eight = 9;
    f = run(&w, &opts);
    assert_int_equal(count_type(f, "oversized_meeting"), 0);
    lsn_findings_free(f);
    support_end(&w);
}

/* ------------------------------------------------------------------ */
/* overbooked_person                                                    */
/* ------------------------------------------------------------------ */

/*
 * a meets k times for 30 minutes, back to back, alternately with b (even i)
 * and c (odd i): a has k / 2 hours, b and c at most 15.5 (never overbooked).
 *   k = 40 -> 20.0 h: not > 20, none      k = 41 -> 20.5 h: low
 *   k = 50 -> 25.0 h: low (not > 25)      k = 52 -> 26.0 h: medium
 *   k = 60 -> 30.0 h: medium (not > 30)   k = 62 -> 31.0 h: high
 * No overlap: double_booked 0; instances k.
 */
static void test_overbooked_person_by_hours(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a", "eng", NULL}, {"b", "eng", NULL}, {"c", "ops", NULL}};
    static const struct {
        int k;
        int severity;
    } cases[] = {{40, -1},
                 {41, LSN_SEV_LOW},
                 {50, LSN_SEV_LOW},
                 {52, LSN_SEV_MEDIUM},
                 {60, LSN_SEV_MEDIUM},
                 {62, LSN_SEV_HIGH}};
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        support_world w;
        support_begin(&w, rows, 3, 7);
        for (int i = 0; i < cases[c].k; i++) {
            support_add(&w, i % 2 == 0 ? "a-b" : "a-c", i * 30 * MINUTE, 30, "a",
                        i % 2 == 0 ? "a b" : "a c");
        }
        support_analyze(&w, NULL);
        lsn_findings *f = run(&w, NULL);
        if (cases[c].severity < 0) {
            assert_int_equal(count_type(f, "overbooked_person"), 0);
        } else {
            const lsn_finding *x = only(f, "overbooked_person", "{person=a@example.com}");
            assert_int_equal(x->severity, cases[c].severity);
            assert_near(num(x, "hours_per_week"), cases[c].k / 2.0);
            assert_near(num(x, "double_booked_hours_per_week"), 0.0);
            assert_int_equal(integer(x, "instances"), cases[c].k);
        }
        lsn_findings_free(f);
        support_end(&w);
    }
}

/*
 * 60 back-to-back half hours (30 h) plus a one-hour meeting with d at the
 * very start, on top of the first two: 31 h, of which 1 h is double-booked
 * -> high, instances 61.
 */
static void test_overbooked_person_reports_double_booking(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a", "eng", NULL}, {"b", "eng", NULL}, {"c", "ops", NULL}, {"d", "ops", NULL}};
    support_world w;
    support_begin(&w, rows, 4, 7);
    for (int i = 0; i < 60; i++) {
        support_add(&w, i % 2 == 0 ? "a-b" : "a-c", i * 30 * MINUTE, 30, "a",
                    i % 2 == 0 ? "a b" : "a c");
    }
    support_add(&w, "a-d", 0, 60, "d", "a d");
    support_analyze(&w, NULL);
    lsn_findings *f = run(&w, NULL);
    const lsn_finding *x = only(f, "overbooked_person", "{person=a@example.com}");
    assert_int_equal(x->severity, LSN_SEV_HIGH);
    assert_near(num(x, "hours_per_week"), 31.0);
    assert_near(num(x, "double_booked_hours_per_week"), 1.0);
    assert_int_equal(integer(x, "instances"), 61);
    lsn_findings_free(f);
    support_end(&w);
}

/* ------------------------------------------------------------------ */
/* missing_link                                                         */
/* ------------------------------------------------------------------ */

/*
 * Window of 35 days = 5 weeks. eng {e1, e2}, product {p1, p2}; one 1:1
 * e1-p1 of m minutes: team weight = m / 60 / 5.
 *   m = 72 -> 0.24 < 0.25: missing_link, moderate -> medium
 *   m = 75 -> 0.25 exactly: not < 0.25, none
 *   m = 78 -> 0.26: none
 */
static void test_missing_link_at_quarter_hour(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"e1", "eng", NULL}, {"e2", "eng", NULL}, {"p1", "product", NULL}, {"p2", "product", NULL}};
    static const support_need_row needs[] = {{"eng", "product", LSN_CONTEXT_MODERATE, false}};
    static const int minutes[] = {72, 75, 78};
    for (size_t c = 0; c < 3; c++) {
        support_world w;
        support_begin_org(&w, NULL, 0, rows, 4, needs, 1, 35);
        support_add(&w, "sync", 1 * DAY, minutes[c], "e1", "e1 p1");
        support_analyze(&w, NULL);
        lsn_findings *f = run(&w, NULL);
        if (c == 0) {
            const lsn_finding *x = only(f, "missing_link", "{team=eng,from=product}");
            assert_int_equal(x->severity, LSN_SEV_MEDIUM);
            assert_near(num(x, "hours_per_week"), 0.24);
            assert_string_equal(string(x, "context"), "moderate");
            assert_false(boolean(x, "availability"));
        } else {
            assert_int_equal(count_type(f, "missing_link"), 0);
        }
        assert_int_equal(count_type(f, "fragile_link"), 0);
        lsn_findings_free(f);
        support_end(&w);
    }
}

/*
 * org (root) > ghost, a declared unit with nobody in it; the teams eng {e1},
 * design {d1}, ops {o1}, sales {s1} hang under org. One hour e1-s1.
 *   design <- eng, deep + availability, 0 h -> high (availability true)
 *   ops    <- eng, minimal, 0 h           -> low
 *   sales  <- eng, moderate, 1 h           -> none
 *   design <- ghost (nobody to need)       -> ignored
 *   ghost  <- eng (nobody needing)         -> ignored
 */
static void test_missing_link_severity_follows_context(void **state)
{
    (void)state;
    static const support_unit_row units[] = {{"org", NULL}, {"ghost", "org"}};
    static const support_person rows[] = {
        {"e1", "eng", NULL}, {"d1", "design", NULL}, {"o1", "ops", NULL}, {"s1", "sales", NULL}};
    static const support_need_row needs[] = {
        {"design", "eng", LSN_CONTEXT_DEEP, true},     {"ops", "eng", LSN_CONTEXT_MINIMAL, false},
        {"sales", "eng", LSN_CONTEXT_MODERATE, false}, {"design", "ghost", LSN_CONTEXT_DEEP, false},
        {"ghost", "eng", LSN_CONTEXT_DEEP, false},
    };
    support_world w;
    support_begin_org(&w, units, 2, rows, 4, needs, 5, 7);
    support_add(&w, "sync", 1 * DAY, 60, "e1", "e1 s1");
    support_analyze(&w, NULL);
    lsn_findings *f = run(&w, NULL);
    assert_int_equal(count_type(f, "missing_link"), 2);
    const lsn_finding *x = find(f, "missing_link", "{team=design,from=eng}");
    assert_non_null(x);
    assert_int_equal(x->severity, LSN_SEV_HIGH);
    assert_near(num(x, "hours_per_week"), 0.0);
    assert_string_equal(string(x, "context"), "deep");
    assert_true(boolean(x, "availability"));
    x = find(f, "missing_link", "{team=ops,from=eng}");
    assert_non_null(x);
    assert_int_equal(x->severity, LSN_SEV_LOW);
    assert_string_equal(string(x, "context"), "minimal");
    assert_false(boolean(x, "availability"));
    /* Missing links are never also fragile. */
    assert_int_equal(count_type(f, "fragile_link"), 0);
    lsn_findings_free(f);
    support_end(&w);
}

/*
 * co (root) > platform > {api, db}; co > web; people a1, a2 (api), d1, d2
 * (db), w1, w2 (web). 1:1s: w1-a1 6 min (0.1 h), w1-d1 6 min (0.1 h),
 * a1-d1 18 min (0.3 h).
 *   web <- platform (deep): web-api + web-db = 0.2 < 0.25 -> high, 0.2
 *   web <- co (minimal): every team under co but web itself: 0.2 -> low
 *   db  <- platform (moderate): platform minus db = api: 0.3 -> none
 */
static void test_missing_link_sums_over_unit(void **state)
{
    (void)state;
    static const support_unit_row units[] = {
        {"co", NULL}, {"platform", "co"}, {"api", "platform"}, {"db", "platform"}, {"web", "co"}};
    static const support_person rows[] = {{"a1", "api", NULL}, {"a2", "api", NULL},
                                          {"d1", "db", NULL},  {"d2", "db", NULL},
                                          {"w1", "web", NULL}, {"w2", "web", NULL}};
    static const support_need_row needs[] = {
        {"web", "platform", LSN_CONTEXT_DEEP, false},
        {"web", "co", LSN_CONTEXT_MINIMAL, false},
        {"db", "platform", LSN_CONTEXT_MODERATE, false},
    };
    support_world w;
    support_begin_org(&w, units, 5, rows, 6, needs, 3, 7);
    support_add(&w, "w1-a1", 1 * DAY, 6, "w1", "w1 a1");
    support_add(&w, "w1-d1", 2 * DAY, 6, "w1", "w1 d1");
    support_add(&w, "a1-d1", 3 * DAY, 18, "a1", "a1 d1");
    support_analyze(&w, NULL);
    lsn_findings *f = run(&w, NULL);
    assert_int_equal(count_type(f, "missing_link"), 2);
    const lsn_finding *x = find(f, "missing_link", "{team=web,from=platform}");
    assert_non_null(x);
    assert_int_equal(x->severity, LSN_SEV_HIGH);
    assert_near(num(x, "hours_per_week"), 0.2);
    x = find(f, "missing_link", "{team=web,from=co}");
    assert_non_null(x);
    assert_int_equal(x->severity, LSN_SEV_LOW);
    assert_near(num(x, "hours_per_week"), 0.2);
    lsn_findings_free(f);
    support_end(&w);
}

/*
 * Window of 35 days (5 weeks). eng {e1, e2, e3}, product {p1, p2}.
 * "eng-standup": 4 x 15 min with e1 e2 e3 p1 (eng 3 of 4: team meetings of
 * eng), so p1 -> eng is a liaison link (4 instances, 1 h / 5 = 0.2 h).
 * Team weight eng-product: each instance gives p1 three pairs of
 * 0.25 h / 3, so 4 x 0.25 / 5 = 0.2 h < 0.25, yet:
 *   eng <- product (moderate): p1 (of from) links into eng -> not missing
 *   product <- eng (deep): p1 (of team) links into from -> not missing; it
 *     is deep, and all 0.2 h involve p1 (share 1.0) -> fragile_link
 *     {team=product, from=eng}, person p1, share 1, hours 0.2.
 */
static void test_missing_link_not_when_liaison_either_way(void **state)
{
    (void)state;
    static const support_person rows[] = {{"e1", "eng", NULL},
                                          {"e2", "eng", NULL},
                                          {"e3", "eng", NULL},
                                          {"p1", "product", NULL},
                                          {"p2", "product", NULL}};
    static const support_need_row needs[] = {
        {"eng", "product", LSN_CONTEXT_MODERATE, false},
        {"product", "eng", LSN_CONTEXT_DEEP, false},
    };
    support_world w;
    support_begin_org(&w, NULL, 0, rows, 5, needs, 2, 35);
    for (int i = 0; i < 4; i++) {
        support_add(&w, "eng-standup", (1 + i) * DAY, 15, "e1", "e1 e2 e3 p1");
    }
    support_analyze(&w, NULL);
    size_t nlinks = 0;
    lsn_analysis_liaisons(w.a, &nlinks);
    assert_int_equal(nlinks, 1);
    lsn_findings *f = run(&w, NULL);
    assert_int_equal(count_type(f, "missing_link"), 0);
    const lsn_finding *x = only(f, "fragile_link", "{team=product,from=eng}");
    assert_int_equal(x->severity, LSN_SEV_MEDIUM);
    assert_string_equal(string(x, "person"), "p1@example.com");
    assert_near(num(x, "share"), 1.0);
    assert_near(num(x, "hours_per_week"), 0.2);
    lsn_findings_free(f);
    support_end(&w);
}

/* ------------------------------------------------------------------ */
/* fragile_link                                                         */
/* ------------------------------------------------------------------ */

/*
 * co (root) > prod > {pm, design}; co > eng. eng {a, b}, pm {x, y},
 * design {z}. 1:1s: a-x 2 h, a-z 2 h, b-y 1 h.
 *   eng <- prod (deep): pair hours 5; a 4/5 = 0.8 >= 0.8 -> fires, person a,
 *     share 0.8, hours 5 (x and z have 0.4 each, b and y 0.2).
 *   eng <- pm (minimal, availability): hours 3; a 2/3 and x 2/3 -> none.
 *   eng <- design (moderate, no availability): not deep, no availability:
 *     none, although a carries all of it.
 *   design <- eng (moderate, availability): hours 2, all a-z: a and z both
 *     have share 1.0, the tie goes to the smaller email -> person a.
 */
static void test_fragile_link_at_eighty_percent(void **state)
{
    (void)state;
    static const support_unit_row units[] = {
        {"co", NULL}, {"prod", "co"}, {"pm", "prod"}, {"design", "prod"}, {"eng", "co"}};
    static const support_person rows[] = {{"a", "eng", NULL},
                                          {"b", "eng", NULL},
                                          {"x", "pm", NULL},
                                          {"y", "pm", NULL},
                                          {"z", "design", NULL}};
    static const support_need_row needs[] = {
        {"eng", "prod", LSN_CONTEXT_DEEP, false},
        {"eng", "pm", LSN_CONTEXT_MINIMAL, true},
        {"eng", "design", LSN_CONTEXT_MODERATE, false},
        {"design", "eng", LSN_CONTEXT_MODERATE, true},
    };
    support_world w;
    support_begin_org(&w, units, 5, rows, 5, needs, 4, 7);
    support_add(&w, "a-x", 1 * DAY, 120, "a", "a x");
    support_add(&w, "a-z", 2 * DAY, 120, "a", "a z");
    support_add(&w, "b-y", 3 * DAY, 60, "b", "b y");
    support_analyze(&w, NULL);
    lsn_findings *f = run(&w, NULL);
    assert_int_equal(count_type(f, "missing_link"), 0);
    assert_int_equal(count_type(f, "fragile_link"), 2);
    const lsn_finding *x = find(f, "fragile_link", "{team=eng,from=prod}");
    assert_non_null(x);
    assert_int_equal(x->severity, LSN_SEV_MEDIUM);
    assert_string_equal(string(x, "person"), "a@example.com");
    assert_near(num(x, "share"), 0.8);
    assert_near(num(x, "hours_per_week"), 5.0);
    x = find(f, "fragile_link", "{team=design,from=eng}");
    assert_non_null(x);
    assert_string_equal(string(x, "person"), "a@example.com");
    assert_near(num(x, "share"), 1.0);
    assert_near(num(x, "hours_per_week"), 2.0);
    lsn_findings_free(f);
    support_end(&w);
}

/*
 * eng {a, b}, product {x, y}, ops {o}. a-x 237 min (3.95 h), b-y 63 min
 * (1.05 h): eng <- product (deep) has 5 h, a and x 3.95 / 5 = 0.79 < 0.8 ->
 * no fragile_link. ops <- product (deep): o-y 10 min = 0.1667 h < 0.25 and no
 * liaison: missing (high), so not fragile although o carries all of it.
 */
static void test_fragile_link_not_at_seventy_nine_percent(void **state)
{
    (void)state;
    static const support_person rows[] = {{"a", "eng", NULL},
                                          {"b", "eng", NULL},
                                          {"x", "product", NULL},
                                          {"y", "product", NULL},
                                          {"o", "ops", NULL}};
    static const support_need_row needs[] = {
        {"eng", "product", LSN_CONTEXT_DEEP, false},
        {"ops", "product", LSN_CONTEXT_DEEP, false},
    };
    support_world w;
    support_begin_org(&w, NULL, 0, rows, 5, needs, 2, 7);
    support_add(&w, "a-x", 1 * DAY, 237, "a", "a x");
    support_add(&w, "b-y", 2 * DAY, 63, "b", "b y");
    support_add(&w, "o-y", 3 * DAY, 10, "o", "o y");
    support_analyze(&w, NULL);
    lsn_findings *f = run(&w, NULL);
    assert_int_equal(count_type(f, "fragile_link"), 0);
    const lsn_finding *x = only(f, "missing_link", "{team=ops,from=product}");
    assert_int_equal(x->severity, LSN_SEV_HIGH);
    assert_near(num(x, "hours_per_week"), 10.0 / 60.0);
    lsn_findings_free(f);
    support_end(&w);
}

/* ------------------------------------------------------------------ */
/* isolated_team                                                        */
/* ------------------------------------------------------------------ */

/*
 * eng {e1, e2}, ops {o1, o2}, solo {s1, s2, s3}, ghost {g1}. e1-o1 one hour;
 * solo's own one-hour meeting (3 present, all solo: a team meeting, 1 h);
 * s1 with an external for 30 min (not a team-graph edge).
 *   solo: no team edge -> high, headcount 3, meeting_hours_per_week 1
 *   ghost: no meeting at all -> high, headcount 1, 0 h
 *   eng, ops: linked -> none
 * Near miss: an organization of one team (eng alone) has no isolated team.
 */
static void test_isolated_team(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"e1", "eng", NULL},  {"e2", "eng", NULL},  {"o1", "ops", NULL},  {"o2", "ops", NULL},
        {"s1", "solo", NULL}, {"s2", "solo", NULL}, {"s3", "solo", NULL}, {"g1", "ghost", NULL}};
    support_world w;
    support_begin(&w, rows, 8, 7);
    support_add(&w, "e1-o1", 1 * DAY, 60, "e1", "e1 o1");
    support_add(&w, "solo-sync", 2 * DAY, 60, "s1", "s1 s2 s3");
    support_add(&w, "vendor", 3 * DAY, 30, "s1", "s1 x@other.org");
    support_analyze(&w, NULL);
    lsn_findings *f = run(&w, NULL);
    assert_int_equal(count_type(f, "isolated_team"), 2);
    const lsn_finding *x = find(f, "isolated_team", "{team=solo}");
    assert_non_null(x);
    assert_int_equal(x->severity, LSN_SEV_HIGH);
    assert_int_equal(integer(x, "headcount"), 3);
    assert_near(num(x, "meeting_hours_per_week"), 1.0);
    x = find(f, "isolated_team", "{team=ghost}");
    assert_non_null(x);
    assert_int_equal(x->severity, LSN_SEV_HIGH);
    assert_int_equal(integer(x, "headcount"), 1);
    assert_near(num(x, "meeting_hours_per_week"), 0.0);
    lsn_findings_free(f);
    support_end(&w);

    support_begin(&w, rows, 2, 7);
    support_add(&w, "eng-sync", 1 * DAY, 60, "e1", "e1 e2");
    support_analyze(&w, NULL);
    f = run(&w, NULL);
    assert_int_equal(count_type(f, "isolated_team"), 0);
    lsn_findings_free(f);
    support_end(&w);
}

/* ------------------------------------------------------------------ */
/* liaison_sprawl                                                       */
/* ------------------------------------------------------------------ */

/* co > p1 > {t1a, t1b}; co > p2 > {t2a, t2b}; co > p3 > {t3a}; co > home. */
static const support_unit_row sprawl_units[] = {
    {"co", NULL},  {"p1", "co"},  {"p2", "co"},  {"p3", "co"},  {"home", "co"},
    {"t1a", "p1"}, {"t1b", "p1"}, {"t2a", "p2"}, {"t2b", "p2"}, {"t3a", "p3"},
};
static const char *const sprawl_teams[] = {"t1a", "t1b", "t2a", "t2b", "t3a"};

/* l (home) and three members per target team: t1a1, t1a2, t1a3, ... */
static void sprawl_world(support_world *w, const char *const *visits, size_t nvisits)
{
    static char emails[15][8];
    support_person rows[17];
    size_t n = 0;
    rows[n++] = (support_person){"l", "home", NULL};
    rows[n++] = (support_person){"h1", "home", NULL};
    for (size_t t = 0; t < 5; t++) {
        for (int i = 0; i < 3; i++) {
            char *e = emails[t * 3 + (size_t)i];
            snprintf(e, sizeof(emails[0]), "%s%d", sprawl_teams[t], i + 1);
            rows[n++] = (support_person){e, sprawl_teams[t], NULL};
        }
    }
    support_begin_org(w, sprawl_units, 10, rows, n, NULL, 0, 7);
    for (size_t v = 0; v < nvisits; v++) {
        char uid[32], present[128];
        snprintf(uid, sizeof(uid), "%s-standup", visits[v]);
        snprintf(present, sizeof(present), "%s1 %s2 %s3 l", visits[v], visits[v], visits[v]);
        for (int i = 0; i < 4; i++) {
            support_add(w, uid, i * DAY + (int64_t)v * HOUR, 30, NULL, present);
        }
    }
    support_analyze(w, NULL);
}

/*
 * l attends 4 half-hour team meetings of each listed team: one link each,
 * 2 h per week each; parents are the p-units.
 *   A: t1a t1b t2a      -> 3 teams (not > 3), 2 parents (< 3): none
 *   B: t1a t1b t2a t2b  -> 4 teams > 3, 2 parents: medium, 8 h
 *   C: t1a t2a t3a      -> 3 teams, 3 parents: medium, 6 h
 *   D: t1a t1b t2a t3a  -> 4 teams and 3 parents: high, 8 h
 */
static void test_liaison_sprawl(void **state)
{
    (void)state;
    static const struct {
        const char *visits[4];
        size_t n;
        int severity;
        const char *teams, *parents;
        double hours;
    } cases[] = {
        {{"t1a", "t1b", "t2a"}, 3, -1, NULL, NULL, 0},
        {{"t1a", "t1b", "t2a", "t2b"}, 4, LSN_SEV_MEDIUM, "[t1a,t1b,t2a,t2b]", "[p1,p2]", 8},
        {{"t1a", "t2a", "t3a"}, 3, LSN_SEV_MEDIUM, "[t1a,t2a,t3a]", "[p1,p2,p3]", 6},
        {{"t1a", "t1b", "t2a", "t3a"}, 4, LSN_SEV_HIGH, "[t1a,t1b,t2a,t3a]", "[p1,p2,p3]", 8},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        support_world w;
        sprawl_world(&w, cases[c].visits, cases[c].n);
        size_t nlinks = 0;
        lsn_analysis_liaisons(w.a, &nlinks);
        assert_int_equal(nlinks, cases[c].n);
        lsn_findings *f = run(&w, NULL);
        if (cases[c].severity < 0) {
            assert_int_equal(count_type(f, "liaison_sprawl"), 0);
        } else {
            const lsn_finding *x = only(f, "liaison_sprawl", "{person=l@example.com}");
            assert_int_equal(x->severity, cases[c].severity);
            assert_text(x, "teams", cases[c].teams);
            assert_text(x, "parents", cases[c].parents);
            assert_near(num(x, "hours_per_week"), cases[c].hours);
        }
        /* One liaison per target parent group: no bypass here. */
        assert_int_equal(count_type(f, "hierarchy_bypass"), 0);
        assert_int_equal(count_type(f, "low_context_liaison"), 0);
        lsn_findings_free(f);
        support_end(&w);
    }
}

/* ------------------------------------------------------------------ */
/* low_context_liaison                                                  */
/* ------------------------------------------------------------------ */

/*
 * eng {e1, e2, e3}; s1 (sales), o1 (ops), h1 (hr) each visit their own eng
 * series of 5-minute meetings (eng 3 of 4: team meetings of eng).
 *   s1: 4 x 5 min = 1/3 h < 0.5 -> low_context_liaison, low, 4 instances
 *   o1: 3 x 5 min: 3 < 4 instances, no link -> none
 *   h1: 6 x 5 min = 0.5 h: not < 0.5 -> none
 */
static void test_low_context_liaison(void **state)
{
    (void)state;
    static const support_person rows[] = {{"e1", "eng", NULL}, {"e2", "eng", NULL},
                                          {"e3", "eng", NULL}, {"s1", "sales", NULL},
                                          {"o1", "ops", NULL}, {"h1", "hr", NULL}};
    support_world w;
    support_begin(&w, rows, 6, 7);
    for (int i = 0; i < 6; i++) {
        if (i < 4) {
            support_add(&w, "eng-a", i * DAY, 5, "e1", "e1 e2 e3 s1");
        }
        if (i < 3) {
            support_add(&w, "eng-b", i * DAY + HOUR, 5, "e1", "e1 e2 e3 o1");
        }
        support_add(&w, "eng-c", i * DAY + 2 * HOUR, 5, "e1", "e1 e2 e3 h1");
    }
    support_analyze(&w, NULL);
    size_t nlinks = 0;
    lsn_analysis_liaisons(w.a, &nlinks);
    assert_int_equal(nlinks, 2); /* h1 -> eng, s1 -> eng */
    lsn_findings *f = run(&w, NULL);
    const lsn_finding *x = only(f, "low_context_liaison", "{person=s1@example.com,to=eng}");
    assert_int_equal(x->severity, LSN_SEV_LOW);
    assert_near(num(x, "hours_per_week"), 1.0 / 3.0);
    assert_int_equal(integer(x, "instances"), 4);
    lsn_findings_free(f);
    support_end(&w);
}

/* ------------------------------------------------------------------ */
/* unstable_liaison                                                     */
/* ------------------------------------------------------------------ */

/*
 * Window of 28 days, midpoint T0 + 14 days. sales {s1, s2, s3}, eng
 * {e1, e2, e3}; "eng-standup" with e1 e2 e3 and visitors.
 * Unstable: s1 on days 1-4, s2 on days 15-18: s1 -> eng (first half 4),
 *   s2 -> eng (second half 4): first [s1], second [s2], disjoint -> medium
 *   {team=sales, to=eng}.
 * Stable: s1 on days 1, 2, 15, 16 (both halves), s2 on days 15-18: first
 *   [s1], second [s1, s2] share s1 -> none.
 */
static void test_unstable_liaison(void **state)
{
    (void)state;
    static const support_person rows[] = {{"s1", "sales", NULL}, {"s2", "sales", NULL},
                                          {"s3", "sales", NULL}, {"e1", "eng", NULL},
                                          {"e2", "eng", NULL},   {"e3", "eng", NULL}};
    for (int stable = 0; stable < 2; stable++) {
        support_world w;
        support_begin(&w, rows, 6, 28);
        if (!stable) {
            for (int d = 1; d <= 4; d++) {
                support_add(&w, "eng-standup", d * DAY, 30, "e1", "e1 e2 e3 s1");
                support_add(&w, "eng-standup", (14 + d) * DAY, 30, "e1", "e1 e2 e3 s2");
            }
        } else {
            support_add(&w, "eng-standup", 1 * DAY, 30, "e1", "e1 e2 e3 s1");
            support_add(&w, "eng-standup", 2 * DAY, 30, "e1", "e1 e2 e3 s1");
            support_add(&w, "eng-standup", 15 * DAY, 30, "e1", "e1 e2 e3 s1 s2");
            support_add(&w, "eng-standup", 16 * DAY, 30, "e1", "e1 e2 e3 s1 s2");
            support_add(&w, "eng-standup", 17 * DAY, 30, "e1", "e1 e2 e3 s2");
            support_add(&w, "eng-standup", 18 * DAY, 30, "e1", "e1 e2 e3 s2");
        }
        support_analyze(&w, NULL);
        size_t nlinks = 0;
        lsn_analysis_liaisons(w.a, &nlinks);
        assert_int_equal(nlinks, 2);
        lsn_findings *f = run(&w, NULL);
        if (!stable) {
            const lsn_finding *x = only(f, "unstable_liaison", "{team=sales,to=eng}");
            assert_int_equal(x->severity, LSN_SEV_MEDIUM);
            assert_text(x, "first_half", "[s1@example.com]");
            assert_text(x, "second_half", "[s2@example.com]");
        } else {
            assert_int_equal(count_type(f, "unstable_liaison"), 0);
        }
        lsn_findings_free(f);
        support_end(&w);
    }
}

/* ------------------------------------------------------------------ */
/* hierarchy_bypass                                                     */
/* ------------------------------------------------------------------ */

/*
 * co > sales > sdr {l1, l2}; co > eng > platform > {api, db};
 * eng > apps > {web, mobile}; eng > qa {q1}. Target teams have three
 * members each. Every visit is 4 half-hour team meetings of the target.
 * Source unit of l1, l2: sales; to_unit of every target: eng.
 *   A: l1 -> api, db                -> one person, one target parent: none
 *   B: l1 -> api, web               -> l1 spans platform and apps: fires,
 *                                      liaisons [l1], target_parents [apps,platform]
 *   C: l1 -> api, l2 -> db          -> two people under platform: fires,
 *                                      liaisons [l1,l2], target_parents [platform]
 *   D: l1 -> api, l2 -> web         -> one person per parent: none
 *   E: q1 -> api, web               -> qa lies under eng too: ignored, none
 */
static void test_hierarchy_bypass(void **state)
{
    (void)state;
    static const support_unit_row units[] = {
        {"co", NULL},        {"sales", "co"},     {"sdr", "sales"},   {"eng", "co"},
        {"platform", "eng"}, {"api", "platform"}, {"db", "platform"}, {"apps", "eng"},
        {"web", "apps"},     {"mobile", "apps"},  {"qa", "eng"},
    };
    static const support_person rows[] = {
        {"l1", "sdr", NULL}, {"l2", "sdr", NULL}, {"q1", "qa", NULL},  {"a1", "api", NULL},
        {"a2", "api", NULL}, {"a3", "api", NULL}, {"d1", "db", NULL},  {"d2", "db", NULL},
        {"d3", "db", NULL},  {"w1", "web", NULL}, {"w2", "web", NULL}, {"w3", "web", NULL},
    };
    static const struct {
        const char *who[2];
        const char *team[2];
        const char *liaisons, *parents;
    } cases[] = {
        {{"l1", "l1"}, {"api", "db"}, NULL, NULL},
        {{"l1", "l1"}, {"api", "web"}, "[l1@example.com]", "[apps,platform]"},
        {{"l1", "l2"}, {"api", "db"}, "[l1@example.com,l2@example.com]", "[platform]"},
        {{"l1", "l2"}, {"api", "web"}, NULL, NULL},
        {{"q1", "q1"}, {"api", "web"}, NULL, NULL},
    };
    static const char *const members[][2] = {
        {"api", "a1 a2 a3"}, {"db", "d1 d2 d3"}, {"web", "w1 w2 w3"}};
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        support_world w;
        support_begin_org(&w, units, 11, rows, 12, NULL, 0, 7);
        for (int v = 0; v < 2; v++) {
            const char *team = cases[c].team[v];
            const char *m = NULL;
            for (size_t k = 0; k < 3; k++) {
                if (strcmp(members[k][0], team) == 0) {
                    m = members[k][1];
                }
            }
            assert_non_null(m);
            char uid[32], present[64];
            snprintf(uid, sizeof(uid), "%s-%s", team, cases[c].who[v]);
            snprintf(present, sizeof(present), "%s %s", m, cases[c].who[v]);
            for (int i = 0; i < 4; i++) {
                support_add(&w, uid, i * DAY + v * HOUR, 30, NULL, present);
            }
        }
        support_analyze(&w, NULL);
        size_t nlinks = 0;
        lsn_analysis_liaisons(w.a, &nlinks);
        assert_int_equal(nlinks, 2);
        lsn_findings *f = run(&w, NULL);
        if (cases[c].liaisons == NULL) {
            assert_int_equal(count_type(f, "hierarchy_bypass"), 0);
        } else {
            const lsn_finding *x = only(f, "hierarchy_bypass", "{unit=sales,to_unit=eng}");
            assert_int_equal(x->severity, LSN_SEV_MEDIUM);
            assert_text(x, "liaisons", cases[c].liaisons);
            assert_text(x, "target_parents", cases[c].parents);
        }
        lsn_findings_free(f);
        support_end(&w);
    }
}

/* ------------------------------------------------------------------ */
/* Options, determinism                                                 */
/* ------------------------------------------------------------------ */

static void test_invalid_options_are_rejected(void **state)
{
    (void)state;
    static const support_person rows[] = {{"a", "eng", NULL}, {"b", "ops", NULL}};
    support_world w;
    support_begin(&w, rows, 2, 7);
    support_add(&w, "a-b", 1 * DAY, 60, "a", "a b");
    support_analyze(&w, NULL);
    lsn_findings *f = NULL;
    assert_int_equal(lsn_findings_new(&f), LSN_OK);

    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    opts.rule_of_eight = -1;
    assert_int_equal(lsn_passes_run(f, w.a, &opts), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "rule_of_eight must be a non-negative number, not -1");

    opts = (lsn_pass_options)LSN_PASS_OPTIONS_INIT;
    opts.liaison_max_teams = -2;
    assert_int_equal(lsn_passes_run(f, w.a, &opts), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "liaison_max_teams must not be negative, not -2");

    size_t n = 0;
    lsn_findings_items(f, &n);
    assert_int_equal(n, 0);
    lsn_findings_free(f);
    support_end(&w);
}

static char *dump(const lsn_findings *f)
{
    size_t n = 0, size = 1;
    const lsn_finding *items = lsn_findings_items(f, &n);
    char *out = calloc(1, 1);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) {
        char *s = lsn_value_to_text(items[i].subject);
        char *m = lsn_value_to_text(items[i].metrics);
        assert_non_null(s);
        assert_non_null(m);
        size_t add =
            strlen(items[i].type) + strlen(s) + strlen(m) + strlen(items[i].explanation) + 16;
        out = realloc(out, size + add);
        assert_non_null(out);
        snprintf(out + size - 1, add, "%s|%d|%s|%s|%s\n", items[i].type, (int)items[i].severity, s,
                 m, items[i].explanation);
        size += strlen(out + size - 1);
        free(s);
        free(m);
    }
    return out;
}

/* Same model, same options: the same findings in the same order, and NULL
 * options are the SPEC defaults. */
static void test_passes_are_deterministic(void **state)
{
    (void)state;
    static const char *const visits[] = {"t1a", "t1b", "t2a", "t3a"};
    support_world w;
    sprawl_world(&w, visits, 4);
    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    lsn_findings *f1 = run(&w, NULL);
    lsn_findings *f2 = run(&w, &opts);
    char *d1 = dump(f1);
    char *d2 = dump(f2);
    assert_true(strlen(d1) > 0);
    assert_string_equal(d1, d2);
    free(d1);
    free(d2);
    lsn_findings_free(f1);
    lsn_findings_free(f2);
    support_end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oversized_meeting_by_size),
        cmocka_unit_test(test_oversized_meeting_skips_broadcast_and_single),
        cmocka_unit_test(test_overbooked_person_by_hours),
        cmocka_unit_test(test_overbooked_person_reports_double_booking),
        cmocka_unit_test(test_missing_link_at_quarter_hour),
        cmocka_unit_test(test_missing_link_severity_follows_context),
        cmocka_unit_test(test_missing_link_sums_over_unit),
        cmocka_unit_test(test_missing_link_not_when_liaison_either_way),
        cmocka_unit_test(test_fragile_link_at_eighty_percent),
        cmocka_unit_test(test_fragile_link_not_at_seventy_nine_percent),
        cmocka_unit_test(test_isolated_team),
        cmocka_unit_test(test_liaison_sprawl),
        cmocka_unit_test(test_low_context_liaison),
        cmocka_unit_test(test_unstable_liaison),
        cmocka_unit_test(test_hierarchy_bypass),
        cmocka_unit_test(test_invalid_options_are_rejected),
        cmocka_unit_test(test_passes_are_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
