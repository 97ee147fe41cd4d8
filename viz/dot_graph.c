/*
 * viz/dot_graph.c — the cgraph plumbing of the diagrams (viz/dot.h): a graph
 * whose ids follow creation order, its attribute defaults, writing it as
 * DOT and reading it back (for the layout processes of dot_layout.c). It
 * decides nothing about what is drawn.
 */
#include "viz/dot_internal.h"

#include "io/fsutil.h"

#include <stdio_ext.h>

#include <errno.h>

/* ---------------------------------------------------------------------- */
/* cgraph with ids in creation order.                                      */

/* cgraph's default id discipline uses the address of the interned name as
 * the id, and agwrite writes subgraphs in id order: the order of clusters
 * would depend on the heap. Ids here are 2 * (rank of first use), so
 * subgraphs come out in the order they were created (dot_disc). */

static void *id_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)g;
    return disc;
}

static long id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    dot_disc *d = state;
    (void)objtype;
    if (str == NULL) {
        *id = d->next_anon;
        d->next_anon += 2;
        return 1;
    }
    int32_t k = lsn_strmap_find(d->names, str);
    if (k < 0) {
        if (!createflag || lsn_strmap_intern(&k, d->names, str, strlen(str)) != LSN_OK) {
            return 0;
        }
    }
    *id = 2 * ((IDTYPE)k + 1);
    return 1;
}

static long id_alloc(void *state, int objtype, IDTYPE request)
{
    (void)state;
    (void)objtype;
    (void)request;
    return 0; /* no caller-chosen ids */
}

static void id_free(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
}

static char *id_print(void *state, int objtype, IDTYPE id)
{
    dot_disc *d = state;
    (void)objtype;
    if (id % 2 != 0 || id == 0) {
        return NULL;
    }
    return (char *)lsn_strmap_get(d->names, (int32_t)(id / 2 - 1));
}

static void id_close(void *state)
{
    (void)state;
}

static void id_register(void *state, int objtype, void *obj)
{
    (void)state;
    (void)objtype;
    (void)obj;
}

static void declare(gctx *c, int kind, const char *name, const char *def)
{
    if (ok(c) && agattr(c->g, kind, (char *)name, (char *)def) == NULL) {
        cgraph_fail(c, "cannot declare an attribute");
    }
}

/* The id discipline of dot_disc on c, with an empty name table. */
static int disc_init(gctx *c)
{
    int rc = lsn_strmap_new(&c->disc.names);
    if (rc != LSN_OK) {
        return rc;
    }
    c->disc.id = (Agiddisc_t){id_open, id_map, id_alloc, id_free, id_print, id_close, id_register};
    c->disc.disc.mem = &AgMemDisc;
    c->disc.disc.id = &c->disc.id;
    c->disc.disc.io = &AgIoDisc;
    c->disc.next_anon = 1;
    return LSN_OK;
}

void dot_gctx_free(gctx *c)
{
    if (c->g != NULL) {
        agclose(c->g);
    }
    lsn_strmap_free(c->disc.names);
    free(c->cluster);
    free(c->node);
    free(c->group);
    free(c->include);
    free(c->below);
    free(c->inside);
    free(c->outside);
    free(c->vitems);
    free(c->name.p);
    free(c->label.p);
    free(c->tip.p);
    free(c->dot_path);
    free(c->svg_path);
}

int dot_gctx_open(gctx *c, const org *o, const char *name)
{
    memset(c, 0, sizeof(*c));
    c->o = o;
    c->scope = -1;
    size_t n = o->nunits ? o->nunits : 1;
    c->cluster = calloc(n, sizeof(*c->cluster));
    c->node = calloc(n, sizeof(*c->node));
    c->group = calloc(n, sizeof(*c->group));
    c->include = calloc(n, sizeof(*c->include));
    c->below = calloc(n, sizeof(*c->below));
    if (c->cluster == NULL || c->node == NULL || c->group == NULL || c->include == NULL ||
        c->below == NULL) {
        return c->rc = lsn_oom();
    }
    if ((c->rc = disc_init(c)) != LSN_OK) {
        return c->rc;
    }
    c->g = agopen((char *)name, Agdirected, &c->disc.disc);
    if (c->g == NULL) {
        return cgraph_fail(c, "cannot open a graph");
    }
    /* Defaults first, so the DOT says them once at the top. */
    static const struct {
        int kind;
        dot_attr attr;
    } defaults[] = {
        {AGRAPH, {"fontname", FONT}},
        {AGRAPH, {"fontsize", "12"}},
        {AGRAPH, {"label", ""}},
        {AGRAPH, {"tooltip", ""}},
        {AGNODE, {"shape", "box"}},
        {AGNODE, {"style", "rounded,filled"}},
        {AGNODE, {"fillcolor", "#ffffff"}},
        {AGNODE, {"color", "#78909c"}},
        {AGNODE, {"fontname", FONT}},
        {AGNODE, {"fontsize", "11"}},
        {AGNODE, {"label", "\\N"}},
        {AGEDGE, {"fontname", FONT}},
        {AGEDGE, {"fontsize", "9"}},
        {AGEDGE, {"arrowsize", "0.7"}},
    };
    for (size_t i = 0; i < sizeof(defaults) / sizeof(*defaults); i++) {
        declare(c, defaults[i].kind, defaults[i].attr.name, defaults[i].attr.value);
    }
    return c->rc;
}

int dot_gctx_read(gctx *c, const char *path)
{
    memset(c, 0, sizeof(*c));
    c->scope = -1;
    if ((c->rc = disc_init(c)) != LSN_OK) {
        return c->rc;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return c->rc = lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    c->g = agread(f, &c->disc.disc);
    fclose(f);
    if (c->g == NULL) {
        return cgraph_fail(c, "cannot read the diagram back");
    }
    return LSN_OK;
}

/* ---------------------------------------------------------------------- */
/* Writing.                                                                */

int dot_write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = lsn_fs_create(path);
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    size_t w = fwrite(data, 1, len, f);
    int err = ferror(f);
    if (fclose(f) != 0 || w != len || err) {
        return lsn_error_set(LSN_EIO, "%s: cannot write", path);
    }
    return LSN_OK;
}

int dot_write_dot(gctx *c, const char *path)
{
    FILE *f = lsn_fs_create(path);
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    /* cgraph writes a token at a time: one thread writes f, so no lock per
     * token, and a buffer the size of most diagrams. */
    __fsetlocking(f, FSETLOCKING_BYCALLER);
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    agwrite(c->g, f);
    int err = ferror(f);
    if (fclose(f) != 0 || err) {
        return lsn_error_set(LSN_EIO, "%s: cannot write", path);
    }
    return LSN_OK;
}

/* ---------------------------------------------------------------------- */
/* Labels as nodes, for the drawing.                                        */

/* The deepest graph under g that holds both t and h (clusters nest). */
static Agraph_t *common_graph(Agraph_t *g, Agnode_t *t, Agnode_t *h)
{
    for (Agraph_t *sg = agfstsubg(g); sg != NULL; sg = agnxtsubg(sg)) {
        if (agsubnode(sg, t, 0) != NULL && agsubnode(sg, h, 0) != NULL) {
            return common_graph(sg, t, h);
        }
    }
    return g;
}

static void copy_attr(gctx *c, void *to, const char *name, void *from)
{
    const char *v = agget(from, (char *)name);
    if (v != NULL && v[0] != '\0') {
        set(c, to, name, v);
    }
}

/* One labelled edge e = t -> h as t -> L -> h, L a node holding its label. */
static void label_node(gctx *c, Agedge_t *e, size_t k)
{
    Agnode_t *t = agtail(e), *h = aghead(e);
    lsn_text_clear(&c->name);
    lsn_text_printf(&c->name, "edge label %zu", k);
    while (ok(c) && agnode(c->g, dot_str(&c->name), 0) != NULL) {
        lsn_text_puts(&c->name, "'"); /* a unit may be called anything */
    }
    if (!ok(c)) {
        return;
    }
    Agnode_t *l = agnode(common_graph(c->g, t, h), dot_str(&c->name), 1);
    Agedge_t *a = l != NULL ? agedge(c->g, t, l, NULL, 1) : NULL;
    Agedge_t *b = l != NULL ? agedge(c->g, l, h, NULL, 1) : NULL;
    if (a == NULL || b == NULL) {
        cgraph_fail(c, "cannot add a label node");
        return;
    }
    for (Agsym_t *sym = agnxtattr(c->g, AGEDGE, NULL); sym != NULL;
         sym = agnxtattr(c->g, AGEDGE, sym)) {
        agxset(a, sym, agxget(e, sym));
        agxset(b, sym, agxget(e, sym));
    }
    set(c, a, "label", "");
    set(c, b, "label", "");
    set(c, a, "arrowhead", "none"); /* the arrow is drawn once, at h */
    /* The whole tooltip once, on the label; the two lines say what they
     * are (their label's text): three copies of every tooltip would make
     * report.html, which holds every diagram, half as large again. */
    set(c, a, "tooltip", agget(e, "label"));
    set(c, b, "tooltip", agget(e, "label"));
    copy_attr(c, l, "label", e);
    copy_attr(c, l, "tooltip", e);
    copy_attr(c, l, "fontname", e);
    copy_attr(c, l, "fontsize", e);
    copy_attr(c, l, "fontcolor", e);
    static const dot_attr label_node[] = {
        {"shape", "box"},     {"style", "filled"},     {"fillcolor", "#ffffff"},
        {"color", "#ffffff"}, {"margin", "0.04,0.02"}, {"width", "0"},
        {"height", "0"},
    };
    set_all(c, l, label_node, sizeof(label_node) / sizeof(*label_node));
    agdelete(c->g, e);
}

/*
 * dot places an edge's label beside the edge as it routes it, and Graphviz
 * 2.43 lets those labels fall on one another and across cluster borders as
 * soon as a few edges run between clusters; an xlabel is placed after the
 * layout and may cross a border too (tests/viz/test_labels.c measures both
 * on the SVG). For the drawing only, each labelled edge t -> h becomes
 * t -> L -> h through a small borderless node L holding the label, in the
 * deepest cluster that holds both ends (dot never lets two nodes overlap,
 * and keeps a node out of the clusters it is not in), its tooltip the
 * edge's (the two halves' tooltips: the label's text); a node's xlabel
 * joins the end of its label. The DOT file keeps
 * the plain labelled edges. Edges are taken in creation order, so the
 * drawing stays deterministic.
 */
void dot_labels_as_nodes(gctx *c)
{
    size_t n = 0, cap = 0;
    Agedge_t **edges = NULL;
    for (Agnode_t *v = agfstnode(c->g); v != NULL && ok(c); v = agnxtnode(c->g, v)) {
        const char *x = agget(v, "xlabel");
        if (x != NULL && x[0] != '\0') {
            lsn_text_clear(&c->label);
            lsn_text_puts(&c->label, agget(v, "label"));
            lsn_text_puts(&c->label, "\\n");
            lsn_text_puts(&c->label, x);
            set(c, v, "label", dot_str(&c->label));
            set(c, v, "xlabel", "");
        }
        for (Agedge_t *e = agfstout(c->g, v); e != NULL && ok(c); e = agnxtout(c->g, e)) {
            const char *lb = agget(e, "label");
            if (lb == NULL || lb[0] == '\0') {
                continue;
            }
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                Agedge_t **grown = realloc(edges, cap * sizeof(*edges));
                if (grown == NULL) {
                    c->rc = lsn_oom();
                    break;
                }
                edges = grown;
            }
            edges[n++] = e;
        }
    }
    /* dot spaces a graph with edge labels as if it had twice the ranks:
     * half the rank gap, every edge at least two ranks long, the label on
     * the rank between. So here, for the same proportions: t -> L -> h
     * spans the two ranks, every other edge is made two long. */
    if (n > 0 && ok(c)) {
        const char *sep = agget(c->g, "ranksep");
        double inches = sep != NULL && sep[0] != '\0' ? strtod(sep, NULL) : 0.5;
        setf(c, c->g, "ranksep", "%.2f", (inches * 72 + 1) / 2 / 72);
        for (Agnode_t *v = agfstnode(c->g); v != NULL && ok(c); v = agnxtnode(c->g, v)) {
            for (Agedge_t *e = agfstout(c->g, v); e != NULL && ok(c); e = agnxtout(c->g, e)) {
                const char *lb = agget(e, "label");
                if (lb == NULL || lb[0] == '\0') {
                    set(c, e, "minlen", "2");
                }
            }
        }
    }
    for (size_t k = 0; k < n && ok(c); k++) {
        label_node(c, edges[k], k + 1);
    }
    free(edges);
}
