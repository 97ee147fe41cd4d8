/*
 * io/civil.h — civil dates of the proleptic Gregorian calendar as day
 * numbers (days since 1970-01-01), and back: the one home of the
 * conversion that the loaders, the window, the slices and the generator
 * share. Pure arithmetic; every layer may use it (it needs only libc).
 */
#ifndef LSN_IO_CIVIL_H
#define LSN_IO_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

/** Days since 1970-01-01 of year y, month m (1..12), day d (H. Hinnant). */
int64_t lsn_days_from_civil(int64_t y, unsigned m, unsigned d);

/** The civil date of a day number: the inverse of lsn_days_from_civil(). */
void lsn_civil_from_days(int64_t z, int *y, int *m, int *d);

/** Whether y is a leap year. */
bool lsn_leap_year(int y);

/** The number of days of month m (1..12) of year y. */
int lsn_days_in_month(int y, int m);

/** Whether m is 1..12 and d is a day of that month of year y. */
bool lsn_date_valid(int y, int m, int d);

/** Monday = 0 ... Sunday = 6 of a day number. */
int lsn_weekday(int64_t day);

/** A day number as "YYYY-MM-DD" (years 0..9999; out holds 11 bytes). */
void lsn_format_day(char out[11], int64_t day);

#endif
