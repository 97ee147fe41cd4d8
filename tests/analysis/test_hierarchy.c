/*
 * tests/analysis/test_hierarchy.c — the hierarchy index (analysis/hierarchy.h)
 * and the ends of a need built on it (analysis/needs.h), on one hand-built
 * three-level organization:
 *
 *   co (root)
 *   ├── platform          (no people)
 *   │   ├── api           a1, a2
 *   │   └── db            d1
 *   ├── product           p1
 *   │   ├── web           w1
 *   │   └── mobile        m1
 *   └── ghost             (no people, no units below)
 *
 * Units are declared in that order, so their indices are 0..7 and the
 * pre-order (children in index order) is the order above.
 */
#include "analysis/hierarchy.h"
#include "analysis/needs.h"
#include "io/error.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

static const support_unit_row units[] = {
    {"co", NULL},      {"platform", "co"}, {"api", "platform"},   {"db", "platform"},
    {"product", "co"}, {"web", "product"}, {"mobile", "product"}, {"ghost", "co"},
};

static const support_person rows[] = {
    {"a1", "api", NULL},     {"d1", "db", NULL},  {"a2", "api", NULL},
    {"p1", "product", NULL}, {"w1", "web", NULL}, {"m1", "mobile", NULL},
};

static void begin(support_world *w, lsn_hierarchy **h)
{
    support_begin_org(w, units, sizeof(units) / sizeof(units[0]), rows,
                      sizeof(rows) / sizeof(rows[0]), NULL, 0, 7);
    int rc = lsn_hierarchy_build(h, w->org);
    if (rc != LSN_OK) {
        fail_msg("lsn_hierarchy_build: %s", lsn_error_last());
    }
}

/* Fail unless list[0..n) names exactly the unit ids of want (NULL-terminated), in order. */
static void
assert_units(const support_world *w, const int32_t *list, size_t n, const char *const *want)
{
    size_t k = 0;
    for (; want[k] != NULL; k++) {
        if (k >= n) {
            fail_msg("only %zu units, expected %s next", n, want[k]);
        }
        assert_int_equal(list[k], support_unit(w, want[k]));
    }
    assert_int_equal(n, k);
}

static void test_hierarchy_within_is_the_subtree(void **state)
{
    (void)state;
    support_world w;
    lsn_hierarchy *h = NULL;
    begin(&w, &h);
    int32_t co = support_unit(&w, "co"), platform = support_unit(&w, "platform");
    int32_t api = support_unit(&w, "api"), web = support_unit(&w, "web");
    int32_t product = support_unit(&w, "product"), ghost = support_unit(&w, "ghost");

    assert_true(lsn_hierarchy_within(h, api, api));
    assert_true(lsn_hierarchy_within(h, api, platform));
    assert_true(lsn_hierarchy_within(h, api, co));
    assert_true(lsn_hierarchy_within(h, web, product));
    assert_true(lsn_hierarchy_within(h, ghost, co));
    assert_false(lsn_hierarchy_within(h, platform, api));
    assert_false(lsn_hierarchy_within(h, co, platform));
    assert_false(lsn_hierarchy_within(h, web, platform));
    assert_false(lsn_hierarchy_within(h, api, product));
    assert_false(lsn_hierarchy_within(h, ghost, product));
    assert_ptr_equal(lsn_hierarchy_org(h), w.org);

    lsn_hierarchy_free(h);
    support_end(&w);
}

static void test_hierarchy_units_under_in_preorder(void **state)
{
    (void)state;
    support_world w;
    lsn_hierarchy *h = NULL;
    begin(&w, &h);
    size_t n = 0;
    const int32_t *list = lsn_hierarchy_units_under(h, support_unit(&w, "co"), &n);
    assert_units(&w, list, n,
                 (const char *const[]){"co", "platform", "api", "db", "product", "web", "mobile",
                                       "ghost", NULL});
    list = lsn_hierarchy_units_under(h, support_unit(&w, "platform"), &n);
    assert_units(&w, list, n, (const char *const[]){"platform", "api", "db", NULL});
    list = lsn_hierarchy_units_under(h, support_unit(&w, "ghost"), &n);
    assert_units(&w, list, n, (const char *const[]){"ghost", NULL});
    lsn_hierarchy_free(h);
    support_end(&w);
}

/* Teams are the units with people: platform and ghost are none; product is one. */
static void test_hierarchy_teams_under_skip_units_without_people(void **state)
{
    (void)state;
    support_world w;
    lsn_hierarchy *h = NULL;
    begin(&w, &h);
    size_t n = 0;
    const int32_t *all = lsn_hierarchy_teams_under(h, support_unit(&w, "co"), &n);
    assert_units(&w, all, n, (const char *const[]){"api", "db", "product", "web", "mobile", NULL});
    const int32_t *list = lsn_hierarchy_teams_under(h, support_unit(&w, "platform"), &n);
    assert_units(&w, list, n, (const char *const[]){"api", "db", NULL});
    /* A unit's slice lies inside its ancestors' (one array). */
    assert_ptr_equal(list, all);
    list = lsn_hierarchy_teams_under(h, support_unit(&w, "product"), &n);
    assert_units(&w, list, n, (const char *const[]){"product", "web", "mobile", NULL});
    assert_ptr_equal(list, all + 2);
    list = lsn_hierarchy_teams_under(h, support_unit(&w, "db"), &n);
    assert_units(&w, list, n, (const char *const[]){"db", NULL});
    lsn_hierarchy_teams_under(h, support_unit(&w, "ghost"), &n);
    assert_int_equal(n, 0);
    lsn_hierarchy_free(h);
    support_end(&w);
}

static void test_hierarchy_members_in_roster_order(void **state)
{
    (void)state;
    support_world w;
    lsn_hierarchy *h = NULL;
    begin(&w, &h);
    size_t n = 0;
    const int32_t *m = lsn_hierarchy_members(h, support_unit(&w, "api"), &n);
    assert_int_equal(n, 2);
    assert_int_equal(m[0], support_person_index(&w, "a1"));
    assert_int_equal(m[1], support_person_index(&w, "a2"));
    lsn_hierarchy_members(h, support_unit(&w, "platform"), &n);
    assert_int_equal(n, 0);
    lsn_hierarchy_free(h);
    support_end(&w);
}

/* top: the root's child that contains the unit; the root is its own. */
static void test_hierarchy_parent_top_and_depth(void **state)
{
    (void)state;
    support_world w;
    lsn_hierarchy *h = NULL;
    begin(&w, &h);
    int32_t co = support_unit(&w, "co"), platform = support_unit(&w, "platform");
    int32_t product = support_unit(&w, "product"), ghost = support_unit(&w, "ghost");
    assert_int_equal(lsn_hierarchy_parent(h, co), -1);
    assert_int_equal(lsn_hierarchy_parent(h, support_unit(&w, "api")), platform);
    assert_int_equal(lsn_hierarchy_parent(h, platform), co);
    assert_int_equal(lsn_hierarchy_top(h, co), co);
    assert_int_equal(lsn_hierarchy_top(h, platform), platform);
    assert_int_equal(lsn_hierarchy_top(h, support_unit(&w, "db")), platform);
    assert_int_equal(lsn_hierarchy_top(h, support_unit(&w, "mobile")), product);
    assert_int_equal(lsn_hierarchy_top(h, ghost), ghost);
    assert_int_equal(lsn_hierarchy_depth(h, co), 0);
    assert_int_equal(lsn_hierarchy_depth(h, ghost), 1);
    assert_int_equal(lsn_hierarchy_depth(h, support_unit(&w, "web")), 2);
    lsn_hierarchy_free(h);
    support_end(&w);
}

/* The teams of one end, in order, through LSN_NEEDS_FOREACH_TEAM. */
static void
assert_end(const support_world *w, const lsn_needs *nx, lsn_need_end e, const char *const *want)
{
    int32_t list[16];
    size_t n = 0;
    LSN_NEEDS_FOREACH_TEAM(nx, e, pos, team)
    {
        assert_true(n < 16);
        assert_true(lsn_needs_in_end(nx, e, team));
        list[n++] = team;
    }
    assert_units(w, list, n, want);
}

/*
 * The ends of a need: the inner end is taken out of the outer one.
 *   web <- platform:      T {web}, F {api, db}                considered
 *   db <- platform:       T {db}, F {api} (platform minus db) considered
 *   platform <- db:       T {api}, F {db}                     considered
 *   product <- co:        T {product, web, mobile}, F {api, db}
 *   api <- ghost:         F is empty                          not considered
 *   ghost <- api:         T is empty                          not considered
 */
static void test_need_ends_take_the_inner_end_out(void **state)
{
    (void)state;
    static const support_need_row needs[] = {
        {"web", "platform", LSN_CONTEXT_DEEP, false}, {"db", "platform", LSN_CONTEXT_DEEP, false},
        {"platform", "db", LSN_CONTEXT_DEEP, false},  {"product", "co", LSN_CONTEXT_DEEP, false},
        {"api", "ghost", LSN_CONTEXT_DEEP, false},    {"ghost", "api", LSN_CONTEXT_DEEP, false},
    };
    support_world w;
    support_begin_org(&w, units, sizeof(units) / sizeof(units[0]), rows,
                      sizeof(rows) / sizeof(rows[0]), needs, sizeof(needs) / sizeof(needs[0]), 7);
    support_add(&w, "w1-a1", 1 * DAY, 60, "w1", "w1 a1");
    support_analyze(&w, NULL);
    lsn_hierarchy *h = NULL;
    lsn_needs *nx = NULL;
    assert_int_equal(lsn_hierarchy_build(&h, w.org), LSN_OK);
    assert_int_equal(lsn_needs_build(&nx, w.a, h), LSN_OK);
    assert_ptr_equal(lsn_needs_hierarchy(nx), h);
    size_t nneeds = 0;
    const lsn_need *need = lsn_org_needs(w.org, &nneeds);
    assert_int_equal(nneeds, 6);
    lsn_need_ends e;

    lsn_needs_ends(&e, nx, &need[0]);
    assert_end(&w, nx, e.t, (const char *const[]){"web", NULL});
    assert_end(&w, nx, e.f, (const char *const[]){"api", "db", NULL});
    assert_int_equal(e.tpeople, 1);
    assert_int_equal(e.fpeople, 3);
    assert_true(lsn_needs_considered(&e));
    /* The 1:1 w1-a1 is one hour in a one-week window, from web to api. */
    assert_near(lsn_needs_hours(nx, &e), 1.0);
    assert_near(lsn_needs_person_hours(nx, support_person_index(&w, "w1"), e.f), 1.0);
    assert_near(lsn_needs_person_hours(nx, support_person_index(&w, "a1"), e.t), 1.0);
    assert_near(lsn_needs_person_hours(nx, support_person_index(&w, "d1"), e.t), 0.0);
    assert_int_equal(lsn_needs_links(nx, &e), 0);

    lsn_needs_ends(&e, nx, &need[1]);
    assert_end(&w, nx, e.t, (const char *const[]){"db", NULL});
    assert_end(&w, nx, e.f, (const char *const[]){"api", NULL});
    assert_false(lsn_needs_in_end(nx, e.f, support_unit(&w, "db")));
    assert_true(lsn_needs_in_end(nx, e.f, support_unit(&w, "platform")));
    assert_true(lsn_needs_considered(&e));

    lsn_needs_ends(&e, nx, &need[2]);
    assert_end(&w, nx, e.t, (const char *const[]){"api", NULL});
    assert_end(&w, nx, e.f, (const char *const[]){"db", NULL});
    assert_int_equal(e.tpeople, 2);

    lsn_needs_ends(&e, nx, &need[3]);
    assert_end(&w, nx, e.t, (const char *const[]){"product", "web", "mobile", NULL});
    assert_end(&w, nx, e.f, (const char *const[]){"api", "db", NULL});
    assert_near(lsn_needs_hours(nx, &e), 1.0);

    lsn_needs_ends(&e, nx, &need[4]);
    assert_end(&w, nx, e.f, (const char *const[]){NULL});
    assert_int_equal(e.fpeople, 0);
    assert_false(lsn_needs_considered(&e));

    lsn_needs_ends(&e, nx, &need[5]);
    assert_int_equal(e.tpeople, 0);
    assert_false(lsn_needs_considered(&e));

    lsn_needs_free(nx);
    lsn_hierarchy_free(h);
    support_end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hierarchy_within_is_the_subtree),
        cmocka_unit_test(test_hierarchy_units_under_in_preorder),
        cmocka_unit_test(test_hierarchy_teams_under_skip_units_without_people),
        cmocka_unit_test(test_hierarchy_members_in_roster_order),
        cmocka_unit_test(test_hierarchy_parent_top_and_depth),
        cmocka_unit_test(test_need_ends_take_the_inner_end_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
