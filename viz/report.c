/*
 * viz/report.c — report.json through jansson (viz/report.h). It formats
 * what the analysis computed, in a fixed order (teams by id, people by
 * email, links by team id), asking viz/privacy.h what --min-group leaves
 * out; it computes nothing new. findings.csv is viz/findings_csv.c, the
 * summary viz/summary.c.
 */
#include "viz/report.h"

#include "io/error.h"
#include "io/json_arena.h"
#include "viz/compare.h"
#include "viz/impact.h"
#include "viz/json_dump.h"
#include "viz/privacy.h"
#include "viz/report_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The findings as written: they are published already (lsn_findings_publish). */
static json_t *findings_section(const lsn_findings *f)
{
    size_t n;
    const lsn_finding *items = lsn_findings_items(f, &n);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(arr, lsn_finding_json(&items[i]));
    }
    return arr;
}

bool lsn_report_entry_withheld(const lsn_privacy *p,
                               const lsn_unit *units,
                               const lsn_proposal_entry *e)
{
    return lsn_privacy_need_withheld(p, units[e->team].id, units[e->from].id,
                                     e->target >= 0 ? units[e->target].id : NULL);
}

static json_t *proposal_section(const lsn_analysis *a,
                                const lsn_proposal *p,
                                const lsn_impact *imp,
                                const lsn_privacy *pv,
                                lsn_suppressed *sup)
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
        if (lsn_report_entry_withheld(pv, units, &e[i])) {
            sup->proposal++;
            continue;
        }
        json_t *o = json_object();
        json_object_set_new_nocheck(o, "team", lsn_json_text(units[e[i].team].id));
        json_object_set_new_nocheck(o, "from", lsn_json_text(units[e[i].from].id));
        json_object_set_new_nocheck(o, "context", lsn_json_text(lsn_context_name(e[i].context)));
        json_object_set_new_nocheck(o, "availability", json_boolean(e[i].availability));
        json_object_set_new_nocheck(o, "model", lsn_json_text(e[i].model));
        if (lsn_privacy_persons_shown(pv)) {
            json_t *jp = json_array();
            for (size_t k = 0; k < e[i].npeople; k++) {
                json_array_append_new(jp, lsn_json_text(people[e[i].people[k]].email));
            }
            json_object_set_new_nocheck(o, "people", jp);
        }
        json_object_set_new_nocheck(o, "existing", json_boolean(e[i].existing));
        json_object_set_new_nocheck(o, "unmet", json_boolean(e[i].unmet));
        json_object_set_new_nocheck(
            o, "target", e[i].target >= 0 ? lsn_json_text(units[e[i].target].id) : json_null());
        json_object_set_new_nocheck(
            o, "restructure",
            e[i].restructure >= 0 ? lsn_json_text(series[e[i].restructure].uid) : json_null());
        json_object_set_new_nocheck(
            o, "restructure_subject",
            e[i].restructure >= 0 ? lsn_json_text(series[e[i].restructure].summary) : json_null());
        json_object_set_new_nocheck(o, "no_room", json_boolean(e[i].no_room));
        json_object_set_new_nocheck(o, "left_out", json_integer(e[i].nfull));
        if (imp != NULL) {
            json_object_set_new_nocheck(o, "series", lsn_impact_entry_series_json(imp, a, i));
        }
        if (lsn_privacy_persons_shown(pv)) {
            json_object_set_new_nocheck(o, "context_hours_per_week",
                                        lsn_json_number(e[i].context_hours_per_week));
            json_object_set_new_nocheck(o, "reason", lsn_json_text(e[i].reason));
        } else {
            char *reason = lsn_privacy_redact_reason(pv, e[i].reason);
            json_object_set_new_nocheck(o, "reason", reason != NULL ? lsn_json_text(reason) : NULL);
            free(reason);
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

/* Whether value (a new reference, NULL when it could not be built) is now obj's key. */
static bool set_new(json_t *obj, const char *key, json_t *value)
{
    return value != NULL && json_object_set_new_nocheck(obj, key, value) == 0;
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
        json_object_set_new_nocheck(o, "domain", lsn_json_text(v[i].domain));
        json_object_set_new_nocheck(o, what, json_integer(v[i].count));
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
        json_object_set_new_nocheck(wk, "from", lsn_json_text(w->from));
        json_object_set_new_nocheck(wk, "days", json_integer(w->days));
        json_object_set_new_nocheck(wk, "instances", json_integer(w->instances));
        json_array_append_new(weeks, wk);
        if (w->days == 7 && w->instances == 0) {
            json_array_append_new(empty, lsn_json_text(w->from));
        }
    }
    for (size_t i = 0; i < c->nwarnings; i++) {
        json_array_append_new(warnings, lsn_json_text(c->warnings[i]));
    }
    json_object_set_new_nocheck(o, "roster_people", json_integer(c->roster));
    json_object_set_new_nocheck(o, "people_present", json_integer(c->present));
    json_object_set_new_nocheck(o, "people_present_share", lsn_json_number(c->share));
    json_object_set_new_nocheck(o, "instances_per_week", lsn_json_number(c->per_week));
    json_object_set_new_nocheck(o, "weeks", weeks);
    json_object_set_new_nocheck(o, "empty_weeks", json_integer((json_int_t)c->empty_weeks));
    json_object_set_new_nocheck(o, "empty_week_starts", empty);
    json_object_set_new_nocheck(o, "addresses_outside_roster", json_integer(c->outside));
    json_object_set_new_nocheck(
        o, "calendar_domains", domain_list(c->calendar_domains, c->ncalendar_domains, "addresses"));
    json_object_set_new_nocheck(o, "calendar_domains_total",
                                json_integer((json_int_t)c->calendar_domains_total));
    json_object_set_new_nocheck(o, "roster_domains",
                                domain_list(c->roster_domains, c->nroster_domains, "people"));
    json_object_set_new_nocheck(o, "roster_domains_total",
                                json_integer((json_int_t)c->roster_domains_total));
    json_object_set_new_nocheck(o, "warnings", warnings);
    return o;
}

static json_t *input_section(const lsn_analysis *a,
                             const lsn_coverage *coverage,
                             const lsn_privacy *pv,
                             lsn_suppressed *sup)
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
        json_array_append_new(paths, lsn_json_text(files[i]));
    }
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        json_object_set_new_nocheck(skipped, lsn_skip_name((lsn_skip)k),
                                    json_integer(s->skipped[k]));
    }
    const lsn_participant *pt = lsn_calendar_participants(cal, &np);
    for (size_t i = 0; i < np; i++) {
        json_t *list = pt[i].kind == LSN_P_UNKNOWN    ? unknown
                       : pt[i].kind == LSN_P_EXTERNAL ? external
                       : pt[i].kind == LSN_P_GROUP    ? groups
                                                      : NULL;
        if (list != NULL) {
            json_array_append_new(list, lsn_json_text(pt[i].address));
        }
    }
    json_object_set_new_nocheck(window, "from", lsn_json_text(w->from_date));
    json_object_set_new_nocheck(window, "to", lsn_json_text(w->to_date));
    json_object_set_new_nocheck(window, "tz", lsn_json_text(w->tz));
    json_object_set_new_nocheck(window, "weeks", lsn_json_number(lsn_window_weeks(w)));

    json_object_set_new_nocheck(in, "files", json_integer(s->files));
    json_object_set_new_nocheck(in, "vevents", json_integer(s->vevents));
    json_object_set_new_nocheck(in, "read", json_integer(s->read));
    json_object_set_new_nocheck(in, "used", json_integer(s->used));
    json_object_set_new_nocheck(in, "skipped", skipped);
    json_object_set_new_nocheck(in, "duplicates_merged", json_integer(s->duplicates_merged));
    json_object_set_new_nocheck(in, "people_present", json_integer(s->people_present));
    json_object_set_new_nocheck(in, "unknown", json_integer(s->unknown));
    json_object_set_new_nocheck(in, "external", json_integer(s->external));
    json_object_set_new_nocheck(in, "groups", json_integer(s->groups));
    if (lsn_privacy_persons_shown(pv)) {
        json_object_set_new_nocheck(in, "unknown_list", unknown);
        json_object_set_new_nocheck(in, "external_list", external);
        json_object_set_new_nocheck(in, "group_list", groups);
    } else {
        /* Addresses are people: only their counts above are published. */
        sup->participants += (int64_t)(json_array_size(unknown) + json_array_size(external) +
                                       json_array_size(groups));
        json_decref(unknown);
        json_decref(external);
        json_decref(groups);
    }
    json_object_set_new_nocheck(in, "warnings", json_integer(s->warnings));
    json_object_set_new_nocheck(in, "window", window);
    json_object_set_new_nocheck(in, "paths", paths);
    if (coverage != NULL) {
        json_object_set_new_nocheck(in, "coverage", coverage_section(coverage));
    }
    return in;
}

static json_t *summary_section(const lsn_analysis *a, const lsn_structure *st)
{
    const lsn_summary *s = lsn_analysis_summary(a);
    json_t *o = json_object();
    json_object_set_new_nocheck(o, "people", json_integer(s->people));
    json_object_set_new_nocheck(o, "people_present", json_integer(s->people_present));
    json_object_set_new_nocheck(o, "teams", json_integer(s->teams));
    json_object_set_new_nocheck(o, "series", json_integer(s->series));
    json_object_set_new_nocheck(o, "instances", json_integer(s->instances));
    json_object_set_new_nocheck(o, "broadcast_series", json_integer(s->broadcast_series));
    json_object_set_new_nocheck(o, "team_meetings", json_integer(s->team_meetings));
    json_object_set_new_nocheck(o, "meeting_hours_per_week",
                                lsn_json_number(s->meeting_hours_per_week));
    json_object_set_new_nocheck(o, "cross_team_share", lsn_json_number(s->cross_team_share));
    json_object_set_new_nocheck(o, "team_links", json_integer(s->team_links));
    json_object_set_new_nocheck(o, "liaison_links", json_integer(s->liaison_links));
    if (st != NULL) {
        json_object_set_new_nocheck(o, "modularity", lsn_json_number(lsn_structure_modularity(st)));
        json_object_set_new_nocheck(o, "communities",
                                    json_integer(lsn_structure_roster_communities(st)));
        json_object_set_new_nocheck(o, "nmi", lsn_json_number(lsn_structure_nmi(st)));
        json_object_set_new_nocheck(o, "adjusted_rand",
                                    lsn_json_number(lsn_structure_adjusted_rand(st)));
    }
    json_object_set_new_nocheck(o, "meeting_load", lsn_report_load_buckets(a, -1));
    return o;
}

/*
 * The units a section lists, by id: the teams (people sit in them) or, with
 * teams false, every unit with people under it; those --min-group withholds
 * are counted in *withheld instead. Returns a malloc'd array of *n unit
 * indices, or NULL on out of memory.
 */
static int32_t *
listed_units(size_t *n, const lsn_org *org, bool teams, const lsn_privacy *pv, int64_t *withheld)
{
    size_t nu;
    const lsn_unit *units = lsn_org_units(org, &nu);
    const int32_t *by_id = lsn_org_units_by_id(org);
    int32_t *order = malloc((nu ? nu : 1) * sizeof(*order));
    *n = 0;
    if (order == NULL) {
        return NULL;
    }
    for (size_t k = 0; k < nu; k++) {
        int32_t i = by_id[k];
        if ((teams ? units[i].headcount : units[i].people_under) <= 0) {
            continue;
        }
        if (lsn_privacy_unit_withheld(pv, units[i].id)) {
            (*withheld)++;
        } else {
            order[(*n)++] = i;
        }
    }
    return order;
}

static json_t *teams_section(const lsn_analysis *a, const lsn_privacy *pv, lsn_suppressed *sup)
{
    size_t nu, nt, n;
    const lsn_unit *units = units_of(a, &nu);
    const lsn_team_info *info = lsn_analysis_teams(a, &nt);
    json_t *arr = json_array();
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    const int32_t *rank = lsn_org_units_rank(org); /* by id */
    int32_t *order = listed_units(&n, org, true, pv, &sup->teams);
    int64_t *load = lsn_report_load_counts(a); /* one pass, not one per team */
    if (order == NULL || load == NULL) {
        free(order);
        free(load);
        json_decref(arr);
        return NULL;
    }
    size_t ne;
    const lsn_edge *edges = lsn_analysis_team_edges(a, &ne);
    for (size_t i = 0; i < ne; i++) {
        sup->team_links += lsn_privacy_unit_withheld(pv, units[edges[i].u].id) ||
                           lsn_privacy_unit_withheld(pv, units[edges[i].v].id);
    }
    for (size_t k = 0; k < n; k++) {
        int32_t t = order[k];
        json_t *o = json_object();
        json_object_set_new_nocheck(o, "team", lsn_json_text(units[t].id));
        json_object_set_new_nocheck(o, "name", lsn_json_text(units[t].name));
        json_object_set_new_nocheck(o, "parent",
                                    units[t].parent >= 0 ? lsn_json_text(units[units[t].parent].id)
                                                         : json_null());
        json_object_set_new_nocheck(o, "headcount", json_integer(units[t].headcount));
        json_object_set_new_nocheck(o, "meeting_hours_per_week",
                                    lsn_json_number(info[t].meeting_hours_per_week));
        json_object_set_new_nocheck(o, "team_meetings", json_integer(info[t].team_meetings));
        json_object_set_new_nocheck(o, "internal_hours_per_week",
                                    lsn_json_number(info[t].internal_hours_per_week));
        json_object_set_new_nocheck(o, "external_hours_per_week",
                                    lsn_json_number(info[t].external_hours_per_week));
        json_object_set_new_nocheck(o, "meeting_load",
                                    lsn_report_load_object(&load[(size_t)t * LSN_LOAD_BUCKETS]));
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
                while (j > 0 && rank[links[lo[j - 1]].v] > rank[links[x].v]) {
                    lo[j] = lo[j - 1];
                    j--;
                }
                lo[j] = x;
            }
            for (size_t i = 0; i < nl; i++) {
                if (lsn_privacy_unit_withheld(pv, units[links[lo[i]].v].id)) {
                    continue;
                }
                json_t *l = json_object();
                json_object_set_new_nocheck(l, "team", lsn_json_text(units[links[lo[i]].v].id));
                json_object_set_new_nocheck(l, "hours_per_week",
                                            lsn_json_number(links[lo[i]].weight));
                json_array_append_new(jl, l);
            }
            free(lo);
        }
        json_object_set_new_nocheck(o, "links", jl);
        json_array_append_new(arr, o);
    }
    free(order);
    free(load);
    return arr;
}

/* Every unit with people under it, by id: the hierarchy diagrams nest on. */
static json_t *units_section(const lsn_analysis *a, const lsn_privacy *pv, lsn_suppressed *sup)
{
    size_t nu, n;
    const lsn_unit *units = units_of(a, &nu);
    json_t *arr = json_array();
    int32_t *order =
        listed_units(&n, lsn_calendar_org(lsn_analysis_calendar(a)), false, pv, &sup->units);
    if (order == NULL) {
        json_decref(arr);
        return NULL;
    }
    for (size_t k = 0; k < n; k++) {
        const lsn_unit *u = &units[order[k]];
        json_t *o = json_object();
        json_object_set_new_nocheck(o, "unit", lsn_json_text(u->id));
        json_object_set_new_nocheck(o, "name", lsn_json_text(u->name));
        json_object_set_new_nocheck(
            o, "parent", u->parent >= 0 ? lsn_json_text(units[u->parent].id) : json_null());
        json_object_set_new_nocheck(o, "depth", json_integer(u->depth));
        json_object_set_new_nocheck(o, "headcount", json_integer(u->headcount));
        json_object_set_new_nocheck(o, "people_under", json_integer(u->people_under));
        if (u->kind[0] != '\0') {
            json_object_set_new_nocheck(o, "kind", lsn_json_text(u->kind));
        }
        json_array_append_new(arr, o);
    }
    free(order);
    return arr;
}

/* The declared needs in org order: where each comes from and, for a
 * derived one, its weight and evidence. Needs of withheld teams are left
 * out, as their proposal entries are. */
static json_t *needs_section(const lsn_analysis *a, const lsn_privacy *pv)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t nu, nn;
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_need *needs = lsn_org_needs(org, &nn);
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < nn; i++) {
        const lsn_need *x = &needs[i];
        if (lsn_privacy_need_withheld(pv, units[x->team].id, units[x->from].id, NULL)) {
            continue;
        }
        json_t *o = json_object();
        json_object_set_new_nocheck(o, "team", lsn_json_text(units[x->team].id));
        json_object_set_new_nocheck(o, "from", lsn_json_text(units[x->from].id));
        json_object_set_new_nocheck(o, "context", lsn_json_text(lsn_context_name(x->context)));
        json_object_set_new_nocheck(o, "availability", json_boolean(x->availability));
        json_object_set_new_nocheck(o, "source", lsn_json_text(lsn_need_source_name(x->source)));
        if (x->source == LSN_NEED_CATALOG) {
            size_t ne;
            const lsn_evidence *ev = lsn_org_need_evidence(org, i, &ne);
            json_t *je = json_array();
            for (size_t k = 0; k < ne; k++) {
                char phrase[512];
                json_t *e = json_object();
                json_object_set_new_nocheck(e, "entity", lsn_json_text(ev[k].entity));
                json_object_set_new_nocheck(e, "relation", lsn_json_text(ev[k].relation));
                json_object_set_new_nocheck(e, "target", lsn_json_text(ev[k].target));
                json_object_set_new_nocheck(
                    e, "text",
                    lsn_json_text(
                        lsn_evidence_phrase(phrase, sizeof(phrase), &ev[k], units[x->from].id)));
                json_array_append_new(je, e);
            }
            json_object_set_new_nocheck(o, "weight", json_integer(x->weight));
            json_object_set_new_nocheck(o, "evidence", je);
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

/* Person p's entry of the `people` section. */
static json_t *person_json(const lsn_analysis *a,
                           const lsn_person *people,
                           const lsn_unit *units,
                           const lsn_person_hours *hours,
                           const lsn_role *roles,
                           int32_t p)
{
    json_t *o = json_object();
    json_object_set_new_nocheck(o, "person", lsn_json_text(people[p].email));
    json_object_set_new_nocheck(o, "name", lsn_json_text(people[p].name));
    json_object_set_new_nocheck(o, "team", lsn_json_text(units[people[p].team].id));
    json_object_set_new_nocheck(o, "meeting_hours_per_week",
                                lsn_json_number(hours[p].meeting_hours_per_week));
    json_object_set_new_nocheck(o, "double_booked_hours_per_week",
                                lsn_json_number(hours[p].double_booked_hours_per_week));
    json_object_set_new_nocheck(o, "instances", json_integer(hours[p].instances));
    size_t nl;
    const lsn_liaison *links = lsn_analysis_person_liaisons(a, p, &nl);
    json_t *jl = json_array();
    for (size_t i = 0; i < nl; i++) {
        json_array_append_new(jl, lsn_json_text(units[links[i].to].id));
    }
    json_object_set_new_nocheck(o, "liaison_links", jl);
    if (roles != NULL) {
        const lsn_role *r = &roles[p];
        json_object_set_new_nocheck(o, "community", json_integer(r->community));
        json_object_set_new_nocheck(o, "betweenness", lsn_json_number(r->betweenness));
        json_object_set_new_nocheck(o, "constraint",
                                    isfinite(r->constraint) ? lsn_json_number(r->constraint)
                                                            : json_null());
        json_t *b = json_object();
        json_object_set_new_nocheck(b, "coordinator", json_integer(r->coordinator));
        json_object_set_new_nocheck(b, "itinerant", json_integer(r->itinerant));
        json_object_set_new_nocheck(b, "gatekeeper", json_integer(r->gatekeeper));
        json_object_set_new_nocheck(b, "representative", json_integer(r->representative));
        json_object_set_new_nocheck(b, "liaison", json_integer(r->liaison));
        json_object_set_new_nocheck(o, "brokerage", b);
    }
    return o;
}

/* What the diagrams read of a person (viz/dot_report.c): copies, so that
 * o may be freed with the memory it was made in. */
static json_t *person_drawn(json_t *o)
{
    json_t *d = json_object();
    bool bad = d == NULL;
    static const char *const keys[] = {"person", "name", "team"};
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]) && !bad; k++) {
        bad = json_object_set_new_nocheck(d, keys[k], json_copy(json_object_get(o, keys[k]))) != 0;
    }
    if (bad) {
        json_decref(d);
        return NULL;
    }
    return d;
}

int lsn_report_people_build(lsn_report_people_part *out, const lsn_report *r, lsn_report_tree want)
{
    const lsn_analysis *a = r->analysis;
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t np, nu, nh;
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_person_hours *hours = lsn_analysis_people(a, &nh);
    memset(out, 0, sizeof(*out));
    const int32_t *order = lsn_org_people_by_email(org);
    lsn_json_out *text = lsn_json_out_memory(1, want == LSN_REPORT_TREE_FULL);
    bool keep = want == LSN_REPORT_TREE_FULL || want == LSN_REPORT_TREE_DIAGRAMS;
    json_t *tree = keep ? json_array() : NULL;
    bool bad = text == NULL || (keep && tree == NULL);
    if (!bad) {
        lsn_json_out_begin(text, NULL, false);
    }
    /* One person at a time: built, written, and freed or kept. Unless the
     * whole person is kept, in the same memory each time (io/json_arena.h);
     * what the diagrams keep of them is made outside it. */
    lsn_json_scope scope = {-1};
    if (want != LSN_REPORT_TREE_FULL) {
        lsn_json_arena_begin(&scope);
    }
    for (size_t k = 0; k < np && !bad; k++) {
        json_t *o = person_json(a, people, units, hours, r->roles, order[k]);
        lsn_json_out_value(text, NULL, o);
        if (want == LSN_REPORT_TREE_FULL) {
            bad = json_array_append(tree, o) != 0;
        } else if (want == LSN_REPORT_TREE_DIAGRAMS && o != NULL) {
            int paused = lsn_json_arena_pause();
            bad = json_array_append_new(tree, person_drawn(o)) != 0;
            lsn_json_arena_resume(paused);
        }
        json_decref(o);
        lsn_json_arena_recycle(&scope);
    }
    lsn_json_arena_end(&scope);
    if (!bad) {
        lsn_json_out_end(text);
    }
    bad |= lsn_json_out_close(text, &out->text, &out->len) != 0;
    if (bad) {
        json_decref(tree);
        free(out->text);
        memset(out, 0, sizeof(*out));
        return lsn_error_set(LSN_ENOMEM, "out of memory while building the report");
    }
    out->tree = tree;
    return LSN_OK;
}

void lsn_report_people_free(lsn_report_people_part *p)
{
    free(p->text);
    json_decref(p->tree);
    memset(p, 0, sizeof(*p));
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
        json_object_set_new_nocheck(o, "person", lsn_json_text(people[l->person].email));
        json_object_set_new_nocheck(o, "team", lsn_json_text(units[l->home].id));
        json_object_set_new_nocheck(o, "to", lsn_json_text(units[l->to].id));
        json_object_set_new_nocheck(o, "hours_per_week", lsn_json_number(l->hours_per_week));
        json_object_set_new_nocheck(o, "instances", json_integer(l->instances));
        json_object_set_new_nocheck(o, "first_half", json_integer(l->first_half));
        json_object_set_new_nocheck(o, "second_half", json_integer(l->second_half));
        json_t *js = json_array();
        for (int32_t k = 0; k < l->nseries; k++) {
            json_array_append_new(js, lsn_json_text(series[l->series[k]].uid));
        }
        json_object_set_new_nocheck(o, "series", js);
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *suppressed_section(const lsn_suppressed *s, const lsn_withheld *w)
{
    json_t *o = json_object();
    json_object_set_new_nocheck(o, "teams", json_integer(s->teams));
    json_object_set_new_nocheck(o, "units", json_integer(s->units));
    json_object_set_new_nocheck(o, "team_links", json_integer(s->team_links));
    json_object_set_new_nocheck(o, "findings", json_integer(w->findings));
    json_object_set_new_nocheck(o, "person_findings", json_integer(w->person_findings));
    json_object_set_new_nocheck(o, "proposal", json_integer(s->proposal));
    json_object_set_new_nocheck(o, "people", json_integer(s->people));
    json_object_set_new_nocheck(o, "liaisons", json_integer(s->liaisons));
    json_object_set_new_nocheck(o, "participants", json_integer(s->participants));
    return o;
}

int lsn_report_write_json(const char *path, const lsn_report *r)
{
    return lsn_report_write_json_tree(path, r, NULL);
}

int lsn_report_write_json_tree(const char *path, const lsn_report *r, json_t **tree)
{
    return lsn_report_write_json_parts(
        path, r, NULL, NULL, tree != NULL ? LSN_REPORT_TREE_FULL : LSN_REPORT_TREE_NONE, tree);
}

enum {
    S_INPUT,
    S_SUMMARY,
    S_FINDINGS,
    S_LIAISONS,
    S_PEOPLE,
    S_TEAMS,
    S_UNITS,
    S_MEETINGS,
    S_NEEDS,
    S_PROPOSAL,
    S_IMPACT,
    S_SLICES,
    S_SUPPRESSED,
    S_PARAMETERS,
    NSECTIONS
};

static const char *const section_key[NSECTIONS] = {
    "input",    "summary", "findings", "liaisons",        "people", "teams",      "units",
    "meetings", "needs",   "proposal", "proposal_impact", "slices", "suppressed", "parameters"};

/* Whether section k is in the tree `want` asks for: every section, those
 * the diagrams read (viz/dot_report.c), or the summary and findings. */
static bool kept(int k, lsn_report_tree want)
{
    switch (want) {
    case LSN_REPORT_TREE_FULL:
        return true;
    case LSN_REPORT_TREE_DIAGRAMS:
        return k == S_FINDINGS || k == S_LIAISONS || k == S_PEOPLE || k == S_TEAMS ||
               k == S_UNITS || k == S_PROPOSAL;
    case LSN_REPORT_TREE_SUMMARY:
        return k == S_SUMMARY || k == S_FINDINGS;
    default:
        return false;
    }
}

/* Build section k (not the people); NULL when out of memory. */
static json_t *build_section(
    int k, const lsn_report *r, const lsn_privacy *pv, lsn_suppressed *sup, json_t **params)
{
    const lsn_analysis *a = r->analysis;
    json_t *sec = NULL;
    switch (k) {
    case S_INPUT:
        return input_section(a, r->coverage, pv, sup);
    case S_SUMMARY:
        return summary_section(a, r->structure);
    case S_FINDINGS:
        return findings_section(r->findings);
    case S_LIAISONS:
        return liaisons_section(a);
    case S_TEAMS:
        return teams_section(a, pv, sup);
    case S_UNITS:
        return units_section(a, pv, sup);
    case S_MEETINGS:
        return lsn_report_meetings_section(a, pv);
    case S_NEEDS:
        return needs_section(a, pv);
    case S_PROPOSAL:
        return proposal_section(a, r->proposal, r->impact, pv, sup);
    case S_IMPACT:
        sec = lsn_impact_json(r->impact, a, r->proposal);
        if (sec != NULL && lsn_report_impact_restrict(sec, pv) != LSN_OK) {
            json_decref(sec);
            sec = NULL;
        }
        return sec;
    case S_SLICES:
        return json_deep_copy(r->slices);
    case S_SUPPRESSED:
        return suppressed_section(sup, &r->withheld);
    case S_PARAMETERS:
        sec = *params;
        *params = NULL;
        return sec;
    default:
        return NULL;
    }
}

int lsn_report_write_json_parts(const char *path,
                                const lsn_report *r,
                                lsn_report_people_fn people,
                                void *ud,
                                lsn_report_tree want,
                                json_t **tree)
{
    const lsn_analysis *a = r->analysis;
    if (tree != NULL) {
        *tree = NULL;
    }
    if (tree == NULL) {
        want = LSN_REPORT_TREE_NONE;
    }
    lsn_privacy *pv = NULL;
    int rc = lsn_privacy_new(&pv, lsn_analysis_calendar(a), r->min_group);
    if (rc != LSN_OK) {
        return rc;
    }
    json_t *root = want != LSN_REPORT_TREE_NONE ? json_object() : NULL;
    json_t *jp = json_object();
    for (size_t i = 0; jp != NULL && i < r->nparams; i++) {
        const lsn_param *p = &r->params[i];
        json_object_set_new_nocheck(jp, p->name,
                                    p->text      ? lsn_json_text(p->text)
                                    : p->boolean ? json_boolean(p->number != 0)
                                    : p->integer ? json_integer((json_int_t)p->number)
                                                 : lsn_json_number(p->number));
    }
    bool persons = lsn_privacy_persons_shown(pv);
    lsn_suppressed sup = {0};
    if (!persons) {
        size_t np, nl;
        lsn_org_people(lsn_calendar_org(lsn_analysis_calendar(a)), &np);
        lsn_analysis_liaisons(a, &nl);
        sup.people = (int64_t)np;
        sup.liaisons = (int64_t)nl;
    }
    /* Written one section at a time, each freed once written unless the
     * tree keeps it. The people are taken when ready (people(..., false))
     * or, at the latest, once every other section is built, so that whoever
     * builds them (people) has the longest time to: until then the sections
     * after them are kept as text (from `held` on), then written in order. */
    lsn_json_out *file = lsn_json_out_file(path, false);
    char *text[NSECTIONS] = {0};
    size_t len[NSECTIONS] = {0};
    bool wanted[NSECTIONS] = {0};
    json_t *sec[NSECTIONS] = {0}; /* the sections the tree keeps */
    lsn_report_people_part made = {0};
    bool bad = (want != LSN_REPORT_TREE_NONE && root == NULL) || jp == NULL;
    bool unwritten = file == NULL;
    bool taken = !persons; /* the people are written (or not to be) */
    int held = NSECTIONS;  /* the first section kept as text */
    if (!unwritten) {
        lsn_json_out_begin(file, NULL, true);
    }
    for (int k = 0; k <= NSECTIONS && !bad && !unwritten; k++) {
        if (k < NSECTIONS) {
            wanted[k] = (k != S_FINDINGS || r->findings != NULL) &&
                        ((k != S_LIAISONS && k != S_PEOPLE) || persons) &&
                        (k != S_PROPOSAL || r->proposal != NULL) &&
                        (k != S_IMPACT || r->impact != NULL) &&
                        (k != S_SLICES || r->slices != NULL);
        }
        if (k > S_PEOPLE && !taken) {
            /* The people, when ready (at the end: waited for), then what was held. */
            bool last = k == NSECTIONS;
            rc = people != NULL ? people(&made, last, ud) : lsn_report_people_build(&made, r, want);
            if ((bad = rc != LSN_OK || (last && made.text == NULL)) || made.text == NULL) {
                held = held < k ? held : k;
            } else {
                taken = true;
                lsn_json_out_reread(file, false);
                lsn_json_out_text(file, section_key[S_PEOPLE], made.text, made.len);
                sec[S_PEOPLE] = made.tree;
                made.tree = NULL;
                bad = kept(S_PEOPLE, want) && sec[S_PEOPLE] == NULL;
                for (int h = held; h < k; h++) {
                    if (text[h] != NULL) {
                        lsn_json_out_text(file, section_key[h], text[h], len[h]);
                    }
                    free(text[h]);
                    text[h] = NULL;
                }
                lsn_report_people_free(&made);
            }
        }
        if (k == NSECTIONS || !wanted[k] || k == S_PEOPLE || bad) {
            continue;
        }
        /* A section the tree does not keep is built, written and freed
         * in a scope of its own (io/json_arena.h). */
        lsn_json_scope scope = {-1};
        if (!kept(k, want)) {
            lsn_json_arena_begin(&scope);
        }
        json_t *built = build_section(k, r, pv, &sup, &jp);
        if (built == NULL) {
            lsn_json_arena_end(&scope);
            bad = true;
            break;
        }
        if (taken || k < S_PEOPLE) {
            lsn_json_out_reread(file, kept(k, want));
            lsn_json_out_value(file, section_key[k], built);
        } else {
            lsn_json_out *o = lsn_json_out_memory(1, kept(k, want));
            bad = o == NULL;
            if (!bad) {
                lsn_json_out_value(o, NULL, built);
                /* A value jansson would not write: as the file's. */
                unwritten = lsn_json_out_close(o, &text[k], &len[k]) != 0;
            }
        }
        if (kept(k, want)) {
            sec[k] = built;
        } else {
            json_decref(built);
        }
        lsn_json_arena_end(&scope);
    }
    /* Into root in the order of section_key, as the file has them. */
    for (int k = 0; k < NSECTIONS; k++) {
        if (wanted[k] && kept(k, want) && !bad && !unwritten) {
            bad = !set_new(root, section_key[k], sec[k]);
        } else {
            json_decref(sec[k]);
        }
        sec[k] = NULL;
        free(text[k]);
    }
    lsn_report_people_free(&made);
    json_decref(jp);
    if (file != NULL) {
        if (!bad && !unwritten) {
            lsn_json_out_end(file);
        }
        unwritten |= lsn_json_out_close(file, NULL, NULL) != 0 && !bad;
    }
    if (bad && rc == LSN_OK) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory while building the report");
    } else if (unwritten) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot write the report", path);
    } else if (tree != NULL && rc == LSN_OK) {
        *tree = root;
        root = NULL;
    }
    json_decref(root);
    lsn_privacy_free(pv);
    return rc;
}
