/*
 * analysis/structure_internal.h — what the two files of the structure share
 * (structure.c: the communities and the formal-team signals;
 * structure_findings.c: community_mismatch and liaisons_everywhere). Not
 * for other modules.
 */
#ifndef LSN_ANALYSIS_STRUCTURE_INTERNAL_H
#define LSN_ANALYSIS_STRUCTURE_INTERNAL_H

#include "analysis/structure.h"
#include "io/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The formal-team signals of one set of roster people (see structure.h). */
struct signals {
    double modularity;
    double nmi;
    double ari;
    int32_t communities;
    int32_t people;
};

struct lsn_structure {
    size_t nvertices;   /* participants */
    int32_t *community; /* per participant */
    int32_t ncommunities;
    double quality;
    /* The person graph as adjacency lists over participants. */
    size_t *adj_first; /* nvertices + 1 */
    int32_t *adj;
    double *adj_w;
    struct signals org; /* every roster person with an edge */
};

/* The first failure wins; later calls still run so that they free what they own. */
static inline int keep(int rc, int next)
{
    return rc != LSN_OK ? rc : next;
}

static inline bool has_edge(const lsn_structure *s, int32_t v)
{
    return s->adj_first[v + 1] > s->adj_first[v];
}

/*
 * The formal-team signals of the roster people people[0..n): the
 * modularity of their formal teams on the graph restricted to them,
 * agreement with the Leiden communities, and how many communities they span
 * (structure.c). O(n + their degrees + U + communities).
 */
int structure_signals(struct signals *out,
                      const lsn_structure *s,
                      const lsn_org *org,
                      const int32_t *people,
                      size_t n);

#endif
