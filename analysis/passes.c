/*
 * analysis/passes.c — the §3 passes that judge the derived model directly
 * (meetings, load, needs, liaisons; see passes.h for the list). It reads
 * analysis/analysis.h only and appends findings in a deterministic order; it
 * does not sort them (lsn_findings_sort() does) and does not do the
 * community passes (analysis/structure_findings.c).
 */
#include "analysis/passes.h"

#include "analysis/hierarchy.h"
#include "analysis/needs.h"
#include "analysis/order.h"
#include "io/error.h"
#include "io/plural.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Interpretation choices where SPEC §3 needs one:
 *  - Options: NULL means LSN_PASS_OPTIONS_INIT; values are used as given (a
 *    zero is a threshold, not "the default"). A negative or non-finite
 *    threshold of these passes is LSN_EINVAL.
 *  - Every comparison is exactly the table's: size > rule_of_eight; hours >
 *    max_meeting_hours; hours < min_link_hours; share >= 0.8; links >
 *    liaison_max_teams; parents >= 3; hours < liaison_min_hours.
 *  - oversized_meeting: a series that is not broadcast (series size <=
 *    broadcast_size) with >= 2 used instances. Subject `team` is the series
 *    owner's id, or null when no instance has a roster person. Severity by
 *    the SPEC's absolute sizes (> 16 high, > 12 medium), not scaled with
 *    rule_of_eight. `liaison_pushed` is true when the series has an owner and
 *    the median of its present owner-team members is <= rule_of_eight: the
 *    team alone would fit, the outsiders push it over. `outsiders` counts
 *    everyone present not in the owner team (other teams, unknown, external,
 *    groups).
 *  - overbooked_person: roster people only (meeting hours count broadcasts
 *    and overlaps twice, as SPEC §2 defines them).
 *  - Needs (missing_link, fragile_link): both ends are sets of teams (units
 *    with headcount > 0): T = the teams under the needing unit, F = the teams
 *    under `from`. When one end lies under the other, the inner end's teams
 *    are taken out of the outer end (a team never needs itself). A need with
 *    nobody in T or nobody in F is ignored (SPEC §1.2: empty units are
 *    ignored by every pass). The pair's hours are the team-graph weights
 *    between T and F; a liaison link "between them" is a link whose home team
 *    is in T and target in F, or home in F and target in T. These ends, and
 *    what lies between them, are analysis/needs.h's, shared with the proposal.
 *  - missing_link: hours < min_link_hours and no such liaison link. Severity
 *    by context (deep high, moderate medium, minimal low), whatever the
 *    availability.
 *  - fragile_link: a need that is not missing and whose context is deep or
 *    that needs availability. The pair's hours are the person-graph edges
 *    between a member of T and a member of F; a person's share is the sum of
 *    those edges incident to them over their total. It fires when the total
 *    is > 0 and the largest share is >= 0.8 (a fixed ratio: SPEC names no
 *    option for it); ties go to the smallest email. Note that both ends of a
 *    single pair edge have the same share: a 1:1 between a and x alone is
 *    100% for both, reported as the smaller email.
 *  - isolated_team: a team (headcount > 0) with no team-graph edge while the
 *    organization has more than one team. Edges to unknown, external or
 *    group participants are not team-graph edges, so they do not help.
 *  - liaison_sprawl: "parent" is the target team's immediate parent unit (the
 *    root counts as a parent; a target that is the root itself counts as its
 *    own parent). Both lists are sorted by id; hours are summed over the
 *    person's links.
 *  - low_context_liaison: one finding per link below liaison_min_hours.
 *  - unstable_liaison: per (home team A, target team B). A person has one
 *    link to B, so the two halves "share nobody" exactly when no link of the
 *    group has counted instances in both halves.
 *  - hierarchy_bypass: the source unit is the parent of the link's home team,
 *    `to_unit` the child of the root that contains the target team (the
 *    target itself when it sits right under the root). A link is ignored
 *    when home and target lie under the same top-level unit, or when either
 *    is the root itself. Within one (unit, to_unit) group the "target
 *    parent" of a link is the immediate parent of its target team. The group
 *    fires when one person covers >= 2 target parents or when >= 2 people
 *    cover the same target parent; `liaisons` lists every person of the
 *    group and `target_parents` every target parent of the group.
 *  - Lists are sorted byte-wise (strcmp) by email or unit id; ids are unit
 *    ids, people are emails.
 */

/* SPEC §3: "at least 80% of the pair's hours involve one person". */
#define FRAGILE_SHARE 0.8
/* SPEC §3: oversized_meeting severity by absolute size. */
#define OVERSIZED_HIGH 16.0
#define OVERSIZED_MEDIUM 12.0
/* SPEC §3: overbooked_person severity by absolute hours per week. */
#define OVERBOOKED_HIGH 30.0
#define OVERBOOKED_MEDIUM 25.0
/* SPEC §3: liaison_sprawl's second rule. */
#define SPRAWL_PARENTS 3

/* An index with the rank it sorts by. */
struct ranked {
    uint64_t key;
    int32_t index;
};

struct ctx {
    const lsn_analysis *a;
    lsn_pass_options o;
    lsn_findings *out;
    double weeks;
    lsn_pass_view v;
    const lsn_team_info *teams;
    struct ranked *by_link; /* scratch of nlinks entries for the passes that sort links */
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

static int ranked_cmp(const void *x, const void *y)
{
    const struct ranked *a = x;
    const struct ranked *b = y;
    if (a->key != b->key) {
        return a->key < b->key ? -1 : 1;
    }
    return (a->index > b->index) - (a->index < b->index);
}

/* Set key in obj unless an earlier step failed; v is always consumed. */
static void put(int *rc, lsn_value *obj, const char *key, lsn_value *v)
{
    if (*rc != LSN_OK) {
        lsn_value_free(v);
        return;
    }
    *rc = lsn_value_set(obj, key, v);
}

/* Append v to list unless an earlier step failed; v is always consumed. */
static void push(int *rc, lsn_value *list, lsn_value *v)
{
    if (*rc != LSN_OK) {
        lsn_value_free(v);
        return;
    }
    *rc = lsn_value_push(list, v);
}

static lsn_value *unit_value(const struct ctx *c, int32_t u)
{
    return lsn_value_str(c->v.units[u].id);
}

static lsn_value *person_value(const struct ctx *c, int32_t p)
{
    return lsn_value_str(c->v.people[p].email);
}

/* Add the finding, or free metrics when building them failed. */
LSN_PRINTF(7, 8)
static int emit(struct ctx *c,
                lsn_finding_type kind,
                lsn_severity severity,
                const lsn_subject *about,
                lsn_value *metrics,
                int rc,
                const char *fmt,
                ...)
{
    if (rc != LSN_OK) {
        lsn_value_free(metrics);
        return rc;
    }
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    lsn_finding x = {.kind = kind,
                     .severity = severity,
                     .about = *about,
                     .metrics = metrics,
                     .explanation = text};
    return lsn_findings_add(c->out, lsn_analysis_calendar(c->a), &x);
}

/* The parent a target team is grouped under (itself for the root). */
static int32_t parent_of(const struct ctx *c, int32_t team)
{
    return c->v.units[team].parent >= 0 ? c->v.units[team].parent : team;
}

/* ------------------------------------------------------------------ */
/* oversized_meeting                                                    */
/* ------------------------------------------------------------------ */

static int pass_oversized(struct ctx *c)
{
    int rc = LSN_OK;
    size_t ns = 0, nsi = 0;
    const lsn_series *series = lsn_calendar_series(lsn_analysis_calendar(c->a), &ns);
    const lsn_series_info *info = lsn_analysis_series(c->a, &nsi);
    assert(ns == nsi);
    for (size_t k = 0; k < ns && rc == LSN_OK; k++) {
        const lsn_series_info *s = &info[k];
        if (s->broadcast || s->instances < 2 || !(s->size > c->o.rule_of_eight)) {
            continue;
        }
        lsn_severity sev = s->size > OVERSIZED_HIGH     ? LSN_SEV_HIGH
                           : s->size > OVERSIZED_MEDIUM ? LSN_SEV_MEDIUM
                                                        : LSN_SEV_LOW;
        bool pushed = s->owner >= 0 && s->owner_members <= c->o.rule_of_eight;
        const char *title = series[k].summary[0] != '\0' ? series[k].summary : series[k].uid;

        lsn_subject about = {.series = (int32_t)k, .team = s->owner >= 0 ? s->owner : -1};
        lsn_value *metrics = lsn_value_object();
        put(&rc, metrics, "size", lsn_value_num(s->size));
        put(&rc, metrics, "instances", lsn_value_int(s->instances));
        put(&rc, metrics, "person_hours_per_week", lsn_value_num(s->person_hours_per_week));
        put(&rc, metrics, "hours_per_week", lsn_value_num(s->hours / c->weeks));
        put(&rc, metrics, "teams_present", lsn_value_int(s->teams_present));
        put(&rc, metrics, "outsiders", lsn_value_num(s->outsiders));
        put(&rc, metrics, "owner_members", lsn_value_num(s->owner_members));
        put(&rc, metrics, "liaison_pushed", lsn_value_bool(pushed));
        put(&rc, metrics, "summary", lsn_value_str(series[k].summary));
        if (s->owner >= 0) {
            rc = emit(c, LSN_FINDING_OVERSIZED_MEETING, sev, &about, metrics, rc,
                      "'%s' (%u meetings, owned by %s) has a median of %g people, %g of them "
                      "from outside %s, above the rule of %g; decisions get slow%s.",
                      title, (unsigned)s->instances, c->v.units[s->owner].id, s->size, s->outsiders,
                      c->v.units[s->owner].id, c->o.rule_of_eight,
                      pushed ? ", and it is the outside seats that push it over" : "");
        } else {
            rc = emit(c, LSN_FINDING_OVERSIZED_MEETING, sev, &about, metrics, rc,
                      "'%s' (%u meetings, with no roster team) has a median of %g people, "
                      "above the rule of %g; decisions get slow.",
                      title, (unsigned)s->instances, s->size, c->o.rule_of_eight);
        }
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* overbooked_person                                                    */
/* ------------------------------------------------------------------ */

static int pass_overbooked(struct ctx *c)
{
    int rc = LSN_OK;
    size_t np = 0;
    const lsn_person_hours *hours = lsn_analysis_people(c->a, &np);
    for (size_t p = 0; p < np && rc == LSN_OK; p++) {
        const lsn_person_hours *h = &hours[p];
        if (!(h->meeting_hours_per_week > c->o.max_meeting_hours)) {
            continue;
        }
        double x = h->meeting_hours_per_week;
        lsn_severity sev = x > OVERBOOKED_HIGH     ? LSN_SEV_HIGH
                           : x > OVERBOOKED_MEDIUM ? LSN_SEV_MEDIUM
                                                   : LSN_SEV_LOW;
        lsn_subject about = {.person = (int32_t)p};
        lsn_value *metrics = lsn_value_object();
        put(&rc, metrics, "hours_per_week", lsn_value_num(x));
        put(&rc, metrics, "double_booked_hours_per_week",
            lsn_value_num(h->double_booked_hours_per_week));
        put(&rc, metrics, "instances", lsn_value_int(h->instances));
        put(&rc, metrics, "team", unit_value(c, c->v.people[p].team));
        rc = emit(c, LSN_FINDING_OVERBOOKED_PERSON, sev, &about, metrics, rc,
                  "%s spends %.1f hours a week in meetings (%.1f of them double-booked), "
                  "more than the %g-hour limit; little time is left for focused work.",
                  c->v.people[p].email, x, h->double_booked_hours_per_week, c->o.max_meeting_hours);
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* missing_link and fragile_link                                        */
/* ------------------------------------------------------------------ */

/* Scratch of fragile_link, per roster person; all zero between needs. */
struct needs_scratch {
    double *acc;         /* fragile_link hours */
    unsigned char *seen; /* in touched */
    int32_t *touched;
};

static const char *need_text(const lsn_need *need)
{
    if (need->context == LSN_CONTEXT_DEEP) {
        return need->availability ? "deep context and on-call availability" : "deep context";
    }
    return "on-call availability";
}

/* Where a need comes from, for its findings' text: "" or " The need comes from ...". */
static const char *need_because(const struct ctx *c, const lsn_need *need, char *buf, size_t size)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(c->a));
    size_t n;
    const lsn_need *needs = lsn_org_needs(org, &n);
    return lsn_org_need_because(org, (size_t)(need - needs), buf, size);
}

static int emit_missing(struct ctx *c, const lsn_need *need, double hours)
{
    char because[512];
    lsn_severity sev = need->context == LSN_CONTEXT_DEEP       ? LSN_SEV_HIGH
                       : need->context == LSN_CONTEXT_MODERATE ? LSN_SEV_MEDIUM
                                                               : LSN_SEV_LOW;
    int rc = LSN_OK;
    lsn_subject about = {.team = need->team, .from = need->from};
    lsn_value *metrics = lsn_value_object();
    put(&rc, metrics, "hours_per_week", lsn_value_num(hours));
    put(&rc, metrics, "context", lsn_value_str(lsn_context_name(need->context)));
    put(&rc, metrics, "availability", lsn_value_bool(need->availability));
    put(&rc, metrics, "liaison_links", lsn_value_int(0));
    return emit(c, LSN_FINDING_MISSING_LINK, sev, &about, metrics, rc,
                "%s needs %s context%s from %s, but their people share only %.2f meeting hours a "
                "week (less than %g) and no liaison attends either side's team meetings.%s",
                c->v.units[need->team].id, lsn_context_name(need->context),
                need->availability ? " and on-call availability" : "", c->v.units[need->from].id,
                hours, c->o.min_link_hours, need_because(c, need, because, sizeof(because)));
}

/* fragile_link for one considered need with the given ends. */
static int check_fragile(struct ctx *c,
                         struct needs_scratch *s,
                         const lsn_needs *nx,
                         const lsn_need *need,
                         const lsn_need_ends *ends,
                         int32_t nlinks)
{
    int rc = LSN_OK;
    double total = 0.0;
    size_t ntouched = 0;
    LSN_NEEDS_FOREACH_TEAM(nx, ends->t, pos, t)
    {
        size_t nm = 0;
        const int32_t *members = lsn_hierarchy_members(c->v.h, t, &nm);
        for (size_t m = 0; m < nm; m++) {
            int32_t u = members[m];
            size_t deg = 0;
            const lsn_needs_peer *peers = lsn_needs_peers(nx, u, &deg);
            for (size_t k = 0; k < deg; k++) {
                int32_t v = peers[k].person;
                if (!lsn_needs_in_end(nx, ends->f, c->v.people[v].team)) {
                    continue;
                }
                double w = peers[k].weight;
                if (!s->seen[u]) {
                    s->seen[u] = 1;
                    s->touched[ntouched++] = u;
                }
                if (!s->seen[v]) {
                    s->seen[v] = 1;
                    s->touched[ntouched++] = v;
                }
                s->acc[u] += w;
                s->acc[v] += w;
                total += w;
            }
        }
    }
    int32_t best = -1;
    for (size_t i = 0; i < ntouched; i++) {
        int32_t p = s->touched[i];
        if (best < 0 || s->acc[p] > s->acc[best] ||
            (s->acc[p] == s->acc[best] && c->v.person_rank[p] < c->v.person_rank[best])) {
            best = p;
        }
    }
    double share = best >= 0 && total > 0.0 ? s->acc[best] / total : 0.0;
    for (size_t i = 0; i < ntouched; i++) {
        s->acc[s->touched[i]] = 0.0;
        s->seen[s->touched[i]] = 0;
    }
    char because[512];
    if (!(total > 0.0) || !(share >= FRAGILE_SHARE)) {
        return LSN_OK;
    }
    lsn_subject about = {.team = need->team, .from = need->from};
    lsn_value *metrics = lsn_value_object();
    put(&rc, metrics, "person", person_value(c, best));
    put(&rc, metrics, "share", lsn_value_num(share));
    put(&rc, metrics, "hours_per_week", lsn_value_num(total));
    put(&rc, metrics, "person_team", unit_value(c, c->v.people[best].team));
    put(&rc, metrics, "context", lsn_value_str(lsn_context_name(need->context)));
    put(&rc, metrics, "availability", lsn_value_bool(need->availability));
    put(&rc, metrics, "liaison_links", lsn_value_int(nlinks));
    return emit(c, LSN_FINDING_FRAGILE_LINK, LSN_SEV_MEDIUM, &about, metrics, rc,
                "%.0f%% of the %.2f weekly meeting hours between %s and %s involve %s alone; one "
                "person cannot carry %s.%s",
                share * 100.0, total, c->v.units[need->team].id, c->v.units[need->from].id,
                c->v.people[best].email, need_text(need),
                need_because(c, need, because, sizeof(because)));
}

static int pass_needs(struct ctx *c)
{
    int rc = LSN_OK;
    size_t nneeds = 0;
    const lsn_need *needs = lsn_org_needs(lsn_calendar_org(lsn_analysis_calendar(c->a)), &nneeds);
    struct needs_scratch s = {0};
    lsn_needs *nx = NULL;
    if (nneeds == 0) {
        return LSN_OK;
    }
    size_t np = c->v.npeople ? c->v.npeople : 1;
    s.acc = calloc(np, sizeof(*s.acc));
    s.seen = calloc(np, sizeof(*s.seen));
    s.touched = malloc(np * sizeof(*s.touched));
    if (s.acc == NULL || s.seen == NULL || s.touched == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    rc = lsn_needs_build(&nx, c->a, c->v.h);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < nneeds && rc == LSN_OK; i++) {
        const lsn_need *need = &needs[i];
        lsn_need_ends ends;
        lsn_needs_ends(&ends, nx, need);
        if (!lsn_needs_considered(&ends)) {
            continue;
        }
        double hours = lsn_needs_hours(nx, &ends);
        int32_t nlinks = lsn_needs_links(nx, &ends);
        if (hours < c->o.min_link_hours && nlinks == 0) {
            rc = emit_missing(c, need, hours);
        } else if (need->context == LSN_CONTEXT_DEEP || need->availability) {
            rc = check_fragile(c, &s, nx, need, &ends, nlinks);
        }
    }

cleanup:
    lsn_needs_free(nx);
    free(s.acc);
    free(s.seen);
    free(s.touched);
    return rc;
}

/* ------------------------------------------------------------------ */
/* isolated_team                                                        */
/* ------------------------------------------------------------------ */

static int pass_isolated(struct ctx *c)
{
    int rc = LSN_OK;
    if (lsn_analysis_summary(c->a)->teams <= 1) {
        return LSN_OK;
    }
    for (size_t u = 0; u < c->v.nunits && rc == LSN_OK; u++) {
        const lsn_team_info *t = &c->teams[u];
        if (t->headcount <= 0 || t->links > 0) {
            continue;
        }
        lsn_subject about = {.team = (int32_t)u};
        lsn_value *metrics = lsn_value_object();
        put(&rc, metrics, "headcount", lsn_value_int(t->headcount));
        put(&rc, metrics, "meeting_hours_per_week", lsn_value_num(t->meeting_hours_per_week));
        put(&rc, metrics, "team_meetings", lsn_value_int(t->team_meetings));
        rc = emit(c, LSN_FINDING_ISOLATED_TEAM, LSN_SEV_HIGH, &about, metrics, rc,
                  "Team %s (%d %s) shares no meeting time with any other team; what it knows "
                  "and needs travels only by chance.",
                  c->v.units[u].id, (int)t->headcount,
                  lsn_plural((size_t)t->headcount, "person", "people"));
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* liaison_sprawl and low_context_liaison                               */
/* ------------------------------------------------------------------ */

static int pass_sprawl(struct ctx *c)
{
    int rc = LSN_OK;
    struct ranked *parents = c->by_link;
    /* Links are sorted by (email, target id): one run per person. */
    for (size_t i = 0, j = 0; i < c->v.nlinks && rc == LSN_OK; i = j) {
        int32_t p = c->v.links[i].person;
        double hours = 0.0;
        for (j = i; j < c->v.nlinks && c->v.links[j].person == p; j++) {
            int32_t parent = parent_of(c, c->v.links[j].to);
            parents[j - i] = (struct ranked){(uint64_t)c->v.unit_rank[parent], parent};
            hours += c->v.links[j].hours_per_week;
        }
        size_t n = j - i;
        qsort(parents, n, sizeof(*parents), ranked_cmp);
        size_t distinct = 0;
        for (size_t k = 0; k < n; k++) {
            if (k == 0 || parents[k].key != parents[k - 1].key) {
                parents[distinct++] = parents[k];
            }
        }
        bool many_teams = n > (size_t)c->o.liaison_max_teams;
        bool many_parents = distinct >= SPRAWL_PARENTS;
        if (!many_teams && !many_parents) {
            continue;
        }
        lsn_subject about = {.person = p};
        lsn_value *metrics = lsn_value_object();
        lsn_value *teams = lsn_value_list();
        lsn_value *plist = lsn_value_list();
        for (size_t k = i; k < j; k++) {
            push(&rc, teams, unit_value(c, c->v.links[k].to));
        }
        for (size_t k = 0; k < distinct; k++) {
            push(&rc, plist, unit_value(c, parents[k].index));
        }
        put(&rc, metrics, "teams", teams);
        put(&rc, metrics, "parents", plist);
        put(&rc, metrics, "hours_per_week", lsn_value_num(hours));
        put(&rc, metrics, "team", unit_value(c, c->v.people[p].team));
        rc = emit(c, LSN_FINDING_LIAISON_SPRAWL,
                  many_teams && many_parents ? LSN_SEV_HIGH : LSN_SEV_MEDIUM, &about, metrics, rc,
                  "%s sits as a liaison in the team meetings of %zu teams under %zu different "
                  "%s (%.1f hours a week); liaisons sprinkled this widely are a sign of a "
                  "structural problem.",
                  c->v.people[p].email, n, distinct, lsn_plural(distinct, "unit", "units"), hours);
    }
    return rc;
}

static int pass_low_context(struct ctx *c)
{
    int rc = LSN_OK;
    for (size_t k = 0; k < c->v.nlinks && rc == LSN_OK; k++) {
        const lsn_liaison *l = &c->v.links[k];
        if (!(l->hours_per_week < c->o.liaison_min_hours)) {
            continue;
        }
        lsn_subject about = {.person = l->person, .to = l->to};
        lsn_value *metrics = lsn_value_object();
        put(&rc, metrics, "hours_per_week", lsn_value_num(l->hours_per_week));
        put(&rc, metrics, "instances", lsn_value_int(l->instances));
        put(&rc, metrics, "team", unit_value(c, l->home));
        rc = emit(c, LSN_FINDING_LOW_CONTEXT_LIAISON, LSN_SEV_LOW, &about, metrics, rc,
                  "%s attends %s's team meetings for only %.2f hours a week (%d %s in the "
                  "window, less than %g hours a week); notes or an email would do.",
                  c->v.people[l->person].email, c->v.units[l->to].id, l->hours_per_week,
                  (int)l->instances, lsn_plural((size_t)l->instances, "meeting", "meetings"),
                  c->o.liaison_min_hours);
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* unstable_liaison                                                     */
/* ------------------------------------------------------------------ */

static int pass_unstable(struct ctx *c)
{
    int rc = LSN_OK;
    struct ranked *order = c->by_link;
    /* Group by (home, target) in id order; within a group the link index
     * (email order) breaks ties. */
    for (size_t k = 0; k < c->v.nlinks; k++) {
        order[k] = (struct ranked){((uint64_t)(uint32_t)c->v.unit_rank[c->v.links[k].home] << 32) |
                                       (uint32_t)c->v.unit_rank[c->v.links[k].to],
                                   (int32_t)k};
    }
    qsort(order, c->v.nlinks, sizeof(*order), ranked_cmp);
    for (size_t i = 0, j = 0; i < c->v.nlinks && rc == LSN_OK; i = j) {
        size_t first = 0, second = 0;
        bool shared = false;
        for (j = i; j < c->v.nlinks && order[j].key == order[i].key; j++) {
            const lsn_liaison *l = &c->v.links[order[j].index];
            first += l->first_half > 0;
            second += l->second_half > 0;
            shared = shared || (l->first_half > 0 && l->second_half > 0);
        }
        if (first == 0 || second == 0 || shared) {
            continue;
        }
        const lsn_liaison *head = &c->v.links[order[i].index];
        lsn_subject about = {.team = head->home, .to = head->to};
        lsn_value *metrics = lsn_value_object();
        lsn_value *l1 = lsn_value_list();
        lsn_value *l2 = lsn_value_list();
        for (size_t k = i; k < j; k++) {
            const lsn_liaison *l = &c->v.links[order[k].index];
            if (l->first_half > 0) {
                push(&rc, l1, person_value(c, l->person));
            }
            if (l->second_half > 0) {
                push(&rc, l2, person_value(c, l->person));
            }
        }
        put(&rc, metrics, "first_half", l1);
        put(&rc, metrics, "second_half", l2);
        rc = emit(c, LSN_FINDING_UNSTABLE_LIAISON, LSN_SEV_MEDIUM, &about, metrics, rc,
                  "%s's liaisons to %s changed halfway through the window (%zu %s in the first "
                  "half, %zu different %s in the second); a liaison has to stay to build "
                  "context.",
                  c->v.units[head->home].id, c->v.units[head->to].id, first,
                  lsn_plural(first, "person", "people"), second,
                  lsn_plural(second, "person", "people"));
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* hierarchy_bypass                                                     */
/* ------------------------------------------------------------------ */

/* One link that crosses top-level units. */
struct crossing {
    uint64_t group;  /* (source unit rank, top-level unit rank) */
    int32_t person;  /* email rank */
    int32_t tparent; /* target parent's id rank */
    int32_t link;
};

/* Crossings by group, then by person and target parent (parent first when
 * by_parent), then link. */
static int crossing_order(const struct crossing *a, const struct crossing *b, bool by_parent)
{
    if (a->group != b->group) {
        return a->group < b->group ? -1 : 1;
    }
    int32_t ka[3] = {by_parent ? a->tparent : a->person, by_parent ? a->person : a->tparent,
                     a->link};
    int32_t kb[3] = {by_parent ? b->tparent : b->person, by_parent ? b->person : b->tparent,
                     b->link};
    for (int i = 0; i < 3; i++) {
        if (ka[i] != kb[i]) {
            return ka[i] < kb[i] ? -1 : 1;
        }
    }
    return 0;
}

static int crossing_by_person(const void *x, const void *y)
{
    return crossing_order(x, y, false);
}

/* Within one group. */
static int crossing_by_parent(const void *x, const void *y)
{
    return crossing_order(x, y, true);
}

static int emit_bypass(struct ctx *c,
                       const struct crossing *byp,
                       const struct crossing *bypar,
                       size_t n,
                       bool spans,
                       bool shares)
{
    int rc = LSN_OK;
    const lsn_liaison *head = &c->v.links[byp[0].link];
    int32_t source = c->v.units[head->home].parent;
    int32_t to_unit = lsn_hierarchy_top(c->v.h, head->to);
    lsn_subject about = {.unit = source, .to_unit = to_unit};
    lsn_value *metrics = lsn_value_object();
    lsn_value *people = lsn_value_list();
    lsn_value *parents = lsn_value_list();
    lsn_value *teams = lsn_value_list();
    size_t npeople = 0, nparents = 0;
    for (size_t k = 0; k < n; k++) {
        if (k == 0 || byp[k].person != byp[k - 1].person) {
            push(&rc, people, person_value(c, c->v.links[byp[k].link].person));
            npeople++;
        }
        if (k == 0 || bypar[k].tparent != bypar[k - 1].tparent) {
            push(&rc, parents, unit_value(c, c->v.units[c->v.links[bypar[k].link].to].parent));
            nparents++;
        }
    }
    /* Attended teams, sorted by id, once each (n <= nlinks). */
    struct ranked *t = c->by_link;
    for (size_t k = 0; k < n; k++) {
        int32_t to = c->v.links[byp[k].link].to;
        t[k] = (struct ranked){(uint64_t)c->v.unit_rank[to], to};
    }
    qsort(t, n, sizeof(*t), ranked_cmp);
    for (size_t k = 0; k < n; k++) {
        if (k == 0 || t[k].key != t[k - 1].key) {
            push(&rc, teams, unit_value(c, t[k].index));
        }
    }
    put(&rc, metrics, "liaisons", people);
    put(&rc, metrics, "target_parents", parents);
    put(&rc, metrics, "teams", teams);
    put(&rc, metrics, "one_liaison_many_parents", lsn_value_bool(spans));
    put(&rc, metrics, "many_liaisons_one_parent", lsn_value_bool(shares));
    const char *why = spans && shares ? "one person spans several of its units and several "
                                        "people share one"
                      : spans         ? "one person spans several of its units"
                                      : "several people share one of its units";
    return emit(c, LSN_FINDING_HIERARCHY_BYPASS, LSN_SEV_MEDIUM, &about, metrics, rc,
                "Liaisons from %s into %s do not follow %s's hierarchy: %zu %s teams "
                "under %zu of its units, and %s; one liaison per unit keeps the organization "
                "simple through reorgs.",
                c->v.units[source].id, c->v.units[to_unit].id, c->v.units[to_unit].id, npeople,
                lsn_plural(npeople, "person covers", "people cover"), nparents, why);
}

static int pass_bypass(struct ctx *c)
{
    int rc = LSN_OK;
    size_t n = 0;
    struct crossing *byp = malloc((c->v.nlinks ? c->v.nlinks : 1) * sizeof(*byp));
    struct crossing *bypar = malloc((c->v.nlinks ? c->v.nlinks : 1) * sizeof(*bypar));
    if (byp == NULL || bypar == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t k = 0; k < c->v.nlinks; k++) {
        const lsn_liaison *l = &c->v.links[k];
        int32_t to_unit = lsn_hierarchy_top(c->v.h, l->to);
        if (l->home == c->v.root || l->to == c->v.root ||
            lsn_hierarchy_top(c->v.h, l->home) == to_unit) {
            continue;
        }
        int32_t source = c->v.units[l->home].parent;
        byp[n++] = (struct crossing){
            ((uint64_t)(uint32_t)c->v.unit_rank[source] << 32) | (uint32_t)c->v.unit_rank[to_unit],
            c->v.person_rank[l->person], c->v.unit_rank[c->v.units[l->to].parent], (int32_t)k};
    }
    qsort(byp, n, sizeof(*byp), crossing_by_person);
    for (size_t i = 0, j = 0; i < n; i = j) {
        for (j = i; j < n && byp[j].group == byp[i].group; j++) {
        }
        bool spans = false, shares = false;
        for (size_t k = i + 1; k < j; k++) {
            if (byp[k].person == byp[k - 1].person && byp[k].tparent != byp[k - 1].tparent) {
                spans = true;
            }
        }
        memcpy(bypar + i, byp + i, (j - i) * sizeof(*bypar));
        qsort(bypar + i, j - i, sizeof(*bypar), crossing_by_parent);
        for (size_t k = i + 1; k < j; k++) {
            if (bypar[k].tparent == bypar[k - 1].tparent &&
                bypar[k].person != bypar[k - 1].person) {
                shares = true;
            }
        }
        if (!spans && !shares) {
            continue;
        }
        rc = emit_bypass(c, byp + i, bypar + i, j - i, spans, shares);
        if (rc != LSN_OK) {
            goto cleanup;
        }
    }

cleanup:
    free(byp);
    free(bypar);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Entry point                                                          */
/* ------------------------------------------------------------------ */

static int check_threshold(double value, const char *name)
{
    if (!isfinite(value) || value < 0.0) {
        return lsn_error_set(LSN_EINVAL, "%s must be a non-negative number, not %g", name, value);
    }
    return LSN_OK;
}

static int check_options(const lsn_pass_options *o)
{
    int rc = check_threshold(o->rule_of_eight, "rule_of_eight");
    if (rc == LSN_OK) {
        rc = check_threshold(o->max_meeting_hours, "max_meeting_hours");
    }
    if (rc == LSN_OK) {
        rc = check_threshold(o->min_link_hours, "min_link_hours");
    }
    if (rc == LSN_OK) {
        rc = check_threshold(o->liaison_min_hours, "liaison_min_hours");
    }
    if (rc == LSN_OK && o->liaison_max_teams < 0) {
        rc = lsn_error_set(LSN_EINVAL, "liaison_max_teams must not be negative, not %d",
                           (int)o->liaison_max_teams);
    }
    return rc;
}

int lsn_pass_view_build(lsn_pass_view *v, const lsn_analysis *a)
{
    memset(v, 0, sizeof(*v));
    v->org = lsn_calendar_org(lsn_analysis_calendar(a));
    v->units = lsn_org_units(v->org, &v->nunits);
    v->people = lsn_org_people(v->org, &v->npeople);
    v->links = lsn_analysis_liaisons(a, &v->nlinks);
    v->root = lsn_org_root(v->org);
    int rc = lsn_order_units(&v->unit_rank, v->org);
    if (rc == LSN_OK) {
        rc = lsn_order_people(&v->person_rank, v->org);
    }
    if (rc == LSN_OK) {
        rc = lsn_hierarchy_build(&v->h, v->org);
    }
    return rc;
}

void lsn_pass_view_free(lsn_pass_view *v)
{
    free(v->unit_rank);
    free(v->person_rank);
    lsn_hierarchy_free(v->h);
}

int lsn_passes_run(lsn_findings *out, const lsn_analysis *a, const lsn_pass_options *opts)
{
    assert(out != NULL && a != NULL);
    lsn_pass_options defaults = LSN_PASS_OPTIONS_INIT;
    struct ctx c = {.a = a, .o = opts != NULL ? *opts : defaults, .out = out};
    int rc = check_options(&c.o);
    if (rc != LSN_OK) {
        return rc;
    }
    size_t nteams = 0;
    c.weeks = lsn_analysis_summary(a)->weeks;
    c.teams = lsn_analysis_teams(a, &nteams);
    rc = lsn_pass_view_build(&c.v, a);
    assert(nteams == c.v.nunits);
    if (rc == LSN_OK) {
        c.by_link = malloc((c.v.nlinks ? c.v.nlinks : 1) * sizeof(*c.by_link));
        rc = c.by_link == NULL ? lsn_oom() : LSN_OK;
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }
    /* In the order of SPEC §3's table. */
    int (*const passes[])(struct ctx *) = {
        pass_oversized, pass_overbooked,  pass_needs,    pass_isolated,
        pass_sprawl,    pass_low_context, pass_unstable, pass_bypass,
    };
    for (size_t k = 0; k < sizeof(passes) / sizeof(passes[0]) && rc == LSN_OK; k++) {
        rc = passes[k](&c);
    }

cleanup:
    lsn_pass_view_free(&c.v);
    free(c.by_link);
    return rc;
}
