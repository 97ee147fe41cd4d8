/*
 * tests/io/test_rrule.c — io/rrule.h against libical's own iterator: for
 * thousands of random rules of the kinds it steps through (every FREQ,
 * INTERVAL 1 to 4, BYDAY with and without ordinals, BYMONTHDAY from both
 * ends, WKST, COUNT, UNTIL in UTC) from random DTSTARTs (month ends, leap days, dates
 * that do not match the rule, all-day ones, times in a DST gap, in a zone
 * and floating), the first 80 occurrences must be libical's: field by
 * field when floating, the same instants in a zone up to the first one
 * within three hours after a change of offset (where the expansion turns
 * to libical); the rules it refuses must be those it says it refuses.
 */
#include "io/rrule.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

static int pick(int n)
{
    return rand() % n;
}

/* A random rule of the kinds io/rrule.c steps through (and a few it refuses). */
static void random_rule(char *out, size_t size)
{
    static const char *const freqs[] = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
    int f = pick(4);
    int n = snprintf(out, size, "FREQ=%s", freqs[f]);
    if (pick(3) == 0) {
        n += snprintf(out + n, size - (size_t)n, ";INTERVAL=%d", 1 + pick(4));
    }
    if (pick(3) == 0) {
        n += snprintf(out + n, size - (size_t)n, ";COUNT=%d", 1 + pick(30));
    }
    if (pick(4) == 0) {
        n += snprintf(out + n, size - (size_t)n, ";WKST=%s", days[pick(7)]);
    }
    if (pick(4) == 0) {
        /* an UNTIL in UTC, within a few years of the starts drawn */
        n += snprintf(out + n, size - (size_t)n, ";UNTIL=%04d%02d%02dT%02d%02d00Z", 2016 + pick(14),
                      1 + pick(12), 1 + pick(28), pick(24), pick(4) * 15);
    }
    int by = pick(4);
    if (by == 1 && f != 3) {
        /* BYDAY without ordinals */
        n += snprintf(out + n, size - (size_t)n, ";BYDAY=");
        int k = 1 + pick(4);
        for (int i = 0; i < k; i++) {
            n += snprintf(out + n, size - (size_t)n, "%s%s", i ? "," : "", days[pick(7)]);
        }
    } else if (by == 2 && f == 2) {
        /* BYDAY with ordinals */
        n += snprintf(out + n, size - (size_t)n, ";BYDAY=");
        int k = 1 + pick(2);
        for (int i = 0; i < k; i++) {
            int o = pick(2) ? 1 + pick(5) : -1 - pick(5);
            n += snprintf(out + n, size - (size_t)n, "%s%d%s", i ? "," : "", o, days[pick(7)]);
        }
    } else if (by == 3 && f == 2) {
        n += snprintf(out + n, size - (size_t)n, ";BYMONTHDAY=");
        int k = 1 + pick(3);
        for (int i = 0; i < k; i++) {
            int d = pick(2) ? 1 + pick(28) : -1 - pick(28);
            n += snprintf(out + n, size - (size_t)n, "%s%d", i ? "," : "", d);
        }
    }
}

static icaltimetype random_start(void)
{
    icaltimetype t = icaltime_null_time();
    t.year = 2016 + pick(12);
    t.month = 1 + pick(12);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int dim = mdays[t.month - 1] + (t.month == 2 && t.year % 4 == 0);
    t.day = pick(3) == 0 ? dim - pick(3) : 1 + pick(dim);
    if (pick(6) == 0) {
        t.is_date = 1;
    } else {
        t.hour = pick(4) == 0 ? 2 : pick(24); /* 02:xx: in a DST gap on some days */
        t.minute = pick(4) * 15;
    }
    return t;
}

static int
compare_one(const char *text, icaltimetype dt, const icaltimezone *zone, int *fast, int *near)
{
    struct icalrecurrencetype r = icalrecurrencetype_from_string(text);
    lsn_rrule_iter it;
    icaltimetype zdt = dt;
    zdt.zone = zone;
    if (!lsn_rrule_until_ok(&r, zdt) || !lsn_rrule_iter_init(&it, &r, zdt)) {
        return 0;
    }
    /* UNTIL as the expansion applies it: instants compared */
    bool until_set = !icaltime_is_null_time(r.until);
    time_t until = until_set ? icaltime_as_timet_with_zone(r.until, r.until.zone) : 0;
    (*fast)++;
    icalrecur_iterator *li = icalrecur_iterator_new(r, zdt);
    assert_non_null(li);
    for (int k = 0; k < 80; k++) {
        icaltimetype want = icalrecur_iterator_next(li);
        icaltimetype got = lsn_rrule_iter_next(&it);
        if (until_set && !icaltime_is_null_time(got)) {
            icaltimetype z = got;
            z.zone = zone;
            if (icaltime_as_timet_with_zone(z, zone) > until) {
                got = icaltime_null_time();
            }
        }
        bool wn = icaltime_is_null_time(want), gn = icaltime_is_null_time(got);
        if (wn && gn) {
            break;
        }
        /* In a zone, libical moves a time in a DST gap to after it (02:15 to
         * 03:15); the instant is the same, and the instant is what the
         * expansion keeps. Floating, the fields must agree. */
        if (!gn && zone != NULL && !got.is_date) {
            /* Near a change of offset the expansion uses libical: so does the test. */
            icaltimetype before = got;
            before.zone = zone;
            icaltime_adjust(&before, 0, -3, 0, 0);
            got.zone = zone;
            if (lsn_rrule_near_change(icaltime_as_timet_with_zone(got, zone),
                                      icaltime_as_timet_with_zone(before, zone))) {
                (*near)++;
                break;
            }
        }
        bool same = !wn && !gn && want.is_date == got.is_date;
        if (same && zone != NULL && !got.is_date) {
            got.zone = zone;
            same = icaltime_as_timet_with_zone(want, want.zone) ==
                   icaltime_as_timet_with_zone(got, zone);
        } else if (same) {
            same = want.year == got.year && want.month == got.month && want.day == got.day &&
                   want.hour == got.hour && want.minute == got.minute && want.second == got.second;
        }
        if (!same) {
            fail_msg("%s from %s%s: occurrence %d is %s, libical's %s", text,
                     icaltime_as_ical_string(dt), zone ? " (zoned)" : "", k,
                     gn ? "none" : icaltime_as_ical_string(got),
                     wn ? "none" : icaltime_as_ical_string(want));
        }
    }
    icalrecur_iterator_free(li);
    return 0;
}

static void test_random_rules_match_libical(void **state)
{
    (void)state;
    srand(20261207);
    icaltimezone *ny = icaltimezone_get_builtin_timezone("America/New_York");
    assert_non_null(ny);
    int fast = 0, total = 0, near = 0;
    for (int i = 0; i < 20000; i++) {
        char text[256];
        random_rule(text, sizeof(text));
        icaltimetype dt = random_start();
        compare_one(text, dt, i % 2 ? ny : NULL, &fast, &near);
        total++;
    }
    /* Most of the rules drawn are ones it steps through. */
    assert_true(fast > total / 2);
    assert_true(near < fast / 10); /* few cases stop at a change of offset */
}

/* Read a whole file; NULL when it cannot be read. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *more = realloc(buf, cap);
            assert_non_null(more);
            buf = more;
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(f);
    if (buf != NULL) {
        buf[len] = '\0';
    }
    return buf;
}

/* The rules of the third-party calendars of the shared corpus, from their
 * own DTSTARTs and zones: whatever io/rrule.c takes gives libical's
 * occurrences. */
static void test_corpus_rules_match_libical(void **state)
{
    (void)state;
    static const char *const files[] = {
        "ical4j__Standup.ics",
        "ical4j__calconnect.ics",
        "ical4j__google_aus_holidays.ics",
        "ical4j__korganizer_sample.ics",
        "icaljs__multiple_rrules.ics",
        "icaljs__recur_instances.ics",
        "icaljs__google_birthday.ics",
        "allenporter__office_356_custom_timezone.ics",
        "allenporter__office_360_nz_tz.ics",
        "icalnet__Calendar1.ics",
    };
    int fast = 0, near = 0, rules = 0;
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/corpus/ics/%s", LSN_SHARED_DIR, files[i]);
        char *text = slurp(path);
        if (text == NULL) {
            continue; /* the corpus lives beside the project, not in it */
        }
        icalcomponent *cal = icalparser_parse_string(text);
        free(text);
        if (cal == NULL) {
            continue;
        }
        for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
             ev != NULL; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
            icalproperty *rp = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
            if (rp == NULL) {
                continue;
            }
            icaltimetype dt = icalcomponent_get_dtstart(ev);
            if (icaltime_is_null_time(dt)) {
                continue;
            }
            struct icalrecurrencetype r = icalproperty_get_rrule(rp);
            char *rule = icalrecurrencetype_as_string_r(&r);
            if (rule == NULL) {
                continue;
            }
            const icaltimezone *zone = dt.zone;
            dt.zone = NULL;
            compare_one(rule, dt, zone, &fast, &near);
            rules++;
            free(rule);
        }
        icalcomponent_free(cal);
    }
    if (rules > 0) {
        assert_true(fast >= 5); /* most real rules are of the kinds it takes */
    }
}

/* Rules it must leave to libical. */
static void test_refused(void **state)
{
    (void)state;
    const char *const refused[] = {
        "FREQ=MONTHLY;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=13",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "FREQ=DAILY;INTERVAL=7;BYDAY=TU",
        "FREQ=WEEKLY;BYDAY=1MO",
        "FREQ=MONTHLY;BYDAY=1MO;BYSETPOS=1",
        "FREQ=HOURLY",
        "FREQ=DAILY;BYHOUR=9,17",
        "FREQ=MONTHLY;BYDAY=MO,1TU",
        "FREQ=YEARLY;BYYEARDAY=100",
        "FREQ=MONTHLY;BYMONTH=1,7;BYMONTHDAY=1",
    };
    icaltimetype dt = icaltime_from_string("20260105T090000");
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        struct icalrecurrencetype r = icalrecurrencetype_from_string(refused[i]);
        lsn_rrule_iter it;
        if (lsn_rrule_iter_init(&it, &r, dt)) {
            fail_msg("%s was not refused", refused[i]);
        }
    }
    /* The 31st monthly and a leap day yearly: refused from such a DTSTART. */
    struct icalrecurrencetype m = icalrecurrencetype_from_string("FREQ=MONTHLY");
    struct icalrecurrencetype y = icalrecurrencetype_from_string("FREQ=YEARLY");
    lsn_rrule_iter it;
    assert_false(lsn_rrule_iter_init(&it, &m, icaltime_from_string("20260131T090000")));
    assert_false(lsn_rrule_iter_init(&it, &y, icaltime_from_string("20240229T090000")));
    assert_true(lsn_rrule_iter_init(&it, &m, icaltime_from_string("20260128T090000")));
}

/* A weekly rule from a DTSTART that does not match it, with COUNT. */
static void test_weekly_count(void **state)
{
    (void)state;
    struct icalrecurrencetype r = icalrecurrencetype_from_string("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3");
    lsn_rrule_iter it;
    assert_true(
        lsn_rrule_iter_init(&it, &r, icaltime_from_string("20260105T090000"))); /* a Monday */
    const char *const want[] = {"20260106T090000", "20260108T090000", "20260113T090000"};
    for (int k = 0; k < 3; k++) {
        icaltimetype t = lsn_rrule_iter_next(&it);
        assert_string_equal(icaltime_as_ical_string(t), want[k]);
    }
    assert_true(icaltime_is_null_time(lsn_rrule_iter_next(&it)));
}

int main(void)
{
    icalerror_set_errors_are_fatal(0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_rules_match_libical),
        cmocka_unit_test(test_corpus_rules_match_libical),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_weekly_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
