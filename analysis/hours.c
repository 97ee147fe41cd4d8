/*
 * analysis/hours.c — meeting hours and double-booked hours per roster person.
 * Instances are bucketed per person (counting sort), then each person's
 * starts and ends are sorted (io/sort.h) and swept once. It knows nothing
 * of teams.
 */
#include "analysis/hours.h"

#include "io/error.h"
#include "io/sort.h"

#include <stdlib.h>

/* Seconds covered by two or more of the k intervals [starts[i], ends[i]),
 * each of positive length. Sorts both arrays (tmp: room for k values). A
 * person's instances come series by series, each series in order, so both
 * arrays are a few ascending runs: a natural merge sort takes them in
 * O(k log series). */
static int64_t double_booked(int64_t *starts, int64_t *ends, size_t k, int64_t *tmp)
{
    lsn_sort_i64_runs(starts, k, tmp);
    lsn_sort_i64_runs(ends, k, tmp);
    int64_t covered = 0;
    int64_t prev = 0;
    int32_t depth = 0;
    size_t i = 0, j = 0;
    /* Every end is preceded by its own (earlier) start, so j never passes i
     * while starts remain, and the sweep ends with the last end. */
    while (j < k) {
        int64_t t;
        int32_t delta;
        if (i < k && starts[i] < ends[j]) {
            t = starts[i++];
            delta = 1;
        } else {
            t = ends[j++];
            delta = -1;
        }
        if (depth >= 2) {
            covered += t - prev;
        }
        depth += delta;
        prev = t;
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
    int64_t *starts = NULL;
    int64_t *ends = NULL;
    int64_t *tmp = NULL;

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
    starts = malloc((most ? most : 1) * sizeof(*starts));
    ends = malloc((most ? most : 1) * sizeof(*ends));
    tmp = malloc((most ? most : 1) * sizeof(*tmp));
    if (bucket == NULL || starts == NULL || ends == NULL || tmp == NULL) {
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
            starts[m] = in->start;
            ends[m] = in->start + in->duration;
            seconds += in->duration;
        }
        int64_t both = k >= 2 ? double_booked(starts, ends, k, tmp) : 0;
        out[p].meeting_hours_per_week = (double)seconds / 3600.0 / weeks;
        out[p].double_booked_hours_per_week = (double)both / 3600.0 / weeks;
        out[p].instances = (int32_t)k;
    }

cleanup:
    free(offset);
    free(bucket);
    free(starts);
    free(ends);
    free(tmp);
    return rc;
}
