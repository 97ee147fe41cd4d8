/*
 * analysis/linkstats.h — the figures of the tidy tables that the derived
 * model does not hold: per team pair the instances both sides met at, the
 * distinct people of each side linked to the other and the liaison links
 * each way; per person pair the instances they shared; a team's cross-team
 * share.
 *
 * Definitions:
 *  - an instance counts for a pair (of teams or people) when it is not a
 *    broadcast and both are present (a team is present when one of its
 *    members is), exactly the instances that gave the pair its weight;
 *  - the people of side A of team pair A-B are the members of A with a
 *    person-graph edge to a member of B;
 *  - a team's cross-team share is its external hours (team-graph weight to
 *    other teams) over its external plus internal hours; NaN when both are 0.
 */
#ifndef LSN_ANALYSIS_LINKSTATS_H
#define LSN_ANALYSIS_LINKSTATS_H

#include "analysis/analysis.h"

#include <stddef.h>
#include <stdint.h>

/** One team-graph edge with its details (parallel to lsn_analysis_team_edges()). */
typedef struct lsn_team_link_stats {
    int32_t u, v;          /* unit indices, as the edge */
    double hours_per_week; /* the edge weight */
    int64_t instances;     /* non-broadcast instances with members of both present */
    int32_t people_u;      /* members of u with a person-graph edge to a member of v */
    int32_t people_v;      /* and the other way */
    int32_t liaisons_uv;   /* liaison links of members of u into v */
    int32_t liaisons_vu;   /* liaison links of members of v into u */
} lsn_team_link_stats;

/**
 * The details of every team-graph edge, in lsn_analysis_team_edges() order.
 *
 * @param[out] out    malloc'd array of *count entries (NULL when none)
 * @return LSN_OK or LSN_ENOMEM. O(sum over instances of teams present
 *         squared + person edges + liaison links).
 */
int lsn_team_link_stats_compute(lsn_team_link_stats **out, size_t *count, const lsn_analysis *a);

/**
 * The instances each person-graph edge's two participants shared, parallel
 * to lsn_analysis_person_edges().
 *
 * @param[out] out  malloc'd array of the person edges' count (NULL when none)
 * @return LSN_OK or LSN_ENOMEM. Instances of a series with the same present
 *         set as the one before count together: O(sum over distinct
 *         consecutive present sets of n^2 + E).
 */
int lsn_person_link_instances(int64_t **out, const lsn_analysis *a);

/** A team's cross-team share (see above) from its lsn_team_info. */
double lsn_team_cross_share(const lsn_team_info *t);

#endif
