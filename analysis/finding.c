/*
 * analysis/finding.c — the value trees and the list of findings every pass
 * appends to: each finding's subject as indices and, made from them by the
 * table's keys, as printable ids; sorting into report order. It decides
 * nothing about when a finding fires.
 */
#include "analysis/finding.h"

#include "io/error.h"
#include "io/text.h"
#include "io/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    /* An object's keys and items, one capacity. */
    size_t cap = lsn_grow_cap(v->cap, v->n + 1, sizeof(*v->items));
    int rc;
    if (cap == 0) {
        return lsn_oom();
    }
    if ((rc = LSN_RESIZE(v->items, cap)) != LSN_OK ||
        (v->kind == LSN_VAL_OBJECT && (rc = LSN_RESIZE(v->keys, cap)) != LSN_OK)) {
        return rc;
    }
    v->cap = cap;
    return LSN_OK;
}

int lsn_value_push(lsn_value *list, lsn_value *item)
{
    if (list == NULL || item == NULL || list->kind != LSN_VAL_LIST) {
        lsn_value_free(item);
        return list == NULL || item == NULL ? lsn_oom() : lsn_error_set(LSN_EINVAL, "not a list");
    }
    if (reserve(list) != LSN_OK) {
        lsn_value_free(item);
        return lsn_oom();
    }
    list->items[list->n++] = item;
    return LSN_OK;
}

int lsn_value_set(lsn_value *obj, const char *key, lsn_value *value)
{
    if (obj == NULL || value == NULL || obj->kind != LSN_VAL_OBJECT) {
        lsn_value_free(value);
        return obj == NULL || value == NULL ? lsn_oom()
                                            : lsn_error_set(LSN_EINVAL, "not an object");
    }
    char *k = strdup(key);
    if (k == NULL || reserve(obj) != LSN_OK) {
        free(k);
        lsn_value_free(value);
        return lsn_oom();
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

lsn_value *lsn_value_copy(const lsn_value *v)
{
    switch (v->kind) {
    case LSN_VAL_BOOL:
        return lsn_value_bool(v->b);
    case LSN_VAL_INT:
        return lsn_value_int(v->i);
    case LSN_VAL_NUM:
        return lsn_value_num(v->d);
    case LSN_VAL_STR:
        return lsn_value_str(v->s);
    case LSN_VAL_LIST: {
        lsn_value *l = lsn_value_list();
        for (size_t i = 0; l != NULL && i < v->n; i++) {
            if (lsn_value_push(l, lsn_value_copy(v->items[i])) != LSN_OK) {
                lsn_value_free(l);
                l = NULL;
            }
        }
        return l;
    }
    case LSN_VAL_OBJECT: {
        lsn_value *o = lsn_value_object();
        for (size_t i = 0; o != NULL && i < v->n; i++) {
            if (lsn_value_set(o, v->keys[i], lsn_value_copy(v->items[i])) != LSN_OK) {
                lsn_value_free(o);
                o = NULL;
            }
        }
        return o;
    }
    default:
        return lsn_value_null();
    }
}

static void write_value(lsn_text *b, const lsn_value *v)
{
    switch (v->kind) {
    case LSN_VAL_NULL:
        lsn_text_puts(b, "null");
        break;
    case LSN_VAL_BOOL:
        lsn_text_puts(b, v->b ? "true" : "false");
        break;
    case LSN_VAL_INT:
        lsn_text_printf(b, "%lld", (long long)v->i);
        break;
    case LSN_VAL_NUM:
        lsn_text_printf(b, "%.6g", fabs(v->d) < 1e-12 ? 0.0 : v->d);
        break;
    case LSN_VAL_STR:
        lsn_text_puts(b, v->s);
        break;
    case LSN_VAL_LIST:
        lsn_text_puts(b, "[");
        for (size_t i = 0; i < v->n; i++) {
            if (i > 0) {
                lsn_text_puts(b, ",");
            }
            write_value(b, v->items[i]);
        }
        lsn_text_puts(b, "]");
        break;
    case LSN_VAL_OBJECT:
        lsn_text_puts(b, "{");
        for (size_t i = 0; i < v->n; i++) {
            if (i > 0) {
                lsn_text_puts(b, ",");
            }
            lsn_text_puts(b, v->keys[i]);
            lsn_text_puts(b, "=");
            write_value(b, v->items[i]);
        }
        lsn_text_puts(b, "}");
        break;
    }
}

char *lsn_value_to_text(const lsn_value *v)
{
    lsn_text b = {0};
    write_value(&b, v);
    return lsn_text_take(&b);
}

struct lsn_findings {
    lsn_finding *items;
    size_t n, cap;
};

int32_t lsn_subject_index(const lsn_subject *s, lsn_subject_key k)
{
    switch (k) {
    case LSN_KEY_SERIES:
        return s->series;
    case LSN_KEY_TEAM:
        return s->team;
    case LSN_KEY_FROM:
        return s->from;
    case LSN_KEY_PERSON:
        return s->person;
    case LSN_KEY_TO:
        return s->to;
    case LSN_KEY_UNIT:
        return s->unit;
    case LSN_KEY_TO_UNIT:
        return s->to_unit;
    default:
        return -1;
    }
}

/* The printable subject of a finding of type kind: its keys, in the table's
 * order, with the ids, emails and UIDs the indices stand for. */
static lsn_value *
subject_value(const lsn_calendar *cal, lsn_finding_type kind, const lsn_subject *about)
{
    const lsn_org *org = lsn_calendar_org(cal);
    const lsn_unit *units = lsn_org_units(org, NULL);
    const lsn_person *people = lsn_org_people(org, NULL);
    size_t nseries;
    const lsn_series *series = lsn_calendar_series(cal, &nseries);
    const lsn_finding_def *def = lsn_finding_def_of(kind);
    lsn_value *obj = lsn_value_object();
    int rc = obj != NULL ? LSN_OK : LSN_ENOMEM;
    for (size_t k = 0; rc == LSN_OK && k < LSN_FINDING_MAX_KEYS && def->keys[k] != LSN_KEY_NONE;
         k++) {
        const lsn_subject_key_def *key = &lsn_subject_keys[def->keys[k]];
        int32_t i = lsn_subject_index(about, def->keys[k]);
        lsn_value *v = NULL;
        switch (key->kind) {
        case LSN_SUBJECT_SERIES:
            v = i >= 0 ? lsn_value_str(series[i].uid) : lsn_value_null();
            break;
        case LSN_SUBJECT_UNIT:
            v = i >= 0 ? lsn_value_str(units[i].id) : lsn_value_null();
            break;
        case LSN_SUBJECT_PERSON:
            v = i >= 0 ? lsn_value_str(people[i].email) : lsn_value_null();
            break;
        case LSN_SUBJECT_UNITS:
            v = lsn_value_list();
            for (size_t t = 0; v != NULL && t < about->nteams; t++) {
                if (lsn_value_push(v, lsn_value_str(units[about->teams[t]].id)) != LSN_OK) {
                    lsn_value_free(v);
                    v = NULL;
                }
            }
            break;
        }
        rc = lsn_value_set(obj, key->name, v);
    }
    if (rc != LSN_OK) {
        lsn_value_free(obj);
        return NULL;
    }
    return obj;
}

int lsn_findings_new(lsn_findings **out)
{
    *out = calloc(1, sizeof(**out));
    return *out ? LSN_OK : lsn_oom();
}

void lsn_findings_free(lsn_findings *f)
{
    if (f == NULL) {
        return;
    }
    for (size_t i = 0; i < f->n; i++) {
        free((int32_t *)f->items[i].about.teams);
        lsn_value_free(f->items[i].subject);
        lsn_value_free(f->items[i].metrics);
        free(f->items[i].explanation);
    }
    free(f->items);
    free(f);
}

/* Append a finding that owns subject, metrics and explanation (also on failure). */
/* Append x, taking its subject, metrics and explanation (also on failure),
 * copying about.teams; x->type is set from x->kind. */
static int append(lsn_findings *f, const lsn_finding *x)
{
    const lsn_subject *about = &x->about;
    int32_t *teams = NULL;
    if (about->nteams > 0) {
        teams = malloc(about->nteams * sizeof(*teams));
        if (teams != NULL) {
            memcpy(teams, about->teams, about->nteams * sizeof(*teams));
        }
    }
    if (x->subject == NULL || x->metrics == NULL || x->explanation == NULL ||
        (about->nteams > 0 && teams == NULL)) {
        goto oom;
    }
    if (LSN_GROW(f->items, f->cap, f->n + 1) != LSN_OK) {
        goto oom;
    }
    lsn_finding *it = &f->items[f->n++];
    *it = *x;
    it->type = lsn_finding_type_name(x->kind);
    it->about.teams = teams;
    return LSN_OK;
oom:
    free(teams);
    lsn_value_free(x->subject);
    lsn_value_free(x->metrics);
    free(x->explanation);
    return lsn_oom();
}

int lsn_findings_add(lsn_findings *f, const lsn_calendar *cal, const lsn_finding *x)
{
    lsn_finding it = *x;
    it.subject = subject_value(cal, x->kind, &x->about);
    it.explanation = strdup(x->explanation);
    return append(f, &it);
}

int lsn_findings_add_edited(lsn_findings *f,
                            const lsn_finding *x,
                            lsn_value *metrics,
                            const char *explanation)
{
    lsn_finding it = *x;
    it.subject = lsn_value_copy(x->subject);
    it.metrics = metrics;
    it.explanation = strdup(explanation);
    return append(f, &it);
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
        k[i].type = (int)f->items[i].kind;
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
