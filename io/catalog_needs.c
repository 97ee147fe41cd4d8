/*
 * io/catalog_needs.c — resolves a read catalog (io/catalog.c): entity
 * references by Backstage's rules, the owning Group of every entity, the
 * Groups as units, the Users as people, and the needs the dependency edges
 * between what Groups own imply; then builds the organization, the CSV
 * files given beside the catalog winning. It parses no YAML.
 */
#include "io/catalog.h"

#include "io/catalog_internal.h"
#include "io/error.h"
#include "io/roster.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Owner chains (system, parent component, domain) longer than this are cycles. */
#define MAX_OWNER_CHAIN 64

/* The kinds a bare name means in each field, -1 terminated. */
static const int field_kinds[F_NFIELDS][3] = {
    [F_OWNER] = {K_GROUP, -1},
    [F_SYSTEM] = {K_SYSTEM, -1},
    [F_SUBCOMPONENT_OF] = {K_COMPONENT, -1},
    [F_DOMAIN] = {K_DOMAIN, -1},
    [F_DEPENDS_ON] = {K_COMPONENT, K_RESOURCE, -1},
    [F_DEPENDENCY_OF] = {K_COMPONENT, K_RESOURCE, -1},
    [F_CONSUMES] = {K_API, -1},
    [F_PROVIDES] = {K_API, -1},
    [F_PARENT] = {K_GROUP, -1},
    [F_CHILDREN] = {K_GROUP, -1},
    [F_MEMBERS] = {K_USER, -1},
    [F_MEMBER_OF] = {K_GROUP, -1},
    [F_MANAGER] = {K_USER, -1},
};

/* The entity "kind:ns/name" names, or -1. */
static int find_entity(const lsn_catalog *cat, const char *kind, const char *ns, const char *name)
{
    char *key = lsn_cat_key(kind, ns, name);
    if (key == NULL) {
        return -2;
    }
    int32_t id = lsn_strmap_find(cat->keys, key);
    free(key);
    return id;
}

/*
 * Resolve reference r: `[kind:][namespace/]name`. Sets r->target (-1 when
 * the catalog has no such entity) and, in *shown, the reference in full
 * form for messages (size bytes).
 */
static int resolve_ref(lsn_catalog *cat, struct cat_ref *r, char *shown, size_t size)
{
    const char *text = lsn_cat_text(cat, r->text);
    const char *colon = strchr(text, ':');
    const char *rest = colon != NULL ? colon + 1 : text;
    const char *slash = strchr(rest, '/');
    char *copy = strdup(text);
    if (copy == NULL) {
        return lsn_oom();
    }
    const char *ns = lsn_cat_text(cat, cat->ents[r->entity].ns);
    const char *name = rest;
    char *kind = NULL;
    if (colon != NULL) {
        kind = copy;
        kind[colon - text] = '\0';
    }
    if (slash != NULL) {
        char *nsbuf = copy + (rest - text);
        nsbuf[slash - rest] = '\0';
        ns = nsbuf;
        name = slash + 1;
    }
    r->target = -1;
    if (kind != NULL) {
        int32_t id = find_entity(cat, kind, ns, name);
        r->target = id;
        snprintf(shown, size, "%s:%s/%s", kind, ns, name);
    } else {
        const int *kinds = field_kinds[r->field];
        for (size_t k = 0; kinds[k] >= 0 && r->target == -1; k++) {
            r->target = find_entity(cat, lsn_cat_kind_names[kinds[k]], ns, name);
        }
        snprintf(shown, size, "%s:%s/%s", lsn_cat_kind_names[kinds[0]], ns, name);
    }
    free(copy);
    if (r->target < -1) {
        r->target = -1;
        return lsn_oom();
    }
    return LSN_OK;
}

/* The position of each entity's references in cat->refs (they are stored in entity order). */
struct span {
    size_t first, count;
};

struct resolver {
    lsn_catalog *cat;
    struct span *refs; /* by entity */
    int8_t *state;     /* owner: 0 not yet, 1 under way, 2 done */
    int32_t *parent;   /* a Group's parent Group, -1 */
    bool *has_child;   /* a Group with a child Group */
};

static const char *ent_file(const lsn_catalog *cat, const struct cat_ref *r)
{
    return lsn_cat_text(cat, cat->ents[r->entity].file);
}

static int resolve_refs(struct resolver *rs)
{
    lsn_catalog *cat = rs->cat;
    char shown[512];
    for (size_t i = 0; i < cat->nrefs; i++) {
        struct cat_ref *r = &cat->refs[i];
        int rc = resolve_ref(cat, r, shown, sizeof(shown));
        if (rc != LSN_OK) {
            return rc;
        }
        const char *holder = lsn_cat_text(cat, cat->ents[r->entity].ref);
        if (r->target < 0) {
            /* A manager may be given as an email. */
            if (r->field == F_MANAGER && strchr(lsn_cat_text(cat, r->text), '@') != NULL) {
                continue;
            }
            lsn_warn("%s:%d: unknown entity '%s' (%s of %s); left out", ent_file(cat, r),
                     (int)r->line, shown, lsn_cat_field_names[r->field], holder);
        } else if (r->field == F_OWNER && cat->ents[r->target].kind != K_GROUP) {
            lsn_warn("%s:%d: owner '%s' of %s is not a Group; left out", ent_file(cat, r),
                     (int)r->line, lsn_cat_text(cat, cat->ents[r->target].ref), holder);
            r->target = -1;
        }
    }
    return LSN_OK;
}

/* The Group that owns entity e (memoised in cat->ents[e].owner), or -1. */
static int32_t owner_of(struct resolver *rs, int32_t e, int depth)
{
    lsn_catalog *cat = rs->cat;
    struct cat_entity *ent = &cat->ents[e];
    if (rs->state[e] == 2 || depth > MAX_OWNER_CHAIN) {
        return ent->owner;
    }
    if (rs->state[e] == 1) {
        return -1; /* a cycle of systems or parent components */
    }
    rs->state[e] = 1;
    int32_t owner = ent->kind == K_GROUP ? e : -1;
    static const int chain[] = {F_OWNER, F_SYSTEM, F_SUBCOMPONENT_OF, F_DOMAIN};
    for (size_t c = 0; c < sizeof(chain) / sizeof(chain[0]) && owner < 0; c++) {
        for (size_t i = 0; i < rs->refs[e].count && owner < 0; i++) {
            const struct cat_ref *r = &cat->refs[rs->refs[e].first + i];
            if (r->field != chain[c] || r->target < 0) {
                continue;
            }
            owner = chain[c] == F_OWNER ? r->target : owner_of(rs, r->target, depth + 1);
        }
    }
    ent->owner = owner;
    rs->state[e] = 2;
    return owner;
}

/* Group parents: spec.parent, else the first Group listing it in spec.children. */
static void resolve_groups(struct resolver *rs)
{
    lsn_catalog *cat = rs->cat;
    for (size_t e = 0; e < cat->nents; e++) {
        rs->parent[e] = -1;
    }
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < cat->nrefs; i++) {
            const struct cat_ref *r = &cat->refs[i];
            if (r->target < 0 || cat->ents[r->entity].kind != K_GROUP ||
                cat->ents[r->target].kind != K_GROUP) {
                continue;
            }
            if (pass == 0 && r->field == F_PARENT && rs->parent[r->entity] < 0) {
                rs->parent[r->entity] = r->target;
            } else if (pass == 1 && r->field == F_CHILDREN && rs->parent[r->target] < 0 &&
                       r->target != r->entity) {
                rs->parent[r->target] = r->entity;
            }
        }
    }
    for (size_t e = 0; e < cat->nents; e++) {
        if (rs->parent[e] >= 0) {
            rs->has_child[rs->parent[e]] = true;
        }
    }
}

static int resolver_init(struct resolver *rs, lsn_catalog *cat)
{
    size_t n = cat->nents ? cat->nents : 1;
    *rs = (struct resolver){.cat = cat};
    rs->refs = calloc(n, sizeof(*rs->refs));
    rs->state = calloc(n, sizeof(*rs->state));
    rs->parent = calloc(n, sizeof(*rs->parent));
    rs->has_child = calloc(n, sizeof(*rs->has_child));
    if (rs->refs == NULL || rs->state == NULL || rs->parent == NULL || rs->has_child == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < cat->nrefs; i++) {
        struct span *s = &rs->refs[cat->refs[i].entity];
        if (s->count == 0) {
            s->first = i;
        }
        s->count++;
    }
    int rc = LSN_OK;
    if (!cat->resolved) {
        rc = resolve_refs(rs);
        cat->resolved = rc == LSN_OK;
    }
    if (rc == LSN_OK) {
        for (size_t e = 0; e < cat->nents; e++) {
            owner_of(rs, (int32_t)e, 0);
        }
        resolve_groups(rs);
    }
    return rc;
}

static void resolver_free(struct resolver *rs)
{
    free(rs->refs);
    free(rs->state);
    free(rs->parent);
    free(rs->has_child);
}

/* ------------------------------------------------------------------ */
/* Units and people                                                     */
/* ------------------------------------------------------------------ */

static int add_groups(lsn_org *org, const struct resolver *rs)
{
    const lsn_catalog *cat = rs->cat;
    for (size_t e = 0; e < cat->nents; e++) {
        const struct cat_entity *g = &cat->ents[e];
        if (g->kind != K_GROUP) {
            continue;
        }
        const char *unit = lsn_cat_text(cat, g->unit);
        const char *parent =
            rs->parent[e] >= 0 ? lsn_cat_text(cat, cat->ents[rs->parent[e]].unit) : "";
        int rc = lsn_org_add_unit(
            org, &(lsn_unit_row){.id = unit,
                                 .parent = parent,
                                 .name = lsn_cat_text(cat, g->display),
                                 .at = {lsn_cat_text(cat, g->file), (int)g->line}});
        if (rc == LSN_OK && g->type >= 0) {
            rc = lsn_org_set_unit_kind(org, unit, lsn_cat_text(cat, g->type));
        }
        if (rc != LSN_OK) {
            return rc;
        }
    }
    return LSN_OK;
}

/*
 * The team of each User: the first leaf among the Groups of its
 * spec.memberOf, then of the Groups listing it in spec.members (reference
 * order), else the first of those Groups; -1 none. team[] has an entry per
 * entity. O(references).
 */
static void teams_of_users(int32_t *team, const struct resolver *rs)
{
    const lsn_catalog *cat = rs->cat;
    size_t n = cat->nents;
    /* 0: nothing yet; 1: a non-leaf Group found (in team[]); 2: a leaf found. */
    uint8_t *state = calloc(n ? n : 1, 1);
    for (size_t e = 0; e < n; e++) {
        team[e] = -1;
    }
    if (state == NULL) {
        return; /* every User without a team: warned about, never wrong */
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < cat->nrefs; i++) {
            const struct cat_ref *r = &cat->refs[i];
            int32_t u = -1, g = -1;
            if (pass == 0 && r->field == F_MEMBER_OF) {
                u = r->entity;
                g = r->target;
            } else if (pass == 1 && r->field == F_MEMBERS) {
                u = r->target;
                g = r->entity;
            }
            if (u < 0 || g < 0 || cat->ents[u].kind != K_USER || cat->ents[g].kind != K_GROUP ||
                state[u] == 2) {
                continue;
            }
            if (!rs->has_child[g]) {
                team[u] = g;
                state[u] = 2;
            } else if (state[u] == 0) {
                team[u] = g;
                state[u] = 1;
            }
        }
    }
    free(state);
}

/* A User's manager: the email of the User the annotation names, or the email it is. */
static const char *manager_of(const struct resolver *rs, int32_t u)
{
    const lsn_catalog *cat = rs->cat;
    for (size_t i = 0; i < rs->refs[u].count; i++) {
        const struct cat_ref *r = &cat->refs[rs->refs[u].first + i];
        if (r->field != F_MANAGER) {
            continue;
        }
        if (r->target >= 0) {
            return lsn_cat_text(cat, cat->ents[r->target].email);
        }
        return lsn_cat_text(cat, r->text);
    }
    return "";
}

static int add_users(lsn_org *org, const struct resolver *rs)
{
    const lsn_catalog *cat = rs->cat;
    int32_t *teams = malloc((cat->nents ? cat->nents : 1) * sizeof(*teams));
    if (teams == NULL) {
        return lsn_oom();
    }
    teams_of_users(teams, rs);
    int rc = LSN_OK;
    for (size_t e = 0; e < cat->nents && rc == LSN_OK; e++) {
        const struct cat_entity *u = &cat->ents[e];
        if (u->kind != K_USER) {
            continue;
        }
        const char *file = lsn_cat_text(cat, u->file), *ref = lsn_cat_text(cat, u->ref);
        if (u->email < 0) {
            lsn_warn("%s:%d: User '%s' has no spec.profile.email; left out", file, (int)u->line,
                     ref);
            continue;
        }
        int32_t team = teams[e];
        if (team < 0) {
            lsn_warn("%s:%d: User '%s' is in no Group; left out", file, (int)u->line, ref);
            continue;
        }
        char *manager = strdup(manager_of(rs, (int32_t)e));
        if (manager == NULL) {
            rc = lsn_oom();
            break;
        }
        lsn_email_normalize(manager);
        rc = lsn_org_add_person(org,
                                &(lsn_person_row){.email = lsn_cat_text(cat, u->email),
                                                  .name = lsn_cat_text(cat, u->display),
                                                  .team = lsn_cat_text(cat, cat->ents[team].unit),
                                                  .manager = manager,
                                                  .at = {file, (int)u->line}});
        free(manager);
    }
    free(teams);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Derived needs                                                        */
/* ------------------------------------------------------------------ */

/* One dependency edge: `entity` (owned by a) depends on `target` (owned by b). */
struct edge {
    const char *ua, *ub, *entity_ref, *target_ref; /* the sort keys */
    int32_t a, b;
    int32_t entity, target;
    int32_t field; /* F_DEPENDS_ON, F_DEPENDENCY_OF or F_CONSUMES (where it was written) */
    int32_t ref;   /* the reference it comes from */
};

struct edges {
    struct edge *e;
    size_t n, cap;
};

static int cmp_edge(const void *x, const void *y)
{
    const struct edge *p = x, *q = y;
    int c = strcmp(p->ua, q->ua);
    if (c == 0) {
        c = strcmp(p->ub, q->ub);
    }
    if (c == 0) {
        c = strcmp(p->entity_ref, q->entity_ref);
    }
    if (c == 0) {
        c = (p->field > q->field) - (p->field < q->field);
    }
    if (c == 0) {
        c = strcmp(p->target_ref, q->target_ref);
    }
    if (c == 0) {
        c = (p->ref > q->ref) - (p->ref < q->ref);
    }
    return c;
}

static bool same_edge(const struct edge *p, const struct edge *q)
{
    return p->a == q->a && p->b == q->b && p->entity == q->entity && p->target == q->target &&
           p->field == q->field;
}

static int push_edge(struct edges *es, const lsn_catalog *cat, struct edge e)
{
    if (e.a < 0 || e.b < 0 || e.a == e.b) {
        return LSN_OK;
    }
    e.ua = lsn_cat_text(cat, cat->ents[e.a].unit);
    e.ub = lsn_cat_text(cat, cat->ents[e.b].unit);
    e.entity_ref = lsn_cat_text(cat, cat->ents[e.entity].ref);
    e.target_ref = lsn_cat_text(cat, cat->ents[e.target].ref);
    if (es->n == es->cap) {
        size_t cap = es->cap ? es->cap * 2 : 64;
        struct edge *p = realloc(es->e, cap * sizeof(*p));
        if (p == NULL) {
            return lsn_oom();
        }
        es->e = p;
        es->cap = cap;
    }
    es->e[es->n++] = e;
    return LSN_OK;
}

/* (API, provider) pairs, sorted by API. */
static int cmp_pair(const void *x, const void *y)
{
    const int32_t *p = x, *q = y;
    if (p[0] != q[0]) {
        return p[0] < q[0] ? -1 : 1;
    }
    return (p[1] > q[1]) - (p[1] < q[1]);
}

static int collect_edges(struct edges *es, const lsn_catalog *cat)
{
    size_t nprov = 0;
    for (size_t i = 0; i < cat->nrefs; i++) {
        nprov += cat->refs[i].field == F_PROVIDES && cat->refs[i].target >= 0;
    }
    int32_t *prov = malloc((nprov + 1) * 2 * sizeof(*prov));
    if (prov == NULL) {
        return lsn_oom();
    }
    size_t k = 0;
    for (size_t i = 0; i < cat->nrefs; i++) {
        const struct cat_ref *r = &cat->refs[i];
        if (r->field == F_PROVIDES && r->target >= 0) {
            prov[2 * k] = r->target;
            prov[2 * k + 1] = r->entity;
            k++;
        }
    }
    qsort(prov, nprov, 2 * sizeof(*prov), cmp_pair);
    int rc = LSN_OK;
    for (size_t i = 0; i < cat->nrefs && rc == LSN_OK; i++) {
        const struct cat_ref *r = &cat->refs[i];
        if (r->target < 0) {
            continue;
        }
        struct edge e = {.field = r->field, .ref = (int32_t)i};
        if (r->field == F_DEPENDS_ON) {
            e.entity = r->entity;
            e.target = r->target;
        } else if (r->field == F_DEPENDENCY_OF) {
            e.entity = r->target;
            e.target = r->entity;
        } else if (r->field == F_CONSUMES) {
            e.entity = r->entity;
            e.target = r->target;
        } else {
            continue;
        }
        e.a = cat->ents[e.entity].owner;
        if (r->field != F_CONSUMES) {
            e.b = cat->ents[e.target].owner;
            rc = push_edge(es, cat, e);
            continue;
        }
        /* An API's context comes from whoever provides it; an API nobody
         * provides, from its own owner. */
        size_t lo = 0, hi = nprov;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (prov[2 * mid] < r->target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        bool provided = false;
        for (size_t j = lo; j < nprov && prov[2 * j] == r->target && rc == LSN_OK; j++) {
            provided = true;
            e.b = cat->ents[prov[2 * j + 1]].owner;
            rc = push_edge(es, cat, e);
        }
        if (!provided && rc == LSN_OK) {
            e.b = cat->ents[r->target].owner;
            rc = push_edge(es, cat, e);
        }
    }
    free(prov);
    return rc;
}

static const char *relation_name(int32_t field)
{
    return field == F_CONSUMES ? "consumesApis"
                               : (field == F_DEPENDENCY_OF ? "dependencyOf" : "dependsOn");
}

static lsn_context context_of(int32_t annotated, size_t weight, const lsn_catalog_options *o)
{
    if (annotated >= 0) {
        return (lsn_context)annotated;
    }
    int32_t deep = o->deep_edges > 0 ? o->deep_edges : LSN_CATALOG_DEEP_EDGES;
    int32_t moderate = o->moderate_edges > 0 ? o->moderate_edges : LSN_CATALOG_MODERATE_EDGES;
    if ((int64_t)weight >= deep) {
        return LSN_CONTEXT_DEEP;
    }
    return (int64_t)weight >= moderate ? LSN_CONTEXT_MODERATE : LSN_CONTEXT_MINIMAL;
}

/* One derived need: the edges es.e[start, end), and the first reference behind them. */
struct group {
    size_t start, end;
    int32_t first_ref;
    const char *ua, *ub; /* a tie (one consumesApis, several providers) goes by the teams */
};

static int cmp_group(const void *x, const void *y)
{
    const struct group *p = x, *q = y;
    if (p->first_ref != q->first_ref) {
        return p->first_ref < q->first_ref ? -1 : 1;
    }
    int c = strcmp(p->ua, q->ua);
    return c != 0 ? c : strcmp(p->ub, q->ub);
}

static int add_need(lsn_org *org,
                    const lsn_catalog *cat,
                    const struct edges *es,
                    const struct group *g,
                    lsn_evidence *ev,
                    const lsn_catalog_options *o)
{
    size_t nev = 0;
    int32_t annotated = -1;
    bool availability = false;
    for (size_t j = g->start; j < g->end; j++) {
        const struct edge *e = &es->e[j];
        if (j > g->start && same_edge(e, &es->e[j - 1])) {
            continue; /* the same edge written twice (dependsOn and dependencyOf) */
        }
        const struct cat_entity *dep = &cat->ents[e->entity];
        if (dep->context > annotated) {
            annotated = dep->context;
        }
        availability = availability || dep->availability;
        ev[nev++] = (lsn_evidence){
            .entity = e->entity_ref, .relation = relation_name(e->field), .target = e->target_ref};
    }
    const struct cat_ref *first = &cat->refs[g->first_ref];
    const struct edge *e0 = &es->e[g->start];
    return lsn_org_add_need(org,
                            &(lsn_need_row){.team = e0->ua,
                                            .from = e0->ub,
                                            .context = context_of(annotated, nev, o),
                                            .availability = availability,
                                            .source = LSN_NEED_CATALOG,
                                            .evidence = ev,
                                            .nevidence = nev,
                                            .at = {lsn_cat_text(cat, cat->ents[first->entity].file),
                                                   (int)first->line}});
}

/*
 * The needs in the order their first reference appears in the catalog (the
 * files in sorted order, then document order), each with its evidence sorted.
 */
static int add_derived_needs(lsn_org *org, const lsn_catalog *cat, const lsn_catalog_options *o)
{
    struct edges es = {0};
    lsn_evidence *ev = NULL;
    struct group *groups = NULL;
    size_t ngroups = 0;
    int rc = collect_edges(&es, cat);
    if (rc != LSN_OK || es.n == 0) {
        free(es.e);
        return rc;
    }
    qsort(es.e, es.n, sizeof(*es.e), cmp_edge);
    ev = malloc(es.n * sizeof(*ev));
    groups = malloc(es.n * sizeof(*groups));
    if (ev == NULL || groups == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t i = 0; i < es.n;) {
        struct group *g = &groups[ngroups++];
        *g = (struct group){
            .start = i, .first_ref = es.e[i].ref, .ua = es.e[i].ua, .ub = es.e[i].ub};
        for (; i < es.n && es.e[i].a == es.e[g->start].a && es.e[i].b == es.e[g->start].b; i++) {
            if (es.e[i].ref < g->first_ref) {
                g->first_ref = es.e[i].ref;
            }
        }
        g->end = i;
    }
    qsort(groups, ngroups, sizeof(*groups), cmp_group);
    for (size_t k = 0; k < ngroups && rc == LSN_OK; k++) {
        rc = add_need(org, cat, &es, &groups[k], ev, o);
    }
cleanup:
    free(groups);
    free(ev);
    free(es.e);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The organization                                                     */
/* ------------------------------------------------------------------ */

int lsn_catalog_org(lsn_org **out,
                    lsn_catalog *cat,
                    const lsn_catalog_inputs *in,
                    const lsn_catalog_options *opts)
{
    assert(out != NULL && cat != NULL);
    static const lsn_catalog_inputs none = {0};
    static const lsn_catalog_options defaults = LSN_CATALOG_OPTIONS_INIT;
    in = in != NULL ? in : &none;
    opts = opts != NULL ? opts : &defaults;
    *out = NULL;
    lsn_org *org = NULL;
    struct resolver rs;
    int rc = resolver_init(&rs, cat);
    if (rc == LSN_OK) {
        rc = lsn_org_new(&org);
    }
    if (rc == LSN_OK) {
        rc = in->teams != NULL ? lsn_roster_read(org, LSN_ROSTER_TEAMS, in->teams)
                               : add_groups(org, &rs);
    }
    if (rc == LSN_OK) {
        rc = in->people != NULL ? lsn_roster_read(org, LSN_ROSTER_PEOPLE, in->people)
                                : add_users(org, &rs);
    }
    if (rc == LSN_OK && in->needs != NULL) {
        rc = lsn_roster_read(org, LSN_ROSTER_NEEDS, in->needs);
    }
    if (rc == LSN_OK) {
        rc = add_derived_needs(org, cat, opts);
    }
    if (rc == LSN_OK) {
        rc = lsn_org_finish(org);
    }
    resolver_free(&rs);
    if (rc != LSN_OK) {
        lsn_org_free(org);
        return rc;
    }
    *out = org;
    return LSN_OK;
}

int lsn_catalog_load(lsn_org **out,
                     const char *catalog,
                     const lsn_catalog_inputs *in,
                     const lsn_catalog_options *opts)
{
    assert(out != NULL && in != NULL);
    if (catalog == NULL) {
        assert(in->people != NULL);
        return lsn_roster_load(out, in->people, in->teams, in->needs);
    }
    *out = NULL;
    lsn_catalog *cat = NULL;
    int rc = lsn_catalog_new(&cat);
    if (rc == LSN_OK) {
        rc = lsn_catalog_read(cat, catalog);
    }
    if (rc == LSN_OK) {
        rc = lsn_catalog_org(out, cat, in, opts);
    }
    lsn_catalog_free(cat);
    return rc;
}
