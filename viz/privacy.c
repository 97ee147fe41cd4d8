/*
 * viz/privacy.c — the rules of --min-group (viz/privacy.h), written once: the
 * verdicts on units, findings, metrics, proposal entries and sentences, from
 * a run's model or a written report, and the two list edits that use them (a
 * run's published findings, a report restricted for `render`).
 */
#include "viz/privacy.h"

#include "io/error.h"
#include "io/strmap.h"
#include "viz/compare.h"
#include "viz/report_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define ONE_PERSON "one person"

struct lsn_privacy {
    int32_t min_group; /* <= 1: nothing is withheld and nothing below is built */
    lsn_strmap *ids;   /* unit ids */
    double *size;      /* per id: headcount of a team, people under an org unit */
    size_t cap;
    lsn_strmap *people; /* a run: every participant address; a report: every person named */
    const lsn_org *org; /* a run: the roster that proposal reasons name; NULL for a report */
};

/* ------------------------------------------------------------------ */
/* Sentences                                                            */
/* ------------------------------------------------------------------ */

/* Whether the n bytes at s are a person. */
typedef bool (*person_test)(const lsn_privacy *p, const char *s, size_t n);

static bool is_participant(const lsn_privacy *p, const char *s, size_t n)
{
    return lsn_strmap_findn(p->people, s, n) >= 0;
}

static bool is_roster_email(const lsn_privacy *p, const char *s, size_t n)
{
    char small[256];
    if (p->org == NULL) {
        return is_participant(p, s, n);
    }
    if (n >= sizeof(small)) {
        return false;
    }
    memcpy(small, s, n);
    small[n] = '\0';
    return lsn_org_find_person(p->org, small) >= 0;
}

/* text with every word that is_person accepts written ONE_PERSON. */
static char *redact_people(const lsn_privacy *p, const char *text, person_test is_person)
{
    if (p->min_group <= 1) {
        return strdup(text);
    }
    lsn_text t = {0};
    lsn_text_put(&t, "", 0);
    const char *s = text;
    while (*s) {
        const char *e = s;
        while (*e && isspace((unsigned char)*e)) {
            e++;
        }
        lsn_text_put(&t, s, (size_t)(e - s));
        s = e;
        while (*e && !isspace((unsigned char)*e)) {
            e++;
        }
        const char *b = s, *f = e;
        while (b < f && strchr("([{\"'", *b) != NULL) {
            b++;
        }
        while (f > b && strchr(".,;:!?)]}\"'", f[-1]) != NULL) {
            f--;
        }
        if (f > b && is_person(p, b, (size_t)(f - b))) {
            lsn_text_put(&t, s, (size_t)(b - s));
            lsn_text_put(&t, ONE_PERSON, strlen(ONE_PERSON));
            lsn_text_put(&t, f, (size_t)(e - f));
        } else {
            lsn_text_put(&t, s, (size_t)(e - s));
        }
        s = e;
    }
    if (t.failed) {
        free(t.p);
        return NULL;
    }
    return t.p;
}

char *lsn_privacy_redact(const lsn_privacy *p, const char *text)
{
    return redact_people(p, text, is_participant);
}

char *lsn_privacy_redact_reason(const lsn_privacy *p, const char *text)
{
    return redact_people(p, text, is_roster_email);
}

/* ------------------------------------------------------------------ */
/* Sizes and people                                                     */
/* ------------------------------------------------------------------ */

static int32_t unit_size(const lsn_unit *u)
{
    return u->headcount > 0 ? u->headcount : u->people_under;
}

bool lsn_unit_withheld(const lsn_unit *u, int32_t min_group)
{
    return min_group > 1 && unit_size(u) < min_group;
}

/* Record the size of unit id; a size already known is kept unless override. */
static int set_size(lsn_privacy *p, const char *id, double size, bool override)
{
    if (id == NULL) {
        return LSN_OK;
    }
    int32_t k;
    size_t before = lsn_strmap_count(p->ids);
    int rc = lsn_strmap_intern(&k, p->ids, id, strlen(id));
    if (rc != LSN_OK) {
        return rc;
    }
    if ((size_t)k >= p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        double *q = realloc(p->size, cap * sizeof(*q));
        if (q == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        p->size = q;
        p->cap = cap;
    }
    if ((size_t)k >= before || override) {
        p->size[k] = size;
    }
    return LSN_OK;
}

const char *lsn_jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

int lsn_report_remember(lsn_strmap *map, const char *s)
{
    int32_t id;
    return s != NULL ? lsn_strmap_intern(&id, map, s, strlen(s)) : LSN_OK;
}

int lsn_report_remember_list(lsn_strmap *map, const json_t *arr)
{
    size_t i;
    const json_t *v;
    int rc = LSN_OK;
    json_array_foreach(arr, i, v)
    {
        if (rc == LSN_OK) {
            rc = lsn_report_remember(map, json_string_value(v));
        }
    }
    return rc;
}

int lsn_report_people(lsn_strmap *map, const json_t *root)
{
    size_t i;
    const json_t *e;
    const json_t *in = json_object_get(root, "input");
    int rc = lsn_report_remember_list(map, json_object_get(in, "unknown_list"));
    if (rc == LSN_OK) {
        rc = lsn_report_remember_list(map, json_object_get(in, "external_list"));
    }
    json_array_foreach(json_object_get(root, "people"), i, e)
    {
        rc = rc == LSN_OK ? lsn_report_remember(map, lsn_jstr(e, "person")) : rc;
    }
    json_array_foreach(json_object_get(root, "liaisons"), i, e)
    {
        rc = rc == LSN_OK ? lsn_report_remember(map, lsn_jstr(e, "person")) : rc;
    }
    json_array_foreach(json_object_get(root, "findings"), i, e)
    {
        for (int k = LSN_KEY_NONE + 1; k < LSN_SUBJECT_KEYS; k++) {
            if (rc == LSN_OK && lsn_subject_keys[k].kind == LSN_SUBJECT_PERSON) {
                rc = lsn_report_remember(map, lsn_jstr(e, lsn_subject_keys[k].name));
            }
        }
    }
    json_array_foreach(json_object_get(root, "proposal"), i, e)
    {
        rc = rc == LSN_OK ? lsn_report_remember_list(map, json_object_get(e, "people")) : rc;
    }
    return rc;
}

static int privacy_alloc(lsn_privacy **out, int32_t min_group)
{
    *out = calloc(1, sizeof(**out));
    if (*out == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    (*out)->min_group = min_group > 1 ? min_group : 1;
    if (min_group <= 1) {
        return LSN_OK;
    }
    int rc = lsn_strmap_new(&(*out)->ids);
    if (rc == LSN_OK) {
        rc = lsn_strmap_new(&(*out)->people);
    }
    return rc;
}

int lsn_privacy_new(lsn_privacy **out, const lsn_calendar *cal, int32_t min_group)
{
    lsn_privacy *p = NULL;
    int rc = privacy_alloc(&p, min_group);
    if (rc == LSN_OK && p->min_group > 1) {
        size_t nu, np;
        p->org = lsn_calendar_org(cal);
        const lsn_unit *units = lsn_org_units(p->org, &nu);
        for (size_t i = 0; rc == LSN_OK && i < nu; i++) {
            rc = set_size(p, units[i].id, unit_size(&units[i]), true);
        }
        const lsn_participant *pt = lsn_calendar_participants(cal, &np);
        for (size_t i = 0; rc == LSN_OK && i < np; i++) {
            rc = lsn_report_remember(p->people, pt[i].address);
        }
    }
    if (rc != LSN_OK) {
        lsn_privacy_free(p);
        p = NULL;
    }
    *out = p;
    return rc;
}

int lsn_privacy_from_report(lsn_privacy **out, const json_t *root, int32_t min_group)
{
    lsn_privacy *p = NULL;
    int rc = privacy_alloc(&p, min_group);
    if (rc == LSN_OK && p->min_group > 1) {
        size_t i;
        const json_t *e;
        json_array_foreach(json_object_get(root, "units"), i, e)
        {
            double head = json_number_value(json_object_get(e, "headcount"));
            double under = json_number_value(json_object_get(e, "people_under"));
            rc =
                rc == LSN_OK ? set_size(p, lsn_jstr(e, "unit"), head > 0 ? head : under, true) : rc;
        }
        json_array_foreach(json_object_get(root, "teams"), i, e)
        {
            double head = json_number_value(json_object_get(e, "headcount"));
            rc = rc == LSN_OK ? set_size(p, lsn_jstr(e, "team"), head, false) : rc;
        }
        if (rc == LSN_OK) {
            rc = lsn_report_people(p->people, root);
        }
    }
    if (rc != LSN_OK) {
        lsn_privacy_free(p);
        p = NULL;
    }
    *out = p;
    return rc;
}

void lsn_privacy_free(lsn_privacy *p)
{
    if (p == NULL) {
        return;
    }
    lsn_strmap_free(p->ids);
    lsn_strmap_free(p->people);
    free(p->size);
    free(p);
}

/* ------------------------------------------------------------------ */
/* Verdicts                                                             */
/* ------------------------------------------------------------------ */

int32_t lsn_privacy_min_group(const lsn_privacy *p)
{
    return p->min_group;
}

bool lsn_privacy_persons_shown(const lsn_privacy *p)
{
    return p->min_group <= 1;
}

bool lsn_privacy_unit_withheld(const lsn_privacy *p, const char *id)
{
    if (p->min_group <= 1 || id == NULL) {
        return false;
    }
    int32_t k = lsn_strmap_find(p->ids, id);
    return k < 0 || !(p->size[k] >= p->min_group);
}

bool lsn_privacy_need_withheld(const lsn_privacy *p,
                               const char *team,
                               const char *from,
                               const char *target)
{
    return lsn_privacy_unit_withheld(p, team) || lsn_privacy_unit_withheld(p, from) ||
           lsn_privacy_unit_withheld(p, target);
}

lsn_privacy_verdict lsn_privacy_finding(const lsn_privacy *p, const json_t *finding)
{
    if (p->min_group <= 1) {
        return LSN_PRIVACY_KEEP;
    }
    bool person = false, unit = false;
    for (int k = LSN_KEY_NONE + 1; k < LSN_SUBJECT_KEYS; k++) {
        const json_t *v = json_object_get(finding, lsn_subject_keys[k].name);
        size_t i;
        const json_t *t;
        switch (lsn_subject_keys[k].kind) {
        case LSN_SUBJECT_PERSON:
            person |= v != NULL && !json_is_null(v);
            break;
        case LSN_SUBJECT_UNIT:
            unit |= json_is_string(v) && lsn_privacy_unit_withheld(p, json_string_value(v));
            break;
        case LSN_SUBJECT_UNITS:
            json_array_foreach(v, i, t)
            {
                unit |= json_is_string(t) && lsn_privacy_unit_withheld(p, json_string_value(t));
            }
            break;
        case LSN_SUBJECT_SERIES:
            break;
        }
    }
    return person ? LSN_PRIVACY_WITHHOLD_PERSON : unit ? LSN_PRIVACY_WITHHOLD : LSN_PRIVACY_KEEP;
}

bool lsn_privacy_names_people(const lsn_privacy *p, const json_t *v)
{
    if (p->min_group <= 1) {
        return false;
    }
    if (json_is_string(v)) {
        return lsn_strmap_find(p->people, json_string_value(v)) >= 0;
    }
    if (!json_is_array(v) || json_array_size(v) == 0) {
        return false;
    }
    size_t i;
    const json_t *x;
    json_array_foreach(v, i, x)
    {
        if (!json_is_string(x) || lsn_strmap_find(p->people, json_string_value(x)) < 0) {
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* A run's published findings                                           */
/* ------------------------------------------------------------------ */

/* The subject of x as report.json writes it, for the verdict. */
static json_t *subject_json(const lsn_finding *x)
{
    json_t *o = json_object();
    for (size_t k = 0; o != NULL && k < x->subject->n; k++) {
        json_t *v = lsn_value_json(x->subject->items[k]);
        if (v == NULL || json_object_set_new(o, x->subject->keys[k], v) != 0) {
            json_decref(o);
            o = NULL;
        }
    }
    return o;
}

/* A copy of metrics without those that name people; NULL on out of memory. */
static lsn_value *published_metrics(const lsn_privacy *p, const lsn_value *metrics)
{
    lsn_value *out = lsn_value_object();
    for (size_t k = 0; out != NULL && k < metrics->n; k++) {
        if (p->min_group > 1) {
            json_t *j = lsn_value_json(metrics->items[k]);
            bool drop = j != NULL && lsn_privacy_names_people(p, j);
            json_decref(j);
            if (j == NULL) {
                lsn_value_free(out);
                return NULL;
            }
            if (drop) {
                continue;
            }
        }
        if (lsn_value_set(out, metrics->keys[k], lsn_value_copy(metrics->items[k])) != LSN_OK) {
            lsn_value_free(out);
            out = NULL;
        }
    }
    return out;
}

int lsn_findings_publish(lsn_findings **out,
                         lsn_withheld *withheld,
                         const lsn_findings *in,
                         const lsn_analysis *a,
                         int32_t min_group)
{
    lsn_privacy *p = NULL;
    lsn_findings *f = NULL;
    memset(withheld, 0, sizeof(*withheld));
    *out = NULL;
    int rc = lsn_findings_new(&f);
    if (rc == LSN_OK) {
        rc = lsn_privacy_new(&p, lsn_analysis_calendar(a), min_group);
    }
    size_t n;
    const lsn_finding *items = lsn_findings_items(in, &n);
    for (size_t i = 0; rc == LSN_OK && i < n; i++) {
        const lsn_finding *x = &items[i];
        json_t *subject = subject_json(x);
        if (subject == NULL) {
            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
            break;
        }
        lsn_privacy_verdict verdict = lsn_privacy_finding(p, subject);
        json_decref(subject);
        if (verdict == LSN_PRIVACY_WITHHOLD_PERSON) {
            withheld->person_findings++;
            continue;
        }
        if (verdict == LSN_PRIVACY_WITHHOLD) {
            withheld->findings++;
            continue;
        }
        lsn_value *metrics = published_metrics(p, x->metrics);
        char *text = lsn_privacy_redact(p, x->explanation);
        if (metrics == NULL || text == NULL) {
            lsn_value_free(metrics);
            free(text);
            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
            break;
        }
        rc = lsn_findings_add_edited(f, x, metrics, text);
        free(text);
    }
    lsn_privacy_free(p);
    if (rc != LSN_OK) {
        lsn_findings_free(f);
        return rc;
    }
    *out = f;
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* A written report, restricted (liaison render)                        */
/* ------------------------------------------------------------------ */

/* Replace the string at key by redact(its text). */
static int redact_json(json_t *o,
                       const char *key,
                       const lsn_privacy *p,
                       char *(*redact)(const lsn_privacy *, const char *))
{
    const char *s = lsn_jstr(o, key);
    if (s == NULL) {
        return LSN_OK;
    }
    char *r = redact(p, s);
    int bad = r == NULL || json_object_set_new(o, key, json_string(r)) != 0;
    free(r);
    return bad ? lsn_error_set(LSN_ENOMEM, "out of memory") : LSN_OK;
}

static void add_count(json_t *o, const char *key, int64_t n)
{
    json_int_t was = json_integer_value(json_object_get(o, key));
    json_object_set_new(o, key, json_integer(was + n));
}

/* 1 keep, 0 drop, -1 out of memory; *extra counts what a keeper says. */
typedef int (*keep_fn)(json_t *e, const lsn_privacy *p, int64_t *extra);

/* The entries of section `key` that keep(entry) accepts; the others counted. */
static int filter_section(json_t *root,
                          const char *key,
                          int64_t *dropped,
                          keep_fn keep,
                          const lsn_privacy *p,
                          int64_t *extra)
{
    json_t *arr = json_object_get(root, key);
    if (!json_is_array(arr)) {
        return LSN_OK;
    }
    json_t *kept = json_array();
    size_t i;
    json_t *e;
    int rc = kept != NULL ? LSN_OK : lsn_error_set(LSN_ENOMEM, "out of memory");
    json_array_foreach(arr, i, e)
    {
        if (rc != LSN_OK) {
            break;
        }
        int k = keep(e, p, extra);
        if (k < 0) {
            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        } else if (k == 0) {
            (*dropped)++;
        } else if (json_array_append(kept, e) != 0) {
            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        }
    }
    if (rc == LSN_OK && json_object_set_new(root, key, kept) != 0) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    if (rc != LSN_OK) {
        json_decref(kept);
    }
    return rc;
}

/* `extra` counts person findings (which are counted as dropped too). */
static int keep_finding(json_t *f, const lsn_privacy *p, int64_t *extra)
{
    lsn_privacy_verdict verdict = lsn_privacy_finding(p, f);
    if (verdict == LSN_PRIVACY_WITHHOLD_PERSON) {
        (*extra)++;
        return 0;
    }
    if (verdict == LSN_PRIVACY_WITHHOLD) {
        return 0;
    }
    json_t *m = json_object_get(f, "metrics");
    const char *key;
    json_t *v, *tmp;
    json_object_foreach_safe(m, tmp, key, v)
    {
        if (lsn_privacy_names_people(p, v)) {
            json_object_del(m, key);
        }
    }
    return redact_json(f, "explanation", p, lsn_privacy_redact) == LSN_OK ? 1 : -1;
}

static int keep_team(json_t *t, const lsn_privacy *p, int64_t *extra)
{
    (void)extra;
    if (lsn_privacy_unit_withheld(p, lsn_jstr(t, "team"))) {
        return 0;
    }
    json_t *links = json_object_get(t, "links");
    if (json_is_array(links)) {
        json_t *kept = json_array();
        size_t i;
        json_t *l;
        json_array_foreach(links, i, l)
        {
            if (!lsn_privacy_unit_withheld(p, lsn_jstr(l, "team")) &&
                json_array_append(kept, l) != 0) {
                json_decref(kept);
                return -1;
            }
        }
        if (kept == NULL || json_object_set_new(t, "links", kept) != 0) {
            return -1;
        }
    }
    return 1;
}

static int keep_unit(json_t *u, const lsn_privacy *p, int64_t *extra)
{
    (void)extra;
    return lsn_privacy_unit_withheld(p, lsn_jstr(u, "unit")) ? 0 : 1;
}

static int keep_need(json_t *e, const lsn_privacy *p, int64_t *extra)
{
    (void)extra;
    if (lsn_privacy_need_withheld(p, lsn_jstr(e, "team"), lsn_jstr(e, "from"),
                                  lsn_jstr(e, "target"))) {
        return 0;
    }
    json_object_del(e, "people");
    json_object_del(e, "context_hours_per_week");
    return redact_json(e, "reason", p, lsn_privacy_redact_reason) == LSN_OK ? 1 : -1;
}

static int drop_all(json_t *e, const lsn_privacy *p, int64_t *extra)
{
    (void)e;
    (void)p;
    (void)extra;
    return 0;
}

/* Team pairs of teams[].links with a withheld end, each pair once. */
static int withheld_pairs(int64_t *out, const json_t *root, const lsn_privacy *p)
{
    lsn_strmap *pairs = NULL;
    int rc = lsn_strmap_new(&pairs);
    size_t i, j;
    const json_t *t, *l;
    json_array_foreach(json_object_get(root, "teams"), i, t)
    {
        const char *a = lsn_jstr(t, "team");
        json_array_foreach(json_object_get(t, "links"), j, l)
        {
            const char *b = lsn_jstr(l, "team");
            if (rc != LSN_OK || a == NULL || b == NULL ||
                !(lsn_privacy_unit_withheld(p, a) || lsn_privacy_unit_withheld(p, b))) {
                continue;
            }
            bool first = strcmp(a, b) < 0;
            lsn_text key = {0};
            lsn_text_put(&key, first ? a : b, strlen(first ? a : b));
            lsn_text_put(&key, "\x1f", 1);
            lsn_text_put(&key, first ? b : a, strlen(first ? b : a));
            int32_t id;
            rc = key.failed ? lsn_error_set(LSN_ENOMEM, "out of memory")
                            : lsn_strmap_intern(&id, pairs, key.p, key.len);
            free(key.p);
        }
    }
    *out = rc == LSN_OK ? (int64_t)lsn_strmap_count(pairs) : 0;
    lsn_strmap_free(pairs);
    return rc;
}

/* Add the counts to `suppressed` and min_group to `parameters`. */
static void record(json_t *root, const lsn_suppressed *sup, const lsn_withheld *w, int32_t n)
{
    json_t *s = json_object_get(root, "suppressed");
    if (!json_is_object(s)) {
        s = json_object();
        json_object_set_new(root, "suppressed", s);
    }
    add_count(s, "teams", sup->teams);
    add_count(s, "units", sup->units);
    add_count(s, "team_links", sup->team_links);
    add_count(s, "findings", w->findings);
    add_count(s, "person_findings", w->person_findings);
    add_count(s, "proposal", sup->proposal);
    add_count(s, "people", sup->people);
    add_count(s, "liaisons", sup->liaisons);
    add_count(s, "participants", sup->participants);
    json_t *params = json_object_get(root, "parameters");
    if (!json_is_object(params)) {
        params = json_object();
        json_object_set_new(root, "parameters", params);
    }
    if (json_integer_value(json_object_get(params, "min_group")) < n) {
        json_object_set_new(params, "min_group", json_integer(n));
    }
}

int lsn_report_json_restrict(json_t *root, int32_t min_group)
{
    if (!json_is_object(root)) {
        return lsn_error_set(LSN_EPARSE, "report: not a JSON object");
    }
    if (min_group <= 1) {
        return LSN_OK;
    }
    lsn_privacy *p = NULL;
    lsn_suppressed sup = {0};
    lsn_withheld w = {0};
    int64_t ignored = 0;
    int rc = lsn_privacy_from_report(&p, root, min_group);
    if (rc == LSN_OK) {
        rc = withheld_pairs(&sup.team_links, root, p);
    }
    json_t *in = json_object_get(root, "input");
    static const char *const lists[] = {"unknown_list", "external_list", "group_list"};
    for (size_t k = 0; rc == LSN_OK && k < 3; k++) {
        sup.participants += (int64_t)json_array_size(json_object_get(in, lists[k]));
        json_object_del(in, lists[k]);
    }
    if (rc == LSN_OK) {
        rc = filter_section(root, "findings", &w.findings, keep_finding, p, &w.person_findings);
    }
    if (rc == LSN_OK) {
        /* A person finding was counted in both: keep it among person findings only. */
        w.findings -= w.person_findings;
        rc = filter_section(root, "liaisons", &sup.liaisons, drop_all, p, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(root, "people", &sup.people, drop_all, p, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(root, "teams", &sup.teams, keep_team, p, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(root, "units", &sup.units, keep_unit, p, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(root, "proposal", &sup.proposal, keep_need, p, &ignored);
    }
    if (rc == LSN_OK) {
        json_object_del(root, "liaisons");
        json_object_del(root, "people");
        record(root, &sup, &w, min_group);
    }
    lsn_privacy_free(p);
    return rc;
}
