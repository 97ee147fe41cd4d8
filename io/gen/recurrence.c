/*
 * io/gen/recurrence.c — the nth weekday of a month (civil dates are
 * io/civil.h's) and the expansion of a series' rule into its instances
 * (lsn_gen_expand). It never changes a series: holidays and moves are
 * holidays.c's.
 */
#include "io/gen/internal.h"

/* The nth (1..5, or -1 for the last) weekday wd of a month, or -1 when none. */
int32_t gen_nth_weekday(int y, int m, int wd, int nth)
{
    if (nth > 0) {
        int32_t first = gen_days_from_civil(y, m, 1);
        int32_t d = first + ((wd - lsn_weekday(first) + 7) % 7) + 7 * (nth - 1);
        int yy, mm, dd;
        lsn_civil_from_days(d, &yy, &mm, &dd);
        return mm == m ? d : -1;
    }
    int32_t last = gen_days_from_civil(y, m, lsn_days_in_month(y, m));
    return last - ((lsn_weekday(last) - wd + 7) % 7);
}

/* Original start days of the rule in [lo, hi), before EXDATEs; returns how
 * many there are (writes at most cap). */
size_t gen_rule_days(const lsn_gen_series *x, int32_t lo, int32_t hi, int32_t *out, size_t cap)
{
    size_t n = 0;
    int32_t seen = 0;
    const lsn_gen_rule *r = &x->rule;
    if (r->until_day != INT32_MAX && hi > r->until_day + 1) {
        hi = r->until_day + 1;
    }
#define EMIT(d)                                                                                    \
    do {                                                                                           \
        seen++;                                                                                    \
        if (r->count > 0 && seen > r->count) {                                                     \
            return n;                                                                              \
        }                                                                                          \
        if ((d) >= lo) {                                                                           \
            if (n < cap) {                                                                         \
                out[n] = (d);                                                                      \
            }                                                                                      \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    switch (r->freq) {
    case LSN_GEN_ONCE:
        if (x->day >= lo && x->day < hi) {
            if (cap > 0) {
                out[0] = x->day;
            }
            n = 1;
        }
        return n;
    case LSN_GEN_DAILY:
        for (int32_t d = x->day; d < hi; d += r->interval) {
            EMIT(d);
        }
        return n;
    case LSN_GEN_WEEKLY:
        for (int32_t w = x->day - lsn_weekday(x->day); w < hi; w += 7 * r->interval) {
            for (int dow = 0; dow < 7; dow++) {
                int32_t d = w + dow;
                if (!(r->byday & (1u << dow)) || d < x->day) {
                    continue;
                }
                if (d >= hi) {
                    return n;
                }
                EMIT(d);
            }
        }
        return n;
    case LSN_GEN_MONTHLY: {
        int y, m, dd, wd = 0;
        lsn_civil_from_days(x->day, &y, &m, &dd);
        while (!(r->byday & (1u << wd))) {
            wd++;
        }
        for (;;) {
            if (gen_days_from_civil(y, m, 1) >= hi) {
                return n;
            }
            int32_t d = gen_nth_weekday(y, m, wd, r->nth);
            if (d >= x->day && d < hi) {
                EMIT(d);
            }
            m += r->interval;
            while (m > 12) {
                m -= 12;
                y++;
            }
        }
    }
    }
#undef EMIT
    return n;
}

static bool has_exdate(const lsn_gen_series *x, int32_t day)
{
    for (size_t i = 0; i < x->exdate_count; i++) {
        if (x->exdates[i] == day) {
            return true;
        }
    }
    return false;
}

size_t lsn_gen_expand(const lsn_gen *gen, size_t index, lsn_gen_instance *out, size_t cap)
{
    const lsn_gen_series *x = &gen->series[index];
    int32_t lo = gen->win_start, hi = gen->win_start + gen->win_days;
    int32_t days[800];
    size_t total = gen_rule_days(x, lo, hi, days, COUNTOF(days));
    if (total > COUNTOF(days)) {
        total = COUNTOF(days);
    }
    size_t n = 0;
    for (size_t i = 0; i < total; i++) {
        if (has_exdate(x, days[i])) {
            continue;
        }
        if (n < cap) {
            lsn_gen_instance *in = &out[n];
            in->orig_day = days[i];
            in->day = days[i];
            in->minute = x->minute;
            in->duration = x->duration;
            in->cancelled = x->cancelled;
            for (size_t k = 0; k < x->override_count; k++) {
                const lsn_gen_override *o = &x->overrides[k];
                if (o->orig_day == days[i]) {
                    in->day = o->day;
                    in->minute = o->minute;
                    in->duration = o->duration;
                    in->cancelled = o->cancelled || x->cancelled;
                }
            }
        }
        n++;
    }
    return n;
}
