/*
 * viz/report.c — report.json through jansson and the human summary. It
 * formats what the analysis computed, in a fixed order (teams by id,
 * people by email, links by team id); it computes nothing new.
 */
#include "viz/report.h"

#include "io/error.h"

#include <jansson.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static json_t *proposal_section(const lsn_analysis *a, const lsn_proposal *p)
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
        json_t *o = json_object();
        json_object_set_new(o, "team", json_string(units[e[i].team].id));
        json_object_set_new(o, "from", json_string(units[e[i].from].id));
        json_object_set_new(o, "context", json_string(lsn_context_name(e[i].context)));
        json_object_set_new(o, "availability", json_boolean(e[i].availability));
        json_object_set_new(o, "model", json_string(e[i].model));
        json_t *jp = json_array();
        for (size_t k = 0; k < e[i].npeople; k++) {
            json_array_append_new(jp, json_string(people[e[i].people[k]].email));
        }
        json_object_set_new(o, "people", jp);
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
        json_object_set_new(o, "context_hours_per_week", num(e[i].context_hours_per_week));
        json_object_set_new(o, "reason", json_string(e[i].reason));
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

static json_t *input_section(const lsn_analysis *a)
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
    json_object_set_new(in, "unknown_list", unknown);
    json_object_set_new(in, "external_list", external);
    json_object_set_new(in, "group_list", groups);
    json_object_set_new(in, "warnings", json_integer(s->warnings));
    json_object_set_new(in, "window", window);
    json_object_set_new(in, "paths", paths);
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

static json_t *teams_section(const lsn_analysis *a)
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
        if (units[i].headcount > 0) {
            order[n++] = (int32_t)i;
        }
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
static json_t *units_section(const lsn_analysis *a)
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
        if (units[i].people_under > 0) {
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
                            : p->integer ? json_integer((json_int_t)p->number)
                                         : num(p->number));
    }
    if (root == NULL || jp == NULL || set_new(root, "input", input_section(a)) != LSN_OK ||
        set_new(root, "summary", summary_section(a, r->structure)) != LSN_OK ||
        (r->findings != NULL &&
         set_new(root, "findings", findings_section(r->findings)) != LSN_OK) ||
        set_new(root, "liaisons", liaisons_section(a)) != LSN_OK ||
        set_new(root, "people", people_section(a, r->roles)) != LSN_OK ||
        set_new(root, "teams", teams_section(a)) != LSN_OK ||
        set_new(root, "units", units_section(a)) != LSN_OK ||
        (r->proposal != NULL &&
         set_new(root, "proposal", proposal_section(a, r->proposal)) != LSN_OK) ||
        (r->slices != NULL &&
         set_new(root, "slices", json_deep_copy(r->slices)) != LSN_OK) ||
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

static void print_findings(FILE *out, const lsn_findings *findings)
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
        while (j < n && strcmp(items[j].type, items[i].type) == 0) {
            j++;
        }
        fprintf(out, "  %s (%zu)\n", items[i].type, j - i);
        for (size_t k = i; k < j && k < i + shown; k++) {
            fprintf(out, "    [%s] %s\n", lsn_severity_name(items[k].severity),
                    items[k].explanation);
        }
        if (j - i > shown) {
            fprintf(out, "    ... and %zu more in report.json and findings.csv\n", j - i - shown);
        }
        i = j;
    }
}

/* The proposal as a table a manager can act on: one line per need, then its
 * reason; kept links and notes are summarised on one line each. */
static void print_proposal(FILE *out, const lsn_analysis *a, const lsn_proposal *p)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t nu, np, n;
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_proposal_entry *e = lsn_proposal_entries(p, &n);
    size_t kept = 0, notes = 0, unmet = 0;
    for (size_t i = 0; i < n; i++) {
        kept += e[i].existing;
        notes += e[i].kind == LSN_MODEL_NOTES;
        unmet += e[i].unmet;
    }
    fprintf(out, "\nproposal: %zu needs (%zu kept as they are, %zu by notes, %zu cannot be met)\n",
            n, kept, notes, unmet);
    fprintf(out, "  %-26s %-26s %-11s %s\n", "team", "needs context from", "model", "who");
    const size_t shown = 12;
    size_t printed = 0;
    for (size_t i = 0; i < n && printed < shown; i++) {
        if (e[i].existing || e[i].kind == LSN_MODEL_NOTES) {
            continue;
        }
        char who[160] = "";
        for (size_t k = 0; k < e[i].npeople; k++) {
            const char *email = people[e[i].people[k]].email;
            size_t len = strlen(who);
            snprintf(who + len, sizeof(who) - len, "%s%.*s", k ? ", " : "",
                     (int)strcspn(email, "@"), email);
        }
        if (e[i].unmet) {
            snprintf(who, sizeof(who), "(cannot be met)");
        }
        fprintf(out, "  %-26s %-26s %-11s %s%s\n", units[e[i].team].id, units[e[i].from].id,
                e[i].model, who, e[i].restructure >= 0 ? "  [restructure meeting]" : "");
        fprintf(out, "      %s\n", e[i].reason);
        printed++;
    }
    size_t rest = 0;
    for (size_t i = 0; i < n; i++) {
        rest += !(e[i].existing || e[i].kind == LSN_MODEL_NOTES);
    }
    if (rest > printed) {
        fprintf(out, "  ... and %zu more in report.json\n", rest - printed);
    }
}

void lsn_report_print_summary(FILE *out, const lsn_report *r, const char *report_path)
{
    const lsn_analysis *a = r->analysis;
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    const lsn_input_stats *s = lsn_calendar_stats(cal);
    const lsn_window *w = lsn_calendar_window(cal);
    const lsn_summary *sum = lsn_analysis_summary(a);
    size_t nu;
    const lsn_unit *units = units_of(a, &nu);

    fprintf(out, "liaison: %d people in %d teams, %s to %s (%s, %.1f weeks)\n", sum->people,
            sum->teams, w->from_date, w->to_date, w->tz, sum->weeks);
    int64_t skipped = 0;
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        skipped += s->skipped[k];
    }
    fprintf(out, "  input: %lld files, %lld event records, %lld instances read: %lld used, %lld "
                 "skipped",
            (long long)s->files, (long long)s->vevents, (long long)s->read, (long long)s->used,
            (long long)skipped);
    const char *sep = " (";
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        if (s->skipped[k] > 0) {
            fprintf(out, "%s%lld %s", sep, (long long)s->skipped[k], lsn_skip_name((lsn_skip)k));
            sep = ", ";
        }
    }
    fprintf(out, "%s; %lld duplicate copies merged\n", sep[0] == ',' ? ")" : "",
            (long long)s->duplicates_merged);
    fprintf(out, "  participants: %lld roster people present, %lld unknown, %lld external, "
                 "%lld group addresses\n",
            (long long)s->people_present, (long long)s->unknown, (long long)s->external,
            (long long)s->groups);
    fprintf(out, "  meetings: %d series, %lld instances; %.1f meeting hours per person per week\n",
            sum->series, (long long)sum->instances,
            sum->people_present > 0 ? sum->meeting_hours_per_week / sum->people_present : 0.0);
    fprintf(out, "  cross-team share: %.0f%% of meeting hours between people of different teams; "
                 "%d team pairs talk\n",
            100.0 * sum->cross_team_share, sum->team_links);

    size_t ne;
    const lsn_edge *edges = lsn_analysis_team_edges(a, &ne);
    lsn_edge *top = malloc((ne ? ne : 1) * sizeof(*top));
    if (top != NULL && ne > 0) {
        memcpy(top, edges, ne * sizeof(*top));
        qsort(top, ne, sizeof(*top), cmp_edge_weight);
        fprintf(out, "  strongest team links (hours per week):\n");
        for (size_t i = 0; i < ne && i < 5; i++) {
            fprintf(out, "    %-24s %-24s %6.2f\n", units[top[i].u].id, units[top[i].v].id,
                    top[i].weight);
        }
    }
    free(top);
    size_t nl;
    lsn_analysis_liaisons(a, &nl);
    fprintf(out, "  liaison links: %zu (people at %d or more team meetings of another team)\n", nl,
            lsn_analysis_options_used(a)->liaison_min_instances);
    if (r->findings != NULL) {
        print_findings(out, r->findings);
    }
    if (r->proposal != NULL) {
        print_proposal(out, a, r->proposal);
    }
    if (report_path != NULL) {
        fprintf(out, "\nreport: %s\n", report_path);
    }
}
