/*
 * viz/dot_graph.c — the cgraph plumbing of the diagrams (viz/dot.h): a graph
 * whose ids follow creation order, its attribute defaults, writing it as
 * DOT and reading it back (for the layout processes of dot_layout.c). It
 * decides nothing about what is drawn.
 */
#include "viz/dot_internal.h"

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
    declare(c, AGRAPH, "fontname", FONT);
    declare(c, AGRAPH, "fontsize", "12");
    declare(c, AGRAPH, "label", "");
    declare(c, AGRAPH, "tooltip", "");
    declare(c, AGNODE, "shape", "box");
    declare(c, AGNODE, "style", "rounded,filled");
    declare(c, AGNODE, "fillcolor", "#ffffff");
    declare(c, AGNODE, "color", "#78909c");
    declare(c, AGNODE, "fontname", FONT);
    declare(c, AGNODE, "fontsize", "11");
    declare(c, AGNODE, "label", "\\N");
    declare(c, AGEDGE, "fontname", FONT);
    declare(c, AGEDGE, "fontsize", "9");
    declare(c, AGEDGE, "arrowsize", "0.7");
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
    FILE *f = fopen(path, "wb");
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
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    agwrite(c->g, f);
    int err = ferror(f);
    if (fclose(f) != 0 || err) {
        return lsn_error_set(LSN_EIO, "%s: cannot write", path);
    }
    return LSN_OK;
}
