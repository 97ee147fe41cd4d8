/*
 * viz/report.c — report.json through jansson and the human summary. It
 * formats what the analysis computed, in a fixed order (teams by id,
 * people by email, links by team id); it computes nothing new.
 */
#include "viz/report.h"

#include "io/error.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Figures are rounded to 1e-6 so that the last bits of a float sum never
 * change the bytes of the report. */
static json_t *num(double x)
{
    double r = round(x * 1e6) / 1e6;
    if (r == 0) {
        r = 0; /* no "-0" */
    }
    return json_real(r);
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

static json_t *summary_section(const lsn_analysis *a)
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

static const lsn_person *cmp_people;

static int cmp_person_email(const void *x, const void *y)
{
    return strcmp(cmp_people[*(const int32_t *)x].email, cmp_people[*(const int32_t *)y].email);
}

static json_t *people_section(const lsn_analysis *a)
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

int lsn_report_write_json(const char *path,
                          const lsn_analysis *a,
                          const lsn_param *params,
                          size_t nparams)
{
    int rc = LSN_OK;
    json_t *root = json_object();
    json_t *jp = json_object();
    for (size_t i = 0; i < nparams; i++) {
        json_object_set_new(jp, params[i].name,
                            params[i].text ? json_string(params[i].text) : num(params[i].number));
    }
    if (root == NULL || jp == NULL || set_new(root, "input", input_section(a)) != LSN_OK ||
        set_new(root, "summary", summary_section(a)) != LSN_OK ||
        set_new(root, "teams", teams_section(a)) != LSN_OK ||
        set_new(root, "people", people_section(a)) != LSN_OK ||
        set_new(root, "liaisons", liaisons_section(a)) != LSN_OK ||
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

void lsn_report_print_summary(FILE *out, const lsn_analysis *a, const char *report_path)
{
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
    if (report_path != NULL) {
        fprintf(out, "  report: %s\n", report_path);
    }
}
