/*
 * viz/dot_overview.c — the diagrams of a large organization (viz/dot.h,
 * "Views"): which files are drawn, the scope of a view, the overview of a
 * unit (its sub-units as nodes, links summed per pair) and the summed links
 * of a drill-down to the units outside it. The sums are analysis/rollup's;
 * this file only decides what is drawn and how.
 */
/* mmap()'s MAP_ANONYMOUS (glibc gives it with _DEFAULT_SOURCE). */
#define _DEFAULT_SOURCE

#include "viz/dot_internal.h"

#include "analysis/finding_types.h"
#include "analysis/rollup.h"

#include "io/child.h"
#include "io/cpus.h"
#include "io/error.h"
#include "io/fsutil.h"
#include "io/sort.h"

#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Item kinds of the rollups. */
enum { K_LINK, K_LIAISON, K_MISSING };
enum { K_NOTES, K_LIAISON_NEED, K_EMBEDDED, K_ROTATION, K_CENTRALIZED, K_OTHER, K_UNMET, K_KEPT };

static const char *const model_word[] = {"notes",    "liaison",     "embedded",
                                         "rotation", "centralized", "other"};
static const char *const model_color[] = {COLOR_NOTES,    COLOR_LIAISON, COLOR_EMBEDDED,
                                          COLOR_ROTATION, COLOR_GROUP,   COLOR_LINK};
static const char *const model_style[] = {"dotted", "solid", "bold", "dashed", "solid", "solid"};

void dot_views_index_free(org *o)
{
    free(o->pre);
    free(o->first);
    free(o->last);
    free(o->depth);
    free(o->items);
    free(o->touch_at);
    free(o->touch);
    free(o->rs_at);
    free(o->rs);
    o->pre = o->first = o->last = o->depth = o->touch = o->rs = NULL;
    o->items = NULL;
    o->touch_at = o->rs_at = NULL;
    o->nitems = 0;
}

/* The hierarchy in preorder: roots by index, children in their (sorted)
 * order, so that the units under u are one run of o->pre. */
static int preorder(org *o, int32_t *stack)
{
    size_t n = o->nunits, k = 0, sp = 0;
    for (size_t r = 0; r < n; r++) {
        if (o->units[r].parent >= 0) {
            continue;
        }
        stack[sp++] = (int32_t)r;
        while (sp > 0) {
            int32_t u = stack[--sp];
            const unit *un = &o->units[u];
            o->first[u] = (int32_t)k;
            o->pre[k++] = u;
            o->depth[u] = un->parent < 0 ? 0 : o->depth[un->parent] + 1;
            o->last[u] = 0;
            for (size_t i = un->nchildren; i-- > 0;) {
                stack[sp++] = un->children[i];
            }
        }
    }
    /* Sizes from the leaves up, then each run's end. */
    for (size_t i = k; i-- > 0;) {
        int32_t u = o->pre[i], p = o->units[u].parent;
        o->last[u] += 1;
        if (p >= 0) {
            o->last[p] += o->last[u];
        }
    }
    for (size_t u = 0; u < n; u++) {
        o->last[u] += o->first[u];
    }
    return k == n ? LSN_OK
                  : lsn_error_set(LSN_EINTERNAL, "%s: units outside the hierarchy", o->where);
}

int dot_views_index_build(org *o)
{
    size_t n = o->nunits ? o->nunits : 1;
    int32_t *stack = malloc(n * sizeof(*stack));
    o->pre = malloc(n * sizeof(*o->pre));
    o->first = malloc(n * sizeof(*o->first));
    o->last = malloc(n * sizeof(*o->last));
    o->depth = malloc(n * sizeof(*o->depth));
    o->touch_at = calloc(o->nunits + 1, sizeof(*o->touch_at));
    o->items = malloc((o->nlinks + o->nliaisons + o->nfindings + 1) * sizeof(*o->items));
    if (stack == NULL || o->pre == NULL || o->first == NULL || o->last == NULL ||
        o->depth == NULL || o->touch_at == NULL || o->items == NULL) {
        free(stack);
        return lsn_oom();
    }
    int rc = preorder(o, stack);
    free(stack);
    if (rc != LSN_OK) {
        return rc;
    }
    /* The team links, liaisons and missing links as rollup items (kinds
     * K_LINK, K_LIAISON, K_MISSING). Liaison and missing items carry no
     * hours: their hours are in the team links already. */
    lsn_rollup_item *it = o->items;
    size_t m = 0;
    for (size_t i = 0; i < o->nlinks; i++) {
        it[m++] = (lsn_rollup_item){o->links[i].a, o->links[i].b, K_LINK, o->links[i].hours};
    }
    for (size_t i = 0; i < o->nliaisons; i++) {
        it[m++] = (lsn_rollup_item){o->liaisons[i].home, o->liaisons[i].to, K_LIAISON, 0};
    }
    for (size_t i = 0; i < o->nfindings; i++) {
        int32_t t, fr;
        if (dot_missing_link(o, i, &t, &fr)) {
            it[m++] = (lsn_rollup_item){t, fr, K_MISSING, 0};
        }
    }
    o->nitems = m;
    /* The items touching each unit, ascending: counted, then placed. */
    for (size_t i = 0; i < m; i++) {
        if (it[i].a >= 0) {
            o->touch_at[it[i].a + 1]++;
        }
        if (it[i].b >= 0 && it[i].b != it[i].a) {
            o->touch_at[it[i].b + 1]++;
        }
    }
    for (size_t u = 0; u < o->nunits; u++) {
        o->touch_at[u + 1] += o->touch_at[u];
    }
    size_t *at = malloc(n * sizeof(*at));
    o->touch = malloc((o->touch_at[o->nunits] + 1) * sizeof(*o->touch));
    if (at == NULL || o->touch == NULL) {
        free(at);
        return lsn_oom();
    }
    memcpy(at, o->touch_at, o->nunits * sizeof(*at));
    for (size_t i = 0; i < m; i++) {
        if (it[i].a >= 0) {
            o->touch[at[it[i].a]++] = (int32_t)i;
        }
        if (it[i].b >= 0 && it[i].b != it[i].a) {
            o->touch[at[it[i].b]++] = (int32_t)i;
        }
    }
    free(at);
    return dot_restructure_index_build(o);
}

/* Whether k lies strictly under u (u >= 0). */
static bool under(const org *o, int32_t u, int32_t k)
{
    return o->first[u] < o->first[k] && o->first[k] < o->last[u];
}

/* The groups of a view, as lsn_rollup_groups(g, parents, nunits, scope,
 * levels) gives them, in one walk down the preorder instead of a climb per
 * unit: a unit under scope its ancestor `levels` below it (itself when
 * levels is 0 or it is no deeper), scope and its ancestors -1, any other
 * unit its topmost ancestor whose parent is not one of those. */
void dot_view_groups(const org *o, int32_t scope, int levels, int32_t *g)
{
    int32_t top = scope >= 0 ? o->depth[scope] : -1;
    for (size_t i = 0; i < o->nunits; i++) {
        int32_t k = o->pre[i], p = o->units[k].parent;
        if (scope < 0 || under(o, scope, k)) {
            g[k] = levels > 0 && o->depth[k] - top > levels ? g[p] : k;
        } else if (k == scope || under(o, k, scope)) {
            g[k] = -1;
        } else {
            g[k] = p < 0 || g[p] < 0 ? k : g[p];
        }
    }
}

int dot_view_scope(gctx *c, int32_t scope, int levels)
{
    const org *o = c->o;
    size_t n = o->nunits ? o->nunits : 1;
    c->scope = scope;
    c->inside = calloc(n, sizeof(*c->inside));
    c->outside = malloc(n * sizeof(*c->outside));
    if (c->inside == NULL || c->outside == NULL) {
        return c->rc = lsn_oom();
    }
    dot_view_groups(o, scope, levels, c->outside);
    if (scope < 0) {
        for (size_t k = 0; k < o->nunits; k++) {
            c->inside[k] = true;
            c->outside[k] = -1;
        }
        c->vitems = malloc((o->nitems ? o->nitems : 1) * sizeof(*c->vitems));
        if (c->vitems == NULL) {
            return c->rc = lsn_oom();
        }
        for (size_t i = 0; i < o->nitems; i++) {
            c->vitems[c->nvitems++] = (int32_t)i;
        }
        return LSN_OK;
    }
    /* The units under scope are one run of the preorder; the items with
     * an end among them are theirs, once each, ascending. */
    size_t lo = (size_t)o->first[scope] + 1, hi = (size_t)o->last[scope], m = 0;
    for (size_t i = lo; i < hi; i++) {
        int32_t k = o->pre[i];
        c->inside[k] = true;
        c->outside[k] = -1;
        m += o->touch_at[k + 1] - o->touch_at[k];
    }
    c->vitems = malloc((m ? m : 1) * sizeof(*c->vitems));
    if (c->vitems == NULL) {
        return c->rc = lsn_oom();
    }
    for (size_t i = lo; i < hi; i++) {
        int32_t k = o->pre[i];
        for (size_t j = o->touch_at[k]; j < o->touch_at[k + 1]; j++) {
            c->vitems[c->nvitems++] = o->touch[j];
        }
    }
    lsn_sort_i32(c->vitems, c->nvitems);
    m = 0;
    for (size_t i = 0; i < c->nvitems; i++) {
        if (m == 0 || c->vitems[m - 1] != c->vitems[i]) {
            c->vitems[m++] = c->vitems[i];
        }
    }
    c->nvitems = m;
    return LSN_OK;
}

/* One edge between two ends with the common look of a summed link. */
static Agedge_t *sum_edge(gctx *c, int32_t a, int32_t b)
{
    Agedge_t *e = dot_edge(c, dot_target(c, a), dot_target(c, b));
    return e;
}

static void name_and_id(lsn_text *b, const unit *u)
{
    dot_put_text(b, dot_display_name(u));
    if (strcmp(dot_display_name(u), u->id) != 0) {
        lsn_text_puts(b, " (");
        dot_put_text(b, u->id);
        lsn_text_puts(b, ")");
    }
}

/* The look and tooltip of a summed link between a and b: grey by hours,
 * blue when liaisons run along it, red dashed when a declared need lacks
 * contact; labelled with the counts. Weak plain links (under min_hours) are
 * left out. */
static void link_edge(gctx *c, const lsn_rollup_pair *p, double hours, double min_hours)
{
    const org *o = c->o;
    uint32_t nl = p->count[K_LIAISON], nm = p->count[K_MISSING];
    if ((hours < min_hours || p->count[K_LINK] == 0) && nl == 0 && nm == 0) {
        return;
    }
    Agedge_t *e = sum_edge(c, p->a, p->b);
    if (e == NULL) {
        return;
    }
    lsn_text_clear(&c->tip);
    name_and_id(&c->tip, &o->units[p->a]);
    lsn_text_puts(&c->tip, " - ");
    name_and_id(&c->tip, &o->units[p->b]);
    lsn_text_printf(&c->tip, ": %.2f meeting hours per week over %u team %s", hours, p->count[K_LINK],
            lsn_plural(p->count[K_LINK], "link", "links"));
    lsn_text_clear(&c->label);
    /* A single liaison or a single missing link is said by the line's
     * colour (and its tooltip): at scale most cross lines carry one, and
     * as many "1 liaison" labels would bury the ones that count. */
    bool single = nl + nm == 1;
    if (nl > 0) {
        lsn_text_printf(&c->tip, "; %u liaison %s", nl, lsn_plural(nl, "link", "links"));
        if (!single) {
            lsn_text_printf(&c->label, "%u %s", nl, lsn_plural(nl, "liaison", "liaisons"));
        }
    }
    if (nm > 0) {
        lsn_text_printf(&c->tip, "; %u missing %s (declared needs with too little contact)", nm,
                lsn_plural(nm, "link", "links"));
        if (!single) {
            lsn_text_printf(&c->label, "%s%u missing", nl > 0 ? "\\n" : "", nm);
        }
    }
    const char *color = nm > 0 ? COLOR_MISSING : nl > 0 ? COLOR_LIAISON : COLOR_LINK;
    set(c, e, "dir", "none");
    set(c, e, "color", color);
    setf(c, e, "penwidth", "%.2f", dot_pen_for(hours));
    setf(c, e, "weight", "%d", 1 + (int)fmin(round(hours), 20));
    set(c, e, "tooltip", dot_str(&c->tip));
    if (nm > 0) {
        set(c, e, "style", "dashed");
    }
    if (c->label.len > 0) {
        set(c, e, "label", dot_str(&c->label));
        set(c, e, "fontcolor", color);
    }
}

/* The view's items (c->vitems) as rollup items; filter: only those with
 * exactly one end inside (the links that cross the border). */
static lsn_rollup_item *team_items(gctx *c, size_t *n, bool crossing)
{
    const org *o = c->o;
    lsn_rollup_item *it = malloc((c->nvitems + 1) * sizeof(*it));
    *n = 0;
    if (it == NULL) {
        c->rc = lsn_oom();
        return NULL;
    }
    for (size_t i = 0; i < c->nvitems; i++) {
        const lsn_rollup_item *x = &o->items[c->vitems[i]];
        if (!crossing || (x->a >= 0 && x->b >= 0 && c->inside[x->a] != c->inside[x->b])) {
            it[(*n)++] = *x;
        }
    }
    return it;
}

/* Hours of the team links alone (the pair's hours include nothing else,
 * since only K_LINK items carry hours). */
static double link_hours(const lsn_rollup_pair *p)
{
    return p->count[K_LINK] > 0 ? p->hours : 0;
}

void dot_cross_links(gctx *c, const lsn_dot_options *opts)
{
    const org *o = c->o;
    size_t n = 0, np = 0;
    lsn_rollup_pair *pairs = NULL;
    /* Inside pairs are drawn as in teams.dot: only the links, liaisons and
     * missing links that cross the border are summed here, so only those
     * are rolled up (a drill-down costs its own links, not the whole
     * organization's sorted once per unit). */
    lsn_rollup_item *items = team_items(c, &n, true);
    int32_t *g = malloc((o->nunits ? o->nunits : 1) * sizeof(*g));
    if (items == NULL || g == NULL) {
        c->rc = c->rc != LSN_OK ? c->rc : lsn_oom();
        goto cleanup;
    }
    for (size_t k = 0; k < o->nunits; k++) {
        g[k] = c->inside[k] ? (int32_t)k : c->outside[k];
    }
    if ((c->rc = lsn_rollup_pairs(&pairs, &np, items, n, g, 0)) != LSN_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < np && ok(c); i++) {
        if (c->inside[pairs[i].a] == c->inside[pairs[i].b]) {
            continue;
        }
        link_edge(c, &pairs[i], link_hours(&pairs[i]), opts->min_edge_hours);
    }
cleanup:
    free(pairs);
    free(items);
    free(g);
}

/* ---------------------------------------------------------------------- */
/* Overview of a unit.                                                     */

typedef struct gstat {
    bool used;
    bool cluster;
    double teams, people;
    int sev;
    uint32_t inner; /* needs (proposal) within the group */
} gstat;

static void overview_cluster(gctx *c, int32_t u, bool marks)
{
    const org *o = c->o;
    const unit *un = &o->units[u];
    lsn_text_clear(&c->name);
    lsn_text_puts(&c->name, "cluster_");
    dot_put_text(&c->name, un->id);
    if (!ok(c)) {
        return;
    }
    Agraph_t *sg = agsubg(c->g, dot_str(&c->name), 1);
    if (sg == NULL) {
        cgraph_fail(c, "cannot add a cluster");
        return;
    }
    c->cluster[u] = sg;
    lsn_text_clear(&c->label);
    dot_name_text(c, &c->label, un);
    lsn_text_clear(&c->tip);
    name_and_id(&c->tip, un);
    if (isfinite(un->people_under)) {
        lsn_text_printf(&c->tip, "\\n%.0f people", un->people_under);
    }
    if (marks) {
        dot_mark_tooltip(c, u);
    }
    set(c, sg, "label", dot_str(&c->label));
    set(c, sg, "tooltip", dot_str(&c->tip));
    static const dot_attr cluster[] = {
        {"style", "rounded,filled"}, {"fillcolor", "#eaf0f7"}, {"labeljust", "l"},
        {"fontsize", "14"},          {"color", "#b0bec5"},     {"margin", "12"},
    };
    set_all(c, sg, cluster, sizeof(cluster) / sizeof(*cluster));
    set(c, sg, "fontcolor", marks && un->sev > SEV_NONE ? dot_sev_color[un->sev] : "#37474f");
}

static void overview_node(gctx *c, int32_t g, const gstat *st, bool marks)
{
    const org *o = c->o;
    const unit *u = &o->units[g];
    Agraph_t *in = c->cluster[g] != NULL                             ? c->cluster[g]
                   : u->parent >= 0 && c->cluster[u->parent] != NULL ? c->cluster[u->parent]
                                                                     : c->g;
    dot_node_name(&c->name, u->id);
    if (!ok(c)) {
        return;
    }
    Agnode_t *n = agnode(in, dot_str(&c->name), 1);
    if (n == NULL) {
        cgraph_fail(c, "cannot add a node");
        return;
    }
    c->node[g] = n;
    lsn_text_clear(&c->label);
    dot_name_text(c, &c->label, u);
    lsn_text_clear(&c->tip);
    name_and_id(&c->tip, u);
    bool team = u->is_team && st->teams <= 1;
    if (team) {
        lsn_text_printf(&c->label, "\\n%.0f %s", st->people,
                lsn_plural((int64_t)st->people, "person", "people"));
        lsn_text_printf(&c->tip, "\\nteam, %.0f %s", st->people,
                lsn_plural((int64_t)st->people, "person", "people"));
    } else {
        lsn_text_printf(&c->label, "\\n%.0f %s, %.0f %s", st->teams,
                lsn_plural((int64_t)st->teams, "team", "teams"), st->people,
                lsn_plural((int64_t)st->people, "person", "people"));
        lsn_text_printf(&c->tip, "\\n%.0f %s, %.0f %s", st->teams,
                lsn_plural((int64_t)st->teams, "team", "teams"), st->people,
                lsn_plural((int64_t)st->people, "person", "people"));
    }
    if (st->inner > 0) {
        lsn_text_printf(&c->tip, "\\n%u %s within it", st->inner, lsn_plural(st->inner, "need", "needs"));
    }
    if (marks) {
        if (st->sev > SEV_NONE) {
            lsn_text_printf(&c->tip, "\\nworst finding in it: %s", dot_sev_name[st->sev]);
        }
        dot_mark_tooltip(c, g);
    }
    double s = sqrt(st->people > 1 ? st->people : 1);
    set(c, n, "label", dot_str(&c->label));
    set(c, n, "tooltip", dot_str(&c->tip));
    setf(c, n, "fontsize", "%.1f", fmin(10 + 0.5 * s, 18));
    if (!team) {
        set(c, n, "shape", "box3d");
    }
    if (marks && st->sev > SEV_NONE) {
        set(c, n, "color", dot_sev_color[st->sev]);
        set(c, n, "fillcolor", dot_sev_fill[st->sev]);
        set(c, n, "penwidth", st->sev == SEV_HIGH ? "3" : "2");
    }
}

static int model_of(const char *m)
{
    for (int k = 0; k < K_OTHER; k++) {
        if (strcmp(m, model_word[k]) == 0) {
            return k;
        }
    }
    return K_OTHER;
}

static void need_pair_edge(gctx *c, const lsn_rollup_pair *p)
{
    const org *o = c->o;
    Agedge_t *e = sum_edge(c, p->a, p->b);
    if (e == NULL) {
        return;
    }
    int top = K_NOTES;
    uint32_t total = 0;
    lsn_text_clear(&c->label);
    for (int k = 0; k <= K_OTHER; k++) {
        total += p->count[k];
        if (p->count[k] > p->count[top]) {
            top = k;
        }
    }
    for (int k = 0; k <= K_OTHER; k++) {
        if (p->count[k] > 0) {
            lsn_text_printf(&c->label, "%s%u %s", c->label.len > 0 ? ", " : "", p->count[k], model_word[k]);
        }
    }
    if (p->count[K_UNMET] > 0) {
        lsn_text_printf(&c->label, ", %u unmet", p->count[K_UNMET]);
    }
    lsn_text_clear(&c->tip);
    lsn_text_printf(&c->tip, "%u %s of ", total, lsn_plural(total, "need", "needs"));
    name_and_id(&c->tip, &o->units[p->a]);
    lsn_text_puts(&c->tip, " from ");
    name_and_id(&c->tip, &o->units[p->b]);
    lsn_text_printf(&c->tip, ": %s", dot_str(&c->label));
    if (p->count[K_KEPT] > 0) {
        lsn_text_printf(&c->tip, "; %u kept as they are", p->count[K_KEPT]);
    }
    lsn_text_printf(&c->tip, "; %.2f hours per week of context", p->hours);
    const char *color = p->count[K_UNMET] > 0 ? COLOR_MISSING : model_color[top];
    set(c, e, "label", dot_str(&c->label));
    set(c, e, "tooltip", dot_str(&c->tip));
    set(c, e, "color", color);
    set(c, e, "fontcolor", color);
    set(c, e, "style", model_style[top]);
    setf(c, e, "penwidth", "%.2f", fmin(1 + log2(total), 6));
}

/* Summed links are many and strong: an overview draws a plain one from
 * LSN_DOT_OVERVIEW_MIN_HOURS up (or the caller's threshold when higher). */
static double overview_min_hours(const lsn_dot_options *opts)
{
    return fmax(opts->min_edge_hours, LSN_DOT_OVERVIEW_MIN_HOURS);
}

static void overview_legend(gctx *c, const lsn_dot_options *opts, bool proposal)
{
    const org *o = c->o;
    int32_t top = c->scope;
    lsn_text_clear(&c->label);
    lsn_text_puts(&c->label, proposal ? "Proposed coordination" : "Teams");
    if (top >= 0) {
        lsn_text_puts(&c->label, proposal ? " for " : " of ");
        dot_put_text(&c->label, dot_display_name(&o->units[top]));
    }
    lsn_text_printf(&c->label,
            ": overview (one drill-down per unit in units/, with every link)\\l"
            "lines: the %d strongest of each box ",
            LSN_DOT_OVERVIEW_EDGES);
    lsn_text_puts(&c->label, proposal ? "(by number of needs)\\l"
                                : "(hours, plus one per liaison or missing link)\\l");
    lsn_text_puts(&c->label, ""
                       "boxes: the units under each unit, with their teams and people;  "
                       "folder: a unit outside this one\\l");
    if (proposal) {
        lsn_text_puts(&c->label, "one arrow per pair of units, from the unit that needs context, "
                           "counting the needs by proposed model\\l"
                           "grey dotted: mostly notes;  blue: liaison;  green bold: embedded;  "
                           "orange dashed: rotation;  purple: liaison group;  red: some unmet\\l");
        return;
    }
    lsn_text_printf(&c->label,
            "grey lines: meeting hours per week between their teams, summed (wider = more; "
            "under %g h not drawn unless they carry a liaison or a missing link)\\l",
            overview_min_hours(opts));
    lsn_text_puts(&c->label, "blue: with liaison links;  red dashed: with missing links;  "
                       "counted on the line from two, hover for one\\l"
                       "coloured border: the worst finding inside; hover for details\\l");
}

/* How strongly a summed pair ties its ends: its hours, plus one per
 * liaison and missing link (teams); the number of needs (proposal). */
static double strength(const lsn_rollup_pair *p, bool proposal)
{
    if (proposal) {
        double n = 0;
        for (int k = 0; k <= K_OTHER; k++) {
            n += p->count[k];
        }
        return n;
    }
    return link_hours(p) + p->count[K_LIAISON] + p->count[K_MISSING];
}

/* The pairs an overview draws: those with an end inside the view that would
 * be drawn at all (teams: min_hours, or a liaison or missing link), and
 * among those only the LSN_DOT_OVERVIEW_EDGES strongest of at least one of
 * their ends (ties: the earlier pair). Summed pairs are dense (every unit
 * meets nearly every other at scale) and dot turns them into a knot; the
 * drill-downs keep every link. NULL: out of memory. Cost O(pairs^2). */
static bool *strongest(
    const lsn_rollup_pair *pairs, size_t np, const bool *inside, bool proposal, double min_hours)
{
    bool *cand = calloc(np ? np : 1, sizeof(*cand));
    bool *keep = calloc(np ? np : 1, sizeof(*keep));
    if (cand == NULL || keep == NULL) {
        free(cand);
        free(keep);
        return NULL;
    }
    for (size_t i = 0; i < np; i++) {
        const lsn_rollup_pair *p = &pairs[i];
        cand[i] = (inside[p->a] || inside[p->b]) &&
                  (proposal || (link_hours(p) >= min_hours && p->count[K_LINK] > 0) ||
                   p->count[K_LIAISON] > 0 || p->count[K_MISSING] > 0);
    }
    for (size_t i = 0; i < np; i++) {
        if (!cand[i]) {
            continue;
        }
        double si = strength(&pairs[i], proposal);
        size_t better_a = 0, better_b = 0;
        for (size_t j = 0; j < np; j++) {
            if (j == i || !cand[j]) {
                continue;
            }
            double sj = strength(&pairs[j], proposal);
            if (!(sj > si || (sj == si && j < i))) {
                continue;
            }
            int32_t ja = pairs[j].a, jb = pairs[j].b;
            better_a += ja == pairs[i].a || jb == pairs[i].a;
            better_b += ja == pairs[i].b || jb == pairs[i].b;
        }
        keep[i] = better_a < LSN_DOT_OVERVIEW_EDGES || better_b < LSN_DOT_OVERVIEW_EDGES;
    }
    free(cand);
    return keep;
}

void dot_build_overview(gctx *c, const lsn_dot_options *opts, bool proposal)
{
    const org *o = c->o;
    size_t n = o->nunits ? o->nunits : 1, ni = 0, np = 0;
    int32_t *g = malloc(n * sizeof(*g));
    gstat *st = calloc(n, sizeof(*st));
    lsn_rollup_item *items = NULL;
    lsn_rollup_pair *pairs = NULL;
    bool *keep = NULL;
    if (g == NULL || st == NULL) {
        c->rc = lsn_oom();
        goto cleanup;
    }
    dot_view_groups(o, c->scope, 2, g);
    dot_graph_style(c, proposal ? "Proposal" : "Teams", !proposal);
    set(c, c->g, "ranksep", "1.0");
    set(c, c->g, "nodesep", "0.4");
    overview_legend(c, opts, proposal);
    set(c, c->g, "label", dot_str(&c->label));
    for (size_t k = 0; k < o->nunits; k++) {
        if (c->inside[k] && g[k] >= 0 && !proposal && o->units[k].sev > st[g[k]].sev) {
            st[g[k]].sev = o->units[k].sev;
        }
        if (!c->inside[k] || !o->units[k].is_team || g[k] < 0) {
            continue;
        }
        st[g[k]].teams += 1;
        st[g[k]].people += isfinite(o->units[k].headcount) ? o->units[k].headcount : 0;
        st[g[k]].used |= !proposal;
    }
    if (proposal) {
        items = malloc(2 * (o->nneeds + 1) * sizeof(*items));
        if (items == NULL) {
            c->rc = lsn_oom();
            goto cleanup;
        }
        for (size_t i = 0; i < o->nneeds; i++) {
            const need *nd = &o->needs[i];
            bool via = nd->target >= 0 && nd->target != nd->from;
            int32_t end = via ? nd->target : nd->from;
            if (nd->team < 0 || end < 0 || (!c->inside[nd->team] && !c->inside[end])) {
                continue;
            }
            double h = isfinite(nd->context_hours) ? nd->context_hours : 0;
            items[ni++] = (lsn_rollup_item){nd->team, end, model_of(nd->model), h};
            if (nd->unmet || nd->existing) {
                items[ni++] = (lsn_rollup_item){nd->team, end, nd->unmet ? K_UNMET : K_KEPT, 0};
            }
            for (int32_t x = nd->team, k = 0; k < 2; x = end, k++) {
                if (c->inside[x] && g[x] >= 0) {
                    st[g[x]].used = true;
                }
            }
            if (g[nd->team] >= 0 && g[nd->team] == g[end]) {
                st[g[nd->team]].inner++;
            }
        }
    } else if ((items = team_items(c, &ni, false)) == NULL) {
        /* Only the items with an end inside: a pair with none is never
         * drawn, nor weighed against those that are (strongest). */
        goto cleanup;
    }
    /* Clusters for the units one level down that hold a drawn node below
     * them (a team directly under the scope is a node on its own). */
    for (size_t k = 0; k < o->nunits; k++) {
        int32_t p = o->units[k].parent;
        if (st[k].used && p >= 0 && c->inside[p]) {
            st[p].cluster = true;
        }
    }
    for (size_t k = 0; k < o->nunits && ok(c); k++) {
        if (st[k].cluster) {
            overview_cluster(c, (int32_t)k, !proposal);
        }
    }
    for (size_t k = 0; k < o->nunits && ok(c); k++) {
        if (st[k].used) {
            overview_node(c, (int32_t)k, &st[k], !proposal);
        }
    }
    if (!ok(c) || (c->rc = lsn_rollup_pairs(&pairs, &np, items, ni, g, proposal)) != LSN_OK) {
        goto cleanup;
    }
    if ((keep = strongest(pairs, np, c->inside, proposal, overview_min_hours(opts))) == NULL) {
        c->rc = lsn_oom();
        goto cleanup;
    }
    for (size_t i = 0; i < np && ok(c); i++) {
        const lsn_rollup_pair *p = &pairs[i];
        if (!keep[i]) {
            continue;
        }
        if (proposal) {
            need_pair_edge(c, p);
        } else {
            link_edge(c, p, link_hours(p), overview_min_hours(opts));
        }
    }
cleanup:
    free(keep);
    free(pairs);
    free(items);
    free(st);
    free(g);
}

/* ---------------------------------------------------------------------- */
/* Which diagrams are drawn.                                               */

/* The file name of a unit's drill-down (viz/dot.h, "Views"). */
static void safe_name(lsn_text *b, const char *id)
{
    size_t len = 0;
    lsn_text_clear(b);
    for (const char *p = id; *p != '\0' && len < 64; p++, len++) {
        char ch = *p;
        bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
        lsn_text_put(b, keep ? p : "_", 1);
    }
    if (len == 0) {
        lsn_text_puts(b, "_");
    }
}

typedef struct plan {
    int32_t *drill; /* units with their own files, in index order */
    char **name;    /* per entry of drill: "units/NAME" */
    bool *overview; /* per entry: drawn as an overview */
    size_t n;
} plan;

static void plan_free(plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->name[i]);
    }
    free(p->drill);
    free(p->name);
    free(p->overview);
}

/* Whether a unit is drawn as an overview: more teams than the limit, and
 * units under it that hold teams of their own (else there is nothing to
 * fold). */
static bool wants_overview(const org *o, int32_t u, const double *teams, size_t limit)
{
    if (teams[u] <= (double)limit) {
        return false;
    }
    const unit *un = &o->units[u];
    for (size_t i = 0; i < un->nchildren; i++) {
        if (o->units[un->children[i]].nchildren > 0) {
            return true;
        }
    }
    return false;
}

static int make_plan(plan *p, const org *o, int32_t top, const double *teams, size_t limit)
{
    size_t n = o->nunits ? o->nunits : 1;
    bool *drill = calloc(n, sizeof(*drill));
    bool *over = calloc(n, sizeof(*over));
    int32_t *stack = malloc(n * sizeof(*stack));
    lsn_strmap *taken = NULL;
    lsn_text name = {0}, key = {0};
    int rc = LSN_OK;
    memset(p, 0, sizeof(*p));
    p->drill = malloc(n * sizeof(*p->drill));
    p->name = calloc(n, sizeof(*p->name));
    p->overview = calloc(n, sizeof(*p->overview));
    if (drill == NULL || over == NULL || stack == NULL || p->drill == NULL || p->name == NULL ||
        p->overview == NULL || (rc = lsn_strmap_new(&taken)) != LSN_OK) {
        rc = rc != LSN_OK ? rc : lsn_oom();
        goto cleanup;
    }
    /* The units one level below the top, then below every unit drawn as
     * an overview; a unit with nothing under it has no drill-down. */
    size_t sp = 0;
    for (size_t k = 0; k < o->nunits; k++) {
        if (o->units[k].parent == top && (int32_t)k != top && o->units[k].nchildren > 0) {
            stack[sp++] = (int32_t)k;
        }
    }
    while (sp > 0) {
        int32_t u = stack[--sp];
        if (drill[u]) {
            continue;
        }
        drill[u] = true;
        over[u] = wants_overview(o, u, teams, limit);
        for (size_t i = 0; over[u] && i < o->units[u].nchildren; i++) {
            int32_t ch = o->units[u].children[i];
            if (o->units[ch].nchildren > 0 && sp < n) {
                stack[sp++] = ch;
            }
        }
    }
    for (size_t k = 0; k < o->nunits; k++) {
        if (!drill[k]) {
            continue;
        }
        safe_name(&name, o->units[k].id);
        /* Taken names compare without case (a case-blind file system). */
        for (int suffix = 1;; suffix++) {
            lsn_text_clear(&key);
            lsn_text_puts(&key, dot_str(&name));
            if (suffix > 1) {
                lsn_text_printf(&key, "-%d", suffix);
            }
            for (size_t i = 0; i < key.len; i++) {
                char ch = key.p[i];
                key.p[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
            }
            if (key.failed || name.failed) {
                rc = lsn_oom();
                goto cleanup;
            }
            if (lsn_strmap_find(taken, dot_str(&key)) < 0) {
                int32_t id;
                if ((rc = lsn_strmap_intern(&id, taken, key.p, key.len)) != LSN_OK) {
                    goto cleanup;
                }
                lsn_text_clear(&key);
                lsn_text_puts(&key, "units/");
                lsn_text_puts(&key, dot_str(&name));
                if (suffix > 1) {
                    lsn_text_printf(&key, "-%d", suffix);
                }
                break;
            }
        }
        p->name[p->n] = strdup(dot_str(&key));
        if (p->name[p->n] == NULL || key.failed) {
            rc = lsn_oom();
            goto cleanup;
        }
        p->drill[p->n] = (int32_t)k;
        p->overview[p->n] = over[k];
        p->n++;
    }
cleanup:
    free(drill);
    free(over);
    free(stack);
    lsn_strmap_free(taken);
    free(name.p);
    free(key.p);
    return rc;
}

/* Drill-down i of plan p: its teams diagram, then its proposal diagram. */
static int draw_drill(const org *o,
                      const char *dir,
                      const lsn_dot_options *opts,
                      dot_layout *l,
                      const plan *p,
                      size_t i,
                      lsn_text *base)
{
    dot_view v = {p->overview[i] ? DOT_OVERVIEW : DOT_DRILL, p->drill[i], false, p->name[i]};
    int rc = dot_render_one(o, dir, &v, opts, l);
    lsn_text_clear(base);
    lsn_text_puts(base, p->name[i]);
    lsn_text_puts(base, ".proposal");
    if (base->failed) {
        rc = lsn_oom();
    }
    v.proposal = true;
    v.base = dot_str(base);
    if (rc == LSN_OK) {
        rc = dot_render_one(o, dir, &v, opts, l);
    }
    return rc;
}

/*
 * Without layouts, the diagrams of a large organization are drawn by two
 * processes: a child forked before the overviews claims drill-downs one at
 * a time from a counter both processes share, and this process does the
 * same once it has drawn the two overviews, so that the two end together
 * whatever the diagrams cost. cgraph keeps state of its own in globals, so
 * two threads could not share the work; a child has its own copy. Each
 * diagram is written whole by the one process that draws it, so the files
 * are the same. A process that fails claims no more and asks the other to
 * stop claiming; every drill-down claimed before it is still drawn, so the
 * error kept is the one of the first diagram in plan order (the overviews,
 * then the drill-downs), as when one process draws them all.
 */
#define DOT_DRAW_SPLIT_MIN 16
#define DOT_DRAW_MESSAGE 1024

/* The drill-downs still to draw: in a shared page, or this process's own. */
struct drill_queue {
    atomic_size_t next; /* the next drill-down of the plan to claim */
    atomic_bool stop;   /* a diagram failed: claim no more */
};

struct claims {
    const org *o;
    const char *dir;
    const lsn_dot_options *opts;
    dot_layout *l;
    const plan *p;
    struct drill_queue *q;
};

/* The first drill-down a process could not draw (p->n: none), as the child
 * sends it. */
struct claim_answer {
    uint64_t failed;
    int32_t rc;
    char message[DOT_DRAW_MESSAGE];
};

/* Claim and draw drill-downs until none is left or one fails. */
static void
draw_claimed(const struct claims *h, const lsn_dot_options *opts, struct claim_answer *a)
{
    lsn_text base = {0};
    a->failed = h->p->n;
    a->rc = LSN_OK;
    while (!atomic_load(&h->q->stop)) {
        size_t i = atomic_fetch_add(&h->q->next, 1);
        if (i >= h->p->n) {
            break;
        }
        int rc = draw_drill(h->o, h->dir, opts, h->l, h->p, i, &base);
        if (rc != LSN_OK) {
            a->failed = i;
            a->rc = rc;
            snprintf(a->message, sizeof(a->message), "%s", lsn_error_last());
            atomic_store(&h->q->stop, true);
            break;
        }
    }
    free(base.p);
}

static void claims_main(int fd, void *ud)
{
    const struct claims *h = ud;
    lsn_dot_options quiet = *h->opts;
    quiet.progress = NULL; /* the parent tells of what it draws */
    struct claim_answer a;
    memset(&a, 0, sizeof(a)); /* padding and message bytes go over the socket too */
    draw_claimed(h, &quiet, &a);
    (void)lsn_fd_write_full(fd, &a, sizeof(a));
}

/* The overview v and its proposal diagram, then the drill-downs of p. */
static int draw_views(const org *o,
                      const char *dir,
                      const lsn_dot_options *opts,
                      dot_layout *l,
                      const plan *p,
                      dot_view *v)
{
    struct drill_queue own = {0}, *q = &own;
    lsn_child child = {0, -1};
    /* The report's other files may be being written on another thread. */
    if (l == NULL && p->n >= DOT_DRAW_SPLIT_MIN && lsn_cpus_count(opts->draw_jobs, 2) > 1 &&
        atomic_is_lock_free(&own.next) && atomic_is_lock_free(&own.stop) &&
        lsn_child_fork_beside_threads()) {
        void *page =
            mmap(NULL, sizeof(*q), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (page != MAP_FAILED) {
            q = page;
            atomic_init(&q->next, 0);
            atomic_init(&q->stop, false);
        }
    }
    struct claims h = {o, dir, opts, l, p, q};
    if (q != &own && lsn_child_start(&child, claims_main, &h, false, NULL, 0) != LSN_OK) {
        child.pid = 0; /* no process to be had: this one draws them all */
    }
    struct claim_answer mine = {.failed = p->n, .rc = LSN_OK};
    int rc = dot_render_one(o, dir, v, opts, l);
    if (rc == LSN_OK) {
        v->proposal = true;
        v->base = "proposal";
        rc = dot_render_one(o, dir, v, opts, l);
    }
    /* The overviews come before every drill-down in plan order. */
    bool overview_failed = rc != LSN_OK;
    if (overview_failed) {
        atomic_store(&q->stop, true);
        snprintf(mine.message, sizeof(mine.message), "%s", lsn_error_last());
    } else {
        draw_claimed(&h, opts, &mine);
        rc = mine.rc;
    }
    if (child.pid != 0) {
        struct claim_answer *a = malloc(sizeof(*a));
        bool answered = a != NULL && lsn_fd_read_full(child.fd, a, sizeof(*a));
        int status = lsn_child_end(&child, false);
        if (answered && a->rc != LSN_OK && !overview_failed &&
            (rc == LSN_OK || a->failed < mine.failed)) {
            a->message[sizeof(a->message) - 1] = '\0';
            rc = lsn_error_set(a->rc, "%s", a->message);
        } else if (rc != LSN_OK) {
            lsn_error_set(rc, "%s", mine.message);
        } else if (a == NULL) {
            rc = lsn_oom();
        } else if (!answered) {
            /* Its answer comes after its last file: without it, some are missing. */
            rc = lsn_error_set(LSN_EINTERNAL,
                               "%s: the process drawing unit diagrams beside this one ended "
                               "without finishing (wait status %d)",
                               dir, status);
        }
        free(a);
    }
    if (q != &own) {
        munmap(q, sizeof(*q));
    }
    return rc;
}

/* Every diagram of o; l: their layout, or NULL for DOT files only. */
int dot_render_views(const org *o, const char *dir, const lsn_dot_options *opts, dot_layout *l)
{
    size_t n = o->nunits ? o->nunits : 1;
    size_t nteams = 0;
    for (size_t k = 0; k < o->nunits; k++) {
        nteams += o->units[k].is_team;
    }
    dot_view full = {DOT_FULL, -1, false, "teams"};
    if (opts->teams_only) { /* the whole organization's teams, or its overview */
        dot_view top = {DOT_OVERVIEW, o->root, false, "teams"};
        bool whole = opts->overview_teams == 0 || nteams <= opts->overview_teams;
        return dot_render_one(o, dir, whole ? &full : &top, opts, l);
    }
    if (opts->overview_teams == 0 || nteams <= opts->overview_teams) {
        int rc = dot_render_one(o, dir, &full, opts, l);
        full.proposal = true;
        full.base = "proposal";
        return rc != LSN_OK ? rc : dot_render_one(o, dir, &full, opts, l);
    }
    /* Teams under every unit, itself included. */
    double *teams = calloc(n, sizeof(*teams));
    char *units = lsn_fs_join(dir, "units");
    plan p = {0};
    int rc = LSN_OK;
    if (teams == NULL || units == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t k = 0; k < o->nunits; k++) {
        if (!o->units[k].is_team) {
            continue;
        }
        for (int32_t u = (int32_t)k, steps = 0; u >= 0 && (size_t)steps <= o->nunits;
             u = o->units[u].parent, steps++) {
            teams[u] += 1;
        }
    }
    if ((rc = make_plan(&p, o, o->root, teams, opts->overview_teams)) != LSN_OK ||
        (rc = lsn_fs_make_dir(units)) != LSN_OK) {
        goto cleanup;
    }
    if (l != NULL && opts->svg_dir != NULL) {
        free(units);
        if ((units = lsn_fs_join(opts->svg_dir, "units")) == NULL) {
            rc = lsn_oom();
            goto cleanup;
        }
        if ((rc = lsn_fs_make_dir(units)) != LSN_OK) {
            goto cleanup;
        }
    }
    dot_view v = {DOT_OVERVIEW, o->root, false, "teams"};
    rc = draw_views(o, dir, opts, l, &p, &v);
cleanup:
    plan_free(&p);
    free(units);
    free(teams);
    return rc;
}
