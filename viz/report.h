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

/** Which tree of the report a writer hands back besides the file. */
typedef enum lsn_report_tree {
    LSN_REPORT_TREE_NONE,
    LSN_REPORT_TREE_FULL,     /* the whole report, as reading the file back gives it */
    LSN_REPORT_TREE_DIAGRAMS, /* only what the diagrams read (viz/dot.h): the findings,
                                 liaisons, teams, units and proposal sections, and of
                                 each person the person, name and team */
    LSN_REPORT_TREE_SUMMARY,  /* only the summary and findings sections (a batch row's
                                 line in the batch table) */
} lsn_report_tree;

/** report.json's `people` section, built on its own (lsn_report_people_build). */
typedef struct lsn_report_people_part {
    char *text;   /* the section as the file has it (a member's value) */
    size_t len;   /* bytes of text */
    json_t *tree; /* the section as the tree wanted holds it; NULL for none */
} lsn_report_people_part;

/**
 * Build the `people` section of report.json (for a writer that builds it on
 * another thread): its text, and the tree want asks for. One person at a
 * time is held whole. Free with lsn_report_people_free.
 * @return LSN_OK or LSN_ENOMEM (then *out is empty).
 */
int lsn_report_people_build(lsn_report_people_part *out, const lsn_report *r, lsn_report_tree want);

/** Free what lsn_report_people_build handed out and empty p. */
void lsn_report_people_free(lsn_report_people_part *p);

/** Hand over the `people` section (lsn_report_people_build, with the
 * writer's want) into *out: LSN_OK or the failure with its message. With
 * wait false and the section not ready yet, LSN_OK and out->text NULL. */
typedef int (*lsn_report_people_fn)(lsn_report_people_part *out, bool wait, void *ud);

/**
 * lsn_report_write_json_tree written a section at a time, each freed once
 * written unless the tree keeps it: the `people` section (when written)
 * taken from people(..., ud) once ready or, at the latest, after every
 * other section is built (people NULL: built here); with tree non-NULL,
 * *tree is the tree want asks for (a new reference; NULL on error; want
 * NONE or tree NULL: none). The same bytes.
 */
int lsn_report_write_json_parts(const char *path,
                                const lsn_report *r,
                                lsn_report_people_fn people,
                                void *ud,
                                lsn_report_tree want,
                                json_t **tree);

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
