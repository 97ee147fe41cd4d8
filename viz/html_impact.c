/*
 * viz/html_impact.c — the "What the proposal would change" section of
 * report.html (viz/html_internal.h), from report.json's proposal_impact:
 * the headline figures now and with the proposal carried out, the
 * meetings it would push over the rule of eight, and the seated people's
 * meeting hours with anyone it overbooks flagged (not with --min-group
 * N > 1, which leaves the people out). No section when the report has no
 * proposal_impact.
 */
#include "analysis/finding_types.h"
#include "io/plural.h"
#include "viz/html_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A change after - before, signed ("+5", "−4", "0"); "–" when either is
 * not a number. decimals as hp_dbl. */
static void td_change(hpage *h, double before, double after, int decimals)
{
    double d = after - before;
    if (!isfinite(d)) {
        hp_put(h, "<td class=\"n\" data-v=\"\">–</td>");
        return;
    }
    hp_fmt(h, "<td class=\"n\" data-v=\"%.6g\">", d);
    hp_put(h, d > 0 ? "+" : d < 0 ? "−" : "");
    hp_dbl(h, fabs(d), decimals);
    hp_put(h, "</td>");
}

/* A share as a percentage cell; "–" when not a number (no needs declared). */
static void td_pct(hpage *h, double x)
{
    if (!isfinite(x)) {
        hp_put(h, "<td class=\"n\" data-v=\"\">–</td>");
        return;
    }
    hp_fmt(h, "<td class=\"n\" data-v=\"%.6g\">", x);
    hp_pct(h, x);
    hp_put(h, "</td>");
}

/* One row of the figures table: label, the value at key in before and after. */
static void figure(hpage *h, const char *label, const json_t *b, const json_t *a, const char *key)
{
    double vb = hp_real(b, key), va = hp_real(a, key);
    hp_put(h, "<tr><td>");
    hp_esc(h, label);
    hp_put(h, "</td>");
    hp_td_dbl(h, vb, 0);
    hp_td_dbl(h, va, 0);
    td_change(h, vb, va, 0);
    hp_put(h, "</tr>\n");
}

static void figures(hpage *h, const json_t *imp)
{
    const json_t *b = json_object_get(imp, "before"), *a = json_object_get(imp, "after");
    const json_t *bt = json_object_get(b, "findings_by_type");
    const json_t *at = json_object_get(a, "findings_by_type");
    const char *const cols[] = {"Figure", "#Now", "#With the proposal", "#Change"};
    hp_table_open(h, "impact", cols, 4, false);
    /* Every finding type, in the order of the findings section. */
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        const lsn_finding_def *def = lsn_finding_def_of((lsn_finding_type)t);
        if (json_object_get(bt, def->name) == NULL && json_object_get(at, def->name) == NULL) {
            continue;
        }
        char label[128];
        snprintf(label, sizeof(label), "%s%s", def->heading,
                 t == LSN_FINDING_LIAISONS_EVERYWHERE ? " (units)" : "");
        figure(h, label, bt, at, def->name);
    }
    figure(h, "All findings", b, a, "findings");
    figure(h, "Liaison links", b, a, "liaison_links");
    figure(h, "Largest liaison load (links one person holds)", b, a, "largest_liaison_load");
    double cb = hp_real(b, "congruence"), ca = hp_real(a, "congruence");
    hp_put(h, "<tr><td>Declared needs met (congruence)</td>");
    td_pct(h, cb);
    td_pct(h, ca);
    /* In percentage points. */
    td_change(h, 100 * cb, 100 * ca, 0);
    hp_put(h, "</tr>\n");
    hp_table_close(h);
}

static void oversized(hpage *h, const json_t *imp)
{
    const json_t *list = json_object_get(imp, "new_oversized_meetings");
    hp_put(h, "<h3>Meetings it would push over the rule of eight</h3>\n");
    if (json_array_size(list) == 0) {
        hp_put(h, "<p>None: no meeting would go over the rule of eight.</p>\n");
        return;
    }
    const char *const cols[] = {"Meeting", "Owner team", "#People", "#From outside", "Why"};
    hp_table_open(h, "impact-oversized", cols, 5, false);
    size_t i;
    const json_t *f;
    json_array_foreach(list, i, f)
    {
        const json_t *m = json_object_get(f, "metrics");
        hp_put(h, "<tr><td>");
        hp_meeting(h, hp_str(f, "series"), hp_str(m, "summary"));
        hp_put(h, "</td><td>");
        if (hp_str(f, "team") != NULL) {
            hp_unit(h, hp_str(f, "team"));
        } else {
            hp_put(h, "–");
        }
        hp_put(h, "</td>");
        hp_td_num(h, json_object_get(m, "size"), 1);
        hp_td_num(h, json_object_get(m, "outsiders"), 1);
        hp_put(h, "<td class=\"why\">");
        hp_readable(h, hp_str(f, "explanation"));
        hp_put(h, "</td></tr>\n");
    }
    hp_table_close(h);
}

/* The seats that break the rule of eight anyway, and the ones that add a
 * liaison link where liaisons are everywhere already. */
static void seat_notes(hpage *h, const json_t *imp)
{
    const json_t *proposal = json_object_get(h->report, "proposal");
    size_t i, feeding = 0;
    const json_t *e;
    bool open = false;
    json_array_foreach(proposal, i, e)
    {
        if (!json_is_true(json_object_get(e, "no_room"))) {
            continue;
        }
        if (!open) {
            hp_put(h, "<ul class=\"no-room\">\n");
            open = true;
        }
        hp_put(h, "<li>No team meeting has room: ");
        if (json_array_size(json_object_get(e, "people")) > 0) {
            hp_person_list(h, json_object_get(e, "people"));
        } else {
            hp_put(h, "one person"); /* --min-group leaves the people out */
        }
        hp_put(h, " joins ");
        hp_unit(h, hp_str(e, "target"));
        hp_put(h, "'s ");
        hp_meeting(h, hp_str(e, "restructure"), hp_str(e, "restructure_subject"));
        hp_put(h, " anyway; restructure it to stay within the rule of eight.</li>\n");
    }
    if (open) {
        hp_put(h, "</ul>\n");
    }
    json_array_foreach(json_object_get(imp, "entries"), i, e)
    {
        feeding += json_array_size(json_object_get(
                       e, lsn_finding_type_name(LSN_FINDING_LIAISONS_EVERYWHERE))) > 0;
    }
    if (feeding > 0) {
        hp_fmt(h,
               "<p>%zu %s under units where liaisons are everywhere: every seat is a "
               "liaison link, the price of closing a missing one.</p>\n",
               feeding, feeding == 1 ? "seat adds a link" : "seats add links");
    }
}

static void seated(hpage *h, const json_t *imp)
{
    const json_t *people = json_object_get(imp, "people");
    if (json_array_size(people) == 0) {
        return;
    }
    size_t made = 0, i;
    const json_t *p;
    json_array_foreach(people, i, p)
    {
        made += json_is_true(json_object_get(p, "made_overbooked"));
    }
    hp_put(h, "<h3>The seated people's meeting hours</h3>\n");
    double max = hp_real(json_object_get(h->report, "parameters"), "max_meeting_hours");
    if (made > 0) {
        hp_fmt(h, "<p><b>%zu %s would be overbooked</b> by the new seats (over ", made,
               lsn_plural((int64_t)made, "person", "people"));
        hp_dbl(h, max, 1);
        hp_put(h, " meeting hours a week).</p>\n");
    }
    const char *const cols[] = {"Person", "#Hours / week now", "#With the proposal", "#Change",
                                "Overbooked"};
    hp_table_open(h, "impact-people", cols, 5, json_array_size(people) > 12);
    json_array_foreach(people, i, p)
    {
        double b = hp_real(p, "before"), a = hp_real(p, "after");
        hp_put(h, "<tr><td>");
        hp_person(h, hp_str(p, "person"));
        hp_put(h, "</td>");
        hp_td_dbl(h, b, 1);
        hp_td_dbl(h, a, 1);
        td_change(h, b, a, 1);
        if (json_is_true(json_object_get(p, "made_overbooked"))) {
            hp_put(h, "<td data-v=\"2\"><span class=\"model m-unmet\">made overbooked</span>");
        } else if (json_is_true(json_object_get(p, "overbooked"))) {
            hp_put(h, "<td data-v=\"1\"><span class=\"muted\">already overbooked</span>");
        } else {
            hp_put(h, "<td data-v=\"0\">–");
        }
        hp_put(h, "</td></tr>\n");
    }
    hp_table_close(h);
}

void html_impact(hpage *h)
{
    const json_t *imp = json_object_get(h->report, "proposal_impact");
    if (!json_is_object(imp)) {
        return;
    }
    size_t seats = 0, i;
    const json_t *e;
    json_array_foreach(json_object_get(imp, "entries"), i, e)
    {
        seats += json_array_size(json_object_get(e, "series")) > 0;
    }
    hp_fmt(h,
           "<section id=\"impact\"><h2>What the proposal would change</h2>\n<p class=\"lead\">"
           "The proposal's %zu %s (a liaison in one of the target's meetings with room "
           "within the rule of eight, an embedded person in all of those) added to the calendar, "
           "and every "
           "figure worked out again as if the calendars had been edited: before anyone is "
           "moved.</p>\n",
           seats, lsn_plural((int64_t)seats, "seat", "seats"));
    figures(h, imp);
    oversized(h, imp);
    seat_notes(h, imp);
    seated(h, imp);
    hp_put(h, "</section>\n");
}
