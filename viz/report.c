/*
 * viz/report.c — report.json through jansson and the human summary. It
 * formats what the analysis computed, in a fixed order (teams by id,
 * people by email, links by team id); it computes nothing new.
 */
#include "viz/report.h"

#include "io/error.h"
#include "io/strmap.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* Figures are rounded to 1e-6 so that the last bits of a float sum never
 * change the bytes of the report. */
static json_t *num(double x)
{
    if (!isfinite(x)) {
        return json_null(); /* NaN: undefined, e.g. the constraint of someone with no tie */
    }
    double r = round(x * 1e6) / 1e6;
    if (r == 0) {
        r = 0; /* no "-0" */
    }
    return json_real(r);
}

static json_t *value_json(const lsn_value *v)
{
    switch (v->kind) {
    case LSN_VAL_BOOL:
        return json_boolean(v->b);
    case LSN_VAL_INT:
        return json_integer(v->i);
    case LSN_VAL_NUM:
        return isfinite(v->d) ? num(v->d) : json_null();
    case LSN_VAL_STR:
        return json_string(v->s);
    case LSN_VAL_LIST: {
        json_t *a = json_array();
        for (size_t i = 0; i < v->n; i++) {
            json_array_append_new(a, value_json(v->items[i]));
        }
        return a;
    }
    case LSN_VAL_OBJECT: {
        json_t *o = json_object();
        for (size_t i = 0; i < v->n; i++) {
            json_object_set_new(o, v->keys[i], value_json(v->items[i]));
        }
        return o;
    }
    default:
        return json_null();
    }
}

/* ------------------------------------------------------------------ */
/* Privacy: what --min-group withholds (see viz/report.h)               */
/* ------------------------------------------------------------------ */

#define ONE_PERSON "one person"

bool lsn_unit_withheld(const lsn_unit *u, int32_t min_group)
{
    if (min_group <= 1) {
        return false;
    }
    int32_t size = u->headcount > 0 ? u->headcount : u->people_under;
    return size < min_group;
}

static bool id_withheld(const lsn_org *org, const char *id, int32_t min_group)
{
    if (min_group <= 1) {
        return false;
    }
    int32_t u = id != NULL ? lsn_org_find_unit(org, id) : -1;
    return u < 0 || lsn_unit_withheld(&lsn_org_units(org, NULL)[u], min_group);
}

/* Whether the n bytes at s are a person: a test over a set of addresses. */
typedef bool (*person_test)(const void *ud, const char *s, size_t n);

static bool in_strmap(const void *ud, const char *s, size_t n)
{
    return ud != NULL && lsn_strmap_findn(ud, s, n) >= 0;
}

/* A growing string; on out of memory `failed` is set and the text dropped. */
struct text {
    char *p;
    size_t len, cap;
    bool failed;
};

static void text_put(struct text *t, const char *s, size_t n)
{
    if (t->failed) {
        return;
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 128;
        while (t->len + n + 1 > cap) {
            cap *= 2;
        }
        char *q = realloc(t->p, cap);
        if (q == NULL) {
            t->failed = true;
            return;
        }
        t->p = q;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

/*
 * text with every word that is a person written ONE_PERSON. A word is a run
 * of non-space bytes; quotes and brackets before it and punctuation after
 * it are not part of the name. Returns a malloc'd string or NULL.
 */
static char *redact_people(const char *text, person_test is_person, const void *ud)
{
    struct text t = {0};
    text_put(&t, "", 0);
    const char *p = text;
    while (*p) {
        const char *e = p;
        while (*e && isspace((unsigned char)*e)) {
            e++;
        }
        text_put(&t, p, (size_t)(e - p));
        p = e;
        while (*e && !isspace((unsigned char)*e)) {
            e++;
        }
        const char *b = p, *f = e;
        while (b < f && strchr("([{\"'", *b) != NULL) {
            b++;
        }
        while (f > b && strchr(".,;:!?)]}\"'", f[-1]) != NULL) {
            f--;
        }
        if (f > b && is_person(ud, b, (size_t)(f - b))) {
            text_put(&t, p, (size_t)(b - p));
            text_put(&t, ONE_PERSON, strlen(ONE_PERSON));
            text_put(&t, f, (size_t)(e - f));
        } else {
            text_put(&t, p, (size_t)(e - p));
        }
        p = e;
    }
    if (t.failed) {
        free(t.p);
        return NULL;
    }
    return t.p;
}

/* Every participant address of the calendar (the roster's emails first). */
static int people_set(lsn_strmap **out, const lsn_calendar *cal)
{
    size_t n;
    const lsn_participant *pt = lsn_calendar_participants(cal, &n);
    int rc = lsn_strmap_new(out);
    for (size_t i = 0; rc == LSN_OK && i < n; i++) {
        int32_t id;
        rc = lsn_strmap_intern(&id, *out, pt[i].address, strlen(pt[i].address));
    }
    if (rc != LSN_OK) {
        lsn_strmap_free(*out);
        *out = NULL;
    }
    return rc;
}

/* A metric that names people: a person, or a non-empty list of people. */
static bool names_people(const lsn_value *v, const lsn_strmap *people)
{
    if (v->kind == LSN_VAL_STR) {
        return lsn_strmap_find(people, v->s) >= 0;
    }
    if (v->kind != LSN_VAL_LIST || v->n == 0) {
        return false;
    }
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i]->kind != LSN_VAL_STR || lsn_strmap_find(people, v->items[i]->s) < 0) {
            return false;
        }
    }
    return true;
}

/* The unit ids a finding's subject names. */
static bool subject_withheld(const lsn_value *subject, const lsn_org *org, int32_t min_group)
{
    static const char *const keys[] = {"team", "from", "to", "unit", "to_unit"};
    for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
        const lsn_value *v = lsn_value_get(subject, keys[k]);
        if (v != NULL && v->kind == LSN_VAL_STR && id_withheld(org, v->s, min_group)) {
            return true;
        }
    }
    const lsn_value *teams = lsn_value_get(subject, "teams");
    for (size_t i = 0; teams != NULL && teams->kind == LSN_VAL_LIST && i < teams->n; i++) {
        if (teams->items[i]->kind == LSN_VAL_STR &&
            id_withheld(org, teams->items[i]->s, min_group)) {
            return true;
        }
    }
    return false;
}

int lsn_findings_publish(lsn_findings **out,
                         lsn_withheld *withheld,
                         const lsn_findings *in,
                         const lsn_analysis *a,
                         int32_t min_group)
{
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    const lsn_org *org = lsn_calendar_org(cal);
    lsn_strmap *people = NULL;
    lsn_findings *f = NULL;
    memset(withheld, 0, sizeof(*withheld));
    *out = NULL;
    int rc = lsn_findings_new(&f);
    if (rc == LSN_OK && min_group > 1) {
        rc = people_set(&people, cal);
    }
    size_t n;
    const lsn_finding *items = lsn_findings_items(in, &n);
    for (size_t i = 0; rc == LSN_OK && i < n; i++) {
        const lsn_finding *x = &items[i];
        const lsn_value *person = lsn_value_get(x->subject, "person");
        if (min_group > 1 && person != NULL && person->kind != LSN_VAL_NULL) {
            withheld->person_findings++;
            continue;
        }
        if (subject_withheld(x->subject, org, min_group)) {
            withheld->findings++;
            continue;
        }
        lsn_value *metrics = lsn_value_object();
        for (size_t k = 0; metrics != NULL && k < x->metrics->n; k++) {
            if (people != NULL && names_people(x->metrics->items[k], people)) {
                continue;
            }
            if (lsn_value_set(metrics, x->metrics->keys[k], lsn_value_copy(x->metrics->items[k])) !=
                LSN_OK) {
                lsn_value_free(metrics);
                metrics = NULL;
            }
        }
        char *text = people != NULL ? redact_people(x->explanation, in_strmap, people)
                                    : strdup(x->explanation);
        if (text == NULL) {
            lsn_value_free(metrics);
            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
            break;
        }
        rc = lsn_findings_add_edited(f, x, metrics, text);
        free(text);
    }
    lsn_strmap_free(people);
    if (rc != LSN_OK) {
        lsn_findings_free(f);
        return rc;
    }
    *out = f;
    return LSN_OK;
}

/* What the report sections left out; see viz/report.h. */
struct suppressed {
    int64_t teams, units, team_links, proposal, people, liaisons, participants;
};

static json_t *findings_section(const lsn_findings *f)
{
    size_t n;
    const lsn_finding *items = lsn_findings_items(f, &n);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "type", json_string(items[i].type));
        json_object_set_new(o, "severity", json_string(lsn_severity_name(items[i].severity)));
        const lsn_value *subj = items[i].subject;
        for (size_t k = 0; k < subj->n; k++) {
            json_object_set_new(o, subj->keys[k], value_json(subj->items[k]));
        }
        json_object_set_new(o, "metrics", value_json(items[i].metrics));
        json_object_set_new(o, "explanation", json_string(items[i].explanation));
        json_array_append_new(arr, o);
    }
    return arr;
}

/* Whether a proposal entry names a withheld team or unit. */
static bool entry_withheld(const lsn_unit *units, const lsn_proposal_entry *e, int32_t min_group)
{
    return lsn_unit_withheld(&units[e->team], min_group) ||
           lsn_unit_withheld(&units[e->from], min_group) ||
           (e->target >= 0 && lsn_unit_withheld(&units[e->target], min_group));
}

static bool is_roster_email(const void *ud, const char *s, size_t n)
{
    char small[256];
    if (n >= sizeof(small)) {
        return false;
    }
    memcpy(small, s, n);
    small[n] = '\0';
    return lsn_org_find_person(ud, small) >= 0;
}

static json_t *proposal_section(const lsn_analysis *a,
                                const lsn_proposal *p,
                                int32_t min_group,
                                struct suppressed *sup)
{
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    const lsn_org *org = lsn_calendar_org(cal);
    size_t nu, np, ns, n;
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_series *series = lsn_calendar_series(cal, &ns);
    const lsn_proposal_entry *e = lsn_proposal_entries(p, &n);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        if (entry_withheld(units, &e[i], min_group)) {
            sup->proposal++;
            continue;
        }
        json_t *o = json_object();
        json_object_set_new(o, "team", json_string(units[e[i].team].id));
        json_object_set_new(o, "from", json_string(units[e[i].from].id));
        json_object_set_new(o, "context", json_string(lsn_context_name(e[i].context)));
        json_object_set_new(o, "availability", json_boolean(e[i].availability));
        json_object_set_new(o, "model", json_string(e[i].model));
        if (min_group <= 1) {
            json_t *jp = json_array();
            for (size_t k = 0; k < e[i].npeople; k++) {
                json_array_append_new(jp, json_string(people[e[i].people[k]].email));
            }
            json_object_set_new(o, "people", jp);
        }
        json_object_set_new(o, "existing", json_boolean(e[i].existing));
        json_object_set_new(o, "unmet", json_boolean(e[i].unmet));
        json_object_set_new(o, "target",
                            e[i].target >= 0 ? json_string(units[e[i].target].id) : json_null());
        json_object_set_new(o, "restructure", e[i].restructure >= 0
                                                  ? json_string(series[e[i].restructure].uid)
                                                  : json_null());
        json_object_set_new(o, "restructure_subject",
                            e[i].restructure >= 0 ? json_string(series[e[i].restructure].summary)
                                                  : json_null());
        if (min_group <= 1) {
            json_object_set_new(o, "context_hours_per_week", num(e[i].context_hours_per_week));
            json_object_set_new(o, "reason", json_string(e[i].reason));
        } else {
            char *reason = redact_people(e[i].reason, is_roster_email, org);
            json_object_set_new(o, "reason", reason != NULL ? json_string(reason) : NULL);
            free(reason);
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static int set_new(json_t *obj, const char *key, json_t *value)
{
    if (value == NULL || json_object_set_new(obj, key, value) != 0) {
        return LSN_ENOMEM;
    }
    return LSN_OK;
}

static const lsn_unit *units_of(const lsn_analysis *a, size_t *n)
{
    return lsn_org_units(lsn_calendar_org(lsn_analysis_calendar(a)), n);
}

static json_t *domain_list(const lsn_domain_count *v, size_t n, const char *what)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "domain", json_string(v[i].domain));
        json_object_set_new(o, what, json_integer(v[i].count));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *coverage_section(const lsn_coverage *c)
{
    json_t *o = json_object();
    json_t *weeks = json_array(), *empty = json_array(), *warnings = json_array();
    for (size_t k = 0; k < c->nweeks; k++) {
        const lsn_coverage_week *w = &c->by_week[k];
        json_t *wk = json_object();
        json_object_set_new(wk, "from", json_string(w->from));
        json_object_set_new(wk, "days", json_integer(w->days));
        json_object_set_new(wk, "instances", json_integer(w->instances));
        json_array_append_new(weeks, wk);
        if (w->days == 7 && w->instances == 0) {
            json_array_append_new(empty, json_string(w->from));
        }
    }
    for (size_t i = 0; i < c->nwarnings; i++) {
        json_array_append_new(warnings, json_string(c->warnings[i]));
    }
    json_object_set_new(o, "roster_people", json_integer(c->roster));
    json_object_set_new(o, "people_present", json_integer(c->present));
    json_object_set_new(o, "people_present_share", num(c->share));
    json_object_set_new(o, "instances_per_week", num(c->per_week));
    json_object_set_new(o, "weeks", weeks);
    json_object_set_new(o, "empty_weeks", json_integer((json_int_t)c->empty_weeks));
    json_object_set_new(o, "empty_week_starts", empty);
    json_object_set_new(o, "addresses_outside_roster", json_integer(c->outside));
    json_object_set_new(o, "calendar_domains",
                        domain_list(c->calendar_domains, c->ncalendar_domains, "addresses"));
    json_object_set_new(o, "calendar_domains_total",
                        json_integer((json_int_t)c->calendar_domains_total));
    json_object_set_new(o, "roster_domains",
                        domain_list(c->roster_domains, c->nroster_domains, "people"));
    json_object_set_new(o, "roster_domains_total",
                        json_integer((json_int_t)c->roster_domains_total));
    json_object_set_new(o, "warnings", warnings);
    return o;
}

static json_t *input_section(const lsn_analysis *a,
                             const lsn_coverage *coverage,
                             int32_t min_group,
                             struct suppressed *sup)
{
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    const lsn_input_stats *s = lsn_calendar_stats(cal);
    const lsn_window *w = lsn_calendar_window(cal);
    json_t *in = json_object();
    json_t *skipped = json_object();
    json_t *paths = json_array();
    json_t *unknown = json_array(), *external = json_array(), *groups = json_array();
    json_t *window = json_object();
    size_t nfiles, np;
    const char *const *files = lsn_calendar_files(cal, &nfiles);
    for (size_t i = 0; i < nfiles; i++) {
        json_array_append_new(paths, json_string(files[i]));
    }
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        json_object_set_new(skipped, lsn_skip_name((lsn_skip)k), json_integer(s->skipped[k]));
    }
    const lsn_participant *pt = lsn_calendar_participants(cal, &np);
    for (size_t i = 0; i < np; i++) {
        json_t *list = pt[i].kind == LSN_P_UNKNOWN    ? unknown
                       : pt[i].kind == LSN_P_EXTERNAL ? external
                       : pt[i].kind == LSN_P_GROUP    ? groups
                                                      : NULL;
        if (list != NULL) {
            json_array_append_new(list, json_string(pt[i].address));
        }
    }
    json_object_set_new(window, "from", json_string(w->from_date));
    json_object_set_new(window, "to", json_string(w->to_date));
    json_object_set_new(window, "tz", json_string(w->tz));
    json_object_set_new(window, "weeks", num(lsn_window_weeks(w)));

    json_object_set_new(in, "files", json_integer(s->files));
    json_object_set_new(in, "vevents", json_integer(s->vevents));
    json_object_set_new(in, "read", json_integer(s->read));
    json_object_set_new(in, "used", json_integer(s->used));
    json_object_set_new(in, "skipped", skipped);
    json_object_set_new(in, "duplicates_merged", json_integer(s->duplicates_merged));
    json_object_set_new(in, "people_present", json_integer(s->people_present));
    json_object_set_new(in, "unknown", json_integer(s->unknown));
    json_object_set_new(in, "external", json_integer(s->external));
    json_object_set_new(in, "groups", json_integer(s->groups));
    if (min_group <= 1) {
        json_object_set_new(in, "unknown_list", unknown);
        json_object_set_new(in, "external_list", external);
        json_object_set_new(in, "group_list", groups);
    } else {
        /* Addresses are people: only their counts above are published. */
        sup->participants += (int64_t)(json_array_size(unknown) + json_array_size(external) +
                                       json_array_size(groups));
        json_decref(unknown);
        json_decref(external);
        json_decref(groups);
    }
    json_object_set_new(in, "warnings", json_integer(s->warnings));
    json_object_set_new(in, "window", window);
    json_object_set_new(in, "paths", paths);
    if (coverage != NULL) {
        json_object_set_new(in, "coverage", coverage_section(coverage));
    }
    return in;
}

static json_t *summary_section(const lsn_analysis *a, const lsn_structure *st)
{
    const lsn_summary *s = lsn_analysis_summary(a);
    json_t *o = json_object();
    json_object_set_new(o, "people", json_integer(s->people));
    json_object_set_new(o, "people_present", json_integer(s->people_present));
    json_object_set_new(o, "teams", json_integer(s->teams));
    json_object_set_new(o, "series", json_integer(s->series));
    json_object_set_new(o, "instances", json_integer(s->instances));
    json_object_set_new(o, "broadcast_series", json_integer(s->broadcast_series));
    json_object_set_new(o, "team_meetings", json_integer(s->team_meetings));
    json_object_set_new(o, "meeting_hours_per_week", num(s->meeting_hours_per_week));
    json_object_set_new(o, "cross_team_share", num(s->cross_team_share));
    json_object_set_new(o, "team_links", json_integer(s->team_links));
    json_object_set_new(o, "liaison_links", json_integer(s->liaison_links));
    if (st != NULL) {
        json_object_set_new(o, "modularity", num(lsn_structure_modularity(st)));
        json_object_set_new(o, "communities", json_integer(lsn_structure_roster_communities(st)));
        json_object_set_new(o, "nmi", num(lsn_structure_nmi(st)));
        json_object_set_new(o, "adjusted_rand", num(lsn_structure_adjusted_rand(st)));
    }
    return o;
}

static const lsn_unit *cmp_units;

static int cmp_unit_id(const void *x, const void *y)
{
    return strcmp(cmp_units[*(const int32_t *)x].id, cmp_units[*(const int32_t *)y].id);
}

static json_t *teams_section(const lsn_analysis *a, int32_t min_group, struct suppressed *sup)
{
    size_t nu, nt;
    const lsn_unit *units = units_of(a, &nu);
    const lsn_team_info *info = lsn_analysis_teams(a, &nt);
    json_t *arr = json_array();
    int32_t *order = malloc((nu ? nu : 1) * sizeof(*order));
    if (order == NULL) {
        json_decref(arr);
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < nu; i++) {
        if (units[i].headcount > 0 && lsn_unit_withheld(&units[i], min_group)) {
            sup->teams++;
        } else if (units[i].headcount > 0) {
            order[n++] = (int32_t)i;
        }
    }
    size_t ne;
    const lsn_edge *edges = lsn_analysis_team_edges(a, &ne);
    for (size_t i = 0; i < ne; i++) {
        sup->team_links += lsn_unit_withheld(&units[edges[i].u], min_group) ||
                           lsn_unit_withheld(&units[edges[i].v], min_group);
    }
    cmp_units = units;
    qsort(order, n, sizeof(*order), cmp_unit_id);
    for (size_t k = 0; k < n; k++) {
        int32_t t = order[k];
        json_t *o = json_object();
        json_object_set_new(o, "team", json_string(units[t].id));
        json_object_set_new(o, "name", json_string(units[t].name));
        json_object_set_new(o, "parent", units[t].parent >= 0
                                             ? json_string(units[units[t].parent].id)
                                             : json_null());
        json_object_set_new(o, "headcount", json_integer(units[t].headcount));
        json_object_set_new(o, "meeting_hours_per_week", num(info[t].meeting_hours_per_week));
        json_object_set_new(o, "team_meetings", json_integer(info[t].team_meetings));
        json_object_set_new(o, "internal_hours_per_week", num(info[t].internal_hours_per_week));
        json_object_set_new(o, "external_hours_per_week", num(info[t].external_hours_per_week));
        size_t nl;
        const lsn_edge *links = lsn_analysis_team_links(a, t, &nl);
        /* Links by the other team's id. */
        int32_t *lo = malloc((nl ? nl : 1) * sizeof(*lo));
        json_t *jl = json_array();
        if (lo != NULL) {
            for (size_t i = 0; i < nl; i++) {
                lo[i] = (int32_t)i;
            }
            for (size_t i = 1; i < nl; i++) { /* insertion sort: degree is small */
                int32_t x = lo[i];
                size_t j = i;
                while (j > 0 && strcmp(units[links[lo[j - 1]].v].id, units[links[x].v].id) > 0) {
                    lo[j] = lo[j - 1];
                    j--;
                }
                lo[j] = x;
            }
            for (size_t i = 0; i < nl; i++) {
                if (lsn_unit_withheld(&units[links[lo[i]].v], min_group)) {
                    continue;
                }
                json_t *l = json_object();
                json_object_set_new(l, "team", json_string(units[links[lo[i]].v].id));
                json_object_set_new(l, "hours_per_week", num(links[lo[i]].weight));
                json_array_append_new(jl, l);
            }
            free(lo);
        }
        json_object_set_new(o, "links", jl);
        json_array_append_new(arr, o);
    }
    free(order);
    return arr;
}

/* Every unit with people under it, by id: the hierarchy diagrams nest on. */
static json_t *units_section(const lsn_analysis *a, int32_t min_group, struct suppressed *sup)
{
    size_t nu;
    const lsn_unit *units = units_of(a, &nu);
    json_t *arr = json_array();
    int32_t *order = malloc((nu ? nu : 1) * sizeof(*order));
    if (order == NULL) {
        json_decref(arr);
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < nu; i++) {
        if (units[i].people_under > 0 && lsn_unit_withheld(&units[i], min_group)) {
            sup->units++;
        } else if (units[i].people_under > 0) {
            order[n++] = (int32_t)i;
        }
    }
    cmp_units = units;
    qsort(order, n, sizeof(*order), cmp_unit_id);
    for (size_t k = 0; k < n; k++) {
        const lsn_unit *u = &units[order[k]];
        json_t *o = json_object();
        json_object_set_new(o, "unit", json_string(u->id));
        json_object_set_new(o, "name", json_string(u->name));
        json_object_set_new(o, "parent", u->parent >= 0 ? json_string(units[u->parent].id)
                                                        : json_null());
        json_object_set_new(o, "depth", json_integer(u->depth));
        json_object_set_new(o, "headcount", json_integer(u->headcount));
        json_object_set_new(o, "people_under", json_integer(u->people_under));
        json_array_append_new(arr, o);
    }
    free(order);
    return arr;
}

static const lsn_person *cmp_people;

static int cmp_person_email(const void *x, const void *y)
{
    return strcmp(cmp_people[*(const int32_t *)x].email, cmp_people[*(const int32_t *)y].email);
}

static json_t *people_section(const lsn_analysis *a, const lsn_role *roles)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t np, nu, nh;
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_person_hours *hours = lsn_analysis_people(a, &nh);
    int32_t *order = malloc((np ? np : 1) * sizeof(*order));
    json_t *arr = json_array();
    if (order == NULL) {
        json_decref(arr);
        return NULL;
    }
    for (size_t i = 0; i < np; i++) {
        order[i] = (int32_t)i;
    }
    cmp_people = people;
    qsort(order, np, sizeof(*order), cmp_person_email);
    for (size_t k = 0; k < np; k++) {
        int32_t p = order[k];
        json_t *o = json_object();
        json_object_set_new(o, "person", json_string(people[p].email));
        json_object_set_new(o, "name", json_string(people[p].name));
        json_object_set_new(o, "team", json_string(units[people[p].team].id));
        json_object_set_new(o, "meeting_hours_per_week", num(hours[p].meeting_hours_per_week));
        json_object_set_new(o, "double_booked_hours_per_week",
                            num(hours[p].double_booked_hours_per_week));
        json_object_set_new(o, "instances", json_integer(hours[p].instances));
        size_t nl;
        const lsn_liaison *links = lsn_analysis_person_liaisons(a, p, &nl);
        json_t *jl = json_array();
        for (size_t i = 0; i < nl; i++) {
            json_array_append_new(jl, json_string(units[links[i].to].id));
        }
        json_object_set_new(o, "liaison_links", jl);
        if (roles != NULL) {
            const lsn_role *r = &roles[p];
            json_object_set_new(o, "community", json_integer(r->community));
            json_object_set_new(o, "betweenness", num(r->betweenness));
            json_object_set_new(o, "constraint",
                                isfinite(r->constraint) ? num(r->constraint) : json_null());
            json_t *b = json_object();
            json_object_set_new(b, "coordinator", json_integer(r->coordinator));
            json_object_set_new(b, "itinerant", json_integer(r->itinerant));
            json_object_set_new(b, "gatekeeper", json_integer(r->gatekeeper));
            json_object_set_new(b, "representative", json_integer(r->representative));
            json_object_set_new(b, "liaison", json_integer(r->liaison));
            json_object_set_new(o, "brokerage", b);
        }
        json_array_append_new(arr, o);
    }
    free(order);
    return arr;
}

static json_t *liaisons_section(const lsn_analysis *a)
{
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    const lsn_org *org = lsn_calendar_org(cal);
    size_t nl, np, nu, ns;
    const lsn_liaison *links = lsn_analysis_liaisons(a, &nl);
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_series *series = lsn_calendar_series(cal, &ns);
    json_t *arr = json_array();
    for (size_t i = 0; i < nl; i++) {
        const lsn_liaison *l = &links[i];
        json_t *o = json_object();
        json_object_set_new(o, "person", json_string(people[l->person].email));
        json_object_set_new(o, "team", json_string(units[l->home].id));
        json_object_set_new(o, "to", json_string(units[l->to].id));
        json_object_set_new(o, "hours_per_week", num(l->hours_per_week));
        json_object_set_new(o, "instances", json_integer(l->instances));
        json_object_set_new(o, "first_half", json_integer(l->first_half));
        json_object_set_new(o, "second_half", json_integer(l->second_half));
        json_t *js = json_array();
        for (int32_t k = 0; k < l->nseries; k++) {
            json_array_append_new(js, json_string(series[l->series[k]].uid));
        }
        json_object_set_new(o, "series", js);
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *suppressed_section(const struct suppressed *s, const lsn_withheld *w)
{
    json_t *o = json_object();
    json_object_set_new(o, "teams", json_integer(s->teams));
    json_object_set_new(o, "units", json_integer(s->units));
    json_object_set_new(o, "team_links", json_integer(s->team_links));
    json_object_set_new(o, "findings", json_integer(w->findings));
    json_object_set_new(o, "person_findings", json_integer(w->person_findings));
    json_object_set_new(o, "proposal", json_integer(s->proposal));
    json_object_set_new(o, "people", json_integer(s->people));
    json_object_set_new(o, "liaisons", json_integer(s->liaisons));
    json_object_set_new(o, "participants", json_integer(s->participants));
    return o;
}

int lsn_report_write_json(const char *path, const lsn_report *r)
{
    int rc = LSN_OK;
    const lsn_analysis *a = r->analysis;
    json_t *root = json_object();
    json_t *jp = json_object();
    for (size_t i = 0; i < r->nparams; i++) {
        const lsn_param *p = &r->params[i];
        json_object_set_new(jp, p->name,
                            p->text      ? json_string(p->text)
                            : p->boolean ? json_boolean(p->number != 0)
                            : p->integer ? json_integer((json_int_t)p->number)
                                         : num(p->number));
    }
    /* Person-level sections exist only when nothing is withheld (N <= 1). */
    int32_t n = r->min_group;
    bool persons = n <= 1;
    struct suppressed sup = {0};
    if (!persons) {
        size_t np, nl;
        lsn_org_people(lsn_calendar_org(lsn_analysis_calendar(a)), &np);
        lsn_analysis_liaisons(a, &nl);
        sup.people = (int64_t)np;
        sup.liaisons = (int64_t)nl;
    }
    if (root == NULL || jp == NULL ||
        set_new(root, "input", input_section(a, r->coverage, n, &sup)) != LSN_OK ||
        set_new(root, "summary", summary_section(a, r->structure)) != LSN_OK ||
        (r->findings != NULL &&
         set_new(root, "findings", findings_section(r->findings)) != LSN_OK) ||
        (persons && set_new(root, "liaisons", liaisons_section(a)) != LSN_OK) ||
        (persons && set_new(root, "people", people_section(a, r->roles)) != LSN_OK) ||
        set_new(root, "teams", teams_section(a, n, &sup)) != LSN_OK ||
        set_new(root, "units", units_section(a, n, &sup)) != LSN_OK ||
        (r->proposal != NULL &&
         set_new(root, "proposal", proposal_section(a, r->proposal, n, &sup)) != LSN_OK) ||
        (r->slices != NULL && set_new(root, "slices", json_deep_copy(r->slices)) != LSN_OK) ||
        set_new(root, "suppressed", suppressed_section(&sup, &r->withheld)) != LSN_OK ||
        set_new(root, "parameters", jp) != LSN_OK) {
        json_decref(root);
        return lsn_error_set(LSN_ENOMEM, "out of memory while building the report");
    }
    if (json_dump_file(root, path,
                       JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) != 0) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot write the report", path);
    }
    json_decref(root);
    return rc;
}

static void csv_field(FILE *f, const char *s, bool last)
{
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) {
        fputc('"', f);
        for (const char *p = s; *p; p++) {
            if (*p == '"') {
                fputc('"', f);
            }
            fputc(*p, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputs(last ? "\r\n" : ",", f);
}

static const char *const csv_subjects[] = {"series", "team", "from",    "person",
                                           "to",     "unit", "to_unit", "teams"};

int lsn_report_write_findings_csv(const char *path, const lsn_findings *findings)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    const size_t ns = sizeof(csv_subjects) / sizeof(csv_subjects[0]);
    csv_field(f, "type", false);
    csv_field(f, "severity", false);
    for (size_t k = 0; k < ns; k++) {
        csv_field(f, csv_subjects[k], false);
    }
    csv_field(f, "explanation", false);
    csv_field(f, "metrics", true);
    size_t n;
    const lsn_finding *items = lsn_findings_items(findings, &n);
    int rc = LSN_OK;
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        csv_field(f, items[i].type, false);
        csv_field(f, lsn_severity_name(items[i].severity), false);
        for (size_t k = 0; k < ns; k++) {
            const lsn_value *v = lsn_value_get(items[i].subject, csv_subjects[k]);
            char *text = v != NULL && v->kind != LSN_VAL_NULL ? lsn_value_to_text(v) : NULL;
            csv_field(f, text ? text : "", false);
            free(text);
        }
        csv_field(f, items[i].explanation, false);
        char *m = lsn_value_to_text(items[i].metrics);
        if (m == NULL) {
            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
            break;
        }
        /* Drop the outer braces: "size=12,instances=13,..." reads better. */
        size_t len = strlen(m);
        if (len >= 2 && m[0] == '{') {
            m[len - 1] = '\0';
            csv_field(f, m + 1, true);
        } else {
            csv_field(f, m, true);
        }
        free(m);
    }
    if (fclose(f) != 0 && rc == LSN_OK) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    return rc;
}

static int cmp_edge_weight(const void *x, const void *y)
{
    const lsn_edge *a = x, *b = y;
    if (a->weight != b->weight) {
        return a->weight > b->weight ? -1 : 1;
    }
    if (a->u != b->u) {
        return a->u < b->u ? -1 : 1;
    }
    return (a->v > b->v) - (a->v < b->v);
}

/* The summary speaks to people: teams and persons by their display names
 * (the id, or the email, where there is none), counts with the right
 * noun, columns padded to what a terminal shows. */

static const char *plural(int64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static const char *unit_label(const lsn_unit *u)
{
    return u->name[0] != '\0' ? u->name : u->id;
}

static const char *person_label(const lsn_person *p)
{
    return p->name[0] != '\0' ? p->name : p->email;
}

/* Terminal columns of UTF-8 text: wide and full-width characters take two,
 * combining marks and format characters none (ICU's properties). Invalid
 * bytes count one each. */
static size_t text_width(const char *s)
{
    size_t width = 0;
    int32_t i = 0, n = (int32_t)strlen(s);
    while (i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, n, c);
        if (c < 0) {
            width++;
            continue;
        }
        int8_t cat = (int8_t)u_charType(c);
        if (cat == U_NON_SPACING_MARK || cat == U_ENCLOSING_MARK || cat == U_FORMAT_CHAR) {
            continue;
        }
        int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        width += ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
    }
    return width;
}

/* s, then spaces up to width columns (none when s is wider). */
static void put_padded(FILE *out, const char *s, size_t width)
{
    size_t w = text_width(s);
    fputs(s, out);
    for (; w < width; w++) {
        fputc(' ', out);
    }
}

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

/*
 * text (a finding's explanation, a proposal's reason) with every word that
 * is a unit id or a roster email written as its display name ("'s" after
 * it is kept). Words inside a quoted meeting subject are left alone. A word
 * is a run of non-space bytes without the quotes and brackets before it
 * and the punctuation after it. Returns a malloc'd string or NULL.
 */
static char *readable_text(const char *text, const lsn_org *org)
{
    size_t nu, np;
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_person *people = lsn_org_people(org, &np);
    struct text t = {0};
    text_put(&t, "", 0);
    bool quoted = false;
    const char *p = text;
    char word[512];
    while (*p) {
        const char *e = p;
        while (*e && isspace((unsigned char)*e)) {
            e++;
        }
        text_put(&t, p, (size_t)(e - p));
        p = e;
        while (*e && !isspace((unsigned char)*e)) {
            e++;
        }
        const char *b = p, *f = e;
        bool opens = false;
        while (b < f && strchr("([{\"'", *b) != NULL) {
            opens |= *b == '\'';
            b++;
        }
        while (f > b && strchr(".,;:!?)]}\"", f[-1]) != NULL) {
            f--;
        }
        bool closes = f > b && f[-1] == '\'';
        quoted |= opens;
        size_t n = (size_t)(f - b);
        size_t keep = n >= 2 && b[n - 2] == '\'' && b[n - 1] == 's' ? 2 : 0;
        const char *label = NULL;
        if (!quoted && n - keep > 0 && n - keep < sizeof(word)) {
            memcpy(word, b, n - keep);
            word[n - keep] = '\0';
            int32_t u = lsn_org_find_unit(org, word);
            int32_t who = strchr(word, '@') != NULL ? lsn_org_find_person(org, word) : -1;
            if (u >= 0 && (size_t)u < nu && !units[u].synthetic) {
                label = unit_label(&units[u]);
            } else if (who >= 0 && (size_t)who < np) {
                label = person_label(&people[who]);
            }
        }
        if (label != NULL) {
            text_put(&t, p, (size_t)(b - p));
            text_put(&t, label, strlen(label));
            text_put(&t, b + n - keep, (size_t)(e - (b + n - keep)));
        } else {
            text_put(&t, p, (size_t)(e - p));
        }
        if (closes) {
            quoted = false;
        }
        p = e;
    }
    if (t.failed) {
        free(t.p);
        return NULL;
    }
    return t.p;
}

/* One line of readable_text, indented; the text as it is when out of memory. */
static void print_readable(FILE *out, const char *indent, const char *text, const lsn_org *org)
{
    char *r = readable_text(text, org);
    fprintf(out, "%s%s\n", indent, r != NULL ? r : text);
    free(r);
}

static void print_findings(FILE *out, const lsn_findings *findings, const lsn_org *org)
{
    size_t n;
    const lsn_finding *items = lsn_findings_items(findings, &n);
    int64_t by_sev[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        by_sev[items[i].severity]++;
    }
    fprintf(out, "\nfindings: %zu (%lld high, %lld medium, %lld low)\n", n,
            (long long)by_sev[LSN_SEV_HIGH], (long long)by_sev[LSN_SEV_MEDIUM],
            (long long)by_sev[LSN_SEV_LOW]);
    /* Findings come sorted by type then severity: print each group with
     * its worst first, a few lines each, the rest counted. */
    const size_t shown = 5;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && items[j].kind == items[i].kind) {
            j++;
        }
        fprintf(out, "  %s (%zu)\n", items[i].type, j - i);
        for (size_t k = i; k < j && k < i + shown; k++) {
            char indent[32];
            snprintf(indent, sizeof(indent), "    [%s] ", lsn_severity_name(items[k].severity));
            print_readable(out, indent, items[k].explanation, org);
        }
        if (j - i > shown) {
            fprintf(out, "    ... and %zu more in report.json and findings.csv\n", j - i - shown);
        }
        i = j;
    }
}

/* Whether the proposal table lists entry e (a change to make). */
static bool listed_entry(const lsn_unit *units, const lsn_proposal_entry *e, int32_t min_group)
{
    return !(e->existing || e->kind == LSN_MODEL_NOTES || entry_withheld(units, e, min_group));
}

/* The proposal as a table a manager can act on: one line per need, then its
 * reason; kept links and notes are summarised on one line each. */
static void
print_proposal(FILE *out, const lsn_analysis *a, const lsn_proposal *p, int32_t min_group)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t nu, np, n;
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_proposal_entry *e = lsn_proposal_entries(p, &n);
    size_t kept = 0, notes = 0, unmet = 0, shown_needs = 0;
    for (size_t i = 0; i < n; i++) {
        if (entry_withheld(units, &e[i], min_group)) {
            continue;
        }
        shown_needs++;
        kept += e[i].existing;
        notes += e[i].kind == LSN_MODEL_NOTES;
        unmet += e[i].unmet;
    }
    fprintf(out, "\nproposal: %zu %s (%zu kept as %s, %zu by notes, %zu cannot be met)\n",
            shown_needs, plural((int64_t)shown_needs, "need", "needs"), kept,
            kept == 1 ? "it is" : "they are", notes, unmet);
    /* The rows first, so that the columns fit the longest name shown. */
    const size_t shown = 12;
    size_t rows[12], nrows = 0;
    size_t wteam = strlen("team"), wfrom = strlen("needs context from"), wmodel = strlen("model");
    for (size_t i = 0; i < n && nrows < shown; i++) {
        if (listed_entry(units, &e[i], min_group)) {
            rows[nrows++] = i;
            wteam = max_size(wteam, text_width(unit_label(&units[e[i].team])));
            wfrom = max_size(wfrom, text_width(unit_label(&units[e[i].from])));
            wmodel = max_size(wmodel, text_width(e[i].model));
        }
    }
    if (nrows > 0) {
        fputs("  ", out);
        put_padded(out, "team", wteam + 2);
        put_padded(out, "needs context from", wfrom + 2);
        put_padded(out, "model", wmodel + 2);
        fputs("who\n", out);
    }
    for (size_t r = 0; r < nrows; r++) {
        const lsn_proposal_entry *x = &e[rows[r]];
        char who[512] = "";
        for (size_t k = 0; min_group <= 1 && k < x->npeople; k++) {
            size_t len = strlen(who);
            snprintf(who + len, sizeof(who) - len, "%s%s", k ? ", " : "",
                     person_label(&people[x->people[k]]));
        }
        if (x->unmet) {
            snprintf(who, sizeof(who), "(cannot be met)");
        }
        fputs("  ", out);
        put_padded(out, unit_label(&units[x->team]), wteam + 2);
        put_padded(out, unit_label(&units[x->from]), wfrom + 2);
        put_padded(out, x->model, wmodel + 2);
        fprintf(out, "%s%s\n", who, x->restructure >= 0 ? "  [restructure meeting]" : "");
        char *reason =
            min_group <= 1 ? strdup(x->reason) : redact_people(x->reason, is_roster_email, org);
        print_readable(out, "      ", reason != NULL ? reason : "", org);
        free(reason);
    }
    size_t rest = 0;
    for (size_t i = 0; i < n; i++) {
        rest += listed_entry(units, &e[i], min_group);
    }
    if (rest > nrows) {
        fprintf(out, "  ... and %zu more in report.json\n", rest - nrows);
    }
}

/* One line: who of the roster meets, how much, and the addresses around it. */
static void print_coverage(FILE *out, const lsn_coverage *c)
{
    fprintf(out, "  coverage: %lld of %lld roster %s present (%.0f%%), %.1f instances a week",
            (long long)c->present, (long long)c->roster, plural(c->roster, "person", "people"),
            100.0 * c->share, c->per_week);
    if (c->empty_weeks > 0) {
        fprintf(out, ", %zu %s without a meeting", c->empty_weeks,
                plural((int64_t)c->empty_weeks, "week", "weeks"));
    }
    if (c->ncalendar_domains == 0) {
        fprintf(out, "; nobody outside the roster\n");
        return;
    }
    fprintf(out, "; outside the roster:");
    const size_t shown = 3;
    for (size_t i = 0; i < c->ncalendar_domains && i < shown; i++) {
        const lsn_domain_count *d = &c->calendar_domains[i];
        fprintf(out, "%s %s %lld", i ? "," : "", d->domain[0] ? d->domain : "(no domain)",
                (long long)d->count);
    }
    if (c->calendar_domains_total > shown) {
        size_t more = c->calendar_domains_total - shown;
        fprintf(out, " and %zu more %s", more, plural((int64_t)more, "domain", "domains"));
    }
    fputc('\n', out);
}

void lsn_report_print_summary(FILE *out, const lsn_report *r, const char *report_path)
{
    const lsn_analysis *a = r->analysis;
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    const lsn_org *org = lsn_calendar_org(cal);
    const lsn_input_stats *s = lsn_calendar_stats(cal);
    const lsn_window *w = lsn_calendar_window(cal);
    const lsn_summary *sum = lsn_analysis_summary(a);
    size_t nu;
    const lsn_unit *units = units_of(a, &nu);

    fprintf(out, "liaison: %d %s in %d %s, %s to %s (%s, %.1f weeks)\n", sum->people,
            plural(sum->people, "person", "people"), sum->teams,
            plural(sum->teams, "team", "teams"), w->from_date, w->to_date, w->tz, sum->weeks);
    int64_t skipped = 0;
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        skipped += s->skipped[k];
    }
    fprintf(out, "  input: %lld %s, %lld event %s, %lld %s read: %lld used, %lld skipped",
            (long long)s->files, plural(s->files, "file", "files"), (long long)s->vevents,
            plural(s->vevents, "record", "records"), (long long)s->read,
            plural(s->read, "instance", "instances"), (long long)s->used, (long long)skipped);
    const char *sep = " (";
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        if (s->skipped[k] > 0) {
            fprintf(out, "%s%lld %s", sep, (long long)s->skipped[k], lsn_skip_name((lsn_skip)k));
            sep = ", ";
        }
    }
    fprintf(out, "%s; %lld duplicate %s merged\n", sep[0] == ',' ? ")" : "",
            (long long)s->duplicates_merged, plural(s->duplicates_merged, "copy", "copies"));
    fprintf(out,
            "  participants: %lld roster %s present, %lld unknown, %lld external, %lld group %s\n",
            (long long)s->people_present, plural(s->people_present, "person", "people"),
            (long long)s->unknown, (long long)s->external, (long long)s->groups,
            plural(s->groups, "address", "addresses"));
    if (r->coverage != NULL) {
        print_coverage(out, r->coverage);
    }
    fprintf(out, "  meetings: %d series, %lld %s; %.1f meeting hours per person per week\n",
            sum->series, (long long)sum->instances, plural(sum->instances, "instance", "instances"),
            sum->people_present > 0 ? sum->meeting_hours_per_week / sum->people_present : 0.0);
    fprintf(out,
            "  cross-team share: %.0f%% of meeting hours between people of different teams; "
            "%d team %s\n",
            100.0 * sum->cross_team_share, sum->team_links,
            plural(sum->team_links, "pair talks", "pairs talk"));

    size_t ne;
    const lsn_edge *edges = lsn_analysis_team_edges(a, &ne);
    lsn_edge *top = malloc((ne ? ne : 1) * sizeof(*top));
    size_t nshown = 0;
    for (size_t i = 0; top != NULL && i < ne; i++) {
        if (!lsn_unit_withheld(&units[edges[i].u], r->min_group) &&
            !lsn_unit_withheld(&units[edges[i].v], r->min_group)) {
            top[nshown++] = edges[i];
        }
    }
    if (nshown > 0) {
        qsort(top, nshown, sizeof(*top), cmp_edge_weight);
        nshown = nshown < 5 ? nshown : 5;
        size_t wu = 0, wv = 0;
        for (size_t i = 0; i < nshown; i++) {
            wu = max_size(wu, text_width(unit_label(&units[top[i].u])));
            wv = max_size(wv, text_width(unit_label(&units[top[i].v])));
        }
        fprintf(out, "  strongest team links (hours per week):\n");
        for (size_t i = 0; i < nshown; i++) {
            fputs("    ", out);
            put_padded(out, unit_label(&units[top[i].u]), wu + 2);
            put_padded(out, unit_label(&units[top[i].v]), wv + 2);
            fprintf(out, "%6.2f\n", top[i].weight);
        }
    }
    free(top);
    size_t nl;
    lsn_analysis_liaisons(a, &nl);
    fprintf(out, "  liaison links: %zu (people at %d or more team meetings of another team)\n", nl,
            lsn_analysis_options_used(a)->liaison_min_instances);
    if (r->findings != NULL) {
        print_findings(out, r->findings, org);
    }
    if (r->proposal != NULL) {
        print_proposal(out, a, r->proposal, r->min_group);
    }
    int64_t withheld = r->withheld.findings + r->withheld.person_findings;
    if (r->min_group > 1) {
        fprintf(out,
                "\nprivacy: figures of teams and units under %d people and every person-level "
                "figure are left out (%lld %s); see 'suppressed' in the report\n",
                (int)r->min_group, (long long)withheld, plural(withheld, "finding", "findings"));
    }
    if (report_path != NULL) {
        fprintf(out, "\nreport: %s\n", report_path);
    }
}

/* ------------------------------------------------------------------ */
/* Privacy on a written report (liaison render)                         */
/* ------------------------------------------------------------------ */

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Intern s (when a string) into map. */
static int remember(lsn_strmap *map, const char *s)
{
    int32_t id;
    return s != NULL ? lsn_strmap_intern(&id, map, s, strlen(s)) : LSN_OK;
}

static int remember_list(lsn_strmap *map, const json_t *arr)
{
    size_t i;
    const json_t *v;
    int rc = LSN_OK;
    json_array_foreach(arr, i, v)
    {
        if (rc == LSN_OK) {
            rc = remember(map, json_string_value(v));
        }
    }
    return rc;
}

/* Every person the report names where a person is expected. */
static int report_people(lsn_strmap *map, const json_t *root)
{
    size_t i;
    const json_t *e;
    const json_t *in = json_object_get(root, "input");
    int rc = remember_list(map, json_object_get(in, "unknown_list"));
    if (rc == LSN_OK) {
        rc = remember_list(map, json_object_get(in, "external_list"));
    }
    json_array_foreach(json_object_get(root, "people"), i, e)
    {
        rc = rc == LSN_OK ? remember(map, jstr(e, "person")) : rc;
    }
    json_array_foreach(json_object_get(root, "liaisons"), i, e)
    {
        rc = rc == LSN_OK ? remember(map, jstr(e, "person")) : rc;
    }
    json_array_foreach(json_object_get(root, "findings"), i, e)
    {
        rc = rc == LSN_OK ? remember(map, jstr(e, "person")) : rc;
    }
    json_array_foreach(json_object_get(root, "proposal"), i, e)
    {
        rc = rc == LSN_OK ? remember_list(map, json_object_get(e, "people")) : rc;
    }
    return rc;
}

/* Sizes of the units the report lists (SIZE_UNKNOWN: not listed). */
struct sizes {
    lsn_strmap *ids;
    double *size;
    size_t cap;
    int32_t min_group;
};

static int set_size(struct sizes *z, const char *id, double size, bool override)
{
    if (id == NULL) {
        return LSN_OK;
    }
    int32_t k;
    size_t before = lsn_strmap_count(z->ids);
    int rc = lsn_strmap_intern(&k, z->ids, id, strlen(id));
    if (rc != LSN_OK) {
        return rc;
    }
    if ((size_t)k >= z->cap) {
        size_t cap = z->cap ? 2 * z->cap : 64;
        double *q = realloc(z->size, cap * sizeof(*q));
        if (q == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        z->size = q;
        z->cap = cap;
    }
    if ((size_t)k >= before || override) {
        z->size[k] = size;
    }
    return LSN_OK;
}

static bool json_withheld(const struct sizes *z, const char *id)
{
    if (id == NULL) {
        return false;
    }
    int32_t k = lsn_strmap_find(z->ids, id);
    return k < 0 || !(z->size[k] >= z->min_group);
}

static int report_sizes(struct sizes *z, const json_t *root)
{
    size_t i;
    const json_t *e;
    int rc = lsn_strmap_new(&z->ids);
    json_array_foreach(json_object_get(root, "units"), i, e)
    {
        double head = json_number_value(json_object_get(e, "headcount"));
        double under = json_number_value(json_object_get(e, "people_under"));
        rc = rc == LSN_OK ? set_size(z, jstr(e, "unit"), head > 0 ? head : under, true) : rc;
    }
    json_array_foreach(json_object_get(root, "teams"), i, e)
    {
        double head = json_number_value(json_object_get(e, "headcount"));
        rc = rc == LSN_OK ? set_size(z, jstr(e, "team"), head, false) : rc;
    }
    return rc;
}

static bool json_names_people(const json_t *v, const lsn_strmap *people)
{
    if (json_is_string(v)) {
        return lsn_strmap_find(people, json_string_value(v)) >= 0;
    }
    if (!json_is_array(v) || json_array_size(v) == 0) {
        return false;
    }
    size_t i;
    const json_t *x;
    json_array_foreach(v, i, x)
    {
        if (!json_is_string(x) || lsn_strmap_find(people, json_string_value(x)) < 0) {
            return false;
        }
    }
    return true;
}

static bool json_subject_withheld(const json_t *f, const struct sizes *z)
{
    static const char *const keys[] = {"team", "from", "to", "unit", "to_unit"};
    for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
        const json_t *v = json_object_get(f, keys[k]);
        if (json_is_string(v) && json_withheld(z, json_string_value(v))) {
            return true;
        }
    }
    size_t i;
    const json_t *t;
    json_array_foreach(json_object_get(f, "teams"), i, t)
    {
        if (json_is_string(t) && json_withheld(z, json_string_value(t))) {
            return true;
        }
    }
    return false;
}

/* Replace the string at key by the text with its people redacted. */
static int redact_json(json_t *o, const char *key, const lsn_strmap *people)
{
    const char *s = jstr(o, key);
    if (s == NULL) {
        return LSN_OK;
    }
    char *r = redact_people(s, in_strmap, people);
    int bad = r == NULL || json_object_set_new(o, key, json_string(r)) != 0;
    free(r);
    return bad ? lsn_error_set(LSN_ENOMEM, "out of memory") : LSN_OK;
}

static void add_count(json_t *o, const char *key, int64_t n)
{
    json_int_t was = json_integer_value(json_object_get(o, key));
    json_object_set_new(o, key, json_integer(was + n));
}

/* The entries of section `key` that keep(entry) accepts; the others counted. */
static int filter_section(
    json_t *root,
    const char *key,
    int64_t *dropped,
    int (*keep)(json_t *e, const struct sizes *z, const lsn_strmap *people, int64_t *extra),
    const struct sizes *z,
    const lsn_strmap *people,
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
        int k = keep(e, z, people, extra);
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

/* 1 keep, 0 drop, -1 out of memory. `extra` counts person findings. */
static int keep_finding(json_t *f, const struct sizes *z, const lsn_strmap *people, int64_t *extra)
{
    const json_t *person = json_object_get(f, "person");
    if (person != NULL && !json_is_null(person)) {
        (*extra)++;
        return 0;
    }
    if (json_subject_withheld(f, z)) {
        return 0;
    }
    json_t *m = json_object_get(f, "metrics");
    const char *key;
    json_t *v, *tmp;
    json_object_foreach_safe(m, tmp, key, v)
    {
        if (json_names_people(v, people)) {
            json_object_del(m, key);
        }
    }
    return redact_json(f, "explanation", people) == LSN_OK ? 1 : -1;
}

static int keep_team(json_t *t, const struct sizes *z, const lsn_strmap *people, int64_t *extra)
{
    (void)people;
    (void)extra;
    if (json_withheld(z, jstr(t, "team"))) {
        return 0;
    }
    json_t *links = json_object_get(t, "links");
    if (json_is_array(links)) {
        json_t *kept = json_array();
        size_t i;
        json_t *l;
        json_array_foreach(links, i, l)
        {
            if (!json_withheld(z, jstr(l, "team")) && json_array_append(kept, l) != 0) {
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

static int keep_unit(json_t *u, const struct sizes *z, const lsn_strmap *people, int64_t *extra)
{
    (void)people;
    (void)extra;
    return json_withheld(z, jstr(u, "unit")) ? 0 : 1;
}

static int keep_need(json_t *e, const struct sizes *z, const lsn_strmap *people, int64_t *extra)
{
    (void)extra;
    if (json_withheld(z, jstr(e, "team")) || json_withheld(z, jstr(e, "from")) ||
        json_withheld(z, jstr(e, "target"))) {
        return 0;
    }
    json_object_del(e, "people");
    json_object_del(e, "context_hours_per_week");
    return redact_json(e, "reason", people) == LSN_OK ? 1 : -1;
}

static int drop_all(json_t *e, const struct sizes *z, const lsn_strmap *people, int64_t *extra)
{
    (void)e;
    (void)z;
    (void)people;
    (void)extra;
    return 0;
}

/* Team pairs of teams[].links with a withheld end, each pair once. */
static int withheld_pairs(int64_t *out, const json_t *root, const struct sizes *z)
{
    lsn_strmap *pairs = NULL;
    int rc = lsn_strmap_new(&pairs);
    size_t i, j;
    const json_t *t, *l;
    json_array_foreach(json_object_get(root, "teams"), i, t)
    {
        const char *a = jstr(t, "team");
        json_array_foreach(json_object_get(t, "links"), j, l)
        {
            const char *b = jstr(l, "team");
            if (rc != LSN_OK || a == NULL || b == NULL ||
                !(json_withheld(z, a) || json_withheld(z, b))) {
                continue;
            }
            bool first = strcmp(a, b) < 0;
            struct text key = {0};
            text_put(&key, first ? a : b, strlen(first ? a : b));
            text_put(&key, "\x1f", 1);
            text_put(&key, first ? b : a, strlen(first ? b : a));
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

int lsn_report_json_restrict(json_t *root, int32_t min_group)
{
    if (!json_is_object(root)) {
        return lsn_error_set(LSN_EPARSE, "report: not a JSON object");
    }
    if (min_group <= 1) {
        return LSN_OK;
    }
    struct sizes z = {.min_group = min_group};
    lsn_strmap *people = NULL;
    struct suppressed sup = {0};
    lsn_withheld w = {0};
    int64_t ignored = 0;
    int rc = report_sizes(&z, root);
    if (rc == LSN_OK) {
        rc = lsn_strmap_new(&people);
    }
    if (rc == LSN_OK) {
        rc = report_people(people, root);
    }
    if (rc == LSN_OK) {
        rc = withheld_pairs(&sup.team_links, root, &z);
    }
    json_t *in = json_object_get(root, "input");
    static const char *const lists[] = {"unknown_list", "external_list", "group_list"};
    for (size_t k = 0; rc == LSN_OK && k < 3; k++) {
        sup.participants += (int64_t)json_array_size(json_object_get(in, lists[k]));
        json_object_del(in, lists[k]);
    }
    if (rc == LSN_OK) {
        rc = filter_section(root, "findings", &w.findings, keep_finding, &z, people,
                            &w.person_findings);
    }
    if (rc == LSN_OK) {
        /* A person finding was counted in both: keep it among person findings only. */
        w.findings -= w.person_findings;
        rc = filter_section(root, "liaisons", &sup.liaisons, drop_all, &z, people, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(root, "people", &sup.people, drop_all, &z, people, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(root, "teams", &sup.teams, keep_team, &z, people, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(root, "units", &sup.units, keep_unit, &z, people, &ignored);
    }
    if (rc == LSN_OK) {
        rc = filter_section(root, "proposal", &sup.proposal, keep_need, &z, people, &ignored);
    }
    if (rc == LSN_OK) {
        json_object_del(root, "liaisons");
        json_object_del(root, "people");
        json_t *s = json_object_get(root, "suppressed");
        if (!json_is_object(s)) {
            s = json_object();
            json_object_set_new(root, "suppressed", s);
        }
        add_count(s, "teams", sup.teams);
        add_count(s, "units", sup.units);
        add_count(s, "team_links", sup.team_links);
        add_count(s, "findings", w.findings);
        add_count(s, "person_findings", w.person_findings);
        add_count(s, "proposal", sup.proposal);
        add_count(s, "people", sup.people);
        add_count(s, "liaisons", sup.liaisons);
        add_count(s, "participants", sup.participants);
        json_t *params = json_object_get(root, "parameters");
        if (!json_is_object(params)) {
            params = json_object();
            json_object_set_new(root, "parameters", params);
        }
        if (json_integer_value(json_object_get(params, "min_group")) < min_group) {
            json_object_set_new(params, "min_group", json_integer(min_group));
        }
    }
    lsn_strmap_free(people);
    lsn_strmap_free(z.ids);
    free(z.size);
    return rc;
}

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
    const char *s = jstr(o, key);
    if (s != NULL && json_object_set_new(o, key, json_string(pseud(c, kind, s))) != 0) {
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
        if (s != NULL && json_array_set_new(arr, i, json_string(pseud(c, kind, s))) != 0) {
            c->failed = true;
        }
    }
}

/* A subject's pseudonym is its series UID's; "" stays "". */
static void map_subject(struct anonctx *c, json_t *o, const char *key, const char *uid)
{
    const char *s = jstr(o, key);
    if (s == NULL || s[0] == '\0') {
        return;
    }
    const char *r = uid != NULL ? pseud(c, LSN_ANON_MEETING, uid) : pseud(c, LSN_ANON_MEETING, s);
    if (json_object_set_new(o, key, json_string(r)) != 0) {
        c->failed = true;
    }
}

static void map_text(struct anonctx *c, json_t *o, const char *key)
{
    if (!c->keep_text && jstr(o, key) != NULL &&
        json_object_set_new(o, key, json_string(WITHHELD_TEXT)) != 0) {
        c->failed = true;
    }
}

/* A metric value: strings that are people, teams or series become theirs. */
static json_t *map_metric(struct anonctx *c, json_t *v)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (lsn_strmap_find(c->people, s) >= 0) {
            return json_string(pseud(c, LSN_ANON_PERSON, s));
        }
        if (lsn_strmap_find(c->uids, s) >= 0) {
            return json_string(pseud(c, LSN_ANON_MEETING, s));
        }
        if (c->teams && lsn_strmap_find(c->units, s) >= 0) {
            return json_string(pseud(c, LSN_ANON_UNIT, s));
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
        if (rc == LSN_OK && (rc = remember(c->units, jstr(e, "unit"))) == LSN_OK) {
            rc = remember(c->units, jstr(e, "parent"));
        }
    }
    json_array_foreach(json_object_get(root, "teams"), i, e)
    {
        if (rc == LSN_OK && (rc = remember(c->units, jstr(e, "team"))) == LSN_OK) {
            rc = remember(c->units, jstr(e, "parent"));
        }
    }
    json_array_foreach(json_object_get(root, "findings"), i, e)
    {
        rc = rc == LSN_OK ? remember(c->uids, jstr(e, "series")) : rc;
    }
    json_array_foreach(json_object_get(root, "liaisons"), i, e)
    {
        rc = rc == LSN_OK ? remember_list(c->uids, json_object_get(e, "series")) : rc;
    }
    json_array_foreach(json_object_get(root, "proposal"), i, e)
    {
        rc = rc == LSN_OK ? remember(c->uids, jstr(e, "restructure")) : rc;
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

static void anonymize_sections(struct anonctx *c, json_t *root)
{
    static const char *const unit_keys[] = {"team",    "from",   "to",    "unit",
                                            "to_unit", "parent", "target"};
    const size_t nunit_keys = sizeof(unit_keys) / sizeof(*unit_keys);
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
            const char *d = jstr(e, "domain");
            if (d != NULL && d[0] != '\0') {
                map_key(c, e, "domain", LSN_ANON_TEXT);
            }
        }
    }
    json_array_foreach(json_object_get(root, "people"), i, e)
    {
        const char *person = jstr(e, "person");
        if (person != NULL && jstr(e, "name") != NULL &&
            json_object_set_new(e, "name", json_string(pseud(c, LSN_ANON_PERSON, person))) != 0) {
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
            for (size_t u = 0; u < nunit_keys; u++) {
                map_key(c, e, unit_keys[u], LSN_ANON_UNIT);
            }
            if (c->teams && jstr(e, "name") != NULL) {
                json_object_set_new(e, "name", json_string(""));
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
        char *uid = jstr(e, "series") != NULL ? strdup(jstr(e, "series")) : NULL;
        json_t *m = json_object_get(e, "metrics");
        if (m != NULL) {
            json_t *mapped = map_metric(c, m);
            map_subject(c, mapped, "summary", uid);
            if (json_object_set_new(e, "metrics", mapped) != 0) {
                c->failed = true;
            }
        }
        free(uid);
        map_key(c, e, "series", LSN_ANON_MEETING);
        map_key(c, e, "person", LSN_ANON_PERSON);
        for (size_t u = 0; u < nunit_keys; u++) {
            map_key(c, e, unit_keys[u], LSN_ANON_UNIT);
        }
        map_list(c, json_object_get(e, "teams"), LSN_ANON_UNIT);
        map_text(c, e, "explanation");
    }
    json_array_foreach(json_object_get(root, "proposal"), i, e)
    {
        map_subject(c, e, "restructure_subject", jstr(e, "restructure"));
        map_key(c, e, "restructure", LSN_ANON_MEETING);
        for (size_t u = 0; u < nunit_keys; u++) {
            map_key(c, e, unit_keys[u], LSN_ANON_UNIT);
        }
        map_list(c, json_object_get(e, "people"), LSN_ANON_PERSON);
        map_text(c, e, "reason");
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
        rc = report_people(c.people, root);
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
            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        }
    }
    lsn_strmap_free(c.units);
    lsn_strmap_free(c.uids);
    lsn_strmap_free(c.people);
    return rc;
}
