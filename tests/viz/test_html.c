/*
 * tests/viz/test_html.c — report.html and compare.html (viz/html.h), and
 * the report.json keys the page reads (meeting_load, meetings).
 *
 * fixtures/html_report.json is a hand-written report whose names are
 * hostile: a team called <script>alert('x')</script>, one called
 * R&D <Core>, a person Zoë "Q" O'Neil, a meeting subject holding an <img>
 * tag. The right page shows each of them as text (escaped), loads nothing
 * from anywhere, and has a row for each of its four findings. Its
 * proposal_impact seats al.amp in t-script's team meetings and zoe.quote
 * in uid-1: the missing link closes (1 -> 0, needs met 0% -> 100%), a
 * second meeting (uid-3, "Plan <b>now</b>") goes over eight, al goes from
 * 3 to 21 hours (made overbooked, over 20) and zoe, overbooked already,
 * from 22 to 23.5. The end-to-end tests run `liaison analyze` and `render`
 * on the bundled dataset.
 */
#include "support.h"

#include "io/error.h"
#include "viz/html.h"
#include "viz/privacy.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Load the report.json at report_path and write its page (as analyze does). */
static int render_file(const char *report_path, const char *html_path, const char *svg_dir)
{
    json_t *report = NULL;
    int rc = lsn_dot_load_report(&report, report_path, NULL, NULL);
    if (rc == LSN_OK) {
        rc = lsn_html_render_report(report, html_path, svg_dir, NULL);
    }
    json_decref(report);
    return rc;
}

static json_t *fixture(void)
{
    json_error_t err;
    json_t *r = json_load_file(LSN_FIXTURES "/html_report.json", 0, &err);
    if (r == NULL) {
        fail_msg("html_report.json:%d: %s", err.line, err.text);
    }
    return r;
}

/* The page of report r with diagrams d. */
static char *page_of(const json_t *r, const lsn_html_diagram *d, size_t nd, size_t *len)
{
    char *out = NULL;
    size_t n = 0;
    if (lsn_html_report(&out, &n, r, d, nd) != LSN_OK) {
        fail_msg("lsn_html_report: %s", lsn_error_last());
    }
    assert_int_equal(strlen(out), n);
    if (len != NULL) {
        *len = n;
    }
    return out;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

static void test_html_page_has_every_section(void **state)
{
    (void)state;
    json_t *r = fixture();
    char *page = page_of(r, NULL, 0, NULL);
    assert_int_equal(strncmp(page, "<!DOCTYPE html>\n<html lang=\"en\">", 32), 0);
    assert_non_null(strstr(page, "</html>\n"));
    const char *ids[] = {"glance", "findings", "diagrams", "proposal",
                         "load",   "liaisons", "people",   "data"};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        char s[64];
        snprintf(s, sizeof(s), "<section id=\"%s\">", ids[i]);
        assert_int_equal(count(page, s), 1);
    }
    /* The window: the day before `to` is the last day shown. */
    assert_non_null(strstr(page, "30 May 2026 to 12 Jun 2026"));
    /* Each finding type present is explained, with its threshold. */
    assert_non_null(strstr(page, "<h3 id=\"f-oversized_meeting\">"));
    assert_non_null(strstr(page, "What it means"));
    assert_non_null(strstr(page, "Threshold used: <b>8</b> (option <code>--rule-of-eight</code>)"));
    /* A type without findings is still explained, folded away. */
    assert_non_null(strstr(page, "<details><summary>Fragile links</summary>"));
    /* Headline figures: 30 h over 5 people present, 1 of 1 need met is not
     * true: the missing link is the one need, so 0 of 1. */
    assert_non_null(strstr(page, ">6.0 h<"));
    assert_non_null(strstr(page, ">0 <span class=\"of\">of 1</span><"));
    assert_non_null(strstr(page, ">25%<"));
    /* The data-quality warning is shown, escaped. */
    assert_non_null(strstr(page, "fewer than half of the roster &lt;b&gt;present&lt;/b&gt;"));
    free(page);
    json_decref(r);
}

static void test_html_escapes_hostile_names(void **state)
{
    (void)state;
    json_t *r = fixture();
    char *page = page_of(r, NULL, 0, NULL);
    /* Only the page's own script element. */
    assert_int_equal(count(page, "<script"), 1);
    assert_null(strstr(page, "<img"));
    assert_null(strstr(page, "alert('x')"));
    assert_non_null(strstr(page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert_non_null(strstr(page, "R&amp;D &lt;Core&gt;"));
    assert_non_null(strstr(page, "Zoë &quot;Q&quot; O&#39;Neil"));
    assert_non_null(strstr(page, "Al &amp; Co"));
    assert_non_null(strstr(page, "Quote &quot;Corp&quot;"));
    assert_non_null(strstr(page, "Review &lt;img src=x onerror=alert(1)&gt;"));
    free(page);
    json_decref(r);
}

static void test_html_loads_nothing_from_outside(void **state)
{
    (void)state;
    json_t *r = fixture();
    const char svg[] = "<?xml version=\"1.0\"?>\n<svg width=\"10pt\" height=\"10pt\" "
                       "viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\" "
                       "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><g id=\"graph0\">"
                       "<polygon points=\"0,0 5,5 0,5\"/></g></svg>\n";
    lsn_html_diagram d = {"teams.svg", (char *)svg, sizeof(svg) - 1};
    char *page = page_of(r, &d, 1, NULL);
    const char *banned[] = {"<link",   "<iframe", "<object", "<embed",   "<img",
                            " src=\"", "@import", "http://", "https://", "url(h"};
    for (size_t i = 0; i < sizeof(banned) / sizeof(banned[0]); i++) {
        if (strstr(page, banned[i]) != NULL) {
            fail_msg("the page holds '%s'", banned[i]);
        }
    }
    /* Every link is to a place in the page. */
    for (const char *p = strstr(page, "href=\""); p != NULL; p = strstr(p + 1, "href=\"")) {
        assert_int_equal(p[6], '#');
    }
    free(page);
    json_decref(r);
}

static void test_html_every_finding_has_a_row_with_display_names(void **state)
{
    (void)state;
    json_t *r = fixture();
    char *page = page_of(r, NULL, 0, NULL);
    assert_int_equal(count(page, "<tr class=\"finding\""), 4);
    assert_non_null(
        strstr(page, "data-type=\"oversized_meeting\" data-subject=\"uid-1@acme.example|t-amp\""));
    assert_non_null(
        strstr(page, "data-type=\"overbooked_person\" data-subject=\"zoe.quote@acme.example\""));
    assert_non_null(strstr(page, "data-type=\"missing_link\" data-subject=\"t-script|t-amp\""));
    assert_non_null(
        strstr(page, "data-type=\"community_mismatch\" data-subject=\"t-amp,t-script\""));
    /* A team by its name, its id in the tooltip; in explanations too. */
    const char *row = strstr(page, "data-type=\"missing_link\"");
    const char *end = strstr(row, "</tr>");
    const char *named = strstr(row, "<span class=\"id\" title=\"t-script\">&lt;script&gt;");
    assert_non_null(named);
    assert_true(named < end);
    assert_non_null(strstr(page, "title=\"t-amp\">R&amp;D &lt;Core&gt;</span>&#39;s people"));
    /* The meeting by its subject, never split into names. */
    assert_non_null(strstr(page, "title=\"uid-1@acme.example\">Review &lt;img"));
    free(page);
    json_decref(r);
}

static void test_html_same_report_same_bytes(void **state)
{
    (void)state;
    json_t *r = fixture();
    size_t la, lb;
    char *a = page_of(r, NULL, 0, &la);
    char *b = page_of(r, NULL, 0, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a);
    free(b);
    json_decref(r);
}

static void test_html_inlines_diagrams_with_unique_ids(void **state)
{
    (void)state;
    json_t *r = fixture();
    const char svg[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                       "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\"\n"
                       " \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
                       "<!-- Generated by graphviz -->\n"
                       "<svg width=\"62pt\" height=\"44pt\" viewBox=\"0.00 0.00 62.00 44.00\" "
                       "xmlns=\"http://www.w3.org/2000/svg\">\n<g id=\"graph0\" class=\"graph\">"
                       "<!-- t&#45;amp -->\n<g id=\"node1\"><polygon fill=\"url(#grad)\"/></g>"
                       "</g>\n</svg>\n";
    lsn_html_diagram d[2] = {{"teams.svg", (char *)svg, sizeof(svg) - 1},
                             {"units/t-amp.proposal.svg", (char *)svg, sizeof(svg) - 1}};
    char *page = page_of(r, d, 2, NULL);
    assert_null(strstr(page, "<?xml"));
    assert_null(strstr(page, "<!DOCTYPE svg"));
    assert_null(strstr(page, "<!--"));
    assert_non_null(strstr(page, "<svg role=\"img\" viewBox=\"0.00 0.00 62.00 44.00\" "
                                 "data-w=\"62pt\" data-h=\"44pt\">"));
    assert_int_equal(count(page, "id=\"d1-graph0\""), 1);
    assert_int_equal(count(page, "id=\"d2-graph0\""), 1);
    assert_int_equal(count(page, "id=\"graph0\""), 0);
    assert_non_null(strstr(page, "url(#d2-grad)"));
    /* Headings and legends: the team diagram's, then a unit's proposal. */
    assert_non_null(strstr(page, "Teams and how they meet"));
    assert_non_null(strstr(page, "R&amp;D &lt;Core&gt;: the proposal"));
    assert_non_null(strstr(page, "box size = headcount"));
    assert_non_null(strstr(page, "centralized (a liaison group)"));
    free(page);
    json_decref(r);
}

static void test_html_under_min_group_names_nobody(void **state)
{
    (void)state;
    json_t *r = fixture();
    assert_int_equal(lsn_report_json_restrict(r, 2), LSN_OK);
    char *page = page_of(r, NULL, 0, NULL);
    const char *people[] = {"al.amp@",  "zoe.quote@", "Al &amp; Co",
                            "Zo&#235;", "Zoë",        "O&#39;Neil"};
    for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
        if (strstr(page, people[i]) != NULL) {
            fail_msg("the page names '%s' under --min-group 2", people[i]);
        }
    }
    assert_non_null(strstr(page, "The people section: withheld"));
    assert_non_null(strstr(page, "groups under 2 people withheld"));
    assert_int_equal(count(page, "<tr class=\"finding\""), 3); /* the person finding is gone */
    free(page);
    json_decref(r);
}

/* The row of the impact table labelled label: now, after, change. */
static void assert_impact_row(const char *page, const char *label, const char *cells)
{
    char row[512];
    snprintf(row, sizeof(row), "<tr><td>%s</td>%s</tr>", label, cells);
    if (count(page, row) != 1) {
        fail_msg("no single row %s", row);
    }
}

static void test_html_impact_shows_the_figures_before_and_after(void **state)
{
    (void)state;
    json_t *r = fixture();
    char *page = page_of(r, NULL, 0, NULL);
    assert_int_equal(count(page, "<section id=\"impact\"><h2>What the proposal would change</h2>"),
                     1);
    assert_int_equal(count(page, "<a href=\"#impact\">"), 1);
    /* Right after the proposal, before the meeting load. */
    const char *proposal = strstr(page, "<section id=\"proposal\">");
    const char *impact = strstr(page, "<section id=\"impact\">");
    const char *load = strstr(page, "<section id=\"load\">");
    assert_non_null(proposal);
    assert_true(proposal < impact && impact < load);
    assert_non_null(strstr(impact, "The proposal's 2 seats"));
    /* The entry with no room, its meeting's subject escaped; the seat that
     * adds a link where liaisons are everywhere. */
    assert_non_null(strstr(impact, "No team meeting has room: "));
    assert_non_null(strstr(impact, "Review &lt;img"));
    assert_non_null(strstr(impact, "1 seat adds a link under units where liaisons are everywhere"));
    assert_impact_row(impact, "Missing links",
                      "<td class=\"n\" data-v=\"1\">1</td><td class=\"n\" data-v=\"0\">0</td>"
                      "<td class=\"n\" data-v=\"-1\">−1</td>");
    assert_impact_row(impact, "Oversized meetings",
                      "<td class=\"n\" data-v=\"1\">1</td><td class=\"n\" data-v=\"2\">2</td>"
                      "<td class=\"n\" data-v=\"1\">+1</td>");
    assert_impact_row(impact, "Fragile links",
                      "<td class=\"n\" data-v=\"0\">0</td><td class=\"n\" data-v=\"0\">0</td>"
                      "<td class=\"n\" data-v=\"0\">0</td>");
    assert_impact_row(impact, "Liaison sprawl",
                      "<td class=\"n\" data-v=\"0\">0</td><td class=\"n\" data-v=\"0\">0</td>"
                      "<td class=\"n\" data-v=\"0\">0</td>");
    assert_impact_row(impact, "Liaisons everywhere (units)",
                      "<td class=\"n\" data-v=\"0\">0</td><td class=\"n\" data-v=\"0\">0</td>"
                      "<td class=\"n\" data-v=\"0\">0</td>");
    assert_impact_row(impact, "Largest liaison load (links one person holds)",
                      "<td class=\"n\" data-v=\"1\">1</td><td class=\"n\" data-v=\"2\">2</td>"
                      "<td class=\"n\" data-v=\"1\">+1</td>");
    assert_impact_row(impact, "All findings",
                      "<td class=\"n\" data-v=\"4\">4</td><td class=\"n\" data-v=\"5\">5</td>"
                      "<td class=\"n\" data-v=\"1\">+1</td>");
    assert_impact_row(impact, "Declared needs met (congruence)",
                      "<td class=\"n\" data-v=\"0\">0%</td><td class=\"n\" data-v=\"1\">100%</td>"
                      "<td class=\"n\" data-v=\"100\">+100</td>");
    /* One row per finding type, and the three extra figures. */
    const char *end = strstr(impact, "</table>");
    size_t rows = 0;
    for (const char *p = strstr(impact, "<tr><td>"); p != NULL && p < end;
         p = strstr(p + 1, "<tr><td>")) {
        rows++;
    }
    assert_int_equal(rows, 11 + 4);
    /* The new oversized meeting by its subject (escaped), owner by display name. */
    assert_non_null(strstr(impact, "<span class=\"id\" title=\"uid-3@acme.example\">Plan "
                                   "&lt;b&gt;now&lt;/b&gt;</span>"));
    assert_null(strstr(impact, "<b>now</b>"));
    assert_non_null(strstr(impact, "outside <span class=\"id\" title=\"t-script\">&lt;script&gt;"));
    /* The seated people: al made overbooked, zoe overbooked already. */
    assert_non_null(strstr(impact, "<b>1 person would be overbooked</b>"));
    const char *al = strstr(impact, "Al &amp; Co");
    const char *zoe = strstr(impact, "Zo");
    assert_non_null(al);
    assert_non_null(zoe);
    assert_non_null(strstr(al, "<td class=\"n\" data-v=\"3\">3</td><td class=\"n\" data-v=\"21\">21"
                               "</td><td class=\"n\" data-v=\"18\">+18</td><td data-v=\"2\"><span "
                               "class=\"model m-unmet\">made overbooked</span>"));
    assert_non_null(strstr(impact, "<td class=\"n\" data-v=\"23.5\">23.5</td><td class=\"n\" "
                                   "data-v=\"1.5\">+1.5</td><td data-v=\"1\"><span "
                                   "class=\"muted\">already overbooked</span>"));
    assert_int_equal(count(impact, "made overbooked"), 1);
    free(page);
    json_decref(r);
}

static void test_html_impact_absent_without_the_key(void **state)
{
    (void)state;
    json_t *r = fixture();
    assert_int_equal(json_object_del(r, "proposal_impact"), 0);
    char *page = page_of(r, NULL, 0, NULL);
    assert_null(strstr(page, "id=\"impact\""));
    assert_null(strstr(page, "#impact"));
    assert_null(strstr(page, "What the proposal would change"));
    assert_int_equal(count(page, "<section id=\"proposal\">"), 1);
    free(page);
    json_decref(r);
    /* Under --min-group 2 the impact stays without the seated people: no
     * change list, no hours per person, no email in its section. */
    r = fixture();
    assert_int_equal(lsn_report_json_restrict(r, 2), LSN_OK);
    const json_t *imp = json_object_get(r, "proposal_impact");
    assert_non_null(imp);
    assert_null(json_object_get(imp, "changes"));
    assert_null(json_object_get(imp, "people"));
    assert_non_null(json_object_get(imp, "before"));
    page = page_of(r, NULL, 0, NULL);
    char *impact_at = strstr(page, "<section id=\"impact\">");
    assert_non_null(impact_at);
    char *end = strstr(impact_at, "</section>");
    assert_non_null(end);
    *end = '\0'; /* the impact section alone */
    assert_null(strstr(impact_at, "al.amp@"));
    assert_null(strstr(impact_at, "zoe.quote@"));
    assert_non_null(strstr(impact_at, "No team meeting has room: one person joins"));
    free(page);
    json_decref(r);
}

static void test_html_report_must_be_an_object(void **state)
{
    (void)state;
    json_t *a = json_array();
    char *out = (char *)1;
    size_t n = 1;
    assert_int_equal(lsn_html_report(&out, &n, a, NULL, 0), LSN_EPARSE);
    assert_null(out);
    assert_string_equal(lsn_error_last(), "report: not a JSON object");
    json_decref(a);
}

static void test_html_render_file_names_a_missing_report(void **state)
{
    (void)state;
    char page[512];
    viz_path(page, sizeof(page), "report.html");
    assert_int_equal(render_file("/nonexistent/report.json", page, NULL), LSN_EIO);
    assert_non_null(strstr(lsn_error_last(), "/nonexistent/report.json: cannot read"));
    struct stat st;
    assert_int_not_equal(stat(page, &st), 0);
}

/* A tiny drawing: one box labelled text. */
static void put_svg(const char *name, const char *text)
{
    char path[512];
    viz_path(path, sizeof(path), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "<svg width=\"40pt\" height=\"20pt\" viewBox=\"0 0 40 20\" "
            "xmlns=\"http://www.w3.org/2000/svg\"><g id=\"graph0\"><polygon points=\"0,0 "
            "40,0 40,20\"/><text>%s</text></g></svg>\n",
            text);
    assert_int_equal(fclose(f), 0);
}

/* A hand-made diagram folder as the diagrams of a large organization leave
 * it: teams.svg and proposal.svg (the overviews) and units/UNIT.svg and
 * units/UNIT.proposal.svg. The right order is the two overviews, then unit
 * by unit (t-amp before t-script, by id), each unit's teams diagram before
 * its proposal; a unit with only one drawing still gets it; files that are
 * not .svg, and hidden ones, are not diagrams. On the page each unit is one
 * closed <details> named by its display name. */
static void test_html_picks_up_every_unit_drill_down(void **state)
{
    (void)state;
    char units[512];
    viz_path(units, sizeof(units), "units");
    assert_int_equal(mkdir(units, 0700), 0);
    put_svg("teams.svg", "OVERVIEW-TEAMS");
    put_svg("proposal.svg", "OVERVIEW-PROPOSAL");
    put_svg("units/t-script.svg", "SCRIPT-TEAMS");
    put_svg("units/t-amp.proposal.svg", "AMP-PROPOSAL");
    put_svg("units/t-amp.svg", "AMP-TEAMS");
    put_svg("units/.t-amp.svg", "HIDDEN");
    put_svg("units/notes.txt", "NOT-A-DIAGRAM");

    lsn_html_diagram *d = NULL;
    size_t nd = 0;
    assert_int_equal(lsn_html_diagrams_load(&d, &nd, viz_tmp), LSN_OK);
    assert_int_equal(nd, 5);
    const char *want[] = {"teams.svg", "proposal.svg", "units/t-amp.svg",
                          "units/t-amp.proposal.svg", "units/t-script.svg"};
    for (size_t i = 0; i < nd; i++) {
        assert_string_equal(d[i].name, want[i]);
    }
    assert_non_null(strstr(d[3].svg, "AMP-PROPOSAL"));
    lsn_html_diagrams_free(d, nd);

    char page_path[512];
    viz_path(page_path, sizeof(page_path), "report.html");
    assert_int_equal(render_file(LSN_FIXTURES "/html_report.json", page_path, viz_tmp), LSN_OK);
    char *page = viz_slurp(page_path);
    const char *order[] = {"OVERVIEW-TEAMS", "OVERVIEW-PROPOSAL", "AMP-TEAMS", "AMP-PROPOSAL",
                           "SCRIPT-TEAMS"};
    const char *at = page;
    for (size_t i = 0; i < 5; i++) {
        const char *p = strstr(at, order[i]);
        if (p == NULL) {
            fail_msg("%s missing or out of order", order[i]);
        }
        at = p;
    }
    assert_null(strstr(page, "HIDDEN"));
    assert_null(strstr(page, "NOT-A-DIAGRAM"));
    assert_int_equal(count(page, "<details class=\"unit\">"), 2);
    assert_non_null(strstr(page, "the first two are overviews"));
    assert_non_null(strstr(page, "R&amp;D &lt;Core&gt;: the proposal"));
    assert_non_null(strstr(page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;: teams and how "
                                 "they meet"));
    /* Five drawings, five distinct id prefixes. */
    assert_int_equal(count(page, "id=\"d5-graph0\""), 1);
    assert_int_equal(count(page, "id=\"d6-graph0\""), 0);
    free(page);
}

/* ---------------------------------------------------------------------- */
/* The keys of report.json the page reads.                                 */

static json_t *written(const viz_run *r, int32_t min_group)
{
    char path[512];
    viz_path(path, sizeof(path), "report.json");
    lsn_report rep = viz_run_report(r, min_group);
    if (lsn_report_write_json(path, &rep) != LSN_OK) {
        fail_msg("lsn_report_write_json: %s", lsn_error_last());
    }
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    if (j == NULL) {
        fail_msg("%s: %s", path, err.text);
    }
    return j;
}

/* a: 1 h stand-ups + 2 h product syncs + 2 h reviews = 5 h (5 to 10);
 * everyone else 3 or 4 h (under 5). */
static void test_report_meeting_load_buckets(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    json_t *j = written(&r, 1);
    json_t *load = json_object_get(json_object_get(j, "summary"), "meeting_load");
    assert_int_equal(json_integer_value(json_object_get(load, "under_5")), 8);
    assert_int_equal(json_integer_value(json_object_get(load, "5_to_10")), 1);
    assert_int_equal(json_integer_value(json_object_get(load, "over_20")), 0);
    assert_int_equal(json_object_size(load), 5);
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(j, "teams"), i, t)
    {
        json_t *tl = json_object_get(t, "meeting_load");
        const char *id = json_string_value(json_object_get(t, "team"));
        int64_t five = strcmp(id, "eng") == 0 ? 1 : 0;
        assert_int_equal(json_integer_value(json_object_get(tl, "5_to_10")), five);
        assert_int_equal(json_integer_value(json_object_get(tl, "under_5")),
                         json_integer_value(json_object_get(t, "headcount")) - five);
    }
    json_decref(j);
    viz_run_end(&r);
}

/* review (9 people) first; product-sync and eng-standup have 4 each, the
 * sync the more person-hours; small-sync (2) last; smallteam's meeting
 * goes with smallteam under --min-group 3. */
static void test_report_meetings_largest_first(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    json_t *j = written(&r, 1);
    json_t *m = json_object_get(j, "meetings");
    assert_int_equal(json_array_size(m), 4);
    const char *order[] = {"review", "product-sync", "eng-standup", "small-sync"};
    for (size_t i = 0; i < 4; i++) {
        json_t *e = json_array_get(m, i);
        assert_non_null(strstr(json_string_value(json_object_get(e, "series")), order[i]));
    }
    json_t *first = json_array_get(m, 0);
    assert_true(json_real_value(json_object_get(first, "size")) == 9.0);
    assert_int_equal(json_integer_value(json_object_get(first, "instances")), 2);
    assert_string_equal(json_string_value(json_object_get(first, "team")), "eng");
    json_decref(j);
    viz_run_publish(&r, 3);
    j = written(&r, 3);
    m = json_object_get(j, "meetings");
    assert_int_equal(json_array_size(m), 3);
    /* render --min-group on the first report drops the same entry. */
    json_decref(j);
    viz_run_publish(&r, 1);
    j = written(&r, 1);
    assert_int_equal(lsn_report_json_restrict(j, 3), LSN_OK);
    assert_int_equal(json_array_size(json_object_get(j, "meetings")), 3);
    json_decref(j);
    viz_run_end(&r);
}

/* ---------------------------------------------------------------------- */
/* End to end: analyze and render on the bundled dataset.                  */

static void run(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "'%s' %s --people '" LSN_SOURCE_DIR
             "/datasets/sample/people.csv' --teams '" LSN_SOURCE_DIR
             "/datasets/sample/teams.csv' --needs '" LSN_SOURCE_DIR
             "/datasets/sample/needs.csv' --quiet '" LSN_SOURCE_DIR
             "/datasets/sample/mailboxes' </dev/null",
             LSN_BINARY, args);
    assert_int_equal(system(cmd), 0);
}

static void test_render_writes_the_page_analyze_wrote(void **state)
{
    (void)state;
    char a[512], b[512], cmd[2048], pa[600], pb[600];
    viz_path(a, sizeof(a), "analyzed");
    viz_path(b, sizeof(b), "rendered");
    snprintf(cmd, sizeof(cmd), "analyze --out '%s'", a);
    run(cmd);
    snprintf(cmd, sizeof(cmd), "'%s' render '%s/report.json' --out '%s' </dev/null", LSN_BINARY, a,
             b);
    assert_int_equal(system(cmd), 0);
    snprintf(pa, sizeof(pa), "%s/report.html", a);
    snprintf(pb, sizeof(pb), "%s/report.html", b);
    char *x = viz_slurp(pa), *y = viz_slurp(pb);
    assert_true(strlen(x) > 10000);
    assert_string_equal(x, y);
    /* The diagrams are inline although neither run asked for SVG files. */
    assert_non_null(strstr(x, "<div class=\"diagram\" id=\"dg1\"><svg role=\"img\""));
    struct stat st;
    snprintf(pa, sizeof(pa), "%s/teams.svg", a);
    assert_int_not_equal(stat(pa, &st), 0);
    free(x);
    free(y);
    /* --no-html writes none. */
    snprintf(cmd, sizeof(cmd), "'%s' render '%s/report.json' --no-html --out '%s/none' </dev/null",
             LSN_BINARY, a, b);
    assert_int_equal(system(cmd), 0);
    snprintf(pb, sizeof(pb), "%s/none/report.html", b);
    assert_int_not_equal(stat(pb, &st), 0);
}

static void test_anonymized_page_holds_no_input_email_or_name(void **state)
{
    (void)state;
    char dir[512], cmd[1024], path[600];
    viz_path(dir, sizeof(dir), "anon");
    snprintf(cmd, sizeof(cmd), "analyze --anonymize 'a secret salt' --out '%s'", dir);
    run(cmd);
    snprintf(path, sizeof(path), "%s/report.html", dir);
    char *page = viz_slurp(path);
    /* No address at all (name@domain): every email became a p- pseudonym.
     * The stylesheet's @media follows a brace. */
    for (const char *at = strchr(page, '@'); at != NULL; at = strchr(at + 1, '@')) {
        if (at > page && (isalnum((unsigned char)at[-1]) || strchr("._-+", at[-1]) != NULL)) {
            fail_msg("an address in the anonymized page: ...%.30s", at - 20);
        }
    }
    /* No roster name either: the `name` column of people.csv. */
    char *roster = viz_slurp(LSN_SOURCE_DIR "/datasets/sample/people.csv");
    size_t names = 0;
    int col = -1;
    for (char *line = strtok(roster, "\r\n"); line != NULL; line = strtok(NULL, "\r\n")) {
        char *f[8] = {line};
        int nf = 1;
        for (char *c = strchr(line, ','); c != NULL && nf < 8; c = strchr(c + 1, ',')) {
            *c = '\0';
            f[nf++] = c + 1;
        }
        if (col < 0) {
            for (int k = 0; k < nf; k++) {
                col = strcmp(f[k], "name") == 0 ? k : col;
            }
            assert_true(col >= 0);
            continue;
        }
        if (col < nf && f[col][0] != '\0') {
            names++;
            if (strstr(page, f[col]) != NULL) {
                fail_msg("the anonymized page names '%s'", f[col]);
            }
        }
    }
    assert_true(names > 100);
    free(roster);
    free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_page_has_every_section),
        cmocka_unit_test(test_html_escapes_hostile_names),
        cmocka_unit_test(test_html_loads_nothing_from_outside),
        cmocka_unit_test(test_html_every_finding_has_a_row_with_display_names),
        cmocka_unit_test(test_html_same_report_same_bytes),
        cmocka_unit_test(test_html_inlines_diagrams_with_unique_ids),
        cmocka_unit_test(test_html_under_min_group_names_nobody),
        cmocka_unit_test(test_html_impact_shows_the_figures_before_and_after),
        cmocka_unit_test(test_html_impact_absent_without_the_key),
        cmocka_unit_test(test_html_report_must_be_an_object),
        cmocka_unit_test(test_html_render_file_names_a_missing_report),
        cmocka_unit_test(test_html_picks_up_every_unit_drill_down),
        cmocka_unit_test(test_report_meeting_load_buckets),
        cmocka_unit_test(test_report_meetings_largest_first),
        cmocka_unit_test(test_render_writes_the_page_analyze_wrote),
        cmocka_unit_test(test_anonymized_page_holds_no_input_email_or_name),
    };
    return cmocka_run_group_tests(tests, viz_setup, viz_teardown);
}
