/*
 * analysis/run.h — one analysis run on a loaded calendar: the derived model,
 * every pass, the structure, the proposal, the roles and, under
 * --min-group, the published findings; and the coverage of the calendar it
 * read. `analyze`, `compare`, `batch`, the time slices and the benchmark
 * share it. It computes; writing a run's files is viz/outputs.h.
 */
#ifndef LSN_ANALYSIS_RUN_H
#define LSN_ANALYSIS_RUN_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "analysis/params.h"
#include "analysis/proposal.h"
#include "analysis/roles.h"
#include "analysis/structure.h"
#include "io/anon.h"
#include "io/coverage.h"
#include "io/timings.h"
#include "analysis/privacy.h"

#include <stdbool.h>

struct lsn_impact; /* analysis/whatif.h */

/** The results of one run; zero-initialise before the first use. */
typedef struct lsn_run {
    const lsn_calendar *cal; /* borrowed */
    lsn_analysis *analysis;
    lsn_findings *findings; /* sorted; the published ones under min_group > 1 */
    lsn_structure *structure;
    lsn_role *roles; /* one per roster person; NULL when not computed */
    bool exact;      /* betweenness was exact */
    lsn_proposal *proposal;
    lsn_coverage *coverage; /* set by the caller after the run (lsn_run_coverage); owned */
    lsn_withheld withheld;  /* findings --min-group left out of `findings` */
    /* the proposal's impact (analysis/whatif.h); NULL when not computed */
    struct lsn_impact *impact;
} lsn_run;

/** How a run goes and what it tells while it goes. */
typedef struct lsn_run_options {
    /* Compute betweenness, constraint and brokerage (the costly part);
     * false for callers that only need findings and metrics. */
    bool roles;
    /* Build the proposal (false: run->proposal stays NULL). */
    bool proposal;
    /* Measure the proposal's impact (analysis/whatif.h) after the proposal:
     * its change list applied and every pass run again. Needs the proposal;
     * skipped under --min-group > 1 (its figures name people). */
    bool impact;
    /* NULL, or each phase is marked in it when it ends: "graphs",
     * "passes", "structure", "proposal", "impact", "roles". */
    lsn_timings *timings;
    /* When set, told each phase as it begins, in words a user understands
     * ("building the meeting graphs", ..., "computing roles"). */
    void (*progress)(void *ud, const char *phase);
    /* When set, told how far the roles have got (lsn_roles_compute). */
    lsn_roles_progress_fn roles_progress;
    void *progress_ud; /* passed to both */
} lsn_run_options;

#define LSN_RUN_OPTIONS_INIT                                                                       \
    {                                                                                              \
        .roles = true, .proposal = true, .impact = false, .timings = NULL, .progress = NULL,       \
        .roles_progress = NULL, .progress_ud = NULL                                                \
    }

/**
 * Run every pass on cal. With s->min_group > 1 the run's findings are the
 * published ones (lsn_findings_publish, after the proposal is built from all
 * of them), so every writer and every count downstream sees only those.
 *
 * @param[out] run the results (free with lsn_run_free()); zeroed on failure
 * @param cal      a finished calendar; borrowed, it must outlive run
 * @param s        the thresholds
 * @param opts     NULL means LSN_RUN_OPTIONS_INIT
 * @return LSN_OK, LSN_EINVAL (a threshold the analysis refuses),
 *         LSN_ENOMEM or LSN_EINTERNAL (igraph, GLPK).
 */
int lsn_run_analyze(lsn_run *run,
                    const lsn_calendar *cal,
                    const lsn_settings *s,
                    const lsn_run_options *opts);

/**
 * The coverage of a loaded calendar (input.coverage): measured, checked
 * (a window without a meeting, or a roster nobody of which meets, is
 * refused: lsn_coverage_check() with label), its warnings emitted (those
 * `warn` selects, LSN_COVERAGE_WARN_*, after "LABEL: " when label is set),
 * and with anon its domains pseudonymized (LSN_ANON_TEXT), for the report.
 * Call it on the loaded calendar, not on an anonymized copy (whose
 * addresses have no domain).
 *
 * @param[out] out the coverage for lsn_run.coverage; NULL on failure
 * @return LSN_OK, LSN_EPARSE (refused), LSN_EINVAL or LSN_ENOMEM.
 */
int lsn_run_coverage(
    lsn_coverage **out, const lsn_calendar *cal, const char *label, int warn, lsn_anon *anon);

/** Free what the run owns (not the calendar); the run is zeroed. */
void lsn_run_free(lsn_run *run);

#endif
