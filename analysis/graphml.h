/*
 * analysis/graphml.h — a GraphML file read back with igraph's reader
 * (igraph_read_graph_graphml): the check that person.graphml and
 * teams.graphml (written by viz/graphml_file.h) are GraphML igraph reads.
 */
#ifndef LSN_ANALYSIS_GRAPHML_H
#define LSN_ANALYSIS_GRAPHML_H

#include <stddef.h>
#include <stdint.h>

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
