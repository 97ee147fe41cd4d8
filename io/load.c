/*
 * io/load.c — from calendar paths to a lsn_calendar. Finds the files, hands
 * each to its format's front end (io/ics.c, io/graph.c, io/outlook.c, chosen
 * by content), resolves the references between records of different files
 * (Graph occurrences to their masters, Outlook copies to one identity),
 * fixes the window, expands each distinct recurrence once, merges the copies
 * of every instance across files (SEQUENCE/DTSTAMP precedence, attendee
 * lists merged) and decides, per merged instance, "used" or exactly one
 * skip reason. Analysis is elsewhere.
 */
#include "io/load.h"

#include "io/error.h"
#include "io/graph.h"
#include "io/ics.h"
#include "io/outlook.h"
#include "io/raw.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
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

static const struct pathlist *sort_list;

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

/* Where the set stood before a file: a file refused half-way is undone. */
struct mark {
    size_t nevents, nattendees, nrules, ntimes, nfiles;
};

static struct mark set_mark(const lsn_rawset *set)
{
    struct mark m = {set->nevents, set->nattendees, set->nrules, set->ntimes, set->nfiles};
    return m;
}

static void set_rollback(lsn_rawset *set, const struct mark *m)
{
    set->nevents = m->nevents;
    set->nattendees = m->nattendees;
    set->nrules = m->nrules;
    set->ntimes = m->ntimes;
    while (set->nfiles > m->nfiles) {
        free(set->files[--set->nfiles]);
    }
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

    /* Per-group cache of expansions: identical recurrence definitions in
     * many mailbox files are expanded once. */
    struct {
        uint64_t sig;
        int32_t ev;
        struct i64vec starts;
    } cache[8];
    size_t ncache;
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

/* Expansion of ev in the loader's range, through the per-group cache. */
static int expand_cached(const struct i64vec **out, struct loader *ld, int32_t evi)
{
    const lsn_raw_event *ev = &ld->set.events[evi];
    uint64_t sig = recurrence_signature(&ld->set, ev);
    for (size_t i = 0; i < ld->ncache; i++) {
        if (ld->cache[i].sig == sig &&
            same_recurrence(&ld->set, &ld->set.events[ld->cache[i].ev], ev)) {
            *out = &ld->cache[i].starts;
            return LSN_OK;
        }
    }
    size_t slot = ld->ncache < 8 ? ld->ncache++ : (size_t)(sig % 8);
    ld->cache[slot].sig = sig;
    ld->cache[slot].ev = evi;
    *out = &ld->cache[slot].starts;
    return expand(&ld->cache[slot].starts, ld, ev, ld->lo, ld->hi);
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
        const struct i64vec *starts;
        if ((rc = expand_cached(&starts, ld, idx[i])) != LSN_OK) {
            return rc;
        }
        for (size_t s = 0; s < starts->n; s++) {
            int64_t key = starts->v[s];
            if (ld->series_keys != NULL && bsearch(&key, ld->series_keys->v, ld->series_keys->n,
                                                   sizeof(int64_t), cmp_i64) == NULL) {
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
                const struct i64vec *starts;
                if ((rc = expand_cached(&starts, ld, idx[i])) != LSN_OK) {
                    return rc;
                }
                applied = bsearch(&o->recurrence_id, starts->v, starts->n, sizeof(int64_t),
                                  cmp_i64) != NULL;
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
    /* Expanded into a buffer of its own: cache slots may be reused. */
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
    ld->ncache = 0;
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

static const lsn_rawset *group_set;

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

static void progress(const lsn_load_options *opts, size_t done, size_t total, bool last)
{
    if (!opts->progress || !isatty(2)) {
        return;
    }
    if (last || done % 256 == 0) {
        fprintf(stderr, "\rliaison: reading calendars %zu/%zu%s", done, total, last ? "\n" : "");
    }
}

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
    char *data = NULL;
    lsn_window window;
    memset(&ld, 0, sizeof(ld));
    memset(&window, 0, sizeof(window));
    *out = NULL;
    if (opts == NULL) {
        opts = &defaults;
    }
    /* libical's default may abort on a parse error; a bad event must only
     * be counted. Set once, before any parsing. */
    icalerror_set_errors_are_fatal(0);
    if ((rc = lsn_rawset_init(&ld.set)) != LSN_OK) {
        return lsn_error_set(rc, "out of memory");
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
    if (order == NULL) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < list.n; i++) {
        order[i] = i;
    }
    sort_list = &list;
    qsort(order, list.n, sizeof(*order), cmp_path);

    int64_t files = 0, vevents = 0;
    for (size_t k = 0; k < list.n; k++) {
        size_t i = order[k];
        if (k > 0 && strcmp(list.paths[i], list.paths[order[k - 1]]) == 0) {
            continue; /* the same file named twice */
        }
        size_t len = 0;
        progress(opts, k, list.n, false);
        if ((rc = read_file(&data, &len, list.paths[i])) != LSN_OK) {
            goto cleanup;
        }
        enum format format = sniff(data, len);
        if (format == FORMAT_NONE) {
            rc = lsn_error_set(LSN_EPARSE,
                               "%s:1: not a calendar file (expected iCalendar: BEGIN:VCALENDAR)",
                               list.paths[i]);
            if (list.named[i]) {
                goto cleanup;
            }
            lsn_warn("%s; skipped", lsn_error_last());
            free(data);
            data = NULL;
            continue;
        }
        struct mark mark = set_mark(&ld.set);
        int32_t file = lsn_rawset_add_file(&ld.set, list.paths[i]);
        if (file < 0) {
            rc = file;
            goto cleanup;
        }
        int64_t n = 0;
        switch (format) {
        case FORMAT_ICS:
            rc = lsn_ics_parse(&ld.set, file, data, len, ld.tz, &n);
            break;
        case FORMAT_GRAPH:
            rc = lsn_graph_parse(&ld.set, file, data, len, org, ld.tz, &n);
            break;
        default:
            rc = lsn_outlook_parse(&ld.set, file, org, ld.tz, &n);
            break;
        }
        free(data);
        data = NULL;
        if (rc == LSN_EPARSE && !list.named[i]) {
            /* Unusable as a whole (invalid JSON, a broken CSV): inside a
             * folder it is skipped like any file that is not a calendar. */
            set_rollback(&ld.set, &mark);
            lsn_warn("%s; skipped", lsn_error_last());
            continue;
        }
        if (rc != LSN_OK) {
            goto cleanup;
        }
        files++;
        vevents += n;
    }
    progress(opts, list.n, list.n, true);

    if ((rc = resolve_references(&ld)) != LSN_OK) {
        goto cleanup;
    }
    if ((rc = set_window(&ld, opts, &window)) != LSN_OK) {
        goto cleanup;
    }
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
    *out = ld.cal;
    ld.cal = NULL;
cleanup:
    free(data);
    for (size_t i = 0; i < list.n; i++) {
        free(list.paths[i]);
    }
    free(list.paths);
    free(list.named);
    free(order);
    free(idx);
    free(copies.v);
    free(ld.keys_buf.v);
    for (size_t i = 0; i < 8; i++) {
        free(ld.cache[i].starts.v);
    }
    free(ld.slots);
    free(ld.entries);
    free(ld.present);
    free(ld.listed);
    lsn_calendar_free(ld.cal);
    lsn_rawset_destroy(&ld.set);
    return rc;
}
