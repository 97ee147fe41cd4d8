/*
 * tests/io/test_msgraph.c — lsn_calendar_load() on hand-built Microsoft Graph
 * event JSON (io/msgraph.h): a master with its listed occurrences, a moved
 * exception and a cancelled occurrence; masters expanded from their
 * recurrence (weekly across DST in "Pacific Standard Time", monthly on the
 * 31st, first Monday, every other day up to an inclusive endDate, a start
 * off the pattern); replies, rooms and unknown people; all-day, cancelled
 * and unusable events; occurrences joined to their master across mailbox
 * files; the file shapes and JSON errors. Fixtures: fixtures/msgraph/, whose
 * README.md works out every answer; each test repeats the hand computation.
 */
#include "io/msgraph.h"

#include "io/error.h"
#include "io/load.h"
#include "io/model.h"
#include "io/roster.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FX(name) LSN_FIXTURES "/msgraph/" name

/* ------------------------------------------------------------------ */
/* State: the roster, the captured warnings, the calendars to free      */

static int group_setup(void **state)
{
    (void)state;
    return support_load_org(FX("people.csv"));
}

static lsn_calendar *
load_paths(const char *const *paths, size_t n, const char *from, const char *to)
{
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = from;
    o.to = to;
    lsn_calendar *cal = NULL;
    int rc = lsn_calendar_load(&cal, org, paths, n, &o);
    if (rc != LSN_OK) {
        print_message("unexpected error %d: %s\n", rc, lsn_error_last());
    }
    assert_int_equal(rc, LSN_OK);
    owned[nowned++] = cal;
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    int64_t sum = st->used;
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        sum += st->skipped[k];
    }
    assert_int_equal(st->read, sum); /* nothing is lost silently */
    return cal;
}

static lsn_calendar *load1(const char *path, const char *from, const char *to)
{
    const char *paths[] = {path};
    return load_paths(paths, 1, from, to);
}

struct counts {
    int64_t read, used, all_day, cancelled, too_few, nonpositive, malformed, duplicates;
};

static void assert_counts(const lsn_calendar *cal, struct counts c)
{
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    print_message("read %lld used %lld skipped %lld/%lld/%lld/%lld/%lld dup %lld\n",
                  (long long)st->read, (long long)st->used, (long long)st->skipped[0],
                  (long long)st->skipped[1], (long long)st->skipped[2], (long long)st->skipped[3],
                  (long long)st->skipped[4], (long long)st->duplicates_merged);
    assert_int_equal(st->read, c.read);
    assert_int_equal(st->used, c.used);
    assert_int_equal(st->skipped[LSN_SKIP_ALL_DAY], c.all_day);
    assert_int_equal(st->skipped[LSN_SKIP_CANCELLED], c.cancelled);
    assert_int_equal(st->skipped[LSN_SKIP_TOO_FEW_PEOPLE], c.too_few);
    assert_int_equal(st->skipped[LSN_SKIP_NONPOSITIVE_DURATION], c.nonpositive);
    assert_int_equal(st->skipped[LSN_SKIP_MALFORMED], c.malformed);
    assert_int_equal(st->duplicates_merged, c.duplicates);
}

/* The present addresses of an instance, sorted, joined by spaces. */
static const char *present_of(const lsn_calendar *cal, const lsn_instance *in)
{
    static char buf[1024];
    size_t np;
    const lsn_participant *pt = lsn_calendar_participants(cal, &np);
    const int32_t *present = lsn_calendar_present(cal);
    const char *addr[32];
    assert_true(in->count <= 32);
    for (uint32_t k = 0; k < in->count; k++) {
        addr[k] = pt[present[in->first + k]].address;
    }
    for (uint32_t i = 1; i < in->count; i++) {
        for (uint32_t j = i; j > 0 && strcmp(addr[j - 1], addr[j]) > 0; j--) {
            const char *t = addr[j];
            addr[j] = addr[j - 1];
            addr[j - 1] = t;
        }
    }
    size_t len = 0;
    buf[0] = '\0';
    for (uint32_t k = 0; k < in->count; k++) {
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", k ? " " : "", addr[k]);
    }
    return buf;
}

/* Instances of the series with this UID, in original-start order. */
static size_t
of_series(const lsn_calendar *cal, const char *uid, const lsn_instance **out, size_t cap)
{
    size_t n, ns, k = 0;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    const lsn_series *se = lsn_calendar_series(cal, &ns);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(se[in[i].series].uid, uid) == 0 && k < cap) {
            out[k++] = &in[i];
        }
    }
    return k;
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

/*
 * series.json, a {"value": [...]} page: the master "series-1" (weekly
 * Monday 09:00-09:30 Pacific Standard Time, 4 occurrences) and all four
 * instances, so they are the series and the master is not expanded:
 *   Mar 4 occurrence, written in UTC: 17:00Z, 1800 s, alice bob carol
 *     (room1 is a resource, never present);
 *   Mar 11 exception (originalStart 16:00Z) moved to Tue Mar 12 10:00 PDT
 *     = 17:00Z for 1 h, re-staffed: alice bob dave;
 *   Mar 18 occurrence, isCancelled: skipped `cancelled`;
 *   Mar 25 09:00 PDT = 16:00Z, 1800 s, alice bob carol.
 * read 4 = used 3 + cancelled 1; 5 records; 1 series.
 */
static void test_msgraph_listed_instances_with_exception_and_cancelled_occurrence(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("series.json"), "2024-03-01", "2024-04-01");
    assert_counts(cal, (struct counts){4, 3, 0, 1, 0, 0, 0, 0});
    assert_int_equal(lsn_calendar_stats(cal)->vevents, 5);
    assert_int_equal(warnings.count, 0);
    size_t ns;
    lsn_calendar_series(cal, &ns);
    assert_int_equal(ns, 1);
    const lsn_instance *in[4];
    assert_int_equal(of_series(cal, "series-1", in, 4), 3);
    assert_int_equal(in[0]->start, utc("2024-03-04T17:00"));
    assert_int_equal(in[0]->original_start, utc("2024-03-04T17:00"));
    assert_int_equal(in[0]->duration, 1800);
    assert_string_equal(present_of(cal, in[0]),
                        "alice@acme.example bob@acme.example carol@acme.example");
    assert_int_equal(in[1]->start, utc("2024-03-12T17:00"));
    assert_int_equal(in[1]->original_start, utc("2024-03-11T16:00"));
    assert_int_equal(in[1]->duration, 3600);
    assert_string_equal(present_of(cal, in[1]),
                        "alice@acme.example bob@acme.example dave@acme.example");
    assert_int_equal(in[2]->start, utc("2024-03-25T16:00"));
    assert_int_equal(in[2]->duration, 1800);
}

/*
 * masters.json, a top-level array of masters with no instance listed:
 * each recurrence is expanded (window 2024-01-01..06-01, all 12:00-ish UTC
 * unless said, alice + bob):
 *   weekly-dst: start 17:00Z, expanded in recurrenceTimeZone "Pacific
 *     Standard Time" (09:00 local), numbered 4: Mar 4 17:00Z, then Mar 11,
 *     18, 25 at 16:00Z (PDT from Mar 10);
 *   monthly-31: absoluteMonthly day 31 to endDate Apr 30: Jan 31, Feb 29,
 *     Mar 31, Apr 30 (the last day of shorter months);
 *   first-monday: relativeMonthly first Monday, 3: Jan 1, Feb 5, Mar 4;
 *   every-other-day: daily interval 2 to endDate Jan 7 (inclusive): Jan 1,
 *     3, 5, 7;
 *   off-pattern: weekly Wednesday from Mon Jan 1, 2: Jan 3, Jan 10 (Graph
 *     starts at the first day of the pattern).
 * used = read = 17.
 */
static void test_msgraph_masters_are_expanded(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("masters.json"), "2024-01-01", "2024-06-01");
    assert_counts(cal, (struct counts){17, 17, 0, 0, 0, 0, 0, 0});
    static const struct {
        const char *uid;
        const char *starts[4];
        size_t n;
    } cases[] = {
        {"weekly-dst",
         {"2024-03-04T17:00", "2024-03-11T16:00", "2024-03-18T16:00", "2024-03-25T16:00"},
         4},
        {"monthly-31",
         {"2024-01-31T12:00", "2024-02-29T12:00", "2024-03-31T12:00", "2024-04-30T12:00"},
         4},
        {"first-monday", {"2024-01-01T15:00", "2024-02-05T15:00", "2024-03-04T15:00"}, 3},
        {"every-other-day",
         {"2024-01-01T10:00", "2024-01-03T10:00", "2024-01-05T10:00", "2024-01-07T10:00"},
         4},
        {"off-pattern", {"2024-01-03T10:00", "2024-01-10T10:00"}, 2},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        const lsn_instance *in[8];
        print_message("%s\n", cases[c].uid);
        assert_int_equal(of_series(cal, cases[c].uid, in, 8), cases[c].n);
        for (size_t i = 0; i < cases[c].n; i++) {
            assert_int_equal(in[i]->start, utc(cases[c].starts[i]));
            assert_int_equal(in[i]->original_start, in[i]->start);
        }
    }
    assert_int_equal(warnings.count, 0);
}

/*
 * people.json, one event object: "Review" Tue Mar 5 10:00-11:00 W. Europe
 * Standard Time = 09:00Z (CET). Present: alice (organizer; also an attendee
 * with response "organizer"), carol (tentativelyAccepted), dave (accepted),
 * erin (notResponded), frank (optional; a second entry with only his name
 * resolves to him), zed@acme.example (unknown), guest@other.example
 * (external), "Nobody Known" (a name nobody has: unknown "nobody known").
 * Not present: bob ("Bob@Acme.Example", declined), room2 (resource).
 */
static void test_msgraph_replies_rooms_and_unknown_people(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("people.json"), "2024-03-01", "2024-04-01");
    assert_counts(cal, (struct counts){1, 1, 0, 0, 0, 0, 0, 0});
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    assert_int_equal(in[0].start, utc("2024-03-05T09:00"));
    assert_int_equal(in[0].duration, 3600);
    assert_string_equal(present_of(cal, &in[0]),
                        "alice@acme.example carol@acme.example dave@acme.example "
                        "erin@acme.example frank@acme.example guest@other.example nobody known "
                        "zed@acme.example");
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    assert_int_equal(st->unknown, 2);
    assert_int_equal(st->external, 1);
    assert_false(lsn_calendar_person_present(cal, lsn_org_find_person(org, "bob@acme.example")));
    assert_int_equal(warnings.count, 0);
}

/*
 * odd.json, a delta page: a deletion (@removed: not an event), an all-day
 * event (all_day), a cancelled one (cancelled), one without start and one
 * with the pattern type "fortnightly" (malformed, each with a warning
 * naming file, line and id). read 4, used 0, 4 records.
 */
static void test_msgraph_all_day_cancelled_removed_and_malformed_events(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("odd.json"), "2024-03-01", "2024-04-01");
    assert_counts(cal, (struct counts){4, 0, 1, 1, 0, 0, 2, 0});
    assert_int_equal(lsn_calendar_stats(cal)->vevents, 4);
    print_warnings();
    assert_int_equal(warnings.count, 2);
    assert_warned(FX("odd.json") ":80: nostart-1: no start; event skipped");
    assert_warned(FX("odd.json") ":105: badpattern-1: unknown recurrence.pattern.type; event "
                                 "skipped");
}

/*
 * exceptions_only.json: master eo-1 (weekly Tuesday 10:00 UTC, 4) and an
 * exception moving Mar 12 to Wed Mar 13, but none of its occurrences. By
 * SPEC §1.4 the listed exception is the series' only instance (with a
 * warning): used 1, Mar 13 10:00Z, original start Mar 12 10:00Z.
 */
static void test_msgraph_exceptions_without_occurrences(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("exceptions_only.json"), "2024-03-01", "2024-04-01");
    assert_counts(cal, (struct counts){1, 1, 0, 0, 0, 0, 0, 0});
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    assert_int_equal(in[0].start, utc("2024-03-13T10:00"));
    assert_int_equal(in[0].original_start, utc("2024-03-12T10:00"));
    assert_warned(FX("exceptions_only.json") ":3: eo-1: exceptions of this series master are in "
                                             "the data but none of its occurrences: the "
                                             "exceptions are its only instances, its recurrence "
                                             "is not expanded");
}

/*
 * mailbox/: alice-events.json (the master "Team", weekly Tuesday 14:00 UTC,
 * 3, with the Exchange iCalUId 0400...E008 00000000 1122...; and lunch-1),
 * alice-instances.json (its 3 occurrences, seriesMasterId = alice's master
 * id, in another file), bob.json (Mar 5 and 12 as bob sees them: his
 * seriesMasterId is in no file, their iCalUIds carry the instance dates
 * 07E80305, 07E8030C; and bob's copy of lunch-1). One series "Team" with
 * Mar 5, 12, 19 (alice bob carol), duplicates 2; lunch-1 Mar 7 12:00: bob
 * declined in his newer copy (lastModifiedDateTime Mar 2), carol accepted
 * in alice's: alice carol, duplicates 1. read = used 4, 3 files, 8 records.
 * Alone, alice-events.json has no instance listed: the master is expanded
 * to the same 3 meetings.
 */
static void test_msgraph_occurrences_join_their_master_across_mailboxes(void **state)
{
    (void)state;
    static const char team[] = "040000008200E00074C5B7101A82E008000000001122334455667788";
    const char *paths[] = {FX("mailbox")};
    lsn_calendar *cal = load_paths(paths, 1, "2024-03-01", "2024-04-01");
    assert_counts(cal, (struct counts){4, 4, 0, 0, 0, 0, 0, 3});
    assert_int_equal(lsn_calendar_stats(cal)->files, 3);
    assert_int_equal(lsn_calendar_stats(cal)->vevents, 8);
    size_t ns;
    lsn_calendar_series(cal, &ns);
    assert_int_equal(ns, 2);
    const lsn_instance *in[4];
    assert_int_equal(of_series(cal, team, in, 4), 3);
    static const char *const days[3] = {"2024-03-05T14:00", "2024-03-12T14:00", "2024-03-19T14:00"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(in[i]->start, utc(days[i]));
        assert_string_equal(present_of(cal, in[i]),
                            "alice@acme.example bob@acme.example carol@acme.example");
    }
    assert_int_equal(of_series(cal, "lunch-1", in, 4), 1);
    assert_string_equal(present_of(cal, in[0]), "alice@acme.example carol@acme.example");
    assert_int_equal(warnings.count, 0);

    lsn_calendar *alone = load1(FX("mailbox/alice-events.json"), "2024-03-01", "2024-04-01");
    assert_counts(alone, (struct counts){4, 4, 0, 0, 0, 0, 0, 0});
    assert_int_equal(of_series(alone, team, in, 4), 3);
}

/* The Exchange series id of an occurrence's iCalUId. */
static void test_msgraph_series_uid(void **state)
{
    (void)state;
    char out[128];
    assert_true(lsn_msgraph_series_uid(out, sizeof(out),
                                     "040000008200E00074C5B7101A82E00807E80305824DDB122F0AD301"));
    assert_string_equal(out, "040000008200E00074C5B7101A82E00800000000824DDB122F0AD301");
    assert_false(lsn_msgraph_series_uid(out, sizeof(out), "series-1"));
    assert_false(lsn_msgraph_series_uid(out, 8, "040000008200E00074C5B7101A82E00807E80305"));
}

/*
 * Files that are not usable: invalid.json (a trailing comma: jansson stops
 * at the '}' on line 5) is LSN_EPARSE "PATH:5: invalid JSON: ..."; a JSON
 * file without events (notgraph.json) is LSN_EPARSE "PATH:1: not a
 * Microsoft Graph event export ...". Inside a folder both would be skipped
 * with a warning, like any file that is not a calendar.
 */
static void test_msgraph_invalid_json_and_no_events_are_refused(void **state)
{
    (void)state;
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    const char *bad[] = {FX("invalid.json")};
    lsn_calendar *cal = (lsn_calendar *)&warnings;
    assert_int_equal(lsn_calendar_load(&cal, org, bad, 1, &o), LSN_EPARSE);
    assert_null(cal);
    print_message("%s\n", lsn_error_last());
    const char *want = FX("invalid.json") ":5: invalid JSON: ";
    assert_true(strncmp(lsn_error_last(), want, strlen(want)) == 0);

    const char *none[] = {FX("notgraph.json")};
    cal = (lsn_calendar *)&warnings;
    assert_int_equal(lsn_calendar_load(&cal, org, none, 1, &o), LSN_EPARSE);
    assert_null(cal);
    assert_string_equal(lsn_error_last(),
                        FX("notgraph.json") ":1: not a Microsoft Graph event export (expected an "
                                            "array of events, an object with a 'value' array, "
                                            "or an event)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_msgraph_listed_instances_with_exception_and_cancelled_occurrence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msgraph_masters_are_expanded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msgraph_replies_rooms_and_unknown_people, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_msgraph_all_day_cancelled_removed_and_malformed_events,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_msgraph_exceptions_without_occurrences, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msgraph_occurrences_join_their_master_across_mailboxes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_msgraph_series_uid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msgraph_invalid_json_and_no_events_are_refused, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
