/*
 * analysis/structure_findings.c — the community_mismatch and
 * liaisons_everywhere findings of SPEC §3 and the structural signals the
 * latter carries (teams that work as one, hub teams, the signals of
 * analysis/structure.c for the unit's people). It finds no communities.
 */
#include "analysis/structure.h"

#include "analysis/hierarchy.h"
#include "analysis/order.h"
#include "analysis/structure_internal.h"
#include "io/idmap.h"
#include "io/plural.h"
#include "io/sort.h"
#include "io/text.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const lsn_pass_options default_options = LSN_PASS_OPTIONS_INIT;

static int check_options(const lsn_pass_options *o)
{
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

/* ------------------------------------------------------------------ */
/* Text                                                                 */
/* ------------------------------------------------------------------ */

/* "a", "a and b", "a, b and c". */
static void text_names(lsn_text *t, const lsn_unit *units, const int32_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
        lsn_text_printf(t, "%s%s", sep, units[list[i]].id);
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
        rc = lsn_oom();
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
        rc = lsn_oom();
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

        lsn_text t = {0};
        text_names(&t, units, teams, nteams);
        if (nteams == 2) {
            lsn_text_printf(&t,
                            " work as one team: %.2f hours per week per member pair between them, "
                            "against %.2f and %.2f inside them.",
                            pairs[0].between, within_density(info, teams[0]),
                            within_density(info, teams[1]));
        } else {
            lsn_text_printf(&t,
                            " work as one team: their people spend nearly as much time with each "
                            "other across the team lines as inside their own teams.");
        }
        if (rc != LSN_OK || t.failed) {
            lsn_value_free(metrics);
            lsn_text_free(&t);
            return rc != LSN_OK ? rc : lsn_oom();
        }
        lsn_finding x = {.kind = LSN_FINDING_COMMUNITY_MISMATCH,
                         .severity = LSN_SEV_MEDIUM,
                         .about = {.teams = teams, .nteams = nteams},
                         .metrics = metrics,
                         .explanation = t.p};
        rc = lsn_findings_add(out, lsn_analysis_calendar(a), &x);
        lsn_text_free(&t);
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
        return lsn_oom();
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

/* Count team t once for the pair (x, t): count[pos[t]] grows the first time
 * the pair is seen. */
static int count_pair(int32_t *count, lsn_pairmap *seen, const int32_t *pos, int32_t x, int32_t t)
{
    int32_t id = 0;
    int added = 0;
    int rc = lsn_pairmap_intern(&id, &added, seen, lsn_pair_key(x, t));
    if (rc == LSN_OK && added) {
        count[pos[t]]++;
    }
    return rc;
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
    int rc = count == NULL ? lsn_oom() : lsn_pairmap_new(&seen, 0);

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
            if (pos[t] >= 0 && t != x) {
                rc = count_pair(count, seen, pos, x, t);
            }
        }
    }
    for (size_t l = 0; l < nlinks && rc == LSN_OK; l++) {
        int32_t x = links[l].home;
        int32_t t = links[l].to;
        if (pos[x] >= 0 && pos[t] >= 0 && x != t) {
            rc = count_pair(count, seen, pos, x, t);
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

/* The people with an edge by team (unit index), ascending: CSR over units. */
static int
team_members(int32_t **first_out, int32_t **members_out, const lsn_structure *s, const lsn_org *org)
{
    size_t nunits = 0, npeople = 0;
    lsn_org_units(org, &nunits);
    const lsn_person *roster = lsn_org_people(org, &npeople);
    int32_t *first = calloc(nunits + 1, sizeof(*first));
    int32_t *members = malloc((npeople ? npeople : 1) * sizeof(*members));
    if (first == NULL || members == NULL) {
        free(first);
        free(members);
        return lsn_oom();
    }
    for (size_t p = 0; p < npeople; p++) {
        if (roster[p].team >= 0 && has_edge(s, (int32_t)p)) {
            first[roster[p].team + 1]++;
        }
    }
    for (size_t u = 0; u < nunits; u++) {
        first[u + 1] += first[u];
    }
    for (size_t p = 0; p < npeople; p++) { /* ascending: each team's run ascends */
        if (roster[p].team >= 0 && has_edge(s, (int32_t)p)) {
            members[first[roster[p].team]++] = (int32_t)p;
        }
    }
    for (size_t u = nunits; u > 0; u--) { /* first[u] now ends team u: shift back */
        first[u] = first[u - 1];
    }
    first[0] = 0;
    *first_out = first;
    *members_out = members;
    return LSN_OK;
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
                              const int32_t *member_first,
                              const int32_t *members,
                              int32_t *pos /* scratch: all -1, left so */)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t nunits = 0, npeople = 0, nlinks = 0;
    const lsn_unit *units = lsn_org_units(org, &nunits);
    lsn_org_people(org, &npeople);
    const lsn_liaison *links = lsn_analysis_liaisons(a, &nlinks);
    size_t nteams = 0;
    const int32_t *under = lsn_hierarchy_teams_under(h, u, &nteams);
    int rc = LSN_OK;
    int32_t *list = malloc(nteams * 2 * sizeof(*list));
    int32_t *hubs = malloc(nteams * sizeof(*hubs));
    int32_t *people = malloc((npeople ? npeople : 1) * sizeof(*people));
    lsn_value *metrics = NULL;
    lsn_text t = {0};
    struct signals sig;
    size_t nhubs = 0;
    bool pos_set = false;

    if (list == NULL || hubs == NULL || people == NULL) {
        rc = lsn_oom();
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

    /* Its teams' members with an edge, by person index. */
    size_t n = 0;
    for (size_t i = 0; i < nteams; i++) {
        for (int32_t k = member_first[list[i]]; k < member_first[list[i] + 1]; k++) {
            people[n++] = members[k];
        }
    }
    lsn_sort_i32(people, n);
    rc = structure_signals(&sig, s, org, people, n);
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
    lsn_text_printf(&t,
                    "%s has %d liaison %s for %zu %s (%.1f per team): liaisons everywhere is a "
                    "sign of a structural problem; ",
                    units[u].id, (int)nlinks_below, lsn_plural(nlinks_below, "link", "links"),
                    nteams, lsn_plural((int64_t)nteams, "team", "teams"), density);
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
        lsn_text_printf(&t, "%s", ngroups_in > 0 ? ", " : "");
        text_names(&t, units, teams, k);
        lsn_text_printf(&t, " work as one team");
        ngroups_in++;
    }
    rc = keep(
        rc, lsn_value_set(metrics, lsn_finding_type_name(LSN_FINDING_COMMUNITY_MISMATCH), groups));
    rc = keep(rc, lsn_value_set(metrics, "hub_teams", unit_list(units, hubs, nhubs)));
    if (nhubs > 0) {
        lsn_text_printf(&t, "%s", ngroups_in > 0 ? ", and " : "");
        text_names(&t, units, hubs, nhubs);
        lsn_text_printf(&t, "%s",
                        nhubs == 1 ? " is a hub that most teams need"
                                   : " are hubs that most teams need");
    }
    if (ngroups_in == 0 && nhubs == 0) {
        lsn_text_printf(&t, "no two teams work as one and no team is a hub");
        if (isfinite(sig.nmi)) {
            lsn_text_printf(
                &t,
                ", and the %d meeting %s the formal teams with NMI %.2f "
                "(1 is a perfect match)",
                (int)sig.communities,
                lsn_plural((int64_t)sig.communities, "community matches", "communities match"),
                sig.nmi);
        }
    }
    lsn_text_printf(&t, ".");
    rc = keep(rc, lsn_value_set(metrics, "modularity", num_or_null(sig.modularity)));
    rc = keep(rc, lsn_value_set(metrics, "nmi", num_or_null(sig.nmi)));
    rc = keep(rc, lsn_value_set(metrics, "adjusted_rand", num_or_null(sig.ari)));
    rc = keep(rc, lsn_value_set(metrics, "communities", lsn_value_int(sig.communities)));
    if (rc == LSN_OK && t.failed) {
        rc = lsn_oom();
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }
    lsn_finding x = {.kind = LSN_FINDING_LIAISONS_EVERYWHERE,
                     .severity = LSN_SEV_HIGH,
                     .about = about,
                     .metrics = metrics,
                     .explanation = t.p};
    rc = lsn_findings_add(out, lsn_analysis_calendar(a), &x);
    metrics = NULL;

cleanup:
    if (pos_set) {
        for (size_t i = 0; i < nteams; i++) {
            pos[list[i]] = -1;
        }
    }
    lsn_value_free(metrics);
    lsn_text_free(&t);
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
    int32_t *member_first = NULL, *members = NULL;
    struct mismatch mm = {0, NULL, NULL, NULL, NULL};
    lsn_hierarchy *h = NULL;

    int rc = check_options(o);
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
        rc = lsn_oom();
        goto cleanup;
    }
    rc = lsn_hierarchy_build(&h, org);
    if (rc == LSN_OK) {
        rc = count_links_below(links_below, units, nunits, links, nlinks);
    }
    if (rc == LSN_OK) {
        rc = team_members(&member_first, &members, s, org);
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
            rc = everywhere_finding(out, u, links_below[u], s, a, h, &mm, rank, member_first,
                                    members, pos);
        }
    }

cleanup:
    mismatch_free(&mm);
    lsn_hierarchy_free(h);
    free(rank);
    free(byrank);
    free(links_below);
    free(pos);
    free(member_first);
    free(members);
    return rc;
}
