/*
 * analysis/needs.c — the ends of a declared need (see needs.h for the
 * definition the passes and the proposal share), the team-graph hours and
 * liaison links between them, and person hours with an end. It judges
 * nothing: missing_link, fragile_link and the proposal's rules stay with
 * their passes.
 */
#include "analysis/needs.h"

#include "io/error.h"

#include <assert.h>
#include <stdlib.h>

struct lsn_needs {
    const lsn_analysis *a;
    const lsn_hierarchy *h;
    const lsn_unit *units;
    const lsn_person *people;
    size_t npeople;
    /* Person-graph edges between roster people of different teams (CSR). */
    size_t *peer_first; /* npeople + 1 */
    lsn_needs_peer *peers;
};

/* Whether person-graph edge e joins two roster people of different teams. */
static bool cross_team(const lsn_needs *n, const lsn_edge *e)
{
    return (size_t)e->u < n->npeople && (size_t)e->v < n->npeople &&
           n->people[e->u].team != n->people[e->v].team;
}

/* Cross-team edges between roster people, from both ends. O(P + E). */
static int index_peers(lsn_needs *n)
{
    size_t ne = 0, total = 0, np = n->npeople;
    const lsn_edge *edges = lsn_analysis_person_edges(n->a, &ne);
    n->peer_first = calloc(np + 1, sizeof(*n->peer_first));
    if (n->peer_first == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < ne; i++) {
        if (cross_team(n, &edges[i])) {
            n->peer_first[edges[i].u + 1]++;
            n->peer_first[edges[i].v + 1]++;
            total += 2;
        }
    }
    n->peers = malloc((total ? total : 1) * sizeof(*n->peers));
    if (n->peers == NULL) {
        return lsn_oom();
    }
    for (size_t p = 0; p < np; p++) {
        n->peer_first[p + 1] += n->peer_first[p];
    }
    for (size_t i = 0; i < ne; i++) {
        const lsn_edge *e = &edges[i];
        if (cross_team(n, e)) {
            n->peers[n->peer_first[e->u]++] = (lsn_needs_peer){e->v, e->weight};
            n->peers[n->peer_first[e->v]++] = (lsn_needs_peer){e->u, e->weight};
        }
    }
    for (size_t p = np; p > 0; p--) {
        n->peer_first[p] = n->peer_first[p - 1];
    }
    n->peer_first[0] = 0;
    return LSN_OK;
}

int lsn_needs_build(lsn_needs **out, const lsn_analysis *a, const lsn_hierarchy *h)
{
    assert(out != NULL && a != NULL && h != NULL);
    *out = NULL;
    lsn_needs *n = calloc(1, sizeof(*n));
    if (n == NULL) {
        return lsn_oom();
    }
    const lsn_org *org = lsn_hierarchy_org(h);
    assert(org == lsn_calendar_org(lsn_analysis_calendar(a)));
    size_t nunits = 0;
    n->a = a;
    n->h = h;
    n->units = lsn_org_units(org, &nunits);
    n->people = lsn_org_people(org, &n->npeople);
    int rc = index_peers(n);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    *out = n;
    n = NULL;

cleanup:
    lsn_needs_free(n);
    return rc;
}

void lsn_needs_free(lsn_needs *n)
{
    if (n == NULL) {
        return;
    }
    free(n->peer_first);
    free(n->peers);
    free(n);
}

const lsn_hierarchy *lsn_needs_hierarchy(const lsn_needs *n)
{
    assert(n != NULL);
    return n->h;
}

static int64_t end_people(const lsn_needs *n, lsn_need_end e)
{
    int64_t people = 0;
    LSN_NEEDS_FOREACH_TEAM(n, e, pos, team)
    {
        people += n->units[team].headcount;
    }
    return people;
}

void lsn_needs_ends(lsn_need_ends *out, const lsn_needs *n, const lsn_need *need)
{
    assert(out != NULL && n != NULL && need != NULL);
    /* The inner end is taken out of the outer one; a unit that needs
     * context from itself (both within the other) keeps T whole. */
    if (lsn_hierarchy_within(n->h, need->team, need->from)) {
        out->t = (lsn_need_end){need->team, -1};
        out->f = (lsn_need_end){need->from, need->team};
    } else {
        bool inner = lsn_hierarchy_within(n->h, need->from, need->team);
        out->t = (lsn_need_end){need->team, inner ? need->from : -1};
        out->f = (lsn_need_end){need->from, -1};
    }
    out->tpeople = end_people(n, out->t);
    out->fpeople = end_people(n, out->f);
}

bool lsn_needs_considered(const lsn_need_ends *ends)
{
    assert(ends != NULL);
    return ends->tpeople > 0 && ends->fpeople > 0;
}

bool lsn_needs_in_end(const lsn_needs *n, lsn_need_end e, int32_t u)
{
    return lsn_hierarchy_within(n->h, u, e.unit) &&
           !(e.excl >= 0 && lsn_hierarchy_within(n->h, u, e.excl));
}

int32_t lsn_needs_next_team(const lsn_needs *n, lsn_need_end e, int32_t *pos)
{
    size_t count = 0;
    const int32_t *teams = lsn_hierarchy_teams_under(n->h, e.unit, &count);
    if (e.excl >= 0) {
        /* The excluded unit's teams are one run inside the end's: jump over it. */
        size_t nexcl = 0;
        const int32_t *excl = lsn_hierarchy_teams_under(n->h, e.excl, &nexcl);
        if (*pos == excl - teams) {
            *pos += (int32_t)nexcl;
        }
    }
    return (size_t)*pos < count ? teams[(*pos)++] : -1;
}

double lsn_needs_hours(const lsn_needs *n, const lsn_need_ends *ends)
{
    double hours = 0.0;
    LSN_NEEDS_FOREACH_TEAM(n, ends->t, pos, team)
    {
        size_t deg = 0;
        const lsn_edge *adj = lsn_analysis_team_links(n->a, team, &deg);
        for (size_t k = 0; k < deg; k++) {
            if (lsn_needs_in_end(n, ends->f, adj[k].v)) {
                hours += adj[k].weight;
            }
        }
    }
    return hours;
}

/* Liaison links held by the people of end `from` into a team of end `to`. */
static int32_t links_into(const lsn_needs *n, lsn_need_end from, lsn_need_end to)
{
    int32_t found = 0;
    LSN_NEEDS_FOREACH_TEAM(n, from, pos, team)
    {
        size_t nm = 0;
        const int32_t *members = lsn_hierarchy_members(n->h, team, &nm);
        for (size_t m = 0; m < nm; m++) {
            size_t nl = 0;
            const lsn_liaison *l = lsn_analysis_person_liaisons(n->a, members[m], &nl);
            for (size_t k = 0; k < nl; k++) {
                found += lsn_needs_in_end(n, to, l[k].to);
            }
        }
    }
    return found;
}

int32_t lsn_needs_links(const lsn_needs *n, const lsn_need_ends *ends)
{
    return links_into(n, ends->t, ends->f) + links_into(n, ends->f, ends->t);
}

const lsn_needs_peer *lsn_needs_peers(const lsn_needs *n, int32_t p, size_t *count)
{
    assert(n != NULL && count != NULL && (size_t)p < n->npeople);
    *count = n->peer_first[p + 1] - n->peer_first[p];
    return n->peers + n->peer_first[p];
}

double lsn_needs_person_hours(const lsn_needs *n, int32_t p, lsn_need_end e)
{
    size_t count = 0;
    const lsn_needs_peer *peers = lsn_needs_peers(n, p, &count);
    double h = 0.0;
    for (size_t k = 0; k < count; k++) {
        if (lsn_needs_in_end(n, e, n->people[peers[k].person].team)) {
            h += peers[k].weight;
        }
    }
    return h;
}
