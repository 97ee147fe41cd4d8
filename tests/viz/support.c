/*
 * tests/viz/support.c — the hand-built run of tests/viz/support.h. Its
 * findings, sorted into report order (what each is there to show):
 *   oversized_meeting  low     series review, team eng; metrics size 9,
 *                              liaisons [a, b] (people: --min-group drops
 *                              it), share 1/3 (rounded in report.json);
 *                              the sentence holds a comma, quotes, a newline
 *                              and a's email (findings.csv quoting, redaction)
 *   overbooked_person  high    person a (a person finding)
 *   missing_link       medium  team product, from smallteam
 *   isolated_team      high    team smallteam (a unit under 3 people)
 *   community_mismatch medium  teams [eng, product]
 */
#include "support.h"

#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char viz_tmp[256];

static const support_unit_row units[] = {
    {"co", NULL}, {"eng", "co"}, {"product", "co"}, {"smallteam", "co"}};
static const support_person people[] = {
    {"a", "eng", NULL},      {"b", "eng", NULL},        {"c", "eng", NULL},
    {"d", "eng", NULL},      {"p1", "product", NULL},   {"p2", "product", NULL},
    {"p3", "product", NULL}, {"s1", "smallteam", NULL}, {"s2", "smallteam", NULL}};
static const support_need_row needs[] = {{"eng", "product", LSN_CONTEXT_MODERATE, false},
                                         {"product", "smallteam", LSN_CONTEXT_DEEP, false}};

static void add(viz_run *r,
                lsn_finding_type kind,
                lsn_severity sev,
                const lsn_subject *about,
                lsn_value *metrics,
                const char *text)
{
    lsn_finding x = {.kind = kind,
                     .severity = sev,
                     .about = *about,
                     .metrics = metrics,
                     .explanation = (char *)text};
    if (lsn_findings_add(r->findings, r->w.cal, &x) != LSN_OK) {
        fail_msg("lsn_findings_add: %s", lsn_error_last());
    }
}

void viz_run_begin(viz_run *r)
{
    memset(r, 0, sizeof(*r));
    support_world *w = &r->w;
    support_begin_org(w, units, 4, people, 9, needs, 2, 7);
    for (int day = 0; day < 4; day++) {
        support_add(w, "eng-standup", day * DAY + 9 * HOUR, 15, "a", "a b c d");
        support_add(w, "product-sync", day * DAY + 10 * HOUR, 30, "p1", "p1 p2 p3 a");
    }
    support_add(w, "small-sync", 1 * DAY + 11 * HOUR, 30, "s1", "s1 s2");
    support_add(w, "small-sync", 2 * DAY + 11 * HOUR, 30, "s1", "s1 s2");
    support_add(w, "review", 3 * DAY + 14 * HOUR, 60, "a", "a b c d p1 p2 p3 s1 s2");
    support_add(w, "review", 4 * DAY + 14 * HOUR, 60, "a", "a b c d p1 p2 p3 s1 s2");
    support_analyze(w, NULL);

    int32_t eng = support_unit(w, "eng"), product = support_unit(w, "product");
    int32_t small = support_unit(w, "smallteam");
    assert_int_equal(lsn_findings_new(&r->findings), LSN_OK);

    lsn_value *m = lsn_value_object();
    lsn_value *who = lsn_value_list();
    assert_int_equal(lsn_value_push(who, lsn_value_str("a@example.com")), LSN_OK);
    assert_int_equal(lsn_value_push(who, lsn_value_str("b@example.com")), LSN_OK);
    assert_int_equal(lsn_value_set(m, "size", lsn_value_num(9)), LSN_OK);
    assert_int_equal(lsn_value_set(m, "liaisons", who), LSN_OK);
    assert_int_equal(lsn_value_set(m, "share", lsn_value_num(1.0 / 3.0)), LSN_OK);
    add(r, LSN_FINDING_OVERSIZED_MEETING, LSN_SEV_LOW,
        &(lsn_subject){.series = support_series(w, "review"), .team = eng}, m,
        "'review' has 9 people, \"too many\"; a@example.com chairs it.\nSplit it.");

    m = lsn_value_object();
    assert_int_equal(lsn_value_set(m, "hours_per_week", lsn_value_num(21)), LSN_OK);
    add(r, LSN_FINDING_OVERBOOKED_PERSON, LSN_SEV_HIGH,
        &(lsn_subject){.person = support_person_index(w, "a")}, m,
        "a@example.com spends 21 hours a week in meetings.");

    add(r, LSN_FINDING_MISSING_LINK, LSN_SEV_MEDIUM, &(lsn_subject){.team = product, .from = small},
        lsn_value_object(), "product needs deep context from smallteam.");
    add(r, LSN_FINDING_ISOLATED_TEAM, LSN_SEV_HIGH, &(lsn_subject){.team = small},
        lsn_value_object(), "Team smallteam shares no meeting time with any other team.");
    int32_t pair[2] = {eng, product};
    add(r, LSN_FINDING_COMMUNITY_MISMATCH, LSN_SEV_MEDIUM,
        &(lsn_subject){.teams = pair, .nteams = 2}, lsn_value_object(),
        "eng and product work as one team.");
    lsn_findings_sort(r->findings);

    if (lsn_proposal_build(&r->proposal, w->a, r->findings, NULL) != LSN_OK) {
        fail_msg("lsn_proposal_build: %s", lsn_error_last());
    }
}

void viz_run_publish(viz_run *r, int32_t min_group)
{
    lsn_findings_free(r->published);
    r->published = NULL;
    if (lsn_findings_publish(&r->published, &r->withheld, r->findings, r->w.a, min_group) !=
        LSN_OK) {
        fail_msg("lsn_findings_publish: %s", lsn_error_last());
    }
}

lsn_report viz_run_report(const viz_run *r, int32_t min_group)
{
    return (lsn_report){.analysis = r->w.a,
                        .findings = r->published != NULL ? r->published : r->findings,
                        .proposal = r->proposal,
                        .min_group = min_group,
                        .withheld = r->withheld};
}

void viz_run_end(viz_run *r)
{
    lsn_findings_free(r->findings);
    lsn_findings_free(r->published);
    lsn_proposal_free(r->proposal);
    support_end(&r->w);
    memset(r, 0, sizeof(*r));
}

char *viz_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fail_msg("cannot read %s", path);
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int c;
    while ((c = fgetc(f)) != EOF) {
        if (len + 2 > cap) {
            cap = cap ? 2 * cap : 4096;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        buf[len++] = (char)c;
    }
    fclose(f);
    if (buf == NULL) {
        buf = malloc(1);
        assert_non_null(buf);
    }
    buf[len] = '\0';
    return buf;
}

void viz_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", viz_tmp, name);
}

int viz_setup(void **state)
{
    (void)state;
    snprintf(viz_tmp, sizeof(viz_tmp), "/tmp/lsn-test-viz-XXXXXX");
    return mkdtemp(viz_tmp) != NULL ? 0 : -1;
}

int viz_teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", viz_tmp);
    return system(cmd) == 0 ? 0 : -1;
}
