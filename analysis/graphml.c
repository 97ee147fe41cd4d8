/*
 * analysis/graphml.c — GraphML through igraph (analysis/graphml.h). An
 * attribute handler is installed only for the graph written (ours, below)
 * or read (igraph's C handler) here and the one installed before is put
 * back, so no other igraph call of the program pays for attributes.
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

/*
 * Writing, igraph reads the columns through an attribute handler of our
 * own that serves them from the lsn_graphml as they are: no copy of every
 * string into igraph's C attribute handler first, and no search of its
 * lists at every value igraph asks for. It serves one graph at a time, the
 * one being written (under the igraph lock, analysis/igutil.h), and only
 * what the writer asks: the names and types, and values by vertex or edge.
 */
static const lsn_graphml *viewed;

static const lsn_graphml_attr *column(const lsn_graphml *g, bool vertex, const char *name)
{
    const lsn_graphml_attr *a = vertex ? g->vattrs : g->eattrs;
    size_t n = vertex ? g->nvattrs : g->neattrs;
    for (size_t k = 0; k < n; k++) {
        if (strcmp(a[k].name, name) == 0) {
            return &a[k];
        }
    }
    return NULL;
}

static igraph_error_t view_init(igraph_t *graph, igraph_vector_ptr_t *attr)
{
    (void)attr;
    graph->attr = (void *)viewed;
    return IGRAPH_SUCCESS;
}

static void view_destroy(igraph_t *graph)
{
    graph->attr = NULL;
}

static igraph_error_t
view_copy(igraph_t *to, const igraph_t *from, igraph_bool_t ga, igraph_bool_t va, igraph_bool_t ea)
{
    (void)ga;
    (void)va;
    (void)ea;
    to->attr = from->attr;
    return IGRAPH_SUCCESS;
}

/* Vertices and edges come without attributes of their own: the columns
 * already hold every value. */
static igraph_error_t
view_add_vertices(igraph_t *graph, igraph_integer_t nv, igraph_vector_ptr_t *attr)
{
    (void)graph;
    (void)nv;
    return attr != NULL && igraph_vector_ptr_size(attr) > 0 ? IGRAPH_UNIMPLEMENTED : IGRAPH_SUCCESS;
}

static igraph_error_t
view_add_edges(igraph_t *graph, const igraph_vector_int_t *edges, igraph_vector_ptr_t *attr)
{
    (void)edges;
    return view_add_vertices(graph, 0, attr);
}

static igraph_error_t
view_permute(const igraph_t *graph, igraph_t *newgraph, const igraph_vector_int_t *idx)
{
    (void)graph;
    (void)newgraph;
    (void)idx;
    return IGRAPH_UNIMPLEMENTED;
}

static igraph_error_t view_combine(const igraph_t *graph,
                                   igraph_t *newgraph,
                                   const igraph_vector_int_list_t *merges,
                                   const igraph_attribute_combination_t *comb)
{
    (void)graph;
    (void)newgraph;
    (void)merges;
    (void)comb;
    return IGRAPH_UNIMPLEMENTED;
}

static igraph_error_t
names(igraph_strvector_t *out, igraph_vector_int_t *types, const lsn_graphml_attr *a, size_t n)
{
    if (out != NULL) {
        IGRAPH_CHECK(igraph_strvector_resize(out, (igraph_integer_t)n));
        for (size_t k = 0; k < n; k++) {
            IGRAPH_CHECK(igraph_strvector_set(out, (igraph_integer_t)k, a[k].name));
        }
    }
    if (types != NULL) {
        IGRAPH_CHECK(igraph_vector_int_resize(types, (igraph_integer_t)n));
        for (size_t k = 0; k < n; k++) {
            VECTOR(*types)
            [k] = a[k].text != NULL ? IGRAPH_ATTRIBUTE_STRING : IGRAPH_ATTRIBUTE_NUMERIC;
        }
    }
    return IGRAPH_SUCCESS;
}

static igraph_error_t view_get_info(const igraph_t *graph,
                                    igraph_strvector_t *gnames,
                                    igraph_vector_int_t *gtypes,
                                    igraph_strvector_t *vnames,
                                    igraph_vector_int_t *vtypes,
                                    igraph_strvector_t *enames,
                                    igraph_vector_int_t *etypes)
{
    const lsn_graphml *g = graph->attr;
    IGRAPH_CHECK(names(gnames, gtypes, NULL, 0));
    IGRAPH_CHECK(names(vnames, vtypes, g->vattrs, g->nvattrs));
    return names(enames, etypes, g->eattrs, g->neattrs);
}

static igraph_bool_t
view_has_attr(const igraph_t *graph, igraph_attribute_elemtype_t type, const char *name)
{
    return type != IGRAPH_ATTRIBUTE_GRAPH &&
           column(graph->attr, type == IGRAPH_ATTRIBUTE_VERTEX, name) != NULL;
}

static igraph_error_t view_gettype(const igraph_t *graph,
                                   igraph_attribute_type_t *type,
                                   igraph_attribute_elemtype_t elemtype,
                                   const char *name)
{
    const lsn_graphml_attr *a =
        elemtype == IGRAPH_ATTRIBUTE_GRAPH
            ? NULL
            : column(graph->attr, elemtype == IGRAPH_ATTRIBUTE_VERTEX, name);
    if (a == NULL) {
        IGRAPH_ERRORF("No attribute named '%s'.", IGRAPH_EINVAL, name);
    }
    *type = a->text != NULL ? IGRAPH_ATTRIBUTE_STRING : IGRAPH_ATTRIBUTE_NUMERIC;
    return IGRAPH_SUCCESS;
}

static igraph_error_t
view_no_graph_number(const igraph_t *graph, const char *name, igraph_vector_t *value)
{
    (void)graph;
    (void)value;
    IGRAPH_ERRORF("No graph attribute named '%s'.", IGRAPH_EINVAL, name);
}

static igraph_error_t
view_no_graph_string(const igraph_t *graph, const char *name, igraph_strvector_t *value)
{
    (void)graph;
    (void)value;
    IGRAPH_ERRORF("No graph attribute named '%s'.", IGRAPH_EINVAL, name);
}

static igraph_error_t
view_no_graph_bool(const igraph_t *graph, const char *name, igraph_vector_bool_t *value)
{
    (void)graph;
    (void)value;
    IGRAPH_ERRORF("No graph attribute named '%s'.", IGRAPH_EINVAL, name);
}

/* The values of column name of the vertices (vertex) or edges of ids
 * (a one-element selector taken at once, any other walked), as numbers or
 * strings: the one of num and str that is not NULL. */
static igraph_error_t values(const igraph_t *graph,
                             bool vertex,
                             const char *name,
                             igraph_vit_t *vit,
                             igraph_eit_t *eit,
                             igraph_vector_t *num,
                             igraph_strvector_t *str)
{
    const lsn_graphml_attr *a = column(graph->attr, vertex, name);
    if (a == NULL || (num != NULL) != (a->number != NULL)) {
        IGRAPH_ERRORF("No %s attribute named '%s' of that type.", IGRAPH_EINVAL,
                      vertex ? "vertex" : "edge", name);
    }
    igraph_integer_t n = vertex ? IGRAPH_VIT_SIZE(*vit) : IGRAPH_EIT_SIZE(*eit);
    if (num != NULL) {
        IGRAPH_CHECK(igraph_vector_resize(num, n));
    } else {
        IGRAPH_CHECK(igraph_strvector_resize(str, n));
    }
    for (igraph_integer_t i = 0; i < n; i++) {
        igraph_integer_t at = vertex ? IGRAPH_VIT_GET(*vit) : IGRAPH_EIT_GET(*eit);
        if (num != NULL) {
            VECTOR(*num)[i] = a->number[at];
        } else {
            IGRAPH_CHECK(igraph_strvector_set(str, i, a->text[at] != NULL ? a->text[at] : ""));
        }
        if (vertex) {
            IGRAPH_VIT_NEXT(*vit);
        } else {
            IGRAPH_EIT_NEXT(*eit);
        }
    }
    return IGRAPH_SUCCESS;
}

static igraph_error_t vertex_values(const igraph_t *graph,
                                    const char *name,
                                    igraph_vs_t vs,
                                    igraph_vector_t *num,
                                    igraph_strvector_t *str)
{
    igraph_vit_t it;
    IGRAPH_CHECK(igraph_vit_create(graph, vs, &it));
    IGRAPH_FINALLY(igraph_vit_destroy, &it);
    IGRAPH_CHECK(values(graph, true, name, &it, NULL, num, str));
    igraph_vit_destroy(&it);
    IGRAPH_FINALLY_CLEAN(1);
    return IGRAPH_SUCCESS;
}

static igraph_error_t edge_values(const igraph_t *graph,
                                  const char *name,
                                  igraph_es_t es,
                                  igraph_vector_t *num,
                                  igraph_strvector_t *str)
{
    igraph_eit_t it;
    IGRAPH_CHECK(igraph_eit_create(graph, es, &it));
    IGRAPH_FINALLY(igraph_eit_destroy, &it);
    IGRAPH_CHECK(values(graph, false, name, NULL, &it, num, str));
    igraph_eit_destroy(&it);
    IGRAPH_FINALLY_CLEAN(1);
    return IGRAPH_SUCCESS;
}

static igraph_error_t
view_vertex_number(const igraph_t *graph, const char *name, igraph_vs_t vs, igraph_vector_t *value)
{
    return vertex_values(graph, name, vs, value, NULL);
}

static igraph_error_t view_vertex_string(const igraph_t *graph,
                                         const char *name,
                                         igraph_vs_t vs,
                                         igraph_strvector_t *value)
{
    return vertex_values(graph, name, vs, NULL, value);
}

static igraph_error_t
view_edge_number(const igraph_t *graph, const char *name, igraph_es_t es, igraph_vector_t *value)
{
    return edge_values(graph, name, es, value, NULL);
}

static igraph_error_t
view_edge_string(const igraph_t *graph, const char *name, igraph_es_t es, igraph_strvector_t *value)
{
    return edge_values(graph, name, es, NULL, value);
}

static igraph_error_t view_vertex_bool(const igraph_t *graph,
                                       const char *name,
                                       igraph_vs_t vs,
                                       igraph_vector_bool_t *value)
{
    (void)graph;
    (void)vs;
    (void)value;
    IGRAPH_ERRORF("No boolean vertex attribute named '%s'.", IGRAPH_EINVAL, name);
}

static igraph_error_t
view_edge_bool(const igraph_t *graph, const char *name, igraph_es_t es, igraph_vector_bool_t *value)
{
    (void)graph;
    (void)es;
    (void)value;
    IGRAPH_ERRORF("No boolean edge attribute named '%s'.", IGRAPH_EINVAL, name);
}

static igraph_attribute_table_t view_table = {
    .init = view_init,
    .destroy = view_destroy,
    .copy = view_copy,
    .add_vertices = view_add_vertices,
    .permute_vertices = view_permute,
    .combine_vertices = view_combine,
    .add_edges = view_add_edges,
    .permute_edges = view_permute,
    .combine_edges = view_combine,
    .get_info = view_get_info,
    .has_attr = view_has_attr,
    .gettype = view_gettype,
    .get_numeric_graph_attr = view_no_graph_number,
    .get_string_graph_attr = view_no_graph_string,
    .get_bool_graph_attr = view_no_graph_bool,
    .get_numeric_vertex_attr = view_vertex_number,
    .get_string_vertex_attr = view_vertex_string,
    .get_bool_vertex_attr = view_vertex_bool,
    .get_numeric_edge_attr = view_edge_number,
    .get_string_edge_attr = view_edge_string,
    .get_bool_edge_attr = view_edge_bool,
};

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
    viewed = g;
    igraph_attribute_table_t *old = igraph_set_attribute_table(&view_table);
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
    viewed = NULL;
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
