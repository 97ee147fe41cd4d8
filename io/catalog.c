/*
 * io/catalog.c — reads Backstage catalog descriptors (YAML, several
 * documents per file, a file or a folder of them) with libyaml into
 * entities and the references they hold, with the line of each. It does
 * not resolve references or build the organization: io/catalog_needs.c.
 */
#include "io/catalog.h"

#include "io/catalog_internal.h"
#include "io/error.h"
#include "io/fsutil.h"

#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

const char *const lsn_cat_kind_names[K_NKINDS] = {"group",    "user",   "component", "api",
                                                  "resource", "system", "domain"};

const char *const lsn_cat_field_names[F_NFIELDS] = {
    "spec.owner",
    "spec.system",
    "spec.subcomponentOf",
    "spec.domain",
    "spec.dependsOn",
    "spec.dependencyOf",
    "spec.consumesApis",
    "spec.providesApis",
    "spec.parent",
    "spec.children",
    "spec.members",
    "spec.memberOf",
    "metadata.annotations." LSN_CATALOG_MANAGER_ANNOTATION};

/* The key under spec (NULL: not under spec) and whether it holds a list. */
static const struct {
    const char *key;
    bool list;
} spec_fields[F_NFIELDS] = {
    {"owner", false},    {"system", false},      {"subcomponentOf", false}, {"domain", false},
    {"dependsOn", true}, {"dependencyOf", true}, {"consumesApis", true},    {"providesApis", true},
    {"parent", false},   {"children", true},     {"members", true},         {"memberOf", true},
    {NULL, false},
};

/* Folders nested deeper than this are not read. */
#define MAX_FOLDER_DEPTH 32

const char *lsn_cat_text(const lsn_catalog *cat, int32_t id)
{
    return id < 0 ? "" : lsn_strmap_get(cat->text, id);
}

int lsn_catalog_new(lsn_catalog **out)
{
    assert(out != NULL);
    *out = NULL;
    lsn_catalog *cat = calloc(1, sizeof(*cat));
    if (cat == NULL) {
        return lsn_oom();
    }
    int rc = lsn_strmap_new(&cat->text);
    if (rc == LSN_OK) {
        rc = lsn_strmap_new(&cat->keys);
    }
    if (rc != LSN_OK) {
        lsn_catalog_free(cat);
        return rc;
    }
    *out = cat;
    return LSN_OK;
}

void lsn_catalog_free(lsn_catalog *cat)
{
    if (cat == NULL) {
        return;
    }
    lsn_strmap_free(cat->text);
    lsn_strmap_free(cat->keys);
    free(cat->ents);
    free(cat->refs);
    free(cat);
}

size_t lsn_catalog_count(const lsn_catalog *cat)
{
    assert(cat != NULL);
    return cat->nents;
}

/* ------------------------------------------------------------------ */
/* YAML nodes                                                           */
/* ------------------------------------------------------------------ */

struct doc {
    lsn_catalog *cat;
    yaml_document_t *y;
    const char *label;
    int32_t file; /* label in cat->text */
};

static int node_line(const yaml_node_t *n)
{
    return (int)n->start_mark.line + 1;
}

/* The value of a scalar node trimmed into [*s, *s + *len); false when n is no scalar. */
static bool scalar(const yaml_node_t *n, const char **s, size_t *len)
{
    if (n == NULL || n->type != YAML_SCALAR_NODE) {
        return false;
    }
    const char *p = (const char *)n->data.scalar.value;
    size_t a = 0, b = n->data.scalar.length;
    while (a < b && isspace((unsigned char)p[a])) {
        a++;
    }
    while (b > a && isspace((unsigned char)p[b - 1])) {
        b--;
    }
    /* A plain null is no value. */
    if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
        ((b - a == 1 && p[a] == '~') || (b - a == 4 && strncasecmp(p + a, "null", 4) == 0))) {
        a = b;
    }
    *s = p + a;
    *len = b - a;
    return true;
}

/* The value of key in mapping node map, or NULL. */
static yaml_node_t *map_get(const struct doc *d, const yaml_node_t *map, const char *key)
{
    if (map == NULL || map->type != YAML_MAPPING_NODE) {
        return NULL;
    }
    size_t klen = strlen(key);
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(d->y, p->key);
        const char *s;
        size_t len;
        if (scalar(k, &s, &len) && len == klen && memcmp(s, key, len) == 0) {
            return yaml_document_get_node(d->y, p->value);
        }
    }
    return NULL;
}

/* Intern the non-empty scalar n; *out -1 when n is absent, no scalar or empty. */
static int intern_scalar(int32_t *out, const struct doc *d, const yaml_node_t *n)
{
    const char *s;
    size_t len;
    *out = -1;
    if (!scalar(n, &s, &len) || len == 0 || memchr(s, '\0', len) != NULL) {
        return LSN_OK;
    }
    return lsn_strmap_intern(out, d->cat->text, s, len);
}

static int push_ref(lsn_catalog *cat, int32_t entity, int field, const yaml_node_t *n)
{
    int32_t text;
    const char *s;
    size_t len;
    if (!scalar(n, &s, &len) || len == 0 || memchr(s, '\0', len) != NULL) {
        return LSN_OK;
    }
    int rc = lsn_strmap_intern(&text, cat->text, s, len);
    if (rc != LSN_OK) {
        return rc;
    }
    if (cat->nrefs == cat->cap_refs) {
        size_t cap = cat->cap_refs ? cat->cap_refs * 2 : 64;
        struct cat_ref *p = realloc(cat->refs, cap * sizeof(*p));
        if (p == NULL) {
            return lsn_oom();
        }
        cat->refs = p;
        cat->cap_refs = cap;
    }
    cat->refs[cat->nrefs++] = (struct cat_ref){
        .entity = entity, .field = field, .text = text, .line = node_line(n), .target = -1};
    return LSN_OK;
}

/* The references of one field: a scalar, or a sequence of scalars. */
static int read_refs(const struct doc *d, int32_t entity, int field, const yaml_node_t *n)
{
    if (n == NULL) {
        return LSN_OK;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        return push_ref(d->cat, entity, field, n);
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        int rc = push_ref(d->cat, entity, field, yaml_document_get_node(d->y, *it));
        if (rc != LSN_OK) {
            return rc;
        }
    }
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* Entities                                                             */
/* ------------------------------------------------------------------ */

static int kind_of(const char *s, size_t len)
{
    for (int k = 0; k < K_NKINDS; k++) {
        if (strlen(lsn_cat_kind_names[k]) == len &&
            strncasecmp(s, lsn_cat_kind_names[k], len) == 0) {
            return k;
        }
    }
    return -1;
}

char *lsn_cat_key(const char *kind, const char *ns, const char *name)
{
    size_t n = strlen(kind) + strlen(ns) + strlen(name) + 3;
    char *key = malloc(n);
    if (key == NULL) {
        return NULL;
    }
    snprintf(key, n, "%s:%s/%s", kind, ns, name);
    for (char *p = key; *p; p++) {
        *p = (char)tolower((unsigned char)*p);
    }
    return key;
}

/* A context annotation's value, or -1 (with a warning) when it names none. */
static int32_t read_context(const struct doc *d, const yaml_node_t *n)
{
    const char *s;
    size_t len;
    if (!scalar(n, &s, &len) || len == 0) {
        return -1;
    }
    static const char *const names[] = {"minimal", "moderate", "deep"};
    for (int32_t c = 0; c < 3; c++) {
        if (strlen(names[c]) == len && strncasecmp(s, names[c], len) == 0) {
            return c;
        }
    }
    lsn_warn("%s:%d: bad " LSN_CATALOG_CONTEXT_ANNOTATION
             " '%.*s' (expected minimal, moderate or deep); ignored",
             d->label, node_line(n), (int)(len > 64 ? 64 : len), s);
    return -1;
}

static bool read_yes(const struct doc *d, const yaml_node_t *n)
{
    const char *s;
    size_t len;
    if (!scalar(n, &s, &len) || len == 0) {
        return false;
    }
    static const char *const yes[] = {"yes", "true", "1"};
    static const char *const no[] = {"no", "false", "0"};
    for (size_t i = 0; i < 3; i++) {
        if (strlen(yes[i]) == len && strncasecmp(s, yes[i], len) == 0) {
            return true;
        }
        if (strlen(no[i]) == len && strncasecmp(s, no[i], len) == 0) {
            return false;
        }
    }
    lsn_warn("%s:%d: bad " LSN_CATALOG_AVAILABILITY_ANNOTATION
             " '%.*s' (expected yes or no); ignored",
             d->label, node_line(n), (int)(len > 64 ? 64 : len), s);
    return false;
}

static int reserve_entity(lsn_catalog *cat)
{
    if (cat->nents < cat->cap_ents) {
        return LSN_OK;
    }
    size_t cap = cat->cap_ents ? cat->cap_ents * 2 : 64;
    struct cat_entity *p = realloc(cat->ents, cap * sizeof(*p));
    if (p == NULL) {
        return lsn_oom();
    }
    cat->ents = p;
    cat->cap_ents = cap;
    return LSN_OK;
}

/* The display name, email, type and annotations of entity e. */
static int read_details(const struct doc *d,
                        struct cat_entity *e,
                        const yaml_node_t *metadata,
                        const yaml_node_t *spec)
{
    const yaml_node_t *profile = map_get(d, spec, "profile");
    int rc = intern_scalar(&e->display, d, map_get(d, profile, "displayName"));
    if (rc == LSN_OK && e->display < 0) {
        rc = intern_scalar(&e->display, d, map_get(d, metadata, "title"));
    }
    if (rc == LSN_OK) {
        rc = intern_scalar(&e->type, d, map_get(d, spec, "type"));
    }
    const char *s;
    size_t len;
    if (rc == LSN_OK && e->kind == K_USER && scalar(map_get(d, profile, "email"), &s, &len) &&
        len > 0 && memchr(s, '\0', len) == NULL) {
        char *email = strndup(s, len);
        if (email == NULL) {
            return lsn_oom();
        }
        lsn_email_normalize(email);
        if (email[0] != '\0') {
            rc = lsn_strmap_intern(&e->email, d->cat->text, email, strlen(email));
        }
        free(email);
    }
    const yaml_node_t *ann = map_get(d, metadata, "annotations");
    e->context = read_context(d, map_get(d, ann, LSN_CATALOG_CONTEXT_ANNOTATION));
    e->availability = read_yes(d, map_get(d, ann, LSN_CATALOG_AVAILABILITY_ANNOTATION));
    return rc;
}

/* Read one document: one entity, or nothing (with a warning when it is no entity). */
static int read_entity(const struct doc *d, const yaml_node_t *root)
{
    lsn_catalog *cat = d->cat;
    const char *s;
    size_t len;
    if (root->type == YAML_SCALAR_NODE && scalar(root, &s, &len) && len == 0) {
        return LSN_OK; /* an empty document ("---" and nothing) */
    }
    const yaml_node_t *metadata = map_get(d, root, "metadata");
    const yaml_node_t *kind_node = map_get(d, root, "kind");
    const char *kind_text, *name_text;
    size_t kind_len, name_len;
    if (!scalar(kind_node, &kind_text, &kind_len) || kind_len == 0 ||
        !scalar(map_get(d, metadata, "name"), &name_text, &name_len) || name_len == 0 ||
        memchr(name_text, '\0', name_len) != NULL) {
        lsn_warn("%s:%d: not a catalog entity (no kind or metadata.name); left out", d->label,
                 node_line(root));
        return LSN_OK;
    }
    int kind = kind_of(kind_text, kind_len);
    if (kind < 0) {
        return LSN_OK; /* Location, Template and other kinds say nothing about teams */
    }
    int rc = reserve_entity(cat);
    if (rc != LSN_OK) {
        return rc;
    }
    struct cat_entity *e = &cat->ents[cat->nents];
    *e = (struct cat_entity){.kind = kind,
                             .unit = -1,
                             .file = d->file,
                             .line = node_line(root),
                             .display = -1,
                             .email = -1,
                             .type = -1,
                             .context = -1,
                             .owner = -1};
    if ((rc = lsn_strmap_intern(&e->name, cat->text, name_text, name_len)) != LSN_OK ||
        (rc = intern_scalar(&e->ns, d, map_get(d, metadata, "namespace"))) != LSN_OK) {
        return rc;
    }
    if (e->ns < 0 && (rc = lsn_strmap_intern(&e->ns, cat->text, "default", 7)) != LSN_OK) {
        return rc;
    }
    const char *ns = lsn_cat_text(cat, e->ns), *name = lsn_cat_text(cat, e->name);
    char *key = lsn_cat_key(lsn_cat_kind_names[kind], ns, name);
    if (key == NULL) {
        return lsn_oom();
    }
    int32_t prev = lsn_strmap_find(cat->keys, key);
    if (prev >= 0) {
        const struct cat_entity *p = &cat->ents[prev];
        lsn_warn("%s:%d: duplicate entity '%s' (first at %s:%d); left out", d->label, e->line, key,
                 lsn_cat_text(cat, p->file), (int)p->line);
        free(key);
        return LSN_OK;
    }
    int32_t id;
    size_t nlen = strlen(lsn_cat_kind_names[kind]) + strlen(ns) + strlen(name) + 3;
    char *ref = malloc(nlen);
    if (ref == NULL) {
        free(key);
        return lsn_oom();
    }
    snprintf(ref, nlen, "%s:%s/%s", lsn_cat_kind_names[kind], ns, name);
    rc = lsn_strmap_intern(&e->ref, cat->text, ref, strlen(ref));
    if (rc == LSN_OK && kind == K_GROUP) {
        const char *unit = strcmp(ns, "default") == 0 ? name : ref + strlen("group:");
        rc = lsn_strmap_intern(&e->unit, cat->text, unit, strlen(unit));
    }
    if (rc == LSN_OK) {
        rc = lsn_strmap_intern(&id, cat->keys, key, strlen(key));
    }
    free(ref);
    free(key);
    if (rc != LSN_OK) {
        return rc;
    }
    assert((size_t)id == cat->nents);
    int32_t index = (int32_t)cat->nents++;
    const yaml_node_t *spec = map_get(d, root, "spec");
    if ((rc = read_details(d, &cat->ents[index], metadata, spec)) != LSN_OK) {
        return rc;
    }
    for (int f = 0; f < F_NFIELDS && rc == LSN_OK; f++) {
        if (spec_fields[f].key != NULL) {
            rc = read_refs(d, index, f, map_get(d, spec, spec_fields[f].key));
        }
    }
    if (rc == LSN_OK && kind == K_USER) {
        const yaml_node_t *ann = map_get(d, metadata, "annotations");
        rc = read_refs(d, index, F_MANAGER, map_get(d, ann, LSN_CATALOG_MANAGER_ANNOTATION));
    }
    return rc;
}

/* The input of a stream, to find the line of a byte libyaml's reader
 * refused (its marks are not set then): the bytes, or the file. */
struct input {
    const char *data;
    size_t len;
    FILE *f;
};

/* The 1-based line of byte offset of in. */
static int line_of(const struct input *in, size_t offset)
{
    int line = 1;
    if (in->data != NULL) {
        for (size_t i = 0; i < offset && i < in->len; i++) {
            line += in->data[i] == '\n';
        }
    } else if (in->f != NULL && fseek(in->f, 0, SEEK_SET) == 0) {
        int c;
        for (size_t i = 0; i < offset && (c = getc(in->f)) != EOF; i++) {
            line += c == '\n';
        }
    }
    return line;
}

/* Every document of the stream parser reads. */
static int
read_stream(lsn_catalog *cat, yaml_parser_t *parser, const char *label, const struct input *in)
{
    struct doc d = {.cat = cat, .label = label};
    int rc = lsn_strmap_intern(&d.file, cat->text, label, strlen(label));
    while (rc == LSN_OK) {
        yaml_document_t y;
        if (!yaml_parser_load(parser, &y)) {
            if (parser->error == YAML_MEMORY_ERROR) {
                return lsn_oom();
            }
            if (parser->error == YAML_READER_ERROR) {
                /* A byte that is not UTF-8 (or a control character): YAML
                 * is Unicode, so the file is refused, at its line. */
                return lsn_error_set(LSN_EPARSE, "%s:%d: bad YAML: %s (a catalog must be UTF-8)",
                                     label, line_of(in, parser->problem_offset),
                                     parser->problem ? parser->problem : "cannot read");
            }
            const yaml_mark_t *m = parser->problem_mark.line || parser->problem_mark.column
                                       ? &parser->problem_mark
                                       : &parser->context_mark;
            return lsn_error_set(LSN_EPARSE, "%s:%d: bad YAML: %s%s%s", label, (int)m->line + 1,
                                 parser->problem ? parser->problem : "cannot parse",
                                 parser->context ? " " : "",
                                 parser->context ? parser->context : "");
        }
        yaml_node_t *root = yaml_document_get_root_node(&y);
        if (root == NULL) {
            yaml_document_delete(&y);
            break; /* the end of the stream */
        }
        d.y = &y;
        rc = read_entity(&d, root);
        yaml_document_delete(&y);
    }
    cat->resolved = false;
    return rc;
}

int lsn_catalog_read_buffer(lsn_catalog *cat, const char *data, size_t len, const char *label)
{
    assert(cat != NULL && (data != NULL || len == 0) && label != NULL);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        return lsn_oom();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)(data ? data : ""), len);
    struct input in = {data ? data : "", len, NULL};
    int rc = read_stream(cat, &parser, label, &in);
    yaml_parser_delete(&parser);
    return rc;
}

static int read_file(lsn_catalog *cat, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    yaml_parser_t parser;
    int rc;
    if (!yaml_parser_initialize(&parser)) {
        rc = lsn_oom();
    } else {
        yaml_parser_set_input_file(&parser, f);
        struct input in = {NULL, 0, f};
        rc = read_stream(cat, &parser, path, &in);
        yaml_parser_delete(&parser);
    }
    fclose(f);
    return rc;
}

static bool yaml_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int skip_hidden(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

static int read_path(lsn_catalog *cat, const char *path, bool named, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        return named || yaml_name(path) ? read_file(cat, path) : LSN_OK;
    }
    if (depth > MAX_FOLDER_DEPTH) {
        lsn_warn("%s: folders nested too deep, not read", path);
        return LSN_OK;
    }
    struct dirent **list = NULL;
    int n = scandir(path, &list, skip_hidden, alphasort);
    if (n < 0) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    size_t plen = strlen(path);
    char *base = strndup(path, plen > 1 && path[plen - 1] == '/' ? plen - 1 : plen);
    int rc = base != NULL ? LSN_OK : lsn_oom();
    for (int i = 0; i < n; i++) {
        if (rc == LSN_OK) {
            char *child = lsn_fs_join(base, list[i]->d_name);
            rc = child != NULL ? read_path(cat, child, false, depth + 1) : lsn_oom();
            free(child);
        }
        free(list[i]);
    }
    free(list);
    free(base);
    return rc;
}

int lsn_catalog_read(lsn_catalog *cat, const char *path)
{
    assert(cat != NULL && path != NULL);
    return read_path(cat, path, true, 0);
}
