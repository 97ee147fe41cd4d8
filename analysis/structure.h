/*
 * analysis/structure.h — the community structure of the person graph and the
 * two findings of SPEC §3 that read it: community_mismatch (teams that work
 * as one) and liaisons_everywhere (too many liaison links for a unit's teams,
 * with the structural signals of §3.1 that say where the cause likely is).
 *
 * Communities. Leiden (igraph_community_leiden) over every participant of
 * the person graph (roster people, unknown, external and group participants:
 * the people in the room shape the communities even when they are not on
 * the roster), with the modularity objective as igraph documents it for
 * Leiden: edge weights = person-graph weights (hours per week), vertex
 * weights = strength, resolution = community_resolution / (2 x total edge
 * weight); beta = 0.01; start from singletons; iterate until an iteration
 * changes nothing (n_iterations < 0). igraph's default random generator is
 * seeded with leiden_seed right before the call, so the partition depends
 * only on the graph and the options. A participant without any edge is a
 * community of its own. Communities are renumbered 0, 1, 2, ... in order of
 * their smallest participant index (so roster people come first).
 *
 * Formal-team signals, over a set S of roster people: the roster people of
 * the teams concerned who have at least one person-graph edge (someone who
 * attends no meeting with anyone says nothing about either partition).
 *  - modularity: Newman's weighted modularity (resolution 1) of the formal
 *    team partition of S on the person graph restricted to S (edges with
 *    both ends in S; strengths within that subgraph). NaN when S has no
 *    edge inside.
 *  - nmi, adjusted_rand: igraph_compare_communities() between the formal
 *    teams and the Leiden communities of S (IGRAPH_COMMCMP_NMI,
 *    IGRAPH_COMMCMP_ADJUSTED_RAND). NaN when S has fewer than 2 people.
 *    The adjusted Rand index is 0/0 when both partitions of S are the
 *    trivial one (everyone together, or everyone apart); they are then
 *    identical and it is 1.
 *  - communities: distinct Leiden communities among S.
 *
 * igraph's random generator and error handlers are process-wide (Debian's
 * igraph is built without thread safety): do not build structures on two
 * threads at once.
 */
#ifndef LSN_ANALYSIS_STRUCTURE_H
#define LSN_ANALYSIS_STRUCTURE_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "analysis/passes.h"

#include <stddef.h>
#include <stdint.h>

/** The Leiden beta (randomness of the refinement step). */
#define LSN_LEIDEN_BETA 0.01

typedef struct lsn_structure lsn_structure;

/**
 * Find the Leiden communities of the person graph and the whole
 * organization's formal-team signals.
 *
 * @param[out] out  the structure; free with lsn_structure_free(); NULL on failure
 * @param a         the analysis (must outlive the structure)
 * @param opts      community_resolution and leiden_seed are read; NULL means
 *                  LSN_PASS_OPTIONS_INIT
 * @return LSN_OK; LSN_EINVAL when community_resolution is negative or not
 *         finite; LSN_ENOMEM; LSN_EINTERNAL for an igraph failure. Each with
 *         one message. Cost: Leiden, about O(E log V) per iteration in
 *         practice, plus O(V + E) for the signals.
 */
int lsn_structure_build(lsn_structure **out, const lsn_analysis *a, const lsn_pass_options *opts);

/** Free the structure; NULL is fine. */
void lsn_structure_free(lsn_structure *s);

/**
 * The community of every participant (participant index order, so roster
 * person p is entry p), numbered 0..lsn_structure_community_count()-1 in
 * order of their smallest participant. Borrowed; lives as long as s.
 *
 * @param[out] count number of participants; may be NULL
 */
const int32_t *lsn_structure_communities(const lsn_structure *s, size_t *count);

/** Number of communities over all participants (isolated ones included). */
int32_t lsn_structure_community_count(const lsn_structure *s);

/** Leiden's own quality value of the partition (igraph's `quality`); 0 without edges. */
double lsn_structure_leiden_quality(const lsn_structure *s);

/**
 * Whole-organization modularity of the formal team partition of the roster
 * people on the person graph (see the file comment; S = every roster person
 * with an edge). NaN when no two roster people meet. Used by scenario
 * comparison (`modularity` of compare.json).
 */
double lsn_structure_modularity(const lsn_structure *s);

/** NMI between formal teams and Leiden communities over the whole roster's S; NaN when |S| < 2. */
double lsn_structure_nmi(const lsn_structure *s);

/** Adjusted Rand index, same people; NaN when |S| < 2. */
double lsn_structure_adjusted_rand(const lsn_structure *s);

/** Distinct Leiden communities among the whole roster's S. */
int32_t lsn_structure_roster_communities(const lsn_structure *s);

/**
 * Append the community_mismatch and liaisons_everywhere findings (SPEC §3).
 *
 * community_mismatch (medium): teams A, B with headcount >= 2 each, internal
 * weights > 0 and team-graph weight w(A, B) > 0 qualify when
 *     w(A, B) / (|A| |B|) >= merge_ratio x internal(X) / (|X| (|X| - 1) / 2)
 * for X = A and X = B. Each connected group of qualifying pairs is one
 * finding. Subject `teams` (ids in strcmp order); metrics `pairs` (list of
 * {"teams": [a, b], "between_density": x}, in id order) and
 * `within_density` (object keyed by team id, in id order). Densities are in
 * hours per week per member pair.
 *
 * liaisons_everywhere (high): every unit U (the root included: the
 * synthetic "(org)", or the single root of teams.csv) with at least 3 teams
 * under it (units with headcount > 0 among U and all its descendants) whose
 * liaison links with the home team or the target team under U (each link
 * once) number at least liaison_density x its teams. Subject `unit` (id);
 * metrics `teams` (the count), `liaison_links`, `density` (links / teams),
 * and the signals of SPEC §3.1:
 *  - `community_mismatch`: the teams lists of the community_mismatch groups
 *    whose teams all lie under U;
 *  - `hub_teams`: the teams T under U for which more than half of U's teams
 *    (2 x count > teams) are a team X under U, X != T, that needs T (a
 *    declared need of X from T, or from a unit that contains T) or attends
 *    T (some member of X has a liaison link into T); ids in strcmp order;
 *  - `modularity`, `nmi`, `adjusted_rand`, `communities` over S = the
 *    roster people of U's teams with an edge (null for NaN).
 * Units are visited in id order.
 *
 * @param out   findings to append to
 * @param s     the structure of a
 * @param a     the analysis
 * @param opts  merge_ratio and liaison_density are read; NULL means
 *              LSN_PASS_OPTIONS_INIT (the communities are those of the
 *              options s was built with)
 * @return LSN_OK, LSN_EINVAL (negative or non-finite merge_ratio or
 *         liaison_density), LSN_ENOMEM or LSN_EINTERNAL (igraph). Cost:
 *         O(U log U + T x depth + L x depth + team edges) plus, per unit
 *         that fires, O(its people's degrees + needs x teams + L).
 */
int lsn_structure_findings(lsn_findings *out,
                           const lsn_structure *s,
                           const lsn_analysis *a,
                           const lsn_pass_options *opts);

#endif
