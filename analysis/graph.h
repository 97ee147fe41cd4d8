/*
 * analysis/graph.h — the person graph and the team graph of SPEC §2 as sorted
 * edge lists, and their conversion to igraph. Weights are hours per week.
 */
#ifndef LSN_ANALYSIS_GRAPH_H
#define LSN_ANALYSIS_GRAPH_H

#include "analysis/meetings.h"
#include "io/model.h"

#include <igraph.h>
#include <stddef.h>
#include <stdint.h>

/** One undirected weighted edge, u < v, weight in hours per week. */
typedef struct lsn_edge {
    int32_t u;
    int32_t v;
    double weight;
} lsn_edge;

/** An edge list; its owner frees it with free(list.edges). */
typedef struct lsn_edges {
    lsn_edge *edges; /* NULL when there is no edge */
    size_t count;
} lsn_edges;

/**
 * The person graph over every participant (participant indices of
 * lsn_calendar_participants(); roster people are 0..P-1): for every
 * non-broadcast instance with n present people and duration h hours, each
 * pair of them gets h / (n - 1), summed and divided by the window's weeks.
 *
 * The instances of one series are grouped by identical present set, so a
 * series costs O(m log m + groups x n^2) for m instances, never m x n^2.
 *
 * @param[out] out   edges sorted by (u, v); empty on failure
 * @param cal         a finished calendar
 * @param broadcast_size an instance of more than this many present
 *                    participants is a broadcast (as lsn_meetings_compute()
 *                    flags it) and makes no edge
 * @param weeks       window length in weeks, > 0
 * @param expected    the edges expected, 0 unknown: sizes the accumulator
 *                    (the same edges either way)
 * @return LSN_OK or LSN_ENOMEM. O(sum of n + groups x n^2 + E log E) time.
 */
int lsn_graph_person_edges(lsn_edges *out,
                           const lsn_calendar *cal,
                           int32_t broadcast_size,
                           double weeks,
                           size_t expected);

/**
 * The team graph: the weight of teams A-B (A != B) is the sum of the person
 * graph's weights between roster members of A and roster members of B.
 * Edges touching a non-roster participant are ignored.
 *
 * @param[out] out       edges between unit indices sorted by (u, v), u < v,
 *                       weight > 0; empty on failure
 * @param[out] internal  array of lsn_org_units() count entries: the weight of
 *                       person pairs inside each team (zeroed first)
 * @param org            the organization of the person graph's calendar
 * @param person         the person graph, as from lsn_graph_person_edges()
 * @return LSN_OK or LSN_ENOMEM. O(E + T log T) for T team edges.
 */
int lsn_graph_team_edges(lsn_edges *out,
                         double *internal,
                         const lsn_org *org,
                         const lsn_edges *person);

/**
 * Make an undirected igraph graph of `vertices` vertices whose edge i is
 * edges->edges[i], with the weights in a parallel vector. As in igraph_create(), the
 * vertex count grows to the largest index + 1 when an edge names a larger one.
 *
 * @param[out] graph    initialised on success; destroy with igraph_destroy()
 * @param[out] weights  initialised on success; destroy with igraph_vector_destroy()
 * @return LSN_OK, LSN_ENOMEM, or LSN_EINTERNAL (an igraph failure, such as a
 *         vertex index out of range); on failure neither output needs destroying.
 *         O(V + E).
 */
int lsn_graph_to_igraph(igraph_t *graph,
                        igraph_vector_t *weights,
                        const lsn_edges *edges,
                        int32_t vertices);

#endif
