/*
 * analysis/finding.c — the value trees and the list of findings every pass
 * appends to; sorting into report order. It decides nothing about when a
 * finding fires.
 */
#include "analysis/finding.h"

#include "io/error.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const lsn_finding_types[] = {
    "oversized_meeting", "overbooked_person",  "missing_link",       "fragile_link",
    "isolated_team",     "liaison_sprawl",     "low_context_liaison", "unstable_liaison",
    "hierarchy_bypass",  "liaisons_everywhere", "community_mismatch", NULL};

int lsn_finding_type_index(const char *type)
{
    for (int i = 0; lsn_finding_types[i] != NULL; i++) {
        if (strcmp(lsn_finding_types[i], type) == 0) {
            return i;
        }
    }
    return -1;
}

const char *lsn_severity_name(lsn_severity s)
{
    switch (s) {
    case LSN_SEV_HIGH:
        return "high";
    case LSN_SEV_MEDIUM:
        return "medium";
    default:
        return "low";
    }
}

static lsn_value *value_new(lsn_vkind kind)
{
    lsn_value *v = calloc(1, sizeof(*v));
    if (v != NULL) {
        v->kind = kind;
    }
    return v;
}

lsn_value *lsn_value_null(void)
{
    return value_new(LSN_VAL_NULL);
}

lsn_value *lsn_value_bool(bool b)
{
    lsn_value *v = value_new(LSN_VAL_BOOL);
    if (v != NULL) {
        v->b = b;
    }
    return v;
}

lsn_value *lsn_value_int(int64_t i)
{
    lsn_value *v = value_new(LSN_VAL_INT);
    if (v != NULL) {
        v->i = i;
    }
    return v;
}

lsn_value *lsn_value_num(double d)
{
    lsn_value *v = value_new(LSN_VAL_NUM);
    if (v != NULL) {
        v->d = d;
    }
    return v;
}

lsn_value *lsn_value_str(const char *s)
{
    lsn_value *v = value_new(LSN_VAL_STR);
    if (v != NULL) {
        v->s = strdup(s ? s : "");
        if (v->s == NULL) {
            free(v);
            v = NULL;
        }
    }
    return v;
}

lsn_value *lsn_value_list(void)
{
    return value_new(LSN_VAL_LIST);
}

lsn_value *lsn_value_object(void)
{
    return value_new(LSN_VAL_OBJECT);
}

void lsn_value_free(lsn_value *v)
{
    if (v == NULL) {
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        lsn_value_free(v->items[i]);
        if (v->keys != NULL) {
            free(v->keys[i]);
        }
    }
    free(v->items);
    free(v->keys);
    free(v->s);
    free(v);
}

static int reserve(lsn_value *v)
{
    if (v->n < v->cap) {
        return LSN_OK;
    }
    size_t cap = v->cap ? v->cap * 2 : 4;
    lsn_value **items = realloc(v->items, cap * sizeof(*items));
    if (items == NULL) {
        return LSN_ENOMEM;
    }
    v->items = items;
    if (v->kind == LSN_VAL_OBJECT) {
        char **keys = realloc(v->keys, cap * sizeof(*keys));
        if (keys == NULL) {
            return LSN_ENOMEM;
        }
        v->keys = keys;
    }
    v->cap = cap;
    return LSN_OK;
}

int lsn_value_push(lsn_value *list, lsn_value *item)
{
    if (list == NULL || item == NULL || list->kind != LSN_VAL_LIST) {
        lsn_value_free(item);
        return list == NULL || item == NULL ? lsn_error_set(LSN_ENOMEM, "out of memory")
                                            : lsn_error_set(LSN_EINVAL, "not a list");
    }
    if (reserve(list) != LSN_OK) {
        lsn_value_free(item);
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    list->items[list->n++] = item;
    return LSN_OK;
}

int lsn_value_set(lsn_value *obj, const char *key, lsn_value *value)
{
    if (obj == NULL || value == NULL || obj->kind != LSN_VAL_OBJECT) {
        lsn_value_free(value);
        return obj == NULL || value == NULL ? lsn_error_set(LSN_ENOMEM, "out of memory")
                                            : lsn_error_set(LSN_EINVAL, "not an object");
    }
    char *k = strdup(key);
    if (k == NULL || reserve(obj) != LSN_OK) {
        free(k);
        lsn_value_free(value);
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    obj->keys[obj->n] = k;
    obj->items[obj->n++] = value;
    return LSN_OK;
}

const lsn_value *lsn_value_get(const lsn_value *obj, const char *key)
{
    if (obj == NULL || obj->kind != LSN_VAL_OBJECT) {
        return NULL;
    }
    for (size_t i = 0; i < obj->n; i++) {
        if (strcmp(obj->keys[i], key) == 0) {
            return obj->items[i];
        }
    }
    return NULL;
}

struct buf {
    char *p;
    size_t n, cap;
    bool failed;
};

static void put(struct buf *b, const char *s, size_t len)
{
    if (b->failed) {
        return;
    }
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->n + len + 1) {
            cap *= 2;
        }
        char *q = realloc(b->p, cap);
        if (q == NULL) {
            b->failed = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void write_value(struct buf *b, const lsn_value *v)
{
    char tmp[64];
    switch (v->kind) {
    case LSN_VAL_NULL:
        puts_(b, "null");
        break;
    case LSN_VAL_BOOL:
        puts_(b, v->b ? "true" : "false");
        break;
    case LSN_VAL_INT:
        snprintf(tmp, sizeof(tmp), "%lld", (long long)v->i);
        puts_(b, tmp);
        break;
    case LSN_VAL_NUM:
        snprintf(tmp, sizeof(tmp), "%.6g", fabs(v->d) < 1e-12 ? 0.0 : v->d);
        puts_(b, tmp);
        break;
    case LSN_VAL_STR:
        puts_(b, v->s);
        break;
    case LSN_VAL_LIST:
        puts_(b, "[");
        for (size_t i = 0; i < v->n; i++) {
            if (i > 0) {
                puts_(b, ",");
            }
            write_value(b, v->items[i]);
        }
        puts_(b, "]");
        break;
    case LSN_VAL_OBJECT:
        puts_(b, "{");
        for (size_t i = 0; i < v->n; i++) {
            if (i > 0) {
                puts_(b, ",");
            }
            puts_(b, v->keys[i]);
            puts_(b, "=");
            write_value(b, v->items[i]);
        }
        puts_(b, "}");
        break;
    }
}

char *lsn_value_to_text(const lsn_value *v)
{
    struct buf b = {0};
    write_value(&b, v);
    if (b.failed || b.p == NULL) {
        free(b.p);
        return b.failed ? NULL : strdup("");
    }
    return b.p;
}

struct lsn_findings {
    lsn_finding *items;
    size_t n, cap;
};

int lsn_findings_new(lsn_findings **out)
{
    *out = calloc(1, sizeof(**out));
    return *out ? LSN_OK : lsn_error_set(LSN_ENOMEM, "out of memory");
}

void lsn_findings_free(lsn_findings *f)
{
    if (f == NULL) {
        return;
    }
    for (size_t i = 0; i < f->n; i++) {
        lsn_value_free(f->items[i].subject);
        lsn_value_free(f->items[i].metrics);
        free(f->items[i].explanation);
    }
    free(f->items);
    free(f);
}

int lsn_findings_add(lsn_findings *f,
                     const char *type,
                     lsn_severity severity,
                     lsn_value *subject,
                     lsn_value *metrics,
                     const char *fmt,
                     ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    char *explanation = strdup(text);
    if (subject == NULL || metrics == NULL || explanation == NULL) {
        goto oom;
    }
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        lsn_finding *q = realloc(f->items, cap * sizeof(*q));
        if (q == NULL) {
            goto oom;
        }
        f->items = q;
        f->cap = cap;
    }
    lsn_finding *it = &f->items[f->n++];
    it->type = type;
    it->severity = severity;
    it->subject = subject;
    it->metrics = metrics;
    it->explanation = explanation;
    return LSN_OK;
oom:
    lsn_value_free(subject);
    lsn_value_free(metrics);
    free(explanation);
    return lsn_error_set(LSN_ENOMEM, "out of memory");
}

struct keyed {
    int type;
    int severity;
    char *subject;
    size_t index;
};

static int keyed_cmp(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->type != y->type) {
        return x->type < y->type ? -1 : 1;
    }
    if (x->severity != y->severity) {
        return x->severity > y->severity ? -1 : 1;
    }
    int c = strcmp(x->subject ? x->subject : "", y->subject ? y->subject : "");
    if (c != 0) {
        return c;
    }
    return (x->index > y->index) - (x->index < y->index);
}

void lsn_findings_sort(lsn_findings *f)
{
    if (f->n < 2) {
        return;
    }
    struct keyed *k = malloc(f->n * sizeof(*k));
    lsn_finding *sorted = malloc(f->n * sizeof(*sorted));
    if (k == NULL || sorted == NULL) {
        free(k);
        free(sorted);
        return; /* out of memory: keep the order the passes produced */
    }
    for (size_t i = 0; i < f->n; i++) {
        k[i].type = lsn_finding_type_index(f->items[i].type);
        k[i].severity = (int)f->items[i].severity;
        k[i].subject = lsn_value_to_text(f->items[i].subject);
        k[i].index = i;
    }
    qsort(k, f->n, sizeof(*k), keyed_cmp);
    for (size_t i = 0; i < f->n; i++) {
        sorted[i] = f->items[k[i].index];
        free(k[i].subject);
    }
    free(f->items);
    f->items = sorted;
    f->cap = f->n;
    free(k);
}

const lsn_finding *lsn_findings_items(const lsn_findings *f, size_t *count)
{
    *count = f->n;
    return f->items;
}
