/*
 * io/load.c — lsn_calendar_load(): from calendar paths to a lsn_calendar, in
 * this order: find the files, read them (on several threads), resolve the
 * references between files, fix the window, expand, then merge and decide
 * UID by UID. The steps themselves are load_*.c's; no analysis here.
 */
#include "io/load.h"

#include "io/error.h"
#include "io/ics.h"
#include "io/limits.h"
#include "io/load_internal.h"
#include "io/raw.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Thread_local const struct pathlist *sort_list; /* for cmp_path (qsort has no context) */

static int cmp_path(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(sort_list->paths[x], sort_list->paths[y]);
    return c ? c : (x > y) - (x < y);
}

static _Thread_local const lsn_rawset *group_set; /* for cmp_event_index */

static int cmp_event_place(const void *a, const void *b)
{
    const lsn_raw_event *x = &group_set->events[*(const int32_t *)a];
    const lsn_raw_event *y = &group_set->events[*(const int32_t *)b];
    if (x->file != y->file) {
        return x->file < y->file ? -1 : 1;
    }
    return (x->line > y->line) - (x->line < y->line);
}

static int cmp_event_index(const void *a, const void *b)
{
    const lsn_raw_event *x = &group_set->events[*(const int32_t *)a];
    const lsn_raw_event *y = &group_set->events[*(const int32_t *)b];
    if (x->uid != y->uid) {
        return x->uid < y->uid ? -1 : 1;
    }
    return cmp_event_place(a, b);
}

/*
 * The records' indices sorted by (uid, file, line), ties in record order: a
 * counting sort by UID, which keeps the records' order inside a group, then
 * qsort() (glibc's merge sort, stable, as for the whole array) of each group
 * that is not in file and line order already; records are mostly appended
 * in that order. O(records + strings) when they are.
 */
static int group_by_uid(int32_t **out, const lsn_rawset *set)
{
    size_t n = set->nevents, nstr = lsn_strmap_count(set->strings);
    int32_t *idx = malloc((n ? n : 1) * sizeof(*idx));
    *out = idx;
    if (idx == NULL) {
        return lsn_oom();
    }
    group_set = set;
    bool in_range = true;
    for (size_t i = 0; i < n && in_range; i++) {
        in_range = set->events[i].uid >= -1 && (size_t)(set->events[i].uid + 1) <= nstr;
    }
    /* Bucket 0 holds the records without a UID (-1), then one per string. */
    size_t *start = in_range ? calloc(nstr + 2, sizeof(*start)) : NULL;
    if (start == NULL) {
        for (size_t i = 0; i < n; i++) {
            idx[i] = (int32_t)i;
        }
        qsort(idx, n, sizeof(*idx), cmp_event_index);
        return LSN_OK;
    }
    for (size_t i = 0; i < n; i++) {
        start[(size_t)(set->events[i].uid + 1) + 1]++;
    }
    for (size_t b = 1; b < nstr + 2; b++) {
        start[b] += start[b - 1];
    }
    for (size_t i = 0; i < n; i++) {
        idx[start[(size_t)(set->events[i].uid + 1)]++] = (int32_t)i;
    }
    free(start);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        bool sorted = true;
        while (j < n && set->events[idx[j]].uid == set->events[idx[i]].uid) {
            sorted = sorted && cmp_event_place(&idx[j - 1], &idx[j]) <= 0;
            j++;
        }
        if (!sorted) {
            qsort(idx + i, j - i, sizeof(*idx), cmp_event_place);
        }
        i = j;
    }
    return LSN_OK;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Files are read and parsed on several threads, each into a set of its own,
 * merged in path order; everything after that runs on the calling thread:
 * the references between records of different files (Graph occurrences to
 * their masters, Outlook copies to one identity), the window, each distinct
 * recurrence expanded once, the copies of every instance merged across files
 * (SEQUENCE/DTSTAMP precedence, attendee lists merged) and, per merged
 * instance, "used" or exactly one skip reason.
 */
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
    lsn_ics_init(); /* before any thread */
    if (lsn_zonecache_new(&zones) != LSN_OK || lsn_rawset_init(&ld.set, zones) != LSN_OK) {
        lsn_zonecache_free(zones);
        return lsn_oom();
    }
    const char *zone_name = opts->tz ? opts->tz : "UTC";
    ld.tz = lsn_zone_builtin(zone_name);
    ld.tzc = lsn_tzcache_new(); /* NULL: every conversion through libical */
    ld.tzshare = lsn_tzshare_new(); /* NULL: each cache builds its own tables */
    lsn_tzcache_share(ld.tzc, ld.tzshare);
    ld.threads = opts->threads;
    if (ld.tz == NULL) {
        rc = lsn_error_set(LSN_EINVAL, "--tz: unknown time zone '%s'", zone_name);
        goto cleanup;
    }
    snprintf(window.tz, sizeof(window.tz), "%s", zone_name);

    for (size_t i = 0; i < npaths; i++) {
        if ((rc = load_walk(&list, paths[i], true, 0)) != LSN_OK) {
            goto cleanup;
        }
    }
    order = malloc((list.n ? list.n : 1) * sizeof(*order));
    jobs = calloc(list.n ? list.n : 1, sizeof(*jobs));
    if (order == NULL || jobs == NULL) {
        rc = lsn_oom();
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
        atomic_init(&jobs[njobs].ahead, 0);
        jobs[njobs].named = list.named[i];
        jobs[njobs].regular = list.regular[i];
        njobs++;
    }

    if ((rc = load_read_all(&ld, jobs, njobs, org, opts)) != LSN_OK) {
        goto cleanup;
    }
    t1 = now_seconds();
    if (opts->profile != NULL) {
        opts->profile->read_parse = t1 - t0;
        opts->profile->files = ld.files;
    }
    t0 = t1;
    ld.work_budget = ld.bytes / LSN_LIMIT_BYTES_PER_WORK;
    if (ld.work_budget < LSN_LIMIT_WORK) {
        ld.work_budget = LSN_LIMIT_WORK;
    }

    if ((rc = load_resolve_references(&ld)) != LSN_OK) {
        goto cleanup;
    }
    ld.sigs = calloc(ld.set.nevents ? ld.set.nevents : 1, sizeof(*ld.sigs));
    if (ld.sigs == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    if ((rc = load_set_window(&ld, opts, &window)) != LSN_OK) {
        goto cleanup;
    }
    t1 = now_seconds();
    if (opts->profile != NULL) {
        opts->profile->window = t1 - t0;
    }
    t0 = t1;
    if ((rc = load_check_expansions(&ld)) != LSN_OK) {
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
    ld.stats->files = ld.files;
    ld.stats->vevents = ld.vevents;

    size_t nstrings = lsn_strmap_count(ld.set.strings);
    ld.person_ids = malloc((nstrings ? nstrings : 1) * sizeof(*ld.person_ids));
    ld.group_ids = malloc((nstrings ? nstrings : 1) * sizeof(*ld.group_ids));
    if (ld.person_ids == NULL || ld.group_ids == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t i = 0; i < nstrings; i++) {
        ld.person_ids[i] = ld.group_ids[i] = MEMO_UNKNOWN;
    }

    /* Group the records by UID, each group in file and line order. */
    if ((rc = group_by_uid(&idx, &ld.set)) != LSN_OK) {
        goto cleanup;
    }
    if ((rc = load_merge_groups(&ld, idx, opts)) != LSN_OK) {
        goto cleanup;
    }
    size_t used = 0;
    lsn_calendar_instances(ld.cal, &used);
    if (used == 0) {
        load_record_span(&ld, ld.stats);
    }
    /* The records are all merged: their memory goes before the calendar's
     * last sort, which reuses it rather than asking the kernel for more. */
    free(idx);
    idx = NULL;
    free(ld.sigs);
    ld.sigs = NULL;
    free(ld.person_ids);
    ld.person_ids = NULL;
    free(ld.group_ids);
    ld.group_ids = NULL;
    lsn_rawset_destroy(&ld.set);
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
    free(list.regular);
    free(order);
    free(idx);
    free(ld.keys_buf.v);
    free(ld.expansions);
    free(ld.pool.v);
    free(ld.scratch.v);
    free(ld.exdates.v);
    free(ld.plain.v);
    free(ld.mkeys.v);
    free(ld.ranges.v);
    free(ld.idents);
    free(ld.known);
    free(ld.sigs);
    free(ld.slots);
    free(ld.entries);
    free(ld.present);
    free(ld.person_ids);
    free(ld.group_ids);
    free(ld.listed);
    lsn_calendar_free(ld.cal);
    lsn_tzcache_free(ld.tzc);
    lsn_tzshare_free(ld.tzshare); /* after every cache that took from it */
    lsn_rawset_destroy(&ld.set);
    lsn_zonecache_free(zones);
    return rc;
}
