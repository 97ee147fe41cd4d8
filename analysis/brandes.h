/*
 * analysis/brandes.h — vertex betweenness of a weighted undirected graph
 * (Brandes' algorithm over Dijkstra), with igraph's optional path-length
 * cut-off, on several threads.
 *
 * Why not igraph_betweenness_cutoff() itself: the values are the same (the
 * tests compare the two on random graphs with ties, with and without a
 * cut-off), but igraph 0.10 starts every source by allocating a heap of
 * all V vertices (V^2 work in all) and keeps popping vertices past the
 * cut-off, and Debian's igraph is not built thread-safe, so it cannot use
 * a second core. Here each source stops at the cut-off, the per-source
 * state is reset only where it was touched, and the sources are split into
 * fixed chunks that threads take in turn; chunk sums are added in chunk
 * order, so the result is the same bytes for any number of threads.
 *
 * Semantics (igraph's, kept exactly): a path's length is the sum of its
 * edges' lengths; two lengths within a relative 1e-10 are equal
 * (igraph_cmp_epsilon with IGRAPH_SHORTEST_PATH_EPSILON); with a cut-off
 * >= 0 only shortest paths of length <= cut-off count; every unordered
 * pair of endpoints is counted once; self-loops are ignored.
 */
#ifndef LSN_ANALYSIS_BRANDES_H
#define LSN_ANALYSIS_BRANDES_H

#include <igraph.h>
#include <stddef.h>

/** Told the share of sources done, 0..1, on the calling thread. */
typedef void (*lsn_brandes_progress_fn)(void *ud, double share);

typedef struct lsn_brandes_args {
    const igraph_t *graph;          /* undirected (directed edges are read as undirected) */
    const igraph_vector_t *lengths; /* one per edge, each > 0 and not NaN */
    size_t targets;                 /* results for vertices 0 .. targets - 1 (<= vcount) */
    double cutoff;                  /* longest path counted; negative: none */
    int threads;                    /* threads to use; <= 0: one per CPU */
    lsn_brandes_progress_fn progress; /* may be NULL */
    void *ud;
} lsn_brandes_args;

/**
 * Betweenness of vertices 0 .. args->targets - 1 into out[0 .. targets - 1].
 * Returns LSN_OK; LSN_EINVAL for a length that is not > 0 or a targets
 * count above the vertex count; LSN_ENOMEM; LSN_EINTERNAL when a thread
 * cannot be started. Each with one message. Cost O(V (E + V) log V) without
 * a cut-off, O(sum over sources of the ball within the cut-off) with one;
 * memory O(E) per thread plus O(targets) per thread.
 */
int lsn_brandes(double *out, const lsn_brandes_args *args);

/** A betweenness under way (lsn_brandes_start()). */
typedef struct lsn_brandes_job lsn_brandes_job;

/**
 * lsn_brandes() in two halves, so that the calling thread can do other work
 * (igraph included) while the other threads run: the start reads the graph
 * and the lengths (the only igraph calls; neither is read afterwards) and
 * starts threads - 1 threads on the sources; lsn_brandes_finish() joins in
 * on the calling thread and waits for the rest. The result is the same
 * bytes as lsn_brandes(), whoever ran which chunk. With one thread nothing
 * runs before lsn_brandes_finish().
 *
 * @param[out] out the job: hand it to lsn_brandes_finish() or
 *                 lsn_brandes_cancel(); NULL on failure
 * @return as lsn_brandes(); args->progress is told on the thread that calls
 *         lsn_brandes_finish(), during that call.
 */
int lsn_brandes_start(lsn_brandes_job **out, const lsn_brandes_args *args);

/**
 * Finish the job: out[0 .. targets - 1] as lsn_brandes() gives them. The
 * job is freed whatever the result.
 */
int lsn_brandes_finish(lsn_brandes_job *job, double *out);

/** Stop the job's threads (after the chunks they are on) and free it; NULL is fine. */
void lsn_brandes_cancel(lsn_brandes_job *job);

#endif
