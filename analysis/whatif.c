/*
 * analysis/whatif.c — change lists applied to the derived model, and the
 * proposal's impact. The changed calendar is made by io/calendar.c's
 * lsn_calendar_edit (the scenario remap with presence edits) and analyzed
 * again by analysis/run.c; this file only decides who sits where and
 * compares the two runs.
 */
#include "analysis/whatif.h"

#include "analysis/meetings.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/sort.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oom(void)
{
    return lsn_oom();
}

static void *alloc_array(size_t n, size_t size)
{
    return malloc((n ? n : 1) * size);
}

/* ------------------------------------------------------------------ */
/* Team-meeting series                                                  */
/* ------------------------------------------------------------------ */

/* (team, series) pairs: the series has an instance that is a team meeting of the team. */
struct pair {
    int32_t team, series;
};

static int cmp_pair(const void *x, const void *y)
{
    const struct pair *a = x, *b = y;
    if (a->team != b->team) {
        return (a->team > b->team) - (a->team < b->team);
    }
    return (a->series > b->series) - (a->series < b->series);
}

/* Every (team, series) pair, sorted and unique. O(I + P log P). */
static int team_series(struct pair **out, size_t *count, const lsn_analysis *a)
{
    size_t ns, ni;
    const lsn_series_info *si = lsn_analysis_series(a, &ns);
    const lsn_instance_info *ii = lsn_analysis_instances(a, &ni);
    struct pair *p = alloc_array(ni, sizeof(*p));
    if (p == NULL) {
        return oom();
    }
    size_t n = 0;
    for (size_t s = 0; s < ns; s++) {
        for (uint32_t i = si[s].first; i < si[s].first + si[s].instances; i++) {
            if (ii[i].team_meeting >= 0) {
                p[n++] = (struct pair){ii[i].team_meeting, (int32_t)s};
            }
        }
    }
    qsort(p, n, sizeof(*p), cmp_pair);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (m == 0 || cmp_pair(&p[m - 1], &p[k]) != 0) {
            p[m++] = p[k];
        }
    }
    *out = p;
    *count = m;
    return LSN_OK;
}

/* The range of pairs of team t. */
static void team_range(const struct pair *p, size_t n, int32_t t, size_t *lo, size_t *hi)
{
    size_t a = 0, b = n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (p[mid].team < t) {
            a = mid + 1;
        } else {
            b = mid;
        }
    }
    *lo = a;
    while (a < n && p[a].team == t) {
        a++;
    }
    *hi = a;
}

int lsn_whatif_series(
    int32_t **first, int32_t **series, const lsn_analysis *a, const lsn_change *changes, size_t n)
{
    struct pair *pairs = NULL;
    size_t npairs = 0;
    *first = NULL;
    *series = NULL;
    /* The team-meeting series only when some change names a team. */
    bool teams = false;
    for (size_t i = 0; i < n && !teams; i++) {
        teams = changes[i].action != LSN_CHANGE_MOVE && changes[i].series < 0;
    }
    int rc = teams ? team_series(&pairs, &npairs, a) : LSN_OK;
    if (rc != LSN_OK) {
        return rc;
    }
    int32_t *f = alloc_array(n + 1, sizeof(*f));
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const lsn_change *c = &changes[i];
        if (c->action == LSN_CHANGE_MOVE) {
            continue;
        }
        if (c->series >= 0) {
            total++;
        } else {
            size_t lo, hi;
            team_range(pairs, npairs, c->team, &lo, &hi);
            total += hi - lo;
        }
    }
    int32_t *s = alloc_array(total, sizeof(*s));
    if (f == NULL || s == NULL) {
        free(pairs);
        free(f);
        free(s);
        return oom();
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const lsn_change *c = &changes[i];
        f[i] = (int32_t)k;
        if (c->action == LSN_CHANGE_MOVE) {
            continue;
        }
        if (c->series >= 0) {
            s[k++] = c->series;
        } else {
            size_t lo, hi;
            team_range(pairs, npairs, c->team, &lo, &hi);
            for (size_t j = lo; j < hi; j++) {
                s[k++] = pairs[j].series;
            }
        }
    }
    f[n] = (int32_t)k;
    free(pairs);
    *first = f;
    *series = s;
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* Applying a change list                                               */
/* ------------------------------------------------------------------ */

/* One attend or leave of one person at one series. */
struct seat {
    int32_t series, person, order;
    bool attend;
};

static int cmp_seat(const void *x, const void *y)
{
    const struct seat *a = x, *b = y;
    if (a->series != b->series) {
        return (a->series > b->series) - (a->series < b->series);
    }
    if (a->person != b->person) {
        return (a->person > b->person) - (a->person < b->person);
    }
    return (a->order > b->order) - (a->order < b->order);
}

/* Who joins and who leaves each series: CSR by series. */
struct edits {
    int32_t *add_first, *add, *rem_first, *rem;
};

static void edits_free(struct edits *e)
{
    free(e->add_first);
    free(e->add);
    free(e->rem_first);
    free(e->rem);
}

static void edit_of(void *ud, int32_t s, lsn_presence_edit *out)
{
    const struct edits *e = ud;
    out->add = e->add + e->add_first[s];
    out->nadd = (size_t)(e->add_first[s + 1] - e->add_first[s]);
    out->remove = e->rem + e->rem_first[s];
    out->nremove = (size_t)(e->rem_first[s + 1] - e->rem_first[s]);
}

/* The edits of the attend and leave changes: for one person and one series
 * the last change decides. */
static int build_edits(
    struct edits *e, const lsn_analysis *a, const lsn_change *changes, size_t n, size_t nseries)
{
    int32_t *first = NULL, *series = NULL;
    int rc = lsn_whatif_series(&first, &series, a, changes, n);
    if (rc != LSN_OK) {
        return rc;
    }
    size_t total = (size_t)first[n];
    struct seat *seats = alloc_array(total, sizeof(*seats));
    e->add_first = calloc(nseries + 1, sizeof(*e->add_first));
    e->rem_first = calloc(nseries + 1, sizeof(*e->rem_first));
    e->add = alloc_array(total, sizeof(*e->add));
    e->rem = alloc_array(total, sizeof(*e->rem));
    if (seats == NULL || e->add_first == NULL || e->rem_first == NULL || e->add == NULL ||
        e->rem == NULL) {
        free(first);
        free(series);
        free(seats);
        return oom();
    }
    for (size_t i = 0; i < n; i++) {
        for (int32_t k = first[i]; k < first[i + 1]; k++) {
            seats[k] = (struct seat){series[k], changes[i].person, (int32_t)i,
                                     changes[i].action == LSN_CHANGE_ATTEND};
        }
    }
    free(first);
    free(series);
    qsort(seats, total, sizeof(*seats), cmp_seat);
    /* Keep the last seat of each (series, person); count per series. */
    size_t m = 0;
    for (size_t k = 0; k < total; k++) {
        if (k + 1 < total && seats[k + 1].series == seats[k].series &&
            seats[k + 1].person == seats[k].person) {
            continue;
        }
        seats[m++] = seats[k];
        if (seats[k].attend) {
            e->add_first[seats[k].series + 1]++;
        } else {
            e->rem_first[seats[k].series + 1]++;
        }
    }
    for (size_t s = 0; s < nseries; s++) {
        e->add_first[s + 1] += e->add_first[s];
        e->rem_first[s + 1] += e->rem_first[s];
    }
    size_t na = 0, nr = 0;
    for (size_t k = 0; k < m; k++) { /* sorted by series: the CSR fills in order */
        if (seats[k].attend) {
            e->add[na++] = seats[k].person;
        } else {
            e->rem[nr++] = seats[k].person;
        }
    }
    free(seats);
    return LSN_OK;
}

/* base's roster again, with the people's teams of team_of: the same units,
 * people, managers and needs in the same order, so indices do not change. */
static int moved_org(lsn_org **out, const lsn_org *base, const int32_t *team_of)
{
    size_t nu, np, nn;
    const lsn_unit *units = lsn_org_units(base, &nu);
    const lsn_person *people = lsn_org_people(base, &np);
    const lsn_need *needs = lsn_org_needs(base, &nn);
    lsn_org *org = NULL;
    int rc = lsn_org_new(&org);
    for (size_t u = 0; u < nu && rc == LSN_OK; u++) {
        if (units[u].synthetic) {
            continue;
        }
        int32_t p = units[u].parent;
        const char *parent = p >= 0 && !units[p].synthetic ? units[p].id : NULL;
        rc = lsn_org_add_unit(
            org, &(lsn_unit_row){.id = units[u].id, .parent = parent, .name = units[u].name});
    }
    for (size_t i = 0; i < np && rc == LSN_OK; i++) {
        const lsn_person *pe = &people[i];
        rc = lsn_org_add_person(
            org, &(lsn_person_row){.email = pe->email,
                                   .name = pe->name,
                                   .team = units[team_of[i]].id,
                                   .manager = pe->manager >= 0 ? people[pe->manager].email : NULL,
                                   .at = {.line = pe->line}});
    }
    for (size_t i = 0; i < nn && rc == LSN_OK; i++) {
        rc = lsn_org_add_need(org, &(lsn_need_row){.team = units[needs[i].team].id,
                                                   .from = units[needs[i].from].id,
                                                   .context = needs[i].context,
                                                   .availability = needs[i].availability,
                                                   .at = {.line = needs[i].line}});
    }
    return lsn_org_finish_into(out, org, rc);
}

int lsn_whatif_apply(lsn_whatif *out, const lsn_analysis *a, const lsn_change *changes, size_t n)
{
    const lsn_calendar *base = lsn_analysis_calendar(a);
    const lsn_org *org = lsn_calendar_org(base);
    size_t np, ns;
    const lsn_person *people = lsn_org_people(org, &np);
    lsn_calendar_series(base, &ns);
    memset(out, 0, sizeof(*out));
    struct edits e = {NULL, NULL, NULL, NULL};
    int32_t *team_of = NULL;
    int rc = build_edits(&e, a, changes, n, ns);
    bool moved = false;
    if (rc == LSN_OK) {
        team_of = alloc_array(np, sizeof(*team_of));
        rc = team_of == NULL ? oom() : LSN_OK;
    }
    if (rc == LSN_OK) {
        for (size_t i = 0; i < np; i++) {
            team_of[i] = people[i].team;
        }
        for (size_t i = 0; i < n; i++) {
            if (changes[i].action == LSN_CHANGE_MOVE) {
                team_of[changes[i].person] = changes[i].team;
            }
        }
        for (size_t i = 0; i < np; i++) {
            moved |= team_of[i] != people[i].team;
        }
        if (moved) {
            rc = moved_org(&out->org, org, team_of);
        }
    }
    if (rc == LSN_OK) {
        rc = lsn_calendar_edit(&out->cal, base, moved ? out->org : org, edit_of, &e);
    }
    edits_free(&e);
    free(team_of);
    if (rc != LSN_OK) {
        lsn_whatif_free(out);
    }
    return rc;
}

void lsn_whatif_free(lsn_whatif *w)
{
    lsn_calendar_free(w->cal);
    lsn_org_free(w->org);
    memset(w, 0, sizeof(*w));
}

/* ------------------------------------------------------------------ */
/* The proposal's change list                                           */
/* ------------------------------------------------------------------ */

int lsn_whatif_proposal_changes(lsn_changes *out,
                                int32_t **entry,
                                const lsn_analysis *a,
                                const lsn_proposal *p)
{
    size_t n;
    const lsn_proposal_entry *e = lsn_proposal_entries(p, &n);
    memset(out, 0, sizeof(*out));
    *entry = NULL;
    int32_t *from = NULL;
    size_t cap = 0;
    int rc = LSN_OK;
    (void)a;
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        if (e[i].existing || e[i].unmet || e[i].target < 0) {
            continue;
        }
        lsn_change c = {.action = LSN_CHANGE_ATTEND, .team = -1, .series = -1, .line = 0};
        for (size_t k = 0; k < e[i].npeople * e[i].nseats && rc == LSN_OK; k++) {
            c.person = e[i].people[k / e[i].nseats];
            c.series = e[i].seats[k % e[i].nseats];
            if ((rc = lsn_changes_push(out, &c)) == LSN_OK && out->count > cap) {
                cap = out->cap;
                int32_t *grown = realloc(from, cap * sizeof(*from));
                if (grown == NULL) {
                    rc = oom();
                    break;
                }
                from = grown;
            }
            if (rc == LSN_OK) {
                from[out->count - 1] = (int32_t)i;
            }
        }
    }
    if (rc != LSN_OK) {
        free(from);
        lsn_changes_clear(out);
        return rc;
    }
    *entry = from;
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* The impact                                                           */
/* ------------------------------------------------------------------ */

void lsn_impact_figures_compute(lsn_impact_figures *out, const lsn_run *run)
{
    memset(out, 0, sizeof(*out));
    lsn_metrics_compute(&out->metrics, run->analysis, run->findings, run->structure);
    out->fragile_links = out->metrics.by_type[LSN_FINDING_FRAGILE_LINK];
    out->liaison_sprawl = out->metrics.by_type[LSN_FINDING_LIAISON_SPRAWL];
    out->overbooked_people = out->metrics.by_type[LSN_FINDING_OVERBOOKED_PERSON];
    size_t nl;
    const lsn_liaison *l = lsn_analysis_liaisons(run->analysis, &nl);
    /* Links are grouped by person (analysis/liaisons.h): count the runs. */
    for (size_t i = 0, j; i < nl; i = j) {
        for (j = i; j < nl && l[j].person == l[i].person; j++) {
        }
        if ((int32_t)(j - i) > out->largest_liaison_load) {
            out->largest_liaison_load = (int32_t)(j - i);
        }
    }
}

/* A finding's identity across runs: type and subject as text. */
struct keyed {
    char *key;
    int32_t index;
};

static int cmp_keyed(const void *x, const void *y)
{
    return strcmp(((const struct keyed *)x)->key, ((const struct keyed *)y)->key);
}

static void keys_free(struct keyed *k, size_t n)
{
    for (size_t i = 0; k != NULL && i < n; i++) {
        free(k[i].key);
    }
    free(k);
}

static int keys_of(struct keyed **out, const lsn_findings *f, size_t *n)
{
    const lsn_finding *items = lsn_findings_items(f, n);
    struct keyed *k = calloc(*n ? *n : 1, sizeof(*k));
    if (k == NULL) {
        return oom();
    }
    for (size_t i = 0; i < *n; i++) {
        char *subject = lsn_value_to_text(items[i].subject);
        size_t len = strlen(items[i].type) + (subject != NULL ? strlen(subject) : 0) + 2;
        k[i].key = subject != NULL ? malloc(len) : NULL;
        if (k[i].key == NULL) {
            free(subject);
            keys_free(k, *n);
            return oom();
        }
        snprintf(k[i].key, len, "%s\x1f%s", items[i].type, subject);
        free(subject);
        k[i].index = (int32_t)i;
    }
    qsort(k, *n, sizeof(*k), cmp_keyed);
    *out = k;
    return LSN_OK;
}

/* Indices (ascending) of the findings of a that b does not have. */
static int only_in(int32_t **out,
                   size_t *count,
                   const struct keyed *a,
                   size_t na,
                   const struct keyed *b,
                   size_t nb)
{
    int32_t *v = alloc_array(na, sizeof(*v));
    if (v == NULL) {
        return oom();
    }
    size_t n = 0;
    for (size_t i = 0; i < na; i++) {
        if (bsearch(&a[i], b, nb, sizeof(*b), cmp_keyed) == NULL) {
            v[n++] = a[i].index;
        }
    }
    lsn_sort_i32(v, n);
    *out = v;
    *count = n;
    return LSN_OK;
}

/* What one entry seats: its people, series (UIDs) and target. */
struct seated {
    const lsn_org *org;
    const lsn_proposal_entry *e;
    const lsn_series *series; /* the run before's */
    const int32_t *sv;
    size_t ns;
};

static bool seats_person(const struct seated *st, int32_t p)
{
    for (size_t k = 0; k < st->e->npeople; k++) {
        if (st->e->people[k] == p) {
            return true;
        }
    }
    return false;
}

static bool seats_uid(const struct seated *st, const char *uid)
{
    for (size_t k = 0; k < st->ns; k++) {
        if (strcmp(st->series[st->sv[k]].uid, uid) == 0) {
            return true;
        }
    }
    return false;
}

/* Whether the target or a seated person's home team lies under (or is) unit. */
static bool seats_under(const struct seated *st, int32_t unit, bool exact)
{
    size_t np;
    const lsn_person *people = lsn_org_people(st->org, &np);
    if (unit < 0) {
        return false;
    }
    if (exact ? st->e->target == unit : lsn_org_unit_within(st->org, st->e->target, unit)) {
        return true;
    }
    for (size_t k = 0; k < st->e->npeople; k++) {
        int32_t home = people[st->e->people[k]].team;
        if (exact ? home == unit : lsn_org_unit_within(st->org, home, unit)) {
            return true;
        }
    }
    return false;
}

/* Whether entry st touches finding f of a run whose series are `series`. */
static bool touches(const struct seated *st, const lsn_finding *f, const lsn_series *series)
{
    const lsn_subject *s = &f->about;
    size_t np;
    const lsn_person *people = lsn_org_people(st->org, &np);
    switch (f->kind) {
    case LSN_FINDING_MISSING_LINK:
    case LSN_FINDING_FRAGILE_LINK:
        return s->team == st->e->team && s->from == st->e->from;
    case LSN_FINDING_OVERSIZED_MEETING:
        return s->series >= 0 && seats_uid(st, series[s->series].uid);
    case LSN_FINDING_OVERBOOKED_PERSON:
    case LSN_FINDING_LIAISON_SPRAWL:
    case LSN_FINDING_LOW_CONTEXT_LIAISON:
        return seats_person(st, s->person);
    case LSN_FINDING_UNSTABLE_LIAISON:
        for (size_t k = 0; s->to == st->e->target && k < st->e->npeople; k++) {
            if (people[st->e->people[k]].team == s->team) {
                return true;
            }
        }
        return false;
    case LSN_FINDING_ISOLATED_TEAM:
        return seats_under(st, s->team, true);
    case LSN_FINDING_COMMUNITY_MISMATCH:
        for (size_t k = 0; k < s->nteams; k++) {
            if (seats_under(st, s->teams[k], true)) {
                return true;
            }
        }
        return false;
    case LSN_FINDING_HIERARCHY_BYPASS:
        for (size_t k = 0; k < st->e->npeople; k++) {
            if (lsn_org_unit_within(st->org, people[st->e->people[k]].team, s->unit) &&
                lsn_org_unit_within(st->org, st->e->target, s->to_unit)) {
                return true;
            }
        }
        return false;
    case LSN_FINDING_LIAISONS_EVERYWHERE:
        return seats_under(st, s->unit, false);
    default:
        return false;
    }
}

/* Where an entry can touch a finding: touches() is true only when the
 * finding and the entry share a key, so an index of the findings' keys
 * gives each entry a superset of the findings it touches, and touches()
 * decides among them. A finding about a unit (a hierarchy bypass: its
 * to_unit; liaisons everywhere: its unit) is keyed by that unit and found
 * from every unit above the entry's target (and, for the unit, above its
 * people's teams): no entry scans every such finding. */
enum { KEY_NEED, KEY_SERIES, KEY_PERSON, KEY_TO, KEY_TEAM, KEY_TO_UNIT, KEY_UNIT };

struct fkey {
    uint64_t val;
    int32_t cls;
    int32_t pos; /* position in the list of findings */
};

static int cmp_fkey(const void *x, const void *y)
{
    const struct fkey *a = x, *b = y;
    if (a->cls != b->cls) {
        return (a->cls > b->cls) - (a->cls < b->cls);
    }
    if (a->val != b->val) {
        return (a->val > b->val) - (a->val < b->val);
    }
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static uint64_t need_key(int32_t team, int32_t from)
{
    return ((uint64_t)(uint32_t)team << 32) | (uint32_t)from;
}

static uint64_t uid_key(const char *uid)
{
    return lsn_hash_bytes(uid, strlen(uid), 0);
}

/* Keys of findings; grows as needed. */
struct fkeys {
    struct fkey *v;
    size_t n, cap;
};

static int fkeys_add(struct fkeys *k, int32_t cls, uint64_t val, int32_t pos)
{
    if (k->n == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 64;
        struct fkey *v = realloc(k->v, cap * sizeof(*v));
        if (v == NULL) {
            return oom();
        }
        k->v = v;
        k->cap = cap;
    }
    k->v[k->n++] = (struct fkey){val, cls, pos};
    return LSN_OK;
}

/* The keys of the findings of list (indices into items), sorted. */
static int finding_keys(struct fkeys *k,
                        const lsn_finding *items,
                        const int32_t *list,
                        size_t n,
                        const lsn_series *series)
{
    int rc = LSN_OK;
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        const lsn_finding *f = &items[list[i]];
        const lsn_subject *s = &f->about;
        int32_t pos = (int32_t)i;
        switch (f->kind) {
        case LSN_FINDING_MISSING_LINK:
        case LSN_FINDING_FRAGILE_LINK:
            rc = fkeys_add(k, KEY_NEED, need_key(s->team, s->from), pos);
            break;
        case LSN_FINDING_OVERSIZED_MEETING:
            if (s->series >= 0) {
                rc = fkeys_add(k, KEY_SERIES, uid_key(series[s->series].uid), pos);
            }
            break;
        case LSN_FINDING_OVERBOOKED_PERSON:
        case LSN_FINDING_LIAISON_SPRAWL:
        case LSN_FINDING_LOW_CONTEXT_LIAISON:
            rc = fkeys_add(k, KEY_PERSON, (uint32_t)s->person, pos);
            break;
        case LSN_FINDING_UNSTABLE_LIAISON:
            rc = fkeys_add(k, KEY_TO, (uint32_t)s->to, pos);
            break;
        case LSN_FINDING_ISOLATED_TEAM:
            if (s->team >= 0) {
                rc = fkeys_add(k, KEY_TEAM, (uint32_t)s->team, pos);
            }
            break;
        case LSN_FINDING_COMMUNITY_MISMATCH:
            for (size_t t = 0; t < s->nteams && rc == LSN_OK; t++) {
                if (s->teams[t] >= 0) {
                    rc = fkeys_add(k, KEY_TEAM, (uint32_t)s->teams[t], pos);
                }
            }
            break;
        case LSN_FINDING_HIERARCHY_BYPASS:
            if (s->to_unit >= 0) {
                rc = fkeys_add(k, KEY_TO_UNIT, (uint32_t)s->to_unit, pos);
            }
            break;
        case LSN_FINDING_LIAISONS_EVERYWHERE:
            if (s->unit >= 0) {
                rc = fkeys_add(k, KEY_UNIT, (uint32_t)s->unit, pos);
            }
            break;
        default:
            break; /* touched by no entry */
        }
    }
    if (rc == LSN_OK && k->n > 1) {
        qsort(k->v, k->n, sizeof(*k->v), cmp_fkey);
    }
    return rc;
}

/* The first key of k at or after (cls, val). */
static size_t key_first(const struct fkeys *k, int32_t cls, uint64_t val)
{
    size_t lo = 0, hi = k->n;
    struct fkey probe = {val, cls, INT32_MIN};
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_fkey(&k->v[mid], &probe) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Adds to cand the positions of the findings with key (cls, val). */
static int candidates_of(struct fkeys *cand, const struct fkeys *k, int32_t cls, uint64_t val)
{
    size_t lo = key_first(k, cls, val);
    int rc = LSN_OK;
    for (size_t i = lo; i < k->n && k->v[i].cls == cls && k->v[i].val == val && rc == LSN_OK; i++) {
        rc = fkeys_add(cand, 0, 0, k->v[i].pos);
    }
    return rc;
}

/* Adds the findings keyed (cls, u) for u and every unit above it. */
static int candidates_above(struct fkeys *cand,
                            const struct fkeys *k,
                            int32_t cls,
                            const lsn_unit *units,
                            int32_t u)
{
    int rc = LSN_OK;
    for (; u >= 0 && rc == LSN_OK; u = units[u].parent) {
        rc = candidates_of(cand, k, cls, (uint32_t)u);
    }
    return rc;
}

static int cmp_pos(const void *x, const void *y)
{
    const struct fkey *a = x, *b = y;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/* The findings of list (indices into items, ascending) that st touches,
 * ascending; keys are finding_keys() of the same list. cand is scratch. */
static int touched(int32_t **out,
                   size_t *count,
                   const struct seated *st,
                   const lsn_finding *items,
                   const int32_t *list,
                   const struct fkeys *keys,
                   struct fkeys *cand,
                   const lsn_series *series)
{
    size_t np, nu;
    const lsn_person *people = lsn_org_people(st->org, &np);
    const lsn_unit *units = lsn_org_units(st->org, &nu);
    const lsn_proposal_entry *e = st->e;
    cand->n = 0;
    int rc = candidates_of(cand, keys, KEY_NEED, need_key(e->team, e->from));
    for (size_t k = 0; k < st->ns && rc == LSN_OK; k++) {
        rc = candidates_of(cand, keys, KEY_SERIES, uid_key(st->series[st->sv[k]].uid));
    }
    for (size_t k = 0; k < e->npeople && rc == LSN_OK; k++) {
        int32_t home = people[e->people[k]].team;
        rc = candidates_of(cand, keys, KEY_PERSON, (uint32_t)e->people[k]);
        if (rc == LSN_OK && home >= 0) {
            rc = candidates_of(cand, keys, KEY_TEAM, (uint32_t)home);
        }
        if (rc == LSN_OK && home >= 0 && (size_t)home < nu) {
            rc = candidates_above(cand, keys, KEY_UNIT, units, home);
        }
    }
    if (rc == LSN_OK) {
        rc = candidates_of(cand, keys, KEY_TO, (uint32_t)e->target);
    }
    if (rc == LSN_OK && e->target >= 0) {
        rc = candidates_of(cand, keys, KEY_TEAM, (uint32_t)e->target);
    }
    if (rc == LSN_OK && e->target >= 0 && (size_t)e->target < nu) {
        rc = candidates_above(cand, keys, KEY_TO_UNIT, units, e->target);
        if (rc == LSN_OK) {
            rc = candidates_above(cand, keys, KEY_UNIT, units, e->target);
        }
    }
    if (rc != LSN_OK) {
        return rc;
    }
    if (cand->n > 1) {
        qsort(cand->v, cand->n, sizeof(*cand->v), cmp_pos);
    }
    int32_t *v = alloc_array(cand->n, sizeof(*v));
    if (v == NULL) {
        return oom();
    }
    size_t m = 0;
    int32_t last = -1;
    for (size_t i = 0; i < cand->n; i++) {
        int32_t p = cand->v[i].pos;
        if (p == last) {
            continue;
        }
        last = p;
        int32_t f = list[p];
        if (touches(st, &items[f], series)) {
            v[m++] = f;
        }
    }
    *out = v;
    *count = m;
    return LSN_OK;
}

/* Each entry's series (sorted, unique) from the change list. */
static int entry_series(lsn_impact *imp, const lsn_analysis *a, const int32_t *entry_of)
{
    int32_t *first = NULL, *series = NULL;
    const lsn_changes *ch = &imp->changes;
    int rc = lsn_whatif_series(&first, &series, a, ch->items, ch->count);
    for (size_t i = 0; i < ch->count && rc == LSN_OK; i++) {
        lsn_impact_entry *en = &imp->entries[entry_of[i]];
        size_t add = (size_t)(first[i + 1] - first[i]);
        int32_t *grown = realloc(en->series, (en->nseries + add + 1) * sizeof(*grown));
        if (grown == NULL) {
            rc = oom();
            break;
        }
        en->series = grown;
        memcpy(en->series + en->nseries, series + first[i], add * sizeof(*grown));
        en->nseries += add;
    }
    for (size_t k = 0; k < imp->nentries && rc == LSN_OK; k++) {
        lsn_impact_entry *en = &imp->entries[k];
        if (en->nseries > 1) {
            lsn_sort_i32(en->series, en->nseries);
        }
        size_t m = 0;
        for (size_t j = 0; j < en->nseries; j++) {
            if (m == 0 || en->series[m - 1] != en->series[j]) {
                en->series[m++] = en->series[j];
            }
        }
        en->nseries = m;
    }
    free(first);
    free(series);
    return rc;
}

/* Something sorted by a name (qsort has no user pointer in C11). */
struct named {
    const char *name;
    size_t index;
};

static int cmp_named(const void *x, const void *y)
{
    return strcmp(((const struct named *)x)->name, ((const struct named *)y)->name);
}

/* Units where liaisons_everywhere fires on either side, with both densities. */
static int everywhere_units(lsn_impact *imp, const lsn_run *before)
{
    const lsn_findings *sides[2] = {before->findings, imp->after_run.findings};
    size_t nb, na;
    lsn_findings_items(sides[0], &nb);
    lsn_findings_items(sides[1], &na);
    imp->units = alloc_array(nb + na, sizeof(*imp->units));
    if (imp->units == NULL) {
        return oom();
    }
    for (int side = 0; side < 2; side++) {
        size_t n;
        const lsn_finding *items = lsn_findings_items(sides[side], &n);
        for (size_t i = 0; i < n; i++) {
            if (items[i].kind != LSN_FINDING_LIAISONS_EVERYWHERE) {
                continue;
            }
            const lsn_value *d = lsn_value_get(items[i].metrics, "density");
            double density = d != NULL ? d->d : NAN;
            lsn_impact_unit *u = NULL;
            for (size_t k = 0; k < imp->nunits && u == NULL; k++) {
                if (imp->units[k].unit == items[i].about.unit) {
                    u = &imp->units[k];
                }
            }
            if (u == NULL) {
                u = &imp->units[imp->nunits++];
                *u = (lsn_impact_unit){items[i].about.unit, NAN, NAN};
            }
            if (side == 0) {
                u->before = density;
            } else {
                u->after = density;
            }
        }
    }
    size_t nu;
    const lsn_unit *units = lsn_org_units(lsn_calendar_org(before->cal), &nu);
    struct named *order = alloc_array(imp->nunits, sizeof(*order));
    lsn_impact_unit *copy = alloc_array(imp->nunits, sizeof(*copy));
    if (order == NULL || copy == NULL) {
        free(order);
        free(copy);
        return oom();
    }
    for (size_t k = 0; k < imp->nunits; k++) {
        order[k] = (struct named){units[imp->units[k].unit].id, k};
        copy[k] = imp->units[k];
    }
    qsort(order, imp->nunits, sizeof(*order), cmp_named);
    for (size_t k = 0; k < imp->nunits; k++) {
        imp->units[k] = copy[order[k].index];
    }
    free(order);
    free(copy);
    return LSN_OK;
}

/* Whether p holds a liaison link into team t in analysis a. */
static bool has_link(const lsn_analysis *a, int32_t p, int32_t t)
{
    size_t n = 0;
    const lsn_liaison *l = lsn_analysis_person_liaisons(a, p, &n);
    for (size_t k = 0; k < n; k++) {
        if (l[k].to == t) {
            return true;
        }
    }
    return false;
}

/* Each entry's new links and the liaisons_everywhere units they feed: the
 * units above (or at) the person's team and the target, where it fires
 * after, in the order of imp->units (unit ids). O(entries x depth). */
static int entry_everywhere(lsn_impact *imp, const lsn_run *before)
{
    const lsn_org *org = lsn_calendar_org(before->cal);
    size_t np, ne, nu;
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_proposal_entry *e = lsn_proposal_entries(before->proposal, &ne);
    /* Per unit: 1 + its position in imp->units when it fires after, else 0. */
    int32_t *fires = calloc(nu ? nu : 1, sizeof(*fires));
    if (fires == NULL) {
        return oom();
    }
    for (size_t j = 0; j < imp->nunits; j++) {
        if (!isnan(imp->units[j].after)) {
            fires[imp->units[j].unit] = (int32_t)j + 1;
        }
    }
    int rc = LSN_OK;
    for (size_t k = 0; k < imp->nentries && k < ne && rc == LSN_OK; k++) {
        lsn_impact_entry *en = &imp->entries[k];
        if (en->nseries == 0 || e[k].target < 0) {
            continue;
        }
        for (size_t i = 0; i < e[k].npeople && rc == LSN_OK; i++) {
            int32_t p = e[k].people[i];
            if (has_link(before->analysis, p, e[k].target) ||
                !has_link(imp->after_run.analysis, p, e[k].target)) {
                continue;
            }
            int32_t ends[2] = {people[p].team, e[k].target};
            for (int side = 0; side < 2 && rc == LSN_OK; side++) {
                for (int32_t v = ends[side]; v >= 0; v = units[v].parent) {
                    if (fires[v] == 0) {
                        continue;
                    }
                    bool listed = false;
                    for (size_t x = 0; x < en->neverywhere && !listed; x++) {
                        listed = en->everywhere[x] == v;
                    }
                    if (listed) {
                        continue;
                    }
                    int32_t *grown =
                        realloc(en->everywhere, (en->neverywhere + 1) * sizeof(*grown));
                    if (grown == NULL) {
                        rc = oom();
                        break;
                    }
                    en->everywhere = grown;
                    en->everywhere[en->neverywhere++] = v;
                }
            }
        }
        /* In unit id order (imp->units' order); a handful of units. */
        for (size_t x = 1; x < en->neverywhere; x++) {
            int32_t u = en->everywhere[x];
            size_t y = x;
            for (; y > 0 && fires[en->everywhere[y - 1]] > fires[u]; y--) {
                en->everywhere[y] = en->everywhere[y - 1];
            }
            en->everywhere[y] = u;
        }
    }
    free(fires);
    return rc;
}

/* Every person the change list seats, by email, with hours before and after. */
static int seated_people(lsn_impact *imp, const lsn_run *before, const lsn_settings *s)
{
    size_t np, nh;
    const lsn_person *people = lsn_org_people(lsn_calendar_org(before->cal), &np);
    struct named *v = alloc_array(imp->changes.count, sizeof(*v));
    imp->people = alloc_array(imp->changes.count, sizeof(*imp->people));
    if (v == NULL || imp->people == NULL) {
        free(v);
        return oom();
    }
    for (size_t i = 0; i < imp->changes.count; i++) {
        int32_t p = imp->changes.items[i].person;
        v[i] = (struct named){people[p].email, (size_t)p};
    }
    qsort(v, imp->changes.count, sizeof(*v), cmp_named);
    const lsn_person_hours *hb = lsn_analysis_people(before->analysis, &nh);
    const lsn_person_hours *ha = lsn_analysis_people(imp->after_run.analysis, &nh);
    double most = s->passes.max_meeting_hours;
    for (size_t i = 0; i < imp->changes.count; i++) {
        if (i > 0 && v[i].index == v[i - 1].index) {
            continue;
        }
        size_t who = v[i].index;
        lsn_impact_person *p = &imp->people[imp->npeople++];
        p->person = (int32_t)who;
        p->before = hb[who].meeting_hours_per_week;
        p->after = ha[who].meeting_hours_per_week;
        p->overbooked = p->after > most;
        p->made_overbooked = p->overbooked && !(p->before > most);
    }
    free(v);
    return LSN_OK;
}

/* Closed and created findings, overall and per entry. */
static int differences(lsn_impact *imp, const lsn_run *before)
{
    struct keyed *kb = NULL, *ka = NULL;
    size_t nb = 0, na = 0, nclosed = 0, ncreated = 0;
    int32_t *closed = NULL, *created = NULL;
    int rc = keys_of(&kb, before->findings, &nb);
    if (rc == LSN_OK) {
        rc = keys_of(&ka, imp->after_run.findings, &na);
    }
    if (rc == LSN_OK) {
        rc = only_in(&closed, &nclosed, kb, nb, ka, na);
    }
    if (rc == LSN_OK) {
        rc = only_in(&created, &ncreated, ka, na, kb, nb);
    }
    const lsn_finding *ib = lsn_findings_items(before->findings, &nb);
    const lsn_finding *ia = lsn_findings_items(imp->after_run.findings, &na);
    if (rc == LSN_OK) {
        imp->new_oversized = alloc_array(ncreated, sizeof(*imp->new_oversized));
        rc = imp->new_oversized == NULL ? oom() : LSN_OK;
    }
    for (size_t i = 0; rc == LSN_OK && i < ncreated; i++) {
        if (ia[created[i]].kind == LSN_FINDING_OVERSIZED_MEETING) {
            imp->new_oversized[imp->nnew_oversized++] = created[i];
        }
    }
    size_t ne, nsb, nsa;
    const lsn_proposal_entry *e = lsn_proposal_entries(before->proposal, &ne);
    const lsn_series *sb = lsn_calendar_series(before->cal, &nsb);
    const lsn_series *sa = lsn_calendar_series(imp->model.cal, &nsa);
    struct fkeys kclosed = {NULL, 0, 0}, kcreated = {NULL, 0, 0}, cand = {NULL, 0, 0};
    if (rc == LSN_OK) {
        rc = finding_keys(&kclosed, ib, closed, nclosed, sb);
    }
    if (rc == LSN_OK) {
        rc = finding_keys(&kcreated, ia, created, ncreated, sa);
    }
    for (size_t k = 0; k < imp->nentries && rc == LSN_OK; k++) {
        lsn_impact_entry *en = &imp->entries[k];
        if (en->nseries == 0) {
            continue;
        }
        struct seated st = {lsn_calendar_org(before->cal), &e[k], sb, en->series, en->nseries};
        rc = touched(&en->closes, &en->ncloses, &st, ib, closed, &kclosed, &cand, sb);
        if (rc == LSN_OK) {
            rc = touched(&en->creates, &en->ncreates, &st, ia, created, &kcreated, &cand, sa);
        }
    }
    free(kclosed.v);
    free(kcreated.v);
    free(cand.v);
    keys_free(kb, nb);
    keys_free(ka, na);
    imp->closed = closed;
    imp->nclosed = nclosed;
    imp->created = created;
    imp->ncreated = ncreated;
    return rc;
}

int lsn_impact_build(lsn_impact **out, const lsn_run *run, const lsn_settings *s)
{
    *out = NULL;
    lsn_impact *imp = calloc(1, sizeof(*imp));
    int32_t *entry_of = NULL;
    if (imp == NULL) {
        return oom();
    }
    imp->findings_before = run->findings;
    imp->proposal = run->proposal;
    imp->analysis = run->analysis;
    lsn_proposal_entries(run->proposal, &imp->nentries);
    imp->entries = calloc(imp->nentries ? imp->nentries : 1, sizeof(*imp->entries));
    int rc = imp->entries == NULL ? oom() : LSN_OK;
    if (rc == LSN_OK) {
        rc = lsn_whatif_proposal_changes(&imp->changes, &entry_of, run->analysis, run->proposal);
    }
    if (rc == LSN_OK) {
        rc = entry_series(imp, run->analysis, entry_of);
    }
    if (rc == LSN_OK) {
        rc = lsn_whatif_apply(&imp->model, run->analysis, imp->changes.items, imp->changes.count);
    }
    if (rc == LSN_OK) {
        lsn_run_options o = LSN_RUN_OPTIONS_INIT;
        o.roles = false;
        o.proposal = false;
        /* Every finding on both sides: --min-group applies to what is written. */
        lsn_settings all = *s;
        all.min_group = 1;
        /* The proposal only seats people: the graph after has every edge
         * of the graph before, and a few more. */
        lsn_analysis_person_edges(run->analysis, &all.analysis.expected_edges);
        all.analysis.expected_edges += all.analysis.expected_edges / 16;
        /* and the meetings no seat changes are as they were */
        all.analysis.like = run->analysis;
        rc = lsn_run_analyze(&imp->after_run, imp->model.cal, &all, &o);
    }
    if (rc == LSN_OK) {
        lsn_impact_figures_compute(&imp->before, run);
        lsn_impact_figures_compute(&imp->after, &imp->after_run);
        rc = differences(imp, run);
    }
    if (rc == LSN_OK) {
        rc = everywhere_units(imp, run);
    }
    if (rc == LSN_OK) {
        rc = entry_everywhere(imp, run);
    }
    if (rc == LSN_OK) {
        rc = seated_people(imp, run, s);
    }
    if (rc == LSN_OK) {
        /* Of the run after, the report reads only its findings (which own
         * what they name): its analysis and the edited calendar and roster
         * go now, so that the report's memory reuses theirs. */
        lsn_findings *after = imp->after_run.findings;
        imp->after_run.findings = NULL;
        lsn_run_free(&imp->after_run);
        imp->after_run.findings = after;
        lsn_whatif_free(&imp->model);
    }
    free(entry_of);
    if (rc != LSN_OK) {
        lsn_impact_free(imp);
        return rc;
    }
    *out = imp;
    return LSN_OK;
}

void lsn_impact_free(lsn_impact *imp)
{
    if (imp == NULL) {
        return;
    }
    for (size_t k = 0; imp->entries != NULL && k < imp->nentries; k++) {
        free(imp->entries[k].series);
        free(imp->entries[k].closes);
        free(imp->entries[k].creates);
        free(imp->entries[k].everywhere);
    }
    free(imp->entries);
    free(imp->units);
    free(imp->people);
    free(imp->new_oversized);
    free(imp->closed);
    free(imp->created);
    lsn_run_free(&imp->after_run);
    lsn_findings_free(imp->owned_findings);
    lsn_whatif_free(&imp->model);
    lsn_changes_clear(&imp->changes);
    free(imp);
}
