/*
 * viz/report_internal.h — what the files behind viz/report.h and
 * viz/privacy.h share (report.c: report.json; findings_csv.c; summary.c;
 * privacy.c and privacy_anon.c): the `suppressed` counts, small jansson
 * helpers and the verdict on a proposal entry. Not for other modules.
 */
#ifndef LSN_VIZ_REPORT_INTERNAL_H
#define LSN_VIZ_REPORT_INTERNAL_H

#include "analysis/analysis.h"
#include "analysis/proposal.h"
#include "io/idmap.h"
#include "io/model.h"
#include "viz/privacy.h"
#include "io/text.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the report sections left out besides findings (README "Privacy"). */
typedef struct lsn_suppressed {
    int64_t teams, units, team_links, proposal, people, liaisons, participants;
} lsn_suppressed;

/* Whether proposal entry e names a withheld team or unit (viz/report.c). */
bool lsn_report_entry_withheld(const lsn_privacy *p,
                               const lsn_unit *units,
                               const lsn_proposal_entry *e);

/* The string at key of o, or NULL (viz/privacy.c). */
const char *lsn_jstr(const json_t *o, const char *key);

/* Intern s into map; NULL is nothing to do (viz/privacy.c). */
int lsn_report_remember(lsn_strmap *map, const char *s);

/* Intern every string of the array arr into map (viz/privacy.c). */
int lsn_report_remember_list(lsn_strmap *map, const json_t *arr);

/* Every person a report names where a person is expected (viz/privacy.c). */
int lsn_report_people(lsn_strmap *map, const json_t *root);

/* The meeting-hour buckets of `meeting_load` (under_5 ... over_20). */
#define LSN_LOAD_BUCKETS 5
/* At most this many entries in report.json `meetings`. */
#define LSN_REPORT_MEETINGS 15

/* `meeting_load`: roster people present at some used instance (team >= 0:
 * its members only) by meeting hours per week, in five buckets
 * (viz/report_load.c). New reference or NULL on out of memory. */
json_t *lsn_report_load_buckets(const lsn_analysis *a, int32_t team);

/* The counts of `meeting_load` for every unit in one pass over the people:
 * LSN_LOAD_BUCKETS per unit, unit t's members at t * LSN_LOAD_BUCKETS
 * (what lsn_report_load_buckets(a, t) counts). malloc'd; NULL on out of
 * memory. */
int64_t *lsn_report_load_counts(const lsn_analysis *a);

/* The `meeting_load` object of LSN_LOAD_BUCKETS counts. New reference or
 * NULL on out of memory. */
json_t *lsn_report_load_object(const int64_t *count);

/* `meetings`: the largest recurring non-broadcast series, those of a team
 * --min-group withholds left out (viz/report_load.c). NULL: out of memory. */
json_t *lsn_report_meetings_section(const lsn_analysis *a, const lsn_privacy *pv);

#endif
