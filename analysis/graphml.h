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

/**
 * Read the GraphML file path back with igraph's reader and hand out its
 * size and one numeric edge column (malloc'd, *ne entries, NULL when the
 * column is missing) and the string vertex column vname (malloc'd array of
 * malloc'd strings, NULL when missing). For tests and checks.
 * @return LSN_OK, LSN_EIO, LSN_ENOMEM or LSN_EINTERNAL (not GraphML).
 */
int lsn_graphml_load(const char *path,
                     size_t *nv,
                     size_t *ne,
                     int32_t **from,
                     int32_t **to,
                     const char *ename,
                     double **evalues,
                     const char *vname,
                     char ***vvalues);

#endif
