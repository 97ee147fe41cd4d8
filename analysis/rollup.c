/*
 * analysis/rollup.c — team links summed per pair of units (analysis/rollup.h):
 * the grouping of a view of the hierarchy and the sums. It reads no report
 * and draws nothing.
 */
#include "analysis/rollup.h"

#include "io/error.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Depth of k below scope (1 for a child), or 0 when k is not strictly below
 * it. With scope -1 every unit is below, a root at depth 1. */
static int depth_below(const int32_t *parent, size_t n, int32_t k, int32_t scope)
{
    int d = 0;
    for (int32_t p = k; p >= 0 && (size_t)d <= n; p = parent[p]) {
        if (p == scope) {
            return d;
        }
        d++;
    }
    return scope < 0 ? d : 0;
}

void lsn_rollup_groups(int32_t *group, const int32_t *parent, size_t n, int32_t scope, int levels)
{
    for (size_t k = 0; k < n; k++) {
        int32_t u = (int32_t)k;
        int d = depth_below(parent, n, u, scope);
        if (d > 0) {
            /* Inside: climb to `levels` below scope. */
            while (levels > 0 && d > levels) {
                u = parent[u];
                d--;
            }
            group[k] = u;
            continue;
        }
        /* Outside (or scope itself, or one of its ancestors): climb while
         * the parent does not contain scope. */
        bool contains = false;
        for (int32_t p = scope; p >= 0; p = parent[p]) {
            if (p == u) {
                contains = true;
                break;
            }
        }
        if (contains) {
            group[k] = -1;
            continue;
        }
        for (size_t steps = 0; parent[u] >= 0 && steps < n; steps++) {
            bool parent_contains = false;
            for (int32_t p = scope; p >= 0; p = parent[p]) {
                if (p == parent[u]) {
                    parent_contains = true;
                    break;
                }
            }
            if (parent_contains) {
                break;
            }
            u = parent[u];
        }
        group[k] = u;
    }
}

typedef struct keyed {
    int32_t ga, gb;
    lsn_rollup_item item;
} keyed;

static int cmp_keyed(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->ga != b->ga) {
        return a->ga < b->ga ? -1 : 1;
    }
    if (a->gb != b->gb) {
        return a->gb < b->gb ? -1 : 1;
    }
    if (a->item.a != b->item.a) {
        return a->item.a < b->item.a ? -1 : 1;
    }
    if (a->item.b != b->item.b) {
        return a->item.b < b->item.b ? -1 : 1;
    }
    if (a->item.kind != b->item.kind) {
        return a->item.kind < b->item.kind ? -1 : 1;
    }
    return (a->item.hours > b->item.hours) - (a->item.hours < b->item.hours);
}

int lsn_rollup_pairs(lsn_rollup_pair **out,
                     size_t *nout,
                     const lsn_rollup_item *items,
                     size_t nitems,
                     const int32_t *group,
                     int directed)
{
    *out = NULL;
    *nout = 0;
    keyed *k = malloc((nitems ? nitems : 1) * sizeof(*k));
    if (k == NULL) {
        return lsn_oom();
    }
    size_t m = 0;
    for (size_t i = 0; i < nitems; i++) {
        const lsn_rollup_item *it = &items[i];
        if (it->kind < 0 || it->kind >= LSN_ROLLUP_KINDS) {
            free(k);
            return lsn_error_set(LSN_EINVAL, "rollup: item %zu: kind %d out of range", i, it->kind);
        }
        int32_t ga = it->a >= 0 ? group[it->a] : -1;
        int32_t gb = it->b >= 0 ? group[it->b] : -1;
        if (ga < 0 || gb < 0 || ga == gb) {
            continue;
        }
        if (!directed && gb < ga) {
            int32_t t = ga;
            ga = gb;
            gb = t;
        }
        k[m++] = (keyed){ga, gb, *it};
    }
    if (m > 0) {
        qsort(k, m, sizeof(*k), cmp_keyed);
    }
    size_t npairs = 0;
    for (size_t i = 0; i < m; i++) {
        npairs += i == 0 || k[i].ga != k[i - 1].ga || k[i].gb != k[i - 1].gb;
    }
    lsn_rollup_pair *p = NULL;
    if (npairs > 0 && (p = calloc(npairs, sizeof(*p))) == NULL) {
        free(k);
        return lsn_oom();
    }
    size_t j = 0;
    for (size_t i = 0; i < m; i++) {
        if (i > 0 && (k[i].ga != k[i - 1].ga || k[i].gb != k[i - 1].gb)) {
            j++;
        }
        p[j].a = k[i].ga;
        p[j].b = k[i].gb;
        p[j].hours += k[i].item.hours;
        p[j].count[k[i].item.kind]++;
    }
    free(k);
    *out = p;
    *nout = npairs;
    return LSN_OK;
}
