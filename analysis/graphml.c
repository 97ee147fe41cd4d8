/*
 * analysis/graphml.c — GraphML read back through igraph
 * (analysis/graphml.h). igraph's C attribute handler is installed only for
 * the graph read here and the one installed before is put back, so no
 * other igraph call of the program pays for attributes.
 */
#include "analysis/graphml.h"

#include "analysis/igutil.h"
#include "io/error.h"

#include <errno.h>
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
