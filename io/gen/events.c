/*
 * io/gen/events.c — everything else in people's calendars: monthly all-hands,
 * customer and vendor calls, interviews, incidents, coffee chats, out-of-office
 * and focus time, offsites, a launch war room and cancelled events. No team
 * ritual, no planted liaison.
 */
#include "io/gen/internal.h"

#include <stdio.h>
#include <stdlib.h>

/* ------------------------------------------------------------------ */
/* All-hands: monthly broadcasts                                        */
/* ------------------------------------------------------------------ */

static int32_t lca(const lsn_gen *g, int32_t a, int32_t b)
{
    while (!gen_unit_within(g, b, a)) {
        a = g->units[a].parent;
    }
    return a;
}

/* The lowest org unit above every team of units first..last, -1 when none. */
static int32_t chunk_top(const lsn_gen *g, int32_t first, int32_t last)
{
    int32_t top = -1;
    for (int32_t u = first; u <= last; u++) {
        if (g->units[u].team && g->ui[u].count > 0) {
            top = top < 0 ? u : lca(g, top, u);
        }
    }
    if (top >= 0 && g->units[top].team) {
        top = g->units[top].parent;
    }
    return top;
}

/* The child of the root that unit u lies under (u itself when it is one). */
static int32_t top_unit(const lsn_gen *g, int32_t u)
{
    while (u > 0 && g->units[u].parent > 0) {
        u = g->units[u].parent;
    }
    return u;
}

static int
all_hands_chunk(lsn_gen *g, int32_t first, int32_t last, int32_t top, int part, bool whole)
{
    if (top < 0) {
        return LSN_OK;
    }
    int32_t org = g->units[top].head >= 0 ? g->units[top].head : g->ceo;
    if (top != 0) {
        /* One head cannot host every part of a split all-hands: the head of
         * the first team's unit hosts this part. */
        for (int32_t u = first; u <= last; u++) {
            if (g->units[u].team && g->ui[u].count > 0) {
                int32_t h = g->units[g->units[u].parent].head;
                org = h >= 0 ? h : org;
                break;
            }
        }
    }
    char summary[300], email[300], gname[300], suffix[16] = "", idsuffix[16] = "";
    if (part > 0) {
        snprintf(suffix, sizeof(suffix), " (%d)", part + 1);
        snprintf(idsuffix, sizeof(idsuffix), "-%d", part + 1);
    }
    if (top == 0 && whole) {
        snprintf(summary, sizeof(summary), "%s all-hands%s", g->company_name, suffix);
        snprintf(email, sizeof(email), "all%s@%s", idsuffix, g->domain);
        snprintf(gname, sizeof(gname), "Everyone at %s%s", g->company_name, suffix);
    } else if (top == 0) {
        /* A group of small departments: named after the first and the last. */
        int32_t a = -1, b = -1;
        for (int32_t u = first; u <= last; u++) {
            if (g->units[u].team && g->ui[u].count > 0) {
                b = top_unit(g, u);
                a = a < 0 ? b : a;
            }
        }
        snprintf(summary, sizeof(summary), "%s & %s all-hands%s", g->units[a].name,
                 g->units[b].name, suffix);
        snprintf(email, sizeof(email), "%s-%s-all%s@%s", g->units[a].id, g->units[b].id, idsuffix,
                 g->domain);
        snprintf(gname, sizeof(gname), "%s & %s%s", g->units[a].name, g->units[b].name, suffix);
    } else {
        snprintf(summary, sizeof(summary), "%s all-hands%s", g->units[top].name, suffix);
        snprintf(email, sizeof(email), "%s-all%s@%s", g->units[top].id, idsuffix, g->domain);
        snprintf(gname, sizeof(gname), "%s%s", g->units[top].name, suffix);
    }
    int32_t s, grp, aud;
    TRY(gen_new_series(g, &s,
                       &(lsn_gen_series){.kind = LSN_GEN_ALL_HANDS,
                                         .team = top,
                                         .organizer = org,
                                         .summary = summary,
                                         .zone = Z_UTC,
                                         .day = g->win_start,
                                         .minute = 16 * 60,
                                         .duration = 60}));
    gen_set_monthly(g, s, 3, 1);
    g->series[s].description = "Monthly all-hands: company update, demos and Q&A.";
    TRY(gen_add_att(g, s, org, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
    TRY(gen_party(g, &grp, email, gname, LSN_GEN_GROUP));
    TRY(gen_add_att(g, s, grp, LSN_GEN_REQ, LSN_GEN_NEEDS_ACTION));
    snprintf(email, sizeof(email), "auditorium@rooms.%s", g->domain);
    TRY(gen_party(g, &aud, email, "Auditorium", LSN_GEN_ROOM));
    TRY(gen_add_att(g, s, aud, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
    g->series[s].location = "Auditorium";
    if (top == 0 && g->units[top].head != g->ceo) {
        TRY(gen_add_att(g, s, g->ceo, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
    }
    for (int32_t u = first; u <= last; u++) {
        for (int32_t i = 0; g->units[u].team && i < g->ui[u].count; i++) {
            int32_t p = gen_team_member(g, u, i);
            if (p == org) {
                continue;
            }
            lsn_gen_partstat ps = LSN_GEN_ACCEPTED;
            uint32_t roll = rng_below(&g->r, 100);
            if (roll < 6) {
                ps = LSN_GEN_DECLINED;
            } else if (roll < 10) {
                ps = LSN_GEN_TENTATIVE;
            }
            /* Large lists: no duplicate scan (members are distinct). */
            TRY(gen_append_att(g, s, p, LSN_GEN_REQ, ps));
        }
    }
    return LSN_OK;
}

int gen_all_hands(lsn_gen *g)
{
    if (g->opts.people <= 600) {
        return all_hands_chunk(g, 0, (int32_t)g->nunits - 1, 0, 0, true);
    }
    /* Large organizations: consecutive teams (hierarchy order) in groups of
     * about 120-250 people, each with its own monthly all-hands; a group
     * closes at a department's end once it has 70 people. */
    int32_t *parts = calloc(g->nunits, sizeof(int32_t));
    if (parts == NULL) {
        return lsn_oom();
    }
    int rc = LSN_OK;
    int32_t first = 0, people = 0, last_team = -1;
    for (size_t u = 0; u < g->nunits; u++) {
        if (g->units[u].team && g->ui[u].count > 0) {
            last_team = (int32_t)u;
        }
    }
    for (int32_t u = 0; u <= last_team; u++) {
        if (!g->units[u].team) {
            continue;
        }
        people += g->ui[u].count;
        int32_t remaining = 0, next = -1;
        for (int32_t v = u + 1; v < (int32_t)g->nunits && remaining < 60; v++) {
            if (g->units[v].team && g->ui[v].count > 0) {
                next = next < 0 ? v : next;
                remaining += g->ui[v].count;
            }
        }
        bool dept_ends = next >= 0 && top_unit(g, next) != top_unit(g, u);
        if ((people >= 120 && remaining >= 60) || (dept_ends && people >= 70 && remaining >= 60) ||
            u == last_team) {
            int32_t top = chunk_top(g, first, u);
            /* Chunks under the root are named after their departments: no number. */
            int part = top > 0 ? parts[top]++ : 0;
            if (top >= 0 && (rc = all_hands_chunk(g, first, u, top, part, false)) < 0) {
                break;
            }
            first = u + 1;
            people = 0;
        }
    }
    free(parts);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Everything else people have in their calendars                       */
/* ------------------------------------------------------------------ */

static const char *const customers[] = {"globex", "initech", "umbrella", "hooli",     "soylent",
                                        "stark",  "wayne",   "tyrell",   "cyberdyne", "wonka"};

static int external(lsn_gen *g, int32_t *out, const char *domain, int k)
{
    char email[400], name[200];
    gen_name who;
    gen_name_nth(&who, k);
    snprintf(email, sizeof(email), "%s.%s@%s", who.first_ascii, who.last_ascii, domain);
    snprintf(name, sizeof(name), "%s %s", who.first, who.last);
    return gen_party(g, out, email, name, LSN_GEN_INDIVIDUAL);
}

/* A random working day of the window (not a weekend, not a holiday). */
static int32_t work_day(lsn_gen *g)
{
    for (;;) {
        int32_t d = g->win_start + (int32_t)rng_below(&g->r, (uint32_t)g->win_days);
        if (lsn_weekday(d) < 5 && !gen_is_holiday(g, d)) {
            return d;
        }
    }
}

int gen_customer_meetings(lsn_gen *g)
{
    int32_t *teams = malloc(g->nunits * sizeof(int32_t));
    int rc = LSN_OK;
    if (teams == NULL) {
        return lsn_oom();
    }
    size_t n = gen_dept_teams(g, D_SALES, teams, g->nunits, NULL);
    for (size_t i = 0; i < n; i++) {
        int32_t t = teams[i], m = g->units[t].head, s, e;
        const char *cust = customers[i % COUNTOF(customers)];
        char summary[300], domain[100];
        snprintf(domain, sizeof(domain), "%s.example", cust);
        snprintf(summary, sizeof(summary), "Account review: %c%s", cust[0] - 'a' + 'A', cust + 1);
        if ((rc = gen_new_series(g, &s,
                                 &(lsn_gen_series){.kind = LSN_GEN_CUSTOMER,
                                                   .team = t,
                                                   .organizer = m,
                                                   .summary = summary,
                                                   .zone = g->units[t].zone,
                                                   .day = g->win_start + 3,
                                                   .minute = 10 * 60,
                                                   .duration = 45})) < 0) {
            goto cleanup;
        }
        gen_set_weekly(g, s, 1u << 3, 1);
        if ((rc = gen_video_link(g, s)) < 0 ||
            (rc = gen_add_person_att(g, s, m, LSN_GEN_REQ)) < 0 ||
            (rc = gen_add_person_att(g, s, gen_worker(g, t, (int32_t)i), LSN_GEN_REQ)) < 0) {
            goto cleanup;
        }
        int guests = rng_range(&g->r, 1, 2);
        for (int k = 0; k < guests; k++) {
            if ((rc = external(g, &e, domain, (int)i * 3 + k)) < 0) {
                goto cleanup;
            }
            lsn_gen_partstat ps = k == 0 ? LSN_GEN_ACCEPTED : LSN_GEN_NEEDS_ACTION;
            if ((rc = gen_add_att(g, s, e, LSN_GEN_REQ, ps)) < 0) {
                goto cleanup;
            }
        }
    }
    /* A vendor sync: support operations (or the first team) with vendor.example. */
    n = gen_dept_teams(g, D_SUPPORT, teams, g->nunits, "Operations");
    if (n == 0) {
        n = gen_dept_teams(g, D_SUPPORT, teams, g->nunits, NULL);
    }
    if (n == 0) {
        n = gen_dept_teams(g, D_ENG, teams, g->nunits, NULL);
    }
    if (n > 0) {
        int32_t t = teams[0], m = g->units[t].head, s, e;
        if ((rc = gen_new_series(g, &s,
                                 &(lsn_gen_series){.kind = LSN_GEN_CUSTOMER,
                                                   .team = t,
                                                   .organizer = m,
                                                   .summary = "Vendor sync: ticketing platform",
                                                   .zone = g->units[t].zone,
                                                   .day = g->win_start + 2,
                                                   .minute = 13 * 60,
                                                   .duration = 30})) < 0) {
            goto cleanup;
        }
        gen_set_weekly(g, s, 1u << 2, 2);
        if ((rc = gen_video_link(g, s)) < 0 ||
            (rc = gen_add_person_att(g, s, m, LSN_GEN_REQ)) < 0 ||
            (rc = gen_add_person_att(g, s, gen_worker(g, t, 0), LSN_GEN_OPT)) < 0) {
            goto cleanup;
        }
        for (int k = 0; k < 2; k++) {
            if ((rc = external(g, &e, "vendor.example", 100 + k)) < 0 ||
                (rc = gen_add_att(g, s, e, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                goto cleanup;
            }
        }
    }
cleanup:
    free(teams);
    return rc;
}

int gen_interviews(lsn_gen *g)
{
    int32_t *teams = malloc(g->nunits * sizeof(int32_t));
    int rc = LSN_OK;
    if (teams == NULL) {
        return lsn_oom();
    }
    size_t n = gen_dept_teams(g, D_ENG, teams, g->nunits, NULL);
    int candidate = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t t = teams[i], m = g->units[t].head, line = g->units[t].parent;
        int per_week_lo = 2, per_week_hi = 4;
        bool first_of_line = i == 0 || g->units[teams[i - 1]].parent != line;
        if (g->ui[line].hiring && first_of_line) {
            /* The line's director runs a hiring push for its first team. */
            m = g->units[line].head;
            per_week_lo = 8;
            per_week_hi = 10;
        } else if (i % 8 != 0) {
            continue;
        }
        for (int w = 0; w < g->opts.weeks; w++) {
            int k = rng_range(&g->r, per_week_lo, per_week_hi);
            for (int j = 0; j < k; j++) {
                int32_t day = g->win_start + 7 * w + rng_range(&g->r, 0, 4);
                if (gen_is_holiday(g, day)) {
                    continue;
                }
                char email[400], name[200], summary[300];
                gen_name who;
                gen_name_random(&who, &g->r);
                snprintf(email, sizeof(email), "%s.%s.%d@mail.example", who.first_ascii,
                         who.last_ascii, candidate++);
                snprintf(name, sizeof(name), "%s %s", who.first, who.last);
                snprintf(summary, sizeof(summary), "Interview: %s (Senior Engineer)", name);
                int32_t s, c;
                if ((rc = gen_new_series(
                         g, &s,
                         &(lsn_gen_series){.kind = LSN_GEN_INTERVIEW,
                                           .team = t,
                                           .organizer = m,
                                           .summary = summary,
                                           .zone = g->units[t].zone,
                                           .day = day,
                                           .minute = (10 + rng_range(&g->r, 0, 6)) * 60,
                                           .duration = 45})) < 0 ||
                    (rc = gen_video_link(g, s)) < 0 ||
                    (rc = gen_add_att(g, s, m, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0 ||
                    (rc = gen_party(g, &c, email, name, LSN_GEN_INDIVIDUAL)) < 0 ||
                    (rc = gen_add_att(g, s, c, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                    goto cleanup;
                }
                /* A second interviewer from the team (not in screening calls). */
                if (m == g->units[t].head && rng_chance(&g->r, 0.4)) {
                    if ((rc = gen_add_person_att(g, s, gen_worker(g, t, j), LSN_GEN_REQ)) < 0) {
                        goto cleanup;
                    }
                }
            }
        }
    }
cleanup:
    free(teams);
    return rc;
}

int gen_incidents(lsn_gen *g)
{
    int32_t *teams = malloc(g->nunits * sizeof(int32_t));
    int rc = LSN_OK;
    if (teams == NULL) {
        return lsn_oom();
    }
    size_t n = gen_dept_teams(g, D_ENG, teams, g->nunits, NULL);
    int count = g->opts.people / 40;
    if (count < 2) {
        count = 2;
    }
    static const char *const what[] = {"checkout latency", "search outage", "login errors",
                                       "data pipeline backlog", "push notification storm"};
    for (int i = 0; i < count && n > 0; i++) {
        int32_t a = teams[rng_below(&g->r, (uint32_t)n)];
        int32_t b = teams[rng_below(&g->r, (uint32_t)n)];
        char summary[300];
        snprintf(summary, sizeof(summary), "Incident review: INC-%04d %s", 1000 + i * 37,
                 what[i % (int)COUNTOF(what)]);
        int32_t s, m = g->units[a].head;
        if ((rc = gen_new_series(g, &s,
                                 &(lsn_gen_series){.kind = LSN_GEN_INCIDENT,
                                                   .team = a,
                                                   .organizer = m,
                                                   .summary = summary,
                                                   .zone = g->units[a].zone,
                                                   .day = work_day(g),
                                                   .minute = 14 * 60,
                                                   .duration = 60})) < 0) {
            goto cleanup;
        }
        g->series[s].description = "Timeline, impact; follow-ups:\n- rollback plan\n- new alert";
        if ((rc = gen_add_person_att(g, s, m, LSN_GEN_REQ)) < 0) {
            goto cleanup;
        }
        for (int k = 0; k < 2; k++) {
            if ((rc = gen_add_person_att(g, s, gen_worker(g, a, k + i), LSN_GEN_REQ)) < 0 ||
                (rc = gen_add_person_att(g, s, gen_worker(g, b, k + i), LSN_GEN_REQ)) < 0) {
                goto cleanup;
            }
        }
        if ((rc = gen_add_person_att(g, s, g->units[b].head, LSN_GEN_OPT)) < 0 ||
            (rc = gen_video_link(g, s)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    free(teams);
    return rc;
}

static bool usable_person(const lsn_gen *g, int32_t p)
{
    return !gen_person_isolated(g, p);
}

int gen_personal_events(lsn_gen *g)
{
    size_t np = g->npeople;
    /* Monthly coffee chats between people of different departments. */
    int pairs = g->opts.people / 15;
    if (pairs < 3) {
        pairs = 3;
    }
    for (int i = 0; i < pairs; i++) {
        int32_t a = (int32_t)rng_below(&g->r, (uint32_t)np);
        int32_t b = (int32_t)rng_below(&g->r, (uint32_t)np);
        if (a == b || !usable_person(g, a) || !usable_person(g, b) ||
            g->ui[g->people[a].team].dept == g->ui[g->people[b].team].dept) {
            continue;
        }
        char summary[300];
        snprintf(summary, sizeof(summary), "Coffee chat \xe2\x98\x95 %s + %s", g->people[a].name,
                 g->people[b].name);
        int32_t s;
        TRY(gen_new_series(g, &s,
                           &(lsn_gen_series){.kind = LSN_GEN_COFFEE,
                                             .team = g->people[a].team,
                                             .organizer = a,
                                             .summary = summary,
                                             .zone = g->people[a].zone,
                                             .day = g->win_start,
                                             .minute = 15 * 60 + 30,
                                             .duration = 30}));
        gen_set_monthly(g, s, rng_range(&g->r, 0, 4), 2);
        TRY(gen_video_link(g, s));
        TRY(gen_add_att(g, s, a, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
        TRY(gen_add_person_att(g, s, b, LSN_GEN_REQ));
    }
    /* Out of office (all-day) and focus time (one person): not meetings. */
    static const char *const away[] = {"Out of office", "Vacation", "Conference", "Parental leave",
                                       "Sick day"};
    bool any_ooo = false;
    for (size_t p = 0; p < np; p++) {
        int32_t s;
        if (rng_chance(&g->r, 0.25) || (!any_ooo && p + 1 == np)) {
            any_ooo = true;
            int days = rng_range(&g->r, 1, 5);
            /* The day is drawn before the text (the generator's sequence). */
            int32_t day = work_day(g);
            const char *why = away[rng_below(&g->r, COUNTOF(away))];
            TRY(gen_new_series(g, &s,
                               &(lsn_gen_series){.kind = LSN_GEN_OUT_OF_OFFICE,
                                                 .team = g->people[p].team,
                                                 .organizer = (int32_t)p,
                                                 .summary = why,
                                                 .zone = g->people[p].zone,
                                                 .day = day,
                                                 .minute = 0,
                                                 .duration = days * 1440}));
            g->series[s].all_day = true;
            g->series[s].transparent = true;
        }
        if (rng_chance(&g->r, 0.2)) {
            uint8_t days = (uint8_t)((1u << 1) | (1u << 3));
            TRY(gen_new_series(g, &s,
                               &(lsn_gen_series){.kind = LSN_GEN_FOCUS,
                                                 .team = g->people[p].team,
                                                 .organizer = (int32_t)p,
                                                 .summary = "Focus time",
                                                 .zone = g->people[p].zone,
                                                 .day = g->win_start,
                                                 .minute = 13 * 60,
                                                 .duration = 120}));
            gen_set_weekly(g, s, days, 1);
            if (rng_chance(&g->r, 0.5)) {
                TRY(gen_add_att(g, s, (int32_t)p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
            }
        }
    }
    return LSN_OK;
}

int gen_special_events(lsn_gen *g)
{
    int rc = LSN_OK;
    int32_t *teams = malloc(g->nunits * sizeof(int32_t));
    if (teams == NULL) {
        return lsn_oom();
    }
    /* One team offsite (all day) per department. */
    for (int d = 0; d < D_COUNT; d++) {
        size_t n = gen_dept_teams(g, d, teams, g->nunits, NULL);
        if (n == 0) {
            continue;
        }
        int32_t t = teams[n / 2], m = g->units[t].head, s;
        char summary[300];
        snprintf(summary, sizeof(summary), "%s offsite", g->units[t].name);
        if ((rc = gen_new_series(g, &s,
                                 &(lsn_gen_series){.kind = LSN_GEN_OFFSITE,
                                                   .team = t,
                                                   .organizer = m,
                                                   .summary = summary,
                                                   .zone = g->units[t].zone,
                                                   .day = work_day(g),
                                                   .minute = 0,
                                                   .duration = 1440})) < 0) {
            goto cleanup;
        }
        g->series[s].all_day = true;
        for (int32_t i = 0; i < g->ui[t].count; i++) {
            if ((rc = gen_add_person_att(g, s, gen_team_member(g, t, i), LSN_GEN_REQ)) < 0) {
                goto cleanup;
            }
        }
    }
    /* A launch war room: daily for five days (COUNT=5). */
    {
        size_t n = gen_dept_teams(g, D_ENG, teams, g->nunits, NULL);
        if (n > 0) {
            int32_t org = gen_dept_head(g, D_ENG, D_ENG), s;
            int32_t day = g->win_start + 7 * (g->opts.weeks / 2);
            if ((rc = gen_new_series(g, &s,
                                     &(lsn_gen_series){.kind = LSN_GEN_WAR_ROOM,
                                                       .team = g->dept_unit[D_ENG],
                                                       .organizer = org,
                                                       .summary = "Launch war room",
                                                       .zone = Z_UTC,
                                                       .day = day,
                                                       .minute = 13 * 60,
                                                       .duration = 30})) < 0) {
                goto cleanup;
            }
            g->series[s].rule.freq = LSN_GEN_DAILY;
            g->series[s].rule.count = 5;
            if ((rc = gen_add_att(g, s, org, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0 ||
                (rc = gen_video_link(g, s)) < 0) {
                goto cleanup;
            }
            for (size_t i = 0; i < n && i < 3; i++) {
                if ((rc = gen_add_person_att(g, s, g->units[teams[i]].head, LSN_GEN_REQ)) < 0) {
                    goto cleanup;
                }
            }
            size_t k = gen_dept_teams(g, D_MARKETING, teams, g->nunits, NULL);
            if (k > 0 &&
                (rc = gen_add_person_att(g, s, gen_worker(g, teams[0], 0), LSN_GEN_REQ)) < 0) {
                goto cleanup;
            }
            k = gen_dept_teams(g, D_SUPPORT, teams, g->nunits, NULL);
            if (k > 0 &&
                (rc = gen_add_person_att(g, s, g->units[teams[0]].head, LSN_GEN_REQ)) < 0) {
                goto cleanup;
            }
        }
    }
    /* Cancelled events: team lunches called off, and a whole series. */
    {
        size_t n = 0;
        for (size_t u = 0; u < g->nunits; u++) {
            if (gen_regular_team(g, (int32_t)u)) {
                teams[n++] = (int32_t)u;
            }
        }
        int count = g->opts.people / 60;
        if (count < 1) {
            count = 1;
        }
        for (int i = 0; i < count && n > 0; i++) {
            int32_t t = teams[rng_below(&g->r, (uint32_t)n)], m = g->units[t].head, s;
            char summary[300];
            snprintf(summary, sizeof(summary), "%s team lunch", g->units[t].name);
            if ((rc = gen_new_series(g, &s,
                                     &(lsn_gen_series){.kind = LSN_GEN_SOCIAL,
                                                       .team = t,
                                                       .organizer = m,
                                                       .summary = summary,
                                                       .zone = g->units[t].zone,
                                                       .day = work_day(g),
                                                       .minute = 12 * 60 + 30,
                                                       .duration = 90})) < 0) {
                goto cleanup;
            }
            g->series[s].cancelled = true;
            g->series[s].sequence = 1;
            for (int32_t j = 0; j < g->ui[t].count; j++) {
                if ((rc = gen_add_person_att(g, s, gen_team_member(g, t, j), LSN_GEN_REQ)) < 0) {
                    goto cleanup;
                }
            }
        }
        if (n > 1) {
            int32_t s, org = g->units[teams[1]].head;
            if ((rc = gen_new_series(g, &s,
                                     &(lsn_gen_series){.kind = LSN_GEN_SOCIAL,
                                                       .team = teams[1],
                                                       .organizer = org,
                                                       .summary = "Book club",
                                                       .zone = g->people[org].zone,
                                                       .day = g->win_start + 4,
                                                       .minute = 12 * 60,
                                                       .duration = 60})) < 0) {
                goto cleanup;
            }
            gen_set_weekly(g, s, 1u << 4, 1);
            g->series[s].cancelled = true;
            g->series[s].sequence = 2;
            if ((rc = gen_add_att(g, s, org, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                goto cleanup;
            }
            for (int k = 0; k < 3; k++) {
                int32_t p = (int32_t)rng_below(&g->r, (uint32_t)g->npeople);
                if ((rc = gen_add_person_att(g, s, p, LSN_GEN_OPT)) < 0) {
                    goto cleanup;
                }
            }
        }
    }
cleanup:
    free(teams);
    return rc;
}
