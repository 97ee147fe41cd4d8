/*
 * analysis/hours.c — meeting hours and double-booked hours per roster person.
 * The instances are put in start order once (a radix sort, io/sort.h) and
 * bucketed per person in that order (counting sort), so that each person's
 * are swept once, already in order. It knows nothing of teams.
 */
#include "analysis/hours.h"

#include "io/error.h"
#include "io/sort.h"

#include <stdlib.h>

/* The instances of cal in the order of their starts (ties in calendar
 * order), into order[0..ninst): a radix sort of start offset and index
 * packed in one key, or, when the window is too long for that, qsort(). */
static _Thread_local const lsn_instance *by_start_inst;

static int cmp_by_start(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    int64_t s = by_start_inst[a].start, t = by_start_inst[b].start;
    return s != t ? (s < t ? -1 : 1) : (a > b) - (a < b);
}

static int start_order(int32_t *order, const lsn_instance *inst, size_t ninst)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < ninst; i++) {
        lo = inst[i].start < lo ? inst[i].start : lo;
        hi = inst[i].start > hi ? inst[i].start : hi;
    }
    unsigned bits = 0;
    while (bits < 63 && ((size_t)1 << bits) < ninst) {
        bits++;
    }
    uint64_t span = ninst > 0 ? (uint64_t)hi - (uint64_t)lo : 0;
    if (bits < 63 && (span >> (63 - bits)) == 0) {
        uint64_t *key = malloc((ninst ? ninst : 1) * sizeof(*key));
        uint64_t *tmp = malloc((ninst ? ninst : 1) * sizeof(*tmp));
        if (key == NULL || tmp == NULL) {
            free(key);
            free(tmp);
            return lsn_oom();
        }
        for (size_t i = 0; i < ninst; i++) {
            key[i] = (((uint64_t)inst[i].start - (uint64_t)lo) << bits) | i;
        }
        lsn_sort_u64_radix(key, ninst, tmp);
        uint64_t mask = ((uint64_t)1 << bits) - 1;
        for (size_t i = 0; i < ninst; i++) {
            order[i] = (int32_t)(key[i] & mask);
        }
        free(key);
        free(tmp);
        return LSN_OK;
    }
    for (size_t i = 0; i < ninst; i++) {
        order[i] = (int32_t)i;
    }
    by_start_inst = inst;
    qsort(order, ninst, sizeof(*order), cmp_by_start);
    return LSN_OK;
}

/* One sweep over every (instance, roster person present) pair, instances
 * taken in the given order: with bucket NULL it counts person p's
 * instances into offset[p + 1]; else it files the instance into bucket p
 * at offset[p] and advances it. People with skip[p] (skip may be NULL) are
 * left out. */
static void by_person(size_t *offset,
                      int32_t *bucket,
                      const lsn_calendar *cal,
                      const int32_t *order,
                      size_t npeople,
                      const bool *skip)
{
    size_t ninst = 0;
    const lsn_instance *inst = lsn_calendar_instances(cal, &ninst);
    const int32_t *present = lsn_calendar_present(cal);
    for (size_t j = 0; j < ninst; j++) {
        int32_t i = order[j];
        const int32_t *pp = present + inst[i].first;
        for (uint32_t k = 0; k < inst[i].count; k++) {
            if ((size_t)pp[k] >= npeople || (skip != NULL && skip[pp[k]])) {
                continue;
            }
            if (bucket == NULL) {
                offset[pp[k] + 1]++;
            } else {
                bucket[offset[pp[k]]++] = i;
            }
        }
    }
}

/* Seconds covered by two or more of a person's instances, taken in the
 * order of their starts: the part of each that lies before the latest end
 * so far (covered once already) and after the second latest (not covered
 * twice yet) is newly covered twice. Intervals are half-open: meetings
 * that only touch do not overlap. */
static int64_t double_booked(const lsn_instance *inst, const int32_t *mine, size_t k)
{
    int64_t covered = 0;
    int64_t first = INT64_MIN, second = INT64_MIN; /* the two latest ends so far */
    for (size_t m = 0; m < k; m++) {
        const lsn_instance *in = &inst[mine[m]];
        int64_t s = in->start, e = in->start + in->duration;
        int64_t from = s > second ? s : second, to = e < first ? e : first;
        if (to > from) {
            covered += to - from;
        }
        if (e > first) {
            second = first;
            first = e;
        } else if (e > second) {
            second = e;
        }
    }
    return covered;
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

    int32_t *order = malloc((ninst ? ninst : 1) * sizeof(*order));
    size_t *offset = calloc(npeople + 1, sizeof(*offset));
    int32_t *bucket = NULL;
    if (order == NULL || offset == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    /* Filed in the order of their starts, each person's instances need no
     * sort of their own. */
    if ((rc = start_order(order, inst, ninst)) != LSN_OK) {
        goto cleanup;
    }
    by_person(offset, NULL, cal, order, npeople, skip);
    for (size_t p = 0; p < npeople; p++) {
        offset[p + 1] += offset[p];
    }
    bucket = malloc((offset[npeople] ? offset[npeople] : 1) * sizeof(*bucket));
    if (bucket == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    /* Fill each bucket from its front; offset[p] ends up at bucket p's end,
     * which is bucket p + 1's start, so we shift back afterwards. */
    by_person(offset, bucket, cal, order, npeople, skip);
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
            seconds += inst[mine[m]].duration;
        }
        int64_t both = double_booked(inst, mine, k);
        out[p].meeting_hours_per_week = (double)seconds / 3600.0 / weeks;
        out[p].double_booked_hours_per_week = (double)both / 3600.0 / weeks;
        out[p].instances = (int32_t)k;
    }

cleanup:
    free(order);
    free(offset);
    free(bucket);
    return rc;
}
