/*
 * analysis/privacy.c — the rules of --min-group (analysis/privacy.h),
 * written once: the verdicts on units, findings, metrics, proposal entries
 * and sentences, and a run's published findings. Reading a written report
 * into an lsn_privacy, and restricting that report, is viz/privacy.c's.
 */
#include "analysis/privacy.h"

#include "io/error.h"
#include "io/text.h"
#include "io/vec.h"

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
            lsn_text_puts(&t, ONE_PERSON);
            lsn_text_put(&t, f, (size_t)(e - f));
        } else {
            lsn_text_put(&t, s, (size_t)(e - s));
        }
        s = e;
    }
    return lsn_text_take(&t);
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

static int remember(lsn_strmap *map, const char *s)
{
    int32_t id;
    return s != NULL ? lsn_strmap_intern(&id, map, s, strlen(s)) : LSN_OK;
}

static int32_t unit_size(const lsn_unit *u)
{
    return u->headcount > 0 ? u->headcount : u->people_under;
}

bool lsn_unit_withheld(const lsn_unit *u, int32_t min_group)
{
    return min_group > 1 && unit_size(u) < min_group;
}

/* Record the size of unit id; a size already known is kept unless override. */
int lsn_privacy_set_size(lsn_privacy *p, const char *id, double size, bool override)
{
    if (id == NULL || p->min_group <= 1) {
        return LSN_OK;
    }
    int32_t k;
    size_t before = lsn_strmap_count(p->ids);
    int rc = lsn_strmap_intern(&k, p->ids, id, strlen(id));
    if (rc != LSN_OK) {
        return rc;
    }
    if ((rc = LSN_GROW(p->size, p->cap, (size_t)k + 1)) != LSN_OK) {
        return rc;
    }
    if ((size_t)k >= before || override) {
        p->size[k] = size;
    }
    return LSN_OK;
}

static int privacy_alloc(lsn_privacy **out, int32_t min_group)
{
    *out = calloc(1, sizeof(**out));
    if (*out == NULL) {
        return lsn_oom();
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
            rc = lsn_privacy_set_size(p, units[i].id, unit_size(&units[i]), true);
        }
        const lsn_participant *pt = lsn_calendar_participants(cal, &np);
        for (size_t i = 0; rc == LSN_OK && i < np; i++) {
            rc = remember(p->people, pt[i].address);
        }
    }
    if (rc != LSN_OK) {
        lsn_privacy_free(p);
        p = NULL;
    }
    *out = p;
    return rc;
}

int lsn_privacy_new_empty(lsn_privacy **out, int32_t min_group)
{
    lsn_privacy *p = NULL;
    int rc = privacy_alloc(&p, min_group);
    if (rc != LSN_OK) {
        lsn_privacy_free(p);
        p = NULL;
    }
    *out = p;
    return rc;
}

lsn_strmap *lsn_privacy_people(lsn_privacy *p)
{
    return p->people;
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

lsn_privacy_verdict lsn_privacy_subject(const lsn_privacy *p, const lsn_value *subject)
{
    if (p->min_group <= 1) {
        return LSN_PRIVACY_KEEP;
    }
    bool person = false, unit = false;
    for (int k = LSN_KEY_NONE + 1; k < LSN_SUBJECT_KEYS; k++) {
        const lsn_value *v = lsn_value_get(subject, lsn_subject_keys[k].name);
        switch (lsn_subject_keys[k].kind) {
        case LSN_SUBJECT_PERSON:
            person |= v != NULL && v->kind != LSN_VAL_NULL;
            break;
        case LSN_SUBJECT_UNIT:
            unit |= v != NULL && v->kind == LSN_VAL_STR && lsn_privacy_unit_withheld(p, v->s);
            break;
        case LSN_SUBJECT_UNITS:
            for (size_t i = 0; v != NULL && v->kind == LSN_VAL_LIST && i < v->n; i++) {
                const lsn_value *t = v->items[i];
                unit |= t->kind == LSN_VAL_STR && lsn_privacy_unit_withheld(p, t->s);
            }
            break;
        case LSN_SUBJECT_SERIES:
            break;
        }
    }
    return person ? LSN_PRIVACY_WITHHOLD_PERSON : unit ? LSN_PRIVACY_WITHHOLD : LSN_PRIVACY_KEEP;
}

bool lsn_privacy_names_people(const lsn_privacy *p, const lsn_value *v)
{
    if (p->min_group <= 1 || v == NULL) {
        return false;
    }
    if (v->kind == LSN_VAL_STR) {
        return lsn_strmap_find(p->people, v->s) >= 0;
    }
    if (v->kind != LSN_VAL_LIST || v->n == 0) {
        return false;
    }
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i]->kind != LSN_VAL_STR || lsn_strmap_find(p->people, v->items[i]->s) < 0) {
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* A run's published findings                                           */
/* ------------------------------------------------------------------ */

/* A copy of metrics without those that name people; NULL on out of memory. */
static lsn_value *published_metrics(const lsn_privacy *p, const lsn_value *metrics)
{
    lsn_value *out = lsn_value_object();
    for (size_t k = 0; out != NULL && k < metrics->n; k++) {
        if (lsn_privacy_names_people(p, metrics->items[k])) {
            continue;
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
        lsn_privacy_verdict verdict = lsn_privacy_subject(p, x->subject);
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
            rc = lsn_oom();
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

