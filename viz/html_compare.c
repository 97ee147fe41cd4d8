/*
 * viz/html_compare.c — compare.html (viz/html.h): the scenarios side by
 * side, the findings each one makes appear and disappear (named from that
 * scenario's report, or the baseline's for those that disappear), and each
 * scenario's teams diagram. It reads compare.json and the reports only.
 */
#include "viz/html.h"

#include "analysis/finding_types.h"
#include "io/fsutil.h"
#include "viz/html_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rows of the table: key of `metrics`, label, kind ('n' count, 'p' share, 'r' ratio). */
static const struct {
    const char *key, *label;
    char kind;
} rows[] = {
    {"people", "people on the roster", 'n'},
    {"teams", "teams", 'n'},
    {"cross_team_share", "meeting time that is cross-team", 'p'},
    {"team_links", "pairs of teams that meet", 'n'},
    {"declared_needs", "declared needs", 'n'},
    {"missing_links", "missing links (needs with too little contact)", 'n'},
    {"congruence", "declared needs met", 'p'},
    {"oversized_meetings", "oversized meetings (over the rule of eight)", 'n'},
    {"liaison_links", "liaison links", 'n'},
    {"modularity", "modularity (meeting time inside the formal teams)", 'r'},
    {"findings", "findings", 'n'},
};

static void value(hpage *h, double x, char kind)
{
    if (kind == 'p') {
        hp_pct(h, x);
    } else {
        hp_dbl(h, x, kind == 'r' ? 3 : 1);
    }
}

static void cell(hpage *h, const json_t *m, const json_t *base, const char *key, char kind)
{
    double x = hp_real(m, key), b = hp_real(base, key);
    hp_fmt(h, "<td class=\"n\" data-v=\"%.6g\">", isfinite(x) ? x : 0);
    value(h, x, kind);
    if (m != base && isfinite(x) && isfinite(b) && fabs(x - b) > 1e-9) {
        double d = x - b;
        hp_put(h, d > 0 ? " <span class=\"minor muted\">(+" : " <span class=\"minor muted\">(−");
        if (kind == 'p') {
            hp_dbl(h, 100 * fabs(d), 1); /* a difference of shares: percentage points */
            hp_put(h, " pts");
        } else {
            value(h, fabs(d), kind);
        }
        hp_put(h, ")</span>");
    }
    hp_put(h, "</td>");
}

static void table(hpage *h, const json_t *scenarios)
{
    const json_t *base = json_object_get(json_array_get(scenarios, 0), "metrics");
    hp_put(h, "<section id=\"table\"><h2>The scenarios side by side</h2>\n<p class=\"lead\">Each "
              "column is the same calendars read against another roster; in brackets the "
              "difference from the baseline.</p>\n<div class=\"tablewrap\"><table "
              "id=\"scenarios\"><thead><tr><th scope=\"col\">metric</th>");
    size_t i;
    const json_t *s;
    json_array_foreach(scenarios, i, s)
    {
        hp_put(h, "<th class=\"num\" scope=\"col\">");
        hp_esc(h, hp_str(s, "name"));
        hp_put(h, "</th>");
    }
    hp_put(h, "</tr></thead><tbody>\n");
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        hp_put(h, "<tr><td>");
        hp_esc(h, rows[r].label);
        hp_put(h, "</td>");
        json_array_foreach(scenarios, i, s)
        {
            cell(h, json_object_get(s, "metrics"), base, rows[r].key, rows[r].kind);
        }
        hp_put(h, "</tr>\n");
    }
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        const lsn_finding_def *def = lsn_finding_def_of((lsn_finding_type)t);
        hp_put(h, "<tr><td>&nbsp;&nbsp;");
        hp_esc(h, def->heading);
        hp_put(h, "</td>");
        json_array_foreach(scenarios, i, s)
        {
            const json_t *m = json_object_get(json_object_get(s, "metrics"), "findings_by_type");
            cell(h, m,
                 i == 0 ? m
                        : json_object_get(json_object_get(json_array_get(scenarios, 0), "metrics"),
                                          "findings_by_type"),
                 def->name, 'n');
        }
        hp_put(h, "</tr>\n");
    }
    hp_put(h, "</tbody></table></div>\n</section>\n");
}

/* Names from another report while f is written. */
static void use_names(hpage *h, const hp_names *with, hp_names *saved)
{
    *saved = h->names;
    h->names = *with;
}

static void findings_list(hpage *h, const json_t *list, const char *what)
{
    size_t n = json_array_size(list);
    hp_fmt(h, "<h4>%zu %s %s</h4>\n", n, n == 1 ? "finding" : "findings", what);
    if (n == 0) {
        return;
    }
    const char *const cols[] = {"Severity", "Type", "What the analysis found"};
    hp_table_open(h, NULL, cols, 3, n > 12);
    size_t i;
    const json_t *f;
    json_array_foreach(list, i, f)
    {
        int sev = hp_sev(hp_str(f, "severity"));
        const char *type = hp_str(f, "type");
        int t = lsn_finding_type_index(type != NULL ? type : "");
        hp_fmt(h, "<tr><td data-v=\"%d\">", sev);
        hp_sev_chip(h, sev);
        hp_put(h, "</td><td>");
        hp_esc(h, t >= 0 ? lsn_finding_def_of((lsn_finding_type)t)->heading : type);
        hp_put(h, "</td><td class=\"why\">");
        hp_readable(h, hp_str(f, "explanation"));
        hp_put(h, "</td></tr>\n");
    }
    hp_table_close(h);
}

int lsn_html_compare(char **out,
                     size_t *len,
                     const json_t *compare,
                     const json_t *const *reports,
                     const lsn_html_diagram *d,
                     size_t n)
{
    *out = NULL;
    *len = 0;
    const json_t *scenarios = json_object_get(compare, "scenarios");
    if (!json_is_array(scenarios) || json_array_size(scenarios) == 0) {
        return lsn_error_set(LSN_EPARSE, "compare: no 'scenarios' array");
    }
    const json_t *base = n > 0 && reports[0] != NULL ? reports[0] : json_object();
    hpage h;
    int rc = hp_open(&h, base);
    hp_names *nm = calloc(n > 0 ? n : 1, sizeof(*nm));
    if (rc != LSN_OK || nm == NULL) {
        if (rc == LSN_OK) {
            hp_free(&h);
        }
        free(nm);
        if (n == 0 || reports[0] == NULL) {
            json_decref((json_t *)base);
        }
        return rc != LSN_OK ? rc : lsn_oom();
    }
    /* Each scenario's names: a page opened on its report lends them. */
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        hpage tmp;
        json_t *empty = reports[i] == NULL ? json_object() : NULL;
        rc = hp_open(&tmp, reports[i] != NULL ? reports[i] : empty);
        if (rc == LSN_OK) {
            nm[i] = (hp_names){json_incref(tmp.names.units), json_incref(tmp.names.people),
                               json_incref(tmp.names.sizes)};
            hp_free(&tmp);
        }
        json_decref(empty);
    }
    hp_head(&h, "Reorg scenarios compared");
    hp_put(&h, "<header class=\"top\"><div class=\"wrap\"><h1>Reorg scenarios compared</h1>\n"
               "<div class=\"sub\">The same meetings read against each roster: what each "
               "reorganization would change in how the teams meet</div>\n<div class=\"meta\">");
    size_t i;
    const json_t *s;
    json_array_foreach(scenarios, i, s)
    {
        hp_put(&h, "<span><b>");
        hp_esc(&h, hp_str(s, "name"));
        hp_put(&h, "</b>: ");
        hp_esc(&h, hp_str(s, "people"));
        if (hp_str(s, "teams") != NULL) {
            hp_put(&h, ", ");
            hp_esc(&h, hp_str(s, "teams"));
        }
        hp_put(&h, "</span>");
    }
    hp_put(&h,
           "</div></div></header>\n<nav class=\"toc\" aria-label=\"Sections\"><div "
           "class=\"wrap\"><a href=\"#table\">Side by side</a><a href=\"#changes\">What "
           "changes</a><a href=\"#diagrams\">Diagrams</a></div></nav>\n<main class=\"wrap\">\n");
    table(&h, scenarios);
    hp_put(&h, "<section id=\"changes\"><h2>What changes</h2>\n<p class=\"lead\">A finding "
               "appears when the baseline has none of the same type about the same teams, people "
               "or meeting; it disappears the other way round.</p>\n");
    json_array_foreach(scenarios, i, s)
    {
        if (i == 0) {
            continue;
        }
        hp_put(&h, "<h3>");
        hp_esc(&h, hp_str(s, "name"));
        hp_put(&h, "</h3>\n");
        const json_t *roster = json_object_get(s, "roster");
        double added = json_is_array(json_object_get(roster, "added"))
                           ? (double)json_array_size(json_object_get(roster, "added"))
                           : hp_real(roster, "added_count");
        double removed = json_is_array(json_object_get(roster, "removed"))
                             ? (double)json_array_size(json_object_get(roster, "removed"))
                             : hp_real(roster, "removed_count");
        hp_put(&h, "<p class=\"minor muted\">Roster: ");
        hp_dbl(&h, isfinite(added) ? added : 0, 0);
        hp_put(&h, " people added, ");
        hp_dbl(&h, isfinite(removed) ? removed : 0, 0);
        hp_put(&h, " removed.</p>\n");
        hp_names saved;
        if (i < n) {
            use_names(&h, &nm[i], &saved);
        }
        findings_list(&h, json_object_get(s, "appeared"), "appear");
        if (i < n) {
            hp_names back;
            use_names(&h, &saved, &back);
        }
        findings_list(&h, json_object_get(s, "disappeared"), "disappear");
    }
    hp_put(&h, "</section>\n<section id=\"diagrams\"><h2>Diagrams</h2>\n<p class=\"lead\">Each "
               "scenario's teams and how they meet.</p>\n");
    json_array_foreach(scenarios, i, s)
    {
        if (i >= n || d[i].svg == NULL) {
            continue;
        }
        int id = h.diagrams + 1;
        hp_put(&h, "<h3>");
        hp_esc(&h, hp_str(s, "name"));
        hp_fmt(&h,
               " <button class=\"zoom\" type=\"button\" data-for=\"dg%d\" "
               "aria-pressed=\"false\" hidden>Actual size</button></h3>\n",
               id);
        html_legend(&h, false);
        hp_fmt(&h, "<div class=\"diagram\" id=\"dg%d\">", id);
        hp_svg(&h, d[i].svg, d[i].len);
        hp_put(&h, "</div>\n");
    }
    hp_put(&h, "</section>\n</main>\n<footer class=\"wrap\">Written by liaison from "
               "compare.json and each scenario's report.json.</footer>\n");
    hp_foot(&h);
    for (size_t k = 0; k < n; k++) {
        json_decref(nm[k].units);
        json_decref(nm[k].people);
        json_decref(nm[k].sizes);
    }
    free(nm);
    if (n == 0 || reports[0] == NULL) {
        json_decref((json_t *)base);
    }
    if (rc == LSN_OK && h.out.failed) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory while writing the page");
    }
    if (rc == LSN_OK) {
        *out = h.out.p;
        *len = h.out.len;
        h.out.p = NULL;
    }
    hp_free(&h);
    return rc;
}

int lsn_html_compare_file(const char *dir, const lsn_dot_options *dot)
{
    char *path = lsn_fs_join(dir, "compare.json");
    if (path == NULL) {
        return lsn_oom();
    }
    json_error_t err;
    json_t *compare = json_load_file(path, 0, &err);
    if (compare == NULL) {
        int rc = lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, err.text);
        free(path);
        return rc;
    }
    free(path);
    const json_t *scenarios = json_object_get(compare, "scenarios");
    size_t n = json_array_size(scenarios);
    json_t **reports = calloc(n > 0 ? n : 1, sizeof(*reports));
    lsn_html_diagram *d = calloc(n > 0 ? n : 1, sizeof(*d));
    char *tmp = NULL, *page = NULL;
    size_t len = 0;
    int rc = reports != NULL && d != NULL ? lsn_html_temp_dir(&tmp)
                                          : lsn_oom();
    lsn_dot_options o = LSN_DOT_OPTIONS_INIT;
    if (dot != NULL) {
        o = *dot;
    }
    o.svg = true;
    o.teams_only = true; /* the page shows each scenario's teams diagram alone */
    lsn_dot_batch *batch = NULL;
    char **svgs = calloc(n > 0 ? n : 1, sizeof(*svgs));
    if (rc == LSN_OK) {
        rc = svgs != NULL ? lsn_dot_batch_open(&batch, &o) : lsn_oom();
    }
    for (size_t i = 0; rc == LSN_OK && i < n; i++) {
        const json_t *s = json_array_get(scenarios, i);
        const char *rel = hp_str(s, "report");
        char *rpath = rel != NULL ? lsn_fs_join(dir, rel) : NULL;
        if (rpath == NULL) {
            continue;
        }
        rc = lsn_dot_load_report(&reports[i], rpath, NULL, NULL);
        char sub[32];
        snprintf(sub, sizeof(sub), "%zu", i);
        char *sdir = rc == LSN_OK ? lsn_fs_join(tmp, sub) : NULL;
        if (rc == LSN_OK && (sdir == NULL || (rc = lsn_fs_make_dir(sdir)) == LSN_OK)) {
            rc = sdir == NULL ? lsn_oom() : lsn_dot_batch_render(batch, reports[i], rpath, sdir);
        }
        if (rc == LSN_OK && (svgs[i] = lsn_fs_join(sdir, "teams.svg")) == NULL) {
            rc = lsn_oom();
        }
        free(rpath);
        free(sdir);
    }
    /* Every scenario's layout runs at once; the files are read once done. */
    int lrc = lsn_dot_batch_close(batch);
    rc = rc != LSN_OK ? rc : lrc;
    for (size_t i = 0; rc == LSN_OK && i < n; i++) {
        if (svgs[i] != NULL) {
            rc = html_read_file(&d[i].svg, &d[i].len, svgs[i]);
        }
    }
    for (size_t i = 0; svgs != NULL && i < n; i++) {
        free(svgs[i]);
    }
    free(svgs);
    if (rc == LSN_OK) {
        rc = lsn_html_compare(&page, &len, compare, (const json_t *const *)reports, d, n);
    }
    char *out = rc == LSN_OK ? lsn_fs_join(dir, "compare.html") : NULL;
    if (rc == LSN_OK) {
        rc = out == NULL ? lsn_oom()
                         : html_write_file(out, page, len);
    }
    if (tmp != NULL) {
        lsn_html_remove_tree(tmp);
    }
    for (size_t i = 0; reports != NULL && i < n; i++) {
        json_decref(reports[i]);
        free(d[i].svg);
    }
    free(reports);
    free(d);
    free(out);
    free(tmp);
    free(page);
    json_decref(compare);
    return rc;
}
