/*
 * analysis/linkstats.c — the per-pair figures of the tidy tables
 * (analysis/linkstats.h), counted from the calendar's instances, the person
 * graph and the liaison links.
 */
#include "analysis/linkstats.h"

#include "io/idmap.h"
#include "io/error.h"
#include "io/sort.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

double lsn_team_cross_share(const lsn_team_info *t)
{
    double all = t->external_hours_per_week + t->internal_hours_per_week;
    return all > 0 ? t->external_hours_per_week / all : NAN;
}

/* Whether instance j has the same present list as instance i. */
static bool same_present(const lsn_instance *in, const int32_t *present, size_t i, size_t j)
{
    return in[i].series == in[j].series && in[i].count == in[j].count &&
           memcmp(present + in[i].first, present + in[j].first,
                  in[i].count * sizeof(*present)) == 0;
}

/* The index of team edge (u, v), u < v, in edges (sorted by (u, v)); -1 when absent. */
static ptrdiff_t find_edge(const lsn_edge *edges, size_t n, int32_t u, int32_t v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (edges[mid].u < u || (edges[mid].u == u && edges[mid].v < v)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < n && edges[lo].u == u && edges[lo].v == v ? (ptrdiff_t)lo : -1;
}

static int count_team_instances(lsn_team_link_stats *st, const lsn_analysis *a)
{
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    size_t ni, ne, most = 1;
    const lsn_instance *in = lsn_calendar_instances(cal, &ni);
    const lsn_instance_info *info = lsn_analysis_instances(a, &ni);
    const int32_t *present = lsn_calendar_present(cal);
    const lsn_edge *edges = lsn_analysis_team_edges(a, &ne);
    for (size_t i = 0; i < ni; i++) {
        most = in[i].count > most ? in[i].count : most;
    }
    /* The teams of one instance's present people, one per person at most. */
    int32_t *teams = malloc(most * sizeof(*teams));
    if (teams == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < ni;) {
        size_t j = i + 1;
        while (j < ni && same_present(in, present, i, j)) {
            j++;
        }
        if (!info[i].broadcast) {
            size_t nt = 0;
            for (uint32_t k = 0; k < in[i].count; k++) {
                int32_t t = lsn_analysis_participant_team(a, present[in[i].first + k]);
                if (t >= 0) {
                    teams[nt++] = t;
                }
            }
            lsn_sort_i32(teams, nt);
            size_t nd = 0;
            for (size_t k = 0; k < nt; k++) {
                if (nd == 0 || teams[nd - 1] != teams[k]) {
                    teams[nd++] = teams[k];
                }
            }
            for (size_t x = 0; x < nd; x++) {
                for (size_t y = x + 1; y < nd; y++) {
                    ptrdiff_t e = find_edge(edges, ne, teams[x], teams[y]);
                    if (e >= 0) {
                        st[e].instances += (int64_t)(j - i);
                    }
                }
            }
        }
        i = j;
    }
    free(teams);
    return LSN_OK;
}

/* Members of each side with a person edge across: distinct (link, person) keys. */
static int count_team_people(lsn_team_link_stats *st, size_t ne, const lsn_analysis *a)
{
    size_t np;
    const lsn_edge *pe = lsn_analysis_person_edges(a, &np);
    lsn_pairmap *seen = NULL;
    int rc = lsn_pairmap_new(&seen, ne * 4);
    if (rc != LSN_OK) {
        return rc;
    }
    const lsn_edge *edges = lsn_analysis_team_edges(a, &ne);
    for (size_t i = 0; i < np && rc == LSN_OK; i++) {
        int32_t tu = lsn_analysis_participant_team(a, pe[i].u);
        int32_t tv = lsn_analysis_participant_team(a, pe[i].v);
        if (tu < 0 || tv < 0 || tu == tv) {
            continue;
        }
        bool swap = tu > tv;
        ptrdiff_t e = swap ? find_edge(edges, ne, tv, tu) : find_edge(edges, ne, tu, tv);
        if (e < 0) {
            continue;
        }
        /* The member of the edge's u side and the member of its v side. */
        int32_t pu = swap ? pe[i].v : pe[i].u, pv = swap ? pe[i].u : pe[i].v;
        int32_t id;
        int added = 0;
        /* Key: link index and person (a person is always on the same side). */
        if ((rc = lsn_pairmap_intern(&id, &added, seen, lsn_pair_key((int32_t)e, pu))) ==
                LSN_OK &&
            added) {
            st[e].people_u++;
        }
        if (rc == LSN_OK &&
            (rc = lsn_pairmap_intern(&id, &added, seen, lsn_pair_key((int32_t)e, pv))) ==
                LSN_OK &&
            added) {
            st[e].people_v++;
        }
    }
    lsn_pairmap_free(seen);
    return rc;
}

int lsn_team_link_stats_compute(lsn_team_link_stats **out, size_t *count, const lsn_analysis *a)
{
    size_t ne, nl;
    const lsn_edge *edges = lsn_analysis_team_edges(a, &ne);
    *out = NULL;
    *count = 0;
    if (ne == 0) {
        return LSN_OK;
    }
    lsn_team_link_stats *st = calloc(ne, sizeof(*st));
    if (st == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < ne; i++) {
        st[i].u = edges[i].u;
        st[i].v = edges[i].v;
        st[i].hours_per_week = edges[i].weight;
    }
    const lsn_liaison *links = lsn_analysis_liaisons(a, &nl);
    for (size_t i = 0; i < nl; i++) {
        int32_t h = links[i].home, t = links[i].to;
        ptrdiff_t e = h < t ? find_edge(edges, ne, h, t) : find_edge(edges, ne, t, h);
        if (e >= 0) {
            *(h < t ? &st[e].liaisons_uv : &st[e].liaisons_vu) += 1;
        }
    }
    int rc = count_team_instances(st, a);
    if (rc == LSN_OK) {
        rc = count_team_people(st, ne, a);
    }
    if (rc != LSN_OK) {
        free(st);
        return rc;
    }
    *out = st;
    *count = ne;
    return LSN_OK;
}

int lsn_person_link_instances(int64_t **out, const lsn_analysis *a)
{
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    size_t ni, ne;
    const lsn_instance *in = lsn_calendar_instances(cal, &ni);
    const lsn_instance_info *info = lsn_analysis_instances(a, &ni);
    const int32_t *present = lsn_calendar_present(cal);
    const lsn_edge *edges = lsn_analysis_person_edges(a, &ne);
    *out = NULL;
    if (ne == 0) {
        return LSN_OK;
    }
    int64_t *n = calloc(ne, sizeof(*n));
    lsn_pairmap *map = NULL;
    int rc = n == NULL ? lsn_oom() : lsn_pairmap_new(&map, ne);
    for (size_t i = 0; i < ne && rc == LSN_OK; i++) {
        int32_t id;
        rc = lsn_pairmap_intern(&id, NULL, map, lsn_pair_key(edges[i].u, edges[i].v));
    }
    for (size_t i = 0; i < ni && rc == LSN_OK;) {
        size_t j = i + 1;
        while (j < ni && same_present(in, present, i, j)) {
            j++;
        }
        if (!info[i].broadcast) {
            const int32_t *p = present + in[i].first;
            for (uint32_t x = 0; x < in[i].count; x++) {
                for (uint32_t y = x + 1; y < in[i].count; y++) {
                    int32_t u = p[x] < p[y] ? p[x] : p[y], v = p[x] < p[y] ? p[y] : p[x];
                    int32_t id = lsn_pairmap_find(map, lsn_pair_key(u, v));
                    if (id >= 0) {
                        n[id] += (int64_t)(j - i);
                    }
                }
            }
        }
        i = j;
    }
    lsn_pairmap_free(map);
    if (rc != LSN_OK) {
        free(n);
        return rc;
    }
    *out = n;
    return LSN_OK;
}
