/*
 * io/load.c — lsn_calendar_load(): from calendar paths to a lsn_calendar, in
 * this order: find the files, read them (on several threads), resolve the
 * references between files, fix the window, expand, then merge and decide
 * UID by UID. The steps themselves are load_*.c's; no analysis here.
 */
#include "io/load.h"

#include "io/error.h"
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
        return lsn_oom();
    }
    const char *tzname = opts->tz ? opts->tz : "UTC";
    ld.tz = lsn_zone_builtin(tzname);
    ld.tzc = lsn_tzcache_new(); /* NULL: every conversion through libical */
    if (ld.tz == NULL) {
        rc = lsn_error_set(LSN_EINVAL, "--tz: unknown time zone '%s'", tzname);
        goto cleanup;
    }
    snprintf(window.tz, sizeof(window.tz), "%s", tzname);

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
        jobs[njobs].named = list.named[i];
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

    /* Group the records by UID, each group in file and line order. */
    idx = malloc((ld.set.nevents ? ld.set.nevents : 1) * sizeof(*idx));
    if (idx == NULL) {
        rc = lsn_oom();
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
        if (opts->on_progress != NULL) {
            opts->on_progress(opts->progress_ud, "merging meetings", i, ld.set.nevents);
        }
        if ((rc = load_process_group(&ld, &copies, idx + i, j - i)) != LSN_OK) {
            goto cleanup;
        }
        i = j;
    }
    if ((rc = lsn_calendar_finish(ld.cal)) != LSN_OK) {
        goto cleanup;
    }
    if (ld.stats->used == 0) {
        load_record_span(&ld, ld.stats);
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
    free(ld.exdates.v);
    free(ld.plain.v);
    free(ld.mkeys.v);
    free(ld.ranges.v);
    free(ld.idents);
    free(ld.known);
    free(ld.slots);
    free(ld.entries);
    free(ld.present);
    free(ld.listed);
    lsn_calendar_free(ld.cal);
    lsn_tzcache_free(ld.tzc);
    lsn_rawset_destroy(&ld.set);
    lsn_zonecache_free(zones);
    return rc;
}
