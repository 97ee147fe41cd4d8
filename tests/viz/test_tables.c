/*
 * tests/viz/test_tables.c — the tidy tables (viz/tables.c) of the hand-built
 * run of tests/viz/support.c, one week long. The rows worked out by hand:
 *  - review (a b c d p1 p2 p3 s1 s2, 60 min, twice) gives every one of the
 *    36 pairs 1 h / 8 x 2 = 0.25 h a week; eng-standup (a b c d, 15 min,
 *    four times) gives each eng pair 0.25 / 3 x 4 = 1/3; product-sync
 *    (p1 p2 p3 a, 30 min, four times) each of its pairs 0.5 / 3 x 4 = 2/3;
 *    small-sync (s1 s2, 30 min, twice) s1-s2 1.
 *  - team links: eng-product = 12 review pairs x 0.25 + a's 3 sync pairs
 *    x 2/3 = 5 h over 6 instances (4 syncs, 2 reviews), all 4 of eng and
 *    all 3 of product, a's one liaison link eng -> product; eng-smallteam
 *    8 x 0.25 = 2 over 2; product-smallteam 6 x 0.25 = 1.5 over 2.
 *  - eng: internal 6 x 1/3 + 6 x 0.25 = 3.5, external 5 + 2 = 7, so its
 *    cross-team share is 7 / 10.5 = 2/3.
 *  - --min-group 3 withholds smallteam (2 people) and every person-level table.
 */
#include "support.h"

#include "io/error.h"
#include "viz/tables.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write the tables of the run under min_group into viz_tmp/tables-N. */
static void write_tables(viz_run *r, int32_t min_group, char *dir, size_t size)
{
    snprintf(dir, size, "%s/tables-%d", viz_tmp, (int)min_group);
    viz_run_publish(r, min_group);
    lsn_report rep = viz_run_report(r, min_group);
    assert_int_equal(lsn_tables_write(dir, &rep), LSN_OK);
}

static char *table(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return viz_slurp(path);
}

static bool exists(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

static size_t lines(const char *s)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, "\r\n")) != NULL; p += 2) {
        n++;
    }
    return n;
}

static void test_team_links_are_one_row_per_pair_with_their_details(void **state)
{
    (void)state;
    viz_run r;
    char dir[300];
    viz_run_begin(&r);
    write_tables(&r, 0, dir, sizeof(dir));
    char *s = table(dir, "team_links.csv");
    assert_string_equal(s, "team_a,team_b,hours_per_week,instances,people_a,people_b,"
                           "liaisons_a_to_b,liaisons_b_to_a\r\n"
                           "eng,product,5,6,4,3,1,0\r\n"
                           "eng,smallteam,2,2,4,2,0,0\r\n"
                           "product,smallteam,1.5,2,3,2,0,0\r\n");
    free(s);
    viz_run_end(&r);
}

static void test_person_links_count_shared_instances(void **state)
{
    (void)state;
    viz_run r;
    char dir[300];
    viz_run_begin(&r);
    write_tables(&r, 0, dir, sizeof(dir));
    char *s = table(dir, "person_links.csv");
    assert_int_equal(lines(s), 1 + 36);
    assert_non_null(strstr(s, "person_a,person_b,team_a,team_b,hours_per_week,instances\r\n"
                              "a@example.com,b@example.com,eng,eng,0.583333,6\r\n"));
    assert_non_null(strstr(s, "\r\na@example.com,p1@example.com,eng,product,0.916667,6\r\n"));
    assert_non_null(strstr(s, "\r\nb@example.com,p1@example.com,eng,product,0.25,2\r\n"));
    assert_non_null(strstr(s, "\r\ns1@example.com,s2@example.com,smallteam,smallteam,1.25,4\r\n"));
    free(s);
    viz_run_end(&r);
}

static void test_teams_list_units_and_teams_with_their_share(void **state)
{
    (void)state;
    viz_run r;
    char dir[300];
    viz_run_begin(&r);
    write_tables(&r, 0, dir, sizeof(dir));
    char *s = table(dir, "teams.csv");
    assert_int_equal(lines(s), 1 + 4);
    assert_non_null(strstr(s, "\r\nco,,unit,,0,0,9,,,,,,,\r\neng,"));
    /* eng: 4 people, internal 3.5, external 7, two links, share 2/3. */
    char *eng = strstr(s, "\r\neng,");
    assert_non_null(eng);
    assert_non_null(strstr(eng, ",3.5,7,2,0.666667\r\n"));
    free(s);
    s = table(dir, "people.csv");
    assert_int_equal(lines(s), 1 + 9);
    /* a: eng under co, present, one liaison link; no roles in this run. */
    assert_non_null(strstr(s, "\r\na@example.com,,eng,co/eng,true,"));
    free(s);
    viz_run_end(&r);
}

static void test_meetings_flag_the_oversized_series(void **state)
{
    (void)state;
    viz_run r;
    char dir[300];
    viz_run_begin(&r);
    write_tables(&r, 0, dir, sizeof(dir));
    char *s = table(dir, "meetings.csv");
    assert_int_equal(lines(s), 1 + 4);
    char *review = strstr(s, "\r\nreview,");
    assert_non_null(review);
    /* owner eng, median 9 people, 4 of eng, 5 outsiders, 3 teams, 2 instances,
     * 2 hours, 2 a week, 18 person-hours a week, no broadcast, oversized. */
    assert_non_null(strstr(review, ",eng,9,4,5,3,2,2,2,18,false,true\r\n"));
    assert_non_null(strstr(s, ",false,false\r\n"));
    free(s);
    viz_run_end(&r);
}

static void test_findings_and_their_metrics_need_no_parsing(void **state)
{
    (void)state;
    viz_run r;
    char dir[300];
    viz_run_begin(&r);
    write_tables(&r, 0, dir, sizeof(dir));
    char *s = table(dir, "findings.csv");
    assert_int_equal(strncmp(s, "finding,type,severity,series,team,from,person,to,unit,to_unit,"
                                "teams,explanation\r\n1,oversized_meeting,low,review,eng,",
                             strlen("finding,type,severity,series,team,from,person,to,unit,"
                                    "to_unit,teams,explanation\r\n1,oversized_meeting,low,"
                                    "review,eng,")),
                     0);
    /* The sentence with a comma, quotes and a newline is one quoted field. */
    assert_non_null(strstr(s, "\"'review' has 9 people, \"\"too many\"\"; a@example.com "
                              "chairs it.\nSplit it.\"\r\n"));
    assert_non_null(strstr(s, ",eng product,eng and product work as one team.\r\n"));
    assert_int_equal(lines(s), 1 + 5); /* the newline in a sentence is LF, not a row end */
    free(s);
    s = table(dir, "finding_metrics.csv");
    assert_string_equal(s, "finding,metric,item,value\r\n"
                           "1,size,,9\r\n"
                           "1,liaisons,1,a@example.com\r\n"
                           "1,liaisons,2,b@example.com\r\n"
                           "1,share,,0.333333\r\n"
                           "2,hours_per_week,,21\r\n");
    free(s);
    viz_run_end(&r);
}

static void test_min_group_withholds_small_teams_and_every_person_table(void **state)
{
    (void)state;
    viz_run r;
    char dir[300];
    viz_run_begin(&r);
    write_tables(&r, 3, dir, sizeof(dir));
    assert_false(exists(dir, "people.csv"));
    assert_false(exists(dir, "person_links.csv"));
    assert_false(exists(dir, "liaisons.csv"));
    assert_false(exists(dir, "proposal_people.csv"));
    char *s = table(dir, "team_links.csv");
    assert_string_equal(s, "team_a,team_b,hours_per_week,instances,people_a,people_b,"
                           "liaisons_a_to_b,liaisons_b_to_a\r\n"
                           "eng,product,5,6,4,3,1,0\r\n");
    free(s);
    s = table(dir, "teams.csv");
    assert_null(strstr(s, "smallteam"));
    assert_int_equal(lines(s), 1 + 3);
    free(s);
    s = table(dir, "meetings.csv");
    assert_null(strstr(s, "small-sync"));
    free(s);
    s = table(dir, "findings.csv");
    assert_null(strstr(s, "smallteam"));
    assert_null(strstr(s, "a@example.com"));
    assert_null(strstr(s, "overbooked_person"));
    free(s);
    s = table(dir, "finding_metrics.csv");
    assert_null(strstr(s, "@example.com"));
    free(s);
    s = table(dir, "proposal.csv");
    assert_null(strstr(s, "@example.com"));
    free(s);
    viz_run_end(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_team_links_are_one_row_per_pair_with_their_details),
        cmocka_unit_test(test_person_links_count_shared_instances),
        cmocka_unit_test(test_teams_list_units_and_teams_with_their_share),
        cmocka_unit_test(test_meetings_flag_the_oversized_series),
        cmocka_unit_test(test_findings_and_their_metrics_need_no_parsing),
        cmocka_unit_test(test_min_group_withholds_small_teams_and_every_person_table),
    };
    return cmocka_run_group_tests(tests, viz_setup, viz_teardown);
}
