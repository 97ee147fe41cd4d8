/*
 * tests/analysis/test_structure.c — Leiden communities, the formal-team
 * signals, community_mismatch and liaisons_everywhere (SPEC §3, §3.1).
 * Unless a test says otherwise the window is one week (7 days), so a weight
 * is simply hours / (n - 1) of the meetings in it.
 */
#include "analysis/structure.h"
#include "io/error.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

typedef struct run {
    lsn_structure *s;
    lsn_findings *f;
} run;

static run run_passes(const support_world *w, const lsn_pass_options *opts)
{
    run r = {NULL, NULL};
    int rc = lsn_structure_build(&r.s, w->a, opts);
    if (rc != LSN_OK) {
        fail_msg("lsn_structure_build: %s", lsn_error_last());
    }
    assert_int_equal(lsn_findings_new(&r.f), LSN_OK);
    rc = lsn_structure_findings(r.f, r.s, w->a, opts);
    if (rc != LSN_OK) {
        fail_msg("lsn_structure_findings: %s", lsn_error_last());
    }
    return r;
}

static void run_free(run *r)
{
    lsn_findings_free(r->f);
    lsn_structure_free(r->s);
}

/* The k-th finding of a type (0-based) in emission order, or NULL. */
static const lsn_finding *nth(const run *r, const char *type, size_t k)
{
    size_t n = 0;
    const lsn_finding *items = lsn_findings_items(r->f, &n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(items[i].type, type) == 0) {
            if (k == 0) {
                return &items[i];
            }
            k--;
        }
    }
    return NULL;
}

static size_t count_of(const run *r, const char *type)
{
    size_t k = 0;
    while (nth(r, type, k) != NULL) {
        k++;
    }
    return k;
}

static const lsn_value *metric(const lsn_finding *f, const char *key)
{
    const lsn_value *v = lsn_value_get(f->metrics, key);
    if (v == NULL) {
        fail_msg("no metric %s", key);
    }
    return v;
}

/* Assert that v is the list of strings given (NULL-terminated). */
static void assert_strings(const lsn_value *v, ...)
{
    assert_non_null(v);
    assert_int_equal(v->kind, LSN_VAL_LIST);
    va_list ap;
    va_start(ap, v);
    size_t i = 0;
    for (const char *s = va_arg(ap, const char *); s != NULL; s = va_arg(ap, const char *)) {
        assert_true(i < v->n);
        assert_int_equal(v->items[i]->kind, LSN_VAL_STR);
        assert_string_equal(v->items[i]->s, s);
        i++;
    }
    va_end(ap);
    assert_int_equal(v->n, i);
}

static double num(const lsn_value *v)
{
    assert_non_null(v);
    if (v->kind == LSN_VAL_INT) {
        return (double)v->i;
    }
    assert_int_equal(v->kind, LSN_VAL_NUM);
    return v->d;
}

/* ------------------------------------------------------------------ */
/* community_mismatch                                                   */
/* ------------------------------------------------------------------ */

/*
 * api (a1 a2) and core (b1 b2) hold one 3-hour meeting with all four: every
 * one of the 6 pairs gets 3 / (4 - 1) = 1 h. Inside api: 1 pair, 1 h -> 1 h
 * per member pair; same for core. Between: 4 pairs, 4 h -> 4 / (2 x 2) = 1.
 * 1 >= 0.5 x 1 on both sides: one finding, medium.
 */
static void test_mismatch_teams_as_close_across_as_inside(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a1", "api", NULL}, {"a2", "api", NULL}, {"b1", "core", NULL}, {"b2", "core", NULL}};
    support_world w;
    support_begin(&w, rows, 4, 7);
    support_add(&w, "joint", 0, 180, "a1", "a1 a2 b1 b2");
    support_analyze(&w, NULL);
    run r = run_passes(&w, NULL);

    assert_int_equal(count_of(&r, "community_mismatch"), 1);
    assert_int_equal(count_of(&r, "liaisons_everywhere"), 0);
    const lsn_finding *f = nth(&r, "community_mismatch", 0);
    assert_int_equal(f->severity, LSN_SEV_MEDIUM);
    assert_strings(lsn_value_get(f->subject, "teams"), "api", "core", NULL);
    const lsn_value *pairs = metric(f, "pairs");
    assert_int_equal(pairs->kind, LSN_VAL_LIST);
    assert_int_equal(pairs->n, 1);
    assert_strings(lsn_value_get(pairs->items[0], "teams"), "api", "core", NULL);
    assert_near(num(lsn_value_get(pairs->items[0], "between_density")), 1.0);
    const lsn_value *within = metric(f, "within_density");
    assert_int_equal(within->kind, LSN_VAL_OBJECT);
    assert_int_equal(within->n, 2);
    assert_string_equal(within->keys[0], "api");
    assert_string_equal(within->keys[1], "core");
    assert_near(num(within->items[0]), 1.0);
    assert_near(num(within->items[1]), 1.0);
    assert_string_equal(f->explanation,
                        "api and core work as one team: 1.00 hours per week per member pair "
                        "between them, against 1.00 and 1.00 inside them.");
    run_free(&r);
    support_end(&w);
}

/*
 * One-hour 1:1s a1-a2 and b1-b2 (1 h inside each team, 1 per member pair),
 * a1-b1 for an hour and a2-b2 for `cross` minutes.
 *  - cross = 60: between = 2 / 4 = 0.5 = 0.5 x 1: fires (the rule is >=);
 *    with merge_ratio 0.501 it does not.
 *  - cross = 45: between = 1.75 / 4 = 0.4375 < 0.5: the near miss.
 */
static void test_mismatch_threshold_is_inclusive_and_near_miss_is_not(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a1", "api", NULL}, {"a2", "api", NULL}, {"b1", "core", NULL}, {"b2", "core", NULL}};
    for (int pass = 0; pass < 3; pass++) {
        support_world w;
        support_begin(&w, rows, 4, 7);
        support_add(&w, "a", 0, 60, "a1", "a1 a2");
        support_add(&w, "b", 0, 60, "b1", "b1 b2");
        support_add(&w, "x1", 0, 60, "a1", "a1 b1");
        support_add(&w, "x2", 0, pass == 2 ? 45 : 60, "a2", "a2 b2");
        support_analyze(&w, NULL);
        lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
        if (pass == 1) {
            opts.merge_ratio = 0.501;
        }
        run r = run_passes(&w, &opts);
        assert_int_equal(count_of(&r, "community_mismatch"), pass == 0 ? 1 : 0);
        if (pass == 0) {
            const lsn_value *pairs = metric(nth(&r, "community_mismatch", 0), "pairs");
            assert_near(num(lsn_value_get(pairs->items[0], "between_density")), 0.5);
        }
        run_free(&r);
        support_end(&w);
    }
}

/*
 * api (a1 a2) and solo (c1): a 3-hour meeting of all three gives each pair
 * 1.5 h. Between density api-solo would be 3 / (2 x 1) = 1.5 >= 0.5 x 1.5,
 * but a team of one has no inside: it never qualifies, whatever the ratio.
 */
static void test_mismatch_team_of_one_never_qualifies(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a1", "api", NULL}, {"a2", "api", NULL}, {"c1", "solo", NULL}};
    support_world w;
    support_begin(&w, rows, 3, 7);
    support_add(&w, "joint", 0, 180, "a1", "a1 a2 c1");
    support_analyze(&w, NULL);
    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    opts.merge_ratio = 0.0;
    run r = run_passes(&w, &opts);
    assert_int_equal(count_of(&r, "community_mismatch"), 0);
    run_free(&r);
    support_end(&w);
}

/*
 * Teams a, b, c (two people each) and x, y. One-hour 1:1s inside every
 * team (1 per member pair), a1-b1, a2-b2, b1-c1, b2-c2, x1-y1, x2-y2.
 * a-b: 2 / 4 = 0.5 >= 0.5 x 1, b-c likewise, a-c have no edge: a-b-c is one
 * connected group, one finding with two pairs; x-y is a second finding.
 */
static void test_mismatch_connected_pairs_are_one_finding(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a1", "a", NULL}, {"a2", "a", NULL}, {"b1", "b", NULL}, {"b2", "b", NULL},
        {"c1", "c", NULL}, {"c2", "c", NULL}, {"x1", "x", NULL}, {"x2", "x", NULL},
        {"y1", "y", NULL}, {"y2", "y", NULL},
    };
    static const char *const pairs[][2] = {
        {"a1", "a2"}, {"b1", "b2"}, {"c1", "c2"}, {"x1", "x2"}, {"y1", "y2"}, {"a1", "b1"},
        {"a2", "b2"}, {"b1", "c1"}, {"b2", "c2"}, {"x1", "y1"}, {"x2", "y2"},
    };
    support_world w;
    support_begin(&w, rows, 10, 7);
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        char uid[32], present[32];
        snprintf(uid, sizeof(uid), "1on1-%zu", i);
        snprintf(present, sizeof(present), "%s %s", pairs[i][0], pairs[i][1]);
        support_add(&w, uid, 0, 60, pairs[i][0], present);
    }
    support_analyze(&w, NULL);
    run r = run_passes(&w, NULL);

    assert_int_equal(count_of(&r, "community_mismatch"), 2);
    const lsn_finding *f = nth(&r, "community_mismatch", 0);
    assert_strings(lsn_value_get(f->subject, "teams"), "a", "b", "c", NULL);
    const lsn_value *p = metric(f, "pairs");
    assert_int_equal(p->n, 2);
    assert_strings(lsn_value_get(p->items[0], "teams"), "a", "b", NULL);
    assert_strings(lsn_value_get(p->items[1], "teams"), "b", "c", NULL);
    assert_near(num(lsn_value_get(p->items[0], "between_density")), 0.5);
    assert_near(num(lsn_value_get(p->items[1], "between_density")), 0.5);
    const lsn_value *within = metric(f, "within_density");
    assert_int_equal(within->n, 3);
    assert_string_equal(within->keys[2], "c");
    assert_near(num(within->items[2]), 1.0);
    assert_string_equal(f->explanation,
                        "a, b and c work as one team: their people spend nearly as much time "
                        "with each other across the team lines as inside their own teams.");
    f = nth(&r, "community_mismatch", 1);
    assert_strings(lsn_value_get(f->subject, "teams"), "x", "y", NULL);
    run_free(&r);
    support_end(&w);
}

/* ------------------------------------------------------------------ */
/* liaisons_everywhere                                                  */
/* ------------------------------------------------------------------ */

/*
 * co (root) -> eng -> t1 (x1 x2), t2 (y1 y2), plat -> t3 (z1 z2);
 * co -> sales -> s1 (sa sb). Two weeks. Three liaison links, each from four
 * 30-minute team meetings with one visitor (2 of 3 present are members):
 *   x1 -> t2 ("t2-sync": y1 y2 x1), y1 -> t3 ("t3-sync": z1 z2 y1),
 *   z1 -> t1 ("t1-sync": x1 x2 z1, `t1_meetings` times; 3 is no link).
 * eng has 3 teams (t1, t2, t3; plat has nobody): 3 links / 3 = 1.0 >=
 * 1.0 fires; co has 4 teams: 0.75 does not. With two links eng has 0.67.
 *
 * Each sync gives its three pairs 4 x 0.5 h / 2 / 2 weeks = 0.5 h per week.
 * t1-t2: x1-y1 + x1-y2 = 1.0 -> 1 / 4 = 0.25 per member pair; inside t1
 * x1-x2 = 0.5: 0.25 >= 0.5 x 0.5, exactly. So t1, t2, t3 pairwise qualify:
 * one community_mismatch group {t1, t2, t3} inside eng.
 * Modularity of eng's people (all six, 9 edges of 0.5, m = 4.5; inside each
 * team 0.5; strengths 2, 1 per team -> 3): 3 x (0.5 / 4.5 - (3 / 9)^2) = 0.
 *
 * Hubs (more than half of 3 teams = 2 teams need or attend it):
 *   needs t2 <- t3 (t2 needs t3; y1 also attends t3: the same team, once),
 *   s1 <- t1 (s1 is outside eng: does not count) -> no hub;
 *   plus t1 needs the unit plat, which contains t3 -> t3 is needed by t1
 *   and attended by t2: a hub.
 */
static void liaison_world(support_world *w, int t1_meetings, bool plat_need)
{
    static const support_unit_row units[] = {
        {"co", NULL},  {"eng", "co"},   {"sales", "co"}, {"t1", "eng"},
        {"t2", "eng"}, {"plat", "eng"}, {"t3", "plat"},  {"s1", "sales"},
    };
    static const support_person rows[] = {
        {"x1", "t1", NULL}, {"x2", "t1", NULL}, {"y1", "t2", NULL}, {"y2", "t2", NULL},
        {"z1", "t3", NULL}, {"z2", "t3", NULL}, {"sa", "s1", NULL}, {"sb", "s1", NULL},
    };
    static const support_need_row needs[] = {
        {"t2", "t3", LSN_CONTEXT_MODERATE, false},
        {"s1", "t1", LSN_CONTEXT_MODERATE, false},
        {"t1", "plat", LSN_CONTEXT_MODERATE, false},
    };
    support_begin_org(w, units, 8, rows, 8, needs, plat_need ? 3 : 2, 14);
    for (int i = 0; i < 4; i++) {
        support_add(w, "t2-sync", i * DAY, 30, "y1", "y1 y2 x1");
        support_add(w, "t3-sync", i * DAY + HOUR, 30, "z1", "z1 z2 y1");
    }
    for (int i = 0; i < t1_meetings; i++) {
        support_add(w, "t1-sync", i * DAY + 2 * HOUR, 30, "x1", "x1 x2 z1");
    }
    support_analyze(w, NULL);
}

static void test_everywhere_fires_at_density_one(void **state)
{
    (void)state;
    support_world w;
    liaison_world(&w, 4, false);
    assert_int_equal(lsn_analysis_summary(w.a)->liaison_links, 3);
    run r = run_passes(&w, NULL);

    assert_int_equal(count_of(&r, "liaisons_everywhere"), 1);
    const lsn_finding *f = nth(&r, "liaisons_everywhere", 0);
    assert_int_equal(f->severity, LSN_SEV_HIGH);
    assert_string_equal(lsn_value_get(f->subject, "unit")->s, "eng");
    assert_int_equal(metric(f, "teams")->i, 3);
    assert_int_equal(metric(f, "liaison_links")->i, 3);
    assert_near(num(metric(f, "density")), 1.0);
    const lsn_value *groups = metric(f, "community_mismatch");
    assert_int_equal(groups->n, 1);
    assert_strings(groups->items[0], "t1", "t2", "t3", NULL);
    assert_strings(metric(f, "hub_teams"), NULL);
    assert_near(num(metric(f, "modularity")), 0.0);
    double nmi = num(metric(f, "nmi"));
    assert_true(nmi >= 0.0 && nmi <= 1.0 + EPS);
    assert_int_equal(metric(f, "adjusted_rand")->kind, LSN_VAL_NUM);
    assert_true(metric(f, "communities")->i >= 1);
    assert_string_equal(f->explanation,
                        "eng has 3 liaison links for 3 teams (1.0 per team): liaisons everywhere "
                        "is a sign of a structural problem; t1, t2 and t3 work as one team.");
    run_free(&r);
    support_end(&w);
}

static void test_everywhere_not_below_density(void **state)
{
    (void)state;
    support_world w;
    liaison_world(&w, 3, false);
    assert_int_equal(lsn_analysis_summary(w.a)->liaison_links, 2);
    run r = run_passes(&w, NULL);
    assert_int_equal(count_of(&r, "liaisons_everywhere"), 0);
    run_free(&r);

    /* The same two links fire with a lower threshold: 2 / 3 >= 0.6. */
    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    opts.liaison_density = 0.6;
    r = run_passes(&w, &opts);
    assert_int_equal(count_of(&r, "liaisons_everywhere"), 1);
    assert_int_equal(metric(nth(&r, "liaisons_everywhere", 0), "liaison_links")->i, 2);
    run_free(&r);
    support_end(&w);
}

static void test_everywhere_hub_teams(void **state)
{
    (void)state;
    support_world w;
    liaison_world(&w, 4, true);
    run r = run_passes(&w, NULL);
    assert_int_equal(count_of(&r, "liaisons_everywhere"), 1);
    const lsn_finding *f = nth(&r, "liaisons_everywhere", 0);
    assert_strings(metric(f, "hub_teams"), "t3", NULL);
    assert_string_equal(f->explanation,
                        "eng has 3 liaison links for 3 teams (1.0 per team): liaisons everywhere "
                        "is a sign of a structural problem; t1, t2 and t3 work as one team, and "
                        "t3 is a hub that most teams need.");
    run_free(&r);

    /* Two teams need or attend t3 only while t1's need of plat exists; the
     * need of t2 and y1's link are one team, not two. A need or a link
     * from outside eng never counts: with merge_ratio high (no mismatch)
     * and no hub, the sentence falls back to the communities. */
    support_end(&w);
    liaison_world(&w, 4, false);
    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    opts.merge_ratio = 100.0;
    r = run_passes(&w, &opts);
    f = nth(&r, "liaisons_everywhere", 0);
    assert_non_null(f);
    assert_strings(metric(f, "hub_teams"), NULL);
    assert_strings(metric(f, "community_mismatch"), NULL);
    assert_non_null(
        strstr(f->explanation, "no two teams work as one and no team is a hub, and the "));
    assert_non_null(strstr(f->explanation, "meeting communities match the formal teams with NMI "));
    run_free(&r);
    support_end(&w);
}

/*
 * Teams t1 (x1 x2) and t2 (y1 y2), no teams.csv. Every person is a liaison
 * into the other team (four meetings each, one visitor at a time): 4 links
 * for 2 teams, density 2 - but a unit needs at least 3 teams, and the root
 * (org) has only these 2. Nothing fires.
 */
static void test_everywhere_never_for_two_teams(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"x1", "t1", NULL}, {"x2", "t1", NULL}, {"y1", "t2", NULL}, {"y2", "t2", NULL}};
    support_world w;
    support_begin(&w, rows, 4, 14);
    for (int i = 0; i < 4; i++) {
        support_add(&w, "t2-x1", i * DAY, 30, "y1", "y1 y2 x1");
        support_add(&w, "t2-x2", i * DAY + HOUR, 30, "y1", "y1 y2 x2");
        support_add(&w, "t1-y1", i * DAY + 2 * HOUR, 30, "x1", "x1 x2 y1");
        support_add(&w, "t1-y2", i * DAY + 3 * HOUR, 30, "x1", "x1 x2 y2");
    }
    support_analyze(&w, NULL);
    assert_int_equal(lsn_analysis_summary(w.a)->liaison_links, 4);
    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    opts.liaison_density = 0.0;
    run r = run_passes(&w, &opts);
    assert_int_equal(count_of(&r, "liaisons_everywhere"), 0);
    run_free(&r);
    support_end(&w);
}

/*
 * The three-link cycle of liaison_world with t1, t2, t3 directly under the
 * root. With teams.csv's single root "co", co is the organization: one
 * finding for co. Without teams.csv the teams are three roots under the
 * synthetic "(org)": one finding for (org).
 */
static void test_everywhere_root_is_reported_once(void **state)
{
    (void)state;
    static const support_unit_row units[] = {
        {"co", NULL}, {"t1", "co"}, {"t2", "co"}, {"t3", "co"}};
    static const support_person rows[] = {
        {"x1", "t1", NULL}, {"x2", "t1", NULL}, {"y1", "t2", NULL},
        {"y2", "t2", NULL}, {"z1", "t3", NULL}, {"z2", "t3", NULL},
    };
    for (int pass = 0; pass < 2; pass++) {
        support_world w;
        support_begin_org(&w, pass == 0 ? units : NULL, pass == 0 ? 4 : 0, rows, 6, NULL, 0, 14);
        for (int i = 0; i < 4; i++) {
            support_add(&w, "t2-sync", i * DAY, 30, "y1", "y1 y2 x1");
            support_add(&w, "t3-sync", i * DAY + HOUR, 30, "z1", "z1 z2 y1");
            support_add(&w, "t1-sync", i * DAY + 2 * HOUR, 30, "x1", "x1 x2 z1");
        }
        support_analyze(&w, NULL);
        run r = run_passes(&w, NULL);
        assert_int_equal(count_of(&r, "liaisons_everywhere"), 1);
        const lsn_finding *f = nth(&r, "liaisons_everywhere", 0);
        assert_string_equal(lsn_value_get(f->subject, "unit")->s, pass == 0 ? "co" : "(org)");
        assert_int_equal(metric(f, "teams")->i, 3);
        assert_int_equal(metric(f, "liaison_links")->i, 3);
        run_free(&r);
        support_end(&w);
    }
}

/* ------------------------------------------------------------------ */
/* Communities and signals                                              */
/* ------------------------------------------------------------------ */

/*
 * Two cliques: a1 a2 a3 (team a) and b1 b2 b3 (team b) each meet for two
 * hours (each pair 2 / 2 = 1 h), and a1-b1 have a 15-minute 1:1 (0.25).
 * m = 3 + 3 + 0.25 = 6.25; inside a and b: 3 each; strengths a1 = b1 = 2.25,
 * the others 2: 6.25 per team. Modularity = 2 x (3 / 6.25 - (6.25 / 12.5)^2)
 * = 2 x (0.48 - 0.25) = 0.46. Leiden finds exactly the two teams: NMI = 1,
 * ARI = 1, two communities; a1 (participant 0) gets community 0.
 */
static void test_two_cliques_modularity_nmi_ari(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a1", "a", NULL}, {"a2", "a", NULL}, {"a3", "a", NULL},
        {"b1", "b", NULL}, {"b2", "b", NULL}, {"b3", "b", NULL},
    };
    support_world w;
    support_begin(&w, rows, 6, 7);
    support_add(&w, "a-sync", 0, 120, "a1", "a1 a2 a3");
    support_add(&w, "b-sync", 0, 120, "b1", "b1 b2 b3");
    support_add(&w, "ab", 0, 15, "a1", "a1 b1");
    support_analyze(&w, NULL);
    lsn_structure *s = NULL;
    assert_int_equal(lsn_structure_build(&s, w.a, NULL), LSN_OK);

    assert_near(lsn_structure_modularity(s), 0.46);
    assert_near(lsn_structure_nmi(s), 1.0);
    assert_near(lsn_structure_adjusted_rand(s), 1.0);
    assert_int_equal(lsn_structure_roster_communities(s), 2);
    assert_int_equal(lsn_structure_community_count(s), 2);
    size_t n = 0;
    const int32_t *c = lsn_structure_communities(s, &n);
    assert_int_equal(n, 6);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(c[support_participant(&w, rows[i].email)], 0);
        assert_int_equal(c[support_participant(&w, rows[i + 3].email)], 1);
    }

    /* The same value from igraph, on the whole graph (all six are roster). */
    const igraph_vector_t *weights = NULL;
    const igraph_t *g = lsn_analysis_person_graph(w.a, &weights);
    igraph_vector_int_t membership;
    igraph_vector_int_init(&membership, 6);
    for (int i = 0; i < 6; i++) {
        VECTOR(membership)[support_participant(&w, rows[i].email)] = i < 3 ? 0 : 1;
    }
    igraph_real_t q = 0.0;
    assert_int_equal(igraph_modularity(g, &membership, weights, 1.0, false, &q), IGRAPH_SUCCESS);
    igraph_vector_int_destroy(&membership);
    assert_near(lsn_structure_modularity(s), q);
    lsn_structure_free(s);
    support_end(&w);
}

/*
 * Roster people who meet nobody, and external participants: p (team a)
 * attends nothing; x@other.org meets a1. p is a community of its own and
 * is not among the people the signals compare; no roster pair meets at
 * all in the second world, so modularity is NaN.
 */
static void test_isolated_people_and_empty_signals(void **state)
{
    (void)state;
    static const support_person rows[] = {{"a1", "a", NULL}, {"a2", "a", NULL}, {"p", "a", NULL}};
    support_world w;
    support_begin(&w, rows, 3, 7);
    support_add(&w, "sync", 0, 60, "a1", "a1 a2");
    support_add(&w, "ext", 0, 60, "a1", "a1 x@other.org");
    support_analyze(&w, NULL);
    lsn_structure *s = NULL;
    assert_int_equal(lsn_structure_build(&s, w.a, NULL), LSN_OK);
    size_t n = 0;
    const int32_t *c = lsn_structure_communities(s, &n);
    assert_int_equal(n, 4);
    int32_t p = support_participant(&w, "p");
    for (size_t i = 0; i < n; i++) {
        if ((int32_t)i != p) {
            assert_int_not_equal(c[i], c[p]);
        }
    }
    /* a1 and a2 only, one team, one community: NMI and ARI of two equal trivial partitions. */
    assert_near(lsn_structure_nmi(s), 1.0);
    assert_near(lsn_structure_adjusted_rand(s), 1.0);
    assert_near(lsn_structure_modularity(s), 0.0);
    lsn_structure_free(s);
    support_end(&w);

    support_begin(&w, rows, 3, 7);
    support_add(&w, "ext", 0, 60, "a1", "a1 x@other.org");
    support_analyze(&w, NULL);
    assert_int_equal(lsn_structure_build(&s, w.a, NULL), LSN_OK);
    assert_true(isnan(lsn_structure_modularity(s)));
    assert_true(isnan(lsn_structure_nmi(s)));
    assert_true(isnan(lsn_structure_adjusted_rand(s)));
    lsn_structure_free(s);
    support_end(&w);
}

/* A small deterministic pseudo-random generator for the test's own data. */
static uint32_t lcg(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/*
 * 80 people in 8 teams, 300 random meetings of 2 to 6 people, mostly inside
 * one team. Building the structure twice gives identical communities, also
 * when igraph's generator was used in between; another seed is still a
 * valid partition (every participant numbered, ids dense).
 */
static void test_leiden_is_deterministic(void **state)
{
    (void)state;
    support_person rows[80];
    char emails[80][8], teams[8][8];
    for (int t = 0; t < 8; t++) {
        snprintf(teams[t], sizeof(teams[t]), "t%d", t);
    }
    for (int i = 0; i < 80; i++) {
        snprintf(emails[i], sizeof(emails[i]), "p%d", i);
        rows[i] = (support_person){emails[i], teams[i / 10], NULL};
    }
    support_world w;
    support_begin(&w, rows, 80, 7);
    uint32_t seed = 7;
    for (int m = 0; m < 300; m++) {
        char uid[16], present[128] = "";
        snprintf(uid, sizeof(uid), "m%d", m);
        int team = (int)(lcg(&seed) % 8);
        int size = 2 + (int)(lcg(&seed) % 5);
        bool chosen[80] = {false};
        for (int k = 0; k < size;) {
            int who =
                lcg(&seed) % 4 == 0 ? (int)(lcg(&seed) % 80) : team * 10 + (int)(lcg(&seed) % 10);
            if (chosen[who]) {
                continue;
            }
            chosen[who] = true;
            char one[16];
            snprintf(one, sizeof(one), "%sp%d", k ? " " : "", who);
            strncat(present, one, sizeof(present) - strlen(present) - 1);
            k++;
        }
        support_add(&w, uid, (int64_t)m * 600, 30 + (int32_t)(lcg(&seed) % 4) * 15, NULL, present);
    }
    support_analyze(&w, NULL);

    lsn_structure *s1 = NULL, *s2 = NULL, *s3 = NULL;
    assert_int_equal(lsn_structure_build(&s1, w.a, NULL), LSN_OK);
    igraph_rng_seed(igraph_rng_default(), 12345);
    igraph_rng_get_integer(igraph_rng_default(), 0, 1000);
    assert_int_equal(lsn_structure_build(&s2, w.a, NULL), LSN_OK);
    size_t n1 = 0, n2 = 0;
    const int32_t *c1 = lsn_structure_communities(s1, &n1);
    const int32_t *c2 = lsn_structure_communities(s2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(c1, c2, n1 * sizeof(*c1));
    assert_int_equal(lsn_structure_community_count(s1), lsn_structure_community_count(s2));
    assert_true(lsn_structure_modularity(s1) == lsn_structure_modularity(s2));
    assert_true(lsn_structure_nmi(s1) == lsn_structure_nmi(s2));
    assert_true(lsn_structure_community_count(s1) < 80);

    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    opts.leiden_seed = 99;
    assert_int_equal(lsn_structure_build(&s3, w.a, &opts), LSN_OK);
    size_t n3 = 0;
    const int32_t *c3 = lsn_structure_communities(s3, &n3);
    int32_t next = 0;
    for (size_t i = 0; i < n3; i++) {
        assert_true(c3[i] >= 0 && c3[i] <= next);
        if (c3[i] == next) {
            next++;
        }
    }
    assert_int_equal(next, lsn_structure_community_count(s3));
    lsn_structure_free(s1);
    lsn_structure_free(s2);
    lsn_structure_free(s3);
    support_end(&w);
}

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

static void test_bad_options_are_rejected(void **state)
{
    (void)state;
    static const support_person rows[] = {{"a1", "a", NULL}, {"a2", "a", NULL}};
    support_world w;
    support_begin(&w, rows, 2, 7);
    support_add(&w, "sync", 0, 60, "a1", "a1 a2");
    support_analyze(&w, NULL);

    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    opts.community_resolution = -1.0;
    lsn_structure *s = (lsn_structure *)&opts; /* must be reset to NULL */
    assert_int_equal(lsn_structure_build(&s, w.a, &opts), LSN_EINVAL);
    assert_null(s);
    assert_string_equal(lsn_error_last(), "community_resolution must be a number >= 0, not -1");

    assert_int_equal(lsn_structure_build(&s, w.a, NULL), LSN_OK);
    lsn_findings *f = NULL;
    assert_int_equal(lsn_findings_new(&f), LSN_OK);
    opts = (lsn_pass_options)LSN_PASS_OPTIONS_INIT;
    opts.merge_ratio = NAN;
    assert_int_equal(lsn_structure_findings(f, s, w.a, &opts), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "merge_ratio must be a number >= 0, not nan");
    opts = (lsn_pass_options)LSN_PASS_OPTIONS_INIT;
    opts.liaison_density = -0.5;
    assert_int_equal(lsn_structure_findings(f, s, w.a, &opts), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "liaison_density must be a number >= 0, not -0.5");
    size_t n = 0;
    lsn_findings_items(f, &n);
    assert_int_equal(n, 0);
    lsn_findings_free(f);
    lsn_structure_free(s);
    support_end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mismatch_teams_as_close_across_as_inside),
        cmocka_unit_test(test_mismatch_threshold_is_inclusive_and_near_miss_is_not),
        cmocka_unit_test(test_mismatch_team_of_one_never_qualifies),
        cmocka_unit_test(test_mismatch_connected_pairs_are_one_finding),
        cmocka_unit_test(test_everywhere_fires_at_density_one),
        cmocka_unit_test(test_everywhere_not_below_density),
        cmocka_unit_test(test_everywhere_hub_teams),
        cmocka_unit_test(test_everywhere_never_for_two_teams),
        cmocka_unit_test(test_everywhere_root_is_reported_once),
        cmocka_unit_test(test_two_cliques_modularity_nmi_ari),
        cmocka_unit_test(test_isolated_people_and_empty_signals),
        cmocka_unit_test(test_leiden_is_deterministic),
        cmocka_unit_test(test_bad_options_are_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
