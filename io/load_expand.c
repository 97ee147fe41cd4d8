/*
 * io/load_expand.c — recurrences expanded with libical: a series' original
 * starts in a range, EXDATEs removed, each distinct recurrence once (the
 * cache), within the limits of io/limits.h and the load's budget of work.
 * It does not merge copies or decide what is a meeting.
 */
#include "io/load_internal.h"

#include "io/cpus.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/limits.h"
#include "io/rrule.h"

#include <pthread.h>
#include <stdatomic.h>
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

/*
 * What expanding needs besides the records: zone tables and scratch of its
 * own, and where its work is charged. The calling thread charges the
 * load's budget as it goes (budget != NULL); a worker of
 * load_check_expansions() or load_latest_before() only adds its work up,
 * and gives up (LOAD_REDO) once its own work alone would go past the
 * budget: the calling thread then redoes that expansion in order, and
 * names the event that goes over.
 */
struct expander {
    const struct loader *ld;
    struct loader *budget; /* charged as it goes, or NULL */
    lsn_tzcache *tzc;
    struct i64vec *exdates;
    double work;  /* without budget: the work of the current expansion */
    double spent; /* without budget: the work of this worker so far */
};

static int charge_steps(struct expander *x, const lsn_raw_event *ev, double steps)
{
    double units = steps * LSN_LIMIT_WORK_PER_STEP;
    if (x->budget != NULL) {
        return load_charge(x->budget, ev, units);
    }
    x->work += units;
    return x->ld->work_used + x->spent + x->work <= (double)x->ld->work_budget ? LSN_OK : LOAD_REDO;
}

/*
 * Original starts of a recurring event in [q->lo, q->hi), sorted, EXDATEs
 * removed. Bounded (io/limits.h): *verdict says when the recurrence is over
 * a limit (out is then empty), with the instance limit only when q->window
 * (the range is the window's); every step counts against the load's budget
 * (LSN_EPARSE past it).
 */
static int
expand_with(struct i64vec *out, int *verdict, struct expander *x, const struct expand_query *q)
{
    const struct loader *ld = x->ld;
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
        if ((rc = charge_steps(x, ev, ITERATOR_STEPS)) != LSN_OK) {
            return rc;
        }
        /* A local time before this one lies before lo whatever the zone's
         * offsets (a day of margin). */
        icaltimetype early = icaltime_from_timet_with_zone((time_t)(lo - DAY), 0, zone);
        /* The common rules step through io/rrule.c (the same occurrences
         * without libical's calendar arithmetic); UNTIL is then checked
         * here, in UTC as libical does, and an occurrence near a change of
         * the zone's offset sends the rule back to libical from its start. */
        lsn_rrule_iter fit;
        bool until_set = !icaltime_is_null_time(r.until);
        bool fast = lsn_rrule_until_ok(&r, dt) && lsn_rrule_iter_init(&fit, &r, dt);
        int64_t until_utc = fast && until_set ? lsn_local_to_utc(r.until, r.until.zone) : 0;
        /* and in the zone's wall time, for the occurrences not converted:
         * the same order, as the fast path gives no time near a change */
        icaltimetype until_local = fast && until_set
                                       ? icaltime_from_timet_with_zone((time_t)until_utc, 0, zone)
                                       : icaltime_null_time();
        size_t rule_start = out->n;
    again:;
        icalrecur_iterator *it = fast ? NULL : icalrecur_iterator_new(r, dt);
        if (!fast && it == NULL) {
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
            icaltimetype t = fast ? lsn_rrule_iter_next(&fit) : icalrecur_iterator_next(it);
            if (icaltime_is_null_time(t)) {
                break;
            }
            if (produced > 0 && local_earlier(&t, &early)) {
                if (fast && until_set && local_earlier(&until_local, &t)) {
                    break; /* past UNTIL, where libical stops */
                }
                continue; /* long before the range: no need to convert it */
            }
            int64_t u = lsn_tzcache_to_utc(x->tzc, zone, t);
            if (fast && zone != NULL && !t.is_date) {
                icaltimetype before = t;
                icaltime_adjust(&before, 0, -3, 0, 0);
                if (lsn_rrule_near_change(u, lsn_tzcache_to_utc(x->tzc, zone, before))) {
                    fast = false; /* libical moves times near a change its own way */
                    out->n = rule_start;
                    goto again;
                }
            }
            if (fast && until_set && u > until_utc) {
                break;
            }
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
        if (it != NULL) {
            icalrecur_iterator_free(it);
        }
        if (rc == LSN_OK) {
            rc = charge_steps(x, ev, filtering ? cost : (double)produced + 1);
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
    struct i64vec *ex = x->exdates;
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

int load_expand(struct i64vec *out, int *verdict, struct loader *ld, const struct expand_query *q)
{
    struct expander x = {.ld = ld, .budget = ld, .tzc = ld->tzc, .exdates = &ld->exdates};
    return expand_with(out, verdict, &x, q);
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

uint64_t load_event_signature(struct loader *ld, size_t i)
{
    if (ld->sigs != NULL && ld->sigs[i] != 0) {
        return ld->sigs[i];
    }
    uint64_t sig = load_recurrence_signature(&ld->set, &ld->set.events[i]) | 1;
    if (ld->sigs != NULL) {
        ld->sigs[i] = sig;
    }
    return sig;
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

/*
 * The slot of ev's expansion in the table (*found), or the empty slot where
 * it goes once the table has room for it.
 */
static int table_slot(size_t *slot, bool *found, struct loader *ld, int32_t evi, uint64_t sig)
{
    const lsn_raw_event *ev = &ld->set.events[evi];
    size_t mask = ld->expansions_cap - 1, k = (size_t)sig & mask;
    *found = false;
    if (ld->expansions_cap > 0) {
        for (; ld->expansions[k].sig != 0; k = (k + 1) & mask) {
            const struct expansion *e = &ld->expansions[k];
            if (e->sig == sig && same_expansion(&ld->set, &ld->set.events[e->ev], ev)) {
                *slot = k;
                *found = true;
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
    *slot = k;
    return LSN_OK;
}

/* Record the expansion of the table's slot k: starts[0..n) go to the pool. */
static int table_fill(struct loader *ld, size_t k, const int64_t *starts, size_t n, int verdict)
{
    struct expansion *e = &ld->expansions[k];
    e->first = (uint32_t)ld->pool.n;
    e->count = (uint32_t)n;
    e->verdict = verdict;
    e->item = -1;
    int rc = LSN_GROW(ld->pool.v, ld->pool.cap, ld->pool.n + n);
    if (rc != LSN_OK) {
        return rc;
    }
    if (n > 0) {
        memcpy(ld->pool.v + ld->pool.n, starts, n * sizeof(*starts));
    }
    ld->pool.n += n;
    return LSN_OK;
}

/* A new entry of the table in the empty slot k (table_slot()). */
static void table_add(struct loader *ld, size_t k, uint64_t sig, int32_t evi, int32_t item)
{
    struct expansion *e = &ld->expansions[k];
    e->sig = sig;
    e->ev = evi;
    e->first = e->count = 0;
    e->verdict = EXPAND_OK;
    e->item = item;
    ld->nexpansions++;
}

static void
view_of(struct i64vec *out, const struct loader *ld, const struct expansion *e, int *verdict)
{
    /* No pointer arithmetic on the NULL of a pool that never grew. */
    out->v = e->count > 0 ? ld->pool.v + e->first : NULL;
    out->n = e->count;
    out->cap = 0;
    *verdict = e->verdict;
}

/* load_expand_cached() through the table of expansions. */
static int expand_lookup(struct i64vec *out, struct loader *ld, int32_t evi, int *verdict)
{
    int rc;
    uint64_t sig = load_event_signature(ld, (size_t)evi); /* 0: empty */
    size_t k;
    bool found;
    if ((rc = table_slot(&k, &found, ld, evi, sig)) != LSN_OK) {
        return rc;
    }
    if (!found) {
        struct expand_query q = {&ld->set.events[evi], ld->lo, ld->hi, true};
        if ((rc = load_expand(&ld->scratch, verdict, ld, &q)) != LSN_OK) {
            return rc;
        }
        table_add(ld, k, sig, evi, -1);
        if ((rc = table_fill(ld, k, ld->scratch.v, ld->scratch.n, *verdict)) != LSN_OK) {
            return rc;
        }
    }
    view_of(out, ld, &ld->expansions[k], verdict);
    return LSN_OK;
}

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

/*
 * load_check_expansions() expands each distinct recurrence on several
 * threads: the work list (items, in the order of the records that first
 * need them) is cut into runs that whichever thread is free takes; each
 * keeps what it found in a pool of its own, and the calling thread then
 * puts the results into the table in the order of the list, charging the
 * budget as one thread would. The table, the pool and the budget are the
 * calling thread's only.
 */
#define ITEMS_PER_RUN 8
#define NOT_CHECKED (-2) /* item_of[]: a record without an expansion of its own */

struct item {
    int32_t ev;
    int64_t lo, hi; /* the range (expand_query) */
    bool window;
    int64_t last; /* the latest start found, LSN_TIME_NONE when none */
    size_t slot;  /* in the table, once the list is complete */
    int rc;       /* LSN_OK, or redo it on the calling thread */
    int verdict;
    double work; /* charged to the budget in order */
    int worker;
    uint32_t first, count; /* in the worker's pool */
};

struct xworker {
    struct expander x;
    struct i64vec out, exdates, pool;
    struct xjob *job;
    int index;
    pthread_t thread;
};

struct xjob {
    const struct loader *ld;
    struct item *items;
    size_t n;
    bool keep; /* the starts go to the workers' pools, not only the last */
    atomic_size_t next;
};

/* The workers of the calling thread (w[0], with the loader's zone tables)
 * and of up to `threads` - 1 others, kept from one batch to the next. */
struct xworkers {
    struct xworker w[LSN_LOAD_MAX_THREADS];
    long threads;
};

static void xworkers_init(struct xworkers *ws, struct loader *ld)
{
    memset(ws, 0, sizeof(*ws));
    ws->threads = lsn_cpus_count(ld->threads, LSN_LOAD_MAX_THREADS);
    for (long i = 0; i < ws->threads; i++) {
        ws->w[i].index = (int)i;
        ws->w[i].x = (struct expander){.ld = ld, .exdates = &ws->w[i].exdates};
        /* NULL (out of memory): libical converts. */
        ws->w[i].x.tzc = i == 0 ? ld->tzc : lsn_tzcache_new();
        lsn_tzcache_share(ws->w[i].x.tzc, ld->tzshare);
    }
}

static void xworkers_free(struct xworkers *ws)
{
    for (long i = 0; i < ws->threads; i++) {
        free(ws->w[i].out.v);
        free(ws->w[i].exdates.v);
        free(ws->w[i].pool.v);
        if (i > 0) {
            lsn_tzcache_free(ws->w[i].x.tzc);
        }
    }
}

static void expand_items(struct xworker *w)
{
    struct xjob *j = w->job;
    for (;;) {
        size_t a = atomic_fetch_add(&j->next, ITEMS_PER_RUN);
        if (a >= j->n) {
            return;
        }
        size_t b = a + ITEMS_PER_RUN < j->n ? a + ITEMS_PER_RUN : j->n;
        for (size_t t = a; t < b; t++) {
            struct item *it = &j->items[t];
            struct expand_query q = {&j->ld->set.events[it->ev], it->lo, it->hi, it->window};
            w->x.work = 0;
            it->rc = expand_with(&w->out, &it->verdict, &w->x, &q);
            it->work = w->x.work;
            if (it->rc != LSN_OK) {
                continue;
            }
            w->x.spent += w->x.work;
            it->last = w->out.n > 0 ? w->out.v[w->out.n - 1] : LSN_TIME_NONE;
            if (!j->keep) {
                continue;
            }
            it->worker = w->index;
            it->first = (uint32_t)w->pool.n;
            it->count = (uint32_t)w->out.n;
            int rc = LSN_GROW(w->pool.v, w->pool.cap, w->pool.n + w->out.n);
            if (rc != LSN_OK) {
                it->rc = rc;
                continue;
            }
            if (w->out.n > 0) {
                memcpy(w->pool.v + w->pool.n, w->out.v, w->out.n * sizeof(*w->out.v));
            }
            w->pool.n += w->out.n;
        }
    }
}

static void *expand_main(void *arg)
{
    expand_items(arg);
    return NULL;
}

/* Expand items[0..n) on the workers' threads (fewer for a short list);
 * with keep, their starts go to the workers' pools. */
static void
expand_batch(struct xworkers *ws, const struct loader *ld, struct item *items, size_t n, bool keep)
{
    struct xjob job = {.ld = ld, .items = items, .n = n, .keep = keep};
    atomic_init(&job.next, 0);
    long threads = ws->threads, runs = (long)((n + ITEMS_PER_RUN - 1) / ITEMS_PER_RUN);
    threads = runs < threads ? (runs > 0 ? runs : 1) : threads;
    long started = 0;
    for (long i = 0; i < threads; i++) {
        ws->w[i].job = &job;
        ws->w[i].x.spent = 0;
        if (i > 0) {
            if (pthread_create(&ws->w[i].thread, NULL, expand_main, &ws->w[i]) != 0) {
                break; /* fewer threads, same result */
            }
            started = i;
        }
    }
    expand_items(&ws->w[0]);
    for (long i = 1; i <= started; i++) {
        pthread_join(ws->w[i].thread, NULL);
    }
}

/* Put item t's expansion into the table, as one thread would have. */
static int finish_item(struct loader *ld, struct item *it, const struct xworker *w)
{
    int rc;
    const lsn_raw_event *ev = &ld->set.events[it->ev];
    if (it->rc != LSN_OK) {
        /* Over the budget, or out of memory, on a worker: again here, where
         * the budget is charged step by step and the message is kept. */
        struct expand_query q = {ev, ld->lo, ld->hi, true};
        int verdict;
        if ((rc = load_expand(&ld->scratch, &verdict, ld, &q)) != LSN_OK) {
            return rc;
        }
        return table_fill(ld, it->slot, ld->scratch.v, ld->scratch.n, verdict);
    }
    if ((rc = load_charge(ld, ev, it->work)) != LSN_OK) {
        return rc;
    }
    const struct i64vec *pool = &w[it->worker].pool;
    return table_fill(ld, it->slot, it->count > 0 ? pool->v + it->first : NULL, it->count,
                      it->verdict);
}

/*
 * Expand every recurring record once, before any is used: a recurrence over
 * a limit of io/limits.h makes its record malformed, with a warning, in
 * file and line order. The distinct recurrences are expanded on the load's
 * threads; the table, the warnings and the budget are the same as from one
 * thread.
 */
int load_check_expansions(struct loader *ld)
{
    int rc = LSN_OK;
    size_t n = ld->set.nevents;
    ld->known = calloc(n ? n : 1, sizeof(*ld->known));
    int32_t *item_of = malloc((n ? n : 1) * sizeof(*item_of));
    struct item *items = NULL;
    size_t nitems = 0, cap = 0, finished = 0;
    struct xworkers ws;
    if (ld->known == NULL || item_of == NULL) {
        free(item_of);
        return lsn_oom();
    }
    xworkers_init(&ws, ld);
    /* The work list: each distinct recurrence not in the table yet. */
    for (size_t i = 0; i < n; i++) {
        const lsn_raw_event *ev = &ld->set.events[i];
        item_of[i] = NOT_CHECKED;
        if (ev->malformed || ev->has_recid || !is_recurring(ev) || master_suppressed(ld, ev)) {
            continue;
        }
        uint64_t sig = load_event_signature(ld, i); /* 0: empty */
        size_t k;
        bool found;
        if ((rc = table_slot(&k, &found, ld, (int32_t)i, sig)) != LSN_OK) {
            goto done;
        }
        if (found) {
            item_of[i] = ld->expansions[k].item; /* -1: expanded before */
            continue;
        }
        if ((rc = LSN_GROW(items, cap, nitems + 1)) != LSN_OK) {
            goto done;
        }
        memset(&items[nitems], 0, sizeof(items[nitems]));
        items[nitems].ev = (int32_t)i;
        items[nitems].lo = ld->lo;
        items[nitems].hi = ld->hi;
        items[nitems].window = true;
        item_of[i] = (int32_t)nitems;
        table_add(ld, k, sig, (int32_t)i, (int32_t)nitems);
        nitems++;
    }
    for (size_t k = 0; k < ld->expansions_cap; k++) {
        if (ld->expansions[k].sig != 0 && ld->expansions[k].item >= 0) {
            items[ld->expansions[k].item].slot = k;
        }
    }
    expand_batch(&ws, ld, items, nitems, true);

    /* In record order: each item once, then the record's verdict. */
    for (size_t i = 0; i < n; i++) {
        if (item_of[i] == NOT_CHECKED) {
            continue;
        }
        for (; item_of[i] >= 0 && finished <= (size_t)item_of[i]; finished++) {
            if ((rc = finish_item(ld, &items[finished], ws.w)) != LSN_OK) {
                goto done;
            }
        }
        struct i64vec starts;
        int verdict;
        if ((rc = load_expand_cached(&starts, ld, (int32_t)i, &verdict)) != LSN_OK) {
            goto done;
        }
        if (verdict == EXPAND_OK) {
            continue;
        }
        lsn_raw_event *bad = &ld->set.events[i];
        const char *uid = lsn_strmap_get(ld->set.strings, bad->uid);
        if (verdict == EXPAND_TOO_MANY) {
            lsn_warn("%s:%d: %s: the recurrence has more than %d instances within 35 days of the "
                     "window; event skipped",
                     ld->set.files[bad->file], bad->line, uid, LSN_LIMIT_SERIES_INSTANCES);
        } else {
            lsn_warn("%s:%d: %s: the recurrence takes more than %d steps from DTSTART to the end "
                     "of the window; event skipped",
                     ld->set.files[bad->file], bad->line, uid, LSN_LIMIT_SERIES_STEPS);
        }
        bad->malformed = true;
    }
done:
    xworkers_free(&ws);
    free(items);
    free(item_of);
    return rc;
}

/*
 * The latest instance start not later than bound, over every record
 * (LSN_TIME_NONE when none): each distinct recurrence expanded once, from
 * its start, in record order. Once an instance lies on the bound's own day
 * nothing later can change the day of the answer, and the rest are not
 * looked at. The recurrences are expanded on the load's threads a round at
 * a time and taken in record order, charging the budget as one thread
 * would: the answer and the budget are those of one thread (a round may
 * expand a few recurrences past the point where one thread stops; they are
 * not charged).
 */
#define LATEST_ROUND 64

int load_latest_before(int64_t *out, struct loader *ld, int64_t bound)
{
    const lsn_rawset *set = &ld->set;
    int64_t latest = LSN_TIME_NONE;
    int rc = LSN_OK;
    *out = latest;
    if (bound == LSN_TIME_NONE) {
        return LSN_OK;
    }
    size_t n = set->nevents, nseen = 0, cap = 1024;
    /* Per-mailbox exports repeat each series in every attendee's file. */
    uint64_t *seen = calloc(cap, sizeof(*seen));
    int32_t *item_of = malloc((n ? n : 1) * sizeof(*item_of));
    struct item items[LATEST_ROUND];
    struct xworkers ws;
    if (seen == NULL || item_of == NULL) {
        free(seen);
        free(item_of);
        return lsn_oom();
    }
    xworkers_init(&ws, ld);
    int64_t bound_day = local_day(bound, ld->tz), checked = LSN_TIME_NONE;
    size_t scan = 0, i = 0;
    bool stop = false;
    while (!stop && i < n) {
        /* The next round: records scan.. up to LATEST_ROUND new recurrences. */
        size_t nitems = 0;
        for (; scan < n && nitems < LATEST_ROUND; scan++) {
            const lsn_raw_event *ev = &set->events[scan];
            item_of[scan] = -1;
            if (ev->malformed || master_suppressed(ld, ev) || ev->has_recid || !is_recurring(ev) ||
                ev->start > bound) {
                continue;
            }
            uint64_t sig = load_event_signature(ld, scan); /* 0 marks an empty slot */
            size_t k = (size_t)sig & (cap - 1);
            while (seen[k] != 0 && seen[k] != sig) {
                k = (k + 1) & (cap - 1);
            }
            if (seen[k] == sig) {
                continue;
            }
            seen[k] = sig;
            if (++nseen * 2 > cap) {
                uint64_t *bigger = calloc(cap * 2, sizeof(*bigger));
                if (bigger == NULL) {
                    rc = lsn_oom();
                    goto done;
                }
                for (size_t j = 0; j < cap; j++) {
                    if (seen[j] != 0) {
                        size_t q = (size_t)seen[j] & (cap * 2 - 1);
                        while (bigger[q] != 0) {
                            q = (q + 1) & (cap * 2 - 1);
                        }
                        bigger[q] = seen[j];
                    }
                }
                cap *= 2;
                free(seen);
                seen = bigger;
            }
            memset(&items[nitems], 0, sizeof(items[nitems]));
            items[nitems].ev = (int32_t)scan;
            items[nitems].lo = ev->start;
            items[nitems].hi = bound + 1;
            items[nitems].window = false;
            item_of[scan] = (int32_t)nitems++;
        }
        expand_batch(&ws, ld, items, nitems, false);
        /* The records of the round, in order. */
        for (; i < scan; i++) {
            const lsn_raw_event *ev = &set->events[i];
            if (latest != checked && latest >= bound - DAY) {
                checked = latest;
                if (local_day(latest, ld->tz) >= bound_day) {
                    stop = true;
                    break;
                }
            }
            if (ev->malformed || master_suppressed(ld, ev)) {
                continue;
            }
            if (ev->start <= bound && ev->start > latest) {
                latest = ev->start;
            }
            if (item_of[i] < 0) {
                continue;
            }
            struct item *it = &items[item_of[i]];
            int verdict = it->verdict;
            int64_t last = it->last;
            if (it->rc != LSN_OK) {
                /* Over the budget or out of memory on a worker: again here. */
                struct expand_query q = {ev, it->lo, it->hi, false};
                if ((rc = load_expand(&ld->scratch, &verdict, ld, &q)) != LSN_OK) {
                    goto done;
                }
                last = ld->scratch.n > 0 ? ld->scratch.v[ld->scratch.n - 1] : LSN_TIME_NONE;
            } else if ((rc = load_charge(ld, ev, it->work)) != LSN_OK) {
                goto done;
            }
            if (verdict == EXPAND_OK && last != LSN_TIME_NONE && last > latest) {
                latest = last;
            }
        }
    }
done:
    xworkers_free(&ws);
    free(seen);
    free(item_of);
    *out = latest;
    return rc;
}
