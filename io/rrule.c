/*
 * io/rrule.c — the common recurrence rules stepped through with day
 * numbers (io/rrule.h says which, and why). Each period of the rule (a
 * day, a week from WKST, a month, a year) is turned into its days in
 * ascending order; days before DTSTART's are passed over, and COUNT counts
 * what is given, as libical's iterator does.
 */
#include "io/rrule.h"

#include "io/civil.h"

#include <string.h>

/* The last year a period may start in: past it the rule gives nothing more. */
#define LAST_YEAR 9999

static size_t by_count(const short *list, size_t size)
{
    size_t n = 0;
    while (n < size && list[n] != ICAL_RECURRENCE_ARRAY_MAX) {
        n++;
    }
    return n;
}

/* libical's weekday (1 Sunday .. 7 Saturday) as 0 Monday .. 6 Sunday. */
static int monday_first(int wd)
{
    return (wd + 5) % 7;
}

bool lsn_rrule_iter_init(lsn_rrule_iter *it, const struct icalrecurrencetype *r, icaltimetype dt)
{
    memset(it, 0, sizeof(*it));
    int f = (int)r->freq;
    if (f < ICAL_DAILY_RECURRENCE || f > ICAL_YEARLY_RECURRENCE || r->interval < 1 ||
        r->count < 0 || r->rscale != NULL || by_count(r->by_second, ICAL_BY_SECOND_SIZE) > 0 ||
        by_count(r->by_minute, ICAL_BY_MINUTE_SIZE) > 0 ||
        by_count(r->by_hour, ICAL_BY_HOUR_SIZE) > 0 ||
        by_count(r->by_year_day, ICAL_BY_YEARDAY_SIZE) > 0 ||
        by_count(r->by_week_no, ICAL_BY_WEEKNO_SIZE) > 0 ||
        by_count(r->by_month, ICAL_BY_MONTH_SIZE) > 0 ||
        by_count(r->by_set_pos, ICAL_BY_SETPOS_SIZE) > 0) {
        return false;
    }
    if (dt.year < 1900 || dt.year > 2500 || !lsn_date_valid(dt.year, dt.month, dt.day) ||
        dt.hour < 0 || dt.hour > 23 || dt.minute < 0 || dt.minute > 59 || dt.second < 0 ||
        dt.second > 59) {
        return false;
    }
    if (dt.zone != NULL && !dt.is_date && (dt.hour < 7 || dt.hour >= 21)) {
        return false; /* the hours of DST changes: libical's own way */
    }
    size_t nday = by_count(r->by_day, ICAL_BY_DAY_SIZE);
    size_t nmday = by_count(r->by_month_day, ICAL_BY_MONTHDAY_SIZE);
    int plain = 0, ordinal = 0;
    for (size_t i = 0; i < nday; i++) {
        int wd = (int)icalrecurrencetype_day_day_of_week(r->by_day[i]);
        int pos = icalrecurrencetype_day_position(r->by_day[i]);
        if (wd < ICAL_SUNDAY_WEEKDAY || wd > ICAL_SATURDAY_WEEKDAY || pos < -5 || pos > 5) {
            return false;
        }
        int d = monday_first(wd);
        if (pos == 0) {
            if ((it->wdays >> d) & 1) {
                return false; /* a day named twice: libical gives it twice */
            }
            it->wdays |= (uint8_t)(1u << d);
            plain++;
        } else {
            int k = it->nth[d][0] == 0 ? 0 : it->nth[d][1] == 0 ? 1 : -1;
            if (k < 0 || (k == 1 && it->nth[d][0] == pos)) {
                return false;
            }
            it->nth[d][k] = (int8_t)pos;
            ordinal++;
        }
    }
    for (size_t i = 0; i < nmday; i++) {
        int v = r->by_month_day[i];
        if (v == 0 || v > 28 || v < -28) {
            return false; /* a day some months lack: libical's own way */
        }
        for (int k = 0; k < it->nmdays; k++) {
            if (it->mdays[k] == v) {
                return false; /* named twice */
            }
        }
        it->mdays[it->nmdays++] = (int8_t)v;
    }
    switch (f) {
    case ICAL_DAILY_RECURRENCE:
        /* BYDAY filters the days: with an INTERVAL they could miss it forever. */
        if (nmday > 0 || ordinal > 0 || (plain > 0 && r->interval != 1)) {
            return false;
        }
        break;
    case ICAL_WEEKLY_RECURRENCE:
        /* With an INTERVAL the weeks' first day matters, and libical's
         * weeks from any other day than Monday are its own. */
        if (nmday > 0 || ordinal > 0 || (r->interval > 1 && r->week_start != ICAL_MONDAY_WEEKDAY)) {
            return false;
        }
        break;
    case ICAL_MONTHLY_RECURRENCE:
        if ((nmday > 0 && nday > 0) || (plain > 0 && ordinal > 0) ||
            (nmday == 0 && nday == 0 && dt.day > 28)) {
            return false;
        }
        break;
    default: /* YEARLY on DTSTART's date */
        if (nday > 0 || nmday > 0 || (dt.month == 2 && dt.day == 29)) {
            return false;
        }
        break;
    }
    it->ordinals = ordinal > 0;
    it->freq = f;
    it->interval = r->interval;
    it->count = r->count > 0 ? r->count : -1;
    it->start = dt;
    it->start.zone = NULL;
    it->first = lsn_days_from_civil(dt.year, (unsigned)dt.month, (unsigned)dt.day);
    int wkst = (int)r->week_start;
    it->wkst =
        wkst >= ICAL_SUNDAY_WEEKDAY && wkst <= ICAL_SATURDAY_WEEKDAY ? monday_first(wkst) : 0;
    if (f == ICAL_WEEKLY_RECURRENCE && it->wdays == 0) {
        it->wdays = (uint8_t)(1u << lsn_weekday(it->first));
    }
    if (f == ICAL_WEEKLY_RECURRENCE && r->interval > 1 &&
        !((it->wdays >> lsn_weekday(it->first)) & 1)) {
        return false; /* a DTSTART off the rule: libical picks its first week its own way */
    }
    switch (f) {
    case ICAL_DAILY_RECURRENCE:
        it->period = it->first;
        break;
    case ICAL_WEEKLY_RECURRENCE:
        it->period = it->first - (lsn_weekday(it->first) - it->wkst + 7) % 7;
        break;
    case ICAL_MONTHLY_RECURRENCE:
        it->period = (int64_t)dt.year * 12 + (dt.month - 1);
        break;
    default:
        it->period = dt.year;
        break;
    }
    return true;
}

static void push_day(lsn_rrule_iter *it, int64_t day)
{
    if (it->ndays < (int)(sizeof(it->days) / sizeof(it->days[0]))) {
        it->days[it->ndays++] = day;
    }
}

/* The days of a month the rule names, ascending and distinct. */
static void month_days(lsn_rrule_iter *it, int y, int m)
{
    int dim = lsn_days_in_month(y, m);
    int64_t day1 = lsn_days_from_civil(y, (unsigned)m, 1);
    bool mark[32] = {false};
    if (it->nmdays > 0) {
        for (int i = 0; i < it->nmdays; i++) {
            int v = it->mdays[i];
            mark[v > 0 ? v : dim + v + 1] = true;
        }
    } else if (it->wdays != 0) {
        for (int d = 1; d <= dim; d++) {
            mark[d] = (it->wdays >> lsn_weekday(day1 + d - 1)) & 1;
        }
    } else if (it->ordinals) {
        int w1 = lsn_weekday(day1);
        for (int wd = 0; wd < 7; wd++) {
            int firstd = 1 + (wd - w1 + 7) % 7; /* the first such weekday */
            int lastd = firstd + ((dim - firstd) / 7) * 7;
            for (int k = 0; k < 2 && it->nth[wd][k] != 0; k++) {
                int n = it->nth[wd][k];
                int d = n > 0 ? firstd + (n - 1) * 7 : lastd + (n + 1) * 7;
                if (d >= 1 && d <= dim) {
                    mark[d] = true;
                }
            }
        }
    } else {
        mark[it->start.day] = true; /* <= 28: every month has it */
    }
    for (int d = 1; d <= dim; d++) {
        if (mark[d]) {
            push_day(it, day1 + d - 1);
        }
    }
}

/* Fill it->days with the current period's days, and step to the next period. */
static void fill_period(lsn_rrule_iter *it)
{
    it->ndays = 0;
    it->next = 0;
    switch (it->freq) {
    case ICAL_DAILY_RECURRENCE:
        if (it->wdays == 0 || ((it->wdays >> lsn_weekday(it->period)) & 1)) {
            push_day(it, it->period);
        }
        it->period += it->interval;
        break;
    case ICAL_WEEKLY_RECURRENCE:
        for (int k = 0; k < 7; k++) {
            int64_t day = it->period + k;
            if ((it->wdays >> lsn_weekday(day)) & 1) {
                push_day(it, day);
            }
        }
        it->period += 7 * (int64_t)it->interval;
        break;
    case ICAL_MONTHLY_RECURRENCE:
        month_days(it, (int)(it->period / 12), (int)(it->period % 12) + 1);
        it->period += it->interval;
        break;
    default:
        push_day(it, lsn_days_from_civil(it->period, (unsigned)it->start.month,
                                         (unsigned)it->start.day));
        it->period += it->interval;
        break;
    }
}

/* The calendar year the next period starts in. */
static int64_t period_year(const lsn_rrule_iter *it)
{
    int y, m, d;
    switch (it->freq) {
    case ICAL_MONTHLY_RECURRENCE:
        return it->period / 12;
    case ICAL_YEARLY_RECURRENCE:
        return it->period;
    default:
        lsn_civil_from_days(it->period, &y, &m, &d);
        return y;
    }
}

icaltimetype lsn_rrule_iter_next(lsn_rrule_iter *it)
{
    while (!it->done && it->count != 0) {
        while (it->next < it->ndays && it->days[it->next] < it->first) {
            it->next++; /* before DTSTART */
        }
        if (it->next < it->ndays) {
            int y, m, d;
            lsn_civil_from_days(it->days[it->next++], &y, &m, &d);
            icaltimetype t = it->start;
            t.year = y;
            t.month = m;
            t.day = d;
            if (it->count > 0) {
                it->count--;
            }
            return t;
        }
        if (period_year(it) > LAST_YEAR) {
            it->done = true;
            break;
        }
        fill_period(it);
    }
    return icaltime_null_time();
}
