/*
 * viz/report.h — the written results of `liaison analyze`: report.json (for
 * scripts; viz/report.c), findings.csv (viz/findings_csv.c) and the short
 * human summary (for managers; viz/summary.c). All are pure functions of the
 * analysis and the parameters, so the same input gives the same bytes; what
 * --min-group and --anonymize leave out is viz/privacy.h's.
 */
#ifndef LSN_VIZ_REPORT_H
#define LSN_VIZ_REPORT_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "analysis/proposal.h"
#include "analysis/roles.h"
#include "analysis/structure.h"
#include "io/coverage.h"
#include "viz/privacy.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/** One entry of the report's `parameters` section. */
typedef struct lsn_param {
    const char *name;  /* config key, e.g. "broadcast_size" */
    const char *text;  /* string value, or NULL when the value is numeric */
    double number;
    bool integer; /* write number as an integer */
    bool boolean; /* write number != 0 as true or false */
} lsn_param;

struct lsn_impact; /* analysis/whatif.h */

/** Everything report.json and the summary are made from. */
typedef struct lsn_report {
    const lsn_analysis *analysis;
    const lsn_findings *findings;   /* sorted; NULL: no findings section */
    const lsn_structure *structure; /* communities and modularity; may be NULL */
    const lsn_role *roles;          /* one per roster person; may be NULL */
    const lsn_proposal *proposal;   /* may be NULL */
    const struct lsn_impact *impact; /* the proposal's impact (analysis/whatif.h); may be NULL */
    const json_t *slices;           /* the `slices` array of --slice; may be NULL */
    const lsn_coverage *coverage;   /* input.coverage; may be NULL (then not written) */
    bool betweenness_exact;
    const lsn_param *params; /* every threshold and setting used, in this order */
    size_t nparams;
    int32_t min_group;     /* privacy (viz/privacy.h); 0 or 1: nothing withheld */
    lsn_withheld withheld; /* counted when the findings were published */
} lsn_report;

/**
 * Write report.json to path (its findings as given: publish them first,
 * lsn_findings_publish; every other section withheld by r->min_group).
 * @return LSN_OK, LSN_EIO (cannot write) or LSN_ENOMEM.
 */
int lsn_report_write_json(const char *path, const lsn_report *r);

/**
 * lsn_report_write_json, and with tree non-NULL *tree the report as
 * reading the file back gives it (a new reference; NULL on error), for
 * whoever draws from the report just written without parsing it again.
 */
int lsn_report_write_json_tree(const char *path, const lsn_report *r, json_t **tree);

/** The `people` section of report.json (a new reference; NULL when out of
 * memory), for a writer that builds it on another thread. */
json_t *lsn_report_people_json(const lsn_report *r);

/** Hands over the `people` section (lsn_report_people_json), or NULL. */
typedef json_t *(*lsn_report_people_fn)(void *ud);

/**
 * lsn_report_write_json_tree, the `people` section (when written) taken
 * from people(ud) after every other section is built (people NULL: built
 * here). The same bytes.
 */
int lsn_report_write_json_parts(
    const char *path, const lsn_report *r, lsn_report_people_fn people, void *ud, json_t **tree);

/**
 * Write findings.csv: one row per finding with the columns type, severity,
 * the subject keys of lsn_subject_keys (series, team, from, person, to,
 * unit, to_unit, teams; empty where a type has none), explanation and
 * metrics (compact key=value text). RFC 4180 quoting.
 * @return LSN_OK, LSN_EIO (cannot write) or LSN_ENOMEM.
 */
int lsn_report_write_findings_csv(const char *path, const lsn_findings *findings);

/** Print the human summary to out (report_path: the last line, or NULL for none). */
void lsn_report_print_summary(FILE *out, const lsn_report *r, const char *report_path);

#endif
