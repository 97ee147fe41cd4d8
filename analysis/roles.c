/*
 * analysis/roles.c — per-person roles of SPEC §3.2: betweenness and Burt's
 * constraint through igraph, and Gould-Fernandez brokerage counted here over
 * the directed "team meeting" ties described in roles.h. It finds no
 * communities (analysis/structure.c) and produces no findings.
 */
#include "analysis/roles.h"

#include "analysis/brandes.h"
#include "analysis/igutil.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/sort.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const lsn_pass_options default_options = LSN_PASS_OPTIONS_INIT;

/* ------------------------------------------------------------------ */
/* Brokerage                                                            */
/* ------------------------------------------------------------------ */

/* One team meeting instance of a series, keyed by (team, roster present set). */
struct room {
    int32_t team;
    uint32_t n;
    uint64_t hash;
    const int32_t *list; /* the present roster people, ascending */
};

static int room_cmp(const void *x, const void *y)
{
    const struct room *a = x;
    const struct room *b = y;
    if (a->team != b->team) {
        return a->team < b->team ? -1 : 1;
    }
    if (a->hash != b->hash) {
        return a->hash < b->hash ? -1 : 1;
    }
    if (a->n != b->n) {
        return a->n < b->n ? -1 : 1;
    }
    return memcmp(a->list, b->list, a->n * sizeof(*a->list));
}

/* Directed ties as adjacency lists over roster people: out-lists sorted. */
struct ties {
    size_t *out_first; /* P + 1 */
    int32_t *out;
    size_t *in_first; /* P + 1 */
    int32_t *in;
};

static void ties_free(struct ties *t)
{
    free(t->out_first);
    free(t->out);
    free(t->in_first);
    free(t->in);
}

/* q -> p for every member q of the room's team and every other person p in it. */
static int add_room(lsn_pairmap *map, const struct room *r, const lsn_person *people)
{
    for (uint32_t x = 0; x < r->n; x++) {
        int32_t q = r->list[x];
        if (people[q].team != r->team) {
            continue;
        }
        for (uint32_t y = 0; y < r->n; y++) {
            if (y == x) {
                continue;
            }
            int32_t id = 0;
            int rc = lsn_pairmap_intern(&id, NULL, map, lsn_pair_key(q, r->list[y]));
            if (rc != LSN_OK) {
                return rc;
            }
        }
    }
    return LSN_OK;
}

static int collect_ties(lsn_pairmap *map, const lsn_analysis *a, const lsn_person *people, size_t P)
{
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    size_t ninst = 0, nseries = 0;
    const lsn_instance *inst = lsn_calendar_instances(cal, &ninst);
    const int32_t *present = lsn_calendar_present(cal);
    size_t ninfo = 0;
    const lsn_instance_info *info = lsn_analysis_instances(a, &ninfo);
    const lsn_series_info *series = lsn_analysis_series(a, &nseries);
    size_t most = 0;
    for (size_t k = 0; k < nseries; k++) {
        if (series[k].instances > most) {
            most = series[k].instances;
        }
    }
    struct room *rooms = malloc((most ? most : 1) * sizeof(*rooms));
    if (rooms == NULL) {
        return lsn_oom();
    }
    int rc = LSN_OK;
    for (size_t k = 0; k < nseries && rc == LSN_OK; k++) {
        size_t m = 0;
        for (uint32_t i = series[k].first; i < series[k].first + series[k].instances; i++) {
            if (info[i].team_meeting < 0 || info[i].broadcast) {
                continue;
            }
            const int32_t *list = present + inst[i].first;
            uint32_t n = 0;
            /* Roster people come first in the sorted present list. */
            while (n < inst[i].count && (size_t)list[n] < P) {
                n++;
            }
            rooms[m++] = (struct room){info[i].team_meeting, n,
                                       lsn_hash_bytes(list, n * sizeof(*list), 0), list};
        }
        qsort(rooms, m, sizeof(*rooms), room_cmp);
        for (size_t g = 0; g < m && rc == LSN_OK; g++) {
            if (g > 0 && room_cmp(&rooms[g - 1], &rooms[g]) == 0) {
                continue;
            }
            rc = add_room(map, &rooms[g], people);
        }
    }
    free(rooms);
    return rc;
}

static int build_ties(struct ties *t, const lsn_pairmap *map, size_t P)
{
    size_t e = lsn_pairmap_count(map);
    const uint64_t *keys = lsn_pairmap_keys(map);
    size_t *pos = NULL;
    t->out_first = calloc(P + 1, sizeof(*t->out_first));
    t->in_first = calloc(P + 1, sizeof(*t->in_first));
    t->out = malloc((e ? e : 1) * sizeof(*t->out));
    t->in = malloc((e ? e : 1) * sizeof(*t->in));
    pos = malloc((P + 1) * sizeof(*pos));
    if (t->out_first == NULL || t->in_first == NULL || t->out == NULL || t->in == NULL ||
        pos == NULL) {
        free(pos);
        return lsn_oom();
    }
    for (size_t i = 0; i < e; i++) {
        t->out_first[lsn_pair_first(keys[i]) + 1]++;
        t->in_first[lsn_pair_second(keys[i]) + 1]++;
    }
    for (size_t p = 0; p < P; p++) {
        t->out_first[p + 1] += t->out_first[p];
        t->in_first[p + 1] += t->in_first[p];
    }
    memcpy(pos, t->out_first, (P + 1) * sizeof(*pos));
    for (size_t i = 0; i < e; i++) {
        t->out[pos[lsn_pair_first(keys[i])]++] = lsn_pair_second(keys[i]);
    }
    memcpy(pos, t->in_first, (P + 1) * sizeof(*pos));
    for (size_t i = 0; i < e; i++) {
        t->in[pos[lsn_pair_second(keys[i])]++] = lsn_pair_first(keys[i]);
    }
    for (size_t p = 0; p < P; p++) {
        size_t n = t->out_first[p + 1] - t->out_first[p];
        if (n > 1) {
            lsn_sort_i32(t->out + t->out_first[p], n);
        }
    }
    free(pos);
    return LSN_OK;
}

static bool tie(const struct ties *t, int32_t a, int32_t c)
{
    const int32_t *lo = t->out + t->out_first[a];
    size_t n = t->out_first[a + 1] - t->out_first[a];
    while (n > 0) {
        size_t half = n / 2;
        if (lo[half] < c) {
            lo += half + 1;
            n -= half + 1;
        } else {
            n = half;
        }
    }
    return lo < t->out + t->out_first[a + 1] && *lo == c;
}

int lsn_roles_brokerage(lsn_role *out, const lsn_analysis *a)
{
    assert(out != NULL && a != NULL);
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t P = 0;
    const lsn_person *people = lsn_org_people(org, &P);
    lsn_pairmap *map = NULL;
    struct ties t = {NULL, NULL, NULL, NULL};

    int rc = lsn_pairmap_new(&map, 0);
    if (rc == LSN_OK) {
        rc = collect_ties(map, a, people, P);
    }
    if (rc == LSN_OK) {
        rc = build_ties(&t, map, P);
    }
    lsn_pairmap_free(map);
    if (rc != LSN_OK) {
        ties_free(&t);
        return rc;
    }

    for (size_t b = 0; b < P; b++) {
        lsn_role *r = &out[b];
        r->coordinator = r->itinerant = r->gatekeeper = r->representative = r->liaison = 0;
        int32_t gb = people[b].team;
        for (size_t i = t.in_first[b]; i < t.in_first[b + 1]; i++) {
            int32_t x = t.in[i];
            int32_t ga = people[x].team;
            for (size_t k = t.out_first[b]; k < t.out_first[b + 1]; k++) {
                int32_t c = t.out[k];
                if (c == x || tie(&t, x, c)) {
                    continue;
                }
                int32_t gc = people[c].team;
                if (ga == gb && gb == gc) {
                    r->coordinator++;
                } else if (ga == gc) {
                    r->itinerant++;
                } else if (ga == gb) {
                    r->representative++;
                } else if (gb == gc) {
                    r->gatekeeper++;
                } else {
                    r->liaison++;
                }
            }
        }
    }
    ties_free(&t);
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* Betweenness and constraint                                           */
/* ------------------------------------------------------------------ */

/* Where the betweenness progress goes. */
static lsn_roles_progress_fn progress_fn;
static void *progress_ud;

static void on_betweenness_progress(void *ud, double share)
{
    (void)ud;
    if (progress_fn != NULL) {
        progress_fn(progress_ud, "betweenness", share);
    }
}

static void report(const char *part)
{
    if (progress_fn != NULL) {
        progress_fn(progress_ud, part, -1);
    }
}

/* A roles computation under way: the betweenness running on the other
 * threads. */
struct lsn_roles_job {
    const lsn_analysis *a;
    lsn_pass_options o;
    size_t P;
    bool full; /* exact betweenness, else with the cut-off */
    lsn_brandes_job *between;
    lsn_role *part;        /* P entries: the constraint and brokerage computed ahead */
    bool constraint_done;  /* part[].constraint is filled (lsn_roles_constraint()) */
    pthread_t brokerage;   /* the brokerage thread, when started */
    bool brokerage_thread; /* started and not joined yet */
    bool brokerage_done;   /* part[]'s brokerage counts are filled */
    int brokerage_rc;
    char message[512]; /* the brokerage thread's error message */
};

/* The brokerage counts into part, on a thread of their own: they read the
 * analysis alone, no igraph. */
static void *brokerage_main(void *arg)
{
    lsn_roles_job *r = arg;
    r->brokerage_rc = lsn_roles_brokerage(r->part, r->a);
    if (r->brokerage_rc != LSN_OK) {
        snprintf(r->message, sizeof(r->message), "%s", lsn_error_last());
    }
    return NULL;
}

/* The brokerage thread's result, when it ran; LSN_OK when it did not. */
static int brokerage_join(lsn_roles_job *r)
{
    if (!r->brokerage_thread) {
        return LSN_OK;
    }
    pthread_join(r->brokerage, NULL);
    r->brokerage_thread = false;
    if (r->brokerage_rc != LSN_OK) {
        return lsn_error_set(r->brokerage_rc, "%s", r->message);
    }
    r->brokerage_done = true;
    return LSN_OK;
}

/* Starts the betweenness of the first P vertices of the person graph:
 * exact up to betweenness_exact_max vertices (or with a negative cutoff),
 * else with the cutoff. */
static int betweenness_start(lsn_roles_job *r)
{
    const igraph_vector_t *weights = NULL;
    const igraph_t *g = lsn_analysis_person_graph(r->a, &weights);
    igraph_integer_t nv = igraph_vcount(g);
    igraph_integer_t ne = igraph_ecount(g);
    assert((size_t)nv >= r->P);
    double *len = malloc((ne ? (size_t)ne : 1) * sizeof(*len));
    if (len == NULL) {
        return lsn_oom();
    }
    for (igraph_integer_t i = 0; i < ne; i++) {
        /* Strength in hours per week -> length: strong ties are short. */
        len[i] = 1.0 / VECTOR(*weights)[i];
    }
    igraph_vector_t dist;
    igraph_vector_view(&dist, len, ne);
    r->full = nv <= (igraph_integer_t)r->o.betweenness_exact_max || r->o.betweenness_cutoff < 0.0;
    lsn_brandes_args args = {.graph = g,
                             .lengths = &dist,
                             .targets = r->P,
                             .cutoff = r->full ? -1.0 : r->o.betweenness_cutoff,
                             .threads = r->o.threads,
                             .progress = on_betweenness_progress};
    int rc = lsn_brandes_start(&r->between, &args);
    free(len);
    return rc;
}

/* The betweenness into out; *exact (may be NULL) says which was used. */
static int betweenness_finish(lsn_roles_job *r, lsn_role *out, bool *exact)
{
    double *res = malloc((r->P ? r->P : 1) * sizeof(*res));
    if (res == NULL) {
        return lsn_oom();
    }
    report("betweenness");
    lsn_brandes_job *b = r->between;
    r->between = NULL;
    int rc = lsn_brandes_finish(b, res);
    if (rc == LSN_OK) {
        for (size_t p = 0; p < r->P; p++) {
            out[p].betweenness = res[p];
        }
        if (exact != NULL) {
            *exact = r->full;
        }
    }
    free(res);
    return rc;
}

static int constraint(lsn_role *out, const lsn_analysis *a, size_t P)
{
    int rc = LSN_OK;
    const igraph_vector_t *weights = NULL;
    const igraph_t *g = lsn_analysis_person_graph(a, &weights);
    igraph_vector_t res;
    lsn_igutil_scope scope;
    lsn_igutil_begin(&scope);
    igraph_error_t ig = igraph_vector_init(&res, 0);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_vector_init");
        lsn_igutil_end(&scope);
        return rc;
    }
    report("constraint");
    ig = igraph_constraint(g, &res, igraph_vss_range(0, (igraph_integer_t)P), weights);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_constraint");
    } else {
        for (size_t p = 0; p < P; p++) {
            out[p].constraint = VECTOR(res)[p];
        }
    }
    igraph_vector_destroy(&res);
    lsn_igutil_end(&scope);
    return rc;
}

int lsn_roles_start(lsn_roles_job **out, const lsn_analysis *a, const lsn_pass_options *opts)
{
    assert(out != NULL && a != NULL);
    *out = NULL;
    const lsn_pass_options *o = opts != NULL ? opts : &default_options;
    if (o->betweenness_exact_max < 0) {
        return lsn_error_set(LSN_EINVAL, "betweenness_exact_max must be >= 0, not %d",
                             (int)o->betweenness_exact_max);
    }
    if (isnan(o->betweenness_cutoff)) {
        return lsn_error_set(LSN_EINVAL, "betweenness_cutoff must be a number");
    }
    lsn_roles_job *r = calloc(1, sizeof(*r));
    if (r == NULL) {
        return lsn_oom();
    }
    r->a = a;
    r->o = *o;
    lsn_org_people(lsn_calendar_org(lsn_analysis_calendar(a)), &r->P);
    r->part = calloc(r->P ? r->P : 1, sizeof(*r->part));
    int rc = r->part == NULL ? lsn_oom() : betweenness_start(r);
    if (rc != LSN_OK) {
        free(r->part);
        free(r);
        return rc;
    }
    if (o->threads != 1) {
        r->brokerage_thread = pthread_create(&r->brokerage, NULL, brokerage_main, r) == 0;
    }
    *out = r;
    return LSN_OK;
}

int lsn_roles_constraint(lsn_roles_job *job)
{
    int rc = constraint(job->part, job->a, job->P);
    job->constraint_done = rc == LSN_OK;
    return rc;
}

void lsn_roles_cancel(lsn_roles_job *job)
{
    if (job != NULL) {
        lsn_brandes_cancel(job->between);
        if (job->brokerage_thread) {
            pthread_join(job->brokerage, NULL);
        }
        free(job->part);
        free(job);
    }
}

int lsn_roles_finish(lsn_roles_job *job,
                     lsn_role *out,
                     bool *exact,
                     const lsn_structure *s,
                     lsn_roles_progress_fn progress,
                     void *ud)
{
    assert(job != NULL && out != NULL && s != NULL);
    const lsn_analysis *a = job->a;
    size_t P = job->P;
    size_t ncomm = 0;
    const int32_t *community = lsn_structure_communities(s, &ncomm);
    assert(ncomm >= P);

    progress_fn = progress;
    progress_ud = ud;
    int rc = betweenness_finish(job, out, exact);
    if (rc == LSN_OK && !job->constraint_done) {
        rc = lsn_roles_constraint(job);
    }
    if (rc == LSN_OK) {
        report("brokerage");
        rc = brokerage_join(job);
    }
    if (rc == LSN_OK && !job->brokerage_done) {
        rc = lsn_roles_brokerage(job->part, a);
    }
    if (rc == LSN_OK) {
        for (size_t p = 0; p < P; p++) {
            out[p].constraint = job->part[p].constraint;
            out[p].coordinator = job->part[p].coordinator;
            out[p].itinerant = job->part[p].itinerant;
            out[p].gatekeeper = job->part[p].gatekeeper;
            out[p].representative = job->part[p].representative;
            out[p].liaison = job->part[p].liaison;
        }
    }
    progress_fn = NULL;
    progress_ud = NULL;
    lsn_roles_cancel(job);
    if (rc == LSN_OK) {
        for (size_t p = 0; p < P; p++) {
            out[p].community = community[p];
        }
    }
    return rc;
}

int lsn_roles_compute(lsn_role *out,
                      bool *exact,
                      const lsn_analysis *a,
                      const lsn_structure *s,
                      const lsn_pass_options *opts,
                      lsn_roles_progress_fn progress,
                      void *ud)
{
    assert(out != NULL && a != NULL && s != NULL);
    lsn_roles_job *job = NULL;
    int rc = lsn_roles_start(&job, a, opts);
    return rc == LSN_OK ? lsn_roles_finish(job, out, exact, s, progress, ud) : rc;
}
