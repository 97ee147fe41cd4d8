/*
 * viz/dot.c — teams.dot and proposal.dot from report.json data, built with
 * cgraph and rendered to SVG with gvc. It reads the report, draws and
 * writes; it computes no figure the report does not hold. The drawing
 * conventions are in viz/dot.h.
 */
#include "viz/dot.h"

#include "io/error.h"
#include "io/strmap.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum { SEV_NONE, SEV_LOW, SEV_MEDIUM, SEV_HIGH };

static const char *const sev_color[] = {"#78909c", "#9e8600", "#e65100", "#c62828"};
static const char *const sev_fill[] = {"#ffffff", "#fffbe0", "#fff1e0", "#fde7e7"};
static const char *const sev_name[] = {"", "low", "medium", "high"};

#define COLOR_LINK "#78909c80"
#define COLOR_LIAISON "#1565c0"
#define COLOR_MISSING "#d32f2f"
#define COLOR_NOTES "#9e9e9e"
#define COLOR_EMBEDDED "#2e7d32"
#define COLOR_ROTATION "#ef6c00"
#define COLOR_GROUP "#6a1b9a"
#define COLOR_RESTRUCTURE "#c62828"
#define FONT "Helvetica,Arial,sans-serif"

/* ---------------------------------------------------------------------- */
/* The report, read into index-based tables (borrowing the json strings). */

/* A unit of the hierarchy; teams are units with people. Indices follow the
 * byte order of the ids, so walking an index range is walking sorted ids. */
typedef struct unit {
    const char *id;
    const char *name;
    int32_t parent; /* -1: a root */
    bool is_team;
    double headcount;     /* NAN: not given */
    double meeting_hours; /* NAN: not given */
    double people_under;  /* NAN: not given */
    int32_t *children;    /* sorted */
    size_t nchildren;
    int sev; /* worst finding naming it */
} unit;

typedef struct team_link {
    int32_t a, b; /* a < b */
    double hours;
} team_link;

typedef struct liaison {
    const char *person;
    int32_t home, to;
    double hours;
    double instances;
} liaison;

typedef struct roster_person {
    const char *email;
    const char *name;
    const char *team;
} roster_person;

typedef struct finding {
    const json_t *json;
    const char *type;
    int sev;
} finding;

/* (unit, rank) pairs: the findings that name a unit. Findings are taken in
 * rank order (o->order: worst first, then by type and explanation), never
 * in report order, so a reordered report draws the same bytes. */
typedef struct mark {
    int32_t unit;
    int32_t rank;
} mark;

typedef struct need {
    int32_t team, from;
    int32_t target; /* the team whose meetings the people sit in, or -1 */
    const char *model;
    const char *context;
    bool availability;
    const json_t *people; /* array of emails, may be NULL */
    bool existing;
    bool unmet;
    const char *restructure;         /* series UID or NULL */
    const char *restructure_subject; /* its subject when the report gives it */
    double context_hours;
    const char *reason;
    size_t index; /* position in the report, the last sort key */
} need;

typedef struct org {
    const char *where; /* "report" or the file path, for messages */
    lsn_strmap *ids;   /* unit id -> index */
    unit *units;
    size_t nunits;
    int32_t root; /* the single root, or -1 */
    team_link *links;
    size_t nlinks;
    liaison *liaisons;
    size_t nliaisons;
    lsn_strmap *emails; /* email -> index in people */
    roster_person *people;
    finding *findings;
    size_t nfindings;
    int32_t *order; /* finding indices, worst first, then type, explanation */
    mark *marks;
    size_t nmarks;
    need *needs;
    size_t nneeds;
    bool has_proposal;
} org;

static double num_or(const json_t *o, const char *key, double def)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : def;
}

static const char *str_or(const json_t *o, const char *key, const char *def)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : def;
}

static int sev_of(const char *s)
{
    if (s == NULL) {
        return SEV_NONE;
    }
    if (strcmp(s, "high") == 0) {
        return SEV_HIGH;
    }
    if (strcmp(s, "medium") == 0) {
        return SEV_MEDIUM;
    }
    return strcmp(s, "low") == 0 ? SEV_LOW : SEV_NONE;
}

/* A section of the report: an array, or NULL when it is missing. */
static int section(const json_t **out, const org *o, const json_t *report, const char *key)
{
    const json_t *v = json_object_get(report, key);
    *out = NULL;
    if (v == NULL || json_is_null(v)) {
        return LSN_OK;
    }
    if (!json_is_array(v)) {
        return lsn_error_set(LSN_EPARSE, "%s: '%s' is not an array", o->where, key);
    }
    *out = v;
    return LSN_OK;
}

/* The string `key` of entry i of a section, which must be there. */
static int required(
    const char **out, const org *o, const char *sect, size_t i, const json_t *e, const char *key)
{
    *out = str_or(e, key, NULL);
    if (*out == NULL) {
        return lsn_error_set(LSN_EPARSE, "%s: %s[%zu]: no '%s' string", o->where, sect, i, key);
    }
    return LSN_OK;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

typedef struct strvec {
    const char **v;
    size_t n, cap;
} strvec;

static int strvec_push(strvec *s, const char *str)
{
    if (str == NULL) {
        return LSN_OK;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        const char **v = realloc(s->v, cap * sizeof(*v));
        if (v == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = str;
    return LSN_OK;
}

static int32_t unit_of(const org *o, const char *id)
{
    return id == NULL ? -1 : lsn_strmap_find(o->ids, id);
}

/* Every id the report names becomes a unit, interned in sorted order. */
static int collect_ids(org *o,
                       const json_t *units,
                       const json_t *teams,
                       const json_t *liaisons,
                       const json_t *findings,
                       const json_t *proposal)
{
    strvec ids = {0};
    int rc = LSN_OK;
    size_t i;
    const json_t *e;
    const char *s;
    json_array_foreach(units, i, e)
    {
        if ((rc = required(&s, o, "units", i, e, "unit")) != LSN_OK ||
            (rc = strvec_push(&ids, s)) != LSN_OK ||
            (rc = strvec_push(&ids, str_or(e, "parent", NULL))) != LSN_OK) {
            goto cleanup;
        }
    }
    json_array_foreach(teams, i, e)
    {
        if ((rc = required(&s, o, "teams", i, e, "team")) != LSN_OK ||
            (rc = strvec_push(&ids, s)) != LSN_OK ||
            (rc = strvec_push(&ids, str_or(e, "parent", NULL))) != LSN_OK) {
            goto cleanup;
        }
    }
    json_array_foreach(liaisons, i, e)
    {
        const char *t;
        if ((rc = required(&s, o, "liaisons", i, e, "team")) != LSN_OK ||
            (rc = required(&t, o, "liaisons", i, e, "to")) != LSN_OK ||
            (rc = required(&t, o, "liaisons", i, e, "person")) != LSN_OK ||
            (rc = strvec_push(&ids, s)) != LSN_OK ||
            (rc = strvec_push(&ids, str_or(e, "to", NULL))) != LSN_OK) {
            goto cleanup;
        }
    }
    json_array_foreach(findings, i, e)
    {
        if ((rc = required(&s, o, "findings", i, e, "type")) != LSN_OK) {
            goto cleanup;
        }
        if (strcmp(s, "missing_link") == 0 &&
            ((rc = strvec_push(&ids, str_or(e, "team", NULL))) != LSN_OK ||
             (rc = strvec_push(&ids, str_or(e, "from", NULL))) != LSN_OK)) {
            goto cleanup;
        }
    }
    json_array_foreach(proposal, i, e)
    {
        const char *f;
        if ((rc = required(&s, o, "proposal", i, e, "team")) != LSN_OK ||
            (rc = required(&f, o, "proposal", i, e, "from")) != LSN_OK ||
            (rc = strvec_push(&ids, s)) != LSN_OK || (rc = strvec_push(&ids, f)) != LSN_OK ||
            (rc = strvec_push(&ids, str_or(e, "target", NULL))) != LSN_OK) {
            goto cleanup;
        }
    }
    if (ids.n > 0) {
        qsort(ids.v, ids.n, sizeof(*ids.v), cmp_str);
    }
    o->units = calloc(ids.n ? ids.n : 1, sizeof(*o->units));
    if (o->units == NULL) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < ids.n; i++) {
        if (i > 0 && strcmp(ids.v[i], ids.v[i - 1]) == 0) {
            continue;
        }
        int32_t k;
        if ((rc = lsn_strmap_intern(&k, o->ids, ids.v[i], strlen(ids.v[i]))) != LSN_OK) {
            goto cleanup;
        }
        unit *u = &o->units[o->nunits++];
        u->id = ids.v[i];
        u->name = ids.v[i];
        u->parent = -1;
        u->headcount = NAN;
        u->meeting_hours = NAN;
        u->people_under = NAN;
    }
cleanup:
    free(ids.v);
    return rc;
}

/* Parents from units[] (or teams[]), cycles broken, children lists sorted. */
static int build_hierarchy(org *o, const json_t *units, const json_t *teams)
{
    size_t i;
    const json_t *e;
    json_array_foreach(units, i, e)
    {
        unit *u = &o->units[unit_of(o, str_or(e, "unit", NULL))];
        u->name = str_or(e, "name", u->name);
        if (u->name[0] == '\0') {
            u->name = u->id;
        }
        u->parent = unit_of(o, str_or(e, "parent", NULL));
        u->people_under = num_or(e, "people_under", NAN);
    }
    json_array_foreach(teams, i, e)
    {
        int32_t k = unit_of(o, str_or(e, "team", NULL));
        unit *u = &o->units[k];
        u->is_team = true;
        const char *name = str_or(e, "name", NULL);
        if (name != NULL && name[0] != '\0') {
            u->name = name;
        }
        int32_t p = unit_of(o, str_or(e, "parent", NULL));
        if (u->parent < 0 && p != k) {
            u->parent = p;
        }
        u->headcount = num_or(e, "headcount", NAN);
        u->meeting_hours = num_or(e, "meeting_hours_per_week", NAN);
    }
    /* A cycle (the loaders reject them, a hand-made report may not) would
     * make the clusters recurse forever: each one is cut above its smallest
     * id, the first of its members whose walk up comes back to itself. A
     * walk that runs into a cycle it is not part of stops after nunits
     * steps and cuts nothing. */
    for (size_t k = 0; k < o->nunits; k++) {
        size_t steps = 0;
        for (int32_t p = o->units[k].parent; p >= 0 && steps <= o->nunits;
             p = o->units[p].parent, steps++) {
            if (p == (int32_t)k) {
                o->units[k].parent = -1;
                break;
            }
        }
    }
    size_t nroots = 0;
    for (size_t k = 0; k < o->nunits; k++) {
        int32_t p = o->units[k].parent;
        if (p < 0) {
            nroots++;
            o->root = (int32_t)k;
            continue;
        }
        unit *pu = &o->units[p];
        int32_t *c = realloc(pu->children, (pu->nchildren + 1) * sizeof(*c));
        if (c == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        c[pu->nchildren++] = (int32_t)k; /* k ascends: children stay sorted */
        pu->children = c;
    }
    /* A lone root is the organization itself, drawn as the outer graph; a
     * root team with nobody under it is not. */
    if (nroots != 1 || o->units[o->root].nchildren == 0) {
        o->root = -1;
    }
    return LSN_OK;
}

static int cmp_link(const void *x, const void *y)
{
    const team_link *a = x, *b = y;
    if (a->a != b->a) {
        return a->a < b->a ? -1 : 1;
    }
    if (a->b != b->b) {
        return a->b < b->b ? -1 : 1;
    }
    return a->hours < b->hours ? 1 : a->hours > b->hours ? -1 : 0;
}

static int load_links(org *o, const json_t *teams)
{
    size_t i, j, n = 0;
    const json_t *e, *l;
    json_array_foreach(teams, i, e)
    {
        const json_t *links = json_object_get(e, "links");
        n += json_is_array(links) ? json_array_size(links) : 0;
    }
    o->links = calloc(n ? n : 1, sizeof(*o->links));
    if (o->links == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    json_array_foreach(teams, i, e)
    {
        int32_t a = unit_of(o, str_or(e, "team", NULL));
        const json_t *links = json_object_get(e, "links");
        json_array_foreach(links, j, l)
        {
            int32_t b = unit_of(o, str_or(l, "team", NULL));
            double h = num_or(l, "hours_per_week", NAN);
            if (b < 0 || b == a || !isfinite(h)) {
                continue; /* a team the report does not list: nowhere to draw it */
            }
            team_link *k = &o->links[o->nlinks++];
            k->a = a < b ? a : b;
            k->b = a < b ? b : a;
            k->hours = h;
        }
    }
    if (o->nlinks > 0) {
        qsort(o->links, o->nlinks, sizeof(*o->links), cmp_link);
    }
    /* Each pair is listed from both sides: keep one (the larger figure). */
    size_t w = 0;
    for (i = 0; i < o->nlinks; i++) {
        if (w > 0 && o->links[w - 1].a == o->links[i].a && o->links[w - 1].b == o->links[i].b) {
            continue;
        }
        o->links[w++] = o->links[i];
    }
    o->nlinks = w;
    return LSN_OK;
}

static int cmp_liaison(const void *x, const void *y)
{
    const liaison *a = x, *b = y;
    if (a->home != b->home) {
        return a->home < b->home ? -1 : 1;
    }
    if (a->to != b->to) {
        return a->to < b->to ? -1 : 1;
    }
    return strcmp(a->person, b->person);
}

static int load_people_and_liaisons(org *o, const json_t *people, const json_t *liaisons)
{
    size_t i;
    const json_t *e;
    int rc;
    o->people = calloc(json_array_size(people) + 1, sizeof(*o->people));
    o->liaisons = calloc(json_array_size(liaisons) + 1, sizeof(*o->liaisons));
    if (o->people == NULL || o->liaisons == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    json_array_foreach(people, i, e)
    {
        const char *email = str_or(e, "person", NULL);
        int32_t k;
        if (email == NULL || lsn_strmap_find(o->emails, email) >= 0) {
            continue;
        }
        if ((rc = lsn_strmap_intern(&k, o->emails, email, strlen(email))) != LSN_OK) {
            return rc;
        }
        o->people[k].email = email;
        o->people[k].name = str_or(e, "name", NULL);
        o->people[k].team = str_or(e, "team", NULL);
    }
    json_array_foreach(liaisons, i, e)
    {
        liaison *l = &o->liaisons[o->nliaisons++];
        l->person = str_or(e, "person", NULL);
        l->home = unit_of(o, str_or(e, "team", NULL));
        l->to = unit_of(o, str_or(e, "to", NULL));
        l->hours = num_or(e, "hours_per_week", 0);
        l->instances = num_or(e, "instances", NAN);
    }
    if (o->nliaisons > 0) {
        qsort(o->liaisons, o->nliaisons, sizeof(*o->liaisons), cmp_liaison);
    }
    return LSN_OK;
}

static int cmp_mark(const void *x, const void *y)
{
    const mark *a = x, *b = y;
    if (a->unit != b->unit) {
        return a->unit < b->unit ? -1 : 1;
    }
    return (a->rank > b->rank) - (a->rank < b->rank);
}

static const finding *cmp_findings_base;

static int cmp_finding(const void *x, const void *y)
{
    const finding *a = &cmp_findings_base[*(const int32_t *)x];
    const finding *b = &cmp_findings_base[*(const int32_t *)y];
    if (a->sev != b->sev) {
        return a->sev > b->sev ? -1 : 1;
    }
    int c = strcmp(a->type, b->type);
    if (c == 0) {
        c = strcmp(str_or(a->json, "explanation", ""), str_or(b->json, "explanation", ""));
    }
    if (c == 0) {
        /* last resort: the whole finding, so equal-looking ones still sort */
        char *ja = json_dumps(a->json, JSON_SORT_KEYS | JSON_COMPACT);
        char *jb = json_dumps(b->json, JSON_SORT_KEYS | JSON_COMPACT);
        c = (ja && jb) ? strcmp(ja, jb) : 0;
        free(ja);
        free(jb);
    }
    return c;
}

/* Record that finding rank r (an index into o->order) names unit `id`. */
static int add_mark(org *o, size_t *cap, const char *id, int32_t r)
{
    int32_t u = unit_of(o, id);
    if (u < 0) {
        return LSN_OK;
    }
    if (o->nmarks == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        mark *m = realloc(o->marks, c * sizeof(*m));
        if (m == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        o->marks = m;
        *cap = c;
    }
    o->marks[o->nmarks++] = (mark){u, r};
    int sev = o->findings[o->order[r]].sev;
    if (sev > o->units[u].sev) {
        o->units[u].sev = sev;
    }
    return LSN_OK;
}

/* Findings mark what they are about: team, teams, unit, to_unit, and for a
 * finding about a person (no team or unit key) the person's home team. */
static int load_findings(org *o, const json_t *findings)
{
    size_t i, j, cap = 0;
    const json_t *e, *t;
    int rc;
    o->findings = calloc(json_array_size(findings) + 1, sizeof(*o->findings));
    o->order = calloc(json_array_size(findings) + 1, sizeof(*o->order));
    if (o->findings == NULL || o->order == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    json_array_foreach(findings, i, e)
    {
        finding *f = &o->findings[o->nfindings];
        f->json = e;
        f->type = str_or(e, "type", "");
        f->sev = sev_of(str_or(e, "severity", NULL));
        o->order[o->nfindings] = (int32_t)o->nfindings;
        o->nfindings++;
    }
    cmp_findings_base = o->findings; /* qsort has no context argument */
    if (o->nfindings > 0) {
        qsort(o->order, o->nfindings, sizeof(*o->order), cmp_finding);
    }
    for (int32_t r = 0; r < (int32_t)o->nfindings; r++) {
        e = o->findings[o->order[r]].json;
        const char *team = str_or(e, "team", NULL);
        const char *unitid = str_or(e, "unit", NULL);
        const json_t *teams = json_object_get(e, "teams");
        if ((rc = add_mark(o, &cap, team, r)) != LSN_OK ||
            (rc = add_mark(o, &cap, unitid, r)) != LSN_OK ||
            (rc = add_mark(o, &cap, str_or(e, "to_unit", NULL), r)) != LSN_OK) {
            return rc;
        }
        json_array_foreach(teams, j, t)
        {
            if ((rc = add_mark(o, &cap, json_string_value(t), r)) != LSN_OK) {
                return rc;
            }
        }
        if (team == NULL && unitid == NULL && teams == NULL) {
            const char *email = str_or(e, "person", NULL);
            int32_t k = email != NULL ? lsn_strmap_find(o->emails, email) : -1;
            if (k >= 0 && (rc = add_mark(o, &cap, o->people[k].team, r)) != LSN_OK) {
                return rc;
            }
        }
    }
    if (o->nmarks > 0) {
        qsort(o->marks, o->nmarks, sizeof(*o->marks), cmp_mark);
    }
    return LSN_OK;
}

static int cmp_need(const void *x, const void *y)
{
    const need *a = x, *b = y;
    if (a->team != b->team) {
        return a->team < b->team ? -1 : 1;
    }
    if (a->from != b->from) {
        return a->from < b->from ? -1 : 1;
    }
    int c = strcmp(a->model, b->model);
    return c != 0 ? c : (a->index > b->index) - (a->index < b->index);
}

static int load_proposal(org *o, const json_t *proposal)
{
    size_t i;
    const json_t *e;
    o->has_proposal = proposal != NULL;
    o->needs = calloc(json_array_size(proposal) + 1, sizeof(*o->needs));
    if (o->needs == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    json_array_foreach(proposal, i, e)
    {
        need *n = &o->needs[o->nneeds++];
        n->team = unit_of(o, str_or(e, "team", NULL));
        n->from = unit_of(o, str_or(e, "from", NULL));
        n->target = unit_of(o, str_or(e, "target", NULL));
        if (n->target >= 0 && !o->units[n->target].is_team) {
            n->target = -1;
        }
        n->model = str_or(e, "model", "");
        n->context = str_or(e, "context", NULL);
        const json_t *av = json_object_get(e, "availability");
        n->availability =
            json_is_true(av) || (json_is_string(av) && (strcmp(json_string_value(av), "yes") == 0));
        n->people = json_object_get(e, "people");
        n->existing = json_is_true(json_object_get(e, "existing"));
        n->unmet = json_is_true(json_object_get(e, "unmet"));
        n->restructure = str_or(e, "restructure", NULL);
        n->restructure_subject = str_or(e, "restructure_subject", NULL);
        n->context_hours = num_or(e, "context_hours_per_week", NAN);
        n->reason = str_or(e, "reason", NULL);
        n->index = i;
    }
    if (o->nneeds > 0) {
        qsort(o->needs, o->nneeds, sizeof(*o->needs), cmp_need);
    }
    return LSN_OK;
}

static void org_free(org *o)
{
    for (size_t i = 0; i < o->nunits; i++) {
        free(o->units[i].children);
    }
    free(o->units);
    free(o->links);
    free(o->liaisons);
    free(o->people);
    free(o->findings);
    free(o->order);
    free(o->marks);
    free(o->needs);
    lsn_strmap_free(o->ids);
    lsn_strmap_free(o->emails);
}

static int org_load(org *o, const json_t *report, const char *where)
{
    const json_t *units, *teams, *liaisons, *findings, *people, *proposal;
    int rc;
    memset(o, 0, sizeof(*o));
    o->where = where;
    o->root = -1;
    if (!json_is_object(report)) {
        return lsn_error_set(LSN_EPARSE, "%s: not a JSON object", where);
    }
    if ((rc = section(&units, o, report, "units")) != LSN_OK ||
        (rc = section(&teams, o, report, "teams")) != LSN_OK ||
        (rc = section(&liaisons, o, report, "liaisons")) != LSN_OK ||
        (rc = section(&findings, o, report, "findings")) != LSN_OK ||
        (rc = section(&people, o, report, "people")) != LSN_OK ||
        (rc = section(&proposal, o, report, "proposal")) != LSN_OK) {
        return rc;
    }
    if ((rc = lsn_strmap_new(&o->ids)) != LSN_OK || (rc = lsn_strmap_new(&o->emails)) != LSN_OK ||
        (rc = collect_ids(o, units, teams, liaisons, findings, proposal)) != LSN_OK ||
        (rc = build_hierarchy(o, units, teams)) != LSN_OK ||
        (rc = load_links(o, teams)) != LSN_OK ||
        (rc = load_people_and_liaisons(o, people, liaisons)) != LSN_OK ||
        (rc = load_findings(o, findings)) != LSN_OK ||
        (rc = load_proposal(o, proposal)) != LSN_OK) {
        return rc;
    }
    return LSN_OK;
}

/* ---------------------------------------------------------------------- */
/* Text buffers: Graphviz text is built here, then copied by cgraph.      */

typedef struct buf {
    char *p;
    size_t n, cap;
    bool oom;
} buf;

static void buf_add(buf *b, const char *s, size_t len)
{
    if (b->oom || len > SIZE_MAX / 4) {
        /* The bound also tells gcc -O3 that len is sane (-Wstringop-overflow). */
        b->oom = b->oom || len > SIZE_MAX / 4;
        return;
    }
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->n + len + 1) {
            cap *= 2;
        }
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

static void buf_str(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void buf_fmt(buf *b, const char *fmt, ...) LSN_PRINTF(2, 3);

static void buf_fmt(buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    buf_add(b, tmp, n < 0 ? 0 : (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* User text as Graphviz text: a backslash is doubled (labels and tooltips
 * read \n, \l, \N ... as escapes; and cgraph 2.42 writes a string ending in a
 * lone backslash, or with one before a quote, as DOT it cannot read back),
 * and a control character becomes a space. Quotes are cgraph's to escape. */
static void buf_text(buf *b, const char *s)
{
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\\') {
            buf_add(b, "\\\\", 2);
        } else if (c < 0x20 || c == 0x7f) {
            buf_add(b, " ", 1);
        } else {
            buf_add(b, p, 1);
        }
    }
}

static void buf_clear(buf *b)
{
    b->n = 0;
    if (b->p != NULL) {
        b->p[0] = '\0';
    }
}

/* The node name of a unit id: buf_text, and a backslash before a leading
 * '%', which cgraph reserves for the names of its anonymous objects (such
 * a name goes to an internal table that leaks when the node is made in a
 * subgraph). Backslashes of the id are doubled, so names stay distinct. */
static void buf_node_name(buf *b, const char *id)
{
    buf_clear(b);
    if (id[0] == '%') {
        buf_add(b, "\\", 1);
    }
    buf_text(b, id);
}

static char *buf_get(buf *b)
{
    return b->p != NULL ? b->p : (char *)"";
}

/* ---------------------------------------------------------------------- */
/* cgraph with ids in creation order.                                      */

/* cgraph's default id discipline uses the address of the interned name as
 * the id, and agwrite writes subgraphs in id order: the order of clusters
 * would depend on the heap. Ids here are 2 * (rank of first use), so
 * subgraphs come out in the order they were created. */
typedef struct dot_disc {
    Agdisc_t disc; /* first: cgraph hands this pointer back to id_open */
    Agiddisc_t id;
    lsn_strmap *names;
    IDTYPE next_anon;
} dot_disc;

static void *id_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)g;
    return disc;
}

static long id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    dot_disc *d = state;
    (void)objtype;
    if (str == NULL) {
        *id = d->next_anon;
        d->next_anon += 2;
        return 1;
    }
    int32_t k = lsn_strmap_find(d->names, str);
    if (k < 0) {
        if (!createflag || lsn_strmap_intern(&k, d->names, str, strlen(str)) != LSN_OK) {
            return 0;
        }
    }
    *id = 2 * ((IDTYPE)k + 1);
    return 1;
}

static long id_alloc(void *state, int objtype, IDTYPE request)
{
    (void)state;
    (void)objtype;
    (void)request;
    return 0; /* no caller-chosen ids */
}

static void id_free(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
}

static char *id_print(void *state, int objtype, IDTYPE id)
{
    dot_disc *d = state;
    (void)objtype;
    if (id % 2 != 0 || id == 0) {
        return NULL;
    }
    return (char *)lsn_strmap_get(d->names, (int32_t)(id / 2 - 1));
}

static void id_close(void *state)
{
    (void)state;
}

static void id_register(void *state, int objtype, void *obj)
{
    (void)state;
    (void)objtype;
    (void)obj;
}

/* One graph being built. */
typedef struct gctx {
    const org *o;
    dot_disc disc;
    Agraph_t *g;
    Agraph_t **cluster; /* per unit, NULL: no cluster */
    Agnode_t **node;    /* per unit: its team node or unit node */
    Agnode_t **group;   /* per needing team: its liaison group node */
    bool *include;      /* per unit: a team drawn in this graph */
    bool *below;        /* per unit: a drawn team lies strictly below it */
    buf name, label, tip;
    int rc;
} gctx;

/* Translate cgraph's last error into ours, once. */
static int cgraph_fail(gctx *c, const char *what)
{
    if (c->rc != LSN_OK) {
        return c->rc;
    }
    char *msg = aglasterr();
    size_t n = msg ? strlen(msg) : 0;
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) {
        msg[--n] = '\0';
    }
    c->rc = lsn_error_set(LSN_EINTERNAL, "graphviz: %s%s%s", what, n ? ": " : "", n ? msg : "");
    free(msg); /* aglasterr hands over a malloc'd copy */
    return c->rc;
}

static bool ok(gctx *c)
{
    if (c->rc == LSN_OK && (c->name.oom || c->label.oom || c->tip.oom)) {
        c->rc = lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    return c->rc == LSN_OK;
}

static void set(gctx *c, void *obj, const char *name, const char *value)
{
    if (ok(c) && agsafeset(obj, (char *)name, (char *)value, "") != 0) {
        cgraph_fail(c, "cannot set an attribute");
    }
}

static void setf(gctx *c, void *obj, const char *name, const char *fmt, ...) LSN_PRINTF(4, 5);

static void setf(gctx *c, void *obj, const char *name, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    set(c, obj, name, tmp);
}

static void declare(gctx *c, int kind, const char *name, const char *def)
{
    if (ok(c) && agattr(c->g, kind, (char *)name, (char *)def) == NULL) {
        cgraph_fail(c, "cannot declare an attribute");
    }
}

static void gctx_free(gctx *c)
{
    if (c->g != NULL) {
        agclose(c->g);
    }
    lsn_strmap_free(c->disc.names);
    free(c->cluster);
    free(c->node);
    free(c->group);
    free(c->include);
    free(c->below);
    free(c->name.p);
    free(c->label.p);
    free(c->tip.p);
}

static int gctx_open(gctx *c, const org *o, const char *name)
{
    memset(c, 0, sizeof(*c));
    c->o = o;
    size_t n = o->nunits ? o->nunits : 1;
    c->cluster = calloc(n, sizeof(*c->cluster));
    c->node = calloc(n, sizeof(*c->node));
    c->group = calloc(n, sizeof(*c->group));
    c->include = calloc(n, sizeof(*c->include));
    c->below = calloc(n, sizeof(*c->below));
    if (c->cluster == NULL || c->node == NULL || c->group == NULL || c->include == NULL ||
        c->below == NULL) {
        return c->rc = lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    if ((c->rc = lsn_strmap_new(&c->disc.names)) != LSN_OK) {
        return c->rc;
    }
    c->disc.id = (Agiddisc_t){id_open, id_map, id_alloc, id_free, id_print, id_close, id_register};
    c->disc.disc.mem = &AgMemDisc;
    c->disc.disc.id = &c->disc.id;
    c->disc.disc.io = &AgIoDisc;
    c->disc.next_anon = 1;
    c->g = agopen((char *)name, Agdirected, &c->disc.disc);
    if (c->g == NULL) {
        return cgraph_fail(c, "cannot open a graph");
    }
    /* Defaults first, so the DOT says them once at the top. */
    declare(c, AGRAPH, "fontname", FONT);
    declare(c, AGRAPH, "fontsize", "12");
    declare(c, AGRAPH, "label", "");
    declare(c, AGRAPH, "tooltip", "");
    declare(c, AGNODE, "shape", "box");
    declare(c, AGNODE, "style", "rounded,filled");
    declare(c, AGNODE, "fillcolor", "#ffffff");
    declare(c, AGNODE, "color", "#78909c");
    declare(c, AGNODE, "fontname", FONT);
    declare(c, AGNODE, "fontsize", "11");
    declare(c, AGNODE, "label", "\\N");
    declare(c, AGEDGE, "fontname", FONT);
    declare(c, AGEDGE, "fontsize", "9");
    declare(c, AGEDGE, "arrowsize", "0.7");
    return c->rc;
}

/* ---------------------------------------------------------------------- */
/* Hierarchy, nodes and edges shared by both diagrams.                     */

static const char *display_name(const unit *u)
{
    return u->name != NULL ? u->name : u->id;
}

/* The person as shown on an edge: the roster name, else the email's local
 * part. Escaped into b. */
static void person_text(buf *b, const org *o, const char *email)
{
    int32_t k = email ? lsn_strmap_find(o->emails, email) : -1;
    const char *name = k >= 0 ? o->people[k].name : NULL;
    if (name != NULL && name[0] != '\0') {
        buf_text(b, name);
        return;
    }
    if (email == NULL) {
        return;
    }
    const char *at = strchr(email, '@');
    if (at == NULL || at == email) {
        buf_text(b, email);
        return;
    }
    buf clip = {0};
    buf_add(&clip, email, (size_t)(at - email));
    b->oom |= clip.oom;
    buf_text(b, buf_get(&clip));
    free(clip.p);
}

/* The graph (cluster) that holds unit u's node: its own cluster, else the
 * nearest ancestor's, else the outer graph. */
static Agraph_t *container(gctx *c, int32_t u)
{
    for (int32_t p = u; p >= 0; p = c->o->units[p].parent) {
        if (c->cluster[p] != NULL) {
            return c->cluster[p];
        }
    }
    return c->g;
}

static const char *const cluster_fill[] = {"#f5f8fc", "#eaf0f7", "#dfe8f2", "#d4e0ed"};

static void mark_tooltip(gctx *c, int32_t u)
{
    const org *o = c->o;
    bool first = true;
    size_t lo = 0, hi = o->nmarks; /* marks are sorted by unit: find its first */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o->marks[mid].unit < u) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    for (size_t i = lo; i < o->nmarks && o->marks[i].unit == u; i++) {
        const finding *f = &o->findings[o->order[o->marks[i].rank]];
        const char *why = str_or(f->json, "explanation", "");
        buf_str(&c->tip, first ? "\\n\\nfindings:" : "");
        buf_fmt(&c->tip, "\\n[%s] ", sev_name[f->sev][0] ? sev_name[f->sev] : "?");
        buf_text(&c->tip, f->type);
        if (why[0] != '\0') {
            buf_str(&c->tip, ": ");
            buf_text(&c->tip, why);
        }
        first = false;
    }
}

static void add_cluster(gctx *c, int32_t u, Agraph_t *parent, int depth, bool marks)
{
    const org *o = c->o;
    const unit *un = &o->units[u];
    Agraph_t *here = parent;
    /* A cluster for every unit that holds a drawn team below it (a team
     * that has teams under it gets one too, holding its own box). */
    if (c->below[u] && u != o->root) {
        buf_clear(&c->name);
        buf_str(&c->name, "cluster_");
        buf_text(&c->name, un->id);
        if (!ok(c)) {
            return;
        }
        here = agsubg(parent, buf_get(&c->name), 1);
        if (here == NULL) {
            cgraph_fail(c, "cannot add a cluster");
            return;
        }
        c->cluster[u] = here;
        buf_clear(&c->label);
        buf_text(&c->label, display_name(un));
        buf_clear(&c->tip);
        buf_text(&c->tip, display_name(un));
        if (strcmp(un->name, un->id) != 0) {
            buf_str(&c->tip, " (");
            buf_text(&c->tip, un->id);
            buf_str(&c->tip, ")");
        }
        if (isfinite(un->people_under)) {
            buf_fmt(&c->tip, "\\n%.0f people", un->people_under);
        }
        if (marks) {
            mark_tooltip(c, u);
        }
        set(c, here, "label", buf_get(&c->label));
        set(c, here, "tooltip", buf_get(&c->tip));
        set(c, here, "style", "rounded,filled");
        set(c, here, "fillcolor", cluster_fill[depth < 4 ? depth : 3]);
        set(c, here, "labeljust", "l");
        set(c, here, "fontsize", depth == 0 ? "14" : "12");
        set(c, here, "color", "#b0bec5");
        /* Unit findings colour the unit's name only: at scale most units
         * carry one, and red frames everywhere would drown the teams'. */
        set(c, here, "fontcolor", marks && un->sev > SEV_NONE ? sev_color[un->sev] : "#37474f");
        depth++;
    }
    for (size_t i = 0; i < un->nchildren && ok(c); i++) {
        add_cluster(c, un->children[i], here, depth, marks);
    }
}

/* Clusters for the hierarchy, then one box per included team, in id order. */
static void add_teams(gctx *c, bool marks)
{
    const org *o = c->o;
    for (size_t k = 0; k < o->nunits; k++) {
        if (!c->include[k]) {
            continue;
        }
        for (int32_t p = o->units[k].parent; p >= 0 && !c->below[p]; p = o->units[p].parent) {
            c->below[p] = true;
        }
    }
    for (size_t u = 0; u < o->nunits && ok(c); u++) {
        if (o->units[u].parent < 0) {
            add_cluster(c, (int32_t)u, c->g, 0, marks);
        }
    }
    for (size_t k = 0; k < o->nunits && ok(c); k++) {
        const unit *u = &o->units[k];
        if (!c->include[k]) {
            continue;
        }
        buf_node_name(&c->name, u->id);
        if (!ok(c)) {
            return;
        }
        Agnode_t *n = agnode(container(c, (int32_t)k), buf_get(&c->name), 1);
        if (n == NULL) {
            cgraph_fail(c, "cannot add a node");
            return;
        }
        c->node[k] = n;
        double hc = u->headcount;
        double s = sqrt(isfinite(hc) && hc > 1 ? hc : 1);
        buf_clear(&c->label);
        buf_text(&c->label, display_name(u));
        buf_clear(&c->tip);
        buf_text(&c->tip, display_name(u));
        if (strcmp(display_name(u), u->id) != 0) {
            buf_str(&c->tip, " (");
            buf_text(&c->tip, u->id);
            buf_str(&c->tip, ")");
        }
        if (isfinite(hc)) {
            buf_fmt(&c->label, "\\n%.0f %s", hc, hc == 1 ? "person" : "people");
            buf_fmt(&c->tip, "\\n%.0f %s", hc, hc == 1 ? "person" : "people");
        }
        if (isfinite(u->meeting_hours)) {
            buf_fmt(&c->tip, ", %.1f meeting hours per week", u->meeting_hours);
        }
        if (marks) {
            mark_tooltip(c, (int32_t)k);
        }
        set(c, n, "label", buf_get(&c->label));
        set(c, n, "tooltip", buf_get(&c->tip));
        setf(c, n, "fontsize", "%.1f", fmin(9 + 1.5 * s, 24));
        setf(c, n, "width", "%.2f", 0.35 + 0.3 * s);
        setf(c, n, "height", "%.2f", 0.25 + 0.15 * s);
        if (marks && u->sev > SEV_NONE) {
            set(c, n, "color", sev_color[u->sev]);
            set(c, n, "fillcolor", sev_fill[u->sev]);
            set(c, n, "penwidth", u->sev == SEV_HIGH ? "3" : "2");
        }
    }
}

/* The node an edge to unit u ends on: a team's box, or for an org unit a
 * small folder node inside the unit's own cluster (or the nearest drawn
 * one). A folder, rather than an edge clipped at the cluster border
 * (lhead), because dot cannot clip an edge that runs along a rank, and
 * because an edge into the cluster that holds its tail cannot be clipped. */
static Agnode_t *target(gctx *c, int32_t u)
{
    const org *o = c->o;
    if (u < 0 || !ok(c)) {
        return NULL;
    }
    if (c->node[u] != NULL) {
        return c->node[u];
    }
    buf_node_name(&c->name, o->units[u].id);
    if (!ok(c)) {
        return NULL;
    }
    Agnode_t *n = agnode(container(c, u), buf_get(&c->name), 1);
    if (n == NULL) {
        cgraph_fail(c, "cannot add a node");
        return NULL;
    }
    c->node[u] = n;
    buf_clear(&c->label);
    buf_text(&c->label, display_name(&o->units[u]));
    buf_str(&c->label, "\\n(unit)");
    buf_clear(&c->tip);
    buf_str(&c->tip, "the org unit ");
    buf_text(&c->tip, o->units[u].id);
    if (isfinite(o->units[u].people_under)) {
        buf_fmt(&c->tip, ", %.0f people", o->units[u].people_under);
    }
    set(c, n, "label", buf_get(&c->label));
    set(c, n, "tooltip", buf_get(&c->tip));
    set(c, n, "shape", "folder");
    set(c, n, "style", "filled");
    set(c, n, "fillcolor", "#eceff1");
    set(c, n, "fontsize", "10");
    return n;
}

/* A new edge t -> h; NULL for a loop, which says nothing in these
 * diagrams (and loops with labels inside clusters upset dot 2.42). */
static Agedge_t *edge(gctx *c, Agnode_t *t, Agnode_t *h)
{
    if (!ok(c) || t == NULL || h == NULL || t == h) {
        return NULL;
    }
    Agedge_t *e = agedge(c->g, t, h, NULL, 1);
    if (e == NULL) {
        cgraph_fail(c, "cannot add an edge");
    }
    return e;
}

/* The pen width of an edge carrying h hours per week (see viz/dot.h). */
static double pen_for(double h)
{
    return fmin(0.6 + 1.6 * log2(1 + fmax(h, 0)), 8);
}

/* ---------------------------------------------------------------------- */
/* teams.dot                                                               */

static void team_links(gctx *c, double min_hours)
{
    const org *o = c->o;
    for (size_t i = 0; i < o->nlinks && ok(c); i++) {
        const team_link *l = &o->links[i];
        if (l->hours < min_hours || !c->include[l->a] || !c->include[l->b]) {
            continue;
        }
        Agedge_t *e = edge(c, c->node[l->a], c->node[l->b]);
        if (e == NULL) {
            return;
        }
        buf_clear(&c->tip);
        buf_text(&c->tip, o->units[l->a].id);
        buf_str(&c->tip, " - ");
        buf_text(&c->tip, o->units[l->b].id);
        buf_fmt(&c->tip, ": %.2f meeting hours per week", l->hours);
        set(c, e, "dir", "none");
        set(c, e, "color", COLOR_LINK);
        setf(c, e, "penwidth", "%.2f", pen_for(l->hours));
        /* Strong links pull their teams together. */
        setf(c, e, "weight", "%d", 1 + (int)fmin(round(2 * l->hours), 20));
        set(c, e, "tooltip", buf_get(&c->tip));
    }
}

/* The findings about one liaison link (its person, or its pair), for its
 * tooltip. */
static void liaison_findings(gctx *c, const liaison *l)
{
    const org *o = c->o;
    for (size_t k = 0; k < o->nfindings; k++) {
        size_t i = (size_t)o->order[k];
        const json_t *f = o->findings[i].json;
        const char *person = str_or(f, "person", NULL);
        const char *to = str_or(f, "to", NULL);
        const char *team = str_or(f, "team", NULL);
        bool about = person != NULL
                         ? strcmp(person, l->person) == 0 &&
                               (to == NULL || strcmp(to, o->units[l->to].id) == 0)
                         : to != NULL && team != NULL && strcmp(to, o->units[l->to].id) == 0 &&
                               strcmp(team, o->units[l->home].id) == 0;
        if (about) {
            buf_fmt(&c->tip, "\\n[%s] ", sev_name[o->findings[i].sev]);
            buf_text(&c->tip, o->findings[i].type);
        }
    }
}

static void liaison_links(gctx *c)
{
    const org *o = c->o;
    for (size_t i = 0; i < o->nliaisons && ok(c); i++) {
        const liaison *l = &o->liaisons[i];
        Agnode_t *t = target(c, l->home);
        Agnode_t *h = target(c, l->to);
        Agedge_t *e = edge(c, t, h);
        if (e == NULL) {
            continue;
        }
        buf_clear(&c->label);
        person_text(&c->label, o, l->person);
        buf_clear(&c->tip);
        buf_str(&c->tip, "liaison ");
        buf_text(&c->tip, l->person);
        buf_str(&c->tip, ": ");
        buf_text(&c->tip, o->units[l->home].id);
        buf_str(&c->tip, " -> ");
        buf_text(&c->tip, o->units[l->to].id);
        buf_fmt(&c->tip, ", %.2f hours per week", l->hours);
        if (isfinite(l->instances)) {
            buf_fmt(&c->tip, " (%.0f team meetings)", l->instances);
        }
        liaison_findings(c, l);
        set(c, e, "label", buf_get(&c->label));
        set(c, e, "tooltip", buf_get(&c->tip));
        set(c, e, "color", COLOR_LIAISON);
        set(c, e, "fontcolor", COLOR_LIAISON);
        setf(c, e, "penwidth", "%.2f", pen_for(l->hours));
    }
}

typedef struct missing {
    int32_t team, from;
    size_t finding;
} missing;

static int cmp_missing(const void *x, const void *y)
{
    const missing *a = x, *b = y;
    if (a->team != b->team) {
        return a->team < b->team ? -1 : 1;
    }
    if (a->from != b->from) {
        return a->from < b->from ? -1 : 1;
    }
    return (a->finding > b->finding) - (a->finding < b->finding);
}

static void missing_links(gctx *c)
{
    const org *o = c->o;
    missing *m = calloc(o->nfindings + 1, sizeof(*m));
    size_t n = 0;
    if (m == NULL) {
        c->rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        return;
    }
    for (size_t k = 0; k < o->nfindings; k++) {
        size_t i = (size_t)o->order[k];
        const json_t *f = o->findings[i].json;
        if (strcmp(o->findings[i].type, "missing_link") != 0) {
            continue;
        }
        int32_t t = unit_of(o, str_or(f, "team", NULL));
        int32_t fr = unit_of(o, str_or(f, "from", NULL));
        if (t >= 0 && fr >= 0) {
            m[n++] = (missing){t, fr, k}; /* k: the rank, not the report position */
        }
    }
    if (n > 0) {
        qsort(m, n, sizeof(*m), cmp_missing);
    }
    for (size_t i = 0; i < n && ok(c); i++) {
        const json_t *f = o->findings[o->order[m[i].finding]].json;
        Agnode_t *t = target(c, m[i].team);
        Agnode_t *h = target(c, m[i].from);
        Agedge_t *e = edge(c, t, h);
        if (e == NULL) {
            continue;
        }
        const json_t *metrics = json_object_get(f, "metrics");
        const char *context = str_or(metrics, "context", str_or(f, "context", NULL));
        buf_clear(&c->label);
        buf_str(&c->label, "missing");
        if (context != NULL) {
            buf_str(&c->label, " (");
            buf_text(&c->label, context);
            buf_str(&c->label, ")");
        }
        buf_clear(&c->tip);
        buf_str(&c->tip, "missing link: ");
        buf_text(&c->tip, str_or(f, "explanation", ""));
        set(c, e, "label", buf_get(&c->label));
        set(c, e, "tooltip", buf_get(&c->tip));
        set(c, e, "color", COLOR_MISSING);
        set(c, e, "fontcolor", COLOR_MISSING);
        set(c, e, "style", "dashed");
        set(c, e, "penwidth", "2");
    }
    free(m);
}

static void graph_style(gctx *c, const char *title, bool marks)
{
    const org *o = c->o;
    set(c, c->g, "newrank", "true");
    set(c, c->g, "rankdir", "LR");
    set(c, c->g, "nodesep", "0.25");
    set(c, c->g, "ranksep", "0.6");
    set(c, c->g, "outputorder", "edgesfirst");
    set(c, c->g, "pad", "0.3");
    set(c, c->g, "labelloc", "t");
    set(c, c->g, "labeljust", "l");
    set(c, c->g, "fontsize", "16");
    buf_clear(&c->tip);
    buf_str(&c->tip, title);
    if (o->root >= 0) {
        buf_str(&c->tip, ": ");
        buf_text(&c->tip, display_name(&o->units[o->root]));
        if (marks) {
            mark_tooltip(c, o->root); /* findings about the whole organization */
        }
    }
    set(c, c->g, "tooltip", buf_get(&c->tip));
}

static void build_teams(gctx *c, const lsn_dot_options *opts)
{
    const org *o = c->o;
    for (size_t k = 0; k < o->nunits; k++) {
        c->include[k] = o->units[k].is_team;
    }
    graph_style(c, "Teams", true);
    buf_clear(&c->label);
    buf_str(&c->label, "Teams");
    if (o->root >= 0) {
        buf_str(&c->label, " of ");
        buf_text(&c->label, display_name(&o->units[o->root]));
    }
    buf_str(&c->label, "\\l"
                       "boxes: teams in their org units, sized by headcount;  "
                       "folder: a whole org unit\\l"
                       "grey lines: meeting hours per week between two teams (wider = more");
    if (opts->min_edge_hours > 0) {
        buf_fmt(&c->label, "; under %g h not drawn", opts->min_edge_hours);
    }
    buf_str(&c->label, ")\\l"
                       "blue arrows: liaison links, labelled with the person;  "
                       "red dashed: missing links (a declared need with too little contact)\\l"
                       "coloured team border or unit name: findings (red high, orange medium, "
                       "olive low); hover for details\\l");
    set(c, c->g, "label", buf_get(&c->label));
    add_teams(c, true);
    team_links(c, opts->min_edge_hours);
    liaison_links(c);
    missing_links(c);
}

/* ---------------------------------------------------------------------- */
/* proposal.dot                                                            */

static void people_text(buf *b, const org *o, const json_t *people)
{
    size_t i;
    const json_t *p;
    json_array_foreach(people, i, p)
    {
        if (i > 0) {
            buf_str(b, ", ");
        }
        person_text(b, o, json_string_value(p));
    }
}

/* The subject of a meeting series, from the finding that names it. */
static const char *series_subject(const org *o, const char *uid)
{
    for (size_t k = 0; k < o->nfindings; k++) {
        const json_t *f = o->findings[o->order[k]].json;
        const char *s = str_or(f, "series", NULL);
        if (s != NULL && strcmp(s, uid) == 0) {
            const char *subject = str_or(json_object_get(f, "metrics"), "summary", NULL);
            if (subject == NULL) {
                subject = str_or(f, "summary", NULL);
            }
            if (subject != NULL && subject[0] != '\0') {
                return subject;
            }
        }
    }
    return uid;
}

/* What a need's restructure note names: the subject the report gives, else
 * the subject of a finding about the series, else its UID. */
static const char *restructure_text(const org *o, const need *nd)
{
    if (nd->restructure_subject != NULL && nd->restructure_subject[0] != '\0') {
        return nd->restructure_subject;
    }
    return series_subject(o, nd->restructure);
}

/* The team whose meeting a need's restructure note is about: the team the
 * people sit in (`target`), else `from`; -1 when that is not a team box. */
static int32_t restructure_at(const org *o, const need *nd)
{
    int32_t at = nd->target >= 0 ? nd->target : nd->from;
    return at >= 0 && o->units[at].is_team ? at : -1;
}

/* One hexagon per needing team that forms a liaison group. */
static Agnode_t *group_node(gctx *c, int32_t team)
{
    const org *o = c->o;
    if (c->group[team] != NULL || !ok(c)) {
        return c->group[team];
    }
    buf_clear(&c->name);
    buf_str(&c->name, "liaison group: ");
    buf_text(&c->name, o->units[team].id);
    /* No unit id should read like this, but a report may say anything. */
    while (ok(c) && agnode(c->g, buf_get(&c->name), 0) != NULL) {
        buf_str(&c->name, "'");
    }
    if (!ok(c)) {
        return NULL;
    }
    Agnode_t *n = agnode(container(c, team), buf_get(&c->name), 1);
    if (n == NULL) {
        cgraph_fail(c, "cannot add a node");
        return NULL;
    }
    c->group[team] = n;
    buf_clear(&c->label);
    buf_str(&c->label, "liaison group\\n");
    buf_text(&c->label, display_name(&o->units[team]));
    buf_clear(&c->tip);
    buf_str(&c->tip, "centralized: one liaison group holds the links of ");
    buf_text(&c->tip, o->units[team].id);
    set(c, n, "shape", "hexagon");
    set(c, n, "style", "filled");
    set(c, n, "fillcolor", "#f3e5f5");
    set(c, n, "color", COLOR_GROUP);
    set(c, n, "fontcolor", COLOR_GROUP);
    set(c, n, "label", buf_get(&c->label));
    set(c, n, "tooltip", buf_get(&c->tip));
    Agedge_t *e = edge(c, c->node[team], n);
    if (e != NULL) {
        set(c, e, "color", COLOR_GROUP);
        set(c, e, "penwidth", "2.5");
        set(c, e, "arrowhead", "none");
        set(c, e, "tooltip", buf_get(&c->tip));
    }
    return n;
}

static void need_edge(gctx *c, const need *nd)
{
    const org *o = c->o;
    const char *m = nd->model;
    Agnode_t *t = c->node[nd->team];
    if (strcmp(m, "centralized") == 0) {
        t = group_node(c, nd->team);
    }
    /* The people sit in `target`'s meetings: for a unit `from` that is the
     * more exact end of the arrow. */
    bool via = nd->target >= 0 && nd->target != nd->from;
    Agnode_t *h = target(c, via ? nd->target : nd->from);
    Agedge_t *e = edge(c, t, h);
    if (e == NULL) {
        return;
    }
    /* label: ["unmet"] [model word] [": " people] */
    const char *word = "";
    if (strcmp(m, "notes") == 0) {
        word = "notes";
        set(c, e, "style", "dotted");
        set(c, e, "color", COLOR_NOTES);
        set(c, e, "fontcolor", "#616161");
        set(c, e, "penwidth", "1.5");
    } else if (strcmp(m, "embedded") == 0) {
        word = "embedded";
        set(c, e, "style", "bold");
        set(c, e, "color", COLOR_EMBEDDED);
        set(c, e, "fontcolor", COLOR_EMBEDDED);
        set(c, e, "penwidth", "3.5");
    } else if (strcmp(m, "rotation") == 0) {
        word = "rotation";
        set(c, e, "style", "dashed");
        set(c, e, "color", COLOR_ROTATION);
        set(c, e, "fontcolor", COLOR_ROTATION);
        set(c, e, "penwidth", "2");
    } else if (strcmp(m, "centralized") == 0) {
        set(c, e, "color", COLOR_GROUP);
        set(c, e, "fontcolor", COLOR_GROUP);
        set(c, e, "penwidth", "2");
    } else {
        word = strcmp(m, "liaison") == 0 ? "" : m;
        set(c, e, "color", COLOR_LIAISON);
        set(c, e, "fontcolor", COLOR_LIAISON);
        set(c, e, "penwidth", "2");
    }
    buf_clear(&c->label);
    buf_str(&c->label, nd->unmet ? "unmet" : "");
    if (word[0] != '\0') {
        buf_str(&c->label, c->label.n > 0 ? " " : "");
        buf_text(&c->label, word);
    }
    if (json_array_size(nd->people) > 0 && c->label.n > 0) {
        buf_str(&c->label, ": ");
    }
    people_text(&c->label, o, nd->people);
    if (nd->existing) {
        buf_str(&c->label, c->label.n > 0 ? "\\n(kept)" : "(kept)");
    }
    if (via) {
        buf_str(&c->label, c->label.n > 0 ? "\\nfor " : "for ");
        buf_text(&c->label, display_name(&o->units[nd->from]));
    }
    if (nd->restructure != NULL && restructure_at(o, nd) < 0) {
        buf_str(&c->label, c->label.n > 0 ? "\\nrestructure: " : "restructure: ");
        buf_text(&c->label, restructure_text(o, nd));
    }
    if (nd->unmet) {
        /* a need nobody can carry stands out in red, whatever its model */
        set(c, e, "color", COLOR_MISSING);
        set(c, e, "fontcolor", COLOR_MISSING);
    }
    buf_clear(&c->tip);
    buf_text(&c->tip, o->units[nd->team].id);
    buf_str(&c->tip, " needs ");
    buf_text(&c->tip, nd->context != NULL ? nd->context : "");
    buf_str(&c->tip, nd->context != NULL ? " context from " : "context from ");
    buf_text(&c->tip, o->units[nd->from].id);
    buf_str(&c->tip, nd->availability ? " (and availability)" : "");
    buf_str(&c->tip, ": ");
    buf_text(&c->tip, m);
    if (via) {
        buf_str(&c->tip, " in the meetings of ");
        buf_text(&c->tip, o->units[nd->target].id);
    }
    if (nd->existing) {
        buf_str(&c->tip, ", existing link kept");
    }
    if (nd->unmet) {
        buf_str(&c->tip, ", unmet");
    }
    if (isfinite(nd->context_hours)) {
        buf_fmt(&c->tip, "; %.2f hours per week of context already", nd->context_hours);
    }
    if (nd->reason != NULL) {
        buf_str(&c->tip, "\\n");
        buf_text(&c->tip, nd->reason);
    }
    set(c, e, "label", buf_get(&c->label));
    set(c, e, "tooltip", buf_get(&c->tip));
}

/* A team whose meeting must be restructured gets a red border and note. */
static void restructure_marks(gctx *c)
{
    const org *o = c->o;
    for (size_t k = 0; k < o->nunits && ok(c); k++) {
        if (c->node[k] == NULL || !o->units[k].is_team) {
            continue;
        }
        buf_clear(&c->label);
        for (size_t i = 0; i < o->nneeds; i++) {
            const need *nd = &o->needs[i];
            if (nd->restructure == NULL || restructure_at(o, nd) != (int32_t)k) {
                continue;
            }
            const char *subject = restructure_text(o, nd);
            /* one line per meeting, however many needs name it */
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++) {
                const need *other = &o->needs[j];
                seen = other->restructure != NULL && restructure_at(o, other) == (int32_t)k &&
                       strcmp(restructure_text(o, other), subject) == 0;
            }
            if (!seen) {
                buf_str(&c->label, c->label.n > 0 ? "\\n" : "");
                buf_str(&c->label, "restructure: ");
                buf_text(&c->label, subject);
            }
        }
        if (c->label.n > 0) {
            set(c, c->node[k], "xlabel", buf_get(&c->label));
            set(c, c->node[k], "color", COLOR_RESTRUCTURE);
            set(c, c->node[k], "penwidth", "2.5");
            /* an xlabel takes the node's font colour */
            set(c, c->node[k], "fontcolor", COLOR_RESTRUCTURE);
        }
    }
}

static void build_proposal(gctx *c)
{
    const org *o = c->o;
    graph_style(c, "Proposal", false);
    buf_clear(&c->label);
    buf_str(&c->label, "Proposed coordination");
    if (o->root >= 0) {
        buf_str(&c->label, " for ");
        buf_text(&c->label, display_name(&o->units[o->root]));
    }
    buf_str(&c->label, "\\l");
    if (!o->has_proposal) {
        buf_str(&c->label, "this report has no proposal section\\l");
    } else if (o->nneeds == 0) {
        buf_str(&c->label, "no declared needs\\l");
    } else {
        buf_str(&c->label,
                "one arrow per declared need, from the team that needs context to where it "
                "comes from\\l"
                "grey dotted: notes;  blue: liaison;  green bold: embedded;  orange dashed: "
                "rotation;  purple: through a liaison group\\l"
                "labels: the people chosen, (kept) for an existing link, \"for\" the unit "
                "when they sit in one of its teams;  red: unmet need\\l"
                "red box and note: that team's main meeting must be restructured to stay "
                "within the rule of eight\\l");
    }
    set(c, c->g, "label", buf_get(&c->label));
    for (size_t i = 0; i < o->nneeds; i++) {
        const need *nd = &o->needs[i];
        if (nd->team >= 0) {
            c->include[nd->team] = true;
        }
        if (nd->from >= 0 && o->units[nd->from].is_team) {
            c->include[nd->from] = true;
        }
        if (nd->target >= 0) {
            c->include[nd->target] = true;
        }
    }
    add_teams(c, false);
    for (size_t i = 0; i < o->nneeds && ok(c); i++) {
        need_edge(c, &o->needs[i]);
    }
    restructure_marks(c);
}

/* ---------------------------------------------------------------------- */
/* Writing.                                                                */

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p != NULL) {
        snprintf(p, n, "%s/%s", dir, name);
    }
    return p;
}

static int write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    size_t w = fwrite(data, 1, len, f);
    int err = ferror(f);
    if (fclose(f) != 0 || w != len || err) {
        return lsn_error_set(LSN_EIO, "%s: cannot write", path);
    }
    return LSN_OK;
}

static int write_dot(gctx *c, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    agwrite(c->g, f);
    int err = ferror(f);
    if (fclose(f) != 0 || err) {
        return lsn_error_set(LSN_EIO, "%s: cannot write", path);
    }
    return LSN_OK;
}

/* Lay out and render the SVG; runs in the child process of svg_isolated.
 * On return the file is written (LSN_OK) or the error is recorded. */
static int layout_svg(gctx *c, GVC_t *gvc, const char *path)
{
    char *data = NULL;
    unsigned int len = 0;
    int rc = LSN_OK;
    if (gvLayout(gvc, c->g, "dot") != 0) {
        rc = cgraph_fail(c, "layout failed");
        goto cleanup;
    }
    if (gvRenderData(gvc, c->g, "svg", &data, &len) != 0 || data == NULL) {
        rc = cgraph_fail(c, "SVG rendering failed");
        goto cleanup;
    }
    rc = write_bytes(path, data, len);
cleanup:
    if (data != NULL) {
        gvFreeRenderData(data);
    }
    return rc;
}

/* The SVG is laid out in a child process: Graphviz 2.42's dot corrupts its
 * own graph on ordinary org charts (with newrank, agclose fails after any
 * layout and the whole graph leaks; without it, gvFreeLayout double-frees on
 * labelled edges between clusters), and neither may take the caller's
 * process down or leak into it. The child runs the same gvc calls (no `dot`
 * program), sends back an LSN code and message through a pipe, frees the
 * layout, and ends with _exit. */
static int svg_isolated(gctx *c, const char *path)
{
    int fds[2];
    if (pipe(fds) != 0) {
        return lsn_error_set(LSN_EINTERNAL, "%s: cannot create a pipe: %s", path, strerror(errno));
    }
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(fds[0]);
        close(fds[1]);
        return lsn_error_set(LSN_EINTERNAL, "%s: cannot fork the layout: %s", path, strerror(err));
    }
    if (pid == 0) {
        /* Graphviz prints some complaints straight to stderr; ours go
         * through the pipe. */
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) {
            dup2(devnull, STDERR_FILENO);
            close(devnull);
        }
        close(fds[0]);
        GVC_t *gvc = gvContext();
        int rc = gvc != NULL ? layout_svg(c, gvc, path)
                             : lsn_error_set(LSN_EINTERNAL, "graphviz: no rendering context");
        const char *msg = rc == LSN_OK ? "" : lsn_error_last();
        int32_t code = rc;
        if (write(fds[1], &code, sizeof(code)) == (ssize_t)sizeof(code)) {
            ssize_t w = write(fds[1], msg, strlen(msg));
            (void)w;
        }
        close(fds[1]);
        if (gvc != NULL) {
            gvFreeLayout(gvc, c->g);
            gvFreeContext(gvc);
        }
        _exit(0);
    }
    close(fds[1]);
    char reply[1024 + sizeof(int32_t)];
    size_t got = 0;
    for (;;) {
        ssize_t n = read(fds[0], reply + got, sizeof(reply) - 1 - got);
        if (n > 0) {
            got += (size_t)n;
            if (got < sizeof(reply) - 1) {
                continue;
            }
        } else if (n < 0 && errno == EINTR) {
            continue;
        }
        break;
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (got >= sizeof(int32_t)) {
        int32_t code;
        memcpy(&code, reply, sizeof(code));
        reply[got] = '\0';
        if (code == LSN_OK) {
            return LSN_OK; /* written; how the child ended after that is moot */
        }
        remove(path);
        return lsn_error_set(code, "%s", reply + sizeof(code));
    }
    remove(path);
    if (WIFSIGNALED(status)) {
        return lsn_error_set(LSN_EINTERNAL, "%s: graphviz crashed laying it out (signal %d)", path,
                             WTERMSIG(status));
    }
    return lsn_error_set(LSN_EINTERNAL, "%s: graphviz ended without laying it out", path);
}

static int render_one(const org *o, const char *dir, const char *name, const lsn_dot_options *opts)
{
    gctx c;
    char file[64];
    char *dot = NULL, *svg = NULL;
    int rc = gctx_open(&c, o, name);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    if (strcmp(name, "teams") == 0) {
        build_teams(&c, opts);
    } else {
        build_proposal(&c);
    }
    if (!ok(&c)) {
        rc = c.rc;
        goto cleanup;
    }
    snprintf(file, sizeof(file), "%s.dot", name);
    dot = join(dir, file);
    snprintf(file, sizeof(file), "%s.svg", name);
    svg = join(dir, file);
    if (dot == NULL || svg == NULL) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((rc = write_dot(&c, dot)) != LSN_OK) {
        goto cleanup;
    }
    if (opts->svg) {
        rc = svg_isolated(&c, svg);
    }
cleanup:
    free(dot);
    free(svg);
    gctx_free(&c);
    return rc;
}

static int
render(const json_t *report, const char *where, const char *dir, const lsn_dot_options *opts)
{
    lsn_dot_options defaults = LSN_DOT_OPTIONS_INIT;
    org o;
    int rc;
    assert(dir != NULL);
    if (opts == NULL) {
        opts = &defaults;
    }
    if (!(opts->min_edge_hours >= 0) || !isfinite(opts->min_edge_hours)) {
        return lsn_error_set(LSN_EINVAL, "min_edge_hours must be a number >= 0");
    }
    /* cgraph prints its errors to stderr unless told to keep them. */
    agerrlevel_t level = agseterr(AGMAX);
    if ((rc = org_load(&o, report, where)) != LSN_OK) {
        goto cleanup;
    }
    if ((rc = render_one(&o, dir, "teams", opts)) != LSN_OK ||
        (rc = render_one(&o, dir, "proposal", opts)) != LSN_OK) {
        goto cleanup;
    }
cleanup:
    agseterr(level);
    org_free(&o);
    return rc;
}

int lsn_dot_render(const json_t *report, const char *dir, const lsn_dot_options *opts)
{
    return render(report, "report", dir, opts);
}

int lsn_dot_render_file_prepared(const char *report_path,
                                 const char *dir,
                                 const lsn_dot_options *opts,
                                 lsn_dot_prepare_fn prepare,
                                 void *ud)
{
    json_error_t err;
    assert(report_path != NULL);
    json_t *report = json_load_file(report_path, 0, &err);
    if (report == NULL) {
        if (json_error_code(&err) == json_error_cannot_open_file) {
            return lsn_error_set(LSN_EIO, "%s: cannot read: %s", report_path, err.text);
        }
        return lsn_error_set(LSN_EPARSE, "%s:%d: %s", report_path, err.line, err.text);
    }
    int rc = prepare != NULL ? prepare(report, ud) : LSN_OK;
    if (rc == LSN_OK) {
        rc = render(report, report_path, dir, opts);
    }
    json_decref(report);
    return rc;
}

int lsn_dot_render_file(const char *report_path, const char *dir, const lsn_dot_options *opts)
{
    return lsn_dot_render_file_prepared(report_path, dir, opts, NULL, NULL);
}
