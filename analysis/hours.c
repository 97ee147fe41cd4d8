/*
 * analysis/hours.c — meeting hours and double-booked hours per roster person.
 * Instances are taken once in order of start and bucketed per person
 * (counting sort), so each person's starts arrive sorted; their ends are
 * nearly sorted (meetings rarely overlap) and are put in order by insertion,
 * then both are swept once. It knows nothing of teams.
 */
#include "analysis/hours.h"

#include "io/error.h"

#include <stdlib.h>

struct by_start {
    int64_t start;
    int32_t instance;
};

static int by_start_cmp(const void *a, const void *b)
{
    const struct by_start *x = a;
    const struct by_start *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return (x->instance > y->instance) - (x->instance < y->instance);
}

/* Sorts v[0..k) ascending: linear when it is nearly sorted already. */
static void insertion_sort(int64_t *v, size_t k)
{
    for (size_t i = 1; i < k; i++) {
        int64_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Seconds covered by two or more of the k intervals [starts[i], ends[i]),
 * each of positive length; starts ascending. Sorts ends. */
static int64_t double_booked(const int64_t *starts, int64_t *ends, size_t k)
{
    insertion_sort(ends, k);
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

/* One sweep over every (instance, roster person present) pair, instances in
 * the given order: with bucket NULL it counts person p's instances into
 * offset[p + 1]; else it files the instance into bucket p at offset[p] and
 * advances it. */
static void by_person(size_t *offset,
                      int32_t *bucket,
                      const struct by_start *order,
                      const lsn_calendar *cal,
                      size_t npeople)
{
    size_t ninst = 0;
    const lsn_instance *inst = lsn_calendar_instances(cal, &ninst);
    const int32_t *present = lsn_calendar_present(cal);
    for (size_t n = 0; n < ninst; n++) {
        int32_t i = order[n].instance;
        const int32_t *pp = present + inst[i].first;
        for (uint32_t k = 0; k < inst[i].count; k++) {
            if ((size_t)pp[k] >= npeople) {
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

int lsn_hours_compute(lsn_person_hours *out, const lsn_calendar *cal, double weeks)
{
    int rc = LSN_OK;
    size_t npeople = 0, ninst = 0;
    lsn_org_people(lsn_calendar_org(cal), &npeople);
    const lsn_instance *inst = lsn_calendar_instances(cal, &ninst);

    size_t *offset = NULL;
    int32_t *bucket = NULL;
    int64_t *starts = NULL;
    int64_t *ends = NULL;
    struct by_start *order = NULL;

    offset = calloc(npeople + 1, sizeof(*offset));
    order = malloc((ninst ? ninst : 1) * sizeof(*order));
    if (offset == NULL || order == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t i = 0; i < ninst; i++) {
        order[i] = (struct by_start){inst[i].start, (int32_t)i};
    }
    if (ninst > 1) {
        qsort(order, ninst, sizeof(*order), by_start_cmp);
    }
    by_person(offset, NULL, order, cal, npeople);
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
    if (bucket == NULL || starts == NULL || ends == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    /* Fill each bucket from its front; offset[p] ends up at bucket p's end,
     * which is bucket p + 1's start, so we shift back afterwards. */
    by_person(offset, bucket, order, cal, npeople);
    for (size_t p = npeople; p > 0; p--) {
        offset[p] = offset[p - 1];
    }
    offset[0] = 0;

    for (size_t p = 0; p < npeople; p++) {
        size_t k = offset[p + 1] - offset[p];
        const int32_t *mine = bucket + offset[p];
        int64_t seconds = 0;
        for (size_t m = 0; m < k; m++) {
            const lsn_instance *in = &inst[mine[m]];
            starts[m] = in->start;
            ends[m] = in->start + in->duration;
            seconds += in->duration;
        }
        int64_t both = k >= 2 ? double_booked(starts, ends, k) : 0;
        out[p].meeting_hours_per_week = (double)seconds / 3600.0 / weeks;
        out[p].double_booked_hours_per_week = (double)both / 3600.0 / weeks;
        out[p].instances = (int32_t)k;
    }

cleanup:
    free(order);
    free(offset);
    free(bucket);
    free(starts);
    free(ends);
    return rc;
}
