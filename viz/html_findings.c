/*
 * viz/html_findings.c — the findings of report.html (viz/html_internal.h):
 * the few to act on first, each type explained from
 * analysis/finding_types.def with its threshold and a sortable table of its
 * findings, and the proposal table. It reads the report only.
 */
#include "analysis/finding_types.h"
#include "viz/html_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The metrics a type's table shows, after its subject: key, column
 * heading ("#" for a number), decimals; kinds: 'n' number, 'p' share, 'P'
 * a person, 'L' a list of people, 'U' a list of units, 'c' a count of a
 * list, 's' text, 'b' yes/no. */
typedef struct metric_col {
    const char *key, *heading;
    char kind;
    int decimals;
} metric_col;

/* By finding type; a type without a row shows no metric column. */
static const metric_col columns[LSN_FINDING_TYPES][6] = {
    [LSN_FINDING_OVERSIZED_MEETING] = {{"size", "#People (median)", 'n', 1},
                                       {"instances", "#Meetings", 'n', 0},
                                       {"outsiders", "#From other teams", 'n', 1},
                                       {"person_hours_per_week", "#Person-hours / week", 'n', 1}},
    [LSN_FINDING_OVERBOOKED_PERSON] = {{"hours_per_week", "#Meeting hours / week", 'n', 1},
                                       {"double_booked_hours_per_week", "#Double-booked / week",
                                        'n', 1}},
    [LSN_FINDING_MISSING_LINK] = {{"context", "Context needed", 's', 0},
                                  {"availability", "Availability", 'b', 0},
                                  {"hours_per_week", "#Hours together / week", 'n', 2}},
    [LSN_FINDING_FRAGILE_LINK] = {{"person", "Carried by", 'P', 0},
                                  {"share", "#Share of hours", 'p', 0},
                                  {"hours_per_week", "#Hours together / week", 'n', 2}},
    [LSN_FINDING_ISOLATED_TEAM] = {{"headcount", "#People", 'n', 0},
                                   {"meeting_hours_per_week", "#Own meeting hours / week", 'n', 1}},
    [LSN_FINDING_LIAISON_SPRAWL] = {{"teams", "#Teams", 'c', 0},
                                    {"parents", "#Units", 'c', 0},
                                    {"hours_per_week", "#Liaison hours / week", 'n', 1}},
    [LSN_FINDING_LOW_CONTEXT_LIAISON] = {{"hours_per_week", "#Hours / week", 'n', 2},
                                         {"instances", "#Meetings", 'n', 0}},
    [LSN_FINDING_UNSTABLE_LIAISON] = {{"first_half", "First half", 'L', 0},
                                      {"second_half", "Second half", 'L', 0}},
    [LSN_FINDING_HIERARCHY_BYPASS] = {{"liaisons", "Liaisons", 'L', 0},
                                      {"target_parents", "Units covered", 'U', 0}},
    [LSN_FINDING_LIAISONS_EVERYWHERE] = {{"teams", "#Teams", 'n', 0},
                                         {"liaison_links", "#Liaison links", 'n', 0},
                                         {"density", "#Links per team", 'n', 2},
                                         {"modularity", "#Modularity", 'n', 2},
                                         {"nmi", "#NMI", 'n', 2}},
};

static const char *key_heading(lsn_subject_key k, lsn_finding_type type)
{
    switch (k) {
    case LSN_KEY_SERIES:
        return "Meeting";
    case LSN_KEY_TEAM:
        return type == LSN_FINDING_OVERSIZED_MEETING  ? "Owner team"
               : type == LSN_FINDING_UNSTABLE_LIAISON ? "Liaisons from"
                                                      : "Team";
    case LSN_KEY_FROM:
        return "Needs context from";
    case LSN_KEY_PERSON:
        return "Person";
    case LSN_KEY_TO:
        return "Into team";
    case LSN_KEY_UNIT:
        return type == LSN_FINDING_HIERARCHY_BYPASS ? "Liaisons from" : "Unit";
    case LSN_KEY_TO_UNIT:
        return "Into";
    case LSN_KEY_TEAMS:
        return "Teams";
    default:
        return "";
    }
}

static void put_subject(hpage *h, const json_t *f, lsn_subject_key k)
{
    const char *name = lsn_subject_keys[k].name;
    switch (lsn_subject_keys[k].kind) {
    case LSN_SUBJECT_SERIES:
        hp_meeting(h, hp_str(f, name), hp_str(json_object_get(f, "metrics"), "summary"));
        break;
    case LSN_SUBJECT_PERSON:
        hp_person(h, hp_str(f, name));
        break;
    case LSN_SUBJECT_UNIT:
        hp_unit(h, hp_str(f, name));
        break;
    case LSN_SUBJECT_UNITS:
        hp_unit_list(h, json_object_get(f, name));
        break;
    }
}

/* The subject as one attribute value: the values of the type's subject
 * keys in order, joined by "|" (a list's items by ","), for scripts and
 * the browser tests to find a finding's row. */
static void put_subject_key(hpage *h, const json_t *f, const lsn_finding_def *def)
{
    for (size_t k = 0; k < LSN_FINDING_MAX_KEYS && def->keys[k] != LSN_KEY_NONE; k++) {
        const json_t *v = json_object_get(f, lsn_subject_keys[def->keys[k]].name);
        if (k > 0) {
            hp_put(h, "|");
        }
        if (json_is_string(v)) {
            hp_esc(h, json_string_value(v));
        }
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x)
        {
            hp_put(h, i > 0 ? "," : "");
            hp_esc(h, json_string_value(x));
        }
    }
}

/* The people a finding is about: a meeting's size, one person, the
 * headcount of its team(s), the people under its unit. */
static double affected(const hpage *h, const json_t *f)
{
    const char *type = hp_str(f, "type");
    const json_t *m = json_object_get(f, "metrics");
    if (lsn_finding_type_index(type != NULL ? type : "") == LSN_FINDING_OVERSIZED_MEETING) {
        double s = hp_real(m, "size");
        return isfinite(s) ? s : 0;
    }
    if (hp_str(f, "person") != NULL) {
        return 1;
    }
    if (hp_str(f, "team") != NULL) {
        return hp_unit_size(h, hp_str(f, "team"));
    }
    if (hp_str(f, "unit") != NULL) {
        return hp_unit_size(h, hp_str(f, "unit"));
    }
    double n = 0;
    size_t i;
    const json_t *t;
    json_array_foreach(json_object_get(f, "teams"), i, t)
    {
        n += hp_unit_size(h, json_string_value(t));
    }
    return n;
}

static void put_metric(hpage *h, const json_t *m, const metric_col *c)
{
    const json_t *v = json_object_get(m, c->key);
    switch (c->kind) {
    case 'n':
        hp_td_num(h, v, c->decimals);
        return;
    case 'p':
        if (json_is_number(v)) {
            hp_fmt(h, "<td class=\"n\" data-v=\"%.6g\">", json_number_value(v));
            hp_pct(h, json_number_value(v));
            hp_put(h, "</td>");
        } else {
            hp_put(h, "<td class=\"n\" data-v=\"\">–</td>");
        }
        return;
    case 'c':
        hp_td_dbl(h, json_is_array(v) ? (double)json_array_size(v) : NAN, 0);
        return;
    default:
        break;
    }
    hp_put(h, "<td>");
    if (v == NULL || json_is_null(v)) {
        hp_put(h, "–");
    } else if (c->kind == 'P') {
        hp_person(h, json_string_value(v));
    } else if (c->kind == 'L') {
        hp_person_list(h, v);
    } else if (c->kind == 'U') {
        hp_unit_list(h, v);
    } else if (c->kind == 'b') {
        hp_put(h, json_is_true(v) ? "needed" : "–");
    } else {
        hp_esc(h, json_string_value(v));
    }
    hp_put(h, "</td>");
}

/* The threshold sentence of a type: its option and the value used. */
static void put_threshold(hpage *h, const lsn_finding_def *def)
{
    if (def->option == NULL) {
        return;
    }
    const json_t *v = json_object_get(json_object_get(h->report, "parameters"), def->option);
    hp_put(h, "<p class=\"threshold\">Threshold used: <b>");
    if (v != NULL) {
        hp_num(h, v, 6);
    } else {
        hp_put(h, "the default");
    }
    hp_put(h, "</b> (option <code>--");
    for (const char *p = def->option; *p; p++) {
        hp_fmt(h, "%c", *p == '_' ? '-' : *p);
    }
    hp_put(h, "</code>).</p>\n");
}

static void explain(hpage *h, const lsn_finding_def *def)
{
    hp_put(h, "<div class=\"explain\">");
    if (def->means != NULL) {
        hp_put(h, "<div><b>What it means</b>");
        hp_esc(h, def->means);
        hp_put(h, "</div>");
    }
    if (def->matters != NULL) {
        hp_put(h, "<div><b>Why it matters</b>");
        hp_esc(h, def->matters);
        hp_put(h, "</div>");
    }
    if (def->action != NULL) {
        hp_put(h, "<div><b>What to do</b>");
        hp_esc(h, def->action);
        hp_put(h, "</div>");
    }
    hp_put(h, "</div>\n");
}

static void type_table(hpage *h, lsn_finding_type type, const json_t *findings)
{
    const lsn_finding_def *def = lsn_finding_def_of(type);
    const char *cols[4 + LSN_FINDING_MAX_KEYS + 6];
    size_t nc = 0;
    cols[nc++] = "Severity";
    for (size_t k = 0; k < LSN_FINDING_MAX_KEYS && def->keys[k] != LSN_KEY_NONE; k++) {
        cols[nc++] = key_heading(def->keys[k], type);
    }
    cols[nc++] = "What the analysis found";
    const metric_col *mc = columns[type];
    for (size_t i = 0; mc != NULL && i < 6 && mc[i].key != NULL; i++) {
        cols[nc++] = mc[i].heading;
    }
    cols[nc++] = "#People affected";
    size_t i, shown = 0;
    const json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *t = hp_str(f, "type");
        shown += t != NULL && strcmp(t, def->name) == 0;
    }
    hp_table_open(h, "findings", cols, nc, shown > 8);
    json_array_foreach(findings, i, f)
    {
        const char *t = hp_str(f, "type");
        if (t == NULL || strcmp(t, def->name) != 0) {
            continue;
        }
        int sev = hp_sev(hp_str(f, "severity"));
        hp_fmt(h, "<tr class=\"finding\" data-type=\"%s\" data-subject=\"", def->name);
        put_subject_key(h, f, def);
        hp_fmt(h, "\"><td data-v=\"%d\">", sev);
        hp_sev_chip(h, sev);
        hp_put(h, "</td>");
        for (size_t k = 0; k < LSN_FINDING_MAX_KEYS && def->keys[k] != LSN_KEY_NONE; k++) {
            hp_put(h, "<td>");
            put_subject(h, f, def->keys[k]);
            hp_put(h, "</td>");
        }
        hp_put(h, "<td class=\"why\">");
        hp_readable(h, hp_str(f, "explanation"));
        hp_put(h, "</td>");
        const json_t *m = json_object_get(f, "metrics");
        for (size_t c = 0; mc != NULL && c < 6 && mc[c].key != NULL; c++) {
            put_metric(h, m, &mc[c]);
        }
        hp_td_dbl(h, affected(h, f), 0);
        hp_put(h, "</tr>\n");
    }
    hp_table_close(h);
}

void html_findings(hpage *h)
{
    const json_t *findings = json_object_get(h->report, "findings");
    size_t count[LSN_FINDING_TYPES] = {0};
    size_t sev[LSN_FINDING_TYPES][4] = {{0}};
    size_t i;
    const json_t *f;
    json_array_foreach(findings, i, f)
    {
        int t = lsn_finding_type_index(hp_str(f, "type") != NULL ? hp_str(f, "type") : "");
        if (t >= 0) {
            count[t]++;
            sev[t][hp_sev(hp_str(f, "severity"))]++;
        }
    }
    hp_put(h, "<section id=\"findings\"><h2>Findings, by type</h2>\n<p class=\"lead\">Each type "
              "is explained first: what it means, why it matters and what to do. Its findings "
              "follow; click a column to sort, hover a name for its id.</p>\n");
    if (!json_is_array(findings)) {
        hp_put(h, "<p>This report has no findings section.</p>\n");
    }
    hp_put(h, "<div class=\"chips\">");
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        if (count[t] > 0) {
            const lsn_finding_def *def = lsn_finding_def_of((lsn_finding_type)t);
            hp_fmt(h, "<span><a href=\"#f-%s\">", def->name);
            hp_esc(h, def->heading);
            hp_fmt(h, "</a>&nbsp;(%zu)</span>", count[t]);
        }
    }
    hp_put(h, "</div>\n");
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        if (count[t] == 0) {
            continue;
        }
        const lsn_finding_def *def = lsn_finding_def_of((lsn_finding_type)t);
        hp_fmt(h, "<h3 id=\"f-%s\">", def->name);
        hp_esc(h, def->heading);
        hp_fmt(h, " <span class=\"muted\">(%zu)</span>", count[t]);
        for (int s = 3; s >= 1; s--) {
            if (sev[t][s] > 0) {
                hp_fmt(h, " <span class=\"sev sev%d\">%zu %s</span>", s, sev[t][s],
                       html_sev_name[s]);
            }
        }
        hp_put(h, "</h3>\n");
        explain(h, def);
        put_threshold(h, def);
        type_table(h, (lsn_finding_type)t, findings);
    }
    bool any_none = false;
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        if (count[t] > 0) {
            continue;
        }
        const lsn_finding_def *def = lsn_finding_def_of((lsn_finding_type)t);
        if (!any_none) {
            hp_put(h, "<h3>Not found in this window</h3>\n");
            any_none = true;
        }
        hp_put(h, "<details><summary>");
        hp_esc(h, def->heading);
        hp_put(h, "</summary>");
        explain(h, def);
        put_threshold(h, def);
        hp_put(h, "</details>\n");
    }
    hp_put(h, "</section>\n");
}

/* ---------------------------------------------------------------------- */
/* The findings to act on first.                                           */

typedef struct ranked {
    const json_t *f;
    int sev, type;
    double people;
    size_t index;
} ranked;

static int cmp_ranked(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->sev != b->sev) {
        return b->sev - a->sev;
    }
    if (a->people != b->people) {
        return a->people > b->people ? -1 : 1;
    }
    if (a->type != b->type) {
        return a->type - b->type;
    }
    return (a->index > b->index) - (a->index < b->index);
}

#define TOP_FINDINGS 5
#define TOP_PER_TYPE 2

void html_top_findings(hpage *h)
{
    const json_t *findings = json_object_get(h->report, "findings");
    size_t n = json_array_size(findings);
    if (n == 0) {
        hp_put(h, "<p><b>No findings.</b> Nothing in this window crossed a threshold.</p>\n");
        return;
    }
    ranked *r = calloc(n, sizeof(*r));
    if (r == NULL) {
        h->out.failed = true;
        return;
    }
    size_t i;
    const json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *t = hp_str(f, "type");
        r[i] = (ranked){f, hp_sev(hp_str(f, "severity")), lsn_finding_type_index(t ? t : ""),
                        affected(h, f), i};
    }
    qsort(r, n, sizeof(*r), cmp_ranked);
    hp_put(h, "<h3>Act on these first</h3>\n<p class=\"minor muted\">The most severe findings, "
              "those that touch the most people first (at most two of a kind).</p>\n"
              "<ol class=\"act\">\n");
    size_t shown = 0;
    int per_type[LSN_FINDING_TYPES + 1] = {0};
    for (i = 0; i < n && shown < TOP_FINDINGS; i++) {
        int t = r[i].type;
        int slot = t >= 0 && t < LSN_FINDING_TYPES ? t : LSN_FINDING_TYPES;
        if (per_type[slot] >= TOP_PER_TYPE) {
            continue;
        }
        per_type[slot]++;
        shown++;
        const lsn_finding_def *def = t >= 0 ? lsn_finding_def_of((lsn_finding_type)t) : NULL;
        hp_fmt(h, "<li class=\"s%d\">", r[i].sev);
        hp_sev_chip(h, r[i].sev);
        hp_put(h, " <span class=\"what\">");
        if (def != NULL) {
            hp_fmt(h, "<a href=\"#f-%s\">", def->name);
            hp_esc(h, def->heading);
            hp_put(h, "</a>");
        } else {
            hp_esc(h, hp_str(r[i].f, "type"));
        }
        hp_put(h, "</span>");
        if (r[i].people > 0) {
            hp_fmt(h, " <span class=\"muted minor\">· %.0f %s</span>", r[i].people,
                   r[i].people == 1 ? "person" : "people");
        }
        hp_put(h, "<br>");
        hp_readable(h, hp_str(r[i].f, "explanation"));
        if (def != NULL && def->action != NULL) {
            hp_put(h, "<br><span class=\"minor\"><b>What to do:</b> ");
            hp_esc(h, def->action);
            hp_put(h, "</span>");
        }
        hp_put(h, "</li>\n");
    }
    hp_put(h, "</ol>\n");
    free(r);
}

/* ---------------------------------------------------------------------- */
/* The proposal.                                                           */

void html_proposal(hpage *h)
{
    const json_t *proposal = json_object_get(h->report, "proposal");
    hp_put(h, "<section id=\"proposal\"><h2>Proposal: one coordination model per need</h2>\n"
              "<p class=\"lead\">For every declared need, the model that fits it and who takes "
              "it on, chosen for all needs together so nobody takes on too much.</p>\n"
              "<div class=\"legend\"><span><span class=\"model m-notes\">notes</span> minimal "
              "context: meeting notes or an email</span><span><span class=\"model m-liaison\">"
              "liaison</span> moderate context: one person sits in the other team's meetings"
              "</span><span><span class=\"model m-embedded\">embedded</span> deep context: a "
              "person works inside the other team</span><span><span class=\"model m-rotation\">"
              "rotation</span> availability: a rota of 2–4 people</span><span><span "
              "class=\"model m-centralized\">centralized</span> a liaison group when a team "
              "would need liaisons into 4 or more teams</span></p>\n");
    if (json_array_size(proposal) == 0) {
        hp_put(h, "<p>No declared needs (needs.csv) to propose for.</p></section>\n");
        return;
    }
    size_t restructure = 0, i;
    const json_t *e;
    json_array_foreach(proposal, i, e)
    {
        restructure += hp_str(e, "restructure") != NULL;
    }
    if (restructure > 0) {
        hp_fmt(h,
               "<p><b>%zu %s must be restructured</b> to seat the people proposed without "
               "breaking the rule of eight (see the last column).</p>\n",
               restructure, restructure == 1 ? "meeting" : "meetings");
    }
    const char *const cols[] = {
        "Team", "Needs context from",    "Context", "Availability", "Model", "Who",
        "Why",  "Meeting to restructure"};
    hp_table_open(h, "proposal", cols, 8, json_array_size(proposal) > 8);
    json_array_foreach(proposal, i, e)
    {
        hp_put(h, "<tr><td>");
        hp_unit(h, hp_str(e, "team"));
        hp_put(h, "</td><td>");
        hp_unit(h, hp_str(e, "from"));
        const char *target = hp_str(e, "target");
        if (target != NULL && hp_str(e, "from") != NULL && strcmp(target, hp_str(e, "from")) != 0) {
            hp_put(h, " <span class=\"minor muted\">(in ");
            hp_unit(h, target);
            hp_put(h, "'s meetings)</span>");
        }
        hp_put(h, "</td><td>");
        hp_esc(h, hp_str(e, "context"));
        hp_put(h, "</td><td>");
        hp_put(h, json_is_true(json_object_get(e, "availability")) ? "needed" : "–");
        const char *model = hp_str(e, "model");
        hp_put(h, "</td><td data-v=\"");
        hp_esc(h, model);
        hp_put(h, "\">");
        if (model != NULL) {
            hp_put(h, "<span class=\"model m-");
            hp_esc(h, model);
            hp_put(h, "\">");
            hp_esc(h, model);
            hp_put(h, "</span>");
        }
        if (json_is_true(json_object_get(e, "unmet"))) {
            hp_put(h, " <span class=\"model m-unmet\">unmet</span>");
        }
        if (json_is_true(json_object_get(e, "existing"))) {
            hp_put(h, " <span class=\"minor muted\">(kept)</span>");
        }
        hp_put(h, "</td><td>");
        const json_t *people = json_object_get(e, "people");
        if (json_array_size(people) > 0) {
            hp_person_list(h, people);
        } else {
            hp_put(h, json_is_array(people) ? "–" : "<span class=\"muted\">withheld</span>");
        }
        hp_put(h, "</td><td class=\"why\">");
        hp_readable(h, hp_str(e, "reason"));
        hp_put(h, "</td><td>");
        if (hp_str(e, "restructure") != NULL) {
            hp_meeting(h, hp_str(e, "restructure"), hp_str(e, "restructure_subject"));
        } else {
            hp_put(h, "–");
        }
        hp_put(h, "</td></tr>\n");
    }
    hp_table_close(h);
    hp_put(h, "</section>\n");
}
