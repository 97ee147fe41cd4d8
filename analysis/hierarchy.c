/*
 * analysis/hierarchy.c — the pre-order index of the org's units (subtree
 * intervals, teams under a unit, top-level units) and its roster people by
 * team. It reads io/model.h only; it knows nothing of meetings, needs or
 * liaison links (analysis/needs.c asks it about those).
 */
#include "analysis/hierarchy.h"

#include "io/error.h"

#include <assert.h>
#include <stdlib.h>

struct lsn_hierarchy {
    const lsn_org *org;
    const lsn_unit *units;
    size_t nunits;
    /* The subtree of u is preorder[tin[u] .. tout[u]). */
    int32_t *preorder;
    int32_t *tin;
    int32_t *tout;
    int32_t *top; /* the child of the root containing u; the root for the root */
    /* The teams in pre-order; those among preorder[0 .. k) are
     * teams[0 .. team_pos[k]). */
    int32_t *teams;
    size_t *team_pos; /* nunits + 1 */
    /* Roster people by team (CSR). */
    size_t *member_first; /* nunits + 1 */
    int32_t *members;
};

/* Pre-order (children in index order), subtree ends and top-level units. O(U). */
static int index_units(lsn_hierarchy *h, int32_t root)
{
    int rc = LSN_OK;
    size_t n = h->nunits;
    size_t *child_first = calloc(n + 1, sizeof(*child_first));
    int32_t *children = malloc((n ? n : 1) * sizeof(*children));
    int32_t *stack = malloc((n ? n : 1) * sizeof(*stack));
    int32_t *size = malloc((n ? n : 1) * sizeof(*size));
    if (child_first == NULL || children == NULL || stack == NULL || size == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t u = 0; u < n; u++) {
        if (h->units[u].parent >= 0) {
            child_first[h->units[u].parent + 1]++;
        }
    }
    for (size_t u = 0; u < n; u++) {
        child_first[u + 1] += child_first[u];
    }
    for (size_t u = 0; u < n; u++) {
        int32_t p = h->units[u].parent;
        if (p >= 0) {
            children[child_first[p]++] = (int32_t)u;
        }
    }
    for (size_t u = n; u > 0; u--) {
        child_first[u] = child_first[u - 1];
    }
    child_first[0] = 0;

    size_t sp = 0, pos = 0; /* sp: stack size */
    if (n > 0) {
        stack[sp++] = root;
    }
    while (sp > 0) {
        int32_t u = stack[--sp];
        h->tin[u] = (int32_t)pos;
        h->preorder[pos++] = u;
        /* Push in reverse so that children come out in index order. */
        for (size_t k = child_first[u + 1]; k > child_first[u]; k--) {
            stack[sp++] = children[k - 1];
        }
    }
    /* lsn_org_finish() hangs every unit under the root and rejects cycles. */
    assert(pos == n);
    for (size_t k = 0; k < pos; k++) {
        size[h->preorder[k]] = 1;
    }
    for (size_t k = pos; k-- > 0;) {
        int32_t u = h->preorder[k];
        if (h->units[u].parent >= 0) {
            size[h->units[u].parent] += size[u];
        }
    }
    for (size_t k = 0; k < pos; k++) {
        int32_t u = h->preorder[k];
        int32_t p = h->units[u].parent;
        h->tout[u] = h->tin[u] + size[u];
        h->top[u] = p < 0 || p == root ? u : h->top[p];
    }

cleanup:
    free(child_first);
    free(children);
    free(stack);
    free(size);
    return rc;
}

/* The teams in pre-order and their prefix counts. O(U). */
static void index_teams(lsn_hierarchy *h)
{
    size_t nteams = 0;
    h->team_pos[0] = 0;
    for (size_t k = 0; k < h->nunits; k++) {
        int32_t u = h->preorder[k];
        if (h->units[u].headcount > 0) {
            h->teams[nteams++] = u;
        }
        h->team_pos[k + 1] = nteams;
    }
}

/* Roster people by team, in roster order. O(U + P). */
static void index_members(lsn_hierarchy *h, const lsn_person *people, size_t npeople)
{
    size_t n = h->nunits;
    for (size_t p = 0; p < npeople; p++) {
        h->member_first[people[p].team + 1]++;
    }
    for (size_t u = 0; u < n; u++) {
        h->member_first[u + 1] += h->member_first[u];
    }
    for (size_t p = 0; p < npeople; p++) {
        h->members[h->member_first[people[p].team]++] = (int32_t)p;
    }
    for (size_t u = n; u > 0; u--) {
        h->member_first[u] = h->member_first[u - 1];
    }
    h->member_first[0] = 0;
}

int lsn_hierarchy_build(lsn_hierarchy **out, const lsn_org *org)
{
    assert(out != NULL && org != NULL);
    int rc = LSN_OK;
    size_t npeople = 0;
    *out = NULL;
    lsn_hierarchy *h = calloc(1, sizeof(*h));
    if (h == NULL) {
        return lsn_oom();
    }
    h->org = org;
    h->units = lsn_org_units(org, &h->nunits);
    const lsn_person *people = lsn_org_people(org, &npeople);
    size_t n = h->nunits ? h->nunits : 1;
    h->preorder = malloc(n * sizeof(*h->preorder));
    h->tin = malloc(n * sizeof(*h->tin));
    h->tout = malloc(n * sizeof(*h->tout));
    h->top = malloc(n * sizeof(*h->top));
    h->teams = malloc(n * sizeof(*h->teams));
    h->team_pos = malloc((h->nunits + 1) * sizeof(*h->team_pos));
    h->member_first = calloc(h->nunits + 1, sizeof(*h->member_first));
    h->members = malloc((npeople ? npeople : 1) * sizeof(*h->members));
    if (h->preorder == NULL || h->tin == NULL || h->tout == NULL || h->top == NULL ||
        h->teams == NULL || h->team_pos == NULL || h->member_first == NULL || h->members == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    rc = index_units(h, lsn_org_root(org));
    if (rc != LSN_OK) {
        goto cleanup;
    }
    index_teams(h);
    index_members(h, people, npeople);
    *out = h;
    h = NULL;

cleanup:
    lsn_hierarchy_free(h);
    return rc;
}

void lsn_hierarchy_free(lsn_hierarchy *h)
{
    if (h == NULL) {
        return;
    }
    free(h->preorder);
    free(h->tin);
    free(h->tout);
    free(h->top);
    free(h->teams);
    free(h->team_pos);
    free(h->member_first);
    free(h->members);
    free(h);
}

const lsn_org *lsn_hierarchy_org(const lsn_hierarchy *h)
{
    assert(h != NULL);
    return h->org;
}

bool lsn_hierarchy_within(const lsn_hierarchy *h, int32_t inner, int32_t outer)
{
    assert(h != NULL && (size_t)inner < h->nunits && (size_t)outer < h->nunits);
    return h->tin[outer] <= h->tin[inner] && h->tin[inner] < h->tout[outer];
}

const int32_t *lsn_hierarchy_units_under(const lsn_hierarchy *h, int32_t u, size_t *count)
{
    assert(h != NULL && count != NULL && (size_t)u < h->nunits);
    *count = (size_t)(h->tout[u] - h->tin[u]);
    return h->preorder + h->tin[u];
}

const int32_t *lsn_hierarchy_teams_under(const lsn_hierarchy *h, int32_t u, size_t *count)
{
    assert(h != NULL && count != NULL && (size_t)u < h->nunits);
    size_t first = h->team_pos[h->tin[u]];
    *count = h->team_pos[h->tout[u]] - first;
    return h->teams + first;
}

const int32_t *lsn_hierarchy_members(const lsn_hierarchy *h, int32_t team, size_t *count)
{
    assert(h != NULL && count != NULL && (size_t)team < h->nunits);
    *count = h->member_first[team + 1] - h->member_first[team];
    return h->members + h->member_first[team];
}

int32_t lsn_hierarchy_parent(const lsn_hierarchy *h, int32_t u)
{
    assert(h != NULL && (size_t)u < h->nunits);
    return h->units[u].parent;
}

int32_t lsn_hierarchy_top(const lsn_hierarchy *h, int32_t u)
{
    assert(h != NULL && (size_t)u < h->nunits);
    return h->top[u];
}

int32_t lsn_hierarchy_depth(const lsn_hierarchy *h, int32_t u)
{
    assert(h != NULL && (size_t)u < h->nunits);
    return h->units[u].depth;
}
