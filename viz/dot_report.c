/*
 * viz/dot_report.c — report.json read for the diagrams (viz/dot.h): every
 * unit it names, the hierarchy, team links, people and liaisons, findings
 * ranked worst first and the units they mark, and the proposal, as index
 * tables that borrow the JSON's strings. It draws nothing.
 */
#include "viz/dot_internal.h"

#include "analysis/finding_types.h"
#include "io/vec.h"

#include <math.h>

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
    int rc = LSN_GROW(s->v, s->cap, s->n + 1);
    if (rc == LSN_OK) {
        s->v[s->n++] = str;
    }
    return rc;
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
        if (lsn_finding_type_index(s) == LSN_FINDING_MISSING_LINK &&
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
        rc = lsn_oom();
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
        int rc = LSN_RESIZE(pu->children, pu->nchildren + 1);
        if (rc != LSN_OK) {
            return rc;
        }
        pu->children[pu->nchildren++] = (int32_t)k; /* k ascends: children stay sorted */
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
        return lsn_oom();
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
        return lsn_oom();
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
    int rc = LSN_GROW(o->marks, *cap, o->nmarks + 1);
    if (rc != LSN_OK) {
        return rc;
    }
    o->marks[o->nmarks++] = (mark){u, r};
    int sev = o->findings[o->order[r]].sev;
    if (sev > o->units[u].sev) {
        o->units[u].sev = sev;
    }
    return LSN_OK;
}

/* The marks of the finding ranked r: the units its subject keys are about
 * (lsn_subject_key_def.about: team, unit, to_unit, teams), or for a finding
 * about none of them, its person's home team. */
static int mark_finding(org *o, size_t *cap, int32_t r)
{
    const json_t *e = o->findings[o->order[r]].json;
    bool about = false;
    int rc = LSN_OK;
    for (int k = LSN_KEY_NONE + 1; rc == LSN_OK && k < LSN_SUBJECT_KEYS; k++) {
        const lsn_subject_key_def *key = &lsn_subject_keys[k];
        if (!key->about) {
            continue;
        }
        if (key->kind == LSN_SUBJECT_UNITS) {
            const json_t *list = json_object_get(e, key->name);
            size_t j;
            const json_t *t;
            about |= list != NULL;
            json_array_foreach(list, j, t)
            {
                if (rc == LSN_OK) {
                    rc = add_mark(o, cap, json_string_value(t), r);
                }
            }
        } else {
            const char *id = str_or(e, key->name, NULL);
            about |= id != NULL;
            rc = add_mark(o, cap, id, r);
        }
    }
    for (int k = LSN_KEY_NONE + 1; !about && rc == LSN_OK && k < LSN_SUBJECT_KEYS; k++) {
        if (lsn_subject_keys[k].kind == LSN_SUBJECT_PERSON) {
            const char *email = str_or(e, lsn_subject_keys[k].name, NULL);
            int32_t p = email != NULL ? lsn_strmap_find(o->emails, email) : -1;
            rc = p >= 0 ? add_mark(o, cap, o->people[p].team, r) : LSN_OK;
        }
    }
    return rc;
}

/* Findings, ranked worst first, and the units they mark. */
static int load_findings(org *o, const json_t *findings)
{
    size_t i, cap = 0;
    const json_t *e;
    int rc;
    o->findings = calloc(json_array_size(findings) + 1, sizeof(*o->findings));
    o->order = calloc(json_array_size(findings) + 1, sizeof(*o->order));
    if (o->findings == NULL || o->order == NULL) {
        return lsn_oom();
    }
    json_array_foreach(findings, i, e)
    {
        finding *f = &o->findings[o->nfindings];
        f->json = e;
        f->type = str_or(e, "type", "");
        f->kind = lsn_finding_type_index(f->type);
        f->sev = sev_of(str_or(e, "severity", NULL));
        f->team = f->from = -1;
        if (f->kind == LSN_FINDING_MISSING_LINK) {
            f->team = unit_of(o, str_or(e, "team", NULL));
            f->from = unit_of(o, str_or(e, "from", NULL));
        }
        o->order[o->nfindings] = (int32_t)o->nfindings;
        o->nfindings++;
    }
    cmp_findings_base = o->findings; /* qsort has no context argument */
    if (o->nfindings > 0) {
        qsort(o->order, o->nfindings, sizeof(*o->order), cmp_finding);
    }
    for (int32_t r = 0; r < (int32_t)o->nfindings; r++) {
        if ((rc = mark_finding(o, &cap, r)) != LSN_OK) {
            return rc;
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
        return lsn_oom();
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

void dot_org_free(org *o)
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
    dot_teams_index_free(o);
    dot_views_index_free(o);
    lsn_strmap_free(o->ids);
    lsn_strmap_free(o->emails);
}

int dot_org_load(org *o, const json_t *report, const char *where)
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
        (rc = load_proposal(o, proposal)) != LSN_OK || (rc = dot_teams_index_build(o)) != LSN_OK ||
        (rc = dot_views_index_build(o)) != LSN_OK) {
        return rc;
    }
    return LSN_OK;
}

bool dot_missing_link(const org *o, size_t i, int32_t *team, int32_t *from)
{
    if (o->findings[i].kind != LSN_FINDING_MISSING_LINK) {
        return false;
    }
    *team = o->findings[i].team; /* looked up once, as the report was read */
    *from = o->findings[i].from;
    return *team >= 0 && *from >= 0;
}
