/*
 * analysis/privacy.h — what --min-group leaves out of or rewrites in every
 * output. Its rules are written once, here, and asked through an
 * lsn_privacy: made from a run's model
 * (report.json, findings.csv and the summary of analyze, compare and batch)
 * or from a report already written (render, and the diagrams drawn from it).
 * Which subject keys of a finding name units and people comes from the table
 * of finding types (analysis/finding_types.h).
 *
 * The rules (README "Privacy"). The size of a unit is its headcount when
 * people sit in it (a team), else everyone under it (an org unit). With
 * N > 1:
 *  - a team or unit smaller than N is withheld: its row in `teams` and
 *    `units`, every team link that touches it, every finding whose unit
 *    subject keys (team, from, to, unit, to_unit, teams) name it, every
 *    proposal entry whose team, from or target it is;
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
#ifndef LSN_ANALYSIS_PRIVACY_H
#define LSN_ANALYSIS_PRIVACY_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "io/idmap.h"

#include <stdbool.h>
#include <stdint.h>

/** What --min-group N withholds, for one run or one written report. */
typedef struct lsn_privacy lsn_privacy;

/**
 * The privacy of a run: unit sizes from cal's organization, people from
 * cal's participants (and, for proposal reasons, its roster).
 *
 * @param[out] out  free with lsn_privacy_free
 * @param min_group N; 0 or 1 withholds nothing
 * @return LSN_OK or LSN_ENOMEM. Cost: O(units), plus O(participants) when N > 1.
 */
int lsn_privacy_new(lsn_privacy **out, const lsn_calendar *cal, int32_t min_group);

/**
 * An empty privacy for min_group, to be filled by a reader of a written
 * report (viz/privacy.c) with lsn_privacy_set_size() and the people map.
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_privacy_new_empty(lsn_privacy **out, int32_t min_group);

/**
 * Record the size of unit id (a team's headcount, an org unit's people
 * under it); a size already known is kept unless override. NULL id: nothing.
 * A unit never recorded counts as withheld. No-op when min_group <= 1.
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_privacy_set_size(lsn_privacy *p, const char *id, double size, bool override);

/** The set of person addresses that sentences are redacted for (borrowed;
 *  NULL when min_group <= 1). Readers of a written report fill it. */
lsn_strmap *lsn_privacy_people(lsn_privacy *p);

void lsn_privacy_free(lsn_privacy *p);

/** N, or 1 when nothing is withheld. */
int32_t lsn_privacy_min_group(const lsn_privacy *p);

/** Whether person-level sections and subjects are shown (N <= 1). */
bool lsn_privacy_persons_shown(const lsn_privacy *p);

/** Whether the team or unit id is withheld (an id never recorded is). */
bool lsn_privacy_unit_withheld(const lsn_privacy *p, const char *id);

/** Whether a proposal entry or need with these ends (any may be NULL) is withheld. */
bool lsn_privacy_need_withheld(const lsn_privacy *p,
                               const char *team,
                               const char *from,
                               const char *target);

typedef enum lsn_privacy_verdict {
    LSN_PRIVACY_KEEP = 0,
    LSN_PRIVACY_WITHHOLD,       /* a unit subject key names a withheld unit */
    LSN_PRIVACY_WITHHOLD_PERSON /* the subject is a person (N > 1) */
} lsn_privacy_verdict;

/**
 * The verdict on a finding from its subject: an object holding its subject
 * keys (as report.json writes them). Which keys name people and units comes
 * from the finding-type table's subject keys.
 */
lsn_privacy_verdict lsn_privacy_subject(const lsn_privacy *p, const lsn_value *subject);

/** Whether a metric value names people: a person, or a non-empty list of them (N > 1). */
bool lsn_privacy_names_people(const lsn_privacy *p, const lsn_value *metric);

/**
 * text with every word that is a person written "one person" (N > 1; else a
 * copy). A word is a run of non-space bytes without the quotes and brackets
 * before it and the punctuation after it.
 * @return a malloc'd string, or NULL on out of memory.
 */
char *lsn_privacy_redact(const lsn_privacy *p, const char *text);

/** lsn_privacy_redact for a proposal reason, which names roster people. */
char *lsn_privacy_redact_reason(const lsn_privacy *p, const char *text);

/** Whether unit u is withheld under min_group (the size rule, for code that holds the model). */
bool lsn_unit_withheld(const lsn_unit *u, int32_t min_group);

/**
 * What --min-group left out of a run's findings (lsn_findings_publish); the
 * rest of the `suppressed` section is counted while the report is written.
 */
typedef struct lsn_withheld {
    int64_t findings;        /* findings whose subject is a team or unit under min_group */
    int64_t person_findings; /* findings about one person (min_group > 1) */
} lsn_withheld;

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

#endif
