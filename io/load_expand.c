/*
 * io/load_expand.c — recurrences expanded with libical: a series' original
 * starts in a range, EXDATEs removed, each distinct recurrence once (the
 * cache), within the limits of io/limits.h and the load's budget of work.
 * It does not merge copies or decide what is a meeting.
 */
#include "io/load_internal.h"

#include "io/error.h"
#include "io/idmap.h"
#include "io/limits.h"

#include <stdlib.h>
#include <string.h>

static const icaltimezone *event_zone(const struct loader *ld, const lsn_raw_event *ev)
{
    return ev->zone == LSN_ZONE_FLOATING ? ld->tz : lsn_rawset_zone(&ld->set, ev->zone);
}

static size_t by_count(const short *list, size_t size)
{
    size_t n = 0;
    while (n < size && list[n] != ICAL_RECURRENCE_ARRAY_MAX) {
        n++;
    }
    return n;
}

/* Seconds of one period of each FREQ, SECONDLY to YEARLY (the shortest
 * month and year, so that counts of periods are upper bounds). */
static const double period_seconds[] = {1,           60,           3600,         86400,
                                        7 * 86400.0, 28 * 86400.0, 365 * 86400.0};

/*
 * The candidates one period of rule r may offer the iterator (its BYDAY,
 * BYHOUR, ... lists), an upper bound. *filtering: the rule has a BY list
 * that can reject candidates (RFC 5545's "limit" column, or BYSETPOS), so
 * that one call of icalrecur_iterator_next() may try many periods before
 * it returns.
 */
static double rule_candidates(const struct icalrecurrencetype *r, bool *filtering)
{
    int f = (int)r->freq;
    size_t sec = by_count(r->by_second, ICAL_BY_SECOND_SIZE);
    size_t min = by_count(r->by_minute, ICAL_BY_MINUTE_SIZE);
    size_t hour = by_count(r->by_hour, ICAL_BY_HOUR_SIZE);
    size_t day = by_count(r->by_day, ICAL_BY_DAY_SIZE);
    size_t mday = by_count(r->by_month_day, ICAL_BY_MONTHDAY_SIZE);
    size_t yday = by_count(r->by_year_day, ICAL_BY_YEARDAY_SIZE);
    size_t week = by_count(r->by_week_no, ICAL_BY_WEEKNO_SIZE);
    size_t month = by_count(r->by_month, ICAL_BY_MONTH_SIZE);
    size_t setpos = by_count(r->by_set_pos, ICAL_BY_SETPOS_SIZE);
    *filtering = setpos > 0 || (sec > 0 && f == ICAL_SECONDLY_RECURRENCE) ||
                 (min > 0 && f <= ICAL_MINUTELY_RECURRENCE) ||
                 (hour > 0 && f <= ICAL_HOURLY_RECURRENCE) ||
                 (yday > 0 && f <= ICAL_HOURLY_RECURRENCE) ||
                 ((day > 0 || mday > 0) && f <= ICAL_DAILY_RECURRENCE) ||
                 (month > 0 && f <= ICAL_MONTHLY_RECURRENCE) ||
                 (day > 0 && mday > 0 && f == ICAL_MONTHLY_RECURRENCE) ||
                 (day > 0 && (mday > 0 || yday > 0) && f == ICAL_YEARLY_RECURRENCE);
    double per = 1;
    if (f >= ICAL_MINUTELY_RECURRENCE && sec > 0) {
        per *= (double)sec;
    }
    if (f >= ICAL_HOURLY_RECURRENCE && min > 0) {
        per *= (double)min;
    }
    if (f >= ICAL_DAILY_RECURRENCE && hour > 0) {
        per *= (double)hour;
    }
    if (f == ICAL_WEEKLY_RECURRENCE && day > 0) {
        per *= day < 7 ? (double)day : 7;
    } else if (f == ICAL_MONTHLY_RECURRENCE && (day > 0 || mday > 0)) {
        per *= 31;
    } else if (f == ICAL_YEARLY_RECURRENCE && (day + mday + yday + week + month) > 0) {
        per *= 366;
    }
    return per;
}

/* Periods of rule r between start and end (UTC seconds), at least 1. */
static double rule_periods(const struct icalrecurrencetype *r, int64_t start, int64_t end)
{
    double period = period_seconds[r->freq] * (r->interval > 1 ? r->interval : 1);
    return end > start ? (double)(end - start) / period + 1 : 1;
}

/* An upper bound of the steps libical's iterator takes for rule r (FREQ
 * SECONDLY to YEARLY) from start to end: its periods times the candidates
 * of one period, or COUNT when every step gives an instance. */
static double
rule_cost(const struct icalrecurrencetype *r, int64_t start, int64_t end, bool *filtering)
{
    double steps = rule_periods(r, start, end) * rule_candidates(r, filtering);
    if (!*filtering && r->count > 0 && steps > r->count) {
        return r->count; /* every step gives an instance */
    }
    return steps;
}

/* a before b, field by field: local times of one zone, without converting. */
static bool local_earlier(const icaltimetype *a, const icaltimetype *b)
{
    const int x[6] = {a->year, a->month, a->day, a->hour, a->minute, a->second};
    const int y[6] = {b->year, b->month, b->day, b->hour, b->minute, b->second};
    for (int i = 0; i < 6; i++) {
        if (x[i] != y[i]) {
            return x[i] < y[i];
        }
    }
    return false;
}

/* Charge work to the load's budget (io/limits.h); LSN_EPARSE past it,
 * naming the event that went over. */
int load_charge(struct loader *ld, const lsn_raw_event *ev, double units)
{
    ld->work_used += units;
    if (ld->work_used <= (double)ld->work_budget) {
        return LSN_OK;
    }
    return lsn_error_set(LSN_EPARSE,
                         "%s:%d: %s: expanding the events takes more than %lld units of work "
                         "(a recurrence step counts %d, an instance copy 1 plus 1 per "
                         "attendee; the limit is %lld, or one unit per %d bytes of calendar "
                         "input when that is more); nothing analyzed",
                         ld->set.files[ev->file], ev->line,
                         lsn_strmap_get(ld->set.strings, ev->uid), ld->work_budget,
                         LSN_LIMIT_WORK_PER_STEP, LSN_LIMIT_WORK, LSN_LIMIT_BYTES_PER_WORK);
}

static int charge_steps(struct loader *ld, const lsn_raw_event *ev, double steps)
{
    return load_charge(ld, ev, steps * LSN_LIMIT_WORK_PER_STEP);
}

/*
 * Original starts of a recurring event in [q->lo, q->hi), sorted, EXDATEs
 * removed. Bounded (io/limits.h): *verdict says when the recurrence is over
 * a limit (out is then empty), with the instance limit only when q->window
 * (the range is the window's); every step counts against the load's budget
 * (LSN_EPARSE past it).
 */
int load_expand(struct i64vec *out, int *verdict, struct loader *ld, const struct expand_query *q)
{
    const lsn_raw_event *ev = q->ev;
    int64_t lo = q->lo, hi = q->hi;
    bool window = q->window;
    int rc = LSN_OK;
    const lsn_rawset *set = &ld->set;
    const icaltimezone *zone = event_zone(ld, ev);
    size_t most = window ? LSN_LIMIT_SERIES_INSTANCES : SIZE_MAX;
    *verdict = EXPAND_OK;
    out->n = 0;
    /* DTSTART is the first instance even when it does not match the rule. */
    if (ev->start >= lo && ev->start < hi && (rc = push64(out, ev->start)) != LSN_OK) {
        return rc;
    }
    icaltimetype dt = ev->dtstart_local;
    dt.zone = zone;
    for (uint32_t k = 0; k < ev->rule_count && *verdict == EXPAND_OK; k++) {
        const char *text = lsn_strmap_get(set->strings, set->rules[ev->rule_first + k]);
        struct icalrecurrencetype r = icalrecurrencetype_from_string(text);
        if (!icaltime_is_null_time(r.until) && r.until.is_date && !dt.is_date) {
            /* An UNTIL given as a DATE includes that whole day. */
            r.until.is_date = 0;
            r.until.hour = 23;
            r.until.minute = 59;
            r.until.second = 59;
            r.until.zone = zone;
        }
        int64_t end = hi;
        bool open_ended = icaltime_is_null_time(r.until);
        if (!open_ended) {
            int64_t until = lsn_local_to_utc(r.until, r.until.zone != NULL ? r.until.zone : zone);
            open_ended = until > hi;
            end = until < end ? until : end;
        }
        if (r.freq < ICAL_SECONDLY_RECURRENCE || r.freq > ICAL_YEARLY_RECURRENCE) {
            continue; /* ics.c marked such rules malformed already */
        }
        bool filtering;
        double cost = rule_cost(&r, ev->start, end, &filtering);
        if (cost > LSN_LIMIT_SERIES_STEPS) {
            *verdict = EXPAND_TOO_FAR;
            break;
        }
        if (window && !filtering && r.freq <= ICAL_WEEKLY_RECURRENCE) {
            /* Each whole period in the range gives an instance or more (a
             * few spare for DST): a rule with too many is known without
             * taking its steps. */
            int64_t from = ev->start > lo ? ev->start : lo;
            double least = rule_periods(&r, from, end) - 4;
            if (r.count > 0) {
                double before = ev->start < lo ? rule_periods(&r, ev->start, lo) : 0;
                double left = r.count - before * rule_candidates(&r, &filtering) - 1;
                least = left < least ? left : least;
            }
            if (least + (double)out->n > (double)most) {
                *verdict = EXPAND_TOO_MANY;
                break;
            }
        }
        if (filtering && open_ended) {
            /* A filtering rule may look through many periods in one call:
             * an UNTIL just past the range stops it there. */
            r.until = icaltime_from_timet_with_zone((time_t)(hi + DAY), dt.is_date, zone);
            r.until.zone = zone;
        }
        if ((rc = charge_steps(ld, ev, ITERATOR_STEPS)) != LSN_OK) {
            return rc;
        }
        /* A local time before this one lies before lo whatever the zone's
         * offsets (a day of margin). */
        icaltimetype early = icaltime_from_timet_with_zone((time_t)(lo - DAY), 0, zone);
        icalrecur_iterator *it = icalrecur_iterator_new(r, dt);
        if (it == NULL) {
            continue; /* ics.c marked such rules malformed already */
        }
        /* DTSTART counts as the first of COUNT occurrences (RFC 5545
         * 3.3.10) even when it does not match the rule; libical then gives
         * COUNT matches of its own, one too many. */
        int limit = r.count > 0 ? r.count : INT32_MAX;
        int produced = 0;
        for (; produced < limit; produced++) {
            if (produced >= LSN_LIMIT_SERIES_STEPS) {
                *verdict = EXPAND_TOO_FAR;
                break;
            }
            icaltimetype t = icalrecur_iterator_next(it);
            if (icaltime_is_null_time(t)) {
                break;
            }
            if (produced > 0 && local_earlier(&t, &early)) {
                continue; /* long before the range: no need to convert it */
            }
            int64_t u = lsn_tzcache_to_utc(ld->tzc, zone, t);
            if (produced == 0 && u != ev->start && r.count > 0) {
                limit = r.count - 1;
                if (limit == 0) {
                    break;
                }
            }
            if (u >= hi) {
                break;
            }
            if (u >= lo) {
                if (out->n >= most) {
                    *verdict = EXPAND_TOO_MANY;
                    break;
                }
                if ((rc = push64(out, u)) != LSN_OK) {
                    break;
                }
            }
        }
        icalrecur_iterator_free(it);
        if (rc == LSN_OK) {
            rc = charge_steps(ld, ev, filtering ? cost : (double)produced + 1);
        }
        if (rc != LSN_OK) {
            return rc;
        }
    }
    for (uint32_t k = 0; k < ev->rdate_count && *verdict == EXPAND_OK; k++) {
        int64_t u = set->times[ev->rdate_first + k];
        if (u >= lo && u < hi) {
            if (out->n >= most) {
                *verdict = EXPAND_TOO_MANY;
            } else if ((rc = push64(out, u)) != LSN_OK) {
                return rc;
            }
        }
    }
    if (*verdict != EXPAND_OK) {
        out->n = 0;
        return LSN_OK;
    }
    if (out->n > 1) {
        lsn_sort_i64(out->v, out->n);
    }
    /* EXDATEs, sorted once, so that many of them cost O(log) per instance. */
    struct i64vec *ex = &ld->exdates;
    ex->n = 0;
    for (uint32_t k = 0; k < ev->exdate_count; k++) {
        if ((rc = push64(ex, set->times[ev->exdate_first + k])) != LSN_OK) {
            return rc;
        }
    }
    size_t ntimes = ex->n;
    for (uint32_t k = 0; k < ev->exday_count; k++) {
        if ((rc = push64(ex, set->times[ev->exday_first + k])) != LSN_OK) {
            return rc;
        }
    }
    int64_t *days = ex->n > 0 ? ex->v + ntimes : NULL;
    size_t ndays = ex->n - ntimes;
    if (ntimes > 1) {
        lsn_sort_i64(ex->v, ntimes);
    }
    if (ndays > 1) {
        lsn_sort_i64(days, ndays);
    }
    size_t m = 0;
    for (size_t i = 0; i < out->n; i++) {
        int64_t u = out->v[i];
        if (m > 0 && out->v[m - 1] == u) {
            continue;
        }
        bool excluded =
            has_key(ex->v, ntimes, u) || (ndays > 0 && has_key(days, ndays, local_day(u, zone)));
        if (!excluded) {
            out->v[m++] = u;
        }
    }
    out->n = m;
    return LSN_OK;
}

uint64_t load_recurrence_signature(const lsn_rawset *set, const lsn_raw_event *ev)
{
    uint64_t h = lsn_hash_bytes(&ev->zone, sizeof(ev->zone), 17);
    int32_t f[7] = {ev->dtstart_local.year,   ev->dtstart_local.month,  ev->dtstart_local.day,
                    ev->dtstart_local.hour,   ev->dtstart_local.minute, ev->dtstart_local.second,
                    ev->dtstart_local.is_date};
    h = lsn_hash_bytes(f, sizeof(f), h);
    if (ev->rule_count > 0) {
        h = lsn_hash_bytes(set->rules + ev->rule_first, ev->rule_count * sizeof(int32_t), h);
    }
    const uint32_t first[3] = {ev->rdate_first, ev->exdate_first, ev->exday_first};
    const uint32_t count[3] = {ev->rdate_count, ev->exdate_count, ev->exday_count};
    for (int i = 0; i < 3; i++) {
        h = lsn_hash_bytes(&count[i], sizeof(count[i]), h);
        if (count[i] > 0) {
            h = lsn_hash_bytes(set->times + first[i], count[i] * sizeof(int64_t), h);
        }
    }
    return h;
}

/* memcmp must not see the NULL of a pool that never grew, even for 0 bytes. */
static bool same_i32(const int32_t *pool, uint32_t a, uint32_t b, uint32_t n)
{
    return n == 0 || memcmp(pool + a, pool + b, n * sizeof(*pool)) == 0;
}

static bool same_i64(const int64_t *pool, uint32_t a, uint32_t b, uint32_t n)
{
    return n == 0 || memcmp(pool + a, pool + b, n * sizeof(*pool)) == 0;
}

bool load_same_recurrence(const lsn_rawset *set, const lsn_raw_event *a, const lsn_raw_event *b)
{
    if (a->zone != b->zone || a->rule_count != b->rule_count ||
        a->rdate_count != b->rdate_count || a->exdate_count != b->exdate_count ||
        a->exday_count != b->exday_count || a->start != b->start ||
        a->dtstart_local.is_date != b->dtstart_local.is_date) {
        return false;
    }
    return same_i32(set->rules, a->rule_first, b->rule_first, a->rule_count) &&
           same_i64(set->times, a->rdate_first, b->rdate_first, a->rdate_count) &&
           same_i64(set->times, a->exdate_first, b->exdate_first, a->exdate_count) &&
           same_i64(set->times, a->exday_first, b->exday_first, a->exday_count);
}

/* Expansion depends on nothing else: the definition, the zone and the range. */
static bool same_expansion(const lsn_rawset *set, const lsn_raw_event *a, const lsn_raw_event *b)
{
    const icaltimetype *x = &a->dtstart_local, *y = &b->dtstart_local;
    return x->year == y->year && x->month == y->month && x->day == y->day && x->hour == y->hour &&
           x->minute == y->minute && x->second == y->second && x->is_date == y->is_date &&
           load_same_recurrence(set, a, b);
}

static int expand_lookup(struct i64vec *out, struct loader *ld, int32_t evi, int *verdict);

/* Expansion of ev in the loader's range, through the cache: a view that
 * stays valid until the next call, and the verdict (enum verdict) of the
 * limits on it. Each record is looked up once, then remembered by index. */
int load_expand_cached(struct i64vec *out, struct loader *ld, int32_t evi, int *verdict)
{
    int rc;
    struct known *known = ld->known != NULL ? &ld->known[evi] : NULL;
    if (known != NULL && known->seen) {
        out->v = known->count > 0 ? ld->pool.v + known->first : NULL;
        out->n = known->count;
        out->cap = 0;
        *verdict = known->verdict;
        return LSN_OK;
    }
    if (ld->frozen) {
        return LOAD_REDO; /* the cache is shared: only the calling thread adds to it */
    }
    if ((rc = expand_lookup(out, ld, evi, verdict)) != LSN_OK) {
        return rc;
    }
    if (known != NULL) {
        known->seen = true;
        known->verdict = (int8_t)*verdict;
        known->count = (uint32_t)out->n;
        known->first = out->n > 0 ? (uint32_t)(out->v - ld->pool.v) : 0;
    }
    return LSN_OK;
}

/* load_expand_cached() through the table of expansions. */
static int expand_lookup(struct i64vec *out, struct loader *ld, int32_t evi, int *verdict)
{
    int rc;
    const lsn_raw_event *ev = &ld->set.events[evi];
    uint64_t sig = load_recurrence_signature(&ld->set, ev) | 1; /* 0 marks an empty slot */
    size_t mask = ld->expansions_cap - 1, k = (size_t)sig & mask;
    out->n = 0;
    out->cap = 0;
    out->v = NULL;
    if (ld->expansions_cap > 0) {
        for (; ld->expansions[k].sig != 0; k = (k + 1) & mask) {
            const struct expansion *e = &ld->expansions[k];
            if (e->sig == sig && same_expansion(&ld->set, &ld->set.events[e->ev], ev)) {
                /* No pointer arithmetic on the NULL of a pool that never grew. */
                out->v = e->count > 0 ? ld->pool.v + e->first : NULL;
                out->n = e->count;
                *verdict = e->verdict;
                return LSN_OK;
            }
        }
    }
    if ((ld->nexpansions + 1) * 2 > ld->expansions_cap) {
        size_t cap = ld->expansions_cap ? ld->expansions_cap * 2 : 1024;
        struct expansion *q = calloc(cap, sizeof(*q));
        if (q == NULL) {
            return lsn_oom();
        }
        for (size_t i = 0; i < ld->expansions_cap; i++) {
            if (ld->expansions[i].sig != 0) {
                size_t j = (size_t)ld->expansions[i].sig & (cap - 1);
                while (q[j].sig != 0) {
                    j = (j + 1) & (cap - 1);
                }
                q[j] = ld->expansions[i];
            }
        }
        free(ld->expansions);
        ld->expansions = q;
        ld->expansions_cap = cap;
        mask = cap - 1;
        for (k = (size_t)sig & mask; q[k].sig != 0; k = (k + 1) & mask) {
        }
    }
    struct expand_query q = {ev, ld->lo, ld->hi, true};
    if ((rc = load_expand(&ld->scratch, verdict, ld, &q)) != LSN_OK) {
        return rc;
    }
    struct expansion *e = &ld->expansions[k];
    e->sig = sig;
    e->ev = evi;
    e->first = (uint32_t)ld->pool.n;
    e->count = (uint32_t)ld->scratch.n;
    e->verdict = *verdict;
    ld->nexpansions++;
    for (size_t i = 0; i < ld->scratch.n; i++) {
        if ((rc = push64(&ld->pool, ld->scratch.v[i])) != LSN_OK) {
            return rc;
        }
    }
    out->v = e->count > 0 ? ld->pool.v + e->first : NULL;
    out->n = e->count;
    return LSN_OK;
}

/*
 * Expand every recurring record once, before any is used: a recurrence over
 * a limit of io/limits.h makes its record malformed, with a warning, in
 * file and line order.
 */
int load_check_expansions(struct loader *ld)
{
    int rc;
    ld->known = calloc(ld->set.nevents ? ld->set.nevents : 1, sizeof(*ld->known));
    if (ld->known == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < ld->set.nevents; i++) {
        lsn_raw_event *ev = &ld->set.events[i];
        if (ev->malformed || ev->has_recid || !is_recurring(ev) || master_suppressed(ld, ev)) {
            continue;
        }
        struct i64vec starts;
        int verdict;
        if ((rc = load_expand_cached(&starts, ld, (int32_t)i, &verdict)) != LSN_OK) {
            return rc;
        }
        if (verdict == EXPAND_OK) {
            continue;
        }
        ev = &ld->set.events[i];
        const char *uid = lsn_strmap_get(ld->set.strings, ev->uid);
        if (verdict == EXPAND_TOO_MANY) {
            lsn_warn("%s:%d: %s: the recurrence has more than %d instances within 35 days of the "
                     "window; event skipped",
                     ld->set.files[ev->file], ev->line, uid, LSN_LIMIT_SERIES_INSTANCES);
        } else {
            lsn_warn("%s:%d: %s: the recurrence takes more than %d steps from DTSTART to the end "
                     "of the window; event skipped",
                     ld->set.files[ev->file], ev->line, uid, LSN_LIMIT_SERIES_STEPS);
        }
        ev->malformed = true;
    }
    return LSN_OK;
}
