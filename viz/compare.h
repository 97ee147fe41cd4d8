/*
 * viz/compare.h — the figures that put analysis runs side by side (scenario
 * comparison, time slices, batch tables) and the writers of `liaison
 * compare`: compare.json, compare.csv and compare.md.
 *
 * Definitions (SPEC §5 leaves these open):
 *  - declared_needs: the needs of needs.csv that the passes consider, i.e.
 *    those whose two ends both have people once the inner end is taken out
 *    of the outer one (analysis/passes.c): T = the people under `team`, F =
 *    the people under `from`, minus the people of the inner end when one end
 *    lies under the other. A need on an empty unit (or on itself) is not a
 *    declared need of that scenario: one needs.csv serves every scenario.
 *  - missing_links: the number of missing_link findings; congruence =
 *    (declared_needs - missing_links) / declared_needs, undefined (JSON null,
 *    an empty CSV cell, "n/a" in Markdown) when declared_needs is 0.
 *  - oversized_meetings: the number of oversized_meeting findings;
 *    findings_by_type: every type of SPEC §3 in table order, zeros included.
 *  - cross_team_share, team_links, liaison_links, people, people_present,
 *    teams, instances, meeting_hours_per_week: the run's lsn_summary;
 *    modularity: lsn_structure_modularity() (null when undefined).
 *  - Finding identity (appeared / disappeared): type plus the subject keys,
 *    written with lsn_value_to_text(). A finding of the scenario whose
 *    identity the baseline lacks has appeared; a baseline finding whose
 *    identity the scenario lacks has disappeared. Severity and metrics may
 *    change without a finding appearing or disappearing.
 *  - Roster: added = people of the scenario roster not in the baseline,
 *    removed = baseline people not in the scenario roster (emails, sorted).
 *
 * Numbers are rounded to 1e-6 in every file, as in report.json, so the last
 * bits of a float sum never change the bytes.
 */
#ifndef LSN_VIZ_COMPARE_H
#define LSN_VIZ_COMPARE_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "analysis/structure.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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

/** A number as report.json writes it: rounded to 1e-6, null when not finite. */
json_t *lsn_json_number(double x);

/**
 * A number as the CSV files write it, into buf: rounded to 1e-6, without
 * trailing zeros ("0.5", "12"), "" when not finite. Returns buf.
 */
char *lsn_csv_number(char *buf, size_t size, double x);

/** Write one RFC 4180 field (quoted when needed) then "," or, when last, CRLF. */
void lsn_csv_field(FILE *f, const char *s, bool last);

/**
 * A value tree as JSON, exactly as report.json writes finding values.
 * Returns a new reference, or NULL on out of memory.
 */
json_t *lsn_value_json(const lsn_value *v);

/**
 * One finding as report.json's `findings` entries: type, severity, the
 * subject keys at the top level, metrics, explanation. New reference or NULL.
 */
json_t *lsn_finding_json(const lsn_finding *f);

/**
 * The findings of `scenario` whose identity (type + subject) `baseline`
 * lacks, and the other way round, each as a JSON array of findings in
 * report order. Identical identities pair off one to one.
 *
 * @param[out] appeared    new array, owned by the caller
 * @param[out] disappeared new array, owned by the caller
 * @return LSN_OK or LSN_ENOMEM (both NULL then). Cost: O(F log F) for F
 *         findings of both runs, plus writing the subjects as text.
 */
int lsn_findings_diff(json_t **appeared,
                      json_t **disappeared,
                      const lsn_findings *baseline,
                      const lsn_findings *scenario);

/** People of one roster that another lacks; emails borrowed from the orgs. */
typedef struct lsn_roster_diff {
    const char **added; /* in the scenario, not in the baseline; sorted */
    size_t nadded;
    const char **removed; /* in the baseline, not in the scenario; sorted */
    size_t nremoved;
} lsn_roster_diff;

/**
 * Compare the people of two rosters by email.
 *
 * @param[out] out the lists (free with lsn_roster_diff_free()); the emails
 *                 are borrowed from the orgs, which must outlive them
 * @return LSN_OK or LSN_ENOMEM. Cost: O(P) lookups, plus sorting the lists.
 */
int lsn_roster_diff_compute(lsn_roster_diff *out, const lsn_org *baseline, const lsn_org *scenario);

/** Free the lists; a zeroed diff is fine. */
void lsn_roster_diff_free(lsn_roster_diff *d);

/** The inputs of one column of the comparison (paths as given; NULL: none). */
typedef struct lsn_scenario_inputs {
    const char *name; /* "baseline" for the first */
    const char *people;
    const char *teams;
    const char *needs;
} lsn_scenario_inputs;

/** The comparison table, column by column (opaque). */
typedef struct lsn_compare lsn_compare;

/** An empty table. Returns LSN_OK or LSN_ENOMEM (*out NULL). */
int lsn_compare_new(lsn_compare **out);

/**
 * --min-group N for the whole table: with N > 1 the people a scenario adds
 * or removes are person-level data, so compare.json's `roster` keeps only
 * their counts (`added_count`, `removed_count`) and compare.md names
 * nobody. Call before the first lsn_compare_add().
 */
void lsn_compare_set_min_group(lsn_compare *c, int32_t min_group);

/** Free the table; NULL is fine. */
void lsn_compare_free(lsn_compare *c);

/**
 * Add a column. The first column is the baseline: pass baseline = NULL and
 * diff = NULL (nothing appears, nothing disappears, nobody is added). For a
 * scenario pass the baseline's findings and the roster diff. Everything is
 * copied: the runs may be freed afterwards.
 *
 * @return LSN_OK or LSN_ENOMEM. Cost: lsn_findings_diff().
 */
int lsn_compare_add(lsn_compare *c,
                    const lsn_scenario_inputs *inputs,
                    const lsn_metrics *m,
                    const lsn_findings *baseline,
                    const lsn_findings *findings,
                    const lsn_roster_diff *diff);

/**
 * Write compare.json, compare.csv and compare.md into dir (which exists).
 *
 * compare.json: {"scenarios": [{"name", "people", "teams", "needs",
 * "report" (NAME/report.json), "metrics": {people, teams, cross_team_share,
 * team_links, missing_links, declared_needs, congruence, oversized_meetings,
 * liaison_links, findings, findings_by_type: {...}, modularity}, "roster":
 * {"added": [...], "removed": [...]}, "appeared": [findings],
 * "disappeared": [findings]}]}, baseline first.
 * compare.csv: a `metric` column then one column per scenario; one row per
 * metric (findings_by_type as findings.TYPE rows), then roster_added,
 * roster_removed, findings_appeared, findings_disappeared (counts).
 * compare.md: the same table for a person (shares in %, differences from
 * the baseline in parentheses), then per scenario its roster changes and
 * the findings that appear and disappear.
 *
 * @param cal the calendars every column read (for the header of compare.md)
 * @return LSN_OK, LSN_EIO (cannot write) or LSN_ENOMEM.
 */
int lsn_compare_write(const lsn_compare *c, const lsn_calendar *cal, const char *dir);

/** Print the Markdown table of compare.md to out. */
void lsn_compare_print(FILE *out, const lsn_compare *c);

#endif
