/*
 * io/gen/holidays.c — the last build phase: the company holidays of the
 * window and the EXDATEs they put on recurring series, the instances moved or
 * cancelled (overrides), and at least one decline. It adds no series.
 */
#include "io/gen/internal.h"

#include <stdlib.h>

bool gen_is_holiday(const lsn_gen *g, int32_t day)
{
    for (int i = 0; i < g->nholidays; i++) {
        if (g->holidays[i] == day) {
            return true;
        }
    }
    return false;
}

enum { H_FIXED, H_NTH };
static const struct {
    int kind, a, b; /* fixed: day a; nth: the a-th weekday b (a = -1: last) */
} holiday_rules[12] = {
    {H_FIXED, 1, 0},  /* January: New Year's Day */
    {H_NTH, 3, 0},    /* February: Presidents' Day */
    {H_NTH, 2, 4},    /* March: company recharge day */
    {H_NTH, 3, 4},    /* April: spring recharge day */
    {H_NTH, -1, 0},   /* May: Memorial Day */
    {H_FIXED, 19, 0}, /* June: Juneteenth */
    {H_FIXED, 4, 0},  /* July: Independence Day */
    {H_FIXED, 15, 0}, /* August: Assumption Day */
    {H_NTH, 1, 0},    /* September: Labor Day */
    {H_FIXED, 3, 0},  /* October: German Unity Day */
    {H_NTH, 4, 3},    /* November: Thanksgiving */
    {H_FIXED, 25, 0}, /* December: Christmas Day */
};

void gen_compute_holidays(lsn_gen *g)
{
    int y, m, d;
    lsn_civil_from_days(g->win_start, &y, &m, &d);
    int32_t end = g->win_start + g->win_days;
    g->nholidays = 0;
    while (gen_days_from_civil(y, m, 1) < end && g->nholidays < (int)COUNTOF(g->holidays)) {
        int32_t h;
        if (holiday_rules[m - 1].kind == H_FIXED) {
            h = gen_days_from_civil(y, m, holiday_rules[m - 1].a);
            /* Observed on the nearest weekday. */
            if (lsn_weekday(h) == 5) {
                h -= 1;
            } else if (lsn_weekday(h) == 6) {
                h += 1;
            }
        } else {
            h = gen_nth_weekday(y, m, holiday_rules[m - 1].b, holiday_rules[m - 1].a);
        }
        if (h >= g->win_start && h < end) {
            g->holidays[g->nholidays++] = h;
        }
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
}

static int add_exdate(lsn_gen_series *x, int32_t day)
{
    TRY(LSN_RESIZE(x->exdates, x->exdate_count + 1));
    x->exdates[x->exdate_count++] = day;
    return LSN_OK;
}

static int add_override(lsn_gen_series *x, lsn_gen_override o)
{
    TRY(LSN_RESIZE(x->overrides, x->override_count + 1));
    x->overrides[x->override_count++] = o;
    return LSN_OK;
}

static bool recurring(const lsn_gen_series *x)
{
    return x->rule.freq != LSN_GEN_ONCE && !x->cancelled && !x->all_day;
}

/* Move one instance (kind 0) or cancel it (kind 1); false when none fits. */
static int override_one(lsn_gen *g, size_t s, int kind, bool *done)
{
    lsn_gen_instance inst[800];
    *done = false;
    size_t n = lsn_gen_expand(g, s, inst, COUNTOF(inst));
    if (n > COUNTOF(inst)) {
        n = COUNTOF(inst);
    }
    if (n == 0) {
        return LSN_OK;
    }
    lsn_gen_series *x = &g->series[s];
    size_t i = rng_below(&g->r, (uint32_t)n);
    if (inst[i].day != inst[i].orig_day || inst[i].minute != x->minute || inst[i].cancelled) {
        return LSN_OK; /* already overridden */
    }
    lsn_gen_override o = {inst[i].orig_day, inst[i].orig_day, x->minute, x->duration, false};
    if (kind == 1) {
        o.cancelled = true;
    } else {
        int wd = lsn_weekday(o.day);
        bool next_day_taken =
            x->rule.freq == LSN_GEN_DAILY ||
            (x->rule.freq == LSN_GEN_WEEKLY && (x->rule.byday & (1u << ((wd + 1) % 7))) != 0);
        if (next_day_taken || wd >= 4) {
            if (next_day_taken) {
                o.minute += 60;
            } else {
                o.day -= 1;
            }
        } else {
            o.day += 1;
        }
        if (gen_is_holiday(g, o.day) || o.minute + o.duration > 23 * 60) {
            return LSN_OK;
        }
        if (rng_chance(&g->r, 0.3)) {
            o.duration += 15;
        }
    }
    TRY(add_override(x, o));
    *done = true;
    return LSN_OK;
}

int gen_decorate(lsn_gen *g)
{
    int32_t days[8];
    for (size_t s = 0; s < g->nseries; s++) {
        lsn_gen_series *x = &g->series[s];
        if (x->rule.freq == LSN_GEN_ONCE || x->all_day) {
            continue;
        }
        for (int h = 0; h < g->nholidays; h++) {
            int32_t d = g->holidays[h];
            if (gen_rule_days(x, d, d + 1, days, COUNTOF(days)) > 0) {
                TRY(add_exdate(x, d));
            }
        }
    }
    bool moved = false, cancelled = false;
    for (size_t s = 0; s < g->nseries; s++) {
        if (!recurring(&g->series[s]) || (g->sflags[s] & SF_PROTECTED)) {
            continue;
        }
        bool done;
        if (rng_chance(&g->r, 0.12)) {
            TRY(override_one(g, s, 0, &done));
            moved = moved || done;
        }
        if (rng_chance(&g->r, 0.08)) {
            TRY(override_one(g, s, 1, &done));
            cancelled = cancelled || done;
        }
    }
    /* Small organizations still get one of each. */
    for (size_t s = 0; s < g->nseries && !moved; s++) {
        for (int tries = 0;
             tries < 4 && !moved && recurring(&g->series[s]) && !(g->sflags[s] & SF_PROTECTED);
             tries++) {
            TRY(override_one(g, s, 0, &moved));
        }
    }
    for (size_t s = 0; s < g->nseries && !cancelled; s++) {
        for (int tries = 0;
             tries < 4 && !cancelled && recurring(&g->series[s]) && !(g->sflags[s] & SF_PROTECTED);
             tries++) {
            TRY(override_one(g, s, 1, &cancelled));
        }
    }
    /* And at least one decline. */
    bool declined = false;
    for (size_t s = 0; s < g->nseries && !declined; s++) {
        const lsn_gen_series *x = &g->series[s];
        for (size_t i = 0; i < x->attendee_count; i++) {
            declined = declined || x->attendees[i].partstat == LSN_GEN_DECLINED;
        }
    }
    for (size_t s = 0; s < g->nseries && !declined; s++) {
        lsn_gen_series *x = &g->series[s];
        if (x->kind == LSN_GEN_PLANNING && x->attendee_count >= 3 &&
            !(g->sflags[s] & SF_PROTECTED)) {
            x->attendees[2].partstat = LSN_GEN_DECLINED;
            declined = true;
        }
    }
    return LSN_OK;
}
