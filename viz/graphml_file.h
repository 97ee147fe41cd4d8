/*
 * viz/graphml_file.h — an undirected graph given as columns, written as
 * GraphML in the layout igraph's writer (igraph_write_graph_graphml) uses,
 * and streamed: no igraph graph is built, no value is copied. The rows and
 * the columns of person.graphml and teams.graphml are decided in
 * viz/graphml.c; analysis/graphml.h reads a file back with igraph.
 */
#ifndef LSN_VIZ_GRAPHML_FILE_H
#define LSN_VIZ_GRAPHML_FILE_H

#include <stddef.h>
#include <stdint.h>

/** One attribute column: text (strings) or, when text is NULL, numbers. */
typedef struct lsn_graphml_attr {
    const char *name;
    const char *const *text; /* a NULL string is written empty */
    const double *number;    /* NaN is left out, as igraph leaves it out */
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
 * Write g to path as GraphML: undirected; attribute keys are the column
 * names (text columns of type string, number columns of type double);
 * vertices n0, n1, ... and the edges in the order given, each with its
 * smaller end as source. XML's five special characters are escaped; a
 * control character XML cannot hold (below U+0020 but tab, line feed and
 * carriage return) is written U+FFFD, where igraph refuses the graph.
 * Numbers are spelled as lsn_graphml_number_text (viz/json_number.h).
 * @return LSN_OK, LSN_EIO (cannot write), LSN_ENOMEM or LSN_EINVAL (an
 *         edge naming a vertex >= nv, or a column without values).
 */
int lsn_graphml_save(const char *path, const lsn_graphml *g);

#endif
