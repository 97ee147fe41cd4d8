/*
 * viz/html.c — report.html (viz/html.h): the page's order, its header and
 * data quality, the headline figures and the settings. The findings and
 * the proposal are viz/html_findings.c's, the charts viz/html_load.c's,
 * liaisons and people viz/html_people.c's, diagrams viz/html_diagrams.c's.
 */
#include "viz/html.h"

#include "analysis/finding_types.h"
#include "io/plural.h"
#include "viz/html_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Dates: the window's `to` is the day after it.                           */

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* "30 May 2026" for YYYY-MM-DD plus shift days; the text as it is otherwise. */
static void put_date(hpage *h, const char *iso, long shift)
{
    long y, m, d;
    if (iso == NULL || sscanf(iso, "%4ld-%2ld-%2ld", &y, &m, &d) != 3 || m < 1 || m > 12) {
        hp_esc(h, iso != NULL ? iso : "?");
        return;
    }
    civil_from_days(days_from_civil(y, m, d) + shift, &y, &m, &d);
    hp_fmt(h, "%ld %s %ld", d, month_abbr[m - 1], y);
}

/* ---------------------------------------------------------------------- */
/* Header and data quality.                                                */

static const char *org_name(const hpage *h)
{
    size_t i;
    const json_t *u;
    json_array_foreach(json_object_get(h->report, "units"), i, u)
    {
        if (json_is_null(json_object_get(u, "parent")) || hp_str(u, "parent") == NULL) {
            const char *id = hp_str(u, "unit");
            if (id != NULL && strcmp(id, "(org)") != 0) {
                return hp_unit_name(h, id);
            }
        }
    }
    return NULL;
}

static int64_t jint(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_integer(v)  ? (int64_t)json_integer_value(v)
           : json_is_number(v) ? (int64_t)json_number_value(v)
                               : 0;
}

/* Coverage's roster people present at a meeting: "N of M (share)", the
 * counts in bold when bold. */
static void people_present(hpage *h, const json_t *cov, bool bold)
{
    hp_fmt(h, bold ? "<b>%lld of %lld</b> (" : "%lld of %lld (",
           (long long)jint(cov, "people_present"), (long long)jint(cov, "roster_people"));
    hp_pct(h, hp_real(cov, "people_present_share"));
    hp_put(h, ")");
}

/* The calendar formats of input.paths, by file extension. */
static void put_formats(hpage *h, const json_t *paths)
{
    int64_t ics = 0, csv = 0, jsn = 0, other = 0;
    size_t i;
    const json_t *p;
    json_array_foreach(paths, i, p)
    {
        const char *s = json_string_value(p);
        const char *dot = s != NULL ? strrchr(s, '.') : NULL;
        if (dot != NULL && strcmp(dot, ".ics") == 0) {
            ics++;
        } else if (dot != NULL && strcmp(dot, ".csv") == 0) {
            csv++;
        } else if (dot != NULL && strcmp(dot, ".json") == 0) {
            jsn++;
        } else {
            other++;
        }
    }
    const char *sep = "";
    if (ics > 0) {
        hp_fmt(h, "%s%lld iCalendar", sep, (long long)ics);
        sep = ", ";
    }
    if (csv > 0) {
        hp_fmt(h, "%s%lld Outlook CSV", sep, (long long)csv);
        sep = ", ";
    }
    if (jsn > 0) {
        hp_fmt(h, "%s%lld Microsoft Graph JSON", sep, (long long)jsn);
        sep = ", ";
    }
    if (other > 0) {
        hp_fmt(h, "%s%lld %s", sep, (long long)other,
               json_is_true(json_object_get(json_object_get(h->report, "parameters"), "anonymize"))
                   ? "anonymized"
                   : "other");
    }
}

static void header(hpage *h)
{
    const json_t *r = h->report;
    const json_t *in = json_object_get(r, "input");
    const json_t *win = json_object_get(in, "window");
    const json_t *sum = json_object_get(r, "summary");
    const json_t *cov = json_object_get(in, "coverage");
    const char *org = org_name(h);
    hp_put(h, "<header class=\"top\"><div class=\"wrap\">\n<h1>Coordination report");
    if (org != NULL) {
        hp_put(h, ": ");
        hp_esc(h, org);
    }
    hp_put(h, "</h1>\n<div class=\"sub\">How the teams meet, what is wrong, why it matters and "
              "what to do");
    if (win != NULL) {
        hp_put(h, " — ");
        put_date(h, hp_str(win, "from"), 0);
        hp_put(h, " to ");
        put_date(h, hp_str(win, "to"), -1);
        hp_put(h, " (");
        hp_dbl(h, hp_real(win, "weeks"), 1);
        hp_put(h, " weeks, times in ");
        hp_esc(h, hp_str(win, "tz") != NULL ? hp_str(win, "tz") : "UTC");
        hp_put(h, ")");
    }
    hp_put(h, "</div>\n<div class=\"meta\">");
    if (in != NULL) {
        int64_t files = jint(in, "files");
        hp_fmt(h, "<span>Calendars: <b>%lld %s</b>", (long long)files,
               lsn_plural(files, "file", "files"));
        if (json_array_size(json_object_get(in, "paths")) > 0) {
            hp_put(h, " (");
            put_formats(h, json_object_get(in, "paths"));
            hp_put(h, ")");
        }
        hp_put(h, "</span>");
    }
    if (sum != NULL) {
        int64_t people = jint(sum, "people"), teams = jint(sum, "teams");
        hp_fmt(h, "<span>Roster: <b>%lld %s</b> in <b>%lld %s</b></span>", (long long)people,
               lsn_plural(people, "person", "people"), (long long)teams,
               lsn_plural(teams, "team", "teams"));
    }
    const json_t *proposal = json_object_get(r, "proposal");
    if (json_is_array(proposal)) {
        size_t n = json_array_size(proposal);
        hp_fmt(h, "<span>Declared needs: <b>%zu</b></span>", n);
    }
    if (cov != NULL) {
        hp_put(h, "<span>People matched: ");
        people_present(h, cov, true);
        hp_put(h, "</span><span>Meetings per week: <b>");
        hp_dbl(h, hp_real(cov, "instances_per_week"), 0);
        hp_put(h, "</b></span>");
    }
    if (in != NULL) {
        int64_t read = jint(in, "read"), used = jint(in, "used");
        hp_fmt(h,
               "<span>Meetings used: <b>%lld of %lld</b> read (<a href=\"#data\" "
               "style=\"color:#bcccdc\">%lld skipped</a>)</span>",
               (long long)used, (long long)read, (long long)(read - used));
    }
    const json_t *params = json_object_get(r, "parameters");
    int64_t min_group = jint(params, "min_group");
    if (json_is_true(json_object_get(params, "anonymize"))) {
        hp_put(h, "<span>Privacy: <b>pseudonyms</b> for people, meetings and files</span>");
    }
    if (min_group > 1) {
        hp_fmt(
            h,
            "<span>Privacy: <b>groups under %lld people withheld</b>, no person-level data</span>",
            (long long)min_group);
    }
    hp_put(h, "</div>\n");
    const json_t *warnings = json_object_get(cov, "warnings");
    if (json_array_size(warnings) > 0) {
        hp_put(h, "<div style=\"margin-top:12px;background:#fff3cd;color:#5c4400;border-radius:6px;"
                  "padding:8px 12px\"><b>Check the data first:</b><ul style=\"margin:4px 0\">");
        size_t i;
        const json_t *w;
        json_array_foreach(warnings, i, w)
        {
            hp_put(h, "<li>");
            hp_esc(h, json_string_value(w));
            hp_put(h, "</li>");
        }
        hp_put(h, "</ul></div>\n");
    }
    hp_put(h, "</div></header>\n");
}

static void toc(hpage *h, bool people, bool proposal, bool impact)
{
    hp_put(h, "<nav class=\"toc\" aria-label=\"Sections\"><div class=\"wrap\">"
              "<a href=\"#glance\">At a glance</a><a href=\"#findings\">Findings</a>"
              "<a href=\"#diagrams\">Diagrams</a>");
    if (proposal) {
        hp_put(h, "<a href=\"#proposal\">Proposal</a>");
    }
    if (proposal && impact) {
        hp_put(h, "<a href=\"#impact\">What it would change</a>");
    }
    hp_put(h, "<a href=\"#load\">Meeting load</a><a href=\"#liaisons\">Liaisons</a>");
    if (people) {
        hp_put(h, "<a href=\"#people\">People</a>");
    }
    hp_put(h, "<a href=\"#data\">About the data</a></div></nav>\n");
}

static void card(hpage *h, const char *value, const char *label, const char *detail)
{
    hp_put(h, "<div class=\"card\"><div class=\"v\">");
    hp_put(h, value);
    hp_put(h, "</div><div class=\"l\">");
    hp_put(h, label);
    hp_put(h, "</div>");
    if (detail != NULL && detail[0] != '\0') {
        hp_put(h, "<div class=\"d\">");
        hp_put(h, detail);
        hp_put(h, "</div>");
    }
    hp_put(h, "</div>\n");
}

/* Findings of one type in the report. */
static size_t count_type(const hpage *h, lsn_finding_type t)
{
    const char *type = lsn_finding_type_name(t);
    size_t n = 0, i;
    const json_t *f;
    json_array_foreach(json_object_get(h->report, "findings"), i, f)
    {
        const char *name = hp_str(f, "type");
        n += name != NULL && strcmp(name, type) == 0;
    }
    return n;
}

static void glance(hpage *h)
{
    const json_t *r = h->report;
    const json_t *sum = json_object_get(r, "summary");
    const json_t *params = json_object_get(r, "parameters");
    char v[96], d[256];
    hp_put(h, "<section id=\"glance\"><h2>At a glance</h2>\n<p class=\"lead\">The headline figures "
              "of the window, then the findings to act on first.</p>\n<div class=\"cards\">\n");
    double present = hp_real(sum, "people_present");
    double hours = hp_real(sum, "meeting_hours_per_week");
    if (isfinite(present) && present > 0 && isfinite(hours)) {
        snprintf(v, sizeof(v), "%.1f h", hours / present);
        const json_t *load = json_object_get(sum, "meeting_load");
        int64_t over = jint(load, "over_20");
        snprintf(d, sizeof(d), "%lld %s over 20 h a week", (long long)over,
                 lsn_plural(over, "person", "people"));
        card(h, v, "meeting hours per person per week", load != NULL ? d : NULL);
    }
    double share = hp_real(sum, "cross_team_share");
    if (isfinite(share)) {
        snprintf(v, sizeof(v), "%.0f%%", 100 * share);
        card(h, v, "of meeting time is cross-team", "between people of different teams");
    }
    const json_t *proposal = json_object_get(r, "proposal");
    if (json_is_array(proposal) && json_array_size(proposal) > 0) {
        size_t needs = json_array_size(proposal);
        size_t missing = count_type(h, LSN_FINDING_MISSING_LINK);
        size_t met = needs > missing ? needs - missing : 0;
        snprintf(v, sizeof(v), "%zu <span class=\"of\">of %zu</span>", met, needs);
        snprintf(d, sizeof(d), "%zu %s too little contact", missing, missing == 1 ? "has" : "have");
        card(h, v, "declared needs met", d);
    } else {
        card(h, "–", "declared needs met", "no needs declared (needs.csv)");
    }
    size_t oversized = count_type(h, LSN_FINDING_OVERSIZED_MEETING);
    snprintf(v, sizeof(v), "%zu", oversized);
    double r8 = hp_real(params, "rule_of_eight");
    snprintf(d, sizeof(d), "recurring meetings over %g people (the rule of eight)",
             isfinite(r8) ? r8 : 8.0);
    card(h, v, "oversized meetings", d);
    int64_t links = jint(sum, "liaison_links");
    snprintf(v, sizeof(v), "%lld", (long long)links);
    card(h, v, "liaison links", "people who regularly sit in another team's meetings");
    double nmi = hp_real(sum, "nmi");
    if (isfinite(nmi)) {
        snprintf(v, sizeof(v), "%.2f", nmi);
        card(h, v, "org chart vs. who meets (NMI)",
             "1 = the groups that meet are the formal teams; 0 = no relation");
    }
    hp_put(h, "</div>\n");
    html_top_findings(h);
    hp_put(h, "</section>\n");
}

/* ---------------------------------------------------------------------- */
/* About the data and the settings.                                        */

static void weeks_chart(hpage *h, const json_t *weeks)
{
    size_t n = json_array_size(weeks);
    if (n == 0) {
        return;
    }
    double top = 0;
    size_t i;
    const json_t *w;
    json_array_foreach(weeks, i, w)
    {
        top = fmax(top, hp_real(w, "instances"));
    }
    if (!(top > 0)) {
        top = 1;
    }
    double bw = n > 60 ? 8 : 18, gap = 3, ch = 90;
    double width = 40 + (double)n * (bw + gap);
    hp_fmt(h,
           "<div class=\"chart\"><svg class=\"chart-weeks\" width=\"%.0f\" height=\"%.0f\" "
           "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"Meetings per week\">",
           width, ch + 30, width, ch + 30);
    hp_fmt(h, "<text x=\"0\" y=\"10\" font-size=\"10\" fill=\"#52606d\">%.0f</text>", top);
    hp_fmt(h, "<text x=\"0\" y=\"%.0f\" font-size=\"10\" fill=\"#52606d\">0</text>", ch + 4);
    json_array_foreach(weeks, i, w)
    {
        double v = hp_real(w, "instances");
        double bh = isfinite(v) ? ch * v / top : 0;
        double x = 36 + (double)i * (bw + gap);
        hp_fmt(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"%s\">", x,
               ch - bh + 4, bw, bh, v > 0 ? "#5b8def" : "#c62828");
        hp_put(h, "<title>week of ");
        hp_esc(h, hp_str(w, "from"));
        hp_fmt(h, ": %.0f meetings", isfinite(v) ? v : 0);
        hp_put(h, "</title></rect>");
        if (i == 0 || i + 1 == n) {
            hp_fmt(h, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" fill=\"#52606d\"%s>", x,
                   ch + 20, i + 1 == n && n > 1 ? " text-anchor=\"end\"" : "");
            hp_esc(h, hp_str(w, "from"));
            hp_put(h, "</text>");
        }
    }
    hp_put(h, "</svg></div>\n");
}

static void data_section(hpage *h)
{
    const json_t *in = json_object_get(h->report, "input");
    const json_t *cov = json_object_get(in, "coverage");
    const json_t *sk = json_object_get(in, "skipped");
    hp_put(h, "<section id=\"data\"><h2>About the data</h2>\n<p class=\"lead\">What was read, "
              "what was used and what was left out. A meeting is counted once even when it is in "
              "several people's calendars.</p>\n<dl class=\"kv\">\n");
    hp_fmt(h, "<dt>Calendar files</dt><dd>%lld (%lld events)</dd>\n", (long long)jint(in, "files"),
           (long long)jint(in, "vevents"));
    hp_fmt(h, "<dt>Meetings read</dt><dd>%lld; used %lld; copies merged %lld</dd>\n",
           (long long)jint(in, "read"), (long long)jint(in, "used"),
           (long long)jint(in, "duplicates_merged"));
    hp_put(h, "<dt>Skipped</dt><dd>");
    static const char *const why[][2] = {{"too_few_people", "fewer than two people present"},
                                         {"all_day", "all-day events"},
                                         {"cancelled", "cancelled"},
                                         {"nonpositive_duration", "no duration"},
                                         {"malformed", "unreadable"}};
    const char *sep = "";
    for (size_t k = 0; k < sizeof(why) / sizeof(why[0]); k++) {
        int64_t n = jint(sk, why[k][0]);
        if (n > 0) {
            hp_fmt(h, "%s%lld %s", sep, (long long)n, why[k][1]);
            sep = "; ";
        }
    }
    hp_put(h, sep[0] == '\0' ? "nothing" : "");
    hp_put(h, "</dd>\n");
    hp_fmt(h,
           "<dt>Addresses outside the roster</dt><dd>%lld unknown at the roster's domains, "
           "%lld external, %lld group %s</dd>\n",
           (long long)jint(in, "unknown"), (long long)jint(in, "external"),
           (long long)jint(in, "groups"), lsn_plural(jint(in, "groups"), "address", "addresses"));
    if (cov != NULL) {
        hp_put(h, "<dt>Roster people in meetings</dt><dd>");
        people_present(h, cov, false);
        hp_put(h, "</dd>\n<dt>Meetings per week</dt><dd>");
        hp_dbl(h, hp_real(cov, "instances_per_week"), 1);
        int64_t empty = jint(cov, "empty_weeks");
        hp_fmt(h, "; %lld whole %s without any meeting</dd>\n", (long long)empty,
               lsn_plural(empty, "week", "weeks"));
    }
    hp_put(h, "</dl>\n");
    if (cov != NULL) {
        hp_put(h, "<h4>Meetings per week</h4><p class=\"minor muted\">A week far below the others "
                  "(or red, empty) usually means calendars missing for that week, not a quiet "
                  "week.</p>\n");
        weeks_chart(h, json_object_get(cov, "weeks"));
    }
    const json_t *sup = json_object_get(h->report, "suppressed");
    int64_t withheld = 0;
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)sup, key, v)
    {
        withheld += json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
    }
    if (withheld > 0) {
        hp_put(h, "<h4>Withheld for privacy</h4><p>Groups under the minimum size and person-level "
                  "data are left out of this report:");
        json_object_foreach((json_t *)sup, key, v)
        {
            if (json_is_integer(v) && json_integer_value(v) > 0) {
                hp_fmt(h, " %lld ", (long long)json_integer_value(v));
                hp_esc(h, key);
                hp_put(h, ";");
            }
        }
        hp_put(h, "</p>\n");
    }
    const json_t *params = json_object_get(h->report, "parameters");
    hp_put(h, "<details><summary>Settings used</summary>\n");
    const char *const cols[] = {"setting", "value"};
    hp_table_open(h, NULL, cols, 2, false);
    json_object_foreach((json_t *)params, key, v)
    {
        hp_put(h, "<tr><td>");
        hp_esc(h, key);
        hp_put(h, "</td><td>");
        if (json_is_string(v)) {
            hp_esc(h, json_string_value(v));
        } else if (json_is_boolean(v)) {
            hp_put(h, json_is_true(v) ? "yes" : "no");
        } else {
            hp_num(h, v, 6);
        }
        hp_put(h, "</td></tr>\n");
    }
    hp_table_close(h);
    hp_put(h, "</details>\n</section>\n");
}

int lsn_html_report(
    char **out, size_t *len, const json_t *report, const lsn_html_diagram *d, size_t nd)
{
    *out = NULL;
    *len = 0;
    if (!json_is_object(report)) {
        return lsn_error_set(LSN_EPARSE, "report: not a JSON object");
    }
    hpage h;
    int rc = hp_open(&h, report);
    if (rc != LSN_OK) {
        return rc;
    }
    const char *org = org_name(&h);
    char title[256];
    snprintf(title, sizeof(title), "Coordination report%s%s", org != NULL ? ": " : "",
             org != NULL ? org : "");
    hp_head(&h, title);
    header(&h);
    bool people = json_is_array(json_object_get(report, "people"));
    bool proposal = json_is_array(json_object_get(report, "proposal"));
    bool impact = json_is_object(json_object_get(report, "proposal_impact"));
    toc(&h, people, proposal, impact);
    hp_put(&h, "<main class=\"wrap\">\n");
    glance(&h);
    html_findings(&h);
    html_diagrams(&h, d, nd);
    if (proposal) {
        html_proposal(&h);
        html_impact(&h);
    }
    html_load(&h);
    html_people(&h);
    data_section(&h);
    hp_put(&h, "</main>\n<footer class=\"wrap\">Written by liaison from report.json. Every figure "
               "is per week of the window unless it says otherwise.</footer>\n");
    hp_foot(&h);
    if (h.out.failed) {
        hp_free(&h);
        return lsn_error_set(LSN_ENOMEM, "out of memory while writing the page");
    }
    *out = h.out.p;
    *len = h.out.len;
    h.out.p = NULL;
    hp_free(&h);
    return LSN_OK;
}
