/*
 * viz/html_diagrams.c — the diagrams of report.html (viz/html.h): finding
 * the SVG files viz/dot.h wrote (laying them out in a temporary folder
 * when the run did not ask for SVG), inlining them with a heading and a
 * legend, and the file plumbing of lsn_html_render_report().
 */
#include "viz/html.h"

#include "io/fsutil.h"
#include "viz/html_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------------- */
/* Files.                                                                  */

int html_read_file(char **out, size_t *len, const char *path)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    lsn_text t = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        lsn_text_put(&t, buf, n);
    }
    lsn_text_put(&t, "", 0);
    int rc = LSN_OK;
    if (ferror(f)) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    } else if (t.failed) {
        rc = lsn_oom();
    }
    fclose(f);
    if (rc != LSN_OK) {
        free(t.p);
        return rc;
    }
    *out = t.p;
    *len = t.len;
    return LSN_OK;
}

int html_write_file(const char *path, const char *s, size_t len)
{
    FILE *f = lsn_fs_create(path);
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    bool ok = fwrite(s, 1, len, f) == len;
    if (fclose(f) != 0) {
        ok = false;
    }
    if (!ok) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    return LSN_OK;
}

int lsn_html_temp_dir(char **out)
{
    const char *base = getenv("TMPDIR");
    if (base == NULL || base[0] == '\0') {
        base = "/tmp";
    }
    char *t = lsn_fs_join(base, "liaison-html-XXXXXX");
    if (t == NULL) {
        return lsn_oom();
    }
    if (mkdtemp(t) == NULL) {
        int rc = lsn_error_set(LSN_EIO, "%s: cannot create a temporary folder: %s", base,
                               strerror(errno));
        free(t);
        return rc;
    }
    *out = t;
    return LSN_OK;
}

void lsn_html_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
                continue;
            }
            char *p = lsn_fs_join(dir, e->d_name);
            struct stat st;
            if (p != NULL && lstat(p, &st) == 0) {
                if (S_ISDIR(st.st_mode)) {
                    lsn_html_remove_tree(p);
                } else {
                    unlink(p);
                }
            }
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* ---------------------------------------------------------------------- */
/* Loading the diagrams.                                                   */

void lsn_html_diagrams_free(lsn_html_diagram *d, size_t n)
{
    for (size_t i = 0; d != NULL && i < n; i++) {
        free(d[i].name);
        free(d[i].svg);
    }
    free(d);
}

static const char proposal_suffix[] = ".proposal.svg";

/* units/ files by unit, each unit's teams diagram before its proposal. */
static int cmp_unit_file(const void *x, const void *y)
{
    const char *a = *(char *const *)x, *b = *(char *const *)y;
    size_t la = strlen(a), lb = strlen(b), ls = strlen(proposal_suffix);
    bool pa = la > ls && strcmp(a + la - ls, proposal_suffix) == 0;
    bool pb = lb > ls && strcmp(b + lb - ls, proposal_suffix) == 0;
    size_t sa = la - (pa ? ls : 4), sb = lb - (pb ? ls : 4);
    int c = strncmp(a, b, sa < sb ? sa : sb);
    if (c != 0) {
        return c;
    }
    if (sa != sb) {
        return sa < sb ? -1 : 1;
    }
    return (int)pa - (int)pb;
}

static int add_file(lsn_html_diagram **arr, size_t *n, const char *dir, const char *name)
{
    char *path = lsn_fs_join(dir, name);
    if (path == NULL) {
        return lsn_oom();
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(path);
        return LSN_OK;
    }
    char *svg;
    size_t len;
    int rc = html_read_file(&svg, &len, path);
    free(path);
    if (rc != LSN_OK) {
        return rc;
    }
    lsn_html_diagram *grown = realloc(*arr, (*n + 1) * sizeof(**arr));
    char *copy = strdup(name);
    if (grown == NULL || copy == NULL) {
        free(svg);
        free(copy);
        if (grown != NULL) {
            *arr = grown;
        }
        return lsn_oom();
    }
    *arr = grown;
    (*arr)[(*n)++] = (lsn_html_diagram){copy, svg, len};
    return LSN_OK;
}

int lsn_html_diagrams_load(lsn_html_diagram **out, size_t *n, const char *dir)
{
    lsn_html_diagram *arr = NULL;
    size_t count = 0;
    int rc = add_file(&arr, &count, dir, "teams.svg");
    if (rc == LSN_OK) {
        rc = add_file(&arr, &count, dir, "proposal.svg");
    }
    char *units = rc == LSN_OK ? lsn_fs_join(dir, "units") : NULL;
    DIR *d = units != NULL ? opendir(units) : NULL;
    char **names = NULL;
    size_t nn = 0;
    if (d != NULL) {
        struct dirent *e;
        while (rc == LSN_OK && (e = readdir(d)) != NULL) {
            size_t l = strlen(e->d_name);
            if (e->d_name[0] == '.' || l < 5 || strcmp(e->d_name + l - 4, ".svg") != 0) {
                continue;
            }
            char **grown = realloc(names, (nn + 1) * sizeof(*names));
            char *name = malloc(l + 7);
            if (grown == NULL || name == NULL) {
                free(name);
                names = grown != NULL ? grown : names;
                rc = lsn_oom();
                break;
            }
            names = grown;
            snprintf(name, l + 7, "units/%s", e->d_name);
            names[nn++] = name;
        }
        closedir(d);
    }
    if (rc == LSN_OK && nn > 0) {
        qsort(names, nn, sizeof(*names), cmp_unit_file);
    }
    for (size_t i = 0; rc == LSN_OK && i < nn; i++) {
        rc = add_file(&arr, &count, dir, names[i]);
    }
    for (size_t i = 0; i < nn; i++) {
        free(names[i]);
    }
    free(names);
    free(units);
    if (rc != LSN_OK) {
        lsn_html_diagrams_free(arr, count);
        arr = NULL;
        count = 0;
    }
    *out = arr;
    *n = count;
    return rc;
}

/* ---------------------------------------------------------------------- */
/* On the page.                                                            */

static void swatch_line(hpage *h, const char *color, double width, const char *dash, bool arrow)
{
    hp_fmt(h,
           "<svg width=\"34\" height=\"12\" aria-hidden=\"true\"><line x1=\"2\" y1=\"6\" "
           "x2=\"%d\" y2=\"6\" stroke=\"%s\" stroke-width=\"%.1f\"%s%s%s/>",
           arrow ? 26 : 32, color, width, dash ? " stroke-dasharray=\"" : "", dash ? dash : "",
           dash ? "\"" : "");
    if (arrow) {
        hp_fmt(h, "<polygon points=\"26,2 33,6 26,10\" fill=\"%s\"/>", color);
    }
    hp_put(h, "</svg>");
}

static void swatch_box(hpage *h, const char *stroke, const char *fill, double width)
{
    hp_fmt(h,
           "<svg width=\"22\" height=\"14\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" "
           "width=\"20\" height=\"12\" rx=\"2\" fill=\"%s\" stroke=\"%s\" "
           "stroke-width=\"%.1f\"/></svg>",
           fill, stroke, width);
}

void html_legend(hpage *h, bool proposal)
{
    hp_put(h, "<div class=\"legend\">");
    if (!proposal) {
        hp_put(h, "<span>");
        swatch_box(h, "#333", "#fff", 1);
        hp_put(h, "box size = headcount</span><span>");
        swatch_line(h, "#90a4ae", 1, NULL, false);
        swatch_line(h, "#90a4ae", 4, NULL, false);
        hp_put(h, "grey link width = meeting hours per week</span><span>");
        swatch_line(h, "#1565c0", 1.5, NULL, true);
        hp_put(h, "blue arrow = liaison (labelled with the person)</span><span>");
        swatch_line(h, "#d32f2f", 1.5, "4 3", true);
        hp_put(h, "red dashed = missing link</span><span>");
        for (int s = 3; s >= 1; s--) {
            swatch_box(h, html_sev_color[s], html_sev_fill[s], s == 3 ? 3 : 2);
        }
        hp_put(h, "outline colour = worst finding severity (high, medium, low)</span>");
    } else {
        hp_put(h, "<span>");
        swatch_line(h, "#9e9e9e", 1.5, "1 3", true);
        hp_put(h, "notes</span><span>");
        swatch_line(h, "#1565c0", 1.5, NULL, true);
        hp_put(h, "liaison</span><span>");
        swatch_line(h, "#2e7d32", 3, NULL, true);
        hp_put(h, "embedded</span><span>");
        swatch_line(h, "#ef6c00", 1.5, "5 3", true);
        hp_put(h, "rotation</span><span>"
                  "<svg width=\"22\" height=\"14\" aria-hidden=\"true\"><polygon "
                  "points=\"5,1 17,1 21,7 17,13 5,13 1,7\" fill=\"#f3e5f5\" stroke=\"#6a1b9a\"/>"
                  "</svg>centralized (a liaison group)</span><span>");
        swatch_line(h, "#d32f2f", 1.5, NULL, true);
        hp_put(h, "unmet need</span><span>");
        swatch_box(h, "#c62828", "#fff", 2);
        hp_put(h, "its meeting must be restructured</span>");
    }
    hp_put(h, "</div>\n");
}

/* "units/eng.proposal.svg" -> "eng", proposal true. */
static void unit_of(const char *name, char *unit, size_t size, bool *proposal)
{
    const char *base = strncmp(name, "units/", 6) == 0 ? name + 6 : name;
    size_t l = strlen(base), ls = strlen(proposal_suffix);
    *proposal = l > ls && strcmp(base + l - ls, proposal_suffix) == 0;
    size_t stem = l - (*proposal ? ls : (l >= 4 ? 4 : 0));
    snprintf(unit, size, "%.*s", (int)stem, base);
}

/* One diagram: a heading (unit's name first, when not NULL) with the zoom
 * button, the legend, the drawing. */
static void
diagram(hpage *h, const lsn_html_diagram *d, const char *unit, const char *title, bool proposal)
{
    int id = h->diagrams + 1;
    hp_put(h, "<h3>");
    if (unit != NULL) {
        hp_esc(h, hp_unit_name(h, unit));
        hp_put(h, ": ");
    }
    hp_esc(h, title);
    hp_fmt(h,
           " <button class=\"zoom\" type=\"button\" data-for=\"dg%d\" aria-pressed=\"false\" "
           "hidden>Actual size</button></h3>\n",
           id);
    html_legend(h, proposal);
    hp_fmt(h, "<div class=\"diagram\" id=\"dg%d\">", id);
    hp_svg(h, d->svg != NULL ? d->svg : "", d->svg != NULL ? d->len : 0);
    hp_put(h, "</div>\n");
}

void html_diagrams(hpage *h, const lsn_html_diagram *d, size_t nd)
{
    hp_put(h, "<section id=\"diagrams\"><h2>Diagrams</h2>\n<p class=\"lead\">Hover a box or a "
              "line for its details (the findings of a team are in its tooltip). "
              "The drawings fit the page; <i>Actual size</i> shows them at full size, "
              "to scroll.</p>\n");
    if (nd == 0) {
        hp_put(h, "<p class=\"muted\">No diagram was drawn for this report.</p>\n");
    }
    /* With drill-downs, teams.svg and proposal.svg are overviews: units as
     * boxes, their teams' links summed. */
    bool overview = false;
    for (size_t i = 0; i < nd; i++) {
        overview = overview || (d[i].name != NULL && strncmp(d[i].name, "units/", 6) == 0);
    }
    if (overview) {
        hp_put(h, "<p class=\"minor muted\">The organization is too large for one readable "
                  "drawing: the first two are overviews, a box per unit with the hours of its "
                  "teams' links summed and the liaison links counted on each link; each unit "
                  "follows on its own, team by team.</p>\n");
    }
    bool units = false;
    char open[512] = ""; /* the unit whose <details> is open */
    for (size_t i = 0; i < nd; i++) {
        const char *name = d[i].name != NULL ? d[i].name : "";
        if (strcmp(name, "teams.svg") == 0 || strcmp(name, "proposal.svg") == 0) {
            bool proposal = name[0] == 'p';
            diagram(h, &d[i], NULL,
                    proposal ? "The proposal: one model per declared need"
                             : "Teams and how they meet",
                    proposal);
            continue;
        }
        /* A drill-down: each unit's pair in one <details>, closed (a closed
         * one costs nothing to render, and opens without a script). */
        bool proposal;
        char unit[512];
        unit_of(name, unit, sizeof(unit), &proposal);
        if (!units) {
            units = true;
            hp_put(h, "<h3>Each unit on its own</h3>\n<p class=\"minor muted\">One drawing per "
                      "unit below the top: its teams and their links, the links to the rest of "
                      "the organization gathered on the other units. Open a unit to see "
                      "it.</p>\n");
        }
        if (strcmp(open, unit) != 0) {
            if (open[0] != '\0') {
                hp_put(h, "</details>\n");
            }
            snprintf(open, sizeof(open), "%s", unit);
            hp_put(h, "<details class=\"unit\"><summary>");
            hp_unit(h, unit);
            hp_put(h, "</summary>\n");
        }
        diagram(h, &d[i], unit, proposal ? "the proposal" : "teams and how they meet", proposal);
    }
    if (open[0] != '\0') {
        hp_put(h, "</details>\n");
    }
    hp_put(h, "</section>\n");
}

/* ---------------------------------------------------------------------- */
/* The page from a report file.                                            */

int lsn_html_render_report(const json_t *report,
                           const char *html_path,
                           const char *svg_dir,
                           const lsn_dot_options *dot)
{
    char *tmp = NULL, *page = NULL;
    size_t nd = 0, len = 0;
    lsn_html_diagram *d = NULL;
    int rc = LSN_OK;
    if (svg_dir == NULL) {
        lsn_dot_options o = LSN_DOT_OPTIONS_INIT;
        if (dot != NULL) {
            o = *dot;
        }
        o.svg = true;
        o.svg_dir = NULL;
        if ((rc = lsn_html_temp_dir(&tmp)) == LSN_OK) {
            rc = lsn_dot_render(report, tmp, &o);
        }
    }
    if (rc == LSN_OK) {
        rc = lsn_html_diagrams_load(&d, &nd, svg_dir != NULL ? svg_dir : tmp);
    }
    if (rc == LSN_OK) {
        rc = lsn_html_report(&page, &len, report, d, nd);
    }
    if (rc == LSN_OK) {
        rc = html_write_file(html_path, page, len);
    }
    if (tmp != NULL) {
        lsn_html_remove_tree(tmp);
    }
    free(tmp);
    free(page);
    lsn_html_diagrams_free(d, nd);
    return rc;
}
