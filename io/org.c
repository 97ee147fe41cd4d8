/*
 * io/org.c — the organization: people, the unit hierarchy and declared needs,
 * built row by row and resolved once by lsn_org_finish() (parents, root,
 * depths, headcounts, managers, needs). Lookups go through hash tables.
 * It reads no file: io/roster.c parses the CSV files and calls the builders.
 */
#include "io/model.h"

#include "io/error.h"
#include "io/idmap.h"
#include "io/limits.h"
#include "io/text.h"
#include "io/vec.h"

#include <assert.h>
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ORG_ROOT_ID "(org)"
#define CODE_FILE "(code)"

/* Where a row came from, and its ids before lsn_org_finish() resolves them. */
struct unit_src {
    int32_t parent; /* id in org->text, -1 for a root */
    int32_t file;   /* id in org->text, -1 when built in code or implicit */
    int32_t line;
};

struct person_src {
    int32_t team;    /* id in org->text */
    int32_t manager; /* id in org->text, -1 none */
    int32_t file;
};

struct need_src {
    int32_t team; /* id in org->text */
    int32_t from;
    int32_t file;
    int32_t ev_first, ev_count; /* its evidence in org->evidence */
};

struct lsn_org {
    lsn_strmap *text;     /* display names, file names and unresolved ids */
    lsn_strmap *emails;   /* id == person index */
    lsn_strmap *unit_ids; /* id == unit index */
    lsn_strmap *names;    /* trimmed, lowercased display names */
    lsn_strmap *domains;  /* domains of roster emails */

    lsn_person *people;
    struct person_src *person_src;
    size_t npeople, cap_people;

    int32_t *name_owner; /* by names id: the person, or -2 when shared */
    size_t cap_names;

    lsn_unit *units;
    struct unit_src *unit_src;
    size_t nunits, cap_units;
    size_t ndeclared; /* units from lsn_org_add_unit(), first in units[] */

    lsn_need *needs;
    struct need_src *need_src;
    size_t nneeds, cap_needs;

    lsn_evidence *evidence; /* of the derived needs; strings in org->text */
    size_t nevidence, cap_evidence;

    /* Made by lsn_org_finish(): people by email and units by id in strcmp
     * order, and each one's place in it. */
    int32_t *people_by_email, *people_rank;
    int32_t *units_by_id, *units_rank;

    int32_t root;
    bool finished;
};

const char *lsn_context_name(lsn_context c)
{
    switch (c) {
    case LSN_CONTEXT_MINIMAL:
        return "minimal";
    case LSN_CONTEXT_DEEP:
        return "deep";
    case LSN_CONTEXT_MODERATE:
    default:
        return "moderate";
    }
}

static bool is_space(char c)
{
    return isspace((unsigned char)c) != 0;
}

char *lsn_email_normalize(char *s)
{
    assert(s != NULL);
    size_t len = strlen(s);
    size_t start = 0;
    while (start < len && is_space(s[start])) {
        start++;
    }
    if (len - start >= 7 && strncasecmp(s + start, "mailto:", 7) == 0) {
        start += 7;
        while (start < len && is_space(s[start])) {
            start++;
        }
    }
    while (len > start && is_space(s[len - 1])) {
        len--;
    }
    for (size_t i = start; i < len; i++) {
        s[i - start] = (char)tolower((unsigned char)s[i]);
    }
    s[len - start] = '\0';
    return s;
}

/* A heap copy of s, trimmed and lowercased (ASCII); NULL when out of memory. */
static char *folded_copy(const char *s)
{
    while (is_space(*s)) {
        s++;
    }
    size_t len = strlen(s);
    while (len > 0 && is_space(s[len - 1])) {
        len--;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        copy[i] = (char)tolower((unsigned char)s[i]);
    }
    copy[len] = '\0';
    return copy;
}

/*
 * Grow an array and its source lines (indexed alike, one capacity) to hold
 * index n. Each pointer is assigned only after its realloc succeeds, so a
 * failure leaves a valid org.
 */
static int reserve_pair(void **a, size_t asize, void **src, size_t srcsize, size_t *cap, size_t n)
{
    if (n < *cap) {
        return LSN_OK;
    }
    size_t c = lsn_grow_cap(*cap, n + 1, asize);
    int rc;
    if (c == 0) {
        return lsn_oom();
    }
    if ((rc = lsn_resize(a, c, asize)) != LSN_OK || (rc = lsn_resize(src, c, srcsize)) != LSN_OK) {
        return rc;
    }
    *cap = c;
    return LSN_OK;
}

#define RESERVE_PAIR(a, src, cap, n)                                                               \
    reserve_pair((void **)&(a), sizeof(*(a)), (void **)&(src), sizeof(*(src)), &(cap), (n))

static int reserve_units(lsn_org *org)
{
    return RESERVE_PAIR(org->units, org->unit_src, org->cap_units, org->nunits);
}

static int reserve_people(lsn_org *org)
{
    return RESERVE_PAIR(org->people, org->person_src, org->cap_people, org->npeople);
}

static int reserve_needs(lsn_org *org)
{
    return RESERVE_PAIR(org->needs, org->need_src, org->cap_needs, org->nneeds);
}

/* Intern s (NULL and "" give -1 when empty_is_none). */
static int intern_text(int32_t *out, lsn_org *org, const char *s, bool empty_is_none)
{
    if (s == NULL || (empty_is_none && s[0] == '\0')) {
        *out = -1;
        return LSN_OK;
    }
    return lsn_strmap_intern(out, org->text, s, strlen(s));
}

static const char *text_or(const lsn_org *org, int32_t id, const char *fallback)
{
    return id < 0 ? fallback : lsn_strmap_get(org->text, id);
}

int lsn_org_new(lsn_org **out)
{
    assert(out != NULL);
    *out = NULL;
    lsn_org *org = calloc(1, sizeof(*org));
    if (org == NULL) {
        return lsn_oom();
    }
    org->root = -1;
    int rc = lsn_strmap_new(&org->text);
    if (rc == LSN_OK) {
        rc = lsn_strmap_new(&org->emails);
    }
    if (rc == LSN_OK) {
        rc = lsn_strmap_new(&org->unit_ids);
    }
    if (rc == LSN_OK) {
        rc = lsn_strmap_new(&org->names);
    }
    if (rc == LSN_OK) {
        rc = lsn_strmap_new(&org->domains);
    }
    if (rc != LSN_OK) {
        lsn_org_free(org);
        return rc;
    }
    *out = org;
    return LSN_OK;
}

void lsn_org_free(lsn_org *org)
{
    if (org == NULL) {
        return;
    }
    lsn_strmap_free(org->text);
    lsn_strmap_free(org->emails);
    lsn_strmap_free(org->unit_ids);
    lsn_strmap_free(org->names);
    lsn_strmap_free(org->domains);
    free(org->people);
    free(org->person_src);
    free(org->name_owner);
    free(org->units);
    free(org->unit_src);
    free(org->needs);
    free(org->need_src);
    free(org->evidence);
    free(org->people_by_email);
    free(org->people_rank);
    free(org->units_by_id);
    free(org->units_rank);
    free(org);
}

/* Append a unit with this id (not yet in unit_ids); *out is its index. */
static int
push_unit(int32_t *out, lsn_org *org, const char *id, const char *name, struct unit_src src)
{
    int rc = reserve_units(org);
    if (rc != LSN_OK) {
        return rc;
    }
    int32_t uid;
    rc = lsn_strmap_intern(&uid, org->unit_ids, id, strlen(id));
    if (rc != LSN_OK) {
        return rc;
    }
    assert((size_t)uid == org->nunits);
    const char *display = "";
    if (name != NULL && name[0] != '\0') {
        int32_t nid;
        rc = intern_text(&nid, org, name, false);
        if (rc != LSN_OK) {
            return rc;
        }
        display = lsn_strmap_get(org->text, nid);
    }
    org->units[uid] = (lsn_unit){
        .id = lsn_strmap_get(org->unit_ids, uid),
        .name = display,
        .parent = -1,
        .depth = 0,
        .headcount = 0,
        .people_under = 0,
        .synthetic = false,
        .kind = "",
    };
    org->unit_src[uid] = src;
    org->nunits++;
    *out = uid;
    return LSN_OK;
}

int lsn_org_add_unit(lsn_org *org, const lsn_unit_row *row)
{
    assert(org != NULL && row != NULL && row->id != NULL);
    assert(!org->finished);
    const char *id = row->id;
    int line = row->at.line;
    const char *where = row->at.file != NULL ? row->at.file : CODE_FILE;
    if (id[0] == '\0') {
        return lsn_error_set(LSN_EPARSE, "%s:%d: missing team", where, line);
    }
    /* Implicit teams are only created by lsn_org_finish(), so every unit so
     * far is a declared one. */
    int32_t prev = lsn_strmap_find(org->unit_ids, id);
    if (prev >= 0) {
        return lsn_error_set(LSN_EPARSE, "%s:%d: duplicate team '%s' (first on line %d)", where,
                             line, id, (int)org->unit_src[prev].line);
    }
    struct unit_src src = {.line = line};
    int rc = intern_text(&src.parent, org, row->parent, true);
    if (rc == LSN_OK) {
        rc = intern_text(&src.file, org, row->at.file, true);
    }
    int32_t index;
    if (rc == LSN_OK) {
        rc = push_unit(&index, org, id, row->name, src);
    }
    if (rc == LSN_OK) {
        org->ndeclared = org->nunits;
    }
    return rc;
}

/* Index the display name for lsn_org_find_person_by_name(). */
static int index_name(lsn_org *org, const char *name, int32_t person)
{
    if (name == NULL) {
        return LSN_OK;
    }
    char *key = folded_copy(name);
    if (key == NULL) {
        return lsn_oom();
    }
    int rc = LSN_OK;
    if (key[0] == '\0') {
        goto cleanup;
    }
    size_t before = lsn_strmap_count(org->names);
    int32_t id;
    rc = lsn_strmap_intern(&id, org->names, key, strlen(key));
    if (rc != LSN_OK) {
        goto cleanup;
    }
    if ((size_t)id < before) {
        org->name_owner[id] = -2;
        goto cleanup;
    }
    rc = LSN_GROW(org->name_owner, org->cap_names, (size_t)id + 1);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    org->name_owner[id] = person;
cleanup:
    free(key);
    return rc;
}

int lsn_org_add_person(lsn_org *org, const lsn_person_row *row)
{
    assert(org != NULL && row != NULL && row->email != NULL && row->team != NULL);
    assert(!org->finished);
    const char *name = row->name;
    const char *team = row->team;
    int line = row->at.line;
    const char *where = row->at.file != NULL ? row->at.file : CODE_FILE;
    char *key = NULL;
    char *mgr = NULL;
    int rc = LSN_OK;

    /* Normalising again is cheap and makes hand-built orgs forgiving. */
    key = strdup(row->email);
    if (key == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    lsn_email_normalize(key);
    if (key[0] == '\0') {
        rc = lsn_error_set(LSN_EPARSE, "%s:%d: missing email", where, line);
        goto cleanup;
    }
    if (team[0] == '\0') {
        rc = lsn_error_set(LSN_EPARSE, "%s:%d: missing team", where, line);
        goto cleanup;
    }
    int32_t prev = lsn_strmap_find(org->emails, key);
    if (prev >= 0) {
        rc = lsn_error_set(LSN_EPARSE, "%s:%d: duplicate email '%s' (first on line %d)", where,
                           line, key, (int)org->people[prev].line);
        goto cleanup;
    }
    rc = reserve_people(org);
    if (rc != LSN_OK) {
        goto cleanup;
    }

    struct person_src src = {.manager = -1};
    rc = intern_text(&src.team, org, team, false);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc = intern_text(&src.file, org, row->at.file, true);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    if (row->manager != NULL && row->manager[0] != '\0') {
        mgr = strdup(row->manager);
        if (mgr == NULL) {
            rc = lsn_oom();
            goto cleanup;
        }
        lsn_email_normalize(mgr);
        rc = intern_text(&src.manager, org, mgr, true);
        if (rc != LSN_OK) {
            goto cleanup;
        }
    }
    const char *display = "";
    if (name != NULL && name[0] != '\0') {
        int32_t nid;
        rc = intern_text(&nid, org, name, false);
        if (rc != LSN_OK) {
            goto cleanup;
        }
        display = lsn_strmap_get(org->text, nid);
    }
    const char *at = strrchr(key, '@');
    if (at != NULL && at[1] != '\0') {
        int32_t did;
        rc = lsn_strmap_intern(&did, org->domains, at + 1, strlen(at + 1));
        if (rc != LSN_OK) {
            goto cleanup;
        }
    }

    int32_t index;
    rc = lsn_strmap_intern(&index, org->emails, key, strlen(key));
    if (rc != LSN_OK) {
        goto cleanup;
    }
    assert((size_t)index == org->npeople);
    rc = index_name(org, name, index);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    org->people[index] = (lsn_person){
        .email = lsn_strmap_get(org->emails, index),
        .name = display,
        .team = -1,
        .manager = -1,
        .line = line,
    };
    org->person_src[index] = src;
    org->npeople++;
cleanup:
    free(key);
    free(mgr);
    return rc;
}

/* Append one evidence edge, its strings interned in org->text. */
static int push_evidence(lsn_org *org, const lsn_evidence *e)
{
    if (org->nevidence == org->cap_evidence) {
        size_t cap = org->cap_evidence ? org->cap_evidence * 2 : 16;
        lsn_evidence *p = realloc(org->evidence, cap * sizeof(*p));
        if (p == NULL) {
            return lsn_oom();
        }
        org->evidence = p;
        org->cap_evidence = cap;
    }
    int32_t id[3];
    const char *text[3] = {e->entity, e->relation, e->target};
    for (int k = 0; k < 3; k++) {
        int rc = intern_text(&id[k], org, text[k] != NULL ? text[k] : "", false);
        if (rc != LSN_OK) {
            return rc;
        }
    }
    org->evidence[org->nevidence++] = (lsn_evidence){
        .entity = lsn_strmap_get(org->text, id[0]),
        .relation = lsn_strmap_get(org->text, id[1]),
        .target = lsn_strmap_get(org->text, id[2]),
    };
    return LSN_OK;
}

int lsn_org_add_need(lsn_org *org, const lsn_need_row *row)
{
    assert(org != NULL && row != NULL && row->team != NULL && row->from != NULL);
    assert(row->evidence != NULL || row->nevidence == 0);
    assert(!org->finished);
    int rc = reserve_needs(org);
    if (rc != LSN_OK) {
        return rc;
    }
    struct need_src src = {.ev_first = (int32_t)org->nevidence, .ev_count = 0};
    rc = intern_text(&src.team, org, row->team, false);
    if (rc == LSN_OK) {
        rc = intern_text(&src.from, org, row->from, false);
    }
    if (rc == LSN_OK) {
        rc = intern_text(&src.file, org, row->at.file, true);
    }
    for (size_t i = 0; rc == LSN_OK && i < row->nevidence; i++) {
        rc = push_evidence(org, &row->evidence[i]);
    }
    if (rc != LSN_OK) {
        return rc;
    }
    bool derived = row->source == LSN_NEED_CATALOG;
    src.ev_count = (int32_t)row->nevidence;
    org->needs[org->nneeds] = (lsn_need){
        .team = -1,
        .from = -1,
        .context = row->context,
        .availability = row->availability,
        .line = row->at.line,
        .source = row->source,
        .weight = derived ? (int32_t)row->nevidence : 0,
    };
    org->need_src[org->nneeds] = src;
    org->nneeds++;
    return LSN_OK;
}

/* For order_strings(): each string with its index, so that the comparison
 * needs no context (qsort() passes none). */
struct keyed {
    const char *key;
    int32_t index;
};

static int keyed_cmp(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

/* The n strings at base + i * stride + offset (a NULL as "") in strcmp
 * order, and each one's place in it. */
static int order_strings(int32_t **order_out,
                         int32_t **rank_out,
                         const void *base,
                         size_t stride,
                         size_t offset,
                         size_t n)
{
    struct keyed *tmp = malloc((n ? n : 1) * sizeof(*tmp));
    int32_t *order = malloc((n ? n : 1) * sizeof(*order));
    int32_t *rank = malloc((n ? n : 1) * sizeof(*rank));
    if (tmp == NULL || order == NULL || rank == NULL) {
        free(tmp);
        free(order);
        free(rank);
        return lsn_oom();
    }
    for (size_t i = 0; i < n; i++) {
        const char *const *field = (const void *)((const char *)base + i * stride + offset);
        tmp[i] = (struct keyed){*field != NULL ? *field : "", (int32_t)i};
    }
    qsort(tmp, n, sizeof(*tmp), keyed_cmp);
    for (size_t i = 0; i < n; i++) {
        order[i] = tmp[i].index;
        rank[tmp[i].index] = (int32_t)i;
    }
    free(tmp);
    free(*order_out);
    free(*rank_out);
    *order_out = order;
    *rank_out = rank;
    return LSN_OK;
}

/* The orders of a finished org (its emails and unit ids are final). */
static int make_orders(lsn_org *org)
{
    int rc = order_strings(&org->people_by_email, &org->people_rank, org->people,
                           sizeof(*org->people), offsetof(lsn_person, email), org->npeople);
    return rc == LSN_OK ? order_strings(&org->units_by_id, &org->units_rank, org->units,
                                        sizeof(*org->units), offsetof(lsn_unit, id), org->nunits)
                        : rc;
}

/* ------------------------------------------------------------------ */
/* lsn_org_finish                                                       */
/* ------------------------------------------------------------------ */

/* "'a' -> 'b' -> 'a'": the cycle through next[] starting at start. */
static int cycle_text(lsn_text *t,
                      const int32_t *next,
                      int32_t start,
                      const char *(*label)(const lsn_org *, int32_t),
                      const lsn_org *org)
{
    int32_t v = start;
    do {
        lsn_text_printf(t, "'%s' -> ", label(org, v));
        v = next[v];
    } while (v != start);
    lsn_text_printf(t, "'%s'", label(org, start));
    return t->failed ? lsn_oom() : LSN_OK;
}

static const char *unit_label(const lsn_org *org, int32_t u)
{
    return org->units[u].id;
}

static const char *person_label(const lsn_org *org, int32_t p)
{
    return org->people[p].email;
}

/*
 * Walk the functional graph next[] (-1 ends a chain) from every node in
 * index order and call on_cycle(first node of the cycle in index order) for
 * each cycle found. O(n): every node is walked once. mark[] has n zeros.
 * on_cycle may cut the cycle in next[]: its nodes are already marked, so
 * later walks stop at them either way.
 */
static int find_cycles(int32_t *next,
                       size_t n,
                       int32_t *mark,
                       int (*on_cycle)(lsn_org *, int32_t *, int32_t),
                       lsn_org *org)
{
    for (size_t s = 0; s < n; s++) {
        if (mark[s] != 0) {
            continue;
        }
        int32_t walk = (int32_t)s + 1;
        int32_t v = (int32_t)s;
        while (v >= 0 && mark[v] == 0) {
            mark[v] = walk;
            v = next[v];
        }
        if (v < 0 || mark[v] != walk) {
            continue;
        }
        /* v is on a cycle of this walk: report it from its smallest index. */
        int32_t lowest = v;
        for (int32_t w = next[v]; w != v; w = next[w]) {
            if (w < lowest) {
                lowest = w;
            }
        }
        int rc = on_cycle(org, next, lowest);
        if (rc != LSN_OK) {
            return rc;
        }
    }
    return LSN_OK;
}

static int unit_cycle(lsn_org *org, int32_t *parent, int32_t lowest)
{
    lsn_text t = {0};
    int rc = cycle_text(&t, parent, lowest, unit_label, org);
    if (rc == LSN_OK) {
        const struct unit_src *src = &org->unit_src[lowest];
        rc = lsn_error_set(LSN_EPARSE, "%s:%d: hierarchy cycle through %s",
                           text_or(org, src->file, CODE_FILE), (int)src->line, t.p);
    }
    lsn_text_free(&t);
    return rc;
}

static int manager_cycle(lsn_org *org, int32_t *manager, int32_t lowest)
{
    /* Break it at the person on the latest line (the highest index): the
     * earlier rows are more likely the intended structure. */
    int32_t latest = lowest;
    for (int32_t w = manager[lowest]; w != lowest; w = manager[w]) {
        if (w > latest) {
            latest = w;
        }
    }
    lsn_text t = {0};
    int rc = cycle_text(&t, manager, latest, person_label, org);
    if (rc == LSN_OK) {
        const lsn_person *p = &org->people[latest];
        lsn_warn("%s:%d: manager cycle %s; ignoring the manager of '%s'",
                 text_or(org, org->person_src[latest].file, CODE_FILE), (int)p->line, t.p,
                 p->email);
        manager[latest] = -1;
    }
    lsn_text_free(&t);
    return rc;
}

static int resolve_units(lsn_org *org, int32_t *scratch)
{
    size_t nd = org->ndeclared;
    for (size_t u = 0; u < nd; u++) {
        const struct unit_src *src = &org->unit_src[u];
        if (src->parent < 0) {
            continue;
        }
        const char *pid = lsn_strmap_get(org->text, src->parent);
        const char *file = text_or(org, src->file, CODE_FILE);
        int32_t p = lsn_strmap_find(org->unit_ids, pid);
        if (p == (int32_t)u) {
            return lsn_error_set(LSN_EPARSE, "%s:%d: unit '%s' is its own parent", file,
                                 (int)src->line, pid);
        }
        if (p < 0) {
            return lsn_error_set(LSN_EPARSE, "%s:%d: unknown parent '%s'", file, (int)src->line,
                                 pid);
        }
        org->units[u].parent = p;
    }
    int32_t *parent = malloc((nd ? nd : 1) * sizeof(*parent));
    if (parent == NULL) {
        return lsn_oom();
    }
    for (size_t u = 0; u < nd; u++) {
        parent[u] = org->units[u].parent;
    }
    memset(scratch, 0, nd * sizeof(*scratch));
    int rc = find_cycles(parent, nd, scratch, unit_cycle, org);
    free(parent);
    return rc;
}

/* Create the implicit teams of people and set every person's team. */
static int resolve_people_teams(lsn_org *org)
{
    for (size_t i = 0; i < org->npeople; i++) {
        const struct person_src *src = &org->person_src[i];
        const char *team = lsn_strmap_get(org->text, src->team);
        int32_t u = lsn_strmap_find(org->unit_ids, team);
        if (u < 0) {
            struct unit_src usrc = {.parent = -1, .file = src->file, .line = org->people[i].line};
            int rc = push_unit(&u, org, team, NULL, usrc);
            if (rc != LSN_OK) {
                return rc;
            }
        }
        org->people[i].team = u;
    }
    return LSN_OK;
}

/* Pick the root; make the synthetic "(org)" above several roots. */
static int make_root(lsn_org *org)
{
    int32_t single = -1;
    size_t nroots = 0;
    for (size_t u = 0; u < org->ndeclared; u++) {
        if (org->units[u].parent < 0) {
            nroots++;
            single = (int32_t)u;
        }
    }
    if (nroots == 1) {
        org->root = single;
    } else {
        int32_t taken = lsn_strmap_find(org->unit_ids, ORG_ROOT_ID);
        if (taken >= 0) {
            const struct unit_src *src = &org->unit_src[taken];
            return lsn_error_set(LSN_EPARSE,
                                 "%s:%d: team id '" ORG_ROOT_ID
                                 "' is reserved for the root above several roots",
                                 text_or(org, src->file, CODE_FILE), (int)src->line);
        }
        struct unit_src src = {.parent = -1, .file = -1, .line = 0};
        int rc = push_unit(&org->root, org, ORG_ROOT_ID, NULL, src);
        if (rc != LSN_OK) {
            return rc;
        }
        org->units[org->root].synthetic = true;
    }
    for (size_t u = 0; u < org->nunits; u++) {
        if ((int32_t)u != org->root && org->units[u].parent < 0) {
            org->units[u].parent = org->root;
        }
    }
    return LSN_OK;
}

/* Depths, headcounts and people_under in O(units + people). */
static int count_units(lsn_org *org, int32_t *scratch)
{
    size_t n = org->nunits;
    lsn_unit *units = org->units;
    for (size_t u = 0; u < n; u++) {
        units[u].depth = -1;
        units[u].headcount = 0;
    }
    units[org->root].depth = 0;
    /* Walk up to the first unit of known depth, then assign on the way back. */
    for (size_t u = 0; u < n; u++) {
        size_t top = 0;
        int32_t v = (int32_t)u;
        while (units[v].depth < 0) {
            scratch[top++] = v;
            v = units[v].parent;
        }
        int32_t d = units[v].depth;
        while (top > 0) {
            units[scratch[--top]].depth = ++d;
        }
    }
    /* Nothing downstream (the nested clusters of the diagrams, above all)
     * has to cope with a deeper hierarchy than real ones have. */
    for (size_t u = 0; u < n; u++) {
        if (units[u].depth == LSN_LIMIT_HIERARCHY_DEPTH + 1) {
            const struct unit_src *src = &org->unit_src[u];
            return lsn_error_set(LSN_EPARSE,
                                 "%s:%d: unit '%s' is %d levels below the root; the hierarchy may "
                                 "be at most %d deep",
                                 text_or(org, src->file, CODE_FILE), (int)src->line, units[u].id,
                                 (int)units[u].depth, LSN_LIMIT_HIERARCHY_DEPTH);
        }
    }
    for (size_t i = 0; i < org->npeople; i++) {
        units[org->people[i].team].headcount++;
    }
    /* Bucket units by depth, then push sums up from the deepest level. */
    int32_t maxdepth = 0;
    for (size_t u = 0; u < n; u++) {
        if (units[u].depth > maxdepth) {
            maxdepth = units[u].depth;
        }
        units[u].people_under = units[u].headcount;
    }
    size_t *start = calloc((size_t)maxdepth + 2, sizeof(*start));
    if (start == NULL) {
        return lsn_oom();
    }
    for (size_t u = 0; u < n; u++) {
        start[units[u].depth + 1]++;
    }
    for (int32_t d = 0; d <= maxdepth; d++) {
        start[d + 1] += start[d];
    }
    for (size_t u = 0; u < n; u++) {
        scratch[start[units[u].depth]++] = (int32_t)u;
    }
    free(start);
    /* scratch now lists units by increasing depth. */
    for (size_t k = n; k-- > 0;) {
        const lsn_unit *u = &units[scratch[k]];
        if (u->parent >= 0) {
            units[u->parent].people_under += u->people_under;
        }
    }
    return LSN_OK;
}

static int resolve_managers(lsn_org *org, int32_t *scratch)
{
    size_t n = org->npeople;
    for (size_t i = 0; i < n; i++) {
        const struct person_src *src = &org->person_src[i];
        lsn_person *p = &org->people[i];
        p->manager = -1;
        if (src->manager < 0) {
            continue;
        }
        const char *email = lsn_strmap_get(org->text, src->manager);
        int32_t m = lsn_strmap_find(org->emails, email);
        if (m < 0) {
            lsn_warn("%s:%d: manager '%s' is not in the roster", text_or(org, src->file, CODE_FILE),
                     (int)p->line, email);
            continue;
        }
        p->manager = m;
    }
    int32_t *manager = malloc((n ? n : 1) * sizeof(*manager));
    if (manager == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < n; i++) {
        manager[i] = org->people[i].manager;
    }
    memset(scratch, 0, n * sizeof(*scratch));
    int rc = find_cycles(manager, n, scratch, manager_cycle, org);
    if (rc == LSN_OK) {
        for (size_t i = 0; i < n; i++) {
            org->people[i].manager = manager[i];
        }
    }
    free(manager);
    return rc;
}

static int resolve_needs(lsn_org *org)
{
    for (size_t i = 0; i < org->nneeds; i++) {
        const struct need_src *src = &org->need_src[i];
        lsn_need *need = &org->needs[i];
        if (need->source == LSN_NEED_CATALOG) {
            continue; /* resolve_derived_needs() */
        }
        const char *file = text_or(org, src->file, CODE_FILE);
        const char *team = lsn_strmap_get(org->text, src->team);
        const char *from = lsn_strmap_get(org->text, src->from);
        need->team = lsn_strmap_find(org->unit_ids, team);
        if (need->team < 0) {
            return lsn_error_set(LSN_EPARSE, "%s:%d: unknown team '%s'", file, (int)need->line,
                                 team);
        }
        need->from = lsn_strmap_find(org->unit_ids, from);
        if (need->from < 0) {
            return lsn_error_set(LSN_EPARSE, "%s:%d: unknown team '%s'", file, (int)need->line,
                                 from);
        }
        if (need->team == need->from) {
            return lsn_error_set(LSN_EPARSE, "%s:%d: team '%s' cannot need itself", file,
                                 (int)need->line, team);
        }
    }
    return LSN_OK;
}

static int cmp_pair(const void *a, const void *b)
{
    const int32_t *x = a, *y = b;
    if (x[0] != y[0]) {
        return x[0] < y[0] ? -1 : 1;
    }
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/*
 * Resolve the catalog's needs and keep only the usable ones, in order: a
 * need naming a unit that does not exist is dropped with a warning, one for
 * a pair a csv need names is dropped silently (the csv wins).
 */
static int resolve_derived_needs(lsn_org *org)
{
    size_t ncsv = 0;
    for (size_t i = 0; i < org->nneeds; i++) {
        ncsv += org->needs[i].source == LSN_NEED_CSV;
    }
    if (ncsv == org->nneeds) {
        return LSN_OK;
    }
    int32_t *pairs = malloc((ncsv + 1) * 2 * sizeof(*pairs));
    if (pairs == NULL) {
        return lsn_oom();
    }
    size_t k = 0;
    for (size_t i = 0; i < org->nneeds; i++) {
        if (org->needs[i].source == LSN_NEED_CSV) {
            pairs[2 * k] = org->needs[i].team;
            pairs[2 * k + 1] = org->needs[i].from;
            k++;
        }
    }
    qsort(pairs, ncsv, 2 * sizeof(*pairs), cmp_pair);
    size_t kept = 0;
    for (size_t i = 0; i < org->nneeds; i++) {
        lsn_need *need = &org->needs[i];
        const struct need_src *src = &org->need_src[i];
        bool keep = true;
        if (need->source == LSN_NEED_CATALOG) {
            const char *team = lsn_strmap_get(org->text, src->team);
            const char *from = lsn_strmap_get(org->text, src->from);
            need->team = lsn_strmap_find(org->unit_ids, team);
            need->from = lsn_strmap_find(org->unit_ids, from);
            if (need->team < 0 || need->from < 0) {
                lsn_warn("%s:%d: need of '%s' from '%s' left out: '%s' is no team of the roster",
                         text_or(org, src->file, CODE_FILE), (int)need->line, team, from,
                         need->team < 0 ? team : from);
                keep = false;
            } else {
                int32_t key[2] = {need->team, need->from};
                keep = need->team != need->from &&
                       bsearch(key, pairs, ncsv, 2 * sizeof(*pairs), cmp_pair) == NULL;
            }
        }
        if (keep) {
            org->needs[kept] = *need;
            org->need_src[kept] = *src;
            kept++;
        }
    }
    org->nneeds = kept;
    free(pairs);
    return LSN_OK;
}

int lsn_org_finish(lsn_org *org)
{
    assert(org != NULL);
    assert(!org->finished);
    int32_t *scratch = NULL;
    /* Units grow by the implicit teams and the synthetic root. */
    size_t most = org->ndeclared + org->npeople + 1;
    scratch = malloc(most * sizeof(*scratch));
    int rc = scratch == NULL ? lsn_oom() : LSN_OK;
    if (rc == LSN_OK) {
        rc = resolve_units(org, scratch);
    }
    if (rc == LSN_OK) {
        rc = resolve_people_teams(org);
    }
    if (rc == LSN_OK) {
        rc = make_root(org);
    }
    if (rc == LSN_OK) {
        rc = count_units(org, scratch);
    }
    if (rc == LSN_OK) {
        rc = resolve_managers(org, scratch);
    }
    if (rc == LSN_OK) {
        rc = resolve_needs(org);
    }
    if (rc == LSN_OK) {
        rc = resolve_derived_needs(org);
    }
    if (rc == LSN_OK) {
        rc = make_orders(org);
    }
    if (rc == LSN_OK) {
        org->finished = true;
    }
    free(scratch);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Accessors                                                            */
/* ------------------------------------------------------------------ */

const lsn_person *lsn_org_people(const lsn_org *org, size_t *count)
{
    assert(org != NULL);
    if (count != NULL) {
        *count = org->npeople;
    }
    return org->people;
}

const lsn_unit *lsn_org_units(const lsn_org *org, size_t *count)
{
    assert(org != NULL);
    if (count != NULL) {
        *count = org->nunits;
    }
    return org->units;
}

const int32_t *lsn_org_people_by_email(const lsn_org *org)
{
    assert(org != NULL && org->finished);
    return org->people_by_email;
}

const int32_t *lsn_org_people_rank(const lsn_org *org)
{
    assert(org != NULL && org->finished);
    return org->people_rank;
}

const int32_t *lsn_org_units_by_id(const lsn_org *org)
{
    assert(org != NULL && org->finished);
    return org->units_by_id;
}

const int32_t *lsn_org_units_rank(const lsn_org *org)
{
    assert(org != NULL && org->finished);
    return org->units_rank;
}

const lsn_need *lsn_org_needs(const lsn_org *org, size_t *count)
{
    assert(org != NULL);
    if (count != NULL) {
        *count = org->nneeds;
    }
    return org->needs;
}

int32_t lsn_org_root(const lsn_org *org)
{
    assert(org != NULL);
    return org->root;
}

int32_t lsn_org_find_person(const lsn_org *org, const char *email)
{
    assert(org != NULL);
    if (email == NULL) {
        return -1;
    }
    return lsn_strmap_find(org->emails, email);
}

int32_t lsn_org_find_unit(const lsn_org *org, const char *id)
{
    assert(org != NULL);
    if (id == NULL) {
        return -1;
    }
    return lsn_strmap_find(org->unit_ids, id);
}

int32_t lsn_org_find_person_by_name(const lsn_org *org, const char *name)
{
    assert(org != NULL);
    if (name == NULL) {
        return -1;
    }
    char small[256];
    const char *s = name;
    while (is_space(*s)) {
        s++;
    }
    size_t len = strlen(s);
    while (len > 0 && is_space(s[len - 1])) {
        len--;
    }
    if (len == 0) {
        return -1;
    }
    char *key = len < sizeof(small) ? small : malloc(len + 1);
    if (key == NULL) {
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        key[i] = (char)tolower((unsigned char)s[i]);
    }
    int32_t id = lsn_strmap_findn(org->names, key, len);
    if (key != small) {
        free(key);
    }
    return id < 0 ? -1 : org->name_owner[id];
}

bool lsn_org_has_domain(const lsn_org *org, const char *domain)
{
    assert(org != NULL);
    if (domain == NULL || domain[0] == '\0') {
        return false;
    }
    return lsn_strmap_find(org->domains, domain) >= 0;
}

bool lsn_org_unit_within(const lsn_org *org, int32_t inner, int32_t outer)
{
    assert(org != NULL);
    if (inner < 0 || outer < 0 || (size_t)inner >= org->nunits || (size_t)outer >= org->nunits) {
        return false;
    }
    for (int32_t u = inner; u >= 0; u = org->units[u].parent) {
        if (u == outer) {
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* lsn_org_rename                                                       */
/* ------------------------------------------------------------------ */

/* fn's answer, or an out-of-memory error when it has none. */
static int renamed(const char **out,
                   lsn_rename_fn fn,
                   void *ud,
                   lsn_text_kind kind,
                   const char *text,
                   const char *owner)
{
    *out = fn(ud, kind, text, owner);
    return *out != NULL ? LSN_OK : lsn_oom();
}

static int rename_units(lsn_org *org, const lsn_org *base, lsn_rename_fn fn, void *ud)
{
    for (size_t u = 0; u < base->nunits; u++) {
        const lsn_unit *bu = &base->units[u];
        const char *id = bu->id, *name = "";
        int rc = LSN_OK;
        if (!bu->synthetic) {
            rc = renamed(&id, fn, ud, LSN_TEXT_UNIT, bu->id, NULL);
            if (rc == LSN_OK) {
                rc = renamed(&name, fn, ud, LSN_TEXT_UNIT_NAME, bu->name, bu->id);
            }
        }
        if (rc != LSN_OK) {
            return rc;
        }
        if (lsn_strmap_find(org->unit_ids, id) >= 0) {
            return lsn_error_set(LSN_EINVAL, "two units were renamed to the same id");
        }
        struct unit_src src = {.parent = -1, .file = -1, .line = base->unit_src[u].line};
        int32_t index;
        if ((rc = push_unit(&index, org, id, name, src)) != LSN_OK) {
            return rc;
        }
        lsn_unit *nu = &org->units[index];
        nu->parent = bu->parent;
        nu->depth = bu->depth;
        nu->headcount = bu->headcount;
        nu->people_under = bu->people_under;
        nu->synthetic = bu->synthetic;
        if (rc == LSN_OK && bu->kind[0] != '\0') {
            int32_t kid;
            rc = intern_text(&kid, org, bu->kind, false);
            nu->kind = rc == LSN_OK ? lsn_strmap_get(org->text, kid) : "";
        }
    }
    org->ndeclared = base->ndeclared;
    return LSN_OK;
}

static int rename_people(lsn_org *org, const lsn_org *base, lsn_rename_fn fn, void *ud)
{
    for (size_t i = 0; i < base->npeople; i++) {
        const lsn_person *bp = &base->people[i];
        const char *email, *name;
        int rc = renamed(&email, fn, ud, LSN_TEXT_EMAIL, bp->email, NULL);
        if (rc == LSN_OK) {
            rc = renamed(&name, fn, ud, LSN_TEXT_PERSON_NAME, bp->name, bp->email);
        }
        if (rc == LSN_OK) {
            rc = reserve_people(org);
        }
        if (rc != LSN_OK) {
            return rc;
        }
        if (email[0] == '\0' || lsn_strmap_find(org->emails, email) >= 0) {
            return lsn_error_set(LSN_EINVAL, "two people were renamed to the same email");
        }
        const char *display = "";
        if (name[0] != '\0') {
            int32_t nid;
            if ((rc = intern_text(&nid, org, name, false)) != LSN_OK) {
                return rc;
            }
            display = lsn_strmap_get(org->text, nid);
        }
        const char *at = strrchr(email, '@');
        if (at != NULL && at[1] != '\0') {
            int32_t did;
            if ((rc = lsn_strmap_intern(&did, org->domains, at + 1, strlen(at + 1))) != LSN_OK) {
                return rc;
            }
        }
        int32_t index;
        if ((rc = lsn_strmap_intern(&index, org->emails, email, strlen(email))) != LSN_OK) {
            return rc;
        }
        assert((size_t)index == org->npeople);
        if ((rc = index_name(org, display, index)) != LSN_OK) {
            return rc;
        }
        org->people[index] = (lsn_person){
            .email = lsn_strmap_get(org->emails, index),
            .name = display,
            .team = bp->team,
            .manager = bp->manager,
            .line = bp->line,
        };
        org->person_src[index] = (struct person_src){.team = -1, .manager = -1, .file = -1};
        org->npeople++;
    }
    return LSN_OK;
}

/*
 * Copy the evidence of base's need `from` as the evidence of org's need
 * `to`. Entity references are renamed as unit ids are (they often carry a
 * team's name): pseudonyms with --anonymize-teams, else kept.
 */
static int
copy_evidence(lsn_org *org, size_t to, const lsn_org *base, size_t from, lsn_rename_fn fn, void *ud)
{
    size_t n;
    const lsn_evidence *ev = lsn_org_need_evidence(base, from, &n);
    org->need_src[to].ev_first = (int32_t)org->nevidence;
    org->need_src[to].ev_count = (int32_t)n;
    for (size_t i = 0; i < n; i++) {
        lsn_evidence e = ev[i];
        int rc = renamed(&e.entity, fn, ud, LSN_TEXT_UNIT, ev[i].entity, NULL);
        if (rc == LSN_OK) {
            rc = renamed(&e.target, fn, ud, LSN_TEXT_UNIT, ev[i].target, NULL);
        }
        if (rc == LSN_OK) {
            rc = push_evidence(org, &e);
        }
        if (rc != LSN_OK) {
            return rc;
        }
    }
    return LSN_OK;
}

const char *lsn_need_source_name(lsn_need_source s)
{
    return s == LSN_NEED_CATALOG ? "catalog" : "csv";
}

/* "component:default/web" as "web", "api:payments/ledger" as "payments/ledger". */
static const char *short_ref(const char *ref)
{
    const char *colon = strchr(ref, ':');
    const char *rest = colon != NULL ? colon + 1 : ref;
    return strncmp(rest, "default/", 8) == 0 ? rest + 8 : rest;
}

char *lsn_evidence_phrase(char *buf, size_t size, const lsn_evidence *e, const char *owner)
{
    const char *verb = strcmp(e->relation, "consumesApis") == 0 ? "consumes" : "depends on";
    snprintf(buf, size, "%s %s %s%s%s", short_ref(e->entity), verb, owner != NULL ? owner : "",
             owner != NULL ? "'s " : "", short_ref(e->target));
    return buf;
}

char *lsn_org_need_because(const lsn_org *org, size_t i, char *buf, size_t size)
{
    assert(org != NULL && buf != NULL && size > 0);
    size_t n;
    const lsn_evidence *ev = lsn_org_need_evidence(org, i, &n);
    buf[0] = '\0';
    if (org->needs[i].source != LSN_NEED_CATALOG || n == 0) {
        return buf;
    }
    const char *owner = org->units[org->needs[i].from].id;
    char one[256], two[256], more[64] = "";
    lsn_evidence_phrase(one, sizeof(one), &ev[0], owner);
    two[0] = '\0';
    if (n >= 2) {
        lsn_evidence_phrase(two, sizeof(two), &ev[1], owner);
    }
    if (n > 2) {
        snprintf(more, sizeof(more), " and %zu more", n - 2);
    }
    snprintf(buf, size, " The need comes from the catalog: %s%s%s%s.", one,
             n == 2 ? " and " : (n > 2 ? ", " : ""), two, more);
    return buf;
}

int lsn_org_set_unit_kind(lsn_org *org, const char *id, const char *kind)
{
    assert(org != NULL && id != NULL);
    int32_t u = lsn_strmap_find(org->unit_ids, id);
    if (u < 0 || (size_t)u >= org->ndeclared) {
        return lsn_error_set(LSN_ENOTFOUND, "no unit '%s'", id);
    }
    if (kind == NULL || kind[0] == '\0') {
        org->units[u].kind = "";
        return LSN_OK;
    }
    int32_t kid;
    int rc = intern_text(&kid, org, kind, false);
    if (rc == LSN_OK) {
        org->units[u].kind = lsn_strmap_get(org->text, kid);
    }
    return rc;
}

const lsn_evidence *lsn_org_need_evidence(const lsn_org *org, size_t i, size_t *count)
{
    assert(org != NULL && count != NULL && i < org->nneeds);
    const struct need_src *src = &org->need_src[i];
    *count = (size_t)src->ev_count;
    return src->ev_count > 0 ? org->evidence + src->ev_first : NULL;
}

int lsn_org_rename(lsn_org **out, const lsn_org *base, lsn_rename_fn fn, void *ud)
{
    assert(out != NULL && base != NULL && fn != NULL);
    assert(base->finished);
    lsn_org *org = NULL;
    *out = NULL;
    int rc = lsn_org_new(&org);
    if (rc == LSN_OK) {
        rc = rename_units(org, base, fn, ud);
    }
    if (rc == LSN_OK) {
        rc = rename_people(org, base, fn, ud);
    }
    for (size_t i = 0; rc == LSN_OK && i < base->nneeds; i++) {
        if ((rc = reserve_needs(org)) == LSN_OK) {
            org->needs[org->nneeds] = base->needs[i];
            org->need_src[org->nneeds] = (struct need_src){.team = -1, .from = -1, .file = -1};
            rc = copy_evidence(org, org->nneeds, base, i, fn, ud);
            org->nneeds++;
        }
    }
    if (rc == LSN_OK) {
        rc = make_orders(org);
    }
    if (rc != LSN_OK) {
        lsn_org_free(org);
        return rc;
    }
    org->root = base->root;
    org->finished = true;
    *out = org;
    return LSN_OK;
}

int lsn_org_finish_into(lsn_org **out, lsn_org *org, int rc)
{
    if (rc == LSN_OK) {
        rc = lsn_org_finish(org);
    }
    if (rc != LSN_OK) {
        lsn_org_free(org);
        return rc;
    }
    *out = org;
    return LSN_OK;
}
