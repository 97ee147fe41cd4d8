/*
 * viz/dot_internal.h — what the files of the diagrams share: the report read
 * into index tables (dot_report.c), the text buffers and cgraph helpers
 * every drawing uses (static inline here; the graph itself, writing and SVG
 * in dot_graph.c), and the hierarchy drawing both diagrams start from
 * (dot.c) before dot_teams.c and dot_proposal.c add their edges. Not for
 * other modules.
 */
#ifndef LSN_VIZ_DOT_INTERNAL_H
#define LSN_VIZ_DOT_INTERNAL_H

#include "analysis/rollup.h"
#include "io/idmap.h"
#include "viz/dot.h"

#include "io/error.h"
#include "io/plural.h"
#include "io/text.h"

#include <graphviz/cgraph.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SEV_NONE, SEV_LOW, SEV_MEDIUM, SEV_HIGH };

/* Per SEV_*: border and text colour, fill, name (viz/dot.c). */
extern const char *const dot_sev_color[4];
extern const char *const dot_sev_fill[4];
extern const char *const dot_sev_name[4];

#define COLOR_LINK "#78909c80"
#define COLOR_LIAISON "#1565c0"
#define COLOR_MISSING "#d32f2f"
#define COLOR_NOTES "#9e9e9e"
#define COLOR_EMBEDDED "#2e7d32"
#define COLOR_ROTATION "#ef6c00"
#define COLOR_GROUP "#6a1b9a"
#define COLOR_RESTRUCTURE "#c62828"
#define FONT "Helvetica,Arial,sans-serif"

/* ---------------------------------------------------------------------- */
/* The report, read into index-based tables (borrowing the json strings). */

/* A unit of the hierarchy; teams are units with people. Indices follow the
 * byte order of the ids, so walking an index range is walking sorted ids. */
typedef struct unit {
    const char *id;
    const char *name;
    int32_t parent; /* -1: a root */
    bool is_team;
    double headcount;     /* NAN: not given */
    double meeting_hours; /* NAN: not given */
    double people_under;  /* NAN: not given */
    int32_t *children;    /* sorted */
    size_t nchildren;
    int sev; /* worst finding naming it */
} unit;

typedef struct team_link {
    int32_t a, b; /* a < b */
    double hours;
} team_link;

typedef struct liaison {
    const char *person;
    int32_t home, to;
    double hours;
    double instances;
} liaison;

typedef struct roster_person {
    const char *email;
    const char *name;
    const char *team;
} roster_person;

typedef struct finding {
    const json_t *json;
    const char *type;
    int kind; /* lsn_finding_type, or -1 for a type this build does not know */
    int sev;
    int32_t team, from; /* a missing_link's two units (-1: not in the report) */
} finding;

/* (unit, rank) pairs: the findings that name a unit. Findings are taken in
 * rank order (o->order: worst first, then by type and explanation), never
 * in report order, so a reordered report draws the same bytes. */
typedef struct mark {
    int32_t unit;
    int32_t rank;
} mark;

typedef struct need {
    int32_t team, from;
    int32_t target; /* the team whose meetings the people sit in, or -1 */
    const char *model;
    const char *context;
    bool availability;
    const json_t *people; /* array of emails, may be NULL */
    bool existing;
    bool unmet;
    const char *restructure;         /* series UID or NULL */
    const char *restructure_subject; /* its subject when the report gives it */
    double context_hours;
    const char *reason;
    size_t index; /* position in the report, the last sort key */
} need;

typedef struct org {
    const char *where; /* "report" or the file path, for messages */
    lsn_strmap *ids;   /* unit id -> index */
    unit *units;
    size_t nunits;
    int32_t root; /* the single root, or -1 */
    team_link *links;
    size_t nlinks;
    liaison *liaisons;
    size_t nliaisons;
    lsn_strmap *emails; /* email -> index in people */
    roster_person *people;
    finding *findings;
    size_t nfindings;
    int32_t *order; /* finding indices, worst first, then type, explanation */
    mark *marks;
    size_t nmarks;
    need *needs;
    size_t nneeds;
    bool has_proposal;
    /* The findings of each liaison link and the missing links, indexed once
     * for every diagram drawn from the report (dot_teams.c). */
    struct dot_teams_index *tix;
    /* For the views, built once rather than per view (dot_overview.c): the
     * hierarchy in preorder (the units under u, u first, are
     * pre[first[u]] .. pre[last[u] - 1]) with each unit's depth, and the
     * team links, liaisons and missing links as rollup items (in that order:
     * item i < nlinks is links[i]) with, per unit, the items that touch it
     * (touch[touch_at[u]] .. touch[touch_at[u + 1] - 1], ascending). */
    int32_t *pre, *first, *last, *depth;
    lsn_rollup_item *items;
    size_t nitems;
    size_t *touch_at;
    int32_t *touch;
    /* Per team, the needs that restructure its meeting, in report order
     * (rs[rs_at[u]] .. rs[rs_at[u + 1] - 1]; dot_proposal.c). */
    size_t *rs_at;
    int32_t *rs;
} org;

static inline double num_or(const json_t *o, const char *key, double def)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : def;
}

static inline const char *str_or(const json_t *o, const char *key, const char *def)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : def;
}

static inline int32_t unit_of(const org *o, const char *id)
{
    return id == NULL ? -1 : lsn_strmap_find(o->ids, id);
}

/* ---------------------------------------------------------------------- */
/* Text: Graphviz text is built in an lsn_text, then copied by cgraph.   */

/* User text as Graphviz text: a backslash is doubled (labels and tooltips
 * read \n, \l, \N ... as escapes; and cgraph 2.42 writes a string ending in a
 * lone backslash, or with one before a quote, as DOT it cannot read back),
 * and a control character becomes a space. Quotes are cgraph's to escape. */
static inline void dot_put_text(lsn_text *b, const char *s)
{
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\\') {
            lsn_text_put(b, "\\\\", 2);
        } else if (c < 0x20 || c == 0x7f) {
            lsn_text_put(b, " ", 1);
        } else {
            lsn_text_put(b, p, 1);
        }
    }
}

/* The node name of a unit id: dot_put_text, and a backslash before a
 * leading '%', which cgraph reserves for the names of its anonymous objects
 * (such a name goes to an internal table that leaks when the node is made in
 * a subgraph). Backslashes of the id are doubled, so names stay distinct. */
static inline void dot_node_name(lsn_text *b, const char *id)
{
    lsn_text_clear(b);
    if (id[0] == '%') {
        lsn_text_put(b, "\\", 1);
    }
    dot_put_text(b, id);
}

/* The text as cgraph 2.42 takes it (char *); "" when nothing was put. */
static inline char *dot_str(lsn_text *b)
{
    return b->p != NULL ? b->p : (char *)"";
}

/* The id discipline of a graph (dot_graph.c): ids in creation order. */
typedef struct dot_disc {
    Agdisc_t disc; /* first: cgraph hands this pointer back to id_open */
    Agiddisc_t id;
    lsn_strmap *names;
    IDTYPE next_anon;
} dot_disc;

/* One graph being built. */
typedef struct gctx {
    const org *o;
    dot_disc disc;
    Agraph_t *g;
    Agraph_t **cluster; /* per unit, NULL: no cluster */
    Agnode_t **node;    /* per unit: its team node or unit node */
    Agnode_t **group;   /* per needing team: its liaison group node */
    bool *include;      /* per unit: a team drawn in this graph */
    bool *below;        /* per unit: a drawn team lies strictly below it */
    lsn_text name, label, tip;
    char *dot_path, *svg_path;
    /* A view of part of the hierarchy (dot_overview.c): NULL arrays draw
     * the whole organization, as teams.dot always was. */
    int32_t scope;    /* the view's unit, or -1 for all of it */
    bool *inside;     /* per unit: strictly below scope */
    int32_t *outside; /* per unit outside the view: the unit drawn for it, else -1 */
    bool wrap;        /* wrap long names at word boundaries */
    /* A view: the items (o->items) with an end strictly inside it, ascending. */
    int32_t *vitems;
    size_t nvitems;
    int rc;
} gctx;

/* Translate cgraph's last error into ours, once. */
static inline int cgraph_fail(gctx *c, const char *what)
{
    if (c->rc != LSN_OK) {
        return c->rc;
    }
    char *msg = aglasterr();
    size_t n = msg ? strlen(msg) : 0;
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) {
        msg[--n] = '\0';
    }
    c->rc = lsn_error_set(LSN_EINTERNAL, "graphviz: %s%s%s", what, n ? ": " : "", n ? msg : "");
    free(msg); /* aglasterr hands over a malloc'd copy */
    return c->rc;
}

static inline bool ok(gctx *c)
{
    if (c->rc == LSN_OK && (c->name.failed || c->label.failed || c->tip.failed)) {
        c->rc = lsn_oom();
    }
    return c->rc == LSN_OK;
}

static inline void set(gctx *c, void *obj, const char *name, const char *value)
{
    if (ok(c) && agsafeset(obj, (char *)name, (char *)value, "") != 0) {
        cgraph_fail(c, "cannot set an attribute");
    }
}

/** An attribute and its value, for a fixed style set as one table. */
typedef struct dot_attr {
    const char *name;
    const char *value;
} dot_attr;

/** set() of each of attrs[0..n), in order. */
static inline void set_all(gctx *c, void *obj, const dot_attr *attrs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        set(c, obj, attrs[i].name, attrs[i].value);
    }
}

static inline void setf(gctx *c, void *obj, const char *name, const char *fmt, ...)
    LSN_PRINTF(4, 5);

static inline void setf(gctx *c, void *obj, const char *name, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    set(c, obj, name, tmp);
}

/* ---------------------------------------------------------------------- */
/* Across the files.                                                       */

/* Read report into o, borrowing its strings; where names it in messages
 * (dot_report.c). LSN_EPARSE for a report that is not one. */
int dot_org_load(org *o, const json_t *report, const char *where);
void dot_org_free(org *o);
/* The two units of finding i when it is a missing_link and the report knows
 * both its team and its from: true and *team, *from; else false. */
bool dot_missing_link(const org *o, size_t i, int32_t *team, int32_t *from);

/* o->tix: built at the end of dot_org_load, freed by dot_org_free
 * (dot_teams.c). LSN_OK or LSN_ENOMEM. */
int dot_teams_index_build(org *o);
void dot_teams_index_free(org *o);

/* A graph named name over o's units, its defaults declared (dot_graph.c). */
int dot_gctx_open(gctx *c, const org *o, const char *name);
void dot_gctx_free(gctx *c);

/* Write the graph as DOT to path; write len bytes to path; read a DOT file
 * written by dot_write_dot into c, with the same ids (dot_graph.c). */
int dot_write_dot(gctx *c, const char *path);
int dot_write_bytes(const char *path, const char *data, size_t len);
int dot_gctx_read(gctx *c, const char *path);

/* Laying out DOT files as SVG in up to jobs child processes (0: one per
 * CPU), each layout cut off after seconds (0: no limit) with a warning
 * (dot_layout.c). submit hands one file over and returns at once unless
 * every process is busy; close waits for all and returns the error of the
 * first file that failed, in submission order (the SVG of a failed file is
 * removed). */
typedef struct dot_layout dot_layout;
int dot_layout_open(dot_layout **out, int jobs, double seconds);
int dot_layout_submit(dot_layout *l, const char *dot_path, const char *svg_path);
int dot_layout_close(dot_layout *l);
/* Before the layout: each edge label and xlabel on a node of its own, so
 * that dot keeps labels apart and inside their clusters (dot_graph.c). */
void dot_labels_as_nodes(gctx *c);

/* The hierarchy both diagrams draw (dot.c). */
const char *dot_display_name(const unit *u);
void dot_person_text(lsn_text *b, const org *o, const char *email);
Agraph_t *dot_container(gctx *c, int32_t u);
void dot_mark_tooltip(gctx *c, int32_t u);
void dot_add_teams(gctx *c, bool marks);
Agnode_t *dot_target(gctx *c, int32_t u);
Agedge_t *dot_edge(gctx *c, Agnode_t *t, Agnode_t *h);
double dot_pen_for(double h);
void dot_graph_style(gctx *c, const char *title, bool marks);

/* Long names over lines of about width characters, broken at spaces, as
 * escaped Graphviz text (dot.c). */
#define DOT_WRAP 18
void dot_wrap_text(lsn_text *b, const char *s, size_t width);
/* The name of unit u as a label: wrapped in views, else as it is. */
void dot_name_text(gctx *c, lsn_text *b, const unit *u);

/* teams.dot (dot_teams.c) and proposal.dot (dot_proposal.c); in a view
 * (c->inside set) only the teams inside it, the rest collapsed. */
void dot_build_teams(gctx *c, const lsn_dot_options *opts);
void dot_build_proposal(gctx *c);

/* Views (dot_overview.c): what a diagram covers, its scope set on c, the
 * overviews, and the links of a drill-down to the units outside it. */
enum { DOT_FULL, DOT_OVERVIEW, DOT_DRILL };
typedef struct dot_view {
    int mode;         /* DOT_* */
    int32_t scope;    /* the unit (-1 and DOT_OVERVIEW: the organization) */
    bool proposal;    /* proposal rather than teams */
    const char *base; /* file name without extension, in dir: "teams", "units/eng" */
} dot_view;
int dot_view_scope(gctx *c, int32_t scope, int levels);
/* Into g (one per unit) the groups lsn_rollup_groups gives for scope and
 * levels, from the preorder of dot_views_index_build in one pass. */
void dot_view_groups(const org *o, int32_t scope, int levels, int32_t *g);
void dot_build_overview(gctx *c, const lsn_dot_options *opts, bool proposal);
void dot_cross_links(gctx *c, const lsn_dot_options *opts);
/* Every diagram of o into dir (opts->teams_only: teams alone); their SVG
 * layouts handed to l, or none when l is NULL (DOT files only). */
int dot_render_views(const org *o, const char *dir, const lsn_dot_options *opts, dot_layout *l);
/* o->pre .. o->touch (dot_overview.c) and o->rs_at, o->rs (dot_proposal.c):
 * built at the end of dot_org_load, freed by dot_org_free. LSN_OK or
 * LSN_ENOMEM. */
int dot_views_index_build(org *o);
int dot_restructure_index_build(org *o);
void dot_views_index_free(org *o);

/* One diagram of a view: build it, write BASE.dot and, given a layout,
 * hand it BASE.svg to draw (dot.c). */
int dot_render_one(
    const org *o, const char *dir, const dot_view *v, const lsn_dot_options *opts, dot_layout *l);

#endif
