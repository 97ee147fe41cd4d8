/*
 * analysis/analysis.h — the derived model of SPEC §2 behind one handle:
 * instance and series facts, meeting load per person, the person graph and
 * the team graph, liaison links, per-team figures and summary numbers. Every
 * §3 pass reads this; nothing here judges (no findings).
 *
 * Definitions where SPEC §2 is silent:
 *  - "per week" figures divide by the whole window's length in weeks;
 *  - "smallest team id" is the smallest unit id in strcmp (byte) order;
 *  - a series' owner is voted by its instances that have an owner; a series
 *    none of whose instances has one has no owner (-1);
 *  - a team is a unit with headcount > 0; a team's own meeting hours are the
 *    summed durations of the instances that are team meetings of it
 *    (broadcasts included) / weeks;
 *  - a broadcast instance of one team is still that team's team meeting, but
 *    (like every broadcast) makes no person-graph edge and no liaison link;
 *  - the summary's meeting_hours_per_week is the sum over roster people;
 *    cross_team_share is the person-graph weight between roster people of
 *    different teams over all person-graph weight between roster people
 *    (edges touching unknown, external or group participants are in neither).
 */
#ifndef LSN_ANALYSIS_ANALYSIS_H
#define LSN_ANALYSIS_ANALYSIS_H

#include "analysis/graph.h"
#include "analysis/hours.h"
#include "analysis/liaisons.h"
#include "analysis/meetings.h"
#include "analysis/mgmtline.h"
#include "io/model.h"

#include <igraph.h>
#include <stddef.h>
#include <stdint.h>

/** Thresholds of SPEC §2. Zero means the SPEC default. */
typedef struct lsn_analysis_options {
    int32_t broadcast_size;        /* n above which an instance is a broadcast; 0: 50 */
    int32_t liaison_min_instances; /* team meetings that make a liaison link; 0: 4 */
    /* Not a threshold: 1 builds everything on the calling thread; otherwise
     * the meeting facts, and the meeting load with the management line, are
     * built on two more threads while the graphs are (the same result
     * either way). */
    int32_t threads;
    /* Not a threshold either: the person-graph edges expected, 0 unknown
     * (sizes the accumulator up front; the same graph either way). */
    size_t expected_edges;
    /* Nor this: NULL, or an analysis, with the same thresholds, of a
     * calendar this one was edited from (lsn_calendar_edit: the same org
     * and instances, some present lists changed); the facts of the series
     * left as they were and the load of the people at none of the changed
     * meetings are taken from it (the same analysis either way). Only read
     * during lsn_analysis_build. */
    const struct lsn_analysis *like;
} lsn_analysis_options;

#define LSN_ANALYSIS_OPTIONS_INIT                                                                  \
    {                                                                                              \
        .broadcast_size = 50, .liaison_min_instances = 4                                           \
    }

/** Per-unit figures (parallel to lsn_org_units(); a team is a unit with headcount > 0). */
typedef struct lsn_team_info {
    int32_t unit;      /* index in lsn_org_units() */
    int32_t headcount; /* people whose team is this unit */
    /* the team's own meeting time: summed durations of the instances that are
     * team meetings of this team (broadcasts included) / weeks */
    double meeting_hours_per_week;
    int32_t team_meetings;          /* instances that are team meetings of this team */
    double member_hours_per_week;   /* sum of its members' meeting hours per week */
    double internal_hours_per_week; /* person-graph weight between two of its members */
    double external_hours_per_week; /* sum of its team-graph edge weights */
    int32_t links;                  /* team-graph edges (weight > 0) */
} lsn_team_info;

/** Summary numbers (report.json `summary` and scenario metrics). */
typedef struct lsn_summary {
    int32_t people;         /* roster people (people.csv rows) */
    int32_t people_present; /* roster people present at some used instance */
    int32_t teams;          /* units with headcount > 0 */
    int32_t series;         /* series with at least one used instance */
    int64_t instances;      /* used instances */
    int32_t broadcast_series;
    int64_t broadcast_instances;
    int64_t team_meetings; /* instances that are a team meeting of some team */
    int32_t liaison_links;
    int64_t person_edges; /* person-graph edges */
    int32_t team_links;   /* team pairs with weight > 0 */
    double weeks;         /* window length in weeks */
    /* sum over roster people of their meeting hours per week */
    double meeting_hours_per_week;
    /* person-graph weight between roster people of different teams, divided
     * by all person-graph weight between roster people (0 when there is none) */
    double cross_team_share;
    double roster_hours_per_week; /* that denominator */
} lsn_summary;

typedef struct lsn_analysis lsn_analysis;

/**
 * Derive the model of SPEC §2 from a finished calendar.
 *
 * @param[out] out  the analysis; free with lsn_analysis_free(); NULL on failure
 * @param cal       a finished calendar; it and its org must outlive the analysis
 * @param opts      thresholds, or NULL for the defaults
 * @return LSN_OK; LSN_EINVAL for a negative option or an empty window;
 *         LSN_ENOMEM; LSN_EINTERNAL for an igraph failure or a calendar whose
 *         instances are not grouped by series. Each with one message.
 *         Cost: O(sum of n + series groups x n^2 + sum over people of
 *         k log k + E log E) time for E person-graph edges and k instances
 *         per person; O(I + sum of n + E) memory.
 */
int lsn_analysis_build(lsn_analysis **out,
                       const lsn_calendar *cal,
                       const lsn_analysis_options *opts);

/** Free the analysis; NULL is fine. */
void lsn_analysis_free(lsn_analysis *a);

/** The calendar it was built from; borrowed. */
const lsn_calendar *lsn_analysis_calendar(const lsn_analysis *a);

/** The thresholds in effect (defaults filled in). */
const lsn_analysis_options *lsn_analysis_options_used(const lsn_analysis *a);

/** Summary numbers; borrowed. */
const lsn_summary *lsn_analysis_summary(const lsn_analysis *a);

/** Facts per instance, parallel to lsn_calendar_instances(); borrowed. */
const lsn_instance_info *lsn_analysis_instances(const lsn_analysis *a, size_t *count);

/** Facts per series, parallel to lsn_calendar_series() (UID order); borrowed. */
const lsn_series_info *lsn_analysis_series(const lsn_analysis *a, size_t *count);

/** Meeting load per roster person, in roster order; borrowed. */
const lsn_person_hours *lsn_analysis_people(const lsn_analysis *a, size_t *count);

/** Figures per unit, in unit index order (teams are those with headcount > 0); borrowed. */
const lsn_team_info *lsn_analysis_teams(const lsn_analysis *a, size_t *count);

/**
 * Person-graph edges over participant indices (roster people are 0..P-1),
 * sorted by (u, v), u < v, weight in hours per week; borrowed.
 */
const lsn_edge *lsn_analysis_person_edges(const lsn_analysis *a, size_t *count);

/**
 * The person graph as igraph: vertex i is participant i (every participant of
 * lsn_calendar_participants()), edge i is lsn_analysis_person_edges()[i].
 * Borrowed; do not modify or destroy.
 *
 * @param[out] weights  edge weights (hours per week); may be NULL
 */
const igraph_t *lsn_analysis_person_graph(const lsn_analysis *a, const igraph_vector_t **weights);

/** Team-graph edges over unit indices, sorted by (u, v), u < v, weight > 0; borrowed. */
const lsn_edge *lsn_analysis_team_edges(const lsn_analysis *a, size_t *count);

/**
 * The team-graph edges of one team, each with u = team and v = the other
 * team, sorted by v (unit index); borrowed. *count is 0 when it has none.
 */
const lsn_edge *lsn_analysis_team_links(const lsn_analysis *a, int32_t team, size_t *count);

/** Team-graph weight between units a and b (0 when no edge, or a == b). O(log degree). */
double lsn_analysis_team_weight(const lsn_analysis *a, int32_t team_a, int32_t team_b);

/** Liaison links sorted by (person email, target team id); borrowed. */
const lsn_liaison *lsn_analysis_liaisons(const lsn_analysis *a, size_t *count);

/** The liaison links of roster person p, sorted by target team id; borrowed. O(1). */
const lsn_liaison *
lsn_analysis_person_liaisons(const lsn_analysis *a, int32_t person, size_t *count);

/** The management line of SPEC §2 (who manages into which team); borrowed. */
const lsn_mgmtline *lsn_analysis_mgmtline(const lsn_analysis *a);

/** The team (unit index) of a participant: its roster person's team, or -1. O(1). */
int32_t lsn_analysis_participant_team(const lsn_analysis *a, int32_t participant);

#endif
