/*
 * viz/graphml.c — person.graphml and teams.graphml (viz/tables.h): the
 * person graph and the team graph as columns for viz/graphml_file.h, which
 * writes them. Vertices sorted by id (address, team id), edges by their
 * ends' ids, as the tables write them.
 */
#include "viz/tables.h"

#include "analysis/linkstats.h"
#include "analysis/privacy.h"
#include "io/error.h"
#include "io/fsutil.h"
#include "viz/graphml_file.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* An edge in the order written: ends as vertex positions, smaller first. */
typedef struct gedge {
    int32_t a, b;
    size_t src; /* index in the analysis' edge list */
} gedge;

static int cmp_gedge(const void *x, const void *y)
{
    const gedge *p = x, *q = y;
    if (p->a != q->a) {
        return p->a < q->a ? -1 : 1;
    }
    return (p->b > q->b) - (p->b < q->b);
}

/* Rounded to 1e-6 as every other output writes numbers, so the last bits of
 * a float sum never change the bytes (GraphML has 15 digits). */
static double r6(double x)
{
    return isfinite(x) ? round(x * 1e6) / 1e6 : x;
}

static const char *const kinds[] = {"roster", "unknown", "external", "group"};

enum { PV_NAME, PV_DISPLAY, PV_KIND, PV_TEAM, PV_UNIT, PV_TEXT };
enum { PN_COMMUNITY, PN_BETWEENNESS, PN_CONSTRAINT, PN_COORD, PN_ITIN, PN_GATE, PN_REPR, PN_LIAISON, PN_NUM };

static int write_person(const char *path, const lsn_report *r, const lsn_link_figures *f)
{
    const int64_t *count = f->person_instances;
    const int32_t *order = f->by_address, *pos = f->address_rank; /* the vertices' order */
    static const char *const tnames[PV_TEXT] = {"name", "display_name", "kind", "team", "unit"};
    static const char *const nnames[PN_NUM] = {"community",      "betweenness", "constraint",
                                               "coordinator",    "itinerant",   "gatekeeper",
                                               "representative", "liaison"};
    const lsn_calendar *cal = lsn_analysis_calendar(r->analysis);
    const lsn_org *org = lsn_calendar_org(cal);
    size_t npart, ne, nu, np;
    const lsn_participant *parts = lsn_calendar_participants(cal, &npart);
    const lsn_edge *edges = lsn_analysis_person_edges(r->analysis, &ne);
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_person *people = lsn_org_people(org, &np);
    size_t nv = npart;
    const char **text = calloc((nv ? nv : 1) * PV_TEXT, sizeof(*text));
    double *numbers = malloc((nv ? nv : 1) * PN_NUM * sizeof(*numbers));
    int32_t *from = malloc((ne ? ne : 1) * sizeof(*from));
    int32_t *to = malloc((ne ? ne : 1) * sizeof(*to));
    double *weight = malloc((ne ? ne : 1) * sizeof(*weight));
    double *inst = malloc((ne ? ne : 1) * sizeof(*inst));
    int rc = LSN_OK;
    if (text == NULL || numbers == NULL || from == NULL || to == NULL || weight == NULL ||
        inst == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t k = 0; k < nv; k++) {
        const lsn_participant *p = &parts[order[k]];
        int32_t t = lsn_analysis_participant_team(r->analysis, order[k]);
        const char **row = text + k * PV_TEXT;
        double *num = numbers + k * PN_NUM;
        row[PV_NAME] = p->address;
        row[PV_DISPLAY] = p->person >= 0 ? people[p->person].name : "";
        row[PV_KIND] = kinds[p->kind];
        row[PV_TEAM] = t >= 0 ? units[t].id : "";
        row[PV_UNIT] = t >= 0 && units[t].parent >= 0 ? units[units[t].parent].id : "";
        for (int c = 0; c < PN_NUM; c++) {
            num[c] = NAN;
        }
        if (p->person >= 0 && r->roles != NULL) {
            const lsn_role *ro = &r->roles[p->person];
            num[PN_COMMUNITY] = ro->community;
            num[PN_BETWEENNESS] = r6(ro->betweenness);
            num[PN_CONSTRAINT] = r6(ro->constraint);
            num[PN_COORD] = (double)ro->coordinator;
            num[PN_ITIN] = (double)ro->itinerant;
            num[PN_GATE] = (double)ro->gatekeeper;
            num[PN_REPR] = (double)ro->representative;
            num[PN_LIAISON] = (double)ro->liaison;
        }
    }
    /* The edges in the figures' order: by their ends' places, smaller first. */
    for (size_t k = 0; k < ne; k++) {
        uint32_t i = f->edges_by_address[k];
        int32_t a = pos[edges[i].u], b = pos[edges[i].v];
        from[k] = a < b ? a : b;
        to[k] = a < b ? b : a;
        weight[k] = r6(edges[i].weight);
        inst[k] = (double)count[i];
    }
    {
        /* Columns: a column's values are every vertex's, so they are
         * gathered from the row-major arrays above. */
        const char **tcol = malloc((nv ? nv : 1) * PV_TEXT * sizeof(*tcol));
        double *ncol = malloc((nv ? nv : 1) * PN_NUM * sizeof(*ncol));
        lsn_graphml_attr va[PV_TEXT + PN_NUM];
        lsn_graphml_attr ea[2] = {{"weight", NULL, weight}, {"instances", NULL, inst}};
        if (tcol == NULL || ncol == NULL) {
            free(tcol);
            free(ncol);
            rc = lsn_oom();
            goto cleanup;
        }
        for (int c = 0; c < PV_TEXT; c++) {
            for (size_t k = 0; k < nv; k++) {
                tcol[(size_t)c * nv + k] = text[k * PV_TEXT + (size_t)c];
            }
            va[c] = (lsn_graphml_attr){tnames[c], tcol + (size_t)c * nv, NULL};
        }
        for (int c = 0; c < PN_NUM; c++) {
            for (size_t k = 0; k < nv; k++) {
                ncol[(size_t)c * nv + k] = numbers[k * PN_NUM + (size_t)c];
            }
            va[PV_TEXT + c] = (lsn_graphml_attr){nnames[c], NULL, ncol + (size_t)c * nv};
        }
        lsn_graphml g = {nv, va, r->roles != NULL ? PV_TEXT + PN_NUM : PV_TEXT, ne, from, to, ea, 2};
        rc = lsn_graphml_save(path, &g);
        free(tcol);
        free(ncol);
    }
cleanup:
    free(text);
    free(numbers);
    free(from);
    free(to);
    free(weight);
    free(inst);
    return rc;
}

static int write_teams(const char *path,
                       const lsn_report *r,
                       const lsn_privacy *pv,
                       const lsn_link_figures *f)
{
    const lsn_calendar *cal = lsn_analysis_calendar(r->analysis);
    size_t nu, nt, ns;
    const lsn_unit *units = lsn_org_units(lsn_calendar_org(cal), &nu);
    const lsn_team_info *info = lsn_analysis_teams(r->analysis, &nt);
    const lsn_team_link_stats *st = f->teams;
    int rc = LSN_OK;
    ns = f->nteams;
    int32_t *order = malloc((nu ? nu : 1) * sizeof(*order));
    int32_t *pos = malloc((nu ? nu : 1) * sizeof(*pos));
    const char **name = malloc((nu ? nu : 1) * sizeof(*name));
    const char **display = malloc((nu ? nu : 1) * sizeof(*display));
    const char **unit = malloc((nu ? nu : 1) * sizeof(*unit));
    double *headcount = malloc((nu ? nu : 1) * sizeof(*headcount));
    double *hours = malloc((nu ? nu : 1) * sizeof(*hours));
    double *share = malloc((nu ? nu : 1) * sizeof(*share));
    gedge *ge = malloc((ns ? ns : 1) * sizeof(*ge));
    int32_t *from = malloc((ns ? ns : 1) * sizeof(*from));
    int32_t *to = malloc((ns ? ns : 1) * sizeof(*to));
    double *weight = malloc((ns ? ns : 1) * sizeof(*weight));
    double *inst = malloc((ns ? ns : 1) * sizeof(*inst));
    size_t nv = 0, ne = 0;
    if (order == NULL || pos == NULL || name == NULL || display == NULL || unit == NULL ||
        headcount == NULL || hours == NULL || share == NULL || ge == NULL || from == NULL ||
        to == NULL || weight == NULL || inst == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    /* The teams shown, by id. */
    const int32_t *by_id = lsn_org_units_by_id(lsn_calendar_org(cal));
    for (size_t k = 0; k < nu; k++) {
        int32_t i = by_id[k];
        pos[i] = -1;
        if (units[i].headcount > 0 && !lsn_privacy_unit_withheld(pv, units[i].id)) {
            order[nv++] = i;
        }
    }
    for (size_t k = 0; k < nv; k++) {
        const lsn_unit *u = &units[order[k]];
        pos[order[k]] = (int32_t)k;
        name[k] = u->id;
        display[k] = u->name;
        unit[k] = u->parent >= 0 ? units[u->parent].id : "";
        headcount[k] = u->headcount;
        hours[k] = r6(info[order[k]].meeting_hours_per_week);
        share[k] = r6(lsn_team_cross_share(&info[order[k]]));
    }
    for (size_t i = 0; i < ns; i++) {
        int32_t a = pos[st[i].u], b = pos[st[i].v];
        if (a >= 0 && b >= 0) {
            ge[ne++] = (gedge){a < b ? a : b, a < b ? b : a, i};
        }
    }
    qsort(ge, ne, sizeof(*ge), cmp_gedge);
    for (size_t i = 0; i < ne; i++) {
        from[i] = ge[i].a;
        to[i] = ge[i].b;
        weight[i] = r6(st[ge[i].src].hours_per_week);
        inst[i] = (double)st[ge[i].src].instances;
    }
    lsn_graphml_attr va[] = {{"name", name, NULL},
                             {"display_name", display, NULL},
                             {"unit", unit, NULL},
                             {"headcount", NULL, headcount},
                             {"meeting_hours_per_week", NULL, hours},
                             {"cross_team_share", NULL, share}};
    lsn_graphml_attr ea[] = {{"weight", NULL, weight}, {"instances", NULL, inst}};
    lsn_graphml g = {nv, va, sizeof(va) / sizeof(va[0]), ne, from, to, ea, 2};
    rc = lsn_graphml_save(path, &g);
cleanup:
    free(order);
    free(pos);
    free(name);
    free(display);
    free(unit);
    free(headcount);
    free(hours);
    free(share);
    free(ge);
    free(from);
    free(to);
    free(weight);
    free(inst);
    return rc;
}

int lsn_graphml_write(const char *dir, const lsn_report *r)
{
    lsn_link_figures f;
    int rc = lsn_link_figures_compute(&f, r->analysis);
    if (rc == LSN_OK) {
        rc = lsn_graphml_write_figures(dir, r, &f);
    }
    lsn_link_figures_free(&f);
    return rc;
}

int lsn_graphml_write_figures(const char *dir, const lsn_report *r, const lsn_link_figures *f)
{
    lsn_privacy *pv = NULL;
    char *person = lsn_fs_join(dir, "person.graphml");
    char *teams = lsn_fs_join(dir, "teams.graphml");
    int rc = person == NULL || teams == NULL
                 ? lsn_oom()
                 : lsn_privacy_new(&pv, lsn_analysis_calendar(r->analysis), r->min_group);
    if (rc == LSN_OK && lsn_privacy_persons_shown(pv)) {
        rc = write_person(person, r, f);
    }
    if (rc == LSN_OK) {
        rc = write_teams(teams, r, pv, f);
    }
    lsn_privacy_free(pv);
    free(person);
    free(teams);
    return rc;
}
