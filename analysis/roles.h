/*
 * analysis/roles.h — what SPEC §3.2 reports per roster person besides
 * meeting hours and liaison links: the Leiden community (analysis/structure.h),
 * betweenness and Burt's constraint in the person graph, and Gould-Fernandez
 * brokerage counts with teams as the groups.
 *
 * Betweenness. The person graph's weights are tie strengths (hours per week
 * together); shortest paths need lengths, so every edge gets the distance
 * 1 / weight: a path through people who meet a lot is short. The graph is
 * every participant (unknown and external people can sit on a path), and
 * undirected; values are igraph's (each unordered pair of endpoints counted
 * once). With at most betweenness_exact_max vertices, or a negative
 * betweenness_cutoff, it is exact; otherwise only shortest paths count
 * whose length (sum of
 * 1 / weight over their edges, in weeks per hour) is at most
 * betweenness_cutoff: with the default 8.0, paths along ties of at least an
 * eighth of an hour per week for one hop, a quarter of an hour per hop for
 * two, and so on (the default exact limit is 2500 vertices, participants
 * outside the roster included). `exact` records which was used; the report's
 * parameters say "exact" or "cutoff". The values are igraph's
 * (igraph_betweenness and igraph_betweenness_cutoff), computed by
 * analysis/brandes.c on every CPU.
 *
 * Constraint. igraph_constraint() with the person-graph weights, over the
 * whole graph (ego networks include non-roster participants). It is
 * undefined for a person with no person-graph edge: the value is NaN, which
 * the report writes as null.
 *
 * Brokerage (Gould and Fernandez 1989; as in R sna::brokerage). It needs
 * directed ties; the tie is "who brings whose team context": q -> p when p
 * is present at a team meeting (SPEC §2) of q's team at which q is present,
 * p != q, both roster people. Information flows from the team that holds
 * the meeting to everyone in the room: a visitor learns the host team's
 * context (the liaison model's purpose: "attend meetings and learn the
 * context they need"); members of a team tie each other both ways; two
 * visitors in the same room get no tie (it is neither one's team meeting).
 * Broadcast instances make no tie (they make no liaison links either); one
 * team meeting is enough for a tie. Then b is a broker of every open
 * two-path a -> b -> c with a, b, c distinct and no tie a -> c, counted by
 * the teams (groups) of a, b, c:
 *   coordinator     a, b, c in one team            (A -> A -> A)
 *   itinerant       a and c in one team, b not     (A -> B -> A)
 *   representative  a and b in one team, c not     (A -> A -> B)
 *   gatekeeper      b and c in one team, a not     (A -> B -> B)
 *   liaison         three different teams          (A -> B -> C)
 * So a liaison who sits in another team's meetings and shares that context
 * with their own team is that team's gatekeeper, and the host members who
 * pass their context on to the visitor's team mates are representatives.
 * Ties are built once per distinct (team, present set) of each series, so the
 * cost is O(sum over distinct sets of members x present) plus
 * O(sum over brokers of in-degree x out-degree x log degree).
 */
#ifndef LSN_ANALYSIS_ROLES_H
#define LSN_ANALYSIS_ROLES_H

#include "analysis/analysis.h"
#include "analysis/passes.h"
#include "analysis/structure.h"

#include <stdbool.h>
#include <stdint.h>

/** The roles of one roster person. */
typedef struct lsn_role {
    double betweenness; /* person graph, distances 1 / weight (see above) */
    double constraint;  /* Burt's constraint; NaN without any person-graph edge */
    int64_t coordinator;
    int64_t itinerant;
    int64_t gatekeeper;
    int64_t representative;
    int64_t liaison;
    int32_t community; /* lsn_structure_communities() of the person */
} lsn_role;

/**
 * Told which part of the roles is under way ("betweenness", "constraint",
 * "brokerage") and, for betweenness, how far it has got: share 0..1
 * (negative when unknown).
 */
typedef void (*lsn_roles_progress_fn)(void *ud, const char *part, double share);

/**
 * Only the Gould-Fernandez counts (the five int64_t fields of out; the other
 * fields are left alone), for callers and tests that do not need igraph.
 * Returns LSN_OK or LSN_ENOMEM.
 */
int lsn_roles_brokerage(lsn_role *out, const lsn_analysis *a);

/**
 * Compute the roles of every roster person.
 *
 * @param[out] out   array of lsn_org_people() count entries, filled in roster order
 * @param[out] exact set to true when betweenness is exact, false when the
 *                   cutoff variant was used; may be NULL
 * @param a          the analysis
 * @param s          its structure (for the communities)
 * @param opts       betweenness_exact_max and betweenness_cutoff are read;
 *                   NULL means LSN_PASS_OPTIONS_INIT
 * @param progress   when not NULL, told progress(ud, part, share) which
 *                   part is under way while it runs (on the calling
 *                   thread); the results do not depend on it
 * @return LSN_OK; LSN_EINVAL for a negative betweenness_exact_max or a NaN
 *         cutoff; LSN_ENOMEM; LSN_EINTERNAL for an igraph failure. Each with
 *         one message. Cost: betweenness O(V E log V) exact (less with the
 *         cutoff), constraint O(V d^2) for average degree d, brokerage as in
 *         the file comment.
 */
int lsn_roles_compute(lsn_role *out,
                      bool *exact,
                      const lsn_analysis *a,
                      const lsn_structure *s,
                      const lsn_pass_options *opts,
                      lsn_roles_progress_fn progress,
                      void *ud);

/** Roles under way (lsn_roles_start()). */
typedef struct lsn_roles_job lsn_roles_job;

/**
 * lsn_roles_compute() in two halves: the start checks the options, reads
 * the person graph and starts the betweenness on the other threads
 * (analysis/brandes.h), so that the caller can go on with other work,
 * igraph included, on its own thread; lsn_roles_finish() joins in, then
 * computes constraint and brokerage (the brokerage counts, which need no
 * igraph, on a thread of their own from the start unless opts->threads is 1).
 * Same results as lsn_roles_compute().
 * a must not change or be freed until the job is finished or cancelled.
 *
 * @param[out] out the job (lsn_roles_finish() or lsn_roles_cancel()); NULL on failure
 * @return LSN_OK, or the errors of lsn_roles_compute() about the options,
 *         LSN_ENOMEM or LSN_EINTERNAL.
 */
int lsn_roles_start(lsn_roles_job **out, const lsn_analysis *a, const lsn_pass_options *opts);

/**
 * The constraint (igraph) now, on the calling thread, so that it can run
 * while that thread would otherwise wait (the proposal on another thread,
 * analysis/run.c); lsn_roles_finish() computes it when this was not called.
 * Returns LSN_OK or the errors of lsn_roles_compute().
 */
int lsn_roles_constraint(lsn_roles_job *job);

/**
 * Finish the roles started by lsn_roles_start() (parameters as
 * lsn_roles_compute()); the job is freed whatever the result.
 */
int lsn_roles_finish(lsn_roles_job *job,
                     lsn_role *out,
                     bool *exact,
                     const lsn_structure *s,
                     lsn_roles_progress_fn progress,
                     void *ud);

/** Stop and free a job that will not be finished; NULL is fine. */
void lsn_roles_cancel(lsn_roles_job *job);

#endif
