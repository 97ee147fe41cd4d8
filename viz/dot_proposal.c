/*
 * viz/dot_proposal.c — proposal.dot (viz/dot.h): over the hierarchy, the
 * proposed model of every declared need (liaison, embedded, rotation,
 * liaison group, notes), kept links, needs that cannot be met, and the
 * meetings that must be restructured.
 */
#include "viz/dot_internal.h"

#include <math.h>

/* ---------------------------------------------------------------------- */
/* proposal.dot                                                            */

static void people_text(lsn_text *b, const org *o, const json_t *people)
{
    size_t i;
    const json_t *p;
    json_array_foreach(people, i, p)
    {
        if (i > 0) {
            lsn_text_puts(b, ", ");
        }
        dot_person_text(b, o, json_string_value(p));
    }
}

/* The subject of a meeting series, from the finding that names it. */
static const char *series_subject(const org *o, const char *uid)
{
    for (size_t k = 0; k < o->nfindings; k++) {
        const json_t *f = o->findings[o->order[k]].json;
        const char *s = str_or(f, "series", NULL);
        if (s != NULL && strcmp(s, uid) == 0) {
            const char *subject = str_or(json_object_get(f, "metrics"), "summary", NULL);
            if (subject == NULL) {
                subject = str_or(f, "summary", NULL);
            }
            if (subject != NULL && subject[0] != '\0') {
                return subject;
            }
        }
    }
    return uid;
}

/* What a need's restructure note names: the subject the report gives, else
 * the subject of a finding about the series, else its UID. */
static const char *restructure_text(const org *o, const need *nd)
{
    if (nd->restructure_subject != NULL && nd->restructure_subject[0] != '\0') {
        return nd->restructure_subject;
    }
    return series_subject(o, nd->restructure);
}

/* The team whose meeting a need's restructure note is about: the team the
 * people sit in (`target`), else `from`; -1 when that is not a team box. */
static int32_t restructure_at(const org *o, const need *nd)
{
    int32_t at = nd->target >= 0 ? nd->target : nd->from;
    return at >= 0 && o->units[at].is_team ? at : -1;
}

/* One hexagon per needing team that forms a liaison group. */
static Agnode_t *group_node(gctx *c, int32_t team)
{
    const org *o = c->o;
    if (c->group[team] != NULL || !ok(c)) {
        return c->group[team];
    }
    lsn_text_clear(&c->name);
    lsn_text_puts(&c->name, "liaison group: ");
    dot_put_text(&c->name, o->units[team].id);
    /* No unit id should read like this, but a report may say anything. */
    while (ok(c) && agnode(c->g, dot_str(&c->name), 0) != NULL) {
        lsn_text_puts(&c->name, "'");
    }
    if (!ok(c)) {
        return NULL;
    }
    Agnode_t *n = agnode(dot_container(c, team), dot_str(&c->name), 1);
    if (n == NULL) {
        cgraph_fail(c, "cannot add a node");
        return NULL;
    }
    c->group[team] = n;
    lsn_text_clear(&c->label);
    lsn_text_puts(&c->label, "liaison group\\n");
    dot_put_text(&c->label, dot_display_name(&o->units[team]));
    lsn_text_clear(&c->tip);
    lsn_text_puts(&c->tip, "centralized: one liaison group holds the links of ");
    dot_put_text(&c->tip, o->units[team].id);
    set(c, n, "shape", "hexagon");
    set(c, n, "style", "filled");
    set(c, n, "fillcolor", "#f3e5f5");
    set(c, n, "color", COLOR_GROUP);
    set(c, n, "fontcolor", COLOR_GROUP);
    set(c, n, "label", dot_str(&c->label));
    set(c, n, "tooltip", dot_str(&c->tip));
    Agedge_t *e = dot_edge(c, c->node[team], n);
    if (e != NULL) {
        set(c, e, "color", COLOR_GROUP);
        set(c, e, "penwidth", "2.5");
        set(c, e, "arrowhead", "none");
        set(c, e, "tooltip", dot_str(&c->tip));
    }
    return n;
}

/* In a view: a need with an end inside it. */
static bool need_in_view(const gctx *c, const need *nd)
{
    return (nd->team >= 0 && c->inside[nd->team]) || (nd->from >= 0 && c->inside[nd->from]) ||
           (nd->target >= 0 && c->inside[nd->target]);
}

/* How a need's arrow looks, by its model: the word its label gives the
 * model, and the edge's style (NULL: none), colors and pen. The last row,
 * liaison's, also draws a model this build does not know, named in full. */
static const struct look {
    const char *model, *word, *style, *color, *fontcolor, *penwidth;
} looks[] = {
    {"notes", "notes", "dotted", COLOR_NOTES, "#616161", "1.5"},
    {"embedded", "embedded", "bold", COLOR_EMBEDDED, COLOR_EMBEDDED, "3.5"},
    {"rotation", "rotation", "dashed", COLOR_ROTATION, COLOR_ROTATION, "2"},
    {"centralized", "", NULL, COLOR_GROUP, COLOR_GROUP, "2"},
    {"liaison", "", NULL, COLOR_LIAISON, COLOR_LIAISON, "2"},
};

static void need_edge(gctx *c, const need *nd)
{
    const org *o = c->o;
    const char *m = nd->model;
    Agnode_t *t = c->node[nd->team];
    if (t == NULL) {
        t = dot_target(c, nd->team); /* a view: the unit outside drawn for it */
    } else if (strcmp(m, "centralized") == 0) {
        t = group_node(c, nd->team);
    }
    /* The people sit in `target`'s meetings: for a unit `from` that is the
     * more exact end of the arrow. */
    bool via = nd->target >= 0 && nd->target != nd->from;
    Agnode_t *h = dot_target(c, via ? nd->target : nd->from);
    Agedge_t *e = dot_edge(c, t, h);
    if (e == NULL) {
        return;
    }
    /* label: ["unmet"] [model word] [": " people] */
    size_t k = 0;
    while (k + 1 < sizeof(looks) / sizeof(looks[0]) && strcmp(m, looks[k].model) != 0) {
        k++;
    }
    const char *word = strcmp(m, looks[k].model) == 0 ? looks[k].word : m;
    if (looks[k].style != NULL) {
        set(c, e, "style", looks[k].style);
    }
    set(c, e, "color", looks[k].color);
    set(c, e, "fontcolor", looks[k].fontcolor);
    set(c, e, "penwidth", looks[k].penwidth);
    lsn_text_clear(&c->label);
    lsn_text_puts(&c->label, nd->unmet ? "unmet" : "");
    if (word[0] != '\0') {
        lsn_text_puts(&c->label, c->label.len > 0 ? " " : "");
        dot_put_text(&c->label, word);
    }
    if (json_array_size(nd->people) > 0 && c->label.len > 0) {
        lsn_text_puts(&c->label, ": ");
    }
    people_text(&c->label, o, nd->people);
    if (nd->existing) {
        lsn_text_puts(&c->label, c->label.len > 0 ? "\\n(kept)" : "(kept)");
    }
    if (via) {
        lsn_text_puts(&c->label, c->label.len > 0 ? "\\nfor " : "for ");
        dot_put_text(&c->label, dot_display_name(&o->units[nd->from]));
    }
    if (nd->restructure != NULL && restructure_at(o, nd) < 0) {
        lsn_text_puts(&c->label, c->label.len > 0 ? "\\nrestructure: " : "restructure: ");
        dot_put_text(&c->label, restructure_text(o, nd));
    }
    if (nd->unmet) {
        /* a need nobody can carry stands out in red, whatever its model */
        set(c, e, "color", COLOR_MISSING);
        set(c, e, "fontcolor", COLOR_MISSING);
    }
    lsn_text_clear(&c->tip);
    dot_put_text(&c->tip, o->units[nd->team].id);
    lsn_text_puts(&c->tip, " needs ");
    dot_put_text(&c->tip, nd->context != NULL ? nd->context : "");
    lsn_text_puts(&c->tip, nd->context != NULL ? " context from " : "context from ");
    dot_put_text(&c->tip, o->units[nd->from].id);
    lsn_text_puts(&c->tip, nd->availability ? " (and availability)" : "");
    lsn_text_puts(&c->tip, ": ");
    dot_put_text(&c->tip, m);
    if (via) {
        lsn_text_puts(&c->tip, " in the meetings of ");
        dot_put_text(&c->tip, o->units[nd->target].id);
    }
    if (nd->existing) {
        lsn_text_puts(&c->tip, ", existing link kept");
    }
    if (nd->unmet) {
        lsn_text_puts(&c->tip, ", unmet");
    }
    if (isfinite(nd->context_hours)) {
        lsn_text_printf(&c->tip, "; %.2f hours per week of context already", nd->context_hours);
    }
    if (nd->reason != NULL) {
        lsn_text_puts(&c->tip, "\\n");
        dot_put_text(&c->tip, nd->reason);
    }
    set(c, e, "label", dot_str(&c->label));
    set(c, e, "tooltip", dot_str(&c->tip));
}

int dot_restructure_index_build(org *o)
{
    o->rs_at = calloc(o->nunits + 1, sizeof(*o->rs_at));
    o->rs = malloc((o->nneeds + 1) * sizeof(*o->rs));
    if (o->rs_at == NULL || o->rs == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < o->nneeds; i++) {
        int32_t at = o->needs[i].restructure != NULL ? restructure_at(o, &o->needs[i]) : -1;
        if (at >= 0) {
            o->rs_at[at + 1]++;
        }
    }
    for (size_t u = 0; u < o->nunits; u++) {
        o->rs_at[u + 1] += o->rs_at[u];
    }
    size_t *at = malloc((o->nunits ? o->nunits : 1) * sizeof(*at));
    if (at == NULL) {
        return lsn_oom();
    }
    memcpy(at, o->rs_at, o->nunits * sizeof(*at));
    for (size_t i = 0; i < o->nneeds; i++) {
        int32_t u = o->needs[i].restructure != NULL ? restructure_at(o, &o->needs[i]) : -1;
        if (u >= 0) {
            o->rs[at[u]++] = (int32_t)i;
        }
    }
    free(at);
    return LSN_OK;
}

/* A team whose meeting must be restructured gets a red border and note. */
static void restructure_marks(gctx *c)
{
    const org *o = c->o;
    for (size_t k = 0; k < o->nunits && ok(c); k++) {
        if (c->node[k] == NULL || !o->units[k].is_team) {
            continue;
        }
        lsn_text_clear(&c->label);
        /* The needs restructuring k's meeting (o->rs), in report order. */
        for (size_t x = o->rs_at[k]; x < o->rs_at[k + 1]; x++) {
            const char *subject = restructure_text(o, &o->needs[o->rs[x]]);
            /* one line per meeting, however many needs name it */
            bool seen = false;
            for (size_t y = o->rs_at[k]; y < x && !seen; y++) {
                seen = strcmp(restructure_text(o, &o->needs[o->rs[y]]), subject) == 0;
            }
            if (!seen) {
                lsn_text_puts(&c->label, c->label.len > 0 ? "\\n" : "");
                lsn_text_puts(&c->label, "restructure: ");
                dot_put_text(&c->label, subject);
            }
        }
        if (c->label.len > 0) {
            set(c, c->node[k], "xlabel", dot_str(&c->label));
            set(c, c->node[k], "color", COLOR_RESTRUCTURE);
            set(c, c->node[k], "penwidth", "2.5");
            /* an xlabel takes the node's font colour */
            set(c, c->node[k], "fontcolor", COLOR_RESTRUCTURE);
        }
    }
}

void dot_build_proposal(gctx *c)
{
    const org *o = c->o;
    int32_t top = c->inside != NULL ? c->scope : o->root;
    dot_graph_style(c, "Proposal", false);
    lsn_text_clear(&c->label);
    lsn_text_puts(&c->label, "Proposed coordination");
    if (top >= 0) {
        lsn_text_puts(&c->label, " for ");
        dot_put_text(&c->label, dot_display_name(&o->units[top]));
    }
    lsn_text_puts(&c->label, "\\l");
    if (!o->has_proposal) {
        lsn_text_puts(&c->label, "this report has no proposal section\\l");
    } else if (o->nneeds == 0) {
        lsn_text_puts(&c->label, "no declared needs\\l");
    } else {
        lsn_text_puts(&c->label,
                      "one arrow per declared need, from the team that needs context to where it "
                      "comes from\\l"
                      "grey dotted: notes;  blue: liaison;  green bold: embedded;  orange dashed: "
                      "rotation;  purple: through a liaison group\\l"
                      "labels: the people chosen, (kept) for an existing link, \"for\" the unit "
                      "when they sit in one of its teams;  red: unmet need\\l"
                      "red box and note: that team's main meeting must be restructured to stay "
                      "within the rule of eight\\l");
    }
    if (c->inside != NULL) {
        lsn_text_puts(&c->label, "folders: the units around it, for the needs that cross its border\\l");
    }
    set(c, c->g, "label", dot_str(&c->label));
    /* In a view, only the needs with an end inside it, and only the ends
     * inside it as boxes. */
    const bool *in = c->inside;
    for (size_t i = 0; i < o->nneeds; i++) {
        const need *nd = &o->needs[i];
        if (in != NULL && !need_in_view(c, nd)) {
            continue;
        }
        if (nd->team >= 0 && (in == NULL || in[nd->team])) {
            c->include[nd->team] = true;
        }
        if (nd->from >= 0 && o->units[nd->from].is_team && (in == NULL || in[nd->from])) {
            c->include[nd->from] = true;
        }
        if (nd->target >= 0 && (in == NULL || in[nd->target])) {
            c->include[nd->target] = true;
        }
    }
    dot_add_teams(c, false);
    for (size_t i = 0; i < o->nneeds && ok(c); i++) {
        if (in == NULL || need_in_view(c, &o->needs[i])) {
            need_edge(c, &o->needs[i]);
        }
    }
    restructure_marks(c);
}
