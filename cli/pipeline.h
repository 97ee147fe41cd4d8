/*
 * cli/pipeline.h — one analysis run from a loaded calendar to the files in
 * an output folder: the derived model, every pass, the structure, the roles,
 * and report.json / findings.csv. `analyze`, `compare` and `batch` share it;
 * it only orchestrates what io/, analysis/ and viz/ provide.
 */
#ifndef LSN_CLI_PIPELINE_H
#define LSN_CLI_PIPELINE_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "analysis/proposal.h"
#include "analysis/roles.h"
#include "analysis/structure.h"
#include "cli/params.h"
#include "cli/timings.h"
#include "io/anon.h"
#include "io/coverage.h"
#include "viz/report.h"

#include <stdbool.h>

typedef struct lsn_run {
    const lsn_calendar *cal; /* borrowed */
    lsn_analysis *analysis;
    lsn_findings *findings; /* sorted */
    lsn_structure *structure;
    lsn_role *roles; /* one per roster person; NULL when not computed */
    bool exact;      /* betweenness was exact */
    lsn_proposal *proposal;
    json_t *slices; /* set by the caller after --slice; owned, may be NULL */
    lsn_coverage *coverage; /* set by the caller after the run (lsn_run_coverage); owned */
    lsn_withheld withheld; /* findings --min-group left out of `findings` */
} lsn_run;

/**
 * Run every pass on cal. with_roles = false skips betweenness, constraint
 * and brokerage (the costly part) for callers that only need findings and
 * metrics. t may be NULL. On failure the run is freed and zeroed.
 * With s->min_group > 1 the run's findings are the published ones
 * (lsn_findings_publish, after the proposal is built from all of them), so
 * every writer and every count downstream sees only those.
 */
int lsn_run_analyze(lsn_run *run,
                    const lsn_calendar *cal,
                    const lsn_settings *s,
                    bool with_roles,
                    lsn_timings *t);

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

/**
 * Create dir and write report.json and findings.csv into it.
 * @param[out] report_path the path of report.json (malloc'd), or NULL
 */
int lsn_run_write(const lsn_run *run, const lsn_settings *s, const char *dir, char **report_path);

/** The report view of a run (params filled from s into a caller array of lsn_run_nparams()). */
size_t lsn_run_nparams(void);
lsn_report lsn_run_report(const lsn_run *run, const lsn_settings *s, lsn_param *params);

#endif
