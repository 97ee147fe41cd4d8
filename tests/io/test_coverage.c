/*
 * tests/io/test_coverage.c — io/coverage.c: who of the roster meets, the
 * domains of the calendars beside the roster's, used instances per week,
 * the refusals (a window without a meeting, a roster nobody of which meets)
 * and the warnings (under half of the roster present, weeks without a
 * meeting). Fixtures: fixtures/coverage/ (README.md gives every answer);
 * the domain ranking is checked on a calendar built in code.
 */
#include "io/coverage.h"

#include "io/error.h"
#include "io/load.h"
#include "io/model.h"
#include "io/roster.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FX(name) LSN_FIXTURES "/coverage/" name

/* Warnings captured while a test runs. */
static int nwarnings;
static char warned[8][512];

static void capture(void *ud, const char *message)
{
    (void)ud;
    if (nwarnings < 8) {
        snprintf(warned[nwarnings], sizeof(warned[0]), "%s", message);
    }
    nwarnings++;
}

static int setup(void **state)
{
    (void)state;
    nwarnings = 0;
    lsn_warn_set_handler(capture, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lsn_warn_set_handler(NULL, NULL);
    return 0;
}

/* The fixture calendar against roster `people`, in [from, to). */
static lsn_calendar *load(lsn_org **org, const char *people, const char *from, const char *to)
{
    if (lsn_roster_load(org, people, NULL, NULL) != LSN_OK) {
        fail_msg("%s", lsn_error_last());
    }
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = from;
    o.to = to;
    o.threads = 1;
    const char *paths[] = {FX("calendar.ics")};
    lsn_calendar *cal = NULL;
    if (lsn_calendar_load(&cal, *org, paths, 1, &o) != LSN_OK) {
        fail_msg("%s", lsn_error_last());
    }
    return cal;
}

static lsn_coverage *coverage_of(const lsn_calendar *cal)
{
    lsn_coverage *cov = NULL;
    assert_int_equal(lsn_coverage_compute(&cov, cal), LSN_OK);
    assert_non_null(cov);
    return cov;
}

static void test_coverage_counts_people_domains_and_weeks(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    lsn_calendar *cal = load(&org, FX("people.csv"), "2026-01-05", "2026-02-02");
    lsn_coverage *cov = coverage_of(cal);
    /* ann and bob of five; four instances in four weeks. */
    assert_int_equal(cov->roster, 5);
    assert_int_equal(cov->present, 2);
    assert_float_equal(cov->share, 0.4, 1e-12);
    assert_int_equal(cov->used, 4);
    assert_float_equal(cov->weeks, 4.0, 1e-12);
    assert_float_equal(cov->per_week, 1.0, 1e-12);
    /* guest1, guest2 (external) and zed (unknown); the group is no person. */
    assert_int_equal(cov->outside, 3);
    assert_int_equal(cov->ncalendar_domains, 2);
    assert_int_equal(cov->calendar_domains_total, 2);
    assert_string_equal(cov->calendar_domains[0].domain, "partner.example");
    assert_int_equal(cov->calendar_domains[0].count, 2);
    assert_string_equal(cov->calendar_domains[1].domain, "acme.example");
    assert_int_equal(cov->calendar_domains[1].count, 1);
    assert_false(cov->top_in_roster);
    assert_int_equal(cov->nroster_domains, 1);
    assert_string_equal(cov->roster_domains[0].domain, "acme.example");
    assert_int_equal(cov->roster_domains[0].count, 5);
    /* Mondays Jan 5, 12, 19, 26: 1, 0 (the EXDATE), 2, 1. */
    static const char *const from[] = {"2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"};
    static const int64_t instances[] = {1, 0, 2, 1};
    assert_int_equal(cov->nweeks, 4);
    for (size_t k = 0; k < 4; k++) {
        assert_string_equal(cov->by_week[k].from, from[k]);
        assert_int_equal(cov->by_week[k].days, 7);
        assert_int_equal(cov->by_week[k].instances, instances[k]);
    }
    assert_int_equal(cov->empty_weeks, 1);
    assert_int_equal(lsn_coverage_check(cov, NULL), LSN_OK);
    lsn_coverage_free(cov);
    lsn_calendar_free(cal);
    lsn_org_free(org);
}

static void test_coverage_warns_under_half_present_and_names_the_empty_week(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    lsn_calendar *cal = load(&org, FX("people.csv"), "2026-01-05", "2026-02-02");
    lsn_coverage *cov = coverage_of(cal);
    assert_int_equal(cov->nwarnings, 2);
    assert_true(cov->roster_warning);
    assert_string_equal(cov->warnings[0],
                        "only 2 of the 5 roster people (40%) are in any meeting of the window");
    /* One warning for the gap, naming its week. */
    assert_string_equal(cov->warnings[1], "no meeting in 1 of the 4 weeks of the window: the week "
                                          "starting 2026-01-12");
    nwarnings = 0;
    lsn_coverage_warn(cov, "scenario 'x': ", LSN_COVERAGE_WARN_ALL);
    assert_int_equal(nwarnings, 2);
    assert_string_equal(warned[0], "scenario 'x': only 2 of the 5 roster people (40%) are in any "
                                   "meeting of the window");
    nwarnings = 0;
    lsn_coverage_warn(cov, NULL, LSN_COVERAGE_WARN_ROSTER);
    assert_int_equal(nwarnings, 1);
    assert_non_null(strstr(warned[0], "only 2 of the 5"));
    nwarnings = 0;
    lsn_coverage_warn(cov, NULL, LSN_COVERAGE_WARN_WEEKS);
    assert_int_equal(nwarnings, 1);
    assert_non_null(strstr(warned[0], "2026-01-12"));
    lsn_coverage_free(cov);
    lsn_calendar_free(cal);
    lsn_org_free(org);
}

/* A last part-week (Feb 2-3) is listed, but an empty one is no gap. */
static void test_coverage_lists_a_part_week_without_warning_about_it(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    lsn_calendar *cal = load(&org, FX("people.csv"), "2026-01-05", "2026-02-04");
    lsn_coverage *cov = coverage_of(cal);
    assert_int_equal(cov->nweeks, 5);
    assert_string_equal(cov->by_week[4].from, "2026-02-02");
    assert_int_equal(cov->by_week[4].days, 2);
    assert_int_equal(cov->by_week[4].instances, 0);
    assert_int_equal(cov->empty_weeks, 1);
    assert_int_equal(cov->nwarnings, 2);
    assert_string_equal(cov->warnings[1], "no meeting in 1 of the 4 weeks of the window: the week "
                                          "starting 2026-01-12");
    lsn_coverage_free(cov);
    lsn_calendar_free(cal);
    lsn_org_free(org);
}

static void test_coverage_refuses_a_roster_for_another_domain(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    lsn_calendar *cal = load(&org, FX("people-corp.csv"), "2026-01-05", "2026-02-02");
    lsn_coverage *cov = coverage_of(cal);
    assert_int_equal(cov->present, 0);
    lsn_error_clear();
    assert_int_equal(lsn_coverage_check(cov, NULL), LSN_EPARSE);
    assert_string_equal(lsn_error_last(),
                        "no roster person is in any meeting: the addresses in the calendars are "
                        "mostly @acme.example (3), then @partner.example (2); the roster has "
                        "@corp.example (5): is the roster for another domain?");
    /* A label names who is refused (a scenario of compare). */
    assert_int_equal(lsn_coverage_check(cov, "scenario 'corp'"), LSN_EPARSE);
    assert_non_null(
        strstr(lsn_error_last(), "scenario 'corp': no roster person is in any meeting"));
    lsn_coverage_free(cov);
    lsn_calendar_free(cal);
    lsn_org_free(org);
}

static void test_coverage_refuses_a_roster_whose_addresses_match_nobody(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    lsn_calendar *cal = load(&org, FX("people-flast.csv"), "2026-01-05", "2026-02-02");
    lsn_coverage *cov = coverage_of(cal);
    assert_true(cov->top_in_roster);
    assert_int_equal(lsn_coverage_check(cov, NULL), LSN_EPARSE);
    assert_string_equal(lsn_error_last(),
                        "no roster person is in any meeting: the addresses in the calendars are "
                        "mostly @acme.example (3), then @partner.example (2); the roster has "
                        "@acme.example (3): the domains match but no address does; are the emails "
                        "of the roster written as the calendars write them?");
    lsn_coverage_free(cov);
    lsn_calendar_free(cal);
    lsn_org_free(org);
}

static void test_coverage_refuses_a_window_before_the_calendars(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    lsn_calendar *cal = load(&org, FX("people.csv"), "2025-06-01", "2025-07-01");
    /* The loader recorded the calendars' dates for this message. */
    const lsn_input_stats *s = lsn_calendar_stats(cal);
    assert_true(s->span.known);
    assert_string_equal(s->span.first, "2026-01-05");
    assert_string_equal(s->span.last, "2026-01-26");
    lsn_coverage *cov = coverage_of(cal);
    assert_int_equal(cov->used, 0);
    assert_int_equal(lsn_coverage_check(cov, NULL), LSN_EPARSE);
    assert_string_equal(lsn_error_last(), "no meeting in the window 2025-06-01 to 2025-07-01; the "
                                          "calendars hold events from 2026-01-05 to 2026-01-26");
    /* No meeting, no weeks to warn about: the refusal says it all. */
    assert_int_equal(cov->nwarnings, 0);
    lsn_coverage_free(cov);
    lsn_calendar_free(cal);
    lsn_org_free(org);
}

/* Instances in the window, every one skipped: the refusal says why. */
static void test_coverage_refusal_names_the_skipped_instances(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    assert_int_equal(lsn_roster_load(&org, FX("people.csv"), NULL, NULL), LSN_OK);
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = "2026-01-05";
    o.to = "2026-01-12";
    const char *paths[] = {FX("solo.ics")};
    lsn_calendar *cal = NULL;
    assert_int_equal(lsn_calendar_load(&cal, org, paths, 1, &o), LSN_OK);
    lsn_coverage *cov = coverage_of(cal);
    assert_int_equal(lsn_coverage_check(cov, NULL), LSN_EPARSE);
    assert_string_equal(lsn_error_last(), "no meeting in the window 2026-01-05 to 2026-01-12 (1 "
                                          "instance read, every one skipped: 1 too_few_people); "
                                          "the calendars hold events from 2026-01-05 to "
                                          "2026-01-05");
    lsn_coverage_free(cov);
    lsn_calendar_free(cal);
    lsn_org_free(org);
}

/* A loaded window with meetings does not pay for the span. */
static void test_span_is_recorded_only_for_an_empty_window(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    lsn_calendar *cal = load(&org, FX("people.csv"), "2026-01-05", "2026-02-02");
    assert_false(lsn_calendar_stats(cal)->span.known);
    lsn_calendar_free(cal);
    lsn_org_free(org);
}

/* A pseudonym that sorts in the reverse order of the domains' first letters. */
static const char *reverse_name(void *ud, const char *domain)
{
    static char buf[8];
    (void)ud;
    snprintf(buf, sizeof(buf), "x-%c", (char)('z' - (domain[0] - 'a')));
    return buf;
}

/* Seven domains built in code: the five most common, ties by name. */
static void test_coverage_ranks_domains_and_renames_them(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    assert_int_equal(lsn_org_new(&org), LSN_OK);
    const char *emails[] = {"ann@acme.example", "bob@acme.example", "cid@beta.example"};
    for (int i = 0; i < 3; i++) {
        lsn_person_row row = {.email = emails[i], .team = "eng", .at = {"t", i + 1}};
        assert_int_equal(lsn_org_add_person(org, &row), LSN_OK);
    }
    assert_int_equal(lsn_org_finish(org), LSN_OK);
    lsn_window w = {0};
    w.from = 1767571200; /* 2026-01-05T00:00:00Z */
    w.to = w.from + 7 * 86400;
    strcpy(w.from_date, "2026-01-05");
    strcpy(w.to_date, "2026-01-12");
    lsn_calendar *cal = NULL;
    assert_int_equal(lsn_calendar_new(&cal, org, &w), LSN_OK);
    /* z: 3, y: 2, c, b, a, d: 1 each (the last two of those not listed), and
     * one name without a domain. */
    const char *present[] = {"ann@acme.example", "1@z.example", "2@z.example", "3@z.example",
                             "1@y.example",      "2@y.example", "1@c.example", "1@b.example",
                             "1@a.example",      "1@d.example", "Dana"};
    lsn_instance_spec spec = {.uid = "u1", .duration = 3600, .present = present, .npresent = 11};
    spec.start = spec.original_start = w.from + 3600;
    assert_int_equal(lsn_calendar_add_instance(cal, &spec), LSN_OK);
    assert_int_equal(lsn_calendar_finish(cal), LSN_OK);
    lsn_coverage *cov = coverage_of(cal);
    assert_int_equal(cov->outside, 10);
    assert_int_equal(cov->calendar_domains_total, 7);
    assert_int_equal(cov->ncalendar_domains, LSN_COVERAGE_TOP_DOMAINS);
    static const char *const want[] = {"z.example", "y.example", "", "a.example", "b.example"};
    static const int64_t counts[] = {3, 2, 1, 1, 1};
    for (size_t i = 0; i < LSN_COVERAGE_TOP_DOMAINS; i++) {
        assert_string_equal(cov->calendar_domains[i].domain, want[i]);
        assert_int_equal(cov->calendar_domains[i].count, counts[i]);
    }
    assert_int_equal(cov->nroster_domains, 2);
    assert_string_equal(cov->roster_domains[0].domain, "acme.example");
    assert_int_equal(cov->roster_domains[0].count, 2);
    assert_string_equal(cov->roster_domains[1].domain, "beta.example");
    /* 1 of 3 present: the warning; one week, not empty. */
    assert_int_equal(cov->nwarnings, 1);
    assert_true(cov->roster_warning);
    /* Pseudonyms sort in the reverse order of the domains they replace:
     * the lists are sorted again, so ties no longer follow the originals. */
    assert_int_equal(lsn_coverage_rename(cov, reverse_name, NULL), LSN_OK);
    static const char *const renamed[] = {"x-a", "x-b", "", "x-y", "x-z"};
    for (size_t i = 0; i < LSN_COVERAGE_TOP_DOMAINS; i++) {
        assert_string_equal(cov->calendar_domains[i].domain, renamed[i]);
        assert_int_equal(cov->calendar_domains[i].count, counts[i]);
    }
    assert_string_equal(cov->roster_domains[0].domain, "x-z"); /* acme */
    assert_string_equal(cov->roster_domains[1].domain, "x-y"); /* beta */
    lsn_coverage_free(cov);
    lsn_calendar_free(cal);
    lsn_org_free(org);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_coverage_counts_people_domains_and_weeks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_coverage_warns_under_half_present_and_names_the_empty_week, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coverage_lists_a_part_week_without_warning_about_it,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_coverage_refuses_a_roster_for_another_domain, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_coverage_refuses_a_roster_whose_addresses_match_nobody,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_coverage_refuses_a_window_before_the_calendars, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_coverage_refusal_names_the_skipped_instances, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_span_is_recorded_only_for_an_empty_window, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_coverage_ranks_domains_and_renames_them, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
