/*
 * io/gen/scenarios.c — the reorg scenarios (merged, split, moved-liaisons)
 * derived from what the generator planted: edited copies of the roster, written
 * to DIR/scenarios/NAME/. It never changes a meeting.
 */
#include "io/gen/internal.h"

#include "io/error.h"
#include "io/idmap.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * A scenario is edited on a copy of the baseline: units keep their baseline
 * indices, new units are appended (each to be listed right after a baseline
 * unit), dropped units stay until scenario_finish() compacts everything into
 * teams.csv order and remaps people, parents and needs.
 */
struct lsn_gen_scenario {
    lsn_gen_scenario_kind kind;
    lsn_gen_person *people;
    size_t npeople;
    lsn_gen_unit *units;
    size_t nunits, cap_units;
    lsn_gen_need *needs;
    size_t nneeds, cap_needs;
    lsn_gen_change *changes;
    size_t nchanges, cap_changes;
    char **strings; /* owned: names and ids the baseline does not have */
    size_t nstrings, cap_strings;
    bool own_teams, own_needs;
    /* Editing state, baseline-sized (freed by scenario_finish). */
    bool *drop;     /* per baseline unit: leaves teams.csv */
    int32_t *into;  /* per baseline unit: where a dropped unit's needs go */
    int32_t *after; /* per unit: the baseline unit a new unit follows, -1 for baseline units */
    size_t nbase;
};

static const char *const scenario_names[LSN_GEN_SCENARIO_COUNT] = {"merged", "split",
                                                                   "moved-liaisons"};

const char *lsn_gen_scenario_name(lsn_gen_scenario_kind kind)
{
    return (unsigned)kind < LSN_GEN_SCENARIO_COUNT ? scenario_names[kind] : "";
}

static char *sc_strdup(lsn_gen_scenario *sc, const char *s)
{
    if (LSN_GROW(sc->strings, sc->cap_strings, sc->nstrings + 1) < 0) {
        return NULL;
    }
    char *p = strdup(s);
    if (p != NULL) {
        sc->strings[sc->nstrings++] = p;
    }
    return p;
}

static int sc_change(lsn_gen_scenario *sc, int32_t person, const char *from, const char *to)
{
    TRY(LSN_GROW(sc->changes, sc->cap_changes, sc->nchanges + 1));
    sc->changes[sc->nchanges++] = (lsn_gen_change){person, from, to};
    return LSN_OK;
}

static int sc_add_need(lsn_gen_scenario *sc, lsn_gen_need n)
{
    TRY(LSN_GROW(sc->needs, sc->cap_needs, sc->nneeds + 1));
    sc->needs[sc->nneeds++] = n;
    return LSN_OK;
}

/* A new unit listed right after baseline unit `follows`. */
static int sc_add_unit(lsn_gen_scenario *sc, int32_t *out, lsn_gen_unit u, int32_t follows)
{
    size_t cap = sc->cap_units;
    TRY(LSN_GROW(sc->units, sc->cap_units, sc->nunits + 1));
    if (cap != sc->cap_units) {
        TRY(LSN_RESIZE(sc->after, sc->cap_units));
    }
    *out = (int32_t)sc->nunits;
    sc->after[sc->nunits] = follows;
    sc->units[sc->nunits++] = u;
    return LSN_OK;
}

/* Every planted pair of teams that always meet becomes one team. */
static int scenario_merged(lsn_gen_scenario *sc, const lsn_gen *g)
{
    char name[600];
    for (size_t a = 0; a < g->nunits; a++) {
        int32_t b = g->ui[a].joint;
        if (b <= (int32_t)a) {
            continue; /* no partner, or met as the partner's second */
        }
        snprintf(name, sizeof(name), "%s + %s", g->units[a].name, g->units[b].name);
        if ((sc->units[a].name = sc_strdup(sc, name)) == NULL) {
            return lsn_oom();
        }
        sc->drop[b] = true;
        sc->into[b] = (int32_t)a;
        int32_t ha = g->units[a].head, hb = g->units[b].head;
        const uinfo *ub = &g->ui[b];
        for (int32_t i = 0; i < ub->count; i++) {
            int32_t p = g->members[ub->first + i];
            sc->people[p].team = (int32_t)a;
            /* One team, one manager: B's manager and B's reports report to A's. */
            if (p == hb || sc->people[p].manager == hb) {
                sc->people[p].manager = ha;
            }
        }
        TRY(sc_change(sc, -1, g->units[b].id, g->units[a].id));
    }
    return LSN_OK;
}

/* The largest ordinary team is split in two halves under the same parent. */
static int scenario_split(lsn_gen_scenario *sc, const lsn_gen *g)
{
    int32_t t = -1;
    for (size_t u = 0; u < g->nunits; u++) {
        const uinfo *ui = &g->ui[u];
        if (!gen_regular_team(g, (int32_t)u) || ui->isolated || ui->joint >= 0 || ui->count < 4) {
            continue;
        }
        if (t < 0 || ui->count > g->ui[t].count) {
            t = (int32_t)u;
        }
    }
    if (t < 0) {
        return LSN_OK;
    }
    const uinfo *ui = &g->ui[t];
    int32_t keep = (ui->count + 1) / 2;
    int32_t head = g->units[t].head, h2 = g->members[ui->first + keep];
    char id[300], name[300];
    int k = 2;
    do {
        snprintf(id, sizeof(id), "%s-%d", g->units[t].id, k);
        snprintf(name, sizeof(name), "%s %d", g->units[t].name, k);
        k++;
    } while (lsn_strmap_find(g->ids, id) >= 0);
    lsn_gen_unit nu = g->units[t];
    nu.id = sc_strdup(sc, id);
    nu.name = sc_strdup(sc, name);
    nu.head = h2;
    if (nu.id == NULL || nu.name == NULL) {
        return lsn_oom();
    }
    int32_t n = -1;
    TRY(sc_add_unit(sc, &n, nu, t));
    for (int32_t i = keep; i < ui->count; i++) {
        int32_t p = g->members[ui->first + i];
        sc->people[p].team = n;
        if (p == h2) {
            sc->people[p].manager = g->people[head].manager;
        } else if (sc->people[p].manager == head) {
            sc->people[p].manager = h2;
        }
    }
    /* Each half needs what the team needed and is needed as the team was. */
    sc->nneeds = 0;
    for (size_t i = 0; i < g->nneeds; i++) {
        lsn_gen_need x = g->needs[i];
        TRY(sc_add_need(sc, x));
        if (x.team == t) {
            x.team = n;
            TRY(sc_add_need(sc, x));
        } else if (x.from == t) {
            x.from = n;
            TRY(sc_add_need(sc, x));
        }
    }
    return sc_change(sc, -1, g->units[t].id, nu.id);
}

/* Minutes of the instances of series s held in the window (not cancelled). */
static int held_minutes(const lsn_gen *g, size_t s, int64_t *out)
{
    size_t n = lsn_gen_expand(g, s, NULL, 0);
    lsn_gen_instance *inst = malloc((n ? n : 1) * sizeof(*inst));
    if (inst == NULL) {
        return lsn_oom();
    }
    lsn_gen_expand(g, s, inst, n);
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += inst[i].cancelled ? 0 : inst[i].duration;
    }
    free(inst);
    *out = sum;
    return LSN_OK;
}

/* One sprawling liaison's attendance of another team's meetings. */
typedef struct seat {
    int32_t slot, team;
    int64_t minutes;
} seat;

static int cmp_seats(const void *a, const void *b)
{
    const seat *x = a, *y = b;
    if (x->slot != y->slot) {
        return x->slot < y->slot ? -1 : 1;
    }
    return x->team < y->team ? -1 : x->team > y->team;
}

/* Every planted sprawling liaison moves into the team they attend most. */
static int scenario_moved(lsn_gen_scenario *sc, const lsn_gen *g)
{
    int rc = LSN_OK;
    int32_t *slot = malloc((g->npeople ? g->npeople : 1) * sizeof(int32_t));
    bool *boss = calloc(g->npeople ? g->npeople : 1, sizeof(bool));
    int32_t *who = malloc((g->nsprawl ? g->nsprawl : 1) * sizeof(int32_t));
    seat *seats = NULL;
    size_t nseats = 0, cap_seats = 0, nslots = 0;
    if (slot == NULL || boss == NULL || who == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t p = 0; p < g->npeople; p++) {
        slot[p] = -1;
        if (g->people[p].manager >= 0) {
            boss[g->people[p].manager] = true;
        }
    }
    for (size_t i = 0; i < g->nsprawl; i++) {
        int32_t p = g->sprawl[i];
        if (slot[p] >= 0 || boss[p]) {
            continue; /* twice, or a manager: moving her would orphan her reports */
        }
        slot[p] = (int32_t)nslots;
        who[nslots++] = p;
    }
    /* One pass over the team meetings, collecting the seats of those people. */
    for (size_t s = 0; s < g->nseries && nslots > 0; s++) {
        const lsn_gen_series *x = &g->series[s];
        if ((x->kind != LSN_GEN_STANDUP && x->kind != LSN_GEN_PLANNING &&
             x->kind != LSN_GEN_RETRO && x->kind != LSN_GEN_DEMO) ||
            x->team < 0) {
            continue;
        }
        int64_t held = -1;
        for (size_t a = 0; a < x->attendee_count; a++) {
            const lsn_gen_attendee *at = &x->attendees[a];
            if ((size_t)at->party >= g->npeople || slot[at->party] < 0 || at->role == LSN_GEN_NON ||
                at->partstat == LSN_GEN_DECLINED || g->people[at->party].team == x->team) {
                continue;
            }
            if (held < 0 && (rc = held_minutes(g, s, &held)) < 0) {
                goto cleanup;
            }
            if ((rc = LSN_GROW(seats, cap_seats, nseats + 1)) < 0) {
                goto cleanup;
            }
            seats[nseats++] = (seat){slot[at->party], x->team, held};
        }
    }
    if (nseats > 0) {
        qsort(seats, nseats, sizeof(seat), cmp_seats);
    }
    for (size_t i = 0, k = 0; k < nslots; k++) {
        int32_t best = -1;
        int64_t most = -1;
        while (i < nseats && seats[i].slot == (int32_t)k) {
            int32_t t = seats[i].team;
            int64_t sum = 0;
            for (; i < nseats && seats[i].slot == (int32_t)k && seats[i].team == t; i++) {
                sum += seats[i].minutes;
            }
            if (sum > most) { /* teams ascend: a tie keeps the first */
                most = sum;
                best = t;
            }
        }
        if (best < 0) {
            continue;
        }
        int32_t p = who[k];
        int32_t home = g->people[p].team;
        sc->people[p].team = best;
        sc->people[p].manager = g->units[best].head;
        if ((rc = sc_change(sc, p, g->units[home].id, g->units[best].id)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    free(slot);
    free(boss);
    free(who);
    free(seats);
    return rc;
}

/* Compact the edited units into teams.csv order and remap everything. */
static int scenario_finish(lsn_gen_scenario *sc, const lsn_gen *g)
{
    int rc = LSN_OK;
    size_t n = sc->nunits;
    int32_t *map = malloc(n * sizeof(int32_t));
    lsn_gen_unit *units = malloc(n * sizeof(lsn_gen_unit));
    int32_t *order = malloc(n * sizeof(int32_t));
    if (map == NULL || units == NULL || order == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    /* Baseline units in order, each followed by the new units that follow it. */
    size_t m = 0;
    for (size_t u = 0; u < sc->nbase; u++) {
        if (!sc->drop[u]) {
            order[m++] = (int32_t)u;
        }
        for (size_t v = sc->nbase; v < n; v++) {
            if (sc->after[v] == (int32_t)u) {
                order[m++] = (int32_t)v;
            }
        }
    }
    for (size_t i = 0; i < m; i++) {
        map[order[i]] = (int32_t)i;
    }
    for (size_t u = 0; u < sc->nbase; u++) {
        if (sc->drop[u]) {
            map[u] = map[sc->into[u]];
        }
    }
    for (size_t i = 0; i < m; i++) {
        units[i] = sc->units[order[i]];
        if (units[i].parent >= 0) {
            units[i].parent = map[units[i].parent];
        }
    }
    free(sc->units);
    sc->units = units;
    sc->nunits = sc->cap_units = m;
    units = NULL;
    for (size_t p = 0; p < sc->npeople; p++) {
        sc->people[p].team = map[sc->people[p].team];
    }
    /* Needs follow their units; one that became a team's need of itself, or
     * a repeat of an earlier one, goes. */
    size_t kept = 0;
    for (size_t i = 0; i < sc->nneeds; i++) {
        lsn_gen_need x = sc->needs[i];
        x.team = map[x.team];
        x.from = map[x.from];
        bool keep = x.team != x.from;
        for (size_t j = 0; j < kept && keep; j++) {
            keep = sc->needs[j].team != x.team || sc->needs[j].from != x.from;
        }
        if (keep) {
            sc->needs[kept++] = x;
        }
    }
    sc->nneeds = kept;
    /* Which files differ from the baseline's: compare the bytes written. */
    lsn_text a = {0}, b = {0};
    gen_teams_csv(&a, sc->units, sc->nunits);
    gen_teams_csv(&b, g->units, g->nunits);
    sc->own_teams = a.len != b.len || memcmp(a.p, b.p, a.len) != 0;
    lsn_text_clear(&a);
    lsn_text_clear(&b);
    gen_needs_csv(&a, sc->needs, sc->nneeds, sc->units);
    gen_needs_csv(&b, g->needs, g->nneeds, g->units);
    sc->own_needs = a.len != b.len || memcmp(a.p, b.p, a.len) != 0;
    if (a.failed || b.failed) {
        rc = lsn_oom();
    }
    lsn_text_free(&a);
    lsn_text_free(&b);
cleanup:
    free(map);
    free(units);
    free(order);
    return rc;
}

void lsn_gen_scenario_free(lsn_gen_scenario *sc)
{
    if (sc == NULL) {
        return;
    }
    for (size_t i = 0; i < sc->nstrings; i++) {
        free(sc->strings[i]);
    }
    free(sc->strings);
    free(sc->people);
    free(sc->units);
    free(sc->needs);
    free(sc->changes);
    free(sc->drop);
    free(sc->into);
    free(sc->after);
    free(sc);
}

int lsn_gen_scenario_build(lsn_gen_scenario **out, const lsn_gen *gen, lsn_gen_scenario_kind kind)
{
    assert(out != NULL && gen != NULL);
    *out = NULL;
    if ((unsigned)kind >= LSN_GEN_SCENARIO_COUNT) {
        return lsn_error_set(LSN_EINVAL, "unknown scenario %d", (int)kind);
    }
    int rc = LSN_OK;
    lsn_gen_scenario *sc = calloc(1, sizeof(*sc));
    if (sc == NULL) {
        return lsn_oom();
    }
    sc->kind = kind;
    sc->nbase = gen->nunits;
    sc->npeople = gen->npeople;
    sc->nunits = sc->cap_units = gen->nunits;
    sc->nneeds = sc->cap_needs = gen->nneeds;
    sc->people = malloc((gen->npeople ? gen->npeople : 1) * sizeof(lsn_gen_person));
    sc->units = malloc((gen->nunits ? gen->nunits : 1) * sizeof(lsn_gen_unit));
    sc->needs = malloc((gen->nneeds ? gen->nneeds : 1) * sizeof(lsn_gen_need));
    sc->drop = calloc(gen->nunits ? gen->nunits : 1, sizeof(bool));
    sc->into = malloc((gen->nunits ? gen->nunits : 1) * sizeof(int32_t));
    sc->after = malloc((gen->nunits ? gen->nunits : 1) * sizeof(int32_t));
    if (!sc->people || !sc->units || !sc->needs || !sc->drop || !sc->into || !sc->after) {
        rc = lsn_oom();
        goto cleanup;
    }
    memcpy(sc->people, gen->people, gen->npeople * sizeof(lsn_gen_person));
    memcpy(sc->units, gen->units, gen->nunits * sizeof(lsn_gen_unit));
    if (gen->nneeds > 0) { /* an organization may declare none: needs is NULL */
        memcpy(sc->needs, gen->needs, gen->nneeds * sizeof(lsn_gen_need));
    }
    for (size_t u = 0; u < gen->nunits; u++) {
        sc->into[u] = (int32_t)u;
        sc->after[u] = -1;
    }
    switch (kind) {
    case LSN_GEN_SCENARIO_MERGED:
        rc = scenario_merged(sc, gen);
        break;
    case LSN_GEN_SCENARIO_SPLIT:
        rc = scenario_split(sc, gen);
        break;
    default:
        rc = scenario_moved(sc, gen);
        break;
    }
    if (rc < 0 || (rc = scenario_finish(sc, gen)) < 0) {
        goto cleanup;
    }
    free(sc->drop);
    free(sc->into);
    free(sc->after);
    sc->drop = NULL;
    sc->into = sc->after = NULL;
    *out = sc;
    sc = NULL;
cleanup:
    lsn_gen_scenario_free(sc);
    return rc;
}

LSN_ARRAY_ACCESSOR(lsn_gen_person, lsn_gen_scenario_people, lsn_gen_scenario, people, npeople)

LSN_ARRAY_ACCESSOR(lsn_gen_unit, lsn_gen_scenario_units, lsn_gen_scenario, units, nunits)

LSN_ARRAY_ACCESSOR(lsn_gen_need, lsn_gen_scenario_needs, lsn_gen_scenario, needs, nneeds)

LSN_ARRAY_ACCESSOR(lsn_gen_change, lsn_gen_scenario_changes, lsn_gen_scenario, changes, nchanges)

bool lsn_gen_scenario_own_teams(const lsn_gen_scenario *sc)
{
    return sc->own_teams;
}

bool lsn_gen_scenario_own_needs(const lsn_gen_scenario *sc)
{
    return sc->own_needs;
}

int lsn_gen_scenario_write(const lsn_gen_scenario *sc, const char *dir)
{
    gen_roster r = {sc->people, sc->npeople, sc->units,     sc->nunits,
                    sc->needs,  sc->nneeds,  sc->own_teams, sc->own_needs};
    return gen_write_roster_files(dir, &r);
}

int lsn_gen_write_scenarios(const lsn_gen *gen, const char *dir, unsigned which, unsigned *written)
{
    int rc = LSN_OK;
    char *top = NULL, *sub = NULL;
    lsn_gen_scenario *sc = NULL;
    if (written != NULL) {
        *written = 0;
    }
    if ((top = lsn_fs_join(dir, "scenarios")) == NULL) {
        return lsn_oom();
    }
    for (int k = 0; k < LSN_GEN_SCENARIO_COUNT; k++) {
        if (!(which & (1u << k))) {
            continue;
        }
        if ((rc = lsn_gen_scenario_build(&sc, gen, (lsn_gen_scenario_kind)k)) < 0) {
            goto cleanup;
        }
        if ((sub = lsn_fs_join(top, scenario_names[k])) == NULL) {
            rc = lsn_oom();
            goto cleanup;
        }
        if (sc->nchanges > 0) {
            if ((rc = lsn_fs_make_dir(sub)) < 0 || (rc = lsn_gen_scenario_write(sc, sub)) < 0) {
                goto cleanup;
            }
            if (written != NULL) {
                *written |= 1u << k;
            }
        } else {
            /* Nothing to change: no folder, not even one from another seed. */
            static const char *const files[] = {"people.csv", "teams.csv", "needs.csv"};
            for (size_t f = 0; f < COUNTOF(files); f++) {
                if ((rc = gen_remove_in(sub, files[f])) < 0) {
                    goto cleanup;
                }
            }
            (void)rmdir(sub); /* fails, as it should, when something else is inside */
        }
        free(sub);
        sub = NULL;
        lsn_gen_scenario_free(sc);
        sc = NULL;
    }
cleanup:
    lsn_gen_scenario_free(sc);
    free(sub);
    free(top);
    return rc;
}
