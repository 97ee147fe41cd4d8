/*
 * viz/compare.h — what puts analysis runs side by side: the finding
 * differences between two runs and the writers of `liaison compare`:
 * compare.json, compare.csv and compare.md; and the number, CSV and JSON
 * helpers the run's other files share (viz/outputs.c). The figures of a
 * run are analysis/metrics.h; the roster differences io/roster_diff.h.
 *
 * Definitions (SPEC §5 leaves these open; the figures' own are in
 * analysis/metrics.h):
 *  - Finding identity (appeared / disappeared): type plus the subject keys,
 *    written with lsn_value_to_text(). A finding of the scenario whose
 *    identity the baseline lacks has appeared; a baseline finding whose
 *    identity the scenario lacks has disappeared. Severity and metrics may
 *    change without a finding appearing or disappearing.
 *  - congruence and modularity, when undefined, are JSON null, an empty
 *    CSV cell and "n/a" in Markdown.
 *
 * Numbers are rounded to 1e-6 in every file, as in report.json, so the last
 * bits of a float sum never change the bytes.
 */
#ifndef LSN_VIZ_COMPARE_H
#define LSN_VIZ_COMPARE_H

#include "analysis/finding.h"
#include "analysis/metrics.h"
#include "io/model.h"
#include "io/roster_diff.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** A number as report.json writes it: rounded to 1e-6, null when not finite. */
json_t *lsn_json_number(double x);

/**
 * Text as a JSON string: itself when it is UTF-8, else read as Latin-1
 * (io/utf8.h), so that no name, subject or file name is ever dropped from
 * a report (jansson's json_string() gives NULL for text that is not
 * UTF-8). NULL only when out of memory, or for a NULL s.
 */
json_t *lsn_json_text(const char *s);

/**
 * json_object_set_new and json_array_append_new that take a NULL value or
 * container (a failed allocation) as failure: they release value and return
 * -1, so a writer can OR the results of many calls and check once. key is
 * a name the code spells (a field, a finding type): it is not checked as
 * UTF-8 again.
 */
int lsn_json_set_new(json_t *obj, const char *key, json_t *value);
int lsn_json_push_new(json_t *arr, json_t *value);

/**
 * A number as the CSV files write it, into buf: rounded to 1e-6, without
 * trailing zeros ("0.5", "12"), "" when not finite. Returns buf.
 */
char *lsn_csv_number(char *buf, size_t size, double x);

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
