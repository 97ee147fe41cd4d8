/*
 * analysis/igutil.h — the boundary to igraph: an error handler that records
 * igraph's reason and returns (igraph's default one aborts the process),
 * translation of igraph error codes to LSN_E* codes, warnings routed to
 * lsn_warn(), and the fixed seed that makes igraph's randomness repeatable.
 *
 * Wrap every run of igraph calls:
 *
 *     lsn_igutil_scope scope;
 *     lsn_igutil_begin(&scope);
 *     igraph_error_t ig = igraph_something(...);
 *     if (ig != IGRAPH_SUCCESS) { rc = lsn_igutil_error(ig, "something"); }
 *     lsn_igutil_end(&scope);
 */
#ifndef LSN_ANALYSIS_IGUTIL_H
#define LSN_ANALYSIS_IGUTIL_H

#include <igraph.h>

/** The seed of igraph's default random generator for every randomized call. */
#define LSN_IGRAPH_SEED 20240601u

/** The handlers that were installed before lsn_igutil_begin(). */
typedef struct lsn_igutil_scope {
    igraph_error_handler_t *old_error;
    igraph_warning_handler_t *old_warning;
} lsn_igutil_scope;

/**
 * Take the process's igraph lock (igraph is not thread-safe: a scope on
 * another thread waits until this one ends), install the recording error
 * handler and the warning handler for the igraph calls that follow on this
 * thread, and forget any earlier reason. Scopes may nest. Pair with
 * lsn_igutil_end(). Every igraph call that allocates, frees, raises errors
 * or reads igraph's globals belongs in a scope; reading a graph's counts
 * (igraph_vcount, igraph_ecount) does not need one.
 */
void lsn_igutil_begin(lsn_igutil_scope *scope);

/** Restore the handlers saved by lsn_igutil_begin() and release the lock. */
void lsn_igutil_end(lsn_igutil_scope *scope);

/**
 * Record a failed igraph call as the current error: "igraph: WHAT: REASON".
 *
 * @param code the igraph_error_t the call returned (not IGRAPH_SUCCESS)
 * @param what a short name of what was being done, e.g. "igraph_create"
 * @return LSN_ENOMEM for IGRAPH_ENOMEM, else LSN_EINTERNAL.
 */
int lsn_igutil_error(igraph_error_t code, const char *what);

/** Seed igraph's default random generator with LSN_IGRAPH_SEED. Call right
 * before each randomized igraph call so results do not depend on call order. */
void lsn_igutil_seed(void);

#endif
