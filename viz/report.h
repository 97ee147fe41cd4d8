/*
 * viz/report.h — the written results of `liaison analyze`: report.json (for
 * scripts) and the short human summary (for managers). Both are pure
 * functions of the analysis and the parameters, so the same input gives the
 * same bytes.
 */
#ifndef LSN_VIZ_REPORT_H
#define LSN_VIZ_REPORT_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "analysis/proposal.h"
#include "analysis/roles.h"
#include "analysis/structure.h"
#include "io/anon.h"
#include "io/coverage.h"

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

/**
 * What --min-group left out of a run's findings (lsn_findings_publish); the
 * rest of the `suppressed` section is counted while the report is written.
 */
typedef struct lsn_withheld {
    int64_t findings;        /* findings whose subject is a team or unit under min_group */
    int64_t person_findings; /* findings about one person (min_group > 1) */
} lsn_withheld;

/** Everything report.json and the summary are made from. */
typedef struct lsn_report {
    const lsn_analysis *analysis;
    const lsn_findings *findings;   /* sorted; NULL: no findings section */
    const lsn_structure *structure; /* communities and modularity; may be NULL */
    const lsn_role *roles;          /* one per roster person; may be NULL */
    const lsn_proposal *proposal;   /* may be NULL */
    const json_t *slices;           /* the `slices` array of --slice; may be NULL */
    const lsn_coverage *coverage;   /* input.coverage; may be NULL (then not written) */
    bool betweenness_exact;
    const lsn_param *params; /* every threshold and setting used, in this order */
    size_t nparams;
    int32_t min_group;     /* privacy: see lsn_findings_publish(); 0 or 1: nothing withheld */
    lsn_withheld withheld; /* counted when the findings were published */
} lsn_report;

/*
 * Privacy (--min-group N, README "Privacy"). The size of a unit is its
 * headcount when people sit in it (a team), else everyone under it (an org
 * unit). With N > 1:
 *  - a team or unit smaller than N is withheld: its row in `teams` and
 *    `units`, every team link that touches it, every finding whose subject
 *    keys (team, from, to, unit, to_unit, teams) name it, every proposal
 *    entry whose team, from or target it is;
 *  - person-level data is dropped: the sections `people` and `liaisons`,
 *    the findings whose subject is a person, the participant lists of
 *    `input`, the people and context hours of proposal entries, metrics
 *    that name people (a person, or a list of people), and every person
 *    named in an explanation or a reason is written "one person";
 *  - `suppressed` counts what was left out: teams, units, team_links
 *    (pairs), findings, person_findings, proposal, people, liaisons,
 *    participants (entries of the input lists).
 * Organization-wide figures (summary, slices, the comparison metrics) are
 * kept; their finding counts count the published findings only.
 */

/** Whether unit u is withheld under min_group (never when min_group <= 1). */
bool lsn_unit_withheld(const lsn_unit *u, int32_t min_group);

/**
 * The findings of in that may be published under min_group, in the same
 * order, as new copies (explanations and metrics edited as above).
 *
 * @param[out] out      the published findings (free with lsn_findings_free)
 * @param[out] withheld what was left out
 * @param in            sorted findings of the analysis a
 * @return LSN_OK or LSN_ENOMEM. Cost: O(findings x subject size), plus
 *         a table of every participant address when min_group > 1.
 */
int lsn_findings_publish(lsn_findings **out,
                         lsn_withheld *withheld,
                         const lsn_findings *in,
                         const lsn_analysis *a,
                         int32_t min_group);

/**
 * --min-group on a report already written (`liaison render`): the same
 * rules applied to the JSON, sizes taken from its `units` and `teams` (a
 * unit the report does not list counts as withheld), people from every
 * section that names them. Adds the counts to `suppressed` and records
 * min_group in `parameters`. Applying it twice changes nothing more.
 *
 * @return LSN_OK, LSN_EPARSE (not an object) or LSN_ENOMEM.
 */
int lsn_report_json_restrict(json_t *report, int32_t min_group);

/**
 * Write report.json to path.
 * @return LSN_OK, LSN_EIO (cannot write) or LSN_ENOMEM.
 */
int lsn_report_write_json(const char *path, const lsn_report *r);

/**
 * Write findings.csv: one row per finding with the columns type, severity,
 * the subject keys of SPEC §3 (series, team, from, person, to, unit, to_unit,
 * teams; empty where a type has none), explanation and metrics (compact
 * key=value text). RFC 4180 quoting.
 */
int lsn_report_write_findings_csv(const char *path, const lsn_findings *findings);

/**
 * --anonymize on a report already written (`liaison render`): every person,
 * name, meeting UID and subject, input path (and with lsn_anon_teams() every
 * team and unit id) in the sections the diagrams draw is replaced by its
 * pseudonym; values that already are pseudonyms stay. Free text (finding
 * explanations, proposal reasons) is kept only when the report says it was
 * written anonymized to the same degree (`parameters.anonymize`, and
 * `anonymize_teams` when teams are asked for); otherwise it cannot be
 * anonymized reliably and becomes "(withheld: written without
 * --anonymize)". Records anonymize (and anonymize_teams) in `parameters`.
 *
 * @return LSN_OK, LSN_EPARSE (not an object) or LSN_ENOMEM.
 */
int lsn_report_json_anonymize(json_t *report, lsn_anon *a);

/** Print the human summary to out. */
void lsn_report_print_summary(FILE *out, const lsn_report *r, const char *report_path);

#endif
