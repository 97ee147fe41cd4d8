/*
 * viz/privacy.c — the rules of --min-group (analysis/privacy.h) applied to
 * a report already written: an lsn_privacy read from its sections, and the
 * report restricted for `render`. The JSON helpers here are shared with
 * viz/privacy_anon.c.
 */
#include "viz/privacy.h"

#include "io/error.h"
#include "io/idmap.h"
#include "viz/compare.h"
#include "viz/report_internal.h"

#include <stdlib.h>
#include <string.h>

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
    const json_t *imp = json_object_get(root, "proposal_impact");
    static const char *const seated[] = {"changes", "people"};
    for (size_t k = 0; k < 2; k++) {
        json_array_foreach(json_object_get(imp, seated[k]), i, e)
        {
            rc = rc == LSN_OK ? lsn_report_remember(map, lsn_jstr(e, "person")) : rc;
        }
    }
    return rc;
}

int lsn_privacy_from_report(lsn_privacy **out, const json_t *root, int32_t min_group)
{
    lsn_privacy *p = NULL;
    int rc = lsn_privacy_new_empty(&p, min_group);
    if (rc == LSN_OK && lsn_privacy_min_group(p) > 1) {
        size_t i;
        const json_t *e;
        json_array_foreach(json_object_get(root, "units"), i, e)
        {
            double head = json_number_value(json_object_get(e, "headcount"));
            double under = json_number_value(json_object_get(e, "people_under"));
            rc = rc == LSN_OK ? lsn_privacy_set_size(p, lsn_jstr(e, "unit"), head > 0 ? head : under, true) : rc;
        }
        json_array_foreach(json_object_get(root, "teams"), i, e)
        {
            double head = json_number_value(json_object_get(e, "headcount"));
            rc = rc == LSN_OK ? lsn_privacy_set_size(p, lsn_jstr(e, "team"), head, false) : rc;
        }
        if (rc == LSN_OK) {
            rc = lsn_report_people(lsn_privacy_people(p), root);
        }
    }
    if (rc != LSN_OK) {
        lsn_privacy_free(p);
        p = NULL;
    }
    *out = p;
    return rc;
}

/* ------------------------------------------------------------------ */
/* The verdicts of analysis/privacy.h on JSON                           */
/* ------------------------------------------------------------------ */

/* v as a value tree: strings, lists of strings and null, which is all a
 * subject key or a person-naming metric holds; anything else is null. */
static lsn_value *value_of(const json_t *v)
{
    if (json_is_string(v)) {
        return lsn_value_str(json_string_value(v));
    }
    if (!json_is_array(v)) {
        return lsn_value_null();
    }
    lsn_value *list = lsn_value_list();
    size_t i;
    const json_t *x;
    json_array_foreach(v, i, x)
    {
        if (lsn_value_push(list, value_of(x)) != LSN_OK) {
            lsn_value_free(list);
            return NULL;
        }
    }
    return list;
}

/* The verdict on a finding of a written report, from its subject keys; a
 * finding that cannot be read (out of memory) is withheld. */
lsn_privacy_verdict lsn_report_finding_verdict(const lsn_privacy *p, const json_t *f)
{
    if (lsn_privacy_min_group(p) <= 1) {
        return LSN_PRIVACY_KEEP;
    }
    lsn_value *subject = lsn_value_object();
    for (int k = LSN_KEY_NONE + 1; subject != NULL && k < LSN_SUBJECT_KEYS; k++) {
        const json_t *v = json_object_get(f, lsn_subject_keys[k].name);
        if (v != NULL && lsn_value_set(subject, lsn_subject_keys[k].name, value_of(v)) != LSN_OK) {
            subject = NULL; /* freed by lsn_value_set */
        }
    }
    lsn_privacy_verdict verdict =
        subject != NULL ? lsn_privacy_subject(p, subject) : LSN_PRIVACY_WITHHOLD;
    lsn_value_free(subject);
    return verdict;
}

static bool json_names_people(const lsn_privacy *p, const json_t *v)
{
    if (lsn_privacy_min_group(p) <= 1) {
        return false;
    }
    lsn_value *x = value_of(v);
    bool names = x == NULL || lsn_privacy_names_people(p, x);
    lsn_value_free(x);
    return names;
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
    int bad = r == NULL || json_object_set_new(o, key, lsn_json_text(r)) != 0;
    free(r);
    return bad ? lsn_oom() : LSN_OK;
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
    int rc = kept != NULL ? LSN_OK : lsn_oom();
    json_array_foreach(arr, i, e)
    {
        if (rc != LSN_OK) {
            break;
        }
        int k = keep(e, p, extra);
        if (k < 0) {
            rc = lsn_oom();
        } else if (k == 0) {
            (*dropped)++;
        } else if (json_array_append(kept, e) != 0) {
            rc = lsn_oom();
        }
    }
    if (rc == LSN_OK && json_object_set_new(root, key, kept) != 0) {
        return lsn_oom();
    }
    if (rc != LSN_OK) {
        json_decref(kept);
    }
    return rc;
}

/* `extra` counts person findings (which are counted as dropped too). */
static int keep_finding(json_t *f, const lsn_privacy *p, int64_t *extra)
{
    lsn_privacy_verdict verdict = lsn_report_finding_verdict(p, f);
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
        if (json_names_people(p, v)) {
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

/* A meeting of `meetings` goes with its owner team. */
static int keep_meeting(json_t *m, const lsn_privacy *p, int64_t *extra)
{
    (void)extra;
    return lsn_privacy_unit_withheld(p, lsn_jstr(m, "team")) ? 0 : 1;
}

/* A declared need of report.json `needs`: left out with a withheld team. */
static int keep_declared_need(json_t *e, const lsn_privacy *p, int64_t *extra)
{
    (void)extra;
    return lsn_privacy_need_withheld(p, lsn_jstr(e, "team"), lsn_jstr(e, "from"), NULL) ? 0 : 1;
}

static int drop_all(json_t *e, const lsn_privacy *p, int64_t *extra)
{
    (void)e;
    (void)p;
    (void)extra;
    return 0;
}

/* A finding reference of proposal_impact: kept when its subject is. */
static int keep_ref(json_t *f, const lsn_privacy *p, int64_t *extra)
{
    (void)extra;
    const json_t *subject = json_object_get(f, "subject");
    return subject != NULL && lsn_report_finding_verdict(p, subject) == LSN_PRIVACY_KEEP ? 1 : 0;
}

static int keep_unit_key(json_t *u, const lsn_privacy *p, int64_t *extra)
{
    (void)extra;
    return lsn_privacy_unit_withheld(p, lsn_jstr(u, "unit")) ? 0 : 1;
}

/* An impact entry goes with its proposal entry (keep_need's rule); what
 * it closes and creates with their subjects; the units it names with
 * theirs. */
static int keep_impact_entry(json_t *e, const lsn_privacy *p, int64_t *extra)
{
    int64_t ignored = 0;
    (void)extra;
    if (lsn_privacy_need_withheld(p, lsn_jstr(e, "team"), lsn_jstr(e, "from"),
                                  lsn_jstr(e, "target"))) {
        return 0;
    }
    int rc = filter_section(e, "closes", &ignored, keep_ref, p, &ignored);
    if (rc == LSN_OK) {
        rc = filter_section(e, "creates", &ignored, keep_ref, p, &ignored);
    }
    json_t *units = json_object_get(e, lsn_finding_type_name(LSN_FINDING_LIAISONS_EVERYWHERE));
    json_t *kept = json_array();
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u)
    {
        if (kept != NULL && !lsn_privacy_unit_withheld(p, json_string_value(u)) &&
            json_array_append(kept, u) != 0) {
            rc = lsn_oom();
        }
    }
    if (units != NULL &&
        (kept == NULL ||
         json_object_set(e, lsn_finding_type_name(LSN_FINDING_LIAISONS_EVERYWHERE), kept) != 0)) {
        rc = lsn_oom();
    }
    json_decref(kept);
    return rc == LSN_OK ? 1 : -1;
}

int lsn_report_impact_restrict(json_t *impact, const lsn_privacy *p)
{
    if (!json_is_object(impact) || lsn_privacy_persons_shown(p)) {
        return LSN_OK;
    }
    int64_t ignored = 0;
    json_object_del(impact, "changes"); /* each names a seated person */
    json_object_del(impact, "people");
    int rc = filter_section(impact, "closed", &ignored, keep_ref, p, &ignored);
    if (rc == LSN_OK) {
        rc = filter_section(impact, "created", &ignored, keep_ref, p, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(impact, "new_oversized_meetings", &ignored, keep_finding, p, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(impact, lsn_finding_type_name(LSN_FINDING_LIAISONS_EVERYWHERE),
                            &ignored, keep_unit_key, p, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(impact, "entries", &ignored, keep_impact_entry, p, &ignored);
    }
    return rc;
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
            lsn_text_printf(&key, "%s\x1f%s", first ? a : b, first ? b : a);
            int32_t id;
            rc = key.failed ? lsn_oom() : lsn_strmap_intern(&id, pairs, key.p, key.len);
            lsn_text_free(&key);
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
        rc = filter_section(root, "meetings", &ignored, keep_meeting, p, &ignored);
    }
    if (rc == LSN_OK) {
        int64_t needs = 0; /* not counted in `suppressed`: the proposal counts them */
        rc = filter_section(root, "needs", &needs, keep_declared_need, p, &ignored);
    }
    if (rc == LSN_OK) {
        rc = lsn_report_impact_restrict(json_object_get(root, "proposal_impact"), p);
    }
    if (rc == LSN_OK) {
        json_object_del(root, "liaisons");
        json_object_del(root, "people");
        record(root, &sup, &w, min_group);
    }
    lsn_privacy_free(p);
    return rc;
}
