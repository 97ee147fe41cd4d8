/*
 * analysis/liaisons.c — counts, per (person, team), the team meetings of that
 * team the person attends from outside its management line, keeps the pairs
 * that reach the threshold, and lists their series. Two sweeps over the team
 * meetings: the first counts, the second fills the series lists of the kept
 * pairs only. It does not judge links (that is §3's job).
 */
#include "analysis/liaisons.h"

#include "analysis/order.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/vec.h"

#include <stdlib.h>

struct lsn_liaisons {
    lsn_liaison *links;
    size_t count;
    int32_t *series;      /* every link's series list, back to back */
    size_t *person_first; /* per roster person: first link, count in person_count */
    int32_t *person_count;
    size_t npeople;
};

/* Counters of one (person, team) candidate, indexed by pairmap id. */
struct candidate {
    int32_t instances;
    int32_t first_half;
    int32_t second_half;
    int32_t nseries;
    int32_t last_series;
    int64_t seconds;
    int64_t first_start;
    int64_t last_start;
    size_t offset; /* into the series pool, for kept candidates */
};

struct sortable {
    uint64_t key; /* lsn_pair_key(email rank, team id rank) */
    int32_t id;
};

static int sortable_cmp(const void *a, const void *b)
{
    const struct sortable *x = a;
    const struct sortable *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

/* Whether instance i is a team meeting that can make liaison links. */
static bool counts(const lsn_instance_info *info, size_t i)
{
    return info[i].team_meeting >= 0 && !info[i].broadcast;
}

/* Whether participant q (roster person q when q < npeople) would be a liaison
 * into team b at this instance: another home team, outside b's management line. */
static bool
outsider(const lsn_person *people, size_t npeople, const lsn_mgmtline *line, int32_t q, int32_t b)
{
    return (size_t)q < npeople && people[q].team >= 0 && people[q].team != b &&
           !lsn_mgmtline_contains(line, q, b);
}

/* A walk over every (team meeting, outsider present) visit that can make a
 * liaison link, in instance order, then in present order. Both sweeps of
 * lsn_liaisons_find go through it. */
struct visits {
    const lsn_instance_info *info;
    const lsn_instance *inst;
    size_t ninst;
    const int32_t *present;
    const lsn_person *people;
    size_t npeople;
    const lsn_mgmtline *line;
    size_t i;   /* the instance being walked */
    uint32_t k; /* the next present entry of instance i */
};

/* The next visit: instance *in, participant *q, team *b. False at the end. */
static bool next_visit(struct visits *v, const lsn_instance **in, int32_t *q, int32_t *b)
{
    for (; v->i < v->ninst; v->i++, v->k = 0) {
        if (!counts(v->info, v->i)) {
            continue;
        }
        const lsn_instance *x = &v->inst[v->i];
        int32_t team = v->info[v->i].team_meeting;
        while (v->k < x->count) {
            int32_t p = v->present[x->first + v->k++];
            if (outsider(v->people, v->npeople, v->line, p, team)) {
                *in = x;
                *q = p;
                *b = team;
                return true;
            }
        }
    }
    return false;
}

int lsn_liaisons_find(lsn_liaisons **out,
                      const lsn_calendar *cal,
                      const lsn_instance_info *info,
                      const lsn_mgmtline *line,
                      int32_t min_instances,
                      double weeks)
{
    int rc = LSN_OK;
    const lsn_org *org = lsn_calendar_org(cal);
    size_t npeople = 0, ninst = 0;
    const lsn_person *people = lsn_org_people(org, &npeople);
    const lsn_instance *inst = lsn_calendar_instances(cal, &ninst);
    const int32_t *present = lsn_calendar_present(cal);
    const lsn_window *window = lsn_calendar_window(cal);
    int64_t mid = window->from + (window->to - window->from) / 2;

    lsn_liaisons *set = NULL;
    lsn_pairmap *map = NULL;
    struct candidate *cand = NULL;
    size_t cap = 0;
    struct sortable *kept = NULL;
    int32_t *person_rank = NULL;
    int32_t *unit_rank = NULL;

    *out = NULL;
    set = calloc(1, sizeof(*set));
    if (set == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    set->npeople = npeople;
    set->person_first = calloc(npeople ? npeople : 1, sizeof(*set->person_first));
    set->person_count = calloc(npeople ? npeople : 1, sizeof(*set->person_count));
    if (set->person_first == NULL || set->person_count == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    rc = lsn_pairmap_new(&map, 0);
    if (rc != LSN_OK) {
        goto cleanup;
    }

    const struct visits all = {info, inst, ninst, present, people, npeople, line, 0, 0};
    struct visits v = all;
    const lsn_instance *in = NULL;
    int32_t q = 0, team = 0;
    while (next_visit(&v, &in, &q, &team)) {
        int32_t id = 0;
        int added = 0;
        rc = lsn_pairmap_intern(&id, &added, map, lsn_pair_key(q, team));
        if (rc != LSN_OK) {
            goto cleanup;
        }
        if ((rc = LSN_GROW(cand, cap, (size_t)id + 1)) != LSN_OK) {
            goto cleanup;
        }
        struct candidate *c = &cand[id];
        if (added) {
            *c = (struct candidate){
                .last_series = -1, .first_start = in->start, .last_start = in->start};
        }
        c->instances++;
        c->seconds += in->duration;
        if (in->start < mid) {
            c->first_half++;
        } else {
            c->second_half++;
        }
        if (in->start < c->first_start) {
            c->first_start = in->start;
        }
        if (in->start > c->last_start) {
            c->last_start = in->start;
        }
        /* Instances come grouped by series, so a new series shows as a change. */
        if (c->last_series != in->series) {
            c->last_series = in->series;
            c->nseries++;
        }
    }

    size_t ncand = lsn_pairmap_count(map);
    const uint64_t *keys = lsn_pairmap_keys(map);
    size_t nkept = 0, pool = 0;
    for (size_t id = 0; id < ncand; id++) {
        if (cand[id].instances >= min_instances) {
            cand[id].offset = pool;
            pool += (size_t)cand[id].nseries;
            nkept++;
        }
    }
    set->series = malloc((pool ? pool : 1) * sizeof(*set->series));
    set->links = malloc((nkept ? nkept : 1) * sizeof(*set->links));
    kept = malloc((nkept ? nkept : 1) * sizeof(*kept));
    if (set->series == NULL || set->links == NULL || kept == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }

    /* Second sweep: the series lists of kept candidates only. nseries is
     * recounted as the fill position. */
    for (size_t id = 0; id < ncand; id++) {
        cand[id].last_series = -1;
        if (cand[id].instances >= min_instances) {
            cand[id].nseries = 0;
        }
    }
    v = all;
    while (next_visit(&v, &in, &q, &team)) {
        struct candidate *c = &cand[lsn_pairmap_find(map, lsn_pair_key(q, team))];
        if (c->instances < min_instances || c->last_series == in->series) {
            continue;
        }
        c->last_series = in->series;
        set->series[c->offset + (size_t)c->nseries++] = in->series;
    }

    rc = lsn_order_people(&person_rank, org);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc = lsn_order_units(&unit_rank, org);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    size_t n = 0;
    for (size_t id = 0; id < ncand; id++) {
        if (cand[id].instances >= min_instances) {
            int32_t p = lsn_pair_first(keys[id]);
            int32_t b = lsn_pair_second(keys[id]);
            kept[n++] = (struct sortable){lsn_pair_key(person_rank[p], unit_rank[b]), (int32_t)id};
        }
    }
    qsort(kept, nkept, sizeof(*kept), sortable_cmp);
    for (size_t k = 0; k < nkept; k++) {
        const struct candidate *c = &cand[kept[k].id];
        int32_t p = lsn_pair_first(keys[kept[k].id]);
        int32_t b = lsn_pair_second(keys[kept[k].id]);
        /* The series lists were filled in instance order: series ascending,
         * since instances are sorted by series and series by UID. */
        set->links[k] = (lsn_liaison){
            .person = p,
            .home = people[p].team,
            .to = b,
            .instances = c->instances,
            .hours_per_week = (double)c->seconds / 3600.0 / weeks,
            .first_half = c->first_half,
            .second_half = c->second_half,
            .first_start = c->first_start,
            .last_start = c->last_start,
            .series = set->series + c->offset,
            .nseries = c->nseries,
        };
        if (set->person_count[p]++ == 0) {
            set->person_first[p] = k;
        }
    }
    set->count = nkept;
    *out = set;
    set = NULL;

cleanup:
    lsn_pairmap_free(map);
    free(cand);
    free(kept);
    free(person_rank);
    free(unit_rank);
    lsn_liaisons_free(set);
    return rc;
}

void lsn_liaisons_free(lsn_liaisons *set)
{
    if (set == NULL) {
        return;
    }
    free(set->links);
    free(set->series);
    free(set->person_first);
    free(set->person_count);
    free(set);
}

const lsn_liaison *lsn_liaisons_links(const lsn_liaisons *set, size_t *count)
{
    *count = set->count;
    return set->links;
}

const lsn_liaison *lsn_liaisons_of_person(const lsn_liaisons *set, int32_t person, size_t *count)
{
    if (person < 0 || (size_t)person >= set->npeople || set->person_count[person] == 0) {
        *count = 0;
        return NULL;
    }
    *count = (size_t)set->person_count[person];
    return set->links + set->person_first[person];
}
