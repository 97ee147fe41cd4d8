/*
 * viz/tables.c — the tidy tables of a run (viz/tables.h): one file per kind
 * of thing, rows sorted by their ids, fields through lsn_csv_put() and
 * numbers as lsn_csv_number() spells them (viz/json_number.h). It
 * computes nothing: the per-pair figures are analysis/linkstats.h's, what
 * --min-group withholds analysis/privacy.h's.
 */
#include "viz/tables.h"

#include "analysis/linkstats.h"
#include "analysis/privacy.h"
#include "io/csvout.h"
#include "io/error.h"
#include "io/fsutil.h"
#include "io/idmap.h"
#include "io/sort.h"
#include "viz/compare.h"
#include "viz/json_number.h"
#include "viz/report_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One table being written: rows gather in `rows` and go to f a block at a
 * time (a 17 MB person_links.csv in 64 KiB writes, not a call per field). */
typedef struct table {
    FILE *f;
    char *path;
    lsn_text rows;
    int write_errno; /* of the first failed write; 0 while none failed */
} table;

enum { TABLE_BLOCK = 1 << 16 };

static void spill(table *t)
{
    if (t->rows.len > 0 && t->write_errno == 0 &&
        fwrite(t->rows.p, 1, t->rows.len, t->f) != t->rows.len) {
        t->write_errno = errno != 0 ? errno : EIO;
    }
    lsn_text_clear(&t->rows);
}

static void field(table *t, const char *s, bool last)
{
    lsn_csv_put(&t->rows, s, last);
    if (t->rows.len >= TABLE_BLOCK) {
        spill(t);
    }
}

static void num(table *t, double x, bool last)
{
    char buf[LSN_JSON_NUMBER_SIZE];
    field(t, lsn_json_number_csv(buf, x), last);
}

static void integer(table *t, int64_t x, bool last)
{
    char buf[LSN_JSON_NUMBER_SIZE];
    lsn_json_integer_text(buf, x);
    field(t, buf, last);
}

static void text(table *t, const char *s, bool last)
{
    field(t, s != NULL ? s : "", last);
}

static void boolean(table *t, bool b, bool last)
{
    field(t, b ? "true" : "false", last);
}

/* Open dir/name and write its header row. */
static int table_open(table *t, const char *dir, const char *name, const char *const *head)
{
    t->path = lsn_fs_join(dir, name);
    if (t->path == NULL) {
        return lsn_oom();
    }
    t->f = lsn_fs_create(t->path);
    if (t->f == NULL) {
        int rc = lsn_error_set(LSN_EIO, "%s: cannot write: %s", t->path, strerror(errno));
        free(t->path);
        t->path = NULL;
        return rc;
    }
    for (size_t k = 0; head[k] != NULL; k++) {
        text(t, head[k], head[k + 1] == NULL);
    }
    return LSN_OK;
}

/* Close the table; rc is the writer's result so far (kept when not OK). */
static int table_close(table *t, int rc)
{
    if (t->f != NULL) {
        spill(t);
        if (t->rows.failed && rc == LSN_OK) {
            rc = lsn_oom();
        }
        if (t->write_errno != 0 && rc == LSN_OK) {
            rc = lsn_error_set(LSN_EIO, "%s: cannot write: %s", t->path, strerror(t->write_errno));
        }
        if (fclose(t->f) != 0 && rc == LSN_OK) {
            rc = lsn_error_set(LSN_EIO, "%s: cannot write: %s", t->path, strerror(errno));
        }
    }
    lsn_text_free(&t->rows);
    t->write_errno = 0;
    free(t->path);
    t->f = NULL;
    t->path = NULL;
    return rc;
}

static const lsn_calendar *cal_of(const lsn_report *r)
{
    return lsn_analysis_calendar(r->analysis);
}

/* An identity order 0..n-1 (malloc'd; NULL on out of memory). */
static int32_t *identity(size_t n)
{
    int32_t *o = malloc((n ? n : 1) * sizeof(*o));
    for (size_t i = 0; o != NULL && i < n; i++) {
        o[i] = (int32_t)i;
    }
    return o;
}

/* The unit ids from the root down to u, joined by '/'. */
static void unit_path(table *t, const lsn_unit *units, int32_t u, bool last)
{
    size_t len = 0;
    for (int32_t k = u; k >= 0; k = units[k].parent) {
        len += strlen(units[k].id) + (k != u);
    }
    char *s = malloc(len + 1);
    if (s == NULL) {
        text(t, "", last);
        return;
    }
    size_t at = len;
    s[len] = '\0';
    for (int32_t k = u; k >= 0; k = units[k].parent) {
        size_t n = strlen(units[k].id);
        at -= n;
        memcpy(s + at, units[k].id, n);
        if (at > 0) {
            s[--at] = '/';
        }
    }
    text(t, s, last);
    free(s);
}

static int write_people(const char *dir, const lsn_report *r)
{
    static const char *const head[] = {"person",
                                       "name",
                                       "team",
                                       "unit_path",
                                       "present",
                                       "meeting_hours_per_week",
                                       "double_booked_hours_per_week",
                                       "instances",
                                       "liaison_links",
                                       "community",
                                       "betweenness",
                                       "constraint",
                                       "coordinator",
                                       "itinerant",
                                       "gatekeeper",
                                       "representative",
                                       "liaison",
                                       NULL};
    const lsn_org *org = lsn_calendar_org(cal_of(r));
    size_t np, nu, nh;
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_person_hours *hours = lsn_analysis_people(r->analysis, &nh);
    const int32_t *order = lsn_org_people_by_email(org);
    table t = {0};
    int rc = table_open(&t, dir, "people.csv", head);
    for (size_t k = 0; k < np && rc == LSN_OK; k++) {
        int32_t p = order[k];
        size_t nl;
        lsn_analysis_person_liaisons(r->analysis, p, &nl);
        text(&t, people[p].email, false);
        text(&t, people[p].name, false);
        text(&t, units[people[p].team].id, false);
        unit_path(&t, units, people[p].team, false);
        boolean(&t, lsn_calendar_person_present(cal_of(r), p), false);
        num(&t, hours[p].meeting_hours_per_week, false);
        num(&t, hours[p].double_booked_hours_per_week, false);
        integer(&t, hours[p].instances, false);
        integer(&t, (int64_t)nl, false);
        if (r->roles != NULL) {
            const lsn_role *ro = &r->roles[p];
            integer(&t, ro->community, false);
            num(&t, ro->betweenness, false);
            num(&t, ro->constraint, false);
            integer(&t, ro->coordinator, false);
            integer(&t, ro->itinerant, false);
            integer(&t, ro->gatekeeper, false);
            integer(&t, ro->representative, false);
            integer(&t, ro->liaison, true);
        } else {
            for (int k2 = 0; k2 < 8; k2++) {
                text(&t, "", k2 == 7);
            }
        }
    }
    return table_close(&t, rc);
}

static int write_teams(const char *dir, const lsn_report *r, const lsn_privacy *pv)
{
    static const char *const head[] = {"unit",
                                       "name",
                                       "kind",
                                       "parent",
                                       "depth",
                                       "headcount",
                                       "people_under",
                                       "meeting_hours_per_week",
                                       "team_meetings",
                                       "member_hours_per_week",
                                       "internal_hours_per_week",
                                       "external_hours_per_week",
                                       "links",
                                       "cross_team_share",
                                       NULL};
    size_t nu, nt;
    const lsn_unit *units = lsn_org_units(lsn_calendar_org(cal_of(r)), &nu);
    const lsn_team_info *info = lsn_analysis_teams(r->analysis, &nt);
    const int32_t *order = lsn_org_units_by_id(lsn_calendar_org(cal_of(r)));
    table t = {0};
    int rc = table_open(&t, dir, "teams.csv", head);
    for (size_t k = 0; k < nu && rc == LSN_OK; k++) {
        const lsn_unit *u = &units[order[k]];
        const lsn_team_info *ti = &info[order[k]];
        if (u->people_under <= 0 || lsn_privacy_unit_withheld(pv, u->id)) {
            continue;
        }
        bool team = u->headcount > 0;
        text(&t, u->id, false);
        text(&t, u->name, false);
        text(&t, team ? "team" : "unit", false);
        text(&t, u->parent >= 0 ? units[u->parent].id : "", false);
        integer(&t, u->depth, false);
        integer(&t, u->headcount, false);
        integer(&t, u->people_under, false);
        if (team) {
            num(&t, ti->meeting_hours_per_week, false);
            integer(&t, ti->team_meetings, false);
            num(&t, ti->member_hours_per_week, false);
            num(&t, ti->internal_hours_per_week, false);
            num(&t, ti->external_hours_per_week, false);
            integer(&t, ti->links, false);
            num(&t, lsn_team_cross_share(ti), true);
        } else {
            for (int c = 0; c < 7; c++) {
                text(&t, "", c == 6);
            }
        }
    }
    return table_close(&t, rc);
}

/* A team link written with its ends in id order. */
typedef struct link_row {
    const lsn_team_link_stats *s;
    bool swap; /* team_a is the edge's v */
} link_row;

/* For cmp_link_row: the units' places by id (lsn_org_units_rank). qsort()
 * has no context; whoever sorts sets it, and every org's ranks are ids'. */
static _Thread_local const int32_t *link_rank;

static int cmp_link_row(const void *x, const void *y)
{
    const link_row *a = x, *b = y;
    int32_t a1 = link_rank[a->swap ? a->s->v : a->s->u];
    int32_t a2 = link_rank[a->swap ? a->s->u : a->s->v];
    int32_t b1 = link_rank[b->swap ? b->s->v : b->s->u];
    int32_t b2 = link_rank[b->swap ? b->s->u : b->s->v];
    return a1 != b1 ? (a1 > b1) - (a1 < b1) : (a2 > b2) - (a2 < b2);
}

static int write_team_links(const char *dir,
                            const lsn_report *r,
                            const lsn_privacy *pv,
                            const lsn_link_figures *f)
{
    static const char *const head[] = {"team_a",
                                       "team_b",
                                       "hours_per_week",
                                       "instances",
                                       "people_a",
                                       "people_b",
                                       "liaisons_a_to_b",
                                       "liaisons_b_to_a",
                                       NULL};
    size_t nu, ns;
    const lsn_org *org = lsn_calendar_org(cal_of(r));
    const lsn_unit *units = lsn_org_units(org, &nu);
    const int32_t *rank = lsn_org_units_rank(org);
    const lsn_team_link_stats *st = f->teams;
    int rc = LSN_OK;
    ns = f->nteams;
    link_row *rows = malloc((ns ? ns : 1) * sizeof(*rows));
    size_t n = 0;
    if (rows == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < ns; i++) {
        if (lsn_privacy_unit_withheld(pv, units[st[i].u].id) ||
            lsn_privacy_unit_withheld(pv, units[st[i].v].id)) {
            continue;
        }
        rows[n++] = (link_row){&st[i], rank[st[i].u] > rank[st[i].v]};
    }
    link_rank = rank;
    qsort(rows, n, sizeof(*rows), cmp_link_row);
    table t = {0};
    rc = table_open(&t, dir, "team_links.csv", head);
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        const lsn_team_link_stats *s = rows[i].s;
        bool sw = rows[i].swap;
        text(&t, units[sw ? s->v : s->u].id, false);
        text(&t, units[sw ? s->u : s->v].id, false);
        num(&t, s->hours_per_week, false);
        integer(&t, s->instances, false);
        integer(&t, sw ? s->people_v : s->people_u, false);
        integer(&t, sw ? s->people_u : s->people_v, false);
        integer(&t, sw ? s->liaisons_vu : s->liaisons_uv, false);
        integer(&t, sw ? s->liaisons_uv : s->liaisons_vu, true);
    }
    free(rows);
    return table_close(&t, rc);
}

/* One row per person link, its ends in address order, the rows in the order
 * of lsn_link_figures.edges_by_address. */
static int write_person_links(const char *dir, const lsn_report *r, const lsn_link_figures *f)
{
    const int64_t *inst = f->person_instances;
    const int32_t *rank = f->address_rank;
    static const char *const head[] = {
        "person_a", "person_b", "team_a", "team_b", "hours_per_week", "instances", NULL};
    size_t ne, npart, nu;
    const lsn_edge *edges = lsn_analysis_person_edges(r->analysis, &ne);
    const lsn_participant *parts = lsn_calendar_participants(cal_of(r), &npart);
    const lsn_unit *units = lsn_org_units(lsn_calendar_org(cal_of(r)), &nu);
    table t = {0};
    int rc = table_open(&t, dir, "person_links.csv", head);
    for (size_t k = 0; k < ne && rc == LSN_OK; k++) {
        uint32_t i = f->edges_by_address[k];
        bool sw = rank[edges[i].u] > rank[edges[i].v];
        int32_t a = sw ? edges[i].v : edges[i].u, b = sw ? edges[i].u : edges[i].v;
        int32_t ta = lsn_analysis_participant_team(r->analysis, a);
        int32_t tb = lsn_analysis_participant_team(r->analysis, b);
        text(&t, parts[a].address, false);
        text(&t, parts[b].address, false);
        text(&t, ta >= 0 ? units[ta].id : "", false);
        text(&t, tb >= 0 ? units[tb].id : "", false);
        num(&t, edges[i].weight, false);
        integer(&t, inst[i], true);
    }
    return table_close(&t, rc);
}

static int write_meetings(const char *dir, const lsn_report *r, const lsn_privacy *pv)
{
    static const char *const head[] = {"series",
                                       "subject",
                                       "owner_team",
                                       "size",
                                       "owner_members",
                                       "outsiders",
                                       "teams_present",
                                       "instances",
                                       "hours",
                                       "hours_per_week",
                                       "person_hours_per_week",
                                       "broadcast",
                                       "oversized",
                                       NULL};
    const lsn_calendar *cal = cal_of(r);
    size_t ns, nu, nf = 0;
    const lsn_series *series = lsn_calendar_series(cal, &ns);
    const lsn_series_info *info = lsn_analysis_series(r->analysis, &ns);
    const lsn_unit *units = lsn_org_units(lsn_calendar_org(cal), &nu);
    const lsn_finding *items = r->findings ? lsn_findings_items(r->findings, &nf) : NULL;
    double weeks = lsn_analysis_summary(r->analysis)->weeks;
    bool *oversized = calloc(ns ? ns : 1, sizeof(*oversized));
    if (oversized == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < nf; i++) {
        int32_t s = items[i].about.series;
        if (items[i].kind == LSN_FINDING_OVERSIZED_MEETING && s >= 0 && (size_t)s < ns) {
            oversized[s] = true;
        }
    }
    table t = {0};
    int rc = table_open(&t, dir, "meetings.csv", head);
    for (size_t i = 0; i < ns && rc == LSN_OK; i++) {
        const lsn_series_info *s = &info[i];
        if (s->instances == 0 ||
            (s->owner >= 0 && lsn_privacy_unit_withheld(pv, units[s->owner].id))) {
            continue;
        }
        char *subject = lsn_privacy_redact(pv, series[i].summary);
        if (subject == NULL) {
            rc = lsn_oom();
            break;
        }
        text(&t, series[i].uid, false);
        text(&t, subject, false);
        free(subject);
        text(&t, s->owner >= 0 ? units[s->owner].id : "", false);
        num(&t, s->size, false);
        num(&t, s->owner_members, false);
        num(&t, s->outsiders, false);
        integer(&t, s->teams_present, false);
        integer(&t, s->instances, false);
        num(&t, s->hours, false);
        num(&t, weeks > 0 ? s->hours / weeks : NAN, false);
        num(&t, s->person_hours_per_week, false);
        boolean(&t, s->broadcast, false);
        boolean(&t, oversized[i], true);
    }
    free(oversized);
    return table_close(&t, rc);
}

static int write_liaisons(const char *dir, const lsn_report *r)
{
    static const char *const head[] = {"person",
                                       "team",
                                       "to",
                                       "hours_per_week",
                                       "instances",
                                       "first_half",
                                       "second_half",
                                       "series",
                                       NULL};
    const lsn_org *org = lsn_calendar_org(cal_of(r));
    size_t nl, np, nu;
    const lsn_liaison *links = lsn_analysis_liaisons(r->analysis, &nl);
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    table t = {0};
    int rc = table_open(&t, dir, "liaisons.csv", head);
    for (size_t i = 0; i < nl && rc == LSN_OK; i++) {
        const lsn_liaison *l = &links[i];
        text(&t, people[l->person].email, false);
        text(&t, units[l->home].id, false);
        text(&t, units[l->to].id, false);
        num(&t, l->hours_per_week, false);
        integer(&t, l->instances, false);
        integer(&t, l->first_half, false);
        integer(&t, l->second_half, false);
        integer(&t, l->nseries, true);
    }
    return table_close(&t, rc);
}

static int write_proposal(const char *dir, const lsn_report *r, const lsn_privacy *pv)
{
    static const char *const head[] = {"entry",
                                       "team",
                                       "from",
                                       "context",
                                       "availability",
                                       "model",
                                       "existing",
                                       "unmet",
                                       "target",
                                       "restructure",
                                       "restructure_subject",
                                       "people",
                                       "context_hours_per_week",
                                       "reason",
                                       NULL};
    static const char *const phead[] = {"entry", "person", NULL};
    const lsn_calendar *cal = cal_of(r);
    const lsn_org *org = lsn_calendar_org(cal);
    size_t nu, np, ns, n = 0;
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_series *series = lsn_calendar_series(cal, &ns);
    const lsn_proposal_entry *e = r->proposal ? lsn_proposal_entries(r->proposal, &n) : NULL;
    bool persons = lsn_privacy_persons_shown(pv);
    table t = {0}, tp = {0};
    int rc = table_open(&t, dir, "proposal.csv", head);
    if (rc == LSN_OK && persons) {
        rc = table_open(&tp, dir, "proposal_people.csv", phead);
    }
    int64_t entry = 0;
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        if (lsn_report_entry_withheld(pv, units, &e[i])) {
            continue;
        }
        char *reason = persons ? NULL : lsn_privacy_redact_reason(pv, e[i].reason);
        if (!persons && reason == NULL) {
            rc = lsn_oom();
            break;
        }
        entry++;
        integer(&t, entry, false);
        text(&t, units[e[i].team].id, false);
        text(&t, units[e[i].from].id, false);
        text(&t, lsn_context_name(e[i].context), false);
        boolean(&t, e[i].availability, false);
        text(&t, e[i].model, false);
        boolean(&t, e[i].existing, false);
        boolean(&t, e[i].unmet, false);
        text(&t, e[i].target >= 0 ? units[e[i].target].id : "", false);
        text(&t, e[i].restructure >= 0 ? series[e[i].restructure].uid : "", false);
        text(&t, e[i].restructure >= 0 ? series[e[i].restructure].summary : "", false);
        if (persons) {
            integer(&t, (int64_t)e[i].npeople, false);
            num(&t, e[i].context_hours_per_week, false);
        } else {
            text(&t, "", false);
            text(&t, "", false);
        }
        text(&t, persons ? e[i].reason : reason, true);
        free(reason);
        for (size_t k = 0; persons && k < e[i].npeople; k++) {
            integer(&tp, entry, false);
            text(&tp, people[e[i].people[k]].email, true);
        }
    }
    rc = table_close(&tp, rc);
    return table_close(&t, rc);
}

/* One metric value in long form: scalars as one row, lists one row per
 * item (item 1, 2, ...), objects as metric.key. */
static void metric_rows(table *t, int64_t id, const char *name, const lsn_value *v, int64_t item)
{
    switch (v->kind) {
    case LSN_VAL_LIST:
        for (size_t i = 0; i < v->n; i++) {
            metric_rows(t, id, name, v->items[i], (int64_t)i + 1);
        }
        return;
    case LSN_VAL_OBJECT:
        for (size_t i = 0; i < v->n; i++) {
            size_t len = strlen(name) + strlen(v->keys[i]) + 2;
            char *sub = malloc(len);
            if (sub != NULL) {
                snprintf(sub, len, "%s.%s", name, v->keys[i]);
                metric_rows(t, id, sub, v->items[i], item);
                free(sub);
            }
        }
        return;
    default:
        break;
    }
    integer(t, id, false);
    text(t, name, false);
    if (item > 0) {
        integer(t, item, false);
    } else {
        text(t, "", false);
    }
    switch (v->kind) {
    case LSN_VAL_BOOL:
        boolean(t, v->b, true);
        break;
    case LSN_VAL_INT:
        integer(t, v->i, true);
        break;
    case LSN_VAL_NUM:
        num(t, v->d, true);
        break;
    case LSN_VAL_STR:
        text(t, v->s, true);
        break;
    default:
        text(t, "", true);
        break;
    }
}

static int write_findings(const char *dir, const lsn_report *r)
{
    const char *head[LSN_SUBJECT_KEYS + 4];
    static const char *const mhead[] = {"finding", "metric", "item", "value", NULL};
    size_t h = 0, n = 0;
    head[h++] = "finding";
    head[h++] = "type";
    head[h++] = "severity";
    for (int k = LSN_KEY_NONE + 1; k < LSN_SUBJECT_KEYS; k++) {
        head[h++] = lsn_subject_keys[k].name;
    }
    head[h++] = "explanation";
    head[h] = NULL;
    const lsn_finding *items = r->findings ? lsn_findings_items(r->findings, &n) : NULL;
    table t = {0}, tm = {0};
    int rc = table_open(&t, dir, "findings.csv", head);
    if (rc == LSN_OK) {
        rc = table_open(&tm, dir, "finding_metrics.csv", mhead);
    }
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        integer(&t, (int64_t)i + 1, false);
        text(&t, items[i].type, false);
        text(&t, lsn_severity_name(items[i].severity), false);
        for (int k = LSN_KEY_NONE + 1; k < LSN_SUBJECT_KEYS && rc == LSN_OK; k++) {
            const lsn_value *v = lsn_value_get(items[i].subject, lsn_subject_keys[k].name);
            char *s = NULL;
            if (v != NULL && v->kind == LSN_VAL_LIST) {
                /* A list of team ids: ids hold no space, so one space between them. */
                size_t len = 1;
                for (size_t j = 0; j < v->n; j++) {
                    len += (v->items[j]->s ? strlen(v->items[j]->s) : 0) + 1;
                }
                s = calloc(len, 1);
                for (size_t j = 0; s != NULL && j < v->n; j++) {
                    if (j > 0) {
                        strcat(s, " ");
                    }
                    strcat(s, v->items[j]->s ? v->items[j]->s : "");
                }
            } else if (v != NULL && v->kind != LSN_VAL_NULL) {
                s = lsn_value_to_text(v);
            } else {
                s = strdup("");
            }
            if (s == NULL) {
                rc = lsn_oom();
                break;
            }
            text(&t, s, false);
            free(s);
        }
        text(&t, items[i].explanation, true);
        const lsn_value *m = items[i].metrics;
        for (size_t k = 0; m != NULL && m->kind == LSN_VAL_OBJECT && k < m->n; k++) {
            metric_rows(&tm, (int64_t)i + 1, m->keys[k], m->items[k], 0);
        }
    }
    rc = table_close(&tm, rc);
    return table_close(&t, rc);
}

/* For address_order: qsort() has no context, and two threads may sort. */
static _Thread_local const lsn_participant *order_parts;

static int cmp_address(const void *x, const void *y)
{
    return strcmp(order_parts[*(const int32_t *)x].address,
                  order_parts[*(const int32_t *)y].address);
}

/* The participants of a's calendar in address order, and their ranks. */
static int address_order(lsn_link_figures *f, const lsn_analysis *a)
{
    size_t n;
    const lsn_participant *parts = lsn_calendar_participants(lsn_analysis_calendar(a), &n);
    f->by_address = identity(n);
    f->address_rank = malloc((n ? n : 1) * sizeof(*f->address_rank));
    if (f->by_address == NULL || f->address_rank == NULL) {
        return lsn_oom();
    }
    order_parts = parts;
    qsort(f->by_address, n, sizeof(*f->by_address), cmp_address);
    for (size_t k = 0; k < n; k++) {
        f->address_rank[f->by_address[k]] = (int32_t)k;
    }
    return LSN_OK;
}

/* The person links by (smaller place, larger place) of their ends in address
 * order (lsn_order_pair_keys). No two links share both ends. */
static int edge_order(lsn_link_figures *f, const lsn_analysis *a)
{
    size_t ne, n;
    const lsn_edge *edges = lsn_analysis_person_edges(a, &ne);
    lsn_calendar_participants(lsn_analysis_calendar(a), &n);
    const int32_t *rank = f->address_rank;
    uint64_t *keys = malloc((ne ? ne : 1) * sizeof(*keys));
    f->edges_by_address = malloc((ne ? ne : 1) * sizeof(*f->edges_by_address));
    if (keys == NULL || f->edges_by_address == NULL) {
        free(keys);
        return lsn_oom();
    }
    for (size_t i = 0; i < ne; i++) {
        int32_t ru = rank[edges[i].u], rv = rank[edges[i].v];
        keys[i] = ru < rv ? lsn_pair_key(ru, rv) : lsn_pair_key(rv, ru);
    }
    int rc = lsn_order_pair_keys(f->edges_by_address, keys, ne, n);
    free(keys);
    return rc;
}

int lsn_link_figures_compute(lsn_link_figures *out, const lsn_analysis *a)
{
    memset(out, 0, sizeof(*out));
    int rc = lsn_team_link_stats_compute(&out->teams, &out->nteams, a);
    if (rc == LSN_OK) {
        rc = lsn_person_link_instances(&out->person_instances, a);
    }
    if (rc == LSN_OK) {
        rc = address_order(out, a);
    }
    if (rc == LSN_OK) {
        rc = edge_order(out, a);
    }
    if (rc != LSN_OK) {
        lsn_link_figures_free(out);
    }
    return rc;
}

void lsn_link_figures_free(lsn_link_figures *f)
{
    free(f->person_instances);
    free(f->teams);
    free(f->by_address);
    free(f->address_rank);
    free(f->edges_by_address);
    memset(f, 0, sizeof(*f));
}

int lsn_tables_write(const char *dir, const lsn_report *r)
{
    lsn_link_figures f;
    int rc = lsn_link_figures_compute(&f, r->analysis);
    if (rc == LSN_OK) {
        rc = lsn_tables_write_figures(dir, r, &f);
    }
    lsn_link_figures_free(&f);
    return rc;
}

int lsn_tables_write_figures(const char *dir, const lsn_report *r, const lsn_link_figures *f)
{
    lsn_privacy *pv = NULL;
    int rc = lsn_fs_make_dir(dir);
    if (rc != LSN_OK || (rc = lsn_privacy_new(&pv, cal_of(r), r->min_group)) != LSN_OK) {
        return rc;
    }
    bool persons = lsn_privacy_persons_shown(pv);
    if ((persons && (rc = write_people(dir, r)) != LSN_OK) ||
        (rc = write_teams(dir, r, pv)) != LSN_OK ||
        (rc = write_team_links(dir, r, pv, f)) != LSN_OK ||
        (persons && (rc = write_person_links(dir, r, f)) != LSN_OK) ||
        (rc = write_meetings(dir, r, pv)) != LSN_OK ||
        (persons && (rc = write_liaisons(dir, r)) != LSN_OK) ||
        (rc = write_proposal(dir, r, pv)) != LSN_OK || (rc = write_findings(dir, r)) != LSN_OK) {
        lsn_privacy_free(pv);
        return rc;
    }
    lsn_privacy_free(pv);
    return LSN_OK;
}

const lsn_slice_figure lsn_slice_figures[LSN_SLICE_NFIGURES] = {
    {"weeks", LSN_FIGURE_REAL},
    {"empty", LSN_FIGURE_BOOL},
    {"people_present", LSN_FIGURE_INT},
    {"instances", LSN_FIGURE_INT},
    {"meeting_hours_per_week", LSN_FIGURE_REAL},
    {"cross_team_share", LSN_FIGURE_REAL},
    {"team_links", LSN_FIGURE_INT},
    {"liaison_links", LSN_FIGURE_INT},
    {"modularity", LSN_FIGURE_REAL},
    {"findings", LSN_FIGURE_INT},
};

double lsn_slice_figure_value(const lsn_slice *s, size_t k)
{
    const lsn_metrics *m = &s->metrics;
    const double v[LSN_SLICE_NFIGURES] = {m->weeks,
                                          s->empty,
                                          m->people_present,
                                          (double)m->instances,
                                          m->meeting_hours_per_week,
                                          m->cross_team_share,
                                          m->team_links,
                                          m->liaison_links,
                                          m->modularity,
                                          m->findings};
    return v[k];
}

int lsn_slices_write_long(const char *path, const lsn_slice *slices, size_t count)
{
    static const char *const head[] = {"slice", "from", "to", "metric", "value", NULL};
    size_t nnames = LSN_SLICE_NFIGURES, ntypes = lsn_metrics_ntypes();
    table t = {0};
    t.path = strdup(path);
    if (t.path == NULL) {
        return lsn_oom();
    }
    t.f = lsn_fs_create(path);
    if (t.f == NULL) {
        int rc = lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
        free(t.path);
        return rc;
    }
    for (size_t k = 0; head[k] != NULL; k++) {
        text(&t, head[k], head[k + 1] == NULL);
    }
    for (size_t i = 0; i < count; i++) {
        const lsn_metrics *m = &slices[i].metrics;
        for (size_t k = 0; k < nnames + ntypes; k++) {
            integer(&t, (int64_t)i + 1, false);
            text(&t, slices[i].from_date, false);
            text(&t, slices[i].to_date, false);
            if (k < nnames) {
                text(&t, lsn_slice_figures[k].name, false);
                if (lsn_slice_figures[k].kind == LSN_FIGURE_BOOL) {
                    boolean(&t, slices[i].empty, true);
                } else {
                    num(&t, lsn_slice_figure_value(&slices[i], k), true);
                }
            } else {
                char name[96];
                snprintf(name, sizeof(name), "findings.%s", lsn_finding_types[k - nnames]);
                text(&t, name, false);
                num(&t, m->by_type[k - nnames], true);
            }
        }
    }
    return table_close(&t, LSN_OK);
}
