/*
 * tests/io/test_ics.c — lsn_calendar_load() on hand-built iCalendar files:
 * recurrence expansion, overrides, copies across mailboxes, who is present,
 * the "not a meeting" reasons, time zones, the window and input errors
 * (SPEC §1.4-1.5). Fixtures: fixtures/ics/ — every .ics opens with
 * X-LSN-EXPECT lines giving its right answer, and README.md sums them up;
 * each test repeats the hand computation next to its assertions.
 */
#include "io/load.h"

#include "io/error.h"
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

#define FX(name) LSN_FIXTURES "/ics/" name

/* ------------------------------------------------------------------ */
/* Fixture state: the roster and the captured warnings                  */

#define MAX_WARNINGS 32
static struct {
    int count;
    char message[MAX_WARNINGS][512];
} warnings;

static lsn_org *org;

/* Calendars loaded by the running test, freed by teardown() even when an
 * assertion fails half-way (so the sanitizer build reports no leak). */
#define MAX_OWNED 4
static lsn_calendar *owned[MAX_OWNED];
static size_t nowned;

static void capture_warning(void *ud, const char *message)
{
    (void)ud;
    if (warnings.count < MAX_WARNINGS) {
        snprintf(warnings.message[warnings.count], sizeof(warnings.message[0]), "%s", message);
    }
    warnings.count++;
}

static int group_setup(void **state)
{
    (void)state;
    int rc = lsn_roster_load(&org, FX("people.csv"), NULL, NULL);
    if (rc != LSN_OK) {
        fprintf(stderr, "cannot load %s: %s\n", FX("people.csv"), lsn_error_last());
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    lsn_org_free(org);
    org = NULL;
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
    for (size_t i = 0; i < nowned; i++) {
        lsn_calendar_free(owned[i]);
    }
    nowned = 0;
    return 0;
}

static void print_warnings(void)
{
    for (int i = 0; i < warnings.count && i < MAX_WARNINGS; i++) {
        print_message("warning %d: %s\n", i, warnings.message[i]);
    }
}

static void assert_no_warnings(void)
{
    print_warnings();
    assert_int_equal(warnings.count, 0);
}

/* True when some captured warning is exactly `message`. */
static bool warned(const char *message)
{
    for (int i = 0; i < warnings.count && i < MAX_WARNINGS; i++) {
        if (strcmp(warnings.message[i], message) == 0) {
            return true;
        }
    }
    return false;
}

static void assert_warned(const char *message)
{
    if (!warned(message)) {
        print_message("expected warning: %s\n", message);
        print_warnings();
    }
    assert_true(warned(message));
}

/* ------------------------------------------------------------------ */
/* Time                                                                 */

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* UTC seconds of an ISO time "YYYY-MM-DDTHH:MM:SSZ" (or "YYYY-MM-DDTHH:MMZ"). */
static int64_t utc(const char *iso)
{
    int y, mo, d, h = 0, mi = 0, s = 0;
    int n = sscanf(iso, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s);
    assert_true(n >= 3);
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* The ISO form "YYYY-MM-DDTHH:MM:SSZ" of UTC seconds (static buffer per slot). */
static const char *iso(int64_t t)
{
    static char buf[4][32];
    static int slot;
    char *out = buf[slot++ % 4];
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    /* civil_from_days */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m, (int)d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
    return out;
}

/* ------------------------------------------------------------------ */
/* Loading and inspecting                                               */

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
    assert_non_null(cal);
    assert_true(nowned < MAX_OWNED);
    owned[nowned++] = cal;
    /* SPEC §1.4: nothing is lost silently. */
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    int64_t sum = st->used;
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        sum += st->skipped[k];
    }
    assert_int_equal(st->read, sum);
    size_t ninst;
    lsn_calendar_instances(cal, &ninst);
    assert_int_equal(st->used, (int64_t)ninst);
    return cal;
}

static lsn_calendar *load1(const char *path, const char *from, const char *to, const char *tz)
{
    const char *paths[] = {path};
    return load_paths(paths, 1, from, to, tz);
}

static void load_fails(
    const char *const *paths, size_t n, const lsn_load_options *o, int code, const char *message)
{
    lsn_calendar *cal = (lsn_calendar *)&warnings; /* must be reset to NULL */
    int rc = lsn_calendar_load(&cal, org, paths, n, o);
    if (rc == LSN_OK && nowned < MAX_OWNED) {
        owned[nowned++] = cal;
    }
    assert_int_equal(rc, code);
    assert_null(cal);
    assert_string_equal(lsn_error_last(), message);
}

struct counts {
    int64_t read, used;
    int64_t all_day, cancelled, too_few, nonpositive, malformed;
    int64_t duplicates;
};

static void assert_counts(const lsn_calendar *cal, struct counts c)
{
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    print_message(
        "read %lld used %lld all_day %lld cancelled %lld too_few %lld nonpositive %lld "
        "malformed %lld duplicates_merged %lld\n",
        (long long)st->read, (long long)st->used, (long long)st->skipped[LSN_SKIP_ALL_DAY],
        (long long)st->skipped[LSN_SKIP_CANCELLED], (long long)st->skipped[LSN_SKIP_TOO_FEW_PEOPLE],
        (long long)st->skipped[LSN_SKIP_NONPOSITIVE_DURATION],
        (long long)st->skipped[LSN_SKIP_MALFORMED], (long long)st->duplicates_merged);
    assert_int_equal(st->read, c.read);
    assert_int_equal(st->used, c.used);
    assert_int_equal(st->skipped[LSN_SKIP_ALL_DAY], c.all_day);
    assert_int_equal(st->skipped[LSN_SKIP_CANCELLED], c.cancelled);
    assert_int_equal(st->skipped[LSN_SKIP_TOO_FEW_PEOPLE], c.too_few);
    assert_int_equal(st->skipped[LSN_SKIP_NONPOSITIVE_DURATION], c.nonpositive);
    assert_int_equal(st->skipped[LSN_SKIP_MALFORMED], c.malformed);
    assert_int_equal(st->duplicates_merged, c.duplicates);
}

static int32_t series_index(const lsn_calendar *cal, const char *uid)
{
    size_t n;
    const lsn_series *s = lsn_calendar_series(cal, &n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(s[i].uid, uid) == 0) {
            return (int32_t)i;
        }
    }
    return -1;
}

/* The present addresses of an instance, sorted by address, comma-joined. */
static const char *present_of(const lsn_calendar *cal, const lsn_instance *in)
{
    static char buf[1024];
    const char *addr[64];
    size_t np;
    const lsn_participant *parts = lsn_calendar_participants(cal, &np);
    const int32_t *present = lsn_calendar_present(cal);
    assert_true(in->count <= 64);
    for (uint32_t k = 0; k < in->count; k++) {
        int32_t p = present[in->first + k];
        assert_true(p >= 0 && (size_t)p < np);
        addr[k] = parts[p].address;
    }
    for (uint32_t i = 1; i < in->count; i++) { /* insertion sort: tiny lists */
        for (uint32_t j = i; j > 0 && strcmp(addr[j - 1], addr[j]) > 0; j--) {
            const char *t = addr[j];
            addr[j] = addr[j - 1];
            addr[j - 1] = t;
        }
    }
    buf[0] = '\0';
    for (uint32_t k = 0; k < in->count; k++) {
        strcat(buf, k ? "," : "");
        strcat(buf, addr[k]);
    }
    return buf;
}

/* One expected instance; original NULL means "not moved" (= start). */
struct want {
    const char *start;
    const char *original;
    int32_t duration;
    const char *present;
};

/* The used instances of series uid are exactly `want`, by original start. */
static void assert_series(const lsn_calendar *cal, const char *uid, const struct want *w, size_t n)
{
    int32_t s = series_index(cal, uid);
    size_t ninst;
    const lsn_instance *inst = lsn_calendar_instances(cal, &ninst);
    size_t got = 0;
    for (size_t i = 0; i < ninst; i++) {
        if (inst[i].series == s) {
            print_message("%s: %s (orig %s) %d s [%s]\n", uid, iso(inst[i].start),
                          iso(inst[i].original_start), (int)inst[i].duration,
                          present_of(cal, &inst[i]));
        }
    }
    if (n == 0) {
        assert_int_equal(s, -1);
        return;
    }
    assert_true(s >= 0);
    for (size_t i = 0; i < ninst; i++) {
        if (inst[i].series != s) {
            continue;
        }
        assert_true(got < n);
        const struct want *e = &w[got++];
        assert_string_equal(iso(inst[i].start), e->start);
        assert_string_equal(iso(inst[i].original_start), e->original ? e->original : e->start);
        assert_int_equal(inst[i].duration, e->duration);
        assert_string_equal(present_of(cal, &inst[i]), e->present);
    }
    assert_int_equal(got, n);
}

#define SERIES(cal, uid, ...)                                                                      \
    do {                                                                                           \
        const struct want w_[] = {__VA_ARGS__};                                                    \
        assert_series(cal, uid, w_, sizeof(w_) / sizeof(w_[0]));                                   \
    } while (0)

#define AB "alice@acme.example,bob@acme.example"

/* ------------------------------------------------------------------ */
/* 1. Recurrence: EXDATE, a moved and a cancelled instance              */

/*
 * weekly_series.ics, window 2024-01-01..2024-03-01 UTC. Weekly COUNT=6 from
 * Mon 2024-01-08 10:00Z for 30 min: Jan 8, 15, 22, 29, Feb 5, 12.
 *  - EXDATE Jan 15: gone, and not a skip (it is not an instance at all).
 *  - Jan 22 overridden to Tue Jan 23 14:00-15:00Z: used, original Jan 22.
 *  - Jan 29 overridden with STATUS:CANCELLED: read, skipped as cancelled.
 * read 5 = used 4 + cancelled 1; 3 VEVENTs, 1 file, nothing merged.
 */
static void test_ics_moved_and_cancelled_instances_replace_originals(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("weekly_series.ics"), "2024-01-01", "2024-03-01", NULL);
    assert_counts(cal, (struct counts){.read = 5, .used = 4, .cancelled = 1});
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    assert_int_equal(st->files, 1);
    assert_int_equal(st->vevents, 3);
    const char *abc = "alice@acme.example,bob@acme.example,carol@acme.example";
    SERIES(cal, "weekly-1", {"2024-01-08T10:00:00Z", NULL, 1800, abc},
           {"2024-01-23T14:00:00Z", "2024-01-22T10:00:00Z", 3600, abc},
           {"2024-02-05T10:00:00Z", NULL, 1800, abc}, {"2024-02-12T10:00:00Z", NULL, 1800, abc});
    size_t ns;
    const lsn_series *series = lsn_calendar_series(cal, &ns);
    assert_int_equal(ns, 1);
    assert_string_equal(series[0].summary, "Weekly sync");
    assert_no_warnings();
}

/* ------------------------------------------------------------------ */
/* 2. Copies across mailboxes                                           */

/*
 * noon_change.ics: a weekly series at 12:30 in Africa/Khartoum, which moved
 * from +0200 to +0300 at noon on 2000-01-15. Its rule is one io/rrule.c
 * steps through, but Jan 15's 12:30 lies in the gap: libical's iterator
 * moves it past the gap (13:30 local, 10:30Z) and keeps 13:30 for Jan 22
 * too, then comes back to 12:30. The expansion must notice the change near
 * Jan 15 and expand the rule with libical from its start (without that,
 * Jan 15 and Jan 22 come out at 09:30Z). In March, far from the change, the
 * occurrences are 12:30 local (09:30Z) either way.
 */
static void test_ics_occurrence_in_a_daytime_gap_is_libicals(void **state)
{
    (void)state;
    const char *ab = "alice@acme.example,bob@acme.example";
    lsn_calendar *cal = load1(FX("noon_change.ics"), "2000-01-01", "2000-02-01", NULL);
    SERIES(cal, "noon-1", {"2000-01-01T10:30:00Z", NULL, 1800, ab},
           {"2000-01-08T10:30:00Z", NULL, 1800, ab}, {"2000-01-15T10:30:00Z", NULL, 1800, ab},
           {"2000-01-22T10:30:00Z", NULL, 1800, ab}, {"2000-01-29T09:30:00Z", NULL, 1800, ab});
    cal = load1(FX("noon_change.ics"), "2000-03-01", "2000-04-01", NULL);
    SERIES(cal, "noon-1", {"2000-03-04T09:30:00Z", NULL, 1800, ab},
           {"2000-03-11T09:30:00Z", NULL, 1800, ab}, {"2000-03-18T09:30:00Z", NULL, 1800, ab},
           {"2000-03-25T09:30:00Z", NULL, 1800, ab});
}

/*
 * mailbox/{a,b,c}.ics are the three per-mailbox copies of sync-1 (Jan 10
 * 15:00-16:00Z, organizer dave). Statuses by copy, DTSTAMP rising a < b < c:
 *   a: alice ACCEPTED, bob NEEDS-ACTION, carol NEEDS-ACTION
 *   b: alice NEEDS-ACTION, bob DECLINED, carol NEEDS-ACTION
 *   c: alice NEEDS-ACTION, bob NEEDS-ACTION, carol TENTATIVE (the winner)
 * An attendee's status is the explicit one from the highest copy that has
 * one: alice ACCEPTED (a), bob DECLINED (b), carol TENTATIVE (c). Present:
 * alice, carol, dave = 3. One instance, duplicates_merged 2.
 * mailbox_combined.ics holds the same meeting once with those final
 * statuses: the same read/used/skipped and the same present list, no merge.
 */
static void test_ics_mailbox_copies_merge_like_combined_export(void **state)
{
    (void)state;
    const char *acd = "alice@acme.example,carol@acme.example,dave@acme.example";
    lsn_calendar *split = load1(FX("mailbox"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(split, (struct counts){.read = 1, .used = 1, .duplicates = 2});
    SERIES(split, "sync-1", {"2024-01-10T15:00:00Z", NULL, 3600, acd});
    const lsn_input_stats *a = lsn_calendar_stats(split);
    assert_int_equal(a->files, 3);
    assert_int_equal(a->vevents, 3);
    assert_int_equal(a->people_present, 3);

    lsn_calendar *one = load1(FX("mailbox_combined.ics"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(one, (struct counts){.read = 1, .used = 1, .duplicates = 0});
    SERIES(one, "sync-1", {"2024-01-10T15:00:00Z", NULL, 3600, acd});
    const lsn_input_stats *b = lsn_calendar_stats(one);
    assert_int_equal(b->read, a->read);
    assert_int_equal(b->used, a->used);
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        assert_int_equal(b->skipped[k], a->skipped[k]);
    }
    assert_int_equal(b->people_present, a->people_present);

    /* The organizer is recorded: dave is roster person 3. */
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(split, &n);
    assert_int_equal(in[0].organizer, lsn_org_find_person(org, "dave@acme.example"));
    assert_false(lsn_calendar_person_present(split, lsn_org_find_person(org, "bob@acme.example")));
    assert_no_warnings();
}

/*
 * The same with a recurring meeting. mailbox_series/a.ics (alice's mailbox)
 * and b.ics (bob's) both hold series-1, weekly Wed 09:00-10:00Z COUNT=3
 * from Jan 10, and its override moving Jan 17 to Thu Jan 18 (SEQUENCE 1).
 * In b.ics bob ACCEPTED the series and DECLINED the moved instance; a.ics
 * has no answers. Merged per instance (2 copies each):
 *   Jan 10            alice, bob, carol
 *   Jan 18 (orig 17)  alice, carol        (bob's DECLINED on the override)
 *   Jan 24            alice, bob, carol
 * read 3, used 3, duplicates_merged 3; mailbox_series_combined.ics gives the
 * same with duplicates_merged 0.
 */
static void test_ics_mailbox_copies_of_series_merge_per_instance(void **state)
{
    (void)state;
    const char *abc = "alice@acme.example,bob@acme.example,carol@acme.example";
    const char *ac = "alice@acme.example,carol@acme.example";
    lsn_calendar *split = load1(FX("mailbox_series"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(split, (struct counts){.read = 3, .used = 3, .duplicates = 3});
    SERIES(split, "series-1", {"2024-01-10T09:00:00Z", NULL, 3600, abc},
           {"2024-01-18T09:00:00Z", "2024-01-17T09:00:00Z", 3600, ac},
           {"2024-01-24T09:00:00Z", NULL, 3600, abc});
    lsn_calendar *one = load1(FX("mailbox_series_combined.ics"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(one, (struct counts){.read = 3, .used = 3, .duplicates = 0});
    SERIES(one, "series-1", {"2024-01-10T09:00:00Z", NULL, 3600, abc},
           {"2024-01-18T09:00:00Z", "2024-01-17T09:00:00Z", 3600, ac},
           {"2024-01-24T09:00:00Z", NULL, 3600, abc});
    assert_no_warnings();
}

/*
 * seq/a-stale.ics: seq-1 SEQUENCE 1, DTSTAMP Jan 9, at Jan 11 13:00Z.
 * seq/b-fresh.ics: seq-1 SEQUENCE 2, DTSTAMP Jan 1, at Jan 11 09:00-09:30Z.
 * (SEQUENCE, DTSTAMP) is compared SEQUENCE first: b-fresh gives the time
 * although its DTSTAMP is older and its file comes second.
 */
static void test_ics_higher_sequence_beats_newer_dtstamp(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("seq"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(cal, (struct counts){.read = 1, .used = 1, .duplicates = 1});
    SERIES(cal, "seq-1", {"2024-01-11T09:00:00Z", NULL, 1800, AB});
    assert_no_warnings();
}

/* ------------------------------------------------------------------ */
/* 3. Who is present                                                    */

/*
 * participants.ics, window 2024-01-01..2024-02-01.
 * people-1: ORGANIZER Alice@ACME.example who is also a DECLINED attendee
 * (not present), bob DECLINED, carol ROLE=NON-PARTICIPANT (ACCEPTED, still
 * not present), dave ROLE=OPT-PARTICIPANT (present), room1 CUTYPE=ROOM and
 * projector CUTYPE=RESOURCE (never present), eng-all CUTYPE=GROUP (one
 * present group participant), MAILTO:ERIN@ACME.EXAMPLE (erin, normalised),
 * zed@acme.example (roster domain, not in people.csv: unknown),
 * Guest@Other.Example (external guest@other.example).
 * Present: dave, eng-all (group), erin, guest (external), zed (unknown) = 5;
 * no organizer recorded (alice is not present).
 * people-2: organizer frank (not listed as attendee: present) + erin.
 * Totals: people_present 3 (dave, erin, frank), unknown 1, external 1,
 * groups 1.
 */
/* An organizer who declined is not present, so an outside organizer must
 * not appear in the external count or list either. */
static void test_ics_declined_external_organizer_is_not_listed(void **state)
{
    (void)state;
    lsn_calendar *cal =
        load1(FX("declined_external_organizer.ics"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(cal, (struct counts){.read = 1, .used = 1});
    SERIES(cal, "declined-org-1",
           {"2024-01-10T10:00:00Z", NULL, 3600, "dave@acme.example,erin@acme.example"});
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    assert_int_equal(st->external, 0);
    size_t np;
    lsn_calendar_participants(cal, &np);
    assert_int_equal(np, 6);
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    assert_int_equal(in[0].organizer, -1);
}

static void test_ics_presence_rules_rooms_declines_groups_outsiders(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("participants.ics"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(cal, (struct counts){.read = 2, .used = 2});
    SERIES(cal, "people-1",
           {"2024-01-10T10:00:00Z", NULL, 3600,
            "dave@acme.example,eng-all@acme.example,erin@acme.example,guest@other.example,"
            "zed@acme.example"});
    SERIES(cal, "people-2",
           {"2024-01-11T10:00:00Z", NULL, 1800, "erin@acme.example,frank@acme.example"});

    const lsn_input_stats *st = lsn_calendar_stats(cal);
    assert_int_equal(st->people_present, 3);
    assert_int_equal(st->unknown, 1);
    assert_int_equal(st->external, 1);
    assert_int_equal(st->groups, 1);

    /* The participant table: 6 roster people, then the 3 others. */
    size_t np;
    const lsn_participant *parts = lsn_calendar_participants(cal, &np);
    assert_int_equal(np, 6 + 3);
    int unknown = 0, external = 0, groups = 0;
    for (size_t i = 6; i < np; i++) {
        assert_int_equal(parts[i].person, -1);
        if (parts[i].kind == LSN_P_UNKNOWN) {
            assert_string_equal(parts[i].address, "zed@acme.example");
            unknown++;
        } else if (parts[i].kind == LSN_P_EXTERNAL) {
            assert_string_equal(parts[i].address, "guest@other.example");
            external++;
        } else {
            assert_int_equal(parts[i].kind, LSN_P_GROUP);
            assert_string_equal(parts[i].address, "eng-all@acme.example");
            groups++;
        }
    }
    assert_int_equal(unknown, 1);
    assert_int_equal(external, 1);
    assert_int_equal(groups, 1);

    const char *absent[] = {"alice@acme.example", "bob@acme.example", "carol@acme.example"};
    for (size_t i = 0; i < 3; i++) {
        assert_false(lsn_calendar_person_present(cal, lsn_org_find_person(org, absent[i])));
    }
    const char *here[] = {"dave@acme.example", "erin@acme.example", "frank@acme.example"};
    for (size_t i = 0; i < 3; i++) {
        assert_true(lsn_calendar_person_present(cal, lsn_org_find_person(org, here[i])));
    }

    size_t n;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    assert_int_equal(n, 2);
    int32_t s1 = series_index(cal, "people-1"), s2 = series_index(cal, "people-2");
    for (size_t i = 0; i < n; i++) {
        if (in[i].series == s1) {
            assert_int_equal(in[i].organizer, -1); /* alice declined */
        } else {
            assert_int_equal(in[i].series, s2);
            assert_int_equal(in[i].organizer, lsn_org_find_person(org, "frank@acme.example"));
        }
    }
    assert_no_warnings();
}

/* ------------------------------------------------------------------ */
/* 4. Not meetings                                                      */

/*
 * not_meetings.ics, window 2024-01-01..2024-02-01. One reason each, the
 * first of all_day, cancelled, too_few_people, nonpositive_duration:
 *   good-1             Jan 9, alice+bob, 1 h                -> used
 *   allday-1           VALUE=DATE Jan 10                    -> all_day
 *   cancelled-1        STATUS:CANCELLED                     -> cancelled
 *   solo-1             only alice (organizer = attendee)    -> too_few_people
 *   backwards-1        DTEND 1 h before DTSTART             -> nonpositive_duration
 *   allday-cancelled-1 DATE + CANCELLED + alone             -> all_day
 *   cancelled-solo-1   CANCELLED + alone + DTEND < DTSTART  -> cancelled
 *   solo-backwards-1   bob declined, DTEND == DTSTART       -> too_few_people
 *   nostart-1 (x2)     no DTSTART (lines 78 and 85)         -> malformed once
 *   badrule-1          RRULE FREQ=SOMETIMES (line 92)       -> malformed once
 *   nostart-1 override RECURRENCE-ID Jan 24, no DTSTART     -> malformed once
 *                      (line 101: another UID + RECURRENCE-ID identity)
 * read 11 = used 1 + all_day 2 + cancelled 2 + too_few 2 + nonpositive 1 +
 * malformed 3; vevents 12. Warnings name file:line and UID.
 */
static void test_ics_skipped_instances_get_first_reason(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("not_meetings.ics"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(cal, (struct counts){.read = 11,
                                       .used = 1,
                                       .all_day = 2,
                                       .cancelled = 2,
                                       .too_few = 2,
                                       .nonpositive = 1,
                                       .malformed = 3});
    assert_int_equal(lsn_calendar_stats(cal)->vevents, 12);
    SERIES(cal, "good-1", {"2024-01-09T10:00:00Z", NULL, 3600, AB});
    size_t ns;
    lsn_calendar_series(cal, &ns);
    assert_int_equal(ns, 1);
    print_warnings();
    assert_warned(FX("not_meetings.ics") ":78: nostart-1: no DTSTART; event skipped");
    assert_warned(FX("not_meetings.ics") ":92: badrule-1: unparsable RRULE; event skipped");
    assert_warned(FX("not_meetings.ics") ":101: nostart-1: no DTSTART; event skipped");
}

/* ------------------------------------------------------------------ */
/* 5. Floating times and the window in --tz                             */

/*
 * floating.ics with --tz America/New_York, window 2024-01-01..2024-08-01:
 * [2024-01-01T05:00Z (EST), 2024-08-01T04:00Z (EDT)).
 *   float-1       Jan 10 09:00 floating -> 14:00Z (+5 h), 1 h
 *   float-2       Jul 10 09:00 floating -> 13:00Z (+4 h), 30 min
 *   float-edge-in Jan 1 00:00 floating  -> 05:00Z = from: in
 *   float-edge-out Aug 1 00:00 floating -> 04:00Z = to: out
 *   utc-early     Jan 1 04:30Z = Dec 31 23:30 New York: out
 *   utc-late      Aug 1 03:30Z = Jul 31 23:30 New York: in
 * read = used = 4.
 */
static void test_ics_floating_time_and_window_edges_follow_tz(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("floating.ics"), "2024-01-01", "2024-08-01", "America/New_York");
    const lsn_window *w = lsn_calendar_window(cal);
    assert_string_equal(iso(w->from), "2024-01-01T05:00:00Z");
    assert_string_equal(iso(w->to), "2024-08-01T04:00:00Z");
    assert_string_equal(w->from_date, "2024-01-01");
    assert_string_equal(w->to_date, "2024-08-01");
    assert_string_equal(w->tz, "America/New_York");
    assert_counts(cal, (struct counts){.read = 4, .used = 4});
    SERIES(cal, "float-1", {"2024-01-10T14:00:00Z", NULL, 3600, AB});
    SERIES(cal, "float-2", {"2024-07-10T13:00:00Z", NULL, 1800, AB});
    SERIES(cal, "float-edge-in", {"2024-01-01T05:00:00Z", NULL, 3600, AB});
    assert_series(cal, "float-edge-out", NULL, 0);
    assert_series(cal, "utc-early", NULL, 0);
    SERIES(cal, "utc-late", {"2024-08-01T03:30:00Z", NULL, 3600, AB});
    assert_no_warnings();

    /* The same file in UTC: floating = UTC, float-edge-out is now out by
     * date (Aug 1), utc-early is in, utc-late is out. */
    cal = load1(FX("floating.ics"), "2024-01-01", "2024-08-01", NULL);
    assert_counts(cal, (struct counts){.read = 4, .used = 4});
    SERIES(cal, "float-1", {"2024-01-10T09:00:00Z", NULL, 3600, AB});
    SERIES(cal, "utc-early", {"2024-01-01T04:30:00Z", NULL, 3600, AB});
    assert_series(cal, "utc-late", NULL, 0);
}

/* ------------------------------------------------------------------ */
/* 6. Daylight saving time                                              */

/*
 * dst_*.ics, window 2024-03-01..2024-05-01: weekly Monday 09:00-10:00 Berlin
 * time, COUNT=4, across Sun 2024-03-31 (CET UTC+1 -> CEST UTC+2):
 * Mar 18 and 25 at 08:00Z, Apr 1 and 8 at 07:00Z, one hour each.
 */
static void assert_berlin_standup(const char *file, const char *uid)
{
    lsn_calendar *cal = load1(file, "2024-03-01", "2024-05-01", NULL);
    assert_counts(cal, (struct counts){.read = 4, .used = 4});
    SERIES(cal, uid, {"2024-03-18T08:00:00Z", NULL, 3600, AB},
           {"2024-03-25T08:00:00Z", NULL, 3600, AB}, {"2024-04-01T07:00:00Z", NULL, 3600, AB},
           {"2024-04-08T07:00:00Z", NULL, 3600, AB});
    assert_no_warnings();
}

/* The zone comes only from the file's VTIMEZONE ("Mitteleuropa"). */
static void test_ics_dst_change_from_vtimezone(void **state)
{
    (void)state;
    assert_berlin_standup(FX("dst_vtimezone.ics"), "dst-vtimezone");
}

/* TZID=Europe/Berlin without a VTIMEZONE: the system zone. */
static void test_ics_dst_change_from_system_zone(void **state)
{
    (void)state;
    assert_berlin_standup(FX("dst_system.ics"), "dst-system");
}

/* TZID="W. Europe Standard Time" (Outlook) without a VTIMEZONE. */
static void test_ics_dst_change_from_windows_zone_name(void **state)
{
    (void)state;
    assert_berlin_standup(FX("dst_windows.ics"), "dst-windows");
}

/* ------------------------------------------------------------------ */
/* 7. Window edges                                                      */

/*
 * edges.ics, window 2024-02-01..2024-03-01 UTC = [Feb 1 00:00Z, Mar 1 00:00Z):
 *   edge-from   Feb 1 00:00:00Z      in (from is inclusive)
 *   edge-before Jan 31 23:59:59Z     out
 *   edge-last   Feb 29 23:59Z        in
 *   edge-to     Mar 1 00:00Z         out (to is exclusive)
 *   edge-move   weekly Thu 10:00Z COUNT=8 from Jan 18: Jan 25 moved to
 *               Fri Feb 2 (in: counted, original Jan 25), Feb 29 moved to
 *               Fri Mar 1 (out: not counted) -> Feb 1, 2, 8, 15, 22.
 * read = used = 7.
 */
static void test_ics_window_edges_and_moves_across_them(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("edges.ics"), "2024-02-01", "2024-03-01", NULL);
    assert_counts(cal, (struct counts){.read = 7, .used = 7});
    SERIES(cal, "edge-from", {"2024-02-01T00:00:00Z", NULL, 1800, AB});
    assert_series(cal, "edge-before", NULL, 0);
    SERIES(cal, "edge-last", {"2024-02-29T23:59:00Z", NULL, 1860, AB});
    assert_series(cal, "edge-to", NULL, 0);
    SERIES(cal, "edge-move", {"2024-02-02T10:00:00Z", "2024-01-25T10:00:00Z", 3600, AB},
           {"2024-02-01T10:00:00Z", NULL, 3600, AB}, {"2024-02-08T10:00:00Z", NULL, 3600, AB},
           {"2024-02-15T10:00:00Z", NULL, 3600, AB}, {"2024-02-22T10:00:00Z", NULL, 3600, AB});
    assert_no_warnings();
}

/* ------------------------------------------------------------------ */
/* 8. RFC 5545 corner cases (rfc_corners.ics, 2024-01-01..2024-03-01)   */

static lsn_calendar *load_rfc(void)
{
    /* read = used = 1 + 3 + 4 + 4 + 4 + 2 + 6 = 24 (see each test). */
    lsn_calendar *cal = load1(FX("rfc_corners.ics"), "2024-01-01", "2024-03-01", NULL);
    assert_counts(cal, (struct counts){.read = 24, .used = 24});
    return cal;
}

/* duration-1: DTSTART Jan 5 10:00Z with DURATION:PT45M -> 2700 s. */
static void test_ics_duration_property_gives_length(void **state)
{
    (void)state;
    lsn_calendar *cal = load_rfc();
    SERIES(cal, "duration-1", {"2024-01-05T10:00:00Z", NULL, 2700, AB});
}

/* until-1: DAILY at 15:00Z with UNTIL=20240110 (a DATE): the whole of Jan 10
 * is included, so Jan 8, 9 and 10. */
static void test_ics_until_date_includes_whole_day(void **state)
{
    (void)state;
    lsn_calendar *cal = load_rfc();
    SERIES(cal, "until-1", {"2024-01-08T15:00:00Z", NULL, 1800, AB},
           {"2024-01-09T15:00:00Z", NULL, 1800, AB}, {"2024-01-10T15:00:00Z", NULL, 1800, AB});
}

/* exday-1: DAILY BYHOUR=9,14 COUNT=6 from Jan 15 09:00Z = Jan 15/16/17 at
 * 09:00 and 14:00; EXDATE;VALUE=DATE:20240116 removes both of Jan 16. */
static void test_ics_exdate_date_removes_every_instance_that_day(void **state)
{
    (void)state;
    lsn_calendar *cal = load_rfc();
    SERIES(cal, "exday-1", {"2024-01-15T09:00:00Z", NULL, 1800, AB},
           {"2024-01-15T14:00:00Z", NULL, 1800, AB}, {"2024-01-17T09:00:00Z", NULL, 1800, AB},
           {"2024-01-17T14:00:00Z", NULL, 1800, AB});
}

/* offrule-1: DTSTART Tue Jan 2 10:00Z, WEEKLY BYDAY=MO UNTIL Jan 23: the
 * Tuesday is still the first instance, then Mondays Jan 8, 15, 22. */
static void test_ics_dtstart_off_rule_is_first_instance(void **state)
{
    (void)state;
    lsn_calendar *cal = load_rfc();
    SERIES(cal, "offrule-1", {"2024-01-02T10:00:00Z", NULL, 3600, AB},
           {"2024-01-08T10:00:00Z", NULL, 3600, AB}, {"2024-01-15T10:00:00Z", NULL, 3600, AB},
           {"2024-01-22T10:00:00Z", NULL, 3600, AB});
}

/* rdate-1: WEEKLY COUNT=2 from Thu Feb 1 10:00Z plus RDATE Feb 12 and Feb 14
 * 16:00Z -> 4 instances of an hour. rdate-only-1: no RRULE, DTSTART Feb 20
 * plus RDATE Feb 22 -> 2 instances. */
static void test_ics_rdate_adds_instances(void **state)
{
    (void)state;
    lsn_calendar *cal = load_rfc();
    SERIES(cal, "rdate-1", {"2024-02-01T10:00:00Z", NULL, 3600, AB},
           {"2024-02-08T10:00:00Z", NULL, 3600, AB}, {"2024-02-12T16:00:00Z", NULL, 3600, AB},
           {"2024-02-14T16:00:00Z", NULL, 3600, AB});
    SERIES(cal, "rdate-only-1", {"2024-02-20T10:00:00Z", NULL, 3600, AB},
           {"2024-02-22T10:00:00Z", NULL, 3600, AB});
}

/* future-1: WEEKLY COUNT=6, Fridays 12:00-13:00Z from Jan 5, alice+bob. The
 * RANGE=THISANDFUTURE override at Jan 19 moves to 13:00Z (+1 h), lasts 30
 * min and adds carol: Jan 5 and 12 unchanged; Jan 19, 26, Feb 2 and 9 at
 * 13:00Z for 1800 s with three people; original starts stay at 12:00Z. */
static void test_ics_thisandfuture_override_applies_to_later_instances(void **state)
{
    (void)state;
    lsn_calendar *cal = load_rfc();
    const char *abc = "alice@acme.example,bob@acme.example,carol@acme.example";
    SERIES(cal, "future-1", {"2024-01-05T12:00:00Z", NULL, 3600, AB},
           {"2024-01-12T12:00:00Z", NULL, 3600, AB},
           {"2024-01-19T13:00:00Z", "2024-01-19T12:00:00Z", 1800, abc},
           {"2024-01-26T13:00:00Z", "2024-01-26T12:00:00Z", 1800, abc},
           {"2024-02-02T13:00:00Z", "2024-02-02T12:00:00Z", 1800, abc},
           {"2024-02-09T13:00:00Z", "2024-02-09T12:00:00Z", 1800, abc});
}

/* The whole file loads without a warning. */
static void test_ics_rfc_corners_load_quietly(void **state)
{
    (void)state;
    lsn_calendar *cal = load_rfc();
    assert_int_equal(lsn_calendar_stats(cal)->vevents, 8);
    assert_no_warnings();
}

/* ------------------------------------------------------------------ */
/* 9. A stale copy of a moved single meeting                            */

/*
 * stale/a.ics (SEQUENCE 1) and stale/b.ics (SEQUENCE 0, older DTSTAMP),
 * window 2024-01-01..2024-03-01. single-1: moved Jan 10 -> Jan 11: one
 * meeting at Jan 11 10:00Z (not two). single-2: moved Jan 12 -> Mar 5, out
 * of the window: no meeting, although the stale copy lies inside it.
 * read = used = 1, duplicates_merged 1 (single-1's stale copy).
 */
static void test_ics_stale_copy_of_single_meeting_is_not_a_second_meeting(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("stale"), "2024-01-01", "2024-03-01", NULL);
    assert_counts(cal, (struct counts){.read = 1, .used = 1, .duplicates = 1});
    SERIES(cal, "single-1", {"2024-01-11T10:00:00Z", NULL, 3600, AB});
    assert_series(cal, "single-2", NULL, 0);
    assert_no_warnings();
}

/* ------------------------------------------------------------------ */
/* 10. Files and folders, and input errors                              */

/*
 * folder/ holds a/z.ics, b.ics, notes.txt and .hidden.ics. Path order:
 * folder/a/z.ics, folder/b.ics (notes.txt is not a calendar: warned and
 * skipped; .hidden.ics is never read). Both calendars hold tie-1 with the
 * same SEQUENCE and DTSTAMP: the final tie goes to the first file in path
 * order, a/z.ics (Jan 10 10:00Z, 1 h). read 1, used 1, duplicates 1.
 */
static void test_ics_folder_read_recursively_in_path_order(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("folder"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(cal, (struct counts){.read = 1, .used = 1, .duplicates = 1});
    SERIES(cal, "tie-1", {"2024-01-10T10:00:00Z", NULL, 3600, AB});
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    assert_int_equal(st->files, 2);
    assert_int_equal(st->vevents, 2);
    size_t nf;
    const char *const *files = lsn_calendar_files(cal, &nf);
    assert_int_equal(nf, 2);
    assert_string_equal(files[0], FX("folder") "/a/z.ics");
    assert_string_equal(files[1], FX("folder") "/b.ics");
    print_warnings();
    assert_int_equal(warnings.count, 1);
    assert_string_equal(warnings.message[0],
                        FX("folder") "/notes.txt:1: not a calendar file (expected iCalendar: "
                                     "BEGIN:VCALENDAR); skipped");
}

/*
 * The same folder named with a slash at its end ("folder/"): the files are
 * still FOLDER/a/z.ics and FOLDER/b.ics, one slash between the folder and
 * each name, as the warnings and report.json spell them.
 */
static void test_ics_folder_named_with_a_slash_gives_the_same_paths(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("folder/"), "2024-01-01", "2024-02-01", NULL);
    size_t nf;
    const char *const *files = lsn_calendar_files(cal, &nf);
    assert_int_equal(nf, 2);
    assert_string_equal(files[0], FX("folder") "/a/z.ics");
    assert_string_equal(files[1], FX("folder") "/b.ics");
    assert_int_equal(warnings.count, 1);
    assert_string_equal(warnings.message[0],
                        FX("folder") "/notes.txt:1: not a calendar file (expected iCalendar: "
                                     "BEGIN:VCALENDAR); skipped");
}

/* Named directly, the same non-calendar file is an error: LSN_EPARSE with
 * "FILE:1: ..." and no calendar. */
static void test_ics_named_non_calendar_is_parse_error(void **state)
{
    (void)state;
    const char *paths[] = {FX("folder/notes.txt")};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = "2024-01-01";
    o.to = "2024-02-01";
    load_fails(paths, 1, &o, LSN_EPARSE,
               FX("folder/notes.txt") ":1: not a calendar file (expected iCalendar: "
                                      "BEGIN:VCALENDAR)");
}

/* A missing file: LSN_EIO "PATH: cannot read: No such file or directory",
 * also when it comes after a good one. */
static void test_ics_missing_file_is_io_error(void **state)
{
    (void)state;
    const char *paths[] = {FX("weekly_series.ics"), FX("no_such_file.ics")};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.from = "2024-01-01";
    o.to = "2024-02-01";
    load_fails(paths, 2, &o, LSN_EIO,
               FX("no_such_file.ics") ": cannot read: No such file or directory");
}

/* A bad --tz, --from or --to is LSN_EINVAL naming the option. */
static void test_ics_bad_options_are_invalid(void **state)
{
    (void)state;
    const char *paths[] = {FX("weekly_series.ics")};
    lsn_load_options o = LSN_LOAD_OPTIONS_INIT;
    o.tz = "Mars/Olympus_Mons";
    load_fails(paths, 1, &o, LSN_EINVAL, "--tz: unknown time zone 'Mars/Olympus_Mons'");

    lsn_load_options f = LSN_LOAD_OPTIONS_INIT;
    f.from = "2024-02-30";
    load_fails(paths, 1, &f, LSN_EINVAL, "--from: '2024-02-30' is not a date (YYYY-MM-DD)");

    lsn_load_options t = LSN_LOAD_OPTIONS_INIT;
    t.from = "2024-02-01";
    t.to = "2024-01-01";
    load_fails(paths, 1, &t, LSN_EINVAL, "--to must be after --from");
}

/* ------------------------------------------------------------------ */
/* 11. The default window                                               */

/*
 * default_window.ics without --from/--to: the newest DTSTAMP is
 * 2024-03-15T12:00Z; the latest instance start not after it is the weekly
 * Thursday of 2024-03-14 10:00Z (later-1 on Apr 1 is after it). to =
 * 2024-03-15, from = to - 91 days = 2023-12-15. In the window: Thursdays
 * Jan 4 .. Mar 14 = 11 instances of dw-weekly; later-1 is out.
 */
static void test_ics_default_window_ends_after_latest_past_instance(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("default_window.ics"), NULL, NULL, NULL);
    const lsn_window *w = lsn_calendar_window(cal);
    assert_string_equal(w->from_date, "2023-12-15");
    assert_string_equal(w->to_date, "2024-03-15");
    assert_string_equal(w->tz, "UTC");
    assert_int_equal(w->from, utc("2023-12-15T00:00:00Z"));
    assert_int_equal(w->to, utc("2024-03-15T00:00:00Z"));
    assert_counts(cal, (struct counts){.read = 11, .used = 11});
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    assert_int_equal(n, 11);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(in[i].start, utc("2024-01-04T10:00:00Z") + (int64_t)i * 7 * 86400);
    }
    assert_string_equal(iso(in[10].start), "2024-03-14T10:00:00Z");
    assert_series(cal, "later-1", NULL, 0);
    assert_no_warnings();
}

/* ------------------------------------------------------------------ */
/* 12. Latin-1 input                                                    */

/*
 * latin1.ics is ISO-8859-1 ("R\xe9union d'\xe9quipe"): it loads with the
 * warning "PATH: not valid UTF-8, read as Latin-1" and the summary comes out
 * as UTF-8 "Réunion d'équipe".
 */
static void test_ics_latin1_file_is_converted_to_utf8(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("latin1.ics"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(cal, (struct counts){.read = 1, .used = 1});
    SERIES(cal, "latin1-1", {"2024-01-10T10:00:00Z", NULL, 3600, AB});
    size_t ns;
    const lsn_series *s = lsn_calendar_series(cal, &ns);
    assert_int_equal(ns, 1);
    assert_string_equal(s[0].summary, "R\xc3\xa9union d'\xc3\xa9quipe");
    print_warnings();
    assert_int_equal(warnings.count, 1);
    assert_string_equal(warnings.message[0], FX("latin1.ics") ": not valid UTF-8, read as Latin-1");
}

/* ------------------------------------------------------------------ */
/* More corners: zones, COUNT, unusable rules, long EXDATE lists        */

/*
 * zoned_corners.ics, window 2024-01-01..2024-02-01 UTC, Europe/Berlin
 * (UTC+1): zu-1 DAILY 23:30 local UNTIL=20240110 (a DATE: the whole local
 * day) -> Jan 8, 9, 10 at 22:30Z; zx-1 DAILY 00:30 local COUNT=3 = Jan 14,
 * 15, 16 at 23:30Z, EXDATE;VALUE=DATE:20240116 removes the local Jan 16 one
 * (Jan 15 23:30Z). read = used = 5.
 */
static void test_ics_date_until_and_exdate_use_the_event_zone_day(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("zoned_corners.ics"), "2024-01-01", "2024-02-01", NULL);
    assert_counts(cal, (struct counts){.read = 5, .used = 5});
    SERIES(cal, "zu-1", {"2024-01-08T22:30:00Z", NULL, 900, AB},
           {"2024-01-09T22:30:00Z", NULL, 900, AB}, {"2024-01-10T22:30:00Z", NULL, 900, AB});
    SERIES(cal, "zx-1", {"2024-01-14T23:30:00Z", NULL, 1800, AB},
           {"2024-01-16T23:30:00Z", NULL, 1800, AB});
    assert_no_warnings();
}

/*
 * floating_dst.ics, --tz America/New_York, window 2024-03-01..2024-04-01: a
 * floating weekly Monday 09:00 follows New York across Sun 2024-03-10:
 * Mar 4 14:00Z, Mar 11 13:00Z, Mar 18 13:00Z.
 */
static void test_ics_floating_series_follows_tz_across_dst(void **state)
{
    (void)state;
    lsn_calendar *cal =
        load1(FX("floating_dst.ics"), "2024-03-01", "2024-04-01", "America/New_York");
    assert_counts(cal, (struct counts){.read = 3, .used = 3});
    SERIES(cal, "float-weekly", {"2024-03-04T14:00:00Z", NULL, 1800, AB},
           {"2024-03-11T13:00:00Z", NULL, 1800, AB}, {"2024-03-18T13:00:00Z", NULL, 1800, AB});
    assert_no_warnings();
}

/*
 * count_offrule.ics: DTSTART Tue Jan 2 10:00Z, WEEKLY BYDAY=MO COUNT=3. The
 * off-rule DTSTART is the first instance (SPEC §1.4) and, per RFC 5545
 * §3.3.10, "the DTSTART property value always counts as the first
 * occurrence" of COUNT: Jan 2, 8, 15 — three, not four.
 */
static void test_ics_off_rule_dtstart_counts_toward_count(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("count_offrule.ics"), "2024-01-01", "2024-03-01", NULL);
    SERIES(cal, "offcount-1", {"2024-01-02T10:00:00Z", NULL, 3600, AB},
           {"2024-01-08T10:00:00Z", NULL, 3600, AB}, {"2024-01-15T10:00:00Z", NULL, 3600, AB});
    assert_counts(cal, (struct counts){.read = 3, .used = 3});
}

/*
 * rrule_unusable.ics: RRULE:FREQ=WEEKLY;BYMONTHDAY=5;COUNT=3 parses but is
 * invalid (RFC 5545: BYMONTHDAY MUST NOT be used with WEEKLY) and cannot be
 * expanded. The event cannot be used: malformed once, with a warning naming
 * file:line (10) and UID. good-2 is used. read 2 = used 1 + malformed 1.
 */
static void test_ics_unexpandable_rrule_is_malformed_with_warning(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("rrule_unusable.ics"), "2024-01-01", "2024-03-01", NULL);
    print_warnings();
    SERIES(cal, "good-2", {"2024-01-10T10:00:00Z", NULL, 3600, AB});
    assert_series(cal, "weekly-monthday-1", NULL, 0);
    assert_counts(cal, (struct counts){.read = 2, .used = 1, .malformed = 1});
    const char *prefix = FX("rrule_unusable.ics") ":10: weekly-monthday-1: ";
    bool found = false;
    for (int i = 0; i < warnings.count && i < MAX_WARNINGS; i++) {
        found = found || (strncmp(warnings.message[i], prefix, strlen(prefix)) == 0 &&
                          strstr(warnings.message[i], "RRULE") != NULL);
    }
    assert_true(found);
}

/*
 * exdate_many_days.ics: DAILY 10:00Z COUNT=70 from Jan 1 (Jan 1 .. Mar 10),
 * one EXDATE;VALUE=DATE listing the 65 days Jan 1 .. Mar 5: every one of
 * them removes its instance -> Mar 6, 7, 8, 9, 10.
 */
static void test_ics_every_date_exdate_applies_however_many(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("exdate_many_days.ics"), "2024-01-01", "2024-04-01", NULL);
    SERIES(cal, "many-exdays-1", {"2024-03-06T10:00:00Z", NULL, 1800, AB},
           {"2024-03-07T10:00:00Z", NULL, 1800, AB}, {"2024-03-08T10:00:00Z", NULL, 1800, AB},
           {"2024-03-09T10:00:00Z", NULL, 1800, AB}, {"2024-03-10T10:00:00Z", NULL, 1800, AB});
    assert_counts(cal, (struct counts){.read = 5, .used = 5});
    assert_no_warnings();
}

/*
 * default_window_old.ics: the only DTSTAMP is the export time 2024-03-15,
 * years after the series (Mondays 10:00Z 2021-01-04 .. 2021-06-28) ended.
 * The latest instance start not later than it is 2021-06-28 10:00Z: to =
 * 2021-06-29, from = 2021-03-30; in the window Mondays Apr 5 .. Jun 28 2021
 * = 13 instances.
 */
static void test_ics_default_window_finds_series_that_ended_long_ago(void **state)
{
    (void)state;
    lsn_calendar *cal = load1(FX("default_window_old.ics"), NULL, NULL, NULL);
    const lsn_window *w = lsn_calendar_window(cal);
    print_message("window %s..%s\n", w->from_date, w->to_date);
    assert_string_equal(w->to_date, "2021-06-29");
    assert_string_equal(w->from_date, "2021-03-30");
    assert_counts(cal, (struct counts){.read = 13, .used = 13});
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    assert_int_equal(n, 13);
    assert_string_equal(iso(in[0].start), "2021-04-05T10:00:00Z");
    assert_string_equal(iso(in[12].start), "2021-06-28T10:00:00Z");
    assert_no_warnings();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_ics_moved_and_cancelled_instances_replace_originals),
        T(test_ics_occurrence_in_a_daytime_gap_is_libicals),
        T(test_ics_mailbox_copies_merge_like_combined_export),
        T(test_ics_higher_sequence_beats_newer_dtstamp),
        T(test_ics_declined_external_organizer_is_not_listed),
        T(test_ics_presence_rules_rooms_declines_groups_outsiders),
        T(test_ics_skipped_instances_get_first_reason),
        T(test_ics_floating_time_and_window_edges_follow_tz),
        T(test_ics_dst_change_from_vtimezone),
        T(test_ics_dst_change_from_system_zone),
        T(test_ics_dst_change_from_windows_zone_name),
        T(test_ics_window_edges_and_moves_across_them),
        T(test_ics_duration_property_gives_length),
        T(test_ics_until_date_includes_whole_day),
        T(test_ics_exdate_date_removes_every_instance_that_day),
        T(test_ics_dtstart_off_rule_is_first_instance),
        T(test_ics_rdate_adds_instances),
        T(test_ics_thisandfuture_override_applies_to_later_instances),
        T(test_ics_rfc_corners_load_quietly),
        T(test_ics_stale_copy_of_single_meeting_is_not_a_second_meeting),
        T(test_ics_folder_read_recursively_in_path_order),
        T(test_ics_folder_named_with_a_slash_gives_the_same_paths),
        T(test_ics_named_non_calendar_is_parse_error),
        T(test_ics_missing_file_is_io_error),
        T(test_ics_bad_options_are_invalid),
        T(test_ics_default_window_ends_after_latest_past_instance),
        T(test_ics_latin1_file_is_converted_to_utf8),
        T(test_ics_date_until_and_exdate_use_the_event_zone_day),
        T(test_ics_floating_series_follows_tz_across_dst),
        T(test_ics_off_rule_dtstart_counts_toward_count),
        T(test_ics_unexpandable_rrule_is_malformed_with_warning),
        T(test_ics_every_date_exdate_applies_however_many),
        T(test_ics_default_window_finds_series_that_ended_long_ago),
        /* Last: under UBSan a loader bug (memcmp on a NULL array, load.c
         * same_recurrence) aborts the whole executable here. */
        T(test_ics_mailbox_copies_of_series_merge_per_instance),
    };
#undef T
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
