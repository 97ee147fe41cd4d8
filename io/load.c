/*
 * io/load.c — from calendar paths to a lsn_calendar. Finds the files, hands
 * each to its format's front end (io/ics.c, io/graph.c, io/outlook.c, chosen
 * by content), resolves the references between records of different files
 * (Graph occurrences to their masters, Outlook copies to one identity),
 * fixes the window, expands each distinct recurrence once, merges the copies
 * of every instance across files (SEQUENCE/DTSTAMP precedence, attendee
 * lists merged) and decides, per merged instance, "used" or exactly one
 * skip reason. Files are read and parsed on several threads, each into a
 * set of its own, merged in path order; everything after that runs on the
 * calling thread. Analysis is elsewhere.
 */
#include "io/load.h"

#include "io/error.h"
#include "io/graph.h"
#include "io/ics.h"
#include "io/outlook.h"
#include "io/raw.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DAY 86400
/* Instances are expanded this far beyond the window, so that an override
 * that moves one across an edge still finds its original. */
#define EXPAND_MARGIN (35 * DAY)
#define KEY_SINGLE INT64_MIN
#define MAX_ITERATIONS 200000

/* ------------------------------------------------------------------ */
/* Small vectors                                                        */

struct i64vec {
    int64_t *v;
    size_t n, cap;
};

static int push64(struct i64vec *a, int64_t x)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        int64_t *q = realloc(a->v, cap * sizeof(*q));
        if (q == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        a->v = q;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return LSN_OK;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int lsn_parse_date(const char *s, int *y, int *m, int *d)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        return LSN_EINVAL;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return LSN_EINVAL;
        }
    }
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1]) {
        return LSN_EINVAL;
    }
    if (*m == 2 && *d == 29 && !((*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0)) {
        return LSN_EINVAL;
    }
    return LSN_OK;
}

/* UTC seconds of local midnight of a day number in zone. */
static int64_t day_start(int64_t days, const icaltimezone *zone)
{
    int y, m, d;
    lsn_civil_from_days(days, &y, &m, &d);
    icaltimetype t = icaltime_null_time();
    t.year = y;
    t.month = m;
    t.day = d;
    return (int64_t)icaltime_as_timet_with_zone(t, zone);
}

static int64_t local_day(int64_t utc, const icaltimezone *zone)
{
    icaltimetype t = icaltime_from_timet_with_zone((time_t)utc, 0, zone);
    return lsn_days_from_civil(t.year, (unsigned)t.month, (unsigned)t.day);
}

/* ------------------------------------------------------------------ */
/* Files                                                                */

struct pathlist {
    char **paths;
    bool *named; /* given on the command line, not found in a folder */
    size_t n, cap;
};

static int add_path(struct pathlist *l, const char *path, bool named)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **q = realloc(l->paths, cap * sizeof(*q));
        if (q == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        l->paths = q;
        bool *b = realloc(l->named, cap * sizeof(*b));
        if (b == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        l->named = b;
        l->cap = cap;
    }
    l->paths[l->n] = strdup(path);
    if (l->paths[l->n] == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    l->named[l->n++] = named;
    return LSN_OK;
}

static int walk(struct pathlist *l, const char *path, bool named, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        return add_path(l, path, named);
    }
    if (depth > 32) {
        lsn_warn("%s: folders nested too deep, not read", path);
        return LSN_OK;
    }
    DIR *dir = opendir(path);
    if (dir == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    int rc = LSN_OK;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') {
            continue; /* ., .., and hidden files such as .DS_Store */
        }
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *child = malloc(n);
        if (child == NULL) {
            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
            break;
        }
        snprintf(child, n, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
        rc = walk(l, child, false, depth + 1);
        free(child);
        if (rc != LSN_OK) {
            break;
        }
    }
    closedir(dir);
    return rc;
}

static _Thread_local const struct pathlist *sort_list; /* for cmp_path (qsort has no context) */

static int cmp_path(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(sort_list->paths[x], sort_list->paths[y]);
    return c ? c : (x > y) - (x < y);
}

/* Read a whole file, NUL-terminated, converting Latin-1 to UTF-8. */
static int read_file(char **out, size_t *len, const char *path)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int rc = LSN_OK;
    while (buf != NULL) {
        if (cap - n < 4096) {
            char *q = realloc(buf, cap * 2);
            if (q == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = q;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            break;
        }
    }
    if (buf == NULL) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory");
    } else if (ferror(f)) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (rc != LSN_OK) {
        return rc;
    }
    buf[n] = '\0';
    /* Validate UTF-8; a file that is not is read as Latin-1. */
    size_t i = 0, high = 0;
    bool valid = true;
    const unsigned char *u = (const unsigned char *)buf;
    while (i < n) {
        uint64_t word;
        if (n - i >= sizeof(word)) {
            memcpy(&word, u + i, sizeof(word));
            if ((word & 0x8080808080808080ULL) == 0) {
                i += sizeof(word); /* eight ASCII bytes */
                continue;
            }
        }
        unsigned char ch = u[i];
        size_t k = ch < 0x80 ? 1 : (ch >> 5) == 6 ? 2 : (ch >> 4) == 14 ? 3 : (ch >> 3) == 30 ? 4 : 0;
        if (k == 0 || i + k > n) {
            valid = false;
            break;
        }
        for (size_t j = 1; j < k; j++) {
            if ((u[i + j] & 0xC0) != 0x80) {
                valid = false;
            }
        }
        if (!valid) {
            break;
        }
        i += k;
    }
    if (!valid) {
        for (i = 0; i < n; i++) {
            high += u[i] >= 0x80;
        }
        char *conv = malloc(n + high + 1);
        if (conv == NULL) {
            free(buf);
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        size_t o = 0;
        for (i = 0; i < n; i++) {
            if (u[i] < 0x80) {
                conv[o++] = (char)u[i];
            } else {
                conv[o++] = (char)(0xC0 | (u[i] >> 6));
                conv[o++] = (char)(0x80 | (u[i] & 0x3F));
            }
        }
        conv[o] = '\0';
        free(buf);
        buf = conv;
        n = o;
        lsn_warn("%s: not valid UTF-8, read as Latin-1", path);
    }
    *out = buf;
    *len = n;
    return LSN_OK;
}

enum format { FORMAT_NONE = 0, FORMAT_ICS, FORMAT_GRAPH, FORMAT_OUTLOOK };

/* The format of a file, by its content (SPEC §1.4): BEGIN:VCALENDAR is
 * iCalendar, '[' or '{' is Graph JSON, a CSV header with Subject and Start
 * Date is an Outlook export. */
static enum format sniff(const char *data, size_t len)
{
    if (lsn_ics_sniff(data, len)) {
        return FORMAT_ICS;
    }
    if (lsn_graph_sniff(data, len)) {
        return FORMAT_GRAPH;
    }
    if (lsn_outlook_sniff(data, len)) {
        return FORMAT_OUTLOOK;
    }
    return FORMAT_NONE;
}

/* ------------------------------------------------------------------ */
/* Expansion                                                            */

struct loader {
    lsn_rawset set;
    const icaltimezone *tz;
    int64_t from, to;   /* the window */
    int64_t lo, hi;     /* the expansion range */
    lsn_calendar *cal;
    lsn_input_stats *stats;

    /* Expansions by recurrence definition: the copies of a series in many
     * mailbox files, and different series with the same rule, start and
     * zone, are expanded once. Open addressing; the starts live in pool. */
    struct expansion {
        uint64_t sig; /* 0: an empty slot */
        int32_t ev;   /* the record expanded */
        uint32_t first, count;
    } *expansions;
    size_t nexpansions, expansions_cap;
    struct i64vec pool, scratch;
    const struct i64vec *series_keys; /* instances of the current version, or NULL */
    struct i64vec keys_buf;

    /* Attendee merge table (addr -> entry), reset by generation. */
    struct slot {
        uint32_t gen;
        int32_t addr;
        int32_t entry;
    } *slots;
    size_t nslots;
    uint32_t gen;
    struct entry {
        int32_t addr;
        uint8_t partstat, cutype;
        bool nonparticipant, explicit_status;
    } *entries;
    size_t nentries, entries_cap;
    const char **present;
    size_t present_cap;

    /* By uid string id: an occurrence or exception record of the series is
     * in the data, so a Graph master of it is not expanded (SPEC §1.4). */
    bool *listed;
};

static const icaltimezone *event_zone(const struct loader *ld, const lsn_raw_event *ev)
{
    return ev->zone == LSN_ZONE_FLOATING ? ld->tz : lsn_rawset_zone(&ld->set, ev->zone);
}

static int64_t local_to_utc(icaltimetype t, const icaltimezone *zone)
{
    if (t.is_date) {
        t.is_date = 0;
        t.hour = t.minute = t.second = 0;
    }
    t.zone = NULL;
    return (int64_t)icaltime_as_timet_with_zone(t, zone);
}

static bool is_recurring(const lsn_raw_event *ev)
{
    return ev->rule_count > 0 || ev->rdate_count > 0;
}

/* A Graph master whose instances are listed one by one stands for nothing
 * itself: its occurrences and exceptions are the series. */
static bool master_suppressed(const struct loader *ld, const lsn_raw_event *ev)
{
    return ev->series_role == LSN_ROLE_MASTER && ld->listed != NULL && ev->uid >= 0 &&
           ld->listed[ev->uid];
}

/* Original starts of a recurring event in [lo, hi), sorted, EXDATEs removed. */
static int expand(struct i64vec *out,
                  struct loader *ld,
                  const lsn_raw_event *ev,
                  int64_t lo,
                  int64_t hi)
{
    int rc;
    const lsn_rawset *set = &ld->set;
    const icaltimezone *zone = event_zone(ld, ev);
    out->n = 0;
    /* DTSTART is the first instance even when it does not match the rule. */
    if (ev->start >= lo && ev->start < hi && (rc = push64(out, ev->start)) != LSN_OK) {
        return rc;
    }
    icaltimetype dt = ev->dtstart_local;
    dt.zone = zone;
    for (uint32_t k = 0; k < ev->rule_count; k++) {
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
        icalrecur_iterator *it = icalrecur_iterator_new(r, dt);
        if (it == NULL) {
            continue; /* ics.c marked such rules malformed already */
        }
        /* DTSTART counts as the first of COUNT occurrences (RFC 5545
         * 3.3.10) even when it does not match the rule; libical then gives
         * COUNT matches of its own, one too many. */
        int limit = r.count > 0 ? r.count : MAX_ITERATIONS;
        for (int produced = 0; produced < limit && produced < MAX_ITERATIONS; produced++) {
            icaltimetype t = icalrecur_iterator_next(it);
            if (icaltime_is_null_time(t)) {
                break;
            }
            int64_t u = local_to_utc(t, zone);
            if (produced == 0 && u != ev->start && r.count > 0) {
                limit = r.count - 1;
                if (limit == 0) {
                    break;
                }
            }
            if (u >= hi) {
                break;
            }
            if (u >= lo && (rc = push64(out, u)) != LSN_OK) {
                icalrecur_iterator_free(it);
                return rc;
            }
        }
        icalrecur_iterator_free(it);
    }
    for (uint32_t k = 0; k < ev->rdate_count; k++) {
        int64_t u = set->times[ev->rdate_first + k];
        if (u >= lo && u < hi && (rc = push64(out, u)) != LSN_OK) {
            return rc;
        }
    }
    if (out->n > 1) {
        qsort(out->v, out->n, sizeof(int64_t), cmp_i64);
    }
    size_t m = 0;
    for (size_t i = 0; i < out->n; i++) {
        int64_t u = out->v[i];
        if (m > 0 && out->v[m - 1] == u) {
            continue;
        }
        bool excluded = false;
        for (uint32_t k = 0; k < ev->exdate_count && !excluded; k++) {
            excluded = set->times[ev->exdate_first + k] == u;
        }
        if (!excluded && ev->exday_count > 0) {
            int64_t day = local_day(u, zone);
            for (uint32_t k = 0; k < ev->exday_count && !excluded; k++) {
                excluded = set->times[ev->exday_first + k] == day;
            }
        }
        if (!excluded) {
            out->v[m++] = u;
        }
    }
    out->n = m;
    return LSN_OK;
}

static uint64_t recurrence_signature(const lsn_rawset *set, const lsn_raw_event *ev)
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

static bool same_recurrence(const lsn_rawset *set, const lsn_raw_event *a, const lsn_raw_event *b)
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
           same_recurrence(set, a, b);
}

/* Expansion of ev in the loader's range, through the cache: a view that
 * stays valid until the next call. */
static int expand_cached(struct i64vec *out, struct loader *ld, int32_t evi)
{
    int rc;
    const lsn_raw_event *ev = &ld->set.events[evi];
    uint64_t sig = recurrence_signature(&ld->set, ev) | 1; /* 0 marks an empty slot */
    size_t mask = ld->expansions_cap - 1, k = (size_t)sig & mask;
    if (ld->expansions_cap > 0) {
        for (; ld->expansions[k].sig != 0; k = (k + 1) & mask) {
            const struct expansion *e = &ld->expansions[k];
            if (e->sig == sig && same_expansion(&ld->set, &ld->set.events[e->ev], ev)) {
                out->v = e->count > 0 ? ld->pool.v + e->first : NULL; /* pool may be NULL */
                out->n = e->count;
                out->cap = 0;
                return LSN_OK;
            }
        }
    }
    if ((ld->nexpansions + 1) * 2 > ld->expansions_cap) {
        size_t cap = ld->expansions_cap ? ld->expansions_cap * 2 : 1024;
        struct expansion *q = calloc(cap, sizeof(*q));
        if (q == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
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
    if ((rc = expand(&ld->scratch, ld, ev, ld->lo, ld->hi)) != LSN_OK) {
        return rc;
    }
    struct expansion *e = &ld->expansions[k];
    e->sig = sig;
    e->ev = evi;
    e->first = (uint32_t)ld->pool.n;
    e->count = (uint32_t)ld->scratch.n;
    ld->nexpansions++;
    for (size_t i = 0; i < ld->scratch.n; i++) {
        if ((rc = push64(&ld->pool, ld->scratch.v[i])) != LSN_OK) {
            return rc;
        }
    }
    out->v = e->count > 0 ? ld->pool.v + e->first : NULL; /* pool may be NULL */
    out->n = e->count;
    out->cap = 0;
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* Merging                                                              */

struct copy {
    int64_t key; /* original start, or KEY_SINGLE */
    int64_t start;
    int64_t duration;
    int64_t stamp;
    int32_t seq;
    int32_t ev; /* the record that gives time, status and attendees */
    int32_t file, line;
    bool cancelled, all_day;
};

struct copyvec {
    struct copy *v;
    size_t n, cap;
};

static int push_copy(struct copyvec *a, const struct copy *c)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        struct copy *q = realloc(a->v, cap * sizeof(*q));
        if (q == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        a->v = q;
        a->cap = cap;
    }
    a->v[a->n++] = *c;
    return LSN_OK;
}

static struct copy copy_of(const lsn_raw_event *ev, int32_t evi, int64_t key, int64_t start)
{
    struct copy c;
    c.key = key;
    c.start = start;
    c.duration = ev->duration;
    c.stamp = ev->dtstamp;
    c.seq = ev->sequence;
    c.ev = evi;
    c.file = ev->file;
    c.line = ev->line;
    c.cancelled = ev->cancelled;
    c.all_day = ev->all_day;
    return c;
}

/* Same key together; inside a key the copy that wins comes first:
 * highest SEQUENCE, then highest DTSTAMP, then first file, first line. */
static int cmp_copy(const void *a, const void *b)
{
    const struct copy *x = a, *y = b;
    if (x->key != y->key) {
        return x->key < y->key ? -1 : 1;
    }
    if (x->seq != y->seq) {
        return x->seq > y->seq ? -1 : 1;
    }
    if (x->stamp != y->stamp) {
        return x->stamp > y->stamp ? -1 : 1;
    }
    if (x->file != y->file) {
        return x->file < y->file ? -1 : 1;
    }
    return (x->line > y->line) - (x->line < y->line);
}

static struct entry *entry_for(struct loader *ld, int32_t addr, bool *fresh)
{
    size_t mask = ld->nslots - 1;
    size_t i = (size_t)(addr * 2654435761u) & mask;
    while (ld->slots[i].gen == ld->gen) {
        if (ld->slots[i].addr == addr) {
            *fresh = false;
            return &ld->entries[ld->slots[i].entry];
        }
        i = (i + 1) & mask;
    }
    ld->slots[i].gen = ld->gen;
    ld->slots[i].addr = addr;
    ld->slots[i].entry = (int32_t)ld->nentries;
    *fresh = true;
    struct entry *e = &ld->entries[ld->nentries++];
    memset(e, 0, sizeof(*e));
    e->addr = addr;
    return e;
}

/* Prepare the merge table for up to n attendee entries. */
static int reset_table(struct loader *ld, size_t n)
{
    size_t want = 16;
    while (want < 2 * n + 2) {
        want *= 2;
    }
    if (want > ld->nslots) {
        free(ld->slots);
        ld->slots = calloc(want, sizeof(*ld->slots));
        if (ld->slots == NULL) {
            ld->nslots = 0;
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        ld->nslots = want;
        ld->gen = 0;
    }
    if (n + 1 > ld->entries_cap) {
        struct entry *q = realloc(ld->entries, (n + 1) * sizeof(*q));
        const char **p = realloc(ld->present, (n + 1) * sizeof(*p));
        if (q != NULL) {
            ld->entries = q;
        }
        if (p != NULL) {
            ld->present = p;
        }
        if (q == NULL || p == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        ld->entries_cap = n + 1;
        ld->present_cap = n + 1;
    }
    if (++ld->gen == 0) {
        memset(ld->slots, 0, ld->nslots * sizeof(*ld->slots));
        ld->gen = 1;
    }
    ld->nentries = 0;
    return LSN_OK;
}

/* Decide one merged instance: copies[0] is the winner. */
static int decide(struct loader *ld, const struct copy *copies, size_t n)
{
    int rc;
    const struct copy *w = &copies[0];
    if (w->start < ld->from || w->start >= ld->to) {
        return LSN_OK;
    }
    ld->stats->read++;
    ld->stats->duplicates_merged += (int64_t)n - 1;
    if (w->all_day) {
        ld->stats->skipped[LSN_SKIP_ALL_DAY]++;
        return LSN_OK;
    }
    if (w->cancelled) {
        ld->stats->skipped[LSN_SKIP_CANCELLED]++;
        return LSN_OK;
    }
    const lsn_rawset *set = &ld->set;
    size_t total = 1;
    for (size_t i = 0; i < n; i++) {
        total += set->events[copies[i].ev].att_count;
    }
    if ((rc = reset_table(ld, total)) != LSN_OK) {
        return rc;
    }
    /* Copies are in precedence order, so the first explicit status seen for
     * an attendee is the one from the highest copy that has one. */
    for (size_t i = 0; i < n; i++) {
        const lsn_raw_event *ev = &set->events[copies[i].ev];
        for (uint32_t k = 0; k < ev->att_count; k++) {
            const lsn_raw_attendee *a = &set->attendees[ev->att_first + k];
            bool fresh;
            struct entry *e = entry_for(ld, a->addr, &fresh);
            if (fresh) {
                e->cutype = a->cutype;
                e->nonparticipant = a->nonparticipant;
            }
            if (!e->explicit_status && a->partstat != LSN_PS_NEEDS_ACTION) {
                e->partstat = a->partstat;
                e->explicit_status = true;
            }
        }
    }
    int32_t organizer = set->events[w->ev].organizer;
    for (size_t i = 1; i < n && organizer < 0; i++) {
        organizer = set->events[copies[i].ev].organizer;
    }
    size_t nentries_attendees = ld->nentries;
    if (organizer >= 0) {
        bool fresh;
        entry_for(ld, organizer, &fresh); /* an organizer not listed is present */
    }
    size_t np = 0, ng = 0;
    const char **present = ld->present;
    /* Groups are written from the end of the same buffer. */
    for (size_t i = 0; i < ld->nentries; i++) {
        const struct entry *e = &ld->entries[i];
        if (i < nentries_attendees &&
            (e->partstat == LSN_PS_DECLINED || e->nonparticipant || e->cutype == LSN_CU_ROOM)) {
            continue;
        }
        const char *addr = lsn_strmap_get(set->strings, e->addr);
        if (e->cutype == LSN_CU_GROUP && i < nentries_attendees) {
            present[ld->nentries - 1 - ng++] = addr;
        } else {
            present[np++] = addr;
        }
    }
    if (np + ng < 2) {
        ld->stats->skipped[LSN_SKIP_TOO_FEW_PEOPLE]++;
        return LSN_OK;
    }
    if (w->duration <= 0) {
        ld->stats->skipped[LSN_SKIP_NONPOSITIVE_DURATION]++;
        return LSN_OK;
    }
    const lsn_raw_event *wev = &set->events[w->ev];
    int64_t duration = w->duration > INT32_MAX ? INT32_MAX : w->duration;
    return lsn_calendar_add_instance(
        ld->cal, lsn_strmap_get(set->strings, wev->uid), lsn_strmap_get(set->strings, wev->summary),
        w->start, w->key == KEY_SINGLE ? w->start : w->key, (int32_t)duration,
        organizer >= 0 ? lsn_strmap_get(set->strings, organizer) : NULL, present, np,
        present + (ld->nentries - ng), ng);
}

/* The copies of one file's records for one UID (events[lo..hi) of idx). */
static int file_copies(struct loader *ld, struct copyvec *out, const int32_t *idx, size_t n)
{
    int rc;
    const lsn_raw_event *events = ld->set.events;
    for (size_t i = 0; i < n; i++) {
        const lsn_raw_event *m = &events[idx[i]];
        if (m->malformed || m->has_recid || master_suppressed(ld, m)) {
            continue;
        }
        if (!is_recurring(m)) {
            struct copy c = copy_of(m, idx[i], KEY_SINGLE, m->start);
            if ((rc = push_copy(out, &c)) != LSN_OK) {
                return rc;
            }
            continue;
        }
        struct i64vec starts;
        if ((rc = expand_cached(&starts, ld, idx[i])) != LSN_OK) {
            return rc;
        }
        for (size_t s = 0; s < starts.n; s++) {
            int64_t key = starts.v[s];
            if (ld->series_keys != NULL &&
                (ld->series_keys->n == 0 || bsearch(&key, ld->series_keys->v, ld->series_keys->n,
                                                    sizeof(int64_t), cmp_i64) == NULL)) {
                continue; /* only a stale version of the series has this instance */
            }
            const lsn_raw_event *range = NULL;
            bool replaced = false;
            for (size_t j = 0; j < n && !replaced; j++) {
                const lsn_raw_event *o = &events[idx[j]];
                if (o->malformed || !o->has_recid) {
                    continue;
                }
                if (!o->range_future && o->recurrence_id == key) {
                    replaced = true;
                } else if (o->range_future && o->recurrence_id <= key &&
                           (range == NULL || o->recurrence_id > range->recurrence_id)) {
                    range = o;
                }
            }
            if (replaced) {
                continue; /* the override of this file stands for it */
            }
            struct copy c = copy_of(m, idx[i], key, key);
            if (range != NULL) {
                /* THISANDFUTURE: the override's shift, duration, status and
                 * attendees apply to this and every later instance. */
                c = copy_of(range, (int32_t)(range - events), key,
                            key + (range->start - range->recurrence_id));
            }
            if ((rc = push_copy(out, &c)) != LSN_OK) {
                return rc;
            }
        }
    }
    for (size_t j = 0; j < n; j++) {
        const lsn_raw_event *o = &events[idx[j]];
        if (o->malformed || !o->has_recid) {
            continue;
        }
        if (o->range_future) {
            /* Already applied when this file's master produced its key. */
            bool applied = false;
            for (size_t i = 0; i < n && !applied; i++) {
                const lsn_raw_event *m = &events[idx[i]];
                if (m->malformed || m->has_recid || !is_recurring(m) || master_suppressed(ld, m)) {
                    continue;
                }
                struct i64vec starts;
                if ((rc = expand_cached(&starts, ld, idx[i])) != LSN_OK) {
                    return rc;
                }
                applied = starts.n > 0 && bsearch(&o->recurrence_id, starts.v, starts.n,
                                                  sizeof(int64_t), cmp_i64) != NULL;
            }
            if (applied) {
                continue;
            }
        }
        struct copy c = copy_of(o, idx[j], o->recurrence_id, o->start);
        if ((rc = push_copy(out, &c)) != LSN_OK) {
            return rc;
        }
    }
    return LSN_OK;
}

/* Malformed records: one skip per (UID, RECURRENCE-ID) that no usable
 * record of the same identity covers. */
static void count_malformed(struct loader *ld, const int32_t *idx, size_t n)
{
    const lsn_raw_event *events = ld->set.events;
    const char *uid = lsn_strmap_get(ld->set.strings, events[idx[0]].uid);
    for (size_t i = 0; i < n; i++) {
        const lsn_raw_event *a = &events[idx[i]];
        if (!a->malformed) {
            continue;
        }
        if (uid[0] == '\0') {
            /* Unreadable records have no identity: each counts once. */
            ld->stats->read++;
            ld->stats->skipped[LSN_SKIP_MALFORMED]++;
            continue;
        }
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++) {
            const lsn_raw_event *b = &events[idx[j]];
            if (j == i || b->has_recid != a->has_recid ||
                (a->has_recid && b->recurrence_id != a->recurrence_id)) {
                continue;
            }
            /* Covered by a usable record, or counted at an earlier one. */
            seen = !b->malformed || j < i;
        }
        if (!seen) {
            ld->stats->read++;
            ld->stats->skipped[LSN_SKIP_MALFORMED]++;
        }
    }
}

/* When the mailboxes hold different versions of a recurring series (the
 * rule was changed, and some copies are stale), the version with the highest
 * (SEQUENCE, DTSTAMP) decides which instances exist; stale versions still
 * merge into those instances. The recurring analogue of SPEC 1.4's stale
 * copy of a moved single meeting. Sets ld->series_keys, or NULL when every
 * version agrees. */
static int choose_series_version(struct loader *ld, const int32_t *idx, size_t n)
{
    const lsn_raw_event *events = ld->set.events;
    const lsn_raw_event *best = NULL;
    int32_t best_index = -1;
    bool differ = false;
    ld->series_keys = NULL;
    for (size_t i = 0; i < n; i++) {
        const lsn_raw_event *m = &events[idx[i]];
        if (m->malformed || m->has_recid || !is_recurring(m) || master_suppressed(ld, m)) {
            continue;
        }
        if (best == NULL) {
            best = m;
            best_index = idx[i];
            continue;
        }
        if (!same_recurrence(&ld->set, best, m)) {
            differ = true;
        }
        /* idx is in file and line order, so ties keep the earlier record. */
        if (m->sequence > best->sequence ||
            (m->sequence == best->sequence && m->dtstamp > best->dtstamp)) {
            best = m;
            best_index = idx[i];
        }
    }
    if (!differ) {
        return LSN_OK;
    }
    /* Expanded into a buffer of its own: views of the cache do not last. */
    int rc = expand(&ld->keys_buf, ld, &events[best_index], ld->lo, ld->hi);
    if (rc == LSN_OK) {
        ld->series_keys = &ld->keys_buf;
    }
    return rc;
}

static int process_group(struct loader *ld, struct copyvec *copies, const int32_t *idx, size_t n)
{
    int rc;
    copies->n = 0;
    count_malformed(ld, idx, n);
    if ((rc = choose_series_version(ld, idx, n)) != LSN_OK) {
        return rc;
    }
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && ld->set.events[idx[j]].file == ld->set.events[idx[i]].file) {
            j++;
        }
        if ((rc = file_copies(ld, copies, idx + i, j - i)) != LSN_OK) {
            return rc;
        }
        i = j;
    }
    if (copies->n > 1) {
        qsort(copies->v, copies->n, sizeof(struct copy), cmp_copy);
    }
    for (i = 0; i < copies->n;) {
        size_t j = i + 1;
        while (j < copies->n && copies->v[j].key == copies->v[i].key) {
            j++;
        }
        if ((rc = decide(ld, copies->v + i, j - i)) != LSN_OK) {
            return rc;
        }
        i = j;
    }
    return LSN_OK;
}

static _Thread_local const lsn_rawset *group_set; /* for cmp_event_index */

static int cmp_event_index(const void *a, const void *b)
{
    const lsn_raw_event *x = &group_set->events[*(const int32_t *)a];
    const lsn_raw_event *y = &group_set->events[*(const int32_t *)b];
    if (x->uid != y->uid) {
        return x->uid < y->uid ? -1 : 1;
    }
    if (x->file != y->file) {
        return x->file < y->file ? -1 : 1;
    }
    return (x->line > y->line) - (x->line < y->line);
}

/* ------------------------------------------------------------------ */
/* References between files                                             */

#define SEEN_MASTER 1u
#define SEEN_OCCURRENCE 2u
#define SEEN_EXCEPTION 4u
#define SEEN_WARNED 8u

/* The series UID of a Graph occurrence or exception whose master is in none
 * of the files: the Exchange series id its iCalUId implies, else one made
 * from seriesMasterId, else its own. */
static int32_t orphan_uid(lsn_rawset *set, const lsn_raw_event *ev)
{
    char buf[1024];
    const char *own = lsn_strmap_get(set->strings, ev->uid);
    if (lsn_graph_series_uid(buf, sizeof(buf), own)) {
        return lsn_rawset_str(set, buf, strlen(buf));
    }
    if (ev->master_ref < 0) {
        return ev->uid;
    }
    int n =
        snprintf(buf, sizeof(buf), "graph-series:%s", lsn_strmap_get(set->strings, ev->master_ref));
    return lsn_rawset_str(set, buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/*
 * Once every file is read: join each Graph occurrence and exception to its
 * master's iCalUId (seriesMasterId names the master by its mailbox-specific
 * id, possibly in another file), give every copy of an Outlook row (subject,
 * start, organizer) the series UID of its first copy in path order, and note
 * the series whose instances are listed one by one (ld->listed).
 */
static int resolve_references(struct loader *ld)
{
    lsn_rawset *set = &ld->set;
    int rc = LSN_OK;
    size_t nstr = lsn_strmap_count(set->strings);
    int32_t *map = malloc((nstr ? nstr : 1) * sizeof(*map));
    uint8_t *seen = NULL;
    if (map == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nstr; i++) {
        map[i] = -1;
    }
    for (size_t i = 0; i < set->nevents; i++) {
        const lsn_raw_event *ev = &set->events[i];
        if (ev->series_role == LSN_ROLE_MASTER && ev->source_id >= 0 && map[ev->source_id] < 0) {
            map[ev->source_id] = ev->uid;
        }
    }
    for (size_t i = 0; i < set->nevents; i++) {
        lsn_raw_event *ev = &set->events[i];
        if (ev->series_role != LSN_ROLE_OCCURRENCE && ev->series_role != LSN_ROLE_EXCEPTION) {
            continue;
        }
        if (lsn_strmap_get(set->strings, ev->uid)[0] == '\0') {
            continue; /* malformed without an identity */
        }
        int32_t uid = ev->master_ref >= 0 ? map[ev->master_ref] : -1;
        if (uid < 0) {
            uid = orphan_uid(set, ev);
            if (uid < 0) {
                rc = lsn_error_set(LSN_ENOMEM, "out of memory");
                goto cleanup;
            }
        }
        ev->uid = uid;
    }
    /* Outlook: copies of one (subject, start, organizer) are one instance. */
    for (size_t i = 0; i < nstr; i++) {
        map[i] = -1;
    }
    for (size_t i = 0; i < set->nevents; i++) {
        lsn_raw_event *ev = &set->events[i];
        if (ev->copy_key < 0 || ev->malformed) {
            continue;
        }
        if (map[ev->copy_key] < 0) {
            map[ev->copy_key] = ev->uid;
        } else {
            ev->uid = map[ev->copy_key];
        }
    }
    size_t nuid = lsn_strmap_count(set->strings);
    ld->listed = calloc(nuid ? nuid : 1, sizeof(bool));
    seen = calloc(nuid ? nuid : 1, sizeof(*seen));
    if (ld->listed == NULL || seen == NULL) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < set->nevents; i++) {
        const lsn_raw_event *ev = &set->events[i];
        if (ev->malformed || ev->uid < 0) {
            continue;
        }
        if (ev->series_role == LSN_ROLE_MASTER) {
            seen[ev->uid] |= SEEN_MASTER;
        } else if (ev->series_role == LSN_ROLE_OCCURRENCE) {
            seen[ev->uid] |= SEEN_OCCURRENCE;
            ld->listed[ev->uid] = true;
        } else if (ev->series_role == LSN_ROLE_EXCEPTION) {
            seen[ev->uid] |= SEEN_EXCEPTION;
            ld->listed[ev->uid] = true;
        }
    }
    /* SPEC §1.4 makes listed exceptions the only instances of their master;
     * with none of its occurrences listed that is worth a word. */
    for (size_t i = 0; i < set->nevents; i++) {
        const lsn_raw_event *ev = &set->events[i];
        if (ev->malformed || ev->uid < 0 || ev->series_role != LSN_ROLE_MASTER ||
            !is_recurring(ev) || seen[ev->uid] != (SEEN_MASTER | SEEN_EXCEPTION)) {
            continue;
        }
        seen[ev->uid] |= SEEN_WARNED;
        lsn_warn("%s:%d: %s: exceptions of this series master are in the data but none of its "
                 "occurrences: the exceptions are its only instances, its recurrence is not "
                 "expanded",
                 set->files[ev->file], ev->line, lsn_strmap_get(set->strings, ev->uid));
    }
cleanup:
    free(map);
    free(seen);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The window                                                           */

static void format_day(char out[11], int64_t days)
{
    int y, m, d;
    lsn_civil_from_days(days, &y, &m, &d);
    char buf[32];
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

static int64_t latest_before(struct loader *ld, struct i64vec *tmp, int64_t bound);

/* `to` of SPEC §1.5: the day after the latest instance start that is not
 * later than the newest DTSTAMP. Returns false when there is no instance. */
static bool default_to(struct loader *ld, int64_t *to_day)
{
    const lsn_rawset *set = &ld->set;
    int64_t bound = LSN_TIME_NONE;
    for (size_t i = 0; i < set->nevents; i++) {
        if (!set->events[i].malformed && set->events[i].dtstamp > bound) {
            bound = set->events[i].dtstamp;
        }
    }
    if (bound == LSN_TIME_NONE) {
        for (size_t i = 0; i < set->nevents; i++) {
            if (!set->events[i].malformed && set->events[i].start > bound) {
                bound = set->events[i].start;
            }
        }
    }
    int64_t latest = LSN_TIME_NONE;
    struct i64vec tmp = {0};
    latest = latest_before(ld, &tmp, bound);
    if (latest == LSN_TIME_NONE) {
        /* Every instance lies after the newest DTSTAMP (an export of future
         * meetings only): fall back to the latest DTSTART in the files. */
        int64_t bound2 = LSN_TIME_NONE;
        for (size_t i = 0; i < set->nevents; i++) {
            if (!set->events[i].malformed && set->events[i].start > bound2) {
                bound2 = set->events[i].start;
            }
        }
        latest = latest_before(ld, &tmp, bound2);
    }
    free(tmp.v);
    if (latest == LSN_TIME_NONE) {
        return false;
    }
    *to_day = local_day(latest, ld->tz) + 1;
    return true;
}

static int64_t latest_before(struct loader *ld, struct i64vec *tmp, int64_t bound)
{
    const lsn_rawset *set = &ld->set;
    int64_t latest = LSN_TIME_NONE;
    if (bound == LSN_TIME_NONE) {
        return latest;
    }
    /* Per-mailbox exports repeat each series in every attendee's file:
     * expand each distinct recurrence once. */
    size_t nseen = 0, cap = 1024;
    uint64_t *seen = calloc(cap, sizeof(*seen));
    for (size_t i = 0; i < set->nevents; i++) {
        const lsn_raw_event *ev = &set->events[i];
        if (ev->malformed || master_suppressed(ld, ev)) {
            continue;
        }
        if (ev->start <= bound && ev->start > latest) {
            latest = ev->start;
        }
        if (ev->has_recid || !is_recurring(ev) || ev->start > bound) {
            continue;
        }
        uint64_t sig = recurrence_signature(set, ev) | 1; /* 0 marks an empty slot */
        if (seen != NULL) {
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
                if (bigger != NULL) {
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
                }
                free(seen);
                seen = bigger;
            }
        }
        if (expand(tmp, ld, ev, ev->start, bound + 1) == LSN_OK && tmp->n > 0 &&
            tmp->v[tmp->n - 1] > latest) {
            latest = tmp->v[tmp->n - 1];
        }
    }
    free(seen);
    return latest;
}

static int set_window(struct loader *ld, const lsn_load_options *opts, lsn_window *w)
{
    int y, m, d;
    int64_t from_day = 0, to_day = 0;
    bool has_from = opts->from != NULL, has_to = opts->to != NULL;
    if (has_from) {
        if (lsn_parse_date(opts->from, &y, &m, &d) != LSN_OK) {
            return lsn_error_set(LSN_EINVAL, "--from: '%s' is not a date (YYYY-MM-DD)", opts->from);
        }
        from_day = lsn_days_from_civil(y, (unsigned)m, (unsigned)d);
    }
    if (has_to) {
        if (lsn_parse_date(opts->to, &y, &m, &d) != LSN_OK) {
            return lsn_error_set(LSN_EINVAL, "--to: '%s' is not a date (YYYY-MM-DD)", opts->to);
        }
        to_day = lsn_days_from_civil(y, (unsigned)m, (unsigned)d);
    }
    if (!has_to) {
        if (has_from) {
            to_day = from_day + LSN_DEFAULT_WINDOW_DAYS;
        } else if (!default_to(ld, &to_day)) {
            if (ld->set.nfiles == 0) {
                return lsn_error_set(LSN_EPARSE, "no calendar file found in the paths given");
            }
            if (ld->set.nfiles == 1) {
                return lsn_error_set(LSN_EPARSE,
                                     "%s: no event with a usable start (%zu event records); "
                                     "nothing to analyze",
                                     ld->set.files[0], ld->set.nevents);
            }
            return lsn_error_set(LSN_EPARSE,
                                 "no event with a usable start in %zu calendar files (%s, ...; "
                                 "%zu event records); nothing to analyze",
                                 ld->set.nfiles, ld->set.nfiles ? ld->set.files[0] : "none",
                                 ld->set.nevents);
        }
    }
    if (!has_from) {
        from_day = to_day - LSN_DEFAULT_WINDOW_DAYS;
    }
    if (to_day <= from_day) {
        return lsn_error_set(LSN_EINVAL, "--to must be after --from");
    }
    ld->from = day_start(from_day, ld->tz);
    ld->to = day_start(to_day, ld->tz);
    ld->lo = ld->from - EXPAND_MARGIN;
    ld->hi = ld->to + EXPAND_MARGIN;
    w->from = ld->from;
    w->to = ld->to;
    format_day(w->from_date, from_day);
    format_day(w->to_date, to_day);
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* Reading the files, on several threads                                */

/* One file to read, in path order. Filled by whichever thread reads it. */
struct job {
    const char *path;
    bool named; /* given on the command line, not found in a folder */
    bool done;
    int rc;        /* LSN_OK, or the error that ends the load */
    char *error;   /* its message (lsn_error_last() is per thread) */
    bool calendar; /* a calendar at all (else skipped with a warning) */
    bool refused;  /* unusable as a whole inside a folder: skipped, its strings kept */
    bool has_set;
    lsn_rawset set; /* the file's records, merged into the loader's set in path order */
    int64_t vevents;
    size_t bytes;
    char **warnings; /* held, passed on in path order */
    size_t nwarnings, warnings_cap;
};

struct reader {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct job *jobs;
    size_t njobs;
    size_t next;   /* the next job to read */
    size_t merged; /* jobs merged so far */
    size_t ahead;  /* at most this many jobs read ahead of the merge */
    bool stop;
    const lsn_org *org;
    const icaltimezone *tz;
    lsn_zonecache *zones;
    bool libical_only;
    int64_t fast, libical;
};

static void hold_warning(void *ud, const char *message)
{
    struct job *j = ud;
    if (j->nwarnings == j->warnings_cap) {
        size_t cap = j->warnings_cap ? j->warnings_cap * 2 : 8;
        char **q = realloc(j->warnings, cap * sizeof(*q));
        if (q == NULL) {
            return; /* out of memory: the warning is lost, the load goes on */
        }
        j->warnings = q;
        j->warnings_cap = cap;
    }
    char *copy = strdup(message);
    if (copy != NULL) {
        j->warnings[j->nwarnings++] = copy;
    }
}

static void job_clear(struct job *j)
{
    for (size_t i = 0; i < j->nwarnings; i++) {
        free(j->warnings[i]);
    }
    free(j->warnings);
    free(j->error);
    if (j->has_set) {
        lsn_rawset_destroy(&j->set);
    }
    j->warnings = NULL;
    j->nwarnings = j->warnings_cap = 0;
    j->error = NULL;
    j->has_set = false;
}

static void job_fail(struct job *j, int rc)
{
    j->rc = rc;
    j->error = strdup(lsn_error_last());
}

/* Read and parse one file into a set of its own; its warnings are held. */
static void read_job(struct reader *r, struct job *j, lsn_ics_scratch *scratch)
{
    int rc;
    char *data = NULL;
    size_t len = 0;
    lsn_warn_set_thread_handler(hold_warning, j);
    if ((rc = read_file(&data, &len, j->path)) != LSN_OK) {
        job_fail(j, rc);
        goto done;
    }
    j->bytes = len;
    enum format format = sniff(data, len);
    if (format == FORMAT_NONE) {
        rc = lsn_error_set(
            LSN_EPARSE, "%s:1: not a calendar file (expected iCalendar: BEGIN:VCALENDAR)", j->path);
        if (j->named) {
            job_fail(j, rc);
        } else {
            lsn_warn("%s; skipped", lsn_error_last());
        }
        goto done;
    }
    j->calendar = true;
    if (lsn_rawset_init(&j->set, r->zones) != LSN_OK) {
        job_fail(j, lsn_error_set(LSN_ENOMEM, "out of memory"));
        goto done;
    }
    j->has_set = true;
    int32_t file = lsn_rawset_add_file(&j->set, j->path);
    if (file < 0) {
        job_fail(j, file);
        goto done;
    }
    int64_t n = 0;
    switch (format) {
    case FORMAT_ICS:
        rc = lsn_ics_parse(&j->set, file, data, len, r->tz, scratch, &n);
        break;
    case FORMAT_GRAPH:
        rc = lsn_graph_parse(&j->set, file, data, len, r->org, r->tz, &n);
        break;
    default:
        rc = lsn_outlook_parse(&j->set, file, r->org, r->tz, &n);
        break;
    }
    if (rc == LSN_EPARSE && !j->named) {
        /* Unusable as a whole (invalid JSON, a broken CSV): inside a
         * folder it is skipped like any file that is not a calendar. */
        j->refused = true;
        lsn_warn("%s; skipped", lsn_error_last());
    } else if (rc != LSN_OK) {
        job_fail(j, rc);
    }
    j->vevents = n;
done:
    lsn_warn_set_thread_handler(NULL, NULL);
    free(data);
}

/* Claim the next job that may be read now; call with the lock held. */
static bool claim(struct reader *r, size_t *i)
{
    if (r->stop || r->next >= r->njobs || r->next >= r->merged + r->ahead) {
        return false;
    }
    *i = r->next++;
    return true;
}

static void read_claimed(struct reader *r, size_t i, lsn_ics_scratch *scratch)
{
    pthread_mutex_unlock(&r->lock);
    read_job(r, &r->jobs[i], scratch);
    pthread_mutex_lock(&r->lock);
    r->jobs[i].done = true;
    pthread_cond_broadcast(&r->cond);
}

struct worker {
    struct reader *reader;
    lsn_ics_scratch *scratch;
    pthread_t thread;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct reader *r = w->reader;
    pthread_mutex_lock(&r->lock);
    while (!r->stop && r->next < r->njobs) {
        size_t i;
        if (claim(r, &i)) {
            read_claimed(r, i, w->scratch);
        } else {
            pthread_cond_wait(&r->cond, &r->lock);
        }
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

static void progress(const lsn_load_options *opts, size_t done, size_t total, bool last)
{
    if (!opts->progress || !isatty(2)) {
        return;
    }
    if (last || done % 256 == 0) {
        fprintf(stderr, "\rliaison: reading calendars %zu/%zu%s", done, total, last ? "\n" : "");
    }
}

/* Take one read file into the loader's set, as reading it there would have. */
static int merge_job(struct loader *ld, struct job *j, int64_t *files, int64_t *vevents)
{
    for (size_t i = 0; i < j->nwarnings; i++) {
        lsn_warn("%s", j->warnings[i]);
    }
    if (j->rc != LSN_OK) {
        return lsn_error_set(j->rc, "%s", j->error ? j->error : lsn_error_name(j->rc));
    }
    if (!j->calendar) {
        return LSN_OK;
    }
    int rc = lsn_rawset_merge(&ld->set, &j->set, !j->refused);
    if (rc == LSN_OK && !j->refused) {
        (*files)++;
        *vevents += j->vevents;
    }
    return rc;
}

static int thread_count(const lsn_load_options *opts, size_t njobs)
{
    long n = opts->threads;
    if (n <= 0) {
        n = sysconf(_SC_NPROCESSORS_ONLN);
    }
    if (n < 1) {
        n = 1;
    }
    if (n > LSN_LOAD_MAX_THREADS) {
        n = LSN_LOAD_MAX_THREADS;
    }
    if ((size_t)n > njobs) {
        n = njobs > 0 ? (long)njobs : 1;
    }
    return (int)n;
}

/*
 * Read every job into ld->set: the calling thread and nthreads - 1 workers
 * read files in any order, at most r->ahead ahead of the merge; the calling
 * thread merges them strictly in path order, and reads when the next file
 * to merge is not ready yet.
 */
static int read_all(struct loader *ld,
                    struct job *jobs,
                    size_t njobs,
                    const lsn_org *org,
                    const lsn_load_options *opts,
                    int64_t *files,
                    int64_t *vevents)
{
    int rc = LSN_OK;
    struct reader r;
    memset(&r, 0, sizeof(r));
    r.jobs = jobs;
    r.njobs = njobs;
    r.org = org;
    r.tz = ld->tz;
    r.zones = ld->set.zonecache;
    r.libical_only = opts->libical_only;
    int nthreads = thread_count(opts, njobs);
    r.ahead = 64 * (size_t)nthreads;
    struct worker workers[LSN_LOAD_MAX_THREADS];
    int nworkers = 0;
    lsn_ics_scratch *scratch = NULL;
    if (pthread_mutex_init(&r.lock, NULL) != 0) {
        return lsn_error_set(LSN_ENOMEM, "cannot create a mutex");
    }
    if (pthread_cond_init(&r.cond, NULL) != 0) {
        pthread_mutex_destroy(&r.lock);
        return lsn_error_set(LSN_ENOMEM, "cannot create a condition variable");
    }
    if ((rc = lsn_ics_scratch_new(&scratch, opts->libical_only)) != LSN_OK) {
        goto cleanup;
    }
    if (nthreads > 1) {
        /* What libraries set up once for the whole process, before threads
         * use them: libical's list of builtin zones, jansson's hash seed. */
        icaltimezone_get_builtin_timezones();
        json_object_seed(0);
    }
    for (int i = 0; i < nthreads - 1; i++) {
        workers[nworkers].reader = &r;
        if (lsn_ics_scratch_new(&workers[nworkers].scratch, opts->libical_only) != LSN_OK) {
            break; /* fewer threads, same result */
        }
        if (pthread_create(&workers[nworkers].thread, NULL, worker_main, &workers[nworkers]) != 0) {
            lsn_ics_scratch_free(workers[nworkers].scratch);
            break;
        }
        nworkers++;
    }
    if (opts->profile != NULL) {
        opts->profile->threads = nworkers + 1;
    }
    pthread_mutex_lock(&r.lock);
    while (r.merged < njobs) {
        struct job *j = &jobs[r.merged];
        size_t i;
        if (j->done) {
            pthread_mutex_unlock(&r.lock);
            progress(opts, r.merged, njobs, false);
            if (opts->profile != NULL) {
                opts->profile->bytes += (int64_t)j->bytes;
            }
            rc = merge_job(ld, j, files, vevents);
            job_clear(j);
            pthread_mutex_lock(&r.lock);
            r.merged++;
            pthread_cond_broadcast(&r.cond); /* the window moved */
            if (rc != LSN_OK) {
                break;
            }
        } else if (claim(&r, &i)) {
            read_claimed(&r, i, scratch);
        } else {
            pthread_cond_wait(&r.cond, &r.lock);
        }
    }
    r.stop = true;
    pthread_cond_broadcast(&r.cond);
    pthread_mutex_unlock(&r.lock);
    if (rc == LSN_OK) {
        progress(opts, njobs, njobs, true);
    }
cleanup:
    for (int i = 0; i < nworkers; i++) {
        pthread_join(workers[i].thread, NULL);
    }
    int64_t fast, slow;
    if (scratch != NULL) {
        lsn_ics_scratch_counts(scratch, &fast, &slow);
        r.fast += fast;
        r.libical += slow;
    }
    for (int i = 0; i < nworkers; i++) {
        lsn_ics_scratch_counts(workers[i].scratch, &fast, &slow);
        r.fast += fast;
        r.libical += slow;
        lsn_ics_scratch_free(workers[i].scratch);
    }
    lsn_ics_scratch_free(scratch);
    if (opts->profile != NULL) {
        opts->profile->vevents_fast = r.fast;
        opts->profile->vevents_libical = r.libical;
    }
    /* Jobs a stopped load never merged. */
    for (size_t i = 0; i < njobs; i++) {
        job_clear(&jobs[i]);
    }
    pthread_cond_destroy(&r.cond);
    pthread_mutex_destroy(&r.lock);
    return rc;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ */

int lsn_calendar_load(lsn_calendar **out,
                      const lsn_org *org,
                      const char *const *paths,
                      size_t npaths,
                      const lsn_load_options *opts)
{
    int rc;
    lsn_load_options defaults = LSN_LOAD_OPTIONS_INIT;
    struct loader ld;
    struct pathlist list = {0};
    size_t *order = NULL;
    int32_t *idx = NULL;
    struct copyvec copies = {0};
    struct job *jobs = NULL;
    lsn_zonecache *zones = NULL;
    lsn_window window;
    double t0 = now_seconds(), t1;
    memset(&ld, 0, sizeof(ld));
    memset(&window, 0, sizeof(window));
    *out = NULL;
    if (opts == NULL) {
        opts = &defaults;
    }
    if (opts->profile != NULL) {
        memset(opts->profile, 0, sizeof(*opts->profile));
    }
    /* libical's default may abort on a parse error; a bad event must only
     * be counted. Set once, before any parsing (and any thread). */
    icalerror_set_errors_are_fatal(0);
    if (lsn_zonecache_new(&zones) != LSN_OK || lsn_rawset_init(&ld.set, zones) != LSN_OK) {
        lsn_zonecache_free(zones);
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    const char *tzname = opts->tz ? opts->tz : "UTC";
    ld.tz = lsn_zone_builtin(tzname);
    if (ld.tz == NULL) {
        rc = lsn_error_set(LSN_EINVAL, "--tz: unknown time zone '%s'", tzname);
        goto cleanup;
    }
    snprintf(window.tz, sizeof(window.tz), "%s", tzname);

    for (size_t i = 0; i < npaths; i++) {
        if ((rc = walk(&list, paths[i], true, 0)) != LSN_OK) {
            goto cleanup;
        }
    }
    order = malloc((list.n ? list.n : 1) * sizeof(*order));
    jobs = calloc(list.n ? list.n : 1, sizeof(*jobs));
    if (order == NULL || jobs == NULL) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < list.n; i++) {
        order[i] = i;
    }
    sort_list = &list;
    qsort(order, list.n, sizeof(*order), cmp_path);
    size_t njobs = 0;
    for (size_t k = 0; k < list.n; k++) {
        size_t i = order[k];
        if (k > 0 && strcmp(list.paths[i], list.paths[order[k - 1]]) == 0) {
            continue; /* the same file named twice */
        }
        jobs[njobs].path = list.paths[i];
        jobs[njobs].named = list.named[i];
        njobs++;
    }

    int64_t files = 0, vevents = 0;
    if ((rc = read_all(&ld, jobs, njobs, org, opts, &files, &vevents)) != LSN_OK) {
        goto cleanup;
    }
    t1 = now_seconds();
    if (opts->profile != NULL) {
        opts->profile->read_parse = t1 - t0;
        opts->profile->files = files;
    }
    t0 = t1;

    if ((rc = resolve_references(&ld)) != LSN_OK) {
        goto cleanup;
    }
    if ((rc = set_window(&ld, opts, &window)) != LSN_OK) {
        goto cleanup;
    }
    t1 = now_seconds();
    if (opts->profile != NULL) {
        opts->profile->window = t1 - t0;
    }
    t0 = t1;
    if ((rc = lsn_calendar_new(&ld.cal, org, &window)) != LSN_OK) {
        goto cleanup;
    }
    for (size_t f = 0; f < ld.set.nfiles; f++) {
        if ((rc = lsn_calendar_add_file(ld.cal, ld.set.files[f])) != LSN_OK) {
            goto cleanup;
        }
    }
    ld.stats = lsn_calendar_stats_mut(ld.cal);
    ld.stats->files = files;
    ld.stats->vevents = vevents;

    /* Group the records by UID, each group in file and line order. */
    idx = malloc((ld.set.nevents ? ld.set.nevents : 1) * sizeof(*idx));
    if (idx == NULL) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < ld.set.nevents; i++) {
        idx[i] = (int32_t)i;
    }
    group_set = &ld.set;
    qsort(idx, ld.set.nevents, sizeof(*idx), cmp_event_index);
    for (size_t i = 0; i < ld.set.nevents;) {
        size_t j = i + 1;
        while (j < ld.set.nevents && ld.set.events[idx[j]].uid == ld.set.events[idx[i]].uid) {
            j++;
        }
        if ((rc = process_group(&ld, &copies, idx + i, j - i)) != LSN_OK) {
            goto cleanup;
        }
        i = j;
    }
    if ((rc = lsn_calendar_finish(ld.cal)) != LSN_OK) {
        goto cleanup;
    }
    if (opts->profile != NULL) {
        opts->profile->expand_merge = now_seconds() - t0;
    }
    *out = ld.cal;
    ld.cal = NULL;
cleanup:
    free(jobs);
    for (size_t i = 0; i < list.n; i++) {
        free(list.paths[i]);
    }
    free(list.paths);
    free(list.named);
    free(order);
    free(idx);
    free(copies.v);
    free(ld.keys_buf.v);
    free(ld.expansions);
    free(ld.pool.v);
    free(ld.scratch.v);
    free(ld.slots);
    free(ld.entries);
    free(ld.present);
    free(ld.listed);
    lsn_calendar_free(ld.cal);
    lsn_rawset_destroy(&ld.set);
    lsn_zonecache_free(zones);
    return rc;
}
