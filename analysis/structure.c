/*
 * analysis/structure.c — Leiden communities of the person graph and the
 * formal-team signals (modularity, NMI, adjusted Rand). The findings made
 * from them, community_mismatch and liaisons_everywhere, are
 * analysis/structure_findings.c's. It does not compute per-person roles
 * (analysis/roles.c) or write anything.
 */
#include "analysis/structure.h"

#include "analysis/igutil.h"
#include "analysis/structure_internal.h"
#include "io/error.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const lsn_pass_options default_options = LSN_PASS_OPTIONS_INIT;

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
        rc = lsn_oom();
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
        rc = lsn_oom();
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
        rc = lsn_oom();
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
int structure_signals(struct signals *out,
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
        rc = lsn_oom();
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

static int check_options(const lsn_pass_options *o)
{
    if (!isfinite(o->community_resolution) || o->community_resolution < 0.0) {
        return lsn_error_set(LSN_EINVAL, "community_resolution must be a number >= 0, not %g",
                             o->community_resolution);
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
    rc = check_options(o);
    if (rc != LSN_OK) {
        return rc;
    }
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return lsn_oom();
    }
    const igraph_t *g = lsn_analysis_person_graph(a, NULL);
    s->nvertices = (size_t)igraph_vcount(g);
    s->community = malloc((s->nvertices ? s->nvertices : 1) * sizeof(*s->community));
    if (s->community == NULL) {
        rc = lsn_oom();
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
        rc = lsn_oom();
        goto cleanup;
    }
    size_t n = 0;
    for (size_t p = 0; p < npeople; p++) {
        if (has_edge(s, (int32_t)p)) {
            people[n++] = (int32_t)p;
        }
    }
    rc = structure_signals(&s->org, s, org, people, n);
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
