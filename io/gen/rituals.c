/*
 * io/gen/rituals.c — the meetings every team holds: stand-ups, planning,
 * retros and demos, each head's staff meeting, the 1:1s, and the syncs between
 * teams (with the needs they declare). It plants no liaison and no oversized
 * meeting (liaisons.c, decisions.c).
 */
#include "io/gen/internal.h"

#include <stdio.h>
#include <stdlib.h>

/* Team rituals: stand-up, planning, retro and demo, for one team or a joint pair. */
/* A team member at a ritual; both halves of a joint pair always accept, so
 * that neither team holds a majority of their shared meetings. */
static int add_member(lsn_gen *g, int32_t s, int32_t p, bool joint)
{
    if (joint) {
        return gen_add_att(g, s, p, LSN_GEN_REQ, LSN_GEN_ACCEPTED);
    }
    return gen_add_person_att(g, s, p, LSN_GEN_REQ);
}

int gen_team_rituals(lsn_gen *g, int32_t team)
{
    uinfo *ui = &g->ui[team];
    if (ui->joint >= 0 && ui->joint < team) {
        return LSN_OK; /* made with its partner */
    }
    const dept_def *d = &gen_depts[ui->dept];
    int32_t partner = ui->joint;
    int32_t manager = g->units[team].head;
    int32_t zone = g->units[team].zone;
    char title[300];
    if (partner >= 0) {
        snprintf(title, sizeof(title), "%s + %s", g->units[team].name, g->units[partner].name);
    } else {
        snprintf(title, sizeof(title), "%s", g->units[team].name);
    }
    int32_t teams[2] = {team, partner};
    int nteams = partner >= 0 ? 2 : 1;
    char summary[400];
    int32_t s;

    if (d->standup_days) {
        snprintf(summary, sizeof(summary), "%s %s", title, d->standup);
        int minute = 9 * 60 + 15 * rng_range(&g->r, 0, 5);
        TRY(gen_new_series(g, &s,
                           &(lsn_gen_series){.kind = LSN_GEN_STANDUP,
                                             .team = team,
                                             .organizer = manager,
                                             .summary = summary,
                                             .zone = zone,
                                             .day = g->win_start,
                                             .minute = minute,
                                             .duration = 15}));
        gen_set_weekly(g, s, d->standup_days, 1);
        g->series[s].use_duration = rng_chance(&g->r, 0.3);
        TRY(gen_video_link(g, s));
        TRY(gen_add_person_att(g, s, manager, LSN_GEN_REQ));
        for (int t = 0; t < nteams; t++) {
            for (int32_t i = 0; i < g->ui[teams[t]].count; i++) {
                TRY(add_member(g, s, gen_team_member(g, teams[t], i), partner >= 0));
            }
            g->ui[teams[t]].standup = s;
        }
    }
    snprintf(summary, sizeof(summary), "%s %s", title, d->planning);
    int wd = rng_chance(&g->r, 0.7) ? 0 : 1;
    TRY(gen_new_series(g, &s,
                       &(lsn_gen_series){.kind = LSN_GEN_PLANNING,
                                         .team = team,
                                         .organizer = manager,
                                         .summary = summary,
                                         .zone = zone,
                                         .day = g->win_start + wd,
                                         .minute = 11 * 60,
                                         .duration = d->planning_min}));
    gen_set_weekly(g, s, (uint8_t)(1u << wd), 1);
    g->series[s].sequence = rng_range(&g->r, 0, 2);
    TRY(gen_add_person_att(g, s, manager, LSN_GEN_REQ));
    for (int t = 0; t < nteams; t++) {
        for (int32_t i = 0; i < g->ui[teams[t]].count; i++) {
            TRY(add_member(g, s, gen_team_member(g, teams[t], i), partner >= 0));
        }
        g->ui[teams[t]].planning = s;
    }
    TRY(gen_add_room(g, s, (int)team));

    if (d->retro) {
        snprintf(summary, sizeof(summary), "%s retro", title);
        int rwd = rng_chance(&g->r, 0.5) ? 3 : 4;
        int32_t first = g->win_start + rwd + 7 * rng_range(&g->r, 0, 1);
        TRY(gen_new_series(g, &s,
                           &(lsn_gen_series){.kind = LSN_GEN_RETRO,
                                             .team = team,
                                             .organizer = manager,
                                             .summary = summary,
                                             .zone = zone,
                                             .day = first,
                                             .minute = 15 * 60,
                                             .duration = 60}));
        gen_set_weekly(g, s, (uint8_t)(1u << rwd), 2);
        TRY(gen_add_person_att(g, s, manager, LSN_GEN_REQ));
        for (int t = 0; t < nteams; t++) {
            for (int32_t i = 0; i < g->ui[teams[t]].count; i++) {
                TRY(add_member(g, s, gen_team_member(g, teams[t], i), partner >= 0));
            }
            g->ui[teams[t]].retro = s;
        }
        TRY(gen_add_room(g, s, (int)team + 1));
    }
    if (d->demo && partner < 0 && rng_chance(&g->r, 0.6)) {
        snprintf(summary, sizeof(summary), "%s demo", title);
        int32_t first = g->win_start + 2 + 7 * rng_range(&g->r, 0, 1);
        TRY(gen_new_series(g, &s,
                           &(lsn_gen_series){.kind = LSN_GEN_DEMO,
                                             .team = team,
                                             .organizer = manager,
                                             .summary = summary,
                                             .zone = zone,
                                             .day = first,
                                             .minute = 16 * 60,
                                             .duration = 30}));
        gen_set_weekly(g, s, 1u << 2, 2);
        TRY(gen_video_link(g, s));
        TRY(gen_add_person_att(g, s, manager, LSN_GEN_REQ));
        for (int32_t i = 0; i < ui->count; i++) {
            TRY(gen_add_person_att(g, s, gen_team_member(g, team, i), LSN_GEN_REQ));
        }
        g->ui[team].demo = s;
    }
    return LSN_OK;
}

/* Make a demo for a team that has none (a planted low-context liaison needs one). */
int gen_ensure_demo(lsn_gen *g, int32_t team)
{
    if (g->ui[team].demo >= 0) {
        return LSN_OK;
    }
    char summary[300];
    int32_t s, manager = g->units[team].head;
    snprintf(summary, sizeof(summary), "%s demo", g->units[team].name);
    TRY(gen_new_series(g, &s,
                       &(lsn_gen_series){.kind = LSN_GEN_DEMO,
                                         .team = team,
                                         .organizer = manager,
                                         .summary = summary,
                                         .zone = g->units[team].zone,
                                         .day = g->win_start + 2,
                                         .minute = 16 * 60,
                                         .duration = 30}));
    gen_set_weekly(g, s, 1u << 2, 2);
    TRY(gen_video_link(g, s));
    TRY(gen_add_person_att(g, s, manager, LSN_GEN_REQ));
    for (int32_t i = 0; i < g->ui[team].count; i++) {
        TRY(gen_add_person_att(g, s, gen_team_member(g, team, i), LSN_GEN_REQ));
    }
    g->ui[team].demo = s;
    return LSN_OK;
}

/* Weekly staff meeting of each unit head with their direct reports. */
int gen_staff_meetings(lsn_gen *g)
{
    /* Direct reports of every person, grouped (CSR). */
    size_t np = g->npeople;
    int32_t *first = calloc(np + 1, sizeof(int32_t));
    int32_t *list = malloc((np ? np : 1) * sizeof(int32_t));
    int rc = LSN_OK;
    if (first == NULL || list == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t p = 0; p < np; p++) {
        if (g->people[p].manager >= 0) {
            first[g->people[p].manager + 1]++;
        }
    }
    for (size_t p = 0; p < np; p++) {
        first[p + 1] += first[p];
    }
    {
        int32_t *fill = calloc(np ? np : 1, sizeof(int32_t));
        if (fill == NULL) {
            rc = lsn_oom();
            goto cleanup;
        }
        for (size_t p = 0; p < np; p++) {
            int32_t m = g->people[p].manager;
            if (m >= 0) {
                list[first[m] + fill[m]++] = (int32_t)p;
            }
        }
        free(fill);
    }
    for (size_t u = 0; u < g->nunits; u++) {
        if (g->units[u].team) {
            continue;
        }
        int32_t head = g->units[u].head;
        char summary[300];
        if (u == 0) {
            snprintf(summary, sizeof(summary), "Leadership team weekly");
        } else {
            snprintf(summary, sizeof(summary), "%s staff meeting", g->units[u].name);
        }
        int32_t s;
        int32_t zone = g->people[head].zone;
        rc = gen_new_series(g, &s,
                            &(lsn_gen_series){.kind = LSN_GEN_STAFF,
                                              .team = (int32_t)u,
                                              .organizer = head,
                                              .summary = summary,
                                              .zone = zone,
                                              .day = g->win_start + 1,
                                              .minute = 14 * 60,
                                              .duration = 60});
        if (rc < 0) {
            goto cleanup;
        }
        gen_set_weekly(g, s, 1u << 1, 1);
        g->series[s].sequence = 1;
        if ((rc = gen_add_person_att(g, s, head, LSN_GEN_REQ)) < 0) {
            goto cleanup;
        }
        for (int32_t i = first[head]; i < first[head + 1]; i++) {
            int32_t p = list[i];
            if (gen_person_isolated(g, p)) {
                continue;
            }
            if ((rc = gen_add_person_att(g, s, p, LSN_GEN_REQ)) < 0) {
                goto cleanup;
            }
        }
        if ((rc = gen_add_room(g, s, (int)u + 7)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    free(first);
    free(list);
    return rc;
}

int gen_one_on_ones(lsn_gen *g)
{
    for (size_t p = 0; p < g->npeople; p++) {
        int32_t m = g->people[p].manager;
        if (m < 0) {
            continue;
        }
        /* The isolated lab's manager has no recorded 1:1 with her head. */
        if (gen_person_isolated(g, (int32_t)p) && !gen_person_isolated(g, m)) {
            continue;
        }
        char summary[300];
        snprintf(summary, sizeof(summary), "1:1 %s / %s", g->people[m].name, g->people[p].name);
        int wd = rng_range(&g->r, 0, 4);
        int minute = 11 * 60 + 30 * rng_range(&g->r, 0, 11);
        int32_t s;
        TRY(gen_new_series(g, &s,
                           &(lsn_gen_series){.kind = LSN_GEN_ONE_ON_ONE,
                                             .team = g->people[p].team,
                                             .organizer = m,
                                             .summary = summary,
                                             .zone = g->people[m].zone,
                                             .day = g->win_start + wd,
                                             .minute = minute,
                                             .duration = 30}));
        gen_set_weekly(g, s, (uint8_t)(1u << wd), rng_chance(&g->r, 0.2) ? 2 : 1);
        g->series[s].use_duration = rng_chance(&g->r, 0.2);
        TRY(gen_video_link(g, s));
        TRY(gen_add_att(g, s, m, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
        TRY(gen_add_att(g, s, (int32_t)p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
    }
    return LSN_OK;
}

static bool synced(const lsn_gen *g, int32_t a, int32_t b)
{
    for (size_t i = 0; i + 1 < g->nsync; i += 2) {
        if ((g->sync[i] == a && g->sync[i + 1] == b) || (g->sync[i] == b && g->sync[i + 1] == a)) {
            return true;
        }
    }
    return false;
}

/* A sync between two teams: both managers and both tech leads. */
static int sync_teams(lsn_gen *g, int32_t a, int32_t b, bool declare)
{
    char summary[400];
    snprintf(summary, sizeof(summary), "%s \xe2\x87\x84 %s sync", g->units[a].name,
             g->units[b].name);
    int32_t ma = g->units[a].head, mb = g->units[b].head;
    bool same = g->units[a].zone == g->units[b].zone;
    int32_t zone = same ? g->units[a].zone : Z_UTC;
    int wd = rng_range(&g->r, 1, 3);
    int minute = same ? 11 * 60 + 30 : 14 * 60;
    int32_t s;
    TRY(gen_new_series(g, &s,
                       &(lsn_gen_series){.kind = LSN_GEN_SYNC,
                                         .team = a,
                                         .organizer = ma,
                                         .summary = summary,
                                         .zone = zone,
                                         .day = g->win_start + wd,
                                         .minute = minute,
                                         .duration = rng_chance(&g->r, 0.5) ? 30 : 45}));
    gen_set_weekly(g, s, (uint8_t)(1u << wd), rng_chance(&g->r, 0.65) ? 1 : 2);
    TRY(gen_video_link(g, s));
    TRY(gen_add_person_att(g, s, ma, LSN_GEN_REQ));
    TRY(gen_add_person_att(g, s, mb, LSN_GEN_REQ));
    if (g->ui[a].count > 1) {
        TRY(gen_add_person_att(g, s, gen_team_member(g, a, 1), LSN_GEN_REQ));
    }
    if (g->ui[b].count > 1) {
        TRY(gen_add_person_att(g, s, gen_team_member(g, b, 1),
                               rng_chance(&g->r, 0.3) ? LSN_GEN_OPT : LSN_GEN_REQ));
    }
    TRY(LSN_GROW(g->sync, g->cap_sync, g->nsync + 2));
    g->sync[g->nsync++] = a;
    g->sync[g->nsync++] = b;
    if (declare) {
        TRY(gen_add_need(g, a, b, LSN_CONTEXT_MODERATE, false));
    }
    return LSN_OK;
}

int gen_team_syncs(lsn_gen *g)
{
    int32_t *kids = malloc(g->nunits * sizeof(int32_t));
    int32_t *bottoms = malloc(g->nunits * sizeof(int32_t));
    int rc = LSN_OK;
    if (kids == NULL || bottoms == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t u = 0; u < g->nunits; u++) {
        if (g->units[u].team || !g->ui[u].bottom) {
            continue;
        }
        size_t k = gen_child_teams(g, (int32_t)u, kids, g->nunits);
        for (size_t i = 0; i + 1 < k; i++) {
            if (rng_chance(&g->r, 0.55)) {
                if ((rc = sync_teams(g, kids[i], kids[i + 1], rng_chance(&g->r, 0.7))) < 0) {
                    goto cleanup;
                }
            }
        }
    }
    /* Across product lines: the first teams of neighbouring lines. */
    size_t nb = gen_eng_bottoms(g, bottoms, g->nunits);
    for (size_t b = 0; b + 1 < nb; b++) {
        size_t ka = gen_child_teams(g, bottoms[b], kids, 1);
        int32_t a = ka ? kids[0] : -1;
        size_t kb = gen_child_teams(g, bottoms[b + 1], kids, 1);
        int32_t c = kb ? kids[0] : -1;
        if (a >= 0 && c >= 0 && rng_chance(&g->r, 0.5)) {
            if ((rc = sync_teams(g, a, c, true)) < 0) {
                goto cleanup;
            }
        }
    }
    /* Declared needs across product lines that nobody meets: missing links. */
    for (size_t b = 0; b < nb && nb > 1; b++) {
        size_t ka = gen_child_teams(g, bottoms[b], kids, g->nunits);
        if (ka < 2) {
            continue;
        }
        int32_t a = kids[ka - 1];
        size_t kb = gen_child_teams(g, bottoms[(b + 1) % nb], kids, g->nunits);
        if (kb < 2) {
            continue;
        }
        int32_t c = kids[1];
        if (!synced(g, a, c)) {
            if ((rc = gen_add_need(g, a, c, LSN_CONTEXT_MODERATE, false)) < 0) {
                goto cleanup;
            }
        }
    }
cleanup:
    free(kids);
    free(bottoms);
    return rc;
}
