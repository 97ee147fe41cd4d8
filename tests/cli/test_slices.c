/*
 * tests/cli/test_slices.c — the analysis over time slices (analysis/slices.c,
 * lsn_calendar_slice): a calendar with a known change at a known date, and
 * the slice where the figures change.
 *
 * The organization: ann and bob (eng), cid and dan (pm). The window is six
 * weeks, 2026-01-05 to 2026-02-16. Every Monday there is a 1-hour eng sync
 * (ann, bob) and a 1-hour pm sync (cid, dan); from week 3 (2026-01-19) on,
 * ann and cid also meet for an hour (COUNT=4: weeks 3 to 6).
 *  - weeks 1-2: two internal edges of 1 h/week; cross_team_share 0, no team
 *    link, both teams isolated (2 isolated_team findings), 2 instances,
 *    4 meeting hours per week, modularity 2 x (1/2 - (2/4)^2) = 0.5;
 *  - weeks 3-6: plus ann-cid 1 h/week: cross_team_share 1/3, 1 team link,
 *    no finding, 3 instances, 6 meeting hours per week, modularity
 *    2 x (1/3 - (3/6)^2) = 1/6.
 * Calendar months: January's slice runs 2026-01-05 to 2026-02-01 (27 days,
 * 4 + 4 + 2 instances: share 2/10, hours (6+4+6+4)/(27/7), modularity
 * 8/10 - 2 x (10/20)^2 = 0.3); February's runs 2026-02-01 to 2026-02-16
 * (15 days, 2 + 2 + 2: share 1/3, hours (4+2+4+2)/(15/7), modularity 1/6).
 */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include "support.h"

#include "analysis/finding_types.h"
#include "analysis/params.h"
#include "analysis/slices.h"
#include "io/error.h"
#include "io/load.h"
#include "io/roster.h"
#include "viz/outputs.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static lsn_org *org;
static lsn_calendar *cal;
static lsn_settings settings;

static void add_series(char *buf,
                       size_t size,
                       const char *uid,
                       const char *start,
                       const char *end,
                       int count,
                       const char *org_email,
                       const char *attendee)
{
    size_t len = strlen(buf);
    snprintf(buf + len, size - len,
             "BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:%s\r\nDTEND:%s\r\n"
             "RRULE:FREQ=WEEKLY;COUNT=%d\r\nSUMMARY:%s\r\nORGANIZER:mailto:%s\r\n"
             "ATTENDEE:mailto:%s\r\nEND:VEVENT\r\n",
             uid, start, end, count, uid, org_email, attendee);
}

static lsn_calendar *load(const char *tz)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/cal.ics", tcli_tmp);
    const char *paths[] = {path};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.tz = tz;
    o.from = "2026-01-05";
    o.to = "2026-02-16";
    lsn_calendar *c = NULL;
    assert_int_equal(lsn_calendar_load(&c, org, paths, 1, &o), LSN_OK);
    return c;
}

static int setup(void **state)
{
    (void)state;
    if (tcli_setup("slices") != 0) {
        return -1;
    }
    tcli_write("people.csv", "email,name,team\nann@acme.example,Ann,eng\nbob@acme.example,Bob,eng\n"
                             "cid@acme.example,Cid,pm\ndan@acme.example,Dan,pm\n");
    char ics[8192] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n";
    add_series(ics, sizeof(ics), "eng-sync", "20260105T090000Z", "20260105T100000Z", 6,
               "ann@acme.example", "bob@acme.example");
    add_series(ics, sizeof(ics), "pm-sync", "20260105T100000Z", "20260105T110000Z", 6,
               "cid@acme.example", "dan@acme.example");
    add_series(ics, sizeof(ics), "cross-sync", "20260119T110000Z", "20260119T120000Z", 4,
               "ann@acme.example", "cid@acme.example");
    strcat(ics, "END:VCALENDAR\r\n");
    tcli_write("cal.ics", ics);
    char people[512];
    snprintf(people, sizeof(people), "%s/people.csv", tcli_tmp);
    if (lsn_roster_load(&org, people, NULL, NULL) != LSN_OK) {
        return -1;
    }
    cal = load(NULL);
    lsn_settings_defaults(&settings);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lsn_calendar_free(cal);
    lsn_org_free(org);
    return tcli_teardown();
}

static int isolated(const lsn_metrics *m)
{
    return m->by_type[lsn_finding_type_index("isolated_team")];
}

static void test_weekly_slices_see_the_sync_start_in_week_3(void **state)
{
    (void)state;
    lsn_slice_spec spec;
    assert_int_equal(lsn_slice_spec_parse(&spec, "week"), LSN_OK);
    lsn_slice *s = NULL;
    size_t n = 0;
    assert_int_equal(lsn_slices_compute(&s, &n, cal, &settings, &spec), LSN_OK);
    assert_int_equal(n, 6);
    static const char *const from[] = {"2026-01-05", "2026-01-12", "2026-01-19",
                                       "2026-01-26", "2026-02-02", "2026-02-09"};
    for (size_t i = 0; i < n; i++) {
        const lsn_metrics *m = &s[i].metrics;
        bool after = i >= 2;
        assert_string_equal(s[i].from_date, from[i]);
        assert_int_equal(s[i].to - s[i].from, 7 * 86400);
        assert_float_equal(m->weeks, 1.0, 1e-12);
        assert_int_equal(m->people_present, 4);
        assert_int_equal(m->instances, after ? 3 : 2);
        assert_float_equal(m->meeting_hours_per_week, after ? 6.0 : 4.0, 1e-9);
        assert_float_equal(m->cross_team_share, after ? 1.0 / 3 : 0.0, 1e-9);
        assert_int_equal(m->team_links, after ? 1 : 0);
        assert_int_equal(m->liaison_links, 0);
        assert_float_equal(m->modularity, after ? 1.0 / 6 : 0.5, 1e-9);
        assert_int_equal(isolated(m), after ? 0 : 2);
        assert_int_equal(m->findings, after ? 0 : 2);
    }
    assert_string_equal(s[5].to_date, "2026-02-16");
    free(s);
}

static void test_n_week_slices_end_with_a_partial_one(void **state)
{
    (void)state;
    lsn_slice_spec spec;
    assert_int_equal(lsn_slice_spec_parse(&spec, "4-weeks"), LSN_OK);
    assert_int_equal(spec.weeks, 4);
    lsn_slice *s = NULL;
    size_t n = 0;
    assert_int_equal(lsn_slices_compute(&s, &n, cal, &settings, &spec), LSN_OK);
    assert_int_equal(n, 2);
    assert_string_equal(s[0].from_date, "2026-01-05");
    assert_string_equal(s[0].to_date, "2026-02-02");
    assert_string_equal(s[1].from_date, "2026-02-02");
    assert_string_equal(s[1].to_date, "2026-02-16");
    assert_float_equal(s[0].metrics.weeks, 4.0, 1e-12);
    assert_float_equal(s[1].metrics.weeks, 2.0, 1e-12);
    /* weeks 1-4: 4 + 4 + 2 instances; weeks 5-6: 2 + 2 + 2 */
    assert_int_equal(s[0].metrics.instances, 10);
    assert_int_equal(s[1].metrics.instances, 6);
    assert_float_equal(s[0].metrics.cross_team_share, 0.2, 1e-9);
    assert_float_equal(s[1].metrics.cross_team_share, 1.0 / 3, 1e-9);
    /* per week over each slice's own length: 20 h / 4 weeks, 12 h / 2 weeks */
    assert_float_equal(s[0].metrics.meeting_hours_per_week, 5.0, 1e-9);
    assert_float_equal(s[1].metrics.meeting_hours_per_week, 6.0, 1e-9);
    free(s);
}

static void test_month_slices_are_calendar_months(void **state)
{
    (void)state;
    lsn_slice_spec spec;
    assert_int_equal(lsn_slice_spec_parse(&spec, "month"), LSN_OK);
    lsn_slice *s = NULL;
    size_t n = 0;
    assert_int_equal(lsn_slices_compute(&s, &n, cal, &settings, &spec), LSN_OK);
    assert_int_equal(n, 2);
    assert_string_equal(s[0].from_date, "2026-01-05");
    assert_string_equal(s[0].to_date, "2026-02-01");
    assert_string_equal(s[1].from_date, "2026-02-01");
    assert_string_equal(s[1].to_date, "2026-02-16");
    assert_int_equal(s[0].to - s[0].from, 27 * 86400);
    assert_int_equal(s[1].to - s[1].from, 15 * 86400);
    assert_int_equal(s[0].metrics.instances, 10);
    assert_int_equal(s[1].metrics.instances, 6);
    assert_float_equal(s[0].metrics.cross_team_share, 0.2, 1e-9);
    assert_float_equal(s[1].metrics.cross_team_share, 1.0 / 3, 1e-9);
    assert_float_equal(s[0].metrics.meeting_hours_per_week, 20.0 * 7 / 27, 1e-9);
    assert_float_equal(s[1].metrics.meeting_hours_per_week, 12.0 * 7 / 15, 1e-9);
    assert_float_equal(s[0].metrics.modularity, 0.3, 1e-9);
    assert_float_equal(s[1].metrics.modularity, 1.0 / 6, 1e-9);
    free(s);
}

/* Slice edges are local midnights of the window's zone. */
static void test_month_edges_follow_the_zone(void **state)
{
    (void)state;
    lsn_calendar *berlin = load("Europe/Berlin");
    lsn_slice_spec spec;
    assert_int_equal(lsn_slice_spec_parse(&spec, "month"), LSN_OK);
    lsn_slice *s = NULL;
    size_t n = 0;
    assert_int_equal(lsn_slices_compute(&s, &n, berlin, &settings, &spec), LSN_OK);
    assert_int_equal(n, 2);
    assert_int_equal(s[0].from, 1767567600); /* 2026-01-04T23:00:00Z */
    assert_int_equal(s[0].to, 1769900400);   /* 2026-01-31T23:00:00Z = 02-01 00:00 CET */
    assert_int_equal(s[1].from, 1769900400);
    assert_int_equal(s[1].to, 1771196400); /* 2026-02-15T23:00:00Z */
    assert_string_equal(s[1].from_date, "2026-02-01");
    free(s);
    lsn_calendar_free(berlin);
}

static void test_slices_write_csv_and_json(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/out", tcli_tmp);
    json_t *arr = NULL;
    assert_int_equal(lsn_slices_write(&arr, cal, &settings, "2-weeks", dir), LSN_OK);
    char *csv = tcli_slurp("%s/slices.csv", dir);
    assert_non_null(csv);
    /* A column per finding type, in report order: the first slice has two
     * isolated teams, the others no finding. */
    static const int first[LSN_FINDING_TYPES] = {[LSN_FINDING_ISOLATED_TEAM] = 2};
    static const int none[LSN_FINDING_TYPES] = {0};
    char *types = tcli_type_names("", ",");
    char *c1 = tcli_type_counts(first, ",");
    char *c0 = tcli_type_counts(none, ",");
    char expect[2048];
    snprintf(expect, sizeof(expect),
             "slice,from,to,weeks,empty,people_present,instances,meeting_hours_per_week,"
             "cross_team_share,team_links,liaison_links,modularity,findings,%s\r\n"
             "1,2026-01-05,2026-01-19,2,false,4,4,4,0,0,0,0.5,2,%s\r\n"
             "2,2026-01-19,2026-02-02,2,false,4,6,6,0.333333,1,0,0.166667,0,%s\r\n"
             "3,2026-02-02,2026-02-16,2,false,4,6,6,0.333333,1,0,0.166667,0,%s\r\n",
             types, c1, c0, c0);
    free(types);
    free(c1);
    free(c0);
    assert_string_equal(csv, expect);
    free(csv);
    assert_int_equal(json_array_size(arr), 3);
    const json_t *s0 = json_array_get(arr, 0), *s1 = json_array_get(arr, 1);
    assert_string_equal(json_string_value(json_object_get(s0, "from")), "2026-01-05");
    assert_string_equal(json_string_value(json_object_get(s0, "to")), "2026-01-19");
    assert_float_equal(json_number_value(json_object_get(s0, "cross_team_share")), 0, 0);
    assert_float_equal(json_number_value(json_object_get(s1, "cross_team_share")), 0.333333, 0);
    assert_int_equal(json_integer_value(json_object_get(s1, "team_links")), 1);
    const json_t *by = json_object_get(s0, "findings_by_type");
    assert_int_equal(json_object_size(by), LSN_FINDING_TYPES);
    assert_int_equal(
        json_integer_value(json_object_get(by, lsn_finding_type_name(LSN_FINDING_ISOLATED_TEAM))),
        2);
    json_decref(arr);

    /* The JSON is optional. */
    snprintf(dir, sizeof(dir), "%s/out2", tcli_tmp);
    assert_int_equal(lsn_slices_write(NULL, cal, &settings, "week", dir), LSN_OK);
    char *again = tcli_slurp("%s/slices.csv", dir);
    assert_non_null(again);
    free(again);
}

/* A window that opens two weeks before the calendars (Dec 22 and Dec 29
 * have no meeting): those slices are empty, with no finding at all, where
 * the passes alone would call both teams isolated. */
static void test_slices_before_the_calendars_are_empty(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof(path), "%s/cal.ics", tcli_tmp);
    const char *paths[] = {path};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = "2025-12-22";
    o.to = "2026-01-19";
    lsn_calendar *early = NULL;
    assert_int_equal(lsn_calendar_load(&early, org, paths, 1, &o), LSN_OK);
    lsn_slice_spec spec;
    assert_int_equal(lsn_slice_spec_parse(&spec, "week"), LSN_OK);
    lsn_slice *s = NULL;
    size_t n = 0;
    assert_int_equal(lsn_slices_compute(&s, &n, early, &settings, &spec), LSN_OK);
    assert_int_equal(n, 4);
    for (size_t i = 0; i < n; i++) {
        const lsn_metrics *m = &s[i].metrics;
        bool empty = i < 2;
        assert_int_equal(s[i].empty, empty);
        assert_int_equal(m->instances, empty ? 0 : 2);
        assert_int_equal(m->findings, empty ? 0 : 2); /* weeks 1-2: both teams isolated */
        assert_int_equal(isolated(m), empty ? 0 : 2);
        for (size_t k = 0; empty && k < LSN_METRICS_MAX_TYPES; k++) {
            assert_int_equal(m->by_type[k], 0);
        }
        assert_int_equal(m->missing_links, 0);
        assert_true(empty ? isnan(m->modularity) : m->modularity == 0.5);
        assert_float_equal(m->weeks, 1.0, 1e-12);
    }
    assert_string_equal(s[0].from_date, "2025-12-22");
    /* report.json's `slices` and slices.csv say so. */
    json_t *arr = lsn_slices_json(s, n);
    assert_non_null(arr);
    assert_true(json_is_true(json_object_get(json_array_get(arr, 0), "empty")));
    assert_true(json_is_false(json_object_get(json_array_get(arr, 2), "empty")));
    assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, 0), "findings")), 0);
    json_decref(arr);
    snprintf(path, sizeof(path), "%s/early.csv", tcli_tmp);
    assert_int_equal(lsn_slices_write_csv(path, s, n), LSN_OK);
    char *csv = tcli_slurp("%s", path);
    assert_non_null(csv);
    static const int none[LSN_FINDING_TYPES] = {0};
    char *zeros = tcli_type_counts(none, ",");
    char want[512];
    snprintf(want, sizeof(want), "\r\n1,2025-12-22,2025-12-29,1,true,0,0,0,0,0,0,,0,%s\r\n", zeros);
    free(zeros);
    assert_non_null(strstr(csv, want));
    assert_non_null(strstr(csv, "\r\n3,2026-01-05,2026-01-12,1,false,4,2,"));
    free(csv);
    free(s);
    lsn_calendar_free(early);
}

static void test_bad_slice_spec(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/bad", tcli_tmp);
    json_t *arr = (json_t *)1;
    assert_int_equal(lsn_slices_write(&arr, cal, &settings, "fortnight", dir), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "--slice: 'fortnight' is not week, month or N-weeks");
    assert_null(arr);
    struct stat st;
    assert_int_not_equal(stat(dir, &st), 0); /* nothing written */
    static const char *const bad[] = {
        "",     "weeks",   "0-weeks", "02-weeks", "-1-weeks",  "2-days",
        "Week", "3 weeks", "week ",   "1-weekss", "521-weeks", "99999999999999999999-weeks"};
    lsn_slice_spec spec;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (lsn_slice_spec_parse(&spec, bad[i]) != LSN_EINVAL) {
            fail_msg("'%s' was accepted", bad[i]);
        }
    }
    assert_int_equal(lsn_slice_spec_parse(&spec, "1-week"), LSN_OK);
    assert_int_equal(spec.weeks, 1);
    assert_int_equal(lsn_slice_spec_parse(&spec, "13-weeks"), LSN_OK);
    assert_int_equal(spec.weeks, 13);
}

/* A slice of the calendar keeps exactly the instances starting inside it. */
static void test_calendar_slice_keeps_instances_inside(void **state)
{
    (void)state;
    const lsn_window *w = lsn_calendar_window(cal);
    int64_t mid = w->from + 14 * 86400 + 11 * 3600; /* 2026-01-19 11:00Z: the first cross-sync */
    lsn_calendar *a = NULL, *b = NULL;
    assert_int_equal(lsn_calendar_slice(&a, cal, w->from, mid), LSN_OK);
    assert_int_equal(lsn_calendar_slice(&b, cal, mid, w->to), LSN_OK);
    size_t na, nb, nall;
    lsn_calendar_instances(a, &na);
    lsn_calendar_instances(b, &nb);
    lsn_calendar_instances(cal, &nall);
    assert_int_equal(na + nb, nall);
    assert_int_equal(na, 6); /* eng 3 (01-05, 12, 19), pm 3 */
    assert_int_equal(lsn_calendar_stats(a)->used, 6);
    assert_int_equal(lsn_calendar_stats(a)->read, 6);
    assert_string_equal(lsn_calendar_window(a)->from_date, "2026-01-05");
    assert_string_equal(lsn_calendar_window(b)->to_date, "2026-02-16");
    lsn_calendar_free(a);
    lsn_calendar_free(b);
    assert_int_equal(lsn_calendar_slice(&a, cal, mid, mid), LSN_EINVAL);
    assert_null(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekly_slices_see_the_sync_start_in_week_3),
        cmocka_unit_test(test_n_week_slices_end_with_a_partial_one),
        cmocka_unit_test(test_month_slices_are_calendar_months),
        cmocka_unit_test(test_month_edges_follow_the_zone),
        cmocka_unit_test(test_slices_write_csv_and_json),
        cmocka_unit_test(test_slices_before_the_calendars_are_empty),
        cmocka_unit_test(test_bad_slice_spec),
        cmocka_unit_test(test_calendar_slice_keeps_instances_inside),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
