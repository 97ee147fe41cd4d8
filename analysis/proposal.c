/*
 * analysis/proposal.c — the proposal of SPEC §4 (see proposal.h for every
 * rule): a model per declared need, existing clean links kept, and one GLPK
 * MIP (or, for tests, an enumeration) that picks the people of every other
 * need together. It reads the analysis and the findings; it writes no
 * report and draws nothing (viz/ and cli/ do).
 */
#include "analysis/proposal.h"

#include "analysis/hierarchy.h"
#include "analysis/needs.h"
#include "analysis/order.h"
#include "io/error.h"
#include "io/plural.h"

#include <assert.h>
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Enumeration limit of the brute-force solver. */
#define BRUTE_MAX_ASSIGNMENTS 2000000.0
/* GLPK's relative objective tolerance: tight enough that hours differing by
 * LSN_PROPOSAL_TIE / LSN_PROPOSAL_MAX_CANDIDATES stay distinguishable for an
 * objective of a few thousand hours. */
#define MIP_TOL_OBJ 1e-9

/* What an entry is, before its people are known. */
enum state {
    ST_EMPTY_T = 0, /* nobody under the needing end */
    ST_EMPTY_F,     /* nobody under the `from` end */
    ST_NOTES,       /* minimal context, nothing to assign */
    ST_KEPT,        /* an existing clean link is kept */
    ST_ITEM         /* assigned by the solver */
};

enum item_kind { ITEM_LIAISON = 0, ITEM_ROTATION, ITEM_GROUP };

/* The findings that disqualify an existing link, as bits. */
enum {
    FLAG_SPRAWL = 1,
    FLAG_LOW_CONTEXT = 2,
    FLAG_UNSTABLE = 4,
    FLAG_BYPASS = 8,
    FLAG_MISSING = 16,
    FLAG_FRAGILE = 32
};

/* The finding type of each FLAG_* bit, in bit order. */
static const lsn_finding_type flag_types[] = {
    LSN_FINDING_LIAISON_SPRAWL,   LSN_FINDING_LOW_CONTEXT_LIAISON, LSN_FINDING_UNSTABLE_LIAISON,
    LSN_FINDING_HIERARCHY_BYPASS, LSN_FINDING_MISSING_LINK,        LSN_FINDING_FRAGILE_LINK};

/* How often a roster person is present at a team's main series. */
struct att {
    int32_t person;
    int32_t count;
};

/* A candidate of an item: one variable of the assignment. */
struct cand {
    int32_t person;
    int32_t rank;        /* email rank */
    int32_t target;      /* liaison/embedded: the team joined; else -1 */
    int32_t restructure; /* series to restructure, or -1 */
    int32_t group;       /* consolidation group (liaison/embedded only), or -1 */
    int32_t link;        /* reuse: p's existing link into target (index), else -1 */
    bool seat;           /* takes a new liaison seat */
    bool reuse;          /* already has a liaison link into target */
    double hours;        /* hours per week with the other end (groups: summed) */
    double value;        /* objective coefficient, consolidation excluded */
};

/* A decision: one liaison/embedded need, one rotation, or one group. */
struct item {
    enum item_kind kind;
    int32_t owner; /* need index (liaison, rotation) or needing unit (group) */
    size_t first;  /* candidates [first, first + count) */
    size_t count;
    int32_t spread;           /* group: |N| + |L| of the centralized rule */
    bool pre_unmet;           /* no feasible choice exists before the solver runs */
    bool unmet;               /* the solution */
    int32_t eligible_missing; /* people under the needing end with no seat left */
};

struct plan {
    enum state state;
    lsn_proposal_model kind;
    lsn_need_ends ends;  /* T and F, as the need passes see them (analysis/needs.h) */
    int32_t item;        /* ST_ITEM: its item */
    int32_t kept_person; /* ST_KEPT */
    int32_t kept_target;
};

struct ctx {
    const lsn_analysis *a;
    lsn_pass_options o;
    const lsn_findings *findings;
    const lsn_org *org;
    const lsn_unit *units;
    size_t nunits;
    const lsn_person *people;
    size_t npeople;
    const lsn_need *needs;
    size_t nneeds;
    const lsn_liaison *links;
    size_t nlinks;
    const lsn_series *series;
    const lsn_series_info *sinfo;
    size_t nseries;
    int32_t root;

    int32_t *unit_rank;
    int32_t *person_rank;
    lsn_hierarchy *h; /* pre-order, units and people under a unit */
    lsn_needs *nx;    /* need ends; cross-team person-graph edges */
    /* Per unit: its main recurring meeting (-1 none) and who attends it. */
    int32_t *main_series;
    size_t *att_first;
    struct att *att;
    /* Finding marks (FLAG_* bits). */
    unsigned char *sprawl;     /* per person */
    unsigned char *link_flags; /* per liaison link */
    unsigned char *need_flags; /* per need */
    /* Per-unit scratch of hours by team. */
    double *uacc;
    unsigned char *useen;
    int32_t *utouched;

    struct plan *plans;
    struct item *items;
    size_t nitems, cap_items;
    struct cand *cands;
    size_t ncands, cap_cands;
    int32_t ngroups; /* consolidation groups */
    unsigned char *chosen;
    lsn_proposal_stats stats;
};

struct lsn_proposal {
    lsn_proposal_entry *entries;
    size_t count;
    int32_t *people; /* every entry's people, back to back */
    char **reasons;
    double objective;
    lsn_proposal_stats stats;
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

static int oom(void)
{
    return lsn_error_set(LSN_ENOMEM, "out of memory");
}

static void *alloc_array(size_t n, size_t size)
{
    return malloc((n ? n : 1) * size);
}

static void *zalloc_array(size_t n, size_t size)
{
    return calloc(n ? n : 1, size);
}

/* Grow *p (of *cap elements) to hold at least need elements. */
static int reserve(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) {
        return LSN_OK;
    }
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        n *= 2;
    }
    void *q = realloc(*p, n * size);
    if (q == NULL) {
        return oom();
    }
    *p = q;
    *cap = n;
    return LSN_OK;
}

static bool within(const struct ctx *c, int32_t x, int32_t y)
{
    return lsn_hierarchy_within(c->h, x, y);
}

/* The parent a target team is grouped under (itself for the root). */
static int32_t parent_of(const struct ctx *c, int32_t team)
{
    return c->units[team].parent >= 0 ? c->units[team].parent : team;
}

static int32_t person_links(const struct ctx *c, int32_t p, const lsn_liaison **first)
{
    size_t n = 0;
    *first = lsn_analysis_person_liaisons(c->a, p, &n);
    return (int32_t)n;
}

/* Liaison seats left for p: liaison_max_teams minus p's existing links. */
static int32_t seats_left(const struct ctx *c, int32_t p)
{
    const lsn_liaison *l = NULL;
    return c->o.liaison_max_teams - person_links(c, p, &l);
}

static bool link_clean(const struct ctx *c, const lsn_liaison *l)
{
    return !c->sprawl[l->person] && !c->link_flags[l - c->links];
}

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
static int index_main_meetings(struct ctx *c)
{
    int rc = LSN_OK;
    int32_t *count = zalloc_array(c->npeople, sizeof(*count));
    int32_t *touched = alloc_array(c->npeople, sizeof(*touched));
    c->main_series = alloc_array(c->nunits, sizeof(*c->main_series));
    c->att_first = zalloc_array(c->nunits + 1, sizeof(*c->att_first));
    size_t natt = 0, cap_att = 0;
    if (count == NULL || touched == NULL || c->main_series == NULL || c->att_first == NULL) {
        rc = oom();
        goto cleanup;
    }
    for (size_t u = 0; u < c->nunits; u++) {
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
    for (size_t u = 0; u < c->nunits; u++) {
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
                if ((size_t)p >= c->npeople) {
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
        rc = reserve((void **)&c->att, &cap_att, natt + ntouched, sizeof(*c->att));
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
    c->att_first[c->nunits] = natt;

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
    if (m < 0 || !(c->sinfo[m].size + 1.0 > c->o.rule_of_eight) || attends_main(c, p, t)) {
        return -1;
    }
    return m;
}

/* Whether a newcomer fits into t's main meeting within the rule of eight. */
static bool has_room(const struct ctx *c, int32_t t)
{
    int32_t m = c->main_series[t];
    return m < 0 || !(c->sinfo[m].size + 1.0 > c->o.rule_of_eight);
}

/* ------------------------------------------------------------------ */
/* Findings                                                             */
/* ------------------------------------------------------------------ */

/* Flag the link of p into `to`. */
static void mark_link(struct ctx *c, int32_t p, int32_t to, unsigned char flag)
{
    const lsn_liaison *l = NULL;
    int32_t n = person_links(c, p, &l);
    for (int32_t k = 0; k < n; k++) {
        if (l[k].to == to) {
            c->link_flags[&l[k] - c->links] |= flag;
        }
    }
}

/*
 * A hierarchy_bypass finding flags the links of its `liaisons` into teams
 * under to_unit from homes whose parent is unit. Those people are everyone
 * with such a link that crosses top-level units (the pass's rule), and a
 * person's links share one home, so these are the links that cross.
 */
static void mark_bypass(struct ctx *c, const lsn_finding *f)
{
    int32_t unit = f->about.unit;
    int32_t to_unit = f->about.to_unit;
    for (size_t k = 0; k < c->nlinks; k++) {
        const lsn_liaison *l = &c->links[k];
        if (l->home != c->root && l->to != c->root && c->units[l->home].parent == unit &&
            within(c, l->to, to_unit) && lsn_hierarchy_top(c->h, l->home) != to_unit) {
            c->link_flags[k] |= FLAG_BYPASS;
        }
    }
}

static void mark_unstable(struct ctx *c, const lsn_finding *f)
{
    int32_t home = f->about.team;
    int32_t to = f->about.to;
    size_t nm = 0;
    const int32_t *members = lsn_hierarchy_members(c->h, home, &nm);
    for (size_t m = 0; m < nm; m++) {
        mark_link(c, members[m], to, FLAG_UNSTABLE);
    }
}

struct need_key {
    uint64_t key;
    int32_t need;
};

static int need_key_cmp(const void *x, const void *y)
{
    const struct need_key *a = x;
    const struct need_key *b = y;
    if (a->key != b->key) {
        return a->key < b->key ? -1 : 1;
    }
    return (a->need > b->need) - (a->need < b->need);
}

static uint64_t pair_key(int32_t team, int32_t from)
{
    return ((uint64_t)(uint32_t)team << 32) | (uint32_t)from;
}

/* Mark everything a finding disqualifies. O(F x (links per person)) plus
 * O(N log N) for the needs. */
static int read_findings(struct ctx *c)
{
    c->sprawl = zalloc_array(c->npeople, 1);
    c->link_flags = zalloc_array(c->nlinks, 1);
    c->need_flags = zalloc_array(c->nneeds, 1);
    struct need_key *keys = alloc_array(c->nneeds, sizeof(*keys));
    if (c->sprawl == NULL || c->link_flags == NULL || c->need_flags == NULL || keys == NULL) {
        free(keys);
        return oom();
    }
    for (size_t n = 0; n < c->nneeds; n++) {
        keys[n] = (struct need_key){pair_key(c->needs[n].team, c->needs[n].from), (int32_t)n};
    }
    qsort(keys, c->nneeds, sizeof(*keys), need_key_cmp);
    size_t nf = 0;
    const lsn_finding *items = c->findings != NULL ? lsn_findings_items(c->findings, &nf) : NULL;
    for (size_t i = 0; i < nf; i++) {
        const lsn_finding *f = &items[i];
        switch (f->kind) {
        case LSN_FINDING_LIAISON_SPRAWL:
            c->sprawl[f->about.person] = FLAG_SPRAWL;
            break;
        case LSN_FINDING_LOW_CONTEXT_LIAISON:
            mark_link(c, f->about.person, f->about.to, FLAG_LOW_CONTEXT);
            break;
        case LSN_FINDING_UNSTABLE_LIAISON:
            mark_unstable(c, f);
            break;
        case LSN_FINDING_HIERARCHY_BYPASS:
            mark_bypass(c, f);
            break;
        case LSN_FINDING_MISSING_LINK:
        case LSN_FINDING_FRAGILE_LINK: {
            int32_t team = f->about.team;
            int32_t from = f->about.from;
            unsigned char flag = f->kind == LSN_FINDING_MISSING_LINK ? FLAG_MISSING : FLAG_FRAGILE;
            struct need_key probe = {pair_key(team, from), -1};
            size_t lo = 0, hi = c->nneeds;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (need_key_cmp(&keys[mid], &probe) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (; lo < c->nneeds && keys[lo].key == probe.key; lo++) {
                c->need_flags[keys[lo].need] |= flag;
            }
            break;
        }
        default:
            break;
        }
    }
    free(keys);
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* Needs: ends, kept links, models                                      */
/* ------------------------------------------------------------------ */

/* The clean link that keeps need n as it is, or none (kept_person -1). */
static void find_kept(struct ctx *c, size_t n, struct plan *pl)
{
    pl->kept_person = -1;
    pl->kept_target = -1;
    if (c->need_flags[n]) {
        return;
    }
    const lsn_liaison *best = NULL;
    LSN_NEEDS_FOREACH_TEAM(c->nx, pl->ends.t, pos, u)
    {
        size_t nm = 0;
        const int32_t *members = lsn_hierarchy_members(c->h, u, &nm);
        for (size_t m = 0; m < nm; m++) {
            const lsn_liaison *l = NULL;
            int32_t nl = person_links(c, members[m], &l);
            for (int32_t k = 0; k < nl; k++) {
                if (!lsn_needs_in_end(c->nx, pl->ends.f, l[k].to) || !link_clean(c, &l[k])) {
                    continue;
                }
                if (best == NULL || l[k].hours_per_week > best->hours_per_week ||
                    (l[k].hours_per_week == best->hours_per_week &&
                     (c->person_rank[l[k].person] < c->person_rank[best->person] ||
                      (l[k].person == best->person &&
                       c->unit_rank[l[k].to] < c->unit_rank[best->to])))) {
                    best = &l[k];
                }
            }
        }
    }
    if (best != NULL) {
        pl->kept_person = best->person;
        pl->kept_target = best->to;
    }
}

static void plan_needs(struct ctx *c)
{
    for (size_t n = 0; n < c->nneeds; n++) {
        const lsn_need *need = &c->needs[n];
        struct plan *pl = &c->plans[n];
        lsn_needs_ends(&pl->ends, c->nx, need);
        pl->item = -1;
        pl->kept_person = -1;
        pl->kept_target = -1;
        pl->kind = need->availability                      ? LSN_MODEL_ROTATION
                   : need->context == LSN_CONTEXT_MINIMAL  ? LSN_MODEL_NOTES
                   : need->context == LSN_CONTEXT_MODERATE ? LSN_MODEL_LIAISON
                                                           : LSN_MODEL_EMBEDDED;
        if (pl->ends.tpeople == 0) {
            pl->state = ST_EMPTY_T;
            continue;
        }
        if (pl->ends.fpeople == 0) {
            pl->state = ST_EMPTY_F;
            continue;
        }
        if (!need->availability) {
            find_kept(c, n, pl);
            if (pl->kept_person >= 0) {
                pl->state = ST_KEPT;
                pl->kind =
                    need->context == LSN_CONTEXT_DEEP ? LSN_MODEL_EMBEDDED : LSN_MODEL_LIAISON;
                continue;
            }
        }
        pl->state = pl->kind == LSN_MODEL_NOTES ? ST_NOTES : ST_ITEM;
    }
}

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
    int rc = reserve((void **)&c->cands, &c->cap_cands, c->ncands + n, sizeof(*c->cands));
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
        int32_t u = c->people[peers[k].person].team;
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
            (l[k].hours_per_week == best_hours && c->unit_rank[l[k].to] < c->unit_rank[*target])) {
            *target = l[k].to;
            best_hours = l[k].hours_per_week;
            *link = (int32_t)(&l[k] - c->links);
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
                  (room == best_room && c->unit_rank[u] < c->unit_rank[*target])))) {
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
            (room == best_room && c->unit_rank[u] < c->unit_rank[best])) {
            best = u;
            best_room = room;
        }
    }
    return best;
}

static int new_item(struct ctx *c, enum item_kind kind, int32_t owner, struct item **out)
{
    int rc = reserve((void **)&c->items, &c->cap_items, c->nitems + 1, sizeof(*c->items));
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
    int rc = reserve((void **)&s->tmp, &s->cap, *n + 1, sizeof(*s->tmp));
    if (rc == LSN_OK) {
        s->tmp[(*n)++] = cd;
    }
    return rc;
}

static int liaison_item(struct ctx *c, struct scratch *s, int32_t n)
{
    struct plan *pl = &c->plans[n];
    struct item *it = NULL;
    int rc = new_item(c, ITEM_LIAISON, n, &it);
    if (rc != LSN_OK) {
        return rc;
    }
    pl->item = (int32_t)(c->nitems - 1);
    int32_t fallback = -2;
    size_t k = 0;
    LSN_NEEDS_FOREACH_TEAM(c->nx, pl->ends.t, pos, u)
    {
        size_t nm = 0;
        const int32_t *members = lsn_hierarchy_members(c->h, u, &nm);
        for (size_t m = 0; m < nm && rc == LSN_OK; m++) {
            int32_t p = members[m];
            int32_t t = -1, link = -1;
            double hours = choose_target(c, p, pl->ends.f, &t, &link);
            bool reuse = link >= 0;
            if (!reuse && seats_left(c, p) < 1) {
                it->eligible_missing++;
                continue;
            }
            if (t < 0) {
                if (fallback == -2) {
                    fallback = default_target(c, pl->ends.f);
                }
                t = fallback;
            }
            int32_t r = restructure_for(c, p, t);
            struct cand cd = {.person = p,
                              .rank = c->person_rank[p],
                              .target = t,
                              .restructure = r,
                              .group = -1,
                              .link = link,
                              .seat = !reuse,
                              .reuse = reuse,
                              .hours = hours,
                              .value = hours - (r >= 0 ? LSN_PROPOSAL_RESTRUCTURE : 0.0)};
            rc = scratch_add(s, &k, cd);
        }
    }
    if (rc == LSN_OK) {
        rc = push_candidates(c, it, s->tmp, k);
    }
    it->pre_unmet = it->count == 0;
    return rc;
}

static int rotation_item(struct ctx *c, struct scratch *s, int32_t n)
{
    struct plan *pl = &c->plans[n];
    struct item *it = NULL;
    int rc = new_item(c, ITEM_ROTATION, n, &it);
    if (rc != LSN_OK) {
        return rc;
    }
    pl->item = (int32_t)(c->nitems - 1);
    size_t k = 0;
    LSN_NEEDS_FOREACH_TEAM(c->nx, pl->ends.f, pos, u)
    {
        size_t nm = 0;
        const int32_t *members = lsn_hierarchy_members(c->h, u, &nm);
        for (size_t m = 0; m < nm && rc == LSN_OK; m++) {
            int32_t p = members[m];
            double hours = lsn_needs_person_hours(c->nx, p, pl->ends.t);
            struct cand cd = {.person = p,
                              .rank = c->person_rank[p],
                              .target = -1,
                              .restructure = -1,
                              .group = -1,
                              .link = -1,
                              .hours = hours,
                              .value = hours - c->o.liaison_min_hours};
            rc = scratch_add(s, &k, cd);
        }
    }
    if (rc == LSN_OK) {
        rc = push_candidates(c, it, s->tmp, k);
    }
    it->pre_unmet = it->count < LSN_PROPOSAL_ROTA_MIN;
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
    const int32_t *teams = lsn_hierarchy_teams_under(c->h, a, &nteams);
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
        const int32_t *members = lsn_hierarchy_members(c->h, u, &nm);
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
                              .rank = c->person_rank[p],
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

static int int32_cmp(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x;
    int32_t b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static size_t sort_unique(int32_t *v, size_t n)
{
    if (n == 0) {
        return 0;
    }
    qsort(v, n, sizeof(*v), int32_cmp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || v[i] != v[k - 1]) {
            v[k++] = v[i];
        }
    }
    return k;
}

struct team_need {
    int32_t team;
    int32_t need;
};

static int team_need_cmp(const void *x, const void *y)
{
    const struct team_need *a = x;
    const struct team_need *b = y;
    if (a->team != b->team) {
        return a->team < b->team ? -1 : 1;
    }
    return (a->need > b->need) - (a->need < b->need);
}

/* The centralized rule of proposal.h, and the group items it makes. */
static int centralize(struct ctx *c, struct scratch *s)
{
    int rc = LSN_OK;
    size_t n = 0, cap_targets = 0;
    struct team_need *order = alloc_array(c->nneeds, sizeof(*order));
    int32_t *froms = alloc_array(c->nneeds, sizeof(*froms));
    int32_t *needs = alloc_array(c->nneeds, sizeof(*needs));
    int32_t *targets = NULL;
    if (order == NULL || froms == NULL || needs == NULL) {
        rc = oom();
        goto cleanup;
    }
    for (size_t k = 0; k < c->nneeds; k++) {
        const struct plan *pl = &c->plans[k];
        if (pl->state == ST_ITEM &&
            (pl->kind == LSN_MODEL_LIAISON || pl->kind == LSN_MODEL_EMBEDDED)) {
            order[n++] = (struct team_need){c->needs[k].team, (int32_t)k};
        }
    }
    qsort(order, n, sizeof(*order), team_need_cmp);
    for (size_t i = 0, j = 0; i < n; i = j) {
        int32_t a = order[i].team;
        size_t nn = 0;
        for (j = i; j < n && order[j].team == a; j++) {
            needs[nn] = order[j].need;
            froms[nn++] = c->needs[order[j].need].from;
        }
        size_t nf = sort_unique(froms, nn);
        size_t nt = 0, nteams = 0;
        const int32_t *teams = lsn_hierarchy_teams_under(c->h, a, &nteams);
        for (size_t t = 0; t < nteams; t++) {
            size_t nm = 0;
            const int32_t *members = lsn_hierarchy_members(c->h, teams[t], &nm);
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
                    rc = reserve((void **)&targets, &cap_targets, nt + 1, sizeof(*targets));
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

struct group_key {
    uint64_t key;
    size_t cand;
};

static int group_key_cmp(const void *x, const void *y)
{
    const struct group_key *a = x;
    const struct group_key *b = y;
    if (a->key != b->key) {
        return a->key < b->key ? -1 : 1;
    }
    return (a->cand > b->cand) - (a->cand < b->cand);
}

/* Consolidation groups: liaison/embedded candidates by (person, target parent). */
static int index_groups(struct ctx *c)
{
    size_t n = 0;
    struct group_key *keys = alloc_array(c->ncands, sizeof(*keys));
    if (keys == NULL) {
        return oom();
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
            if (parent == c->root) {
                continue;
            }
            keys[n++] =
                (struct group_key){((uint64_t)(uint32_t)cd->person << 32) | (uint32_t)parent, k};
        }
    }
    qsort(keys, n, sizeof(*keys), group_key_cmp);
    /* Only (person, parent) pairs with two or more candidate needs are groups. */
    c->ngroups = 0;
    for (size_t i = 0, j = 0; i < n; i = j) {
        for (j = i; j < n && keys[j].key == keys[i].key; j++) {
        }
        if (j - i < 2) {
            continue;
        }
        for (size_t k = i; k < j; k++) {
            c->cands[keys[k].cand].group = c->ngroups;
        }
        c->ngroups++;
    }
    free(keys);
    return LSN_OK;
}

static int build_items(struct ctx *c)
{
    struct scratch s = {0};
    int rc = centralize(c, &s);
    for (size_t n = 0; n < c->nneeds && rc == LSN_OK; n++) {
        const struct plan *pl = &c->plans[n];
        if (pl->state != ST_ITEM || pl->kind == LSN_MODEL_CENTRALIZED) {
            continue;
        }
        rc = pl->kind == LSN_MODEL_ROTATION ? rotation_item(c, &s, (int32_t)n)
                                            : liaison_item(c, &s, (int32_t)n);
    }
    if (rc == LSN_OK) {
        rc = index_groups(c);
    }
    if (rc == LSN_OK) {
        c->chosen = zalloc_array(c->ncands, sizeof(*c->chosen));
        if (c->chosen == NULL) {
            rc = oom();
        }
    }
    free(s.tmp);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The objective                                                        */
/* ------------------------------------------------------------------ */

/* The objective of proposal.h for the assignment in c->chosen and the
 * items' unmet flags. gused: scratch of c->ngroups entries. */
static double objective(const struct ctx *c, unsigned char *gused)
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
/* The MIP                                                              */
/* ------------------------------------------------------------------ */

struct mip {
    int ncols, nrows, nnz;
    int *cand_col;  /* per candidate, 0 when not in the MIP */
    int *item_col;  /* per item: its unmet column, 0 when none */
    int *group_col; /* per consolidation group: its y column, 0 when none */
    double *obj;    /* per column, 1-based */
    int *row_type;  /* per row, 1-based */
    double *row_lo, *row_hi;
    int *ia, *ja; /* constraint matrix, 1-based */
    double *ar;
    double *value; /* solution per column, 1-based */
};

static void mip_free(struct mip *m)
{
    free(m->cand_col);
    free(m->item_col);
    free(m->group_col);
    free(m->obj);
    free(m->row_type);
    free(m->row_lo);
    free(m->row_hi);
    free(m->ia);
    free(m->ja);
    free(m->ar);
    free(m->value);
}

static void add_row(struct mip *m, int type, double lo, double hi)
{
    m->nrows++;
    m->row_type[m->nrows] = type;
    m->row_lo[m->nrows] = lo;
    m->row_hi[m->nrows] = hi;
}

static void add_coef(struct mip *m, int col, double v)
{
    m->nnz++;
    m->ia[m->nnz] = m->nrows;
    m->ja[m->nnz] = col;
    m->ar[m->nnz] = v;
}

struct seat {
    int32_t person;
    int col;
};

/* A candidate's column: its objective coefficient and its tie-break. */
struct col_order {
    double value;
    int32_t rank;
    size_t cand;
};

/* Worst first, best last (equal values: the larger email first). */
static int col_order_cmp(const void *x, const void *y)
{
    const struct col_order *a = x;
    const struct col_order *b = y;
    if (a->value != b->value) {
        return a->value < b->value ? -1 : 1;
    }
    return (a->rank < b->rank) - (a->rank > b->rank);
}

static int seat_cmp(const void *x, const void *y)
{
    const struct seat *a = x;
    const struct seat *b = y;
    if (a->person != b->person) {
        return a->person < b->person ? -1 : 1;
    }
    return (a->col > b->col) - (a->col < b->col);
}

/* Lay out columns, rows and the sparse matrix (see proposal.h). O(candidates). */
static int mip_layout(struct ctx *c, struct mip *m)
{
    size_t maxcols = c->ncands + c->nitems + (size_t)c->ngroups + 1;
    /* rows: one per item, at most one per seat candidate, one per grouped x */
    size_t maxrows = c->nitems + 2 * c->ncands + 1;
    size_t maxnnz = 4 * c->ncands + c->nitems + 1;
    struct seat *seats = alloc_array(c->ncands, sizeof(*seats));
    m->cand_col = zalloc_array(c->ncands, sizeof(*m->cand_col));
    m->item_col = zalloc_array(c->nitems, sizeof(*m->item_col));
    m->group_col = zalloc_array((size_t)c->ngroups, sizeof(*m->group_col));
    m->obj = zalloc_array(maxcols + 1, sizeof(*m->obj));
    m->value = zalloc_array(maxcols + 1, sizeof(*m->value));
    m->row_type = zalloc_array(maxrows + 1, sizeof(*m->row_type));
    m->row_lo = zalloc_array(maxrows + 1, sizeof(*m->row_lo));
    m->row_hi = zalloc_array(maxrows + 1, sizeof(*m->row_hi));
    m->ia = zalloc_array(maxnnz + 1, sizeof(*m->ia));
    m->ja = zalloc_array(maxnnz + 1, sizeof(*m->ja));
    m->ar = zalloc_array(maxnnz + 1, sizeof(*m->ar));
    if (seats == NULL || m->cand_col == NULL || m->item_col == NULL || m->group_col == NULL ||
        m->obj == NULL || m->value == NULL || m->row_type == NULL || m->row_lo == NULL ||
        m->row_hi == NULL || m->ia == NULL || m->ja == NULL || m->ar == NULL) {
        free(seats);
        return oom();
    }
    for (size_t i = 0; i < c->nitems; i++) {
        const struct item *it = &c->items[i];
        if (it->pre_unmet) {
            continue;
        }
        /* Column order does not change the model, but GLPK's initial basis
         * takes the last column of each row: unmet first and the best
         * candidate last starts the LP next to its optimum (about 3x fewer
         * simplex iterations on generated organizations). */
        if (it->kind != ITEM_ROTATION) {
            m->item_col[i] = ++m->ncols;
            m->obj[m->ncols] = -LSN_PROPOSAL_UNMET;
        }
        struct col_order order[LSN_PROPOSAL_MAX_CANDIDATES];
        assert(it->count <= LSN_PROPOSAL_MAX_CANDIDATES);
        for (size_t k = 0; k < it->count; k++) {
            const struct cand *cd = &c->cands[it->first + k];
            order[k] =
                (struct col_order){cd->value + (cd->group >= 0 ? LSN_PROPOSAL_CONSOLIDATION : 0.0),
                                   cd->rank, it->first + k};
        }
        qsort(order, it->count, sizeof(*order), col_order_cmp);
        for (size_t k = 0; k < it->count; k++) {
            m->cand_col[order[k].cand] = ++m->ncols;
            m->obj[m->ncols] = order[k].value;
        }
    }
    for (int32_t g = 0; g < c->ngroups; g++) {
        m->group_col[g] = ++m->ncols;
        m->obj[m->ncols] = -LSN_PROPOSAL_CONSOLIDATION;
    }
    /* One row per item: choose one (or unmet), or a rota of 2 to 4. */
    for (size_t i = 0; i < c->nitems; i++) {
        const struct item *it = &c->items[i];
        if (it->pre_unmet) {
            continue;
        }
        if (it->kind == ITEM_ROTATION) {
            size_t hi = it->count < LSN_PROPOSAL_ROTA_MAX ? it->count : LSN_PROPOSAL_ROTA_MAX;
            if (hi == LSN_PROPOSAL_ROTA_MIN) {
                add_row(m, GLP_FX, (double)hi, (double)hi);
            } else {
                add_row(m, GLP_DB, LSN_PROPOSAL_ROTA_MIN, (double)hi);
            }
        } else {
            add_row(m, GLP_FX, 1.0, 1.0);
            add_coef(m, m->item_col[i], 1.0);
        }
        for (size_t k = it->first; k < it->first + it->count; k++) {
            add_coef(m, m->cand_col[k], 1.0);
        }
    }
    /* Capacity: only for people who could exceed their seats. */
    size_t ns = 0;
    for (size_t k = 0; k < c->ncands; k++) {
        if (m->cand_col[k] != 0 && c->cands[k].seat) {
            seats[ns++] = (struct seat){c->cands[k].person, m->cand_col[k]};
        }
    }
    qsort(seats, ns, sizeof(*seats), seat_cmp);
    for (size_t i = 0, j = 0; i < ns; i = j) {
        for (j = i; j < ns && seats[j].person == seats[i].person; j++) {
        }
        int32_t left = seats_left(c, seats[i].person);
        if ((int64_t)(j - i) <= (int64_t)left) {
            continue;
        }
        add_row(m, GLP_UP, 0.0, (double)left);
        for (size_t k = i; k < j; k++) {
            add_coef(m, seats[k].col, 1.0);
        }
    }
    /* Hierarchy: x <= y for the candidates of a (person, parent) group. */
    for (size_t k = 0; k < c->ncands; k++) {
        const struct cand *cd = &c->cands[k];
        if (m->cand_col[k] == 0 || cd->group < 0) {
            continue;
        }
        add_row(m, GLP_UP, 0.0, 0.0);
        add_coef(m, m->cand_col[k], 1.0);
        add_coef(m, m->group_col[cd->group], -1.0);
    }
    free(seats);
    return LSN_OK;
}

struct glpk_guard {
    jmp_buf jump;
};

static void on_glpk_error(void *info)
{
    struct glpk_guard *g = info;
    longjmp(g->jump, 1);
}

/* Everything that calls GLPK, behind the guard of solve_mip(). */
static int run_glpk(struct mip *m)
{
    int rc = LSN_OK;
    int old_term = glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, m->ncols);
    for (int j = 1; j <= m->ncols; j++) {
        glp_set_col_kind(lp, j, GLP_BV);
        glp_set_obj_coef(lp, j, m->obj[j]);
    }
    if (m->nrows > 0) {
        glp_add_rows(lp, m->nrows);
        for (int i = 1; i <= m->nrows; i++) {
            glp_set_row_bnds(lp, i, m->row_type[i], m->row_lo[i], m->row_hi[i]);
        }
        glp_load_matrix(lp, m->nnz, m->ia, m->ja, m->ar);
    }
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.mip_gap = 0.0;
    parm.tol_obj = MIP_TOL_OBJ;
    int ret = glp_intopt(lp, &parm);
    int status = glp_mip_status(lp);
    if (ret != 0 || status != GLP_OPT) {
        rc = lsn_error_set(LSN_EINTERNAL,
                           "the liaison assignment has no optimal solution (GLPK code %d, "
                           "status %d)",
                           ret, status);
    } else {
        for (int j = 1; j <= m->ncols; j++) {
            m->value[j] = glp_mip_col_val(lp, j);
        }
    }
    glp_delete_prob(lp);
    glp_term_out(old_term);
    return rc;
}

/* GLPK aborts the process after an internal error unless its hook jumps out;
 * then every GLPK object of the thread is gone and its environment must be
 * freed (glp_free_env), which the next GLPK call recreates. */
static int solve_mip(struct mip *m)
{
    struct glpk_guard guard;
    if (setjmp(guard.jump) != 0) {
        glp_free_env();
        return lsn_error_set(LSN_EINTERNAL, "GLPK failed inside the liaison assignment");
    }
    glp_error_hook(on_glpk_error, &guard);
    int rc = run_glpk(m);
    glp_error_hook(NULL, NULL);
    return rc;
}

static int assign_mip(struct ctx *c)
{
    struct mip m = {0};
    int rc = mip_layout(c, &m);
    if (rc == LSN_OK && m.ncols > 0) {
        rc = solve_mip(&m);
    }
    if (rc == LSN_OK) {
        for (size_t i = 0; i < c->nitems; i++) {
            struct item *it = &c->items[i];
            it->unmet = it->pre_unmet || (m.item_col[i] != 0 && m.value[m.item_col[i]] > 0.5);
            for (size_t k = it->first; k < it->first + it->count; k++) {
                c->chosen[k] = m.cand_col[k] != 0 && m.value[m.cand_col[k]] > 0.5;
            }
        }
        c->stats.columns = m.ncols;
        c->stats.rows = m.nrows;
        c->stats.nonzeros = m.nnz;
    }
    mip_free(&m);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The brute-force solver (tests)                                       */
/* ------------------------------------------------------------------ */

struct brute {
    struct ctx *c;
    int32_t *used;        /* new seats per person */
    unsigned char *gused; /* objective() scratch */
    unsigned char *best_chosen;
    unsigned char *best_unmet;
    double best;
    bool found;
};

static int popcount(uint32_t x)
{
    int n = 0;
    for (; x != 0; x &= x - 1) {
        n++;
    }
    return n;
}

static double binomial(size_t n, size_t k)
{
    double r = 1.0;
    for (size_t i = 1; i <= k; i++) {
        r = r * (double)(n - k + i) / (double)i;
    }
    return r;
}

static void brute_item(struct brute *b, size_t i)
{
    struct ctx *c = b->c;
    if (i == c->nitems) {
        double v = objective(c, b->gused);
        if (!b->found || v > b->best) {
            b->found = true;
            b->best = v;
            memcpy(b->best_chosen, c->chosen, c->ncands);
            for (size_t k = 0; k < c->nitems; k++) {
                b->best_unmet[k] = c->items[k].unmet;
            }
        }
        return;
    }
    struct item *it = &c->items[i];
    if (it->pre_unmet) {
        it->unmet = true;
        brute_item(b, i + 1);
        return;
    }
    it->unmet = false;
    if (it->kind == ITEM_ROTATION) {
        size_t hi = it->count < LSN_PROPOSAL_ROTA_MAX ? it->count : LSN_PROPOSAL_ROTA_MAX;
        for (uint32_t mask = 0; mask < (UINT32_C(1) << it->count); mask++) {
            int pc = popcount(mask);
            if (pc < LSN_PROPOSAL_ROTA_MIN || (size_t)pc > hi) {
                continue;
            }
            for (size_t k = 0; k < it->count; k++) {
                c->chosen[it->first + k] = (mask >> k) & 1u;
            }
            brute_item(b, i + 1);
        }
        memset(c->chosen + it->first, 0, it->count);
        return;
    }
    for (size_t k = it->first; k < it->first + it->count; k++) {
        const struct cand *cd = &c->cands[k];
        if (cd->seat && b->used[cd->person] + 1 > seats_left(c, cd->person)) {
            continue;
        }
        b->used[cd->person] += cd->seat;
        c->chosen[k] = 1;
        brute_item(b, i + 1);
        c->chosen[k] = 0;
        b->used[cd->person] -= cd->seat;
    }
    it->unmet = true;
    brute_item(b, i + 1);
    it->unmet = false;
}

static int assign_brute(struct ctx *c)
{
    double total = 1.0;
    for (size_t i = 0; i < c->nitems; i++) {
        const struct item *it = &c->items[i];
        double options = 1.0;
        if (it->pre_unmet) {
            options = 1.0;
        } else if (it->kind == ITEM_ROTATION) {
            options = 0.0;
            for (size_t s = LSN_PROPOSAL_ROTA_MIN; s <= LSN_PROPOSAL_ROTA_MAX && s <= it->count;
                 s++) {
                options += binomial(it->count, s);
            }
        } else {
            options = (double)it->count + 1.0;
        }
        total *= options;
    }
    if (total > BRUTE_MAX_ASSIGNMENTS) {
        return lsn_error_set(LSN_EINVAL,
                             "the brute-force assignment would try %.0f assignments, more than "
                             "%.0f",
                             total, BRUTE_MAX_ASSIGNMENTS);
    }
    int rc = LSN_OK;
    struct brute b = {.c = c};
    b.used = zalloc_array(c->npeople, sizeof(*b.used));
    b.gused = zalloc_array((size_t)c->ngroups, 1);
    b.best_chosen = zalloc_array(c->ncands, 1);
    b.best_unmet = zalloc_array(c->nitems, 1);
    if (b.used == NULL || b.gused == NULL || b.best_chosen == NULL || b.best_unmet == NULL) {
        rc = oom();
        goto cleanup;
    }
    brute_item(&b, 0);
    /* Every item can be left unmet, so some assignment is always feasible. */
    assert(b.found);
    memcpy(c->chosen, b.best_chosen, c->ncands);
    for (size_t i = 0; i < c->nitems; i++) {
        c->items[i].unmet = b.best_unmet[i];
    }

cleanup:
    free(b.used);
    free(b.gused);
    free(b.best_chosen);
    free(b.best_unmet);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Entries and reasons                                                  */
/* ------------------------------------------------------------------ */

static char *format(const char *fmt, ...) LSN_PRINTF(1, 2);

static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (s != NULL) {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return s;
}

static const char *uid(const struct ctx *c, int32_t u)
{
    return c->units[u].id;
}

static const char *email(const struct ctx *c, int32_t p)
{
    return c->people[p].email;
}

/* "a", "a and b", "a, b and c" of the people in ps[0..n). */
static void people_list(const struct ctx *c, const int32_t *ps, size_t n, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
        int w = snprintf(buf + len, size - len, "%s%s", sep, email(c, ps[i]));
        if (w < 0) {
            break;
        }
        len += (size_t)w;
    }
}

/* "X's team meetings", or "T's team meetings (for X)" when the target is a
 * team under the unit X. */
static void meetings_of(const struct ctx *c, int32_t target, int32_t from, char *buf, size_t size)
{
    if (target == from) {
        snprintf(buf, size, "%s's team meetings", uid(c, from));
    } else {
        snprintf(buf, size, "%s's team meetings (for %s)", uid(c, target), uid(c, from));
    }
}

/* The names of the findings in flags, comma-separated. */
static void flag_list(unsigned flags, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < sizeof(flag_types) / sizeof(flag_types[0]); k++) {
        if (flags & (1u << k)) {
            int w = snprintf(buf + len, size - len, "%s%s", len > 0 ? ", " : "",
                             lsn_finding_type_name(flag_types[k]));
            if (w < 0 || (size_t)w >= size - len) {
                break;
            }
            len += (size_t)w;
        }
    }
}

static char *
reason_liaison(const struct ctx *c, size_t n, const lsn_need *need, const struct cand *cd)
{
    char where[512], ctxt[768], fix[512], flags[256];
    int32_t p = cd->person;
    meetings_of(c, cd->target, need->from, where, sizeof(where));
    if (cd->reuse) {
        flag_list((unsigned)c->sprawl[p] | c->link_flags[cd->link] | c->need_flags[n], flags,
                  sizeof(flags));
        snprintf(ctxt, sizeof(ctxt),
                 "%s already attends them (%.2f hours a week with %s), but the findings flag "
                 "it (%s), so make the seat official and act on what they say",
                 email(c, p), cd->hours, uid(c, need->from), flags);
    } else if (cd->hours > 0.0) {
        snprintf(ctxt, sizeof(ctxt), "%s already spends %.2f hours a week with %s", email(c, p),
                 cd->hours, uid(c, need->from));
    } else {
        snprintf(ctxt, sizeof(ctxt),
                 "%s does not meet %s yet, so expect a few weeks of building context", email(c, p),
                 uid(c, need->from));
    }
    fix[0] = '\0';
    if (cd->restructure >= 0) {
        const lsn_series *s = &c->series[cd->restructure];
        snprintf(fix, sizeof(fix),
                 "; %s's '%s' would grow to %g people, so restructure it to stay within the "
                 "rule of %g",
                 uid(c, cd->target), s->summary[0] != '\0' ? s->summary : s->uid,
                 c->sinfo[cd->restructure].size + 1.0, c->o.rule_of_eight);
    }
    if (need->context == LSN_CONTEXT_DEEP) {
        return format("Embed %s (%s) in %s for the deep context %s needs: %s%s.", email(c, p),
                      uid(c, c->people[p].team), where, uid(c, need->team), ctxt, fix);
    }
    return format("Make %s (%s) the liaison to %s: %s%s.", email(c, p), uid(c, c->people[p].team),
                  where, ctxt, fix);
}

static char *reason_unmet(const struct ctx *c,
                          const lsn_need *need,
                          const struct plan *pl,
                          const struct item *it)
{
    if (it->kind == ITEM_ROTATION) {
        return format("%s has only %lld %s, too few for a rota of %d to %d; name them as %s's "
                      "contact and plan a backup.",
                      uid(c, need->from), (long long)pl->ends.fpeople,
                      lsn_plural((size_t)pl->ends.fpeople, "person", "people"),
                      LSN_PROPOSAL_ROTA_MIN, LSN_PROPOSAL_ROTA_MAX, uid(c, need->team));
    }
    const char *what = it->kind == ITEM_GROUP ? "a seat in a liaison group" : "this liaison";
    if (it->count == 0 && it->eligible_missing > 0) {
        char who[64];
        if (it->eligible_missing == 1) {
            snprintf(who, sizeof(who), "its only candidate already holds");
        } else {
            snprintf(who, sizeof(who), "all %d of its candidates already hold",
                     (int)it->eligible_missing);
        }
        return format("Nobody under %s can take on %s for %s: %s %d liaison %s, the limit; free "
                      "a seat or choose another model.",
                      uid(c, need->team), what, uid(c, need->from), who,
                      (int)c->o.liaison_max_teams,
                      lsn_plural((size_t)c->o.liaison_max_teams, "link", "links"));
    }
    if (it->count == 0) {
        return format("Nobody under %s can take on %s for %s; staff the team or choose another "
                      "model.",
                      uid(c, need->team), what, uid(c, need->from));
    }
    return format("Nobody under %s can take on %s for %s: the people with a free liaison seat "
                  "are needed for its other needs; free a seat or choose another model.",
                  uid(c, need->team), what, uid(c, need->from));
}

static char *reason_for(const struct ctx *c,
                        size_t n,
                        const int32_t *ps,
                        size_t np,
                        double hours,
                        const struct cand *cd)
{
    const lsn_need *need = &c->needs[n];
    const struct plan *pl = &c->plans[n];
    char list[1024], where[512];
    switch (pl->state) {
    case ST_EMPTY_T:
        return format("Nobody on the roster sits under %s, so nobody can carry its need for %s "
                      "context from %s; staff the team or drop the need.",
                      uid(c, need->team), lsn_context_name(need->context), uid(c, need->from));
    case ST_EMPTY_F:
        return format("Nobody on the roster sits under %s, so %s has nobody to get %s context "
                      "from; point the need at the team that does the work now, or drop it.",
                      uid(c, need->from), uid(c, need->team), lsn_context_name(need->context));
    case ST_NOTES:
        return format("%s needs only minimal context from %s: meeting notes or a short written "
                      "update will do, without a seat in their meetings.",
                      uid(c, need->team), uid(c, need->from));
    case ST_KEPT:
        meetings_of(c, pl->kept_target, need->from, where, sizeof(where));
        return format("Keep %s (%s) %s %s as it is: %s already spends %.2f hours a week with %s "
                      "and no finding flags the link.",
                      email(c, pl->kept_person), uid(c, c->people[pl->kept_person].team),
                      pl->kind == LSN_MODEL_EMBEDDED ? "embedded in" : "as the liaison to", where,
                      email(c, pl->kept_person), hours, uid(c, need->from));
    case ST_ITEM:
        break;
    }
    const struct item *it = &c->items[pl->item];
    if (it->unmet) {
        return reason_unmet(c, need, pl, it);
    }
    switch (it->kind) {
    case ITEM_LIAISON:
        return reason_liaison(c, n, need, cd);
    case ITEM_ROTATION:
        people_list(c, ps, np, list, sizeof(list));
        if (hours > 0.0) {
            return format("Set up an on-call rota of %s from %s that %s can reach on demand: "
                          "together they spend %.2f hours a week with %s now.",
                          list, uid(c, need->from), uid(c, need->team), hours, uid(c, need->team));
        }
        return format("Set up an on-call rota of %s from %s that %s can reach on demand: none "
                      "of them meets %s yet, so introduce them before the first shift.",
                      list, uid(c, need->from), uid(c, need->team), uid(c, need->team));
    case ITEM_GROUP:
        if (hours > 0.0) {
            snprintf(list, sizeof(list), "%s already spends %.2f hours a week with %s",
                     email(c, ps[0]), hours, uid(c, need->from));
        } else {
            snprintf(list, sizeof(list), "%s does not meet %s yet", email(c, ps[0]),
                     uid(c, need->from));
        }
        return format("%s would otherwise hold liaisons into %d teams, so send %s to a liaison "
                      "group that covers %s and its other needs instead of a liaison per team: "
                      "%s.",
                      uid(c, need->team), (int)it->spread, email(c, ps[0]), uid(c, need->from),
                      list);
    }
    return NULL;
}

static void sort_people(const struct ctx *c, int32_t *ps, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int32_t p = ps[i];
        size_t j = i;
        for (; j > 0 && c->person_rank[ps[j - 1]] > c->person_rank[p]; j--) {
            ps[j] = ps[j - 1];
        }
        ps[j] = p;
    }
}

static int make_entries(struct ctx *c, lsn_proposal *out)
{
    size_t cap_people = 0, npeople = 0;
    size_t *offset = zalloc_array(c->nneeds, sizeof(*offset));
    out->entries = zalloc_array(c->nneeds, sizeof(*out->entries));
    out->reasons = zalloc_array(c->nneeds, sizeof(*out->reasons));
    if (offset == NULL || out->entries == NULL || out->reasons == NULL) {
        free(offset);
        return oom();
    }
    out->count = c->nneeds;
    int rc = LSN_OK;
    for (size_t n = 0; n < c->nneeds && rc == LSN_OK; n++) {
        const lsn_need *need = &c->needs[n];
        const struct plan *pl = &c->plans[n];
        lsn_proposal_entry *e = &out->entries[n];
        e->need = (int32_t)n;
        e->team = need->team;
        e->from = need->from;
        e->context = need->context;
        e->availability = need->availability;
        e->kind = pl->kind;
        e->model = lsn_proposal_model_name(pl->kind);
        e->target = -1;
        e->restructure = -1;
        e->unmet = pl->state == ST_EMPTY_T || pl->state == ST_EMPTY_F;
        offset[n] = npeople;
        rc = reserve((void **)&out->people, &cap_people, npeople + LSN_PROPOSAL_MAX_CANDIDATES,
                     sizeof(*out->people));
        if (rc != LSN_OK) {
            break;
        }
        int32_t *ps = out->people + npeople;
        size_t np = 0;
        double hours = 0.0;
        const struct cand *one = NULL;
        if (pl->state == ST_KEPT) {
            ps[np++] = pl->kept_person;
            e->existing = true;
            e->target = pl->kept_target;
            hours = lsn_needs_person_hours(c->nx, pl->kept_person, pl->ends.f);
        } else if (pl->state == ST_ITEM) {
            const struct item *it = &c->items[pl->item];
            e->unmet = it->unmet;
            for (size_t k = it->first; k < it->first + it->count && !it->unmet; k++) {
                if (!c->chosen[k]) {
                    continue;
                }
                const struct cand *cd = &c->cands[k];
                one = cd;
                ps[np++] = cd->person;
                if (it->kind == ITEM_LIAISON) {
                    e->target = cd->target;
                    e->restructure = cd->restructure;
                    hours += cd->hours;
                } else if (it->kind == ITEM_ROTATION) {
                    hours += cd->hours;
                } else {
                    hours += lsn_needs_person_hours(c->nx, cd->person, pl->ends.f);
                }
            }
        }
        sort_people(c, ps, np);
        e->npeople = np;
        e->context_hours_per_week = hours;
        npeople += np;
        out->reasons[n] = reason_for(c, n, ps, np, hours, one);
        if (out->reasons[n] == NULL) {
            rc = oom();
        }
        e->reason = out->reasons[n];
        c->stats.kept += e->existing;
        c->stats.unmet += e->unmet;
        c->stats.assigned += pl->state == ST_ITEM;
    }
    for (size_t n = 0; n < c->nneeds && rc == LSN_OK; n++) {
        lsn_proposal_entry *e = &out->entries[n];
        e->people = e->npeople > 0 ? out->people + offset[n] : NULL;
    }
    free(offset);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */
/* ------------------------------------------------------------------ */

const char *lsn_proposal_model_name(lsn_proposal_model m)
{
    switch (m) {
    case LSN_MODEL_NOTES:
        return "notes";
    case LSN_MODEL_LIAISON:
        return "liaison";
    case LSN_MODEL_EMBEDDED:
        return "embedded";
    case LSN_MODEL_ROTATION:
        return "rotation";
    case LSN_MODEL_CENTRALIZED:
        return "centralized";
    }
    return "unknown";
}

static int check_options(const lsn_pass_options *o)
{
    if (!isfinite(o->rule_of_eight) || o->rule_of_eight < 0.0) {
        return lsn_error_set(LSN_EINVAL, "rule_of_eight must be a non-negative number, not %g",
                             o->rule_of_eight);
    }
    if (!isfinite(o->liaison_min_hours) || o->liaison_min_hours < 0.0) {
        return lsn_error_set(LSN_EINVAL, "liaison_min_hours must be a non-negative number, not %g",
                             o->liaison_min_hours);
    }
    if (o->liaison_max_teams < 0) {
        return lsn_error_set(LSN_EINVAL, "liaison_max_teams must not be negative, not %d",
                             (int)o->liaison_max_teams);
    }
    return LSN_OK;
}

static void ctx_free(struct ctx *c)
{
    free(c->unit_rank);
    free(c->person_rank);
    lsn_needs_free(c->nx);
    lsn_hierarchy_free(c->h);
    free(c->main_series);
    free(c->att_first);
    free(c->att);
    free(c->sprawl);
    free(c->link_flags);
    free(c->need_flags);
    free(c->uacc);
    free(c->useen);
    free(c->utouched);
    free(c->plans);
    free(c->items);
    free(c->cands);
    free(c->chosen);
}

static int build(lsn_proposal **out,
                 const lsn_analysis *a,
                 const lsn_findings *findings,
                 const lsn_pass_options *opts,
                 bool brute)
{
    assert(out != NULL && a != NULL);
    *out = NULL;
    lsn_pass_options defaults = LSN_PASS_OPTIONS_INIT;
    struct ctx c = {.a = a, .o = opts != NULL ? *opts : defaults, .findings = findings};
    lsn_proposal *p = NULL;
    int rc = check_options(&c.o);
    if (rc != LSN_OK) {
        return rc;
    }
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    size_t nsi = 0;
    c.org = lsn_calendar_org(cal);
    c.units = lsn_org_units(c.org, &c.nunits);
    c.people = lsn_org_people(c.org, &c.npeople);
    c.needs = lsn_org_needs(c.org, &c.nneeds);
    c.links = lsn_analysis_liaisons(a, &c.nlinks);
    c.series = lsn_calendar_series(cal, &c.nseries);
    c.sinfo = lsn_analysis_series(a, &nsi);
    assert(nsi == c.nseries);
    c.root = lsn_org_root(c.org);
    c.stats.needs = (int32_t)c.nneeds;

    c.plans = zalloc_array(c.nneeds, sizeof(*c.plans));
    c.uacc = zalloc_array(c.nunits, sizeof(*c.uacc));
    c.useen = zalloc_array(c.nunits, sizeof(*c.useen));
    c.utouched = alloc_array(c.nunits, sizeof(*c.utouched));
    p = calloc(1, sizeof(*p));
    if (c.plans == NULL || c.uacc == NULL || c.useen == NULL || c.utouched == NULL || p == NULL) {
        rc = oom();
        goto cleanup;
    }
    rc = lsn_order_units(&c.unit_rank, c.org);
    if (rc == LSN_OK) {
        rc = lsn_order_people(&c.person_rank, c.org);
    }
    if (rc == LSN_OK) {
        rc = lsn_hierarchy_build(&c.h, c.org);
    }
    if (rc == LSN_OK) {
        rc = lsn_needs_build(&c.nx, a, c.h);
    }
    if (rc == LSN_OK) {
        rc = index_main_meetings(&c);
    }
    if (rc == LSN_OK) {
        rc = read_findings(&c);
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }
    plan_needs(&c);
    rc = build_items(&c);
    if (rc == LSN_OK) {
        rc = brute ? assign_brute(&c) : assign_mip(&c);
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }
    {
        unsigned char *gused = zalloc_array((size_t)c.ngroups, 1);
        if (gused == NULL) {
            rc = oom();
            goto cleanup;
        }
        p->objective = objective(&c, gused);
        free(gused);
    }
    c.stats.candidates = (int32_t)c.ncands;
    rc = make_entries(&c, p);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    p->stats = c.stats;
    *out = p;
    p = NULL;

cleanup:
    lsn_proposal_free(p);
    ctx_free(&c);
    return rc;
}

int lsn_proposal_build(lsn_proposal **out,
                       const lsn_analysis *a,
                       const lsn_findings *findings,
                       const lsn_pass_options *opts)
{
    return build(out, a, findings, opts, false);
}

int lsn_proposal_build_bruteforce(lsn_proposal **out,
                                  const lsn_analysis *a,
                                  const lsn_findings *findings,
                                  const lsn_pass_options *opts)
{
    return build(out, a, findings, opts, true);
}

void lsn_proposal_free(lsn_proposal *p)
{
    if (p == NULL) {
        return;
    }
    if (p->reasons != NULL) {
        for (size_t i = 0; i < p->count; i++) {
            free(p->reasons[i]);
        }
    }
    free(p->reasons);
    free(p->entries);
    free(p->people);
    free(p);
}

const lsn_proposal_entry *lsn_proposal_entries(const lsn_proposal *p, size_t *count)
{
    assert(p != NULL && count != NULL);
    *count = p->count;
    return p->entries;
}

double lsn_proposal_objective(const lsn_proposal *p)
{
    assert(p != NULL);
    return p->objective;
}

const lsn_proposal_stats *lsn_proposal_get_stats(const lsn_proposal *p)
{
    assert(p != NULL);
    return &p->stats;
}
