/*
 * viz/impact.h — the proposal's impact (analysis/whatif.h) as report.json's
 * `proposal_impact` and as lines of the terminal summary.
 */
#ifndef LSN_VIZ_IMPACT_H
#define LSN_VIZ_IMPACT_H

#include "analysis/privacy.h"
#include "analysis/whatif.h"

#include <jansson.h>
#include <stdio.h>

/**
 * report.json's `proposal_impact` (docs/report-json.md): the change list,
 * the figures before and after, the new oversized meetings, the units
 * where liaisons_everywhere fires, the seated people's hours and, per
 * proposal entry, the series it seats people in and the findings it closes
 * and creates. NULL when out of memory.
 */
json_t *lsn_impact_json(const lsn_impact *imp, const lsn_analysis *a, const lsn_proposal *p);

/** The series of proposal entry k as UIDs (the entry's `series`); NULL when out of memory. */
json_t *lsn_impact_entry_series_json(const lsn_impact *imp, const lsn_analysis *a, size_t k);

/** The summary's lines: before -> after of the headline figures, then
 * lsn_impact_print_seats(). */
void lsn_impact_print(FILE *out, const lsn_impact *imp, const lsn_privacy *pv);

/** Entries with no room the summary names one by one; the rest are counted. */
#define LSN_IMPACT_NO_ROOM_LINES 5

/** The summary's lines on the seats: each entry with no room ("no team
 * meeting has room: ..."), and how many seats add a liaison link under a
 * unit where liaisons_everywhere fires after; entries --min-group withholds
 * are left out and people are "one person" (pv). */
void lsn_impact_print_seats(FILE *out, const lsn_impact *imp, const lsn_privacy *pv);

#endif
