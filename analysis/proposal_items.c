/*
 * analysis/proposal_items.c — the choices of the proposal (proposal.h): each
 * team's main recurring meeting and who attends it, one item per decision
 * (a liaison or embedded need, a rotation, a liaison group) with its
 * candidates, the consolidation groups, and the objective an assignment is
 * scored by. It picks nobody: proposal_solve.c does.
 */
#include "analysis/proposal_internal.h"
#include "io/sort.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Indexes                                                              */
/* ------------------------------------------------------------------ */

static int att_cmp(const void *x, const void *y)
{
    const struct att *a = x;
    const struct att *b = y;
    return (a->person > b->person) - (a->person < b->person);
}

/* The main recurring meeting of every team and how often each roster person
 * is present at it. O(S + sum of n over the main series' instances). */
int prop_index_main_meetings(struct ctx *c)
{
    int rc = LSN_OK;
    int32_t *count = zalloc_array(c->v.npeople, sizeof(*count));
    int32_t *touched = alloc_array(c->v.npeople, sizeof(*touched));
    c->main_series = alloc_array(c->v.nunits, sizeof(*c->main_series));
    c->att_first = zalloc_array(c->v.nunits + 1, sizeof(*c->att_first));
    size_t natt = 0, cap_att = 0;
    if (count == NULL || touched == NULL || c->main_series == NULL || c->att_first == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t u = 0; u < c->v.nunits; u++) {
        c->main_series[u] = -1;
    }
    for (size_t k = 0; k < c->nseries; k++) {
        const lsn_series_info *s = &c->sinfo[k];
        if (s->broadcast || s->instances < 2 || s->owner < 0) {
            continue;
        }
        int32_t m = c->main_series[s->owner];
        /* Series are in UID order, so on a full tie the earlier one stays. */
        if (m < 0 || s->instances > c->sinfo[m].instances ||
            (s->instances == c->sinfo[m].instances && s->size > c->sinfo[m].size)) {
            c->main_series[s->owner] = (int32_t)k;
        }
    }
    size_t ni = 0;
    const lsn_calendar *cal = lsn_analysis_calendar(c->a);
    const lsn_instance *inst = lsn_calendar_instances(cal, &ni);
    const int32_t *present = lsn_calendar_present(cal);
    for (size_t u = 0; u < c->v.nunits; u++) {
        c->att_first[u] = natt;
        int32_t m = c->main_series[u];
        if (m < 0) {
            continue;
        }
        size_t ntouched = 0;
        const lsn_series_info *s = &c->sinfo[m];
        for (uint32_t i = s->first; i < s->first + s->instances; i++) {
            for (uint32_t k = inst[i].first; k < inst[i].first + inst[i].count; k++) {
                int32_t p = present[k];
                if ((size_t)p >= c->v.npeople) {
                    continue;
                }
                if (count[p]++ == 0) {
                    touched[ntouched++] = p;
                }
            }
        }
        if (ntouched == 0) {
            continue;
        }
        rc = LSN_GROW(c->att, cap_att, natt + ntouched);
        if (rc != LSN_OK) {
            goto cleanup;
        }
        for (size_t k = 0; k < ntouched; k++) {
            c->att[natt + k] = (struct att){touched[k], count[touched[k]]};
            count[touched[k]] = 0;
        }
        qsort(c->att + natt, ntouched, sizeof(*c->att), att_cmp);
        natt += ntouched;
    }
    c->att_first[c->v.nunits] = natt;

cleanup:
    free(count);
    free(touched);
    return rc;
}

/* Whether p is present at more than half of the instances of t's main meeting. */
static bool attends_main(const struct ctx *c, int32_t p, int32_t t)
{
    int32_t m = c->main_series[t];
    if (m < 0 || c->att_first[t + 1] == c->att_first[t]) {
        return false;
    }
    struct att key = {p, 0};
    const struct att *hit = bsearch(&key, c->att + c->att_first[t],
                                    c->att_first[t + 1] - c->att_first[t], sizeof(key), att_cmp);
    return hit != NULL && 2 * (int64_t)hit->count > (int64_t)c->sinfo[m].instances;
}

/* The series p would push over the rule of eight by joining t, or -1. */
static int32_t restructure_for(const struct ctx *c, int32_t p, int32_t t)
{
    int32_t m = c->main_series[t];
    if (m < 0 || prop_team_has_room(c, t) || attends_main(c, p, t)) {
        return -1;
    }
    return m;
}

/* Whether a newcomer fits into one of t's meetings within the rule of eight. */
static bool has_room(const struct ctx *c, int32_t t)
{
    return prop_team_has_room(c, t);
}

/* ------------------------------------------------------------------ */
/* ------------------------------------------------------------------ */
/* Candidates                                                           */
/* ------------------------------------------------------------------ */

static int cand_by_hours(const void *x, const void *y)
{
    const struct cand *a = x;
    const struct cand *b = y;
    if (a->hours != b->hours) {
        return a->hours > b->hours ? -1 : 1;
    }
    return (a->rank > b->rank) - (a->rank < b->rank);
}

static int cand_by_rank(const void *x, const void *y)
{
    const struct cand *a = x;
    const struct cand *b = y;
    return (a->rank > b->rank) - (a->rank < b->rank);
}

/* Keep the best LSN_PROPOSAL_MAX_CANDIDATES of tmp[0..n), in email order,
 * add the tie-break term, and append them as the candidates of item it. */
static int push_candidates(struct ctx *c, struct item *it, struct cand *tmp, size_t n)
{
    it->first = c->ncands;
    it->count = 0;
    if (n == 0) {
        return LSN_OK;
    }
    qsort(tmp, n, sizeof(*tmp), cand_by_hours);
    if (n > LSN_PROPOSAL_MAX_CANDIDATES) {
        n = LSN_PROPOSAL_MAX_CANDIDATES;
    }
    qsort(tmp, n, sizeof(*tmp), cand_by_rank);
    int rc = LSN_GROW(c->cands, c->cap_cands, c->ncands + n);
    if (rc != LSN_OK) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        tmp[i].value += LSN_PROPOSAL_TIE * (double)(n - i) / (double)n;
        c->cands[c->ncands + i] = tmp[i];
    }
    it->first = c->ncands;
    it->count = n;
    c->ncands += n;
    return LSN_OK;
}

/* The team of end f that p would join (see proposal.h), whether p already
 * has a link into it, and p's hours with all of f. O(degree + links). */
static double
choose_target(struct ctx *c, int32_t p, lsn_need_end f, int32_t *target, int32_t *link)
{
    double total = 0.0;
    size_t nt = 0, deg = 0;
    const lsn_needs_peer *peers = lsn_needs_peers(c->nx, p, &deg);
    for (size_t k = 0; k < deg; k++) {
        int32_t u = c->v.people[peers[k].person].team;
        if (!lsn_needs_in_end(c->nx, f, u)) {
            continue;
        }
        if (!c->useen[u]) {
            c->useen[u] = 1;
            c->uacc[u] = 0.0;
            c->utouched[nt++] = u;
        }
        c->uacc[u] += peers[k].weight;
        total += peers[k].weight;
    }
    *target = -1;
    *link = -1;
    const lsn_liaison *l = NULL;
    double best_hours = 0.0;
    int32_t nl = person_links(c, p, &l);
    for (int32_t k = 0; k < nl; k++) {
        if (!lsn_needs_in_end(c->nx, f, l[k].to)) {
            continue;
        }
        if (*target < 0 || l[k].hours_per_week > best_hours ||
            (l[k].hours_per_week == best_hours &&
             c->v.unit_rank[l[k].to] < c->v.unit_rank[*target])) {
            *target = l[k].to;
            best_hours = l[k].hours_per_week;
            *link = (int32_t)(&l[k] - c->v.links);
        }
    }
    if (*target < 0) {
        bool best_room = false;
        for (size_t i = 0; i < nt; i++) {
            int32_t u = c->utouched[i];
            bool room = restructure_for(c, p, u) < 0;
            if (*target < 0 || c->uacc[u] > best_hours ||
                (c->uacc[u] == best_hours &&
                 (room > best_room ||
                  (room == best_room && c->v.unit_rank[u] < c->v.unit_rank[*target])))) {
                *target = u;
                best_hours = c->uacc[u];
                best_room = room;
            }
        }
    }
    for (size_t i = 0; i < nt; i++) {
        c->useen[c->utouched[i]] = 0;
    }
    return total;
}

/* For someone who meets nobody in f: the first team of f (id order) whose
 * main meeting has room, else the first team. */
static int32_t default_target(const struct ctx *c, lsn_need_end f)
{
    int32_t best = -1;
    bool best_room = false;
    LSN_NEEDS_FOREACH_TEAM(c->nx, f, pos, u)
    {
        bool room = has_room(c, u);
        if (best < 0 || room > best_room ||
            (room == best_room && c->v.unit_rank[u] < c->v.unit_rank[best])) {
            best = u;
            best_room = room;
        }
    }
    return best;
}

static int new_item(struct ctx *c, enum item_kind kind, int32_t owner, struct item **out)
{
    int rc = LSN_GROW(c->items, c->cap_items, c->nitems + 1);
    if (rc != LSN_OK) {
        return rc;
    }
    *out = &c->items[c->nitems++];
    memset(*out, 0, sizeof(**out));
    (*out)->kind = kind;
    (*out)->owner = owner;
    return LSN_OK;
}

/* Scratch for the candidates of one item. */
struct scratch {
    struct cand *tmp;
    size_t cap;
};

static int scratch_add(struct scratch *s, size_t *n, struct cand cd)
{
    int rc = LSN_GROW(s->tmp, s->cap, *n + 1);
    if (rc == LSN_OK) {
        s->tmp[(*n)++] = cd;
    }
    return rc;
}

/* Person p of T as a liaison candidate of need pl (false: no seat left, counted
 * in it->eligible_missing); *fallback caches default_target(), -2 until asked. */
static bool liaison_cand(struct cand *out,
                         struct ctx *c,
                         struct item *it,
                         const struct plan *pl,
                         int32_t p,
                         int32_t *fallback)
{
    int32_t t = -1, link = -1;
    double hours = choose_target(c, p, pl->ends.f, &t, &link);
    bool reuse = link >= 0;
    if (!reuse && seats_left(c, p) < 1) {
        it->eligible_missing++;
        return false;
    }
    if (t < 0) {
        if (*fallback == -2) {
            *fallback = default_target(c, pl->ends.f);
        }
        t = *fallback;
    }
    int32_t r = restructure_for(c, p, t);
    *out = (struct cand){.person = p,
                         .rank = c->v.person_rank[p],
                         .target = t,
                         .restructure = r,
                         .group = -1,
                         .link = link,
                         .seat = !reuse,
                         .reuse = reuse,
                         .hours = hours,
                         .value = hours - (r >= 0 ? LSN_PROPOSAL_RESTRUCTURE : 0.0)};
    return true;
}

/* Person p of F as a rotation candidate of need pl. */
static struct cand rotation_cand(const struct ctx *c, const struct plan *pl, int32_t p)
{
    double hours = lsn_needs_person_hours(c->nx, p, pl->ends.t);
    return (struct cand){.person = p,
                         .rank = c->v.person_rank[p],
                         .target = -1,
                         .restructure = -1,
                         .group = -1,
                         .link = -1,
                         .hours = hours,
                         .value = hours - c->o.liaison_min_hours};
}

/* The item of need n, ITEM_LIAISON or ITEM_ROTATION: a candidate per member of
 * the teams that would staff it (T for a liaison, F for a rotation). */
static int need_item(struct ctx *c, struct scratch *s, int32_t n, enum item_kind kind)
{
    struct plan *pl = &c->plans[n];
    struct item *it = NULL;
    int rc = new_item(c, kind, n, &it);
    if (rc != LSN_OK) {
        return rc;
    }
    pl->item = (int32_t)(c->nitems - 1);
    bool liaison = kind == ITEM_LIAISON;
    lsn_need_end staff = liaison ? pl->ends.t : pl->ends.f;
    int32_t fallback = -2;
    size_t k = 0;
    LSN_NEEDS_FOREACH_TEAM(c->nx, staff, pos, u)
    {
        size_t nm = 0;
        const int32_t *members = lsn_hierarchy_members(c->v.h, u, &nm);
        for (size_t m = 0; m < nm && rc == LSN_OK; m++) {
            struct cand cd;
            if (liaison) {
                if (!liaison_cand(&cd, c, it, pl, members[m], &fallback)) {
                    continue;
                }
            } else {
                cd = rotation_cand(c, pl, members[m]);
            }
            rc = scratch_add(s, &k, cd);
        }
    }
    if (rc == LSN_OK) {
        rc = push_candidates(c, it, s->tmp, k);
    }
    it->pre_unmet = it->count < (liaison ? 1 : LSN_PROPOSAL_ROTA_MIN);
    return rc;
}

/* The group item of needing unit a over needs[0..nn) (its centralized needs). */
static int group_item(
    struct ctx *c, struct scratch *s, int32_t a, const int32_t *needs, size_t nn, int32_t spread)
{
    struct item *it = NULL;
    int rc = new_item(c, ITEM_GROUP, a, &it);
    if (rc != LSN_OK) {
        return rc;
    }
    int32_t index = (int32_t)(c->nitems - 1);
    it->spread = spread;
    for (size_t i = 0; i < nn; i++) {
        c->plans[needs[i]].item = index;
    }
    size_t k = 0, nteams = 0;
    const int32_t *teams = lsn_hierarchy_teams_under(c->v.h, a, &nteams);
    for (size_t j = 0; j < nteams; j++) {
        int32_t u = teams[j];
        bool inside = false;
        for (size_t i = 0; i < nn && !inside; i++) {
            inside = within(c, u, c->needs[needs[i]].from);
        }
        if (inside) {
            continue;
        }
        size_t nm = 0;
        const int32_t *members = lsn_hierarchy_members(c->v.h, u, &nm);
        for (size_t m = 0; m < nm && rc == LSN_OK; m++) {
            int32_t p = members[m];
            if (seats_left(c, p) < 1) {
                it->eligible_missing++;
                continue;
            }
            double hours = 0.0;
            for (size_t i = 0; i < nn; i++) {
                hours += lsn_needs_person_hours(c->nx, p, c->plans[needs[i]].ends.f);
            }
            struct cand cd = {.person = p,
                              .rank = c->v.person_rank[p],
                              .target = -1,
                              .restructure = -1,
                              .group = -1,
                              .link = -1,
                              .seat = true,
                              .hours = hours,
                              .value = hours};
            rc = scratch_add(s, &k, cd);
        }
    }
    if (rc == LSN_OK) {
        rc = push_candidates(c, it, s->tmp, k);
    }
    it->pre_unmet = it->count == 0;
    return rc;
}

static size_t sort_unique(int32_t *v, size_t n)
{
    if (n == 0) {
        return 0;
    }
    lsn_sort_i32(v, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || v[i] != v[k - 1]) {
            v[k++] = v[i];
        }
    }
    return k;
}

/* An index with the key it is grouped by: needs by team, candidates by
 * (person, target parent). Sorted by key, then index. */
struct keyed {
    uint64_t key;
    size_t at;
};

static int keyed_cmp(const void *x, const void *y)
{
    const struct keyed *a = x;
    const struct keyed *b = y;
    if (a->key != b->key) {
        return a->key < b->key ? -1 : 1;
    }
    return (a->at > b->at) - (a->at < b->at);
}

/* The centralized rule of proposal.h, and the group items it makes. */
static int centralize(struct ctx *c, struct scratch *s)
{
    int rc = LSN_OK;
    size_t n = 0, cap_targets = 0;
    struct keyed *order = alloc_array(c->nneeds, sizeof(*order));
    int32_t *froms = alloc_array(c->nneeds, sizeof(*froms));
    int32_t *needs = alloc_array(c->nneeds, sizeof(*needs));
    int32_t *targets = NULL;
    if (order == NULL || froms == NULL || needs == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t k = 0; k < c->nneeds; k++) {
        const struct plan *pl = &c->plans[k];
        if (pl->state == ST_ITEM &&
            (pl->kind == LSN_MODEL_LIAISON || pl->kind == LSN_MODEL_EMBEDDED)) {
            order[n++] = (struct keyed){(uint64_t)c->needs[k].team, k};
        }
    }
    qsort(order, n, sizeof(*order), keyed_cmp);
    for (size_t i = 0, j = 0; i < n; i = j) {
        int32_t a = (int32_t)order[i].key;
        size_t nn = 0;
        for (j = i; j < n && order[j].key == order[i].key; j++) {
            needs[nn] = (int32_t)order[j].at;
            froms[nn++] = c->needs[order[j].at].from;
        }
        size_t nf = sort_unique(froms, nn);
        size_t nt = 0, nteams = 0;
        const int32_t *teams = lsn_hierarchy_teams_under(c->v.h, a, &nteams);
        for (size_t t = 0; t < nteams; t++) {
            size_t nm = 0;
            const int32_t *members = lsn_hierarchy_members(c->v.h, teams[t], &nm);
            for (size_t m = 0; m < nm; m++) {
                const lsn_liaison *l = NULL;
                int32_t nl = person_links(c, members[m], &l);
                for (int32_t k = 0; k < nl; k++) {
                    bool counted = within(c, l[k].to, a);
                    for (size_t f = 0; f < nf && !counted; f++) {
                        counted = within(c, l[k].to, froms[f]);
                    }
                    if (counted) {
                        continue;
                    }
                    rc = LSN_GROW(targets, cap_targets, nt + 1);
                    if (rc != LSN_OK) {
                        goto cleanup;
                    }
                    targets[nt++] = l[k].to;
                }
            }
        }
        nt = sort_unique(targets, nt);
        int64_t spread = (int64_t)nf + (int64_t)nt;
        if (spread < LSN_PROPOSAL_CENTRALIZED_TEAMS) {
            continue;
        }
        for (size_t k = 0; k < nn; k++) {
            c->plans[needs[k]].kind = LSN_MODEL_CENTRALIZED;
        }
        rc = group_item(c, s, a, needs, nn, (int32_t)spread);
        if (rc != LSN_OK) {
            goto cleanup;
        }
    }

cleanup:
    free(order);
    free(froms);
    free(needs);
    free(targets);
    return rc;
}

/* Consolidation groups: liaison/embedded candidates by (person, target parent). */
static int index_groups(struct ctx *c)
{
    size_t n = 0;
    struct keyed *keys = alloc_array(c->ncands, sizeof(*keys));
    if (keys == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < c->nitems; i++) {
        const struct item *it = &c->items[i];
        if (it->kind != ITEM_LIAISON) {
            continue;
        }
        for (size_t k = it->first; k < it->first + it->count; k++) {
            const struct cand *cd = &c->cands[k];
            int32_t parent = parent_of(c, cd->target);
            /* Teams right under the root share no unit below the whole
             * organization: nothing to follow. */
            if (parent == c->v.root) {
                continue;
            }
            keys[n++] =
                (struct keyed){((uint64_t)(uint32_t)cd->person << 32) | (uint32_t)parent, k};
        }
    }
    qsort(keys, n, sizeof(*keys), keyed_cmp);
    /* Only (person, parent) pairs with two or more candidate needs are groups. */
    c->ngroups = 0;
    for (size_t i = 0, j = 0; i < n; i = j) {
        for (j = i; j < n && keys[j].key == keys[i].key; j++) {
        }
        if (j - i < 2) {
            continue;
        }
        for (size_t k = i; k < j; k++) {
            c->cands[keys[k].at].group = c->ngroups;
        }
        c->ngroups++;
    }
    free(keys);
    return LSN_OK;
}

int prop_build_items(struct ctx *c)
{
    struct scratch s = {0};
    int rc = centralize(c, &s);
    for (size_t n = 0; n < c->nneeds && rc == LSN_OK; n++) {
        const struct plan *pl = &c->plans[n];
        if (pl->state != ST_ITEM || pl->kind == LSN_MODEL_CENTRALIZED) {
            continue;
        }
        rc = need_item(c, &s, (int32_t)n,
                       pl->kind == LSN_MODEL_ROTATION ? ITEM_ROTATION : ITEM_LIAISON);
    }
    if (rc == LSN_OK) {
        rc = index_groups(c);
    }
    if (rc == LSN_OK) {
        c->chosen = zalloc_array(c->ncands, sizeof(*c->chosen));
        if (c->chosen == NULL) {
            rc = lsn_oom();
        }
    }
    free(s.tmp);
    return rc;
}

/* ------------------------------------------------------------------ */
/* ------------------------------------------------------------------ */
/* The objective                                                        */
/* ------------------------------------------------------------------ */

/* The objective of proposal.h for the assignment in c->chosen and the
 * items' unmet flags. gused: scratch of c->ngroups entries. */
double prop_objective(const struct ctx *c, unsigned char *gused)
{
    double obj = 0.0;
    memset(gused, 0, (size_t)c->ngroups);
    for (size_t i = 0; i < c->nitems; i++) {
        const struct item *it = &c->items[i];
        if (it->unmet) {
            obj -= LSN_PROPOSAL_UNMET;
            continue;
        }
        for (size_t k = it->first; k < it->first + it->count; k++) {
            if (c->chosen[k]) {
                obj += c->cands[k].value;
                if (c->cands[k].group >= 0) {
                    obj += LSN_PROPOSAL_CONSOLIDATION;
                    gused[c->cands[k].group] = 1;
                }
            }
        }
    }
    for (int32_t g = 0; g < c->ngroups; g++) {
        obj -= gused[g] ? LSN_PROPOSAL_CONSOLIDATION : 0.0;
    }
    return obj;
}

/* ------------------------------------------------------------------ */
