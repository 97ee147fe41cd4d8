/*
 * io/civil.c — the civil-date arithmetic of io/civil.h (H. Hinnant's
 * days-from-civil and civil-from-days, from their public description).
 */
#include "io/civil.h"

#include <stdio.h>
#include <string.h>

int64_t lsn_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void lsn_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

bool lsn_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int lsn_days_in_month(int y, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && lsn_leap_year(y) ? 29 : mdays[m - 1];
}

bool lsn_date_valid(int y, int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= lsn_days_in_month(y, m);
}

int lsn_weekday(int64_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7);
}

void lsn_format_day(char out[11], int64_t day)
{
    int y, m, d;
    lsn_civil_from_days(day, &y, &m, &d);
    char buf[48];
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
}
