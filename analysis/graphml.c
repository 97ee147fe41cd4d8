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

int lsn_graphml_load(const char *path,
                     size_t *nv,
                     size_t *ne,
                     int32_t **from,
                     int32_t **to,
                     const char *ename,
                     double **evalues,
                     const char *vname,
                     char ***vvalues)
{
    lsn_igutil_scope scope;
    igraph_t graph;
    int rc = LSN_OK;
    *nv = *ne = 0;
    *from = *to = NULL;
    *evalues = NULL;
    *vvalues = NULL;
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
    *nv = (size_t)igraph_vcount(&graph);
    *ne = (size_t)igraph_ecount(&graph);
    *from = malloc((*ne ? *ne : 1) * sizeof(**from));
    *to = malloc((*ne ? *ne : 1) * sizeof(**to));
    bool has_e = ename != NULL && igraph_cattribute_has_attr(&graph, IGRAPH_ATTRIBUTE_EDGE, ename);
    bool has_v =
        vname != NULL && igraph_cattribute_has_attr(&graph, IGRAPH_ATTRIBUTE_VERTEX, vname);
    if (has_e) {
        *evalues = malloc((*ne ? *ne : 1) * sizeof(**evalues));
    }
    if (has_v) {
        *vvalues = calloc(*nv ? *nv : 1, sizeof(**vvalues));
    }
    if (*from == NULL || *to == NULL || (has_e && *evalues == NULL) ||
        (has_v && *vvalues == NULL)) {
        rc = lsn_oom();
    }
    for (size_t i = 0; i < *ne && rc == LSN_OK; i++) {
        (*from)[i] = (int32_t)IGRAPH_FROM(&graph, (igraph_integer_t)i);
        (*to)[i] = (int32_t)IGRAPH_TO(&graph, (igraph_integer_t)i);
        if (has_e) {
            (*evalues)[i] = EAN(&graph, ename, (igraph_integer_t)i);
        }
    }
    for (size_t i = 0; i < *nv && has_v && rc == LSN_OK; i++) {
        (*vvalues)[i] = strdup(VAS(&graph, vname, (igraph_integer_t)i));
        if ((*vvalues)[i] == NULL) {
            rc = lsn_oom();
        }
    }
    igraph_destroy(&graph);
done:
    igraph_set_attribute_table(old);
    lsn_igutil_end(&scope);
    if (rc != LSN_OK) {
        free(*from);
        free(*to);
        free(*evalues);
        for (size_t i = 0; *vvalues != NULL && i < *nv; i++) {
            free((*vvalues)[i]);
        }
        free(*vvalues);
        *from = *to = NULL;
        *evalues = NULL;
        *vvalues = NULL;
    }
    return rc;
}
