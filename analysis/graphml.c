/*
 * analysis/graphml.c — GraphML through igraph (analysis/graphml.h). The
 * C attribute handler is installed only for the graph written or read
 * here and the one installed before is put back, so no other igraph call
 * of the program pays for attributes.
 */
#include "analysis/graphml.h"

#include "analysis/igutil.h"
#include "io/error.h"

#include <errno.h>
#include <igraph.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

static igraph_error_t set_column(igraph_t *g, const lsn_graphml_attr *a, size_t n, bool vertex)
{
    igraph_error_t ig;
    if (a->text != NULL) {
        igraph_strvector_t sv;
        if ((ig = igraph_strvector_init(&sv, (igraph_integer_t)n)) != IGRAPH_SUCCESS) {
            return ig;
        }
        for (size_t i = 0; i < n && ig == IGRAPH_SUCCESS; i++) {
            ig = igraph_strvector_set(&sv, (igraph_integer_t)i, a->text[i] ? a->text[i] : "");
        }
        if (ig == IGRAPH_SUCCESS) {
            ig = vertex ? igraph_cattribute_VAS_setv(g, a->name, &sv)
                        : igraph_cattribute_EAS_setv(g, a->name, &sv);
        }
        igraph_strvector_destroy(&sv);
        return ig;
    }
    igraph_vector_t v;
    memset(&v, 0, sizeof(v));
    const igraph_vector_t *view = igraph_vector_view(&v, a->number, (igraph_integer_t)n);
    return vertex ? igraph_cattribute_VAN_setv(g, a->name, view)
                  : igraph_cattribute_EAN_setv(g, a->name, view);
}

int lsn_graphml_save(const char *path, const lsn_graphml *g)
{
    lsn_igutil_scope scope;
    igraph_t graph;
    igraph_vector_int_t ends;
    int rc = LSN_OK;
    bool made = false;
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    /* igraph prints a field at a time: one thread writes f, so no lock per
     * field, and a large buffer. */
    __fsetlocking(f, FSETLOCKING_BYCALLER);
    setvbuf(f, NULL, _IOFBF, 1 << 18);
    lsn_igutil_begin(&scope);
    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_error_t ig = igraph_vector_int_init(&ends, (igraph_integer_t)(2 * g->ne));
    if (ig == IGRAPH_SUCCESS) {
        for (size_t i = 0; i < g->ne; i++) {
            VECTOR(ends)[2 * i] = g->from[i];
            VECTOR(ends)[2 * i + 1] = g->to[i];
        }
        if ((ig = igraph_empty(&graph, (igraph_integer_t)g->nv, IGRAPH_UNDIRECTED)) ==
            IGRAPH_SUCCESS) {
            made = true;
            ig = igraph_add_edges(&graph, &ends, NULL);
        }
        igraph_vector_int_destroy(&ends);
    }
    for (size_t k = 0; k < g->nvattrs && ig == IGRAPH_SUCCESS; k++) {
        ig = set_column(&graph, &g->vattrs[k], g->nv, true);
    }
    for (size_t k = 0; k < g->neattrs && ig == IGRAPH_SUCCESS; k++) {
        ig = set_column(&graph, &g->eattrs[k], g->ne, false);
    }
    if (ig == IGRAPH_SUCCESS) {
        ig = igraph_write_graph_graphml(&graph, f, false);
    }
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_write_graph_graphml");
    }
    if (made) {
        igraph_destroy(&graph);
    }
    igraph_set_attribute_table(old);
    lsn_igutil_end(&scope);
    if (fclose(f) != 0 && rc == LSN_OK) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    return rc;
}

void lsn_graphml_loaded_free(lsn_graphml_loaded *g)
{
    for (size_t i = 0; g->vvalues != NULL && i < g->nv; i++) {
        free(g->vvalues[i]);
    }
    free(g->vvalues);
    free(g->from);
    free(g->to);
    free(g->evalues);
    memset(g, 0, sizeof(*g));
}

int lsn_graphml_load(lsn_graphml_loaded *g, const char *path, const char *ename, const char *vname)
{
    lsn_igutil_scope scope;
    igraph_t graph;
    int rc = LSN_OK;
    memset(g, 0, sizeof(*g));
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    lsn_igutil_begin(&scope);
    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_error_t ig = igraph_read_graph_graphml(&graph, f, 0);
    fclose(f);
    if (ig != IGRAPH_SUCCESS) {
        rc = lsn_igutil_error(ig, "igraph_read_graph_graphml");
        goto done;
    }
    g->nv = (size_t)igraph_vcount(&graph);
    g->ne = (size_t)igraph_ecount(&graph);
    g->from = malloc((g->ne ? g->ne : 1) * sizeof(*g->from));
    g->to = malloc((g->ne ? g->ne : 1) * sizeof(*g->to));
    bool has_e = ename != NULL && igraph_cattribute_has_attr(&graph, IGRAPH_ATTRIBUTE_EDGE, ename);
    bool has_v =
        vname != NULL && igraph_cattribute_has_attr(&graph, IGRAPH_ATTRIBUTE_VERTEX, vname);
    if (has_e) {
        g->evalues = malloc((g->ne ? g->ne : 1) * sizeof(*g->evalues));
    }
    if (has_v) {
        g->vvalues = calloc(g->nv ? g->nv : 1, sizeof(*g->vvalues));
    }
    if (g->from == NULL || g->to == NULL || (has_e && g->evalues == NULL) ||
        (has_v && g->vvalues == NULL)) {
        rc = lsn_oom();
    }
    for (size_t i = 0; i < g->ne && rc == LSN_OK; i++) {
        g->from[i] = (int32_t)IGRAPH_FROM(&graph, (igraph_integer_t)i);
        g->to[i] = (int32_t)IGRAPH_TO(&graph, (igraph_integer_t)i);
        if (has_e) {
            g->evalues[i] = EAN(&graph, ename, (igraph_integer_t)i);
        }
    }
    for (size_t i = 0; i < g->nv && has_v && rc == LSN_OK; i++) {
        g->vvalues[i] = strdup(VAS(&graph, vname, (igraph_integer_t)i));
        if (g->vvalues[i] == NULL) {
            rc = lsn_oom();
        }
    }
    igraph_destroy(&graph);
done:
    igraph_set_attribute_table(old);
    lsn_igutil_end(&scope);
    if (rc != LSN_OK) {
        lsn_graphml_loaded_free(g);
    }
    return rc;
}
