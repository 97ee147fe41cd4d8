/*
 * tests/cli/test_report_doc.c — docs/report-json.md kept in step with the
 * report.json writer. The page's key tables (header `| key | type | unit |
 * present | meaning |`) are read as data and two reports of the sample that
 * `liaison analyze` writes (one with --slice month, one with --min-group 5)
 * are walked key by key: a key the page does not list, a type that differs,
 * a key the page says is there that is missing (or one it says is left out
 * that is there), and a row no report ever shows all fail. The finding
 * sections must follow the table of finding types (analysis/finding_types.h):
 * a section per type in report order and a row per subject key, so a new
 * type fails here until it is documented (the rows of a type that fires in
 * neither report cannot be checked against one: a note says so). The last
 * tests break a report or the page on purpose and check that the checker
 * says so.
 *
 * Key paths: `a.b` a key of an object, `a[]` each element of an array of
 * objects, `a[type=T]` an element whose `type` is T (checked before `a[]`),
 * `a.{name}` any key of a map (`{type}`: one key per finding type).
 */
#include "support.h"

#include "analysis/finding_types.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC LSN_SOURCE_DIR "/docs/report-json.md"
#define SAMPLE LSN_SOURCE_DIR "/datasets/sample"
#define TABLE_HEAD "| key | type | unit | present |"

/* When a documented key is in a report. */
enum presence {
    PRESENT_ALWAYS, /* in every object its parent path names */
    PRESENT_PERSON, /* only with --min-group 1 */
    PRESENT_SLICE,  /* only with --slice */
    PRESENT_ROLES,  /* whenever roles are computed: always in analyze */
    PRESENT_CATALOG /* only with --catalog (and no CSV beside it for that part) */
};

static const char *const presence_names[] = {"always", "person-level", "with --slice", "with roles",
                                             "with --catalog"};

/* One alternative of a type: `array of` depth times, then a base type. */
struct alt {
    int depth;
    char base[16];
};

#define MAX_ALTS 4

/* One row of a key table. */
struct row {
    char *path;
    char *parent; /* the path without its last segment; "" at the top */
    const char *last;
    char *type; /* as written */
    struct alt alts[MAX_ALTS];
    size_t nalts;
    enum presence presence;
    int line;
    bool seen; /* a report had it */
};

/* The page as data: its key rows and its finding-type headings, in order. */
struct doc {
    struct row *rows;
    size_t nrows;
    char **headings; /* the T of each "### `T`" line */
    size_t nheadings;
};

/* What is wrong: distinct lines, each with how often it happened. */
struct problems {
    char **lines;
    int *times;
    size_t nlines;
    int n; /* problems in all */
    char *text;
};

static void problems_open(struct problems *p)
{
    memset(p, 0, sizeof(*p));
}

static void problem(struct problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct problems *p, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    p->n++;
    for (size_t i = 0; i < p->nlines; i++) {
        if (strcmp(p->lines[i], line) == 0) {
            p->times[i]++;
            return;
        }
    }
    p->lines = realloc(p->lines, (p->nlines + 1) * sizeof(*p->lines));
    p->times = realloc(p->times, (p->nlines + 1) * sizeof(*p->times));
    assert_non_null(p->lines);
    assert_non_null(p->times);
    p->lines[p->nlines] = strdup(line);
    assert_non_null(p->lines[p->nlines]);
    p->times[p->nlines++] = 1;
}

/* Every distinct problem on a line ("(12 times)" when repeated). */
static const char *problems_text(struct problems *p)
{
    size_t len = 0;
    FILE *f;
    free(p->text);
    p->text = NULL;
    f = open_memstream(&p->text, &len);
    assert_non_null(f);
    for (size_t i = 0; i < p->nlines; i++) {
        fprintf(f, "%s", p->lines[i]);
        if (p->times[i] > 1) {
            fprintf(f, " (%d times)", p->times[i]);
        }
        fputc('\n', f);
    }
    fclose(f);
    return p->text;
}

static void problems_free(struct problems *p)
{
    for (size_t i = 0; i < p->nlines; i++) {
        free(p->lines[i]);
    }
    free(p->lines);
    free(p->times);
    free(p->text);
    memset(p, 0, sizeof(*p));
}

/* Fail the test with every problem listed, or free them. */
static void expect_none(struct problems *p, const char *what)
{
    if (p->n > 0) {
        print_error("%s: %d problem(s) with docs/report-json.md:\n", what, p->n);
        print_error("%s", problems_text(p));
        problems_free(p);
        fail();
    }
    problems_free(p);
}

/* ------------------------------------------------------------------ */
/* Reading the page                                                     */
/* ------------------------------------------------------------------ */

static char *xstrndup(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    assert_non_null(out);
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fail_msg("%s: cannot read", path);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    int c;
    while ((c = fgetc(f)) != EOF) {
        fputc(c, m);
    }
    fclose(f);
    fclose(m);
    return buf;
}

/* The n bytes at s without the spaces around them. */
static char *trimmed(const char *s, size_t n)
{
    while (n > 0 && *s == ' ') {
        s++;
        n--;
    }
    while (n > 0 && s[n - 1] == ' ') {
        n--;
    }
    return xstrndup(s, n);
}

static const char *const base_types[] = {"string", "integer", "number", "boolean",
                                         "null",   "object",  NULL};

/* One alternative ("array of array of strings"); false when it is not a type. */
static bool parse_alt(struct alt *a, const char *s, size_t n)
{
    static const char prefix[] = "array of ";
    a->depth = 0;
    while (n >= sizeof(prefix) - 1 && strncmp(s, prefix, sizeof(prefix) - 1) == 0) {
        s += sizeof(prefix) - 1;
        n -= sizeof(prefix) - 1;
        a->depth++;
    }
    for (int k = 0; base_types[k] != NULL; k++) {
        size_t len = strlen(base_types[k]);
        /* "strings", "objects": the plural reads better after "array of". */
        if (strncmp(s, base_types[k], len) == 0 &&
            (n == len || (n == len + 1 && a->depth > 0 && s[len] == 's'))) {
            snprintf(a->base, sizeof(a->base), "%s", base_types[k]);
            return true;
        }
    }
    return false;
}

/* "number or null" into row->alts; false when a part is not a type. */
static bool parse_type(struct row *r)
{
    const char *s = r->type;
    r->nalts = 0;
    for (;;) {
        const char *next = strstr(s, " or ");
        size_t n = next != NULL ? (size_t)(next - s) : strlen(s);
        if (r->nalts == MAX_ALTS || !parse_alt(&r->alts[r->nalts], s, n)) {
            return false;
        }
        r->nalts++;
        if (next == NULL) {
            return true;
        }
        s = next + 4;
    }
}

static struct row *find_row(const struct doc *d, const char *path)
{
    for (size_t i = 0; i < d->nrows; i++) {
        if (strcmp(d->rows[i].path, path) == 0) {
            return &d->rows[i];
        }
    }
    return NULL;
}

/* One table line "| `path` | type | unit | present | meaning |". */
static void parse_row(struct doc *d, struct problems *p, const char *line, size_t n, int lineno)
{
    const char *cell[5];
    size_t len[5], ncells = 0;
    const char *s = line + 1, *end = line + n;
    while (ncells < 5 && s < end) {
        const char *bar = memchr(s, '|', (size_t)(end - s));
        if (bar == NULL) {
            break;
        }
        cell[ncells] = s;
        len[ncells++] = (size_t)(bar - s);
        s = bar + 1;
    }
    if (ncells < 5) {
        problem(p, "docs/report-json.md:%d: a key row needs five cells", lineno);
        return;
    }
    char *key = trimmed(cell[0], len[0]);
    size_t klen = strlen(key);
    if (klen < 3 || key[0] != '`' || key[klen - 1] != '`') {
        problem(p, "docs/report-json.md:%d: the key '%s' is not in backquotes", lineno, key);
        free(key);
        return;
    }
    d->rows = realloc(d->rows, (d->nrows + 1) * sizeof(*d->rows));
    assert_non_null(d->rows);
    struct row *r = &d->rows[d->nrows++];
    memset(r, 0, sizeof(*r));
    r->path = xstrndup(key + 1, klen - 2);
    free(key);
    r->line = lineno;
    const char *dot = strrchr(r->path, '.');
    r->parent = dot != NULL ? xstrndup(r->path, (size_t)(dot - r->path)) : xstrndup("", 0);
    r->last = dot != NULL ? dot + 1 : r->path;
    r->type = trimmed(cell[1], len[1]);
    if (!parse_type(r)) {
        problem(p, "docs/report-json.md:%d: %s: '%s' is not a type", lineno, r->path, r->type);
    }
    char *presence = trimmed(cell[3], len[3]);
    size_t k = 0;
    while (k < sizeof(presence_names) / sizeof(presence_names[0]) &&
           strcmp(presence, presence_names[k]) != 0) {
        k++;
    }
    if (k == sizeof(presence_names) / sizeof(presence_names[0])) {
        problem(p, "docs/report-json.md:%d: %s: '%s' is not one of the 'present' words", lineno,
                r->path, presence);
        k = 0;
    }
    r->presence = (enum presence)k;
    free(presence);
    for (size_t i = 0; i + 1 < d->nrows; i++) {
        if (strcmp(d->rows[i].path, r->path) == 0) {
            problem(p, "docs/report-json.md:%d: %s is documented twice (line %d)", lineno, r->path,
                    d->rows[i].line);
        }
    }
}

/* The key rows and finding headings of the page's text. */
static void doc_parse(struct doc *d, struct problems *p, const char *text)
{
    memset(d, 0, sizeof(*d));
    bool in_table = false;
    int lineno = 0;
    for (const char *s = text; *s != '\0';) {
        const char *nl = strchr(s, '\n');
        size_t n = nl != NULL ? (size_t)(nl - s) : strlen(s);
        lineno++;
        if (strncmp(s, TABLE_HEAD, sizeof(TABLE_HEAD) - 1) == 0) {
            in_table = true;
        } else if (n == 0 || s[0] != '|') {
            in_table = false;
        } else if (in_table && strncmp(s, "|---", 4) != 0) {
            parse_row(d, p, s, n, lineno);
        }
        if (strncmp(s, "### `", 5) == 0) {
            const char *close = memchr(s + 5, '`', n - 5);
            if (close != NULL) {
                d->headings = realloc(d->headings, (d->nheadings + 1) * sizeof(*d->headings));
                assert_non_null(d->headings);
                d->headings[d->nheadings++] = xstrndup(s + 5, (size_t)(close - s - 5));
            }
        }
        s = nl != NULL ? nl + 1 : s + n;
    }
}

static void doc_free(struct doc *d)
{
    for (size_t i = 0; i < d->nrows; i++) {
        free(d->rows[i].path);
        free(d->rows[i].parent);
        free(d->rows[i].type);
    }
    for (size_t i = 0; i < d->nheadings; i++) {
        free(d->headings[i]);
    }
    free(d->rows);
    free(d->headings);
    memset(d, 0, sizeof(*d));
}

/* ------------------------------------------------------------------ */
/* The finding sections against the table of finding types             */
/* ------------------------------------------------------------------ */

/* The type named by a path "findings[type=T]...", or -1 with *named false. */
static int path_type(const char *path, bool *named)
{
    static const char prefix[] = "findings[type=";
    *named = strncmp(path, prefix, sizeof(prefix) - 1) == 0;
    if (!*named) {
        return -1;
    }
    const char *name = path + sizeof(prefix) - 1;
    const char *close = strchr(name, ']');
    if (close == NULL) {
        return -1;
    }
    char *t = xstrndup(name, (size_t)(close - name));
    int type = lsn_finding_type_index(t);
    free(t);
    return type;
}

static bool is_plain_string(const struct row *r, bool list)
{
    for (size_t i = 0; i < r->nalts; i++) {
        bool ok = strcmp(r->alts[i].base, "string") == 0 && r->alts[i].depth == (list ? 1 : 0);
        if (!ok && !(strcmp(r->alts[i].base, "null") == 0 && r->alts[i].depth == 0)) {
            return false;
        }
    }
    return r->nalts > 0 && !(r->nalts == 1 && strcmp(r->alts[0].base, "null") == 0);
}

static void check_finding_sections(const struct doc *d, struct problems *p)
{
    /* A section per type, in report order. */
    size_t h = 0;
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        const char *name = lsn_finding_type_name((lsn_finding_type)t);
        if (h < d->nheadings && strcmp(d->headings[h], name) == 0) {
            h++;
        } else {
            problem(p,
                    "no section '### `%s`' (finding type %d of analysis/finding_types.def) "
                    "where report order puts it",
                    name, t + 1);
        }
    }
    for (size_t i = 0; i < d->nheadings; i++) {
        if (lsn_finding_type_index(d->headings[i]) < 0) {
            problem(p, "the section '### `%s`' names no finding type", d->headings[i]);
        }
    }
    /* Per-type rows: a known type, and subject keys only of that type. */
    for (size_t i = 0; i < d->nrows; i++) {
        const struct row *r = &d->rows[i];
        bool named;
        int type = path_type(r->path, &named);
        if (!named) {
            continue;
        }
        if (type < 0) {
            problem(p, "docs/report-json.md:%d: %s: no such finding type", r->line, r->path);
            continue;
        }
        bool named_parent;
        if (path_type(r->parent, &named_parent) >= 0 && strchr(r->parent, '.') == NULL) {
            lsn_subject_key k = lsn_subject_key_find(r->last);
            if (k == LSN_KEY_NONE || !lsn_finding_has_key((lsn_finding_type)type, k)) {
                problem(p,
                        "docs/report-json.md:%d: %s: not a subject key of %s "
                        "(analysis/finding_types.def); metrics go under .metrics",
                        r->line, r->path, lsn_finding_type_name((lsn_finding_type)type));
            }
        }
    }
    /* Every subject key of every type, with the type its kind writes. */
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        const lsn_finding_def *def = lsn_finding_def_of((lsn_finding_type)t);
        for (size_t k = 0; k < LSN_FINDING_MAX_KEYS && def->keys[k] != LSN_KEY_NONE; k++) {
            const lsn_subject_key_def *key = &lsn_subject_keys[def->keys[k]];
            char path[256];
            snprintf(path, sizeof(path), "findings[type=%s].%s", def->name, key->name);
            const struct row *r = find_row(d, path);
            bool list = key->kind == LSN_SUBJECT_UNITS;
            if (r == NULL) {
                problem(p, "%s: the subject key '%s' of %s is not documented", path, key->name,
                        def->name);
            } else if (!is_plain_string(r, list)) {
                problem(p, "%s: a subject key is %s, the page says %s", path,
                        list ? "an array of strings" : "a string (or null)", r->type);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Walking a report                                                     */
/* ------------------------------------------------------------------ */

/* How the report was made. */
struct report_ctx {
    const char *name;
    int min_group;
    bool sliced;
    bool catalog;
};

/* The doc paths of one place in a report, most specific first. */
#define MAX_NAMES 8
struct names {
    char *v[MAX_NAMES];
    size_t n;
};

static void names_free(struct names *ns)
{
    for (size_t i = 0; i < ns->n; i++) {
        free(ns->v[i]);
    }
    ns->n = 0;
}

static void names_add(struct names *ns, const char *a, const char *sep, const char *b)
{
    assert_true(ns->n < MAX_NAMES);
    size_t len = strlen(a) + strlen(sep) + strlen(b) + 1;
    ns->v[ns->n] = malloc(len);
    assert_non_null(ns->v[ns->n]);
    snprintf(ns->v[ns->n], len, "%s%s%s", a, sep, b);
    ns->n++;
}

struct walk {
    struct doc *doc;
    struct problems *p;
    const struct report_ctx *ctx;
    bool type_seen[LSN_FINDING_TYPES];
};

static const char *kind_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
        return "integer";
    case JSON_REAL:
        return "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    default:
        return "null";
    }
}

static bool alt_matches(const struct alt *a, int depth, const json_t *v)
{
    if (depth > 0) {
        size_t i;
        const json_t *e;
        if (!json_is_array(v)) {
            return false;
        }
        json_array_foreach(v, i, e)
        {
            if (!alt_matches(a, depth - 1, e)) {
                return false;
            }
        }
        return true;
    }
    return strcmp(a->base, kind_of(v)) == 0;
}

static bool row_expects(const struct row *r, const struct report_ctx *ctx)
{
    switch (r->presence) {
    case PRESENT_PERSON:
        return ctx->min_group <= 1;
    case PRESENT_SLICE:
        return ctx->sliced;
    case PRESENT_CATALOG:
        return ctx->catalog;
    default:
        return true;
    }
}

static void walk_value(struct walk *w, const struct names *at, const json_t *v);

/* The row of key k of an object at `at`, and the names of its value. */
static struct row *child(struct walk *w, const struct names *at, const char *k, struct names *out)
{
    for (size_t i = 0; i < at->n; i++) {
        names_add(out, at->v[i], at->v[i][0] != '\0' ? "." : "", k);
    }
    for (size_t i = 0; i < out->n; i++) {
        struct row *r = find_row(w->doc, out->v[i]);
        if (r != NULL) {
            return r;
        }
    }
    /* A map: a row `parent.{name}` stands for every key. */
    for (size_t i = 0; i < at->n; i++) {
        for (size_t j = 0; j < w->doc->nrows; j++) {
            struct row *r = &w->doc->rows[j];
            if (r->last[0] == '{' && strcmp(r->parent, at->v[i]) == 0) {
                if (strcmp(r->last, "{type}") == 0 && lsn_finding_type_index(k) < 0) {
                    problem(w->p, "%s: %s: the key '%s' is not a finding type", w->ctx->name,
                            r->path, k);
                }
                names_free(out);
                names_add(out, r->path, "", "");
                return r;
            }
        }
    }
    return NULL;
}

/* The keys the page says an object at `at` has, present or not as it says. */
static void check_presence(struct walk *w, const struct names *at, const json_t *obj)
{
    for (size_t j = 0; j < w->doc->nrows; j++) {
        const struct row *r = &w->doc->rows[j];
        bool here = false;
        for (size_t i = 0; i < at->n && !here; i++) {
            here = strcmp(r->parent, at->v[i]) == 0;
        }
        if (!here) {
            continue;
        }
        bool want = row_expects(r, w->ctx);
        if (strcmp(r->last, "{type}") == 0) {
            for (int t = 0; want && t < LSN_FINDING_TYPES; t++) {
                const char *name = lsn_finding_type_name((lsn_finding_type)t);
                if (json_object_get(obj, name) == NULL) {
                    problem(w->p, "%s: %s: no key for the finding type %s", w->ctx->name, r->path,
                            name);
                }
            }
            continue;
        }
        if (r->last[0] == '{') {
            continue; /* a map's keys are data */
        }
        bool has = json_object_get(obj, r->last) != NULL;
        if (want && !has) {
            problem(w->p, "%s: %s is missing (docs/report-json.md:%d says %s)", w->ctx->name,
                    r->path, r->line, presence_names[r->presence]);
        } else if (!want && has) {
            problem(w->p, "%s: %s is there (docs/report-json.md:%d says %s)", w->ctx->name, r->path,
                    r->line, presence_names[r->presence]);
        }
    }
}

static void walk_object(struct walk *w, const struct names *at, const json_t *obj)
{
    const char *k;
    const json_t *v;
    check_presence(w, at, obj);
    json_object_foreach((json_t *)obj, k, v)
    {
        struct names ns = {{NULL}, 0};
        if (child(w, at, k, &ns) == NULL) {
            problem(w->p, "%s: %s is not documented", w->ctx->name, ns.v[0]);
        } else {
            walk_value(w, &ns, v);
        }
        names_free(&ns);
    }
}

static void walk_value(struct walk *w, const struct names *at, const json_t *v)
{
    struct row *r = NULL;
    for (size_t i = 0; r == NULL && i < at->n; i++) {
        r = find_row(w->doc, at->v[i]);
    }
    assert_non_null(r);
    r->seen = true;
    bool ok = false, objects = false;
    for (size_t i = 0; i < r->nalts; i++) {
        if (alt_matches(&r->alts[i], r->alts[i].depth, v)) {
            ok = true;
            objects |= strcmp(r->alts[i].base, "object") == 0 && json_is_array(v);
        }
    }
    if (!ok) {
        problem(w->p, "%s: %s is %s, docs/report-json.md:%d says %s", w->ctx->name, at->v[0],
                json_is_array(v) ? "an array of something else" : kind_of(v), r->line, r->type);
        return;
    }
    if (json_is_object(v)) {
        walk_object(w, at, v);
    } else if (objects) {
        size_t i;
        const json_t *e;
        json_array_foreach(v, i, e)
        {
            if (!json_is_object(e)) {
                continue; /* "array of array of object" is not used */
            }
            struct names ns = {{NULL}, 0};
            const char *type = json_string_value(json_object_get(e, "type"));
            for (size_t k = 0; type != NULL && k < at->n; k++) {
                char sel[128];
                snprintf(sel, sizeof(sel), "[type=%s]", type);
                names_add(&ns, at->v[k], sel, "");
            }
            for (size_t k = 0; k < at->n; k++) {
                names_add(&ns, at->v[k], "[]", "");
            }
            int t = type != NULL && strcmp(at->v[0], "findings") == 0 ? lsn_finding_type_index(type)
                                                                      : -1;
            if (t >= 0) {
                w->type_seen[t] = true;
            }
            walk_object(w, &ns, e);
            names_free(&ns);
        }
    }
}

static void walk_report(struct walk *w, const json_t *root)
{
    struct names top = {{NULL}, 0};
    names_add(&top, "", "", "");
    walk_object(w, &top, root);
    names_free(&top);
}

/* Rows no report showed: a failure, unless their finding type never fired. */
static void check_seen(const struct walk *w, struct problems *p)
{
    for (size_t i = 0; i < w->doc->nrows; i++) {
        const struct row *r = &w->doc->rows[i];
        bool named;
        int type = path_type(r->path, &named);
        if (r->seen) {
            continue;
        }
        if (named && type >= 0 && !w->type_seen[type]) {
            continue; /* the caller notes the type */
        }
        problem(p, "docs/report-json.md:%d: %s is in no report checked", r->line, r->path);
    }
}

/* ------------------------------------------------------------------ */
/* The reports and the tests                                            */
/* ------------------------------------------------------------------ */

static const struct report_ctx sliced = {"sample --slice month", 1, true, false};
static const struct report_ctx small = {"sample --min-group 5", 5, false, false};
static const struct report_ctx catalog = {"sample --catalog", 1, false, true};

static json_t *sliced_report, *small_report, *catalog_report;
static char *page;

static json_t *analyze(const char *dir, const char *extra)
{
    /* The sample's CSVs, or (extra "--catalog") its catalog alone. */
    char inputs[1024];
    if (strcmp(extra, "--catalog") == 0) {
        snprintf(inputs, sizeof(inputs), "--catalog %s/catalog", SAMPLE);
        extra = "";
    } else {
        snprintf(inputs, sizeof(inputs),
                 "--people %s/people.csv --teams %s/teams.csv --needs %s/needs.csv", SAMPLE, SAMPLE,
                 SAMPLE);
    }
    tcli_run r = tcli_liaison("analyze --quiet %s %s --out %s/%s %s/mailboxes", inputs, extra,
                              tcli_tmp, dir, SAMPLE);
    if (r.status != 0) {
        print_error("liaison analyze %s: exit %d: %s", extra, r.status, r.err);
    }
    int status = r.status;
    tcli_run_free(&r);
    if (status != 0) {
        return NULL;
    }
    char path[512];
    snprintf(path, sizeof(path), "%s/%s/report.json", tcli_tmp, dir);
    json_error_t err;
    json_t *root = json_load_file(path, JSON_PRESERVE_ORDER, &err);
    if (root == NULL) {
        print_error("%s: %s", path, err.text);
    }
    return root;
}

static int setup(void **state)
{
    (void)state;
    if (tcli_setup("report-doc") != 0) {
        return -1;
    }
    sliced_report = analyze("sliced", "--slice month");
    /* From four weeks before the calendars begin: empty weeks and a coverage
     * warning, so those lists have elements whose type is checked. */
    small_report = analyze("small", "--min-group 5 --from 2026-05-02");
    catalog_report = analyze("catalog", "--catalog");
    page = slurp(DOC);
    return sliced_report != NULL && small_report != NULL && catalog_report != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(sliced_report);
    json_decref(small_report);
    json_decref(catalog_report);
    free(page);
    return tcli_teardown();
}

/* The problems of one report against the page text (parse problems too). */
static void
check_report(struct problems *p, const char *text, const struct report_ctx *ctx, const json_t *root)
{
    struct doc d;
    doc_parse(&d, p, text);
    struct walk w = {.doc = &d, .p = p, .ctx = ctx};
    walk_report(&w, root);
    doc_free(&d);
}

static void test_page_rows_have_known_types_and_presence(void **state)
{
    (void)state;
    struct problems p;
    struct doc d;
    problems_open(&p);
    doc_parse(&d, &p, page);
    /* Every section has its table: the top level, input ... parameters. */
    assert_true(d.nrows > 200);
    assert_non_null(find_row(&d, "input.coverage.weeks[].instances"));
    assert_non_null(find_row(&d, "slices[].findings_by_type.{type}"));
    doc_free(&d);
    expect_none(&p, "the page");
}

static void test_finding_sections_follow_the_table_of_types(void **state)
{
    (void)state;
    struct problems p;
    struct doc d;
    problems_open(&p);
    doc_parse(&d, &p, page);
    check_finding_sections(&d, &p);
    doc_free(&d);
    expect_none(&p, "the finding sections");
}

static void test_sliced_report_is_documented(void **state)
{
    (void)state;
    struct problems p;
    problems_open(&p);
    assert_non_null(json_object_get(sliced_report, "slices"));
    check_report(&p, page, &sliced, sliced_report);
    expect_none(&p, sliced.name);
}

static void test_min_group_report_is_documented(void **state)
{
    (void)state;
    struct problems p;
    problems_open(&p);
    assert_null(json_object_get(small_report, "people"));
    assert_true(
        json_array_size(json_object_get(
            json_object_get(json_object_get(small_report, "input"), "coverage"), "warnings")) > 0);
    check_report(&p, page, &small, small_report);
    expect_none(&p, small.name);
}

static void test_catalog_report_is_documented(void **state)
{
    (void)state;
    struct problems p;
    problems_open(&p);
    json_t *needs = json_object_get(catalog_report, "needs");
    assert_true(json_array_size(needs) > 0);
    assert_string_equal(json_string_value(json_object_get(json_array_get(needs, 0), "source")),
                        "catalog");
    check_report(&p, page, &catalog, catalog_report);
    expect_none(&p, catalog.name);
}

static void test_every_documented_key_is_in_a_report(void **state)
{
    (void)state;
    struct problems p;
    struct doc d;
    problems_open(&p);
    doc_parse(&d, &p, page);
    struct walk w = {.doc = &d, .p = &p, .ctx = &sliced};
    walk_report(&w, sliced_report);
    w.ctx = &small;
    walk_report(&w, small_report);
    w.ctx = &catalog;
    walk_report(&w, catalog_report);
    check_seen(&w, &p);
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        /* The sample has every type today; a new one may not fire (a note). */
        if (!w.type_seen[t]) {
            print_message("note: no %s in the sample\n",
                          lsn_finding_type_name((lsn_finding_type)t));
        }
    }
    doc_free(&d);
    expect_none(&p, "the three reports");
}

/* ---- the checker catches what it is for ---------------------------- */

/* The problems of a changed copy of the sliced report, as text. */
static char *problems_of_copy(void (*change)(json_t *root))
{
    json_t *copy = json_deep_copy(sliced_report);
    assert_non_null(copy);
    change(copy);
    struct problems p;
    problems_open(&p);
    check_report(&p, page, &sliced, copy);
    json_decref(copy);
    char *text = strdup(problems_text(&p));
    problems_free(&p);
    assert_non_null(text);
    return text;
}

static void expect_problem(char *text, const char *want)
{
    if (strstr(text, want) == NULL) {
        print_error("expected '%s' in:\n%s", want, text);
        free(text);
        fail();
    }
    free(text);
}

static json_t *first_finding(json_t *root)
{
    return json_array_get(json_object_get(root, "findings"), 0);
}

static void add_summary_key(json_t *root)
{
    json_object_set_new(json_object_get(root, "summary"), "new_figure", json_integer(1));
}

static void add_metric(json_t *root)
{
    json_object_set_new(json_object_get(first_finding(root), "metrics"), "new_metric",
                        json_real(0.5));
}

static void drop_summary_key(json_t *root)
{
    json_object_del(json_object_get(root, "summary"), "teams");
}

static void drop_person_section(json_t *root)
{
    json_object_del(root, "people");
}

static void retype_summary_key(json_t *root)
{
    json_object_set_new(json_object_get(root, "summary"), "teams", json_real(25.0));
}

static void retype_list_element(json_t *root)
{
    json_array_append_new(json_object_get(json_object_get(root, "input"), "paths"),
                          json_integer(7));
}

static void test_checker_fails_on_an_undocumented_key(void **state)
{
    (void)state;
    expect_problem(problems_of_copy(add_summary_key),
                   "sample --slice month: summary.new_figure is not documented");
    char want[128];
    snprintf(want, sizeof(want), "findings[type=%s].metrics.new_metric is not documented",
             json_string_value(json_object_get(first_finding(sliced_report), "type")));
    expect_problem(problems_of_copy(add_metric), want);
}

static void test_checker_fails_on_a_missing_key(void **state)
{
    (void)state;
    expect_problem(problems_of_copy(drop_summary_key),
                   "summary.teams is missing (docs/report-json.md:");
    expect_problem(problems_of_copy(drop_person_section), "people is missing");
}

static void test_checker_fails_on_a_type_that_differs(void **state)
{
    (void)state;
    expect_problem(problems_of_copy(retype_summary_key), "summary.teams is number, ");
    expect_problem(problems_of_copy(retype_list_element),
                   "input.paths is an array of something else, docs/report-json.md:");
}

static void test_checker_fails_on_a_person_level_key_with_min_group(void **state)
{
    (void)state;
    json_t *copy = json_deep_copy(small_report);
    json_object_set_new(json_object_get(copy, "input"), "unknown_list", json_array());
    struct problems p;
    problems_open(&p);
    check_report(&p, page, &small, copy);
    json_decref(copy);
    expect_problem(strdup(problems_text(&p)), "input.unknown_list is there (docs/report-json.md:");
    problems_free(&p);
}

/* The page with every line that contains `drop` left out. */
static char *page_without(const char *drop)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    for (const char *s = page; *s != '\0';) {
        const char *nl = strchr(s, '\n');
        size_t n = nl != NULL ? (size_t)(nl - s + 1) : strlen(s);
        char *line = xstrndup(s, n);
        if (strstr(line, drop) == NULL) {
            fputs(line, f);
        }
        free(line);
        s += n;
    }
    fclose(f);
    return out;
}

static char *section_problems(const char *text)
{
    struct problems p;
    struct doc d;
    problems_open(&p);
    doc_parse(&d, &p, text);
    check_finding_sections(&d, &p);
    doc_free(&d);
    char *out = strdup(problems_text(&p));
    problems_free(&p);
    return out;
}

static void test_checker_fails_on_an_undocumented_finding_type(void **state)
{
    (void)state;
    /* As if the last type of the table were new: no section, no rows. */
    const char *name = lsn_finding_type_name((lsn_finding_type)(LSN_FINDING_TYPES - 1));
    char drop[128], want[256];
    snprintf(drop, sizeof(drop), "`%s`", name);
    char *text = page_without(drop);
    snprintf(want, sizeof(want), "no section '### `%s`'", name);
    expect_problem(section_problems(text), want);
    snprintf(drop, sizeof(drop), "findings[type=%s]", name);
    free(text);
    text = page_without(drop);
    const lsn_finding_def *def = lsn_finding_def_of((lsn_finding_type)(LSN_FINDING_TYPES - 1));
    snprintf(want, sizeof(want), "the subject key '%s' of %s is not documented",
             lsn_subject_keys[def->keys[0]].name, name);
    expect_problem(section_problems(text), want);
    free(text);
}

static void test_checker_fails_on_a_subject_key_the_type_does_not_have(void **state)
{
    (void)state;
    const char *name = lsn_finding_type_name(LSN_FINDING_ISOLATED_TEAM);
    size_t len = strlen(page) + 256;
    char *text = malloc(len);
    assert_non_null(text);
    snprintf(text, len,
             "%s\n| key | type | unit | present | meaning |\n|---|---|---|---|---|\n"
             "| `findings[type=%s].person` | string | — | always | not a key of it |\n",
             page, name);
    char want[256];
    snprintf(want, sizeof(want), "findings[type=%s].person: not a subject key of %s", name, name);
    expect_problem(section_problems(text), want);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_rows_have_known_types_and_presence),
        cmocka_unit_test(test_finding_sections_follow_the_table_of_types),
        cmocka_unit_test(test_sliced_report_is_documented),
        cmocka_unit_test(test_min_group_report_is_documented),
        cmocka_unit_test(test_catalog_report_is_documented),
        cmocka_unit_test(test_every_documented_key_is_in_a_report),
        cmocka_unit_test(test_checker_fails_on_an_undocumented_key),
        cmocka_unit_test(test_checker_fails_on_a_missing_key),
        cmocka_unit_test(test_checker_fails_on_a_type_that_differs),
        cmocka_unit_test(test_checker_fails_on_a_person_level_key_with_min_group),
        cmocka_unit_test(test_checker_fails_on_an_undocumented_finding_type),
        cmocka_unit_test(test_checker_fails_on_a_subject_key_the_type_does_not_have),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
