/*
 * analysis/structure.c — Leiden communities of the person graph, the
 * formal-team signals (modularity, NMI, adjusted Rand, hub teams), and the
 * community_mismatch and liaisons_everywhere findings of SPEC §3. It does not
 * compute per-person roles (analysis/roles.c) or write anything.
 */
#include "analysis/structure.h"

#include "analysis/hierarchy.h"
#include "analysis/igutil.h"
#include "analysis/order.h"
#include "analysis/pairmap.h"
#include "io/error.h"
#include "io/plural.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The formal-team signals of one set of roster people (see structure.h). */
struct signals {
    double modularity;
    double nmi;
    double ari;
    int32_t communities;
    int32_t people;
};

struct lsn_structure {
    size_t nvertices;   /* participants */
    int32_t *community; /* per participant */
    int32_t ncommunities;
    double quality;
    /* The person graph as adjacency lists over participants. */
    size_t *adj_first; /* nvertices + 1 */
    int32_t *adj;
    double *adj_w;
    struct signals org; /* every roster person with an edge */
};

static const lsn_pass_options default_options = LSN_PASS_OPTIONS_INIT;

static int oom(void)
{
    return lsn_error_set(LSN_ENOMEM, "out of memory");
}

/* The first failure wins; later calls still run so that they free what they own. */
static int keep(int rc, int next)
{
    return rc != LSN_OK ? rc : next;
}

static bool has_edge(const lsn_structure *s, int32_t v)
{
    return s->adj_first[v + 1] > s->adj_first[v];
}

/* ------------------------------------------------------------------ */
/* Building                                                             */
/* ------------------------------------------------------------------ */

static int build_adjacency(lsn_structure *s, const lsn_analysis *a)
{
    size_t ne = 0;
    const lsn_edge *edges = lsn_analysis_person_edges(a, &ne);
    size_t n = s->nvertices;
    size_t *pos = NULL;
    int rc = LSN_OK;

    s->adj_first = calloc(n + 1, sizeof(*s->adj_first));
    s->adj = malloc((ne ? 2 * ne : 1) * sizeof(*s->adj));
    s->adj_w = malloc((ne ? 2 * ne : 1) * sizeof(*s->adj_w));
    pos = malloc((n + 1) * sizeof(*pos));
    if (s->adj_first == NULL || s->adj == NULL || s->adj_w == NULL || pos == NULL) {
        rc = oom();
        goto cleanup;
    }
    for (size_t i = 0; i < ne; i++) {
        assert((size_t)edges[i].u < n && (size_t)edges[i].v < n);
        s->adj_first[edges[i].u + 1]++;
        s->adj_first[edges[i].v + 1]++;
    }
    for (size_t v = 0; v < n; v++) {
        s->adj_first[v + 1] += s->adj_first[v];
    }
    memcpy(pos, s->adj_first, (n + 1) * sizeof(*pos));
    for (size_t i = 0; i < ne; i++) {
        const lsn_edge *e = &edges[i];
        s->adj[pos[e->u]] = e->v;
        s->adj_w[pos[e->u]++] = e->weight;
        s->adj[pos[e->v]] = e->u;
        s->adj_w[pos[e->v]++] = e->weight;
    }

cleanup:
    free(pos);
    return rc;
}

/* Leiden with the modularity objective; see structure.h for the settings. */
static int find_communities(lsn_structure *s, const lsn_analysis *a, const lsn_pass_options *o)
{
    int rc = LSN_OK;
    const igraph_vector_t *weights = NULL;
    const igraph_t *g = lsn_analysis_person_graph(a, &weights);
    igraph_vector_t strength;
    igraph_vector_int_t membership;
    bool strength_ready = false, membership_ready = false;
    int32_t *renumber = NULL;
    igraph_integer_t nb = 0;
    igraph_real_t quality = 0.0;
    size_t n = s->nvertices;
    lsn_igutil_scope scope;
    lsn_igutil_begin(&scope);

    double total = igraph_vector_sum(weights);
    igraph_error_t ig = igraph_vector_init(&strength, 0);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_vector_init");
        goto cleanup;
    }
    strength_ready = true;
    ig = igraph_vector_int_init(&membership, (igraph_integer_t)n);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_vector_int_init");
        goto cleanup;
    }
    membership_ready = true;
    if (total > 0.0) {
        ig = igraph_strength(g, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, weights);
        if (ig != IGRAPH_SUCCESS) {
            rc = lsn_igutil_error(ig, "igraph_strength");
            goto cleanup;
        }
        /* Seeded right before the call: the partition must not depend on
         * which randomized igraph calls ran earlier in the process. */
        ig = igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)(uint32_t)o->leiden_seed);
        if (ig != IGRAPH_SUCCESS) {
            rc = lsn_igutil_error(ig, "igraph_rng_seed");
            goto cleanup;
        }
        ig = igraph_community_leiden(g, weights, &strength, o->community_resolution / (2.0 * total),
                                     LSN_LEIDEN_BETA, false, -1, &membership, &nb, &quality);
        if (ig != IGRAPH_SUCCESS) {
            rc = lsn_igutil_error(ig, "igraph_community_leiden");
            goto cleanup;
        }
    }
    renumber = malloc((nb > 0 ? (size_t)nb : 1) * sizeof(*renumber));
    if (renumber == NULL) {
        rc = oom();
        goto cleanup;
    }
    for (igraph_integer_t c = 0; c < nb; c++) {
        renumber[c] = -1;
    }
    int32_t next = 0;
    for (size_t v = 0; v < n; v++) {
        if (total <= 0.0 || !has_edge(s, (int32_t)v)) {
            s->community[v] = next++;
            continue;
        }
        igraph_integer_t old = VECTOR(membership)[v];
        assert(old >= 0 && old < nb);
        if (renumber[old] < 0) {
            renumber[old] = next++;
        }
        s->community[v] = renumber[old];
    }
    s->ncommunities = next;
    s->quality = quality;

cleanup:
    if (strength_ready) {
        igraph_vector_destroy(&strength);
    }
    if (membership_ready) {
        igraph_vector_int_destroy(&membership);
    }
    free(renumber);
    lsn_igutil_end(&scope);
    return rc;
}

/* igraph_compare_communities() wants memberships in 0..n-1: number both
 * partitions densely in order of first appearance. */
static int compare_partitions(struct signals *out,
                              const int32_t *formal,
                              const int32_t *found,
                              size_t n,
                              int32_t formal_range,
                              int32_t found_range)
{
    int rc = LSN_OK;
    igraph_vector_int_t v1, v2;
    bool v1_ready = false, v2_ready = false;
    int32_t *map1 = malloc((formal_range > 0 ? (size_t)formal_range : 1) * sizeof(*map1));
    int32_t *map2 = malloc((found_range > 0 ? (size_t)found_range : 1) * sizeof(*map2));
    lsn_igutil_scope scope;
    lsn_igutil_begin(&scope);

    if (map1 == NULL || map2 == NULL) {
        rc = oom();
        goto cleanup;
    }
    igraph_error_t ig = igraph_vector_int_init(&v1, (igraph_integer_t)n);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_vector_int_init");
        goto cleanup;
    }
    v1_ready = true;
    ig = igraph_vector_int_init(&v2, (igraph_integer_t)n);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_vector_int_init");
        goto cleanup;
    }
    v2_ready = true;
    for (int32_t k = 0; k < formal_range; k++) {
        map1[k] = -1;
    }
    for (int32_t k = 0; k < found_range; k++) {
        map2[k] = -1;
    }
    int32_t next1 = 0, next2 = 0;
    for (size_t i = 0; i < n; i++) {
        if (map1[formal[i]] < 0) {
            map1[formal[i]] = next1++;
        }
        if (map2[found[i]] < 0) {
            map2[found[i]] = next2++;
        }
        VECTOR(v1)[i] = map1[formal[i]];
        VECTOR(v2)[i] = map2[found[i]];
    }
    ig = igraph_compare_communities(&v1, &v2, &out->nmi, IGRAPH_COMMCMP_NMI);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_compare_communities");
        goto cleanup;
    }
    ig = igraph_compare_communities(&v1, &v2, &out->ari, IGRAPH_COMMCMP_ADJUSTED_RAND);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_compare_communities");
        goto cleanup;
    }
    /* 0/0: both partitions are trivial (all together or all apart), hence equal. */
    if (isnan(out->ari)) {
        out->ari = 1.0;
    }

cleanup:
    if (v1_ready) {
        igraph_vector_int_destroy(&v1);
    }
    if (v2_ready) {
        igraph_vector_int_destroy(&v2);
    }
    free(map1);
    free(map2);
    lsn_igutil_end(&scope);
    return rc;
}

/*
 * The signals of the roster people people[0..n) (each with an edge): the
 * modularity of their formal teams on the graph restricted to them,
 * agreement with the Leiden communities, and how many communities they span.
 * O(n + their degrees + U + communities).
 */
static int compute_signals(struct signals *out,
                           const lsn_structure *s,
                           const lsn_org *org,
                           const int32_t *people,
                           size_t n)
{
    size_t nunits = 0;
    lsn_org_units(org, &nunits);
    const lsn_person *roster = lsn_org_people(org, NULL);
    int rc = LSN_OK;
    bool *in = calloc(s->nvertices ? s->nvertices : 1, sizeof(*in));
    double *inside = calloc(nunits ? nunits : 1, sizeof(*inside));
    double *total = calloc(nunits ? nunits : 1, sizeof(*total));
    bool *team_seen = calloc(nunits ? nunits : 1, sizeof(*team_seen));
    int32_t *touched = malloc((n ? n : 1) * sizeof(*touched));
    bool *comm_seen = calloc(s->ncommunities ? (size_t)s->ncommunities : 1, sizeof(*comm_seen));
    int32_t *formal = malloc((n ? n : 1) * sizeof(*formal));
    int32_t *found = malloc((n ? n : 1) * sizeof(*found));

    *out = (struct signals){NAN, NAN, NAN, 0, (int32_t)n};
    if (in == NULL || inside == NULL || total == NULL || team_seen == NULL || touched == NULL ||
        comm_seen == NULL || formal == NULL || found == NULL) {
        rc = oom();
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        in[people[i]] = true;
    }
    double m = 0.0;
    size_t ntouched = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t u = people[i];
        int32_t tu = roster[u].team;
        double strength = 0.0;
        for (size_t k = s->adj_first[u]; k < s->adj_first[u + 1]; k++) {
            int32_t v = s->adj[k];
            if (!in[v]) {
                continue;
            }
            strength += s->adj_w[k];
            /* Each edge once, from its smaller end. */
            if (v > u) {
                m += s->adj_w[k];
                if (roster[v].team == tu) {
                    inside[tu] += s->adj_w[k];
                }
            }
        }
        total[tu] += strength;
        if (!team_seen[tu]) {
            team_seen[tu] = true;
            touched[ntouched++] = tu;
        }
        int32_t c = s->community[u];
        if (!comm_seen[c]) {
            comm_seen[c] = true;
            out->communities++;
        }
        formal[i] = tu;
        found[i] = c;
    }
    if (m > 0.0) {
        double q = 0.0;
        for (size_t k = 0; k < ntouched; k++) {
            double share = total[touched[k]] / (2.0 * m);
            q += inside[touched[k]] / m - share * share;
        }
        out->modularity = q;
    }
    if (n >= 2) {
        rc = compare_partitions(out, formal, found, n, (int32_t)nunits, s->ncommunities);
    }

cleanup:
    free(in);
    free(inside);
    free(total);
    free(team_seen);
    free(touched);
    free(comm_seen);
    free(formal);
    free(found);
    return rc;
}

static int check_options(const lsn_pass_options *o, bool structure)
{
    if (structure) {
        if (!isfinite(o->community_resolution) || o->community_resolution < 0.0) {
            return lsn_error_set(LSN_EINVAL, "community_resolution must be a number >= 0, not %g",
                                 o->community_resolution);
        }
        return LSN_OK;
    }
    if (!isfinite(o->merge_ratio) || o->merge_ratio < 0.0) {
        return lsn_error_set(LSN_EINVAL, "merge_ratio must be a number >= 0, not %g",
                             o->merge_ratio);
    }
    if (!isfinite(o->liaison_density) || o->liaison_density < 0.0) {
        return lsn_error_set(LSN_EINVAL, "liaison_density must be a number >= 0, not %g",
                             o->liaison_density);
    }
    return LSN_OK;
}

int lsn_structure_build(lsn_structure **out, const lsn_analysis *a, const lsn_pass_options *opts)
{
    assert(out != NULL && a != NULL);
    const lsn_pass_options *o = opts != NULL ? opts : &default_options;
    lsn_structure *s = NULL;
    int32_t *people = NULL;
    int rc = LSN_OK;

    *out = NULL;
    rc = check_options(o, true);
    if (rc != LSN_OK) {
        return rc;
    }
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return oom();
    }
    const igraph_t *g = lsn_analysis_person_graph(a, NULL);
    s->nvertices = (size_t)igraph_vcount(g);
    s->community = malloc((s->nvertices ? s->nvertices : 1) * sizeof(*s->community));
    if (s->community == NULL) {
        rc = oom();
        goto cleanup;
    }
    rc = build_adjacency(s, a);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc = find_communities(s, a, o);
    if (rc != LSN_OK) {
        goto cleanup;
    }

    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t npeople = 0;
    lsn_org_people(org, &npeople);
    assert(npeople <= s->nvertices);
    people = malloc((npeople ? npeople : 1) * sizeof(*people));
    if (people == NULL) {
        rc = oom();
        goto cleanup;
    }
    size_t n = 0;
    for (size_t p = 0; p < npeople; p++) {
        if (has_edge(s, (int32_t)p)) {
            people[n++] = (int32_t)p;
        }
    }
    rc = compute_signals(&s->org, s, org, people, n);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    *out = s;
    s = NULL;

cleanup:
    free(people);
    lsn_structure_free(s);
    return rc;
}

void lsn_structure_free(lsn_structure *s)
{
    if (s == NULL) {
        return;
    }
    free(s->community);
    free(s->adj_first);
    free(s->adj);
    free(s->adj_w);
    free(s);
}

const int32_t *lsn_structure_communities(const lsn_structure *s, size_t *count)
{
    assert(s != NULL);
    if (count != NULL) {
        *count = s->nvertices;
    }
    return s->community;
}

int32_t lsn_structure_community_count(const lsn_structure *s)
{
    assert(s != NULL);
    return s->ncommunities;
}

double lsn_structure_leiden_quality(const lsn_structure *s)
{
    assert(s != NULL);
    return s->quality;
}

double lsn_structure_modularity(const lsn_structure *s)
{
    assert(s != NULL);
    return s->org.modularity;
}

double lsn_structure_nmi(const lsn_structure *s)
{
    assert(s != NULL);
    return s->org.nmi;
}

double lsn_structure_adjusted_rand(const lsn_structure *s)
{
    assert(s != NULL);
    return s->org.ari;
}

int32_t lsn_structure_roster_communities(const lsn_structure *s)
{
    assert(s != NULL);
    return s->org.communities;
}

/* ------------------------------------------------------------------ */
/* Text                                                                 */
/* ------------------------------------------------------------------ */

struct text {
    char *p;
    size_t n, cap;
    bool failed;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
{
    if (t->failed) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0) {
        t->failed = true;
        return;
    }
    if (t->n + (size_t)len + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 128;
        while (cap < t->n + (size_t)len + 1) {
            cap *= 2;
        }
        char *p = realloc(t->p, cap);
        if (p == NULL) {
            t->failed = true;
            return;
        }
        t->p = p;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->p + t->n, t->cap - t->n, fmt, ap);
    va_end(ap);
    t->n += (size_t)len;
}

/* "a", "a and b", "a, b and c". */
static void text_names(struct text *t, const lsn_unit *units, const int32_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
        text_add(t, "%s%s", sep, units[list[i]].id);
    }
}

/* ------------------------------------------------------------------ */
/* community_mismatch                                                   */
/* ------------------------------------------------------------------ */

/* A qualifying pair, rank[a] < rank[b]. */
struct mpair {
    int32_t a, b;
    double between;
};

/* The connected groups of qualifying pairs: group g has the teams
 * teams[team_first[g] .. team_first[g + 1]) in id order and the pairs
 * pairs[pair_first[g] .. pair_first[g + 1]) in (id, id) order. Groups are
 * ordered by their first team's id. */
struct mismatch {
    size_t ngroups;
    size_t *team_first;
    int32_t *teams;
    size_t *pair_first;
    struct mpair *pairs;
};

static void mismatch_free(struct mismatch *mm)
{
    free(mm->team_first);
    free(mm->teams);
    free(mm->pair_first);
    free(mm->pairs);
    memset(mm, 0, sizeof(*mm));
}

static int32_t uf_find(int32_t *parent, int32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* A sortable entry: by group key (the smallest rank in the group), then ranks. */
struct keyed {
    int32_t key, r1, r2;
    int32_t index;
};

static int keyed_cmp(const void *x, const void *y)
{
    const struct keyed *a = x;
    const struct keyed *b = y;
    if (a->key != b->key) {
        return a->key < b->key ? -1 : 1;
    }
    if (a->r1 != b->r1) {
        return a->r1 < b->r1 ? -1 : 1;
    }
    return (a->r2 > b->r2) - (a->r2 < b->r2);
}

/* Hours per week per member pair inside team t (0 for fewer than 2 members). */
static double within_density(const lsn_team_info *info, int32_t t)
{
    double h = info[t].headcount;
    return h >= 2 ? info[t].internal_hours_per_week / (h * (h - 1.0) / 2.0) : 0.0;
}

static int find_mismatch(struct mismatch *mm,
                         const lsn_analysis *a,
                         const lsn_unit *units,
                         size_t nunits,
                         const int32_t *rank,
                         double ratio)
{
    int rc = LSN_OK;
    size_t nedges = 0;
    const lsn_edge *edges = lsn_analysis_team_edges(a, &nedges);
    size_t ninfo = 0;
    const lsn_team_info *info = lsn_analysis_teams(a, &ninfo);
    struct mpair *pairs = malloc((nedges ? nedges : 1) * sizeof(*pairs));
    int32_t *parent = malloc((nunits ? nunits : 1) * sizeof(*parent));
    int32_t *minrank = malloc((nunits ? nunits : 1) * sizeof(*minrank));
    bool *listed = calloc(nunits ? nunits : 1, sizeof(*listed));
    struct keyed *order = NULL;
    size_t npairs = 0;

    memset(mm, 0, sizeof(*mm));
    if (pairs == NULL || parent == NULL || minrank == NULL || listed == NULL) {
        rc = oom();
        goto cleanup;
    }
    for (size_t i = 0; i < nedges; i++) {
        const lsn_edge *e = &edges[i];
        if (units[e->u].headcount < 2 || units[e->v].headcount < 2) {
            continue;
        }
        if (info[e->u].internal_hours_per_week <= 0.0 ||
            info[e->v].internal_hours_per_week <= 0.0 || e->weight <= 0.0) {
            continue;
        }
        double between = e->weight / ((double)units[e->u].headcount * units[e->v].headcount);
        if (between >= ratio * within_density(info, e->u) &&
            between >= ratio * within_density(info, e->v)) {
            bool swap = rank[e->u] > rank[e->v];
            pairs[npairs++] = (struct mpair){swap ? e->v : e->u, swap ? e->u : e->v, between};
        }
    }
    if (npairs == 0) {
        goto cleanup;
    }
    for (size_t u = 0; u < nunits; u++) {
        parent[u] = (int32_t)u;
        minrank[u] = INT32_MAX;
    }
    for (size_t i = 0; i < npairs; i++) {
        int32_t x = uf_find(parent, pairs[i].a);
        int32_t y = uf_find(parent, pairs[i].b);
        if (x != y) {
            parent[x] = y;
        }
    }
    size_t nteams = 0;
    for (size_t i = 0; i < npairs; i++) {
        int32_t ends[2] = {pairs[i].a, pairs[i].b};
        for (int k = 0; k < 2; k++) {
            int32_t root = uf_find(parent, ends[k]);
            if (rank[ends[k]] < minrank[root]) {
                minrank[root] = rank[ends[k]];
            }
            if (!listed[ends[k]]) {
                listed[ends[k]] = true;
                nteams++;
            }
        }
    }

    order = malloc((nteams > npairs ? nteams : npairs) * sizeof(*order));
    mm->teams = malloc(nteams * sizeof(*mm->teams));
    mm->pairs = malloc(npairs * sizeof(*mm->pairs));
    mm->team_first = malloc((nteams + 1) * sizeof(*mm->team_first));
    mm->pair_first = malloc((nteams + 1) * sizeof(*mm->pair_first));
    if (order == NULL || mm->teams == NULL || mm->pairs == NULL || mm->team_first == NULL ||
        mm->pair_first == NULL) {
        rc = oom();
        goto cleanup;
    }
    /* Teams grouped, in id order inside each group. */
    size_t k = 0;
    for (size_t u = 0; u < nunits; u++) {
        if (listed[u]) {
            order[k++] =
                (struct keyed){minrank[uf_find(parent, (int32_t)u)], rank[u], 0, (int32_t)u};
        }
    }
    qsort(order, nteams, sizeof(*order), keyed_cmp);
    for (size_t i = 0; i < nteams; i++) {
        mm->teams[i] = order[i].index;
        if (i == 0 || order[i].key != order[i - 1].key) {
            mm->team_first[mm->ngroups++] = i;
        }
    }
    mm->team_first[mm->ngroups] = nteams;
    /* Pairs in the same group order; the key is the group's, so runs align. */
    for (size_t i = 0; i < npairs; i++) {
        order[i] = (struct keyed){minrank[uf_find(parent, pairs[i].a)], rank[pairs[i].a],
                                  rank[pairs[i].b], (int32_t)i};
    }
    qsort(order, npairs, sizeof(*order), keyed_cmp);
    size_t g = 0;
    for (size_t i = 0; i < npairs; i++) {
        mm->pairs[i] = pairs[order[i].index];
        if (i == 0 || order[i].key != order[i - 1].key) {
            mm->pair_first[g++] = i;
        }
    }
    assert(g == mm->ngroups);
    mm->pair_first[g] = npairs;

cleanup:
    if (rc != LSN_OK) {
        mismatch_free(mm);
    }
    free(pairs);
    free(parent);
    free(minrank);
    free(listed);
    free(order);
    return rc;
}

static lsn_value *unit_list(const lsn_unit *units, const int32_t *list, size_t n)
{
    lsn_value *v = lsn_value_list();
    int rc = v != NULL ? LSN_OK : LSN_ENOMEM;
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        rc = lsn_value_push(v, lsn_value_str(units[list[i]].id));
    }
    if (rc != LSN_OK) {
        lsn_value_free(v);
        return NULL;
    }
    return v;
}

/* A number, or null when it is not one. */
static lsn_value *num_or_null(double d)
{
    return isfinite(d) ? lsn_value_num(d) : lsn_value_null();
}

static int mismatch_findings(lsn_findings *out,
                             const struct mismatch *mm,
                             const lsn_analysis *a,
                             const lsn_unit *units)
{
    size_t ninfo = 0;
    const lsn_team_info *info = lsn_analysis_teams(a, &ninfo);
    int rc = LSN_OK;
    for (size_t g = 0; g < mm->ngroups && rc == LSN_OK; g++) {
        const int32_t *teams = mm->teams + mm->team_first[g];
        size_t nteams = mm->team_first[g + 1] - mm->team_first[g];
        const struct mpair *pairs = mm->pairs + mm->pair_first[g];
        size_t npairs = mm->pair_first[g + 1] - mm->pair_first[g];

        lsn_subject about = {.teams = teams, .nteams = nteams};
        lsn_value *metrics = lsn_value_object();
        lsn_value *plist = lsn_value_list();
        for (size_t i = 0; i < npairs; i++) {
            lsn_value *pair = lsn_value_object();
            int32_t ends[2] = {pairs[i].a, pairs[i].b};
            rc = keep(rc, lsn_value_set(pair, "teams", unit_list(units, ends, 2)));
            rc = keep(rc, lsn_value_set(pair, "between_density", lsn_value_num(pairs[i].between)));
            rc = keep(rc, lsn_value_push(plist, pair));
        }
        rc = keep(rc, lsn_value_set(metrics, "pairs", plist));
        lsn_value *within = lsn_value_object();
        for (size_t i = 0; i < nteams; i++) {
            rc = keep(rc, lsn_value_set(within, units[teams[i]].id,
                                        lsn_value_num(within_density(info, teams[i]))));
        }
        rc = keep(rc, lsn_value_set(metrics, "within_density", within));

        struct text t = {NULL, 0, 0, false};
        text_names(&t, units, teams, nteams);
        if (nteams == 2) {
            text_add(&t,
                     " work as one team: %.2f hours per week per member pair between them, "
                     "against %.2f and %.2f inside them.",
                     pairs[0].between, within_density(info, teams[0]),
                     within_density(info, teams[1]));
        } else {
            text_add(&t, " work as one team: their people spend nearly as much time with each "
                         "other across the team lines as inside their own teams.");
        }
        if (rc != LSN_OK || t.failed) {
            lsn_value_free(metrics);
            free(t.p);
            return rc != LSN_OK ? rc : oom();
        }
        rc = lsn_findings_add(out, lsn_analysis_calendar(a), LSN_FINDING_COMMUNITY_MISMATCH,
                              LSN_SEV_MEDIUM, &about, metrics, "%s", t.p);
        free(t.p);
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* liaisons_everywhere                                                  */
/* ------------------------------------------------------------------ */

/* Liaison links with the home team or the target team under each unit, each once. */
static int count_links_below(
    int32_t *count, const lsn_unit *units, size_t nunits, const lsn_liaison *links, size_t nlinks)
{
    int64_t *mark = malloc((nunits ? nunits : 1) * sizeof(*mark));
    if (mark == NULL) {
        return oom();
    }
    for (size_t u = 0; u < nunits; u++) {
        mark[u] = -1;
        count[u] = 0;
    }
    for (size_t l = 0; l < nlinks; l++) {
        for (int32_t v = links[l].home; v >= 0; v = units[v].parent) {
            mark[v] = (int64_t)l;
            count[v]++;
        }
        for (int32_t v = links[l].to; v >= 0; v = units[v].parent) {
            if (mark[v] != (int64_t)l) {
                count[v]++;
            }
        }
    }
    free(mark);
    return LSN_OK;
}

static int rank_pair_cmp(const void *x, const void *y)
{
    const int32_t *a = x;
    const int32_t *b = y;
    return (a[0] > b[0]) - (a[0] < b[0]);
}

/*
 * Hub teams of a unit whose teams are list[0..n): pos[t] is t's index in
 * list, -1 for units not in it. Returns the hubs (in list order) through
 * hubs/nhubs.
 */
static int find_hubs(int32_t *hubs,
                     size_t *nhubs,
                     const int32_t *list,
                     size_t n,
                     const int32_t *pos,
                     const lsn_hierarchy *h,
                     const lsn_org *org,
                     const lsn_liaison *links,
                     size_t nlinks)
{
    size_t nneeds = 0;
    const lsn_need *needs = lsn_org_needs(org, &nneeds);
    lsn_pairmap *seen = NULL;
    int32_t *count = calloc(n ? n : 1, sizeof(*count));
    int rc = count == NULL ? oom() : lsn_pairmap_new(&seen, 0);

    *nhubs = 0;
    for (size_t i = 0; i < nneeds && rc == LSN_OK; i++) {
        int32_t x = needs[i].team;
        if (pos[x] < 0) {
            continue;
        }
        size_t nfrom = 0;
        const int32_t *from = lsn_hierarchy_teams_under(h, needs[i].from, &nfrom);
        for (size_t k = 0; k < nfrom && rc == LSN_OK; k++) {
            int32_t t = from[k];
            if (pos[t] < 0 || t == x) {
                continue;
            }
            int32_t id = 0;
            int added = 0;
            rc = lsn_pairmap_intern(&id, &added, seen, lsn_pair_key(x, t));
            if (rc == LSN_OK && added) {
                count[pos[t]]++;
            }
        }
    }
    for (size_t l = 0; l < nlinks && rc == LSN_OK; l++) {
        int32_t x = links[l].home;
        int32_t t = links[l].to;
        if (pos[x] < 0 || pos[t] < 0 || x == t) {
            continue;
        }
        int32_t id = 0;
        int added = 0;
        rc = lsn_pairmap_intern(&id, &added, seen, lsn_pair_key(x, t));
        if (rc == LSN_OK && added) {
            count[pos[t]]++;
        }
    }
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        if (2 * (size_t)count[i] > n) {
            hubs[(*nhubs)++] = list[i];
        }
    }
    lsn_pairmap_free(seen);
    free(count);
    return rc;
}

/* Everything one liaisons_everywhere finding needs, computed for unit u. */
static int everywhere_finding(lsn_findings *out,
                              int32_t u,
                              int32_t nlinks_below,
                              const lsn_structure *s,
                              const lsn_analysis *a,
                              const lsn_hierarchy *h,
                              const struct mismatch *mm,
                              const int32_t *rank,
                              int32_t *pos /* scratch: all -1, left so */)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t nunits = 0, npeople = 0, nlinks = 0;
    const lsn_unit *units = lsn_org_units(org, &nunits);
    const lsn_person *roster = lsn_org_people(org, &npeople);
    const lsn_liaison *links = lsn_analysis_liaisons(a, &nlinks);
    size_t nteams = 0;
    const int32_t *under = lsn_hierarchy_teams_under(h, u, &nteams);
    int rc = LSN_OK;
    int32_t *list = malloc(nteams * 2 * sizeof(*list));
    int32_t *hubs = malloc(nteams * sizeof(*hubs));
    int32_t *people = malloc((npeople ? npeople : 1) * sizeof(*people));
    lsn_value *metrics = NULL;
    struct text t = {NULL, 0, 0, false};
    struct signals sig;
    size_t nhubs = 0;
    bool pos_set = false;

    if (list == NULL || hubs == NULL || people == NULL) {
        rc = oom();
        goto cleanup;
    }
    /* The unit's teams in id order (pairs of rank and index sort by rank). */
    for (size_t i = 0; i < nteams; i++) {
        list[2 * i] = rank[under[i]];
        list[2 * i + 1] = under[i];
    }
    qsort(list, nteams, 2 * sizeof(*list), rank_pair_cmp);
    for (size_t i = 0; i < nteams; i++) {
        list[i] = list[2 * i + 1];
        pos[list[i]] = (int32_t)i;
    }
    pos_set = true;

    size_t n = 0;
    for (size_t p = 0; p < npeople; p++) {
        if (pos[roster[p].team] >= 0 && has_edge(s, (int32_t)p)) {
            people[n++] = (int32_t)p;
        }
    }
    rc = compute_signals(&sig, s, org, people, n);
    if (rc == LSN_OK) {
        rc = find_hubs(hubs, &nhubs, list, nteams, pos, h, org, links, nlinks);
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }

    double density = (double)nlinks_below / (double)nteams;
    lsn_subject about = {.unit = u};
    metrics = lsn_value_object();
    rc = lsn_value_set(metrics, "teams", lsn_value_int((int64_t)nteams));
    rc = keep(rc, lsn_value_set(metrics, "liaison_links", lsn_value_int(nlinks_below)));
    rc = keep(rc, lsn_value_set(metrics, "density", lsn_value_num(density)));
    lsn_value *groups = lsn_value_list();
    size_t ngroups_in = 0;
    text_add(&t,
             "%s has %d liaison %s for %zu %s (%.1f per team): liaisons everywhere is a "
             "sign of a structural problem; ",
             units[u].id, (int)nlinks_below, lsn_plural(nlinks_below, "link", "links"), nteams,
             lsn_plural((int64_t)nteams, "team", "teams"), density);
    for (size_t g = 0; g < mm->ngroups; g++) {
        const int32_t *teams = mm->teams + mm->team_first[g];
        size_t k = mm->team_first[g + 1] - mm->team_first[g];
        bool inside = true;
        for (size_t i = 0; i < k && inside; i++) {
            inside = pos[teams[i]] >= 0;
        }
        if (!inside) {
            continue;
        }
        rc = keep(rc, lsn_value_push(groups, unit_list(units, teams, k)));
        text_add(&t, "%s", ngroups_in > 0 ? ", " : "");
        text_names(&t, units, teams, k);
        text_add(&t, " work as one team");
        ngroups_in++;
    }
    rc = keep(
        rc, lsn_value_set(metrics, lsn_finding_type_name(LSN_FINDING_COMMUNITY_MISMATCH), groups));
    rc = keep(rc, lsn_value_set(metrics, "hub_teams", unit_list(units, hubs, nhubs)));
    if (nhubs > 0) {
        text_add(&t, "%s", ngroups_in > 0 ? ", and " : "");
        text_names(&t, units, hubs, nhubs);
        text_add(&t, "%s",
                 nhubs == 1 ? " is a hub that most teams need" : " are hubs that most teams need");
    }
    if (ngroups_in == 0 && nhubs == 0) {
        text_add(&t, "no two teams work as one and no team is a hub");
        if (isfinite(sig.nmi)) {
            text_add(&t,
                     ", and the %d meeting %s the formal teams with NMI %.2f "
                     "(1 is a perfect match)",
                     (int)sig.communities,
                     lsn_plural((int64_t)sig.communities, "community matches", "communities match"),
                     sig.nmi);
        }
    }
    text_add(&t, ".");
    rc = keep(rc, lsn_value_set(metrics, "modularity", num_or_null(sig.modularity)));
    rc = keep(rc, lsn_value_set(metrics, "nmi", num_or_null(sig.nmi)));
    rc = keep(rc, lsn_value_set(metrics, "adjusted_rand", num_or_null(sig.ari)));
    rc = keep(rc, lsn_value_set(metrics, "communities", lsn_value_int(sig.communities)));
    if (rc == LSN_OK && t.failed) {
        rc = oom();
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc = lsn_findings_add(out, lsn_analysis_calendar(a), LSN_FINDING_LIAISONS_EVERYWHERE,
                          LSN_SEV_HIGH, &about, metrics, "%s", t.p);
    metrics = NULL;

cleanup:
    if (pos_set) {
        for (size_t i = 0; i < nteams; i++) {
            pos[list[i]] = -1;
        }
    }
    lsn_value_free(metrics);
    free(t.p);
    free(list);
    free(hubs);
    free(people);
    return rc;
}

int lsn_structure_findings(lsn_findings *out,
                           const lsn_structure *s,
                           const lsn_analysis *a,
                           const lsn_pass_options *opts)
{
    assert(out != NULL && s != NULL && a != NULL);
    const lsn_pass_options *o = opts != NULL ? opts : &default_options;
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t nunits = 0, nlinks = 0;
    const lsn_unit *units = lsn_org_units(org, &nunits);
    const lsn_liaison *links = lsn_analysis_liaisons(a, &nlinks);
    int32_t *rank = NULL, *byrank = NULL, *links_below = NULL, *pos = NULL;
    struct mismatch mm = {0, NULL, NULL, NULL, NULL};
    lsn_hierarchy *h = NULL;

    int rc = check_options(o, false);
    if (rc != LSN_OK) {
        return rc;
    }
    rc = lsn_order_units(&rank, org);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc = find_mismatch(&mm, a, units, nunits, rank, o->merge_ratio);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc = mismatch_findings(out, &mm, a, units);
    if (rc != LSN_OK) {
        goto cleanup;
    }

    byrank = malloc((nunits ? nunits : 1) * sizeof(*byrank));
    links_below = malloc((nunits ? nunits : 1) * sizeof(*links_below));
    pos = malloc((nunits ? nunits : 1) * sizeof(*pos));
    if (byrank == NULL || links_below == NULL || pos == NULL) {
        rc = oom();
        goto cleanup;
    }
    rc = lsn_hierarchy_build(&h, org);
    if (rc == LSN_OK) {
        rc = count_links_below(links_below, units, nunits, links, nlinks);
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }
    for (size_t u = 0; u < nunits; u++) {
        byrank[rank[u]] = (int32_t)u;
        pos[u] = -1;
    }
    for (size_t r = 0; r < nunits && rc == LSN_OK; r++) {
        int32_t u = byrank[r];
        size_t nteams = 0;
        lsn_hierarchy_teams_under(h, u, &nteams);
        if (nteams < 3) {
            continue;
        }
        if ((double)links_below[u] / (double)nteams >= o->liaison_density) {
            rc = everywhere_finding(out, u, links_below[u], s, a, h, &mm, rank, pos);
        }
    }

cleanup:
    mismatch_free(&mm);
    lsn_hierarchy_free(h);
    free(rank);
    free(byrank);
    free(links_below);
    free(pos);
    return rc;
}
