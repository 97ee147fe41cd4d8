/*
 * viz/dot_teams.c — teams.dot (viz/dot.h): over the hierarchy, the team
 * links by hours per week, the liaison links labelled with the person and
 * the missing links red and dashed, with the findings in the tooltips.
 */
#include "viz/dot_internal.h"

#include "analysis/finding_types.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* teams.dot                                                               */

static void team_links(gctx *c, double min_hours)
{
    const org *o = c->o;
    /* In a view, only the links touching it (items below nlinks are the
     * links, in their order). */
    size_t n = c->inside != NULL ? c->nvitems : o->nlinks;
    for (size_t x = 0; x < n && ok(c); x++) {
        size_t i = c->inside != NULL ? (size_t)c->vitems[x] : x;
        if (i >= o->nlinks) {
            break;
        }
        const team_link *l = &o->links[i];
        if (l->hours < min_hours || !c->include[l->a] || !c->include[l->b]) {
            continue;
        }
        Agedge_t *e = dot_edge(c, c->node[l->a], c->node[l->b]);
        if (e == NULL) {
            return;
        }
        lsn_text_clear(&c->tip);
        dot_put_text(&c->tip, o->units[l->a].id);
        lsn_text_puts(&c->tip, " - ");
        dot_put_text(&c->tip, o->units[l->b].id);
        lsn_text_printf(&c->tip, ": %.2f meeting hours per week", l->hours);
        set(c, e, "dir", "none");
        set(c, e, "color", COLOR_LINK);
        setf(c, e, "penwidth", "%.2f", dot_pen_for(l->hours));
        /* Strong links pull their teams together. */
        setf(c, e, "weight", "%d", 1 + (int)fmin(round(2 * l->hours), 20));
        set(c, e, "tooltip", dot_str(&c->tip));
    }
}

/*
 * The findings a liaison link's tooltip lists, found through an index
 * instead of a scan of every finding per link (which made teams.dot grow
 * with links x findings: most of the render of 100,000 people). A finding
 * naming a person is about the links of that person (to its `to` team when
 * it names one); one naming no person is about the link of its pair `team`
 * -> `to`. Entries sort by key, then rank, so each link's findings come
 * out in rank order as before.
 */
typedef struct fkey {
    const char *a, *b; /* person and to (or NULL); or to and team */
    size_t k;          /* rank */
} fkey;

static int cmp_fkey(const void *x, const void *y)
{
    const fkey *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    if (c == 0 && p->b != NULL && q->b != NULL) {
        c = strcmp(p->b, q->b);
    }
    if (c == 0 && (p->b == NULL) != (q->b == NULL)) {
        c = p->b == NULL ? -1 : 1;
    }
    return c != 0 ? c : (p->k > q->k) - (p->k < q->k);
}

typedef struct missing {
    int32_t team, from;
    size_t finding; /* the rank, not the report position */
} missing;

static int cmp_missing(const void *x, const void *y)
{
    const missing *a = x, *b = y;
    if (a->team != b->team) {
        return a->team < b->team ? -1 : 1;
    }
    if (a->from != b->from) {
        return a->from < b->from ? -1 : 1;
    }
    return (a->finding > b->finding) - (a->finding < b->finding);
}

/* What every diagram of a report looks up, built once per report rather
 * than once per diagram (a thousand drill-downs at 100,000 people). */
struct dot_teams_index {
    fkey *person, *pair; /* findings of liaison links */
    size_t nperson, npair;
    missing *missing; /* missing links, by team, from, rank */
    size_t nmissing;
};

void dot_teams_index_free(org *o)
{
    if (o->tix != NULL) {
        free(o->tix->person);
        free(o->tix->pair);
        free(o->tix->missing);
        free(o->tix);
        o->tix = NULL;
    }
}

int dot_teams_index_build(org *o)
{
    struct dot_teams_index *x = calloc(1, sizeof(*x));
    o->tix = x;
    if (x == NULL) {
        return lsn_oom();
    }
    x->person = malloc((o->nfindings + 1) * sizeof(*x->person));
    x->pair = malloc((o->nfindings + 1) * sizeof(*x->pair));
    x->missing = malloc((o->nfindings + 1) * sizeof(*x->missing));
    if (x->person == NULL || x->pair == NULL || x->missing == NULL) {
        dot_teams_index_free(o);
        return lsn_oom();
    }
    for (size_t k = 0; k < o->nfindings; k++) {
        const json_t *f = o->findings[o->order[k]].json;
        const char *person = str_or(f, "person", NULL);
        const char *to = str_or(f, "to", NULL);
        const char *team = str_or(f, "team", NULL);
        if (person != NULL) {
            /* Persons by name then rank (their `to` is filtered per link). */
            x->person[x->nperson++] = (fkey){person, NULL, k};
        } else if (to != NULL && team != NULL) {
            x->pair[x->npair++] = (fkey){to, team, k};
        }
        int32_t t, fr;
        if (dot_missing_link(o, (size_t)o->order[k], &t, &fr)) {
            x->missing[x->nmissing++] = (missing){t, fr, k};
        }
    }
    if (x->nperson > 1) {
        qsort(x->person, x->nperson, sizeof(*x->person), cmp_fkey);
    }
    if (x->npair > 1) {
        qsort(x->pair, x->npair, sizeof(*x->pair), cmp_fkey);
    }
    if (x->nmissing > 1) {
        qsort(x->missing, x->nmissing, sizeof(*x->missing), cmp_missing);
    }
    return LSN_OK;
}

/* The first entry of v not before (a, b). */
static size_t lower(const fkey *v, size_t n, const char *a, const char *b)
{
    fkey key = {a, b, 0};
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_fkey(&v[mid], &key) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static void liaison_finding(gctx *c, size_t k)
{
    const finding *f = &c->o->findings[c->o->order[k]];
    lsn_text_printf(&c->tip, "\\n[%s] ", dot_sev_name[f->sev]);
    dot_put_text(&c->tip, f->type);
}

/* The findings about one liaison link (its person, or its pair), for its
 * tooltip, in rank order. */
static void liaison_findings(gctx *c, const liaison *l)
{
    const org *o = c->o;
    const struct dot_teams_index *x = o->tix;
    const char *to_id = o->units[l->to].id, *home_id = o->units[l->home].id;
    size_t i = lower(x->person, x->nperson, l->person, NULL);
    size_t j = lower(x->pair, x->npair, to_id, home_id);
    for (;;) {
        bool pi = i < x->nperson && strcmp(x->person[i].a, l->person) == 0;
        bool pj = j < x->npair && strcmp(x->pair[j].a, to_id) == 0 &&
                  strcmp(x->pair[j].b, home_id) == 0;
        if (!pi && !pj) {
            break;
        }
        if (pi && (!pj || x->person[i].k < x->pair[j].k)) {
            size_t k = x->person[i++].k;
            const char *to = str_or(o->findings[o->order[k]].json, "to", NULL);
            if (to == NULL || strcmp(to, to_id) == 0) {
                liaison_finding(c, k);
            }
        } else {
            liaison_finding(c, x->pair[j++].k);
        }
    }
}

static void liaison_links(gctx *c)
{
    const org *o = c->o;
    for (size_t i = 0; i < o->nliaisons && ok(c); i++) {
        const liaison *l = &o->liaisons[i];
        if (c->outside != NULL && (c->outside[l->home] >= 0 || c->outside[l->to] >= 0)) {
            continue; /* a view: counted on the edge to the unit outside */
        }
        Agnode_t *t = dot_target(c, l->home);
        Agnode_t *h = dot_target(c, l->to);
        Agedge_t *e = dot_edge(c, t, h);
        if (e == NULL) {
            continue;
        }
        lsn_text_clear(&c->label);
        dot_person_text(&c->label, o, l->person);
        lsn_text_clear(&c->tip);
        lsn_text_puts(&c->tip, "liaison ");
        dot_put_text(&c->tip, l->person);
        lsn_text_puts(&c->tip, ": ");
        dot_put_text(&c->tip, o->units[l->home].id);
        lsn_text_puts(&c->tip, " -> ");
        dot_put_text(&c->tip, o->units[l->to].id);
        lsn_text_printf(&c->tip, ", %.2f hours per week", l->hours);
        if (isfinite(l->instances)) {
            lsn_text_printf(&c->tip, " (%.0f team meetings)", l->instances);
        }
        liaison_findings(c, l);
        set(c, e, "label", dot_str(&c->label));
        set(c, e, "tooltip", dot_str(&c->tip));
        set(c, e, "color", COLOR_LIAISON);
        set(c, e, "fontcolor", COLOR_LIAISON);
        setf(c, e, "penwidth", "%.2f", dot_pen_for(l->hours));
    }
}

static void missing_links(gctx *c)
{
    const org *o = c->o;
    const missing *m = o->tix->missing;
    size_t n = o->tix->nmissing;
    for (size_t i = 0; i < n && ok(c); i++) {
        const json_t *f = o->findings[o->order[m[i].finding]].json;
        if (c->outside != NULL && (c->outside[m[i].team] >= 0 || c->outside[m[i].from] >= 0)) {
            continue; /* a view: counted on the edge to the unit outside */
        }
        Agnode_t *t = dot_target(c, m[i].team);
        Agnode_t *h = dot_target(c, m[i].from);
        Agedge_t *e = dot_edge(c, t, h);
        if (e == NULL) {
            continue;
        }
        const json_t *metrics = json_object_get(f, "metrics");
        const char *context = str_or(metrics, "context", str_or(f, "context", NULL));
        lsn_text_clear(&c->label);
        lsn_text_puts(&c->label, "missing");
        if (context != NULL) {
            lsn_text_puts(&c->label, " (");
            dot_put_text(&c->label, context);
            lsn_text_puts(&c->label, ")");
        }
        lsn_text_clear(&c->tip);
        lsn_text_puts(&c->tip, "missing link: ");
        dot_put_text(&c->tip, str_or(f, "explanation", ""));
        set(c, e, "label", dot_str(&c->label));
        set(c, e, "tooltip", dot_str(&c->tip));
        set(c, e, "color", COLOR_MISSING);
        set(c, e, "fontcolor", COLOR_MISSING);
        set(c, e, "style", "dashed");
        set(c, e, "penwidth", "2");
    }
}

void dot_build_teams(gctx *c, const lsn_dot_options *opts)
{
    const org *o = c->o;
    for (size_t k = 0; k < o->nunits; k++) {
        c->include[k] = o->units[k].is_team && (c->inside == NULL || c->inside[k]);
    }
    int32_t top = c->inside != NULL ? c->scope : o->root;
    dot_graph_style(c, "Teams", true);
    lsn_text_clear(&c->label);
    lsn_text_puts(&c->label, "Teams");
    if (top >= 0) {
        lsn_text_puts(&c->label, " of ");
        dot_put_text(&c->label, dot_display_name(&o->units[top]));
    }
    lsn_text_puts(&c->label, "\\l"
                             "boxes: teams in their org units, sized by headcount;  "
                             "folder: a whole org unit\\l"
                             "grey lines: meeting hours per week between two teams (wider = more");
    if (opts->min_edge_hours > 0) {
        lsn_text_printf(&c->label, "; under %g h not drawn", opts->min_edge_hours);
    }
    lsn_text_puts(&c->label, ")\\l"
                       "blue arrows: liaison links, labelled with the person;  "
                       "red dashed: missing links (a declared need with too little contact)\\l"
                       "coloured team border or unit name: findings (red high, orange medium, "
                       "olive low); hover for details\\l");
    if (c->inside != NULL) {
        lsn_text_puts(&c->label, "folders outside it: the units around it, its teams' links, liaisons "
                           "and missing links (counted from two) and hours to them summed\\l");
    }
    set(c, c->g, "label", dot_str(&c->label));
    dot_add_teams(c, true);
    team_links(c, opts->min_edge_hours);
    if (c->inside != NULL) {
        dot_cross_links(c, opts);
    }
    liaison_links(c);
    missing_links(c);
}
