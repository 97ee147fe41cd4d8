/*
 * analysis/meetings.c — per-instance owner team, team meeting and broadcast
 * flags, and per-series size, owner and load (SPEC §2). One pass over the
 * present lists with a per-team counter that is reset through a touched list,
 * so every instance costs O(n), never O(teams).
 */
#include "analysis/meetings.h"

#include "analysis/order.h"
#include "io/error.h"
#include "io/sort.h"

#include <stdlib.h>

struct counter {
    int32_t *count;   /* per unit */
    int32_t *touched; /* units with count > 0 */
    size_t ntouched;
};

static void counter_add(struct counter *c, int32_t unit)
{
    if (c->count[unit]++ == 0) {
        c->touched[c->ntouched++] = unit;
    }
}

static void counter_reset(struct counter *c)
{
    for (size_t k = 0; k < c->ntouched; k++) {
        c->count[c->touched[k]] = 0;
    }
    c->ntouched = 0;
}

/* The unit with the highest count; ties go to `preferred` when it is among
 * them, else to the smallest rank. -1 when nothing was counted. */
static int32_t counter_best(const struct counter *c, int32_t preferred, const int32_t *rank)
{
    int32_t best = -1;
    int32_t best_count = 0;
    for (size_t k = 0; k < c->ntouched; k++) {
        int32_t u = c->touched[k];
        int32_t n = c->count[u];
        if (n > best_count || (n == best_count && rank[u] < rank[best])) {
            best = u;
            best_count = n;
        }
    }
    if (preferred >= 0 && best >= 0 && c->count[preferred] == best_count) {
        best = preferred;
    }
    return best;
}

/* Median of m values (m > 0); sorts them. Even counts average the middle two.
 * A series' sizes are few and mostly equal: lsn_sort_i32, not qsort() per series. */
static double median(int32_t *values, size_t m)
{
    lsn_sort_i32(values, m);
    if (m % 2 == 1) {
        return values[m / 2];
    }
    return ((double)values[m / 2 - 1] + (double)values[m / 2]) / 2.0;
}

int lsn_meetings_compute(lsn_instance_info *instances,
                         lsn_series_info *series,
                         const lsn_calendar *cal,
                         int32_t broadcast_size,
                         double weeks,
                         const lsn_meetings_prior *prior)
{
    int rc = LSN_OK;
    const lsn_org *org = lsn_calendar_org(cal);
    size_t npeople = 0, nunits = 0, ninst = 0, nseries = 0;
    const lsn_person *people = lsn_org_people(org, &npeople);
    lsn_org_units(org, &nunits);
    const lsn_instance *inst = lsn_calendar_instances(cal, &ninst);
    const lsn_series *ser = lsn_calendar_series(cal, &nseries);
    const int32_t *present = lsn_calendar_present(cal);

    int32_t *rank = NULL;
    int32_t *stamp = NULL;
    int32_t *values = NULL;
    int32_t *others = NULL;
    struct counter c = {NULL, NULL, 0};

    rc = lsn_order_units(&rank, org);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    c.count = calloc(nunits ? nunits : 1, sizeof(*c.count));
    c.touched = malloc((nunits ? nunits : 1) * sizeof(*c.touched));
    stamp = malloc((nunits ? nunits : 1) * sizeof(*stamp));
    values = malloc((ninst ? ninst : 1) * sizeof(*values));
    others = malloc((ninst ? ninst : 1) * sizeof(*others));
    if (c.count == NULL || c.touched == NULL || stamp == NULL || values == NULL || others == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t u = 0; u < nunits; u++) {
        stamp[u] = -1;
    }

    for (size_t s = 0; s < nseries; s++) {
        series[s] = (lsn_series_info){.uid = ser[s].uid, .owner = -1};
    }

    for (size_t i = 0; i < ninst; i++) {
        const lsn_instance *in = &inst[i];
        lsn_series_info *si = &series[in->series];
        /* Every per-series figure below reads [first, first + instances). */
        if (si->instances == 0) {
            si->first = (uint32_t)i;
        } else if ((size_t)si->first + si->instances != i) {
            rc = lsn_error_set(LSN_EINTERNAL, "calendar instances are not grouped by series");
            goto cleanup;
        }
        si->instances++;
        if (prior != NULL && prior->same[in->series]) {
            instances[i] = prior->instances[i];
            continue;
        }

        const int32_t *pp = present + in->first;
        int32_t roster = 0;
        for (uint32_t k = 0; k < in->count; k++) {
            int32_t q = pp[k];
            if ((size_t)q < npeople && people[q].team >= 0) {
                counter_add(&c, people[q].team);
                roster++;
            }
        }
        int32_t organizer_team = -1;
        if (in->organizer >= 0 && (size_t)in->organizer < npeople) {
            organizer_team = people[in->organizer].team;
        }
        int32_t owner = counter_best(&c, organizer_team, rank);
        lsn_instance_info *ii = &instances[i];
        ii->owner = owner;
        ii->roster = roster;
        ii->owner_members = owner >= 0 ? c.count[owner] : 0;
        ii->team_meeting = -1;
        if (owner >= 0 && in->count >= 3 && 2 * (int64_t)c.count[owner] > roster) {
            ii->team_meeting = owner;
        }
        ii->broadcast = in->count > (uint32_t)broadcast_size;
        counter_reset(&c);
    }

    for (size_t s = 0; s < nseries; s++) {
        lsn_series_info *si = &series[s];
        if (si->instances == 0) {
            continue;
        }
        if (prior != NULL && prior->same[s]) {
            *si = prior->series[s];
            si->uid = ser[s].uid; /* this calendar's own */
            continue;
        }
        size_t first = si->first;
        size_t end = first + si->instances;

        double seconds = 0.0;
        double person_seconds = 0.0;
        for (size_t i = first; i < end; i++) {
            values[i - first] = (int32_t)inst[i].count;
            seconds += inst[i].duration;
            person_seconds += (double)inst[i].count * inst[i].duration;
            if (instances[i].owner >= 0) {
                counter_add(&c, instances[i].owner);
            }
        }
        si->size = median(values, si->instances);
        si->broadcast = si->size > broadcast_size;
        si->hours = seconds / 3600.0;
        si->person_hours_per_week = person_seconds / 3600.0 / weeks;
        si->owner = counter_best(&c, -1, rank);
        counter_reset(&c);

        /* The series owner can differ from an instance's own owner: recount. */
        int32_t teams = 0;
        for (size_t i = first; i < end; i++) {
            const int32_t *pp = present + inst[i].first;
            int32_t members = 0;
            for (uint32_t k = 0; k < inst[i].count; k++) {
                int32_t q = pp[k];
                if ((size_t)q >= npeople || people[q].team < 0) {
                    continue;
                }
                int32_t t = people[q].team;
                if (stamp[t] != (int32_t)s) {
                    stamp[t] = (int32_t)s;
                    teams++;
                }
                if (t == si->owner) {
                    members++;
                }
            }
            values[i - first] = members;
            others[i - first] = (int32_t)inst[i].count - members;
        }
        si->teams_present = teams;
        si->owner_members = median(values, si->instances);
        si->outsiders = median(others, si->instances);
    }

cleanup:
    free(rank);
    free(stamp);
    free(values);
    free(others);
    free(c.count);
    free(c.touched);
    return rc;
}
