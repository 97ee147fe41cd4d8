/*
 * viz/compare.c — the finding differences between two runs and the three
 * files of `liaison compare`. It formats what the analysis computed
 * (analysis/metrics.h) and the roster differences (io/roster_diff.h); it
 * runs no pass and loads nothing.
 */
#include "viz/compare.h"

#include "analysis/params.h"
#include "io/csvout.h"
#include "io/error.h"
#include "io/fsutil.h"
#include "io/plural.h"
#include "io/utf8.h"
#include "io/vec.h"
#include "viz/report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Numbers, CSV fields, values                                          */
/* ------------------------------------------------------------------ */

static double round6(double x)
{
    double r = round(x * 1e6) / 1e6;
    return r == 0 ? 0 : r; /* no "-0" */
}

json_t *lsn_json_text(const char *s)
{
    if (s == NULL) {
        return NULL;
    }
    size_t n = strlen(s);
    if (lsn_utf8_valid(s, n)) {
        return json_stringn_nocheck(s, n);
    }
    size_t grown = lsn_latin1_utf8_len(s, n);
    char *copy = malloc(grown + 1);
    if (copy == NULL) {
        return NULL;
    }
    lsn_latin1_to_utf8(copy, s, n);
    json_t *out = json_stringn_nocheck(copy, grown);
    free(copy);
    return out;
}

json_t *lsn_json_number(double x)
{
    return isfinite(x) ? json_real(round6(x)) : json_null();
}

char *lsn_csv_number(char *buf, size_t size, double x)
{
    if (!isfinite(x)) {
        buf[0] = '\0';
        return buf;
    }
    snprintf(buf, size, "%.6f", round6(x));
    char *dot = strchr(buf, '.');
    if (dot != NULL) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0') {
            *--end = '\0';
        }
        if (end == dot + 1) {
            *dot = '\0';
        }
    }
    return buf;
}

json_t *lsn_value_json(const lsn_value *v)
{
    json_t *out = NULL;
    switch (v->kind) {
    case LSN_VAL_BOOL:
        return json_boolean(v->b);
    case LSN_VAL_INT:
        return json_integer(v->i);
    case LSN_VAL_NUM:
        return lsn_json_number(v->d);
    case LSN_VAL_STR:
        return lsn_json_text(v->s);
    case LSN_VAL_LIST:
        out = json_array();
        for (size_t i = 0; out != NULL && i < v->n; i++) {
            json_t *item = lsn_value_json(v->items[i]);
            if (item == NULL || json_array_append_new(out, item) != 0) {
                json_decref(out);
                out = NULL;
            }
        }
        return out;
    case LSN_VAL_OBJECT:
        out = json_object();
        for (size_t i = 0; out != NULL && i < v->n; i++) {
            json_t *item = lsn_value_json(v->items[i]);
            if (item == NULL || json_object_set_new(out, v->keys[i], item) != 0) {
                json_decref(out);
                out = NULL;
            }
        }
        return out;
    default:
        return json_null();
    }
}

int lsn_json_set_new(json_t *obj, const char *key, json_t *value)
{
    if (obj == NULL || value == NULL) {
        json_decref(value);
        return -1;
    }
    return json_object_set_new_nocheck(obj, key, value); /* keys are the code's names */
}

int lsn_json_push_new(json_t *arr, json_t *value)
{
    if (arr == NULL || value == NULL) {
        json_decref(value);
        return -1;
    }
    return json_array_append_new(arr, value);
}

json_t *lsn_finding_json(const lsn_finding *f)
{
    json_t *o = json_object();
    int bad = lsn_json_set_new(o, "type", lsn_json_text(f->type));
    bad |= lsn_json_set_new(o, "severity", lsn_json_text(lsn_severity_name(f->severity)));
    for (size_t k = 0; f->subject != NULL && k < f->subject->n; k++) {
        bad |= lsn_json_set_new(o, f->subject->keys[k], lsn_value_json(f->subject->items[k]));
    }
    bad |= lsn_json_set_new(o, "metrics", lsn_value_json(f->metrics));
    bad |= lsn_json_set_new(o, "explanation", lsn_json_text(f->explanation));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ------------------------------------------------------------------ */
/* Differences                                                          */
/* ------------------------------------------------------------------ */

struct keyed {
    char *key; /* type \x1f subject text */
    size_t index;
};

static int cmp_keyed(const void *x, const void *y)
{
    const struct keyed *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    if (c != 0) {
        return c;
    }
    return (a->index > b->index) - (a->index < b->index);
}

static void free_keys(struct keyed *k, size_t n)
{
    for (size_t i = 0; k != NULL && i < n; i++) {
        free(k[i].key);
    }
    free(k);
}

/* The identities of a list of findings, sorted. */
static int identities(struct keyed **out, const lsn_finding *items, size_t n)
{
    struct keyed *k = calloc(n ? n : 1, sizeof(*k));
    *out = NULL;
    if (k == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < n; i++) {
        char *subject = lsn_value_to_text(items[i].subject);
        size_t len = strlen(items[i].type) + (subject ? strlen(subject) : 0) + 2;
        k[i].key = subject != NULL ? malloc(len) : NULL;
        k[i].index = i;
        if (k[i].key == NULL) {
            free(subject);
            free_keys(k, n);
            return lsn_oom();
        }
        snprintf(k[i].key, len, "%s\x1f%s", items[i].type, subject);
        free(subject);
    }
    if (n > 1) {
        qsort(k, n, sizeof(*k), cmp_keyed);
    }
    *out = k;
    return LSN_OK;
}

/* The findings of items whose flag is set, in order, as a JSON array. */
static json_t *flagged(const lsn_finding *items, size_t n, const unsigned char *flag)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < n; i++) {
        if (flag[i] && lsn_json_push_new(arr, lsn_finding_json(&items[i])) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return arr;
}

int lsn_findings_diff(json_t **appeared,
                      json_t **disappeared,
                      const lsn_findings *baseline,
                      const lsn_findings *scenario)
{
    int rc;
    size_t nb, ns;
    const lsn_finding *b = lsn_findings_items(baseline, &nb);
    const lsn_finding *s = lsn_findings_items(scenario, &ns);
    struct keyed *kb = NULL, *ks = NULL;
    unsigned char *gone = calloc(nb ? nb : 1, 1), *fresh = calloc(ns ? ns : 1, 1);
    *appeared = *disappeared = NULL;
    if (gone == NULL || fresh == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    if ((rc = identities(&kb, b, nb)) != LSN_OK || (rc = identities(&ks, s, ns)) != LSN_OK) {
        goto cleanup;
    }
    size_t i = 0, j = 0;
    while (i < nb || j < ns) {
        int c = i == nb ? 1 : j == ns ? -1 : strcmp(kb[i].key, ks[j].key);
        if (c < 0) {
            gone[kb[i++].index] = 1;
        } else if (c > 0) {
            fresh[ks[j++].index] = 1;
        } else {
            i++;
            j++;
        }
    }
    *appeared = flagged(s, ns, fresh);
    *disappeared = flagged(b, nb, gone);
    if (*appeared == NULL || *disappeared == NULL) {
        json_decref(*appeared);
        json_decref(*disappeared);
        *appeared = *disappeared = NULL;
        rc = lsn_oom();
    }
cleanup:
    free_keys(kb, nb);
    free_keys(ks, ns);
    free(gone);
    free(fresh);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The table                                                            */
/* ------------------------------------------------------------------ */

struct column {
    char *name, *people, *teams, *needs;
    lsn_metrics m;
    json_t *added, *removed, *appeared, *disappeared;
};

struct lsn_compare {
    struct column *cols;
    size_t n, cap;
    int32_t min_group;
};

void lsn_compare_set_min_group(lsn_compare *c, int32_t min_group)
{
    c->min_group = min_group;
}

int lsn_compare_new(lsn_compare **out)
{
    *out = calloc(1, sizeof(**out));
    return *out != NULL ? LSN_OK : lsn_oom();
}

static void column_free(struct column *c)
{
    free(c->name);
    free(c->people);
    free(c->teams);
    free(c->needs);
    json_decref(c->added);
    json_decref(c->removed);
    json_decref(c->appeared);
    json_decref(c->disappeared);
}

void lsn_compare_free(lsn_compare *c)
{
    if (c == NULL) {
        return;
    }
    for (size_t i = 0; i < c->n; i++) {
        column_free(&c->cols[i]);
    }
    free(c->cols);
    free(c);
}

static bool dup_or_null(char **out, const char *s)
{
    *out = s != NULL ? strdup(s) : NULL;
    return s == NULL || *out != NULL;
}

static json_t *string_array(const char *const *list, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < n; i++) {
        if (lsn_json_push_new(arr, lsn_json_text(list[i])) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return arr;
}

int lsn_compare_add(lsn_compare *c,
                    const lsn_scenario_inputs *inputs,
                    const lsn_metrics *m,
                    const lsn_findings *baseline,
                    const lsn_findings *findings,
                    const lsn_roster_diff *diff)
{
    int rc = LSN_OK;
    if ((rc = LSN_GROW(c->cols, c->cap, c->n + 1)) != LSN_OK) {
        return rc;
    }
    struct column col = {0};
    col.m = *m;
    if (!dup_or_null(&col.name, inputs->name) || !dup_or_null(&col.people, inputs->people) ||
        !dup_or_null(&col.teams, inputs->teams) || !dup_or_null(&col.needs, inputs->needs)) {
        rc = lsn_oom();
        goto cleanup;
    }
    if (baseline != NULL) {
        if ((rc = lsn_findings_diff(&col.appeared, &col.disappeared, baseline, findings)) !=
            LSN_OK) {
            goto cleanup;
        }
    } else {
        col.appeared = json_array();
        col.disappeared = json_array();
    }
    col.added = string_array(diff ? diff->added : NULL, diff ? diff->nadded : 0);
    col.removed = string_array(diff ? diff->removed : NULL, diff ? diff->nremoved : 0);
    if (col.appeared == NULL || col.disappeared == NULL || col.added == NULL ||
        col.removed == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    c->cols[c->n++] = col;
    return LSN_OK;
cleanup:
    column_free(&col);
    return rc;
}

/* The rows of the table, in the order of every file. */
enum kind { K_INT, K_SHARE, K_CONGRUENCE, K_REAL };

static const struct row {
    const char *key;
    const char *label;
    enum kind kind;
    size_t offset;
} rows[] = {
    {"people", "people", K_INT, offsetof(lsn_metrics, people)},
    {"teams", "teams", K_INT, offsetof(lsn_metrics, teams)},
    {"cross_team_share", "cross-team share of meeting hours", K_SHARE,
     offsetof(lsn_metrics, cross_team_share)},
    {"team_links", "team links (pairs that meet)", K_INT, offsetof(lsn_metrics, team_links)},
    {"missing_links", "missing links", K_INT, offsetof(lsn_metrics, missing_links)},
    {"declared_needs", "declared needs", K_INT, offsetof(lsn_metrics, declared_needs)},
    {"congruence", "congruence (needs met)", K_CONGRUENCE, offsetof(lsn_metrics, congruence)},
    {"oversized_meetings", "oversized meetings", K_INT, offsetof(lsn_metrics, oversized_meetings)},
    {"liaison_links", "liaison links", K_INT, offsetof(lsn_metrics, liaison_links)},
    {"modularity", "modularity of the teams", K_REAL, offsetof(lsn_metrics, modularity)},
    {"findings", "findings", K_INT, offsetof(lsn_metrics, findings)},
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static double row_value(const struct row *r, const lsn_metrics *m)
{
    return lsn_param_field(m, r->offset, r->kind == K_INT);
}

static json_t *metrics_json(const lsn_metrics *m)
{
    json_t *o = json_object();
    json_t *by = json_object();
    int bad = 0;
    size_t ntypes = lsn_metrics_ntypes();
    for (size_t k = 0; k < ntypes; k++) {
        bad |= lsn_json_set_new(by, lsn_finding_types[k], json_integer(m->by_type[k]));
    }
    for (size_t i = 0; i < NROWS; i++) {
        double v = row_value(&rows[i], m);
        bad |= lsn_json_set_new(o, rows[i].key,
                                rows[i].kind == K_INT ? json_integer((json_int_t)v)
                                                      : lsn_json_number(v));
        if (strcmp(rows[i].key, "findings") == 0) {
            bad |= lsn_json_set_new(o, "findings_by_type", by);
            by = NULL;
        }
    }
    json_decref(by);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *string_or_null(const char *s)
{
    return s != NULL ? lsn_json_text(s) : json_null();
}

static json_t *compare_json(const lsn_compare *c)
{
    json_t *root = json_object();
    json_t *arr = json_array();
    int bad = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct column *col = &c->cols[i];
        json_t *o = json_object();
        json_t *roster = json_object();
        char report[512];
        snprintf(report, sizeof(report), "%s/report.json", col->name);
        bad |= lsn_json_set_new(o, "name", lsn_json_text(col->name));
        bad |= lsn_json_set_new(o, "people", string_or_null(col->people));
        bad |= lsn_json_set_new(o, "teams", string_or_null(col->teams));
        bad |= lsn_json_set_new(o, "needs", string_or_null(col->needs));
        bad |= lsn_json_set_new(o, "report", lsn_json_text(report));
        bad |= lsn_json_set_new(o, "metrics", metrics_json(&col->m));
        if (c->min_group > 1) {
            bad |= lsn_json_set_new(roster, "added_count",
                                    json_integer((json_int_t)json_array_size(col->added)));
            bad |= lsn_json_set_new(roster, "removed_count",
                                    json_integer((json_int_t)json_array_size(col->removed)));
        } else {
            bad |= lsn_json_set_new(roster, "added", json_copy(col->added));
            bad |= lsn_json_set_new(roster, "removed", json_copy(col->removed));
        }
        bad |= lsn_json_set_new(o, "roster", roster);
        bad |= lsn_json_set_new(o, "appeared", json_copy(col->appeared));
        bad |= lsn_json_set_new(o, "disappeared", json_copy(col->disappeared));
        bad |= lsn_json_push_new(arr, o);
    }
    bad |= lsn_json_set_new(root, "scenarios", arr);
    if (bad) {
        json_decref(root);
        return NULL;
    }
    return root;
}

static int open_out(FILE **f, const char *dir, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    *f = lsn_fs_create(path);
    if (*f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    return LSN_OK;
}

static int close_out(FILE *f, const char *path)
{
    if (fclose(f) != 0) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    return LSN_OK;
}

static void csv_count(FILE *f, double v, bool last)
{
    char buf[64];
    lsn_csv_field(f, lsn_csv_number(buf, sizeof(buf), v), last);
}

static int write_csv(const lsn_compare *c, const char *dir)
{
    char path[4096];
    FILE *f;
    int rc = open_out(&f, dir, "compare.csv", path, sizeof(path));
    if (rc != LSN_OK) {
        return rc;
    }
    lsn_csv_field(f, "metric", c->n == 0);
    for (size_t i = 0; i < c->n; i++) {
        lsn_csv_field(f, c->cols[i].name, i + 1 == c->n);
    }
    for (size_t r = 0; r < NROWS; r++) {
        lsn_csv_field(f, rows[r].key, c->n == 0);
        for (size_t i = 0; i < c->n; i++) {
            csv_count(f, row_value(&rows[r], &c->cols[i].m), i + 1 == c->n);
        }
    }
    size_t ntypes = lsn_metrics_ntypes();
    for (size_t k = 0; k < ntypes; k++) {
        char key[128];
        snprintf(key, sizeof(key), "findings.%s", lsn_finding_types[k]);
        lsn_csv_field(f, key, c->n == 0);
        for (size_t i = 0; i < c->n; i++) {
            csv_count(f, c->cols[i].m.by_type[k], i + 1 == c->n);
        }
    }
    static const char *const extra[] = {"roster_added", "roster_removed", "findings_appeared",
                                        "findings_disappeared"};
    for (size_t e = 0; e < 4; e++) {
        lsn_csv_field(f, extra[e], c->n == 0);
        for (size_t i = 0; i < c->n; i++) {
            const struct column *col = &c->cols[i];
            const json_t *arr = e == 0   ? col->added
                                : e == 1 ? col->removed
                                : e == 2 ? col->appeared
                                         : col->disappeared;
            csv_count(f, (double)json_array_size(arr), i + 1 == c->n);
        }
    }
    return close_out(f, path);
}

/* Row r of compare.csv for column i, in the order compare.csv writes its
 * rows: its metric name into key, its value returned. */
static double long_row(const lsn_compare *c, size_t r, size_t i, char *key, size_t size)
{
    static const char *const extra[] = {"roster_added", "roster_removed", "findings_appeared",
                                        "findings_disappeared"};
    const struct column *col = &c->cols[i];
    size_t ntypes = lsn_metrics_ntypes();
    if (r < NROWS) {
        snprintf(key, size, "%s", rows[r].key);
        return row_value(&rows[r], &col->m);
    }
    if (r < NROWS + ntypes) {
        snprintf(key, size, "findings.%s", lsn_finding_types[r - NROWS]);
        return col->m.by_type[r - NROWS];
    }
    size_t e = r - NROWS - ntypes;
    snprintf(key, size, "%s", extra[e]);
    const json_t *arr = e == 0   ? col->added
                        : e == 1 ? col->removed
                        : e == 2 ? col->appeared
                                 : col->disappeared;
    return (double)json_array_size(arr);
}

/* compare_long.csv: the rows of compare.csv in long form, scenario by scenario. */
static int write_long_csv(const lsn_compare *c, const char *dir)
{
    char path[4096], key[128];
    FILE *f;
    int rc = open_out(&f, dir, "compare_long.csv", path, sizeof(path));
    if (rc != LSN_OK) {
        return rc;
    }
    lsn_csv_field(f, "scenario", false);
    lsn_csv_field(f, "metric", false);
    lsn_csv_field(f, "value", true);
    size_t nrows = NROWS + lsn_metrics_ntypes() + 4;
    for (size_t i = 0; i < c->n; i++) {
        for (size_t r = 0; r < nrows; r++) {
            double v = long_row(c, r, i, key, sizeof(key));
            lsn_csv_field(f, c->cols[i].name, false);
            lsn_csv_field(f, key, false);
            csv_count(f, v, true);
        }
    }
    return close_out(f, path);
}

/* One Markdown cell: the value, and for a scenario its difference from the
 * baseline when the shown figures differ. */
static void
md_cell(char *buf, size_t size, const struct row *r, const lsn_metrics *m, const lsn_metrics *base)
{
    double v = row_value(r, m);
    char delta[64] = "";
    double b = base != NULL ? row_value(r, base) : NAN;
    switch (r->kind) {
    case K_INT:
        if (base != NULL && v != b) {
            snprintf(delta, sizeof(delta), " (%+.0f)", v - b);
        }
        snprintf(buf, size, "%.0f%s", v, delta);
        return;
    case K_SHARE:
    case K_CONGRUENCE: {
        if (!isfinite(v)) {
            snprintf(buf, size, "n/a");
            return;
        }
        double d = round((v - b) * 1000.0) / 10.0;
        if (base != NULL && isfinite(b) && d != 0) {
            snprintf(delta, sizeof(delta), " (%+.1f pts)", d);
        }
        if (r->kind == K_CONGRUENCE) {
            snprintf(buf, size, "%d/%d = %.1f%%%s", m->declared_needs - m->missing_links,
                     m->declared_needs, 100.0 * v, delta);
        } else {
            snprintf(buf, size, "%.1f%%%s", 100.0 * v, delta);
        }
        return;
    }
    default: {
        if (!isfinite(v)) {
            snprintf(buf, size, "n/a");
            return;
        }
        double d = round((v - b) * 1000.0) / 1000.0;
        if (base != NULL && isfinite(b) && d != 0) {
            snprintf(delta, sizeof(delta), " (%+.3f)", d);
        }
        snprintf(buf, size, "%.3f%s", v, delta);
        return;
    }
    }
}

static void md_count_row(FILE *out, const lsn_compare *c, const char *label, size_t which)
{
    fprintf(out, "| %s |", label);
    for (size_t i = 0; i < c->n; i++) {
        const struct column *col = &c->cols[i];
        const json_t *arr = which == 0   ? col->added
                            : which == 1 ? col->removed
                            : which == 2 ? col->appeared
                                         : col->disappeared;
        if (i == 0) {
            fprintf(out, " – |");
        } else {
            fprintf(out, " %zu |", json_array_size(arr));
        }
    }
    fputc('\n', out);
}

void lsn_compare_print(FILE *out, const lsn_compare *c)
{
    fprintf(out, "| metric |");
    for (size_t i = 0; i < c->n; i++) {
        fprintf(out, " %s |", c->cols[i].name);
    }
    fprintf(out, "\n|---|");
    for (size_t i = 0; i < c->n; i++) {
        fprintf(out, "---:|");
    }
    fputc('\n', out);
    const lsn_metrics *base = c->n > 0 ? &c->cols[0].m : NULL;
    for (size_t r = 0; r < NROWS; r++) {
        fprintf(out, "| %s |", rows[r].label);
        for (size_t i = 0; i < c->n; i++) {
            char cell[160];
            md_cell(cell, sizeof(cell), &rows[r], &c->cols[i].m, i == 0 ? NULL : base);
            fprintf(out, " %s |", cell);
        }
        fputc('\n', out);
    }
    size_t ntypes = lsn_metrics_ntypes();
    for (size_t k = 0; k < ntypes; k++) {
        fprintf(out, "| · %s |", lsn_finding_types[k]);
        for (size_t i = 0; i < c->n; i++) {
            int v = c->cols[i].m.by_type[k];
            if (i > 0 && v != base->by_type[k]) {
                fprintf(out, " %d (%+d) |", v, v - base->by_type[k]);
            } else {
                fprintf(out, " %d |", v);
            }
        }
        fputc('\n', out);
    }
    md_count_row(out, c, "people added to the roster", 0);
    md_count_row(out, c, "people removed from the roster", 1);
    md_count_row(out, c, "findings that appear", 2);
    md_count_row(out, c, "findings that disappear", 3);
}

static void md_people(FILE *out, const char *what, const json_t *arr, bool names)
{
    size_t n = json_array_size(arr);
    fprintf(out, "%zu %s", n, what);
    for (size_t i = 0; names && i < n; i++) {
        fprintf(out, "%s%s", i == 0 ? ": " : ", ", json_string_value(json_array_get(arr, i)));
    }
}

static void md_findings(FILE *out, const char *title, const json_t *arr)
{
    size_t n = json_array_size(arr);
    if (n == 0) {
        return;
    }
    fprintf(out, "\n%s (%zu):\n\n", title, n);
    for (size_t i = 0; i < n; i++) {
        const json_t *f = json_array_get(arr, i);
        fprintf(out, "- `%s` (%s): %s\n", json_string_value(json_object_get(f, "type")),
                json_string_value(json_object_get(f, "severity")),
                json_string_value(json_object_get(f, "explanation")));
    }
}

static int write_md(const lsn_compare *c, const lsn_calendar *cal, const char *dir)
{
    char path[4096];
    FILE *f;
    int rc = open_out(&f, dir, "compare.md", path, sizeof(path));
    if (rc != LSN_OK) {
        return rc;
    }
    const lsn_window *w = lsn_calendar_window(cal);
    size_t nfiles;
    lsn_calendar_files(cal, &nfiles);
    fprintf(f, "# Scenario comparison\n\n");
    fprintf(f,
            "The same calendars (%zu %s, %s to %s, %s, %.1f weeks) read against each "
            "roster. Differences from `%s` are in parentheses; each column's full report is "
            "NAME/report.json.\n\n",
            nfiles, lsn_plural((int64_t)nfiles, "file", "files"), w->from_date, w->to_date, w->tz,
            lsn_window_weeks(w), c->n > 0 ? c->cols[0].name : "baseline");
    lsn_compare_print(f, c);
    for (size_t i = 0; i < c->n; i++) {
        const struct column *col = &c->cols[i];
        fprintf(f, "\n## %s\n\n", col->name);
        fprintf(f, "Roster `%s`", col->people ? col->people : "");
        if (col->teams != NULL) {
            fprintf(f, ", hierarchy `%s`", col->teams);
        }
        if (col->needs != NULL) {
            fprintf(f, ", needs `%s`", col->needs);
        }
        fprintf(f, ".\n");
        if (i == 0) {
            continue;
        }
        if (json_array_size(col->added) == 0 && json_array_size(col->removed) == 0) {
            fprintf(f, "\nSame people as the baseline.\n");
        } else {
            fprintf(f, "\nPeople: ");
            md_people(f, "added", col->added, c->min_group <= 1);
            fprintf(f, "; ");
            md_people(f, "removed", col->removed, c->min_group <= 1);
            fprintf(f, ".\n");
        }
        if (json_array_size(col->appeared) == 0 && json_array_size(col->disappeared) == 0) {
            fprintf(f, "\nNo finding appears or disappears.\n");
        }
        md_findings(f, "Findings that appear", col->appeared);
        md_findings(f, "Findings that disappear", col->disappeared);
    }
    return close_out(f, path);
}

int lsn_compare_write(const lsn_compare *c, const lsn_calendar *cal, const char *dir)
{
    int rc;
    char path[4096];
    json_t *root = compare_json(c);
    if (root == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory while building compare.json");
    }
    snprintf(path, sizeof(path), "%s/compare.json", dir);
    if (json_dump_file(root, path,
                       JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) != 0) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot write", path);
    } else if ((rc = write_csv(c, dir)) == LSN_OK && (rc = write_long_csv(c, dir)) == LSN_OK) {
        rc = write_md(c, cal, dir);
    }
    json_decref(root);
    return rc;
}
