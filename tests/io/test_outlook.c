/*
 * tests/io/test_outlook.c — lsn_calendar_load() on hand-built Outlook CSV
 * exports (io/outlook.h): localized dates and times, names resolved through
 * the roster, rooms, all-day rows, the series identity of rows without a
 * UID, copies across mailbox files, floating times across a DST change, and
 * unusable values and files. Fixtures: fixtures/outlook/, whose README.md
 * works out every answer; each test repeats the hand computation.
 */
#include "io/outlook.h"

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

#define FX(name) LSN_FIXTURES "/outlook/" name

/* ------------------------------------------------------------------ */
/* State: the roster, the captured warnings, the calendars to free      */

static int group_setup(void **state)
{
    (void)state;
    return support_load_org(FX("people.csv"));
}

static lsn_calendar *
load_paths(const char *const *paths, size_t n, const char *from, const char *to, const char *tz)
{
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = from;
    o.to = to;
    o.tz = tz;
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

static lsn_calendar *load1(const char *path, const char *from, const char *to, const char *tz)
{
    const char *paths[] = {path};
    return load_paths(paths, 1, from, to, tz);
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

/* The only instance whose series has this subject. */
static const lsn_instance *by_subject(const lsn_calendar *cal, const char *subject)
{
    size_t n, ns;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    const lsn_series *se = lsn_calendar_series(cal, &ns);
    const lsn_instance *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(se[in[i].series].summary, subject) == 0) {
            assert_null(found);
            found = &in[i];
        }
    }
    if (found == NULL) {
        print_message("no instance '%s'\n", subject);
    }
    assert_non_null(found);
    return found;
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

/* ------------------------------------------------------------------ */
/* Tests                                                                */

/*
 * weekly.csv (BOM, CRLF): "Team sync" Mondays Jan 8, 15, 29 at 10:00 for
 * 30 min, and one row moved to Tue Jan 23 14:00-15:00. Rows with the same
 * subject, organizer, time of day and duration are one series: 2 series
 * (3 + 1 instances). Organizer "Alice Archer" and "Bob Baker", "Dave Dyer"
 * (optional) resolve by name, carol by address; "Room 1" is a room.
 * Present: alice, bob, carol, dave. read = used = 4, 4 records.
 */
static void test_outlook_series_of_rows_with_one_moved_row(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("weekly.csv"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(cal, (struct counts){4, 4, 0, 0, 0, 0, 0, 0});
    assert_int_equal(lsn_calendar_stats(cal)->vevents, 4);
    assert_int_equal(warnings.count, 0);
    size_t n, ns;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    const lsn_series *se = lsn_calendar_series(cal, &ns);
    assert_int_equal(ns, 2);
    assert_true(strncmp(se[0].uid, "outlook:", 8) == 0);
    assert_string_equal(se[0].summary, "Team sync");
    int per_series[2] = {0, 0};
    for (size_t i = 0; i < n; i++) {
        per_series[in[i].series]++;
        assert_string_equal(present_of(cal, &in[i]),
                            "alice@acme.example bob@acme.example carol@acme.example "
                            "dave@acme.example");
        assert_int_equal(in[i].start, in[i].original_start);
        assert_true(in[i].organizer >= 0);
        if (in[i].start == utc("2024-01-23T14:00")) {
            assert_int_equal(in[i].duration, 3600);
        } else {
            assert_int_equal(in[i].duration, 1800);
        }
    }
    assert_true((per_series[0] == 3 && per_series[1] == 1) ||
                (per_series[0] == 1 && per_series[1] == 3));
}

/*
 * daily.csv: "Standup" by Alice Archer with Bob Baker at 9:00 for 15 min on
 * every weekday Mon Jan 8 .. Fri Jan 12: one series whatever the weekday
 * (SPEC 1.4: a daily stand-up is one series, not five). Mon Jan 15 the same
 * at 9:00 for 45 min: another duration, another series; Tue Jan 16 by Carol
 * Cook: another organizer, another series. 3 series of 5, 1 and 1.
 */
static void test_outlook_daily_rows_are_one_series_whatever_the_weekday(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("daily.csv"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(cal, (struct counts){7, 7, 0, 0, 0, 0, 0, 0});
    size_t n, ns;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    lsn_calendar_series(cal, &ns);
    assert_int_equal(ns, 3);
    int per_series[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        per_series[in[i].series]++;
    }
    int five = 0, one = 0;
    for (int k = 0; k < 3; k++) {
        five += per_series[k] == 5;
        one += per_series[k] == 1;
    }
    assert_int_equal(five, 1);
    assert_int_equal(one, 2);
    /* The five weekdays of the first week share one series. */
    int32_t first = -1;
    for (size_t i = 0; i < n; i++) {
        if (in[i].start >= utc("2024-01-08T00:00") && in[i].start < utc("2024-01-13T00:00")) {
            first = first < 0 ? (int32_t)in[i].series : first;
            assert_int_equal(in[i].series, first);
        }
    }
    assert_true(first >= 0);
}

/*
 * formats.csv (lower-case header names in another order, LF): one row per
 * accepted form, each alice + bob, UTC:
 *   iso         2024-01-09 14:00-14:45       Jan 9 14:00, 2700 s
 *   german      9.1.2024 15:30:00-16:00:00    Jan 9 15:30, 1800 s (All day "Aus")
 *   us-short    01/10/2024 9:00 AM-9:30 AM    Jan 10 09:00, 1800 s (End Date empty)
 *   us-pm       1/10/2024 1:30:00 PM-2:00 PM  Jan 10 13:30, 1800 s
 *   midnight    1/11/2024 12:00 AM-12:30 PM   Jan 11 00:00, 45000 s
 *   slashed-iso 2024/01/12 08:00-09:00        Jan 12 08:00, 3600 s
 * all_day: holiday ("yes"), feiertag ("Ein"); malformed with a warning:
 * bad-date, bad-time, bad-allday; nonpositive_duration: backwards (end
 * before start), no-end (no End Time); too_few_people: solo; and "people"
 * (used, see the next test). read 15 = used 7 + 2 + 3 + 2 + 1.
 */
static void test_outlook_localized_dates_times_and_unreadable_values(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("formats.csv"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(cal, (struct counts){15, 7, 2, 0, 1, 2, 3, 0});
    assert_int_equal(lsn_calendar_stats(cal)->vevents, 15);
    static const struct {
        const char *subject, *start;
        int32_t duration;
    } rows[] = {
        {"iso", "2024-01-09T14:00", 2700},       {"german", "2024-01-09T15:30", 1800},
        {"us-short", "2024-01-10T09:00", 1800},  {"us-pm", "2024-01-10T13:30", 1800},
        {"midnight", "2024-01-11T00:00", 45000}, {"slashed-iso", "2024-01-12T08:00", 3600},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const lsn_instance *in = by_subject(cal, rows[i].subject);
        print_message("%s\n", rows[i].subject);
        assert_int_equal(in->start, utc(rows[i].start));
        assert_int_equal(in->duration, rows[i].duration);
        assert_string_equal(present_of(cal, in), "alice@acme.example bob@acme.example");
    }
    print_warnings();
    assert_warned(FX("formats.csv") ":10: unreadable Start Date 'Jan 17 2024' (expected "
                                    "M/D/YYYY, YYYY-MM-DD or D.M.YYYY)");
    assert_warned(FX("formats.csv") ":11: unreadable Start Time '25:00' (expected h:mm:ss AM/PM "
                                    "or HH:MM:SS)");
    assert_warned(FX("formats.csv") ":12: unreadable All day event 'maybe' (expected true/false "
                                    "or yes/no)");
    assert_int_equal(warnings.count, 4); /* and the ambiguous name below */
}

/*
 * formats.csv line 13, "people": organizer alice by address; Required:
 * "Frank Fox <frank@acme.example>" (the address), "\"Carol Cook\"" (a
 * quoted name), "Evans, Erin" (Last, First), "Zed Zimmer" (nobody: unknown,
 * listed as "zed zimmer"), "Sam Smith" (two people have that name: unknown
 * "sam smith" and a warning), guest@other.example (external),
 * "MAILTO:Dave@Acme.Example" (dave); Meeting Resources "Room 1" and
 * projector@acme.example are rooms, not people. Present 8.
 */
static void test_outlook_names_addresses_and_rooms(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("formats.csv"), "2024-01-01", "2024-02-01", NULL);
    const lsn_instance *in = by_subject(cal, "people");
    assert_string_equal(present_of(cal, in),
                        "alice@acme.example carol@acme.example dave@acme.example "
                        "erin@acme.example frank@acme.example guest@other.example sam smith "
                        "zed zimmer");
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    assert_int_equal(st->unknown, 2);
    assert_int_equal(st->external, 1);
    assert_int_equal(st->groups, 0);
    size_t np, npeople;
    const lsn_participant *pt = lsn_calendar_participants(cal, &np);
    lsn_org_people(org, &npeople);
    assert_int_equal(np, npeople + 3);
    /* Unresolved names sort before addresses (LSN_NAME_MARK is stored). */
    assert_string_equal(pt[npeople].address, "sam smith");
    assert_int_equal(pt[npeople].kind, LSN_P_UNKNOWN);
    assert_string_equal(pt[npeople + 1].address, "zed zimmer");
    assert_int_equal(pt[npeople + 1].kind, LSN_P_UNKNOWN);
    assert_string_equal(pt[npeople + 2].address, "guest@other.example");
    assert_int_equal(pt[npeople + 2].kind, LSN_P_EXTERNAL);
    assert_warned(FX("formats.csv") ":13: the name 'Sam Smith' belongs to several people of the "
                                    "roster; counted as an unknown participant");
}

/*
 * dst.csv: "Standup" at 9:00 AM on Mondays Mar 4, 11 and 18 2024, floating
 * times read in --tz "Pacific Standard Time" (a Windows name): PST (UTC-8)
 * until Sun Mar 10, PDT (UTC-7) after: 17:00Z, 16:00Z, 16:00Z, 1800 s
 * each; one series (same local time and duration). The window is local:
 * [Mar 1 08:00Z, Apr 1 07:00Z).
 */
static void test_outlook_floating_times_in_a_windows_zone_across_dst(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("dst.csv"), "2024-03-01", "2024-04-01", "Pacific Standard Time");
    assert_counts(cal, (struct counts){3, 3, 0, 0, 0, 0, 0, 0});
    size_t n, ns;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    lsn_calendar_series(cal, &ns);
    assert_int_equal(ns, 1);
    assert_int_equal(in[0].start, utc("2024-03-04T17:00"));
    assert_int_equal(in[1].start, utc("2024-03-11T16:00"));
    assert_int_equal(in[2].start, utc("2024-03-18T16:00"));
    assert_int_equal(lsn_calendar_window(cal)->from, utc("2024-03-01T08:00"));
    assert_int_equal(lsn_calendar_window(cal)->to, utc("2024-04-01T07:00"));
}

/*
 * mailbox/alice.csv and mailbox/bob.csv hold "Planning" on Tue Feb 6 and
 * Feb 13, 10:00. Bob's copies name the organizer by address and as "Archer,
 * Alice"; his Feb 6 copy is stale (ends 11:30) and adds erin. A copy is
 * (subject, start, organizer): 2 instances, duplicates_merged 2. Feb 6
 * takes the first file's time (alice.csv, 3600 s; Outlook has no SEQUENCE
 * or DTSTAMP) and the merged attendees alice, bob, erin; Feb 13: alice,
 * bob. Both copies of Feb 6 carry the first copy's series: 1 series.
 */
static void test_outlook_copies_across_mailbox_files_merge(void **state)
{
    (void)state;
    const char *paths[] = {FX("mailbox")};
    lsn_calendar *cal = load_paths(paths, 1, "2024-02-01", "2024-03-01", NULL);
    assert_counts(cal, (struct counts){2, 2, 0, 0, 0, 0, 0, 2});
    assert_int_equal(lsn_calendar_stats(cal)->files, 2);
    assert_int_equal(lsn_calendar_stats(cal)->vevents, 4);
    size_t n, ns;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    lsn_calendar_series(cal, &ns);
    assert_int_equal(ns, 1);
    assert_int_equal(in[0].start, utc("2024-02-06T10:00"));
    assert_int_equal(in[0].duration, 3600);
    assert_string_equal(present_of(cal, &in[0]),
                        "alice@acme.example bob@acme.example erin@acme.example");
    assert_int_equal(in[1].start, utc("2024-02-13T10:00"));
    assert_string_equal(present_of(cal, &in[1]), "alice@acme.example bob@acme.example");
    assert_int_equal(warnings.count, 0);
}

/*
 * dm.csv: "13/2/2024" cannot be month first, and no slash date of the file
 * needs month first: its slash dates are day first, with a warning. Rows:
 * Feb 13 and Feb 5 (not May 2) at 10:00.
 */
static void test_outlook_day_first_file(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("dm.csv"), "2024-02-01", "2024-03-01", NULL);
    assert_counts(cal, (struct counts){2, 2, 0, 0, 0, 0, 0, 0});
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    int64_t a = in[0].start < in[1].start ? in[0].start : in[1].start;
    int64_t b = in[0].start < in[1].start ? in[1].start : in[0].start;
    assert_int_equal(a, utc("2024-02-05T10:00"));
    assert_int_equal(b, utc("2024-02-13T10:00"));
    assert_warned(FX("dm.csv") ": dates with a slash read as D/M/YYYY (day first): a first number "
                               "above 12 shows the order");
}

/*
 * folder/: a-good.csv (1 row), b-broken.csv (an unterminated quoted field
 * on line 3, after one good row), c-notes.csv (a CSV without Subject and
 * Start Date). The folder loads a-good.csv only: b-broken.csv is skipped
 * with a warning and its first row is not kept; c-notes.csv is not a
 * calendar. Named directly, b-broken.csv is LSN_EPARSE with its line.
 */
static void test_outlook_unusable_files(void **state)
{
    (void)state;
    const char *paths[] = {FX("folder")};
    lsn_calendar *cal = load_paths(paths, 1, "2024-02-01", "2024-03-01", NULL);
    assert_counts(cal, (struct counts){1, 1, 0, 0, 0, 0, 0, 0});
    assert_int_equal(lsn_calendar_stats(cal)->files, 1);
    assert_int_equal(lsn_calendar_stats(cal)->vevents, 1);
    print_warnings();
    assert_int_equal(warnings.count, 2);
    assert_warned(FX("folder") "/b-broken.csv:3: unterminated quoted field; skipped");
    assert_warned(FX("folder") "/c-notes.csv:1: not a calendar file (expected iCalendar: "
                               "BEGIN:VCALENDAR); skipped");

    const char *bad[] = {FX("folder/b-broken.csv")};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    lsn_calendar *none = (lsn_calendar *)&warnings;
    assert_int_equal(lsn_calendar_load(&none, org, bad, 1, &o), LSN_EPARSE);
    assert_null(none);
    assert_string_equal(lsn_error_last(),
                        FX("folder/b-broken.csv") ":3: unterminated quoted field");
}

/*
 * no-start.csv has Subject, Start Time, End Date, End Time, Meeting
 * Organizer and Required Attendees but no Start Date: an Outlook export
 * without a required column, refused naming it (not "expected iCalendar").
 * dup.csv names Start Date twice (fields 2 and 6): the first one (Feb 6) is
 * used, with one warning although the file is read twice.
 */
static void test_outlook_missing_or_repeated_column(void **state)
{
    (void)state;
    const char *paths[] = {FX("no-start.csv")};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    lsn_calendar *none = NULL;
    assert_int_equal(lsn_calendar_load(&none, org, paths, 1, &o), LSN_EPARSE);
    assert_null(none);
    assert_string_equal(lsn_error_last(), FX("no-start.csv") ":1: an Outlook CSV export without "
                                                             "the required column 'Start Date'");

    lsn_calendar *cal = load1(FX("dup.csv"), "2024-02-01", "2024-04-01", NULL);
    assert_counts(cal, (struct counts){1, 1, 0, 0, 0, 0, 0, 0});
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    assert_int_equal(in[0].start, utc("2024-02-06T10:00"));
    print_warnings();
    assert_int_equal(warnings.count, 1);
    assert_warned(FX("dup.csv") ":1: column 'Start Date' appears twice (fields 2 and 6); the "
                                "first one is used");
}

/* Detection: a header with Subject and Start Date, in any case and order,
 * quoted or not, after a BOM or blank lines; nothing else. */
static void test_outlook_sniff(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool outlook;
    } cases[] = {
        {"Subject,Start Date,Start Time\r\n", true},
        {"\xEF\xBB\xBF\"Subject\",\"Start Date\"\n", true},
        {"\n\n\"start date\" , subject\n", true},
        {"\"Location\",\"Subject\",\"Start Date\",\"x,y\"\n", true},
        {"Subject,Start\n", false},
        {"email,name,team\n", false},
        {"Subject\nStart Date\n", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        print_message("%zu\n", i);
        assert_int_equal(lsn_outlook_sniff(cases[i].text, strlen(cases[i].text)), cases[i].outlook);
    }
    /* Two known columns or more make an Outlook export that lacks one. */
    static const struct {
        const char *text, *missing;
        int line;
    } partial[] = {
        {"Subject,Start Time,End Time\r\n", "Start Date", 1},
        {"\r\n\nStart Date,Meeting Organizer\n", "Subject", 3},
        {"Subject,Start Date\n", NULL, 1},
        {"Subject,Location\n", NULL, 1},
        {"email,name,team\n", NULL, 1},
    };
    for (size_t i = 0; i < sizeof(partial) / sizeof(partial[0]); i++) {
        const char *missing = "";
        int line = 0;
        bool got =
            lsn_outlook_sniff_missing(partial[i].text, strlen(partial[i].text), &missing, &line);
        print_message("partial %zu\n", i);
        assert_int_equal(got, partial[i].missing != NULL);
        if (got) {
            assert_string_equal(missing, partial[i].missing);
            assert_int_equal(line, partial[i].line);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_outlook_series_of_rows_with_one_moved_row, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_outlook_localized_dates_times_and_unreadable_values,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_outlook_names_addresses_and_rooms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outlook_floating_times_in_a_windows_zone_across_dst,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_outlook_copies_across_mailbox_files_merge, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_outlook_day_first_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outlook_unusable_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outlook_sniff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outlook_daily_rows_are_one_series_whatever_the_weekday,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_outlook_missing_or_repeated_column, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
