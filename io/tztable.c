/*
 * io/tztable.c — a zone's UTC offsets as a table of local-time spans, built
 * by asking libical, so that converting a local time costs a binary search
 * instead of libical's walk through the zone's changes (io/tztable.h).
 */
#include "io/tztable.h"

#include "io/civil.h"
#include "io/error.h"
#include "io/limits.h"
#include "io/raw.h"
#include "io/sort.h"
#include "io/vec.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
/* Transitions of a zone are at least this far apart (tzdata has none
 * closer that come back to the same offset). */
#define PROBE_STEP (6 * 3600)
/* A zone converted this many times gets a table (a table of three years
 * costs about as much as some thousands of conversions). */
#define BUILD_AFTER 1024
#define CACHE_ZONES 8

struct lsn_tztable {
    const icaltimezone *zone;
    int64_t lo, hi; /* local seconds covered: [lo, hi) */
    int64_t *at;    /* first local second of each span, ascending; at[0] == lo */
    int32_t *off;   /* local minus UTC on that span */
    size_t n;
};

struct lsn_tzcache {
    struct {
        const icaltimezone *zone;
        uint32_t uses;
        lsn_tztable *table;
        bool borrowed; /* the share's table, not this cache's */
    } e[CACHE_ZONES];
    unsigned next; /* the slot a new zone takes */
    lsn_tzshare *share;
};

struct lsn_tzshare {
    pthread_mutex_t lock;
    struct shared {
        int first, last; /* the years of the table */
        lsn_tztable *table;
    } * v;
    size_t n, cap;
};

/* libical's answer, as the loader asks it (a DATE is its midnight). */
static int64_t libical_to_utc(icaltimetype t, const icaltimezone *zone)
{
    return lsn_local_to_utc(t, zone);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static icaltimetype local_fields(int64_t local)
{
    int64_t days = floor_div(local, DAY), s = local - days * DAY;
    int y, m, d;
    lsn_civil_from_days(days, &y, &m, &d);
    return lsn_local_time(y, m, d, (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

static int64_t local_seconds(const icaltimetype *t)
{
    return lsn_days_from_civil(t->year, (unsigned)t->month, (unsigned)t->day) * DAY +
           t->hour * 3600 + t->minute * 60 + t->second;
}

/* The offset libical reads for the UTC instant u. */
static int32_t offset_at(int64_t u, const icaltimezone *zone)
{
    icaltimetype t = icaltime_from_timet_with_zone((time_t)u, 0, zone);
    return (int32_t)(local_seconds(&t) - u);
}

struct cands {
    int64_t *v;
    size_t n, cap;
};

static int push(struct cands *c, int64_t x)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        int64_t *q = realloc(c->v, cap * sizeof(*q));
        if (q == NULL) {
            return LSN_ENOMEM;
        }
        c->v = q;
        c->cap = cap;
    }
    c->v[c->n++] = x;
    return LSN_OK;
}

/*
 * The local times where libical's local-to-UTC answer may change: each
 * transition's UTC instant read in the offset before it and in the one
 * after it (a gap or an overlap lies between the two).
 */
static int breakpoints(struct cands *c, const lsn_tztable *t)
{
    int rc = push(c, t->lo);
    /* Offsets are under a day: these UTC instants cover every local time. */
    int64_t u = t->lo - 2 * DAY, end = t->hi + 2 * DAY;
    int32_t prev = offset_at(u, t->zone);
    while (rc == LSN_OK && u < end) {
        int64_t v = u + PROBE_STEP < end ? u + PROBE_STEP : end;
        int32_t next = offset_at(v, t->zone);
        if (next == prev) {
            u = v;
            continue;
        }
        int64_t a = u, b = v; /* a reads prev, b does not */
        while (b - a > 1) {
            int64_t mid = a + (b - a) / 2;
            if (offset_at(mid, t->zone) == prev) {
                a = mid;
            } else {
                b = mid;
            }
        }
        int32_t after = offset_at(b, t->zone);
        if ((rc = push(c, b + prev)) == LSN_OK) {
            rc = push(c, b + after);
        }
        u = b; /* another transition may follow within the step */
        prev = after;
    }
    return rc;
}

int lsn_tztable_build(lsn_tztable **out, const icaltimezone *zone, int first, int last)
{
    *out = NULL;
    lsn_tztable *t = calloc(1, sizeof(*t));
    struct cands c = {0};
    if (t == NULL) {
        return lsn_oom();
    }
    t->zone = zone;
    t->lo = lsn_days_from_civil(first, 1, 1) * DAY;
    t->hi = lsn_days_from_civil((int64_t)last + 1, 1, 1) * DAY;
    if (breakpoints(&c, t) != LSN_OK) {
        goto nomem;
    }
    lsn_sort_i64(c.v, c.n);
    t->at = malloc(c.n * sizeof(*t->at));
    t->off = malloc(c.n * sizeof(*t->off));
    if (t->at == NULL || t->off == NULL) {
        goto nomem;
    }
    for (size_t i = 0; i < c.n; i++) {
        int64_t l = c.v[i];
        if (l < t->lo || l >= t->hi || (t->n > 0 && t->at[t->n - 1] == l)) {
            continue;
        }
        /* One probe per span: libical's answer is constant until the next
         * breakpoint. */
        int32_t off = (int32_t)(l - libical_to_utc(local_fields(l), zone));
        if (t->n > 0 && t->off[t->n - 1] == off) {
            continue;
        }
        t->at[t->n] = l;
        t->off[t->n] = off;
        t->n++;
    }
    free(c.v);
    *out = t;
    return LSN_OK;
nomem:
    free(c.v);
    lsn_tztable_free(t);
    return lsn_oom();
}

void lsn_tztable_free(lsn_tztable *t)
{
    if (t != NULL) {
        free(t->at);
        free(t->off);
        free(t);
    }
}

size_t lsn_tztable_spans(const lsn_tztable *t)
{
    return t->n;
}

int64_t lsn_tztable_to_utc(const lsn_tztable *t, icaltimetype x)
{
    if (x.is_date) {
        x.is_date = 0;
        x.hour = x.minute = x.second = 0;
    }
    /* Only plain, valid fields: libical normalizes anything else its way. */
    if (x.is_daylight || x.month < 1 || x.month > 12 || x.day < 1 || x.hour < 0 || x.hour > 23 ||
        x.minute < 0 || x.minute > 59 || x.second < 0 || x.second > 59 ||
        x.day > icaltime_days_in_month(x.month, x.year)) {
        return libical_to_utc(x, t->zone);
    }
    int64_t l = local_seconds(&x);
    if (l < t->lo || l >= t->hi) {
        return libical_to_utc(x, t->zone);
    }
    size_t lo = 0, hi = t->n; /* the last span starting at or before l */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->at[mid] <= l) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return l - t->off[lo];
}

lsn_tzcache *lsn_tzcache_new(void)
{
    return calloc(1, sizeof(lsn_tzcache));
}

void lsn_tzcache_free(lsn_tzcache *c)
{
    if (c != NULL) {
        for (size_t i = 0; i < CACHE_ZONES; i++) {
            if (!c->e[i].borrowed) {
                lsn_tztable_free(c->e[i].table);
            }
        }
        free(c);
    }
}

lsn_tzshare *lsn_tzshare_new(void)
{
    lsn_tzshare *s = calloc(1, sizeof(*s));
    if (s != NULL && pthread_mutex_init(&s->lock, NULL) != 0) {
        free(s);
        s = NULL;
    }
    return s;
}

void lsn_tzshare_free(lsn_tzshare *s)
{
    if (s != NULL) {
        for (size_t i = 0; i < s->n; i++) {
            lsn_tztable_free(s->v[i].table);
        }
        free(s->v);
        pthread_mutex_destroy(&s->lock);
        free(s);
    }
}

size_t lsn_tzshare_tables(lsn_tzshare *s)
{
    pthread_mutex_lock(&s->lock);
    size_t n = s->n;
    pthread_mutex_unlock(&s->lock);
    return n;
}

void lsn_tzcache_share(lsn_tzcache *c, lsn_tzshare *s)
{
    if (c != NULL) {
        c->share = s;
    }
}

/* The share's table of zone for the years around year, built by the first
 * thread that asks (the others wait for it); NULL when out of memory. A
 * table of other years answers the same (libical's answers, or libical's
 * own outside its years), so any table of the zone that holds year will do. */
static lsn_tztable *share_table(lsn_tzshare *s, const icaltimezone *zone, int year)
{
    lsn_tztable *t = NULL;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n && t == NULL; i++) {
        if (s->v[i].table->zone == zone && s->v[i].first <= year && year <= s->v[i].last) {
            t = s->v[i].table;
        }
    }
    if (t == NULL && (s->n < s->cap || LSN_GROW(s->v, s->cap, s->n + 1) == LSN_OK) &&
        lsn_tztable_build(&t, zone, year - 1, year + 1) == LSN_OK) {
        s->v[s->n++] = (struct shared){year - 1, year + 1, t};
    }
    pthread_mutex_unlock(&s->lock);
    return t;
}

int64_t lsn_tzcache_to_utc(lsn_tzcache *c, const icaltimezone *zone, icaltimetype local)
{
    if (c == NULL || zone == NULL) {
        return libical_to_utc(local, zone);
    }
    size_t i = 0;
    while (i < CACHE_ZONES && c->e[i].zone != zone) {
        i++;
    }
    if (i == CACHE_ZONES) {
        i = c->next;
        c->next = (c->next + 1) % CACHE_ZONES;
        if (!c->e[i].borrowed) {
            lsn_tztable_free(c->e[i].table);
        }
        c->e[i].table = NULL;
        c->e[i].borrowed = false;
        c->e[i].zone = zone;
        c->e[i].uses = 0;
    }
    if (c->e[i].table == NULL && ++c->e[i].uses >= BUILD_AFTER && local.year > 1900 &&
        local.year <= LSN_LIMIT_ZONE_LAST_YEAR) {
        /* The years around this one: series are expanded near the window. */
        if (c->share != NULL) {
            c->e[i].table = share_table(c->share, zone, local.year);
            c->e[i].borrowed = c->e[i].table != NULL;
        } else {
            /* NULL when out of memory */
            (void)lsn_tztable_build(&c->e[i].table, zone, local.year - 1, local.year + 1);
        }
        if (c->e[i].table == NULL) {
            c->e[i].uses = 0; /* out of memory: libical until the next try */
        }
    }
    return c->e[i].table != NULL ? lsn_tztable_to_utc(c->e[i].table, local)
                                 : libical_to_utc(local, zone);
}
