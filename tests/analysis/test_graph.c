/*
 * tests/analysis/test_graph.c — the person graph and the team graph
 * (SPEC §2), their igraph form, and igraph errors at the boundary. Window:
 * two weeks, so every weight below is hours / 2.
 */
#include "analysis/analysis.h"
#include "io/error.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

/*
 * a, b, c (team t) meet once for one hour: n = 3, so each of the three pairs
 * gets 1 / (3 - 1) = 0.5 h, i.e. 0.25 h per week. The graph has every
 * participant as a vertex (3) and 3 edges in (u, v) order. Team t's internal
 * weight is 3 x 0.25 = 0.75; there is no other team, so cross_team_share = 0.
 */
static void test_three_person_hour_gives_each_pair_half_an_hour(void **state)
{
    (void)state;
    static const support_person rows[] = {{"a", "t", NULL}, {"b", "t", NULL}, {"c", "t", NULL}};
    support_world w;
    support_begin(&w, rows, 3, 14);
    support_add(&w, "sync", 0, 60, "a", "a b c");
    support_analyze(&w, NULL);

    size_t n = 0;
    const lsn_edge *e = lsn_analysis_person_edges(w.a, &n);
    assert_int_equal(n, 3);
    int32_t a = support_participant(&w, "a");
    int32_t b = support_participant(&w, "b");
    int32_t c = support_participant(&w, "c");
    assert_int_equal(e[0].u, a);
    assert_int_equal(e[0].v, b);
    assert_int_equal(e[1].u, a);
    assert_int_equal(e[1].v, c);
    assert_int_equal(e[2].u, b);
    assert_int_equal(e[2].v, c);
    for (size_t i = 0; i < n; i++) {
        assert_near(e[i].weight, 0.25);
    }

    const igraph_vector_t *weights = NULL;
    const igraph_t *g = lsn_analysis_person_graph(w.a, &weights);
    assert_int_equal(igraph_vcount(g), 3);
    assert_int_equal(igraph_ecount(g), 3);
    assert_false(igraph_is_directed(g));
    igraph_integer_t from = 0, to = 0;
    igraph_edge(g, 1, &from, &to);
    assert_int_equal(from, a);
    assert_int_equal(to, c);
    assert_near(VECTOR(*weights)[1], 0.25);

    size_t nteams = 0;
    const lsn_team_info *teams = lsn_analysis_teams(w.a, &nteams);
    assert_near(teams[support_unit(&w, "t")].internal_hours_per_week, 0.75);
    lsn_analysis_team_edges(w.a, &n);
    assert_int_equal(n, 0);
    assert_near(lsn_analysis_summary(w.a)->cross_team_share, 0.0);
    assert_near(lsn_analysis_summary(w.a)->roster_hours_per_week, 0.75);
    support_end(&w);
}

/*
 * Series "weekly", one hour each: a b c, a b c (again), then a b c d. The two
 * a-b-c instances form one group: each pair gets 0.5 + 0.5 = 1 h. The
 * a-b-c-d instance adds 1 / 3 h to each of its 6 pairs.
 *  - a-b, a-c, b-c: (1 + 1/3) / 2 = 2/3 per week.
 *  - a-d, b-d, c-d: (1/3) / 2 = 1/6 per week.
 * A second series with the same people "a b c" once adds 0.5 / 2 = 0.25 to
 * a-b, a-c, b-c: series are grouped separately but sum into one edge.
 */
static void test_series_whose_attendee_set_changes_in_one_instance(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a", "t", NULL}, {"b", "t", NULL}, {"c", "t", NULL}, {"d", "t", NULL}};
    support_world w;
    support_begin(&w, rows, 4, 14);
    support_add(&w, "weekly", 0, 60, "a", "a b c");
    support_add(&w, "weekly", 7 * DAY, 60, "a", "a b c d");
    support_add(&w, "weekly", 3 * DAY, 60, "a", "c b a");
    support_add(&w, "other", 4 * DAY, 60, "a", "a b c");
    support_analyze(&w, NULL);

    size_t n = 0;
    lsn_analysis_person_edges(w.a, &n);
    assert_int_equal(n, 6);
    assert_near(support_person_weight(&w, "a", "b"), 2.0 / 3.0 + 0.25);
    assert_near(support_person_weight(&w, "a", "c"), 2.0 / 3.0 + 0.25);
    assert_near(support_person_weight(&w, "b", "c"), 2.0 / 3.0 + 0.25);
    assert_near(support_person_weight(&w, "a", "d"), 1.0 / 6.0);
    assert_near(support_person_weight(&w, "b", "d"), 1.0 / 6.0);
    assert_near(support_person_weight(&w, "c", "d"), 1.0 / 6.0);
    support_end(&w);
}

static void join(char *buf, size_t size, const char *prefix, int count)
{
    buf[0] = '\0';
    for (int i = 0; i < count; i++) {
        char name[16];
        snprintf(name, sizeof(name), "%s%02d ", prefix, i);
        assert_true(strlen(buf) + strlen(name) < size);
        strcat(buf, name);
    }
}

/*
 * 51 people (team "all") at one one-hour broadcast (n = 51 > 50): no pair
 * gets weight, but each person's meeting hours count it: 1 h / 2 = 0.5.
 * The same team's 50-person hour (not a broadcast, n = 50) gives each of the
 * 50 x 49 / 2 = 1225 pairs 1 / 49 h, i.e. 1 / 98 per week.
 */
static void test_broadcast_makes_no_edges_but_counts_meeting_hours(void **state)
{
    (void)state;
    support_person rows[51];
    char names[51][16];
    for (int i = 0; i < 51; i++) {
        snprintf(names[i], sizeof(names[i]), "p%02d", i);
        rows[i] = (support_person){names[i], "all", NULL};
    }
    char list[1024];
    support_world w;
    support_begin(&w, rows, 51, 14);
    join(list, sizeof(list), "p", 51);
    support_add(&w, "all-hands", 0, 60, NULL, list);
    support_analyze(&w, NULL);
    size_t n = 0;
    lsn_analysis_person_edges(w.a, &n);
    assert_int_equal(n, 0);
    assert_int_equal(igraph_ecount(lsn_analysis_person_graph(w.a, NULL)), 0);
    const lsn_person_hours *hours = lsn_analysis_people(w.a, &n);
    assert_int_equal(n, 51);
    for (size_t i = 0; i < n; i++) {
        assert_near(hours[i].meeting_hours_per_week, 0.5);
    }
    assert_near(lsn_analysis_summary(w.a)->meeting_hours_per_week, 51 * 0.5);
    support_end(&w);

    support_begin(&w, rows, 51, 14);
    join(list, sizeof(list), "p", 50);
    support_add(&w, "fifty", 0, 60, NULL, list);
    support_analyze(&w, NULL);
    const lsn_edge *e = lsn_analysis_person_edges(w.a, &n);
    assert_int_equal(n, 1225);
    for (size_t i = 0; i < n; i++) {
        assert_true(e[i].u < e[i].v);
        if (i > 0) {
            assert_true(e[i - 1].u < e[i].u || (e[i - 1].u == e[i].u && e[i - 1].v < e[i].v));
        }
        assert_near(e[i].weight, 1.0 / 98.0);
    }
    support_end(&w);
}

/*
 * a and b (team t, domain example.com), unknown u@example.com, external
 * x@other.org and the group *all@example.com meet for one hour: n = 5, so each
 * of the 10 pairs gets 1 / 4 h = 0.125 per week. Only a-b is a roster pair:
 * team t's internal weight is 0.125; the others belong to no team.
 */
static void test_unknown_external_and_group_count_in_n_and_get_edges(void **state)
{
    (void)state;
    static const support_person rows[] = {{"a", "t", NULL}, {"b", "t", NULL}};
    support_world w;
    support_begin(&w, rows, 2, 14);
    support_add(&w, "mixed", 0, 60, "a", "a b u@example.com x@other.org *all@example.com");
    support_analyze(&w, NULL);

    size_t np = 0;
    const lsn_participant *parts = lsn_calendar_participants(w.cal, &np);
    assert_int_equal(np, 5);
    assert_int_equal(parts[support_participant(&w, "u@example.com")].kind, LSN_P_UNKNOWN);
    assert_int_equal(parts[support_participant(&w, "x@other.org")].kind, LSN_P_EXTERNAL);
    assert_int_equal(parts[support_participant(&w, "*all@example.com")].kind, LSN_P_GROUP);

    size_t n = 0;
    lsn_analysis_person_edges(w.a, &n);
    assert_int_equal(n, 10);
    assert_near(support_person_weight(&w, "a", "b"), 0.125);
    assert_near(support_person_weight(&w, "a", "u@example.com"), 0.125);
    assert_near(support_person_weight(&w, "x@other.org", "*all@example.com"), 0.125);
    assert_near(support_person_weight(&w, "u@example.com", "x@other.org"), 0.125);
    assert_int_equal(igraph_vcount(lsn_analysis_person_graph(w.a, NULL)), 5);

    assert_int_equal(lsn_analysis_participant_team(w.a, support_participant(&w, "a")),
                     support_unit(&w, "t"));
    assert_int_equal(lsn_analysis_participant_team(w.a, support_participant(&w, "x@other.org")),
                     -1);
    assert_int_equal(lsn_analysis_participant_team(w.a, support_participant(&w, "u@example.com")),
                     -1);
    size_t nteams = 0;
    const lsn_team_info *teams = lsn_analysis_teams(w.a, &nteams);
    assert_near(teams[support_unit(&w, "t")].internal_hours_per_week, 0.125);
    assert_near(lsn_analysis_summary(w.a)->cross_team_share, 0.0);
    /* n = 5 >= 3 and t has 2 of the 2 roster people: a team meeting of t. */
    size_t ni = 0;
    assert_int_equal(lsn_analysis_instances(w.a, &ni)[0].team_meeting, support_unit(&w, "t"));
    support_end(&w);
}

/*
 * Team A (a1, a2), team B (b1), team C (c1, c2); meetings of one hour:
 *  - a1 a2 b1: pairs get 0.5 h -> 0.25/week: a1-a2 inside A, a1-b1 and a2-b1
 *    between A and B -> A-B = 0.5.
 *  - b1 c1 and c1 c2 with x@other.org: b1-c1 gets 1 h -> 0.5/week (B-C = 0.5);
 *    c1-c2 gets 0.5 h -> 0.25 inside C (x's edges are no team's).
 * Roster weight: inside 0.25 + 0.25, across 0.5 + 0.5 -> cross share 1 / 1.5.
 * Team meetings: a1 a2 b1 (A has 2 of 3) and c1 c2 x (C has 2 of 2), one hour
 * each -> 0.5 h per week for A and for C, 0 for B.
 */
static void test_team_graph_weights_and_cross_team_share(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a1", "A", NULL}, {"a2", "A", NULL}, {"b1", "B", NULL},
        {"c1", "C", NULL}, {"c2", "C", NULL},
    };
    support_world w;
    support_begin(&w, rows, 5, 14);
    support_add(&w, "ab", 0, 60, "a1", "a1 a2 b1");
    support_add(&w, "bc", DAY, 60, "b1", "b1 c1");
    support_add(&w, "cc", 2 * DAY, 60, "c1", "c1 c2 x@other.org");
    support_analyze(&w, NULL);

    int32_t A = support_unit(&w, "A"), B = support_unit(&w, "B"), C = support_unit(&w, "C");
    size_t n = 0;
    const lsn_edge *te = lsn_analysis_team_edges(w.a, &n);
    assert_int_equal(n, 2);
    assert_near(lsn_analysis_team_weight(w.a, A, B), 0.5);
    assert_near(lsn_analysis_team_weight(w.a, B, A), 0.5);
    assert_near(lsn_analysis_team_weight(w.a, B, C), 0.5);
    assert_near(lsn_analysis_team_weight(w.a, A, C), 0.0);
    assert_near(lsn_analysis_team_weight(w.a, A, A), 0.0);
    for (size_t i = 0; i < n; i++) {
        assert_true(te[i].u < te[i].v);
    }

    const lsn_edge *links = lsn_analysis_team_links(w.a, B, &n);
    assert_int_equal(n, 2);
    assert_int_equal(links[0].u, B);
    assert_true(links[0].v < links[1].v);

    size_t nteams = 0;
    const lsn_team_info *teams = lsn_analysis_teams(w.a, &nteams);
    assert_near(teams[A].internal_hours_per_week, 0.25);
    assert_near(teams[B].internal_hours_per_week, 0.0);
    assert_near(teams[C].internal_hours_per_week, 0.25);
    assert_near(teams[B].external_hours_per_week, 1.0);
    assert_int_equal(teams[B].links, 2);
    assert_int_equal(teams[A].links, 1);
    assert_near(teams[A].meeting_hours_per_week, 0.5);
    assert_near(teams[B].meeting_hours_per_week, 0.0);
    assert_near(teams[C].meeting_hours_per_week, 0.5);
    assert_int_equal(teams[A].team_meetings, 1);
    assert_int_equal(teams[A].headcount, 2);
    /* A's members: a1 and a2 at one hour each -> 0.5 + 0.5 per week. */
    assert_near(teams[A].member_hours_per_week, 1.0);

    const lsn_summary *s = lsn_analysis_summary(w.a);
    assert_near(s->cross_team_share, 1.0 / 1.5);
    assert_near(s->roster_hours_per_week, 1.5);
    assert_int_equal(s->team_links, 2);
    assert_int_equal(s->teams, 3);
    support_end(&w);
}

/* igraph rejects a negative vertex id; our handler records
 * the reason and returns instead of aborting, and the code is LSN_EINTERNAL
 * with one message naming the igraph call. */
static void test_igraph_error_becomes_einternal_with_message(void **state)
{
    (void)state;
    lsn_edge edges[] = {{0, 1, 1.0}, {-1, 2, 1.0}};
    igraph_t g;
    igraph_vector_t weights;
    lsn_error_clear();
    int rc = lsn_graph_to_igraph(&g, &weights, &(lsn_edges){edges, 2}, 3);
    assert_int_equal(rc, LSN_EINTERNAL);
    assert_non_null(strstr(lsn_error_last(), "igraph: igraph_create: "));
    assert_true(strlen(lsn_error_last()) > strlen("igraph: igraph_create: "));

    /* The previous (default) handler is back and a good call works. */
    rc = lsn_graph_to_igraph(&g, &weights, &(lsn_edges){edges, 1}, 3);
    assert_int_equal(rc, LSN_OK);
    assert_int_equal(igraph_ecount(&g), 1);
    assert_int_equal(igraph_vcount(&g), 3);
    igraph_destroy(&g);
    igraph_vector_destroy(&weights);
}

/* The same meetings added in another order give identical graphs, bit for bit. */
static void test_same_meetings_in_any_order_give_identical_graphs(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a", "A", NULL}, {"b", "A", NULL}, {"c", "B", NULL}, {"d", "B", NULL}, {"e", "C", NULL}};
    static const struct {
        const char *uid;
        int64_t start;
        const char *present;
    } meetings[] = {
        {"s1", 0, "a b c"},       {"s1", DAY, "a b c"},   {"s1", 2 * DAY, "a b c d"},
        {"s2", HOUR, "c d e"},    {"s3", 3 * DAY, "a e"}, {"s2", DAY + HOUR, "c d e x@o.org"},
        {"s4", 5 * DAY, "b c d"},
    };
    size_t nm = sizeof(meetings) / sizeof(meetings[0]);
    support_world w[2];
    for (int k = 0; k < 2; k++) {
        support_begin(&w[k], rows, 5, 14);
        for (size_t i = 0; i < nm; i++) {
            size_t j = k == 0 ? i : nm - 1 - i;
            support_add(&w[k], meetings[j].uid, meetings[j].start, 45, NULL, meetings[j].present);
        }
        support_analyze(&w[k], NULL);
    }
    size_t n0 = 0, n1 = 0;
    const lsn_edge *e0 = lsn_analysis_person_edges(w[0].a, &n0);
    const lsn_edge *e1 = lsn_analysis_person_edges(w[1].a, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(e0, e1, n0 * sizeof(*e0));
    e0 = lsn_analysis_team_edges(w[0].a, &n0);
    e1 = lsn_analysis_team_edges(w[1].a, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(e0, e1, n0 * sizeof(*e0));
    assert_memory_equal(lsn_analysis_summary(w[0].a), lsn_analysis_summary(w[1].a),
                        sizeof(lsn_summary));
    support_end(&w[0]);
    support_end(&w[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_person_hour_gives_each_pair_half_an_hour),
        cmocka_unit_test(test_series_whose_attendee_set_changes_in_one_instance),
        cmocka_unit_test(test_broadcast_makes_no_edges_but_counts_meeting_hours),
        cmocka_unit_test(test_unknown_external_and_group_count_in_n_and_get_edges),
        cmocka_unit_test(test_team_graph_weights_and_cross_team_share),
        cmocka_unit_test(test_igraph_error_becomes_einternal_with_message),
        cmocka_unit_test(test_same_meetings_in_any_order_give_identical_graphs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
