/*
 * analysis/graphml.h — an undirected graph given as columns written as
 * GraphML with igraph's writer (igraph_write_graph_graphml), and read back
 * with its reader. The igraph side of viz/tables.h's person.graphml and
 * teams.graphml: the writer there decides the rows and the columns.
 */
#ifndef LSN_ANALYSIS_GRAPHML_H
#define LSN_ANALYSIS_GRAPHML_H

#include <stddef.h>
#include <stdint.h>

/** One attribute column: text (strings) or, when text is NULL, numbers. */
typedef struct lsn_graphml_attr {
    const char *name;
    const char *const *text;
    const double *number; /* NaN is written NaN */
} lsn_graphml_attr;

/** The graph: nv vertices, ne edges from[i] - to[i], and their columns. */
typedef struct lsn_graphml {
    size_t nv;
    const lsn_graphml_attr *vattrs;
    size_t nvattrs;
    size_t ne;
    const int32_t *from;
    const int32_t *to;
    const lsn_graphml_attr *eattrs;
    size_t neattrs;
} lsn_graphml;

/**
 * Write g to path as GraphML (undirected; attribute keys are the column
 * names; vertices n0, n1, ... and edges in the order given).
 * @return LSN_OK, LSN_EIO (cannot write), LSN_ENOMEM or LSN_EINTERNAL
 *         (igraph refused, e.g. an edge naming a vertex >= nv).
 */
int lsn_graphml_save(const char *path, const lsn_graphml *g);

/** A GraphML file read back by lsn_graphml_load. */
typedef struct lsn_graphml_loaded {
    size_t nv, ne;
    int32_t *from, *to; /* the ends of the ne edges */
    double *evalues;    /* the numeric edge column, ne entries; NULL when missing */
    char **vvalues;     /* the string vertex column, nv strings; NULL when missing */
} lsn_graphml_loaded;

/**
 * Read the GraphML file path back with igraph's reader into g (malloc'd
 * arrays, free with lsn_graphml_loaded_free): its size, its edges, the
 * numeric edge column ename and the string vertex column vname. For tests
 * and checks. On failure g is empty.
 * @return LSN_OK, LSN_EIO, LSN_ENOMEM or LSN_EINTERNAL (not GraphML).
 */
int lsn_graphml_load(lsn_graphml_loaded *g, const char *path, const char *ename, const char *vname);

/** Free what lsn_graphml_load handed out and empty g. */
void lsn_graphml_loaded_free(lsn_graphml_loaded *g);

#endif
