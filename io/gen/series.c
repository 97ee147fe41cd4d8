/*
 * io/gen/series.c — what every phase uses to make a meeting series: a new
 * series, its attendees and their replies, its weekly or monthly rule, rooms and
 * video links, a "this and following" split, declared needs, and the lookups
 * of teams and members the phases pick from. It decides no meeting itself.
 */
#include "io/gen/internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gen_new_series(lsn_gen *g, int32_t *out, const lsn_gen_series *proto)
{
    assert(proto->attendee_count == 0 && proto->exdate_count == 0 && proto->override_count == 0);
    size_t cap = g->cap_series;
    TRY(LSN_GROW(g->series, g->cap_series, g->nseries + 1));
    if (cap != g->cap_series) {
        TRY(LSN_RESIZE(g->sflags, g->cap_series));
    }
    int32_t s = (int32_t)g->nseries++;
    lsn_gen_series *x = &g->series[s];
    *x = *proto;
    g->sflags[s] = 0;
    g->uid_counter++;
    x->uid = gen_arena_printf(g, "%s-%06llx-%08llx@%s", gen_kind_names[x->kind],
                              (unsigned long long)g->uid_counter,
                              (unsigned long long)(rng_next(&g->r) >> 32), g->domain);
    x->summary = gen_arena_strdup(g, proto->summary);
    if (x->uid == NULL || x->summary == NULL) {
        return lsn_oom();
    }
    x->location = "";
    x->description = "";
    x->rule.freq = LSN_GEN_ONCE;
    x->rule.interval = 1;
    x->rule.until_day = INT32_MAX;
    *out = s;
    return LSN_OK;
}

int gen_append_att(lsn_gen *g, int32_t s, int32_t who, lsn_gen_role role, lsn_gen_partstat ps)
{
    lsn_gen_series *x = &g->series[s];
    size_t n = x->attendee_count;
    if ((n & (n - 1)) == 0) { /* the capacity doubles when the count is a power of two */
        TRY(LSN_RESIZE(x->attendees, n < 4 ? 4 : n * 2));
    }
    x->attendees[n].party = who;
    x->attendees[n].role = (uint8_t)role;
    x->attendees[n].partstat = (uint8_t)ps;
    x->attendee_count = n + 1;
    return LSN_OK;
}

int gen_add_att(lsn_gen *g, int32_t s, int32_t who, lsn_gen_role role, lsn_gen_partstat ps)
{
    const lsn_gen_series *x = &g->series[s];
    for (size_t i = 0; i < x->attendee_count; i++) {
        if (x->attendees[i].party == who) {
            return LSN_OK;
        }
    }
    return gen_append_att(g, s, who, role, ps);
}

/* A roster attendee with a random but realistic reply. */
int gen_add_person_att(lsn_gen *g, int32_t s, int32_t who, lsn_gen_role role)
{
    lsn_gen_partstat ps = LSN_GEN_ACCEPTED;
    if (who == g->series[s].organizer) {
        ps = LSN_GEN_ACCEPTED;
    } else if (rng_chance(&g->r, 0.05)) {
        ps = LSN_GEN_DECLINED;
    } else if (rng_chance(&g->r, 0.03)) {
        ps = LSN_GEN_TENTATIVE;
    }
    return gen_add_att(g, s, who, role, ps);
}

void gen_set_weekly(lsn_gen *g, int32_t s, uint8_t byday, int interval)
{
    lsn_gen_series *x = &g->series[s];
    x->rule.freq = LSN_GEN_WEEKLY;
    x->rule.byday = byday;
    x->rule.interval = interval;
    /* DTSTART is the first day of the rule on or after the given day. */
    while (!(byday & (1u << lsn_weekday(x->day)))) {
        x->day++;
    }
}

void gen_set_monthly(lsn_gen *g, int32_t s, int wd, int nth)
{
    lsn_gen_series *x = &g->series[s];
    x->rule.freq = LSN_GEN_MONTHLY;
    x->rule.byday = (uint8_t)(1u << wd);
    x->rule.nth = (int8_t)nth;
    int y, m, d;
    lsn_civil_from_days(x->day, &y, &m, &d);
    for (;;) {
        int32_t day = gen_nth_weekday(y, m, wd, nth);
        if (day >= x->day) {
            x->day = day;
            return;
        }
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
}

static int32_t party_zone(const lsn_gen *g, int32_t who)
{
    return who >= 0 && (size_t)who < g->npeople ? g->people[who].zone : Z_UTC;
}

static int room(lsn_gen *g, int32_t *out, int32_t zone, int k)
{
    char email[200], name[160];
    static const char *const floors = "ABCDEF";
    int floor = 2 + k % 5;
    char letter = floors[(k / 5) % 6];
    snprintf(email, sizeof(email), "room-%d%c-%s@rooms.%s", floor, letter + ('a' - 'A'),
             gen_zone_names[zone] +
                 (strchr(gen_zone_names[zone], '/') != NULL
                      ? (strchr(gen_zone_names[zone], '/') - gen_zone_names[zone]) + 1
                      : 0),
             g->domain);
    /* Lowercase the city part of the address. */
    for (char *c = email; *c != '\0'; c++) {
        if (*c >= 'A' && *c <= 'Z') {
            *c = (char)(*c - 'A' + 'a');
        } else if (*c == '_') {
            *c = '-';
        }
    }
    snprintf(name, sizeof(name), "Room %d%c (%s)", floor, letter, gen_zone_cities[zone]);
    return gen_party(g, out, email, name, LSN_GEN_ROOM);
}

int gen_add_room(lsn_gen *g, int32_t s, int k)
{
    lsn_gen_series *x = &g->series[s];
    int32_t z = x->zone == Z_UTC ? party_zone(g, x->organizer) : x->zone;
    if (z == Z_UTC) {
        return LSN_OK; /* remote people book no room */
    }
    int32_t r;
    TRY(room(g, &r, z, k));
    TRY(gen_add_att(g, s, r, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
    x = &g->series[s];
    x->location = g->parties[r].name;
    return LSN_OK;
}

int gen_video_link(lsn_gen *g, int32_t s)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
    char code[16];
    for (int i = 0; i < 12; i++) {
        code[i] = (i == 3 || i == 8) ? '-' : letters[rng_below(&g->r, 26)];
    }
    code[12] = '\0';
    const char *loc = gen_arena_printf(g, "https://meet.%s/%s", g->domain, code);
    if (loc == NULL) {
        return lsn_oom();
    }
    g->series[s].location = loc;
    return LSN_OK;
}

int32_t gen_team_member(const lsn_gen *g, int32_t team, int32_t i)
{
    const uinfo *ui = &g->ui[team];
    if (ui->count == 0) {
        return -1;
    }
    return g->members[ui->first + (i % ui->count)];
}

/* A "regular" team: people work in it (not a leads team, not the leadership). */
bool gen_regular_team(const lsn_gen *g, int32_t u)
{
    return g->units[u].team && !g->ui[u].leads && g->ui[u].dept != D_NONE && g->ui[u].count > 0;
}

bool gen_person_isolated(const lsn_gen *g, int32_t p)
{
    return g->ui[g->people[p].team].isolated;
}

int gen_add_need(lsn_gen *g, int32_t team, int32_t from, lsn_context c, bool avail)
{
    for (size_t i = 0; i < g->nneeds; i++) {
        if (g->needs[i].team == team && g->needs[i].from == from) {
            return LSN_OK;
        }
    }
    TRY(LSN_GROW(g->needs, g->cap_needs, g->nneeds + 1));
    lsn_gen_need *n = &g->needs[g->nneeds++];
    n->team = team;
    n->from = from;
    n->context = c;
    n->availability = avail;
    return LSN_OK;
}

/* Regular, non-isolated, non-joint teams directly under unit u. */
size_t gen_child_teams(const lsn_gen *g, int32_t u, int32_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t t = (size_t)u + 1; t < (size_t)g->ui[u].end; t++) {
        if (g->units[t].parent == u && gen_regular_team(g, (int32_t)t) && !g->ui[t].isolated &&
            g->ui[t].joint < 0) {
            if (n < cap) {
                out[n] = (int32_t)t;
            }
            n++;
        }
    }
    return n < cap ? n : cap;
}

/* Engineering product lines: the org units whose children are teams. */
size_t gen_eng_bottoms(const lsn_gen *g, int32_t *out, size_t cap)
{
    size_t n = 0;
    int32_t eng = g->dept_unit[D_ENG];
    if (eng < 0) {
        return 0;
    }
    for (size_t u = (size_t)eng; u < g->nunits; u++) {
        if (g->ui[u].dept == D_ENG && !g->units[u].team && g->ui[u].bottom && n < cap) {
            out[n++] = (int32_t)u;
        }
    }
    return n;
}

/* Regular teams of a department, in hierarchy order. */
size_t gen_dept_teams(const lsn_gen *g, int d, int32_t *out, size_t cap, const char *name_has)
{
    size_t n = 0;
    for (size_t u = 0; u < g->nunits && n < cap; u++) {
        if (g->ui[u].dept == d && gen_regular_team(g, (int32_t)u) && !g->ui[u].isolated &&
            (name_has == NULL || strstr(g->units[u].name, name_has) != NULL)) {
            out[n++] = (int32_t)u;
        }
    }
    return n;
}

/* Split a weekly series at `day`: the original ends before it, a copy (new
 * UID) continues from it. This is what "edit this and following events" does. */
int gen_split_series(lsn_gen *g, int32_t *out, int32_t s, int32_t day)
{
    lsn_gen_series *x = &g->series[s];
    int32_t n;
    char summary[400];
    snprintf(summary, sizeof(summary), "%s", x->summary);
    TRY(gen_new_series(g, &n,
                       &(lsn_gen_series){.kind = x->kind,
                                         .team = x->team,
                                         .organizer = x->organizer,
                                         .summary = summary,
                                         .zone = x->zone,
                                         .day = day,
                                         .minute = x->minute,
                                         .duration = x->duration}));
    x = &g->series[s];
    lsn_gen_series *y = &g->series[n];
    y->location = x->location;
    y->description = x->description;
    y->rule = x->rule;
    gen_set_weekly(g, n, x->rule.byday, x->rule.interval);
    y = &g->series[n];
    x->rule.until_day = day - 1;
    for (size_t i = 0; i < x->attendee_count; i++) {
        TRY(gen_add_att(g, n, x->attendees[i].party, (lsn_gen_role)x->attendees[i].role,
                        (lsn_gen_partstat)x->attendees[i].partstat));
        x = &g->series[s];
    }
    g->sflags[s] |= SF_PROTECTED;
    g->sflags[n] |= SF_PROTECTED;
    *out = n;
    return LSN_OK;
}

/* The k-th non-manager member of a team (wrapping), or the manager when alone. */
int32_t gen_worker(const lsn_gen *g, int32_t team, int32_t k)
{
    const uinfo *ui = &g->ui[team];
    if (ui->count <= 1) {
        return gen_team_member(g, team, 0);
    }
    return g->members[ui->first + 1 + (k % (ui->count - 1))];
}

bool gen_unit_within(const lsn_gen *g, int32_t u, int32_t anc)
{
    for (; u >= 0; u = g->units[u].parent) {
        if (u == anc) {
            return true;
        }
    }
    return false;
}
