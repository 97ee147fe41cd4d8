/*
 * io/gen/org.c — the organization: the departments, the parties (people,
 * rooms, outsiders), the roster people, and the hierarchy of units and teams
 * grown from the headcount. It makes no meeting and declares no need.
 */
#include "io/gen/internal.h"

#include "io/error.h"
#include "io/idmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const eng_lines[] = {"Payments",
                                        "Search",
                                        "Mobile",
                                        "Platform",
                                        "Data",
                                        "Identity",
                                        "Growth",
                                        "Messaging",
                                        "Marketplace",
                                        "Analytics",
                                        "Developer Experience",
                                        "Infrastructure",
                                        "Billing",
                                        "Notifications",
                                        "Commerce",
                                        "Media",
                                        "Maps",
                                        "Trust & Safety",
                                        "Integrations",
                                        "Reliability"};
static const char *const eng_areas[] = {"Commerce",       "Consumer",  "Enterprise",
                                        "Core Services",  "Data & AI", "Developer Platform",
                                        "Infrastructure", "Ecosystem"};
static const char *const eng_suffix[] = {"Core",     "API",          "Web",        "Apps",
                                         "Ledger",   "Integrations", "Pipelines",  "Tooling",
                                         "Insights", "Experience",   "Onboarding", "Storage",
                                         "Frontend", "Services",     "Quality"};
static const char *const product_teams[] = {
    "Core Product",       "Growth Product", "Platform Product", "Product Operations",
    "Enterprise Product", "Mobile Product", "Data Product"};
static const char *const product_units[] = {"Consumer Product", "Enterprise Product Group",
                                            "Platform Product Group", "Emerging Products"};
static const char *const design_teams[] = {"Product Design", "UX Research", "Design Systems",
                                           "Brand Design", "Content Design"};
static const char *const design_units[] = {"Consumer Design", "Enterprise Design",
                                           "Platform Design"};
static const char *const marketing_teams[] = {"Product Marketing",
                                              "Brand",
                                              "Demand Generation",
                                              "Content, Web & Social",
                                              "Events",
                                              "Marketing Operations",
                                              "Partner Marketing",
                                              "Developer Relations"};
static const char *const marketing_units[] = {"Americas Marketing", "EMEA Marketing",
                                              "APAC Marketing", "Global Campaigns"};
static const char *const sales_teams[] = {
    "AMER Enterprise", "Solutions Engineering", "EMEA Sales",  "Mid-Market",
    "APAC Sales",      "Sales Operations",      "LATAM Sales", "Channel Partners"};
static const char *const sales_units[] = {"Americas",           "EMEA",      "APAC", "LATAM",
                                          "Strategic Accounts", "Commercial"};
static const char *const support_teams[] = {"Support Tier 1",
                                            "Support Tier 2",
                                            "Customer Success",
                                            "Support Operations",
                                            "Technical Account Management",
                                            "Onboarding Services"};
static const char *const support_units[] = {"Support Americas", "Support EMEA", "Support APAC",
                                            "Enterprise Support"};
static const char *const security_teams[] = {"Application Security", "Security Operations",
                                             "Infrastructure Security",
                                             "Governance, Risk & Compliance", "Identity Security"};
static const char *const security_units[] = {"Security Engineering", "Security Programs", "Trust"};

#define POOL(a) a, COUNTOF(a)

const dept_def gen_depts[D_COUNT] = {
    [D_ENG] = {"eng",
               "Engineering",
               0.46,
               POOL(eng_lines),
               POOL(eng_areas),
               {Z_NY, Z_LA, Z_BER, Z_KOL, Z_NY, Z_LON, Z_SAO, Z_UTC},
               8,
               DAYS_MO_FR,
               "standup",
               "sprint planning",
               60,
               true,
               true},
    [D_PRODUCT] = {"prod",
                   "Product",
                   0.08,
                   POOL(product_teams),
                   POOL(product_units),
                   {Z_NY, Z_LA, Z_BER},
                   3,
                   0x0a,
                   "check-in",
                   "weekly sync",
                   60,
                   false,
                   false},
    [D_DESIGN] = {"des",
                  "Design",
                  0.06,
                  POOL(design_teams),
                  POOL(design_units),
                  {Z_LA, Z_BER, Z_NY},
                  3,
                  0x05,
                  "check-in",
                  "design critique",
                  60,
                  false,
                  false},
    [D_MARKETING] = {"mkt",
                     "Marketing",
                     0.09,
                     POOL(marketing_teams),
                     POOL(marketing_units),
                     {Z_NY, Z_LON, Z_NY},
                     3,
                     0x15,
                     "stand-up",
                     "weekly team meeting",
                     60,
                     false,
                     false},
    [D_SALES] = {"sales",
                 "Sales",
                 0.14,
                 POOL(sales_teams),
                 POOL(sales_units),
                 {Z_NY, Z_LON, Z_BER, Z_KOL, Z_SAO, Z_LA},
                 6,
                 DAYS_MO_FR,
                 "sales huddle",
                 "pipeline review",
                 60,
                 false,
                 false},
    [D_SUPPORT] = {"support",
                   "Support",
                   0.11,
                   POOL(support_teams),
                   POOL(support_units),
                   {Z_NY, Z_KOL, Z_BER, Z_UTC},
                   4,
                   DAYS_MO_FR,
                   "shift handover",
                   "queue review",
                   45,
                   true,
                   false},
    [D_SECURITY] = {"sec",
                    "Security",
                    0.06,
                    POOL(security_teams),
                    POOL(security_units),
                    {Z_NY, Z_UTC, Z_BER},
                    3,
                    DAYS_MO_FR,
                    "standup",
                    "weekly planning",
                    60,
                    true,
                    false},
};

/* Departments are added in this order while each still gets 5 people. */
static const int dept_priority[D_COUNT] = {D_ENG,   D_MARKETING, D_SUPPORT, D_PRODUCT,
                                           D_SALES, D_DESIGN,    D_SECURITY};

/* The party with this email, added when new. */
int gen_party(lsn_gen *g, int32_t *out, const char *email, const char *name, lsn_gen_cutype t)
{
    int32_t id = lsn_strmap_find(g->emails, email);
    if (id >= 0) {
        *out = id;
        return LSN_OK;
    }
    if (lsn_strmap_intern(&id, g->emails, email, strlen(email)) < 0) {
        return lsn_oom();
    }
    TRY(LSN_GROW(g->parties, g->cap_parties, g->nparties + 1));
    lsn_gen_party *p = &g->parties[g->nparties++];
    p->email = lsn_strmap_get(g->emails, id);
    p->name = gen_arena_strdup(g, name != NULL ? name : "");
    if (p->name == NULL) {
        return lsn_oom();
    }
    p->cutype = t;
    p->person = -1;
    *out = id;
    return LSN_OK;
}

/* A new roster person in team `team` (unit index), reporting to manager. */
static int add_person(lsn_gen *g, int32_t *out, int32_t team, int32_t manager, int32_t zone)
{
    char name[160], email[400];
    gen_name who;
    gen_name_random(&who, &g->r);
    /* A few display names carry a comma, which CSV and CN parameters must quote. */
    if (rng_chance(&g->r, 0.01)) {
        snprintf(name, sizeof(name), "%s %s, Jr.", who.first, who.last);
    } else {
        snprintf(name, sizeof(name), "%s %s", who.first, who.last);
    }
    snprintf(email, sizeof(email), "%s.%s@%s", who.first_ascii, who.last_ascii, g->domain);
    for (int k = 2; lsn_strmap_find(g->emails, email) >= 0; k++) {
        snprintf(email, sizeof(email), "%s.%s%d@%s", who.first_ascii, who.last_ascii, k, g->domain);
    }
    int32_t id;
    TRY(gen_party(g, &id, email, name, LSN_GEN_INDIVIDUAL));
    /* People are created before any other party, so their ids are 0..P-1. */
    if ((size_t)id != g->npeople) {
        return lsn_error_set(LSN_EINTERNAL, "generator: person created after other parties");
    }
    TRY(LSN_GROW(g->people, g->cap_people, g->npeople + 1));
    lsn_gen_person *p = &g->people[g->npeople++];
    p->email = g->parties[id].email;
    p->name = g->parties[id].name;
    p->team = team;
    p->manager = manager;
    p->zone = zone;
    g->parties[id].person = id;
    *out = id;
    return LSN_OK;
}

/* Lowercase ASCII id of a display name: "Trust & Safety" -> "trust-safety". */
static void slug(char *out, size_t cap, const char *s)
{
    size_t n = 0;
    bool dash = false;
    for (; *s != '\0' && n + 2 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n > 0) {
                out[n++] = '-';
            }
            dash = false;
            out[n++] = (char)c;
        } else if (c >= 'A' && c <= 'Z') {
            if (dash && n > 0) {
                out[n++] = '-';
            }
            dash = false;
            out[n++] = (char)(c - 'A' + 'a');
        } else {
            dash = true;
        }
    }
    out[n] = '\0';
}

static int add_unit(lsn_gen *g,
                    int32_t *out,
                    const char *id_hint,
                    const char *name,
                    int32_t parent,
                    bool team,
                    uint8_t dept,
                    int32_t zone)
{
    char id[160];
    snprintf(id, sizeof(id), "%s", id_hint);
    for (int k = 2; lsn_strmap_find(g->ids, id) >= 0; k++) {
        snprintf(id, sizeof(id), "%s-%d", id_hint, k);
    }
    int32_t sid;
    if (lsn_strmap_intern(&sid, g->ids, id, strlen(id)) < 0) {
        return lsn_oom();
    }
    size_t cap = g->cap_units;
    TRY(LSN_GROW(g->units, g->cap_units, g->nunits + 1));
    if (cap != g->cap_units) {
        TRY(LSN_RESIZE(g->ui, g->cap_units));
    }
    int32_t u = (int32_t)g->nunits++;
    lsn_gen_unit *unit = &g->units[u];
    unit->id = lsn_strmap_get(g->ids, sid);
    unit->name = gen_arena_strdup(g, name);
    if (unit->name == NULL) {
        return lsn_oom();
    }
    unit->parent = parent;
    unit->head = -1;
    unit->zone = zone;
    unit->team = team;
    uinfo *ui = &g->ui[u];
    memset(ui, 0, sizeof(*ui));
    ui->dept = dept;
    ui->joint = -1;
    ui->sec_liaison = -1;
    ui->standup = ui->planning = ui->retro = ui->demo = -1;
    *out = u;
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* The hierarchy                                                        */
/* ------------------------------------------------------------------ */

/* Teams for r people: about 5.5 per team in engineering, 6.2 elsewhere (4 to 9). */
static int teams_for(int r, uint8_t dept)
{
    if (r <= 0) {
        return 0;
    }
    if (r < 4) {
        return 1;
    }
    int k = (int)((double)r / (dept == D_ENG ? 5.5 : 6.2) + 0.5);
    int lo = (r + 8) / 9, hi = r / 4;
    if (k < lo) {
        k = lo;
    }
    if (k > hi) {
        k = hi;
    }
    return k < 1 ? 1 : k;
}

static int32_t pick_zone(lsn_gen *g, uint8_t dept, int32_t parent_zone)
{
    const dept_def *d = &gen_depts[dept];
    if (parent_zone >= 0 && rng_chance(&g->r, 0.7)) {
        return parent_zone;
    }
    return d->zones[rng_below(&g->r, d->nzones)];
}

/* Regional teams work where their region is. */
static int32_t region_zone(const char *name, int32_t zone)
{
    if (strstr(name, "EMEA") != NULL) {
        return Z_LON;
    }
    if (strstr(name, "APAC") != NULL) {
        return Z_KOL;
    }
    if (strstr(name, "LATAM") != NULL) {
        return Z_SAO;
    }
    return zone;
}

/* Name of the next child of unit u in department d. */
static void
child_name(lsn_gen *g, char *out, size_t cap, int32_t u, uint8_t dept, bool team, bool bottom_child)
{
    const dept_def *d = &gen_depts[dept];
    uinfo *ui = &g->ui[u];
    int32_t i = ui->nchild++;
    bool under_dept = g->dept_unit[dept] == u;
    if (team && dept == D_ENG && !under_dept) {
        /* Engineering teams are named after their product line. */
        int32_t k = i % (int32_t)COUNTOF(eng_suffix);
        int32_t round = i / (int32_t)COUNTOF(eng_suffix);
        if (round == 0) {
            snprintf(out, cap, "%s %s", g->units[u].name, eng_suffix[k]);
        } else {
            snprintf(out, cap, "%s %s %d", g->units[u].name, eng_suffix[k], round + 1);
        }
        return;
    }
    if (team && under_dept) {
        int32_t c = g->dept_counter[dept]++;
        int32_t k = c % (int32_t)d->nteams, round = c / (int32_t)d->nteams;
        if (round == 0) {
            snprintf(out, cap, "%s", d->teams[k]);
        } else {
            snprintf(out, cap, "%s %d", d->teams[k], round + 1);
        }
        return;
    }
    if (team) {
        snprintf(out, cap, "%s: %s", g->units[u].name, d->teams[i % (int32_t)d->nteams]);
        return;
    }
    /* Sub-units: product lines (or regions) at the bottom, areas above. */
    const char *const *pool = d->units;
    size_t npool = d->nunits;
    if (dept == D_ENG && bottom_child) {
        pool = eng_lines;
        npool = COUNTOF(eng_lines);
    }
    int32_t c = g->dept_counter[dept]++;
    int32_t k = c % (int32_t)npool, round = c / (int32_t)npool;
    if (round == 0) {
        snprintf(out, cap, "%s", pool[k]);
    } else {
        snprintf(out, cap, "%s %d", pool[k], round + 1);
    }
}

/* Split total people over k teams of 4..most (9 only when the total needs it;
 * smaller only when total < 4). */
static void team_sizes(lsn_gen *g, int *sizes, int k, int total, int forced_small, int most)
{
    if (total > most * k) {
        most = 9;
    }
    for (int i = 0; i < k; i++) {
        sizes[i] = total / k;
    }
    for (int i = 0; i < total % k; i++) {
        sizes[i]++;
    }
    /* Jitter while keeping the sum and the bounds. */
    for (int round = 0; round < k * 3; round++) {
        int a = (int)rng_below(&g->r, (uint32_t)k), b = (int)rng_below(&g->r, (uint32_t)k);
        if (a != b && sizes[a] > 4 && sizes[b] < most) {
            sizes[a]--;
            sizes[b]++;
        }
    }
    /* The first forced_small teams get exactly 4 (a pair that works as one). */
    for (int i = 0; i < forced_small && i < k; i++) {
        while (sizes[i] > 4) {
            int j = -1;
            for (int t = forced_small; t < k; t++) {
                if (sizes[t] < most && (j < 0 || sizes[t] < sizes[j])) {
                    j = t;
                }
            }
            if (j < 0) {
                break;
            }
            sizes[i]--;
            sizes[j]++;
        }
    }
}

/* Fill unit u (already headed by g->units[u].head) with r more people. */
static int fill_unit(lsn_gen *g, int32_t u, int r, int depth)
{
    uint8_t dept = g->ui[u].dept;
    int32_t head = g->units[u].head;
    int k = teams_for(r, dept);
    if (k == 0) {
        return LSN_OK;
    }
    char name[200], id[200];
    if (k <= FANOUT) {
        g->ui[u].bottom = true;
        int sizes[FANOUT];
        bool eng = dept == D_ENG;
        int32_t bi = eng ? g->bottom_counter++ : -1;
        int forced = (eng && bi % 4 == 0 && k >= 4 && r - 8 <= 9 * (k - 2)) ? 2 : 0;
        team_sizes(g, sizes, k, r, forced, eng ? 7 : 8);
        int32_t first_team = -1;
        for (int t = 0; t < k; t++) {
            /* The last team of the second product line is an isolated lab. */
            bool isolated = eng && bi == 1 && t == k - 1 && k >= 3 && g->opts.people >= 100;
            if (isolated) {
                snprintf(name, sizeof(name), "%s Research Lab", g->units[u].name);
                g->ui[u].nchild++;
            } else {
                child_name(g, name, sizeof(name), u, dept, true, false);
            }
            slug(id, sizeof(id), name);
            char full[240];
            snprintf(full, sizeof(full), "%s-%s", gen_depts[dept].prefix, id);
            size_t pl = strlen(gen_depts[dept].prefix);
            if (strncmp(id, gen_depts[dept].prefix, pl) == 0 && (id[pl] == '-' || id[pl] == '\0')) {
                snprintf(full, sizeof(full), "%s", id);
            }
            int32_t zone =
                isolated ? Z_KOL : region_zone(name, pick_zone(g, dept, g->units[u].zone));
            int32_t team;
            TRY(add_unit(g, &team, full, name, u, true, dept, zone));
            g->ui[team].isolated = isolated;
            int32_t manager = -1;
            for (int m = 0; m < sizes[t]; m++) {
                int32_t p;
                TRY(add_person(g, &p, team, m == 0 ? head : manager, zone));
                if (m == 0) {
                    manager = p;
                    g->units[team].head = p;
                }
            }
            if (forced && t == 0) {
                first_team = team;
            } else if (forced && t == 1) {
                g->ui[first_team].joint = team;
                g->ui[team].joint = first_team;
            }
        }
        return LSN_OK;
    }
    /* Too many teams for one head: sub-units whose heads form a leads team. */
    int c = (k + FANOUT - 1) / FANOUT;
    if (c > FANOUT) {
        c = FANOUT;
    }
    int32_t leads;
    snprintf(name, sizeof(name), "%s leadership", g->units[u].name);
    snprintf(id, sizeof(id), "%s-leads", g->units[u].id);
    TRY(add_unit(g, &leads, id, name, u, true, dept, g->units[u].zone));
    g->ui[leads].leads = true;
    g->units[leads].head = head;
    int parts[FANOUT];
    for (int i = 0; i < c; i++) {
        parts[i] = r / c;
    }
    for (int i = 0; i < r % c; i++) {
        parts[i]++;
    }
    for (int i = 0; i + 1 < c; i += 2) {
        int d = rng_range(&g->r, 0, parts[i] / 10);
        parts[i] -= d;
        parts[i + 1] += d;
    }
    for (int i = 0; i < c; i++) {
        bool bottom = teams_for(parts[i] - 1, dept) <= FANOUT;
        child_name(g, name, sizeof(name), u, dept, false, bottom);
        slug(id, sizeof(id), name);
        char full[240];
        size_t pl = strlen(gen_depts[dept].prefix);
        if (strncmp(id, gen_depts[dept].prefix, pl) == 0 && (id[pl] == '-' || id[pl] == '\0')) {
            snprintf(full, sizeof(full), "%s", id);
        } else {
            snprintf(full, sizeof(full), "%s-%s", gen_depts[dept].prefix, id);
        }
        int32_t sub, subhead;
        TRY(add_unit(g, &sub, full, name, u, false, dept,
                     region_zone(name, pick_zone(g, dept, g->units[u].zone))));
        TRY(add_person(g, &subhead, leads, head, g->units[sub].zone));
        g->units[sub].head = subhead;
        TRY(fill_unit(g, sub, parts[i] - 1, depth + 1));
    }
    return LSN_OK;
}

int gen_build_org(lsn_gen *g)
{
    int n = g->opts.people;
    int32_t root;
    TRY(add_unit(g, &root, g->company_id, g->company_name, -1, false, D_NONE, Z_NY));
    TRY(add_unit(g, &g->leadership, "leadership", "Leadership team", root, true, D_NONE, Z_NY));
    TRY(add_person(g, &g->ceo, g->leadership, -1, Z_NY));
    g->units[root].head = g->ceo;
    g->units[g->leadership].head = g->ceo;

    /* Choose how many departments fit: each must get at least 5 people. */
    int share[D_COUNT] = {0};
    int ndept = D_COUNT;
    for (; ndept >= 1; ndept--) {
        double wsum = 0;
        for (int i = 0; i < ndept; i++) {
            wsum += gen_depts[dept_priority[i]].weight;
        }
        int rest = n - 1, given = 0;
        double frac[D_COUNT] = {0};
        memset(share, 0, sizeof(share));
        for (int i = 0; i < ndept; i++) {
            int d = dept_priority[i];
            double x = gen_depts[d].weight / wsum * rest;
            share[d] = (int)x;
            frac[d] = x - share[d];
            given += share[d];
        }
        while (given < rest) {
            int best = -1;
            for (int i = 0; i < ndept; i++) {
                int d = dept_priority[i];
                if (best < 0 || frac[d] > frac[best]) {
                    best = d;
                }
            }
            share[best]++;
            frac[best] = -1;
            given++;
        }
        bool ok = true;
        for (int i = 0; i < ndept; i++) {
            ok = ok && share[dept_priority[i]] >= 5;
        }
        if (ok) {
            break;
        }
    }
    for (int d = 0; d < D_COUNT; d++) {
        g->dept_unit[d] = -1;
    }
    for (int d = 0; d < D_COUNT; d++) {
        if (share[d] == 0) {
            continue;
        }
        int32_t u, head;
        TRY(add_unit(g, &u, gen_depts[d].prefix, gen_depts[d].name, root, false, (uint8_t)d,
                     gen_depts[d].zones[0]));
        g->dept_unit[d] = u;
        TRY(add_person(g, &head, g->leadership, g->ceo, g->units[u].zone));
        g->units[u].head = head;
        TRY(fill_unit(g, u, share[d] - 1, 1));
    }
    if (g->npeople != (size_t)n) {
        return lsn_error_set(LSN_EINTERNAL, "generator: built %zu people instead of %d", g->npeople,
                             n);
    }
    /* Units are in pre-order: a subtree is the range [u, end). */
    for (size_t u = 0; u < g->nunits; u++) {
        g->ui[u].end = (int32_t)u + 1;
    }
    for (size_t u = g->nunits; u-- > 1;) {
        int32_t p = g->units[u].parent;
        if (g->ui[p].end < g->ui[u].end) {
            g->ui[p].end = g->ui[u].end;
        }
    }
    /* Members of each team, in roster order. */
    g->members = malloc(g->npeople * sizeof(int32_t));
    if (g->members == NULL) {
        return lsn_oom();
    }
    for (size_t p = 0; p < g->npeople; p++) {
        g->ui[g->people[p].team].count++;
    }
    int32_t pos = 0;
    for (size_t u = 0; u < g->nunits; u++) {
        g->ui[u].first = pos;
        pos += g->ui[u].count;
        g->ui[u].count = 0;
    }
    for (size_t p = 0; p < g->npeople; p++) {
        uinfo *ui = &g->ui[g->people[p].team];
        g->members[ui->first + ui->count++] = (int32_t)p;
    }
    return LSN_OK;
}
