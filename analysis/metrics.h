/*
 * analysis/metrics.h — the figures of one run that comparisons, time slices
 * and batch tables put side by side (compare.json, slices.csv, batch.csv).
 *
 * Definitions (SPEC §5 leaves these open):
 *  - declared_needs: the needs of needs.csv that the passes consider, i.e.
 *    those whose two ends both have people once the inner end is taken out
 *    of the outer one (analysis/passes.c): T = the people under `team`, F =
 *    the people under `from`, minus the people of the inner end when one end
 *    lies under the other. A need on an empty unit (or on itself) is not a
 *    declared need of that scenario: one needs.csv serves every scenario.
 *  - missing_links: the number of missing_link findings; congruence =
 *    (declared_needs - missing_links) / declared_needs, undefined (NaN) when
 *    declared_needs is 0.
 *  - oversized_meetings: the number of oversized_meeting findings;
 *    by_type: every type of SPEC §3 in table order, zeros included.
 *  - cross_team_share, team_links, liaison_links, people, people_present,
 *    teams, instances, meeting_hours_per_week, weeks: the run's lsn_summary;
 *    modularity: lsn_structure_modularity() (NaN when undefined).
 */
#ifndef LSN_ANALYSIS_METRICS_H
#define LSN_ANALYSIS_METRICS_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "analysis/structure.h"

#include <stddef.h>
#include <stdint.h>

/** Room for the finding types of SPEC §3 (lsn_finding_types). */
#define LSN_METRICS_MAX_TYPES 24

/** The figures of one run that comparisons, slices and batch tables use. */
typedef struct lsn_metrics {
    int32_t people;         /* roster people */
    int32_t people_present; /* roster people present at a used instance */
    int32_t teams;          /* units with headcount > 0 */
    int64_t instances;      /* used instances */
    double weeks;           /* window length */
    double meeting_hours_per_week;
    double cross_team_share;
    int32_t team_links;     /* team pairs with weight > 0 */
    int32_t declared_needs; /* needs the passes consider (see above) */
    int32_t missing_links;
    double congruence; /* NaN when declared_needs is 0 */
    int32_t oversized_meetings;
    int32_t liaison_links;
    double modularity; /* NaN when undefined */
    int32_t findings;
    int32_t by_type[LSN_METRICS_MAX_TYPES]; /* parallel to lsn_finding_types */
} lsn_metrics;

/**
 * Fill the metrics of one run.
 *
 * @param[out] out the figures
 * @param a        the analysis
 * @param f        its findings (every pass)
 * @param st       its structure, or NULL (modularity is then NaN)
 * Cost: O(findings + needs x depth).
 */
void lsn_metrics_compute(lsn_metrics *out,
                         const lsn_analysis *a,
                         const lsn_findings *f,
                         const lsn_structure *st);

/**
 * lsn_metrics_compute() under --min-group N (viz/report.h): f must be the
 * published findings (lsn_findings_publish), and declared_needs counts only
 * the needs whose team and `from` are both published (not withheld), so
 * that congruence speaks of the published needs. N <= 1: as
 * lsn_metrics_compute().
 */
void lsn_metrics_compute_private(lsn_metrics *out,
                                 const lsn_analysis *a,
                                 const lsn_findings *f,
                                 const lsn_structure *st,
                                 int32_t min_group);

/** Number of finding types (entries of by_type in use). */
size_t lsn_metrics_ntypes(void);

#endif
