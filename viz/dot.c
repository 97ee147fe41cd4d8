/*
 * viz/dot.c — teams.dot and proposal.dot from report.json data (viz/dot.h):
 * the entry points and the hierarchy both diagrams draw first. Reading is
 * dot_report.c's, edges dot_teams.c's and dot_proposal.c's, cgraph and SVG
 * dot_graph.c's. It computes no figure the report does not hold.
 */
#include "viz/dot.h"

#include "viz/dot_internal.h"

#include "io/fsutil.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>

const char *const dot_sev_color[4] = {"#78909c", "#9e8600", "#e65100", "#c62828"};
const char *const dot_sev_fill[4] = {"#ffffff", "#fffbe0", "#fff1e0", "#fde7e7"};
const char *const dot_sev_name[4] = {"", "low", "medium", "high"};

/* ---------------------------------------------------------------------- */
/* Hierarchy, nodes and edges shared by both diagrams.                     */

const char *dot_display_name(const unit *u)
{
    return u->name != NULL ? u->name : u->id;
}

/* The person as shown on an edge: the roster name, else the email's local
 * part. Escaped into b. */
void dot_person_text(buf *b, const org *o, const char *email)
{
    int32_t k = email ? lsn_strmap_find(o->emails, email) : -1;
    const char *name = k >= 0 ? o->people[k].name : NULL;
    if (name != NULL && name[0] != '\0') {
        buf_text(b, name);
        return;
    }
    if (email == NULL) {
        return;
    }
    const char *at = strchr(email, '@');
    if (at == NULL || at == email) {
        buf_text(b, email);
        return;
    }
    buf clip = {0};
    buf_add(&clip, email, (size_t)(at - email));
    b->failed |= clip.failed;
    buf_text(b, buf_get(&clip));
    free(clip.p);
}

/* The graph (cluster) that holds unit u's node: its own cluster, else the
 * nearest ancestor's, else the outer graph. */
Agraph_t *dot_container(gctx *c, int32_t u)
{
    for (int32_t p = u; p >= 0; p = c->o->units[p].parent) {
        if (c->cluster[p] != NULL) {
            return c->cluster[p];
        }
    }
    return c->g;
}

static const char *const cluster_fill[] = {"#f5f8fc", "#eaf0f7", "#dfe8f2", "#d4e0ed"};

void dot_mark_tooltip(gctx *c, int32_t u)
{
    const org *o = c->o;
    bool first = true;
    size_t lo = 0, hi = o->nmarks; /* marks are sorted by unit: find its first */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o->marks[mid].unit < u) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    for (size_t i = lo; i < o->nmarks && o->marks[i].unit == u; i++) {
        const finding *f = &o->findings[o->order[o->marks[i].rank]];
        const char *why = str_or(f->json, "explanation", "");
        buf_str(&c->tip, first ? "\\n\\nfindings:" : "");
        buf_fmt(&c->tip, "\\n[%s] ", dot_sev_name[f->sev][0] ? dot_sev_name[f->sev] : "?");
        buf_text(&c->tip, f->type);
        if (why[0] != '\0') {
            buf_str(&c->tip, ": ");
            buf_text(&c->tip, why);
        }
        first = false;
    }
}

static void add_cluster(gctx *c, int32_t u, Agraph_t *parent, int depth, bool marks)
{
    const org *o = c->o;
    const unit *un = &o->units[u];
    Agraph_t *here = parent;
    /* A cluster for every unit that holds a drawn team below it (a team
     * that has teams under it gets one too, holding its own box). */
    if (c->below[u] && u != o->root) {
        buf_clear(&c->name);
        buf_str(&c->name, "cluster_");
        buf_text(&c->name, un->id);
        if (!ok(c)) {
            return;
        }
        here = agsubg(parent, buf_get(&c->name), 1);
        if (here == NULL) {
            cgraph_fail(c, "cannot add a cluster");
            return;
        }
        c->cluster[u] = here;
        buf_clear(&c->label);
        buf_text(&c->label, dot_display_name(un));
        buf_clear(&c->tip);
        buf_text(&c->tip, dot_display_name(un));
        if (strcmp(un->name, un->id) != 0) {
            buf_str(&c->tip, " (");
            buf_text(&c->tip, un->id);
            buf_str(&c->tip, ")");
        }
        if (isfinite(un->people_under)) {
            buf_fmt(&c->tip, "\\n%.0f people", un->people_under);
        }
        if (marks) {
            dot_mark_tooltip(c, u);
        }
        set(c, here, "label", buf_get(&c->label));
        set(c, here, "tooltip", buf_get(&c->tip));
        set(c, here, "style", "rounded,filled");
        set(c, here, "fillcolor", cluster_fill[depth < 4 ? depth : 3]);
        set(c, here, "labeljust", "l");
        set(c, here, "fontsize", depth == 0 ? "14" : "12");
        set(c, here, "color", "#b0bec5");
        /* Unit findings colour the unit's name only: at scale most units
         * carry one, and red frames everywhere would drown the teams'. */
        set(c, here, "fontcolor", marks && un->sev > SEV_NONE ? dot_sev_color[un->sev] : "#37474f");
        depth++;
    }
    for (size_t i = 0; i < un->nchildren && ok(c); i++) {
        add_cluster(c, un->children[i], here, depth, marks);
    }
}

/* Clusters for the hierarchy, then one box per included team, in id order. */
void dot_add_teams(gctx *c, bool marks)
{
    const org *o = c->o;
    for (size_t k = 0; k < o->nunits; k++) {
        if (!c->include[k]) {
            continue;
        }
        for (int32_t p = o->units[k].parent; p >= 0 && !c->below[p]; p = o->units[p].parent) {
            c->below[p] = true;
        }
    }
    for (size_t u = 0; u < o->nunits && ok(c); u++) {
        if (o->units[u].parent < 0) {
            add_cluster(c, (int32_t)u, c->g, 0, marks);
        }
    }
    for (size_t k = 0; k < o->nunits && ok(c); k++) {
        const unit *u = &o->units[k];
        if (!c->include[k]) {
            continue;
        }
        buf_node_name(&c->name, u->id);
        if (!ok(c)) {
            return;
        }
        Agnode_t *n = agnode(dot_container(c, (int32_t)k), buf_get(&c->name), 1);
        if (n == NULL) {
            cgraph_fail(c, "cannot add a node");
            return;
        }
        c->node[k] = n;
        double hc = u->headcount;
        double s = sqrt(isfinite(hc) && hc > 1 ? hc : 1);
        buf_clear(&c->label);
        buf_text(&c->label, dot_display_name(u));
        buf_clear(&c->tip);
        buf_text(&c->tip, dot_display_name(u));
        if (strcmp(dot_display_name(u), u->id) != 0) {
            buf_str(&c->tip, " (");
            buf_text(&c->tip, u->id);
            buf_str(&c->tip, ")");
        }
        if (isfinite(hc)) {
            buf_fmt(&c->label, "\\n%.0f %s", hc, lsn_plural((int64_t)hc, "person", "people"));
            buf_fmt(&c->tip, "\\n%.0f %s", hc, lsn_plural((int64_t)hc, "person", "people"));
        }
        if (isfinite(u->meeting_hours)) {
            buf_fmt(&c->tip, ", %.1f meeting hours per week", u->meeting_hours);
        }
        if (marks) {
            dot_mark_tooltip(c, (int32_t)k);
        }
        set(c, n, "label", buf_get(&c->label));
        set(c, n, "tooltip", buf_get(&c->tip));
        setf(c, n, "fontsize", "%.1f", fmin(9 + 1.5 * s, 24));
        setf(c, n, "width", "%.2f", 0.35 + 0.3 * s);
        setf(c, n, "height", "%.2f", 0.25 + 0.15 * s);
        if (marks && u->sev > SEV_NONE) {
            set(c, n, "color", dot_sev_color[u->sev]);
            set(c, n, "fillcolor", dot_sev_fill[u->sev]);
            set(c, n, "penwidth", u->sev == SEV_HIGH ? "3" : "2");
        }
    }
}

/* The node an edge to unit u ends on: a team's box, or for an org unit a
 * small folder node inside the unit's own cluster (or the nearest drawn
 * one). A folder, rather than an edge clipped at the cluster border
 * (lhead), because dot cannot clip an edge that runs along a rank, and
 * because an edge into the cluster that holds its tail cannot be clipped. */
Agnode_t *dot_target(gctx *c, int32_t u)
{
    const org *o = c->o;
    if (u < 0 || !ok(c)) {
        return NULL;
    }
    if (c->node[u] != NULL) {
        return c->node[u];
    }
    buf_node_name(&c->name, o->units[u].id);
    if (!ok(c)) {
        return NULL;
    }
    Agnode_t *n = agnode(dot_container(c, u), buf_get(&c->name), 1);
    if (n == NULL) {
        cgraph_fail(c, "cannot add a node");
        return NULL;
    }
    c->node[u] = n;
    buf_clear(&c->label);
    buf_text(&c->label, dot_display_name(&o->units[u]));
    buf_str(&c->label, "\\n(unit)");
    buf_clear(&c->tip);
    buf_str(&c->tip, "the org unit ");
    buf_text(&c->tip, o->units[u].id);
    if (isfinite(o->units[u].people_under)) {
        buf_fmt(&c->tip, ", %.0f people", o->units[u].people_under);
    }
    set(c, n, "label", buf_get(&c->label));
    set(c, n, "tooltip", buf_get(&c->tip));
    set(c, n, "shape", "folder");
    set(c, n, "style", "filled");
    set(c, n, "fillcolor", "#eceff1");
    set(c, n, "fontsize", "10");
    return n;
}

/* A new edge t -> h; NULL for a loop, which says nothing in these
 * diagrams (and loops with labels inside clusters upset dot 2.42). */
Agedge_t *dot_edge(gctx *c, Agnode_t *t, Agnode_t *h)
{
    if (!ok(c) || t == NULL || h == NULL || t == h) {
        return NULL;
    }
    Agedge_t *e = agedge(c->g, t, h, NULL, 1);
    if (e == NULL) {
        cgraph_fail(c, "cannot add an edge");
    }
    return e;
}

/* The pen width of an edge carrying h hours per week (see viz/dot.h). */
double dot_pen_for(double h)
{
    return fmin(0.6 + 1.6 * log2(1 + fmax(h, 0)), 8);
}

void dot_graph_style(gctx *c, const char *title, bool marks)
{
    const org *o = c->o;
    set(c, c->g, "newrank", "true");
    set(c, c->g, "rankdir", "LR");
    set(c, c->g, "nodesep", "0.25");
    set(c, c->g, "ranksep", "0.6");
    set(c, c->g, "outputorder", "edgesfirst");
    set(c, c->g, "pad", "0.3");
    set(c, c->g, "labelloc", "t");
    set(c, c->g, "labeljust", "l");
    set(c, c->g, "fontsize", "16");
    buf_clear(&c->tip);
    buf_str(&c->tip, title);
    if (o->root >= 0) {
        buf_str(&c->tip, ": ");
        buf_text(&c->tip, dot_display_name(&o->units[o->root]));
        if (marks) {
            dot_mark_tooltip(c, o->root); /* findings about the whole organization */
        }
    }
    set(c, c->g, "tooltip", buf_get(&c->tip));
}

static int render_one(const org *o, const char *dir, const char *name, const lsn_dot_options *opts)
{
    gctx c;
    char file[64];
    if (opts->progress != NULL) {
        snprintf(file, sizeof(file), "%s.dot", name);
        opts->progress(opts->progress_ud, file);
    }
    int rc = dot_gctx_open(&c, o, name);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    if (strcmp(name, "teams") == 0) {
        dot_build_teams(&c, opts);
    } else {
        dot_build_proposal(&c);
    }
    if (!ok(&c)) {
        rc = c.rc;
        goto cleanup;
    }
    snprintf(file, sizeof(file), "%s.dot", name);
    c.dot_path = lsn_fs_join(dir, file);
    snprintf(file, sizeof(file), "%s.svg", name);
    c.svg_path = lsn_fs_join(dir, file);
    if (c.dot_path == NULL || c.svg_path == NULL) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((rc = dot_write_dot(&c, c.dot_path)) != LSN_OK) {
        goto cleanup;
    }
    if (opts->svg) {
        if (opts->progress != NULL) {
            snprintf(file, sizeof(file), "%s.svg", name);
            opts->progress(opts->progress_ud, file);
        }
        rc = dot_svg_isolated(&c, c.svg_path);
    }
cleanup:
    dot_gctx_free(&c);
    return rc;
}

static int
render(const json_t *report, const char *where, const char *dir, const lsn_dot_options *opts)
{
    lsn_dot_options defaults = LSN_DOT_OPTIONS_INIT;
    org o;
    int rc;
    assert(dir != NULL);
    if (opts == NULL) {
        opts = &defaults;
    }
    if (!(opts->min_edge_hours >= 0) || !isfinite(opts->min_edge_hours)) {
        return lsn_error_set(LSN_EINVAL, "min_edge_hours must be a number >= 0");
    }
    /* cgraph prints its errors to stderr unless told to keep them. */
    agerrlevel_t level = agseterr(AGMAX);
    if ((rc = dot_org_load(&o, report, where)) != LSN_OK) {
        goto cleanup;
    }
    if ((rc = render_one(&o, dir, "teams", opts)) != LSN_OK ||
        (rc = render_one(&o, dir, "proposal", opts)) != LSN_OK) {
        goto cleanup;
    }
cleanup:
    agseterr(level);
    dot_org_free(&o);
    return rc;
}

int lsn_dot_render(const json_t *report, const char *dir, const lsn_dot_options *opts)
{
    return render(report, "report", dir, opts);
}

static size_t read_report(void *buffer, size_t size, void *in)
{
    size_t n = fread(buffer, 1, size, in);
    return n == 0 && ferror((FILE *)in) ? (size_t)-1 : n;
}

int lsn_dot_render_file_prepared(const char *report_path,
                                 const char *dir,
                                 const lsn_dot_options *opts,
                                 lsn_dot_prepare_fn prepare,
                                 void *ud)
{
    json_error_t err;
    assert(report_path != NULL);
    /* jansson reads a FILE one getc() at a time; a callback hands it whole
     * buffers (a few percent of a 20,000-person analyze). Same tree, same
     * error lines; an unopenable file keeps jansson's own message. */
    FILE *in = fopen(report_path, "rb");
    json_t *report = in != NULL ? json_load_callback(read_report, in, 0, &err) : NULL;
    bool unread = in == NULL || ferror(in);
    if (in != NULL) {
        fclose(in);
    }
    if (unread) { /* a folder, an unreadable file: jansson's own message */
        json_decref(report);
        report = json_load_file(report_path, 0, &err);
    }
    if (report == NULL) {
        if (json_error_code(&err) == json_error_cannot_open_file) {
            return lsn_error_set(LSN_EIO, "%s: cannot read: %s", report_path, err.text);
        }
        return lsn_error_set(LSN_EPARSE, "%s:%d: %s", report_path, err.line, err.text);
    }
    int rc = prepare != NULL ? prepare(report, ud) : LSN_OK;
    if (rc == LSN_OK) {
        rc = render(report, report_path, dir, opts);
    }
    json_decref(report);
    return rc;
}

int lsn_dot_render_file(const char *report_path, const char *dir, const lsn_dot_options *opts)
{
    return lsn_dot_render_file_prepared(report_path, dir, opts, NULL, NULL);
}
