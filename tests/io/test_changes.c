/*
 * tests/io/test_changes.c — changes.csv (io/changes.c): every action read
 * and resolved against a calendar, and every refusal with its FILE:LINE
 * message and nothing kept.
 *
 * The world: a, b, c (team eng) and d (team pm); two series, "eng-standup"
 * (a b c) and "pm-sync" (c d), one meeting each. Fixtures in
 * fixtures/changes/: every_action.csv has the four kinds of row (a header in
 * another case and order, an extra column, a blank line, an upper-case
 * email and a mailto: one); each other file has one bad row, whose line the
 * message must name.
 */
#include "io/changes.h"

#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#define FIX LSN_FIXTURES "/changes/"

struct world {
    lsn_org *org;
    lsn_calendar *cal;
};

static int setup(void **state)
{
    static struct world w;
    assert_int_equal(lsn_org_new(&w.org), LSN_OK);
    static const char *const rows[][2] = {{"a@x.example", "eng"},
                                          {"b@x.example", "eng"},
                                          {"c@x.example", "eng"},
                                          {"d@x.example", "pm"}};
    for (int i = 0; i < 4; i++) {
        lsn_person_row row = {.email = rows[i][0], .team = rows[i][1], .at.line = i + 2};
        assert_int_equal(lsn_org_add_person(w.org, &row), LSN_OK);
    }
    assert_int_equal(lsn_org_finish(w.org), LSN_OK);
    lsn_window win = {.from = 1704067200, .to = 1704067200 + 7 * 86400};
    assert_int_equal(lsn_calendar_new(&w.cal, w.org, &win), LSN_OK);
    const char *eng[] = {"a@x.example", "b@x.example", "c@x.example"};
    const char *pm[] = {"c@x.example", "d@x.example"};
    lsn_instance_spec sync = {.uid = "pm-sync", .duration = 1800, .present = pm, .npresent = 2};
    lsn_instance_spec standup = {.uid = "eng-standup", .duration = 900, .present = eng};
    sync.start = sync.original_start = win.from + 3600;
    standup.start = standup.original_start = win.from;
    standup.npresent = 3;
    assert_int_equal(lsn_calendar_add_instance(w.cal, &sync), LSN_OK);
    assert_int_equal(lsn_calendar_add_instance(w.cal, &standup), LSN_OK);
    assert_int_equal(lsn_calendar_finish(w.cal), LSN_OK);
    *state = &w;
    return 0;
}

static int teardown(void **state)
{
    struct world *w = *state;
    lsn_calendar_free(w->cal);
    lsn_org_free(w->org);
    return 0;
}

static void test_every_action_is_read_and_resolved(void **state)
{
    struct world *w = *state;
    lsn_changes list;
    assert_int_equal(lsn_changes_load(&list, FIX "every_action.csv", w->cal), LSN_OK);
    assert_int_equal(list.count, 4);
    int32_t eng = lsn_org_find_unit(w->org, "eng"), pm = lsn_org_find_unit(w->org, "pm");
    /* Series are sorted by UID: eng-standup is 0, pm-sync is 1. */
    const lsn_change *c = list.items;
    assert_int_equal(c[0].action, LSN_CHANGE_ATTEND);
    assert_int_equal(c[0].person, lsn_org_find_person(w->org, "b@x.example"));
    assert_int_equal(c[0].team, pm);
    assert_int_equal(c[0].series, -1);
    assert_int_equal(c[0].line, 2);
    assert_int_equal(c[1].action, LSN_CHANGE_ATTEND);
    assert_int_equal(c[1].person, lsn_org_find_person(w->org, "c@x.example"));
    assert_int_equal(c[1].team, -1);
    assert_int_equal(c[1].series, 1);
    assert_int_equal(c[2].action, LSN_CHANGE_LEAVE);
    assert_int_equal(c[2].series, 0);
    assert_int_equal(c[2].line, 5); /* the blank line 4 is skipped, not renumbered */
    assert_int_equal(c[3].action, LSN_CHANGE_MOVE);
    assert_int_equal(c[3].person, lsn_org_find_person(w->org, "a@x.example"));
    assert_int_equal(c[3].team, pm);
    assert_int_not_equal(c[3].team, eng);
    lsn_changes_clear(&list);
    assert_null(list.items);
    assert_int_equal(list.count, 0);
}

static void refused(struct world *w, const char *file, const char *message)
{
    char path[512], expected[1024];
    snprintf(path, sizeof(path), FIX "%s", file);
    snprintf(expected, sizeof(expected), "%s%s", path, message);
    lsn_changes list;
    assert_int_equal(lsn_changes_load(&list, path, w->cal), LSN_EPARSE);
    assert_string_equal(lsn_error_last(), expected);
    assert_null(list.items); /* nothing kept, not even the good rows before */
    assert_int_equal(list.count, 0);
}

static void test_unknown_names_are_refused_with_file_and_line(void **state)
{
    refused(*state, "unknown_person.csv", ":3: unknown person 'zed@x.example' (not in the roster)");
    refused(*state, "unknown_team.csv", ":2: unknown team 'sales' (not in the roster)");
    refused(*state, "unknown_series.csv",
            ":2: unknown series 'no-such-uid' (no meeting of the window has this UID)");
}

static void test_malformed_rows_are_refused_with_file_and_line(void **state)
{
    refused(*state, "bad_action.csv", ":2: bad action 'join' (expected attend, leave or move)");
    refused(*state, "both.csv", ":2: attend needs a team or a series (one of them)");
    refused(*state, "neither.csv", ":2: leave needs a team or a series (one of them)");
    refused(*state, "move_without_team.csv", ":2: move needs a team and no series");
    refused(*state, "move_with_series.csv", ":2: move needs a team and no series");
    refused(*state, "missing_person.csv", ":2: missing person");
    refused(*state, "no_person_column.csv", ":1: missing required column 'person'");
}

static void test_unreadable_file_is_an_io_error(void **state)
{
    struct world *w = *state;
    lsn_changes list;
    assert_int_equal(lsn_changes_load(&list, FIX "absent.csv", w->cal), LSN_EIO);
    assert_non_null(strstr(lsn_error_last(), "absent.csv: cannot read"));
    assert_int_equal(list.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_action_is_read_and_resolved),
        cmocka_unit_test(test_unknown_names_are_refused_with_file_and_line),
        cmocka_unit_test(test_malformed_rows_are_refused_with_file_and_line),
        cmocka_unit_test(test_unreadable_file_is_an_io_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
