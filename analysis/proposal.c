/*
 * analysis/proposal.c — the proposal of SPEC §4 (rules in proposal.h): the
 * entry points, what the findings disqualify, and the model of every need.
 * Choices, solver and entries are proposal_{items,solve,output}.c's. It
 * writes no report and draws nothing (viz/ and cli/ do).
 */
#include "analysis/proposal.h"

#include "analysis/order.h"
#include "analysis/proposal_internal.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const lsn_finding_type prop_flag_types[PROP_NFLAGS] = {
    LSN_FINDING_LIAISON_SPRAWL,   LSN_FINDING_LOW_CONTEXT_LIAISON, LSN_FINDING_UNSTABLE_LIAISON,
    LSN_FINDING_HIERARCHY_BYPASS, LSN_FINDING_MISSING_LINK,        LSN_FINDING_FRAGILE_LINK};

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
            c->link_flags[&l[k] - c->v.links] |= flag;
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
    for (size_t k = 0; k < c->v.nlinks; k++) {
        const lsn_liaison *l = &c->v.links[k];
        if (l->home != c->v.root && l->to != c->v.root && c->v.units[l->home].parent == unit &&
            within(c, l->to, to_unit) && lsn_hierarchy_top(c->v.h, l->home) != to_unit) {
            c->link_flags[k] |= FLAG_BYPASS;
        }
    }
}

static void mark_unstable(struct ctx *c, const lsn_finding *f)
{
    int32_t home = f->about.team;
    int32_t to = f->about.to;
    size_t nm = 0;
    const int32_t *members = lsn_hierarchy_members(c->v.h, home, &nm);
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
    c->sprawl = zalloc_array(c->v.npeople, 1);
    c->link_flags = zalloc_array(c->v.nlinks, 1);
    c->need_flags = zalloc_array(c->nneeds, 1);
    struct need_key *keys = alloc_array(c->nneeds, sizeof(*keys));
    if (c->sprawl == NULL || c->link_flags == NULL || c->need_flags == NULL || keys == NULL) {
        free(keys);
        return lsn_oom();
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
        const int32_t *members = lsn_hierarchy_members(c->v.h, u, &nm);
        for (size_t m = 0; m < nm; m++) {
            const lsn_liaison *l = NULL;
            int32_t nl = person_links(c, members[m], &l);
            for (int32_t k = 0; k < nl; k++) {
                if (!lsn_needs_in_end(c->nx, pl->ends.f, l[k].to) || !link_clean(c, &l[k])) {
                    continue;
                }
                if (best == NULL || l[k].hours_per_week > best->hours_per_week ||
                    (l[k].hours_per_week == best->hours_per_week &&
                     (c->v.person_rank[l[k].person] < c->v.person_rank[best->person] ||
                      (l[k].person == best->person &&
                       c->v.unit_rank[l[k].to] < c->v.unit_rank[best->to])))) {
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
    lsn_pass_view_free(&c->v);
    lsn_needs_free(c->nx);
    free(c->main_series);
    free(c->att_first);
    free(c->att);
    free(c->seat_first);
    free(c->seat_list);
    free(c->seat_counted);
    free(c->seat_added);
    free(c->seat_room);
    free(c->team_first);
    free(c->team_list);
    free(c->team_counted);
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
                 enum prop_solver solver)
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
    rc = lsn_pass_view_build(&c.v, a);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    c.needs = lsn_org_needs(c.v.org, &c.nneeds);
    c.series = lsn_calendar_series(cal, &c.nseries);
    c.sinfo = lsn_analysis_series(a, &nsi);
    assert(nsi == c.nseries);
    c.stats.needs = (int32_t)c.nneeds;

    c.plans = zalloc_array(c.nneeds, sizeof(*c.plans));
    c.uacc = zalloc_array(c.v.nunits, sizeof(*c.uacc));
    c.useen = zalloc_array(c.v.nunits, sizeof(*c.useen));
    c.utouched = alloc_array(c.v.nunits, sizeof(*c.utouched));
    p = calloc(1, sizeof(*p));
    if (c.plans == NULL || c.uacc == NULL || c.useen == NULL || c.utouched == NULL || p == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    rc = lsn_needs_build(&c.nx, a, c.v.h);
    if (rc == LSN_OK) {
        rc = prop_index_main_meetings(&c);
    }
    if (rc == LSN_OK) {
        rc = prop_index_seats(&c);
    }
    if (rc == LSN_OK) {
        rc = read_findings(&c);
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }
    plan_needs(&c);
    rc = prop_build_items(&c);
    if (rc == LSN_OK) {
        rc = solver == PROP_BRUTE ? prop_assign_brute(&c) : prop_assign_mip(&c, solver == PROP_WHOLE);
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }
    {
        unsigned char *gused = zalloc_array((size_t)c.ngroups, 1);
        if (gused == NULL) {
            rc = lsn_oom();
            goto cleanup;
        }
        p->objective = prop_objective(&c, gused);
        free(gused);
    }
    c.stats.candidates = (int32_t)c.ncands;
    rc = prop_make_entries(&c, p);
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
    return build(out, a, findings, opts, PROP_PARTS);
}

int lsn_proposal_build_whole_mip(lsn_proposal **out,
                                 const lsn_analysis *a,
                                 const lsn_findings *findings,
                                 const lsn_pass_options *opts)
{
    return build(out, a, findings, opts, PROP_WHOLE);
}

int lsn_proposal_build_bruteforce(lsn_proposal **out,
                                  const lsn_analysis *a,
                                  const lsn_findings *findings,
                                  const lsn_pass_options *opts)
{
    return build(out, a, findings, opts, PROP_BRUTE);
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
    free(p->seats);
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
