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

void dot_wrap_text(lsn_text *b, const char *s, size_t width)
{
    size_t line = 0; /* characters on the current line */
    const char *p = s;
    while (*p != '\0') {
        while (*p == ' ') {
            p++;
        }
        const char *end = p;
        size_t chars = 0;
        while (*end != '\0' && *end != ' ') {
            chars += ((unsigned char)*end & 0xc0) != 0x80; /* UTF-8: count lead bytes */
            end++;
        }
        if (end == p) {
            break;
        }
        if (line > 0 && line + 1 + chars > width) {
            lsn_text_puts(b, "\\n");
            line = 0;
        } else if (line > 0) {
            lsn_text_puts(b, " ");
            line++;
        }
        lsn_text word = {0};
        lsn_text_put(&word, p, (size_t)(end - p));
        b->failed |= word.failed;
        dot_put_text(b, dot_str(&word));
        free(word.p);
        line += chars;
        p = end;
    }
}

void dot_name_text(gctx *c, lsn_text *b, const unit *u)
{
    if (c->wrap) {
        dot_wrap_text(b, dot_display_name(u), DOT_WRAP);
    } else {
        dot_put_text(b, dot_display_name(u));
    }
}

/* The person as shown on an edge: the roster name, else the email's local
 * part. Escaped into b. */
void dot_person_text(lsn_text *b, const org *o, const char *email)
{
    int32_t k = email ? lsn_strmap_find(o->emails, email) : -1;
    const char *name = k >= 0 ? o->people[k].name : NULL;
    if (name != NULL && name[0] != '\0') {
        dot_put_text(b, name);
        return;
    }
    if (email == NULL) {
        return;
    }
    const char *at = strchr(email, '@');
    if (at == NULL || at == email) {
        dot_put_text(b, email);
        return;
    }
    lsn_text clip = {0};
    lsn_text_put(&clip, email, (size_t)(at - email));
    b->failed |= clip.failed;
    dot_put_text(b, dot_str(&clip));
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
        lsn_text_puts(&c->tip, first ? "\\n\\nfindings:" : "");
        lsn_text_printf(&c->tip, "\\n[%s] ", dot_sev_name[f->sev][0] ? dot_sev_name[f->sev] : "?");
        dot_put_text(&c->tip, f->type);
        if (why[0] != '\0') {
            lsn_text_puts(&c->tip, ": ");
            dot_put_text(&c->tip, why);
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
        lsn_text_clear(&c->name);
        lsn_text_puts(&c->name, "cluster_");
        dot_put_text(&c->name, un->id);
        if (!ok(c)) {
            return;
        }
        here = agsubg(parent, dot_str(&c->name), 1);
        if (here == NULL) {
            cgraph_fail(c, "cannot add a cluster");
            return;
        }
        c->cluster[u] = here;
        lsn_text_clear(&c->label);
        dot_name_text(c, &c->label, un);
        lsn_text_clear(&c->tip);
        dot_put_text(&c->tip, dot_display_name(un));
        if (strcmp(un->name, un->id) != 0) {
            lsn_text_puts(&c->tip, " (");
            dot_put_text(&c->tip, un->id);
            lsn_text_puts(&c->tip, ")");
        }
        if (isfinite(un->people_under)) {
            lsn_text_printf(&c->tip, "\\n%.0f people", un->people_under);
        }
        if (marks) {
            dot_mark_tooltip(c, u);
        }
        set(c, here, "label", dot_str(&c->label));
        set(c, here, "tooltip", dot_str(&c->tip));
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
    /* Only where a drawn team lies below: nothing else gets a cluster. */
    for (size_t i = 0; i < un->nchildren && ok(c); i++) {
        if (c->below[un->children[i]]) {
            add_cluster(c, un->children[i], here, depth, marks);
        }
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
        if (o->units[u].parent < 0 && c->below[u]) {
            add_cluster(c, (int32_t)u, c->g, 0, marks);
        }
    }
    for (size_t k = 0; k < o->nunits && ok(c); k++) {
        const unit *u = &o->units[k];
        if (!c->include[k]) {
            continue;
        }
        dot_node_name(&c->name, u->id);
        if (!ok(c)) {
            return;
        }
        Agnode_t *n = agnode(dot_container(c, (int32_t)k), dot_str(&c->name), 1);
        if (n == NULL) {
            cgraph_fail(c, "cannot add a node");
            return;
        }
        c->node[k] = n;
        double hc = u->headcount;
        double s = sqrt(isfinite(hc) && hc > 1 ? hc : 1);
        lsn_text_clear(&c->label);
        dot_name_text(c, &c->label, u);
        lsn_text_clear(&c->tip);
        dot_put_text(&c->tip, dot_display_name(u));
        if (strcmp(dot_display_name(u), u->id) != 0) {
            lsn_text_puts(&c->tip, " (");
            dot_put_text(&c->tip, u->id);
            lsn_text_puts(&c->tip, ")");
        }
        if (isfinite(hc)) {
            lsn_text_printf(&c->label, "\\n%.0f %s", hc,
                            lsn_plural((int64_t)hc, "person", "people"));
            lsn_text_printf(&c->tip, "\\n%.0f %s", hc, lsn_plural((int64_t)hc, "person", "people"));
        }
        if (isfinite(u->meeting_hours)) {
            lsn_text_printf(&c->tip, ", %.1f meeting hours per week", u->meeting_hours);
        }
        if (marks) {
            dot_mark_tooltip(c, (int32_t)k);
        }
        set(c, n, "label", dot_str(&c->label));
        set(c, n, "tooltip", dot_str(&c->tip));
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
    if (c->outside != NULL && c->outside[u] >= 0) {
        u = c->outside[u]; /* a view: the unit drawn for everything outside it */
    }
    if (c->node[u] != NULL) {
        return c->node[u];
    }
    dot_node_name(&c->name, o->units[u].id);
    if (!ok(c)) {
        return NULL;
    }
    Agnode_t *n = agnode(dot_container(c, u), dot_str(&c->name), 1);
    if (n == NULL) {
        cgraph_fail(c, "cannot add a node");
        return NULL;
    }
    c->node[u] = n;
    lsn_text_clear(&c->label);
    dot_name_text(c, &c->label, &o->units[u]);
    lsn_text_puts(&c->label, "\\n(unit)");
    lsn_text_clear(&c->tip);
    lsn_text_puts(&c->tip, "the org unit ");
    dot_put_text(&c->tip, o->units[u].id);
    if (isfinite(o->units[u].people_under)) {
        lsn_text_printf(&c->tip, ", %.0f people", o->units[u].people_under);
    }
    set(c, n, "label", dot_str(&c->label));
    set(c, n, "tooltip", dot_str(&c->tip));
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
    lsn_text_clear(&c->tip);
    lsn_text_puts(&c->tip, title);
    if (o->root >= 0) {
        lsn_text_puts(&c->tip, ": ");
        dot_put_text(&c->tip, dot_display_name(&o->units[o->root]));
        if (marks) {
            dot_mark_tooltip(c, o->root); /* findings about the whole organization */
        }
    }
    set(c, c->g, "tooltip", dot_str(&c->tip));
}

int dot_render_one(
    const org *o, const char *dir, const dot_view *v, const lsn_dot_options *opts, dot_layout *l)
{
    gctx c;
    lsn_text file = {0};
    int rc = dot_gctx_open(&c, o, v->proposal ? "proposal" : "teams");
    if (opts->progress != NULL) {
        lsn_text_puts(&file, v->base);
        lsn_text_puts(&file, ".dot");
        opts->progress(opts->progress_ud, dot_str(&file));
    }
    if (rc != LSN_OK) {
        goto cleanup;
    }
    if (v->mode != DOT_FULL) {
        c.wrap = true;
        if ((rc = dot_view_scope(&c, v->scope, v->mode == DOT_OVERVIEW ? 2 : 0)) != LSN_OK) {
            goto cleanup;
        }
    }
    if (v->mode == DOT_OVERVIEW) {
        dot_build_overview(&c, opts, v->proposal);
    } else if (v->proposal) {
        dot_build_proposal(&c);
    } else {
        dot_build_teams(&c, opts);
    }
    if (!ok(&c)) {
        rc = c.rc;
        goto cleanup;
    }
    lsn_text_clear(&file);
    lsn_text_puts(&file, v->base);
    lsn_text_puts(&file, ".dot");
    c.dot_path = file.failed ? NULL : lsn_fs_join(dir, dot_str(&file));
    lsn_text_clear(&file);
    lsn_text_puts(&file, v->base);
    lsn_text_puts(&file, ".svg");
    c.svg_path = file.failed
                     ? NULL
                     : lsn_fs_join(opts->svg_dir != NULL ? opts->svg_dir : dir, dot_str(&file));
    if (c.dot_path == NULL || c.svg_path == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    if ((rc = dot_write_dot(&c, c.dot_path)) != LSN_OK) {
        goto cleanup;
    }
    if (l != NULL) {
        if (opts->progress != NULL) {
            opts->progress(opts->progress_ud, dot_str(&file));
        }
        rc = dot_layout_submit(l, c.dot_path, c.svg_path);
    }
cleanup:
    free(file.p);
    dot_gctx_free(&c);
    return rc;
}

/* Diagrams of several reports whose layouts share one set of processes. */
struct lsn_dot_batch {
    lsn_dot_options opts; /* with the environment's layout limit */
    dot_layout *layout;   /* NULL without svg */
};

int lsn_dot_batch_open(lsn_dot_batch **out, const lsn_dot_options *opts)
{
    lsn_dot_options defaults = LSN_DOT_OPTIONS_INIT;
    *out = NULL;
    if (opts == NULL) {
        opts = &defaults;
    }
    if (!(opts->min_edge_hours >= 0) || !isfinite(opts->min_edge_hours)) {
        return lsn_error_set(LSN_EINVAL, "min_edge_hours must be a number >= 0");
    }
    lsn_dot_options local = *opts;
    const char *limit = getenv("LIAISON_LAYOUT_TIMEOUT");
    if (limit != NULL && limit[0] != '\0') {
        char *end = NULL;
        double secs = strtod(limit, &end);
        if (end == limit || *end != '\0' || !(secs >= 0) || !isfinite(secs)) {
            return lsn_error_set(
                LSN_EINVAL, "LIAISON_LAYOUT_TIMEOUT: '%s' is not a number of seconds >= 0", limit);
        }
        local.layout_seconds = secs;
    }
    lsn_dot_batch *b = calloc(1, sizeof(*b));
    if (b == NULL) {
        return lsn_oom();
    }
    b->opts = local;
    int rc =
        local.svg ? dot_layout_open(&b->layout, local.layout_jobs, local.layout_seconds) : LSN_OK;
    if (rc != LSN_OK) {
        free(b);
        return rc;
    }
    *out = b;
    return LSN_OK;
}

int lsn_dot_batch_render(lsn_dot_batch *b, const json_t *report, const char *where, const char *dir)
{
    org o;
    assert(dir != NULL);
    /* cgraph prints its errors to stderr unless told to keep them. */
    agerrlevel_t level = agseterr(AGMAX);
    int rc = dot_org_load(&o, report, where);
    if (rc == LSN_OK) {
        rc = dot_render_views(&o, dir, &b->opts, b->layout);
    }
    agseterr(level);
    dot_org_free(&o);
    return rc;
}

int lsn_dot_batch_close(lsn_dot_batch *b)
{
    if (b == NULL) {
        return LSN_OK;
    }
    int rc = dot_layout_close(b->layout); /* waits for every layout handed over */
    free(b);
    return rc;
}

static int
render(const json_t *report, const char *where, const char *dir, const lsn_dot_options *opts)
{
    lsn_dot_batch *b = NULL;
    int rc = lsn_dot_batch_open(&b, opts);
    if (rc == LSN_OK) {
        rc = lsn_dot_batch_render(b, report, where, dir);
    }
    int lrc = lsn_dot_batch_close(b);
    return rc != LSN_OK ? rc : lrc;
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

int lsn_dot_load_report(json_t **out, const char *report_path, lsn_dot_prepare_fn prepare, void *ud)
{
    json_error_t err;
    assert(report_path != NULL);
    *out = NULL;
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
    if (rc != LSN_OK) {
        json_decref(report);
        return rc;
    }
    *out = report;
    return LSN_OK;
}

int lsn_dot_render_named(const json_t *report,
                         const char *where,
                         const char *dir,
                         const lsn_dot_options *opts)
{
    return render(report, where, dir, opts);
}

int lsn_dot_render_file(const char *report_path, const char *dir, const lsn_dot_options *opts)
{
    json_t *report = NULL;
    int rc = lsn_dot_load_report(&report, report_path, NULL, NULL);
    if (rc == LSN_OK) {
        rc = render(report, report_path, dir, opts);
    }
    json_decref(report);
    return rc;
}
