/*
 * viz/privacy_anon.c — --anonymize on a report already written (`liaison
 * render`; viz/privacy.h): every person, meeting and path it names, and with
 * --anonymize-teams every team and unit, becomes its pseudonym (io/anon.h
 * makes them). The model-level copies of `analyze --anonymize` are
 * io/anon.c's; the rules of --min-group are viz/privacy.c's.
 */
#include "viz/privacy.h"

#include "analysis/finding_types.h"
#include "io/error.h"
#include "io/idmap.h"
#include "viz/compare.h"
#include "viz/report_internal.h"

#include <stdlib.h>
#include <string.h>

#define WITHHELD_TEXT "(withheld: written without --anonymize)"

/* Pseudonyms of a report's strings; fails with out of memory. */
struct anonctx {
    lsn_anon *a;
    bool teams;
    bool keep_text;    /* the free text is already anonymized */
    lsn_strmap *units; /* ids the report gives teams and units */
    lsn_strmap *uids;  /* meeting series it names */
    lsn_strmap *people;
    bool failed;
};

static const char *pseud(struct anonctx *c, lsn_anon_kind kind, const char *s)
{
    if (kind == LSN_ANON_UNIT && !c->teams) {
        return s;
    }
    const char *r = lsn_anon_get(c->a, kind, s);
    if (r == NULL) {
        c->failed = true;
        return s;
    }
    return r;
}

/* o[key] = its pseudonym, when it is a string. */
static void map_key(struct anonctx *c, json_t *o, const char *key, lsn_anon_kind kind)
{
    const char *s = lsn_jstr(o, key);
    if (s != NULL && json_object_set_new(o, key, lsn_json_text(pseud(c, kind, s))) != 0) {
        c->failed = true;
    }
}

static void map_list(struct anonctx *c, json_t *arr, lsn_anon_kind kind)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *s = json_string_value(v);
        if (s != NULL && json_array_set_new(arr, i, lsn_json_text(pseud(c, kind, s))) != 0) {
            c->failed = true;
        }
    }
}

/* A subject's pseudonym is its series UID's; "" stays "". */
static void map_subject(struct anonctx *c, json_t *o, const char *key, const char *uid)
{
    const char *s = lsn_jstr(o, key);
    if (s == NULL || s[0] == '\0') {
        return;
    }
    const char *r = uid != NULL ? pseud(c, LSN_ANON_MEETING, uid) : pseud(c, LSN_ANON_MEETING, s);
    if (json_object_set_new(o, key, lsn_json_text(r)) != 0) {
        c->failed = true;
    }
}

static void map_text(struct anonctx *c, json_t *o, const char *key)
{
    if (!c->keep_text && lsn_jstr(o, key) != NULL &&
        json_object_set_new(o, key, lsn_json_text(WITHHELD_TEXT)) != 0) {
        c->failed = true;
    }
}

/* A metric value: strings that are people, teams or series become theirs. */
static json_t *map_metric(struct anonctx *c, json_t *v)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (lsn_strmap_find(c->people, s) >= 0) {
            return lsn_json_text(pseud(c, LSN_ANON_PERSON, s));
        }
        if (lsn_strmap_find(c->uids, s) >= 0) {
            return lsn_json_text(pseud(c, LSN_ANON_MEETING, s));
        }
        if (c->teams && lsn_strmap_find(c->units, s) >= 0) {
            return lsn_json_text(pseud(c, LSN_ANON_UNIT, s));
        }
        return json_incref(v);
    }
    if (json_is_array(v)) {
        json_t *out = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if (json_array_append_new(out, map_metric(c, x)) != 0) {
                c->failed = true;
            }
        }
        return out;
    }
    if (json_is_object(v)) {
        json_t *out = json_object();
        const char *key;
        json_t *x;
        json_object_foreach(v, key, x)
        {
            const char *k = key;
            if (c->teams && lsn_strmap_find(c->units, key) >= 0) {
                k = pseud(c, LSN_ANON_UNIT, key);
            } else if (lsn_strmap_find(c->people, key) >= 0) {
                k = pseud(c, LSN_ANON_PERSON, key);
            }
            if (json_object_set_new(out, k, map_metric(c, x)) != 0) {
                c->failed = true;
            }
        }
        return out;
    }
    return json_incref(v);
}

static int report_units_and_uids(struct anonctx *c, const json_t *root)
{
    size_t i;
    const json_t *e;
    int rc = LSN_OK;
    json_array_foreach(json_object_get(root, "units"), i, e)
    {
        if (rc == LSN_OK && (rc = lsn_report_remember(c->units, lsn_jstr(e, "unit"))) == LSN_OK) {
            rc = lsn_report_remember(c->units, lsn_jstr(e, "parent"));
        }
    }
    json_array_foreach(json_object_get(root, "teams"), i, e)
    {
        if (rc == LSN_OK && (rc = lsn_report_remember(c->units, lsn_jstr(e, "team"))) == LSN_OK) {
            rc = lsn_report_remember(c->units, lsn_jstr(e, "parent"));
        }
    }
    json_array_foreach(json_object_get(root, "findings"), i, e)
    {
        rc = rc == LSN_OK ? lsn_report_remember(c->uids, lsn_jstr(e, "series")) : rc;
    }
    json_array_foreach(json_object_get(root, "liaisons"), i, e)
    {
        rc = rc == LSN_OK ? lsn_report_remember_list(c->uids, json_object_get(e, "series")) : rc;
    }
    json_array_foreach(json_object_get(root, "proposal"), i, e)
    {
        rc = rc == LSN_OK ? lsn_report_remember(c->uids, lsn_jstr(e, "restructure")) : rc;
        rc = rc == LSN_OK ? lsn_report_remember_list(c->uids, json_object_get(e, "series")) : rc;
    }
    const json_t *imp = json_object_get(root, "proposal_impact");
    json_array_foreach(json_object_get(imp, "changes"), i, e)
    {
        rc = rc == LSN_OK ? lsn_report_remember(c->uids, lsn_jstr(e, "series")) : rc;
    }
    json_array_foreach(json_object_get(imp, "entries"), i, e)
    {
        rc = rc == LSN_OK ? lsn_report_remember_list(c->uids, json_object_get(e, "series")) : rc;
    }
    static const char *const refs[] = {"closed", "created", "new_oversized_meetings"};
    for (size_t k = 0; k < sizeof(refs) / sizeof(refs[0]); k++) {
        json_array_foreach(json_object_get(imp, refs[k]), i, e)
        {
            const json_t *subject = json_object_get(e, "subject");
            const char *uid = lsn_jstr(subject != NULL ? subject : e, "series");
            rc = rc == LSN_OK ? lsn_report_remember(c->uids, uid) : rc;
        }
    }
    json_array_foreach(json_object_get(root, "meetings"), i, e)
    {
        rc = rc == LSN_OK ? lsn_report_remember(c->uids, lsn_jstr(e, "series")) : rc;
    }
    return rc;
}

static int register_map(lsn_anon *a, lsn_anon_kind kind, const lsn_strmap *map)
{
    int rc = LSN_OK;
    for (size_t i = 0; rc == LSN_OK && i < lsn_strmap_count(map); i++) {
        rc = lsn_anon_add(a, kind, lsn_strmap_get(map, (int32_t)i));
    }
    return rc;
}

static int register_all(struct anonctx *c, const json_t *root)
{
    const json_t *in = json_object_get(root, "input");
    size_t i;
    const json_t *v;
    int rc = register_map(c->a, LSN_ANON_PERSON, c->people);
    if (rc == LSN_OK) {
        rc = register_map(c->a, LSN_ANON_MEETING, c->uids);
    }
    if (rc == LSN_OK && c->teams) {
        rc = register_map(c->a, LSN_ANON_UNIT, c->units);
    }
    json_array_foreach(json_object_get(in, "paths"), i, v)
    {
        if (rc == LSN_OK && json_is_string(v)) {
            rc = lsn_anon_add(c->a, LSN_ANON_FILE, json_string_value(v));
        }
    }
    json_array_foreach(json_object_get(in, "group_list"), i, v)
    {
        if (rc == LSN_OK && json_is_string(v)) {
            rc = lsn_anon_add(c->a, LSN_ANON_GROUP, json_string_value(v));
        }
    }
    return rc;
}

/* The keys of an entry that hold a unit id: the unit subject keys of the
 * table (analysis/finding_types.h), `parent` and `target`. */
static void map_unit_keys(struct anonctx *c, json_t *e)
{
    for (int k = LSN_KEY_NONE + 1; k < LSN_SUBJECT_KEYS; k++) {
        if (lsn_subject_keys[k].kind == LSN_SUBJECT_UNIT) {
            map_key(c, e, lsn_subject_keys[k].name, LSN_ANON_UNIT);
        }
    }
    map_key(c, e, "parent", LSN_ANON_UNIT);
    map_key(c, e, "target", LSN_ANON_UNIT);
}

/* A finding's subject keys, each by its kind. */
static void map_subject_keys(struct anonctx *c, json_t *f)
{
    for (int k = LSN_KEY_NONE + 1; k < LSN_SUBJECT_KEYS; k++) {
        const lsn_subject_key_def *key = &lsn_subject_keys[k];
        switch (key->kind) {
        case LSN_SUBJECT_SERIES:
            map_key(c, f, key->name, LSN_ANON_MEETING);
            break;
        case LSN_SUBJECT_PERSON:
            map_key(c, f, key->name, LSN_ANON_PERSON);
            break;
        case LSN_SUBJECT_UNIT:
            map_key(c, f, key->name, LSN_ANON_UNIT);
            break;
        case LSN_SUBJECT_UNITS:
            map_list(c, json_object_get(f, key->name), LSN_ANON_UNIT);
            break;
        }
    }
}

/* A finding as report.json writes it: subject keys, metrics, explanation. */
static void map_finding(struct anonctx *c, json_t *e)
{
    char *uid = lsn_jstr(e, "series") != NULL ? strdup(lsn_jstr(e, "series")) : NULL;
    json_t *m = json_object_get(e, "metrics");
    if (m != NULL) {
        json_t *mapped = map_metric(c, m);
        map_subject(c, mapped, "summary", uid);
        if (json_object_set_new(e, "metrics", mapped) != 0) {
            c->failed = true;
        }
    }
    free(uid);
    map_subject_keys(c, e);
    map_text(c, e, "explanation");
}

/* proposal_impact's references to findings: their subject objects. */
static void map_refs(struct anonctx *c, json_t *arr)
{
    size_t i;
    json_t *f;
    json_array_foreach(arr, i, f)
    {
        json_t *subject = json_object_get(f, "subject");
        if (json_is_object(subject)) {
            map_subject_keys(c, subject);
        }
    }
}

/* proposal_impact: every person, series and unit it names, by the same
 * rules as the sections it repeats (changes as proposal entries, findings
 * as findings). */
static void anonymize_impact(struct anonctx *c, json_t *imp)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(imp, "changes"), i, e)
    {
        map_key(c, e, "person", LSN_ANON_PERSON);
        map_key(c, e, "team", LSN_ANON_UNIT);
        map_key(c, e, "series", LSN_ANON_MEETING);
    }
    map_refs(c, json_object_get(imp, "closed"));
    map_refs(c, json_object_get(imp, "created"));
    json_array_foreach(json_object_get(imp, "new_oversized_meetings"), i, e)
    {
        map_finding(c, e);
    }
    json_array_foreach(json_object_get(imp, lsn_finding_type_name(LSN_FINDING_LIAISONS_EVERYWHERE)),
                       i, e)
    {
        map_key(c, e, "unit", LSN_ANON_UNIT);
    }
    json_array_foreach(json_object_get(imp, "people"), i, e)
    {
        map_key(c, e, "person", LSN_ANON_PERSON);
    }
    json_array_foreach(json_object_get(imp, "entries"), i, e)
    {
        map_unit_keys(c, e);
        map_list(c, json_object_get(e, "series"), LSN_ANON_MEETING);
        map_refs(c, json_object_get(e, "closes"));
        map_refs(c, json_object_get(e, "creates"));
        map_list(c, json_object_get(e, lsn_finding_type_name(LSN_FINDING_LIAISONS_EVERYWHERE)),
                 LSN_ANON_UNIT);
    }
}

static void anonymize_sections(struct anonctx *c, json_t *root)
{
    size_t i;
    json_t *e;
    json_t *in = json_object_get(root, "input");
    map_list(c, json_object_get(in, "paths"), LSN_ANON_FILE);
    map_list(c, json_object_get(in, "unknown_list"), LSN_ANON_PERSON);
    map_list(c, json_object_get(in, "external_list"), LSN_ANON_PERSON);
    map_list(c, json_object_get(in, "group_list"), LSN_ANON_GROUP);
    /* Email domains name organizations: pseudonyms, as analyze --anonymize writes them. */
    json_t *coverage = json_object_get(in, "coverage");
    const char *domain_lists[] = {"calendar_domains", "roster_domains"};
    for (size_t k = 0; k < 2; k++) {
        json_array_foreach(json_object_get(coverage, domain_lists[k]), i, e)
        {
            const char *d = lsn_jstr(e, "domain");
            if (d != NULL && d[0] != '\0') {
                map_key(c, e, "domain", LSN_ANON_TEXT);
            }
        }
    }
    json_array_foreach(json_object_get(root, "people"), i, e)
    {
        const char *person = lsn_jstr(e, "person");
        if (person != NULL && lsn_jstr(e, "name") != NULL &&
            json_object_set_new(e, "name", lsn_json_text(pseud(c, LSN_ANON_PERSON, person))) != 0) {
            c->failed = true;
        }
        map_key(c, e, "person", LSN_ANON_PERSON);
        map_key(c, e, "team", LSN_ANON_UNIT);
        map_list(c, json_object_get(e, "liaison_links"), LSN_ANON_UNIT);
    }
    json_array_foreach(json_object_get(root, "liaisons"), i, e)
    {
        map_key(c, e, "person", LSN_ANON_PERSON);
        map_key(c, e, "team", LSN_ANON_UNIT);
        map_key(c, e, "to", LSN_ANON_UNIT);
        map_list(c, json_object_get(e, "series"), LSN_ANON_MEETING);
    }
    const char *sections[] = {"teams", "units"};
    for (size_t k = 0; k < 2; k++) {
        json_array_foreach(json_object_get(root, sections[k]), i, e)
        {
            map_unit_keys(c, e);
            if (c->teams && lsn_jstr(e, "name") != NULL) {
                json_object_set_new(e, "name", lsn_json_text(""));
            }
            size_t j;
            json_t *l;
            json_array_foreach(json_object_get(e, "links"), j, l)
            {
                map_key(c, l, "team", LSN_ANON_UNIT);
            }
        }
    }
    json_array_foreach(json_object_get(root, "findings"), i, e)
    {
        map_finding(c, e);
    }
    json_array_foreach(json_object_get(root, "needs"), i, e)
    {
        map_unit_keys(c, e);
        /* Entity references often carry a team's name: pseudonyms with the
         * teams' (as analyze --anonymize-teams writes them); the phrase is
         * free text. */
        size_t k;
        json_t *ev;
        json_array_foreach(json_object_get(e, "evidence"), k, ev)
        {
            map_key(c, ev, "entity", LSN_ANON_UNIT);
            map_key(c, ev, "target", LSN_ANON_UNIT);
            map_text(c, ev, "text");
        }
    }
    json_array_foreach(json_object_get(root, "proposal"), i, e)
    {
        map_subject(c, e, "restructure_subject", lsn_jstr(e, "restructure"));
        map_key(c, e, "restructure", LSN_ANON_MEETING);
        map_unit_keys(c, e);
        map_list(c, json_object_get(e, "people"), LSN_ANON_PERSON);
        map_list(c, json_object_get(e, "series"), LSN_ANON_MEETING);
        map_text(c, e, "reason");
    }
    anonymize_impact(c, json_object_get(root, "proposal_impact"));
    json_array_foreach(json_object_get(root, "meetings"), i, e)
    {
        map_subject(c, e, "summary", lsn_jstr(e, "series"));
        map_key(c, e, "series", LSN_ANON_MEETING);
        map_key(c, e, "team", LSN_ANON_UNIT);
    }
}

int lsn_report_json_anonymize(json_t *root, lsn_anon *a)
{
    if (!json_is_object(root)) {
        return lsn_error_set(LSN_EPARSE, "report: not a JSON object");
    }
    struct anonctx c = {.a = a, .teams = lsn_anon_teams(a)};
    json_t *params = json_object_get(root, "parameters");
    c.keep_text = json_is_true(json_object_get(params, "anonymize")) &&
                  (!c.teams || json_is_true(json_object_get(params, "anonymize_teams")));
    int rc = lsn_strmap_new(&c.units);
    if (rc == LSN_OK) {
        rc = lsn_strmap_new(&c.uids);
    }
    if (rc == LSN_OK) {
        rc = lsn_strmap_new(&c.people);
    }
    if (rc == LSN_OK) {
        rc = lsn_report_people(c.people, root);
    }
    if (rc == LSN_OK) {
        rc = report_units_and_uids(&c, root);
    }
    /* Register first, so that collisions are resolved over the whole report
     * as `analyze --anonymize` resolves them over the whole input. */
    if (rc == LSN_OK) {
        rc = register_all(&c, root);
    }
    if (rc == LSN_OK) {
        anonymize_sections(&c, root);
        if (!json_is_object(params)) {
            params = json_object();
            json_object_set_new(root, "parameters", params);
        }
        json_object_set_new(params, "anonymize", json_true());
        if (c.teams) {
            json_object_set_new(params, "anonymize_teams", json_true());
        }
        if (c.failed) {
            rc = lsn_oom();
        }
    }
    lsn_strmap_free(c.units);
    lsn_strmap_free(c.uids);
    lsn_strmap_free(c.people);
    return rc;
}
