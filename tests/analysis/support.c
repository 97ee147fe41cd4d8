/*
 * tests/analysis/support.c — builders and lookups shared by the analysis
 * tests (see support.h). Test code: failures go through cmocka asserts.
 */
#include "support.h"

#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void address(char *buf, size_t size, const char *who)
{
    if (who[0] == '*') {
        who++;
    }
    if (strchr(who, '@') != NULL) {
        snprintf(buf, size, "%s", who);
    } else {
        snprintf(buf, size, "%s@example.com", who);
    }
}

void support_begin(support_world *w, const support_person *rows, size_t n, int days)
{
    support_begin_org(w, NULL, 0, rows, n, NULL, 0, days);
}

void support_begin_org(support_world *w,
                       const support_unit_row *units,
                       size_t nunits,
                       const support_person *rows,
                       size_t n,
                       const support_need_row *needs,
                       size_t nneeds,
                       int days)
{
    memset(w, 0, sizeof(*w));
    assert_int_equal(lsn_org_new(&w->org), LSN_OK);
    for (size_t i = 0; i < nunits; i++) {
        lsn_unit_row row = {.id = units[i].id, .parent = units[i].parent, .at.line = (int)i + 2};
        assert_int_equal(lsn_org_add_unit(w->org, &row), LSN_OK);
    }
    for (size_t i = 0; i < n; i++) {
        char email[128], manager[128];
        address(email, sizeof(email), rows[i].email);
        if (rows[i].manager != NULL) {
            address(manager, sizeof(manager), rows[i].manager);
        }
        lsn_person_row row = {.email = email,
                              .team = rows[i].team,
                              .manager = rows[i].manager != NULL ? manager : NULL,
                              .at.line = (int)i + 2};
        assert_int_equal(lsn_org_add_person(w->org, &row), LSN_OK);
    }
    for (size_t i = 0; i < nneeds; i++) {
        lsn_need_row row = {.team = needs[i].team,
                            .from = needs[i].from,
                            .context = needs[i].context,
                            .availability = needs[i].availability,
                            .at.line = (int)i + 2};
        assert_int_equal(lsn_org_add_need(w->org, &row), LSN_OK);
    }
    if (lsn_org_finish(w->org) != LSN_OK) {
        fail_msg("lsn_org_finish: %s", lsn_error_last());
    }
    lsn_window window = {.from = T0, .to = T0 + days * DAY};
    time_t edge = (time_t)window.from;
    struct tm tm;
    strftime(window.from_date, sizeof(window.from_date), "%Y-%m-%d", gmtime_r(&edge, &tm));
    edge = (time_t)window.to;
    strftime(window.to_date, sizeof(window.to_date), "%Y-%m-%d", gmtime_r(&edge, &tm));
    snprintf(window.tz, sizeof(window.tz), "UTC");
    assert_int_equal(lsn_calendar_new(&w->cal, w->org, &window), LSN_OK);
}

void support_add(support_world *w,
                 const char *uid,
                 int64_t start,
                 int32_t minutes,
                 const char *organizer,
                 const char *present)
{
    char buf[8192];
    char addresses[128][128];
    const char *people[128];
    const char *groups[128];
    size_t npeople = 0, ngroups = 0, k = 0;
    snprintf(buf, sizeof(buf), "%s", present);
    for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok != NULL;
         tok = strtok_r(NULL, " ", &save)) {
        assert_true(k < 128);
        address(addresses[k], sizeof(addresses[k]), tok);
        if (tok[0] == '*') {
            groups[ngroups++] = addresses[k];
        } else {
            people[npeople++] = addresses[k];
        }
        k++;
    }
    char org_address[128];
    if (organizer != NULL) {
        address(org_address, sizeof(org_address), organizer);
    }
    lsn_instance_spec spec = {.uid = uid,
                              .summary = uid,
                              .start = T0 + start,
                              .original_start = T0 + start,
                              .duration = minutes * 60,
                              .organizer = organizer != NULL ? org_address : NULL,
                              .present = people,
                              .npresent = npeople,
                              .groups = groups,
                              .ngroups = ngroups};
    assert_int_equal(lsn_calendar_add_instance(w->cal, &spec), LSN_OK);
}

void support_analyze(support_world *w, const lsn_analysis_options *opts)
{
    assert_int_equal(lsn_calendar_finish(w->cal), LSN_OK);
    int rc = lsn_analysis_build(&w->a, w->cal, opts);
    if (rc != LSN_OK) {
        fail_msg("lsn_analysis_build: %s", lsn_error_last());
    }
    assert_non_null(w->a);
}

void support_end(support_world *w)
{
    lsn_analysis_free(w->a);
    lsn_calendar_free(w->cal);
    lsn_org_free(w->org);
    memset(w, 0, sizeof(*w));
}

int32_t support_person_index(const support_world *w, const char *who)
{
    char email[128];
    address(email, sizeof(email), who);
    int32_t p = lsn_org_find_person(w->org, email);
    assert_true(p >= 0);
    return p;
}

int32_t support_unit(const support_world *w, const char *id)
{
    int32_t u = lsn_org_find_unit(w->org, id);
    assert_true(u >= 0);
    return u;
}

int32_t support_participant(const support_world *w, const char *who)
{
    char email[128];
    address(email, sizeof(email), who);
    size_t n = 0;
    const lsn_participant *parts = lsn_calendar_participants(w->cal, &n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(parts[i].address, email) == 0) {
            return (int32_t)i;
        }
    }
    fail_msg("no participant %s", email);
    return -1;
}

int32_t support_series(const support_world *w, const char *uid)
{
    size_t n = 0;
    const lsn_series *series = lsn_calendar_series(w->cal, &n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(series[i].uid, uid) == 0) {
            return (int32_t)i;
        }
    }
    fail_msg("no series %s", uid);
    return -1;
}

double support_person_weight(const support_world *w, const char *x, const char *y)
{
    int32_t u = support_participant(w, x);
    int32_t v = support_participant(w, y);
    if (u > v) {
        int32_t t = u;
        u = v;
        v = t;
    }
    size_t n = 0;
    const lsn_edge *edges = lsn_analysis_person_edges(w->a, &n);
    for (size_t i = 0; i < n; i++) {
        if (edges[i].u == u && edges[i].v == v) {
            return edges[i].weight;
        }
    }
    return 0.0;
}

void support_assert_near(
    double actual, double expected, const char *what, const char *file, int line)
{
    if (!(fabs(actual - expected) <= EPS)) {
        print_error("%s = %.15g, expected %.15g\n", what, actual, expected);
        _fail(file, line);
    }
}
