/*
 * io/calendar.c — storage of the used meeting instances and the input
 * accounting. Loaders (and tests) add instances that are already merged and
 * decided to be meetings; this module classifies addresses against the
 * roster and puts everything in a deterministic order. It parses nothing.
 *
 * Classification: a roster email is the person; an address in a roster
 * domain is unknown, any other address (or a token without a domain) is
 * external; a display name that a loader could not resolve to a roster
 * person (it starts with LSN_NAME_MARK, io/raw.h) is unknown and is listed
 * by the name (such names sort before the addresses).
 */
#include "io/model.h"

#include "io/calendar_internal.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/raw.h"
#include "io/sort.h"
#include "io/vec.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lsn_calendar {
    const lsn_org *org;
    size_t npeople;
    lsn_window window;
    lsn_input_stats stats;

    lsn_strmap *uids;                  /* series identities, by insertion */
    int32_t last_series, last_summary; /* the ids series_of() gave last, -1 none */
    lsn_strmap *summaries;             /* interned subjects */
    int32_t *series_summary;           /* by uid id: summary id */
    size_t series_cap;

    lsn_strmap *others; /* non-roster addresses; groups carry a \x01 prefix */
    lsn_pkind *other_kind;
    size_t other_cap;

    lsn_instance *instances;
    size_t ninstances, instances_cap;
    int32_t *present;
    size_t npresent, present_cap;

    bool *person_present;

    char **files;
    size_t nfiles, files_cap;

    /* Filled by finish. */
    bool finished;
    lsn_series *series;
    size_t nseries;
    lsn_participant *participants;
    size_t nparticipants;
    bool *named; /* by participant: an unresolved display name (stored after LSN_NAME_MARK) */
};

const char *lsn_skip_name(lsn_skip s)
{
    static const char *const names[LSN_SKIP_COUNT] = {
        "all_day", "cancelled", "too_few_people", "nonpositive_duration", "malformed"};
    return (unsigned)s < LSN_SKIP_COUNT ? names[s] : "unknown";
}

double lsn_window_weeks(const lsn_window *w)
{
    return (double)(w->to - w->from) / 604800.0;
}

int lsn_calendar_new(lsn_calendar **out, const lsn_org *org, const lsn_window *window)
{
    int rc = LSN_ENOMEM;
    lsn_calendar *cal = calloc(1, sizeof(*cal));
    *out = NULL;
    if (cal == NULL) {
        goto cleanup;
    }
    cal->org = org;
    cal->last_series = cal->last_summary = -1;
    lsn_org_people(org, &cal->npeople);
    cal->window = *window;
    if (cal->window.tz[0] == '\0') {
        strcpy(cal->window.tz, "UTC");
    }
    if (lsn_strmap_new(&cal->uids) != LSN_OK || lsn_strmap_new(&cal->summaries) != LSN_OK ||
        lsn_strmap_new(&cal->others) != LSN_OK) {
        goto cleanup;
    }
    cal->person_present = calloc(cal->npeople ? cal->npeople : 1, sizeof(bool));
    if (cal->person_present == NULL) {
        goto cleanup;
    }
    *out = cal;
    cal = NULL;
    rc = LSN_OK;
cleanup:
    if (rc != LSN_OK) {
        lsn_oom();
    }
    lsn_calendar_free(cal);
    return rc;
}

void lsn_calendar_free(lsn_calendar *cal)
{
    if (cal == NULL) {
        return;
    }
    lsn_strmap_free(cal->uids);
    lsn_strmap_free(cal->summaries);
    lsn_strmap_free(cal->others);
    free(cal->series_summary);
    free(cal->other_kind);
    free(cal->instances);
    free(cal->present);
    free(cal->person_present);
    for (size_t i = 0; i < cal->nfiles; i++) {
        free(cal->files[i]);
    }
    free(cal->files);
    free(cal->series);
    free(cal->participants);
    free(cal->named);
    free(cal);
}

/* Normalise addr into buf; returns the length, 0 for an empty address. */
static size_t normalize_into(char *buf, size_t size, const char *addr)
{
    size_t len = strlen(addr);
    if (len >= size) {
        len = size - 1;
    }
    memcpy(buf, addr, len);
    buf[len] = '\0';
    lsn_email_normalize(buf);
    return strlen(buf);
}

/* The temporary participant id of an address: a roster index, or
 * npeople + the id in cal->others. Returns -1 for an empty address. */
static int participant_of(int32_t *out, lsn_calendar *cal, const char *addr, bool group)
{
    char buf[512];
    size_t len = normalize_into(buf + 1, sizeof(buf) - 1, addr);
    *out = -1;
    if (len == 0) {
        return LSN_OK;
    }
    const char *key = buf + 1;
    if (!group) {
        int32_t p = lsn_org_find_person(cal->org, key);
        if (p >= 0) {
            *out = p;
            return LSN_OK;
        }
    } else {
        buf[0] = '\x01';
        key = buf;
        len++;
    }
    int32_t id;
    size_t seen = lsn_strmap_count(cal->others);
    int rc = lsn_strmap_intern(&id, cal->others, key, len);
    if (rc != LSN_OK) {
        return rc;
    }
    if ((size_t)id < seen) {
        /* Classified when first seen (or given by lsn_calendar_rename). */
        *out = (int32_t)cal->npeople + id;
        return LSN_OK;
    }
    if ((size_t)id >= cal->other_cap) {
        rc = LSN_GROW(cal->other_kind, cal->other_cap, (size_t)id + 1);
        if (rc != LSN_OK) {
            return rc;
        }
    }
    if (group) {
        cal->other_kind[id] = LSN_P_GROUP;
    } else if (key[0] == LSN_NAME_MARK) {
        /* A person known only by a name nobody in the roster has. */
        cal->other_kind[id] = LSN_P_UNKNOWN;
    } else {
        const char *at = strrchr(key, '@');
        bool known = at != NULL && lsn_org_has_domain(cal->org, at + 1);
        cal->other_kind[id] = known ? LSN_P_UNKNOWN : LSN_P_EXTERNAL;
    }
    *out = (int32_t)cal->npeople + id;
    return LSN_OK;
}

/* The temporary id of an address already added, or -1; never adds one, so
 * an organizer who is not present (declined) is not listed anywhere. */
static int32_t find_participant(const lsn_calendar *cal, const char *addr)
{
    char buf[512];
    size_t len = normalize_into(buf, sizeof(buf), addr);
    if (len == 0) {
        return -1;
    }
    int32_t p = lsn_org_find_person(cal->org, buf);
    if (p >= 0) {
        return p;
    }
    int32_t id = lsn_strmap_findn(cal->others, buf, len);
    return id >= 0 ? (int32_t)cal->npeople + id : -1;
}

/* The series of spec's UID, its subject recorded; the last UID and subject
 * are remembered, as a loader adds the instances of one series together. */
static int series_of(int32_t *out, lsn_calendar *cal, const lsn_instance_spec *spec)
{
    int rc;
    int32_t series, summary_id;
    size_t ulen = strlen(spec->uid);
    if (cal->last_series >= 0 && lsn_strmap_len(cal->uids, cal->last_series) == ulen &&
        memcmp(lsn_strmap_get(cal->uids, cal->last_series), spec->uid, ulen) == 0) {
        series = cal->last_series;
    } else if ((rc = lsn_strmap_intern(&series, cal->uids, spec->uid, ulen)) != LSN_OK) {
        return rc;
    }
    cal->last_series = series;
    const char *summary = spec->summary != NULL ? spec->summary : "";
    size_t slen = strlen(summary);
    if (cal->last_summary >= 0 && lsn_strmap_len(cal->summaries, cal->last_summary) == slen &&
        memcmp(lsn_strmap_get(cal->summaries, cal->last_summary), summary, slen) == 0) {
        summary_id = cal->last_summary;
    } else if ((rc = lsn_strmap_intern(&summary_id, cal->summaries, summary, slen)) != LSN_OK) {
        return rc;
    }
    cal->last_summary = summary_id;
    if ((size_t)series >= cal->series_cap) {
        size_t old = cal->series_cap;
        rc = LSN_GROW(cal->series_summary, cal->series_cap, (size_t)series + 1);
        if (rc != LSN_OK) {
            return rc;
        }
        for (size_t i = old; i < cal->series_cap; i++) {
            cal->series_summary[i] = -1;
        }
    }
    /* The first non-empty subject seen names the series. */
    if (cal->series_summary[series] < 0 ||
        (summary[0] != '\0' &&
         lsn_strmap_get(cal->summaries, cal->series_summary[series])[0] == '\0')) {
        cal->series_summary[series] = summary_id;
    }
    *out = series;
    return LSN_OK;
}

/* Add the instance of spec whose n participant ids (some -1) are at the end
 * of cal->present, with the organizer's id (-1 none). */
static int add_present(
    lsn_calendar *cal, const lsn_instance_spec *spec, int32_t series, size_t n, int32_t organizer)
{
    int32_t *dst = cal->present + cal->npresent;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (dst[i] >= 0) {
            dst[k++] = dst[i];
        }
    }
    n = k;
    lsn_sort_i32(dst, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m == 0 || dst[m - 1] != dst[i]) {
            dst[m++] = dst[i];
        }
    }
    int32_t org_id = -1;
    if (organizer >= 0 && bsearch(&organizer, dst, m, sizeof(*dst), lsn_cmp_i32) != NULL) {
        org_id = organizer;
    }
    for (size_t i = 0; i < m; i++) {
        if ((size_t)dst[i] < cal->npeople) {
            cal->person_present[dst[i]] = true;
        }
    }

    int rc = LSN_GROW(cal->instances, cal->instances_cap, cal->ninstances + 1);
    if (rc != LSN_OK) {
        return rc;
    }
    lsn_instance *in = &cal->instances[cal->ninstances++];
    in->series = series;
    in->organizer = org_id;
    in->start = spec->start;
    in->original_start = spec->original_start;
    in->duration = spec->duration;
    in->first = (uint32_t)cal->npresent;
    in->count = (uint32_t)m;
    cal->npresent += m;
    return LSN_OK;
}

int lsn_calendar_add_instance(lsn_calendar *cal, const lsn_instance_spec *spec)
{
    int32_t series;
    int rc = series_of(&series, cal, spec);
    if (rc != LSN_OK) {
        return rc;
    }
    size_t npresent = spec->npresent, total = npresent + spec->ngroups;
    rc = LSN_GROW(cal->present, cal->present_cap, cal->npresent + total);
    if (rc != LSN_OK) {
        return rc;
    }
    int32_t *dst = cal->present + cal->npresent;
    for (size_t i = 0; i < total; i++) {
        bool group = i >= npresent;
        rc = participant_of(&dst[i], cal, group ? spec->groups[i - npresent] : spec->present[i],
                            group);
        if (rc != LSN_OK) {
            return rc;
        }
    }
    int32_t organizer = spec->organizer != NULL ? find_participant(cal, spec->organizer) : -1;
    return add_present(cal, spec, series, total, organizer);
}

/* Move the used bytes of *p to a block of bytes advised as huge pages
 * before anything is written to it (realloc() would copy into small fresh
 * pages, a fault each). */
static int move_to_room(void **p, size_t used, size_t bytes)
{
    void *q = malloc(bytes);
    if (q == NULL) {
        return lsn_oom();
    }
    lsn_advise_huge(q, bytes);
    if (used > 0) {
        memcpy(q, *p, used);
    }
    free(*p);
    *p = q;
    return LSN_OK;
}

int lsn_calendar_reserve(lsn_calendar *cal, size_t instances, size_t present)
{
    int rc = LSN_OK;
    if (instances > cal->instances_cap) {
        if (instances > SIZE_MAX / sizeof(*cal->instances)) {
            return lsn_oom();
        }
        rc = move_to_room((void **)&cal->instances, cal->ninstances * sizeof(*cal->instances),
                          instances * sizeof(*cal->instances));
        cal->instances_cap = rc == LSN_OK ? instances : cal->instances_cap;
    }
    if (rc == LSN_OK && present > cal->present_cap) {
        if (present > SIZE_MAX / sizeof(*cal->present)) {
            return lsn_oom();
        }
        rc = move_to_room((void **)&cal->present, cal->npresent * sizeof(*cal->present),
                          present * sizeof(*cal->present));
        cal->present_cap = rc == LSN_OK ? present : cal->present_cap;
    }
    return rc;
}

int lsn_calendar_participant(int32_t *out, lsn_calendar *cal, const char *addr, bool group)
{
    return participant_of(out, cal, addr, group);
}

int32_t lsn_calendar_find_participant(const lsn_calendar *cal, const char *addr)
{
    return find_participant(cal, addr);
}

int lsn_calendar_series_of(int32_t *out, lsn_calendar *cal, const lsn_instance_spec *spec)
{
    return series_of(out, cal, spec);
}

int lsn_calendar_add_in_series(lsn_calendar *cal,
                               const lsn_instance_spec *spec,
                               int32_t series,
                               const int32_t *ids,
                               size_t n,
                               int32_t organizer)
{
    int rc = LSN_GROW(cal->present, cal->present_cap, cal->npresent + n);
    if (rc != LSN_OK) {
        return rc;
    }
    if (n > 0) {
        memcpy(cal->present + cal->npresent, ids, n * sizeof(*ids));
    }
    return add_present(cal, spec, series, n, organizer);
}

int lsn_calendar_add_resolved(lsn_calendar *cal,
                              const lsn_instance_spec *spec,
                              const int32_t *ids,
                              size_t n,
                              int32_t organizer)
{
    int32_t series;
    int rc = series_of(&series, cal, spec);
    return rc == LSN_OK ? lsn_calendar_add_in_series(cal, spec, series, ids, n, organizer) : rc;
}

/* qsort has no context argument in C11; finish runs on one thread. */
static const lsn_strmap *sort_map;

static int cmp_by_string(const void *a, const void *b)
{
    return strcmp(lsn_strmap_get(sort_map, *(const int32_t *)a),
                  lsn_strmap_get(sort_map, *(const int32_t *)b));
}

static int cmp_instance(const void *a, const void *b)
{
    const lsn_instance *x = a, *y = b;
    if (x->series != y->series) {
        return x->series < y->series ? -1 : 1;
    }
    if (x->original_start != y->original_start) {
        return x->original_start < y->original_start ? -1 : 1;
    }
    return (x->start > y->start) - (x->start < y->start);
}

/*
 * Sort the instances by cmp_instance(), equal ones in the order they were
 * added, as a stable sort of the whole array would: a counting sort by
 * series (stable), then each series' run, which is mostly in order already
 * (instances are added series by series, each in start order), checked
 * and sorted only when it is not. O(instances + series) when in order.
 */
static int sort_instances(lsn_calendar *cal)
{
    size_t n = cal->ninstances, ns = cal->nseries;
    lsn_instance *sorted = malloc(n * sizeof(*sorted));
    size_t *at = calloc(ns + 1, sizeof(*at));
    if (sorted == NULL || at == NULL) {
        free(sorted);
        free(at);
        return lsn_oom();
    }
    lsn_advise_huge(sorted, n * sizeof(*sorted));
    for (size_t i = 0; i < n; i++) {
        at[(size_t)cal->instances[i].series + 1]++;
    }
    for (size_t s = 1; s <= ns; s++) {
        at[s] += at[s - 1];
    }
    for (size_t i = 0; i < n; i++) {
        sorted[at[cal->instances[i].series]++] = cal->instances[i];
    }
    free(at);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        bool in_order = true;
        while (j < n && sorted[j].series == sorted[i].series) {
            in_order = in_order && cmp_instance(&sorted[j - 1], &sorted[j]) <= 0;
            j++;
        }
        if (!in_order) {
            /* glibc's qsort is a stable merge sort here, as for the whole array. */
            qsort(sorted + i, j - i, sizeof(*sorted), cmp_instance);
        }
        i = j;
    }
    free(cal->instances);
    cal->instances = sorted;
    cal->instances_cap = n;
    return LSN_OK;
}

/* Ids 0..n-1 sorted by their strings; rank[id] = position. */
static int rank_strings(int32_t **order_out, int32_t **rank_out, const lsn_strmap *map)
{
    size_t n = lsn_strmap_count(map);
    int32_t *order = malloc((n ? n : 1) * sizeof(*order));
    int32_t *rank = malloc((n ? n : 1) * sizeof(*rank));
    if (order == NULL || rank == NULL) {
        free(order);
        free(rank);
        return lsn_oom();
    }
    for (size_t i = 0; i < n; i++) {
        order[i] = (int32_t)i;
    }
    sort_map = map;
    if (n > 1) {
        qsort(order, n, sizeof(*order), cmp_by_string);
    }
    for (size_t i = 0; i < n; i++) {
        rank[order[i]] = (int32_t)i;
    }
    *order_out = order;
    *rank_out = rank;
    return LSN_OK;
}

int lsn_calendar_finish(lsn_calendar *cal)
{
    int rc;
    int32_t *sorder = NULL, *srank = NULL, *oorder = NULL, *orank = NULL;
    if ((rc = rank_strings(&sorder, &srank, cal->uids)) != LSN_OK) {
        goto cleanup;
    }
    if ((rc = rank_strings(&oorder, &orank, cal->others)) != LSN_OK) {
        goto cleanup;
    }

    cal->nseries = lsn_strmap_count(cal->uids);
    cal->series = calloc(cal->nseries ? cal->nseries : 1, sizeof(*cal->series));
    size_t nothers = lsn_strmap_count(cal->others);
    cal->nparticipants = cal->npeople + nothers;
    cal->participants =
        calloc(cal->nparticipants ? cal->nparticipants : 1, sizeof(*cal->participants));
    cal->named = calloc(cal->nparticipants ? cal->nparticipants : 1, sizeof(*cal->named));
    if (cal->series == NULL || cal->participants == NULL || cal->named == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t i = 0; i < cal->nseries; i++) {
        int32_t id = sorder[i];
        cal->series[i].uid = lsn_strmap_get(cal->uids, id);
        cal->series[i].summary = lsn_strmap_get(cal->summaries, cal->series_summary[id]);
    }
    size_t np;
    const lsn_person *people = lsn_org_people(cal->org, &np);
    for (size_t i = 0; i < cal->npeople; i++) {
        cal->participants[i].address = people[i].email;
        cal->participants[i].kind = LSN_P_ROSTER;
        cal->participants[i].person = (int32_t)i;
    }
    cal->stats.unknown = cal->stats.external = cal->stats.groups = 0;
    for (size_t i = 0; i < nothers; i++) {
        int32_t id = oorder[i];
        lsn_participant *pt = &cal->participants[cal->npeople + i];
        const char *addr = lsn_strmap_get(cal->others, id);
        pt->kind = cal->other_kind[id];
        pt->address = pt->kind == LSN_P_GROUP || addr[0] == LSN_NAME_MARK ? addr + 1 : addr;
        cal->named[cal->npeople + i] = pt->kind != LSN_P_GROUP && addr[0] == LSN_NAME_MARK;
        pt->person = -1;
        if (pt->kind == LSN_P_UNKNOWN) {
            cal->stats.unknown++;
        } else if (pt->kind == LSN_P_EXTERNAL) {
            cal->stats.external++;
        } else {
            cal->stats.groups++;
        }
    }
    /* Remap temporary ids (npeople + others id) to sorted participant ids. */
    for (size_t i = 0; i < cal->ninstances; i++) {
        lsn_instance *in = &cal->instances[i];
        int32_t *p = cal->present + in->first;
        for (uint32_t k = 0; k < in->count; k++) {
            if ((size_t)p[k] >= cal->npeople) {
                p[k] = (int32_t)cal->npeople + orank[(size_t)p[k] - cal->npeople];
            }
        }
        if (in->count > 1) {
            lsn_sort_i32(p, in->count);
        }
        if (in->organizer >= 0 && (size_t)in->organizer >= cal->npeople) {
            in->organizer = (int32_t)cal->npeople + orank[(size_t)in->organizer - cal->npeople];
        }
        in->series = srank[in->series];
    }
    if (cal->ninstances > 1 && (rc = sort_instances(cal)) != LSN_OK) {
        goto cleanup;
    }
    /* Instances moved; present slices still point at their own ranges. */
    cal->stats.people_present = 0;
    for (size_t i = 0; i < cal->npeople; i++) {
        cal->stats.people_present += cal->person_present[i];
    }
    cal->stats.used = (int64_t)cal->ninstances;
    cal->finished = true;
    rc = LSN_OK;
cleanup:
    free(sorder);
    free(srank);
    free(oorder);
    free(orank);
    return rc;
}

lsn_input_stats *lsn_calendar_stats_mut(lsn_calendar *cal)
{
    return &cal->stats;
}

int lsn_calendar_add_file(lsn_calendar *cal, const char *path)
{
    int rc = LSN_GROW(cal->files, cal->files_cap, cal->nfiles + 1);
    if (rc != LSN_OK) {
        return rc;
    }
    char *copy = strdup(path);
    if (copy == NULL) {
        return lsn_oom();
    }
    cal->files[cal->nfiles++] = copy;
    return LSN_OK;
}

const lsn_input_stats *lsn_calendar_stats(const lsn_calendar *cal)
{
    return &cal->stats;
}

const lsn_window *lsn_calendar_window(const lsn_calendar *cal)
{
    return &cal->window;
}

const lsn_org *lsn_calendar_org(const lsn_calendar *cal)
{
    return cal->org;
}

const char *const *lsn_calendar_files(const lsn_calendar *cal, size_t *count)
{
    *count = cal->nfiles;
    return (const char *const *)cal->files;
}

LSN_ARRAY_ACCESSOR(lsn_instance, lsn_calendar_instances, lsn_calendar, instances, ninstances)

const int32_t *lsn_calendar_present(const lsn_calendar *cal)
{
    return cal->present;
}

LSN_ARRAY_ACCESSOR(lsn_series, lsn_calendar_series, lsn_calendar, series, nseries)

LSN_ARRAY_ACCESSOR(
    lsn_participant, lsn_calendar_participants, lsn_calendar, participants, nparticipants)

bool lsn_calendar_person_present(const lsn_calendar *cal, int32_t p)
{
    return p >= 0 && (size_t)p < cal->npeople && cal->person_present[p];
}

/* ------------------------------------------------------------------ */
/* Derived calendars                                                    */
/* ------------------------------------------------------------------ */

/* The address a loader gave for participant i: an unresolved display name
 * is listed without its LSN_NAME_MARK, which the stored string still has. */
static const char *stored_address(const lsn_calendar *cal, int32_t i)
{
    const lsn_participant *pt = &cal->participants[i];
    return cal->named[i] ? pt->address - 1 : pt->address;
}

/* The most people present at one instance of cal: the size of a buffer of
 * one instance's addresses. */
static uint32_t most_present(const lsn_calendar *cal)
{
    uint32_t most = 0;
    for (size_t i = 0; i < cal->ninstances; i++) {
        if (cal->instances[i].count > most) {
            most = cal->instances[i].count;
        }
    }
    return most;
}

/* Finish *cal, a calendar made from base: the loader's accounting stands
 * and finish recounts who was there. On success *out takes *cal. */
static int finish_derived(lsn_calendar **out, lsn_calendar **cal, const lsn_calendar *base)
{
    (*cal)->stats = base->stats;
    int rc = lsn_calendar_finish(*cal);
    if (rc == LSN_OK) {
        *out = *cal;
        *cal = NULL;
    }
    return rc;
}

/* Instance in of base as lsn_calendar_add_instance() is given it, its
 * lists still empty: the organizer by its stored address. */
static lsn_instance_spec copy_spec(const lsn_calendar *base, const lsn_instance *in)
{
    const lsn_series *se = &base->series[in->series];
    lsn_instance_spec spec = {
        .uid = se->uid,
        .summary = se->summary,
        .start = in->start,
        .original_start = in->original_start,
        .duration = in->duration,
        .organizer = in->organizer >= 0 ? stored_address(base, in->organizer) : NULL,
    };
    return spec;
}

/* Add the instances of base starting in [lo, hi) to cal, by address, so
 * that cal's own org classifies every participant again. Each of base's
 * participants is looked up in cal once, when it first appears (in the
 * order lsn_calendar_add_instance() would intern it: the plain addresses
 * of an instance, then its groups last first), and its id reused after. */
static int copy_instances(lsn_calendar *cal, const lsn_calendar *base, int64_t lo, int64_t hi)
{
    const int32_t unseen = INT32_MIN;
    int rc = LSN_OK;
    uint32_t most = most_present(base);
    size_t nbase = base->nparticipants;
    int32_t *ids = malloc((most ? most : 1) * sizeof(*ids));
    int32_t *of = malloc((nbase ? nbase : 1) * sizeof(*of));
    int32_t *org_of = malloc((nbase ? nbase : 1) * sizeof(*org_of));
    if (ids == NULL || of == NULL || org_of == NULL) {
        free(ids);
        free(of);
        free(org_of);
        return lsn_oom();
    }
    for (size_t p = 0; p < nbase; p++) {
        of[p] = org_of[p] = unseen;
    }
    /* base's instances come series by series: each series' uid and subject
     * are looked up in cal once a run. */
    int32_t from = -1, series = -1;
    for (size_t i = 0; i < base->ninstances && rc == LSN_OK; i++) {
        const lsn_instance *in = &base->instances[i];
        if (in->start < lo || in->start >= hi) {
            continue;
        }
        /* Plain addresses first, in order; then the groups, last first. */
        size_t np = 0, ng = 0;
        for (uint32_t k = 0; k < in->count; k++) {
            int32_t p = base->present[in->first + k];
            if (base->participants[p].kind != LSN_P_GROUP) {
                ids[np++] = p;
            }
        }
        for (uint32_t k = in->count; k-- > 0;) {
            int32_t p = base->present[in->first + k];
            if (base->participants[p].kind == LSN_P_GROUP) {
                ids[np + ng++] = p;
            }
        }
        for (size_t k = 0; k < np + ng && rc == LSN_OK; k++) {
            int32_t p = ids[k];
            if (of[p] == unseen) {
                bool group = k >= np;
                rc = participant_of(&of[p], cal,
                                    group ? base->participants[p].address
                                          : stored_address(base, p),
                                    group);
            }
            ids[k] = of[p];
        }
        if (rc != LSN_OK) {
            break;
        }
        /* The organizer is only found, not added: until it is in cal, ask
         * again each time. */
        int32_t organizer = -1;
        if (in->organizer >= 0) {
            organizer = org_of[in->organizer];
            if (organizer == unseen || organizer < 0) {
                organizer = find_participant(cal, stored_address(base, in->organizer));
                org_of[in->organizer] = organizer;
            }
        }
        lsn_instance_spec spec = copy_spec(base, in);
        if (in->series != from && (rc = series_of(&series, cal, &spec)) != LSN_OK) {
            break;
        }
        from = in->series;
        rc = lsn_calendar_add_in_series(cal, &spec, series, ids, np + ng, organizer);
    }
    free(ids);
    free(of);
    free(org_of);
    return rc;
}

static int copy_files(lsn_calendar *cal, const lsn_calendar *base)
{
    for (size_t i = 0; i < base->nfiles; i++) {
        int rc = lsn_calendar_add_file(cal, base->files[i]);
        if (rc != LSN_OK) {
            return rc;
        }
    }
    return LSN_OK;
}

int lsn_calendar_remap(lsn_calendar **out, const lsn_calendar *base, const lsn_org *org)
{
    int rc;
    lsn_calendar *cal = NULL;
    assert(base != NULL && base->finished && org != NULL);
    *out = NULL;
    if ((rc = lsn_calendar_new(&cal, org, &base->window)) != LSN_OK ||
        (rc = copy_files(cal, base)) != LSN_OK ||
        (rc = copy_instances(cal, base, INT64_MIN, INT64_MAX)) != LSN_OK) {
        goto cleanup;
    }
    rc = finish_derived(out, &cal, base);
cleanup:
    lsn_calendar_free(cal);
    return rc;
}

/* Give the renamed address of a participant outside the roster its old
 * kind before any instance names it (participant_of keeps a known kind). */
static int preset_kind(lsn_calendar *cal, const char *key, lsn_pkind kind)
{
    if (lsn_org_find_person(cal->org, key) >= 0 || lsn_strmap_find(cal->others, key) >= 0) {
        return lsn_error_set(LSN_EINVAL, "two participants were renamed to the same address");
    }
    int32_t id;
    int rc = lsn_strmap_intern(&id, cal->others, key, strlen(key));
    if (rc == LSN_OK && (size_t)id >= cal->other_cap) {
        rc = LSN_GROW(cal->other_kind, cal->other_cap, (size_t)id + 1);
    }
    if (rc == LSN_OK) {
        cal->other_kind[id] = kind;
    }
    return rc;
}

/* fn's answer as a heap copy with an optional one-byte prefix; NULL when
 * out of memory. */
static char *rename_copy(
    lsn_rename_fn fn, void *ud, lsn_text_kind kind, const char *text, const char *owner, char mark)
{
    const char *r = fn(ud, kind, text, owner);
    if (r == NULL) {
        return NULL;
    }
    size_t n = strlen(r);
    char *copy = malloc(n + 2);
    if (copy != NULL) {
        size_t k = 0;
        if (mark != '\0') {
            copy[k++] = mark;
        }
        memcpy(copy + k, r, n + 1);
    }
    return copy;
}

/* Renamed strings of base's participants and series, all heap copies. */
struct renames {
    char **addr;    /* by participant: what lsn_calendar_add_instance is given */
    char **uid;     /* by series */
    char **subject; /* by series */
    size_t naddr, nseries;
};

static void renames_free(struct renames *r)
{
    for (size_t i = 0; r->addr != NULL && i < r->naddr; i++) {
        free(r->addr[i]);
    }
    for (size_t i = 0; r->uid != NULL && i < r->nseries; i++) {
        free(r->uid[i]);
        free(r->subject[i]);
    }
    free(r->addr);
    free(r->uid);
    free(r->subject);
}

static int rename_strings(
    struct renames *r, lsn_calendar *cal, const lsn_calendar *base, lsn_rename_fn fn, void *ud)
{
    size_t np;
    const lsn_person *people = lsn_org_people(cal->org, &np);
    r->naddr = base->nparticipants;
    r->nseries = base->nseries;
    r->addr = calloc(r->naddr ? r->naddr : 1, sizeof(*r->addr));
    r->uid = calloc(r->nseries ? r->nseries : 1, sizeof(*r->uid));
    r->subject = calloc(r->nseries ? r->nseries : 1, sizeof(*r->subject));
    if (r->addr == NULL || r->uid == NULL || r->subject == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < base->nparticipants; i++) {
        const lsn_participant *pt = &base->participants[i];
        if (i < base->npeople) {
            r->addr[i] = strdup(people[i].email);
        } else if (pt->kind == LSN_P_GROUP) {
            r->addr[i] = rename_copy(fn, ud, LSN_TEXT_GROUP, pt->address, NULL, '\0');
        } else if (base->named[i]) {
            r->addr[i] = rename_copy(fn, ud, LSN_TEXT_UNRESOLVED, pt->address, NULL, LSN_NAME_MARK);
        } else {
            r->addr[i] = rename_copy(fn, ud, LSN_TEXT_EMAIL, pt->address, NULL, '\0');
            if (r->addr[i] != NULL) {
                char buf[512];
                if (normalize_into(buf, sizeof(buf), r->addr[i]) == 0) {
                    return lsn_error_set(LSN_EINVAL, "a participant was renamed to nothing");
                }
                int rc = preset_kind(cal, buf, pt->kind);
                if (rc != LSN_OK) {
                    return rc;
                }
            }
        }
        if (r->addr[i] == NULL) {
            return lsn_oom();
        }
    }
    for (size_t k = 0; k < base->nseries; k++) {
        const lsn_series *se = &base->series[k];
        r->uid[k] = rename_copy(fn, ud, LSN_TEXT_UID, se->uid, NULL, '\0');
        r->subject[k] = rename_copy(fn, ud, LSN_TEXT_SUBJECT, se->summary, se->uid, '\0');
        if (r->uid[k] == NULL || r->subject[k] == NULL) {
            return lsn_oom();
        }
    }
    return LSN_OK;
}

int lsn_calendar_rename(
    lsn_calendar **out, const lsn_calendar *base, const lsn_org *org, lsn_rename_fn fn, void *ud)
{
    int rc;
    lsn_calendar *cal = NULL;
    struct renames r = {0};
    const char **addr = NULL;
    assert(base != NULL && base->finished && org != NULL && fn != NULL);
    *out = NULL;
    size_t np;
    lsn_org_people(org, &np);
    if (np != base->npeople) {
        return lsn_error_set(LSN_EINVAL, "a renamed calendar needs the renamed roster");
    }
    if ((rc = lsn_calendar_new(&cal, org, &base->window)) != LSN_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < base->nfiles; i++) {
        char *path = rename_copy(fn, ud, LSN_TEXT_PATH, base->files[i], NULL, '\0');
        rc = path != NULL ? lsn_calendar_add_file(cal, path) : lsn_oom();
        free(path);
        if (rc != LSN_OK) {
            goto cleanup;
        }
    }
    if ((rc = rename_strings(&r, cal, base, fn, ud)) != LSN_OK) {
        goto cleanup;
    }
    uint32_t most = most_present(base);
    /* Plain addresses fill the buffer from the front, groups from the back. */
    addr = malloc((most ? most : 1) * sizeof(*addr));
    if (addr == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t i = 0; i < base->ninstances && rc == LSN_OK; i++) {
        const lsn_instance *in = &base->instances[i];
        size_t npresent = 0, ng = 0;
        for (uint32_t k = 0; k < in->count; k++) {
            int32_t p = base->present[in->first + k];
            if (base->participants[p].kind == LSN_P_GROUP) {
                addr[most - 1 - ng++] = r.addr[p];
            } else {
                addr[npresent++] = r.addr[p];
            }
        }
        /* As copy_instances: the organizer is found among the plain addresses. */
        lsn_instance_spec spec = copy_spec(base, in);
        spec.uid = r.uid[in->series];
        spec.summary = r.subject[in->series];
        spec.organizer = in->organizer >= 0 ? r.addr[in->organizer] : NULL;
        spec.present = addr;
        spec.npresent = npresent;
        spec.groups = addr + (most - ng);
        spec.ngroups = ng;
        rc = lsn_calendar_add_instance(cal, &spec);
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }
    if (lsn_strmap_count(cal->uids) != base->nseries) {
        rc = lsn_error_set(LSN_EINVAL, "two meeting series were renamed to the same UID");
        goto cleanup;
    }
    rc = finish_derived(out, &cal, base);
cleanup:
    free(addr);
    renames_free(&r);
    lsn_calendar_free(cal);
    return rc;
}

int lsn_zone_day_start(int64_t *out, const char *tz, int y, int m, int d)
{
    const icaltimezone *zone = lsn_zone_builtin(tz);
    if (zone == NULL) {
        return lsn_error_set(LSN_EINVAL, "unknown time zone '%s'", tz);
    }
    icaltimetype t = icaltime_null_time();
    t.year = y;
    t.month = m;
    t.day = d;
    *out = (int64_t)icaltime_as_timet_with_zone(t, zone);
    return LSN_OK;
}

static void local_date(char buf[11], int64_t utc, const icaltimezone *zone)
{
    icaltimetype t = icaltime_from_timet_with_zone((time_t)utc, 0, zone);
    char tmp[48];
    snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", t.year, t.month, t.day);
    memcpy(buf, tmp, 10);
    buf[10] = '\0';
}

int lsn_calendar_slice(lsn_calendar **out, const lsn_calendar *cal, int64_t from, int64_t to)
{
    int rc;
    lsn_calendar *slice = NULL;
    assert(cal != NULL && cal->finished);
    *out = NULL;
    if (to <= from) {
        return lsn_error_set(LSN_EINVAL, "a slice must end after it starts");
    }
    const icaltimezone *zone = lsn_zone_builtin(cal->window.tz);
    if (zone == NULL) {
        return lsn_error_set(LSN_EINVAL, "unknown time zone '%s'", cal->window.tz);
    }
    lsn_window w = cal->window;
    w.from = from;
    w.to = to;
    local_date(w.from_date, from, zone);
    local_date(w.to_date, to, zone);
    if ((rc = lsn_calendar_new(&slice, cal->org, &w)) != LSN_OK ||
        (rc = copy_files(slice, cal)) != LSN_OK ||
        (rc = copy_instances(slice, cal, from, to)) != LSN_OK) {
        goto cleanup;
    }
    slice->stats.files = cal->stats.files;
    slice->stats.vevents = cal->stats.vevents;
    slice->stats.warnings = cal->stats.warnings;
    if ((rc = lsn_calendar_finish(slice)) != LSN_OK) {
        goto cleanup;
    }
    slice->stats.read = slice->stats.used;
    *out = slice;
    slice = NULL;
cleanup:
    lsn_calendar_free(slice);
    return rc;
}

static int cmp_person(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* One instance of base again, with the edit of its series applied to its
 * roster people; *kept is false when fewer than two participants remain. */
static int add_edited(lsn_calendar *cal,
                      const lsn_calendar *base,
                      const lsn_instance *in,
                      const lsn_presence_edit *e,
                      const char **addr,
                      size_t room,
                      bool *kept)
{
    size_t np = 0, ng = 0;
    for (uint32_t k = 0; k < in->count; k++) {
        int32_t p = base->present[in->first + k];
        const lsn_participant *pt = &base->participants[p];
        bool removed = false;
        for (size_t r = 0; pt->kind == LSN_P_ROSTER && r < e->nremove && !removed; r++) {
            removed = e->remove[r] == pt->person;
        }
        if (removed) {
            continue;
        }
        if (pt->kind == LSN_P_GROUP) {
            addr[room - 1 - ng++] = pt->address;
        } else {
            addr[np++] = stored_address(base, p);
        }
    }
    /* The loader's rule: fewer than two present participants is no meeting.
     * Roster participants come first in the sorted span, by person index. */
    size_t distinct = np + ng;
    for (size_t a = 0; a < e->nadd; a++) {
        int32_t p = e->add[a];
        if (bsearch(&p, base->present + in->first, in->count, sizeof(p), cmp_person) == NULL) {
            distinct++;
        }
        addr[np++] = base->participants[p].address; /* participant p is person p */
    }
    *kept = distinct >= 2;
    if (!*kept) {
        return LSN_OK;
    }
    lsn_instance_spec spec = copy_spec(base, in);
    spec.present = addr;
    spec.npresent = np;
    spec.groups = addr + (room - ng);
    spec.ngroups = ng;
    return lsn_calendar_add_instance(cal, &spec);
}

/* Whether an edit leaves some instance of base with fewer than two present. */
static bool edit_drops(const lsn_calendar *base, lsn_presence_fn fn, void *ud)
{
    for (size_t s = 0, i = 0; s < base->nseries; s++) {
        lsn_presence_edit e = {NULL, 0, NULL, 0};
        fn(ud, (int32_t)s, &e);
        for (; i < base->ninstances && base->instances[i].series == (int32_t)s; i++) {
            const lsn_instance *in = &base->instances[i];
            if (e.nremove == 0 || in->count >= 2 + e.nremove) {
                continue;
            }
            size_t gone = 0;
            for (size_t r = 0; r < e.nremove; r++) {
                gone += bsearch(&e.remove[r], base->present + in->first, in->count, sizeof(int32_t),
                                cmp_person) != NULL;
            }
            size_t joined = 0;
            for (size_t a = 0; a < e.nadd; a++) {
                joined += bsearch(&e.add[a], base->present + in->first, in->count, sizeof(int32_t),
                                  cmp_person) == NULL;
            }
            if (in->count - gone + joined < 2) {
                return true;
            }
        }
    }
    return false;
}

/* n elements of size bytes for an array written once from front to back:
 * a large one in huge pages where the system has them (a fresh 4 KiB page
 * costs a fault each, a copy of the whole calendar thousands). free() it. */
static void *alloc_written(size_t n, size_t size)
{
    size_t bytes = (n ? n : 1) * size;
    void *p = malloc(bytes);
    lsn_advise_huge(p, bytes);
    return p;
}

/* The present list of instance in (its span, ascending) with e applied,
 * written at present[at]: both the span and the additions (adds, e's
 * additions ascending) ascend, so they merge in order, leaving out the
 * people removed and the additions already there. A removed organizer
 * leaves out without one. Returns the end of the list written. */
static size_t merge_edited(int32_t *present,
                           size_t at,
                           const int32_t *span,
                           const lsn_instance *in,
                           const int32_t *adds,
                           const lsn_presence_edit *e,
                           size_t npeople,
                           lsn_instance *out)
{
    for (uint32_t k = 0, a = 0; k < in->count || a < e->nadd;) {
        if (a < e->nadd && (k == in->count || adds[a] < span[k])) {
            present[at++] = adds[a++];
            continue;
        }
        int32_t p = span[k++];
        if (a < e->nadd && adds[a] == p) {
            a++; /* already present */
        }
        bool removed = false;
        for (size_t r = 0; p < (int32_t)npeople && r < e->nremove && !removed; r++) {
            removed = e->remove[r] == p;
        }
        if (!removed) {
            present[at++] = p;
        } else if (in->organizer == p) {
            out->organizer = -1; /* a declined organizer is not present */
        }
    }
    return at;
}

/* The edit by index, for the same org when no instance is dropped: the
 * participants, series and their strings are base's (borrowed), only the
 * present lists change. The result equals what the rebuild by address
 * would give, without hashing a single address. */
static int edit_in_place(lsn_calendar *cal, const lsn_calendar *base, lsn_presence_fn fn, void *ud)
{
    size_t total = base->npresent;
    for (size_t s = 0, i = 0; s < base->nseries; s++) {
        lsn_presence_edit e = {NULL, 0, NULL, 0};
        fn(ud, (int32_t)s, &e);
        for (; i < base->ninstances && base->instances[i].series == (int32_t)s; i++) {
            total += e.nadd;
        }
    }
    cal->instances = alloc_written(base->ninstances, sizeof(*cal->instances));
    cal->present = alloc_written(total, sizeof(*cal->present));
    cal->series = malloc((base->nseries ? base->nseries : 1) * sizeof(*cal->series));
    cal->participants =
        malloc((base->nparticipants ? base->nparticipants : 1) * sizeof(*cal->participants));
    cal->named = malloc((base->nparticipants ? base->nparticipants : 1) * sizeof(*cal->named));
    if (cal->instances == NULL || cal->present == NULL || cal->series == NULL ||
        cal->participants == NULL || cal->named == NULL) {
        return lsn_oom();
    }
    cal->instances_cap = base->ninstances;
    cal->present_cap = total;
    memcpy(cal->series, base->series, base->nseries * sizeof(*cal->series));
    cal->nseries = base->nseries;
    memcpy(cal->participants, base->participants, base->nparticipants * sizeof(*cal->participants));
    memcpy(cal->named, base->named, base->nparticipants * sizeof(*cal->named));
    cal->nparticipants = base->nparticipants;
    size_t at = 0, nadds = 0;
    int32_t *adds = NULL; /* the series' additions, ascending */
    for (size_t s = 0, i = 0; s < base->nseries; s++) {
        lsn_presence_edit e = {NULL, 0, NULL, 0};
        fn(ud, (int32_t)s, &e);
        if (e.nadd > nadds) {
            int32_t *grown = realloc(adds, e.nadd * sizeof(*adds));
            if (grown == NULL) {
                free(adds);
                return lsn_oom();
            }
            adds = grown;
            nadds = e.nadd;
        }
        if (e.nadd > 0) {
            memcpy(adds, e.add, e.nadd * sizeof(*adds));
            lsn_sort_i32(adds, e.nadd);
        }
        for (; i < base->ninstances && base->instances[i].series == (int32_t)s; i++) {
            const lsn_instance *in = &base->instances[i];
            const int32_t *span = base->present + in->first;
            lsn_instance *out = &cal->instances[i];
            *out = *in;
            out->first = (uint32_t)at;
            if (e.nadd == 0 && e.nremove == 0) {
                memcpy(cal->present + at, span, in->count * sizeof(*span));
                at += in->count;
            } else {
                at = merge_edited(cal->present, at, span, in, adds, &e, base->npeople, out);
            }
            out->count = (uint32_t)(at - out->first);
            for (uint32_t k = 0; k < out->count; k++) {
                int32_t p = cal->present[out->first + k];
                if (p < (int32_t)cal->npeople) {
                    cal->person_present[p] = true;
                }
            }
        }
    }
    free(adds);
    cal->ninstances = base->ninstances;
    cal->npresent = at;
    cal->stats.people_present = 0;
    for (size_t i = 0; i < cal->npeople; i++) {
        cal->stats.people_present += cal->person_present[i];
    }
    cal->finished = true;
    return LSN_OK;
}

int lsn_calendar_edit(
    lsn_calendar **out, const lsn_calendar *base, const lsn_org *org, lsn_presence_fn fn, void *ud)
{
    int rc;
    lsn_calendar *cal = NULL;
    const char **addr = NULL;
    assert(base != NULL && base->finished && org != NULL && fn != NULL);
    *out = NULL;
    if ((rc = lsn_calendar_new(&cal, org, &base->window)) != LSN_OK ||
        (rc = copy_files(cal, base)) != LSN_OK) {
        goto cleanup;
    }
    cal->stats = base->stats;
    if (org == base->org && !edit_drops(base, fn, ud)) {
        if ((rc = edit_in_place(cal, base, fn, ud)) == LSN_OK) {
            *out = cal;
            cal = NULL;
        }
        goto cleanup;
    }
    for (size_t s = 0, i = 0; s < base->nseries && rc == LSN_OK; s++) {
        lsn_presence_edit e = {NULL, 0, NULL, 0};
        fn(ud, (int32_t)s, &e);
        uint32_t most = 0;
        size_t end = i;
        while (end < base->ninstances && base->instances[end].series == (int32_t)s) {
            if (base->instances[end].count > most) {
                most = base->instances[end].count;
            }
            end++;
        }
        size_t room = (size_t)most + e.nadd + 1;
        const char **grown = realloc(addr, room * sizeof(*addr));
        if (grown == NULL) {
            rc = lsn_oom();
            break;
        }
        addr = grown;
        for (; i < end && rc == LSN_OK; i++) {
            bool kept;
            rc = add_edited(cal, base, &base->instances[i], &e, addr, room, &kept);
            if (rc == LSN_OK && !kept) {
                cal->stats.skipped[LSN_SKIP_TOO_FEW_PEOPLE]++; /* finish recounts used */
            }
        }
    }
    if (rc == LSN_OK) {
        rc = lsn_calendar_finish(cal);
    }
    if (rc == LSN_OK) {
        *out = cal;
        cal = NULL;
    }
cleanup:
    free(addr);
    lsn_calendar_free(cal);
    return rc;
}
