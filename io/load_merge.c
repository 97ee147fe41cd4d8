/*
 * io/load_merge.c — from records to instances: the references between files
 * resolved, the copies of an instance across files merged (SEQUENCE and
 * DTSTAMP precedence, attendees) and each merged instance "used" or given
 * one skip reason. It expands nothing itself (load_expand.c does).
 */
#include "io/load_internal.h"

#include "io/calendar_internal.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/msgraph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int push_copy(struct copyvec *a, const struct copy *c)
{
    int rc = LSN_GROW(a->v, a->cap, a->n + 1);
    if (rc != LSN_OK) {
        return rc;
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

/* cmp_copy() with the copies themselves: true when x goes after y. */
static inline bool copy_after(const struct copy *x, const struct copy *y)
{
    return cmp_copy(x, y) > 0;
}

/* A stable merge sort of v[0..n) by cmp_copy(), tmp holding n copies;
 * runs already in order (each file's copies are) are not merged again. */
static void merge_sort_copies(struct copy *v, size_t n, struct copy *tmp)
{
    if (n <= 12) {
        for (size_t i = 1; i < n; i++) {
            struct copy x = v[i];
            size_t j = i;
            while (j > 0 && copy_after(&v[j - 1], &x)) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = x;
        }
        return;
    }
    size_t mid = n / 2;
    merge_sort_copies(v, mid, tmp);
    merge_sort_copies(v + mid, n - mid, tmp);
    if (!copy_after(&v[mid - 1], &v[mid])) {
        return;
    }
    memcpy(tmp, v, mid * sizeof(*v));
    size_t a = 0, b = mid, o = 0;
    while (a < mid && b < n) {
        /* Ties take the left one: stable, as glibc's qsort was. */
        v[o++] = copy_after(&tmp[a], &v[b]) ? v[b++] : tmp[a++];
    }
    while (a < mid) {
        v[o++] = tmp[a++];
    }
}

/* Sort the copies by cmp_copy(), equal ones kept in their order. */
static int sort_copies(struct copyvec *copies)
{
    if (copies->n < 2) {
        return LSN_OK;
    }
    int rc = LSN_GROW(copies->tmp, copies->tmp_cap, copies->n / 2 + 1);
    if (rc == LSN_OK) {
        merge_sort_copies(copies->v, copies->n, copies->tmp);
    }
    return rc;
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
            return lsn_oom();
        }
        ld->nslots = want;
        ld->gen = 0;
    }
    int rc;
    if ((rc = LSN_GROW(ld->entries, ld->entries_cap, n + 1)) != LSN_OK ||
        (rc = LSN_GROW(ld->present, ld->present_cap, n + 1)) != LSN_OK) {
        return rc;
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
    int32_t *present = ld->present;
    /* Groups are written from the end of the same buffer: they follow the
     * people, last entry first, as lsn_calendar_add_instance() takes them. */
    for (size_t i = 0; i < ld->nentries; i++) {
        const struct entry *e = &ld->entries[i];
        if (i < nentries_attendees &&
            (e->partstat == LSN_PS_DECLINED || e->nonparticipant || e->cutype == LSN_CU_ROOM)) {
            continue;
        }
        if (e->cutype == LSN_CU_GROUP && i < nentries_attendees) {
            present[ld->nentries - 1 - ng++] = e->addr;
        } else {
            present[np++] = e->addr;
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
    if (ng > 0) {
        memmove(present + np, present + (ld->nentries - ng), ng * sizeof(*present));
    }
    struct groupout *out = ld->out;
    if ((rc = LSN_GROW(out->v, out->cap, out->n + 1)) != LSN_OK ||
        (rc = LSN_GROW(out->addrs, out->addrs_cap, out->naddrs + np + ng)) != LSN_OK) {
        return rc;
    }
    const lsn_raw_event *wev = &set->events[w->ev];
    struct pending *p = &out->v[out->n++];
    p->start = w->start;
    p->original_start = w->key == KEY_SINGLE ? w->start : w->key;
    p->uid = wev->uid;
    p->summary = wev->summary;
    p->organizer = organizer;
    p->duration = w->duration > INT32_MAX ? INT32_MAX : (int32_t)w->duration;
    p->first = (uint32_t)out->naddrs;
    p->np = (uint32_t)np;
    p->ng = (uint32_t)ng;
    memcpy(out->addrs + out->naddrs, present, (np + ng) * sizeof(*present));
    out->naddrs += np + ng;
    return LSN_OK;
}

/*
 * Each address string is resolved by the calendar once, in the order the
 * instances name them; the ids are those it would give the strings. An
 * organizer resolved as a person before is found as that; else by its
 * string (the calendar never adds it).
 */
int load_add_pending(struct loader *ld, const struct groupout *out)
{
    int rc;
    const lsn_rawset *set = &ld->set;
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        ld->stats->skipped[k] += out->stats.skipped[k];
    }
    ld->stats->read += out->stats.read;
    ld->stats->duplicates_merged += out->stats.duplicates_merged;
    for (size_t k = 0; k < out->n; k++) {
        const struct pending *p = &out->v[k];
        size_t np = p->np, n = p->np + p->ng;
        if ((rc = LSN_GROW(ld->present, ld->present_cap, n + 1)) != LSN_OK) {
            return rc;
        }
        int32_t *ids = ld->present;
        const int32_t *addrs = out->addrs + p->first;
        for (size_t i = 0; i < n; i++) {
            int32_t *memo = i < np ? ld->person_ids : ld->group_ids;
            int32_t addr = addrs[i];
            if (memo[addr] == MEMO_UNKNOWN &&
                (rc = lsn_calendar_participant(&memo[addr], ld->cal,
                                               lsn_strmap_get(set->strings, addr), i >= np)) !=
                    LSN_OK) {
                return rc;
            }
            ids[i] = memo[addr];
        }
        int32_t organizer_id = -1;
        if (p->organizer >= 0) {
            organizer_id = ld->person_ids[p->organizer] != MEMO_UNKNOWN
                               ? ld->person_ids[p->organizer]
                               : lsn_calendar_find_participant(
                                     ld->cal, lsn_strmap_get(set->strings, p->organizer));
        }
        lsn_instance_spec spec = {
            .uid = lsn_strmap_get(set->strings, p->uid),
            .summary = lsn_strmap_get(set->strings, p->summary),
            .start = p->start,
            .original_start = p->original_start,
            .duration = p->duration,
        };
        if (!ld->last_known || p->uid != ld->last_uid || p->summary != ld->last_summary) {
            if ((rc = lsn_calendar_series_of(&ld->last_series, ld->cal, &spec)) != LSN_OK) {
                return rc;
            }
            ld->last_uid = p->uid;
            ld->last_summary = p->summary;
            ld->last_known = true;
        }
        if ((rc = lsn_calendar_add_in_series(ld->cal, &spec, ld->last_series, ids, n,
                                             organizer_id)) != LSN_OK) {
            return rc;
        }
    }
    return LSN_OK;
}

/* Keep one copy, charging it and its attendees to the load's budget. */
static int keep_copy(struct loader *ld, struct copyvec *out, const struct copy *c)
{
    const lsn_raw_event *ev = &ld->set.events[c->ev];
    int rc = load_charge(ld, ev, 1 + (double)ev->att_count);
    return rc != LSN_OK ? rc : push_copy(out, c);
}

static int cmp_override(const void *a, const void *b)
{
    const struct override *x = a, *y = b;
    if (x->rid != y->rid) {
        return x->rid < y->rid ? -1 : 1;
    }
    return (x->j > y->j) - (x->j < y->j);
}

static int push_override(struct overridevec *a, int64_t rid, size_t j)
{
    int rc = LSN_GROW(a->v, a->cap, a->n + 1);
    if (rc != LSN_OK) {
        return rc;
    }
    a->v[a->n].rid = rid;
    a->v[a->n].j = j;
    a->n++;
    return LSN_OK;
}

/* The THISANDFUTURE override that applies to an instance: the one with the
 * latest RECURRENCE-ID not after it, the first in line order among equals;
 * NULL when none. ranges is sorted by cmp_override. */
static const struct override *range_for(const struct overridevec *ranges, int64_t key)
{
    size_t lo = 0, hi = ranges->n; /* the first entry after key */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ranges->v[mid].rid <= key) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    size_t p = lo - 1;
    while (p > 0 && ranges->v[p - 1].rid == ranges->v[p].rid) {
        p--;
    }
    return &ranges->v[p];
}

/* The copies of one file's records for one UID (events[lo..hi) of idx).
 * O((records + instances) log records). */
static int file_copies(struct loader *ld, struct copyvec *out, const int32_t *idx, size_t n)
{
    int rc;
    const lsn_raw_event *events = ld->set.events;
    struct i64vec *plain = &ld->plain, *mkeys = &ld->mkeys;
    struct overridevec *ranges = &ld->ranges;
    plain->n = 0;
    mkeys->n = 0;
    ranges->n = 0;
    for (size_t j = 0; j < n; j++) {
        const lsn_raw_event *o = &events[idx[j]];
        if (o->malformed || !o->has_recid) {
            continue;
        }
        rc = o->range_future ? push_override(ranges, o->recurrence_id, j)
                             : push64(plain, o->recurrence_id);
        if (rc != LSN_OK) {
            return rc;
        }
    }
    if (plain->n > 1) {
        lsn_sort_i64(plain->v, plain->n);
    }
    if (ranges->n > 1) {
        qsort(ranges->v, ranges->n, sizeof(struct override), cmp_override);
    }
    for (size_t i = 0; i < n; i++) {
        const lsn_raw_event *m = &events[idx[i]];
        if (m->malformed || m->has_recid || master_suppressed(ld, m)) {
            continue;
        }
        if (!is_recurring(m)) {
            struct copy c = copy_of(m, idx[i], KEY_SINGLE, m->start);
            if ((rc = keep_copy(ld, out, &c)) != LSN_OK) {
                return rc;
            }
            continue;
        }
        struct i64vec starts;
        int verdict;
        if ((rc = load_expand_cached(&starts, ld, idx[i], &verdict)) != LSN_OK) {
            return rc;
        }
        /* Charged at once, for every instance (a few may be left out below). */
        if ((rc = load_charge(ld, m, (double)starts.n * (1 + (double)m->att_count))) != LSN_OK) {
            return rc;
        }
        for (size_t s = 0; s < starts.n; s++) {
            int64_t key = starts.v[s];
            if (ranges->n > 0 && (rc = push64(mkeys, key)) != LSN_OK) {
                return rc;
            }
            if (ld->series_keys != NULL && !has_key(ld->series_keys->v, ld->series_keys->n, key)) {
                continue; /* only a stale version of the series has this instance */
            }
            if (has_key(plain->v, plain->n, key)) {
                continue; /* the override of this file stands for it */
            }
            struct copy c = copy_of(m, idx[i], key, key);
            const struct override *range = range_for(ranges, key);
            if (range != NULL) {
                /* THISANDFUTURE: the override's shift, duration, status and
                 * attendees apply to this and every later instance. */
                const lsn_raw_event *o = &events[idx[range->j]];
                c = copy_of(o, idx[range->j], key, key + (o->start - o->recurrence_id));
            }
            if ((rc = push_copy(out, &c)) != LSN_OK) {
                return rc;
            }
        }
    }
    if (mkeys->n > 1) {
        lsn_sort_i64(mkeys->v, mkeys->n);
    }
    for (size_t j = 0; j < n; j++) {
        const lsn_raw_event *o = &events[idx[j]];
        if (o->malformed || !o->has_recid) {
            continue;
        }
        if (o->range_future && has_key(mkeys->v, mkeys->n, o->recurrence_id)) {
            continue; /* already applied when this file's master produced its key */
        }
        struct copy c = copy_of(o, idx[j], o->recurrence_id, o->start);
        if ((rc = keep_copy(ld, out, &c)) != LSN_OK) {
            return rc;
        }
    }
    return LSN_OK;
}

static int cmp_ident(const void *a, const void *b)
{
    const struct ident *x = a, *y = b;
    if (x->recid != y->recid) {
        return x->recid < y->recid ? -1 : 1;
    }
    return (x->key > y->key) - (x->key < y->key);
}

/* Malformed records: one skip per (UID, RECURRENCE-ID) that no usable
 * record of the same identity covers. O(n log n). */
static int count_malformed(struct loader *ld, const int32_t *idx, size_t n)
{
    const lsn_raw_event *events = ld->set.events;
    const char *uid = lsn_strmap_get(ld->set.strings, events[idx[0]].uid);
    bool any = false;
    for (size_t i = 0; i < n && !any; i++) {
        any = events[idx[i]].malformed;
    }
    if (!any) {
        return LSN_OK;
    }
    if (uid[0] == '\0') {
        /* Unreadable records have no identity: each counts once. */
        for (size_t i = 0; i < n; i++) {
            if (events[idx[i]].malformed) {
                ld->stats->read++;
                ld->stats->skipped[LSN_SKIP_MALFORMED]++;
            }
        }
        return LSN_OK;
    }
    int rc = LSN_GROW(ld->idents, ld->idents_cap, n);
    if (rc != LSN_OK) {
        return rc;
    }
    struct ident *id = ld->idents;
    for (size_t i = 0; i < n; i++) {
        const lsn_raw_event *a = &events[idx[i]];
        id[i].recid = a->has_recid;
        id[i].key = a->has_recid ? a->recurrence_id : 0;
        id[i].malformed = a->malformed;
    }
    qsort(id, n, sizeof(*id), cmp_ident);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        bool usable = false, bad = false;
        for (; j < n && id[j].recid == id[i].recid && id[j].key == id[i].key; j++) {
            usable = usable || !id[j].malformed;
            bad = bad || id[j].malformed;
        }
        if (bad && !usable) {
            ld->stats->read++;
            ld->stats->skipped[LSN_SKIP_MALFORMED]++;
        }
        i = j;
    }
    return LSN_OK;
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
        if (!load_same_recurrence(&ld->set, best, m)) {
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
    /* Copied into a buffer of its own: views of the cache do not last. */
    struct i64vec starts;
    int verdict;
    int rc = load_expand_cached(&starts, ld, best_index, &verdict);
    ld->keys_buf.n = 0;
    for (size_t i = 0; i < starts.n && rc == LSN_OK; i++) {
        rc = push64(&ld->keys_buf, starts.v[i]);
    }
    if (rc == LSN_OK) {
        ld->series_keys = &ld->keys_buf;
    }
    return rc;
}

int load_process_group(struct loader *ld, struct copyvec *copies, const int32_t *idx, size_t n)
{
    int rc;
    copies->n = 0;
    if ((rc = count_malformed(ld, idx, n)) != LSN_OK) {
        return rc;
    }
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
    if ((rc = sort_copies(copies)) != LSN_OK) {
        return rc;
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
    if (lsn_msgraph_series_uid(buf, sizeof(buf), own)) {
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
int load_resolve_references(struct loader *ld)
{
    lsn_rawset *set = &ld->set;
    int rc = LSN_OK;
    size_t nstr = lsn_strmap_count(set->strings);
    int32_t *map = malloc((nstr ? nstr : 1) * sizeof(*map));
    uint8_t *seen = NULL;
    if (map == NULL) {
        return lsn_oom();
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
                rc = lsn_oom();
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
        rc = lsn_oom();
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
