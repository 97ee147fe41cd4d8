/*
 * tests/analysis/test_run.c — the analysis run (analysis/run.c): it tells
 * its phases in order through its options and marks them in the caller's
 * timings, skips the roles when asked, publishes its findings under
 * --min-group and leaves nothing behind when it fails.
 *
 * The organization: a and b in eng, c alone in pm; one week, eng-sync (a,
 * b) twice. c meets nobody, so pm has no link: an isolated_team finding
 * about pm, which --min-group 2 withholds (pm has 1 person).
 */
#include "analysis/run.h"

#include "io/error.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

static const support_person people[] = {{"a", "eng", NULL}, {"b", "eng", NULL}, {"c", "pm", NULL}};

static void build(support_world *w)
{
    support_begin(w, people, 3, 7);
    support_add(w, "eng-sync", 9 * HOUR, 60, "a", "a b");
    support_add(w, "eng-sync-2", DAY + 9 * HOUR, 60, "a", "a b");
    support_analyze(w, NULL);
}

/* What the callbacks were told. */
struct told {
    const char *phases[16];
    size_t nphases;
    size_t roles_calls; /* each with a part of the roles */
};

static void on_phase(void *ud, const char *phase)
{
    struct told *t = ud;
    assert_true(t->nphases < 16);
    t->phases[t->nphases++] = phase;
}

static void on_roles(void *ud, const char *part, double share)
{
    struct told *t = ud; /* progress_ud reaches this callback too */
    (void)share;
    assert_true(strcmp(part, "betweenness") == 0 || strcmp(part, "constraint") == 0 ||
                strcmp(part, "brokerage") == 0);
    t->roles_calls++;
}

/* Options that tell t everything. */
static lsn_run_options telling(struct told *t)
{
    lsn_run_options o = LSN_RUN_OPTIONS_INIT;
    o.progress = on_phase;
    o.roles_progress = on_roles;
    o.progress_ud = t;
    return o;
}

static size_t count_type(const lsn_findings *f, const char *type, const char *team)
{
    size_t n, k = 0;
    const lsn_finding *items = lsn_findings_items(f, &n);
    for (size_t i = 0; i < n; i++) {
        const lsn_value *v = lsn_value_get(items[i].subject, "team");
        k += strcmp(items[i].type, type) == 0 && v != NULL && v->kind == LSN_VAL_STR &&
             strcmp(v->s, team) == 0;
    }
    return k;
}

static void test_run_tells_and_times_every_phase_in_order(void **state)
{
    (void)state;
    support_world w;
    build(&w);
    lsn_settings s;
    lsn_settings_defaults(&s);
    struct told t = {0};
    lsn_timings clock;
    lsn_timings_start(&clock);
    lsn_run_options o = telling(&t);
    o.timings = &clock;
    lsn_run run;
    assert_int_equal(lsn_run_analyze(&run, w.cal, &s, &o), LSN_OK);

    static const char *const phases[] = {"building the meeting graphs", "looking for findings",
                                         "finding communities", "proposing liaisons",
                                         "computing roles"};
    static const char *const marks[] = {"graphs", "passes", "structure", "proposal", "roles"};
    assert_int_equal(t.nphases, 5);
    assert_int_equal(clock.n, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(t.phases[i], phases[i]);
        assert_string_equal(clock.names[i], marks[i]);
    }
    assert_true(t.roles_calls > 0);

    assert_ptr_equal(run.cal, w.cal);
    assert_non_null(run.analysis);
    assert_non_null(run.findings);
    assert_non_null(run.structure);
    assert_non_null(run.proposal);
    assert_non_null(run.roles);
    assert_true(run.exact); /* 3 people: far below betweenness_exact_max */
    assert_int_equal(count_type(run.findings, "isolated_team", "pm"), 1);
    assert_int_equal(run.withheld.findings, 0);
    lsn_run_free(&run);
    assert_null(run.analysis); /* zeroed */
    support_end(&w);
}

static void test_run_without_roles_skips_them_and_tells_nothing_by_default(void **state)
{
    (void)state;
    support_world w;
    build(&w);
    lsn_settings s;
    lsn_settings_defaults(&s);
    struct told t = {0};
    lsn_run_options o = telling(&t);
    o.roles = false;
    lsn_run run;
    assert_int_equal(lsn_run_analyze(&run, w.cal, &s, &o), LSN_OK);
    assert_null(run.roles);
    assert_int_equal(t.nphases, 4);
    assert_string_equal(t.phases[3], "proposing liaisons");
    assert_int_equal(t.roles_calls, 0);
    lsn_run_free(&run);

    /* NULL options: LSN_RUN_OPTIONS_INIT, roles included, nobody told. */
    assert_int_equal(lsn_run_analyze(&run, w.cal, &s, NULL), LSN_OK);
    assert_non_null(run.roles);
    lsn_run_free(&run);
    support_end(&w);
}

static void test_run_under_min_group_publishes_its_findings(void **state)
{
    (void)state;
    support_world w;
    build(&w);
    lsn_settings s;
    lsn_settings_defaults(&s);
    lsn_run all, published;
    assert_int_equal(lsn_run_analyze(&all, w.cal, &s, NULL), LSN_OK);
    s.min_group = 2;
    assert_int_equal(lsn_run_analyze(&published, w.cal, &s, NULL), LSN_OK);
    size_t nall, npub;
    lsn_findings_items(all.findings, &nall);
    lsn_findings_items(published.findings, &npub);
    assert_int_equal(count_type(all.findings, "isolated_team", "pm"), 1);
    assert_int_equal(count_type(published.findings, "isolated_team", "pm"), 0);
    assert_true(published.withheld.findings >= 1);
    assert_int_equal(nall, npub + (size_t)published.withheld.findings +
                               (size_t)published.withheld.person_findings);
    lsn_run_free(&all);
    lsn_run_free(&published);
    support_end(&w);
}

static void test_run_that_fails_leaves_a_zeroed_run(void **state)
{
    (void)state;
    support_world w;
    build(&w);
    lsn_settings s;
    lsn_settings_defaults(&s);
    s.analysis.broadcast_size = -1;
    lsn_run run;
    assert_int_equal(lsn_run_analyze(&run, w.cal, &s, NULL), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "broadcast_size must not be negative: -1");
    assert_null(run.analysis);
    assert_null(run.findings);
    assert_null(run.cal);
    lsn_run_free(&run); /* a zeroed run is fine */
    support_end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_tells_and_times_every_phase_in_order),
        cmocka_unit_test(test_run_without_roles_skips_them_and_tells_nothing_by_default),
        cmocka_unit_test(test_run_under_min_group_publishes_its_findings),
        cmocka_unit_test(test_run_that_fails_leaves_a_zeroed_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
