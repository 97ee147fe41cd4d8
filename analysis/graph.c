/*
 * analysis/graph.c — builds the person graph (per series, per distinct
 * present set), folds it into the team graph, and converts edge lists to
 * igraph. It decides nothing about owners or liaisons.
 */
#include "analysis/graph.h"

#include "analysis/igutil.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/sort.h"
#include "io/vec.h"

#include <stdlib.h>
#include <string.h>

/* One instance of a series, keyed by its present set. */
struct member {
    uint64_t hash;
    const int32_t *list;
    uint32_t n;
    int32_t index;
};

static int member_cmp(const void *a, const void *b)
{
    const struct member *x = a;
    const struct member *y = b;
    if (x->hash != y->hash) {
        return x->hash < y->hash ? -1 : 1;
    }
    if (x->n != y->n) {
        return x->n < y->n ? -1 : 1;
    }
    int c = memcmp(x->list, y->list, x->n * sizeof(*x->list));
    if (c != 0) {
        return c;
    }
    return (x->index > y->index) - (x->index < y->index);
}

static bool same_set(const struct member *x, const struct member *y)
{
    return x->hash == y->hash && x->n == y->n &&
           memcmp(x->list, y->list, x->n * sizeof(*x->list)) == 0;
}

/* Accumulated weights, indexed by pairmap id. */
struct weights {
    lsn_pairmap *map;
    double *w;
    size_t cap;
};

static int weights_add(struct weights *acc, int32_t a, int32_t b, double hours)
{
    int32_t id = 0;
    int added = 0;
    uint64_t key = a < b ? lsn_pair_key(a, b) : lsn_pair_key(b, a);
    int rc = lsn_pairmap_intern(&id, &added, acc->map, key);
    if (rc != LSN_OK) {
        return rc;
    }
    if ((rc = LSN_GROW(acc->w, acc->cap, (size_t)id + 1)) != LSN_OK) {
        return rc;
    }
    if (added) {
        acc->w[id] = 0.0;
    }
    acc->w[id] += hours;
    return LSN_OK;
}

/* Every pair of one present set gets `hours`. */
static int add_clique(struct weights *acc, const int32_t *list, uint32_t n, double hours)
{
    for (uint32_t a = 0; a < n; a++) {
        for (uint32_t b = a + 1; b < n; b++) {
            int rc = weights_add(acc, list[a], list[b], hours);
            if (rc != LSN_OK) {
                return rc;
            }
        }
    }
    return LSN_OK;
}

/* Adds the pairs of the instances members[0..m): each distinct present set
 * once, with the sum of h / (n - 1) over the instances that share it. */
static int
add_series(struct weights *acc, struct member *members, size_t m, const lsn_instance *inst)
{
    /* A recurring meeting's instances mostly share one present set: then
     * they are in order already (index order breaks the tie). */
    size_t sorted = 1;
    while (sorted < m && member_cmp(&members[sorted - 1], &members[sorted]) < 0) {
        sorted++;
    }
    if (sorted < m) {
        qsort(members, m, sizeof(*members), member_cmp);
    }
    size_t g = 0;
    while (g < m) {
        double hours = 0.0;
        size_t e = g;
        while (e < m && same_set(&members[g], &members[e])) {
            hours += inst[members[e].index].duration / 3600.0 / (double)(members[e].n - 1);
            e++;
        }
        int rc = add_clique(acc, members[g].list, members[g].n, hours);
        if (rc != LSN_OK) {
            return rc;
        }
        g = e;
    }
    return LSN_OK;
}

/* The accumulated pairs as edges sorted by (u, v), weights divided by weeks. */
static int extract_edges(lsn_edges *out, const struct weights *acc, size_t vertices, double weeks)
{
    size_t count = lsn_pairmap_count(acc->map);
    const uint64_t *keys = lsn_pairmap_keys(acc->map);
    *out = (lsn_edges){NULL, 0};
    if (count == 0) {
        return LSN_OK;
    }
    for (size_t i = 0; i < count; i++) {
        size_t v = (size_t)lsn_pair_second(keys[i]); /* u < v */
        if (v + 1 > vertices) {
            vertices = v + 1;
        }
    }
    uint32_t *order = malloc(count * sizeof(*order));
    lsn_edge *edges = malloc(count * sizeof(*edges));
    int rc = order == NULL || edges == NULL ? lsn_oom()
                                            : lsn_order_pair_keys(order, keys, count, vertices);
    if (rc == LSN_OK) {
        for (size_t k = 0; k < count; k++) {
            uint32_t i = order[k];
            edges[k] =
                (lsn_edge){lsn_pair_first(keys[i]), lsn_pair_second(keys[i]), acc->w[i] / weeks};
        }
        *out = (lsn_edges){edges, count};
        edges = NULL;
    }
    free(order);
    free(edges);
    return rc;
}

int lsn_graph_person_edges(
    lsn_edges *out, const lsn_calendar *cal, int32_t broadcast_size, double weeks, size_t expected)
{
    int rc = LSN_OK;
    size_t ninst = 0, nparticipants = 0;
    const lsn_instance *inst = lsn_calendar_instances(cal, &ninst);
    const int32_t *present = lsn_calendar_present(cal);
    lsn_calendar_participants(cal, &nparticipants);
    struct weights acc = {NULL, NULL, 0};
    struct member *members = NULL;

    *out = (lsn_edges){NULL, 0};
    rc = lsn_pairmap_new(&acc.map, expected);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    if (expected > 0 && (rc = LSN_GROW(acc.w, acc.cap, expected)) != LSN_OK) {
        goto cleanup;
    }
    members = malloc((ninst ? ninst : 1) * sizeof(*members));
    if (members == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }

    /* Instances come grouped by series; each run of one series is one batch.
     * (Were a series split in several runs, each run would still be right,
     * only less merged.) */
    size_t i = 0;
    while (i < ninst) {
        size_t end = i;
        size_t m = 0;
        while (end < ninst && inst[end].series == inst[i].series) {
            const lsn_instance *in = &inst[end];
            bool broadcast = in->count > (uint32_t)broadcast_size; /* as meetings.c says */
            if (!broadcast && in->count >= 2 && in->duration > 0) {
                const int32_t *list = present + in->first;
                members[m++] = (struct member){lsn_hash_bytes(list, in->count * sizeof(*list), 0),
                                               list, in->count, (int32_t)end};
            }
            end++;
        }
        rc = add_series(&acc, members, m, inst);
        if (rc != LSN_OK) {
            goto cleanup;
        }
        i = end;
    }

    rc = extract_edges(out, &acc, nparticipants, weeks);

cleanup:
    lsn_pairmap_free(acc.map);
    free(acc.w);
    free(members);
    return rc;
}

int lsn_graph_team_edges(lsn_edges *out,
                         double *internal,
                         const lsn_org *org,
                         const lsn_edges *person)
{
    int rc = LSN_OK;
    size_t npeople = 0, nunits = 0;
    const lsn_person *people = lsn_org_people(org, &npeople);
    lsn_org_units(org, &nunits);
    struct weights acc = {NULL, NULL, 0};

    *out = (lsn_edges){NULL, 0};
    for (size_t t = 0; t < nunits; t++) {
        internal[t] = 0.0;
    }
    rc = lsn_pairmap_new(&acc.map, 0);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < person->count; i++) {
        const lsn_edge *e = &person->edges[i];
        if ((size_t)e->u >= npeople || (size_t)e->v >= npeople) {
            continue;
        }
        int32_t a = people[e->u].team;
        int32_t b = people[e->v].team;
        if (a < 0 || b < 0) {
            continue;
        }
        if (a == b) {
            internal[a] += e->weight;
            continue;
        }
        rc = weights_add(&acc, a, b, e->weight);
        if (rc != LSN_OK) {
            goto cleanup;
        }
    }
    /* Weights are totals already: divided by 1, exactly themselves. */
    rc = extract_edges(out, &acc, nunits, 1.0);

cleanup:
    lsn_pairmap_free(acc.map);
    free(acc.w);
    return rc;
}

int lsn_graph_to_igraph(igraph_t *graph,
                        igraph_vector_t *weights,
                        const lsn_edges *edges,
                        int32_t vertices)
{
    size_t count = edges->count;
    int rc = LSN_OK;
    igraph_vector_int_t list;
    bool list_ready = false, graph_ready = false;
    lsn_igutil_scope scope;
    lsn_igutil_begin(&scope);

    igraph_error_t ig = igraph_vector_int_init(&list, (igraph_integer_t)(2 * count));
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_vector_int_init");
        goto cleanup;
    }
    list_ready = true;
    for (size_t i = 0; i < count; i++) {
        VECTOR(list)[2 * i] = edges->edges[i].u;
        VECTOR(list)[2 * i + 1] = edges->edges[i].v;
    }
    ig = igraph_create(graph, &list, vertices, IGRAPH_UNDIRECTED);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_create");
        goto cleanup;
    }
    graph_ready = true;
    ig = igraph_vector_init(weights, (igraph_integer_t)count);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_vector_init");
        goto cleanup;
    }
    for (size_t i = 0; i < count; i++) {
        VECTOR(*weights)[i] = edges->edges[i].weight;
    }

cleanup:
    if (list_ready) {
        igraph_vector_int_destroy(&list);
    }
    if (rc != LSN_OK && graph_ready) {
        igraph_destroy(graph);
    }
    lsn_igutil_end(&scope);
    return rc;
}
