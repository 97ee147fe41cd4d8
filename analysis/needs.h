/*
 * analysis/needs.h — the two ends of a declared need, as both the need passes
 * (analysis/passes.c: missing_link, fragile_link) and the proposal
 * (analysis/proposal.c) define them, and what lies between them.
 *
 * Both ends are sets of teams (units with headcount > 0): T = the teams
 * under the needing unit (`team`), F = the teams under `from`. When one end
 * lies under the other, the inner end's teams are taken out of the outer one
 * (a team never needs itself; a need of a unit from itself has an empty F).
 * A need is considered only when both ends have people (SPEC §1.2: empty
 * units are ignored by every pass). Between the ends:
 *  - hours: the team-graph weights between a team of T and a team of F;
 *  - liaison links: links whose home team is in T and target in F, or home
 *    in F and target in T;
 *  - person hours: the person-graph weights between a roster person and the
 *    roster people of an end, over edges between people of different teams.
 */
#ifndef LSN_ANALYSIS_NEEDS_H
#define LSN_ANALYSIS_NEEDS_H

#include "analysis/analysis.h"
#include "analysis/hierarchy.h"
#include "io/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** One end of a need: the teams under `unit`, minus those under `excl`. */
typedef struct lsn_need_end {
    int32_t unit;
    int32_t excl; /* the inner end taken out, or -1 */
} lsn_need_end;

/** Both ends of one need and the roster people under each. */
typedef struct lsn_need_ends {
    lsn_need_end t; /* the needing end (the need's `team`) */
    lsn_need_end f; /* the end it needs context from (`from`) */
    int64_t tpeople;
    int64_t fpeople;
} lsn_need_ends;

/** A person-graph neighbour of a roster person: a roster person of another team. */
typedef struct lsn_needs_peer {
    int32_t person;
    double weight; /* hours per week */
} lsn_needs_peer;

typedef struct lsn_needs lsn_needs;

/**
 * Index an analysis for questions about need ends: the person-graph edges
 * between roster people of different teams, by person.
 *
 * @param[out] out  the index; free with lsn_needs_free(); NULL on failure
 * @param a         the analysis (must outlive the index)
 * @param h         the hierarchy of a's org (must outlive the index)
 * @return LSN_OK or LSN_ENOMEM (with its message). Cost: O(P + E).
 */
int lsn_needs_build(lsn_needs **out, const lsn_analysis *a, const lsn_hierarchy *h);

/** Free the index; NULL is fine. */
void lsn_needs_free(lsn_needs *n);

/** The hierarchy the index was built with; borrowed. */
const lsn_hierarchy *lsn_needs_hierarchy(const lsn_needs *n);

/**
 * The two ends of need, and the roster people under each.
 *
 * @param[out] out  the ends
 * Cost: O(teams under need->team and need->from).
 */
void lsn_needs_ends(lsn_need_ends *out, const lsn_needs *n, const lsn_need *need);

/** Whether the need is considered at all: both of its ends have people. */
bool lsn_needs_considered(const lsn_need_ends *ends);

/** Whether unit u lies in end e: under e.unit and not under e.excl. O(1). */
bool lsn_needs_in_end(const lsn_needs *n, lsn_need_end e, int32_t u);

/**
 * The teams of end e one by one, in pre-order: *pos is a cursor that starts
 * at 0; returns the next team, or -1 after the last. O(1) per call.
 * LSN_NEEDS_FOREACH_TEAM wraps it in a loop.
 */
int32_t lsn_needs_next_team(const lsn_needs *n, lsn_need_end e, int32_t *pos);

/** `for` each team of end e (an int32_t named team), with a cursor named pos. */
#define LSN_NEEDS_FOREACH_TEAM(n, e, pos, team)                                                    \
    for (int32_t pos = 0, team; ((team) = lsn_needs_next_team((n), (e), &(pos))) >= 0;)

/**
 * Team-graph hours per week between the ends: the weights of the team-graph
 * edges from a team of T to a team of F, summed in T's pre-order then by the
 * other team's index. O(teams of T x their team-graph degree).
 */
double lsn_needs_hours(const lsn_needs *n, const lsn_need_ends *ends);

/**
 * The liaison links between the ends: home team in T and target in F, or
 * home in F and target in T. O(liaison links of the people under both ends).
 */
int32_t lsn_needs_links(const lsn_needs *n, const lsn_need_ends *ends);

/**
 * The person-graph edges of roster person p to roster people of other teams,
 * in the order of lsn_analysis_person_edges(); borrowed, lives as long as n.
 * O(1).
 *
 * @param[out] count the number of edges (may be 0)
 */
const lsn_needs_peer *lsn_needs_peers(const lsn_needs *n, int32_t p, size_t *count);

/**
 * Person-graph hours per week between roster person p and the roster people
 * of end e (over lsn_needs_peers(), in their order). O(p's degree).
 */
double lsn_needs_person_hours(const lsn_needs *n, int32_t p, lsn_need_end e);

#endif
