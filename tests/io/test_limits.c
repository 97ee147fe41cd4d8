/*
 * tests/io/test_limits.c — the bounds of io/limits.h, each just past its
 * limit (and, where it is cheap, right at it): an event over a limit is
 * skipped and counted as malformed with a warning "FILE:LINE: UID: ...", and
 * the run goes on; a file over a limit is refused (LSN_EPARSE "FILE: ...",
 * exit 1 from the CLI; skipped with a warning inside a folder); a roster over
 * a limit is refused. The inputs are written by the tests into a temporary
 * folder (the limits are hundreds of kilobytes wide); the two crash
 * reproducers are fixtures/limits/ (see the README there).
 */
#include "io/limits.h"

#include "io/civil.h"
#include "io/error.h"
#include "io/load.h"
#include "io/model.h"
#include "io/raw.h"
#include "io/roster.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PEOPLE LSN_FIXTURES "/ics/people.csv"
#define FX(name) LSN_FIXTURES "/limits/" name

#define HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//liaison//limits//EN\r\n"
#define TAIL "END:VCALENDAR\r\n"
/* A plain meeting on Jan 10 2024, alice and bob: what goes on being read. */
#define GOOD                                                                                       \
    "BEGIN:VEVENT\r\nUID:good-1\r\nDTSTAMP:20240201T000000Z\r\nDTSTART:20240110T100000Z\r\n"       \
    "DTEND:20240110T110000Z\r\nSUMMARY:Plain\r\nORGANIZER:mailto:alice@acme.example\r\n"           \
    "ATTENDEE:mailto:bob@acme.example\r\nEND:VEVENT\r\n"

/* ------------------------------------------------------------------ */
/* Harness                                                              */

#define MAX_WARNINGS 32
static struct {
    int count;
    char message[MAX_WARNINGS][512];
} warnings;

static lsn_org *org;
static char dir[64];
static lsn_calendar *owned;

static void capture_warning(void *ud, const char *message)
{
    (void)ud;
    if (warnings.count < MAX_WARNINGS) {
        snprintf(warnings.message[warnings.count], sizeof(warnings.message[0]), "%s", message);
    }
    warnings.count++;
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL) {
        unlink(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            char child[1024];
            snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
            remove_tree(child);
        }
    }
    closedir(d);
    rmdir(path);
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/lsn_test_limits_XXXXXX");
    if (mkdtemp(dir) == NULL || lsn_roster_load(&org, PEOPLE, NULL, NULL) != LSN_OK) {
        fprintf(stderr, "test_io_limits: %s\n", lsn_error_last());
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    lsn_org_free(org);
    remove_tree(dir);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    memset(&warnings, 0, sizeof(warnings));
    lsn_error_clear();
    lsn_warn_set_handler(capture_warning, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lsn_warn_set_handler(NULL, NULL);
    lsn_calendar_free(owned);
    owned = NULL;
    return 0;
}

static void print_warnings(void)
{
    for (int i = 0; i < warnings.count && i < MAX_WARNINGS; i++) {
        print_message("warning %d: %s\n", i, warnings.message[i]);
    }
}

static void assert_warned(const char *message)
{
    for (int i = 0; i < warnings.count && i < MAX_WARNINGS; i++) {
        if (strcmp(warnings.message[i], message) == 0) {
            return;
        }
    }
    print_message("expected warning: %s\n", message);
    print_warnings();
    fail();
}

/* A growing text; aborts the test when memory runs out. */
struct text {
    char *s;
    size_t n, cap;
};

static void reserve(struct text *t, size_t more)
{
    if (t->n + more + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->n + more + 1) {
            cap *= 2;
        }
        t->s = realloc(t->s, cap);
        assert_non_null(t->s);
        t->cap = cap;
    }
}

static void put(struct text *t, const char *fmt, ...) LSN_PRINTF(2, 3);

static void put(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    reserve(t, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(t->s + t->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)n;
}

static void put_repeat(struct text *t, char ch, size_t n)
{
    reserve(t, n);
    memset(t->s + t->n, ch, n);
    t->n += n;
    t->s[t->n] = '\0';
}

/* A content line NAME:VALUE of `length` bytes unfolded (VALUE all 'a'),
 * folded every 75 bytes as exports write it. */
static void put_long_line(struct text *t, const char *name, size_t length)
{
    put(t, "%s:", name);
    size_t left = length - strlen(name) - 1, col = strlen(name) + 1;
    while (left > 0) {
        size_t k = 75 - col < left ? 75 - col : left;
        put_repeat(t, 'a', k);
        left -= k;
        if (left > 0) {
            put(t, "\r\n ");
            col = 1;
        }
    }
    put(t, "\r\n");
}

/* The line number the next line of t gets. */
static int next_line(const struct text *t)
{
    int n = 1;
    for (size_t i = 0; i < t->n; i++) {
        n += t->s[i] == '\n';
    }
    return n;
}

/* Write t to dir/name and free it; returns the path (static until the next call). */
static const char *save(const char *name, struct text *t)
{
    static char path[2][256];
    static int which;
    which = !which;
    snprintf(path[which], sizeof(path[which]), "%s/%s", dir, name);
    FILE *f = fopen(path[which], "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(t->s, 1, t->n, f), t->n);
    fclose(f);
    free(t->s);
    memset(t, 0, sizeof(*t));
    return path[which];
}

static int load_threads(const char *path, const char *from, const char *to, int threads)
{
    const char *paths[] = {path};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = from;
    o.to = to;
    o.threads = threads;
    lsn_calendar_free(owned);
    owned = NULL;
    int rc = lsn_calendar_load(&owned, org, paths, 1, &o);
    if (rc != LSN_OK) {
        print_message("%s: %s\n", path, lsn_error_last());
        assert_null(owned);
    }
    return rc;
}

static int load(const char *path, const char *from, const char *to)
{
    return load_threads(path, from, to, 1);
}

static void assert_read(int64_t read, int64_t used, int64_t malformed)
{
    const lsn_input_stats *st = lsn_calendar_stats(owned);
    print_message("read %lld used %lld malformed %lld\n", (long long)st->read, (long long)st->used,
                  (long long)st->skipped[LSN_SKIP_MALFORMED]);
    assert_int_equal(st->read, read);
    assert_int_equal(st->used, used);
    assert_int_equal(st->skipped[LSN_SKIP_MALFORMED], malformed);
}

/* A VEVENT's opening lines: UID, a 09:00Z start on a day, 30 minutes, alice + bob. */
static void put_event(struct text *t, const char *uid, const char *start, const char *rule)
{
    put(t,
        "BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20240201T000000Z\r\nDTSTART:%s\r\nDURATION:PT30M\r\n"
        "ORGANIZER:mailto:alice@acme.example\r\nATTENDEE:mailto:bob@acme.example\r\n",
        uid, start);
    if (rule != NULL) {
        put(t, "RRULE:%s\r\n", rule);
    }
}

/* ------------------------------------------------------------------ */
/* iCalendar                                                            */

/*
 * long-1 has a SUMMARY of LSN_LIMIT_LINE_BYTES + 1 bytes unfolded (folded
 * every 75 bytes, so no physical line is long): malformed, warned at the
 * SUMMARY's line. edge-1's SUMMARY is exactly at the limit: read, its
 * subject LIMIT - 8 bytes ("SUMMARY:" is part of the line). good-1 goes on.
 * read 3 = used 2 + malformed 1.
 */
static void test_limits_content_line_longer_than_the_limit(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD GOOD);
    put_event(&t, "long-1", "20240111T090000Z", NULL);
    int line = next_line(&t);
    put_long_line(&t, "SUMMARY", LSN_LIMIT_LINE_BYTES + 1);
    put(&t, "END:VEVENT\r\n");
    put_event(&t, "edge-1", "20240112T090000Z", NULL);
    put_long_line(&t, "SUMMARY", LSN_LIMIT_LINE_BYTES);
    put(&t, "END:VEVENT\r\n" TAIL);
    const char *path = save("long.ics", &t);
    assert_int_equal(load(path, "2024-01-01", "2024-02-01"), LSN_OK);
    assert_read(3, 2, 1);
    char expected[512];
    snprintf(expected, sizeof(expected),
             "%s:%d: long-1: a SUMMARY line of %d bytes (the limit is %d); event skipped", path,
             line, LSN_LIMIT_LINE_BYTES + 1, LSN_LIMIT_LINE_BYTES);
    assert_warned(expected);
    assert_int_equal(warnings.count, 1);
    size_t ns;
    const lsn_series *se = lsn_calendar_series(owned, &ns);
    bool edge = false;
    for (size_t i = 0; i < ns; i++) {
        if (strcmp(se[i].uid, "edge-1") == 0) {
            edge = true;
            assert_int_equal(strlen(se[i].summary), LSN_LIMIT_LINE_BYTES - 8);
        }
    }
    assert_true(edge);
}

/*
 * notes-1 carries a DESCRIPTION four times the line limit (folded) and an
 * unfolded X-ALT-DESC twice the limit: properties liaison never reads, so
 * no limit holds for them; the VEVENT reaches libical without them and is
 * read as usual. read = used = 1, no warning.
 */
static void test_limits_properties_never_read_are_not_limited(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD);
    put_event(&t, "notes-1", "20240111T090000Z", NULL);
    put(&t, "SUMMARY:Long notes\r\n");
    put_long_line(&t, "DESCRIPTION", 4 * (size_t)LSN_LIMIT_LINE_BYTES);
    put(&t, "X-ALT-DESC;FMTTYPE=text/html:");
    put_repeat(&t, 'b', 2 * (size_t)LSN_LIMIT_LINE_BYTES);
    put(&t, "\r\nEND:VEVENT\r\n" TAIL);
    const char *path = save("notes.ics", &t);
    assert_int_equal(load(path, "2024-01-01", "2024-02-01"), LSN_OK);
    assert_read(1, 1, 0);
    print_warnings();
    assert_int_equal(warnings.count, 0);
    size_t ns;
    const lsn_series *se = lsn_calendar_series(owned, &ns);
    assert_int_equal(ns, 1);
    assert_string_equal(se[0].summary, "Long notes");
}

/*
 * crowd-1 lists LSN_LIMIT_ATTENDEES + 1 ATTENDEEs: malformed, warned at its
 * BEGIN line. full-1 lists exactly the limit (all external): used, every
 * one present. read 3 = used 2 (with good-1) + malformed 1.
 */
static void test_limits_attendees_per_event(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD GOOD);
    int line = next_line(&t);
    put_event(&t, "crowd-1", "20240111T090000Z", NULL);
    for (int i = 0; i <= LSN_LIMIT_ATTENDEES; i++) {
        put(&t, "ATTENDEE:mailto:p%d@other.example\r\n", i);
    }
    put(&t, "END:VEVENT\r\n");
    put_event(&t, "full-1", "20240112T090000Z", NULL);
    for (int i = 0; i < LSN_LIMIT_ATTENDEES - 1; i++) {
        put(&t, "ATTENDEE:mailto:q%d@other.example\r\n", i); /* + bob */
    }
    put(&t, "END:VEVENT\r\n" TAIL);
    const char *path = save("crowd.ics", &t);
    assert_int_equal(load(path, "2024-01-01", "2024-02-01"), LSN_OK);
    assert_read(3, 2, 1);
    char expected[512];
    snprintf(expected, sizeof(expected), "%s:%d: crowd-1: more than %d attendees; event skipped",
             path, line, LSN_LIMIT_ATTENDEES);
    assert_warned(expected);
    assert_int_equal(lsn_calendar_stats(owned)->external, LSN_LIMIT_ATTENDEES - 1);
}

/* A VTIMEZONE named tzid with n STANDARD parts, the first with rdates RDATE values. */
static void put_zone(struct text *t, const char *tzid, int n, int rdates)
{
    put(t, "BEGIN:VTIMEZONE\r\nTZID:%s\r\n", tzid);
    for (int i = 0; i < n; i++) {
        put(t, "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\n"
               "TZOFFSETTO:+0100\r\n");
        for (int k = 0; i == 0 && k < rdates; k++) {
            put(t, "%s%04d0101T000000", k == 0 ? "RDATE:" : ",", 1971 + k % 600);
        }
        put(t, "%sEND:STANDARD\r\n", i == 0 && rdates > 0 ? "\r\n" : "");
    }
    put(t, "END:VTIMEZONE\r\n");
}

/*
 * Three VTIMEZONEs over a limit, each ignored with a warning at its BEGIN
 * line: 'Europe/Berlin' with LSN_LIMIT_ZONE_OBSERVANCES + 1 parts (its
 * event falls back to the system's Europe/Berlin: 10:00 local = 09:00Z),
 * 'Hostile' with LSN_LIMIT_ZONE_RULES + 1 RDATE values and 'Wide' with a
 * line over the line limit (their events are read as floating, in UTC, with
 * the usual warning).
 */
static void test_limits_vtimezone_over_a_limit_is_ignored(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD);
    int berlin = next_line(&t);
    put_zone(&t, "Europe/Berlin", LSN_LIMIT_ZONE_OBSERVANCES + 1, 0);
    int hostile = next_line(&t);
    put_zone(&t, "Hostile", 1, LSN_LIMIT_ZONE_RULES + 1);
    put(&t, "BEGIN:VTIMEZONE\r\nTZID:Wide\r\n");
    int wide = next_line(&t);
    put_long_line(&t, "COMMENT", LSN_LIMIT_LINE_BYTES + 1);
    put(&t, "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\n"
            "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n");
    put(&t, "BEGIN:VEVENT\r\nUID:berlin-1\r\nDTSTART;TZID=Europe/Berlin:20240110T100000\r\n"
            "DURATION:PT30M\r\nORGANIZER:mailto:alice@acme.example\r\n"
            "ATTENDEE:mailto:bob@acme.example\r\nEND:VEVENT\r\n");
    int hostile_event = next_line(&t);
    put(&t, "BEGIN:VEVENT\r\nUID:hostile-1\r\nDTSTART;TZID=Hostile:20240111T100000\r\n"
            "DURATION:PT30M\r\nORGANIZER:mailto:alice@acme.example\r\n"
            "ATTENDEE:mailto:bob@acme.example\r\nEND:VEVENT\r\n" TAIL);
    const char *path = save("zones.ics", &t);
    assert_int_equal(load(path, "2024-01-01", "2024-02-01"), LSN_OK);
    assert_read(2, 2, 0);
    print_warnings();
    char expected[512];
    snprintf(expected, sizeof(expected),
             "%s:%d: VTIMEZONE 'Europe/Berlin': more than %d STANDARD and DAYLIGHT parts; "
             "ignored",
             path, berlin, LSN_LIMIT_ZONE_OBSERVANCES);
    assert_warned(expected);
    snprintf(expected, sizeof(expected),
             "%s:%d: VTIMEZONE 'Hostile': more than %d RRULE and RDATE values; ignored", path,
             hostile, LSN_LIMIT_ZONE_RULES);
    assert_warned(expected);
    snprintf(expected, sizeof(expected),
             "%s:%d: VTIMEZONE 'Wide': a COMMENT line of %d bytes (the limit is %d); ignored", path,
             wide, LSN_LIMIT_LINE_BYTES + 1, LSN_LIMIT_LINE_BYTES);
    assert_warned(expected);
    snprintf(expected, sizeof(expected),
             "%s:%d: hostile-1: unknown time zone 'Hostile', read as floating time", path,
             hostile_event);
    assert_warned(expected);
    assert_int_equal(warnings.count, 4);
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(owned, &n);
    assert_int_equal(n, 2);
    int64_t jan10 = lsn_days_from_civil(2024, 1, 10) * 86400;
    int64_t jan11 = lsn_days_from_civil(2024, 1, 11) * 86400;
    bool seen_berlin = false, seen_hostile = false;
    for (size_t i = 0; i < n; i++) {
        seen_berlin = seen_berlin || in[i].start == jan10 + 9 * 3600;
        seen_hostile = seen_hostile || in[i].start == jan11 + 10 * 3600;
    }
    assert_true(seen_berlin);
    assert_true(seen_hostile);
}

/*
 * Time zones that would cost libical too many transitions. "Costly" has 100
 * yearly rules from 1601: 100 x 599 years to LSN_LIMIT_ZONE_LAST_YEAR is
 * 59,900 transitions, over LSN_LIMIT_ZONE_TRANSITIONS: ignored with a
 * warning, and its event falls back to floating time (UTC here). "Far" is
 * an ordinary zone (+01:00 winter, +02:00 summer from 2020); its event in
 * January 2582 is converted with the offset of January 2182, +01:00.
 */
static void test_limits_vtimezone_too_costly_to_expand(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD);
    int costly = next_line(&t);
    put(&t, "BEGIN:VTIMEZONE\r\nTZID:Costly\r\n");
    for (int i = 0; i < 100; i++) {
        put(&t, "BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n"
                "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=%d\r\n"
                "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n",
            1 + i % 12);
    }
    put(&t, "END:VTIMEZONE\r\n");
    put(&t, "BEGIN:VTIMEZONE\r\nTZID:Far\r\n"
            "BEGIN:STANDARD\r\nDTSTART:20201025T030000\r\n"
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
            "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
            "BEGIN:DAYLIGHT\r\nDTSTART:20200329T020000\r\n"
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
            "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n");
    int costly_event = next_line(&t);
    put(&t, "BEGIN:VEVENT\r\nUID:costly-1\r\nDTSTART;TZID=Costly:25820110T100000\r\n"
            "DURATION:PT30M\r\nORGANIZER:mailto:alice@acme.example\r\n"
            "ATTENDEE:mailto:bob@acme.example\r\nEND:VEVENT\r\n");
    put(&t, "BEGIN:VEVENT\r\nUID:far-1\r\nDTSTART;TZID=Far:25820111T100000\r\n"
            "DURATION:PT30M\r\nORGANIZER:mailto:alice@acme.example\r\n"
            "ATTENDEE:mailto:bob@acme.example\r\nEND:VEVENT\r\n" TAIL);
    const char *path = save("costly.ics", &t);
    assert_int_equal(load(path, "2582-01-01", "2582-02-01"), LSN_OK);
    assert_read(2, 2, 0);
    print_warnings();
    char expected[512];
    snprintf(expected, sizeof(expected),
             "%s:%d: VTIMEZONE 'Costly': its rules would take more than %d transitions to "
             "expand (or the load's zones more than %d); ignored",
             path, costly, LSN_LIMIT_ZONE_TRANSITIONS, LSN_LIMIT_ZONE_TRANSITIONS_LOAD);
    assert_warned(expected);
    snprintf(expected, sizeof(expected),
             "%s:%d: costly-1: unknown time zone 'Costly', read as floating time", path,
             costly_event);
    assert_warned(expected);
    assert_int_equal(warnings.count, 2);
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(owned, &n);
    assert_int_equal(n, 2);
    int64_t jan10 = lsn_days_from_civil(2582, 1, 10) * 86400;
    int64_t jan11 = lsn_days_from_civil(2582, 1, 11) * 86400;
    bool seen_costly = false, seen_far = false;
    for (size_t i = 0; i < n; i++) {
        seen_costly = seen_costly || in[i].start == jan10 + 10 * 3600;
        seen_far = seen_far || in[i].start == jan11 + 9 * 3600;
    }
    assert_true(seen_costly);
    assert_true(seen_far);
}

/* LSN_LIMIT_ZONES_PER_FILE + 1 distinct VTIMEZONEs: the file is refused,
 * naming the line of the one too many. */
static void test_limits_too_many_vtimezones_refuse_the_file(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD);
    int line = 0;
    for (int i = 0; i <= LSN_LIMIT_ZONES_PER_FILE; i++) {
        if (i == LSN_LIMIT_ZONES_PER_FILE) {
            line = next_line(&t);
        }
        char name[32];
        snprintf(name, sizeof(name), "Zone %d", i);
        put_zone(&t, name, 1, 0);
    }
    put(&t, GOOD TAIL);
    const char *path = save("many-zones.ics", &t);
    assert_int_equal(load(path, "2024-01-01", "2024-02-01"), LSN_EPARSE);
    char expected[512];
    snprintf(expected, sizeof(expected),
             "%s:%d: more than %d VTIMEZONE definitions in one file; not read", path, line,
             LSN_LIMIT_ZONES_PER_FILE);
    assert_string_equal(lsn_error_last(), expected);
}

/* ------------------------------------------------------------------ */
/* Recurrence expansion                                                 */

/*
 * Window 2024-01-01..02-01; the expansion range runs 35 days beyond each
 * edge (Nov 27 .. Mar 7). Malformed, each warned at its BEGIN line:
 * secondly-1 (FREQ=SECONDLY, no end: millions of steps to Mar 7),
 * decades-1 (HOURLY from 1970: 473,000 steps before the window),
 * count-1 (MINUTELY with COUNT=2000000000: 82,000 steps, fewer than the
 * step limit, but more than LSN_LIMIT_SERIES_INSTANCES instances in range).
 * Used: impossible-1 (MINUTELY in February the 30th: no instance ever
 * follows DTSTART, which alone is its instance; libical's search stops just
 * past the range), old-1 (DAILY since 1900: 45,000 steps, 31 instances in
 * January), hourly-1 (HOURLY from Jan 1: 744 in January), good-1.
 * read 780 = used 777 + malformed 3.
 */
static void test_limits_recurrence_steps_and_instances(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD GOOD);
    static const struct {
        const char *uid, *start, *rule;
    } events[] = {
        {"secondly-1", "20240110T090000Z", "FREQ=SECONDLY"},
        {"decades-1", "19700101T090000Z", "FREQ=HOURLY"},
        {"count-1", "20240110T090000Z", "FREQ=MINUTELY;COUNT=2000000000"},
        {"impossible-1", "20240110T090000Z", "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30"},
        {"old-1", "19000101T090000Z", "FREQ=DAILY"},
        {"hourly-1", "20240101T000000Z", "FREQ=HOURLY"},
    };
    int lines[6];
    for (int i = 0; i < 6; i++) {
        lines[i] = next_line(&t);
        put_event(&t, events[i].uid, events[i].start, events[i].rule);
        put(&t, "END:VEVENT\r\n");
    }
    put(&t, TAIL);
    const char *path = save("rules.ics", &t);
    assert_int_equal(load(path, "2024-01-01", "2024-02-01"), LSN_OK);
    assert_read(780, 777, 3);
    char expected[512];
    for (int i = 0; i < 2; i++) {
        snprintf(expected, sizeof(expected),
                 "%s:%d: %s: the recurrence takes more than %d steps from DTSTART to the end of "
                 "the window; event skipped",
                 path, lines[i], events[i].uid, LSN_LIMIT_SERIES_STEPS);
        assert_warned(expected);
    }
    snprintf(expected, sizeof(expected),
             "%s:%d: count-1: the recurrence has more than %d instances within 35 days of the "
             "window; event skipped",
             path, lines[2], LSN_LIMIT_SERIES_INSTANCES);
    assert_warned(expected);
    assert_int_equal(warnings.count, 3);
}

/*
 * A daily series from 1990 in an explicit window of 60 years has 21,915
 * instances (plus 70 days of margin): over LSN_LIMIT_SERIES_INSTANCES,
 * malformed. In a window of 50 years (18,262 + 70) it is used. Copies of
 * the series in two files count once.
 */
static void test_limits_instances_of_one_series_in_a_long_window(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD);
    put_event(&t, "daily-1", "19900101T090000Z", "FREQ=DAILY");
    put(&t, "END:VEVENT\r\n" TAIL);
    struct text u = {0};
    put(&u, "%s", t.s);
    char sub[128];
    snprintf(sub, sizeof(sub), "%s/copies", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    save("copies/a.ics", &t);
    save("copies/b.ics", &u);
    assert_int_equal(load(sub, "1990-01-01", "2050-01-01"), LSN_OK);
    assert_read(1, 0, 1);
    assert_int_equal(warnings.count, 2); /* one per copy */
    assert_int_equal(load(sub, "1990-01-01", "2040-01-01"), LSN_OK);
    assert_read(18262, 18262, 0);
}

/* Append budget-1 (LSN_LIMIT_ATTENDEES attendees, daily) and the file's
 * end to t; returns budget-1's line. */
static int put_budget_event(struct text *t)
{
    int line = next_line(t);
    put_event(t, "budget-1", "20000101T090000Z", "FREQ=DAILY");
    for (int i = 0; i < LSN_LIMIT_ATTENDEES - 1; i++) {
        put(t, "ATTENDEE:mailto:q%d@other.example\r\n", i);
    }
    put(t, "END:VEVENT\r\n" TAIL);
    return line;
}

/* The message of a load that goes over the work budget at budget-1. */
static void budget_message(char *out, size_t size, const char *path, int line)
{
    snprintf(out, size,
             "%s:%d: budget-1: expanding the events takes more than %lld units of work (a "
             "recurrence step counts %d, an instance copy 1 plus 1 per attendee; the limit is "
             "%lld, or one unit per %d bytes of calendar input when that is more); nothing "
             "analyzed",
             path, line, LSN_LIMIT_WORK, LSN_LIMIT_WORK_PER_STEP, LSN_LIMIT_WORK,
             LSN_LIMIT_BYTES_PER_WORK);
}

/*
 * budget-1 has LSN_LIMIT_ATTENDEES attendees and recurs daily; in a window
 * of eight years its copies would cost 2,992 × 10,001 units, over
 * LSN_LIMIT_WORK (the file is far too small to raise it): the load is
 * refused, naming the event where it went over.
 */
static void test_limits_work_of_the_whole_load(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD);
    int line = put_budget_event(&t);
    const char *path = save("budget.ics", &t);
    assert_int_equal(load(path, "2000-01-01", "2008-01-01"), LSN_EPARSE);
    char expected[1024];
    budget_message(expected, sizeof(expected), path, line);
    assert_string_equal(lsn_error_last(), expected);
    /* Over one year it fits. */
    assert_int_equal(load(path, "2000-01-01", "2001-01-01"), LSN_OK);
    assert_read(366, 366, 0);
}

/*
 * The same budget on two threads: 600 plain meetings (several runs of UID
 * groups, merged by both threads) come before budget-1, which goes over it
 * in the last run. The load is refused with the same message as on one
 * thread, naming budget-1 at its line; over one year the same file loads
 * on two threads with the same counts as on one (600 + 366 instances).
 */
static void test_limits_work_of_the_whole_load_on_two_threads(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD);
    for (int i = 0; i < 600; i++) {
        char uid[32];
        snprintf(uid, sizeof(uid), "plain-%d", i);
        put_event(&t, uid, "20000105T090000Z", NULL);
        put(&t, "END:VEVENT\r\n");
    }
    int line = put_budget_event(&t);
    const char *path = save("budget2.ics", &t);
    char expected[1024];
    budget_message(expected, sizeof(expected), path, line);
    for (int threads = 1; threads <= 2; threads++) {
        assert_int_equal(load_threads(path, "2000-01-01", "2008-01-01", threads), LSN_EPARSE);
        assert_string_equal(lsn_error_last(), expected);
        assert_int_equal(load_threads(path, "2000-01-01", "2001-01-01", threads), LSN_OK);
        assert_read(966, 966, 0);
    }
}

/*
 * The distinct recurrences are expanded on several threads: 60 weekly
 * series (each its own start, so each its own expansion) with the three
 * malformed ones of test_limits_recurrence_steps_and_instances among them.
 * One and two threads warn the same lines in the same (file) order and
 * count the same instances.
 */
static void test_limits_recurrences_on_two_threads(void **state)
{
    (void)state;
    static const struct {
        int after;
        const char *uid, *start, *rule;
    } bad[] = {
        {5, "secondly-1", "20240110T090000Z", "FREQ=SECONDLY"},
        {30, "count-1", "20240110T090000Z", "FREQ=MINUTELY;COUNT=2000000000"},
        {50, "decades-1", "19700101T090000Z", "FREQ=HOURLY"},
    };
    struct text t = {0};
    put(&t, HEAD);
    int lines[3];
    for (int i = 0, b = 0; i < 60; i++) {
        char uid[32], start[32];
        snprintf(uid, sizeof(uid), "weekly-%d", i);
        snprintf(start, sizeof(start), "202401%02dT%02d%02d00Z", 1 + i % 7, 8 + i % 9, i % 60);
        put_event(&t, uid, start, "FREQ=WEEKLY");
        put(&t, "END:VEVENT\r\n");
        if (b < 3 && bad[b].after == i) {
            lines[b] = next_line(&t);
            put_event(&t, bad[b].uid, bad[b].start, bad[b].rule);
            put(&t, "END:VEVENT\r\n");
            b++;
        }
    }
    put(&t, TAIL);
    const char *path = save("threads.ics", &t);
    for (int threads = 1; threads <= 2; threads++) {
        memset(&warnings, 0, sizeof(warnings));
        assert_int_equal(load_threads(path, "2024-01-01", "2024-02-01", threads), LSN_OK);
        /* Each weekly series meets 4 or 5 times in January, 63 records. */
        const lsn_input_stats *st = lsn_calendar_stats(owned);
        assert_int_equal(st->skipped[LSN_SKIP_MALFORMED], 3);
        assert_int_equal(st->read, st->used + 3);
        assert_true(st->used >= 60 * 4 && st->used <= 60 * 5);
        assert_int_equal(warnings.count, 3);
        for (int b = 0; b < 3; b++) {
            char expected[512];
            if (b == 1) {
                snprintf(expected, sizeof(expected),
                         "%s:%d: count-1: the recurrence has more than %d instances within 35 "
                         "days of the window; event skipped",
                         path, lines[b], LSN_LIMIT_SERIES_INSTANCES);
            } else {
                snprintf(expected, sizeof(expected),
                         "%s:%d: %s: the recurrence takes more than %d steps from DTSTART to the "
                         "end of the window; event skipped",
                         path, lines[b], bad[b].uid, LSN_LIMIT_SERIES_STEPS);
            }
            assert_string_equal(warnings.message[b], expected);
        }
        /* The default window: the day after the latest start by the newest
         * DTSTAMP (Feb 1), whatever the threads; 13 weeks back from it. */
        assert_int_equal(load_threads(path, NULL, NULL, threads), LSN_OK);
        assert_string_equal(lsn_calendar_window(owned)->to_date, "2024-02-02");
        assert_string_equal(lsn_calendar_window(owned)->from_date, "2023-11-03");
    }
}

/*
 * The budget charged by recurrences expanded on two threads: 150 yearly
 * series since 1900 whose rule filters (January 1st on a Monday), each
 * charged its estimate of 125 years of 366 candidates (about 229,000
 * units) though libical finds its 18 instances quickly; about the 110th
 * goes over LSN_LIMIT_WORK. Both thread counts refuse the load naming the
 * same series, the one where one thread goes over.
 */
static void test_limits_budget_of_recurrences_on_two_threads(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, HEAD);
    int lines[150];
    for (int i = 0; i < 150; i++) {
        char uid[32], start[32];
        snprintf(uid, sizeof(uid), "yearly-%d", i);
        snprintf(start, sizeof(start), "190001%02dT%02d%02d00Z", 1 + i % 5, 8 + i % 9, i % 60);
        lines[i] = next_line(&t);
        put_event(&t, uid, start, "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1;BYDAY=MO");
        put(&t, "END:VEVENT\r\n");
    }
    put(&t, TAIL);
    const char *path = save("yearly.ics", &t);
    char first[1024] = "", window[1024] = "";
    for (int threads = 1; threads <= 2; threads++) {
        assert_int_equal(load_threads(path, "2024-01-01", "2024-02-01", threads), LSN_EPARSE);
        if (threads == 1) {
            snprintf(first, sizeof(first), "%s", lsn_error_last());
        } else {
            assert_string_equal(lsn_error_last(), first);
        }
        /* Without a window, the search for one goes over the same budget. */
        assert_int_equal(load_threads(path, NULL, NULL, threads), LSN_EPARSE);
        if (threads == 1) {
            snprintf(window, sizeof(window), "%s", lsn_error_last());
        } else {
            assert_string_equal(lsn_error_last(), window);
        }
    }
    assert_true(strstr(window, ": yearly-") != NULL);
    /* The message names a series past the 100th (each charges less than
     * 250,000 units) and before the last, at its own line. */
    int named = -1;
    for (int i = 100; i < 150 && named < 0; i++) {
        char head[128];
        snprintf(head, sizeof(head), "%s:%d: yearly-%d: expanding the events takes more", path,
                 lines[i], i);
        if (strncmp(first, head, strlen(head)) == 0) {
            named = i;
        }
    }
    print_message("%s\n", first);
    assert_true(named > 100);
}

/* ------------------------------------------------------------------ */
/* Whole files                                                          */

/*
 * A file larger than LSN_LIMIT_FILE_BYTES (sparse: nothing is written but
 * its first line) is refused from its size, before anything is read; inside
 * a folder it is skipped with a warning and the folder's other file loads.
 */
static void test_limits_file_larger_than_the_limit(void **state)
{
    (void)state;
    char sub[128], big[160];
    snprintf(sub, sizeof(sub), "%s/big", dir);
    snprintf(big, sizeof(big), "%s/huge.ics", sub);
    assert_int_equal(mkdir(sub, 0700), 0);
    int fd = open(big, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, HEAD, strlen(HEAD)), (ssize_t)strlen(HEAD));
    assert_int_equal(ftruncate(fd, (off_t)LSN_LIMIT_FILE_BYTES + 1), 0);
    close(fd);
    struct text t = {0};
    put(&t, HEAD GOOD TAIL);
    save("big/good.ics", &t);

    assert_int_equal(load(big, "2024-01-01", "2024-02-01"), LSN_EPARSE);
    char expected[512];
    snprintf(expected, sizeof(expected),
             "%s: larger than %lld MiB, the limit of one calendar file; not read", big,
             (long long)(LSN_LIMIT_FILE_BYTES >> 20));
    assert_string_equal(lsn_error_last(), expected);

    assert_int_equal(load(sub, "2024-01-01", "2024-02-01"), LSN_OK);
    assert_read(1, 1, 0);
    assert_int_equal(lsn_calendar_stats(owned)->files, 1);
    strncat(expected, "; skipped", sizeof(expected) - strlen(expected) - 1);
    assert_warned(expected);
}

/*
 * No calendar is read past its first bytes: /dev/zero (endless NUL bytes)
 * is refused at once, as is a UTF-16 export; and the CLI exits 1 with the
 * message.
 */
static void test_limits_binary_files_are_refused_at_once(void **state)
{
    (void)state;
    assert_int_equal(load("/dev/zero", NULL, NULL), LSN_EPARSE);
    assert_string_equal(lsn_error_last(),
                        "/dev/zero: not a calendar file (binary data: a NUL byte at offset 0)");

    struct text t = {0};
    static const char utf16[] = "\xFF\xFE"
                                "B\0E\0G\0I\0N\0:\0V\0C\0A\0L\0E\0N\0D\0A\0R\0\r\0\n\0";
    reserve(&t, sizeof(utf16));
    memcpy(t.s, utf16, sizeof(utf16) - 1);
    t.n = sizeof(utf16) - 1;
    const char *path = save("utf16.ics", &t);
    assert_int_equal(load(path, NULL, NULL), LSN_EPARSE);
    char expected[512];
    snprintf(expected, sizeof(expected),
             "%s:1: not a calendar file (UTF-16 text: export it as "
             "UTF-8)",
             path);
    assert_string_equal(lsn_error_last(), expected);

    char cmd[1024], err[160];
    snprintf(err, sizeof(err), "%s/cli.err", dir);
    snprintf(cmd, sizeof(cmd), "'%s' analyze --quiet --people '%s' --out '%s/cli' /dev/zero 2>'%s'",
             LSN_BINARY, PEOPLE, dir, err);
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 1);
    FILE *f = fopen(err, "r");
    assert_non_null(f);
    char line[512] = "";
    assert_non_null(fgets(line, sizeof(line), f));
    fclose(f);
    assert_string_equal(
        line, "liaison: /dev/zero: not a calendar file (binary data: a NUL byte at offset 0)\n");
}

/* ------------------------------------------------------------------ */
/* Microsoft Graph JSON                                                 */

/*
 * Arrays nested LSN_LIMIT_JSON_DEPTH + 1 deep: refused before jansson
 * reads the file, at the line where the nesting goes too deep. An event
 * with LSN_LIMIT_ATTENDEES + 1 attendees: malformed, the other used.
 */
static void test_limits_json_nesting_and_attendees(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, "\n");
    put_repeat(&t, '[', LSN_LIMIT_JSON_DEPTH + 1);
    put_repeat(&t, ']', LSN_LIMIT_JSON_DEPTH + 1);
    const char *path = save("deep.json", &t);
    assert_int_equal(load(path, "2024-01-01", "2024-02-01"), LSN_EPARSE);
    char expected[512];
    snprintf(expected, sizeof(expected), "%s:2: JSON nested more than %d levels deep; not read",
             path, LSN_LIMIT_JSON_DEPTH);
    assert_string_equal(lsn_error_last(), expected);

    static const char event[] =
        "{\"iCalUId\": \"%s\", \"subject\": \"%s\", \"start\": {\"dateTime\": "
        "\"2024-01-1%dT09:00:00\", \"timeZone\": \"UTC\"}, \"end\": {\"dateTime\": "
        "\"2024-01-1%dT10:00:00\", \"timeZone\": \"UTC\"}, \"organizer\": {\"emailAddress\": "
        "{\"address\": \"alice@acme.example\"}}, \"attendees\": [";
    put(&t, "[\n");
    put(&t, event, "plain-1", "Plain", 0, 0);
    put(&t, "{\"emailAddress\": {\"address\": \"bob@acme.example\"}, \"type\": \"required\"}]},\n");
    put(&t, event, "crowd-1", "Crowd", 1, 1);
    for (int i = 0; i <= LSN_LIMIT_ATTENDEES; i++) {
        put(&t, "%s{\"emailAddress\": {\"address\": \"p%d@other.example\"}}", i ? ", " : "", i);
    }
    put(&t, "]}\n]\n");
    path = save("crowd.json", &t);
    assert_int_equal(load(path, "2024-01-01", "2024-02-01"), LSN_OK);
    assert_read(2, 1, 1);
    snprintf(expected, sizeof(expected), "%s:3: crowd-1: more than %d attendees; event skipped",
             path, LSN_LIMIT_ATTENDEES);
    assert_warned(expected);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                  */

/* An Outlook row with LSN_LIMIT_ATTENDEES + 1 people: malformed; the other row used. */
static void test_limits_outlook_attendees_per_row(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, "Subject,Start Date,Start Time,End Date,End Time,Meeting Organizer,"
            "Required Attendees,Meeting Resources\r\n"
            "Plain,1/10/2024,9:00 AM,1/10/2024,10:00 AM,alice@acme.example,bob@acme.example,\r\n"
            "Crowd,1/11/2024,9:00 AM,1/11/2024,10:00 AM,alice@acme.example,\"");
    for (int i = 0; i < LSN_LIMIT_ATTENDEES; i++) {
        put(&t, "%sp%d@other.example", i ? ";" : "", i);
    }
    put(&t, "\",Room 1\r\n");
    const char *path = save("crowd.csv", &t);
    assert_int_equal(load(path, "2024-01-01", "2024-02-01"), LSN_OK);
    assert_read(2, 1, 1);
    char expected[512];
    snprintf(expected, sizeof(expected), "%s:3: more than %d attendees; event skipped", path,
             LSN_LIMIT_ATTENDEES);
    assert_warned(expected);
}

/*
 * CSV files over a limit are refused: a header of LSN_LIMIT_CSV_COLUMNS + 1
 * fields, a field of LSN_LIMIT_CSV_FIELD_BYTES + 1 bytes (a roster; and an
 * Outlook export, whose field is never gathered whole).
 */
static void test_limits_csv_columns_and_field_length(void **state)
{
    (void)state;
    lsn_org *o = NULL;
    char expected[512];
    struct text t = {0};
    put(&t, "email,team");
    put_repeat(&t, ',', LSN_LIMIT_CSV_COLUMNS - 1);
    put(&t, "\nalice@acme.example,red\n");
    const char *path = save("wide.csv", &t);
    assert_int_equal(lsn_roster_load(&o, path, NULL, NULL), LSN_EPARSE);
    assert_null(o);
    snprintf(expected, sizeof(expected), "%s:1: more than %d fields in one record", path,
             LSN_LIMIT_CSV_COLUMNS);
    assert_string_equal(lsn_error_last(), expected);

    put(&t, "email,team,name\nalice@acme.example,red,\"");
    put_repeat(&t, 'a', LSN_LIMIT_CSV_FIELD_BYTES + 1);
    put(&t, "\"\n");
    path = save("long-field.csv", &t);
    assert_int_equal(lsn_roster_load(&o, path, NULL, NULL), LSN_EPARSE);
    snprintf(expected, sizeof(expected), "%s:2: a field longer than %d bytes", path,
             LSN_LIMIT_CSV_FIELD_BYTES);
    assert_string_equal(lsn_error_last(), expected);

    put(&t, "Subject,Start Date,Start Time,End Date,End Time\r\n"
            "Plain,1/10/2024,9:00 AM,1/10/2024,10:00 AM\r\n\"");
    put_repeat(&t, 'a', 4 * (size_t)LSN_LIMIT_CSV_FIELD_BYTES);
    put(&t, "\",1/11/2024,9:00 AM,1/11/2024,10:00 AM\r\n");
    path = save("long-field-outlook.csv", &t);
    assert_int_equal(load(path, "2024-01-01", "2024-02-01"), LSN_EPARSE);
    snprintf(expected, sizeof(expected), "%s:3: a field longer than %d bytes", path,
             LSN_LIMIT_CSV_FIELD_BYTES);
    assert_string_equal(lsn_error_last(), expected);
}

/* people.csv names `team` twice (fields 2 and 4): a warning, and the first is used. */
static void test_limits_repeated_roster_column(void **state)
{
    (void)state;
    struct text t = {0};
    put(&t, "email,team,name,team\nalice@acme.example,red,Alice Archer,blue\n");
    const char *path = save("dup.csv", &t);
    lsn_org *o = NULL;
    assert_int_equal(lsn_roster_load(&o, path, NULL, NULL), LSN_OK);
    char expected[512];
    snprintf(expected, sizeof(expected),
             "%s:1: column 'team' appears twice (fields 2 and 4); the first one is used", path);
    assert_warned(expected);
    assert_int_equal(warnings.count, 1);
    size_t np, nu;
    const lsn_person *p = lsn_org_people(o, &np);
    const lsn_unit *u = lsn_org_units(o, &nu);
    assert_int_equal(np, 1);
    assert_string_equal(u[p[0].team].id, "red");
    lsn_org_free(o);
}

/* ------------------------------------------------------------------ */
/* The hierarchy                                                        */

/*
 * teams.csv: a chain u0 (the root) .. uN, alice in uN. N = 64 is as deep as
 * the hierarchy may be; N = 65 is refused at u65's line (67: header, u0 on
 * line 2).
 */
static void test_limits_hierarchy_depth(void **state)
{
    (void)state;
    for (int deep = LSN_LIMIT_HIERARCHY_DEPTH; deep <= LSN_LIMIT_HIERARCHY_DEPTH + 1; deep++) {
        struct text t = {0};
        put(&t, "team,parent,name\nu0,,Root\n");
        for (int i = 1; i <= deep; i++) {
            put(&t, "u%d,u%d,Unit %d\n", i, i - 1, i);
        }
        char teams[256];
        snprintf(teams, sizeof(teams), "%s", save("chain.csv", &t));
        put(&t, "email,team\nalice@acme.example,u%d\n", deep);
        const char *people = save("chain-people.csv", &t);
        lsn_org *o = NULL;
        int rc = lsn_roster_load(&o, people, teams, NULL);
        if (deep == LSN_LIMIT_HIERARCHY_DEPTH) {
            assert_int_equal(rc, LSN_OK);
            lsn_org_free(o);
            continue;
        }
        assert_int_equal(rc, LSN_EPARSE);
        assert_null(o);
        char expected[512];
        snprintf(expected, sizeof(expected),
                 "%s:%d: unit 'u%d' is %d levels below the root; the hierarchy may be at most %d "
                 "deep",
                 teams, deep + 2, deep, deep, LSN_LIMIT_HIERARCHY_DEPTH);
        assert_string_equal(lsn_error_last(), expected);
    }
}

/* ------------------------------------------------------------------ */
/* Crash reproducers (fixtures/limits/README.md)                        */

/*
 * bsearch-null.ics made the loader call bsearch() on the NULL of an empty
 * list, null-offset.ics add 0 to the NULL of an empty pool: undefined
 * behaviour the sanitizer build aborts on. Both load: bsearch-null.ics in
 * 2000-01-01..03-01 has 2 records and no instance there; null-offset.ics is
 * a monthly all-day event from Dec 1 2007: 3 all_day skips in
 * 2007-11-01..2008-03-01.
 */
static void test_limits_sanitizer_reproducers_load(void **state)
{
    (void)state;
    assert_int_equal(load(FX("bsearch-null.ics"), "2000-01-01", "2000-03-01"), LSN_OK);
    assert_int_equal(lsn_calendar_stats(owned)->vevents, 2);
    assert_read(0, 0, 0);
    assert_int_equal(load(FX("null-offset.ics"), "2007-11-01", "2008-03-01"), LSN_OK);
    assert_read(3, 0, 0);
    assert_int_equal(lsn_calendar_stats(owned)->skipped[LSN_SKIP_ALL_DAY], 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_limits_content_line_longer_than_the_limit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_limits_properties_never_read_are_not_limited, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_limits_attendees_per_event, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_vtimezone_over_a_limit_is_ignored, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_limits_vtimezone_too_costly_to_expand, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_limits_too_many_vtimezones_refuse_the_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_limits_recurrence_steps_and_instances, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_limits_recurrences_on_two_threads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_budget_of_recurrences_on_two_threads, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_limits_instances_of_one_series_in_a_long_window, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_limits_work_of_the_whole_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_work_of_the_whole_load_on_two_threads, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_limits_file_larger_than_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_binary_files_are_refused_at_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_limits_json_nesting_and_attendees, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_outlook_attendees_per_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_csv_columns_and_field_length, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_repeated_roster_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_hierarchy_depth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_sanitizer_reproducers_load, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
