/*
 * tests/analysis/test_roles.c — per-person roles of SPEC §3.2: betweenness
 * on distances 1 / weight (exact and with the cutoff), Burt's constraint,
 * and Gould-Fernandez brokerage over "team meeting" ties. The window is one
 * week, so a 1:1 of h hours is a person-graph edge of weight h.
 */
#include "analysis/roles.h"
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

typedef struct counts {
    const char *who;
    int64_t coordinator, itinerant, gatekeeper, representative, liaison;
} counts;

/*
 * Teams a (a1 a2 a3), b (b1 b2), c (c1). Ties q -> p: q is a member of the
 * team whose team meeting it is, p anyone else present from the roster.
 *   "a-pair"   a1 a2 x@other.org   (team a: 2 of 2 roster)  a1<->a2
 *   "a-sync"   a2 a3 b1            (team a: 2 of 3)         a2<->a3, a2->b1, a3->b1
 *   "b-sync"   b1 b2 c1, twice     (team b: 2 of 3)         b1<->b2, b1->c1, b2->c1
 *   "b-review" b1 b2 a1            (team b: 2 of 3)         b1->a1, b2->a1
 *   "1on1"     a1 c1               (n = 2: no team meeting, no tie)
 *   "all"      a1 a2 a3 b1         (n = 4 > broadcast_size 3: a broadcast, no tie)
 * out: a1 {a2}; a2 {a1 a3 b1}; a3 {a2 b1}; b1 {a1 b2 c1}; b2 {a1 b1 c1}; c1 {}
 * in:  a1 {a2 b1 b2}; a2 {a1 a3}; a3 {a2}; b1 {a2 a3 b2}; b2 {b1}; c1 {b1 b2}
 * Open two-paths x -> v -> y (x != y, no tie x -> y), by broker v:
 *   a1: b1->a1->a2, b2->a1->a2 (B A A: gatekeeper) = 2
 *   a2: a1->a2->a3, a3->a2->a1 (A A A: coordinator) = 2;
 *       a1->a2->b1 (A A B: representative) = 1; a3->a2->b1 is closed (a3->b1)
 *   a3: a2->a3->b1 is closed (a2->b1)
 *   b1: a2->b1->b2, a3->b1->b2 (A B B: gatekeeper) = 2;
 *       a2->b1->c1, a3->b1->c1 (A B C: liaison) = 2;
 *       a3->b1->a1 (A B A: itinerant) = 1; a2->b1->a1 closed (a2->a1);
 *       b2->b1->a1, b2->b1->c1 closed
 *   b2: b1->b2->a1, b1->b2->c1 closed; c1: no out-ties.
 */
static void test_brokerage_worked_example(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a1", "a", NULL}, {"a2", "a", NULL}, {"a3", "a", NULL},
        {"b1", "b", NULL}, {"b2", "b", NULL}, {"c1", "c", NULL},
    };
    static const counts expected[] = {
        {"a1", 0, 0, 2, 0, 0}, {"a2", 2, 0, 0, 1, 0}, {"a3", 0, 0, 0, 0, 0},
        {"b1", 0, 1, 2, 0, 2}, {"b2", 0, 0, 0, 0, 0}, {"c1", 0, 0, 0, 0, 0},
    };
    support_world w;
    support_begin(&w, rows, 6, 7);
    support_add(&w, "a-pair", 0, 30, "a1", "a1 a2 x@other.org");
    support_add(&w, "a-sync", HOUR, 30, "a2", "a2 a3 b1");
    support_add(&w, "b-sync", 2 * HOUR, 30, "b1", "b1 b2 c1");
    support_add(&w, "b-sync", DAY + 2 * HOUR, 30, "b1", "b1 b2 c1");
    support_add(&w, "b-review", 3 * HOUR, 30, "b1", "b1 b2 a1");
    support_add(&w, "1on1", 4 * HOUR, 30, "a1", "a1 c1");
    support_add(&w, "all", 5 * HOUR, 30, "a1", "a1 a2 a3 b1");
    lsn_analysis_options aopts = LSN_ANALYSIS_OPTIONS_INIT;
    aopts.broadcast_size = 3;
    support_analyze(&w, &aopts);

    lsn_structure *s = NULL;
    assert_int_equal(lsn_structure_build(&s, w.a, NULL), LSN_OK);
    lsn_role roles[6];
    bool exact = false;
    assert_int_equal(lsn_roles_compute(roles, &exact, w.a, s, NULL, NULL, NULL), LSN_OK);
    assert_true(exact);
    const int32_t *community = lsn_structure_communities(s, NULL);
    for (size_t i = 0; i < 6; i++) {
        int32_t p = support_person_index(&w, expected[i].who);
        const lsn_role *r = &roles[p];
        assert_int_equal(r->coordinator, expected[i].coordinator);
        assert_int_equal(r->itinerant, expected[i].itinerant);
        assert_int_equal(r->gatekeeper, expected[i].gatekeeper);
        assert_int_equal(r->representative, expected[i].representative);
        assert_int_equal(r->liaison, expected[i].liaison);
        assert_int_equal(r->community, community[p]);
    }
    /* The brokerage-only entry point agrees. */
    lsn_role again[6];
    memset(again, 0xff, sizeof(again));
    assert_int_equal(lsn_roles_brokerage(again, w.a), LSN_OK);
    for (size_t p = 0; p < 6; p++) {
        assert_int_equal(again[p].coordinator, roles[p].coordinator);
        assert_int_equal(again[p].gatekeeper, roles[p].gatekeeper);
        assert_int_equal(again[p].liaison, roles[p].liaison);
    }
    /* Started ahead on two threads, the constraint computed before the
     * finish (as analysis/run.c does beside the proposal): the same roles,
     * to the byte; a job cancelled unfinished frees what it holds. */
    lsn_pass_options two = LSN_PASS_OPTIONS_INIT;
    two.threads = 2;
    lsn_roles_job *job = NULL, *dropped = NULL;
    assert_int_equal(lsn_roles_start(&job, w.a, &two), LSN_OK);
    assert_int_equal(lsn_roles_start(&dropped, w.a, &two), LSN_OK);
    lsn_roles_cancel(dropped);
    assert_int_equal(lsn_roles_constraint(job), LSN_OK);
    lsn_role ahead[6];
    bool ahead_exact = false;
    assert_int_equal(lsn_roles_finish(job, ahead, &ahead_exact, s, NULL, NULL), LSN_OK);
    assert_true(ahead_exact);
    for (size_t p = 0; p < 6; p++) {
        assert_memory_equal(&ahead[p].betweenness, &roles[p].betweenness, sizeof(double));
        assert_memory_equal(&ahead[p].constraint, &roles[p].constraint, sizeof(double));
        assert_int_equal(ahead[p].coordinator, roles[p].coordinator);
        assert_int_equal(ahead[p].itinerant, roles[p].itinerant);
        assert_int_equal(ahead[p].gatekeeper, roles[p].gatekeeper);
        assert_int_equal(ahead[p].representative, roles[p].representative);
        assert_int_equal(ahead[p].liaison, roles[p].liaison);
        assert_int_equal(ahead[p].community, roles[p].community);
    }
    lsn_structure_free(s);
    support_end(&w);
}

/* p1 - p2 - p3 - p4 - p5, one-hour 1:1s: every edge weight 1, distance 1. */
static void path_world(support_world *w)
{
    static const support_person rows[] = {{"p1", "t", NULL},
                                          {"p2", "t", NULL},
                                          {"p3", "t", NULL},
                                          {"p4", "u", NULL},
                                          {"p5", "u", NULL}};
    support_begin(w, rows, 5, 7);
    support_add(w, "e12", 0, 60, "p1", "p1 p2");
    support_add(w, "e23", 0, 60, "p2", "p2 p3");
    support_add(w, "e34", 0, 60, "p3", "p3 p4");
    support_add(w, "e45", 0, 60, "p4", "p4 p5");
    support_analyze(w, NULL);
}

/*
 * Exact: p3 lies on the shortest paths of (p1,p4) (p1,p5) (p2,p4) (p2,p5):
 * 4; p2 on (p1,p3) (p1,p4) (p1,p5): 3; the ends 0.
 * With 5 vertices > betweenness_exact_max 1 and cutoff 2.5, only paths of
 * length <= 2.5 count, i.e. of two hops at most: p2 on (p1,p3), p3 on
 * (p2,p4), p4 on (p3,p5): 1 each.
 */
static void test_betweenness_on_a_path_exact_and_cutoff(void **state)
{
    (void)state;
    static const double exact_values[] = {0, 3, 4, 3, 0};
    static const double cut_values[] = {0, 1, 1, 1, 0};
    support_world w;
    path_world(&w);
    lsn_structure *s = NULL;
    assert_int_equal(lsn_structure_build(&s, w.a, NULL), LSN_OK);
    lsn_role roles[5];
    bool exact = false;
    assert_int_equal(lsn_roles_compute(roles, &exact, w.a, s, NULL, NULL, NULL), LSN_OK);
    assert_true(exact);
    for (int i = 0; i < 5; i++) {
        assert_near(roles[i].betweenness, exact_values[i]);
    }
    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    opts.betweenness_exact_max = 1;
    opts.betweenness_cutoff = 2.5;
    assert_int_equal(lsn_roles_compute(roles, &exact, w.a, s, &opts, NULL, NULL), LSN_OK);
    assert_false(exact);
    for (int i = 0; i < 5; i++) {
        assert_near(roles[i].betweenness, cut_values[i]);
    }
    /* A negative cutoff means no limit: exact again. */
    opts.betweenness_cutoff = -1.0;
    assert_int_equal(lsn_roles_compute(roles, &exact, w.a, s, &opts, NULL, NULL), LSN_OK);
    assert_true(exact);
    assert_near(roles[2].betweenness, 4.0);
    lsn_structure_free(s);
    support_end(&w);
}

/*
 * x - y meet 15 minutes (weight 0.25, distance 4); x - z and z - y an hour
 * each (distance 1 + 1 = 2). The shortest x-y path runs through z, so z has
 * betweenness 1. Were weights used as lengths, x-y direct (0.25) would win.
 */
static void test_betweenness_uses_inverse_weights(void **state)
{
    (void)state;
    static const support_person rows[] = {{"x", "t", NULL}, {"y", "t", NULL}, {"z", "t", NULL}};
    support_world w;
    support_begin(&w, rows, 3, 7);
    support_add(&w, "xy", 0, 15, "x", "x y");
    support_add(&w, "xz", 0, 60, "x", "x z");
    support_add(&w, "zy", 0, 60, "z", "z y");
    support_analyze(&w, NULL);
    lsn_structure *s = NULL;
    assert_int_equal(lsn_structure_build(&s, w.a, NULL), LSN_OK);
    lsn_role roles[3];
    assert_int_equal(lsn_roles_compute(roles, NULL, w.a, s, NULL, NULL, NULL), LSN_OK);
    assert_near(roles[support_person_index(&w, "z")].betweenness, 1.0);
    assert_near(roles[support_person_index(&w, "x")].betweenness, 0.0);
    lsn_structure_free(s);
    support_end(&w);
}

/*
 * Star c with leaves l1 (1 h), l2 (1 h), l3 (2 h), plus l1 - l2 (1 h); lone
 * meets nobody. Burt: C_i = sum over neighbours j of (p_ij + sum_q p_iq p_qj)^2
 * with p_ij = w_ij / strength_i. Strengths: c 4, l1 2, l2 2, l3 2.
 *   c:  l1: 1/4 + p_c,l2 p_l2,l1 = 1/4 + 1/4 x 1/2 = 3/8; l2 likewise 3/8;
 *       l3: 2/4 = 1/2.  C = 9/64 + 9/64 + 16/64 = 34/64 = 0.53125
 *   l1: c: 1/2 + p_l1,l2 p_l2,c = 1/2 + 1/2 x 1/2 = 3/4;
 *       l2: 1/2 + p_l1,c p_c,l2 = 1/2 + 1/2 x 1/4 = 5/8.
 *       C = 36/64 + 25/64 = 61/64 = 0.953125 (l2 the same)
 *   l3: c only: p = 1, C = 1.   lone: undefined, NaN.
 */
static void test_constraint_star_centre_and_leaves(void **state)
{
    (void)state;
    static const support_person rows[] = {{"c", "t", NULL},
                                          {"l1", "t", NULL},
                                          {"l2", "t", NULL},
                                          {"l3", "u", NULL},
                                          {"lone", "u", NULL}};
    support_world w;
    support_begin(&w, rows, 5, 7);
    support_add(&w, "c-l1", 0, 60, "c", "c l1");
    support_add(&w, "c-l2", 0, 60, "c", "c l2");
    support_add(&w, "c-l3", 0, 120, "c", "c l3");
    support_add(&w, "l1-l2", 0, 60, "l1", "l1 l2");
    support_analyze(&w, NULL);
    lsn_structure *s = NULL;
    assert_int_equal(lsn_structure_build(&s, w.a, NULL), LSN_OK);
    lsn_role roles[5];
    assert_int_equal(lsn_roles_compute(roles, NULL, w.a, s, NULL, NULL, NULL), LSN_OK);
    assert_near(roles[support_person_index(&w, "c")].constraint, 34.0 / 64.0);
    assert_near(roles[support_person_index(&w, "l1")].constraint, 61.0 / 64.0);
    assert_near(roles[support_person_index(&w, "l2")].constraint, 61.0 / 64.0);
    assert_near(roles[support_person_index(&w, "l3")].constraint, 1.0);
    assert_true(isnan(roles[support_person_index(&w, "lone")].constraint));
    assert_near(roles[support_person_index(&w, "lone")].betweenness, 0.0);
    lsn_structure_free(s);
    support_end(&w);
}

static void test_bad_options_are_rejected(void **state)
{
    (void)state;
    support_world w;
    path_world(&w);
    lsn_structure *s = NULL;
    assert_int_equal(lsn_structure_build(&s, w.a, NULL), LSN_OK);
    lsn_role roles[5];
    lsn_pass_options opts = LSN_PASS_OPTIONS_INIT;
    opts.betweenness_exact_max = -2;
    assert_int_equal(lsn_roles_compute(roles, NULL, w.a, s, &opts, NULL, NULL), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "betweenness_exact_max must be >= 0, not -2");
    opts = (lsn_pass_options)LSN_PASS_OPTIONS_INIT;
    opts.betweenness_cutoff = NAN;
    assert_int_equal(lsn_roles_compute(roles, NULL, w.a, s, &opts, NULL, NULL), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "betweenness_cutoff must be a number");
    lsn_structure_free(s);
    support_end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brokerage_worked_example),
        cmocka_unit_test(test_betweenness_on_a_path_exact_and_cutoff),
        cmocka_unit_test(test_betweenness_uses_inverse_weights),
        cmocka_unit_test(test_constraint_star_centre_and_leaves),
        cmocka_unit_test(test_bad_options_are_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
