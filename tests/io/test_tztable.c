/*
 * tests/io/test_tztable.c — the table of a zone's UTC offsets gives the
 * instant libical's icaltime_as_timet_with_zone() gives, to the second,
 * for every hour of 1970-2040 and every minute (and the seconds on either
 * side) around each of the zone's transitions, in zones with odd rules and
 * in zones defined by a VTIMEZONE; local times in gaps and overlaps
 * included, since the loader converts whatever a recurrence produces.
 */
#include "io/tztable.h"

#include "io/error.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#define HOUR 3600
#define DAY 86400

/* Seconds of 1970-01-01 and 2041-01-01, local wall clock. */
#define FROM 0
#define TO 2240611200LL

static icaltimetype fields(int64_t local)
{
    return icaltime_from_timet_with_zone((time_t)local, 0, icaltimezone_get_utc_timezone());
}

static int64_t libical(icaltimetype t, const icaltimezone *zone)
{
    t.zone = NULL;
    return (int64_t)icaltime_as_timet_with_zone(t, zone);
}

/* Same instant as libical at local second l; prints the first difference. */
static int check(const lsn_tztable *t, const icaltimezone *zone, const char *name, int64_t l)
{
    icaltimetype x = fields(l);
    x.zone = NULL;
    int64_t want = libical(x, zone), got = lsn_tztable_to_utc(t, x);
    if (want != got) {
        printf("%s: %04d-%02d-%02d %02d:%02d:%02d: libical %lld, table %lld\n", name, x.year,
               x.month, x.day, x.hour, x.minute, x.second, (long long)want, (long long)got);
        return 1;
    }
    return 0;
}

static void check_zone(const icaltimezone *zone, const char *name, size_t least_spans)
{
    lsn_tztable *t = NULL;
    assert_int_equal(lsn_tztable_build(&t, zone, 1970, 2040), LSN_OK);
    size_t spans = lsn_tztable_spans(t);
    if (spans < least_spans) {
        printf("%s: %zu spans, expected at least %zu\n", name, spans, least_spans);
    }
    assert_true(spans >= least_spans);
    int bad = 0;
    for (int64_t l = FROM; l < TO && bad == 0; l += HOUR) {
        bad += check(t, zone, name, l);
    }
    /* Around every change of libical's answer (found by hourly steps):
     * every minute of the six hours around it, and the seconds beside. */
    int64_t prev = libical(fields(FROM), zone) - FROM;
    for (int64_t l = FROM + HOUR; l < TO && bad == 0; l += HOUR) {
        int64_t off = libical(fields(l), zone) - l;
        if (off == prev) {
            continue;
        }
        prev = off;
        for (int64_t m = l - 3 * HOUR; m < l + 3 * HOUR && bad == 0; m += 60) {
            bad += check(t, zone, name, m) + check(t, zone, name, m - 1) +
                   check(t, zone, name, m + 1);
        }
    }
    lsn_tztable_free(t);
    assert_int_equal(bad, 0);
}

static void check_builtin(const char *name, size_t least_spans)
{
    icaltimezone *zone = icaltimezone_get_builtin_timezone(name);
    assert_non_null(zone);
    check_zone(zone, name, least_spans);
}

/* Irish Standard Time is the summer offset: winter is the "DST" (negative). */
static void test_tztable_matches_libical_in_dublin_negative_dst(void **state)
{
    (void)state;
    check_builtin("Europe/Dublin", 100);
}

/* Lord Howe moves its clocks by 30 minutes. */
static void test_tztable_matches_libical_in_lord_howe_half_hour_dst(void **state)
{
    (void)state;
    check_builtin("Australia/Lord_Howe", 60);
}

/* Sao Paulo kept DST until 2019, and none since. */
static void test_tztable_matches_libical_in_sao_paulo_abolished_dst(void **state)
{
    (void)state;
    check_builtin("America/Sao_Paulo", 40);
}

/* Apia skipped 2011-12-30 crossing the date line (-10 to +14). */
static void test_tztable_matches_libical_in_apia_date_line_jump(void **state)
{
    (void)state;
    check_builtin("Pacific/Apia", 10);
}

/* Kathmandu: +5:30, then +5:45 since 1986, no DST. */
static void test_tztable_matches_libical_in_kathmandu_quarter_hour(void **state)
{
    (void)state;
    check_builtin("Asia/Kathmandu", 2);
}

/* Casablanca suspends its offset during Ramadan. */
static void test_tztable_matches_libical_in_casablanca_ramadan(void **state)
{
    (void)state;
    check_builtin("Africa/Casablanca", 40);
}

static void test_tztable_matches_libical_in_st_johns_half_hour_zone(void **state)
{
    (void)state;
    check_builtin("America/St_Johns", 100);
}

/* Troll jumps two hours (+00 to +02). */
static void test_tztable_matches_libical_in_troll_two_hour_dst(void **state)
{
    (void)state;
    check_builtin("Antarctica/Troll", 20);
}

static void test_tztable_matches_libical_in_tehran_and_moscow(void **state)
{
    (void)state;
    check_builtin("Asia/Tehran", 40);
    check_builtin("Europe/Moscow", 40);
}

static void test_tztable_matches_libical_in_common_zones(void **state)
{
    (void)state;
    check_builtin("America/New_York", 100);
    check_builtin("Europe/Berlin", 100);
    check_builtin("Asia/Kolkata", 1);
    check_builtin("UTC", 1);
}

static icaltimezone *vtimezone(const char *text)
{
    icalcomponent *c = icalparser_parse_string(text);
    assert_non_null(c);
    icaltimezone *z = icaltimezone_new();
    assert_non_null(z);
    assert_int_equal(icaltimezone_set_component(z, c), 1);
    return z;
}

/* Zones as a file defines them: rules with odd offsets, a DST that lowers
 * the offset, and a zone with a single observance. */
static void test_tztable_matches_libical_in_vtimezone_zones(void **state)
{
    (void)state;
    icaltimezone *odd = vtimezone("BEGIN:VTIMEZONE\r\nTZID:Test/Odd\r\n"
                                  "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
                                  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
                                  "TZOFFSETFROM:+0615\r\nTZOFFSETTO:+0545\r\nEND:STANDARD\r\n"
                                  "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\n"
                                  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                                  "TZOFFSETFROM:+0545\r\nTZOFFSETTO:+0615\r\nEND:DAYLIGHT\r\n"
                                  "END:VTIMEZONE\r\n");
    icaltimezone *negative = vtimezone("BEGIN:VTIMEZONE\r\nTZID:Test/Negative\r\n"
                                       "BEGIN:STANDARD\r\nDTSTART:19710328T010000\r\n"
                                       "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                                       "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
                                       "BEGIN:DAYLIGHT\r\nDTSTART:19711031T020000\r\n"
                                       "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
                                       "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nEND:DAYLIGHT\r\n"
                                       "END:VTIMEZONE\r\n");
    icaltimezone *fixed = vtimezone("BEGIN:VTIMEZONE\r\nTZID:Test/Fixed\r\n"
                                    "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
                                    "TZOFFSETFROM:-0330\r\nTZOFFSETTO:-0330\r\nEND:STANDARD\r\n"
                                    "END:VTIMEZONE\r\n");
    check_zone(odd, "Test/Odd", 100);
    check_zone(negative, "Test/Negative", 100);
    check_zone(fixed, "Test/Fixed", 1);
    icaltimezone_free(odd, 1);
    icaltimezone_free(negative, 1);
    icaltimezone_free(fixed, 1);
}

/* The cache converts through libical until a zone is used often, then
 * through its table: the same instants either way, dates (midnight) and
 * times outside the table's years included. */
static void test_tzcache_gives_libicals_instants_before_and_after_the_table(void **state)
{
    (void)state;
    lsn_tzcache *c = lsn_tzcache_new();
    assert_non_null(c);
    const char *names[] = {"Europe/London", "America/Los_Angeles", "Australia/Lord_Howe"};
    int bad = 0;
    /* 2026 first (the table is built around the year of use), then far years. */
    for (int64_t l = 1767225600LL; l < 1767225600LL + 400LL * DAY; l += 1800) {
        for (size_t z = 0; z < 3; z++) {
            const icaltimezone *zone = icaltimezone_get_builtin_timezone(names[z]);
            icaltimetype x = fields(l);
            x.zone = NULL;
            x.is_date = (l / 1800) % 7 == 0;
            icaltimetype y = x;
            if (y.is_date) {
                y.is_date = 0;
                y.hour = y.minute = y.second = 0;
            }
            bad += lsn_tzcache_to_utc(c, zone, x) != libical(y, zone);
            icaltimetype far = fields(l - 40LL * 365 * DAY);
            far.zone = NULL;
            bad += lsn_tzcache_to_utc(c, zone, far) != libical(far, zone);
        }
    }
    lsn_tzcache_free(c);
    lsn_tzcache_free(NULL);
    assert_int_equal(bad, 0);
}

/* Caches on three threads taking their tables from one share: the same
 * instants as libical on every thread, and each zone's table built once,
 * not once per thread. */
struct sharer {
    lsn_tzshare *share;
    int bad;
};

static void *convert_beside(void *arg)
{
    struct sharer *s = arg;
    lsn_tzcache *c = lsn_tzcache_new();
    lsn_tzcache_share(c, s->share);
    const char *names[] = {"Europe/London", "America/Los_Angeles", "Australia/Lord_Howe"};
    for (int64_t l = 1767225600LL; l < 1767225600LL + 400LL * DAY; l += 1800) {
        for (size_t z = 0; z < 3; z++) {
            const icaltimezone *zone = icaltimezone_get_builtin_timezone(names[z]);
            icaltimetype x = fields(l);
            x.zone = NULL;
            s->bad += lsn_tzcache_to_utc(c, zone, x) != libical(x, zone);
        }
    }
    lsn_tzcache_free(c);
    return NULL;
}

static void test_tzshare_builds_each_zones_table_once_for_every_thread(void **state)
{
    (void)state;
    lsn_tzshare *share = lsn_tzshare_new();
    assert_non_null(share);
    icaltimezone_get_builtin_timezones(); /* set up before the threads, as the loader does */
    struct sharer s[3];
    pthread_t t[3];
    for (int i = 0; i < 3; i++) {
        s[i] = (struct sharer){share, 0};
        assert_int_equal(pthread_create(&t[i], NULL, convert_beside, &s[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(s[i].bad, 0);
    }
    assert_int_equal(lsn_tzshare_tables(share), 3);
    lsn_tzshare_free(share);
    lsn_tzshare_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tztable_matches_libical_in_dublin_negative_dst),
        cmocka_unit_test(test_tztable_matches_libical_in_lord_howe_half_hour_dst),
        cmocka_unit_test(test_tztable_matches_libical_in_sao_paulo_abolished_dst),
        cmocka_unit_test(test_tztable_matches_libical_in_apia_date_line_jump),
        cmocka_unit_test(test_tztable_matches_libical_in_kathmandu_quarter_hour),
        cmocka_unit_test(test_tztable_matches_libical_in_casablanca_ramadan),
        cmocka_unit_test(test_tztable_matches_libical_in_st_johns_half_hour_zone),
        cmocka_unit_test(test_tztable_matches_libical_in_troll_two_hour_dst),
        cmocka_unit_test(test_tztable_matches_libical_in_tehran_and_moscow),
        cmocka_unit_test(test_tztable_matches_libical_in_common_zones),
        cmocka_unit_test(test_tztable_matches_libical_in_vtimezone_zones),
        cmocka_unit_test(test_tzcache_gives_libicals_instants_before_and_after_the_table),
        cmocka_unit_test(test_tzshare_builds_each_zones_table_once_for_every_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
