/*
 * analysis/hours.c — meeting hours and double-booked hours per roster person.
 * Instances are bucketed per person (counting sort), then each person's
 * spans are sorted by start (io/sort.h) and swept once. It knows nothing
 * of teams.
 */
#include "analysis/hours.h"

#include "io/error.h"
#include "io/sort.h"

#include <stdlib.h>

/*
 * Seconds covered by two or more of the k spans, each of positive length.
 * Sorts them by start (tmp: room for k). A person's instances come series
 * by series, each series in order, so they are a few ascending runs: a
 * natural merge sort takes them in O(k log series). In start order, the
 * part of span i that earlier spans cover is [start_i, min(end_i, reach))
 * (reach: the latest end before it, since every earlier span starts no
 * later); time under two or more is the union of those parts, which start
 * in order too, so one sweep measures it.
 */
static int64_t double_booked(lsn_interval *spans, size_t k, lsn_interval *tmp)
{
    lsn_sort_intervals_runs(spans, k, tmp);
    int64_t covered = 0;
    int64_t reach = spans[0].end;
    int64_t counted = INT64_MIN; /* double-booked time before this is counted */
    for (size_t i = 1; i < k; i++) {
        int64_t start = spans[i].start, end = spans[i].end;
        int64_t hi = end < reach ? end : reach;
        int64_t lo = start > counted ? start : counted;
        if (hi > lo) {
            covered += hi - lo;
            counted = hi;
        }
        if (end > reach) {
            reach = end;
        }
    }
    return covered;
}

/* One sweep over every (instance, roster person present) pair, in instance
 * order: with bucket NULL it counts person p's instances into offset[p + 1];
 * else it files instance i into bucket p at offset[p] and advances it.
 * People with skip[p] (skip may be NULL) are left out. */
static void by_person(
    size_t *offset, int32_t *bucket, const lsn_calendar *cal, size_t npeople, const bool *skip)
{
    size_t ninst = 0;
    const lsn_instance *inst = lsn_calendar_instances(cal, &ninst);
    const int32_t *present = lsn_calendar_present(cal);
    for (size_t i = 0; i < ninst; i++) {
        const int32_t *pp = present + inst[i].first;
        for (uint32_t k = 0; k < inst[i].count; k++) {
            if ((size_t)pp[k] >= npeople || (skip != NULL && skip[pp[k]])) {
                continue;
            }
            if (bucket == NULL) {
                offset[pp[k] + 1]++;
            } else {
                bucket[offset[pp[k]]++] = (int32_t)i;
            }
        }
    }
}

int lsn_hours_compute(lsn_person_hours *out,
                      const lsn_calendar *cal,
                      double weeks,
                      const lsn_person_hours *prior,
                      const bool *same)
{
    const bool *skip = prior != NULL ? same : NULL;
    int rc = LSN_OK;
    size_t npeople = 0, ninst = 0;
    lsn_org_people(lsn_calendar_org(cal), &npeople);
    const lsn_instance *inst = lsn_calendar_instances(cal, &ninst);

    size_t *offset = NULL;
    int32_t *bucket = NULL;
    lsn_interval *spans = NULL;
    lsn_interval *tmp = NULL;

    offset = calloc(npeople + 1, sizeof(*offset));
    if (offset == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    by_person(offset, NULL, cal, npeople, skip);
    size_t most = 0;
    for (size_t p = 0; p < npeople; p++) {
        if (offset[p + 1] > most) {
            most = offset[p + 1];
        }
        offset[p + 1] += offset[p];
    }
    bucket = malloc((offset[npeople] ? offset[npeople] : 1) * sizeof(*bucket));
    spans = malloc((most ? most : 1) * sizeof(*spans));
    tmp = malloc((most ? most : 1) * sizeof(*tmp));
    if (bucket == NULL || spans == NULL || tmp == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    /* Fill each bucket from its front; offset[p] ends up at bucket p's end,
     * which is bucket p + 1's start, so we shift back afterwards. */
    by_person(offset, bucket, cal, npeople, skip);
    for (size_t p = npeople; p > 0; p--) {
        offset[p] = offset[p - 1];
    }
    offset[0] = 0;

    for (size_t p = 0; p < npeople; p++) {
        if (skip != NULL && skip[p]) {
            out[p] = prior[p];
            continue;
        }
        size_t k = offset[p + 1] - offset[p];
        const int32_t *mine = bucket + offset[p];
        int64_t seconds = 0;
        for (size_t m = 0; m < k; m++) {
            const lsn_instance *in = &inst[mine[m]];
            spans[m] = (lsn_interval){in->start, in->start + in->duration};
            seconds += in->duration;
        }
        int64_t both = k >= 2 ? double_booked(spans, k, tmp) : 0;
        out[p].meeting_hours_per_week = (double)seconds / 3600.0 / weeks;
        out[p].double_booked_hours_per_week = (double)both / 3600.0 / weeks;
        out[p].instances = (int32_t)k;
    }

cleanup:
    free(offset);
    free(bucket);
    free(spans);
    free(tmp);
    return rc;
}
