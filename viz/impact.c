/*
 * viz/impact.c — writes the proposal's impact: report.json's
 * `proposal_impact` and the summary's "if the proposal were followed" lines.
 */
#include "viz/impact.h"

#include "analysis/finding_types.h"
#include "analysis/metrics.h"
#include "viz/compare.h"
#include "viz/report_internal.h"

#include <math.h>

/* The checked setters of viz/compare.h, by their short names. */
#define set_new lsn_json_set_new
#define push_new lsn_json_push_new

static json_t *figures_json(const lsn_impact_figures *f)
{
    const lsn_metrics *m = &f->metrics;
    json_t *o = json_object(), *by = json_object();
    int bad = 0;
    for (size_t t = 0; t < lsn_metrics_ntypes(); t++) {
        bad |= set_new(by, lsn_finding_type_name((lsn_finding_type)t), json_integer(m->by_type[t]));
    }
    bad |= set_new(o, "findings", json_integer(m->findings));
    bad |= set_new(o, "findings_by_type", by);
    bad |= set_new(o, "missing_links", json_integer(m->missing_links));
    bad |= set_new(o, "fragile_links", json_integer(f->fragile_links));
    bad |= set_new(o, "oversized_meetings", json_integer(m->oversized_meetings));
    bad |= set_new(o, "liaison_links", json_integer(m->liaison_links));
    /* These keys are the types they count. */
    bad |= set_new(o, lsn_finding_type_name(LSN_FINDING_LIAISON_SPRAWL),
                   json_integer(f->liaison_sprawl));
    bad |= set_new(o, "largest_liaison_load", json_integer(f->largest_liaison_load));
    bad |= set_new(o, lsn_finding_type_name(LSN_FINDING_LIAISONS_EVERYWHERE),
                   json_integer(m->by_type[LSN_FINDING_LIAISONS_EVERYWHERE]));
    bad |= set_new(o, "overbooked_people", json_integer(f->overbooked_people));
    bad |= set_new(o, "congruence", lsn_json_number(m->congruence));
    bad |= set_new(o, "modularity", lsn_json_number(m->modularity));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* A finding as its type, severity and subject (no metrics, no sentence). */
static json_t *finding_ref(const lsn_finding *f)
{
    json_t *o = json_object(), *subject = json_object();
    int bad = set_new(o, "type", lsn_json_text(f->type));
    bad |= set_new(o, "severity", lsn_json_text(lsn_severity_name(f->severity)));
    for (size_t k = 0; f->subject != NULL && k < f->subject->n; k++) {
        bad |= set_new(subject, f->subject->keys[k], lsn_value_json(f->subject->items[k]));
    }
    bad |= set_new(o, "subject", subject);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *finding_list(const lsn_findings *f, const int32_t *idx, size_t n)
{
    size_t count;
    const lsn_finding *items = lsn_findings_items(f, &count);
    json_t *arr = json_array();
    int bad = arr == NULL;
    for (size_t i = 0; i < n; i++) {
        bad |= push_new(arr, finding_ref(&items[idx[i]]));
    }
    if (bad) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

json_t *lsn_impact_entry_series_json(const lsn_impact *imp, const lsn_analysis *a, size_t k)
{
    size_t ns;
    const lsn_series *series = lsn_calendar_series(lsn_analysis_calendar(a), &ns);
    json_t *arr = json_array();
    int bad = arr == NULL;
    const lsn_impact_entry *e = &imp->entries[k];
    for (size_t i = 0; i < e->nseries; i++) {
        bad |= push_new(arr, lsn_json_text(series[e->series[i]].uid));
    }
    if (bad) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

static json_t *changes_json(const lsn_impact *imp, const lsn_analysis *a)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t np, nu, ns;
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_series *series = lsn_calendar_series(lsn_analysis_calendar(a), &ns);
    json_t *arr = json_array();
    int bad = arr == NULL;
    for (size_t i = 0; i < imp->changes.count; i++) {
        const lsn_change *c = &imp->changes.items[i];
        json_t *o = json_object();
        bad |= set_new(o, "action", lsn_json_text(lsn_change_action_name(c->action)));
        bad |= set_new(o, "person", lsn_json_text(people[c->person].email));
        bad |= set_new(o, "team", c->team >= 0 ? lsn_json_text(units[c->team].id) : json_null());
        bad |= set_new(o, "series",
                       c->series >= 0 ? lsn_json_text(series[c->series].uid) : json_null());
        bad |= push_new(arr, o);
    }
    if (bad) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

json_t *lsn_impact_json(const lsn_impact *imp, const lsn_analysis *a, const lsn_proposal *p)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t np, nu, ne;
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_proposal_entry *pe = lsn_proposal_entries(p, &ne);
    size_t nafter;
    const lsn_finding *after = lsn_findings_items(imp->after_run.findings, &nafter);
    json_t *o = json_object();
    int bad = set_new(o, "changes", changes_json(imp, a));
    bad |= set_new(o, "before", figures_json(&imp->before));
    bad |= set_new(o, "after", figures_json(&imp->after));
    bad |= set_new(o, "closed", finding_list(imp->findings_before, imp->closed, imp->nclosed));
    bad |=
        set_new(o, "created", finding_list(imp->after_run.findings, imp->created, imp->ncreated));
    json_t *nov = json_array();
    for (size_t i = 0; i < imp->nnew_oversized; i++) {
        bad |= push_new(nov, lsn_finding_json(&after[imp->new_oversized[i]]));
    }
    bad |= set_new(o, "new_oversized_meetings", nov);
    json_t *ju = json_array();
    for (size_t i = 0; i < imp->nunits; i++) {
        const lsn_impact_unit *u = &imp->units[i];
        json_t *x = json_object();
        bad |= set_new(x, "unit", lsn_json_text(units[u->unit].id));
        bad |= set_new(x, "before", lsn_json_number(u->before));
        bad |= set_new(x, "after", lsn_json_number(u->after));
        bad |= push_new(ju, x);
    }
    bad |= set_new(o, lsn_finding_type_name(LSN_FINDING_LIAISONS_EVERYWHERE), ju);
    json_t *jp = json_array();
    for (size_t i = 0; i < imp->npeople; i++) {
        const lsn_impact_person *q = &imp->people[i];
        json_t *x = json_object();
        bad |= set_new(x, "person", lsn_json_text(people[q->person].email));
        bad |= set_new(x, "before", lsn_json_number(q->before));
        bad |= set_new(x, "after", lsn_json_number(q->after));
        bad |= set_new(x, "overbooked", json_boolean(q->overbooked));
        bad |= set_new(x, "made_overbooked", json_boolean(q->made_overbooked));
        bad |= push_new(jp, x);
    }
    bad |= set_new(o, "people", jp);
    json_t *je = json_array();
    for (size_t k = 0; k < imp->nentries && k < ne; k++) {
        const lsn_impact_entry *e = &imp->entries[k];
        json_t *x = json_object();
        bad |= set_new(x, "team", lsn_json_text(units[pe[k].team].id));
        bad |= set_new(x, "from", lsn_json_text(units[pe[k].from].id));
        bad |= set_new(x, "target",
                       pe[k].target >= 0 ? lsn_json_text(units[pe[k].target].id) : json_null());
        bad |= set_new(x, "series", lsn_impact_entry_series_json(imp, a, k));
        bad |= set_new(x, "closes", finding_list(imp->findings_before, e->closes, e->ncloses));
        bad |=
            set_new(x, "creates", finding_list(imp->after_run.findings, e->creates, e->ncreates));
        bad |= set_new(x, "no_room", json_boolean(pe[k].no_room));
        json_t *jw = json_array();
        for (size_t i = 0; i < e->neverywhere; i++) {
            bad |= push_new(jw, lsn_json_text(units[e->everywhere[i]].id));
        }
        bad |= set_new(x, lsn_finding_type_name(LSN_FINDING_LIAISONS_EVERYWHERE), jw);
        bad |= push_new(je, x);
    }
    bad |= set_new(o, "entries", je);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static void line(FILE *out, const char *what, int64_t before, int64_t after)
{
    if (before == after) {
        fprintf(out, "  %-28s %lld (unchanged)\n", what, (long long)before);
    } else {
        fprintf(out, "  %-28s %lld -> %lld\n", what, (long long)before, (long long)after);
    }
}

void lsn_impact_print(FILE *out, const lsn_impact *imp, const lsn_privacy *pv)
{
    const lsn_impact_figures *b = &imp->before, *a = &imp->after;
    size_t made = 0;
    for (size_t i = 0; i < imp->npeople; i++) {
        made += imp->people[i].made_overbooked;
    }
    size_t seats = 0, ne;
    const lsn_proposal_entry *e = lsn_proposal_entries(imp->proposal, &ne);
    for (size_t k = 0; k < ne && k < imp->nentries; k++) {
        seats += imp->entries[k].nseries > 0 ? e[k].npeople : 0;
    }
    fprintf(out, "\nif the proposal were followed (%zu %s):\n", seats,
            seats == 1 ? "seat" : "seats");
    line(out, "missing links", b->metrics.missing_links, a->metrics.missing_links);
    line(out, "fragile links", b->fragile_links, a->fragile_links);
    line(out, "oversized meetings", b->metrics.oversized_meetings, a->metrics.oversized_meetings);
    line(out, "liaison sprawl", b->liaison_sprawl, a->liaison_sprawl);
    line(out, "largest liaison load", b->largest_liaison_load, a->largest_liaison_load);
    line(out, "liaisons everywhere (units)", b->metrics.by_type[LSN_FINDING_LIAISONS_EVERYWHERE],
         a->metrics.by_type[LSN_FINDING_LIAISONS_EVERYWHERE]);
    line(out, "findings", b->metrics.findings, a->metrics.findings);
    if (made > 0) {
        fprintf(out, "  %zu seated %s would be overbooked (see report.json)\n", made,
                made == 1 ? "person" : "people");
    }
    lsn_impact_print_seats(out, imp, pv);
}

void lsn_impact_print_seats(FILE *out, const lsn_impact *imp, const lsn_privacy *pv)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(imp->analysis));
    size_t np, nu, ns, ne;
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_series *series = lsn_calendar_series(lsn_analysis_calendar(imp->analysis), &ns);
    const lsn_proposal_entry *e = lsn_proposal_entries(imp->proposal, &ne);
    size_t feeding = 0, full = 0;
    for (size_t k = 0; k < ne && k < imp->nentries; k++) {
        if (lsn_report_entry_withheld(pv, units, &e[k])) {
            continue;
        }
        feeding += imp->entries[k].neverywhere > 0;
        if (!e[k].no_room || e[k].npeople == 0 || e[k].restructure < 0) {
            continue;
        }
        if (full++ >= LSN_IMPACT_NO_ROOM_LINES) {
            continue;
        }
        const lsn_series *s = &series[e[k].restructure];
        fprintf(out, "  no team meeting has room: %s joins %s's '%s' anyway; restructure it\n",
                lsn_privacy_persons_shown(pv) ? people[e[k].people[0]].email : "one person",
                units[e[k].target].id, s->summary[0] != '\0' ? s->summary : s->uid);
    }
    if (full > LSN_IMPACT_NO_ROOM_LINES) {
        fprintf(out, "  ... and %zu more seats with no room (report.json: proposal[].no_room)\n",
                full - LSN_IMPACT_NO_ROOM_LINES);
    }
    if (feeding > 0) {
        fprintf(out,
                "  %zu new %s under units where liaisons are everywhere: every seat is a "
                "liaison link (see report.json)\n",
                feeding, feeding == 1 ? "seat adds a link" : "seats add links");
    }
}
