/*
 * tests/io/test_civil.c — civil dates as day numbers (io/civil.c). The
 * right answers are fixed points anyone can check: 1970-01-01 is day 0 and
 * a Thursday, 2000-03-01 is day 11017 (30 years of 365 days, 7 leap days
 * 1972..1996, then 31 + 29 days of 2000), 2000 is a leap year and 1900 and
 * 2100 are not; every day of 1600..2400 survives the round trip.
 */
#include "io/civil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

static void test_known_days_have_known_numbers(void **state)
{
    (void)state;
    assert_int_equal(lsn_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(lsn_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(lsn_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(lsn_days_from_civil(2000, 2, 29), 11016);
}

static void test_every_day_of_eight_centuries_survives_the_round_trip(void **state)
{
    (void)state;
    int64_t first = lsn_days_from_civil(1600, 1, 1);
    int64_t last = lsn_days_from_civil(2400, 12, 31);
    int py = 1599, pm = 12, pd = 31;
    for (int64_t day = first; day <= last; day++) {
        int y, m, d;
        lsn_civil_from_days(day, &y, &m, &d);
        assert_true(lsn_date_valid(y, m, d));
        assert_int_equal(lsn_days_from_civil(y, (unsigned)m, (unsigned)d), day);
        /* The next day of the previous date, by the calendar's rules. */
        bool same_month = y == py && m == pm && d == pd + 1;
        bool next_month = d == 1 && pd == lsn_days_in_month(py, pm) &&
                          ((y == py && m == pm + 1) || (y == py + 1 && m == 1 && pm == 12));
        assert_true(same_month || next_month);
        py = y, pm = m, pd = d;
    }
}

static void test_leap_years_follow_the_gregorian_rule(void **state)
{
    (void)state;
    assert_true(lsn_leap_year(2000));
    assert_true(lsn_leap_year(2024));
    assert_false(lsn_leap_year(1900));
    assert_false(lsn_leap_year(2100));
    assert_false(lsn_leap_year(2023));
    assert_int_equal(lsn_days_in_month(2024, 2), 29);
    assert_int_equal(lsn_days_in_month(2023, 2), 28);
    assert_int_equal(lsn_days_in_month(2023, 4), 30);
    assert_int_equal(lsn_days_in_month(2023, 12), 31);
}

static void test_invalid_dates_are_refused(void **state)
{
    (void)state;
    assert_false(lsn_date_valid(2023, 2, 29));
    assert_true(lsn_date_valid(2024, 2, 29));
    assert_false(lsn_date_valid(2024, 0, 1));
    assert_false(lsn_date_valid(2024, 13, 1));
    assert_false(lsn_date_valid(2024, 4, 31));
    assert_false(lsn_date_valid(2024, 4, 0));
}

static void test_weekday_counts_from_monday(void **state)
{
    (void)state;
    assert_int_equal(lsn_weekday(0), 3);                                 /* 1970-01-01 Thu */
    assert_int_equal(lsn_weekday(lsn_days_from_civil(2024, 1, 1)), 0);  /* Monday */
    assert_int_equal(lsn_weekday(lsn_days_from_civil(2023, 12, 31)), 6); /* Sunday */
    assert_int_equal(lsn_weekday(-1), 2);                                /* 1969-12-31 Wed */
}

static void test_format_day_writes_iso_dates(void **state)
{
    (void)state;
    char out[11];
    lsn_format_day(out, 0);
    assert_string_equal(out, "1970-01-01");
    lsn_format_day(out, lsn_days_from_civil(2024, 2, 29));
    assert_string_equal(out, "2024-02-29");
    lsn_format_day(out, lsn_days_from_civil(987, 6, 5));
    assert_string_equal(out, "0987-06-05");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_days_have_known_numbers),
        cmocka_unit_test(test_every_day_of_eight_centuries_survives_the_round_trip),
        cmocka_unit_test(test_leap_years_follow_the_gregorian_rule),
        cmocka_unit_test(test_invalid_dates_are_refused),
        cmocka_unit_test(test_weekday_counts_from_monday),
        cmocka_unit_test(test_format_day_writes_iso_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
